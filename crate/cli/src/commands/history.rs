//! `porte-voix history import`: reads an analytics CSV export and reports what was imported.

use crate::error::CliError;
use crate::input::read_text;
use porte_voix_core::suggest::history::{
    import_csv, Columns, DateFormat, ImportOptions, ImportReport, Preset,
};
use std::process::ExitCode;

/// Arguments of `porte-voix history`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Import an analytics CSV export (X, LinkedIn, Meta Business Suite or any CSV) and summarise it.
    Import(ImportArgs),
}

/// Where the history comes from and how to read it (shared with `suggest times`).
#[derive(clap::Args, Clone)]
pub struct Source {
    /// Column preset: x, linkedin, meta or generic.
    #[arg(long, value_parser = parse_preset)]
    pub preset: Option<Preset>,
    /// IANA time zone of times written without an offset (default UTC).
    #[arg(long = "history-tz")]
    pub history_tz: Option<String>,
    /// How to read slash dates: auto, month-first (MM/DD/YYYY) or day-first (DD/MM/YYYY).
    #[arg(long, default_value = "auto", value_parser = parse_date_format)]
    pub date_format: DateFormat,
    /// Generic mapping, repeatable: FIELD=Header, FIELD one of time, network, impressions,
    /// engagements, likes, comments, shares, text (e.g. --column time="Date de publication").
    #[arg(long = "column", value_name = "FIELD=HEADER")]
    pub columns: Vec<String>,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The CSV file (`-` for standard input).
    file: String,
    #[command(flatten)]
    source: Source,
    /// IANA time zone of times written without an offset (same as --history-tz).
    #[arg(long)]
    tz: Option<String>,
    /// Network of rows without a network column (defaults to the preset's).
    #[arg(long)]
    network: Option<String>,
    /// Output format: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

fn parse_preset(s: &str) -> Result<Preset, String> {
    Preset::parse(s).ok_or_else(|| format!("unknown preset '{s}'. Use one of: x, linkedin, meta, generic"))
}

fn parse_date_format(s: &str) -> Result<DateFormat, String> {
    match s.to_ascii_lowercase().replace('_', "-").as_str() {
        "auto" => Ok(DateFormat::Auto),
        "month-first" | "mdy" | "us" => Ok(DateFormat::MonthFirst),
        "day-first" | "dmy" | "eu" => Ok(DateFormat::DayFirst),
        _ => Err(format!("unknown date format '{s}'. Use auto, month-first or day-first")),
    }
}

/// Reads and imports `path` with the options of `source`.
pub fn load(
    path: &str,
    source: &Source,
    tz: Option<String>,
    network: Option<String>,
    default_preset: Preset,
) -> Result<ImportReport, CliError> {
    let text = read_text(Some(path))?;
    let mut cols = Columns::default();
    for spec in &source.columns {
        let (field, header) = spec.split_once('=').ok_or_else(|| {
            CliError::new(format!("--column {spec}: expected FIELD=Header, e.g. time=\"Publish time\""))
        })?;
        let slot = match field.trim().to_ascii_lowercase().as_str() {
            "time" | "date" => &mut cols.time,
            "network" => &mut cols.network,
            "impressions" | "reach" => &mut cols.impressions,
            "engagements" => &mut cols.engagements,
            "likes" | "reactions" => &mut cols.likes,
            "comments" | "replies" => &mut cols.comments,
            "shares" | "reposts" | "retweets" => &mut cols.shares,
            "text" => &mut cols.text,
            other => return Err(CliError::new(format!("--column {spec}: unknown field '{other}'. Use time, network, impressions, engagements, likes, comments, shares or text"))),
        };
        slot.push(header.trim().trim_matches('"').to_string());
    }
    let opts = ImportOptions {
        preset: source.preset.unwrap_or(default_preset),
        columns: cols,
        tz: tz.or_else(|| source.history_tz.clone()),
        date_format: source.date_format,
        network,
    };
    let name = if path == "-" { "standard input" } else { path };
    import_csv(&text, &opts).map_err(|e| CliError::new(format!("{name}: {e}")))
}

/// Runs `porte-voix history ...`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        Sub::Import(a) => import(a),
    }
}

fn import(a: ImportArgs) -> Result<ExitCode, CliError> {
    let preset =
        a.source.preset.ok_or_else(|| CliError::new("--preset is required: x, linkedin, meta or generic"))?;
    let report = load(&a.file, &a.source, a.tz.clone(), a.network.clone(), preset)?;
    if a.format == "json" {
        let json = serde_json::to_string_pretty(&report).map_err(|e| CliError::new(e.to_string()))?;
        println!("{json}");
    } else {
        println!(
            "{}: {} row(s) read, {} imported, {} skipped",
            a.file,
            report.rows,
            report.records.len(),
            report.errors.len()
        );
        println!(
            "columns: {}",
            report.columns_used.iter().map(|(f, h)| format!("{f} ← \"{h}\"")).collect::<Vec<_>>().join(", ")
        );
        let mut nets: Vec<(String, usize)> = Vec::new();
        for r in &report.records {
            match nets.iter_mut().find(|(n, _)| *n == r.network) {
                Some(e) => e.1 += 1,
                None => nets.push((r.network.clone(), 1)),
            }
        }
        for (n, c) in &nets {
            let recs: Vec<_> = report.records.iter().filter(|r| &r.network == n).collect();
            let first = recs.iter().map(|r| r.posted_at).min();
            let last = recs.iter().map(|r| r.posted_at).max();
            let mut rates: Vec<f64> = recs.iter().filter_map(|r| r.engagement_rate).collect();
            rates.sort_by(|a, b| a.total_cmp(b));
            let med = rates
                .get(rates.len() / 2)
                .map(|m| format!(", median engagement rate {:.2}%", m * 100.0))
                .unwrap_or_default();
            if let (Some(f), Some(l)) = (first, last) {
                println!(
                    "  {n}: {c} post(s) from {} to {}{med}",
                    f.format("%Y-%m-%d %H:%M UTC"),
                    l.format("%Y-%m-%d %H:%M UTC")
                );
            }
        }
        for w in &report.warnings {
            println!("warning: {w}");
        }
        for e in &report.errors {
            println!("skipped {e}");
        }
    }
    if report.records.is_empty() {
        eprintln!("porte-voix: {}: nothing could be imported", a.file);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
