//! Loading a project folder: the only place (with `output`) that touches the
//! disk. Reads `content/`, `templates/` and `data/` into values and findings;
//! never writes.

pub mod cases;
pub mod fields;
pub mod register;
pub mod regulation;

use crate::diagnostic::{Finding, Place, SourceLines};
use crate::model::{Case, Page, Regulation};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The name of the regulation file under `content/`.
pub const REGULATION_FILE: &str = "klachtenreglement.md";

/// Everything read from a project folder.
#[derive(Debug, Default)]
pub struct Input {
    pub regulation: Option<Regulation>,
    pub pages: Vec<Page>,
    /// Template overrides from `templates/`: (name relative to it, text).
    pub templates: Vec<(String, String)>,
    /// The case files `data/cases/*.yaml` that read without a `schema` error.
    pub cases: Vec<Case>,
    /// The registers `data/*.csv`; streamed row by row when checked.
    pub registers: Vec<PathBuf>,
    pub root: PathBuf,
    pub sources: Sources,
}

/// The text of every loaded text file, by project-relative path, so findings
/// can show their line.
#[derive(Debug, Default)]
pub struct Sources {
    texts: HashMap<String, String>,
}

impl Sources {
    pub fn insert(&mut self, file: &str, text: impl Into<String>) {
        self.texts.insert(file.to_string(), text.into());
    }

    /// The text of a loaded file, by project-relative path.
    pub fn text(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(String::as_str)
    }
}

/// Case files parsed in an earlier load, by project-relative path, with the
/// text they were parsed from: `watch` and `serve` parse again only the files
/// whose text changed. The result is the same as a fresh parse.
#[derive(Debug)]
pub struct CaseCache {
    /// Whether to keep anything (a one-off load does not).
    keep: bool,
    parsed: HashMap<String, (String, Option<Case>, Vec<Finding>)>,
    /// The regulation's categories the cached cases were checked against.
    vocabulary: Option<String>,
}

impl SourceLines for Sources {
    fn line(&self, file: &str, line: usize) -> Option<String> {
        self.texts
            .get(file)?
            .lines()
            .nth(line.checked_sub(1)?)
            .map(str::to_string)
    }
}

/// An I/O problem that stops a command (exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct IoProblem {
    pub path: PathBuf,
    pub message: String,
}

impl IoProblem {
    pub fn new(path: &Path, err: &io::Error) -> IoProblem {
        let message = match err.kind() {
            io::ErrorKind::NotFound => "bestaat niet".to_string(),
            io::ErrorKind::PermissionDenied => "geen toegang (rechten)".to_string(),
            _ => format!("kan niet worden gelezen of geschreven ({err})"),
        };
        IoProblem {
            path: path.to_path_buf(),
            message,
        }
    }
}

/// Project-relative path with `/` separators, for messages and findings.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Files directly in `dir` (sorted by name) whose name ends with one of `exts`.
pub fn files_in(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, IoProblem> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(IoProblem::new(dir, &err)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| IoProblem::new(dir, &err))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        // The kind the folder listing gives needs no look at each file;
        // only a link is followed to what it points at.
        let is_file = match entry.file_type() {
            Ok(kind) if !kind.is_symlink() => kind.is_file(),
            _ => path.is_file(),
        };
        // `~$register.xlsx` is Excel's note that the workbook is open.
        if is_file
            && !name.starts_with('.')
            && !register::workbook::is_office_scratch(&name)
            && exts.iter().any(|ext| name.ends_with(ext))
        {
            files.push(path);
        }
    }
    // All in one folder: ordering the whole paths as bytes orders their
    // names, without comparing path by path, part by part.
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(files)
}

/// Reads a text file as UTF-8; a file that is not UTF-8 is a finding.
fn read_text(
    root: &Path,
    path: &Path,
    findings: &mut Vec<Finding>,
) -> Result<Option<String>, IoProblem> {
    let bytes = fs::read(path).map_err(|err| IoProblem::new(path, &err))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(_) => {
            findings.push(Finding::schema(
                &Place::new(relative(root, path), None),
                "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
            ));
            Ok(None)
        }
    }
}

/// One case file after reading: its name, text, case and findings.
type ParsedCase = (String, Option<String>, Option<Case>, Vec<Finding>);

impl Default for CaseCache {
    /// A cache that keeps the parsed case files for the next load.
    fn default() -> CaseCache {
        CaseCache {
            keep: true,
            parsed: HashMap::new(),
            vocabulary: None,
        }
    }
}

impl CaseCache {
    /// No cache: for a single load.
    pub fn off() -> CaseCache {
        CaseCache {
            keep: false,
            ..CaseCache::default()
        }
    }
}

/// Loads `content/`, `data/` and `templates/` of the project at `root`.
pub fn load(root: &Path) -> Result<(Input, Vec<Finding>), IoProblem> {
    load_with(root, &mut CaseCache::off())
}

/// [`load`], reusing the case files of `cache` whose text did not change.
pub fn load_with(root: &Path, cache: &mut CaseCache) -> Result<(Input, Vec<Finding>), IoProblem> {
    let mut input = Input::default();
    let mut findings = Vec::new();
    let content = root.join("content");
    let regulation_path = content.join(REGULATION_FILE);
    let regulation_file = relative(root, &regulation_path);
    if !regulation_path.is_file() {
        if !root.is_dir() {
            return Err(IoProblem::new(
                root,
                &io::Error::from(io::ErrorKind::NotFound),
            ));
        }
        findings.push(Finding::schema(
            &Place::new(regulation_file, None),
            "het klachtenreglement ontbreekt: maak content/klachtenreglement.md, of begin met `regelwerk init`",
        ));
    } else if let Some(text) = read_text(root, &regulation_path, &mut findings)? {
        input.sources.insert(&regulation_file, &text);
        input.regulation = regulation::parse_regulation(&text, &regulation_file, &mut findings);
    }

    for path in files_in(&content, &[".md"])? {
        if path == regulation_path {
            continue;
        }
        let file = relative(root, &path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if !is_safe_name(&stem) {
            findings.push(Finding::schema(
                &Place::new(&file, None),
                "de bestandsnaam mag alleen letters, cijfers, `-`, `_` en `.` bevatten (hij wordt de naam van de pagina)",
            ));
            continue;
        }
        if let Some(text) = read_text(root, &path, &mut findings)? {
            input.sources.insert(&file, &text);
            if let Some(page) = regulation::parse_page(&text, &file, &stem, &mut findings) {
                input.pages.push(page);
            }
        }
    }
    input
        .pages
        .sort_by(|a, b| (a.volgorde, &a.titel).cmp(&(b.volgorde, &b.titel)));

    // A case is read against the regulation's categories, values and steps.
    let vocabulary = cases::Vocabulary::of(input.regulation.as_ref());
    let key = Some(vocabulary.key());
    if cache.vocabulary != key {
        cache.parsed.clear();
        cache.vocabulary = key;
    }
    // Case files are independent: read and parse them in parallel, keep their order.
    let case_paths = files_in(&root.join("data").join("cases"), &[".yaml", ".yml"])?;
    let cached = &cache.parsed;
    let parsed: Vec<Result<ParsedCase, IoProblem>> = case_paths
        .par_iter()
        .map(|path| {
            let file = relative(root, path);
            let mut own = Vec::new();
            let text = read_text(root, path, &mut own)?;
            if let (Some(text), Some((old, case, findings))) = (&text, cached.get(&file))
                && old == text
            {
                return Ok((file, Some(text.clone()), case.clone(), findings.clone()));
            }
            let case = text
                .as_deref()
                .and_then(|text| cases::parse_case(text, &file, &vocabulary, &mut own));
            Ok((file, text, case, own))
        })
        .collect();
    cache.parsed.clear();
    for result in parsed {
        let (file, text, case, own) = result?;
        if cache.keep
            && let Some(text) = &text
        {
            cache
                .parsed
                .insert(file.clone(), (text.clone(), case.clone(), own.clone()));
        }
        findings.extend(own);
        input.cases.extend(case);
        if let Some(text) = text {
            input.sources.insert(&file, text);
        }
    }
    input.registers = files_in(&root.join("data"), &register::REGISTER_EXTENSIONS)?;
    input.root = root.to_path_buf();

    let templates = root.join("templates");
    for path in walk(&templates)? {
        let name = relative(&templates, &path);
        if name.to_lowercase().starts_with("readme") {
            continue;
        }
        if let Some(text) = read_text(root, &path, &mut findings)? {
            input.sources.insert(&relative(root, &path), &text);
            input.templates.push((name, text));
        }
    }
    Ok((input, findings))
}

/// Every file under `dir`, recursively, sorted; hidden files skipped.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, IoProblem> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(IoProblem::new(&current, &err)),
        };
        for entry in entries {
            let entry = entry.map_err(|err| IoProblem::new(&current, &err))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Whether a name is safe to use in an output path.
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}
