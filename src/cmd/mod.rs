//! One module per subcommand, each a short `run`. They tie the pipeline
//! together: load → check → render → write.

/// `print!` that ignores a closed pipe (`regelwerk check | head`) instead of panicking.
#[macro_export]
macro_rules! out_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `println!` that ignores a closed pipe.
#[macro_export]
macro_rules! out_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprint!` that ignores a closed pipe.
#[macro_export]
macro_rules! err_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed pipe.
#[macro_export]
macro_rules! err_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub use crate::{err_line, err_text, out_line, out_text};

pub mod build;
pub mod check;
pub mod init;
pub mod report;
pub mod serve;
pub mod watch;

use crate::diagnostic::{self, Finding};
use crate::load::{self, Input, IoProblem};
use crate::reports::tally::Tally;
use crate::rules::Deadline;
use std::io::IsTerminal;
use std::path::Path;

/// How a command ended; `main` turns it into the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input has errors (or violations with `--strict`).
    Findings,
    /// Exit 2: the command line asked for something that is not there
    /// (the message has been printed).
    Usage,
}

/// A problem that stops a command before it can judge the input (exit 2).
pub type Fatal = IoProblem;

/// What a command keeps of the findings (see [`diagnostic::Findings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Keep up to this many register findings per rule; count all.
    Keep(usize),
    /// Write every finding to stdout as JSON as it comes; keep none.
    Json,
}

/// What the rows of the registers add up to.
struct RegisterTotals<'r> {
    findings: diagnostic::Findings,
    deadlines: crate::rules::Deadlines,
    tally: Tally<'r>,
}

impl crate::rules::Totals for RegisterTotals<'_> {
    fn finding(&mut self, finding: Finding) {
        self.findings.add(finding);
    }

    fn reads(&self, rule: &str) -> bool {
        self.findings.reads(rule)
    }

    fn deadlines(&mut self) -> &mut crate::rules::Deadlines {
        &mut self.deadlines
    }

    fn case(&mut self, case: &crate::model::Case) {
        self.tally.add(case);
    }

    fn merge(&mut self, next: Self) {
        self.findings.merge(next.findings);
        self.deadlines.merge(next.deadlines);
        self.tally.merge(next.tally);
    }
}

/// A loaded and checked project.
pub struct Checked {
    pub input: Input,
    /// The findings kept (see [`Listing`]), sorted for printing: every one
    /// of the case files and the regulation, the first of register rows.
    pub findings: Vec<Finding>,
    /// All findings, counted.
    pub counts: diagnostic::Counts,
    /// Per rule, findings counted but not kept, with the rule's article.
    pub left_out: Vec<(String, u64, Option<String>)>,
    /// The most urgent deadlines of open cases, first first.
    pub deadlines: Vec<Deadline>,
    /// How many open cases have a deadline.
    pub deadlines_total: usize,
    /// One-line notices about the input (e.g. a register's encoding).
    pub notices: Vec<String>,
    /// The report counts per opdrachtgever (SPEC §6), from the same pass.
    pub clients: Vec<crate::reports::tally::Client>,
    /// The registers' personal values as the leak guard noted them in the
    /// same pass; `None` without registers.
    pub sightings: Option<crate::guard::Sightings>,
}

/// Loads and checks the project: case files, then each register streamed.
pub fn load_and_check(root: &Path, today: chrono::NaiveDate) -> Result<Checked, Fatal> {
    load_and_check_listing(
        root,
        today,
        &mut load::CaseCache::off(),
        Listing::Keep(diagnostic::SHOWN_PER_RULE),
        true,
    )
}

/// [`load_and_check`], reusing the case files of `cache` that did not change.
pub fn load_and_check_with(
    root: &Path,
    today: chrono::NaiveDate,
    cache: &mut load::CaseCache,
) -> Result<Checked, Fatal> {
    load_and_check_listing(
        root,
        today,
        cache,
        Listing::Keep(diagnostic::SHOWN_PER_RULE),
        true,
    )
}

/// [`load_and_check_with`], keeping or streaming findings as `listing` says;
/// `guard`: the output will go through the leak guard, which then takes
/// note of the registers' personal values on the way.
pub fn load_and_check_listing(
    root: &Path,
    today: chrono::NaiveDate,
    cache: &mut load::CaseCache,
    listing: Listing,
    guard: bool,
) -> Result<Checked, Fatal> {
    let (input, mut own) = load::load_with(root, cache)?;
    let (mut report, seen) = crate::rules::check(&input, today);
    own.append(&mut report.findings);
    diagnostic::sort(&mut own);
    let mut store = match listing {
        Listing::Keep(limit) => diagnostic::Findings::keeping(limit),
        Listing::Json => diagnostic::Findings::streaming_json(),
    };
    for finding in own {
        store.keep(finding);
    }
    let mut notices = Vec::new();
    let mut clients = Vec::new();
    // A workbook is compressed: its register text is several times its size.
    let register_bytes: u64 = input
        .registers
        .iter()
        .filter_map(|path| {
            let scale = if load::register::workbook::is_workbook(path) {
                8
            } else {
                1
            };
            std::fs::metadata(path).ok().map(|meta| meta.len() * scale)
        })
        .sum();
    let sightings = (guard && !input.registers.is_empty())
        .then(|| crate::guard::Sightings::for_registers(register_bytes));
    if let Some(reg) = &input.regulation {
        let mut tally = Tally::new(&reg.reporting, &reg.procedure, &reg.organisatie);
        for case in &input.cases {
            tally.add(case);
        }
        let mut ids = crate::rules::RegisterIds::for_registers(register_bytes);
        let context = crate::rules::Context {
            procedure: &reg.procedure,
            today,
            case_files: &seen,
            sightings: sightings.as_ref(),
            cells: None,
        };
        let vocabulary = load::cases::Vocabulary::of(Some(reg));
        let template = (store.part(), tally.part());
        let new = || RegisterTotals {
            findings: template.0.part(),
            deadlines: crate::rules::Deadlines::default(),
            tally: template.1.part(),
        };
        let mut totals = RegisterTotals {
            findings: store,
            deadlines: std::mem::take(&mut report.deadlines),
            tally,
        };
        for path in &input.registers {
            let register = load::register::RegisterFile::open(root, path, &vocabulary)?;
            notices.extend(crate::rules::check_register(
                register,
                &context,
                &mut ids,
                &mut totals,
                &new,
            )?);
        }
        let RegisterTotals {
            findings,
            deadlines,
            tally,
        } = totals;
        store = findings;
        report.deadlines = deadlines;
        if tally.without_client > 0 {
            notices.push(format!(
                "{} klacht(en) zonder opdrachtgever staan in geen rapportage",
                tally.without_client
            ));
        }
        clients = tally.finish();
    }
    store.finish();
    let deadlines_total = report.deadlines.total();
    let deadlines = report.deadlines.into_sorted();
    Ok(Checked {
        input,
        findings: store.kept().to_vec(),
        counts: store.counts().clone(),
        left_out: store
            .left_out()
            .into_iter()
            .map(|(rule, n, article)| (rule.to_string(), n, article.map(str::to_string)))
            .collect(),
        deadlines,
        deadlines_total,
        notices,
        clients,
        sightings,
    })
}

impl Checked {
    /// Prints the notices (unless quiet) and returns the findings to show:
    /// all of them, or with `--quiet` only the errors.
    pub fn announce(&self, quiet: bool) -> Vec<Finding> {
        if !quiet {
            for notice in &self.notices {
                err_line!("Let op: {notice}");
            }
        }
        self.findings
            .iter()
            .filter(|f| !quiet || f.severity == crate::diagnostic::Severity::Error)
            .cloned()
            .collect()
    }

    /// The human listing: per rule at most `limit` findings, grouped by
    /// case, then one line per rule saying how many more there are.
    pub fn listing(&self, quiet: bool, limit: usize, color: bool) -> String {
        let shown = self.announce(quiet);
        let (first, mut more) = diagnostic::first_per_rule(&shown, limit);
        for (rule, count, _) in &self.left_out {
            *more.entry(rule.clone()).or_default() += count;
        }
        let mut text = diagnostic::render_human(&first, &self.input.sources, color);
        let mut rules: Vec<(&String, &u64)> = more.iter().filter(|(_, n)| **n > 0).collect();
        rules.sort();
        for (rule, count) in rules {
            let article = self
                .left_out
                .iter()
                .find(|(r, _, _)| r == rule)
                .and_then(|(_, _, a)| a.clone())
                .or_else(|| {
                    shown
                        .iter()
                        .find(|f| f.rule == rule.as_str())
                        .and_then(|f| f.article.clone())
                });
            if !quiet {
                text.push_str(&diagnostic::more_line(rule, *count, article.as_deref()));
                text.push('\n');
            }
        }
        if !quiet && !more.is_empty() {
            text.push('\n');
        }
        text
    }

    /// Whether the input has an error, or (`strict`) a violation.
    pub fn fails(&self, strict: bool) -> bool {
        use crate::diagnostic::Severity;
        self.counts.severity(Severity::Error) > 0
            || (strict && self.counts.severity(Severity::Violation) > 0)
    }
}

/// Whether to colour output written to this stream.
pub fn use_color(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdout_color() -> bool {
    use_color(std::io::stdout().is_terminal())
}

pub fn stderr_color() -> bool {
    use_color(std::io::stderr().is_terminal())
}

/// Today, from `--today` or the system clock.
pub fn today(given: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    given.unwrap_or_else(|| chrono::Local::now().date_naive())
}
