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

use crate::fixed_point::{raw, ONE_Q14, WIDTH};
use crate::lane::Lane;
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

/// [`QUARTER_SINE`] with one more entry, `QUARTER_SINE_EXT[256]` = 1.0: the RTL's
/// `index == 0 ? 16384 : T[256 − index]` of an odd quadrant is `QUARTER_SINE_EXT[256 − index]`
/// (sin(π/2) = 1.0 is the formula's own value at k = 256), so the magnitude is one look-up.
const QUARTER_SINE_EXT: [i64; 257] = {
    let mut t = [ONE_Q14; 257];
    let mut k = 0;
    while k < 256 {
        t[k] = QUARTER_SINE[k];
        k += 1;
    }
    t
};

/// `sin_val` of the RTL: sin(2π · phase/1024) in Q14, for a 10-bit `phase` (higher bits ignored).
/// [`sin_q14_l`] on one lane.
#[inline(always)]
pub fn sin_q14(phase: u64) -> i64 {
    sin_q14_l((phase & 0x3ff) as i64)
}

/// [`sin_q14`] over lanes, of a 10-bit `phase`. The table look-up has no lane instruction: it is
/// done lane by lane ([`Lane::map`]).
#[inline(always)]
pub fn sin_q14_l<L: Lane>(phase: L) -> L {
    let c = L::splat;
    let quad = phase.bits(9, 8);
    let idx = phase.bits(7, 0);
    let odd = (quad & c(1)).truthy();
    let at = L::select(odd, c(256) - idx, idx);
    let mag = at.map(|k| QUARTER_SINE_EXT[k as usize]);
    L::select(quad.cmp_ge(c(2)), -mag, mag)
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

    /// One clock-enable edge: `sin_reg <= sin_val(phase)`; returns the new `sin_reg`
    /// ([`SinQuarterLutL::tick`] on one lane).
    #[inline(always)]
    pub fn tick(&mut self, i: &SinQuarterLutInputs) -> i32 {
        let mut l = SinQuarterLutL::<i64>::gather(|_| *self);
        let o = l.tick(&SinQuarterLutInputsL::gather(|_| *i));
        *self = l.lane(0);
        o.lane(0) as i32
    }
}

/// The register of `sin_quarter_lut` over lanes: lane k is instance k ([`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SinQuarterLutL<L: Lane> {
    /// `sin_reg`.
    pub sin_reg: L,
}

/// [`SinQuarterLutInputs`] over lanes (each lane the 10-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SinQuarterLutInputsL<L: Lane> {
    /// `phase`.
    pub phase: L,
}

impl<L: Lane> SinQuarterLutInputsL<L> {
    /// Lane k from instance k's inputs, `phase` truncated to its 10 bits as driving the port
    /// would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SinQuarterLutInputs) -> Self {
        SinQuarterLutInputsL {
            phase: L::from_fn(|k| i64::from(f(k).phase) & ((1 << PHASE_BITS) - 1)),
        }
    }
}

impl<L: Lane> SinQuarterLutL<L> {
    /// Lane k from instance k's register.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SinQuarterLut) -> Self {
        SinQuarterLutL {
            sin_reg: L::from_fn(|k| i64::from(f(k).sin_reg)),
        }
    }

    /// Instance k's register.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SinQuarterLut {
        SinQuarterLut {
            sin_reg: self.sin_reg.lane(k) as i32,
        }
    }

    /// One clock-enable edge on every lane: `sin_reg <= sin_val(phase)`; returns it.
    #[inline(always)]
    pub fn tick(&mut self, i: &SinQuarterLutInputsL<L>) -> L {
        self.sin_reg = sin_q14_l(i.phase);
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        proptest! {
            /// Every lane is the scalar table on that lane's state and inputs, tick after tick
            /// (phases over all 16 bits: the port keeps 10).
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(-131_072i32..=131_071),
                ins in prop::collection::vec(prop::array::uniform4(any::<u16>()), 1..12),
            ) {
                let mut scalar = st.map(|sin_reg| SinQuarterLut { sin_reg });
                let mut lanes = SinQuarterLutL::<Lanes<N>>::gather(|k| scalar[k]);
                for ps in &ins {
                    let i = ps.map(|phase| SinQuarterLutInputs { phase });
                    let o = lanes.tick(&SinQuarterLutInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        prop_assert_eq!(o.lane(k), i64::from(scalar[k].tick(&i[k])));
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn every_phase_of_the_lane_table_is_the_formula_table() {
            // All 1024 phases, four at a time, against the rounded formula (independent of the
            // lane code).
            for p in (0..1024i64).step_by(N) {
                let l = sin_q14_l(Lanes::<N>::from_fn(|k| p + k as i64));
                for k in 0..N {
                    let a = std::f64::consts::PI * (p + k as i64) as f64 / 512.0;
                    assert!((l.lane(k) as f64 - 16_384.0 * a.sin()).abs() <= 1.0);
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            let t = SinQuarterLut::new();
            let i = SinQuarterLutInputs { phase: 100 };
            let mut l = SinQuarterLutL::<Lanes<N>>::gather(|_| t);
            let mut li = SinQuarterLutInputsL::<Lanes<N>>::gather(|_| i);
            li.phase.0[1] += 1;
            l.tick(&li);
            let mut s = t;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1), s);
        }
    }

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
