//! `regelwerk report --quarter 2026-Q3 [--opdrachtgever NAAM]`: check, then
//! render and write just that quarter's reports (leaving the rest of
//! `output/` as it is).

use super::build::{guard_passes, show_findings};
use super::check::verdict;
use super::{Fatal, Outcome, load_and_check, today};
use crate::cli::ReportArgs;
use crate::diagnostic;
use crate::output;
use crate::render::Renderer;
use crate::reports::quarter::{Quarter, slug};
use crate::reports::view::{self, Selection};
use crate::term::dutch_date;
use std::path::Path;

pub fn run(root: &Path, args: &ReportArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let today = today(args.today);
    if args.quarter > Quarter::of(today) {
        err_line!(
            "Het {} is nog niet begonnen (vandaag is het {}); kies een kwartaal tot en met {}.",
            args.quarter.dutch(),
            dutch_date(today),
            Quarter::of(today)
        );
        return Ok(Outcome::Usage);
    }
    let checked = load_and_check(root, today)?;
    show_findings(&checked, quiet);
    if verdict(&checked, args.strict) == Outcome::Findings {
        err_line!(
            "Geen rapportage gemaakt: {}. De vorige uitvoer in output/ is niet veranderd.",
            diagnostic::summary_of(&checked.counts)
        );
        return Ok(Outcome::Findings);
    }
    let Some(regulation) = &checked.input.regulation else {
        return Ok(Outcome::Findings);
    };
    let client = match &args.opdrachtgever {
        None => None,
        Some(wanted) => {
            let wanted_slug = slug(wanted);
            match checked.clients.iter().find(|c| c.slug == wanted_slug) {
                Some(client) => Some(client.slug.clone()),
                None => {
                    let names: Vec<&str> =
                        checked.clients.iter().map(|c| c.name.as_str()).collect();
                    let slugs: Vec<&str> =
                        checked.clients.iter().map(|c| c.slug.as_str()).collect();
                    let hint = diagnostic::did_you_mean(&wanted_slug, &slugs)
                        .and_then(|s| checked.clients.iter().find(|c| c.slug == s))
                        .map(|c| format!(" Bedoelt u \"{}\"?", c.name))
                        .unwrap_or_default();
                    err_line!(
                        "Opdrachtgever \"{wanted}\" komt in de gegevens niet voor.{hint} Wel: {}.",
                        if names.is_empty() {
                            "geen enkele".to_string()
                        } else {
                            names.join(", ")
                        }
                    );
                    return Ok(Outcome::Usage);
                }
            }
        }
    };
    let selection = Selection {
        quarter: Some(args.quarter),
        client,
    };
    let renderer = match Renderer::new(&checked.input.templates) {
        Ok(renderer) => renderer,
        Err(problems) => return Ok(template_failure(&checked, &problems)),
    };
    let files = match view::render(&checked.clients, regulation, today, &selection, &renderer) {
        Ok(files) => files,
        Err(problem) => return Ok(template_failure(&checked, &[problem])),
    };
    if files.is_empty() {
        err_line!(
            "Geen rapportage voor het {}: in dat kwartaal waren er geen klachten en geen open klachten{}.",
            args.quarter.dutch(),
            match &args.opdrachtgever {
                Some(name) => format!(" voor {name}"),
                None => String::new(),
            }
        );
        return Ok(Outcome::Usage);
    }
    if !guard_passes(&checked, &files)? {
        return Ok(Outcome::Findings);
    }
    output::write_some(&root.join("output"), &files)?;
    if !quiet {
        for file in files.iter().filter(|f| f.path.ends_with(".html")) {
            let stem = file.path.trim_end_matches(".html");
            err_line!("Geschreven: output/{stem}.html, .md en .csv");
        }
    }
    Ok(Outcome::Success)
}

fn template_failure(checked: &super::Checked, problems: &[diagnostic::Finding]) -> Outcome {
    super::err_text!(
        "{}",
        diagnostic::render_human(problems, &checked.input.sources, super::stderr_color())
    );
    err_line!("Geen rapportage gemaakt: fout in een sjabloon.");
    Outcome::Findings
}
