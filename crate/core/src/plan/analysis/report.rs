//! The numbers behind the report page: the side panel draws its SVG charts from a [`Report`].
//!
//! Over a period `[from, to)`:
//! - **posts per network and per local week** (weeks start on Monday in the report's zone): from
//!   the plan (planned and published, a post counting once per network) and, side by side, from
//!   the analytics history;
//! - **engagement rate** per network and overall: total engagements over total impressions of
//!   the measured posts that have impressions (a ratio of sums, so a post seen by 10 people does
//!   not weigh as much as one seen by 10,000);
//! - **best and worst posts** by engagement rate, among posts with at least
//!   [`ReportOptions::min_impressions`] impressions (a rate on a handful of views means little);
//!   worst posts are taken from those not already among the best;
//! - **follower growth** per network from follower counts ([`FollowerSample`]; analytics
//!   post exports carry none, so they come as their own series);
//! - the **pillar mix** ([`super::mix`]);
//! - **reply times** per triage class from a [`ReplyLog`]: median and 90th percentile of the
//!   answered comments, and the unanswered ones with the oldest wait — complaints and urgent
//!   messages first, since an unanswered complaint is the risk.
//!
//! Measured posts are the history records, plus published plan posts carrying their own figures
//! (typed in) when they go to one network (a figure shared by several networks cannot be split)
//! and no history record already stands for them: same network and same minute, or same day
//! when the export gave only the date.

use super::mix::{pillar_mix, MixOptions, PillarMix};
use super::{distinct_networks, network_name, post_time, week_start, Period};
use crate::check::local::msg;
use crate::guide::model::Pillar;
use crate::lang::Lang;
use crate::plan::model::{Post, Status};
use crate::suggest::history::HistoryRecord;
use crate::suggest::triage::Class;
use crate::suggest::zone::ZoneResolver;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One comment and when it was answered: the input of reply times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyLog {
    /// When the comment arrived.
    pub received_at: DateTime<Utc>,
    /// When it was answered; `None` while unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_at: Option<DateTime<Utc>>,
    /// What kind of comment (from the reply triage).
    pub class: Class,
}

/// A network's follower count at one instant (from the network's audience export or typed in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowerSample {
    /// Network id.
    pub network: String,
    /// When the count was taken.
    pub at: DateTime<Utc>,
    /// Followers then.
    pub followers: u64,
}

/// What a report is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The plan's posts (deleted ones are ignored).
    pub posts: &'a [Post],
    /// The analytics history.
    pub history: &'a [HistoryRecord],
    /// Follower counts.
    pub followers: &'a [FollowerSample],
    /// Comments and their replies.
    pub replies: &'a [ReplyLog],
    /// The guide's pillars, for the mix.
    pub pillars: &'a [Pillar],
}

/// Settings of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportOptions {
    /// The period reported on.
    pub period: Period,
    /// IANA zone whose weeks (Monday first) the posts are counted in.
    pub zone: String,
    /// The current instant, for how long unanswered comments have waited.
    pub now: DateTime<Utc>,
    /// Fewest impressions for a post to be ranked best or worst (default 100).
    #[serde(default = "default_min_impressions")]
    pub min_impressions: u64,
    /// How many best and worst posts (default 3 each).
    #[serde(default = "default_top")]
    pub top: usize,
    /// Pillar-mix tolerance, in points (default 5).
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Language of the names and errors (default French).
    #[serde(default = "default_lang")]
    pub lang: Lang,
}

fn default_min_impressions() -> u64 {
    100
}
fn default_top() -> usize {
    3
}
fn default_tolerance() -> f64 {
    MixOptions::default().tolerance
}
fn default_lang() -> Lang {
    Lang::Fr
}

impl ReportOptions {
    /// Defaults for `period` in `zone` at instant `now`.
    pub fn new(period: Period, zone: &str, now: DateTime<Utc>) -> Self {
        ReportOptions {
            period,
            zone: zone.to_string(),
            now,
            min_impressions: default_min_impressions(),
            top: default_top(),
            tolerance: default_tolerance(),
            lang: default_lang(),
        }
    }
}

/// The longest period a report covers (ten years of weeks).
const MAX_DAYS: i64 = 3653;

/// Posts of one network over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPosts {
    /// Network id.
    pub network: String,
    /// Display name.
    pub name: String,
    /// Plan posts not yet published (any status with a date).
    pub planned: u32,
    /// Plan posts published.
    pub published: u32,
    /// Posts in the analytics history.
    pub history: u32,
}

/// Posts of one local week, per network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WeekPosts {
    /// The Monday the week starts on.
    pub start: NaiveDate,
    /// Plan posts by network id (every network of the report, zeros included).
    pub plan: BTreeMap<String, u32>,
    /// History posts by network id (every network of the report, zeros included).
    pub history: BTreeMap<String, u32>,
}

/// Engagement of a set of measured posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Engagement {
    /// Network id; `None` for the overall figures.
    pub network: Option<String>,
    /// Measured posts.
    pub posts: u32,
    /// Of which with impressions (the rate is computed over those).
    pub with_impressions: u32,
    /// Impressions of the posts with impressions.
    pub impressions: u64,
    /// Engagements of the posts with impressions (the rate's numerator).
    pub engagements: u64,
    /// `engagements / impressions`; `None` without impressions.
    pub rate: Option<f64>,
}

/// Where a measured post comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A plan post with its own figures.
    Plan,
    /// An analytics history record.
    History,
}

/// A post ranked by engagement rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedPost {
    /// Where it comes from.
    pub source: Source,
    /// The plan post's id, for a plan post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
    /// Network id.
    pub network: String,
    /// When it went out.
    pub at: DateTime<Utc>,
    /// The start of its text (at most 80 characters), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Impressions.
    pub impressions: u64,
    /// Engagements.
    pub engagements: u64,
    /// `engagements / impressions`.
    pub rate: f64,
}

/// A follower count in a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowerPoint {
    /// When.
    pub at: DateTime<Utc>,
    /// Followers.
    pub followers: u64,
}

/// Follower growth of one network over the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowerGrowth {
    /// Network id.
    pub network: String,
    /// The counts in the period, oldest first.
    pub series: Vec<FollowerPoint>,
    /// Last count minus first; `None` with fewer than two counts.
    pub change: Option<i64>,
    /// `change` as a percentage of the first count; `None` when that is 0 or unknown.
    pub percent: Option<f64>,
}

/// Reply times for one triage class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplyTimes {
    /// The class.
    pub class: Class,
    /// Comments received in the period.
    pub comments: u32,
    /// Of which answered.
    pub answered: u32,
    /// Median minutes to answer (the mean of the two middle values for an even count).
    pub median_minutes: Option<f64>,
    /// 90th percentile of minutes to answer (nearest rank: 9 in 10 answers were this fast).
    pub p90_minutes: Option<f64>,
    /// Comments still unanswered.
    pub unanswered: u32,
    /// How long the oldest unanswered comment has waited, in minutes, at `now`.
    pub oldest_unanswered_minutes: Option<f64>,
    /// Entries left out because the reply is dated before the comment.
    pub invalid: u32,
}

/// Everything the report page shows, as numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The period.
    pub period: Period,
    /// The zone of the weeks.
    pub zone: String,
    /// Posts per network (by id).
    pub networks: Vec<NetworkPosts>,
    /// Posts per local week, first week first.
    pub weeks: Vec<WeekPosts>,
    /// Engagement per network (by id).
    pub engagement: Vec<Engagement>,
    /// Engagement over all networks.
    pub overall: Engagement,
    /// Best posts by engagement rate, best first.
    pub best: Vec<RankedPost>,
    /// Worst posts by engagement rate, worst first.
    pub worst: Vec<RankedPost>,
    /// Follower growth per network (by id), for networks with counts in the period.
    pub followers: Vec<FollowerGrowth>,
    /// The pillar mix.
    pub mix: PillarMix,
    /// Reply times per class: complaint, urgent, question, praise, spam.
    pub replies: Vec<ReplyTimes>,
    /// Plan posts with figures left out of engagement because they go to several networks.
    pub unattributed_metrics: u32,
}

/// A post with figures, from either source.
struct Measured {
    source: Source,
    post_id: Option<String>,
    network: String,
    at: DateTime<Utc>,
    excerpt: Option<String>,
    impressions: Option<u64>,
    engagements: u64,
}

impl Measured {
    fn rate(&self) -> Option<f64> {
        self.impressions.filter(|&i| i > 0).map(|i| self.engagements as f64 / i as f64)
    }
}

/// The report over `opts.period`. Errors (in `opts.lang`) on an empty or over-long period and
/// on an unknown zone.
pub fn report(
    input: &ReportInput<'_>,
    zones: &dyn ZoneResolver,
    opts: &ReportOptions,
) -> Result<Report, String> {
    let ui = opts.lang;
    let period = opts.period;
    if period.to <= period.from {
        return Err(msg!(
            ui,
            "Période vide : la fin doit venir après le début.",
            "Empty period: the end must come after the start."
        ));
    }
    if period.to - period.from > Duration::days(MAX_DAYS) {
        return Err(msg!(
            ui,
            "Période trop longue : choisissez au plus dix ans.",
            "Period too long: choose ten years at most."
        ));
    }
    let zone = opts.zone.trim();
    let local_date =
        |t: DateTime<Utc>| zones.offset_at(zone, t).map(|off| t.with_timezone(&off).date_naive());
    let unknown = |_| {
        let z = &opts.zone;
        msg!(
            ui,
            "Fuseau horaire « {z} » inconnu : choisissez un fuseau IANA comme Europe/Paris.",
            "Unknown time zone \"{z}\": choose an IANA zone such as Europe/Paris."
        )
    };

    let posts: Vec<(&Post, DateTime<Utc>)> = input
        .posts
        .iter()
        .filter(|p| !p.meta.deleted)
        .filter_map(|p| post_time(p).filter(|t| period.contains(*t)).map(|t| (p, t)))
        .collect();
    let history: Vec<&HistoryRecord> =
        input.history.iter().filter(|r| period.contains(r.posted_at)).collect();

    // Posts per network and per week.
    let mut networks: BTreeMap<&str, NetworkPosts> = BTreeMap::new();
    for (p, _) in &posts {
        for n in distinct_networks(p) {
            let e = network_row(&mut networks, n);
            if p.status == Status::Published {
                e.published += 1;
            } else {
                e.planned += 1;
            }
        }
    }
    for r in &history {
        network_row(&mut networks, &r.network).history += 1;
    }
    let first_week = week_start(local_date(period.from).map_err(unknown)?);
    let last_week = week_start(local_date(period.to - Duration::nanoseconds(1)).map_err(unknown)?);
    let zeros: BTreeMap<String, u32> = networks.keys().map(|n| (n.to_string(), 0)).collect();
    let mut weeks: Vec<WeekPosts> = Vec::new();
    let mut start = first_week;
    while start <= last_week {
        weeks.push(WeekPosts { start, plan: zeros.clone(), history: zeros.clone() });
        match start.checked_add_days(chrono::Days::new(7)) {
            Some(next) => start = next,
            None => break,
        }
    }
    let week_of = |t: DateTime<Utc>| -> Result<usize, String> {
        let d = week_start(local_date(t).map_err(unknown)?);
        Ok(((d - first_week).num_days() / 7) as usize)
    };
    for (p, t) in &posts {
        let w = week_of(*t)?;
        for n in distinct_networks(p) {
            if let Some(c) = weeks.get_mut(w).and_then(|wk| wk.plan.get_mut(n)) {
                *c += 1;
            }
        }
    }
    for r in &history {
        let w = week_of(r.posted_at)?;
        if let Some(c) = weeks.get_mut(w).and_then(|wk| wk.history.get_mut(&r.network)) {
            *c += 1;
        }
    }

    // Engagement and ranking.
    let (measured, unattributed_metrics) = measured_posts(&posts, &history);
    let mut by_network: BTreeMap<&str, Vec<&Measured>> = BTreeMap::new();
    for m in &measured {
        by_network.entry(m.network.as_str()).or_default().push(m);
    }
    let engagement = by_network.iter().map(|(n, ms)| engagement_of(Some(n), ms.iter().copied())).collect();
    let overall = engagement_of(None, measured.iter());
    let (best, worst) = rank(&measured, opts.min_impressions, opts.top);

    let mix =
        pillar_mix(input.posts, input.pillars, &period, &MixOptions { tolerance: opts.tolerance, lang: ui });
    Ok(Report {
        period,
        zone: zone.to_string(),
        networks: networks.into_values().collect(),
        weeks,
        engagement,
        overall,
        best,
        worst,
        followers: follower_growth(input.followers, &period),
        mix,
        replies: reply_times(input.replies, &period, opts.now),
        unattributed_metrics,
    })
}

/// The row of network `n`, added empty if missing.
fn network_row<'m, 'n>(
    networks: &'m mut BTreeMap<&'n str, NetworkPosts>,
    n: &'n str,
) -> &'m mut NetworkPosts {
    networks.entry(n).or_insert_with(|| NetworkPosts {
        network: n.to_string(),
        name: network_name(n),
        planned: 0,
        published: 0,
        history: 0,
    })
}

/// The measured posts of the period (see the module doc) and how many plan posts with figures
/// were left out for going to several networks.
fn measured_posts(posts: &[(&Post, DateTime<Utc>)], history: &[&HistoryRecord]) -> (Vec<Measured>, u32) {
    // What the history already stands for: (network, minute) and, for date-only records,
    // (network, day); each record absorbs at most one plan post.
    let mut by_minute: HashMap<(&str, i64), u32> = HashMap::new();
    let mut by_day: HashMap<(&str, NaiveDate), u32> = HashMap::new();
    let mut out: Vec<Measured> = Vec::with_capacity(history.len());
    for r in history {
        if r.time_known {
            *by_minute.entry((&r.network, r.posted_at.timestamp().div_euclid(60))).or_default() += 1;
        } else {
            *by_day.entry((&r.network, r.posted_at.date_naive())).or_default() += 1;
        }
        out.push(Measured {
            source: Source::History,
            post_id: None,
            network: r.network.clone(),
            at: r.posted_at,
            excerpt: r.text.as_deref().map(excerpt),
            impressions: r.impressions,
            engagements: r.engagements,
        });
    }
    let mut candidates: Vec<&(&Post, DateTime<Utc>)> = posts
        .iter()
        .filter(|(p, _)| {
            p.status == Status::Published && p.metrics.as_ref().is_some_and(|m| m.engagements.is_some())
        })
        .collect();
    crate::sort::sort_by(&mut candidates, |a, b| a.1.cmp(&b.1).then_with(|| a.0.meta.id.cmp(&b.0.meta.id)));
    let mut unattributed = 0;
    let take = |map_count: Option<&mut u32>| match map_count {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    };
    for (p, t) in candidates {
        let nets: Vec<&str> = distinct_networks(p).collect();
        let [network] = nets[..] else {
            unattributed += u32::from(nets.len() > 1);
            continue;
        };
        if take(by_minute.get_mut(&(network, t.timestamp().div_euclid(60))))
            || take(by_day.get_mut(&(network, t.date_naive())))
        {
            continue;
        }
        let m = p.metrics.as_ref();
        out.push(Measured {
            source: Source::Plan,
            post_id: Some(p.meta.id.clone()),
            network: network.to_string(),
            at: *t,
            excerpt: Some(excerpt(p.variants.get(network).unwrap_or(&p.text))),
            impressions: m.and_then(|m| m.impressions),
            engagements: m.and_then(|m| m.engagements).unwrap_or(0),
        });
    }
    (out, unattributed)
}

/// The first 80 characters of `text` (an ellipsis when cut), on one line.
fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

/// Engagement totals of `posts`.
fn engagement_of<'m>(network: Option<&str>, posts: impl Iterator<Item = &'m Measured>) -> Engagement {
    let mut e = Engagement {
        network: network.map(str::to_string),
        posts: 0,
        with_impressions: 0,
        impressions: 0,
        engagements: 0,
        rate: None,
    };
    for m in posts {
        e.posts += 1;
        if let Some(i) = m.impressions.filter(|&i| i > 0) {
            e.with_impressions += 1;
            e.impressions = e.impressions.saturating_add(i);
            e.engagements = e.engagements.saturating_add(m.engagements);
        }
    }
    e.rate = (e.impressions > 0).then(|| e.engagements as f64 / e.impressions as f64);
    e
}

/// The `top` best posts (highest rate first) and the `top` worst among the others (lowest
/// first), of those with at least `floor` impressions. Ties: more impressions first, then the
/// earlier post, then the id.
fn rank(measured: &[Measured], floor: u64, top: usize) -> (Vec<RankedPost>, Vec<RankedPost>) {
    let mut ranked: Vec<RankedPost> = measured
        .iter()
        .filter(|m| m.impressions.is_some_and(|i| i >= floor))
        .filter_map(|m| {
            Some(RankedPost {
                source: m.source,
                post_id: m.post_id.clone(),
                network: m.network.clone(),
                at: m.at,
                excerpt: m.excerpt.clone(),
                impressions: m.impressions?,
                engagements: m.engagements,
                rate: m.rate()?,
            })
        })
        .collect();
    let tie = |a: &RankedPost, b: &RankedPost| {
        b.impressions
            .cmp(&a.impressions)
            .then(a.at.cmp(&b.at))
            .then_with(|| (&a.network, &a.post_id, &a.excerpt).cmp(&(&b.network, &b.post_id, &b.excerpt)))
    };
    crate::sort::sort_by(&mut ranked, |a, b| b.rate.total_cmp(&a.rate).then_with(|| tie(a, b)));
    let best_n = top.min(ranked.len());
    let mut rest = ranked.split_off(best_n);
    crate::sort::sort_by(&mut rest, |a, b| a.rate.total_cmp(&b.rate).then_with(|| tie(a, b)));
    rest.truncate(top);
    (ranked, rest)
}

/// Follower growth per network from the counts taken in `period`.
fn follower_growth(samples: &[FollowerSample], period: &Period) -> Vec<FollowerGrowth> {
    let mut series: BTreeMap<&str, Vec<FollowerPoint>> = BTreeMap::new();
    for s in samples.iter().filter(|s| period.contains(s.at)) {
        series.entry(&s.network).or_default().push(FollowerPoint { at: s.at, followers: s.followers });
    }
    series
        .into_iter()
        .map(|(network, mut points)| {
            crate::sort::sort_by(&mut points, |a, b| a.at.cmp(&b.at).then(a.followers.cmp(&b.followers)));
            let (first, last) = (points[0].followers, points[points.len() - 1].followers);
            let change = (points.len() > 1).then(|| last as i64 - first as i64);
            let percent = change.filter(|_| first > 0).map(|c| c as f64 * 100.0 / first as f64);
            FollowerGrowth { network: network.to_string(), series: points, change, percent }
        })
        .collect()
}

/// The order reply times are listed in: the risks first.
const REPLY_ORDER: [Class; 5] =
    [Class::Complaint, Class::Urgent, Class::Question, Class::Praise, Class::Spam];

/// Reply times per class for the comments received in `period`.
fn reply_times(log: &[ReplyLog], period: &Period, now: DateTime<Utc>) -> Vec<ReplyTimes> {
    REPLY_ORDER
        .iter()
        .map(|&class| {
            let mut r = ReplyTimes {
                class,
                comments: 0,
                answered: 0,
                median_minutes: None,
                p90_minutes: None,
                unanswered: 0,
                oldest_unanswered_minutes: None,
                invalid: 0,
            };
            let mut waits: Vec<f64> = Vec::new();
            let mut oldest: Option<DateTime<Utc>> = None;
            for c in log.iter().filter(|c| c.class == class && period.contains(c.received_at)) {
                r.comments += 1;
                match c.replied_at {
                    Some(t) if t < c.received_at => r.invalid += 1,
                    Some(t) => {
                        r.answered += 1;
                        waits.push(minutes(t - c.received_at));
                    }
                    None => {
                        r.unanswered += 1;
                        oldest = Some(oldest.map_or(c.received_at, |o| o.min(c.received_at)));
                    }
                }
            }
            crate::sort::sort_by(&mut waits, |a, b| a.total_cmp(b));
            r.median_minutes = median(&waits);
            r.p90_minutes = nearest_rank(&waits, 90);
            r.oldest_unanswered_minutes = oldest.map(|o| minutes(now - o).max(0.0));
            r
        })
        .collect()
}

fn minutes(d: Duration) -> f64 {
    d.num_milliseconds() as f64 / 60_000.0
}

/// The median of sorted `v`: the middle value, or the mean of the two middle ones.
fn median(v: &[f64]) -> Option<f64> {
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The `p`th percentile of sorted `v` by nearest rank: the value at rank ⌈p·n/100⌉.
fn nearest_rank(v: &[f64], p: usize) -> Option<f64> {
    let rank = (p * v.len()).div_ceil(100).max(1);
    v.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use chrono::Datelike;

    fn rec(
        network: &str,
        when: &str,
        impressions: Option<u64>,
        engagements: u64,
        text: &str,
    ) -> HistoryRecord {
        let posted_at = at(when);
        HistoryRecord {
            network: network.into(),
            posted_at,
            time_known: true,
            impressions,
            engagements,
            engagement_rate: impressions.filter(|&i| i > 0).map(|i| engagements as f64 / i as f64),
            text: Some(text.into()),
        }
    }

    struct Fixed(i32);

    impl ZoneResolver for Fixed {
        fn offset_at(&self, zone: &str, _utc: DateTime<Utc>) -> Result<chrono::FixedOffset, String> {
            match zone {
                "Test/Zone" => chrono::FixedOffset::east_opt(self.0).ok_or_else(|| "bad offset".to_string()),
                _ => Err(format!("unknown zone {zone}")),
            }
        }
    }

    fn march() -> Period {
        Period::new(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"))
    }

    fn empty<'a>() -> ReportInput<'a> {
        ReportInput { posts: &[], history: &[], followers: &[], replies: &[], pillars: &[] }
    }

    #[test]
    fn engagement_rates_are_ratios_of_sums() {
        let history = vec![
            rec("x", "2026-03-02T09:00:00Z", Some(1000), 50, "a"), // 5%
            rec("x", "2026-03-03T09:00:00Z", Some(100), 20, "b"),  // 20%
            rec("x", "2026-03-04T09:00:00Z", None, 7, "c"),        // no impressions: counted, not rated
            rec("linkedin", "2026-03-05T09:00:00Z", Some(400), 12, "d"), // 3%
            rec("linkedin", "2026-02-27T09:00:00Z", Some(10), 10, "before"),
        ];
        let input = ReportInput { history: &history, ..empty() };
        let r =
            report(&input, &Fixed(0), &ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z")))
                .unwrap();
        let x = r.engagement.iter().find(|e| e.network.as_deref() == Some("x")).unwrap();
        assert_eq!((x.posts, x.with_impressions, x.impressions, x.engagements), (3, 2, 1100, 70));
        assert_eq!(x.rate, Some(70.0 / 1100.0));
        assert_eq!(r.overall.posts, 4);
        assert_eq!(r.overall.rate, Some(82.0 / 1500.0));
        assert_eq!(
            r.engagement.iter().map(|e| e.network.clone().unwrap()).collect::<Vec<_>>(),
            ["linkedin", "x"]
        );
        // Best: 20% then 5% then 3% (all ≥ 100 impressions); worst among the rest: none left.
        assert_eq!(r.best.iter().map(|b| b.excerpt.as_deref().unwrap()).collect::<Vec<_>>(), ["b", "a", "d"]);
        assert!(r.worst.is_empty());
        assert_eq!(r.best[0].rate, 0.2);
    }

    #[test]
    fn best_and_worst_respect_the_impressions_floor() {
        let history: Vec<HistoryRecord> =
            [(50, 40), (1000, 10), (2000, 200), (500, 100), (800, 8), (3000, 30), (900, 45)]
                .iter()
                .enumerate()
                .map(|(i, &(imp, eng))| {
                    rec("x", &format!("2026-03-{:02}T09:00:00Z", i + 2), Some(imp), eng, &format!("p{i}"))
                })
                .collect();
        let mut o = ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z"));
        o.top = 2;
        let r = report(&ReportInput { history: &history, ..empty() }, &Fixed(0), &o).unwrap();
        // Rates: p0 80% (only 50 impressions: not ranked), p1 1%, p2 10%, p3 20%, p4 1%, p5 1%, p6 5%.
        let names = |v: &[RankedPost]| v.iter().map(|p| p.excerpt.clone().unwrap()).collect::<Vec<_>>();
        assert_eq!(names(&r.best), ["p3", "p2"]);
        // Worst: the three at 1% tie; more impressions first (p5 3000, p1 1000, p4 800).
        assert_eq!(names(&r.worst), ["p5", "p1"]);
        o.min_impressions = 10;
        let r = report(&ReportInput { history: &history, ..empty() }, &Fixed(0), &o).unwrap();
        assert_eq!(names(&r.best), ["p0", "p3"]);
    }

    #[test]
    fn plan_posts_with_figures_are_measured_once() {
        let mut solo = published(post("solo", &["x"], "2026-03-02T09:00:00Z", "UTC"), Some(200), Some(30));
        solo.text = "Notre atelier ouvre samedi".into();
        let twin = published(post("twin", &["x"], "2026-03-03T10:00:00Z", "UTC"), Some(999), Some(999));
        let multi =
            published(post("multi", &["x", "linkedin"], "2026-03-04T10:00:00Z", "UTC"), Some(500), Some(5));
        let day_only =
            published(post("day", &["linkedin"], "2026-03-05T10:00:00Z", "UTC"), Some(500), Some(5));
        let mut gone = published(post("gone", &["x"], "2026-03-06T10:00:00Z", "UTC"), Some(500), Some(500));
        gone.meta.deleted = true;
        let mut history = vec![rec("x", "2026-03-03T10:00:40Z", Some(300), 3, "the twin, as exported")];
        let mut li = rec("linkedin", "2026-03-05T00:00:00Z", Some(100), 1, "date only");
        li.time_known = false;
        history.push(li);
        let posts = [solo, twin, multi, day_only, gone];
        let input = ReportInput { posts: &posts, history: &history, ..empty() };
        let r =
            report(&input, &Fixed(0), &ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z")))
                .unwrap();
        // solo (plan) + the twin's record + the date-only record; twin and day are absorbed.
        assert_eq!(r.overall.posts, 3);
        assert_eq!((r.overall.impressions, r.overall.engagements), (600, 34));
        assert_eq!(r.unattributed_metrics, 1);
        let plan: Vec<_> = r.best.iter().filter(|b| b.source == Source::Plan).collect();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].post_id.as_deref(), Some("solo"));
        assert_eq!(plan[0].excerpt.as_deref(), Some("Notre atelier ouvre samedi"));
        assert_eq!(r.best[0].rate, 0.15);
    }

    #[test]
    fn posts_per_network_and_local_week() {
        // Period: Sunday 1 March to Wednesday 1 April 2026 (exclusive). Weeks start on Mondays:
        // 23 Feb (holds Sunday 1 March), 2, 9, 16, 23 and 30 March.
        let mut draft = post("d", &["x", "linkedin"], "2026-03-01T10:00:00Z", "Test/Zone");
        draft.status = Status::Draft;
        let pubd = published(post("p", &["x"], "2026-03-08T22:30:00Z", "Test/Zone"), None, None);
        let late = post("l", &["x"], "2026-03-31T23:00:00Z", "Test/Zone");
        let posts = [draft, pubd, late];
        let history = vec![rec("facebook", "2026-03-16T08:00:00Z", None, 1, "fb")];
        let input = ReportInput { posts: &posts, history: &history, ..empty() };
        let o = ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z"));
        let r = report(&input, &Fixed(0), &o).unwrap();
        assert_eq!(
            r.weeks.iter().map(|w| w.start.to_string()).collect::<Vec<_>>(),
            ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]
        );
        let row = |r: &Report, n: &str| r.networks.iter().find(|x| x.network == n).cloned().unwrap();
        let x = row(&r, "x");
        assert_eq!((x.name.as_str(), x.planned, x.published, x.history), ("X", 2, 1, 0));
        assert_eq!(row(&r, "facebook").history, 1);
        // In UTC, Sunday 8 March 22:30 is in the week of 2 March, 31 March 23:00 in the week of 30 March.
        let plan_x = |r: &Report| r.weeks.iter().map(|w| w.plan["x"]).collect::<Vec<_>>();
        assert_eq!(plan_x(&r), [1, 1, 0, 0, 0, 1]);
        assert_eq!(r.weeks[3].history["facebook"], 1);
        assert_eq!(r.weeks[3].plan["facebook"], 0);
        // Two hours east, Sunday 22:30 UTC is already Monday 00:30: the week of 9 March. The
        // period starts on 1 March at 02:00 local and still reaches into the week of 30 March.
        let r = report(&input, &Fixed(7200), &o).unwrap();
        assert_eq!(plan_x(&r), [1, 0, 1, 0, 0, 1]);
    }

    #[test]
    fn follower_growth_from_samples() {
        let s = |n: &str, t: &str, f| FollowerSample { network: n.into(), at: at(t), followers: f };
        let samples = vec![
            s("x", "2026-03-31T00:00:00Z", 1100),
            s("x", "2026-03-01T00:00:00Z", 1000),
            s("x", "2026-03-15T00:00:00Z", 1040),
            s("x", "2026-02-01T00:00:00Z", 10),
            s("linkedin", "2026-03-10T00:00:00Z", 0),
            s("linkedin", "2026-03-20T00:00:00Z", 5),
            s("mastodon", "2026-03-20T00:00:00Z", 80),
        ];
        let r = report(
            &ReportInput { followers: &samples, ..empty() },
            &Fixed(0),
            &ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z")),
        )
        .unwrap();
        let g: Vec<_> =
            r.followers.iter().map(|f| (f.network.as_str(), f.series.len(), f.change, f.percent)).collect();
        assert_eq!(
            g,
            [("linkedin", 2, Some(5), None), ("mastodon", 1, None, None), ("x", 3, Some(100), Some(10.0))]
        );
        assert_eq!(r.followers[2].series[1].followers, 1040);
    }

    #[test]
    fn reply_times_per_class_complaints_first() {
        let t0 = at("2026-03-10T09:00:00Z");
        let c = |class, after: Option<i64>| ReplyLog {
            received_at: t0,
            replied_at: after.map(|m| t0 + Duration::minutes(m)),
            class,
        };
        let mut log: Vec<ReplyLog> =
            [10, 30, 20, 240, 50].iter().map(|&m| c(Class::Complaint, Some(m))).collect();
        log.push(c(Class::Complaint, None));
        log.push(ReplyLog {
            received_at: at("2026-03-31T09:00:00Z"),
            replied_at: None,
            class: Class::Complaint,
        });
        log.push(c(Class::Complaint, Some(-5)));
        log.extend([5, 15, 25, 35].iter().map(|&m| c(Class::Question, Some(m))));
        log.push(ReplyLog {
            received_at: at("2026-04-02T00:00:00Z"),
            replied_at: None,
            class: Class::Question,
        });
        let now = at("2026-04-01T09:00:00Z");
        let r = report(
            &ReportInput { replies: &log, ..empty() },
            &Fixed(0),
            &ReportOptions::new(march(), "Test/Zone", now),
        )
        .unwrap();
        assert_eq!(
            r.replies.iter().map(|x| x.class).collect::<Vec<_>>(),
            [Class::Complaint, Class::Urgent, Class::Question, Class::Praise, Class::Spam]
        );
        let k = &r.replies[0];
        // Answered in 10, 20, 30, 50, 240: median 30; p90 rank ⌈4.5⌉ = 5 → 240.
        assert_eq!((k.comments, k.answered, k.unanswered, k.invalid), (8, 5, 2, 1));
        assert_eq!((k.median_minutes, k.p90_minutes), (Some(30.0), Some(240.0)));
        // The oldest unanswered arrived on 10 March 09:00: 22 days before `now`.
        assert_eq!(k.oldest_unanswered_minutes, Some(22.0 * 1440.0));
        let q = &r.replies[2];
        // 5, 15, 25, 35: median (15 + 25) / 2 = 20; p90 rank ⌈3.6⌉ = 4 → 35. The April one is out.
        assert_eq!(
            (q.comments, q.median_minutes, q.p90_minutes, q.unanswered),
            (4, Some(20.0), Some(35.0), 0)
        );
        let u = &r.replies[1];
        assert_eq!(
            (u.comments, u.median_minutes, u.p90_minutes, u.oldest_unanswered_minutes),
            (0, None, None, None)
        );
    }

    #[test]
    fn percentiles_by_hand() {
        assert_eq!(nearest_rank(&[], 90), None);
        assert_eq!(nearest_rank(&[7.0], 90), Some(7.0));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9.0));
        assert_eq!(nearest_rank(&ten, 50), Some(5.0));
        assert_eq!(median(&ten), Some(5.5));
        assert_eq!(median(&[1.0, 2.0, 9.0]), Some(2.0));
    }

    #[test]
    fn bad_periods_and_zones_are_refused_in_the_interface_language() {
        let now = at("2026-04-01T00:00:00Z");
        let mut o = ReportOptions::new(Period::new(now, now), "Test/Zone", now);
        assert_eq!(
            report(&empty(), &Fixed(0), &o).unwrap_err(),
            "Période vide : la fin doit venir après le début."
        );
        o.lang = Lang::En;
        o.period = Period::new(at("2000-01-01T00:00:00Z"), now);
        assert!(report(&empty(), &Fixed(0), &o).unwrap_err().starts_with("Period too long"));
        // The very last days the calendar knows: no overflow; the last week starts on the
        // Monday before the last day.
        let last = DateTime::<Utc>::MAX_UTC;
        o.period = Period::new(last - Duration::days(2), last);
        let weeks = report(&empty(), &Fixed(0), &o).unwrap().weeks;
        let last_start = weeks.last().unwrap().start;
        assert_eq!(last_start.weekday(), chrono::Weekday::Mon);
        assert!((0..7).contains(&(last.date_naive() - last_start).num_days()), "{last_start}");
        o.period = march();
        o.zone = "Nowhere".into();
        assert_eq!(
            report(&empty(), &Fixed(0), &o).unwrap_err(),
            "Unknown time zone \"Nowhere\": choose an IANA zone such as Europe/Paris."
        );
    }

    #[test]
    fn report_carries_the_mix_and_serialises_for_javascript() {
        let mut p = post("a", &["x"], "2026-03-02T09:00:00Z", "UTC");
        p.pillar = Some("atelier".into());
        let posts = [p];
        let pillars = crate::guide::sample().guide.pillars;
        let input = ReportInput { posts: &posts, pillars: &pillars, ..empty() };
        let r =
            report(&input, &Fixed(0), &ReportOptions::new(march(), "Test/Zone", at("2026-04-01T00:00:00Z")))
                .unwrap();
        assert_eq!(r.mix.posts, 1);
        assert_eq!(r.mix.rows[0].share, 100.0);
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["weeks"][0]["plan"]["x"].is_number());
        assert_eq!(json["replies"][0]["class"], "complaint");
        assert_eq!(json["mix"]["rows"][0]["byKeyword"], 0);
        assert!(json.get("unattributedMetrics").is_some());
        let back: Report = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the zone's offset, every post of the period lands in one of the weeks:
            /// the weekly counts add up to the per-network totals.
            #[test]
            fn weekly_counts_add_up(minutes in proptest::collection::vec((0i64..60 * 1440, 0usize..3, any::<bool>()), 0..40), offset_h in -14i32..=14, len_days in 1i64..60) {
                let from = at("2026-03-01T00:00:00Z");
                let nets: [&[&str]; 3] = [&["x"], &["linkedin"], &["x", "linkedin"]];
                let posts: Vec<Post> = minutes.iter().enumerate().map(|(i, &(m, n, publ))| {
                    let p = post(&format!("p{i}"), nets[n], &(from + Duration::minutes(m)).to_rfc3339(), "UTC");
                    if publ { published(p, Some(100), Some(1)) } else { p }
                }).collect();
                let history: Vec<HistoryRecord> = minutes.iter().map(|&(m, _, _)| rec("facebook", &(from + Duration::minutes(m)).to_rfc3339(), Some(10), 1, "h")).collect();
                let period = Period::new(from, from + Duration::days(len_days));
                let input = ReportInput { posts: &posts, history: &history, ..empty() };
                let r = report(&input, &Fixed(offset_h * 3600), &ReportOptions::new(period, "Test/Zone", from)).unwrap();
                for n in &r.networks {
                    let plan: u32 = r.weeks.iter().map(|w| w.plan[&n.network]).sum();
                    let hist: u32 = r.weeks.iter().map(|w| w.history[&n.network]).sum();
                    prop_assert_eq!(plan, n.planned + n.published);
                    prop_assert_eq!(hist, n.history);
                }
                let in_period = minutes.iter().filter(|&&(m, _, _)| m < len_days * 1440).count() as u32;
                prop_assert_eq!(r.networks.iter().find(|n| n.network == "facebook").map_or(0, |n| n.history), in_period);
            }
        }
    }

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        assert_eq!(excerpt("Bonjour\n\n  tout   le monde"), "Bonjour tout le monde");
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long), format!("{}…", "é".repeat(80)));
    }
}
