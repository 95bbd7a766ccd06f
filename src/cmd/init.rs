//! `regelwerk init DIR [--model werkpro|gemeente|zorg]`: writes a working
//! example project into a new folder, from the model closest to the
//! organisation's own procedure (SPEC §1).

use super::{Fatal, Outcome};
use crate::cli::Model;
use crate::load::IoProblem;
use std::fs;
use std::io;
use std::path::Path;

/// The example project's files: (path, contents). This is the `werkpro`
/// model: the repository's own example project.
pub const EXAMPLE: &[(&str, &[u8])] = &[
    (
        "content/klachtenreglement.md",
        include_bytes!("../../content/klachtenreglement.md"),
    ),
    (
        "content/toegankelijkheid.md",
        include_bytes!("../../content/toegankelijkheid.md"),
    ),
    // Example data, so the first build shows letters and reports too.
    (
        "data/cases/K-2025-001.yaml",
        include_bytes!("../../data/cases/K-2025-001.yaml"),
    ),
    (
        "data/cases/K-2025-002.yaml",
        include_bytes!("../../data/cases/K-2025-002.yaml"),
    ),
    (
        "data/cases/K-2026-001.yaml",
        include_bytes!("../../data/cases/K-2026-001.yaml"),
    ),
    (
        "data/register.csv",
        include_bytes!("../../data/register.csv"),
    ),
    ("README.md", include_bytes!("init-README.md")),
    (".gitignore", b"/output\n"),
];

/// The `gemeente` model (`models/gemeente/`).
pub const GEMEENTE: &[(&str, &[u8])] = &[
    (
        "README.md",
        include_bytes!("../../models/gemeente/README.md"),
    ),
    (
        "content/klachtenreglement.md",
        include_bytes!("../../models/gemeente/content/klachtenreglement.md"),
    ),
    (
        "content/toegankelijkheid.md",
        include_bytes!("../../models/gemeente/content/toegankelijkheid.md"),
    ),
    (
        "data/cases/K-2025-011.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2025-011.yaml"),
    ),
    (
        "data/cases/K-2025-014.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2025-014.yaml"),
    ),
    (
        "data/cases/K-2025-019.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2025-019.yaml"),
    ),
    (
        "data/cases/K-2026-003.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-003.yaml"),
    ),
    (
        "data/cases/K-2026-009.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-009.yaml"),
    ),
    (
        "data/cases/K-2026-012.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-012.yaml"),
    ),
    (
        "data/cases/K-2026-015.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-015.yaml"),
    ),
    (
        "data/cases/K-2026-021.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-021.yaml"),
    ),
    (
        "data/cases/K-2026-027.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-027.yaml"),
    ),
    (
        "data/cases/K-2026-033.yaml",
        include_bytes!("../../models/gemeente/data/cases/K-2026-033.yaml"),
    ),
    (
        "data/register.xlsx",
        include_bytes!("../../models/gemeente/data/register.xlsx"),
    ),
    (".gitignore", b"/output\n"),
];

/// The `zorg` model (`models/zorg/`).
pub const ZORG: &[(&str, &[u8])] = &[
    ("README.md", include_bytes!("../../models/zorg/README.md")),
    (
        "content/klachtenreglement.md",
        include_bytes!("../../models/zorg/content/klachtenreglement.md"),
    ),
    (
        "content/toegankelijkheid.md",
        include_bytes!("../../models/zorg/content/toegankelijkheid.md"),
    ),
    (
        "data/cases/K-2025-031.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2025-031.yaml"),
    ),
    (
        "data/cases/K-2025-036.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2025-036.yaml"),
    ),
    (
        "data/cases/K-2026-004.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-004.yaml"),
    ),
    (
        "data/cases/K-2026-010.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-010.yaml"),
    ),
    (
        "data/cases/K-2026-017.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-017.yaml"),
    ),
    (
        "data/cases/K-2026-022.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-022.yaml"),
    ),
    (
        "data/cases/K-2026-025.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-025.yaml"),
    ),
    (
        "data/cases/K-2026-029.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-029.yaml"),
    ),
    (
        "data/cases/K-2026-037.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-037.yaml"),
    ),
    (
        "data/cases/K-2026-041.yaml",
        include_bytes!("../../models/zorg/data/cases/K-2026-041.yaml"),
    ),
    (
        "data/register.xlsx",
        include_bytes!("../../models/zorg/data/register.xlsx"),
    ),
    (".gitignore", b"/output\n"),
];

/// The files of a model.
pub fn files(model: Model) -> &'static [(&'static str, &'static [u8])] {
    match model {
        Model::Werkpro => EXAMPLE,
        Model::Gemeente => GEMEENTE,
        Model::Zorg => ZORG,
    }
}

pub fn run(dir: &Path, model: Model, quiet: bool) -> Result<Outcome, Fatal> {
    let files = files(model);
    for (path, _) in files {
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
    for (path, text) in files {
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
