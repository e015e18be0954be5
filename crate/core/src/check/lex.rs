//! Small lexical helpers shared by the checks: case folding with an offset map, words,
//! sentences, syllables and emoji. Everything works on byte offsets that are char boundaries.

use crate::guide::Lang;
use unicode_segmentation::UnicodeSegmentation;

/// Whether `c` can be part of a word (for word-boundary tests).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lower-cases one char for matching; folds the typographic apostrophe and spaces.
fn fold_char(c: char, out: &mut String) {
    match c {
        '’' | 'ʼ' | '‘' => out.push('\''),
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds a pattern the same way texts are folded, so that both meet in the automaton.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A folded copy of a text that remembers, for each folded byte, the original byte offset.
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `map[i]` is the original offset of the char that produced folded byte `i`; one extra entry
    /// maps the end.
    map: Vec<u32>,
}

impl Folded {
    /// Folds `s`.
    pub fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len() + 8);
        let mut map = Vec::with_capacity(s.len() + 9);
        for (i, c) in s.char_indices() {
            let before = text.len();
            fold_char(c, &mut text);
            map.extend(std::iter::repeat_n(i as u32, text.len() - before));
        }
        map.push(s.len() as u32);
        Folded { text, map }
    }

    /// The original byte range of folded range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map.get(start).copied().unwrap_or(0) as usize;
        // The end maps to the start of the char after the last folded byte.
        let e = if end == 0 {
            s
        } else {
            self.map.get(end).copied().unwrap_or(*self.map.last().unwrap_or(&0)) as usize
        };
        (s, e.max(s))
    }
}

/// Whether `[start, end)` of `s` is delimited by non-word chars on both sides.
pub fn at_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s.get(..start).and_then(|p| p.chars().next_back());
    let after = s.get(end..).and_then(|p| p.chars().next());
    let first = s.get(start..).and_then(|p| p.chars().next());
    let last = s.get(..end).and_then(|p| p.chars().next_back());
    // A boundary is only needed where the match itself starts or ends with a word char.
    let ok_before = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let ok_after = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    ok_before && ok_after
}

/// Byte ranges of the words of `s` (runs of letters and digits).
pub fn words(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphanumeric() {
                break;
            }
            iter.next();
        }
        let (start, c) = iter.next()?;
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some((start, end))
    })
}

/// Byte ranges of the sentences of one line: each ends after `.`, `!`, `?` or `…` followed by a
/// space, or at the end of the line. Leading spaces are skipped.
pub fn sentences(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev_end_punct = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if prev_end_punct {
                if let Some(st) = start.take() {
                    out.push((st, i));
                }
            }
            prev_end_punct = false;
            continue;
        }
        if start.is_none() {
            start = Some(i);
        }
        prev_end_punct = matches!(c, '.' | '!' | '?' | '…');
    }
    if let Some(st) = start {
        let end = s.trim_end().len().max(st);
        out.push((st, end));
    }
    out
}

/// A vowel of French or English, accented or not (lower case).
#[rustfmt::skip] // laid out as a table; rustfmt would give each entry a line of its own
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à' | 'â' | 'ä' | 'é' | 'è' | 'ê' | 'ë' | 'î' | 'ï' | 'ô' | 'ö'
        | 'û' | 'ù' | 'ü' | 'œ' | 'æ' | 'ÿ')
}

/// `s` in lower case, borrowed when it already is.
pub fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Estimated syllables of one lower-case word: vowel groups, minus a silent final `e`
/// (French `e`/`es`/`ent`).
pub fn syllables(lower: &str, lang: Lang) -> usize {
    if lower.bytes().all(|c| c.is_ascii_digit()) {
        return 1;
    }
    let mut groups = 0;
    let mut prev = false;
    let mut len = 0;
    for c in lower.chars() {
        let v = is_vowel(c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
        len += 1;
    }
    let ends = |suffix: &str| len > suffix.len() + 1 && lower.ends_with(suffix);
    let silent = match lang {
        Lang::Fr => ends("e") || ends("es") || ends("ent"),
        Lang::En => ends("e") && !ends("le"),
    };
    if silent && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

/// Whether a grapheme cluster is an emoji (pictographic ranges, flags, keycaps, VS16).
pub fn is_emoji(g: &str) -> bool {
    let mut chars = g.chars();
    let Some(first) = chars.next() else { return false };
    let cp = first as u32;
    matches!(cp, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55 | 0x2B1B | 0x2B1C | 0x231A | 0x231B | 0x23E9..=0x23FA | 0x2934 | 0x2935 | 0x3030 | 0x303D | 0x3297 | 0x3299)
        || g.contains('\u{fe0f}') && !first.is_ascii_alphanumeric()
        || g.contains('\u{20e3}')
}

/// Byte ranges of the emoji of `s`.
pub fn emoji(s: &str) -> Vec<(usize, usize)> {
    // Grapheme segmentation is the costly part: skip it when no char can start or shape an emoji.
    if !s.chars().any(|c| c as u32 >= 0x2190) {
        return Vec::new();
    }
    s.grapheme_indices(true).filter(|(_, g)| is_emoji(g)).map(|(i, g)| (i, i + g.len())).collect()
}

/// A guess at the language of a text among `candidates`, from common function words.
pub fn detect_lang(text: &str, candidates: &[Lang]) -> Lang {
    let first = candidates.first().copied().unwrap_or(Lang::Fr);
    if candidates.len() < 2 {
        return first;
    }
    let (mut fr, mut en) = (0i32, 0i32);
    for (s, e) in words(text) {
        let w = &text[s..e];
        if w.len() > 6 {
            continue;
        }
        let lw = lower(w);
        match &*lw {
            "le" | "la" | "les" | "des" | "une" | "est" | "et" | "pour" | "avec" | "vous" | "nous"
            | "sur" | "dans" | "pas" | "du" | "au" | "aux" | "qui" | "que" | "ce" | "cette" | "notre"
            | "nos" | "votre" | "vos" | "tu" | "ton" | "ta" | "tes" | "un" | "ou" | "mais" | "très"
            | "plus" | "chez" | "bonjour" | "merci" => fr += 1,
            "the" | "and" | "for" | "with" | "you" | "we" | "our" | "your" | "is" | "are" | "this"
            | "that" | "to" | "of" | "it" | "not" | "be" | "at" | "from" | "by" | "an" | "or" | "but"
            | "very" | "more" | "hello" | "thanks" => en += 1,
            _ => {}
        }
    }
    match fr.cmp(&en) {
        std::cmp::Ordering::Greater => Lang::Fr,
        std::cmp::Ordering::Less => Lang::En,
        std::cmp::Ordering::Equal => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_offsets() {
        let f = Folded::new("Vélo’S İx");
        let i = f.text.find("s").unwrap();
        let (s, e) = f.original(i, i + 1);
        assert_eq!(&"Vélo’S İx"[s..e], "S");
        let j = f.text.find('x').unwrap();
        assert_eq!(f.original(j, j + 1), ("Vélo’S İx".len() - 1, "Vélo’S İx".len()));
    }

    #[test]
    fn words_sentences_syllables() {
        let t = "Bonjour, c'est l'été ! Venez.";
        let w: Vec<&str> = words(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(w, ["Bonjour", "c", "est", "l", "été", "Venez"]);
        assert_eq!(sentences(t).len(), 2);
        assert_eq!(syllables("bicyclette", Lang::Fr), 3);
        assert_eq!(syllables("bike", Lang::En), 1);
        assert_eq!(emoji("ok 🚲 et 👍🏽 🇫🇷").len(), 3);
        assert_eq!(detect_lang("Venez à l'atelier avec votre vélo", &[Lang::En, Lang::Fr]), Lang::Fr);
    }
}
