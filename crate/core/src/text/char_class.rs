//! The few classes of the Unicode general category that the scanners and the folding need: letter,
//! mark, decimal digit, other. Looked up in a table of runs that build.rs derives from
//! `unicode-properties` (exact for its Unicode version, a seventh of the size of the full table).

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

/// The class of `c`.
pub(crate) fn class(c: char) -> CharClass {
    let cp = c as u32;
    // The last run starting at or before `cp` (the first run starts at U+0000).
    let i = RUNS.partition_point(|&run| run >> 2 <= cp) - 1;
    match RUNS[i] & 3 {
        1 => CharClass::Letter,
        2 => CharClass::Mark,
        3 => CharClass::DecimalDigit,
        _ => CharClass::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

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
