//! The WebAssembly face of porte-voix-core. Thin on purpose: argument conversion and error mapping
//! only; every rule lives in the core.
//!
//! JavaScript sees one class, [`Engine`], whose methods return plain objects typed by the
//! TypeScript declarations below (serialized with serde-wasm-bindgen).

use porte_voix_core::networks::{self, NetworkProfile};
use porte_voix_core::text;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Offsets in UTF-16 code units (JavaScript string indices) and in UTF-8 bytes. */
export interface Span { start: number; end: number; byte_start: number; byte_end: number; }
/** The length of a draft as one network counts it. */
export interface Count { network: string; length: number; limit: number; remaining: number; valid: boolean; byte_length: number; permillage: number; [more: string]: unknown; }
/** A hashtag, mention, URL or cashtag: `text` without its sigil, the span with it. */
export interface Entity extends Span { text: string; }
export interface Entities { hashtags: Entity[]; mentions: Entity[]; urls: Entity[]; cashtags: Entity[]; }
/** One post of a thread. */
export interface Part { text: string; count: Count; [more: string]: unknown; }
export interface NetworkProfile { id: string; name: string; limit: number; counting: string; byte_limit?: number; url_length?: number; hashtag_limit?: number; supports_threads: boolean; source: string; }
"#;

#[wasm_bindgen]
extern "C" {
    /// Set by the JavaScript engine wrapper: receives the message of a Rust panic before the
    /// instance traps, so that the background can log it and start a fresh instance.
    #[wasm_bindgen(js_namespace = globalThis, js_name = __porteVoixPanic)]
    fn report_panic(message: &str);
}

/// Installs the panic hook once, when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| report_panic(&info.to_string())));
}

/// The engine version, to check that the extension loaded the build it expects.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose. Only the engine's recovery tests call it: they prove that a panic in the core
/// does not leave the extension without its engine.
#[wasm_bindgen(js_name = crashForTest)]
pub fn crash_for_test() {
    panic!("deliberate panic requested by a recovery test");
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// The engine: network profiles (with any style-guide overrides) and the operations on drafts.
#[wasm_bindgen]
pub struct Engine {
    networks: Vec<NetworkProfile>,
}

impl Engine {
    fn profile(&self, id: &str) -> Result<&NetworkProfile, JsError> {
        self.networks
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| JsError::new(&networks::unknown_network_message(id)))
    }
}

impl Default for Engine {
    fn default() -> Self {
        Engine { networks: networks::all() }
    }
}

#[wasm_bindgen]
impl Engine {
    /// An engine with the built-in network table.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Every network profile, in table order.
    #[wasm_bindgen(unchecked_return_type = "NetworkProfile[]")]
    pub fn networks(&self) -> Result<JsValue, JsError> {
        to_js(&self.networks)
    }

    /// Overrides one network's limit (a style guide's setting, e.g. a Mastodon instance at 1,000).
    #[wasm_bindgen(js_name = setLimit)]
    pub fn set_limit(&mut self, network: &str, limit: usize) -> Result<(), JsError> {
        let index = self.networks.iter().position(|p| p.id == network);
        let index = index.ok_or_else(|| JsError::new(&networks::unknown_network_message(network)))?;
        self.networks[index].limit = limit;
        Ok(())
    }

    /// The length of `text` as `network` counts it.
    #[wasm_bindgen(unchecked_return_type = "Count")]
    pub fn count(&self, text: &str, network: &str) -> Result<JsValue, JsError> {
        to_js(&text::count(text, self.profile(network)?))
    }

    /// Hashtags, mentions, URLs and cashtags of `text`, with UTF-16 offsets.
    #[wasm_bindgen(unchecked_return_type = "Entities")]
    pub fn entities(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&text::entities(text))
    }

    /// `text` split into a numbered thread whose every part is valid for `network`.
    #[wasm_bindgen(unchecked_return_type = "Part[]")]
    pub fn split(&self, text: &str, network: &str) -> Result<JsValue, JsError> {
        let options = text::SplitOptions::default();
        let parts = text::split(text, self.profile(network)?, &options).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&parts)
    }
}
