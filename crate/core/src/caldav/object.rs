//! A post as one calendar object, and back.
//!
//! The object is what [`crate::plan::ics::export_event`] writes (readable `SUMMARY` and
//! `DESCRIPTION`, the post's fields in `X-PORTE-VOIX-*` properties), plus one
//! `X-PORTE-VOIX-CONFLICT` property per version kept in conflict with the post (its JSON, escaped
//! as TEXT), so that a conflict found by one team member reaches the others and is resolved once.

use chrono::{DateTime, Utc};

use crate::plan::ics::lines::{escape_text, fold_into, unescape_text, unfold};
use crate::plan::ics::{export_event, import_event, ExportError, ExportOptions, ImportOptions};
use crate::plan::merge::{Conflict, PlanRecord};
use crate::plan::model::{Plan, Post};
use crate::plan::report::ImportProblem;
use crate::suggest::zone::ZoneResolver;

/// The property carrying a version kept in conflict.
pub const CONFLICT_PROPERTY: &str = "X-PORTE-VOIX-CONFLICT";

/// A post and the versions kept in conflict with it, as one calendar object holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct PostObject {
    /// The version shown.
    pub post: Post,
    /// The versions kept in conflict with it (same id).
    pub conflicts: Vec<Post>,
}

impl PostObject {
    /// The post `id` of `plan` with its kept conflicting versions; `None` when the plan has no such
    /// post.
    pub fn of(plan: &Plan, id: &str) -> Option<PostObject> {
        let post = plan.posts.iter().find(|p| p.meta.id == id)?.clone();
        let conflicts = plan.conflicts.iter().filter(|c| c.id == id).filter_map(|c| match &c.version {
            PlanRecord::Post(p) => Some(p.clone()),
            _ => None,
        });
        Some(PostObject { post, conflicts: conflicts.collect() })
    }

    /// A stable digest of everything the object carries (change tracking included): equal digests,
    /// same object.
    pub fn fingerprint(&self) -> String {
        let mut conflicts: Vec<String> =
            self.conflicts.iter().map(|p| serde_json::to_string(p).unwrap_or_default()).collect();
        conflicts.sort();
        let text = format!(
            "{}\u{0}{}",
            serde_json::to_string(&self.post).unwrap_or_default(),
            conflicts.join("\u{0}")
        );
        // FNV-1a, 64 bits, twice with different seeds: a digest, not a security measure.
        let fnv =
            |seed: u64| text.bytes().fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4))
    }

    /// The post and its conflicts as records to merge into a plan.
    pub fn into_plan(self) -> Plan {
        let conflicts = self
            .conflicts
            .into_iter()
            .map(|p| Conflict { id: p.meta.id.clone(), version: PlanRecord::Post(p) })
            .collect();
        Plan { posts: vec![self.post], conflicts, ..Plan::default() }
    }
}

/// The calendar object for `object` (`plan` gives campaign and pillar names to the description).
/// Posts without a scheduled time have no object (calendar events need a start).
pub fn write_object(
    object: &PostObject,
    plan: &Plan,
    zones: &dyn ZoneResolver,
) -> Result<String, ExportError> {
    let ics = export_event(&object.post, plan, zones, &ExportOptions::default())?;
    if object.conflicts.is_empty() {
        return Ok(ics);
    }
    let mut extra = String::new();
    for version in &object.conflicts {
        let json = serde_json::to_string(version).unwrap_or_default();
        fold_into(&mut extra, &format!("{CONFLICT_PROPERTY}:{}", escape_text(&json)));
    }
    // The conflicts go last in the event, before its END line.
    match ics.rfind("END:VEVENT\r\n") {
        Some(at) => Ok(format!("{}{extra}{}", &ics[..at], &ics[at..])),
        None => Ok(ics),
    }
}

/// Reads a calendar object (ours, or an event made in a calendar app) as a post with its kept
/// conflicting versions. `Err` with the problems when it holds no readable event.
pub fn read_object(
    data: &str,
    zones: &dyn ZoneResolver,
    zone: &str,
    now: DateTime<Utc>,
) -> Result<PostObject, Vec<ImportProblem>> {
    let opts = ImportOptions { zone: zone.to_string(), now };
    let read = import_event(data.as_bytes(), zones, &opts)?;
    let (lines, _) = unfold(data.as_bytes());
    let prefix = format!("{CONFLICT_PROPERTY}:");
    let conflicts = lines
        .iter()
        .filter_map(|l| std::str::from_utf8(&l.bytes).ok())
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|value| serde_json::from_str::<Post>(&unescape_text(value)).ok())
        .filter(|p| p.meta.id == read.post.meta.id)
        .collect();
    Ok(PostObject { post: read.post, conflicts })
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;
    use crate::plan::merge::{edit, merge};
    use crate::plan::model::{RecordMeta, Schedule, Status};
    use crate::suggest::zone::TzDb;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn post(text: &str) -> Post {
        let meta = RecordMeta {
            id: "p1".into(),
            created: at("2026-01-01T10:00:00Z"),
            updated: at("2026-01-01T10:00:00Z"),
            clock: Default::default(),
            deleted: false,
        };
        let schedule = Some(Schedule { at: at("2026-03-02T08:30:00Z"), zone: "Europe/Paris".into() });
        Post { text: text.into(), networks: vec!["x".into()], schedule, ..Post::new(meta, Status::Scheduled) }
    }

    #[test]
    fn a_post_and_its_conflicts_round_trip_through_one_object() {
        let mut base = Plan::default();
        edit(&mut base, post("Bonjour"), "a", at("2026-01-02T00:00:00Z"));
        let (mut a, mut b) = (base.clone(), base.clone());
        edit(&mut a, post("Bonjour à tous, une ligne assez longue pour être pliée en plusieurs morceaux ; virgules, points"), "a", at("2026-01-03T00:00:00Z"));
        edit(&mut b, post("Salut"), "b", at("2026-01-04T00:00:00Z"));
        let merged = merge(&a, &b);
        let object = PostObject::of(&merged, "p1").unwrap();
        assert_eq!(object.conflicts.len(), 1);
        let ics = write_object(&object, &merged, &TzDb).unwrap();
        assert!(ics.contains("SUMMARY:"), "readable in calendar apps");
        assert!(ics.lines().all(|l| l.len() <= 75), "folded");
        let back = read_object(&ics, &TzDb, "UTC", at("2026-05-01T00:00:00Z")).unwrap();
        assert_eq!(back, object);
        assert_eq!(back.fingerprint(), object.fingerprint());
        assert_eq!(merge(&merged, &back.into_plan()), merged, "reading our own object back changes nothing");
    }

    #[test]
    fn unscheduled_posts_have_no_object() {
        let mut p = post("x");
        p.schedule = None;
        let object = PostObject { post: p, conflicts: vec![] };
        assert_eq!(write_object(&object, &Plan::default(), &TzDb), Err(ExportError::NotScheduled));
    }
}
