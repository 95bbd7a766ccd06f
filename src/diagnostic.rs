//! Findings: what `check` reports and how it is printed.
//!
//! Every finding names its rule id, article, severity, a Dutch message and the
//! place in the input it is about. This module builds no findings of its own
//! except through the helpers that keep wording consistent; it prints them as
//! grouped, coloured text or as JSON.

use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How bad a finding is (SPEC §4), from worst to mildest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Violation,
    Deadline,
    Warning,
}

impl Severity {
    pub fn label_nl(self) -> &'static str {
        match self {
            Severity::Error => "fout",
            Severity::Violation => "overtreding",
            Severity::Deadline => "termijn",
            Severity::Warning => "waarschuwing",
        }
    }
}

/// One finding, as SPEC §4 describes it; serialises to the JSON of `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub case: Option<String>,
    /// The rule id of SPEC §4; `term-<name>` for a declared term.
    pub rule: Cow<'static, str>,
    pub article: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    #[serde(serialize_with = "iso_date")]
    pub due: Option<NaiveDate>,
}

fn iso_date<S: serde::Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => s.serialize_str(&date.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

/// A place in the input: a file (relative to the project) and a line or CSV row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Place {
    pub file: String,
    pub line: Option<usize>,
}

impl Place {
    pub fn new(file: impl Into<String>, line: Option<usize>) -> Place {
        Place {
            file: file.into(),
            line,
        }
    }

    pub fn at(&self, line: usize) -> Place {
        Place::new(self.file.clone(), Some(line))
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

impl Finding {
    /// A `schema` error: the input itself is wrong.
    pub fn schema(place: &Place, message: impl Into<String>) -> Finding {
        Finding::error("schema", place, message)
    }

    pub fn error(rule: &'static str, place: &Place, message: impl Into<String>) -> Finding {
        Finding {
            case: None,
            rule: Cow::Borrowed(rule),
            article: None,
            severity: Severity::Error,
            message: message.into(),
            file: place.file.clone(),
            line: place.line,
            due: None,
        }
    }

    pub fn for_case(mut self, case: Option<&str>) -> Finding {
        self.case = case.map(str::to_string);
        self
    }
}

/// Whether any finding stops a build.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Sorts findings for printing: by case (project-wide first), then place.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.case, &a.file, a.line, a.severity, &a.rule)
            .cmp(&(&b.case, &b.file, b.line, b.severity, &b.rule))
    });
}

/// Counts per severity, as "2 fouten, 1 waarschuwing".
pub fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts = [
        (count(Severity::Error), "fout", "fouten"),
        (count(Severity::Violation), "overtreding", "overtredingen"),
        (
            count(Severity::Deadline),
            "termijn die afloopt",
            "termijnen die aflopen",
        ),
        (count(Severity::Warning), "waarschuwing", "waarschuwingen"),
    ];
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    if said.is_empty() {
        "geen bevindingen".to_string()
    } else {
        said.join(", ")
    }
}

/// Source texts of the input files, so a finding can show its line.
pub trait SourceLines {
    fn line(&self, file: &str, line: usize) -> Option<String>;
}

/// Prints findings grouped by case, each with its source line.
pub fn render_human(findings: &[Finding], sources: &dyn SourceLines, color: bool) -> String {
    let mut groups: BTreeMap<Option<&str>, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        groups
            .entry(finding.case.as_deref())
            .or_default()
            .push(finding);
    }
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for (case, group) in groups {
        match case {
            Some(id) => writeln!(out, "{}", paint("1", &format!("Dossier {id}"))),
            None => writeln!(out, "{}", paint("1", "Project")),
        }
        .ok();
        for finding in group {
            let color_code = match finding.severity {
                Severity::Error => "1;31",
                Severity::Violation => "1;35",
                Severity::Deadline => "1;33",
                Severity::Warning => "1;36",
            };
            let article = finding
                .article
                .as_deref()
                .map(|a| format!(" (art. {a})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}{article} {}",
                paint(
                    color_code,
                    &format!("{}[{}]", finding.severity.label_nl(), finding.rule)
                ),
                finding.message
            )
            .ok();
            let place = Place::new(finding.file.clone(), finding.line);
            writeln!(out, "    --> {place}").ok();
            if let Some(line) = finding.line
                && let Some(text) = sources.line(&finding.file, line)
            {
                let gutter = line.to_string();
                writeln!(out, "    {gutter} | {}", text.trim_end()).ok();
            }
        }
        out.push('\n');
    }
    out
}

/// The `--format json` output: one array.
pub fn render_json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".to_string())
}

/// Suggests the closest known name for a misspelt one ("bedoelde u …?").
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    let unknown = unknown.to_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&unknown, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["ingediend", "indiener", "gebeurtenis", "id"];
        assert_eq!(did_you_mean("ingedient", &known), Some("ingediend"));
        assert_eq!(did_you_mean("Gebeurtenis", &known), Some("gebeurtenis"));
        assert_eq!(did_you_mean("volkomen_anders", &known), None);
    }

    #[test]
    fn summary_counts_by_severity() {
        let place = Place::new("a.yaml", Some(1));
        let findings = vec![Finding::schema(&place, "x"), Finding::schema(&place, "y")];
        assert_eq!(summary(&findings), "2 fouten");
        assert_eq!(summary(&[]), "geen bevindingen");
    }
}
