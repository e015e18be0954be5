//! The brand style guide: its format (TOML or JSON), validation with every error located,
//! the compiled form used by the checks, and the built-in sample guide.

pub mod compile;
pub mod model;
pub mod tree;
mod validate;

pub use compile::{CompiledGuide, HashtagCap, ResolvedNetwork};
pub use model::*;

use serde::Serialize;
use std::fmt;

/// The built-in sample guide (a fictional cycling brand, "Roue Libre"), fully commented: it is
/// also what `porte-voix guide init` writes.
pub const SAMPLE_TOML: &str = include_str!("sample.toml");

/// One problem in a guide file: where it is and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Dotted path of the offending key (`brand.voice.fr`, `rules[2].level`); empty for syntax errors.
    pub path: String,
    /// What is wrong and what to write instead.
    pub message: String,
    /// Byte offset where the problem starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
}

impl fmt::Display for GuideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The two spellings of a guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML (comments allowed): the format people edit.
    Toml,
    /// JSON: the same structure, for tools.
    Json,
}

impl Format {
    /// `Json` for a `.json` path, `Toml` otherwise.
    pub fn from_path(path: &str) -> Format {
        if path.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Reads and validates a guide, returning every problem found.
pub fn parse(src: &str, format: Format) -> Result<Guide, Vec<GuideError>> {
    let tree = match format {
        Format::Toml => tree::parse_toml(src),
        Format::Json => tree::parse_json(src),
    };
    let root = tree.map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let (line, column) = tree::line_col(src, e.span.0);
                GuideError { line, column, path: String::new(), message: e.message, start: e.span.0, end: e.span.1 }
            })
            .collect::<Vec<_>>()
    })?;
    validate::validate(src, &root)
}

/// Reads, validates and compiles a guide.
pub fn compile(src: &str, format: Format) -> Result<CompiledGuide, Vec<GuideError>> {
    parse(src, format).map(CompiledGuide::new)
}

/// The built-in sample guide, compiled.
pub fn sample() -> CompiledGuide {
    match compile(SAMPLE_TOML, Format::Toml) {
        Ok(g) => g,
        // The sample is tested; this branch only exists so that nothing here can panic.
        Err(_) => CompiledGuide::new(minimal()),
    }
}

/// The smallest valid guide: every check on with default settings.
pub fn minimal() -> Guide {
    match parse("version = 1\n[brand]\nname = \"Brand\"\n", Format::Toml) {
        Ok(g) => g,
        Err(_) => fallback(),
    }
}

/// Built by hand so that [`minimal`] and [`sample`] never panic.
fn fallback() -> Guide {
    Guide {
        version: 1,
        brand: Brand { name: "Brand".into(), languages: vec![Lang::Fr, Lang::En], voice_fr: None, voice_en: None, emoji: EmojiPolicy { policy: EmojiMode::Any, allowed: vec![], max_per_post: None } },
        networks: Networks { used: vec![], defaults: NetworkSettings::default(), overrides: vec![], listed_mentions: vec![] },
        terms: Terms::default(),
        hashtags: Hashtags { library: vec![], banned: vec![], campaigns: vec![], max_per_post: None, case: HashtagCase::Any, wall_min: 4 },
        links: Links { domains: vec![], utm_required: vec![], utm_defaults: vec![], shorteners: ShortenerPolicy::Allowed, shortener_hosts: vec![], disclosure_markers: vec!["#ad".into()] },
        pillars: vec![],
        rules: vec![],
        checks: vec![],
    }
}
