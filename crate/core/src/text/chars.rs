//! Character classes shared by the scanners (twitter-text's character groups), written as `match`
//! arms so that the ASCII cases cost a comparison or two.

use super::char_class::{class, CharClass};

const DOMAIN: u8 = 1;
const LABEL: u8 = 2;

/// Classes of the ASCII characters, computed at compile time.
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
const ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8 as char;
        let punct = matches!(c, '!' | '\'' | '#' | '%' | '&' | '(' | ')' | '*' | '+' | ',' | '\\' | '-' | '.' | '/' | ':' | ';' | '<'
            | '=' | '>' | '?' | '@' | '[' | ']' | '^' | '_' | '{' | '|' | '}' | '~' | '$');
        let space = matches!(c, '\u{9}'..='\u{d}' | ' ');
        if !punct && !space {
            t[i] = DOMAIN | LABEL;
        } else if c == '-' || c == '_' {
            t[i] = LABEL;
        }
        i += 1;
    }
    t
};

/// A domain character, `-` or `_`: what a host label is made of.
#[inline]
pub(crate) fn is_label_char(c: char) -> bool {
    if c.is_ascii() {
        ASCII[c as usize] & LABEL != 0
    } else {
        is_domain_char(c)
    }
}

/// twitter-text's "spaces" group: ASCII whitespace and the Unicode spaces.
#[inline]
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, '\u{9}'..='\u{d}' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{180e}' | '\u{2000}'..='\u{200a}'
        | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// The characters twitter-text refuses in a post: U+FFFE, U+FEFF, U+FFFF.
#[inline]
pub(crate) fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{fffe}' | '\u{feff}' | '\u{ffff}')
}

/// twitter-text's "punct" group (ASCII punctuation except `"` and `` ` ``).
#[inline]
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_punct(c: char) -> bool {
    matches!(c, '!' | '\'' | '#' | '%' | '&' | '(' | ')' | '*' | '+' | ',' | '\\' | '-' | '.' | '/' | ':' | ';' | '<'
        | '=' | '>' | '?' | '@' | '[' | ']' | '^' | '_' | '{' | '|' | '}' | '~' | '$')
}

/// A character allowed inside a domain label (everything but punctuation, spaces and invalid characters).
#[inline]
pub(crate) fn is_domain_char(c: char) -> bool {
    if c.is_ascii() {
        return ASCII[c as usize] & DOMAIN != 0;
    }
    !(is_space(c) || is_invalid_char(c))
}

/// twitter-text's "latin accent" letters and combining marks.
#[inline]
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_latin_accent(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{ff}' | '\u{100}'..='\u{24f}' | '\u{253}'
        | '\u{254}' | '\u{256}' | '\u{257}' | '\u{259}' | '\u{25b}' | '\u{263}' | '\u{268}' | '\u{26f}' | '\u{272}'
        | '\u{289}' | '\u{28b}' | '\u{2bb}' | '\u{300}'..='\u{36f}' | '\u{1e00}'..='\u{1eff}')
}

/// Cyrillic letters and marks, allowed in URL paths.
#[inline]
pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{4ff}')
}

/// A character twitter-text accepts anywhere in a URL path.
#[inline]
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_url_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '!' | '*' | '\'' | ';' | ':' | '=' | '+' | ',' | '.' | '$' | '/' | '%' | '#' | '[' | ']' | '-'
            | '\u{2013}' | '_' | '~' | '@' | '|' | '&')
        || is_cyrillic(c)
        || is_latin_accent(c)
}

/// A character a URL path may end with (so that `/foo.` does not take the full stop).
#[inline]
pub(crate) fn is_url_path_ending_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
        || is_cyrillic(c)
        || is_latin_accent(c)
}

/// A character allowed in a URL query string.
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_url_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '!' | '?' | '*' | '\'' | '@' | '(' | ')' | ';' | ':' | '&' | '=' | '+' | '$' | '/' | '%' | '#'
            | '[' | ']' | '-' | '_' | '.' | ',' | '~' | '|')
}

/// A character a URL query string may end with.
pub(crate) fn is_url_query_ending_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// Letters and marks (`\p{L}`, `\p{M}`): what a hashtag needs at least one of.
pub(crate) fn is_hashtag_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(class(c), CharClass::Letter | CharClass::Mark)
}

/// Letters, marks, decimal digits, `_` and the joiners twitter-text allows inside a hashtag.
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
pub(crate) fn is_hashtag_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{a67e}' | '\u{5be}' | '\u{5f3}' | '\u{5f4}' | '\u{ff5e}' | '\u{301c}'
        | '\u{309b}' | '\u{309c}' | '\u{30a0}' | '\u{30fb}' | '\u{3003}' | '\u{f0b}' | '\u{f0c}' | '\u{b7}')
        || is_hashtag_alpha(c)
        || class(c) == CharClass::DecimalDigit
}

/// The character that ends just before byte `i` of `s`, if any.
#[inline]
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|p| p.chars().next_back())
}

/// The character that starts at byte `i` of `s`, if any.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        _ => s.get(i..).and_then(|p| p.chars().next()),
    }
}
