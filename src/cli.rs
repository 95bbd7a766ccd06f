//! The command line (clap derive). Subcommands are English; everything a
//! user reads is Dutch: help (our own template and headings) and errors
//! (see [`parse`], which puts clap's errors in Dutch words).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The help page, with Dutch headings instead of clap's English ones.
const HELP: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "regelwerk",
    version,
    help_template = HELP,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Opdrachten",
    subcommand_value_name = "OPDRACHT",
    next_help_heading = "Opties",
    about = "Klachtenreglement, dossiers en rapportages: controleren en publiceren",
    long_about = "regelwerk maakt van een projectmap (content/, data/, templates/) de publieke klachtenpagina, \
de brieven per dossier en de geanonimiseerde kwartaalrapportages, en controleert elk dossier \
aan de regels en termijnen van het klachtenreglement.",
    after_help = "Voorbeelden:\n  regelwerk build                 bouw output/ in de huidige map\n  regelwerk build --pdf           ook de brieven als PDF\n  regelwerk serve --open          bekijk en bewerk met directe voorvertoning\n  regelwerk check --today 2026-11-24\n  regelwerk check --format json   bevindingen als JSON\n  regelwerk report --quarter 2026-Q3 --opdrachtgever NAAM\n  regelwerk --root ~/klachten build\n  regelwerk init mijn-reglement   begin een nieuw project"
)]
pub struct Cli {
    /// De projectmap (standaard: de huidige map).
    #[arg(
        long,
        global = true,
        value_name = "MAP",
        default_value = ".",
        hide_default_value = true
    )]
    pub root: PathBuf,

    /// Alleen fouten tonen, geen voortgang.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Toon deze hulp.
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,

    /// Toon de versie.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controleer en bouw alles in output/ (site, brieven, rapportages).
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        after_help = "Voorbeelden:\n  regelwerk build --today 2026-11-24\n  regelwerk build --pdf      ook de brieven als PDF (met Chromium)"
    )]
    Build(BuildArgs),
    /// Controleer het reglement en alle dossiers; schrijft niets.
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        after_help = "Voorbeelden:\n  regelwerk check\n  regelwerk check --strict --format json > bevindingen.json"
    )]
    Check(CheckArgs),
    /// Maak alleen de kwartaalrapportages van één kwartaal (en één opdrachtgever).
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        after_help = "Voorbeelden:\n  regelwerk report --quarter 2026-Q3\n  regelwerk report --quarter Q3-2026 --opdrachtgever NAAM\n\nHet kwartaal mag ook als 2026Q3 of 2026-K3."
    )]
    Report(ReportArgs),
    /// Bouw, bekijk het resultaat in de browser en bouw opnieuw bij elke wijziging.
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        after_help = "Voorbeelden:\n  regelwerk serve --open\n  regelwerk serve --port 8080\n\nDe site staat op http://127.0.0.1:1111/, brieven en rapportages onder /_preview/. Stoppen: Ctrl-C."
    )]
    Serve(ServeArgs),
    /// Bouw opnieuw bij elke wijziging in content/, templates/ of data/ (zonder server).
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        after_help = "Voorbeeld:\n  regelwerk watch\n\nStoppen: Ctrl-C."
    )]
    Watch(WatchArgs),
    /// Maak een nieuw voorbeeldproject in MAP.
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
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
    /// Uitvoer: leesbaar (human, standaard) of json.
    #[arg(long, value_name = "VORM", value_enum, default_value_t = Format::Human, hide_default_value = true, hide_possible_values = true)]
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
    /// Alleen de rapportage voor deze opdrachtgever (naam of mapnaam, zoals in output/reports/).
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
    /// De poort op 127.0.0.1 (standaard 1111).
    #[arg(long, default_value_t = 1111, hide_default_value = true)]
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
    #[arg(value_name = "MAP", help_heading = "Argumenten")]
    pub dir: PathBuf,
    /// Het voorbeeld om mee te beginnen: werkpro (re-integratie, het
    /// standaardvoorbeeld), gemeente (Awb hoofdstuk 9) of zorg (Wkkgz).
    #[arg(long, value_enum, default_value_t = Model::Werkpro, hide_default_value = true, hide_possible_values = true)]
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

/// Reads the command line. Help and version are printed (exit 0); a wrong
/// invocation gets a Dutch message with a hint and the usage line (exit 2).
pub fn parse() -> Result<Cli, (String, i32)> {
    Cli::try_parse().map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => (dutch_usage(&err.to_string()), 0),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            (dutch_usage(&Cli::command().render_help().to_string()), 2)
        }
        _ => (dutch_error(&err), 2),
    })
}

/// clap's one English word in a usage line.
fn dutch_usage(text: &str) -> String {
    text.replace("[OPTIONS]", "[OPTIES]")
}

/// A clap error in Dutch: what is wrong, a hint when clap has one, the usage
/// line and where to find more.
pub fn dutch_error(err: &clap::Error) -> String {
    let text = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let invalid = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let message = match err.kind() {
        ErrorKind::InvalidSubcommand => {
            format!(
                "onbekende opdracht '{}'",
                text(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::UnknownArgument => format!("onbekende optie '{invalid}'"),
        ErrorKind::InvalidValue => {
            let mut m = format!("ongeldige waarde '{value}' voor '{invalid}'");
            let valid = text(ContextKind::ValidValue);
            if !valid.is_empty() {
                m.push_str(&format!("; mogelijk: {valid}"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("ongeldige waarde '{value}' voor '{invalid}': {reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("dit ontbreekt nog: {invalid}"),
        ErrorKind::NoEquals => format!("'{invalid}' heeft een waarde na '=' nodig"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("verkeerd aantal waarden voor '{invalid}'")
        }
        ErrorKind::ArgumentConflict => format!(
            "'{invalid}' gaat niet samen met '{}'",
            text(ContextKind::PriorArg)
        ),
        ErrorKind::InvalidUtf8 => "de opdrachtregel bevat tekens die geen UTF-8 zijn".to_string(),
        _ => "de opdracht klopt niet".to_string(),
    };
    let suggested = [
        text(ContextKind::SuggestedSubcommand),
        text(ContextKind::SuggestedArg),
    ]
    .into_iter()
    .find(|s| !s.is_empty());
    let mut out = format!("fout: {message}\n");
    if let Some(suggestion) = suggested {
        out.push_str(&format!("\n  tip: bedoelde u '{suggestion}'?\n"));
    }
    let usage = match err.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => usage.to_string(),
        _ => Cli::command().render_usage().to_string(),
    };
    let usage = dutch_usage(usage.trim().trim_start_matches("Usage:").trim());
    out.push_str(&format!(
        "\nGebruik: {usage}\n\nMeer informatie: regelwerk --help\n"
    ));
    out
}
