//! Thread splitting for every network with threads and every numbering: each part valid for the
//! network, numbering included; the parts' text is the draft's, in order (only whitespace at the
//! cuts may go); an error only for a blank draft or a token longer than a whole post.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::networks;
use porte_voix_core::text::{split, Numbering, NumberingPosition, SplitError, SplitOptions};
use porte_voix_fuzz::*;

const NUMBERINGS: [Numbering; 3] = [Numbering::Fraction, Numbering::Parenthesized, Numbering::None];
const POSITIONS: [NumberingPosition; 2] = [NumberingPosition::Suffix, NumberingPosition::Prefix];

/// The part's text without its numbering.
fn body<'a>(text: &'a str, o: &SplitOptions, index: usize, total: usize) -> &'a str {
    let n = match o.numbering {
        _ if total == 1 => return text,
        Numbering::Fraction => format!("{index}/{total}"),
        Numbering::Parenthesized => format!("({index}/{total})"),
        Numbering::None => return text,
    };
    let stripped = match o.position {
        NumberingPosition::Suffix => text.strip_suffix(n.as_str()),
        NumberingPosition::Prefix => text.strip_prefix(n.as_str()),
    };
    stripped.unwrap_or_else(|| panic!("part {index}/{total} lacks its numbering: {text:?}"))
}

fuzz_target!(|data: &[u8]| {
    let (sel, rest) = selector_and_rest(data);
    let text = text_of(rest);
    let options = SplitOptions {
        numbering: NUMBERINGS[usize::from(sel % 3)],
        position: POSITIONS[usize::from(sel >> 2 & 1)],
        separator: " ".into(),
    };
    for profile in networks::all() {
        // Small limits make short inputs split, so the fuzzer reaches the splitting paths quickly.
        let profile =
            if sel & 0x80 != 0 { profile.clone().with_limit(profile.limit.min(40)) } else { profile };
        match split(&text, &profile, &options) {
            Ok(parts) => {
                assert!(!parts.is_empty(), "{}: no part", profile.id);
                let total = parts.len();
                let mut joined = String::new();
                for (k, p) in parts.iter().enumerate() {
                    assert_eq!((p.index, p.total), (k + 1, total), "{}: numbering fields", profile.id);
                    assert!(p.count.valid, "{}: part {} is not valid: {:?}", profile.id, p.index, p.text);
                    assert_count(&p.text, &profile, &p.count);
                    joined.push_str(body(&p.text, &options, p.index, total));
                }
                assert_eq!(
                    squash(&joined),
                    squash(&text),
                    "{}: the parts do not keep the draft's text",
                    profile.id
                );
            }
            Err(SplitError::NotSupported { .. }) => assert!(!profile.supports_threads),
            Err(SplitError::Empty) => {
                assert!(text.trim().is_empty(), "{}: Empty for a non-blank draft", profile.id)
            }
            Err(SplitError::TokenTooLong { token, .. }) => assert!(
                text.contains(token.as_str()),
                "{}: the too-long token is not in the draft",
                profile.id
            ),
        }
    }
});
