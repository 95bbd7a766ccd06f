//! `regelwerk check`: every finding, grouped by case; writes nothing.

use super::{Fatal, Outcome, load_and_check, stdout_color, today};
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{self, Severity};
use std::path::Path;

pub fn run(root: &Path, args: &CheckArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let (input, findings) = load_and_check(root, today(args.today))?;
    match args.format {
        Format::Json => println!("{}", diagnostic::render_json(&findings)),
        Format::Human => {
            let shown: Vec<_> = findings
                .iter()
                .filter(|f| !quiet || f.severity == Severity::Error)
                .cloned()
                .collect();
            print!(
                "{}",
                diagnostic::render_human(&shown, &input.sources, stdout_color())
            );
            println!("Controle: {}.", diagnostic::summary(&findings));
        }
    }
    Ok(verdict(&findings, args.strict))
}

/// Exit 1 on an error, or on a violation with `--strict`.
pub fn verdict(findings: &[diagnostic::Finding], strict: bool) -> Outcome {
    let fails = |f: &&diagnostic::Finding| {
        f.severity == Severity::Error || (strict && f.severity == Severity::Violation)
    };
    if findings.iter().any(|f| fails(&f)) {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}
