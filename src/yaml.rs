//! A YAML document as a tree of nodes that remember their line.
//!
//! serde-saphyr parses; this module keeps every scalar, list and map with the
//! line it came from, so the typed loaders in `load` can report a bad value in
//! Dutch with its file, line and field, and collect every problem instead of
//! stopping at the first one. It reads no files.

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// One YAML node and the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A map key with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub line: usize,
    pub name: String,
}

/// A syntax error: the parser's own message and the line it points at.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: Option<usize>,
    pub detail: String,
}

/// Parses one YAML document. `first_line` is the file line of the document's
/// first line (front matter starts on line 2).
pub fn parse(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Node {
            line: first_line,
            value: Value::Map(Vec::new()),
        });
    }
    let spanned: Spanned<Raw> = serde_saphyr::from_str(text).map_err(|err| SyntaxError {
        // Without a place of its own (a value too large for a number, found by
        // fuzzing), an error is placed at the document's first line.
        line: err
            .location()
            .map(|loc| loc.line() as usize)
            .filter(|line| *line > 0)
            .map(|line| line + first_line - 1)
            .or(Some(first_line)),
        detail: first_line_of(&err.without_snippet().to_string()),
    })?;
    Ok(into_node(spanned, first_line - 1))
}

fn first_line_of(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn into_node(spanned: Spanned<Raw>, offset: usize) -> Node {
    let line = spanned.referenced.line() as usize + offset;
    let value = match spanned.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::List(items) => Value::List(items.into_iter().map(|n| into_node(n, offset)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        line: k.referenced.line() as usize + offset,
                        name: k.value,
                    };
                    (key, into_node(v, offset))
                })
                .collect(),
        ),
    };
    Node { line, value }
}

/// What serde-saphyr hands us, before lines are made file-relative.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        i64::try_from(v)
            .map(Raw::Int)
            .map_err(|_| E::custom("getal is te groot"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

/// A map key: YAML allows numbers and booleans as keys; we keep their text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(KeyText(match Raw::deserialize(deserializer)? {
            Raw::Str(s) => s,
            Raw::Int(i) => i.to_string(),
            Raw::Float(f) => f.to_string(),
            Raw::Bool(b) => b.to_string(),
            Raw::Null => String::new(),
            Raw::List(_) | Raw::Map(_) => {
                return Err(de::Error::custom("een sleutel moet tekst zijn"));
            }
        }))
    }
}

impl Value {
    /// The Dutch name of this kind of value, for "verwacht … maar vond …".
    pub fn kind_nl(&self) -> &'static str {
        match self {
            Value::Null => "niets",
            Value::Bool(_) => "ja/nee-waarde",
            Value::Int(_) | Value::Float(_) => "getal",
            Value::Str(_) => "tekst",
            Value::List(_) => "lijst",
            Value::Map(_) => "groep velden",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_of_nested_values() {
        let doc = "id: K-1\nindiener:\n  naam: A\n  rol: klant\nverloop:\n  - { datum: 2026-03-03, stap: gesprek }\n";
        let node = parse(doc, 1).unwrap();
        let Value::Map(entries) = node.value else {
            panic!("map expected")
        };
        assert_eq!(entries[0].0.name, "id");
        assert_eq!(entries[0].1.value, Value::Str("K-1".into()));
        let Value::Map(indiener) = &entries[1].1.value else {
            panic!("map expected")
        };
        assert_eq!(indiener[1].0.line, 4);
        let Value::List(steps) = &entries[2].1.value else {
            panic!("list expected")
        };
        assert_eq!(steps[0].line, 6);
        let Value::Map(step) = &steps[0].value else {
            panic!("map expected")
        };
        assert_eq!(step[0].1.value, Value::Str("2026-03-03".into()));
    }

    #[test]
    fn offsets_lines_for_front_matter() {
        let node = parse("a: 1\nb: true\n", 2).unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert_eq!(entries[1].0.line, 3);
        assert_eq!(entries[1].1.value, Value::Bool(true));
    }

    #[test]
    fn an_error_without_a_place_is_at_the_first_line() {
        let err = parse("9999999999999999999", 2).unwrap_err();
        assert_eq!(err.line, Some(2), "{err:?}");
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = parse("a: 1\nb: [unclosed\nc: 2\n", 1).unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
    }
}
