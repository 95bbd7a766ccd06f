//! Table-driven tests of the rules of SPEC §4: one table per rule id, one row
//! per boundary. Every row parses a small case file with the real loader,
//! checks it against the WerkPro terms (parsed from a regulation front matter)
//! on a given day, and compares the findings of the table's rule — severity,
//! due date, line, article and the Dutch dates in the message.

use super::case::{Ctx, check_case};
use super::{Deadlines, check_cases, note_deadline};
use crate::diagnostic::{Finding, Severity};
use crate::load::cases::{Vocabulary, parse_case};
use crate::load::regulation::parse_regulation;
use crate::model::{Case, Regulation};
use crate::term::parse_iso;
use chrono::NaiveDate;

/// The terms of the WerkPro regulation (SPEC §2), with its categories.
const REGULATION: &str = "---
titel: Klachtenreglement voor klanten
organisatie: WerkPro
termijnen:
  ontvankelijkheid:   { duur: 1 jaar,     artikel: 2 }
  reactie_medewerker: { duur: 2 weken,    artikel: 6 }
  afhandeling:        { duur: 6 weken,    artikel: 6 }
  kcmd_na_intern:     { duur: 6 maanden,  artikel: 8 }
  kcmd_rechtstreeks:  { duur: 6 maanden,  artikel: 9 }
  kcmd_uitspraak:     { duur: 6 maanden,  artikel: 12 }
  maatregelen_melden: { duur: 1 maand,    artikel: 12 }
regels:
  complainant-role:     { artikel: voetnoot 1 }
  scope:                { artikel: 1 }
  handler-involved:     { artikel: 2 }
  response-requested:   { artikel: 3 }
  confirmation:         { artikel: [4, 6] }
  conversation-report:  { artikel: 6 }
  outcome-reasoned:     { artikel: 6 }
  withdrawal-confirmed: { artikel: 7 }
  register-complete:    { artikel: 15 }
  terms-match-text:     { artikel: 16 }
rapportage:
  minimum_aantal: 5
  onderwerpen: [bejegening, begeleiding, planning]
  maatregelen: [excuses, gesprek, uitleg]
---
1. Tekst.
";

fn regulation() -> Regulation {
    let mut findings = Vec::new();
    let reg = parse_regulation(REGULATION, "content/klachtenreglement.md", &mut findings);
    assert!(findings.is_empty(), "{findings:#?}");
    reg.expect("the test regulation reads")
}

const FILE: &str = "data/cases/K-1.yaml";
const TODAY: &str = "2026-11-24";

/// A complete, internally filed case: event 20 February 2026, filed 2 March
/// 2026 (so handled by 13 April 2026). Its steps start on line 10.
const HEAD: &str = "id: K-1
indiener: { naam: A. de Vries, rol: klant }
traject: { soort: UWV, opdrachtgever: UWV }
betreft: { naam: J. Jansen, soort: medewerker }
onderwerp: bejegening
gebeurtenis: 2026-02-20
ingediend: { datum: 2026-03-02, wijze: schriftelijk, bij: manager }
behandelaar: { naam: P. Bakker, betrokken: false }
verloop:
";

const ASKED: &str = "{ datum: 2026-03-03, stap: reactie_gevraagd }";
const ANSWERED: &str = "{ datum: 2026-03-12, stap: reactie_ontvangen }";
const TALKED: &str = "{ datum: 2026-03-16, stap: gesprek, verslag_verzonden: 2026-03-18 }";
const TALKED_NO_REPORT: &str = "{ datum: 2026-03-16, stap: gesprek }";
const CONFIRMED: &str =
    "{ datum: 2026-03-18, stap: bevestiging, afspraken: [\"De begeleider biedt excuses aan.\"] }";

/// A case with the standard head and these `verloop` steps (flow maps).
fn case(steps: &[&str]) -> String {
    let mut text = HEAD.to_string();
    for step in steps {
        text.push_str("  - ");
        text.push_str(step);
        text.push('\n');
    }
    text
}

/// Replaces text that must be there, so a row cannot silently test the
/// unchanged case.
fn edit(text: &str, changes: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in changes {
        assert!(text.contains(from), "`{from}` not in\n{text}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The same case filed straight with the klachtencommissie (art. 9).
fn with_kcmd(text: &str) -> String {
    edit(text, &[("bij: manager", "bij: klachtencommissie")])
}

/// Event and filing moved.
fn dated(text: &str, event: &str, filed: &str) -> String {
    edit(
        text,
        &[
            ("gebeurtenis: 2026-02-20", &format!("gebeurtenis: {event}")),
            ("datum: 2026-03-02", &format!("datum: {filed}")),
        ],
    )
}

/// An `uitslag` step, reasoned, with one measure.
fn uitslag(date: &str, oordeel: &str) -> String {
    format!(
        "{{ datum: {date}, stap: uitslag, oordeel: {oordeel}, motivering: \"Omdat het zo is.\", maatregelen: [{{ soort: excuses }}] }}"
    )
}

fn step(date: &str, stap: &str) -> String {
    format!("{{ datum: {date}, stap: {stap} }}")
}

fn d(text: &str) -> NaiveDate {
    parse_iso(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

fn load(text: &str, file: &str) -> Case {
    let reg = regulation();
    let mut findings = Vec::new();
    let case = parse_case(text, file, &Vocabulary::of(Some(&reg)), &mut findings);
    assert!(findings.is_empty(), "{findings:#?}\n{text}");
    case.expect("the test case reads")
}

/// Every finding of `check_case` for this case text on `today`.
fn findings(text: &str, today: &str) -> Vec<Finding> {
    let reg = regulation();
    let case = load(text, FILE);
    check_case(&Ctx {
        case: &case,
        procedure: &reg.procedure,
        today: d(today),
        read: &|_| true,
    })
}

/// One expected finding of a table's rule.
#[derive(Debug, Clone, Copy)]
struct Want {
    severity: Severity,
    /// Always compared: `None` asserts that the rule sets no due date.
    due: Option<&'static str>,
    line: Option<usize>,
    article: Option<&'static str>,
    says: &'static [&'static str],
}

impl Want {
    fn due(mut self, date: &'static str) -> Want {
        self.due = Some(date);
        self
    }
    fn line(mut self, line: usize) -> Want {
        self.line = Some(line);
        self
    }
    fn article(mut self, article: &'static str) -> Want {
        self.article = Some(article);
        self
    }
    fn says(mut self, fragments: &'static [&'static str]) -> Want {
        self.says = fragments;
        self
    }
}

fn want(severity: Severity) -> Want {
    Want {
        severity,
        due: None,
        line: None,
        article: None,
        says: &[],
    }
}

fn error() -> Want {
    want(Severity::Error)
}
fn violation() -> Want {
    want(Severity::Violation)
}
fn warning() -> Want {
    want(Severity::Warning)
}
fn deadline() -> Want {
    want(Severity::Deadline)
}

struct Row {
    what: &'static str,
    case: String,
    today: &'static str,
    want: Vec<Want>,
}

fn row(what: &'static str, case: String, today: &'static str, want: &[Want]) -> Row {
    Row {
        what,
        case,
        today,
        want: want.to_vec(),
    }
}

/// Runs a table: for every row, the findings of `rule` must be exactly `want`,
/// in order. Reports every failing row at once.
fn assert_rule(rule: &str, rows: Vec<Row>) {
    let mut failures = Vec::new();
    for row in &rows {
        let all = findings(&row.case, row.today);
        let found: Vec<&Finding> = all.iter().filter(|f| f.rule == rule).collect();
        let mut problems = Vec::new();
        if found.len() != row.want.len() {
            problems.push(format!(
                "expected {} finding(s), got {}",
                row.want.len(),
                found.len()
            ));
        }
        for (finding, want) in found.iter().zip(&row.want) {
            if finding.severity != want.severity {
                problems.push(format!("severity {:?}", finding.severity));
            }
            if finding.due != want.due.map(d) {
                problems.push(format!("due {:?}, expected {:?}", finding.due, want.due));
            }
            if want.line.is_some() && finding.line != want.line {
                problems.push(format!("line {:?}, expected {:?}", finding.line, want.line));
            }
            if want.article.is_some() && finding.article.as_deref() != want.article {
                problems.push(format!("article {:?}", finding.article));
            }
            for fragment in want.says {
                if !finding.message.contains(fragment) {
                    problems.push(format!("message lacks {fragment:?}"));
                }
            }
            if finding.case.as_deref() != Some("K-1") || finding.file != FILE {
                problems.push(format!("case/file {:?} {}", finding.case, finding.file));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "[{rule}] {} (today {}): {}\n  findings: {:#?}",
                row.what,
                row.today,
                problems.join("; "),
                all
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_base_case_is_clean() {
    let text = case(&[
        ASKED,
        ANSWERED,
        TALKED,
        CONFIRMED,
        &uitslag("2026-04-06", "gegrond"),
    ]);
    assert_eq!(findings(&text, TODAY), Vec::<Finding>::new());
    // Open and far from its term: nothing either.
    assert_eq!(
        findings(&case(&[ASKED]), "2026-03-04"),
        Vec::<Finding>::new()
    );
}

#[test]
fn admissibility() {
    let late = |steps: &[&str]| dated(&case(steps), "2025-01-10", "2026-03-02");
    let talked_2029 = "{ datum: 2029-03-05, stap: gesprek, verslag_verzonden: 2029-03-06 }";
    let niet_ontvankelijk = "{ datum: 2026-03-05, stap: uitslag, oordeel: niet_ontvankelijk, motivering: \"Te laat.\", maatregelen: [] }";
    assert_rule(
        "admissibility",
        vec![
            row(
                "filed exactly one year after the event, then handled",
                dated(&case(&[ASKED]), "2025-03-02", "2026-03-02"),
                TODAY,
                &[violation().line(10).article("2").says(&[
                    "2 maart 2026",
                    "2 maart 2025",
                    "reactie_gevraagd",
                ])],
            ),
            row(
                "filed one day less than a year after the event",
                dated(&case(&[ASKED]), "2025-03-03", "2026-03-02"),
                TODAY,
                &[],
            ),
            row(
                "event 29 Feb 2028, filed 28 Feb 2029 (= event + 1 year)",
                dated(&case(&[talked_2029]), "2028-02-29", "2029-02-28"),
                "2029-06-01",
                &[violation()
                    .line(10)
                    .says(&["29 februari 2028", "28 februari 2029", "gesprek"])],
            ),
            row(
                "event 29 Feb 2028, filed 27 Feb 2029",
                dated(&case(&[talked_2029]), "2028-02-29", "2029-02-27"),
                "2029-06-01",
                &[],
            ),
            row(
                "late, declared niet_ontvankelijk without handling",
                late(&[niet_ontvankelijk]),
                TODAY,
                &[],
            ),
            row(
                "late, judged on its merits",
                late(&[&uitslag("2026-03-20", "gegrond")]),
                TODAY,
                &[violation().line(10).says(&["uitslag"])],
            ),
            row(
                "late, only a bevestiging",
                late(&[CONFIRMED]),
                TODAY,
                &[violation().line(10).says(&["bevestiging"])],
            ),
            row(
                "late, asked for a response, then niet_ontvankelijk",
                late(&[ASKED, niet_ontvankelijk]),
                TODAY,
                &[violation().line(10)],
            ),
            row("late, not handled (yet)", late(&[]), TODAY, &[]),
            row(
                "late, only withdrawn",
                late(&["{ datum: 2026-03-05, stap: ingetrokken, bevestigd: 2026-03-06 }"]),
                TODAY,
                &[],
            ),
            row(
                "no event date",
                edit(&case(&[ASKED]), &[("gebeurtenis: 2026-02-20\n", "")]),
                TODAY,
                &[],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&late(&[TALKED])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn handler_involved() {
    let base = case(&[ASKED]);
    assert_rule(
        "handler-involved",
        vec![
            row(
                "the handler was involved",
                edit(&base, &[("betrokken: false", "betrokken: true")]),
                TODAY,
                &[violation().line(8).article("2")],
            ),
            row(
                "`ja` counts as involved",
                edit(&base, &[("betrokken: false", "betrokken: ja")]),
                TODAY,
                &[violation().line(8)],
            ),
            row("not involved", base.clone(), TODAY, &[]),
            row(
                "not recorded",
                edit(&base, &[(", betrokken: false", "")]),
                TODAY,
                &[],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&edit(&base, &[("betrokken: false", "betrokken: true")])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn scope() {
    let base = case(&[ASKED]);
    let kind = |soort: &str| edit(&base, &[("soort: medewerker", &format!("soort: {soort}"))]);
    assert_rule(
        "scope",
        vec![
            row(
                "about a volunteer",
                kind("vrijwilliger"),
                TODAY,
                &[warning().line(4).article("1").says(&["vrijwilliger"])],
            ),
            row(
                "about a volunteer, filed with the KcMD (art. 1 still applies)",
                with_kcmd(&kind("vrijwilliger")),
                TODAY,
                &[warning()],
            ),
            row("about staff", base.clone(), TODAY, &[]),
            row(
                "about someone acting for the organisation",
                kind("namens_organisatie"),
                TODAY,
                &[],
            ),
            row(
                "kind not recorded",
                edit(&base, &[(", soort: medewerker", "")]),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn complainant_role() {
    let base = case(&[ASKED]);
    let role = |rol: &str| edit(&base, &[("rol: klant", &format!("rol: {rol}"))]);
    assert_rule(
        "complainant-role",
        vec![
            row(
                "a neighbour",
                role("buurman"),
                TODAY,
                &[error()
                    .line(2)
                    .says(&["buurman", "klant, vertegenwoordiger, nabestaande"])],
            ),
            row("client", base.clone(), TODAY, &[]),
            row("representative", role("vertegenwoordiger"), TODAY, &[]),
            row("surviving relative", role("nabestaande"), TODAY, &[]),
            row(
                "not recorded (defaults to klant)",
                edit(&base, &[(", rol: klant", "")]),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn response_requested() {
    let judged = |oordeel: &str| case(&[&uitslag("2026-04-06", oordeel)]);
    let found = || violation().line(10).article("3").says(&["6 april 2026"]);
    assert_rule(
        "response-requested",
        vec![
            row(
                "gegrond without asking",
                judged("gegrond"),
                TODAY,
                &[found()],
            ),
            row(
                "deels_gegrond without asking",
                judged("deels_gegrond"),
                TODAY,
                &[found().says(&["deels_gegrond"])],
            ),
            row(
                "ongegrond without asking",
                judged("ongegrond"),
                TODAY,
                &[found().says(&["ongegrond"])],
            ),
            row("opgelost without asking", judged("opgelost"), TODAY, &[]),
            row(
                "niet_ontvankelijk without asking",
                judged("niet_ontvankelijk"),
                TODAY,
                &[],
            ),
            row(
                "gegrond after asking",
                case(&[ASKED, &uitslag("2026-04-06", "gegrond")]),
                TODAY,
                &[],
            ),
            row("open case", case(&[TALKED, CONFIRMED]), "2026-03-20", &[]),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&judged("gegrond")),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn response_term() {
    // Asked on 3 March 2026: the employee may respond until 17 March 2026.
    let early = uitslag("2026-03-16", "gegrond");
    let on_time = uitslag("2026-03-17", "gegrond");
    assert_rule(
        "response-term",
        vec![
            row(
                "outcome the day before the term ends, no response",
                case(&[ASKED, &early]),
                TODAY,
                &[violation().line(11).article("6").due("2026-03-17").says(&[
                    "16 maart 2026",
                    "17 maart 2026",
                    "3 maart 2026",
                ])],
            ),
            row(
                "outcome on the day the term ends, no response",
                case(&[ASKED, &on_time]),
                TODAY,
                &[],
            ),
            row(
                "outcome before the term ends, response received",
                case(&[ASKED, ANSWERED, &early]),
                TODAY,
                &[],
            ),
            row(
                "outcome on the day the term ends, response received",
                case(&[ASKED, ANSWERED, &on_time]),
                TODAY,
                &[],
            ),
            row(
                "response received the same day as the outcome",
                case(&[
                    ASKED,
                    &step("2026-03-10", "reactie_ontvangen"),
                    &uitslag("2026-03-10", "gegrond"),
                ]),
                TODAY,
                &[],
            ),
            row(
                "response received only after the outcome",
                case(&[
                    ASKED,
                    &uitslag("2026-03-10", "gegrond"),
                    &step("2026-03-12", "reactie_ontvangen"),
                ]),
                TODAY,
                &[violation().line(11).due("2026-03-17")],
            ),
            row(
                "never asked (response-requested's business)",
                case(&[&early]),
                TODAY,
                &[],
            ),
            row("open case", case(&[ASKED]), "2026-03-20", &[]),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&case(&[ASKED, &early])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn conversation_report() {
    let closed = uitslag("2026-04-06", "gegrond");
    assert_rule(
        "conversation-report",
        vec![
            row(
                "no report, case closed",
                case(&[ASKED, TALKED_NO_REPORT, CONFIRMED, &closed]),
                TODAY,
                &[violation().line(11).article("6").says(&["16 maart 2026"])],
            ),
            row(
                "no report, case open",
                case(&[ASKED, TALKED_NO_REPORT, CONFIRMED]),
                "2026-03-20",
                &[warning().line(11)],
            ),
            row(
                "report sent",
                case(&[ASKED, TALKED, CONFIRMED, &closed]),
                TODAY,
                &[],
            ),
            row(
                "two conversations, the second without report",
                case(&[
                    ASKED,
                    TALKED,
                    "{ datum: 2026-03-20, stap: gesprek }",
                    "{ datum: 2026-03-23, stap: bevestiging, afspraken: [Afspraak] }",
                    &closed,
                ]),
                TODAY,
                &[violation().line(12).says(&["20 maart 2026"])],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&case(&[TALKED_NO_REPORT, &closed])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn confirmation() {
    let closed = uitslag("2026-04-06", "gegrond");
    let solved = uitslag("2026-04-06", "opgelost");
    assert_rule(
        "confirmation",
        vec![
            row(
                "conversation never confirmed, case closed",
                case(&[ASKED, TALKED, &closed]),
                TODAY,
                &[violation()
                    .line(11)
                    .article("4, 6")
                    .says(&["16 maart 2026"])],
            ),
            row(
                "conversation not yet confirmed, case open",
                case(&[ASKED, TALKED]),
                "2026-03-20",
                &[warning().line(11)],
            ),
            row(
                "confirmed the same day as the conversation",
                case(&[
                    ASKED,
                    TALKED,
                    "{ datum: 2026-03-16, stap: bevestiging, afspraken: [A] }",
                    &closed,
                ]),
                TODAY,
                &[],
            ),
            row(
                "only confirmed before the conversation",
                case(&[
                    ASKED,
                    "{ datum: 2026-03-10, stap: bevestiging, afspraken: [A] }",
                    TALKED,
                    &closed,
                ]),
                TODAY,
                &[violation().line(12)],
            ),
            row(
                "solved together, confirmed with agreements",
                case(&[TALKED, CONFIRMED, &solved]),
                TODAY,
                &[],
            ),
            row(
                "solved together, confirmation without agreements",
                case(&[TALKED, "{ datum: 2026-03-18, stap: bevestiging }", &solved]),
                TODAY,
                &[violation().line(12).article("4, 6")],
            ),
            row(
                "solved together, never confirmed",
                case(&[&solved]),
                TODAY,
                &[violation().line(10).article("4, 6").says(&["afspraken"])],
            ),
            row(
                "judged without any conversation",
                case(&[ASKED, &closed]),
                TODAY,
                &[],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&case(&[TALKED, &solved])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn outcome_reasoned() {
    let without = |removed: &str| {
        edit(
            &case(&[ASKED, &uitslag("2026-04-06", "gegrond")]),
            &[(removed, "")],
        )
    };
    assert_rule(
        "outcome-reasoned",
        vec![
            row(
                "no motivering",
                without(", motivering: \"Omdat het zo is.\""),
                TODAY,
                &[violation()
                    .line(11)
                    .article("6")
                    .says(&["`motivering`", "6 april 2026"])],
            ),
            row(
                "empty motivering",
                edit(
                    &case(&[ASKED, &uitslag("2026-04-06", "gegrond")]),
                    &[("\"Omdat het zo is.\"", "\"\"")],
                ),
                TODAY,
                &[violation().says(&["`motivering`"])],
            ),
            row(
                "no oordeel",
                without(", oordeel: gegrond"),
                TODAY,
                &[violation().line(11).says(&["`oordeel`"])],
            ),
            row(
                "neither",
                edit(
                    &case(&[ASKED, &uitslag("2026-04-06", "gegrond")]),
                    &[
                        (", oordeel: gegrond", ""),
                        (", motivering: \"Omdat het zo is.\"", ""),
                    ],
                ),
                TODAY,
                &[violation().says(&["`oordeel`", "`motivering`"])],
            ),
            row(
                "reasoned",
                case(&[ASKED, &uitslag("2026-04-06", "gegrond")]),
                TODAY,
                &[],
            ),
            row(
                "withdrawn, no outcome",
                case(&["{ datum: 2026-03-20, stap: ingetrokken, bevestigd: 2026-03-21 }"]),
                TODAY,
                &[],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&without(", motivering: \"Omdat het zo is.\"")),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn handling_term() {
    // Filed 2 March 2026: 6 weeks later is 13 April 2026 (day 42).
    let open = case(&[ASKED]);
    assert_rule(
        "handling-term",
        vec![
            row(
                "outcome on day 42",
                case(&[ASKED, &uitslag("2026-04-13", "gegrond")]),
                TODAY,
                &[],
            ),
            row(
                "outcome on day 43",
                case(&[ASKED, &uitslag("2026-04-14", "gegrond")]),
                TODAY,
                &[violation().line(11).article("6").due("2026-04-13").says(&[
                    "14 april 2026",
                    "13 april 2026",
                    "2 maart 2026",
                ])],
            ),
            row(
                "withdrawn on day 43 also closes late",
                case(&[
                    ASKED,
                    "{ datum: 2026-04-14, stap: ingetrokken, bevestigd: 2026-04-15 }",
                ]),
                TODAY,
                &[violation()
                    .line(11)
                    .due("2026-04-13")
                    .says(&["ingetrokken"])],
            ),
            row(
                "withdrawn on day 42",
                case(&[
                    ASKED,
                    "{ datum: 2026-04-13, stap: ingetrokken, bevestigd: 2026-04-15 }",
                ]),
                TODAY,
                &[],
            ),
            row(
                "open, today is the due date",
                open.clone(),
                "2026-04-13",
                &[deadline()
                    .line(7)
                    .due("2026-04-13")
                    .says(&["13 april 2026", "vandaag"])],
            ),
            row(
                "open, 7 days before the due date",
                open.clone(),
                "2026-04-06",
                &[deadline().due("2026-04-13").says(&["nog 7 dagen"])],
            ),
            row(
                "open, 8 days before the due date",
                open.clone(),
                "2026-04-05",
                &[],
            ),
            row(
                "open, 1 day after the due date",
                open.clone(),
                "2026-04-14",
                &[violation()
                    .line(7)
                    .due("2026-04-13")
                    .says(&["13 april 2026", "te laat"])],
            ),
            row(
                "open, long after the due date",
                open.clone(),
                TODAY,
                &[violation().due("2026-04-13")],
            ),
            row(
                "filed with the klachtenfunctionaris (internal too)",
                edit(&open, &[("bij: manager", "bij: klachtenfunctionaris")]),
                TODAY,
                &[violation().due("2026-04-13")],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&open),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn withdrawal_confirmed() {
    assert_rule(
        "withdrawal-confirmed",
        vec![
            row(
                "withdrawn, confirmation not recorded",
                case(&[ASKED, "{ datum: 2026-03-20, stap: ingetrokken }"]),
                TODAY,
                &[violation().line(11).article("7").says(&["20 maart 2026"])],
            ),
            row(
                "withdrawn and confirmed",
                case(&[
                    ASKED,
                    "{ datum: 2026-03-20, stap: ingetrokken, bevestigd: 2026-03-23 }",
                ]),
                TODAY,
                &[],
            ),
            row(
                "filed with the klachtencommissie",
                with_kcmd(&case(&["{ datum: 2026-03-20, stap: ingetrokken }"])),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn kcmd_after_internal_term() {
    // Closed internally on 31 August 2025: to the KcMD until 28 February 2026.
    let closed_then = |closing: &str, kcmd: &str| {
        dated(
            &case(&[
                "{ datum: 2025-07-21, stap: reactie_gevraagd }",
                closing,
                &step(kcmd, "kcmd_ingediend"),
            ]),
            "2025-07-01",
            "2025-07-20",
        )
    };
    let outcome = uitslag("2025-08-31", "ongegrond");
    let withdrawn = "{ datum: 2025-08-31, stap: ingetrokken, bevestigd: 2025-09-01 }";
    assert_rule(
        "kcmd-after-internal-term",
        vec![
            row(
                "to the KcMD on the last day (31 Aug + 6 months = 28 Feb)",
                closed_then(&outcome, "2026-02-28"),
                TODAY,
                &[],
            ),
            row(
                "to the KcMD a day later",
                closed_then(&outcome, "2026-03-01"),
                TODAY,
                &[warning().line(12).article("8").due("2026-02-28").says(&[
                    "1 maart 2026",
                    "31 augustus 2025",
                    "28 februari 2026",
                ])],
            ),
            row(
                "closed by withdrawal, to the KcMD a day late",
                closed_then(withdrawn, "2026-03-01"),
                TODAY,
                &[warning().due("2026-02-28")],
            ),
            row(
                "to the KcMD without internal closure",
                dated(
                    &case(&[
                        "{ datum: 2025-07-21, stap: reactie_gevraagd }",
                        "{ datum: 2026-03-01, stap: kcmd_ingediend }",
                    ]),
                    "2025-07-01",
                    "2025-07-20",
                ),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn kcmd_direct_term() {
    let direct = |event: &str, filed: &str| {
        with_kcmd(&dated(
            &case(&[&step(filed, "kcmd_ingediend")]),
            event,
            filed,
        ))
    };
    assert_rule(
        "kcmd-direct-term",
        vec![
            row(
                "straight to the KcMD exactly 6 months after the event",
                direct("2026-02-20", "2026-08-20"),
                TODAY,
                &[],
            ),
            row(
                "straight to the KcMD 6 months and a day after the event",
                direct("2026-02-20", "2026-08-21"),
                TODAY,
                &[warning().line(10).article("9").due("2026-08-20").says(&[
                    "21 augustus 2026",
                    "20 februari 2026",
                    "20 augustus 2026",
                ])],
            ),
            row(
                "event 31 August: the term ends 28 February",
                direct("2025-08-31", "2026-02-28"),
                TODAY,
                &[],
            ),
            row(
                "event 31 August, filed 1 March",
                direct("2025-08-31", "2026-03-01"),
                TODAY,
                &[warning().due("2026-02-28")],
            ),
            row(
                "filed internally, to the KcMD before any closure, late",
                case(&[ASKED, "{ datum: 2026-08-21, stap: kcmd_ingediend }"]),
                TODAY,
                &[warning().line(11).due("2026-08-20")],
            ),
            row(
                "after internal closure (art. 8 applies instead)",
                case(&[
                    ASKED,
                    &uitslag("2026-04-06", "ongegrond"),
                    "{ datum: 2026-08-21, stap: kcmd_ingediend }",
                ]),
                TODAY,
                &[],
            ),
            row(
                "no event date",
                edit(
                    &direct("2026-02-20", "2026-08-21"),
                    &[("gebeurtenis: 2026-02-20\n", "")],
                ),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn kcmd_ruling_term() {
    // To the KcMD on 2 March 2026: its ruling is due by 2 September 2026.
    let ruled = |ruling: &str| {
        with_kcmd(&case(&[
            "{ datum: 2026-03-02, stap: kcmd_ingediend }",
            &step(ruling, "kcmd_uitspraak"),
        ]))
    };
    let waiting = with_kcmd(&case(&["{ datum: 2026-03-02, stap: kcmd_ingediend }"]));
    assert_rule(
        "kcmd-ruling-term",
        vec![
            row("ruling on the last day", ruled("2026-09-02"), TODAY, &[]),
            row(
                "ruling a day late",
                ruled("2026-09-03"),
                TODAY,
                &[warning().line(11).article("12").due("2026-09-02").says(&[
                    "3 september 2026",
                    "2 september 2026",
                    "2 maart 2026",
                ])],
            ),
            row("open, on the last day", waiting.clone(), "2026-09-02", &[]),
            row(
                "open, past the last day",
                waiting.clone(),
                "2026-09-03",
                &[warning()
                    .line(10)
                    .due("2026-09-02")
                    .says(&["2 september 2026"])],
            ),
            row("never filed with the KcMD", case(&[ASKED]), TODAY, &[]),
        ],
    );
}

#[test]
fn measures_notice_term() {
    // Ruling with measures on 31 August 2026: report them by 30 September 2026.
    let ruling = |maatregelen: &str, more: &[&str]| {
        let uitspraak = format!("{{ datum: 2026-08-31, stap: kcmd_uitspraak{maatregelen} }}");
        let mut steps = vec![
            "{ datum: 2026-03-02, stap: kcmd_ingediend }",
            uitspraak.as_str(),
        ];
        steps.extend_from_slice(more);
        with_kcmd(&case(&steps))
    };
    let measures = ", maatregelen: [{ soort: excuses, omschrijving: Excuses }]";
    let open = ruling(measures, &[]);
    assert_rule(
        "measures-notice-term",
        vec![
            row(
                "reported on the last day",
                ruling(
                    measures,
                    &["{ datum: 2026-09-30, stap: maatregelen_gemeld }"],
                ),
                TODAY,
                &[],
            ),
            row(
                "reported a day late",
                ruling(
                    measures,
                    &["{ datum: 2026-10-01, stap: maatregelen_gemeld }"],
                ),
                TODAY,
                &[violation().line(12).article("12").due("2026-09-30").says(&[
                    "31 augustus 2026",
                    "1 oktober 2026",
                    "30 september 2026",
                ])],
            ),
            row(
                "not yet reported, 5 days left",
                open.clone(),
                "2026-09-25",
                &[deadline()
                    .line(11)
                    .due("2026-09-30")
                    .says(&["30 september 2026", "nog 5 dagen"])],
            ),
            row(
                "not yet reported, 7 days left",
                open.clone(),
                "2026-09-23",
                &[deadline().due("2026-09-30")],
            ),
            row(
                "not yet reported, 8 days left",
                open.clone(),
                "2026-09-22",
                &[],
            ),
            row(
                "not yet reported, due today",
                open.clone(),
                "2026-09-30",
                &[deadline().due("2026-09-30").says(&["vandaag"])],
            ),
            row(
                "not reported, a day past",
                open.clone(),
                "2026-10-01",
                &[violation()
                    .line(11)
                    .due("2026-09-30")
                    .says(&["30 september 2026", "1 dag te laat"])],
            ),
            row(
                "ruling without measures (`maatregelen: []`)",
                ruling(", maatregelen: []", &[]),
                TODAY,
                &[],
            ),
            row("ruling, measures not recorded", ruling("", &[]), TODAY, &[]),
        ],
    );
}

#[test]
fn register_complete() {
    let closed = case(&[ASKED, &uitslag("2026-04-06", "gegrond")]);
    let no_measures = edit(&closed, &[(", maatregelen: [{ soort: excuses }]", "")]);
    assert_rule(
        "register-complete",
        vec![
            row("complete", closed.clone(), TODAY, &[]),
            row(
                "no onderwerp",
                edit(&closed, &[("onderwerp: bejegening\n", "")]),
                TODAY,
                &[violation().line(1).article("15").says(&["onderwerp"])],
            ),
            row(
                "no opdrachtgever",
                edit(&closed, &[(", opdrachtgever: UWV", "")]),
                TODAY,
                &[violation().line(1).says(&["opdrachtgever"])],
            ),
            row(
                "no traject at all",
                edit(
                    &closed,
                    &[("traject: { soort: UWV, opdrachtgever: UWV }\n", "")],
                ),
                TODAY,
                &[violation().says(&["opdrachtgever"])],
            ),
            row(
                "outcome without maatregelen",
                no_measures.clone(),
                TODAY,
                &[violation().line(11).says(&["maatregelen: []"])],
            ),
            row(
                "outcome with explicitly no measures",
                edit(&closed, &[("[{ soort: excuses }]", "[]")]),
                TODAY,
                &[],
            ),
            row(
                "open case, no outcome yet",
                case(&[ASKED]),
                "2026-03-20",
                &[],
            ),
            row(
                "no onderwerp and no maatregelen: one finding",
                edit(&no_measures, &[("onderwerp: bejegening\n", "")]),
                TODAY,
                &[violation().line(1).says(&["onderwerp", "maatregelen"])],
            ),
            row(
                "filed with the klachtencommissie (art. 15 applies to all)",
                with_kcmd(&edit(&case(&[]), &[("onderwerp: bejegening\n", "")])),
                TODAY,
                &[violation()],
            ),
        ],
    );
}

#[test]
fn date_order() {
    let closed = uitslag("2026-04-06", "gegrond");
    assert_rule(
        "date-order",
        vec![
            row(
                "filed before the event",
                edit(
                    &case(&[]),
                    &[("gebeurtenis: 2026-02-20", "gebeurtenis: 2026-03-05")],
                ),
                TODAY,
                &[error().line(6).says(&["5 maart 2026", "2 maart 2026"])],
            ),
            row(
                "a step before the filing",
                case(&["{ datum: 2026-03-01, stap: reactie_gevraagd }"]),
                TODAY,
                &[error().line(10).says(&["1 maart 2026", "2 maart 2026"])],
            ),
            row(
                "steps out of order",
                case(&[TALKED, ASKED]),
                TODAY,
                &[error().line(11).says(&["3 maart 2026", "16 maart 2026"])],
            ),
            row(
                "report sent before its conversation",
                case(&["{ datum: 2026-03-16, stap: gesprek, verslag_verzonden: 2026-03-15 }"]),
                TODAY,
                &[error().line(10).says(&["15 maart 2026", "16 maart 2026"])],
            ),
            row(
                "withdrawal confirmed before the withdrawal",
                case(&["{ datum: 2026-03-16, stap: ingetrokken, bevestigd: 2026-03-15 }"]),
                TODAY,
                &[error().line(10)],
            ),
            row(
                "a step after today",
                case(&[ASKED, &closed]),
                "2026-04-01",
                &[error().line(11).says(&["6 april 2026", "1 april 2026"])],
            ),
            row(
                "filed after today",
                case(&[]),
                "2026-03-01",
                &[error().line(7).says(&["2 maart 2026", "1 maart 2026"])],
            ),
            row(
                "report sent after today",
                case(&[TALKED]),
                "2026-03-17",
                &[error().line(10).says(&["18 maart 2026"])],
            ),
            row(
                "steps on the filing day and on one day",
                case(&[
                    "{ datum: 2026-03-02, stap: reactie_gevraagd }",
                    "{ datum: 2026-03-02, stap: reactie_ontvangen }",
                ]),
                "2026-03-02",
                &[],
            ),
            row(
                "event on the filing day",
                edit(
                    &case(&[]),
                    &[("gebeurtenis: 2026-02-20", "gebeurtenis: 2026-03-02")],
                ),
                TODAY,
                &[],
            ),
        ],
    );
}

#[test]
fn errors_suppress_the_other_rules() {
    // Involved handler, no onderwerp, open long past its term: all hidden by
    // the error, because nothing built from the case is trusted.
    let troubled = edit(
        &case(&[TALKED_NO_REPORT]),
        &[
            ("betrokken: false", "betrokken: true"),
            ("onderwerp: bejegening\n", ""),
        ],
    );
    let without_error = findings(&troubled, TODAY);
    for rule in [
        "handler-involved",
        "register-complete",
        "handling-term",
        "conversation-report",
    ] {
        assert!(
            without_error.iter().any(|f| f.rule == rule),
            "{rule} fires without the error: {without_error:#?}"
        );
    }
    let date_error = edit(
        &troubled,
        &[("gebeurtenis: 2026-02-20", "gebeurtenis: 2026-03-05")],
    );
    let found = findings(&date_error, TODAY);
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f.rule == "date-order"), "{found:#?}");
    let role_error = edit(&troubled, &[("rol: klant", "rol: buurman")]);
    let found = findings(&role_error, TODAY);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|f| f.rule == "complainant-role"),
        "{found:#?}"
    );
}

/// The rules of art. 2–7 and the cases that break each when filed internally.
const INTERNAL_RULES: [&str; 9] = [
    "admissibility",
    "handler-involved",
    "response-requested",
    "response-term",
    "conversation-report",
    "confirmation",
    "outcome-reasoned",
    "handling-term",
    "withdrawal-confirmed",
];

fn internally_broken_cases() -> Vec<String> {
    vec![
        // Late, handled by an involved manager, judged without asking, a
        // conversation without report or confirmation, unreasoned, too late.
        edit(
            &case(&[
                TALKED_NO_REPORT,
                "{ datum: 2026-04-20, stap: uitslag, oordeel: gegrond, maatregelen: [] }",
            ]),
            &[
                ("gebeurtenis: 2026-02-20", "gebeurtenis: 2025-01-10"),
                ("betrokken: false", "betrokken: true"),
            ],
        ),
        // Judged before the response term ended, then withdrawn unconfirmed.
        case(&[
            ASKED,
            &uitslag("2026-03-10", "gegrond"),
            "{ datum: 2026-03-11, stap: ingetrokken }",
        ]),
    ]
}

#[test]
fn articles_2_to_7_govern_internal_handling_only() {
    let rules_of = |texts: &[String]| -> Vec<String> {
        let mut rules: Vec<String> = texts
            .iter()
            .flat_map(|t| findings(t, TODAY))
            .map(|f| f.rule.into_owned())
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules
    };
    let internal = internally_broken_cases();
    let found = rules_of(&internal);
    for rule in INTERNAL_RULES {
        assert!(
            found.iter().any(|f| f == rule),
            "{rule} not triggered: {found:?}"
        );
    }
    let via_officer: Vec<String> = internal
        .iter()
        .map(|t| edit(t, &[("bij: manager", "bij: klachtenfunctionaris")]))
        .collect();
    assert_eq!(
        rules_of(&via_officer),
        found,
        "the klachtenfunctionaris is internal"
    );

    let direct: Vec<String> = internal.iter().map(|t| with_kcmd(t)).collect();
    let found = rules_of(&direct);
    for rule in INTERNAL_RULES {
        assert!(
            !found.iter().any(|f| f == rule),
            "{rule} applied to a case filed with the klachtencommissie: {found:?}"
        );
    }
}

#[test]
fn duplicate_ids_with_conflicting_data_are_an_error() {
    let reg = regulation();
    let first = load(&case(&[ASKED]), "data/cases/K-1a.yaml");
    let conflicting = load(
        &edit(
            &case(&[ASKED]),
            &[
                ("betrokken: false", "betrokken: true"),
                ("datum: 2026-03-02", "datum: 2026-03-03"),
            ],
        ),
        "data/cases/K-1b.yaml",
    );
    let (report, seen) = check_cases(
        &[first.clone(), conflicting],
        &reg.procedure,
        d("2026-03-04"),
    );
    let duplicates: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.rule == "duplicate-id")
        .collect();
    assert_eq!(duplicates.len(), 1, "{:#?}", report.findings);
    let dup = duplicates[0];
    assert_eq!(dup.severity, Severity::Error);
    assert_eq!(dup.case.as_deref(), Some("K-1"));
    assert_eq!(dup.file, "data/cases/K-1b.yaml");
    assert_eq!(dup.line, Some(1));
    assert_eq!(dup.due, None);
    assert!(
        dup.message.contains("data/cases/K-1a.yaml:1"),
        "{}",
        dup.message
    );
    assert!(dup.message.contains("`ingediend`"), "{}", dup.message);
    // The second record is not checked on its own: its involved handler is
    // not reported, as nothing built from it is trusted.
    assert!(
        !report.findings.iter().any(|f| f.rule == "handler-involved"),
        "{:#?}",
        report.findings
    );
    assert_eq!(seen.len(), 1);

    let mut other = first.clone();
    other.id.value = "K-2".to_string();
    other.file = "data/cases/K-2.yaml".to_string();
    let (report, _) = check_cases(&[first, other], &reg.procedure, d("2026-03-04"));
    assert!(
        !report.findings.iter().any(|f| f.rule == "duplicate-id"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn open_trusted_cases_list_their_next_deadline() {
    let reg = regulation();
    let open = load(&case(&[ASKED]), FILE);
    let broken = load(
        &edit(
            &case(&[ASKED]),
            &[("id: K-1", "id: K-2"), ("rol: klant", "rol: buurman")],
        ),
        "data/cases/K-2.yaml",
    );
    let (report, _) = check_cases(&[open, broken], &reg.procedure, d("2026-03-04"));
    let deadlines = report.deadlines.into_sorted();
    let dues: Vec<(&str, NaiveDate)> = deadlines
        .iter()
        .map(|dl| (dl.case.as_str(), dl.due))
        .collect();
    // The response is due first (3 March + 2 weeks); the case with an error
    // gets no deadline.
    assert_eq!(dues, vec![("K-1", d("2026-03-17"))]);
}

/// A finding nobody will read (a register rule past its listing limit)
/// keeps what the counts need (rule, severity, line) and nothing else:
/// no case, file, article or message.
#[test]
fn unread_findings_are_counted_alike_without_a_message() {
    let reg = regulation();
    let case = load(&case(&[ASKED]), FILE);
    let with = |read: &dyn Fn(&str) -> bool| {
        check_case(&Ctx {
            case: &case,
            procedure: &reg.procedure,
            today: d(TODAY),
            read,
        })
    };
    let read = with(&|_| true);
    let unread = with(&|rule| rule != "handling-term");
    assert!(read.iter().any(|f| f.rule == "handling-term"), "{read:#?}");
    assert_eq!(read.len(), unread.len());
    for (a, b) in read.iter().zip(&unread) {
        assert_eq!((&a.rule, a.severity, a.line), (&b.rule, b.severity, b.line));
        if a.rule == "handling-term" {
            assert!(!a.message.is_empty() && a.article.is_some() && !a.is_counted());
            assert!(b.message.is_empty() && b.article.is_none() && b.case.is_none());
            assert!(b.is_counted());
        } else {
            assert_eq!(
                (&a.message, &a.article, &a.case),
                (&b.message, &b.article, &b.case)
            );
        }
    }
}

/// Cases noted one by one into deadlines that keep only the most urgent
/// (as a register's rows are): the kept ones and the total are those of
/// all deadlines sorted, equal due dates ordered by case.
#[test]
fn deadlines_noted_one_by_one_keep_the_most_urgent_and_count_all() {
    let reg = regulation();
    let cases: Vec<Case> = (0..50)
        .map(|i| {
            // Two cases filed on each of 25 days, the second with the lower
            // id: when the 26th comes, the 25th is the last kept, with the
            // same due date, and the 26th goes before it.
            let day = 1 + i / 2;
            let filed = d("2026-01-01") + chrono::Days::new(day);
            load(
                &edit(
                    &case(&[]),
                    &[
                        ("id: K-1", &format!("id: K-{}", 99 - i)),
                        ("datum: 2026-03-02", &format!("datum: {filed}")),
                    ],
                ),
                &format!("data/cases/K-{i}.yaml"),
            )
        })
        .collect();
    let mut noted = Deadlines::default();
    let mut all = Vec::new();
    for case in &cases {
        note_deadline(case, &reg.procedure, &mut noted);
        let mut alone = Deadlines::default();
        note_deadline(case, &reg.procedure, &mut alone);
        all.extend(alone.into_sorted());
    }
    assert_eq!(all.len(), cases.len(), "every open case has a deadline");
    assert_eq!(noted.total(), cases.len());
    all.sort();
    all.truncate(Deadlines::KEPT);
    assert_eq!(noted.into_sorted(), all);
}
