//! Regulations as they are published (SPEC §2.1), end to end: a municipality's
//! Awb-9 regulation with decimal articles under chapters, a Wkkgz care
//! regulation pasted from print (`### Artikel  1  `, titles on their own line,
//! lids glued to lettered items), and a school's with bold article paragraphs,
//! `§` chapters and an inserted Artikel 6a. The facts below were counted in
//! the fixture files by hand (`tests/fixtures/articles/EXPECTED.md`).

mod common;

use common::Project;
use serde_json::Value;

const TODAY: &str = "--today=2026-06-01";

/// One article as printed: number, title, chapter anchor, and each lid with
/// words that must stand in it.
struct Want {
    number: &'static str,
    title: &'static str,
    chapter: Option<&'static str>,
    leden: &'static [(u32, &'static str)],
}

const fn art(
    number: &'static str,
    title: &'static str,
    chapter: Option<&'static str>,
    leden: &'static [(u32, &'static str)],
) -> Want {
    Want {
        number,
        title,
        chapter,
        leden,
    }
}

const GEMEENTE: &[Want] = &[
    art(
        "1.1",
        "Begripsbepalingen",
        Some("hoofdstuk-1"),
        &[
            (1, "In deze regeling wordt verstaan onder:"),
            (1, "e. klachtcoördinator: de medewerker"),
            (2, "Een gedraging van een medewerker die"),
        ],
    ),
    art(
        "1.2",
        "Klachtcoördinator",
        Some("hoofdstuk-1"),
        &[
            (1, "Het college wijst een klachtcoördinator"),
            (2, "De klachtcoördinator ziet erop toe dat"),
            (3, "Is de klachtcoördinator zelf betrokken geweest"),
        ],
    ),
    art("1.3", "Vertrouwelijkheid", Some("hoofdstuk-1"), &[]),
    art(
        "2.1",
        "Indienen van een klacht",
        Some("hoofdstuk-2"),
        &[
            (1, "Iedereen kan een klacht indienen over"),
            (2, "Een klacht kan mondeling, telefonisch, per"),
            (3, "Een klacht wordt niet in behandeling"),
            (4, "Een schriftelijke klacht bevat ten minste"),
        ],
    ),
    art(
        "2.2",
        "Ontvangstbevestiging en informele afhandeling",
        Some("hoofdstuk-2"),
        &[
            (1, "binnen vijf werkdagen"),
            (2, "Waar dat kan, wordt eerst geprobeerd"),
            (3, "Is de klager niet tevreden over"),
        ],
    ),
    art(
        "2.3",
        "Horen",
        Some("hoofdstuk-2"),
        &[
            (1, "De klager en de beklaagde krijgen"),
            (2, "De beklaagde ontvangt een afschrift van"),
            (3, "Van het horen kan worden afgezien"),
        ],
    ),
    art(
        "2.4",
        "Termijn van afhandeling",
        Some("hoofdstuk-2"),
        &[
            (1, "binnen zes weken"),
            (2, "met ten hoogste vier weken verdagen"),
        ],
    ),
    art(
        "2.5",
        "Afdoening",
        Some("hoofdstuk-2"),
        &[
            (1, "Het bestuursorgaan laat de klager en"),
            (2, "In die brief wordt de klager"),
            (3, "Een gegronde klacht kan leiden tot"),
        ],
    ),
    art(
        "3.1",
        "Registratie",
        Some("hoofdstuk-3"),
        &[
            (
                1,
                "De klachtcoördinator registreert alle schriftelijke klachten,",
            ),
            (2, "Mondelinge klachten die direct naar tevredenheid"),
        ],
    ),
    art("3.2", "Jaarverslag", Some("hoofdstuk-3"), &[]),
    art(
        "3.3",
        "Nationale ombudsman",
        Some("hoofdstuk-3"),
        &[
            (1, "Is de klager het niet eens"),
            (2, "Kan redelijkerwijs niet van de klager"),
            (3, "De Nationale ombudsman streeft ernaar binnen"),
            (4, "Het bestuursorgaan laat de klager en"),
        ],
    ),
];

const ZORG: &[Want] = &[
    art(
        "1",
        "Begripsbepalingen",
        None,
        &[
            (1, "In deze regeling wordt verstaan onder:"),
            (1, "f.  de zorgaanbieder: Thuiszorg Hoogeland"),
            (2, "Waar deze regeling over de klager"),
        ],
    ),
    art("2", "Doel van de regeling", None, &[]),
    art(
        "3",
        "Klachtenfunctionaris",
        None,
        &[
            (1, "De klachtenfunctionaris geeft de klager gratis"),
            (2, "De klachtenfunctionaris bemiddelt tussen de klager"),
            (3, "De klachtenfunctionaris is niet betrokken bij"),
        ],
    ),
    art(
        "4",
        "Indienen van een klacht",
        None,
        &[
            (1, "Een klacht kan worden ingediend door:"),
            (1, "c.  een nabestaande van een overleden"),
            (2, "Een klacht wordt niet in behandeling"),
            (3, "Van het besluit om een klacht"),
        ],
    ),
    art(
        "5",
        "Behandeling van de klacht",
        None,
        &[
            (1, "binnen vijf werkdagen"),
            (2, "De medewerker op wie de klacht"),
            (
                2,
                "De klachtenfunctionaris kan de klager en de medewerker daarna",
            ),
            (3, "Wil de klager geen bemiddeling, of"),
        ],
    ),
    art(
        "6",
        "Termijn en oordeel",
        None,
        &[
            (1, "De zorgaanbieder deelt de klager binnen"),
            (2, "met ten hoogste vier weken verlengen"),
            (3, "In het oordeel staat welke beslissingen"),
        ],
    ),
    art(
        "7",
        "Geschilleninstantie",
        None,
        &[
            (1, "Is de klager het niet eens"),
            (2, "Kan van de klager redelijkerwijs niet"),
            (3, "De geschilleninstantie doet binnen zes maanden"),
        ],
    ),
    art(
        "8",
        "Maatregelen en registratie",
        None,
        &[
            (1, "Binnen een maand na de uitspraak"),
            (2, "De zorgaanbieder registreert alle klachten, de"),
            (3, "Eenmaal per jaar bespreekt de zorgaanbieder"),
        ],
    ),
    art("9", "Slotbepaling", None, &[]),
];

const SCHOOL: &[Want] = &[
    art("1", "Begripsbepalingen", Some("paragraaf-1"), &[]),
    art(
        "2",
        "Toepassingsbereik",
        Some("paragraaf-1"),
        &[
            (1, "Deze regeling geldt voor klachten over"),
            (2, "Klachten over ongewenst gedrag, zoals pesten,"),
            (3, "Voor een beslissing waartegen een eigen"),
        ],
    ),
    art(
        "3",
        "Wie een klacht kan indienen",
        Some("paragraaf-1"),
        &[
            (1, "Een klacht kan worden ingediend door"),
            (2, "Een minderjarige leerling kan zelf een"),
        ],
    ),
    art(
        "4",
        "Eerst op school",
        Some("paragraaf-1"),
        &[
            (1, "Veel klachten kunnen in een gesprek"),
            (2, "binnen vijf werkdagen"),
            (3, "De directeur stuurt de aangeklaagde een"),
        ],
    ),
    art(
        "5",
        "Termijn voor het indienen",
        Some("paragraaf-1"),
        &[
            (1, "Een klacht wordt ingediend binnen een"),
            (2, "Een klacht is schriftelijk en bevat"),
        ],
    ),
    art(
        "6",
        "Afhandeling door het bevoegd gezag",
        Some("paragraaf-1"),
        &[
            (1, "Komt de klacht bij het bevoegd"),
            (2, "ten hoogste vier weken verlengen"),
            (3, "Het bevoegd gezag deelt zijn oordeel"),
        ],
    ),
    art(
        "6a",
        "Doorzending",
        Some("paragraaf-1"),
        &[
            (1, "Is de klager het niet eens"),
            (2, "Het bevoegd gezag zendt de klacht"),
            (3, "Het bepaalde in artikel 8, tweede"),
        ],
    ),
    art(
        "7",
        "Aansluiting bij de klachtencommissie",
        Some("paragraaf-2"),
        &[
            (1, "Het bevoegd gezag is aangesloten bij"),
            (2, "De klachtencommissie werkt volgens haar eigen"),
        ],
    ),
    art(
        "8",
        "Rechtstreeks naar de klachtencommissie",
        Some("paragraaf-2"),
        &[
            (1, "De klager kan zijn klacht ook"),
            (2, "De klachtencommissie beoordeelt eerst of de"),
        ],
    ),
    art(
        "9",
        "Advies en beslissing",
        Some("paragraaf-2"),
        &[
            (1, "De klachtencommissie brengt binnen vier weken"),
            (2, "Binnen een maand na ontvangst van"),
        ],
    ),
];

fn slug(number: &str) -> String {
    number.replace(['.', ':'], "-").to_lowercase()
}

/// The HTML from the element with `id` up to the next lid or article.
fn element<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let rest = &html[start + id.len() + 5..];
    let end = [
        rest.find("<li id=\"artikel-"),
        rest.find("<section class=\"artikel\""),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(rest.len());
    &rest[..end]
}

/// The whole `<section>` of an article, leden included.
fn section<'h>(html: &'h str, anchor: &str) -> &'h str {
    let start = html
        .find(&format!("<section class=\"artikel\" id=\"{anchor}\">"))
        .unwrap_or_else(|| panic!("no section {anchor}"));
    let end = html[start..].find("</section>").unwrap();
    &html[start..start + end]
}

fn toc(html: &str) -> &str {
    let start = html
        .find("<nav class=\"toc\"")
        .expect("a table of contents");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

fn findings(project: &Project) -> Vec<Value> {
    let run = project.run(&["check", TODAY, "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()))
}

/// Builds a fixture and checks every article, lid and chapter of `want`.
fn builds_as_printed(fixture: &str, want: &[Want]) -> Project {
    let project = Project::fixture(&format!("articles/{fixture}"));
    assert_eq!(findings(&project), Vec::<Value>::new(), "{fixture}");
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = project.read("output/site/index.html");
    let toc = toc(&html);

    assert_eq!(
        html.matches("<section class=\"artikel\"").count(),
        want.len(),
        "{fixture}: one section per article, none invented from a lid"
    );
    assert!(!html.contains("class=\"artikelen\""), "{fixture}");
    assert!(!html.contains("<ol class=\"leden\" start"), "{fixture}");
    let mut last_in_toc = 0;
    for article in want {
        let anchor = format!("artikel-{}", slug(article.number));
        let section = section(&html, &anchor);
        assert!(
            section.contains(&format!(
                "href=\"#{anchor}\" aria-label=\"Link naar artikel {}\"",
                article.number
            )),
            "{fixture} {anchor}: a link to copy"
        );
        let entry = format!(
            "<a href=\"#{anchor}\"><span class=\"nr\">Artikel {}</span> {}</a>",
            article.number, article.title
        );
        let at = toc
            .find(&entry)
            .unwrap_or_else(|| panic!("{fixture}: contents entry {entry}"));
        assert!(at > last_in_toc, "{fixture}: contents in text order");
        last_in_toc = at;
        if let Some(chapter) = article.chapter {
            let group = toc.find(&format!("href=\"#{chapter}\"")).unwrap();
            let next_group = toc[group + 1..]
                .find("class=\"hoofdstuk\"")
                .map_or(toc.len(), |n| group + 1 + n);
            assert!(
                group < at && at < next_group,
                "{fixture}: {anchor} listed under {chapter}"
            );
        }
        let mut numbers: Vec<u32> = article.leden.iter().map(|(n, _)| *n).collect();
        numbers.dedup();
        let found = section.matches("<li id=\"artikel-").count();
        assert_eq!(found, numbers.len(), "{fixture} {anchor}: leden");
        for (lid, words) in article.leden {
            let id = format!("{anchor}-lid-{lid}");
            assert!(
                html.contains(&format!("<li id=\"{id}\" value=\"{lid}\">")),
                "{fixture}: {id} at its printed number"
            );
            assert!(
                element(&html, &id).contains(words),
                "{fixture}: {id} holds {words:?}:\n{}",
                element(&html, &id)
            );
        }
    }
    project
}

#[test]
fn a_municipal_regulation_with_decimal_articles_under_chapters() {
    let project = builds_as_printed("gemeente", GEMEENTE);
    let html = project.read("output/site/index.html");
    for (n, title) in [
        (1, "Algemene bepalingen"),
        (2, "Behandeling van klachten door de gemeente"),
        (3, "Registratie en externe klachtbehandeling"),
    ] {
        assert!(html.contains(&format!(
            "<a href=\"#hoofdstuk-{n}\"><span class=\"nr\">Hoofdstuk {n}</span> {title}</a>"
        )));
        assert!(html.contains(&format!("<h2 id=\"hoofdstuk-{n}\">Hoofdstuk {n} {title}")));
    }
    // The lettered items of lid 1 stay in lid 1, before lid 2.
    let lid_one = element(&html, "artikel-1-1-lid-1");
    for letter in ["a. bestuursorgaan", "c. klager", "e. klachtcoördinator"] {
        assert!(lid_one.contains(letter), "{letter}");
    }
    // The timeline links the lid each term names.
    assert!(html.contains("<a href=\"#artikel-2-4-lid-1\">artikel 2.4 lid 1</a>"));
    assert!(html.contains("<a href=\"#artikel-2-1-lid-3\">artikel 2.1 lid 3</a>"));
    // The Markdown twin keeps the printed headings and numbers.
    let md = project.read("output/site/klachtenreglement.md");
    assert!(md.contains("## Hoofdstuk 2 Behandeling van klachten door de gemeente\n"));
    assert!(md.contains("### Artikel 2.4 Termijn van afhandeling\n"));
    assert!(md.contains("(artikel 2.1 lid 3)"));
}

#[test]
fn a_care_regulation_pasted_from_print() {
    let project = builds_as_printed("zorg", ZORG);
    let html = project.read("output/site/index.html");
    // The heading's number as printed, the title from the line below it.
    assert!(html.contains("<h3>Artikel  1 <span class=\"titel\">Begripsbepalingen</span>"));
    assert!(!html.contains("<p>Begripsbepalingen</p>"));
    assert!(!toc(&html).contains("class=\"hoofdstuk\""), "no chapters");
    // Lid 2 glued to lettered item f. comes out as lid 2, not inside f.
    let f = element(&html, "artikel-1-lid-1");
    assert!(f.contains("heeft plaatsgevonden.</p>"), "{f}");
    assert!(!f.contains("Waar deze regeling"));
    // An intro glued to lid 1 stays before the leden.
    let article_three = element(&html, "artikel-3");
    assert!(article_three.contains("<p>De zorgaanbieder stelt een klachtenfunctionaris aan."));
    let md = project.read("output/site/klachtenreglement.md");
    assert!(md.contains("### Artikel  1  \n\nBegripsbepalingen\n"));
    assert!(
        md.contains("heeft plaatsgevonden.     \n\n2.  Waar deze regeling"),
        "the twin separates the glued lid"
    );
    assert!(md.contains("daarna uitnodigen voor een gezamenlijk gesprek.\n\n3.  Wil de klager"));
}

#[test]
fn a_school_regulation_with_bold_articles_and_an_inserted_6a() {
    let project = builds_as_printed("school", SCHOOL);
    let html = project.read("output/site/index.html");
    assert!(html.contains("<h3 class=\"artikel-kop\"><strong>Artikel 6a.</strong> Doorzending"));
    assert!(
        html.contains("<h3 class=\"artikel-kop\"><strong>Artikel 2:</strong> Toepassingsbereik")
    );
    assert!(html.contains("<h2 id=\"paragraaf-2\">§ 2 De klachtencommissie"));
    // A sentence about article 3 is text of article 4, not a heading.
    assert!(
        element(&html, "artikel-4").contains("<p>In artikel 3 staat wie een klacht kan indienen.")
    );
    assert!(!html.contains("id=\"artikel-3-2\""));
    assert!(html.contains("<a href=\"#artikel-6a-lid-1\">artikel 6a lid 1</a>"));
}

/// A term is checked against the lid it names; a reference that does not
/// resolve is named with what the text does have.
#[test]
fn terms_are_checked_against_the_lid_they_name() {
    let project = Project::fixture("articles/gemeente");
    let file = "content/klachtenreglement.md";
    let text = project
        .read(file)
        .replace("\"2.4 lid 1\"", "\"2.4 lid 2\"")
        .replace("\"2.3 lid 2\"", "\"2.3 lid 7\"")
        .replace("\"3.3 lid 3\"", "\"3.9\"")
        .replace("\"3.3 lid 4\"", "\"3.3 lid 3\"");
    project.write(file, &text);
    let found = findings(&project);
    let summary: Vec<(u64, String)> = found
        .iter()
        .map(|f| {
            assert_eq!(f["rule"], "terms-match-text");
            assert_eq!(f["severity"], "warning");
            assert_eq!(f["file"], file);
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(summary.len(), 4, "{summary:#?}");
    assert_eq!(summary[0].0, 8);
    assert!(
        summary[0]
            .1
            .contains("artikel 2.3 lid 7, maar artikel 2.3 heeft 3 leden")
    );
    assert_eq!(summary[1].0, 9);
    assert!(
        summary[1]
            .1
            .contains("6 weken, maar artikel 2.4 lid 2 noemt die termijn niet")
    );
    assert_eq!(summary[2].0, 12);
    assert!(summary[2].1.contains(
        "geen artikel 3.9 (het heeft 11 artikelen, van artikel 1.1 tot en met artikel 3.3)"
    ));
    assert_eq!(summary[3].0, 13);
    assert!(
        summary[3]
            .1
            .contains("1 maand, maar artikel 3.3 lid 3 noemt")
    );
}

#[test]
fn an_article_number_printed_twice_is_a_warning_with_both_lines() {
    let project = Project::fixture("articles/school");
    let file = "content/klachtenreglement.md";
    let text = project
        .read(file)
        .replace("**Artikel 7.** Aansluiting", "**Artikel 6a.** Aansluiting");
    project.write(file, &text);
    let found = findings(&project);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "schema");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["line"], 88);
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("artikel 6a staat twee keer"), "{message}");
    assert!(message.contains("regel 80 en regel 88"), "{message}");
    // Both are published, each with an anchor of its own; the build goes on.
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = project.read("output/site/index.html");
    assert!(html.contains("id=\"artikel-6a\""));
    assert!(html.contains("id=\"artikel-6a-2\""));
}

#[test]
fn extra_pages_are_never_numbered() {
    let project = Project::fixture("articles/zorg");
    project.write(
        "content/uitleg.md",
        "---\ntitel: Uitleg\n---\n# Uitleg\n\n1. Eerst bellen.\n2. Dan schrijven.\n\n### Artikel 4 in gewone woorden\n\nTekst.\n",
    );
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let page = project.read("output/site/uitleg.html");
    assert!(page.contains("<ol>\n<li>Eerst bellen.</li>"));
    assert!(!page.contains("id=\"artikel-"), "{page}");
    assert!(!page.contains("class=\"anker\""));
}

#[test]
fn front_matter_refuses_a_reference_that_is_no_article() {
    let project = Project::fixture("articles/zorg");
    let file = "content/klachtenreglement.md";
    let text = project.read(file).replace("\"6 lid 1\"", "\"zes lid een\"");
    project.write(file, &text);
    let run = project.run(&["check", TODAY]);
    assert_eq!(run.code, 1, "{}", run.all());
    let out = run.all();
    assert!(out.contains("termijnen.afhandeling.artikel"), "{out}");
    assert!(out.contains("\"3.7 lid 2\""), "{out}");
    assert!(out.contains(&format!("{file}:9")), "{out}");
}

/// Text copied from an official publication (overheid.nl): "§ 1." chapters,
/// "Artikel 1. Titel" paragraphs, and each lid's number alone on its line
/// behind a bullet with its text indented below.
#[test]
fn a_regulation_copied_from_an_official_publication() {
    let project = Project::fixture("articles/overheid");
    assert_eq!(findings(&project), Vec::<Value>::new());
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let html = project.read("output/site/index.html");
    assert!(!html.contains("<pre>"), "no code blocks");
    assert!(!html.contains("•"), "no bullets");
    for id in [
        "artikel-1-lid-2",
        "artikel-2-lid-1",
        "artikel-2-lid-2",
        "artikel-3-lid-1",
    ] {
        assert!(html.contains(&format!("<li id=\"{id}\"")), "{id}");
    }
    assert!(element(&html, "artikel-1-lid-2").contains("<p>a. de burgemeester;</p>"));
    assert!(
        toc(&html)
            .contains("<a href=\"#paragraaf-2\"><span class=\"nr\">§ 2</span> Behandeling</a>"),
        "{}",
        toc(&html)
    );
}
