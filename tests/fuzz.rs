//! Fuzzing every loader on stable Rust (issue 14): real project files,
//! mutated at random with the bytes and words that break parsers, must never
//! panic, must be handled quickly, and when they are refused the findings say
//! which file and line.
//!
//! `cargo test --test fuzz` runs a short round of each (as CI does).
//! `REGELWERK_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture`
//! (or `bash benches/fuzz.sh`) keeps each loader busy that many seconds.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use regelwerk::diagnostic::Finding;
use regelwerk::load::cases::{Vocabulary, parse_case};
use regelwerk::load::register::{RegisterReader, Row};
use regelwerk::load::regulation::parse_regulation;
use regelwerk::markdown;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What one call may take at most, even in a debug build on a busy machine.
const BOUND: Duration = Duration::from_secs(10);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Seeds: real files of every shape the loaders read.
fn seeds(kind: &str) -> Vec<String> {
    let regulations = [
        "content/klachtenreglement.md",
        "models/gemeente/content/klachtenreglement.md",
        "models/zorg/content/klachtenreglement.md",
        "tests/fixtures/articles/zorg/content/klachtenreglement.md",
        "tests/fixtures/articles/school/content/klachtenreglement.md",
        "tests/fixtures/procedure/gemeente/content/klachtenreglement.md",
        "tests/fixtures/articles/overheid/content/klachtenreglement.md",
    ];
    match kind {
        "case" => [
            "data/cases/K-2025-001.yaml",
            "data/cases/K-2025-002.yaml",
            "models/gemeente/data/cases/K-2026-003.yaml",
            "models/zorg/data/cases/K-2026-004.yaml",
        ]
        .iter()
        .map(|p| read(p))
        .collect(),
        "regulation" => regulations.iter().map(|p| read(p)).collect(),
        "markdown" => regulations
            .iter()
            .map(|p| {
                let text = read(p);
                text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_string()
            })
            .collect(),
        _ => [
            "data/register.csv",
            "examples/registers/gemeente.csv",
            "examples/registers/zorg.csv",
        ]
        .iter()
        .map(|p| read(p).lines().take(40).collect::<Vec<_>>().join("\n"))
        .collect(),
    }
}

/// Bytes and words that break parsers of these formats.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ": ",
    "- ",
    "\t",
    "\n",
    "\r\n",
    "'",
    "\"",
    "\\",
    "---\n",
    "#",
    "&a",
    "*a",
    "!!str",
    "|",
    ">",
    "%",
    "@",
    "`",
    "~",
    "null",
    "ja",
    "nee",
    "1e9",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "2026-13-01",
    "31-12-2026",
    "é",
    "\u{feff}",
    "\u{0}",
    "🙂",
    "\u{202e}",
    ";",
    ",",
    "\"\"",
    "stap: ",
    "verdaagd",
    "termijn: ",
    "termijnen:\n",
    "  afhandeling: { duur: ",
    "6 werkdagen",
    "twintig jaar",
    "lid ",
    "Artikel 3.7",
    "### ",
    "## Hoofdstuk IV",
    "§ ",
    "1. ",
    "2.  ",
    "a. ",
    "**Artikel 4.**",
    "[^1]",
    "[^x]: y\n",
    "| a | b |\n|---|---|\n",
    "<script>",
    "&amp;",
    "Art. 5:",
    "artikel: \"3.7 lid 2\"",
    "voetnoot 9",
    "regels:\n  scope: uit\n",
    "contact:\n  x: { naam: y, termijn: z }\n",
    "tijdlijn: [",
    "waarden: { bij: [] }\n",
];

/// One mutation: what to do, where (a fraction of the length), and with what.
type Mutation = (u8, u16, usize, u8);

fn mutate(seed: &str, mutations: &[Mutation]) -> String {
    let mut text = seed.to_string();
    for &(op, at, token, byte) in mutations {
        let mut cut = (text.len() * usize::from(at)) / usize::from(u16::MAX).max(1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        match op % 5 {
            0 => text.insert_str(cut, TOKENS[token % TOKENS.len()]),
            1 => {
                let mut end = (cut + usize::from(byte)).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(cut..end, "");
            }
            2 => {
                // Repeat the line the cut falls in.
                let start = text[..cut].rfind('\n').map_or(0, |i| i + 1);
                let end = text[cut..].find('\n').map_or(text.len(), |i| cut + i + 1);
                let line = text[start..end].to_string();
                text.insert_str(start, &line);
            }
            3 => text.insert(cut, char::from(byte)),
            _ => {
                // Cut the text off, as a killed write would.
                text.truncate(cut);
            }
        }
    }
    text
}

fn input(kind: &'static str) -> impl Strategy<Value = String> {
    let seeds = seeds(kind);
    let count = seeds.len();
    (
        0..count,
        prop::collection::vec(
            (any::<u8>(), any::<u16>(), any::<usize>(), any::<u8>()),
            0..10,
        ),
    )
        .prop_map(move |(seed, mutations)| mutate(&seeds[seed], &mutations))
}

/// Runs `check` on inputs of `kind`: a short round, or with
/// `REGELWERK_FUZZ_SECS` as many rounds as fit in that many seconds.
fn fuzz(kind: &'static str, check: impl Fn(&str) -> Result<(), TestCaseError>) {
    let seconds: u64 = std::env::var("REGELWERK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut cases = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases: if seconds == 0 { 96 } else { 512 },
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&input(kind), |text| {
            let started = Instant::now();
            check(&text)?;
            prop_assert!(
                started.elapsed() < BOUND,
                "{kind}: {:?} for {} bytes",
                started.elapsed(),
                text.len()
            );
            Ok(())
        });
        if let Err(failure) = result {
            panic!("{kind}: {failure}");
        }
        cases += u64::from(runner.config().cases);
        if Instant::now() >= deadline {
            break;
        }
    }
    if seconds > 0 {
        println!("{kind}: {cases} inputs in {seconds} s, no panic");
    }
}

/// Refused input says where: every finding names the file, one its line.
fn placed(findings: &[Finding], file: &str) -> Result<(), TestCaseError> {
    prop_assert!(!findings.is_empty(), "refused without a finding");
    prop_assert!(
        findings.iter().all(|f| f.file == file),
        "a finding without its file: {findings:?}"
    );
    prop_assert!(
        findings.iter().any(|f| f.line.is_some()),
        "no finding with a line: {findings:?}"
    );
    Ok(())
}

#[test]
fn case_files() {
    let mut load = Vec::new();
    let regulation = parse_regulation(
        &read("content/klachtenreglement.md"),
        "content/klachtenreglement.md",
        &mut load,
    );
    let vocabulary = Vocabulary::of(regulation.as_ref());
    fuzz("case", |text| {
        let mut findings = Vec::new();
        let file = "data/cases/fuzz.yaml";
        if parse_case(text, file, &vocabulary, &mut findings).is_none() {
            placed(&findings, file)?;
        }
        Ok(())
    });
}

#[test]
fn regulation_front_matter() {
    fuzz("regulation", |text| {
        let mut findings = Vec::new();
        let file = "content/klachtenreglement.md";
        if parse_regulation(text, file, &mut findings).is_none() {
            placed(&findings, file)?;
        }
        Ok(())
    });
}

#[test]
fn regulation_markdown() {
    fuzz("markdown", |text| {
        let document = markdown::render(text, 10);
        for article in &document.text.articles {
            prop_assert!(article.line >= 10, "{article:?}");
            prop_assert!(!article.anchor.is_empty());
            for lid in &article.leden {
                prop_assert!(lid.anchor.starts_with(&article.anchor));
            }
        }
        markdown::render_page(text);
        Ok(())
    });
}

/// The register as Excel writes it: UTF-8, with a BOM, Windows-1252 and
/// (refused) UTF-16.
#[test]
fn registers_in_every_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let path = data.join("register.csv");
    let counter = std::cell::Cell::new(0u8);
    fuzz("register", |text| {
        counter.set(counter.get().wrapping_add(1));
        let bytes: Vec<u8> = match counter.get() % 4 {
            0 => text.as_bytes().to_vec(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
            _ => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
        };
        std::fs::write(&path, &bytes).unwrap();
        let vocabulary = Vocabulary::of(None);
        let mut reader = RegisterReader::open(dir.path(), &path, &vocabulary)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        for finding in reader.header_findings() {
            prop_assert_eq!(&finding.file, "data/register.csv");
            prop_assert!(finding.line.is_some());
        }
        for row in reader.by_ref() {
            if let Row::Invalid(findings) = row {
                placed(&findings, "data/register.csv")?;
            }
        }
        reader.notices();
        Ok(())
    });
}
