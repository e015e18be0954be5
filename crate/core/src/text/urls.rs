//! URL extraction following twitter-text's rules, as a hand-written scanner (no regex engine).
//!
//! A URL starts after a character that is not a letter, digit, `@`, `$` or `#`; it is an optional
//! `http://`/`https://`, a host whose last label is an IANA TLD (or punycode), an optional port, a path
//! (balanced parentheses allowed, trailing punctuation left out) and a query. Without a scheme a URL is
//! only kept when its host is ASCII (plus Latin accents), it is not preceded by `-_./`, and it is not a
//! bare `name.cc` country-code domain (except `.co` and `.tv`) without a path. Hosts whose labels exceed
//! 63 characters once punycode-encoded are not URLs.

use super::chars::*;
use super::punycode::encoded_label_len;
use super::tlds::{self, MAX_TLD_BYTES, SPECIAL_SHORT_CCTLDS};
use crate::span::utf16_len;

const MAX_LABELS: usize = 32;
const MAX_URL_LENGTH: usize = 4096;
const MAX_TCO_SLUG_LENGTH: usize = 40;

/// Whether `s` (any case) is an IANA TLD.
pub(crate) fn is_tld(s: &str) -> bool {
    let mut buf = [0u8; MAX_TLD_BYTES];
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_TLD_BYTES {
        return false;
    }
    for (d, b) in buf.iter_mut().zip(bytes) {
        *d = b.to_ascii_lowercase();
    }
    let key = &buf[..bytes.len()];
    tlds::contains(key)
}

fn starts_with_ci(text: &str, at: usize, prefix: &str) -> bool {
    text.as_bytes().get(at..at + prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A URL candidate as the scanner matched it, before twitter-text's post-checks.
struct Candidate {
    protocol_len: usize,
    domain_start: usize,
    domain_end: usize,
    has_path: bool,
    end: usize,
}

/// The TLD starting at byte `p` (with twitter-text's look-ahead), returning where it ends.
fn match_tld(text: &str, p: usize) -> Option<usize> {
    let b = text.as_bytes();
    let first = *b.get(p)?;
    if starts_with_ci(text, p, "xn--") {
        let mut j = p + 4;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j > p + 4 {
            return Some(j);
        }
    }
    let lookahead_ok = |e: usize| !matches!(b.get(e), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'@' | b'+' | b'-'));
    if first.is_ascii() {
        let mut j = p;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        return (j > p && lookahead_ok(j) && is_tld(&text[p..j])).then_some(j);
    }
    // An internationalised TLD: the longest prefix of the run of domain characters that is one.
    let mut ends = [0usize; MAX_TLD_BYTES];
    let mut n = 0;
    for (off, c) in text[p..].char_indices() {
        let e = p + off + c.len_utf8();
        if !is_domain_char(c) || e - p > MAX_TLD_BYTES {
            break;
        }
        ends[n] = e;
        n += 1;
    }
    ends[..n].iter().rev().copied().find(|&e| lookahead_ok(e) && is_tld(&text[p..e]))
}

/// The host starting at byte `start`: dotted labels then a TLD. Returns where it ends.
fn match_domain(text: &str, start: usize) -> Option<usize> {
    // (start, end, valid as subdomain, valid as domain name) of each label followed by a dot.
    let mut labels = [(0usize, 0usize, false, false); MAX_LABELS];
    let mut n = 0;
    let mut p = start;
    while n < MAX_LABELS {
        let e = label_run_end(text, p);
        if e == p || text.as_bytes().get(e) != Some(&b'.') {
            break;
        }
        let label = &text[p..e];
        let has_underscore = label.as_bytes().contains(&b'_');
        let edges_ok = label.chars().next().is_some_and(is_domain_char)
            && label.chars().next_back().is_some_and(is_domain_char);
        labels[n] = (p, e, edges_ok, edges_ok && !has_underscore);
        n += 1;
        p = e + 1;
    }
    let valid_subs = labels[..n].iter().take_while(|l| l.2).count();
    let max_k = (valid_subs + 1).min(n);
    for k in (0..max_k).rev() {
        let (_, e, _, name_ok) = labels[k];
        if name_ok {
            if let Some(end) = match_tld(text, e + 1) {
                return Some(end);
            }
        }
    }
    None
}

/// `(` path chars `)`, with one nested level, starting at the `(` at byte `i`. Returns the end.
fn balanced_parens(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let run = |from: usize| -> usize {
        let mut j = from;
        for c in text[from..].chars() {
            if !is_url_path_char(c) {
                break;
            }
            j += c.len_utf8();
        }
        j
    };
    let j = i + 1;
    let k = run(j);
    match b.get(k) {
        Some(b')') if k > j => Some(k + 1),
        Some(b'(') => {
            let m = k + 1;
            let n = run(m);
            if n > m && b.get(n) == Some(&b')') {
                let q = run(n + 1);
                (b.get(q) == Some(&b')')).then_some(q + 1)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The path after the `/` at `p - 1`: the longest run of path characters and balanced parentheses,
/// cut back to its last allowed ending character.
fn scan_path(text: &str, p: usize) -> usize {
    let mut i = p;
    let mut end = p;
    while let Some(c) = char_at(text, i) {
        if is_url_path_char(c) {
            i += c.len_utf8();
            if is_url_path_ending_char(c) {
                end = i;
            }
        } else if c == '(' {
            match balanced_parens(text, i) {
                Some(e) => {
                    i = e;
                    end = e;
                }
                None => break,
            }
        } else {
            break;
        }
    }
    end
}

/// The query after the `?` at `p - 1`, if it has an allowed ending character.
fn scan_query(text: &str, p: usize) -> Option<usize> {
    let mut end = None;
    for (off, b) in text.as_bytes()[p..].iter().enumerate() {
        let c = *b as char;
        if !b.is_ascii() || !is_url_query_char(c) {
            break;
        }
        if is_url_query_ending_char(c) {
            end = Some(p + off + 1);
        }
    }
    end
}

fn match_at(text: &str, s: usize) -> Option<Candidate> {
    let b = text.as_bytes();
    let protocol_len = if starts_with_ci(text, s, "https://") {
        8
    } else if starts_with_ci(text, s, "http://") {
        7
    } else {
        0
    };
    let domain_start = s + protocol_len;
    let domain_end = match_domain(text, domain_start)?;
    let mut i = domain_end;
    if b.get(i) == Some(&b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let mut has_path = false;
    if b.get(i) == Some(&b'/') {
        has_path = true;
        i = scan_path(text, i + 1);
    }
    if b.get(i) == Some(&b'?') {
        if let Some(e) = scan_query(text, i + 1) {
            i = e;
        }
    }
    Some(Candidate { protocol_len, domain_start, domain_end, has_path, end: i })
}

/// twitter-text's `isValidUrl`: every host label 1–63 characters once punycode-encoded, and the whole
/// URL (with a scheme) at most 4,096 characters.
fn host_is_encodable(text: &str, c: &Candidate, s: usize) -> bool {
    let domain = &text[c.domain_start..c.domain_end];
    let mut encoded = 0;
    for label in domain.split('.') {
        match encoded_label_len(label, 63) {
            Some(l) if l >= 1 => encoded += l + 1,
            _ => return false,
        }
    }
    let encoded = encoded.saturating_sub(1);
    let url16 = utf16_len(&text[s..c.end]);
    let protocol = if c.protocol_len == 0 { 8 } else { c.protocol_len };
    protocol + url16 + encoded - utf16_len(domain) <= MAX_URL_LENGTH
}

fn is_ascii_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c)
}

/// The ASCII-only hosts inside a scheme-less host (twitter-text's `validAsciiDomain`, global),
/// as `(start, end, label_count, tld_start)` byte ranges of `text`.
fn ascii_domains(text: &str, from: usize, to: usize, mut f: impl FnMut(usize, usize, usize, usize)) {
    let mut p = from;
    while p < to {
        // A chain of non-empty ASCII labels, each followed by a dot.
        let mut dots = [0usize; MAX_LABELS];
        let mut n = 0;
        let mut q = p;
        while n < MAX_LABELS {
            let mut e = q;
            for c in text[q..to].chars() {
                if !is_ascii_domain_char(c) {
                    break;
                }
                e += c.len_utf8();
            }
            if e == q || text.as_bytes().get(e) != Some(&b'.') || e >= to {
                break;
            }
            dots[n] = e;
            n += 1;
            q = e + 1;
        }
        let mut found = None;
        for k in (0..n).rev() {
            let tld_start = dots[k] + 1;
            if let Some(end) = match_tld(&text[..to], tld_start) {
                found = Some((end, k + 1, tld_start));
                break;
            }
        }
        match found {
            Some((end, labels, tld_start)) => {
                f(p, end, labels, tld_start);
                p = end;
            }
            None if n > 0 => p = q,
            None => {
                // No chain starts here, nor anywhere inside this run: skip it and the character ending it.
                for c in text[p..to].chars() {
                    if !is_ascii_domain_char(c) {
                        break;
                    }
                    p += c.len_utf8();
                }
                if let Some(c) = char_at(text, p) {
                    p += c.len_utf8();
                }
            }
        }
    }
}

/// End of the run of label characters (domain characters, `-`, `_`) starting at `p`.
fn label_run_end(text: &str, p: usize) -> usize {
    let b = text.as_bytes();
    let mut e = p;
    while e < b.len() {
        let byte = b[e];
        if byte < 0x80 {
            if is_label_char(byte as char) {
                e += 1;
                continue;
            }
            break;
        }
        match char_at(text, e) {
            Some(c) if is_domain_char(c) => e += c.len_utf8(),
            _ => break,
        }
    }
    e
}

fn contains_http(run: &[u8]) -> bool {
    run.windows(4).any(|w| w.eq_ignore_ascii_case(b"http"))
}

/// Whether the character before a URL allows it to start (twitter-text's `validUrlPrecedingChars`).
#[inline]
fn preceding_ok(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃') || is_invalid_char(c))
        }
    }
}

/// Byte ranges of the URLs of `text`, in order. Scheme-less URLs are found when `without_protocol`.
pub(crate) fn find_urls(text: &str, without_protocol: bool, out: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    if !b.contains(&b'.') || (!without_protocol && !b.contains(&b':')) {
        return;
    }
    let last_dot = b.iter().rposition(|&c| c == b'.').unwrap_or(0);
    let mut pos = 0;
    let mut prev: Option<char> = None;
    while pos < b.len() && pos < last_dot {
        let starts_plausibly = b[pos] >= 0x80 || is_domain_char(b[pos] as char);
        if starts_plausibly && preceding_ok(prev) && (without_protocol || starts_with_ci(text, pos, "http")) {
            if !starts_with_ci(text, pos, "http") {
                // No URL starts inside a run of label characters that does not reach a dot: skip it.
                let run_end = label_run_end(text, pos);
                if b.get(run_end) != Some(&b'.') && !contains_http(&b[pos..run_end]) && run_end > pos {
                    prev = char_before(text, run_end);
                    pos = run_end;
                    continue;
                }
            }
            if let Some(c) = match_at(text, pos) {
                accept(text, pos, prev, &c, without_protocol, out);
                pos = c.end;
                match char_at(text, pos) {
                    Some(ch) => {
                        prev = Some(ch);
                        pos += ch.len_utf8();
                    }
                    None => break,
                }
                continue;
            }
        }
        let ch = match char_at(text, pos) {
            Some(ch) => ch,
            None => break,
        };
        pos += ch.len_utf8();
        if ch.is_ascii_alphanumeric() {
            // Every position after an ASCII letter or digit is no URL start: skip the whole run.
            while pos < b.len() && b[pos].is_ascii_alphanumeric() {
                pos += 1;
            }
            prev = Some(b[pos - 1] as char);
        } else {
            prev = Some(ch);
        }
    }
}

fn accept(
    text: &str,
    s: usize,
    prev: Option<char>,
    c: &Candidate,
    without_protocol: bool,
    out: &mut Vec<(usize, usize)>,
) {
    if !host_is_encodable(text, c, s) {
        return;
    }
    if c.protocol_len > 0 {
        let mut end = c.end;
        // t.co links: no extra path characters after the slug; an over-long slug is not a link.
        if starts_with_ci(text, c.domain_start, "t.co/") {
            let slug_start = c.domain_start + 5;
            let slug_len =
                text.as_bytes()[slug_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            if slug_len > 0 {
                if slug_len > MAX_TCO_SLUG_LENGTH {
                    return;
                }
                end = slug_start + slug_len;
            }
        }
        out.push((s, end));
        return;
    }
    if !without_protocol || matches!(prev, Some('-' | '_' | '.' | '/')) {
        return;
    }
    let first = out.len();
    ascii_domains(text, c.domain_start, c.domain_end, |start, end, labels, tld_start| {
        let tld = &text[tld_start..end];
        let short_cc = labels == 1
            && tld.len() == 2
            && tld.is_ascii()
            && label_is_domain_name(&text[start..tld_start - 1]);
        let special = short_cc && SPECIAL_SHORT_CCTLDS.iter().any(|t| t.eq_ignore_ascii_case(tld));
        if c.has_path || special || !short_cc {
            out.push((start, end));
        }
    });
    if c.has_path && out.len() > first {
        if let Some(last) = out.last_mut() {
            last.1 = c.end;
        }
    }
}

fn label_is_domain_name(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| is_domain_char(c) || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(t: &str) -> Vec<&str> {
        let mut v = Vec::new();
        find_urls(t, true, &mut v);
        v.into_iter().map(|(s, e)| &t[s..e]).collect()
    }

    #[test]
    fn finds_urls_like_twitter_text() {
        assert_eq!(urls("Hi http://test.co"), ["http://test.co"]);
        assert_eq!(urls("voir example.com."), ["example.com"]);
        assert_eq!(
            urls("(https://fr.wikipedia.org/wiki/Paris_(ville))"),
            ["https://fr.wikipedia.org/wiki/Paris_(ville)"]
        );
        assert_eq!(urls("lien: https://exemple.fr/a?b=1&c=2."), ["https://exemple.fr/a?b=1&c=2"]);
        assert_eq!(urls("site.fr"), Vec::<&str>::new());
        assert_eq!(urls("site.fr/page"), ["site.fr/page"]);
        assert_eq!(urls("t.co"), ["t.co"]);
        assert_eq!(urls("ftp://www.example.com/"), Vec::<&str>::new());
        assert_eq!(urls("http://☃.net/"), ["http://☃.net/"]);
        assert_eq!(urls("bonjour.merci"), Vec::<&str>::new());
        assert_eq!(urls("a@example.com"), Vec::<&str>::new());
        assert_eq!(urls("https://t.co/abc123/extra"), ["https://t.co/abc123"]);
    }
}
