//! Best time to post: 30-minute slots over the coming days in the audience's time zone, scored
//! by a per-network prior blended with the account's own normalised history.
//!
//! Method (after `shared/reference/timing.md`):
//! - slots are local half-hours of the week (336 bins) in the audience's IANA time zone, so a
//!   post at 09:00 in Paris lands in the 09:00 bin in summer and in winter;
//! - the prior is an hour-of-week curve per network (see [`PRIORS`]), scaled to average 1.0;
//! - each past post counts as its engagement rate divided by the account's median rate (or its
//!   engagements divided by the median, when the export has no reach): never raw counts, which
//!   mostly track how often the account posted at that hour;
//! - posts weigh `0.5^(age / half-life)` (default half-life 28 days) and spread half their weight
//!   to the neighbouring half-hours; posts younger than `min_age_hours` are left out because
//!   their engagement is still coming in;
//! - shrinkage: `score = (k·prior + Σ w·ratio) / (k + Σ w)` with `k` = [`TimingOptions::prior_strength`]
//!   posts: a few posts move a slot a little, many posts move it a lot;
//! - constraints: allowed days and hours, posts already planned, minimum gap between posts on
//!   the network, posts per day. Slots are picked greedily, best first.
//!
//! "Now" is always an argument: the core never reads the clock. Time zones come from a
//! [`ZoneResolver`] ([`best_times_with`]); [`best_times`] uses the built-in database (`tzdb`).

use super::history::HistoryRecord;
use super::zone::{Zone, ZoneResolver};
use crate::plan::analysis::conflicts::AllowedHours;
use chrono::{DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveTime, Timelike, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// A network's default posting curve. Values are relative (0-100) and only their shape matters.
pub struct Prior {
    /// Network ids this prior applies to.
    pub networks: &'static [&'static str],
    /// Relative audience activity per local hour, Monday to Friday.
    pub weekday: [u8; 24],
    /// Relative audience activity per local hour, Saturday and Sunday.
    pub weekend: [u8; 24],
    /// Day factors, Monday first (percent).
    pub days: [u8; 7],
    /// What the curve says, shown in reasons ("weekday business hours").
    pub label: &'static str,
    /// Where the shape comes from.
    pub basis: &'static str,
    /// Default maximum posts per day on this network.
    pub max_per_day: u32,
    /// Default minimum gap between two posts on this network, in minutes.
    pub min_gap_minutes: u32,
}

/// Built-in priors. Their basis: the recurring findings of the public "best time to post"
/// reports by scheduling tools (Sprout Social, Hootsuite, Buffer, Later), which agree on broad
/// shapes rather than exact hours: LinkedIn is a weekday, office-hours network (mornings, lunch,
/// end of day; weekends quiet); X peaks on weekday mornings and lunchtime; Facebook around late
/// morning and lunch, with an evening shoulder; Instagram and Threads at lunch and in the evening;
/// TikTok and YouTube in the evening and at weekends. These are assumptions for an account with
/// no history; the account's own history replaces them as it grows.
pub const PRIORS: &[Prior] = &[
    Prior {
        networks: &["linkedin", "linkedin-comment"],
        //         0  1  2  3  4  5  6   7   8   9  10  11  12  13  14  15  16  17  18  19  20  21  22  23
        weekday: [2, 1, 1, 1, 1, 3, 10, 45, 90, 100, 90, 80, 85, 75, 65, 60, 60, 55, 35, 22, 15, 10, 6, 3],
        weekend: [2, 1, 1, 1, 1, 2, 4, 8, 14, 20, 24, 24, 22, 20, 18, 16, 15, 15, 14, 13, 12, 10, 6, 3],
        days: [90, 110, 115, 110, 85, 45, 45],
        label: "weekday business hours, mornings first",
        basis: "scheduling-tool reports agree: Tuesday to Thursday mornings and lunch, quiet weekends",
        max_per_day: 1,
        min_gap_minutes: 240,
    },
    Prior {
        networks: &["x", "bluesky", "mastodon"],
        weekday: [6, 3, 2, 2, 2, 5, 15, 45, 75, 90, 100, 95, 95, 80, 70, 65, 65, 70, 65, 60, 55, 45, 30, 15],
        weekend: [8, 4, 3, 2, 2, 4, 8, 20, 35, 50, 60, 65, 65, 60, 55, 50, 50, 50, 50, 50, 45, 40, 28, 15],
        days: [100, 105, 105, 105, 95, 75, 70],
        label: "weekday mornings and lunchtime",
        basis:
            "scheduling-tool reports agree: weekday mornings to early afternoon; text networks behave alike",
        max_per_day: 3,
        min_gap_minutes: 120,
    },
    Prior {
        networks: &["facebook"],
        weekday: [4, 2, 1, 1, 1, 3, 10, 30, 55, 75, 90, 100, 100, 90, 75, 65, 60, 60, 65, 70, 65, 50, 30, 12],
        weekend: [6, 3, 2, 1, 1, 3, 8, 20, 40, 60, 75, 80, 80, 70, 60, 55, 55, 55, 60, 65, 60, 45, 28, 12],
        days: [100, 105, 105, 105, 100, 80, 80],
        label: "late morning and lunchtime, evening shoulder",
        basis: "scheduling-tool reports agree: 9:00-13:00 on weekdays, lighter weekends",
        max_per_day: 2,
        min_gap_minutes: 180,
    },
    Prior {
        networks: &["instagram", "threads"],
        weekday: [8, 4, 2, 1, 1, 3, 10, 30, 45, 55, 65, 80, 95, 85, 65, 60, 60, 70, 85, 100, 95, 75, 45, 20],
        weekend: [10, 5, 3, 2, 1, 3, 8, 20, 35, 55, 70, 80, 85, 75, 65, 60, 60, 65, 75, 85, 85, 70, 45, 20],
        days: [95, 100, 105, 100, 95, 90, 90],
        label: "lunchtime and early evening",
        basis: "scheduling-tool reports agree: around noon and 18:00-21:00, weekends close behind",
        max_per_day: 2,
        min_gap_minutes: 180,
    },
    Prior {
        networks: &["tiktok", "youtube"],
        weekday: [15, 8, 4, 2, 2, 3, 8, 18, 25, 30, 35, 45, 55, 50, 45, 50, 60, 75, 90, 100, 100, 90, 60, 30],
        weekend: [
            20, 10, 5, 3, 2, 3, 6, 15, 25, 40, 55, 65, 70, 65, 60, 65, 70, 80, 90, 100, 100, 90, 60, 30,
        ],
        days: [90, 95, 100, 100, 105, 110, 105],
        label: "evenings and weekends",
        basis: "scheduling-tool reports agree: late afternoon to evening, strong weekends",
        max_per_day: 2,
        min_gap_minutes: 180,
    },
];

/// The prior used for networks without one of their own.
pub const GENERIC_PRIOR: Prior = Prior {
    networks: &[],
    weekday: [4, 2, 1, 1, 1, 3, 10, 35, 65, 85, 95, 100, 100, 90, 75, 70, 70, 75, 80, 80, 70, 55, 30, 12],
    weekend: [5, 3, 2, 1, 1, 3, 6, 18, 35, 55, 70, 75, 75, 70, 60, 58, 58, 60, 65, 70, 65, 50, 28, 12],
    days: [100, 100, 100, 100, 95, 80, 80],
    label: "daytime, lunch and early evening",
    basis: "a cautious average of the network curves above",
    max_per_day: 2,
    min_gap_minutes: 180,
};

/// The prior for `network`.
pub fn prior_for(network: &str) -> &'static Prior {
    PRIORS.iter().find(|p| p.networks.contains(&network)).unwrap_or(&GENERIC_PRIOR)
}

const BINS: usize = 7 * 48;

/// The 336 half-hour values of a prior, Monday 00:00 first, scaled to average 1.0.
pub fn prior_curve(p: &Prior) -> [f64; BINS] {
    let mut out = [0f64; BINS];
    for d in 0..7 {
        let curve = if d >= 5 { &p.weekend } else { &p.weekday };
        for h in 0..48 {
            let hour = h / 2;
            // Half past takes the mean of the hour and the next one, for a smoother curve.
            let v = if h % 2 == 0 {
                curve[hour] as f64
            } else {
                (curve[hour] as f64 + curve[(hour + 1) % 24] as f64) / 2.0
            };
            out[d * 48 + h] = v.max(0.5) * p.days[d] as f64;
        }
    }
    let mean = out.iter().sum::<f64>() / BINS as f64;
    for v in &mut out {
        *v /= mean;
    }
    out
}

/// Settings of a best-time request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimingOptions {
    /// Network id.
    pub network: String,
    /// Audience's IANA time zone (`Europe/Paris`).
    pub tz: String,
    /// The current instant (passed in; the core never reads the clock).
    pub now: DateTime<Utc>,
    /// How many days ahead to look (default 7).
    #[serde(default = "d_days")]
    pub days: u32,
    /// How many slots to return (default 5).
    #[serde(default = "d_top")]
    pub top: usize,
    /// Minimum gap between two posts on the network, minutes (default: the network's).
    #[serde(default)]
    pub min_gap_minutes: Option<u32>,
    /// Maximum posts per local day on the network, planned ones included (default: the network's).
    #[serde(default)]
    pub max_per_day: Option<u32>,
    /// Allowed local window `[start, end)` in minutes after midnight (default 07:00-22:00).
    #[serde(default = "d_hours")]
    pub allowed_minutes: (u32, u32),
    /// Allowed local weekdays (empty: every day).
    #[serde(default)]
    pub allowed_days: Vec<Weekday>,
    /// Allowed local hours per weekday, Monday first (a style guide's `[schedule]`, see
    /// `PostingRules::fill_timing`); when set, replaces `allowed_minutes` and `allowed_days`. Not
    /// read from or written to JSON: the guide sets it, which keeps it out of the wasm engine.
    #[serde(skip)]
    pub allowed_hours: Option<AllowedHours>,
    /// Posts already planned on this network.
    #[serde(default)]
    pub planned: Vec<DateTime<Utc>>,
    /// Half-life of a past post's weight, days (default 28).
    #[serde(default = "d_half_life")]
    pub half_life_days: f64,
    /// Weight of the prior, in posts (default 5).
    #[serde(default = "d_strength")]
    pub prior_strength: f64,
    /// Posts younger than this are ignored, their engagement still coming in (default 24 h).
    #[serde(default = "d_min_age")]
    pub min_age_hours: f64,
}

fn d_days() -> u32 {
    7
}
fn d_top() -> usize {
    5
}
fn d_hours() -> (u32, u32) {
    (7 * 60, 22 * 60)
}
fn d_half_life() -> f64 {
    28.0
}
fn d_strength() -> f64 {
    5.0
}
fn d_min_age() -> f64 {
    24.0
}

impl TimingOptions {
    /// Defaults for `network` in time zone `tz` at instant `now`.
    pub fn new(network: &str, tz: &str, now: DateTime<Utc>) -> Self {
        TimingOptions {
            network: network.to_string(),
            tz: tz.to_string(),
            now,
            days: d_days(),
            top: d_top(),
            min_gap_minutes: None,
            max_per_day: None,
            allowed_minutes: d_hours(),
            allowed_days: Vec::new(),
            allowed_hours: None,
            planned: Vec::new(),
            half_life_days: d_half_life(),
            prior_strength: d_strength(),
            min_age_hours: d_min_age(),
        }
    }

    /// The allowed local window `[start, end)` on `day`, in minutes after midnight; `None` when
    /// no post is allowed that day.
    fn window_on(&self, day: Weekday) -> Option<(u32, u32)> {
        match &self.allowed_hours {
            Some(hours) => hours.0[day.num_days_from_monday() as usize].map(|w| (w.start, w.end)),
            None => (self.allowed_days.is_empty() || self.allowed_days.contains(&day))
                .then_some(self.allowed_minutes),
        }
    }
}

/// The allowed hours as the notes say them: one window with the allowed days, or the guide's
/// schedule (which varies by day; the guide says it).
fn hours_note(opts: &TimingOptions) -> String {
    if opts.allowed_hours.is_some() {
        return "the style guide's days and hours (local)".to_string();
    }
    let (a, b) = opts.allowed_minutes;
    let days = if opts.allowed_days.is_empty() {
        String::new()
    } else {
        format!(
            ", days: {}",
            opts.allowed_days.iter().map(|d| weekday_name(*d)).collect::<Vec<_>>().join(", ")
        )
    };
    format!("{:02}:{:02}-{:02}:{:02} local{days}", a / 60, a % 60, b / 60, b % 60)
}

/// A suggested time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// Start of the slot, UTC.
    pub start: DateTime<Utc>,
    /// Start in the audience's time zone, RFC 3339 with offset.
    pub local: String,
    /// Local weekday (`Monday`...).
    pub weekday: String,
    /// Blended score (1.0 = an average slot of the week).
    pub score: f64,
    /// The network prior's value for this slot.
    pub prior: f64,
    /// The account's posts within 30 minutes of this time of the week.
    pub history_posts: u32,
    /// Their weighted mean ratio to the account's median.
    pub history_ratio: Option<f64>,
    /// Share of the score that comes from history (0 = prior only).
    pub history_weight: f64,
    /// Why this slot, phrased for the user.
    pub reasons: Vec<String>,
}

/// The answer to a best-time request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimingReport {
    /// Network id.
    pub network: String,
    /// Time zone used.
    pub tz: String,
    /// Best slots, best first.
    pub slots: Vec<Slot>,
    /// Past posts used.
    pub history_used: usize,
    /// Past posts left out (other network, no time of day, too recent, in the future, no metric).
    pub history_ignored: usize,
    /// What history was measured by: `engagement_rate`, `engagements` or `none`.
    pub metric: String,
    /// General remarks (constraints applied, prior basis).
    pub notes: Vec<String>,
}

fn bin_of(dt: &DateTime<FixedOffset>) -> usize {
    dt.weekday().num_days_from_monday() as usize * 48 + dt.hour() as usize * 2 + (dt.minute() >= 30) as usize
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn network_name(id: &str) -> String {
    crate::networks::builtin(id).map(|p| p.name).unwrap_or_else(|| id.to_string())
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    // A full sort rather than `select_nth_unstable_by`: one less copy of the standard sort code.
    crate::sort::sort_by(v, |a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The best times to post on `opts.network` given the account's `history` (any networks; other
/// networks' records are ignored), with the built-in zone database. Errors only on an unknown
/// time zone.
#[cfg(feature = "tzdb")]
pub fn best_times(opts: &TimingOptions, history: &[HistoryRecord]) -> Result<TimingReport, String> {
    best_times_with(opts, history, &super::zone::TzDb)
}

/// [`best_times`] with the time zone resolved by `zones` (the browser's, in the wasm build).
/// Errors on an unknown time zone (or if the resolver fails later on).
pub fn best_times_with(
    opts: &TimingOptions,
    history: &[HistoryRecord],
    zones: &dyn ZoneResolver,
) -> Result<TimingReport, String> {
    let tz = Zone::new(zones, &opts.tz, opts.now)?;
    let prior = prior_for(&opts.network);
    let curve = prior_curve(prior);
    let name = network_name(&opts.network);
    let now = opts.now;
    let half_life = if opts.half_life_days.is_finite() && opts.half_life_days > 0.0 {
        opts.half_life_days
    } else {
        d_half_life()
    };
    let k = if opts.prior_strength.is_finite() && opts.prior_strength >= 0.0 {
        opts.prior_strength
    } else {
        d_strength()
    };
    let min_age = if opts.min_age_hours.is_finite() && opts.min_age_hours >= 0.0 {
        opts.min_age_hours
    } else {
        d_min_age()
    };
    let cutoff = now - Duration::minutes((min_age * 60.0) as i64);

    // History: eligible records and the metric to compare them by.
    let eligible: Vec<&HistoryRecord> = history
        .iter()
        .filter(|r| r.network == opts.network && r.time_known && r.posted_at <= cutoff)
        .collect();
    let with_rate = eligible.iter().filter(|r| r.engagement_rate.is_some()).count();
    let use_rate = with_rate > 0 && with_rate * 2 >= eligible.len();
    let metric_of = |r: &HistoryRecord| if use_rate { r.engagement_rate } else { Some(r.engagements as f64) };
    let mut values: Vec<f64> = eligible.iter().filter_map(|r| metric_of(r)).collect();
    let mut base = median(&mut values);
    if base <= 0.0 && !values.is_empty() {
        base = values.iter().sum::<f64>() / values.len() as f64;
    }
    let metric = if values.is_empty() || base <= 0.0 {
        "none"
    } else if use_rate {
        "engagement_rate"
    } else {
        "engagements"
    };
    let mut w_sum = [0f64; BINS];
    let mut s_sum = [0f64; BINS];
    let mut near_n = [0u32; BINS];
    let mut near_w = [0f64; BINS];
    let mut near_s = [0f64; BINS];
    let mut used = 0usize;
    if metric != "none" {
        for r in &eligible {
            let Some(m) = metric_of(r) else { continue };
            used += 1;
            let ratio = m / base;
            let age_days = (now - r.posted_at).num_seconds() as f64 / 86_400.0;
            let w = 0.5f64.powf(age_days / half_life);
            let b = bin_of(&tz.local(r.posted_at)?);
            for (off, kern) in [(0usize, 1.0f64), (1, 0.5), (BINS - 1, 0.5)] {
                let bb = (b + off) % BINS;
                w_sum[bb] += w * kern;
                s_sum[bb] += w * kern * ratio;
                near_n[bb] += 1;
                near_w[bb] += w;
                near_s[bb] += w * ratio;
            }
        }
    }
    let history_ignored = history.len() - used;

    // Candidate slots: every local half-hour from now to now + days.
    let end = now + Duration::days(opts.days as i64);
    let local_now = tz.local(now)?;
    let mut candidates: Vec<(DateTime<Utc>, DateTime<FixedOffset>, usize, f64)> = Vec::new();
    let mut date = local_now.date_naive();
    let last_date = tz.local(end)?.date_naive();
    while date <= last_date {
        let window = opts.window_on(date.weekday());
        for h in 0..48u32 {
            let minute = h * 30;
            if window.is_none_or(|(from, to)| minute < from || minute >= to) {
                continue;
            }
            let Some(t) = NaiveTime::from_hms_opt(h / 2, (h % 2) * 30, 0) else { continue };
            let local = match tz.instants_at(date.and_time(t))? {
                LocalResult::Single(x) => x,
                // Clocks go back: the half-hour happens twice; keep the first.
                LocalResult::Ambiguous(x, _) => x,
                // Clocks go forward: that half-hour does not exist.
                LocalResult::None => continue,
            };
            let utc = local.with_timezone(&Utc);
            if utc < now || utc >= end {
                continue;
            }
            let b = bin_of(&local);
            let score = (k * curve[b] + s_sum[b]) / (k + w_sum[b]);
            candidates.push((utc, local, b, score));
        }
        match date.succ_opt() {
            Some(d) => date = d,
            None => break,
        }
    }
    crate::sort::sort_by(&mut candidates, |a, b| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0)));

    // Greedy pick under the constraints.
    let gap = Duration::minutes(opts.min_gap_minutes.unwrap_or(prior.min_gap_minutes) as i64);
    let per_day = opts.max_per_day.unwrap_or(prior.max_per_day);
    let mut taken: Vec<DateTime<Utc>> = opts.planned.clone();
    // The local day of each taken instant, computed once (each is a resolver call).
    let mut taken_days = Vec::with_capacity(taken.len() + opts.top);
    for t in &taken {
        taken_days.push(tz.local(*t)?.date_naive());
    }
    let mut slots = Vec::new();
    for (utc, local, b, score) in candidates {
        if slots.len() >= opts.top {
            break;
        }
        if taken.iter().any(|t| (*t - utc).abs() < gap) {
            continue;
        }
        let d = local.date_naive();
        if taken_days.iter().filter(|&&td| td == d).count() as u32 >= per_day {
            continue;
        }
        taken.push(utc);
        taken_days.push(d);
        let hw = w_sum[b] / (k + w_sum[b]);
        let ratio = (near_w[b] > 0.0).then(|| near_s[b] / near_w[b]);
        let mut reasons =
            vec![format!("{name}'s default: {} ({:.2}× the weekly average here)", prior.label, curve[b])];
        if near_n[b] > 0 {
            let what = if metric == "engagement_rate" {
                "your median engagement rate"
            } else {
                "your median engagements per post"
            };
            let n = near_n[b];
            reasons.push(format!(
                "your {n} post{} within 30 min of {} {:02}:{:02}: {:.1}× {what}",
                if n == 1 { "" } else { "s" },
                weekday_name(local.weekday()),
                local.hour(),
                local.minute(),
                ratio.unwrap_or(1.0)
            ));
            reasons.push(format!(
                "history counts for {:.0}% here (recent weeks weigh more, half-life {half_life:.0} days)",
                hw * 100.0
            ));
        } else if metric != "none" {
            reasons.push("none of your posts near this time yet: network default only".into());
        }
        let r2 = |x: f64| (x * 100.0).round() / 100.0;
        slots.push(Slot {
            start: utc,
            local: local.to_rfc3339(),
            weekday: weekday_name(local.weekday()).to_string(),
            score: r2(score),
            prior: r2(curve[b]),
            history_posts: near_n[b],
            history_ratio: ratio.map(r2),
            history_weight: r2(hw),
            reasons,
        });
    }
    crate::sort::sort_by(&mut slots, |a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));

    let mut notes = vec![
        format!("prior for {name}: {} ({})", prior.label, prior.basis),
        format!(
            "constraints: at most {per_day} post(s) per day, {} min between posts, {}{}",
            gap.num_minutes(),
            hours_note(opts),
            if opts.planned.is_empty() {
                String::new()
            } else {
                format!(", {} post(s) already planned", opts.planned.len())
            },
        ),
    ];
    match metric {
        "none" => notes.push("no usable history for this network: the network default only".into()),
        "engagements" => notes.push(
            "history compared by engagements relative to your median (the export has no reach/impressions)"
                .into(),
        ),
        _ => {}
    }
    Ok(TimingReport {
        network: opts.network.clone(),
        tz: tz.name().to_string(),
        slots,
        history_used: used,
        history_ignored,
        metric: metric.to_string(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn rec(net: &str, t: DateTime<Utc>, imp: u64, eng: u64) -> HistoryRecord {
        HistoryRecord {
            network: net.into(),
            posted_at: t,
            time_known: true,
            impressions: Some(imp),
            engagements: eng,
            engagement_rate: Some(eng as f64 / imp as f64),
            text: None,
        }
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn priors_are_normalised_and_linkedin_prefers_weekday_business_hours() {
        for p in PRIORS.iter().chain(std::iter::once(&GENERIC_PRIOR)) {
            let c = prior_curve(p);
            let mean = c.iter().sum::<f64>() / BINS as f64;
            assert!((mean - 1.0).abs() < 1e-9);
        }
        let now = at("2026-03-02T06:00:00Z"); // a Monday
        let r = best_times(&TimingOptions::new("linkedin", "Europe/Paris", now), &[]).unwrap();
        assert_eq!(r.slots.len(), 5);
        for s in &r.slots {
            assert!(!matches!(s.weekday.as_str(), "Saturday" | "Sunday"), "{s:?}");
            let hour: u32 = s.local[11..13].parse().unwrap();
            assert!((8..13).contains(&hour), "{}", s.local);
            assert!(s.reasons[0].starts_with("LinkedIn's default: weekday business hours"));
        }
        // One per day on LinkedIn by default: five different days.
        let days: std::collections::HashSet<&str> = r.slots.iter().map(|s| &s.local[..10]).collect();
        assert_eq!(days.len(), 5);
        assert_eq!(r.metric, "none");
    }

    /// Central European rules written out by hand (CEST from the last Sunday of March to the last
    /// Sunday of October, at 01:00 UTC): a resolver that is not chrono-tz, as the browser's is not.
    struct HandWrittenCet;

    impl ZoneResolver for HandWrittenCet {
        fn offset_at(&self, zone: &str, utc: DateTime<Utc>) -> Result<FixedOffset, String> {
            if zone != "Europe/Paris" {
                return Err(format!("unknown zone {zone}"));
            }
            let last_sunday_1am = |month: u32| {
                let last = chrono::NaiveDate::from_ymd_opt(utc.year(), month, 31).unwrap();
                let back = last.weekday().num_days_from_sunday() as i64;
                (last - Duration::days(back)).and_hms_opt(1, 0, 0).unwrap().and_utc()
            };
            let summer = utc >= last_sunday_1am(3) && utc < last_sunday_1am(10);
            Ok(FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap())
        }
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn week_across_the_october_clock_change_in_paris() {
        october_clock_change(&crate::suggest::zone::TzDb);
    }

    #[test]
    fn week_across_the_october_clock_change_through_another_resolver() {
        october_clock_change(&HandWrittenCet);
        let now = at("2026-10-22T05:00:00Z");
        assert!(best_times_with(&TimingOptions::new("x", "Nowhere/City", now), &[], &HandWrittenCet)
            .unwrap_err()
            .contains("unknown time zone"));
    }

    fn october_clock_change(zones: &dyn ZoneResolver) {
        // Sunday 25 October 2026 at 03:00 CEST clocks go back to 02:00 CET.
        let now = at("2026-10-22T05:00:00Z"); // Thursday 07:00 in Paris
        let mut o = TimingOptions::new("x", "Europe/Paris", now);
        o.allowed_minutes = (0, 24 * 60);
        o.top = 400;
        o.min_gap_minutes = Some(0);
        o.max_per_day = Some(100);
        // History: 09:00 Paris time before and after the change are the same local bin.
        let mut h = Vec::new();
        for week in 1..=6 {
            // Thursdays at 09:00 local: summer offset before 25 Oct, winter after.
            let t = at("2026-10-15T07:00:00Z") - Duration::weeks(week - 1);
            h.push(rec("x", t, 1000, 100)); // 10%
        }
        for d in 0..10 {
            // Ordinary posts (2%) at 17:00 on other days: the account's median.
            h.push(rec("x", at("2026-09-28T15:00:00Z") + Duration::days(d), 1000, 20));
        }
        let r = best_times_with(&o, &h, zones).unwrap();
        // 168 real hours go from Thursday 07:00 CEST to Thursday 06:00 CET: 167 local hours, and
        // the repeated 02:00 and 02:30 are kept once each, so 334 half-hour slots.
        assert_eq!(r.slots.len(), 334, "{}", r.slots.len());
        let thu_before =
            r.slots.iter().find(|s| s.local == "2026-10-22T09:00:00+02:00").expect("Thursday 09:00 CEST");
        assert_eq!(thu_before.start, at("2026-10-22T07:00:00Z"));
        assert!(thu_before.history_posts >= 6);
        let mon_after =
            r.slots.iter().find(|s| s.local == "2026-10-26T09:00:00+01:00").expect("Monday 09:00 CET");
        assert_eq!(mon_after.start, at("2026-10-26T08:00:00Z"));
        assert!(r.slots.iter().any(|s| s.local == "2026-10-25T02:30:00+02:00"));
        assert!(!r.slots.iter().any(|s| s.local == "2026-10-25T02:30:00+01:00"));
        // The Thursday 09:00 slot is boosted by history above its prior.
        assert!(thu_before.score > thu_before.prior);
        assert_eq!(r.slots[0].local, "2026-10-22T09:00:00+02:00");
        assert!(
            r.slots[0].reasons.iter().any(|x| x.contains("posts within 30 min of Thursday 09:00")
                && x.contains("× your median engagement rate")),
            "{:?}",
            r.slots[0].reasons
        );
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn shrinkage_few_posts_move_a_little_many_a_lot() {
        let now = at("2026-06-01T00:00:00Z"); // Monday
        let mk = |n: usize| {
            let mut h = Vec::new();
            for i in 0..n {
                // Saturday 22:00 UTC = midnight Paris... use Saturday 03:00 local (01:00Z) : prior near zero.
                h.push(rec("linkedin", at("2026-05-30T01:00:00Z") - Duration::weeks(i as i64 % 8), 1000, 80));
            }
            for i in 0..30 {
                h.push(rec("linkedin", at("2026-05-26T08:00:00Z") - Duration::days(i), 1000, 20));
            }
            h
        };
        let mut o = TimingOptions::new("linkedin", "Europe/Paris", now);
        o.allowed_minutes = (0, 24 * 60);
        o.top = 400;
        o.max_per_day = Some(100);
        o.min_gap_minutes = Some(0);
        let score_at = |h: &[HistoryRecord]| {
            best_times(&o, h)
                .unwrap()
                .slots
                .into_iter()
                .find(|s| s.local == "2026-06-06T03:00:00+02:00")
                .unwrap()
        };
        let few = score_at(&mk(1));
        let many = score_at(&mk(40));
        assert!(few.score < many.score, "{few:?} {many:?}");
        assert!(
            few.history_weight < 0.3 && many.history_weight > 0.7,
            "{} {}",
            few.history_weight,
            many.history_weight
        );
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn recent_posts_weigh_more_and_fresh_posts_are_ignored() {
        let now = at("2026-06-01T00:00:00Z");
        let old = rec("x", now - Duration::days(120), 1000, 100);
        let recent = rec("x", now - Duration::days(7), 1000, 100);
        let fresh = rec("x", now - Duration::hours(2), 1000, 100);
        let o = TimingOptions::new("x", "UTC", now);
        let r = best_times(&o, &[fresh.clone(), rec("linkedin", now - Duration::days(3), 10, 1)]).unwrap();
        assert_eq!(r.history_used, 0);
        assert_eq!(r.history_ignored, 2);
        let w_old = 0.5f64.powf(120.0 / 28.0);
        let w_recent = 0.5f64.powf(7.0 / 28.0);
        assert!(w_recent > 10.0 * w_old);
        let _ = (old, recent);
    }

    #[cfg(feature = "tzdb")]
    #[test]
    fn constraints_are_respected() {
        let now = at("2026-03-02T06:00:00Z");
        let mut o = TimingOptions::new("instagram", "Europe/Paris", now);
        o.top = 10;
        o.max_per_day = Some(2);
        o.min_gap_minutes = Some(240);
        o.allowed_days = vec![Weekday::Tue, Weekday::Thu];
        o.allowed_minutes = (11 * 60, 20 * 60);
        o.planned = vec![at("2026-03-03T11:00:00Z")]; // Tuesday 12:00 Paris
        let r = best_times(&o, &[]).unwrap();
        let mut per_day: std::collections::HashMap<String, usize> = Default::default();
        for s in &r.slots {
            assert!(matches!(s.weekday.as_str(), "Tuesday" | "Thursday"), "{s:?}");
            let hour: u32 = s.local[11..13].parse().unwrap();
            assert!((11..20).contains(&hour));
            assert!((s.start - o.planned[0]).abs() >= Duration::minutes(240), "{s:?}");
            *per_day.entry(s.local[..10].to_string()).or_default() += 1;
        }
        assert_eq!(per_day.get("2026-03-03"), Some(&1), "planned post counts towards the day: {per_day:?}");
        assert!(per_day.values().all(|&n| n <= 2));
        for w in r.slots.windows(2) {
            assert!(w[0].score >= w[1].score);
        }
        assert!(best_times(&TimingOptions::new("x", "Nowhere/City", now), &[])
            .unwrap_err()
            .contains("unknown time zone"));
    }

    /// A guide's schedule and spacing, filled in by `PostingRules::fill_timing`, bound the slots:
    /// only its days and hours, its gap from planned posts and its posts per day.
    #[cfg(feature = "tzdb")]
    #[test]
    fn a_guide_schedule_and_spacing_bound_the_slots() {
        let src = "version = 1\n[brand]\nname = \"T\"\n[schedule]\ndays = [\"mon\", \"wed\", \"fri\"]\nhours = \"13:00-18:00\"\n[schedule.hours_by_day]\nfri = \"09:00-11:00\"\n[networks.overrides.x]\nmin_gap_minutes = 150\nmax_per_day = 1\n";
        let rules =
            crate::guide::compile(src, crate::guide::Format::Toml).expect("valid guide").posting_rules();
        let now = at("2026-03-02T06:00:00Z"); // Monday 07:00 in Paris
        let mut plain = TimingOptions::new("x", "Europe/Paris", now);
        plain.top = 12;
        plain.planned = vec![at("2026-03-04T13:00:00Z")]; // Wednesday 14:00 Paris
        let mut ruled = plain.clone();
        rules.fill_timing(&mut ruled, false);
        let inside = |s: &Slot| {
            let minute: u32 =
                s.local[11..13].parse::<u32>().unwrap() * 60 + s.local[14..16].parse::<u32>().unwrap();
            match s.weekday.as_str() {
                "Monday" | "Wednesday" => (13 * 60..18 * 60).contains(&minute),
                "Friday" => (9 * 60..11 * 60).contains(&minute),
                _ => false,
            }
        };
        let free = best_times(&plain, &[]).unwrap();
        assert!(
            free.slots.iter().any(|s| !inside(s)),
            "without the guide, slots fall outside its hours: {:?}",
            free.slots
        );
        let r = best_times(&ruled, &[]).unwrap();
        assert!(!r.slots.is_empty());
        let mut days = std::collections::HashSet::new();
        for s in &r.slots {
            assert!(inside(s), "{s:?}");
            assert!(days.insert(s.local[..10].to_string()), "one X post a day: {:?}", r.slots);
            assert_ne!(&s.local[..10], "2026-03-04", "Wednesday already has its planned post: {s:?}");
        }
        assert!(r.notes.iter().any(|n| n.contains("the style guide's days and hours")), "{:?}", r.notes);
    }
}
