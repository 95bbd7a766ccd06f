//! The calendar terms are counted on (SPEC §2.2): working days, the public
//! holidays of the Algemene termijnenwet, the organisation's own closing days,
//! and the Atw roll-over of a due date that falls on a weekend or holiday.
//! Pure: dates in, dates out.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The days a regulation counts on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// `sluitingsdagen`: the organisation's closing days, sorted.
    closures: Vec<NaiveDate>,
    /// `algemene_termijnenwet: ja`: a due date on a Saturday, Sunday or public
    /// holiday moves to the next working day (Atw art. 1).
    roll_over: bool,
}

impl Calendar {
    pub fn new(mut closures: Vec<NaiveDate>, roll_over: bool) -> Calendar {
        closures.sort_unstable();
        closures.dedup();
        Calendar {
            closures,
            roll_over,
        }
    }

    pub fn rolls_over(&self) -> bool {
        self.roll_over
    }

    /// Monday to Friday, not a public holiday and not a closing day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && holiday(date).is_none() && self.closures.binary_search(&date).is_err()
    }

    /// The `n`-th working day after `date` (`date` itself never counts).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = next_day(day);
            if day == NaiveDate::MAX {
                return day;
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// A due date as the Algemene termijnenwet reads it: on a Saturday,
    /// Sunday or public holiday it moves to the next day that is none of
    /// these. Without `algemene_termijnenwet: ja` the date stays.
    pub fn roll_over(&self, due: NaiveDate) -> NaiveDate {
        if !self.roll_over {
            return due;
        }
        let mut day = due;
        while (is_weekend(day) || holiday(day).is_some()) && day != NaiveDate::MAX {
            day = next_day(day);
        }
        day
    }
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1))
        .unwrap_or(NaiveDate::MAX)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// The public holiday on `date`, if it is one: the *algemeen erkende
/// feestdagen* of Atw art. 3 (SPEC §2.2).
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let (month, day) = (date.month(), date.day());
    match (month, day) {
        (1, 1) => return Some("Nieuwjaarsdag"),
        (5, 5) => return Some("Bevrijdingsdag"),
        (12, 25) => return Some("eerste Kerstdag"),
        (12, 26) => return Some("tweede Kerstdag"),
        (4, 26) | (4, 27) if date == kings_day(date.year()) => return Some("Koningsdag"),
        _ => {}
    }
    if !(3..=6).contains(&month) {
        return None;
    }
    let from_easter = (date - easter(date.year())).num_days();
    match from_easter {
        -2 => Some("Goede Vrijdag"),
        1 => Some("tweede Paasdag"),
        39 => Some("Hemelvaartsdag"),
        50 => Some("tweede Pinksterdag"),
        _ => None,
    }
}

/// 27 April, or 26 April when the 27th is a Sunday.
fn kings_day(year: i32) -> NaiveDate {
    let day = NaiveDate::from_ymd_opt(year, 4, 27).unwrap_or(NaiveDate::MIN);
    if day.weekday() == Weekday::Sun {
        day.pred_opt().unwrap_or(day)
    } else {
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::parse_iso;

    fn d(text: &str) -> NaiveDate {
        parse_iso(text).unwrap()
    }

    #[test]
    fn every_holiday_of_2025_to_2028() {
        let table = [
            (
                2025,
                [
                    "2025-01-01",
                    "2025-04-18",
                    "2025-04-21",
                    "2025-04-26", // the 27th is a Sunday
                    "2025-05-05",
                    "2025-05-29",
                    "2025-06-09",
                    "2025-12-25",
                    "2025-12-26",
                ],
            ),
            (
                2026,
                [
                    "2026-01-01",
                    "2026-04-03",
                    "2026-04-06",
                    "2026-04-27",
                    "2026-05-05",
                    "2026-05-14",
                    "2026-05-25",
                    "2026-12-25",
                    "2026-12-26",
                ],
            ),
            (
                2027,
                [
                    "2027-01-01",
                    "2027-03-26",
                    "2027-03-29",
                    "2027-04-27",
                    "2027-05-05",
                    "2027-05-06",
                    "2027-05-17",
                    "2027-12-25",
                    "2027-12-26",
                ],
            ),
            (
                2028,
                [
                    "2028-01-01",
                    "2028-04-14",
                    "2028-04-17",
                    "2028-04-27",
                    "2028-05-05",
                    "2028-05-25",
                    "2028-06-05",
                    "2028-12-25",
                    "2028-12-26",
                ],
            ),
        ];
        for (year, want) in table {
            let mut found = Vec::new();
            let mut day = d(&format!("{year}-01-01"));
            while day.year() == year {
                if holiday(day).is_some() {
                    found.push(day.format("%Y-%m-%d").to_string());
                }
                day = next_day(day);
            }
            assert_eq!(found, want, "{year}");
        }
        assert_eq!(
            holiday(d("2025-04-27")),
            None,
            "Koningsdag moved to the 26th"
        );
        assert_eq!(holiday(d("2026-04-26")), None);
        assert_eq!(easter(2026), d("2026-04-05"));
        assert_eq!(easter(2027), d("2027-03-28"));
        assert_eq!(easter(2038), d("2038-04-25"));
    }

    #[test]
    fn working_days_skip_weekends_holidays_and_closing_days() {
        let calendar = Calendar::new(vec![d("2026-12-28"), d("2026-12-29")], false);
        let table = [
            // (start, working days, due)
            ("2026-03-02", 5, "2026-03-09"), // Monday: the next Monday
            ("2026-03-06", 1, "2026-03-09"), // Friday + 1: Monday
            ("2026-03-07", 1, "2026-03-09"), // a Saturday itself never counts
            ("2026-05-08", 5, "2026-05-18"), // across Hemelvaartsdag (Thu 14 May)
            ("2026-05-13", 1, "2026-05-15"), // the day before Hemelvaartsdag
            ("2026-04-01", 3, "2026-04-08"), // across Goede Vrijdag and tweede Paasdag
            ("2026-04-24", 2, "2026-04-29"), // across Koningsdag (Mon 27 April)
            ("2026-05-04", 1, "2026-05-06"), // across 5 mei
            ("2026-05-22", 1, "2026-05-26"), // across tweede Pinksterdag
            ("2026-12-23", 3, "2026-12-31"), // Christmas and two closing days
            ("2026-12-31", 1, "2027-01-04"), // Nieuwjaarsdag, then the weekend
            ("2026-03-02", 0, "2026-03-02"),
        ];
        for (start, n, due) in table {
            assert_eq!(
                calendar.add_working_days(d(start), n),
                d(due),
                "{start} + {n}"
            );
        }
    }

    #[test]
    fn due_dates_roll_over_only_under_the_atw() {
        let atw = Calendar::new(Vec::new(), true);
        let plain = Calendar::default();
        let table = [
            ("2026-03-07", "2026-03-09"), // Saturday → Monday
            ("2026-03-08", "2026-03-09"), // Sunday → Monday
            ("2026-03-09", "2026-03-09"), // a working day stays
            ("2026-04-03", "2026-04-07"), // Goede Vrijdag → past Easter → Tuesday
            ("2026-04-05", "2026-04-07"), // Easter Sunday → Tuesday
            ("2026-04-27", "2026-04-28"), // Koningsdag
            ("2026-12-25", "2026-12-28"), // Christmas → weekend → Monday
            ("2025-04-26", "2025-04-28"), // Koningsdag on a Saturday in 2025
            ("2026-05-14", "2026-05-15"), // Hemelvaartsdag
        ];
        for (due, rolled) in table {
            assert_eq!(atw.roll_over(d(due)), d(rolled), "{due}");
            assert_eq!(plain.roll_over(d(due)), d(due), "{due} without the Atw");
        }
        // Closing days count against working days but never move a due date.
        let closed = Calendar::new(vec![d("2026-03-09")], true);
        assert_eq!(closed.roll_over(d("2026-03-09")), d("2026-03-09"));
        assert!(!closed.is_working_day(d("2026-03-09")));
    }
}
