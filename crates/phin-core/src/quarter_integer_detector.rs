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
use crate::fixed_point::{bits, raw, wrap_s, FRAC, ONE_Q14, WIDTH};
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

/// The combinational class and stability of an exponent `n` (Q14, taken as 18-bit signed).
#[inline(always)]
pub const fn classify(n: i64) -> (u8, i64) {
    let n = wrap_s(n, WIDTH);
    let f = bits(n, FRAC - 1, 0) as i64;
    let grid = bits(f + (1 << (FRAC - 3)), 13, 12);
    let half = 1 << (FRAC - 1);
    let dist = if f >= half { f - half } else { half - f };
    let stability = ONE_Q14 - 2 * dist;
    let class = if n >= CATASTROPHE_N_MIN && n <= CATASTROPHE_N_MAX {
        NEAR_CATASTROPHE
    } else if grid == 0 {
        INTEGER_BOUNDARY
    } else if grid == 2 {
        HALF_INTEGER
    } else {
        QUARTER_INTEGER
    };
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
    #[inline(always)]
    pub fn tick(&mut self, i: &QuarterIntegerDetectorInputs) -> (u8, i32) {
        let (c, s) = self.class_memo.get(i.n, |n| {
            let (c, s) = classify(i64::from(n));
            (c, s as i32)
        });
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
