//! `porte-voix`: the command-line content-planning toolkit.
//!
//! Each subcommand lives in its own module under `commands/`; this file only parses arguments
//! and dispatches. Every command returns `Result<ExitCode, CliError>` so that bad input ends with
//! a clear message and a non-zero exit, never a panic.

mod commands;
mod error;
mod input;

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
    /// Suggestions: best times to post, replies to a comment, quick-reply snippets.
    Suggest(commands::suggest::Args),
    /// The account's posting history from analytics CSV exports.
    History(commands::history::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Networks(args) => commands::networks::run(args),
        Command::Suggest(args) => commands::suggest::run(args),
        Command::History(args) => commands::history::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("porte-voix: {err}");
            ExitCode::from(2)
        }
    }
}
