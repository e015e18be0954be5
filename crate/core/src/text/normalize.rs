//! Unicode normalization (NFC for X's counting, NFD for accent folding), from the built-in tables
//! or from the platform.
//!
//! With the `unicode-tables` feature (default: CLI, native tests) the `unicode-normalization`
//! crate does the work. Without it (the wasm build, where those tables would cost ~52 KB gzipped)
//! the host installs providers once at start-up with [`set_nfc_provider`] and
//! [`set_nfd_provider`]; the browser's `String.prototype.normalize` does the same job. An
//! installed provider takes precedence over the tables.
//!
//! The providers are only called when the text may not be normalized already: [`surely_nfc`] is a
//! scan that accepts every text made only of code points that are NFC whatever surrounds them:
//! below U+0300 (ASCII, Latin-1 and Latin Extended-A/B, IPA, spacing modifiers: all French and
//! English text) and the ranges of [`NFC_SAFE`] less [`NFC_EXCEPTIONS`] (the symbols, the joiner
//! and the selectors emoji are made of, the emoji planes, CJK, Hangul and fullwidth forms). Per the Unicode
//! Character Database each of those code points has Canonical_Combining_Class 0 and
//! NFC_Quick_Check Yes (none is the second half of a canonical composition), so any string made
//! only of them is NFC. This was checked against Python's `unicodedata` (Unicode 14) and is
//! checked, code point by code point, against the `unicode-normalization` tables by the unit test
//! below. Calling the browser's `normalize` costs a round trip of the text between wasm and
//! JavaScript, about as long as counting it.
//!
//! Without tables and without a provider, text is left as it is: counting is then exact for any
//! text that is already NFC (what keyboards and browsers produce), and folding removes accents
//! from Latin-1 and Latin Extended-A letters only (its own small table; combining marks are
//! always dropped).

use std::borrow::Cow;
use std::sync::OnceLock;

/// A normalization function supplied by the host: takes any string, returns its NFC (or NFD) form.
pub type NormalizeFn = fn(&str) -> String;

static NFC_PROVIDER: OnceLock<NormalizeFn> = OnceLock::new();
static NFD_PROVIDER: OnceLock<NormalizeFn> = OnceLock::new();

/// Installs the process-wide NFC provider (used by X's weighted counting). The first call wins:
/// returns `false`, and changes nothing, if a provider was already installed.
pub fn set_nfc_provider(f: NormalizeFn) -> bool {
    NFC_PROVIDER.set(f).is_ok()
}

/// Installs the process-wide NFD provider (used by the suggestion engines' accent folding). The
/// first call wins: returns `false`, and changes nothing, if a provider was already installed.
pub fn set_nfd_provider(f: NormalizeFn) -> bool {
    NFD_PROVIDER.set(f).is_ok()
}

/// Ranges above U+02FF whose code points are NFC in any context, once [`NFC_EXCEPTIONS`] are taken out.
const NFC_SAFE: [(u32, u32); 7] = [
    (0x1F000, 0x1FFFF), // the emoji planes
    (0x2000, 0x2BFF),   // punctuation (the zero-width joiner), symbols, arrows, dingbats: text emoji
    (0xFE00, 0xFE0F),   // variation selectors (emoji or text presentation)
    (0xE0000, 0xE007F), // tags (the flags of England, Scotland and Wales)
    (0x3000, 0x9FFF),   // CJK punctuation, kana, ideographs
    (0xAC00, 0xD7A3),   // Hangul syllables
    (0xFF00, 0xFFEF),   // fullwidth punctuation and forms (，！：), halfwidth kana
];

/// The code points of [`NFC_SAFE`] that combine, or change under NFC (singletons, exclusions).
const NFC_EXCEPTIONS: [(u32, u32); 10] = [
    (0x2000, 0x2001),
    (0x20D0, 0x20DC),
    (0x20E1, 0x20E1),
    (0x20E5, 0x20F0),
    (0x2126, 0x2126),
    (0x212A, 0x212B),
    (0x2329, 0x232A),
    (0x2ADC, 0x2ADC),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
];

/// Whether `c`, above U+02FF, is NFC whatever surrounds it.
fn nfc_in_any_context(c: char) -> bool {
    let cp = u32::from(c);
    let within = |ranges: &[(u32, u32)]| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp));
    within(&NFC_SAFE) && !within(&NFC_EXCEPTIONS)
}

/// A shortcut without tables: whether every character of `text` is NFC whatever surrounds it (see
/// the module doc), which makes `text` NFC. A byte below 0xCC is ASCII, a continuation byte or the
/// lead of a character below U+0300; any other byte leads a character to look up.
pub(crate) fn surely_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0xCC {
            i += 1;
            continue;
        }
        // `i` is a character boundary: continuation bytes are below 0xC0.
        match text[i..].chars().next() {
            Some(c) if nfc_in_any_context(c) => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// The text in NFC, borrowed when it already is (always for ASCII and Latin-1).
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if surely_nfc(text) {
        return Cow::Borrowed(text);
    }
    if let Some(f) = NFC_PROVIDER.get() {
        return Cow::Owned(f(text));
    }
    tables_nfc(text)
}

#[cfg(feature = "unicode-tables")]
fn tables_nfc(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ if unicode_normalization::is_nfc(text) => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

#[cfg(not(feature = "unicode-tables"))]
fn tables_nfc(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// The installed NFD provider, if there is one.
pub(crate) fn nfd_provider() -> Option<NormalizeFn> {
    NFD_PROVIDER.get().copied()
}

/// Whether an NFD provider is installed.
pub(crate) fn has_nfd_provider() -> bool {
    NFD_PROVIDER.get().is_some()
}

#[cfg(all(test, feature = "unicode-tables"))]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfc_quick, IsNormalized};

    #[test]
    fn the_fast_path_accepts_exactly_the_code_points_that_are_nfc_in_any_context() {
        // Every code point below U+0300 and in the safe ranges: accepted if and only if the tables
        // give it combining class 0 and NFC quick check Yes.
        let ranges = std::iter::once((0u32, 0x2FF)).chain(NFC_SAFE);
        let mut accepted = 0;
        for (lo, hi) in ranges {
            for cp in lo..=hi {
                let Some(c) = char::from_u32(cp) else { continue };
                let nfc_anywhere = canonical_combining_class(c) == 0
                    && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
                let mut buf = [0u8; 4];
                assert_eq!(surely_nfc(c.encode_utf8(&mut buf)), nfc_anywhere, "U+{cp:04X}");
                accepted += usize::from(nfc_anywhere);
            }
        }
        assert!(accepted > 40_000, "{accepted}");
        // ... and refuses combining marks, and anything outside the ranges.
        for s in [
            "\u{300}",
            "e\u{301}",
            "\u{2000}",
            "\u{1D15E}",
            "\u{F900}",
            "😀\u{301}",
            "か\u{3099}",
            "\u{10000}",
        ] {
            assert!(!surely_nfc(s), "{s:?}");
        }
        // Emoji sequences with joiners, selectors, keycaps and tags need no normalizing.
        for s in [
            "❤️‍🔥",
            "👨‍👩‍👧‍👦",
            "1️⃣",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "✅ ok — « oui »",
            "東京で会いましょう！",
            "你好，世界",
        ] {
            assert!(surely_nfc(s), "{s:?}");
            assert_eq!(nfc(s), s);
        }
    }
}
