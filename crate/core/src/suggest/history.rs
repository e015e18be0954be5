//! The account's posting history, imported from analytics CSV exports.
//!
//! Column presets (header names matched case-insensitively, first one found wins). They follow
//! the exports as we know them; networks rename columns from time to time, so every field lists
//! variants, and the `generic` mapping lets the user name any column:
//!
//! - `x`: X/Twitter analytics "tweet activity" export: `Tweet id`, `Tweet permalink`,
//!   `Tweet text`, `time` (`2024-03-05 14:05 +0000`), `impressions`, `engagements`,
//!   `retweets`, `replies`, `likes`; the newer account-analytics export (`Post id`, `Date`,
//!   `Post text`, `Impressions`, `Engagements`, `Likes`, `Reposts`, `Replies`) is covered too.
//! - `linkedin`: LinkedIn page "content" export (sheet saved as CSV): `Post title`, `Post link`,
//!   `Created date` (often a date without time), `Impressions`, `Clicks`, `Likes`, `Comments`,
//!   `Reposts` (older exports: `Shares`), `Engagement rate`.
//! - `meta`: Meta Business Suite content export (Facebook and Instagram): `Publish time`
//!   (`01/15/2025 09:30`), `Description`, `Permalink`, `Reach`, `Impressions`, `Reactions`
//!   (Instagram: `Likes`), `Comments`, `Shares`.
//!
//! Engagements are the export's own `engagements` column when there is one, otherwise
//! likes + comments + shares (Buffer's definition); the audience is reach where the export
//! gives it, else impressions. A bad row is reported (`line 14: column "time": "31/02/2026" is
//! not a date`) and skipped; the rest is imported.

use super::zone::{Zone, ZoneResolver};
use crate::csv_lines::LineCounter;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One published post, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// Network id (`x`, `linkedin`, `facebook`, `instagram`, ...).
    pub network: String,
    /// When it was published, in UTC.
    pub posted_at: DateTime<Utc>,
    /// Whether the export gave a time of day (LinkedIn exports often give only the date).
    pub time_known: bool,
    /// Reach or impressions, when the export has them.
    pub impressions: Option<u64>,
    /// Engagements (likes + comments + shares, or the export's own total).
    pub engagements: u64,
    /// `engagements / impressions`, when impressions are known and non-zero.
    pub engagement_rate: Option<f64>,
    /// The post's text, when exported.
    pub text: Option<String>,
}

/// Which export a file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// X/Twitter analytics export.
    X,
    /// LinkedIn page content export.
    Linkedin,
    /// Meta Business Suite (Facebook, Instagram) export.
    Meta,
    /// Columns named by the user in [`ImportOptions::columns`].
    Generic,
}

impl Preset {
    /// Parses `x`, `twitter`, `linkedin`, `meta`, `facebook`, `instagram` or `generic`.
    pub fn parse(s: &str) -> Option<Preset> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x" | "twitter" => Some(Preset::X),
            "linkedin" => Some(Preset::Linkedin),
            "meta" | "facebook" | "instagram" => Some(Preset::Meta),
            "generic" => Some(Preset::Generic),
            _ => None,
        }
    }

    /// The network a row belongs to when the file has no network column.
    pub fn default_network(self) -> Option<&'static str> {
        match self {
            Preset::X => Some("x"),
            Preset::Linkedin => Some("linkedin"),
            Preset::Meta => Some("facebook"),
            Preset::Generic => None,
        }
    }

    /// The preset's column names (each field lists accepted header variants).
    pub fn columns(self) -> Columns {
        let v = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match self {
            Preset::X => Columns {
                time: v(&["time", "Date", "Created at", "Post date"]),
                network: vec![],
                impressions: v(&["impressions"]),
                engagements: v(&["engagements"]),
                likes: v(&["likes"]),
                comments: v(&["replies"]),
                shares: v(&["retweets", "reposts"]),
                text: v(&["Tweet text", "Post text", "text"]),
            },
            Preset::Linkedin => Columns {
                time: v(&["Created date", "Date", "Published date", "Post publish date"]),
                network: vec![],
                impressions: v(&["Impressions", "Impressions (total)", "Views"]),
                engagements: vec![],
                likes: v(&["Likes", "Reactions"]),
                comments: v(&["Comments"]),
                shares: v(&["Reposts", "Shares"]),
                text: v(&["Post title", "Update title", "Post text", "Commentary"]),
            },
            Preset::Meta => Columns {
                time: v(&["Publish time", "Published time", "Date"]),
                network: vec![],
                impressions: v(&["Reach", "Impressions", "Views"]),
                engagements: vec![],
                likes: v(&["Reactions", "Likes"]),
                comments: v(&["Comments"]),
                shares: v(&["Shares"]),
                text: v(&["Description", "Title", "Message"]),
            },
            Preset::Generic => Columns::default(),
        }
    }
}

/// Header names for each field; each list holds accepted variants, matched case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Columns {
    /// Publication date and time (required).
    pub time: Vec<String>,
    /// Network of the row (optional; otherwise the import's network).
    pub network: Vec<String>,
    /// Reach or impressions.
    pub impressions: Vec<String>,
    /// Total engagements; when absent, likes + comments + shares.
    pub engagements: Vec<String>,
    /// Likes or reactions.
    pub likes: Vec<String>,
    /// Comments or replies.
    pub comments: Vec<String>,
    /// Shares, reposts, retweets.
    pub shares: Vec<String>,
    /// Post text.
    pub text: Vec<String>,
}

/// How slash dates (`03/04/2025`) are read. ISO 8601 dates are always recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// Decide from the file: a first number above 12 means day first, a second number above 12
    /// means month first; with no evidence, month first for network presets (their exports are
    /// US-formatted) and day first for `generic`.
    #[default]
    Auto,
    /// `MM/DD/YYYY HH:MM`.
    MonthFirst,
    /// `DD/MM/YYYY HH:MM`.
    DayFirst,
}

/// Import settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Which export the file is.
    pub preset: Preset,
    /// Columns for the `generic` preset (also overrides, field by field, a network preset).
    pub columns: Columns,
    /// IANA time zone of times written without an offset (default UTC).
    pub tz: Option<String>,
    /// How to read slash dates.
    pub date_format: DateFormat,
    /// Network for rows without a network column (defaults to the preset's network).
    pub network: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            preset: Preset::Generic,
            columns: Columns::default(),
            tz: None,
            date_format: DateFormat::Auto,
            network: None,
        }
    }
}

impl ImportOptions {
    /// Options for a preset, everything else default.
    pub fn preset(preset: Preset) -> Self {
        ImportOptions { preset, ..Default::default() }
    }
}

/// A row that could not be imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    /// Column concerned (empty when the whole row is wrong).
    pub column: String,
    /// The offending value.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}: column \"{}\": \"{}\" {}", self.line, self.column, self.value, self.message)
        }
    }
}

/// The outcome of an import: the records, the rows skipped and why, and warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// Imported records, in file order.
    pub records: Vec<HistoryRecord>,
    /// Skipped rows.
    pub errors: Vec<RowError>,
    /// Things to double-check (ambiguous dates, missing times...).
    pub warnings: Vec<String>,
    /// Data rows read (imported + skipped).
    pub rows: usize,
    /// Header used for each field (`"time" → "Publish time"`).
    pub columns_used: Vec<(String, String)>,
}

fn find_col(headers: &[String], names: &[String]) -> Option<usize> {
    names.iter().find_map(|n| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n.trim())))
}

pub(crate) fn sniff_delimiter(data: &str) -> u8 {
    let first = data.lines().next().unwrap_or("");
    let count = |c: char| {
        let mut inq = false;
        first
            .chars()
            .filter(|&x| {
                if x == '"' {
                    inq = !inq;
                }
                !inq && x == c
            })
            .count()
    };
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

#[allow(clippy::result_unit_err)]
/// Parses a count such as `1,234`, `1 234`, `1.234`, `12.0` or `1234`. `Ok(None)` when empty.
pub fn parse_count(s: &str) -> Result<Option<u64>, ()> {
    let t: String =
        s.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_')).collect();
    if t.is_empty() || t == "-" || t == "--" {
        return Ok(None);
    }
    let last_comma = t.rfind(',');
    let last_dot = t.rfind('.');
    let normalised = match (last_comma, last_dot) {
        (Some(c), Some(d)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (Some(c), None) => {
            if t.len() - c - 1 == 3 {
                t.replace(',', "")
            } else {
                t.replace(',', ".")
            }
        }
        (None, Some(d)) => {
            if t.len() - d - 1 == 3 && t.matches('.').count() >= 1 && !t.starts_with("0.") {
                t.replace('.', "")
            } else {
                t.clone()
            }
        }
        (None, None) => t.clone(),
    };
    match normalised.parse::<f64>() {
        Ok(v) if (0.0..1e15).contains(&v) => Ok(Some(v.round() as u64)),
        _ => Err(()),
    }
}

/// A parsed timestamp before time-zone resolution (also read by the plan's CSV import).
pub(crate) enum Stamp {
    Absolute(DateTime<Utc>),
    Local(NaiveDateTime, bool),
}

fn parse_time_of_day(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (clock, pm) = if let Some(x) = lower.strip_suffix("pm") {
        (x.trim().to_string(), Some(true))
    } else if let Some(x) = lower.strip_suffix("am") {
        (x.trim().to_string(), Some(false))
    } else {
        (lower, None)
    };
    let mut parts = clock.split(':');
    let h: u32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next().unwrap_or("0").trim().parse().ok()?;
    let sec: u32 =
        parts.next().map(|x| x.split('.').next().unwrap_or("0")).unwrap_or("0").trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let h = match pm {
        Some(true) if (1..12).contains(&h) => h + 12,
        Some(false) if h == 12 => 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => h,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Splits `"a/b/yyyy"` into its three numbers.
pub(crate) fn slash_parts(date: &str) -> Option<(u32, u32, i32)> {
    let mut it = date.split(['/', '.']);
    let a: u32 = it.next()?.trim().parse().ok()?;
    let b: u32 = it.next()?.trim().parse().ok()?;
    let y_str = it.next()?.trim();
    if it.next().is_some() {
        return None;
    }
    let mut y: i32 = y_str.parse().ok()?;
    if y_str.len() == 2 {
        y += 2000;
    }
    Some((a, b, y))
}

pub(crate) fn parse_stamp(raw: &str, day_first: bool) -> Option<Stamp> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(Stamp::Absolute(dt.with_timezone(&Utc)));
    }
    for f in [
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return Some(Stamp::Absolute(dt.with_timezone(&Utc)));
        }
    }
    if let Some(x) = s.strip_suffix(" UTC").or_else(|| s.strip_suffix(" GMT")).or_else(|| s.strip_suffix('Z'))
    {
        if let Some(Stamp::Local(n, _)) = parse_stamp(x, day_first) {
            return Some(Stamp::Absolute(Utc.from_utc_datetime(&n)));
        }
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Stamp::Local(n, true));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(Stamp::Local(d.and_time(NaiveTime::MIN), false));
    }
    // Slash dates, optional time (24 h or am/pm), optional comma between.
    let (date, time) = match s.find([' ', ',', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim_start_matches([',', ' '])),
        None => (s, ""),
    };
    let (a, b, y) = slash_parts(date)?;
    let (d, m) = if day_first { (a, b) } else { (b, a) };
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    if time.is_empty() {
        return Some(Stamp::Local(date.and_time(NaiveTime::MIN), false));
    }
    Some(Stamp::Local(date.and_time(parse_time_of_day(time)?), true))
}

pub(crate) fn normalise_network(s: &str) -> String {
    let l = s.trim().to_lowercase();
    match l.as_str() {
        "twitter" | "x" | "x (twitter)" | "tweet" => "x".into(),
        "linkedin" | "linked in" => "linkedin".into(),
        "facebook" | "fb" | "facebook page" => "facebook".into(),
        "instagram" | "ig" => "instagram".into(),
        "tik tok" | "tiktok" => "tiktok".into(),
        _ => l,
    }
}

/// Why a whole file cannot be imported (a missing required column, unreadable CSV, bad option).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Imports an analytics CSV export. Bad rows are reported in [`ImportReport::errors`] and
/// skipped; `Err` only when the file as a whole cannot be read (no header, no time column, no
/// engagement column, unknown time zone). Time zones come from the built-in database.
#[cfg(feature = "tzdb")]
pub fn import_csv(data: &str, opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    import_csv_with(data, opts, &super::zone::TzDb)
}

/// [`import_csv`] with `opts.tz` resolved by `zones` (the browser's, in the wasm build). Without
/// `opts.tz`, local times are UTC and `zones` is not asked.
pub fn import_csv_with(
    data: &str,
    opts: &ImportOptions,
    zones: &dyn ZoneResolver,
) -> Result<ImportReport, ImportError> {
    let data = data.strip_prefix('\u{feff}').unwrap_or(data);
    let tz: Option<Zone<'_>> = match &opts.tz {
        None => None,
        Some(name) => Some(Zone::new(zones, name, DateTime::UNIX_EPOCH).map_err(ImportError)?),
    };
    let mut cols = opts.preset.columns();
    let o = &opts.columns;
    for (dst, src) in [
        (&mut cols.time, &o.time),
        (&mut cols.network, &o.network),
        (&mut cols.impressions, &o.impressions),
        (&mut cols.engagements, &o.engagements),
        (&mut cols.likes, &o.likes),
        (&mut cols.comments, &o.comments),
        (&mut cols.shares, &o.shares),
        (&mut cols.text, &o.text),
    ] {
        if !src.is_empty() {
            *dst = src.clone();
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(data))
        .flexible(true)
        .from_reader(data.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| ImportError(format!("cannot read the header line: {e}")))?
        .iter()
        .map(|h| h.to_string())
        .collect();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(ImportError("the file is empty or has no header line".into()));
    }
    let found = || {
        format!(
            "found columns: {}",
            headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ")
        )
    };
    let Some(c_time) = find_col(&headers, &cols.time) else {
        let want = if cols.time.is_empty() {
            "none given: name it with the generic mapping (time column)".to_string()
        } else {
            cols.time.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(" or ")
        };
        return Err(ImportError(format!("no date/time column (expected {want}); {}", found())));
    };
    let c_net = find_col(&headers, &cols.network);
    let c_imp = find_col(&headers, &cols.impressions);
    let c_eng = find_col(&headers, &cols.engagements);
    let c_likes = find_col(&headers, &cols.likes);
    let c_comments = find_col(&headers, &cols.comments);
    let c_shares = find_col(&headers, &cols.shares);
    let c_text = find_col(&headers, &cols.text);
    if c_eng.is_none() && c_likes.is_none() && c_comments.is_none() && c_shares.is_none() {
        return Err(ImportError(format!(
            "no engagement column (an engagements total, or likes/comments/shares); {}",
            found()
        )));
    }
    let default_net = opts
        .network
        .clone()
        .map(|n| normalise_network(&n))
        .or_else(|| opts.preset.default_network().map(String::from));
    if c_net.is_none() && default_net.is_none() {
        return Err(ImportError(format!(
            "no network column and no network given: name the network (for example linkedin); {}",
            found()
        )));
    }
    let mut columns_used = vec![("time".to_string(), headers[c_time].clone())];
    for (field, c) in [
        ("network", c_net),
        ("impressions", c_imp),
        ("engagements", c_eng),
        ("likes", c_likes),
        ("comments", c_comments),
        ("shares", c_shares),
        ("text", c_text),
    ] {
        if let Some(c) = c {
            columns_used.push((field.to_string(), headers[c].clone()));
        }
    }

    // Read all rows first so that slash dates can be disambiguated from the whole file.
    let mut rows: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut line_guess = 1u64;
    let mut lines = LineCounter::new(data.as_bytes());
    for rec in rdr.records() {
        line_guess += 1;
        match rec {
            Ok(r) => {
                let line = r.position().map_or(line_guess, |p| lines.line_at(p.byte() as usize));
                if r.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                rows.push((line, r));
            }
            Err(e) => {
                let line = e.position().map_or(line_guess, |p| lines.line_at(p.byte() as usize));
                errors.push(RowError {
                    line,
                    column: String::new(),
                    value: String::new(),
                    message: format!("not readable as CSV ({e})"),
                });
            }
        }
    }
    let day_first = match opts.date_format {
        DateFormat::DayFirst => true,
        DateFormat::MonthFirst => false,
        DateFormat::Auto => {
            let (mut df, mut mf, mut ambiguous) = (0, 0, 0);
            for (_, r) in &rows {
                let v = r.get(c_time).unwrap_or("").trim();
                let date = v.split([' ', ',', 'T']).next().unwrap_or("");
                if let Some((a, b, _)) = slash_parts(date) {
                    if a > 12 && b <= 12 {
                        df += 1
                    } else if b > 12 && a <= 12 {
                        mf += 1
                    } else {
                        ambiguous += 1
                    }
                }
            }
            let default_day_first = opts.preset == Preset::Generic;
            let day_first = if df != mf { df > mf } else { default_day_first };
            if df > 0 && mf > 0 {
                warnings.push(format!(
                    "dates mix day-first ({df} rows) and month-first ({mf} rows) forms; read as {}",
                    if day_first { "DD/MM/YYYY" } else { "MM/DD/YYYY" }
                ));
            } else if df == 0 && mf == 0 && ambiguous > 0 {
                warnings.push(format!(
                    "{ambiguous} dates like 03/04/2025 could be either order; read as {} (set the date format if that is wrong)",
                    if day_first { "DD/MM/YYYY (day first)" } else { "MM/DD/YYYY (month first)" }
                ));
            }
            day_first
        }
    };

    let col_name = |c: usize| headers.get(c).cloned().unwrap_or_default();
    let mut records = Vec::with_capacity(rows.len());
    let mut untimed = 0usize;
    let n_rows = rows.len() + errors.len();
    'rows: for (line, r) in rows {
        let err = |c: usize, value: &str, message: &str| RowError {
            line,
            column: col_name(c),
            value: value.to_string(),
            message: message.to_string(),
        };
        let raw_time = r.get(c_time).unwrap_or("");
        if raw_time.trim().is_empty() {
            errors.push(err(c_time, raw_time, "is empty: a date is required"));
            continue;
        }
        let (posted_at, time_known) = match parse_stamp(raw_time, day_first) {
            Some(Stamp::Absolute(t)) => (t, true),
            Some(Stamp::Local(n, known)) => match &tz {
                None => (Utc.from_utc_datetime(&n), known),
                Some(tz) => match tz.instants_at(n).map_err(ImportError)? {
                    chrono::LocalResult::Single(t) => (t.with_timezone(&Utc), known),
                    chrono::LocalResult::Ambiguous(t, _) => (t.with_timezone(&Utc), known),
                    chrono::LocalResult::None => {
                        errors.push(err(
                            c_time,
                            raw_time,
                            &format!("does not exist in {} (clocks skipped that hour)", tz.name()),
                        ));
                        continue;
                    }
                },
            },
            None => {
                errors.push(err(c_time, raw_time, "is not a date"));
                continue;
            }
        };
        if !time_known {
            untimed += 1;
        }
        let num = |c: Option<usize>| -> Result<Option<u64>, RowError> {
            let Some(c) = c else { return Ok(None) };
            let v = r.get(c).unwrap_or("");
            parse_count(v).map_err(|_| err(c, v, "is not a number"))
        };
        let mut vals = [None; 5];
        for (k, c) in [c_imp, c_eng, c_likes, c_comments, c_shares].into_iter().enumerate() {
            match num(c) {
                Ok(v) => vals[k] = v,
                Err(e) => {
                    errors.push(e);
                    continue 'rows;
                }
            }
        }
        let [impressions, eng, likes, comments, shares] = vals;
        let engagements = match eng {
            Some(e) => e,
            None => {
                likes.unwrap_or(0).saturating_add(comments.unwrap_or(0)).saturating_add(shares.unwrap_or(0))
            }
        };
        let network = match c_net.and_then(|c| r.get(c)).map(str::trim).filter(|s| !s.is_empty()) {
            Some(n) => normalise_network(n),
            None => match &default_net {
                Some(n) => n.clone(),
                None => {
                    errors.push(err(c_net.unwrap_or(0), "", "is empty: the network is required"));
                    continue;
                }
            },
        };
        let engagement_rate = impressions.filter(|&i| i > 0).map(|i| engagements as f64 / i as f64);
        let text = c_text.and_then(|c| r.get(c)).map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        records.push(HistoryRecord {
            network,
            posted_at,
            time_known,
            impressions,
            engagements,
            engagement_rate,
            text,
        });
    }
    if untimed > 0 {
        warnings.push(format!("{untimed} rows have a date but no time of day: they are imported but cannot tell which hour works best"));
    }
    if c_imp.is_none() {
        warnings.push("no impressions/reach column: engagement rates cannot be computed; timing will compare engagements to your median instead".into());
    }
    crate::sort::sort_by_key(&mut errors, |e| e.line);
    Ok(ImportReport { records, errors, warnings, rows: n_rows, columns_used })
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_reported_at_their_physical_line_with_crlf_and_quoted_line_breaks() {
        // Line 3 holds a quoted line break (the row ends on line 4); the bad number is on line 5.
        let csv = "time,network,impressions,engagements\r\n\
            2026-01-05 09:00,x,100,5\r\n\
            2026-01-06 09:00,x,\"1\r\n00\",5\r\n\
            2026-01-07 09:00,x,abc,5\r\n";
        let mut o = ImportOptions::default();
        o.columns.time = vec!["time".into()];
        o.columns.network = vec!["network".into()];
        o.columns.impressions = vec!["impressions".into()];
        o.columns.engagements = vec!["engagements".into()];
        let r = import_csv(csv, &o).unwrap();
        let lines: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 5], "{:?}", r.errors);
    }

    #[test]
    fn x_export_with_offsets() {
        let csv = "\"Tweet id\",\"Tweet permalink\",\"Tweet text\",\"time\",\"impressions\",\"engagements\",\"engagement rate\",\"retweets\",\"replies\",\"likes\"\n\
            \"1765000000000000001\",\"https://x.com/kerlann/status/1\",\"Nos galettes sont de retour !\",\"2026-03-03 08:15 +0000\",\"1520\",\"61\",\"0.040\",\"4\",\"3\",\"40\"\n\
            \"1765000000000000002\",\"https://x.com/kerlann/status/2\",\"New tins, same recipe\",\"2026-03-04 17:30 +0000\",\"2,310\",\"95\",\"0.041\",\"9\",\"6\",\"71\"\n";
        let r = import_csv(csv, &ImportOptions::preset(Preset::X)).unwrap();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.records.len(), 2);
        let a = &r.records[0];
        assert_eq!(a.network, "x");
        assert_eq!(a.posted_at.to_rfc3339(), "2026-03-03T08:15:00+00:00");
        assert_eq!((a.impressions, a.engagements), (Some(1520), 61));
        assert!((a.engagement_rate.unwrap() - 61.0 / 1520.0).abs() < 1e-9);
        assert_eq!(r.records[1].impressions, Some(2310));
        assert_eq!(a.text.as_deref(), Some("Nos galettes sont de retour !"));
    }

    #[test]
    fn meta_export_in_paris_time_sums_engagements() {
        let csv = "\u{feff}Post ID,Page name,Description,Publish time,Permalink,Post type,Reach,Impressions,Reactions,Comments,Shares\n\
            1001,Biscuiterie Kerlann,Atelier crêpes samedi,03/14/2026 10:30,https://facebook.com/1001,Photos,4200,5100,180,25,12\n\
            1002,Biscuiterie Kerlann,Fermeture exceptionnelle,03/16/2026 18:00,https://facebook.com/1002,Photos,3100,3500,64,40,2\n";
        let mut o = ImportOptions::preset(Preset::Meta);
        o.tz = Some("Europe/Paris".into());
        let r = import_csv(csv, &o).unwrap();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let a = &r.records[0];
        assert_eq!(a.network, "facebook");
        assert_eq!(a.posted_at.to_rfc3339(), "2026-03-14T09:30:00+00:00");
        assert_eq!(
            (a.impressions, a.engagements),
            (Some(4200), 217),
            "reach preferred, likes+comments+shares"
        );
    }

    #[test]
    fn linkedin_dates_without_time_are_flagged() {
        let csv = "Post title,Post link,Post type,Created date,Impressions,Clicks,Likes,Comments,Reposts,Engagement rate\n\
            Nous recrutons un(e) chef de production,https://linkedin.com/1,Organic,03/10/2026,2890,77,54,6,9,0.05\n";
        let r = import_csv(csv, &ImportOptions::preset(Preset::Linkedin)).unwrap();
        assert_eq!(r.records.len(), 1);
        assert!(!r.records[0].time_known);
        assert_eq!(r.records[0].engagements, 69);
        assert!(r.warnings.iter().any(|w| w.contains("no time of day")));
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_column_and_skipped() {
        let csv = "date,network,reach,likes,comments,shares,text\n\
            02/03/2026 09:00,linkedin,1000,20,2,1,ok\n\
            31/02/2026 09:00,linkedin,1000,20,2,1,bad date\n\
            14/03/2026 12:30,instagram,abc,20,2,1,bad reach\n\
            ,x,10,1,1,1,no date\n\
            15/03/2026 12:30,Twitter,\"1 200\",30,4,2,\"texte, avec virgule\"\n";
        let o = ImportOptions {
            columns: Columns {
                time: vec!["date".into()],
                network: vec!["network".into()],
                impressions: vec!["reach".into()],
                likes: vec!["likes".into()],
                comments: vec!["comments".into()],
                shares: vec!["shares".into()],
                text: vec!["text".into()],
                ..Default::default()
            },
            ..Default::default()
        };
        let r = import_csv(csv, &o).unwrap();
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.rows, 5);
        let msgs: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs[0], "line 3: column \"date\": \"31/02/2026 09:00\" is not a date");
        assert_eq!(msgs[1], "line 4: column \"reach\": \"abc\" is not a number");
        assert!(msgs[2].starts_with("line 5: column \"date\""), "{msgs:?}");
        // Day first was inferred from 14/03 and 15/03.
        assert_eq!(r.records[0].posted_at.to_rfc3339(), "2026-03-02T09:00:00+00:00");
        assert_eq!(r.records[1].network, "x");
        assert_eq!(r.records[1].impressions, Some(1200));
    }

    #[test]
    fn whole_file_errors_are_clear() {
        let e = import_csv("a,b\n1,2\n", &ImportOptions::preset(Preset::X)).unwrap_err();
        assert!(e.0.contains("no date/time column") && e.0.contains("\"a\""), "{e}");
        let e = import_csv("time,text\n2026-01-01 10:00,x\n", &ImportOptions::preset(Preset::X)).unwrap_err();
        assert!(e.0.contains("no engagement column"), "{e}");
        let mut o = ImportOptions::preset(Preset::X);
        o.tz = Some("Mars/Olympus".into());
        assert!(import_csv("time,likes\n", &o).unwrap_err().0.contains("unknown time zone"));
        assert!(import_csv("", &ImportOptions::preset(Preset::X)).is_err());
    }

    #[test]
    fn date_forms_and_numbers() {
        let p = |s: &str, df| match parse_stamp(s, df) {
            Some(Stamp::Absolute(t)) => Some(t.to_rfc3339()),
            Some(Stamp::Local(n, _)) => Some(n.to_string()),
            None => None,
        };
        assert_eq!(p("2026-10-25T02:30:00+02:00", false).unwrap(), "2026-10-25T00:30:00+00:00");
        assert_eq!(p("2026-10-25 14:00", false).unwrap(), "2026-10-25 14:00:00");
        assert_eq!(p("10/25/2026 2:05 PM", false).unwrap(), "2026-10-25 14:05:00");
        assert_eq!(p("25/10/2026 14:05", true).unwrap(), "2026-10-25 14:05:00");
        assert_eq!(p("2026-10-25Z", false).unwrap(), "2026-10-25T00:00:00+00:00");
        assert_eq!(p("2026-03-05 08:00 UTC", false).unwrap(), "2026-03-05T08:00:00+00:00");
        assert!(p("13/13/2026", true).is_none());
        assert!(p("yesterday", true).is_none());
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count("1.234"), Ok(Some(1234)));
        assert_eq!(parse_count("1 234,0"), Ok(Some(1234)));
        assert_eq!(parse_count("12.6"), Ok(Some(13)));
        assert_eq!(parse_count(""), Ok(None));
        assert!(parse_count("-5").is_err());
        assert!(parse_count("NaN").is_err());
    }

    #[test]
    fn dst_gap_is_reported() {
        let csv = "time,likes\n2026-03-29 02:30,5\n2026-03-29 03:30,5\n";
        let mut o = ImportOptions::preset(Preset::X);
        o.tz = Some("Europe/Paris".into());
        let r = import_csv(csv, &o).unwrap();
        assert_eq!(r.records.len(), 1);
        assert!(r.errors[0].to_string().contains("does not exist in Europe/Paris"), "{:?}", r.errors);
    }
}
