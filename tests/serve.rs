//! `regelwerk serve` and `watch` (SPEC §7), end to end: the real binary on
//! a copy of the example project, on a free port, edited while it runs.

mod common;
#[path = "common/workbook.rs"]
mod workbook;

use common::Project;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "--today=2026-11-24";

/// A running `serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(project: &Project) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args([
            "--root",
            &project.root().to_string_lossy(),
            "serve",
            "--port",
        ])
        .arg(port.to_string())
        .arg(TODAY)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_for(&server, "/", |r| r.status == 200);
    server
}

struct Reply {
    status: u16,
    body: String,
}

fn get_with_host(port: u16, path: &str, host: &str) -> Option<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split_once("\r\n\r\n")?.1.to_string();
    Some(Reply { status, body })
}

fn get(server: &Server, path: &str) -> Reply {
    get_with_host(server.port, path, &format!("127.0.0.1:{}", server.port))
        .unwrap_or_else(|| panic!("no answer for {path}"))
}

/// Polls `path` until `done` holds (at most 15 s); returns the last reply.
fn wait_for(server: &Server, path: &str, done: impl Fn(&Reply) -> bool) -> Reply {
    let started = Instant::now();
    loop {
        let host = format!("127.0.0.1:{}", server.port);
        if let Some(reply) = get_with_host(server.port, path, &host)
            && (done(&reply) || started.elapsed() > Duration::from_secs(15))
        {
            return reply;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{path} never answered"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A served page without the live-reload script (it carries the build number).
fn without_live(body: &str) -> String {
    body.split("<script>/* regelwerk serve */")
        .next()
        .unwrap()
        .to_string()
}

fn edit(project: &Project, file: &str, from: &str, to: &str) {
    let text = project.read(file);
    assert!(text.contains(from), "{file} has no {from:?}");
    project.write(file, &text.replacen(from, to, 1));
}

#[test]
fn an_edit_is_served_and_the_output_equals_a_full_build() {
    let project = Project::example();
    let server = serve(&project);
    let page = get(&server, "/");
    assert!(
        page.body.contains("/_regelwerk/events"),
        "live reload script"
    );
    assert!(
        !project
            .read("output/site/index.html")
            .contains("_regelwerk"),
        "the script is only in what is served, never in the files"
    );

    edit(
        &project,
        "content/klachtenreglement.md",
        "kan je een klacht indienen",
        "kan je altijd een klacht indienen",
    );
    let page = wait_for(&server, "/", |r| {
        r.body.contains("kan je altijd een klacht")
    });
    assert!(
        page.body.contains("kan je altijd een klacht"),
        "{}",
        page.body
    );

    // A case file: its letters and the reports change with it.
    edit(
        &project,
        "data/cases/K-2026-001.yaml",
        "onderwerp: bejegening",
        "onderwerp: communicatie",
    );
    let letter = "/_preview/letters/K-2026-001/01-ontvangstbevestiging.html";
    let first = without_live(&get(&server, letter).body);
    let deleted = project.path("data/cases/K-2026-002.yaml");
    let kept = project.read("data/cases/K-2026-002.yaml");
    std::fs::remove_file(&deleted).unwrap();
    wait_for(
        &server,
        "/_preview/letters/K-2026-002/01-ontvangstbevestiging.html",
        |r| r.status == 404,
    );
    std::fs::write(&deleted, kept).unwrap();
    wait_for(
        &server,
        "/_preview/letters/K-2026-002/01-ontvangstbevestiging.html",
        |r| r.status == 200,
    );
    assert_eq!(without_live(&get(&server, letter).body), first);
    drop(server);

    // The same input built from scratch gives the same bytes.
    let fresh = Project::empty();
    for folder in ["content", "data"] {
        common::copy_dir(&project.path(folder), &fresh.path(folder));
    }
    let run = fresh.run(&["build", TODAY, "-q"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(project.snapshot("output"), fresh.snapshot("output"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_error() {
    let project = Project::example();
    let server = serve(&project);
    let good = get(&server, "/").body;
    assert!(!good.contains("regelwerk-fout"));

    // A YAML syntax error in a case file.
    edit(
        &project,
        "data/cases/K-2026-001.yaml",
        "onderwerp: bejegening",
        "onderwerp: [bejegening",
    );
    let page = wait_for(&server, "/", |r| r.body.contains("regelwerk-fout"));
    assert!(
        page.body.contains("de laatste wijziging bevat een fout"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("data/cases/K-2026-001.yaml"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Klachtenreglement voor klanten"),
        "the last good page is still there"
    );

    // Fixed: the overlay goes.
    edit(
        &project,
        "data/cases/K-2026-001.yaml",
        "onderwerp: [bejegening",
        "onderwerp: bejegening",
    );
    wait_for(&server, "/", |r| !r.body.contains("regelwerk-fout"));

    // A template error.
    project.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ pagina.titel }{% endblock content %}",
    );
    let page = wait_for(&server, "/", |r| r.body.contains("regelwerk-fout"));
    assert!(page.body.contains("fout in sjabloon"), "{}", page.body);
    assert!(page.body.contains("templates/page.html"), "{}", page.body);
    std::fs::remove_file(project.path("templates/page.html")).unwrap();
    wait_for(&server, "/", |r| !r.body.contains("regelwerk-fout"));
}

#[test]
fn letters_and_reports_only_under_the_preview() {
    let project = Project::example();
    let server = serve(&project);
    for private in [
        "/letters/index.html",
        "/letters/K-2026-001/01-ontvangstbevestiging.html",
        "/reports/index.html",
        "/reports/uwv/2026-Q3.html",
    ] {
        let reply = get(&server, private);
        assert_eq!(reply.status, 404, "{private}");
        assert!(reply.body.contains("/_preview/"), "{private}");
    }
    for preview in [
        "/_preview/",
        "/_preview/letters/index.html",
        "/_preview/letters/K-2026-001/01-ontvangstbevestiging.html",
        "/_preview/reports/index.html",
        "/_preview/reports/uwv/2026-Q3.html",
        "/_preview/reports/uwv/2026-Q3.csv",
    ] {
        assert_eq!(get(&server, preview).status, 200, "{preview}");
    }
    assert_eq!(get(&server, "/../Cargo.toml").status, 404);
    // Another name for this computer (DNS rebinding) gets nothing.
    let reply = get_with_host(
        server.port,
        "/_preview/letters/index.html",
        "evil.example:80",
    )
    .unwrap();
    assert_eq!(reply.status, 403);
}

#[test]
fn a_taken_port_is_explained() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let project = Project::example();
    let run = project.run(&["serve", "--port", &port, TODAY]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr
            .contains(&format!("poort {port} is al in gebruik")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("regelwerk serve --port "),
        "{}",
        run.stderr
    );
    assert!(!project.path("output").exists(), "nothing built");
}

#[test]
fn ctrl_c_stops_watch_cleanly() {
    let project = Project::example();
    let child = Command::new(env!("CARGO_BIN_EXE_regelwerk"))
        .args(["--root", &project.root().to_string_lossy(), "watch", TODAY])
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !project.path("output/site/index.html").exists() {
        assert!(started.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(20));
    }
    edit(
        &project,
        "content/toegankelijkheid.md",
        "# Toegankelijkheid",
        "# Toegankelijkheid en gemak",
    );
    // The first build may still be putting files in place (in any order)
    // when index.html is there: a page not there yet is not rebuilt yet.
    while !std::fs::read_to_string(project.path("output/site/toegankelijkheid.html"))
        .unwrap_or_default()
        .contains("Toegankelijkheid en gemak")
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "watch did not rebuild"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("Gestopt."), "{stderr}");
    assert!(
        stderr.contains("content/toegankelijkheid.md gewijzigd"),
        "{stderr}"
    );
}

/// The secretariat saves `data/register.xlsx` in Excel while `serve` runs:
/// Excel keeps `~$register.xlsx` while the workbook is open and saves
/// through a temporary file that it renames into place.
#[test]
fn saving_a_workbook_register_rebuilds_and_points_at_its_cell() {
    use workbook::{Cell, Sheet, text};
    let project = Project::example();
    let server = serve(&project);
    std::fs::write(project.path("data/~$register.xlsx"), b"\x0bsecretariaat").unwrap();
    let save = |filed: Cell| {
        let rows = vec![
            ["id", "ingediend", "opdrachtgever", "onderwerp"]
                .iter()
                .map(|h| text(h))
                .collect(),
            vec![
                text("W-2026-001"),
                filed,
                text("Gemeente Proefdorp"),
                text("planning"),
            ],
        ];
        let temporary = project.path("data/5F3A1C20");
        workbook::write_xlsx(&temporary, &[Sheet::new("Klachten", rows)], false);
        std::fs::rename(&temporary, project.path("data/register.xlsx")).unwrap();
    };

    save(Cell::Error("#REF!".into()));
    let page = wait_for(&server, "/", |r| r.body.contains("regelwerk-fout"));
    assert!(
        page.body.contains("data/register.xlsx [Klachten] B2"),
        "{}",
        page.body
    );
    assert!(page.body.contains("#REF!"), "{}", page.body);

    save(Cell::Date(2026, 11, 2));
    wait_for(&server, "/", |r| !r.body.contains("regelwerk-fout"));
    let reports = wait_for(&server, "/_preview/reports/index.html", |r| {
        r.body.contains("Proefdorp")
    });
    assert!(reports.body.contains("Proefdorp"), "{}", reports.body);
}
