//! `data/cases/*.yaml`: one complaint case per file (SPEC §3.1), read into a
//! `Case` with the line of every value. Parses text it is given.

use super::fields::{Fields, unknown_value};
use crate::diagnostic::{Finding, Place};
use crate::model::{At, Case, Complainant, Measure, Origin, Regulation, Reporting, Step, StepKind};
use crate::procedure::Procedure;
use crate::yaml::{self, Node, Value};
use std::sync::LazyLock;

/// What case records may say, from the regulation (SPEC §2.2, §3.1): its
/// categories, value lists and steps; the defaults without a regulation.
#[derive(Clone, Copy)]
pub struct Vocabulary<'a> {
    pub reporting: Option<&'a Reporting>,
    pub procedure: &'a Procedure,
}

static DEFAULT_PROCEDURE: LazyLock<Procedure> = LazyLock::new(Procedure::default);

impl<'a> Vocabulary<'a> {
    pub fn of(regulation: Option<&'a Regulation>) -> Vocabulary<'a> {
        Vocabulary {
            reporting: regulation.map(|r| &r.reporting),
            procedure: regulation.map_or(&*DEFAULT_PROCEDURE, |r| &r.procedure),
        }
    }

    /// Changes when anything a case is checked against at load changes.
    pub fn key(&self) -> String {
        format!("{:?}|{:?}", self.reporting, self.procedure)
    }
}

const CASE_KEYS: [&str; 11] = [
    "id",
    "indiener",
    "traject",
    "werkplek",
    "betreft",
    "onderwerp",
    "omschrijving",
    "gebeurtenis",
    "ingediend",
    "behandelaar",
    "verloop",
];

/// Reads one case file. Returns the case when it has no `schema` error.
pub fn parse_case(
    text: &str,
    file: &str,
    vocabulary: &Vocabulary,
    findings: &mut Vec<Finding>,
) -> Option<Case> {
    let node = match yaml::parse(text, 1) {
        Ok(node) => node,
        Err(err) => {
            let id = text
                .lines()
                .find_map(|l| l.strip_prefix("id:"))
                .map(|v| v.trim().trim_matches(['"', '\'']))
                .filter(|v| super::is_safe_name(v));
            findings.push(
                Finding::schema(
                    &Place::new(file, err.line),
                    format!("dit dossier is geen geldige YAML: {}", err.detail),
                )
                .for_case(id),
            );
            return None;
        }
    };
    let mut own = Vec::new();
    let case = read_case(&node, file, vocabulary, &mut own);
    let id = case
        .as_ref()
        .map(|c| c.id.value.clone())
        .or_else(|| id_of(&node));
    let failed = !own.is_empty();
    findings.extend(own.into_iter().map(|f| f.for_case(id.as_deref())));
    if failed { None } else { case }
}

/// The id, if it can be read at all, so even a broken case's findings name it.
fn id_of(node: &Node) -> Option<String> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries
        .iter()
        .find(|(k, _)| k.name == "id")
        .and_then(|(_, v)| match &v.value {
            Value::Str(s) if super::is_safe_name(s) => Some(s.clone()),
            _ => None,
        })
}

fn at<T>(value: Option<T>, line: usize) -> Option<At<T>> {
    value.map(|v| At::new(v, line))
}

fn read_case(
    node: &Node,
    file: &str,
    vocabulary: &Vocabulary,
    findings: &mut Vec<Finding>,
) -> Option<Case> {
    let values = &vocabulary.procedure.values;
    let f = Fields::open(node, file, "", findings)?;
    f.deny_unknown(&CASE_KEYS, findings);
    let line = |key: &str| f.get(key).map_or(f.key_line(key), |n| n.line);

    let id = f.required_text("id", findings);
    if let Some(id) = &id
        && !super::is_safe_name(id)
    {
        findings.push(Finding::schema(
            &f.place().at(line("id")),
            format!("`id` \"{id}\" mag alleen letters, cijfers, `.`, `_` en `-` bevatten (het wordt een mapnaam voor de brieven)"),
        ));
    }

    let mut indiener = Complainant::default();
    if let Some(g) = f.group("indiener", findings) {
        g.deny_unknown(&["naam", "rol", "adres", "email"], findings);
        let l = |k: &str| g.get(k).map_or(g.key_line(k), |n| n.line);
        indiener = Complainant {
            naam: at(g.text("naam", findings), l("naam")),
            rol: at(g.text("rol", findings), l("rol")),
            adres: at(g.text("adres", findings), l("adres")),
            email: at(g.text("email", findings), l("email")),
        };
    }

    let (mut traject_soort, mut opdrachtgever) = (None, None);
    if let Some(g) = f.group("traject", findings) {
        g.deny_unknown(&["soort", "opdrachtgever"], findings);
        let l = |k: &str| g.get(k).map_or(g.key_line(k), |n| n.line);
        traject_soort = at(g.text("soort", findings), l("soort"));
        opdrachtgever = at(g.text("opdrachtgever", findings), l("opdrachtgever"));
    }

    let (mut betreft_naam, mut betreft_soort) = (None, None);
    if let Some(g) = f.group("betreft", findings) {
        g.deny_unknown(&["naam", "soort"], findings);
        let l = |k: &str| g.get(k).map_or(g.key_line(k), |n| n.line);
        betreft_naam = at(g.text("naam", findings), l("naam"));
        betreft_soort = at(g.text("soort", findings), l("soort"));
    }

    let onderwerp = match vocabulary.reporting.filter(|r| !r.onderwerpen.is_empty()) {
        Some(r) => {
            let allowed: Vec<&str> = r.onderwerpen.iter().map(String::as_str).collect();
            f.choice("onderwerp", &allowed, findings)
        }
        None => f.text("onderwerp", findings),
    };

    let mut ingediend = None;
    let mut wijze = None;
    let mut bij = At::new(values.default_bij().to_string(), line("ingediend"));
    match f.group("ingediend", findings) {
        Some(g) => {
            g.deny_unknown(&["datum", "wijze", "bij"], findings);
            let l = |k: &str| g.get(k).map_or(g.key_line(k), |n| n.line);
            ingediend = at(g.required_date("datum", findings), l("datum"));
            wijze = at(g.choice("wijze", &values.wijzen, findings), l("wijze"));
            if let Some(value) = g.choice("bij", &values.bij, findings) {
                bij = At::new(value, l("bij"));
            }
        }
        None if f.get("ingediend").is_none() => findings.push(Finding::schema(
            f.place(),
            "verplicht veld `ingediend.datum` ontbreekt: wanneer is de klacht ingediend?",
        )),
        None => {}
    }

    let (mut behandelaar_naam, mut behandelaar_betrokken) = (None, None);
    let mut behandelaar_functie = None;
    if let Some(g) = f.group("behandelaar", findings) {
        g.deny_unknown(&["naam", "betrokken", "functie"], findings);
        let l = |k: &str| g.get(k).map_or(g.key_line(k), |n| n.line);
        behandelaar_naam = at(g.text("naam", findings), l("naam"));
        behandelaar_betrokken = at(g.bool("betrokken", findings), l("betrokken"));
        behandelaar_functie = at(g.text("functie", findings), l("functie"));
    }

    let mut steps = Vec::new();
    if let Some(items) = f.list("verloop", findings) {
        for (index, item) in items.iter().enumerate() {
            if let Some(step) = read_step(item, file, index, vocabulary, findings) {
                steps.push(step);
            }
        }
    }

    Some(Case {
        id: At::new(id?, line("id")),
        origin: Origin::CaseFile,
        file: file.to_string(),
        indiener,
        traject_soort,
        opdrachtgever,
        werkplek: at(f.text("werkplek", findings), line("werkplek")),
        betreft_naam,
        betreft_soort,
        onderwerp: at(onderwerp, line("onderwerp")),
        omschrijving: at(f.text("omschrijving", findings), line("omschrijving")),
        gebeurtenis: at(f.date("gebeurtenis", findings), line("gebeurtenis")),
        ingediend: ingediend?,
        wijze,
        bij,
        behandelaar_naam,
        behandelaar_betrokken,
        behandelaar_functie,
        steps,
    })
}

/// The keys each step kind may have besides `datum` and `stap`.
fn step_keys<'p>(stap: &str, procedure: &'p Procedure) -> Vec<&'p str> {
    let fixed: &[&str] = match stap {
        "gesprek" => &["verslag_verzonden", "deelnemers"],
        "bevestiging" => &["afspraken"],
        "uitslag" => &["oordeel", "motivering", "maatregelen"],
        "ingetrokken" => &["bevestigd"],
        "kcmd_zitting" => &["verslag_verzonden"],
        "kcmd_uitspraak" => &["maatregelen"],
        "verdaagd" => &["termijn", "reden"],
        _ => &[],
    };
    let mut keys = fixed.to_vec();
    if let Some(step) = procedure.step(stap) {
        keys.extend(step.date_fields.iter().map(String::as_str));
    }
    keys
}

fn read_step(
    node: &Node,
    file: &str,
    index: usize,
    vocabulary: &Vocabulary,
    findings: &mut Vec<Finding>,
) -> Option<Step> {
    let procedure = vocabulary.procedure;
    let reporting = vocabulary.reporting;
    let path = format!("verloop[{}]", index + 1);
    let g = Fields::open(node, file, &path, findings)?;
    let stap = g.required_text("stap", findings)?;
    if !procedure.knows_step(&stap) {
        findings.push(Finding::schema(
            &g.place().at(g.get("stap").map_or(node.line, |n| n.line)),
            unknown_value(&g.name("stap"), &stap, &procedure.step_names()),
        ));
        return None;
    }
    let mut known = vec!["datum", "stap"];
    known.extend(step_keys(&stap, procedure));
    g.deny_unknown(&known, findings);
    let date = g.required_date("datum", findings);
    let kind = match stap.as_str() {
        "reactie_gevraagd" => StepKind::ReactieGevraagd,
        "reactie_ontvangen" => StepKind::ReactieOntvangen,
        "gesprek" => StepKind::Gesprek {
            verslag_verzonden: g.date("verslag_verzonden", findings),
            deelnemers: g.text_list("deelnemers", findings).unwrap_or_default(),
        },
        "bevestiging" => StepKind::Bevestiging {
            afspraken: g.text_list("afspraken", findings).unwrap_or_default(),
        },
        "uitslag" => StepKind::Uitslag {
            oordeel: g.choice("oordeel", &procedure.values.oordelen, findings),
            motivering: g.text("motivering", findings).filter(|m| !m.is_empty()),
            maatregelen: read_measures(&g, reporting, findings),
        },
        "ingetrokken" => StepKind::Ingetrokken {
            bevestigd: g.date("bevestigd", findings),
        },
        "klachtenfunctionaris" => StepKind::Klachtenfunctionaris,
        "kcmd_ingediend" => StepKind::KcmdIngediend,
        "kcmd_ontvankelijk" => StepKind::KcmdOntvankelijk,
        "kcmd_niet_ontvankelijk" => StepKind::KcmdNietOntvankelijk,
        "kcmd_zitting" => StepKind::KcmdZitting {
            verslag_verzonden: g.date("verslag_verzonden", findings),
        },
        "kcmd_uitspraak" => StepKind::KcmdUitspraak {
            maatregelen: read_measures(&g, reporting, findings),
        },
        "maatregelen_gemeld" => StepKind::MaatregelenGemeld,
        "uwv_arbeidsdeskundige" => StepKind::UwvArbeidsdeskundige,
        "ontvangstbevestiging" => StepKind::Ontvangstbevestiging,
        "verdaagd" => StepKind::Verdaagd {
            termijn: extended_term(&g, procedure, findings)?,
            reden: g.text("reden", findings).filter(|r| !r.is_empty()),
        },
        name => StepKind::Declared {
            name: name.to_string(),
            dates: procedure
                .step(name)
                .map(|step| {
                    step.date_fields
                        .iter()
                        .filter_map(|field| Some((field.clone(), g.date(field, findings)?)))
                        .collect()
                })
                .unwrap_or_default(),
        },
    };
    Some(Step {
        date: date?,
        line: node.line,
        kind,
    })
}

/// The term a `verdaagd` step extends (default `afhandeling`): one the
/// regulation declares with a `verlenging`.
fn extended_term(g: &Fields, procedure: &Procedure, findings: &mut Vec<Finding>) -> Option<String> {
    let name = g
        .text("termijn", findings)
        .unwrap_or_else(|| "afhandeling".to_string());
    let place = g.place().at(g
        .get("termijn")
        .map_or(g.place().line.unwrap_or(1), |n| n.line));
    let extendable: Vec<&str> = procedure
        .terms
        .iter()
        .filter(|t| t.extension.is_some())
        .map(|t| t.name.as_str())
        .collect();
    let problem = match procedure.term(&name) {
        Some(term) if term.extension.is_some() => return Some(name),
        Some(_) => format!(
            "`{}`: termijn `{name}` kan niet verdaagd worden, want het reglement geeft haar geen `verlenging`",
            g.name("termijn")
        ),
        None => format!(
            "`{}`: het reglement kent geen termijn `{name}`",
            g.name("termijn")
        ),
    };
    let hint = if extendable.is_empty() {
        " (geen enkele termijn heeft een verlenging)".to_string()
    } else {
        format!(" (te verdagen: {})", extendable.join(", "))
    };
    findings.push(Finding::schema(&place, format!("{problem}{hint}")));
    None
}

/// `maatregelen`: a list of `{ soort, omschrijving }` (or of plain categories);
/// an explicit `[]` means none.
fn read_measures(
    g: &Fields,
    reporting: Option<&Reporting>,
    findings: &mut Vec<Finding>,
) -> Option<Vec<Measure>> {
    let items = g.list("maatregelen", findings)?;
    let allowed: Vec<&str> = reporting
        .map(|r| r.maatregelen.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut measures = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let name = g.name(&format!("maatregelen[{}]", index + 1));
        let (soort, omschrijving) = match &item.value {
            Value::Str(s) => (Some(s.trim().to_string()), None),
            Value::Map(_) => {
                let Some(m) = Fields::open(item, &g.place().file, &name, findings) else {
                    continue;
                };
                m.deny_unknown(&["soort", "omschrijving"], findings);
                (
                    m.required_text("soort", findings),
                    m.text("omschrijving", findings),
                )
            }
            other => {
                findings.push(Finding::schema(
                    &g.place().at(item.line),
                    format!("`{name}` moet een groep velden zijn (`{{ soort: …, omschrijving: … }}`), maar is een {}", other.kind_nl()),
                ));
                continue;
            }
        };
        let Some(soort) = soort else { continue };
        if !allowed.is_empty() && !allowed.contains(&soort.as_str()) {
            findings.push(Finding::schema(
                &g.place().at(item.line),
                super::fields::unknown_value(&format!("{name}.soort"), &soort, &allowed),
            ));
            continue;
        }
        measures.push(Measure {
            soort,
            omschrijving,
        });
    }
    Some(measures)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "id: K-1\nindiener: { naam: A. de Vries, rol: klant }\ntraject: { soort: UWV, opdrachtgever: UWV }\nbetreft: { naam: J. Jansen, soort: medewerker }\nonderwerp: bejegening\ngebeurtenis: 2026-02-20\ningediend: { datum: 2026-03-02, wijze: schriftelijk, bij: manager }\nbehandelaar: { naam: P. Bakker, betrokken: false }\nverloop:\n  - { datum: 2026-03-03, stap: reactie_gevraagd }\n  - { datum: 2026-04-06, stap: uitslag, oordeel: gegrond, motivering: \"Omdat.\", maatregelen: [{ soort: excuses, omschrijving: Sorry }] }\n";

    fn reporting() -> Reporting {
        Reporting::for_tests(&["bejegening", "planning"], &["excuses", "gesprek"])
    }

    fn parse(text: &str) -> (Option<Case>, Vec<Finding>) {
        let mut findings = Vec::new();
        let reporting = reporting();
        let procedure = Procedure::default();
        let vocabulary = Vocabulary {
            reporting: Some(&reporting),
            procedure: &procedure,
        };
        let case = parse_case(text, "data/cases/k.yaml", &vocabulary, &mut findings);
        (case, findings)
    }

    /// Steps a regulation declares, `verdaagd` of a term with a verlenging,
    /// and a hint for a step it does not know.
    #[test]
    fn reads_the_steps_a_regulation_declares() {
        let text = "---\ntitel: T\norganisatie: O\nstappen:\n  hoorzitting: { label: Hoorzitting }\ntermijnen:\n  afhandeling: { duur: 6 weken, artikel: 1, verlenging: { duur: 4 weken, artikel: 1 } }\n  verslag_hoorzitting: { duur: 10 werkdagen, artikel: 1, van: hoorzitting, tot: hoorzitting.verslag_verzonden }\n---\n1. Tekst.\n";
        let mut findings = Vec::new();
        let reg = crate::load::regulation::parse_regulation(text, "content/k.md", &mut findings)
            .expect("reads");
        assert!(findings.is_empty(), "{findings:?}");
        let vocabulary = Vocabulary::of(Some(&reg));
        let head = "id: K-1\ningediend: { datum: 2026-03-02 }\nverloop:\n";
        let parse = |steps: &str| {
            let mut findings = Vec::new();
            let case = parse_case(
                &format!("{head}{steps}"),
                "data/cases/k.yaml",
                &vocabulary,
                &mut findings,
            );
            (case, findings)
        };
        let (case, findings) = parse(
            "  - { datum: 2026-03-03, stap: ontvangstbevestiging }\n  - { datum: 2026-03-10, stap: hoorzitting, verslag_verzonden: 2026-03-12 }\n  - { datum: 2026-04-01, stap: verdaagd, reden: Drukte }\n",
        );
        assert!(findings.is_empty(), "{findings:?}");
        let case = case.unwrap();
        assert_eq!(
            case.steps[1].kind.date_field("verslag_verzonden"),
            crate::term::parse_iso("2026-03-12")
        );
        assert_eq!(
            case.steps[2].kind,
            StepKind::Verdaagd {
                termijn: "afhandeling".into(),
                reden: Some("Drukte".into())
            }
        );
        for (steps, line, needle) in [
            (
                "  - { datum: 2026-03-10, stap: hoorzittng }\n",
                4,
                "bedoelde u `hoorzitting`?",
            ),
            (
                "  - { datum: 2026-03-10, stap: verdaagd, termijn: ontvangst }\n",
                4,
                "het reglement kent geen termijn `ontvangst` (te verdagen: afhandeling)",
            ),
            (
                "  - { datum: 2026-03-10, stap: verdaagd, termijn: verslag_hoorzitting }\n",
                4,
                "geen `verlenging`",
            ),
            (
                "  - { datum: 2026-03-10, stap: hoorzitting, deelnemers: [A] }\n",
                4,
                "onbekend veld `verloop[1].deelnemers`",
            ),
        ] {
            let (case, findings) = parse(steps);
            assert!(case.is_none(), "{steps}");
            assert!(
                findings
                    .iter()
                    .any(|f| f.line == Some(line) && f.message.contains(needle)),
                "{needle}: {findings:?}"
            );
        }
    }

    #[test]
    fn reads_a_full_case() {
        let (case, findings) = parse(GOOD);
        assert!(findings.is_empty(), "{findings:?}");
        let case = case.unwrap();
        assert_eq!(case.id.value, "K-1");
        assert_eq!(case.steps.len(), 2);
        assert_eq!(case.steps[1].line, 11);
        assert_eq!(case.oordeel(), Some("gegrond"));
        assert!(
            case.traject_soort
                .as_ref()
                .is_some_and(|s| s.value == "UWV")
                && case.internal()
        );
        assert!(!case.behandelaar_betrokken.as_ref().unwrap().value);
    }

    #[test]
    fn bad_input_names_line_and_field() {
        let cases = [
            (
                GOOD.replace("ingediend: {", "ingedient: {"),
                7,
                "bedoelde u `ingediend`?",
            ),
            (GOOD.replace("2026-03-02", "2026-02-30"), 7, "bestaat niet"),
            (
                GOOD.replace("betrokken: false", "betrokken: misschien"),
                8,
                "`behandelaar.betrokken` moet true of false",
            ),
            (
                GOOD.replace("wijze: schriftelijk", "wijze: per_duif"),
                7,
                "Toegestaan: schriftelijk, mondeling, digitaal",
            ),
            (
                GOOD.replace("stap: reactie_gevraagd", "stap: reactie_gevraag"),
                10,
                "bedoelde u `reactie_gevraagd`?",
            ),
            (
                GOOD.replace("onderwerp: bejegening", "onderwerp: eten"),
                5,
                "Toegestaan: bejegening, planning",
            ),
            (
                GOOD.replace("soort: excuses", "soort: taart"),
                11,
                "maatregelen[1].soort",
            ),
            (
                GOOD.replace("id: K-1", "id: K 1/2"),
                1,
                "mag alleen letters",
            ),
            (
                GOOD.replace("oordeel: gegrond", "oordeel: terecht"),
                11,
                "gegrond, deels_gegrond",
            ),
        ];
        for (text, line, needle) in cases {
            let (case, findings) = parse(&text);
            assert!(case.is_none(), "{needle}");
            assert!(
                findings.iter().any(|f| f.line == Some(line)
                    && f.message.contains(needle)
                    && f.rule == "schema"),
                "{needle}: {findings:?}"
            );
        }
    }

    #[test]
    fn role_and_subject_kind_are_left_to_their_rules() {
        let text = GOOD
            .replace("rol: klant", "rol: buurman")
            .replace("soort: medewerker", "soort: vrijwilliger");
        let (case, findings) = parse(&text);
        assert!(findings.is_empty(), "{findings:?}");
        let case = case.unwrap();
        assert_eq!(case.rol(), "buurman");
    }

    #[test]
    fn missing_required_fields_and_syntax_errors() {
        let (_, findings) = parse("indiener: { naam: X }\n");
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("`id` ontbreekt")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`ingediend.datum` ontbreekt")),
            "{messages:?}"
        );
        let (_, findings) = parse("id: K-1\ningediend: { datum: 2026-03-02\n");
        assert!(findings[0].message.contains("geen geldige YAML"));
        assert!(findings[0].line.is_some());
        assert_eq!(findings[0].case.as_deref(), Some("K-1"));
    }

    #[test]
    fn empty_measures_mean_none() {
        let text = GOOD.replace(
            "maatregelen: [{ soort: excuses, omschrijving: Sorry }]",
            "maatregelen: []",
        );
        let case = parse(&text).0.unwrap();
        let StepKind::Uitslag { maatregelen, .. } = &case.steps[1].kind else {
            panic!()
        };
        assert_eq!(maatregelen.as_deref(), Some(&[][..]));
    }
}
