//! Accent- and case-insensitive text folding and word tokenising shared by the suggestion engines.
//!
//! Folding lowercases, removes diacritics (canonical decomposition, combining marks dropped),
//! expands the ligatures œ/æ/ß and maps typographic apostrophes to `'`. Tokenising splits words
//! at anything that is not a letter or digit, and splits French elisions (`l'`, `d'`, `qu'`,
//! `n'`, ...) and English `n't` contractions so that `n'ai` yields the negator `n` and `don't`
//! yields `do` `not`.

use crate::text::char_class::{class, CharClass};
use crate::text::normalize;

/// The special cases folded before (and instead of) decomposition.
fn special(c: char) -> Option<&'static str> {
    match c {
        '’' | 'ʼ' | '‘' | '`' | '´' | 'ʻ' => Some("'"),
        'œ' | 'Œ' => Some("oe"),
        'æ' | 'Æ' => Some("ae"),
        'ß' => Some("ss"),
        _ => None,
    }
}

/// U+00C0–U+017F (Latin-1 Supplement, Latin Extended-A) without their combining marks: the
/// base letter of each one's canonical decomposition (itself when it has none). Covers French
/// without asking the platform; checked against the tables by a unit test.
const LATIN_BASE: [char; 192] = [
    'A', 'A', 'A', 'A', 'A', 'A', 'Æ', 'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I', 'Ð', 'N', 'O', 'O', 'O',
    'O', 'O', '×', 'Ø', 'U', 'U', 'U', 'U', 'Y', 'Þ', 'ß', 'a', 'a', 'a', 'a', 'a', 'a', 'æ', 'c', 'e', 'e',
    'e', 'e', 'i', 'i', 'i', 'i', 'ð', 'n', 'o', 'o', 'o', 'o', 'o', '÷', 'ø', 'u', 'u', 'u', 'u', 'y', 'þ',
    'y', 'A', 'a', 'A', 'a', 'A', 'a', 'C', 'c', 'C', 'c', 'C', 'c', 'C', 'c', 'D', 'd', 'Đ', 'đ', 'E', 'e',
    'E', 'e', 'E', 'e', 'E', 'e', 'E', 'e', 'G', 'g', 'G', 'g', 'G', 'g', 'G', 'g', 'H', 'h', 'Ħ', 'ħ', 'I',
    'i', 'I', 'i', 'I', 'i', 'I', 'i', 'I', 'ı', 'Ĳ', 'ĳ', 'J', 'j', 'K', 'k', 'ĸ', 'L', 'l', 'L', 'l', 'L',
    'l', 'Ŀ', 'ŀ', 'Ł', 'ł', 'N', 'n', 'N', 'n', 'N', 'n', 'ŉ', 'Ŋ', 'ŋ', 'O', 'o', 'O', 'o', 'O', 'o', 'Œ',
    'œ', 'R', 'r', 'R', 'r', 'R', 'r', 'S', 's', 'S', 's', 'S', 's', 'S', 's', 'T', 't', 'T', 't', 'Ŧ', 'ŧ',
    'U', 'u', 'U', 'u', 'U', 'u', 'U', 'u', 'U', 'u', 'U', 'u', 'W', 'w', 'Y', 'y', 'Y', 'Z', 'z', 'Z', 'z',
    'Z', 'z', 'ſ',
];

/// Whether folding goes through the host's NFD provider (installed, or no built-in tables).
fn via_provider() -> bool {
    !cfg!(feature = "unicode-tables") || normalize::has_nfd_provider()
}

/// Appends the folded form of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(s) = special(c) {
        out.push_str(s);
        return;
    }
    #[cfg(feature = "unicode-tables")]
    if !via_provider() {
        for l in c.to_lowercase() {
            unicode_normalization::char::decompose_canonical(l, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    out.push(d)
                }
            });
        }
        return;
    }
    let mut buf = [0u8; 4];
    out.push_str(&fold(c.encode_utf8(&mut buf)));
}

/// The folded form of `s`: lowercase, without accents, with plain apostrophes.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if !via_provider() {
        for c in s.chars() {
            fold_char_into(c, &mut out);
        }
        return out;
    }
    fold_via(s, normalize::nfd_provider(), out)
}

/// [`fold`] through an NFD function, for what lies beyond [`LATIN_BASE`] (`None`: no
/// decomposition there; combining marks are still dropped).
fn fold_via(s: &str, nfd: Option<normalize::NormalizeFn>, mut out: String) -> String {
    // Lowercase and special cases per character, then one NFD of the whole word and the marks
    // dropped: the same result as decomposing each character (canonical reordering only moves
    // characters with a non-zero combining class, and all of them are marks, dropped anyway).
    let mut decomposable = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(sp) = special(c) {
            out.push_str(sp);
        } else {
            for l in c.to_lowercase() {
                // Nothing below U+00C0 has a canonical decomposition; up to U+017F the table knows.
                match l as u32 {
                    0xC0..=0x17F => out.push(LATIN_BASE[l as usize - 0xC0]),
                    0x180.. => {
                        decomposable = true;
                        out.push(l);
                    }
                    _ => out.push(l),
                }
            }
        }
    }
    if decomposable {
        if let Some(nfd) = nfd {
            out = nfd(&out);
        }
    }
    if !out.is_ascii() {
        out.retain(|c| c.is_ascii() || class(c) != CharClass::Mark);
    }
    out
}

/// One word of a text: its folded form (a range of [`Tokens::folded`]) and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start of the folded form in [`Tokens::folded`].
    pub f_start: u32,
    /// End of the folded form in [`Tokens::folded`].
    pub f_end: u32,
    /// Byte start of the word in the original text.
    pub start: u32,
    /// Byte end of the word in the original text.
    pub end: u32,
    /// Index of the clause (text between `. , ; : ! ?` and line breaks) the word belongs to.
    pub clause: u16,
}

/// The words of a text, folded into one shared buffer (one allocation for the whole text).
#[derive(Debug, Default)]
pub struct Tokens {
    /// Folded forms of all words, concatenated.
    pub folded: String,
    /// The words, in text order.
    pub list: Vec<Token>,
}

impl Tokens {
    /// The folded form of word `i`.
    pub fn word(&self, i: usize) -> &str {
        let t = self.list[i];
        &self.folded[t.f_start as usize..t.f_end as usize]
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there is no word.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// French elided words that come before an apostrophe.
const ELISIONS: &[&str] =
    &["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

fn is_clause_break(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\n' | '…' | '(' | ')' | '«' | '»' | '"' | '“' | '”')
}

/// Splits `text` into folded words. Never panics; any input is accepted.
pub fn tokenize(text: &str) -> Tokens {
    let mut toks = Tokens {
        folded: String::with_capacity(text.len() + 8),
        list: Vec::with_capacity(text.len() / 4 + 1),
    };
    let mut clause: u16 = 0;
    let mut word_start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(i);
            }
            continue;
        }
        // An apostrophe between two letters stays inside the word; it is split below.
        if is_apostrophe(c) && word_start.is_some() {
            if let Some(&(_, n)) = iter.peek() {
                if n.is_alphabetic() {
                    continue;
                }
            }
        }
        if let Some(ws) = word_start.take() {
            push_word(text, ws, i, clause, &mut toks);
        }
        if is_clause_break(c) {
            clause = clause.saturating_add(1);
        }
    }
    if let Some(ws) = word_start {
        push_word(text, ws, text.len(), clause, &mut toks);
    }
    toks
}

fn push_piece(toks: &mut Tokens, folded: &str, start: usize, end: usize, clause: u16) {
    if folded.is_empty() {
        return;
    }
    let f_start = toks.folded.len() as u32;
    toks.folded.push_str(folded);
    let f_end = toks.folded.len() as u32;
    toks.list.push(Token { f_start, f_end, start: start as u32, end: end as u32, clause });
}

fn push_word(text: &str, start: usize, end: usize, clause: u16, toks: &mut Tokens) {
    let word = &text[start..end];
    let folded = fold(word);
    if !folded.contains('\'') {
        push_piece(toks, &folded, start, end, clause);
        return;
    }
    // Split at apostrophes, keeping original byte offsets approximately per piece.
    let orig_apos: Vec<usize> =
        word.char_indices().filter(|(_, c)| is_apostrophe(*c)).map(|(i, _)| start + i).collect();
    let pieces: Vec<&str> = folded.split('\'').collect();
    let mut o_start = start;
    for (k, piece) in pieces.iter().enumerate() {
        let o_end = orig_apos.get(k).copied().unwrap_or(end);
        let next_is_t = pieces.get(k + 1) == Some(&"t") && k + 2 == pieces.len();
        if next_is_t && piece.ends_with('n') && piece.len() > 1 {
            // English n't: don't -> do not, can't -> can not, won't -> will not.
            let base = match *piece {
                "won" => "will",
                "can" => "can",
                "ain" => "is",
                p => &p[..p.len() - 1],
            };
            push_piece(toks, base, o_start, o_end, clause);
            push_piece(toks, "not", o_end, end, clause);
            return;
        }
        // English clitics after a non-elided word (it's, I'm, you're, we've, I'll, I'd) are dropped.
        let clitic = k > 0
            && k + 1 == pieces.len()
            && matches!(*piece, "s" | "m" | "re" | "ve" | "ll" | "d")
            && !ELISIONS.contains(&pieces[0]);
        if !clitic {
            push_piece(toks, piece, o_start, o_end, clause);
        }
        o_start = match text[o_end.min(end)..].chars().next() {
            Some(c) if o_end < end => o_end + c.len_utf8(),
            _ => end,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let t = tokenize(s);
        (0..t.len()).map(|i| t.word(i).to_string()).collect()
    }

    #[test]
    fn folds_accents_case_and_ligatures() {
        assert_eq!(fold("Ça CŒUR Déçu ’"), "ca coeur decu '");
    }

    #[cfg(feature = "unicode-tables")]
    #[test]
    fn folding_through_an_nfd_provider_matches_the_tables() {
        use unicode_normalization::UnicodeNormalization;
        fn nfd(s: &str) -> String {
            s.nfd().collect()
        }
        let tables = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                fold_char_into(c, &mut out);
            }
            out
        };
        let mut samples: Vec<String> =
            ["Ça CŒUR Déçu ’", "ÉLÈVE naïve Ångström", "e\u{301}\u{327}", "İstanbul ǅ ẞ", "Ἄθῆναι ﬁ 한국어"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        samples.extend((0x80u32..0x3000).filter_map(char::from_u32).map(|c| format!("a{c}b")));
        for s in &samples {
            assert_eq!(fold_via(s, Some(nfd), String::new()), tables(s), "{s:?}");
        }
        // Without any NFD: Latin-1 and Latin Extended-A from the table, combining marks dropped.
        for s in samples.iter().filter(|s| s.chars().all(|c| c < '\u{180}')) {
            assert_eq!(fold_via(s, None, String::new()), tables(s), "{s:?}");
        }
        assert_eq!(
            fold_via("Ce\u{301}DE\u{301} Ça CŒUR Déçu ’ ÉLÈVE naïve", None, String::new()),
            "cede ca coeur decu ' eleve naive"
        );
    }

    #[test]
    fn splits_french_elisions_and_english_contractions() {
        assert_eq!(
            words("Je n'ai jamais reçu l’article"),
            ["je", "n", "ai", "jamais", "recu", "l", "article"]
        );
        assert_eq!(words("I don't know, it's great"), ["i", "do", "not", "know", "it", "great"]);
        assert_eq!(words("Est-ce qu'il est ouvert ?"), ["est", "ce", "qu", "il", "est", "ouvert"]);
        assert_eq!(words("won't"), ["will", "not"]);
    }

    #[test]
    fn clauses_and_offsets() {
        let text = "Bonjour, très déçu";
        let t = tokenize(text);
        assert_eq!(t.list[0].clause, 0);
        assert_eq!(t.list[1].clause, 1);
        let last = t.list[2];
        assert_eq!(&text[last.start as usize..last.end as usize], "déçu");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in ["", "'", "''a'", "a'", "n't", "l'", "😀'é'", "qu'''x", "\u{301}a'\u{301}"] {
            let _ = tokenize(s);
        }
    }
}
