//! `porte-voix split`: an over-long draft as a numbered thread.

use super::count::Format;
use crate::error::CliError;
use crate::{input, jsonl};
use porte_voix_core::text::{self, Numbering, NumberingPosition, SplitOptions};
use std::process::ExitCode;

/// Numbering styles on the command line.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NumberingArg {
    /// `1/3`
    Fraction,
    /// `(1/3)`
    Paren,
    /// no numbering
    None,
}

/// Numbering positions on the command line.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PositionArg {
    /// After the text.
    Suffix,
    /// Before the text.
    Prefix,
}

/// Arguments of `porte-voix split`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: super::guide::NetworkArgs,
    /// Numbering style.
    #[arg(long, value_enum, default_value = "fraction")]
    numbering: NumberingArg,
    /// Where the numbering goes.
    #[arg(long, value_enum, default_value = "suffix")]
    position: PositionArg,
    /// Text between a part and its numbering.
    #[arg(long, default_value = " ")]
    separator: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Read one JSON string per line on standard input, print one JSON object per line.
    #[arg(long, conflicts_with = "file")]
    jsonl: bool,
    /// The draft: a file, or `-` / nothing for standard input.
    file: Option<String>,
}

/// Splits the draft(s) and prints the parts.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let profile = args.target.profile()?;
    let options = SplitOptions {
        numbering: match args.numbering {
            NumberingArg::Fraction => Numbering::Fraction,
            NumberingArg::Paren => Numbering::Parenthesized,
            NumberingArg::None => Numbering::None,
        },
        position: match args.position {
            PositionArg::Suffix => NumberingPosition::Suffix,
            PositionArg::Prefix => NumberingPosition::Prefix,
        },
        separator: args.separator,
    };
    if args.jsonl {
        return jsonl::run(|draft| {
            let parts = text::split(draft, &profile, &options).map_err(|e| e.to_string())?;
            serde_json::to_string(&serde_json::json!({ "parts": parts })).map_err(|e| e.to_string())
        });
    }
    let draft = input::read_draft(args.file.as_deref())?;
    let parts =
        text::split(&draft, &profile, &options).map_err(|e| CliError::new(format!("cannot split: {e}")))?;
    match args.format {
        Format::Json => {
            println!("{}", serde_json::to_string(&parts).map_err(|e| CliError::new(e.to_string()))?)
        }
        Format::Text => {
            for p in &parts {
                println!("--- {}/{} ({}/{})", p.index, p.total, p.count.length, p.count.limit);
                println!("{}", p.text);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
