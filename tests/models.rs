//! `regelwerk init --model werkpro|gemeente|zorg`: each model is a complete
//! project that builds without errors, and the gemeente and zorg models read
//! as their own organisation's — nothing of WerkPro's procedure in them.

mod common;

use common::{Project, run_raw};

const TODAY: &str = "--today=2026-11-24";

fn init(model: &str) -> Project {
    let project = Project::empty();
    let dir = project.path("project");
    let run = run_raw(&["init", dir.to_str().unwrap(), "--model", model, "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let built = Project::empty();
    common::copy_dir(&dir, built.root());
    built
}

fn built(model: &str) -> Project {
    let project = init(model);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{model}: {}", run.all());
    assert!(!run.all().contains("fout"), "{model}: {}", run.all());
    project
}

/// Every file under `dir` with its text.
fn texts(project: &Project, dir: &str) -> Vec<(String, String)> {
    project
        .snapshot(dir)
        .into_iter()
        .filter(|(name, _)| !name.ends_with(".pdf"))
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[test]
fn every_model_builds_and_checks_without_errors() {
    for model in ["werkpro", "gemeente", "zorg"] {
        let project = built(model);
        let run = project.run(&["check", TODAY, "--format", "json"]);
        assert_eq!(run.code, 0, "{model}: {}", run.all());
        let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(
            findings
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["severity"] != "error"),
            "{model}: {findings:#}"
        );
        assert!(project.path("output/site/index.html").is_file(), "{model}");
        assert!(
            project.path("output/reports/index.html").is_file(),
            "{model}"
        );
        assert!(project.path("README.md").is_file(), "{model}");
    }
}

#[test]
fn werkpro_is_the_default_and_the_example_project() {
    let project = Project::empty();
    let dir = project.path("p");
    let run = run_raw(&["init", dir.to_str().unwrap(), "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    let regulation = std::fs::read_to_string(dir.join("content/klachtenreglement.md")).unwrap();
    let example =
        std::fs::read_to_string(common::repo().join("content/klachtenreglement.md")).unwrap();
    assert_eq!(regulation, example);
}

#[test]
fn the_municipal_and_care_models_say_nothing_of_werkpro() {
    for model in ["gemeente", "zorg"] {
        let project = built(model);
        for dir in ["output/site", "output/letters", "output/reports"] {
            for (file, text) in texts(&project, dir) {
                for word in [
                    "KcMD",
                    "UWV",
                    "WerkPro",
                    "manager van je werkplek",
                    "Bindende uitspraak",
                    "Manager,",
                ] {
                    assert!(
                        !text.contains(word),
                        "{model}: {dir}/{file} contains {word:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_municipality_without_opdrachtgevers_gets_one_report_series() {
    let project = built("gemeente");
    let reports = project.snapshot("output/reports");
    assert!(
        reports
            .keys()
            .all(|k| k == "index.html" || k.starts_with("gemeente-lauwerdal/")),
        "{:?}",
        reports.keys().collect::<Vec<_>>()
    );
    let csv = project.read("output/reports/gemeente-lauwerdal/2026-Q1.csv");
    assert!(csv.starts_with("indicator,categorie,waarde\n"));
    assert!(csv.contains("\ningediend,,"));
    assert!(!csv.contains("\nkcmd,"), "no commission declared");
    assert!(
        !csv.contains("\nklachtenfunctionaris,"),
        "no klachtenfunctionaris declared"
    );
    let html = project.read("output/reports/gemeente-lauwerdal/2026-Q1.html");
    assert!(
        html.contains("artikel 3.2 van het klachtenreglement"),
        "the declared article"
    );
    assert!(!html.contains("artikel 15"));
    assert!(
        !html.contains("klachtenrapportage voor"),
        "no opdrachtgever named"
    );
}

#[test]
fn letters_cite_declared_articles_routes_and_the_signers_role() {
    let project = built("gemeente");
    let uitslag = project.read("output/letters/K-2026-003/04-uitslag.html");
    assert!(
        uitslag.contains(
            "<dd>artikel 2.4 lid 1, 2.5 lid 1 en 3.3 lid 1 van het klachtenreglement</dd>"
        )
    );
    assert!(uitslag.contains("<strong>de Nationale ombudsman</strong>"));
    // 26 March 2026 + 1 year is Goede Vrijdag 2027: rolled over past Easter.
    assert!(uitslag.contains("uiterlijk op <strong>30 maart 2027</strong> (artikel 3.3 lid 1)"));
    assert!(uitslag.contains("M. Wiersma<br>Klachtcoördinator, Gemeente Lauwerdal"));
    let verdaging = project.read("output/letters/K-2026-003/02-verdaging.html");
    assert!(
        verdaging
            .contains("verlengen wij de termijn voor de afhandeling van uw klacht met 4 weken")
    );
    assert!(
        verdaging.contains("U krijgt de uitslag nu uiterlijk op <strong>30 maart 2026</strong>")
    );
    assert!(verdaging.contains("<dd>artikel 2.4 lid 2 van het klachtenreglement</dd>"));
    assert!(verdaging.contains("tot half maart afwezig"), "the reason");
    for kind in ["verzoek-reactie", "maatregelen-kcmd"] {
        assert!(
            !project
                .path(&format!("output/letters/_blank/{kind}.html"))
                .exists(),
            "{kind}: its term or body is not declared"
        );
    }
    assert!(
        project
            .path("output/letters/_blank/verdaging.html")
            .is_file()
    );
}

#[test]
fn the_public_page_speaks_as_the_regulation_declares() {
    let gemeente = built("gemeente").read("output/site/index.html");
    assert!(gemeente.contains(
        "U kunt een klacht schriftelijk, mondeling of digitaal indienen bij Gemeente Lauwerdal."
    ));
    assert!(gemeente.contains("binnen 5 werkdagen na indiening"));
    assert!(gemeente.contains("Deze termijn kan één keer met 4 weken worden verlengd"));
    assert!(gemeente.contains("<h3>De Nationale ombudsman</h3>"));
    assert!(!gemeente.contains("Klachtencommissie"));
    assert!(!gemeente.contains("Je krijgt"), "aanspreekvorm: u");
    let werkpro = built("werkpro").read("output/site/index.html");
    assert!(
        werkpro.contains("bij de manager van je werkplek"),
        "the seed's own tijdlijn"
    );
}

#[test]
fn snapshots_of_each_model_page_and_uitslag() {
    for (model, uitslag) in [
        ("gemeente", "K-2026-003/04-uitslag"),
        ("zorg", "K-2026-004/04-uitslag"),
    ] {
        let project = built(model);
        insta::assert_snapshot!(
            format!("{model}-index.html"),
            project.read("output/site/index.html")
        );
        insta::assert_snapshot!(
            format!("{model}-uitslag.html"),
            project.read(&format!("output/letters/{uitslag}.html"))
        );
    }
}

/// A declared step with a letter template of its own in `templates/letters/`
/// produces that letter, and its blank (SPEC §5).
#[test]
fn a_declared_step_with_a_template_gets_its_letter() {
    let project = init("gemeente");
    project.write(
        "templates/letters/ombudsman_ingediend.html",
        "{% extends \"letters/base.html\" %}{% block body %}<p>Op {{ stapdatum }} hebt u uw klacht aan de Nationale ombudsman voorgelegd.</p>{% endblock body %}",
    );
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let letters = project.snapshot("output/letters/K-2025-011");
    let name = letters
        .keys()
        .find(|k| k.ends_with("-ombudsman_ingediend.html"))
        .unwrap_or_else(|| panic!("no letter: {:?}", letters.keys().collect::<Vec<_>>()));
    let html = project.read(&format!("output/letters/K-2025-011/{name}"));
    assert!(
        html.contains("aan de Nationale ombudsman voorgelegd"),
        "{html}"
    );
    assert!(
        html.contains("<dd>artikel 3.3 van het klachtenreglement</dd>"),
        "{html}"
    );
    assert!(
        !letters
            .keys()
            .any(|k| k.ends_with("-ombudsman_ingediend.md")),
        "no Markdown template, no Markdown letter"
    );
    assert!(
        project
            .path("output/letters/_blank/ombudsman_ingediend.html")
            .is_file()
    );
    // Without the template there is no such letter.
    let plain = built("gemeente");
    assert!(
        !plain
            .snapshot("output/letters/K-2025-011")
            .keys()
            .any(|k| k.contains("ombudsman"))
    );
}

/// The reports count by the regulation's own value lists (`waarden:`).
#[test]
fn reports_count_the_regulations_own_values() {
    let project = init("gemeente");
    let file = "content/klachtenreglement.md";
    let regulation = project.read(file).replace(
        "  bij: [klachtcoordinator, afdeling]\n",
        "  bij: [klachtcoordinator, afdeling]\n  wijzen: [schriftelijk, mondeling, digitaal, telefonisch]\n",
    );
    project.write(file, &regulation);
    let case = "data/cases/K-2026-003.yaml";
    let text = project
        .read(case)
        .replace("wijze: schriftelijk", "wijze: telefonisch");
    project.write(case, &text);
    let run = project.run(&["build", TODAY]);
    assert_eq!(run.code, 0, "{}", run.all());
    let csv = project.read("output/reports/gemeente-lauwerdal/2026-Q1.csv");
    assert!(csv.contains("\nwijze,telefonisch,"), "{csv}");
    let html = project.read("output/reports/gemeente-lauwerdal/2026-Q1.html");
    assert!(html.contains("Telefonisch"), "{html}");
}

/// The gemeente and zorg models keep their register in Excel: the workbook
/// they ship reads exactly as the CSV it was made from
/// (`cargo run --example workbook`).
#[test]
fn the_municipal_and_care_registers_are_workbooks_that_read_as_their_source() {
    for model in ["gemeente", "zorg"] {
        let workbook = built(model);
        assert!(workbook.path("data/register.xlsx").exists(), "{model}");
        assert!(!workbook.path("data/register.csv").exists(), "{model}");
        let csv = init(model);
        std::fs::remove_file(csv.path("data/register.xlsx")).unwrap();
        std::fs::copy(
            common::repo().join(format!("examples/registers/{model}.csv")),
            csv.path("data/register.csv"),
        )
        .unwrap();
        assert_eq!(csv.run(&["build", "-q", TODAY]).code, 0, "{model}");
        assert_eq!(
            workbook.snapshot("output/reports"),
            csv.snapshot("output/reports"),
            "{model}"
        );
        let check = workbook.run(&["check", TODAY]);
        assert!(
            check.stdout.contains("--> data/register.xlsx [Klachten] A"),
            "{model}: {}",
            check.stdout
        );
    }
}
