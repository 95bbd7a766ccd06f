//! Writes small spreadsheet files (.xlsx and .ods) for integration tests, so a
//! test can generate its fixture workbooks at run time (into a temp dir)
//! instead of committing binaries.
//!
//! Rows and columns are 0-based: row 0 is spreadsheet row 1, column 0 is A.
//! An `Empty` cell writes nothing. Every failure panics, as befits a test helper.
//!
//! The .xlsx files are written with `rust_xlsxwriter`. It has no switch for
//! the 1904 date system, so for `date_1904` the saved file is repacked with the
//! `zip` crate: `xl/workbook.xml` gets `date1904="1"`, every other entry is
//! copied as it is. The .ods files are written by hand and zipped with `zip`.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::{Cursor, Read as _, Write as _};
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Formula, Workbook};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The number format given to `Cell::Date` in .xlsx files.
pub const DATE_FORMAT: &str = "dd-mm-yyyy";

/// The error values Excel knows (and calamine parses).
pub const ERRORS: [&str; 7] = [
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A plain number in the general format.
    Number(f64),
    /// Year, month, day: a real date (a serial number with a date format in
    /// .xlsx, `office:value-type="date"` in .ods).
    Date(i32, u32, u32),
    /// A date serial written as a plain number, without a date format. It is
    /// written as given, whatever the workbook's date system.
    Serial(f64),
    /// Formula text (`=A2+1`, `="K-"&B2`) and its cached result as text. A
    /// result that parses as a number is cached as a number, `TRUE`/`FALSE` as
    /// a boolean, an error value (see `ERRORS`) as an error, anything else as
    /// a string.
    Formula(String, String),
    /// An error value such as `#N/A` or `#REF!` (one of `ERRORS`).
    Error(String),
    Bool(bool),
}

pub fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges as (first_row, first_col, last_row, last_col), 0-based and
    /// inclusive. The first cell keeps its value; the other cells of the range
    /// are written empty, whatever `rows` holds for them.
    pub merged: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    pub fn new(name: &str, rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            name: name.to_string(),
            rows,
            merged: Vec::new(),
        }
    }

    /// Whether (row, col) lies inside a merged range without being its first cell.
    fn is_covered(&self, row: u32, col: u16) -> bool {
        self.merged.iter().any(|&(r1, c1, r2, c2)| {
            (r1..=r2).contains(&row) && (c1..=c2).contains(&col) && (row, col) != (r1, c1)
        })
    }

    fn merge_starting_at(&self, row: u32, col: u16) -> Option<(u32, u16, u32, u16)> {
        self.merged
            .iter()
            .copied()
            .find(|&(r1, c1, _, _)| (r1, c1) == (row, col))
    }
}

/// The serial number of a date in the 1900 (Excel's fictitious 1900-02-29
/// included) or 1904 date system.
pub fn date_serial(y: i32, m: u32, d: u32, date_1904: bool) -> f64 {
    let date = NaiveDate::from_ymd_opt(y, m, d)
        .unwrap_or_else(|| panic!("not a date: {y:04}-{m:02}-{d:02}"));
    let days_since = |y, m, d| (date - NaiveDate::from_ymd_opt(y, m, d).unwrap()).num_days();
    let serial = if date_1904 {
        days_since(1904, 1, 1)
    } else if date < NaiveDate::from_ymd_opt(1900, 3, 1).unwrap() {
        days_since(1899, 12, 31)
    } else {
        days_since(1899, 12, 30)
    };
    let first = if date_1904 { 0 } else { 1 };
    assert!(
        serial >= first,
        "{y:04}-{m:02}-{d:02} lies before the workbook's epoch"
    );
    serial as f64
}

fn check_error(error: &str) {
    assert!(
        ERRORS.contains(&error),
        "unknown error value {error:?}, expected one of {ERRORS:?}"
    );
}

/// An Excel formula that evaluates to the error value.
fn error_formula(error: &str) -> String {
    check_error(error);
    match error {
        "#N/A" => "=NA()".to_string(),
        "#DIV/0!" => "=1/0".to_string(),
        _ => format!("={error}"),
    }
}

fn col_u16(col: usize) -> u16 {
    u16::try_from(col).expect("column out of range")
}

fn row_u32(row: usize) -> u32 {
    u32::try_from(row).expect("row out of range")
}

// ---------------------------------------------------------------------------
// .xlsx
// ---------------------------------------------------------------------------

pub fn write_xlsx(path: &Path, sheets: &[Sheet], date_1904: bool) {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format(DATE_FORMAT);
    let merge_format = Format::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet
            .set_name(&sheet.name)
            .unwrap_or_else(|e| panic!("sheet name {:?}: {e}", sheet.name));
        // Merge first: merge_range writes its first cell (as an empty string)
        // and blanks the rest; the first cell is then overwritten below.
        for &(r1, c1, r2, c2) in &sheet.merged {
            worksheet
                .merge_range(r1, c1, r2, c2, "", &merge_format)
                .unwrap_or_else(|e| panic!("{}: merge {:?}: {e}", sheet.name, (r1, c1, r2, c2)));
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = row_u32(r);
            for (c, cell) in row.iter().enumerate() {
                let c = col_u16(c);
                if sheet.is_covered(r, c) {
                    continue;
                }
                let written = match cell {
                    Cell::Empty => continue,
                    Cell::Text(s) => worksheet.write_string(r, c, s.as_str()),
                    Cell::Number(n) | Cell::Serial(n) => worksheet.write_number(r, c, *n),
                    Cell::Date(y, m, d) => worksheet.write_number_with_format(
                        r,
                        c,
                        date_serial(*y, *m, *d, date_1904),
                        &date_format,
                    ),
                    Cell::Formula(formula, result) => {
                        // rust_xlsxwriter types the cached result itself: a
                        // number without `t`, TRUE/FALSE as t="b", error
                        // values as t="e", the rest as t="str".
                        worksheet.write_formula(r, c, Formula::new(formula).set_result(result))
                    }
                    Cell::Error(error) => worksheet.write_formula(
                        r,
                        c,
                        Formula::new(error_formula(error)).set_result(error),
                    ),
                    Cell::Bool(b) => worksheet.write_boolean(r, c, *b),
                };
                written.unwrap_or_else(|e| {
                    panic!("{}: cannot write {cell:?} at ({r}, {c}): {e}", sheet.name)
                });
            }
        }
    }
    let bytes = workbook
        .save_to_buffer()
        .unwrap_or_else(|e| panic!("cannot build {}: {e}", path.display()));
    let bytes = if date_1904 {
        set_date_1904(&bytes)
    } else {
        bytes
    };
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Repacks an xlsx with `date1904="1"` on `<workbookPr>` in `xl/workbook.xml`.
/// The other entries are copied as they are (still compressed), in their order.
fn set_date_1904(xlsx: &[u8]) -> Vec<u8> {
    const WORKBOOK: &str = "xl/workbook.xml";
    let mut archive = ZipArchive::new(Cursor::new(xlsx)).expect("xlsx: not a zip archive");
    let workbook = archive
        .index_for_name(WORKBOOK)
        .unwrap_or_else(|| panic!("xlsx: {WORKBOOK} missing"));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .unwrap_or_else(|e| panic!("xlsx: entry {i}: {e}"));
        if i != workbook {
            zip.raw_copy_file(entry)
                .unwrap_or_else(|e| panic!("xlsx: cannot copy entry {i}: {e}"));
            continue;
        }
        let modified = entry.last_modified().unwrap_or_default();
        drop(entry);
        let mut xml = String::new();
        archive
            .by_index(i)
            .and_then(|mut entry| Ok(entry.read_to_string(&mut xml)?))
            .unwrap_or_else(|e| panic!("xlsx: cannot read {WORKBOOK}: {e}"));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(modified);
        add_file(&mut zip, WORKBOOK, with_date_1904(&xml).as_bytes(), options);
    }
    finish(zip)
}

/// `workbook.xml` with `date1904="1"` on its `<workbookPr>`. Without one, a
/// `<workbookPr date1904="1"/>` goes where the schema wants it: after
/// `<fileVersion>` and `<fileSharing>`, else first in `<workbook>`.
fn with_date_1904(xml: &str) -> String {
    assert!(!xml.contains("date1904"), "unexpected workbook.xml: {xml}");
    if let Some(start) = find_tag(xml, "workbookPr") {
        let at = start + "<workbookPr".len();
        return format!(r#"{} date1904="1"{}"#, &xml[..at], &xml[at..]);
    }
    let end_of = |tag| find_tag(xml, tag).and_then(|i| Some(i + xml[i..].find('>')? + 1));
    let at = end_of("fileSharing")
        .or_else(|| end_of("fileVersion"))
        .or_else(|| end_of("workbook"))
        .unwrap_or_else(|| panic!("unexpected workbook.xml: {xml}"));
    format!(r#"{}<workbookPr date1904="1"/>{}"#, &xml[..at], &xml[at..])
}

/// Where the first `<name …>` element starts (not `<namePlusMore …>`).
fn find_tag(xml: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    xml.match_indices(&open).map(|(i, _)| i).find(|&i| {
        let next = xml[i + open.len()..].chars().next();
        matches!(next, Some(' ' | '\t' | '\r' | '\n' | '/' | '>'))
    })
}

fn add_file(
    zip: &mut ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    data: &[u8],
    options: SimpleFileOptions,
) {
    zip.start_file(name, options)
        .and_then(|()| Ok(zip.write_all(data)?))
        .unwrap_or_else(|e| panic!("zip: cannot write {name}: {e}"));
}

fn finish(zip: ZipWriter<Cursor<Vec<u8>>>) -> Vec<u8> {
    zip.finish()
        .unwrap_or_else(|e| panic!("zip: cannot finish the archive: {e}"))
        .into_inner()
}

// ---------------------------------------------------------------------------
// .ods
// ---------------------------------------------------------------------------

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

// No whitespace may stand between the cells of a row: calamine rejects text
// nodes there. The content is therefore written on a single line.
const ODS_CONTENT_START: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    "\n",
    r#"<office:document-content"#,
    r#" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
    r#" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#,
    r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
    r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
    r#" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0""#,
    r#" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2""#,
    r#" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0""#,
    r#" office:version="1.3">"#,
    r#"<office:automatic-styles>"#,
    r#"<number:date-style style:name="N1">"#,
    r#"<number:day number:style="long"/><number:text>-</number:text>"#,
    r#"<number:month number:style="long"/><number:text>-</number:text>"#,
    r#"<number:year number:style="long"/>"#,
    r#"</number:date-style>"#,
    r#"<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>"#,
    r#"</office:automatic-styles>"#,
    r#"<office:body><office:spreadsheet>"#,
);

const ODS_CONTENT_END: &str = "</office:spreadsheet></office:body></office:document-content>\n";

pub fn write_ods(path: &Path, sheets: &[Sheet]) {
    let mut content = String::from(ODS_CONTENT_START);
    for sheet in sheets {
        write_ods_table(&mut content, sheet);
    }
    content.push_str(ODS_CONTENT_END);
    // The mimetype comes first and uncompressed, so that it can be read at a
    // fixed offset. A fixed time keeps the file the same from run to run.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    add_file(&mut zip, "mimetype", ODS_MIMETYPE.as_bytes(), stored);
    add_file(
        &mut zip,
        "META-INF/manifest.xml",
        ODS_MANIFEST.as_bytes(),
        deflated,
    );
    add_file(&mut zip, "content.xml", content.as_bytes(), deflated);
    std::fs::write(path, finish(zip))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn write_ods_table(out: &mut String, sheet: &Sheet) {
    let merged_rows = sheet.merged.iter().map(|m| m.2 as usize + 1);
    let rows = merged_rows.chain([sheet.rows.len()]).max().unwrap_or(0);
    let width_of = |r: usize| {
        let merged = sheet
            .merged
            .iter()
            .filter(|m| (m.0 as usize..=m.2 as usize).contains(&r))
            .map(|m| m.3 as usize + 1);
        let cells = sheet.rows.get(r).map_or(0, Vec::len);
        merged.chain([cells]).max().unwrap_or(0)
    };
    let columns = (0..rows).map(width_of).max().unwrap_or(0).max(1);

    write!(
        out,
        r#"<table:table table:name="{}"><table:table-column table:number-columns-repeated="{columns}"/>"#,
        escape_xml(&sheet.name)
    )
    .unwrap();
    for r in 0..rows {
        out.push_str("<table:table-row>");
        // A row needs at least one cell.
        for c in 0..width_of(r).max(1) {
            let (row, col) = (row_u32(r), col_u16(c));
            if sheet.is_covered(row, col) {
                out.push_str("<table:covered-table-cell/>");
                continue;
            }
            let spans = match sheet.merge_starting_at(row, col) {
                Some((r1, c1, r2, c2)) => format!(
                    r#" table:number-columns-spanned="{}" table:number-rows-spanned="{}""#,
                    c2 - c1 + 1,
                    r2 - r1 + 1
                ),
                None => String::new(),
            };
            let cell = sheet.rows.get(r).and_then(|cells| cells.get(c));
            write_ods_cell(out, cell.unwrap_or(&Cell::Empty), &spans);
        }
        out.push_str("</table:table-row>");
    }
    out.push_str("</table:table>");
}

fn write_ods_cell(out: &mut String, cell: &Cell, spans: &str) {
    let open = |out: &mut String, attributes: &str| {
        write!(out, "<table:table-cell{spans}{attributes}>").unwrap();
    };
    match cell {
        Cell::Empty => write!(out, "<table:table-cell{spans}/>").unwrap(),
        Cell::Text(s) => {
            open(
                out,
                r#" office:value-type="string" calcext:value-type="string""#,
            );
            write_paragraphs(out, s);
        }
        Cell::Number(n) | Cell::Serial(n) => {
            open(out, &float_attributes(*n));
            write_paragraphs(out, &n.to_string());
        }
        Cell::Date(y, m, d) => {
            NaiveDate::from_ymd_opt(*y, *m, *d)
                .unwrap_or_else(|| panic!("not a date: {y:04}-{m:02}-{d:02}"));
            open(
                out,
                &format!(
                    r#" table:style-name="ce1" office:value-type="date" office:date-value="{y:04}-{m:02}-{d:02}" calcext:value-type="date""#
                ),
            );
            write_paragraphs(out, &format!("{d:02}-{m:02}-{y:04}"));
        }
        Cell::Formula(formula, result) => {
            let formula = format!(r#" table:formula="{}""#, escape_xml(&ods_formula(formula)));
            if let Ok(n) = result.parse::<f64>() {
                open(out, &format!("{formula}{}", float_attributes(n)));
                write_paragraphs(out, result);
            } else if result == "TRUE" || result == "FALSE" {
                open(
                    out,
                    &format!("{formula}{}", bool_attributes(result == "TRUE")),
                );
                write_paragraphs(out, result);
            } else if ERRORS.contains(&result.as_str()) {
                open(out, &format!("{formula}{ODS_ERROR_ATTRIBUTES}"));
                write_paragraphs(out, result);
            } else {
                open(
                    out,
                    &format!(r#"{formula} office:value-type="string" calcext:value-type="string""#),
                );
                write_paragraphs(out, result);
            }
        }
        Cell::Error(error) => {
            let formula = ods_formula(&error_formula(error));
            open(
                out,
                &format!(
                    r#" table:formula="{}"{ODS_ERROR_ATTRIBUTES}"#,
                    escape_xml(&formula)
                ),
            );
            write_paragraphs(out, error);
        }
        Cell::Bool(b) => {
            open(out, &bool_attributes(*b));
            write_paragraphs(out, if *b { "TRUE" } else { "FALSE" });
        }
    }
    if *cell != Cell::Empty {
        out.push_str("</table:table-cell>");
    }
}

/// How LibreOffice stores an error result: an empty string value, the error
/// text as the paragraph. (calamine reads it as `Data::String("#N/A")`.)
const ODS_ERROR_ATTRIBUTES: &str =
    r#" office:value-type="string" office:string-value="" calcext:value-type="error""#;

fn float_attributes(n: f64) -> String {
    assert!(n.is_finite(), "cannot write {n} to .ods");
    format!(r#" office:value-type="float" office:value="{n}" calcext:value-type="float""#)
}

fn bool_attributes(b: bool) -> String {
    format!(
        r#" office:value-type="boolean" office:boolean-value="{b}" calcext:value-type="boolean""#
    )
}

fn write_paragraphs(out: &mut String, text: &str) {
    for line in text.split('\n') {
        write!(out, "<text:p>{}</text:p>", escape_xml(line)).unwrap();
    }
}

fn escape_xml(s: &str) -> String {
    let mut escaped = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Translates an Excel formula into OpenFormula: `of:=` prefix, cell
/// references in brackets (`A2` → `[.A2]`, `A1:B2` → `[.A1:.B2]`,
/// `Other!A1` / `'My sheet'!A1` → `[$Other.A1]` / `[$'My sheet'.A1]`) and `;`
/// as the argument separator. String literals are copied as they are.
fn ods_formula(formula: &str) -> String {
    let chars: Vec<char> = formula
        .strip_prefix('=')
        .unwrap_or(formula)
        .chars()
        .collect();
    let mut out = String::from("of:=");
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let error = (ch == '#').then(|| {
            let rest: String = chars[i..].iter().collect();
            ERRORS.iter().find(|e| rest.starts_with(**e))
        });
        if let Some(error) = error.flatten() {
            // An error literal such as #REF! (its letters are no sheet name).
            out.push_str(error);
            i += error.chars().count();
        } else if ch == '"' || ch == '\'' {
            // A quoted literal ("" or '' escape the quote); 'sheet'! is a sheet name.
            let start = i;
            i += 1;
            while i < chars.len() {
                if chars[i] == ch && chars.get(i + 1) == Some(&ch) {
                    i += 2;
                } else if chars[i] == ch {
                    i += 1;
                    break;
                } else {
                    i += 1;
                }
            }
            let quoted: String = chars[start..i].iter().collect();
            if ch == '\'' && chars.get(i) == Some(&'!') {
                i = write_reference(&mut out, &chars, i + 1, &format!("${quoted}"));
            } else {
                out.push_str(&quoted);
            }
        } else if ch.is_ascii_alphanumeric() || ch == '$' || ch == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '$' | '_' | '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&'!') {
                i = write_reference(&mut out, &chars, i + 1, &format!("${word}"));
            } else if is_cell_reference(&word) && chars.get(i) != Some(&'(') {
                i = write_reference(&mut out, &chars, start, "");
            } else {
                out.push_str(&word);
            }
        } else if ch == ',' {
            out.push(';');
            i += 1;
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// Writes `[sheet.A1]` or `[sheet.A1:.B2]` for the reference at `chars[i..]`;
/// returns the index after it.
fn write_reference(out: &mut String, chars: &[char], i: usize, sheet: &str) -> usize {
    let cell_at = |i: usize| {
        let end = (i..chars.len())
            .find(|&j| !(chars[j].is_ascii_alphanumeric() || chars[j] == '$'))
            .unwrap_or(chars.len());
        let word: String = chars[i..end].iter().collect();
        is_cell_reference(&word).then_some((word, end))
    };
    let (first, mut end) =
        cell_at(i).unwrap_or_else(|| panic!("cannot translate the reference in {chars:?}"));
    write!(out, "[{sheet}.{first}").unwrap();
    if chars.get(end) == Some(&':')
        && let Some((last, after)) = cell_at(end + 1)
    {
        write!(out, ":.{last}").unwrap();
        end = after;
    }
    out.push(']');
    end
}

/// `A1`, `$A$1`, `XFD1048576`: one to three letters, then digits.
fn is_cell_reference(word: &str) -> bool {
    let word = word.strip_prefix('$').unwrap_or(word);
    let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &word[letters..];
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    (1..=3).contains(&letters) && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::with_date_1904;

    #[test]
    fn date_1904_goes_on_workbook_pr() {
        let xml = r#"<workbook><fileVersion appName="xl"/><workbookPr defaultThemeVersion="1"/><workbookProtection/></workbook>"#;
        assert_eq!(
            with_date_1904(xml),
            r#"<workbook><fileVersion appName="xl"/><workbookPr date1904="1" defaultThemeVersion="1"/><workbookProtection/></workbook>"#
        );
    }

    #[test]
    fn date_1904_inserts_a_missing_workbook_pr() {
        let cases = [
            (
                r#"<workbook a="1"><fileVersion/><fileSharing x="y"/><workbookProtection/></workbook>"#,
                r#"<workbook a="1"><fileVersion/><fileSharing x="y"/><workbookPr date1904="1"/><workbookProtection/></workbook>"#,
            ),
            (
                r#"<workbook><fileVersion appName="xl"/><sheets/></workbook>"#,
                r#"<workbook><fileVersion appName="xl"/><workbookPr date1904="1"/><sheets/></workbook>"#,
            ),
            (
                "<?xml version=\"1.0\"?>\n<workbook xmlns=\"x\"><sheets/></workbook>",
                "<?xml version=\"1.0\"?>\n<workbook xmlns=\"x\"><workbookPr date1904=\"1\"/><sheets/></workbook>",
            ),
        ];
        for (xml, expected) in cases {
            assert_eq!(with_date_1904(xml), expected);
        }
    }
}
