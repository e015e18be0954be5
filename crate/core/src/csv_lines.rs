//! Line numbers for CSV problems, shared by the plan and analytics imports.

/// Physical line numbers of byte offsets, counted once through the file (the `csv` crate's own
/// line numbers drift on CRLF and quoted line breaks).
pub(crate) struct LineCounter<'a> {
    data: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter at the start of `data` (line 1).
    pub(crate) fn new(data: &'a [u8]) -> Self {
        LineCounter { data, pos: 0, line: 1 }
    }

    /// The line of the first character at or after `byte` that is not a line break (where a row
    /// starts). Offsets must not decrease from one call to the next.
    pub(crate) fn line_at(&mut self, byte: usize) -> u64 {
        let mut start = byte.min(self.data.len());
        while matches!(self.data.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        while self.pos < start {
            match self.data[self.pos] {
                b'\n' => self.line += 1,
                b'\r' if self.data.get(self.pos + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.line
    }
}
