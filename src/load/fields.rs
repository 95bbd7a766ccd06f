//! Reading typed fields out of a YAML map, with Dutch `schema` findings that
//! name the file, line and field. Shared by the regulation and case loaders.

use crate::diagnostic::{Finding, Place, did_you_mean};
use crate::model::ArticleRef;
use crate::term::{Duration, is_impossible_date, parse_iso};
use crate::yaml::{Key, Node, Value};
use chrono::NaiveDate;

/// A YAML map being read: which keys exist, where it is, what it is called.
pub struct Fields<'a> {
    entries: Vec<(&'a Key, &'a Node)>,
    place: Place,
    path: String,
}

impl<'a> Fields<'a> {
    /// Opens `node` as a map named `path` ("" for the document); reports a
    /// `schema` finding and returns `None` when it is something else.
    pub fn open(
        node: &'a Node,
        file: &str,
        path: &str,
        findings: &mut Vec<Finding>,
    ) -> Option<Fields<'a>> {
        let place = Place::new(file, Some(node.line));
        match &node.value {
            Value::Map(entries) => Some(Fields {
                entries: entries.iter().map(|(k, v)| (k, v)).collect(),
                place,
                path: path.to_string(),
            }),
            Value::Null if !path.is_empty() => Some(Fields {
                entries: Vec::new(),
                place,
                path: path.to_string(),
            }),
            other => {
                findings.push(Finding::schema(
                    &place,
                    format!(
                        "{} moet een groep velden zijn, maar is een {}",
                        field_name(path, "inhoud"),
                        other.kind_nl()
                    ),
                ));
                None
            }
        }
    }

    pub fn place(&self) -> &Place {
        &self.place
    }

    /// The full name of a field, as users see it: `termijnen.afhandeling.duur`.
    pub fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Reports every key not in `known`, with a "bedoelde u …?" hint.
    pub fn deny_unknown(&self, known: &[&str], findings: &mut Vec<Finding>) {
        for (key, _) in &self.entries {
            if !known.contains(&key.name.as_str()) {
                let hint = did_you_mean(&key.name, known)
                    .map(|k| format!(" — bedoelde u `{}`?", self.name(k)))
                    .unwrap_or_else(|| format!(" (toegestaan: {})", known.join(", ")));
                findings.push(Finding::schema(
                    &self.place.at(key.line),
                    format!("onbekend veld `{}`{hint}", self.name(&key.name)),
                ));
            }
        }
    }

    /// The keys of the map with their lines, in the order written.
    pub fn keys(&self) -> Vec<(&'a str, usize)> {
        self.entries
            .iter()
            .map(|(k, _)| (k.name.as_str(), k.line))
            .collect()
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| *v)
            .filter(|v| v.value != Value::Null)
    }

    pub fn key_line(&self, key: &str) -> usize {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k.line)
            .unwrap_or(self.place.line.unwrap_or(1))
    }

    fn missing(&self, key: &str, findings: &mut Vec<Finding>) {
        findings.push(Finding::schema(
            &self.place,
            format!("verplicht veld `{}` ontbreekt", self.name(key)),
        ));
    }

    fn wrong(&self, key: &str, node: &Node, expected: &str, findings: &mut Vec<Finding>) {
        findings.push(Finding::schema(
            &self.place.at(node.line),
            format!(
                "`{}` moet {expected} zijn, maar is een {}",
                self.name(key),
                node.value.kind_nl()
            ),
        ));
    }

    /// Text (numbers are taken as their text too: `versie: 2024`).
    pub fn text(&self, key: &str, findings: &mut Vec<Finding>) -> Option<String> {
        let node = self.get(key)?;
        match &node.value {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => {
                self.wrong(key, node, "tekst", findings);
                None
            }
        }
    }

    pub fn required_text(&self, key: &str, findings: &mut Vec<Finding>) -> Option<String> {
        if self.get(key).is_none() {
            self.missing(key, findings);
            return None;
        }
        self.text(key, findings)
    }

    pub fn date(&self, key: &str, findings: &mut Vec<Finding>) -> Option<NaiveDate> {
        let node = self.get(key)?;
        let Value::Str(text) = &node.value else {
            self.wrong(key, node, "een datum (JJJJ-MM-DD)", findings);
            return None;
        };
        let parsed = parse_iso(text);
        if parsed.is_none() {
            findings.push(Finding::schema(
                &self.place.at(node.line),
                date_problem(&self.name(key), text),
            ));
        }
        parsed
    }

    pub fn required_date(&self, key: &str, findings: &mut Vec<Finding>) -> Option<NaiveDate> {
        if self.get(key).is_none() {
            self.missing(key, findings);
            return None;
        }
        self.date(key, findings)
    }

    pub fn bool(&self, key: &str, findings: &mut Vec<Finding>) -> Option<bool> {
        let node = self.get(key)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if matches!(s.to_lowercase().as_str(), "ja" | "nee") => {
                Some(s.eq_ignore_ascii_case("ja"))
            }
            _ => {
                self.wrong(key, node, "true of false (ja of nee)", findings);
                None
            }
        }
    }

    pub fn whole_number(&self, key: &str, findings: &mut Vec<Finding>) -> Option<u32> {
        let node = self.get(key)?;
        match &node.value {
            Value::Int(i) if (0..=u32::MAX as i64).contains(i) => Some(*i as u32),
            _ => {
                self.wrong(key, node, "een heel getal (0 of meer)", findings);
                None
            }
        }
    }

    /// References to the regulation's text: one, or a list (`[4, 6]`).
    pub fn article_refs(&self, key: &str, findings: &mut Vec<Finding>) -> Option<Vec<ArticleRef>> {
        let node = self.get(key)?;
        match &node.value {
            Value::List(items) => {
                let refs: Vec<Option<ArticleRef>> = items
                    .iter()
                    .map(|item| self.article_ref_of(key, item, findings))
                    .collect();
                refs.into_iter().collect()
            }
            _ => self.article_ref(key, findings).map(|r| vec![r]),
        }
    }

    /// A reference to the regulation's text (SPEC §2.1): `2`, `"3.7"`,
    /// `"6a"`, `"3.7 lid 2"`, `voetnoot 1`.
    pub fn article_ref(&self, key: &str, findings: &mut Vec<Finding>) -> Option<ArticleRef> {
        let node = self.get(key)?;
        self.article_ref_of(key, node, findings)
    }

    fn article_ref_of(
        &self,
        key: &str,
        node: &Node,
        findings: &mut Vec<Finding>,
    ) -> Option<ArticleRef> {
        let text = match &node.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            _ => String::new(),
        };
        let parsed = ArticleRef::parse(&text);
        if parsed.is_none() {
            findings.push(Finding::schema(
                &self.place.at(node.line),
                format!(
                    "`{}` is geen artikelverwijzing: \"{text}\" — schrijf het nummer zoals het in het reglement staat, bijvoorbeeld `6`, `\"3.7\"`, `\"6a\"`, `\"3.7 lid 2\"` of `voetnoot 1`",
                    self.name(key)
                ),
            ));
        }
        parsed
    }

    pub fn duration(&self, key: &str, findings: &mut Vec<Finding>) -> Option<Duration> {
        let text = self.required_text(key, findings)?;
        let parsed = Duration::parse(&text);
        if parsed.is_none() {
            findings.push(Finding::schema(
                &self.place.at(self.get(key).map_or(self.key_line(key), |n| n.line)),
                format!(
                    "`{}` is geen geldige termijn: \"{text}\" — schrijf bijvoorbeeld \"6 weken\", \"5 werkdagen\", \"14 dagen\", \"1 maand\" of \"een jaar\"",
                    self.name(key)
                ),
            ));
        }
        parsed
    }

    /// A list of texts (a single text is taken as a list of one).
    pub fn text_list(&self, key: &str, findings: &mut Vec<Finding>) -> Option<Vec<String>> {
        let node = self.get(key)?;
        match &node.value {
            Value::List(items) => {
                let mut texts = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Str(s) => texts.push(s.trim().to_string()),
                        Value::Int(i) => texts.push(i.to_string()),
                        _ => self.wrong(key, item, "een lijst met teksten", findings),
                    }
                }
                Some(texts)
            }
            Value::Str(s) => Some(vec![s.trim().to_string()]),
            _ => {
                self.wrong(key, node, "een lijst", findings);
                None
            }
        }
    }

    /// A list of nodes (for lists of groups such as `verloop`).
    pub fn list(&self, key: &str, findings: &mut Vec<Finding>) -> Option<&'a [Node]> {
        let node = self.get(key)?;
        match &node.value {
            Value::List(items) => Some(items),
            _ => {
                self.wrong(key, node, "een lijst", findings);
                None
            }
        }
    }

    /// A nested map.
    pub fn group(&self, key: &str, findings: &mut Vec<Finding>) -> Option<Fields<'a>> {
        let node = self.get(key)?;
        let mut fields = Fields::open(node, &self.place.file, &self.name(key), findings)?;
        fields.place.line = Some(self.key_line(key));
        Some(fields)
    }

    /// A text that must be one of `allowed`.
    pub fn choice<S: AsRef<str>>(
        &self,
        key: &str,
        allowed: &[S],
        findings: &mut Vec<Finding>,
    ) -> Option<String> {
        let text = self.text(key, findings)?;
        if allowed.iter().any(|a| a.as_ref() == text) {
            Some(text)
        } else {
            let line = self.get(key).map_or(self.key_line(key), |n| n.line);
            let allowed: Vec<&str> = allowed.iter().map(AsRef::as_ref).collect();
            findings.push(Finding::schema(
                &self.place.at(line),
                unknown_value(&self.name(key), &text, &allowed),
            ));
            None
        }
    }
}

fn field_name(path: &str, fallback: &str) -> String {
    if path.is_empty() {
        fallback.to_string()
    } else {
        format!("`{path}`")
    }
}

/// "onbekende waarde … — bedoelde u …? Toegestaan: …", one wording everywhere.
pub fn unknown_value(field: &str, value: &str, allowed: &[&str]) -> String {
    let hint = did_you_mean(value, allowed)
        .map(|k| format!(" — bedoelde u `{k}`?"))
        .unwrap_or_else(|| ".".to_string());
    format!(
        "onbekende waarde \"{value}\" voor `{field}`{hint} Toegestaan: {}",
        allowed.join(", ")
    )
}

/// Why a date text is not a date, in Dutch.
pub fn date_problem(field: &str, text: &str) -> String {
    if is_impossible_date(text) {
        format!("`{field}`: de datum \"{text}\" bestaat niet")
    } else {
        format!("`{field}`: \"{text}\" is geen datum — schrijf JJJJ-MM-DD, bijvoorbeeld 2026-03-02")
    }
}
