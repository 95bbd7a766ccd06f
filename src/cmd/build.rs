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
    let mut files = render_published(checked, today, renderer, reports_cache)?;
    if let Some(reg) = &input.regulation {
        files.extend(
            letters::render_cached(
                &input.cases,
                reg,
                findings,
                today,
                renderer,
                letters::Keep::All(letters_cache.map(|cache| (cache, &input.sources))),
            )
            .map_err(|f| vec![f])?,
        );
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files that go to outside parties, which the leak guard scans: the
/// site and the reports.
fn render_published(
    checked: &Checked,
    today: NaiveDate,
    renderer: &Renderer,
    reports_cache: Option<&mut reports::view::ReportCache>,
) -> Result<Vec<OutputFile>, Vec<Finding>> {
    let input = &checked.input;
    let mut files = Vec::new();
    if let Some(reg) = &input.regulation {
        files.extend(site::render(reg, &input.pages, renderer).map_err(|f| vec![f])?);
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
    Ok(files)
}

pub fn run(root: &Path, args: &BuildArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let started = Instant::now();
    let today = today(args.today);
    let checked = load_and_check(root, today)?;
    show_findings(&checked, quiet);
    if verdict(&checked, args.strict) == Outcome::Findings {
        crate::cmd::err_line!(
            "Niet gebouwd: {}. De vorige uitvoer in output/ is niet veranderd.",
            diagnostic::summary_of(&checked.counts)
        );
        return Ok(Outcome::Findings);
    }
    let written = if args.pdf {
        build_with_pdf(root, &checked, today, quiet)?
    } else {
        build_streaming(root, &checked, today)?
    };
    let stats = match written {
        Ok(stats) => stats,
        Err(outcome) => return Ok(outcome),
    };
    if !quiet {
        crate::cmd::err_line!(
            "Gebouwd in {} ms: {} bestanden ({} geschreven, {} ongewijzigd, {} verwijderd). Controle: {}.",
            started.elapsed().as_millis(),
            stats.written + stats.unchanged,
            stats.written,
            stats.unchanged,
            stats.removed,
            diagnostic::summary_of(&checked.counts)
        );
    }
    Ok(Outcome::Success)
}

/// Says that a template failed; nothing was written.
fn template_failed(checked: &Checked, problems: &[Finding]) {
    crate::cmd::err_text!(
        "{}",
        diagnostic::render_human(problems, &checked.input.sources, stderr_color())
    );
    crate::cmd::err_line!(
        "Niet gebouwd: fout in een sjabloon. De vorige uitvoer in output/ is niet veranderd."
    );
}

/// Renders the site and the reports, lets the leak guard scan them, then
/// renders the letters case by case straight into the writer, and puts it
/// all in place. `Err`: a template failed or the guard found a leak (said
/// on stderr), and the output is as it was.
fn build_streaming(
    root: &Path,
    checked: &Checked,
    today: NaiveDate,
) -> Result<Result<output::WriteStats, Outcome>, Fatal> {
    let input = &checked.input;
    let Some(reg) = &input.regulation else {
        return Ok(Ok(output::write(&root.join("output"), &[])?));
    };
    let output_dir = root.join("output");
    // While the site and the reports render and the guard scans them, the
    // writer reads what the last build wrote. Into a folder that is not
    // there yet it begins only after the guard: a build that stops leaves
    // no folder behind.
    let (prepared, early) = rayon::join(
        || publish_guarded(checked, today),
        || {
            output_dir
                .exists()
                .then(|| output::Writer::begin(&output_dir))
        },
    );
    let (renderer, published) = match prepared? {
        Ok(prepared) => prepared,
        Err(outcome) => return Ok(Err(outcome)),
    };
    let writer = match early {
        Some(writer) => writer?,
        None => output::Writer::begin(&output_dir)?,
    };
    let put = |files: &[OutputFile]| writer.put(files);
    let rest = letters::render_cached(
        &input.cases,
        reg,
        &checked.findings,
        today,
        &renderer,
        letters::Keep::To(&put),
    );
    match rest {
        Ok(rest) => writer.put(&rest),
        Err(problem) => {
            // Dropping the writer takes back what it wrote.
            drop(writer);
            template_failed(checked, &[problem]);
            return Ok(Err(Outcome::Findings));
        }
    }
    writer.put(&published);
    Ok(Ok(writer.finish(true)?))
}

/// The renderer, and the site and reports it rendered once the leak guard
/// passed them. `Err(Outcome)`: a template failed or the guard found a
/// leak, and stderr says which.
fn publish_guarded(
    checked: &Checked,
    today: NaiveDate,
) -> Result<Result<(Renderer, Vec<OutputFile>), Outcome>, Fatal> {
    let rendered = Renderer::new(&checked.input.templates).and_then(|renderer| {
        let published = render_published(checked, today, &renderer, None)?;
        Ok((renderer, published))
    });
    let (renderer, published) = match rendered {
        Ok(rendered) => rendered,
        Err(problems) => {
            template_failed(checked, &problems);
            return Ok(Err(Outcome::Findings));
        }
    };
    if !guard_passes(checked, &published)? {
        return Ok(Err(Outcome::Findings));
    }
    Ok(Ok((renderer, published)))
}

/// Renders everything in memory (the PDFs need the letters), then writes.
fn build_with_pdf(
    root: &Path,
    checked: &Checked,
    today: NaiveDate,
    quiet: bool,
) -> Result<Result<output::WriteStats, Outcome>, Fatal> {
    let mut files = match render_all(checked, today) {
        Ok(files) => files,
        Err(problems) => {
            template_failed(checked, &problems);
            return Ok(Err(Outcome::Findings));
        }
    };
    if !guard_passes(checked, &files)? {
        return Ok(Err(Outcome::Findings));
    }
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
            return Ok(Err(Outcome::Usage));
        }
    }
    Ok(Ok(output::write(&root.join("output"), &files)?))
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
