//! Counting: the only road from a case into the reports.
//!
//! [`Facts::of`] is the one function here that reads a [`Case`]. It keeps the
//! opdrachtgever, the dates of the events SPEC §6 counts and the categories
//! (onderwerp, wijze, oordeel, maatregel as indexes into the regulation's
//! lists) and nothing else: no name, id, address, e-mail, werkplek,
//! behandelaar or free text can reach a report, because none of it is in
//! `Facts`. [`Tally`] adds facts into counts per opdrachtgever and quarter;
//! its memory depends on the number of opdrachtgevers, quarters, categories
//! and distinct handling days, not on the number of cases.

use super::quarter::{Quarter, slug};
use crate::few::Few;
use crate::hash::same_text;
use crate::model::{Case, Reporting, StepKind};
use crate::procedure::Procedure;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The index of "niet geregistreerd" in a category list: one past its end.
pub fn unrecorded(categories: usize) -> usize {
    categories
}

/// What one case contributes to the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts<'a> {
    pub opdrachtgever: &'a str,
    pub ingediend: NaiveDate,
    /// Index into `rapportage.onderwerpen`, or its length when not recorded.
    pub onderwerp: usize,
    /// Index into `rapportage.wijzen`, or its length when not recorded.
    pub wijze: usize,
    pub closed: Option<Closed>,
    /// Indexes into `rapportage.maatregelen` of the measures of the `uitslag`.
    pub maatregelen: Few<usize, 4>,
    pub klachtenfunctionaris: Few<NaiveDate, 2>,
    pub kcmd: Few<NaiveDate, 2>,
}

/// `text` without the whitespace around it, as [`str::trim`]; most names
/// have none, and a visible ASCII character at both ends says so at once.
fn trimmed(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// How and when a case was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed {
    pub date: NaiveDate,
    /// Days from `ingediend` to the closing step.
    pub days: u32,
    /// Closed on or before ingediend + afhandeling.
    pub within_term: bool,
    /// Index into `rapportage.oordelen` (its length when the `uitslag` has no
    /// oordeel); `None` when the case was withdrawn.
    pub oordeel: Option<usize>,
}

impl<'a> Facts<'a> {
    /// The facts of `case`, or `None` when it has no opdrachtgever (it then
    /// belongs in no report; `register-complete` already reports it).
    /// `series`: the one name every case reports under when reports are not
    /// made per opdrachtgever (`rapportage.per_opdrachtgever: nee`).
    pub fn of(
        case: &'a Case,
        reporting: &Reporting,
        procedure: &Procedure,
        series: Option<&'a str>,
    ) -> Option<Facts<'a>> {
        let opdrachtgever = match series {
            Some(name) => name,
            None => trimmed(&case.opdrachtgever.as_ref()?.value),
        };
        if opdrachtgever.is_empty() {
            return None;
        }
        let ingediend = case.ingediend.value;
        let position = |list: &[String], value: Option<&str>| {
            value
                .and_then(|v| list.iter().position(|item| same_text(item, v)))
                .unwrap_or(list.len())
        };
        let onderwerp = position(
            &reporting.onderwerpen,
            case.onderwerp.as_ref().map(|o| o.value.as_str()),
        );
        let oordelen = &reporting.oordelen;
        let wijze = position(
            &reporting.wijzen,
            case.wijze.as_ref().map(|w| w.value.as_str()),
        );
        // One pass over the steps: the closing one (the first `uitslag` or
        // `ingetrokken`, as `Case::closing`) and the dates of the steps
        // named as `Case::all` finds them.
        let mut closing = None;
        let mut klachtenfunctionaris = Few::new(NaiveDate::MIN);
        let mut kcmd = Few::new(NaiveDate::MIN);
        for step in &case.steps {
            let dates = match &step.kind {
                StepKind::Uitslag { .. } | StepKind::Ingetrokken { .. } => {
                    closing = closing.or(Some(step));
                    continue;
                }
                StepKind::Klachtenfunctionaris => &mut klachtenfunctionaris,
                StepKind::KcmdIngediend => &mut kcmd,
                StepKind::Declared { name, .. } => match name.as_str() {
                    "klachtenfunctionaris" => &mut klachtenfunctionaris,
                    "kcmd_ingediend" => &mut kcmd,
                    _ => continue,
                },
                _ => continue,
            };
            dates.push(step.date);
        }
        let closed = closing.map(|step| {
            let oordeel = match &step.kind {
                StepKind::Uitslag { oordeel, .. } => Some(position(oordelen, oordeel.as_deref())),
                _ => None,
            };
            Closed {
                date: step.date,
                days: u32::try_from(step.date.num_days_from_ce() - ingediend.num_days_from_ce())
                    .unwrap_or(0),
                within_term: crate::rules::case::handling_due(case, procedure)
                    .is_some_and(|due| step.date <= due),
                oordeel,
            }
        });
        let mut maatregelen = Few::new(0);
        if let Some(StepKind::Uitslag {
            maatregelen: Some(measures),
            ..
        }) = closing.map(|s| &s.kind)
        {
            let index = |name: &str| {
                reporting
                    .maatregelen
                    .iter()
                    .position(|m| same_text(m, name))
            };
            if measures.is_empty() {
                index("geen").into_iter().for_each(|i| maatregelen.push(i));
            }
            for i in measures.iter().filter_map(|m| index(&m.soort)) {
                maatregelen.push(i);
            }
        }
        Some(Facts {
            opdrachtgever,
            ingediend,
            onderwerp,
            wijze,
            closed,
            maatregelen,
            klachtenfunctionaris,
            kcmd,
        })
    }
}

/// The counts of one opdrachtgever in one quarter (or summed over quarters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub ingediend: u64,
    /// Per onderwerp, plus one for "niet geregistreerd".
    pub onderwerp: Vec<u64>,
    /// Per wijze of the regulation, plus one for "niet geregistreerd".
    pub wijze: Vec<u64>,
    pub afgehandeld: u64,
    /// Per oordeel of the regulation, plus one for "niet geregistreerd".
    pub oordeel: Vec<u64>,
    pub ingetrokken: u64,
    pub binnen_termijn: u64,
    /// How many closed cases took each number of days.
    pub dagen: Days,
    /// Per maatregel of `rapportage.maatregelen`.
    pub maatregel: Vec<u64>,
    pub klachtenfunctionaris: u64,
    pub kcmd: u64,
}

impl Counts {
    pub fn new(reporting: &Reporting) -> Counts {
        Counts {
            ingediend: 0,
            onderwerp: vec![0; reporting.onderwerpen.len() + 1],
            wijze: vec![0; reporting.wijzen.len() + 1],
            afgehandeld: 0,
            oordeel: vec![0; reporting.oordelen.len() + 1],
            ingetrokken: 0,
            binnen_termijn: 0,
            dagen: Days::default(),
            maatregel: vec![0; reporting.maatregelen.len()],
            klachtenfunctionaris: 0,
            kcmd: 0,
        }
    }

    /// Adds `other` into these counts.
    pub fn add(&mut self, other: &Counts) {
        fn add_all(into: &mut [u64], from: &[u64]) {
            for (a, b) in into.iter_mut().zip(from) {
                *a += b;
            }
        }
        self.ingediend += other.ingediend;
        add_all(&mut self.onderwerp, &other.onderwerp);
        add_all(&mut self.wijze, &other.wijze);
        self.afgehandeld += other.afgehandeld;
        add_all(&mut self.oordeel, &other.oordeel);
        self.ingetrokken += other.ingetrokken;
        self.binnen_termijn += other.binnen_termijn;
        for (days, n) in other.dagen.iter() {
            self.dagen.add(days, n);
        }
        add_all(&mut self.maatregel, &other.maatregel);
        self.klachtenfunctionaris += other.klachtenfunctionaris;
        self.kcmd += other.kcmd;
    }

    /// Whether anything happened: a complaint filed, closed or escalated.
    pub fn any_event(&self) -> bool {
        self.ingediend + self.afgehandeld + self.klachtenfunctionaris + self.kcmd > 0
    }

    /// The median handling days: of an even count the mean of the middle
    /// two, rounded half up (SPEC §6). `None` when nothing was closed.
    pub fn median_days(&self) -> Option<u64> {
        let total: u64 = self.dagen.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return None;
        }
        // The 1-based ranks of the middle one (odd) or two (even).
        let (low, high) = (total.div_ceil(2), total / 2 + 1);
        let (mut low_value, mut seen) = (None, 0);
        for (days, n) in self.dagen.iter() {
            seen += n;
            if low_value.is_none() && seen >= low {
                low_value = Some(u64::from(days));
            }
            if seen >= high {
                let low_value = low_value.unwrap_or(u64::from(days));
                return Some(if total % 2 == 1 {
                    low_value
                } else {
                    (low_value + u64::from(days)).div_ceil(2)
                });
            }
        }
        None
    }

    pub fn max_days(&self) -> Option<u64> {
        self.dagen.longest().map(u64::from)
    }
}

/// How many closed cases took each number of days. Nearly every case is
/// closed within a year or so: those are counted in a list by their number
/// of days, which a case adds to without a search; longer ones in a map.
#[derive(Debug, Clone, Default)]
pub struct Days {
    /// The count of each number of days below [`Days::NEAR`], as far as any.
    near: Vec<u64>,
    far: BTreeMap<u32, u64>,
}

impl Days {
    const NEAR: u32 = 1024;

    /// Adds `n` cases that took `days`.
    pub fn add(&mut self, days: u32, n: u64) {
        if days >= Self::NEAR {
            *self.far.entry(days).or_default() += n;
            return;
        }
        let at = days as usize;
        if at >= self.near.len() {
            self.near.resize(at + 1, 0);
        }
        self.near[at] += n;
    }

    /// Each number of days that some cases took, in order, with how many.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        let near = (0..).zip(self.near.iter().copied());
        near.chain(self.far.iter().map(|(&days, &n)| (days, n)))
            .filter(|&(_, n)| n > 0)
    }

    /// The most days any case took.
    pub fn longest(&self) -> Option<u32> {
        match self.far.keys().next_back() {
            Some(&days) => Some(days),
            None => self.near.iter().rposition(|&n| n > 0).map(|at| at as u32),
        }
    }
}

impl PartialEq for Days {
    fn eq(&self, other: &Days) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Days {}

/// The counts of `quarter`, created when new.
fn counts_at<'q>(
    quarters: &'q mut BTreeMap<Quarter, Counts>,
    quarter: Quarter,
    reporting: &Reporting,
) -> &'q mut Counts {
    quarters
        .entry(quarter)
        .or_insert_with(|| Counts::new(reporting))
}

/// The one name every case reports under when reports are not made per
/// opdrachtgever (`rapportage.per_opdrachtgever: nee`): the organisation's.
pub fn series<'r>(reporting: &Reporting, organisatie: &'r str) -> Option<&'r str> {
    (!reporting.per_opdrachtgever).then_some(organisatie)
}

/// One opdrachtgever's counts per quarter.
#[derive(Debug, Clone)]
pub struct Client {
    /// The name as first seen in the data.
    pub name: String,
    pub slug: String,
    pub quarters: BTreeMap<Quarter, Counts>,
}

/// Counts of every opdrachtgever, filled one case at a time.
#[derive(Debug)]
pub struct Tally<'r> {
    reporting: &'r Reporting,
    procedure: &'r Procedure,
    /// The one series of an organisation without opdrachtgevers.
    series: Option<&'r str>,
    /// Index into `clients` by the name exactly as written.
    by_name: crate::hash::FastMap<String, usize>,
    clients: Vec<Client>,
    /// Cases without an opdrachtgever, in no report.
    pub without_client: u64,
}

impl<'r> Tally<'r> {
    pub fn new(
        reporting: &'r Reporting,
        procedure: &'r Procedure,
        organisatie: &'r str,
    ) -> Tally<'r> {
        Tally {
            reporting,
            procedure,
            series: series(reporting, organisatie),
            by_name: Default::default(),
            clients: Vec::new(),
            without_client: 0,
        }
    }

    /// Counts one case; each event in the quarter in which it happened.
    pub fn add(&mut self, case: &Case) {
        // Matched here rather than passed on, so the facts are not moved.
        match Facts::of(case, self.reporting, self.procedure, self.series) {
            Some(facts) => self.add_facts(&facts),
            None => self.without_client += 1,
        }
    }

    /// Counts the facts of one case, made elsewhere with [`Facts::of`]
    /// (`None`: a case without opdrachtgever).
    pub fn add_counted(&mut self, facts: Option<Facts>) {
        match facts {
            Some(facts) => self.add_facts(&facts),
            None => self.without_client += 1,
        }
    }

    pub fn add_facts(&mut self, facts: &Facts) {
        let index = match self.by_name.get(facts.opdrachtgever) {
            Some(&index) => index,
            None => {
                let index = self.clients.len();
                self.clients.push(Client {
                    name: facts.opdrachtgever.to_string(),
                    slug: slug(facts.opdrachtgever),
                    quarters: BTreeMap::new(),
                });
                self.by_name.insert(facts.opdrachtgever.to_string(), index);
                index
            }
        };
        let reporting = self.reporting;
        let quarters = &mut self.clients[index].quarters;
        let filed_in = Quarter::of(facts.ingediend);
        let filed = counts_at(quarters, filed_in, reporting);
        filed.ingediend += 1;
        filed.onderwerp[facts.onderwerp] += 1;
        filed.wijze[facts.wijze] += 1;
        if let Some(closed) = facts.closed {
            // Most cases close in the quarter they were filed in.
            let closed_in = Quarter::of(closed.date);
            let counts = if closed_in == filed_in {
                filed
            } else {
                counts_at(quarters, closed_in, reporting)
            };
            counts.afgehandeld += 1;
            match closed.oordeel {
                Some(oordeel) => counts.oordeel[oordeel] += 1,
                None => counts.ingetrokken += 1,
            }
            counts.binnen_termijn += u64::from(closed.within_term);
            counts.dagen.add(closed.days, 1);
            for &measure in facts.maatregelen.iter() {
                counts.maatregel[measure] += 1;
            }
        }
        for &date in facts.klachtenfunctionaris.iter() {
            counts_at(quarters, Quarter::of(date), reporting).klachtenfunctionaris += 1;
        }
        for &date in facts.kcmd.iter() {
            counts_at(quarters, Quarter::of(date), reporting).kcmd += 1;
        }
    }

    /// Empty counts of the same kind, to fill for a part of the cases.
    pub fn part(&self) -> Tally<'r> {
        Tally {
            reporting: self.reporting,
            procedure: self.procedure,
            series: self.series,
            by_name: Default::default(),
            clients: Vec::new(),
            without_client: 0,
        }
    }

    /// Adds the counts of the [`part`](Self::part) that follows these, as if
    /// its cases had been added one by one: an opdrachtgever first seen in
    /// the part comes after those seen before.
    pub fn merge(&mut self, part: Tally<'r>) {
        self.without_client += part.without_client;
        for client in part.clients {
            match self.by_name.get(&client.name) {
                Some(&index) => {
                    let quarters = &mut self.clients[index].quarters;
                    for (quarter, counts) in client.quarters {
                        match quarters.get_mut(&quarter) {
                            Some(existing) => existing.add(&counts),
                            None => {
                                quarters.insert(quarter, counts);
                            }
                        }
                    }
                }
                None => {
                    self.by_name.insert(client.name.clone(), self.clients.len());
                    self.clients.push(client);
                }
            }
        }
    }

    /// The opdrachtgevers, those whose names give the same slug ("Gemeente X",
    /// "gemeente x ") taken together under the first name seen, sorted by slug.
    pub fn finish(self) -> Vec<Client> {
        let mut merged: BTreeMap<String, Client> = BTreeMap::new();
        for mut client in self.clients {
            if client.slug.is_empty() {
                client.slug = "opdrachtgever".to_string();
            }
            match merged.get_mut(&client.slug) {
                Some(into) => {
                    for (quarter, counts) in client.quarters {
                        match into.quarters.get_mut(&quarter) {
                            Some(existing) => existing.add(&counts),
                            None => {
                                into.quarters.insert(quarter, counts);
                            }
                        }
                    }
                }
                None => {
                    merged.insert(client.slug.clone(), client);
                }
            }
        }
        merged.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts_with_days(days: &[u32]) -> Counts {
        let reporting = Reporting::for_tests(&[], &[]);
        let mut counts = Counts::new(&reporting);
        for &d in days {
            counts.dagen.add(d, 1);
        }
        counts
    }

    #[test]
    fn days_count_as_a_map_counts_them() {
        let mut days = Days::default();
        let mut map = BTreeMap::new();
        for (d, n) in [
            (3, 1),
            (0, 2),
            (1023, 1),
            (1024, 5),
            (3, 4),
            (40_000, 1),
            (1025, 0),
        ] {
            days.add(d, n);
            *map.entry(d).or_insert(0) += n;
        }
        map.retain(|_, n| *n > 0);
        assert_eq!(
            days.iter().collect::<Vec<_>>(),
            map.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(days.longest(), Some(40_000));
        let near_only = |list: &[u32]| {
            let mut days = Days::default();
            list.iter().for_each(|&d| days.add(d, 1));
            days
        };
        assert_eq!(near_only(&[5, 1023]).longest(), Some(1023));
        assert_eq!(near_only(&[]).longest(), None);
        // Counted in a longer list or a shorter one, the counts are the same.
        let mut grown = near_only(&[2, 900]);
        grown.near[900] = 0;
        assert_eq!(grown, near_only(&[2]));
        assert_ne!(near_only(&[2]), near_only(&[3]));
    }

    #[test]
    fn median_and_max() {
        let cases: [(&[u32], Option<u64>); 7] = [
            (&[], None),
            (&[7], Some(7)),
            (&[3, 10], Some(7)), // 6.5 rounded half up
            (&[4, 10], Some(7)),
            (&[1, 2, 40], Some(2)),
            (&[5, 5, 6, 9], Some(6)), // 5.5 → 6
            (&[2, 2, 2, 2], Some(2)),
        ];
        for (days, median) in cases {
            let counts = counts_with_days(days);
            assert_eq!(counts.median_days(), median, "{days:?}");
            assert_eq!(
                counts.max_days(),
                days.iter().max().map(|&d| u64::from(d)),
                "{days:?}"
            );
        }
    }
}
