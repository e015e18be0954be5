//! E-mail addresses in a draft. They are not entities for the networks (nothing links them), but the
//! checks must leave them alone: "aide@rouelibre.fr" is an address, not a misspelt brand name.

/// Characters of the local part (before `@`) that Porte-voix accepts: the usual unquoted ones.
fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// Characters of a domain label.
fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Byte ranges of the e-mail addresses of `text`, in order: `local@domain.tld`, where the domain has
/// at least one dot and ends with a label of two or more letters. Trailing punctuation is not part of
/// the address.
pub fn email_ranges(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut search_from = 0;
    while let Some(rel) = b[search_from..].iter().position(|&c| c == b'@') {
        let at = search_from + rel;
        search_from = at + 1;
        let mut start = at;
        while start > 0 && is_local_char(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        // `@alice@piaille.fr` is a remote mention, not an address.
        let after_sigil = start > 0 && matches!(b[start - 1], b'@');
        if start == at || after_sigil || out.last().is_some_and(|&(_, end)| start < end) {
            continue;
        }
        // The domain: labels separated by single dots.
        let mut end = at + 1;
        let mut last_label_start = end;
        let mut dots = 0;
        while end < b.len() {
            if is_domain_char(b[end]) {
                end += 1;
            } else if b[end] == b'.'
                && end + 1 < b.len()
                && is_domain_char(b[end + 1])
                && b[end - 1] != b'.'
                && end > at + 1
            {
                dots += 1;
                end += 1;
                last_label_start = end;
            } else {
                break;
            }
        }
        let tld = &b[last_label_start..end];
        if dots >= 1 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic) {
            out.push((start, end));
            search_from = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        email_ranges(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn finds_addresses_without_trailing_punctuation() {
        assert_eq!(found("Écrivez à aide@rouelibre.fr."), ["aide@rouelibre.fr"]);
        assert_eq!(
            found("(presse+2026@shop.roue-libre.co.uk), ou jean.dupont@mail.example.org !"),
            ["presse+2026@shop.roue-libre.co.uk", "jean.dupont@mail.example.org"]
        );
    }

    #[test]
    fn mentions_and_broken_addresses_are_not_addresses() {
        assert!(found("Merci @rouelibre et @alice@piaille.fr").is_empty());
        assert!(found("a@b").is_empty());
        assert!(found("x@localhost").is_empty());
        assert!(found("@@@ .@. a@.fr a@fr. é@è.fr").is_empty());
    }
}
