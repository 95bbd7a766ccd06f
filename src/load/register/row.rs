//! One mapping from a row of cells to a case, shared by every source of
//! register rows: a CSV file's records and a workbook sheet's rows alike.
//!
//! It judges only the form of a cell (a date, a known value, a valid id).
//! Whether the case follows the regulation is for `rules`; values a rule
//! judges (`rol`, `betreft`, an empty `opdrachtgever`) are kept as they are.
//! Columns it does not know are never read into a case, and no message quotes
//! a cell other than a date or a value from a fixed list.

use super::layout::{COLUMN_COUNT, Column, Layout, STEP_COLUMNS, Slot};
use super::workbook::SheetText;
use crate::diagnostic::{Finding, Place};
use crate::load::cases::Vocabulary;
use crate::load::fields::unknown_value;
use crate::load::is_safe_name;
use crate::model::{At, Case, Complainant, Measure, Origin, SUBJECT_KINDS, Step, StepKind};
use crate::term::{is_impossible_date, parse_register_date};
use chrono::NaiveDate;
use std::borrow::Cow;

/// One row of the register: a case, or every problem that keeps it from being one.
#[derive(Debug)]
pub enum Row {
    Case(Box<Case>),
    Invalid(Vec<Finding>),
}

/// One row as [`RegisterFile::rows`](super::RegisterFile::rows) hands it over: the case is lent, and
/// its memory goes to the next row's case.
#[derive(Debug)]
pub enum RowRef<'a> {
    Case(&'a Case),
    Invalid(Vec<Finding>),
}

/// The strings and lists of cases that have been read, to build the next
/// case from without asking for memory: a register row is a case of a dozen
/// strings, and there are millions of rows.
#[derive(Default)]
pub(super) struct Pool {
    pub(super) strings: Vec<String>,
    pub(super) steps: Vec<Vec<Step>>,
}

impl Pool {
    pub(super) fn string(&mut self, text: &str) -> String {
        let mut string = self.strings.pop().unwrap_or_default();
        string.push_str(text);
        string
    }

    pub(super) fn steps(&mut self) -> Vec<Step> {
        self.steps.pop().unwrap_or_default()
    }

    /// Takes back the memory of a case that has been used.
    pub(super) fn take_back(&mut self, case: Case) {
        let Case {
            id,
            file,
            indiener,
            traject_soort,
            opdrachtgever,
            werkplek,
            betreft_naam,
            betreft_soort,
            onderwerp,
            omschrijving,
            wijze,
            bij,
            behandelaar_naam,
            behandelaar_functie,
            mut steps,
            ..
        } = case;
        let mut keep = |mut string: String| {
            string.clear();
            self.strings.push(string);
        };
        keep(id.value);
        keep(file);
        keep(bij.value);
        for field in [
            indiener.naam,
            indiener.rol,
            indiener.adres,
            indiener.email,
            traject_soort,
            opdrachtgever,
            werkplek,
            betreft_naam,
            betreft_soort,
            onderwerp,
            omschrijving,
            wijze,
            behandelaar_naam,
            behandelaar_functie,
        ]
        .into_iter()
        .flatten()
        {
            keep(field.value);
        }
        for step in steps.drain(..) {
            match step.kind {
                StepKind::Uitslag {
                    oordeel,
                    maatregelen,
                    ..
                } => {
                    oordeel.into_iter().for_each(&mut keep);
                    for measure in maatregelen.into_iter().flatten() {
                        keep(measure.soort);
                    }
                }
                StepKind::Verdaagd { termijn, .. } => keep(termijn),
                StepKind::Declared { name, .. } => keep(name),
                _ => {}
            }
        }
        self.steps.push(steps);
    }
}

/// The cells of one row by column; see [`Decoder::cells`].
pub(super) type Cells<'r> = [Option<Cow<'r, str>>; COLUMN_COUNT];

/// What a row is read against: the regulation's categories, value lists and
/// steps (SPEC §2.2, §3.2), owned so the reader can stream on its own.
#[derive(Debug, Default)]
pub(super) struct RowVocabulary {
    pub(super) onderwerpen: Vec<String>,
    pub(super) maatregelen: Vec<String>,
    pub(super) rollen: Vec<String>,
    pub(super) wijzen: Vec<String>,
    pub(super) bij: Vec<String>,
    pub(super) oordelen: Vec<String>,
    /// Declared steps: each a date column of its own.
    pub(super) steps: Vec<String>,
    /// Whether `afhandeling` may be extended (the `verdaagd` column).
    pub(super) extendable: bool,
    /// Every row names its opdrachtgever (reports per opdrachtgever).
    pub(super) per_opdrachtgever: bool,
}

impl RowVocabulary {
    pub(super) fn of(vocabulary: &Vocabulary) -> RowVocabulary {
        let procedure = vocabulary.procedure;
        let values = &procedure.values;
        RowVocabulary {
            onderwerpen: vocabulary
                .reporting
                .map(|r| r.onderwerpen.clone())
                .unwrap_or_default(),
            maatregelen: vocabulary
                .reporting
                .map(|r| r.maatregelen.clone())
                .unwrap_or_default(),
            rollen: values.rollen.clone(),
            wijzen: values.wijzen.clone(),
            bij: values.bij.clone(),
            oordelen: values.oordelen.clone(),
            steps: procedure.steps.iter().map(|s| s.name.clone()).collect(),
            extendable: procedure
                .term("afhandeling")
                .is_some_and(|t| t.extension.is_some()),
            per_opdrachtgever: procedure.per_opdrachtgever,
        }
    }
}

pub(super) fn strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// Reads one record into a case, collecting every problem on the way.
pub(super) struct RowReader<'r> {
    /// The trimmed, non-empty cell of each known column.
    pub(super) cells: Cells<'r>,
    /// The cells of the declared steps' columns, by `Layout::declared`.
    pub(super) declared: Vec<Option<Cow<'r, str>>>,
    pub(super) declared_names: &'r [String],
    pub(super) vocabulary: &'r RowVocabulary,
    pub(super) file: &'r str,
    /// The workbook sheet the row is on, to name the cell of a problem.
    pub(super) sheet: Option<&'r SheetText>,
    pub(super) layout: &'r Layout,
    pub(super) line: usize,
    /// Each problem with the column it is about, when it is about one.
    pub(super) problems: Vec<(Option<Slot>, String)>,
    pub(super) pool: &'r mut Pool,
}

impl<'r> RowReader<'r> {
    /// `text` in a string of the pool.
    pub(super) fn own(&mut self, text: &str) -> String {
        self.pool.string(text)
    }

    /// Takes the cell of `column`; `None` when the column or the cell is
    /// missing or empty.
    pub(super) fn cell(&mut self, column: Column) -> Option<Cow<'r, str>> {
        self.cells[column as usize].take()
    }

    pub(super) fn filled(&self, column: Column) -> bool {
        self.cells[column as usize].is_some()
    }

    pub(super) fn text(&mut self, column: Column) -> Option<At<String>> {
        let text = self.cell(column)?;
        Some(At::new(self.own(&text), self.line))
    }

    pub(super) fn date(&mut self, column: Column) -> Option<NaiveDate> {
        let text = self.cell(column)?;
        let parsed = parse_date(&text);
        if parsed.is_none() {
            self.problems
                .push((Some(Slot::Known(column)), date_problem(column, &text)));
        }
        parsed
    }

    /// A value that must be one of `allowed` (case and `_`/space aside); the
    /// allowed spelling is kept.
    pub(super) fn choice(&mut self, column: Column, allowed: &[&str]) -> Option<At<String>> {
        let text = self.cell(column)?;
        match canonical(&text, allowed.iter().copied()) {
            Some(value) => Some(At::new(self.own(value), self.line)),
            None => {
                self.problems.push((
                    Some(Slot::Known(column)),
                    unknown_value(column.name(), &text, allowed),
                ));
                None
            }
        }
    }

    /// A value a rule judges later: kept, but spelt as in `known` when it is
    /// one of those.
    pub(super) fn judged_later(&mut self, column: Column, known: &[&str]) -> Option<At<String>> {
        let text = self.cell(column)?;
        let value = match canonical(&text, known.iter().copied()) {
            Some(known) => self.own(known),
            None => self.own(&text),
        };
        Some(At::new(value, self.line))
    }

    pub(super) fn onderwerp(&mut self) -> Option<At<String>> {
        if self.vocabulary.onderwerpen.is_empty() {
            return self.text(Column::Onderwerp);
        }
        let allowed: &'r [String] = &self.vocabulary.onderwerpen;
        let text = self.cell(Column::Onderwerp)?;
        match canonical(&text, allowed.iter().map(String::as_str)) {
            Some(value) => Some(At::new(self.own(value), self.line)),
            None => {
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                self.problems.push((
                    Some(Slot::Known(Column::Onderwerp)),
                    unknown_value(Column::Onderwerp.name(), &text, &allowed),
                ));
                None
            }
        }
    }

    pub(super) fn betrokken(&mut self) -> Option<At<bool>> {
        const YES: [&str; 6] = ["ja", "j", "true", "1", "waar", "yes"];
        const NO: [&str; 6] = ["nee", "n", "false", "0", "onwaar", "no"];
        let text = self.cell(Column::Betrokken)?;
        let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(&text));
        if is(&YES) {
            Some(At::new(true, self.line))
        } else if is(&NO) {
            Some(At::new(false, self.line))
        } else {
            self.problems.push((Some(Slot::Known(Column::Betrokken)), format!(
                "kolom `betrokken`: \"{text}\" is geen ja of nee — schrijf ja als de behandelaar bij de gebeurtenis betrokken was, anders nee"
            )));
            None
        }
    }

    /// `geen` is explicitly none; an empty cell is not recorded; otherwise
    /// categories separated by `|`.
    pub(super) fn measures(&mut self) -> Option<Vec<Measure>> {
        let text = self.cell(Column::Maatregelen)?;
        if text.eq_ignore_ascii_case("geen") {
            return Some(Vec::new());
        }
        let allowed: &'r [String] = &self.vocabulary.maatregelen;
        let mut measures = Vec::new();
        for soort in text.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let known = if allowed.is_empty() {
                Some(soort)
            } else {
                canonical(soort, allowed.iter().map(String::as_str))
            };
            match known {
                Some(soort) => measures.push(Measure {
                    soort: self.pool.string(soort),
                    omschrijving: None,
                }),
                None => {
                    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                    self.problems.push((
                        Some(Slot::Known(Column::Maatregelen)),
                        unknown_value(Column::Maatregelen.name(), soort, &allowed),
                    ));
                }
            }
        }
        (!measures.is_empty()).then_some(measures)
    }

    pub(super) fn case(&mut self) -> Result<Case, Vec<Finding>> {
        let line = self.line;
        let id = match self.cell(Column::Id) {
            None => {
                self.problems.push((
                    Some(Slot::Known(Column::Id)),
                    "kolom `id` is leeg: elke regel heeft een kenmerk nodig, zoals K-2026-001"
                        .to_string(),
                ));
                None
            }
            Some(id) if is_safe_name(&id) => Some(self.own(&id)),
            Some(_) => {
                self.problems.push((
                    Some(Slot::Known(Column::Id)),
                    "kolom `id`: een kenmerk mag alleen letters, cijfers, `-`, `_` en `.` bevatten en niet met `.` beginnen"
                        .to_string(),
                ));
                None
            }
        };
        let ingediend = if !self.filled(Column::Ingediend) {
            self.problems.push((
                Some(Slot::Known(Column::Ingediend)),
                "kolom `ingediend` is leeg: de datum waarop de klacht is ingediend is verplicht"
                    .to_string(),
            ));
            None
        } else {
            self.date(Column::Ingediend)
        };

        let gebeurtenis = self.date(Column::Gebeurtenis);
        let vocabulary = self.vocabulary;
        let wijze = self.choice(Column::Wijze, &strs(&vocabulary.wijzen));
        let bij = self.choice(Column::Bij, &strs(&vocabulary.bij));
        let rol = self.judged_later(Column::Rol, &strs(&vocabulary.rollen));
        let naam = self.text(Column::Naam);
        let opdrachtgever = self.text(Column::Opdrachtgever);
        let traject_soort = self.text(Column::Traject);
        let werkplek = self.text(Column::Werkplek);
        let betreft_soort = self.judged_later(Column::Betreft, &SUBJECT_KINDS);
        let onderwerp = self.onderwerp();
        let behandelaar_naam = self.text(Column::Behandelaar);
        let behandelaar_betrokken = self.betrokken();

        let has_oordeel = self.filled(Column::Oordeel);
        let has_measures = self.filled(Column::Maatregelen);
        let mut oordeel = self
            .choice(Column::Oordeel, &strs(&vocabulary.oordelen))
            .map(|o| o.value);
        let mut maatregelen = self.measures();
        if !self.filled(Column::Uitslag) {
            for (filled, column) in [
                (has_oordeel, Column::Oordeel),
                (has_measures, Column::Maatregelen),
            ] {
                if filled {
                    self.problems.push((
                        Some(Slot::Known(column)),
                        format!(
                            "`{}` ingevuld maar geen datum in kolom `uitslag`",
                            column.name()
                        ),
                    ));
                }
            }
        }

        if self.filled(Column::Verdaagd) && !vocabulary.extendable {
            self.cell(Column::Verdaagd);
            self.problems.push((
                Some(Slot::Known(Column::Verdaagd)),
                "kolom `verdaagd` is ingevuld, maar het reglement geeft de termijn `afhandeling` geen `verlenging`"
                    .to_string(),
            ));
        }
        let dated = STEP_COLUMNS.iter().filter(|c| self.filled(**c)).count()
            + self.declared.iter().flatten().count();
        let mut steps = self.pool.steps();
        steps.reserve(dated);
        for column in STEP_COLUMNS {
            let Some(date) = self.date(column) else {
                continue;
            };
            let kind = match column {
                Column::ReactieGevraagd => StepKind::ReactieGevraagd,
                Column::ReactieOntvangen => StepKind::ReactieOntvangen,
                Column::Bevestiging => StepKind::Bevestiging {
                    afspraken: Vec::new(),
                },
                Column::Uitslag => StepKind::Uitslag {
                    oordeel: oordeel.take(),
                    motivering: None,
                    maatregelen: maatregelen.take(),
                },
                Column::Ingetrokken => StepKind::Ingetrokken { bevestigd: None },
                Column::Klachtenfunctionaris => StepKind::Klachtenfunctionaris,
                Column::KcmdIngediend => StepKind::KcmdIngediend,
                Column::KcmdUitspraak => StepKind::KcmdUitspraak { maatregelen: None },
                Column::Ontvangstbevestiging => StepKind::Ontvangstbevestiging,
                Column::Verdaagd => StepKind::Verdaagd {
                    termijn: self.pool.string("afhandeling"),
                    reden: None,
                },
                _ => StepKind::MaatregelenGemeld,
            };
            steps.push(Step { date, line, kind });
        }
        for index in 0..self.declared.len() {
            let Some(text) = self.declared[index].take() else {
                continue;
            };
            let name = &self.declared_names[index];
            match parse_date(&text) {
                Some(date) => steps.push(Step {
                    date,
                    line,
                    kind: StepKind::Declared {
                        name: self.pool.string(name),
                        dates: Vec::new(),
                    },
                }),
                None => self
                    .problems
                    .push((Some(Slot::Declared(index)), date_problem_named(name, &text))),
            }
        }
        steps.sort_by_key(|step| step.date);

        match (id, ingediend) {
            (Some(id), Some(ingediend)) if self.problems.is_empty() => Ok(Case {
                id: At::new(id, line),
                origin: Origin::Register,
                file: self.pool.string(self.file),
                indiener: Complainant {
                    naam,
                    rol,
                    adres: None,
                    email: None,
                },
                traject_soort,
                opdrachtgever,
                werkplek,
                betreft_naam: None,
                betreft_soort,
                onderwerp,
                omschrijving: None,
                gebeurtenis: gebeurtenis.map(|date| At::new(date, line)),
                ingediend: At::new(ingediend, line),
                wijze,
                bij: bij.unwrap_or_else(|| {
                    At::new(
                        self.pool
                            .string(crate::procedure::default_bij(&vocabulary.bij)),
                        line,
                    )
                }),
                behandelaar_naam,
                behandelaar_betrokken,
                behandelaar_functie: None,
                steps,
            }),
            (id, _) => {
                let place = Place::new(self.file, Some(line));
                Err(std::mem::take(&mut self.problems)
                    .into_iter()
                    .map(|(slot, message)| {
                        let finding = Finding::schema(&place, message).for_case(id.as_deref());
                        match (self.sheet, slot.and_then(|slot| self.layout.field_of(slot))) {
                            (Some(sheet), Some(field)) => finding.in_cell(sheet.cell(field, line)),
                            _ => finding,
                        }
                    })
                    .collect())
            }
        }
    }
}

/// The spelling in `allowed` that `text` means, ignoring case and treating
/// space, `-` and `_` alike ("Deels gegrond" is `deels_gegrond`).
pub(super) fn canonical<'a, I>(text: &str, allowed: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let allowed = allowed.into_iter();
    if let Some(exact) = allowed.clone().find(|candidate| *candidate == text) {
        return Some(exact);
    }
    let fold = |b: u8| match b {
        b' ' | b'-' => b'_',
        b => b.to_ascii_lowercase(),
    };
    allowed.into_iter().find(|candidate| {
        candidate.len() == text.len()
            && candidate
                .bytes()
                .zip(text.bytes())
                .all(|(a, b)| fold(a) == fold(b))
    })
}

/// [`parse_register_date`], with a quick path for the two forms nearly every
/// register uses: `YYYY-MM-DD` and `DD-MM-YYYY`.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (year, month, day) = match bytes {
        [y @ .., b'-', _, _, b'-', _, _] if y.len() == 4 => {
            (&bytes[0..4], &bytes[5..7], &bytes[8..10])
        }
        [_, _, b'-', _, _, b'-', y @ ..] if y.len() == 4 => {
            (&bytes[6..10], &bytes[3..5], &bytes[0..2])
        }
        _ => return parse_register_date(text),
    };
    match (number(year), number(month), number(day)) {
        (Some(year), Some(month), Some(day)) => NaiveDate::from_ymd_opt(year as i32, month, day),
        _ => parse_register_date(text),
    }
}

/// Why a date cell is not a date, naming the column.
pub(super) fn date_problem(column: Column, text: &str) -> String {
    date_problem_named(column.name(), text)
}

pub(super) fn date_problem_named(name: &str, text: &str) -> String {
    if is_impossible_date(&text.replace(['/', '.'], "-")) {
        format!("kolom `{name}`: de datum \"{text}\" bestaat niet")
    } else {
        format!(
            "kolom `{name}`: \"{text}\" is geen datum — schrijf JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2026-03-02 of 2-3-2026"
        )
    }
}
