//! Reading and writing a plan: the JSON plan file (which is also the backup format), and the
//! extension's storage form (one raw value per record).
//!
//! Reading never drops anything. The file as a whole must be JSON with a known `version` (older
//! versions are migrated, see [`super::migrate`]; a newer one is refused with a message saying to
//! update Porte-voix). Then every record is read on its own: one that fails, or repeats an id
//! already read, is quarantined with its raw JSON and the reason (field and what is wrong), and the
//! rest loads. Writing puts records in a stable order (posts by time then id, unscheduled last;
//! campaigns and pillars by id), so `read_plan(&write_plan(&p)) == p` for a sorted plan `p`.

use super::merge::Conflict;
use super::migrate::{kind, migrate_record};
use super::model::{Plan, Quarantined, PLAN_SCHEMA_VERSION};
use super::record::{parse_storage_key, Collection, Record, StorageKey};
use super::{Campaign, Pillar, Post};
use crate::lang::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Why a plan could not be read at all (a bad record never causes this: it is quarantined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanFileError {
    /// Not JSON: where (1-based line and column) and serde_json's description.
    Syntax { line: usize, column: usize, message: String },
    /// The top level is not a JSON object.
    NotAnObject { found: &'static str },
    /// No `version` field.
    NoVersion,
    /// `version` is not a whole number.
    BadVersion { found: String },
    /// Written by a newer Porte-voix.
    Newer { found: u64 },
    /// A top-level field that plan files do not have.
    UnknownField { field: String },
    /// `posts`, `campaigns`, `pillars` or `quarantine` is not a list.
    NotAList { field: String, found: &'static str },
    /// The `caldav` sync state does not read (field path and reason).
    BadSyncState { reason: String },
}

impl PlanFileError {
    /// The 1-based line and column of a syntax error.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            PlanFileError::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }

    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            PlanFileError::Syntax { line, column, message } if fr => {
                format!("ligne {line}, colonne {column} : JSON invalide ({message}). Corrigez le fichier à cet endroit ou restaurez une sauvegarde.")
            }
            PlanFileError::Syntax { line, column, message } => {
                format!("line {line}, column {column}: invalid JSON ({message}). Fix the file there or restore a backup.")
            }
            PlanFileError::NotAnObject { found } if fr => format!("un plan est un objet JSON {{ \"version\": …, \"posts\": […] }}, pas {}", fr_kind(found)),
            PlanFileError::NotAnObject { found } => format!("a plan is a JSON object {{ \"version\": …, \"posts\": […] }}, not {found}"),
            PlanFileError::NoVersion if fr => "pas de champ « version » : ce fichier n'est pas un plan Porte-voix (ajoutez \"version\": 1 si c'en est un).".into(),
            PlanFileError::NoVersion => "no \"version\" field: this is not a Porte-voix plan file (add \"version\": 1 if it is one).".into(),
            PlanFileError::BadVersion { found } if fr => format!("« version » doit être un entier comme 1, pas {found}"),
            PlanFileError::BadVersion { found } => format!("\"version\" must be a whole number such as 1, not {found}"),
            PlanFileError::Newer { found } if fr => format!(
                "ce plan est au format {found}, plus récent que celui que cette version de Porte-voix lit ({PLAN_SCHEMA_VERSION}) : mettez Porte-voix à jour pour l'ouvrir. Le fichier n'a pas été modifié."
            ),
            PlanFileError::Newer { found } => format!(
                "this plan uses format version {found}, newer than this Porte-voix reads ({PLAN_SCHEMA_VERSION}): update Porte-voix to open it. The file was not changed."
            ),
            PlanFileError::UnknownField { field } if fr => format!(
                "champ « {field} » inconnu au premier niveau : un plan n'a que version, posts, campaigns, pillars, quarantine et conflicts. Est-ce bien un plan Porte-voix ?"
            ),
            PlanFileError::UnknownField { field } => {
                format!("unknown top-level field \"{field}\": a plan only has version, posts, campaigns, pillars, quarantine, conflicts and caldav. Is this a Porte-voix plan file?")
            }
            PlanFileError::NotAList { field, found } if fr => format!("« {field} » doit être une liste […], pas {}", fr_kind(found)),
            PlanFileError::NotAList { field, found } => format!("\"{field}\" must be a list […], not {found}"),
            PlanFileError::BadSyncState { reason } if fr => format!("l'état de synchronisation « caldav » est illisible ({reason}) : retirez le champ « caldav » du fichier, la prochaine synchronisation le recréera sans rien perdre"),
            PlanFileError::BadSyncState { reason } => format!("the \"caldav\" sync state does not read ({reason}): remove the \"caldav\" field from the file; the next sync rebuilds it and loses nothing"),
        }
    }
}

fn fr_kind(en: &str) -> &'static str {
    match en {
        "null" => "null",
        "a boolean" => "un booléen",
        "a number" => "un nombre",
        "a string" => "une chaîne",
        "a list" => "une liste",
        _ => "un objet",
    }
}

impl fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for PlanFileError {}

/// A quarantined record and, when it came from the extension's storage, the key it sits under
/// there (the store leaves that item untouched).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Held {
    /// The storage key (`plan.post.<id>`), for records read from storage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The record, its collection and the reason.
    #[serde(flatten)]
    pub entry: Quarantined,
}

/// A plan read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPlan {
    /// The plan, in the current version, quarantine included, records in file order.
    pub plan: Plan,
    /// The version it was migrated from, when older than the current one.
    pub migrated_from: Option<u32>,
}

/// A plan read from the extension's storage items.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadStored {
    /// The records that read (its `quarantine` is empty: see `held`).
    pub plan: Plan,
    /// The items that did not read, with their keys.
    pub held: Vec<Held>,
    /// The version of the stored records, when older than the current one (the caller should
    /// write every record back in the current version).
    pub migrated_from: Option<u32>,
    /// The device id kept in `plan.meta`, if any.
    pub device: Option<String>,
}

/// Reads a plan file (or a backup). See the module doc for what is refused and what is quarantined.
pub fn read_plan(text: &str) -> Result<ReadPlan, PlanFileError> {
    // Records stay JSON text until each is read on its own (faster than a tree of values, and a
    // record that fails is kept exactly as written).
    let mut top: HashMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(|e| whole_file_error(text, &e))?;
    let version = version_of(top.remove("version").map(|v| value_of(&v)))?;
    if let Some(field) = top.keys().find(|k| {
        !matches!(k.as_str(), "posts" | "campaigns" | "pillars" | "quarantine" | "conflicts" | "caldav")
    }) {
        return Err(PlanFileError::UnknownField { field: field.clone() });
    }
    let mut take = |field: &str| match top.remove(field) {
        None => Ok(Vec::new()),
        Some(raw) => serde_json::from_str::<Vec<Box<RawValue>>>(raw.get())
            .map_err(|_| PlanFileError::NotAList { field: field.into(), found: kind(&value_of(&raw)) }),
    };
    let (posts, campaigns, pillars, quarantine) =
        (take("posts")?, take("campaigns")?, take("pillars")?, take("quarantine")?);
    let conflicts = take("conflicts")?;
    let caldav = match top.remove("caldav") {
        None => None,
        Some(raw) => Some(with_path(raw.get()).map_err(|reason| PlanFileError::BadSyncState { reason })?),
    };
    let mut reader = Reader::new(version);
    // What was quarantined before comes first; records that fail now follow.
    for raw in &quarantine {
        reader.add_quarantined(None, raw);
    }
    for (collection, items) in Collection::ALL.into_iter().zip([posts, campaigns, pillars]) {
        for raw in &items {
            reader.add(collection, None, raw);
        }
    }
    for raw in &conflicts {
        reader.add_conflict(None, raw);
    }
    let mut plan = reader.plan;
    plan.caldav = caldav;
    plan.quarantine = reader.held.into_iter().map(|h| h.entry).collect();
    Ok(ReadPlan { plan, migrated_from: (version < PLAN_SCHEMA_VERSION).then_some(version) })
}

/// Why a whole file did not read as a JSON object: a located syntax error, or what it is instead.
fn whole_file_error(text: &str, e: &serde_json::Error) -> PlanFileError {
    if e.is_data() {
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            return PlanFileError::NotAnObject { found: kind(&value) };
        }
    }
    PlanFileError::Syntax { line: e.line(), column: e.column(), message: strip_position(e) }
}

/// A raw JSON value (already checked by the parser) as a value.
fn value_of(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// Reads the extension's storage form: every `plan.*` item (`key`, value). Items of other keys are
/// ignored; a record that does not read, or whose key does not match its id, is held with its key.
pub fn read_stored<I: IntoIterator<Item = (String, Value)>>(items: I) -> Result<ReadStored, PlanFileError> {
    let raw: Vec<(String, Box<RawValue>)> =
        items.into_iter().filter_map(|(k, v)| Some((k, serde_json::value::to_raw_value(&v).ok()?))).collect();
    read_stored_raw(raw)
}

/// [`read_stored`] from the JSON text of an object of items (`{ "plan.post.a": {…}, … }`), as the
/// extension hands them over.
pub fn read_stored_json(text: &str) -> Result<ReadStored, PlanFileError> {
    let items: HashMap<String, Box<RawValue>> =
        serde_json::from_str(text).map_err(|e| whole_file_error(text, &e))?;
    read_stored_raw(items)
}

fn read_stored_raw<I: IntoIterator<Item = (String, Box<RawValue>)>>(
    items: I,
) -> Result<ReadStored, PlanFileError> {
    let mut items: Vec<(String, Box<RawValue>)> =
        items.into_iter().filter(|(k, _)| parse_storage_key(k).is_some()).collect();
    crate::sort::sort_by(&mut items, |a, b| a.0.cmp(&b.0));
    let mut version = PLAN_SCHEMA_VERSION;
    let mut device = None;
    if let Some((_, meta)) = items.iter().find(|(k, _)| parse_storage_key(k) == Some(StorageKey::Meta)) {
        let meta = value_of(meta);
        let Value::Object(meta) = meta else { return Err(PlanFileError::NotAnObject { found: kind(&meta) }) };
        version = version_of(meta.get("version").cloned())?;
        device = meta.get("device").and_then(Value::as_str).map(str::to_string);
    }
    let mut reader = Reader::new(version);
    for (key, raw) in items {
        match parse_storage_key(&key) {
            Some(StorageKey::Record(collection, _)) => reader.add(collection, Some(key), &raw),
            Some(StorageKey::Quarantine) => reader.add_quarantined(Some(key), &raw),
            Some(StorageKey::Conflict) => reader.add_conflict(Some(key), &raw),
            Some(StorageKey::Unknown) => {
                let reason = format!("{key}: not a kind of plan item this version of Porte-voix knows (post, campaign, pillar, quarantine, conflict)");
                reader.held.push(Held {
                    key: Some(key),
                    entry: Quarantined { collection: "unknown".into(), raw: value_of(&raw), reason },
                });
            }
            Some(StorageKey::Meta | StorageKey::Snapshot) | None => {}
        }
    }
    Ok(ReadStored {
        plan: reader.plan,
        held: reader.held,
        migrated_from: (version < PLAN_SCHEMA_VERSION).then_some(version),
        device,
    })
}

/// Reads one record of `collection` on its own from its JSON text, in the current version: the
/// record, or the reason it cannot be read (field path first).
pub fn read_record<T: Record>(text: &str, version: u32) -> Result<T, String> {
    let migrated;
    let text = if version < PLAN_SCHEMA_VERSION {
        let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        migrated = migrate_record(T::COLLECTION, version, &value)?.to_string();
        migrated.as_str()
    } else {
        text
    };
    let record: T = with_path(text)?;
    if record.meta().id.trim().is_empty() {
        return Err("meta.id: empty (every record needs an id)".into());
    }
    Ok(record)
}

/// `text` as `T`, or serde's reason prefixed with the path of the field (`meta.created: …`).
fn with_path<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = strip_position(&inner);
        if path == "." {
            message
        } else {
            format!("{path}: {message}")
        }
    })?;
    de.end().map_err(|e| strip_position(&e))?;
    Ok(value)
}

/// The plan as a plan file: pretty JSON, records in the stable order of [`sort_plan`], ending with
/// a line break.
pub fn write_plan(plan: &Plan) -> Result<String, serde_json::Error> {
    let mut sorted = plan.clone();
    sort_plan(&mut sorted);
    let mut text = serde_json::to_string_pretty(&sorted)?;
    text.push('\n');
    Ok(text)
}

/// Puts records in the file's stable order: posts by scheduled time then id (unscheduled last,
/// by id), campaigns and pillars by id. The quarantine keeps its order.
pub fn sort_plan(plan: &mut Plan) {
    crate::sort::sort_by(&mut plan.posts, |a, b| post_order(a).cmp(&post_order(b)));
    crate::sort::sort_by(&mut plan.campaigns, |a, b| a.meta.id.cmp(&b.meta.id));
    crate::sort::sort_by(&mut plan.pillars, |a, b| a.meta.id.cmp(&b.meta.id));
}

fn post_order(p: &Post) -> (bool, Option<chrono::DateTime<chrono::Utc>>, &str) {
    (p.schedule.is_none(), p.schedule.as_ref().map(|s| s.at), &p.meta.id)
}

/// A version number, or why it is not one (too new included).
fn version_of(v: Option<Value>) -> Result<u32, PlanFileError> {
    let v = v.ok_or(PlanFileError::NoVersion)?;
    let n = v.as_u64().ok_or_else(|| PlanFileError::BadVersion { found: v.to_string() })?;
    if n > u64::from(PLAN_SCHEMA_VERSION) {
        return Err(PlanFileError::Newer { found: n });
    }
    Ok(n as u32)
}

/// serde_json's message without its own " at line L column C" (we give them separately).
fn strip_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// Reads records one by one into a plan, holding back those that fail.
struct Reader {
    version: u32,
    plan: Plan,
    held: Vec<Held>,
    seen: [HashSet<String>; 3],
}

impl Reader {
    fn new(version: u32) -> Reader {
        Reader { version, plan: Plan::default(), held: Vec::new(), seen: Default::default() }
    }

    fn add(&mut self, collection: Collection, key: Option<String>, raw: &RawValue) {
        match collection {
            Collection::Posts => self.add_typed::<Post>(key, raw),
            Collection::Campaigns => self.add_typed::<Campaign>(key, raw),
            Collection::Pillars => self.add_typed::<Pillar>(key, raw),
        }
    }

    fn add_typed<T: Record>(&mut self, key: Option<String>, raw: &RawValue) {
        let collection = T::COLLECTION;
        let checked = read_record::<T>(raw.get(), self.version).and_then(|record| {
            let id = &record.meta().id;
            if let Some(key) = &key {
                let expected = collection.storage_key(id);
                if *key != expected {
                    return Err(format!("meta.id: \"{id}\" does not match the storage key {key} (expected {expected})"));
                }
            }
            let seen = &mut self.seen[Collection::ALL.iter().position(|c| *c == collection).unwrap_or(0)];
            if !seen.insert(id.clone()) {
                return Err(format!("meta.id: duplicate id \"{id}\": an earlier {} has the same id; this later copy was set aside", collection.singular(Lang::En)));
            }
            Ok(record)
        });
        match checked {
            Ok(record) => T::list_mut(&mut self.plan).push(record),
            Err(reason) => self.held.push(Held {
                key,
                entry: Quarantined { collection: collection.name().into(), raw: value_of(raw), reason },
            }),
        }
    }

    /// A version a merge kept (a file's `conflicts` list, a `plan.conflict.*` item); one that does
    /// not read is quarantined.
    fn add_conflict(&mut self, key: Option<String>, raw: &RawValue) {
        match with_path::<Conflict>(raw.get()) {
            Ok(conflict) => self.plan.conflicts.push(conflict),
            Err(reason) => self.held.push(Held {
                key,
                entry: Quarantined { collection: "conflicts".into(), raw: value_of(raw), reason },
            }),
        }
    }

    /// A record quarantined earlier (a file's `quarantine` list, a `plan.quarantine.*` item). If it
    /// is not in the quarantine shape, it is held as it is.
    fn add_quarantined(&mut self, key: Option<String>, raw: &RawValue) {
        let entry = match with_path::<Quarantined>(raw.get()) {
            Ok(entry) => entry,
            Err(reason) => Quarantined {
                collection: "quarantine".into(),
                raw: value_of(raw),
                reason: format!("not a quarantine entry ({reason})"),
            },
        };
        self.held.push(Held { key, entry });
    }
}
