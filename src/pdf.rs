//! PDF letters for `regelwerk build --pdf`: each HTML letter printed by
//! headless Chromium (A4 from the letter's `@page`, no header or footer, the
//! Dutch language tag from `<html lang="nl">`).
//!
//! One browser per core is started and kept for all its letters: each letter
//! is loaded into its page and printed over the DevTools protocol
//! (`Page.setDocumentContent`, `Page.printToPDF`), which is far faster than
//! starting a browser per letter.
//!
//! The plain build never needs a browser. A letter whose HTML did not change
//! since the last build keeps its PDF without printing again, and the
//! creation date Chromium stamps in is replaced by a fixed one, so the same
//! letter always gives the same bytes (SPEC §8: builds are deterministic).

use crate::render::OutputFile;
use base64::Engine as _;
use rayon::prelude::*;
use serde_json::{Value, json};
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

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
    let Some(browser_path) = browser_path else {
        return Ok(out);
    };
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .min(todo.len().div_ceil(4))
        .max(1);
    let chunk = todo.len().div_ceil(workers);
    let printed: Vec<Result<Vec<OutputFile>, PdfProblem>> = todo
        .par_chunks(chunk)
        .map(|letters| {
            let mut browser =
                Browser::launch(&browser_path).map_err(|detail| PdfProblem::Failed {
                    file: "(Chromium starten)".into(),
                    detail,
                })?;
            letters
                .iter()
                .map(|file| {
                    let bytes =
                        browser
                            .print(&file.bytes)
                            .map_err(|detail| PdfProblem::Failed {
                                file: format!("output/{}", file.path),
                                detail,
                            })?;
                    Ok(OutputFile::new(pdf_path(&file.path), bytes))
                })
                .collect()
        })
        .collect();
    for result in printed {
        out.extend(result?);
    }
    Ok(out)
}

/// A headless Chromium with one page, driven over the DevTools protocol.
struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    frame: String,
    /// The browser's own profile, removed when it is done.
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(path: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut child = Command::new(path)
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
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let stderr = child.stderr.take().ok_or("geen uitvoer van Chromium")?;
        // The browser names its DevTools address on stderr; the rest of what
        // it says there is read and dropped so it never blocks on a full pipe.
        let (address, found) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut address = Some(address);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1)
                    && let Some(sender) = address.take()
                {
                    let _ = sender.send(url.trim().to_string());
                }
            }
        });
        let url = match found.recv_timeout(TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("Chromium start niet (geen DevTools-adres)".into());
            }
        };
        let (socket, _) = tungstenite::connect(url.as_str()).map_err(|e| e.to_string())?;
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(TIMEOUT))
                .map_err(|e| e.to_string())?;
        }
        let mut browser = Browser {
            child,
            socket,
            next_id: 0,
            session: String::new(),
            frame: String::new(),
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({ "url": "about:blank" }))?;
        let target = target["targetId"]
            .as_str()
            .ok_or("geen pagina")?
            .to_string();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )?;
        browser.session = attached["sessionId"]
            .as_str()
            .ok_or("geen sessie")?
            .to_string();
        let tree = browser.call("Page.getFrameTree", json!({}))?;
        browser.frame = tree["frameTree"]["frame"]["id"]
            .as_str()
            .ok_or("geen frame")?
            .to_string();
        Ok(browser)
    }

    /// Sends one command (to the page once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .map_err(|e| e.to_string())?;
        loop {
            let reply = match self.socket.read().map_err(|e| e.to_string())? {
                Message::Text(text) => text,
                Message::Close(_) => return Err("Chromium sloot de verbinding".into()),
                _ => continue,
            };
            let reply: Value = serde_json::from_str(reply.as_str()).map_err(|e| e.to_string())?;
            if reply["id"].as_u64() != Some(id) {
                continue; // an event, or the answer to another command
            }
            if let Some(error) = reply.get("error") {
                return Err(format!("{method}: {}", error["message"]));
            }
            return Ok(reply["result"].clone());
        }
    }

    /// Loads `html` into the page and prints it.
    fn print(&mut self, html: &[u8]) -> Result<Vec<u8>, String> {
        let html = String::from_utf8_lossy(html);
        let frame = self.frame.clone();
        self.call(
            "Page.setDocumentContent",
            json!({ "frameId": frame, "html": html }),
        )?;
        let printed = self.call(
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "generateTaggedPDF": true,
            }),
        )?;
        let data = printed["data"].as_str().ok_or("geen PDF-gegevens")?;
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| e.to_string())?;
        if !bytes.starts_with(b"%PDF") {
            return Err("het resultaat is geen PDF".into());
        }
        fix_dates(&mut bytes);
        Ok(bytes)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session.clear();
        let _ = self.call("Browser.close", json!({}));
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
