//! The plan's records and the plan file that holds them.
//!
//! One format serves three places: the extension's `storage.local` calendar, the full backup
//! export, and the toolkit's plan file. It is JSON with a `version` field
//! ([`PLAN_SCHEMA_VERSION`]); older versions are migrated on read, newer ones refused with a
//! message that says to update Porte-voix.
//!
//! A field this build does not know is refused rather than dropped: the record is quarantined
//! with the field's name (see `plan::file`), so a typo or a newer writer never loses data.
//!
//! Every record carries a [`RecordMeta`] (id, creation time, last-change stamp, tombstone) so two
//! copies of a plan can be merged record by record.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The schema version this build writes. Bump it with a migration when a field changes meaning.
pub const PLAN_SCHEMA_VERSION: u32 = 1;

/// A whole plan: what a backup file, a plan file or the extension's calendar holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// Schema version of this plan ([`PLAN_SCHEMA_VERSION`] once read).
    pub version: u32,
    /// Every post, deleted ones included as tombstones (`meta.deleted`).
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Campaigns posts can belong to.
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// Editorial pillars (content themes) posts can belong to.
    #[serde(default)]
    pub pillars: Vec<Pillar>,
    /// Records that could not be read, kept verbatim with the reason, never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quarantine: Vec<Quarantined>,
    /// Versions kept by a merge because another device changed the same record at the same time;
    /// the user resolves them (see [`super::merge`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::merge::Conflict>,
    /// The team calendar this plan syncs with, and what was last synced (see `caldav::state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caldav: Option<crate::caldav::SyncState>,
}

impl Default for Plan {
    /// An empty plan of the current schema version.
    fn default() -> Self {
        Plan {
            version: PLAN_SCHEMA_VERSION,
            posts: Vec::new(),
            campaigns: Vec::new(),
            pillars: Vec::new(),
            quarantine: Vec::new(),
            conflicts: Vec::new(),
            caldav: None,
        }
    }
}

/// A record that failed to read: its raw JSON and why, so the user can see and repair it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quarantined {
    /// Which collection it came from: `posts`, `campaigns` or `pillars`.
    pub collection: String,
    /// The record exactly as found.
    pub raw: serde_json::Value,
    /// What was wrong with it (field and reason).
    pub reason: String,
}

/// Identity and change tracking shared by every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordMeta {
    /// Stable id, unique within the plan (the extension and the CLI make random ids).
    pub id: String,
    /// When the record was created.
    pub created: DateTime<Utc>,
    /// When it last changed (wall clock of the device that changed it; for display only).
    pub updated: DateTime<Utc>,
    /// Version vector: device id → how many changes that device made to this record. Merge uses
    /// it to tell "one copy is newer" from "both changed" (a conflict, kept for the user).
    #[serde(default)]
    pub clock: BTreeMap<String, u64>,
    /// Set when the record was deleted (a tombstone, so the delete propagates on merge).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// Where a post is in its life, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A one-line idea, not yet a draft.
    Idea,
    /// Being written.
    Draft,
    /// Submitted for review; an approver must approve or send it back.
    InReview,
    /// Approved, waiting for a time.
    Approved,
    /// Has a time; a reminder fires then.
    Scheduled,
    /// Posted on the network(s).
    Published,
}

/// When a post goes out: an instant, and the IANA zone it was planned in (for display and
/// allowed-hours checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Schedule {
    /// The instant, in UTC.
    pub at: DateTime<Utc>,
    /// IANA zone name such as `Europe/Paris`.
    pub zone: String,
}

/// A post: one message, possibly adapted per network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Post {
    /// Identity and change tracking.
    pub meta: RecordMeta,
    /// The master text, written once.
    #[serde(default)]
    pub text: String,
    /// Per-network adaptations, by network id (`x`, `linkedin`, ...); a network without a variant
    /// posts `text`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, String>,
    /// Networks the post goes to, by id.
    #[serde(default)]
    pub networks: Vec<String>,
    /// Pillar id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pillar: Option<String>,
    /// Campaign id, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// Life-cycle status.
    pub status: Status,
    /// When it goes out, once planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Who writes or posts it (free text: a name or e-mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Free notes for the team.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Findings the writer chose to ignore on this post: `rule id` → the matched texts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ignored_findings: BTreeMap<String, Vec<String>>,
    /// The review trail, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<ReviewEvent>,
    /// Figures once published (typed in or matched from an analytics import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
}

impl Post {
    /// An empty post in `status`: no text, network, schedule or anything else yet.
    pub fn new(meta: RecordMeta, status: Status) -> Self {
        Post {
            meta,
            text: String::new(),
            variants: BTreeMap::new(),
            networks: Vec::new(),
            pillar: None,
            campaign: None,
            status,
            schedule: None,
            assignee: None,
            notes: String::new(),
            ignored_findings: BTreeMap::new(),
            review: Vec::new(),
            metrics: None,
        }
    }
}

/// One step of the review flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewEvent {
    /// What happened.
    pub action: ReviewAction,
    /// Who did it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The approver's comment (required when sending back).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// Review-flow actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewAction {
    /// A writer submitted the post for review.
    Submitted,
    /// An approver approved it.
    Approved,
    /// An approver sent it back with a comment.
    SentBack,
}

/// Figures of a published post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metrics {
    /// When it actually went out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// The post's address on the network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impressions: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagements: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clicks: Option<u64>,
}

/// A campaign: a named, dated push with its own hashtags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Campaign {
    /// Identity and change tracking.
    pub meta: RecordMeta,
    /// Display name.
    pub name: String,
    /// First day (inclusive), if bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<chrono::NaiveDate>,
    /// Last day (inclusive), if bounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<chrono::NaiveDate>,
    /// Hashtags of the campaign, without `#`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashtags: Vec<String>,
}

/// An editorial pillar: a content theme with a target share of the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pillar {
    /// Identity and change tracking.
    pub meta: RecordMeta,
    /// Display name.
    pub name: String,
    /// Target share of posts, in percent (0–100), if the guide sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_percent: Option<f64>,
    /// Display colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}
