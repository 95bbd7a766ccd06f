//! Validated types: what the loaders hand to the rules and the renderers.
//! Built only by `load`; read everywhere else.

use crate::term::Duration;
use chrono::NaiveDate;

/// The regulation: front matter (SPEC §2) and its Markdown body.
#[derive(Debug, Clone)]
pub struct Regulation {
    /// Project-relative path, e.g. `content/klachtenreglement.md`.
    pub file: String,
    pub titel: String,
    pub organisatie: String,
    pub versie: Option<String>,
    pub geldig_vanaf: Option<NaiveDate>,
    pub website: Option<String>,
    pub terms: Terms,
    pub contact: Contacts,
    pub reporting: Reporting,
    /// The Markdown body, unchanged.
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: usize,
}

/// One term: its duration, the article that sets it, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub duration: Duration,
    pub article: u32,
    pub line: usize,
}

impl Term {
    pub fn after(&self, date: NaiveDate) -> NaiveDate {
        self.duration.after(date)
    }
}

/// The terms the rules use, by their front-matter key.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub ontvankelijkheid: Term,
    pub reactie_medewerker: Term,
    pub afhandeling: Term,
    pub kcmd_na_intern: Term,
    pub kcmd_rechtstreeks: Term,
    pub kcmd_uitspraak: Term,
    pub maatregelen_melden: Term,
}

impl Terms {
    pub const KEYS: [&'static str; 7] = [
        "ontvankelijkheid",
        "reactie_medewerker",
        "afhandeling",
        "kcmd_na_intern",
        "kcmd_rechtstreeks",
        "kcmd_uitspraak",
        "maatregelen_melden",
    ];

    /// Every term with its key, in the order of `KEYS`.
    pub fn all(&self) -> [(&'static str, &Term); 7] {
        [
            ("ontvankelijkheid", &self.ontvankelijkheid),
            ("reactie_medewerker", &self.reactie_medewerker),
            ("afhandeling", &self.afhandeling),
            ("kcmd_na_intern", &self.kcmd_na_intern),
            ("kcmd_rechtstreeks", &self.kcmd_rechtstreeks),
            ("kcmd_uitspraak", &self.kcmd_uitspraak),
            ("maatregelen_melden", &self.maatregelen_melden),
        ]
    }
}

#[derive(Debug, Clone, Default)]
pub struct Contacts {
    pub klachtenfunctionaris: Option<Contact>,
    pub klachtencommissie: Option<Contact>,
}

/// A contact card: a person or a body such as the KcMD.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub naam: String,
    pub afkorting: Option<String>,
    pub t_a_v: Option<String>,
    pub adres: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
    pub kenmerk: Option<String>,
}

/// Settings of the anonymised reports (SPEC §6).
#[derive(Debug, Clone)]
pub struct Reporting {
    pub minimum_aantal: u32,
    pub onderwerpen: Vec<String>,
    pub maatregelen: Vec<String>,
}

/// An extra page `content/<naam>.md`.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: String,
    /// The output name without extension (the file's stem).
    pub slug: String,
    pub titel: String,
    pub beschrijving: Option<String>,
    pub volgorde: i64,
    pub body: String,
}
