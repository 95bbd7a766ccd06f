//! Letters (SPEC §5): which letters a case needs, and the view each letter
//! template gets. Private output: `output/letters/<id>/NN-<kind>.{html,md}`,
//! never under `output/site/`. Pure functions; rendering goes through
//! `render::Renderer`.

use crate::diagnostic::Finding;
use crate::load::Sources;
use crate::model::{ArticleRef, Case, Contact, Regulation, StepKind, article_order};
use crate::procedure::{Moment, Procedure, Term};
use crate::render::{OutputFile, Renderer};
use crate::term::dutch_date;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// The letter kinds of SPEC §5, in the order a case usually runs.
pub const KINDS: [&str; 9] = [
    "ontvangstbevestiging",
    "niet-ontvankelijk",
    "verzoek-reactie",
    "gespreksverslag",
    "bevestiging",
    "verdaging",
    "uitslag",
    "bevestiging-intrekking",
    "maatregelen-kcmd",
];

/// One addressee: a name and address lines.
#[derive(Debug, Clone, Serialize)]
pub struct Addressee {
    pub naam: String,
    pub adres: Vec<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub soort: String,
    pub omschrijving: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub naam: String,
    pub afkorting: Option<String>,
    pub t_a_v: Option<String>,
    pub adres: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
    pub website: Option<String>,
    pub kenmerk: Option<String>,
}

/// A route onward (SPEC §2.3) as a letter names it.
#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    /// The front-matter key: `klachtenfunctionaris`, `klachtencommissie`, …
    pub key: String,
    #[serde(flatten)]
    pub contact: ContactView,
    /// "artikel 8".
    pub artikel: Option<String>,
    /// The term bounding it ("6 maanden") and its last date, in Dutch.
    pub termijn: Option<String>,
    pub uiterlijk: Option<String>,
    /// The term runs from the uitslag the letter announces.
    pub na_uitslag: bool,
    /// Offered only on this kind of traject (`als: { traject }`).
    pub traject: Option<String>,
}

/// What a letter template gets is a [`CaseView`], the same for every letter
/// of the case, with the [`LetterView`] of the letter over it. Every value
/// from the data is escaped by the template (HTML autoescape; `| md` in
/// Markdown).
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub organisatie: String,
    pub website: Option<String>,
    pub plaats: Option<String>,
    pub kenmerk: String,
    pub aan: Vec<Addressee>,
    pub aanhef: String,
    pub ondertekenaar: String,
    /// The signer's role: `behandelaar.functie`, or the regulation's default.
    pub functie: Option<String>,
    pub ingediend: String,
    pub gebeurtenis: Option<String>,
    pub omschrijving: Option<String>,
    pub betreft: Option<String>,
    pub indiener: String,
    pub klachtenfunctionaris: Option<ContactView>,
    pub klachtencommissie: Option<ContactView>,
    /// The regulation has conversations with a report (the receipt says so).
    pub gesprek: bool,
}

/// What one letter says of its own (see [`CaseView`]).
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    pub kind: String,
    pub nn: String,
    pub onderwerp: String,
    pub datum: String,
    /// Addressed to others than the case's `aan` (the employee, the
    /// participants of a conversation, also the klachtencommissie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aan: Option<Vec<Addressee>>,
    /// The greeting for those others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aanhef: Option<String>,
    pub artikelen: Vec<String>,
    /// "artikel 5, 6 en 8".
    pub artikelen_tekst: String,
    /// The date of the step the letter follows, in Dutch.
    pub stapdatum: String,
    /// A due date the letter states, in Dutch.
    pub uiterlijk: Option<String>,
    pub termijn: Option<String>,
    pub oordeel: Option<String>,
    pub motivering: Option<String>,
    pub maatregelen: Vec<MeasureView>,
    pub afspraken: Vec<String>,
    pub deelnemers: Vec<String>,
    /// The routes onward the uitslag offers, in declaration order.
    pub routes: Vec<RouteView>,
    /// A `verdaagd` step: the term extended, by how much, and why.
    pub verdaagd: Option<ExtensionView>,
    pub blanco: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExtensionView {
    /// "de afhandeling van uw klacht".
    pub label: String,
    /// The extended term is the one the uitslag is due by (`afhandeling`).
    pub uitslag: bool,
    /// "4 weken".
    pub verlenging: String,
    pub reden: Option<String>,
}

/// A letter a case needs: its kind, the date it follows, and its view.
pub struct Letter {
    pub kind: String,
    pub date: NaiveDate,
    pub view: LetterView,
}

fn contact_view(c: &Contact) -> ContactView {
    ContactView {
        naam: c.naam.clone(),
        afkorting: c.afkorting.clone(),
        t_a_v: c.t_a_v.clone(),
        adres: c.adres.clone(),
        email: c.email.clone(),
        telefoon: c.telefoon.clone(),
        website: c.website.clone(),
        kenmerk: c.kenmerk.clone(),
    }
}

/// Human words for an `oordeel`.
pub fn oordeel_nl(oordeel: &str) -> String {
    match oordeel {
        "gegrond" => "gegrond: u hebt gelijk".to_string(),
        "deels_gegrond" => "deels gegrond: u hebt voor een deel gelijk".to_string(),
        "ongegrond" => "ongegrond: wij vinden niet dat er iets fout is gegaan".to_string(),
        "opgelost" => "opgelost: wij hebben samen een oplossing gevonden".to_string(),
        "niet_ontvankelijk" => {
            "niet-ontvankelijk: wij kunnen de klacht niet in behandeling nemen".to_string()
        }
        other => other.replace('_', " "),
    }
}

fn measures(list: &Option<Vec<crate::model::Measure>>) -> Vec<MeasureView> {
    list.iter()
        .flatten()
        .map(|m| MeasureView {
            soort: m.soort.replace('_', " "),
            omschrijving: m.omschrijving.clone(),
        })
        .collect()
}

/// "artikel 6", "artikel 5, 6 en 8", "artikel 2.4 lid 1 en 3.1": in the
/// order of the text, each reference once.
pub fn articles_text(references: &[String]) -> String {
    let mut words = references.to_vec();
    words.sort_by_key(|r| {
        let mut parts = r.split_whitespace();
        let number = article_order(parts.next().unwrap_or_default());
        let lid: u32 = parts.nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
        (number, lid)
    });
    words.dedup();
    match words.as_slice() {
        [] => String::new(),
        [one] => format!("artikel {one}"),
        [rest @ .., last] => format!("artikel {} en {last}", rest.join(", ")),
    }
}

/// The articles a letter rests on: those the rules cite (`regels:`) and
/// those of the terms, for what the regulation declares.
fn cited(procedure: &Procedure, rules: &[&str], terms: &[&str]) -> Vec<String> {
    let mut articles: Vec<String> = rules
        .iter()
        .flat_map(|rule| procedure.articles_of(rule, None))
        .map(|a| a.to_string())
        .collect();
    articles.extend(
        terms
            .iter()
            .filter_map(|name| procedure.term(name))
            .map(|t| t.article.to_string()),
    );
    articles
}

/// Filed too late by the `ontvankelijkheid` term (respecting `inclusief`).
pub fn too_late(term: &Term, event: NaiveDate, filed: NaiveDate) -> bool {
    let limit = term.after(event);
    if term.inclusive {
        filed > limit
    } else {
        filed >= limit
    }
}

/// A route onward as the uitslag letter names it, with the last date of its
/// term when the letter is for a case (`for_case`: the case and the uitslag's
/// date) and a placeholder when it is blank.
fn route_view(
    route: &Contact,
    procedure: &Procedure,
    for_case: Option<(&Case, NaiveDate)>,
) -> RouteView {
    let term = route.termijn.as_deref().and_then(|n| procedure.term(n));
    let na_uitslag = term.is_some_and(|t| {
        t.name == "kcmd_na_intern" || t.from == Some(Moment::Step("uitslag".to_string()))
    });
    let uiterlijk = term.and_then(|t| match for_case {
        Some((_, uitslag)) if na_uitslag => Some(dutch_date(t.after(uitslag))),
        Some((case, _)) => {
            crate::rules::case::term_start(case, t).map(|start| dutch_date(t.after(start)))
        }
        None => Some(format!("[datum uitslag + {}]", t.duration)),
    });
    RouteView {
        key: route.key.clone(),
        contact: contact_view(route),
        artikel: route.artikel.as_ref().map(ArticleRef::cited),
        termijn: term.map(|t| t.duration.to_string()),
        uiterlijk,
        na_uitslag,
        traject: route.als_traject.clone(),
    }
}

/// Whether the procedure has conversations with a report: a `verslag` term,
/// or the `conversation-report` rule.
fn has_conversations(procedure: &Procedure) -> bool {
    procedure.term("verslag").is_some() || procedure.runs("conversation-report")
}

/// How a letter names the term a `verdaagd` step extends.
fn extension_label(term: &Term) -> String {
    match (term.name.as_str(), &term.label) {
        (_, Some(label)) => label.clone(),
        ("afhandeling", None) => "de afhandeling van uw klacht".to_string(),
        (name, None) => format!("de termijn `{name}`"),
    }
}

/// What every letter of the case shares, and every letter its record calls
/// for, in the order of its history.
pub fn letters_for(
    case: &Case,
    reg: &Regulation,
    step_letters: &[&str],
) -> (CaseView, Vec<Letter>) {
    let procedure = &reg.procedure;
    let term = |name: &str| procedure.term(name);
    let naam = |v: &Option<crate::model::At<String>>| v.as_ref().map(|n| n.value.clone());
    let indiener = Addressee {
        naam: naam(&case.indiener.naam).unwrap_or_else(|| "de indiener".to_string()),
        adres: case
            .indiener
            .adres
            .as_ref()
            .map(|a| a.value.split(',').map(|p| p.trim().to_string()).collect())
            .unwrap_or_default(),
        email: naam(&case.indiener.email),
    };
    let betreft = naam(&case.betreft_naam);
    let behandelaar = naam(&case.behandelaar_naam).unwrap_or_else(|| "de behandelaar".to_string());
    let functie = naam(&case.behandelaar_functie).or_else(|| reg.functie.clone());
    let shared = CaseView {
        organisatie: reg.organisatie.clone(),
        website: reg.website.clone(),
        plaats: reg.plaats.clone(),
        kenmerk: case.id.value.clone(),
        aan: vec![indiener.clone()],
        aanhef: format!("Beste {},", indiener.naam),
        ondertekenaar: behandelaar,
        functie,
        ingediend: dutch_date(case.ingediend.value),
        gebeurtenis: case.gebeurtenis.as_ref().map(|g| dutch_date(g.value)),
        omschrijving: naam(&case.omschrijving),
        betreft: betreft.clone(),
        indiener: indiener.naam.clone(),
        klachtenfunctionaris: reg.contact.klachtenfunctionaris().map(contact_view),
        klachtencommissie: reg.contact.klachtencommissie().map(contact_view),
        gesprek: has_conversations(procedure),
    };
    let letter = |kind: &str, date: NaiveDate, subject: &str, articles: Vec<String>| -> Letter {
        Letter {
            kind: kind.to_string(),
            date,
            view: LetterView {
                kind: kind.to_string(),
                nn: String::new(),
                onderwerp: format!("{subject} — dossier {}", case.id.value),
                datum: dutch_date(date),
                aan: None,
                aanhef: None,
                stapdatum: dutch_date(date),
                artikelen_tekst: articles_text(&articles),
                artikelen: articles,
                uiterlijk: None,
                termijn: None,
                oordeel: None,
                motivering: None,
                maatregelen: Vec::new(),
                afspraken: Vec::new(),
                deelnemers: Vec::new(),
                routes: Vec::new(),
                verdaagd: None,
                blanco: false,
            },
        }
    };
    let mut letters = Vec::new();
    let filed = case.ingediend.value;
    let mut late_letter = false;
    if case.internal() {
        let mut l = letter(
            "ontvangstbevestiging",
            filed,
            "Ontvangst van uw klacht",
            cited(
                procedure,
                &[],
                &["ontvangstbevestiging", "ontvankelijkheid", "afhandeling"],
            ),
        );
        if let Some(t) = term("afhandeling") {
            l.view.uiterlijk = Some(dutch_date(t.after(filed)));
            l.view.termijn = Some(t.duration.to_string());
        }
        letters.push(l);
        if let Some(t) = term("ontvankelijkheid")
            && let Some(event) = &case.gebeurtenis
            && too_late(t, event.value, filed)
        {
            let date = case.uitslag().map(|u| u.date).unwrap_or(filed);
            let mut l = letter(
                "niet-ontvankelijk",
                date,
                "Uw klacht kan niet in behandeling worden genomen",
                cited(procedure, &[], &["ontvankelijkheid"]),
            );
            l.view.termijn = Some(t.duration.to_string());
            l.view.uiterlijk = Some(dutch_date(t.after(event.value)));
            letters.push(l);
            late_letter = true;
        }
    }
    for step in &case.steps {
        match &step.kind {
            StepKind::ReactieGevraagd if term("reactie_medewerker").is_some() => {
                let t = term("reactie_medewerker").expect("checked");
                let mut l = letter(
                    "verzoek-reactie",
                    step.date,
                    "Verzoek om uw reactie op een klacht",
                    cited(procedure, &["response-requested"], &["reactie_medewerker"]),
                );
                let employee = betreft
                    .clone()
                    .unwrap_or_else(|| "de medewerker".to_string());
                l.view.aan = Some(vec![Addressee {
                    naam: employee.clone(),
                    adres: Vec::new(),
                    email: None,
                }]);
                l.view.aanhef = Some(format!("Beste {employee},"));
                l.view.uiterlijk = Some(dutch_date(t.after(step.date)));
                l.view.termijn = Some(t.duration.to_string());
                letters.push(l);
            }
            StepKind::Gesprek {
                verslag_verzonden,
                deelnemers,
            } => {
                let mut l = letter(
                    "gespreksverslag",
                    verslag_verzonden.unwrap_or(step.date),
                    "Verslag van het gesprek over uw klacht",
                    cited(
                        procedure,
                        &["confirmation", "conversation-report"],
                        &["verslag"],
                    ),
                );
                l.view.stapdatum = dutch_date(step.date);
                l.view.deelnemers = deelnemers.clone();
                if !deelnemers.is_empty() {
                    l.view.aan = Some(
                        deelnemers
                            .iter()
                            .map(|d| Addressee {
                                naam: d.clone(),
                                adres: Vec::new(),
                                email: None,
                            })
                            .collect(),
                    );
                    l.view.aanhef = Some("Beste allen,".to_string());
                }
                letters.push(l);
            }
            StepKind::Bevestiging { afspraken } => {
                let mut l = letter(
                    "bevestiging",
                    step.date,
                    "Bevestiging van het gesprek over uw klacht",
                    cited(procedure, &["confirmation"], &["afhandeling"]),
                );
                l.view.afspraken = afspraken.clone();
                letters.push(l);
            }
            StepKind::Uitslag {
                oordeel,
                motivering,
                maatregelen,
            } if !(late_letter && oordeel.as_deref() == Some("niet_ontvankelijk")) => {
                let traject = case.traject_soort.as_ref().map(|t| t.value.as_str());
                let routes: Vec<&Contact> = reg.contact.routes(traject).collect();
                let mut articles = cited(procedure, &["outcome-reasoned"], &["afhandeling"]);
                articles.extend(
                    routes
                        .iter()
                        .filter_map(|r| r.artikel.as_ref().map(ToString::to_string)),
                );
                let mut l = letter(
                    "uitslag",
                    step.date,
                    "Uitslag van het onderzoek naar uw klacht",
                    articles,
                );
                l.view.oordeel = oordeel.as_deref().map(oordeel_nl);
                l.view.motivering = motivering.clone();
                l.view.maatregelen = measures(maatregelen);
                l.view.routes = routes
                    .into_iter()
                    .map(|r| route_view(r, procedure, Some((case, step.date))))
                    .collect();
                letters.push(l);
            }
            StepKind::Ingetrokken { bevestigd } => {
                let mut l = letter(
                    "bevestiging-intrekking",
                    bevestigd.unwrap_or(step.date),
                    "Bevestiging: u hebt uw klacht ingetrokken",
                    cited(procedure, &["withdrawal-confirmed"], &[]),
                );
                l.view.stapdatum = dutch_date(step.date);
                letters.push(l);
            }
            StepKind::KcmdUitspraak {
                maatregelen: Some(m),
            } if !m.is_empty()
                && term("maatregelen_melden").is_some()
                && reg.contact.klachtencommissie().is_some() =>
            {
                let t = term("maatregelen_melden").expect("checked");
                let due = t.after(step.date);
                let sent = case
                    .all("maatregelen_gemeld")
                    .find(|s| s.date >= step.date)
                    .map(|s| s.date);
                let mut l = letter(
                    "maatregelen-kcmd",
                    sent.unwrap_or(step.date),
                    "Maatregelen na de uitspraak van de klachtencommissie",
                    cited(procedure, &[], &["maatregelen_melden"]),
                );
                l.view.stapdatum = dutch_date(step.date);
                l.view.uiterlijk = Some(dutch_date(due));
                l.view.termijn = Some(t.duration.to_string());
                l.view.maatregelen = measures(&Some(m.clone()));
                if let Some(kcmd) = reg.contact.klachtencommissie() {
                    let mut aan = shared.aan.clone();
                    aan.push(Addressee {
                        naam: kcmd.naam.clone(),
                        adres: kcmd
                            .t_a_v
                            .iter()
                            .map(|t| format!("t.a.v. {t}"))
                            .chain(
                                kcmd.adres
                                    .iter()
                                    .flat_map(|a| a.split(',').map(|p| p.trim().to_string())),
                            )
                            .collect(),
                        email: kcmd.email.clone(),
                    });
                    l.view.aan = Some(aan);
                }
                letters.push(l);
            }
            StepKind::Verdaagd { termijn, reden } => {
                let Some(t) = term(termijn) else { continue };
                let Some(extension) = &t.extension else {
                    continue;
                };
                // Only the one extension the regulation allows, made in time.
                let first = case.steps.iter().find(
                    |s| matches!(&s.kind, StepKind::Verdaagd { termijn: x, .. } if x == termijn),
                );
                let Some(start) = crate::rules::case::term_start(case, t) else {
                    continue;
                };
                if !first.is_some_and(|f| std::ptr::eq(f, step)) || step.date > t.after(start) {
                    continue;
                }
                let mut l = letter(
                    "verdaging",
                    step.date,
                    "Verlenging van de termijn voor uw klacht",
                    vec![extension.article.to_string()],
                );
                l.view.stapdatum = dutch_date(step.date);
                l.view.termijn = Some(t.duration.to_string());
                l.view.uiterlijk = t.extended_after(start).map(dutch_date);
                l.view.verdaagd = Some(ExtensionView {
                    label: extension_label(t),
                    uitslag: t.name == "afhandeling",
                    verlenging: extension.duration.to_string(),
                    reden: reden.clone(),
                });
                letters.push(l);
            }
            StepKind::Declared { name, .. } if step_letters.contains(&name.as_str()) => {
                let declared = procedure.step(name);
                let label = declared
                    .and_then(|d| d.label.clone())
                    .unwrap_or_else(|| name.replace('_', " "));
                let mut l = letter(
                    name,
                    step.date,
                    &label,
                    declared
                        .and_then(|d| d.article.as_ref())
                        .map(|a| vec![a.to_string()])
                        .unwrap_or_default(),
                );
                l.view.stapdatum = dutch_date(step.date);
                letters.push(l);
            }
            _ => {}
        }
    }
    letters.sort_by_key(|l| l.date);
    for (index, l) in letters.iter_mut().enumerate() {
        l.view.nn = format!("{:02}", index + 1);
    }
    (shared, letters)
}

/// The kinds of letter this regulation can produce: a kind whose driving
/// term or body is not declared is not made (SPEC §5).
pub fn kinds_of(reg: &Regulation) -> Vec<&'static str> {
    let declared = |name: &str| reg.procedure.term(name).is_some();
    KINDS
        .into_iter()
        .filter(|kind| match *kind {
            "niet-ontvankelijk" => declared("ontvankelijkheid"),
            "verzoek-reactie" => declared("reactie_medewerker"),
            "maatregelen-kcmd" => {
                declared("maatregelen_melden") && reg.contact.klachtencommissie().is_some()
            }
            "verdaging" => reg.procedure.terms.iter().any(|t| t.extension.is_some()),
            _ => true,
        })
        .collect()
}

/// A letter of `kind` with visible placeholders, for writing by hand.
pub fn blank(kind: &str, reg: &Regulation) -> (CaseView, LetterView) {
    let p = |s: &str| format!("[{s}]");
    let procedure = &reg.procedure;
    let duration = |name: &str| procedure.term(name).map(|t| t.duration.to_string());
    let person = |what: &str| Addressee {
        naam: p(&format!("naam {what}")),
        adres: vec![p("straat en huisnummer"), p("postcode en plaats")],
        email: None,
    };
    let (termijn, articles) = match kind {
        "ontvangstbevestiging" => (
            duration("afhandeling"),
            cited(
                procedure,
                &[],
                &["ontvangstbevestiging", "ontvankelijkheid", "afhandeling"],
            ),
        ),
        "niet-ontvankelijk" => (
            duration("ontvankelijkheid"),
            cited(procedure, &[], &["ontvankelijkheid"]),
        ),
        "verzoek-reactie" => (
            duration("reactie_medewerker"),
            cited(procedure, &["response-requested"], &["reactie_medewerker"]),
        ),
        "maatregelen-kcmd" => (
            duration("maatregelen_melden"),
            cited(procedure, &[], &["maatregelen_melden"]),
        ),
        "uitslag" => {
            let mut articles = cited(procedure, &["outcome-reasoned"], &["afhandeling"]);
            articles.extend(
                reg.contact
                    .iter()
                    .filter(|c| c.route)
                    .filter_map(|r| r.artikel.as_ref().map(ToString::to_string)),
            );
            (None, articles)
        }
        "verdaging" => {
            let extendable = procedure.terms.iter().find(|t| t.extension.is_some());
            (
                extendable.map(|t| t.duration.to_string()),
                extendable
                    .and_then(|t| t.extension.as_ref())
                    .map(|e| vec![e.article.to_string()])
                    .unwrap_or_default(),
            )
        }
        "bevestiging-intrekking" => (None, cited(procedure, &["withdrawal-confirmed"], &[])),
        "gespreksverslag" => (
            None,
            cited(
                procedure,
                &["confirmation", "conversation-report"],
                &["verslag"],
            ),
        ),
        _ => (None, cited(procedure, &["confirmation"], &["afhandeling"])),
    };
    let addressee = if kind == "verzoek-reactie" {
        "medewerker"
    } else {
        "indiener"
    };
    let functie = reg.functie.clone();
    let signer = functie
        .as_deref()
        .map_or_else(|| "behandelaar".to_string(), str::to_lowercase);
    let shared = CaseView {
        organisatie: reg.organisatie.clone(),
        website: reg.website.clone(),
        plaats: Some(reg.plaats.clone().unwrap_or_else(|| p("plaats"))),
        kenmerk: p("dossiernummer"),
        aan: vec![person(addressee)],
        aanhef: format!("Beste {},", p(&format!("naam {addressee}"))),
        ondertekenaar: p(&format!("naam {signer}")),
        functie,
        ingediend: p("datum indiening"),
        gebeurtenis: Some(p("datum gebeurtenis")),
        omschrijving: Some(p("korte omschrijving van de klacht")),
        betreft: Some(p("naam medewerker")),
        indiener: p("naam indiener"),
        klachtenfunctionaris: reg.contact.klachtenfunctionaris().map(contact_view),
        klachtencommissie: reg.contact.klachtencommissie().map(contact_view),
        gesprek: has_conversations(procedure),
    };
    let letter = LetterView {
        kind: kind.to_string(),
        nn: String::new(),
        onderwerp: format!("{} — dossier {}", p("onderwerp"), p("dossiernummer")),
        datum: p("datum"),
        aan: None,
        aanhef: None,
        artikelen_tekst: articles_text(&articles),
        artikelen: articles,
        stapdatum: p("datum"),
        uiterlijk: Some(p("uiterste datum")),
        termijn,
        oordeel: Some(p("gegrond / deels gegrond / ongegrond / opgelost")),
        motivering: Some(p("uitleg waarom")),
        maatregelen: vec![MeasureView {
            soort: p("maatregel"),
            omschrijving: Some(p("wat er gebeurt")),
        }],
        afspraken: vec![p("afspraak")],
        deelnemers: vec![p("naam deelnemer"), p("naam deelnemer")],
        routes: reg
            .contact
            .iter()
            .filter(|c| c.route)
            .map(|r| route_view(r, procedure, None))
            .collect(),
        verdaagd: procedure
            .terms
            .iter()
            .find_map(|t| Some((t, t.extension.as_ref()?)))
            .map(|(t, e)| ExtensionView {
                label: extension_label(t),
                uitslag: t.name == "afhandeling",
                verlenging: e.duration.to_string(),
                reden: Some(p("reden van de verlenging")),
            }),
        blanco: true,
    };
    (shared, letter)
}

/// Letters rendered in an earlier build, per case file, with the text of
/// the file they came from: `watch` and `serve` render again only the cases
/// whose file changed. Whoever keeps it clears it when the regulation or a
/// template changes (the letters depend on those too).
#[derive(Debug, Default)]
pub struct LetterCache {
    by_file: HashMap<String, (String, Vec<OutputFile>, Vec<IndexLetter>)>,
}

impl LetterCache {
    pub fn clear(&mut self) {
        self.by_file.clear();
    }
}

/// The letter files of one case, its index links, and whether they are new.
type CaseLetters = (Vec<OutputFile>, Vec<IndexLetter>, bool);

/// Renders every letter of every case, the blank letters and the private index.
pub fn render(
    cases: &[Case],
    reg: &Regulation,
    findings: &[Finding],
    today: NaiveDate,
    renderer: &Renderer,
) -> Result<Vec<OutputFile>, Finding> {
    render_cached(cases, reg, findings, today, renderer, Keep::All(None))
}

/// What [`render_cached`] does with each case's letters.
pub enum Keep<'a> {
    /// Returns them, reusing from the cache (if any) the letters of case
    /// files whose text (in `Sources`) is unchanged.
    All(Option<(&'a mut LetterCache, &'a Sources)>),
    /// Hands them over as soon as they are rendered (on any thread) and
    /// returns only the index and the blank letters: a build need not hold
    /// every letter in memory.
    To(&'a (dyn Fn(&[OutputFile]) + Sync)),
}

/// [`render`], keeping the letters as `keep` says.
pub fn render_cached(
    cases: &[Case],
    reg: &Regulation,
    findings: &[Finding],
    today: NaiveDate,
    renderer: &Renderer,
    keep: Keep,
) -> Result<Vec<OutputFile>, Finding> {
    let (mut cache, sink) = match keep {
        Keep::All(cache) => (cache, None),
        Keep::To(sink) => (None, Some(sink)),
    };
    let mut files = Vec::new();
    let mut index_cases = Vec::new();
    let mut points: HashMap<&str, Vec<String>> = HashMap::new();
    // Declared steps with a letter template of their own (SPEC §5).
    let step_letters: Vec<&str> = reg
        .procedure
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .filter(|name| renderer.has(&format!("letters/{name}.html")))
        .collect();
    for f in findings {
        if let Some(case) = f.case.as_deref() {
            points.entry(case).or_default().push(format!(
                "{} [{}]: {}",
                f.severity.label_nl(),
                f.rule,
                f.message
            ));
        }
    }
    let reusable = |case: &Case| -> Option<(Vec<OutputFile>, Vec<IndexLetter>)> {
        let (cache, sources) = cache.as_ref()?;
        let (text, files, links) = cache.by_file.get(&case.file)?;
        (sources.text(&case.file) == Some(text.as_str())).then(|| (files.clone(), links.clone()))
    };
    let mut kinds: Vec<&str> = kinds_of(reg);
    kinds.extend(step_letters.iter().copied());
    // Cases are independent: render them in parallel, keep their order; the
    // blank letters alongside.
    let render_case_letters = || -> Vec<Result<CaseLetters, Finding>> {
        cases
            .par_iter()
            .map(|case| {
                if let Some((own, links)) = reusable(case) {
                    return Ok((own, links, false));
                }
                let mut own = Vec::new();
                let mut links = Vec::new();
                let (shared, letters) = letters_for(case, reg, &step_letters);
                // The case's part of the context is made once for its letters.
                let shared = renderer.context(&shared)?;
                for letter in letters {
                    let stem = format!("{}/{}-{}", case.id.value, letter.view.nn, letter.kind);
                    let context = renderer.context_over(&shared, &letter.view)?;
                    own.push(renderer.render_file(
                        format!("letters/{stem}.html"),
                        &format!("letters/{}.html", letter.kind),
                        &context,
                    )?);
                    let markdown = format!("letters/{}.md", letter.kind);
                    if renderer.has(&markdown) {
                        own.push(renderer.render_file(
                            format!("letters/{stem}.md"),
                            &markdown,
                            &context,
                        )?);
                    }
                    links.push(IndexLetter {
                        href: format!("{stem}.html"),
                        titel: format!("{} {}", letter.view.nn, letter.kind),
                        datum: letter.view.datum.clone(),
                    });
                }
                if let Some(sink) = sink {
                    sink(&own);
                    own = Vec::new();
                }
                Ok((own, links, true))
            })
            .collect()
    };
    let (rendered, blanks) =
        rayon::join(render_case_letters, || blank_letters(&kinds, reg, renderer));
    for (case, result) in cases.iter().zip(rendered) {
        let (own, links, fresh) = result?;
        if fresh
            && let Some((cache, sources)) = cache.as_mut()
            && let Some(text) = sources.text(&case.file)
        {
            cache.by_file.insert(
                case.file.clone(),
                (text.to_string(), own.clone(), links.clone()),
            );
        }
        index_cases.push(IndexCase {
            id: case.id.value.clone(),
            ingediend: dutch_date(case.ingediend.value),
            status: match case.closing() {
                Some(step) => format!(
                    "afgesloten op {} ({})",
                    dutch_date(step.date),
                    step.kind.name()
                ),
                None => "open".to_string(),
            },
            letters: links,
            aandachtspunten: points
                .get(case.id.value.as_str())
                .cloned()
                .unwrap_or_default(),
        });
        files.extend(own);
    }
    files.extend(blanks?);
    let index = IndexView {
        organisatie: &reg.organisatie,
        vandaag: dutch_date(today),
        cases: &index_cases,
        blanco: kinds.iter().map(|k| k.to_string()).collect(),
    };
    files.push(OutputFile::new(
        "letters/index.html",
        renderer.render("letters/index.html", &index)?,
    ));
    Ok(files)
}

/// The blank letter of each kind, HTML and (with its template) Markdown.
fn blank_letters(
    kinds: &[&str],
    reg: &Regulation,
    renderer: &Renderer,
) -> Result<Vec<OutputFile>, Finding> {
    let per_kind: Vec<Result<Vec<OutputFile>, Finding>> = kinds
        .par_iter()
        .map(|kind| {
            let (shared, view) = blank(kind, reg);
            let context = renderer.context_over(&renderer.context(&shared)?, &view)?;
            let mut files = vec![renderer.render_file(
                format!("letters/_blank/{kind}.html"),
                &format!("letters/{kind}.html"),
                &context,
            )?];
            let markdown = format!("letters/{kind}.md");
            if renderer.has(&markdown) {
                files.push(renderer.render_file(
                    format!("letters/_blank/{kind}.md"),
                    &markdown,
                    &context,
                )?);
            }
            Ok(files)
        })
        .collect();
    let mut files = Vec::new();
    for kind in per_kind {
        files.extend(kind?);
    }
    Ok(files)
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexLetter {
    href: String,
    titel: String,
    datum: String,
}

#[derive(Serialize)]
struct IndexCase {
    id: String,
    ingediend: String,
    status: String,
    letters: Vec<IndexLetter>,
    aandachtspunten: Vec<String>,
}

#[derive(Serialize)]
struct IndexView<'a> {
    organisatie: &'a str,
    vandaag: String,
    cases: &'a [IndexCase],
    blanco: Vec<String>,
}
