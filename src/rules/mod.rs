//! The rules of SPEC §4: one function per rule id, each citing its article.
//! Pure functions from loaded values to findings.

pub mod regulation;

use crate::diagnostic::Finding;
use crate::load::Input;
use crate::markdown;
use chrono::NaiveDate;

/// Runs every rule over the loaded input.
pub fn check(input: &Input, _today: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(reg) = &input.regulation {
        let document = markdown::render(&reg.body);
        findings.extend(regulation::terms_match_text(reg, &document.articles));
    }
    findings
}
