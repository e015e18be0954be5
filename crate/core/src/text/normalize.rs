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
//! byte scan that accepts, without any table, every text made only of code points below U+0300
//! (ASCII, Latin-1 and Latin Extended-A/B, IPA, spacing modifiers: all French and English text)
//! and of the emoji planes U+1F000–U+1FFFF. Per the Unicode Character Database, every one of
//! those code points has Canonical_Combining_Class 0 and NFC_Quick_Check Yes (none is the second
//! half of a canonical composition), so any string made only of them is NFC; the first combining
//! mark is U+0300. This was checked against Python's `unicodedata` (Unicode 14) and is checked
//! against the `unicode-normalization` tables by the unit test below.
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

/// A byte-level shortcut: characters below U+0300 (no combining mark yet; leading byte < 0xCC) and the
/// emoji planes U+1F000–U+1FFFF (F0 9F ..) are all NFC whatever surrounds them (see the module doc).
pub(crate) fn surely_nfc(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0xCC {
            i += 1;
        } else if b[i] == 0xF0 && b.get(i + 1) == Some(&0x9F) {
            i += 4;
        } else {
            return false;
        }
    }
    true
}

/// The text in NFC, borrowed when it already is (always for ASCII and Latin-1).
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if surely_nfc(text.as_bytes()) {
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
    fn the_fast_path_only_accepts_code_points_that_are_nfc_in_any_context() {
        let ranges = (0u32..0x300).chain(0x1F000..0x20000);
        for cp in ranges {
            let Some(c) = char::from_u32(cp) else { continue };
            assert_eq!(canonical_combining_class(c), 0, "U+{cp:04X}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{cp:04X}");
            let mut buf = [0u8; 4];
            assert!(surely_nfc(c.encode_utf8(&mut buf).as_bytes()), "U+{cp:04X}");
        }
        // ... and refuses the first combining mark and anything else above U+02FF outside the emoji planes.
        for s in ["\u{300}", "e\u{301}", "\u{2000}", "\u{1D15E}", "\u{F900}", "😀\u{301}"] {
            assert!(!surely_nfc(s.as_bytes()), "{s:?}");
        }
    }
}
