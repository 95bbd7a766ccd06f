//! Rebuilding while the user edits (SPEC §7): a [`Session`] keeps what the
//! last build parsed and rendered, and [`Watcher`] turns file-system events
//! under `content/`, `templates/` and `data/` into debounced rebuilds.
//!
//! A rebuild runs the whole pipeline — load → check → render → guard → write
//! — so its result is byte-identical to `regelwerk build`. What pays to keep
//! is kept: case files whose text did not change are not parsed again, their
//! letters are not rendered again (unless the regulation or a template
//! changed), and the output is compared with what this session wrote last
//! instead of being read back from disk.

use crate::cmd::build::{RenderCache, render_all_with};
use crate::cmd::{Checked, load_and_check_with};
use crate::diagnostic::{self, Finding, Severity};
use crate::load::{CaseCache, IoProblem};
use crate::output;
use crate::render::Renderer;
use chrono::NaiveDate;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// How long the file system must be quiet before a rebuild: long enough
/// for an editor's write-to-temp-and-rename, short enough to feel instant.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders that are watched, recursively.
pub const WATCHED: [&str; 3] = ["content", "templates", "data"];

/// What a build in a session came to.
#[derive(Debug)]
pub enum Built {
    Done {
        files: usize,
        written: usize,
        removed: usize,
        millis: u128,
        /// The findings summary ("geen bevindingen", "3 overtredingen", …).
        summary: String,
    },
    /// Nothing was written; the previous output stays.
    Failed {
        /// For the terminal (coloured when asked).
        terminal: String,
        /// For the browser overlay: plain text.
        plain: String,
    },
}

/// The state kept between builds.
pub struct Session {
    root: PathBuf,
    today: Option<NaiveDate>,
    color: bool,
    cases: CaseCache,
    rendered: RenderCache,
    /// A hash of the regulation and the templates the kept letters and reports were rendered with.
    letters_key: Option<u64>,
    /// The templates compiled for the last build, with the overrides they came from.
    renderer: Option<(Vec<(String, String)>, Renderer)>,
    /// The output as this session last wrote it, by path under `output/`.
    written: Option<Arc<HashMap<String, Arc<Vec<u8>>>>>,
}

impl Session {
    /// `today`: a fixed date (`--today`), or `None` for the system date at each build.
    pub fn new(root: &Path, today: Option<NaiveDate>, color: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            today,
            color,
            cases: CaseCache::default(),
            rendered: RenderCache::default(),
            letters_key: None,
            renderer: None,
            written: None,
        }
    }

    /// The output of the last good build.
    pub fn output(&self) -> Option<Arc<HashMap<String, Arc<Vec<u8>>>>> {
        self.written.clone()
    }

    /// Builds the project; on an error writes nothing and says why.
    pub fn build(&mut self) -> Result<Built, IoProblem> {
        let started = Instant::now();
        let today = crate::cmd::today(self.today);
        let checked = load_and_check_with(&self.root, today, &mut self.cases)?;
        let errors: Vec<Finding> = checked
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            let summary = diagnostic::summary(&errors);
            return Ok(self.failed(&checked, &errors, &format!("Niet gebouwd: {summary}.")));
        }
        let key = letters_key(&checked);
        if self.letters_key != Some(key) {
            self.rendered.clear();
            self.letters_key = Some(key);
        }
        let (templates, renderer) = match self.renderer.take() {
            Some((templates, renderer)) if templates == checked.input.templates => {
                (templates, renderer)
            }
            _ => match Renderer::new(&checked.input.templates) {
                Ok(renderer) => (checked.input.templates.clone(), renderer),
                Err(problems) => {
                    return Ok(self.failed(
                        &checked,
                        &problems,
                        "Niet gebouwd: fout in een sjabloon.",
                    ));
                }
            },
        };
        let rendered = render_all_with(&checked, today, &renderer, Some(&mut self.rendered));
        self.renderer = Some((templates, renderer));
        let files = match rendered {
            Ok(files) => files,
            Err(problems) => {
                return Ok(self.failed(&checked, &problems, "Niet gebouwd: fout in een sjabloon."));
            }
        };
        let leaks = crate::guard::scan(&checked.input, &files, checked.sightings.as_ref())?;
        if !leaks.is_empty() {
            let text = crate::guard::describe(&leaks);
            return Ok(Built::Failed {
                terminal: text.clone(),
                plain: text,
            });
        }
        let output_dir = self.root.join("output");
        let stats = match &self.written {
            Some(previous) => output::write_known(&output_dir, &files, previous)?,
            None => output::write(&output_dir, &files)?,
        };
        let count = files.len();
        self.written = Some(Arc::new(
            files.into_iter().map(|f| (f.path, f.bytes)).collect(),
        ));
        Ok(Built::Done {
            files: count,
            written: stats.written,
            removed: stats.removed,
            millis: started.elapsed().as_millis(),
            summary: diagnostic::summary_of(&checked.counts),
        })
    }

    fn failed(&self, checked: &Checked, problems: &[Finding], last: &str) -> Built {
        let sources = &checked.input.sources;
        Built::Failed {
            terminal: format!(
                "{}{last}",
                diagnostic::render_human(problems, sources, self.color)
            ),
            plain: format!(
                "{}{last}",
                diagnostic::render_human(problems, sources, false)
            ),
        }
    }
}

/// The letters depend on the regulation's front matter (names, contacts,
/// terms; not its text) and the templates as well as on the case.
fn letters_key(checked: &Checked) -> u64 {
    let mut hasher = DefaultHasher::new();
    if let Some(reg) = &checked.input.regulation {
        let front_matter = crate::model::Regulation {
            body: String::new(),
            body_line: 0,
            ..reg.clone()
        };
        format!("{front_matter:?}").hash(&mut hasher);
    }
    checked.input.templates.hash(&mut hasher);
    hasher.finish()
}

/// What the rebuild loop is told.
#[derive(Debug)]
pub enum Signal {
    /// These project-relative files changed.
    Changed(Vec<String>),
    /// The watcher failed (e.g. too many files for inotify).
    Trouble(String),
    /// Ctrl-C: stop after the current build.
    Stop,
}

/// Watches the project's input folders and sends [`Signal::Changed`] after
/// each quiet spell.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    pub fn start(root: &Path, signals: Sender<Signal>) -> Result<Watcher, String> {
        // Events name absolute, resolved paths.
        let root = &std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let events_root = root.clone();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let signal = match result {
                Ok(events) => {
                    let mut changed: Vec<String> = events
                        .iter()
                        .filter(|e| relevant(&e.kind))
                        .flat_map(|e| e.paths.iter())
                        .filter_map(|p| input_file(&events_root, p))
                        .collect();
                    changed.sort();
                    changed.dedup();
                    if changed.is_empty() {
                        return;
                    }
                    Signal::Changed(changed)
                }
                Err(errors) => Signal::Trouble(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = signals.send(signal);
        })
        .map_err(|err| format!("kan de mappen niet volgen: {err}"))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        // The root itself, not recursively: to see an input folder appear.
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|err| format!("kan {} niet volgen: {err}", root.display()))?;
        watcher.refresh()?;
        Ok(watcher)
    }

    /// Watches every input folder that exists and is not watched yet.
    pub fn refresh(&mut self) -> Result<(), String> {
        for name in WATCHED {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|err| format!("kan {name}/ niet volgen: {err}"))?;
                self.watched.push(dir);
            }
        }
        self.watched.retain(|dir| dir.is_dir());
        Ok(())
    }
}

/// Changes to contents and names count; reading a file does not.
fn relevant(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// The project-relative path of an input file, or `None` for anything that
/// is not one: `output/`, hidden files and the temporary and backup files
/// of editors (`.x.swp`, `x~`, `#x#`, vim's `4913`, `x.tmp`) and office
/// programs (Excel's `~$register.xlsx` and `register.xlsx~RF1a2b.TMP`,
/// LibreOffice's `.~lock.register.ods#`).
pub fn input_file(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_string()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let first = parts.first()?;
    if !WATCHED.contains(&first.as_str()) {
        return None;
    }
    let name = parts.last()?;
    let lower = name.to_lowercase();
    let editor_file = name.starts_with('.')
        || name.starts_with('#')
        || crate::load::register::workbook::is_office_scratch(name)
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".orig",
            ".kate-swp",
            ".crdownload",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
    (!editor_file && parts.iter().all(|p| !p.starts_with('.'))).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_output_files_are_not_input() {
        let root = Path::new("/p");
        let input = |p: &str| input_file(root, &root.join(p));
        assert_eq!(
            input("content/klachtenreglement.md").as_deref(),
            Some("content/klachtenreglement.md")
        );
        assert_eq!(
            input("data/cases/K-1.yaml").as_deref(),
            Some("data/cases/K-1.yaml")
        );
        assert_eq!(
            input("templates/reports/base.html").as_deref(),
            Some("templates/reports/base.html")
        );
        assert_eq!(input("templates").as_deref(), Some("templates"));
        assert_eq!(
            input("data/register.xlsx").as_deref(),
            Some("data/register.xlsx")
        );
        for ignored in [
            "output/site/index.html",
            "content/.klachtenreglement.md.swp",
            "content/klachtenreglement.md~",
            "content/4913",
            "content/#klachtenreglement.md#",
            "data/cases/.#K-1.yaml",
            "data/register.csv.tmp",
            "data/~$register.xlsx",
            "data/register.xlsx~RF3a1b2c.TMP",
            "data/.~lock.register.ods#",
            "data/.git/HEAD",
            "README.md",
            "target/x",
        ] {
            assert_eq!(input(ignored), None, "{ignored}");
        }
        assert_eq!(input_file(root, Path::new("/elders/content/x.md")), None);
    }
}
