//! `sin_quarter_lut` (rtl/sin_quarter_lut.v): a 256-entry quarter-wave sine table in Q14, full
//! wave by symmetry (description v11.0, "Active φⁿ Dynamics"). Bit-level contract:
//! docs/spec/sin_quarter_lut.md.
//!
//! ```text
//! phase    10 bits, one turn = 1024: quadrant = phase[9:8], index = phase[7:0]
//! T[k]     = round(16384 · sin(π/2 · k/256)), k = 0..255
//! mag      = quadrant odd ? (index == 0 ? 16384 : T[256 − index]) : T[index]
//! sin_val  = quadrant ≥ 2 ? −mag : mag          (combinational)
//! sin_reg <= sin_val                            (every clock enable)
//! ```
//!
//! The table here is computed independently of the RTL's case statement, at compile time, by a
//! Taylor series in `f64`; a unit test checks it against `f64::sin` and the lockstep checks it
//! against the RTL.

use crate::fixed_point::{bits, raw, ONE_Q14, WIDTH};
use crate::signals::{Observable, Signal};

/// Phase width in bits: one full turn is `1 << PHASE_BITS` = 1024 steps.
pub const PHASE_BITS: u32 = 10;

/// `sin(x)` for `x` in `[0, π/2]` by its Taylor series to x¹⁹ (error far below 1e-12 there);
/// usable in constant evaluation, where `f64::sin` is not.
const fn taylor_sin(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    let mut k = 1;
    while k < 10 {
        term = -term * x2 / (((2 * k) * (2 * k + 1)) as f64);
        sum += term;
        k += 1;
    }
    sum
}

const fn build_table() -> [i64; 256] {
    let mut t = [0i64; 256];
    let mut k = 0;
    while k < 256 {
        let x = core::f64::consts::PI * (k as f64) / 512.0;
        // Round half up; every value is non-negative.
        t[k] = (16_384.0 * taylor_sin(x) + 0.5) as i64;
        k += 1;
    }
    t
}

/// The quarter-wave table: `QUARTER_SINE[k] = round(16384 · sin(π/2 · k/256))`, k = 0..255.
pub const QUARTER_SINE: [i64; 256] = build_table();

/// `sin_val` of the RTL: sin(2π · phase/1024) in Q14, for a 10-bit `phase` (higher bits ignored).
#[inline(always)]
pub const fn sin_q14(phase: u64) -> i64 {
    let quad = bits(phase as i64, 9, 8);
    let idx = bits(phase as i64, 7, 0);
    let mag = if quad & 1 == 1 {
        if idx == 0 {
            ONE_Q14
        } else {
            QUARTER_SINE[(256 - idx) as usize]
        }
    } else {
        QUARTER_SINE[idx as usize]
    };
    if quad >= 2 {
        -mag
    } else {
        mag
    }
}

/// Inputs of `sin_quarter_lut`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SinQuarterLutInputs {
    /// `input [9:0] phase`: one turn = 1024.
    pub phase: u16,
}

/// Registers of one `sin_quarter_lut`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinQuarterLut {
    /// `reg signed [17:0] sin_reg`, reset 0.
    pub sin_reg: i32,
}

impl SinQuarterLut {
    /// A table in its reset state.
    pub const fn new() -> Self {
        SinQuarterLut { sin_reg: 0 }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: `sin_reg <= sin_val(phase)`; returns the new `sin_reg`.
    #[inline(always)]
    pub fn tick(&mut self, i: &SinQuarterLutInputs) -> i32 {
        self.sin_reg = sin_q14(u64::from(i.phase)) as i32;
        self.sin_reg
    }
}

impl Observable for SinQuarterLut {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "sin_reg", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(i64::from(self.sin_reg), WIDTH);
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_is_within_one_lsb_of_sin() {
        for p in 0..1024u64 {
            let exact = 16_384.0 * (2.0 * std::f64::consts::PI * p as f64 / 1024.0).sin();
            let got = sin_q14(p) as f64;
            assert!((got - exact).abs() <= 1.0, "phase {p}: {got} vs {exact}");
        }
    }

    #[test]
    fn the_table_is_the_rounded_formula_and_fits_15_bits() {
        for (k, &t) in QUARTER_SINE.iter().enumerate() {
            let exact = (16_384.0 * (std::f64::consts::PI * k as f64 / 512.0).sin()).round();
            assert_eq!(t as f64, exact, "entry {k}");
            assert!((0..=16_384).contains(&t));
        }
        assert_eq!(QUARTER_SINE[0], 0);
        assert_eq!(QUARTER_SINE[255], 16_384);
    }

    #[test]
    fn symmetry_points_are_exact() {
        assert_eq!(sin_q14(0), 0);
        assert_eq!(sin_q14(256), 16_384);
        assert_eq!(sin_q14(512), 0);
        assert_eq!(sin_q14(768), -16_384);
        assert_eq!(sin_q14(128), 11_585); // sin(π/4)·16384 = 11585.2
        assert_eq!(sin_q14(1024 + 100), sin_q14(100), "upper bits ignored");
        let mut s = SinQuarterLut::new();
        assert_eq!(s.tick(&SinQuarterLutInputs { phase: 640 }), -11_585);
    }
}
