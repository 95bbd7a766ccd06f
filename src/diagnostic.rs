//! Findings: what `check` reports and how it is printed.
//!
//! Every finding names its rule id, article, severity, a Dutch message and the
//! place in the input it is about. This module builds no findings of its own
//! except through the helpers that keep wording consistent; it prints them as
//! grouped, coloured text or as JSON.

use chrono::NaiveDate;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

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
    /// The cell of a workbook register (`sheet` and `cell` in the JSON).
    #[serde(flatten)]
    pub cell: Option<CellRef>,
    #[serde(serialize_with = "iso_date")]
    pub due: Option<NaiveDate>,
    /// Made by [`Finding::counted`]: only counted, never listed.
    #[serde(skip)]
    pub counted: bool,
}

/// A cell of a workbook: its sheet and its reference, e.g. `Klachten`, `B17`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    pub sheet: String,
    pub cell: String,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}", self.sheet, self.cell)
    }
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
            cell: None,
            due: None,
            counted: false,
        }
    }

    /// A finding that is only counted, never listed: it has no case, file,
    /// article or message (see [`Findings::reads`]). The counts take a
    /// rule's article from its first finding, which is always read.
    pub fn counted(rule: Cow<'static, str>, severity: Severity, line: usize) -> Finding {
        Finding {
            case: None,
            rule,
            article: None,
            severity,
            message: String::new(),
            file: String::new(),
            line: Some(line),
            cell: None,
            due: None,
            counted: true,
        }
    }

    /// Whether this finding was made by [`counted`](Self::counted).
    pub fn is_counted(&self) -> bool {
        self.counted
    }

    pub fn for_case(mut self, case: Option<&str>) -> Finding {
        self.case = case.map(str::to_string);
        self
    }

    /// The finding at `cell` of a workbook register.
    pub fn in_cell(mut self, cell: CellRef) -> Finding {
        self.cell = Some(cell);
        self
    }

    /// Where the finding is, as the human output shows it:
    /// `data/cases/K-1.yaml:12`, or `data/register.xlsx [Klachten] B17`.
    pub fn place_text(&self) -> String {
        match &self.cell {
            Some(cell) => format!("{} {cell}", self.file),
            None => Place::new(self.file.clone(), self.line).to_string(),
        }
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

/// How many findings a human listing shows per rule before it says how
/// many more there are (`--all` shows them all).
pub const SHOWN_PER_RULE: usize = 20;

/// A value per rule id, in the order the rules were first met. A command
/// meets a few dozen rules at most: finding one by comparing the names is
/// quicker than hashing or ordering them, which a badly kept register does
/// for each of its hundreds of thousands of findings.
#[derive(Debug, Clone)]
struct PerRule<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for PerRule<V> {
    fn default() -> Self {
        PerRule {
            entries: Vec::new(),
        }
    }
}

impl<V> PerRule<V> {
    fn get(&self, rule: &str) -> Option<&V> {
        self.entries
            .iter()
            .find(|(name, _)| name == rule)
            .map(|(_, value)| value)
    }

    /// The value of `rule`, made by `new` when it has none yet.
    fn get_or_insert_with(&mut self, rule: &str, new: impl FnOnce() -> V) -> &mut V {
        let at = match self.entries.iter().position(|(name, _)| name == rule) {
            Some(at) => at,
            None => {
                self.entries.push((rule.to_string(), new()));
                self.entries.len() - 1
            }
        };
        &mut self.entries[at].1
    }
}

/// Counts of findings: per severity, and per rule with its article.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    by_severity: [u64; 4],
    by_rule: PerRule<(u64, Option<String>)>,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            counts.add(finding);
        }
        counts
    }

    fn add(&mut self, finding: &Finding) {
        self.by_severity[finding.severity as usize] += 1;
        self.by_rule
            .get_or_insert_with(&finding.rule, || (0, finding.article.clone()))
            .0 += 1;
    }

    /// Adds the counts of `other`.
    fn merge(&mut self, other: Counts) {
        for (total, more) in self.by_severity.iter_mut().zip(other.by_severity) {
            *total += more;
        }
        for (rule, (count, article)) in other.by_rule.entries {
            self.by_rule.get_or_insert_with(&rule, || (0, article)).0 += count;
        }
    }

    pub fn severity(&self, severity: Severity) -> u64 {
        self.by_severity[severity as usize]
    }
}

/// The findings a command keeps: every one of the case files and the
/// regulation (the letters index needs them), and of register rows only the
/// first [`SHOWN_PER_RULE`] per rule; everything counted. Memory so does not
/// grow with the number of findings of a badly kept register. For
/// `--format json` every finding is written out as it comes and none is kept.
#[derive(Debug)]
pub struct Findings {
    kept: Vec<Finding>,
    counts: Counts,
    limit: usize,
    kept_per_rule: PerRule<usize>,
    /// Streaming JSON: whether a finding was written yet.
    json: Option<bool>,
    /// The rules of which the findings that gather everything (not a
    /// [`part`](Self::part)) keep all they may: a part made later keeps
    /// none of those, since it holds later rows (see [`part`](Self::part)).
    full: Arc<Mutex<Vec<String>>>,
    /// Whether these are the findings that gather everything, which say
    /// when a rule is full.
    gathers: bool,
}

impl Findings {
    /// Keeps up to `limit` register findings per rule.
    pub fn keeping(limit: usize) -> Findings {
        Findings {
            kept: Vec::new(),
            counts: Counts::default(),
            limit,
            kept_per_rule: Default::default(),
            json: None,
            full: Default::default(),
            gathers: true,
        }
    }

    /// Writes every finding to stdout as one JSON array, as it comes.
    pub fn streaming_json() -> Findings {
        crate::out_text!("[");
        Findings {
            json: Some(false),
            ..Findings::keeping(0)
        }
    }

    /// A finding that is always kept (case files, the regulation).
    pub fn keep(&mut self, finding: Finding) {
        self.counts.add(&finding);
        if !self.emit(&finding) {
            let kept = self.kept_per_rule.get_or_insert_with(&finding.rule, || 0);
            *kept += 1;
            if *kept == self.limit {
                self.filled(&finding.rule);
            }
            self.kept.push(finding);
        }
    }

    /// Notes that `rule` keeps all it may, when these gather everything.
    fn filled(&self, rule: &str) {
        if self.gathers
            && let Ok(mut full) = self.full.lock()
        {
            full.push(rule.to_string());
        }
    }

    /// A finding of a register row: kept while its rule has fewer than the
    /// limit kept, else only counted.
    pub fn add(&mut self, finding: Finding) {
        self.counts.add(&finding);
        // One only counted was made because it would not be kept.
        if !finding.is_counted() {
            self.place(finding);
        }
    }

    /// Whether a register finding of `rule` added now would be written out
    /// or kept, not only counted.
    pub fn reads(&self, rule: &str) -> bool {
        self.json.is_some()
            || self
                .kept_per_rule
                .get(rule)
                .is_none_or(|kept| *kept < self.limit)
    }

    /// Writes out or keeps a finding that has been counted.
    fn place(&mut self, finding: Finding) {
        if self.emit(&finding) {
            return;
        }
        let kept = self.kept_per_rule.get_or_insert_with(&finding.rule, || 0);
        if *kept < self.limit {
            *kept += 1;
            if *kept == self.limit {
                self.filled(&finding.rule);
            }
            self.kept.push(finding);
        }
    }

    /// Empty findings for one part of a register, to be filled on another
    /// thread and [`merge`](Self::merge)d back: they keep what these would
    /// (all of them, when these write JSON).
    ///
    /// The parts are merged in the order of their rows, so once the
    /// findings that gather everything keep all they may of a rule, a part
    /// made after that holds only later rows: it keeps none of that rule
    /// and writes no message for it (a badly kept register has hundreds of
    /// chunks).
    pub fn part(&self) -> Findings {
        let limit = if self.json.is_some() {
            usize::MAX
        } else {
            self.limit
        };
        let mut part = Findings {
            full: Arc::clone(&self.full),
            gathers: false,
            ..Findings::keeping(limit)
        };
        if let Ok(full) = self.full.lock() {
            for rule in full.iter() {
                *part.kept_per_rule.get_or_insert_with(rule, || 0) = limit;
            }
        }
        part
    }

    /// Adds the findings of the [`part`](Self::part) that follows these, as
    /// if they had been added one by one.
    pub fn merge(&mut self, part: Findings) {
        self.counts.merge(part.counts);
        for finding in part.kept {
            self.place(finding);
        }
    }

    /// In JSON mode, writes `finding` out; whether it did.
    fn emit(&mut self, finding: &Finding) -> bool {
        let Some(written) = self.json.as_mut() else {
            return false;
        };
        let text = serde_json::to_string_pretty(finding).unwrap_or_default();
        let indented = text.replace('\n', "\n  ");
        crate::out_text!("{}\n  {indented}", if *written { "," } else { "" });
        *written = true;
        true
    }

    /// Ends the JSON array, in JSON mode; sorts what is kept otherwise.
    pub fn finish(&mut self) {
        match self.json {
            Some(written) => crate::out_line!("{}]", if written { "\n" } else { "" }),
            None => sort(&mut self.kept),
        }
    }

    pub fn kept(&self) -> &[Finding] {
        &self.kept
    }

    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// How many findings of each rule were counted but not kept, with the
    /// rule's article, by rule id: what a listing says it leaves out.
    pub fn left_out(&self) -> Vec<(&str, u64, Option<&str>)> {
        let mut left: Vec<_> = self
            .counts
            .by_rule
            .entries
            .iter()
            .filter_map(|(rule, (total, article))| {
                let kept = self.kept_per_rule.get(rule).copied().unwrap_or(0) as u64;
                (*total > kept).then(|| (rule.as_str(), total - kept, article.as_deref()))
            })
            .collect();
        left.sort_unstable_by_key(|&(rule, ..)| rule);
        left
    }
}

/// Limits a sorted listing to `limit` findings per rule; returns what is
/// shown and, per rule, how many it leaves out.
pub fn first_per_rule(findings: &[Finding], limit: usize) -> (Vec<Finding>, HashMap<String, u64>) {
    let mut shown = Vec::new();
    let mut per_rule: HashMap<String, usize> = HashMap::new();
    let mut left: HashMap<String, u64> = HashMap::new();
    for finding in findings {
        let count = per_rule.entry(finding.rule.to_string()).or_default();
        if *count < limit {
            *count += 1;
            shown.push(finding.clone());
        } else {
            *left.entry(finding.rule.to_string()).or_default() += 1;
        }
    }
    (shown, left)
}

/// "… en 439.259 meer `handling-term` (art. 6); alles: `--all` of `--format json`".
pub fn more_line(rule: &str, count: u64, article: Option<&str>) -> String {
    let article = article.map(|a| format!(" (art. {a})")).unwrap_or_default();
    format!(
        "… en {} meer `{rule}`{article}; alles: `--all` of `--format json`",
        thousands(count)
    )
}

/// "439259" → "439.259".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Counts per severity, as "2 fouten, 1 waarschuwing".
pub fn summary(findings: &[Finding]) -> String {
    summary_of(&Counts::of(findings))
}

/// [`summary`] of counted findings.
pub fn summary_of(counts: &Counts) -> String {
    let count = |s: Severity| counts.severity(s);
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
        .map(|(n, one, many)| format!("{} {}", thousands(*n), if *n == 1 { one } else { many }))
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
            writeln!(out, "    --> {}", finding.place_text()).ok();
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

    /// Once the findings that gather everything keep all they may of a
    /// rule, a part made after that reads none of its findings (no message
    /// is written for them); the result is the same.
    #[test]
    fn parts_made_after_a_rule_is_full_only_count_it() {
        let place = Place::new("data/register.csv", Some(7));
        let finding = |rule: &'static str| {
            let mut finding = Finding::error(rule, &place, "te laat");
            finding.severity = Severity::Violation;
            finding.article = Some("6".to_string());
            finding
        };
        let mut all = Findings::keeping(2);
        let template = all.part();
        let mut first = template.part();
        for _ in 0..3 {
            if first.reads("handling-term") {
                first.add(finding("handling-term"));
            } else {
                first.add(Finding::counted(
                    Cow::Borrowed("handling-term"),
                    Severity::Violation,
                    9,
                ));
            }
        }
        // Made before the first part is merged: it may still keep some.
        let early = template.part();
        assert!(early.reads("handling-term"));
        all.merge(first);
        let mut later = template.part();
        assert!(!later.reads("handling-term"));
        assert!(later.reads("response-term"));
        later.add(Finding::counted(
            Cow::Borrowed("handling-term"),
            Severity::Violation,
            12,
        ));
        later.add(finding("response-term"));
        all.merge(early);
        all.merge(later);
        assert_eq!(all.kept().len(), 3);
        assert_eq!(all.counts().severity(Severity::Violation), 5);
        assert_eq!(all.left_out(), vec![("handling-term", 2, Some("6"))]);
    }

    /// A rule's first finding in a part is always read, so the counts
    /// know its article though the findings after it are only counted.
    #[test]
    fn counted_findings_add_to_their_rule_with_its_article() {
        let place = Place::new("data/register.csv", Some(7));
        let mut part = Findings::keeping(1);
        assert!(part.reads("handling-term"));
        let mut read = Finding::error("handling-term", &place, "te laat");
        read.severity = Severity::Violation;
        read.article = Some("6".to_string());
        part.add(read);
        assert!(!part.reads("handling-term"));
        part.add(Finding::counted(
            Cow::Borrowed("handling-term"),
            Severity::Violation,
            9,
        ));
        let mut all = Findings::keeping(1);
        all.merge(part);
        assert_eq!(all.kept().len(), 1);
        assert_eq!(all.counts().severity(Severity::Violation), 2);
        assert_eq!(all.left_out(), vec![("handling-term", 1, Some("6"))]);
    }

    #[test]
    fn summary_counts_by_severity() {
        let place = Place::new("a.yaml", Some(1));
        let findings = vec![Finding::schema(&place, "x"), Finding::schema(&place, "y")];
        assert_eq!(summary(&findings), "2 fouten");
        assert_eq!(summary(&[]), "geen bevindingen");
    }
}
