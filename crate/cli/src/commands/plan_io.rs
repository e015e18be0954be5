//! `porte-voix plan export` and `porte-voix plan import`: the plan file to and from iCalendar, CSV
//! (Porte-voix's layout, Hootsuite and Buffer bulk files) and another plan file or backup.
//!
//! The formats themselves are the core's (`plan::ics`, `plan::csv`; see docs/plan-ics.md and
//! docs/plan-csv.md); this module only reads and writes files and reports. An import adds every
//! record it could read, each saved as a change made on this device (importing the same file twice
//! changes nothing; a row edited in a spreadsheet updates its post), and lists every problem as
//! `FILE:LINE: field: what is wrong and what to do`.
//!
//! Exit codes of `import`: 0 when the file was read without a remark, 1 when something was skipped
//! or read differently than written (every case listed on standard error, the rest imported and
//! saved), 2 when nothing could be imported (the plan file is then left as it was).

use super::plan::{now, save_plan};
use crate::error::CliError;
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::book::PlanBook;
use porte_voix_core::plan::file::read_plan;
use porte_voix_core::plan::merge::{edit, merge};
use porte_voix_core::plan::report::ImportProblem;
use porte_voix_core::plan::{csv, ics, Plan, Post};
use porte_voix_core::suggest::zone::TzDb;
use std::process::ExitCode;

/// Arguments of `plan export`.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("export_format").required(true).args(["ics", "csv"])))]
pub struct ExportArgs {
    /// Write an iCalendar file (one event per scheduled post, with its time zone).
    #[arg(long)]
    ics: bool,
    /// Write a CSV file in Porte-voix's layout (docs/plan-csv.md).
    #[arg(long)]
    csv: bool,
    /// Where to write (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// CSV: separate cells with `;` (what French Excel expects).
    #[arg(long, requires = "csv")]
    semicolon: bool,
    /// CSV: start with a byte-order mark (so Excel reads accents right).
    #[arg(long, requires = "csv")]
    bom: bool,
    /// iCalendar: length of each event, in minutes.
    #[arg(long, default_value_t = 15, requires = "ics")]
    duration: u32,
}

/// What `plan import` reads.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// iCalendar (.ics).
    Ics,
    /// CSV in Porte-voix's layout, or any layout recognised from its header.
    Csv,
    /// Hootsuite's bulk-composer CSV (date, message, link).
    Hootsuite,
    /// Buffer's bulk-upload CSV.
    Buffer,
    /// Another plan file or an extension backup (JSON), merged into this plan.
    Backup,
}

/// How slash dates are read (`plan import --date-order`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrderArg {
    /// Decided from the file (a day above 12, or the separator), and said so.
    Auto,
    /// DD/MM/YYYY.
    DayFirst,
    /// MM/DD/YYYY.
    MonthFirst,
}

/// Arguments of `plan import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The file to import (`-`: standard input).
    file: String,
    /// Its format (default: from the extension: .ics, .json, else CSV with the layout read from the header).
    #[arg(long, value_enum)]
    format: Option<ImportFormat>,
    /// IANA zone of times written without one (default UTC).
    #[arg(long, default_value = "UTC")]
    tz: String,
    /// Networks of the posts of a Hootsuite or Buffer file (repeatable; those files do not say).
    #[arg(long = "network")]
    networks: Vec<String>,
    /// How slash dates (03/04/2026) are read.
    #[arg(long, value_enum, default_value = "auto")]
    date_order: DateOrderArg,
}

/// Writes `book`, the plan read from `path`, as iCalendar or CSV.
pub fn export(path: &str, book: &PlanBook, args: ExportArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let plan = book.to_plan();
    let mut code = ExitCode::SUCCESS;
    let text = if args.ics {
        let calendar = ics::export_calendar(
            &plan,
            &TzDb,
            &ics::ExportOptions { duration_minutes: args.duration.max(1) },
        );
        for left in &calendar.left_out {
            let why = if lang == Lang::Fr { left.reason.french() } else { left.reason.to_string() };
            eprintln!("porte-voix: {path}: post {}: {why}", left.post_id);
            code = ExitCode::from(1);
        }
        calendar.ics
    } else {
        csv::export_csv(&plan, &TzDb, csv::ExportOptions { semicolon: args.semicolon, bom: args.bom })
    };
    match &args.out {
        Some(out) => std::fs::write(out, text.as_bytes())
            .map_err(|e| CliError::new(format!("{out}: cannot write the export: {e}")))?,
        None => print!("{text}"),
    }
    Ok(code)
}

/// Imports `args.file` into `book`, the plan read from `path`, and saves it there.
pub fn import(path: &str, book: &PlanBook, args: ImportArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let data = read_bytes(&args.file)?;
    let device = book.device().to_string();
    let mut plan = book.to_plan();
    let now = now();
    let format = args.format.unwrap_or_else(|| guess_format(&args.file));
    let (posts, problems) = match format {
        ImportFormat::Backup => return import_backup(path, &args.file, &data, plan, lang),
        ImportFormat::Ics => {
            let read = ics::import_calendar(&data, &TzDb, &ics::ImportOptions { zone: args.tz.clone(), now });
            (read.posts, read.problems)
        }
        ImportFormat::Csv | ImportFormat::Hootsuite | ImportFormat::Buffer => {
            let layout = match format {
                ImportFormat::Hootsuite => csv::Layout::Hootsuite,
                ImportFormat::Buffer => csv::Layout::Buffer,
                _ => csv::Layout::Auto,
            };
            let date_order = match args.date_order {
                DateOrderArg::Auto => csv::DateOrder::Auto,
                DateOrderArg::DayFirst => csv::DateOrder::DayFirst,
                DateOrderArg::MonthFirst => csv::DateOrder::MonthFirst,
            };
            let opts = csv::ImportOptions {
                layout,
                zone: args.tz.clone(),
                networks: args.networks.clone(),
                date_order,
                now,
            };
            let read = csv::import_csv(&data, &TzDb, &opts);
            (read.posts, read.problems)
        }
    };
    report_problems(&args.file, &problems, lang);
    if posts.is_empty() {
        return Err(CliError::new(match lang {
            Lang::Fr => {
                format!("{}: aucune publication n'a pu être importée ; {path} n'a pas été modifié", args.file)
            }
            Lang::En => format!("{}: no post could be imported; {path} unchanged", args.file),
        }));
    }
    let (mut added, mut updated, mut same) = (0, 0, 0);
    for post in posts {
        let existed = plan.posts.iter().any(|p| p.meta.id == post.meta.id);
        if !edit::<Post>(&mut plan, post, &device, now) {
            same += 1;
        } else if existed {
            updated += 1;
        } else {
            added += 1;
        }
    }
    save_plan(path, &plan)?;
    println!("{}", match lang {
        Lang::Fr => format!("{added} publication(s) ajoutée(s), {updated} mise(s) à jour, {same} inchangée(s) ; {} remarque(s)", problems.len()),
        Lang::En => format!("{added} post(s) added, {updated} updated, {same} unchanged; {} problem(s)", problems.len()),
    });
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Merges a plan file or backup into the plan: edits on both sides are kept (concurrent ones as
/// conflicts), records the other file could not read go to the quarantine.
fn import_backup(path: &str, file: &str, data: &[u8], plan: Plan, lang: Lang) -> Result<ExitCode, CliError> {
    let text = std::str::from_utf8(data).map_err(|e| {
        CliError::new(format!("{file}: not valid UTF-8 at byte {}: a backup is UTF-8 JSON", e.valid_up_to()))
    })?;
    let other = read_plan(text).map_err(|e| {
        let at = e.position().map(|(line, column)| format!(":{line}:{column}")).unwrap_or_default();
        CliError::new(format!("{file}{at}: {} ({path} unchanged)", e.message(lang)))
    })?;
    let before_quarantine = plan.quarantine.len();
    let merged = merge(&plan, &other.plan);
    let set_aside = merged.quarantine.len().saturating_sub(before_quarantine);
    for q in other.plan.quarantine.iter() {
        eprintln!("{file}: a record of \"{}\" was kept aside in the quarantine: {}", q.collection, q.reason);
    }
    save_plan(path, &merged)?;
    let live = merged.posts.iter().filter(|p| !p.meta.deleted).count();
    println!("{}", match lang {
        Lang::Fr => format!("{file} fusionné : {live} publication(s), {} conflit(s) à résoudre, {set_aside} enregistrement(s) en quarantaine", merged.conflicts.len()),
        Lang::En => format!("{file} merged: {live} post(s), {} conflict(s) to resolve, {set_aside} record(s) in quarantine", merged.conflicts.len()),
    });
    Ok(if other.plan.quarantine.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Every problem on standard error as `FILE:LINE: field: message`, in `lang`.
fn report_problems(file: &str, problems: &[ImportProblem], lang: Lang) {
    for p in problems {
        let at = if p.line > 0 { format!(":{}", p.line) } else { String::new() };
        let field = p.field.as_deref().map(|f| format!(" {f}:")).unwrap_or_default();
        let message = if lang == Lang::Fr { &p.fr } else { &p.en };
        eprintln!("{file}{at}:{field} {message} [{}]", p.code);
    }
}

/// The format a file's name suggests: `.ics`, `.json`, else CSV.
fn guess_format(file: &str) -> ImportFormat {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".ics") || lower.ends_with(".ical") {
        ImportFormat::Ics
    } else if lower.ends_with(".json") {
        ImportFormat::Backup
    } else {
        ImportFormat::Csv
    }
}

/// The bytes of `file` (`-`: standard input): the importers decode them and report bad encodings.
fn read_bytes(file: &str) -> Result<Vec<u8>, CliError> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
        return Ok(buf);
    }
    std::fs::read(file).map_err(|e| {
        CliError::new(format!("cannot read {file}: {e}. Check the path and that the file is readable."))
    })
}
