//! Comment triage: is the message being answered a complaint, a question, praise, spam/abuse, or
//! urgent (a crisis: legal threat, safety or health hazard, press enquiry, threat to go public)?
//!
//! The model is transparent: a lexicon of phrases and stems with a weight per class
//! (`data/triage_lexicon.txt`, accent- and case-insensitive, elision-aware), adjusted by
//! negation ("pas content" turns praise into complaint), intensifiers ("très", "so"), contrast
//! ("…mais", "…but": the clause after weighs more), shouting (ALL CAPS, `!!!`), emoji, question
//! marks, links and mentions. Every cue that fires is reported in [`Triage::reasons`].

use super::fold::{tokenize, Tokens};
use super::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of message a comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Dissatisfaction or a problem to fix (late delivery, defect, refund...).
    Complaint,
    /// A neutral request for information (opening hours, stock, ingredients...).
    Question,
    /// Thanks, compliments, enthusiasm.
    Praise,
    /// Spam (crypto, fake giveaways, follower selling) or abuse (insults).
    Spam,
    /// A crisis to escalate: legal threat, safety/health hazard, press enquiry, going public.
    Urgent,
}

impl Class {
    /// All classes, in score order.
    pub const ALL: [Class; 5] =
        [Class::Complaint, Class::Question, Class::Praise, Class::Spam, Class::Urgent];

    /// The lowercase name (`complaint`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Class::Complaint => "complaint",
            Class::Question => "question",
            Class::Praise => "praise",
            Class::Spam => "spam",
            Class::Urgent => "urgent",
        }
    }

    /// Parses a class name (`abuse` is accepted for `spam`).
    pub fn parse(s: &str) -> Option<Class> {
        match s.trim().to_ascii_lowercase().as_str() {
            "complaint" => Some(Class::Complaint),
            "question" => Some(Class::Question),
            "praise" => Some(Class::Praise),
            "spam" | "abuse" => Some(Class::Spam),
            "urgent" | "crisis" => Some(Class::Urgent),
            _ => None,
        }
    }

    fn idx(self) -> usize {
        self as usize
    }
}

/// Score of each class (sums of the weights of the cues that fired, after adjustments).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Complaint score.
    pub complaint: f32,
    /// Question score.
    pub question: f32,
    /// Praise score.
    pub praise: f32,
    /// Spam/abuse score.
    pub spam: f32,
    /// Urgency score.
    pub urgent: f32,
}

impl Scores {
    fn from_array(a: [f32; 5]) -> Scores {
        let r = |x: f32| (x * 100.0).round() / 100.0;
        Scores { complaint: r(a[0]), question: r(a[1]), praise: r(a[2]), spam: r(a[3]), urgent: r(a[4]) }
    }

    /// The score of `class`.
    pub fn get(&self, class: Class) -> f32 {
        match class {
            Class::Complaint => self.complaint,
            Class::Question => self.question,
            Class::Praise => self.praise,
            Class::Spam => self.spam,
            Class::Urgent => self.urgent,
        }
    }
}

/// The result of triaging one comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Triage {
    /// The most likely class.
    pub class: Class,
    /// Softmax probability of `class` over the scores, in `0..=1`.
    pub confidence: f32,
    /// Score of every class.
    pub scores: Scores,
    /// Whether the comment needs escalation, whatever its class (a complaint may be urgent too).
    pub urgent: bool,
    /// The language the comment was read as.
    pub lang: Lang,
    /// The cues that fired, in reading order, phrased for the user.
    pub reasons: Vec<String>,
}

/// Urgency score from which [`Triage::urgent`] is set.
pub const URGENT_THRESHOLD: f32 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LangMask {
    Fr,
    En,
    Both,
}

#[derive(Debug, Clone)]
enum Pat {
    Word(String),
    Stem(String),
    Any,
}

#[derive(Debug, Clone)]
struct Entry {
    lang: LangMask,
    class: Class,
    weight: f32,
    pats: Vec<Pat>,
    /// Whether the phrase itself contains a negator (then negation is not applied again).
    has_negator: bool,
    /// Characters of the patterns, to prefer the most specific match.
    specificity: usize,
}

struct Lexicon {
    entries: Vec<Entry>,
    by_word: HashMap<String, Vec<u32>>,
    by_stem3: HashMap<String, Vec<u32>>,
}

/// The built-in lexicon source (one cue per line: `lang class weight phrase`).
pub const LEXICON_SOURCE: &str = include_str!("../../data/triage_lexicon.txt");

const NEGATORS: &[&str] = &[
    "ne", "n", "pas", "not", "no", "never", "jamais", "aucun", "aucune", "rien", "sans", "without",
    "nothing", "nobody", "nor", "ni", "hardly", "isnt",
];
const INTENSIFIERS: &[&str] = &[
    "tres",
    "vraiment",
    "trop",
    "tellement",
    "super",
    "hyper",
    "extremement",
    "absolument",
    "completement",
    "totalement",
    "si",
    "grave",
    "carrement",
    "so",
    "very",
    "really",
    "extremely",
    "totally",
    "absolutely",
    "completely",
    "incredibly",
    "truly",
    "such",
    "super",
    "utterly",
    "seriously",
];
const CONTRASTS: &[&str] =
    &["mais", "but", "however", "cependant", "pourtant", "sauf", "except", "though", "although", "neanmoins"];
const FR_HINTS: &[&str] = &[
    "le", "la", "les", "de", "des", "et", "est", "je", "vous", "pas", "une", "un", "pour", "mon", "ma",
    "mes", "que", "qui", "il", "nous", "ce", "du", "au", "avec", "sur", "votre", "vos", "merci", "bonjour",
    "c", "j", "l", "d", "qu", "n", "ai", "suis", "tres", "mais", "toujours", "depuis",
];
const EN_HINTS: &[&str] = &[
    "the", "and", "is", "i", "you", "my", "not", "to", "of", "it", "for", "with", "this", "that", "your",
    "was", "have", "a", "are", "thanks", "thank", "hi", "hello", "do", "can", "still", "been", "from",
    "just", "will", "so", "what",
];

/// Emoji cues: (emoji, class, weight).
const EMOJI: &[(char, Class, f32)] = &[
    ('😡', Class::Complaint, 1.5),
    ('🤬', Class::Complaint, 2.0),
    ('😠', Class::Complaint, 1.5),
    ('👎', Class::Complaint, 1.2),
    ('😤', Class::Complaint, 1.0),
    ('💩', Class::Complaint, 1.0),
    ('🙄', Class::Complaint, 1.0),
    ('😒', Class::Complaint, 0.8),
    ('😞', Class::Complaint, 0.8),
    ('😢', Class::Complaint, 0.6),
    ('😭', Class::Complaint, 0.5),
    ('🤮', Class::Complaint, 1.2),
    ('😫', Class::Complaint, 0.8),
    ('😩', Class::Complaint, 0.8),
    ('😑', Class::Complaint, 0.6),
    ('😔', Class::Complaint, 0.6),
    ('👏', Class::Praise, 1.2),
    ('😍', Class::Praise, 1.5),
    ('❤', Class::Praise, 1.2),
    ('🥰', Class::Praise, 1.5),
    ('😊', Class::Praise, 0.8),
    ('🙏', Class::Praise, 0.6),
    ('🔥', Class::Praise, 0.6),
    ('💯', Class::Praise, 0.8),
    ('✨', Class::Praise, 0.4),
    ('👍', Class::Praise, 0.8),
    ('🤩', Class::Praise, 1.2),
    ('💖', Class::Praise, 1.2),
    ('💕', Class::Praise, 1.0),
    ('😋', Class::Praise, 1.2),
    ('🥳', Class::Praise, 0.8),
    ('💙', Class::Praise, 1.0),
    ('💚', Class::Praise, 1.0),
    ('🧡', Class::Praise, 1.0),
    ('💜', Class::Praise, 1.0),
    ('😄', Class::Praise, 0.6),
    ('😁', Class::Praise, 0.6),
    ('🤗', Class::Praise, 0.8),
    ('⭐', Class::Praise, 0.6),
    ('🌟', Class::Praise, 0.6),
    ('🙌', Class::Praise, 1.0),
    ('😀', Class::Praise, 0.5),
    ('☺', Class::Praise, 0.8),
    ('❓', Class::Question, 1.2),
    ('❔', Class::Question, 1.0),
    ('🤔', Class::Question, 0.8),
    ('🚨', Class::Urgent, 1.0),
    ('⚠', Class::Urgent, 0.8),
    ('☠', Class::Urgent, 1.0),
    ('💰', Class::Spam, 0.8),
    ('🚀', Class::Spam, 0.5),
    ('💸', Class::Spam, 0.8),
    ('🤑', Class::Spam, 1.0),
    ('📈', Class::Spam, 0.6),
    ('💵', Class::Spam, 0.8),
    ('👉', Class::Spam, 0.4),
    ('🔗', Class::Spam, 0.5),
    ('💲', Class::Spam, 0.8),
];

fn parse_lexicon(src: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (n, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut it = line.splitn(4, char::is_whitespace);
        let (lang, class, weight, phrase) = match (it.next(), it.next(), it.next(), it.next()) {
            (Some(a), Some(b), Some(c), Some(d)) => (a, b, c, d.trim()),
            _ => return Err(format!("lexicon line {}: expected `lang class weight phrase`", n + 1)),
        };
        let lang = match lang {
            "fr" => LangMask::Fr,
            "en" => LangMask::En,
            "*" => LangMask::Both,
            other => return Err(format!("lexicon line {}: unknown language `{other}`", n + 1)),
        };
        let class =
            Class::parse(class).ok_or_else(|| format!("lexicon line {}: unknown class `{class}`", n + 1))?;
        let weight: f32 =
            weight.parse().map_err(|_| format!("lexicon line {}: bad weight `{weight}`", n + 1))?;
        let mut pats = Vec::new();
        let mut has_negator = false;
        let mut specificity = 0;
        for w in phrase.split_whitespace() {
            let folded = super::fold::fold(w);
            if folded == "_" {
                pats.push(Pat::Any);
            } else if let Some(stem) = folded.strip_suffix('*') {
                if stem.chars().count() < 3 && pats.is_empty() {
                    return Err(format!("lexicon line {}: first stem `{w}` shorter than 3 letters", n + 1));
                }
                specificity += stem.len();
                pats.push(Pat::Stem(stem.to_string()));
            } else {
                has_negator |= NEGATORS.contains(&folded.as_str());
                specificity += folded.len() + 1;
                pats.push(Pat::Word(folded));
            }
        }
        match pats.first() {
            None => return Err(format!("lexicon line {}: empty phrase", n + 1)),
            Some(Pat::Any) => return Err(format!("lexicon line {}: a phrase cannot start with `_`", n + 1)),
            _ => {}
        }
        out.push(Entry { lang, class, weight, pats, has_negator, specificity });
    }
    Ok(out)
}

fn first3(s: &str) -> &str {
    match s.char_indices().nth(3) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        // The built-in file is checked by a unit test; a broken line can only drop cues, never panic.
        let entries = parse_lexicon(LEXICON_SOURCE).unwrap_or_default();
        let mut by_word: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_stem3: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            match &e.pats[0] {
                Pat::Word(w) => by_word.entry(w.clone()).or_default().push(i as u32),
                Pat::Stem(s) => by_stem3.entry(first3(s).to_string()).or_default().push(i as u32),
                Pat::Any => {}
            }
        }
        Lexicon { entries, by_word, by_stem3 }
    })
}

fn pat_matches(p: &Pat, w: &str) -> bool {
    match p {
        Pat::Word(x) => x == w,
        Pat::Stem(s) => w.starts_with(s.as_str()),
        Pat::Any => true,
    }
}

fn lang_ok(mask: LangMask, lang: Option<Lang>) -> bool {
    matches!(
        (mask, lang),
        (LangMask::Both, _) | (_, None) | (LangMask::Fr, Some(Lang::Fr)) | (LangMask::En, Some(Lang::En))
    )
}

/// The longest (then most specific, then heaviest) lexicon entry matching at word `i`.
fn best_match(lex: &'static Lexicon, toks: &Tokens, i: usize, lang: Option<Lang>) -> Option<&'static Entry> {
    let w = toks.word(i);
    let clause = toks.list[i].clause;
    let mut best: Option<&'static Entry> = None;
    let by_word = lex.by_word.get(w).map(|v| v.as_slice()).unwrap_or(&[]);
    let by_stem = if w.chars().count() >= 3 {
        lex.by_stem3.get(first3(w)).map(|v| v.as_slice()).unwrap_or(&[])
    } else {
        &[]
    };
    for &ei in by_word.iter().chain(by_stem.iter()) {
        let e = &lex.entries[ei as usize];
        if !lang_ok(e.lang, lang) || i + e.pats.len() > toks.len() {
            continue;
        }
        let ok = e
            .pats
            .iter()
            .enumerate()
            .all(|(k, p)| toks.list[i + k].clause == clause && pat_matches(p, toks.word(i + k)));
        if !ok {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => (e.pats.len(), e.specificity, e.weight) > (b.pats.len(), b.specificity, b.weight),
        };
        if better {
            best = Some(e);
        }
    }
    best
}

/// Guesses French or English from frequent function words; `None` when undecided.
pub fn detect_lang(text: &str) -> Option<Lang> {
    detect_tokens(&tokenize(text))
}

fn detect_tokens(toks: &Tokens) -> Option<Lang> {
    let (mut fr, mut en) = (0, 0);
    for i in 0..toks.len() {
        let w = toks.word(i);
        fr += FR_HINTS.contains(&w) as i32;
        en += EN_HINTS.contains(&w) as i32;
    }
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Fr),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

fn snippet(text: &str, toks: &Tokens, from: usize, to: usize) -> String {
    let s = toks.list[from].start as usize;
    let e = toks.list[to - 1].end as usize;
    text.get(s..e).unwrap_or("").to_string()
}

fn is_url(chunk: &str) -> bool {
    let c = chunk.to_ascii_lowercase();
    c.starts_with("http://")
        || c.starts_with("https://")
        || c.starts_with("www.")
        || c.contains("bit.ly/")
        || c.contains("t.me/")
        || c.contains("wa.me/")
        || [".com/", ".io/", ".xyz", ".net/", ".biz"].iter().any(|t| c.contains(t))
}

/// Triages `text`. `lang` is the comment's language if known; otherwise it is guessed.
/// Never panics; empty text is a low-confidence question.
pub fn triage(text: &str, lang: Option<Lang>) -> Triage {
    let lex = lexicon();
    let toks = tokenize(text);
    let detected = lang.or_else(|| detect_tokens(&toks));
    let mut s = [0f32; 5];
    let mut reasons: Vec<String> = Vec::new();

    let first_contrast = (0..toks.len()).find(|&i| CONTRASTS.contains(&toks.word(i)));
    let last_contrast = (0..toks.len()).rev().find(|&i| CONTRASTS.contains(&toks.word(i)));

    let mut i = 0;
    while i < toks.len() {
        let Some(e) = best_match(lex, &toks, i, detected) else {
            i += 1;
            continue;
        };
        let len = e.pats.len();
        let clause = toks.list[i].clause;
        let phrase = snippet(text, &toks, i, i + len);
        let mut class = e.class;
        let mut w = e.weight;
        let mut notes: Vec<String> = Vec::new();
        let window = |back: usize, set: &[&str]| -> Option<usize> {
            (i.saturating_sub(back)..i)
                .rev()
                .find(|&k| toks.list[k].clause == clause && set.contains(&toks.word(k)))
        };
        if !e.has_negator && matches!(class, Class::Praise | Class::Complaint) {
            if let Some(k) = window(3, NEGATORS) {
                let neg = snippet(text, &toks, k, k + 1);
                if class == Class::Praise {
                    class = Class::Complaint;
                    w *= 0.8;
                    notes.push(format!("negated by \"{neg}\""));
                } else {
                    class = Class::Praise;
                    w *= 0.3;
                    notes.push(format!("negated by \"{neg}\""));
                }
            }
        }
        if let Some(k) = window(2, INTENSIFIERS) {
            // `super`, `trop` are praise words on their own but intensifiers before another cue.
            w *= 1.5;
            notes.push(format!("intensified by \"{}\"", snippet(text, &toks, k, k + 1)));
        }
        if let Some(fc) = first_contrast {
            if i > fc && matches!(class, Class::Praise | Class::Complaint) {
                w *= 1.3;
                notes.push("after \"but\": weighs more".into());
            } else if last_contrast.is_some_and(|lc| i < lc)
                && matches!(class, Class::Praise | Class::Complaint)
            {
                w *= 0.7;
                notes.push("before \"but\": weighs less".into());
            }
        }
        s[class.idx()] += w;
        let note = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        reasons.push(format!("{} +{:.1}: \"{}\"{}", class.name(), w, phrase, note));
        i += len;
    }

    // Emoji, punctuation, shouting.
    let mut seen: Vec<char> = Vec::new();
    let (mut upper, mut letters, mut max_bang, mut bang, mut qmarks) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut last_was_q = false;
    let mut q_runs = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
        if c == '!' {
            bang += 1;
            max_bang = max_bang.max(bang);
        } else if !c.is_whitespace() && c != '?' {
            bang = 0;
        }
        if c == '?' {
            qmarks += 1;
            if last_was_q {
                q_runs += 1;
            }
            last_was_q = true;
        } else if !c.is_whitespace() {
            last_was_q = false;
        }
        if !c.is_ascii() && !seen.contains(&c) {
            if let Some(&(em, class, w)) = EMOJI.iter().find(|(e, _, _)| *e == c) {
                seen.push(c);
                s[class.idx()] += w;
                reasons.push(format!("{} +{:.1}: emoji {}", class.name(), w, em));
            }
        }
    }
    if qmarks > 0 {
        let w = if q_runs > 0 { 0.6 } else { 1.2 + 0.2 * (qmarks.min(3) as f32 - 1.0) };
        s[Class::Question.idx()] += w;
        reasons.push(format!("question +{w:.1}: question mark"));
    }
    let shouting = letters >= 12 && upper * 10 >= letters * 6;
    let intense = max_bang >= 3 || q_runs > 0 || (max_bang >= 2 && qmarks > 0);
    if shouting || intense {
        let what = match (shouting, intense) {
            (true, true) => "ALL CAPS and repeated punctuation",
            (true, false) => "ALL CAPS",
            _ => "repeated punctuation (!!! or ?!)",
        };
        let f = if shouting && intense { 1.5 } else { 1.3 };
        if s[Class::Complaint.idx()] > 0.0 || s[Class::Urgent.idx()] > 0.0 {
            s[Class::Complaint.idx()] = s[Class::Complaint.idx()] * f + 0.3;
            s[Class::Urgent.idx()] *= f;
            reasons.push(format!("complaint and urgency ×{f:.1}: {what}"));
        } else if s[Class::Praise.idx()] > 0.0 {
            s[Class::Praise.idx()] *= f;
            reasons.push(format!("praise ×{f:.1}: {what}"));
        } else if shouting {
            s[Class::Complaint.idx()] += 0.8;
            reasons.push(format!("complaint +0.8: {what}"));
        }
    }

    // Links and mentions.
    let urls = text.split_whitespace().filter(|c| is_url(c)).count();
    if urls > 0 {
        let w = 1.5 + 0.5 * (urls.min(4) as f32 - 1.0);
        s[Class::Spam.idx()] += w;
        reasons.push(format!("spam +{w:.1}: {urls} link(s)"));
    }
    let mentions = text.split_whitespace().filter(|c| c.starts_with('@') && c.len() > 1).count();
    if mentions >= 3 {
        s[Class::Spam.idx()] += 1.2;
        reasons.push(format!("spam +1.2: {mentions} mentions"));
    }
    let money = text.char_indices().any(|(k, c)| {
        matches!(c, '$' | '€' | '£' | '₿')
            && (text[..k].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                || text[k + c.len_utf8()..].chars().next().is_some_and(|n| n.is_ascii_digit()))
    });
    if money && s[Class::Spam.idx()] > 0.0 {
        s[Class::Spam.idx()] += 0.8;
        reasons.push("spam +0.8: money amount alongside spam cues".into());
    }

    // Sarcasm and politeness: praise words next to a real complaint do not make it praise.
    let (c, p) = (s[Class::Complaint.idx()], s[Class::Praise.idx()]);
    if c >= 1.0 && p > 0.0 && c >= 0.5 * p {
        s[Class::Praise.idx()] = p * 0.4;
        s[Class::Complaint.idx()] += 0.3 * p;
        reasons.push("praise words next to a complaint: read as politeness or sarcasm".into());
    }
    // A question that carries a complaint is handled as a complaint; one that asks about a
    // hazard stays a question unless a crisis cue is strong.
    if s[Class::Complaint.idx()] >= 1.5 && s[Class::Question.idx()] > 0.0 {
        s[Class::Question.idx()] *= 0.6;
    }

    let lang_out = detected.unwrap_or(Lang::Fr);
    let total: f32 = s.iter().sum();
    if total <= 0.0 {
        reasons.push("no strong cue: handled as a question".into());
        return Triage {
            class: Class::Question,
            confidence: 0.2,
            scores: Scores::default(),
            urgent: false,
            lang: lang_out,
            reasons,
        };
    }
    // Tie-break order: urgent, spam, complaint, question, praise.
    let order = [Class::Urgent, Class::Spam, Class::Complaint, Class::Question, Class::Praise];
    let mut best = order[0];
    for c in order {
        if s[c.idx()] > s[best.idx()] {
            best = c;
        }
    }
    let max = s[best.idx()];
    let denom: f32 = s.iter().map(|x| (x - max).exp()).sum();
    let confidence = ((1.0 / denom) * 100.0).round() / 100.0;
    let urgent = s[Class::Urgent.idx()] >= URGENT_THRESHOLD;
    if urgent && best != Class::Urgent {
        reasons.push(format!(
            "urgent flag: urgency score {:.1} ≥ {URGENT_THRESHOLD:.1}",
            s[Class::Urgent.idx()]
        ));
    }
    Triage { class: best, confidence, scores: Scores::from_array(s), urgent, lang: lang_out, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_completely() {
        let entries = parse_lexicon(LEXICON_SOURCE).expect("lexicon parses");
        assert!(entries.len() > 300, "{} entries", entries.len());
        for c in Class::ALL {
            assert!(entries.iter().filter(|e| e.class == c).count() >= 30, "{c:?} has too few cues");
        }
    }

    #[test]
    fn negation_turns_praise_into_complaint() {
        let t = triage("Je ne suis pas du tout content de ma commande", Some(Lang::Fr));
        assert_eq!(t.class, Class::Complaint, "{t:?}");
        let t = triage("Not happy with this at all", Some(Lang::En));
        assert_eq!(t.class, Class::Complaint, "{t:?}");
        assert!(
            t.reasons.iter().any(|r| r.to_lowercase().contains("not happy") || r.contains("negated")),
            "{t:?}"
        );
    }

    #[test]
    fn intensifiers_caps_and_emoji_raise_scores() {
        let plain = triage("déçu par la livraison", Some(Lang::Fr));
        let strong = triage("TRÈS DÉÇU PAR LA LIVRAISON !!! 😡", Some(Lang::Fr));
        assert!(strong.scores.complaint > plain.scores.complaint * 2.0, "{plain:?} {strong:?}");
        assert!(strong.reasons.iter().any(|r| r.contains("ALL CAPS")));
        assert!(strong.reasons.iter().any(|r| r.contains("😡")));
    }

    #[test]
    fn urgent_flag_can_accompany_a_complaint() {
        let t = triage("Colis jamais reçu, je vais porter plainte", Some(Lang::Fr));
        assert!(t.urgent, "{t:?}");
        let t = triage(
            "My son had an allergic reaction after eating your cookies, we spent the night at the hospital",
            None,
        );
        assert_eq!(t.class, Class::Urgent, "{t:?}");
        assert_eq!(t.lang, Lang::En);
    }

    #[test]
    fn elisions_and_questions() {
        let t = triage("Est-ce qu'il y a une boutique à Lyon ?", None);
        assert_eq!(t.class, Class::Question, "{t:?}");
        assert_eq!(t.lang, Lang::Fr);
        let t = triage("What time do you open on Sunday?", None);
        assert_eq!(t.class, Class::Question, "{t:?}");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in
            ["", "?", "!!!", "😡", "’’’", "\u{0}", "a\u{301}\u{301}", "@a @b @c", "$", "€5", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉ"]
        {
            let t = triage(s, None);
            assert!((0.0..=1.0).contains(&t.confidence));
        }
    }
}
