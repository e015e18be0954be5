//! Calendar conflicts: what the side panel marks on the calendar, each with what to do.
//!
//! Only scheduled, non-deleted posts are on the calendar. A published post is never the subject
//! of advice (it is out; nothing can be done), but it still occupies its slot: a draft an hour
//! after it is too close, and it counts towards its day.
//!
//! Default spacing and posts per day are the best-time engine's per-network values
//! ([`prior_for`]), so a slot the engine suggests never shows as a conflict. Their basis
//! (`shared/reference/timing.md`): a tweet's engagement half-life is about 24 minutes, a
//! Facebook post's about 90 — two posts closer than a few half-lives compete for the same
//! audience. Hence 120 minutes on X, Bluesky and Mastodon (five half-lives: ~97% of the first
//! post's engagement is in), 180 on Facebook, Instagram, Threads, TikTok and YouTube (two
//! half-lives), 240 and one a day on LinkedIn, whose posts live for days; Hootsuite's
//! AutoSchedule likewise works with a posts-per-day cap and spacing per account. The allowed
//! window defaults to 07:00–22:00 every day, the best-time engine's default too. A style guide's
//! `[schedule]`, `min_gap_minutes` and `max_per_day` replace these defaults where it sets them
//! ([`ConflictOptions::following`]).

use super::{distinct_networks, format_date, format_minutes, network_name, post_time, weekday_name, Period};
use crate::check::local::msg;
use crate::guide::CompiledGuide;
use crate::lang::Lang;
use crate::networks::{self, CountingRule, NetworkProfile};
use crate::plan::model::{Campaign, Post, Status};
use crate::suggest::timing::{prior_for, GENERIC_PRIOR, PRIORS};
use crate::suggest::zone::ZoneResolver;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// An allowed part of a local day, in minutes after midnight: `[start, end)`; `end` may be 1440.
/// A window with `start >= end` allows nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First allowed minute.
    pub start: u32,
    /// First minute no longer allowed.
    pub end: u32,
}

impl Window {
    /// Whether local minute `m` (0–1439) is allowed.
    pub fn contains(&self, m: u32) -> bool {
        self.start <= m && m < self.end
    }
}

/// Allowed posting hours per local weekday, Monday first; `None` closes the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AllowedHours(pub [Option<Window>; 7]);

impl AllowedHours {
    /// The same window every day.
    pub fn every_day(start: u32, end: u32) -> AllowedHours {
        AllowedHours([Some(Window { start, end }); 7])
    }
}

impl Default for AllowedHours {
    /// 07:00–22:00 every day, as the best-time engine.
    fn default() -> Self {
        AllowedHours::every_day(7 * 60, 22 * 60)
    }
}

/// Settings of a conflict check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictOptions {
    /// The current instant: posts due before it and not published are overdue.
    pub now: DateTime<Utc>,
    /// Language of the messages (default French).
    #[serde(default = "default_lang")]
    pub lang: Lang,
    /// Only conflicts involving a post in this period (the month shown); `None`: the whole plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Minimum minutes between two posts, by network id (default: the network's, see the module).
    #[serde(default)]
    pub min_gap_minutes: BTreeMap<String, u32>,
    /// Most posts per local day, by network id (default: the network's).
    #[serde(default)]
    pub max_per_day: BTreeMap<String, u32>,
    /// Allowed local hours per weekday (default 07:00–22:00 every day).
    #[serde(default)]
    pub allowed_hours: AllowedHours,
}

fn default_lang() -> Lang {
    Lang::Fr
}

impl ConflictOptions {
    /// Defaults, at instant `now`, messages in `lang`.
    pub fn new(now: DateTime<Utc>, lang: Lang) -> Self {
        ConflictOptions {
            now,
            lang,
            period: None,
            min_gap_minutes: BTreeMap::new(),
            max_per_day: BTreeMap::new(),
            allowed_hours: AllowedHours::default(),
        }
    }

    /// These settings with `guide`'s posting rules (its `[schedule]`, `min_gap_minutes` and
    /// `max_per_day`) in place of the defaults; what the guide leaves unset keeps its default.
    pub fn following(mut self, guide: &CompiledGuide) -> Self {
        guide.posting_rules().apply_to_conflicts(&mut self);
        self
    }

    /// Minimum minutes between two posts on `network`.
    pub fn min_gap(&self, network: &str) -> u32 {
        self.min_gap_minutes.get(network).copied().unwrap_or_else(|| prior_for(network).min_gap_minutes)
    }

    /// Most posts a day on `network`.
    pub fn day_limit(&self, network: &str) -> u32 {
        self.max_per_day.get(network).copied().unwrap_or_else(|| prior_for(network).max_per_day)
    }

    /// How far outside the period a post can still conflict with one inside: the largest gap,
    /// plus two days for a local day seen from another zone.
    fn margin(&self) -> Duration {
        let builtin = PRIORS.iter().chain([&GENERIC_PRIOR]).map(|p| p.min_gap_minutes);
        let largest = builtin.chain(self.min_gap_minutes.values().copied()).max().unwrap_or(0);
        Duration::minutes(i64::from(largest)) + Duration::days(2)
    }
}

/// What kind of conflict, in the order the panel lists those of one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// Due and not published.
    Overdue,
    /// A network's text is over its length limit (or byte cap).
    OverLimit,
    /// Two posts on one network closer than the minimum gap.
    TooClose,
    /// More posts on one network in a local day than allowed.
    TooManyInADay,
    /// Outside the allowed hours or days, in the post's zone.
    OutsideHours,
    /// Outside the dates of the post's campaign.
    OutsideCampaign,
    /// The post's time zone is unknown, so its local time cannot be checked.
    UnknownZone,
}

/// One conflict: which posts, on which network, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// What kind.
    pub kind: ConflictKind,
    /// Ids of the posts concerned, earliest first.
    pub posts: Vec<String>,
    /// The network concerned, when the conflict is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// When: the time of the first post concerned (where the calendar shows it).
    pub at: DateTime<Utc>,
    /// What is wrong and what to do, in the requested language.
    pub message: String,
}

/// A post on the calendar, with what every check needs.
struct Entry<'p> {
    post: &'p Post,
    at: DateTime<Utc>,
    /// The IANA zone name, trimmed.
    zone: &'p str,
    /// The post's wall-clock time in its zone; `None` when the zone is unknown.
    local: Option<DateTime<FixedOffset>>,
    /// Not published yet: advice applies.
    open: bool,
    /// In the requested period.
    in_period: bool,
}

impl Entry<'_> {
    fn id(&self) -> String {
        self.post.meta.id.clone()
    }

    /// The local date, or the UTC date when the zone is unknown.
    fn date(&self) -> NaiveDate {
        self.local.map_or_else(|| self.at.date_naive(), |l| l.date_naive())
    }

    /// `HH:MM` on the post's wall clock (`HH:MM UTC` when the zone is unknown).
    fn clock(&self) -> String {
        match self.local {
            Some(l) => format_minutes(l.hour() * 60 + l.minute()),
            None => format!("{} UTC", format_minutes(self.at.hour() * 60 + self.at.minute())),
        }
    }
}

/// The conflicts of the calendar `posts` (deleted ones ignored), sorted by time, then kind,
/// network and posts: the same answer whatever the order of `posts`. `campaigns` give the
/// campaign dates; `guide` the length limits (`None`: the networks' own); `zones` the posts'
/// time zones. Never fails: an unknown zone is itself reported.
pub fn conflicts(
    posts: &[Post],
    campaigns: &[Campaign],
    guide: Option<&CompiledGuide>,
    zones: &dyn ZoneResolver,
    opts: &ConflictOptions,
) -> Vec<Conflict> {
    let window = opts.period.map(|p| {
        let margin = opts.margin();
        let from = p.from.checked_sub_signed(margin).unwrap_or(DateTime::<Utc>::MIN_UTC);
        let to = p.to.checked_add_signed(margin).unwrap_or(DateTime::<Utc>::MAX_UTC);
        Period::new(from, to)
    });
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for post in posts.iter().filter(|p| !p.meta.deleted) {
        let (Some(schedule), Some(at)) = (&post.schedule, post_time(post)) else { continue };
        if window.is_some_and(|w| !w.contains(at)) {
            continue;
        }
        let zone = schedule.zone.trim();
        let local = zones.offset_at(zone, at).ok().map(|off| at.with_timezone(&off));
        let in_period = opts.period.is_none_or(|p| p.contains(at));
        entries.push(Entry { post, at, zone, local, open: post.status != Status::Published, in_period });
    }
    crate::sort::sort_by(&mut entries, |a, b| {
        a.at.cmp(&b.at).then_with(|| a.post.meta.id.cmp(&b.post.meta.id))
    });

    let campaigns: HashMap<&str, &Campaign> =
        campaigns.iter().filter(|c| !c.meta.deleted).map(|c| (c.meta.id.as_str(), c)).collect();
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| e.open && e.in_period) {
        single_post(e, &campaigns, guide, opts, &mut out);
    }
    let mut by_network: BTreeMap<&str, Vec<&Entry<'_>>> = BTreeMap::new();
    for e in &entries {
        for n in distinct_networks(e.post) {
            by_network.entry(n).or_default().push(e);
        }
    }
    for (network, list) in &by_network {
        too_close(network, list, opts, &mut out);
        too_many_in_a_day(network, list, opts, &mut out);
    }
    crate::sort::sort_by(&mut out, |a, b| {
        (a.at, a.kind, &a.network, &a.posts, &a.message)
            .cmp(&(b.at, b.kind, &b.network, &b.posts, &b.message))
    });
    out
}

/// The checks about one post alone: overdue, zone, hours, campaign, length.
fn single_post(
    e: &Entry<'_>,
    campaigns: &HashMap<&str, &Campaign>,
    guide: Option<&CompiledGuide>,
    opts: &ConflictOptions,
    out: &mut Vec<Conflict>,
) {
    let ui = opts.lang;
    let mut push = |kind, network: Option<&str>, message: String| {
        out.push(Conflict {
            kind,
            posts: vec![e.id()],
            network: network.map(str::to_string),
            at: e.at,
            message,
        });
    };
    // Formatted only when a message needs them: most posts have no conflict.
    let (date, time, zone) = (|| format_date(ui, e.date()), || e.clock(), e.zone);
    if e.at < opts.now {
        let (date, time) = (date(), time());
        push(
            ConflictKind::Overdue,
            None,
            msg!(ui, "Prévue le {date} à {time} ({zone}) et toujours pas publiée : publiez-la puis marquez-la publiée, ou reprogrammez-la.", "Due on {date} at {time} ({zone}) and still not published: publish it and mark it published, or reschedule it."),
        );
    }
    match e.local {
        None => push(
            ConflictKind::UnknownZone,
            None,
            msg!(ui, "Fuseau horaire « {zone} » inconnu : choisissez un fuseau IANA comme Europe/Paris (heures autorisées et publications par jour non vérifiées).", "Unknown time zone \"{zone}\": choose an IANA zone such as Europe/Paris (allowed hours and posts per day not checked)."),
        ),
        Some(local) => {
            let minute = local.hour() * 60 + local.minute();
            let weekday = weekday_name(ui, local.weekday());
            match opts.allowed_hours.0[local.weekday().num_days_from_monday() as usize] {
                None => {
                    let (date, time) = (date(), time());
                    push(
                        ConflictKind::OutsideHours,
                        None,
                        msg!(ui, "Prévue un {weekday} ({date} à {time}, {zone}), jour sans publication : déplacez-la à un jour autorisé.", "Scheduled on a {weekday} ({date} at {time}, {zone}), a day without posts: move it to an allowed day."),
                    )
                }
                Some(w) if !w.contains(minute) => {
                    let (date, time) = (date(), time());
                    let (start, end) = (format_minutes(w.start), format_minutes(w.end.min(24 * 60)));
                    push(
                        ConflictKind::OutsideHours,
                        None,
                        msg!(ui, "Prévue à {time} ({zone}) le {weekday} {date}, hors des heures autorisées ({start}–{end}) : déplacez-la dans cette plage.", "Scheduled at {time} ({zone}) on {weekday} {date}, outside the allowed hours ({start}–{end}): move it into that window."),
                    );
                }
                Some(_) => {}
            }
        }
    }
    if let Some(c) = e.post.campaign.as_deref().and_then(|id| campaigns.get(id)) {
        let d = e.date();
        if c.starts.is_some_and(|s| d < s) || c.ends.is_some_and(|end| d > end) {
            let (name, date) = (&c.name, date());
            let range = campaign_range(ui, c.starts, c.ends);
            push(
                ConflictKind::OutsideCampaign,
                None,
                msg!(ui, "Prévue le {date}, en dehors de la campagne « {name} » ({range}) : reprogrammez-la dans ces dates ou retirez-la de la campagne.", "Scheduled on {date}, outside campaign \"{name}\" ({range}): reschedule it within those dates or take it out of the campaign."),
            );
        }
    }
    for network in distinct_networks(e.post) {
        if let Some(message) = over_limit(e.post, network, guide, ui) {
            push(ConflictKind::OverLimit, Some(network), message);
        }
    }
}

/// A campaign's dates as a phrase: "du 01/03/2026 au 31/03/2026", "from 2026-03-01"...
fn campaign_range(ui: Lang, starts: Option<NaiveDate>, ends: Option<NaiveDate>) -> String {
    let f = |d: NaiveDate| format_date(ui, d);
    match (starts.map(f), ends.map(f)) {
        (Some(s), Some(e)) => msg!(ui, "du {s} au {e}", "{s} to {e}"),
        (Some(s), None) => msg!(ui, "à partir du {s}", "from {s}"),
        (None, Some(e)) => msg!(ui, "jusqu’au {e}", "until {e}"),
        (None, None) => String::new(),
    }
}

/// The message when the text `post` sends to `network` is over that network's limit (the
/// guide's, else the built-in one), counted as the network counts; `None` when it fits or the
/// network is unknown.
fn over_limit(post: &Post, network: &str, guide: Option<&CompiledGuide>, ui: Lang) -> Option<String> {
    let profile: Cow<'_, NetworkProfile> = match guide.and_then(|g| g.network(network)) {
        Some(r) => Cow::Borrowed(&r.profile),
        None => Cow::Owned(networks::builtin(network)?),
    };
    let variant = post.variants.get(network);
    let text = variant.unwrap_or(&post.text);
    let bytes = text.len();
    let over_bytes = profile.byte_limit.filter(|&cap| bytes > cap);
    // Code points and graphemes never outnumber bytes: a text with no more bytes than the limit
    // fits without being counted (most posts, on most networks).
    let counted_in_chars = matches!(profile.counting, CountingRule::CodePoints | CountingRule::Graphemes);
    if over_bytes.is_none() && counted_in_chars && bytes <= profile.limit {
        return None;
    }
    let length = crate::text::length(text, &profile);
    if length <= profile.limit && over_bytes.is_none() {
        return None;
    }
    let net = &profile.name;
    let fix = match variant {
        Some(_) => msg!(ui, "raccourcissez la variante {net}", "shorten the {net} variant"),
        None => msg!(ui, "écrivez une variante {net} plus courte", "write a shorter {net} variant"),
    };
    if length > profile.limit {
        let (limit, over) = (profile.limit, length - profile.limit);
        let thread = match (profile.supports_threads, ui) {
            (false, _) => "",
            (true, Lang::Fr) => " ou découpez-la en fil",
            (true, Lang::En) => " or split it into a thread",
        };
        return Some(msg!(ui, "Le texte pour {net} compte {length} caractères pour une limite de {limit} : {fix} ({over} de trop){thread}.", "The {net} text is {length} characters long, over the limit of {limit}: {fix} ({over} too many){thread}."));
    }
    let cap = over_bytes?;
    Some(msg!(
        ui,
        "Le texte pour {net} pèse {bytes} octets pour un maximum de {cap} : {fix}.",
        "The {net} text takes {bytes} bytes, over the cap of {cap}: {fix}."
    ))
}

/// Neighbouring posts on `network` closer than its minimum gap. `list` is in time order; each
/// post is compared with the next, so a bunch of posts gives one conflict per neighbouring pair
/// (linear, and every post involved is named).
fn too_close(network: &str, list: &[&Entry<'_>], opts: &ConflictOptions, out: &mut Vec<Conflict>) {
    let gap = opts.min_gap(network);
    if gap == 0 {
        return;
    }
    let gap_d = Duration::minutes(i64::from(gap));
    let (ui, net) = (opts.lang, network_name(network));
    for pair in list.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let apart_d = b.at - a.at;
        if apart_d >= gap_d || !(a.open || b.open) || !(a.in_period || b.in_period) {
            continue;
        }
        let apart = apart_d.num_minutes();
        let need = ((gap_d - apart_d).num_seconds() + 59) / 60;
        let (ta, tb) = (a.clock(), b.clock());
        out.push(Conflict {
            kind: ConflictKind::TooClose,
            posts: vec![a.id(), b.id()],
            network: Some(network.to_string()),
            at: a.at,
            message: msg!(ui, "Deux publications {net} à {apart} min d’intervalle ({ta} et {tb}) ; il faut au moins {gap} min entre deux : décalez l’une d’elles d’au moins {need} min.", "Two {net} posts {apart} min apart ({ta} and {tb}); keep at least {gap} min between two: move one of them by at least {need} min."),
        });
    }
}

/// Local days with more posts on `network` than allowed. Posts whose zone is unknown are left
/// out (their day is unknown; they get an unknown-zone conflict instead).
fn too_many_in_a_day(network: &str, list: &[&Entry<'_>], opts: &ConflictOptions, out: &mut Vec<Conflict>) {
    let max = opts.day_limit(network);
    let mut days: BTreeMap<NaiveDate, Vec<&Entry<'_>>> = BTreeMap::new();
    for e in list.iter().filter(|e| e.local.is_some()) {
        days.entry(e.date()).or_default().push(e);
    }
    let (ui, net) = (opts.lang, network_name(network));
    for (day, on_day) in days {
        let n = on_day.len();
        if n <= max as usize || !on_day.iter().any(|e| e.open) || !on_day.iter().any(|e| e.in_period) {
            continue;
        }
        let (date, extra) = (format_date(ui, day), n - max as usize);
        out.push(Conflict {
            kind: ConflictKind::TooManyInADay,
            posts: on_day.iter().map(|e| e.id()).collect(),
            network: Some(network.to_string()),
            at: on_day[0].at,
            message: msg!(ui, "{n} publications {net} le {date} (au plus {max} par jour) : déplacez-en {extra} à un autre jour.", "{n} {net} posts on {date} (at most {max} a day): move {extra} of them to another day."),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;

    /// The zone database where it is built in; the tests that need real zones are gated on it.
    #[cfg(feature = "tzdb")]
    fn tz() -> crate::suggest::zone::TzDb {
        crate::suggest::zone::TzDb
    }

    /// UTC only: enough for the checks that do not depend on a zone's rules.
    struct UtcOnly;

    impl ZoneResolver for UtcOnly {
        fn offset_at(&self, zone: &str, _utc: DateTime<Utc>) -> Result<FixedOffset, String> {
            match zone {
                "UTC" => Ok(FixedOffset::east_opt(0).expect("zero offset")),
                _ => Err(format!("unknown zone {zone}")),
            }
        }
    }

    /// Options with every check but the one under test out of the way.
    fn quiet(now: &str) -> ConflictOptions {
        let mut o = ConflictOptions::new(at(now), Lang::En);
        o.allowed_hours = AllowedHours::every_day(0, 24 * 60);
        o
    }

    fn kinds(c: &[Conflict]) -> Vec<ConflictKind> {
        c.iter().map(|c| c.kind).collect()
    }

    /// A guide of `body` after a minimal head.
    fn guide_of(body: &str) -> CompiledGuide {
        crate::guide::compile(
            &format!("version = 1\n[brand]\nname = \"T\"\n{body}"),
            crate::guide::Format::Toml,
        )
        .expect("valid guide")
    }

    #[test]
    fn the_guide_schedule_replaces_the_default_hours() {
        let guide = guide_of("[schedule]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"]\nhours = \"09:00-17:00\"\n[schedule.hours_by_day]\nsat = \"10:00-12:00\"\n");
        let plain = ConflictOptions::new(at("2026-01-01T00:00:00Z"), Lang::En);
        let ruled = plain.clone().following(&guide);
        let outside = |o: &ConflictOptions, when: &str| {
            conflicts(&[post("p", &["x"], when, "UTC")], &[], Some(&guide), &UtcOnly, o)
                .into_iter()
                .find(|c| c.kind == ConflictKind::OutsideHours)
                .map(|c| c.message)
        };
        // Sunday 1 March at noon: fine by default, a closed day under the guide.
        assert_eq!(outside(&plain, "2026-03-01T12:00:00Z"), None);
        assert_eq!(outside(&ruled, "2026-03-01T12:00:00Z").as_deref(), Some("Scheduled on a Sunday (2026-03-01 at 12:00, UTC), a day without posts: move it to an allowed day."));
        // Monday 08:00 and 18:00: inside 07:00-22:00, outside the guide's 09:00-17:00.
        assert_eq!(outside(&plain, "2026-03-02T08:00:00Z"), None);
        assert!(outside(&ruled, "2026-03-02T08:00:00Z").unwrap().contains("(09:00–17:00)"));
        assert!(outside(&ruled, "2026-03-02T18:00:00Z").is_some());
        assert_eq!(outside(&ruled, "2026-03-02T16:59:00Z"), None);
        // Saturday has its own hours.
        assert!(outside(&ruled, "2026-03-07T13:00:00Z").unwrap().contains("(10:00–12:00)"));
        assert_eq!(outside(&ruled, "2026-03-07T11:00:00Z"), None);
        // A guide without [schedule] keeps the default hours.
        let bare = plain.clone().following(&guide_of(""));
        assert_eq!(bare, plain);
    }

    #[test]
    fn the_guide_spacing_and_day_limit_replace_the_network_defaults() {
        let guide = guide_of("[networks.defaults]\nmin_gap_minutes = 30\n[networks.overrides.x]\nmax_per_day = 1\n[networks.overrides.linkedin]\nmax_per_day = 2\nmin_gap_minutes = 600\n");
        let plain = quiet("2026-01-01T00:00:00Z");
        let ruled = plain.clone().following(&guide);
        let found = |o: &ConflictOptions, posts: &[Post]| {
            let c = conflicts(posts, &[], Some(&guide), &UtcOnly, o);
            c.iter().map(|c| (c.kind, c.network.clone().unwrap_or_default())).collect::<Vec<_>>()
        };
        // Two X posts 60 min apart: too close by default (120 min), fine with the guide's 30 min,
        // but the guide allows one X post a day.
        let x = [
            post("a", &["x"], "2026-03-02T09:00:00Z", "UTC"),
            post("b", &["x"], "2026-03-02T10:00:00Z", "UTC"),
        ];
        assert_eq!(found(&plain, &x), [(ConflictKind::TooClose, "x".to_string())]);
        assert_eq!(found(&ruled, &x), [(ConflictKind::TooManyInADay, "x".to_string())]);
        let c = conflicts(&x, &[], Some(&guide), &UtcOnly, &ruled);
        assert_eq!(c[0].message, "2 X posts on 2026-03-02 (at most 1 a day): move 1 of them to another day.");
        // Two LinkedIn posts 5 hours apart: one too many by default (one a day); under the guide,
        // two a day are fine but 600 min apart are needed.
        let li = [
            post("a", &["linkedin"], "2026-03-02T08:00:00Z", "UTC"),
            post("b", &["linkedin"], "2026-03-02T13:00:00Z", "UTC"),
        ];
        assert_eq!(found(&plain, &li), [(ConflictKind::TooManyInADay, "linkedin".to_string())]);
        assert_eq!(found(&ruled, &li), [(ConflictKind::TooClose, "linkedin".to_string())]);
        assert!(conflicts(&li, &[], Some(&guide), &UtcOnly, &ruled)[0]
            .message
            .contains("keep at least 600 min"));
        // Bluesky gets the guide's default gap and keeps its own posts per day (3).
        let bsky = [
            post("a", &["bluesky"], "2026-03-02T09:00:00Z", "UTC"),
            post("b", &["bluesky"], "2026-03-02T09:45:00Z", "UTC"),
            post("c", &["bluesky"], "2026-03-02T10:30:00Z", "UTC"),
        ];
        assert_eq!(found(&plain, &bsky).len(), 2);
        assert!(found(&ruled, &bsky).is_empty());
    }

    #[test]
    fn posts_closer_than_the_network_gap_conflict() {
        let o = quiet("2026-01-01T00:00:00Z");
        // X: 120 min by default. 09:00 and 10:30 are 90 min apart; 13:00 is clear of 10:30.
        let posts = vec![
            post("b", &["x"], "2026-03-02T10:30:00Z", "UTC"),
            post("a", &["x", "linkedin"], "2026-03-02T09:00:00Z", "UTC"),
            post("c", &["x"], "2026-03-02T13:00:00Z", "UTC"),
            post("d", &["linkedin"], "2026-03-03T12:00:00Z", "UTC"),
        ];
        let c = conflicts(&posts, &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::TooClose], "{c:#?}");
        assert_eq!(c[0].posts, ["a", "b"]);
        assert_eq!(c[0].network.as_deref(), Some("x"));
        assert_eq!(c[0].at, at("2026-03-02T09:00:00Z"));
        assert_eq!(c[0].message, "Two X posts 90 min apart (09:00 and 10:30); keep at least 120 min between two: move one of them by at least 30 min.");
        // Exactly the gap is fine; one second less is not, and rounds the advice up to a minute.
        let mut o2 = o.clone();
        o2.min_gap_minutes.insert("x".into(), 90);
        assert!(conflicts(&posts, &[], None, &UtcOnly, &o2).is_empty());
        let mut tight = posts.clone();
        tight[0].schedule.as_mut().unwrap().at = at("2026-03-02T10:29:59Z");
        let c = conflicts(&tight, &[], None, &UtcOnly, &o2);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message.contains("89 min apart") && c[0].message.ends_with("by at least 1 min."),
            "{}",
            c[0].message
        );
        // A gap of 0 switches the check off.
        o2.min_gap_minutes.insert("x".into(), 0);
        assert!(conflicts(&tight, &[], None, &UtcOnly, &o2).is_empty());
    }

    #[test]
    fn a_published_post_is_a_neighbour_never_a_subject() {
        let o = quiet("2026-03-10T00:00:00Z");
        let a = published(post("a", &["x"], "2026-03-02T09:00:00Z", "UTC"), None, None);
        let b = published(post("b", &["x"], "2026-03-02T09:30:00Z", "UTC"), None, None);
        // Two published posts too close: nothing to do, nothing said (and not overdue).
        assert!(conflicts(&[a.clone(), b.clone()], &[], None, &UtcOnly, &o).is_empty());
        // A draft next to a published post: the pair is reported.
        let mut later = post("c", &["x"], "2026-03-12T09:00:00Z", "UTC");
        let mut pub_later = published(post("d", &["x"], "2026-03-12T08:00:00Z", "UTC"), None, None);
        pub_later.metrics.as_mut().unwrap().published_at = Some(at("2026-03-12T08:30:00Z"));
        later.status = Status::Draft;
        let c = conflicts(&[a, b, later, pub_later], &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::TooClose]);
        // Its actual publication time (08:30) counts, not its schedule (08:00).
        assert_eq!(c[0].posts, ["d", "c"]);
        assert!(c[0].message.contains("30 min apart"), "{}", c[0].message);
    }

    #[test]
    fn too_many_posts_in_a_day() {
        let mut o = quiet("2026-01-01T00:00:00Z");
        o.min_gap_minutes.insert("linkedin".into(), 0);
        // LinkedIn: one a day by default.
        let posts = vec![
            post("p1", &["linkedin"], "2026-03-02T08:00:00Z", "UTC"),
            post("p2", &["linkedin"], "2026-03-02T17:00:00Z", "UTC"),
            post("p3", &["linkedin"], "2026-03-03T08:00:00Z", "UTC"),
        ];
        let c = conflicts(&posts, &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::TooManyInADay]);
        assert_eq!(c[0].posts, ["p1", "p2"]);
        assert_eq!(
            c[0].message,
            "2 LinkedIn posts on 2026-03-02 (at most 1 a day): move 1 of them to another day."
        );
        o.max_per_day.insert("linkedin".into(), 2);
        assert!(conflicts(&posts, &[], None, &UtcOnly, &o).is_empty());
    }

    #[test]
    fn overdue_posts_and_french_messages() {
        let mut o = quiet("2026-03-02T12:00:00Z");
        o.lang = Lang::Fr;
        let mut idea = post("i", &["x"], "2026-03-02T09:00:00Z", "UTC");
        idea.status = Status::Idea;
        let future = post("f", &["x"], "2026-03-02T15:00:00Z", "UTC");
        let c = conflicts(&[idea, future], &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::Overdue]);
        assert_eq!(c[0].posts, ["i"]);
        assert_eq!(c[0].message, "Prévue le 02/03/2026 à 09:00 (UTC) et toujours pas publiée : publiez-la puis marquez-la publiée, ou reprogrammez-la.");
    }

    #[test]
    fn posts_outside_their_campaign() {
        let o = quiet("2026-01-01T00:00:00Z");
        let camps = vec![
            campaign("spring", "Printemps", Some("2026-03-01"), Some("2026-03-31")),
            campaign("open", "Open", Some("2026-03-10"), None),
        ];
        let mut inside = post("in", &["x"], "2026-03-31T21:00:00Z", "UTC");
        inside.campaign = Some("spring".into());
        let mut after = post("late", &["x"], "2026-04-01T00:00:00Z", "UTC");
        after.campaign = Some("spring".into());
        let mut before = post("early", &["linkedin"], "2026-03-09T23:59:00Z", "UTC");
        before.campaign = Some("open".into());
        let mut unknown = post("u", &["linkedin"], "2026-06-01T10:00:00Z", "UTC");
        unknown.campaign = Some("no-such-campaign".into());
        let c = conflicts(&[inside, after, before, unknown], &camps, None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::OutsideCampaign, ConflictKind::OutsideCampaign]);
        assert_eq!(c[0].posts, ["early"]);
        assert_eq!(c[0].message, "Scheduled on 2026-03-09, outside campaign \"Open\" (from 2026-03-10): reschedule it within those dates or take it out of the campaign.");
        assert_eq!(c[1].posts, ["late"]);
        assert!(c[1].message.contains("(2026-03-01 to 2026-03-31)"), "{}", c[1].message);
        // A deleted campaign no longer constrains its posts.
        let mut gone = camps.clone();
        gone[0].meta.deleted = true;
        let mut late = post("late", &["x"], "2026-04-01T00:00:00Z", "UTC");
        late.campaign = Some("spring".into());
        assert!(conflicts(&[late], &gone, None, &UtcOnly, &o).is_empty());
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn campaign_days_are_the_posts_local_days() {
        let o = quiet("2026-01-01T00:00:00Z");
        let camps = vec![campaign("spring", "Printemps", Some("2026-03-01"), Some("2026-03-31"))];
        // 22:30 UTC on 31 March is 00:30 on 1 April in Paris: after the campaign.
        let mut p = post("p", &["x"], "2026-03-31T22:30:00Z", "Europe/Paris");
        p.campaign = Some("spring".into());
        let c = conflicts(&[p], &camps, None, &tz(), &o);
        assert_eq!(kinds(&c), [ConflictKind::OutsideCampaign]);
        assert!(c[0].message.starts_with("Scheduled on 2026-04-01"), "{}", c[0].message);
    }

    #[test]
    fn variants_over_the_network_limit() {
        let o = quiet("2026-01-01T00:00:00Z");
        let mut p = post("p", &["x", "linkedin", "myspace"], "2026-03-02T09:00:00Z", "UTC");
        p.text = "é".repeat(300); // fits LinkedIn's 3,000; the made-up network is not counted
        p.variants.insert("x".into(), "a".repeat(281));
        let c = conflicts(&[p.clone()], &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::OverLimit]);
        assert_eq!(c[0].network.as_deref(), Some("x"));
        assert_eq!(c[0].message, "The X text is 281 characters long, over the limit of 280: shorten the X variant (1 too many) or split it into a thread.");
        // X counts a link as 23 whatever its length: a long URL fits.
        p.variants.insert("x".into(), format!("Voir https://example.com/{}", "a".repeat(400)));
        assert!(conflicts(&[p.clone()], &[], None, &UtcOnly, &o).is_empty());
        // No variant: the master text is what goes out, and the advice is to write one.
        p.variants.clear();
        let c = conflicts(&[p.clone()], &[], None, &UtcOnly, &o);
        assert_eq!(c.len(), 1);
        assert!(
            c[0].message.contains("300 characters") && c[0].message.contains("write a shorter X variant"),
            "{}",
            c[0].message
        );
        // The guide's limit replaces the network's.
        let src = "version = 1\n[brand]\nname = \"B\"\n[networks.overrides.linkedin]\nlimit = 200\n";
        let g = crate::guide::compile(src, crate::guide::Format::Toml).expect("guide");
        let c = conflicts(&[p], &[], Some(&g), &UtcOnly, &o);
        assert_eq!(c.iter().filter_map(|c| c.network.as_deref()).collect::<Vec<_>>(), ["linkedin", "x"]);
        assert!(
            c[0].message.contains("over the limit of 200") && !c[0].message.contains("thread"),
            "{}",
            c[0].message
        );
    }

    #[test]
    fn bluesky_byte_cap() {
        let o = quiet("2026-01-01T00:00:00Z");
        let mut p = post("p", &["bluesky"], "2026-03-02T09:00:00Z", "UTC");
        // 200 family emoji: 200 graphemes (under 300) but 5,000 bytes (over 3,000).
        p.text = "👨\u{200d}👩\u{200d}👧".repeat(200);
        let c = conflicts(&[p], &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::OverLimit]);
        assert_eq!(
            c[0].message,
            format!(
                "The Bluesky text takes {} bytes, over the cap of 3000: write a shorter Bluesky variant.",
                200 * 18
            )
        );
    }

    #[test]
    fn deleted_posts_and_unscheduled_ones_are_ignored() {
        let o = quiet("2026-06-01T00:00:00Z");
        let mut gone = post("gone", &["x"], "2026-03-02T09:00:00Z", "UTC");
        gone.meta.deleted = true;
        gone.text = "a".repeat(400);
        let mut undated = post("undated", &["x"], "2026-03-02T09:10:00Z", "UTC");
        undated.schedule = None;
        let live = post("live", &["x"], "2026-07-02T09:20:00Z", "UTC");
        assert!(conflicts(&[gone, undated, live], &[], None, &UtcOnly, &o).is_empty());
    }

    #[test]
    fn unknown_zones_are_reported_not_fatal() {
        let o = quiet("2026-01-01T00:00:00Z");
        let p = post("p", &["x"], "2026-03-02T09:00:00Z", "Mars/Olympus");
        let c = conflicts(&[p], &[], None, &UtcOnly, &o);
        assert_eq!(kinds(&c), [ConflictKind::UnknownZone]);
        assert!(c[0].message.starts_with("Unknown time zone \"Mars/Olympus\""), "{}", c[0].message);
    }

    #[test]
    fn period_keeps_conflicts_touching_it() {
        let mut o = quiet("2026-01-01T00:00:00Z");
        o.period = Some(Period::new(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z")));
        // 28 Feb 23:30 and 1 Mar 00:30: the pair straddles the start of March and is kept.
        let posts = vec![
            post("feb", &["x"], "2026-02-28T23:30:00Z", "UTC"),
            post("mar", &["x"], "2026-03-01T00:30:00Z", "UTC"),
            post("jan1", &["x"], "2026-01-10T10:00:00Z", "UTC"),
            post("jan2", &["x"], "2026-01-10T10:10:00Z", "UTC"),
        ];
        let c = conflicts(&posts, &[], None, &UtcOnly, &o);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].posts, ["feb", "mar"]);
    }

    #[test]
    fn options_read_from_json_with_defaults() {
        let o: ConflictOptions = serde_json::from_str(r#"{"now":"2026-03-01T00:00:00Z","maxPerDay":{"x":5},"allowedHours":[{"start":540,"end":1080},null,null,null,null,null,null]}"#).expect("options");
        assert_eq!(o.lang, Lang::Fr);
        assert_eq!(o.day_limit("x"), 5);
        assert_eq!(o.day_limit("linkedin"), 1);
        assert_eq!(o.min_gap("x"), 120);
        assert_eq!(o.min_gap("facebook"), 180);
        assert_eq!(o.min_gap("somewhere"), GENERIC_PRIOR.min_gap_minutes);
        assert_eq!(o.allowed_hours.0[0], Some(Window { start: 540, end: 1080 }));
        assert_eq!(o.allowed_hours.0[1], None);
        let back: ConflictOptions = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }

    /// Allowed 07:00–22:00, checked on the wall clock of Paris across both clock changes of 2026
    /// (29 March: 02:00 CET → 03:00 CEST; 25 October: 03:00 CEST → 02:00 CET).
    #[cfg(feature = "tzdb")]
    #[test]
    fn allowed_hours_follow_paris_clock_changes() {
        let o = ConflictOptions::new(at("2026-01-01T00:00:00Z"), Lang::En);
        let check = |utc: &str| {
            let c = conflicts(&[post("p", &["x"], utc, "Europe/Paris")], &[], None, &tz(), &o);
            c.into_iter().find(|c| c.kind == ConflictKind::OutsideHours).map(|c| c.message)
        };
        // Sunday 29 March: 05:30 UTC is 07:30 CEST (allowed); at the winter offset it would be 06:30.
        assert_eq!(check("2026-03-29T05:30:00Z"), None);
        // 04:59 UTC is 06:59 CEST: too early.
        assert_eq!(check("2026-03-29T04:59:00Z").as_deref(), Some("Scheduled at 06:59 (Europe/Paris) on Sunday 2026-03-29, outside the allowed hours (07:00–22:00): move it into that window."));
        // Saturday 28 March, still winter: 06:00 UTC is 07:00 CET, allowed; 05:59 is not.
        assert_eq!(check("2026-03-28T06:00:00Z"), None);
        assert!(check("2026-03-28T05:59:00Z").is_some());
        // Sunday 25 October: 05:30 UTC is 06:30 CET (too early); at the summer offset it would be 07:30.
        assert!(check("2026-10-25T05:30:00Z").unwrap().contains("at 06:30"));
        assert_eq!(check("2026-10-25T06:00:00Z"), None);
        // The evening end: 20:59 UTC on 25 October is 21:59 CET (allowed), 21:00 UTC is 22:00 (not).
        assert_eq!(check("2026-10-25T20:59:00Z"), None);
        assert!(check("2026-10-25T21:00:00Z").unwrap().contains("at 22:00"));
        // The day before, in summer time, 20:00 UTC is already 22:00.
        assert!(check("2026-10-24T20:00:00Z").unwrap().contains("at 22:00"));
    }

    /// Night windows around the clock changes: the repeated hour of October and the missing hour
    /// of March.
    #[cfg(feature = "tzdb")]
    #[test]
    fn night_window_across_the_repeated_and_missing_hours() {
        let mut o = ConflictOptions::new(at("2026-01-01T00:00:00Z"), Lang::En);
        o.allowed_hours = AllowedHours::every_day(2 * 60, 3 * 60);
        let outside = |utc: &str| {
            conflicts(&[post("p", &["x"], utc, "Europe/Paris")], &[], None, &tz(), &o)
                .iter()
                .any(|c| c.kind == ConflictKind::OutsideHours)
        };
        // 25 October, 02:30 happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET). Both allowed.
        assert!(!outside("2026-10-25T00:30:00Z"));
        assert!(!outside("2026-10-25T01:30:00Z"));
        assert!(outside("2026-10-25T02:00:00Z")); // 03:00 CET
                                                  // 29 March, 02:00–03:00 does not exist: 01:00 UTC is already 03:00 CEST.
        assert!(outside("2026-03-29T01:00:00Z"));
        assert!(!outside("2026-03-28T01:30:00Z")); // Saturday 02:30 CET
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn closed_days_and_local_days_across_the_clock_change() {
        let mut o = ConflictOptions::new(at("2026-01-01T00:00:00Z"), Lang::Fr);
        o.allowed_hours.0[6] = None; // no posts on Sundays
                                     // Saturday 24 October 22:30 UTC is Sunday 00:30 CEST.
        let c = conflicts(&[post("p", &["x"], "2026-10-24T22:30:00Z", "Europe/Paris")], &[], None, &tz(), &o);
        let hours: Vec<_> = c.iter().filter(|c| c.kind == ConflictKind::OutsideHours).collect();
        assert_eq!(hours.len(), 1);
        assert_eq!(hours[0].message, "Prévue un dimanche (25/10/2026 à 00:30, Europe/Paris), jour sans publication : déplacez-la à un jour autorisé.");
        // Per-day counts use the local day: on Sunday 25 October (25 hours long), 22:30 UTC is
        // 23:30 CET, still the 25th; in summer time it would have been Monday 00:30.
        let mut o = quiet("2026-01-01T00:00:00Z");
        o.min_gap_minutes.insert("linkedin".into(), 0);
        let same_day = vec![
            post("a", &["linkedin"], "2026-10-24T22:30:00Z", "Europe/Paris"),
            post("b", &["linkedin"], "2026-10-25T22:30:00Z", "Europe/Paris"),
        ];
        let c = conflicts(&same_day, &[], None, &tz(), &o);
        assert_eq!(kinds(&c), [ConflictKind::TooManyInADay]);
        assert_eq!(c[0].posts, ["a", "b"]);
        assert!(c[0].message.contains("on 2026-10-25"), "{}", c[0].message);
        // And 22:30 UTC on the 26th is 23:30 on the 26th: a day of its own.
        let next = vec![
            post("a", &["linkedin"], "2026-10-25T22:30:00Z", "Europe/Paris"),
            post("b", &["linkedin"], "2026-10-26T22:30:00Z", "Europe/Paris"),
        ];
        assert!(conflicts(&next, &[], None, &tz(), &o).is_empty());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn arb_posts() -> impl Strategy<Value = Vec<Post>> {
            let one = (0u32..3, 0i64..(4 * 1440), 0u8..6, any::<bool>(), 0usize..3);
            proptest::collection::vec(one, 0..24).prop_map(|raw| {
                raw.into_iter()
                    .enumerate()
                    .map(|(i, (nets, minute, status, deleted, len))| {
                        let networks: &[&str] = match nets {
                            0 => &["x"],
                            1 => &["linkedin"],
                            _ => &["x", "linkedin"],
                        };
                        let when = (at("2026-03-01T00:00:00Z") + Duration::minutes(minute * 7 % (4 * 1440)))
                            .to_rfc3339();
                        let mut p = post(&format!("p{i}"), networks, &when, "UTC");
                        p.status = [
                            Status::Idea,
                            Status::Draft,
                            Status::InReview,
                            Status::Approved,
                            Status::Scheduled,
                            Status::Published,
                        ][status as usize];
                        p.meta.deleted = deleted && i % 3 == 0;
                        p.text = "a".repeat([10, 290, 3100][len]);
                        p
                    })
                    .collect()
            })
        }

        proptest! {
            /// The same conflicts whatever the order of the posts (reversed and rotated).
            #[test]
            fn conflicts_do_not_depend_on_input_order(posts in arb_posts(), rot in 0usize..24) {
                let mut o = ConflictOptions::new(at("2026-03-02T12:00:00Z"), Lang::En);
                o.period = Some(Period::new(at("2026-03-02T00:00:00Z"), at("2026-03-04T00:00:00Z")));
                let want = conflicts(&posts, &[], None, &UtcOnly, &o);
                let mut rev = posts.clone();
                rev.reverse();
                prop_assert_eq!(&conflicts(&rev, &[], None, &UtcOnly, &o), &want);
                let mut rotated = posts.clone();
                if !rotated.is_empty() {
                    let k = rot % rotated.len();
                    rotated.rotate_left(k);
                }
                prop_assert_eq!(&conflicts(&rotated, &[], None, &UtcOnly, &o), &want);
                // Every conflict names live posts, and pairs are in time order.
                for c in &want {
                    prop_assert!(c.posts.iter().all(|id| posts.iter().any(|p| &p.meta.id == id && !p.meta.deleted)));
                }
            }
        }
    }
}
