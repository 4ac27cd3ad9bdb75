//! `quarter_integer_detector` (rtl/quarter_integer_detector.v): classifies a φⁿ exponent `n`
//! (Q14) as INTEGER_BOUNDARY / HALF_INTEGER / QUARTER_INTEGER / NEAR_CATASTROPHE and computes
//! its stability 1 − distance/0.5 (description v11.0). Contract: docs/spec/quarter_integer_detector.md.
//!
//! ```text
//! f          = n[13:0]                         fractional part (floor), [0, 1)
//! grid       = ((f + 2048) >> 12) mod 4        nearest multiple of 0.25
//! near_cat   = 22118 <= n <= 25395             [1.35, 1.55]
//! class     <= near_cat ? 11 : grid 0 ? 00 : grid 2 ? 01 : 10
//! stability <= 16384 − 2·|f − 8192|
//! ```

use crate::constants::{
    CATASTROPHE_N_MAX, CATASTROPHE_N_MIN, HALF_INTEGER, INTEGER_BOUNDARY, NEAR_CATASTROPHE,
    QUARTER_INTEGER,
};
use crate::fixed_point::{raw, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::lane::Lane;
use crate::memo::Memo;
use crate::signals::{Observable, Signal};

/// Inputs of `quarter_integer_detector`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuarterIntegerDetectorInputs {
    /// `input signed [17:0] n`: the φⁿ exponent in Q14.
    pub n: i32,
}

/// Registers of one `quarter_integer_detector`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarterIntegerDetector {
    /// `reg [1:0] position_class`, reset INTEGER_BOUNDARY (0).
    pub position_class: u8,
    /// `reg signed [17:0] stability`, Q14 in [0, 1], reset 0.
    pub stability: i32,
    /// [`classify`] of the last `n`: not a register. In the processor `n` is an SR exponent
    /// that moves only when the hours-scale SR drift steps, so most ticks skip the
    /// classification (about 26 instructions per detector per tick, five detectors).
    #[serde(skip)]
    pub class_memo: Memo<i32, (u8, i32)>,
}

/// The combinational class and stability of an exponent `n` (Q14, taken as 18-bit signed):
/// [`classify_l`] on one lane.
#[inline(always)]
pub fn classify(n: i64) -> (u8, i64) {
    let (c, s) = classify_l(wrap_s(n, WIDTH));
    (c as u8, s)
}

/// [`classify`] over lanes, of an 18-bit `n`: the class as its 2-bit value.
#[inline(always)]
pub fn classify_l<L: Lane>(n: L) -> (L, L) {
    let c = L::splat;
    let f = n.bits(FRAC - 1, 0);
    let grid = (f + c(1 << (FRAC - 3))).bits(13, 12);
    // |f − 0.5|: f is a 14-bit fraction, so the difference and its magnitude fit easily.
    let dist = (f - c(1 << (FRAC - 1))).abs_s(64);
    let stability = c(ONE_Q14) - (dist + dist);
    let near_cat = n.cmp_ge(c(CATASTROPHE_N_MIN)) & n.cmp_le(c(CATASTROPHE_N_MAX));
    let class = L::select(
        near_cat,
        c(i64::from(NEAR_CATASTROPHE)),
        L::select(
            grid.cmp_eq(c(0)),
            c(i64::from(INTEGER_BOUNDARY)),
            L::select(
                grid.cmp_eq(c(2)),
                c(i64::from(HALF_INTEGER)),
                c(i64::from(QUARTER_INTEGER)),
            ),
        ),
    );
    (class, stability)
}

impl QuarterIntegerDetector {
    /// A detector in its reset state.
    pub const fn new() -> Self {
        QuarterIntegerDetector {
            position_class: INTEGER_BOUNDARY,
            stability: 0,
            class_memo: Memo::new(),
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: loads the class and stability of `n`.
    ///
    /// The one-lane case of [`QuarterIntegerDetectorL::tick`]: the same memo around the same
    /// [`classify_l`], kept in this struct's own memo (whose types are part of the checkpointed
    /// struct) so that it survives from tick to tick.
    #[inline(always)]
    pub fn tick(&mut self, i: &QuarterIntegerDetectorInputs) -> (u8, i32) {
        let (c, s) = self.class_memo.get(i.n, |n| {
            let (c, s) = classify_l(
                QuarterIntegerDetectorInputsL::<i64>::gather(|_| QuarterIntegerDetectorInputs {
                    n,
                })
                .n,
            );
            (c as u8, s as i32)
        });
        self.position_class = c;
        self.stability = s;
        (c, s)
    }
}

/// The registers of `quarter_integer_detector` over lanes: lane k is instance k
/// ([`crate::lane`]); `position_class` holds its 2-bit value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuarterIntegerDetectorL<L: Lane> {
    /// `position_class[1:0]`.
    pub position_class: L,
    /// `stability`.
    pub stability: L,
    /// [`classify_l`] of the last `n` of every lane: not a register (see
    /// [`QuarterIntegerDetector::class_memo`]); it hits when no lane's `n` changed.
    pub class_memo: Memo<L, (L, L)>,
}

/// [`QuarterIntegerDetectorInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuarterIntegerDetectorInputsL<L: Lane> {
    /// `n`.
    pub n: L,
}

impl<L: Lane> QuarterIntegerDetectorInputsL<L> {
    /// Lane k from instance k's inputs, `n` truncated to its 18 bits as driving the port would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> QuarterIntegerDetectorInputs) -> Self {
        QuarterIntegerDetectorInputsL {
            n: L::from_fn(|k| wrap_s(i64::from(f(k).n), WIDTH)),
        }
    }
}

impl<L: Lane> QuarterIntegerDetectorL<L> {
    /// Lane k from instance k's registers (the memo starts empty: it is not state).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> QuarterIntegerDetector) -> Self {
        QuarterIntegerDetectorL {
            position_class: L::from_fn(|k| i64::from(f(k).position_class)),
            stability: L::from_fn(|k| i64::from(f(k).stability)),
            class_memo: Memo::new(),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> QuarterIntegerDetector {
        QuarterIntegerDetector {
            position_class: self.position_class.lane(k) as u8,
            stability: self.stability.lane(k) as i32,
            class_memo: Memo::new(),
        }
    }

    /// One clock-enable edge on every lane: loads the class and stability of `n`; returns them.
    #[inline(always)]
    pub fn tick(&mut self, i: &QuarterIntegerDetectorInputsL<L>) -> (L, L) {
        let (c, s) = self.class_memo.get(i.n, classify_l);
        self.position_class = c;
        self.stability = s;
        (c, s)
    }
}

impl Observable for QuarterIntegerDetector {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "position_class", 2, false));
        out.push(Signal::new(prefix, "stability", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = u64::from(self.position_class);
        out[1] = raw(i64::from(self.stability), WIDTH);
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed_point::f64_to_q14;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn n() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (the port truncates), and the catastrophe zone.
            prop_oneof![
                -131_072i32..=131_071,
                -300_000i32..300_000,
                (CATASTROPHE_N_MIN as i32 - 20)..=(CATASTROPHE_N_MAX as i32 + 20)
            ]
        }

        proptest! {
            /// Every lane is the scalar detector on that lane's state and inputs, tick after tick;
            /// `repeat` holds the previous inputs on some ticks, so both memos hit and miss.
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4((0u8..4, -131_072i32..=131_071)),
                ins in prop::collection::vec((prop::array::uniform4(n()), any::<bool>()), 1..12),
            ) {
                let mut scalar = st.map(|(position_class, stability)| QuarterIntegerDetector {
                    position_class,
                    stability,
                    class_memo: Memo::new(),
                });
                let mut lanes = QuarterIntegerDetectorL::<Lanes<N>>::gather(|k| scalar[k]);
                let mut prev = ins[0].0;
                for &(ns, repeat) in &ins {
                    let ns = if repeat { prev } else { ns };
                    prev = ns;
                    let i = ns.map(|n| QuarterIntegerDetectorInputs { n });
                    let (c, s) = lanes.tick(&QuarterIntegerDetectorInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let (sc, ss) = scalar[k].tick(&i[k]);
                        prop_assert_eq!((c.lane(k), s.lane(k)), (i64::from(sc), i64::from(ss)));
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of one lane's n (a quarter: stability 0.5) is a different stability.
            let d = QuarterIntegerDetector::new();
            let i = QuarterIntegerDetectorInputs { n: 20_480 };
            let mut l = QuarterIntegerDetectorL::<Lanes<N>>::gather(|_| d);
            let mut li = QuarterIntegerDetectorInputsL::<Lanes<N>>::gather(|_| i);
            li.n.0[2] += 1;
            l.tick(&li);
            let mut s = d;
            s.tick(&i);
            assert_eq!(l.lane(0).stability, s.stability);
            assert_ne!(l.lane(2).stability, s.stability);
        }
    }

    fn at(n: f64) -> (u8, i64) {
        classify(f64_to_q14(n))
    }

    #[test]
    fn phi_1_25_is_quarter_integer_with_stability_one_half() {
        assert_eq!(at(1.25), (QUARTER_INTEGER, 8_192));
        let mut d = QuarterIntegerDetector::new();
        assert_eq!(
            d.tick(&QuarterIntegerDetectorInputs { n: 20_480 }),
            (QUARTER_INTEGER, 8_192)
        );
    }

    #[test]
    fn the_memo_changes_no_register() {
        // Runs of equal inputs (memo hits) between changes (misses), over every fraction class.
        let mut d = QuarterIntegerDetector::new();
        for k in 0..4_000i64 {
            let n = ((k / 3) * 1_237) % 70_000 - 35_000;
            let (c, s) = classify(n);
            assert_eq!(
                d.tick(&QuarterIntegerDetectorInputs { n: n as i32 }),
                (c, s as i32)
            );
            assert_eq!(
                (d.position_class, i64::from(d.stability)),
                (c, s),
                "n = {n}"
            );
        }
    }

    #[test]
    fn n_1_5_is_near_catastrophe_and_the_zone_has_sharp_edges() {
        assert_eq!(at(1.5).0, NEAR_CATASTROPHE);
        assert_eq!(at(1.5).1, ONE_Q14, "stability is still the formula's 1.0");
        assert_eq!(classify(CATASTROPHE_N_MIN).0, NEAR_CATASTROPHE);
        assert_eq!(classify(CATASTROPHE_N_MAX).0, NEAR_CATASTROPHE);
        assert_ne!(classify(CATASTROPHE_N_MIN - 1).0, NEAR_CATASTROPHE);
        assert_ne!(classify(CATASTROPHE_N_MAX + 1).0, NEAR_CATASTROPHE);
    }

    #[test]
    fn the_description_table_holds_outside_the_zone() {
        for n in [0.0, 1.0, 2.0, 3.0, -1.0] {
            assert_eq!(at(n), (INTEGER_BOUNDARY, 0), "n = {n}");
        }
        for n in [0.5, 2.5, 3.5, -0.5] {
            assert_eq!(at(n), (HALF_INTEGER, ONE_Q14), "n = {n}");
        }
        for n in [0.25, 0.75, 2.25, 2.75, -0.25] {
            assert_eq!(at(n), (QUARTER_INTEGER, 8_192), "n = {n}");
        }
        // Band edges are the eighths: 0.125 rounds up to the quarter, 0.375 to the half.
        assert_eq!(at(0.125 - 1.0 / 16384.0).0, INTEGER_BOUNDARY);
        assert_eq!(at(0.125).0, QUARTER_INTEGER);
        assert_eq!(at(0.375).0, HALF_INTEGER);
        assert_eq!(at(0.625).0, QUARTER_INTEGER);
        assert_eq!(at(0.875).0, INTEGER_BOUNDARY);
    }
}
