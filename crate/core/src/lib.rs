//! Porte-voix core: everything the extension and the command-line toolkit know about social-network text.
//!
//! This crate is plain Rust with no browser dependency. The wasm layer (`crate/wasm`) and the CLI
//! (`crate/cli`) are thin wrappers around it; all logic lives here and is tested natively.

pub mod caldav;
pub mod check;
pub(crate) mod csv_lines;
pub mod guide;
pub mod lang;
pub mod networks;
pub mod plan;
pub(crate) mod sort;
pub mod span;
pub mod suggest;
pub mod sync;
pub mod text;

pub use check::{fix, CheckContext, Checker, Finding};
pub use guide::{CompiledGuide, GuideError, Level};
