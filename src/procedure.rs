//! The procedure a regulation declares in its front matter (SPEC §2.2): its
//! terms, the calendar they count on, the steps a case may record, which rules
//! run and the article each cites, and the value lists of case records.
//!
//! Loaded and validated once by `load::regulation`; rules, letters, the site
//! and reports ask it ("is `reactie_medewerker` declared? which article?")
//! instead of knowing the answer. It knows nothing of cases.

use crate::calendar::Calendar;
use crate::model::{ArticleRef, FILED_WITH, OUTCOMES, ROLES, WAYS};
use crate::term::Duration;
use chrono::NaiveDate;
use std::sync::{Arc, OnceLock};

/// The steps of SPEC §3.1 that need no declaration, in the order a case
/// usually runs.
pub const BUILT_IN_STEPS: [&str; 16] = [
    "ontvangstbevestiging",
    "reactie_gevraagd",
    "reactie_ontvangen",
    "gesprek",
    "bevestiging",
    "verdaagd",
    "uitslag",
    "ingetrokken",
    "klachtenfunctionaris",
    "kcmd_ingediend",
    "kcmd_ontvankelijk",
    "kcmd_niet_ontvankelijk",
    "kcmd_zitting",
    "kcmd_uitspraak",
    "maatregelen_gemeld",
    "uwv_arbeidsdeskundige",
];

/// The date fields built-in steps carry besides their own date.
pub const BUILT_IN_STEP_DATES: [(&str, &str); 3] = [
    ("gesprek", "verslag_verzonden"),
    ("kcmd_zitting", "verslag_verzonden"),
    ("ingetrokken", "bevestigd"),
];

/// Terms with a meaning of their own (SPEC §2.2) and the rules they drive.
pub const KNOWN_TERMS: [(&str, &[&str]); 9] = [
    ("ontvankelijkheid", &["admissibility"]),
    (
        "reactie_medewerker",
        &["response-requested", "response-term"],
    ),
    ("afhandeling", &["handling-term"]),
    ("ontvangstbevestiging", &["receipt-term"]),
    ("verslag", &["report-term"]),
    ("kcmd_na_intern", &["kcmd-after-internal-term"]),
    ("kcmd_rechtstreeks", &["kcmd-direct-term"]),
    ("kcmd_uitspraak", &["kcmd-ruling-term"]),
    ("maatregelen_melden", &["measures-notice-term"]),
];

/// A term with a meaning of its own, by its position in [`KNOWN_TERMS`];
/// made from its name at compile time ([`KnownTerm::named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownTerm(usize);

impl KnownTerm {
    /// The known term of this name; a name that is not known does not
    /// compile (when used in a constant).
    pub const fn named(name: &str) -> KnownTerm {
        let mut i = 0;
        while i < KNOWN_TERMS.len() {
            if crate::model::same_str(KNOWN_TERMS[i].0, name) {
                return KnownTerm(i);
            }
            i += 1;
        }
        panic!("not a known term")
    }
}

/// Every rule id of SPEC §4 that `regels:` may switch off or give an article
/// (besides `term-<name>` of a declared term).
pub const RULES: [&str; 23] = [
    "schema",
    "date-order",
    "duplicate-id",
    "complainant-role",
    "scope",
    "admissibility",
    "handler-involved",
    "response-requested",
    "response-term",
    "conversation-report",
    "confirmation",
    "outcome-reasoned",
    "handling-term",
    "withdrawal-confirmed",
    "kcmd-after-internal-term",
    "kcmd-direct-term",
    "kcmd-ruling-term",
    "measures-notice-term",
    "register-complete",
    "terms-match-text",
    "receipt-term",
    "report-term",
    "extension-late",
];

/// What a declared term runs from or to (`van`, `tot`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moment {
    /// `gebeurtenis`: the date of the event.
    Event,
    /// `ingediend`: the filing date.
    Filed,
    /// A step name: the date of its first occurrence.
    Step(String),
    /// `<step>.<date field>`, such as `gesprek.verslag_verzonden`.
    StepDate(String, String),
}

impl std::fmt::Display for Moment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Moment::Event => f.write_str("gebeurtenis"),
            Moment::Filed => f.write_str("ingediend"),
            Moment::Step(step) => f.write_str(step),
            Moment::StepDate(step, field) => write!(f, "{step}.{field}"),
        }
    }
}

/// Whose act a term bounds (`ernst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gravity {
    /// The organisation's own duty: late or missing is a violation.
    Duty,
    /// Someone else's act (a complainant's appeal, a commission's ruling):
    /// only a late act is reported, as a warning.
    Other,
}

/// `verlenging`: how much longer a term may become, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub duration: Duration,
    pub article: ArticleRef,
}

/// One term of `termijnen:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub duration: Duration,
    pub article: ArticleRef,
    /// The front-matter line of the term.
    pub line: usize,
    /// `van` and `tot`: set for declared terms; the known terms have their
    /// moments built into their rules.
    pub from: Option<Moment>,
    pub to: Option<Moment>,
    pub extension: Option<Extension>,
    pub gravity: Gravity,
    /// `inclusief: ja` (ontvankelijkheid): filing on event + duur is in time.
    pub inclusive: bool,
    /// `als`: the term applies only to cases with this step.
    pub only_with: Option<String>,
    /// `label`: how letters and messages name it.
    pub label: Option<String>,
    pub calendar: Arc<Calendar>,
    /// The due dates [`after`](Self::after) gave, by start date.
    pub remembered: Remembered,
}

impl Term {
    /// The due date of this term counted from `start`: the duration added on
    /// the regulation's calendar, then rolled over under the Atw.
    pub fn after(&self, start: NaiveDate) -> NaiveDate {
        self.remembered.get_or(start, || {
            self.calendar
                .roll_over(self.duration.add(start, &self.calendar))
        })
    }

    /// The due date after a timely extension: the unextended due date plus
    /// the `verlenging`, rolled over once at the end (SPEC §2.2).
    pub fn extended_after(&self, start: NaiveDate) -> Option<NaiveDate> {
        let extension = self.extension.as_ref()?;
        let unextended = self.duration.add(start, &self.calendar);
        Some(
            self.calendar
                .roll_over(extension.duration.add(unextended, &self.calendar)),
        )
    }

    /// Whether this is a term without a built-in meaning (it drives `term-<name>`).
    pub fn is_declared(&self) -> bool {
        !KNOWN_TERMS.iter().any(|(name, _)| *name == self.name)
    }

    /// "de reactie van de medewerker", or the term's name in words.
    pub fn label(&self) -> String {
        self.label
            .clone()
            .unwrap_or_else(|| format!("de termijn `{}`", self.name))
    }
}

/// The due dates a term gave, by start date. A register counts the same
/// few terms from the same few hundred dates, row after row: counting on
/// the calendar (working days, months, the Atw roll-over) is done once per
/// start date, not once per row.
///
/// Shared by every thread that checks rows: an entry is set once, by the
/// first thread to count its date, and read by all.
#[derive(Default)]
pub struct Remembered {
    entries: OnceLock<Box<[Entry]>>,
}

/// A start date and the due date counted from it, once set.
type Entry = OnceLock<(NaiveDate, NaiveDate)>;

impl Remembered {
    /// Entries, by day of the year: any eight years of dates without two of
    /// them sharing one (48 KiB, made at the first look-up). A date whose
    /// entry another date took is counted every time.
    const ENTRIES: usize = 8 << 9;

    /// The due date from `start`, counted by `count` when not remembered.
    fn get_or(&self, start: NaiveDate, count: impl FnOnce() -> NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        let entries = self
            .entries
            .get_or_init(|| (0..Self::ENTRIES).map(|_| Default::default()).collect());
        // The year and the day in it, as chrono keeps them: no counting.
        let day = (start.year() as u32) << 9 | start.ordinal0();
        let entry = &entries[day as usize % Self::ENTRIES];
        match entry.get() {
            Some(&(from, due)) if from == start => due,
            _ => {
                let due = count();
                // Another thread may have set it meanwhile, for this date
                // or another: then it stays as that thread set it.
                let _ = entry.set((start, due));
                due
            }
        }
    }
}

/// A copy starts with nothing remembered.
impl Clone for Remembered {
    fn clone(&self) -> Remembered {
        Remembered::default()
    }
}

/// What is remembered follows from the term: it never makes two differ.
impl PartialEq for Remembered {
    fn eq(&self, _: &Remembered) -> bool {
        true
    }
}

impl Eq for Remembered {}

impl std::fmt::Debug for Remembered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Remembered")
    }
}

/// The declared terms, in the order of the front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    list: Vec<Term>,
    /// Which of `list` have no built-in meaning, worked out once: every
    /// register row asks.
    declared: Vec<usize>,
    /// Per known term (in the order of [`KNOWN_TERMS`]), where `list` has
    /// it, worked out once: the rules ask for them in every register row.
    known: [Option<usize>; KNOWN_TERMS.len()],
}

impl Terms {
    pub fn new(list: Vec<Term>) -> Terms {
        let declared = (0..list.len()).filter(|&i| list[i].is_declared()).collect();
        let known = KNOWN_TERMS.map(|(name, _)| list.iter().position(|t| t.name == name));
        Terms {
            list,
            declared,
            known,
        }
    }

    pub fn get(&self, name: &str) -> Option<&Term> {
        self.list.iter().find(|t| t.name == name)
    }

    /// A known term, when the regulation declares it: [`get`](Self::get)
    /// without comparing names.
    pub fn known(&self, term: KnownTerm) -> Option<&Term> {
        self.known[term.0].map(|i| &self.list[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Term> {
        self.list.iter()
    }

    /// The terms without a built-in meaning, each driving `term-<name>`.
    pub fn declared(&self) -> impl Iterator<Item = &Term> {
        self.declared.iter().map(|&i| &self.list[i])
    }
}

/// A step of `stappen:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredStep {
    pub name: String,
    pub label: Option<String>,
    pub article: Option<ArticleRef>,
    pub line: usize,
    /// The date fields a case may give it (those the terms refer to, and
    /// `verslag_verzonden`).
    pub date_fields: Vec<String>,
}

/// What `regels:` says: each rule id with its setting and front-matter line,
/// in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    list: Vec<(String, RuleSetting, usize)>,
    /// Some rule is switched off: the check of every case asks.
    any_off: bool,
}

impl Rules {
    pub fn new(list: Vec<(String, RuleSetting, usize)>) -> Rules {
        let any_off = list
            .iter()
            .any(|(_, setting, _)| *setting == RuleSetting::Off);
        Rules { list, any_off }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (String, RuleSetting, usize)> {
        self.list.iter()
    }

    /// Whether `regels:` switches any rule off.
    pub fn any_off(&self) -> bool {
        self.any_off
    }
}

impl<'a> IntoIterator for &'a Rules {
    type Item = &'a (String, RuleSetting, usize);
    type IntoIter = std::slice::Iter<'a, (String, RuleSetting, usize)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// What `regels:` says of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Cites(Vec<ArticleRef>),
}

/// The value lists of case records (`waarden:`, SPEC §3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub rollen: Vec<String>,
    pub wijzen: Vec<String>,
    /// The first is the default of `ingediend.bij`.
    pub bij: Vec<String>,
    pub oordelen: Vec<String>,
}

impl Default for Values {
    fn default() -> Values {
        let list = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        Values {
            rollen: list(&ROLES),
            wijzen: list(&WAYS),
            bij: list(&FILED_WITH),
            oordelen: list(&OUTCOMES),
        }
    }
}

impl Values {
    /// The default of `ingediend.bij`: the first value.
    pub fn default_bij(&self) -> &str {
        default_bij(&self.bij)
    }
}

/// The default of `ingediend.bij` among declared values: the first, or none
/// (an empty value) when the regulation declares no place to file at all.
pub fn default_bij(bij: &[String]) -> &str {
    bij.first().map_or("", String::as_str)
}

/// Everything the front matter declares about how a complaint is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub terms: Terms,
    pub calendar: Arc<Calendar>,
    pub steps: Vec<DeclaredStep>,
    /// `regels:`: rule id, setting, front-matter line.
    pub rules: Rules,
    pub values: Values,
    /// Reports are made per opdrachtgever (`rapportage.per_opdrachtgever`),
    /// so every complaint must name one.
    pub per_opdrachtgever: bool,
}

impl Default for Procedure {
    fn default() -> Procedure {
        Procedure {
            terms: Terms::default(),
            calendar: Arc::default(),
            steps: Vec::new(),
            rules: Rules::default(),
            values: Values::default(),
            per_opdrachtgever: true,
        }
    }
}

impl Procedure {
    pub fn term(&self, name: &str) -> Option<&Term> {
        self.terms.get(name)
    }

    /// A known term, when the regulation declares it.
    pub fn known_term(&self, term: KnownTerm) -> Option<&Term> {
        self.terms.known(term)
    }

    pub fn step(&self, name: &str) -> Option<&DeclaredStep> {
        self.steps.iter().find(|s| s.name == name)
    }

    /// Whether a case may record this step: built in or declared.
    pub fn knows_step(&self, name: &str) -> bool {
        BUILT_IN_STEPS.contains(&name) || self.step(name).is_some()
    }

    /// Every step name a case may use.
    pub fn step_names(&self) -> Vec<&str> {
        BUILT_IN_STEPS
            .iter()
            .copied()
            .chain(self.steps.iter().map(|s| s.name.as_str()))
            .collect()
    }

    fn setting(&self, rule: &str) -> Option<&RuleSetting> {
        self.rules
            .iter()
            .find(|(r, _, _)| r == rule)
            .map(|(_, s, _)| s)
    }

    /// Whether `regels:` leaves the rule on.
    pub fn runs(&self, rule: &str) -> bool {
        self.setting(rule) != Some(&RuleSetting::Off)
    }

    /// The article a rule cites: its `regels:` article, else that of the
    /// term that drives it, else none (""). "4, 6", "3.7 lid 1".
    pub fn cites(&self, rule: &str, term: Option<&ArticleRef>) -> String {
        match self.cited(rule, term) {
            [one] => one.short(),
            all => all
                .iter()
                .map(ArticleRef::short)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The articles behind [`cites`](Self::cites), as references.
    pub fn articles_of(&self, rule: &str, term: Option<&ArticleRef>) -> Vec<ArticleRef> {
        self.cited(rule, term).to_vec()
    }

    /// The articles behind [`cites`](Self::cites), borrowed.
    fn cited<'a>(&'a self, rule: &str, term: Option<&'a ArticleRef>) -> &'a [ArticleRef] {
        match (self.setting(rule), term) {
            (Some(RuleSetting::Cites(articles)), _) if !articles.is_empty() => articles,
            (_, Some(article)) => std::slice::from_ref(article),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Unit;

    fn term(amount: u32, unit: Unit, calendar: Calendar) -> Term {
        Term {
            name: "afhandeling".to_string(),
            duration: Duration { amount, unit },
            article: ArticleRef::Article {
                number: "6".to_string(),
                lid: None,
            },
            line: 1,
            from: None,
            to: None,
            extension: None,
            gravity: Gravity::Duty,
            inclusive: false,
            only_with: None,
            label: None,
            calendar: Arc::new(calendar),
            remembered: Remembered::default(),
        }
    }

    /// A remembered due date is the one counted, also for dates further
    /// apart than the remembered entries reach (they share an entry), in
    /// any order, and at month and year ends, leap days and holidays.
    #[test]
    fn remembered_due_dates_are_the_counted_ones() {
        let closing_day = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        let terms = [
            term(5, Unit::WorkingDays, Calendar::new(vec![closing_day], true)),
            term(1, Unit::Months, Calendar::new(Vec::new(), false)),
            term(6, Unit::Weeks, Calendar::new(Vec::new(), true)),
        ];
        let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        // Twelve years of days, forwards and then backwards: dates eight
        // years apart share an entry, and either may have taken it.
        let days: Vec<NaiveDate> = (0..12 * 366)
            .chain((0..12 * 366).rev())
            .map(|n| first + chrono::Days::new(n))
            .collect();
        for term in &terms {
            let counted = |start: NaiveDate| {
                term.calendar
                    .roll_over(term.duration.add(start, &term.calendar))
            };
            for &start in &days {
                assert_eq!(
                    term.after(start),
                    counted(start),
                    "{start} + {}",
                    term.duration
                );
            }
        }
        let leap_day = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(
            terms[1].after(leap_day),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        // 24 December 2026, Thursday: Christmas, the weekend and the
        // closing day on Monday 28 December are not counted.
        assert_eq!(
            terms[0].after(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()),
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
        );
    }
}
