//! The report page's figures (`planReport`, in the planner module): posts per network and week,
//! engagement, best and worst posts, follower growth, pillar mix and reply times over a period.
//!
//! Conversion only: the figures are computed by `porte_voix_core::plan::analysis::report`. The
//! plan's posts, the analytics history, follower counts, the reply log and the pillars (the active
//! guide's, with their targets, from `Engine.guidePillars`) come in explicitly.

use crate::json::{from_js, to_js};
use crate::platform;
use porte_voix_core::guide::Pillar;
use porte_voix_core::plan::analysis::followers;
use porte_voix_core::plan::analysis::replies;
use porte_voix_core::plan::analysis::{report, FollowerSample, ReplyLog, ReportInput, ReportOptions};
use porte_voix_core::plan::Post;
use porte_voix_core::suggest::history::HistoryRecord;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const REPORT_TS: &'static str = r#"
/** What a report is computed from (every list optional but `posts`). */
export interface ReportData { pillars?: { id: string; name: string; share: number }[]; posts: Post[]; history?: HistoryRecord[]; followers?: { network: string; at: string; followers: number }[]; replies?: { receivedAt: string; repliedAt?: string; class: string }[]; }
/** A reply log read from a CSV: the entries, and each skipped row with its line (messages in English and French). */
export interface ReplyLogImport { entries: { receivedAt: string; repliedAt?: string; class: string }[]; problems: { line: number; field?: string; code: string; en: string; fr: string }[]; }
/** Follower counts read from a CSV, and each skipped row with its line. */
export interface FollowerImport { samples: { network: string; at: string; followers: number }[]; problems: { line: number; field?: string; code: string; en: string; fr: string }[]; }
/** The period `[from, to)` (RFC 3339), the zone whose Monday-first weeks count posts, the current instant. */
export interface ReportSettings { period: { from: string; to: string }; zone: string; now: string; minImpressions?: number; top?: number; tolerance?: number; lang?: "fr" | "en"; }
"#;

/// [`ReportData`] as the core reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    #[serde(default)]
    pillars: Vec<Pillar>,
    posts: Vec<Post>,
    #[serde(default)]
    history: Vec<HistoryRecord>,
    #[serde(default)]
    followers: Vec<FollowerSample>,
    #[serde(default)]
    replies: Vec<ReplyLog>,
}

/// The report's figures over `settings.period` (see the core's `plan::analysis::report`).
/// Throws, in `settings.lang`, on an empty or over-long period, an unknown zone or bad data.
#[wasm_bindgen(js_name = planReport, unchecked_return_type = "unknown")]
pub fn plan_report(
    #[wasm_bindgen(unchecked_param_type = "ReportData")] data: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReportSettings")] settings: JsValue,
) -> Result<JsValue, JsError> {
    let data: Data = from_js(&data, "report data")?;
    let options: ReportOptions = from_js(&settings, "report settings")?;
    let input = ReportInput {
        posts: &data.posts,
        history: &data.history,
        followers: &data.followers,
        replies: &data.replies,
        pillars: &data.pillars,
    };
    let figures = report(&input, &platform::zones(), &options).map_err(|e| JsError::new(&e))?;
    to_js(&figures)
}

/// Reads a reply log from CSV (received_at, replied_at, class or text; see the core's
/// `plan::analysis::replies`), local times in IANA `zone`. Never throws on bad rows: they are
/// listed in `problems` with their lines.
#[wasm_bindgen(js_name = importReplyLog, unchecked_return_type = "ReplyLogImport")]
pub fn import_reply_log(csv: &str, zone: &str) -> Result<JsValue, JsError> {
    to_js(&replies::import_reply_log(csv, &platform::zones(), zone))
}

/// Reads follower counts from CSV (date, followers, network; see the core's
/// `plan::analysis::followers`), local times in IANA `zone`, rows without a network column for
/// `network`. Bad rows are listed in `problems` with their lines.
#[wasm_bindgen(js_name = importFollowers, unchecked_return_type = "FollowerImport")]
pub fn import_followers(csv: &str, zone: &str, network: Option<String>) -> Result<JsValue, JsError> {
    to_js(&followers::import_followers(csv, &platform::zones(), zone, network.as_deref()))
}
