//! Validated types: what the loaders hand to the rules and the renderers.
//! Built only by `load`; read everywhere else.

use crate::procedure::{BUILT_IN_STEPS, Procedure};
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
    /// Terms, calendar, steps, rules and value lists (SPEC §2.2).
    pub procedure: Procedure,
    /// How the public page addresses the reader (`aanspreekvorm`).
    pub address: Address,
    /// The default role under a letter's signature (`behandelaar.functie`).
    pub functie: Option<String>,
    /// "De procedure in het kort" as the regulation writes it (`tijdlijn:`).
    pub timeline: Option<Vec<TimelineEntry>>,
    pub contact: Contacts,
    pub reporting: Reporting,
    /// The Markdown body, unchanged.
    pub body: String,
    /// The file line on which the body starts.
    pub body_line: usize,
    /// The body's articles, leden and chapters, as printed (SPEC §2.1).
    pub text: Text,
}

/// `aanspreekvorm`: how the public page's own words address the reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Address {
    Je,
    #[default]
    U,
}

/// One step of `tijdlijn:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub titel: String,
    pub tekst: Option<String>,
    /// The name of a declared term.
    pub termijn: Option<String>,
    pub artikel: Vec<ArticleRef>,
}

/// The bodies of `contact:` (SPEC §2.3), in declaration order.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    list: Vec<Contact>,
}

impl Contacts {
    pub fn new(list: Vec<Contact>) -> Contacts {
        Contacts { list }
    }

    pub fn get(&self, key: &str) -> Option<&Contact> {
        self.list.iter().find(|c| c.key == key)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Contact> {
        self.list.iter()
    }

    /// The independent official, when declared.
    pub fn klachtenfunctionaris(&self) -> Option<&Contact> {
        self.get("klachtenfunctionaris")
    }

    /// The external commission whose steps are `kcmd_*`, when declared.
    pub fn klachtencommissie(&self) -> Option<&Contact> {
        self.get("klachtencommissie")
    }

    /// The routes onward offered to a case on `traject` (its `traject.soort`),
    /// in declaration order.
    pub fn routes<'a>(&'a self, traject: Option<&'a str>) -> impl Iterator<Item = &'a Contact> {
        self.list.iter().filter(move |c| {
            c.route
                && c.als_traject
                    .as_deref()
                    .is_none_or(|soort| traject.is_some_and(|t| t.eq_ignore_ascii_case(soort)))
        })
    }
}

/// A body of `contact:`: a person or a body such as a commission.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    /// The front-matter key: `klachtenfunctionaris`, `nationale_ombudsman`.
    pub key: String,
    pub naam: String,
    /// The heading of its card; by default its role or its name.
    pub titel: String,
    pub afkorting: Option<String>,
    pub t_a_v: Option<String>,
    pub adres: Option<String>,
    pub email: Option<String>,
    pub telefoon: Option<String>,
    pub website: Option<String>,
    pub kenmerk: Option<String>,
    pub artikel: Option<ArticleRef>,
    /// The term bounding when one may turn to it.
    pub termijn: Option<String>,
    /// Offered as a next step in the uitslag letter and the timeline.
    pub route: bool,
    /// Only for cases whose `traject.soort` is this.
    pub als_traject: Option<String>,
    pub line: usize,
}

/// Settings of the anonymised reports (SPEC §6).
#[derive(Debug, Clone)]
pub struct Reporting {
    /// `per_opdrachtgever: nee`: one series over all complaints.
    pub per_opdrachtgever: bool,
    /// The article the reports rest on.
    pub artikel: Option<ArticleRef>,
    pub minimum_aantal: u32,
    pub onderwerpen: Vec<String>,
    pub maatregelen: Vec<String>,
    /// The regulation's `wijzen` and `oordelen` (`waarden:`, or the
    /// defaults), the categories the reports count by.
    pub wijzen: Vec<String>,
    pub oordelen: Vec<String>,
    /// `rapportage.blad`: the sheet of a workbook register (SPEC §3.2).
    pub blad: Option<String>,
}

#[cfg(test)]
impl Reporting {
    /// Reporting as the defaults have it (threshold 5, SPEC's wijzen and
    /// oordelen), with these onderwerpen and maatregelen: for unit tests.
    pub fn for_tests(onderwerpen: &[&str], maatregelen: &[&str]) -> Reporting {
        let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Reporting {
            per_opdrachtgever: true,
            artikel: None,
            minimum_aantal: 5,
            onderwerpen: words(onderwerpen),
            maatregelen: words(maatregelen),
            blad: None,
            wijzen: words(&WAYS),
            oordelen: words(&OUTCOMES),
        }
    }
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

/// `betreft.soort`: what the regulation covers.
pub const SUBJECT_KINDS: [&str; 2] = ["medewerker", "namens_organisatie"];
/// The default value lists of SPEC §3.1; a regulation may replace them under
/// `waarden:` (`procedure::Values`).
/// `indiener.rol`.
pub const ROLES: [&str; 3] = ["klant", "vertegenwoordiger", "nabestaande"];
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
    /// `ingediend.bij`; defaults to the first declared value.
    pub bij: At<String>,
    pub behandelaar_naam: Option<At<String>>,
    pub behandelaar_betrokken: Option<At<bool>>,
    /// `behandelaar.functie`: the role under the letters' signature.
    pub behandelaar_functie: Option<At<String>>,
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
    /// The written acknowledgement of receipt was sent.
    Ontvangstbevestiging,
    /// A term (default `afhandeling`) was extended by its `verlenging`.
    Verdaagd {
        termijn: String,
        reden: Option<String>,
    },
    /// A step declared under `stappen:`, with the date fields it was given.
    Declared {
        name: String,
        dates: Vec<(String, NaiveDate)>,
    },
}

impl StepKind {
    /// The `stap` names that need no declaration (SPEC §3.1).
    pub const NAMES: [&'static str; 16] = BUILT_IN_STEPS;

    pub fn name(&self) -> &str {
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
            StepKind::Ontvangstbevestiging => "ontvangstbevestiging",
            StepKind::Verdaagd { .. } => "verdaagd",
            StepKind::Declared { name, .. } => name,
        }
    }

    /// The position of this step's name in [`BUILT_IN_STEPS`], or `None`
    /// for a step of `stappen:`. What `Case::first` finds by name, without
    /// comparing names: only a declared step has its name looked up.
    #[inline]
    pub fn built_in(&self) -> Option<StepId> {
        let index = match self {
            StepKind::Ontvangstbevestiging => 0,
            StepKind::ReactieGevraagd => 1,
            StepKind::ReactieOntvangen => 2,
            StepKind::Gesprek { .. } => 3,
            StepKind::Bevestiging { .. } => 4,
            StepKind::Verdaagd { .. } => 5,
            StepKind::Uitslag { .. } => 6,
            StepKind::Ingetrokken { .. } => 7,
            StepKind::Klachtenfunctionaris => 8,
            StepKind::KcmdIngediend => 9,
            StepKind::KcmdOntvankelijk => 10,
            StepKind::KcmdNietOntvankelijk => 11,
            StepKind::KcmdZitting { .. } => 12,
            StepKind::KcmdUitspraak { .. } => 13,
            StepKind::MaatregelenGemeld => 14,
            StepKind::UwvArbeidsdeskundige => 15,
            StepKind::Declared { name, .. } => return built_in_named(name),
        };
        Some(StepId(index))
    }

    /// A date field of the step (`verslag_verzonden`, `bevestigd`, or one of
    /// a declared step).
    pub fn date_field(&self, field: &str) -> Option<NaiveDate> {
        match (self, field) {
            (
                StepKind::Gesprek {
                    verslag_verzonden, ..
                }
                | StepKind::KcmdZitting { verslag_verzonden },
                "verslag_verzonden",
            ) => *verslag_verzonden,
            (StepKind::Ingetrokken { bevestigd }, "bevestigd") => *bevestigd,
            (StepKind::Declared { dates, .. }, field) => {
                dates.iter().find(|(f, _)| f == field).map(|(_, d)| *d)
            }
            _ => None,
        }
    }
}

/// A built-in step, by its position in [`BUILT_IN_STEPS`]; made from its
/// name at compile time ([`StepId::named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepId(pub usize);

impl StepId {
    /// The built-in step of this name; a name that is not built in does
    /// not compile (when used in a constant).
    pub const fn named(name: &str) -> StepId {
        let mut i = 0;
        while i < BUILT_IN_STEPS.len() {
            if same_str(BUILT_IN_STEPS[i], name) {
                return StepId(i);
            }
            i += 1;
        }
        panic!("not a built-in step")
    }
}

/// The built-in step of this name, if any: a declared step never has one
/// (the loaders refuse it), so this is out of the way of [`StepKind::built_in`].
#[cold]
fn built_in_named(name: &str) -> Option<StepId> {
    BUILT_IN_STEPS.iter().position(|n| *n == name).map(StepId)
}

/// String equality usable in a constant.
pub const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Case {
    /// Filed with the organisation itself, not straight with the external
    /// commission: the rules of internal handling apply (SPEC §4).
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
}

/// A reference from the front matter to the regulation's text (SPEC §2.1):
/// `2`, `"3.7"`, `"6a"`, `"3.7 lid 2"` or `voetnoot 1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArticleRef {
    Article { number: String, lid: Option<u32> },
    Footnote(u32),
}

impl ArticleRef {
    /// Reads a reference as written in the front matter; also accepts a
    /// leading "artikel"/"art." ("artikel 3.7 lid 2").
    pub fn parse(text: &str) -> Option<ArticleRef> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let words = match words.as_slice() {
            [first, rest @ ..]
                if first.eq_ignore_ascii_case("artikel") || first.eq_ignore_ascii_case("art.") =>
            {
                rest
            }
            all => all,
        };
        match words {
            [word, n] if word.eq_ignore_ascii_case("voetnoot") => {
                n.parse().ok().filter(|n| *n > 0).map(ArticleRef::Footnote)
            }
            [number] => Some(ArticleRef::Article {
                number: article_number(number)?,
                lid: None,
            }),
            [number, word, lid] if word.eq_ignore_ascii_case("lid") => Some(ArticleRef::Article {
                number: article_number(number)?,
                lid: Some(lid.parse().ok().filter(|n| *n > 0)?),
            }),
            _ => None,
        }
    }

    /// How a finding's `article` names it: "3.7 lid 2", "fn ¹".
    pub fn short(&self) -> String {
        match self {
            ArticleRef::Footnote(n) => {
                const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
                let digits: String = n
                    .to_string()
                    .bytes()
                    .map(|b| SUPERSCRIPT[usize::from(b - b'0')])
                    .collect();
                format!("fn {digits}")
            }
            ArticleRef::Article { number, lid: None } => number.clone(),
            article => article.to_string(),
        }
    }

    /// "artikel 3.7 lid 2", "voetnoot 1".
    pub fn cited(&self) -> String {
        match self {
            ArticleRef::Article { .. } => format!("artikel {self}"),
            ArticleRef::Footnote(_) => self.to_string(),
        }
    }
}

/// "3.7 lid 2", "6a", "voetnoot 1": how findings and letters cite it.
impl std::fmt::Display for ArticleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArticleRef::Article { number, lid: None } => write!(f, "{number}"),
            ArticleRef::Article {
                number,
                lid: Some(lid),
            } => write!(f, "{number} lid {lid}"),
            ArticleRef::Footnote(n) => write!(f, "voetnoot {n}"),
        }
    }
}

/// An article number as printed: digits with optional `.`/`:`-separated
/// parts and an optional letter (`1`, `3.7`, `6a`, `9:11`). A closing `.`
/// is not part of it ("Artikel 4." is article 4).
pub fn article_number(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    let (number, rest) = split_article_number(text)?;
    rest.is_empty().then(|| number.to_string())
}

/// Splits a printed article number off the front of `text`:
/// ("3.7", " Termijn") for "3.7 Termijn". `None` when it does not start with one.
pub fn split_article_number(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut end = digits(0);
    if end == 0 {
        return None;
    }
    while end + 1 < bytes.len() && matches!(bytes[end], b'.' | b':') {
        let more = digits(end + 1);
        if more == 0 {
            break;
        }
        end += 1 + more;
    }
    if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        let after = bytes.get(end + 1);
        if !after.is_some_and(|b| b.is_ascii_alphanumeric()) {
            end += 1;
        }
    }
    if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some((&text[..end], &text[end..]))
}

/// The anchor slug of SPEC §2.1: lower-cased, every run of characters other
/// than a–z and 0–9 one `-` ("3.7" → "3-7", "9:11" → "9-11").
pub fn anchor_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The structure of the regulation's body, as printed (SPEC §2.1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub articles: Vec<Article>,
    pub chapters: Vec<Chapter>,
    /// The anchors of the footnotes, by number (`voetnoot 1` is the first).
    pub footnotes: Vec<String>,
}

/// One article: its printed number, title, text and leden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// As printed, without "Artikel" and a closing `.`: "1", "3.7", "6a".
    pub number: String,
    pub title: Option<String>,
    /// `artikel-3-7`.
    pub anchor: String,
    /// The file line of its heading (numbered list: of its item).
    pub line: usize,
    /// Index into `Text::chapters` of the chapter it stands in.
    pub chapter: Option<usize>,
    /// The plain text, without its heading.
    pub text: String,
    pub leden: Vec<Lid>,
}

/// A numbered paragraph (*lid*) of an article, with the lettered items and
/// paragraphs that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lid {
    pub number: u32,
    /// `artikel-3-7-lid-2`.
    pub anchor: String,
    pub line: usize,
    pub text: String,
}

/// A chapter heading ("Hoofdstuk 2", "Paragraaf 3", "§ 4").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The printed label: "Hoofdstuk 2", "§ 4".
    pub label: String,
    pub title: Option<String>,
    /// `hoofdstuk-2`, `paragraaf-4`.
    pub anchor: String,
    pub line: usize,
}

/// What a reference points at.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Article(&'a Article),
    Lid(&'a Article, &'a Lid),
    Footnote(&'a str),
}

impl Target<'_> {
    pub fn anchor(&self) -> &str {
        match self {
            Target::Article(article) => &article.anchor,
            Target::Lid(_, lid) => &lid.anchor,
            Target::Footnote(anchor) => anchor,
        }
    }
}

/// Why a reference does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    NoArticle,
    NoLid { leden: usize },
    NoFootnote { footnotes: usize },
}

impl Text {
    /// The first article printed with this number (compared ignoring case).
    pub fn article(&self, number: &str) -> Option<&Article> {
        self.articles
            .iter()
            .find(|a| a.number.eq_ignore_ascii_case(number))
    }

    /// The article, lid or footnote a reference names.
    pub fn resolve(&self, reference: &ArticleRef) -> Result<Target<'_>, Unresolved> {
        match reference {
            ArticleRef::Article { number, lid } => {
                let article = self.article(number).ok_or(Unresolved::NoArticle)?;
                match lid {
                    None => Ok(Target::Article(article)),
                    Some(n) => article
                        .leden
                        .iter()
                        .find(|l| l.number == *n)
                        .map(|l| Target::Lid(article, l))
                        .ok_or(Unresolved::NoLid {
                            leden: article.leden.len(),
                        }),
                }
            }
            ArticleRef::Footnote(n) => self
                .footnotes
                .get(*n as usize - 1)
                .map(|a| Target::Footnote(a))
                .ok_or(Unresolved::NoFootnote {
                    footnotes: self.footnotes.len(),
                }),
        }
    }
}

/// Orders article numbers as a reader would: 2 < 6 < 6a < 10 < 10.1.
pub fn article_order(number: &str) -> Vec<(u64, String)> {
    let mut key = Vec::new();
    for part in number.split(['.', ':']) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        let rest = part[digits.len()..].to_lowercase();
        key.push((digits.parse().unwrap_or(u64::MAX), rest));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_steps_are_found_by_their_position() {
        let kinds = [
            StepKind::ReactieGevraagd,
            StepKind::ReactieOntvangen,
            StepKind::Gesprek {
                verslag_verzonden: None,
                deelnemers: Vec::new(),
            },
            StepKind::Bevestiging {
                afspraken: Vec::new(),
            },
            StepKind::Uitslag {
                oordeel: None,
                motivering: None,
                maatregelen: None,
            },
            StepKind::Ingetrokken { bevestigd: None },
            StepKind::Klachtenfunctionaris,
            StepKind::KcmdIngediend,
            StepKind::KcmdOntvankelijk,
            StepKind::KcmdNietOntvankelijk,
            StepKind::KcmdZitting {
                verslag_verzonden: None,
            },
            StepKind::KcmdUitspraak { maatregelen: None },
            StepKind::MaatregelenGemeld,
            StepKind::UwvArbeidsdeskundige,
            StepKind::Ontvangstbevestiging,
            StepKind::Verdaagd {
                termijn: "afhandeling".to_string(),
                reden: None,
            },
        ];
        for kind in &kinds {
            let id = kind.built_in().expect("built in");
            assert_eq!(BUILT_IN_STEPS[id.0], kind.name());
            assert_eq!(StepId::named(kind.name()), id);
        }
        let declared = StepKind::Declared {
            name: "hoorzitting".to_string(),
            dates: Vec::new(),
        };
        assert_eq!(declared.built_in(), None);
    }

    #[test]
    fn references_in_every_written_form() {
        let article = |n: &str, lid: Option<u32>| {
            Some(ArticleRef::Article {
                number: n.to_string(),
                lid,
            })
        };
        let table = [
            ("2", article("2", None)),
            ("3.7", article("3.7", None)),
            ("6a", article("6a", None)),
            ("9:11", article("9:11", None)),
            ("3.7 lid 2", article("3.7", Some(2))),
            ("artikel 4 lid 1", article("4", Some(1))),
            ("Art. 5", article("5", None)),
            ("4.", article("4", None)),
            ("voetnoot 1", Some(ArticleRef::Footnote(1))),
            ("voetnoot 0", None),
            ("3.7 lid", None),
            ("3.7 lid twee", None),
            ("lid 2", None),
            ("acht", None),
            ("6ab", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(ArticleRef::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn references_print_as_cited() {
        let r = ArticleRef::parse("3.7 lid 2").unwrap();
        assert_eq!(r.to_string(), "3.7 lid 2");
        assert_eq!(r.cited(), "artikel 3.7 lid 2");
        assert_eq!(ArticleRef::Footnote(1).cited(), "voetnoot 1");
    }

    #[test]
    fn anchors_follow_the_slug_rule() {
        for (number, slug) in [
            ("1", "1"),
            ("3.7", "3-7"),
            ("6a", "6a"),
            ("9:11", "9-11"),
            ("IV", "iv"),
            ("§ 2", "2"),
        ] {
            assert_eq!(anchor_slug(number), slug);
        }
    }

    #[test]
    fn article_numbers_sort_as_read() {
        let mut numbers = vec!["10", "6a", "2", "10.1", "6", "3.7", "3.10"];
        numbers.sort_by_key(|n| article_order(n));
        assert_eq!(numbers, ["2", "3.7", "3.10", "6", "6a", "10", "10.1"]);
    }
}
