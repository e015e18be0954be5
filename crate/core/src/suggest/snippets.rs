//! Quick-reply snippets: a library of replies by category, with variables, text-expander
//! triggers (`;merci`), typo-tolerant search, and the replies that fit a [`Triage`].
//!
//! The built-in library (`data/snippets.json`, for the sample guide's "Roue Libre") is a starting
//! point; a team loads its own with [`Library::from_json`] in the same format.

use super::fold::fold;
use super::triage::{Class, Triage};
use super::Lang;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a reply is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Thanking for praise or a review.
    Thanks,
    /// Answering a question (FAQ).
    Question,
    /// Acknowledging a complaint and moving it to private messages.
    Complaint,
    /// Handing over to a service (customer care, quality...).
    Escalation,
    /// Holding statements and replies in a crisis (press, legal, safety).
    Crisis,
    /// Moderation notices (abuse, scams).
    Moderation,
}

/// One quick reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    /// Stable identifier.
    pub id: String,
    /// Language of the reply.
    pub lang: Lang,
    /// What it is for.
    pub category: Category,
    /// Short title shown in lists.
    pub title: String,
    /// Text-expander trigger, such as `;merci` (empty for none).
    #[serde(default)]
    pub trigger: String,
    /// Keywords for search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The reply, with `{variable}` placeholders.
    pub body: String,
}

/// A text in each language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    /// French.
    #[serde(default)]
    pub fr: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

impl Localized {
    /// The text for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// A placeholder snippets may use, with its default and the prompt shown to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variable {
    /// Name used in bodies as `{name}`.
    pub name: String,
    /// Value used when the user gives none.
    #[serde(default)]
    pub default: Localized,
    /// Question asked to the user.
    #[serde(default)]
    pub prompt: Localized,
}

#[derive(Debug, Clone, Deserialize)]
struct LibraryFile {
    #[serde(default)]
    brand: String,
    #[serde(default)]
    variables: Vec<Variable>,
    snippets: Vec<Snippet>,
}

/// A variable the user did not fill in: the default was used (or it is left as `{name}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingVariable {
    /// Variable name.
    pub name: String,
    /// Prompt to show (empty for a variable the library does not declare).
    pub prompt: String,
    /// The default that was used, if the library declares one.
    pub default: Option<String>,
}

/// A snippet with its variables filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rendered {
    /// Snippet id.
    pub id: String,
    /// The reply text.
    pub text: String,
    /// Variables not given by the user, in order of first appearance.
    pub missing: Vec<MissingVariable>,
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Snippet id.
    pub id: String,
    /// Relevance, higher is better.
    pub score: f32,
    /// Which query words matched which snippet words (`"livrason→livraison"`).
    pub matched: Vec<String>,
}

/// A snippet suggested for a triaged comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The snippet.
    pub snippet: Snippet,
    /// Ranking score, higher is better.
    pub score: f32,
    /// Why it is suggested.
    pub reason: String,
}

/// What the text expander should do: replace `span` of the text before the caret with `text`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    /// Snippet id.
    pub id: String,
    /// The trigger's range in the text before the caret (`start`/`end` in UTF-16 units).
    pub span: Span,
    /// The replacement (rendered with defaults).
    pub text: String,
    /// Variables to ask the user for.
    pub missing: Vec<MissingVariable>,
}

/// Field weights in search: a hit on the trigger or title says more than one in the body.
const W_TRIGGER: f32 = 3.0;
const W_TITLE: f32 = 2.0;
const W_TAGS: f32 = 2.0;
const W_BODY: f32 = 1.0;

#[derive(Debug, Clone)]
struct VocabWord {
    word: String,
    chars: Vec<char>,
    bigrams: Vec<u64>,
    /// (snippet index, field weight), best weight per snippet.
    postings: Vec<(u32, f32)>,
}

/// A snippet library with its search index.
#[derive(Debug, Clone)]
pub struct Library {
    /// Brand the defaults are written for.
    pub brand: String,
    snippets: Vec<Snippet>,
    variables: Vec<Variable>,
    vocab: Vec<VocabWord>,
}

/// The built-in library source.
pub const BUILTIN_JSON: &str = include_str!("../../data/snippets.json");

fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn bigrams(chars: &[char]) -> Vec<u64> {
    // Padded bigrams so that first and last letters count: "^l", "li", ..., "n$".
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut prev = '^';
    for &c in chars.iter().chain(std::iter::once(&'$')) {
        out.push(((prev as u64) << 32) | c as u64);
        prev = c;
    }
    crate::sort::sort(&mut out);
    out
}

fn dice(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    2.0 * common as f32 / (a.len() + b.len()).max(1) as f32
}

fn is_subsequence(q: &[char], w: &[char]) -> bool {
    let mut it = w.iter();
    q.iter().all(|c| it.any(|x| x == c))
}

/// Similarity of a query word to a vocabulary word in `0..=1`: exact 1, prefix 0.9, else the
/// best of bigram Dice (typos) and an in-order subsequence (abbreviations like `rmbrs`).
fn similarity(q: &str, qc: &[char], qb: &[u64], v: &VocabWord) -> f32 {
    if q == v.word {
        return 1.0;
    }
    if qc.len() >= 2 && v.word.starts_with(q) {
        return 0.9 - 0.2 * (1.0 - qc.len() as f32 / v.chars.len() as f32);
    }
    if qc.len() < 3 {
        return 0.0;
    }
    let d = dice(qb, &v.bigrams);
    let d = if d >= 0.55 { d * 0.85 } else { 0.0 };
    let s = if qc.len() >= 3 && qc[0] == v.chars[0] && is_subsequence(qc, &v.chars) {
        0.4 + 0.3 * qc.len() as f32 / v.chars.len() as f32
    } else {
        0.0
    };
    d.max(s)
}

const STOP: &[&str] = &[
    "le", "la", "les", "de", "des", "du", "un", "une", "et", "a", "au", "aux", "en", "je", "j", "vous",
    "nous", "il", "elle", "est", "pour", "pas", "que", "qui", "ce", "c", "d", "l", "n", "qu", "s", "sur",
    "par", "mon", "ma", "mes", "votre", "vos", "the", "and", "to", "of", "is", "it", "i", "you", "my",
    "your", "for", "on", "in", "at", "be", "this", "that", "with", "was", "are", "have", "has", "me", "we",
    "our", "an", "or", "not", "do", "so", "if", "ai", "avec", "plus", "tres", "bonjour", "hi", "hello",
    "merci", "thanks", "thank", "ca", "fait", "been",
];

impl Library {
    /// The built-in French and English library.
    pub fn builtin() -> Library {
        // The built-in file is checked by a unit test; an empty library is the fallback.
        Library::from_json(BUILTIN_JSON)
            .unwrap_or_else(|_| Library::from_parts(String::new(), Vec::new(), Vec::new()))
    }

    /// Loads a library from JSON: `{ "brand", "variables": [...], "snippets": [...] }`.
    pub fn from_json(json: &str) -> Result<Library, String> {
        let file: LibraryFile = serde_json::from_str(json).map_err(|e| format!("snippet library: {e}"))?;
        Ok(Library::from_parts(file.brand, file.variables, file.snippets))
    }

    /// Builds a library (and its search index) from snippets and variable definitions.
    pub fn from_parts(brand: String, variables: Vec<Variable>, snippets: Vec<Snippet>) -> Library {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut vocab: Vec<VocabWord> = Vec::new();
        for (si, s) in snippets.iter().enumerate() {
            let fields: [(&str, f32); 3] = [(&s.trigger, W_TRIGGER), (&s.title, W_TITLE), (&s.body, W_BODY)];
            let tags = s.tags.join(" ");
            for (text, weight) in fields.iter().copied().chain(std::iter::once((tags.as_str(), W_TAGS))) {
                let folded = fold(text);
                for w in words(&folded) {
                    if w.starts_with('{') {
                        continue;
                    }
                    let vi = *index.entry(w.to_string()).or_insert_with(|| {
                        let chars: Vec<char> = w.chars().collect();
                        vocab.push(VocabWord {
                            word: w.to_string(),
                            bigrams: bigrams(&chars),
                            chars,
                            postings: Vec::new(),
                        });
                        vocab.len() - 1
                    });
                    let p = &mut vocab[vi].postings;
                    match p.last_mut() {
                        Some(last) if last.0 == si as u32 => last.1 = last.1.max(weight),
                        _ => p.push((si as u32, weight)),
                    }
                }
            }
        }
        Library { brand, snippets, variables, vocab }
    }

    /// Every snippet, in library order.
    pub fn snippets(&self) -> &[Snippet] {
        &self.snippets
    }

    /// Every variable definition.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// The snippet with this id.
    pub fn get(&self, id: &str) -> Option<&Snippet> {
        self.snippets.iter().find(|s| s.id == id)
    }

    /// Fills `{variables}` of snippet `id` with `values`; missing ones take their default
    /// (and are reported). Unknown ids give `None`.
    pub fn render(&self, id: &str, values: &HashMap<String, String>) -> Option<Rendered> {
        let s = self.get(id)?;
        Some(self.render_snippet(s, values))
    }

    /// Fills the variables of `snippet` (see [`Library::render`]).
    pub fn render_snippet(&self, snippet: &Snippet, values: &HashMap<String, String>) -> Rendered {
        let body = &snippet.body;
        let mut text = String::with_capacity(body.len() + 32);
        let mut missing: Vec<MissingVariable> = Vec::new();
        let mut rest = body.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after.find('}');
            let name = close
                .map(|c| &after[..c])
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            let (Some(name), Some(close)) = (name, close) else {
                text.push_str(&rest[..open + 1]);
                rest = after;
                continue;
            };
            text.push_str(&rest[..open]);
            let def = self.variables.iter().find(|v| v.name == name);
            let value = match values.get(name) {
                Some(v) => v.clone(),
                None => {
                    if !missing.iter().any(|m| m.name == name) {
                        missing.push(MissingVariable {
                            name: name.to_string(),
                            prompt: def.map(|d| d.prompt.get(snippet.lang).to_string()).unwrap_or_default(),
                            default: def.map(|d| d.default.get(snippet.lang).to_string()),
                        });
                    }
                    match def {
                        Some(d) => d.default.get(snippet.lang).to_string(),
                        None => format!("{{{name}}}"),
                    }
                }
            };
            if value.is_empty() && text.ends_with(' ') {
                // "Bonjour {first_name}," with no name reads "Bonjour,".
                text.pop();
            }
            text.push_str(&value);
            rest = &after[close + 1..];
        }
        text.push_str(rest);
        Rendered { id: snippet.id.clone(), text, missing }
    }

    /// Typo-tolerant, accent-insensitive search over trigger, title, tags and body, ranked.
    /// `lang` restricts to one language; at most `limit` hits.
    pub fn search(&self, query: &str, lang: Option<Lang>, limit: usize) -> Vec<SearchHit> {
        let folded = fold(query);
        let qwords: Vec<&str> = words(&folded).take(32).collect();
        self.search_words(&qwords, lang, limit)
    }

    fn search_words(&self, qwords: &[&str], lang: Option<Lang>, limit: usize) -> Vec<SearchHit> {
        if qwords.is_empty() || limit == 0 {
            return Vec::new();
        }
        let n = self.snippets.len();
        let mut score = vec![0f32; n];
        let mut matched: HashMap<u32, Vec<String>> = HashMap::new();
        // Per query word, the best (similarity × field weight) for each snippet.
        let mut best = vec![0f32; n];
        let mut best_word: Vec<u32> = vec![u32::MAX; n];
        let mut touched: Vec<u32> = Vec::new();
        for q in qwords {
            let qc: Vec<char> = q.chars().collect();
            let qb = bigrams(&qc);
            for (vi, v) in self.vocab.iter().enumerate() {
                let sim = similarity(q, &qc, &qb, v);
                if sim <= 0.0 {
                    continue;
                }
                for &(si, w) in &v.postings {
                    let s = sim * w;
                    let k = si as usize;
                    if best[k] == 0.0 {
                        touched.push(si);
                    }
                    if s > best[k] {
                        best[k] = s;
                        best_word[k] = vi as u32;
                    }
                }
            }
            for &si in &touched {
                let k = si as usize;
                score[k] += best[k];
                let v = &self.vocab[best_word[k] as usize];
                let m = matched.entry(si).or_default();
                m.push(if v.word == *q { v.word.clone() } else { format!("{q}→{}", v.word) });
                best[k] = 0.0;
            }
            touched.clear();
        }
        let mut hits: Vec<(usize, f32)> = score
            .iter()
            .enumerate()
            .filter(|(i, s)| **s > 0.0 && lang.is_none_or(|l| self.snippets[*i].lang == l))
            .map(|(i, s)| (i, *s))
            .collect();
        crate::sort::sort_by(&mut hits, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.truncate(limit);
        hits.into_iter()
            .map(|(i, s)| SearchHit {
                id: self.snippets[i].id.clone(),
                score: (s * 100.0).round() / 100.0,
                matched: matched.remove(&(i as u32)).unwrap_or_default(),
            })
            .collect()
    }

    /// Given the text before the caret, the expansion if it ends with a snippet trigger
    /// (preceded by the start of the text or a non-alphanumeric character). The longest
    /// trigger wins; `lang` breaks ties between languages sharing a trigger.
    pub fn expand_trigger(&self, before_caret: &str, lang: Option<Lang>) -> Option<Expansion> {
        let mut best: Option<&Snippet> = None;
        for s in &self.snippets {
            let t = s.trigger.as_str();
            if t.is_empty()
                || t.len() > before_caret.len()
                || !before_caret.is_char_boundary(before_caret.len() - t.len())
            {
                continue;
            }
            let start = before_caret.len() - t.len();
            if !before_caret[start..].eq_ignore_ascii_case(t) {
                continue;
            }
            if before_caret[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    t.len() > b.trigger.len()
                        || (t.len() == b.trigger.len() && Some(s.lang) == lang && Some(b.lang) != lang)
                }
            };
            if better {
                best = Some(s);
            }
        }
        let s = best?;
        let start = before_caret.len() - s.trigger.len();
        let r = self.render_snippet(s, &HashMap::new());
        Some(Expansion {
            id: s.id.clone(),
            span: Span::from_bytes(before_caret, start, before_caret.len()),
            text: r.text,
            missing: r.missing,
        })
    }

    /// Snippets that fit a triaged comment, best first: the categories for its class (and the
    /// crisis ones first when it is flagged urgent), then by how well they match its words.
    pub fn replies_for(&self, triage: &Triage, comment: &str, lang: Lang, limit: usize) -> Vec<Suggestion> {
        let cats: &[(Category, &str)] = match (triage.class, triage.urgent) {
            (Class::Urgent, _) | (_, true) => &[
                (Category::Crisis, "urgent: holding statement, no commitment in public"),
                (Category::Escalation, "urgent: hand over to the team that can act"),
                (Category::Complaint, "acknowledge and move to private messages"),
            ],
            (Class::Complaint, false) => &[
                (Category::Complaint, "complaint: acknowledge and move to private messages"),
                (Category::Escalation, "complaint: hand over to the team that can fix it"),
            ],
            (Class::Question, false) => &[(Category::Question, "question: answer or point to the FAQ")],
            (Class::Praise, false) => &[(Category::Thanks, "praise: thank warmly")],
            (Class::Spam, false) => {
                &[(Category::Moderation, "spam or abuse: moderation notice (or hide without replying)")]
            }
        };
        let folded = fold(comment);
        let qwords: Vec<&str> =
            words(&folded).filter(|w| w.chars().count() >= 3 && !STOP.contains(w)).take(40).collect();
        let hits = self.search_words(&qwords, Some(lang), self.snippets.len());
        let mut out: Vec<Suggestion> = Vec::new();
        for (rank, (cat, why)) in cats.iter().enumerate() {
            let base = (cats.len() - rank) as f32 * 10.0;
            let mut group: Vec<Suggestion> = self
                .snippets
                .iter()
                .filter(|s| s.lang == lang && s.category == *cat)
                .map(|s| {
                    let hit = hits.iter().find(|h| h.id == s.id);
                    let rel = hit.map(|h| h.score).unwrap_or(0.0);
                    let reason = match hit {
                        Some(h) if !h.matched.is_empty() => format!(
                            "{why}; matches {}",
                            h.matched.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
                        ),
                        _ => why.to_string(),
                    };
                    Suggestion {
                        snippet: s.clone(),
                        score: ((base + rel.min(9.9)) * 100.0).round() / 100.0,
                        reason,
                    }
                })
                .collect();
            crate::sort::sort_by(&mut group, |a, b| b.score.total_cmp(&a.score));
            out.extend(group);
        }
        out.truncate(limit);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::triage::triage;

    #[test]
    fn builtin_library_loads_with_both_languages_and_all_categories() {
        let lib = Library::from_json(BUILTIN_JSON).expect("built-in library parses");
        for lang in [Lang::Fr, Lang::En] {
            for cat in [
                Category::Thanks,
                Category::Question,
                Category::Complaint,
                Category::Escalation,
                Category::Crisis,
                Category::Moderation,
            ] {
                assert!(
                    lib.snippets().iter().any(|s| s.lang == lang && s.category == cat),
                    "{lang:?} {cat:?}"
                );
            }
        }
        // Every placeholder is declared, so defaults and prompts exist.
        for s in lib.snippets() {
            let r = lib.render_snippet(s, &HashMap::new());
            assert!(!r.text.contains('{'), "{}: {}", s.id, r.text);
            assert!(r.missing.iter().all(|m| m.default.is_some() && !m.prompt.is_empty()), "{}", s.id);
        }
        let ids: std::collections::HashSet<&str> = lib.snippets().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), lib.snippets().len(), "duplicate ids");
    }

    #[test]
    fn render_fills_values_and_reports_missing() {
        let lib = Library::builtin();
        let mut v = HashMap::new();
        v.insert("first_name".to_string(), "Maëlle".to_string());
        let r = lib.render("fr-complaint-delivery", &v).unwrap();
        assert!(r.text.starts_with("Bonjour Maëlle, nous comprenons"), "{}", r.text);
        assert!(r.text.contains("votre numéro de commande"));
        let names: Vec<&str> = r.missing.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["order_id", "delay", "agent"]);
        // An empty first name does not leave "Bonjour ,".
        let r = lib.render("fr-complaint-dm", &HashMap::new()).unwrap();
        assert!(r.text.starts_with("Bonjour, nous sommes"), "{}", r.text);
        assert!(lib.render("nope", &v).is_none());
    }

    #[test]
    fn render_keeps_unknown_and_malformed_braces() {
        let s = Snippet {
            id: "x".into(),
            lang: Lang::En,
            category: Category::Thanks,
            title: "t".into(),
            trigger: String::new(),
            tags: vec![],
            body: "a {unknown} b {not closed {x y} }".into(),
        };
        let lib = Library::from_parts(String::new(), vec![], vec![s.clone()]);
        let r = lib.render_snippet(&s, &HashMap::new());
        assert_eq!(r.text, "a {unknown} b {not closed {x y} }");
        assert_eq!(r.missing.len(), 1);
        assert_eq!(r.missing[0].default, None);
    }

    #[test]
    fn trigger_expansion_reports_utf16_range() {
        let lib = Library::builtin();
        let before = "Super 😀 ;merci";
        let e = lib.expand_trigger(before, Some(Lang::Fr)).unwrap();
        assert_eq!(e.id, "fr-thanks-general");
        assert_eq!((e.span.start, e.span.end), (9, 15));
        assert_eq!(e.span.slice(before), ";merci");
        assert!(lib.expand_trigger("abc;merci", None).is_none(), "must follow a word boundary");
        assert!(lib.expand_trigger(";merc", None).is_none());
        assert_eq!(lib.expand_trigger(";faq", Some(Lang::En)).unwrap().id, "en-question-faq");
        assert_eq!(lib.expand_trigger(";FAQ", Some(Lang::Fr)).unwrap().id, "fr-question-faq");
        assert!(lib.expand_trigger("", None).is_none());
        assert!(lib.expand_trigger("é", None).is_none());
    }

    #[test]
    fn search_tolerates_accents_and_typos() {
        let lib = Library::builtin();
        let top = |q: &str, l| lib.search(q, l, 3).first().map(|h| h.id.clone()).unwrap_or_default();
        assert_eq!(top("electrique", Some(Lang::Fr)), "fr-question-ebike");
        assert_eq!(top("électrique", Some(Lang::Fr)), "fr-question-ebike");
        assert_eq!(top("horaires", None), "fr-question-hours");
        assert_eq!(top("garnatie", Some(Lang::Fr)), "fr-question-warranty");
        assert_eq!(top("jouranliste", Some(Lang::Fr)), "fr-crisis-press");
        assert_eq!(top("scam", None), "en-moderation-spam");
        assert_eq!(top("openng hours", Some(Lang::En)), "en-question-hours");
        assert!(lib.search("", None, 5).is_empty());
        assert!(lib.search("zzzzqqq", None, 5).is_empty());
    }

    #[test]
    fn replies_follow_the_triage() {
        let lib = Library::builtin();
        let c = "Colis jamais reçu, ça fait 3 semaines !";
        let t = triage(c, Some(Lang::Fr));
        let r = lib.replies_for(&t, c, Lang::Fr, 3);
        assert_eq!(r[0].snippet.id, "fr-complaint-delivery", "{r:#?}");
        assert!(r[0].reason.contains("complaint"));

        let c = "My brakes failed right after your repair, I could have been injured. This is dangerous";
        let t = triage(c, Some(Lang::En));
        let r = lib.replies_for(&t, c, Lang::En, 5);
        assert_eq!(r[0].snippet.category, Category::Crisis, "{r:#?}");
        assert!(r.iter().any(|s| s.snippet.id == "en-escalation-safety"));

        let c = "Best shortbread ever, thank you!";
        let r = lib.replies_for(&triage(c, None), c, Lang::En, 2);
        assert_eq!(r[0].snippet.category, Category::Thanks);
    }
}
