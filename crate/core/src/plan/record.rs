//! What the three kinds of plan records (posts, campaigns, pillars) have in common, and the
//! extension's `storage.local` keys that hold them one item per record.
//!
//! Keys: `plan.post.<id>`, `plan.campaign.<id>`, `plan.pillar.<id>`, `plan.quarantine.<tag>` (a
//! record set aside by a backup restore), and `plan.meta` (`{ "version": N, "device": "…" }`).
//! `plan.snap.*` items are derived copies for a fast first view (see `plan::snapshot`), not records.

use super::model::{Campaign, Pillar, Plan, Post, RecordMeta};
use crate::lang::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The storage key of the plan's own settings (`{ version, device }`).
pub const META_KEY: &str = "plan.meta";
/// The prefix every plan item's storage key starts with.
pub const KEY_PREFIX: &str = "plan.";
/// The prefix of quarantined records kept by a restore (`plan.quarantine.<tag>`).
pub const QUARANTINE_PREFIX: &str = "plan.quarantine.";
/// The prefix of versions a merge kept as conflicts (`plan.conflict.<tag>`).
pub const CONFLICT_PREFIX: &str = "plan.conflict.";

/// The three kinds of records of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    /// Posts.
    Posts,
    /// Campaigns.
    Campaigns,
    /// Editorial pillars.
    Pillars,
}

impl Collection {
    /// Every collection, in file order.
    pub const ALL: [Collection; 3] = [Collection::Posts, Collection::Campaigns, Collection::Pillars];

    /// The collection's name in a plan file: `posts`, `campaigns`, `pillars`.
    pub fn name(self) -> &'static str {
        match self {
            Collection::Posts => "posts",
            Collection::Campaigns => "campaigns",
            Collection::Pillars => "pillars",
        }
    }

    /// One record of it, in English and French (for messages): `post`/`post`, `campaign`/`campagne`...
    pub fn singular(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Collection::Posts, _) => "post",
            (Collection::Campaigns, Lang::En) => "campaign",
            (Collection::Campaigns, Lang::Fr) => "campagne",
            (Collection::Pillars, Lang::En) => "pillar",
            (Collection::Pillars, Lang::Fr) => "pilier",
        }
    }

    /// The word in its storage keys: `post`, `campaign`, `pillar`.
    fn key_word(self) -> &'static str {
        match self {
            Collection::Posts => "post",
            Collection::Campaigns => "campaign",
            Collection::Pillars => "pillar",
        }
    }

    /// Parses a collection name (`posts`) as a file writes it.
    pub fn parse(name: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The storage key of record `id` of this collection: `plan.post.<id>`.
    pub fn storage_key(self, id: &str) -> String {
        format!("{KEY_PREFIX}{}.{id}", self.key_word())
    }
}

/// What a storage key of the plan names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageKey<'a> {
    /// `plan.meta`.
    Meta,
    /// A record: its collection and the id the key carries.
    Record(Collection, &'a str),
    /// `plan.quarantine.<tag>`.
    Quarantine,
    /// `plan.conflict.<tag>`.
    Conflict,
    /// `plan.snap.*`: a snapshot derived from the records (see `plan::snapshot`), never read as one.
    Snapshot,
    /// Another `plan.` key this build does not know.
    Unknown,
}

/// Reads a storage key; `None` when it is not a plan key at all.
pub fn parse_storage_key(key: &str) -> Option<StorageKey<'_>> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    if key == META_KEY {
        return Some(StorageKey::Meta);
    }
    if key.starts_with(QUARANTINE_PREFIX) {
        return Some(StorageKey::Quarantine);
    }
    if key.starts_with(CONFLICT_PREFIX) {
        return Some(StorageKey::Conflict);
    }
    if super::snapshot::is_snapshot_key(key) {
        return Some(StorageKey::Snapshot);
    }
    let parsed = rest.split_once('.').and_then(|(word, id)| {
        let collection = Collection::ALL.into_iter().find(|c| c.key_word() == word)?;
        (!id.is_empty()).then_some(StorageKey::Record(collection, id))
    });
    Some(parsed.unwrap_or(StorageKey::Unknown))
}

/// A plan record: a post, a campaign or a pillar.
pub trait Record: Serialize + DeserializeOwned + Clone {
    /// The collection it belongs to.
    const COLLECTION: Collection;
    /// Its identity and change tracking.
    fn meta(&self) -> &RecordMeta;
    /// Its identity and change tracking, to change.
    fn meta_mut(&mut self) -> &mut RecordMeta;
    /// The plan's list of such records.
    fn list(plan: &Plan) -> &Vec<Self>;
    /// The plan's list of such records, to change.
    fn list_mut(plan: &mut Plan) -> &mut Vec<Self>;
}

macro_rules! record {
    ($t:ty, $collection:expr, $field:ident) => {
        impl Record for $t {
            const COLLECTION: Collection = $collection;
            fn meta(&self) -> &RecordMeta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut RecordMeta {
                &mut self.meta
            }
            fn list(plan: &Plan) -> &Vec<Self> {
                &plan.$field
            }
            fn list_mut(plan: &mut Plan) -> &mut Vec<Self> {
                &mut plan.$field
            }
        }
    };
}

record!(Post, Collection::Posts, posts);
record!(Campaign, Collection::Campaigns, campaigns);
record!(Pillar, Collection::Pillars, pillars);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_read_back() {
        for c in Collection::ALL {
            let key = c.storage_key("a.b-1");
            assert_eq!(parse_storage_key(&key), Some(StorageKey::Record(c, "a.b-1")));
            assert_eq!(Collection::parse(c.name()), Some(c));
        }
        assert_eq!(parse_storage_key("plan.meta"), Some(StorageKey::Meta));
        assert_eq!(parse_storage_key("plan.quarantine.00ff"), Some(StorageKey::Quarantine));
        assert_eq!(parse_storage_key("plan.conflict.00ff"), Some(StorageKey::Conflict));
        assert_eq!(parse_storage_key("plan.snap.week.2026-03-02"), Some(StorageKey::Snapshot));
        assert_eq!(parse_storage_key("plan.post."), Some(StorageKey::Unknown));
        assert_eq!(parse_storage_key("plan.draft.x"), Some(StorageKey::Unknown));
        assert_eq!(parse_storage_key("guide"), None);
    }
}
