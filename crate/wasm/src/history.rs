//! The analytics CSV import, in the planner module: reading an export (csv, date parsing, zones) is
//! done once per import, far from the keystroke path, so it stays out of the engine. The engine takes
//! the records read (`Engine.setHistory`, for its hashtag suggestions); best times are this module's
//! (`BestTimes`, timing.rs).

use crate::platform;
use porte_voix_core::suggest::history::{self, ImportOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const IMPORT_TS: &'static str = r#"
export interface ImportOptions { preset?: "x" | "linkedin" | "meta" | "generic"; columns?: Record<string, string[]>; tz?: string; date_format?: "auto" | "month_first" | "day_first"; network?: string; }
export interface ImportError { line: number; column?: string; value?: string; message: string; }
export interface ImportReport { records: HistoryRecord[]; errors: ImportError[]; warnings: string[]; rows: number; columns_used: [string, string][]; }
"#;

/// Reads an analytics CSV export (`options`: preset, columns, tz...): the records and every bad line,
/// which was skipped, with its line and what was wrong.
#[wasm_bindgen(js_name = importHistory, unchecked_return_type = "ImportReport")]
pub fn import_history(
    csv: &str,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options: ImportOptions = crate::json::from_js(&options, "import options")?;
    let report =
        history::import_csv_with(csv, &options, &platform::zones()).map_err(|e| JsError::new(&e.0))?;
    crate::json::to_js(&report)
}
