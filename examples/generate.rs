//! Writes a synthetic regelwerk project for load tests and demos.
//!
//! ```text
//! cargo run --release --example generate -- --out DIR --cases N --rows M
//!     [--seed S] [--from YYYY-MM-DD] [--today YYYY-MM-DD] [--opdrachtgevers K]
//!     [--gebreken P]
//! cargo run --release --example generate -- --register FILE --rows M [...]
//! ```
//!
//! With `--out` it writes `DIR/content/klachtenreglement.md` (the example
//! regulation, compiled in), `N` case files `DIR/data/cases/<id>.yaml` and a
//! register `DIR/data/register.csv` with `M` rows. With `--register` it writes
//! only the register, to `FILE`. The register is shaped like a Dutch Excel
//! export: `;` as delimiter, `DD-MM-YYYY` dates, UTF-8, one header row.
//!
//! Everything is fictional (made-up surnames, `example.nl` addresses) and
//! follows from the seed alone: a small built-in PRNG (splitmix64), no clock.
//! Most complaints are handled by the book; a few break one rule of the
//! regulation on purpose, so `regelwerk check` has something to find. No date
//! lies after `--today` and no value is outside the regulation's lists, so the
//! output never has an input `error`. Generated case files start with a
//! comment saying what they are meant to show.
//!
//! The example project's register was made with
//! `cargo run --release --example generate -- --register data/register.csv
//! --rows 320 --from 2025-07-01 --seed 9` (today 2026-11-24, 3 opdrachtgevers).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const REGULATION: &str = include_str!("../content/klachtenreglement.md");

const REGISTER_HEADER: &str = "id;ingediend;gebeurtenis;wijze;bij;rol;naam;opdrachtgever;traject;\
werkplek;betreft;onderwerp;behandelaar;betrokken;reactie_gevraagd;reactie_ontvangen;bevestiging;\
uitslag;oordeel;maatregelen;ingetrokken;klachtenfunctionaris;kcmd_ingediend;kcmd_uitspraak;\
maatregelen_gemeld";

const USAGE: &str = "\
gebruik: generate --out MAP --cases N --rows M [opties]
         generate --register BESTAND --rows M [opties]

  --out MAP            schrijf een heel project: content/, data/cases/, data/register.csv
  --register BESTAND   schrijf alleen het register (CSV) naar BESTAND
  --cases N            aantal dossiers (YAML), alleen met --out (standaard 0)
  --rows M             aantal registerregels (standaard 0)
  --seed S             startwaarde van de toevalsgenerator (standaard 1)
  --from JJJJ-MM-DD    vroegste indieningsdatum (standaard 2024-01-01)
  --today JJJJ-MM-DD   'vandaag': geen datum ligt later (standaard 2026-11-24)
  --opdrachtgevers K   aantal opdrachtgevers, 1 t/m 12 (standaard 3)
  --gebreken P         per 1000 registerregels zoveel met opzet tegen een regel
                       (standaard 70; 0 is een keurig register, 500 een slordig)";

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            // Ignore a closed pipe (`generate --help | head`).
            let _ = writeln!(io::stdout(), "{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fout: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fout: {message}");
            ExitCode::from(2)
        }
    }
}

// ---------------------------------------------------------------------------
// Options

/// Where the output goes.
enum Target {
    /// A whole project folder.
    Project(PathBuf),
    /// Only the register, to this file.
    Register(PathBuf),
}

struct Options {
    target: Target,
    cases: usize,
    rows: usize,
    seed: u64,
    from: NaiveDate,
    today: NaiveDate,
    opdrachtgevers: usize,
    /// Register rows per 1000 that break a rule on purpose.
    defects: u32,
}

impl Options {
    /// The options, or `None` when help was asked for.
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
        let mut out = None;
        let mut register = None;
        let mut cases = 0;
        let mut rows = 0;
        let mut seed = 1;
        let mut from = date(2024, 1, 1);
        let mut today = date(2026, 11, 24);
        let mut opdrachtgevers = 3;
        let mut defects = DEFAULT_DEFECTS;
        while let Some(flag) = args.next() {
            if flag == "-h" || flag == "--help" {
                return Ok(None);
            }
            let value = args
                .next()
                .ok_or_else(|| format!("`{flag}` verwacht een waarde"))?;
            match flag.as_str() {
                "--out" => out = Some(PathBuf::from(value)),
                "--register" => register = Some(PathBuf::from(value)),
                "--cases" => cases = number(&flag, &value)?,
                "--rows" => rows = number(&flag, &value)?,
                "--seed" => seed = number(&flag, &value)?,
                "--from" => from = iso_date(&flag, &value)?,
                "--today" => today = iso_date(&flag, &value)?,
                "--opdrachtgevers" => opdrachtgevers = number(&flag, &value)?,
                "--gebreken" => defects = number(&flag, &value)?,
                _ => return Err(format!("onbekende optie `{flag}`")),
            }
        }
        let target = match (out, register) {
            (Some(dir), None) => Target::Project(dir),
            (None, Some(file)) => Target::Register(file),
            _ => return Err("geef precies een van `--out` en `--register`".to_string()),
        };
        if matches!(target, Target::Register(_)) && cases > 0 {
            return Err("`--cases` kan alleen met `--out`".to_string());
        }
        if from > today {
            return Err(format!("`--from` ({from}) ligt na `--today` ({today})"));
        }
        if !(1..=OPDRACHTGEVERS.len()).contains(&opdrachtgevers) {
            return Err(format!(
                "`--opdrachtgevers` moet tussen 1 en {} liggen",
                OPDRACHTGEVERS.len()
            ));
        }
        if defects > 1000 {
            return Err(format!("`--gebreken` is per 1000 regels, niet {defects}"));
        }
        Ok(Some(Options {
            target,
            cases,
            rows,
            seed,
            from,
            today,
            opdrachtgevers,
            defects,
        }))
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .replace('_', "")
        .parse()
        .map_err(|_| format!("`{flag}` verwacht een getal, niet `{value}`"))
}

fn iso_date(flag: &str, value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("`{flag}` verwacht een datum JJJJ-MM-DD, niet `{value}`"))
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid constant date")
}

// ---------------------------------------------------------------------------
// Writing

fn run(options: &Options) -> Result<(), String> {
    // The built-in weights break a rule in 70 of 1000 rows; scale them
    // (unchanged by default, so a seed gives the register it always gave).
    let register_defects: Vec<(Defect, u32)> = REGISTER_DEFECTS
        .iter()
        .map(|&(defect, weight)| match defect {
            _ if options.defects == DEFAULT_DEFECTS => (defect, weight),
            Defect::None => (defect, (1000 - options.defects) * DEFAULT_DEFECTS),
            _ => (defect, weight * options.defects),
        })
        .collect();
    let world = World {
        from: options.from,
        today: options.today,
        opdrachtgevers: &OPDRACHTGEVERS[..options.opdrachtgevers],
        register_defects: &register_defects,
    };
    match &options.target {
        Target::Register(file) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                create_dir(parent)?;
            }
            write_register(file, &world, options.rows, options.seed)?;
            eprintln!(
                "{} registerregels geschreven naar {}",
                options.rows,
                file.display()
            );
        }
        Target::Project(dir) => {
            let content = dir.join("content");
            let cases = dir.join("data").join("cases");
            create_dir(&content)?;
            create_dir(&cases)?;
            write_file(&content.join("klachtenreglement.md"), REGULATION.as_bytes())?;
            write_cases(&cases, &world, options.cases, options.seed)?;
            let register = dir.join("data").join("register.csv");
            write_register(&register, &world, options.rows, options.seed)?;
            eprintln!(
                "{} dossiers en {} registerregels geschreven naar {}",
                options.cases,
                options.rows,
                dir.display()
            );
        }
    }
    Ok(())
}

fn create_dir(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|err| format!("{}: {err}", path.display()))
}

/// Writes `count` case files, filed in date order over the whole period.
fn write_cases(dir: &Path, world: &World, count: usize, seed: u64) -> Result<(), String> {
    // A stream of its own, so the register does not depend on `--cases`.
    let mut rng = Rng::new(seed ^ 0xca5e_ca5e_ca5e_ca5e);
    let mut ids = IdCounter::new('K', 4);
    let mut text = String::new();
    for index in 0..count {
        let filed = world.filing_date(index, count, &mut rng);
        let complaint = Complaint::generate(&mut rng, world, filed, Flavour::Case);
        let id = ids.next(filed.year());
        text.clear();
        complaint.write_yaml(&id, &mut text);
        write_file(&dir.join(format!("{id}.yaml")), text.as_bytes())?;
    }
    Ok(())
}

/// Streams `count` register rows to `path`, filed in date order.
fn write_register(path: &Path, world: &World, count: usize, seed: u64) -> Result<(), String> {
    let with_path = |err: io::Error| format!("{}: {err}", path.display());
    let file = fs::File::create(path).map_err(with_path)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(REGISTER_HEADER.as_bytes())
        .map_err(with_path)?;
    out.write_all(b"\n").map_err(with_path)?;
    let mut rng = Rng::new(seed);
    let mut ids = IdCounter::new('R', 6);
    let mut line = Vec::with_capacity(512);
    for index in 0..count {
        let filed = world.filing_date(index, count, &mut rng);
        let complaint = Complaint::generate(&mut rng, world, filed, Flavour::Register);
        let id = ids.next(filed.year());
        line.clear();
        complaint.write_csv_row(&id, &mut line);
        out.write_all(&line).map_err(with_path)?;
    }
    out.flush().map_err(with_path)
}

/// Case ids like `K-2026-0001` or `R-2025-000123`, numbered per year.
struct IdCounter {
    prefix: char,
    width: usize,
    year: i32,
    number: u32,
}

impl IdCounter {
    fn new(prefix: char, width: usize) -> IdCounter {
        IdCounter {
            prefix,
            width,
            year: 0,
            number: 0,
        }
    }

    /// Ids are handed out in date order, so a new year restarts at 1.
    fn next(&mut self, year: i32) -> String {
        if year != self.year {
            self.year = year;
            self.number = 0;
        }
        self.number += 1;
        format!(
            "{}-{year}-{:0width$}",
            self.prefix,
            self.number,
            width = self.width
        )
    }
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next_u64() as usize % items.len()]
    }

    /// Picks from `(item, weight)` pairs.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, weight)| weight).sum();
        let mut ticket = (self.next_u64() % u64::from(total)) as u32;
        for &(item, weight) in items {
            if ticket < weight {
                return item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------
// Fictional world

/// Opdrachtgevers, the most frequent first; `--opdrachtgevers K` takes the
/// first K (the example project has 3).
const OPDRACHTGEVERS: [(&str, u32); 12] = [
    ("UWV", 40),
    ("Gemeente Groningen", 35),
    ("Gemeente Súdwest-Fryslân", 25),
    ("Gemeente Leeuwarden", 25),
    ("Gemeente Assen", 15),
    ("Gemeente Emmen", 15),
    ("Gemeente Smallingerland", 12),
    ("Gemeente Heerenveen", 12),
    ("Gemeente Midden-Groningen", 10),
    ("Gemeente Het Hogeland", 8),
    ("Gemeente Westerkwartier", 8),
    ("Gemeente Noardeast-Fryslân", 6),
];

/// Places with a postcode prefix, for fictional addresses.
const PLACES: [(&str, &str); 8] = [
    ("Groningen", "97"),
    ("Sneek", "86"),
    ("Bolsward", "87"),
    ("Leeuwarden", "89"),
    ("Assen", "94"),
    ("Emmen", "78"),
    ("Drachten", "92"),
    ("Heerenveen", "84"),
];

const STREETS: [&str; 8] = [
    "Proefstraat",
    "Voorbeeldlaan",
    "Testweg",
    "Verzinweg",
    "Nepstraat",
    "Denkbeeldweg",
    "Fantasiestraat",
    "Oefenpad",
];

const FIRST_NAMES: [&str; 20] = [
    "Anna", "Bram", "Carla", "Daan", "Eva", "Fenna", "Gerrit", "Hanna", "Ivo", "Jelle", "Kees",
    "Lotte", "Marit", "Noor", "Otto", "Pieter", "Roos", "Sjoerd", "Tessa", "Wietske",
];

const SURNAMES: [&str; 20] = [
    "de Proef",
    "Voorbeeld",
    "Testsma",
    "Fictief",
    "Verzonnen",
    "Bedacht",
    "Denkbeeld",
    "Droomhuis",
    "Nepstra",
    "Zomaar",
    "Probeersma",
    "Oefenaar",
    "Verzinsel",
    "Luchtkasteel",
    "Hersenschim",
    "Wensdroom",
    "Nooitgedacht",
    "van Nergens",
    "Onbestaand",
    "Verdichtsel",
];

const MANAGERS: [&str; 6] = [
    "M. Voorbeeld",
    "H. Testema",
    "P. Fictief",
    "G. Proefstra",
    "E. Nepkes",
    "D. Oefenstra",
];

const STAFF: [&str; 8] = [
    "J. Bedacht",
    "S. Verzinsel",
    "K. Probeersma",
    "L. Oefenaar",
    "W. Nepma",
    "R. Denkbeeld",
    "T. Proefmans",
    "Z. Bedenkeling",
];

const WERKPLEKKEN: [&str; 10] = [
    "Fietsenwerkplaats Noord",
    "Kringloopwinkel De Voorbeeldhoek",
    "Houtwerkplaats Zuid",
    "Groenploeg Sneek",
    "Kantine Stadspark",
    "Administratief Centrum Sneek",
    "Dagbesteding Het Proefhuis",
    "Montagehal West",
    "Schoonmaakploeg Oost",
    "Drukkerij De Testpers",
];

const ONDERWERPEN: [(&str, u32); 8] = [
    ("bejegening", 22),
    ("begeleiding", 24),
    ("communicatie", 16),
    ("planning", 12),
    ("privacy", 5),
    ("werkplek", 9),
    ("vervoer", 7),
    ("overig", 5),
];

/// One short description per onderwerp (free text, never in reports).
fn omschrijving(onderwerp: Option<&str>) -> &'static str {
    match onderwerp {
        Some("bejegening") => "Een begeleider sprak mij op een kleinerende toon aan.",
        Some("begeleiding") => "Mijn begeleider houdt zich niet aan de gemaakte afspraken.",
        Some("communicatie") => "Wijzigingen in mijn traject hoor ik steeds te laat.",
        Some("planning") => "Mijn afspraken zijn meerdere keren zonder overleg verzet.",
        Some("privacy") => "Gegevens over mij zijn gedeeld met een andere deelnemer.",
        Some("werkplek") => "Mijn werkplek is niet aangepast aan mijn beperking.",
        Some("vervoer") => "Het vervoer naar de werkplek komt vaak te laat.",
        _ => "Mijn vergoeding is een maand te laat uitbetaald.",
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Oordeel {
    Gegrond,
    DeelsGegrond,
    Ongegrond,
    Opgelost,
    NietOntvankelijk,
}

impl Oordeel {
    fn key(self) -> &'static str {
        match self {
            Oordeel::Gegrond => "gegrond",
            Oordeel::DeelsGegrond => "deels_gegrond",
            Oordeel::Ongegrond => "ongegrond",
            Oordeel::Opgelost => "opgelost",
            Oordeel::NietOntvankelijk => "niet_ontvankelijk",
        }
    }

    fn motivering(self) -> &'static str {
        match self {
            Oordeel::Gegrond => "Het onderzoek bevestigt wat er in de klacht staat.",
            Oordeel::DeelsGegrond => "Een deel van de klacht klopt, een ander deel niet.",
            Oordeel::Ongegrond => "Uit het onderzoek blijkt dat de afspraken zijn nagekomen.",
            Oordeel::Opgelost => "In het gesprek is samen een oplossing gevonden.",
            Oordeel::NietOntvankelijk => {
                "De gebeurtenis is een jaar of langer geleden; het reglement staat behandeling dan niet toe."
            }
        }
    }

    /// Measures that fit this outcome; an empty list means none.
    fn measures(self, rng: &mut Rng) -> Vec<&'static str> {
        match self {
            Oordeel::Gegrond | Oordeel::DeelsGegrond => {
                let first = rng.pick(&["excuses", "andere_begeleider", "werkwijze_aangepast"]);
                let mut measures = vec![first];
                if rng.chance(0.4) {
                    let second = rng.pick(&["gesprek", "scholing", "aanpassing_werkplek"]);
                    measures.push(second);
                }
                measures
            }
            Oordeel::Opgelost => vec![rng.pick(&["gesprek", "aanpassing_werkplek", "uitleg"])],
            Oordeel::Ongegrond => {
                if rng.chance(0.6) {
                    vec!["uitleg"]
                } else {
                    vec!["geen"]
                }
            }
            Oordeel::NietOntvankelijk => Vec::new(),
        }
    }
}

fn measure_text(soort: &str) -> &'static str {
    match soort {
        "gesprek" => "Een vervolggesprek over de gemaakte afspraken.",
        "excuses" => "De manager heeft namens de organisatie excuses aangeboden.",
        "andere_begeleider" => "Een vaste andere begeleider.",
        "aanpassing_werkplek" => "De werkplek is aangepast.",
        "uitleg" => "Uitleg over de gevolgde werkwijze.",
        "werkwijze_aangepast" => "De werkwijze van het team is aangepast.",
        "scholing" => "Het team volgt een training.",
        _ => "Geen maatregelen nodig.",
    }
}

/// The period, today and the opdrachtgevers to draw from.
struct World<'a> {
    from: NaiveDate,
    today: NaiveDate,
    opdrachtgevers: &'a [(&'static str, u32)],
    /// [`REGISTER_DEFECTS`], scaled to `--gebreken`.
    register_defects: &'a [(Defect, u32)],
}

impl World<'_> {
    /// The filing date of item `index` of `count`: spread evenly over
    /// `from..=today` with some jitter, never decreasing, never after today.
    fn filing_date(&self, index: usize, count: usize, rng: &mut Rng) -> NaiveDate {
        let span = (self.today - self.from).num_days() as f64 + 1.0;
        let offset = ((index as f64 + rng.unit()) * span / count as f64) as u64;
        let day = self.from + Days::new(offset);
        day.min(self.today)
    }
}

// ---------------------------------------------------------------------------
// One complaint

/// Which output the complaint is for: YAML cases can break rules that the
/// register's columns cannot show.
#[derive(Clone, Copy, PartialEq)]
enum Flavour {
    Case,
    Register,
}

/// How the complaint goes.
#[derive(Clone, Copy, PartialEq)]
enum Route {
    /// Handled by a manager (or with the klachtenfunctionaris): the usual road.
    Internal,
    /// Filed a year or more after the event and closed as niet_ontvankelijk.
    Inadmissible,
    /// Withdrawn before the outcome.
    Withdrawn,
    /// Filed straight with the klachtencommissie (art. 9).
    Direct,
}

/// The one rule a complaint breaks on purpose, if any.
#[derive(Clone, Copy, PartialEq)]
enum Defect {
    None,
    /// art. 6: closed after the afhandeling term.
    LateClosure,
    /// art. 6: still open well past the afhandeling term.
    OverdueOpen,
    /// art. 3: outcome without asking the employee to respond.
    NoResponseRequested,
    /// art. 6: outcome before the employee's 2 weeks ran out.
    ResponseTermCut,
    /// art. 2: the handling manager was involved.
    HandlerInvolved,
    /// art. 2: filed too late, yet handled.
    InadmissibleHandled,
    /// art. 15: outcome without measures.
    MissingMeasures,
    /// art. 15: no onderwerp.
    MissingTopic,
    /// art. 8: to the KcMD more than 6 months after internal closure.
    KcmdLateAfterInternal,
    /// art. 12: the KcMD ruled after 6 months.
    KcmdRulingLate,
    /// art. 6 (YAML only): conversation without a report.
    NoReport,
    /// art. 4/6 (YAML only): conversation without a written confirmation.
    NoConfirmation,
    /// art. 6 (YAML only): outcome without reasons.
    Unreasoned,
    /// art. 7 (YAML only): withdrawal not confirmed.
    WithdrawalUnconfirmed,
    /// art. 12 (YAML only): KcMD measures reported late.
    MeasuresNoticeLate,
}

impl Defect {
    /// The comment at the top of a generated case file.
    fn comment(self) -> &'static str {
        match self {
            Defect::None => "volgens het reglement behandeld.",
            Defect::LateClosure => "laat afgehandeld, na meer dan 6 weken (art. 6).",
            Defect::OverdueOpen => "nog open, ruim na de afhandelingstermijn (art. 6).",
            Defect::NoResponseRequested => "uitslag zonder verzoek om reactie (art. 3).",
            Defect::ResponseTermCut => "uitslag voordat de reactietermijn om was (art. 6).",
            Defect::HandlerInvolved => "behandelaar was zelf betrokken (art. 2).",
            Defect::InadmissibleHandled => "te laat ingediend en toch behandeld (art. 2).",
            Defect::MissingMeasures => "uitslag zonder vastgelegde maatregelen (art. 15).",
            Defect::MissingTopic => "geen onderwerp vastgelegd (art. 15).",
            Defect::KcmdLateAfterInternal => "te laat naar de KcMD na de interne uitslag (art. 8).",
            Defect::KcmdRulingLate => "uitspraak KcMD na meer dan 6 maanden (art. 12).",
            Defect::NoReport => "geen verslag van het gesprek verstuurd (art. 6).",
            Defect::NoConfirmation => "geen schriftelijke bevestiging na het gesprek (art. 4, 6).",
            Defect::Unreasoned => "uitslag zonder motivering (art. 6).",
            Defect::WithdrawalUnconfirmed => "intrekking niet bevestigd (art. 7).",
            Defect::MeasuresNoticeLate => "maatregelen KcMD te laat gemeld (art. 12).",
        }
    }
}

/// How many of 1000 register rows of the internal path break a rule on
/// purpose, unless `--gebreken` says otherwise.
const DEFAULT_DEFECTS: u32 = 70;

/// Defects and their weight per 1000 complaints of the internal path; the
/// rest is clean. YAML cases get more kinds than the register can express.
const REGISTER_DEFECTS: [(Defect, u32); 11] = [
    (Defect::None, 930),
    (Defect::LateClosure, 25),
    (Defect::OverdueOpen, 4),
    (Defect::NoResponseRequested, 8),
    (Defect::ResponseTermCut, 6),
    (Defect::HandlerInvolved, 8),
    (Defect::InadmissibleHandled, 3),
    (Defect::MissingMeasures, 7),
    (Defect::MissingTopic, 4),
    (Defect::KcmdLateAfterInternal, 2),
    (Defect::KcmdRulingLate, 3),
];

const CASE_DEFECTS: [(Defect, u32); 15] = [
    (Defect::None, 880),
    (Defect::LateClosure, 25),
    (Defect::OverdueOpen, 4),
    (Defect::NoResponseRequested, 8),
    (Defect::ResponseTermCut, 6),
    (Defect::HandlerInvolved, 8),
    (Defect::InadmissibleHandled, 3),
    (Defect::MissingMeasures, 7),
    (Defect::MissingTopic, 4),
    (Defect::KcmdLateAfterInternal, 2),
    (Defect::KcmdRulingLate, 3),
    (Defect::NoReport, 15),
    (Defect::NoConfirmation, 12),
    (Defect::Unreasoned, 10),
    (Defect::MeasuresNoticeLate, 13),
];

#[derive(Clone, Copy)]
struct Person {
    first: &'static str,
    last: &'static str,
}

impl Person {
    fn full_name(self) -> String {
        format!("{} {}", self.first, self.last)
    }

    fn email(self) -> String {
        let last: String = self
            .last
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        format!("{}.{}@example.nl", self.first, last).to_ascii_lowercase()
    }
}

/// What the KcMD did with a complaint.
struct Kcmd {
    filed: NaiveDate,
    /// Admissibility decision: date and whether admissible.
    decision: Option<(NaiveDate, bool)>,
    hearing: Option<(NaiveDate, NaiveDate)>,
    ruling: Option<NaiveDate>,
    measures: Vec<&'static str>,
    measures_reported: Option<NaiveDate>,
}

/// A complaint with its whole history as of `today`.
struct Complaint {
    flavour: Flavour,
    /// The rule this complaint breaks on purpose; `None` once it turns out
    /// that the history up to today does not show it.
    defect: Defect,
    person: Person,
    rol: &'static str,
    address: String,
    opdrachtgever: &'static str,
    traject: &'static str,
    werkplek: &'static str,
    betreft_naam: &'static str,
    betreft_soort: &'static str,
    onderwerp: Option<&'static str>,
    event: NaiveDate,
    filed: NaiveDate,
    wijze: &'static str,
    bij: &'static str,
    /// None when filed straight with the KcMD.
    behandelaar: Option<(&'static str, bool)>,
    reactie_gevraagd: Option<NaiveDate>,
    reactie_ontvangen: Option<NaiveDate>,
    /// Conversation: date, report sent.
    gesprek: Option<(NaiveDate, Option<NaiveDate>)>,
    bevestiging: Option<NaiveDate>,
    uitslag: Option<NaiveDate>,
    oordeel: Option<Oordeel>,
    motivering: bool,
    /// None: not recorded (register-complete); empty: none.
    maatregelen: Option<Vec<&'static str>>,
    ingetrokken: Option<(NaiveDate, Option<NaiveDate>)>,
    klachtenfunctionaris: Option<NaiveDate>,
    kcmd: Option<Kcmd>,
    uwv_arbeidsdeskundige: Option<NaiveDate>,
}

fn plus_days(day: NaiveDate, days: u64) -> NaiveDate {
    day + Days::new(days)
}

fn minus_days(day: NaiveDate, days: u64) -> NaiveDate {
    day - Days::new(days)
}

fn plus_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months))
        .expect("date in range")
}

/// `Some(day)` if it is not after today.
fn until(day: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    (day <= today).then_some(day)
}

impl Complaint {
    fn generate(rng: &mut Rng, world: &World, filed: NaiveDate, flavour: Flavour) -> Complaint {
        let today = world.today;
        let route = rng.weighted(&[
            (Route::Internal, 910),
            (Route::Inadmissible, 15),
            (Route::Withdrawn, 55),
            (Route::Direct, 20),
        ]);
        let defect = match route {
            Route::Internal => match flavour {
                Flavour::Case => rng.weighted(&CASE_DEFECTS),
                Flavour::Register => rng.weighted(world.register_defects),
            },
            Route::Withdrawn if flavour == Flavour::Case && rng.chance(0.15) => {
                Defect::WithdrawalUnconfirmed
            }
            _ => Defect::None,
        };

        let opdrachtgever = rng.weighted(world.opdrachtgevers);
        let traject = if opdrachtgever == "UWV" {
            "UWV"
        } else if rng.chance(0.65) {
            "Participatiewet"
        } else {
            "WMO"
        };
        let person = Person {
            first: rng.pick(&FIRST_NAMES),
            last: rng.pick(&SURNAMES),
        };
        let (place, postcode) = rng.pick(&PLACES);
        let address = format!(
            "{} {}, {}{:02} {}{} {}",
            rng.pick(&STREETS),
            rng.between(1, 120),
            postcode,
            rng.between(1, 99),
            rng.pick(&POSTCODE_LETTERS),
            rng.pick(&POSTCODE_LETTERS),
            place
        );
        let rol = rng.weighted(&[("klant", 85), ("vertegenwoordiger", 12), ("nabestaande", 3)]);
        let onderwerp = if defect == Defect::MissingTopic {
            None
        } else {
            Some(rng.weighted(&ONDERWERPEN))
        };
        let betreft_soort = if rng.chance(0.1) {
            "namens_organisatie"
        } else {
            "medewerker"
        };
        let mut wijze = rng.weighted(&[("schriftelijk", 35), ("mondeling", 30), ("digitaal", 35)]);
        if matches!(filed.weekday(), Weekday::Sat | Weekday::Sun) && wijze == "mondeling" {
            wijze = "digitaal";
        }
        let bij = match route {
            Route::Direct => {
                wijze = "schriftelijk";
                "klachtencommissie"
            }
            _ if rng.chance(0.1) => "klachtenfunctionaris",
            _ => "manager",
        };
        let event = match (route, defect) {
            (Route::Inadmissible, _) => minus_days(filed, rng.between(366, 600)),
            (_, Defect::InadmissibleHandled) => minus_days(filed, rng.between(366, 450)),
            (Route::Direct, _) => minus_days(filed, rng.between(10, 170)),
            _ if rng.chance(0.85) => minus_days(filed, rng.between(0, 14)),
            _ => minus_days(filed, rng.between(15, 120)),
        };
        let event = event.min(filed);
        let behandelaar = match route {
            Route::Direct => None,
            _ => Some((rng.pick(&MANAGERS), defect == Defect::HandlerInvolved)),
        };

        let mut complaint = Complaint {
            flavour,
            defect,
            person,
            rol,
            address,
            opdrachtgever,
            traject,
            werkplek: rng.pick(&WERKPLEKKEN),
            betreft_naam: rng.pick(&STAFF),
            betreft_soort,
            onderwerp,
            event,
            filed,
            wijze,
            bij,
            behandelaar,
            reactie_gevraagd: None,
            reactie_ontvangen: None,
            gesprek: None,
            bevestiging: None,
            uitslag: None,
            oordeel: None,
            motivering: true,
            maatregelen: None,
            ingetrokken: None,
            klachtenfunctionaris: None,
            kcmd: None,
            uwv_arbeidsdeskundige: None,
        };

        match route {
            Route::Internal => complaint.handle(rng, today),
            Route::Inadmissible => {
                let closed = plus_days(filed, rng.between(1, 10));
                if closed <= today {
                    complaint.close(Oordeel::NietOntvankelijk, closed, rng);
                }
            }
            Route::Withdrawn => {
                if rng.chance(0.6) {
                    complaint.reactie_gevraagd = until(plus_days(filed, rng.between(0, 2)), today);
                }
                let withdrawn = plus_days(filed, rng.between(3, 30));
                let confirmed = plus_days(withdrawn, rng.between(0, 4));
                if confirmed <= today {
                    let confirmed = (defect != Defect::WithdrawalUnconfirmed).then_some(confirmed);
                    complaint.ingetrokken = Some((withdrawn, confirmed));
                }
            }
            Route::Direct => complaint.kcmd_procedure(rng, filed, today),
        }
        complaint.escalate(rng, today);
        complaint.settle(today);
        complaint
    }

    /// Internal handling (art. 3-6), bent by the defect.
    fn handle(&mut self, rng: &mut Rng, today: NaiveDate) {
        let filed = self.filed;
        let defect = self.defect;
        // The whole history is planned first and recorded up to today after,
        // so an open case never skips a step that a closed one would have.
        // The employee is asked to respond and does so within 2 weeks.
        let asked =
            (defect != Defect::NoResponseRequested).then(|| plus_days(filed, rng.between(0, 3)));
        let answered = asked
            .filter(|_| defect != Defect::ResponseTermCut)
            .map(|asked| plus_days(asked, rng.between(2, 12)));
        let oordeel = match defect {
            Defect::NoResponseRequested | Defect::ResponseTermCut => {
                rng.pick(&[Oordeel::Gegrond, Oordeel::DeelsGegrond, Oordeel::Ongegrond])
            }
            _ => rng.weighted(&[
                (Oordeel::Gegrond, 25),
                (Oordeel::DeelsGegrond, 25),
                (Oordeel::Ongegrond, 30),
                (Oordeel::Opgelost, 20),
            ]),
        };
        // A conversation, its report and the written confirmation (art. 4, 6);
        // a solution agreed together always has them.
        let talks = defect != Defect::ResponseTermCut
            && (oordeel == Oordeel::Opgelost
                || matches!(defect, Defect::NoReport | Defect::NoConfirmation)
                || rng.chance(0.85));
        let conversation = talks.then(|| {
            let talked = plus_days(filed, rng.between(4, 18));
            let reported = plus_days(talked, rng.between(0, 4));
            let confirmed = plus_days(reported, rng.between(0, 3));
            (talked, reported, confirmed)
        });
        let last = [
            Some(filed),
            answered,
            conversation.map(|(_, _, confirmed)| confirmed),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(filed);
        let closed = match defect {
            Defect::LateClosure => Some(plus_days(filed, rng.between(43, 80))),
            Defect::OverdueOpen => None,
            Defect::ResponseTermCut => asked.map(|asked| plus_days(asked, rng.between(3, 12))),
            _ => Some(plus_days(last, rng.between(1, 14)).min(plus_days(filed, 42))),
        };

        self.reactie_gevraagd = asked.and_then(|day| until(day, today));
        self.reactie_ontvangen = answered.and_then(|day| until(day, today));
        // The three parts of a conversation are recorded together, so an
        // open case shows no half-finished conversation.
        if let Some((talked, reported, confirmed)) = conversation.filter(|c| c.2 <= today) {
            self.gesprek = Some((talked, (defect != Defect::NoReport).then_some(reported)));
            if defect != Defect::NoConfirmation {
                self.bevestiging = Some(confirmed);
            }
        }
        let Some(closed) = closed.and_then(|day| until(day, today)) else {
            return;
        };
        self.close(oordeel, closed, rng);
        if defect == Defect::Unreasoned {
            self.motivering = false;
        }
        if defect == Defect::MissingMeasures {
            self.maatregelen = None;
        }
    }

    fn close(&mut self, oordeel: Oordeel, on: NaiveDate, rng: &mut Rng) {
        self.uitslag = Some(on);
        self.oordeel = Some(oordeel);
        self.maatregelen = Some(oordeel.measures(rng));
    }

    /// What happens after internal closure: klachtenfunctionaris (art. 5),
    /// KcMD (art. 8) or UWV's arbeidsdeskundige (art. 13).
    fn escalate(&mut self, rng: &mut Rng, today: NaiveDate) {
        let Some(closed) = self.uitslag else {
            return;
        };
        if self.oordeel == Some(Oordeel::NietOntvankelijk) {
            return;
        }
        if rng.chance(0.04) {
            self.klachtenfunctionaris = until(plus_days(closed, rng.between(3, 30)), today);
        }
        let kcmd_filed = match self.defect {
            Defect::KcmdLateAfterInternal => {
                Some(plus_days(plus_months(closed, 6), rng.between(5, 60)))
            }
            Defect::KcmdRulingLate | Defect::MeasuresNoticeLate => {
                Some(plus_days(closed, rng.between(10, 60)))
            }
            _ if rng.chance(0.03) => Some(plus_days(closed, rng.between(10, 150))),
            _ => None,
        };
        if let Some(day) = kcmd_filed.and_then(|day| until(day, today)) {
            self.kcmd_procedure(rng, day, today);
        }
        if self.traject == "UWV" && rng.chance(0.03) {
            self.uwv_arbeidsdeskundige = until(plus_days(closed, rng.between(5, 30)), today);
        }
    }

    /// The KcMD's procedure (art. 10-12) from `filed` on.
    fn kcmd_procedure(&mut self, rng: &mut Rng, filed: NaiveDate, today: NaiveDate) {
        let deadline = plus_months(filed, 6);
        let mut kcmd = Kcmd {
            filed,
            decision: None,
            hearing: None,
            ruling: None,
            measures: Vec::new(),
            measures_reported: None,
        };
        let decided = plus_days(filed, rng.between(10, 25));
        // Not admissible ends the KcMD's part; only YAML can record it, and
        // only while the ruling term still runs (so it cannot look overdue).
        let admissible = !(self.flavour == Flavour::Case
            && self.defect == Defect::None
            && self.bij != "klachtencommissie"
            && deadline > today
            && rng.chance(0.1));
        if decided <= today {
            kcmd.decision = Some((decided, admissible));
        }
        if admissible && decided <= today {
            let heard = plus_days(decided, rng.between(30, 80));
            let reported = plus_days(heard, rng.between(3, 8));
            if reported <= today {
                kcmd.hearing = Some((heard, reported));
                let ruled = if self.defect == Defect::KcmdRulingLate {
                    plus_days(deadline, rng.between(5, 40))
                } else {
                    plus_days(reported, rng.between(14, 50)).min(minus_days(deadline, 1))
                };
                if ruled <= today {
                    kcmd.ruling = Some(ruled);
                    if self.defect == Defect::MeasuresNoticeLate
                        || (self.defect != Defect::KcmdRulingLate && rng.chance(0.4))
                    {
                        kcmd.measures = vec![rng.pick(&[
                            "werkwijze_aangepast",
                            "aanpassing_werkplek",
                            "scholing",
                            "excuses",
                        ])];
                        let days = if self.defect == Defect::MeasuresNoticeLate {
                            rng.between(35, 60)
                        } else {
                            rng.between(5, 28)
                        };
                        kcmd.measures_reported = until(plus_days(ruled, days), today);
                    }
                }
            }
        }
        self.kcmd = Some(kcmd);
    }

    /// Checks the deliberate defect against the history as it stands today:
    /// a defect that has not happened yet is dropped, and an internal case
    /// still open past the afhandeling term is named as such.
    fn settle(&mut self, today: NaiveDate) {
        let kcmd_term = |kcmd: &Kcmd| plus_months(kcmd.filed, 6);
        let happened = match self.defect {
            Defect::None | Defect::HandlerInvolved | Defect::MissingTopic | Defect::OverdueOpen => {
                true
            }
            Defect::LateClosure
            | Defect::NoResponseRequested
            | Defect::ResponseTermCut
            | Defect::MissingMeasures
            | Defect::Unreasoned => self.uitslag.is_some(),
            Defect::InadmissibleHandled => {
                self.reactie_gevraagd.is_some() || self.gesprek.is_some() || self.uitslag.is_some()
            }
            Defect::NoReport | Defect::NoConfirmation => self.gesprek.is_some(),
            Defect::WithdrawalUnconfirmed => self.ingetrokken.is_some(),
            Defect::KcmdLateAfterInternal => self.kcmd.is_some(),
            Defect::KcmdRulingLate => self.kcmd.as_ref().is_some_and(|kcmd| match kcmd.ruling {
                Some(ruled) => ruled > kcmd_term(kcmd),
                None => today > kcmd_term(kcmd),
            }),
            Defect::MeasuresNoticeLate => self
                .kcmd
                .as_ref()
                .is_some_and(|kcmd| kcmd.ruling.is_some() && !kcmd.measures.is_empty()),
        };
        if !happened {
            self.defect = Defect::None;
        }
        let overdue = self.is_internal() && self.is_open() && today > self.due_on();
        if overdue {
            self.defect = Defect::OverdueOpen;
        } else if self.defect == Defect::OverdueOpen {
            self.defect = Defect::None;
        }
    }

    fn is_internal(&self) -> bool {
        self.bij != "klachtencommissie"
    }

    fn is_open(&self) -> bool {
        self.uitslag.is_none() && self.ingetrokken.is_none()
    }

    /// The last day of the afhandeling term (art. 6: 6 weeks).
    fn due_on(&self) -> NaiveDate {
        plus_days(self.filed, 42)
    }

    /// What the case shows, for the comment at the top of its file.
    fn summary(&self) -> String {
        let measures_due = self.kcmd.as_ref().and_then(|kcmd| {
            let ruled = kcmd.ruling?;
            let pending = !kcmd.measures.is_empty() && kcmd.measures_reported.is_none();
            pending.then(|| plus_months(ruled, 1))
        });
        match self.defect {
            Defect::None if measures_due.is_some() => format!(
                "maatregelen van de KcMD nog te melden, uiterlijk {} (art. 12).",
                measures_due.unwrap_or(self.filed)
            ),
            Defect::None if !self.is_internal() => {
                "rechtstreeks bij de KcMD ingediend (art. 9), binnen de termijn.".to_string()
            }
            Defect::None if self.is_open() => {
                format!(
                    "lopend dossier, af te handelen uiterlijk {}.",
                    self.due_on()
                )
            }
            Defect::None => "volgens het reglement behandeld.".to_string(),
            defect => defect.comment().to_string(),
        }
    }

    // -----------------------------------------------------------------------
    // YAML

    fn write_yaml(&self, id: &str, out: &mut String) {
        use std::fmt::Write as _;
        let _ = writeln!(
            out,
            "# Gegenereerd door examples/generate.rs: {}",
            self.summary()
        );
        let _ = writeln!(out, "id: {id}");
        let _ = writeln!(out, "indiener:");
        let _ = writeln!(out, "  naam: {}", self.person.full_name());
        let _ = writeln!(out, "  rol: {}", self.rol);
        let _ = writeln!(out, "  adres: {}", self.address);
        let _ = writeln!(out, "  email: {}", self.person.email());
        let _ = writeln!(
            out,
            "traject: {{ soort: {}, opdrachtgever: {} }}",
            self.traject, self.opdrachtgever
        );
        let _ = writeln!(out, "werkplek: {}", self.werkplek);
        let _ = writeln!(
            out,
            "betreft: {{ naam: {}, soort: {} }}",
            self.betreft_naam, self.betreft_soort
        );
        if let Some(onderwerp) = self.onderwerp {
            let _ = writeln!(out, "onderwerp: {onderwerp}");
        }
        let _ = writeln!(
            out,
            "omschrijving: {}",
            quoted(omschrijving(self.onderwerp))
        );
        let _ = writeln!(out, "gebeurtenis: {}", self.event);
        let _ = writeln!(
            out,
            "ingediend: {{ datum: {}, wijze: {}, bij: {} }}",
            self.filed, self.wijze, self.bij
        );
        if let Some((naam, betrokken)) = self.behandelaar {
            let _ = writeln!(
                out,
                "behandelaar: {{ naam: {naam}, betrokken: {betrokken} }}"
            );
        }
        let mut steps = self.yaml_steps();
        if steps.is_empty() {
            out.push_str("verloop: []\n");
            return;
        }
        out.push_str("verloop:\n");
        // Stable: steps on one day keep their logical order.
        steps.sort_by_key(|(day, _)| *day);
        for (_, step) in steps {
            out.push_str(&step);
        }
    }

    /// Each step as `(date, YAML list item)`, in logical order.
    fn yaml_steps(&self) -> Vec<(NaiveDate, String)> {
        let simple =
            |day: NaiveDate, stap: &str| (day, format!("  - {{ datum: {day}, stap: {stap} }}\n"));
        let mut steps = Vec::new();
        if let Some(day) = self.reactie_gevraagd {
            steps.push(simple(day, "reactie_gevraagd"));
        }
        if let Some(day) = self.reactie_ontvangen {
            steps.push(simple(day, "reactie_ontvangen"));
        }
        if let Some((day, report)) = self.gesprek {
            let behandelaar = self.behandelaar.map_or("", |(naam, _)| naam);
            let mut step = format!(
                "  - datum: {day}\n    stap: gesprek\n    deelnemers: [{}, {behandelaar}]\n",
                self.person.full_name()
            );
            if let Some(report) = report {
                step.push_str(&format!("    verslag_verzonden: {report}\n"));
            }
            steps.push((day, step));
        }
        if let Some(day) = self.bevestiging {
            let afspraak = match self.oordeel {
                Some(Oordeel::Opgelost) => "De gevonden oplossing wordt na een maand geëvalueerd.",
                _ => "De manager onderzoekt de klacht en laat de uitslag schriftelijk weten.",
            };
            steps.push((
                day,
                format!(
                    "  - datum: {day}\n    stap: bevestiging\n    afspraken:\n      - {}\n",
                    quoted(afspraak)
                ),
            ));
        }
        if let Some(day) = self.uitslag {
            let mut step = format!("  - datum: {day}\n    stap: uitslag\n");
            if let Some(oordeel) = self.oordeel {
                step.push_str(&format!("    oordeel: {}\n", oordeel.key()));
                if self.motivering {
                    step.push_str(&format!(
                        "    motivering: {}\n",
                        quoted(oordeel.motivering())
                    ));
                }
            }
            if let Some(measures) = &self.maatregelen {
                push_yaml_measures(&mut step, "    ", measures);
            }
            steps.push((day, step));
        }
        if let Some((day, confirmed)) = self.ingetrokken {
            let step = match confirmed {
                Some(confirmed) => {
                    format!("  - {{ datum: {day}, stap: ingetrokken, bevestigd: {confirmed} }}\n")
                }
                None => format!("  - {{ datum: {day}, stap: ingetrokken }}\n"),
            };
            steps.push((day, step));
        }
        if let Some(day) = self.klachtenfunctionaris {
            steps.push(simple(day, "klachtenfunctionaris"));
        }
        if let Some(kcmd) = &self.kcmd {
            steps.push(simple(kcmd.filed, "kcmd_ingediend"));
            if let Some((day, admissible)) = kcmd.decision {
                let stap = if admissible {
                    "kcmd_ontvankelijk"
                } else {
                    "kcmd_niet_ontvankelijk"
                };
                steps.push(simple(day, stap));
            }
            if let Some((day, report)) = kcmd.hearing {
                steps.push((
                    day,
                    format!(
                        "  - {{ datum: {day}, stap: kcmd_zitting, verslag_verzonden: {report} }}\n"
                    ),
                ));
            }
            if let Some(day) = kcmd.ruling {
                let mut step = format!("  - datum: {day}\n    stap: kcmd_uitspraak\n");
                push_yaml_measures(&mut step, "    ", &kcmd.measures);
                steps.push((day, step));
            }
            if let Some(day) = kcmd.measures_reported {
                steps.push(simple(day, "maatregelen_gemeld"));
            }
        }
        if let Some(day) = self.uwv_arbeidsdeskundige {
            steps.push(simple(day, "uwv_arbeidsdeskundige"));
        }
        steps
    }

    // -----------------------------------------------------------------------
    // CSV

    fn write_csv_row(&self, id: &str, line: &mut Vec<u8>) {
        let kcmd = self.kcmd.as_ref();
        let behandelaar = self.behandelaar.map(|(naam, _)| naam);
        let betrokken = self
            .behandelaar
            .map(|(_, involved)| if involved { "ja" } else { "nee" });
        let naam = self.person.full_name();

        push_text(line, id);
        push_date(line, Some(self.filed));
        push_date(line, Some(self.event));
        push_text(line, self.wijze);
        push_text(line, self.bij);
        push_text(line, self.rol);
        push_text(line, &naam);
        push_text(line, self.opdrachtgever);
        push_text(line, self.traject);
        push_text(line, self.werkplek);
        push_text(line, self.betreft_soort);
        push_text(line, self.onderwerp.unwrap_or(""));
        push_text(line, behandelaar.unwrap_or(""));
        push_text(line, betrokken.unwrap_or(""));
        push_date(line, self.reactie_gevraagd);
        push_date(line, self.reactie_ontvangen);
        push_date(line, self.bevestiging);
        push_date(line, self.uitslag);
        push_text(line, self.oordeel.map_or("", Oordeel::key));
        match &self.maatregelen {
            Some(measures) if measures.is_empty() => push_text(line, "geen"),
            Some(measures) => push_text(line, &measures.join("|")),
            None => push_text(line, ""),
        }
        push_date(line, self.ingetrokken.map(|(day, _)| day));
        push_date(line, self.klachtenfunctionaris);
        push_date(line, kcmd.map(|k| k.filed));
        push_date(line, kcmd.and_then(|k| k.ruling));
        push_date(line, kcmd.and_then(|k| k.measures_reported));
        // Every field above ended in `;`: the last one becomes the newline.
        line.pop();
        line.push(b'\n');
    }
}

const POSTCODE_LETTERS: [char; 20] = [
    'A', 'B', 'C', 'D', 'E', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'V', 'W', 'X', 'Y',
    'Z',
];

fn push_yaml_measures(step: &mut String, indent: &str, measures: &[&str]) {
    if measures.is_empty() {
        step.push_str(indent);
        step.push_str("maatregelen: []\n");
        return;
    }
    step.push_str(indent);
    step.push_str("maatregelen:\n");
    for soort in measures {
        step.push_str(&format!(
            "{indent}  - {{ soort: {soort}, omschrijving: {} }}\n",
            quoted(measure_text(soort))
        ));
    }
}

/// A double-quoted YAML scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Appends a CSV field and its `;`, quoted only when it must be.
fn push_text(line: &mut Vec<u8>, text: &str) {
    if text.contains([';', '"', '\n', '\r']) {
        line.push(b'"');
        line.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        line.push(b'"');
    } else {
        line.extend_from_slice(text.as_bytes());
    }
    line.push(b';');
}

/// Appends a `DD-MM-YYYY` date (or an empty cell) and its `;`.
fn push_date(line: &mut Vec<u8>, day: Option<NaiveDate>) {
    if let Some(day) = day {
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let year = day.year() as u32;
        line.extend_from_slice(&[
            digit(day.day() / 10),
            digit(day.day()),
            b'-',
            digit(day.month() / 10),
            digit(day.month()),
            b'-',
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
        ]);
    }
    line.push(b';');
}
