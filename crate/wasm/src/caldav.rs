//! Team sync with a CalDAV calendar, for the extension's background: `CaldavSync` is one run of
//! the core's sans-IO `SyncRun` (`porte_voix_core::caldav`). The background sends each request
//! with `fetch` (adding its own `Authorization` header), hands the answer back, and writes the
//! storage changes `storageChanges` computes against what storage holds at that moment, so that an
//! edit made in the side panel during the run is merged, never overwritten.
//!
//! Time zones (events from calendar apps, times written for them) come from the browser's `Intl`,
//! as everywhere in the wasm build (see `platform.rs`).

use chrono::{DateTime, Utc};
use porte_voix_core::caldav::http::Response;
use porte_voix_core::caldav::stored::{storage_changes, stored_plan, StorageChanges};
use porte_voix_core::caldav::{CaldavError, SyncOptions, SyncReport, SyncRun};
use porte_voix_core::lang::Lang;
use porte_voix_core::plan::Plan;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::json::{from_js, to_js};
use crate::platform::{self, IntlZones};
use crate::sync::rfc3339;

#[wasm_bindgen(typescript_custom_section)]
const CALDAV_TS: &'static str = r#"
/** What a sync run needs besides the stored plan: the server address, this device's id, the IANA zone for events without one, and the time now (RFC 3339). */
export interface CaldavOptions { server: string; device: string; zone: string; now: string; }
/** A request to send; the caller adds its own Authorization header. */
export interface CaldavRequest { method: string; url: string; headers: [string, string][]; body: string; }
/** What the server answered, or why nothing came back (network failure). */
export type CaldavAnswer = { status: number; headers?: [string, string][]; body?: string } | { error: string };
export interface CaldavReport { calendar?: string; received: number; sent: number; deletedHere: number; deletedThere: number; preconditionFailed: number; conflicts: string[]; notScheduled: string[]; unreadable: [string, string][]; queued: number; requests: number; }
/** Why a run stopped: `error` names the kind, `retryable` says whether trying later may work; `en` and `fr` are the core's messages. */
export interface CaldavFailure { error: "bad-url" | "unauthorized" | "forbidden" | "not-found" | "not-caldav" | "no-calendar" | "server" | "network" | "unexpected" | "bad-xml"; url?: string; status?: number; method?: string; detail?: string; found?: string[]; reason_en?: string; reason_fr?: string; retryable: boolean; en: string; fr: string; }
export interface CaldavRetry { failures: number; nextAttempt: string; lastError: string; }
export interface CaldavOutcome { report: CaldavReport; error?: CaldavFailure; retry?: CaldavRetry; lastSync?: string; calendar?: string; }
/** Storage items to set and keys to remove (`storage.local.set(set)`, `storage.local.remove(remove)`), and how many scheduled posts the server has not seen once they are written. */
export interface CaldavStorageChanges { set: Record<string, unknown>; remove: string[]; queued: number; }
"#;

thread_local! {
    /// One resolver for every run (a run borrows it for its whole life).
    static ZONES: &'static IntlZones = Box::leak(Box::new(platform::zones()));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    server: String,
    device: String,
    zone: String,
    now: String,
}

/// A failure as JavaScript sees it: the core's error with its messages.
#[derive(Serialize)]
struct Failure<'a> {
    #[serde(flatten)]
    error: &'a CaldavError,
    retryable: bool,
    en: String,
    fr: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome<'a> {
    report: &'a SyncReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Failure<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry: Option<&'a porte_voix_core::caldav::state::Retry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_sync: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar: Option<&'a str>,
}

fn failure(error: &CaldavError) -> Failure<'_> {
    Failure { error, retryable: error.retryable(), en: error.message(Lang::En), fr: error.message(Lang::Fr) }
}

/// The stored items (an object of storage key → value) as a JSON object.
fn items_in(items: &JsValue, what: &str) -> Result<Map<String, Value>, JsError> {
    if items.is_undefined() || items.is_null() {
        return Ok(Map::new());
    }
    from_js(items, what)
}

/// One sync run of the stored plan with a CalDAV calendar.
#[wasm_bindgen]
pub struct CaldavSync {
    run: Option<SyncRun<'static>>,
    /// The plan once the run finished (what `storageChanges` saves then).
    finished: Option<Plan>,
    /// An error that stopped the run before its first request (a bad address).
    early: Option<CaldavError>,
}

#[wasm_bindgen]
impl CaldavSync {
    /// Starts a run on the plan `items` hold (every `plan.*` storage item and `caldav.state`).
    /// Throws when the options or the items do not read; a server address that is not usable
    /// is not thrown but given by `finish()` (`bad-url`), like any other failure.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] items: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CaldavOptions")] options: JsValue,
    ) -> Result<CaldavSync, JsError> {
        let options: Options = from_js(&options, "sync options ({ server, device, zone, now })")?;
        if options.device.trim().is_empty() {
            return Err(JsError::new("a sync run needs this device's id"));
        }
        let now = rfc3339(&options.now)?;
        let plan = stored_plan(&items_in(&items, "stored items")?)
            .map_err(|e| JsError::new(&e.message(Lang::En)))?;
        let opts = SyncOptions {
            server: options.server.trim().to_string(),
            device: options.device,
            zone: options.zone,
            now,
        };
        let zones: &'static IntlZones = ZONES.with(|z| *z);
        Ok(match SyncRun::new(plan, zones, opts) {
            Ok(run) => CaldavSync { run: Some(run), finished: None, early: None },
            Err(error) => CaldavSync { run: None, finished: None, early: Some(error) },
        })
    }

    /// The request to send now, or `undefined` when the run is over (then call `finish`).
    #[wasm_bindgen(js_name = nextRequest, unchecked_return_type = "CaldavRequest | undefined")]
    pub fn next_request(&self) -> Result<JsValue, JsError> {
        match self.run.as_ref().and_then(SyncRun::next_request) {
            Some(request) => to_js(request),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The answer to the current request: `{ status, headers, body }`, or `{ error }` when the
    /// request could not be sent (the server could not be reached).
    pub fn receive(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CaldavAnswer")] answer: JsValue,
    ) -> Result<(), JsError> {
        let Some(run) = self.run.as_mut() else { return Ok(()) };
        let json: Value = from_js(&answer, "answer ({ status, headers, body } or { error })")?;
        let answer = match json.get("error") {
            Some(detail) => Err(detail.as_str().map_or_else(|| detail.to_string(), str::to_string)),
            None => Ok(serde_json::from_value::<Response>(json)
                .map_err(|e| JsError::new(&format!("bad answer: {e}")))?),
        };
        run.receive(answer);
        Ok(())
    }

    /// The storage changes that save the run's plan and state as they stand (a checkpoint while
    /// it runs, the result once finished), merged with `current`: what storage holds now (every
    /// `plan.*` item and `caldav.state`). Nothing to write before the first request or after an
    /// early failure.
    #[wasm_bindgen(js_name = storageChanges, unchecked_return_type = "CaldavStorageChanges")]
    pub fn storage_changes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] current: JsValue,
    ) -> Result<JsValue, JsError> {
        let plan = match (&self.finished, &self.run) {
            (Some(plan), _) => plan.clone(),
            (None, Some(run)) => run.plan(),
            (None, None) => return to_js(&StorageChanges::default()),
        };
        let current = items_in(&current, "current items")?;
        let changes = storage_changes(&current, &plan).map_err(|e| JsError::new(&e.message(Lang::En)))?;
        to_js(&changes)
    }

    /// Ends the run: the report, the error that stopped it (if any), the retry schedule after a
    /// failure that may pass, and when the last complete sync ended. Then save with `storageChanges`.
    #[wasm_bindgen(unchecked_return_type = "CaldavOutcome")]
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let Some(run) = self.run.take() else {
            let report = SyncReport::default();
            return to_js(&Outcome {
                report: &report,
                error: self.early.as_ref().map(failure),
                retry: None,
                last_sync: None,
                calendar: None,
            });
        };
        let outcome = run.finish();
        let state = outcome.plan.caldav.as_ref();
        let js = to_js(&Outcome {
            report: &outcome.report,
            error: outcome.error.as_ref().map(failure),
            retry: state.and_then(|s| s.retry.as_ref()),
            last_sync: state.and_then(|s| s.last_sync),
            calendar: state.and_then(|s| s.calendar.as_deref()),
        });
        self.finished = Some(outcome.plan);
        js
    }
}
