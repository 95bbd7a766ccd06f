//! The anonymised quarterly reports per opdrachtgever (art. 15, SPEC §6).
//!
//! Cases come in through [`tally`] (the only code that reads a case: it
//! keeps dates and categories, never names or text), are counted per
//! opdrachtgever and quarter in one pass, and leave through [`suppress`]
//! (small cells hidden) and [`view`] (HTML with inline SVG charts, Markdown,
//! CSV, and the indexes). No disk access.

pub mod quarter;
pub mod suppress;
pub mod tally;
pub mod view;

use crate::model::Reporting;
use chrono::NaiveDate;
use quarter::Quarter;
use suppress::{Column, Layout};
use tally::{Client, Counts};

/// One report: an opdrachtgever's quarter, with the previous quarter and the
/// year so far beside it, each suppressed.
#[derive(Debug)]
pub struct Report<'a> {
    pub client: &'a Client,
    pub quarter: Quarter,
    /// The quarter is still running.
    pub voorlopig: bool,
    pub now: Column,
    pub previous: Column,
    pub year: Column,
    /// Which cells appear (the "niet geregistreerd" rows only where used).
    pub displayed: Vec<bool>,
}

/// Every report of `client` that has data, oldest first: from its first
/// quarter with an event up to the quarter of `today`, each quarter in which
/// something happened or complaints were still open.
pub fn reports_of<'a>(
    client: &'a Client,
    layout: &Layout,
    reporting: &Reporting,
    today: NaiveDate,
) -> Vec<Report<'a>> {
    let Some(&first) = client.quarters.keys().next() else {
        return Vec::new();
    };
    let current = Quarter::of(today);
    let last = client
        .quarters
        .keys()
        .next_back()
        .copied()
        .map_or(current, |q| q.max(current));
    let threshold = u64::from(reporting.minimum_aantal.max(1));
    let zero = Counts::new(reporting);
    let counts = |q: Quarter| client.quarters.get(&q).unwrap_or(&zero);

    let mut displayed = vec![true; layout.len];
    for cell in layout.unrecorded() {
        displayed[cell] = client
            .quarters
            .values()
            .any(|c| layout.values(c, 0)[cell] > 0);
    }
    let none = vec![false; layout.len];

    // Each quarter's own column, from the one before the first (all zero).
    let mut quarters = Vec::new();
    let mut open = 0u64;
    let mut q = first.prev();
    quarters.push((
        q,
        Column::protect(layout, &zero, 0, &displayed, &none, threshold),
        false,
    ));
    // open(Q) = open(Q−1) + ingediend(Q) − afgehandeld(Q): once a flow has
    // been hidden, the open count would give it away, in that quarter and
    // (through the next quarters' flows) in every later one.
    let mut flow_hidden = false;
    while q < last {
        q = q.next();
        let c = counts(q);
        open = (open + c.ingediend).saturating_sub(c.afgehandeld);
        let mut column = Column::protect(layout, c, open, &displayed, &none, threshold);
        flow_hidden |= column.hidden[suppress::INGEDIEND].is_some()
            || column.hidden[layout.afgehandeld()].is_some();
        if flow_hidden {
            column.hide(layout.open_einde_kwartaal(), threshold);
        }
        quarters.push((q, column, c.any_event() || open > 0));
    }

    let mut reports = Vec::new();
    for i in 1..quarters.len() {
        let (quarter, ref now, has_data) = quarters[i];
        if !has_data {
            continue;
        }
        let mut year_counts = Counts::new(reporting);
        let mut forced = vec![false; layout.len];
        for q in quarter.year_so_far() {
            year_counts.add(counts(q));
            if let Some((_, column, _)) = quarters.iter().find(|(at, _, _)| *at == q) {
                for (f, h) in forced.iter_mut().zip(&column.hidden) {
                    *f |= h.is_some();
                }
            }
        }
        let open_cell = layout.open_einde_kwartaal();
        forced[open_cell] = false;
        let open = now.values[open_cell];
        let mut year = Column::protect(layout, &year_counts, open, &displayed, &forced, threshold);
        // Open at the end is a stock, not a sum: the year ends where the quarter does.
        year.shown[open_cell] = now.shown[open_cell];
        year.hidden[open_cell] = now.hidden[open_cell];
        reports.push(Report {
            client,
            quarter,
            voorlopig: quarter >= Quarter::of(today),
            now: now.clone(),
            previous: quarters[i - 1].1.clone(),
            year,
            displayed: displayed.clone(),
        });
    }
    reports
}
