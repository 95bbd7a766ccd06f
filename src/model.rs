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
    /// The place letters are sent from ("Groningen, 24 november 2026").
    pub plaats: Option<String>,
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

/// A value and the line it came from (for a register row: the row's line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

impl<T> At<T> {
    pub fn new(value: T, line: usize) -> At<T> {
        At { value, line }
    }
}

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A case file `data/cases/*.yaml`.
    CaseFile,
    /// A row of a register `data/*.csv`: only its columns are known.
    Register,
}

/// `indiener.rol` (footnote ¹).
pub const ROLES: [&str; 3] = ["klant", "vertegenwoordiger", "nabestaande"];
/// `betreft.soort` (art. 1).
pub const SUBJECT_KINDS: [&str; 2] = ["medewerker", "namens_organisatie"];
/// `ingediend.wijze`.
pub const WAYS: [&str; 3] = ["schriftelijk", "mondeling", "digitaal"];
/// `ingediend.bij`.
pub const FILED_WITH: [&str; 3] = ["manager", "klachtenfunctionaris", "klachtencommissie"];
/// `oordeel` of an `uitslag`.
pub const OUTCOMES: [&str; 5] = [
    "gegrond",
    "deels_gegrond",
    "ongegrond",
    "opgelost",
    "niet_ontvankelijk",
];

/// One complaint case, from a case file or a register row.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: At<String>,
    pub origin: Origin,
    /// Project-relative file.
    pub file: String,
    pub indiener: Complainant,
    pub traject_soort: Option<At<String>>,
    pub opdrachtgever: Option<At<String>>,
    pub werkplek: Option<At<String>>,
    pub betreft_naam: Option<At<String>>,
    pub betreft_soort: Option<At<String>>,
    pub onderwerp: Option<At<String>>,
    pub omschrijving: Option<At<String>>,
    pub gebeurtenis: Option<At<NaiveDate>>,
    pub ingediend: At<NaiveDate>,
    pub wijze: Option<At<String>>,
    /// `ingediend.bij`; defaults to manager.
    pub bij: At<String>,
    pub behandelaar_naam: Option<At<String>>,
    pub behandelaar_betrokken: Option<At<bool>>,
    /// The steps of `verloop`, in date order.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Default)]
pub struct Complainant {
    pub naam: Option<At<String>>,
    /// Defaults to klant.
    pub rol: Option<At<String>>,
    pub adres: Option<At<String>>,
    pub email: Option<At<String>>,
}

/// A measure taken (`maatregelen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub soort: String,
    pub omschrijving: Option<String>,
}

/// One step of `verloop`.
#[derive(Debug, Clone)]
pub struct Step {
    pub date: NaiveDate,
    pub line: usize,
    pub kind: StepKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    ReactieGevraagd,
    ReactieOntvangen,
    Gesprek {
        verslag_verzonden: Option<NaiveDate>,
        deelnemers: Vec<String>,
    },
    Bevestiging {
        afspraken: Vec<String>,
    },
    Uitslag {
        oordeel: Option<String>,
        motivering: Option<String>,
        /// `None`: not recorded; `Some(empty)`: explicitly none.
        maatregelen: Option<Vec<Measure>>,
    },
    Ingetrokken {
        bevestigd: Option<NaiveDate>,
    },
    Klachtenfunctionaris,
    KcmdIngediend,
    KcmdOntvankelijk,
    KcmdNietOntvankelijk,
    KcmdZitting {
        verslag_verzonden: Option<NaiveDate>,
    },
    KcmdUitspraak {
        maatregelen: Option<Vec<Measure>>,
    },
    MaatregelenGemeld,
    UwvArbeidsdeskundige,
}

impl StepKind {
    /// The `stap` names of SPEC §3.1, in the order a case usually runs.
    pub const NAMES: [&'static str; 14] = [
        "reactie_gevraagd",
        "reactie_ontvangen",
        "gesprek",
        "bevestiging",
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

    pub fn name(&self) -> &'static str {
        match self {
            StepKind::ReactieGevraagd => "reactie_gevraagd",
            StepKind::ReactieOntvangen => "reactie_ontvangen",
            StepKind::Gesprek { .. } => "gesprek",
            StepKind::Bevestiging { .. } => "bevestiging",
            StepKind::Uitslag { .. } => "uitslag",
            StepKind::Ingetrokken { .. } => "ingetrokken",
            StepKind::Klachtenfunctionaris => "klachtenfunctionaris",
            StepKind::KcmdIngediend => "kcmd_ingediend",
            StepKind::KcmdOntvankelijk => "kcmd_ontvankelijk",
            StepKind::KcmdNietOntvankelijk => "kcmd_niet_ontvankelijk",
            StepKind::KcmdZitting { .. } => "kcmd_zitting",
            StepKind::KcmdUitspraak { .. } => "kcmd_uitspraak",
            StepKind::MaatregelenGemeld => "maatregelen_gemeld",
            StepKind::UwvArbeidsdeskundige => "uwv_arbeidsdeskundige",
        }
    }
}

impl Case {
    /// Filed internally (bij manager or klachtenfunctionaris): art. 2–7 apply.
    pub fn internal(&self) -> bool {
        self.bij.value != "klachtencommissie"
    }

    /// The first step of a kind, by name.
    pub fn first(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.kind.name() == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps.iter().filter(move |s| s.kind.name() == name)
    }

    /// The step that closed the case: the first `uitslag` or `ingetrokken`.
    pub fn closing(&self) -> Option<&Step> {
        self.steps.iter().find(|s| {
            matches!(
                s.kind,
                StepKind::Uitslag { .. } | StepKind::Ingetrokken { .. }
            )
        })
    }

    pub fn uitslag(&self) -> Option<&Step> {
        self.first("uitslag")
    }

    /// The `oordeel` of the first `uitslag`, if any.
    pub fn oordeel(&self) -> Option<&str> {
        match &self.uitslag()?.kind {
            StepKind::Uitslag { oordeel, .. } => oordeel.as_deref(),
            _ => None,
        }
    }

    pub fn rol(&self) -> &str {
        self.indiener
            .rol
            .as_ref()
            .map_or("klant", |r| r.value.as_str())
    }

    pub fn is_uwv(&self) -> bool {
        self.traject_soort
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case("uwv"))
    }
}
