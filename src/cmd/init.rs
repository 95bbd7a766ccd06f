//! `regelwerk init DIR`: writes a working example project into a new folder.

use super::{Fatal, Outcome};
use crate::load::IoProblem;
use std::fs;
use std::io;
use std::path::Path;

/// The example project's files: (path, contents).
pub const EXAMPLE: &[(&str, &str)] = &[
    (
        "content/klachtenreglement.md",
        include_str!("../../content/klachtenreglement.md"),
    ),
    (
        "content/toegankelijkheid.md",
        include_str!("../../content/toegankelijkheid.md"),
    ),
    // Example data, so the first build shows letters and reports too.
    (
        "data/cases/K-2025-001.yaml",
        include_str!("../../data/cases/K-2025-001.yaml"),
    ),
    (
        "data/cases/K-2025-002.yaml",
        include_str!("../../data/cases/K-2025-002.yaml"),
    ),
    (
        "data/cases/K-2026-001.yaml",
        include_str!("../../data/cases/K-2026-001.yaml"),
    ),
    ("data/register.csv", include_str!("../../data/register.csv")),
    ("README.md", include_str!("init-README.md")),
    (".gitignore", "/output\n"),
];

pub fn run(dir: &Path, quiet: bool) -> Result<Outcome, Fatal> {
    for (path, _) in EXAMPLE {
        let target = dir.join(path);
        if target.exists() {
            return Err(IoProblem {
                path: target,
                message:
                    "bestaat al; `regelwerk init` overschrijft niets. Kies een nieuwe of lege map."
                        .to_string(),
            });
        }
    }
    for (path, text) in EXAMPLE {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|err| IoProblem::new(parent, &err))?;
        }
        fs::write(&target, text).map_err(|err| IoProblem::new(&target, &err))?;
    }
    for folder in ["templates", "data/cases"] {
        let target = dir.join(folder);
        match fs::create_dir_all(&target) {
            Ok(()) => {}
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(IoProblem::new(&target, &err)),
        }
    }
    if !quiet {
        crate::cmd::out_line!(
            "Nieuw project gemaakt in {}.\nVolgende stap: cd {} && regelwerk build\nOpen daarna output/site/index.html in uw browser.",
            dir.display(),
            dir.display()
        );
    }
    Ok(Outcome::Success)
}
