//! iCalendar content lines (RFC 5545 §3.1–3.3): writing them (escaping, parameter quoting,
//! folding at 75 octets, CRLF) and reading them back (unfolding, splitting name, parameters and
//! value, unescaping).

use std::borrow::Cow;

/// Builds an iCalendar object: each call writes one folded content line ending in CRLF.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    /// `BEGIN:<name>`.
    pub(crate) fn begin(&mut self, name: &str) {
        self.prop(name_line("BEGIN", name));
    }

    /// `END:<name>`.
    pub(crate) fn end(&mut self, name: &str) {
        self.prop(name_line("END", name));
    }

    /// `name;p1=v1;...:value`; parameter values are quoted as needed ([`param_value`]) and
    /// `value` must already be in its final form (escaped text, a date...).
    pub(crate) fn line(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::with_capacity(name.len() + value.len() + 16);
        line.push_str(name);
        for (key, val) in params {
            line.push(';');
            line.push_str(key);
            line.push('=');
            line.push_str(&param_value(val));
        }
        line.push(':');
        line.push_str(value);
        self.prop(line);
    }

    fn prop(&mut self, line: String) {
        fold_into(&mut self.out, &line);
    }

    /// The object written so far.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

fn name_line(key: &str, name: &str) -> String {
    format!("{key}:{name}")
}

/// Appends `line` folded so that no physical line exceeds 75 octets (RFC 5545 §3.1): a break is
/// CRLF followed by one space, and never falls inside a UTF-8 sequence.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    let mut start = 0;
    let mut room = 75;
    while line.len() - start > room {
        let mut end = start + room;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&line[start..end]);
        out.push_str("\r\n ");
        start = end;
        room = 74; // the leading space of a continuation counts
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

/// Whether `c` cannot stand in a TEXT value (RFC 5545 §3.3.11 allows no control character but
/// HTAB; a line feed is written `\n`).
fn is_forbidden_control(c: char) -> bool {
    (c < ' ' && c != '\t' && c != '\n') || c == '\u{7f}'
}

/// Whether `s` can be written as a TEXT value and read back unchanged.
pub(crate) fn text_safe(s: &str) -> bool {
    !s.chars().any(is_forbidden_control)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and line feed as `\n`.
/// Forbidden control characters are the caller's business ([`text_safe`], [`readable`]).
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for people (summary, description): CRLF and lone CR become line feeds, other control
/// characters but tab are dropped.
pub(crate) fn readable(s: &str) -> Cow<'_, str> {
    if text_safe(s) {
        return Cow::Borrowed(s);
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(s.chars().filter(|c| !is_forbidden_control(*c)).collect())
}

/// Reverses [`escape_text`]. Unknown escapes (`\x`) are kept as written, as most readers do.
pub(crate) fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ';' | ',')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a TEXT list (`a,b\,c`) at its unescaped commas, unescaping each item.
pub(crate) fn split_text_list(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            items.push(unescape_text(&s[start..i]));
            start = i + 1;
        }
    }
    items.push(unescape_text(&s[start..]));
    items
}

/// Whether `s` can be a parameter value: no control character but the line feed (written `^n`
/// per RFC 6868).
pub(crate) fn param_safe(s: &str) -> bool {
    !s.chars().any(|c| (c < ' ' && c != '\n') || c == '\u{7f}')
}

/// A parameter value as written: bare when it holds no `"`, `;`, `:`, `,`, `^` or line feed,
/// otherwise double-quoted with RFC 6868's caret escapes (`^^`, `^n`, `^'`).
fn param_value(s: &str) -> Cow<'_, str> {
    if !s.is_empty() && !s.contains(['"', ';', ':', ',', '^', '\n']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    out.push('"');
    for c in s.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            _ => out.push(c),
        }
    }
    out.push('"');
    Cow::Owned(out)
}

/// Reverses RFC 6868's caret escapes in a parameter value.
fn decode_param(s: &str) -> String {
    if !s.contains('^') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.peek() {
                Some('^') => {
                    out.push('^');
                    chars.next();
                }
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('\'') => {
                    out.push('"');
                    chars.next();
                }
                _ => out.push('^'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One logical (unfolded) line: the bytes, and the physical line it starts on.
#[derive(Debug)]
pub(crate) struct Unfolded {
    /// 1-based physical line number.
    pub(crate) line: u64,
    /// The content, folds removed.
    pub(crate) bytes: Vec<u8>,
}

/// What unfolding noticed besides the lines.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum UnfoldNote {
    /// A continuation (line starting with a space or tab) with no line before it to continue.
    OrphanContinuation(u64),
}

/// Unfolds `data` (RFC 5545 §3.1): a line break followed by one space or tab is removed with it.
/// Works on bytes, so a fold that splits a UTF-8 sequence (which the RFC allows) is joined
/// before decoding. CRLF, LF and a lone CR all end a line; empty lines are skipped.
pub(crate) fn unfold(data: &[u8]) -> (Vec<Unfolded>, Vec<UnfoldNote>) {
    let mut lines: Vec<Unfolded> = Vec::new();
    let mut notes = Vec::new();
    let mut current: Option<Unfolded> = None;
    let mut number: u64 = 0;
    let mut pos = 0;
    while pos < data.len() {
        number += 1;
        let rest = &data[pos..];
        let (len, brk) = match rest.iter().position(|b| *b == b'\r' || *b == b'\n') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => (i, 2),
            Some(i) => (i, 1),
            None => (rest.len(), 0),
        };
        let physical = &rest[..len];
        pos += len + brk;
        match physical.first() {
            Some(b' ' | b'\t') => match current.as_mut() {
                Some(cur) => cur.bytes.extend_from_slice(&physical[1..]),
                None => notes.push(UnfoldNote::OrphanContinuation(number)),
            },
            Some(_) => {
                lines.extend(current.take());
                current = Some(Unfolded { line: number, bytes: physical.to_vec() });
            }
            None => lines.extend(current.take()),
        }
    }
    lines.extend(current);
    (lines, notes)
}

/// A parsed content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Property {
    /// Physical line it starts on.
    pub(crate) line: u64,
    /// Name, upper case.
    pub(crate) name: String,
    /// Parameters in order: name (upper case) and values (quotes removed, RFC 6868 decoded).
    pub(crate) params: Vec<(String, Vec<String>)>,
    /// The raw value (not unescaped: how depends on the value type).
    pub(crate) value: String,
}

impl Property {
    /// The first value of parameter `name` (upper case).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.first()).map(String::as_str)
    }

    /// The value as TEXT, unescaped.
    pub(crate) fn text(&self) -> String {
        unescape_text(&self.value)
    }
}

/// Why a line is not a content line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineError {
    /// No name before `;` or `:`, or a character a name cannot have.
    BadName,
    /// A parameter without `=` or with a bad name.
    BadParam,
    /// A quoted parameter value without its closing quote.
    UnclosedQuote,
    /// No `:` before the value.
    NoColon,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Parses `name *(;param=value[,value]) : value`.
pub(crate) fn parse_line(line: u64, s: &str) -> Result<Property, LineError> {
    let name_end = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    if name_end == 0 {
        return Err(LineError::BadName);
    }
    let name = s[..name_end].to_ascii_uppercase();
    let mut rest = &s[name_end..];
    let mut params = Vec::new();
    loop {
        match rest.chars().next() {
            Some(':') => {
                return Ok(Property { line, name, params, value: rest[1..].to_string() });
            }
            Some(';') => {
                rest = &rest[1..];
                let pname_end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
                if pname_end == 0 || !rest[pname_end..].starts_with('=') {
                    return Err(LineError::BadParam);
                }
                let pname = rest[..pname_end].to_ascii_uppercase();
                rest = &rest[pname_end + 1..];
                let mut values = Vec::new();
                loop {
                    if let Some(quoted) = rest.strip_prefix('"') {
                        let close = quoted.find('"').ok_or(LineError::UnclosedQuote)?;
                        values.push(decode_param(&quoted[..close]));
                        rest = &quoted[close + 1..];
                    } else {
                        let end = rest.find([';', ':', ',', '"']).unwrap_or(rest.len());
                        values.push(decode_param(&rest[..end]));
                        rest = &rest[end..];
                    }
                    match rest.strip_prefix(',') {
                        Some(r) => rest = r,
                        None => break,
                    }
                }
                params.push((pname, values));
            }
            Some(_) if name_end == s.len() - rest.len() && params.is_empty() => {
                return Err(LineError::BadName)
            }
            _ => return Err(LineError::NoColon),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_follows_the_rfc() {
        let s = "a,b;c\\d\ne";
        assert_eq!(escape_text(s), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(unescape_text(&escape_text(s)), s);
        assert_eq!(unescape_text("x\\Ny\\q\\"), "x\ny\\q\\");
        assert_eq!(split_text_list("a\\,b,c,"), ["a,b", "c", ""]);
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_utf8_whole() {
        let text = "é".repeat(100) + &"🎉".repeat(30);
        let mut out = String::new();
        fold_into(&mut out, &format!("DESCRIPTION:{text}"));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let (lines, notes) = unfold(out.as_bytes());
        assert!(notes.is_empty());
        assert_eq!(lines.len(), 1);
        assert_eq!(String::from_utf8(lines[0].bytes.clone()).unwrap(), format!("DESCRIPTION:{text}"));
    }

    #[test]
    fn unfolding_joins_bytes_split_inside_a_character() {
        // "é" is C3 A9: fold between the two bytes, and an empty fold after.
        let data = b"SUMMARY:caf\xc3\r\n \xa9\r\n \r\nUID:1\nX:2\r\r\n\tmore";
        let (lines, notes) = unfold(data);
        // The empty line 6 ends "X:2": the tab line after it has nothing to continue.
        assert_eq!(notes, [UnfoldNote::OrphanContinuation(7)]);
        let texts: Vec<String> = lines.iter().map(|l| String::from_utf8(l.bytes.clone()).unwrap()).collect();
        assert_eq!(texts, ["SUMMARY:café", "UID:1", "X:2"]);
        assert_eq!(lines.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 4, 5]);
        let (_, notes) = unfold(b" orphan\r\nA:b");
        assert_eq!(notes, [UnfoldNote::OrphanContinuation(1)]);
    }

    #[test]
    fn parameters_are_split_quoted_and_caret_decoded() {
        let p = parse_line(3, "DTSTART;TZID=\"Europe/Paris\";X-A=1,\"b:c;d\",e^^:20260101T090000").unwrap();
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("TZID"), Some("Europe/Paris"));
        assert_eq!(p.params[1].1, ["1", "b:c;d", "e^"]);
        assert_eq!(p.value, "20260101T090000");
        let q = parse_line(1, "x-a;network=\"a^nb^'c\":v:w").unwrap();
        assert_eq!((q.name.as_str(), q.param("NETWORK"), q.value.as_str()), ("X-A", Some("a\nb\"c"), "v:w"));
        assert_eq!(parse_line(1, ":x"), Err(LineError::BadName));
        assert_eq!(parse_line(1, "A;B:x"), Err(LineError::BadParam));
        assert_eq!(parse_line(1, "A;B=\"x:y"), Err(LineError::UnclosedQuote));
        assert_eq!(parse_line(1, "A B:x"), Err(LineError::BadName));
        assert_eq!(parse_line(1, "ABC"), Err(LineError::NoColon));
        assert_eq!(param_value("a\"b^\nc"), "\"a^'b^^^nc\"");
    }
}
