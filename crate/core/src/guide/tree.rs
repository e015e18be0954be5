//! A format-neutral, span-carrying document tree: TOML and JSON guides are both read into
//! [`Node`]s so that one validator can report every problem with its line and column.

use std::borrow::Cow;
use std::collections::HashSet;
use toml::de::{DeTable, DeValue};

/// A byte range in the guide's source text.
pub type ByteRange = (usize, usize);

/// One value of the document with the bytes it came from.
#[derive(Debug, Clone)]
pub struct Node {
    /// Where the value is written.
    pub span: ByteRange,
    /// The value itself.
    pub value: Value,
}

/// A key of a table, with where it is written.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key as decoded.
    pub name: String,
    /// Where the key is written.
    pub span: ByteRange,
}

/// The kinds of value a guide can hold.
#[derive(Debug, Clone)]
pub enum Value {
    /// A string.
    Str(String),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// An ordered list.
    Array(Vec<Node>),
    /// A table (object), keys in source order.
    Table(Vec<(Key, Node)>),
    /// Something a guide never uses (a TOML date, a JSON `null`, an out-of-range integer).
    Other(&'static str),
}

impl Value {
    /// The kind of value, as a user would name it in an error message.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
            Value::Other(k) => k,
        }
    }
}

/// A syntax error found while reading the document: where, and what went wrong.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Where the problem is.
    pub span: ByteRange,
    /// What is wrong.
    pub message: String,
}

/// Reads a TOML document, listing every syntax error the parser can recover from.
pub fn parse_toml(src: &str) -> Result<Node, Vec<SyntaxError>> {
    let (doc, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        return Err(errors
            .into_iter()
            .map(|e| {
                let span = e.span().map(|r| (r.start, r.end)).unwrap_or((0, 0));
                SyntaxError { span, message: toml_message(e.message()) }
            })
            .collect());
    }
    let span = doc.span();
    Ok(Node { span: (span.start, span.end), value: toml_table(doc.get_ref()) })
}

/// The TOML parser's message, with its nesting limit said in the guide's terms.
fn toml_message(message: &str) -> String {
    let message = message.trim();
    if message.contains("recursion") {
        return format!("{TOO_DEEP}; the limit was reached here");
    }
    message.to_string()
}

/// What the user reads when a document nests deeper than a guide ever needs.
const TOO_DEEP: &str =
    "the document is nested too deeply (a guide needs at most four levels of tables and lists)";

fn toml_table(t: &DeTable<'_>) -> Value {
    Value::Table(
        t.iter()
            .map(|(k, v)| {
                let ks = k.span();
                (
                    Key { name: k.get_ref().to_string(), span: (ks.start, ks.end) },
                    toml_node(v.span(), v.get_ref()),
                )
            })
            .collect(),
    )
}

fn toml_node(span: std::ops::Range<usize>, v: &DeValue<'_>) -> Node {
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => {
            let digits: Cow<str> = Cow::Borrowed(i.as_str());
            i64::from_str_radix(&digits, i.radix())
                .map(Value::Int)
                .unwrap_or(Value::Other("an integer too large"))
        }
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .map(Value::Float)
            .unwrap_or(Value::Other("a special number")),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Other("a date"),
        DeValue::Array(a) => Value::Array(a.iter().map(|e| toml_node(e.span(), e.get_ref())).collect()),
        DeValue::Table(t) => toml_table(t),
    };
    Node { span: (span.start, span.end), value }
}

/// Deepest nesting a JSON guide may use; a guide needs four levels, this only stops abuse.
const MAX_DEPTH: usize = 64;

/// Reads a JSON document into the same tree as TOML, keeping spans. Stops at the first syntax error
/// (JSON gives no safe way to resynchronise).
pub fn parse_json(src: &str) -> Result<Node, Vec<SyntaxError>> {
    let mut p = JsonParser { src: src.as_bytes(), text: src, pos: 0 };
    p.skip_ws();
    let node = p.value(0).map_err(|e| vec![e])?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(vec![p.err("unexpected text after the end of the JSON document")]);
    }
    Ok(node)
}

struct JsonParser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl JsonParser<'_> {
    fn err(&self, message: &str) -> SyntaxError {
        SyntaxError { span: (self.pos, (self.pos + 1).min(self.src.len())), message: message.to_string() }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err(TOO_DEEP));
        }
        let start = self.pos;
        let value = match self.src.get(self.pos) {
            None => return Err(self.err("unexpected end of the document; a value is missing")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::Str(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Other("null"))?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("expected a value (string, number, true, false, list or object)")),
        };
        Ok(Node { span: (start, self.pos), value })
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.src[self.pos..].starts_with(w.as_bytes()) {
            self.pos += w.len();
            Ok(v)
        } else {
            Err(self.err("expected a value (string, number, true, false, list or object)"))
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.src.get(self.pos) {
            self.pos += 1;
        }
        let s = &self.text[start..self.pos];
        if let Ok(i) = s.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        match s.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => {
                self.pos = start;
                Err(self.err("malformed number"))
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                return Err(self.err("unterminated string; add the closing \""));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    self.pos += 1;
                    let esc = self.src.get(self.pos).copied();
                    self.pos += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if !self.src[self.pos..].starts_with(b"\\u") {
                                    return Err(self.err("lone UTF-16 surrogate in \\u escape"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("invalid UTF-16 surrogate pair in \\u escape"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => return Err(self.err("invalid \\u escape")),
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(
                                self.err("invalid escape; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
                            );
                        }
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.err("control character in a string; write it as an escape like \\n"))
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits =
            self.text.get(self.pos..self.pos + 4).ok_or_else(|| self.err("\\u needs four hex digits"))?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| self.err("\\u needs four hex digits"))?;
        self.pos += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.err("expected ',' or ']' in a list")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut entries: Vec<(Key, Node)> = Vec::new();
        // Keys seen so far: a set, so that an object with many keys is read in linear time.
        let mut seen: HashSet<String> = HashSet::new();
        self.skip_ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Table(entries));
        }
        loop {
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b'"') {
                return Err(self.err("expected a key in double quotes"));
            }
            let kstart = self.pos;
            let name = self.string()?;
            let kspan = (kstart, self.pos);
            if !seen.insert(name.clone()) {
                return Err(SyntaxError {
                    span: kspan,
                    message: format!("duplicate key \"{name}\"; keep only one"),
                });
            }
            self.skip_ws();
            if self.src.get(self.pos) != Some(&b':') {
                return Err(self.err("expected ':' after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let v = self.value(depth + 1)?;
            entries.push((Key { name, span: kspan }, v));
            self.skip_ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Table(entries));
                }
                _ => return Err(self.err("expected ',' or '}' in an object")),
            }
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(src).line_col(offset)
}

/// Where each line of a source starts, so that locating many errors costs one scan of the source
/// rather than one per error (a hostile guide can hold many thousands of errors).
pub struct LineIndex<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    /// Indexes the lines of `src`.
    pub fn new(src: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(src.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { src, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`, clamped into the source and
    /// back to a char boundary.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        (line, self.src[line_start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_toml_give_the_same_shape() {
        let t = parse_toml("a = 1\n[b]\nc = [\"x\", true]\n").unwrap();
        let j = parse_json(r#"{"a": 1, "b": {"c": ["x", true]}}"#).unwrap();
        for n in [t, j] {
            let Value::Table(entries) = n.value else { panic!() };
            assert_eq!(entries.len(), 2);
            assert_eq!(entries[1].0.name, "b");
        }
    }

    #[test]
    fn json_errors_point_at_the_problem() {
        let src = "{\n  \"a\": tru\n}";
        let e = parse_json(src).unwrap_err();
        assert_eq!(line_col(src, e[0].span.0), (2, 8));
        assert!(
            parse_json("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[").is_err()
        );
        assert!(parse_json("\"\\ud800\"").is_err());
        assert_eq!(line_col("é\nab", 4), (2, 2));
    }
}
