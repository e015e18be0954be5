//! `porte-voix plan conflicts`: what the side panel marks on the calendar (posts too close on a
//! network, too many a day, outside the allowed hours, overdue, outside their campaign, over a
//! network's limit), each with what to do. With `--guide`, its posting rules (`[schedule]`,
//! `min_gap_minutes`, `max_per_day`) and length limits replace the defaults it sets.

use super::plan::PeriodArgs;
use crate::error::CliError;
use chrono::{DateTime, Utc};
use porte_voix_core::guide::CompiledGuide;
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::analysis::{conflicts, ConflictOptions, Period};
use porte_voix_core::plan::book::{PlanBook, Query};
use porte_voix_core::suggest::zone::TzDb;
use std::process::ExitCode;

/// Arguments of `plan conflicts`.
#[derive(clap::Args)]
pub struct ConflictsArgs {
    /// Only conflicts involving a post in this period.
    #[command(flatten)]
    period: PeriodArgs,
    /// Output format: text (one conflict a line) or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// Lists the conflicts of the plan in `book` at instant `now`, messages in `lang`, under `guide`'s
/// posting rules when given. Exit status 1 when there is at least one.
pub fn run(
    book: &PlanBook,
    guide: Option<&CompiledGuide>,
    a: ConflictsArgs,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<ExitCode, CliError> {
    let (from, to) = a.period.instants()?;
    let mut opts = ConflictOptions::new(now, lang);
    if let Some(g) = guide {
        opts = opts.following(g);
    }
    if from.is_some() || to.is_some() {
        opts.period = Some(Period::new(
            from.unwrap_or(DateTime::<Utc>::MIN_UTC),
            to.unwrap_or(DateTime::<Utc>::MAX_UTC),
        ));
    }
    let posts: Vec<_> = book.query(&Query::default()).scheduled.into_iter().cloned().collect();
    let campaigns: Vec<_> = book.campaigns().into_iter().cloned().collect();
    let found = conflicts(&posts, &campaigns, guide, &TzDb, &opts);
    if a.format == "json" {
        println!("{}", serde_json::to_string_pretty(&found).map_err(|e| CliError::new(e.to_string()))?);
    } else {
        for c in &found {
            let kind = serde_json::to_value(c.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            println!("{}  {kind}  {}  {}", c.at.format("%Y-%m-%dT%H:%MZ"), c.posts.join(","), c.message);
        }
        if found.is_empty() {
            println!(
                "{}",
                match lang {
                    Lang::Fr => "aucun conflit",
                    Lang::En => "no conflicts",
                }
            );
        }
    }
    Ok(if found.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
