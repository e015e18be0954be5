//! Emoji sequences, as one unit: keycaps, flags, tag sequences (subdivision flags), modifier
//! (skin-tone) sequences and ZWJ sequences, following the grammar of UTS #51.
//!
//! twitter-text counts every emoji its (RGI) emoji list recognises as one unit. This scanner accepts
//! every well-formed sequence of the UTS #51 grammar instead of carrying the RGI list: identical on
//! RGI emoji, and counting an unusual (non-RGI) ZWJ sequence as one emoji where twitter-text would
//! count its parts.

use super::char_class::{is_emoji_char, is_emoji_modifier_base};

const VS16: char = '\u{fe0f}';
const ZWJ: char = '\u{200d}';
const KEYCAP: char = '\u{20e3}';
const CANCEL_TAG: char = '\u{e007f}';

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1f1e6}'..='\u{1f1ff}')
}

fn is_modifier(c: char) -> bool {
    matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
}

/// `Emoji=Yes`, leaving out the ASCII keycap bases (they are emoji only as keycaps).
fn is_emoji_base(c: char) -> bool {
    !c.is_ascii() && is_emoji_char(c)
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// Skips what may follow an emoji element: VS16 or a skin-tone modifier, then a tag sequence.
fn element_tail(s: &str, mut j: usize, base: char) -> (usize, bool) {
    let mut has_vs16 = false;
    match next_char(s, j) {
        Some(VS16) => {
            j += VS16.len_utf8();
            has_vs16 = true;
        }
        Some(m) if is_modifier(m) && is_emoji_modifier_base(base) => j += m.len_utf8(),
        _ => {}
    }
    // Tag sequence: one or more tag characters, then CANCEL TAG.
    let mut k = j;
    let mut tags = 0;
    while let Some(t) = next_char(s, k) {
        if matches!(t, '\u{e0020}'..='\u{e007e}') {
            k += t.len_utf8();
            tags += 1;
        } else {
            break;
        }
    }
    if tags > 0 && next_char(s, k) == Some(CANCEL_TAG) {
        j = k + CANCEL_TAG.len_utf8();
    }
    (j, has_vs16)
}

/// Byte length of the emoji sequence starting at byte `i` of `s`, or `None` if no emoji starts there.
///
/// `i` must be a char boundary (otherwise the answer is `None`).
pub fn emoji_len(s: &str, i: usize) -> Option<usize> {
    let c = next_char(s, i)?;
    if c.is_ascii() {
        // Keycap: [0-9#*] VS16? U+20E3
        if !(c.is_ascii_digit() || c == '#' || c == '*') {
            return None;
        }
        let mut j = i + 1;
        if next_char(s, j) == Some(VS16) {
            j += VS16.len_utf8();
        }
        return (next_char(s, j) == Some(KEYCAP)).then(|| j + KEYCAP.len_utf8() - i);
    }
    // Quick rejects: no emoji below U+203C but © and ®, none between U+2C00 and U+1F000 but four.
    if (c < '\u{203c}' && !matches!(c, '\u{a9}' | '\u{ae}'))
        || (('\u{2c00}'..'\u{1f000}').contains(&c)
            && !matches!(c, '\u{3030}' | '\u{303d}' | '\u{3297}' | '\u{3299}'))
    {
        return None;
    }
    if is_regional_indicator(c) {
        let j = i + c.len_utf8();
        return Some(match next_char(s, j) {
            Some(r) if is_regional_indicator(r) => j + r.len_utf8() - i,
            _ => j - i,
        });
    }
    if !is_emoji_base(c) {
        return None;
    }
    let (mut j, has_vs16) = element_tail(s, i + c.len_utf8(), c);
    // © and ® are text by default: emoji only with VS16 (the other text-default emoji weigh 2 anyway).
    if matches!(c, '\u{a9}' | '\u{ae}') && !has_vs16 {
        return None;
    }
    while next_char(s, j) == Some(ZWJ) {
        match next_char(s, j + ZWJ.len_utf8()) {
            Some(n) if is_emoji_base(n) && !is_regional_indicator(n) => {
                j = element_tail(s, j + ZWJ.len_utf8() + n.len_utf8(), n).0;
            }
            _ => break,
        }
    }
    Some(j - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(s: &str) -> bool {
        emoji_len(s, 0) == Some(s.len())
    }

    #[test]
    fn sequences_are_one_emoji() {
        assert!(whole("👨‍👩‍👧‍👦"));
        assert!(whole("🙋🏽"));
        assert!(whole("👨‍🎤"));
        assert!(whole("1⃣"));
        assert!(whole("#️⃣"));
        assert!(whole("🇫🇷"));
        assert!(whole("🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}"));
        assert!(whole("❤️‍🔥"));
        assert!(whole("©️"));
        assert_eq!(emoji_len("©", 0), None);
        assert_eq!(emoji_len("a", 0), None);
        assert_eq!(emoji_len("1", 0), None);
        assert_eq!(emoji_len("é", 0), None);
        assert_eq!(emoji_len("😀‍", 0), Some(4)); // a trailing ZWJ is not part of the emoji
    }
}
