//! `porte-voix plan`: the editorial plan in a plan file (the same JSON as the extension's backup).
//!
//! `list`, `add`, `show`, `set`, `delete`. Reading keeps every record that does not read in the
//! file's quarantine (and says so on standard error); writing goes to a temporary file renamed
//! over the plan, so a crash never leaves half a file. `export` and `import` (iCalendar, CSV,
//! Hootsuite, Buffer, backups) are in [`super::plan_io`].

use crate::error::CliError;
use crate::input::read_text;
use chrono::{DateTime, Utc};
use porte_voix_core::guide::{self, Format};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::book::{PlanBook, PostFields, Query};
use porte_voix_core::plan::file::{read_plan, write_plan};
use porte_voix_core::plan::review::{parse_status, status_name, Actor, Role, SensitiveTerms};
use porte_voix_core::plan::when::{parse_instant, wall_clock};
use porte_voix_core::plan::{Plan, Post, Schedule, Status};
use porte_voix_core::suggest::zone::TzDb;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `porte-voix plan`.
#[derive(clap::Args)]
pub struct Args {
    /// The plan file (JSON, the extension's backup format). `add` creates it if absent.
    #[arg(long, global = true, value_name = "FILE")]
    plan: Option<String>,
    /// Who acts, for the review trail (default: $USER).
    #[arg(long = "as", global = true, value_name = "NAME")]
    actor: Option<String>,
    /// Role in the review flow: writer, intern, approver or admin.
    #[arg(long, global = true, default_value = "writer", value_parser = parse_role)]
    role: Role,
    /// Style guide (TOML or .json): its `terms.sensitive` words force review (without one, only
    /// interns need review); `conflicts` follows its posting rules and length limits.
    #[arg(long, global = true)]
    guide: Option<String>,
    /// Language of the messages.
    #[arg(long, global = true, default_value = "en", value_parser = ["fr", "en"])]
    lang: String,
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// List posts: scheduled ones by time in [--from, --to), then unscheduled ones.
    List(ListArgs),
    /// Add a post.
    Add(AddArgs),
    /// Show one post in full.
    Show(ShowArgs),
    /// Change a post: status (through the review flow), time, text, networks...
    Set(SetArgs),
    /// Delete a post (kept as a tombstone so the delete reaches other copies).
    Delete(IdArgs),
    /// Write the plan as iCalendar (--ics) or CSV (--csv).
    Export(super::plan_io::ExportArgs),
    /// Import an iCalendar, CSV, Hootsuite, Buffer or backup file into the plan (exit 1: some rows skipped).
    Import(super::plan_io::ImportArgs),
    /// List the calendar's conflicts, under the --guide's posting rules (exit 1: some found).
    Conflicts(super::plan_conflicts::ConflictsArgs),
}

/// `list` output.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    /// An aligned table.
    Table,
    /// `{ "scheduled": [...], "unscheduled": [...] }`.
    Json,
}

/// A period given on the command line (`plan list`, `plan conflicts`).
#[derive(clap::Args)]
pub struct PeriodArgs {
    /// First day or time included (2026-12-01, 2026-12-01T09:00, or RFC 3339).
    #[arg(long)]
    from: Option<String>,
    /// First day or time excluded.
    #[arg(long)]
    to: Option<String>,
    /// Zone of --from/--to without an offset (default UTC).
    #[arg(long, default_value = "UTC")]
    tz: String,
}

/// One end of a period: `None` leaves that side open.
pub type PeriodEnd = Option<DateTime<Utc>>;

impl PeriodArgs {
    /// The instants of --from and --to, each absent when not given; an error names the flag.
    pub fn instants(&self) -> Result<(PeriodEnd, PeriodEnd), CliError> {
        let instant = |flag: &str, v: &Option<String>| -> Result<PeriodEnd, CliError> {
            v.as_ref()
                .map(|s| {
                    parse_instant(s, Some(&self.tz), &TzDb).map_err(|e| CliError::new(format!("{flag}: {e}")))
                })
                .transpose()
        };
        Ok((instant("--from", &self.from)?, instant("--to", &self.to)?))
    }
}

#[derive(clap::Args)]
struct ListArgs {
    #[command(flatten)]
    period: PeriodArgs,
    /// Only posts to this network (repeatable).
    #[arg(long = "network")]
    networks: Vec<String>,
    /// Only posts in this status (repeatable): idea, draft, in-review, approved, scheduled, published.
    #[arg(long = "status", value_parser = parse_status_arg)]
    statuses: Vec<Status>,
    /// Only posts of this pillar (repeatable).
    #[arg(long = "pillar")]
    pillars: Vec<String>,
    /// Only posts of this campaign (repeatable).
    #[arg(long = "campaign")]
    campaigns: Vec<String>,
    /// Only posts assigned to this person (repeatable; no case or accents).
    #[arg(long = "assignee")]
    assignees: Vec<String>,
    /// Only posts whose text, variants or notes contain this.
    #[arg(long)]
    text: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

/// Fields `add` and `set` share.
#[derive(clap::Args)]
struct PostArgs {
    /// The post's text (see also --text-file); it may start with `-` (`--text "-10 % today"`).
    #[arg(long, conflicts_with = "text_file", allow_hyphen_values = true)]
    text: Option<String>,
    /// Read the text from a file (`-`: standard input).
    #[arg(long)]
    text_file: Option<String>,
    /// Network (repeatable; `set` replaces the list).
    #[arg(long = "network")]
    networks: Vec<String>,
    /// When it goes out: 2026-12-01T09:00 with --tz, or RFC 3339 with an offset.
    #[arg(long)]
    at: Option<String>,
    /// IANA zone the post is planned in (Europe/Paris).
    #[arg(long)]
    tz: Option<String>,
    /// Pillar id (`""` clears it).
    #[arg(long)]
    pillar: Option<String>,
    /// Campaign id (`""` clears it).
    #[arg(long)]
    campaign: Option<String>,
    /// Who handles it (`""` clears it).
    #[arg(long)]
    assignee: Option<String>,
    /// Team notes.
    #[arg(long)]
    notes: Option<String>,
    /// Status, through the review flow: idea, draft, in-review, approved, scheduled, published.
    #[arg(long, value_parser = parse_status_arg)]
    status: Option<Status>,
    /// Review comment (required when an approver sends a post back to draft).
    #[arg(long)]
    comment: Option<String>,
}

#[derive(clap::Args)]
struct AddArgs {
    #[command(flatten)]
    post: PostArgs,
    /// The new post's id (default: a random one, printed).
    #[arg(long)]
    id: Option<String>,
}

#[derive(clap::Args)]
struct SetArgs {
    /// The post's id.
    id: String,
    #[command(flatten)]
    post: PostArgs,
    /// Remove the post's time.
    #[arg(long, conflicts_with = "at")]
    unschedule: bool,
}

#[derive(clap::Args)]
struct ShowArgs {
    /// The post's id.
    id: String,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(clap::Args)]
struct IdArgs {
    /// The post's id.
    id: String,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role '{s}'. Use writer, intern, approver or admin"))
}

fn parse_status_arg(s: &str) -> Result<Status, String> {
    parse_status(s).ok_or_else(|| {
        format!("unknown status '{s}'. Use idea, draft, in-review, approved, scheduled or published")
    })
}

/// Runs `porte-voix plan ...`.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let path = args
        .plan
        .clone()
        .ok_or_else(|| CliError::new("--plan FILE is required: the plan file to read (and write)"))?;
    let actor = Actor {
        name: args.actor.clone().or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "cli".into()),
        role: args.role,
    };
    let lang = Lang::parse(&args.lang).unwrap_or(Lang::En);
    let create = matches!(args.command, Sub::Add(_) | Sub::Import(_));
    let mut book = open(&path, create, lang)?;
    book.set_actor(actor);
    let compiled = match &args.guide {
        Some(g) => {
            let text = read_text(Some(g))?;
            let compiled = guide::compile(&text, Format::from_path(g)).map_err(|errors| {
                CliError::new(errors.iter().map(|e| format!("{g}:{e}")).collect::<Vec<_>>().join("\n"))
            })?;
            book.set_sensitive_terms(SensitiveTerms::from_guide(&compiled));
            Some(compiled)
        }
        None => None,
    };
    let now = now();
    let unchanged = |e: porte_voix_core::plan::book::BookError| match lang {
        Lang::Fr => CliError::new(format!("{} ({path} n'a pas été modifié)", e.message(lang))),
        Lang::En => CliError::new(format!("{} ({path} unchanged)", e.message(lang))),
    };
    match args.command {
        Sub::List(a) => list(&book, a),
        Sub::Show(a) => {
            let post = book.post(&a.id).map_err(|e| CliError::new(e.message(lang)))?;
            if a.format == "json" {
                println!("{}", serde_json::to_string_pretty(post).map_err(|e| CliError::new(e.to_string()))?);
            } else {
                print!("{}", describe(post));
            }
            Ok(ExitCode::SUCCESS)
        }
        Sub::Add(a) => {
            let fields = a.post.fields(None)?;
            let id = book.create_post(fields, a.id.as_deref(), None, now).map_err(unchanged)?.meta.id.clone();
            save(&path, &book)?;
            println!("{id}");
            Ok(ExitCode::SUCCESS)
        }
        Sub::Set(a) => {
            let zone = book.post(&a.id).map_err(unchanged)?.schedule.as_ref().map(|s| s.zone.clone());
            let mut fields = a.post.fields(zone.as_deref())?;
            if a.unschedule {
                fields.schedule = Some(None);
            }
            book.update_post(&a.id, fields, None, now).map_err(unchanged)?;
            save(&path, &book)?;
            print!("{}", describe(book.post(&a.id).map_err(unchanged)?));
            Ok(ExitCode::SUCCESS)
        }
        Sub::Delete(a) => {
            book.delete_post(&a.id, now).map_err(unchanged)?;
            save(&path, &book)?;
            println!("deleted {}", a.id);
            Ok(ExitCode::SUCCESS)
        }
        Sub::Export(a) => super::plan_io::export(&path, &book, a, lang),
        Sub::Import(a) => super::plan_io::import(&path, &book, a, lang),
        Sub::Conflicts(a) => super::plan_conflicts::run(&book, compiled.as_ref(), a, lang, now),
    }
}

impl PostArgs {
    /// The fields given; a time without --tz is read in `current_zone` (the post's, for `set`).
    fn fields(&self, current_zone: Option<&str>) -> Result<PostFields, CliError> {
        let text = match (&self.text, &self.text_file) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(f)) => Some(crate::input::read_draft(Some(f))?),
            (None, None) => None,
        };
        let schedule = match &self.at {
            Some(at) => {
                let zone = self.tz.as_deref().or(current_zone);
                let instant =
                    parse_instant(at, zone, &TzDb).map_err(|e| CliError::new(format!("--at: {e}")))?;
                Some(Some(Schedule { at: instant, zone: zone.unwrap_or("UTC").to_string() }))
            }
            None if self.tz.is_some() => {
                return Err(CliError::new(
                    "--tz without --at: give the time too, e.g. --at 2026-12-01T09:00 --tz Europe/Paris",
                ))
            }
            None => None,
        };
        let clear = |v: &Option<String>| v.as_ref().map(|s| Some(s.clone()).filter(|s| !s.is_empty()));
        Ok(PostFields {
            text,
            networks: (!self.networks.is_empty()).then(|| self.networks.clone()),
            pillar: clear(&self.pillar),
            campaign: clear(&self.campaign),
            assignee: clear(&self.assignee),
            notes: self.notes.clone(),
            schedule,
            status: self.status,
            comment: self.comment.clone(),
            ..PostFields::default()
        })
    }
}

/// The current time to the millisecond, as the extension stamps records (the core reads no clock).
pub fn now() -> DateTime<Utc> {
    let now = DateTime::<Utc>::from(std::time::SystemTime::now());
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// Reads the plan file at `path` into a book (`create`: an absent file is an empty plan).
/// Records that do not read are kept in the quarantine and listed on standard error.
pub fn open(path: &str, create: bool, lang: Lang) -> Result<PlanBook, CliError> {
    let device = std::env::var("PORTE_VOIX_DEVICE")
        .ok()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(default_device);
    let mut book = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            PlanBook::from_plan(Plan::default(), &device)
        }
        _ => {
            let text = read_text(Some(path))?;
            let read = read_plan(&text).map_err(|e| CliError::new(format!("{path}: {}", e.message(lang))))?;
            if let Some(v) = read.migrated_from {
                eprintln!("porte-voix: {path}: plan format {v} read and will be saved in the current format");
            }
            for q in &read.plan.quarantine {
                eprintln!(
                    "porte-voix: {path}: a record of \"{}\" is kept aside in the quarantine: {}",
                    q.collection, q.reason
                );
            }
            PlanBook::from_plan(read.plan, &device)
        }
    };
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ (u64::from(std::process::id()) << 32);
    book.set_seed(seed);
    book.set_zone_resolver(Box::new(TzDb));
    Ok(book)
}

/// This machine's device id for version vectors: `cli-` and the host name.
fn default_device() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    format!("cli-{}", host.unwrap_or_else(|| "local".into()))
}

/// Writes the book to `path` atomically: a temporary file next to it, flushed, then renamed over.
pub fn save(path: &str, book: &PlanBook) -> Result<(), CliError> {
    save_plan(path, &book.to_plan())
}

/// Writes `plan` to `path` atomically, as [`save`] does.
pub fn save_plan(path: &str, plan: &Plan) -> Result<(), CliError> {
    let text = write_plan(plan).map_err(|e| CliError::new(format!("{path}: cannot write the plan: {e}")))?;
    let target = Path::new(path);
    let name =
        target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "plan.json".into());
    let tmp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CliError::new(format!("{path}: cannot save the plan: {e}. The file was not changed."))
    })
}

fn list(book: &PlanBook, a: ListArgs) -> Result<ExitCode, CliError> {
    let (from, to) = a.period.instants()?;
    let query = Query {
        from,
        to,
        networks: a.networks.clone(),
        pillars: a.pillars.clone(),
        campaigns: a.campaigns.clone(),
        assignees: a.assignees.clone(),
        statuses: a.statuses.clone(),
        text: a.text.clone(),
    };
    let found = book.query(&query);
    if a.format == ListFormat::Json {
        println!("{}", serde_json::to_string_pretty(&found).map_err(|e| CliError::new(e.to_string()))?);
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[String; 5]> = found.scheduled.iter().chain(&found.unscheduled).map(|p| row(p)).collect();
    let header = ["WHEN", "STATUS", "NETWORKS", "ID", "TEXT"].map(String::from);
    let mut widths = [0usize; 4];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for r in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (w, cell) in widths.iter().zip(r.iter()) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
        line.push_str(&r[4]);
        println!("{}", line.trim_end());
    }
    if rows.is_empty() {
        println!("(no post matches)");
    }
    Ok(ExitCode::SUCCESS)
}

/// One table row: when (in the post's zone), status, networks, id, the text's first line.
fn row(p: &Post) -> [String; 5] {
    let when = p
        .schedule
        .as_ref()
        .map(|s| format!("{} {}", wall_clock(s.at, &s.zone, &TzDb), s.zone))
        .unwrap_or_else(|| "—".into());
    let first = p.text.lines().next().unwrap_or("");
    let mut text: String = first.chars().take(60).collect();
    if first.chars().count() > 60 || p.text.lines().count() > 1 {
        text.push('…');
    }
    [when, status_name(p.status).into(), p.networks.join(","), p.meta.id.clone(), text]
}

/// A post in full, for `show` and `set`.
fn describe(p: &Post) -> String {
    let mut out = format!("id:       {}\nstatus:   {}\n", p.meta.id, status_name(p.status));
    if let Some(s) = &p.schedule {
        out.push_str(&format!(
            "when:     {} {} ({})\n",
            wall_clock(s.at, &s.zone, &TzDb),
            s.zone,
            s.at.to_rfc3339()
        ));
    }
    out.push_str(&format!("networks: {}\n", p.networks.join(", ")));
    for (label, value) in [("pillar", &p.pillar), ("campaign", &p.campaign), ("assignee", &p.assignee)] {
        if let Some(v) = value {
            out.push_str(&format!("{label}:{}{v}\n", " ".repeat(9 - label.len())));
        }
    }
    out.push_str(&format!("text:\n{}\n", indent(&p.text)));
    for (network, text) in &p.variants {
        out.push_str(&format!("variant {network}:\n{}\n", indent(text)));
    }
    if !p.notes.is_empty() {
        out.push_str(&format!("notes:\n{}\n", indent(&p.notes)));
    }
    for e in &p.review {
        let action = serde_json::to_value(e.action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let comment = if e.comment.is_empty() { String::new() } else { format!(": {}", e.comment) };
        out.push_str(&format!(
            "review:   {} {action} by {}{comment}\n",
            e.at.format("%Y-%m-%d %H:%MZ"),
            e.by
        ));
    }
    if let Some(at) = p.metrics.as_ref().and_then(|m| m.published_at) {
        out.push_str(&format!("published: {}\n", at.to_rfc3339()));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}
