//! The registry of built-in checks: stable ids, default levels, the options a guide may set.

use crate::guide::Level;

/// One built-in check as the guide and the docs see it.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinCheck {
    /// Stable id, used in findings, `[checks]` and `CheckOptions.disabled`.
    pub id: &'static str,
    /// Level when the guide says nothing.
    pub level: Level,
    /// Numeric options the guide may set in `[checks."<id>"]`.
    pub numbers: &'static [&'static str],
    /// List options the guide may set.
    pub lists: &'static [&'static str],
    /// One line for docs and `--help`.
    pub summary: &'static str,
}

const fn c(
    id: &'static str,
    level: Level,
    numbers: &'static [&'static str],
    lists: &'static [&'static str],
    summary: &'static str,
) -> BuiltinCheck {
    BuiltinCheck { id, level, numbers, lists, summary }
}

use Level::*;

/// Every built-in check.
pub const BUILTIN_CHECKS: &[BuiltinCheck] = &[
    c("length.limit", Error, &[], &[], "over the network's length limit"),
    c("length.ideal", Suggestion, &[], &[], "outside the guide's ideal length range"),
    c("hashtags.count", Warning, &[], &[], "more hashtags than the guide or network allows"),
    c("hashtags.banned", Error, &[], &[], "a banned hashtag"),
    c("hashtags.case", Suggestion, &[], &[], "hashtag not in the guide's case style (CamelCase)"),
    c("hashtags.wall", Suggestion, &[], &[], "a wall of hashtags at the end of the post"),
    c("hashtags.campaign", Warning, &[], &[], "a hashtag required by the campaign is missing"),
    c("mentions.policy", Warning, &[], &[], "a mention the guide does not allow"),
    c("emoji.count", Warning, &[], &[], "more emoji than the guide allows"),
    c("emoji.allowed", Warning, &[], &[], "an emoji outside the guide's allowed set"),
    c("style.shouting", Warning, &["min_letters"], &["allow"], "ALL-CAPS shouting"),
    c("style.repeated-punctuation", Warning, &[], &[], "repeated punctuation (!!!, ??)"),
    c("typography.fr-spacing", Suggestion, &[], &[], "French no-break spaces before ; : ! ? and inside « »"),
    c("typography.apostrophe", Suggestion, &[], &[], "French typographic apostrophe ’"),
    c("typography.ellipsis", Suggestion, &[], &[], "ellipsis character …"),
    c("typography.double-space", Warning, &[], &[], "two spaces in a row"),
    c(
        "text.direction-controls",
        Warning,
        &[],
        &[],
        "invisible bidirectional controls that reorder the displayed text",
    ),
    c("voice.register", Warning, &[], &[], "form of address or register against the guide's voice"),
    c("voice.mixed", Warning, &[], &[], "tu and vous mixed in one post"),
    c("sentence.length", Suggestion, &["max_words"], &[], "sentence too long"),
    c(
        "readability.score",
        Suggestion,
        &["min_score", "min_words"],
        &[],
        "hard to read (Kandel-Moles / Flesch)",
    ),
    c("words.repeated", Warning, &[], &["allow"], "a word repeated back to back (le le)"),
    c("terms.spelling", Warning, &[], &[], "brand or product spelled differently from the guide"),
    c("terms.avoid", Warning, &[], &[], "a word the guide asks to avoid"),
    c("terms.competitor", Warning, &[], &[], "a competitor is named"),
    c("terms.sensitive", Warning, &[], &[], "a sensitive word: the post needs an approver"),
    c("disclosure.missing", Error, &[], &[], "sponsored post without a disclosure marker"),
    c("links.utm", Warning, &[], &[], "link to the brand's site without the required UTM parameters"),
    c("links.shortener", Warning, &[], &[], "shortened link where the guide forbids shorteners"),
];

/// The built-in check with this id.
pub fn builtin_check(id: &str) -> Option<&'static BuiltinCheck> {
    BUILTIN_CHECKS.iter().find(|c| c.id == id)
}
