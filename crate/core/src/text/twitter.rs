//! twitter-text's weighted length (X): the configuration files and `parseTweet`'s single pass.
//!
//! NFC first (the built-in tables or the platform's, see [`super::normalize`]); then every URL weighs `transformedURLLength`, every emoji sequence (with emoji
//! parsing) the default weight, and every other code point the weight of the range it falls in.
//! Ranges and display/valid ranges are reported in UTF-16 code units, as twitter-text does.

use super::chars::is_invalid_char;
use super::emoji::emoji_len;
use super::normalize::nfc;
use super::urls::find_urls;
use serde::{Deserialize, Serialize};

/// A range of code points and its weight (twitter-text config `ranges`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightRange {
    /// First code point (inclusive).
    pub start: u32,
    /// Last code point (inclusive).
    pub end: u32,
    /// Weight of each code point in the range, in `scale` units.
    pub weight: usize,
}

/// A twitter-text configuration (`config-v1/v2/v3.json`), deserializable from those files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwitterConfig {
    /// Configuration version (1, 2, 3).
    pub version: u32,
    /// Largest valid weighted length.
    pub max_weighted_tweet_length: usize,
    /// Weights are expressed in 1/scale units.
    pub scale: usize,
    /// Weight of a code point outside every range (and of an emoji).
    pub default_weight: usize,
    /// Whether whole emoji sequences weigh `default_weight` once.
    #[serde(default)]
    pub emoji_parsing_enabled: bool,
    /// Length every URL counts for.
    #[serde(rename = "transformedURLLength")]
    pub transformed_url_length: usize,
    /// Weighted ranges; the first one containing a code point gives its weight.
    #[serde(default)]
    pub ranges: Vec<WeightRange>,
}

/// The ranges of configs v2 and v3: Latin, general punctuation and a few spaces weigh 1, the rest 2.
pub const V3_RANGES: [WeightRange; 4] = [
    WeightRange { start: 0, end: 4351, weight: 100 },
    WeightRange { start: 8192, end: 8205, weight: 100 },
    WeightRange { start: 8208, end: 8223, weight: 100 },
    WeightRange { start: 8242, end: 8247, weight: 100 },
];

impl TwitterConfig {
    /// Config v1: 140 code points, URLs 23.
    pub fn v1() -> Self {
        TwitterConfig {
            version: 1,
            max_weighted_tweet_length: 140,
            scale: 1,
            default_weight: 1,
            emoji_parsing_enabled: false,
            transformed_url_length: 23,
            ranges: Vec::new(),
        }
    }
    /// Config v2: 280 weighted, CJK and emoji code points weigh 2.
    pub fn v2() -> Self {
        TwitterConfig {
            version: 2,
            max_weighted_tweet_length: 280,
            scale: 100,
            default_weight: 200,
            emoji_parsing_enabled: false,
            transformed_url_length: 23,
            ranges: V3_RANGES.to_vec(),
        }
    }
    /// Config v3 (current X): as v2, and each whole emoji sequence weighs 2.
    pub fn v3() -> Self {
        TwitterConfig { emoji_parsing_enabled: true, version: 3, ..Self::v2() }
    }
    fn params(&self) -> Params<'_> {
        Params {
            max: self.max_weighted_tweet_length,
            scale: self.scale.max(1),
            default_weight: self.default_weight,
            emoji: self.emoji_parsing_enabled,
            url_length: self.transformed_url_length,
            ranges: &self.ranges,
        }
    }
}

impl Default for TwitterConfig {
    fn default() -> Self {
        Self::v3()
    }
}

/// What twitter-text's `parseTweet` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TwitterCount {
    /// Weighted length (URLs and emoji included).
    pub weighted_length: usize,
    /// Non-empty, within the limit, no invalid character.
    pub valid: bool,
    /// weighted length / max × 1000, rounded down.
    pub permillage: usize,
    /// Always 0.
    pub valid_range_start: usize,
    /// UTF-16 index of the last code unit inside the limit (inclusive, twitter-text's convention).
    pub valid_range_end: usize,
    /// Always 0.
    pub display_range_start: usize,
    /// UTF-16 index of the last code unit of the text (0 when empty).
    pub display_range_end: usize,
    /// UTF-16 offset where the text starts to exceed the limit, if it does.
    pub overflow_start: Option<usize>,
}

/// Counting parameters, borrowed so that the built-in v3 costs no allocation.
#[derive(Clone, Copy)]
pub(crate) struct Params<'a> {
    pub max: usize,
    pub scale: usize,
    pub default_weight: usize,
    pub emoji: bool,
    pub url_length: usize,
    pub ranges: &'a [WeightRange],
}

impl Params<'static> {
    /// Config v3 with another limit and URL length (a network profile's).
    pub(crate) fn v3(max: usize, url_length: usize) -> Self {
        Params { max, scale: 100, default_weight: 200, emoji: true, url_length, ranges: &V3_RANGES }
    }
}

/// twitter-text's `parseTweet` for `text` under `config`.
pub fn count_with_config(text: &str, config: &TwitterConfig) -> TwitterCount {
    weighted(text, config.params())
}

#[inline]
fn weight_of(unit: u32, p: &Params<'_>) -> usize {
    for r in p.ranges {
        if unit >= r.start && unit <= r.end {
            return r.weight;
        }
    }
    p.default_weight
}

pub(crate) fn weighted(text: &str, p: Params<'_>) -> TwitterCount {
    let norm = nfc(text);
    let s: &str = &norm;
    let b = s.as_bytes();
    let mut urls = Vec::new();
    find_urls(s, true, &mut urls);
    let mut next_url = 0;

    let max_scaled = p.max.saturating_mul(p.scale);
    let mut weighted = 0usize;
    let mut u16 = 0usize; // UTF-16 index of the current position in the normalised text
    let mut valid_display = 0usize;
    let mut overflow: Option<usize> = None;
    let mut valid = true;
    let mut i = 0;
    while i < b.len() {
        let start16 = u16;
        let byte = b[i];
        let mut invalid = false;
        if next_url < urls.len() && urls[next_url].0 == i {
            let end = urls[next_url].1;
            next_url += 1;
            weighted += p.url_length * p.scale;
            u16 += crate::span::utf16_len(&s[i..end]);
            i = end;
        } else if byte < 0x80 && !(p.emoji && b.get(i + 1).is_some_and(|&n| n == 0xE2 || n == 0xEF)) {
            weighted += weight_of(u32::from(byte), &p);
            u16 += 1;
            i += 1;
        } else if let Some(len) = p.emoji.then(|| emoji_len(s, i)).flatten() {
            weighted += p.default_weight;
            u16 += crate::span::utf16_len(&s[i..i + len]);
            i += len;
        } else {
            let c = s[i..].chars().next().unwrap_or('\u{fffd}');
            let cp = c as u32;
            // twitter-text weighs the code unit it stops on: the low surrogate for astral characters.
            let unit = if cp > 0xFFFF { 0xDC00 + ((cp - 0x10000) & 0x3FF) } else { cp };
            weighted += weight_of(unit, &p);
            invalid = is_invalid_char(c);
            u16 += c.len_utf16();
            i += c.len_utf8();
        }
        if valid && invalid {
            valid = false;
        }
        if weighted <= max_scaled {
            if valid {
                valid_display = u16 - 1;
            }
        } else if overflow.is_none() {
            overflow = Some(start16);
        }
    }

    let text16 = crate::span::utf16_len(text);
    let offset = text16 as i64 - u16 as i64;
    let adjust = |x: usize| (x as i64 + offset).max(0) as usize;
    let weighted_length = weighted / p.scale;
    TwitterCount {
        weighted_length,
        valid: valid && weighted > 0 && weighted <= max_scaled,
        permillage: if p.max == 0 { 0 } else { weighted * 1000 / (p.max * p.scale) },
        valid_range_start: 0,
        valid_range_end: adjust(valid_display),
        display_range_start: 0,
        display_range_end: text16.saturating_sub(1),
        overflow_start: overflow.map(|o| adjust(o).min(text16)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_files_deserialize() {
        let v3: TwitterConfig = serde_json::from_str(
            r#"{"version":3,"maxWeightedTweetLength":280,"scale":100,"defaultWeight":200,"emojiParsingEnabled":true,
                "transformedURLLength":23,"ranges":[{"start":0,"end":4351,"weight":100},{"start":8192,"end":8205,"weight":100},
                {"start":8208,"end":8223,"weight":100},{"start":8242,"end":8247,"weight":100}]}"#,
        )
        .unwrap();
        assert_eq!(v3, TwitterConfig::default());
    }

    #[test]
    fn weights() {
        let c = TwitterConfig::v3();
        assert_eq!(count_with_config("Hi http://test.co", &c).weighted_length, 26);
        assert_eq!(count_with_config("H🐱☺👨‍👩‍👧‍👦", &c).weighted_length, 7);
        assert_eq!(count_with_config("Ça fait 20 €", &c).weighted_length, 13);
        assert!(!count_with_config("", &c).valid);
        assert_eq!(count_with_config(&"é".repeat(281), &c).overflow_start, Some(280));
    }

    /// The hook path, natively: a provider installed for the whole process (as the wasm build
    /// installs the browser's) is what normalizes, and only when the fast path cannot decide.
    #[cfg(feature = "unicode-tables")]
    #[test]
    fn counting_goes_through_an_installed_nfc_provider() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use unicode_normalization::UnicodeNormalization;
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        fn provider(s: &str) -> String {
            CALLS.fetch_add(1, Ordering::SeqCst);
            s.nfc().collect()
        }
        // Other tests may count while this one runs: they get the same NFC from this provider.
        assert!(crate::text::set_nfc_provider(provider));
        assert!(!crate::text::set_nfc_provider(provider), "the first provider stays");
        let c = TwitterConfig::v3();
        // Trivially NFC (ASCII, Latin-1, emoji planes): the provider is never asked.
        let before = CALLS.load(Ordering::SeqCst);
        assert_eq!(count_with_config("Ça fait 20 € 😀", &c).weighted_length, 16);
        let mut ascii = String::from("Déjà vu, très français 🐱");
        ascii.push_str(&"x".repeat(300));
        count_with_config(&ascii, &c);
        let _ = before;
        // Decomposed input: "e" + U+0301 is one NFC code point, é, weighing 1; ranges are shifted
        // back by the whole length difference, as twitter-text does (280 + 281).
        let n = CALLS.load(Ordering::SeqCst);
        let r = count_with_config(&"e\u{301}".repeat(281), &c);
        assert!(CALLS.load(Ordering::SeqCst) > n, "the provider was called");
        assert_eq!(r.weighted_length, 281);
        assert_eq!(r.overflow_start, Some(561));
        // Hangul jamo compose to one syllable (weight 2).
        assert_eq!(count_with_config("\u{1100}\u{1161}", &c).weighted_length, 2);
    }
}
