//! Report views for the templates, and the files: per report HTML (inline
//! SVG charts, no JavaScript), Markdown and CSV; an index per opdrachtgever
//! and one over all. Views hold only labels, shown figures and geometry.

use super::quarter::Quarter;
use super::suppress::{Column, INGEDIEND, Layout, Shown};
use super::tally::Client;
use super::{Report, reports_of};
use crate::diagnostic::Finding;
use crate::model::Regulation;
use crate::render::{OutputFile, Renderer};
use crate::term::dutch_date;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Which reports to render: all, or (for `regelwerk report`) one quarter,
/// optionally of one opdrachtgever (by slug).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub quarter: Option<Quarter>,
    pub client: Option<String>,
}

/// Reports rendered in an earlier build, per opdrachtgever, with a hash of
/// its counts and the date: `watch` and `serve` render again only the
/// opdrachtgevers whose figures changed. Whoever keeps it clears it when the
/// regulation or a template changes.
#[derive(Debug, Default)]
pub struct ReportCache {
    by_client: HashMap<String, (u64, Vec<OutputFile>, Vec<EntryView>)>,
}

impl ReportCache {
    pub fn clear(&mut self) {
        self.by_client.clear();
    }
}

/// One opdrachtgever's report files and index entries.
type Rendered = (Vec<OutputFile>, Vec<EntryView>);

/// Renders the selected reports, and with them the indexes when all are selected.
pub fn render(
    clients: &[Client],
    regulation: &Regulation,
    today: NaiveDate,
    selection: &Selection,
    renderer: &Renderer,
) -> Result<Vec<OutputFile>, Finding> {
    render_cached(clients, regulation, today, selection, renderer, None)
}

/// [`render`], reusing from `cache` the reports of opdrachtgevers whose counts did not change.
pub fn render_cached(
    clients: &[Client],
    regulation: &Regulation,
    today: NaiveDate,
    selection: &Selection,
    renderer: &Renderer,
    mut cache: Option<&mut ReportCache>,
) -> Result<Vec<OutputFile>, Finding> {
    let reporting = &regulation.reporting;
    let layout = Layout::new(reporting);
    let all = selection.quarter.is_none() && selection.client.is_none();
    let chosen: Vec<&Client> = clients
        .iter()
        .filter(|client| selection.client.as_ref().is_none_or(|s| *s == client.slug))
        .collect();
    // Only with a cache: the key costs a pass over the client's counts.
    let keys: Vec<Option<u64>> = chosen
        .iter()
        .map(|client| {
            (all && cache.is_some()).then(|| {
                let mut hasher = DefaultHasher::new();
                format!("{client:?}{today}").hash(&mut hasher);
                hasher.finish()
            })
        })
        .collect();
    let kept: Vec<Option<Rendered>> = chosen
        .iter()
        .zip(&keys)
        .map(|(client, key)| {
            cache
                .as_ref()
                .zip(*key)
                .and_then(|(c, key)| c.by_client.get(&client.slug).filter(|(k, _, _)| *k == key))
                .map(|(_, files, entries)| (files.clone(), entries.clone()))
        })
        .collect();
    // The opdrachtgevers not kept, each on any core (and each of their
    // quarters too): one opdrachtgever's few reports would leave a core idle.
    // Collected in order before the first error is taken, so that the error
    // named is the same on every run.
    let done: Vec<Result<Rendered, Finding>> = chosen
        .par_iter()
        .zip(kept)
        .map(|(client, kept)| match kept {
            Some(kept) => Ok(kept),
            None => {
                let mut files = Vec::new();
                let entries = render_client(
                    client, &layout, regulation, today, selection, renderer, &mut files,
                )?;
                Ok((files, entries))
            }
        })
        .collect();
    let mut files = Vec::new();
    let mut index = Vec::new();
    for ((client, key), done) in chosen.into_iter().zip(keys).zip(done) {
        let (own, entries) = done?;
        if let (Some(cache), Some(key)) = (cache.as_mut(), key) {
            cache
                .by_client
                .insert(client.slug.clone(), (key, own.clone(), entries.clone()));
        }
        files.extend(own);
        if all && !entries.is_empty() {
            let view = ClientView {
                artikel: reports_article(regulation),
                organisatie: &regulation.organisatie,
                opdrachtgever: &client.name,
                slug: &client.slug,
                reports: entries,
                gemaakt: dutch_date(today),
            };
            files.push(OutputFile::new(
                format!("reports/{}/index.html", client.slug),
                renderer.render("reports/client.html", &view)?,
            ));
            index.push(view);
        }
    }
    if all {
        let view = IndexView {
            artikel: reports_article(regulation),
            per_opdrachtgever: regulation.reporting.per_opdrachtgever,
            organisatie: &regulation.organisatie,
            clients: &index,
            drempel: reporting.minimum_aantal,
            gemaakt: dutch_date(today),
        };
        files.push(OutputFile::new(
            "reports/index.html",
            renderer.render("reports/index.html", &view)?,
        ));
    }
    Ok(files)
}

/// Renders the reports of one opdrachtgever into `files`, each quarter on
/// any core; returns its index entries.
fn render_client(
    client: &Client,
    layout: &Layout,
    regulation: &Regulation,
    today: NaiveDate,
    selection: &Selection,
    renderer: &Renderer,
    files: &mut Vec<OutputFile>,
) -> Result<Vec<EntryView>, Finding> {
    let reports = reports_of(client, layout, &regulation.reporting, today);
    let entries = reports
        .iter()
        .rev()
        .map(|report| EntryView {
            quarter: report.quarter.to_string(),
            titel: report.quarter.dutch(),
            voorlopig: report.voorlopig,
            ingediend: report.now.shown[INGEDIEND].text(),
        })
        .collect();
    let selected: Vec<&Report> = reports
        .iter()
        .rev()
        .filter(|report| selection.quarter.is_none_or(|q| q == report.quarter))
        .collect();
    // Collected in order before the first error is taken, so that the
    // error named is the same on every run.
    let rendered: Vec<Result<[OutputFile; 3], Finding>> = selected
        .into_par_iter()
        .map(|report| {
            let view = ReportView::new(report, layout, regulation, today);
            // Made ready once for both templates.
            let context = renderer.context(&view)?;
            let stem = format!("reports/{}/{}", client.slug, report.quarter);
            Ok([
                OutputFile::new(
                    format!("{stem}.html"),
                    renderer.render_in("reports/report.html", &context)?,
                ),
                OutputFile::new(
                    format!("{stem}.md"),
                    renderer.render_in("reports/report.md", &context)?,
                ),
                OutputFile::new(format!("{stem}.csv"), csv(report, layout, regulation)),
            ])
        })
        .collect();
    for report in rendered {
        files.extend(report?);
    }
    Ok(entries)
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    quarter: String,
    titel: String,
    voorlopig: bool,
    ingediend: String,
}

#[derive(Serialize)]
struct ClientView<'a> {
    artikel: Option<String>,
    organisatie: &'a str,
    opdrachtgever: &'a str,
    slug: &'a str,
    reports: Vec<EntryView>,
    gemaakt: String,
}

#[derive(Serialize)]
struct IndexView<'a> {
    artikel: Option<String>,
    per_opdrachtgever: bool,
    organisatie: &'a str,
    clients: &'a [ClientView<'a>],
    drempel: u32,
    gemaakt: String,
}

/// What a report may name: the declared handling term and escalation bodies.
struct Declared {
    /// The `afhandeling` duration ("6 weken").
    termijn: Option<String>,
    /// "de klachtenfunctionaris", when one is declared.
    functionaris: Option<String>,
    /// The external commission's name, when the regulation declares one.
    commissie: Option<String>,
}

impl Declared {
    fn of(regulation: &Regulation) -> Declared {
        Declared {
            termijn: regulation
                .procedure
                .term("afhandeling")
                .map(|t| t.duration.to_string()),
            functionaris: regulation
                .contact
                .klachtenfunctionaris()
                .map(|_| "de klachtenfunctionaris".to_string()),
            commissie: regulation
                .contact
                .klachtencommissie()
                .map(|c| match &c.afkorting {
                    Some(short) => format!("de klachtencommissie ({short})"),
                    None => "de klachtencommissie".to_string(),
                }),
        }
    }
}

/// The article the reports rest on: `rapportage.artikel`, else the article
/// `register-complete` cites. "artikel 15".
fn reports_article(regulation: &Regulation) -> Option<String> {
    regulation
        .reporting
        .artikel
        .clone()
        .or_else(|| {
            regulation
                .procedure
                .articles_of("register-complete", None)
                .into_iter()
                .next()
        })
        .map(|a| a.cited())
}

/// One line of a figures table: this quarter, the previous one, the year so far.
#[derive(Serialize)]
struct RowView {
    label: String,
    nu: String,
    vorig: String,
    jaar: String,
    /// Indented under the row above ("waarvan").
    sub: bool,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    text: String,
    y: u32,
    /// Bar width in SVG units; 0 for a hidden or zero figure.
    width: u32,
    text_x: u32,
}

#[derive(Serialize)]
struct BarChart {
    id: &'static str,
    title: String,
    height: u32,
    bars: Vec<Bar>,
}

/// The share closed within the term as one stacked bar.
#[derive(Serialize)]
struct ShareChart {
    title: String,
    /// `None` when the figures are hidden or nothing was closed.
    percent: Option<u64>,
    /// Width of the "within" part, of 400.
    width: u32,
    text: String,
}

#[derive(Serialize)]
struct ReportView<'a> {
    organisatie: &'a str,
    opdrachtgever: &'a str,
    quarter: String,
    titel: String,
    periode: String,
    voorlopig: bool,
    loopt_tot: String,
    vorig: String,
    jaar: String,
    gemaakt: String,
    termijn: Option<String>,
    /// "artikel 15": what the reports rest on.
    artikel: Option<String>,
    kern: Vec<RowView>,
    onderwerp: Vec<RowView>,
    wijze: Vec<RowView>,
    oordeel: Vec<RowView>,
    maatregel: Vec<RowView>,
    onderwerp_chart: BarChart,
    maatregel_chart: BarChart,
    termijn_chart: Option<ShareChart>,
    methode: Vec<String>,
}

const LABEL_WIDTH: u32 = 190;
const BAR_SPACE: u32 = 330;
const ROW_HEIGHT: u32 = 26;

/// "andere_begeleider" → "Andere begeleider".
fn label(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

const UNRECORDED: &str = "Niet geregistreerd";

impl<'a> ReportView<'a> {
    fn new(
        report: &'a Report<'a>,
        layout: &Layout,
        regulation: &'a Regulation,
        today: NaiveDate,
    ) -> ReportView<'a> {
        let reporting = &regulation.reporting;
        let row = |cell: usize, label: String, sub: bool| RowView {
            label,
            nu: report.now.shown[cell].text(),
            vorig: report.previous.shown[cell].text(),
            jaar: report.year.shown[cell].text(),
            sub,
        };
        let stat = |pick: fn(&Column) -> Shown, label: &str| RowView {
            label: label.to_string(),
            nu: pick(&report.now).text(),
            vorig: pick(&report.previous).text(),
            jaar: pick(&report.year).text(),
            sub: false,
        };
        let list = |range: std::ops::Range<usize>, names: &[String]| -> Vec<RowView> {
            range
                .zip(
                    names
                        .iter()
                        .map(|n| label(n))
                        .chain([UNRECORDED.to_string()]),
                )
                .filter(|(cell, _)| report.displayed[*cell])
                .map(|(cell, name)| row(cell, name, false))
                .collect()
        };
        let ways = &reporting.wijzen;
        let outcomes = &reporting.oordelen;
        // Rows of the terms and bodies the regulation declares (SPEC §6).
        let declared = Declared::of(regulation);
        let mut kern = vec![
            row(INGEDIEND, "Ingediend".into(), false),
            row(layout.afgehandeld(), "Afgehandeld".into(), false),
            row(layout.ingetrokken(), "waarvan ingetrokken".into(), true),
        ];
        if let Some(termijn) = &declared.termijn {
            kern.push(row(
                layout.binnen_termijn(),
                format!("binnen de termijn van {termijn}"),
                true,
            ));
            kern.push(row(layout.buiten_termijn(), "na de termijn".into(), true));
        }
        kern.push(stat(|c| c.median, "Behandelduur in dagen: mediaan"));
        kern.push(stat(|c| c.max, "Behandelduur in dagen: langste"));
        if let Some(naam) = &declared.functionaris {
            kern.push(row(
                layout.klachtenfunctionaris(),
                format!("Naar {naam}"),
                false,
            ));
        }
        if let Some(naam) = &declared.commissie {
            kern.push(row(layout.kcmd(), format!("Naar {naam}"), false));
        }
        kern.push(row(
            layout.open_einde_kwartaal(),
            "Open aan het eind van het kwartaal".into(),
            false,
        ));
        let maatregel = list(layout.maatregel.clone(), &reporting.maatregelen);
        let quarter = report.quarter;
        ReportView {
            organisatie: &regulation.organisatie,
            opdrachtgever: &report.client.name,
            quarter: quarter.to_string(),
            titel: quarter.dutch(),
            periode: quarter.dutch_span(),
            voorlopig: report.voorlopig,
            loopt_tot: dutch_date(quarter.last_day()),
            vorig: quarter.prev().dutch(),
            jaar: if quarter.number == 1 {
                format!("{} tot nu toe", quarter.year)
            } else {
                format!("1e t/m {}e kwartaal {}", quarter.number, quarter.year)
            },
            gemaakt: dutch_date(today),
            termijn: declared.termijn.clone(),
            artikel: reports_article(regulation),
            kern,
            onderwerp: list(layout.onderwerp.clone(), &reporting.onderwerpen),
            wijze: list(layout.wijze.clone(), ways),
            oordeel: {
                let mut rows = list(layout.oordeel.clone(), outcomes);
                rows.push(row(layout.ingetrokken(), "Ingetrokken".into(), false));
                rows
            },
            onderwerp_chart: bar_chart(
                "grafiek-onderwerp",
                format!("Ingediende klachten per onderwerp, {}", quarter.dutch()),
                report,
                layout.onderwerp.clone(),
                &reporting.onderwerpen,
            ),
            maatregel_chart: bar_chart(
                "grafiek-maatregel",
                format!("Genomen maatregelen per soort, {}", quarter.dutch()),
                report,
                layout.maatregel.clone(),
                &reporting.maatregelen,
            ),
            termijn_chart: declared
                .termijn
                .as_deref()
                .map(|termijn| share_chart(report, layout, termijn)),
            methode: method(report, layout, reporting.minimum_aantal),
            maatregel,
        }
    }
}

fn bar_chart(
    id: &'static str,
    title: String,
    report: &Report,
    cells: std::ops::Range<usize>,
    names: &[String],
) -> BarChart {
    let rows: Vec<(usize, String)> = cells
        .zip(
            names
                .iter()
                .map(|n| label(n))
                .chain([UNRECORDED.to_string()]),
        )
        .filter(|(cell, _)| report.displayed.get(*cell).copied().unwrap_or(false))
        .collect();
    let largest = rows
        .iter()
        .filter_map(|(cell, _)| report.now.shown[*cell].count())
        .max()
        .unwrap_or(0)
        .max(1);
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (cell, name))| {
            let shown = report.now.shown[cell];
            let width = shown.count().map_or(0, |n| {
                let w = n * u64::from(BAR_SPACE) / largest;
                u32::try_from(w)
                    .unwrap_or(BAR_SPACE)
                    .max(u32::from(n > 0) * 2)
            });
            Bar {
                label: name,
                text: shown.text(),
                y: i as u32 * ROW_HEIGHT,
                text_x: LABEL_WIDTH + width + 6,
                width,
            }
        })
        .collect::<Vec<_>>();
    BarChart {
        id,
        title,
        height: (bars.len() as u32).max(1) * ROW_HEIGHT,
        bars,
    }
}

fn share_chart(report: &Report, layout: &Layout, termijn: &str) -> ShareChart {
    let title = format!(
        "Deel van de afgehandelde klachten binnen de termijn van {termijn}, {}",
        report.quarter.dutch()
    );
    let closed = report.now.shown[layout.afgehandeld()].count();
    let within = report.now.shown[layout.binnen_termijn()].count();
    match (closed, within) {
        (Some(closed), Some(within)) if closed > 0 => {
            let percent = (within * 100 + closed / 2) / closed;
            ShareChart {
                title,
                percent: Some(percent),
                width: u32::try_from(within * 400 / closed).unwrap_or(400),
                text: format!("{percent}% binnen de termijn ({within} van {closed})"),
            }
        }
        (Some(0), _) => ShareChart {
            title,
            percent: None,
            width: 0,
            text: "Geen klachten afgehandeld in dit kwartaal.".into(),
        },
        _ => ShareChart {
            title,
            percent: None,
            width: 0,
            text: "Niet getoond: de aantallen zijn afgeschermd (zie de verantwoording).".into(),
        },
    }
}

/// The closing note: threshold, what was hidden and why, how events count.
fn method(report: &Report, layout: &Layout, threshold: u32) -> Vec<String> {
    let mut notes = vec![if threshold > 1 {
        format!(
            "Aantallen van 1 tot en met {} staan er als \"< {threshold}\", zodat niemand aan een klein aantal te herkennen is.",
            threshold - 1
        )
    } else {
        "Het reglement stelt geen drempel voor kleine aantallen (minimum_aantal is 1): alle aantallen staan er precies.".to_string()
    }];
    let sections: [(&str, Vec<usize>); 5] = [
        (
            "ingediend per onderwerp",
            layout.onderwerp.clone().collect(),
        ),
        ("ingediend per wijze", layout.wijze.clone().collect()),
        (
            "afgehandeld per oordeel",
            layout
                .oordeel
                .clone()
                .chain([layout.ingetrokken(), layout.afgehandeld()])
                .collect(),
        ),
        (
            "binnen en na de termijn",
            vec![layout.binnen_termijn(), layout.buiten_termijn()],
        ),
        ("maatregelen", layout.maatregel.clone().collect()),
    ];
    let mut parts = Vec::new();
    let mut covered = 0;
    for (name, cells) in &sections {
        let (small, other) = report.now.tally(cells.iter().copied());
        covered += other;
        match (small, other) {
            (0, 0) => {}
            (s, 0) => parts.push(format!("{name}: {s} klein")),
            (s, o) => parts.push(format!("{name}: {s} klein, {o} extra afgeschermd")),
        }
    }
    let rest: Vec<usize> = [
        INGEDIEND,
        layout.klachtenfunctionaris(),
        layout.kcmd(),
        layout.open_einde_kwartaal(),
    ]
    .into();
    let (small, other) = report.now.tally(rest);
    covered += other;
    if small + other > 0 {
        parts.push(if other == 0 {
            format!("overige cijfers: {small} klein")
        } else {
            format!("overige cijfers: {small} klein, {other} extra afgeschermd")
        });
    }
    if parts.is_empty() {
        notes.push("In dit kwartaal was geen cijfer klein genoeg om af te schermen.".into());
    } else {
        notes.push(format!(
            "Afgeschermd in dit kwartaal: {}.",
            parts.join("; ")
        ));
    }
    if covered > 0 {
        notes.push(format!(
            "Omdat een klein aantal anders uit een totaal en de andere cijfers kan worden teruggerekend, zijn ook enkele andere cijfers afgeschermd: een 0 staat dan als \"< {threshold}\", een groter aantal als \"≥ {threshold}\"."
        ));
    }
    if report.now.hidden[layout.open_einde_kwartaal()] == Some(super::suppress::Reason::Secondary) {
        notes.push("Het aantal open klachten staat er niet precies: in dit of een eerder kwartaal is het aantal ingediende of afgehandelde klachten afgeschermd, en dat zou anders uit het verschil tussen twee kwartalen terug te rekenen zijn.".into());
    }
    if report.now.median == Shown::Withheld(u64::from(threshold)) {
        notes.push(format!(
            "De mediaan en de langste behandelduur staan er alleen als ten minste {threshold} klachten in het kwartaal zijn afgehandeld; in dit kwartaal waren het er minder."
        ));
    }
    if report
        .year
        .hidden
        .contains(&Some(super::suppress::Reason::Inherited))
    {
        notes.push("In de kolom met het jaar tot nu toe blijft een cijfer afgeschermd als het in een eerder kwartaal van dit jaar was afgeschermd, zodat het niet door aftrekken te vinden is.".into());
    }
    notes.push("Elke gebeurtenis telt in het kwartaal waarin zij plaatsvond: een klacht die in het ene kwartaal is ingediend en in het volgende is afgehandeld, telt in beide, elk voor dat deel. Een afgesloten kwartaal verandert daardoor niet meer.".into());
    notes.push("Deze rapportage bevat geen namen, dossiernummers, adressen, e-mailadressen, werkplekken of andere tekst uit de dossiers.".into());
    notes
}

/// The CSV of one quarter's figures: `indicator,categorie,waarde` (SPEC §6).
fn csv(report: &Report, layout: &Layout, regulation: &Regulation) -> Vec<u8> {
    let reporting = &regulation.reporting;
    let mut rows: Vec<(&str, String, Shown)> = Vec::new();
    let now = &report.now;
    let cell = |c: usize| now.shown[c];
    let list = |rows: &mut Vec<(&str, String, Shown)>,
                indicator: &'static str,
                range: std::ops::Range<usize>,
                names: &[&str]| {
        for (c, name) in range.zip(names.iter().copied().chain(["niet_geregistreerd"])) {
            if report.displayed[c] {
                rows.push((indicator, name.to_string(), cell(c)));
            }
        }
    };
    rows.push(("ingediend", String::new(), cell(INGEDIEND)));
    let onderwerpen: Vec<&str> = reporting.onderwerpen.iter().map(String::as_str).collect();
    list(
        &mut rows,
        "onderwerp",
        layout.onderwerp.clone(),
        &onderwerpen,
    );
    let wijzen: Vec<&str> = reporting.wijzen.iter().map(String::as_str).collect();
    let oordelen: Vec<&str> = reporting.oordelen.iter().map(String::as_str).collect();
    list(&mut rows, "wijze", layout.wijze.clone(), &wijzen);
    rows.push(("afgehandeld", String::new(), cell(layout.afgehandeld())));
    list(&mut rows, "oordeel", layout.oordeel.clone(), &oordelen);
    rows.push(("ingetrokken", String::new(), cell(layout.ingetrokken())));
    rows.push((
        "binnen_termijn",
        String::new(),
        cell(layout.binnen_termijn()),
    ));
    rows.push(("mediaan_dagen", String::new(), now.median));
    rows.push(("max_dagen", String::new(), now.max));
    for (c, name) in layout.maatregel.clone().zip(&reporting.maatregelen) {
        rows.push(("maatregel", name.clone(), cell(c)));
    }
    let declared = Declared::of(regulation);
    if declared.functionaris.is_some() {
        rows.push((
            "klachtenfunctionaris",
            String::new(),
            cell(layout.klachtenfunctionaris()),
        ));
    }
    if declared.commissie.is_some() {
        rows.push(("kcmd", String::new(), cell(layout.kcmd())));
    }
    rows.push((
        "open_einde_kwartaal",
        String::new(),
        cell(layout.open_einde_kwartaal()),
    ));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["indicator", "categorie", "waarde"]);
    for (indicator, categorie, shown) in rows {
        let _ = writer.write_record([indicator, categorie.as_str(), shown.csv().as_str()]);
    }
    writer.into_inner().unwrap_or_default()
}
