//! The WebAssembly face of porte-voix-core. Thin on purpose: conversions only, no logic.
use wasm_bindgen::prelude::*;

/// The engine version, to check that the extension loaded the build it expects.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
