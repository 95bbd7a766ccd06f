//! `regelwerk build`: check, then render everything in memory, then write.

use super::check::verdict;
use super::{Checked, Fatal, Outcome, load_and_check, stderr_color, today};
use crate::cli::BuildArgs;
use crate::diagnostic::{self, Finding};
use crate::letters;
use crate::output;
use crate::render::{OutputFile, Renderer, site};
use crate::reports::{self, view::Selection};
use chrono::NaiveDate;
use std::path::Path;
use std::time::Instant;

/// Renders every output file from checked input; no disk access.
pub fn render_all(checked: &Checked, today: NaiveDate) -> Result<Vec<OutputFile>, Vec<Finding>> {
    let renderer = Renderer::new(&checked.input.templates)?;
    render_all_with(checked, today, &renderer, None)
}

/// What `watch` and `serve` keep of earlier builds to render less: the
/// letters of unchanged case files and the reports of opdrachtgevers whose
/// figures did not change. Cleared when the regulation or a template changes.
#[derive(Debug, Default)]
pub struct RenderCache {
    pub letters: letters::LetterCache,
    pub reports: reports::view::ReportCache,
}

impl RenderCache {
    pub fn clear(&mut self) {
        self.letters.clear();
        self.reports.clear();
    }
}

/// [`render_all`] with compiled templates, reusing what `cache` kept.
pub fn render_all_with(
    checked: &Checked,
    today: NaiveDate,
    renderer: &Renderer,
    cache: Option<&mut RenderCache>,
) -> Result<Vec<OutputFile>, Vec<Finding>> {
    let (letters_cache, reports_cache) = match cache {
        Some(cache) => (Some(&mut cache.letters), Some(&mut cache.reports)),
        None => (None, None),
    };
    let (input, findings) = (&checked.input, &checked.findings);
    let mut files = Vec::new();
    if let Some(reg) = &input.regulation {
        files.extend(site::render(reg, &input.pages, renderer).map_err(|f| vec![f])?);
        files.extend(
            letters::render_cached(
                &input.cases,
                reg,
                findings,
                today,
                renderer,
                letters_cache.map(|cache| (cache, &input.sources)),
            )
            .map_err(|f| vec![f])?,
        );
        files.extend(
            reports::view::render_cached(
                &checked.clients,
                reg,
                today,
                &Selection::default(),
                renderer,
                reports_cache,
            )
            .map_err(|f| vec![f])?,
        );
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

pub fn run(root: &Path, args: &BuildArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let started = Instant::now();
    let today = today(args.today);
    let checked = load_and_check(root, today)?;
    let input = &checked.input;
    show_findings(&checked, quiet);
    if verdict(&checked, args.strict) == Outcome::Findings {
        crate::cmd::err_line!(
            "Niet gebouwd: {}. De vorige uitvoer in output/ is niet veranderd.",
            diagnostic::summary_of(&checked.counts)
        );
        return Ok(Outcome::Findings);
    }
    let mut files = match render_all(&checked, today) {
        Ok(files) => files,
        Err(problems) => {
            crate::cmd::err_text!(
                "{}",
                diagnostic::render_human(&problems, &input.sources, stderr_color())
            );
            crate::cmd::err_line!(
                "Niet gebouwd: fout in een sjabloon. De vorige uitvoer in output/ is niet veranderd."
            );
            return Ok(Outcome::Findings);
        }
    };
    if !guard_passes(&checked, &files)? {
        return Ok(Outcome::Findings);
    }
    if args.pdf {
        let started = Instant::now();
        match crate::pdf::letters(&files, &root.join("output")) {
            Ok(pdfs) => {
                if !quiet {
                    crate::cmd::err_line!(
                        "PDF: {} brieven in {:.1} s.",
                        pdfs.len(),
                        started.elapsed().as_secs_f64()
                    );
                }
                files.extend(pdfs);
                files.sort_by(|a, b| a.path.cmp(&b.path));
            }
            Err(problem) => {
                crate::cmd::err_line!("regelwerk: {problem}");
                return Ok(Outcome::Usage);
            }
        }
    }
    let stats = output::write(&root.join("output"), &files)?;
    if !quiet {
        crate::cmd::err_line!(
            "Gebouwd in {} ms: {} bestanden ({} geschreven, {} ongewijzigd, {} verwijderd). Controle: {}.",
            started.elapsed().as_millis(),
            files.len(),
            stats.written,
            stats.unchanged,
            stats.removed,
            diagnostic::summary_of(&checked.counts)
        );
    }
    Ok(Outcome::Success)
}

/// Prints the notices and findings a build shows.
pub fn show_findings(checked: &Checked, quiet: bool) {
    crate::cmd::err_text!(
        "{}",
        checked.listing(quiet, diagnostic::SHOWN_PER_RULE, stderr_color())
    );
}

/// The leak guard (SPEC §6): scans what would go to `output/site/` and
/// `output/reports/` for every personal value of the input, before anything
/// is written. Prints each file and kind of value found (never the value)
/// and returns false when there is one.
pub fn guard_passes(checked: &Checked, files: &[OutputFile]) -> Result<bool, Fatal> {
    let leaks = crate::guard::scan(&checked.input, files, checked.sightings.as_ref())?;
    if leaks.is_empty() {
        return Ok(true);
    }
    crate::cmd::err_line!(
        "{} De vorige uitvoer in output/ is niet veranderd.",
        crate::guard::describe(&leaks)
    );
    Ok(false)
}
