//! Reading a complaint register `data/*.csv` (SPEC §3.2), one row at a time.
//!
//! A register is whatever an organisation exports from Excel: `,`, `;` or tab
//! between cells, UTF-8 with or without BOM or Windows-1252, CRLF line ends,
//! Dutch dates, empty cells. [`RegisterReader`] streams such a file through one
//! reused record buffer — never the whole file in memory — and turns each row
//! into a [`Case`] of [`Origin::Register`], or into the `schema` findings that
//! stop it.
//!
//! It judges only the form of a cell (a date, a known value, a valid id).
//! Whether the case follows the regulation is for `rules`; values a rule judges
//! (`rol`, `betreft`, an empty `opdrachtgever`) are kept as they are. Columns it
//! does not know are never read into a case, and no message quotes a cell
//! other than a date or a value from a fixed list.

use crate::diagnostic::{Finding, Place, did_you_mean};
use crate::load::fields::unknown_value;
use crate::load::{IoProblem, is_safe_name, relative};
use crate::model::{
    At, Case, Complainant, FILED_WITH, Measure, OUTCOMES, Origin, ROLES, Reporting, SUBJECT_KINDS,
    Step, StepKind, WAYS,
};
use crate::term::{is_impossible_date, parse_register_date};
use chrono::NaiveDate;
use csv::ByteRecord;
use std::borrow::Cow;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How much of the file is read to detect its delimiter and encoding.
const SNIFF_BYTES: u64 = 64 * 1024;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns of SPEC §3.2, in that order (the order of [`COLUMN_NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Ingediend,
    Gebeurtenis,
    Wijze,
    Bij,
    Rol,
    Naam,
    Opdrachtgever,
    Traject,
    Werkplek,
    Betreft,
    Onderwerp,
    Behandelaar,
    Betrokken,
    ReactieGevraagd,
    ReactieOntvangen,
    Bevestiging,
    Uitslag,
    Oordeel,
    Maatregelen,
    Ingetrokken,
    Klachtenfunctionaris,
    KcmdIngediend,
    KcmdUitspraak,
    MaatregelenGemeld,
}

const COLUMN_COUNT: usize = 25;

/// Every column, so tests can check it against [`COLUMN_NAMES`].
#[cfg(test)]
const COLUMNS: [Column; COLUMN_COUNT] = [
    Column::Id,
    Column::Ingediend,
    Column::Gebeurtenis,
    Column::Wijze,
    Column::Bij,
    Column::Rol,
    Column::Naam,
    Column::Opdrachtgever,
    Column::Traject,
    Column::Werkplek,
    Column::Betreft,
    Column::Onderwerp,
    Column::Behandelaar,
    Column::Betrokken,
    Column::ReactieGevraagd,
    Column::ReactieOntvangen,
    Column::Bevestiging,
    Column::Uitslag,
    Column::Oordeel,
    Column::Maatregelen,
    Column::Ingetrokken,
    Column::Klachtenfunctionaris,
    Column::KcmdIngediend,
    Column::KcmdUitspraak,
    Column::MaatregelenGemeld,
];

const COLUMN_NAMES: [&str; COLUMN_COUNT] = [
    "id",
    "ingediend",
    "gebeurtenis",
    "wijze",
    "bij",
    "rol",
    "naam",
    "opdrachtgever",
    "traject",
    "werkplek",
    "betreft",
    "onderwerp",
    "behandelaar",
    "betrokken",
    "reactie_gevraagd",
    "reactie_ontvangen",
    "bevestiging",
    "uitslag",
    "oordeel",
    "maatregelen",
    "ingetrokken",
    "klachtenfunctionaris",
    "kcmd_ingediend",
    "kcmd_uitspraak",
    "maatregelen_gemeld",
];

/// Columns without which the register cannot be used (SPEC §3.2).
const REQUIRED: [Column; 3] = [Column::Id, Column::Ingediend, Column::Opdrachtgever];

/// The date columns that each stand for a step of `verloop`; steps on the same
/// day keep this order.
const STEP_COLUMNS: [Column; 9] = [
    Column::ReactieGevraagd,
    Column::ReactieOntvangen,
    Column::Bevestiging,
    Column::Uitslag,
    Column::Ingetrokken,
    Column::Klachtenfunctionaris,
    Column::KcmdIngediend,
    Column::KcmdUitspraak,
    Column::MaatregelenGemeld,
];

impl Column {
    fn name(self) -> &'static str {
        COLUMN_NAMES[self as usize]
    }
}

/// One row of the register: a case, or every problem that keeps it from being one.
#[derive(Debug)]
pub enum Row {
    Case(Box<Case>),
    Invalid(Vec<Finding>),
}

/// Streams the rows of one register file; see the module docs.
pub struct RegisterReader {
    file: String,
    reader: csv::Reader<File>,
    /// The one record buffer, reused for every row.
    record: ByteRecord,
    layout: Layout,
    decoder: Decoder,
    delimiter: u8,
    onderwerpen: Vec<String>,
    maatregelen: Vec<String>,
    header_findings: Vec<Finding>,
    /// The file held no header at all.
    empty: bool,
    done: bool,
}

impl RegisterReader {
    /// Opens `path` (named in findings as `load::relative(root, path)`), detects
    /// its delimiter and encoding from the first 64 KiB and reads the header.
    /// A header problem (a required column `id`, `ingediend` or `opdrachtgever`
    /// missing, a column twice) goes into [`header_findings`](Self::header_findings)
    /// and the reader then yields no rows.
    pub fn open(
        root: &Path,
        path: &Path,
        reporting: &Reporting,
    ) -> Result<RegisterReader, IoProblem> {
        let file = relative(root, path);
        let io_problem = |err: std::io::Error| IoProblem::new(path, &err);
        let mut handle = File::open(path).map_err(io_problem)?;
        let mut head = Vec::new();
        (&mut handle)
            .take(SNIFF_BYTES)
            .read_to_end(&mut head)
            .map_err(io_problem)?;
        let bom = head.starts_with(UTF8_BOM);
        let start = if bom { UTF8_BOM.len() } else { 0 };
        let head = &head[start..];
        let delimiter = sniff_delimiter(head);
        let encoding = sniff_encoding(head);
        handle
            .seek(SeekFrom::Start(start as u64))
            .map_err(io_problem)?;
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(SNIFF_BYTES as usize)
            .from_reader(handle);

        let mut register = RegisterReader {
            file,
            reader,
            record: ByteRecord::with_capacity(1024, COLUMN_COUNT),
            layout: Layout::default(),
            decoder: Decoder {
                encoding,
                converted: false,
            },
            delimiter,
            onderwerpen: reporting.onderwerpen.clone(),
            maatregelen: reporting.maatregelen.clone(),
            header_findings: Vec::new(),
            empty: false,
            done: false,
        };
        register.read_header();
        Ok(register)
    }

    /// The project-relative path, e.g. `data/register.csv`.
    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn header_findings(&self) -> &[Finding] {
        &self.header_findings
    }

    /// One-line Dutch notices about how the file was read, without the file
    /// name: the delimiter when it is not `,`, the conversion from
    /// Windows-1252 (known only once the rows have been read, so ask after
    /// iterating), and the ignored columns. They name columns, never cells.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = Vec::new();
        if self.empty {
            notices.push("het bestand is leeg: geen kopregel en geen regels".to_string());
        }
        match self.delimiter {
            b';' => notices.push("scheidingsteken: puntkomma (`;`)".to_string()),
            b'\t' => notices.push("scheidingsteken: tab".to_string()),
            _ => {}
        }
        if self.decoder.converted {
            notices.push("omgezet van Windows-1252 naar UTF-8".to_string());
        }
        if let Some(notice) = self.layout.ignored_notice() {
            notices.push(notice);
        }
        notices
    }

    /// Reads the first non-blank record as the header and maps its columns.
    fn read_header(&mut self) {
        let line = loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => continue,
                Ok(true) => break record_line(&self.record),
                Ok(false) => {
                    self.empty = true;
                    self.done = true;
                    return;
                }
                Err(err) => {
                    self.header_findings.push(Finding::schema(
                        &Place::new(&self.file, Some(1)),
                        format!("de kopregel kan niet worden gelezen: {err}"),
                    ));
                    self.done = true;
                    return;
                }
            }
        };
        let names: Vec<String> = self
            .record
            .iter()
            .map(|cell| self.decoder.decode(cell).into_owned())
            .collect();
        let (layout, problems) = Layout::from_header(&names);
        self.layout = layout;
        let place = Place::new(&self.file, Some(line));
        self.header_findings = problems
            .into_iter()
            .map(|message| Finding::schema(&place, message))
            .collect();
        self.done = !self.header_findings.is_empty();
    }
}

impl Iterator for RegisterReader {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if self.done {
            return None;
        }
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => continue,
                Ok(true) => break,
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(err) => {
                    self.done = true;
                    let line = usize::try_from(self.reader.position().line()).ok();
                    let finding = Finding::schema(
                        &Place::new(&self.file, line),
                        format!("het bestand kan vanaf hier niet verder worden gelezen: {err}"),
                    );
                    return Some(Row::Invalid(vec![finding]));
                }
            }
        }
        let line = record_line(&self.record);
        let mut row = RowReader {
            record: &self.record,
            layout: &self.layout,
            decoder: &mut self.decoder,
            onderwerpen: &self.onderwerpen,
            maatregelen: &self.maatregelen,
            file: &self.file,
            line,
            problems: Vec::new(),
        };
        Some(match row.case() {
            Ok(case) => Row::Case(Box::new(case)),
            Err(findings) => Row::Invalid(findings),
        })
    }
}

/// The 1-based line on which a record starts.
fn record_line(record: &ByteRecord) -> usize {
    record
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(1)
}

/// A row whose every cell is empty (or only spaces).
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

/// `,`, `;` or tab: whichever occurs most often, outside quotes, on the header
/// line; `,` when there is a tie or none.
fn sniff_delimiter(head: &[u8]) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in head {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// UTF-8; a cell that is not valid UTF-8 is still taken as Windows-1252.
    Utf8,
    /// Every non-ASCII cell is Windows-1252.
    Windows1252,
}

/// UTF-8 unless the first bytes hold a sequence that is not UTF-8 (a sequence
/// cut off by the end of the sample does not count).
fn sniff_encoding(head: &[u8]) -> Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(err) if err.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Turns cell bytes into trimmed text, remembering whether any needed
/// converting from Windows-1252.
struct Decoder {
    encoding: Encoding,
    converted: bool,
}

impl Decoder {
    fn decode<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        let bytes = bytes.trim_ascii();
        let utf8 = match self.encoding {
            Encoding::Windows1252 if !bytes.is_ascii() => None,
            _ => std::str::from_utf8(bytes).ok(),
        };
        match utf8 {
            Some(text) => Cow::Borrowed(text.trim()),
            None => {
                self.converted = true;
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                let trimmed = text.trim();
                if trimmed.len() == text.len() {
                    Cow::Owned(text.into_owned())
                } else {
                    Cow::Owned(trimmed.to_string())
                }
            }
        }
    }
}

/// Which field of a row holds which column, from the header.
#[derive(Debug, Default)]
struct Layout {
    /// The field index of each known column, by `Column as usize`.
    index: [Option<usize>; COLUMN_COUNT],
    /// The number of header cells.
    width: usize,
    /// Header names of the columns that are not used.
    ignored: Vec<String>,
    /// How many ignored columns have no name.
    unnamed: usize,
}

/// A header name as compared: lower case, without spaces and underscores.
fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Layout {
    /// Maps a header; returns the problems that make the register unusable.
    fn from_header(names: &[String]) -> (Layout, Vec<String>) {
        let keys: Vec<String> = COLUMN_NAMES.iter().map(|n| header_key(n)).collect();
        let mut layout = Layout {
            width: names.len(),
            ..Layout::default()
        };
        let mut problems = Vec::new();
        for (position, name) in names.iter().enumerate() {
            let key = header_key(name);
            match keys.iter().position(|k| *k == key) {
                Some(column) => match layout.index[column] {
                    Some(first) => problems.push(format!(
                        "kolom `{}` komt twee keer voor in de kopregel (kolom {} en kolom {}); verwijder of hernoem er een",
                        COLUMN_NAMES[column],
                        first + 1,
                        position + 1
                    )),
                    None => layout.index[column] = Some(position),
                },
                None if name.is_empty() => layout.unnamed += 1,
                None => layout.ignored.push(name.clone()),
            }
        }
        let none_known = layout.index.iter().all(Option::is_none);
        for column in REQUIRED {
            if layout.index[column as usize].is_some() {
                continue;
            }
            let mut message = format!(
                "verplichte kolom `{}` ontbreekt in de kopregel",
                column.name()
            );
            let ignored_keys: Vec<String> = layout.ignored.iter().map(|n| header_key(n)).collect();
            let ignored_refs: Vec<&str> = ignored_keys.iter().map(String::as_str).collect();
            if let Some(close) = did_you_mean(&keys[column as usize], &ignored_refs)
                && let Some(i) = ignored_keys.iter().position(|k| k == close)
            {
                message.push_str(&format!(
                    " — is kolom `{}` bedoeld? Noem die `{}`",
                    layout.ignored[i],
                    column.name()
                ));
            } else if none_known {
                message.push_str(
                    " — de eerste regel moet de kolomnamen bevatten, zoals id, ingediend, opdrachtgever",
                );
            }
            problems.push(message);
        }
        (layout, problems)
    }

    /// "kolommen genegeerd (onbekend): `Opmerking`, `ingedient` (bedoelde u
    /// `ingediend`?), 1 kolom zonder naam".
    fn ignored_notice(&self) -> Option<String> {
        let count = self.ignored.len() + self.unnamed;
        if count == 0 {
            return None;
        }
        let keys: Vec<String> = COLUMN_NAMES.iter().map(|n| header_key(n)).collect();
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let mut parts: Vec<String> = self
            .ignored
            .iter()
            .map(|name| {
                let hint = did_you_mean(&header_key(name), &key_refs)
                    .and_then(|k| keys.iter().position(|key| key == k))
                    .filter(|&column| self.index[column].is_none())
                    .map(|column| format!(" (bedoelde u `{}`?)", COLUMN_NAMES[column]))
                    .unwrap_or_default();
                format!("`{name}`{hint}")
            })
            .collect();
        match self.unnamed {
            0 => {}
            1 => parts.push("1 kolom zonder naam".to_string()),
            n => parts.push(format!("{n} kolommen zonder naam")),
        }
        let label = if count == 1 { "kolom" } else { "kolommen" };
        Some(format!(
            "{label} genegeerd (onbekend): {}",
            parts.join(", ")
        ))
    }
}

/// Reads one record into a case, collecting every problem on the way.
struct RowReader<'r> {
    record: &'r ByteRecord,
    layout: &'r Layout,
    decoder: &'r mut Decoder,
    onderwerpen: &'r [String],
    maatregelen: &'r [String],
    file: &'r str,
    line: usize,
    problems: Vec<String>,
}

impl<'r> RowReader<'r> {
    /// The trimmed cell of `column`; `None` when the column or the cell is
    /// missing or empty.
    fn cell(&mut self, column: Column) -> Option<Cow<'r, str>> {
        let record: &'r ByteRecord = self.record;
        let bytes = record.get(self.layout.index[column as usize]?)?;
        let text = self.decoder.decode(bytes);
        (!text.is_empty()).then_some(text)
    }

    fn text(&mut self, column: Column) -> Option<At<String>> {
        let text = self.cell(column)?;
        Some(At::new(text.into_owned(), self.line))
    }

    fn date(&mut self, column: Column) -> Option<NaiveDate> {
        let text = self.cell(column)?;
        let parsed = parse_register_date(&text);
        if parsed.is_none() {
            self.problems.push(date_problem(column, &text));
        }
        parsed
    }

    /// A value that must be one of `allowed` (case and `_`/space aside); the
    /// allowed spelling is kept.
    fn choice(&mut self, column: Column, allowed: &[&str]) -> Option<At<String>> {
        let text = self.cell(column)?;
        match canonical(&text, allowed.iter().copied()) {
            Some(value) => Some(At::new(value.to_string(), self.line)),
            None => {
                self.problems
                    .push(unknown_value(column.name(), &text, allowed));
                None
            }
        }
    }

    /// A value a rule judges later: kept, but spelt as in `known` when it is
    /// one of those.
    fn judged_later(&mut self, column: Column, known: &[&str]) -> Option<At<String>> {
        let text = self.cell(column)?;
        let value = canonical(&text, known.iter().copied())
            .map_or_else(|| text.into_owned(), str::to_string);
        Some(At::new(value, self.line))
    }

    fn onderwerp(&mut self) -> Option<At<String>> {
        if self.onderwerpen.is_empty() {
            return self.text(Column::Onderwerp);
        }
        let allowed: &'r [String] = self.onderwerpen;
        let text = self.cell(Column::Onderwerp)?;
        match canonical(&text, allowed.iter().map(String::as_str)) {
            Some(value) => Some(At::new(value.to_string(), self.line)),
            None => {
                let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                self.problems
                    .push(unknown_value(Column::Onderwerp.name(), &text, &allowed));
                None
            }
        }
    }

    fn betrokken(&mut self) -> Option<At<bool>> {
        const YES: [&str; 6] = ["ja", "j", "true", "1", "waar", "yes"];
        const NO: [&str; 6] = ["nee", "n", "false", "0", "onwaar", "no"];
        let text = self.cell(Column::Betrokken)?;
        let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(&text));
        if is(&YES) {
            Some(At::new(true, self.line))
        } else if is(&NO) {
            Some(At::new(false, self.line))
        } else {
            self.problems.push(format!(
                "kolom `betrokken`: \"{text}\" is geen ja of nee — schrijf ja als de behandelaar bij de gebeurtenis betrokken was, anders nee"
            ));
            None
        }
    }

    /// `geen` is explicitly none; an empty cell is not recorded; otherwise
    /// categories separated by `|`.
    fn measures(&mut self) -> Option<Vec<Measure>> {
        let text = self.cell(Column::Maatregelen)?;
        if text.eq_ignore_ascii_case("geen") {
            return Some(Vec::new());
        }
        let allowed: &'r [String] = self.maatregelen;
        let mut measures = Vec::new();
        for soort in text.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            let known = if allowed.is_empty() {
                Some(soort)
            } else {
                canonical(soort, allowed.iter().map(String::as_str))
            };
            match known {
                Some(soort) => measures.push(Measure {
                    soort: soort.to_string(),
                    omschrijving: None,
                }),
                None => {
                    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
                    self.problems
                        .push(unknown_value(Column::Maatregelen.name(), soort, &allowed));
                }
            }
        }
        (!measures.is_empty()).then_some(measures)
    }

    fn case(&mut self) -> Result<Case, Vec<Finding>> {
        let line = self.line;
        let id = match self.cell(Column::Id) {
            None => {
                self.problems.push(
                    "kolom `id` is leeg: elke regel heeft een kenmerk nodig, zoals K-2026-001"
                        .to_string(),
                );
                None
            }
            Some(id) if is_safe_name(&id) => Some(id.into_owned()),
            Some(_) => {
                self.problems.push(
                    "kolom `id`: een kenmerk mag alleen letters, cijfers, `-`, `_` en `.` bevatten en niet met `.` beginnen"
                        .to_string(),
                );
                None
            }
        };
        let ingediend = if self.cell(Column::Ingediend).is_none() {
            self.problems.push(
                "kolom `ingediend` is leeg: de datum waarop de klacht is ingediend is verplicht"
                    .to_string(),
            );
            None
        } else {
            self.date(Column::Ingediend)
        };
        if self.record.len() > self.layout.width {
            let extra = self.record.iter().skip(self.layout.width);
            if extra.clone().any(|cell| !cell.trim_ascii().is_empty()) {
                self.problems.push(format!(
                    "de regel heeft {} cellen, de kopregel maar {}: staat er een scheidingsteken te veel, of mist er een kolomnaam?",
                    self.record.len(),
                    self.layout.width
                ));
            }
        }

        let gebeurtenis = self.date(Column::Gebeurtenis);
        let wijze = self.choice(Column::Wijze, &WAYS);
        let bij = self.choice(Column::Bij, &FILED_WITH);
        let rol = self.judged_later(Column::Rol, &ROLES);
        let naam = self.text(Column::Naam);
        let opdrachtgever = self.text(Column::Opdrachtgever);
        let traject_soort = self.text(Column::Traject);
        let werkplek = self.text(Column::Werkplek);
        let betreft_soort = self.judged_later(Column::Betreft, &SUBJECT_KINDS);
        let onderwerp = self.onderwerp();
        let behandelaar_naam = self.text(Column::Behandelaar);
        let behandelaar_betrokken = self.betrokken();

        let has_oordeel = self.cell(Column::Oordeel).is_some();
        let has_measures = self.cell(Column::Maatregelen).is_some();
        let mut oordeel = self.choice(Column::Oordeel, &OUTCOMES).map(|o| o.value);
        let mut maatregelen = self.measures();
        if self.cell(Column::Uitslag).is_none() {
            for (filled, column) in [
                (has_oordeel, Column::Oordeel),
                (has_measures, Column::Maatregelen),
            ] {
                if filled {
                    self.problems.push(format!(
                        "`{}` ingevuld maar geen datum in kolom `uitslag`",
                        column.name()
                    ));
                }
            }
        }

        let mut steps = Vec::new();
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
                _ => StepKind::MaatregelenGemeld,
            };
            steps.push(Step { date, line, kind });
        }
        steps.sort_by_key(|step| step.date);

        match (id, ingediend) {
            (Some(id), Some(ingediend)) if self.problems.is_empty() => Ok(Case {
                id: At::new(id, line),
                origin: Origin::Register,
                file: self.file.to_string(),
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
                bij: bij.unwrap_or_else(|| At::new("manager".to_string(), line)),
                behandelaar_naam,
                behandelaar_betrokken,
                steps,
            }),
            (id, _) => {
                let place = Place::new(self.file, Some(line));
                Err(std::mem::take(&mut self.problems)
                    .into_iter()
                    .map(|message| Finding::schema(&place, message).for_case(id.as_deref()))
                    .collect())
            }
        }
    }
}

/// The spelling in `allowed` that `text` means, ignoring case and treating
/// space, `-` and `_` alike ("Deels gegrond" is `deels_gegrond`).
fn canonical<'a>(text: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
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

/// Why a date cell is not a date, naming the column.
fn date_problem(column: Column, text: &str) -> String {
    let name = column.name();
    if is_impossible_date(&text.replace(['/', '.'], "-")) {
        format!("kolom `{name}`: de datum \"{text}\" bestaat niet")
    } else {
        format!(
            "kolom `{name}`: \"{text}\" is geen datum — schrijf JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2026-03-02 of 2-3-2026"
        )
    }
}
