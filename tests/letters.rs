//! Letters (SPEC §5), end to end: the real binary on the fixture projects in
//! `tests/fixtures/letters/` (each with a real copy of the regulation).
//!
//! - `dossiers`: a case through every step with letters (K-2026-101, UWV), a
//!   late one (K-2026-102, niet-ontvankelijk), a withdrawn one (K-2026-103),
//!   one only filed (K-2026-104), one filed with the KcMD (K-2026-105) and a
//!   Participatiewet outcome (K-2026-106);
//! - `termijnen`: due dates at month ends;
//! - `escaping`: values full of HTML and Markdown markup.

mod common;

use common::Project;
use regelwerk::letters::KINDS;

/// The kinds the seed regulation can produce: all but `verdaging` (its
/// `afhandeling` has no `verlenging`).
fn seed_kinds() -> Vec<&'static str> {
    KINDS.into_iter().filter(|k| *k != "verdaging").collect()
}

const TODAY: &str = "--today=2026-11-24";

/// A copy of `tests/fixtures/letters/<name>`, built.
fn built(name: &str) -> Project {
    let project = Project::fixture(&format!("letters/{name}"));
    build(&project);
    project
}

fn build(project: &Project) {
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
}

/// The letters of a case as `NN-kind` stems, in NN order; every letter must
/// exist as `.html` and as `.md` and nothing else may be in the folder.
fn letters_of(project: &Project, id: &str) -> Vec<String> {
    let files: Vec<String> = project
        .snapshot(&format!("output/letters/{id}"))
        .into_keys()
        .collect();
    let stems: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_suffix(".html"))
        .map(str::to_string)
        .collect();
    let twins: Vec<String> = stems
        .iter()
        .flat_map(|s| [format!("{s}.html"), format!("{s}.md")])
        .collect();
    assert_eq!(
        files, twins,
        "{id}: every letter as .html and .md, nothing else"
    );
    stems
}

/// The `.html` and `.md` text of one letter.
fn both(project: &Project, stem: &str) -> [String; 2] {
    [
        project.read(&format!("output/letters/{stem}.html")),
        project.read(&format!("output/letters/{stem}.md")),
    ]
}

/// Asserts that both formats of a letter contain every fragment.
fn says(project: &Project, stem: &str, fragments: &[&str]) {
    for (text, format) in both(project, stem).iter().zip(["html", "md"]) {
        for fragment in fragments {
            assert!(
                text.contains(fragment),
                "{stem}.{format} should say {fragment:?}:\n{text}"
            );
        }
    }
}

/// Asserts that neither format of a letter contains any of the fragments.
fn never_says(project: &Project, stem: &str, fragments: &[&str]) {
    for (text, format) in both(project, stem).iter().zip(["html", "md"]) {
        for fragment in fragments {
            assert!(
                !text.contains(fragment),
                "{stem}.{format} should not say {fragment:?}:\n{text}"
            );
        }
    }
}

/// The Markdown rendered to HTML, as any Markdown viewer would show it.
fn markdown_to_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    html
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------
// Which letters, in which order

#[test]
fn a_case_through_every_step_gets_every_letter_in_the_order_of_its_history() {
    let project = built("dossiers");
    assert_eq!(
        letters_of(&project, "K-2026-101"),
        strings(&[
            "01-ontvangstbevestiging",
            "02-verzoek-reactie",
            "03-gespreksverslag",
            "04-gespreksverslag",
            "05-bevestiging",
            "06-uitslag",
            "07-maatregelen-kcmd",
        ])
    );
    assert_eq!(
        letters_of(&project, "K-2026-102"),
        strings(&["01-ontvangstbevestiging", "02-niet-ontvankelijk"]),
        "a late complaint gets niet-ontvankelijk instead of an uitslag"
    );
    assert_eq!(
        letters_of(&project, "K-2026-103"),
        strings(&[
            "01-ontvangstbevestiging",
            "02-verzoek-reactie",
            "03-bevestiging-intrekking",
        ])
    );
    assert_eq!(
        letters_of(&project, "K-2026-106"),
        strings(&[
            "01-ontvangstbevestiging",
            "02-verzoek-reactie",
            "03-uitslag"
        ])
    );
}

#[test]
fn snapshot_of_every_kind_in_both_formats() {
    let project = built("dossiers");
    let letters = [
        ("ontvangstbevestiging", "K-2026-101/01-ontvangstbevestiging"),
        ("niet-ontvankelijk", "K-2026-102/02-niet-ontvankelijk"),
        ("verzoek-reactie", "K-2026-101/02-verzoek-reactie"),
        ("gespreksverslag", "K-2026-101/03-gespreksverslag"),
        ("bevestiging", "K-2026-101/05-bevestiging"),
        ("uitslag", "K-2026-101/06-uitslag"),
        (
            "bevestiging-intrekking",
            "K-2026-103/03-bevestiging-intrekking",
        ),
        ("maatregelen-kcmd", "K-2026-101/07-maatregelen-kcmd"),
    ];
    assert_eq!(
        letters.map(|(kind, _)| kind).to_vec(),
        seed_kinds(),
        "one snapshot per kind of SPEC §5"
    );
    for (kind, stem) in letters {
        let [html, md] = both(&project, stem);
        insta::assert_snapshot!(format!("letters-{kind}.html"), html);
        insta::assert_snapshot!(format!("letters-{kind}.md"), md);
    }
}

#[test]
fn every_letter_is_a_print_ready_private_page() {
    let project = built("dossiers");
    for stem in letters_of(&project, "K-2026-101") {
        let html = project.read(&format!("output/letters/K-2026-101/{stem}.html"));
        assert!(html.contains("<html lang=\"nl\">"), "{stem}");
        assert!(html.contains("size: A4"), "{stem}: A4 page");
        assert!(html.contains("@media print"), "{stem}: print CSS");
        assert!(html.contains("noindex"), "{stem}: private");
        assert!(!html.contains("<script"), "{stem}");
        assert!(html.contains("dossier K-2026-101"), "{stem}: kenmerk");
        assert!(html.contains("van het klachtenreglement"), "{stem}");
    }
}

// ---------------------------------------------------------------------------
// What each letter says

#[test]
fn receipt_states_the_facts_and_the_handling_term() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-101/01-ontvangstbevestiging",
        &[
            "A. de Vries",
            "Hoofdstraat 1",
            "9711 AA Groningen",
            "Groningen, 2 maart 2026",
            "Beste A. de Vries,",
            "Op 2 maart 2026 hebben wij uw klacht ontvangen",
            "20 februari 2026",
            "Mijn begeleider sprak mij onvriendelijk aan",
            "13 april 2026",
            "6 weken na het indienen",
            "artikel 2 en 6",
            "P. Bakker",
        ],
    );
}

#[test]
fn request_for_response_goes_to_the_employee_with_a_date_two_weeks_on() {
    let project = built("dossiers");
    let stem = "K-2026-101/02-verzoek-reactie";
    says(
        &project,
        stem,
        &[
            "Beste J. Jansen,",
            "Groningen, 3 maart 2026",
            "ingediend door A. de Vries",
            "17 maart 2026",
            "U hebt daarvoor 2 weken",
            "artikel 3 en 6",
        ],
    );
    let [html, md] = both(&project, stem);
    assert!(
        !html.contains("Hoofdstraat 1") && !md.contains("Hoofdstraat 1"),
        "the complainant's address is not the employee's"
    );
    assert!(!html.contains("Beste A. de Vries"));
}

#[test]
fn one_report_per_conversation_to_all_its_participants() {
    let project = built("dossiers");
    let first = "K-2026-101/03-gespreksverslag";
    says(
        &project,
        first,
        &[
            "Beste allen,",
            "Groningen, 18 maart 2026",
            "Op 16 maart 2026 hebben wij gesproken",
            "A. de Vries",
            "J. Jansen",
            "P. Bakker",
        ],
    );
    let html = project.read(&format!("output/letters/{first}.html"));
    let window = html
        .split("<address")
        .nth(1)
        .and_then(|a| a.split("</address>").next())
        .expect("an address window");
    for name in ["A. de Vries", "J. Jansen", "P. Bakker"] {
        assert!(window.contains(name), "{name} is an addressee: {window}");
    }
    let second = "K-2026-101/04-gespreksverslag";
    says(
        &project,
        second,
        &[
            "Groningen, 23 maart 2026",
            "Op 20 maart 2026 hebben wij gesproken",
        ],
    );
    never_says(&project, second, &["J. Jansen"]);
}

#[test]
fn confirmation_states_date_facts_and_agreements() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-101/05-bevestiging",
        &[
            "Groningen, 24 maart 2026",
            "2 maart 2026",
            "20 februari 2026",
            "Mijn begeleider sprak mij onvriendelijk aan",
            "De begeleider maakt excuses in een gesprek onder vier ogen.",
            "Over vier weken volgt een kort evaluatiegesprek.",
            "artikel 4 en 6",
        ],
    );
}

#[test]
fn outcome_is_reasoned_and_names_every_route_onward() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-101/06-uitslag",
        &[
            "Groningen, 6 april 2026",
            "gegrond",
            "De begeleider erkent dat de toon onvriendelijk was",
            "excuses",
            "De begeleider heeft excuses gemaakt.",
            "scholing",
            "De begeleider volgt een training communicatie.",
            // art. 5: the klachtenfunctionaris with contact details
            "klachtenfunctionaris",
            "Ruud Zinnemers",
            "r.zinnemers@werkpro.nl",
            "050 – 317 52 20",
            "(artikel 5)",
            // art. 8: the KcMD with address and last date
            "Klachtencommissie Maatschappelijke Dienstverlening",
            "Schweitzerlaan 4, 9728 NP Groningen",
            "kwaliteit@stichtingvlechter.nl",
            "klacht KcMD",
            "6 maanden",
            "6 oktober 2026",
            "(artikel 8)",
        ],
    );
    says(
        &project,
        "K-2026-106/03-uitslag",
        &[
            "ongegrond",
            "De temperatuur is gemeten en voldoet aan de norm.",
            "geen maatregelen",
            "20 december 2026",
        ],
    );
}

#[test]
fn measures_after_the_ruling_go_to_complainant_and_commission() {
    let project = built("dossiers");
    let stem = "K-2026-101/07-maatregelen-kcmd";
    says(
        &project,
        stem,
        &[
            "Groningen, 3 augustus 2026",
            "Op 13 juli 2026",
            "De klant krijgt een andere begeleider.",
            "1 maand",
            "13 augustus 2026",
            "artikel 12",
        ],
    );
    let html = project.read(&format!("output/letters/{stem}.html"));
    let window = html
        .split("<address")
        .nth(1)
        .and_then(|a| a.split("</address>").next())
        .expect("an address window");
    for line in [
        "A. de Vries",
        "Hoofdstraat 1",
        "Klachtencommissie Maatschappelijke Dienstverlening",
        "Ambtelijk secretariaat",
        "Schweitzerlaan 4",
    ] {
        assert!(window.contains(line), "{line} is in the address window");
    }
}

#[test]
fn late_complaint_letter_names_the_event_and_the_last_day() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-102/02-niet-ontvankelijk",
        &[
            "Beste B. Bos,",
            "Groningen, 9 maart 2026",
            "Op 2 maart 2026 hebben wij uw klacht ontvangen",
            "niet in behandeling nemen",
            "1 jaar",
            "2 maart 2025",
            "2 maart 2026",
            "artikel 2",
            "Ruud Zinnemers",
        ],
    );
}

#[test]
fn withdrawal_is_confirmed_on_its_own_date() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-103/03-bevestiging-intrekking",
        &[
            "Beste C. Claassen,",
            "Groningen, 13 april 2026",
            "Op 10 april 2026",
            "1 april 2026",
            "intrekt",
            "artikel 7",
            "E. Evers",
        ],
    );
}

// ---------------------------------------------------------------------------
// Triggers: a letter exists if and only if its step exists

#[test]
fn a_case_only_filed_gets_only_the_receipt() {
    let project = built("dossiers");
    assert_eq!(
        letters_of(&project, "K-2026-104"),
        strings(&["01-ontvangstbevestiging"])
    );
    says(
        &project,
        "K-2026-104/01-ontvangstbevestiging",
        &["Beste F. Faber,", "20 november 2026", "1 januari 2027"],
    );
}

#[test]
fn a_case_filed_with_the_commission_gets_no_internal_letters() {
    let project = built("dossiers");
    assert_eq!(
        letters_of(&project, "K-2026-105"),
        strings(&["01-maatregelen-kcmd"]),
        "no ontvangstbevestiging for a case filed bij klachtencommissie"
    );
    says(
        &project,
        "K-2026-105/01-maatregelen-kcmd",
        &[
            "Groningen, 15 september 2026",
            "Op 1 september 2026",
            "1 oktober 2026",
            "Gegevens worden alleen nog met toestemming gedeeld.",
        ],
    );

    project.write(
        "data/cases/K-2026-107.yaml",
        "id: K-2026-107\n\
         indiener: { naam: Y. Ypma, rol: klant }\n\
         traject: { soort: UWV, opdrachtgever: UWV }\n\
         onderwerp: privacy\n\
         gebeurtenis: 2026-10-01\n\
         ingediend: { datum: 2026-10-05, wijze: schriftelijk, bij: klachtencommissie }\n\
         verloop:\n  - { datum: 2026-10-05, stap: kcmd_ingediend }\n",
    );
    build(&project);
    assert!(
        !project.path("output/letters/K-2026-107").exists(),
        "no letter at all for a case at the KcMD without a ruling"
    );
    let index = project.read("output/letters/index.html");
    assert!(index.contains("Dossier K-2026-107"), "still listed");
}

const STEPPED: &str = "id: K-STAP
indiener: { naam: W. Wessels, rol: klant }
traject: { soort: Participatiewet, opdrachtgever: Gemeente Groningen }
betreft: { naam: X. Xander, soort: medewerker }
onderwerp: bejegening
gebeurtenis: 2026-05-01
ingediend: { datum: 2026-05-04, wijze: schriftelijk, bij: manager }
behandelaar: { naam: P. Bakker, betrokken: false }
verloop:
";

#[test]
fn each_step_adds_exactly_its_own_letter() {
    let project = Project::fixture("letters/termijnen");
    let steps: [(&str, Option<&str>); 12] = [
        ("", None),
        (
            "  - { datum: 2026-05-05, stap: reactie_gevraagd }\n",
            Some("verzoek-reactie"),
        ),
        ("  - { datum: 2026-05-12, stap: reactie_ontvangen }\n", None),
        (
            "  - { datum: 2026-05-14, stap: gesprek, verslag_verzonden: 2026-05-15, deelnemers: [W. Wessels, P. Bakker] }\n",
            Some("gespreksverslag"),
        ),
        (
            "  - { datum: 2026-05-18, stap: bevestiging, afspraken: [\"Samen koffie drinken.\"] }\n",
            Some("bevestiging"),
        ),
        (
            "  - { datum: 2026-06-01, stap: uitslag, oordeel: opgelost, motivering: \"Samen opgelost.\", maatregelen: [{ soort: gesprek }] }\n",
            Some("uitslag"),
        ),
        (
            "  - { datum: 2026-06-02, stap: klachtenfunctionaris }\n",
            None,
        ),
        ("  - { datum: 2026-06-10, stap: kcmd_ingediend }\n", None),
        ("  - { datum: 2026-06-20, stap: kcmd_ontvankelijk }\n", None),
        (
            "  - { datum: 2026-07-01, stap: kcmd_zitting, verslag_verzonden: 2026-07-03 }\n",
            None,
        ),
        (
            "  - { datum: 2026-08-01, stap: kcmd_uitspraak, maatregelen: [{ soort: uitleg }] }\n",
            Some("maatregelen-kcmd"),
        ),
        (
            "  - { datum: 2026-08-20, stap: uwv_arbeidsdeskundige }\n",
            None,
        ),
    ];
    let mut text = STEPPED.to_string();
    let mut expected = vec!["ontvangstbevestiging".to_string()];
    for (step, letter) in steps {
        text.push_str(step);
        if let Some(kind) = letter {
            expected.push(kind.to_string());
        }
        project.write("data/cases/K-STAP.yaml", &text);
        build(&project);
        let want: Vec<String> = expected
            .iter()
            .enumerate()
            .map(|(i, kind)| format!("{:02}-{kind}", i + 1))
            .collect();
        assert_eq!(letters_of(&project, "K-STAP"), want, "after {step:?}");
    }

    // A ruling without measures needs no letter (art. 12).
    project.write(
        "data/cases/K-STAP.yaml",
        &text.replace("maatregelen: [{ soort: uitleg }]", "maatregelen: []"),
    );
    build(&project);
    assert_eq!(expected.pop().as_deref(), Some("maatregelen-kcmd"));
    let want: Vec<String> = expected
        .iter()
        .enumerate()
        .map(|(i, kind)| format!("{:02}-{kind}", i + 1))
        .collect();
    assert_eq!(
        letters_of(&project, "K-STAP"),
        want,
        "maatregelen-kcmd gone"
    );

    // A withdrawal, and nothing else, gets its confirmation.
    project.write(
        "data/cases/K-STAP.yaml",
        &format!(
            "{STEPPED}  - {{ datum: 2026-05-06, stap: ingetrokken, bevestigd: 2026-05-07 }}\n"
        ),
    );
    build(&project);
    assert_eq!(
        letters_of(&project, "K-STAP"),
        strings(&["01-ontvangstbevestiging", "02-bevestiging-intrekking"])
    );
}

#[test]
fn admissibility_boundary_decides_the_late_letter() {
    // Filed exactly one year after the event: too late (K-2026-102); one day
    // earlier: admissible, no niet-ontvankelijk letter (K-T-4).
    let dossiers = built("dossiers");
    assert!(letters_of(&dossiers, "K-2026-102").contains(&"02-niet-ontvankelijk".to_string()));
    let termijnen = built("termijnen");
    assert_eq!(
        letters_of(&termijnen, "K-T-4"),
        strings(&[
            "01-ontvangstbevestiging",
            "02-verzoek-reactie",
            "03-uitslag"
        ])
    );
}

#[test]
fn an_inadmissible_outcome_within_the_year_still_gets_a_letter() {
    // The case is niet-ontvankelijk for another reason than the year of
    // art. 2 (e.g. not about WerkPro, art. 1): the uitslag step exists, so the
    // complainant must get a letter about it.
    let project = Project::fixture("letters/termijnen");
    project.write(
        "data/cases/K-NO.yaml",
        &format!(
            "{}  - {{ datum: 2026-05-11, stap: uitslag, oordeel: niet_ontvankelijk, motivering: \"Gaat niet over WerkPro.\", maatregelen: [] }}\n",
            STEPPED.replace("K-STAP", "K-NO")
        ),
    );
    build(&project);
    let letters = letters_of(&project, "K-NO");
    assert!(
        letters.len() == 2
            && (letters[1].ends_with("-uitslag") || letters[1].ends_with("-niet-ontvankelijk")),
        "the uitslag of 11 mei 2026 must give a letter: {letters:?}"
    );
}

#[test]
fn removing_a_step_removes_its_letter_on_rebuild() {
    let project = built("dossiers");
    let before = project.snapshot("output/letters");
    build(&project);
    assert_eq!(
        before,
        project.snapshot("output/letters"),
        "a rebuild is byte-identical"
    );

    let case = project.read("data/cases/K-2026-101.yaml");
    // Drop the second gesprek, and the KcMD ruling with what follows it.
    let second_conversation = "  - datum: 2026-03-20\n    stap: gesprek\n    deelnemers: [A. de Vries, P. Bakker]\n    verslag_verzonden: 2026-03-23\n";
    assert!(case.contains(second_conversation));
    let without = case
        .replace(second_conversation, "")
        .split("  - datum: 2026-07-13\n")
        .next()
        .unwrap()
        .to_string();
    assert!(without.ends_with(
        "  - { datum: 2026-06-15, stap: kcmd_zitting, verslag_verzonden: 2026-06-22 }\n"
    ));
    project.write("data/cases/K-2026-101.yaml", &without);
    std::fs::remove_file(project.path("data/cases/K-2026-104.yaml")).unwrap();
    build(&project);

    assert_eq!(
        letters_of(&project, "K-2026-101"),
        strings(&[
            "01-ontvangstbevestiging",
            "02-verzoek-reactie",
            "03-gespreksverslag",
            "04-bevestiging",
            "05-uitslag",
        ])
    );
    for stale in [
        "K-2026-101/04-gespreksverslag",
        "K-2026-101/06-uitslag",
        "K-2026-101/07-maatregelen-kcmd",
    ] {
        for ext in ["html", "md"] {
            assert!(
                !project
                    .path(&format!("output/letters/{stale}.{ext}"))
                    .exists(),
                "stale {stale}.{ext} removed"
            );
        }
    }
    assert!(
        !project.path("output/letters/K-2026-104").exists(),
        "the letters of a removed case are removed"
    );
    let index = project.read("output/letters/index.html");
    assert!(!index.contains("07-maatregelen-kcmd"));
    assert!(!index.contains("K-2026-104"));
}

// ---------------------------------------------------------------------------
// Due dates, computed from the terms, in Dutch

#[test]
fn due_dates_at_month_ends() {
    let project = built("termijnen");
    // 31 August + 2 weken
    says(
        &project,
        "K-T-1/02-verzoek-reactie",
        &["Groningen, 31 augustus 2026", "14 september 2026"],
    );
    // 31 August + 6 weken (the receipt of the same case)
    says(
        &project,
        "K-T-1/01-ontvangstbevestiging",
        &["12 oktober 2026"],
    );
    // 31 August + 6 maanden: February has no 31st
    says(
        &project,
        "K-T-2/03-uitslag",
        &["Groningen, 31 augustus 2026", "28 februari 2027"],
    );
    never_says(
        &project,
        "K-T-2/03-uitslag",
        &["31 februari", "1 maart 2027", "3 maart 2027"],
    );
    // 31 August + 1 maand: September has no 31st
    says(
        &project,
        "K-T-3/01-maatregelen-kcmd",
        &["Op 31 augustus 2026", "30 september 2026"],
    );
    never_says(
        &project,
        "K-T-3/01-maatregelen-kcmd",
        &["31 september", "1 oktober 2026"],
    );
    // 2 March + 6 weken
    let dossiers = built("dossiers");
    says(
        &dossiers,
        "K-2026-101/01-ontvangstbevestiging",
        &["13 april 2026"],
    );
}

#[test]
fn terms_come_from_the_regulation_not_the_code() {
    let project = Project::fixture("letters/termijnen");
    let reg = project
        .read("content/klachtenreglement.md")
        .replace(
            "reactie_medewerker: { duur: 2 weken,",
            "reactie_medewerker: { duur: 10 dagen,",
        )
        .replace(
            "kcmd_na_intern:     { duur: 6 maanden,",
            "kcmd_na_intern:     { duur: 3 maanden,",
        );
    project.write("content/klachtenreglement.md", &reg);
    build(&project); // the text no longer matches: a warning, still built
    says(
        &project,
        "K-T-1/02-verzoek-reactie",
        &["10 september 2026", "10 dagen"],
    );
    says(
        &project,
        "K-T-2/03-uitslag",
        &["30 november 2026", "3 maanden"],
    );
}

// ---------------------------------------------------------------------------
// Escaping

const NAME: &str = "*Jan* <b>x</b> [klik](javascript:alert(1))";

#[test]
fn values_are_escaped_in_html() {
    let project = built("escaping");
    let letters = letters_of(&project, "K-ESC");
    assert_eq!(letters.len(), 6, "{letters:?}");
    for stem in &letters {
        let html = project.read(&format!("output/letters/K-ESC/{stem}.html"));
        for raw in ["<b>", "</b>", "<i>", "<u>", "<script", "<em>"] {
            assert!(!html.contains(raw), "{stem}.html contains raw {raw:?}");
        }
        assert!(!html.contains("href=\"javascript"), "{stem}.html");
        assert!(
            html.contains("&lt;b&gt;x&lt;/b&gt;") || html.contains("&lt;b&gt;x&lt;&#x2f;b&gt;"),
            "{stem}.html shows the name literally"
        );
        assert!(html.contains("*Jan*"), "{stem}.html: the stars stay text");
    }
    let [html, _] = both(&project, "K-ESC/05-uitslag");
    assert!(
        html.contains("Omdat &lt;b&gt;vet&lt;"),
        "motivering escaped"
    );
    let [html, _] = both(&project, "K-ESC/01-ontvangstbevestiging");
    assert!(
        html.contains("Hij zei &lt;script&gt;"),
        "omschrijving escaped"
    );
}

#[test]
fn values_are_escaped_in_markdown() {
    let project = built("escaping");
    for stem in letters_of(&project, "K-ESC") {
        let md = project.read(&format!("output/letters/K-ESC/{stem}.md"));
        assert!(
            md.contains(r"\*Jan\* \<b\>x\</b\> \[klik\]\(javascript:alert\(1\)\)"),
            "{stem}.md escapes the name:\n{md}"
        );
        let html = markdown_to_html(&md);
        for markup in [
            "<b>", "<em>", "<a ", "<i>", "<u>", "<script", "<img", "<code>", "<h1",
        ] {
            assert!(
                !html.contains(markup),
                "{stem}.md renders to {markup:?}:\n{html}"
            );
        }
        assert!(
            html.contains("*Jan* &lt;b&gt;x&lt;/b&gt; [klik](javascript:alert(1))"),
            "{stem}.md shows the name literally once rendered:\n{html}"
        );
    }
    let [_, md] = both(&project, "K-ESC/05-uitslag");
    assert!(md.contains(r"Omdat \<b\>vet\</b\> en \*schuin\*"), "{md}");
    assert!(md.contains(r"\!\[img\]\(x.png\)"), "{md}");
    let [_, md] = both(&project, "K-ESC/04-bevestiging");
    assert!(md.contains(r"- \<b\>Afspraak\</b\> \*een\*"), "{md}");
    assert!(md.contains(r"\[twee\]\(javascript:alert\(2\)\)"), "{md}");
    let [_, md] = both(&project, "K-ESC/02-verzoek-reactie");
    assert!(md.contains(r"Beste \_Piet\_ \<i\>y\</i\>,"), "{md}");
    assert!(
        md.contains(r"Hij zei \<script\>alert\('x'\)\</script\> en \*\*dit\*\*"),
        "{md}"
    );
}

#[test]
fn a_value_that_looks_like_a_numbered_list_stays_text_in_markdown() {
    let project = Project::fixture("letters/escaping");
    project.write(
        "data/cases/K-ESC.yaml",
        &project
            .read("data/cases/K-ESC.yaml")
            .replace(NAME, "1. Jan")
            .replace("\"<b>Afspraak</b> *een*\"", "\"2. Afspraak\""),
    );
    build(&project);
    for stem in letters_of(&project, "K-ESC") {
        let md = project.read(&format!("output/letters/K-ESC/{stem}.md"));
        let html = markdown_to_html(&md);
        assert!(
            !html.contains("<ol"),
            "{stem}.md turns a name into a numbered list:\n{html}"
        );
    }
}

// ---------------------------------------------------------------------------
// UWV versus other trajects (art. 13)

#[test]
fn only_an_uwv_traject_is_pointed_to_the_uwv_arbeidsdeskundige() {
    let project = built("dossiers");
    says(
        &project,
        "K-2026-101/06-uitslag",
        &["arbeidsdeskundige van UWV", "artikel 13"],
    );
    never_says(
        &project,
        "K-2026-106/03-uitslag",
        &["arbeidsdeskundige", "UWV", "artikel 13"],
    );
    let termijnen = built("termijnen");
    says(
        &termijnen,
        "K-T-2/03-uitslag",
        &["arbeidsdeskundige van UWV", "(artikel 13)"],
    );
    never_says(
        &termijnen,
        "K-T-1/03-uitslag",
        &["arbeidsdeskundige", "artikel 13"],
    );
}

#[test]
fn the_uwv_traject_is_recognised_in_any_case() {
    let project = Project::fixture("letters/dossiers");
    let case = project
        .read("data/cases/K-2026-106.yaml")
        .replace("soort: Participatiewet", "soort: uwv");
    project.write("data/cases/K-2026-106.yaml", &case);
    build(&project);
    says(
        &project,
        "K-2026-106/03-uitslag",
        &["arbeidsdeskundige van UWV", "artikel 13"],
    );
}

// ---------------------------------------------------------------------------
// Blank letters, the index, and privacy

#[test]
fn blank_letters_exist_for_every_kind_with_visible_placeholders() {
    let project = built("dossiers");
    let blank: Vec<String> = project
        .snapshot("output/letters/_blank")
        .into_keys()
        .collect();
    let mut want: Vec<String> = seed_kinds()
        .iter()
        .flat_map(|k| [format!("{k}.html"), format!("{k}.md")])
        .collect();
    want.sort();
    assert_eq!(blank, want);
    for kind in seed_kinds() {
        let html = project.read(&format!("output/letters/_blank/{kind}.html"));
        let md = project.read(&format!("output/letters/_blank/{kind}.md"));
        assert!(
            html.contains("[naam indiener]") || html.contains("[naam medewerker]"),
            "{kind}.html"
        );
        assert!(
            md.contains(r"\[naam indiener\]") || md.contains(r"\[naam medewerker\]"),
            "{kind}.md"
        );
        assert!(
            markdown_to_html(&md).contains("[naam "),
            "{kind}.md shows the placeholder, not a link"
        );
        assert!(html.contains("[datum]"), "{kind}.html: a date to fill in");
        for name in ["A. de Vries", "K-2026-101", "P. Bakker"] {
            assert!(!html.contains(name) && !md.contains(name), "{kind}: {name}");
        }
    }
    let html = project.read("output/letters/_blank/verzoek-reactie.html");
    assert!(html.contains("Beste [naam medewerker],"));
    let html = project.read("output/letters/_blank/uitslag.html");
    assert!(html.contains("arbeidsdeskundige van UWV"), "{html}");
    assert!(html.contains("[Alleen bij een UWV-traject:]"), "{html}");
}

#[test]
fn blank_placeholders_are_whole() {
    let project = built("dossiers");
    let html = project.read("output/letters/_blank/uitslag.html");
    assert!(
        html.contains("[datum uitslag + 6 maanden]"),
        "{}",
        html.lines()
            .find(|l| l.contains("datum uitslag"))
            .unwrap_or(&html)
    );
}

#[test]
fn the_index_links_every_letter_of_every_case() {
    let project = built("dossiers");
    let index = project.read("output/letters/index.html");
    assert!(index.contains("noindex"));
    let ids = [
        "K-2026-101",
        "K-2026-102",
        "K-2026-103",
        "K-2026-104",
        "K-2026-105",
        "K-2026-106",
    ];
    let mut count = 0;
    for id in ids {
        assert!(index.contains(&format!("Dossier {id}")), "{id}");
        for stem in letters_of(&project, id) {
            assert!(
                index.contains(&format!("href=\"{id}/{stem}.html\"")),
                "{id}/{stem}"
            );
            count += 1;
        }
    }
    assert_eq!(count, 7 + 2 + 3 + 1 + 1 + 3);
    assert_eq!(
        index.matches("href=\"K-").count(),
        count,
        "no link to a letter that does not exist"
    );
    for kind in seed_kinds() {
        assert!(
            index.contains(&format!("href=\"_blank/{kind}.html\"")),
            "{kind}"
        );
    }
}

#[test]
fn letters_never_appear_on_the_public_site() {
    for fixture in ["dossiers", "escaping"] {
        let project = built(fixture);
        let site = project.snapshot("output/site");
        assert!(!site.is_empty());
        let cases = project.snapshot("data/cases");
        let mut private: Vec<String> = Vec::new();
        for text in cases.values() {
            let text = String::from_utf8_lossy(text);
            for line in text.lines() {
                for key in ["id: ", "naam: ", "adres: ", "omschrijving: ", "werkplek: "] {
                    if let Some(rest) = line.trim().strip_prefix(key) {
                        private.push(rest.trim_matches('"').to_string());
                    }
                }
                for part in line.split("naam: ").skip(1) {
                    let value = part.split([',', '}']).next().unwrap().trim();
                    private.push(value.trim_matches('"').to_string());
                }
            }
        }
        private.retain(|p| p.len() > 3 && !p.starts_with('{') && !p.starts_with('['));
        assert!(private.iter().any(|p| p == "A. de Vries" || p == NAME));
        for (path, bytes) in &site {
            assert!(!path.contains("letters"), "{path}");
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("letters/"), "{path} links the letters");
            assert!(!text.contains("_blank"), "{path} links the blank letters");
            for value in &private {
                assert!(!text.contains(value.as_str()), "{path} contains {value:?}");
            }
        }
    }
}
