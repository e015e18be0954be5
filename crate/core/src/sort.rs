//! Stable sorting with a single instantiation of the standard library's sort.
//!
//! Every `slice::sort*` call instantiates the standard driftsort/ipnsort for its own element and
//! comparator types; at the core's opt-level 3 each copy is large, which matters for the wasm
//! build. Here the standard stable sort runs once, non-generically, on a vector of indices
//! ([`order`]); the generic wrappers only borrow the elements for comparison and then apply the
//! permutation in place, so the code each element type adds stays small.
//!
//! All the wrappers are stable, like `slice::sort*` (and unlike `slice::sort_unstable*`, which
//! they may also replace: for equal keys the result is then deterministic).

use std::cmp::Ordering;

/// The indices `0..len` ordered by `cmp` (comparing the elements at two indices), stably: the
/// standard stable sort on `Vec<usize>`, the one instantiation shared by every caller.
#[inline(never)]
pub(crate) fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Rearranges `v` so that `v[k]` becomes the element formerly at `perm[k]`, following each cycle
/// with swaps. `perm` must be a permutation of `0..v.len()`; it is consumed as scratch space.
fn apply<T>(v: &mut [T], mut perm: Vec<usize>) {
    for start in 0..v.len() {
        if perm[start] == start {
            continue;
        }
        // Position `j` holds the element that started at `start`; it belongs at the position
        // whose source is `start`, i.e. at the end of the cycle.
        let mut j = start;
        loop {
            let next = perm[j];
            perm[j] = j;
            if next == start {
                break;
            }
            v.swap(j, next);
            j = next;
        }
    }
}

/// Like `slice::sort_by`: stable, `cmp` called on pairs of elements.
pub(crate) fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let perm = {
        let s: &[T] = v;
        order(s.len(), &|a, b| cmp(&s[a], &s[b]))
    };
    apply(v, perm);
}

/// Like `slice::sort_by_key`: stable, the key computed for both elements of each comparison.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Like `slice::sort`: stable, by `Ord`.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*), enough for test data.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn matches_the_standard_stable_sort_on_random_vectors() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let len = rng.below(if round % 10 == 0 { 2000 } else { 70 }) as usize;
            let range = 1 + rng.below(if round % 3 == 0 { 5 } else { 1000 });
            // (key, original position): equal keys are frequent, positions tell them apart.
            let v: Vec<(u64, usize)> = (0..len).map(|i| (rng.below(range), i)).collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "round {round}, len {len}");

            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_key(&mut ours, |x| std::cmp::Reverse(x.0 % 7));
            std.sort_by_key(|x| std::cmp::Reverse(x.0 % 7));
            assert_eq!(ours, std, "round {round}, len {len}");

            let mut ours: Vec<u64> = v.iter().map(|x| x.0).collect();
            let mut std = ours.clone();
            sort(&mut ours);
            std.sort();
            assert_eq!(ours, std, "round {round}, len {len}");
        }
    }

    #[test]
    fn is_stable() {
        let mut v: Vec<(u8, &str)> = vec![(2, "a"), (1, "b"), (2, "c"), (1, "d"), (0, "e"), (2, "f")];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, "e"), (1, "b"), (1, "d"), (2, "a"), (2, "c"), (2, "f")]);
        // All keys equal: nothing moves.
        let mut w: Vec<(u8, usize)> = (0..100).map(|i| (7, i)).collect();
        let before = w.clone();
        sort_by_key(&mut w, |x| x.0);
        assert_eq!(w, before);
    }

    #[test]
    fn empty_and_single_element_slices() {
        let mut e: Vec<String> = Vec::new();
        sort(&mut e);
        assert!(e.is_empty());
        let mut one = vec![String::from("x")];
        sort_by(&mut one, |_, _| unreachable!("no comparison for one element"));
        assert_eq!(one, ["x"]);
        assert!(order(0, &|_, _| unreachable!()).is_empty());
        assert_eq!(order(1, &|_, _| unreachable!()), [0]);
    }

    #[test]
    fn sorts_owned_values_without_losing_or_duplicating_any() {
        let mut rng = Rng(42);
        let v: Vec<String> = (0..500).map(|_| format!("w{}", rng.below(300))).collect();
        let mut ours = v.clone();
        let mut std = v;
        sort(&mut ours);
        std.sort();
        assert_eq!(ours, std);
    }

    #[test]
    fn sorts_fifty_thousand_rows() {
        // The size of a large history import.
        let mut rng = Rng(7);
        let v: Vec<(i64, u32, usize)> =
            (0..50_000).map(|i| (rng.below(10_000) as i64 - 5_000, rng.below(50) as u32, i)).collect();
        let mut ours = v.clone();
        let mut std = v;
        sort_by(&mut ours, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        std.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        assert_eq!(ours, std);
        // Already sorted and reversed input.
        let mut asc: Vec<usize> = (0..50_000).collect();
        sort(&mut asc);
        assert!(asc.iter().enumerate().all(|(i, &x)| i == x));
        let mut desc: Vec<usize> = (0..50_000).rev().collect();
        sort(&mut desc);
        assert!(desc.iter().enumerate().all(|(i, &x)| i == x));
    }
}
