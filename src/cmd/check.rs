//! `regelwerk check`: every finding, grouped by case, and the deadlines of
//! open cases; writes nothing.

use super::{Fatal, Listing, Outcome, load_and_check_listing, stdout_color, today};
use crate::cli::{CheckArgs, Format};
use crate::diagnostic;
use crate::rules::{Deadline, describe_deadline};
use chrono::NaiveDate;
use std::path::Path;

pub fn run(root: &Path, args: &CheckArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let today = today(args.today);
    // JSON is written as it comes; the human listing keeps only what it shows.
    let listing = match (args.format, args.all) {
        (Format::Json, _) => Listing::Json,
        (Format::Human, true) => Listing::Keep(usize::MAX),
        (Format::Human, false) => Listing::Keep(diagnostic::SHOWN_PER_RULE),
    };
    let checked = load_and_check_listing(
        root,
        today,
        &mut crate::load::CaseCache::off(),
        listing,
        false,
    )?;
    if args.format == Format::Human {
        let limit = if args.all {
            usize::MAX
        } else {
            diagnostic::SHOWN_PER_RULE
        };
        crate::cmd::out_text!("{}", checked.listing(quiet, limit, stdout_color()));
        if !quiet {
            crate::cmd::out_text!(
                "{}",
                deadlines_overview(&checked.deadlines, checked.deadlines_total, today)
            );
        }
        crate::cmd::out_line!("Controle: {}.", diagnostic::summary_of(&checked.counts));
    }
    Ok(verdict(&checked, args.strict))
}

/// How many deadlines the overview lists before summarising the rest.
const OVERVIEW_LIMIT: usize = crate::rules::Deadlines::KEPT;

/// "Termijnen": open cases with their next due date, most urgent first;
/// `total`: how many open cases have one.
pub fn deadlines_overview(deadlines: &[Deadline], total: usize, today: NaiveDate) -> String {
    if deadlines.is_empty() {
        return String::new();
    }
    let mut out = String::from("Termijnen van open dossiers (eerstvolgende eerst):\n");
    for deadline in deadlines.iter().take(OVERVIEW_LIMIT) {
        out.push_str(&format!("  {}\n", describe_deadline(deadline, today)));
    }
    if total > OVERVIEW_LIMIT {
        out.push_str(&format!(
            "  … en nog {} open dossiers.\n",
            total - OVERVIEW_LIMIT
        ));
    }
    out.push('\n');
    out
}

/// Exit 1 on an error, or on a violation with `--strict`.
pub fn verdict(checked: &super::Checked, strict: bool) -> Outcome {
    if checked.fails(strict) {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}
