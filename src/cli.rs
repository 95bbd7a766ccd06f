//! The command line (clap derive). Subcommands are English, help is Dutch.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "regelwerk",
    version,
    about = "Klachtenreglement, dossiers en rapportages: controleren en publiceren",
    long_about = "regelwerk maakt van een projectmap (content/, data/, templates/) de publieke klachtenpagina, \
de brieven per dossier en de geanonimiseerde kwartaalrapportages, en controleert elk dossier \
aan de regels en termijnen van het klachtenreglement.",
    after_help = "Voorbeelden:\n  regelwerk build                 bouw output/ in de huidige map\n  regelwerk build --pdf           ook de brieven als PDF\n  regelwerk serve --open          bekijk en bewerk met directe voorvertoning\n  regelwerk check --today 2026-11-24\n  regelwerk check --format json   bevindingen als JSON\n  regelwerk report --quarter 2026-Q3 --opdrachtgever UWV\n  regelwerk --root ~/klachten build\n  regelwerk init mijn-reglement   begin een nieuw project"
)]
pub struct Cli {
    /// De projectmap (standaard: de huidige map).
    #[arg(long, global = true, value_name = "MAP", default_value = ".")]
    pub root: PathBuf,

    /// Alleen fouten tonen, geen voortgang.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controleer en bouw alles in output/ (site, brieven, rapportages).
    #[command(
        after_help = "Voorbeelden:\n  regelwerk build --today 2026-11-24\n  regelwerk build --pdf      ook de brieven als PDF (met Chromium)"
    )]
    Build(BuildArgs),
    /// Controleer het reglement en alle dossiers; schrijft niets.
    #[command(
        after_help = "Voorbeelden:\n  regelwerk check\n  regelwerk check --strict --format json > bevindingen.json"
    )]
    Check(CheckArgs),
    /// Maak alleen de kwartaalrapportages van één kwartaal (en één opdrachtgever).
    #[command(
        after_help = "Voorbeelden:\n  regelwerk report --quarter 2026-Q3\n  regelwerk report --quarter Q3-2026 --opdrachtgever UWV\n\nHet kwartaal mag ook als 2026Q3 of 2026-K3."
    )]
    Report(ReportArgs),
    /// Bouw, bekijk het resultaat in de browser en bouw opnieuw bij elke wijziging.
    #[command(
        after_help = "Voorbeelden:\n  regelwerk serve --open\n  regelwerk serve --port 8080\n\nDe site staat op http://127.0.0.1:1111/, brieven en rapportages onder /_preview/. Stoppen: Ctrl-C."
    )]
    Serve(ServeArgs),
    /// Bouw opnieuw bij elke wijziging in content/, templates/ of data/ (zonder server).
    #[command(after_help = "Voorbeeld:\n  regelwerk watch\n\nStoppen: Ctrl-C.")]
    Watch(WatchArgs),
    /// Maak een nieuw voorbeeldproject in MAP.
    #[command(
        after_help = "Voorbeelden:\n  regelwerk init mijn-reglement && cd mijn-reglement && regelwerk build\n  regelwerk init klachten-gemeente --model gemeente\n  regelwerk init klachten-zorg --model zorg"
    )]
    Init(InitArgs),
}

#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    /// De datum van vandaag (JJJJ-MM-DD); standaard de systeemdatum.
    #[arg(long, value_name = "DATUM", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
    /// Ook stoppen bij overtredingen, niet alleen bij fouten.
    #[arg(long)]
    pub strict: bool,
    /// Ook elke brief als PDF (A4), naast de HTML; drukt af met Chromium of Chrome.
    #[arg(long)]
    pub pdf: bool,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// De datum van vandaag (JJJJ-MM-DD); standaard de systeemdatum.
    #[arg(long, value_name = "DATUM", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
    /// Uitvoer: leesbaar (human) of JSON.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Ook afsluiten met status 1 bij overtredingen.
    #[arg(long)]
    pub strict: bool,
    /// Alle bevindingen tonen, ook als een regel er meer dan 20 heeft.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Het kwartaal, bijvoorbeeld 2026-Q3 (ook 2026Q3, Q3-2026 of 2026-K3).
    #[arg(long, value_name = "KWARTAAL", value_parser = parse_quarter)]
    pub quarter: crate::reports::quarter::Quarter,
    /// Alleen de rapportage voor deze opdrachtgever (naam of mapnaam, bijvoorbeeld UWV).
    #[arg(long, value_name = "NAAM")]
    pub opdrachtgever: Option<String>,
    /// De datum van vandaag (JJJJ-MM-DD); standaard de systeemdatum.
    #[arg(long, value_name = "DATUM", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
    /// Ook stoppen bij overtredingen, niet alleen bij fouten.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// De poort op 127.0.0.1.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open de klachtenpagina in de browser.
    #[arg(long)]
    pub open: bool,
    /// De datum van vandaag (JJJJ-MM-DD); standaard de systeemdatum.
    #[arg(long, value_name = "DATUM", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args, Clone)]
pub struct WatchArgs {
    /// De datum van vandaag (JJJJ-MM-DD); standaard de systeemdatum.
    #[arg(long, value_name = "DATUM", value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// De map voor het nieuwe project (wordt aangemaakt).
    #[arg(value_name = "MAP")]
    pub dir: PathBuf,
    /// Het voorbeeld om mee te beginnen: werkpro (re-integratie, het
    /// standaardvoorbeeld), gemeente (Awb hoofdstuk 9) of zorg (Wkkgz).
    #[arg(long, value_enum, default_value_t = Model::Werkpro)]
    pub model: Model,
}

/// The example projects of `regelwerk init --model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Model {
    Werkpro,
    Gemeente,
    Zorg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

fn parse_today(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::term::parse_iso(text).ok_or_else(|| {
        format!("\"{text}\" is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-24")
    })
}

fn parse_quarter(text: &str) -> Result<crate::reports::quarter::Quarter, String> {
    crate::reports::quarter::Quarter::parse(text).ok_or_else(|| {
        format!(
            "\"{text}\" is geen kwartaal; schrijf bijvoorbeeld 2026-Q3, 2026Q3, Q3-2026 of 2026-K3"
        )
    })
}
