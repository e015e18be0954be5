//! `porte-voix report`: the figures of the extension's report page for scripts: posts per network
//! and week, engagement rate, best and worst posts, follower growth, pillar mix and reply times,
//! computed by the core (`plan::analysis::report`) from a plan file, an analytics export and,
//! optionally, follower counts, a reply log and a style guide (for the pillars).

use super::history::{load, Source};
use super::plan::now;
use crate::error::CliError;
use crate::input::read_text;
use chrono::{DateTime, Duration, Utc};
use porte_voix_core::guide::{self, Format};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::analysis::followers::import_followers;
use porte_voix_core::plan::analysis::replies::import_reply_log;
use porte_voix_core::plan::analysis::{
    report, FollowerSample, Period, ReplyLog, Report, ReportInput, ReportOptions,
};
use porte_voix_core::plan::file::read_plan;
use porte_voix_core::plan::report::ImportProblem;
use porte_voix_core::plan::when::parse_instant;
use porte_voix_core::suggest::history::{HistoryRecord, Preset};
use porte_voix_core::suggest::zone::TzDb;
use serde::de::DeserializeOwned;
use std::process::ExitCode;

/// Arguments of `porte-voix report`.
#[derive(clap::Args)]
pub struct Args {
    /// The plan file (JSON, the extension's backup format).
    #[arg(long, value_name = "FILE")]
    plan: String,
    /// Analytics history: a CSV export (read as `history import` reads it) or the JSON list of
    /// records the extension keeps (`{ "records": [...] }` or `[...]`).
    #[arg(long, value_name = "FILE")]
    history: Option<String>,
    #[command(flatten)]
    source: Source,
    /// Follower counts: a CSV with date, followers and network (see --followers-network), or JSON
    /// `[{ "network": "x", "at": "2026-03-01T00:00:00Z", "followers": 1200 }]`.
    #[arg(long, value_name = "FILE")]
    followers: Option<String>,
    /// Network of the rows of a --followers CSV without a network column.
    #[arg(long, value_name = "NETWORK")]
    followers_network: Option<String>,
    /// Comments and when they were answered: a CSV with received_at, replied_at and class or text
    /// (the text is triaged), or JSON `[{ "receivedAt": …, "repliedAt": …, "class": "complaint" }]`.
    #[arg(long, value_name = "FILE")]
    replies: Option<String>,
    /// Style guide whose pillars and targets the pillar mix uses (default: the built-in sample guide).
    #[arg(long, value_name = "FILE")]
    guide: Option<String>,
    /// First day or time included (2026-03-01 or RFC 3339; default: 30 days ago).
    #[arg(long)]
    from: Option<String>,
    /// First day or time excluded (default: now).
    #[arg(long)]
    to: Option<String>,
    /// IANA zone of --from/--to and of the weeks (default UTC).
    #[arg(long, default_value = "UTC")]
    tz: String,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Language of names and messages.
    #[arg(long, default_value = "en", value_parser = ["fr", "en"])]
    lang: String,
}

/// Runs `porte-voix report`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lang = Lang::parse(&args.lang).unwrap_or(Lang::En);
    let plan_text = read_text(Some(&args.plan))?;
    let plan =
        read_plan(&plan_text).map_err(|e| CliError::new(format!("{}: {}", args.plan, e.message(lang))))?.plan;
    let history = match &args.history {
        None => Vec::new(),
        Some(path) if path.to_ascii_lowercase().ends_with(".json") => history_json(path)?,
        Some(path) => {
            let read = load(path, &args.source, Some(args.tz.clone()), None, Preset::Generic)?;
            for e in &read.errors {
                eprintln!("porte-voix: {path}: skipped {e}");
            }
            read.records
        }
    };
    let followers: Vec<FollowerSample> = match args.followers.as_deref() {
        None => Vec::new(),
        Some(path) if path.to_ascii_lowercase().ends_with(".json") => json_list(path)?,
        Some(path) => {
            let read =
                import_followers(&read_text(Some(path))?, &TzDb, &args.tz, args.followers_network.as_deref());
            print_problems(path, &read.problems, lang);
            read.samples
        }
    };
    let replies: Vec<ReplyLog> = match args.replies.as_deref() {
        None => Vec::new(),
        Some(path) if path.to_ascii_lowercase().ends_with(".json") => json_list(path)?,
        Some(path) => {
            let read = import_reply_log(&read_text(Some(path))?, &TzDb, &args.tz);
            print_problems(path, &read.problems, lang);
            read.entries
        }
    };
    let compiled = match &args.guide {
        Some(g) => guide::compile(&read_text(Some(g))?, Format::from_path(g)).map_err(|errors| {
            CliError::new(errors.iter().map(|e| format!("{g}:{e}")).collect::<Vec<_>>().join("\n"))
        })?,
        None => guide::sample(),
    };
    let now = now();
    let instant =
        |flag: &str, v: &Option<String>, default: DateTime<Utc>| -> Result<DateTime<Utc>, CliError> {
            v.as_ref().map_or(Ok(default), |s| {
                parse_instant(s, Some(&args.tz), &TzDb).map_err(|e| CliError::new(format!("{flag}: {e}")))
            })
        };
    let period = Period::new(
        instant("--from", &args.from, now - Duration::days(30))?,
        instant("--to", &args.to, now)?,
    );
    let mut options = ReportOptions::new(period, &args.tz, now);
    options.lang = lang;
    let input = ReportInput {
        posts: &plan.posts,
        history: &history,
        followers: &followers,
        replies: &replies,
        pillars: &compiled.guide.pillars,
    };
    let figures = report(&input, &TzDb, &options).map_err(CliError::new)?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&figures).map_err(|e| CliError::new(e.to_string()))?);
    } else {
        print!("{}", text(&figures));
    }
    Ok(ExitCode::SUCCESS)
}

/// Every skipped row of `path` on standard error, as `porte-voix: FILE:LINE: message`.
fn print_problems(path: &str, problems: &[ImportProblem], lang: Lang) {
    for p in problems {
        let at = if p.line > 0 { format!(":{}", p.line) } else { String::new() };
        eprintln!("porte-voix: {path}{at}: {}", if lang == Lang::Fr { &p.fr } else { &p.en });
    }
}

/// The records of a JSON history file: the extension's `{ "records": [...] }` or a bare list.
fn history_json(path: &str) -> Result<Vec<HistoryRecord>, CliError> {
    let value: serde_json::Value = parse_json(path)?;
    let list = value.get("records").cloned().unwrap_or(value);
    serde_json::from_value(list)
        .map_err(|e| CliError::new(format!("{path}: not a list of history records: {e}")))
}

/// A JSON list of `T` from `path`, with the place of the first bad value.
fn json_list<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, CliError> {
    parse_json(path)
}

fn parse_json<T: DeserializeOwned>(path: &str) -> Result<T, CliError> {
    let text = read_text(Some(path))?;
    serde_json::from_str(&text).map_err(|e| CliError::new(format!("{path}:{}:{}: {e}", e.line(), e.column())))
}

/// The report as plain text, one block per chart of the page.
fn text(r: &Report) -> String {
    let pct = |rate: Option<f64>| rate.map_or("—".to_string(), |v| format!("{:.2} %", v * 100.0));
    let mins = |m: Option<f64>| m.map_or("—".to_string(), |v| format!("{v:.0} min"));
    let mut out = format!(
        "Report {} – {} ({})\n\nPosts per network (planned / published / analytics)\n",
        r.period.from.to_rfc3339(),
        r.period.to.to_rfc3339(),
        r.zone
    );
    for n in &r.networks {
        out.push_str(&format!("  {:<12} {:>4} {:>4} {:>4}\n", n.name, n.planned, n.published, n.history));
    }
    out.push_str("\nEngagement rate (engagements / impressions)\n");
    for e in r.engagement.iter().chain([&r.overall]) {
        out.push_str(&format!(
            "  {:<12} {:>9}  {} / {} over {} post(s)\n",
            e.network.as_deref().unwrap_or("all"),
            pct(e.rate),
            e.engagements,
            e.impressions,
            e.with_impressions
        ));
    }
    for (title, posts) in [("Best posts", &r.best), ("Worst posts", &r.worst)] {
        out.push_str(&format!("\n{title}\n"));
        for p in posts {
            out.push_str(&format!(
                "  {:>8}  {} {} {}\n",
                pct(Some(p.rate)),
                p.at.format("%Y-%m-%d"),
                p.network,
                p.excerpt.as_deref().unwrap_or("")
            ));
        }
    }
    out.push_str("\nFollower growth\n");
    for f in &r.followers {
        let change = f.change.map_or("—".to_string(), |c| format!("{c:+}"));
        out.push_str(&format!(
            "  {:<12} {change} ({})\n",
            f.network,
            f.series.iter().map(|p| p.followers.to_string()).collect::<Vec<_>>().join(" → ")
        ));
    }
    out.push_str("\nPillar mix (share / target)\n");
    for row in &r.mix.rows {
        out.push_str(&format!(
            "  {:<30} {:>5.1} % / {}\n",
            row.name,
            row.share,
            row.target.map_or("—".to_string(), |t| format!("{t:.0} %"))
        ));
    }
    out.push_str("\nReply times (median / 9 in 10 within / unanswered)\n");
    for rt in r.replies.iter().filter(|rt| rt.comments > 0) {
        out.push_str(&format!(
            "  {:<10} {:>8} {:>8} {:>3}\n",
            rt.class.name(),
            mins(rt.median_minutes),
            mins(rt.p90_minutes),
            rt.unanswered
        ));
    }
    out
}
