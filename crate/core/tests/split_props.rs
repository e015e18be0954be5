//! Property tests of the thread splitter: for any draft and any thread network, every part is valid
//! for the network (numbering included), the text is kept in order (only the whitespace at the
//! cuts goes), and no URL, hashtag or mention is cut.

use porte_voix_core::networks::builtin;
use porte_voix_core::text::{count, entities, split, Numbering, NumberingPosition, SplitError, SplitOptions};
use proptest::prelude::*;

const THREAD_NETWORKS: [&str; 4] = ["x", "bluesky", "mastodon", "threads"];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["le", "café", "équipe", "été", "où", "ça", "Noël", "l'œuvre", "community", "manager", "launch", "today", "rendez-vous", "déjà"]).prop_map(String::from),
        1 => prop::sample::select(vec!["👨‍👩‍👧‍👦", "🇫🇷", "🙋🏽", "❤️‍🔥", "1️⃣", "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}", "😀"]).prop_map(String::from),
        1 => "[a-z]{2,12}".prop_map(|s| format!("https://exemple.fr/{s}")),
        1 => "[a-z]{2,10}".prop_map(|s| format!("www.{s}.com/page")),
        1 => "[a-zé]{2,12}".prop_map(|s| format!("#{s}")),
        1 => "[a-z_]{1,12}".prop_map(|s| format!("@{s}")),
        1 => "[\u{4e00}-\u{4fff}]{1,40}",
        1 => prop::sample::select(vec!["Fin.", "Vraiment ?", "Oui !", "«Ah»."]).prop_map(String::from),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", " ", " ", " ", "\n", "\n\n", ". ", " — "])
}

fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), separator()), 1..260)
        .prop_map(|v| v.into_iter().map(|(t, s)| t + s).collect())
}

fn options() -> impl Strategy<Value = SplitOptions> {
    (
        prop::sample::select(vec![Numbering::Fraction, Numbering::Parenthesized, Numbering::None]),
        prop::sample::select(vec![NumberingPosition::Suffix, NumberingPosition::Prefix]),
    )
        .prop_map(|(numbering, position)| SplitOptions { numbering, position, separator: " ".into() })
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn body<'a>(text: &'a str, options: &SplitOptions, index: usize, total: usize) -> &'a str {
    if total == 1 {
        return text;
    }
    let n = match options.numbering {
        Numbering::Fraction => format!("{index}/{total}"),
        Numbering::Parenthesized => format!("({index}/{total})"),
        Numbering::None => return text,
    };
    match options.position {
        NumberingPosition::Suffix => text.strip_suffix(&n).expect("numbering at the end").trim_end(),
        NumberingPosition::Prefix => text.strip_prefix(&n).expect("numbering at the start").trim_start(),
    }
}

fn check(text: &str, network: &str, options: &SplitOptions) -> Result<(), TestCaseError> {
    let profile = builtin(network).unwrap();
    let parts = match split(text, &profile, options) {
        Ok(p) => p,
        Err(SplitError::Empty) => {
            prop_assert!(text.trim().is_empty());
            return Ok(());
        }
        Err(SplitError::TokenTooLong { .. }) => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
    };
    let total = parts.len();
    let mut joined = String::new();
    for p in &parts {
        prop_assert!(p.count.valid, "invalid part on {network}: {:?} {:?}", p.text, p.count);
        prop_assert_eq!(&count(&p.text, &profile), &p.count);
        joined.push_str(body(&p.text, options, p.index, total));
    }
    prop_assert_eq!(squash(&joined), squash(text));
    // No entity of the draft is cut: each one is whole inside one part.
    let e = entities(text);
    for ent in e.urls.iter().chain(&e.hashtags).chain(&e.mentions) {
        let whole = ent.span.slice(text);
        prop_assert!(parts.iter().any(|p| p.text.contains(whole)), "{whole:?} was cut");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn realistic_drafts_split_into_valid_parts(text in draft(), net in prop::sample::select(THREAD_NETWORKS.to_vec()), options in options()) {
        check(&text, net, &options)?;
    }

    #[test]
    fn any_text_splits_without_panicking(text in "\\PC{0,900}", net in prop::sample::select(THREAD_NETWORKS.to_vec())) {
        let profile = builtin(net).unwrap();
        if let Ok(parts) = split(&text, &profile, &SplitOptions::default()) {
            let total = parts.len();
            let mut joined = String::new();
            for p in &parts {
                prop_assert!(p.count.valid);
                joined.push_str(body(&p.text, &SplitOptions::default(), p.index, total));
            }
            prop_assert_eq!(squash(&joined), squash(&text));
        }
    }

    #[test]
    fn counting_and_extraction_never_panic(text in "\\PC{0,400}") {
        for id in porte_voix_core::networks::ids() {
            let c = count(&text, &builtin(id).unwrap());
            prop_assert_eq!(c.remaining, c.limit as i64 - c.length as i64);
        }
        let e = entities(&text);
        for ent in e.urls.iter().chain(&e.hashtags).chain(&e.mentions).chain(&e.cashtags) {
            prop_assert!(text.get(ent.span.byte_start..ent.span.byte_end).is_some());
        }
    }
}
