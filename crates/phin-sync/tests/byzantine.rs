//! Acceptance 2: Byzantine agreement.
//!
//! 10⁴ property-test cases in which any 2 of the 9 clocks send arbitrary per-receiver values:
//! after every round the correct clocks lie within the documented bound (their spread at most
//! half what it was, `skew_bound_after_round`) and within the range of the correct clocks'
//! values. With 3 colluding clocks every run ends in a reported failure (no quorum) or a
//! detected violation of that bound.

use phin_sync::consensus::{skew_bound_after_round, spread};
use phin_sync::{Consensus, SyncConfig, Timing};
use proptest::prelude::*;

const N: usize = 9;

fn rule() -> Consensus {
    let t = Timing::new(&SyncConfig::default());
    Consensus {
        quorum: t.quorum,
        faults_tolerated: t.faults_tolerated,
        window: t.tolerance_ticks,
    }
}

/// One round: correct layers hold `clocks`; `lie(receiver, sender)` is what faulty `sender`
/// tells `receiver`. Returns (targets of the correct layers, any failure).
fn round(
    clocks: &[f64; N],
    faulty: &[usize],
    mut lie: impl FnMut(usize, usize) -> f64,
) -> ([f64; N], bool) {
    let c = rule();
    let mut out = *clocks;
    let mut failed = false;
    for r in (0..N).filter(|r| !faulty.contains(r)) {
        let readings: Vec<Option<f64>> = (0..N)
            .map(|k| {
                Some(if faulty.contains(&k) {
                    lie(r, k)
                } else {
                    clocks[k]
                })
            })
            .collect();
        let d = c.decide(&readings, r);
        failed |= !d.agreed();
        out[r] = clocks[r] + d.correction();
    }
    (out, failed)
}

fn correct_values(v: &[f64; N], faulty: &[usize]) -> Vec<f64> {
    (0..N)
        .filter(|k| !faulty.contains(k))
        .map(|k| v[k])
        .collect()
}

/// A lie: anything from inside the window to far away, or not a number at all.
fn any_lie() -> impl Strategy<Value = f64> {
    prop_oneof![
        -8.0f64..8.0,
        -1e6f64..1e6,
        Just(f64::NAN),
        Just(f64::INFINITY),
        proptest::num::f64::ANY,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn two_byzantine_clocks_cannot_break_agreement(
        start in proptest::array::uniform9(0.0f64..4.0),
        base in -1e6f64..1e6,
        faulty in proptest::sample::subsequence((0..N).collect::<Vec<_>>(), 0..=2),
        lies in proptest::collection::vec(any_lie(), 3 * N * N),
    ) {
        let mut clocks = start.map(|v| base + v);
        let mut next_lie = lies.into_iter().cycle();
        for _round in 0..3 {
            let before = correct_values(&clocks, &faulty);
            let (lo, hi) = before.iter().fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
            let (after, failed) = round(&clocks, &faulty, |_, _| next_lie.next().unwrap());
            let targets = correct_values(&after, &faulty);
            prop_assert!(!failed, "a round failed with {} faulty: {:?}", faulty.len(), clocks);
            let eps = 1e-9 * (1.0 + base.abs());
            for t in &targets {
                prop_assert!(*t >= lo - eps && *t <= hi + eps, "{t} outside [{lo}, {hi}]");
            }
            let (sb, sa) = (spread(before.iter().copied()), spread(targets.iter().copied()));
            prop_assert!(sa <= skew_bound_after_round(sb) + eps, "spread {sb} -> {sa}");
            clocks = after;
        }
    }
}

/// What three colluding clocks do: knowing every correct value (the Byzantine model's worst
/// case), they split the correct receivers and tell one group `above` the correct range and the
/// other `below` it, far enough to pull the two groups apart.
#[derive(Clone, Debug)]
struct Attack {
    faulty: Vec<usize>,
    /// Receiver r is in the upper group when bit r is set (both groups non-empty, or one group
    /// only for a one-sided drag).
    groups: u16,
    extra: f64,
    one_sided: bool,
}

fn attack() -> impl Strategy<Value = Attack> {
    (
        proptest::sample::subsequence((0..N).collect::<Vec<_>>(), 3),
        any::<u16>(),
        0.0f64..200.0,
        any::<bool>(),
    )
        .prop_map(|(faulty, groups, extra, one_sided)| Attack {
            faulty,
            groups,
            extra,
            one_sided,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn three_colluding_clocks_never_pass_silently(
        start in proptest::array::uniform9(0.0f64..4.0),
        a in attack(),
    ) {
        let mut clocks = start;
        let mut caught = false;
        for _round in 0..3 {
            let mut before = correct_values(&clocks, &a.faulty);
            before.sort_by(f64::total_cmp);
            let (lo, hi) = (before[0], before[before.len() - 1]);
            // The gap that the split must beat (c4 − c3 of the six correct values), or the reach
            // a one-sided drag must beat (c6 − c3).
            let need = if a.one_sided { hi - before[2] } else { 0.5 * (before[3] - before[2]) };
            let d = need + 1e-6 + a.extra;
            let correct: Vec<usize> = (0..N).filter(|k| !a.faulty.contains(k)).collect();
            let upper = |r: usize| {
                if a.one_sided {
                    true
                } else {
                    // Both groups non-empty: the first correct receiver is always upper, the
                    // last always lower.
                    r == correct[0] || (r != correct[correct.len() - 1] && a.groups & (1 << r) != 0)
                }
            };
            let (after, failed) = round(&clocks, &a.faulty, |r, _| if upper(r) { hi + d } else { lo - d });
            let targets = correct_values(&after, &a.faulty);
            let eps = 1e-9;
            let outside = targets.iter().any(|&t| t < lo - eps || t > hi + eps);
            let (sb, sa) = (hi - lo, spread(targets.iter().copied()));
            let violation = outside || sa > skew_bound_after_round(sb) + eps;
            caught |= failed || violation;
            clocks = after;
        }
        prop_assert!(caught, "three colluders passed silently: {:?}", a);
    }
}
