//! Test harness: copies a fixture project to a temp dir and runs the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Project {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

impl Project {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Project {
        let project = Project::empty();
        copy_dir(&fixture(name), project.root());
        project
    }

    /// A copy of the example project (the repository's content/, data/, templates/).
    pub fn example() -> Project {
        let project = Project::empty();
        for folder in ["content", "data", "templates"] {
            let from = repo().join(folder);
            if from.exists() {
                copy_dir(&from, &project.root().join(folder));
            }
        }
        project
    }

    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs `regelwerk --root <project> ARGS`.
    pub fn run(&self, args: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut all = vec!["--root", root.as_str()];
        all.extend_from_slice(args);
        run_raw(&all)
    }
}

/// Runs `regelwerk ARGS` as it is.
pub fn run_raw(args: &[&str]) -> Run {
    {
        let output = Command::new(env!("CARGO_BIN_EXE_regelwerk"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            run.stderr
        );
        run
    }
}

impl Project {
    /// Every file under `relative` with its bytes.
    pub fn snapshot(&self, relative: &str) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect(&self.path(relative), &self.path(relative), &mut files);
        files
    }
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let key = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let mut bytes = fs::read(&path).unwrap();
            if key.ends_with(".regelwerk-manifest") {
                bytes = manifest_paths(&bytes);
            }
            files.insert(key, bytes);
        }
    }
}

/// The manifest stamps each file with the time it was written: a snapshot
/// keeps only its list of files, which is the same from build to build.
fn manifest_paths(manifest: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(manifest)
        .lines()
        .map(|line| format!("{}\n", line.split('\t').next().unwrap_or_default()))
        .collect::<String>()
        .into_bytes()
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}
