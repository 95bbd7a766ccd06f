//! The rules of SPEC §4: one function per rule id, each citing its article
//! (`case` for a case's own rules, `regulation` for the regulation's). This
//! module runs them over every case — case files and register rows — and
//! finds ids shared with conflicting data (`duplicate-id`).

pub mod case;
pub mod regulation;

use crate::diagnostic::{Finding, Place, Severity};
use crate::model::{Case, StepKind};
use crate::procedure::Procedure;
use crate::term::dutch_date;
use chrono::NaiveDate;
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
    pub deadlines: Vec<Deadline>,
}

/// Checks one case and notes its next deadline.
pub fn check_one(case: &Case, procedure: &Procedure, today: NaiveDate, report: &mut Report) {
    let ctx = case::Ctx {
        case,
        procedure,
        today,
    };
    let findings = case::check_case(&ctx);
    let trusted = !findings.iter().any(|f| f.severity == Severity::Error);
    report.findings.extend(findings);
    if trusted
        && let Some((due, what, article)) = case::pending_dues(case, procedure).into_iter().next()
    {
        report.deadlines.push(Deadline {
            due,
            case: case.id.value.clone(),
            what,
            article,
            place: Place::new(&case.file, Some(case.id.line)),
        });
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
            "het dossiernummer {id} staat ook in {first}, met andere gegevens{what}; één klacht hoort één dossiernummer te hebben"
        ),
        file: second.file.clone(),
        line: second.line,
        due: None,
    }
}

/// Checks the case files: every rule per case, and ids shared between files.
/// Returns the report and, per id, the case's comparable values and place
/// (for matching register rows against).
pub fn check_cases(cases: &[Case], procedure: &Procedure, today: NaiveDate) -> (Report, SeenIds) {
    let mut report = Report::default();
    let mut seen: SeenIds = HashMap::new();
    for case in cases {
        let place = Place::new(&case.file, Some(case.id.line));
        let values = comparable(case);
        if let Some((first, first_values)) = seen.get(&case.id.value) {
            report.findings.push(duplicate(
                &case.id.value,
                first,
                &place,
                conflict(first_values, &values).or(Some("bestand")),
            ));
            continue;
        }
        seen.insert(case.id.value.clone(), (place, values));
        check_one(case, procedure, today, &mut report);
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

/// Register ids seen so far: a hash of the id → where it was first seen and
/// a hash of that row's values. Hashes and 32-bit places keep an entry at 24
/// bytes, so a million rows fit in about 50 MB of table.
#[derive(Default)]
pub struct RegisterIds {
    files: Vec<String>,
    rows: HashMap<u64, FirstRow, std::hash::BuildHasherDefault<Fnv>>,
}

/// Where a register id was first seen, and the fingerprint of its values.
#[derive(Clone, Copy)]
struct FirstRow {
    file: u32,
    line: u32,
    values: u64,
}

/// FNV-1a: a fast, stable hash; ids and row fingerprints need no DoS resistance.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<Fnv>::default().hash_one(value)
}

/// A hash of what `comparable` would list, without building it.
fn fingerprint(case: &Case) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Fnv::default();
    let text = |v: &Option<crate::model::At<String>>, h: &mut Fnv| {
        v.as_ref().map(|a| a.value.as_str()).hash(h)
    };
    case.ingediend.value.hash(&mut h);
    case.bij.value.hash(&mut h);
    case.gebeurtenis.as_ref().map(|g| g.value).hash(&mut h);
    for field in [
        &case.wijze,
        &case.indiener.rol,
        &case.indiener.naam,
        &case.opdrachtgever,
        &case.traject_soort,
        &case.werkplek,
        &case.betreft_soort,
        &case.onderwerp,
        &case.behandelaar_naam,
    ] {
        text(field, &mut h);
    }
    case.behandelaar_betrokken
        .as_ref()
        .map(|b| b.value)
        .hash(&mut h);
    for step in &case.steps {
        step.kind.name().hash(&mut h);
        step.date.hash(&mut h);
        if let StepKind::Uitslag {
            oordeel,
            maatregelen,
            ..
        } = &step.kind
        {
            oordeel.hash(&mut h);
            maatregelen
                .as_ref()
                .map(|m| m.iter().map(|m| m.soort.as_str()).collect::<Vec<_>>())
                .hash(&mut h);
        }
    }
    h.finish()
}

/// Where a streamed register's findings and counted cases go.
pub struct Sinks<'a> {
    pub findings: &'a mut dyn FnMut(Finding),
    pub cases: &'a mut dyn FnMut(&Case),
}

/// Streams one register: checks each row as a case and hands every counted
/// case to `on_case`. A row whose id is also a case file's is the same case
/// (not counted twice) unless their values conflict (`duplicate-id`).
/// Returns the reader's notices, each prefixed with the file.
pub fn check_register(
    mut reader: crate::load::register::RegisterReader,
    procedure: &Procedure,
    today: NaiveDate,
    case_files: &SeenIds,
    ids: &mut RegisterIds,
    report: &mut Report,
    to: Sinks,
) -> Vec<String> {
    let Sinks {
        findings: on_finding,
        cases: on_case,
    } = to;
    use crate::load::register::Row;
    for finding in reader.header_findings() {
        on_finding(finding.clone());
    }
    let file_index = u32::try_from(ids.files.len()).unwrap_or(u32::MAX);
    ids.files.push(reader.file().to_string());
    for row in reader.by_ref() {
        // The findings of each row go on at once: none are held here.
        for finding in report.findings.drain(..) {
            on_finding(finding);
        }
        let case = match row {
            Row::Invalid(findings) => {
                findings.into_iter().for_each(&mut *on_finding);
                continue;
            }
            Row::Case(case) => case,
        };
        let place = Place::new(&case.file, Some(case.id.line));
        if let Some((first, first_values)) = case_files.get(&case.id.value) {
            if let Some(field) = conflict(first_values, &comparable(&case)) {
                report
                    .findings
                    .push(duplicate(&case.id.value, first, &place, Some(field)));
            }
            continue;
        }
        let id_hash = hash_of(&case.id.value);
        let values_hash = fingerprint(&case);
        match ids.rows.get(&id_hash) {
            Some(&first) => {
                if first.values != values_hash {
                    let first =
                        Place::new(&ids.files[first.file as usize], Some(first.line as usize));
                    report
                        .findings
                        .push(duplicate(&case.id.value, &first, &place, None));
                }
                continue;
            }
            None => {
                ids.rows.insert(
                    id_hash,
                    FirstRow {
                        file: file_index,
                        // A register of more than 4 billion lines cannot be read anyway.
                        line: u32::try_from(case.id.line).unwrap_or(u32::MAX),
                        values: values_hash,
                    },
                );
            }
        }
        check_one(&case, procedure, today, report);
        on_case(&case);
    }
    for finding in report.findings.drain(..) {
        on_finding(finding);
    }
    let file = reader.file().to_string();
    reader
        .notices()
        .into_iter()
        .map(|n| format!("{file}: {n}"))
        .collect()
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
