//! Quarters (`2026-Q3`) and the slugs of opdrachtgevers, as the report paths use them.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u8,
}

impl Quarter {
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month0() / 3 + 1) as u8,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let month = u32::from(self.number) * 3 - 2;
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("a quarter starts on a real date")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .expect("a quarter ends on a real date")
    }

    pub fn next(self) -> Quarter {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    pub fn prev(self) -> Quarter {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// The quarters of the same year up to and including this one.
    pub fn year_so_far(self) -> impl Iterator<Item = Quarter> {
        (1..=self.number).map(move |number| Quarter {
            year: self.year,
            number,
        })
    }

    /// "3e kwartaal 2026".
    pub fn dutch(self) -> String {
        format!("{}e kwartaal {}", self.number, self.year)
    }

    /// "1 juli tot en met 30 september 2026".
    pub fn dutch_span(self) -> String {
        let first = crate::term::dutch_date(self.first_day());
        let first = first
            .strip_suffix(&format!(" {}", self.year))
            .unwrap_or(&first)
            .to_string();
        format!(
            "{first} tot en met {}",
            crate::term::dutch_date(self.last_day())
        )
    }

    /// Reads `2026-Q3`, `2026Q3`, `Q3-2026`, `2026-K3` (K for kwartaal), in
    /// any case, with `-`, `/`, `_` or a space between the parts or nothing.
    pub fn parse(text: &str) -> Option<Quarter> {
        let text = text.trim().to_ascii_uppercase();
        let parts: Vec<&str> = text
            .split(['-', '/', '_', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let (year, quarter) = match parts.as_slice() {
            [one] => {
                let at = one.find(['Q', 'K'])?;
                if at == 0 {
                    (&one[2.min(one.len())..], &one[..2.min(one.len())])
                } else {
                    (&one[..at], &one[at..])
                }
            }
            [a, b] if a.starts_with(['Q', 'K']) => (*b, *a),
            [a, b] => (*a, *b),
            _ => return None,
        };
        let number: u8 = quarter.strip_prefix(['Q', 'K'])?.parse().ok()?;
        let year: i32 = year.parse().ok()?;
        ((1..=4).contains(&number) && (1000..=9999).contains(&year))
            .then_some(Quarter { year, number })
    }
}

impl fmt::Display for Quarter {
    /// `2026-Q3`, the form of the file names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

/// The opdrachtgever's folder name (SPEC §6): lower-cased, accents dropped,
/// every run of other characters than a–z and 0–9 one `-`, none at the ends.
/// `Gemeente Súdwest-Fryslân` → `gemeente-sudwest-fryslan`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = unaccent(c);
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The letter without its accent, for the letters Dutch and Frisian names use.
fn unaccent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(year: i32, number: u8) -> Quarter {
        Quarter { year, number }
    }

    #[test]
    fn quarter_spellings() {
        for text in [
            "2026-Q3", "2026Q3", "Q3-2026", "2026-K3", "2026k3", "q3 2026", "K3/2026",
        ] {
            assert_eq!(Quarter::parse(text), Some(q(2026, 3)), "{text}");
        }
        for text in ["2026-Q5", "2026-Q0", "Q3", "2026", "26-Q3", "2026-Q3-1", ""] {
            assert_eq!(Quarter::parse(text), None, "{text}");
        }
    }

    #[test]
    fn quarter_bounds_and_neighbours() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Quarter::of(date(2026, 3, 31)), q(2026, 1));
        assert_eq!(Quarter::of(date(2026, 4, 1)), q(2026, 2));
        assert_eq!(Quarter::of(date(2026, 12, 31)), q(2026, 4));
        assert_eq!(q(2026, 1).last_day(), date(2026, 3, 31));
        assert_eq!(q(2026, 4).last_day(), date(2026, 12, 31));
        assert_eq!(q(2026, 3).first_day(), date(2026, 7, 1));
        assert_eq!(q(2026, 1).prev(), q(2025, 4));
        assert_eq!(q(2025, 4).next(), q(2026, 1));
        assert_eq!(q(2026, 3).to_string(), "2026-Q3");
        assert_eq!(
            q(2026, 3).dutch_span(),
            "1 juli tot en met 30 september 2026"
        );
        assert_eq!(
            q(2026, 3).year_so_far().collect::<Vec<_>>(),
            [q(2026, 1), q(2026, 2), q(2026, 3)]
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Gemeente Súdwest-Fryslân"), "gemeente-sudwest-fryslan");
        assert_eq!(slug("UWV"), "uwv");
        assert_eq!(
            slug("  Gemeente  Groningen (WMO) "),
            "gemeente-groningen-wmo"
        );
        assert_eq!(slug("Één & Twee"), "een-twee");
        assert_eq!(slug("---"), "");
    }
}
