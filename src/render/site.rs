//! The public site (`output/site/`): the regulation page, its Markdown twin,
//! extra pages and the stylesheet. Built only from the regulation and the
//! content pages — never from case data.

use super::{OutputFile, Renderer};
use crate::diagnostic::Finding;
use crate::markdown::{self, Document};
use crate::model::{Address, ArticleRef, Contact, Page, Regulation, Text};
use crate::procedure::{Moment, Term};
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
    rol: &'a str,
    naam: &'a str,
    /// The name says more than the card's heading (not just the same words).
    naam_anders: bool,
    /// Only for cases on this kind of traject.
    traject: Option<&'a str>,
    website: Option<&'a str>,
    /// The article that names the body, linked when it resolves.
    artikel: Option<ArticleCite>,
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
    let timeline = timeline(reg, &document.text, renderer)?;
    let articles = article_links(&document.text, None);
    let toc = table_of_contents(&document.text);
    let contacts = contact_cards(reg, &document.text);
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

/// The facts of one generated timeline step, for the `tijdlijn.txt` template.
#[derive(Serialize, Default, Clone)]
struct StepFacts<'a> {
    soort: &'a str,
    je: bool,
    organisatie: &'a str,
    /// "schriftelijk, mondeling of digitaal".
    wijzen: String,
    /// An `ontvankelijkheid` term is declared.
    ontvankelijk: bool,
    verlenging: Option<String>,
    label: &'a str,
    titel: &'a str,
    naam: &'a str,
    traject: Option<&'a str>,
}

#[derive(Serialize)]
struct TermFacts<'a> {
    naam: &'a str,
    duur: String,
    van: String,
}

/// How the timeline states a term ("uiterlijk 6 weken na indiening"), from
/// the `termijn.txt` template.
fn term_phrase(renderer: &Renderer, term: &Term) -> Result<String, Finding> {
    let facts = TermFacts {
        naam: &term.name,
        duur: term.duration.to_string(),
        van: term
            .from
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    };
    Ok(renderer.render("termijn.txt", &facts)?.trim().to_string())
}

/// "a, b of c".
fn or_list(words: &[String]) -> String {
    let words: Vec<String> = words.iter().map(|w| w.replace('_', " ")).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} of {last}", rest.join(", ")),
    }
}

/// "De procedure in het kort": the regulation's own `tijdlijn:`, or else
/// one generated from what it declares (terms, steps, contacts), in the words
/// of the `tijdlijn.txt` and `termijn.txt` templates.
fn timeline(
    reg: &Regulation,
    text: &Text,
    renderer: &Renderer,
) -> Result<Vec<TimelineStep>, Finding> {
    let procedure = &reg.procedure;
    let term = |name: &str| procedure.term(name);
    let phrase = |name: Option<&str>| -> Result<Option<String>, Finding> {
        name.and_then(|n| procedure.term(n))
            .map(|t| term_phrase(renderer, t))
            .transpose()
    };
    if let Some(entries) = &reg.timeline {
        return entries
            .iter()
            .map(|entry| {
                Ok(TimelineStep {
                    titel: entry.titel.clone(),
                    termijn: phrase(entry.termijn.as_deref())?,
                    tekst: entry.tekst.clone().unwrap_or_default(),
                    artikelen: cite(text, &entry.artikel.iter().collect::<Vec<_>>()),
                })
            })
            .collect();
    }
    let je = reg.address == Address::Je;
    let base = StepFacts {
        je,
        organisatie: &reg.organisatie,
        wijzen: or_list(&procedure.values.wijzen),
        ontvankelijk: term("ontvankelijkheid").is_some(),
        ..StepFacts::default()
    };
    let mut steps = Vec::new();
    let mut push = |facts: StepFacts,
                    termijn: Option<&str>,
                    articles: Vec<&ArticleRef>|
     -> Result<(), Finding> {
        let rendered = renderer.render("tijdlijn.txt", &facts)?;
        let (titel, tekst) = rendered
            .trim()
            .split_once('\n')
            .unwrap_or((rendered.trim(), ""));
        steps.push(TimelineStep {
            titel: titel.trim().to_string(),
            termijn: phrase(termijn)?,
            tekst: tekst.trim().to_string(),
            artikelen: cite(text, &articles),
        });
        Ok(())
    };
    let article = |name: &str| term(name).map(|t| &t.article);
    push(
        StepFacts {
            soort: "indienen",
            ..base.clone()
        },
        Some("ontvankelijkheid"),
        article("ontvankelijkheid").into_iter().collect(),
    )?;
    for (soort, name) in [
        ("ontvangstbevestiging", "ontvangstbevestiging"),
        ("reactie", "reactie_medewerker"),
        ("gesprek", "verslag"),
    ] {
        if term(name).is_some() {
            push(
                StepFacts {
                    soort,
                    ..base.clone()
                },
                Some(name),
                article(name).into_iter().collect(),
            )?;
        }
    }
    // A step that a route's term ends on is told by that route.
    let told_by_route = |step: &str| {
        reg.contact.iter().filter(|c| c.route).any(|c| {
            c.termijn
                .as_deref()
                .and_then(&term)
                .is_some_and(|t| t.to == Some(Moment::Step(step.to_string())))
        })
    };
    for step in procedure.steps.iter().filter(|s| !told_by_route(&s.name)) {
        push(
            StepFacts {
                soort: "stap",
                label: step.label.as_deref().unwrap_or(&step.name),
                ..base.clone()
            },
            None,
            step.article.iter().collect(),
        )?;
    }
    if let Some(handling) = term("afhandeling") {
        let mut articles = vec![&handling.article];
        articles.extend(handling.extension.as_ref().map(|e| &e.article));
        push(
            StepFacts {
                soort: "uitslag",
                verlenging: handling.extension.as_ref().map(|e| e.duration.to_string()),
                ..base.clone()
            },
            Some("afhandeling"),
            articles,
        )?;
    }
    for contact in reg.contact.iter().filter(|c| c.route) {
        let soort = match contact.key.as_str() {
            "klachtenfunctionaris" => "klachtenfunctionaris",
            "klachtencommissie" => "klachtencommissie",
            _ => "route",
        };
        let naam = match &contact.afkorting {
            Some(short) if soort == "klachtencommissie" => format!("{} ({short})", contact.naam),
            _ => contact.naam.clone(),
        };
        // The commission's own terms are the kcmd_* ones (SPEC §2.3).
        let implied: &[&str] = if soort == "klachtencommissie" {
            &["kcmd_na_intern", "kcmd_rechtstreeks"]
        } else {
            &[]
        };
        let termijn = contact
            .termijn
            .as_deref()
            .or_else(|| implied.iter().copied().find(|n| term(n).is_some()));
        let mut articles: Vec<&ArticleRef> = contact.artikel.iter().collect();
        for name in termijn.into_iter().chain(implied.iter().copied()) {
            articles.extend(article(name));
        }
        push(
            StepFacts {
                soort,
                titel: &contact.titel,
                naam: &naam,
                traject: contact.als_traject.as_deref(),
                ..base.clone()
            },
            termijn,
            articles,
        )?;
        if soort == "klachtencommissie" && term("kcmd_uitspraak").is_some() {
            push(
                StepFacts {
                    soort: "uitspraak",
                    naam: &naam,
                    ..base.clone()
                },
                Some("kcmd_uitspraak"),
                article("kcmd_uitspraak").into_iter().collect(),
            )?;
        }
    }
    Ok(steps)
}

/// A card for every declared body, in declaration order (SPEC §2.3).
fn contact_cards<'a>(reg: &'a Regulation, text: &Text) -> Vec<ContactCard<'a>> {
    reg.contact.iter().map(|c| card_of(c, text)).collect()
}

fn card_of<'a>(c: &'a Contact, text: &Text) -> ContactCard<'a> {
    ContactCard {
        rol: &c.titel,
        naam: &c.naam,
        naam_anders: !c.naam.eq_ignore_ascii_case(&c.titel) || c.afkorting.is_some(),
        traject: c.als_traject.as_deref(),
        website: c.website.as_deref(),
        artikel: c.artikel.iter().flat_map(|a| cite(text, &[a])).next(),
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
