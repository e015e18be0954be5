//! Reply snippets: a library read from arbitrary JSON, rendering with arbitrary variable values,
//! trigger expansion on arbitrary text before the caret, and search. The expansion's span is the
//! end of the text before the caret; rendering keeps every value it was given.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::guide::Lang;
use porte_voix_core::suggest::snippets::Library;
use porte_voix_fuzz::*;
use std::collections::HashMap;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static BUILTIN: OnceLock<Library> = OnceLock::new();
    let builtin = BUILTIN.get_or_init(Library::builtin);
    let (sel, rest) = selector_and_rest(data);
    let text = text_of(rest);
    let lang = [None, Some(Lang::Fr), Some(Lang::En)][usize::from(sel % 3)];
    // A library of the user's own: any JSON is either refused with a message or usable.
    let own = match Library::from_json(&text) {
        Ok(lib) => Some(lib),
        Err(message) => {
            assert!(!message.is_empty(), "refused without a message");
            None
        }
    };
    for lib in std::iter::once(builtin).chain(own.as_ref()) {
        if let Some(x) = lib.expand_trigger(&text, lang) {
            assert_span(&text, &x.span, "expansion");
            assert_eq!(x.span.byte_end, text.len(), "the trigger does not end at the caret");
        }
        for hit in lib.search(&text, lang, 5) {
            assert!(hit.score.is_finite(), "search score {}", hit.score);
            assert!(lib.get(&hit.id).is_some(), "search hit {} is not in the library", hit.id);
        }
        // Every variable takes the fuzz text as its value: it must appear in the rendering.
        let values: HashMap<String, String> =
            lib.variables().iter().map(|v| (v.name.clone(), text.clone())).collect();
        for s in lib.snippets().iter().take(8) {
            let r = lib.render_snippet(s, &values);
            assert!(
                r.missing.iter().all(|m| !values.contains_key(&m.name)),
                "{}: a given variable reported missing",
                s.id
            );
        }
    }
});
