//! `regelwerk check` end to end: the real binary on fixture projects under
//! `tests/fixtures/check/` and on the example project.

mod common;

use common::{Project, Run};
use serde_json::Value;
use std::collections::BTreeSet;

const TODAY: &str = "--today=2026-11-24";

/// Every rule id of SPEC §4.
const ALL_RULES: [&str; 20] = [
    "schema",
    "date-order",
    "duplicate-id",
    "complainant-role",
    "scope",
    "admissibility",
    "handler-involved",
    "response-requested",
    "response-term",
    "conversation-report",
    "confirmation",
    "outcome-reasoned",
    "handling-term",
    "withdrawal-confirmed",
    "kcmd-after-internal-term",
    "kcmd-direct-term",
    "kcmd-ruling-term",
    "measures-notice-term",
    "register-complete",
    "terms-match-text",
];

/// The rules whose findings are errors (or warn about the regulation itself):
/// the example project must not have them.
const NOT_IN_EXAMPLE: [&str; 5] = [
    "schema",
    "date-order",
    "duplicate-id",
    "complainant-role",
    "terms-match-text",
];

/// Runs `check --format json` and parses the findings.
fn json_findings(project: &Project, extra: &[&str]) -> (Run, Vec<Value>) {
    let mut args = vec!["check", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let run = project.run(&args);
    let parsed: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.all()));
    let findings = parsed
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {parsed}"))
        .clone();
    (run, findings)
}

/// The header line of the example project's register.
fn register_header(project: &Project) -> String {
    let register = project.read("data/register.csv");
    register.lines().next().unwrap().to_string()
}

fn text<'a>(finding: &'a Value, key: &str) -> &'a str {
    finding[key].as_str().unwrap_or_default()
}

/// Every finding has exactly the keys of SPEC §4.
fn assert_keys(findings: &[Value]) {
    let expected: BTreeSet<&str> = [
        "case", "rule", "article", "severity", "message", "file", "line", "due",
    ]
    .into();
    for finding in findings {
        let keys: BTreeSet<&str> = finding
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {finding}"))
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, expected, "{finding}");
        assert!(
            ["error", "violation", "warning", "deadline"].contains(&text(finding, "severity")),
            "{finding}"
        );
    }
}

#[test]
fn each_fixture_case_triggers_exactly_its_rules() {
    let project = Project::fixture("check/rules");
    let (run, findings) = json_findings(&project, &[]);
    assert_eq!(
        run.code,
        0,
        "violations alone do not fail check\n{}",
        run.all()
    );
    assert_keys(&findings);

    let found: BTreeSet<(&str, &str, &str)> = findings
        .iter()
        .map(|f| (text(f, "case"), text(f, "rule"), text(f, "severity")))
        .collect();
    let expected: BTreeSet<(&str, &str, &str)> = [
        ("K-02", "handling-term", "violation"),
        ("K-03", "handling-term", "deadline"),
        ("K-04", "admissibility", "violation"),
        ("K-05", "kcmd-direct-term", "warning"),
        ("K-05", "kcmd-ruling-term", "warning"),
        ("K-06", "measures-notice-term", "violation"),
        ("K-07", "scope", "warning"),
        ("K-07", "register-complete", "violation"),
        ("K-08", "conversation-report", "warning"),
        ("K-08", "confirmation", "warning"),
        ("K-09", "handler-involved", "violation"),
        ("K-09", "withdrawal-confirmed", "violation"),
        ("K-10", "kcmd-after-internal-term", "warning"),
        ("K-11", "response-requested", "violation"),
        ("K-11", "outcome-reasoned", "violation"),
        ("K-12", "response-term", "violation"),
    ]
    .into();
    assert_eq!(found, expected);
    assert_eq!(findings.len(), expected.len(), "one finding per pair");

    // Place, article, due date and the Dutch dates of a few of them.
    let find = |case: &str, rule: &str| {
        findings
            .iter()
            .find(|f| text(f, "case") == case && text(f, "rule") == rule)
            .unwrap()
    };
    let late = find("K-02", "handling-term");
    assert_eq!(text(late, "file"), "data/cases/K-02.yaml");
    assert_eq!(late["line"], 13);
    assert_eq!(late["article"], "6");
    assert_eq!(late["due"], "2026-04-13");
    assert!(text(late, "message").contains("14 april 2026"), "{late}");
    assert!(text(late, "message").contains("13 april 2026"), "{late}");

    let running = find("K-03", "handling-term");
    assert_eq!(running["due"], "2026-11-27");
    assert!(
        text(running, "message").contains("27 november 2026"),
        "{running}"
    );
    assert!(
        text(running, "message").contains("nog 3 dagen"),
        "{running}"
    );

    let kcmd = find("K-10", "kcmd-after-internal-term");
    assert_eq!(kcmd["due"], "2026-02-28");
    assert_eq!(kcmd["article"], "8");
    assert_eq!(kcmd["line"], 15);

    let measures = find("K-06", "measures-notice-term");
    assert_eq!(measures["due"], "2026-09-30");
    assert!(
        text(measures, "message").contains("31 augustus 2026"),
        "{measures}"
    );

    let involved = find("K-09", "handler-involved");
    assert_eq!(involved["due"], Value::Null);
    assert_eq!(involved["line"], 9);
}

#[test]
fn strict_fails_on_violations_and_human_output_groups_by_case() {
    let project = Project::fixture("check/rules");
    let (strict, _) = json_findings(&project, &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.all());

    let human = project.run(&["check", TODAY]);
    assert_eq!(human.code, 0, "{}", human.all());
    let out = &human.stdout;
    assert!(out.contains("Dossier K-02"), "{out}");
    assert!(out.contains("overtreding[handling-term] (art. 6)"), "{out}");
    assert!(out.contains("data/cases/K-02.yaml:13"), "{out}");
    assert!(
        out.contains("13 | "),
        "the offending source line is shown: {out}"
    );
    assert!(
        !out.contains("Dossier K-01"),
        "a clean case has no group: {out}"
    );

    let strict_human = project.run(&["check", TODAY, "--strict"]);
    assert_eq!(strict_human.code, 1, "{}", strict_human.all());
}

/// One bad-input project: the problem must be reported with its file, line,
/// rule and a Dutch message, stop `check` and `build`, and write nothing.
struct Bad {
    name: &'static str,
    place: &'static str,
    rule: &'static str,
    says: &'static [&'static str],
}

const BAD: [Bad; 7] = [
    Bad {
        name: "syntax-error",
        place: "data/cases/K-1.yaml:7",
        rule: "schema",
        says: &["geen geldige YAML"],
    },
    Bad {
        name: "wrong-type",
        place: "data/cases/K-1.yaml:8",
        rule: "schema",
        says: &["`behandelaar.betrokken` moet true of false"],
    },
    Bad {
        name: "impossible-date",
        place: "data/cases/K-1.yaml:7",
        rule: "schema",
        says: &["2026-02-30", "bestaat niet"],
    },
    Bad {
        name: "unknown-key",
        place: "data/cases/K-1.yaml:7",
        rule: "schema",
        says: &["onbekend veld `ingedient`", "bedoelde u `ingediend`?"],
    },
    Bad {
        name: "duplicate-id",
        place: "data/cases/K-1b.yaml:1",
        rule: "duplicate-id",
        says: &["K-1", "data/cases/K-1a.yaml:1", "`ingediend`"],
    },
    Bad {
        name: "future-date",
        place: "data/cases/K-1.yaml:13",
        rule: "date-order",
        says: &["1 december 2026", "na vandaag", "24 november 2026"],
    },
    Bad {
        name: "unknown-role",
        place: "data/cases/K-1.yaml:2",
        rule: "complainant-role",
        says: &["buurman", "klant, vertegenwoordiger, nabestaande"],
    },
];

fn assert_bad_input_is_reported(bad: &Bad) {
    let project = Project::fixture(&format!("check/bad/{}", bad.name));
    let name = bad.name;

    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1, "{name}: {}", run.all());
    let out = &run.stdout;
    assert!(out.contains(bad.place), "{name}: no {}\n{out}", bad.place);
    assert!(
        out.contains(&format!("fout[{}]", bad.rule)),
        "{name}: no fout[{}]\n{out}",
        bad.rule
    );
    for fragment in bad.says {
        assert!(out.contains(fragment), "{name}: no {fragment:?}\n{out}");
    }
    assert!(
        !run.stderr.contains("RUST_BACKTRACE"),
        "{name}: {}",
        run.stderr
    );

    let (json, findings) = json_findings(&project, &[]);
    assert_eq!(json.code, 1, "{name}: {}", json.all());
    assert_keys(&findings);
    let (file, line) = bad.place.rsplit_once(':').unwrap();
    assert!(
        findings.iter().any(|f| text(f, "rule") == bad.rule
            && text(f, "severity") == "error"
            && text(f, "file") == file
            && f["line"].as_u64() == line.parse().ok()
            && f["case"] == "K-1"),
        "{name}: {findings:#?}"
    );

    let build = project.run(&["build", TODAY]);
    assert_eq!(build.code, 1, "{name}: {}", build.all());
    assert!(
        build.all().contains(bad.place),
        "{name}: build names the place\n{}",
        build.all()
    );
    assert!(
        !project.path("output").exists(),
        "{name}: nothing may be written on an error"
    );
}

#[test]
fn bad_syntax_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[0]);
}

#[test]
fn a_wrong_type_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[1]);
}

#[test]
fn an_impossible_date_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[2]);
}

#[test]
fn an_unknown_key_gets_a_suggestion_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[3]);
}

#[test]
fn a_duplicate_id_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[4]);
}

#[test]
fn a_future_date_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[5]);
}

#[test]
fn an_unknown_role_is_reported_and_stops_the_build() {
    assert_bad_input_is_reported(&BAD[6]);
}

#[test]
fn the_bad_fixtures_are_all_tested() {
    let dir = common::fixture("check/bad");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = BAD.iter().map(|b| b.name.to_string()).collect();
    assert_eq!(on_disk, tested);
}

#[test]
fn the_example_project_has_no_errors_and_shows_every_other_rule() {
    let project = Project::example();
    let human = project.run(&["check", TODAY]);
    assert_eq!(human.code, 0, "{}", human.all());

    let (run, findings) = json_findings(&project, &[]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_keys(&findings);
    let errors: Vec<&Value> = findings
        .iter()
        .filter(|f| text(f, "severity") == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let found: BTreeSet<&str> = findings.iter().map(|f| text(f, "rule")).collect();
    let missing: Vec<&str> = ALL_RULES
        .iter()
        .copied()
        .filter(|r| !NOT_IN_EXAMPLE.contains(r) && !found.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "the example data shows no finding of {missing:?}"
    );
    let unexpected: Vec<&&str> = found
        .iter()
        .filter(|r| NOT_IN_EXAMPLE.contains(r))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    let unknown: Vec<&&str> = found.iter().filter(|r| !ALL_RULES.contains(r)).collect();
    assert!(unknown.is_empty(), "rule ids outside SPEC §4: {unknown:?}");
}

/// SPEC §8: never a panic. `regelwerk check | head -1` closes the pipe early;
/// the reader end is closed before the binary starts, so every write fails.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let project = Project::fixture("check/rules");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args(["--root"])
        .arg(project.root())
        .args(["check", TODAY])
        .env("NO_COLOR", "1")
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
}

/// SPEC §4 `duplicate-id` between register rows: the same id with the same
/// values is one case (no finding), with other values an error that names the
/// first row, also when the first row is in another register file.
#[test]
fn register_rows_with_one_id_are_one_case_unless_their_values_differ() {
    let project = Project::example();
    let header = register_header(&project);
    let row = |id: &str, onderwerp: &str| {
        format!(
            "{id};02-07-2025;23-06-2025;schriftelijk;manager;klant;;Gemeente Groningen;Participatiewet;;medewerker;{onderwerp};E. Nepkes;nee;;;;25-07-2025;opgelost;;;;;;"
        )
    };
    project.write(
        "data/dubbel-a.csv",
        &[
            header.clone(),
            row("D-1", "begeleiding"),
            row("D-1", "begeleiding"),
            row("D-1", "bejegening"),
            row("D-2", "begeleiding"),
        ]
        .join("\n"),
    );
    project.write(
        "data/dubbel-b.csv",
        &[header, row("D-2", "bejegening"), row("D-3", "begeleiding")].join("\n"),
    );
    let (_, findings) = json_findings(&project, &[]);
    let duplicates: Vec<(&str, &str, u64)> = findings
        .iter()
        .filter(|f| text(f, "rule") == "duplicate-id")
        .map(|f| {
            (
                text(f, "case"),
                text(f, "file"),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        duplicates,
        [
            ("D-1", "data/dubbel-a.csv", 4),
            ("D-2", "data/dubbel-b.csv", 2),
        ],
        "{findings:#?}"
    );
    let messages: Vec<&str> = findings
        .iter()
        .filter(|f| text(f, "rule") == "duplicate-id")
        .map(|f| text(f, "message"))
        .collect();
    assert!(messages[0].contains("data/dubbel-a.csv:2"), "{messages:?}");
    assert!(messages[1].contains("data/dubbel-a.csv:5"), "{messages:?}");
}

/// A register of several megabytes is read in chunks on every core; every
/// row has a quoted cell with a line break, so chunks are cut inside quotes
/// too. It must read exactly as one reader would: every row a case, lines
/// as in the file, and ids repeated megabytes apart found.
#[test]
fn a_large_register_reads_as_one_reader_would() {
    let project = Project::example();
    let header = register_header(&project);
    let row = |id: usize, onderwerp: &str| {
        format!(
            "D-{id};02-07-2025;23-06-2025;schriftelijk;manager;klant;;Gemeente Groningen;Participatiewet;\"Werkplaats {id}\nmet een \"\"tweede\"\" regel; en meer\";medewerker;{onderwerp};E. Nepkes;nee;;;;25-07-2025;opgelost;;;;;;"
        )
    };
    let rows = 20_000;
    let mut lines = vec![header];
    lines.extend((0..rows).map(|id| row(id, "begeleiding")));
    // Row 3 again, the same: one case. Row 5 again, other values: an error.
    lines.push(row(3, "begeleiding"));
    lines.push(row(5, "bejegening"));
    let register = lines.join("\n");
    assert!(register.len() > 3 * 1024 * 1024, "{} bytes", register.len());
    project.write("data/groot.csv", &register);

    let (_, findings) = json_findings(&project, &[]);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| text(f, "severity") == "error")
        .map(|f| {
            format!(
                "{} {}:{} {}",
                text(f, "rule"),
                text(f, "file"),
                f["line"],
                text(f, "message")
            )
        })
        .collect();
    // Each row takes two lines: row n starts on line 2 + 2n.
    let last = 2 + 2 * (rows + 1);
    assert_eq!(
        errors,
        [format!(
            "duplicate-id data/groot.csv:{last} het dossiernummer D-5 staat ook in data/groot.csv:12, met andere gegevens; één klacht hoort één dossiernummer te hebben"
        )],
    );
    let per_row: Vec<u64> = findings
        .iter()
        .filter(|f| text(f, "file") == "data/groot.csv" && text(f, "severity") != "error")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    // This row shape has two findings; a repeated row has none of its own.
    assert_eq!(per_row.len(), 2 * rows);
    assert!(
        per_row.windows(2).all(|w| w[0] <= w[1]),
        "findings come in file order"
    );
    assert!(per_row.iter().all(|line| line % 2 == 0), "{per_row:?}");
}
