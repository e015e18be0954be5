//! The guide reader and validator on arbitrary TOML: never panics, every error is located inside
//! the source, and a guide it accepts compiles and checks a draft.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::guide::Format;
use porte_voix_fuzz::*;

fuzz_target!(|data: &[u8]| {
    guide_round(&text_of(data), Format::Toml);
});
