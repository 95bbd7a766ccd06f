//! `regelwerk check`: every finding, grouped by case, and the deadlines of
//! open cases; writes nothing.

use super::{Fatal, Outcome, load_and_check, stdout_color, today};
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{self, Finding, Severity};
use crate::rules::{Deadline, describe_deadline};
use chrono::NaiveDate;
use std::path::Path;

pub fn run(root: &Path, args: &CheckArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let today = today(args.today);
    let checked = load_and_check(root, today)?;
    let findings = &checked.findings;
    match args.format {
        Format::Json => crate::cmd::out_line!("{}", diagnostic::render_json(findings)),
        Format::Human => {
            let shown = checked.announce(quiet);
            crate::cmd::out_text!(
                "{}",
                diagnostic::render_human(&shown, &checked.input.sources, stdout_color())
            );
            if !quiet {
                crate::cmd::out_text!("{}", deadlines_overview(&checked.deadlines, today));
            }
            crate::cmd::out_line!("Controle: {}.", diagnostic::summary(findings));
        }
    }
    Ok(verdict(findings, args.strict))
}

/// How many deadlines the overview lists before summarising the rest.
const OVERVIEW_LIMIT: usize = 25;

/// "Termijnen": open cases with their next due date, most urgent first.
pub fn deadlines_overview(deadlines: &[Deadline], today: NaiveDate) -> String {
    if deadlines.is_empty() {
        return String::new();
    }
    let mut out = String::from("Termijnen van open dossiers (eerstvolgende eerst):\n");
    for deadline in deadlines.iter().take(OVERVIEW_LIMIT) {
        out.push_str(&format!("  {}\n", describe_deadline(deadline, today)));
    }
    if deadlines.len() > OVERVIEW_LIMIT {
        out.push_str(&format!(
            "  … en nog {} open dossiers.\n",
            deadlines.len() - OVERVIEW_LIMIT
        ));
    }
    out.push('\n');
    out
}

/// Exit 1 on an error, or on a violation with `--strict`.
pub fn verdict(findings: &[Finding], strict: bool) -> Outcome {
    let fails = |f: &Finding| {
        f.severity == Severity::Error || (strict && f.severity == Severity::Violation)
    };
    if findings.iter().any(fails) {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}
