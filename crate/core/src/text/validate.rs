//! twitter-text's URL validation (`isValidUrl`): is a whole string a well-formed http(s) URL by
//! RFC 3986 (userinfo, IPv4/IPv6 hosts and Unicode domains allowed)? This is stricter about syntax
//! and looser about hosts than extraction: no TLD list, no context.

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '\u{400}'..='\u{4ff}')
}

fn is_sub_delim(c: char) -> bool {
    matches!(c, '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=')
}

/// Every character of `s` passes `ok`, `%` only as `%HH`.
fn all_chars(s: &str, ok: impl Fn(char) -> bool) -> bool {
    let b = s.as_bytes();
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        if c == '%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            it.next();
            it.next();
        } else if !ok(c) {
            return false;
        }
    }
    true
}

fn is_pchar(c: char) -> bool {
    is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@'
}

fn is_ipv4(s: &str) -> bool {
    let mut n = 0;
    for part in s.split('.') {
        n += 1;
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || !part.starts_with('0'))
            && part.parse::<u16>().is_ok_and(|v| v <= 255);
        if !ok {
            return false;
        }
    }
    n == 4
}

/// A domain label: first and last character alphanumeric or non-ASCII, inside also `-` (and `_` in subdomains).
fn is_segment(s: &str, underscore: bool, tld: bool) -> bool {
    let end_ok = |c: char| c.is_ascii_alphanumeric() || !c.is_ascii();
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else { return false };
    let first_ok = if tld { c_is_letter_or_non_ascii(first) } else { end_ok(first) };
    first_ok && end_ok(last) && s.chars().all(|c| end_ok(c) || c == '-' || (underscore && c == '_'))
}

fn c_is_letter_or_non_ascii(c: char) -> bool {
    c.is_ascii_alphabetic() || !c.is_ascii()
}

fn is_unicode_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n < 2 {
        return false;
    }
    labels[..n - 2].iter().all(|l| is_segment(l, true, false))
        && is_segment(labels[n - 2], false, false)
        && is_segment(labels[n - 1], false, true)
}

fn is_authority(a: &str) -> bool {
    let (userinfo, hostport) = match a.find('@') {
        Some(i) => (Some(&a[..i]), &a[i + 1..]),
        None => (None, a),
    };
    if let Some(u) = userinfo {
        if !all_chars(u, |c| is_unreserved(c) || is_sub_delim(c) || c == ':') {
            return false;
        }
    }
    let port_ok = |p: &str| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = hostport.strip_prefix('[') {
        let Some(close) = rest.find(']') else { return false };
        let ip = &rest[..close];
        let after = &rest[close + 1..];
        return !ip.is_empty()
            && ip.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            && (after.is_empty() || after.strip_prefix(':').is_some_and(port_ok));
    }
    let (host, port) = match hostport.rfind(':') {
        Some(i) => (&hostport[..i], Some(&hostport[i + 1..])),
        None => (hostport, None),
    };
    if port.is_some_and(|p| !port_ok(p)) {
        return false;
    }
    is_ipv4(host) || is_unicode_domain(host)
}

/// Whether the whole of `url` is a valid URL (twitter-text's `isValidUrl` with Unicode domains).
/// With `require_protocol`, the scheme must be `http` or `https`.
pub fn is_valid_url(url: &str, require_protocol: bool) -> bool {
    if url.is_empty() || url.contains(['\n', '\r']) {
        return false;
    }
    let (scheme, rest) = match url.find("://") {
        Some(i) if !url[..i].is_empty() && !url[..i].contains([':', '/', '?', '#']) => {
            (Some(&url[..i]), &url[i + 3..])
        }
        _ => (None, url),
    };
    if require_protocol
        && !scheme.is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
    {
        return false;
    }
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let rest = &rest[auth_end..];
    let (before_frag, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (path, query) = match before_frag.find('?') {
        Some(i) => (&before_frag[..i], Some(&before_frag[i + 1..])),
        None => (before_frag, None),
    };
    let tail_ok = |s: &str| all_chars(s, |c| is_pchar(c) || c == '/' || c == '?');
    (path.is_empty() || path.starts_with('/'))
        && all_chars(path, |c| is_pchar(c) || c == '/')
        && query.is_none_or(tail_ok)
        && fragment.is_none_or(tail_ok)
        && is_authority(authority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates() {
        assert!(is_valid_url("https://user:pw@example.com:8080/a/b?c=d#e", true));
        assert!(is_valid_url("http://[3ffe:1900::1]:80/x", true));
        assert!(is_valid_url("example.com", false));
        assert!(!is_valid_url("example.com", true));
        assert!(!is_valid_url("ftp://example.com", true));
        assert!(!is_valid_url("http://exa mple.com", true));
    }
}
