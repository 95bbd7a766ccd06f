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

/// A loaded and checked project.
pub struct Checked {
    pub input: Input,
    /// Every finding, sorted for printing.
    pub findings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
    /// One-line notices about the input (e.g. a register's encoding).
    pub notices: Vec<String>,
    /// The report counts per opdrachtgever (SPEC §6), from the same pass.
    pub clients: Vec<crate::reports::tally::Client>,
}

/// Loads and checks the project: case files, then each register streamed.
pub fn load_and_check(root: &Path, today: chrono::NaiveDate) -> Result<Checked, Fatal> {
    load_and_check_with(root, today, &mut load::CaseCache::off())
}

/// [`load_and_check`], reusing the case files of `cache` that did not change.
pub fn load_and_check_with(
    root: &Path,
    today: chrono::NaiveDate,
    cache: &mut load::CaseCache,
) -> Result<Checked, Fatal> {
    let (input, mut findings) = load::load_with(root, cache)?;
    let (mut report, seen) = crate::rules::check(&input, today);
    let mut notices = Vec::new();
    let mut clients = Vec::new();
    if let Some(reg) = &input.regulation {
        let mut tally = Tally::new(&reg.reporting, &reg.procedure, &reg.organisatie);
        for case in &input.cases {
            tally.add(case);
        }
        let mut ids = crate::rules::RegisterIds::default();
        for path in &input.registers {
            let reader = load::register::RegisterReader::open(
                root,
                path,
                &load::cases::Vocabulary::of(Some(reg)),
            )?;
            notices.extend(crate::rules::check_register(
                reader,
                &reg.procedure,
                today,
                &seen,
                &mut ids,
                &mut report,
                &mut |case| tally.add(case),
            ));
        }
        if tally.without_client > 0 {
            notices.push(format!(
                "{} klacht(en) zonder opdrachtgever staan in geen rapportage",
                tally.without_client
            ));
        }
        clients = tally.finish();
    }
    findings.extend(report.findings);
    let mut deadlines = report.deadlines;
    deadlines.sort();
    diagnostic::sort(&mut findings);
    Ok(Checked {
        input,
        findings,
        deadlines,
        notices,
        clients,
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
