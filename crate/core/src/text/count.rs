//! `count`: a draft's length as a given network measures it, and whether it fits.

use super::twitter::{weighted, Params};
use super::urls::find_urls;
use crate::networks::{CountingRule, NetworkProfile};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// A draft measured for one network.
///
/// Ranges are UTF-16 code units (JavaScript string indices). `valid_range_end` and
/// `display_range_end` are inclusive indices of a last code unit, following twitter-text;
/// `overflow_start` is the exclusive end of what fits, when something does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Network id (`x`, `bluesky`, ...).
    pub network: String,
    /// Length in the network's units (weighted characters, graphemes, code points).
    pub length: usize,
    /// The network's limit in the same units.
    pub limit: usize,
    /// `limit - length`; negative when over.
    pub remaining: i64,
    /// Publishable as is: not blank (X: not empty, no invalid character), within the limit and the byte cap.
    pub valid: bool,
    /// Length in UTF-8 bytes.
    pub byte_length: usize,
    /// The network's byte cap, if any (Bluesky: 3,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_limit: Option<usize>,
    /// length / limit × 1000, rounded down.
    pub permillage: usize,
    /// Always 0.
    pub valid_range_start: usize,
    /// UTF-16 index of the last code unit within the limits (inclusive; 0 if nothing fits).
    pub valid_range_end: usize,
    /// Always 0.
    pub display_range_start: usize,
    /// UTF-16 index of the last code unit of the draft (0 when empty).
    pub display_range_end: usize,
    /// UTF-16 offset where the part over the limit starts, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overflow_start: Option<usize>,
}

/// Measures `text` for `profile`: see [`CountingRule`] for what each network counts.
pub fn count(text: &str, profile: &NetworkProfile) -> Count {
    let byte_length = text.len();
    let limit = profile.limit;
    let (length, mut valid, mut valid_end, mut overflow) = match profile.counting {
        CountingRule::TwitterWeighted => {
            let c = weighted(text, Params::v3(limit, profile.url_length.unwrap_or(23)));
            (c.weighted_length, c.valid, c.valid_range_end, c.overflow_start)
        }
        CountingRule::Graphemes => {
            let (len, end, over) = graphemes(text, limit);
            (len, true, end, over)
        }
        CountingRule::MastodonChars => {
            let (len, end, over) = mastodon(text, limit, profile.url_length.unwrap_or(23));
            (len, true, end, over)
        }
        CountingRule::CodePoints => {
            let (len, end, over) = code_points(text, limit);
            (len, true, end, over)
        }
    };
    if profile.counting != CountingRule::TwitterWeighted {
        valid = !text.trim().is_empty() && length <= limit;
    }
    if let Some(cap) = profile.byte_limit {
        if byte_length > cap {
            valid = false;
            // The byte cap may cut earlier than the length limit.
            let cut = floor_char_boundary(text, cap);
            let cut16 = crate::span::utf16_len(&text[..cut]);
            if overflow.is_none_or(|o| cut16 < o) {
                overflow = Some(cut16);
                valid_end = cut16.saturating_sub(1).min(valid_end);
            }
        }
    }
    let text16 = crate::span::utf16_len(text);
    Count {
        network: profile.id.clone(),
        length,
        limit,
        remaining: limit as i64 - length as i64,
        valid,
        byte_length,
        byte_limit: profile.byte_limit,
        permillage: length.saturating_mul(1000).checked_div(limit).unwrap_or(0),
        valid_range_start: 0,
        valid_range_end: valid_end,
        display_range_start: 0,
        display_range_end: text16.saturating_sub(1),
        overflow_start: overflow,
    }
}

/// Just the length, for callers that need nothing else (the splitter's inner loop).
pub fn length(text: &str, profile: &NetworkProfile) -> usize {
    match profile.counting {
        CountingRule::TwitterWeighted => {
            weighted(text, Params::v3(profile.limit, profile.url_length.unwrap_or(23))).weighted_length
        }
        CountingRule::Graphemes => grapheme_len(text),
        CountingRule::MastodonChars => mastodon(text, usize::MAX, profile.url_length.unwrap_or(23)).0,
        CountingRule::CodePoints => text.chars().count(),
    }
}

/// The largest char boundary `<= i`.
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Extended grapheme clusters (Bluesky's `graphemeLength`).
pub(crate) fn grapheme_len(text: &str) -> usize {
    if text.is_ascii() {
        // In ASCII only CR LF joins two characters into one grapheme.
        return text.len() - text.as_bytes().windows(2).filter(|w| w == b"\r\n").count();
    }
    text.graphemes(true).count()
}

/// Tracks a running count and where it first exceeds the limit.
struct Tracker {
    limit: usize,
    n: usize,
    u16: usize,
    valid_end: usize,
    overflow: Option<usize>,
}

impl Tracker {
    fn new(limit: usize) -> Self {
        Tracker { limit, n: 0, u16: 0, valid_end: 0, overflow: None }
    }
    #[inline]
    fn step(&mut self, weight: usize, units16: usize) {
        let start = self.u16;
        self.n += weight;
        self.u16 += units16;
        if self.n <= self.limit {
            self.valid_end = self.u16.saturating_sub(1);
        } else if self.overflow.is_none() {
            self.overflow = Some(start);
        }
    }
    fn finish(self) -> (usize, usize, Option<usize>) {
        (self.n, self.valid_end, self.overflow)
    }
}

fn graphemes(text: &str, limit: usize) -> (usize, usize, Option<usize>) {
    if text.is_ascii() {
        let n = grapheme_len(text);
        if n <= limit {
            return (n, text.len().saturating_sub(1), None);
        }
    }
    let mut t = Tracker::new(limit);
    for g in text.graphemes(true) {
        t.step(1, crate::span::utf16_len(g));
    }
    t.finish()
}

fn code_points(text: &str, limit: usize) -> (usize, usize, Option<usize>) {
    if text.is_ascii() && text.len() <= limit {
        return (text.len(), text.len().saturating_sub(1), None);
    }
    let mut t = Tracker::new(limit);
    for c in text.chars() {
        t.step(1, c.len_utf16());
    }
    t.finish()
}

/// Mastodon: code points, every `http(s)://` URL counts `url_length`, `@user@domain` counts as `@user`.
fn mastodon(text: &str, limit: usize, url_length: usize) -> (usize, usize, Option<usize>) {
    let mut urls = Vec::new();
    find_urls(text, false, &mut urls);
    let remote = remote_mention_domains(text);
    let mut t = Tracker::new(limit);
    let mut ui = 0;
    let mut ri = 0;
    let mut i = 0;
    while i < text.len() {
        if ui < urls.len() && urls[ui].0 == i {
            let end = urls[ui].1;
            t.step(url_length, crate::span::utf16_len(&text[i..end]));
            i = end;
            ui += 1;
            continue;
        }
        if ri < remote.len() && remote[ri].0 == i {
            let end = remote[ri].1;
            t.step(0, end - i); // the domain part is ASCII
            i = end;
            ri += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        t.step(1, c.len_utf16());
        i += c.len_utf8();
    }
    t.finish()
}

/// Byte ranges of the `@domain` parts of remote mentions `@user@domain` (Mastodon's counter rule).
fn remote_mention_domains(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'@') {
        let at = i + off;
        i = at + 1;
        let prev_ok = match super::chars::char_before(text, at) {
            None => true,
            Some(p) => !(p == '/' || p.is_alphanumeric() || p == '_'),
        };
        if !prev_ok {
            continue;
        }
        let user = b[at + 1..].iter().take_while(|&&c| is_word(c)).count();
        let second = at + 1 + user;
        if user == 0 || b.get(second) != Some(&b'@') {
            continue;
        }
        let dom = b[second + 1..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
            .count();
        // The domain must end with a letter or digit: give back trailing dots and hyphens.
        let mut end = second + 1 + dom;
        while end > second + 1 && !b[end - 1].is_ascii_alphanumeric() {
            end -= 1;
        }
        if end >= second + 3 {
            out.push((second, end));
            i = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::networks::builtin;

    #[test]
    fn per_network_lengths() {
        let x = builtin("x").unwrap();
        let bsky = builtin("bluesky").unwrap();
        let masto = builtin("mastodon").unwrap();
        let threads = builtin("threads").unwrap();
        let t = "Salut @alice@mastodon.social 👩‍👩‍👧 https://example.com/une/longue/adresse/de/page";
        assert_eq!(count(t, &masto).length, "Salut @alice 👩‍👩‍👧 ".chars().count() + 23);
        assert_eq!(count("👩‍👩‍👧é", &bsky).length, 2);
        assert_eq!(count("👩‍👩‍👧é", &threads).length, 6);
        let c = count("Bonjour à tous", &x);
        assert_eq!((c.length, c.remaining, c.valid), (14, 266, true));
        assert!(!count("   ", &bsky).valid);
        let json = serde_json::to_value(count("hello", &x)).unwrap();
        for k in ["network", "length", "limit", "remaining", "valid"] {
            assert!(json.get(k).is_some(), "{k}");
        }
    }

    #[test]
    fn bluesky_byte_cap() {
        let bsky = builtin("bluesky").unwrap();
        // 300 graphemes of 4 family members each: within 300 graphemes, far over 3,000 bytes.
        let t = "👨‍👩‍👧‍👦".repeat(300);
        let c = count(&t, &bsky);
        assert_eq!(c.length, 300);
        assert!(!c.valid);
        assert!(c.overflow_start.is_some());
    }
}
