//! The checks: built-in editorial-line checks and the guide's custom rules, run over a draft.
//!
//! A draft is cut into units (one sentence and the spaces after it). Everything a unit says on
//! its own is computed by [`local`] and cached by the unit's text, so re-checking after a
//! keystroke only re-analyses the sentence that changed; post-level checks ([`global`]) then run
//! over the gathered facts, which is cheap.

pub mod finding;
pub mod global;
pub mod lex;
pub(crate) mod local;
pub mod registry;

pub use finding::{fix, Finding};
pub use registry::{builtin_check, BuiltinCheck, BUILTIN_CHECKS};

use crate::guide::{CompiledGuide, Lang};
use crate::span::utf16_len;
use finding::Proto;
use local::UnitAnalysis;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// What the checks need to know about the draft besides its text.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct CheckContext {
    /// Network id the draft is for (`x`, `instagram`...); `None` skips the length checks.
    pub network: Option<String>,
    /// Language of the messages (the interface language).
    pub lang: Lang,
    /// Language of the draft; detected among the guide's languages when `None`.
    pub post_lang: Option<Lang>,
    /// Whether the post is sponsored (it then needs a disclosure marker).
    pub sponsored: bool,
    /// Campaign id, whose required hashtags must appear.
    pub campaign: Option<String>,
    /// Finding ids the user chose to ignore in this draft.
    pub ignored: Vec<String>,
    /// Findings ignored on a saved post (its `ignored_findings`): rule id → the texts it matched.
    /// Every occurrence of such a text is left out, compared the way finding ids are (folded).
    pub ignored_texts: BTreeMap<String, Vec<String>>,
    /// Rule ids switched off for this check (on top of the guide's `[checks]`).
    pub disabled: Vec<String>,
}

impl Default for CheckContext {
    fn default() -> Self {
        CheckContext {
            network: None,
            lang: Lang::Fr,
            post_lang: None,
            sponsored: false,
            campaign: None,
            ignored: Vec::new(),
            ignored_texts: BTreeMap::new(),
            disabled: Vec::new(),
        }
    }
}

/// Most units kept per cache map before it is cleared; a long session cannot grow memory unbounded.
const CACHE_CAP: usize = 1024;

#[derive(Default)]
struct Cache {
    maps: [HashMap<String, Arc<UnitAnalysis>>; 4],
    hits: u64,
    misses: u64,
}

/// Checks drafts against one compiled guide, caching per-sentence work between calls.
pub struct Checker {
    guide: CompiledGuide,
    cache: Mutex<Cache>,
}

/// Cache counters, to measure what a re-check reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Units found in the cache.
    pub hits: u64,
    /// Units analysed.
    pub misses: u64,
}

/// Cuts one line into units: a sentence and the whitespace after it. Leading and trailing
/// whitespace of the line belongs to no unit.
fn units(line: &str) -> Vec<(usize, usize)> {
    let start = line.len() - line.trim_start().len();
    let end = line.trim_end().len();
    if start >= end {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut unit_start = start;
    let mut after_punct = false;
    let mut in_space = false;
    for (i, c) in line[start..end].char_indices() {
        let i = i + start;
        if c.is_whitespace() {
            if after_punct {
                in_space = true;
            }
            after_punct = false;
            continue;
        }
        if in_space {
            out.push((unit_start, i));
            unit_start = i;
            in_space = false;
        }
        after_punct = matches!(c, '.' | '!' | '?' | '…');
    }
    out.push((unit_start, end));
    out
}

/// Byte offset → UTF-16 offset, line and column, by line table. Queries in increasing order (the
/// findings are sorted) continue from the previous answer, so many findings on one long line cost
/// one scan of the line, not one each.
struct Locator<'a> {
    text: &'a str,
    lines: Vec<(usize, usize)>, // byte start, utf16 start
    /// The previous answer: byte offset, line index, UTF-16 offset, column.
    last: (usize, usize, usize, usize),
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = vec![(0, 0)];
        let mut u = 0;
        let mut last = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                u += utf16_len(&text[last..=i]);
                last = i + 1;
                lines.push((i + 1, u));
            }
        }
        Locator { text, lines, last: (0, 0, 0, 1) }
    }

    /// (utf16 offset, line, column) of a byte offset (clamped to a char boundary).
    fn at(&mut self, mut b: usize) -> (usize, usize, usize) {
        b = b.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        let li = self.lines.partition_point(|&(s, _)| s <= b).saturating_sub(1);
        let (last_b, last_li, last_u, last_col) = self.last;
        let (from, u, col) = if li == last_li && b >= last_b {
            (last_b, last_u, last_col)
        } else {
            (self.lines[li].0, self.lines[li].1, 1)
        };
        let part = &self.text[from..b];
        let answer = (u + utf16_len(part), li + 1, col + part.chars().count());
        self.last = (b, li, answer.0, answer.2);
        answer
    }
}

/// `s` without the bidirectional controls it may quote from the draft: shown as is, they would
/// reorder a message or a proposed replacement (the draft's own are flagged by
/// `text.direction-controls`, whose fix removes them too).
fn without_direction_controls(s: String) -> String {
    if s.chars().any(local::is_direction_control) {
        s.chars().filter(|&c| !local::is_direction_control(c)).collect()
    } else {
        s
    }
}

impl Checker {
    /// A checker for `guide`.
    pub fn new(guide: CompiledGuide) -> Checker {
        Checker { guide, cache: Mutex::new(Cache::default()) }
    }

    /// The guide this checker applies.
    pub fn guide(&self) -> &CompiledGuide {
        &self.guide
    }

    /// Cache counters since the checker was built.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache
            .lock()
            .map(|c| CacheStats { hits: c.hits, misses: c.misses })
            .unwrap_or(CacheStats { hits: 0, misses: 0 })
    }

    /// The language of `text`: the context's, or detected among the guide's languages.
    pub fn post_lang(&self, text: &str, ctx: &CheckContext) -> Lang {
        ctx.post_lang.unwrap_or_else(|| lex::detect_lang(text, &self.guide.guide.brand.languages))
    }

    fn unit(&self, s: &str, ui: Lang, post: Lang) -> Arc<UnitAnalysis> {
        let slot = usize::from(ui == Lang::En) * 2 + usize::from(post == Lang::En);
        if let Ok(mut cache) = self.cache.lock() {
            if let Some(a) = cache.maps[slot].get(s).cloned() {
                cache.hits += 1;
                return a;
            }
        }
        let a = Arc::new(local::analyze(&self.guide, s, ui, post));
        if let Ok(mut cache) = self.cache.lock() {
            cache.misses += 1;
            let map = &mut cache.maps[slot];
            if map.len() >= CACHE_CAP {
                map.clear();
            }
            map.insert(s.to_string(), a.clone());
        }
        a
    }

    /// Every finding for `text`, sorted by position, ignored findings and disabled rules left out.
    pub fn check(&self, text: &str, ctx: &CheckContext) -> Vec<Finding> {
        let post_lang = self.post_lang(text, ctx);
        let mut protos: Vec<Proto> = Vec::new();
        let mut post = global::Post::default();
        let mut line_start = 0;
        for line in text.split('\n') {
            let line_no_cr = line.strip_suffix('\r').unwrap_or(line);
            for (a, b) in units(line_no_cr) {
                let base = line_start + a;
                let u = self.unit(&line_no_cr[a..b], ctx.lang, post_lang);
                protos.extend(u.protos.iter().map(|p| p.shifted(base)));
                post.hits.extend(u.hits.iter().map(|h| local::Hit {
                    start: h.start + base,
                    end: h.end + base,
                    ..*h
                }));
                let shift = |e: &local::Ent| local::Ent {
                    text: e.text.clone(),
                    start: e.start + base,
                    end: e.end + base,
                };
                post.hashtags.extend(u.hashtags.iter().map(shift));
                post.mentions.extend(u.mentions.iter().map(shift));
                post.urls.extend(u.urls.iter().map(shift));
                post.emoji.extend(u.emoji.iter().map(|&(s, e)| (s + base, e + base)));
                post.tu.extend(u.tu.iter().map(|&(s, e)| (s + base, e + base)));
                post.vous.extend(u.vous.iter().map(|&(s, e)| (s + base, e + base)));
                post.words += u.words;
                post.syllables += u.syllables;
                post.sentences += u.sentences;
            }
            line_start += line.len() + 1;
        }
        global::run(&self.guide, text, ctx, post_lang, &post, &mut protos);
        self.finish(text, protos, ctx)
    }

    fn finish(&self, text: &str, mut protos: Vec<Proto>, ctx: &CheckContext) -> Vec<Finding> {
        protos.retain(|p| {
            p.start <= p.end && text.get(p.start..p.end).is_some() && !ctx.disabled.contains(&p.rule)
        });
        crate::sort::sort_by(&mut protos, |a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
        let mut loc = Locator::new(text);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let ignored_texts: Vec<(&str, String)> = ctx
            .ignored_texts
            .iter()
            .flat_map(|(rule, texts)| texts.iter().map(move |t| (rule.as_str(), match_key(t))))
            .collect();
        let mut out = Vec::with_capacity(protos.len());
        for p in protos {
            let short = match_key(&text[p.start..p.end]);
            let key = format!("{}:{}", p.rule, short);
            let n = seen.entry(key.clone()).or_insert(0);
            let id = format!("{key}:{n}");
            *n += 1;
            if ctx.ignored.contains(&id)
                || ignored_texts.iter().any(|(rule, t)| *rule == p.rule && *t == short)
            {
                continue;
            }
            let (start, line, column) = loc.at(p.start);
            let end = start + utf16_len(&text[p.start..p.end]);
            out.push(Finding {
                id,
                rule: p.rule,
                level: p.level,
                message: without_direction_controls(p.message),
                span: crate::span::Span { byte_start: p.start, byte_end: p.end, start, end },
                line,
                column,
                replacements: p.replacements.into_iter().map(without_direction_controls).collect(),
                safe_fix: p.safe_fix,
            });
        }
        out
    }

    /// `text` with every safe fix applied, re-checking until nothing safe is left (at most 4 rounds).
    pub fn fix(&self, text: &str, ctx: &CheckContext) -> String {
        let mut current = text.to_string();
        for _ in 0..4 {
            let findings = self.check(&current, ctx);
            let next = fix(&current, &findings);
            if next == current {
                break;
            }
            current = next;
        }
        current
    }
}

/// How a finding's matched text appears in its id and is compared for ignoring: folded, its first
/// 32 characters, trimmed.
fn match_key(matched: &str) -> String {
    let folded = lex::fold(matched);
    let short: String = folded.chars().take(32).collect();
    short.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_cover_sentences_with_their_spaces() {
        let l = "  Bonjour !  Ça va ? Oui.  ";
        let u: Vec<&str> = units(l).into_iter().map(|(a, b)| &l[a..b]).collect();
        assert_eq!(u, ["Bonjour !  ", "Ça va ? ", "Oui."]);
        assert!(units("   ").is_empty());
    }

    #[test]
    fn locator_counts_utf16_lines_and_columns() {
        let t = "a😀\nbé c";
        let mut loc = Locator::new(t);
        assert_eq!(loc.at(t.find('c').unwrap()), (7, 2, 4));
        assert_eq!(loc.at(1), (1, 1, 2));
        // Going forward on a line continues from the previous answer; backward starts again.
        assert_eq!(loc.at(5), (1 + 2, 1, 3));
        assert_eq!(loc.at(t.len()), (8, 2, 5));
        assert_eq!(loc.at(0), (0, 1, 1));
    }
}
