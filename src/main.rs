use regelwerk::cli::Command;
use regelwerk::cmd::{self, Outcome};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: templates and YAML allocate many
/// small values on every thread, and glibc's malloc spent a fifth of a
/// letters build on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match regelwerk::cli::parse() {
        Ok(cli) => cli,
        Err((text, 0)) => {
            regelwerk::out_text!("{text}");
            return ExitCode::SUCCESS;
        }
        Err((text, code)) => {
            regelwerk::err_text!("{text}");
            return ExitCode::from(code as u8);
        }
    };
    // A build that runs once gives freed memory back soon, which keeps its
    // peak low; `serve` and `watch` build again and again, and would
    // only take the same memory back from the system each time.
    if !matches!(cli.command, Command::Serve(_) | Command::Watch(_)) {
        regelwerk::memory::return_freed_memory();
    }
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.root, args, cli.quiet),
        Command::Check(args) => cmd::check::run(&cli.root, args, cli.quiet),
        Command::Report(args) => cmd::report::run(&cli.root, args, cli.quiet),
        Command::Serve(args) => cmd::serve::run(&cli.root, args, cli.quiet),
        Command::Watch(args) => cmd::watch::run(&cli.root, args, cli.quiet),
        Command::Init(args) => cmd::init::run(&args.dir, args.model, cli.quiet),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Usage) => ExitCode::from(2),
        Err(problem) => {
            regelwerk::err_line!("regelwerk: {problem}");
            ExitCode::from(2)
        }
    }
}
