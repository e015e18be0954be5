//! `porte-voix entities`: the hashtags, mentions, URLs and cashtags of a draft.

use super::count::Format;
use crate::error::CliError;
use crate::{input, jsonl};
use porte_voix_core::text::{self, Entity};
use std::process::ExitCode;

/// Arguments of `porte-voix entities`.
#[derive(clap::Args)]
pub struct Args {
    /// Output format (JSON by default).
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Read one JSON string per line on standard input, print one JSON object per line.
    #[arg(long, conflicts_with = "file")]
    jsonl: bool,
    /// The draft: a file, or `-` / nothing for standard input.
    file: Option<String>,
}

fn lines(kind: &str, sigil: &str, list: &[Entity]) {
    for e in list {
        let slug = e.list.as_deref().map(|l| format!("/{l}")).unwrap_or_default();
        println!("{kind:<8} {sigil}{}{slug}  {}..{}", e.text, e.span.start, e.span.end);
    }
}

/// Extracts and prints the entities.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    if args.jsonl {
        return jsonl::run(|draft| serde_json::to_string(&text::entities(draft)).map_err(|e| e.to_string()));
    }
    let draft = input::read_draft(args.file.as_deref())?;
    let e = text::entities(&draft);
    match args.format {
        Format::Json => {
            println!("{}", serde_json::to_string(&e).map_err(|err| CliError::new(err.to_string()))?)
        }
        Format::Text => {
            lines("hashtag", "#", &e.hashtags);
            lines("mention", "@", &e.mentions);
            lines("url", "", &e.urls);
            lines("cashtag", "$", &e.cashtags);
        }
    }
    Ok(ExitCode::SUCCESS)
}
