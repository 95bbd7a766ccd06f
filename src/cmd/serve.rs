//! `regelwerk serve`: the rebuild loop of `watch` plus a preview server on
//! 127.0.0.1 that reloads the browser after every build.

use super::watch::{rebuild_loop, show, start};
use super::{Fatal, Outcome, stderr_color};
use crate::cli::ServeArgs;
use crate::serve::{Preview, Shared, StartError};
use crate::watch::{Built, Session};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::channel;

pub fn run(root: &Path, args: &ServeArgs, quiet: bool) -> Result<Outcome, Fatal> {
    let shared = Arc::new(Shared::default());
    // The port first: a taken port is said at once, before any work.
    let preview = match Preview::start(args.port, Arc::clone(&shared)) {
        Ok(preview) => preview,
        Err(StartError::InUse { suggestion }) => {
            let hint = suggestion.map_or(String::new(), |p| {
                format!(" Probeer een andere poort, bijvoorbeeld: regelwerk serve --port {p}")
            });
            err_line!(
                "regelwerk: poort {} is al in gebruik (draait regelwerk serve al?).{hint}",
                args.port
            );
            return Ok(Outcome::Usage);
        }
        Err(StartError::Other(problem)) => {
            err_line!(
                "regelwerk: de server kan niet starten op poort {}: {problem}",
                args.port
            );
            return Ok(Outcome::Usage);
        }
    };
    // Watch before the first build, so no edit made while it runs is missed.
    let (signals, received) = channel();
    let Some(watcher) = start(root, &signals) else {
        preview.stop();
        return Ok(Outcome::Usage);
    };
    let mut session = Session::new(root, args.today, stderr_color());
    let first = session.build();
    show(&first, None, quiet);
    publish(&shared, &session, &first);
    let url = format!("http://127.0.0.1:{}/", preview.port);
    err_line!(
        "De klachtenpagina: {url}  ·  brieven en rapportages: {url}_preview/  ·  stoppen: Ctrl-C"
    );
    if args.open {
        open_browser(&url);
    }
    rebuild_loop(
        watcher,
        &mut session,
        &received,
        quiet,
        &mut |session, result| publish(&shared, session, result),
    );
    preview.stop();
    Ok(Outcome::Success)
}

fn publish(shared: &Shared, session: &Session, result: &Result<Built, Fatal>) {
    match result {
        Ok(Built::Done { .. }) => {
            if let Some(files) = session.output() {
                shared.publish(files);
            }
        }
        Ok(Built::Failed { plain, .. }) => shared.fail(plain.clone()),
        Err(problem) => shared.fail(problem.to_string()),
    }
}

/// Opens `url` in the default browser; a failure only costs the convenience.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if command.is_err() {
        err_line!("Open {url} zelf in uw browser (er is geen browser gevonden om te starten).");
    }
}
