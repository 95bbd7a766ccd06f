//! A register kept as a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`; SPEC §3.2).
//!
//! calamine reads the workbook; this module picks the sheet that holds the
//! register, finds its header row (below any title rows) and turns its cells,
//! in their real types, into the text of a register: one line per spreadsheet
//! row, so that line 17 is row 17, `;` between cells, and dates written as
//! `YYYY-MM-DD`. From there a workbook is read as every register is, by the
//! same mapping from a row of cells to a case. An `.xlsx` sheet is streamed
//! cell by cell and never held whole; the older and other kinds are read a
//! sheet at a time.

use super::{Column, header_key as normalise_header};
use crate::diagnostic::{CellRef, Finding, Place};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader, Sheets, open_workbook_auto};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// The file name endings read as workbooks.
pub const EXTENSIONS: [&str; 4] = [".xlsx", ".xlsm", ".xls", ".ods"];

/// Whether `path` names a workbook.
pub fn is_workbook(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

/// Whether `name` is a file an office program keeps beside a workbook while
/// it is open or being saved (`~$register.xlsx`, `.~lock.register.ods#`),
/// never a register.
pub fn is_office_scratch(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with(".~lock.") || name.ends_with('#')
}

/// The register sheet of a workbook, as register text.
#[derive(Debug, Default)]
pub struct SheetText {
    /// The sheet's name, as findings show it (`[Klachten]`).
    pub sheet: String,
    /// The text: one line per spreadsheet row from row 1, `;`-separated.
    pub bytes: Vec<u8>,
    /// The sheet column (0-based) of the first field of every line.
    pub first_column: u32,
    /// The header row (1-based).
    pub header_row: usize,
    /// One-line notices without the file name (the sheet used, when several
    /// could have been).
    pub notices: Vec<String>,
    /// Problems of single cells (an error value in a known column).
    pub findings: Vec<Finding>,
}

/// A sheet's text shared between the readers of one register.
#[derive(Debug, Clone)]
pub struct Shared(pub std::sync::Arc<SheetText>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

impl SheetText {
    /// The place of the cell at `field` (0-based) of spreadsheet row `row`.
    pub fn cell(&self, field: usize, row: usize) -> CellRef {
        CellRef {
            sheet: self.sheet.clone(),
            cell: format!("{}{row}", column_letters(self.first_column + field as u32)),
        }
    }
}

/// The cells of a workbook register's rows.
#[derive(Debug, Clone, Copy)]
pub struct RowCells<'a> {
    pub sheet: &'a SheetText,
    /// The field of the `id` column: a finding about the row as a whole
    /// points at the row's id.
    pub id_field: usize,
}

impl RowCells<'_> {
    /// Points a finding on a row of this sheet that names no cell at the
    /// row's id.
    pub fn locate(&self, finding: &mut Finding) {
        if finding.cell.is_none()
            && let Some(line) = finding.line
        {
            finding.cell = Some(self.sheet.cell(self.id_field, line));
        }
    }
}

/// Why a workbook could not be read as a register: a Dutch message for a
/// `schema` finding at the file.
pub type SheetProblem = String;

/// Reads the register sheet of the workbook at `path`: the sheet named
/// `blad`, or else the first whose header row has the columns `id` and
/// `ingediend` (or, when none has, the first with any column of SPEC §3.2 or
/// of `steps`). `file` is the project-relative name for findings.
pub fn read(
    path: &Path,
    file: &str,
    blad: Option<&str>,
    steps: &[String],
) -> Result<SheetText, SheetProblem> {
    let mut workbook = open_workbook_auto(path).map_err(|err| {
        format!("het werkboek kan niet worden gelezen ({err}); is het een Excel- of LibreOffice-bestand?")
    })?;
    let names = workbook.sheet_names();
    let headers = Headers { steps };
    if let Some(blad) = blad {
        let Some(name) = names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(blad.trim()))
        else {
            return Err(format!(
                "het werkboek heeft geen blad `{blad}` (`rapportage.blad`); de bladen zijn: {}",
                names.join(", ")
            ));
        };
        return convert(&mut workbook, name, file, &headers, Want::Known)?.ok_or_else(|| {
            format!(
                "blad `{name}` heeft geen kopregel met bekende kolommen, zoals id, ingediend, opdrachtgever"
            )
        });
    }
    let mut candidates = Vec::new();
    let mut chosen = None;
    for name in &names {
        if chosen.is_none() {
            if let Ok(Some(text)) = convert(&mut workbook, name, file, &headers, Want::Register) {
                candidates.push(name.clone());
                chosen = Some(text);
            }
        } else if has_header(&mut workbook, name, &headers) {
            candidates.push(name.clone());
        }
    }
    // Without any register sheet, the first sheet with a known column is
    // read, so that its header's problems are named.
    if chosen.is_none() {
        for name in &names {
            if let Ok(Some(text)) = convert(&mut workbook, name, file, &headers, Want::Known) {
                chosen = Some(text);
                break;
            }
        }
    }
    let Some(mut text) = chosen else {
        return Err(
            "geen blad van het werkboek heeft een kopregel met bekende kolommen, zoals id, ingediend, opdrachtgever"
                .to_string(),
        );
    };
    if candidates.len() > 1 {
        text.notices.push(format!(
            "blad `{}` gelezen; ook {} {} kolommen van een register (noem het blad in `rapportage.blad` om een ander te lezen)",
            text.sheet,
            quoted_list(&candidates[1..]),
            if candidates.len() > 2 { "hebben" } else { "heeft" },
        ));
    }
    Ok(text)
}

/// How many rows from the top a header row is looked for.
const HEADER_SEARCH_ROWS: usize = 20;

/// The column names a header row is recognised by.
struct Headers<'a> {
    steps: &'a [String],
}

impl Headers<'_> {
    /// The known column or declared step a header cell names.
    fn column(&self, cell: &Data) -> Option<Option<Column>> {
        let Data::String(text) = cell else {
            return None;
        };
        let key = normalise_header(text);
        match Column::from_header(&key) {
            Some(column) => Some(Some(column)),
            None => self
                .steps
                .iter()
                .any(|s| normalise_header(s) == key)
                .then_some(None),
        }
    }

    fn is_date(&self, cell: &Data) -> bool {
        self.column(cell)
            .is_some_and(|column| column.is_none_or(Column::is_date))
    }

    fn is_header(&self, row: &[Data], want: Want) -> bool {
        match want {
            Want::Known => row.iter().any(|cell| self.column(cell).is_some()),
            // A register's header has `id` and `ingediend`; a sheet of lists
            // (the values of a drop-down, with a column `onderwerp`) has not.
            Want::Register => {
                let has = |wanted: Column| {
                    row.iter()
                        .any(|cell| self.column(cell) == Some(Some(wanted)))
                };
                has(Column::Id) && has(Column::Ingediend)
            }
        }
    }
}

/// Which header row a sheet must have to be read.
#[derive(Clone, Copy)]
enum Want {
    /// Any known column: the sheet `rapportage.blad` names.
    Known,
    /// `id` and `ingediend`: a sheet chosen among others.
    Register,
}

/// Hands the rows of sheet `name` to `each`, one at a time, as their
/// (0-based) row number and cells from column A, until `each` says stop.
/// An `.xlsx` sheet is streamed cell by cell; the other kinds are read
/// whole, one sheet at a time.
fn each_row(
    workbook: &mut Sheets<BufReader<File>>,
    name: &str,
    each: &mut dyn FnMut(u32, &[Data]) -> bool,
) -> Result<(), SheetProblem> {
    let problem =
        |err: &dyn std::fmt::Display| format!("blad `{name}` kan niet worden gelezen ({err})");
    if let Sheets::Xlsx(xlsx) = workbook {
        let mut reader = xlsx
            .worksheet_cells_reader(name)
            .map_err(|err| problem(&err))?;
        let mut row: Vec<Data> = Vec::new();
        let mut at = None;
        while let Some(cell) = reader.next_cell().map_err(|err| problem(&err))? {
            let (number, column) = cell.get_position();
            if at != Some(number) {
                if let Some(done) = at
                    && !each(done, &row)
                {
                    return Ok(());
                }
                row.clear();
                at = Some(number);
            }
            let column = column as usize;
            if row.len() <= column {
                row.resize(column + 1, Data::Empty);
            }
            row[column] = Data::from(cell.get_value().clone());
        }
        if let Some(done) = at {
            each(done, &row);
        }
        return Ok(());
    }
    let range = workbook
        .worksheet_range(name)
        .map_err(|err| problem(&err))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut row = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        row.clear();
        row.resize(first_column as usize, Data::Empty);
        row.extend_from_slice(cells);
        if !each(first_row + offset as u32, &row) {
            break;
        }
    }
    Ok(())
}

/// Whether sheet `name` has a register's header row near its top.
fn has_header(workbook: &mut Sheets<BufReader<File>>, name: &str, headers: &Headers) -> bool {
    let mut seen = 0;
    let mut found = false;
    let read = each_row(workbook, name, &mut |_, row| {
        seen += 1;
        found = headers.is_header(row, Want::Register);
        !found && seen < HEADER_SEARCH_ROWS
    });
    read.is_ok() && found
}

/// Sheet `name` as register text, if it has the header `want` asks for
/// near its top.
fn convert(
    workbook: &mut Sheets<BufReader<File>>,
    name: &str,
    file: &str,
    headers: &Headers,
    want: Want,
) -> Result<Option<SheetText>, SheetProblem> {
    let mut seen = 0;
    let mut text: Option<Text> = None;
    each_row(workbook, name, &mut |number, row| match &mut text {
        Some(text) => {
            text.row(number, row);
            true
        }
        None => {
            seen += 1;
            if headers.is_header(row, want) {
                text = Some(Text::new(name, file, headers, number, row));
            }
            seen < HEADER_SEARCH_ROWS || text.is_some()
        }
    })?;
    Ok(text.map(Text::finish))
}

/// A sheet being turned into register text, from its header row on: one
/// line per row, so that line 17 is row 17.
struct Text<'a> {
    sheet: SheetText,
    file: &'a str,
    /// The header's names, from its first named column on.
    names: Vec<String>,
    /// Per column: a date column, a column that is read.
    dates: Vec<bool>,
    read: Vec<bool>,
    id: Option<usize>,
    /// The rows' lines, after the header's.
    lines: Vec<u8>,
    /// The number of cells of each line in `lines`.
    counts: Vec<u32>,
    /// The row the next line is for (0-based).
    next: u32,
    epoch_1904: bool,
    cells: Vec<String>,
}

impl<'a> Text<'a> {
    fn new(name: &str, file: &'a str, headers: &Headers, number: u32, row: &[Data]) -> Text<'a> {
        let first = row
            .iter()
            .position(|cell| !matches!(cell, Data::Empty))
            .unwrap_or(0);
        let last = row
            .iter()
            .rposition(|cell| !matches!(cell, Data::Empty))
            .map_or(first, |last| last + 1);
        let header = &row[first..last];
        Text {
            sheet: SheetText {
                sheet: name.to_string(),
                first_column: first as u32,
                header_row: number as usize + 1,
                ..SheetText::default()
            },
            file,
            names: header.iter().map(header_text).collect(),
            dates: header.iter().map(|cell| headers.is_date(cell)).collect(),
            read: header
                .iter()
                .map(|cell| headers.column(cell).is_some())
                .collect(),
            id: header
                .iter()
                .position(|cell| headers.column(cell) == Some(Some(Column::Id))),
            lines: Vec::new(),
            counts: Vec::new(),
            next: number + 1,
            epoch_1904: false,
            cells: Vec::new(),
        }
    }

    /// Adds row `number`, after blank lines for any rows without cells.
    fn row(&mut self, number: u32, row: &[Data]) {
        while self.next < number {
            self.blank();
            self.next += 1;
        }
        self.next = number + 1;
        if let Some(date) = row.iter().find_map(|cell| match cell {
            Data::DateTime(date) if date.is_datetime() => Some(date),
            _ => None,
        }) {
            self.epoch_1904 = is_1904(date);
        }
        let first = self.sheet.first_column as usize;
        let cells = row.get(first..).unwrap_or_default();
        let Some(last) = cells.iter().rposition(|cell| !matches!(cell, Data::Empty)) else {
            self.blank();
            return;
        };
        let width = (last + 1).max(self.names.len());
        self.cells.clear();
        let mut broken = None;
        for index in 0..width {
            let cell = cells.get(index).unwrap_or(&Data::Empty);
            let date = self.dates.get(index).copied().unwrap_or(false);
            match cell_text(cell, date, self.epoch_1904) {
                Ok(value) => self.cells.push(value),
                Err(error) => {
                    self.cells.push(String::new());
                    if self.read.get(index).copied().unwrap_or(false) && broken.is_none() {
                        broken = Some((index, error));
                    }
                }
            }
        }
        if let Some((index, error)) = broken {
            self.broken(number as usize + 1, index, &error);
            self.blank();
            return;
        }
        push_line(&mut self.lines, self.cells.iter().map(String::as_str));
        self.counts.push(width as u32);
    }

    /// An empty line, for a row without cells or one that is not read.
    fn blank(&mut self) {
        self.lines.push(b'\n');
        self.counts.push(0);
    }

    /// A row with an error value in a column that is read: a finding at the
    /// cell; nothing is built from the row.
    fn broken(&mut self, line: usize, index: usize, error: &str) {
        let id = self
            .id
            .and_then(|i| self.cells.get(i))
            .filter(|id| crate::load::is_safe_name(id))
            .cloned();
        let place = Place::new(self.file, Some(line));
        let finding = Finding::schema(
            &place,
            format!(
                "kolom `{}`: de cel bevat de foutwaarde {error} in plaats van een waarde; herstel de formule of vul de cel in",
                self.names[index]
            ),
        )
        .for_case(id.as_deref())
        .in_cell(self.sheet.cell(index, line));
        self.sheet.findings.push(finding);
    }

    /// The text: blank lines above the header, the header, the rows. A
    /// column with cells but no name (the second half of a merged header
    /// cell, notes beside the register) gets an empty name and is ignored,
    /// as an unnamed column of a CSV file is.
    fn finish(mut self) -> SheetText {
        let width = self
            .counts
            .iter()
            .copied()
            .max()
            .unwrap_or(0)
            .max(self.names.len() as u32) as usize;
        self.names.resize(width, String::new());
        let mut bytes = vec![b'\n'; self.sheet.header_row - 1];
        push_line(&mut bytes, self.names.iter().map(String::as_str));
        if self.counts.iter().all(|&n| n == 0 || n as usize == width) {
            bytes.append(&mut self.lines);
        } else {
            // Lines have no line breaks inside (they became spaces).
            for (line, &count) in self.lines.split(|&b| b == b'\n').zip(&self.counts) {
                bytes.extend_from_slice(line);
                if count > 0 {
                    bytes.extend(std::iter::repeat_n(b';', width - count as usize));
                }
                bytes.push(b'\n');
            }
        }
        self.sheet.bytes = bytes;
        self.sheet
    }
}

/// calamine keeps the epoch inside the date; a date read in both epochs
/// tells which one it has.
fn is_1904(date: &ExcelDateTime) -> bool {
    let as_1900 = ExcelDateTime::new(date.as_f64(), ExcelDateTimeType::DateTime, false);
    as_1900.to_ymd_hms_milli() != date.to_ymd_hms_milli()
}

/// A header cell's name.
fn header_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => one_line(text),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A cell as register text; an error value is `Err` with its Excel name.
fn cell_text(cell: &Data, date_column: bool, epoch_1904: bool) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) => one_line(text),
        Data::Bool(true) => "ja".to_string(),
        Data::Bool(false) => "nee".to_string(),
        Data::Int(number) if date_column => serial_date(*number as f64, epoch_1904),
        Data::Float(number) if date_column => serial_date(*number, epoch_1904),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        Data::DateTime(date) => number_text(date.as_f64()),
        // ISO dates (LibreOffice): the date part.
        Data::DateTimeIso(iso) => iso.split('T').next().unwrap_or(iso).to_string(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => return Err(error.to_string()),
    })
}

/// A date serial in a date column: the date it counts to.
fn serial_date(serial: f64, epoch_1904: bool) -> String {
    if !(1.0..2_958_466.0).contains(&serial) {
        return number_text(serial);
    }
    let date = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, epoch_1904);
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    format!("{year:04}-{month:02}-{day:02}")
}

/// A number as a person would type it: 17, not 17.0.
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

/// Line breaks inside a cell are layout, not content: a space each.
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        text.split(['\r', '\n'])
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        text.to_string()
    }
}

/// Appends one `;`-separated line, quoting a cell where CSV needs it.
fn push_line<'a>(bytes: &mut Vec<u8>, cells: impl Iterator<Item = &'a str>) {
    for (index, cell) in cells.enumerate() {
        if index > 0 {
            bytes.push(b';');
        }
        if cell.contains([';', '"']) {
            bytes.push(b'"');
            bytes.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            bytes.push(b'"');
        } else {
            bytes.extend_from_slice(cell.as_bytes());
        }
    }
    bytes.push(b'\n');
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

fn quoted_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn serials_count_from_either_epoch() {
        // 45658 is 1 January 2025 in the 1900 system; the 1904 system counts
        // 1462 days fewer.
        assert_eq!(serial_date(45658.0, false), "2025-01-01");
        assert_eq!(serial_date(45658.0 - 1462.0, true), "2025-01-01");
        // Month ends and the leap day.
        assert_eq!(serial_date(45657.0, false), "2024-12-31");
        assert_eq!(serial_date(45351.0, false), "2024-02-29");
        assert_eq!(serial_date(45352.0, false), "2024-03-01");
    }

    #[test]
    fn cells_become_register_text() {
        assert_eq!(cell_text(&Data::Float(17.0), false, false).unwrap(), "17");
        assert_eq!(cell_text(&Data::Float(2.5), false, false).unwrap(), "2.5");
        assert_eq!(cell_text(&Data::Bool(true), false, false).unwrap(), "ja");
        assert_eq!(
            cell_text(&Data::String("twee\nregels".into()), false, false).unwrap(),
            "twee regels"
        );
        assert_eq!(
            cell_text(
                &Data::DateTimeIso("2025-03-04T00:00:00".into()),
                true,
                false
            )
            .unwrap(),
            "2025-03-04"
        );
        assert_eq!(
            cell_text(&Data::Error(calamine::CellErrorType::NA), true, false).unwrap_err(),
            "#N/A"
        );
    }

    #[test]
    fn quoting_keeps_delimiters_and_quotes_in_a_cell() {
        let mut bytes = Vec::new();
        push_line(&mut bytes, ["a;b", "zei \"ja\"", "c"].into_iter());
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a;b\";\"zei \"\"ja\"\"\";c\n"
        );
    }

    #[test]
    fn office_scratch_files_are_not_registers() {
        assert!(is_office_scratch("~$register.xlsx"));
        assert!(is_office_scratch(".~lock.register.ods#"));
        assert!(!is_office_scratch("register.xlsx"));
    }
}
