//! `bicoherence_monitor` (rtl/bicoherence_monitor.v): phase-based bispectrum of the three natural
//! triads of the φ-spaced bands (section "SIE Dynamics Monitoring (v11.3)", Bicoherence Monitor,
//! `B(f1, f2) = |E[X(f1)·X(f2)·X*(f1+f2)]| / sqrt(P1·P2·P12)`).
//!
//! Hardware facts (contract: docs/spec/bicoherence_monitor.md):
//! - Triads (φ² = φ + 1, so adjacent φ-spaced bands sum exactly): 0 = (θ, α → β₁),
//!   1 = (α, β₁ → β₂), 2 = (β₁, β₂ → γ).
//! - Each band enters as its Q14 unit vector, the [`unit`](crate::kuramoto_order_parameter::unit) of `kuramoto_order_parameter`, so
//!   every power is 1 and the denominator drops out.
//! - `b = u1·u2·conj(u3)`, two Q14 complex products, each half `((a·b ± c·d) >>> 14)[17:0]`.
//! - IIR per real and imaginary part: `acc ← acc + b − (acc >>> 13)` (30-bit, mean × 2^13,
//!   τ = 2.048 s).
//! - `bicoherence_k = min(isqrt36((acc_re >>> 13)² + (acc_im >>> 13)²), 1.0)`, from the new
//!   accumulators; `bicoherence_max` their maximum; `high_bicoherence = max > 0.5` (8192).
//!   All registered; reset clears everything.

use crate::constants::{BICOHERENCE_HIGH, BICOHERENCE_IIR_SHIFT};
use crate::fixed_point::{add_s, asr, mul_s, raw, sub_s, wrap_s, ONE_Q14, WIDTH};
use crate::kuramoto_order_parameter::{isqrt36, unit_pair_l};
use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// Width of the IIR accumulators `acc_re*`, `acc_im*`.
pub const ACC_WIDTH: u32 = 30;

/// Band indices of the three triads `(f1, f2, f1 + f2)` into [`BicoherenceMonitorInputs`].
pub const TRIADS: [(usize, usize, usize); 3] = [(0, 1, 2), (1, 2, 3), (2, 3, 4)];

/// Inputs of `bicoherence_monitor`: `(x, y)` of θ, α, β₁, β₂, γ (Q14), in that order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BicoherenceMonitorInputs {
    /// `x_theta`, `x_alpha`, `x_beta1`, `x_beta2`, `x_gamma`.
    pub x: [i32; 5],
    /// `y_theta`, `y_alpha`, `y_beta1`, `y_beta2`, `y_gamma`.
    pub y: [i32; 5],
}

/// Registers of `bicoherence_monitor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BicoherenceMonitor {
    /// `acc_re0`..`acc_re2`: IIR of the real part of the triad product (mean × 2^13).
    pub acc_re: [i32; 3],
    /// `acc_im0`..`acc_im2`: IIR of the imaginary part.
    pub acc_im: [i32; 3],
    /// `bicoherence0`..`bicoherence2` (Q14, 0..=16384).
    pub bicoherence: [i32; 3],
    /// `bicoherence_max` (Q14).
    pub bicoherence_max: i32,
    /// `triad_sync` (Q14): `(bicoherence0 + bicoherence1) >>> 1`, the order parameter of the
    /// φ-spaced bands (the two triads the SIE couples).
    #[serde(default)]
    pub triad_sync: i32,
    /// `high_bicoherence`: max > 0.5.
    pub high_bicoherence: bool,
}

/// `((a·b + c·d) >>> 14)[17:0]`: the RTL function `dot14`.
#[inline(always)]
pub const fn dot14(a: i64, b: i64, c: i64, d: i64) -> i64 {
    wrap_s(asr(add_s(mul_s(a, b, 36), mul_s(c, d, 36), 36), 14), WIDTH)
}

/// `((a·b − c·d) >>> 14)[17:0]`: the RTL function `crs14`.
#[inline(always)]
pub const fn crs14(a: i64, b: i64, c: i64, d: i64) -> i64 {
    wrap_s(asr(sub_s(mul_s(a, b, 36), mul_s(c, d, 36), 36), 14), WIDTH)
}

/// The triad product `u1·u2·conj(u3)` of three Q14 unit vectors `(cos, sin)`, as `(re, im)`.
#[inline(always)]
pub const fn triad(u1: (i64, i64), u2: (i64, i64), u3: (i64, i64)) -> (i64, i64) {
    let pr = crs14(u1.0, u2.0, u1.1, u2.1);
    let pi = dot14(u1.0, u2.1, u1.1, u2.0);
    (dot14(pr, u3.0, pi, u3.1), crs14(pi, u3.0, pr, u3.1))
}

/// One IIR step `acc + b − (acc >>> 13)` in 30 bits: the RTL function `iir`.
#[inline(always)]
pub const fn iir(acc: i64, b: i64) -> i64 {
    wrap_s(acc + b - asr(acc, BICOHERENCE_IIR_SHIFT), ACC_WIDTH)
}

/// `min(|(re, im) >>> 13|, 1.0)` with the exact floor square root: the RTL function `bmag`
/// ([`bmag_l`] on one lane), for 30-bit `re`, `im` (the accumulators).
#[inline(always)]
pub fn bmag(re: i64, im: i64) -> i64 {
    bmag_l(re, im)
}

/// [`bmag`] over lanes. With 30-bit `re`, `im`, `(· >>> 13)` fits 17 signed bits, so the RTL's
/// 18-bit truncation keeps every bit ([`Lane::fit_s`]) and the squares are
/// [`mul32`](Lane::mul32)s whose sum is below 2^33. The square root runs per lane
/// ([`Lane::map`]: no lane instruction).
#[inline(always)]
pub fn bmag_l<L: Lane>(re: L, im: L) -> L {
    let mr = re.asr(BICOHERENCE_IIR_SHIFT).fit_s(WIDTH);
    let mi = im.asr(BICOHERENCE_IIR_SHIFT).fit_s(WIDTH);
    let mag = (mr.mul32(mr) + mi.mul32(mi)).map(|v| isqrt36(v as u64) as i64);
    let one = L::splat(ONE_Q14);
    L::select(mag.cmp_gt(one), one, mag)
}

/// [`triad`] of three Q14 unit vectors over lanes, without the RTL's truncations, which cannot
/// change a value there: the one source of the monitor's triad product.
///
/// Why: each component of a unit vector from `unit` is at most 2^14 in magnitude (the bound in
/// `kuramoto_order_parameter`'s `unit_of`). The first product's halves are then below
/// 2·2^28 = 2^29 (36-bit context: fits) and after `>>> 14` at most 2^15 (18 bits: fits); the
/// second product's halves below 2·2^15·2^14 = 2^30 and after `>>> 14` at most 2^16 (fits). Every
/// operand fits 32 bits, so every product is a [`mul32`](Lane::mul32). The test
/// `unit_triads_equal_the_rtl_function` checks it against [`triad`] on unit vectors.
#[inline(always)]
pub fn triad_units_l<L: Lane>(u1: (L, L), u2: (L, L), u3: (L, L)) -> (L, L) {
    let dot = |a: L, b: L, c: L, d: L| (a.mul32(b) + c.mul32(d)).fit_s(36).asr(14).fit_s(WIDTH);
    let crs = |a: L, b: L, c: L, d: L| (a.mul32(b) - c.mul32(d)).fit_s(36).asr(14).fit_s(WIDTH);
    let pr = crs(u1.0, u2.0, u1.1, u2.1);
    let pi = dot(u1.0, u2.1, u1.1, u2.0);
    (dot(pr, u3.0, pi, u3.1), crs(pi, u3.0, pr, u3.1))
}

impl BicoherenceMonitor {
    /// The reset state (all zero).
    pub const fn new() -> Self {
        BicoherenceMonitor {
            acc_re: [0; 3],
            acc_im: [0; 3],
            bicoherence: [0; 3],
            bicoherence_max: 0,
            triad_sync: 0,
            high_bicoherence: false,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`BicoherenceMonitorL::tick`] on one lane.
    #[inline]
    pub fn tick(&mut self, i: &BicoherenceMonitorInputs) -> BicoherenceMonitor {
        *self = BicoherenceMonitorL::<i64>::gather(|_| *self)
            .tick(&BicoherenceMonitorInputsL::gather(|_| *i))
            .lane(0);
        *self
    }

    /// [`tick`](Self::tick) from the five bands' unit vectors `unit_pair(x, y)` (θ, α, β₁, β₂,
    /// γ), already computed: the top computes them once for this monitor and
    /// `kuramoto_order_parameter`, which takes the same `unit` of the same oscillators.
    #[inline(always)]
    pub fn tick_units(&mut self, u: &[(i64, i64); 5]) -> BicoherenceMonitor {
        *self = BicoherenceMonitorL::<i64>::gather(|_| *self)
            .tick_units(u)
            .lane(0);
        *self
    }
}

/// [`BicoherenceMonitorInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BicoherenceMonitorInputsL<L: Lane> {
    /// `x_theta` .. `x_gamma`.
    pub x: [L; 5],
    /// `y_theta` .. `y_gamma`.
    pub y: [L; 5],
}

impl<L: Lane> BicoherenceMonitorInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model takes the `i32` values as they are).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> BicoherenceMonitorInputs) -> Self {
        BicoherenceMonitorInputsL {
            x: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).x[n]))),
            y: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).y[n]))),
        }
    }
}

/// The registers of `bicoherence_monitor` over lanes: the one source of its next state,
/// [`BicoherenceMonitor`] being the one-lane case (`L = i64`). `high_bicoherence` is 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BicoherenceMonitorL<L: Lane> {
    /// `acc_re0`..`acc_re2`.
    pub acc_re: [L; 3],
    /// `acc_im0`..`acc_im2`.
    pub acc_im: [L; 3],
    /// `bicoherence0`..`bicoherence2`.
    pub bicoherence: [L; 3],
    /// `bicoherence_max`.
    pub bicoherence_max: L,
    /// `triad_sync`.
    pub triad_sync: L,
    /// `high_bicoherence` (0 or 1).
    pub high_bicoherence: L,
}

impl<L: Lane> BicoherenceMonitorL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> BicoherenceMonitor) -> Self {
        let v = |g: fn(&BicoherenceMonitor) -> i32| L::from_fn(|k| i64::from(g(&f(k))));
        BicoherenceMonitorL {
            acc_re: std::array::from_fn(|t| L::from_fn(|k| i64::from(f(k).acc_re[t]))),
            acc_im: std::array::from_fn(|t| L::from_fn(|k| i64::from(f(k).acc_im[t]))),
            bicoherence: std::array::from_fn(|t| L::from_fn(|k| i64::from(f(k).bicoherence[t]))),
            bicoherence_max: v(|m| m.bicoherence_max),
            triad_sync: v(|m| m.triad_sync),
            high_bicoherence: L::from_fn(|k| i64::from(f(k).high_bicoherence)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> BicoherenceMonitor {
        BicoherenceMonitor {
            acc_re: self.acc_re.map(|v| v.lane(k) as i32),
            acc_im: self.acc_im.map(|v| v.lane(k) as i32),
            bicoherence: self.bicoherence.map(|v| v.lane(k) as i32),
            bicoherence_max: self.bicoherence_max.lane(k) as i32,
            triad_sync: self.triad_sync.lane(k) as i32,
            high_bicoherence: self.high_bicoherence.lane(k) != 0,
        }
    }

    /// One clock-enable edge on every lane; returns the new registers.
    #[inline(always)]
    pub fn tick(&mut self, i: &BicoherenceMonitorInputsL<L>) -> Self {
        let u: [(L, L); 5] = std::array::from_fn(|k| unit_pair_l(i.x[k], i.y[k]));
        self.tick_units(&u)
    }

    /// [`tick`](Self::tick) from the five bands' unit vectors [`unit_pair_l`], already computed
    /// (as [`BicoherenceMonitor::tick_units`]).
    #[inline(always)]
    pub fn tick_units(&mut self, u: &[(L, L); 5]) -> Self {
        let mut max = L::splat(0);
        for (t, &(a, b, c)) in TRIADS.iter().enumerate() {
            let (br, bi) = triad_units_l(u[a], u[b], u[c]);
            // The RTL function `iir` (see [`iir`]): `acc + b − (acc >>> 13)` in 30 bits.
            let iir_l = |acc: L, b: L| (acc + b - acc.asr(BICOHERENCE_IIR_SHIFT)).wrap_s(ACC_WIDTH);
            let ar = iir_l(self.acc_re[t], br);
            let ai = iir_l(self.acc_im[t], bi);
            let m = bmag_l(ar, ai);
            self.acc_re[t] = ar;
            self.acc_im[t] = ai;
            self.bicoherence[t] = m;
            max = L::select(m.cmp_gt(max), m, max);
        }
        self.bicoherence_max = max;
        self.triad_sync = (self.bicoherence[0] + self.bicoherence[1]).asr(1);
        self.high_bicoherence = L::from_mask(max.cmp_gt(L::splat(BICOHERENCE_HIGH)));
        *self
    }
}

impl Observable for BicoherenceMonitor {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for t in 0..3 {
            out.push(Signal::new(prefix, &format!("acc_re{t}"), ACC_WIDTH, true));
            out.push(Signal::new(prefix, &format!("acc_im{t}"), ACC_WIDTH, true));
        }
        for t in 0..3 {
            out.push(Signal::new(prefix, &format!("bicoherence{t}"), WIDTH, true));
        }
        out.push(Signal::new(prefix, "bicoherence_max", WIDTH, true));
        out.push(Signal::new(prefix, "triad_sync", WIDTH, true));
        out.push(Signal::new(prefix, "high_bicoherence", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        for t in 0..3 {
            out[2 * t] = raw(i64::from(self.acc_re[t]), ACC_WIDTH);
            out[2 * t + 1] = raw(i64::from(self.acc_im[t]), ACC_WIDTH);
            out[6 + t] = raw(i64::from(self.bicoherence[t]), WIDTH);
        }
        out[9] = raw(i64::from(self.bicoherence_max), WIDTH);
        out[10] = raw(i64::from(self.triad_sync), WIDTH);
        out[11] = u64::from(self.high_bicoherence);
        12
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::TAU;

    fn polar(amp: f64, th: f64) -> (i32, i32) {
        (
            (amp * th.cos() * 16_384.0).round() as i32,
            (amp * th.sin() * 16_384.0).round() as i32,
        )
    }

    /// Runs `n` ticks with band phases `ph(t)` and amplitudes `amp`; returns the monitor and the
    /// largest `bicoherence_max` seen from tick `from` on.
    fn run(
        n: usize,
        from: usize,
        amp: [f64; 5],
        mut ph: impl FnMut(usize) -> [f64; 5],
    ) -> (BicoherenceMonitor, i32) {
        let mut m = BicoherenceMonitor::new();
        let mut worst = 0;
        for t in 0..n {
            let p = ph(t);
            let mut i = BicoherenceMonitorInputs::default();
            for k in 0..5 {
                (i.x[k], i.y[k]) = polar(amp[k], p[k]);
            }
            m.tick(&i);
            if t >= from {
                worst = worst.max(m.bicoherence_max);
            }
        }
        (m, worst)
    }

    fn xorshift(seed: u32) -> impl FnMut() -> f64 {
        let mut s = seed;
        move || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            f64::from(s) / 4_294_967_296.0
        }
    }

    const AMPS: [f64; 5] = [0.8, 1.3, 0.05, 2.5, 0.4];

    #[test]
    fn phase_locked_triads_give_bicoherence_near_one_and_the_flag() {
        // θ3 = θ1 + θ2 (+ a constant) at every tick, at the φ-spaced table rates.
        let w = [5.89, 9.53].map(|f| TAU * f / 4_000.0);
        let (m, _) = run(40_000, 0, AMPS, |t| {
            let th = w[0] * t as f64;
            let al = w[1] * t as f64;
            let b1 = th + al + 0.4;
            let b2 = al + b1 - 1.1;
            [th, al, b1, b2, b1 + b2 + 2.0]
        });
        for t in 0..3 {
            assert!(m.bicoherence[t] >= 15_565, "triad {t}: {m:?}"); // ≥ 0.95
        }
        assert!(m.bicoherence_max >= 15_565 && m.high_bicoherence);
        assert_eq!(
            m.triad_sync,
            (m.bicoherence[0] + m.bicoherence[1]) >> 1,
            "the mean of the two lower triads"
        );
    }

    #[test]
    fn independent_phases_stay_low_and_never_flag() {
        let mut r = xorshift(0x2545_F491);
        let (m, worst) = run(20_000, 6_000, AMPS, |_| [0; 5].map(|_| TAU * r()));
        assert!(worst < 4_915, "max bicoherence after settling {worst}"); // < 0.3
        assert!(!m.high_bicoherence);
    }

    #[test]
    fn only_the_locked_triad_rises() {
        // θ, α locked into β₁; β₂ and γ random: triad 0 high, triads 1 and 2 low.
        let mut r = xorshift(0x1234_5678);
        let w = [5.89, 9.53].map(|f| TAU * f / 4_000.0);
        let (m, _) = run(40_000, 0, AMPS, |t| {
            let (th, al) = (w[0] * t as f64, w[1] * t as f64);
            [th, al, th + al, TAU * r(), TAU * r()]
        });
        assert!(m.bicoherence[0] >= 15_565, "{m:?}");
        assert!(
            m.bicoherence[1] < 4_915 && m.bicoherence[2] < 4_915,
            "{m:?}"
        );
        assert_eq!(m.bicoherence_max, m.bicoherence[0]);
        assert!(m.high_bicoherence);
        assert!(
            (7_700..8_400).contains(&m.triad_sync),
            "one of two triads locked: triad_sync near 0.5, {m:?}"
        );
    }

    #[test]
    fn the_flag_needs_time_to_rise_and_zero_inputs_give_zero() {
        let w = [5.89, 9.53].map(|f| TAU * f / 4_000.0);
        let ph = |t: usize| {
            let (th, al) = (w[0] * t as f64, w[1] * t as f64);
            [th, al, th + al, 0.0, 0.0]
        };
        // 1 − e^{−t/8192} crosses 0.5 near t = 5678.
        let (m, _) = run(5_500, 0, AMPS, ph);
        assert!(!m.high_bicoherence, "{m:?}");
        let (m, _) = run(5_900, 0, AMPS, ph);
        assert!(m.high_bicoherence, "{m:?}");
        let (m, worst) = run(100, 0, [0.0; 5], |_| [0.0; 5]);
        assert_eq!((worst, m.acc_re, m.acc_im), (0, [0; 3], [0; 3]));
    }

    mod lanes {
        use super::super::*;
        use crate::kuramoto_order_parameter::unit_pair;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn coord() -> impl Strategy<Value = i32> {
            // 18-bit values, as the oscillators drive (the bound `unit` and the triad rest on).
            prop_oneof![-131_072i32..=131_071, -40i32..40, Just(0)]
        }

        fn acc() -> impl Strategy<Value = i32> {
            -(1i32 << 29)..(1 << 29)
        }

        fn reg18() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        fn regs() -> impl Strategy<Value = BicoherenceMonitor> {
            (
                prop::array::uniform3(acc()),
                prop::array::uniform3(acc()),
                prop::array::uniform3(reg18()),
                reg18(),
                reg18(),
                any::<bool>(),
            )
                .prop_map(
                    |(acc_re, acc_im, bicoherence, bicoherence_max, triad_sync, high)| {
                        BicoherenceMonitor {
                            acc_re,
                            acc_im,
                            bicoherence,
                            bicoherence_max,
                            triad_sync,
                            high_bicoherence: high,
                        }
                    },
                )
        }

        fn inputs() -> impl Strategy<Value = BicoherenceMonitorInputs> {
            (
                prop::array::uniform5(coord()),
                prop::array::uniform5(coord()),
            )
                .prop_map(|(x, y)| BicoherenceMonitorInputs { x, y })
        }

        proptest! {
            /// Every lane is the scalar monitor on that lane's registers and inputs, tick after
            /// tick.
            #[test]
            fn every_lane_is_the_scalar_monitor(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = BicoherenceMonitorL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&BicoherenceMonitorInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }

            /// The triad product without truncations is the RTL function [`triad`] on unit
            /// vectors, and the accumulator step is [`iir`] (the reference functions).
            #[test]
            fn unit_triads_equal_the_rtl_function(
                xy in prop::array::uniform3((coord(), coord())),
                a in acc(),
            ) {
                let u = xy.map(|(x, y)| unit_pair(i64::from(x), i64::from(y)));
                prop_assert_eq!(triad_units_l(u[0], u[1], u[2]), triad(u[0], u[1], u[2]));
                let (br, _) = triad(u[0], u[1], u[2]);
                let mut m = BicoherenceMonitor::new();
                m.acc_re[0] = a;
                let mut l = BicoherenceMonitorL::<i64>::gather(|_| m);
                let un = [u[0], u[1], u[2], u[0], u[0]];
                l.tick_units(&un);
                prop_assert_eq!(l.acc_re[0], iir(i64::from(a), br));
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's accumulator is seen.
            let m = BicoherenceMonitor::new();
            let mut l = BicoherenceMonitorL::<Lanes<N>>::gather(|_| m);
            l.acc_im[1].0[2] += 1;
            let i = BicoherenceMonitorInputs {
                x: [9000, -300, 16_000, 5, 0],
                y: [100, 12_000, -4, 8_000, 0],
            };
            l.tick(&BicoherenceMonitorInputsL::gather(|_| i));
            let s = BicoherenceMonitor::new().tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(2), s);
        }
    }

    #[test]
    fn complex_helpers_follow_the_rtl() {
        let one = 16_384;
        assert_eq!(triad((one, 0), (one, 0), (one, 0)), (one, 0));
        // i · i · conj(−1) = 1
        assert_eq!(triad((0, one), (0, one), (-one, 0)), (one, 0));
        // floor, not round: (−1·1) >>> 14 = −1
        assert_eq!(dot14(-1, 1, 0, 0), -1);
        assert_eq!(crs14(0, 0, 1, 1), -1);
        assert_eq!(iir(1 << 20, 0), (1 << 20) - (1 << 7));
        assert_eq!(iir(-1, 0), 0); // −1 − (−1 >>> 13) = 0
        assert_eq!(bmag(16_384 << 13, 16_384 << 13), 16_384);
        assert_eq!(bmag(3 << 13, -4 << 13), 5);
    }
}
