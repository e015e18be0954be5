//! `porte-voix`: the command-line content-planning toolkit.
//!
//! Each subcommand lives in its own module under `commands/`; this file only parses arguments
//! and dispatches. Every command returns `Result<ExitCode, CliError>` so that bad input ends with
//! a clear message and a non-zero exit, never a panic.

mod commands;
mod error;
mod input;
mod jsonl;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Porte-voix: exact per-network counting and editorial-line checks for social-media drafts.
#[derive(Parser)]
#[command(name = "porte-voix", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the networks Porte-voix knows, with their limits.
    Networks(commands::networks::Args),
    /// Check drafts against the brand style guide (exit 1 when an error-level finding exists).
    Check(commands::check::Args),
    /// Print a draft with every safe fix applied.
    Fix(commands::fix::Args),
    /// Validate, create or inspect a style guide.
    Guide(commands::guide::Args),
    /// Count a draft as a network does: length, limit, what is left, validity.
    Count(commands::count::Args),
    /// List the hashtags, mentions, URLs and cashtags of a draft, with offsets.
    Entities(commands::entities::Args),
    /// Split an over-long draft into a numbered thread of valid posts.
    Split(commands::split::Args),
    /// Suggestions: best times to post, hashtags, replies to a comment, quick-reply snippets.
    Suggest(commands::suggest::Args),
    /// The account's posting history from analytics CSV exports.
    History(commands::history::Args),
    /// The editorial plan in a plan file: list, add, show, set, delete posts.
    Plan(commands::plan::Args),
    /// The report's figures: posts per network, engagement, best and worst posts, followers, pillar mix, reply times.
    Report(commands::report::Args),
    /// Two-way sync of a plan file with the team's CalDAV calendar (credentials from the environment).
    Sync(commands::sync::Args),
}

/// Lets the system end the program when its output pipe closes (`porte-voix ... | head`), as other
/// command-line tools do. Rust ignores SIGPIPE by default, which turns every later print into a panic.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any other thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    end_quietly_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Networks(args) => commands::networks::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Fix(args) => commands::fix::run(args),
        Command::Guide(args) => commands::guide::run(args),
        Command::Count(args) => commands::count::run(args),
        Command::Entities(args) => commands::entities::run(args),
        Command::Split(args) => commands::split::run(args),
        Command::Suggest(args) => commands::suggest::run(args),
        Command::History(args) => commands::history::run(args),
        Command::Plan(args) => commands::plan::run(args),
        Command::Report(args) => commands::report::run(args),
        Command::Sync(args) => commands::sync::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("porte-voix: {err}");
            ExitCode::from(2)
        }
    }
}
