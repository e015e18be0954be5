//! The checker with the sample guide, for each network and language, then `fix`: findings located
//! inside the text (char boundaries, UTF-16 offsets, line and column), and the fixed text checks
//! cleanly again (no panic, valid findings); ignoring the first finding's text (as a saved post does)
//! leaves out every finding of that rule on that text and no other.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::guide::{self, Lang};
use porte_voix_core::{fix, CheckContext, Checker};
use porte_voix_fuzz::*;
use std::sync::OnceLock;

const NETWORKS: [Option<&str>; 5] = [None, Some("x"), Some("bluesky"), Some("instagram"), Some("linkedin")];

fuzz_target!(|data: &[u8]| {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| Checker::new(guide::sample()));
    let (sel, rest) = selector_and_rest(data);
    let text = text_of(rest);
    let ctx = CheckContext {
        network: NETWORKS[usize::from(sel) % NETWORKS.len()].map(String::from),
        lang: if sel & 0x10 == 0 { Lang::Fr } else { Lang::En },
        post_lang: match sel >> 5 & 3 {
            0 => None,
            1 => Some(Lang::Fr),
            _ => Some(Lang::En),
        },
        sponsored: sel & 0x80 != 0,
        campaign: None,
        ignored: Vec::new(),
        disabled: Vec::new(),
        ..CheckContext::default()
    };
    let findings = checker.check(&text, &ctx);
    assert_findings(&text, &findings);
    if let Some(first) = findings.first() {
        let matched = &text[first.span.byte_start..first.span.byte_end];
        let mut ignoring = ctx.clone();
        ignoring.ignored_texts.insert(first.rule.clone(), vec![matched.to_string()]);
        let left = checker.check(&text, &ignoring);
        assert!(left.len() < findings.len(), "ignoring {matched:?} under {} left every finding", first.rule);
        let key = |f: &porte_voix_core::Finding| (f.rule.clone(), f.span.byte_start, f.span.byte_end);
        let kept: Vec<_> = findings.iter().filter(|f| left.iter().any(|l| key(l) == key(f))).collect();
        assert_eq!(kept.len(), left.len(), "ignoring a text added findings");
    }
    let fixed = fix(&text, &findings);
    let again = checker.check(&fixed, &ctx);
    assert_findings(&fixed, &again);
    // The checker's repeated fix ends on text that still checks cleanly.
    let settled = checker.fix(&text, &ctx);
    assert_findings(&settled, &checker.check(&settled, &ctx));
});
