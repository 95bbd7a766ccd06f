//! `content/*.md`: the regulation (front matter of SPEC §2) and extra pages.
//! Parses text it is given; `load::load` reads the files.

use super::fields::Fields;
use crate::diagnostic::{Finding, Place};
use crate::model::{Contact, Contacts, Page, Regulation, Reporting, Term, Terms};
use crate::yaml;

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
            "contact",
            "rapportage",
        ],
        findings,
    );
    let titel = fields.required_text("titel", findings);
    let organisatie = fields.required_text("organisatie", findings);
    let versie = fields.text("versie", findings);
    let geldig_vanaf = fields.date("geldig_vanaf", findings);
    let website = fields.text("website", findings);
    let plaats = fields.text("plaats", findings);
    let terms = read_terms(&fields, findings);
    let contact = read_contacts(&fields, findings);
    let reporting = read_reporting(&fields, findings);
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
        terms: terms?,
        contact,
        reporting: reporting?,
        body: body.to_string(),
        body_line,
        text,
    })
}

fn read_terms(fields: &Fields, findings: &mut Vec<Finding>) -> Option<Terms> {
    let Some(group) = fields.group("termijnen", findings) else {
        if fields.get("termijnen").is_none() {
            findings.push(Finding::schema(
                fields.place(),
                format!(
                    "verplicht veld `termijnen` ontbreekt; de regels hebben deze termijnen nodig: {}",
                    Terms::KEYS.join(", ")
                ),
            ));
        }
        return None;
    };
    group.deny_unknown(&Terms::KEYS, findings);
    let mut read = |key: &str| -> Option<Term> {
        let Some(term) = group.group(key, findings) else {
            findings.push(Finding::schema(
                group.place(),
                format!("termijn `{}` ontbreekt (bijvoorbeeld `{key}: {{ duur: 6 weken, artikel: 6 }}`)", group.name(key)),
            ));
            return None;
        };
        term.deny_unknown(&["duur", "artikel"], findings);
        let duration = term.duration("duur", findings);
        let article = match term.article_ref("artikel", findings) {
            Some(reference) => Some(reference),
            None if term.get("artikel").is_none() => {
                findings.push(Finding::schema(
                    term.place(),
                    format!(
                        "verplicht veld `{}` ontbreekt: bij welk artikel hoort deze termijn?",
                        term.name("artikel")
                    ),
                ));
                None
            }
            None => None,
        };
        Some(Term {
            duration: duration?,
            article: article?,
            line: group.key_line(key),
        })
    };
    let ontvankelijkheid = read("ontvankelijkheid");
    let reactie_medewerker = read("reactie_medewerker");
    let afhandeling = read("afhandeling");
    let kcmd_na_intern = read("kcmd_na_intern");
    let kcmd_rechtstreeks = read("kcmd_rechtstreeks");
    let kcmd_uitspraak = read("kcmd_uitspraak");
    let maatregelen_melden = read("maatregelen_melden");
    Some(Terms {
        ontvankelijkheid: ontvankelijkheid?,
        reactie_medewerker: reactie_medewerker?,
        afhandeling: afhandeling?,
        kcmd_na_intern: kcmd_na_intern?,
        kcmd_rechtstreeks: kcmd_rechtstreeks?,
        kcmd_uitspraak: kcmd_uitspraak?,
        maatregelen_melden: maatregelen_melden?,
    })
}

fn read_contacts(fields: &Fields, findings: &mut Vec<Finding>) -> Contacts {
    let Some(group) = fields.group("contact", findings) else {
        return Contacts::default();
    };
    group.deny_unknown(&["klachtenfunctionaris", "klachtencommissie"], findings);
    let read = |key: &str, findings: &mut Vec<Finding>| -> Option<Contact> {
        let card = group.group(key, findings)?;
        card.deny_unknown(
            &[
                "naam",
                "afkorting",
                "t_a_v",
                "adres",
                "email",
                "telefoon",
                "kenmerk",
            ],
            findings,
        );
        Some(Contact {
            naam: card.required_text("naam", findings)?,
            afkorting: card.text("afkorting", findings),
            t_a_v: card.text("t_a_v", findings),
            adres: card.text("adres", findings),
            email: card.text("email", findings),
            telefoon: card.text("telefoon", findings),
            kenmerk: card.text("kenmerk", findings),
        })
    };
    Contacts {
        klachtenfunctionaris: read("klachtenfunctionaris", findings),
        klachtencommissie: read("klachtencommissie", findings),
    }
}

fn read_reporting(fields: &Fields, findings: &mut Vec<Finding>) -> Option<Reporting> {
    let Some(group) = fields.group("rapportage", findings) else {
        return Some(Reporting {
            minimum_aantal: 5,
            onderwerpen: Vec::new(),
            maatregelen: Vec::new(),
        });
    };
    group.deny_unknown(&["minimum_aantal", "onderwerpen", "maatregelen"], findings);
    let minimum_aantal = group.whole_number("minimum_aantal", findings).unwrap_or(5);
    if minimum_aantal == 0 {
        findings.push(Finding::schema(
            &group.place().at(group.key_line("minimum_aantal")),
            "`rapportage.minimum_aantal` moet minstens 1 zijn",
        ));
    }
    Some(Reporting {
        minimum_aantal: minimum_aantal.max(1),
        onderwerpen: group.text_list("onderwerpen", findings).unwrap_or_default(),
        maatregelen: group.text_list("maatregelen", findings).unwrap_or_default(),
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
            reg.terms.afhandeling.duration,
            Duration::parse("6 weken").unwrap()
        );
        assert_eq!(reg.terms.maatregelen_melden.article.to_string(), "12");
        assert_eq!(reg.terms.afhandeling.line, 8);
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
                GOOD.replace("  kcmd_uitspraak: { duur: 6 maanden, artikel: 12 }\n", ""),
                5,
                "kcmd_uitspraak",
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
        let t = &reg.terms;
        assert_eq!(t.ontvankelijkheid.article.to_string(), "3.7");
        assert_eq!(t.kcmd_na_intern.article.to_string(), "6a");
        assert_eq!(t.kcmd_rechtstreeks.article.to_string(), "3.7 lid 2");
        assert_eq!(t.kcmd_uitspraak.article.to_string(), "9:11");
        assert_eq!(t.afhandeling.article.to_string(), "6");
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
