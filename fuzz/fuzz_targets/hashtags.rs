//! Hashtag suggestions with the sample guide on arbitrary drafts, for every network: never more
//! suggestions than room, each a valid hashtag, and the insertion point inside the draft.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::guide::{self, CompiledGuide};
use porte_voix_core::networks;
use porte_voix_core::suggest::hashtags::{insertion, suggest_hashtags, HashtagOptions};
use porte_voix_core::text::is_valid_hashtag;
use porte_voix_fuzz::*;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static GUIDE: OnceLock<CompiledGuide> = OnceLock::new();
    let guide = GUIDE.get_or_init(guide::sample);
    let (sel, rest) = selector_and_rest(data);
    let draft = text_of(rest);
    let campaign = guide.guide.hashtags.campaigns.first().filter(|_| sel & 1 == 1).map(|(id, _)| id.clone());
    let options = HashtagOptions { campaign, lang: None, limit: None };
    for profile in networks::all() {
        let s = suggest_hashtags(&draft, &profile, guide, &[], &options);
        assert!(
            s.suggestions.len() <= s.room,
            "{}: {} suggestions for room {}",
            profile.id,
            s.suggestions.len(),
            s.room
        );
        for h in &s.suggestions {
            assert!(is_valid_hashtag(&h.text), "{}: suggested an invalid hashtag {:?}", profile.id, h.tag);
            assert!(h.score.is_finite(), "{}: score {}", profile.id, h.score);
            let at = insertion(&draft, &h.tag);
            assert!(
                draft.is_char_boundary(at.byte_offset) && at.byte_offset <= draft.len(),
                "insertion outside the draft"
            );
            assert_eq!(
                at.offset,
                porte_voix_core::span::utf16_len(&draft[..at.byte_offset]),
                "insertion UTF-16 offset"
            );
        }
    }
});
