//! `porte-voix check`: check drafts against a style guide, Vale-style output.

use super::guide::{load, require_campaign};
use crate::error::CliError;
use crate::input::read_text;
use porte_voix_core::guide::{Lang, Level};
use porte_voix_core::{networks, CheckContext, Checker, Finding};
use std::io::BufRead;
use std::process::ExitCode;

/// Options shared by `check` and `fix`.
#[derive(clap::Args, Clone)]
pub struct Common {
    /// Style guide (TOML or .json); default: the built-in sample guide.
    #[arg(long)]
    pub guide: Option<String>,
    /// Network the draft is for (see `porte-voix networks`); enables the length checks.
    #[arg(long)]
    pub network: Option<String>,
    /// Language of the messages.
    #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
    pub lang: String,
    /// Language of the draft (default: detected among the guide's languages).
    #[arg(long, value_parser = ["fr", "en"])]
    pub post_lang: Option<String>,
    /// The post is sponsored: it must carry a disclosure marker.
    #[arg(long)]
    pub sponsored: bool,
    /// Campaign id whose required hashtags must appear.
    #[arg(long)]
    pub campaign: Option<String>,
    /// Switch a rule off (repeatable), e.g. --disable typography.fr-spacing.
    #[arg(long = "disable")]
    pub disabled: Vec<String>,
    /// Ignore one finding by id (repeatable).
    #[arg(long = "ignore")]
    pub ignored: Vec<String>,
}

impl Common {
    /// Builds the checker and context, rejecting unknown networks and campaigns.
    pub fn prepare(&self) -> Result<(Checker, CheckContext), CliError> {
        let guide = load(self.guide.as_deref())?;
        if let Some(n) = &self.network {
            if networks::builtin(n).is_none() {
                return Err(CliError::new(networks::unknown_network_message(n)));
            }
        }
        if let Some(c) = &self.campaign {
            require_campaign(&guide, c)?;
        }
        let ctx = CheckContext {
            network: self.network.clone(),
            lang: Lang::parse(&self.lang).unwrap_or(Lang::Fr),
            post_lang: self.post_lang.as_deref().and_then(Lang::parse),
            sponsored: self.sponsored,
            campaign: self.campaign.clone(),
            ignored: self.ignored.clone(),
            disabled: self.disabled.clone(),
            ..CheckContext::default()
        };
        Ok((Checker::new(guide), ctx))
    }
}

/// Arguments of `porte-voix check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Output: `text` (file:line:col level rule message) or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Read standard input as JSON Lines (one JSON string per line) and print one JSON object per line.
    #[arg(long, conflicts_with = "files")]
    jsonl: bool,
    /// Draft files; `-` or nothing reads standard input.
    files: Vec<String>,
}

/// The JSON form of a finding used by the CLI.
pub fn finding_json(f: &Finding, file: Option<&str>) -> serde_json::Value {
    let mut v = serde_json::json!({
        "id": f.id,
        "rule": f.rule,
        "level": f.level,
        "message": f.message,
        "start": f.span.start,
        "end": f.span.end,
        "line": f.line,
        "column": f.column,
        "replacements": f.replacements,
        "safe_fix": f.safe_fix,
    });
    if let (Some(file), Some(obj)) = (file, v.as_object_mut()) {
        obj.insert("file".into(), file.into());
    }
    v
}

/// Runs `porte-voix check`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let (checker, ctx) = args.common.prepare()?;
    let mut any_error = false;
    if args.jsonl {
        let stdin = std::io::stdin();
        for (i, line) in stdin.lock().lines().enumerate() {
            let line = line.map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let text: String = serde_json::from_str(&line).map_err(|e| {
                CliError::new(format!("standard input line {}: expected a JSON string (\"...\"): {e}", i + 1))
            })?;
            let findings = checker.check(&text, &ctx);
            any_error |= findings.iter().any(|f| f.level == Level::Error);
            let list: Vec<_> = findings.iter().map(|f| finding_json(f, None)).collect();
            println!("{}", serde_json::json!({ "findings": list }));
        }
        return Ok(if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    let files = if args.files.is_empty() { vec!["-".to_string()] } else { args.files.clone() };
    let mut all = Vec::new();
    for file in &files {
        let text = read_text(Some(file))?;
        let name = if file == "-" { "stdin" } else { file.as_str() };
        let findings = checker.check(&text, &ctx);
        any_error |= findings.iter().any(|f| f.level == Level::Error);
        for f in &findings {
            if args.format == "json" {
                all.push(finding_json(f, Some(name)));
            } else {
                println!("{name}:{}:{} {} {} {}", f.line, f.column, f.level.as_str(), f.rule, f.message);
            }
        }
    }
    if args.format == "json" {
        println!("{}", serde_json::json!({ "findings": all }));
    }
    Ok(if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
