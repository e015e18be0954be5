//! The brand style guide: its format (TOML or JSON), validation with every error located,
//! the compiled form used by the checks, and the built-in sample guide.

pub mod compile;
pub mod model;
pub mod posting;
pub mod tree;
mod validate;

pub use compile::{CompiledGuide, HashtagCap, ResolvedNetwork};
pub use model::*;
pub use posting::PostingRules;

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

/// Largest guide accepted, in bytes. A real guide is a few kilobytes (the sample is 11 KB); the cap
/// turns a wrong file (a data export, a log) into a clear error instead of a long parse.
pub const MAX_GUIDE_BYTES: usize = 1024 * 1024;

/// Most errors reported for one guide; past that, the list ends with one note saying how many more.
pub const MAX_ERRORS: usize = 100;

/// Reads and validates a guide, returning every problem found (at most [`MAX_ERRORS`], then a note).
/// A source over [`MAX_GUIDE_BYTES`] is refused without being read.
pub fn parse(src: &str, format: Format) -> Result<Guide, Vec<GuideError>> {
    if src.len() > MAX_GUIDE_BYTES {
        let message = format!(
            "this file is {} KB; a guide may be at most {} KB (a real one is a few KB): is it the right file?",
            src.len().div_ceil(1024),
            MAX_GUIDE_BYTES / 1024
        );
        return Err(vec![GuideError { line: 1, column: 1, path: String::new(), message, start: 0, end: 0 }]);
    }
    let tree = match format {
        Format::Toml => tree::parse_toml(src),
        Format::Json => tree::parse_json(src),
    };
    let result = match tree {
        Ok(root) => validate::validate(&root),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| GuideError {
                line: 0,
                column: 0,
                path: String::new(),
                message: e.message,
                start: e.span.0,
                end: e.span.1,
            })
            .collect()),
    };
    result.map_err(|errors| locate(src, cap_errors(errors)))
}

/// Fills in the line and column of each error. Done once for the errors reported, since finding a
/// column costs a scan of its line (a hostile guide can be one long line with thousands of errors).
fn locate(src: &str, mut errors: Vec<GuideError>) -> Vec<GuideError> {
    let lines = tree::LineIndex::new(src);
    for e in &mut errors {
        (e.line, e.column) = lines.line_col(e.start);
    }
    errors
}

/// Keeps the first [`MAX_ERRORS`] errors and replaces the rest with one note where they start.
fn cap_errors(mut errors: Vec<GuideError>) -> Vec<GuideError> {
    if errors.len() <= MAX_ERRORS {
        return errors;
    }
    let more = errors.len() - MAX_ERRORS;
    let first_left_out = errors.swap_remove(MAX_ERRORS);
    errors.truncate(MAX_ERRORS);
    errors.push(GuideError {
        message: format!("{more} more errors not listed: fix the ones above, then check the guide again"),
        path: String::new(),
        end: first_left_out.start,
        ..first_left_out
    });
    errors
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
        brand: Brand {
            name: "Brand".into(),
            languages: vec![Lang::Fr, Lang::En],
            voice_fr: None,
            voice_en: None,
            emoji: EmojiPolicy { policy: EmojiMode::Any, allowed: vec![], max_per_post: None },
        },
        networks: Networks {
            used: vec![],
            defaults: NetworkSettings::default(),
            overrides: vec![],
            listed_mentions: vec![],
        },
        terms: Terms::default(),
        hashtags: Hashtags {
            library: vec![],
            banned: vec![],
            campaigns: vec![],
            max_per_post: None,
            case: HashtagCase::Any,
            wall_min: 4,
        },
        links: Links {
            domains: vec![],
            utm_required: vec![],
            utm_defaults: vec![],
            shorteners: ShortenerPolicy::Allowed,
            shortener_hosts: vec![],
            disclosure_markers: vec!["#ad".into()],
        },
        schedule: None,
        pillars: vec![],
        rules: vec![],
        checks: vec![],
    }
}
