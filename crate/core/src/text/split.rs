//! `split`: an over-long draft as a numbered thread in which every part, numbering included, is valid
//! for its network.
//!
//! Where a part may end, best first: a paragraph break, a sentence end (`.`, `!`, `?`, `…` or a line
//! break), a space, a boundary between CJK characters (scripts written without spaces), and as a last
//! resort a grapheme boundary inside a long word. A part never ends inside a URL, hashtag, mention,
//! cashtag, emoji or grapheme cluster. A part prefers to end at a paragraph or sentence end when one
//! lies in the second half of what fits, otherwise at the last space.
//!
//! An entity (URL, hashtag, mention, cashtag) that alone does not fit in a part — a 400-character URL
//! on Bluesky — is an error ([`SplitError::TokenTooLong`]): cutting it would publish a broken link.

use super::count::{count, Count};
use super::entities::entity_ranges;
use crate::networks::NetworkProfile;
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_segmentation::UnicodeSegmentation;

/// How parts are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// `1/3`
    #[default]
    Fraction,
    /// `(1/3)`
    #[serde(alias = "paren")]
    Parenthesized,
    /// No numbering.
    None,
}

/// Where the numbering goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberingPosition {
    /// After the text: `Hello 1/3`.
    #[default]
    Suffix,
    /// Before the text: `1/3 Hello`.
    Prefix,
}

/// Options of [`split`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitOptions {
    /// Numbering style.
    pub numbering: Numbering,
    /// Numbering position.
    pub position: NumberingPosition,
    /// Between the text and its numbering (default: one space).
    pub separator: String,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            numbering: Numbering::Fraction,
            position: NumberingPosition::Suffix,
            separator: " ".to_string(),
        }
    }
}

/// One post of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// 1-based position in the thread.
    pub index: usize,
    /// Number of parts.
    pub total: usize,
    /// The post as it will be published, numbering included.
    pub text: String,
    /// Its count for the network (always valid).
    pub count: Count,
}

/// Why a draft could not be split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum SplitError {
    /// The network has no threads.
    NotSupported {
        /// Network id.
        network: String,
    },
    /// Nothing to split: the draft is empty or blank.
    Empty,
    /// An entity (or a single grapheme) is longer than a whole part.
    TokenTooLong {
        /// The token.
        token: String,
        /// Its UTF-16 offset in the draft.
        start: usize,
        /// The network's limit.
        limit: usize,
    },
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::NotSupported { network } => {
                write!(f, "{network} has no threads: shorten the draft instead")
            }
            SplitError::Empty => f.write_str("the draft is empty"),
            SplitError::TokenTooLong { token, start, limit } => {
                let shown: String = token.chars().take(40).collect();
                write!(f, "'{shown}…' (at offset {start}) cannot fit in one post of {limit}: it cannot be cut without breaking it; shorten it")
            }
        }
    }
}

impl std::error::Error for SplitError {}

/// Break priorities.
const END: i8 = 4;
const PARAGRAPH: i8 = 3;
const SENTENCE: i8 = 2;
const SPACE: i8 = 1;
const CJK: i8 = 0;
const GRAPHEME: i8 = -1;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}' | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}')
}

fn ends_sentence(before: &str) -> bool {
    let mut it = before
        .chars()
        .rev()
        .skip_while(|c| matches!(c, '»' | '"' | '\'' | '’' | '”' | ')' | ']' | '\u{a0}' | '\u{202f}'));
    matches!(it.next(), Some('.' | '!' | '?' | '…' | '。' | '！' | '？'))
}

/// Every place a part may end, sorted, with its priority; none inside an entity or a grapheme.
fn break_points(text: &str) -> Vec<(usize, i8)> {
    let entities = entity_ranges(text);
    // Entities come sorted and without overlaps: a binary search keeps a long paste linear-ish.
    let inside_entity = |p: usize| {
        let i = entities.partition_point(|&(_, e)| e <= p);
        entities.get(i).is_some_and(|&(s, _)| s < p)
    };
    let mut points: Vec<(usize, i8)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut in_space = false;
    for (i, g) in text.grapheme_indices(true) {
        let first = g.chars().next().unwrap_or(' ');
        let is_space = g.chars().all(char::is_whitespace);
        let prio = if is_space && !in_space {
            let run_end = text[i..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |o| i + o);
            let run = &text[i..run_end];
            if run.matches('\n').count() >= 2 {
                PARAGRAPH
            } else if run.contains('\n') || ends_sentence(&text[..i]) {
                SENTENCE
            } else {
                SPACE
            }
        } else if is_space {
            GRAPHEME
        } else if prev.is_some_and(is_cjk) || is_cjk(first) {
            CJK
        } else {
            GRAPHEME
        };
        if i > 0 && !inside_entity(i) {
            points.push((i, prio));
        }
        in_space = is_space;
        prev = g.chars().next_back();
    }
    points.push((text.len(), END));
    points
}

fn numbering(options: &SplitOptions, index: usize, total: usize) -> String {
    match options.numbering {
        Numbering::Fraction => format!("{index}/{total}"),
        Numbering::Parenthesized => format!("({index}/{total})"),
        Numbering::None => String::new(),
    }
}

fn compose(body: &str, options: &SplitOptions, index: usize, total: usize) -> String {
    let n = numbering(options, index, total);
    if n.is_empty() {
        return body.to_string();
    }
    match options.position {
        NumberingPosition::Suffix => format!("{body}{}{n}", options.separator),
        NumberingPosition::Prefix => format!("{n}{}{body}", options.separator),
    }
}

/// Splits `text` into a thread for `profile`. A draft that already fits is returned as one part
/// without numbering. See the module documentation for where parts end.
pub fn split(text: &str, profile: &NetworkProfile, options: &SplitOptions) -> Result<Vec<Part>, SplitError> {
    if !profile.supports_threads {
        return Err(SplitError::NotSupported { network: profile.id.clone() });
    }
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let whole = count(text, profile);
    if whole.valid {
        return Ok(vec![Part { index: 1, total: 1, text: text.to_string(), count: whole }]);
    }
    let points = break_points(text);
    // Budget the numbering for the widest total with `digits` digits; widen if the thread is longer.
    let mut digits = 1;
    loop {
        let width_total = 10usize.pow(digits).saturating_sub(1);
        let bodies = greedy(text, profile, options, &points, width_total)?;
        if let [body] = bodies.as_slice() {
            // Only the surrounding whitespace was over: one post, trimmed, never numbered "1/1".
            return Ok(vec![Part { index: 1, total: 1, text: body.clone(), count: count(body, profile) }]);
        }
        if bodies.len() <= width_total || digits >= 6 {
            let total = bodies.len();
            let parts = bodies
                .iter()
                .enumerate()
                .map(|(k, body)| {
                    let t = compose(body, options, k + 1, total);
                    let c = count(&t, profile);
                    Part { index: k + 1, total, text: t, count: c }
                })
                .collect();
            return Ok(parts);
        }
        digits += 1;
    }
}

fn skip_space(text: &str, mut s: usize) -> usize {
    while let Some(c) = text[s..].chars().next() {
        if !c.is_whitespace() {
            break;
        }
        s += c.len_utf8();
    }
    s
}

/// The part bodies, each checked valid with the widest numbering for `width_total`.
fn greedy(
    text: &str,
    profile: &NetworkProfile,
    options: &SplitOptions,
    points: &[(usize, i8)],
    width_total: usize,
) -> Result<Vec<String>, SplitError> {
    let mut bodies = Vec::new();
    let mut s = skip_space(text, 0);
    while s < text.len() {
        let index = (bodies.len() + 1).min(width_total);
        let fits = |e: usize| {
            let body = text[s..e].trim();
            !body.is_empty()
                && count(&compose(body, options, index.max(width_total), width_total), profile).valid
        };
        // Candidates after s.
        let first = points.partition_point(|&(p, _)| p <= s);
        let cands = &points[first..];
        // Largest fitting candidate (length grows with the end): gallop from `s` to bracket it, so
        // that no probe counts much more than one part's worth of text, then binary search.
        let (mut lo, mut hi) = (0usize, cands.len());
        let mut probe = 1usize;
        while probe <= cands.len() {
            if fits(cands[probe - 1].0) {
                lo = probe;
                probe *= 2;
            } else {
                hi = probe - 1;
                break;
            }
        }
        while lo < hi {
            let mid = (lo + hi) / 2;
            if fits(cands[mid].0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut best = None;
        let mut j = lo;
        while j > 0 {
            j -= 1;
            if fits(cands[j].0) {
                best = Some(j);
                break;
            }
        }
        let max_j = match best {
            Some(j) => j,
            None => {
                let start = crate::span::utf16_len(&text[..s]);
                let end = cands.first().map_or(text.len(), |c| c.0);
                return Err(SplitError::TokenTooLong {
                    token: text[s..end].trim().to_string(),
                    start,
                    limit: profile.limit,
                });
            }
        };
        let e_max = cands[max_j].0;
        let chosen = if cands[max_j].1 == END {
            max_j
        } else {
            let half = s + (e_max - s) / 2;
            let window = &cands[..=max_j];
            let pick =
                |min_prio: i8, from: usize| window.iter().rposition(|&(p, pr)| pr >= min_prio && p >= from);
            pick(SENTENCE, half).or_else(|| pick(SPACE, s)).or_else(|| pick(CJK, s)).unwrap_or(max_j)
        };
        let e = if fits(cands[chosen].0) { cands[chosen].0 } else { e_max };
        bodies.push(text[s..e].trim().to_string());
        s = skip_space(text, e);
    }
    Ok(bodies)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::networks::builtin;

    #[test]
    fn fitting_draft_is_one_part_without_numbering() {
        let x = builtin("x").unwrap();
        let parts = split("Bonjour à tous !", &x, &SplitOptions::default()).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].text, "Bonjour à tous !");
    }

    #[test]
    fn splits_at_sentences_with_numbering() {
        let x = builtin("x").unwrap();
        let sentence =
            "Notre équipe prépare une nouvelle saison de rencontres avec vous, partout en France. ";
        let text = sentence.repeat(8);
        let parts = split(&text, &x, &SplitOptions::default()).unwrap();
        assert!(parts.len() >= 3);
        for p in &parts {
            assert!(p.count.valid, "{}", p.text);
            assert!(p.text.ends_with(&format!("/{}", parts.len())));
            assert!(
                p.text.trim_end_matches(|c: char| c.is_ascii_digit() || c == '/').trim_end().ends_with('.'),
                "{}",
                p.text
            );
        }
        let paren = SplitOptions {
            numbering: Numbering::Parenthesized,
            position: NumberingPosition::Prefix,
            ..Default::default()
        };
        let parts = split(&text, &x, &paren).unwrap();
        assert!(parts[0].text.starts_with(&format!("(1/{}) ", parts.len())));
    }

    #[test]
    fn errors() {
        let li = builtin("linkedin").unwrap();
        assert!(matches!(split("a", &li, &SplitOptions::default()), Err(SplitError::NotSupported { .. })));
        let bsky = builtin("bluesky").unwrap();
        assert_eq!(split("  ", &bsky, &SplitOptions::default()), Err(SplitError::Empty));
        let url = format!("Lien : https://exemple.fr/{}", "a".repeat(400));
        assert!(matches!(split(&url, &bsky, &SplitOptions::default()), Err(SplitError::TokenTooLong { .. })));
        // On X the same URL counts 23: it splits fine.
        let x = builtin("x").unwrap();
        let long = format!("{} {url}", "mot ".repeat(80));
        assert!(split(&long, &x, &SplitOptions::default()).unwrap().iter().all(|p| p.count.valid));
    }

    #[test]
    fn a_draft_over_only_by_its_surrounding_whitespace_is_one_trimmed_part() {
        // Found by fuzzing: the part came back as "… 1/1".
        let bsky = builtin("bluesky").unwrap();
        let text = format!("{}Atelier vélo samedi à Lyon.\n\n{}", "\t".repeat(200), " ".repeat(200));
        assert!(!count(&text, &bsky).valid);
        let parts = split(&text, &bsky, &SplitOptions::default()).unwrap();
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].text, "Atelier vélo samedi à Lyon.");
        assert!(parts[0].count.valid);
    }

    #[test]
    fn long_word_is_cut_between_graphemes() {
        let bsky = builtin("bluesky").unwrap();
        let parts = split(&"é".repeat(700), &bsky, &SplitOptions::default()).unwrap();
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.count.valid));
    }
}
