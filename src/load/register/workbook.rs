//! A register kept as a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`; SPEC §3.2).
//!
//! calamine reads the workbook; this module picks the sheet that holds the
//! register, finds its header row (below any title rows) and turns its cells,
//! in their real types, into the text of a register: one line per spreadsheet
//! row, so that line 17 is row 17, `;` between cells, and dates written as
//! `YYYY-MM-DD`. From there a workbook is read as every register is, by the
//! same mapping from a row of cells to a case. One sheet's cells are held at a
//! time, and only while it is turned into text.

use super::{Column, header_key as normalise_header};
use crate::diagnostic::{CellRef, Finding, Place};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Range, Reader, open_workbook_auto};
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
    let known = |cell: &Data| -> bool {
        let Data::String(text) = cell else {
            return false;
        };
        let key = normalise_header(text);
        Column::from_header(&key).is_some() || steps.iter().any(|s| normalise_header(s) == key)
    };
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
        let range = workbook
            .worksheet_range(name)
            .map_err(|err| format!("blad `{name}` kan niet worden gelezen ({err})"))?;
        let Some(header) = header_row(&range, &known) else {
            return Err(format!(
                "blad `{name}` heeft geen kopregel met bekende kolommen, zoals id, ingediend, opdrachtgever"
            ));
        };
        return Ok(sheet_text(name, &range, header, file, steps));
    }
    // A register's header has `id` and `ingediend`; a sheet of lists (the
    // values of a drop-down, with a column `onderwerp`) has not.
    let register = |cell: &Data| -> Option<Column> {
        let Data::String(text) = cell else {
            return None;
        };
        Column::from_header(&normalise_header(text))
            .filter(|c| matches!(c, Column::Id | Column::Ingediend))
    };
    let is_register = |row: &[Data]| {
        let found: Vec<Column> = row.iter().filter_map(register).collect();
        found.contains(&Column::Id) && found.contains(&Column::Ingediend)
    };
    let mut candidates = Vec::new();
    let mut chosen = None;
    let mut first_known = None;
    for name in &names {
        let Ok(range) = workbook.worksheet_range(name) else {
            continue;
        };
        let header = range.rows().take(HEADER_SEARCH_ROWS).position(&is_register);
        match header {
            Some(header) => {
                candidates.push(name.clone());
                if chosen.is_none() {
                    chosen = Some(sheet_text(name, &range, header, file, steps));
                }
            }
            // Without any register sheet, the first sheet with a known
            // column is read, so that its header's problems are named.
            None if first_known.is_none() => {
                first_known = header_row(&range, &known)
                    .map(|header| sheet_text(name, &range, header, file, steps));
            }
            None => {}
        }
    }
    let Some(mut text) = chosen.or(first_known) else {
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

/// The first row (0-based within `range`) with a known column name: title
/// rows above it are passed over.
fn header_row(range: &Range<Data>, known: &dyn Fn(&Data) -> bool) -> Option<usize> {
    range
        .rows()
        .take(HEADER_SEARCH_ROWS)
        .position(|row| row.iter().any(known))
}

/// The sheet as register text: rows above the header are blank lines, the
/// header's names and every later row follow, each line at its row.
fn sheet_text(
    name: &str,
    range: &Range<Data>,
    header: usize,
    file: &str,
    steps: &[String],
) -> SheetText {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut text = SheetText {
        sheet: name.to_string(),
        first_column,
        header_row: first_row as usize + header + 1,
        ..SheetText::default()
    };
    // Blank lines for the rows above the range and above the header.
    text.bytes.resize(first_row as usize + header, b'\n');
    let mut rows = range.rows().skip(header);
    let Some(names) = rows.next() else {
        return text;
    };
    // Empty columns at the end are ignored. A column with cells but without a
    // name (the second half of a merged header cell, notes beside the
    // register) is a column without a name, ignored as in a CSV file.
    let last_filled = |row: &[Data]| row.iter().rposition(|cell| !matches!(cell, Data::Empty));
    let width = range
        .rows()
        .skip(header)
        .filter_map(last_filled)
        .max()
        .map_or(0, |last| last + 1);
    let headers: Vec<String> = (0..width)
        .map(|i| names.get(i).map(header_text).unwrap_or_default())
        .collect();
    let dates: Vec<bool> = headers
        .iter()
        .map(|h| {
            let key = normalise_header(h);
            Column::from_header(&key).is_some_and(Column::is_date)
                || steps.iter().any(|s| normalise_header(s) == key)
        })
        .collect();
    let read: Vec<bool> = headers
        .iter()
        .map(|h| {
            let key = normalise_header(h);
            Column::from_header(&key).is_some() || steps.iter().any(|s| normalise_header(s) == key)
        })
        .collect();
    let epoch_1904 = uses_1904(range);
    push_line(&mut text.bytes, headers.iter().map(String::as_str));
    let mut line = Vec::new();
    for (offset, row) in rows.enumerate() {
        let row_number = text.header_row + 1 + offset;
        line.clear();
        let mut broken = None;
        for (index, cell) in row.iter().take(width).enumerate() {
            let date = dates.get(index).copied().unwrap_or(false);
            match cell_text(cell, date, epoch_1904) {
                Ok(value) => line.push(value),
                Err(error) => {
                    line.push(String::new());
                    if read.get(index).copied().unwrap_or(false) && broken.is_none() {
                        broken = Some((index, error));
                    }
                }
            }
        }
        if let Some((index, error)) = broken {
            let place = Place::new(file, Some(row_number));
            let column = &headers[index];
            let id = headers
                .iter()
                .position(|h| Column::from_header(&normalise_header(h)) == Some(Column::Id))
                .and_then(|i| line.get(i))
                .filter(|id| crate::load::is_safe_name(id))
                .cloned();
            let finding = Finding::schema(
                &place,
                format!(
                    "kolom `{column}`: de cel bevat de foutwaarde {error} in plaats van een waarde; herstel de formule of vul de cel in"
                ),
            )
            .for_case(id.as_deref())
            .in_cell(text.cell(index, row_number));
            text.findings.push(finding);
            // Nothing is built from a row with a broken cell.
            text.bytes.push(b'\n');
            continue;
        }
        push_line(&mut text.bytes, line.iter().map(String::as_str));
    }
    // Empty trailing rows are blank lines, which are passed over.
    text
}

/// Whether the workbook counts dates from 1904 (old Mac files), as the
/// first date cell of the sheet tells.
fn uses_1904(range: &Range<Data>) -> bool {
    range.used_cells().find_map(|(_, _, cell)| match cell {
        Data::DateTime(date) => Some(is_1904(date)),
        _ => None,
    }) == Some(true)
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
