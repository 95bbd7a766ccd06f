//! The rules of SPEC §4: one function per rule id, each citing its article
//! (`case` for a case's own rules, `regulation` for the regulation's). This
//! module runs them over every case — case files and register rows — and
//! finds ids shared with conflicting data (`duplicate-id`).

pub mod case;
pub mod register;
pub mod regulation;

pub use register::{Context, RegisterIds, Totals, check_register};

use crate::diagnostic::{self, Finding, Place, Severity};
use crate::model::{Case, StepKind};
use crate::procedure::Procedure;
use crate::term::dutch_date;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;

/// An open case's next due date, for the deadlines overview.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    pub due: NaiveDate,
    pub case: String,
    pub what: String,
    pub article: String,
    pub place: Place,
}

/// Per case id: where it was first seen and its comparable values.
pub type SeenIds = HashMap<String, (Place, Vec<(&'static str, String)>)>;

/// The result of checking all cases.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub deadlines: Deadlines,
}

/// The deadlines of open cases: the [`Deadlines::KEPT`] most urgent, and
/// how many there are in all. Memory does not grow with the register.
#[derive(Debug, Default)]
pub struct Deadlines {
    /// A max-heap, so the least urgent of those kept is dropped first.
    first: std::collections::BinaryHeap<Deadline>,
    total: usize,
}

impl Deadlines {
    /// How many the overview lists.
    pub const KEPT: usize = 25;

    pub fn push(&mut self, deadline: Deadline) {
        self.total += 1;
        self.keep(deadline);
    }

    /// Adds the deadlines of `other`.
    pub fn merge(&mut self, other: Deadlines) {
        self.total += other.total;
        for deadline in other.first {
            self.keep(deadline);
        }
    }

    /// Whether a deadline due on `due` added now would be kept: when
    /// fewer are kept than may be, or it is not later than the last kept.
    pub fn lists(&self, due: NaiveDate) -> bool {
        self.first.len() < Self::KEPT || self.first.peek().is_some_and(|last| due <= last.due)
    }

    fn keep(&mut self, deadline: Deadline) {
        if self.first.len() < Self::KEPT {
            self.first.push(deadline);
        } else if self.first.peek().is_some_and(|last| deadline < *last) {
            self.first.pop();
            self.first.push(deadline);
        }
    }

    /// How many open cases have a deadline.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The most urgent first.
    pub fn into_sorted(self) -> Vec<Deadline> {
        self.first.into_sorted_vec()
    }
}

/// Checks one case and notes its next deadline.
pub fn check_one(case: &Case, procedure: &Procedure, today: NaiveDate, report: &mut Report) {
    let mut findings = Vec::new();
    check_one_read(case, procedure, today, &|_| true, &mut findings);
    let trusted = !diagnostic::has_errors(&findings);
    report.findings.extend(findings);
    if trusted {
        note_deadline(case, procedure, &mut report.deadlines);
    }
}

/// Adds the findings of one case to `out`, writing the message only of
/// findings of the rules that `read` says will be read.
pub fn check_one_read(
    case: &Case,
    procedure: &Procedure,
    today: NaiveDate,
    read: &dyn Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    let ctx = case::Ctx {
        case,
        procedure,
        today,
        read,
    };
    case::check_case_into(&ctx, out);
}

/// Notes the next deadline of a case (one without errors) in `deadlines`;
/// worded only when it will be listed.
pub fn note_deadline(case: &Case, procedure: &Procedure, deadlines: &mut Deadlines) {
    match case::next_due(case, procedure, |due| deadlines.lists(due)) {
        Some(case::NextDue::Listed(due, what, article)) => deadlines.push(Deadline {
            due,
            case: case.id.value.clone(),
            what,
            article,
            place: Place::new(&case.file, Some(case.id.line)),
        }),
        Some(case::NextDue::Counted) => deadlines.total += 1,
        None => {}
    }
}

/// The values of a case that a register row can also hold, for comparing two
/// records with the same id. Absent values are left out.
pub fn comparable(case: &Case) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("ingediend", case.ingediend.value.to_string()),
        ("bij", case.bij.value.clone()),
    ];
    let mut push = |name: &'static str, value: Option<&str>| {
        if let Some(v) = value {
            fields.push((name, v.to_string()));
        }
    };
    push(
        "gebeurtenis",
        case.gebeurtenis
            .as_ref()
            .map(|d| d.value.to_string())
            .as_deref(),
    );
    push("wijze", case.wijze.as_ref().map(|v| v.value.as_str()));
    push("rol", case.indiener.rol.as_ref().map(|v| v.value.as_str()));
    push(
        "naam",
        case.indiener.naam.as_ref().map(|v| v.value.as_str()),
    );
    push(
        "opdrachtgever",
        case.opdrachtgever.as_ref().map(|v| v.value.as_str()),
    );
    push(
        "traject",
        case.traject_soort.as_ref().map(|v| v.value.as_str()),
    );
    push("werkplek", case.werkplek.as_ref().map(|v| v.value.as_str()));
    push(
        "betreft",
        case.betreft_soort.as_ref().map(|v| v.value.as_str()),
    );
    push(
        "onderwerp",
        case.onderwerp.as_ref().map(|v| v.value.as_str()),
    );
    push(
        "behandelaar",
        case.behandelaar_naam.as_ref().map(|v| v.value.as_str()),
    );
    push("oordeel", case.oordeel());
    for name in [
        "reactie_gevraagd",
        "reactie_ontvangen",
        "bevestiging",
        "uitslag",
        "ingetrokken",
        "klachtenfunctionaris",
        "kcmd_ingediend",
        "kcmd_uitspraak",
        "maatregelen_gemeld",
    ] {
        if let Some(step) = case.first(name) {
            fields.push((name, step.date.to_string()));
        }
    }
    if let Some(step) = case.uitslag()
        && let StepKind::Uitslag {
            maatregelen: Some(m),
            ..
        } = &step.kind
    {
        let mut kinds: Vec<&str> = m.iter().map(|m| m.soort.as_str()).collect();
        kinds.sort_unstable();
        fields.push((
            "maatregelen",
            if kinds.is_empty() {
                "geen".to_string()
            } else {
                kinds.join("|")
            },
        ));
    }
    fields
}

/// The first field both records hold with different values.
pub fn conflict(
    a: &[(&'static str, String)],
    b: &[(&'static str, String)],
) -> Option<&'static str> {
    a.iter()
        .find(|(name, value)| b.iter().any(|(n, v)| n == name && v != value))
        .map(|(name, _)| *name)
}

/// The `duplicate-id` error: one wording for every pair of records.
pub fn duplicate(id: &str, first: &Place, second: &Place, field: Option<&str>) -> Finding {
    let what = match field {
        Some("bestand") => ", in een ander bestand".to_string(),
        Some(f) => format!(", met andere gegevens (verschil in `{f}`)"),
        None => ", met andere gegevens".to_string(),
    };
    Finding {
        case: Some(id.to_string()),
        rule: "duplicate-id".into(),
        article: None,
        severity: Severity::Error,
        message: format!(
            "het dossiernummer {id} staat ook in {first}{what}; één klacht hoort één dossiernummer te hebben"
        ),
        file: second.file.clone(),
        line: second.line,
        cell: None,
        due: None,
        counted: false,
    }
}

/// Checks the case files: every rule per case, and ids shared between files.
/// Returns the report and, per id, the case's comparable values and place
/// (for matching register rows against).
pub fn check_cases(cases: &[Case], procedure: &Procedure, today: NaiveDate) -> (Report, SeenIds) {
    // A repeated id is found in file order; the cases are checked in
    // parallel and their findings kept in that order.
    let mut seen: SeenIds = HashMap::new();
    let compared: Vec<_> = cases.par_iter().map(comparable).collect();
    let repeated: Vec<Option<Finding>> = cases
        .iter()
        .zip(compared)
        .map(|(case, values)| {
            let place = Place::new(&case.file, Some(case.id.line));
            if let Some((first, first_values)) = seen.get(&case.id.value) {
                return Some(duplicate(
                    &case.id.value,
                    first,
                    &place,
                    conflict(first_values, &values).or(Some("bestand")),
                ));
            }
            seen.insert(case.id.value.clone(), (place, values));
            None
        })
        .collect();
    let checked: Vec<Result<Report, Finding>> = cases
        .par_iter()
        .zip(repeated)
        .map(|(case, repeated)| match repeated {
            Some(finding) => Err(finding),
            None => {
                let mut own = Report::default();
                check_one(case, procedure, today, &mut own);
                Ok(own)
            }
        })
        .collect();
    let mut report = Report::default();
    for result in checked {
        match result {
            Ok(own) => {
                report.findings.extend(own.findings);
                report.deadlines.merge(own.deadlines);
            }
            Err(finding) => report.findings.push(finding),
        }
    }
    (report, seen)
}

/// Runs every rule over the loaded case files and the regulation. Registers
/// are streamed separately (`check_register`).
pub fn check(input: &crate::load::Input, today: NaiveDate) -> (Report, SeenIds) {
    let Some(reg) = &input.regulation else {
        return (Report::default(), HashMap::new());
    };
    let (mut report, seen) = check_cases(&input.cases, &reg.procedure, today);
    report.findings.extend(regulation::check(reg));
    (report, seen)
}

/// A short Dutch line for the deadlines overview.
pub fn describe_deadline(deadline: &Deadline, today: NaiveDate) -> String {
    format!(
        "{:<18} {:<14} {} (art. {}) — {}",
        dutch_date(deadline.due),
        deadline.case,
        deadline.what,
        deadline.article,
        case::days_left(today, deadline.due)
    )
}
#[cfg(test)]
mod tests;
