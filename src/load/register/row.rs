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
use crate::few::Few;
use crate::load::cases::Vocabulary;
use crate::load::fields::unknown_value;
use crate::load::is_safe_name;
use crate::model::{At, Case, Complainant, Measure, Origin, SUBJECT_KINDS, Step, StepKind};
use crate::term::{is_impossible_date, parse_register_date};
use chrono::NaiveDate;

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
    measures: Vec<Vec<Measure>>,
}

impl Pool {
    pub(super) fn string(&mut self, text: &str) -> String {
        let mut string = self.strings.pop().unwrap_or_default();
        string.push_str(text);
        string
    }

    fn keep(&mut self, mut string: String) {
        string.clear();
        self.strings.push(string);
    }

    /// Puts `text` in `field`, into the string already there when there is
    /// one.
    fn put(&mut self, field: &mut Option<At<String>>, text: Option<&str>, line: usize) {
        match (field.as_mut(), text) {
            (Some(at), Some(text)) => {
                at.value.clear();
                at.value.push_str(text);
                at.line = line;
            }
            (None, Some(text)) => *field = Some(At::new(self.string(text), line)),
            (Some(_), None) => {
                if let Some(at) = field.take() {
                    self.keep(at.value);
                }
            }
            (None, None) => {}
        }
    }

    /// Takes back the memory of the steps of a case that has been used.
    fn take_back_steps(&mut self, steps: &mut Vec<Step>) {
        for step in steps.drain(..) {
            match step.kind {
                StepKind::Uitslag {
                    oordeel,
                    maatregelen,
                    ..
                } => {
                    if let Some(oordeel) = oordeel {
                        self.keep(oordeel);
                    }
                    if let Some(mut measures) = maatregelen {
                        for measure in measures.drain(..) {
                            self.keep(measure.soort);
                        }
                        self.measures.push(measures);
                    }
                }
                StepKind::Verdaagd { termijn, .. } => self.keep(termijn),
                StepKind::Declared { name, .. } => self.keep(name),
                _ => {}
            }
        }
    }
}

/// The case of the row read last, whose memory the next row's case reuses,
/// and the strings of the values it no longer has.
pub(super) struct Scratch {
    pub(super) pool: Pool,
    pub(super) case: Case,
    pub(super) dates: DateCache,
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch {
            pool: Pool::default(),
            dates: DateCache::default(),
            case: Case {
                id: At::new(String::new(), 0),
                origin: Origin::Register,
                file: String::new(),
                indiener: Complainant::default(),
                traject_soort: None,
                opdrachtgever: None,
                werkplek: None,
                betreft_naam: None,
                betreft_soort: None,
                onderwerp: None,
                omschrijving: None,
                gebeurtenis: None,
                ingediend: At::new(NaiveDate::MIN, 0),
                wijze: None,
                bij: At::new(String::new(), 0),
                behandelaar_naam: None,
                behandelaar_betrokken: None,
                behandelaar_functie: None,
                steps: Vec::new(),
            },
        }
    }
}

/// The cells of one row by column; see [`Decoder::cells`].
pub(super) type Cells<'r> = [Option<&'r str>; COLUMN_COUNT];

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
    pub(super) declared: Vec<Option<&'r str>>,
    pub(super) declared_names: &'r [String],
    pub(super) vocabulary: &'r RowVocabulary,
    pub(super) file: &'r str,
    /// The workbook sheet the row is on, to name the cell of a problem.
    pub(super) sheet: Option<&'r SheetText>,
    pub(super) layout: &'r Layout,
    pub(super) line: usize,
    /// Each problem with the column it is about, when it is about one.
    pub(super) problems: Vec<(Option<Slot>, String)>,
    /// The row's id, when it is a valid one, to name the case in findings.
    pub(super) id: Option<&'r str>,
    pub(super) dates: &'r mut DateCache,
}

/// The dates read lately, by their text: a register's rows are mostly in
/// date order, so the same few hundred days come back row after row.
pub(super) struct DateCache {
    /// By a hash of the text: the text's first and last eight bytes and its
    /// length (together the whole text, of eight to sixteen bytes), and its
    /// date.
    slots: Vec<(u64, u64, usize, Option<NaiveDate>)>,
}

impl Default for DateCache {
    fn default() -> DateCache {
        DateCache {
            slots: vec![(0, 0, usize::MAX, None); Self::SLOTS],
        }
    }
}

impl DateCache {
    const SLOTS: usize = 256;

    /// [`parse_date`], remembered.
    pub(super) fn parse(&mut self, text: &str) -> Option<NaiveDate> {
        let bytes = text.as_bytes();
        // Dates are written in eight to ten characters; others are rare.
        let (Some(head), Some(tail)) = (
            bytes.first_chunk::<8>().copied(),
            bytes.last_chunk::<8>().copied(),
        ) else {
            return parse_date(text);
        };
        if bytes.len() > 16 {
            return parse_date(text);
        }
        let (head, tail) = (u64::from_le_bytes(head), u64::from_le_bytes(tail));
        let hash = (head ^ tail.rotate_left(21)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = &mut self.slots[(hash >> 56) as usize % Self::SLOTS];
        if slot.0 == head && slot.1 == tail && slot.2 == bytes.len() {
            return slot.3;
        }
        let date = parse_date(text);
        *slot = (head, tail, bytes.len(), date);
        date
    }
}

/// The values of a row that passed, borrowed from its cells and from the
/// vocabulary, to be put into a case.
struct Values<'r> {
    id: &'r str,
    ingediend: NaiveDate,
    gebeurtenis: Option<NaiveDate>,
    wijze: Option<&'r str>,
    bij: Option<&'r str>,
    rol: Option<&'r str>,
    naam: Option<&'r str>,
    opdrachtgever: Option<&'r str>,
    traject_soort: Option<&'r str>,
    werkplek: Option<&'r str>,
    betreft_soort: Option<&'r str>,
    onderwerp: Option<&'r str>,
    behandelaar_naam: Option<&'r str>,
    behandelaar_betrokken: Option<bool>,
    oordeel: Option<&'r str>,
    maatregelen: Option<Few<&'r str, 4>>,
    /// The date in each column of `STEP_COLUMNS`.
    steps: [Option<NaiveDate>; STEP_COLUMNS.len()],
    /// Each declared step with its date, by index in `Layout::declared`.
    declared: Vec<(usize, NaiveDate)>,
}

impl<'r> RowReader<'r> {
    /// Takes the cell of `column`; `None` when the column or the cell is
    /// missing or empty.
    #[inline]
    pub(super) fn cell(&mut self, column: Column) -> Option<&'r str> {
        self.cells[column as usize].take()
    }

    pub(super) fn filled(&self, column: Column) -> bool {
        self.cells[column as usize].is_some()
    }

    #[inline]
    pub(super) fn date(&mut self, column: Column) -> Option<NaiveDate> {
        let text = self.cell(column)?;
        let parsed = self.dates.parse(text);
        if parsed.is_none() {
            self.problems
                .push((Some(Slot::Known(column)), date_problem(column, text)));
        }
        parsed
    }

    /// A value that must be one of `allowed` (case and `_`/space aside); the
    /// allowed spelling is kept.
    fn choice(&mut self, column: Column, allowed: &'r [String]) -> Option<&'r str> {
        let text = self.cell(column)?;
        let known = canonical(text, allowed.iter().map(String::as_str));
        if known.is_none() {
            self.problems.push((
                Some(Slot::Known(column)),
                unknown_value(column.name(), text, &strs(allowed)),
            ));
        }
        known
    }

    /// A value a rule judges later: kept, but spelt as in `known` when it is
    /// one of those.
    fn judged_later<I>(&mut self, column: Column, known: I) -> Option<&'r str>
    where
        I: IntoIterator<Item = &'r str>,
        I::IntoIter: Clone,
    {
        let text = self.cell(column)?;
        Some(canonical(text, known).unwrap_or(text))
    }

    fn onderwerp(&mut self) -> Option<&'r str> {
        if self.vocabulary.onderwerpen.is_empty() {
            return self.cell(Column::Onderwerp);
        }
        self.choice(Column::Onderwerp, &self.vocabulary.onderwerpen)
    }

    fn betrokken(&mut self) -> Option<bool> {
        const YES: [&str; 6] = ["ja", "j", "true", "1", "waar", "yes"];
        const NO: [&str; 6] = ["nee", "n", "false", "0", "onwaar", "no"];
        let text = self.cell(Column::Betrokken)?;
        let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
        if is(&YES) {
            Some(true)
        } else if is(&NO) {
            Some(false)
        } else {
            self.problems.push((Some(Slot::Known(Column::Betrokken)), format!(
                "kolom `betrokken`: \"{text}\" is geen ja of nee — schrijf ja als de behandelaar bij de gebeurtenis betrokken was, anders nee"
            )));
            None
        }
    }

    /// `geen` is explicitly none; an empty cell is not recorded; otherwise
    /// categories separated by `|`.
    fn measures(&mut self) -> Option<Few<&'r str, 4>> {
        let text = self.cell(Column::Maatregelen)?;
        let mut measures = Few::new("");
        if text.eq_ignore_ascii_case("geen") {
            return Some(measures);
        }
        for part in measure_parts(text) {
            if let Some(measure) = self.measure(part) {
                measures.push(measure);
            }
        }
        (!measures.is_empty()).then_some(measures)
    }

    /// One category of a `maatregelen` cell, spelt as in the regulation's
    /// list when it has one. An unknown category is a problem.
    fn measure(&mut self, part: &'r str) -> Option<&'r str> {
        let allowed: &'r [String] = &self.vocabulary.maatregelen;
        if allowed.is_empty() {
            return Some(part);
        }
        let known = canonical(part, allowed.iter().map(String::as_str));
        if known.is_none() {
            self.problems.push((
                Some(Slot::Known(Column::Maatregelen)),
                unknown_value(Column::Maatregelen.name(), part, &strs(allowed)),
            ));
        }
        known
    }

    /// Reads the row into `case`, over the values of the row before, or
    /// returns the findings that keep it from being a case (`case` is then
    /// left half filled).
    pub(super) fn case(&mut self, pool: &mut Pool, case: &mut Case) -> Result<(), Vec<Finding>> {
        match self.values() {
            Some(values) => {
                self.put(values, pool, case);
                Ok(())
            }
            None => Err(self.findings()),
        }
    }

    /// The row's values, when it has no problems.
    fn values(&mut self) -> Option<Values<'r>> {
        let id = match self.cell(Column::Id) {
            None => {
                self.problems.push((
                    Some(Slot::Known(Column::Id)),
                    "kolom `id` is leeg: elke regel heeft een kenmerk nodig, zoals K-2026-001"
                        .to_string(),
                ));
                None
            }
            Some(id) if is_safe_name(id) => Some(id),
            Some(_) => {
                self.problems.push((
                    Some(Slot::Known(Column::Id)),
                    "kolom `id`: een kenmerk mag alleen letters, cijfers, `-`, `_` en `.` bevatten en niet met `.` beginnen"
                        .to_string(),
                ));
                None
            }
        };
        // Kept for the findings, which name the case.
        self.id = id;
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
        let wijze = self.choice(Column::Wijze, &vocabulary.wijzen);
        let bij = self.choice(Column::Bij, &vocabulary.bij);
        let rol = self.judged_later(Column::Rol, vocabulary.rollen.iter().map(String::as_str));
        let naam = self.cell(Column::Naam);
        let opdrachtgever = self.cell(Column::Opdrachtgever);
        let traject_soort = self.cell(Column::Traject);
        let werkplek = self.cell(Column::Werkplek);
        let betreft_soort = self.judged_later(Column::Betreft, SUBJECT_KINDS);
        let onderwerp = self.onderwerp();
        let behandelaar_naam = self.cell(Column::Behandelaar);
        let behandelaar_betrokken = self.betrokken();

        let has_oordeel = self.filled(Column::Oordeel);
        let has_measures = self.filled(Column::Maatregelen);
        let oordeel = self.choice(Column::Oordeel, &vocabulary.oordelen);
        let maatregelen = self.measures();
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
        let steps = STEP_COLUMNS.map(|column| self.date(column));
        let mut declared = Vec::new();
        for index in 0..self.declared.len() {
            let Some(text) = self.declared[index].take() else {
                continue;
            };
            match self.dates.parse(text) {
                Some(date) => declared.push((index, date)),
                None => self.problems.push((
                    Some(Slot::Declared(index)),
                    date_problem_named(&self.declared_names[index], text),
                )),
            }
        }
        if !self.problems.is_empty() {
            return None;
        }
        Some(Values {
            id: id?,
            ingediend: ingediend?,
            gebeurtenis,
            wijze,
            bij,
            rol,
            naam,
            opdrachtgever,
            traject_soort,
            werkplek,
            betreft_soort,
            onderwerp,
            behandelaar_naam,
            behandelaar_betrokken,
            oordeel,
            maatregelen,
            steps,
            declared,
        })
    }

    /// Puts `values` into `case`, in the memory of the values there.
    fn put(&self, values: Values, pool: &mut Pool, case: &mut Case) {
        let line = self.line;
        let text = |field: &mut String, value: &str| {
            field.clear();
            field.push_str(value);
        };
        text(&mut case.id.value, values.id);
        case.id.line = line;
        if case.file != self.file {
            text(&mut case.file, self.file);
        }
        text(
            &mut case.bij.value,
            values
                .bij
                .unwrap_or_else(|| crate::procedure::default_bij(&self.vocabulary.bij)),
        );
        case.bij.line = line;
        case.ingediend = At::new(values.ingediend, line);
        case.gebeurtenis = values.gebeurtenis.map(|date| At::new(date, line));
        case.behandelaar_betrokken = values.behandelaar_betrokken.map(|b| At::new(b, line));
        for (field, value) in [
            (&mut case.wijze, values.wijze),
            (&mut case.indiener.rol, values.rol),
            (&mut case.indiener.naam, values.naam),
            (&mut case.opdrachtgever, values.opdrachtgever),
            (&mut case.traject_soort, values.traject_soort),
            (&mut case.werkplek, values.werkplek),
            (&mut case.betreft_soort, values.betreft_soort),
            (&mut case.onderwerp, values.onderwerp),
            (&mut case.behandelaar_naam, values.behandelaar_naam),
        ] {
            pool.put(field, value, line);
        }

        pool.take_back_steps(&mut case.steps);
        let (mut oordeel, mut maatregelen) = (values.oordeel, values.maatregelen);
        for (column, date) in STEP_COLUMNS.into_iter().zip(values.steps) {
            let Some(date) = date else {
                continue;
            };
            let kind = match column {
                Column::ReactieGevraagd => StepKind::ReactieGevraagd,
                Column::ReactieOntvangen => StepKind::ReactieOntvangen,
                Column::Bevestiging => StepKind::Bevestiging {
                    afspraken: Vec::new(),
                },
                Column::Uitslag => StepKind::Uitslag {
                    oordeel: oordeel.take().map(|o| pool.string(o)),
                    motivering: None,
                    maatregelen: maatregelen.take().map(|list| {
                        let mut measures = pool.measures.pop().unwrap_or_default();
                        for soort in list.iter() {
                            measures.push(Measure {
                                soort: pool.string(soort),
                                omschrijving: None,
                            });
                        }
                        measures
                    }),
                },
                Column::Ingetrokken => StepKind::Ingetrokken { bevestigd: None },
                Column::Klachtenfunctionaris => StepKind::Klachtenfunctionaris,
                Column::KcmdIngediend => StepKind::KcmdIngediend,
                Column::KcmdUitspraak => StepKind::KcmdUitspraak { maatregelen: None },
                Column::Ontvangstbevestiging => StepKind::Ontvangstbevestiging,
                Column::Verdaagd => StepKind::Verdaagd {
                    termijn: pool.string("afhandeling"),
                    reden: None,
                },
                _ => StepKind::MaatregelenGemeld,
            };
            insert_in_date_order(&mut case.steps, Step { date, line, kind });
        }
        for (index, date) in values.declared {
            let kind = StepKind::Declared {
                name: pool.string(&self.declared_names[index]),
                dates: Vec::new(),
            };
            insert_in_date_order(&mut case.steps, Step { date, line, kind });
        }
    }

    /// The row's problems as findings.
    fn findings(&mut self) -> Vec<Finding> {
        let place = Place::new(self.file, Some(self.line));
        let id = self.id.take();
        std::mem::take(&mut self.problems)
            .into_iter()
            .map(|(slot, message)| {
                let finding = Finding::schema(&place, message).for_case(id);
                match (self.sheet, slot.and_then(|slot| self.layout.field_of(slot))) {
                    (Some(sheet), Some(field)) => finding.in_cell(sheet.cell(field, self.line)),
                    _ => finding,
                }
            })
            .collect()
    }
}

/// Puts `step` after every step of `steps` (in date order) with its date or
/// an earlier one: the order a stable sort by date of the steps in the order
/// they came gives.
fn insert_in_date_order(steps: &mut Vec<Step>, step: Step) {
    let mut at = steps.len();
    while at > 0 && steps[at - 1].date > step.date {
        at -= 1;
    }
    steps.insert(at, step);
}

/// The categories of a `maatregelen` cell: separated by `|`, trimmed.
fn measure_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// The spelling in `allowed` that `text` means, ignoring case and treating
/// space, `-` and `_` alike ("Deels gegrond" is `deels_gegrond`).
pub(super) fn canonical<'a, I>(text: &str, allowed: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let allowed = allowed.into_iter();
    if let Some(exact) = allowed
        .clone()
        .find(|candidate| crate::hash::same_text(candidate, text))
    {
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
