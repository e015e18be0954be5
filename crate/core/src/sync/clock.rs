//! Version vectors: how many changes each device made to one record.
//!
//! A clock is the `clock` field of [`RecordMeta`](crate::plan::RecordMeta): device id → count.
//! A device that is absent counts as 0, so `{}` and `{"a": 0}` are the same clock. Comparing two
//! clocks tells whether one copy of a record has seen every change the other has (it is newer),
//! or whether each has a change the other lacks (they are concurrent: a conflict).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A version vector: device id → number of changes that device made.
pub type Clock = BTreeMap<String, u64>;

/// How two clocks relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Causality {
    /// Both have seen exactly the same changes.
    Equal,
    /// The first has seen only changes the second has also seen, and fewer: it is older.
    Before,
    /// The first has seen every change of the second, and more: it is newer.
    After,
    /// Each has seen a change the other has not.
    Concurrent,
}

/// How `a` relates to `b`.
pub fn compare(a: &Clock, b: &Clock) -> Causality {
    let mut a_ahead = false;
    let mut b_ahead = false;
    for device in a.keys().chain(b.keys()) {
        match count(a, device).cmp(&count(b, device)) {
            Ordering::Greater => a_ahead = true,
            Ordering::Less => b_ahead = true,
            Ordering::Equal => {}
        }
        if a_ahead && b_ahead {
            return Causality::Concurrent;
        }
    }
    match (a_ahead, b_ahead) {
        (false, false) => Causality::Equal,
        (true, false) => Causality::After,
        (false, true) => Causality::Before,
        (true, true) => Causality::Concurrent,
    }
}

/// True when `a` has seen every change `b` has seen (`a` is equal to or newer than `b`).
pub fn covers(a: &Clock, b: &Clock) -> bool {
    matches!(compare(a, b), Causality::Equal | Causality::After)
}

/// The pointwise maximum: a clock that has seen every change either has seen. Zero counts are
/// left out, so equal clocks merge to the same map whatever zeros they carried.
pub fn merge(a: &Clock, b: &Clock) -> Clock {
    let mut merged = Clock::new();
    for device in a.keys().chain(b.keys()) {
        let n = count(a, device).max(count(b, device));
        if n > 0 {
            merged.insert(device.clone(), n);
        }
    }
    merged
}

/// Records one more change by `device`. Saturates instead of overflowing (a clock at `u64::MAX`
/// would take longer than the age of the universe to reach).
pub fn bump(clock: &mut Clock, device: &str) {
    let n = clock.entry(device.to_string()).or_insert(0);
    *n = n.saturating_add(1);
}

fn count(clock: &Clock, device: &str) -> u64 {
    clock.get(device).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clock(pairs: &[(&str, u64)]) -> Clock {
        pairs.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    }

    #[test]
    fn compares_the_four_cases() {
        let a1 = clock(&[("a", 1)]);
        let a2 = clock(&[("a", 2)]);
        let a1b1 = clock(&[("a", 1), ("b", 1)]);
        let b1 = clock(&[("b", 1)]);
        assert_eq!(compare(&a1, &a1), Causality::Equal);
        assert_eq!(compare(&a1, &a2), Causality::Before);
        assert_eq!(compare(&a2, &a1), Causality::After);
        assert_eq!(compare(&a1, &a1b1), Causality::Before);
        assert_eq!(compare(&a2, &a1b1), Causality::Concurrent);
        assert_eq!(compare(&a1, &b1), Causality::Concurrent);
        assert_eq!(compare(&Clock::new(), &a1), Causality::Before);
    }

    #[test]
    fn an_absent_device_counts_as_zero() {
        assert_eq!(compare(&clock(&[("a", 0)]), &Clock::new()), Causality::Equal);
        assert_eq!(merge(&clock(&[("a", 0)]), &Clock::new()), Clock::new());
    }

    #[test]
    fn bump_counts_one_more_change_and_saturates() {
        let mut c = Clock::new();
        bump(&mut c, "laptop");
        bump(&mut c, "laptop");
        bump(&mut c, "phone");
        assert_eq!(c, clock(&[("laptop", 2), ("phone", 1)]));
        let mut full = clock(&[("a", u64::MAX)]);
        bump(&mut full, "a");
        assert_eq!(full["a"], u64::MAX);
    }

    fn arb_clock() -> impl Strategy<Value = Clock> {
        proptest::collection::btree_map(
            prop_oneof![Just("a"), Just("b"), Just("c")].prop_map(String::from),
            0u64..4,
            0..3,
        )
    }

    proptest! {
        #[test]
        fn compare_is_antisymmetric(a in arb_clock(), b in arb_clock()) {
            let flipped = match compare(&a, &b) {
                Causality::Before => Causality::After,
                Causality::After => Causality::Before,
                other => other,
            };
            prop_assert_eq!(compare(&b, &a), flipped);
        }

        #[test]
        fn merge_is_the_least_upper_bound(a in arb_clock(), b in arb_clock(), c in arb_clock()) {
            let m = merge(&a, &b);
            prop_assert!(covers(&m, &a) && covers(&m, &b));
            prop_assert_eq!(&m, &merge(&b, &a));
            prop_assert_eq!(merge(&m, &c), merge(&a, &merge(&b, &c)));
            prop_assert_eq!(merge(&m, &m), m.clone());
            // Anything that covers both covers the merge.
            if covers(&c, &a) && covers(&c, &b) {
                prop_assert!(covers(&c, &m));
            }
        }

        #[test]
        fn a_bump_is_strictly_newer(a in arb_clock(), device in "[abc]") {
            let mut b = a.clone();
            bump(&mut b, &device);
            prop_assert_eq!(compare(&b, &a), Causality::After);
        }
    }
}
