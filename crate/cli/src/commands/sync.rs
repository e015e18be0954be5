//! `porte-voix sync --caldav URL --plan FILE`: two-way sync of a plan file with the team's CalDAV
//! calendar (Nextcloud, Radicale...). The logic is the core's (`porte_voix_core::caldav`); this
//! module only sends its requests over HTTP(S) and saves the plan.
//!
//! Credentials come from the environment (`PORTE_VOIX_CALDAV_USER`, `PORTE_VOIX_CALDAV_PASSWORD`),
//! never from the command line, where other users of the machine could see them. The plan file is
//! written atomically, also when the sync stops half-way (server down): what was done is kept and
//! what was not stays queued for the next run.

use std::io::Read;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use base64::Engine as _;
use porte_voix_core::caldav::http::{Request, Response};
use porte_voix_core::caldav::{CaldavError, SyncOptions, SyncReport, SyncRun};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::book::PlanBook;
use porte_voix_core::suggest::zone::TzDb;

use super::plan::{open, save};
use crate::error::CliError;

/// Environment variable holding the user name.
pub const USER_VAR: &str = "PORTE_VOIX_CALDAV_USER";
/// Environment variable holding the password (for Nextcloud, an app password).
pub const PASSWORD_VAR: &str = "PORTE_VOIX_CALDAV_PASSWORD";
/// Longest wait for one request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How often the plan file is saved while a long sync runs.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

/// Arguments of `porte-voix sync`.
#[derive(clap::Args)]
pub struct Args {
    /// The CalDAV server, principal or calendar address (https://cloud.example.org/remote.php/dav).
    #[arg(long, value_name = "URL")]
    caldav: String,
    /// The plan file to sync (created if absent).
    #[arg(long, value_name = "FILE")]
    plan: String,
    /// IANA zone for events made in calendar apps that carry no zone.
    #[arg(long, default_value = "UTC")]
    tz: String,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Language of the messages.
    #[arg(long, default_value = "en", value_parser = ["fr", "en"])]
    lang: String,
}

/// Runs the sync; exit 0 when complete, 2 with a message otherwise (the plan is saved either way).
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let lang = Lang::parse(&args.lang).unwrap_or(Lang::En);
    let auth = credentials(lang)?;
    let book = open(&args.plan, true, lang)?;
    let device = book.device().to_string();
    let opts = SyncOptions {
        server: args.caldav.clone(),
        device: device.clone(),
        zone: args.tz.clone(),
        now: now(),
    };
    let mut run = SyncRun::new(book.to_plan(), &TzDb, opts).map_err(|e| CliError::new(e.message(lang)))?;
    let agent = agent();
    let mut saved_at = Instant::now();
    while let Some(request) = run.next_request().cloned() {
        run.receive(send(&agent, &request, auth.as_deref()));
        if saved_at.elapsed() >= CHECKPOINT_EVERY {
            save(&args.plan, &PlanBook::from_plan(run.plan(), &device))?;
            saved_at = Instant::now();
        }
    }
    let outcome = run.finish();
    let versions = conflict_versions(&outcome.plan);
    save(&args.plan, &PlanBook::from_plan(outcome.plan, &device))?;
    if args.json {
        let error = outcome.error.as_ref().map(|e| e.message(lang));
        let json = serde_json::json!({ "report": outcome.report, "error": error });
        println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
    } else {
        print_report(&outcome.report, lang);
        for (id, text, shown) in &versions {
            let tag = match (lang, shown) {
                (Lang::Fr, true) => "affichée",
                (Lang::Fr, false) => "gardée",
                (Lang::En, true) => "shown",
                (Lang::En, false) => "kept",
            };
            println!("  {id} [{tag}] {text}");
        }
    }
    match outcome.error {
        None => Ok(ExitCode::SUCCESS),
        Some(e) => Err(CliError::new(failure(&e, &args.plan, lang))),
    }
}

/// The `Authorization` header value from the environment; `None` without a user name. A user
/// without a password is refused (a typo in the variable's name would otherwise look like a
/// wrong password).
fn credentials(lang: Lang) -> Result<Option<String>, CliError> {
    let user = std::env::var(USER_VAR).ok().filter(|u| !u.is_empty());
    let password = std::env::var(PASSWORD_VAR).ok();
    match (user, password) {
        (None, _) => Ok(None),
        (Some(_), None) => Err(CliError::new(match lang {
            Lang::Fr => format!("{USER_VAR} est défini mais pas {PASSWORD_VAR} : définissez les deux (le mot de passe ne se donne jamais sur la ligne de commande)"),
            Lang::En => format!("{USER_VAR} is set but {PASSWORD_VAR} is not: set both (the password is never given on the command line)"),
        })),
        (Some(user), Some(password)) => Ok(Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))))),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .allow_non_standard_methods(true)
        .max_redirects(0)
        .timeout_global(Some(REQUEST_TIMEOUT))
        .user_agent(concat!("porte-voix/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Sends `request`; the answer, or the client's message when there was none.
fn send(agent: &ureq::Agent, request: &Request, auth: Option<&str>) -> Result<Response, String> {
    let method = ureq::http::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut builder = ureq::http::Request::builder().method(method).uri(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(auth) = auth {
        builder = builder.header("Authorization", auth);
    }
    let built = builder.body(request.body.clone()).map_err(|e| e.to_string())?;
    let mut response = agent.run(built).map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let mut body = String::new();
    response.body_mut().as_reader().read_to_string(&mut body).map_err(|e| e.to_string())?;
    Ok(Response { status, headers, body })
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
}

fn print_report(r: &SyncReport, lang: Lang) {
    let calendar = r.calendar.as_deref().unwrap_or("?");
    match lang {
        Lang::Fr => {
            println!("agenda : {calendar}");
            println!(
                "reçus : {}, envoyés : {}, supprimés ici : {}, supprimés sur le serveur : {}",
                r.received, r.sent, r.deleted_here, r.deleted_there
            );
        }
        Lang::En => {
            println!("calendar: {calendar}");
            println!(
                "received: {}, sent: {}, deleted here: {}, deleted on the server: {}",
                r.received, r.sent, r.deleted_here, r.deleted_there
            );
        }
    }
    for id in &r.conflicts {
        match lang {
            Lang::Fr => println!("conflit : la publication {id} a été modifiée des deux côtés ; les deux versions sont gardées, gardez la bonne version avec `porte-voix plan set {id} ...`, ce qui règle le conflit pour toute l'équipe"),
            Lang::En => println!("conflict: post {id} was changed on both sides; both versions are kept, save the right one with `porte-voix plan set {id} ...`, which resolves it for the whole team"),
        }
    }
    for id in &r.not_scheduled {
        match lang {
            Lang::Fr => println!("gardée ici : la publication {id} n'a pas d'heure prévue ; elle sera envoyée une fois planifiée"),
            Lang::En => println!("kept here: post {id} has no scheduled time; it is sent once scheduled"),
        }
    }
    for (url, why) in &r.unreadable {
        match lang {
            Lang::Fr => println!("illisible : {url} : {why}"),
            Lang::En => println!("unreadable: {url}: {why}"),
        }
    }
    if r.queued > 0 {
        match lang {
            Lang::Fr => println!("en attente : {} modification(s)", r.queued),
            Lang::En => println!("queued: {} change(s)", r.queued),
        }
    }
}

/// For each post in conflict, every version: (id, first line of its text, whether it is the one
/// shown).
fn conflict_versions(plan: &porte_voix_core::plan::Plan) -> Vec<(String, String, bool)> {
    let first_line = |p: &porte_voix_core::plan::Post| {
        let line = p.text.lines().next().unwrap_or_default();
        if p.meta.deleted {
            format!("(deleted) {line}")
        } else {
            line.to_string()
        }
    };
    let mut out = Vec::new();
    for conflict in &plan.conflicts {
        let porte_voix_core::plan::merge::PlanRecord::Post(kept) = &conflict.version else { continue };
        if !out.iter().any(|(id, _, shown): &(String, String, bool)| id == &conflict.id && *shown) {
            if let Some(shown) = plan.posts.iter().find(|p| p.meta.id == conflict.id) {
                out.push((conflict.id.clone(), first_line(shown), true));
            }
        }
        out.push((conflict.id.clone(), first_line(kept), false));
    }
    out
}

/// The final message of a sync that stopped: the error, then what happened to the changes.
fn failure(e: &CaldavError, plan: &str, lang: Lang) -> String {
    let saved = match (lang, e.retryable()) {
        (Lang::Fr, true) => format!("{plan} est enregistré ; relancez `porte-voix sync` plus tard"),
        (Lang::En, true) => format!("{plan} is saved; run `porte-voix sync` again later"),
        (Lang::Fr, false) => format!("{plan} est enregistré, rien n'est perdu"),
        (Lang::En, false) => format!("{plan} is saved, nothing is lost"),
    };
    format!("{} ({saved})", e.message(lang))
}
