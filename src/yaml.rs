//! A YAML document as a tree of nodes that remember their line.
//!
//! serde-saphyr parses; this module keeps every scalar, list and map with the
//! line it came from, so the typed loaders in `load` can report a bad value in
//! Dutch with its file, line and field, and collect every problem instead of
//! stopping at the first one. It reads no files.
//!
//! Most documents (a case file, a front matter) use plain YAML only: maps,
//! lists, text, whole numbers, `true`/`false`, dates. Those are built straight
//! from the events of serde-saphyr's own parser (`plain`), which is several
//! times faster than going through serde; anything else (anchors, tags,
//! other numbers, `yes`/`no`, a repeated key, an error) is left to serde-saphyr
//! itself, so that both read every document alike.

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
    if let Some(node) = plain::parse(text, first_line - 1) {
        return Ok(node);
    }
    parse_with_serde(text, first_line)
}

/// The whole of YAML, through serde-saphyr.
fn parse_with_serde(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let spanned: Spanned<Raw> = serde_saphyr::from_str(text).map_err(|err| SyntaxError {
        // Without a place of its own (a value too large for a number, found by
        // fuzzing), an error is placed at the document's first line.
        line: err
            .location()
            .map(|loc| loc.line() as usize)
            .filter(|line| *line > 0)
            .map(|line| line + first_line - 1)
            .or(Some(first_line)),
        detail: dutch(&err).unwrap_or_else(|| first_line_of(&err.without_snippet().to_string())),
    })?;
    Ok(into_node(spanned, first_line - 1))
}

/// The parser's error in Dutch, for every kind of error it has (the
/// line stays with the finding). `None` only for a message of our own,
/// which is Dutch already.
fn dutch(err: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::Error as E;
    use serde_saphyr::localizer::ExternalMessageSource;
    let mut err = err;
    while let E::WithSnippet { error, .. } | E::AliasError { error, .. } = err {
        err = error;
    }
    let column = err
        .location()
        .map(|loc| loc.column())
        .filter(|c| *c > 0)
        .map(|c| format!(" (kolom {c})"))
        .unwrap_or_default();
    let text: &str = match err {
        E::Message { .. } | E::SerdeInvalidType { .. } | E::SerdeInvalidValue { .. } => {
            return None;
        }
        E::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => scan_error(scan.kind()),
            _ => "de waarde klopt niet",
        },
        E::Eof { .. } => "het bestand houdt onverwacht op",
        E::MultipleDocuments { .. } => {
            "er staat meer dan één YAML-document in (een regel `---` te veel?)"
        }
        E::Unexpected { .. } => "hier staat iets anders dan verwacht",
        E::UnknownAnchor { .. } => {
            "een verwijzing (`*naam`) naar een anker (`&naam`) dat niet bestaat"
        }
        E::DuplicateMappingKey { .. } => "deze sleutel staat twee keer in dezelfde groep",
        E::InvalidUtf8Input => "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
        E::InvalidCharNull { .. } => "er staat een nul-teken in de tekst",
        E::IndentationError { .. } => "het inspringen klopt niet",
        E::QuotingRequired { .. } => "deze waarde moet tussen aanhalingstekens",
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            "het bestand is te groot of te diep genest om te lezen"
        }
        E::IOError { .. } => "het bestand kan niet worden gelezen als tekst",
        _ => "de YAML klopt hier niet",
    };
    Some(format!("{text}{column}"))
}

/// Dutch for every kind of scan error of the YAML parser.
fn scan_error(kind: &serde_saphyr::granit_parser::ErrorKind) -> &'static str {
    use serde_saphyr::granit_parser::ErrorKind as K;
    match kind {
        K::UnexpectedEofFlowSequence => "een lijst met `[` wordt niet gesloten met `]`",
        K::UnexpectedEofFlowMapping | K::UnexpectedEofImplicitFlowMapping => {
            "een groep met `{` wordt niet gesloten met `}`"
        }
        K::UnexpectedEofBlockSequence | K::UnexpectedEofBlockMapping | K::UnexpectedEof => {
            "het bestand houdt onverwacht op"
        }
        K::ExpectedStreamStart | K::ExpectedDocumentStart | K::InvalidDocumentEnd => {
            "het begin of einde van het document (`---` of `...`) klopt niet"
        }
        K::DuplicateVersionDirective
        | K::UnsupportedYamlMajorVersion
        | K::DuplicateTagDirective
        | K::MissingDocumentEndBeforeDirective
        | K::InvalidDirectiveTerminator
        | K::DirectiveDisallowed
        | K::MissingYamlVersionSeparator
        | K::MissingDirectiveName
        | K::InvalidDirectiveName
        | K::YamlVersionTooLong
        | K::MissingYamlVersion
        | K::InvalidTagDirectiveTerminator => {
            "een regel die met `%` begint is hier niet toegestaan"
        }
        K::UnknownAnchor | K::AnchorCountOverflow | K::MissingAnchorOrAliasName => {
            "een anker (`&naam`) of verwijzing (`*naam`) klopt niet; zet een waarde met `&` of `*` tussen aanhalingstekens"
        }
        K::ExpectedNodeContent => "hier ontbreekt een waarde",
        K::ExpectedBlockMappingKey => {
            "hier wordt een veld verwacht (`naam: waarde`); klopt het inspringen?"
        }
        K::ExpectedFlowMappingSeparator => {
            "in een groep met `{ … }` moet hier een `,` of de afsluitende `}` staan"
        }
        K::ExpectedFlowSequenceSeparator => {
            "in een lijst met `[ … ]` moet hier een `,` of de afsluitende `]` staan"
        }
        K::ExpectedBlockSequenceEntry => "hier wordt een lijstregel (`- …`) verwacht",
        K::UndeclaredTagHandle
        | K::ExpectedTagBang
        | K::ExpectedTagDirectiveBang
        | K::InvalidGlobalTagCharacter
        | K::InvalidTagTerminator
        | K::MissingTagUri
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape => {
            "een waarde die met `!` begint is hier niet toegestaan; zet haar tussen aanhalingstekens"
        }
        K::SimpleKeyExpected | K::InvalidSimpleKey => {
            "na een veldnaam moet een `:` staan; staat de regel goed?"
        }
        K::InvalidIndentation | K::InvalidBlockScalarIndent | K::InvalidFlowScalarIndent => {
            "het inspringen klopt niet; gebruik steeds twee spaties per niveau"
        }
        K::BomInsideDocument => "er staat een onzichtbaar BOM-teken midden in het bestand",
        K::UnexpectedCharacter { .. } => {
            "hier staat een teken dat YAML niet toestaat (zoals `@` of `` ` `` aan het begin); zet de waarde tussen aanhalingstekens"
        }
        K::TabNotAllowed
        | K::TabInBlockIndentation
        | K::TabAtBlockScalarStart
        | K::TabInIndentation
        | K::TabInPlainScalar => "er staat een tab; gebruik spaties",
        K::CommentInterceptedScalar | K::CommentNotSeparated => {
            "een `#` begint hier commentaar; zet een waarde met `#` tussen aanhalingstekens"
        }
        K::ExpectedWhitespace
        | K::InvalidBlockEntryWhitespace
        | K::InvalidMappingValueWhitespace => "hier ontbreekt een spatie (na `-` of `:`)",
        K::MisplacedFlowCollectionEnd | K::MismatchedFlowCollectionEnd { .. } => {
            "een `]` of `}` staat hier verkeerd of sluit een haakje van de andere soort"
        }
        K::UnclosedFlowCollection { .. } => "een `[` of `{` wordt niet gesloten",
        K::RecursionLimitExceeded => "de gegevens zijn te diep genest",
        K::BlockEntryInFlowCollection | K::BlockSequenceEntryNotAllowed => {
            "een lijstregel (`- …`) mag hier niet staan"
        }
        K::ZeroBlockScalarIndent | K::InvalidBlockScalarHeader => {
            "een tekstblok met `|` of `>` begint niet goed"
        }
        K::DocumentIndicatorInQuotedScalar => "er staat `---` of `...` binnen aanhalingstekens",
        K::UnclosedQuotedScalar => "een aanhalingsteken wordt niet gesloten",
        K::InvalidQuotedScalarIndent => {
            "het inspringen van een tekst tussen aanhalingstekens klopt niet"
        }
        K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar => {
            "na het sluitende aanhalingsteken staat nog tekst"
        }
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => {
            "een `\\` binnen dubbele aanhalingstekens klopt niet; gebruik enkele aanhalingstekens of schrijf `\\\\`"
        }
        K::PlainScalarStartsWithDashFlowIndicator | K::UnexpectedEndOfPlainScalar => {
            "een waarde begint of eindigt hier verkeerd; zet haar tussen aanhalingstekens"
        }
        K::MappingKeyNotAllowed | K::MappingValueNotAllowed | K::InvalidColonPlacement => {
            "hier mag geen `:` staan; zet een waarde met `:` tussen aanhalingstekens"
        }
        K::FlowMappingValueAdjacentCollection => "na `:` moet een spatie staan",
        K::InputDecoding { .. } | K::InputIo { .. } => {
            "het bestand kan niet worden gelezen als tekst"
        }
        K::InputByteLimitExceeded { .. } => "het bestand is te groot",
        _ => "de YAML klopt hier niet",
    }
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

/// Plain documents, built from the parser's events. Returns `None` (and
/// serde-saphyr reads the document) at the first thing that is not plain.
mod plain {
    use super::{Key, Node, Value};
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};
    use std::borrow::Cow;

    /// Deeper or larger than this, serde-saphyr's budget decides.
    const MAX_DEPTH: usize = 64;
    const MAX_NODES: usize = 100_000;

    pub fn parse(text: &str, offset: usize) -> Option<Node> {
        let mut events = Parser::new_from_str(text);
        let mut next = || events.next_event()?.ok();
        matches!(next()?.0, Event::StreamStart).then_some(())?;
        matches!(next()?.0, Event::DocumentStart(false, None)).then_some(())?;
        let first = next()?;
        let mut nodes = 0;
        let node = node(first, &mut next, offset, 0, &mut nodes)?;
        matches!(next()?.0, Event::DocumentEnd).then_some(())?;
        matches!(next()?.0, Event::StreamEnd).then_some(node)
    }

    fn node<'a>(
        (event, span): (Event<'a>, Span),
        next: &mut dyn FnMut() -> Option<(Event<'a>, Span)>,
        offset: usize,
        depth: usize,
        nodes: &mut usize,
    ) -> Option<Node> {
        *nodes += 1;
        if depth > MAX_DEPTH || *nodes > MAX_NODES {
            return None;
        }
        let line = span.start.line() + offset;
        let value = match event {
            Event::Scalar(text, style, 0, None) => scalar(text, style)?,
            Event::SequenceStart(_, 0, None) => {
                let mut items = Vec::new();
                loop {
                    match next()? {
                        (Event::SequenceEnd, _) => break,
                        item => items.push(node(item, next, offset, depth + 1, nodes)?),
                    }
                }
                Value::List(items)
            }
            Event::MappingStart(_, 0, None) => {
                let mut entries: Vec<(Key, Node)> = Vec::new();
                loop {
                    let (key, key_span) = match next()? {
                        (Event::MappingEnd, _) => break,
                        (Event::Scalar(text, style, 0, None), span) => (key(text, style)?, span),
                        _ => return None,
                    };
                    // A repeated key is an error serde-saphyr words.
                    if entries.iter().any(|(k, _)| k.name == key) {
                        return None;
                    }
                    let value = node(next()?, next, offset, depth + 1, nodes)?;
                    let key = Key {
                        line: key_span.start.line() + offset,
                        name: key,
                    };
                    entries.push((key, value));
                }
                Value::Map(entries)
            }
            _ => return None,
        };
        Some(Node { line, value })
    }

    /// A map key: text only.
    fn key(text: Cow<str>, style: ScalarStyle) -> Option<String> {
        match scalar(text, style)? {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// A scalar as serde-saphyr types it, for the kinds that are certain:
    /// quoted or block text, and plain text, whole numbers, `true`/`false`,
    /// nothing, and dates. `None` for everything else.
    fn scalar(text: Cow<str>, style: ScalarStyle) -> Option<Value> {
        if style != ScalarStyle::Plain {
            return Some(Value::Str(text.into_owned()));
        }
        let bytes = text.as_bytes();
        Some(match text.as_ref() {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ if is_whole_number(bytes) => Value::Int(text.parse().ok()?),
            _ if is_date(bytes) || starts_as_text(&text) => Value::Str(text.into_owned()),
            _ => return None,
        })
    }

    /// `0` or digits without a leading zero, small enough for any integer.
    fn is_whole_number(bytes: &[u8]) -> bool {
        (1..=18).contains(&bytes.len())
            && bytes.iter().all(u8::is_ascii_digit)
            && (bytes[0] != b'0' || bytes.len() == 1)
    }

    /// `YYYY-MM-DD`: text, for serde-saphyr as for us.
    fn is_date(bytes: &[u8]) -> bool {
        bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
    }

    /// Plain text that cannot be read as anything else: it starts with a
    /// letter and is none of YAML's words for yes, no, nothing, infinity or
    /// not-a-number.
    fn starts_as_text(text: &str) -> bool {
        const WORDS: [&str; 14] = [
            "y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "infinity", "nan",
            "e", "x",
        ];
        text.chars().next().is_some_and(char::is_alphabetic)
            && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
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

    /// Every kind of syntax error a user makes reads as Dutch, with its line.
    #[test]
    fn syntax_errors_are_dutch() {
        let cases = [
            ("a: [1, 2\nb: 3\n", "`:`"),
            ("a: {x: 1\n", "wordt niet gesloten"),
            ("a:\n\t- 1\n", "tab"),
            ("a: \"open\n", "aanhalingsteken wordt niet gesloten"),
            ("a: 1\n b: 2\n", "(kolom 3)"),
            ("a: @x\n", "teken dat YAML niet toestaat"),
            ("a: 1\na: 2\n", "twee keer"),
            ("- a\nb: 1\n", "lijstregel"),
            ("a: *nergens\n", "anker"),
        ];
        for (text, needle) in cases {
            let err = parse(text, 1).expect_err(text);
            assert!(err.line.is_some(), "{text:?}: {err:?}");
            for english in [
                "expected",
                "unclosed",
                "disallowed",
                "error",
                "found",
                "while",
            ] {
                assert!(!err.detail.contains(english), "{text:?}: {}", err.detail);
            }
            assert!(err.detail.contains(needle), "{text:?}: {}", err.detail);
        }
    }

    /// The plain reading and serde-saphyr's agree on every document the
    /// plain one takes: each kind of scalar, and every YAML file and front
    /// matter in the repository.
    #[test]
    fn plain_documents_read_as_serde_saphyr_reads_them() {
        let agree = |text: &str| -> bool {
            match plain::parse(text, 0) {
                Some(fast) => {
                    assert_eq!(
                        Ok(fast),
                        parse_with_serde(text, 1).map_err(|e| e.detail),
                        "{text:?}"
                    );
                    true
                }
                None => false,
            }
        };
        let scalars = [
            "a: b",
            "a: 1",
            "a: 0",
            "a: -3",
            "a: 007",
            "a: 1.5",
            "a: 1e3",
            "a: 0x1F",
            "a: 0o7",
            "a: +1",
            "a: 1_000",
            "a: yes",
            "a: No",
            "a: on",
            "a: True",
            "a: FALSE",
            "a: true",
            "a: false",
            "a: ~",
            "a: null",
            "a: Null",
            "a:",
            "a: ''",
            "a: \"\"",
            "a: .inf",
            "a: -.inf",
            "a: .NaN",
            "a: Infinity",
            "a: nan",
            "a: e",
            "a: x",
            "a: 2026-01-02",
            "a: 2026-1-2",
            "a: 12:30",
            "a: 1:2:3",
            "a: 99999999999999999999",
            "a: !!str 1",
            "a: &x b\nc: *x",
            "<<: {a: 1}",
            "1: a",
            "true: b",
            "'1': c",
            "a: |\n  regel\n  twee\n",
            "a: >\n  gevouwen\n  tekst\n",
            "a: [1, twee, 2026-01-01, {b: c}]",
            "a:\n  - b\n  -\n  - c: d\n",
            "a: Meerdere woorden, met komma",
            "a: 'quoted: yes'",
            "--- \na: 1",
            "a: 1\n---\nb: 2",
            "a: 1\na: 2",
            "- a\n- b",
            "just text",
            "Één: twee",
        ];
        let taken = scalars.iter().filter(|text| agree(text)).count();
        assert!(taken > 20, "{taken}");

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut stack = vec![
            root.join("data"),
            root.join("models"),
            root.join("tests"),
            root.join("content"),
        ];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "md")
                {
                    files.push(path);
                }
            }
        }
        let (mut plain_read, mut documents) = (0, 0);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let yaml = if path.extension().is_some_and(|e| e == "md") {
                match text
                    .strip_prefix("---\n")
                    .and_then(|rest| rest.split_once("\n---\n"))
                {
                    Some((front, _)) => front.to_string(),
                    None => continue,
                }
            } else {
                text
            };
            documents += 1;
            if agree(&yaml) {
                plain_read += 1;
            }
        }
        assert!(documents > 50, "{documents}");
        assert!(
            plain_read * 10 >= documents * 8,
            "{plain_read} of {documents}"
        );
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = parse("a: 1\nb: [unclosed\nc: 2\n", 1).unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
    }
}
