//! The workbook test helper (`tests/common/workbook.rs`) writes what it
//! claims: every file is read back with calamine.

#[path = "common/workbook.rs"]
mod workbook;

use std::io::Read as _;
use std::path::Path;

use calamine::{CellErrorType, Data, Dimensions, Range, Reader, Sheets, open_workbook_auto};
use workbook::{Cell, Sheet, date_serial, text, write_ods, write_xlsx};

fn open(path: &Path) -> Sheets<std::io::BufReader<std::fs::File>> {
    open_workbook_auto(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()))
}

fn range(book: &mut Sheets<std::io::BufReader<std::fs::File>>, sheet: &str) -> Range<Data> {
    book.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("cannot read sheet {sheet}: {e}"))
}

/// The value at 0-based (row, col), `Data::Empty` outside the used range.
fn at(range: &Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn ymd(data: &Data) -> (u16, u8, u8) {
    match data {
        Data::DateTime(d) => {
            assert!(d.is_datetime(), "{d:?} is a duration");
            let (y, m, d, ..) = d.to_ymd_hms_milli();
            (y, m, d)
        }
        other => panic!("expected Data::DateTime, got {other:?}"),
    }
}

fn register() -> Sheet {
    Sheet {
        name: "Übersicht 2026".to_string(),
        rows: vec![
            vec![text("Klachtenregister"), Cell::Empty, Cell::Empty],
            vec![text("Nummer"), text("Datum"), text("Serial")],
            vec![
                Cell::Number(7.0),
                Cell::Date(2026, 3, 15),
                Cell::Serial(46096.0),
            ],
            vec![
                Cell::Formula("=A3+1".to_string(), "8".to_string()),
                Cell::Formula("=\"K-\"&A3".to_string(), "K-7".to_string()),
                Cell::Formula("=A3>5".to_string(), "TRUE".to_string()),
            ],
            vec![
                Cell::Error("#N/A".to_string()),
                Cell::Error("#REF!".to_string()),
                Cell::Bool(true),
            ],
            vec![
                Cell::Bool(false),
                text("a & <b> \"c\""),
                Cell::Number(-1.25),
            ],
        ],
        merged: vec![(0, 0, 0, 2)],
    }
}

fn second() -> Sheet {
    Sheet::new(
        "Daten",
        vec![
            vec![text("Naam"), text("Datum")],
            vec![text("Early"), Cell::Date(1900, 1, 1)],
            vec![text("Leap bug"), Cell::Date(1900, 3, 1)],
            vec![text("Leap"), Cell::Date(2024, 2, 29)],
        ],
    )
}

#[test]
fn date_serials_match_excel() {
    assert_eq!(date_serial(1900, 1, 1, false), 1.0);
    assert_eq!(date_serial(1900, 2, 28, false), 59.0);
    assert_eq!(date_serial(1900, 3, 1, false), 61.0);
    assert_eq!(date_serial(2026, 3, 15, false), 46096.0);
    assert_eq!(date_serial(1904, 1, 1, true), 0.0);
    assert_eq!(date_serial(2026, 3, 15, true), 46096.0 - 1462.0);
}

/// The entry names of a zip archive, in order, with how each is compressed.
fn zip_entries(path: &Path) -> Vec<(String, zip::CompressionMethod)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let entry = archive.by_index_raw(i).unwrap();
            (entry.name().unwrap().into_owned(), entry.compression())
        })
        .collect()
}

/// The text of one entry of a zip archive.
fn zip_text(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn xlsx_1904_repacking_keeps_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, mac) = (dir.path().join("plain.xlsx"), dir.path().join("mac.xlsx"));
    write_xlsx(&plain, &[register()], false);
    write_xlsx(&mac, &[register()], true);

    assert_eq!(zip_entries(&mac), zip_entries(&plain));
    let workbook = zip_text(&mac, "xl/workbook.xml");
    assert_eq!(workbook.matches(r#"date1904="1""#).count(), 1, "{workbook}");
    assert!(
        workbook.contains(r#"<workbookPr date1904="1""#),
        "{workbook}"
    );
    assert!(!zip_text(&plain, "xl/workbook.xml").contains("date1904"));
}

#[test]
fn ods_mimetype_comes_first_and_uncompressed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.ods");
    write_ods(&path, &[register()]);

    let entries = zip_entries(&path);
    assert_eq!(
        entries[0],
        ("mimetype".to_string(), zip::CompressionMethod::Stored)
    );
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["mimetype", "META-INF/manifest.xml", "content.xml"]);
    // ODF's magic: the media type stands at byte 38, right after the first
    // local header and its name (no extra field).
    let bytes = std::fs::read(&path).unwrap();
    let mimetype = "application/vnd.oasis.opendocument.spreadsheet";
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..38 + mimetype.len()], mimetype.as_bytes());
    // The same sheets give the same bytes.
    let again = dir.path().join("again.ods");
    write_ods(&again, &[register()]);
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
}

#[test]
fn xlsx_cells_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.xlsx");
    write_xlsx(&path, &[register(), second()], false);

    let mut book = open(&path);
    assert_eq!(book.sheet_names(), ["Übersicht 2026", "Daten"]);

    let sheet = range(&mut book, "Übersicht 2026");
    assert_eq!(sheet.start(), Some((0, 0)));
    assert_eq!(sheet.end(), Some((5, 2)));
    // Title row, merged over A1:C1: the first cell keeps the value.
    assert_eq!(at(&sheet, 0, 0), Data::String("Klachtenregister".into()));
    assert_eq!(at(&sheet, 0, 1), Data::Empty);
    assert_eq!(at(&sheet, 0, 2), Data::Empty);
    assert_eq!(at(&sheet, 1, 1), Data::String("Datum".into()));
    assert_eq!(at(&sheet, 2, 0), Data::Float(7.0));
    assert_eq!(ymd(&at(&sheet, 2, 1)), (2026, 3, 15));
    match at(&sheet, 2, 1) {
        Data::DateTime(d) => {
            assert_eq!(d.as_f64(), 46096.0);
            assert_eq!(
                d.as_datetime().unwrap().date(),
                chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
            );
        }
        other => panic!("expected a date, got {other:?}"),
    }
    assert_eq!(at(&sheet, 2, 2), Data::Float(46096.0));
    // Formulas: worksheet_range gives the cached results.
    assert_eq!(at(&sheet, 3, 0), Data::Float(8.0));
    assert_eq!(at(&sheet, 3, 1), Data::String("K-7".into()));
    assert_eq!(at(&sheet, 3, 2), Data::Bool(true));
    assert_eq!(at(&sheet, 4, 0), Data::Error(CellErrorType::NA));
    assert_eq!(at(&sheet, 4, 1), Data::Error(CellErrorType::Ref));
    assert_eq!(at(&sheet, 4, 2), Data::Bool(true));
    assert_eq!(at(&sheet, 5, 0), Data::Bool(false));
    assert_eq!(at(&sheet, 5, 1), Data::String("a & <b> \"c\"".into()));
    assert_eq!(at(&sheet, 5, 2), Data::Float(-1.25));

    let formulas = book.worksheet_formula("Übersicht 2026").unwrap();
    let formula = |row, col| formulas.get_value((row, col)).cloned().unwrap_or_default();
    assert_eq!(formula(3, 0), "A3+1");
    assert_eq!(formula(3, 1), "\"K-\"&A3");
    assert_eq!(formula(4, 0), "NA()");

    let Sheets::Xlsx(xlsx) = &mut book else {
        panic!("not read as xlsx")
    };
    assert_eq!(
        xlsx.merge_cells_by_sheet_name("Übersicht 2026").unwrap(),
        [Dimensions {
            start: (0, 0),
            end: (0, 2)
        }]
    );

    let daten = range(&mut book, "Daten");
    assert_eq!(at(&daten, 0, 0), Data::String("Naam".into()));
    assert_eq!(ymd(&at(&daten, 1, 1)), (1900, 1, 1));
    assert_eq!(ymd(&at(&daten, 2, 1)), (1900, 3, 1));
    assert_eq!(ymd(&at(&daten, 3, 1)), (2024, 2, 29));
}

#[test]
fn xlsx_1904_dates_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mac.xlsx");
    let epoch = Sheet::new(
        "Daten",
        vec![
            vec![text("Naam"), text("Datum")],
            vec![text("Epoch"), Cell::Date(1904, 1, 1)],
            vec![text("Leap"), Cell::Date(2024, 2, 29)],
        ],
    );
    write_xlsx(&path, &[register(), epoch], true);

    let mut book = open(&path);
    assert_eq!(book.sheet_names(), ["Übersicht 2026", "Daten"]);
    let sheet = range(&mut book, "Übersicht 2026");
    assert_eq!(ymd(&at(&sheet, 2, 1)), (2026, 3, 15));
    match at(&sheet, 2, 1) {
        Data::DateTime(d) => {
            assert_eq!(d.as_f64(), 46096.0 - 1462.0, "stores the 1904 serial");
            assert_eq!(
                d.as_datetime().unwrap().date(),
                chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
            );
        }
        other => panic!("expected a date, got {other:?}"),
    }
    // Everything else survives the repacking.
    assert_eq!(at(&sheet, 0, 0), Data::String("Klachtenregister".into()));
    assert_eq!(at(&sheet, 2, 2), Data::Float(46096.0));
    assert_eq!(at(&sheet, 3, 1), Data::String("K-7".into()));
    assert_eq!(at(&sheet, 4, 0), Data::Error(CellErrorType::NA));
    let daten = range(&mut book, "Daten");
    assert_eq!(ymd(&at(&daten, 1, 1)), (1904, 1, 1));
    assert_eq!(ymd(&at(&daten, 2, 1)), (2024, 2, 29));
}

#[test]
#[should_panic(expected = "lies before the workbook's epoch")]
fn xlsx_1904_rejects_earlier_dates() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = Sheet::new("Blad1", vec![vec![Cell::Date(1903, 12, 31)]]);
    write_xlsx(&dir.path().join("early.xlsx"), &[sheet], true);
}

#[test]
fn xlsx_error_values_read_back() {
    let errors = [
        ("#DIV/0!", CellErrorType::Div0),
        ("#N/A", CellErrorType::NA),
        ("#NAME?", CellErrorType::Name),
        ("#NULL!", CellErrorType::Null),
        ("#NUM!", CellErrorType::Num),
        ("#REF!", CellErrorType::Ref),
        ("#VALUE!", CellErrorType::Value),
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.xlsx");
    let row = errors.iter().map(|(e, _)| Cell::Error(e.to_string()));
    let mut cells: Vec<Cell> = row.collect();
    cells.push(Cell::Formula("=1/0".to_string(), "#DIV/0!".to_string()));
    write_xlsx(&path, &[Sheet::new("Fouten", vec![cells])], false);

    let sheet = range(&mut open(&path), "Fouten");
    for (col, (_, expected)) in errors.iter().enumerate() {
        assert_eq!(at(&sheet, 0, col as u32), Data::Error(expected.clone()));
    }
    assert_eq!(at(&sheet, 0, 7), Data::Error(CellErrorType::Div0));
}

#[test]
fn ods_cells_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.ods");
    write_ods(&path, &[register(), second()]);

    let mut book = open(&path);
    assert!(matches!(book, Sheets::Ods(_)));
    assert_eq!(book.sheet_names(), ["Übersicht 2026", "Daten"]);

    let sheet = range(&mut book, "Übersicht 2026");
    assert_eq!(sheet.start(), Some((0, 0)));
    assert_eq!(sheet.end(), Some((5, 2)));
    assert_eq!(at(&sheet, 0, 0), Data::String("Klachtenregister".into()));
    assert_eq!(at(&sheet, 0, 1), Data::Empty);
    assert_eq!(at(&sheet, 1, 2), Data::String("Serial".into()));
    assert_eq!(at(&sheet, 2, 0), Data::Float(7.0));
    assert_eq!(at(&sheet, 2, 1), Data::DateTimeIso("2026-03-15".into()));
    assert_eq!(at(&sheet, 2, 2), Data::Float(46096.0));
    assert_eq!(at(&sheet, 3, 0), Data::Float(8.0));
    assert_eq!(at(&sheet, 3, 1), Data::String("K-7".into()));
    assert_eq!(at(&sheet, 3, 2), Data::Bool(true));
    // calamine 0.38 has no error type for .ods: it gives the error text.
    assert_eq!(at(&sheet, 4, 0), Data::String("#N/A".into()));
    assert_eq!(at(&sheet, 4, 1), Data::String("#REF!".into()));
    assert_eq!(at(&sheet, 4, 2), Data::Bool(true));
    assert_eq!(at(&sheet, 5, 0), Data::Bool(false));
    assert_eq!(at(&sheet, 5, 1), Data::String("a & <b> \"c\"".into()));
    assert_eq!(at(&sheet, 5, 2), Data::Float(-1.25));

    let formulas = book.worksheet_formula("Übersicht 2026").unwrap();
    let formula = |row, col| formulas.get_value((row, col)).cloned().unwrap_or_default();
    assert_eq!(formula(3, 0), "of:=[.A3]+1");
    assert_eq!(formula(3, 1), "of:=\"K-\"&[.A3]");
    assert_eq!(formula(4, 0), "of:=NA()");
    assert_eq!(formula(4, 1), "of:=#REF!");

    let daten = range(&mut book, "Daten");
    assert_eq!(at(&daten, 0, 1), Data::String("Datum".into()));
    assert_eq!(at(&daten, 1, 1), Data::DateTimeIso("1900-01-01".into()));
    assert_eq!(at(&daten, 3, 1), Data::DateTimeIso("2024-02-29".into()));
}

#[test]
fn ods_keeps_gaps_and_multiline_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gaps.ods");
    let sheet = Sheet::new(
        "Blad1",
        vec![
            vec![],
            vec![Cell::Empty, text("line 1\nline 2")],
            vec![],
            vec![Cell::Empty, Cell::Empty, Cell::Number(3.0)],
        ],
    );
    write_ods(&path, &[sheet]);

    let sheet = range(&mut open(&path), "Blad1");
    assert_eq!(sheet.start(), Some((1, 1)));
    assert_eq!(sheet.end(), Some((3, 2)));
    assert_eq!(at(&sheet, 1, 1), Data::String("line 1\nline 2".into()));
    assert_eq!(at(&sheet, 2, 1), Data::Empty);
    assert_eq!(at(&sheet, 3, 2), Data::Float(3.0));
}

#[test]
fn ods_formula_references_are_translated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formulas.ods");
    let cells = [
        "=SUM(A1:B2,'Mijn blad'!C3)",
        "=IF($A$1>0,\"a,b\",Other!A1:B2)",
        "=LOG10(100)",
    ]
    .map(|f| Cell::Formula(f.to_string(), "1".to_string()));
    write_ods(&path, &[Sheet::new("F", vec![cells.into()])]);

    let formulas = open(&path).worksheet_formula("F").unwrap();
    let formula = |col| formulas.get_value((0, col)).cloned().unwrap_or_default();
    assert_eq!(formula(0), "of:=SUM([.A1:.B2];[$'Mijn blad'.C3])");
    assert_eq!(formula(1), "of:=IF([.$A$1]>0;\"a,b\";[$Other.A1:.B2])");
    assert_eq!(formula(2), "of:=LOG10(100)");
}
