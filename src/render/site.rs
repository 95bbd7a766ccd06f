//! The public site (`output/site/`): the regulation page, its Markdown twin,
//! extra pages and the stylesheet. Built only from the regulation and the
//! content pages — never from case data.

use super::{OutputFile, Renderer};
use crate::diagnostic::Finding;
use crate::markdown::{self, Document};
use crate::model::{ArticleRef, Contact, Page, Regulation, Text};
use crate::term::dutch_date;
use serde::Serialize;

/// What every site page knows about the site.
#[derive(Serialize)]
struct SiteView<'a> {
    titel: &'a str,
    organisatie: &'a str,
    versie: Option<&'a str>,
    geldig_vanaf: Option<String>,
    geldig_vanaf_iso: Option<String>,
    website: Option<&'a str>,
    pages: Vec<PageLink<'a>>,
}

#[derive(Serialize)]
struct PageLink<'a> {
    slug: &'a str,
    href: String,
    titel: &'a str,
}

#[derive(Serialize)]
struct ArticleLink<'a> {
    /// As printed: "3.7", "6a".
    number: &'a str,
    anchor: &'a str,
    /// Its title, or its first words.
    summary: String,
}

/// A chapter of the table of contents and its articles; articles before the
/// first chapter (or in a regulation without chapters) have none.
#[derive(Serialize)]
struct TocGroup<'a> {
    chapter: Option<ChapterLink<'a>>,
    articles: Vec<ArticleLink<'a>>,
}

#[derive(Serialize)]
struct ChapterLink<'a> {
    /// "Hoofdstuk 2", "§ 4".
    label: &'a str,
    title: Option<&'a str>,
    anchor: &'a str,
}

/// A cited article (or lid) and, when it exists in the text, its anchor.
#[derive(Serialize)]
struct ArticleCite {
    /// "artikel 3.7 lid 2".
    tekst: String,
    /// "3.7 lid 2" ("voetnoot 1" for a footnote).
    nr: String,
    /// Whether it names an article (not a footnote).
    artikel: bool,
    anchor: Option<String>,
}

#[derive(Serialize)]
struct TimelineStep {
    titel: String,
    termijn: Option<String>,
    tekst: String,
    artikelen: Vec<ArticleCite>,
}

#[derive(Serialize)]
struct ContactCard<'a> {
    rol: &'static str,
    naam: &'a str,
    afkorting: Option<&'a str>,
    t_a_v: Option<&'a str>,
    adres: Option<&'a str>,
    email: Option<&'a str>,
    telefoon: Option<&'a str>,
    /// The phone number for a `tel:` link: digits and a leading `+` only.
    tel: String,
    kenmerk: Option<&'a str>,
}

#[derive(Serialize)]
struct IndexView<'a> {
    root: &'static str,
    current: &'static str,
    description: String,
    site: &'a SiteView<'a>,
    /// The regulation's own `#` heading as HTML, if it has one.
    title_html: Option<&'a str>,
    body: &'a str,
    /// Every article in order (kept for templates that list them flat).
    articles: &'a [ArticleLink<'a>],
    /// The table of contents: articles grouped by chapter.
    toc: &'a [TocGroup<'a>],
    timeline: &'a [TimelineStep],
    contacts: &'a [ContactCard<'a>],
}

#[derive(Serialize)]
struct PageView<'a> {
    root: &'static str,
    current: &'a str,
    description: Option<&'a str>,
    site: &'a SiteView<'a>,
    page: PageLink<'a>,
    title_html: Option<&'a str>,
    body: &'a str,
}

/// Renders every file of `output/site/`.
pub fn render(
    reg: &Regulation,
    pages: &[Page],
    renderer: &Renderer,
) -> Result<Vec<OutputFile>, Finding> {
    let site = SiteView {
        titel: &reg.titel,
        organisatie: &reg.organisatie,
        versie: reg.versie.as_deref(),
        geldig_vanaf: reg.geldig_vanaf.map(dutch_date),
        geldig_vanaf_iso: reg.geldig_vanaf.map(|d| d.format("%Y-%m-%d").to_string()),
        website: reg.website.as_deref(),
        pages: pages
            .iter()
            .map(|p| PageLink {
                slug: &p.slug,
                href: format!("{}.html", p.slug),
                titel: &p.titel,
            })
            .collect(),
    };
    let document = markdown::render(&reg.body, reg.body_line);
    let timeline = timeline(reg, &document.text);
    let articles = article_links(&document.text, None);
    let toc = table_of_contents(&document.text);
    let contacts = contact_cards(reg);
    let index = IndexView {
        root: "",
        current: "index",
        description: format!("{} van {}", reg.titel, reg.organisatie),
        site: &site,
        title_html: document.title_html.as_deref(),
        body: &document.html,
        articles: &articles,
        toc: &toc,
        timeline: &timeline,
        contacts: &contacts,
    };
    let mut files = vec![
        OutputFile::new("site/index.html", renderer.render("index.html", &index)?),
        OutputFile::new(
            "site/klachtenreglement.md",
            renderer.render(
                "klachtenreglement.md",
                &IndexView {
                    body: document.markdown.trim(),
                    ..index
                },
            )?,
        ),
    ];
    if let Some(css) = renderer.asset("style.css") {
        files.push(OutputFile::new("site/style.css", css));
    }
    for page in pages {
        let document = markdown::render_page(&page.body);
        let view = PageView {
            root: "",
            current: &page.slug,
            description: page.beschrijving.as_deref(),
            site: &site,
            page: PageLink {
                slug: &page.slug,
                href: format!("{}.html", page.slug),
                titel: &page.titel,
            },
            title_html: document.title_html.as_deref(),
            body: &document.html,
        };
        files.push(OutputFile::new(
            format!("site/{}.html", page.slug),
            renderer.render("page.html", &view)?,
        ));
    }
    Ok(files)
}

fn article_links(text: &Text, chapter: Option<Option<usize>>) -> Vec<ArticleLink<'_>> {
    text.articles
        .iter()
        .filter(|a| chapter.is_none_or(|c| a.chapter == c))
        .map(|a| ArticleLink {
            number: &a.number,
            anchor: &a.anchor,
            summary: Document::summary(a),
        })
        .collect()
}

fn table_of_contents(text: &Text) -> Vec<TocGroup<'_>> {
    let mut groups = Vec::new();
    let before = article_links(text, Some(None));
    if !before.is_empty() {
        groups.push(TocGroup {
            chapter: None,
            articles: before,
        });
    }
    for (index, chapter) in text.chapters.iter().enumerate() {
        groups.push(TocGroup {
            chapter: Some(ChapterLink {
                label: &chapter.label,
                title: chapter.title.as_deref(),
                anchor: &chapter.anchor,
            }),
            articles: article_links(text, Some(Some(index))),
        });
    }
    groups
}

/// How a page cites references: "artikel 3.7 lid 2", linked when it resolves.
fn cite(text: &Text, references: &[&ArticleRef]) -> Vec<ArticleCite> {
    let mut cites: Vec<ArticleCite> = Vec::new();
    for reference in references {
        let tekst = reference.cited();
        if cites.iter().any(|c| c.tekst == tekst) {
            continue;
        }
        cites.push(ArticleCite {
            nr: reference.to_string(),
            artikel: matches!(reference, ArticleRef::Article { .. }),
            anchor: text.resolve(reference).ok().map(|t| t.anchor().to_string()),
            tekst,
        });
    }
    cites
}

/// "De procedure in het kort", built from the terms in the front matter.
fn timeline(reg: &Regulation, text: &Text) -> Vec<TimelineStep> {
    let org = &reg.organisatie;
    let commissie = reg
        .contact
        .klachtencommissie
        .as_ref()
        .map(|c| c.afkorting.clone().unwrap_or_else(|| c.naam.clone()))
        .unwrap_or_else(|| "de klachtencommissie".to_string());
    let functionaris = reg
        .contact
        .klachtenfunctionaris
        .as_ref()
        .map(|c| {
            format!(
                "De klachtenfunctionaris ({}) is onafhankelijk en helpt bij bemiddeling.",
                c.naam
            )
        })
        .unwrap_or_else(|| {
            "De onafhankelijke klachtenfunctionaris helpt bij bemiddeling.".to_string()
        });
    let term = |name: &str| reg.procedure.term(name);
    let articles = |names: &[&str]| -> Vec<ArticleCite> {
        let refs: Vec<&ArticleRef> = names
            .iter()
            .filter_map(|n| term(n))
            .map(|t| &t.article)
            .collect();
        cite(text, &refs)
    };
    let mut steps = vec![TimelineStep {
        titel: "Klacht indienen".to_string(),
        termijn: term("ontvankelijkheid").map(|t| format!("binnen {} na de gebeurtenis", t.duration)),
        tekst: "Schriftelijk, mondeling of met het klachtenformulier, bij de manager van je werkplek. Een klacht over iets wat langer geleden is gebeurd, wordt niet in behandeling genomen.".to_string(),
        artikelen: articles(&["ontvankelijkheid"]),
    }];
    if let Some(t) = term("reactie_medewerker") {
        steps.push(TimelineStep {
            titel: "Reactie van de medewerker".to_string(),
            termijn: Some(format!("{} om te reageren", t.duration)),
            tekst: "De medewerker over wie de klacht gaat, krijgt de gelegenheid om te reageren."
                .to_string(),
            artikelen: articles(&["reactie_medewerker"]),
        });
    }
    steps.push(TimelineStep {
        titel: "Gesprek en bevestiging".to_string(),
        termijn: None,
        tekst: "In een gesprek leg je je klacht uit. Van het gesprek komt een verslag, en je krijgt een schriftelijke bevestiging met de datum, de feiten en de afspraken.".to_string(),
        artikelen: Vec::new(),
    });
    steps.push(TimelineStep {
        titel: "Uitslag".to_string(),
        termijn: term("afhandeling").map(|t| format!("uiterlijk {} na indiening", t.duration)),
        tekst: format!(
            "Je krijgt schriftelijk en gemotiveerd de uitslag, met de maatregelen die {org} neemt."
        ),
        artikelen: articles(&["afhandeling"]),
    });
    steps.push(TimelineStep {
        titel: "Klachtenfunctionaris".to_string(),
        termijn: None,
        tekst: format!("Niet tevreden, of durf je het gesprek niet (meer) aan? {functionaris}"),
        artikelen: Vec::new(),
    });
    if let Some(t) = term("kcmd_na_intern") {
        let direct = term("kcmd_rechtstreeks")
            .map(|d| {
                format!(
                    " Rechtstreeks kan ook, binnen {} na de gebeurtenis.",
                    d.duration
                )
            })
            .unwrap_or_default();
        steps.push(TimelineStep {
            titel: format!("Klachtencommissie ({commissie})"),
            termijn: Some(format!("binnen {} na de interne behandeling", t.duration)),
            tekst: format!(
                "Kom je er intern niet uit, dan kun je schriftelijk naar de onafhankelijke klachtencommissie.{direct}"
            ),
            artikelen: articles(&["kcmd_na_intern", "kcmd_rechtstreeks"]),
        });
    }
    if let Some(t) = term("kcmd_uitspraak") {
        let measures = term("maatregelen_melden")
            .map(|m| format!(" Moet {org} maatregelen nemen, dan laat {org} dat binnen {} schriftelijk weten.", m.duration))
            .unwrap_or_default();
        steps.push(TimelineStep {
            titel: "Bindende uitspraak".to_string(),
            termijn: Some(format!("uiterlijk binnen {}", t.duration)),
            tekst: format!("De klachtencommissie doet een bindende uitspraak.{measures}"),
            artikelen: articles(&["kcmd_uitspraak", "maatregelen_melden"]),
        });
    }
    steps
}

fn contact_cards(reg: &Regulation) -> Vec<ContactCard<'_>> {
    let card = card_of;
    let mut cards = Vec::new();
    if let Some(c) = &reg.contact.klachtenfunctionaris {
        cards.push(card("Klachtenfunctionaris", c));
    }
    if let Some(c) = &reg.contact.klachtencommissie {
        cards.push(card("Klachtencommissie", c));
    }
    cards
}

fn card_of<'a>(rol: &'static str, c: &'a Contact) -> ContactCard<'a> {
    ContactCard {
        rol,
        naam: &c.naam,
        afkorting: c.afkorting.as_deref(),
        t_a_v: c.t_a_v.as_deref(),
        adres: c.adres.as_deref(),
        email: c.email.as_deref(),
        telefoon: c.telefoon.as_deref(),
        tel: c.telefoon.as_deref().map(tel_link).unwrap_or_default(),
        kenmerk: c.kenmerk.as_deref(),
    }
}

/// "050 – 317 52 20" → "0503175220"; "+31 50 …" keeps its plus.
fn tel_link(number: &str) -> String {
    number
        .chars()
        .enumerate()
        .filter(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '+'))
        .map(|(_, c)| c)
        .collect()
}
