//! TEMPORARY STAND-IN — replaced by the text-engine branch at merge.
//!
//! Provides exactly the contract the style-guide checks are written against:
//! [`count`], [`Count`], [`entities`], [`Entities`], [`Entity`]. Counting is by code points and
//! entity scanning is naive; nothing else in the crate may rely on those details.

use crate::networks::NetworkProfile;
use crate::span::{Span, Utf16Cursor};
use serde::Serialize;

/// The length of a draft measured for one network.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    /// Network id the count was made for.
    pub network: String,
    /// Length in the network's units.
    pub length: usize,
    /// The network's limit.
    pub limit: usize,
    /// `limit - length` (negative when over).
    pub remaining: i64,
    /// Whether the draft fits.
    pub valid: bool,
    /// Length in UTF-8 bytes.
    pub byte_length: usize,
    /// `length / limit` in thousandths.
    pub permillage: usize,
}

/// Counts `text` for `profile` (stand-in: code points).
pub fn count(text: &str, profile: &NetworkProfile) -> Count {
    let length = text.chars().count();
    let limit = profile.limit;
    Count {
        network: profile.id.clone(),
        length,
        limit,
        remaining: limit as i64 - length as i64,
        valid: length <= limit,
        byte_length: text.len(),
        permillage: if limit == 0 { 0 } else { length * 1000 / limit },
    }
}

/// One hashtag, mention, URL or cashtag found in a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// The entity without its sigil (`tag` for `#tag`); a URL as written.
    pub text: String,
    /// Where it is, sigil included.
    pub span: Span,
}

/// Every entity of a draft, by kind, in text order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Entities {
    /// `#tags`.
    pub hashtags: Vec<Entity>,
    /// `@names`.
    pub mentions: Vec<Entity>,
    /// `http(s)://` links.
    pub urls: Vec<Entity>,
    /// `$TICKERS`.
    pub cashtags: Vec<Entity>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Finds hashtags, mentions, URLs and cashtags (stand-in: naive scanning).
pub fn entities(text: &str) -> Entities {
    let mut out = Entities::default();
    let mut cursor = Utf16Cursor::new(text);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = match rest.chars().next() {
            Some(c) => c,
            None => break,
        };
        let prev_word = text[..i].chars().next_back().is_some_and(is_word);
        if !prev_word && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = i + rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.urls.push(Entity { text: text[i..end].to_string(), span: cursor.span(i, end) });
            i = end;
            continue;
        }
        if !prev_word && matches!(c, '#' | '@' | '$') {
            let body = &rest[1..];
            let len: usize = body.chars().take_while(|&ch| is_word(ch)).map(char::len_utf8).sum();
            if len > 0 {
                let end = i + 1 + len;
                let entity = Entity { text: text[i + 1..end].to_string(), span: cursor.span(i, end) };
                match c {
                    '#' => out.hashtags.push(entity),
                    '@' => out.mentions.push(entity),
                    _ => out.cashtags.push(entity),
                }
                i = end;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// Options of [`split`] (stand-in: none).
#[derive(Debug, Clone, Default)]
pub struct SplitOptions;

/// One post of a thread.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The post's text.
    pub text: String,
    /// Its length for the network.
    pub count: Count,
}

/// Splits a draft into a thread (stand-in: the whole draft as one part).
pub fn split(text: &str, profile: &NetworkProfile, _options: &SplitOptions) -> Result<Vec<Part>, String> {
    Ok(vec![Part { text: text.to_string(), count: count(text, profile) }])
}
