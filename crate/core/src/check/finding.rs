//! Findings: what the checks report, where, and how to fix it; plus the autofix.

use crate::guide::Level;
use crate::span::Span;
use serde::Serialize;

/// One problem found in a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id of this finding in this draft (`rule:matched text:occurrence`), for ignoring it.
    pub id: String,
    /// Check id (`terms.spelling`) or `custom.<rule id>`.
    pub rule: String,
    /// Severity.
    pub level: Level,
    /// What is wrong and what to do, in the interface language.
    pub message: String,
    /// Where (bytes and UTF-16).
    pub span: Span,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters (code points).
    pub column: usize,
    /// Proposed replacements for the span, best first (may be empty).
    pub replacements: Vec<String>,
    /// Whether the first replacement can be applied without a human look.
    pub safe_fix: bool,
}

/// A finding before it is located in the whole text: byte offsets relative to its unit.
#[derive(Debug, Clone)]
pub(crate) struct Proto {
    pub rule: String,
    pub level: Level,
    pub message: String,
    pub start: usize,
    pub end: usize,
    pub replacements: Vec<String>,
    pub safe_fix: bool,
}

impl Proto {
    pub(crate) fn new(
        rule: impl Into<String>,
        level: Level,
        message: String,
        start: usize,
        end: usize,
    ) -> Proto {
        Proto { rule: rule.into(), level, message, start, end, replacements: Vec::new(), safe_fix: false }
    }

    pub(crate) fn fix(mut self, replacement: impl Into<String>, safe: bool) -> Proto {
        self.replacements.push(replacement.into());
        self.safe_fix = safe;
        self
    }

    pub(crate) fn suggest(mut self, replacements: impl IntoIterator<Item = String>) -> Proto {
        self.replacements.extend(replacements);
        self
    }

    pub(crate) fn shifted(&self, by: usize) -> Proto {
        let mut p = self.clone();
        p.start += by;
        p.end += by;
        p
    }
}

/// Applies the safe fixes of `findings` to `text`: non-overlapping (the earliest wins), back to
/// front. Findings whose offsets do not fit `text` are skipped, so stale findings cannot panic.
pub fn fix(text: &str, findings: &[Finding]) -> String {
    let mut chosen: Vec<(usize, usize, &str)> = Vec::new();
    let mut safe: Vec<&Finding> =
        findings.iter().filter(|f| f.safe_fix && !f.replacements.is_empty()).collect();
    crate::sort::sort_by_key(&mut safe, |f| (f.span.byte_start, f.span.byte_end));
    let mut last_end: Option<usize> = None;
    for f in safe {
        let (s, e) = (f.span.byte_start, f.span.byte_end);
        if e < s || text.get(s..e).is_none() {
            continue;
        }
        if let Some(le) = last_end {
            if s < le || (s == le && s == e) {
                continue;
            }
        }
        last_end = Some(e);
        chosen.push((s, e, f.replacements[0].as_str()));
    }
    let mut out = text.to_string();
    for (s, e, r) in chosen.into_iter().rev() {
        out.replace_range(s..e, r);
    }
    out
}
