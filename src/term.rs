//! Terms (*termijnen*) and Dutch dates: parsing "6 weken", adding a term to a
//! date per SPEC §2, and writing dates the Dutch way ("24 november 2026").
//! Pure functions only.

use crate::calendar::Calendar;
use chrono::{Datelike, Months, NaiveDate};
use std::fmt;

/// The unit of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Days,
    /// Monday to Friday, without public holidays and closing days.
    WorkingDays,
    Weeks,
    Months,
    Years,
}

/// A duration from the regulation, such as "6 weken" or "1 jaar".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

impl Duration {
    /// Parses "`<n>` dag(en)|werkdag(en)|week|weken|maand(en)|jaar|jaren", `<n>` in digits or
    /// a Dutch number word ("een", "zes", "veertien", "twintig").
    pub fn parse(text: &str) -> Option<Duration> {
        let mut words = text.split_whitespace();
        let amount_word = words.next()?.to_lowercase();
        let unit_word = words.next()?.to_lowercase();
        if words.next().is_some() {
            return None;
        }
        let amount = match number_of_word(&amount_word) {
            Some(n) => n,
            None => amount_word.parse::<u32>().ok()?,
        };
        let unit = match unit_word.as_str() {
            "dag" | "dagen" => Unit::Days,
            "werkdag" | "werkdagen" => Unit::WorkingDays,
            "week" | "weken" => Unit::Weeks,
            "maand" | "maanden" => Unit::Months,
            "jaar" | "jaren" => Unit::Years,
            _ => return None,
        };
        if amount == 0 || amount > 1000 {
            return None;
        }
        Some(Duration { amount, unit })
    }

    /// The date this term after `start` ends on, on a calendar without
    /// closing days and without the Atw roll-over.
    pub fn after(self, start: NaiveDate) -> NaiveDate {
        self.add(start, &Calendar::default())
    }

    /// `start` plus this term: days and weeks add days; months and years add
    /// calendar months, clamped to the month's last day; working days count
    /// on `calendar` (SPEC §2.2). No roll-over: see [`Calendar::roll_over`].
    pub fn add(self, start: NaiveDate, calendar: &Calendar) -> NaiveDate {
        let added = match self.unit {
            Unit::WorkingDays => return calendar.add_working_days(start, self.amount),
            Unit::Days => start.checked_add_days(chrono::Days::new(u64::from(self.amount))),
            Unit::Weeks => start.checked_add_days(chrono::Days::new(7 * u64::from(self.amount))),
            Unit::Months => start.checked_add_months(Months::new(self.amount)),
            Unit::Years => start.checked_add_months(Months::new(12 * self.amount)),
        };
        added.unwrap_or(NaiveDate::MAX)
    }

    /// The ways the regulation's text may write this duration ("6 weken",
    /// "een maand", "geen jaar"), for the `terms-match-text` check.
    pub fn spellings(self) -> Vec<String> {
        let (one, many) = match self.unit {
            Unit::Days => ("dag", "dagen"),
            Unit::WorkingDays => ("werkdag", "werkdagen"),
            Unit::Weeks => ("week", "weken"),
            Unit::Months => ("maand", "maanden"),
            Unit::Years => ("jaar", "jaar"),
        };
        if self.amount == 1 {
            let mut forms = vec![
                format!("1 {one}"),
                format!("een {one}"),
                format!("één {one}"),
                format!("geen {one}"),
            ];
            if self.unit == Unit::Years {
                forms.push("1 jaren".to_string());
            }
            forms
        } else {
            let mut forms = vec![format!("{} {many}", self.amount)];
            if let Some(word) = number_word(self.amount) {
                forms.push(format!("{word} {many}"));
            }
            if self.unit == Unit::Years {
                forms.push(format!("{} jaren", self.amount));
            }
            forms
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match (self.unit, self.amount == 1) {
            (Unit::Days, true) => "dag",
            (Unit::Days, false) => "dagen",
            (Unit::WorkingDays, true) => "werkdag",
            (Unit::WorkingDays, false) => "werkdagen",
            (Unit::Weeks, true) => "week",
            (Unit::Weeks, false) => "weken",
            (Unit::Months, true) => "maand",
            (Unit::Months, false) => "maanden",
            (Unit::Years, _) => "jaar",
        };
        write!(f, "{} {word}", self.amount)
    }
}

/// Dutch number words from 2 to 20, as regulations write their terms.
const NUMBER_WORDS: [&str; 19] = [
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
];

fn number_word(n: u32) -> Option<&'static str> {
    NUMBER_WORDS.get(n.checked_sub(2)? as usize).copied()
}

/// "zes" → 6; "een"/"één" → 1.
fn number_of_word(word: &str) -> Option<u32> {
    match word {
        "een" | "één" => Some(1),
        _ => NUMBER_WORDS
            .iter()
            .position(|w| *w == word)
            .map(|i| i as u32 + 2),
    }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "24 november 2026".
pub fn dutch_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// Parses an ISO date `YYYY-MM-DD`.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() != 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Parses `YYYY-MM-DD`, `DD-MM-YYYY` or `D-M-YYYY` (also with `/` or `.`), as
/// registers exported from Excel write them.
pub fn parse_register_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = parse_iso(text) {
        return Some(date);
    }
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || day.is_empty() || day.len() > 2 || month.is_empty() || month.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Whether a date-like text names a day that does not exist ("2026-02-30"), so
/// the message can say "bestaat niet" instead of "ongeldig formaat".
pub fn is_impossible_date(text: &str) -> bool {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return false;
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(a) && all_digits(b) && all_digits(c) && parse_register_date(text).is_none()
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    #[test]
    fn parses_durations() {
        let cases = [
            ("6 weken", Some((6, Unit::Weeks))),
            ("2 weken", Some((2, Unit::Weeks))),
            ("1 week", Some((1, Unit::Weeks))),
            ("1 maand", Some((1, Unit::Months))),
            ("een maand", Some((1, Unit::Months))),
            ("6 maanden", Some((6, Unit::Months))),
            ("1 jaar", Some((1, Unit::Years))),
            ("een jaar", Some((1, Unit::Years))),
            ("2 jaren", Some((2, Unit::Years))),
            ("14 dagen", Some((14, Unit::Days))),
            ("1 dag", Some((1, Unit::Days))),
            ("6  Weken", Some((6, Unit::Weeks))),
            ("zes weken", Some((6, Unit::Weeks))),
            ("5 werkdagen", Some((5, Unit::WorkingDays))),
            ("vijf werkdagen", Some((5, Unit::WorkingDays))),
            ("1 werkdag", Some((1, Unit::WorkingDays))),
            ("Veertien dagen", Some((14, Unit::Days))),
            ("twintig dagen", Some((20, Unit::Days))),
            ("één jaar", Some((1, Unit::Years))),
            ("zesje weken", None),
            ("6", None),
            ("0 dagen", None),
            ("6 weken extra", None),
            ("6 fortnights", None),
        ];
        for (text, expected) in cases {
            let parsed = Duration::parse(text).map(|d| (d.amount, d.unit));
            assert_eq!(parsed, expected, "{text}");
        }
    }

    #[test]
    fn adds_terms_at_boundaries() {
        let cases = [
            ("2026-03-02", "2 weken", "2026-03-16"),
            ("2026-03-02", "6 weken", "2026-04-13"),
            ("2026-03-02", "14 dagen", "2026-03-16"),
            ("2026-08-31", "1 maand", "2026-09-30"),
            ("2026-08-31", "6 maanden", "2027-02-28"),
            ("2027-08-31", "6 maanden", "2028-02-29"),
            ("2026-01-31", "1 maand", "2026-02-28"),
            ("2028-01-31", "1 maand", "2028-02-29"),
            ("2028-02-29", "1 jaar", "2029-02-28"),
            ("2028-02-29", "4 jaar", "2032-02-29"),
            ("2026-12-31", "1 week", "2027-01-07"),
            ("2026-02-20", "1 jaar", "2027-02-20"),
        ];
        for (start, term, end) in cases {
            let term = Duration::parse(term).unwrap();
            assert_eq!(term.after(d(start)), d(end), "{start} + {term}");
        }
    }

    #[test]
    fn writes_dutch_dates_and_terms() {
        assert_eq!(dutch_date(d("2026-11-24")), "24 november 2026");
        assert_eq!(dutch_date(d("2026-03-01")), "1 maart 2026");
        assert_eq!(Duration::parse("1 maand").unwrap().to_string(), "1 maand");
        assert_eq!(Duration::parse("een jaar").unwrap().to_string(), "1 jaar");
        assert_eq!(Duration::parse("6 weken").unwrap().to_string(), "6 weken");
    }

    #[test]
    fn parses_register_dates() {
        let cases = [
            ("2026-03-02", Some("2026-03-02")),
            ("02-03-2026", Some("2026-03-02")),
            ("2-3-2026", Some("2026-03-02")),
            ("2/3/2026", Some("2026-03-02")),
            ("29-02-2028", Some("2028-02-29")),
            ("29-02-2026", None),
            ("2026-02-30", None),
            ("03/02/26", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_register_date(text), expected.map(d), "{text}");
        }
        assert!(is_impossible_date("2026-02-30"));
        assert!(!is_impossible_date("gisteren"));
    }

    #[test]
    fn spellings_cover_the_regulation_text() {
        let year = Duration::parse("1 jaar").unwrap().spellings();
        assert!(year.contains(&"geen jaar".to_string()));
        let month = Duration::parse("1 maand").unwrap().spellings();
        assert!(month.contains(&"een maand".to_string()));
        let weeks = Duration::parse("6 weken").unwrap().spellings();
        assert!(weeks.contains(&"6 weken".to_string()));
        assert!(weeks.contains(&"zes weken".to_string()));
        let working = Duration::parse("5 werkdagen").unwrap().spellings();
        assert!(working.contains(&"vijf werkdagen".to_string()));
        assert_eq!(
            Duration::parse("vijf werkdagen").unwrap().to_string(),
            "5 werkdagen"
        );
        let days = Duration::parse("14 dagen").unwrap().spellings();
        assert!(days.contains(&"veertien dagen".to_string()));
    }
}
