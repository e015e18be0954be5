//! The plan as iCalendar (RFC 5545): one VEVENT per scheduled post, readable in any calendar app
//! and carrying every field of the post so that importing the export gives the post back exactly.
//!
//! [`export_calendar`] writes a whole plan (scheduled, non-deleted posts); [`export_event`] writes
//! one post as its own VCALENDAR object, as a CalDAV server stores it (one object per resource);
//! [`import_calendar`] and [`import_event`] read them back, and read events written by other
//! calendar apps too.
//!
//! # What an event holds
//!
//! | Property | Value |
//! |---|---|
//! | `UID` | the post id followed by [`UID_SUFFIX`] |
//! | `DTSTAMP`, `LAST-MODIFIED` / `CREATED` | the post's last change / creation (UTC) |
//! | `DTSTART` | the scheduled time: `TZID=<zone>` local time with a generated VTIMEZONE, or UTC (`…Z`) when the zone is UTC, unknown, or the local time is the second of a repeated hour |
//! | `DURATION` | [`ExportOptions::duration_minutes`] (`PT15M` by default) |
//! | `SUMMARY` | `[X, LinkedIn] first words…` |
//! | `DESCRIPTION` | the text, each variant under `── Network ──`, then `── Notes ──` |
//! | `CATEGORIES` | pillar and campaign names |
//! | `STATUS` | `CONFIRMED` (scheduled, published), `TENTATIVE` (earlier statuses), `CANCELLED` (deleted) |
//!
//! and the post itself, in `X-PORTE-VOIX-*` properties:
//!
//! | Property | Value |
//! |---|---|
//! | `X-PORTE-VOIX-SCHEMA` | the plan schema version ([`PLAN_SCHEMA_VERSION`]); newer ones are refused on import |
//! | `X-PORTE-VOIX-META` | the record's identity and change tracking ([`RecordMeta`]), JSON |
//! | `X-PORTE-VOIX-STATUS` | `idea`, `draft`, `in-review`, `approved`, `scheduled` or `published` |
//! | `X-PORTE-VOIX-TEXT` | the master text |
//! | `X-PORTE-VOIX-VARIANT;NETWORK=<id>` | one per network variant |
//! | `X-PORTE-VOIX-VARIANTS` | all variants as a JSON object, instead, when a network id holds a control character |
//! | `X-PORTE-VOIX-NETWORKS` | network ids, comma-separated |
//! | `X-PORTE-VOIX-PILLAR`, `-CAMPAIGN`, `-ASSIGNEE`, `-NOTES` | as in the plan file, when set |
//! | `X-PORTE-VOIX-IGNORED` | ignored findings, JSON |
//! | `X-PORTE-VOIX-REVIEW` | the review trail, JSON |
//! | `X-PORTE-VOIX-METRICS` | the figures, JSON |
//! | `X-PORTE-VOIX-ZONE` | the schedule's IANA zone, as written in the plan |
//! | `X-PORTE-VOIX-AT` | the exact scheduled instant (RFC 3339), only when it has a fraction of a second |
//!
//! Text values are escaped per RFC 5545 §3.3.11. TEXT cannot carry control characters other
//! than tab and line feed; a text property holding one (a carriage return, say) is written as a
//! JSON string instead and marked with the parameter `X-PORTE-VOIX-FORMAT=json`. Lines are folded
//! at 75 octets, never inside a UTF-8 sequence, and end in CRLF.
//!
//! On import `DTSTART` wins over everything else for the time, so an event moved in a calendar app
//! is rescheduled. Events without `X-PORTE-VOIX-*` properties become posts too: text from
//! `SUMMARY` and `DESCRIPTION`, status `scheduled` (a start time) or `idea` (a whole day, or no
//! start), id from the `UID`.

pub(crate) mod lines;
mod tz;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use self::lines::{
    escape_text, param_safe, readable, split_text_list, text_safe, LineError, Property, UnfoldNote, Writer,
};
use self::tz::{FileZones, ZoneDefinition, LOCAL_FORMAT};
use super::model::{Plan, Post, RecordMeta, Schedule, Status, PLAN_SCHEMA_VERSION};
use super::report::{stable_id, status_from_id, status_id, ImportProblem, Problems};
use crate::suggest::zone::{Zone, ZoneResolver};

/// Appended to a post id to make its event `UID` (a UID should be unique beyond one calendar).
pub const UID_SUFFIX: &str = "@porte-voix";

/// The `PRODID` of every object written.
pub const PRODID: &str = "-//Porte-voix//Editorial plan//EN";

const X_PREFIX: &str = "X-PORTE-VOIX-";
const FORMAT_PARAM: &str = "X-PORTE-VOIX-FORMAT";

/// How events are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Length of each event, in minutes (a post is an instant; calendars want a length).
    pub duration_minutes: u32,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { duration_minutes: 15 }
    }
}

/// Why a post is not written as an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ExportError {
    /// It has no scheduled time.
    NotScheduled,
    /// Its time falls outside the years 1–9999, which iCalendar cannot write.
    YearOutOfRange {
        /// The year.
        year: i32,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NotScheduled => {
                f.write_str("the post has no scheduled time: schedule it to put it in a calendar")
            }
            ExportError::YearOutOfRange { year } => write!(
                f,
                "the post is scheduled in the year {year}, which iCalendar cannot write: reschedule it"
            ),
        }
    }
}

impl ExportError {
    /// The message in French.
    pub fn french(&self) -> String {
        match self {
            ExportError::NotScheduled => {
                "la publication n'a pas d'heure prévue : planifiez-la pour la mettre dans un agenda".into()
            }
            ExportError::YearOutOfRange { year } => format!(
                "la publication est prévue en l'an {year}, qu'iCalendar ne sait pas écrire : replanifiez-la"
            ),
        }
    }
}

/// A post left out of a calendar export, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// The post's id.
    pub post_id: String,
    /// Why.
    pub reason: ExportError,
}

/// A whole plan as an iCalendar file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarExport {
    /// The `.ics` text.
    pub ics: String,
    /// Scheduled posts that could not be written (unscheduled and deleted posts are simply not
    /// calendar events and are not listed).
    pub left_out: Vec<LeftOut>,
}

/// The plan's scheduled, non-deleted posts as one VCALENDAR, with a VTIMEZONE for each zone used
/// (covering the years its posts fall in), zones resolved by `zones`.
pub fn export_calendar(plan: &Plan, zones: &dyn ZoneResolver, opts: &ExportOptions) -> CalendarExport {
    let mut left_out = Vec::new();
    let mut events: Vec<(&Post, Start)> = Vec::new();
    for post in plan.posts.iter().filter(|p| !p.meta.deleted && p.schedule.is_some()) {
        match start_of(post, zones) {
            Ok(start) => events.push((post, start)),
            Err(reason) => left_out.push(LeftOut { post_id: post.meta.id.clone(), reason }),
        }
    }
    let ics = write_calendar(&events, plan, zones, opts);
    CalendarExport { ics, left_out }
}

/// One post as its own VCALENDAR object (what a CalDAV server stores per resource). Deleted
/// posts are written too, with `STATUS:CANCELLED`.
pub fn export_event(
    post: &Post,
    plan: &Plan,
    zones: &dyn ZoneResolver,
    opts: &ExportOptions,
) -> Result<String, ExportError> {
    let start = start_of(post, zones)?;
    Ok(write_calendar(&[(post, start)], plan, zones, opts))
}

/// When an event starts, as it will be written.
#[derive(Debug, Clone)]
enum Start {
    /// `DTSTART:…Z`.
    Utc(DateTime<Utc>),
    /// `DTSTART;TZID=zone:local`.
    Zoned { zone: String, local: NaiveDateTime },
}

fn in_writable_years(year: i32) -> bool {
    (1..=9999).contains(&year)
}

fn is_utc_name(zone: &str) -> bool {
    [
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "GMT",
        "Etc/GMT",
        "Zulu",
        "Etc/Zulu",
        "Universal",
        "Etc/Universal",
        "Z",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(zone))
}

fn start_of(post: &Post, zones: &dyn ZoneResolver) -> Result<Start, ExportError> {
    let schedule = post.schedule.as_ref().ok_or(ExportError::NotScheduled)?;
    let at = schedule.at.trunc_subsecs(0);
    if !in_writable_years(at.year()) {
        return Err(ExportError::YearOutOfRange { year: at.year() });
    }
    let name = schedule.zone.trim();
    if is_utc_name(name) {
        return Ok(Start::Utc(at));
    }
    let Ok(zone) = Zone::new(zones, name, at) else { return Ok(Start::Utc(at)) };
    let Ok(local) = zone.local(at) else { return Ok(Start::Utc(at)) };
    let local = local.naive_local();
    if !in_writable_years(local.year()) {
        return Ok(Start::Utc(at));
    }
    // The local time must read back as this instant: in a repeated hour it reads as the first.
    match zone.instants_at(local) {
        Ok(LocalResult::Single(t) | LocalResult::Ambiguous(t, _)) if t == at => {
            Ok(Start::Zoned { zone: zone.name().to_string(), local })
        }
        _ => Ok(Start::Utc(at)),
    }
}

fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn write_calendar(
    events: &[(&Post, Start)],
    plan: &Plan,
    zones: &dyn ZoneResolver,
    opts: &ExportOptions,
) -> String {
    let mut years: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    for (_, start) in events {
        if let Start::Zoned { zone, local } = start {
            years.entry(zone.as_str()).or_default().insert(local.year());
        }
    }
    let mut timezones = String::new();
    let mut failed: HashSet<&str> = HashSet::new();
    for (zone, years) in &years {
        let mut w = Writer::default();
        match tz::write_vtimezone(&mut w, zone, years, zones) {
            Ok(()) => timezones.push_str(&w.finish()),
            Err(_) => {
                failed.insert(zone);
            }
        }
    }
    let mut w = Writer::default();
    w.begin("VCALENDAR");
    w.line("PRODID", &[], &escape_text(PRODID));
    w.line("VERSION", &[], "2.0");
    w.line("CALSCALE", &[], "GREGORIAN");
    let mut out = w.finish();
    out.push_str(&timezones);
    for (post, start) in events {
        let start = match start {
            Start::Zoned { zone, .. } if failed.contains(zone.as_str()) => {
                Start::Utc(post.schedule.as_ref().map_or(DateTime::UNIX_EPOCH, |s| s.at.trunc_subsecs(0)))
            }
            other => other.clone(),
        };
        out.push_str(&event_text(post, &start, plan, opts));
    }
    let mut w = Writer::default();
    w.end("VCALENDAR");
    out.push_str(&w.finish());
    out
}

/// A network's display name (`LinkedIn`), or its id when it is not a built-in network.
fn network_name(id: &str) -> String {
    crate::networks::builtin(id).map_or_else(|| id.to_string(), |n| n.name)
}

/// `[X, LinkedIn] first words…`: the networks, then the first line of the text cut near 60
/// characters at a word boundary.
fn summary(post: &Post) -> String {
    let mut out = String::new();
    if !post.networks.is_empty() {
        let names: Vec<String> = post.networks.iter().map(|n| network_name(n)).collect();
        out.push('[');
        out.push_str(&names.join(", "));
        out.push_str("] ");
    }
    let text = readable(&post.text);
    let first_line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if first_line.is_empty() {
        out.push_str("(Porte-voix)");
        return out;
    }
    const MAX: usize = 60;
    if first_line.chars().count() <= MAX && text.trim() == first_line {
        out.push_str(first_line);
        return out;
    }
    let cut: String = first_line.chars().take(MAX).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if first_line.chars().count() > MAX && i > MAX / 2 => cut[..i].trim_end().to_string(),
        _ => cut,
    };
    out.push_str(&cut);
    out.push('…');
    out
}

/// The text, each variant under its network's name, then the notes: for people.
fn description(post: &Post) -> String {
    let mut out = readable(&post.text).into_owned();
    for (network, variant) in &post.variants {
        out.push_str(&format!("\n\n── {} ──\n", readable(&network_name(network))));
        out.push_str(&readable(variant));
    }
    if !post.notes.is_empty() {
        out.push_str("\n\n── Notes ──\n");
        out.push_str(&readable(&post.notes));
    }
    out
}

fn categories(post: &Post, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = &post.pillar {
        out.push(
            plan.pillars
                .iter()
                .find(|p| &p.meta.id == id)
                .map_or(id.as_str(), |p| p.name.as_str())
                .to_string(),
        );
    }
    if let Some(id) = &post.campaign {
        out.push(
            plan.campaigns
                .iter()
                .find(|c| &c.meta.id == id)
                .map_or(id.as_str(), |c| c.name.as_str())
                .to_string(),
        );
    }
    out
}

/// Writes a free-text `X-PORTE-VOIX-*` property: TEXT when it can be, else a JSON string.
fn text_property(w: &mut Writer, name: &str, params: &[(&str, &str)], value: &str) {
    if text_safe(value) {
        w.line(name, params, &escape_text(value));
    } else {
        let mut params = params.to_vec();
        params.push((FORMAT_PARAM, "json"));
        w.line(name, &params, &escape_text(&json(value)));
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Plain data with string keys: serialising cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn event_text(post: &Post, start: &Start, plan: &Plan, opts: &ExportOptions) -> String {
    let mut w = Writer::default();
    w.begin("VEVENT");
    let uid = format!("{}{UID_SUFFIX}", readable(&post.meta.id));
    w.line("UID", &[], &escape_text(&uid));
    let start_instant = match start {
        Start::Utc(t) => *t,
        Start::Zoned { .. } => post.schedule.as_ref().map_or(DateTime::UNIX_EPOCH, |s| s.at),
    };
    let stamp = if in_writable_years(post.meta.updated.year()) { post.meta.updated } else { start_instant };
    w.line("DTSTAMP", &[], &utc_text(stamp));
    if in_writable_years(post.meta.created.year()) {
        w.line("CREATED", &[], &utc_text(post.meta.created));
    }
    if in_writable_years(post.meta.updated.year()) {
        w.line("LAST-MODIFIED", &[], &utc_text(post.meta.updated));
    }
    match start {
        Start::Utc(t) => w.line("DTSTART", &[], &utc_text(*t)),
        Start::Zoned { zone, local } => {
            w.line("DTSTART", &[("TZID", zone)], &local.format(LOCAL_FORMAT).to_string())
        }
    }
    w.line("DURATION", &[], &format!("PT{}M", opts.duration_minutes));
    w.line("SUMMARY", &[], &escape_text(&summary(post)));
    w.line("DESCRIPTION", &[], &escape_text(&description(post)));
    let cats = categories(post, plan);
    if !cats.is_empty() {
        let cats: Vec<String> = cats.iter().map(|c| escape_text(&readable(c))).collect();
        w.line("CATEGORIES", &[], &cats.join(","));
    }
    let status = match post.status {
        _ if post.meta.deleted => "CANCELLED",
        Status::Scheduled | Status::Published => "CONFIRMED",
        _ => "TENTATIVE",
    };
    w.line("STATUS", &[], status);

    w.line("X-PORTE-VOIX-SCHEMA", &[], &PLAN_SCHEMA_VERSION.to_string());
    w.line("X-PORTE-VOIX-META", &[], &escape_text(&json(&post.meta)));
    w.line("X-PORTE-VOIX-STATUS", &[], status_id(post.status));
    text_property(&mut w, "X-PORTE-VOIX-TEXT", &[], &post.text);
    if post.variants.keys().all(|k| param_safe(k)) {
        for (network, text) in &post.variants {
            text_property(&mut w, "X-PORTE-VOIX-VARIANT", &[("NETWORK", network)], text);
        }
    } else {
        w.line("X-PORTE-VOIX-VARIANTS", &[], &escape_text(&json(&post.variants)));
    }
    if !post.networks.is_empty() {
        let list: Vec<String> = post.networks.iter().map(|n| escape_text(n)).collect();
        if post.networks.iter().all(|n| text_safe(n)) {
            w.line("X-PORTE-VOIX-NETWORKS", &[], &list.join(","));
        } else {
            w.line("X-PORTE-VOIX-NETWORKS", &[(FORMAT_PARAM, "json")], &escape_text(&json(&post.networks)));
        }
    }
    for (name, value) in [
        ("X-PORTE-VOIX-PILLAR", &post.pillar),
        ("X-PORTE-VOIX-CAMPAIGN", &post.campaign),
        ("X-PORTE-VOIX-ASSIGNEE", &post.assignee),
    ] {
        if let Some(value) = value {
            text_property(&mut w, name, &[], value);
        }
    }
    if !post.notes.is_empty() {
        text_property(&mut w, "X-PORTE-VOIX-NOTES", &[], &post.notes);
    }
    if !post.ignored_findings.is_empty() {
        w.line("X-PORTE-VOIX-IGNORED", &[], &escape_text(&json(&post.ignored_findings)));
    }
    if !post.review.is_empty() {
        w.line("X-PORTE-VOIX-REVIEW", &[], &escape_text(&json(&post.review)));
    }
    if let Some(metrics) = &post.metrics {
        w.line("X-PORTE-VOIX-METRICS", &[], &escape_text(&json(metrics)));
    }
    if let Some(schedule) = &post.schedule {
        text_property(&mut w, "X-PORTE-VOIX-ZONE", &[], &schedule.zone);
        if schedule.at.trunc_subsecs(0) != schedule.at {
            w.line("X-PORTE-VOIX-AT", &[], &schedule.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        }
    }
    w.end("VEVENT");
    w.finish()
}

// ---------------------------------------------------------------------------------------------
// Import

/// How foreign values are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// IANA zone for times without one (floating times, whole-day events) and for the schedule
    /// of events from other apps whose zone is not an IANA name: the user's zone.
    pub zone: String,
    /// Creation and change time of posts from events that carry neither `CREATED`,
    /// `LAST-MODIFIED` nor `DTSTAMP`.
    pub now: DateTime<Utc>,
}

/// What a calendar import gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalendarImport {
    /// The posts read, in file order.
    pub posts: Vec<Post>,
    /// What could not be read, and where.
    pub problems: Vec<ImportProblem>,
}

/// One post read from a single-event object, with what could not be read of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventImport {
    /// The post.
    pub post: Post,
    /// Problems that did not prevent reading it.
    pub problems: Vec<ImportProblem>,
}

/// Reads every VEVENT of `data` (an `.ics` file, any encoding errors reported) as a post. Bad
/// events are reported with their line and skipped; the rest is imported. Zones: the file's
/// VTIMEZONEs first, then `zones` for IANA names.
pub fn import_calendar(data: &[u8], zones: &dyn ZoneResolver, opts: &ImportOptions) -> CalendarImport {
    let mut problems = Problems::default();
    let posts = read_posts(data, zones, opts, &mut problems);
    CalendarImport { posts, problems: problems.finish() }
}

/// Reads a single-event object (what [`export_event`] writes, or a CalDAV resource from another
/// app): its first VEVENT (for a recurring event from another app, the master). `Err` with the
/// problems when no event could be read.
pub fn import_event(
    data: &[u8],
    zones: &dyn ZoneResolver,
    opts: &ImportOptions,
) -> Result<EventImport, Vec<ImportProblem>> {
    let mut problems = Problems::default();
    let mut posts = read_posts(data, zones, opts, &mut problems);
    if posts.is_empty() {
        let mut list = problems.finish();
        if list.is_empty() {
            list.push(ImportProblem::new(
                0,
                None,
                "no-event",
                "no event (BEGIN:VEVENT … END:VEVENT) in this object: it is not a calendar event".into(),
                "aucun événement (BEGIN:VEVENT … END:VEVENT) dans cet objet : ce n'est pas un événement d'agenda".into(),
            ));
        }
        return Err(list);
    }
    Ok(EventImport { post: posts.swap_remove(0), problems: problems.finish() })
}

/// A component being read: its name, where it begins, its properties (kept only for the
/// components imported) and, for a VTIMEZONE, its observances.
#[derive(Debug)]
struct Component {
    name: String,
    line: u64,
    props: Vec<Property>,
    observances: Vec<Component>,
}

/// Whether a `child` component may stand inside `parent` (RFC 5545 §3.4–3.6).
fn can_contain(parent: &str, child: &str) -> bool {
    match child {
        "VCALENDAR" => false,
        "VEVENT" | "VTODO" | "VJOURNAL" | "VFREEBUSY" | "VTIMEZONE" => parent == "VCALENDAR",
        "STANDARD" | "DAYLIGHT" => parent == "VTIMEZONE",
        "VALARM" => parent == "VEVENT" || parent == "VTODO",
        _ => true,
    }
}

fn keeps_properties(name: &str) -> bool {
    matches!(name, "VEVENT" | "VTIMEZONE" | "STANDARD" | "DAYLIGHT")
}

fn component_problem(c: &Component, found: &str) -> ImportProblem {
    let name = &c.name;
    match name.as_str() {
        "VEVENT" => ImportProblem::new(
            c.line,
            Some("BEGIN"),
            "missing-end",
            format!("the event begun here has no END:VEVENT ({found}): it was not imported; the file may be cut short or damaged, export it again"),
            format!("l'événement commencé ici n'a pas de END:VEVENT ({found}) : il n'a pas été importé ; le fichier est peut-être tronqué ou abîmé, exportez-le à nouveau"),
        ),
        "VCALENDAR" => ImportProblem::new(
            c.line,
            Some("BEGIN"),
            "missing-end",
            format!("the calendar begun here has no END:VCALENDAR ({found}): the file may be cut short; its complete events were imported"),
            format!("l'agenda commencé ici n'a pas de END:VCALENDAR ({found}) : le fichier est peut-être tronqué ; ses événements complets ont été importés"),
        ),
        _ => ImportProblem::new(
            c.line,
            Some("BEGIN"),
            "missing-end",
            format!("BEGIN:{name} has no END:{name} ({found}): it was ignored; the file may be damaged, export it again"),
            format!("BEGIN:{name} n'a pas de END:{name} ({found}) : ignoré ; le fichier est peut-être abîmé, exportez-le à nouveau"),
        ),
    }
}

/// The events and time zones of a file, its structure checked.
#[derive(Debug, Default)]
struct Parsed {
    events: Vec<Component>,
    zones: Vec<Component>,
}

fn close(c: Component, stack: &mut [Component], parsed: &mut Parsed) {
    match c.name.as_str() {
        "VEVENT" => parsed.events.push(c),
        "VTIMEZONE" => parsed.zones.push(c),
        "STANDARD" | "DAYLIGHT" => {
            if let Some(parent) = stack.last_mut().filter(|p| p.name == "VTIMEZONE") {
                parent.observances.push(c);
            }
        }
        _ => {}
    }
}

fn line_problem(line: u64, error: LineError, text: &str) -> ImportProblem {
    let shown: String = text.chars().take(40).collect();
    let (en, fr) = match error {
        LineError::BadName => (
            "does not start with a property name (letters, digits, -)",
            "ne commence pas par un nom de propriété (lettres, chiffres, -)",
        ),
        LineError::BadParam => ("has a parameter without NAME=value", "a un paramètre sans NOM=valeur"),
        LineError::UnclosedQuote => (
            "has a quoted parameter value without its closing quote",
            "a une valeur de paramètre entre guillemets non refermée",
        ),
        LineError::NoColon => ("has no ':' before its value", "n'a pas de « : » avant sa valeur"),
    };
    ImportProblem::new(
        line,
        None,
        "bad-line",
        format!("\"{shown}\" {en}: the line was ignored; a line that continues the previous one must start with a space"),
        format!("« {shown} » {fr} : ligne ignorée ; une ligne qui continue la précédente doit commencer par une espace"),
    )
}

/// Unfolds and parses `data` into its events and time zones.
fn parse(data: &[u8], problems: &mut Problems) -> Parsed {
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    let (lines, notes) = lines::unfold(data);
    for note in notes {
        let UnfoldNote::OrphanContinuation(line) = note;
        problems.push(ImportProblem::new(
            line,
            None,
            "orphan-continuation",
            "the file starts with a continuation line (a line beginning with a space): it was ignored".into(),
            "le fichier commence par une ligne de continuation (une ligne qui commence par une espace) : ignorée".into(),
        ));
    }
    let mut parsed = Parsed::default();
    let mut stack: Vec<Component> = Vec::new();
    for raw in lines {
        let text = match String::from_utf8(raw.bytes) {
            Ok(t) => t,
            Err(e) => {
                problems.push(ImportProblem::new(
                    raw.line,
                    None,
                    "bad-utf8",
                    "is not valid UTF-8: unreadable characters were replaced by �; save the file as UTF-8 and import it again".into(),
                    "n'est pas en UTF-8 valide : les caractères illisibles ont été remplacés par � ; enregistrez le fichier en UTF-8 et importez-le à nouveau".into(),
                ));
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let prop = match lines::parse_line(raw.line, &text) {
            Ok(p) => p,
            Err(e) => {
                problems.push(line_problem(raw.line, e, &text));
                continue;
            }
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let name = prop.value.trim().to_ascii_uppercase();
                while let Some(top) = stack.last() {
                    if can_contain(&top.name, &name) {
                        break;
                    }
                    if let Some(top) = stack.pop() {
                        problems.push(component_problem(
                            &top,
                            &format!("BEGIN:{name} found at line {}", raw.line),
                        ));
                    }
                }
                stack.push(Component { name, line: raw.line, props: Vec::new(), observances: Vec::new() });
            }
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                match stack.iter().rposition(|c| c.name == name) {
                    Some(i) => {
                        while stack.len() > i + 1 {
                            if let Some(inner) = stack.pop() {
                                problems.push(component_problem(
                                    &inner,
                                    &format!("END:{name} found at line {}", raw.line),
                                ));
                            }
                        }
                        if let Some(c) = stack.pop() {
                            close(c, &mut stack, &mut parsed);
                        }
                    }
                    None => problems.push(ImportProblem::new(
                        raw.line,
                        Some("END"),
                        "end-without-begin",
                        format!("END:{name} has no BEGIN:{name} before it: it was ignored"),
                        format!("END:{name} n'a pas de BEGIN:{name} avant lui : ignoré"),
                    )),
                }
            }
            _ => match stack.last_mut() {
                Some(top) if keeps_properties(&top.name) => top.props.push(prop),
                Some(_) => {}
                None => problems.push(ImportProblem::new(
                    raw.line,
                    Some(&prop.name),
                    "outside-component",
                    "this property is outside any BEGIN/END block: it was ignored".into(),
                    "cette propriété est hors de tout bloc BEGIN/END : ignorée".into(),
                )),
            },
        }
    }
    while let Some(c) = stack.pop() {
        problems.push(component_problem(&c, "end of file reached"));
    }
    parsed
}

fn zone_definitions(components: &[Component], problems: &mut Problems) -> HashMap<String, ZoneDefinition> {
    let mut defs = HashMap::new();
    for c in components {
        let Some(tzid) = c.props.iter().find(|p| p.name == "TZID").map(|p| p.text().trim().to_string())
        else {
            problems.push(ImportProblem::new(
                c.line,
                Some("TZID"),
                "bad-timezone",
                "this VTIMEZONE has no TZID: it was ignored".into(),
                "ce VTIMEZONE n'a pas de TZID : ignoré".into(),
            ));
            continue;
        };
        let mut def = ZoneDefinition::default();
        for o in &c.observances {
            if let Err(e) = tz::add_observance(&mut def, o.line, &o.props) {
                problems.push(ImportProblem::new(
                    e.line,
                    Some(&e.property),
                    "bad-timezone",
                    format!("in time zone \"{tzid}\": {} {}: times in this zone may be off by the daylight-saving hour; check them", e.property, e.reason),
                    format!("dans le fuseau « {tzid} » : {} {} : les heures dans ce fuseau peuvent être décalées d'une heure (heure d'été) ; vérifiez-les", e.property, e.reason),
                ));
            }
        }
        def.seal();
        defs.entry(tzid).or_insert(def);
    }
    defs
}

fn read_posts(
    data: &[u8],
    zones: &dyn ZoneResolver,
    opts: &ImportOptions,
    problems: &mut Problems,
) -> Vec<Post> {
    let parsed = parse(data, problems);
    let file_zones = FileZones { defs: zone_definitions(&parsed.zones, problems), fallback: zones };
    let default_zone = if Zone::new(zones, &opts.zone, opts.now).is_ok() {
        opts.zone.trim().to_string()
    } else {
        problems.push(ImportProblem::new(
            0,
            None,
            "unknown-zone",
            format!("unknown time zone \"{}\": times without a zone were read as UTC; choose an IANA zone such as Europe/Paris", opts.zone),
            format!("fuseau horaire inconnu « {} » : les heures sans fuseau ont été lues en UTC ; choisissez un fuseau IANA comme Europe/Paris", opts.zone),
        ));
        "UTC".to_string()
    };
    let reader = EventReader { zones: &file_zones, iana: zones, default_zone: &default_zone, now: opts.now };
    let mut seen: HashSet<String> = HashSet::new();
    let mut posts = Vec::new();
    for event in &parsed.events {
        match reader.post(event, problems) {
            Ok(post) => {
                if seen.insert(post.meta.id.clone()) {
                    posts.push(post);
                } else {
                    problems.push(ImportProblem::new(
                        event.line,
                        Some("UID"),
                        "duplicate-id",
                        format!("a second event for post \"{}\": only the first one was imported", post.meta.id),
                        format!("un deuxième événement pour la publication « {} » : seul le premier a été importé", post.meta.id),
                    ));
                }
            }
            Err(Some(problem)) => problems.push(problem),
            Err(None) => {}
        }
    }
    posts
}

/// Turns VEVENTs into posts.
struct EventReader<'a> {
    zones: &'a FileZones<'a>,
    iana: &'a dyn ZoneResolver,
    default_zone: &'a str,
    now: DateTime<Utc>,
}

/// A `DTSTART` as read.
#[derive(Debug, Clone, Copy)]
struct ReadStart {
    at: DateTime<Utc>,
    whole_day: bool,
}

fn skipped(p: &Property, code: &'static str, en: String, fr: String) -> ImportProblem {
    ImportProblem::new(
        p.line,
        Some(&p.name),
        code,
        format!("{en}; the event was not imported: fix the value, or remove the property, and import again"),
        format!("{fr} ; l'événement n'a pas été importé : corrigez la valeur, ou retirez la propriété, et importez à nouveau"),
    )
}

fn parse_utc(value: &str) -> Option<DateTime<Utc>> {
    let v = value.trim().strip_suffix(['Z', 'z'])?;
    NaiveDateTime::parse_from_str(v, LOCAL_FORMAT).ok().map(|n| n.and_utc())
}

/// The instant a zone's wall clock reads `local`: the first of a repeated hour, and in a gap the
/// offset from before the gap (RFC 5545 §3.3.5).
fn local_to_utc(zones: &dyn ZoneResolver, zone: &str, local: NaiveDateTime) -> Result<DateTime<Utc>, String> {
    let z = Zone::new(zones, zone, local.and_utc())?;
    match z.instants_at(local)? {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => {
            let before = zones.offset_at(z.name(), local.and_utc() - Duration::days(1))?;
            Ok(local.and_utc() - Duration::seconds(i64::from(before.local_minus_utc())))
        }
    }
}

impl EventReader<'_> {
    /// Reads `DTSTART`; `zone` is the zone for floating and whole-day values.
    fn start(&self, p: &Property, zone: &str, problems: &mut Problems) -> Result<ReadStart, ImportProblem> {
        let value = p.value.trim();
        let bad = || {
            skipped(
                p,
                "bad-date",
                format!("\"{value}\" is not a date-time (expected 20260315T093000, 20260315T093000Z or the date 20260315)"),
                format!("« {value} » n'est pas une date et heure (attendu 20260315T093000, 20260315T093000Z ou la date 20260315)"),
            )
        };
        let whole_day = p.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
            || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()));
        if whole_day {
            let date = NaiveDate::parse_from_str(value, "%Y%m%d").map_err(|_| bad())?;
            let at =
                local_to_utc(self.zones, zone, date.and_time(chrono::NaiveTime::MIN)).map_err(|_| bad())?;
            return Ok(ReadStart { at, whole_day: true });
        }
        if let Some(at) = parse_utc(value) {
            return Ok(ReadStart { at, whole_day: false });
        }
        let local = NaiveDateTime::parse_from_str(value, LOCAL_FORMAT).map_err(|_| bad())?;
        let tzid = p.param("TZID").map(str::trim).filter(|t| !t.is_empty());
        let zone = match tzid {
            Some(tzid) if self.zones.offset_at(tzid, local.and_utc()).is_ok() => tzid,
            Some(tzid) => {
                problems.push(ImportProblem::new(
                    p.line,
                    Some("DTSTART"),
                    "unknown-zone",
                    format!("time zone \"{tzid}\" is neither defined in the file (VTIMEZONE) nor an IANA zone name: the time was read in {zone}; check it"),
                    format!("le fuseau « {tzid} » n'est ni défini dans le fichier (VTIMEZONE) ni un nom de fuseau IANA : l'heure a été lue en {zone} ; vérifiez-la"),
                ));
                zone
            }
            None => zone,
        };
        let at = local_to_utc(self.zones, zone, local).map_err(|_| bad())?;
        Ok(ReadStart { at, whole_day: false })
    }

    /// The post an event holds. `Err(None)`: deliberately skipped without a problem.
    fn post(&self, event: &Component, problems: &mut Problems) -> Result<Post, Option<ImportProblem>> {
        let first = |name: &str| event.props.iter().find(|p| p.name == name);
        let ours = event.props.iter().any(|p| p.name.starts_with(X_PREFIX));
        if !ours && first("STATUS").is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED")) {
            problems.push(ImportProblem::new(
                event.line,
                Some("STATUS"),
                "cancelled-event",
                "this event is cancelled (STATUS:CANCELLED): it was not imported".into(),
                "cet événement est annulé (STATUS:CANCELLED) : il n'a pas été importé".into(),
            ));
            return Err(None);
        }
        let mut post = self.foreign_post(event)?;
        let mut zone_prop: Option<String> = None;
        let mut exact_at: Option<DateTime<Utc>> = None;
        let mut status: Option<Status> = None;
        for p in event.props.iter().filter(|p| p.name.starts_with(X_PREFIX)) {
            self.overlay(p, &mut post, &mut zone_prop, &mut exact_at, &mut status).map_err(Some)?;
        }
        let floating_zone = zone_prop.clone().unwrap_or_else(|| self.default_zone.to_string());
        let start = match first("DTSTART") {
            Some(p) => Some(self.start(p, &floating_zone, problems).map_err(Some)?),
            None => None,
        };
        post.schedule = start.map(|s| {
            let zone = zone_prop.clone().unwrap_or_else(|| self.foreign_zone(first("DTSTART")));
            let at = exact_at.filter(|e| e.trunc_subsecs(0) == s.at).unwrap_or(s.at);
            Schedule { at, zone }
        });
        post.status = status.unwrap_or(match start {
            Some(s) if !s.whole_day => Status::Scheduled,
            _ => Status::Idea,
        });
        if !ours {
            if let Some(rrule) = first("RRULE") {
                problems.push(ImportProblem::new(
                    rrule.line,
                    Some("RRULE"),
                    "recurring-event",
                    "this event repeats: only its first occurrence was imported; plan the others as separate posts".into(),
                    "cet événement se répète : seule sa première occurrence a été importée ; planifiez les autres comme des publications séparées".into(),
                ));
            }
        }
        Ok(post)
    }

    /// The zone of a foreign event's schedule: its TZID when that is an IANA name, else the user's.
    fn foreign_zone(&self, dtstart: Option<&Property>) -> String {
        dtstart
            .and_then(|p| p.param("TZID"))
            .map(tz::iana_name)
            .filter(|name| self.iana.offset_at(name, DateTime::UNIX_EPOCH).is_ok())
            .map_or_else(|| self.default_zone.to_string(), str::to_string)
    }

    /// A post from the standard properties only (what any calendar app writes).
    fn foreign_post(&self, event: &Component) -> Result<Post, Option<ImportProblem>> {
        let first = |name: &str| event.props.iter().find(|p| p.name == name);
        let summary = first("SUMMARY").map(Property::text).unwrap_or_default();
        let description = first("DESCRIPTION").map(Property::text).unwrap_or_default();
        let text = match (summary.trim().is_empty(), description.trim().is_empty()) {
            (_, true) => summary,
            (true, false) => description,
            (false, false) if description.starts_with(summary.trim()) => description,
            (false, false) => format!("{summary}\n\n{description}"),
        };
        // Our own suffix is taken off before the check: "UID:@porte-voix" names no post either.
        let uid = first("UID").map(|p| {
            let uid = p.text();
            uid.strip_suffix(UID_SUFFIX).map_or_else(|| uid.clone(), str::to_string)
        });
        let id = match uid {
            Some(uid) if !uid.trim().is_empty() => match first("RECURRENCE-ID") {
                Some(r) => format!("{uid}/{}", r.value.trim()),
                None => uid,
            },
            _ => {
                let lines: Vec<String> =
                    event.props.iter().map(|p| format!("{}:{}", p.name, p.value)).collect();
                let parts: Vec<&str> = lines.iter().map(String::as_str).collect();
                stable_id("ics-", &parts)
            }
        };
        let stamp = |name: &str| first(name).and_then(|p| parse_utc(&p.value));
        let created = stamp("CREATED").or_else(|| stamp("DTSTAMP")).unwrap_or(self.now);
        let updated = stamp("LAST-MODIFIED").or_else(|| stamp("DTSTAMP")).unwrap_or(created);
        Ok(Post {
            text,
            ..Post::new(
                RecordMeta { id, created, updated, clock: BTreeMap::new(), deleted: false },
                Status::Idea,
            )
        })
    }

    /// Applies one `X-PORTE-VOIX-*` property to `post`.
    fn overlay(
        &self,
        p: &Property,
        post: &mut Post,
        zone: &mut Option<String>,
        exact_at: &mut Option<DateTime<Utc>>,
        status: &mut Option<Status>,
    ) -> Result<(), ImportProblem> {
        let key = &p.name[X_PREFIX.len()..];
        match key {
            "SCHEMA" => {
                let v: u32 = p.value.trim().parse().map_err(|_| {
                    skipped(
                        p,
                        "bad-value",
                        format!("\"{}\" is not a schema version number", p.value),
                        format!("« {} » n'est pas un numéro de version de schéma", p.value),
                    )
                })?;
                if v > PLAN_SCHEMA_VERSION {
                    return Err(ImportProblem::new(
                        p.line,
                        Some(&p.name),
                        "newer-schema",
                        format!("this event was written by a newer Porte-voix (plan schema {v}, this one reads up to {PLAN_SCHEMA_VERSION}): it was not imported; update Porte-voix and import again"),
                        format!("cet événement a été écrit par une version plus récente de Porte-voix (schéma {v}, celle-ci lit jusqu'au {PLAN_SCHEMA_VERSION}) : il n'a pas été importé ; mettez Porte-voix à jour et importez à nouveau"),
                    ));
                }
            }
            "META" => post.meta = json_value(p)?,
            "STATUS" => {
                let v = p.text();
                *status = Some(status_from_id(v.trim()).ok_or_else(|| {
                    skipped(p, "bad-value", format!("\"{v}\" is not a status (idea, draft, in-review, approved, scheduled, published)"), format!("« {v} » n'est pas un statut (idea, draft, in-review, approved, scheduled, published)"))
                })?);
            }
            "TEXT" => post.text = text_value(p)?,
            "NOTES" => post.notes = text_value(p)?,
            "PILLAR" => post.pillar = Some(text_value(p)?),
            "CAMPAIGN" => post.campaign = Some(text_value(p)?),
            "ASSIGNEE" => post.assignee = Some(text_value(p)?),
            "ZONE" => *zone = Some(text_value(p)?),
            "NETWORKS" => {
                post.networks = if p.param(FORMAT_PARAM).is_some_and(|f| f.eq_ignore_ascii_case("json")) {
                    json_value(p)?
                } else {
                    split_text_list(&p.value)
                };
            }
            "VARIANT" => {
                let network = p.param("NETWORK").ok_or_else(|| {
                    skipped(
                        p,
                        "bad-value",
                        "has no NETWORK parameter naming its network".into(),
                        "n'a pas de paramètre NETWORK nommant son réseau".into(),
                    )
                })?;
                post.variants.insert(network.to_string(), text_value(p)?);
            }
            "VARIANTS" => post.variants.extend(json_value::<BTreeMap<String, String>>(p)?),
            "IGNORED" => post.ignored_findings = json_value(p)?,
            "REVIEW" => post.review = json_value(p)?,
            "METRICS" => post.metrics = Some(json_value(p)?),
            "AT" => {
                let v = p.text();
                *exact_at = Some(
                    DateTime::parse_from_rfc3339(v.trim()).map(|t| t.with_timezone(&Utc)).map_err(|_| {
                        skipped(
                            p,
                            "bad-value",
                            format!("\"{v}\" is not an RFC 3339 instant"),
                            format!("« {v} » n'est pas un instant RFC 3339"),
                        )
                    })?,
                );
            }
            // A property from a newer version: nothing this one can do with it.
            _ => {}
        }
        Ok(())
    }
}

/// A free-text property: TEXT, or a JSON string when marked `X-PORTE-VOIX-FORMAT=json`.
fn text_value(p: &Property) -> Result<String, ImportProblem> {
    if p.param(FORMAT_PARAM).is_some_and(|f| f.eq_ignore_ascii_case("json")) {
        json_value(p)
    } else {
        Ok(p.text())
    }
}

/// A property holding JSON (escaped as TEXT).
fn json_value<T: DeserializeOwned>(p: &Property) -> Result<T, ImportProblem> {
    serde_json::from_str(&p.text()).map_err(|e| {
        skipped(
            p,
            "bad-value",
            format!("is not the JSON expected ({e})"),
            format!("n'est pas le JSON attendu ({e})"),
        )
    })
}

#[cfg(all(test, feature = "tzdb"))]
mod tests;
