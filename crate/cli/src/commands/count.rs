//! `porte-voix count`: a draft's length as one network counts it.

use crate::error::CliError;
use crate::{input, jsonl};
use porte_voix_core::text::{self, Count};
use std::process::ExitCode;

/// Output format of the text commands.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable lines.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `porte-voix count`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: super::guide::NetworkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Read one JSON string per line on standard input, print one JSON object per line.
    #[arg(long, conflicts_with = "file")]
    jsonl: bool,
    /// The draft: a file, or `-` / nothing for standard input.
    file: Option<String>,
}

/// The human line: `x: 26/280 — 254 left — valid`.
pub fn human(c: &Count) -> String {
    let room =
        if c.remaining >= 0 { format!("{} left", c.remaining) } else { format!("{} over", -c.remaining) };
    let mut verdict = if c.valid {
        "valid".to_string()
    } else if c.remaining < 0 {
        "too long".to_string()
    } else {
        "not valid".to_string()
    };
    if let Some(cap) = c.byte_limit {
        if c.byte_length > cap {
            verdict = format!("too long ({} bytes, at most {cap})", c.byte_length);
        }
    }
    if !c.valid && c.length == 0 {
        verdict = "empty".to_string();
    }
    format!("{}: {}/{} — {room} — {verdict}", c.network, c.length, c.limit)
}

/// Counts the draft(s) and prints the result.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let profile = args.target.profile()?;
    if args.jsonl {
        return jsonl::run(|draft| {
            serde_json::to_string(&text::count(draft, &profile)).map_err(|e| e.to_string())
        });
    }
    let draft = input::read_draft(args.file.as_deref())?;
    let c = text::count(&draft, &profile);
    match args.format {
        Format::Text => println!("{}", human(&c)),
        Format::Json => println!("{}", serde_json::to_string(&c).map_err(|e| CliError::new(e.to_string()))?),
    }
    Ok(ExitCode::SUCCESS)
}
