//! Comment triage on arbitrary text: a class with a confidence in 0..=1, finite scores, and reply
//! suggestions from the built-in library within the asked limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::guide::Lang;
use porte_voix_core::suggest::snippets::Library;
use porte_voix_core::suggest::triage::{detect_lang, triage, Class};
use porte_voix_fuzz::*;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static LIB: OnceLock<Library> = OnceLock::new();
    let lib = LIB.get_or_init(Library::builtin);
    let (sel, rest) = selector_and_rest(data);
    let text = text_of(rest);
    let lang = [None, Some(Lang::Fr), Some(Lang::En)][usize::from(sel % 3)];
    let _ = detect_lang(&text);
    let t = triage(&text, lang);
    assert!((0.0..=1.0).contains(&t.confidence), "confidence {}", t.confidence);
    for c in Class::ALL {
        assert!(t.scores.get(c).is_finite(), "score of {c:?} is {}", t.scores.get(c));
    }
    let replies = lib.replies_for(&t, &text, t.lang, 3);
    assert!(replies.len() <= 3, "{} replies for a limit of 3", replies.len());
    for r in &replies {
        assert!(r.score.is_finite(), "reply score {}", r.score);
    }
});
