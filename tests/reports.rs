//! Quarterly reports (SPEC §6), end to end: the real binary on
//! `tests/fixtures/reports/figures`, a register of 13 rows and one case file
//! for two opdrachtgevers, with its threshold at 1 so every figure shows; the
//! suppression tests raise it. Today is 24 November 2026 (Q4 runs).
//!
//! Gemeente Súdwest-Fryslân, by hand (days from ingediend to closing):
//!
//! | case | filed | onderwerp | wijze | closed | how | days |
//! |---|---|---|---|---|---|---|
//! | R-01 | 10 May | bejegening | schriftelijk | 1 Jun | gegrond, excuses | 22 |
//! | R-02 | 20 Jun | begeleiding | mondeling | 15 Jul (Q3) | ongegrond, geen | 25 |
//! | R-03 | 25 Jun | planning | digitaal | open | | |
//! | R-04 | 1 Jul | bejegening | schriftelijk | 10 Jul | ingetrokken | 9 |
//! | R-05 | 20 Jul | communicatie | schriftelijk | 30 Sep | deels_gegrond, gesprek + uitleg; klachtenfunctionaris 15 Aug | 72 (late) |
//! | R-06 | 5 Aug | bejegening | digitaal | 16 Sep | opgelost, gesprek | 42 (the last day) |
//! | R-07 | 30 Sep | privacy | (none) | open | | |
//! | K-2026-201 | 10 Aug | vervoer | mondeling | 2 Oct (Q4) | gegrond, werkwijze_aangepast; KcMD 20 Oct | 53 |
//! | R-09 | 5 Oct | overig | schriftelijk | open | | |

mod common;

use common::Project;
use std::collections::BTreeMap;

const TODAY: &str = "--today=2026-11-24";
const GSF: &str = "output/reports/gemeente-sudwest-fryslan";

fn built(threshold: u32) -> Project {
    let project = Project::fixture("reports/figures");
    if threshold != 1 {
        let file = "content/klachtenreglement.md";
        let text = project
            .read(file)
            .replace("minimum_aantal: 1", &format!("minimum_aantal: {threshold}"));
        project.write(file, &text);
    }
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    project
}

/// The CSV as `indicator/categorie → waarde`, checking its header.
fn figures(project: &Project, file: &str) -> BTreeMap<String, String> {
    let text = project.read(file);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("indicator,categorie,waarde"));
    lines
        .map(|line| {
            let parts: Vec<&str> = line.splitn(3, ',').collect();
            let key = if parts[1].is_empty() {
                parts[0].to_string()
            } else {
                format!("{}/{}", parts[0], parts[1])
            };
            (key, parts[2].to_string())
        })
        .collect()
}

fn assert_figures(project: &Project, file: &str, expected: &[(&str, &str)]) {
    let figures = figures(project, file);
    for (key, value) in expected {
        assert_eq!(
            figures.get(*key).map(String::as_str),
            Some(*value),
            "{file}: {key}"
        );
    }
}

#[test]
fn one_report_per_opdrachtgever_and_quarter_with_data_and_the_indexes() {
    let project = built(1);
    let files: Vec<String> = project.snapshot("output/reports").into_keys().collect();
    assert_eq!(
        files,
        [
            "gemeente-sudwest-fryslan/2026-Q2.csv",
            "gemeente-sudwest-fryslan/2026-Q2.html",
            "gemeente-sudwest-fryslan/2026-Q2.md",
            "gemeente-sudwest-fryslan/2026-Q3.csv",
            "gemeente-sudwest-fryslan/2026-Q3.html",
            "gemeente-sudwest-fryslan/2026-Q3.md",
            "gemeente-sudwest-fryslan/2026-Q4.csv",
            "gemeente-sudwest-fryslan/2026-Q4.html",
            "gemeente-sudwest-fryslan/2026-Q4.md",
            "gemeente-sudwest-fryslan/index.html",
            "index.html",
            "uwv/2026-Q3.csv",
            "uwv/2026-Q3.html",
            "uwv/2026-Q3.md",
            "uwv/index.html",
        ]
    );
    let index = project.read("output/reports/index.html");
    assert!(index.contains("Gemeente Súdwest-Fryslân"), "{index}");
    assert!(index.contains(r#"href="gemeente-sudwest-fryslan/2026-Q4.html""#));
    assert!(index.contains(r#"href="uwv/2026-Q3.html""#));
    let client = project.read(&format!("{GSF}/index.html"));
    let q4 = client.find("2026-Q4.html").unwrap();
    let q2 = client.find("2026-Q2.html").unwrap();
    assert!(q4 < q2, "newest first");
    assert!(client.contains("4e kwartaal 2026</a> (voorlopig)"));
}

#[test]
fn figures_of_a_quarter_computed_by_hand() {
    let project = built(1);
    assert_figures(
        &project,
        &format!("{GSF}/2026-Q3.csv"),
        &[
            // Filed in Q3: R-04, R-05, R-06, R-07 and the case file.
            ("ingediend", "5"),
            ("onderwerp/bejegening", "2"),
            ("onderwerp/communicatie", "1"),
            ("onderwerp/privacy", "1"),
            ("onderwerp/vervoer", "1"),
            ("onderwerp/begeleiding", "0"),
            ("wijze/schriftelijk", "2"),
            ("wijze/mondeling", "1"),
            ("wijze/digitaal", "1"),
            ("wijze/niet_geregistreerd", "1"),
            // Closed in Q3: R-02 (filed in Q2), R-04 (withdrawn), R-05, R-06.
            ("afgehandeld", "4"),
            ("oordeel/ongegrond", "1"),
            ("oordeel/deels_gegrond", "1"),
            ("oordeel/opgelost", "1"),
            ("oordeel/gegrond", "0"),
            ("ingetrokken", "1"),
            // R-05 took 72 days; R-06 closed on day 42, the last of 6 weeks.
            ("binnen_termijn", "3"),
            // 9, 25, 42, 72: the mean of 25 and 42 is 33.5, rounded up.
            ("mediaan_dagen", "34"),
            ("max_dagen", "72"),
            ("maatregel/gesprek", "2"),
            ("maatregel/uitleg", "1"),
            ("maatregel/geen", "1"),
            ("maatregel/excuses", "0"),
            ("klachtenfunctionaris", "1"),
            ("kcmd", "0"),
            // R-03, R-07 and the case file (closed only on 2 October).
            ("open_einde_kwartaal", "3"),
        ],
    );
    // The case file filed in Q3 counts in Q4 as closed, with its KcMD step.
    assert_figures(
        &project,
        &format!("{GSF}/2026-Q4.csv"),
        &[
            ("ingediend", "1"),
            ("onderwerp/overig", "1"),
            ("afgehandeld", "1"),
            ("oordeel/gegrond", "1"),
            ("binnen_termijn", "0"),
            ("mediaan_dagen", "53"),
            ("maatregel/werkwijze_aangepast", "1"),
            ("kcmd", "1"),
            ("open_einde_kwartaal", "3"),
        ],
    );
    assert_figures(
        &project,
        &format!("{GSF}/2026-Q2.csv"),
        &[
            ("ingediend", "3"),
            ("afgehandeld", "1"),
            ("maatregel/excuses", "1"),
            ("open_einde_kwartaal", "2"),
        ],
    );
    // "niet_geregistreerd" rows only where the opdrachtgever has such cases.
    let uwv = figures(&project, "output/reports/uwv/2026-Q3.csv");
    assert!(!uwv.contains_key("wijze/niet_geregistreerd"));
    assert_eq!(uwv["onderwerp/werkplek"], "1");
}

#[test]
fn previous_quarter_and_year_to_date_beside_each_figure() {
    let project = built(1);
    let md = project.read(&format!("{GSF}/2026-Q3.md"));
    assert!(
        md.contains("| Cijfer | 3e kwartaal 2026 | 2e kwartaal 2026 | 1e t/m 3e kwartaal 2026 |"),
        "{md}"
    );
    // Filed: 5 now, 3 in Q2, 8 this year; closed: 4, 1, 5; open is a stock.
    assert!(md.contains("| Ingediend | 5 | 3 | 8 |"), "{md}");
    assert!(md.contains("| Afgehandeld | 4 | 1 | 5 |"), "{md}");
    assert!(
        md.contains("| Open aan het eind van het kwartaal | 3 | 2 | 3 |"),
        "{md}"
    );
    // Year to date: 9, 22, 25, 42, 72 → 25.
    assert!(
        md.contains("| Behandelduur in dagen: mediaan | 34 | 22 | 25 |"),
        "{md}"
    );
    let html = project.read(&format!("{GSF}/2026-Q3.html"));
    assert!(
        html.contains(r#"<th scope="row">Ingediend</th><td class="nu">5</td><td>3</td><td>8</td>"#)
    );
}

#[test]
fn the_running_quarter_is_provisional() {
    let project = built(1);
    let q4 = project.read(&format!("{GSF}/2026-Q4.html"));
    assert!(q4.contains("Voorlopig."), "{q4}");
    assert!(q4.contains("loopt nog tot en met 31 december 2026"));
    let q3 = project.read(&format!("{GSF}/2026-Q3.html"));
    assert!(!q3.contains("Voorlopig."));
    let md = project.read(&format!("{GSF}/2026-Q4.md"));
    assert!(md.contains("**Voorlopig.**"));
}

#[test]
fn charts_are_inline_svg_with_a_title_and_the_same_figures_in_a_table() {
    let project = built(1);
    let html = project.read(&format!("{GSF}/2026-Q3.html"));
    assert!(!html.contains("<script"), "no JavaScript");
    for title in [
        "Ingediende klachten per onderwerp, 3e kwartaal 2026",
        "Genomen maatregelen per soort, 3e kwartaal 2026",
        "Deel van de afgehandelde klachten binnen de termijn van 6 weken, 3e kwartaal 2026: 75% binnen de termijn (3 van 4)",
    ] {
        assert!(
            html.contains(&format!("-titel\">{title}</title>")),
            "{title}"
        );
    }
    assert_eq!(html.matches("<svg role=\"img\"").count(), 3);
    // Bejegening (2) is the longest onderwerp bar; communicatie (1) half of it.
    assert!(
        html.contains(r#"<text x="0" y="18">Bejegening</text>"#),
        "{html}"
    );
    assert!(html.contains(r#"<rect class="bar" x="190" y="4" width="330" height="18">"#));
    assert!(html.contains(r#"<rect class="bar" x="190" y="56" width="165" height="18">"#));
    assert!(html.contains(r#"<th scope="row">Communicatie</th><td class="nu">1</td>"#));
}

#[test]
fn small_cells_are_shown_below_the_threshold_and_cannot_be_worked_out() {
    let project = built(3);
    // UWV Q3: 5 filed, 4 about bejegening and 1 about werkplek. Alone, the 1
    // would be 5 − 4: the first 0 (begeleiding) is hidden with it.
    let uwv = figures(&project, "output/reports/uwv/2026-Q3.csv");
    assert_eq!(uwv["ingediend"], "5");
    assert_eq!(uwv["onderwerp/bejegening"], "4");
    assert_eq!(uwv["onderwerp/werkplek"], "< 3");
    assert_eq!(uwv["onderwerp/begeleiding"], "< 3");
    assert_eq!(uwv["onderwerp/planning"], "0");
    let html = project.read("output/reports/uwv/2026-Q3.html");
    assert!(
        html.contains("ingediend per onderwerp: 1 klein, 1 extra afgeschermd"),
        "{html}"
    );
    assert!(html.contains("Aantallen van 1 tot en met 2 staan er als &quot;&lt; 3&quot;"));

    // Gemeente Q3 with threshold 3: every small onderwerp is hidden; the
    // hidden cells (2, 1, 1, 1) add up to 5 and can each be 0 to 2.
    let gsf = figures(&project, &format!("{GSF}/2026-Q3.csv"));
    assert_eq!(gsf["ingediend"], "5");
    for onderwerp in ["bejegening", "communicatie", "privacy", "vervoer"] {
        assert_eq!(gsf[&format!("onderwerp/{onderwerp}")], "< 3", "{onderwerp}");
    }
    assert_eq!(gsf["onderwerp/planning"], "0");
    // 4 closed ≥ 3, so the median shows; each oordeel is 1.
    assert_eq!(gsf["mediaan_dagen"], "34");
    assert_eq!(gsf["oordeel/opgelost"], "< 3");
    // Q2 closed 1 (hidden). Its open count (2) would give it away as
    // 3 filed − 2 open, and so would every later one: hidden from Q2 on.
    let q2 = figures(&project, &format!("{GSF}/2026-Q2.csv"));
    assert_eq!(q2["ingediend"], "3");
    assert_eq!(q2["afgehandeld"], "< 3");
    assert_eq!(q2["open_einde_kwartaal"], "< 3");
    assert_eq!(gsf["open_einde_kwartaal"], ">= 3");
    // UWV never hid a flow: its open count shows.
    assert_eq!(uwv["open_einde_kwartaal"], "0");
    let gsf_html = project.read(&format!("{GSF}/2026-Q3.html"));
    assert!(gsf_html.contains("Het aantal open klachten staat er niet precies"));
    // Q4 has 1 closed: median and max are withheld.
    let q4 = figures(&project, &format!("{GSF}/2026-Q4.csv"));
    assert_eq!(q4["mediaan_dagen"], "< 3");
    assert_eq!(q4["max_dagen"], "< 3");
    let q4_html = project.read(&format!("{GSF}/2026-Q4.html"));
    assert!(q4_html.contains("niet getoond"));
    assert!(q4_html.contains("in dit kwartaal waren het er minder"));
}

#[test]
fn no_personal_value_reaches_a_report() {
    let project = built(1);
    let personal = [
        "Ilse Voorbeeldt",
        "Femke Uitgedacht",
        "f.uitgedacht@example.nl",
        "Proefstraat",
        "Kwekerij De Proefakker",
        "Kantine Stadspark",
        "H. Behandelstra",
        "M. Begeleidsma",
        "R-01",
        "K-2026-201",
        "De taxi naar de werkplek",
        "Het vervoer is drie weken",
        "Vaste taxi",
        "Belde twee keer", // an unknown register column
    ];
    for (file, bytes) in project.snapshot("output/reports") {
        let text = String::from_utf8(bytes).unwrap();
        for value in personal {
            assert!(!text.contains(value), "{value} in reports/{file}");
        }
    }
}

#[test]
fn report_command_renders_one_quarter_of_one_opdrachtgever() {
    let project = Project::fixture("reports/figures");
    let run = project.run(&[
        "report",
        "--quarter",
        "2026-K3",
        "--opdrachtgever",
        "gemeente súdwest-fryslân",
        TODAY,
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    let files: Vec<String> = project.snapshot("output").into_keys().collect();
    assert_eq!(
        files,
        [
            ".regelwerk-manifest",
            "reports/gemeente-sudwest-fryslan/2026-Q3.csv",
            "reports/gemeente-sudwest-fryslan/2026-Q3.html",
            "reports/gemeente-sudwest-fryslan/2026-Q3.md",
        ]
    );
    assert!(
        run.stderr.contains(
            "Geschreven: output/reports/gemeente-sudwest-fryslan/2026-Q3.html, .md en .csv"
        )
    );

    // Every spelling of the quarter, all opdrachtgevers; a build keeps working after.
    for spelling in ["2026-Q3", "2026Q3", "Q3-2026"] {
        let run = project.run(&["report", "--quarter", spelling, TODAY, "-q"]);
        assert_eq!(run.code, 0, "{spelling}: {}", run.all());
    }
    assert!(project.path("output/reports/uwv/2026-Q3.csv").exists());
    let run = project.run(&["build", TODAY, "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(project.path("output/reports/index.html").exists());
}

#[test]
fn report_command_explains_what_it_cannot_do() {
    let project = Project::fixture("reports/figures");
    let run = project.run(&[
        "report",
        "--quarter",
        "2026-Q3",
        "--opdrachtgever",
        "UVW",
        TODAY,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("Opdrachtgever \"UVW\" komt in de gegevens niet voor. Bedoelt u \"UWV\"?"),
        "{}",
        run.stderr
    );
    let run = project.run(&["report", "--quarter", "2027-Q1", TODAY]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("Het 1e kwartaal 2027 is nog niet begonnen"),
        "{}",
        run.stderr
    );
    let run = project.run(&["report", "--quarter", "2025-Q1", TODAY]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("Geen rapportage voor het 1e kwartaal 2025: in dat kwartaal waren er geen klachten en geen open klachten."),
        "{}",
        run.stderr
    );
    let run = project.run(&["report", "--quarter", "derde kwartaal", TODAY]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("is geen kwartaal; schrijf bijvoorbeeld 2026-Q3"),
        "{}",
        run.stderr
    );
    assert!(!project.path("output").exists());
}

#[test]
fn report_command_refuses_input_with_errors() {
    let project = Project::fixture("reports/figures");
    let register = project.read("data/register.csv");
    project.write(
        "data/register.csv",
        &register.replace("10-05-2026;01-05-2026", "10-05-2026;01-05-2027"),
    );
    let run = project.run(&["report", "--quarter", "2026-Q2", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains("Geen rapportage gemaakt"),
        "{}",
        run.stderr
    );
    assert!(!project.path("output").exists());
}

/// The built-in report template with `name` planted in its footer.
fn report_footer_naming(name: &str) -> String {
    regelwerk::render::BUILTIN
        .iter()
        .find(|(template, _)| *template == "reports/base.html")
        .unwrap()
        .1
        .replace("met regelwerk", &format!("met regelwerk, voor {name}"))
}

/// A build the leak guard refuses leaves the output of the build before it
/// as it was: no file changed, no lock or half-written file left behind.
#[test]
fn a_refused_build_leaves_the_earlier_output_as_it_was() {
    let project = Project::fixture("reports/figures");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let before = project.snapshot("output");
    let report = report_footer_naming("Ilse Voorbeeldt");
    project.write("templates/reports/base.html", &report);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(run.stderr.contains("fout[leak-guard]"), "{}", run.stderr);
    assert_eq!(project.snapshot("output"), before);
}

#[test]
fn leak_guard_refuses_a_build_with_a_name_planted_in_a_template() {
    let project = Project::fixture("reports/figures");
    // A manager "personalises" the report footer with a complainant's name
    // from the register, and the site footer with the case file's e-mail.
    let report = report_footer_naming("Ilse Voorbeeldt");
    project.write("templates/reports/base.html", &report);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr.contains(
            "fout[leak-guard]: output/reports/gemeente-sudwest-fryslan/2026-Q3.html zou een naam uit de dossiers bevatten"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("output/reports/index.html zou een naam")
    );
    assert!(
        !run.all().contains("Ilse"),
        "the value itself is never printed"
    );
    assert!(!project.path("output").exists(), "nothing written");

    // The same from the site, for an e-mail address, and for `report`.
    project.write(
        "templates/reports/base.html",
        &report.replace("Ilse Voorbeeldt", "iemand"),
    );
    let base = regelwerk::render::BUILTIN
        .iter()
        .find(|(name, _)| *name == "base.html")
        .unwrap()
        .1
        .replace(
            "</footer>",
            "<p>Vragen? f.uitgedacht@example.nl</p></footer>",
        );
    project.write("templates/base.html", &base);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr
            .contains("output/site/index.html zou een e-mailadres uit de dossiers bevatten"),
        "{}",
        run.stderr
    );
    project.write(
        "templates/base.html",
        &base.replace("f.uitgedacht@example.nl", "het secretariaat"),
    );
    project.write(
        "templates/reports/base.html",
        &report.replace("Ilse Voorbeeldt", "Kantine Stadspark"),
    );
    let run = project.run(&[
        "report",
        "--quarter",
        "2026-Q3",
        "--opdrachtgever",
        "UWV",
        TODAY,
    ]);
    assert_eq!(run.code, 1, "{}", run.all());
    assert!(
        run.stderr
            .contains("output/reports/uwv/2026-Q3.html zou een werkplek"),
        "{}",
        run.stderr
    );
    assert!(!project.path("output").exists());
}

#[test]
fn a_finished_quarter_does_not_change_when_rebuilt_later() {
    let project = built(1);
    let q3 = project.read(&format!("{GSF}/2026-Q3.csv"));
    let run = project.run(&["build", "--today=2027-02-01", "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(project.read(&format!("{GSF}/2026-Q3.csv")), q3);
    // Q4 is finished now, and Q1 2027 has open complaints only.
    assert!(
        !project
            .read(&format!("{GSF}/2026-Q4.html"))
            .contains("Voorlopig.")
    );
    let q1 = figures(&project, &format!("{GSF}/2027-Q1.csv"));
    assert_eq!(q1["ingediend"], "0");
    assert_eq!(q1["open_einde_kwartaal"], "3");
    assert!(
        project
            .read(&format!("{GSF}/2027-Q1.html"))
            .contains("Voorlopig.")
    );
}

#[test]
fn free_text_in_the_words_of_a_category_is_no_leak() {
    // A manager describes the measure with just its category, and the
    // reasoning with just the outcome: the reports show those labels too.
    let project = Project::fixture("reports/figures");
    let case = project.read("data/cases/K-2026-201.yaml");
    let case = case
        .replace(
            "omschrijving: \"Vaste taxi met de vervoerder afgesproken.\"",
            "omschrijving: \"Werkwijze aangepast\"",
        )
        .replace(
            "motivering: \"Het vervoer is drie weken niet goed geregeld geweest.\"",
            "motivering: \"Deels gegrond\"",
        );
    assert!(case.contains("Werkwijze aangepast") && case.contains("Deels gegrond"));
    project.write("data/cases/K-2026-201.yaml", &case);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(!run.stderr.contains("leak-guard"), "{}", run.stderr);
    assert!(
        project
            .read(&format!("{GSF}/2026-Q4.html"))
            .contains("Werkwijze aangepast")
    );
}
