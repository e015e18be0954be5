//! The length of a domain label once encoded as IDNA punycode (RFC 3492), without building the string.
//!
//! twitter-text drops a URL whose host has a label longer than 63 characters after punycode
//! encoding; only the length matters, so this computes it without allocating.

const BASE: u64 = 36;
const TMIN: u64 = 1;
const TMAX: u64 = 26;
const SKEW: u64 = 38;
const DAMP: u64 = 700;

fn adapt(mut delta: u64, num_points: u64, first: bool) -> u64 {
    delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - TMIN) * TMAX) / 2 {
        delta /= BASE - TMIN;
        k += BASE;
    }
    k + (BASE - TMIN + 1) * delta / (delta + SKEW)
}

/// Length in ASCII characters of `label` as IDNA would write it: the label itself when it is ASCII,
/// `xn--` plus its punycode otherwise. Returns `None` when the result would exceed `cap`.
pub(crate) fn encoded_label_len(label: &str, cap: usize) -> Option<usize> {
    if label.is_ascii() {
        return (label.len() <= cap).then_some(label.len());
    }
    // Every non-ASCII code point produces at least one digit: a quick bound before the real work.
    let n_points = label.chars().count();
    if n_points + 4 > cap {
        return None;
    }
    let basic = label.chars().filter(char::is_ascii).count() as u64;
    let mut out = 4 + basic + u64::from(basic > 0);
    let total = n_points as u64;
    let mut n: u64 = 128;
    let mut delta: u64 = 0;
    let mut bias: u64 = 72;
    let mut h = basic;
    while h < total {
        let m = label.chars().map(|c| c as u64).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(h + 1)?)?;
        n = m;
        for c in label.chars().map(|c| c as u64) {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, h + 1, h == basic);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n += 1;
        if out as usize > cap {
            return None;
        }
    }
    let out = out as usize;
    (out <= cap).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_known_encodings() {
        // "bücher" -> "xn--bcher-kva" (13), "☃" -> "xn--n3h" (7), "mañana" -> "xn--maana-pta" (13)
        assert_eq!(encoded_label_len("bücher", 63), Some(13));
        assert_eq!(encoded_label_len("☃", 63), Some(7));
        assert_eq!(encoded_label_len("mañana", 63), Some(13));
        assert_eq!(encoded_label_len("example", 63), Some(7));
        // "пример" -> "xn--e1afmkfd" (12)
        assert_eq!(encoded_label_len("пример", 63), Some(12));
        assert_eq!(encoded_label_len(&"é".repeat(80), 63), None);
    }
}
