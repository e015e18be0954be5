//! How values cross the planner's boundary: as JSON text. Rust writes it with serde_json and the
//! browser reads it with `JSON.parse`; the browser writes arguments with `JSON.stringify` and
//! serde_json reads them. The planner already carries serde_json for plan files, so this needs no
//! second converter per type (serde-wasm-bindgen's), and one `JSON.parse` of a large report or
//! import beats a property-by-property walk across the boundary. (The engine keeps
//! serde-wasm-bindgen: its answers are small and, built directly, arrive sooner.)
//!
//! What JavaScript sees is what serde-wasm-bindgen's `json_compatible()` gives: plain objects (not
//! Maps), `null` for `None`, plain numbers.

use js_sys::JSON;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A Rust value as a plain JavaScript value.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    parse(&text)
}

/// A JavaScript value read as `T`; an error says "bad {what}: " and what serde found wrong.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let text = stringify(value, what)?;
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

/// A JavaScript value read as `T`, or `T::default()` when it is `undefined` or `null`.
pub(crate) fn from_js_or_default<T: DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, what)
    }
}

/// The JSON text of a JavaScript value, as `JSON.stringify` writes it.
pub(crate) fn stringify(value: &JsValue, what: &str) -> Result<String, JsError> {
    let text = JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("{what} cannot be written as JSON (a cycle or a BigInt?)")))?;
    text.as_string()
        .ok_or_else(|| JsError::new(&format!("{what} is not a JSON value (undefined or a function)")))
}

/// JSON text this crate wrote, as a JavaScript value.
pub(crate) fn parse(text: &str) -> Result<JsValue, JsError> {
    JSON::parse(text).map_err(|_| JsError::new("internal error: produced invalid JSON"))
}
