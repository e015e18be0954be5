//! `porte-voix suggest`: best times to post, hashtags for a draft, replies for a comment,
//! snippet search.

use super::history::{load, Source};
use crate::error::CliError;
use crate::input::{read_draft, read_text};
use chrono::{DateTime, Utc, Weekday};
use porte_voix_core::networks;
use porte_voix_core::suggest::hashtags::{insertion, suggest_hashtags, HashtagOptions};
use porte_voix_core::suggest::history::{HistoryRecord, Preset};
use porte_voix_core::suggest::snippets::Library;
use porte_voix_core::suggest::timing::{best_times, TimingOptions};
use porte_voix_core::suggest::triage::triage;
use porte_voix_core::suggest::Lang;
use std::process::ExitCode;

/// Arguments of `porte-voix suggest`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Best times to post on a network over the coming days, with reasons.
    Times(TimesArgs),
    /// Hashtags for a draft on a network: the guide's library, the campaign, the account's history.
    Hashtags(HashtagsArgs),
    /// Triage a comment and suggest ranked quick replies.
    Replies(RepliesArgs),
    /// Search the quick-reply snippets (typo tolerant), or list them all.
    Snippets(SnippetsArgs),
}

#[derive(clap::Args)]
struct TimesArgs {
    /// Network id (see `porte-voix networks`).
    #[arg(long)]
    network: String,
    /// The audience's IANA time zone, e.g. Europe/Paris.
    #[arg(long)]
    tz: String,
    /// The account's analytics export (CSV).
    #[arg(long)]
    history: Option<String>,
    #[command(flatten)]
    source: Source,
    /// The current instant, RFC 3339 (default: the system clock).
    #[arg(long)]
    now: Option<String>,
    /// How many slots to suggest.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// How many days ahead to look.
    #[arg(long, default_value_t = 7)]
    days: u32,
    /// Style guide (TOML or .json) whose posting rules apply: its `[schedule]` unless --hours or
    /// --on are given, its `min_gap_minutes` and `max_per_day` unless --min-gap or --max-per-day are.
    #[arg(long)]
    guide: Option<String>,
    /// Maximum posts per day on this network (default: the guide's, else the network's).
    #[arg(long)]
    max_per_day: Option<u32>,
    /// Minimum minutes between two posts (default: the guide's, else the network's).
    #[arg(long)]
    min_gap: Option<u32>,
    /// Allowed local hours, HH:MM-HH:MM (default: the guide's schedule, else 07:00-22:00).
    #[arg(long)]
    hours: Option<String>,
    /// Allowed days, comma-separated (mon,tue,...) (default: the guide's schedule, else every day).
    #[arg(long = "on")]
    on_days: Option<String>,
    /// A post already planned on this network (RFC 3339), repeatable.
    #[arg(long)]
    planned: Vec<String>,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(clap::Args)]
struct HashtagsArgs {
    /// Network id (see `porte-voix networks`).
    #[arg(long)]
    network: String,
    /// Style guide (TOML or .json); default: the built-in sample guide.
    #[arg(long)]
    guide: Option<String>,
    /// Active campaign id: its required hashtags come first.
    #[arg(long)]
    campaign: Option<String>,
    /// Language of the draft (default: French and English rules both).
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Most suggestions (never more than the network and guide allow).
    #[arg(long)]
    limit: Option<usize>,
    /// The account's analytics export (CSV): tags of past posts and how they did.
    #[arg(long)]
    history: Option<String>,
    #[command(flatten)]
    source: Source,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// File with the draft (`-` or nothing for standard input).
    file: Option<String>,
}

#[derive(clap::Args)]
struct RepliesArgs {
    /// File with the comment to answer (`-` or nothing for standard input).
    file: Option<String>,
    /// Language of the replies (default: the comment's).
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// How many replies to suggest.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(clap::Args)]
struct SnippetsArgs {
    /// Words to search for; nothing lists every snippet.
    query: Vec<String>,
    /// Only snippets in this language.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// How many results.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse_lenient(s).ok_or_else(|| format!("unknown language '{s}'. Use fr or en"))
}

fn parse_instant(flag: &str, s: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc)).map_err(|e| {
        CliError::new(format!(
            "{flag} {s}: not an RFC 3339 date-time ({e}); example: 2026-10-22T09:00:00+02:00"
        ))
    })
}

fn parse_hours(s: &str) -> Result<(u32, u32), CliError> {
    let bad = || CliError::new(format!("--hours {s}: expected HH:MM-HH:MM, e.g. 08:00-20:30"));
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let m = |x: &str| -> Option<u32> {
        let (h, mi) = x.trim().split_once(':').unwrap_or((x.trim(), "0"));
        let (h, mi): (u32, u32) = (h.parse().ok()?, mi.parse().ok()?);
        (h <= 24 && mi < 60 && h * 60 + mi <= 1440).then_some(h * 60 + mi)
    };
    let (a, b) = (m(a).ok_or_else(bad)?, m(b).ok_or_else(bad)?);
    if a >= b {
        return Err(bad());
    }
    Ok((a, b))
}

fn parse_days(s: &str) -> Result<Vec<Weekday>, CliError> {
    s.split(',')
        .map(|d| match d.trim().to_ascii_lowercase().get(..3).unwrap_or("") {
            "mon" | "lun" => Ok(Weekday::Mon),
            "tue" | "mar" => Ok(Weekday::Tue),
            "wed" | "mer" => Ok(Weekday::Wed),
            "thu" | "jeu" => Ok(Weekday::Thu),
            "fri" | "ven" => Ok(Weekday::Fri),
            "sat" | "sam" => Ok(Weekday::Sat),
            "sun" | "dim" => Ok(Weekday::Sun),
            _ => Err(CliError::new(format!("--on {s}: unknown day '{d}'. Use mon,tue,wed,thu,fri,sat,sun"))),
        })
        .collect()
}

/// Runs `porte-voix suggest ...`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        Sub::Times(a) => times(a),
        Sub::Hashtags(a) => hashtags(a),
        Sub::Replies(a) => replies(a),
        Sub::Snippets(a) => snippets(a),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(v).map_err(|e| CliError::new(e.to_string()))?);
    Ok(())
}

/// Imports the history export at `path` for `network` (preset by default from the network),
/// reporting skipped rows on standard error; returns the records and a one-line summary.
fn load_history(
    path: Option<&str>,
    source: &Source,
    tz: Option<String>,
    network: &str,
) -> Result<(Vec<HistoryRecord>, Option<String>), CliError> {
    let Some(path) = path else { return Ok((Vec::new(), None)) };
    let default = match network {
        "x" => Preset::X,
        "linkedin" | "linkedin-comment" => Preset::Linkedin,
        "facebook" | "instagram" => Preset::Meta,
        _ => Preset::Generic,
    };
    let report = load(path, source, tz, Some(network.to_string()), default)?;
    let note =
        format!("{path}: {} post(s) imported, {} row(s) skipped", report.records.len(), report.errors.len());
    for e in report.errors.iter().take(5) {
        eprintln!("porte-voix: {path}: skipped {e}");
    }
    if report.errors.len() > 5 {
        eprintln!(
            "porte-voix: {path}: ... and {} more skipped row(s) (see `porte-voix history import`)",
            report.errors.len() - 5
        );
    }
    Ok((report.records, Some(note)))
}

fn times(a: TimesArgs) -> Result<ExitCode, CliError> {
    if networks::builtin(&a.network).is_none() {
        return Err(CliError::new(networks::unknown_network_message(&a.network)));
    }
    let now = match &a.now {
        Some(s) => parse_instant("--now", s)?,
        None => DateTime::<Utc>::from(std::time::SystemTime::now()),
    };
    let mut o = TimingOptions::new(&a.network, &a.tz, now);
    o.top = a.top;
    o.days = a.days;
    o.max_per_day = a.max_per_day;
    o.min_gap_minutes = a.min_gap;
    if let Some(h) = &a.hours {
        o.allowed_minutes = parse_hours(h)?;
    }
    if let Some(d) = &a.on_days {
        o.allowed_days = parse_days(d)?;
    }
    if let Some(path) = &a.guide {
        super::guide::load(Some(path))?
            .posting_rules()
            .fill_timing(&mut o, a.hours.is_some() || a.on_days.is_some());
    }
    o.planned = a.planned.iter().map(|p| parse_instant("--planned", p)).collect::<Result<_, _>>()?;
    let tz = a.source.history_tz.clone().or_else(|| Some(a.tz.clone()));
    let (history, import_note) = load_history(a.history.as_deref(), &a.source, tz, &a.network)?;
    let report = best_times(&o, &history).map_err(CliError::new)?;
    if a.format == "json" {
        to_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let name = networks::builtin(&a.network).map(|p| p.name).unwrap_or_default();
    println!("Best times to post on {name} ({}), next {} days:", report.tz, a.days);
    for (i, s) in report.slots.iter().enumerate() {
        println!("{:>2}. {} {}  score {:.2}", i + 1, s.weekday, s.local.replace('T', " "), s.score);
        for r in &s.reasons {
            println!("      - {r}");
        }
    }
    if report.slots.is_empty() {
        println!("   (no slot fits the constraints)");
    }
    if let Some(n) = import_note {
        println!("{n}; {} used for {name}", report.history_used);
    }
    for n in &report.notes {
        println!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

fn hashtags(a: HashtagsArgs) -> Result<ExitCode, CliError> {
    let profile = networks::builtin(&a.network)
        .ok_or_else(|| CliError::new(networks::unknown_network_message(&a.network)))?;
    let guide = super::guide::load(a.guide.as_deref())?;
    if let Some(c) = &a.campaign {
        super::guide::require_campaign(&guide, c)?;
    }
    let draft = read_draft(a.file.as_deref())?;
    let (history, import_note) = load_history(a.history.as_deref(), &a.source, None, &a.network)?;
    let o = HashtagOptions { campaign: a.campaign.clone(), lang: a.lang, limit: a.limit };
    let r = suggest_hashtags(&draft, &profile, &guide, &history, &o);
    if a.format == "json" {
        to_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("Hashtags for {} (room for {}):", profile.name, r.room);
    for (i, s) in r.suggestions.iter().enumerate() {
        let what = if s.required { "required".to_string() } else { format!("score {:.2}", s.score) };
        println!("{:>2}. {}  {what}", i + 1, s.text);
        for reason in &s.reasons {
            println!("      - {reason}");
        }
    }
    if r.suggestions.is_empty() {
        println!("   (no suggestion)");
    } else {
        let mut with = draft.clone();
        for s in &r.suggestions {
            let ins = insertion(&with, &s.tag);
            with.insert_str(ins.byte_offset, &ins.text);
        }
        println!("\nWith all of them:\n{with}\n");
    }
    if let Some(n) = import_note {
        println!("{n}");
    }
    for n in &r.notes {
        println!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

fn replies(a: RepliesArgs) -> Result<ExitCode, CliError> {
    let text = read_text(a.file.as_deref())?;
    if text.trim().is_empty() {
        return Err(CliError::new("the comment is empty: pass a file or pipe the comment text"));
    }
    let t = triage(&text, a.lang);
    let lang = a.lang.unwrap_or(t.lang);
    let lib = Library::builtin();
    let sugg = lib.replies_for(&t, &text, lang, a.top);
    if a.format == "json" {
        to_json(&serde_json::json!({ "triage": t, "replies": sugg }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Triage: {} (confidence {:.0}%){}",
        t.class.name(),
        t.confidence * 100.0,
        if t.urgent { "  ⚠ URGENT: escalate" } else { "" }
    );
    println!(
        "Scores: complaint {:.1}, question {:.1}, praise {:.1}, spam {:.1}, urgent {:.1}",
        t.scores.complaint, t.scores.question, t.scores.praise, t.scores.spam, t.scores.urgent
    );
    for r in &t.reasons {
        println!("  - {r}");
    }
    println!();
    for (i, s) in sugg.iter().enumerate() {
        let r = lib.render_snippet(&s.snippet, &Default::default());
        println!(
            "{}. {} [{}] {}",
            i + 1,
            s.snippet.title,
            s.snippet.id,
            if s.snippet.trigger.is_empty() { String::new() } else { format!("({})", s.snippet.trigger) }
        );
        println!("   why: {}", s.reason);
        println!("   {}", r.text);
        if !r.missing.is_empty() {
            println!(
                "   to fill: {}",
                r.missing.iter().map(|m| format!("{} ({})", m.name, m.prompt)).collect::<Vec<_>>().join("; ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn snippets(a: SnippetsArgs) -> Result<ExitCode, CliError> {
    let lib = Library::builtin();
    let query = a.query.join(" ");
    let list: Vec<(String, f32, Vec<String>)> = if query.trim().is_empty() {
        lib.snippets()
            .iter()
            .filter(|s| a.lang.is_none_or(|l| s.lang == l))
            .take(a.top.max(lib.snippets().len()))
            .map(|s| (s.id.clone(), 0.0, vec![]))
            .collect()
    } else {
        lib.search(&query, a.lang, a.top).into_iter().map(|h| (h.id, h.score, h.matched)).collect()
    };
    if a.format == "json" {
        let out: Vec<_> = list
            .iter()
            .filter_map(|(id, score, m)| {
                lib.get(id).map(|s| serde_json::json!({"snippet": s, "score": score, "matched": m}))
            })
            .collect();
        to_json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        println!("no snippet matches \"{query}\"");
    }
    for (id, score, m) in &list {
        if let Some(s) = lib.get(id) {
            let extra = if m.is_empty() {
                String::new()
            } else {
                format!("  score {score:.2}, matched {}", m.join(", "))
            };
            println!(
                "{:<24} {:<11} {:<4} {:<13} {}{}",
                s.id,
                format!("{:?}", s.category).to_lowercase(),
                s.lang.as_str(),
                s.trigger,
                s.title,
                extra
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
