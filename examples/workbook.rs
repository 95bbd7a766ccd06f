//! Turns a CSV register into the workbook a secretariat keeps in Excel
//! (SPEC §3.2): the register on a sheet `Klachten` under a title row, dates
//! as real date cells, and a sheet `Toelichting` with a few lines of
//! explanation, which regelwerk passes over.
//!
//! ```text
//! cargo run --example workbook -- IN.csv OUT.xlsx [--titel TEKST]
//! ```
//!
//! The `gemeente` and `zorg` models ship the workbooks this made from
//! `examples/registers/gemeente.csv` and `examples/registers/zorg.csv`:
//!
//! ```text
//! cargo run --example workbook -- examples/registers/gemeente.csv \
//!     models/gemeente/data/register.xlsx --titel "Klachtenregister gemeente Lauwerdal"
//! cargo run --example workbook -- examples/registers/zorg.csv \
//!     models/zorg/data/register.xlsx --titel "Klachtenregister Zorggroep Eemsmond"
//! ```
//!
//! The output is the same byte for byte on every run.

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(output)) = (args.first(), args.get(1)) else {
        eprintln!("gebruik: cargo run --example workbook -- IN.csv OUT.xlsx [--titel TEKST]");
        return ExitCode::from(2);
    };
    let title = args
        .iter()
        .position(|a| a == "--titel")
        .and_then(|i| args.get(i + 1))
        .map_or("Klachtenregister", String::as_str);
    let rows = match read_csv(input) {
        Ok(rows) => rows,
        Err(err) => {
            eprintln!("{input}: {err}");
            return ExitCode::FAILURE;
        }
    };
    match write(&rows, title, output) {
        Ok(()) => {
            println!(
                "{} regels geschreven naar {output}",
                rows.len().saturating_sub(1)
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{output}: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The CSV's records, the header first (`;` or `,`, UTF-8).
fn read_csv(path: &str) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record?.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// `DD-MM-YYYY` or `YYYY-MM-DD`.
fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%d-%m-%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

fn write(rows: &[Vec<String>], title: &str, output: &str) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the same input gives the same file.
    let made = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&made),
    );
    let bold = Format::new().set_bold();
    let heading = Format::new().set_bold().set_font_size(14);
    let day = Format::new().set_num_format("dd-mm-yyyy");

    let sheet = workbook.add_worksheet();
    sheet.set_name("Klachten")?;
    sheet.write_string_with_format(0, 0, title, &heading)?;
    let header_row = 2;
    let mut widths = vec![8usize; rows.first().map_or(0, Vec::len)];
    for (offset, row) in rows.iter().enumerate() {
        let at = header_row + offset as u32;
        for (column, text) in row.iter().enumerate() {
            let col = column as u16;
            if let Some(width) = widths.get_mut(column) {
                *width = (*width).max(text.chars().count().min(40));
            }
            if text.is_empty() {
                continue;
            }
            if offset == 0 {
                sheet.write_string_with_format(at, col, text, &bold)?;
            } else if let Some(date) = date(text) {
                use chrono::Datelike;
                let cell = ExcelDateTime::from_ymd(
                    date.year() as u16,
                    date.month() as u8,
                    date.day() as u8,
                )?;
                sheet.write_datetime_with_format(at, col, &cell, &day)?;
            } else {
                sheet.write_string(at, col, text)?;
            }
        }
    }
    for (column, width) in widths.iter().enumerate() {
        sheet.set_column_width(column as u16, (*width as f64 + 2.0).max(11.0))?;
    }
    sheet.set_freeze_panes(header_row + 1, 1)?;

    let notes = workbook.add_worksheet();
    notes.set_name("Toelichting")?;
    let lines = [
        "Elke klacht staat op een eigen regel van het blad Klachten, onder de kopregel.",
        "Vul datums in als datum (bijvoorbeeld 3-10-2025); Excel toont ze als dd-mm-jjjj.",
        "Meerdere maatregelen scheidt u met een verticale streep, bijvoorbeeld excuses|uitleg.",
        "Geen maatregelen genomen? Schrijf dan het woord geen.",
        "regelwerk leest het eerste blad met de kolomnamen van het register; dit blad slaat het over.",
    ];
    for (row, line) in lines.iter().enumerate() {
        notes.write_string(row as u32, 0, *line)?;
    }
    notes.set_column_width(0, 90)?;
    workbook.save(output)
}
