//! Text spans expressed both in UTF-8 bytes (what Rust slices use) and in UTF-16 code units
//! (what JavaScript string indices, the DOM and the overlay use).

use serde::Serialize;

/// A half-open range of a text, `[start, end)`, in two unit systems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// Byte offset of the first byte, for slicing the Rust `&str`.
    pub byte_start: usize,
    /// Byte offset one past the last byte.
    pub byte_end: usize,
    /// UTF-16 code-unit offset of the start, for JavaScript.
    pub start: usize,
    /// UTF-16 code-unit offset one past the end, for JavaScript.
    pub end: usize,
}

impl Span {
    /// Builds the span of `text[byte_start..byte_end]`, computing UTF-16 offsets by scanning `text`.
    ///
    /// Panics only if the byte offsets are not on char boundaries, which is a programming error.
    pub fn from_bytes(text: &str, byte_start: usize, byte_end: usize) -> Span {
        let start = utf16_len(&text[..byte_start]);
        let end = start + utf16_len(&text[byte_start..byte_end]);
        Span { byte_start, byte_end, start, end }
    }

    /// The slice of `text` this span covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

/// Number of UTF-16 code units needed to encode `s`.
pub fn utf16_len(s: &str) -> usize {
    // Every char starts with a non-continuation byte; 4-byte chars (leading byte >= 0xF0) take two
    // UTF-16 units. Counting bytes lets the compiler vectorise the loop.
    s.bytes().map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0)).sum()
}

/// Converts byte offsets into UTF-16 offsets in one forward pass.
///
/// Offsets must be given in non-decreasing order; this is what makes converting many entity
/// spans linear in the text length rather than quadratic.
pub struct Utf16Cursor<'a> {
    text: &'a str,
    byte_pos: usize,
    utf16_pos: usize,
}

impl<'a> Utf16Cursor<'a> {
    /// Starts a cursor at the beginning of `text`.
    pub fn new(text: &'a str) -> Self {
        Utf16Cursor { text, byte_pos: 0, utf16_pos: 0 }
    }

    /// UTF-16 offset of `byte_offset`. Restarts from the beginning if asked to go backwards.
    pub fn utf16_at(&mut self, byte_offset: usize) -> usize {
        if byte_offset < self.byte_pos {
            self.byte_pos = 0;
            self.utf16_pos = 0;
        }
        self.utf16_pos += utf16_len(&self.text[self.byte_pos..byte_offset]);
        self.byte_pos = byte_offset;
        self.utf16_pos
    }

    /// A [`Span`] for `[byte_start, byte_end)`.
    pub fn span(&mut self, byte_start: usize, byte_end: usize) -> Span {
        let start = self.utf16_at(byte_start);
        let end = self.utf16_at(byte_end);
        Span { byte_start, byte_end, start, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_utf16_units_for_astral_characters() {
        let text = "é😀#tag";
        let hash = text.find('#').unwrap();
        let span = Span::from_bytes(text, hash, text.len());
        assert_eq!((span.start, span.end), (3, 7));
        assert_eq!(span.slice(text), "#tag");
    }

    #[test]
    fn cursor_matches_direct_computation_and_can_go_back() {
        let text = "« Ça va ? » 🇫🇷 oui";
        let mut cursor = Utf16Cursor::new(text);
        for (b, _) in text.char_indices().rev() {
            assert_eq!(cursor.utf16_at(b), utf16_len(&text[..b]));
        }
    }
}
