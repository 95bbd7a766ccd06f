//! Races and broken input (issue 14): several writers at once, and registers
//! whose rows do not line up with their header.

mod common;

use common::Project;
use std::process::Command;

const TODAY: &str = "--today=2026-11-24";

/// Three builds started together into an empty `output/` all succeed, one
/// after the other, and leave exactly what one build leaves.
#[test]
fn concurrent_builds_take_turns() {
    let project = Project::example();
    let root = project.root().to_string_lossy().into_owned();
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_regelwerk"))
                .args(["--root", &root, "build", "-q", TODAY])
                .env("NO_COLOR", "1")
                .output()
        })
        .collect();
    for child in children {
        let output = child.unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let together = project.snapshot("output");
    assert!(
        !together
            .keys()
            .any(|k| k.contains("regelwerk-staging") || k.ends_with(".regelwerk-lock"))
    );
    let alone = Project::example();
    assert_eq!(alone.run(&["build", "-q", TODAY]).code, 0);
    assert_eq!(together, alone.snapshot("output"));
}

/// A register row split by an unquoted line break is an error naming the
/// row; `build` writes nothing while there is one.
#[test]
fn a_ragged_register_row_is_an_error_with_its_row() {
    let project = Project::example();
    project.write(
        "data/kapot.csv",
        "id;ingediend;opdrachtgever;onderwerp\nR-1;02-03-2026\nUWV;bejegening\n",
    );
    let run = project.run(&["check", TODAY, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.all());
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let broken: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == "data/kapot.csv")
        .collect();
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert_eq!(broken[0]["rule"], "schema");
    assert_eq!(broken[0]["line"], 2);
    assert!(
        broken[0]["message"]
            .as_str()
            .unwrap()
            .contains("2 cellen, de kopregel 4")
    );
    assert_eq!(broken[1]["line"], 3);
    let build = project.run(&["build", TODAY]);
    assert_eq!(build.code, 1);
    assert!(
        !project.path("output").exists(),
        "nothing written on an error"
    );
}

/// A flood of findings: the human listing shows the first 20 per rule and
/// says how many more; the summary and JSON count every one; `--all` lists all.
#[test]
fn a_flood_of_findings_is_summarised_per_rule() {
    let project = Project::example();
    let mut csv =
        String::from("id;ingediend;opdrachtgever;onderwerp;uitslag;oordeel;maatregelen\n");
    for n in 0..1234 {
        // Closed 60 days after filing: later than the 6 weeks of afhandeling.
        csv.push_str(&format!(
            "F-{n:05};02-03-2026;UWV;planning;01-05-2026;ongegrond;geen\n"
        ));
    }
    project.write("data/vloed.csv", &csv);
    let run = project.run(&["check", TODAY]);
    let out = run.all();
    let listed = out.matches("[handling-term]").count();
    let example = Project::example()
        .run(&["check", TODAY])
        .all()
        .matches("[handling-term]")
        .count();
    assert_eq!(listed, 20, "{out}");
    assert!(
        example < 20,
        "the example project alone stays under the limit"
    );
    let more = 1234 + example - 20;
    assert!(
        out.contains(&format!(
            "… en {} meer `handling-term` (art. 6); alles: `--all` of `--format json`",
            regelwerk::diagnostic::thousands(more as u64)
        )),
        "{out}"
    );
    let all = project.run(&["check", TODAY, "--all"]).all();
    assert_eq!(all.matches("[handling-term]").count(), 1234 + example);
    assert!(!all.contains("meer `handling-term`"));
    let json = project.run(&["check", TODAY, "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let handling = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "handling-term")
        .count();
    assert_eq!(handling, 1234 + example);
    assert!(out.contains("Controle: "), "{out}");
    let summary = out.lines().find(|l| l.starts_with("Controle: ")).unwrap();
    let violations = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "violation")
        .count() as u64;
    assert!(violations > 2000);
    assert!(
        summary.contains(&format!(
            "{} overtredingen",
            regelwerk::diagnostic::thousands(violations)
        )),
        "the summary counts everything: {summary}"
    );
}

/// Everything a user reads is Dutch: clap's errors, tips and usage lines,
/// and the YAML parser's messages.
#[test]
fn wrong_invocations_and_bad_yaml_read_as_dutch() {
    const ENGLISH: [&str; 10] = [
        "error",
        "Usage",
        "unclosed",
        "disallowed",
        "expected",
        "found",
        "tip: a ",
        "For more",
        "Print",
        "[OPTIONS]",
    ];
    let invocations: [&[&str]; 9] = [
        &["buidl"],
        &["check", "--todya", "2026-01-01"],
        &["check", "--today", "2026-13-01"],
        &["check", "--format", "xml"],
        &["report"],
        &["init"],
        &[],
        &["--help"],
        &["check", "--help"],
    ];
    for args in invocations {
        let run = common::run_raw(args);
        let out = run.all();
        for word in ENGLISH {
            assert!(!out.contains(word), "{args:?} says {word:?}:\n{out}");
        }
        assert!(out.contains("Gebruik: regelwerk"), "{args:?}:\n{out}");
    }
    let typo = common::run_raw(&["buidl"]);
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("fout: onbekende opdracht 'buidl'"));
    assert!(typo.stderr.contains("tip: bedoelde u 'build'?"));
    assert_eq!(common::run_raw(&["--help"]).code, 0);

    let project = Project::example();
    let bad = [
        "id: K-1\ningediend: { datum: 2026-03-02\n",
        "id: K-1\nomschrijving: \"open\n",
        "id: K-1\nverloop:\n\t- { datum: 2026-03-03, stap: gesprek }\n",
        "id: K-1\nid: K-2\n",
        "id: K-1\nbetreft: @iemand\n",
    ];
    for (n, text) in bad.iter().enumerate() {
        project.write(&format!("data/cases/kapot-{n}.yaml"), text);
    }
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1);
    let out = run.all();
    for word in ENGLISH {
        assert!(!out.contains(word), "bad YAML says {word:?}:\n{out}");
    }
    for n in 0..bad.len() {
        assert!(
            out.contains(&format!("data/cases/kapot-{n}.yaml:")),
            "{out}"
        );
    }
    assert!(out.contains("dit dossier is geen geldige YAML"));
}

/// A file where a folder must be: the build stops with the path named,
/// exit 2, and the previous output stays as it was.
#[test]
fn a_write_error_names_the_path_and_keeps_the_previous_output() {
    let project = Project::example();
    assert_eq!(project.run(&["build", "-q", TODAY]).code, 0);
    let before = project.snapshot("output");
    let case = project
        .read("data/cases/K-2025-001.yaml")
        .replace("K-2025-001", "K-2099-001");
    project.write("data/cases/K-2099-001.yaml", &case);
    project.write(
        "output/letters/K-2099-001",
        "een bestand waar een map moet staan",
    );
    let index = project.read("content/klachtenreglement.md").replace(
        "Als je tijdens een traject",
        "Als je tijdens een lopend traject",
    );
    project.write("content/klachtenreglement.md", &index);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("output/letters/K-2099-001"),
        "{}",
        run.stderr
    );
    let mut after = project.snapshot("output");
    after.remove("letters/K-2099-001");
    assert_eq!(before, after, "the previous output is whole");
    assert!(!project.path("output/.regelwerk-lock").exists());
}
