//! [`PlanBook`]: the plan in memory, indexed by id and by scheduled time, with its operations.
//!
//! Every change goes through the book: it validates the fields, applies the review flow
//! ([`super::review`]), bumps the record's version vector for this device (`meta.clock[device]`)
//! and sets `meta.updated`. Deleting leaves a tombstone so that the delete reaches other copies.
//! The book never reads a clock or a random source itself: callers pass `now`, and new ids come
//! from the caller or from a seed the caller gives ([`PlanBook::set_seed`]).

use super::file::{read_plan, Held, PlanFileError};
use super::merge::{Conflict, PlanCollection};
use super::model::{
    Campaign, Metrics, Pillar, Plan, Post, Quarantined, RecordMeta, ReviewAction, ReviewEvent, Schedule,
    Status, PLAN_SCHEMA_VERSION,
};
use super::record::{
    parse_storage_key, Collection, Record, StorageKey, CONFLICT_PREFIX, META_KEY, QUARANTINE_PREFIX,
};
use super::review::{
    check_transition, review_need, status_label, Actor, Refusal, ReviewNeed, SensitiveTerms,
};
use crate::guide::CompiledGuide;
use crate::lang::Lang;
use crate::networks;
use crate::suggest::fold::fold;
use crate::suggest::zone::ZoneResolver;
use crate::sync::merge::settle;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// The comment recorded when an edit sends an approved post back to review by itself.
pub const EDITED_AFTER_APPROVAL: &str = "Modifié après validation / edited after approval";

/// Why an operation on the book was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq)]
pub enum BookError {
    /// No record with this id (or only its tombstone).
    NotFound { collection: Collection, id: String },
    /// The id is already used in this collection (tombstones included).
    IdTaken { collection: Collection, id: String },
    /// The id given is not usable.
    BadId { id: String },
    /// A field's value is wrong: which field, and why in both languages.
    Invalid { field: String, en: String, fr: String },
    /// The status change is not allowed.
    Transition { id: String, from: Status, to: Status, why: Refusal },
    /// A review action on a post that is not where the action applies.
    NotApplicable { id: String, action: ReviewAction, status: Status },
}

impl BookError {
    fn invalid(field: impl Into<String>, en: impl Into<String>, fr: impl Into<String>) -> BookError {
        BookError::Invalid { field: field.into(), en: en.into(), fr: fr.into() }
    }

    /// What went wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            BookError::NotFound { collection, id } if fr => format!("aucun {} « {id} » dans le plan (supprimé, ou mauvais identifiant).", collection.singular(lang)),
            BookError::NotFound { collection, id } => format!("no {} \"{id}\" in the plan (deleted, or a wrong id).", collection.singular(lang)),
            BookError::IdTaken { collection, id } if fr => format!("l'identifiant « {id} » est déjà pris par un autre {} : choisissez-en un autre ou laissez-le vide.", collection.singular(lang)),
            BookError::IdTaken { collection, id } => format!("the id \"{id}\" is already used by another {}: pick another or leave it out.", collection.singular(lang)),
            BookError::BadId { id } if fr => format!("identifiant « {id} » invalide : 1 à 64 caractères parmi lettres, chiffres, « . », « _ », « - » et « : »."),
            BookError::BadId { id } => format!("bad id \"{id}\": use 1 to 64 letters, digits, '.', '_', '-' or ':'."),
            BookError::Invalid { field, fr: m, .. } if fr => format!("{field} : {m}"),
            BookError::Invalid { field, en, .. } => format!("{field}: {en}"),
            BookError::Transition { id, from, to, why } if fr => {
                format!("post « {id} » : impossible de passer de « {} » à « {} » : {}", status_label(*from, lang), status_label(*to, lang), why.message(lang))
            }
            BookError::Transition { id, from, to, why } => format!("post \"{id}\": cannot move from {} to {}: {}", status_label(*from, lang), status_label(*to, lang), why.message(lang)),
            BookError::NotApplicable { id, action, status } if fr => {
                let what = match action {
                    ReviewAction::Submitted => "seul un post qui n'est pas déjà en relecture ni publié peut être soumis",
                    ReviewAction::Approved => "seul un post en relecture peut être approuvé",
                    ReviewAction::SentBack => "seul un post en relecture peut être renvoyé",
                };
                format!("post « {id} » : {what} ; il est « {} ».", status_label(*status, lang))
            }
            BookError::NotApplicable { id, action, status } => {
                let what = match action {
                    ReviewAction::Submitted => "only a post not already in review or published can be submitted",
                    ReviewAction::Approved => "only a post in review can be approved",
                    ReviewAction::SentBack => "only a post in review can be sent back",
                };
                format!("post \"{id}\": {what}; it is {}.", status_label(*status, lang))
            }
        }
    }
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for BookError {}

/// `Some(value)` for a field that is present (`null` included): tells "clear it" from "unchanged".
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The fields of a post to set, for a new post or an existing one; an absent field is left as
/// it is, `null` clears an optional one. `status` goes through the review flow, with `comment`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PostFields {
    /// The master text.
    pub text: Option<String>,
    /// Per-network texts (replaces all variants).
    pub variants: Option<BTreeMap<String, String>>,
    /// Network ids.
    pub networks: Option<Vec<String>>,
    /// Pillar id (`null` or `""`: none).
    #[serde(default, deserialize_with = "present")]
    pub pillar: Option<Option<String>>,
    /// Campaign id (`null` or `""`: none).
    #[serde(default, deserialize_with = "present")]
    pub campaign: Option<Option<String>>,
    /// Who handles it (`null` or `""`: nobody).
    #[serde(default, deserialize_with = "present")]
    pub assignee: Option<Option<String>>,
    /// Team notes.
    pub notes: Option<String>,
    /// Ignored findings (replaces them all).
    pub ignored_findings: Option<BTreeMap<String, Vec<String>>>,
    /// Figures once published.
    #[serde(default, deserialize_with = "present")]
    pub metrics: Option<Option<Metrics>>,
    /// When it goes out (`null`: unscheduled).
    #[serde(default, deserialize_with = "present")]
    pub schedule: Option<Option<Schedule>>,
    /// The status to move to, checked by the review flow.
    pub status: Option<Status>,
    /// A comment for the review trail (required to send back).
    pub comment: Option<String>,
}

/// The fields of a campaign to set (absent: unchanged; `null` clears).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignFields {
    /// Display name.
    pub name: Option<String>,
    /// First day.
    #[serde(default, deserialize_with = "present")]
    pub starts: Option<Option<NaiveDate>>,
    /// Last day.
    #[serde(default, deserialize_with = "present")]
    pub ends: Option<Option<NaiveDate>>,
    /// Hashtags, with or without `#`.
    pub hashtags: Option<Vec<String>>,
}

/// The fields of a pillar to set (absent: unchanged; `null` clears).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PillarFields {
    /// Display name.
    pub name: Option<String>,
    /// Target share, 0–100.
    #[serde(default, deserialize_with = "present")]
    pub target_percent: Option<Option<f64>>,
    /// `#rrggbb`.
    #[serde(default, deserialize_with = "present")]
    pub color: Option<Option<String>>,
}

/// A record kind that can be created blank and changed by its fields.
pub trait Editable: Record + PartialEq {
    /// The fields that set it.
    type Fields;
    /// An empty record with this identity.
    fn blank(meta: RecordMeta) -> Self;
    /// Applies `fields`, checking each.
    fn apply(&mut self, fields: Self::Fields) -> Result<(), BookError>;
}

fn optional(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn check_network(field: String, id: &str) -> Result<(), BookError> {
    if networks::builtin(id).is_some() {
        return Ok(());
    }
    let en = networks::unknown_network_message(id);
    let known = networks::ids().collect::<Vec<_>>().join(", ");
    Err(BookError::invalid(field, en, format!("réseau « {id} » inconnu ; réseaux connus : {known}")))
}

impl Editable for Campaign {
    type Fields = CampaignFields;
    fn blank(meta: RecordMeta) -> Self {
        Campaign { meta, name: String::new(), starts: None, ends: None, hashtags: Vec::new() }
    }
    fn apply(&mut self, f: CampaignFields) -> Result<(), BookError> {
        if let Some(name) = f.name {
            self.name = name.trim().to_string();
        }
        if let Some(starts) = f.starts {
            self.starts = starts;
        }
        if let Some(ends) = f.ends {
            self.ends = ends;
        }
        if let Some(tags) = f.hashtags {
            self.hashtags = tags
                .iter()
                .map(|t| t.trim().trim_start_matches(['#', '＃']).to_string())
                .filter(|t| !t.is_empty())
                .collect();
        }
        if self.name.is_empty() {
            return Err(BookError::invalid(
                "name",
                "a campaign needs a name.",
                "une campagne a besoin d'un nom.",
            ));
        }
        if let (Some(s), Some(e)) = (self.starts, self.ends) {
            if e < s {
                return Err(BookError::invalid(
                    "ends",
                    format!("the campaign ends ({e}) before it starts ({s})."),
                    format!("la campagne finit ({e}) avant de commencer ({s})."),
                ));
            }
        }
        Ok(())
    }
}

impl Editable for Pillar {
    type Fields = PillarFields;
    fn blank(meta: RecordMeta) -> Self {
        Pillar { meta, name: String::new(), target_percent: None, color: None }
    }
    fn apply(&mut self, f: PillarFields) -> Result<(), BookError> {
        if let Some(name) = f.name {
            self.name = name.trim().to_string();
        }
        if let Some(target) = f.target_percent {
            if target.is_some_and(|t| !(0.0..=100.0).contains(&t)) {
                return Err(BookError::invalid(
                    "targetPercent",
                    "a target share is a percentage from 0 to 100.",
                    "une part visée est un pourcentage de 0 à 100.",
                ));
            }
            self.target_percent = target;
        }
        if let Some(color) = f.color {
            let color = optional(color);
            if color.as_deref().is_some_and(|c| {
                c.len() != 7 || !c.starts_with('#') || !c[1..].chars().all(|d| d.is_ascii_hexdigit())
            }) {
                return Err(BookError::invalid(
                    "color",
                    "write the colour as #rrggbb, e.g. #2a9d8f.",
                    "écrivez la couleur sous la forme #rrggbb, par exemple #2a9d8f.",
                ));
            }
            self.color = color;
        }
        if self.name.is_empty() {
            return Err(BookError::invalid("name", "a pillar needs a name.", "un pilier a besoin d'un nom."));
        }
        Ok(())
    }
}

impl Editable for Post {
    type Fields = PostFields;
    fn blank(meta: RecordMeta) -> Self {
        Post::new(meta, Status::Draft)
    }
    /// The content fields only; schedule and status are the book's (they need the review flow).
    fn apply(&mut self, f: PostFields) -> Result<(), BookError> {
        if let Some(text) = f.text {
            self.text = text;
        }
        if let Some(variants) = f.variants {
            for network in variants.keys() {
                check_network(format!("variants.{network}"), network)?;
            }
            self.variants = variants;
        }
        if let Some(list) = f.networks {
            let mut networks: Vec<String> = Vec::with_capacity(list.len());
            for (i, n) in list.iter().enumerate() {
                let n = n.trim().to_ascii_lowercase();
                check_network(format!("networks[{i}]"), &n)?;
                if !networks.contains(&n) {
                    networks.push(n);
                }
            }
            self.networks = networks;
        }
        if let Some(p) = f.pillar {
            self.pillar = optional(p);
        }
        if let Some(c) = f.campaign {
            self.campaign = optional(c);
        }
        if let Some(a) = f.assignee {
            self.assignee = optional(a);
        }
        if let Some(notes) = f.notes {
            self.notes = notes;
        }
        if let Some(ignored) = f.ignored_findings {
            self.ignored_findings = ignored;
        }
        if let Some(metrics) = f.metrics {
            self.metrics = metrics;
        }
        Ok(())
    }
}

/// Records of one kind by id, tombstones included.
#[derive(Debug, Clone)]
struct Table<T> {
    map: HashMap<String, T>,
}

impl<T: Record> Table<T> {
    fn new() -> Self {
        Table { map: HashMap::new() }
    }

    /// The live record `id`.
    fn live(&self, id: &str) -> Result<&T, BookError> {
        self.map
            .get(id)
            .filter(|r| !r.meta().deleted)
            .ok_or_else(|| BookError::NotFound { collection: T::COLLECTION, id: id.to_string() })
    }

    fn live_records(&self) -> impl Iterator<Item = &T> {
        self.map.values().filter(|r| !r.meta().deleted)
    }

    /// Every record, tombstones included, by id.
    fn sorted(&self) -> Vec<&T> {
        let mut all: Vec<&T> = self.map.values().collect();
        crate::sort::sort_by(&mut all, |a, b| a.meta().id.cmp(&b.meta().id));
        all
    }
}

/// Deterministic ids from a seed (splitmix64), so that wasm needs no random source.
#[derive(Debug, Clone)]
struct IdSource {
    state: u64,
}

impl IdSource {
    const ALPHABET: &'static [u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

    fn next(&mut self) -> String {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (0..12).map(|i| Self::ALPHABET[((z >> (i * 5)) & 31) as usize] as char).collect()
    }
}

/// Whether `id` is usable as a record id (and in a storage key).
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':'))
}

/// Which posts a query wants. Every filter is optional; within one list any value matches, and
/// all filters given must match.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Query {
    /// Scheduled at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Scheduled strictly before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Goes to one of these networks.
    pub networks: Vec<String>,
    /// In one of these pillars.
    pub pillars: Vec<String>,
    /// In one of these campaigns.
    pub campaigns: Vec<String>,
    /// Assigned to one of these people (no case or accents).
    pub assignees: Vec<String>,
    /// In one of these statuses.
    pub statuses: Vec<Status>,
    /// Text, variants or notes contain this (no case or accents).
    pub text: Option<String>,
}

/// The posts a query found: scheduled ones by time, and the unscheduled ones apart (no time
/// filter applies to them), oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Found<'a> {
    /// In the time range, by time then id.
    pub scheduled: Vec<&'a Post>,
    /// Without a time, by creation then id.
    pub unscheduled: Vec<&'a Post>,
}

/// What a restore replaced the plan with.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    /// Records now in the plan, tombstones included.
    pub posts: usize,
    /// Campaigns.
    pub campaigns: usize,
    /// Pillars.
    pub pillars: usize,
    /// The backup's quarantined records not already held, now kept under `plan.quarantine.*` keys.
    pub quarantine: Vec<Held>,
    /// The backup's version, when it was older and migrated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrated_from: Option<u32>,
}

/// The plan in memory.
pub struct PlanBook {
    device: String,
    actor: Actor,
    sensitive: SensitiveTerms,
    zones: Option<Box<dyn ZoneResolver>>,
    posts: Table<Post>,
    campaigns: Table<Campaign>,
    pillars: Table<Pillar>,
    /// Live scheduled posts by (time, id).
    by_time: BTreeSet<(DateTime<Utc>, String)>,
    held: Vec<Held>,
    /// Versions a merge kept for the user to resolve (carried along, see `plan::merge`).
    conflicts: Vec<Conflict>,
    /// The team calendar's sync state, carried along untouched (see `caldav::state`).
    caldav: Option<crate::caldav::SyncState>,
    ids: IdSource,
}

impl PlanBook {
    /// An empty book whose changes are counted for `device` (a stable id of this browser or
    /// machine) and made by a writer until [`PlanBook::set_actor`].
    pub fn new(device: &str) -> PlanBook {
        let seed = device
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        PlanBook {
            device: device.trim().to_string(),
            actor: Actor::default(),
            sensitive: SensitiveTerms::default(),
            zones: None,
            posts: Table::new(),
            campaigns: Table::new(),
            pillars: Table::new(),
            by_time: BTreeSet::new(),
            held: Vec::new(),
            conflicts: Vec::new(),
            caldav: None,
            ids: IdSource { state: seed },
        }
    }

    /// A book holding `plan` (as read from a file; its quarantine is kept).
    pub fn from_plan(plan: Plan, device: &str) -> PlanBook {
        let mut book = PlanBook::new(device);
        let held = plan.quarantine.into_iter().map(|entry| Held { key: None, entry }).collect();
        book.replace(plan.posts, plan.campaigns, plan.pillars, held, plan.conflicts);
        book.caldav = plan.caldav;
        book
    }

    /// This device's id.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Who acts when an operation is not given an actor.
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// The default actor.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The sensitive words that force review.
    pub fn set_sensitive_terms(&mut self, terms: SensitiveTerms) {
        self.sensitive = terms;
    }

    /// Takes the sensitive words from a guide.
    pub fn set_guide(&mut self, guide: &CompiledGuide) {
        self.sensitive = SensitiveTerms::from_guide(guide);
    }

    /// Checks schedule zones against `zones` from now on (without one, any non-empty name passes).
    pub fn set_zone_resolver(&mut self, zones: Box<dyn ZoneResolver>) {
        self.zones = Some(zones);
    }

    /// Seeds the id generator (pass a random number: ids are then unlikely to collide across devices).
    pub fn set_seed(&mut self, seed: u64) {
        self.ids.state = seed;
    }

    fn replace(
        &mut self,
        posts: Vec<Post>,
        campaigns: Vec<Campaign>,
        pillars: Vec<Pillar>,
        held: Vec<Held>,
        conflicts: Vec<Conflict>,
    ) {
        self.conflicts = conflicts;
        self.posts = Table { map: posts.into_iter().map(|p| (p.meta.id.clone(), p)).collect() };
        self.campaigns = Table { map: campaigns.into_iter().map(|c| (c.meta.id.clone(), c)).collect() };
        self.pillars = Table { map: pillars.into_iter().map(|p| (p.meta.id.clone(), p)).collect() };
        self.by_time = self
            .posts
            .live_records()
            .filter_map(|p| p.schedule.as_ref().map(|s| (s.at, p.meta.id.clone())))
            .collect();
        self.held = held;
    }

    // ---- reading ----

    /// The live post `id`.
    pub fn post(&self, id: &str) -> Result<&Post, BookError> {
        self.posts.live(id)
    }

    /// The live campaign `id`.
    pub fn campaign(&self, id: &str) -> Result<&Campaign, BookError> {
        self.campaigns.live(id)
    }

    /// The live pillar `id`.
    pub fn pillar(&self, id: &str) -> Result<&Pillar, BookError> {
        self.pillars.live(id)
    }

    /// Live campaigns by id.
    pub fn campaigns(&self) -> Vec<&Campaign> {
        self.campaigns.sorted().into_iter().filter(|c| !c.meta.deleted).collect()
    }

    /// Live pillars by id.
    pub fn pillars(&self) -> Vec<&Pillar> {
        self.pillars.sorted().into_iter().filter(|p| !p.meta.deleted).collect()
    }

    /// The times of the live scheduled posts, earliest first.
    pub(crate) fn scheduled_times(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.by_time.iter().map(|(at, _)| *at)
    }

    /// Number of live posts.
    pub fn post_count(&self) -> usize {
        self.posts.live_records().count()
    }

    /// Records that could not be read, with their storage keys when they came from storage.
    pub fn quarantine(&self) -> &[Held] {
        &self.held
    }

    /// The versions a merge kept for the user to resolve.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The posts with versions in conflict, by id: the version shown and the versions kept.
    pub fn post_conflicts(&self) -> Vec<PostConflict<'_>> {
        let mut ids: Vec<&str> = self
            .conflicts
            .iter()
            .filter(|c| Post::unwrap(&c.version).is_some())
            .map(|c| c.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| {
                let shown = self.posts.map.get(id)?;
                let kept = self
                    .conflicts
                    .iter()
                    .filter(|c| c.id == id)
                    .filter_map(|c| Post::unwrap(&c.version))
                    .collect();
                Some(PostConflict { id, shown, kept })
            })
            .collect()
    }

    /// Resolves post `chosen.meta.id`'s conflict by keeping `chosen`, one of its versions as
    /// [`PlanBook::post_conflicts`] gave it (the shown one or a kept one; a kept deletion deletes
    /// the post). The result supersedes every version, here and on every copy it reaches. Refused
    /// when `chosen` is not one of the versions in conflict any more (another page or a sync
    /// changed the post meanwhile): nothing changes then.
    pub fn resolve_post(&mut self, chosen: &Post, now: DateTime<Utc>) -> Result<Resolved, BookError> {
        let id = chosen.meta.id.clone();
        let is_this = |c: &Conflict| c.id == id && Post::unwrap(&c.version).is_some();
        let kept: Vec<Conflict> = self.conflicts.iter().filter(|c| is_this(c)).cloned().collect();
        let shown = self
            .posts
            .map
            .get(&id)
            .cloned()
            .ok_or_else(|| BookError::NotFound { collection: Collection::Posts, id: id.clone() })?;
        let versions: Vec<&Post> =
            std::iter::once(&shown).chain(kept.iter().filter_map(|c| Post::unwrap(&c.version))).collect();
        if kept.is_empty() || !versions.contains(&chosen) {
            return Err(BookError::invalid(
                "version",
                "this version is no longer in conflict: the post changed meanwhile (another page or a sync); look at its versions again.",
                "cette version n'est plus en conflit : la publication a changé entre-temps (autre page ou synchronisation) ; regardez à nouveau ses versions.",
            ));
        }
        let mut record = chosen.clone();
        record.meta.clock = versions
            .iter()
            .fold(BTreeMap::new(), |clock, v| crate::sync::clock::merge(&clock, &v.meta.clock));
        crate::sync::clock::bump(&mut record.meta.clock, &self.device);
        record.meta.created = versions.iter().map(|v| v.meta.created).min().unwrap_or(record.meta.created);
        record.meta.updated = now;
        self.conflicts.retain(|c| !is_this(c));
        self.store_post(Some(&id), record);
        let (key, value) = storage_item(&self.posts.map[&id]);
        Ok(Resolved { key, value, remove: kept.iter().map(|c| content_key(CONFLICT_PREFIX, c)).collect() })
    }

    /// The posts matching `query`.
    pub fn query(&self, query: &Query) -> Found<'_> {
        let needle = query.text.as_deref().map(fold).filter(|t| !t.trim().is_empty());
        let assignees: Vec<String> = query.assignees.iter().map(|a| fold(a.trim())).collect();
        let keep = |p: &Post| {
            (query.networks.is_empty() || p.networks.iter().any(|n| query.networks.contains(n)))
                && (query.pillars.is_empty() || p.pillar.as_ref().is_some_and(|x| query.pillars.contains(x)))
                && (query.campaigns.is_empty()
                    || p.campaign.as_ref().is_some_and(|x| query.campaigns.contains(x)))
                && (assignees.is_empty()
                    || p.assignee.as_ref().is_some_and(|a| assignees.contains(&fold(a.trim()))))
                && (query.statuses.is_empty() || query.statuses.contains(&p.status))
                && needle.as_ref().is_none_or(|n| {
                    std::iter::once(&p.text)
                        .chain(p.variants.values())
                        .chain(std::iter::once(&p.notes))
                        .any(|t| fold(t).contains(n.as_str()))
                })
        };
        let lower = match query.from {
            Some(from) => std::ops::Bound::Included((from, String::new())),
            None => std::ops::Bound::Unbounded,
        };
        let upper = match query.to {
            Some(to) => std::ops::Bound::Excluded((to, String::new())),
            None => std::ops::Bound::Unbounded,
        };
        let in_range = match (query.from, query.to) {
            (Some(f), Some(t)) if t <= f => None,
            _ => Some(self.by_time.range((lower, upper))),
        };
        let scheduled = in_range
            .into_iter()
            .flatten()
            .filter_map(|(_, id)| self.posts.map.get(id))
            .filter(|p| keep(p))
            .collect();
        let mut unscheduled: Vec<&Post> =
            self.posts.live_records().filter(|p| p.schedule.is_none() && keep(p)).collect();
        crate::sort::sort_by(&mut unscheduled, |a, b| {
            (a.meta.created, &a.meta.id).cmp(&(b.meta.created, &b.meta.id))
        });
        Found { scheduled, unscheduled }
    }

    /// Whether `post` needs review when `actor` (default: the book's) changes it, and why.
    pub fn review_need(&self, id: &str, actor: Option<&Actor>) -> Result<ReviewNeed, BookError> {
        Ok(review_need(self.post(id)?, actor.unwrap_or(&self.actor), &self.sensitive))
    }

    // ---- posts ----

    /// Creates a post from `fields` (status draft unless `fields.status` says otherwise, through
    /// the review flow). `id`: the caller's, or a new one from the seed.
    pub fn create_post(
        &mut self,
        fields: PostFields,
        id: Option<&str>,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<&Post, BookError> {
        let id = new_id(&mut self.ids, &self.posts, id)?;
        let mut post = Post::blank(self.new_meta(&id, now));
        self.edit_post(&mut post, fields, actor, now, false)?;
        self.store_post(None, post);
        self.post(&id)
    }

    /// Changes the fields given. Nothing changes if any field is refused.
    pub fn update_post(
        &mut self,
        id: &str,
        fields: PostFields,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<&Post, BookError> {
        let old = self.post(id)?;
        let mut post = old.clone();
        self.edit_post(&mut post, fields, actor, now, true)?;
        if &post != self.post(id)? {
            touch(&mut post.meta, &self.device, now);
            self.store_post(Some(id), post);
        }
        self.post(id)
    }

    /// Moves a post to a new time (`None`: unscheduled) in IANA `zone`.
    pub fn reschedule(
        &mut self,
        id: &str,
        schedule: Option<Schedule>,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<&Post, BookError> {
        self.update_post(id, PostFields { schedule: Some(schedule), ..PostFields::default() }, actor, now)
    }

    /// Moves a post to `status` through the review flow (`comment` is required to send back).
    pub fn set_status(
        &mut self,
        id: &str,
        status: Status,
        comment: &str,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<&Post, BookError> {
        let comment = (!comment.trim().is_empty()).then(|| comment.to_string());
        self.update_post(
            id,
            PostFields { status: Some(status), comment, ..PostFields::default() },
            actor,
            now,
        )
    }

    /// A review step: submit (to in-review), approve (in-review → approved) or send back
    /// (in-review → draft, with a comment).
    pub fn review(
        &mut self,
        id: &str,
        action: ReviewAction,
        comment: &str,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<&Post, BookError> {
        let status = self.post(id)?.status;
        let applies = match action {
            ReviewAction::Submitted => !matches!(status, Status::InReview | Status::Published),
            ReviewAction::Approved | ReviewAction::SentBack => status == Status::InReview,
        };
        if !applies {
            return Err(BookError::NotApplicable { id: id.to_string(), action, status });
        }
        let to = match action {
            ReviewAction::Submitted => Status::InReview,
            ReviewAction::Approved => Status::Approved,
            ReviewAction::SentBack => Status::Draft,
        };
        self.set_status(id, to, comment, actor, now)
    }

    /// Deletes a post, leaving a tombstone.
    pub fn delete_post(&mut self, id: &str, now: DateTime<Utc>) -> Result<&Post, BookError> {
        let mut post = self.post(id)?.clone();
        post.meta.deleted = true;
        touch(&mut post.meta, &self.device, now);
        self.store_post(Some(id), post);
        self.posts
            .map
            .get(id)
            .ok_or_else(|| BookError::NotFound { collection: Collection::Posts, id: id.to_string() })
    }

    /// Applies `fields` to `post` (a copy): content, then schedule, then status; an edit of an
    /// approved post's text that now needs review sends it back to review by itself.
    fn edit_post(
        &self,
        post: &mut Post,
        mut fields: PostFields,
        actor: Option<&Actor>,
        now: DateTime<Utc>,
        existing: bool,
    ) -> Result<(), BookError> {
        let actor = actor.unwrap_or(&self.actor);
        let schedule = fields.schedule.take();
        let status = fields.status.take();
        let comment = fields.comment.take().unwrap_or_default();
        let before = (post.text.clone(), post.variants.clone());
        let was_published = post.status == Status::Published;
        post.apply(fields)?;
        let need = review_need(post, actor, &self.sensitive);
        if existing
            && (post.text != before.0 || post.variants != before.1)
            && matches!(post.status, Status::Approved | Status::Scheduled)
            && need.required()
            && !actor.role.can_approve()
        {
            post.status = Status::InReview;
            post.review.push(ReviewEvent {
                action: ReviewAction::Submitted,
                by: actor.name.clone(),
                at: now,
                comment: EDITED_AFTER_APPROVAL.to_string(),
            });
        }
        if let Some(schedule) = schedule {
            if let Some(s) = &schedule {
                self.check_schedule(s)?;
            }
            if was_published && schedule != post.schedule {
                return Err(BookError::invalid(
                    "schedule",
                    "a published post keeps its time; correct metrics.publishedAt instead.",
                    "un post publié garde son heure ; corrigez plutôt metrics.publishedAt.",
                ));
            }
            post.schedule = schedule;
        }
        if let Some(to) = status {
            let from = post.status;
            let event = check_transition(post, to, actor, &comment, &need)
                .map_err(|why| BookError::Transition { id: post.meta.id.clone(), from, to, why })?;
            post.status = to;
            if let Some(action) = event {
                post.review.push(ReviewEvent {
                    action,
                    by: actor.name.clone(),
                    at: now,
                    comment: comment.trim().to_string(),
                });
            }
            if to == Status::Published && post.metrics.as_ref().is_none_or(|m| m.published_at.is_none()) {
                post.metrics.get_or_insert_with(Metrics::default).published_at = Some(now);
            }
        }
        if post.status == Status::Scheduled && post.schedule.is_none() {
            return Err(BookError::invalid(
                "schedule",
                "a scheduled post needs a time: set its status back to approved before removing it.",
                "un post programmé a besoin d'une heure : repassez-le en « validé » avant de la retirer.",
            ));
        }
        Ok(())
    }

    fn check_schedule(&self, s: &Schedule) -> Result<(), BookError> {
        let zone = s.zone.trim();
        let known = !zone.is_empty()
            && zone == s.zone
            && self.zones.as_ref().is_none_or(|z| z.offset_at(zone, s.at).is_ok());
        if known {
            return Ok(());
        }
        Err(BookError::invalid(
            "schedule.zone",
            format!("unknown time zone \"{}\": use an IANA name such as Europe/Paris.", s.zone),
            format!("fuseau horaire « {} » inconnu : utilisez un nom IANA comme Europe/Paris.", s.zone),
        ))
    }

    /// Puts `post` in the table and the time index (`old_id`: the id it replaces).
    fn store_post(&mut self, old_id: Option<&str>, post: Post) {
        if let Some(old) = old_id.and_then(|id| self.posts.map.get(id)) {
            if let Some(s) = &old.schedule {
                self.by_time.remove(&(s.at, old.meta.id.clone()));
            }
        }
        if let (false, Some(s)) = (post.meta.deleted, &post.schedule) {
            self.by_time.insert((s.at, post.meta.id.clone()));
        }
        self.posts.map.insert(post.meta.id.clone(), post);
    }

    // ---- campaigns and pillars ----

    /// Creates a campaign.
    pub fn create_campaign(
        &mut self,
        fields: CampaignFields,
        id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<&Campaign, BookError> {
        let id = new_id(&mut self.ids, &self.campaigns, id)?;
        let record = created(self.new_meta(&id, now), fields)?;
        Ok(self.campaigns.map.entry(id).or_insert(record))
    }

    /// Changes a campaign's fields.
    pub fn update_campaign(
        &mut self,
        id: &str,
        fields: CampaignFields,
        now: DateTime<Utc>,
    ) -> Result<&Campaign, BookError> {
        edited(&mut self.campaigns, &self.device, id, now, |c| c.apply(fields))
    }

    /// Deletes a campaign (tombstone). Posts keep its id.
    pub fn delete_campaign(&mut self, id: &str, now: DateTime<Utc>) -> Result<&Campaign, BookError> {
        edited(&mut self.campaigns, &self.device, id, now, |c| {
            c.meta.deleted = true;
            Ok(())
        })
    }

    /// Creates a pillar.
    pub fn create_pillar(
        &mut self,
        fields: PillarFields,
        id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<&Pillar, BookError> {
        let id = new_id(&mut self.ids, &self.pillars, id)?;
        let record = created(self.new_meta(&id, now), fields)?;
        Ok(self.pillars.map.entry(id).or_insert(record))
    }

    /// Changes a pillar's fields.
    pub fn update_pillar(
        &mut self,
        id: &str,
        fields: PillarFields,
        now: DateTime<Utc>,
    ) -> Result<&Pillar, BookError> {
        edited(&mut self.pillars, &self.device, id, now, |p| p.apply(fields))
    }

    /// Deletes a pillar (tombstone). Posts keep its id.
    pub fn delete_pillar(&mut self, id: &str, now: DateTime<Utc>) -> Result<&Pillar, BookError> {
        edited(&mut self.pillars, &self.device, id, now, |p| {
            p.meta.deleted = true;
            Ok(())
        })
    }

    fn new_meta(&self, id: &str, now: DateTime<Utc>) -> RecordMeta {
        RecordMeta {
            id: id.to_string(),
            created: now,
            updated: now,
            clock: BTreeMap::from([(self.device.clone(), 1)]),
            deleted: false,
        }
    }

    // ---- the whole plan: files and storage ----

    /// The whole plan, tombstones and quarantine included (what a backup or a plan file holds).
    pub fn to_plan(&self) -> Plan {
        Plan {
            version: PLAN_SCHEMA_VERSION,
            posts: self.posts.sorted().into_iter().cloned().collect(),
            campaigns: self.campaigns.sorted().into_iter().cloned().collect(),
            pillars: self.pillars.sorted().into_iter().cloned().collect(),
            quarantine: self.held.iter().map(|h| h.entry.clone()).collect(),
            conflicts: self.conflicts.clone(),
            caldav: self.caldav.clone(),
        }
    }

    /// Replaces everything with the records read from storage.
    pub fn load_stored(&mut self, read: super::file::ReadStored) {
        self.replace(read.plan.posts, read.plan.campaigns, read.plan.pillars, read.held, read.plan.conflicts);
    }

    /// Replaces the plan with a backup (the text of a plan file). Records already quarantined
    /// stay (only the user discards them); the backup's quarantined records not already held are
    /// added under `plan.quarantine.*` keys. On error nothing changes.
    pub fn restore(&mut self, text: &str) -> Result<Restored, PlanFileError> {
        let read = read_plan(text)?;
        let plan = read.plan;
        // Every record already set aside stays: a restore replaces the plan, not the quarantine.
        let mut held: Vec<Held> = self.held.clone();
        // A backup made here carries what storage already holds: keep one copy of each record.
        let mut restored = Vec::new();
        for entry in plan.quarantine {
            let h = Held { key: Some(quarantine_key(&entry)), entry };
            if !held.iter().any(|k| k.key == h.key || k.entry == h.entry) {
                held.push(h.clone());
                restored.push(h);
            }
        }
        self.replace(plan.posts, plan.campaigns, plan.pillars, held, plan.conflicts);
        Ok(Restored {
            posts: self.posts.map.len(),
            campaigns: self.campaigns.map.len(),
            pillars: self.pillars.map.len(),
            quarantine: restored,
            migrated_from: read.migrated_from,
        })
    }

    /// The storage items of every campaign, then every pillar (tombstones included), each by id.
    pub(crate) fn campaign_and_pillar_items(&self) -> impl Iterator<Item = (String, Value)> + '_ {
        self.campaigns
            .sorted()
            .into_iter()
            .map(storage_item)
            .chain(self.pillars.sorted().into_iter().map(storage_item))
    }

    /// Every storage item the plan needs: `plan.meta`, one per record (tombstones included), one
    /// per quarantined record restored from a backup and one per conflict a merge kept. Items held from storage are not listed:
    /// they stay as they are.
    pub fn storage_items(&self) -> Vec<(String, Value)> {
        let mut items = vec![(META_KEY.to_string(), self.storage_meta())];
        items.extend(self.posts.sorted().into_iter().map(storage_item));
        items.extend(self.campaign_and_pillar_items());
        for h in &self.held {
            if let Some(key) = h.key.as_ref().filter(|k| k.starts_with(QUARANTINE_PREFIX)) {
                items.push((key.clone(), serde_json::to_value(&h.entry).unwrap_or(Value::Null)));
            }
        }
        items.extend(
            self.conflicts
                .iter()
                .map(|c| (content_key(CONFLICT_PREFIX, c), serde_json::to_value(c).unwrap_or(Value::Null))),
        );
        items
    }

    /// The value of `plan.meta`: the version and this device.
    pub fn storage_meta(&self) -> Value {
        json!({ "version": PLAN_SCHEMA_VERSION, "device": self.device })
    }

    /// Another page changed storage item `key` to `value`: take it in, merged with what the book
    /// holds for that record (see [`super::merge`]): a newer version replaces the book's, an older
    /// one changes nothing, and two concurrent changes are both kept, one shown and the other as
    /// a conflict. Storage keeps only the last write of a key, so the answer lists the items to
    /// write (and the conflict keys to remove) for storage to hold the merge too; it is empty when
    /// storage already does, and every page holding the same versions computes the same items.
    /// A value that does not read is held, and returned in `held`. `plan.meta` and snapshot items
    /// (`plan.snap.*`) are not records: they change nothing.
    pub fn put_stored(&mut self, key: &str, value: Value) -> TakenIn {
        if matches!(parse_storage_key(key), Some(StorageKey::Meta | StorageKey::Snapshot) | None) {
            // Not a record: the plan's settings, or a snapshot derived from the records.
            return TakenIn::default();
        }
        self.held.retain(|h| h.key.as_deref() != Some(key));
        let read = match super::file::read_stored([(key.to_string(), value)]) {
            Ok(read) => read,
            Err(_) => return TakenIn::default(),
        };
        let mut read = read;
        if let Some(held) = read.held.pop() {
            self.remove_stored(key);
            self.held.push(held.clone());
            return TakenIn { held: Some(held), ..TakenIn::default() };
        }
        let plan = read.plan;
        let stored_record = matches!(parse_storage_key(key), Some(StorageKey::Record(..)));
        let mut taken = TakenIn::default();
        for post in plan
            .posts
            .into_iter()
            .chain(plan.conflicts.iter().filter_map(|c| Post::unwrap(&c.version).cloned()))
        {
            let old_time = self
                .posts
                .map
                .get(&post.meta.id)
                .and_then(|p| p.schedule.as_ref().map(|s| (s.at, p.meta.id.clone())));
            let shown =
                merge_in(&mut self.posts, &mut self.conflicts, post, stored_record, &mut taken).clone();
            if let Some(old) = old_time {
                self.by_time.remove(&old);
            }
            if let (false, Some(s)) = (shown.meta.deleted, &shown.schedule) {
                self.by_time.insert((s.at, shown.meta.id.clone()));
            }
        }
        for c in plan
            .campaigns
            .into_iter()
            .chain(plan.conflicts.iter().filter_map(|c| Campaign::unwrap(&c.version).cloned()))
        {
            merge_in(&mut self.campaigns, &mut self.conflicts, c, stored_record, &mut taken);
        }
        for p in plan
            .pillars
            .into_iter()
            .chain(plan.conflicts.iter().filter_map(|c| Pillar::unwrap(&c.version).cloned()))
        {
            merge_in(&mut self.pillars, &mut self.conflicts, p, stored_record, &mut taken);
        }
        if !stored_record && !self.conflicts.iter().any(|c| content_key(CONFLICT_PREFIX, c) == key) {
            // A conflict another page kept that this book's versions already supersede.
            taken.remove.push(key.to_string());
        }
        if !stored_record {
            // The conflict item itself is in storage already.
            taken.write.remove(key);
        }
        taken.remove.retain(|k| !taken.write.contains_key(k));
        taken
    }

    /// Puts storage item `key` back to `value` as it was, replacing what the book holds for that
    /// record without merging: for undoing a change storage refused. A value that does not read
    /// is held, and returned.
    pub fn replace_stored(&mut self, key: &str, value: Value) -> Option<Held> {
        self.remove_stored(key);
        self.put_stored(key, value).held
    }

    /// Storage item `key` was removed: forget what the book had under it.
    pub fn remove_stored(&mut self, key: &str) {
        self.held.retain(|h| h.key.as_deref() != Some(key));
        match parse_storage_key(key) {
            Some(StorageKey::Record(Collection::Posts, id)) => {
                if let Some(old) = self.posts.map.remove(id) {
                    if let Some(s) = old.schedule {
                        self.by_time.remove(&(s.at, old.meta.id));
                    }
                }
            }
            Some(StorageKey::Record(Collection::Campaigns, id)) => {
                self.campaigns.map.remove(id);
            }
            Some(StorageKey::Record(Collection::Pillars, id)) => {
                self.pillars.map.remove(id);
            }
            Some(StorageKey::Conflict) => self.conflicts.retain(|c| content_key(CONFLICT_PREFIX, c) != key),
            _ => {}
        }
    }
}

/// A post with versions in conflict ([`PlanBook::post_conflicts`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostConflict<'a> {
    /// The post's id.
    pub id: &'a str,
    /// The version every copy shows until the conflict is resolved.
    pub shown: &'a Post,
    /// The versions kept beside it.
    pub kept: Vec<&'a Post>,
}

/// What resolving a conflict changed in storage ([`PlanBook::resolve_post`]): the record's item
/// to write and the conflict items to remove.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// The record's storage key.
    pub key: String,
    /// Its new value.
    pub value: Value,
    /// The conflict items the resolution superseded.
    pub remove: Vec<String>,
}

/// What taking in another page's storage item did ([`PlanBook::put_stored`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TakenIn {
    /// The item did not read: set aside (quarantined) under its key, nothing merged.
    #[serde(rename = "quarantined", skip_serializing_if = "Option::is_none")]
    pub held: Option<Held>,
    /// Items to write so that storage holds the merge: the record when the merge differs from
    /// what was stored, and the conflicts the merge newly keeps. Empty when storage already agrees.
    pub write: serde_json::Map<String, Value>,
    /// Conflict items the merge superseded, to remove from storage.
    pub remove: Vec<String>,
}

/// Merges `incoming` with every version of its id the book holds (the shown record and its kept
/// conflicts), puts the result in `table` and `conflicts`, and notes in `taken` the storage items
/// that change: the record when the merge differs from `incoming` (if `incoming` is what storage
/// holds under the record's key, `stored_record`) or from the book's record before, new conflicts
/// to write and superseded ones to remove. Returns the record now shown.
fn merge_in<'t, T: PlanCollection + Record>(
    table: &'t mut Table<T>,
    conflicts: &mut Vec<Conflict>,
    incoming: T,
    stored_record: bool,
    taken: &mut TakenIn,
) -> &'t T {
    let id = Record::meta(&incoming).id.clone();
    let is_this = |c: &Conflict| c.id == id && T::unwrap(&c.version).is_some();
    let before: Vec<Conflict> = conflicts.iter().filter(|c| is_this(c)).cloned().collect();
    let previous = table.map.get(&id).cloned();
    let versions = previous
        .iter()
        .chain(before.iter().filter_map(|c| T::unwrap(&c.version)))
        .chain(std::iter::once(&incoming));
    let mut settled = settle(versions);
    let shown = settled.records.pop().unwrap_or_else(|| incoming.clone());
    let after: Vec<Conflict> =
        settled.conflicts.into_iter().map(|v| Conflict { id: id.clone(), version: v.wrap() }).collect();
    let stored = if stored_record { Some(&incoming) } else { previous.as_ref() };
    if stored != Some(&shown) {
        let (key, value) = storage_item(&shown);
        taken.write.insert(key, value);
    }
    for c in after.iter().filter(|c| !before.contains(c)) {
        taken.write.insert(content_key(CONFLICT_PREFIX, c), serde_json::to_value(c).unwrap_or(Value::Null));
    }
    taken
        .remove
        .extend(before.iter().filter(|c| !after.contains(c)).map(|c| content_key(CONFLICT_PREFIX, c)));
    conflicts.retain(|c| !is_this(c));
    conflicts.extend(after);
    table.map.insert(id.clone(), shown);
    &table.map[&id]
}

/// The storage key and value of one record.
pub fn storage_item<T: Record>(record: &T) -> (String, Value) {
    (T::COLLECTION.storage_key(&record.meta().id), serde_json::to_value(record).unwrap_or(Value::Null))
}

/// The storage key a quarantined record restored from a backup is kept under: a hash of its
/// content, so that restoring the same backup twice keeps one copy.
pub fn quarantine_key(entry: &Quarantined) -> String {
    content_key(QUARANTINE_PREFIX, entry)
}

/// `prefix` and a hash (FNV-1a) of `value`'s JSON: the same content always gets the same key.
fn content_key<T: Serialize>(prefix: &str, value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let hash =
        text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{prefix}{hash:016x}")
}

/// The caller's id for a new record of `table` (checked), or a fresh one from `ids`.
fn new_id<T: Record>(ids: &mut IdSource, table: &Table<T>, given: Option<&str>) -> Result<String, BookError> {
    match given.map(str::trim).filter(|g| !g.is_empty()) {
        Some(id) if !valid_id(id) => Err(BookError::BadId { id: id.to_string() }),
        Some(id) if table.map.contains_key(id) => {
            Err(BookError::IdTaken { collection: T::COLLECTION, id: id.to_string() })
        }
        Some(id) => Ok(id.to_string()),
        None => loop {
            let id = ids.next();
            if !table.map.contains_key(&id) {
                return Ok(id);
            }
        },
    }
}

/// Counts one more change by `device` and stamps the time.
fn touch(meta: &mut RecordMeta, device: &str, now: DateTime<Utc>) {
    *meta.clock.entry(device.to_string()).or_insert(0) += 1;
    meta.updated = now;
}

fn created<T: Editable>(meta: RecordMeta, fields: T::Fields) -> Result<T, BookError> {
    let mut record = T::blank(meta);
    record.apply(fields)?;
    Ok(record)
}

/// Changes live record `id` with `change` on a copy; stores it, counted and stamped, if it
/// changed; nothing changes on error.
fn edited<'t, T: Record + PartialEq>(
    table: &'t mut Table<T>,
    device: &str,
    id: &str,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut T) -> Result<(), BookError>,
) -> Result<&'t T, BookError> {
    let mut record = table.live(id)?.clone();
    change(&mut record)?;
    let slot = table
        .map
        .get_mut(id)
        .ok_or_else(|| BookError::NotFound { collection: T::COLLECTION, id: id.to_string() })?;
    if *slot != record {
        touch(record.meta_mut(), device, now);
        *slot = record;
    }
    Ok(slot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::file::read_stored;
    use crate::plan::merge::PlanRecord;

    fn t(minute: u32) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 1, 8, minute, 0).single().unwrap_or_default()
    }

    fn text(value: &str) -> PostFields {
        PostFields { text: Some(value.into()), ..PostFields::default() }
    }

    /// Two pages of one profile (replicas `dev.1` and `dev.2`) that both loaded post `p1`.
    fn two_pages() -> (PlanBook, PlanBook) {
        let mut first = PlanBook::new("dev.1");
        let fields = PostFields {
            networks: Some(vec!["x".into()]),
            schedule: Some(Some(Schedule { at: t(0), zone: "UTC".into() })),
            ..text("Brouillon")
        };
        first.create_post(fields, Some("p1"), None, t(1)).unwrap_or_else(|e| panic!("{e}"));
        let mut second = PlanBook::new("dev.2");
        second.load_stored(read_stored(first.storage_items()).unwrap_or_else(|e| panic!("{e}")));
        (first, second)
    }

    fn item(book: &PlanBook) -> (String, Value) {
        storage_item(book.post("p1").unwrap_or_else(|e| panic!("{e}")))
    }

    /// The text shown and the texts kept as conflicts.
    fn kept(book: &PlanBook) -> (String, Vec<String>) {
        let conflicts = book
            .conflicts()
            .iter()
            .filter_map(|c| Post::unwrap(&c.version))
            .map(|p| p.text.clone())
            .collect();
        (book.post("p1").map(|p| p.text.clone()).unwrap_or_default(), conflicts)
    }

    #[test]
    fn concurrent_edits_of_two_pages_are_both_kept_and_agree() {
        let (mut ana, mut leo) = two_pages();
        ana.update_post("p1", text("Relu par Ana"), None, t(2)).unwrap_or_else(|e| panic!("{e}"));
        leo.update_post("p1", text("Relu par Léo"), None, t(3)).unwrap_or_else(|e| panic!("{e}"));
        let (ana_key, ana_item) = item(&ana);
        let (leo_key, leo_item) = item(&leo);
        let to_ana = ana.put_stored(&leo_key, leo_item.clone());
        let to_leo = leo.put_stored(&ana_key, ana_item);
        assert_eq!(kept(&ana), kept(&leo), "both pages show the same version and keep the other");
        assert_eq!(
            kept(&ana),
            ("Relu par Léo".to_string(), vec!["Relu par Ana".to_string()]),
            "the later edit is shown"
        );
        // Storage holds Léo's version last: Ana only adds the conflict; Léo, who took in Ana's
        // version, writes the shown one back too. Both write the same conflict item.
        assert_eq!(to_ana.write.keys().collect::<Vec<_>>().len(), 1);
        let (conflict_key, conflict) =
            to_ana.write.iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap_or_default();
        assert!(conflict_key.starts_with(CONFLICT_PREFIX));
        assert_eq!(to_leo.write.get(&conflict_key), Some(&conflict));
        assert_eq!(to_leo.write.get(&leo_key), Some(&leo_item));
        assert!(to_ana.remove.is_empty() && to_leo.remove.is_empty());
        // Taking in each other's write-back changes nothing more: the pages converged.
        assert_eq!(ana.put_stored(&conflict_key, conflict.clone()), TakenIn::default());
        assert_eq!(leo.put_stored(&conflict_key, conflict), TakenIn::default());
        assert_eq!(ana.put_stored(&leo_key, leo_item), TakenIn::default());
        let month = Query { from: Some(t(0)), to: Some(t(59)), ..Query::default() };
        assert_eq!(ana.query(&month).scheduled.len(), 1, "one post in the time index");
        assert_eq!(ana.to_plan().conflicts, leo.to_plan().conflicts);
    }

    #[test]
    fn an_older_version_changes_nothing_and_storage_gets_the_newer_back() {
        let (mut ana, mut leo) = two_pages();
        let (key, old) = item(&leo);
        ana.update_post("p1", text("Relu"), None, t(2)).unwrap_or_else(|e| panic!("{e}"));
        let newer = item(&ana);
        let taken = ana.put_stored(&key, old);
        assert_eq!(kept(&ana), ("Relu".to_string(), vec![]));
        assert_eq!(
            taken.write.into_iter().collect::<Vec<_>>(),
            vec![newer.clone()],
            "storage must hold the newer version again"
        );
        // The other way round: the newer version replaces the older one, with nothing to write.
        assert_eq!(leo.put_stored(&newer.0, newer.1), TakenIn::default());
        assert_eq!(kept(&leo), ("Relu".to_string(), vec![]));
    }

    #[test]
    fn a_newer_version_replaces_and_moves_the_post_in_the_time_index() {
        let (mut ana, mut leo) = two_pages();
        ana.reschedule("p1", Some(Schedule { at: t(30), zone: "UTC".into() }), None, t(2))
            .unwrap_or_else(|e| panic!("{e}"));
        let (key, value) = item(&ana);
        assert_eq!(leo.put_stored(&key, value), TakenIn::default());
        assert_eq!(
            leo.query(&Query { from: Some(t(0)), to: Some(t(10)), ..Query::default() }).scheduled.len(),
            0,
            "the old time left the index"
        );
        assert_eq!(
            leo.query(&Query { from: Some(t(0)), to: Some(t(59)), ..Query::default() }).scheduled.len(),
            1
        );
    }

    #[test]
    fn the_same_version_again_changes_nothing() {
        let (mut ana, _) = two_pages();
        let before = ana.to_plan();
        let (key, value) = item(&ana);
        assert_eq!(ana.put_stored(&key, value), TakenIn::default());
        assert_eq!(ana.to_plan(), before);
    }

    #[test]
    fn a_conflict_already_superseded_is_removed_from_storage() {
        let (mut ana, mut leo) = two_pages();
        let (key, original) = item(&ana);
        ana.update_post("p1", text("Relu"), None, t(2)).unwrap_or_else(|e| panic!("{e}"));
        // Another page kept the original as a conflict, but Ana's version has seen it.
        let stale = Conflict {
            id: "p1".into(),
            version: PlanRecord::Post(
                serde_json::from_value::<Post>(original).unwrap_or_else(|e| panic!("{e}")),
            ),
        };
        let stale_key = content_key(CONFLICT_PREFIX, &stale);
        let taken = ana.put_stored(&stale_key, serde_json::to_value(&stale).unwrap_or_default());
        assert_eq!(taken, TakenIn { remove: vec![stale_key], ..TakenIn::default() });
        assert!(ana.conflicts().is_empty());
        // A conflict that is not superseded stays, and storage already holds it: nothing to write.
        leo.update_post("p1", text("Relu par Léo"), None, t(3)).unwrap_or_else(|e| panic!("{e}"));
        let (_, leo_item) = item(&leo);
        let concurrent = Conflict {
            id: "p1".into(),
            version: PlanRecord::Post(
                serde_json::from_value::<Post>(leo_item).unwrap_or_else(|e| panic!("{e}")),
            ),
        };
        let concurrent_key = content_key(CONFLICT_PREFIX, &concurrent);
        let taken = ana.put_stored(&concurrent_key, serde_json::to_value(&concurrent).unwrap_or_default());
        // Léo's later edit wins the merge: the record key gets it and Ana's version becomes the conflict.
        assert_eq!(kept(&ana), ("Relu par Léo".to_string(), vec!["Relu".to_string()]));
        assert!(taken.write.contains_key(&key));
        assert_eq!(taken.remove, vec![concurrent_key]);
    }

    #[test]
    fn replace_stored_puts_the_old_version_back_without_merging() {
        let (mut ana, _) = two_pages();
        let (key, old) = item(&ana);
        ana.update_post("p1", text("Relu"), None, t(2)).unwrap_or_else(|e| panic!("{e}"));
        assert!(ana.replace_stored(&key, old).is_none());
        assert_eq!(kept(&ana), ("Brouillon".to_string(), vec![]));
    }

    #[test]
    fn keeping_one_version_resolves_the_conflict_everywhere() {
        let (mut ana, mut leo) = two_pages();
        ana.update_post("p1", text("Version d'Ana"), None, t(2)).unwrap_or_else(|e| panic!("{e}"));
        leo.update_post("p1", text("Version de Léo"), None, t(3)).unwrap_or_else(|e| panic!("{e}"));
        let (key, leo_item) = item(&leo);
        let taken = ana.put_stored(&key, leo_item);
        let conflicts = ana.post_conflicts();
        assert_eq!(conflicts.len(), 1);
        let (shown, kept_one) = (conflicts[0].shown.clone(), conflicts[0].kept[0].clone());
        assert_eq!((shown.text.as_str(), kept_one.text.as_str()), ("Version de Léo", "Version d'Ana"));
        // Ana keeps her own version, the one kept aside.
        let resolved = ana.resolve_post(&kept_one, t(4)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(kept(&ana), ("Version d'Ana".to_string(), vec![]));
        assert!(ana.post_conflicts().is_empty());
        assert_eq!(resolved.key, key);
        assert_eq!(
            resolved.remove,
            taken.write.keys().filter(|k| k.starts_with(CONFLICT_PREFIX)).cloned().collect::<Vec<_>>(),
            "the conflict item written by the merge goes"
        );
        // Léo's page takes the resolution in: it supersedes both versions there too.
        let back = leo.put_stored(&resolved.key, resolved.value.clone());
        assert!(back.write.is_empty());
        assert_eq!(kept(&leo), ("Version d'Ana".to_string(), vec![]));
        // A version that is no longer in conflict is refused, and nothing changes.
        let before = ana.to_plan();
        assert!(matches!(ana.resolve_post(&shown, t(5)), Err(BookError::Invalid { .. })));
        assert_eq!(ana.to_plan(), before);
    }
}
