//! The few Unicode character properties that the scanners and the folding need: the general category
//! reduced to letter, mark, decimal digit or other, and the emoji properties `Emoji` and
//! `Emoji_Modifier_Base`. Looked up in tables of runs that build.rs derives from `unicode-properties`
//! (exact for its Unicode version, several times smaller than its full tables).

/// A character's class: its general category reduced to what the scanners ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// Anything not below.
    Other = 0,
    /// `L*`: upper-, lower-, title-case, modifier and other letters.
    Letter = 1,
    /// `M*`: non-spacing, spacing and enclosing marks.
    Mark = 2,
    /// `Nd`: decimal digits of any script.
    DecimalDigit = 3,
}

include!(concat!(env!("OUT_DIR"), "/char_class_runs.rs"));

/// The value (two bits) of the run of `runs` that holds `c`.
fn run_value(runs: &[u32], c: char) -> u32 {
    let cp = c as u32;
    // The last run starting at or before `cp` (the first run starts at U+0000).
    let i = runs.partition_point(|&run| run >> 2 <= cp) - 1;
    runs[i] & 3
}

/// The class of `c`.
pub(crate) fn class(c: char) -> CharClass {
    match run_value(&RUNS, c) {
        1 => CharClass::Letter,
        2 => CharClass::Mark,
        3 => CharClass::DecimalDigit,
        _ => CharClass::Other,
    }
}

/// Whether `c` has the Unicode property `Emoji` (`Emoji=Yes`, which includes the digits, `#` and `*`).
pub(crate) fn is_emoji_char(c: char) -> bool {
    run_value(&EMOJI_RUNS, c) & 1 != 0
}

/// Whether `c` has the Unicode property `Emoji_Modifier_Base` (takes a skin-tone modifier).
pub(crate) fn is_emoji_modifier_base(c: char) -> bool {
    run_value(&EMOJI_RUNS, c) & 2 != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_properties::{
        EmojiStatus, GeneralCategory, GeneralCategoryGroup, UnicodeEmoji, UnicodeGeneralCategory,
    };

    /// Every code point, against the full general-category table the runs were made from.
    #[test]
    fn agrees_with_the_general_category_everywhere() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let expected = match c.general_category_group() {
                GeneralCategoryGroup::Letter => CharClass::Letter,
                GeneralCategoryGroup::Mark => CharClass::Mark,
                _ if c.general_category() == GeneralCategory::DecimalNumber => CharClass::DecimalDigit,
                _ => CharClass::Other,
            };
            assert_eq!(class(c), expected, "U+{:04X}", c as u32);
        }
    }

    /// Every code point, against the full emoji-status table the runs were made from.
    #[test]
    fn agrees_with_the_emoji_properties_everywhere() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let base = matches!(
                c.emoji_status(),
                EmojiStatus::EmojiModifierBase | EmojiStatus::EmojiPresentationAndModifierBase
            );
            assert_eq!(is_emoji_char(c), c.is_emoji_char(), "Emoji of U+{:04X}", c as u32);
            assert_eq!(is_emoji_modifier_base(c), base, "Emoji_Modifier_Base of U+{:04X}", c as u32);
        }
    }

    #[test]
    fn reads_a_few_known_emoji() {
        assert!(is_emoji_char('😀') && !is_emoji_modifier_base('😀'));
        assert!(is_emoji_char('👍') && is_emoji_modifier_base('👍'));
        assert!(is_emoji_char('☝') && is_emoji_modifier_base('☝')); // text-presentation base
        assert!(is_emoji_char('#') && is_emoji_char('7')); // keycap bases
        assert!(!is_emoji_char('a') && !is_emoji_char('中') && !is_emoji_char('\u{0}'));
        assert!(!is_emoji_char(char::MAX) && !is_emoji_modifier_base(char::MAX));
    }

    #[test]
    fn reads_a_few_known_characters() {
        assert_eq!(class('a'), CharClass::Letter);
        assert_eq!(class('é'), CharClass::Letter);
        assert_eq!(class('中'), CharClass::Letter);
        assert_eq!(class('\u{301}'), CharClass::Mark); // combining acute accent
        assert_eq!(class('\u{94d}'), CharClass::Mark); // Devanagari virama
        assert_eq!(class('٣'), CharClass::DecimalDigit); // Arabic-Indic three
        assert_eq!(class('Ⅻ'), CharClass::Other); // a letter number (Nl), not a decimal digit
        assert_eq!(class('#'), CharClass::Other);
        assert_eq!(class('\u{0}'), CharClass::Other);
        assert_eq!(class(char::MAX), CharClass::Other);
    }
}
