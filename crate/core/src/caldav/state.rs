//! What a plan remembers of its CalDAV calendar between syncs, saved in the plan itself
//! (`"caldav"` in the plan file), so that a sync stopped half-way loses nothing: which object holds
//! which post with which ETag, the collection's sync token, and the retry schedule.
//!
//! The queue of changes to send is not a separate list that could drift: a post is queued while
//! what the plan holds differs from what was last read from or written to the server (its
//! fingerprint, see [`pending`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::object::PostObject;
use crate::plan::model::Plan;

/// First wait after a failed sync; doubled at each further failure up to [`MAX_BACKOFF_MINUTES`].
pub const FIRST_BACKOFF_SECONDS: i64 = 30;
/// Longest wait between two tries.
pub const MAX_BACKOFF_MINUTES: i64 = 60;

/// The sync state of a plan with one calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncState {
    /// The server address the user gave.
    pub server: String,
    /// The calendar collection URL found from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The collection's sync token after the last sync (RFC 6578).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_token: Option<String>,
    /// False once the server refused sync-collection: listings then use calendar-query.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub sync_collection: bool,
    /// Post id → the object that holds it, as last synced.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub objects: BTreeMap<String, SyncedObject>,
    /// Set while a sync is failing for a reason that may pass (server down, 5xx).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// When the last complete sync ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<DateTime<Utc>>,
}

fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}

/// A post's object as last read from or written to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SyncedObject {
    /// Its URL.
    pub href: String,
    /// Its ETag then (`None` when the server did not give one on write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The post's version vector then.
    #[serde(default)]
    pub clock: BTreeMap<String, u64>,
    /// [`PostObject::fingerprint`] of what it held then.
    pub fingerprint: String,
}

/// The retry schedule after failures that may pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Retry {
    /// Failed syncs in a row.
    pub failures: u32,
    /// Not before this instant (a run asked for by the user may go earlier).
    pub next_attempt: DateTime<Utc>,
    /// The last failure's message, in English.
    pub last_error: String,
}

impl Retry {
    /// The schedule after one more failure at `now`: 30 s, 1 min, 2 min... up to an hour.
    pub fn after(previous: Option<&Retry>, now: DateTime<Utc>, error: String) -> Retry {
        let failures = previous.map_or(0, |r| r.failures).saturating_add(1);
        let seconds = FIRST_BACKOFF_SECONDS
            .saturating_mul(1i64 << (failures - 1).min(20))
            .min(MAX_BACKOFF_MINUTES * 60);
        Retry { failures, next_attempt: now + Duration::seconds(seconds), last_error: error }
    }
}

impl SyncState {
    /// A fresh state for `server`.
    pub fn new(server: &str) -> SyncState {
        SyncState { server: server.to_string(), sync_collection: true, ..SyncState::default() }
    }

    /// Whether an automatic sync should wait (a retry is scheduled after `now`).
    pub fn should_wait(&self, now: DateTime<Utc>) -> bool {
        self.retry.as_ref().is_some_and(|r| r.next_attempt > now)
    }

    /// The post id whose object is at `href`, if any.
    pub fn id_at(&self, href: &str) -> Option<String> {
        self.objects.iter().find(|(_, o)| super::url::same_resource(&o.href, href)).map(|(id, _)| id.clone())
    }
}

/// A change waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Pending {
    /// A post the server does not have yet.
    Create {
        /// The post's id.
        id: String,
    },
    /// A post changed here since the last sync (or whose conflicts changed).
    Update {
        /// The post's id.
        id: String,
    },
    /// A post deleted here that the server still has.
    Delete {
        /// The post's id.
        id: String,
    },
}

impl Pending {
    /// The post's id.
    pub fn id(&self) -> &str {
        match self {
            Pending::Create { id } | Pending::Update { id } | Pending::Delete { id } => id,
        }
    }
}

/// The changes of `plan` the server has not seen, in post order. Unscheduled posts are included
/// (the sync reports them as kept here until they have a time).
pub fn pending(plan: &Plan, state: &SyncState) -> Vec<Pending> {
    let mut queue = Vec::new();
    for post in &plan.posts {
        let id = post.meta.id.clone();
        let synced = state.objects.get(&id);
        if post.meta.deleted {
            if synced.is_some() {
                queue.push(Pending::Delete { id });
            }
            continue;
        }
        let fingerprint = PostObject::of(plan, &id).map(|o| o.fingerprint()).unwrap_or_default();
        match synced {
            None => queue.push(Pending::Create { id }),
            Some(s) if s.fingerprint != fingerprint => queue.push(Pending::Update { id }),
            Some(_) => {}
        }
    }
    queue
}
