//! regelwerk: a complaints regulation, its cases and registers in; the public
//! page, the letters and the anonymised reports out.
//!
//! One pipeline: `load` (the only reader) → `rules` → `render` → `output` (the
//! only writer). `cmd` ties the stages together per subcommand.

// Findings are the error type of most stages; they are rare and carry their
// place and message, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod few;
pub mod guard;
pub mod hash;
pub mod letters;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod pdf;
pub mod procedure;
pub mod render;
pub mod reports;
pub mod rules;
pub mod serve;
pub mod term;
pub mod watch;
pub mod yaml;
