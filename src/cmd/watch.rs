//! `regelwerk watch`: build, then build again after every change to
//! `content/`, `templates/` or `data/`, until Ctrl-C. `serve` runs the same
//! loop with a preview server.

use super::{Fatal, Outcome, stderr_color};
use crate::cli::WatchArgs;
use crate::watch::{Built, Session, Signal, Watcher};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};

pub fn run(root: &Path, args: &WatchArgs, quiet: bool) -> Result<Outcome, Fatal> {
    // Watch before the first build, so no edit made while it runs is missed.
    let (signals, received) = channel();
    let Some(watcher) = start(root, &signals) else {
        return Ok(Outcome::Usage);
    };
    let mut session = Session::new(root, args.today, stderr_color());
    show(&session.build(), None, quiet);
    if !quiet {
        err_line!("Ik volg content/, templates/ en data/. Stoppen: Ctrl-C.");
    }
    rebuild_loop(watcher, &mut session, &received, quiet, &mut |_, _| {});
    Ok(Outcome::Success)
}

/// Starts watching and routes Ctrl-C into `signals`; prints why when it cannot.
pub fn start(root: &Path, signals: &Sender<Signal>) -> Option<Watcher> {
    let stop = signals.clone();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    }) {
        err_line!("regelwerk: Ctrl-C kan niet worden opgevangen ({err})");
    }
    match Watcher::start(root, signals.clone()) {
        Ok(watcher) => Some(watcher),
        Err(problem) => {
            err_line!("regelwerk: {problem}");
            None
        }
    }
}

/// Rebuilds after every change until [`Signal::Stop`]; `after` sees each
/// build's session and result (the server publishes it).
pub fn rebuild_loop(
    mut watcher: Watcher,
    session: &mut Session,
    signals: &Receiver<Signal>,
    quiet: bool,
    after: &mut dyn FnMut(&Session, &Result<Built, Fatal>),
) {
    while let Ok(signal) = signals.recv() {
        let mut changed = match signal {
            Signal::Stop => break,
            Signal::Trouble(problem) => {
                err_line!("regelwerk: mappen volgen gaat mis: {problem}");
                continue;
            }
            Signal::Changed(files) => files,
        };
        // Changes that arrived meanwhile go into the same build.
        let mut stop = false;
        while let Ok(more) = signals.try_recv() {
            match more {
                Signal::Changed(files) => changed.extend(files),
                Signal::Stop => stop = true,
                Signal::Trouble(_) => {}
            }
        }
        if let Err(problem) = watcher.refresh() {
            err_line!("regelwerk: {problem}");
        }
        changed.sort();
        changed.dedup();
        let result = session.build();
        show(&result, Some(&changed), quiet);
        after(session, &result);
        if stop {
            break;
        }
    }
    if !quiet {
        err_line!("Gestopt.");
    }
}

/// Prints one build's outcome in a line (or the errors).
pub fn show(result: &Result<Built, Fatal>, changed: Option<&[String]>, quiet: bool) {
    let what = match changed {
        Some(files) if files.len() > 3 => format!("{} bestanden gewijzigd: ", files.len()),
        Some(files) => format!("{} gewijzigd: ", files.join(", ")),
        None => String::new(),
    };
    match result {
        Ok(Built::Done {
            files,
            written,
            removed,
            millis,
            summary,
        }) => {
            if !quiet {
                err_line!(
                    "{what}gebouwd in {millis} ms ({files} bestanden, {written} geschreven, {removed} verwijderd). Controle: {summary}."
                );
            }
        }
        Ok(Built::Failed { terminal, .. }) => {
            err_text!("{terminal}");
            err_line!(" De vorige uitvoer blijft staan.");
        }
        Err(problem) => err_line!("{what}regelwerk: {problem}"),
    }
}
