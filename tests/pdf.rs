//! `regelwerk build --pdf` (issue 7): every letter also as an A4 PDF,
//! printed by headless Chromium; a clear message when there is none.
//!
//! Printing needs Chromium. CI installs it and sets
//! `REGELWERK_REQUIRE_CHROMIUM=1`, so there the printing test cannot be
//! skipped; on a machine without Chromium it says so and passes.

mod common;

use common::Project;
use std::process::Command;

const TODAY: &str = "--today=2026-11-24";

fn chromium_present() -> bool {
    let found = regelwerk::pdf::browser().is_some();
    if !found {
        assert!(
            std::env::var_os("REGELWERK_REQUIRE_CHROMIUM").is_none(),
            "REGELWERK_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!("overgeslagen: geen Chromium op deze computer");
    }
    found
}

#[test]
fn without_a_browser_pdf_says_what_to_install_and_writes_nothing() {
    let project = Project::fixture("letters/termijnen");
    let output = Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args([
            "--root",
            &project.root().to_string_lossy(),
            "build",
            "--pdf",
            TODAY,
        ])
        .env("REGELWERK_CHROMIUM", project.path("geen-chromium"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("voor --pdf is Chromium of Google Chrome nodig"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(!project.path("output").exists());
    // Without --pdf no browser is needed.
    let run = project.run(&["build", TODAY, "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(project.path("output/letters").exists());
}

#[test]
fn every_letter_gets_an_a4_pdf_in_dutch_that_is_the_same_when_rebuilt() {
    if !chromium_present() {
        return;
    }
    let project = Project::fixture("letters/termijnen");
    let run = project.run(&["build", "--pdf", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let letters = project.snapshot("output/letters");
    let html: Vec<&String> = letters
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "index.html")
        .collect();
    assert!(html.len() > 5, "{html:?}");
    for page in &html {
        let pdf = letters
            .get(&page.replace(".html", ".pdf"))
            .unwrap_or_else(|| panic!("no PDF beside {page}"));
        let text = String::from_utf8_lossy(pdf);
        assert!(text.starts_with("%PDF"), "{page}");
        assert!(
            text.contains("/MediaBox [0 0 594.95996 841.91998]"),
            "{page}: A4"
        );
        assert!(text.contains("/Lang (nl)"), "{page}: Dutch");
        assert!(text.contains("/CreationDate (D:20000101000000"), "{page}");
    }
    assert!(
        !letters.contains_key("index.pdf"),
        "the private index is no letter"
    );

    // Rebuilt: nothing printed again, nothing rewritten.
    let run = project.run(&["build", "--pdf", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stderr.contains("(0 geschreven"), "{}", run.stderr);
    assert_eq!(project.snapshot("output/letters"), letters);

    // Built without --pdf the PDFs go (they are regelwerk's own files);
    // printed again they come out byte for byte the same.
    let run = project.run(&["build", TODAY, "-q"]);
    assert_eq!(run.code, 0);
    assert!(
        !project.path("output/letters/_blank/uitslag.pdf").exists(),
        "a build without --pdf drops the PDFs"
    );
    let run = project.run(&["build", "--pdf", TODAY, "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(
        project.snapshot("output/letters"),
        letters,
        "printing is deterministic"
    );
}
