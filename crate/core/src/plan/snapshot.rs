//! Snapshots: copies of the plan's records grouped the way the side panel first shows them, so
//! that opening the calendar reads a few storage items instead of one per record.
//!
//! The records (`plan.post.<id>`, ...) stay the plan's only source of truth. Snapshots are derived
//! from them, written next to them, and rebuilt from them whenever they are missing, unreadable or
//! out of step: a page that reads a snapshot shows it at once, then reads every record and writes
//! the snapshots again where they differ. Nothing is ever read *only* from a snapshot.
//!
//! Items (each value is a JSON **string**: browsers hand one string over much faster than
//! hundreds of objects):
//! - `plan.snap.week.<YYYY-MM-DD>`: the live posts scheduled in the UTC week starting that
//!   Monday, as `{"v":2,"items":{"plan.post.<id>":{…}, …}}` (the records' own storage items),
//!   written in the calendar's order (time, then id); a week without posts has no item.
//! - `plan.snap.head`: every campaign and pillar (tombstones included; by id, campaigns first),
//!   then the first [`HEAD_UNSCHEDULED`] live unscheduled posts in the tray's order (created,
//!   then id), same shape, plus `"networks"`: every built-in network's `{ id, name }`. Its
//!   presence says the week items are complete: a week with no item has no post.
//!
//! Because the items are in order (a JSON object keeps its keys' order when JavaScript reads it)
//! and the head names the networks, the side panel can draw a month from the snapshots alone,
//! before the planner is even compiled: concatenating the weeks gives the month's posts in the
//! order [`PlanBook::query`] gives them (extension/plan/first-view.js).
//!
//! A reader that wants the posts of `[from, to)` reads the week items of every UTC Monday from
//! the week of `from` to the week of `to` ([`week_keys`]), plus the head.

use super::book::{storage_item, PlanBook, Query};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::{json, Value};

/// The version of the snapshot items' shape (`"v"`); a reader ignores any other. Version 2 put
/// the items in order and the networks in the head.
pub const SNAPSHOT_VERSION: u32 = 2;
/// The prefix of every snapshot item's key.
pub const SNAPSHOT_PREFIX: &str = "plan.snap.";
/// The key of the head snapshot (campaigns, pillars, the start of the tray).
pub const HEAD_KEY: &str = "plan.snap.head";
/// The prefix of the week snapshots' keys.
pub const WEEK_PREFIX: &str = "plan.snap.week.";
/// How many unscheduled posts the head carries (the tray shows at most this many at first).
pub const HEAD_UNSCHEDULED: usize = 40;

/// The Monday (UTC) starting the week of `at`.
pub fn week_start(at: DateTime<Utc>) -> NaiveDate {
    let day = at.date_naive();
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The key of the week snapshot holding posts scheduled at `at`.
pub fn week_key(at: DateTime<Utc>) -> String {
    format!("{WEEK_PREFIX}{}", week_start(at).format("%Y-%m-%d"))
}

/// The week snapshot keys covering `[from, to)`, oldest first (none when `to <= from`).
pub fn week_keys(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let mut keys = Vec::new();
    if to <= from {
        return keys;
    }
    let last = week_start(to - Duration::milliseconds(1));
    let mut monday = week_start(from);
    while monday <= last {
        keys.push(format!("{WEEK_PREFIX}{}", monday.format("%Y-%m-%d")));
        monday += Duration::days(7);
    }
    keys
}

/// Whether `key` is a snapshot item's key.
pub fn is_snapshot_key(key: &str) -> bool {
    key.starts_with(SNAPSHOT_PREFIX)
}

/// The Monday a week key names, if it is one.
fn week_of_key(key: &str) -> Option<NaiveDate> {
    let day = NaiveDate::parse_from_str(key.strip_prefix(WEEK_PREFIX)?, "%Y-%m-%d").ok()?;
    (day.weekday().num_days_from_monday() == 0).then_some(day)
}

/// A snapshot value: the JSON text of `{"v":2,…extra,"items":{…}}`, with the items in the order
/// given (a `serde_json::Map` would sort them by key).
fn wrap(extra: &[(&str, Value)], items: impl IntoIterator<Item = (String, Value)>) -> String {
    let mut text = format!("{{\"v\":{SNAPSHOT_VERSION}");
    for (name, value) in extra {
        text.push_str(&format!(",{}:{value}", Value::from(*name)));
    }
    text.push_str(",\"items\":{");
    for (i, (key, value)) in items.into_iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("{}:{value}", Value::String(key)));
    }
    text.push_str("}}");
    text
}

/// Every built-in network's `{ id, name }`, as the head carries them.
fn network_names() -> Value {
    crate::networks::all().into_iter().map(|n| json!({ "id": n.id, "name": n.name })).collect()
}

impl PlanBook {
    /// The snapshot items derived from the book, key → value (`None`: the item should not exist,
    /// e.g. a week without posts). `keys`: only these (unknown keys answer `None`); `None`: every
    /// snapshot the book calls for (the head and each week that has a post).
    pub fn snapshots(&self, keys: Option<&[String]>) -> Vec<(String, Option<String>)> {
        match keys {
            Some(keys) => keys.iter().map(|key| (key.clone(), self.snapshot(key))).collect(),
            None => {
                let mut weeks: Vec<NaiveDate> = self.scheduled_times().map(week_start).collect();
                weeks.dedup();
                let mut all = vec![(HEAD_KEY.to_string(), Some(self.head_snapshot()))];
                for monday in weeks {
                    let key = format!("{WEEK_PREFIX}{}", monday.format("%Y-%m-%d"));
                    let value = self.week_snapshot(monday);
                    all.push((key, value));
                }
                all
            }
        }
    }

    /// One snapshot item's value, or `None` when it should not exist.
    fn snapshot(&self, key: &str) -> Option<String> {
        if key == HEAD_KEY {
            return Some(self.head_snapshot());
        }
        self.week_snapshot(week_of_key(key)?)
    }

    fn head_snapshot(&self) -> String {
        let mut items: Vec<(String, Value)> = self.campaign_and_pillar_items().collect();
        items.extend(
            self.query(&Query::default()).unscheduled.into_iter().take(HEAD_UNSCHEDULED).map(storage_item),
        );
        wrap(&[("networks", network_names())], items)
    }

    fn week_snapshot(&self, monday: NaiveDate) -> Option<String> {
        let from = monday.and_hms_opt(0, 0, 0)?.and_utc();
        let query = Query { from: Some(from), to: Some(from + Duration::days(7)), ..Query::default() };
        let posts = self.query(&query).scheduled;
        if posts.is_empty() {
            return None;
        }
        Some(wrap(&[], posts.into_iter().map(storage_item)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::book::{PlanBook, PostFields};
    use crate::plan::record::parse_storage_key;
    use crate::plan::Schedule;
    use chrono::TimeZone;

    fn t(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn weeks_start_on_utc_mondays() {
        // 2026-03-01 is a Sunday, 2026-03-02 a Monday.
        assert_eq!(week_key(t(2026, 3, 1, 23)), "plan.snap.week.2026-02-23");
        assert_eq!(week_key(t(2026, 3, 2, 0)), "plan.snap.week.2026-03-02");
        assert_eq!(
            week_keys(t(2026, 3, 1, 23), t(2026, 3, 9, 0)),
            ["plan.snap.week.2026-02-23", "plan.snap.week.2026-03-02"]
        );
        assert_eq!(week_keys(t(2026, 3, 9, 0), t(2026, 3, 9, 0)), Vec::<String>::new());
        assert!(week_of_key("plan.snap.week.2026-03-03").is_none(), "not a Monday");
        assert!(is_snapshot_key(HEAD_KEY) && !is_snapshot_key("plan.post.a"));
    }

    fn book_with(times: &[Option<DateTime<Utc>>]) -> PlanBook {
        let mut book = PlanBook::new("dev");
        for (i, at) in times.iter().enumerate() {
            let fields = PostFields {
                text: Some(format!("post {i}")),
                networks: Some(vec!["x".into()]),
                schedule: Some(at.map(|at| Schedule { at, zone: "Europe/Paris".into() })),
                ..PostFields::default()
            };
            book.create_post(fields, Some(&format!("p{i:02}")), None, t(2026, 1, 1, 0)).unwrap();
        }
        book
    }

    fn items_of(text: &str) -> serde_json::Map<String, Value> {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(value["v"], SNAPSHOT_VERSION);
        value["items"].as_object().unwrap().clone()
    }

    #[test]
    fn every_live_post_is_in_the_week_of_its_time_or_the_head() {
        let mut book =
            book_with(&[Some(t(2026, 3, 2, 9)), Some(t(2026, 3, 8, 23)), Some(t(2026, 3, 9, 0)), None]);
        book.delete_post("p02", t(2026, 1, 2, 0)).unwrap();
        let all = book.snapshots(None);
        let keys: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, [HEAD_KEY, "plan.snap.week.2026-03-02"], "the deleted post's week has no item");
        let week = items_of(all[1].1.as_deref().unwrap());
        assert_eq!(week.keys().collect::<Vec<_>>(), ["plan.post.p00", "plan.post.p01"]);
        // The records as storage holds them, exactly.
        let stored: serde_json::Map<String, Value> = book.storage_items().into_iter().collect();
        assert_eq!(week["plan.post.p00"], stored["plan.post.p00"]);
        let head = items_of(all[0].1.as_deref().unwrap());
        assert_eq!(head.keys().collect::<Vec<_>>(), ["plan.post.p03"]);
        // Asked by key: the emptied week says "no item", an unknown key too.
        let asked = book.snapshots(Some(&[
            "plan.snap.week.2026-03-09".to_string(),
            "plan.snap.week.nonsense".to_string(),
        ]));
        assert_eq!(
            asked,
            [("plan.snap.week.2026-03-09".to_string(), None), ("plan.snap.week.nonsense".to_string(), None)]
        );
    }

    #[test]
    fn the_head_keeps_the_start_of_the_tray_and_every_campaign_and_pillar() {
        let mut book = book_with(&vec![None; HEAD_UNSCHEDULED + 5]);
        book.create_campaign(
            crate::plan::book::CampaignFields { name: Some("Printemps".into()), ..Default::default() },
            Some("c1"),
            t(2026, 1, 1, 0),
        )
        .unwrap();
        let head = items_of(&book.snapshots(Some(&[HEAD_KEY.to_string()]))[0].1.clone().unwrap());
        assert!(head.contains_key("plan.campaign.c1"));
        let posts: Vec<&String> = head.keys().filter(|k| k.starts_with("plan.post.")).collect();
        assert_eq!(posts.len(), HEAD_UNSCHEDULED);
        assert_eq!(posts[0], "plan.post.p00");
    }

    /// The keys of a snapshot's items in the order the text lists them.
    fn keys_in_order(text: &str) -> Vec<String> {
        let items = &text[text.find("\"items\":").unwrap()..];
        items
            .match_indices("\"plan.")
            .map(|(at, _)| items[at + 1..].split('"').next().unwrap().to_string())
            .filter(|k| k.matches('.').count() == 2)
            .collect()
    }

    #[test]
    fn items_are_written_in_the_calendars_order_and_the_head_names_the_networks() {
        // Ids against time: p00 is the latest post of the week, p02 and p03 share a time.
        let mut book = book_with(&[
            Some(t(2026, 3, 4, 18)),
            Some(t(2026, 3, 2, 9)),
            Some(t(2026, 3, 3, 12)),
            Some(t(2026, 3, 3, 12)),
            None,
            None,
        ]);
        book.create_pillar(
            crate::plan::book::PillarFields { name: Some("Coulisses".into()), ..Default::default() },
            Some("b"),
            t(2026, 1, 1, 0),
        )
        .unwrap();
        book.create_campaign(
            crate::plan::book::CampaignFields { name: Some("Été".into()), ..Default::default() },
            Some("z"),
            t(2026, 1, 1, 0),
        )
        .unwrap();
        let all = book.snapshots(None);
        let week = all[1].1.as_deref().unwrap();
        assert_eq!(keys_in_order(week), ["plan.post.p01", "plan.post.p02", "plan.post.p03", "plan.post.p00"]);
        let query = Query { from: Some(t(2026, 3, 2, 0)), to: Some(t(2026, 3, 9, 0)), ..Query::default() };
        let by_query: Vec<String> =
            book.query(&query).scheduled.iter().map(|p| format!("plan.post.{}", p.meta.id)).collect();
        assert_eq!(keys_in_order(week), by_query, "the order the calendar shows");
        let head = all[0].1.as_deref().unwrap();
        assert_eq!(
            keys_in_order(head),
            ["plan.campaign.z", "plan.pillar.b", "plan.post.p04", "plan.post.p05"]
        );
        let value: Value = serde_json::from_str(head).unwrap();
        let networks = value["networks"].as_array().unwrap();
        assert_eq!(networks.len(), crate::networks::all().len());
        assert!(
            networks
                .iter()
                .any(|n| n["id"] == "x" && n["name"].as_str().is_some_and(|name| !name.is_empty())),
            "{networks:?}"
        );
        // Still JSON that reads back into the records, unchanged.
        let stored: serde_json::Map<String, Value> = book.storage_items().into_iter().collect();
        assert_eq!(items_of(week)["plan.post.p00"], stored["plan.post.p00"]);
    }

    #[test]
    fn snapshot_items_are_not_plan_records() {
        // A reader of the records skips them: never quarantined, never merged.
        assert_eq!(parse_storage_key(HEAD_KEY), Some(crate::plan::record::StorageKey::Snapshot));
        let book = book_with(&[Some(t(2026, 3, 2, 9))]);
        let mut items: Vec<(String, Value)> = book.storage_items();
        for (key, value) in book.snapshots(None) {
            items.push((key, Value::String(value.unwrap())));
        }
        let read = crate::plan::file::read_stored(items).unwrap();
        assert!(read.held.is_empty(), "{:?}", read.held);
        assert_eq!(read.plan.posts.len(), 1);
        let mut other = PlanBook::new("other");
        assert_eq!(other.put_stored(HEAD_KEY, Value::String("{}".into())), Default::default());
    }
}
