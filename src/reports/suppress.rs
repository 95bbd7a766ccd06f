//! Small-cell suppression (SPEC §6): which figures a report may show.
//!
//! A column of a report (one quarter, or the year so far) is a list of
//! cells. *Primary* suppression hides every count from 1 to N − 1 (N =
//! `rapportage.minimum_aantal`); it is shown as "< N". *Secondary*
//! suppression then makes sure no hidden cell can be worked out from a total
//! and its neighbours: in every group (a total and the cells that add up to
//! it: onderwerp, wijze, oordeel with ingetrokken, within and after the term)
//! the hidden cells must leave each of them more than one possible value,
//! given what the reader can see ("< N" means 0 to N − 1, "≥ N" means N or
//! more). While one is still determined, the next cell is hidden too: a 0
//! first (shown as "< N", which is true), else the smallest count (shown as
//! "≥ N"). A large total that has to be hidden takes all its groups' cells
//! with it. The year-to-date column also hides every cell that was hidden in
//! one of that year's quarters, so the quarters cannot be subtracted from it.

use super::tally::Counts;
use crate::model::Reporting;
use std::ops::Range;

/// How one figure appears in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    /// Hidden, and below the threshold: "< N".
    Below(u64),
    /// Hidden to protect a small cell, and at least the threshold: "≥ N".
    AtLeast(u64),
    /// A median or maximum of fewer than N closed complaints: not shown.
    Withheld(u64),
}

impl Shown {
    /// For HTML and Markdown.
    pub fn text(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Below(n) => format!("< {n}"),
            Shown::AtLeast(n) => format!("≥ {n}"),
            Shown::Withheld(_) => "niet getoond".to_string(),
        }
    }

    /// For the CSV: a whole number or `< N` (SPEC §6), and `>= N` for a
    /// large cell hidden to protect a small one.
    pub fn csv(self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Below(n) | Shown::Withheld(n) => format!("< {n}"),
            Shown::AtLeast(n) => format!(">= {n}"),
        }
    }

    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// Why a cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// 1 to N − 1.
    Small,
    /// To keep a small cell from being worked out.
    Secondary,
    /// Hidden in an earlier quarter of the year (year-to-date only).
    Inherited,
}

/// Where each figure sits in a column; the same for every column of a project.
#[derive(Debug, Clone)]
pub struct Layout {
    pub onderwerp: Range<usize>,
    pub wijze: Range<usize>,
    pub oordeel: Range<usize>,
    pub maatregel: Range<usize>,
    pub len: usize,
}

pub const INGEDIEND: usize = 0;

impl Layout {
    pub fn new(reporting: &Reporting) -> Layout {
        let onderwerp = 1..2 + reporting.onderwerpen.len();
        let wijze = onderwerp.end..onderwerp.end + reporting.wijzen.len() + 1;
        let oordeel = wijze.end + 1..wijze.end + 2 + reporting.oordelen.len();
        let maatregel = oordeel.end + 3..oordeel.end + 3 + reporting.maatregelen.len();
        Layout {
            len: maatregel.end + 3,
            onderwerp,
            wijze,
            oordeel,
            maatregel,
        }
    }

    pub fn afgehandeld(&self) -> usize {
        self.wijze.end
    }
    pub fn ingetrokken(&self) -> usize {
        self.oordeel.end
    }
    pub fn binnen_termijn(&self) -> usize {
        self.oordeel.end + 1
    }
    /// Closed after the term: not in the CSV (it is afgehandeld minus
    /// binnen_termijn), but shown, and protected like the others.
    pub fn buiten_termijn(&self) -> usize {
        self.oordeel.end + 2
    }
    pub fn klachtenfunctionaris(&self) -> usize {
        self.maatregel.end
    }
    pub fn kcmd(&self) -> usize {
        self.maatregel.end + 1
    }
    pub fn open_einde_kwartaal(&self) -> usize {
        self.maatregel.end + 2
    }

    /// The groups of a total and the cells that add up to it.
    fn groups(&self) -> Vec<(usize, Vec<usize>)> {
        let mut closed: Vec<usize> = self.oordeel.clone().collect();
        closed.push(self.ingetrokken());
        vec![
            (INGEDIEND, self.onderwerp.clone().collect()),
            (INGEDIEND, self.wijze.clone().collect()),
            (self.afgehandeld(), closed),
            (
                self.afgehandeld(),
                vec![self.binnen_termijn(), self.buiten_termijn()],
            ),
        ]
    }

    /// The cells of a column, in layout order.
    pub fn values(&self, counts: &Counts, open: u64) -> Vec<u64> {
        let mut values = Vec::with_capacity(self.len);
        values.push(counts.ingediend);
        values.extend(&counts.onderwerp);
        values.extend(&counts.wijze);
        values.push(counts.afgehandeld);
        values.extend(&counts.oordeel);
        values.push(counts.ingetrokken);
        values.push(counts.binnen_termijn);
        values.push(counts.afgehandeld - counts.binnen_termijn);
        values.extend(&counts.maatregel);
        values.push(counts.klachtenfunctionaris);
        values.push(counts.kcmd);
        values.push(open);
        debug_assert_eq!(values.len(), self.len);
        values
    }

    /// The "niet geregistreerd" cells: shown only where one of a report's
    /// columns is not 0, so a 0 there is known and covers nothing.
    pub fn unrecorded(&self) -> [usize; 3] {
        [
            self.onderwerp.end - 1,
            self.wijze.end - 1,
            self.oordeel.end - 1,
        ]
    }
}

/// One column of a report as it may be shown.
#[derive(Debug, Clone)]
pub struct Column {
    pub values: Vec<u64>,
    pub hidden: Vec<Option<Reason>>,
    pub shown: Vec<Shown>,
    pub median: Shown,
    pub max: Shown,
}

impl Column {
    /// Suppresses the cells of `values`. `displayed[i]` says whether cell i
    /// appears at all; `forced` lists cells hidden beforehand (year to date).
    pub fn protect(
        layout: &Layout,
        counts: &Counts,
        open: u64,
        displayed: &[bool],
        forced: &[bool],
        threshold: u64,
    ) -> Column {
        let values = layout.values(counts, open);
        let mut hidden: Vec<Option<Reason>> = values
            .iter()
            .zip(forced)
            .map(|(&v, &forced)| {
                if forced {
                    Some(Reason::Inherited)
                } else if (1..threshold).contains(&v) {
                    Some(Reason::Small)
                } else {
                    None
                }
            })
            .collect();
        let groups = layout.groups();
        loop {
            let mut changed = false;
            for (total, cells) in &groups {
                if hidden[*total].is_some() {
                    continue;
                }
                while determined(&values, &hidden, displayed, *total, cells, threshold) {
                    let cover = cells
                        .iter()
                        .copied()
                        .filter(|&c| displayed[c] && hidden[c].is_none())
                        .min_by_key(|&c| (values[c] != 0, values[c]));
                    changed = true;
                    match cover {
                        Some(c) => hidden[c] = Some(Reason::Secondary),
                        None => {
                            hidden[*total] = Some(Reason::Secondary);
                            break;
                        }
                    }
                }
            }
            // A large hidden total could be added up again from any group
            // that shows all its cells: hide them all.
            for (total, cells) in &groups {
                if hidden[*total].is_some() && values[*total] >= threshold {
                    for &c in cells {
                        if displayed[c] && hidden[c].is_none() {
                            hidden[c] = Some(Reason::Secondary);
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let shown = values
            .iter()
            .zip(&hidden)
            .map(|(&v, h)| match h {
                None => Shown::Count(v),
                Some(_) if v < threshold => Shown::Below(threshold),
                Some(_) => Shown::AtLeast(threshold),
            })
            .collect();
        let enough = counts.afgehandeld >= threshold;
        let statistic = |value: Option<u64>| match value {
            Some(v) if enough => Shown::Count(v),
            _ => Shown::Withheld(threshold),
        };
        Column {
            median: statistic(counts.median_days()),
            max: statistic(counts.max_days()),
            values,
            hidden,
            shown,
        }
    }

    /// Hides one more cell to protect others (outside its groups).
    pub fn hide(&mut self, cell: usize, threshold: u64) {
        if self.hidden[cell].is_none() {
            self.hidden[cell] = Some(Reason::Secondary);
            self.shown[cell] = if self.values[cell] < threshold {
                Shown::Below(threshold)
            } else {
                Shown::AtLeast(threshold)
            };
        }
    }

    /// How many cells of `range` are hidden as small, and how many to protect them.
    pub fn tally(&self, cells: impl IntoIterator<Item = usize>) -> (usize, usize) {
        let mut small = 0;
        let mut other = 0;
        for c in cells {
            match self.hidden[c] {
                Some(Reason::Small) => small += 1,
                Some(_) => other += 1,
                None => {}
            }
        }
        (small, other)
    }
}

/// Whether some hidden cell of the group has only one possible value, given
/// the visible total and cells and the bounds the display gives away.
fn determined(
    values: &[u64],
    hidden: &[Option<Reason>],
    displayed: &[bool],
    total: usize,
    cells: &[usize],
    threshold: u64,
) -> bool {
    let hidden_cells: Vec<usize> = cells
        .iter()
        .copied()
        .filter(|&c| displayed[c] && hidden[c].is_some())
        .collect();
    if hidden_cells.is_empty() {
        return false;
    }
    let visible: u64 = cells
        .iter()
        .filter(|&&c| hidden[c].is_none())
        .map(|&c| values[c])
        .sum();
    let rest = values[total].saturating_sub(visible);
    // Bounds per hidden cell: [0, N−1] for "< N", [N, ∞) for "≥ N".
    let bounds = |c: usize| {
        if values[c] < threshold {
            (0, Some(threshold - 1))
        } else {
            (threshold, None)
        }
    };
    let lows: u64 = hidden_cells.iter().map(|&c| bounds(c).0).sum();
    let highs: Option<u64> = hidden_cells.iter().map(|&c| bounds(c).1).sum();
    hidden_cells.iter().any(|&c| {
        let (low, high) = bounds(c);
        let others_low = lows - low;
        let others_high = highs.map(|h| h - high.unwrap_or(0));
        let least = match (others_high, high) {
            (Some(oh), Some(_)) => low.max(rest.saturating_sub(oh)),
            (Some(oh), None) => low.max(rest.saturating_sub(oh)),
            (None, _) => low,
        };
        let most = match high {
            Some(h) => h.min(rest.saturating_sub(others_low)),
            None => rest.saturating_sub(others_low),
        };
        least == most
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reporting() -> Reporting {
        Reporting::for_tests(&["a", "b", "c"], &["x"])
    }

    /// A column with the onderwerp cells `a, b, c` (and ingediend their sum),
    /// every way "schriftelijk".
    fn column(onderwerp: [u64; 3]) -> Column {
        let reporting = reporting();
        let layout = Layout::new(&reporting);
        let mut counts = Counts::new(&reporting);
        counts.onderwerp[..3].copy_from_slice(&onderwerp);
        counts.ingediend = onderwerp.iter().sum();
        counts.wijze[0] = counts.ingediend;
        let mut displayed = vec![true; layout.len];
        for c in layout.unrecorded() {
            displayed[c] = false;
        }
        Column::protect(&layout, &counts, 0, &displayed, &vec![false; layout.len], 5)
    }

    fn onderwerp(column: &Column) -> Vec<String> {
        (1..4).map(|c| column.shown[c].text()).collect()
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let c = column([7, 5, 0]);
        assert_eq!(onderwerp(&c), ["7", "5", "0"]);
        assert_eq!(c.shown[INGEDIEND], Shown::Count(12));
    }

    #[test]
    fn one_small_cell_takes_a_zero_with_it() {
        // 3 alone could be worked out as 13 − 10; with the 0 hidden as well
        // the reader only knows the two add up to 3.
        let c = column([10, 3, 0]);
        assert_eq!(onderwerp(&c), ["10", "< 5", "< 5"]);
        assert_eq!(c.tally(1..4), (1, 1));
    }

    #[test]
    fn without_a_zero_the_smallest_large_cell_is_hidden() {
        let c = column([20, 3, 6]);
        assert_eq!(onderwerp(&c), ["20", "< 5", "≥ 5"]);
        assert_eq!(c.shown[INGEDIEND], Shown::Count(29));
    }

    #[test]
    fn two_small_cells_that_could_only_be_four_each_take_a_third() {
        // 4 + 4 = 8 = 2 × (N − 1): both would be known to be 4.
        let c = column([10, 4, 4]);
        assert_eq!(onderwerp(&c), ["≥ 5", "< 5", "< 5"]);
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        let c = column([10, 1, 2]);
        assert_eq!(onderwerp(&c), ["10", "< 5", "< 5"]);
        assert_eq!(c.tally(1..4), (2, 0));
    }

    #[test]
    fn a_small_total_hides_its_cells_and_nothing_else() {
        let c = column([3, 0, 0]);
        assert_eq!(c.shown[INGEDIEND], Shown::Below(5));
        assert_eq!(onderwerp(&c), ["< 5", "0", "0"]);
    }

    #[test]
    fn median_needs_enough_closed() {
        let reporting = reporting();
        let layout = Layout::new(&reporting);
        let mut counts = Counts::new(&reporting);
        counts.afgehandeld = 4;
        counts.oordeel[0] = 4;
        counts.dagen.add(10, 4);
        let all = vec![true; layout.len];
        let column = Column::protect(&layout, &counts, 0, &all, &vec![false; layout.len], 5);
        assert_eq!(column.median, Shown::Withheld(5));
        assert_eq!(column.median.csv(), "< 5");
        counts.afgehandeld = 5;
        counts.oordeel[0] = 5;
        counts.dagen.add(12, 1);
        let column = Column::protect(&layout, &counts, 0, &all, &vec![false; layout.len], 5);
        assert_eq!(column.median, Shown::Count(10));
        assert_eq!(column.max, Shown::Count(12));
    }
}
