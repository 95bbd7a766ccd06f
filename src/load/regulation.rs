//! `content/*.md`: the regulation (front matter of SPEC §2) and extra pages.
//! Parses text it is given; `load::load` reads the files.

use super::fields::{Fields, date_problem, unknown_value};
use crate::calendar::Calendar;
use crate::diagnostic::{Finding, Place, did_you_mean};
use crate::model::{Address, Contact, Contacts, Page, Regulation, Reporting, TimelineEntry};
use crate::procedure::{
    BUILT_IN_STEP_DATES, BUILT_IN_STEPS, DeclaredStep, Extension, Gravity, KNOWN_TERMS, Moment,
    Procedure, RULES, RuleSetting, Rules, Term, Terms, Values,
};
use crate::term::parse_iso;
use crate::yaml::{self, Value};
use std::sync::Arc;

/// Splits `---` front matter from the body. Returns (front matter, its first
/// line, body, the body's first line).
pub fn split_front_matter<'t>(
    text: &'t str,
    file: &str,
) -> Result<(&'t str, usize, &'t str, usize), Finding> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let place = Place::new(file, Some(1));
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(Finding::schema(
            &place,
            "het bestand moet beginnen met voorwerk (front matter) tussen twee regels `---`",
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.lines().count() + 1;
            return Ok((front, 2, body, body_line));
        }
        offset += line.len();
    }
    Err(Finding::schema(
        &place,
        "het voorwerk (front matter) wordt niet afgesloten: voeg een regel `---` toe na de laatste instelling",
    ))
}

fn parse_front(
    front: &str,
    first_line: usize,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Option<yaml::Node> {
    match yaml::parse(front, first_line) {
        Ok(node) => Some(node),
        Err(err) => {
            findings.push(Finding::schema(
                &Place::new(file, err.line),
                format!("het voorwerk is geen geldige YAML: {}", err.detail),
            ));
            None
        }
    }
}

/// Reads the regulation from its text; every problem becomes a finding.
pub fn parse_regulation(text: &str, file: &str, findings: &mut Vec<Finding>) -> Option<Regulation> {
    let (front, front_line, body, body_line) = match split_front_matter(text, file) {
        Ok(parts) => parts,
        Err(finding) => {
            findings.push(finding);
            return None;
        }
    };
    let node = parse_front(front, front_line, file, findings)?;
    let before = findings.len();
    let fields = Fields::open(&node, file, "", findings)?;
    fields.deny_unknown(
        &[
            "titel",
            "organisatie",
            "versie",
            "geldig_vanaf",
            "website",
            "plaats",
            "termijnen",
            "regels",
            "stappen",
            "waarden",
            "sluitingsdagen",
            "algemene_termijnenwet",
            "contact",
            "rapportage",
            "aanspreekvorm",
            "behandelaar",
            "tijdlijn",
        ],
        findings,
    );
    let titel = fields.required_text("titel", findings);
    let organisatie = fields.required_text("organisatie", findings);
    let versie = fields.text("versie", findings);
    let geldig_vanaf = fields.date("geldig_vanaf", findings);
    let website = fields.text("website", findings);
    let plaats = fields.text("plaats", findings);
    let procedure = read_procedure(&fields, findings);
    let contact = read_contacts(&fields, &procedure.terms, findings);
    let address = match fields
        .choice("aanspreekvorm", &["je", "u"], findings)
        .as_deref()
    {
        Some("je") => Address::Je,
        _ => Address::U,
    };
    let functie = fields.group("behandelaar", findings).and_then(|g| {
        g.deny_unknown(&["functie"], findings);
        g.text("functie", findings)
    });
    let timeline = read_timeline(&fields, &procedure.terms, findings);
    let reporting = read_reporting(&fields, findings);
    let mut procedure = procedure;
    procedure.per_opdrachtgever = reporting.as_ref().is_none_or(|r| r.per_opdrachtgever);
    let reporting = reporting.map(|mut r| {
        r.wijzen = procedure.values.wijzen.clone();
        r.oordelen = procedure.values.oordelen.clone();
        r
    });
    if findings.len() > before {
        return None;
    }
    let text = crate::markdown::render(body, body_line).text;
    Some(Regulation {
        file: file.to_string(),
        titel: titel?,
        organisatie: organisatie?,
        versie,
        geldig_vanaf,
        website,
        plaats,
        procedure,
        address,
        functie,
        timeline,
        contact,
        reporting: reporting?,
        body: body.to_string(),
        body_line,
        text,
    })
}

/// The procedure of SPEC §2.2: calendar, steps, terms, rules and values.
fn read_procedure(fields: &Fields, findings: &mut Vec<Finding>) -> Procedure {
    let closures = fields
        .list("sluitingsdagen", findings)
        .unwrap_or_default()
        .iter()
        .filter_map(|node| match &node.value {
            Value::Str(text) => match parse_iso(text) {
                Some(date) => Some(date),
                None => {
                    findings.push(Finding::schema(
                        &fields.place().at(node.line),
                        date_problem("sluitingsdagen", text),
                    ));
                    None
                }
            },
            other => {
                findings.push(Finding::schema(
                    &fields.place().at(node.line),
                    format!(
                        "`sluitingsdagen` moet een lijst met datums (JJJJ-MM-DD) zijn, maar bevat een {}",
                        other.kind_nl()
                    ),
                ));
                None
            }
        })
        .collect();
    let roll_over = fields
        .bool("algemene_termijnenwet", findings)
        .unwrap_or(false);
    let calendar = Arc::new(Calendar::new(closures, roll_over));
    let mut steps = read_steps(fields, findings);
    let terms = read_terms(fields, &calendar, &mut steps, findings);
    let rules = read_rules(fields, &terms, findings);
    let values = read_values(fields, findings);
    Procedure {
        terms,
        calendar,
        steps,
        rules,
        values,
        per_opdrachtgever: true,
    }
}

/// A name that can stand in a rule id and a file name: `a-z`, `0-9`, `_`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn read_steps(fields: &Fields, findings: &mut Vec<Finding>) -> Vec<DeclaredStep> {
    let Some(group) = fields.group("stappen", findings) else {
        return Vec::new();
    };
    let mut steps = Vec::new();
    for (name, line) in group.keys() {
        let place = group.place().at(line);
        if BUILT_IN_STEPS.contains(&name) {
            findings.push(Finding::schema(
                &place,
                format!("stap `{name}` bestaat al; een eigen stap heeft een andere naam"),
            ));
            continue;
        }
        if !is_plain_name(name) {
            findings.push(Finding::schema(
                &place,
                format!(
                    "`{}`: een stapnaam bestaat uit kleine letters, cijfers en `_`, zoals `hoorzitting`",
                    group.name(name)
                ),
            ));
            continue;
        }
        let Some(step) = group.group(name, findings) else {
            continue;
        };
        step.deny_unknown(&["label", "artikel"], findings);
        steps.push(DeclaredStep {
            name: name.to_string(),
            label: step.text("label", findings),
            article: step.article_ref("artikel", findings),
            line,
            date_fields: vec!["verslag_verzonden".to_string()],
        });
    }
    steps
}

/// Reads `van`/`tot`: `gebeurtenis`, `ingediend`, a step, or `<step>.<datum>`.
/// A date field of a declared step becomes one a case may give it.
fn read_moment(
    term: &Fields,
    key: &str,
    steps: &mut [DeclaredStep],
    findings: &mut Vec<Finding>,
) -> Option<Moment> {
    let text = term.text(key, findings)?;
    let place = term.place().at(term.key_line(key));
    let mut known: Vec<String> = vec!["gebeurtenis".into(), "ingediend".into()];
    known.extend(BUILT_IN_STEPS.iter().map(|s| s.to_string()));
    known.extend(steps.iter().map(|s| s.name.clone()));
    known.extend(
        BUILT_IN_STEP_DATES
            .iter()
            .map(|(step, field)| format!("{step}.{field}")),
    );
    let moment = match text.split_once('.') {
        None if text == "gebeurtenis" => Some(Moment::Event),
        None if text == "ingediend" => Some(Moment::Filed),
        None if BUILT_IN_STEPS.contains(&text.as_str()) => Some(Moment::Step(text.clone())),
        None if steps.iter().any(|s| s.name == text) => Some(Moment::Step(text.clone())),
        Some((step, field)) if BUILT_IN_STEP_DATES.contains(&(step, field)) => {
            Some(Moment::StepDate(step.to_string(), field.to_string()))
        }
        Some((step, field)) if is_plain_name(field) => {
            match steps.iter_mut().find(|s| s.name == step) {
                Some(declared) => {
                    if !declared.date_fields.iter().any(|f| f == field) {
                        declared.date_fields.push(field.to_string());
                    }
                    Some(Moment::StepDate(step.to_string(), field.to_string()))
                }
                None => None,
            }
        }
        _ => None,
    };
    if moment.is_none() {
        let refs: Vec<&str> = known.iter().map(String::as_str).collect();
        let hint = did_you_mean(&text, &refs)
            .map(|k| format!(" — bedoelde u `{k}`?"))
            .unwrap_or_default();
        findings.push(Finding::schema(
            &place,
            format!(
                "`{}`: onbekend moment \"{text}\"{hint} Een termijn loopt van en tot `gebeurtenis`, `ingediend`, een stap (zoals `reactie_gevraagd` of een stap uit `stappen:`) of een datum van een stap (`gesprek.verslag_verzonden`)",
                term.name(key)
            ),
        ));
    }
    moment
}

fn read_terms(
    fields: &Fields,
    calendar: &Arc<Calendar>,
    steps: &mut [DeclaredStep],
    findings: &mut Vec<Finding>,
) -> Terms {
    let Some(group) = fields.group("termijnen", findings) else {
        return Terms::default();
    };
    let mut terms = Vec::new();
    for (name, line) in group.keys() {
        if !is_plain_name(name) {
            findings.push(Finding::schema(
                &group.place().at(line),
                format!(
                    "`{}`: een termijnnaam bestaat uit kleine letters, cijfers en `_`, zoals `reactie_beklaagde`",
                    group.name(name)
                ),
            ));
            continue;
        }
        let Some(term) = group.group(name, findings) else {
            continue;
        };
        let known = KNOWN_TERMS.iter().any(|(k, _)| *k == name);
        let mut allowed = vec!["duur", "artikel", "verlenging", "label", "ernst", "als"];
        if name == "ontvankelijkheid" {
            allowed.push("inclusief");
        }
        if !known {
            allowed.extend(["van", "tot"]);
        }
        let unknown_before = findings.len();
        term.deny_unknown(&allowed, findings);
        if known {
            for (key, key_line) in term.keys() {
                if matches!(key, "van" | "tot") {
                    findings.truncate(unknown_before);
                    findings.push(Finding::schema(
                        &term.place().at(key_line),
                        format!(
                            "`{}`: termijn `{name}` heeft een vaste betekenis en loopt altijd {}; laat `{key}` weg, of geef de termijn een eigen naam",
                            term.name(key),
                            known_span(name)
                        ),
                    ));
                }
            }
        }
        let duration = term.duration("duur", findings);
        let article = term.article_ref("artikel", findings);
        if term.get("artikel").is_none() {
            findings.push(Finding::schema(
                term.place(),
                format!(
                    "verplicht veld `{}` ontbreekt: bij welk artikel hoort deze termijn?",
                    term.name("artikel")
                ),
            ));
        }
        let (from, to) = if known {
            (None, None)
        } else {
            for key in ["van", "tot"] {
                if term.get(key).is_none() {
                    findings.push(Finding::schema(
                        term.place(),
                        format!(
                            "verplicht veld `{}` ontbreekt: een eigen termijn zegt waarvan en waartoe hij loopt, bijvoorbeeld `van: reactie_gevraagd, tot: reactie_ontvangen`",
                            term.name(key)
                        ),
                    ));
                }
            }
            (
                read_moment(&term, "van", steps, findings),
                read_moment(&term, "tot", steps, findings),
            )
        };
        let extension = term.group("verlenging", findings).and_then(|ext| {
            ext.deny_unknown(&["duur", "artikel"], findings);
            let duration = ext.duration("duur", findings);
            let article = ext.article_ref("artikel", findings).or_else(|| {
                findings.push(Finding::schema(
                    ext.place(),
                    format!("verplicht veld `{}` ontbreekt", ext.name("artikel")),
                ));
                None
            });
            Some(Extension {
                duration: duration?,
                article: article?,
            })
        });
        let gravity = match term
            .choice("ernst", &["overtreding", "waarschuwing"], findings)
            .as_deref()
        {
            Some("waarschuwing") => Gravity::Other,
            _ => Gravity::Duty,
        };
        let only_with = term.text("als", findings).filter(|step| {
            let ok =
                BUILT_IN_STEPS.contains(&step.as_str()) || steps.iter().any(|s| s.name == *step);
            if !ok {
                let mut names: Vec<&str> = BUILT_IN_STEPS.to_vec();
                names.extend(steps.iter().map(|s| s.name.as_str()));
                findings.push(Finding::schema(
                    &term.place().at(term.key_line("als")),
                    unknown_value(&term.name("als"), step, &names),
                ));
            }
            ok
        });
        let (Some(duration), Some(article)) = (duration, article) else {
            continue;
        };
        terms.push(Term {
            name: name.to_string(),
            duration,
            article,
            line,
            from,
            to,
            extension,
            gravity,
            inclusive: term.bool("inclusief", findings).unwrap_or(false),
            only_with,
            label: term.text("label", findings),
            calendar: Arc::clone(calendar),
            remembered: Default::default(),
        });
    }
    Terms::new(terms)
}

/// What a term with a built-in meaning runs from and to, in words.
fn known_span(name: &str) -> &'static str {
    match name {
        "ontvankelijkheid" => "van de gebeurtenis tot de indiening",
        "reactie_medewerker" => "van `reactie_gevraagd` tot `reactie_ontvangen`",
        "afhandeling" => "van de indiening tot de uitslag of intrekking",
        "ontvangstbevestiging" => "van de indiening tot de stap `ontvangstbevestiging`",
        "verslag" => "van elk gesprek tot het verzenden van het verslag",
        "kcmd_na_intern" => "van de interne afhandeling tot `kcmd_ingediend`",
        "kcmd_rechtstreeks" => "van de gebeurtenis tot `kcmd_ingediend`",
        "kcmd_uitspraak" => "van `kcmd_ingediend` tot `kcmd_uitspraak`",
        _ => "van `kcmd_uitspraak` tot `maatregelen_gemeld`",
    }
}

fn read_rules(fields: &Fields, terms: &Terms, findings: &mut Vec<Finding>) -> Rules {
    let Some(group) = fields.group("regels", findings) else {
        return Rules::default();
    };
    let declared: Vec<String> = terms
        .declared()
        .map(|t| format!("term-{}", t.name))
        .collect();
    let mut known: Vec<&str> = RULES.to_vec();
    known.extend(declared.iter().map(String::as_str));
    let mut rules = Vec::new();
    for (rule, line) in group.keys() {
        let place = group.place().at(line);
        if !known.contains(&rule) {
            let hint = did_you_mean(rule, &known)
                .map(|k| format!(" — bedoelde u `{k}`?"))
                .unwrap_or_else(|| format!(" (regels: {})", known.join(", ")));
            findings.push(Finding::schema(
                &place,
                format!("onbekende regel `{}`{hint}", group.name(rule)),
            ));
            continue;
        }
        let Some(node) = group.get(rule) else {
            continue;
        };
        let setting = match &node.value {
            Value::Str(word) if word == "uit" => Some(RuleSetting::Off),
            Value::Bool(false) => Some(RuleSetting::Off),
            Value::Map(_) => group.group(rule, findings).and_then(|g| {
                g.deny_unknown(&["artikel"], findings);
                g.article_refs("artikel", findings).map(RuleSetting::Cites)
            }),
            _ => {
                findings.push(Finding::schema(
                    &place,
                    format!(
                        "`{}` moet `uit` zijn of een artikel noemen, zoals `{{ artikel: \"3.4 lid 1\" }}`",
                        group.name(rule)
                    ),
                ));
                None
            }
        };
        if let Some(setting) = setting {
            rules.push((rule.to_string(), setting, line));
        }
    }
    Rules::new(rules)
}

fn read_values(fields: &Fields, findings: &mut Vec<Finding>) -> Values {
    let mut values = Values::default();
    let Some(group) = fields.group("waarden", findings) else {
        return values;
    };
    group.deny_unknown(&["rollen", "wijzen", "bij", "oordelen"], findings);
    for (key, list) in [
        ("rollen", &mut values.rollen),
        ("wijzen", &mut values.wijzen),
        ("bij", &mut values.bij),
        ("oordelen", &mut values.oordelen),
    ] {
        if let Some(given) = group.text_list(key, findings) {
            if given.is_empty() {
                findings.push(Finding::schema(
                    &group.place().at(group.key_line(key)),
                    format!("`{}` is leeg: noem minstens één waarde", group.name(key)),
                ));
                continue;
            }
            *list = given;
        }
    }
    values
}

fn read_contacts(fields: &Fields, terms: &Terms, findings: &mut Vec<Finding>) -> Contacts {
    let Some(group) = fields.group("contact", findings) else {
        return Contacts::default();
    };
    let mut list = Vec::new();
    for (key, line) in group.keys() {
        let Some(card) = group.group(key, findings) else {
            continue;
        };
        card.deny_unknown(
            &[
                "naam",
                "titel",
                "afkorting",
                "t_a_v",
                "adres",
                "email",
                "telefoon",
                "website",
                "kenmerk",
                "artikel",
                "termijn",
                "route",
                "als",
            ],
            findings,
        );
        let termijn = card.text("termijn", findings).filter(|name| {
            let known = terms.get(name).is_some();
            if !known {
                let names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
                findings.push(Finding::schema(
                    &card.place().at(card.key_line("termijn")),
                    if names.is_empty() {
                        format!(
                            "`{}`: het reglement declareert geen termijnen, dus ook geen `{name}`",
                            card.name("termijn")
                        )
                    } else {
                        unknown_value(&card.name("termijn"), name, &names)
                    },
                ));
            }
            known
        });
        let als_traject = card.group("als", findings).and_then(|als| {
            als.deny_unknown(&["traject"], findings);
            als.required_text("traject", findings)
        });
        let known_route = matches!(key, "klachtenfunctionaris" | "klachtencommissie");
        let Some(naam) = card.required_text("naam", findings) else {
            continue;
        };
        let titel = card.text("titel", findings).unwrap_or_else(|| match key {
            "klachtenfunctionaris" => "Klachtenfunctionaris".to_string(),
            "klachtencommissie" => "Klachtencommissie".to_string(),
            _ => capitalised(&naam),
        });
        list.push(Contact {
            key: key.to_string(),
            titel,
            afkorting: card.text("afkorting", findings),
            t_a_v: card.text("t_a_v", findings),
            adres: card.text("adres", findings),
            email: card.text("email", findings),
            telefoon: card.text("telefoon", findings),
            website: card.text("website", findings),
            kenmerk: card.text("kenmerk", findings),
            artikel: card.article_ref("artikel", findings),
            termijn,
            route: card.bool("route", findings).unwrap_or(known_route),
            als_traject,
            line,
            naam,
        });
    }
    Contacts::new(list)
}

/// `tijdlijn:`: the steps of "de procedure in het kort" as the regulation
/// writes them, each `{ titel, tekst, termijn: <term>, artikel }`.
fn read_timeline(
    fields: &Fields,
    terms: &Terms,
    findings: &mut Vec<Finding>,
) -> Option<Vec<TimelineEntry>> {
    let items = fields.list("tijdlijn", findings)?;
    let mut entries = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("tijdlijn[{}]", index + 1);
        let Some(step) = Fields::open(item, &fields.place().file, &path, findings) else {
            continue;
        };
        step.deny_unknown(&["titel", "tekst", "termijn", "artikel"], findings);
        let termijn = step.text("termijn", findings).filter(|name| {
            let known = terms.get(name).is_some();
            if !known {
                let names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
                findings.push(Finding::schema(
                    &step.place().at(step.key_line("termijn")),
                    unknown_value(&step.name("termijn"), name, &names),
                ));
            }
            known
        });
        let Some(titel) = step.required_text("titel", findings) else {
            continue;
        };
        entries.push(TimelineEntry {
            titel,
            tekst: step.text("tekst", findings),
            termijn,
            artikel: step.article_refs("artikel", findings).unwrap_or_default(),
        });
    }
    Some(entries)
}

/// "de Nationale ombudsman" → "De Nationale ombudsman".
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn read_reporting(fields: &Fields, findings: &mut Vec<Finding>) -> Option<Reporting> {
    let Some(group) = fields.group("rapportage", findings) else {
        return Some(Reporting {
            per_opdrachtgever: true,
            artikel: None,
            minimum_aantal: 5,
            onderwerpen: Vec::new(),
            maatregelen: Vec::new(),
            wijzen: Vec::new(),
            oordelen: Vec::new(),
            blad: None,
        });
    };
    group.deny_unknown(
        &[
            "per_opdrachtgever",
            "artikel",
            "minimum_aantal",
            "onderwerpen",
            "maatregelen",
            "blad",
        ],
        findings,
    );
    let minimum_aantal = group.whole_number("minimum_aantal", findings).unwrap_or(5);
    if minimum_aantal == 0 {
        findings.push(Finding::schema(
            &group.place().at(group.key_line("minimum_aantal")),
            "`rapportage.minimum_aantal` moet minstens 1 zijn",
        ));
    }
    Some(Reporting {
        per_opdrachtgever: group.bool("per_opdrachtgever", findings).unwrap_or(true),
        artikel: group.article_ref("artikel", findings),
        minimum_aantal: minimum_aantal.max(1),
        onderwerpen: group.text_list("onderwerpen", findings).unwrap_or_default(),
        maatregelen: group.text_list("maatregelen", findings).unwrap_or_default(),
        wijzen: Vec::new(),
        oordelen: Vec::new(),
        blad: group.text("blad", findings),
    })
}

/// Reads an extra page `content/<stem>.md` (front matter: titel, beschrijving, volgorde).
pub fn parse_page(text: &str, file: &str, stem: &str, findings: &mut Vec<Finding>) -> Option<Page> {
    let (front, front_line, body, _) = match split_front_matter(text, file) {
        Ok(parts) => parts,
        Err(finding) => {
            findings.push(finding);
            return None;
        }
    };
    let node = parse_front(front, front_line, file, findings)?;
    let fields = Fields::open(&node, file, "", findings)?;
    fields.deny_unknown(&["titel", "beschrijving", "volgorde"], findings);
    let titel = fields.required_text("titel", findings)?;
    let volgorde = fields
        .whole_number("volgorde", findings)
        .map_or(0, i64::from);
    Some(Page {
        file: file.to_string(),
        slug: stem.to_string(),
        titel,
        beschrijving: fields.text("beschrijving", findings),
        volgorde,
        body: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Duration;

    const GOOD: &str = "---\ntitel: T\norganisatie: O\ngeldig_vanaf: 2024-01-01\ntermijnen:\n  ontvankelijkheid: { duur: 1 jaar, artikel: 2 }\n  reactie_medewerker: { duur: 2 weken, artikel: 6 }\n  afhandeling: { duur: 6 weken, artikel: 6 }\n  kcmd_na_intern: { duur: 6 maanden, artikel: 8 }\n  kcmd_rechtstreeks: { duur: 6 maanden, artikel: 9 }\n  kcmd_uitspraak: { duur: 6 maanden, artikel: 12 }\n  maatregelen_melden: { duur: een maand, artikel: 12 }\n---\n# T\n\n1. Een.\n";

    #[test]
    fn reads_a_good_front_matter() {
        let mut findings = Vec::new();
        let reg = parse_regulation(GOOD, "content/k.md", &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            reg.procedure.term("afhandeling").unwrap().duration,
            Duration::parse("6 weken").unwrap()
        );
        let term = |name: &str| reg.procedure.term(name).unwrap();
        assert_eq!(term("maatregelen_melden").article.to_string(), "12");
        assert_eq!(term("afhandeling").line, 8);
        assert_eq!(reg.body_line, 14);
        assert!(reg.body.starts_with("# T"));
    }

    fn problems(text: &str) -> Vec<Finding> {
        let mut findings = Vec::new();
        assert!(parse_regulation(text, "content/k.md", &mut findings).is_none());
        findings
    }

    #[test]
    fn bad_fields_name_file_line_and_field() {
        let cases = [
            (
                GOOD.replace("6 weken", "zes weekjes"),
                8,
                "termijnen.afhandeling.duur",
            ),
            (
                GOOD.replace("titel: T\n", "titl: T\n"),
                2,
                "bedoelde u `titel`?",
            ),
            (
                GOOD.replace("geldig_vanaf: 2024-01-01", "geldig_vanaf: 2024-02-30"),
                4,
                "bestaat niet",
            ),
            (
                GOOD.replace("artikel: 8", "artikel: acht"),
                9,
                "termijnen.kcmd_na_intern.artikel",
            ),
            (
                GOOD.replace("artikel: 8", "artikel: \"8 lid\""),
                9,
                "\"3.7 lid 2\"",
            ),
            (
                GOOD.replace("duur: 6 maanden, artikel: 12", "duur: 6 maanden"),
                11,
                "termijnen.kcmd_uitspraak.artikel",
            ),
            (
                GOOD.replace("6 weken, artikel: 6 }", "6 weken, artikel: 6, van: ingediend }"),
                8,
                "termijn `afhandeling` heeft een vaste betekenis",
            ),
            (
                GOOD.replace("termijnen:\n", "termijnen:\n  reactie_beklaagde: { duur: 5 werkdagen, artikel: 3 }\n"),
                6,
                "termijnen.reactie_beklaagde.van",
            ),
            (
                GOOD.replace("termijnen:\n", "termijnen:\n  beroep: { duur: 6 weken, artikel: 3, van: uitslg, tot: kcmd_ingediend }\n"),
                6,
                "bedoelde u `uitslag`?",
            ),
            (
                GOOD.replace("termijnen:\n", "termijnen:\n  beroep: { duur: 6 weken, artikel: 3, van: uitslag, tot: gesprek.verslag }\n"),
                6,
                "onbekend moment \"gesprek.verslag\"",
            ),
            (
                GOOD.replace("termijnen:\n", "regels:\n  handling-trem: uit\ntermijnen:\n"),
                6,
                "bedoelde u `handling-term`?",
            ),
            (
                GOOD.replace("termijnen:\n", "stappen:\n  gesprek: { label: Gesprek }\ntermijnen:\n"),
                6,
                "stap `gesprek` bestaat al",
            ),
            (
                GOOD.replace("termijnen:\n", "sluitingsdagen: [2026-12-32]\ntermijnen:\n"),
                5,
                "sluitingsdagen",
            ),
            (
                GOOD.replace("6 weken, artikel: 6 }", "6 weken, artikel: 6, ernst: zwaar }"),
                8,
                "overtreding, waarschuwing",
            ),
        ];
        for (text, line, needle) in cases {
            let findings = problems(&text);
            assert!(
                findings.iter().any(|f| f.line == Some(line)
                    && f.message.contains(needle)
                    && f.file == "content/k.md"),
                "{needle}: {findings:?}"
            );
        }
    }

    /// Every term is optional (SPEC §2.2): without them no rule needs one.
    #[test]
    fn a_regulation_without_terms_reads() {
        let text = "---\ntitel: T\norganisatie: O\n---\n# T\n";
        let mut findings = Vec::new();
        let reg = parse_regulation(text, "content/k.md", &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(reg.procedure.terms.iter().count(), 0);
        assert!(reg.procedure.runs("handling-term"));
    }

    /// A municipality's procedure: working days, the Atw, an extension, a
    /// declared step and term, rule switches and value lists.
    #[test]
    fn reads_a_declared_procedure() {
        let text = "---
titel: Klachtenregeling
organisatie: Gemeente
algemene_termijnenwet: ja
sluitingsdagen: [2026-12-28, 2026-12-29]
stappen:
  hoorzitting: { label: Hoorzitting, artikel: \"2.3\" }
termijnen:
  ontvangstbevestiging: { duur: vijf werkdagen, artikel: \"2.2 lid 1\" }
  afhandeling: { duur: 6 weken, artikel: \"2.4 lid 1\", verlenging: { duur: 4 weken, artikel: \"2.4 lid 2\" } }
  ontvankelijkheid: { duur: 1 jaar, artikel: \"2.1\", inclusief: ja }
  hoorverslag: { duur: 10 werkdagen, artikel: \"2.3\", van: hoorzitting, tot: hoorzitting.verslag_verzonden, label: het verslag van de hoorzitting }
  beroep: { duur: 1 jaar, artikel: \"3.3\", van: uitslag, tot: kcmd_ingediend, ernst: waarschuwing, als: uitslag }
regels:
  confirmation: uit
  handler-involved: { artikel: \"1.2 lid 3\" }
  term-beroep: { artikel: [\"3.3 lid 1\", \"3.3 lid 2\"] }
waarden:
  bij: [klachtcoordinator, college]
---
# T
";
        let mut findings = Vec::new();
        let reg = parse_regulation(text, "content/k.md", &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        let p = &reg.procedure;
        assert!(p.calendar.rolls_over());
        assert!(
            !p.calendar
                .is_working_day(crate::term::parse_iso("2026-12-28").unwrap())
        );
        let receipt = p.term("ontvangstbevestiging").unwrap();
        assert_eq!(receipt.duration.to_string(), "5 werkdagen");
        let handling = p.term("afhandeling").unwrap();
        assert_eq!(
            handling.extension.as_ref().unwrap().article.to_string(),
            "2.4 lid 2"
        );
        assert!(p.term("ontvankelijkheid").unwrap().inclusive);
        let report = p.term("hoorverslag").unwrap();
        assert!(report.is_declared());
        assert_eq!(report.from, Some(Moment::Step("hoorzitting".into())));
        assert_eq!(
            report.to,
            Some(Moment::StepDate(
                "hoorzitting".into(),
                "verslag_verzonden".into()
            ))
        );
        let appeal = p.term("beroep").unwrap();
        assert_eq!(appeal.gravity, Gravity::Other);
        assert_eq!(appeal.only_with.as_deref(), Some("uitslag"));
        assert!(!p.runs("confirmation"));
        assert_eq!(p.cites("handler-involved", None), "1.2 lid 3");
        assert_eq!(
            p.cites("handling-term", Some(&handling.article)),
            "2.4 lid 1"
        );
        assert_eq!(
            p.cites("term-beroep", Some(&appeal.article)),
            "3.3 lid 1, 3.3 lid 2"
        );
        assert!(p.knows_step("hoorzitting") && !p.knows_step("hoorzittng"));
        assert_eq!(p.values.default_bij(), "klachtcoordinator");
    }

    #[test]
    fn article_references_in_every_form() {
        let text = GOOD
            .replace("artikel: 2 }", "artikel: \"3.7\" }")
            .replace("artikel: 8 }", "artikel: \"6a\" }")
            .replace("artikel: 9 }", "artikel: \"3.7 lid 2\" }")
            .replace(
                "artikel: 12 }\n  maatregelen",
                "artikel: 9:11 }\n  maatregelen",
            );
        let mut findings = Vec::new();
        let reg = parse_regulation(&text, "content/k.md", &mut findings).unwrap();
        assert!(findings.is_empty(), "{findings:?}");
        let article = |name: &str| reg.procedure.term(name).unwrap().article.to_string();
        assert_eq!(article("ontvankelijkheid"), "3.7");
        assert_eq!(article("kcmd_na_intern"), "6a");
        assert_eq!(article("kcmd_rechtstreeks"), "3.7 lid 2");
        assert_eq!(article("kcmd_uitspraak"), "9:11");
        assert_eq!(article("afhandeling"), "6");
    }

    #[test]
    fn missing_delimiters_are_explained() {
        let findings = problems("titel: T\n");
        assert!(findings[0].message.contains("---"));
        let findings = problems("---\ntitel: T\n");
        assert!(findings[0].message.contains("niet afgesloten"));
        let findings = problems("---\ntitel: [T\n---\n");
        assert!(
            findings[0].message.contains("geen geldige YAML"),
            "{findings:?}"
        );
        assert!(findings[0].line.is_some());
    }
}
