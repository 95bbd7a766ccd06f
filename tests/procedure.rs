//! The procedure a regulation declares in its front matter (SPEC §2.2, §3.1,
//! §4), end to end at every boundary: terms in working days across public
//! holidays and closing days, the Algemene termijnenwet roll-over, verdaging,
//! `inclusief` admissibility, the hearing report, declared terms with their
//! `ernst`, rules switched off or given an article under `regels:`, and rules
//! whose term is not declared that must not run at all.
//!
//! Two fixture projects under `tests/fixtures/procedure/`: a municipality
//! (Awb ch. 9, `algemene_termijnenwet: ja`, closing days 29–31 December 2025)
//! and a care provider (Wkkgz, no Atw, declared terms). Every date below was
//! computed by hand and is explained beside it and in
//! `tests/fixtures/procedure/EXPECTED.md`. Today is Monday 1 June 2026.
//!
//! 2025 holidays: 1 Jan, 18 Apr (Goede Vrijdag), 21 Apr (tweede Paasdag),
//! 26 Apr (Koningsdag, the 27th is a Sunday), 5 May, 29 May (Hemelvaart),
//! 9 Jun (tweede Pinksterdag), 25/26 Dec. 2026: 1 Jan, 3 Apr, 6 Apr, 27 Apr,
//! 5 May, 14 May, 25 May, 25/26 Dec.

mod common;

use common::Project;
use serde_json::Value;

const TODAY: &str = "--today=2026-06-01";

/// (case, rule, severity, line, due)
type Tuple = (String, String, String, u64, Option<String>);

/// What a finding must be, as written below.
type Want = (
    &'static str,
    &'static str,
    &'static str,
    u64,
    Option<&'static str>,
);

fn check(project: &Project) -> Vec<Value> {
    let run = project.run(&["check", TODAY, "--format", "json"]);
    let parsed: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.all()));
    assert_eq!(run.code, 0, "no errors, so check exits 0:\n{}", run.all());
    parsed
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {parsed}"))
        .clone()
}

fn text<'a>(finding: &'a Value, key: &str) -> &'a str {
    finding[key].as_str().unwrap_or_default()
}

fn tuples(findings: &[Value]) -> Vec<Tuple> {
    let mut found: Vec<Tuple> = findings
        .iter()
        .map(|f| {
            (
                text(f, "case").to_string(),
                text(f, "rule").to_string(),
                text(f, "severity").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["due"].as_str().map(str::to_string),
            )
        })
        .collect();
    found.sort();
    found
}

fn wanted(want: &[Want]) -> Vec<Tuple> {
    let mut want: Vec<Tuple> = want
        .iter()
        .map(|(case, rule, severity, line, due)| {
            (
                case.to_string(),
                rule.to_string(),
                severity.to_string(),
                *line,
                due.map(str::to_string),
            )
        })
        .collect();
    want.sort();
    want
}

/// The exact set of findings, with a readable difference when it is not.
fn assert_findings(findings: &[Value], want: &[Want]) {
    let found = tuples(findings);
    let want = wanted(want);
    let missing: Vec<&Tuple> = want.iter().filter(|t| !found.contains(t)).collect();
    let extra: Vec<&Tuple> = found.iter().filter(|t| !want.contains(t)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}\nall findings: {findings:#?}"
    );
    assert_eq!(found, want);
}

/// "1 mei 2026", as the messages write dates.
fn dutch(iso: &str) -> String {
    regelwerk::term::dutch_date(regelwerk::term::parse_iso(iso).expect("an ISO date"))
}

/// Every finding is about a case file, cites the article its term or its
/// `regels:` entry names, and says its due date in Dutch.
fn assert_places_and_articles(findings: &[Value], articles: &[(&str, &str)]) {
    for f in findings {
        let case = text(f, "case");
        assert_eq!(text(f, "file"), format!("data/cases/{case}.yaml"), "{f}");
        let rule = text(f, "rule");
        let (_, article) = articles
            .iter()
            .find(|(r, _)| *r == rule)
            .unwrap_or_else(|| panic!("no article listed for {rule}: {f}"));
        assert_eq!(text(f, "article"), *article, "{f}");
        if let Some(due) = f["due"].as_str() {
            assert!(
                text(f, "message").contains(&dutch(due)),
                "the message names the due date {}: {f}",
                dutch(due)
            );
        }
    }
}

fn find<'a>(findings: &'a [Value], case: &str, rule: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| text(f, "case") == case && text(f, "rule") == rule)
        .unwrap_or_else(|| panic!("no {rule} for {case}"))
}

// ------------------------------------------------------------------ gemeente

/// The municipality. Every case is clean except its one boundary; the `G-xx`
/// without an entry here (01, 04, 06, 08, 10, 14, 16, 17, 18, 27) must stay
/// silent. Rules switched off (`confirmation: uit`) or whose term is not
/// declared (reactie_medewerker, kcmd_*, maatregelen_melden) never fire,
/// although many cases have a gesprek without bevestiging and a gegrond
/// uitslag without reactie_gevraagd.
#[rustfmt::skip]
const GEMEENTE: &[Want] = &[
    // filed Mon 2026-03-02 + 5 werkdagen → Mon 03-09; receipt Tue 03-10 (G-01: on 03-09, silent)
    ("G-02", "receipt-term", "violation", 12, Some("2026-03-09")),
    // filed Fri 2026-05-08 + 5 werkdagen = 11, 12, 13, (Thu 14 Hemelvaartsdag), 15, 18 → Mon 05-18;
    // receipt Tue 05-19
    ("G-03", "receipt-term", "violation", 12, Some("2026-05-18")),
    // filed Tue 2025-12-23 + 5 werkdagen = Wed 24, (25/26 Kerst, 29–31 sluitingsdagen,
    // 1 Jan), Fri 01-02, Mon 05, Tue 06, Wed 07 → Wed 2026-01-07; receipt Thu 01-08
    // (G-04: receipt on 01-07, silent; without the sluitingsdagen due would be Fri 01-02)
    ("G-05", "receipt-term", "violation", 12, Some("2026-01-07")),
    // filed Mon 2026-03-16 + 6 weken = Mon 04-27 Koningsdag → Atw Tue 04-28; uitslag Wed 04-29
    // (G-06: uitslag on 04-28, silent)
    ("G-07", "handling-term", "violation", 13, Some("2026-04-28")),
    // filed Mon 2025-11-17 + 6 weken = Mon 2025-12-29, a sluitingsdag: no roll-over for it;
    // uitslag Fri 2026-01-02
    ("G-09", "handling-term", "violation", 14, Some("2025-12-29")),
    // filed Mon 2026-02-02 + 6 weken = Mon 03-16; verdaagd Tue 03-17 is late and does not extend
    ("G-11", "extension-late", "violation", 13, Some("2026-03-16")),
    // … so the uitslag on Mon 04-13 is past 03-16 (G-10: verdaagd on 03-16 itself → 04-13, silent)
    ("G-11", "handling-term", "violation", 14, Some("2026-03-16")),
    // filed Mon 02-02, due 03-16; verdaagd 03-09 → 03-16 + 4 weken = Mon 04-13;
    // a second verdaagd (04-08) for afhandeling is late whatever its date (due in force: 04-13)
    ("G-12", "extension-late", "violation", 15, Some("2026-04-13")),
    // … and does not extend again: uitslag Tue 04-14 is past 04-13
    ("G-12", "handling-term", "violation", 16, Some("2026-04-13")),
    // filed Fri 02-20 + 6 weken = Fri 04-03 Goede Vrijdag → Atw (Sat, Sun, Mon 04-06 tweede
    // Paasdag) Tue 04-07; verdaagd Tue 04-07: in time. Extended from the unrolled date:
    // 04-03 + 4 weken = Fri 05-01 (not 04-07 + 4 weken = Tue 05-05 holiday → Wed 05-06);
    // uitslag Mon 05-04
    ("G-13", "handling-term", "violation", 16, Some("2026-05-01")),
    // gebeurtenis Mon 2025-03-10 + 1 jaar = Tue 2026-03-10; filed Wed 03-11: too late, yet heard
    // (gesprek 03-18, line 14; the ontvangstbevestiging on line 13 is no handling)
    // (G-14: filed on 03-10, inclusief → silent; G-17: too late, niet_ontvankelijk → silent;
    //  G-16: gebeurtenis Sun 2025-04-27 + 1 jaar = Mon 2026-04-27 Koningsdag → Tue 04-28,
    //  filed 04-28 → silent)
    ("G-15", "admissibility", "violation", 14, None),
    // gesprek Wed 2026-04-01 + 10 werkdagen = 2, (3 Goede Vrijdag, 6 tweede Paasdag),
    // 7, 8, 9, 10, 13, 14, 15, 16, 17 → Fri 04-17; verslag Mon 04-20 (G-18: on 04-17, silent)
    ("G-19", "report-term", "violation", 13, Some("2026-04-17")),
    // gesprek Mon 2026-03-02 + 10 werkdagen → Mon 03-16; no verslag, case closed 03-27
    ("G-20", "report-term", "violation", 13, Some("2026-03-16")),
    ("G-20", "conversation-report", "violation", 13, None),
    // gesprek Wed 2026-05-20 + 10 werkdagen = 21, 22, (25 tweede Pinksterdag), 26, 27, 28, 29,
    // Jun 1, 2, 3, 4 → Thu 06-04, 3 days from today; no verslag, case open
    ("G-21", "report-term", "deadline", 14, Some("2026-06-04")),
    ("G-21", "conversation-report", "warning", 14, None),
    // filed Thu 05-21 + 5 werkdagen = 22, (25), 26, 27, 28, 29 → Fri 05-29; open, no receipt
    ("G-22", "receipt-term", "violation", 9, Some("2026-05-29")),
    // filed Fri 05-22 + 5 werkdagen = (25), 26, 27, 28, 29, Jun 1 → Mon 06-01 = today: not yet late
    ("G-23", "receipt-term", "deadline", 9, Some("2026-06-01")),
    // filed today Mon 06-01 + 5 werkdagen → Mon 06-08, exactly 7 days: still a deadline
    ("G-24", "receipt-term", "deadline", 9, Some("2026-06-08")),
    // filed Sun 04-19 + 6 weken = Sun 05-31 → Atw Mon 06-01 = today: a deadline, not a violation
    ("G-25", "handling-term", "deadline", 9, Some("2026-06-01")),
    // filed Mon 04-13 + 6 weken = Mon 05-25 tweede Pinksterdag → Tue 05-26; still open
    // (G-27: filed Tue 04-28 → Tue 06-09, 8 days away: silent)
    ("G-26", "handling-term", "violation", 9, Some("2026-05-26")),
    // behandelaar.betrokken: true; its article from `regels:`
    ("G-28", "handler-involved", "violation", 10, None),
];

const GEMEENTE_ARTICLES: &[(&str, &str)] = &[
    ("receipt-term", "2.2 lid 1"),
    ("admissibility", "2.1 lid 3"),
    ("handling-term", "2.4 lid 1"),
    ("extension-late", "2.4 lid 2"),
    ("report-term", "2.3 lid 4"),
    ("conversation-report", "2.3 lid 4"),
    ("handler-involved", "1.2 lid 3"),
];

#[test]
fn municipal_terms_count_working_days_roll_over_and_extend() {
    let project = Project::fixture("procedure/gemeente");
    let findings = check(&project);
    assert_findings(&findings, GEMEENTE);
    assert_places_and_articles(&findings, GEMEENTE_ARTICLES);

    let late = find(&findings, "G-07", "handling-term");
    assert_eq!(late["article"], "2.4 lid 1");
    assert!(text(late, "message").contains("29 april 2026"), "{late}");
    let extension = find(&findings, "G-11", "extension-late");
    assert_eq!(extension["article"], "2.4 lid 2");
    assert!(
        text(extension, "message").contains("17 maart 2026"),
        "{extension}"
    );
    let receipt = find(&findings, "G-03", "receipt-term");
    assert!(
        text(receipt, "message").contains("19 mei 2026"),
        "{receipt}"
    );
}

#[test]
fn municipal_regulation_builds() {
    let project = Project::fixture("procedure/gemeente");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(project.path("output/site/index.html").exists());
}

/// Without the closing days the receipt of a complaint filed on 23 December
/// 2025 is due on Friday 2 January 2026 (24 Dec, then 29, 30, 31 Dec and
/// 2 Jan): G-04's receipt on 7 January becomes late, G-05's due date moves.
/// The handling due date of G-09 (29 December) never depended on them.
#[test]
fn closing_days_count_only_for_working_days() {
    let project = Project::fixture("procedure/gemeente");
    let file = "content/klachtenreglement.md";
    let line = "sluitingsdagen: [2025-12-29, 2025-12-30, 2025-12-31]\n";
    let text = project.read(file);
    assert!(text.contains(line));
    project.write(file, &text.replace(line, ""));
    let mut want: Vec<Want> = GEMEENTE.iter().filter(|w| w.0 != "G-05").copied().collect();
    // receipt Wed 2026-01-07 (line 13), due Fri 01-02
    want.push(("G-04", "receipt-term", "violation", 13, Some("2026-01-02")));
    // receipt Thu 2026-01-08 (line 12), due Fri 01-02
    want.push(("G-05", "receipt-term", "violation", 12, Some("2026-01-02")));
    assert_findings(&check(&project), &want);
}

/// Without `inclusief: ja` filing exactly on event + 1 jaar is too late:
/// G-14 (10 March 2026, heard on 18 March, line 13) and G-16 (the rolled-over
/// 28 April 2026, gegrond uitslag on line 13) become violations.
#[test]
fn inclusief_decides_the_last_filing_day() {
    let project = Project::fixture("procedure/gemeente");
    let file = "content/klachtenreglement.md";
    let text = project.read(file);
    assert!(text.contains(", inclusief: ja"));
    project.write(file, &text.replace(", inclusief: ja", ""));
    let mut want = GEMEENTE.to_vec();
    want.push(("G-14", "admissibility", "violation", 13, None));
    want.push(("G-16", "admissibility", "violation", 13, None));
    assert_findings(&check(&project), &want);
}

/// A rule whose term is not declared does not run (SPEC §2.2): without
/// `ontvangstbevestiging` no receipt-term finding is left, early or late.
#[test]
fn an_undeclared_term_drives_no_rule() {
    let project = Project::fixture("procedure/gemeente");
    let file = "content/klachtenreglement.md";
    let text = project.read(file);
    let line = "  ontvangstbevestiging: { duur: 5 werkdagen, artikel: \"2.2 lid 1\", label: de ontvangstbevestiging }\n";
    assert!(text.contains(line));
    project.write(file, &text.replace(line, ""));
    let want: Vec<Want> = GEMEENTE
        .iter()
        .filter(|w| w.1 != "receipt-term")
        .copied()
        .collect();
    assert_findings(&check(&project), &want);
}

// ---------------------------------------------------------------------- zorg

/// The care provider: no Atw, so due dates on a weekend stay there; a
/// declared term in working days (`reactie_zorgverlener`, 5 werkdagen,
/// overtreding) and one in months with `ernst: waarschuwing` (`geschil`,
/// uitslag → step `geschilleninstantie`). Z-01, Z-06, Z-09 and Z-10 stay
/// silent; no ontvangstbevestiging, ontvankelijkheid or verslag term is
/// declared, so receipt-term, admissibility and report-term never run.
#[rustfmt::skip]
const ZORG: &[Want] = &[
    // reactie_gevraagd Thu 2026-04-23 + 5 werkdagen = 24, (27 Koningsdag), 28, 29, 30, May 1
    // → Fri 05-01; reactie_ontvangen Mon 05-04 (Z-01: on 05-01, silent)
    ("Z-02", "term-reactie_zorgverlener", "violation", 13, Some("2026-05-01")),
    // reactie_gevraagd Wed 05-27 + 5 werkdagen = 28, 29, Jun 1, 2, 3 → Wed 06-03: 2 days left
    ("Z-03", "term-reactie_zorgverlener", "deadline", 12, Some("2026-06-03")),
    // reactie_gevraagd Mon 05-11 + 5 werkdagen = 12, 13, (14 Hemelvaartsdag), 15, 18, 19
    // → Tue 05-19; no reactie_ontvangen by today: at the van step's line
    ("Z-04", "term-reactie_zorgverlener", "violation", 13, Some("2026-05-19")),
    // uitslag Fri 2025-08-29 + 6 maanden = 2026-02-29, clamped → Sat 02-28 (no Atw, stays);
    // geschilleninstantie Mon 03-02: late, but someone else's act → warning
    // (Z-06: uitslag 2025-06-02, no geschilleninstantie at all → silent)
    ("Z-05", "term-geschil", "warning", 15, Some("2026-02-28")),
    // filed Sat 2026-03-07 + 6 weken = Sat 04-18, not rolled over; uitslag Mon 04-20
    ("Z-07", "handling-term", "violation", 14, Some("2026-04-18")),
    // filed Sat 2026-01-03 + 6 weken = Sat 02-14; verdaagd Fri 02-13 in time;
    // + 4 weken = Sat 03-14, not rolled over; uitslag Mon 03-16
    ("Z-08", "handling-term", "violation", 16, Some("2026-03-14")),
];

const ZORG_ARTICLES: &[(&str, &str)] = &[
    ("term-reactie_zorgverlener", "5 lid 2"),
    ("term-geschil", "7 lid 1"),
    ("handling-term", "6 lid 1"),
];

#[test]
fn care_terms_are_declared_and_never_roll_over() {
    let project = Project::fixture("procedure/zorg");
    let findings = check(&project);
    assert_findings(&findings, ZORG);
    assert_places_and_articles(&findings, ZORG_ARTICLES);

    let reaction = find(&findings, "Z-02", "term-reactie_zorgverlener");
    assert_eq!(reaction["article"], "5 lid 2");
    assert!(
        text(reaction, "message").contains("4 mei 2026"),
        "{reaction}"
    );
    let appeal = find(&findings, "Z-05", "term-geschil");
    assert_eq!(appeal["article"], "7 lid 1");
    assert!(text(appeal, "message").contains("2 maart 2026"), "{appeal}");
}

#[test]
fn care_regulation_builds() {
    let project = Project::fixture("procedure/zorg");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(project.path("output/site/index.html").exists());
}

/// The same care cases under `algemene_termijnenwet: ja`: the three due dates
/// on a Saturday move to Monday, and the acts dated that Monday are in time.
/// Z-05: Sat 2026-02-28 → Mon 03-02; Z-07: Sat 04-18 → Mon 04-20; Z-08: the
/// original Sat 02-14 → Mon 02-16 (verdaagd 02-13 still in time), extended
/// Sat 03-14 → Mon 03-16. Working-day dues are working days already.
#[test]
fn the_atw_moves_the_care_due_dates_off_the_weekend() {
    let project = Project::fixture("procedure/zorg");
    let file = "content/klachtenreglement.md";
    let text = project.read(file);
    let anchor = "geldig_vanaf: 2026-01-01\n";
    assert!(text.contains(anchor));
    project.write(
        file,
        &text.replacen(anchor, &format!("{anchor}algemene_termijnenwet: ja\n"), 1),
    );
    let want: Vec<Want> = ZORG
        .iter()
        .filter(|w| !["Z-05", "Z-07", "Z-08"].contains(&w.0))
        .copied()
        .collect();
    assert_findings(&check(&project), &want);
}
