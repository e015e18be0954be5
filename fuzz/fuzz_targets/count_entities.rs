//! Counting for every built-in network, twitter-text's three configurations, and entity extraction:
//! consistent arithmetic, ranges inside the text, spans on char boundaries with matching UTF-16 offsets.
#![no_main]
use libfuzzer_sys::fuzz_target;
use porte_voix_core::networks;
use porte_voix_core::text::{self, TwitterConfig};
use porte_voix_fuzz::*;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    for profile in networks::all() {
        let c = text::count(&text, &profile);
        assert_count(&text, &profile, &c);
        assert_eq!(text::length(&text, &profile), c.length, "{}: length() and count() disagree", profile.id);
    }
    for config in [TwitterConfig::v1(), TwitterConfig::v2(), TwitterConfig::v3()] {
        let c = text::count_with_config(&text, &config);
        let len16 = porte_voix_core::span::utf16_len(&text);
        assert!(
            c.valid_range_end <= len16.saturating_sub(1),
            "twitter v{}: valid range end past the text",
            config.version
        );
        assert!(
            c.overflow_start.is_none_or(|o| o <= len16),
            "twitter v{}: overflow past the text",
            config.version
        );
        assert!(
            !c.valid || c.weighted_length <= config.max_weighted_tweet_length,
            "twitter v{}: valid over the limit",
            config.version
        );
    }
    assert_entities(&text, &text::entities(&text));
    for r in text::url_ranges(&text) {
        assert_byte_range(&text, r, "url range");
    }
    for r in text::email_ranges(&text) {
        assert_byte_range(&text, r, "email range");
    }
});
