//! PDF letters for `regelwerk build --pdf`: each HTML letter printed by
//! headless Chromium (A4 from the letter's `@page`, no header or footer, the
//! Dutch language tag from `<html lang="nl">`), several at a time.
//!
//! The plain build never needs a browser. A letter whose HTML did not change
//! since the last build keeps its PDF without printing again, and the
//! creation date Chromium stamps in is replaced by a fixed one, so the same
//! letter always gives the same bytes (SPEC §8: builds are deterministic).

use crate::render::OutputFile;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one letter may take to print.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Why PDFs could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfProblem {
    #[error(
        "voor --pdf is Chromium of Google Chrome nodig, maar die is niet gevonden. Installeer hem (Debian/Ubuntu: apt-get install chromium) of wijs hem aan met REGELWERK_CHROMIUM=/pad/naar/chromium. Er is niets geschreven; zonder --pdf bouwt regelwerk alles behalve de PDF's."
    )]
    NoBrowser,
    #[error("{file}: Chromium kon deze brief niet als PDF afdrukken ({detail})")]
    Failed { file: String, detail: String },
}

/// The browser to print with: `REGELWERK_CHROMIUM`, or the first of the
/// usual names on the `PATH`.
pub fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REGELWERK_CHROMIUM") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome",
    ];
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
        .or_else(|| {
            let mac = PathBuf::from("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
            mac.is_file().then_some(mac)
        })
}

/// Whether `path` (under `output/`) is a letter: `letters/<id>/NN-kind.html`
/// (also the blank ones), not the private index.
fn is_letter(path: &str) -> bool {
    path.starts_with("letters/") && path.ends_with(".html") && path != "letters/index.html"
}

/// A PDF for every letter among `files`: kept from `output_dir` when the
/// letter's HTML there is the same, else printed.
pub fn letters(files: &[OutputFile], output_dir: &Path) -> Result<Vec<OutputFile>, PdfProblem> {
    let letters: Vec<&OutputFile> = files.iter().filter(|f| is_letter(&f.path)).collect();
    let pdf_path = |html: &str| format!("{}.pdf", html.trim_end_matches(".html"));
    let kept = |file: &OutputFile| -> Option<Vec<u8>> {
        let old_html = fs::read(output_dir.join(&file.path)).ok()?;
        if old_html != *file.bytes {
            return None;
        }
        fs::read(output_dir.join(pdf_path(&file.path))).ok()
    };
    let mut browser_path = None;
    let mut todo = Vec::new();
    let mut out = Vec::new();
    for file in &letters {
        match kept(file) {
            Some(bytes) => out.push(OutputFile::new(pdf_path(&file.path), bytes)),
            None => todo.push(*file),
        }
    }
    if !todo.is_empty() {
        browser_path = Some(browser().ok_or(PdfProblem::NoBrowser)?);
    }
    let work = tempfile::tempdir().map_err(|err| PdfProblem::Failed {
        file: "(tijdelijke map)".into(),
        detail: err.to_string(),
    })?;
    let printed: Vec<Result<OutputFile, PdfProblem>> = todo
        .par_iter()
        .enumerate()
        .map(|(i, file)| {
            let browser = browser_path.as_deref().unwrap_or(Path::new("chromium"));
            let bytes = print(browser, &file.bytes, &work.path().join(i.to_string())).map_err(
                |detail| PdfProblem::Failed {
                    file: format!("output/{}", file.path),
                    detail,
                },
            )?;
            Ok(OutputFile::new(pdf_path(&file.path), bytes))
        })
        .collect();
    for result in printed {
        out.push(result?);
    }
    Ok(out)
}

/// Prints one HTML document to PDF in `dir` (its own browser profile).
fn print(browser: &Path, html: &[u8], dir: &Path) -> Result<Vec<u8>, String> {
    fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let page = dir.join("brief.html");
    let pdf = dir.join("brief.pdf");
    fs::write(&page, html).map_err(|e| e.to_string())?;
    let mut child = Command::new(browser)
        .args([
            "--headless",
            // Only our own letters are opened: no scripts, nothing remote.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profiel").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(_) => break,
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("na {} s afgebroken", TIMEOUT.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    let mut bytes = fs::read(&pdf).map_err(|_| "er kwam geen PDF uit".to_string())?;
    if !bytes.starts_with(b"%PDF") {
        return Err("het resultaat is geen PDF".into());
    }
    fix_dates(&mut bytes);
    Ok(bytes)
}

/// Replaces the moment of printing in `/CreationDate (D:…)` and
/// `/ModDate (D:…)` by a fixed one of the same length.
fn fix_dates(pdf: &mut [u8]) {
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = pdf[from..]
            .windows(key.len())
            .position(|w| w == key)
            .map(|p| p + from + key.len())
        {
            let digits = pdf[at..]
                .iter()
                .take(14)
                .take_while(|b| b.is_ascii_digit())
                .count();
            pdf[at..at + digits].copy_from_slice(&b"20000101000000"[..digits]);
            from = at + digits;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_dates_are_fixed() {
        let mut pdf = b"%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261124232536+00'00')\n/ModDate (D:20261124232536+00'00')>>".to_vec();
        fix_dates(&mut pdf);
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.contains("/CreationDate (D:20000101000000+00'00')"));
        assert!(text.contains("/ModDate (D:20000101000000+00'00')"));
    }

    #[test]
    fn which_files_are_letters() {
        assert!(is_letter("letters/K-1/01-ontvangstbevestiging.html"));
        assert!(is_letter("letters/_blank/uitslag.html"));
        assert!(!is_letter("letters/index.html"));
        assert!(!is_letter("letters/K-1/01-ontvangstbevestiging.md"));
        assert!(!is_letter("site/index.html"));
    }
}
