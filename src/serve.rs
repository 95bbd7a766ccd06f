//! The preview server of `regelwerk serve` (SPEC §7), on 127.0.0.1 only.
//!
//! It serves the last good build from memory: `output/site/` at `/`, and the
//! private letters and reports only under `/_preview/` (never at
//! `/letters/…` or `/reports/…`). Every HTML page it serves gets a small
//! script that listens to `/_regelwerk/events` (Server-Sent Events) and
//! reloads the page after each build; while the last edit is broken, pages
//! also get an overlay with the Dutch error. Both exist only in what is
//! served, never in the files written to `output/`.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

/// The URL of the event stream.
const EVENTS: &str = "/_regelwerk/events";

/// How long a request waits for the first build before it gets the
/// "bezig met bouwen" page.
const FIRST_BUILD_WAIT: Duration = Duration::from_secs(5);

/// What the server shows; replaced after every build.
#[derive(Debug, Default)]
pub struct State {
    /// The last good output, by path under `output/`.
    pub files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    /// The error of the last build, if it failed (plain Dutch text).
    pub error: Option<String>,
    /// Goes up by one with every build, good or not.
    pub version: u64,
}

/// The state shared by the rebuild loop and the request threads.
#[derive(Debug, Default)]
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    /// A good build: serve `files`, clear the error, reload the pages.
    pub fn publish(&self, files: Arc<HashMap<String, Arc<Vec<u8>>>>) {
        let mut state = self.lock();
        state.files = files;
        state.error = None;
        state.version += 1;
        self.changed.notify_all();
    }

    /// A failed build: keep the files, show `error` over every page.
    pub fn fail(&self, error: String) {
        let mut state = self.lock();
        state.error = Some(error);
        state.version += 1;
        self.changed.notify_all();
    }

    /// Waits until the first build is done (good or not), at most `limit`;
    /// whether it is.
    pub fn wait_for_first_build(&self, limit: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, limit, |s| s.version == 0)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.version > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running server.
pub struct Preview {
    server: Arc<Server>,
    pub port: u16,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The port is taken; a free one to suggest, if found.
    InUse {
        suggestion: Option<u16>,
    },
    Other(String),
}

impl Preview {
    /// Listens on 127.0.0.1:`port` and answers requests on their own threads.
    pub fn start(port: u16, shared: Arc<Shared>) -> Result<Preview, StartError> {
        let server = match Server::http(("127.0.0.1", port)) {
            Ok(server) => Arc::new(server),
            Err(err) => {
                let in_use = err
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
                return Err(if in_use {
                    StartError::InUse {
                        suggestion: free_port_after(port),
                    }
                } else {
                    StartError::Other(err.to_string())
                });
            }
        };
        let port = server
            .server_addr()
            .to_ip()
            .map_or(port, |addr| addr.port());
        let accepting = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in accepting.incoming_requests() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || answer(request, &shared, port));
            }
        });
        Ok(Preview { server, port })
    }

    /// Stops accepting requests.
    pub fn stop(&self) {
        self.server.unblock();
    }
}

fn free_port_after(port: u16) -> Option<u16> {
    (port.saturating_add(1)..port.saturating_add(50))
        .find(|p| std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok())
}

fn answer(request: Request, shared: &Shared, port: u16) {
    if !from_loopback_name(&request, port) {
        let _ = request.respond(page(
            403,
            "Geen toegang",
            "Deze voorvertoning is alleen te bekijken via http://127.0.0.1 op deze computer.",
        ));
        return;
    }
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if url == EVENTS {
        stream_events(request, shared);
        return;
    }
    // Never answer from an empty build: wait for the first one, and if it
    // takes long, say so on a page that tries again by itself.
    if !shared.wait_for_first_build(FIRST_BUILD_WAIT) {
        let _ = request.respond(building());
        return;
    }
    let (files, error, version) = {
        let state = shared.lock();
        (Arc::clone(&state.files), state.error.clone(), state.version)
    };
    let response = match route(&url) {
        Route::File(path) => match files.get(&path) {
            Some(bytes) => file_response(&path, bytes, error.as_deref(), version),
            None => not_found(&url, error.as_deref(), version),
        },
        Route::PreviewIndex => html_response(
            preview_index(&files).into_bytes(),
            error.as_deref(),
            version,
        ),
        Route::Private => page(
            404,
            "Niet hier",
            "Brieven en rapportages staan niet op de publieke site. Bekijk ze onder <a href=\"/_preview/\">/_preview/</a>.",
        ),
        Route::NotFound => not_found(&url, error.as_deref(), version),
    };
    let _ = request.respond(response);
}

/// Accepts only the names of this computer in the Host header, so that a web
/// page elsewhere cannot read the private preview through DNS rebinding.
fn from_loopback_name(request: &Request, port: u16) -> bool {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    match host {
        None => true,
        Some(host) => ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host == *name || host == format!("{name}:{port}")),
    }
}

enum Route {
    /// A file of the output, by path under `output/`.
    File(String),
    PreviewIndex,
    /// `/letters/…` or `/reports/…` outside the preview.
    Private,
    NotFound,
}

fn route(url: &str) -> Route {
    let Some(path) = decode_path(url) else {
        return Route::NotFound;
    };
    let with_index = |p: &str| {
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        }
    };
    if path == "_preview" || path == "_preview/" {
        return Route::PreviewIndex;
    }
    if let Some(rest) = path.strip_prefix("_preview/") {
        return if rest.starts_with("letters/") || rest.starts_with("reports/") {
            Route::File(with_index(rest))
        } else {
            Route::NotFound
        };
    }
    if path.starts_with("letters") || path.starts_with("reports") {
        return Route::Private;
    }
    Route::File(format!("site/{}", with_index(&path)))
}

/// The URL path without its leading `/`, percent-decoded; `None` when it
/// would leave the output (`..`) or is not UTF-8.
fn decode_path(url: &str) -> Option<String> {
    let raw = url.strip_prefix('/')?;
    let mut bytes = Vec::with_capacity(raw.len());
    let mut input = raw.bytes();
    while let Some(b) = input.next() {
        if b == b'%' {
            let hex = [input.next()?, input.next()?];
            let hex = std::str::from_utf8(&hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    let path = String::from_utf8(bytes).ok()?;
    let safe = path
        .split('/')
        .all(|part| part != ".." && part != "." && !part.contains('\\'));
    safe.then_some(path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        // Shown in the browser rather than downloaded.
        "md" | "csv" | "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn file_response(
    path: &str,
    bytes: &[u8],
    error: Option<&str>,
    version: u64,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if path.ends_with(".html") {
        return html_response(bytes.to_vec(), error, version);
    }
    Response::from_data(bytes.to_vec())
        .with_header(header("Content-Type", content_type(path)))
        .with_header(header("Cache-Control", "no-store"))
}

fn html_response(
    mut html: Vec<u8>,
    error: Option<&str>,
    version: u64,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let snippet = live_snippet(error, version);
    let at = find_last(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, snippet.into_bytes());
    Response::from_data(html)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The script that reloads the page after a build, and the error overlay.
pub fn live_snippet(error: Option<&str>, version: u64) -> String {
    let overlay = error.map_or(String::new(), |text| {
        format!(
            "<div id=\"regelwerk-fout\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4ec;color:#1b1f24;border-top:4px solid #c2410c;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:2147483647\"><strong style=\"font-family:system-ui,sans-serif\">regelwerk: de laatste wijziging bevat een fout. U ziet de vorige goede versie; na het opslaan van een verbetering verdwijnt deze melding.</strong>\n\n{}</div>",
            escape_html(text)
        )
    });
    format!(
        "{overlay}<script>/* regelwerk serve */(function(){{var v=\"{version}\";var s=new EventSource(\"{EVENTS}\");s.onmessage=function(e){{if(e.data!==v){{location.reload();}}}};}})();</script>"
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: u16, title: &str, body_html: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{body_html}</p></main></body></html>\n"
    );
    Response::from_data(html.into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

/// While the first build runs: a page that reloads itself every second.
fn building() -> Response<std::io::Cursor<Vec<u8>>> {
    let html = "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"1\"><title>Bezig met bouwen</title></head><body><main><h1>Bezig met bouwen</h1><p>regelwerk bouwt de klachtenpagina voor het eerst. Deze pagina laadt vanzelf opnieuw zodra hij klaar is.</p></main></body></html>\n";
    Response::from_data(html.as_bytes().to_vec())
        .with_status_code(503)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Retry-After", "1"))
        .with_header(header("Cache-Control", "no-store"))
}

fn not_found(url: &str, error: Option<&str>, version: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Niet gevonden</title></head><body><main><h1>Niet gevonden</h1><p>{} bestaat niet in de laatste build. Naar <a href=\"/\">de klachtenpagina</a> of <a href=\"/_preview/\">de voorvertoning van brieven en rapportages</a>.</p></main></body></html>\n",
        escape_html(url)
    );
    html_response(html.into_bytes(), error, version).with_status_code(404)
}

/// `/_preview/`: where the private outputs are.
fn preview_index(files: &HashMap<String, Arc<Vec<u8>>>) -> String {
    let mut cases: Vec<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix("letters/"))
        .filter_map(|p| p.split_once('/').map(|(id, _)| id))
        .filter(|id| *id != "_blank")
        .collect();
    cases.sort_unstable();
    cases.dedup();
    let mut reports: Vec<&str> = files
        .keys()
        .filter_map(|p| p.strip_prefix("reports/"))
        .filter_map(|p| p.split_once('/').map(|(slug, _)| slug))
        .collect();
    reports.sort_unstable();
    reports.dedup();
    let list = |items: &[&str], base: &str| -> String {
        items
            .iter()
            .map(|item| {
                format!(
                    "<li><a href=\"/_preview/{base}/{0}/\">{0}</a></li>",
                    escape_html(item)
                )
            })
            .collect()
    };
    let letters = if files.contains_key("letters/index.html") {
        "<p><a href=\"/_preview/letters/index.html\">Alle dossiers met hun brieven en aandachtspunten</a></p>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Voorvertoning – regelwerk</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem 1.25rem;line-height:1.5;color:#1b1f24}}a{{color:#0b5394}}</style></head><body><main>\
<h1>Voorvertoning: brieven en rapportages</h1>\
<p>Alleen op deze computer te zien. De brieven bevatten persoonsgegevens; ze staan niet op de publieke site. <a href=\"/\">Naar de klachtenpagina</a>.</p>\
<h2>Rapportages per opdrachtgever</h2><p><a href=\"/_preview/reports/index.html\">Overzicht van alle rapportages</a></p><ul>{}</ul>\
<h2>Brieven per dossier</h2>{letters}<ul>{}</ul>\
<p><a href=\"/_preview/letters/_blank/\">Blanco brieven</a></p></main></body></html>\n",
        list(&reports, "reports"),
        list(&cases, "letters"),
    )
}

/// Server-Sent Events: the build version now, then after every build; a
/// comment every 15 s finds closed connections.
fn stream_events(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let mut seen = shared.lock().version;
    if writer
        .write_all(format!("{head}data: {seen}\n\n").as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let version = {
            let state = shared.lock();
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, Duration::from_secs(15), |s| s.version == seen)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            state.version
        };
        let message = if version == seen {
            ": nog open\n\n".to_string()
        } else {
            seen = version;
            format!("data: {version}\n\n")
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(port: u16, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    /// A request made while the first build runs waits for it instead of
    /// getting a false "niet gevonden".
    #[test]
    fn no_answer_from_an_empty_build() {
        let shared = Arc::new(Shared::default());
        let preview = Preview::start(0, Arc::clone(&shared)).unwrap();
        let later = Arc::clone(&shared);
        let builder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            let files = HashMap::from([(
                "site/index.html".to_string(),
                Arc::new(b"<html><body>klaar</body></html>".to_vec()),
            )]);
            later.publish(Arc::new(files));
        });
        let answer = get(preview.port, "/");
        builder.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("klaar"), "{answer}");
        preview.stop();
    }

    #[test]
    fn the_building_page_reloads_itself() {
        let mut body = String::new();
        let response = building();
        assert_eq!(response.status_code().0, 503);
        response.into_reader().read_to_string(&mut body).unwrap();
        assert!(body.contains("Bezig met bouwen"));
        assert!(body.contains("http-equiv=\"refresh\""));
        let shared = Shared::default();
        assert!(!shared.wait_for_first_build(Duration::from_millis(10)));
        shared.fail("kapot".to_string());
        assert!(
            shared.wait_for_first_build(Duration::from_millis(10)),
            "a failed build counts too"
        );
    }

    fn file(route: Route) -> Option<String> {
        match route {
            Route::File(path) => Some(path),
            _ => None,
        }
    }

    #[test]
    fn routes() {
        assert_eq!(file(route("/")).as_deref(), Some("site/index.html"));
        assert_eq!(
            file(route("/toegankelijkheid.html")).as_deref(),
            Some("site/toegankelijkheid.html")
        );
        assert_eq!(
            file(route("/_preview/letters/K-1/01-ontvangstbevestiging.html")).as_deref(),
            Some("letters/K-1/01-ontvangstbevestiging.html")
        );
        assert_eq!(
            file(route("/_preview/reports/uwv/")).as_deref(),
            Some("reports/uwv/index.html")
        );
        assert!(matches!(route("/_preview/"), Route::PreviewIndex));
        assert!(matches!(route("/letters/index.html"), Route::Private));
        assert!(matches!(route("/reports/uwv/2026-Q3.html"), Route::Private));
        assert!(matches!(route("/../Cargo.toml"), Route::NotFound));
        assert!(matches!(route("/%2e%2e/secret"), Route::NotFound));
        assert!(matches!(route("/_preview/site/../../x"), Route::NotFound));
    }

    #[test]
    fn the_snippet_reloads_and_shows_errors_escaped() {
        let good = live_snippet(None, 3);
        assert!(good.contains("var v=\"3\""));
        assert!(!good.contains("regelwerk-fout"));
        let bad = live_snippet(Some("fout in <sjabloon>"), 4);
        assert!(bad.contains("role=\"alert\""));
        assert!(bad.contains("fout in &lt;sjabloon&gt;"));
    }
}
