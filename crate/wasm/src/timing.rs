//! Best times to post, in the planner module: asked when a compose box opens or the studio's network
//! or zone changes, never on a keystroke, so the timing model and the history it reads stay out of
//! the keystroke engine's size budget. The engine hands over what it knows: the history records
//! (given once to a `BestTimes`) and the active guide's posting rules (`Engine.postingRules()`).

use crate::{json, platform};
use porte_voix_core::guide::PostingRules;
use porte_voix_core::plan::analysis::AllowedHours;
use porte_voix_core::suggest::history::HistoryRecord;
use porte_voix_core::suggest::timing::{self, TimingOptions};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TIMING_TS: &'static str = r#"
/** Only network, tz (IANA) and now (RFC 3339) are required. What is not given follows the posting rules passed, else the network's defaults. */
export interface TimingOptions { network: string; tz: string; now: string; days?: number; top?: number; min_gap_minutes?: number; max_per_day?: number; planned?: string[]; }
export interface TimingSlot { start: string; local: string; weekday: string; score: number; reasons: string[]; [more: string]: unknown; }
export interface TimingReport { network: string; tz: string; slots: TimingSlot[]; history_used: number; notes: string[]; [more: string]: unknown; }
"#;

/// The posting rules as `Engine.postingRules()` gives them.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RulesInput {
    min_gap_minutes: BTreeMap<String, u32>,
    max_per_day: BTreeMap<String, u32>,
    allowed_hours: Option<AllowedHours>,
}

impl From<RulesInput> for PostingRules {
    fn from(input: RulesInput) -> PostingRules {
        PostingRules {
            min_gap_minutes: input.min_gap_minutes.into_iter().collect(),
            max_per_day: input.max_per_day.into_iter().collect(),
            allowed_hours: input.allowed_hours,
        }
    }
}

/// A posting history, ready to answer best-time requests (build one per history, not per request).
#[wasm_bindgen]
pub struct BestTimes {
    history: Vec<HistoryRecord>,
}

#[wasm_bindgen]
impl BestTimes {
    /// Takes the history records (as `importHistory` returned them; none: the networks' general patterns).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "HistoryRecord[] | undefined")] records: JsValue,
    ) -> Result<BestTimes, JsError> {
        Ok(BestTimes { history: json::from_js_or_default(&records, "history records")? })
    }

    /// How many records the history holds.
    #[wasm_bindgen(getter)]
    pub fn records(&self) -> usize {
        self.history.len()
    }

    /// The best slots to post in the next days, from the network's prior and the history, with
    /// reasons; `rules` (the active guide's, `Engine.postingRules()`) fill what `options` leaves out.
    #[wasm_bindgen(js_name = bestTimes, unchecked_return_type = "TimingReport")]
    pub fn best_times(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TimingOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PostingRules | undefined")] rules: JsValue,
    ) -> Result<JsValue, JsError> {
        let mut options: TimingOptions = json::from_js(&options, "timing options")?;
        let rules: RulesInput = json::from_js_or_default(&rules, "posting rules")?;
        PostingRules::from(rules).fill_timing(&mut options, false);
        let report = timing::best_times_with(&options, &self.history, &platform::zones())
            .map_err(|e| JsError::new(&e))?;
        json::to_js(&report)
    }
}
