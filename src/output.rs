//! The only writer: puts rendered files under `output/` (SPEC §8).
//!
//! Everything is rendered and checked before this runs. One writer at a time
//! holds `output/.regelwerk-lock`. Changed files are first written in full
//! under a temporary name beside their place (and every folder they need is
//! made), and only then renamed into place: a build that fails or is killed
//! while writing leaves no truncated or half-written file where a reader
//! finds it.
//! A file whose bytes did not change is not touched; files regelwerk wrote
//! before and no longer produces are removed, and nothing else is. What
//! regelwerk wrote is listed in `output/.regelwerk-manifest`, each file with
//! the size, modification time and content hash it had when written: a file
//! that still has that size and time holds those bytes, so a rebuild compares
//! hashes instead of reading thousands of files back.

use crate::load::IoProblem;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

const MANIFEST: &str = ".regelwerk-manifest";
const LOCK: &str = ".regelwerk-lock";
/// The end of a file's temporary name while it is written.
const TEMP: &str = ".regelwerk-tmp";

/// How long a writer waits for another one to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// `output/.regelwerk-lock`, held while one process writes; removed on drop.
pub struct Lock {
    path: std::path::PathBuf,
}

impl Lock {
    /// Takes the lock of `output_dir`, waiting a while for another writer;
    /// a lock left by a process that no longer runs is taken over.
    pub fn acquire(output_dir: &Path) -> Result<Lock, IoProblem> {
        Lock::acquire_within(output_dir, LOCK_WAIT)
    }

    fn acquire_within(output_dir: &Path, wait: std::time::Duration) -> Result<Lock, IoProblem> {
        fs::create_dir_all(output_dir).map_err(|err| IoProblem::new(output_dir, &err))?;
        let path = output_dir.join(LOCK);
        let me = format!("{}\n{}\n", std::process::id(), command_line());
        let started = std::time::Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    file.write_all(me.as_bytes())
                        .map_err(|err| IoProblem::new(&path, &err))?;
                    return Ok(Lock { path });
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(IoProblem::new(&path, &err)),
            }
            let holder = fs::read_to_string(&path).unwrap_or_default();
            let mut lines = holder.lines();
            let pid: Option<u32> = lines.next().and_then(|l| l.trim().parse().ok());
            if pid.is_some_and(|pid| !is_running(pid)) {
                // Stale: its process was killed. Take it over.
                let _ = fs::remove_file(&path);
                continue;
            }
            if started.elapsed() > wait {
                let who = match (pid, lines.next()) {
                    (Some(pid), Some(command)) => format!(" (proces {pid}: {command})"),
                    (Some(pid), None) => format!(" (proces {pid})"),
                    _ => String::new(),
                };
                return Err(IoProblem {
                    path: output_dir.to_path_buf(),
                    message: format!(
                        "een ander regelwerk-proces{who} schrijft hier nog; wacht tot het klaar is en probeer het opnieuw"
                    ),
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// "regelwerk build --today 2026-11-24", for a lock's holder.
fn command_line() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    format!("regelwerk {}", args.join(" "))
}

/// Whether process `pid` still runs. Where that cannot be told, it is
/// assumed to, so a live writer is never overrun.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

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
    let writer = Writer::begin(output_dir)?;
    writer.put(files);
    writer.finish(true)
}

/// Writes `files` under `output_dir` and removes nothing: for a command
/// that renders only part of the output (`regelwerk report`).
pub fn write_some(output_dir: &Path, files: &[OutputFile]) -> Result<WriteStats, IoProblem> {
    let writer = Writer::begin(output_dir)?;
    writer.put(files);
    writer.finish(false)
}

/// A build's writes, taken as they are rendered (on any thread) and put in
/// place together by [`finish`](Writer::finish), so that a build need not
/// hold all its files in memory.
///
/// A changed file is written in full under a temporary name beside its
/// place, and renamed into place only by `finish`: a build that fails before
/// leaves the previous output as it was (dropping the writer removes what it
/// wrote), and a reader never finds a half-written file. When there was no
/// `output/` at all there is nothing to keep whole: files are written at
/// their place straight away, and removed again if the build fails.
pub struct Writer {
    dir: PathBuf,
    _lock: Lock,
    previous: Manifest,
    fresh: bool,
    state: Mutex<Written>,
    finished: bool,
}

/// What putting one file did.
enum Put {
    Unchanged(Option<Stamp>),
    Written(Option<Stamp>),
    Failed(IoProblem),
}

#[derive(Default)]
struct Written {
    /// Every path put, changed or not, with its stamp when known.
    paths: Manifest,
    /// Paths written under a temporary name (or, fresh, at their place).
    changed: Vec<String>,
    unchanged: usize,
    /// Folders made or found.
    folders: HashSet<PathBuf>,
    problem: Option<IoProblem>,
}

impl Writer {
    /// Takes the lock of `output_dir` and reads what the last build wrote.
    pub fn begin(output_dir: &Path) -> Result<Writer, IoProblem> {
        let fresh = !output_dir.exists();
        let lock = Lock::acquire(output_dir)?;
        Ok(Writer {
            dir: output_dir.to_path_buf(),
            _lock: lock,
            previous: read_manifest(output_dir),
            fresh,
            state: Mutex::new(Written::default()),
            finished: false,
        })
    }

    /// Writes `files` (each path once in a build), or notes that they did
    /// not change. A problem is kept for [`finish`](Self::finish).
    pub fn put(&self, files: &[OutputFile]) {
        // A few files (one case's letters, on a thread of its own already)
        // are put one after the other; what was done is noted at once.
        let done: Vec<Put> = if files.len() < 64 {
            files.iter().map(|file| self.put_one(file)).collect()
        } else {
            files.par_iter().map(|file| self.put_one(file)).collect()
        };
        let mut state = self.lock();
        for (file, done) in files.iter().zip(done) {
            match done {
                Put::Unchanged(stamp) => {
                    state.unchanged += 1;
                    state.paths.insert(file.path.clone(), stamp);
                }
                Put::Written(stamp) => {
                    state.changed.push(file.path.clone());
                    state.paths.insert(file.path.clone(), stamp);
                }
                Put::Failed(problem) => {
                    state.paths.insert(file.path.clone(), None);
                    state.problem.get_or_insert(problem);
                }
            }
        }
    }

    fn put_one(&self, file: &OutputFile) -> Put {
        let relative = Path::new(&file.path);
        debug_assert!(
            relative
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        );
        let target = self.dir.join(relative);
        let hash = content_hash(file.bytes.as_slice());
        let kept = if self.fresh {
            None
        } else {
            unchanged(&target, file, hash, self.previous.get(&file.path))
        };
        if let Some(stamp) = kept {
            return Put::Unchanged(stamp);
        }
        let folder = target.parent();
        let make = folder.is_some_and(|folder| !self.lock().folders.contains(folder));
        let result = (|| {
            if let Some(folder) = folder.filter(|_| make) {
                fs::create_dir_all(folder).map_err(|err| IoProblem::new(folder, &err))?;
                self.lock().folders.insert(folder.to_path_buf());
            }
            let place = if self.fresh {
                target.clone()
            } else {
                temp_of(&target)
            };
            write_stamped(&place, file.bytes.as_slice(), hash)
                .map_err(|err| IoProblem::new(&target, &err))
        })();
        match result {
            Ok(stamp) => Put::Written(stamp),
            Err(problem) => Put::Failed(problem),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Written> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Puts every changed file in place; with `prune`, removes the files of
    /// the last build that were not put this time. Fails with the first
    /// problem of any write, leaving the previous output whole.
    pub fn finish(mut self, prune: bool) -> Result<WriteStats, IoProblem> {
        let state = std::mem::take(&mut *self.lock());
        if let Some(problem) = state.problem {
            self.undo(&state.changed);
            return Err(problem);
        }
        if !self.fresh {
            state.changed.par_iter().try_for_each(|path| {
                let target = self.dir.join(path);
                fs::rename(temp_of(&target), &target).map_err(|err| IoProblem::new(&target, &err))
            })?;
        }
        self.finished = true;
        let mut stats = WriteStats {
            written: state.changed.len(),
            unchanged: state.unchanged,
            removed: 0,
        };
        let mut current = state.paths;
        if prune {
            let stale = self.previous.keys().filter(|p| !current.contains_key(*p));
            for stale in stale {
                let relative = Path::new(stale);
                if !relative
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                {
                    continue;
                }
                let path = self.dir.join(relative);
                match fs::remove_file(&path) {
                    Ok(()) => stats.removed += 1,
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                    Err(err) => return Err(IoProblem::new(&path, &err)),
                }
                remove_empty_parents(&self.dir, &path);
            }
        } else {
            for (path, stamp) in &self.previous {
                current.entry(path.clone()).or_insert(*stamp);
            }
        }
        if self.previous != current {
            write_manifest(&self.dir, &current)?;
        }
        Ok(stats)
    }

    /// Removes what was written: the temporary files, or (fresh) the files.
    fn undo(&mut self, changed: &[String]) {
        self.finished = true;
        changed.par_iter().for_each(|path| {
            let target = self.dir.join(path);
            let written = if self.fresh {
                target.clone()
            } else {
                temp_of(&target)
            };
            let _ = fs::remove_file(&written);
            if self.fresh {
                remove_empty_parents(&self.dir, &written);
            }
        });
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let changed = std::mem::take(&mut self.lock().changed);
            self.undo(&changed);
        }
    }
}

/// The temporary name of a file while it is written: beside its place,
/// hidden, and naming this process.
fn temp_of(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}{TEMP}", std::process::id()))
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
    let _lock = Lock::acquire(output_dir)?;
    // A file kept from the previous build shares its bytes: no need to compare.
    let changed: Vec<&OutputFile> = files
        .iter()
        .filter(|f| {
            previous
                .get(&f.path)
                .is_none_or(|old| !Arc::ptr_eq(old, &f.bytes) && old != &f.bytes)
        })
        .collect();
    put_in_place(output_dir, &changed)?;
    let mut stats = WriteStats {
        unchanged: files.len() - changed.len(),
        written: changed.len(),
        ..WriteStats::default()
    };
    // `serve` knows what changed from memory and stamps nothing: a file it
    // wrote no longer matches its old stamp, and the next `build` reads it.
    let current: Manifest = files.iter().map(|f| (f.path.clone(), None)).collect();
    let mut gone = false;
    for stale in previous.keys().filter(|p| !current.contains_key(*p)) {
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

/// `Some` (with the stamp to keep) when `file`'s bytes are already at
/// `target`. A file that still has the size and time it was written with
/// holds the bytes it was written with, whose hash the manifest keeps; any
/// other file is read back and compared.
fn unchanged(
    target: &Path,
    file: &OutputFile,
    hash: u64,
    last: Option<&Option<Stamp>>,
) -> Option<Option<Stamp>> {
    let meta = fs::metadata(target).ok().filter(|meta| meta.is_file())?;
    let now = Stamp::of(&meta, hash);
    if let Some(Some(last)) = last
        && now.is_some_and(|now| now.size == last.size && now.modified == last.modified)
    {
        return (last.hash == hash).then_some(Some(*last));
    }
    (meta.len() == file.bytes.len() as u64 && same_bytes(target, file.bytes.as_slice()))
        .then_some(now)
}

/// What the manifest keeps of a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    /// Modification time in nanoseconds since the epoch.
    modified: u128,
    hash: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata, hash: u64) -> Option<Stamp> {
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: meta.len(),
            modified,
            hash,
        })
    }
}

/// Every file of the last build by path, with its stamp when known.
type Manifest = BTreeMap<String, Option<Stamp>>;

/// The content hash of the manifest: aHash with fixed keys, the same from
/// run to run (SipHash, as before, took 3% of a letters rebuild). Should a
/// new version of aHash change it, every file is written once more.
fn content_hash(bytes: &[u8]) -> u64 {
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    )
    .hash_one(bytes)
}

/// Writes `bytes` to `path` and stamps what was written.
fn write_stamped(path: &Path, bytes: &[u8], hash: u64) -> io::Result<Option<Stamp>> {
    let mut handle = fs::File::create(path)?;
    handle.write_all(bytes)?;
    Ok(Stamp::of(&handle.metadata()?, hash))
}

/// Writes every file in full under a temporary name beside its place (made
/// with every folder it needs), and only when all of that worked renames
/// them into place: a failure (a full disk, a file where a folder must be)
/// leaves the previous output as it was, and a reader never finds a
/// half-written file. Creating files is the slow part on real disks: both
/// steps run on every core.
fn put_in_place(output_dir: &Path, files: &[&OutputFile]) -> Result<(), IoProblem> {
    if files.is_empty() {
        return Ok(());
    }
    // Each folder once, before any file: thousands of letters share a few.
    let folders: BTreeSet<&Path> = files
        .iter()
        .filter_map(|file| Path::new(&file.path).parent())
        .collect();
    for folder in folders {
        let folder = output_dir.join(folder);
        fs::create_dir_all(&folder).map_err(|err| IoProblem::new(&folder, &err))?;
    }
    let staged: Vec<Result<(), IoProblem>> = files
        .par_iter()
        .map(|file| {
            let relative = Path::new(&file.path);
            debug_assert!(
                relative
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
            );
            let target = output_dir.join(relative);
            fs::write(temp_of(&target), file.bytes.as_slice())
                .map_err(|err| IoProblem::new(&target, &err))
        })
        .collect();
    if let Some(problem) = staged.iter().find_map(|r| r.as_ref().err()) {
        let problem = IoProblem {
            path: problem.path.clone(),
            message: problem.message.clone(),
        };
        files.par_iter().for_each(|file| {
            let _ = fs::remove_file(temp_of(&output_dir.join(&file.path)));
        });
        return Err(problem);
    }
    files.par_iter().try_for_each(|file| {
        let target = output_dir.join(&file.path);
        fs::rename(temp_of(&target), &target).map_err(|err| IoProblem::new(&target, &err))
    })
}

fn write_manifest(output_dir: &Path, paths: &Manifest) -> Result<(), IoProblem> {
    use std::fmt::Write as _;
    let mut listing = String::with_capacity(paths.len() * 80);
    for (path, stamp) in paths {
        // Writing to a String cannot fail.
        let _ = match stamp {
            Some(s) => writeln!(
                listing,
                "{path}\t{}\t{}\t{:016x}",
                s.size, s.modified, s.hash
            ),
            None => writeln!(listing, "{path}"),
        };
    }
    let manifest = output_dir.join(MANIFEST);
    fs::create_dir_all(output_dir).map_err(|err| IoProblem::new(output_dir, &err))?;
    write_atomically(&manifest, listing.as_bytes()).map_err(|err| IoProblem::new(&manifest, &err))
}

/// The manifest of the last build: one path a line, followed by its stamp
/// (size, time, hash, tab-separated) when it has one.
fn read_manifest(output_dir: &Path) -> Manifest {
    let Ok(text) = fs::read_to_string(output_dir.join(MANIFEST)) else {
        return Manifest::new();
    };
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.rsplitn(4, '\t');
            let (hash, modified, size, path) =
                (parts.next(), parts.next(), parts.next(), parts.next());
            let stamp = (|| {
                Some(Stamp {
                    size: size?.parse().ok()?,
                    modified: modified?.parse().ok()?,
                    hash: u64::from_str_radix(hash?, 16).ok()?,
                })
            })();
            match (stamp, path) {
                (Some(stamp), Some(path)) => (path.to_string(), Some(stamp)),
                _ => (line.to_string(), None),
            }
        })
        .collect()
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
    fn a_rebuild_trusts_the_stamp_and_rewrites_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(&out, &[file("a.html", "AAAA"), file("b.html", "BBBB")]).unwrap();
        let stamps = read_manifest(&out);
        assert!(stamps.values().all(Option::is_some), "{stamps:?}");

        // A file with its stamp's size and time is not read back: bytes
        // changed behind the writer's back with the time put back stay.
        let a = out.join("a.html");
        let written = fs::metadata(&a).unwrap().modified().unwrap();
        fs::write(&a, "XXXX").unwrap();
        fs::File::options()
            .write(true)
            .open(&a)
            .unwrap()
            .set_modified(written)
            .unwrap();
        // A hand edit of the same size with a new time is found and undone.
        let b = out.join("b.html");
        fs::write(&b, "YYYY").unwrap();
        let later = written + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&b)
            .unwrap()
            .set_modified(later)
            .unwrap();
        let second = write(&out, &[file("a.html", "AAAA"), file("b.html", "BBBB")]).unwrap();
        assert_eq!((second.written, second.unchanged), (1, 1));
        assert_eq!(fs::read_to_string(&a).unwrap(), "XXXX");
        assert_eq!(fs::read_to_string(&b).unwrap(), "BBBB");

        // New bytes of the same size are written although the stamp holds.
        let third = write(&out, &[file("a.html", "ZZZZ"), file("b.html", "BBBB")]).unwrap();
        assert_eq!((third.written, third.unchanged), (1, 1));
        assert_eq!(fs::read_to_string(&a).unwrap(), "ZZZZ");
    }

    #[test]
    fn a_manifest_without_stamps_is_read_as_paths() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(out.join("site")).unwrap();
        fs::write(out.join("site/a.html"), "A").unwrap();
        fs::write(out.join("site/old.html"), "O").unwrap();
        fs::write(out.join(MANIFEST), "site/a.html\nsite/old.html\n").unwrap();
        let stats = write(&out, &[file("site/a.html", "A")]).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 1));
        let manifest = read_manifest(&out);
        assert_eq!(manifest.keys().collect::<Vec<_>>(), ["site/a.html"]);
        assert!(manifest["site/a.html"].is_some(), "stamped now");
    }

    #[test]
    fn a_second_writer_waits_then_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = Lock::acquire(&out).unwrap();
        let waited = Lock::acquire_within(&out, std::time::Duration::from_millis(100));
        let problem = waited.err().expect("the lock is taken");
        assert!(
            problem
                .message
                .contains(&format!("proces {}", std::process::id())),
            "{}",
            problem.message
        );
        assert!(problem.message.contains("schrijft hier nog"));
        drop(first);
        assert!(!out.join(LOCK).exists(), "released");
        let again = Lock::acquire_within(&out, std::time::Duration::from_millis(100));
        assert!(again.is_ok());
    }

    #[test]
    fn a_lock_of_a_killed_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(LOCK), format!("{gone}\nregelwerk build\n")).unwrap();
        let lock = Lock::acquire_within(&out, std::time::Duration::from_millis(100));
        assert!(lock.is_ok(), "a stale lock blocks nobody");
        let holder = fs::read_to_string(out.join(LOCK)).unwrap();
        assert!(holder.starts_with(&std::process::id().to_string()));
    }

    /// A build that stops halfway (a template fails while letters are being
    /// written) leaves the output as it was: dropping the writer takes back
    /// what it wrote, also when there was no output before.
    #[test]
    fn a_build_stopped_halfway_takes_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let writer = Writer::begin(&out).unwrap();
        writer.put(&[file("letters/K-1/01-brief.html", "brief")]);
        assert!(
            out.join("letters/K-1/01-brief.html").exists(),
            "fresh: written in place"
        );
        drop(writer);
        assert!(
            !out.join("letters").exists(),
            "nothing of the stopped build is left"
        );
        assert!(!out.join(LOCK).exists());

        write(&out, &[file("site/a.html", "oud")]).unwrap();
        let writer = Writer::begin(&out).unwrap();
        writer.put(&[
            file("site/a.html", "nieuw"),
            file("letters/K-1/01-brief.html", "brief"),
        ]);
        assert_eq!(
            fs::read_to_string(out.join("site/a.html")).unwrap(),
            "oud",
            "not yet in place"
        );
        drop(writer);
        assert_eq!(fs::read_to_string(out.join("site/a.html")).unwrap(), "oud");
        assert!(!out.join("letters/K-1/01-brief.html").exists());
        let left: Vec<String> = fs::read_dir(out.join("site"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["a.html"], "no temporary files");

        let writer = Writer::begin(&out).unwrap();
        writer.put(&[file("site/a.html", "nieuw")]);
        let stats = writer.finish(true).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 0));
        assert_eq!(
            fs::read_to_string(out.join("site/a.html")).unwrap(),
            "nieuw"
        );
    }

    /// A file where a folder must be: the write fails naming that path, and
    /// no file of the previous output has changed (everything is staged
    /// before the first rename).
    #[test]
    fn a_failed_write_leaves_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write(
            &out,
            &[file("site/a.html", "oud"), file("site/b.html", "oud")],
        )
        .unwrap();
        fs::write(out.join("letters"), "een bestand waar een map moet staan").unwrap();
        let problem = write(
            &out,
            &[
                file("site/a.html", "nieuw"),
                file("site/b.html", "nieuw"),
                file("letters/K-1/01-ontvangstbevestiging.html", "brief"),
            ],
        )
        .expect_err("letters/ is a file");
        assert!(
            problem.path.ends_with("letters") || problem.path.ends_with("K-1"),
            "{:?}",
            problem.path
        );
        assert_eq!(fs::read_to_string(out.join("site/a.html")).unwrap(), "oud");
        assert_eq!(fs::read_to_string(out.join("site/b.html")).unwrap(), "oud");
        let temps: Vec<_> = fs::read_dir(out.join("site"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(TEMP))
            .collect();
        assert!(temps.is_empty(), "temporary files left behind: {temps:?}");
        assert!(!out.join(LOCK).exists(), "the lock is released on failure");
        assert_eq!(
            read_manifest(&out).into_keys().collect::<Vec<_>>(),
            ["site/a.html".to_string(), "site/b.html".to_string()],
            "the manifest still lists the previous output"
        );
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
