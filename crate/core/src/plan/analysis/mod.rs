//! Analyses of the plan for the side panel: pure functions over the posts (plus the guide, the
//! analytics history and a reply log), returning plain serialisable data.
//!
//! - [`conflicts`]: what is wrong with the calendar (posts too close, too many a day, outside
//!   allowed hours, overdue, outside their campaign, over a network's limit), with what to do;
//! - [`mix`]: the share of posts per editorial pillar over a period against the guide's targets;
//! - [`report`]: the numbers behind the report page (posts per network and week, engagement,
//!   best and worst posts, follower growth, pillar mix, reply times). The panel draws the charts;
//! - [`replies`] and [`followers`]: the reply log and follower counts read from CSV files
//!   (sharing `table`).
//!
//! Common ground: deleted posts (tombstones) are ignored everywhere; a post's time is
//! [`post_time`]; periods are half-open ([`Period`]); "now" is always an argument (the core never
//! reads the clock) and time zones come from a [`ZoneResolver`](crate::suggest::zone::ZoneResolver).

pub mod conflicts;
pub mod followers;
pub mod mix;
pub mod replies;
pub mod report;
mod table;

pub use conflicts::{conflicts, AllowedHours, Conflict, ConflictKind, ConflictOptions, Window};
pub use mix::{pillar_mix, MixOptions, PillarKeywords, PillarMix, PillarShare, Verdict};
pub use report::{report, FollowerSample, ReplyLog, Report, ReportInput, ReportOptions};

use super::model::{Post, Status};
use crate::lang::Lang;
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// A half-open span of time `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First instant included.
    pub from: DateTime<Utc>,
    /// First instant no longer included.
    pub to: DateTime<Utc>,
}

impl Period {
    /// The period `[from, to)`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Period {
        Period { from, to }
    }

    /// Whether `t` falls in the period.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }
}

/// When a post goes (or went) out: the actual publication time of a published post when it is
/// known, otherwise its scheduled time; `None` for a post with neither (an undated idea).
pub fn post_time(post: &Post) -> Option<DateTime<Utc>> {
    let published = (post.status == Status::Published)
        .then(|| post.metrics.as_ref().and_then(|m| m.published_at))
        .flatten();
    published.or_else(|| post.schedule.as_ref().map(|s| s.at))
}

/// The post's networks without repeats, in their order.
pub(crate) fn distinct_networks(post: &Post) -> impl Iterator<Item = &str> {
    post.networks
        .iter()
        .enumerate()
        .filter(|(i, n)| !post.networks[..*i].contains(n))
        .map(|(_, n)| n.as_str())
}

/// The display name of a network id (`LinkedIn` for `linkedin`), the id itself when unknown.
pub(crate) fn network_name(id: &str) -> String {
    crate::networks::builtin(id).map(|p| p.name).unwrap_or_else(|| id.to_string())
}

/// A date as people write it in `lang`: `29/03/2026` in French, `2026-03-29` in English.
pub(crate) fn format_date(lang: Lang, d: NaiveDate) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match lang {
        Lang::Fr => format!("{day:02}/{m:02}/{y:04}"),
        Lang::En => format!("{y:04}-{m:02}-{day:02}"),
    }
}

/// A weekday's name in `lang`, lower case in French as French writes it.
pub(crate) fn weekday_name(lang: Lang, w: Weekday) -> &'static str {
    const FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = w.num_days_from_monday() as usize;
    match lang {
        Lang::Fr => FR[i],
        Lang::En => EN[i],
    }
}

/// `HH:MM` for a number of minutes after midnight (`24:00` for the end of the day).
pub(crate) fn format_minutes(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The Monday that starts the week of `d` (`d` itself in the first days the calendar knows).
pub(crate) fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))).unwrap_or(d)
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Builders shared by the analysis tests.

    use super::super::model::{Campaign, Metrics, Post, RecordMeta, Schedule, Status};
    use chrono::{DateTime, Utc};

    /// An instant from RFC 3339 text.
    pub fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("test instant").with_timezone(&Utc)
    }

    /// Fresh record metadata for `id`.
    pub fn meta(id: &str) -> RecordMeta {
        let t = at("2026-01-01T00:00:00Z");
        RecordMeta { id: id.into(), created: t, updated: t, clock: Default::default(), deleted: false }
    }

    /// A scheduled post on `networks` at `when` in `zone`.
    pub fn post(id: &str, networks: &[&str], when: &str, zone: &str) -> Post {
        Post {
            meta: meta(id),
            text: format!("Post {id}"),
            variants: Default::default(),
            networks: networks.iter().map(|n| n.to_string()).collect(),
            pillar: None,
            campaign: None,
            status: Status::Scheduled,
            schedule: Some(Schedule { at: at(when), zone: zone.into() }),
            assignee: None,
            notes: String::new(),
            ignored_findings: Default::default(),
            review: Vec::new(),
            metrics: None,
        }
    }

    /// `post` marked published, with figures.
    pub fn published(mut p: Post, impressions: Option<u64>, engagements: Option<u64>) -> Post {
        p.status = Status::Published;
        p.metrics = Some(Metrics {
            published_at: p.schedule.as_ref().map(|s| s.at),
            url: None,
            impressions,
            engagements,
            clicks: None,
        });
        p
    }

    /// A campaign running from `starts` to `ends` (inclusive days).
    pub fn campaign(id: &str, name: &str, starts: Option<&str>, ends: Option<&str>) -> Campaign {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date");
        Campaign {
            meta: meta(id),
            name: name.into(),
            starts: starts.map(d),
            ends: ends.map(d),
            hashtags: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn a_published_post_counts_at_its_actual_time() {
        let mut p = post("a", &["x"], "2026-03-02T09:00:00Z", "UTC");
        assert_eq!(post_time(&p), Some(at("2026-03-02T09:00:00Z")));
        p = published(p, None, None);
        p.metrics.as_mut().unwrap().published_at = Some(at("2026-03-02T09:40:00Z"));
        assert_eq!(post_time(&p), Some(at("2026-03-02T09:40:00Z")));
        // A published time on a post not marked published is not trusted over the schedule.
        p.status = Status::Approved;
        assert_eq!(post_time(&p), Some(at("2026-03-02T09:00:00Z")));
        p.schedule = None;
        assert_eq!(post_time(&p), None);
    }

    #[test]
    fn helpers_format_for_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(format_date(Lang::Fr, d), "29/03/2026");
        assert_eq!(format_date(Lang::En, d), "2026-03-29");
        assert_eq!(weekday_name(Lang::Fr, d.weekday()), "dimanche");
        assert_eq!(format_minutes(22 * 60 + 5), "22:05");
        assert_eq!(week_start(d), NaiveDate::from_ymd_opt(2026, 3, 23).unwrap());
        assert_eq!(
            week_start(NaiveDate::from_ymd_opt(2026, 3, 23).unwrap()),
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap()
        );
        let mut p = post("a", &["x", "linkedin", "x"], "2026-03-02T09:00:00Z", "UTC");
        assert_eq!(distinct_networks(&p).collect::<Vec<_>>(), ["x", "linkedin"]);
        p.networks.clear();
        assert_eq!(distinct_networks(&p).count(), 0);
    }
}
