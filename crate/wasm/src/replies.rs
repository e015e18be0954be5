//! The reply tools, in the planner module: comment triage and the reply-snippet library (search,
//! suggestions for a comment, rendering, `;trigger` expansion). They are used when a reply box opens,
//! the snippet picker opens or a trigger is typed, never for the count and checks of a keystroke, so
//! they stay out of the keystroke engine (their lexicon, library and code are a sixth of it).
//!
//! Conversion only: every rule is in `porte_voix_core::suggest::{triage, snippets}`. The built-in
//! library is built on first use and kept for the life of the instance.

use crate::json::{from_js_or_default, to_js};
use porte_voix_core::suggest::snippets::{Library, Snippet, Suggestion};
use porte_voix_core::suggest::triage::{self, Triage};
use porte_voix_core::suggest::Lang as CommentLang;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const REPLIES_TS: &'static str = r#"
/** How a comment reads, and why. */
export interface Triage { class: "complaint" | "question" | "praise" | "spam" | "urgent"; confidence: number; scores: Record<string, number>; urgent: boolean; lang: "fr" | "en"; reasons: string[]; }
export interface Snippet { id: string; lang: "fr" | "en"; category: string; title: string; trigger: string; tags: string[]; body: string; }
export interface SnippetHit { score: number; matched: string[]; snippet: Snippet; }
export interface Suggestion { snippet: Snippet; score: number; reason: string; }
export interface ReplyAdvice { triage: Triage; suggestions: Suggestion[]; }
export interface SnippetVariable { name: string; default: { fr: string; en: string }; prompt: { fr: string; en: string }; }
export interface MissingVariable { name: string; prompt: string; default?: string; }
export interface Rendered { id: string; text: string; missing: MissingVariable[]; }
/** What replaces a trigger typed before the caret: `span` in UTF-16 units of the text given. */
export interface Expansion { id: string; span: { start: number; end: number; byte_start: number; byte_end: number; }; text: string; missing: MissingVariable[]; }
"#;

/// The built-in snippet library, built the first time a snippet is asked for.
fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(Library::builtin)
}

/// A snippet found by a search, with what the picker shows.
#[derive(Serialize)]
struct SnippetHit<'a> {
    score: f32,
    matched: &'a [String],
    snippet: &'a Snippet,
}

/// The reading of a comment being answered, and the replies that fit it.
#[derive(Serialize)]
struct ReplyAdvice {
    triage: Triage,
    suggestions: Vec<Suggestion>,
}

/// "fr" or "en" (leniently: "fr-CA", "EN"...); nothing or "" for "detect it".
fn comment_lang(lang: Option<String>) -> Result<Option<CommentLang>, JsError> {
    match lang.as_deref() {
        None | Some("") => Ok(None),
        Some(l) => CommentLang::parse_lenient(l)
            .map(Some)
            .ok_or_else(|| JsError::new(&format!("unknown language '{l}': use \"fr\" or \"en\""))),
    }
}

/// Reads a comment: complaint, question, praise, spam or urgent, with confidence and reasons.
#[wasm_bindgen(js_name = triageComment, unchecked_return_type = "Triage")]
pub fn triage_comment(comment: &str, lang: Option<String>) -> Result<JsValue, JsError> {
    to_js(&triage::triage(comment, comment_lang(lang)?))
}

/// The triage of the comment being answered and the snippets that fit it, best first.
#[wasm_bindgen(js_name = replyAdvice, unchecked_return_type = "ReplyAdvice")]
pub fn reply_advice(comment: &str, lang: Option<String>, limit: usize) -> Result<JsValue, JsError> {
    let reading = triage::triage(comment, comment_lang(lang)?);
    let suggestions = library().replies_for(&reading, comment, reading.lang, limit);
    to_js(&ReplyAdvice { triage: reading, suggestions })
}

/// Snippets matching `query` (accent-insensitive, typo-tolerant), best first.
#[wasm_bindgen(js_name = searchSnippets, unchecked_return_type = "SnippetHit[]")]
pub fn search_snippets(query: &str, lang: Option<String>, limit: usize) -> Result<JsValue, JsError> {
    let library = library();
    let hits = library.search(query, comment_lang(lang)?, limit);
    let shown: Vec<SnippetHit> = hits
        .iter()
        .filter_map(|h| {
            library.get(&h.id).map(|snippet| SnippetHit { score: h.score, matched: &h.matched, snippet })
        })
        .collect();
    to_js(&shown)
}

/// The variables snippets use, with their defaults and prompts.
#[wasm_bindgen(js_name = snippetVariables, unchecked_return_type = "SnippetVariable[]")]
pub fn snippet_variables() -> Result<JsValue, JsError> {
    to_js(&library().variables())
}

/// A snippet's text with `values` (an object of variable → text) and defaults filled in.
#[wasm_bindgen(js_name = renderSnippet, unchecked_return_type = "Rendered | undefined")]
pub fn render_snippet(
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] values: JsValue,
) -> Result<JsValue, JsError> {
    let values: HashMap<String, String> = from_js_or_default(&values, "snippet values")?;
    to_js(&library().render(id, &values))
}

/// If the text before the caret ends with a snippet trigger (`;merci`), what replaces it.
#[wasm_bindgen(js_name = expandTrigger, unchecked_return_type = "Expansion | undefined")]
pub fn expand_trigger(before_caret: &str, lang: Option<String>) -> Result<JsValue, JsError> {
    to_js(&library().expand_trigger(before_caret, comment_lang(lang)?))
}
