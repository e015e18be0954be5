//! What the core takes from the browser instead of shipping it in the wasm: Unicode normalization
//! (`String.prototype.normalize`) and the IANA time-zone database (`Intl.DateTimeFormat`).
//!
//! - [`install`] (called once from `start()` in lib.rs) installs the NFC and NFD providers of
//!   `porte_voix_core::text`, which X's weighted counting and the suggestion engines' accent
//!   folding use when the text is not trivially normalized.
//! - [`zones`] builds the `ZoneResolver` to pass to `best_times_with` / `import_csv_with`.
//! - `platformZoneOffset(zone, epochMs)` (exported) shows what that resolver answers.

use chrono::{DateTime, FixedOffset, Utc};
use js_sys::Intl::{DateTimeFormatOptions, TimeZoneNameFormat};
use js_sys::JsString;
use porte_voix_core::suggest::zone::ZoneResolver;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Installs the browser-backed normalization providers. Idempotent: later calls change nothing.
pub(crate) fn install() {
    porte_voix_core::text::set_nfc_provider(|s| JsString::from(s).normalize("NFC").into());
    porte_voix_core::text::set_nfd_provider(|s| JsString::from(s).normalize("NFD").into());
}

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat`, bound here rather than through js-sys so that the constructor can
    /// `catch`: it throws a RangeError for an unknown time zone.
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type ZoneFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat", catch)]
    fn new(locale: &str, options: &DateTimeFormatOptions) -> Result<ZoneFormat, JsValue>;

    /// `format(epochMilliseconds)`: with the options below, "10/25/2026, GMT+02:00".
    #[wasm_bindgen(method)]
    fn format(this: &ZoneFormat, epoch_ms: f64) -> String;
}

/// A `ZoneResolver` backed by the browser's `Intl.DateTimeFormat` with `timeZoneName:
/// "longOffset"`. It keeps the formatter of the last zone asked (building one is the costly part).
pub(crate) struct IntlZones {
    last: RefCell<Option<(String, ZoneFormat)>>,
}

/// The browser's time zones, for `best_times_with` and `import_csv_with`.
pub(crate) fn zones() -> IntlZones {
    IntlZones { last: RefCell::new(None) }
}

impl ZoneResolver for IntlZones {
    fn offset_at(&self, zone: &str, utc: DateTime<Utc>) -> Result<FixedOffset, String> {
        let mut last = self.last.borrow_mut();
        if last.as_ref().is_none_or(|(name, _)| name != zone) {
            let options = DateTimeFormatOptions::new();
            options.set_time_zone(zone);
            options.set_time_zone_name(TimeZoneNameFormat::LongOffset);
            let format = ZoneFormat::new("en-US", &options).map_err(|e| {
                let why = e
                    .as_string()
                    .or_else(|| js_sys::Error::from(e).message().as_string())
                    .unwrap_or_default();
                format!("the browser does not know the time zone \"{zone}\" ({why})")
            })?;
            *last = Some((zone.to_string(), format));
        }
        let (_, format) = last.as_ref().expect("set above");
        let text = format.format(utc.timestamp_millis() as f64);
        parse_gmt_offset(&text).ok_or_else(|| format!("cannot read the UTC offset of {zone} in \"{text}\""))
    }
}

/// The UTC offset, in seconds, of `zone` at `epochMs` as the browser's time zones give it
/// (what the engine's best-time slots are computed with). For checks and diagnostics:
/// `crate/wasm/tests/platform_check.mjs` prints it on both sides of a clock change.
#[wasm_bindgen(js_name = platformZoneOffset)]
pub fn platform_zone_offset(zone: &str, epoch_ms: f64) -> Result<i32, JsError> {
    let utc = DateTime::from_timestamp_millis(epoch_ms as i64)
        .ok_or_else(|| JsError::new("epochMs out of range"))?;
    zones().offset_at(zone, utc).map(|o| o.local_minus_utc()).map_err(|e| JsError::new(&e))
}

/// The offset at the end of an en-US `longOffset` date: "…, GMT" (UTC itself), "…, GMT+02:00",
/// "…, GMT-03:30", and for some historical offsets "…, GMT+00:09:21".
fn parse_gmt_offset(text: &str) -> Option<FixedOffset> {
    let rest = &text[text.rfind("GMT")? + 3..];
    if rest.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let sign = match rest.as_bytes()[0] {
        b'+' => 1,
        b'-' | 0xE2 => -1, // ASCII hyphen-minus, or U+2212 MINUS SIGN (E2 88 92)
        _ => return None,
    };
    let digits = rest.trim_start_matches(['+', '-', '\u{2212}']);
    let mut seconds = 0i32;
    let mut unit = 3600;
    for field in digits.split(':') {
        if unit == 0 || field.is_empty() || field.len() > 2 {
            return None;
        }
        seconds += field.parse::<i32>().ok()? * unit;
        unit /= 60;
    }
    FixedOffset::east_opt(sign * seconds)
}

#[cfg(test)]
mod tests {
    use super::parse_gmt_offset;

    #[test]
    fn reads_long_offsets() {
        let secs = |s: &str| parse_gmt_offset(s).map(|o| o.local_minus_utc());
        assert_eq!(secs("10/25/2026, GMT"), Some(0));
        assert_eq!(secs("10/25/2026, GMT+02:00"), Some(7200));
        assert_eq!(secs("1/1/2026, GMT-03:30"), Some(-12600));
        assert_eq!(secs("1/1/2026, GMT\u{2212}05:00"), Some(-18000));
        assert_eq!(secs("1/1/1900, GMT+00:09:21"), Some(561));
        assert_eq!(secs("1/1/2026, UTC"), None);
        assert_eq!(secs("GMT+2:00:00:00"), None);
    }
}
