//! The public site, end to end: the real binary on fixture projects.

mod common;

use common::Project;
use std::fs;

const TODAY: &str = "--today=2026-11-24";

#[test]
fn example_project_builds_the_whole_regulation() {
    let project = Project::example();
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = project.read("output/site/index.html");
    assert!(html.contains("<html lang=\"nl\">"));
    for n in 1..=16 {
        assert!(
            html.contains(&format!("id=\"artikel-{n}\"")),
            "anchor artikel-{n}"
        );
        assert!(
            html.contains(&format!("href=\"#artikel-{n}\"")),
            "toc link artikel-{n}"
        );
    }
    assert!(
        html.contains("<ol class=\"artikelen\" start=\"8\">"),
        "numbering continues after the footnote"
    );
    assert!(
        html.contains("class=\"footnote-reference\""),
        "the ¹ is a real footnote"
    );
    assert!(html.contains("Ook bedoeld: een vertegenwoordiger of nabestaande van de klant."));
    assert!(
        html.contains("uiterlijk 6 weken na indiening"),
        "timeline from the terms"
    );
    assert!(html.contains("href=\"mailto:r.zinnemers@werkpro.nl\""));
    assert!(html.contains("href=\"tel:0503175220\""));
    assert!(html.contains("geldig vanaf <time datetime=\"2024-01-01\">1 januari 2024</time>"));
    assert!(
        html.contains("href=\"toegankelijkheid.html\""),
        "extra page linked from the index"
    );
    assert!(!html.contains("<script"), "readable without JavaScript");
    assert!(
        !html.contains("https://fonts") && !html.contains("cdn"),
        "nothing fetched from the internet"
    );
    assert!(project.path("output/site/style.css").is_file());
    assert!(
        project
            .read("output/site/style.css")
            .contains("@media print")
    );
    let md = project.read("output/site/klachtenreglement.md");
    assert!(md.starts_with("# Klachtenreglement voor klanten[^klant]"));
    assert!(md.contains("16. Dit klachtenreglement is geldig vanaf nu"));
    assert!(project.path("output/site/toegankelijkheid.html").is_file());
}

#[test]
fn snapshot_of_the_example_page_and_markdown() {
    let project = Project::example();
    assert_eq!(project.run(&["build", TODAY]).code, 0);
    insta::assert_snapshot!("index.html", project.read("output/site/index.html"));
    insta::assert_snapshot!(
        "klachtenreglement.md",
        project.read("output/site/klachtenreglement.md")
    );
}

#[test]
fn any_regulation_following_the_spec_builds_with_its_own_terms() {
    let project = Project::fixture("site/minimal");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = project.read("output/site/index.html");
    assert!(
        html.contains("<h1>Klachtenregeling</h1>"),
        "title from the front matter when the body has none"
    );
    assert!(html.contains("uiterlijk 8 weken na indiening"));
    assert!(html.contains("10 dagen om te reageren"));
    assert!(
        html.contains("Jan &lt;b&gt;de&lt;&#x2f;b&gt; Vries")
            || html.contains("Jan &lt;b&gt;de&lt;/b&gt; Vries"),
        "front-matter values are escaped"
    );
    assert!(html.contains("href=\"tel:+31612345678\""));
    assert!(
        !html.contains("WerkPro"),
        "nothing WerkPro-specific is built in"
    );
    let page = project.read("output/site/over-ons.html");
    assert!(page.contains("<h1>Over ons</h1>") && page.contains("<em>voorbeeld</em>"));
    let md = project.read("output/site/klachtenreglement.md");
    assert!(
        md.contains("Jan \\<b\\>de\\</b\\> Vries"),
        "front-matter values are escaped in Markdown"
    );
}

#[test]
fn broken_front_matter_names_file_line_and_field_and_writes_nothing() {
    let project = Project::fixture("site/broken-front-matter");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    let all = run.all();
    assert!(all.contains("content/klachtenreglement.md:9"), "{all}");
    assert!(all.contains("termijnen.afhandeling.duur"), "{all}");
    assert!(all.contains("\"acht weekjes\""), "{all}");
    assert!(
        !project.path("output").exists(),
        "nothing may be written on an error"
    );
    let check = project.run(&["check", TODAY, "--format", "json"]);
    assert_eq!(check.code, 1);
    let findings: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(findings[0]["rule"], "schema");
    assert_eq!(findings[0]["line"], 9);
    assert_eq!(findings[0]["file"], "content/klachtenreglement.md");
}

#[test]
fn terms_that_drift_from_the_text_warn_but_build() {
    let project = Project::fixture("site/minimal");
    let reg = project
        .read("content/klachtenreglement.md")
        .replace("binnen 8 weken", "binnen 9 weken");
    project.write("content/klachtenreglement.md", &reg);
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 0, "a warning does not fail check");
    assert!(
        run.stdout
            .contains("waarschuwing[terms-match-text] (art. 16)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("artikel 2 noemt die termijn niet"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("content/klachtenreglement.md:9"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let project = Project::fixture("site/minimal");
    assert_eq!(project.run(&["build", TODAY]).code, 0);
    let before = project.snapshot("output");
    let broken = project
        .read("content/klachtenreglement.md")
        .replace("titel: Klachtenregeling\n", "");
    project.write("content/klachtenreglement.md", &broken);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("verplicht veld `titel` ontbreekt"),
        "{}",
        run.stderr
    );
    assert_eq!(before, project.snapshot("output"));
}

#[test]
fn rebuild_touches_only_changed_files_and_removes_stale_ones() {
    let project = Project::fixture("site/minimal");
    assert_eq!(project.run(&["build", TODAY]).code, 0);
    let css = project.path("output/site/style.css");
    let css_time = fs::metadata(&css).unwrap().modified().unwrap();
    project.write("output/site/eigen-bestand.txt", "van iemand anders");
    std::thread::sleep(std::time::Duration::from_millis(30));

    fs::remove_file(project.path("content/over-ons.md")).unwrap();
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("1 verwijderd"), "{}", run.stderr);
    assert!(
        !project.path("output/site/over-ons.html").exists(),
        "stale page removed"
    );
    assert!(
        project.path("output/site/eigen-bestand.txt").exists(),
        "a file regelwerk did not write stays"
    );
    assert_eq!(
        fs::metadata(&css).unwrap().modified().unwrap(),
        css_time,
        "unchanged file untouched"
    );
    assert!(
        !project
            .read("output/site/index.html")
            .contains("over-ons.html")
    );
}

#[test]
fn builds_are_deterministic_and_never_write_inputs() {
    let first = Project::example();
    let second = Project::example();
    let inputs = |p: &Project| {
        (
            p.snapshot("content"),
            p.snapshot("data"),
            p.snapshot("templates"),
        )
    };
    let inputs_before = inputs(&first);
    assert_eq!(first.run(&["build", TODAY]).code, 0);
    assert_eq!(second.run(&["build", TODAY]).code, 0);
    assert_eq!(first.snapshot("output"), second.snapshot("output"));
    assert_eq!(inputs_before, inputs(&first), "inputs are never written");
}

#[test]
fn a_template_override_replaces_the_builtin_one() {
    let project = Project::fixture("site/override");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        project
            .read("output/site/over-ons.html")
            .contains("Eigen sjabloon voor Over ons")
    );
    assert!(
        project.read("output/site/index.html").contains("artikel-1"),
        "other templates stay built in"
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let project = Project::fixture("site/broken-template");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains("templates/index.html:4"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("fout in sjabloon"), "{}", run.stderr);
    assert!(!project.path("output").exists());
}

#[test]
fn init_writes_a_project_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nieuw");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args(["init"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(target.join("README.md").is_file());
    let project = Project {
        dir: tempfile::TempDir::new_in(dir.path()).unwrap(),
    };
    common::copy_dir(&target, project.root());
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        project
            .read("output/site/index.html")
            .contains("id=\"artikel-16\"")
    );
    // The example data gives letters and reports at once.
    assert!(
        project
            .path("output/letters/K-2025-001/01-ontvangstbevestiging.html")
            .is_file()
    );
    assert!(project.path("output/reports/uwv/index.html").is_file());

    let again = std::process::Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args(["init"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "init never overwrites");
    assert!(String::from_utf8_lossy(&again.stderr).contains("overschrijft niets"));
}

#[test]
fn a_missing_project_is_an_io_problem_with_exit_2() {
    let project = Project::empty();
    let run = common::run_raw(&["--root", "/nonexistent/regelwerk", "check"]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(run.stderr.contains("bestaat niet"), "{}", run.stderr);
    let usage = project.run(&["check", "--today", "morgen"]);
    assert_eq!(usage.code, 2);
    assert!(usage.stderr.contains("geen datum"), "{}", usage.stderr);
}

#[test]
fn an_empty_folder_explains_what_is_missing() {
    let project = Project::empty();
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("content/klachtenreglement.md"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("regelwerk init"), "{}", run.stdout);
}
