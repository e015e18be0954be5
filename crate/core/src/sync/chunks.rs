//! Fitting synced values into `storage.sync`, whose quotas are small and enforced per item.
//!
//! Chrome (and Firefox, with the same numbers) allows 102,400 bytes in all, 8,192 bytes per item,
//! 512 items, 120 writes a minute and 1,800 an hour; a write that would exceed any of them is
//! rejected as a whole. An item's size is its key plus the JSON of its value, in UTF-8 bytes.
//!
//! A value (its JSON text) is stored as:
//! - chunk items `<key>.0`, `<key>.1`, …: consecutive pieces of the JSON text, each a JSON string
//!   small enough for one item;
//! - a manifest item `<key>` = `{"version":1,"chunks":N,"bytes":B,"hash":"…"}`: how many pieces,
//!   the text's length in UTF-8 bytes and its FNV-1a 64-bit hash.
//!
//! Sync delivers items to other devices one by one, so a reader may see a new manifest with old
//! chunks or the reverse. [`read_value`] assembles the pieces and checks length and hash: a
//! half-written value is reported, never returned, and the caller keeps its previous copy.
//!
//! [`plan_write`] says which items to set and which to remove (only those that change), and
//! whether the write fits every quota *before* it is attempted, so the caller can keep the value
//! in `storage.local` with a notice instead.
//!
//! Sizes are counted the way Chromium does (`extensions/browser/api/storage/
//! settings_storage_quota_enforcer.cc`: key bytes plus `base::JSONWriter` output), which escapes
//! `<`, U+2028 and U+2029 as six-byte `\uXXXX` where `JSON.stringify` writes them as they are; we
//! count the larger of the two, so an item that fits here fits in both.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The limits of one `storage.sync` area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncQuota {
    /// All items together, in bytes (`QUOTA_BYTES`).
    pub total_bytes: u64,
    /// One item: key plus JSON of the value, in bytes (`QUOTA_BYTES_PER_ITEM`).
    pub item_bytes: u64,
    /// Number of items (`MAX_ITEMS`).
    pub max_items: u64,
    /// `set`/`remove`/`clear` calls in any 60 seconds (`MAX_WRITE_OPERATIONS_PER_MINUTE`).
    pub writes_per_minute: u64,
    /// `set`/`remove`/`clear` calls in any hour (`MAX_WRITE_OPERATIONS_PER_HOUR`).
    pub writes_per_hour: u64,
}

/// Chrome's documented `storage.sync` quotas (Firefox uses the same numbers).
pub const CHROME_SYNC_QUOTA: SyncQuota = SyncQuota {
    total_bytes: 102_400,
    item_bytes: 8_192,
    max_items: 512,
    writes_per_minute: 120,
    writes_per_hour: 1_800,
};

/// The manifest format this build writes and reads.
pub const CHUNK_FORMAT: u32 = 1;

/// The manifest item: what a reader needs to assemble and verify a chunked value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format of the chunked value ([`CHUNK_FORMAT`]).
    pub version: u32,
    /// Number of chunk items, `<key>.0` to `<key>.<chunks-1>`.
    pub chunks: u64,
    /// Length of the whole JSON text, in UTF-8 bytes.
    pub bytes: u64,
    /// FNV-1a 64-bit hash of the JSON text, 16 lowercase hex digits.
    pub hash: String,
}

/// A user-facing text in both languages of the interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// English.
    pub en: String,
    /// French.
    pub fr: String,
}

/// Which quota a write would exceed (the names Chrome uses in its error messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum QuotaCode {
    /// All items together.
    QuotaBytes,
    /// One item.
    QuotaBytesPerItem,
    /// Number of items.
    MaxItems,
    /// Writes in the last minute.
    MaxWriteOperationsPerMinute,
    /// Writes in the last hour.
    MaxWriteOperationsPerHour,
}

/// Why a write does not fit, with the figures and what happens instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaExceeded {
    /// The quota.
    pub code: QuotaCode,
    /// What the write would need (bytes, items or writes).
    pub needed: u64,
    /// The limit.
    pub limit: u64,
    /// For the write-rate quotas: how long until the write would fit, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// What to tell the user.
    pub message: Message,
}

impl QuotaExceeded {
    /// True for the write-rate quotas: waiting is enough, nothing needs to move to local storage.
    pub fn is_rate(&self) -> bool {
        matches!(self.code, QuotaCode::MaxWriteOperationsPerMinute | QuotaCode::MaxWriteOperationsPerHour)
    }
}

/// The items one write sets and removes, and whether it fits.
#[derive(Debug, Clone, PartialEq)]
pub struct WritePlan {
    /// Items to set, in key order, each with the JSON text of its value: the manifest (an
    /// object) and the chunks that changed (strings).
    pub set: Vec<(String, String)>,
    /// Items to remove: chunks the shorter value no longer uses.
    pub remove: Vec<String>,
    /// `storage.sync` calls the write takes (one `set` if anything to set, one `remove` if
    /// anything to remove): what the write-rate quotas count.
    pub operations: u64,
    /// Bytes the area would hold after the write.
    pub total_bytes: u64,
    /// Items the area would hold after the write.
    pub items: u64,
    /// Bytes this value takes (manifest and chunks).
    pub value_bytes: u64,
    /// The first quota the write would exceed, if any: then it must not be attempted.
    pub exceeded: Option<QuotaExceeded>,
}

/// When and how many writes were made recently, for the write-rate quotas.
#[derive(Debug, Clone, Copy)]
pub struct RecentWrites<'a> {
    /// Times of the recent `set`/`remove` calls, in milliseconds since the epoch.
    pub at: &'a [i64],
    /// Now, in milliseconds since the epoch.
    pub now: i64,
}

/// A value could not be planned at all (a caller's mistake, not a quota).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a stored value could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadError {
    /// `incomplete` (a piece has not arrived or does not match: wait for the rest),
    /// `unreadable` (the manifest or a piece is not what this format writes) or `newer-format`.
    pub code: String,
    /// What to tell the user.
    pub message: Message,
}

/// FNV-1a 64-bit hash of `bytes`, as 16 hex digits: detects a value assembled from pieces of two
/// different writes.
pub fn fnv1a64(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Bytes one character of a JSON string takes, the larger of `JSON.stringify`'s and Chromium's
/// `JSONWriter`'s spelling, in UTF-8.
fn escaped_char_size(c: char) -> u64 {
    match c {
        '"' | '\\' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' => 2,
        '\u{0}'..='\u{1f}' | '<' | '\u{2028}' | '\u{2029}' => 6,
        _ => c.len_utf8() as u64,
    }
}

/// Bytes the JSON of string `s` takes, quotes included.
pub fn json_string_size(s: &str) -> u64 {
    2 + s.chars().map(escaped_char_size).sum::<u64>()
}

/// Bytes Chrome counts for a value whose `JSON.stringify` text is `json`: the text itself, plus
/// what `JSONWriter` adds (`<`, U+2028 and U+2029 inside strings spelled `\uXXXX`; an integer
/// outside 32 bits written as a double with `.0`).
pub fn json_text_size(json: &str) -> u64 {
    let mut size = json.len() as u64;
    let mut in_string = false;
    let mut escaped = false;
    let mut number = String::new();
    fn close_number(number: &mut String, size: &mut u64) {
        if !number.is_empty() && !number.contains(['.', 'e', 'E']) && number.parse::<i32>().is_err() {
            *size += 2;
        }
        number.clear();
    }
    for c in json.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '<' => size += 5,
                '\u{2028}' | '\u{2029}' => size += 3,
                _ => {}
            }
        } else if c == '"' {
            close_number(&mut number, &mut size);
            in_string = true;
        } else if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
            number.push(c);
        } else {
            close_number(&mut number, &mut size);
        }
    }
    close_number(&mut number, &mut size);
    size
}

/// Bytes an item takes: its key plus the JSON of its value (given as `JSON.stringify` text).
pub fn item_size(key: &str, value_json: &str) -> u64 {
    key.len() as u64 + json_text_size(value_json)
}

/// The key of chunk `index` of `key`.
pub fn chunk_key(key: &str, index: u64) -> String {
    format!("{key}.{index}")
}

/// If `item` is a chunk key of `key` (`<key>.<n>`, `n` written without leading zeros), its index.
fn chunk_index(key: &str, item: &str) -> Option<u64> {
    let digits = item.strip_prefix(key)?.strip_prefix('.')?;
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if canonical {
        digits.parse().ok()
    } else {
        None
    }
}

fn check_key(key: &str) -> Result<(), KeyError> {
    if key.is_empty() || key.contains('.') {
        return Err(KeyError(format!(
            "sync key {key:?} must be non-empty and without '.' (the chunks are named <key>.<n>)"
        )));
    }
    Ok(())
}

/// Cuts `json` into pieces whose chunk items each fit in `item_bytes`, filling each piece as far
/// as it goes.
pub fn split(key: &str, json: &str, item_bytes: u64) -> Result<Vec<String>, KeyError> {
    let mut pieces = Vec::new();
    let mut rest = json;
    while !rest.is_empty() {
        let index = pieces.len() as u64;
        let room = item_bytes.saturating_sub(chunk_key(key, index).len() as u64 + 2);
        let mut used = 0;
        let mut end = 0;
        for (at, c) in rest.char_indices() {
            let cost = escaped_char_size(c);
            if used + cost > room {
                break;
            }
            used += cost;
            end = at + c.len_utf8();
        }
        if end == 0 {
            return Err(KeyError(format!(
                "sync key {key:?} is too long: not even one character fits in an item of {item_bytes} bytes"
            )));
        }
        pieces.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    Ok(pieces)
}

/// Plans writing the value whose JSON text is `value_json` under `key`, given the area's current
/// items (`current`: item key → JSON text of its value): the items to set and remove, and the
/// first quota the write would exceed. `recent` enables the write-rate check.
pub fn plan_write(
    key: &str,
    value_json: &str,
    current: &BTreeMap<String, String>,
    quota: &SyncQuota,
    recent: Option<RecentWrites>,
) -> Result<WritePlan, KeyError> {
    check_key(key)?;
    if serde_json::from_str::<serde::de::IgnoredAny>(value_json).is_err() {
        return Err(KeyError(format!("the value for sync key {key:?} is not JSON text")));
    }
    let pieces = split(key, value_json, quota.item_bytes)?;
    let manifest = Manifest {
        version: CHUNK_FORMAT,
        chunks: pieces.len() as u64,
        bytes: value_json.len() as u64,
        hash: fnv1a64(value_json.as_bytes()),
    };
    // Item values as JSON text, spelled as JSON.stringify spells them (serde_json escapes strings
    // the same way), so an unchanged item compares equal to what the browser holds.
    let mut wanted: Vec<(String, String)> = Vec::with_capacity(pieces.len() + 1);
    wanted.push((key.to_string(), serde_json::to_string(&manifest).unwrap_or_default()));
    for (index, piece) in pieces.iter().enumerate() {
        wanted.push((chunk_key(key, index as u64), serde_json::to_string(piece).unwrap_or_default()));
    }

    let mut total: u64 = current.iter().map(|(k, v)| item_size(k, v)).sum();
    let mut items = current.len() as u64;
    let mut value_bytes = 0;
    let mut set = Vec::new();
    let mut too_big: Option<(u64, &String)> = None;
    for (item, text) in &wanted {
        let size = item_size(item, text);
        value_bytes += size;
        let old = current.get(item);
        if old == Some(text) {
            continue;
        }
        match old {
            Some(old) => total = total - item_size(item, old) + size,
            None => {
                total += size;
                items += 1;
            }
        }
        if size > quota.item_bytes && too_big.is_none() {
            too_big = Some((size, item));
        }
        set.push((item.clone(), text.clone()));
    }
    let remove: Vec<String> = current
        .keys()
        .filter(|item| chunk_index(key, item).is_some_and(|i| i >= manifest.chunks))
        .cloned()
        .collect();
    for item in &remove {
        total -= current.get(item).map_or(0, |old| item_size(item, old));
        items -= 1;
    }
    let operations = u64::from(!set.is_empty()) + u64::from(!remove.is_empty());

    let exceeded = if let Some((size, item)) = too_big {
        Some(exceeded(QuotaCode::QuotaBytesPerItem, size, quota.item_bytes, None, key, item))
    } else if total > quota.total_bytes {
        Some(exceeded(QuotaCode::QuotaBytes, total, quota.total_bytes, None, key, key))
    } else if items > quota.max_items {
        Some(exceeded(QuotaCode::MaxItems, items, quota.max_items, None, key, key))
    } else {
        recent.and_then(|recent| check_rate(recent, operations, quota, key))
    };
    Ok(WritePlan { set, remove, operations, total_bytes: total, items, value_bytes, exceeded })
}

/// Whether `operations` more writes now stay within the write-rate quotas, given the recent ones.
pub fn check_rate(
    recent: RecentWrites,
    operations: u64,
    quota: &SyncQuota,
    key: &str,
) -> Option<QuotaExceeded> {
    if operations == 0 {
        return None;
    }
    let windows = [
        (QuotaCode::MaxWriteOperationsPerHour, 3_600_000, quota.writes_per_hour),
        (QuotaCode::MaxWriteOperationsPerMinute, 60_000, quota.writes_per_minute),
    ];
    let mut worst: Option<QuotaExceeded> = None;
    for (code, window, limit) in windows {
        let mut inside: Vec<i64> = recent.at.iter().copied().filter(|&t| t > recent.now - window).collect();
        let needed = inside.len() as u64 + operations;
        if needed <= limit {
            continue;
        }
        inside.sort_unstable();
        // The write fits once enough of the oldest writes have left the window.
        let must_leave = (needed - limit) as usize;
        let wait = match inside.get(must_leave - 1) {
            Some(&t) => (t + window - recent.now + 1).max(1) as u64,
            None => window as u64,
        };
        if worst.as_ref().and_then(|w| w.retry_after_ms).is_none_or(|w| wait > w) {
            worst = Some(exceeded(code, needed, limit, Some(wait), key, key));
        }
    }
    worst
}

fn exceeded(
    code: QuotaCode,
    needed: u64,
    limit: u64,
    retry_after_ms: Option<u64>,
    key: &str,
    item: &str,
) -> QuotaExceeded {
    let seconds = retry_after_ms.map_or(0, |ms| ms.div_ceil(1000));
    let message = match code {
        QuotaCode::QuotaBytes => Message {
            en: format!("“{key}” is too big to sync: synced data would take {needed} bytes, more than the browser's {limit}. It is kept on this device only; shorten it to sync it again."),
            fr: format!("« {key} » est trop volumineux pour être synchronisé : les données synchronisées occuperaient {needed} octets, plus que les {limit} permis par le navigateur. Il est gardé sur cet appareil seulement ; raccourcissez-le pour le synchroniser de nouveau."),
        },
        QuotaCode::QuotaBytesPerItem => Message {
            en: format!("“{key}” cannot be synced: item “{item}” would take {needed} bytes, more than the {limit} the browser allows per item. It is kept on this device only."),
            fr: format!("« {key} » ne peut pas être synchronisé : l'élément « {item} » occuperait {needed} octets, plus que les {limit} permis par élément. Il est gardé sur cet appareil seulement."),
        },
        QuotaCode::MaxItems => Message {
            en: format!("“{key}” cannot be synced: sync storage would hold {needed} items, more than the browser's {limit}. It is kept on this device only."),
            fr: format!("« {key} » ne peut pas être synchronisé : le stockage synchronisé contiendrait {needed} éléments, plus que les {limit} permis. Il est gardé sur cet appareil seulement."),
        },
        QuotaCode::MaxWriteOperationsPerMinute | QuotaCode::MaxWriteOperationsPerHour => {
            let per = if code == QuotaCode::MaxWriteOperationsPerMinute { ("minute", "minute") } else { ("hour", "heure") };
            Message {
                en: format!("Too many changes to sync at once ({limit} writes per {} at most): “{key}” is saved on this device and will sync in {seconds} s.", per.0),
                fr: format!("Trop de modifications à synchroniser d'un coup ({limit} écritures par {} au plus) : « {key} » est enregistré sur cet appareil et sera synchronisé dans {seconds} s.", per.1),
            }
        }
    };
    QuotaExceeded { code, needed, limit, retry_after_ms, message }
}

/// Reads back the value stored under `key` from the area's items (item key → JSON text of its
/// value): `Ok(None)` when there is none, the value's JSON text when every piece is there and
/// matches the manifest, an error otherwise (keep the previous copy).
pub fn read_value(key: &str, items: &BTreeMap<String, String>) -> Result<Option<String>, ReadError> {
    check_key(key).map_err(|e| read_error("unreadable", e.0.clone(), e.0))?;
    let Some(manifest_json) = items.get(key) else { return Ok(None) };
    #[derive(Deserialize)]
    struct Version {
        version: Option<u64>,
    }
    let version = serde_json::from_str::<Version>(manifest_json).ok().and_then(|v| v.version);
    if version.is_some_and(|v| v > u64::from(CHUNK_FORMAT)) {
        return Err(read_error(
            "newer-format",
            format!("“{key}” was synced by a newer version of Porte-voix: update Porte-voix on this device to read it."),
            format!("« {key} » a été synchronisé par une version plus récente de Porte-voix : mettez Porte-voix à jour sur cet appareil pour le lire."),
        ));
    }
    let manifest: Manifest = serde_json::from_str(manifest_json).map_err(|_| unreadable_manifest(key))?;
    if manifest.version != CHUNK_FORMAT {
        return Err(unreadable_manifest(key));
    }
    let mut text = String::new();
    for index in 0..manifest.chunks {
        let Some(piece) = items.get(&chunk_key(key, index)) else {
            return Err(incomplete(
                key,
                format!("part {} of {} has not arrived", index + 1, manifest.chunks),
                format!("la partie {} sur {} n'est pas arrivée", index + 1, manifest.chunks),
            ));
        };
        match serde_json::from_str::<String>(piece) {
            Ok(piece) => text.push_str(&piece),
            Err(_) => {
                return Err(read_error(
                    "unreadable",
                    format!("“{key}” in sync storage is damaged: part {} is not text.", index + 1),
                    format!(
                    "« {key} » est endommagé dans le stockage synchronisé : la partie {} n'est pas du texte.",
                    index + 1
                ),
                ))
            }
        }
        if text.len() as u64 > manifest.bytes {
            break;
        }
    }
    if text.len() as u64 != manifest.bytes || fnv1a64(text.as_bytes()) != manifest.hash {
        return Err(incomplete(
            key,
            "its parts come from different saves".into(),
            "ses parties viennent d'enregistrements différents".into(),
        ));
    }
    Ok(Some(text))
}

fn incomplete(key: &str, why_en: String, why_fr: String) -> ReadError {
    read_error(
        "incomplete",
        format!("“{key}” is still arriving from another device ({why_en}): the previous version stays in use until the rest arrives."),
        format!("« {key} » arrive encore d'un autre appareil ({why_fr}) : la version précédente reste en service en attendant la suite."),
    )
}

fn unreadable_manifest(key: &str) -> ReadError {
    read_error(
        "unreadable",
        format!("“{key}” in sync storage is damaged: its manifest item is not {{version, chunks, bytes, hash}}. It will be rewritten on the next save."),
        format!("« {key} » est endommagé dans le stockage synchronisé : son manifeste n'est pas {{version, chunks, bytes, hash}}. Il sera réécrit au prochain enregistrement."),
    )
}

fn read_error(code: &str, en: String, fr: String) -> ReadError {
    ReadError { code: code.to_string(), message: Message { en, fr } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The area after `plan` is applied to `items` (both as JSON texts).
    fn apply(items: &BTreeMap<String, String>, plan: &WritePlan) -> BTreeMap<String, String> {
        let mut next = items.clone();
        for (key, value) in &plan.set {
            next.insert(key.clone(), value.clone());
        }
        for key in &plan.remove {
            next.remove(key);
        }
        next
    }

    fn write(
        items: &BTreeMap<String, String>,
        key: &str,
        json: &str,
    ) -> (WritePlan, BTreeMap<String, String>) {
        let plan = plan_write(key, json, items, &CHROME_SYNC_QUOTA, None).unwrap_or_else(|e| panic!("{e}"));
        let next = apply(items, &plan);
        (plan, next)
    }

    /// Size of an item as `JSON.stringify` spells it (serde_json writes strings the same way).
    fn stringify_size(key: &str, text: &str) -> u64 {
        (key.len() + text.len()) as u64
    }

    /// Size of an item as Chromium's `JSONWriter` spells it: `<`, U+2028 and U+2029 escaped.
    fn chromium_size(key: &str, text: &str) -> u64 {
        let escaped =
            text.replace('<', "\\u003C").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
        (key.len() + escaped.len()) as u64
    }

    #[test]
    fn the_hash_is_fnv1a_64() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), "cbf29ce484222325");
        assert_eq!(fnv1a64(b"a"), "af63dc4c8601ec8c");
        assert_eq!(fnv1a64(b"foobar"), "85944171f73967e8");
    }

    #[test]
    fn counts_like_chromium_where_it_spells_more_than_json_stringify() {
        assert_eq!(json_string_size("abc"), 5);
        assert_eq!(json_string_size("é"), 4);
        assert_eq!(json_string_size("🚲"), 6);
        assert_eq!(json_string_size("a\"b\\"), 2 + 1 + 2 + 1 + 2);
        assert_eq!(json_string_size("\n\u{1}"), 2 + 2 + 6);
        assert_eq!(json_string_size("<b>"), 2 + 6 + 1 + 1);
        assert_eq!(json_string_size("\u{2028}"), 2 + 6);
        assert_eq!(json_text_size(r#"{"a":"<"}"#), 9 + 5);
        assert_eq!(json_text_size(r#"{"n":2147483647,"m":2147483648,"x":1.5,"big":1e21}"#), 50 + 2);
        assert_eq!(json_text_size(r#"["\"<\\"]"#), 9 + 5, "an escaped quote does not end the string");
    }

    #[test]
    fn a_small_value_is_one_chunk_and_a_manifest() {
        let (plan, items) = write(&BTreeMap::new(), "settings", r#"{"lang":"fr"}"#);
        assert_eq!(plan.operations, 1);
        assert!(plan.remove.is_empty());
        assert_eq!(items["settings.0"], r#""{\"lang\":\"fr\"}""#);
        let manifest: Manifest = serde_json::from_str(&items["settings"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            manifest,
            Manifest { version: 1, chunks: 1, bytes: 13, hash: fnv1a64(br#"{"lang":"fr"}"#) }
        );
        assert_eq!(read_value("settings", &items), Ok(Some(r#"{"lang":"fr"}"#.to_string())));
        assert_eq!(read_value("guide", &items), Ok(None));
    }

    #[test]
    fn rewriting_the_same_value_writes_nothing() {
        let (_, items) =
            write(&BTreeMap::new(), "guide", &serde_json::to_string(&"x".repeat(20_000)).unwrap_or_default());
        let (plan, _) =
            write(&items, "guide", &serde_json::to_string(&"x".repeat(20_000)).unwrap_or_default());
        assert!(plan.set.is_empty() && plan.remove.is_empty());
        assert_eq!(plan.operations, 0);
        assert!(plan.exceeded.is_none());
    }

    #[test]
    fn a_shorter_value_removes_the_chunks_it_no_longer_uses_and_keeps_other_keys() {
        let mut items = BTreeMap::new();
        items.insert("settings".to_string(), "1".to_string());
        items.insert("guide.07".to_string(), "\"not ours\"".to_string());
        let (first, items) =
            write(&items, "guide", &serde_json::to_string(&"é".repeat(12_000)).unwrap_or_default());
        assert_eq!(first.set.len(), 1 + 3);
        let (second, items) = write(&items, "guide", "\"short\"");
        assert_eq!(second.remove, vec!["guide.1".to_string(), "guide.2".to_string()]);
        assert_eq!(second.operations, 2);
        assert!(items.contains_key("settings") && items.contains_key("guide.07"));
        assert_eq!(read_value("guide", &items), Ok(Some("\"short\"".into())));
    }

    #[test]
    fn an_edit_in_the_middle_rewrites_only_the_chunks_that_changed() {
        let long: String = (0..30_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let (_, items) = write(&BTreeMap::new(), "guide", &format!("\"{long}\""));
        let mut edited = long.clone();
        edited.replace_range(20_000..20_001, "Z");
        let (plan, items) = write(&items, "guide", &format!("\"{edited}\""));
        let chunks: Vec<&String> =
            plan.set.iter().map(|(k, _)| k).filter(|k| k.as_str() != "guide").collect();
        assert_eq!(chunks, vec!["guide.2"]);
        assert_eq!(read_value("guide", &items), Ok(Some(format!("\"{edited}\""))));
    }

    #[test]
    fn says_in_advance_which_quota_a_write_would_exceed() {
        let big = serde_json::to_string(&"x".repeat(110_000)).unwrap_or_default();
        let plan = plan_write("guide", &big, &BTreeMap::new(), &CHROME_SYNC_QUOTA, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let reason = plan.exceeded.unwrap_or_else(|| panic!("fits?"));
        assert_eq!(reason.code, QuotaCode::QuotaBytes);
        assert_eq!(reason.limit, 102_400);
        assert!(reason.needed > 110_000);
        assert!(
            reason.message.en.contains("kept on this device")
                && reason.message.fr.contains("gardé sur cet appareil")
        );

        let crowded: BTreeMap<String, String> =
            (0..511).map(|i| (format!("other{i}"), "1".to_string())).collect();
        let plan = plan_write("settings", "{}", &crowded, &CHROME_SYNC_QUOTA, None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.exceeded.map(|e| (e.code, e.needed)), Some((QuotaCode::MaxItems, 513)));

        let long_key = "k".repeat(8_200);
        let plan = plan_write(&long_key, "1", &BTreeMap::new(), &CHROME_SYNC_QUOTA, None);
        assert!(plan.is_err(), "no room for even one character next to such a key");
        let long_key = "k".repeat(8_150);
        let plan = plan_write(&long_key, "1", &BTreeMap::new(), &CHROME_SYNC_QUOTA, None)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            plan.exceeded.map(|e| e.code),
            Some(QuotaCode::QuotaBytesPerItem),
            "the manifest cannot fit next to the key"
        );

        assert!(plan_write("a.b", "1", &BTreeMap::new(), &CHROME_SYNC_QUOTA, None).is_err());
        assert!(plan_write("a", "{not json", &BTreeMap::new(), &CHROME_SYNC_QUOTA, None).is_err());
    }

    #[test]
    fn the_write_rates_say_how_long_to_wait() {
        let now = 10_000_000;
        let minute: Vec<i64> = (0..120).map(|i| now - 59_000 + i).collect();
        let recent = RecentWrites { at: &minute, now };
        let plan = plan_write("settings", "{}", &BTreeMap::new(), &CHROME_SYNC_QUOTA, Some(recent))
            .unwrap_or_else(|e| panic!("{e}"));
        let reason = plan.exceeded.unwrap_or_else(|| panic!("fits?"));
        assert_eq!(reason.code, QuotaCode::MaxWriteOperationsPerMinute);
        assert!(reason.is_rate());
        assert_eq!(reason.retry_after_ms, Some(1_001), "the oldest write leaves the window in 1 s");
        assert!(
            check_rate(RecentWrites { at: &minute, now: now + 1_001 }, 1, &CHROME_SYNC_QUOTA, "k").is_none()
        );

        let hour: Vec<i64> = (0..1_800).map(|i| now - 3_500_000 + i * 1_000).collect();
        let reason = check_rate(RecentWrites { at: &hour, now }, 2, &CHROME_SYNC_QUOTA, "k")
            .unwrap_or_else(|| panic!("fits?"));
        assert_eq!(reason.code, QuotaCode::MaxWriteOperationsPerHour);
        assert_eq!(reason.retry_after_ms, Some(100_000 + 1_000 + 1), "two writes must leave the hour");
        assert!(
            check_rate(RecentWrites { at: &hour, now }, 0, &CHROME_SYNC_QUOTA, "k").is_none(),
            "writing nothing always fits"
        );
    }

    #[test]
    fn a_half_written_value_is_reported_not_returned() {
        let old = serde_json::to_string(&"o".repeat(20_000)).unwrap_or_default();
        let new = serde_json::to_string(&"n".repeat(20_000)).unwrap_or_default();
        let (_, before) = write(&BTreeMap::new(), "guide", &old);
        let (_, after) = write(&before, "guide", &new);
        // The new manifest arrived, the chunks not yet.
        let mut mixed = before.clone();
        mixed.insert("guide".into(), after["guide"].clone());
        let error = read_value("guide", &mixed).err().unwrap_or_else(|| panic!("accepted a mix"));
        assert_eq!(error.code, "incomplete");
        assert!(error.message.fr.contains("version précédente"));
        // One new chunk arrived before the manifest.
        let mut mixed = before.clone();
        mixed.insert("guide.1".into(), after["guide.1"].clone());
        assert_eq!(read_value("guide", &mixed).map_err(|e| e.code), Err("incomplete".into()));
        // A chunk is missing altogether.
        let mut missing = after.clone();
        missing.remove("guide.2");
        let error = read_value("guide", &missing).err().unwrap_or_else(|| panic!("accepted a gap"));
        assert!(error.message.en.contains("part 3 of 3"), "{}", error.message.en);
    }

    #[test]
    fn damaged_or_newer_items_are_reported() {
        let mut items = BTreeMap::new();
        items.insert("guide".to_string(), "\"not a manifest\"".to_string());
        assert_eq!(read_value("guide", &items).map_err(|e| e.code), Err("unreadable".into()));
        items.insert(
            "guide".to_string(),
            r#"{"version":2,"chunks":1,"bytes":1,"hash":"x","more":true}"#.to_string(),
        );
        assert_eq!(read_value("guide", &items).map_err(|e| e.code), Err("newer-format".into()));
        items.insert(
            "guide".to_string(),
            r#"{"version":1,"chunks":1,"bytes":1,"hash":"af63dc4c8601ec8c"}"#.to_string(),
        );
        items.insert("guide.0".to_string(), "42".to_string());
        assert_eq!(read_value("guide", &items).map_err(|e| e.code), Err("unreadable".into()));
        items.remove("guide.0");
        items.insert(
            "guide".to_string(),
            r#"{"version":1,"chunks":4000000000,"bytes":1,"hash":"x"}"#.to_string(),
        );
        assert_eq!(read_value("guide", &items).map_err(|e| e.code), Err("incomplete".into()));
    }

    /// Text mixing ASCII, accents, emoji, quotes, backslashes, control characters, `<` and the
    /// line separators: every case where the JSON spelling is longer than the character. Runs of
    /// one character make chunk boundaries fall next to multi-byte ones.
    fn arb_text() -> impl Strategy<Value = String> {
        const ALPHABET: [char; 20] = [
            'a',
            'z',
            ' ',
            'é',
            'œ',
            '€',
            '🚲',
            '🇫',
            '"',
            '\\',
            '<',
            '>',
            '\u{1}',
            '\n',
            '\t',
            '\u{2028}',
            '\u{2029}',
            '\u{7f}',
            '\u{10ffff}',
            '\u{fffd}',
        ];
        let run = (0..ALPHABET.len(), 1usize..60).prop_map(|(c, n)| ALPHABET[c].to_string().repeat(n));
        let piece = prop_oneof![8 => run, 1 => any::<String>()];
        proptest::collection::vec(piece, 0..300).prop_map(|pieces| pieces.concat())
    }

    fn arb_key() -> impl Strategy<Value = String> {
        "[a-zA-Z][a-zA-Z0-9_é]{0,30}"
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn every_item_fits_and_reassembly_is_exact(key in arb_key(), text in arb_text(), as_object in any::<bool>()) {
            let value = if as_object { serde_json::json!({ "source": text, "n": 1 }) } else { serde_json::Value::String(text) };
            let json = serde_json::to_string(&value).unwrap_or_default();
            let plan = plan_write(&key, &json, &BTreeMap::new(), &CHROME_SYNC_QUOTA, None).unwrap_or_else(|e| panic!("{e}"));
            for (item, value) in &plan.set {
                prop_assert!(stringify_size(item, value) <= 8_192, "{} is {} bytes by JSON.stringify", item, stringify_size(item, value));
                prop_assert!(chromium_size(item, value) <= 8_192, "{} is {} bytes by Chromium", item, chromium_size(item, value));
                prop_assert_eq!(item_size(item, value), chromium_size(item, value));
                prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(value).is_ok());
            }
            // Pieces are filled: every chunk but the last would overflow with one more character.
            let chunks = plan.set.len() as u64 - 1;
            for index in 0..chunks.saturating_sub(1) {
                let item = chunk_key(&key, index);
                let text = plan.set.iter().find(|(k, _)| *k == item).map(|(_, v)| v.as_str()).unwrap_or_default();
                prop_assert!(chromium_size(&item, text) > 8_192 - 6);
            }
            let items = apply(&BTreeMap::new(), &plan);
            prop_assert_eq!(read_value(&key, &items), Ok(Some(json.clone())));
            prop_assert_eq!(plan.value_bytes, items.iter().map(|(k, v)| item_size(k, v)).sum::<u64>());
            prop_assert_eq!(plan.total_bytes, plan.value_bytes);
        }

        #[test]
        fn rewrites_are_minimal_and_exact(key in arb_key(), old in arb_text(), new in arb_text(), other in arb_text()) {
            let mut items = BTreeMap::new();
            items.insert("x-other".to_string(), serde_json::to_string(&other).unwrap_or_default());
            let (_, before) = write(&items, &key, &serde_json::to_string(&old).unwrap_or_default());
            let new_json = serde_json::to_string(&new).unwrap_or_default();
            let (plan, after) = write(&before, &key, &new_json);
            for (item, value) in &plan.set {
                prop_assert!(before.get(item) != Some(value), "{} rewritten unchanged", item);
            }
            prop_assert_eq!(read_value(&key, &after), Ok(Some(new_json)));
            prop_assert_eq!(&after["x-other"], &items["x-other"]);
            let manifest: Manifest = serde_json::from_str(&after[&key]).unwrap_or_else(|e| panic!("{e}"));
            let ours = after.keys().filter(|k| chunk_index(&key, k).is_some()).count() as u64;
            prop_assert_eq!(ours, manifest.chunks, "a stale chunk was left behind");
            prop_assert_eq!(plan.total_bytes, after.iter().map(|(k, v)| item_size(k, v)).sum::<u64>());
            prop_assert_eq!(plan.items, after.len() as u64);
        }

        #[test]
        fn json_string_size_matches_the_text_count(text in arb_text()) {
            prop_assert_eq!(json_string_size(&text), json_text_size(&serde_json::to_string(&text).unwrap_or_default()));
        }
    }
}
