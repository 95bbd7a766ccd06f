//! The only writer: puts rendered files under `output/` (SPEC §8).
//!
//! Everything is rendered and checked before this runs. Each file is written
//! to a temporary name and renamed into place; a file whose bytes did not
//! change is not touched; files regelwerk wrote before and no longer produces
//! are removed, and nothing else is. What regelwerk wrote is listed in
//! `output/.regelwerk-manifest`.

use crate::load::IoProblem;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path};
use std::sync::Arc;

const MANIFEST: &str = ".regelwerk-manifest";

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes `files` under `output_dir`, leaving unchanged files alone and
/// removing files from an earlier build that are no longer produced.
pub fn write(output_dir: &Path, files: &[OutputFile]) -> Result<WriteStats, IoProblem> {
    let previous = read_manifest(output_dir);
    let current: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut stats = write_files(output_dir, files)?;
    for stale in previous.difference(&current) {
        let relative = Path::new(stale);
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            continue;
        }
        let path = output_dir.join(relative);
        match fs::remove_file(&path) {
            Ok(()) => stats.removed += 1,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(IoProblem::new(&path, &err)),
        }
        remove_empty_parents(output_dir, &path);
    }
    if previous != current {
        write_manifest(output_dir, &current)?;
    }
    Ok(stats)
}

/// Writes `files` under `output_dir` and removes nothing: for a command
/// that renders only part of the output (`regelwerk report`).
pub fn write_some(output_dir: &Path, files: &[OutputFile]) -> Result<WriteStats, IoProblem> {
    let previous = read_manifest(output_dir);
    let stats = write_files(output_dir, files)?;
    let mut current = previous.clone();
    current.extend(files.iter().map(|f| f.path.clone()));
    if previous != current {
        write_manifest(output_dir, &current)?;
    }
    Ok(stats)
}

/// Writes `files` under `output_dir` when `previous` (what this process
/// wrote last, as it is on disk) says they changed, and removes the files of
/// `previous` that are no longer produced: `watch` and `serve` need not read
/// the output back to find what changed.
pub fn write_known(
    output_dir: &Path,
    files: &[OutputFile],
    previous: &HashMap<String, Arc<Vec<u8>>>,
) -> Result<WriteStats, IoProblem> {
    // A file kept from the previous build shares its bytes: no need to compare.
    let changed: Vec<&OutputFile> = files
        .iter()
        .filter(|f| {
            previous
                .get(&f.path)
                .is_none_or(|old| !Arc::ptr_eq(old, &f.bytes) && old != &f.bytes)
        })
        .collect();
    let outcomes: Vec<Result<bool, IoProblem>> = changed
        .par_iter()
        .map(|file| write_one(output_dir, file).map(|_| true))
        .collect();
    let mut stats = WriteStats {
        unchanged: files.len() - changed.len(),
        ..WriteStats::default()
    };
    for outcome in outcomes {
        outcome?;
        stats.written += 1;
    }
    let current: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut gone = false;
    for stale in previous.keys().filter(|p| !current.contains(*p)) {
        gone = true;
        let path = output_dir.join(stale);
        match fs::remove_file(&path) {
            Ok(()) => stats.removed += 1,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(IoProblem::new(&path, &err)),
        }
        remove_empty_parents(output_dir, &path);
    }
    if gone || files.iter().any(|f| !previous.contains_key(&f.path)) {
        write_manifest(output_dir, &current)?;
    }
    Ok(stats)
}

fn write_files(output_dir: &Path, files: &[OutputFile]) -> Result<WriteStats, IoProblem> {
    let mut stats = WriteStats::default();
    // Creating files is the slow part on real disks: do it on every core.
    let outcomes: Vec<Result<bool, IoProblem>> = files
        .par_iter()
        .map(|file| write_one(output_dir, file))
        .collect();
    for outcome in outcomes {
        if outcome? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    Ok(stats)
}

fn write_manifest(output_dir: &Path, paths: &BTreeSet<String>) -> Result<(), IoProblem> {
    let listing: String = paths.iter().map(|p| format!("{p}\n")).collect();
    let manifest = output_dir.join(MANIFEST);
    fs::create_dir_all(output_dir).map_err(|err| IoProblem::new(output_dir, &err))?;
    write_atomically(&manifest, listing.as_bytes()).map_err(|err| IoProblem::new(&manifest, &err))
}

/// Writes one file unless its bytes are already there; true when written.
fn write_one(output_dir: &Path, file: &OutputFile) -> Result<bool, IoProblem> {
    let relative = Path::new(&file.path);
    debug_assert!(
        relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    );
    let path = output_dir.join(relative);
    let existed = match fs::metadata(&path) {
        Ok(meta) => {
            if meta.is_file()
                && meta.len() == file.bytes.len() as u64
                && same_bytes(&path, file.bytes.as_slice())
            {
                return Ok(false);
            }
            true
        }
        Err(_) => false,
    };
    if existed {
        // Replace an earlier version atomically: it stays whole until the rename.
        write_atomically(&path, file.bytes.as_slice())
            .map_err(|err| IoProblem::new(&path, &err))?;
    } else {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|err| IoProblem::new(parent, &err))?;
        }
        // Nothing to protect yet: one create-and-write is enough.
        fs::write(&path, file.bytes.as_slice()).map_err(|err| IoProblem::new(&path, &err))?;
    }
    Ok(true)
}

fn read_manifest(output_dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(output_dir.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::read(path).is_ok_and(|existing| existing == bytes)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.regelwerk-tmp"));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes directories left empty by removing `path`, up to `output_dir`.
fn remove_empty_parents(output_dir: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(current) = dir {
        if current == output_dir
            || !current.starts_with(output_dir)
            || fs::remove_dir(current).is_err()
        {
            break;
        }
        dir = current.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text)
    }

    #[test]
    fn writes_skips_unchanged_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = write(
            &out,
            &[file("site/a.html", "A"), file("site/sub/b.html", "B")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        fs::write(out.join("site/eigen.txt"), "van de gebruiker").unwrap();

        let second = write(
            &out,
            &[file("site/a.html", "A"), file("site/sub/b.html", "B2")],
        )
        .unwrap();
        assert_eq!(
            second,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 0
            }
        );

        let third = write(&out, &[file("site/a.html", "A")]).unwrap();
        assert_eq!(third.removed, 1);
        assert!(!out.join("site/sub").exists(), "empty folder left behind");
        assert!(
            out.join("site/eigen.txt").exists(),
            "removed a file regelwerk did not write"
        );
        let leftovers: Vec<_> = fs::read_dir(out.join("site"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&out, &[file("site/a.html", "A")]).unwrap();
        let before = fs::metadata(out.join("site/a.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&out, &[file("site/a.html", "A")]).unwrap();
        let after = fs::metadata(out.join("site/a.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
    }
}
