//! Hashtag suggestions for a draft on one network, from the guide's library, the active
//! campaign and the account's history. Every suggestion carries a transparent score and the
//! reasons behind it.
//!
//! # Candidates
//!
//! - **Campaign**: the tags the active campaign requires come first, marked `required`
//!   (score 100), unless the draft already has them.
//! - **Library**: an entry matches when one of its `topics` appears in the draft (after folding
//!   accents and case and [stemming](stem), so `réparations`, `réparer` and `réparation` meet),
//!   or when the draft says every word of the tag itself (`AtelierVelo` → `atelier`, `velo`);
//!   some of its words only add to the score of a tag offered for another reason.
//! - **History**: tags of past posts ([`HashtagStats`]): how many posts used them and how those
//!   posts did, as the median ratio of their engagement rate to the account's median on the same
//!   network. A past tag is offered when the draft says all its words, when the account's posts
//!   with it often say a word the draft says too (in at least two of them, 1.5 times as often as
//!   the account's posts at large), or when it is a signature tag (in at least a
//!   quarter of the posts).
//!
//! Never offered: banned tags (case- and accent-insensitive), tags already in the draft, library
//! tags whose `networks` leave this network out.
//!
//! # Score
//!
//! The sum of: 1.0 for a matched library topic (+0.25 per extra topic); 0.5 × the share of the
//! tag's words the draft says (the whole tag written as one word counts as all of them);
//! 0.6 × the share of the tag's past posts containing the draft's best co-occurring word;
//! and for history, 0.5 × usage × performance, where usage = ln(1 + posts) / ln(21) capped at 1
//! (20 posts or more count fully) and performance is the median engagement ratio shrunk towards 1
//! by three pseudo-posts (`(n·r + 3) / (n + 3)`), so that one viral post does not dominate.
//!
//! # Room
//!
//! The stricter of the guide's maximum (per network, else `max_per_post`) and the network's own
//! cap (Instagram 5, Threads 1, Bluesky 8); 3 when neither sets one. The tags already in the draft
//! count: when the draft is full there is no suggestion, and a note says so.

use super::fold::{fold, tokenize};
use super::history::HistoryRecord;
use super::Lang;
use crate::guide::{CompiledGuide, HashtagCase};
use crate::networks::NetworkProfile;
use crate::span::utf16_len;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Hashtags per post when neither the guide nor the network sets a maximum.
pub const DEFAULT_MAX_HASHTAGS: usize = 3;

/// Score of a tag required by the active campaign (always ranked first).
pub const REQUIRED_SCORE: f64 = 100.0;

/// A past tag used in at least this share of the posts with text is a signature tag.
const SIGNATURE_SHARE: f64 = 0.25;

/// What a hashtag request knows besides the draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HashtagOptions {
    /// Active campaign id: its required tags come first.
    pub campaign: Option<String>,
    /// Language of the draft, for stemming; `None` applies the French and English rules both.
    pub lang: Option<Lang>,
    /// Most suggestions to return (never more than the room left); `None`: as many as fit.
    pub limit: Option<usize>,
}

/// One suggested hashtag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashtagSuggestion {
    /// The tag without `#`, spelled as the guide writes it (or in CamelCase).
    pub tag: String,
    /// The tag as it is inserted: `#tag`.
    pub text: String,
    /// Ranking score (see the module docs); [`REQUIRED_SCORE`] for campaign tags.
    pub score: f64,
    /// Whether the active campaign requires it.
    pub required: bool,
    /// Why it is suggested, phrased for the user.
    pub reasons: Vec<String>,
}

/// The answer to a hashtag request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HashtagSuggestions {
    /// Best first; required tags first of all. Never more than `room`.
    pub suggestions: Vec<HashtagSuggestion>,
    /// How many more hashtags the network and the guide allow in this draft.
    pub room: usize,
    /// General remarks: the maximum applied, a full draft, guide conflicts.
    pub notes: Vec<String>,
}

/// Where and what to insert so that a tag lands in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Insertion {
    /// Insertion point in UTF-16 code units (for the editor).
    pub offset: usize,
    /// Insertion point in bytes (for Rust callers).
    pub byte_offset: usize,
    /// Text to insert there, separator included (` #Tag`, `\n\n#Tag`).
    pub text: String,
}

// ─── Stemming ───────────────────────────────────────────────────────────────────────────────────

fn chars_len(s: &str) -> usize {
    s.chars().count()
}

/// Removes `suffix` when at least `keep` characters remain.
fn cut(s: &mut String, suffix: &str, keep: usize) -> bool {
    if s.ends_with(suffix) && chars_len(&s[..s.len() - suffix.len()]) >= keep {
        s.truncate(s.len() - suffix.len());
        true
    } else {
        false
    }
}

/// A light French and English stemmer for folded words (lower case, no accents), enough to let a
/// draft's word meet a topic's: it only removes endings, and both sides go through it.
///
/// Words of three characters or fewer are kept. Then, in order:
/// 1. plurals: English `-ies` → `-y`; French `-aux` → `-al`; a final `-s` (not `-ss`); French `-x`;
/// 2. English (unless `lang` is French): `-ing`, `-ed`, undoubling the last consonant (`shopped` → `shop`);
/// 3. French (unless `lang` is English): `-ation`, `-tion`, `-sion`, else `-ement`, `-ment`; then the
///    verb endings `-er`, `-ez`, else every final `-e` (`réparée` → `repar`).
///
/// At least three characters always remain. Examples: `réparations`, `réparer`, `réparée` →
/// `repar`; `ateliers` → `ateli`; `repairing`, `repairs` → `repair`; `commuting`, `commute` → `commut`.
pub fn stem(word: &str, lang: Option<Lang>) -> String {
    let (fr, en) = (lang != Some(Lang::En), lang != Some(Lang::Fr));
    let mut s = word.to_string();
    if chars_len(&s) <= 3 {
        return s;
    }
    if en && cut(&mut s, "ies", 3) {
        s.push('y');
    } else if fr && cut(&mut s, "aux", 3) {
        s.push_str("al");
    } else if !s.ends_with("ss") && !cut(&mut s, "s", 3) && fr {
        cut(&mut s, "x", 3);
    }
    if en && (cut(&mut s, "ing", 3) || cut(&mut s, "ed", 3)) {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4
            && b[n - 1] == b[n - 2]
            && b[n - 1].is_ascii_alphabetic()
            && !b"aeioulsz".contains(&b[n - 1])
        {
            s.pop();
        }
    }
    if fr {
        if !(cut(&mut s, "ation", 3)
            || cut(&mut s, "tion", 3)
            || cut(&mut s, "sion", 3)
            || cut(&mut s, "ement", 3))
        {
            cut(&mut s, "ment", 3);
        }
        if !(cut(&mut s, "er", 3) || cut(&mut s, "ez", 3)) {
            while cut(&mut s, "e", 3) {}
        }
    }
    s
}

/// Folded words that say nothing about a topic (for tag words and co-occurrences).
const STOP_WORDS: &[&str] = &[
    "les", "des", "une", "pour", "par", "sur", "dans", "avec", "sans", "chez", "vous", "votre", "vos",
    "nous", "notre", "nos", "est", "sont", "cette", "ces", "qui", "que", "quoi", "pas", "plus", "tres",
    "mais", "donc", "car", "aux", "leur", "leurs", "elle", "ils", "son", "ses", "tout", "tous", "the", "and",
    "for", "with", "your", "you", "our", "are", "this", "that", "from", "not", "its", "was", "have", "has",
    "will", "can", "all", "more", "just",
];

fn is_content_word(w: &str) -> bool {
    chars_len(w) >= 3 && !STOP_WORDS.contains(&w) && !w.bytes().all(|b| b.is_ascii_digit())
}

/// The words of a tag, folded: `AtelierVelo` → `atelier`, `velo`; `LVFestival2026` → `lv`,
/// `festival`, `2026`. Breaks at case changes, between letters and digits, and at `_`.
pub fn tag_words(tag: &str) -> Vec<String> {
    let chars: Vec<char> = tag.chars().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(fold(&std::mem::take(&mut cur)));
            }
            continue;
        }
        if let Some(&p) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (c.is_uppercase() && (p.is_lowercase() || p.is_numeric()))
                || (c.is_uppercase() && p.is_uppercase() && next_lower)
                || (c.is_numeric() != p.is_numeric() && p.is_alphanumeric());
            if boundary && !cur.is_empty() {
                words.push(fold(&std::mem::take(&mut cur)));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(fold(&cur));
    }
    words
}

/// The folded key two spellings of one tag share (`#Vélotaf` and `#VELOTAF`).
fn key(tag: &str) -> String {
    fold(tag)
}

// ─── History statistics ─────────────────────────────────────────────────────────────────────────

/// How one tag did in the account's history.
#[derive(Debug, Clone, PartialEq)]
pub struct TagHistory {
    /// Spellings seen, with how many posts used each, most used first.
    pub spellings: Vec<(String, u32)>,
    /// Posts that used the tag.
    pub posts: u32,
    /// Median ratio of those posts' engagement to the account's median on their network
    /// (`None` when no post with the tag has a metric).
    pub ratio: Option<f64>,
    /// Whether `ratio` compares engagement rates (else engagement counts).
    pub by_rate: bool,
}

#[derive(Debug, Clone, Default)]
struct StemStat {
    /// Posts containing the word.
    posts: u32,
    /// Tags of those posts: (tag index, posts with both).
    tags: Vec<(u32, u32)>,
}

/// Hashtag statistics of an account's history, computed once and reused for every draft.
#[derive(Debug, Clone, Default)]
pub struct HashtagStats {
    keys: Vec<String>,
    tags: Vec<TagHistory>,
    index: HashMap<String, u32>,
    words: HashMap<String, StemStat>,
    posts_with_text: u32,
    records: usize,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    crate::sort::sort_by(v, |a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

impl HashtagStats {
    /// Reads the hashtags of every post with text (via [`text::entities`]), how each post did
    /// against the median of its network (engagement rate when at least half of that network's
    /// posts have one, else engagements), and which words came with which tags.
    pub fn from_history(history: &[HistoryRecord]) -> HashtagStats {
        // Per network: which metric, and its median.
        let mut nets: HashMap<&str, (usize, usize)> = HashMap::new();
        for r in history {
            let e = nets.entry(r.network.as_str()).or_default();
            e.0 += 1;
            e.1 += r.engagement_rate.is_some() as usize;
        }
        let by_rate: HashMap<&str, bool> =
            nets.iter().map(|(n, (all, rated))| (*n, *rated > 0 && rated * 2 >= *all)).collect();
        let metric = |r: &HistoryRecord| -> Option<f64> {
            let m = if by_rate.get(r.network.as_str()).copied().unwrap_or(false) {
                r.engagement_rate
            } else {
                Some(r.engagements as f64)
            };
            m.filter(|x| x.is_finite() && *x >= 0.0)
        };
        let mut values: HashMap<&str, Vec<f64>> = HashMap::new();
        for r in history {
            if let Some(m) = metric(r) {
                values.entry(r.network.as_str()).or_default().push(m);
            }
        }
        let base: HashMap<&str, f64> = values
            .into_iter()
            .filter_map(|(n, mut v)| {
                let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
                let m = median(&mut v).filter(|m| *m > 0.0).or((mean > 0.0).then_some(mean))?;
                Some((n, m))
            })
            .collect();

        let mut stats = HashtagStats { records: history.len(), ..Default::default() };
        let mut ratios: Vec<Vec<f64>> = Vec::new();
        let mut rated_by_rate: Vec<(u32, u32)> = Vec::new();
        let mut post_tags: Vec<u32> = Vec::new();
        let mut post_words: HashSet<String> = HashSet::new();
        for r in history {
            let Some(t) = r.text.as_deref() else { continue };
            stats.posts_with_text += 1;
            let ents = text::entities(t);
            let ratio = metric(r).and_then(|m| base.get(r.network.as_str()).map(|b| m / b));
            let rate = by_rate.get(r.network.as_str()).copied().unwrap_or(false);
            post_tags.clear();
            for h in &ents.hashtags {
                let k = key(&h.text);
                let i = match stats.index.get(&k) {
                    Some(&i) => i,
                    None => {
                        let i = stats.keys.len() as u32;
                        stats.index.insert(k.clone(), i);
                        stats.keys.push(k);
                        stats.tags.push(TagHistory {
                            spellings: Vec::new(),
                            posts: 0,
                            ratio: None,
                            by_rate: false,
                        });
                        ratios.push(Vec::new());
                        rated_by_rate.push((0, 0));
                        i
                    }
                };
                let th = &mut stats.tags[i as usize];
                match th.spellings.iter_mut().find(|(s, _)| *s == h.text) {
                    Some(s) if !post_tags.contains(&i) => s.1 += 1,
                    Some(_) => {}
                    None => th.spellings.push((h.text.clone(), 1)),
                }
                if post_tags.contains(&i) {
                    continue;
                }
                post_tags.push(i);
                th.posts += 1;
                if let Some(x) = ratio {
                    ratios[i as usize].push(x);
                    let rb = &mut rated_by_rate[i as usize];
                    rb.0 += 1;
                    rb.1 += rate as u32;
                }
            }
            // Words of the post outside its entities (its own tags included), stemmed, once per post.
            post_words.clear();
            for_each_word(t, ents.hashtags.iter().chain(&ents.urls).chain(&ents.mentions), |w, _, _| {
                if is_content_word(w) {
                    post_words.insert(stem(w, None));
                }
            });
            for w in post_words.drain() {
                let st = stats.words.entry(w).or_default();
                st.posts += 1;
                for &t in &post_tags {
                    match st.tags.iter_mut().find(|(i, _)| *i == t) {
                        Some(x) => x.1 += 1,
                        None => st.tags.push((t, 1)),
                    }
                }
            }
        }
        for (i, th) in stats.tags.iter_mut().enumerate() {
            crate::sort::sort_by_key(&mut th.spellings, |s| std::cmp::Reverse(s.1));
            th.ratio = median(&mut ratios[i]);
            th.by_rate = rated_by_rate[i].1 * 2 >= rated_by_rate[i].0 && rated_by_rate[i].0 > 0;
        }
        stats
    }

    /// How tag `tag` (without `#`, any case or accents) did, if the history used it.
    pub fn get(&self, tag: &str) -> Option<&TagHistory> {
        self.index.get(&key(tag)).map(|&i| &self.tags[i as usize])
    }

    /// Distinct tags in the history.
    pub fn tag_count(&self) -> usize {
        self.tags.len()
    }

    /// Posts that had a text (the only ones whose tags are known).
    pub fn posts_with_text(&self) -> usize {
        self.posts_with_text as usize
    }

    /// Records read, with or without text.
    pub fn records(&self) -> usize {
        self.records
    }
}

// ─── The draft ──────────────────────────────────────────────────────────────────────────────────

struct DraftWord<'a> {
    /// Stem with the requested language's rules (topics, tag words).
    stem: String,
    /// Stem with both languages' rules (co-occurrences in the history).
    stem_any: String,
    /// As written in the draft.
    original: &'a str,
}

/// Calls `f(folded word, byte start, byte end)` for each word of `text` outside the `skip` entities.
fn for_each_word<'e>(
    text: &str,
    skip: impl Iterator<Item = &'e text::Entity>,
    mut f: impl FnMut(&str, usize, usize),
) {
    let skip: Vec<(usize, usize)> = skip.map(|e| (e.span.byte_start, e.span.byte_end)).collect();
    let toks = tokenize(text);
    for (i, t) in toks.list.iter().enumerate() {
        let (s, e) = (t.start as usize, t.end as usize);
        if !skip.iter().any(|&(a, b)| s < b && e > a) {
            f(toks.word(i), s, e);
        }
    }
}

/// The draft's words outside links, mentions and cashtags; words of its hashtags count.
fn draft_words<'a>(draft: &'a str, ents: &text::Entities, lang: Option<Lang>) -> Vec<DraftWord<'a>> {
    let mut out = Vec::new();
    for_each_word(draft, ents.urls.iter().chain(&ents.mentions).chain(&ents.cashtags), |w, s, e| {
        let stem_any = stem(w, None);
        let stem = if lang.is_none() { stem_any.clone() } else { stem(w, lang) };
        out.push(DraftWord { stem, stem_any, original: draft.get(s..e).unwrap_or("") });
    });
    out
}

/// Where `phrase` (stems) occurs as consecutive draft words: the index of its first word.
fn find_phrase(words: &[DraftWord<'_>], phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() || phrase.len() > words.len() {
        return None;
    }
    (0..=words.len() - phrase.len())
        .find(|&i| phrase.iter().enumerate().all(|(j, p)| words[i + j].stem == *p))
}

// ─── Suggestions ────────────────────────────────────────────────────────────────────────────────

struct Candidate {
    key: String,
    tag: String,
    required: bool,
    relevant: bool,
    score: f64,
    reasons: Vec<String>,
}

fn candidate<'c>(list: &'c mut Vec<Candidate>, k: &str, tag: &str) -> &'c mut Candidate {
    match list.iter().position(|c| c.key == k) {
        Some(i) => &mut list[i],
        None => {
            list.push(Candidate {
                key: k.to_string(),
                tag: tag.to_string(),
                required: false,
                relevant: false,
                score: 0.0,
                reasons: Vec::new(),
            });
            let last = list.len() - 1;
            &mut list[last]
        }
    }
}

fn quoted(v: &[&str]) -> String {
    v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}

/// A past tag's spelling in the guide's case style: the most used CamelCase variant, else the most
/// used one with a capital first letter (`camel`); lower case (`lower`); the most used (`any`).
fn history_spelling(th: &TagHistory, case: HashtagCase) -> String {
    let most = th.spellings.first().map(|s| s.0.as_str()).unwrap_or("");
    match case {
        HashtagCase::Any => most.to_string(),
        HashtagCase::Lower => most.to_lowercase(),
        HashtagCase::Camel => {
            let camel = |s: &str| {
                s.chars().next().is_some_and(char::is_uppercase) && s.chars().any(char::is_lowercase)
            };
            match th.spellings.iter().find(|(s, _)| camel(s)) {
                Some((s, _)) => s.clone(),
                None => {
                    let mut c = most.chars();
                    match c.next() {
                        Some(f) => f.to_uppercase().chain(c).collect(),
                        None => String::new(),
                    }
                }
            }
        }
    }
}

/// Share of the tag's content words that the draft says (1.0 when the draft writes the whole tag
/// as a word), and those words as written in the draft.
fn tag_word_match<'a>(tag: &str, words: &[DraftWord<'a>], lang: Option<Lang>) -> (f64, Vec<&'a str>) {
    let whole = stem(&key(tag), lang);
    if let Some(w) = words.iter().find(|w| w.stem == whole) {
        return (1.0, vec![w.original]);
    }
    let parts: Vec<String> =
        tag_words(tag).into_iter().filter(|w| is_content_word(w)).map(|w| stem(&w, lang)).collect();
    if parts.is_empty() {
        return (0.0, Vec::new());
    }
    let mut found = Vec::new();
    for p in &parts {
        if let Some(w) = words.iter().find(|w| w.stem == *p) {
            found.push(w.original);
        }
    }
    (found.len() as f64 / parts.len() as f64, found)
}

/// Hashtag suggestions for `draft` on `network`, from the guide, the active campaign and the
/// account's `history`. Builds [`HashtagStats`] from `history` first: callers suggesting for
/// many drafts should build it once and call [`suggest_hashtags_with_stats`].
pub fn suggest_hashtags(
    draft: &str,
    network: &NetworkProfile,
    guide: &CompiledGuide,
    history: &[HistoryRecord],
    options: &HashtagOptions,
) -> HashtagSuggestions {
    suggest_hashtags_with_stats(draft, network, guide, &HashtagStats::from_history(history), options)
}

/// [`suggest_hashtags`] with the history's statistics computed beforehand. Never panics.
pub fn suggest_hashtags_with_stats(
    draft: &str,
    network: &NetworkProfile,
    guide: &CompiledGuide,
    stats: &HashtagStats,
    options: &HashtagOptions,
) -> HashtagSuggestions {
    let mut notes = Vec::new();
    let ents = text::entities(draft);
    let present: HashSet<String> = ents.hashtags.iter().map(|h| key(&h.text)).collect();
    let n_present = ents.hashtags.len();
    let name = &network.name;

    // How many fit.
    let cap = guide.hashtag_cap(Some(&network.id));
    let hard = network.hashtag_limit.or(cap.network);
    let max = match (cap.guide, hard) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(DEFAULT_MAX_HASHTAGS),
    };
    let why_max = match (cap.guide, hard) {
        (Some(g), Some(h)) if h < g => format!("{name} allows {h}"),
        (Some(g), Some(h)) if h == g => format!("the guide's maximum and {name}'s"),
        (Some(_), _) => "the guide's maximum".to_string(),
        (None, Some(_)) => format!("{name}'s maximum"),
        (None, None) => "a default: neither the guide nor the network sets a maximum".to_string(),
    };
    let room = max.saturating_sub(n_present);
    notes.push(format!(
        "at most {max} hashtag{} on {name} ({why_max}); the draft has {n_present}: room for {room}",
        if max == 1 { "" } else { "s" }
    ));

    let guide_h = &guide.guide.hashtags;
    let banned_keys: HashSet<String> = guide_h.banned.iter().map(|b| key(b)).collect();
    let blocked = |tag: &str, k: &str| guide.is_banned_hashtag(tag) || banned_keys.contains(k);

    // Campaign tags.
    let mut cands: Vec<Candidate> = Vec::new();
    if let Some(c) = options.campaign.as_deref() {
        match guide.campaign_tags(c) {
            None => notes.push(format!("the guide has no campaign '{c}'")),
            Some(tags) => {
                for t in tags {
                    let t = t.trim_start_matches(['#', '＃']);
                    let k = key(t);
                    if present.contains(&k) || t.is_empty() {
                        continue;
                    }
                    if blocked(t, &k) {
                        notes.push(format!(
                            "campaign '{c}' requires #{t}, which the guide also bans: left out"
                        ));
                        continue;
                    }
                    let cand = candidate(&mut cands, &k, t);
                    cand.required = true;
                    cand.relevant = true;
                    cand.score = REQUIRED_SCORE;
                    cand.reasons.push(format!("campaign '{c}': required"));
                }
            }
        }
    }
    let required = cands.len();
    if room == 0 {
        notes.push(format!("the draft already has the most hashtags {name} allows here: no suggestion"));
        if required > 0 {
            let tags: Vec<String> = cands.iter().map(|c| format!("#{}", c.tag)).collect();
            notes.push(format!("campaign requires {}: replace one of the draft's hashtags", tags.join(", ")));
        }
        return HashtagSuggestions { suggestions: Vec::new(), room, notes };
    }

    let lang = options.lang;
    let words = draft_words(draft, &ents, lang);
    let on_network = |nets: &[String]| nets.is_empty() || nets.contains(&network.id);

    // Library.
    let mut library_keys: HashMap<String, usize> = HashMap::new();
    for (li, entry) in guide_h.library.iter().enumerate() {
        let t = entry.tag.trim_start_matches(['#', '＃']);
        let k = key(t);
        if t.is_empty() {
            continue;
        }
        library_keys.entry(k.clone()).or_insert(li);
        if present.contains(&k) || blocked(t, &k) {
            continue;
        }
        let topics: Vec<&str> = entry
            .topics
            .iter()
            .filter(|topic| {
                let toks = tokenize(topic);
                let phrase: Vec<String> = (0..toks.len()).map(|i| stem(toks.word(i), lang)).collect();
                find_phrase(&words, &phrase).is_some()
            })
            .map(String::as_str)
            .collect();
        let (share, found) = tag_word_match(t, &words, lang);
        if topics.is_empty() && share < 1.0 {
            continue;
        }
        if !on_network(&entry.networks) {
            notes.push(format!(
                "#{t} fits the draft but the guide keeps it for {}",
                entry.networks.join(", ")
            ));
            continue;
        }
        let c = candidate(&mut cands, &k, t);
        if c.required {
            continue;
        }
        c.relevant = true;
        if !topics.is_empty() {
            c.score += 1.0 + 0.25 * (topics.len() - 1) as f64;
            c.reasons.push(format!(
                "library: topic{} {}",
                if topics.len() == 1 { "" } else { "s" },
                quoted(&topics)
            ));
        }
        if share > 0.0 {
            c.score += 0.5 * share;
            c.reasons.push(format!("the draft says {}, in the tag", quoted(&found)));
        }
    }

    // History: co-occurring words first (one pass over the draft's words).
    let mut cooc: HashMap<u32, (u32, &str)> = HashMap::new();
    let n_posts = stats.posts_with_text.max(1) as f64;
    let mut seen: HashSet<&str> = HashSet::new();
    for w in &words {
        if !is_content_word(&w.stem_any) || !seen.insert(w.stem_any.as_str()) {
            continue;
        }
        let Some(st) = stats.words.get(&w.stem_any) else { continue };
        let p_word = st.posts as f64 / n_posts;
        for &(t, both) in &st.tags {
            let posts_t = stats.tags[t as usize].posts.max(1) as f64;
            let lift = (both as f64 / posts_t) / p_word.max(1e-9);
            if both >= 2 && lift >= 1.5 && cooc.get(&t).is_none_or(|(b, _)| both > *b) {
                cooc.insert(t, (both, w.original));
            }
        }
    }
    for (i, th) in stats.tags.iter().enumerate() {
        let k = &stats.keys[i];
        if present.contains(k) {
            continue;
        }
        let lib = library_keys.get(k).map(|&li| &guide_h.library[li]);
        if lib.is_some_and(|e| !on_network(&e.networks)) {
            continue;
        }
        let spelling = match lib {
            Some(e) => e.tag.trim_start_matches(['#', '＃']).to_string(),
            None => history_spelling(th, guide_h.case),
        };
        if spelling.is_empty()
            || blocked(&spelling, k)
            || th.spellings.iter().any(|(s, _)| blocked(s, k))
            || !text::is_valid_hashtag(&format!("#{spelling}"))
        {
            continue;
        }
        let share = th.posts as f64 / n_posts;
        let co = cooc.get(&(i as u32)).copied();
        let (tw_share, tw_found) =
            if lib.is_some() { (0.0, Vec::new()) } else { tag_word_match(&spelling, &words, lang) };
        let c = candidate(&mut cands, k, &spelling);
        if c.required {
            continue;
        }
        let relevant_before = c.relevant;
        if tw_share > 0.0 {
            c.score += 0.5 * tw_share;
            c.reasons.push(format!("the draft says {}, in the tag", quoted(&tw_found)));
        }
        if let Some((both, word)) = co {
            c.score += 0.6 * both as f64 / th.posts.max(1) as f64;
            c.reasons.push(format!("{both} of your {} posts with #{spelling} also say '{word}'", th.posts));
        }
        let signature = th.posts >= 3 && share >= SIGNATURE_SHARE;
        let usage = ((1.0 + th.posts as f64).ln() / 21f64.ln()).min(1.0);
        let perf = th.ratio.map_or(1.0, |r| (th.posts as f64 * r + 3.0) / (th.posts as f64 + 3.0));
        c.score += 0.5 * usage * perf;
        let mut r = format!("used in {} post{}", th.posts, if th.posts == 1 { "" } else { "s" });
        if let Some(x) = th.ratio {
            r.push_str(&format!(
                ", {x:.1}× median {}",
                if th.by_rate { "engagement" } else { "engagements" }
            ));
        }
        if signature {
            r.push_str(&format!(" ({:.0}% of your posts)", share * 100.0));
        }
        c.reasons.push(r);
        c.relevant = relevant_before || tw_share >= 1.0 || co.is_some() || signature;
    }
    if stats.records > 0 && stats.posts_with_text == 0 {
        notes.push("the history has no post text: its hashtags are unknown".into());
    }

    cands.retain(|c| c.relevant);
    crate::sort::sort_by(&mut cands, |a, b| {
        b.required.cmp(&a.required).then(b.score.total_cmp(&a.score)).then(a.tag.cmp(&b.tag))
    });
    let take = room.min(options.limit.unwrap_or(room));
    if required > take {
        let left: Vec<String> = cands[take..required].iter().map(|c| format!("#{}", c.tag)).collect();
        notes.push(format!("the campaign also requires {}, but only {take} more fit", left.join(", ")));
    }
    if cands.is_empty() {
        notes.push("no library topic or past hashtag matches this draft".into());
    }
    cands.truncate(take);
    let suggestions = cands
        .into_iter()
        .map(|c| HashtagSuggestion {
            text: format!("#{}", c.tag),
            tag: c.tag,
            score: (c.score * 100.0).round() / 100.0,
            required: c.required,
            reasons: c.reasons,
        })
        .collect();
    HashtagSuggestions { suggestions, room, notes }
}

/// Where to insert `tag` (with or without `#`) into `draft`, and the text to insert, so that the
/// overlay can type it through the editor:
/// - after the hashtags that end the draft: ` #Tag` right after the last one;
/// - after text on one line: ` #Tag` at the end (trailing spaces stay after it);
/// - after a post of several paragraphs: on a line of its own (`\n\n#Tag`, or `\n#Tag` when the
///   draft does not use blank lines);
/// - into an empty draft: `#Tag`.
pub fn insertion(draft: &str, tag: &str) -> Insertion {
    let tag = tag.trim().trim_start_matches(['#', '＃']);
    let end = draft.trim_end().len();
    let body = &draft[..end];
    let ends_with_tag = text::entities(body).hashtags.last().is_some_and(|h| h.span.byte_end == end);
    let text = if end == 0 {
        format!("#{tag}")
    } else if ends_with_tag || !body.contains('\n') {
        format!(" #{tag}")
    } else if body.contains("\n\n") {
        format!("\n\n#{tag}")
    } else {
        format!("\n#{tag}")
    };
    Insertion { offset: utf16_len(body), byte_offset: end, text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide;
    use crate::networks::builtin;
    use chrono::{Duration, TimeZone, Utc};

    fn net(id: &str) -> NetworkProfile {
        builtin(id).unwrap()
    }

    fn opts() -> HashtagOptions {
        HashtagOptions::default()
    }

    fn tags(r: &HashtagSuggestions) -> Vec<&str> {
        r.suggestions.iter().map(|s| s.tag.as_str()).collect()
    }

    fn post(network: &str, day: i64, rate: f64, text: &str) -> HistoryRecord {
        HistoryRecord {
            network: network.into(),
            posted_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + Duration::days(day),
            time_known: true,
            impressions: Some(1000),
            engagements: (rate * 1000.0) as u64,
            engagement_rate: Some(rate),
            text: Some(text.into()),
        }
    }

    /// An Instagram history: #VeloTaf posts about commuting do well, #Promo posts do even better
    /// (but the guide bans it), #LyonAVelo goes with "piste", #RoueLibre is on most posts.
    fn history() -> Vec<HistoryRecord> {
        let mut h = Vec::new();
        for i in 0..14 {
            h.push(post("instagram", i, 0.028, "Le trajet du matin, sous le soleil ☀️ #VeloTaf #RoueLibre"));
        }
        for i in 0..6 {
            h.push(post("instagram", 20 + i, 0.06, "Tout à -20 % ce week-end ! #Promo #RoueLibre"));
        }
        for i in 0..4 {
            h.push(post("instagram", 30 + i, 0.015, "Nouvelle piste cyclable quai Perrache #lyonavelo"));
        }
        h.push(post("instagram", 40, 0.015, "Nouvelle piste cyclable à Gerland #LyonAVelo"));
        for i in 0..20 {
            h.push(post("instagram", 50 + i, 0.02, "Les coulisses de l'atelier : un dérailleur à régler"));
        }
        h
    }

    #[test]
    fn stems_meet_across_inflections() {
        for (w, s) in [
            ("reparations", "repar"),
            ("reparer", "repar"),
            ("reparee", "repar"),
            ("repare", "repar"),
            ("reparation", "repar"),
            ("ateliers", "ateli"),
            ("atelier", "ateli"),
            ("velos", "velo"),
            ("journaux", "journal"),
            ("rapidement", "rapid"),
            ("repairing", "repair"),
            ("repaired", "repair"),
            ("repairs", "repair"),
            ("stories", "story"),
            ("shopping", "shop"),
            ("commuting", "commut"),
            ("commute", "commut"),
            ("express", "express"),
            ("bus", "bus"),
            ("used", "used"),
        ] {
            assert_eq!(stem(w, None), s, "{w}");
        }
        // One language's rules only.
        assert_eq!(stem("repairing", Some(Lang::Fr)), "repairing");
        assert_eq!(stem("reparation", Some(Lang::En)), "reparation");
        assert_eq!(stem("trajets", Some(Lang::Fr)), "trajet");
        assert_eq!(stem("travaux", Some(Lang::Fr)), "traval");
        // Non-Latin words and odd input pass through without panicking.
        for w in ["", "s", "ées", "日本語です", "🚲🚲s", "x", "sss", "ements"] {
            let _ = stem(w, None);
        }
    }

    #[test]
    fn tag_words_split_camel_case_digits_and_underscores() {
        assert_eq!(tag_words("AtelierVelo"), ["atelier", "velo"]);
        assert_eq!(tag_words("RoueLibreAuPrintemps"), ["roue", "libre", "au", "printemps"]);
        assert_eq!(tag_words("LVFestival2026"), ["lv", "festival", "2026"]);
        assert_eq!(tag_words("vélo_taf"), ["velo", "taf"]);
        assert_eq!(tag_words("ÉtéIndien"), ["ete", "indien"]);
        assert!(tag_words("").is_empty());
    }

    #[test]
    fn french_repair_draft_gets_atelier_velo() {
        let g = guide::sample();
        let d = "Votre vélo grince ? Passez à l'atelier pour une réparation express";
        let r = suggest_hashtags(d, &net("instagram"), &g, &[], &opts());
        assert_eq!(tags(&r), ["AtelierVelo"], "{r:?}");
        let s = &r.suggestions[0];
        assert_eq!(s.text, "#AtelierVelo");
        assert!(!s.required);
        assert!(s.reasons.iter().any(|x| x == "library: topics 'réparation', 'atelier'"), "{:?}", s.reasons);
        assert!(s.reasons.iter().any(|x| x.contains("'vélo'") && x.contains("'atelier'")), "{:?}", s.reasons);
        assert_eq!(r.room, 5);
        assert!(r.notes[0].starts_with("at most 5 hashtags on Instagram"), "{:?}", r.notes);
        // Accents and inflections do not matter.
        let r = suggest_hashtags("Nos ateliers reparent les velos", &net("x"), &g, &[], &opts());
        assert_eq!(tags(&r), ["AtelierVelo"]);
    }

    #[test]
    fn english_draft_matches_english_topics_and_respects_networks() {
        let g = guide::sample();
        let d = "Repairing your bike before the commute? Our team is in from 8am.";
        let r =
            suggest_hashtags(d, &net("bluesky"), &g, &[], &HashtagOptions { lang: Some(Lang::En), ..opts() });
        assert_eq!(tags(&r), ["AtelierVelo", "VeloTaf"], "{r:?}");
        assert!(r.suggestions[1].reasons.contains(&"library: topic 'commute'".to_string()));
        // The sample guide caps every network at 3 (Bluesky's own cap is 8).
        assert_eq!(r.room, 3);
        // VeloTaf is kept for Instagram, Bluesky and Mastodon: not on LinkedIn, and a note says why.
        let r = suggest_hashtags(d, &net("linkedin"), &g, &[], &opts());
        assert_eq!(tags(&r), ["AtelierVelo"]);
        assert!(
            r.notes.iter().any(|n| n
                .contains("#VeloTaf fits the draft but the guide keeps it for instagram, bluesky, mastodon")),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn campaign_tags_come_first_and_threads_allows_one() {
        let g = guide::sample();
        let d = "Votre vélo grince ? Passez à l'atelier pour une réparation express";
        let o = HashtagOptions { campaign: Some("printemps".into()), ..opts() };
        let r = suggest_hashtags(d, &net("instagram"), &g, &[], &o);
        assert_eq!(tags(&r), ["RoueLibreAuPrintemps", "AtelierVelo"]);
        assert!(r.suggestions[0].required);
        assert_eq!(r.suggestions[0].score, REQUIRED_SCORE);
        assert_eq!(r.suggestions[0].reasons, ["campaign 'printemps': required"]);
        let r = suggest_hashtags(d, &net("threads"), &g, &[], &o);
        assert_eq!(tags(&r), ["RoueLibreAuPrintemps"]);
        assert_eq!(r.room, 1);
        assert!(r.notes[0].contains("Threads allows 1"), "{:?}", r.notes);
        // Two required tags, one place.
        let o = HashtagOptions { campaign: Some("lyon-festival".into()), ..opts() };
        let r = suggest_hashtags("Rendez-vous au festival !", &net("threads"), &g, &[], &o);
        assert_eq!(r.suggestions.len(), 1);
        assert!(
            r.notes.iter().any(|n| n.contains("also requires #RoueLibre, but only 1 more fit")),
            "{:?}",
            r.notes
        );
        // A required tag already in the draft is not offered again; unknown campaigns are noted.
        let r = suggest_hashtags(
            "Ça roule #roueLibreAuPrintemps",
            &net("x"),
            &g,
            &[],
            &HashtagOptions { campaign: Some("printemps".into()), ..opts() },
        );
        assert!(r.suggestions.iter().all(|s| !s.required));
        let r = suggest_hashtags(
            "x",
            &net("x"),
            &g,
            &[],
            &HashtagOptions { campaign: Some("hiver".into()), ..opts() },
        );
        assert!(r.notes.iter().any(|n| n == "the guide has no campaign 'hiver'"));
    }

    #[test]
    fn full_draft_gets_no_suggestion_and_a_note() {
        let g = guide::sample();
        let o = HashtagOptions { campaign: Some("printemps".into()), ..opts() };
        let r = suggest_hashtags("Réparation express à l'atelier #RoueLibre", &net("threads"), &g, &[], &o);
        assert!(r.suggestions.is_empty());
        assert_eq!(r.room, 0);
        assert!(
            r.notes.iter().any(|n| n.contains("already has the most hashtags Threads allows")),
            "{:?}",
            r.notes
        );
        assert!(r.notes.iter().any(|n| n.contains("#RoueLibreAuPrintemps: replace one")), "{:?}", r.notes);
        // Over the maximum: still zero room, never negative.
        let r = suggest_hashtags("#a1 #b2 #c3 #d4 atelier", &net("x"), &g, &[], &opts());
        assert_eq!(r.room, 0);
        assert!(r.suggestions.is_empty());
    }

    #[test]
    fn present_tags_are_not_offered_again() {
        let g = guide::sample();
        let d = "Passez à l'atelier pour une réparation express #ateliervélo";
        let r = suggest_hashtags(d, &net("instagram"), &g, &[], &opts());
        assert!(!tags(&r).contains(&"AtelierVelo"), "{r:?}");
        assert_eq!(r.room, 4);
    }

    #[test]
    fn history_adds_tags_with_their_record_and_never_banned_ones() {
        let g = guide::sample();
        let h = history();
        let stats = HashtagStats::from_history(&h);
        assert_eq!(stats.posts_with_text(), h.len());
        let velotaf = stats.get("velotaf").unwrap();
        assert_eq!(velotaf.posts, 14);
        assert_eq!(stats.get("LYONAVELO").unwrap().spellings[0], ("lyonavelo".to_string(), 4));

        let d = "Ce matin, trajet sous la pluie 🌧️ : pensez aux garde-boue !";
        let r = suggest_hashtags_with_stats(d, &net("instagram"), &g, &stats, &opts());
        assert_eq!(tags(&r)[0], "VeloTaf", "{r:?}");
        let reasons = &r.suggestions[0].reasons;
        assert!(reasons.contains(&"library: topic 'trajet'".to_string()), "{reasons:?}");
        // Median engagement rate of the account on Instagram is 0.02; #VeloTaf posts did 0.028.
        assert!(
            reasons.iter().any(|x| x == "used in 14 posts, 1.4× median engagement (31% of your posts)"),
            "{reasons:?}"
        );
        // #RoueLibre is on 20 of 45 posts: a signature tag, offered after the topical one.
        assert!(tags(&r).contains(&"RoueLibre"), "{r:?}");
        // #Promo did best of all but is banned.
        assert!(r.suggestions.iter().all(|s| s.tag.to_lowercase() != "promo"));

        // A past tag that is not in the library comes from words its posts shared with the draft,
        // written in CamelCase as the account once wrote it.
        let d = "La nouvelle piste cyclable du quai est ouverte !";
        let r = suggest_hashtags_with_stats(d, &net("instagram"), &g, &stats, &opts());
        let s = r.suggestions.iter().find(|s| s.tag == "LyonAVelo").unwrap_or_else(|| panic!("{r:?}"));
        assert!(
            s.reasons.iter().any(|x| x.starts_with("5 of your 5 posts with #LyonAVelo also say")),
            "{:?}",
            s.reasons
        );
        assert!(
            s.reasons.iter().any(|x| x.starts_with("used in 5 posts, 0.8× median engagement")),
            "{:?}",
            s.reasons
        );
    }

    #[test]
    fn history_lifts_a_tag_over_an_equal_library_match() {
        let g = guide::sample();
        // Both library tags match by topic; the history says #VeloTaf posts do well.
        let d = "Atelier et trajet : on vous explique tout.";
        let without = suggest_hashtags(d, &net("instagram"), &g, &[], &opts());
        let with = suggest_hashtags(d, &net("instagram"), &g, &history(), &opts());
        let score = |r: &HashtagSuggestions, t: &str| {
            r.suggestions.iter().find(|s| s.tag == t).map(|s| s.score).unwrap()
        };
        assert_eq!(score(&without, "AtelierVelo"), score(&with, "AtelierVelo"));
        assert!(score(&with, "VeloTaf") > score(&without, "VeloTaf") + 0.3);
        assert_eq!(tags(&with)[0], "VeloTaf");
    }

    #[test]
    fn limit_and_default_maximum() {
        let g = guide::sample();
        let d = "Repairing your bike before the commute? Réparation à l'atelier.";
        let r = suggest_hashtags(d, &net("instagram"), &g, &[], &HashtagOptions { limit: Some(1), ..opts() });
        assert_eq!(r.suggestions.len(), 1);
        assert_eq!(r.room, 5);
        let r = suggest_hashtags(d, &net("instagram"), &g, &[], &HashtagOptions { limit: Some(0), ..opts() });
        assert!(r.suggestions.is_empty());
        // A guide without maximum: the network's cap, else 3.
        let bare = guide::CompiledGuide::new(guide::minimal());
        assert_eq!(suggest_hashtags(d, &net("bluesky"), &bare, &[], &opts()).room, 8);
        assert_eq!(suggest_hashtags(d, &net("linkedin"), &bare, &[], &opts()).room, DEFAULT_MAX_HASHTAGS);
        assert!(suggest_hashtags(d, &net("linkedin"), &bare, &[], &opts()).notes[0].contains("a default"));
    }

    #[test]
    fn json_shape() {
        let g = guide::sample();
        let r = suggest_hashtags("Passez à l'atelier", &net("x"), &g, &[], &opts());
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["suggestions"][0]["tag"], "AtelierVelo");
        assert_eq!(v["suggestions"][0]["text"], "#AtelierVelo");
        assert_eq!(v["suggestions"][0]["required"], false);
        assert!(v["suggestions"][0]["score"].is_f64());
        assert!(v["suggestions"][0]["reasons"].is_array());
        assert_eq!(v["room"], 2);
        assert!(v["notes"].is_array());
        let o: HashtagOptions = serde_json::from_str(r#"{"campaign":"printemps","lang":"fr"}"#).unwrap();
        assert_eq!(
            o,
            HashtagOptions { campaign: Some("printemps".into()), lang: Some(Lang::Fr), limit: None }
        );
    }

    #[test]
    fn insertion_points() {
        let ins = insertion("Passez à l'atelier 🚲", "AtelierVelo");
        assert_eq!(
            (ins.offset, ins.byte_offset, ins.text.as_str()),
            (21, "Passez à l'atelier 🚲".len(), " #AtelierVelo")
        );
        // Trailing spaces stay after the tag.
        let d = "Passez nous voir  \n";
        let ins = insertion(d, "#RoueLibre");
        assert_eq!((ins.byte_offset, ins.text.as_str()), (16, " #RoueLibre"));
        // After trailing hashtags on their own line: on that line.
        let d = "Première ligne.\n\nDeuxième.\n#RoueLibre";
        let ins = insertion(d, "AtelierVelo");
        assert_eq!((ins.byte_offset, ins.text.as_str()), (d.len(), " #AtelierVelo"));
        // Several paragraphs ending with text: a paragraph of its own.
        let d = "Première ligne.\n\nDeuxième.";
        assert_eq!(insertion(d, "AtelierVelo").text, "\n\n#AtelierVelo");
        assert_eq!(insertion("Une\nDeux", "A").text, "\n#A");
        assert_eq!(insertion("", "A"), Insertion { offset: 0, byte_offset: 0, text: "#A".into() });
        assert_eq!(insertion("  \n", "A").byte_offset, 0);
        let mut s = d.to_string();
        let ins = insertion(&s, "Tag");
        s.insert_str(ins.byte_offset, &ins.text);
        assert_eq!(text::entities(&s).hashtags.last().unwrap().text, "Tag");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let g = guide::sample();
        let h = vec![
            post("instagram", 0, f64::NAN, "#"),
            post("instagram", 1, 0.0, "#### #a #é\u{301} ＃Ｔａｇ"),
            HistoryRecord { text: None, engagement_rate: None, ..post("x", 2, 0.0, "") },
        ];
        for d in [
            "",
            "#",
            "＃",
            "l'",
            "'''",
            "\u{301}",
            "🚲🚲🚲",
            "#AtelierVelo#RoueLibre",
            "a\r\n\r\nb",
            "日本語の文章 #タグ",
        ] {
            for n in ["x", "threads", "instagram", "linkedin"] {
                let r = suggest_hashtags(
                    d,
                    &net(n),
                    &g,
                    &h,
                    &HashtagOptions {
                        campaign: Some("printemps".into()),
                        lang: None,
                        limit: Some(usize::MAX),
                    },
                );
                assert!(r.suggestions.len() <= r.room);
                let _ = insertion(d, "#");
            }
        }
    }
}
