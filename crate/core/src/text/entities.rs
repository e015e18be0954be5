//! Hashtags, mentions (and lists), cashtags and URLs, extracted by twitter-text's rules with one
//! forward scan per kind, then merged with overlaps removed (the earlier entity wins, as in
//! twitter-text's `extractEntitiesWithIndices`).

use super::chars::*;
use super::urls::find_urls;
use crate::span::{Span, Utf16Cursor};
use serde::Serialize;

/// One entity found in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The entity without its sigil: `tag` for `#tag`, `user` for `@user`, `EUR` for `$EUR`; a URL as written.
    pub text: String,
    /// For a list mention `@user/list`, the list slug (`list`); the span then covers `@user/list`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Where it is, sigil included, in bytes and UTF-16 code units.
    #[serde(flatten)]
    pub span: Span,
}

/// Every entity of a draft, by kind, each list in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    /// `#tag` / `＃tag`.
    pub hashtags: Vec<Entity>,
    /// `@user`, `＠user` and lists `@user/list`.
    pub mentions: Vec<Entity>,
    /// Links, with or without a scheme.
    pub urls: Vec<Entity>,
    /// `$TICKER`.
    pub cashtags: Vec<Entity>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Url,
    Mention,
    Hashtag,
    Cashtag,
}

/// A raw match: kind, byte range of the whole entity, byte range of its text, and the list slug range.
#[derive(Clone, Copy, Debug)]
struct Raw {
    kind: Kind,
    start: usize,
    end: usize,
    text_start: usize,
    list_start: Option<usize>,
}

fn is_hash(c: char) -> bool {
    c == '#' || c == '＃'
}

fn is_at(c: char) -> bool {
    c == '@' || c == '＠'
}

/// Hashtags: `#` then letters/marks/digits/`_` with at least one letter or mark, not after a letter,
/// digit or `&`, not followed by another `#` or `://`.
fn find_hashtags(text: &str, out: &mut Vec<Raw>) {
    let b = text.as_bytes();
    if !b.contains(&b'#') && !text.contains('＃') {
        return;
    }
    let mut search = 0;
    while let Some(off) = text[search..].find(['#', '＃']) {
        let i = search + off;
        let sign_len = if b[i] == b'#' { 1 } else { '＃'.len_utf8() };
        search = i + sign_len;
        let boundary_ok = match char_before(text, i) {
            None => true,
            Some('\u{fe0e}' | '\u{fe0f}') => true,
            Some(p) => !is_hashtag_alnum(p) && p != '&',
        };
        if !boundary_ok {
            continue;
        }
        let j = i + sign_len;
        if matches!(char_at(text, j), Some('\u{fe0f}' | '\u{20e3}')) {
            continue;
        }
        let mut k = j;
        let mut has_alpha = false;
        for c in text[j..].chars() {
            if !is_hashtag_alnum(c) {
                break;
            }
            has_alpha |= is_hashtag_alpha(c);
            k += c.len_utf8();
        }
        if !has_alpha {
            continue;
        }
        let after = &text[k..];
        if after.starts_with(is_hash) || after.starts_with("://") {
            search = k;
            continue;
        }
        out.push(Raw { kind: Kind::Hashtag, start: i, end: k, text_start: j, list_start: None });
        search = k;
    }
}

/// Longest X username: 15 characters of `[A-Za-z0-9_]`.
pub const MAX_USERNAME_LEN: usize = 15;

fn mention_preceding_ok(text: &str, i: usize) -> bool {
    let p = match char_before(text, i) {
        None => return true,
        Some(p) => p,
    };
    if !(p.is_ascii_alphanumeric() || matches!(p, '_' | '!' | '#' | '$' | '%' | '&' | '*' | '@' | '＠')) {
        return true;
    }
    // "RT@user" / "RT:@user": a retweet prefix may touch the at sign.
    let head = &text.as_bytes()[..i];
    let head = head.strip_suffix(b":").unwrap_or(head);
    if head.len() >= 2 && head[head.len() - 2..].eq_ignore_ascii_case(b"rt") {
        let before = &head[..head.len() - 2];
        return match before.last() {
            None => true,
            Some(c) => !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'+' | b'~' | b'.' | b'-')),
        };
    }
    false
}

/// Mentions `@user` (1–15 of `[A-Za-z0-9_]`) and lists `@user/list`.
fn find_mentions(text: &str, out: &mut Vec<Raw>) {
    let b = text.as_bytes();
    if !b.contains(&b'@') && !text.contains('＠') {
        return;
    }
    let mut search = 0;
    while let Some(off) = text[search..].find(['@', '＠']) {
        let i = search + off;
        let sign_len = if b[i] == b'@' { 1 } else { '＠'.len_utf8() };
        search = i + sign_len;
        if !mention_preceding_ok(text, i) {
            continue;
        }
        let j = i + sign_len;
        let name_len = b[j..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        if name_len == 0 || name_len > MAX_USERNAME_LEN {
            search = j + name_len;
            continue;
        }
        let mut end = j + name_len;
        let mut list_start = None;
        if b.get(end) == Some(&b'/') && b.get(end + 1).is_some_and(u8::is_ascii_alphabetic) {
            let slug = 1 + b[end + 2..]
                .iter()
                .take(24)
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
                .count();
            list_start = Some(end + 1);
            end += 1 + slug;
        }
        search = end;
        let after = &text[end..];
        if after.starts_with(is_at)
            || after.starts_with("://")
            || after.chars().next().is_some_and(is_latin_accent)
        {
            continue;
        }
        out.push(Raw { kind: Kind::Mention, start: i, end, text_start: j, list_start });
    }
}

/// Cashtags: `$` then 1–6 ASCII letters, optionally `.` or `_` and 1–2 letters, after a space or the start,
/// before a space, punctuation or the end.
fn find_cashtags(text: &str, out: &mut Vec<Raw>) {
    let b = text.as_bytes();
    let ends_ok = |e: usize| match char_at(text, e) {
        None => true,
        Some(c) => c.is_whitespace() || c == '\u{feff}' || is_punct(c),
    };
    let mut search = 0;
    while let Some(off) = b[search..].iter().position(|&c| c == b'$') {
        let i = search + off;
        search = i + 1;
        if !char_before(text, i).is_none_or(is_space) {
            continue;
        }
        let j = i + 1;
        let r = b[j..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if r == 0 || r > 6 {
            continue;
        }
        let e = j + r;
        let mut end = None;
        if matches!(b.get(e), Some(b'.' | b'_')) {
            let s = b[e + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            if (1..=2).contains(&s) && ends_ok(e + 1 + s) {
                end = Some(e + 1 + s);
            }
        }
        if end.is_none() && ends_ok(e) {
            end = Some(e);
        }
        if let Some(end) = end {
            out.push(Raw { kind: Kind::Cashtag, start: i, end, text_start: j, list_start: None });
            search = end;
        }
    }
}

/// Byte ranges of the URLs of `text` (with and without a scheme), in order.
pub fn url_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    find_urls(text, true, &mut v);
    v
}

/// Byte ranges of every entity of `text` (URLs, mentions, hashtags, cashtags), sorted, without overlaps.
/// This is what the thread splitter must not cut through.
pub(crate) fn entity_ranges(text: &str) -> Vec<(usize, usize)> {
    raw_entities(text).into_iter().map(|r| (r.start, r.end)).collect()
}

fn raw_entities(text: &str) -> Vec<Raw> {
    let mut all = Vec::new();
    let mut urls = Vec::new();
    find_urls(text, true, &mut urls);
    all.extend(urls.into_iter().map(|(s, e)| Raw {
        kind: Kind::Url,
        start: s,
        end: e,
        text_start: s,
        list_start: None,
    }));
    find_mentions(text, &mut all);
    find_hashtags(text, &mut all);
    find_cashtags(text, &mut all);
    crate::sort::sort_by_key(&mut all, |r| r.start); // stable: URLs first on ties, as in twitter-text
    let mut kept: Vec<Raw> = Vec::with_capacity(all.len());
    for r in all {
        if kept.last().is_none_or(|p| p.end <= r.start) {
            kept.push(r);
        }
    }
    kept
}

/// Every hashtag, mention, URL and cashtag of `text`, with byte and UTF-16 offsets.
pub fn entities(text: &str) -> Entities {
    let mut out = Entities::default();
    let mut cursor = Utf16Cursor::new(text);
    for r in raw_entities(text) {
        let span = cursor.span(r.start, r.end);
        let (name_end, list) = match r.list_start {
            Some(ls) => (ls - 1, Some(text[ls..r.end].to_string())),
            None => (r.end, None),
        };
        let entity = Entity { text: text[r.text_start..name_end].to_string(), list, span };
        match r.kind {
            Kind::Url => out.urls.push(entity),
            Kind::Mention => out.mentions.push(entity),
            Kind::Hashtag => out.hashtags.push(entity),
            Kind::Cashtag => out.cashtags.push(entity),
        }
    }
    out
}

/// Whether `s` is exactly one valid `@username` (twitter-text's `isValidUsername`).
pub fn is_valid_username(s: &str) -> bool {
    let e = entities(s);
    e.mentions.len() == 1
        && e.mentions[0].list.is_none()
        && e.mentions[0].span.byte_start == 0
        && e.mentions[0].span.byte_end == s.len()
}

/// Whether `s` is exactly one valid `@user/list`.
pub fn is_valid_list(s: &str) -> bool {
    let e = entities(s);
    e.mentions.len() == 1
        && e.mentions[0].list.is_some()
        && e.mentions[0].span.byte_start == 0
        && e.mentions[0].span.byte_end == s.len()
}

/// Whether `s` is exactly one valid `#hashtag`.
pub fn is_valid_hashtag(s: &str) -> bool {
    let e = entities(s);
    e.hashtags.len() == 1 && e.hashtags[0].span.byte_start == 0 && e.hashtags[0].span.byte_end == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[Entity]) -> Vec<&str> {
        v.iter().map(|e| e.text.as_str()).collect()
    }

    #[test]
    fn french_hashtags_and_offsets() {
        let e = entities("Rendez-vous #ÉtéIndien à 18 h ! #2024 #1er café#pas &#non");
        assert_eq!(texts(&e.hashtags), ["ÉtéIndien", "1er"]);
        assert_eq!((e.hashtags[0].span.start, e.hashtags[0].span.end), (12, 22));
    }

    #[test]
    fn mentions_lists_cashtags() {
        let e = entities("Merci @porte_voix et @team/les-cm ! RT@bob mail@x.fr $EUR $AB.CD $toolong7");
        assert_eq!(texts(&e.mentions), ["porte_voix", "team", "bob"]);
        assert_eq!(e.mentions[1].list.as_deref(), Some("les-cm"));
        assert_eq!(texts(&e.cashtags), ["EUR", "AB.CD"]);
        assert!(entities("@abcdefghijklmnop").mentions.is_empty());
    }

    #[test]
    fn hashtag_inside_url_is_not_a_hashtag() {
        let e = entities("https://example.com/#anchor #vrai");
        assert_eq!(texts(&e.urls), ["https://example.com/#anchor"]);
        assert_eq!(texts(&e.hashtags), ["vrai"]);
    }

    #[test]
    fn utf16_offsets_after_emoji() {
        let e = entities("😀 #tag");
        assert_eq!((e.hashtags[0].span.start, e.hashtags[0].span.end), (3, 7));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["hashtags"][0]["text"], "tag");
        assert_eq!(json["hashtags"][0]["start"], 3);
    }
}
