//! The built-in quick replies (`data/snippets.json`) are the defaults a new user sees next to
//! the built-in sample guide (`guide/sample.toml`, "Roue Libre"): they must follow it. Every
//! snippet is rendered the way the text expander renders it and checked with the sample guide
//! on every network the guide publishes on, plus Facebook, where comment replies are common.

use porte_voix_core::guide::{self, Level};
use porte_voix_core::suggest::snippets::{Category, Library, Snippet};
use porte_voix_core::suggest::Lang;
use porte_voix_core::{CheckContext, Checker, Finding};
use std::collections::{BTreeMap, HashMap, HashSet};

fn guide_lang(l: Lang) -> guide::Lang {
    match l {
        Lang::Fr => guide::Lang::Fr,
        Lang::En => guide::Lang::En,
    }
}

/// The `{name}` placeholders of a body, as the renderer reads them.
fn placeholders(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0 && after[..close].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The texts a snippet becomes: with every default (an empty first name included, which is the
/// expander's output), and with a sample first name, the only variable whose default is empty.
fn renderings(lib: &Library, s: &Snippet) -> Vec<(&'static str, String)> {
    let mut values = HashMap::new();
    let defaults = lib.render_snippet(s, &values).text;
    values.insert("first_name".to_string(), if s.lang == Lang::Fr { "Maëlle" } else { "Sam" }.to_string());
    let named = lib.render_snippet(s, &values).text;
    vec![("defaults", defaults), ("first_name set", named)]
}

/// Whether `f` is acceptable in snippet `s`.
fn accepted(s: &Snippet, f: &Finding) -> bool {
    // A recall or an accident statement cannot avoid the guide's sensitive words ("rappel
    // produit", "accident", "recall"): the warning is the guide's approval workflow doing its
    // job (have Camille approve the post), not a flaw of the text. Only crisis snippets may
    // raise it; no other category may mention a sensitive word.
    if f.rule == "terms.sensitive" && s.category == Category::Crisis {
        return true;
    }
    // French typography is a suggestion in the sample guide, but the defaults must get it
    // right: no typography finding of any level.
    if f.rule.starts_with("typography.") {
        return false;
    }
    !matches!(f.level, Level::Warning | Level::Error)
}

#[test]
fn every_builtin_snippet_passes_the_sample_guide() {
    let lib = Library::builtin();
    let checker = Checker::new(guide::sample());
    let mut networks = checker.guide().guide.networks.used.clone();
    networks.push("facebook".to_string());
    assert!(networks.iter().any(|n| n == "x"), "X, the strictest length limit, is checked");
    // Each offending finding once, with the networks it fires on.
    let mut failures: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for s in lib.snippets() {
        for (how, text) in renderings(&lib, s) {
            for net in &networks {
                let ctx = CheckContext {
                    network: Some(net.clone()),
                    lang: guide_lang(s.lang),
                    post_lang: Some(guide_lang(s.lang)),
                    ..Default::default()
                };
                for f in checker.check(&text, &ctx) {
                    if !accepted(s, &f) {
                        let key = format!(
                            "{} ({how}): {:?} {} — {}  [{:?}]",
                            s.id,
                            f.level,
                            f.rule,
                            f.message,
                            &text[f.span.byte_start..f.span.byte_end]
                        );
                        failures.entry(key).or_default().push(net);
                    }
                }
            }
        }
    }
    let report: Vec<String> =
        failures.iter().map(|(k, nets)| format!("{k} on {}", nets.join(", "))).collect();
    assert!(
        report.is_empty(),
        "{} finding(s) against the sample guide:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn library_is_written_for_the_sample_guides_brand() {
    let lib = Library::builtin();
    let g = guide::sample();
    assert_eq!(lib.brand, g.guide.brand.name);
    assert!(lib.snippets().len() >= 30, "{} snippets", lib.snippets().len());
    // Same coverage in both languages: every category, every FAQ topic.
    for cat in [
        Category::Thanks,
        Category::Question,
        Category::Complaint,
        Category::Escalation,
        Category::Crisis,
        Category::Moderation,
    ] {
        let fr = lib.snippets().iter().filter(|s| s.lang == Lang::Fr && s.category == cat).count();
        let en = lib.snippets().iter().filter(|s| s.lang == Lang::En && s.category == cat).count();
        assert!(fr > 0 && fr == en, "{cat:?}: {fr} fr, {en} en");
    }
    for topic in ["hours", "delay", "booking", "velobox", "ebike", "warranty", "faq"] {
        for lang in ["fr", "en"] {
            let id = format!("{lang}-question-{topic}");
            assert!(lib.get(&id).is_some_and(|s| s.category == Category::Question), "missing {id}");
        }
    }
}

#[test]
fn triggers_are_unique_per_language_and_expand_to_their_snippet() {
    let lib = Library::builtin();
    let mut seen: HashMap<(Lang, String), &str> = HashMap::new();
    for s in lib.snippets() {
        let t = s.trigger.to_lowercase();
        assert!(
            t.starts_with(';') && t.len() > 2 && !t.contains(char::is_whitespace),
            "{}: trigger {:?}",
            s.id,
            s.trigger
        );
        if let Some(other) = seen.insert((s.lang, t.clone()), &s.id) {
            panic!("trigger {t} is used by both {other} and {} ({:?})", s.id, s.lang);
        }
        let e = lib
            .expand_trigger(&format!("Bonjour {}", s.trigger), Some(s.lang))
            .unwrap_or_else(|| panic!("{} does not expand", s.trigger));
        assert_eq!(e.id, s.id, "{} expands to another snippet", s.trigger);
    }
}

#[test]
fn every_placeholder_is_declared_and_every_variable_is_used() {
    let lib = Library::builtin();
    let declared: HashSet<&str> = lib.variables().iter().map(|v| v.name.as_str()).collect();
    assert_eq!(declared.len(), lib.variables().len(), "a variable is declared twice");
    let mut used: HashSet<&str> = HashSet::new();
    for s in lib.snippets() {
        for name in placeholders(&s.body) {
            assert!(declared.contains(name), "{}: {{{name}}} is not declared", s.id);
            used.insert(name);
        }
        // Unbalanced or malformed braces would be left as they are in the reply.
        assert_eq!(s.body.matches('{').count(), placeholders(&s.body).len(), "{}: stray brace", s.id);
        assert_eq!(s.body.matches('}').count(), placeholders(&s.body).len(), "{}: stray brace", s.id);
    }
    for v in lib.variables() {
        assert!(used.contains(v.name.as_str()), "{} is declared but no snippet uses it", v.name);
        assert!(!v.prompt.fr.is_empty() && !v.prompt.en.is_empty(), "{}: a prompt is missing", v.name);
        // Only the first name may default to nothing (the reply then reads "Bonjour,").
        if v.name != "first_name" {
            assert!(!v.default.fr.is_empty() && !v.default.en.is_empty(), "{}: a default is missing", v.name);
        }
    }
}

#[test]
fn rendered_defaults_read_cleanly() {
    // An empty first name must not leave "Bonjour ," or "l’ordre,." behind.
    let lib = Library::builtin();
    for s in lib.snippets() {
        for (how, text) in renderings(&lib, s) {
            for bad in [" ,", ",.", ", .", "  ", " .", "{", "}"] {
                assert!(!text.contains(bad), "{} ({how}): {bad:?} in {text:?}", s.id);
            }
            assert!(
                text.chars().next().is_some_and(char::is_uppercase),
                "{} ({how}) starts in lower case: {text:?}",
                s.id
            );
        }
        if s.lang == Lang::Fr {
            // Straight apostrophes and plain spaces before high punctuation slip in easily.
            assert!(!s.body.contains('\''), "{}: straight apostrophe", s.id);
            for p in [" :", " ;", " !", " ?", "« ", " »"] {
                assert!(!s.body.contains(p), "{}: plain space in {p:?}", s.id);
            }
        }
    }
}
