//! Registers kept as workbooks (SPEC §3.2): `data/*.xlsx`, `*.ods` read as
//! the same register a CSV export would be, findings at sheet and cell.
//! The workbooks are written at run time by `common/workbook.rs`.

mod common;
#[path = "common/workbook.rs"]
mod workbook;

use common::Project;
use workbook::{Cell, Sheet, text, write_ods, write_xlsx};

const TODAY: &str = "--today=2026-11-24";

/// The example register's rows, header first.
fn example_rows() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(common::repo().join("data/register.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn dmy(text: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)),
        _ => None,
    }
}

/// The example register as a secretariat's workbook: a notes sheet first, a
/// title row merged over the first columns, the header on row 3, dates in
/// all the shapes Excel keeps them (date cells, bare serials, typed text),
/// `betrokken` as TRUE/FALSE and one id made by a formula.
fn example_sheets(date_1904: bool) -> Vec<Sheet> {
    let rows = example_rows();
    let header = &rows[0];
    let betrokken = header.iter().position(|h| h == "betrokken").unwrap();
    let mut cells = vec![
        vec![text("Klachtenregister 2025-2026")],
        vec![],
        header.iter().map(|h| text(h)).collect(),
    ];
    for (index, row) in rows[1..].iter().enumerate() {
        let mut line = Vec::new();
        for (column, value) in row.iter().enumerate() {
            let cell = if value.is_empty() {
                Cell::Empty
            } else if column == betrokken {
                Cell::Bool(value == "ja")
            } else if column == 0 && index == 4 {
                Cell::Formula(format!("=\"{}\"", value), value.clone())
            } else if let Some((y, m, d)) = dmy(value) {
                match index % 3 {
                    0 => Cell::Date(y, m, d),
                    1 => Cell::Serial(workbook::date_serial(y, m, d, date_1904)),
                    _ => text(value),
                }
            } else {
                text(value)
            };
            line.push(cell);
        }
        cells.push(line);
    }
    let notes = Sheet::new(
        "Toelichting",
        vec![
            vec![text("Eén klacht per regel op het blad Klachten.")],
            vec![text("Datums als datum invullen.")],
        ],
    );
    let mut register = Sheet::new("Klachten", cells);
    register.merged.push((0, 0, 0, 4));
    vec![notes, register]
}

/// The example project with its register replaced by `write`'s workbook.
fn with_workbook(name: &str, write: impl FnOnce(&std::path::Path)) -> Project {
    let project = Project::example();
    std::fs::remove_file(project.path("data/register.csv")).unwrap();
    write(&project.path(&format!("data/{name}")));
    project
}

/// What `check --format json` found, and its text for failure messages.
struct Checked {
    findings: Vec<serde_json::Value>,
    text: String,
}

impl Checked {
    fn of(project: &Project) -> Checked {
        let run = project.run(&["check", "--format", "json", TODAY]);
        Checked {
            findings: serde_json::from_str(&run.stdout).unwrap(),
            text: run.stdout,
        }
    }

    /// The first finding of `rule`, for `case` when one is given.
    fn find(&self, case: Option<&str>, rule: &str) -> &serde_json::Value {
        self.findings
            .iter()
            .find(|f| f["rule"] == rule && case.is_none_or(|case| f["case"] == case))
            .unwrap_or_else(|| panic!("{case:?} {rule}: {}", self.text))
    }
}

/// The JSON findings without where they are.
fn findings_without_place(project: &Project) -> Vec<serde_json::Value> {
    let mut findings = Checked::of(project).findings;
    for finding in &mut findings {
        let object = finding.as_object_mut().unwrap();
        for key in ["file", "line", "sheet", "cell"] {
            object.remove(key);
        }
    }
    findings
}

#[test]
fn a_workbook_register_reads_as_its_csv_export() {
    let csv = Project::example();
    for (name, date_1904) in [("register.xlsx", false), ("register-mac.xlsx", true)] {
        let xlsx = with_workbook(name, |path| {
            write_xlsx(path, &example_sheets(date_1904), date_1904)
        });
        assert_eq!(
            findings_without_place(&csv),
            findings_without_place(&xlsx),
            "{name}"
        );
        assert_eq!(csv.run(&["build", "-q", TODAY]).code, 0);
        let run = xlsx.run(&["build", TODAY]);
        assert_eq!(run.code, 0, "{}", run.all());
        assert_eq!(
            csv.snapshot("output/reports"),
            xlsx.snapshot("output/reports"),
            "{name}: reports"
        );
        assert_eq!(
            csv.snapshot("output/site"),
            xlsx.snapshot("output/site"),
            "{name}: site"
        );
        // The notes sheet has no register header: passed over without a word.
        assert!(!run.all().contains("Toelichting"), "{}", run.all());
    }
}

#[test]
fn an_ods_register_reads_as_its_csv_export() {
    let csv = Project::example();
    let ods = with_workbook("register.ods", |path| {
        write_ods(path, &example_sheets(false))
    });
    assert_eq!(findings_without_place(&csv), findings_without_place(&ods));
    assert_eq!(csv.run(&["build", "-q", TODAY]).code, 0);
    assert_eq!(ods.run(&["build", "-q", TODAY]).code, 0);
    assert_eq!(
        csv.snapshot("output/reports"),
        ods.snapshot("output/reports")
    );
}

/// A small register sheet: header on `header_row` (0-based), then `rows`.
fn sheet(name: &str, header_row: usize, rows: Vec<Vec<Cell>>) -> Sheet {
    let mut cells: Vec<Vec<Cell>> = (0..header_row).map(|_| vec![text("Register")]).collect();
    cells.push(
        [
            "id",
            "ingediend",
            "opdrachtgever",
            "onderwerp",
            "uitslag",
            "maatregelen",
        ]
        .iter()
        .map(|h| text(h))
        .collect(),
    );
    cells.extend(rows);
    Sheet::new(name, cells)
}

fn row(id: &str, filed: Cell, onderwerp: &str) -> Vec<Cell> {
    vec![
        text(id),
        filed,
        text("Gemeente Groningen"),
        text(onderwerp),
        Cell::Date(2026, 2, 2),
        text("uitleg"),
    ]
}

#[test]
fn an_error_cell_is_a_schema_error_at_its_sheet_and_cell() {
    let project = with_workbook("register.xlsx", |path| {
        write_xlsx(
            path,
            &[sheet(
                "Klachten",
                1,
                vec![
                    row("R-1", Cell::Date(2026, 1, 5), "planning"),
                    row("R-2", Cell::Error("#N/A".into()), "planning"),
                ],
            )],
            false,
        )
    });
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stdout.contains("Dossier R-2"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("kolom `ingediend`: de cel bevat de foutwaarde #N/A"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--> data/register.xlsx [Klachten] B4"),
        "{}",
        run.stdout
    );

    let checked = Checked::of(&project);
    let error = checked.find(None, "schema");
    assert_eq!(error["file"], "data/register.xlsx");
    assert_eq!(error["line"], 4);
    assert_eq!(error["sheet"], "Klachten");
    assert_eq!(error["cell"], "B4");
    assert_eq!(error["case"], "R-2");

    // Nothing is written while there is an error.
    assert_eq!(project.run(&["build", "-q", TODAY]).code, 1);
    assert!(!project.path("output/reports").exists());
}

#[test]
fn findings_point_at_the_cell_of_their_column_or_else_the_rows_id() {
    let project = with_workbook("register.xlsx", |path| {
        write_xlsx(
            path,
            &[sheet(
                "Klachten",
                2,
                vec![
                    row("R-1", Cell::Date(2026, 1, 5), "planning"),
                    row("R-2", Cell::Date(2026, 1, 6), "onbekend-onderwerp"),
                    row("R-3", Cell::Date(2025, 11, 3), "planning"),
                ],
            )],
            false,
        )
    });
    let checked = Checked::of(&project);
    let of = |case: &str, rule: &str| checked.find(Some(case), rule);
    // Two title rows, the header on row 3: R-2 is on row 5. A value not in
    // the regulation's list points at its `onderwerp` cell, D5.
    let unknown = of("R-2", "schema");
    assert_eq!(
        (&unknown["sheet"], &unknown["cell"]),
        (&"Klachten".into(), &"D5".into())
    );
    // A rule about the row as a whole points at the row's id cell (A6). R-3
    // was handled in February, after the six weeks of the handling term.
    let late = of("R-3", "handling-term");
    assert_eq!(late["cell"], "A6");
    assert_eq!(late["line"], 6);
}

#[test]
fn the_first_register_sheet_is_read_with_a_notice_unless_one_is_named() {
    let sheets = |path: &std::path::Path| {
        write_xlsx(
            path,
            &[
                Sheet::new("Uitleg", vec![vec![text("Lees dit eerst.")]]),
                // The values of the drop-down lists: not a register.
                Sheet::new(
                    "Lijsten",
                    vec![
                        vec![text("onderwerp"), text("maatregelen")],
                        vec![text("planning"), text("excuses")],
                    ],
                ),
                sheet(
                    "2025",
                    0,
                    vec![row("R-1", Cell::Date(2025, 12, 1), "planning")],
                ),
                sheet(
                    "2026",
                    0,
                    vec![row("R-2", Cell::Date(2026, 1, 5), "planning")],
                ),
            ],
            false,
        )
    };
    let project = with_workbook("register.xlsx", sheets);
    let run = project.run(&["check", TODAY]);
    assert!(
        run.all().contains(
            "data/register.xlsx: blad `2025` gelezen; ook `2026` heeft kolommen van een register"
        ),
        "{}",
        run.all()
    );
    let json = project.run(&["check", "--format", "json", TODAY]);
    assert!(!json.stdout.contains("\"R-2\""), "{}", json.stdout);

    // `rapportage.blad` names the sheet to read.
    let regulation = project.read("content/klachtenreglement.md");
    project.write(
        "content/klachtenreglement.md",
        &regulation.replacen("rapportage:\n", "rapportage:\n  blad: \"2026\"\n", 1),
    );
    let run = project.run(&["check", "--format", "json", TODAY]);
    assert!(!run.stderr.contains("gelezen"), "{}", run.stderr);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        findings.iter().all(|f| f["case"] != "R-1"),
        "{}",
        run.stdout
    );

    // A sheet that is not there is an error naming the sheets there are.
    project.write(
        "content/klachtenreglement.md",
        &regulation.replacen("rapportage:\n", "rapportage:\n  blad: Klachten\n", 1),
    );
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "het werkboek heeft geen blad `Klachten` (`rapportage.blad`); de bladen zijn: Uitleg, Lijsten, 2025, 2026"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn office_lock_files_and_broken_workbooks_never_panic() {
    let project = Project::example();
    // Excel's note that the workbook is open: not a register.
    std::fs::write(project.path("data/~$register.xlsx"), b"\x0bH. Testema  ").unwrap();
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.all().contains("~$"), "{}", run.all());

    // A file that only looks like a workbook is a Dutch error, no panic.
    project.write("data/kapot.xlsx", "dit is geen werkboek");
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stdout.contains("het werkboek kan niet worden gelezen"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("--> data/kapot.xlsx"), "{}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn the_leak_guard_knows_the_names_in_a_workbook() {
    let project = with_workbook("register.xlsx", |path| {
        let mut rows = vec![
            ["id", "ingediend", "opdrachtgever", "onderwerp", "naam"]
                .iter()
                .map(|h| text(h))
                .collect::<Vec<_>>(),
        ];
        rows.push(vec![
            text("R-9"),
            Cell::Date(2026, 11, 2),
            text("Gemeente Groningen"),
            text("planning"),
            text("Trientje Proefkonijn"),
        ]);
        write_xlsx(path, &[Sheet::new("Klachten", rows)], false)
    });
    // A footer "personalised" with a name that is only in the workbook.
    let report = regelwerk::render::BUILTIN
        .iter()
        .find(|(name, _)| *name == "reports/base.html")
        .unwrap()
        .1
        .replace("met regelwerk", "met regelwerk, voor Trientje Proefkonijn");
    project.write("templates/reports/base.html", &report);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("fout[leak-guard]"), "{}", run.stderr);
    assert!(!run.all().contains("Trientje"), "{}", run.all());
    assert!(!project.path("output").exists(), "nothing written");
}

#[test]
fn a_case_in_a_workbook_and_a_case_file_is_one_case() {
    let project = Project::example();
    let sheets = |filed: Cell| {
        let header = ["id", "ingediend", "opdrachtgever", "onderwerp"];
        vec![Sheet::new(
            "Klachten",
            vec![
                header.iter().map(|h| text(h)).collect(),
                vec![
                    text("K-2026-001"),
                    filed,
                    text("Gemeente Groningen"),
                    text("bejegening"),
                ],
            ],
        )]
    };
    // Another filing date than the case file's: one id, two complaints.
    write_xlsx(
        &project.path("data/extra.xlsx"),
        &sheets(Cell::Date(2026, 1, 2)),
        false,
    );
    let checked = Checked::of(&project);
    let duplicate = checked.find(None, "duplicate-id");
    assert_eq!(duplicate["file"], "data/extra.xlsx");
    assert_eq!(duplicate["cell"], "A2");
    assert!(
        duplicate["message"]
            .as_str()
            .unwrap()
            .contains("data/cases/K-2026-001.yaml"),
        "{duplicate}"
    );
}

#[test]
fn a_merged_header_cell_and_its_unnamed_column_are_passed_over() {
    let project = with_workbook("register.xlsx", |path| {
        let mut register = sheet(
            "Klachten",
            0,
            vec![
                row("R-1", Cell::Date(2026, 1, 5), "planning"),
                row("R-2", Cell::Date(2026, 1, 6), "bejegening"),
            ],
        );
        // "maatregelen" merged over F and G; G holds a note per row.
        register.rows[0].push(Cell::Empty);
        register.rows[1].push(text("Geheime notitie over mevrouw Janssen"));
        register.rows[2].push(text("Geheime notitie over meneer Pietersen"));
        register.merged.push((0, 5, 0, 6));
        write_xlsx(path, &[register], false)
    });
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.all().contains("1 kolom zonder naam"), "{}", run.all());
    for (name, bytes) in project.snapshot("output") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Geheime notitie"), "{name}");
    }
    let json = project.run(&["check", "--format", "json", TODAY]);
    assert!(!json.stdout.contains("\"schema\""), "{}", json.stdout);
}

/// A workbook damaged in transfer (cut short, bytes changed) is a Dutch
/// error at the file, never a panic.
#[test]
fn a_damaged_workbook_is_an_error_not_a_panic() {
    let project = Project::example();
    let good = project.path("good.xlsx");
    write_xlsx(&good, &example_sheets(false), false);
    let bytes = std::fs::read(&good).unwrap();
    let mut damaged: Vec<Vec<u8>> = [1, 4, 30, 100, 1000, bytes.len() / 2, bytes.len() - 22]
        .iter()
        .map(|&n| bytes[..n.min(bytes.len())].to_vec())
        .collect();
    for step in [97, 1009, 4099] {
        let mut flipped = bytes.clone();
        for at in (step..flipped.len()).step_by(step) {
            flipped[at] ^= 0x5a;
        }
        damaged.push(flipped);
    }
    for (index, variant) in damaged.iter().enumerate() {
        std::fs::write(project.path("data/kapot.xlsx"), variant).unwrap();
        let run = project.run(&["check", "--format", "json", TODAY]);
        assert!(
            !run.stderr.contains("panicked"),
            "variant {index}: {}",
            run.stderr
        );
        assert!(run.code <= 1, "variant {index}: {}", run.all());
    }
}

/// An id in a workbook and in a later CSV register: the CSV row is the
/// repeat, found by reading the workbook's rows again.
#[test]
fn an_id_in_a_workbook_and_a_csv_register_is_one_case() {
    let project = Project::example();
    let rows = example_rows();
    let header: Vec<Cell> = rows[0].iter().map(|h| text(h)).collect();
    let mut first: Vec<Cell> = rows[1].iter().map(|v| text(v)).collect();
    // The same id, filed a day later: two complaints under one id.
    let filed = rows[0].iter().position(|h| h == "ingediend").unwrap();
    first[filed] = Cell::Date(2025, 7, 3);
    write_xlsx(
        &project.path("data/a-register.xlsx"),
        &[Sheet::new("Klachten", vec![header, first])],
        false,
    );
    let checked = Checked::of(&project);
    let duplicate = checked.find(None, "duplicate-id");
    assert_eq!(duplicate["case"], rows[1][0].as_str());
    assert_eq!(duplicate["file"], "data/register.csv");
    assert!(
        duplicate["message"]
            .as_str()
            .unwrap()
            .contains("data/a-register.xlsx [Klachten] A2"),
        "{duplicate}"
    );
}

/// A register that starts at B2 (an empty first row and column) keeps its
/// rows and columns: cells are named as Excel names them.
#[test]
fn a_register_away_from_a1_keeps_its_cell_names() {
    let project = with_workbook("register.xlsx", |path| {
        let shifted = |cells: Vec<Cell>| {
            let mut row = vec![Cell::Empty];
            row.extend(cells);
            row
        };
        let mut register = sheet(
            "Klachten",
            0,
            vec![row("R-1", Cell::Text("31-02-2026".into()), "planning")],
        );
        register.rows = std::iter::once(vec![])
            .chain(register.rows.into_iter().map(shifted))
            .collect();
        write_xlsx(path, &[register], false)
    });
    let date = Checked::of(&project).find(Some("R-1"), "schema").clone();
    // Header on row 2, R-1 on row 3; `ingediend` is the second column: C.
    assert_eq!(date["line"], 3);
    assert_eq!(date["cell"], "C3");
}

/// Rows after a row that is not read, and after rows without any cell,
/// keep their numbers: the sheet is streamed, and empty rows are not in it.
#[test]
fn rows_after_gaps_and_broken_rows_keep_their_numbers() {
    let project = with_workbook("register.xlsx", |path| {
        let mut register = sheet(
            "Klachten",
            0,
            vec![
                row("R-1", Cell::Error("#REF!".into()), "planning"),
                vec![],
                vec![],
                row("R-4", Cell::Date(2026, 1, 6), "onbekend"),
            ],
        );
        register.rows.push(vec![]);
        register
            .rows
            .push(row("R-6", Cell::Text("30-02-2026".into()), "planning"));
        write_xlsx(path, &[register], false)
    });
    let checked = Checked::of(&project);
    let at = |case: &str| {
        let found = checked.find(Some(case), "schema");
        (
            found["line"].as_u64().unwrap(),
            found["cell"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(at("R-1"), (2, "B2".to_string()));
    assert_eq!(at("R-4"), (5, "D5".to_string()));
    assert_eq!(at("R-6"), (7, "B7".to_string()));
}
