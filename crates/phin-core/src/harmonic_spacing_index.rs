//! `harmonic_spacing_index` (rtl/harmonic_spacing_index.v): how close the adjacent-band frequency
//! ratios α/θ, β₁/α, β₂/β₁, γ/β₂ are to φ (section "SIE Dynamics Monitoring (v11.3)").
//!
//! Hardware facts (contract: docs/spec/harmonic_spacing_index.md):
//! - `ratio = sat18((hi << 14) / lo)` in 33-bit signed arithmetic, truncating toward zero;
//!   `lo == 0` gives 0.
//! - `dev = min(|ratio − φ|, 2.0)`; `hsi = clamp(1.0 − (Σ dev) >>> 1, 0, 1.0)` = 1 − mean/0.5.
//! - `harmonic_locked` = every `dev ≤ 2121` (8 % of φ).
//! - Baseline: `acc ← acc + hsi_next − (acc >>> 18)` (τ = 2^18 ticks = 65.5 s), loaded with
//!   `hsi_next << 18` on the first tick after reset; `delta_hsi = hsi − (acc >>> 18)`.

use crate::constants::{HSI_DEV_MAX, HSI_EMA_SHIFT, HSI_LOCK_TOL, PHI_Q14};
use crate::fixed_point::{asr, raw, wrap_s, ONE_Q14, WIDTH};
use crate::lane::Lane;
use crate::lane::LaneMask;
use crate::signals::{Observable, Signal};

/// Inputs of `harmonic_spacing_index`: the five OMEGA_DT words (signed 18).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HarmonicSpacingIndexInputs {
    /// `omega_theta`, `omega_alpha`, `omega_beta1`, `omega_beta2`, `omega_gamma`.
    pub omega: [i32; 5],
}

/// Registers of `harmonic_spacing_index`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarmonicSpacingIndex {
    /// `ratio_alpha_theta`, `ratio_beta1_alpha`, `ratio_beta2_beta1`, `ratio_gamma_beta2` (Q14).
    pub ratio: [i32; 4],
    /// `hsi` (Q14, 0..=16384).
    pub hsi: i32,
    /// `reg signed [33:0] baseline_acc`: baseline × 2^18.
    pub baseline_acc: i64,
    /// `baseline_valid`: the baseline has been loaded.
    pub baseline_valid: bool,
    /// `harmonic_locked`.
    pub harmonic_locked: bool,
}

/// `sat18((hi << 14) / lo)`, 0 when `lo == 0`: the RTL function `ratio` ([`ratio_q14_l`] on one
/// lane).
#[inline(always)]
pub fn ratio_q14(hi: i64, lo: i64) -> i64 {
    ratio_q14_l(hi, lo)
}

/// [`ratio_q14`] over lanes. The division has no lane instruction and runs per lane
/// ([`Lane::div_s`]).
#[inline(always)]
pub fn ratio_q14_l<L: Lane>(hi: L, lo: L) -> L {
    hi.shl(14, 33).div_s(lo, 33).sat_s(WIDTH)
}

/// `min(|r − φ|, 2.0)`: the RTL function `dev` ([`deviation_l`] on one lane).
#[inline(always)]
pub fn deviation(r: i64) -> i64 {
    deviation_l(r)
}

/// [`deviation`] over lanes.
#[inline(always)]
pub fn deviation_l<L: Lane>(r: L) -> L {
    let d = (r - L::splat(PHI_Q14)).wrap_s(WIDTH + 1);
    let d = L::select(d.cmp_lt(L::splat(0)), -d, d);
    let max = L::splat(HSI_DEV_MAX);
    L::select(d.cmp_gt(max), max, d)
}

impl HarmonicSpacingIndex {
    /// The reset state.
    pub const fn new() -> Self {
        HarmonicSpacingIndex {
            ratio: [0; 4],
            hsi: 0,
            baseline_acc: 0,
            baseline_valid: false,
            harmonic_locked: false,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// The baseline `baseline_acc >>> 18` (Q14).
    #[inline(always)]
    pub const fn baseline(&self) -> i64 {
        asr(self.baseline_acc, HSI_EMA_SHIFT)
    }

    /// `delta_hsi = hsi − baseline` (19-bit signed, Q14).
    #[inline(always)]
    pub const fn delta_hsi(&self) -> i64 {
        self.hsi as i64 - wrap_s(self.baseline(), WIDTH)
    }

    /// One clock-enable edge: [`HarmonicSpacingIndexL::tick`] on one lane.
    #[inline]
    pub fn tick(&mut self, i: &HarmonicSpacingIndexInputs) -> HarmonicSpacingIndex {
        *self = HarmonicSpacingIndexL::<i64>::gather(|_| *self)
            .tick(&HarmonicSpacingIndexInputsL::gather(|_| *i))
            .lane(0);
        *self
    }
}

/// [`HarmonicSpacingIndexInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HarmonicSpacingIndexInputsL<L: Lane> {
    /// `omega_theta` .. `omega_gamma`.
    pub omega: [L; 5],
}

impl<L: Lane> HarmonicSpacingIndexInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model takes the `i32` values as they are).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HarmonicSpacingIndexInputs) -> Self {
        HarmonicSpacingIndexInputsL {
            omega: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).omega[n]))),
        }
    }
}

/// The registers of `harmonic_spacing_index` over lanes: the one source of its next state,
/// [`HarmonicSpacingIndex`] being the one-lane case (`L = i64`). The flags are 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HarmonicSpacingIndexL<L: Lane> {
    /// `ratio_alpha_theta` .. `ratio_gamma_beta2`.
    pub ratio: [L; 4],
    /// `hsi`.
    pub hsi: L,
    /// `baseline_acc`.
    pub baseline_acc: L,
    /// `baseline_valid` (0 or 1).
    pub baseline_valid: L,
    /// `harmonic_locked` (0 or 1).
    pub harmonic_locked: L,
}

impl<L: Lane> HarmonicSpacingIndexL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HarmonicSpacingIndex) -> Self {
        HarmonicSpacingIndexL {
            ratio: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).ratio[n]))),
            hsi: L::from_fn(|k| i64::from(f(k).hsi)),
            baseline_acc: L::from_fn(|k| f(k).baseline_acc),
            baseline_valid: L::from_fn(|k| i64::from(f(k).baseline_valid)),
            harmonic_locked: L::from_fn(|k| i64::from(f(k).harmonic_locked)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> HarmonicSpacingIndex {
        HarmonicSpacingIndex {
            ratio: self.ratio.map(|v| v.lane(k) as i32),
            hsi: self.hsi.lane(k) as i32,
            baseline_acc: self.baseline_acc.lane(k),
            baseline_valid: self.baseline_valid.lane(k) != 0,
            harmonic_locked: self.harmonic_locked.lane(k) != 0,
        }
    }

    /// The baseline `baseline_acc >>> 18` (Q14).
    #[inline(always)]
    pub fn baseline(&self) -> L {
        self.baseline_acc.asr(HSI_EMA_SHIFT)
    }

    /// `delta_hsi = hsi − baseline` (19-bit signed, Q14).
    #[inline(always)]
    pub fn delta_hsi(&self) -> L {
        self.hsi - self.baseline().wrap_s(WIDTH)
    }

    /// One clock-enable edge on every lane; returns the new registers.
    #[inline(always)]
    pub fn tick(&mut self, i: &HarmonicSpacingIndexInputsL<L>) -> Self {
        let w = i.omega;
        let mut dsum = L::splat(0);
        let mut lock = L::Mask::splat(true);
        for k in 0..4 {
            let r = ratio_q14_l(w[k + 1], w[k]);
            let d = deviation_l(r);
            dsum = dsum + d;
            lock = lock & d.cmp_le(L::splat(HSI_LOCK_TOL));
            self.ratio[k] = r;
        }
        let h = L::splat(ONE_Q14) - dsum.asr(1);
        let h = L::select(h.cmp_lt(L::splat(0)), L::splat(0), h);
        let base = self.baseline_acc.asr(HSI_EMA_SHIFT);
        // The first tick after reset loads the baseline: `h << 18` (h is 0..=2^14, so it fits
        // the 34-bit register).
        self.baseline_acc = L::select(
            self.baseline_valid.truthy(),
            (self.baseline_acc + h - base).wrap_s(34),
            h.shl(HSI_EMA_SHIFT, 64),
        );
        self.baseline_valid = L::splat(1);
        self.hsi = h;
        self.harmonic_locked = L::from_mask(lock);
        *self
    }
}

impl Observable for HarmonicSpacingIndex {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for n in [
            "ratio_alpha_theta",
            "ratio_beta1_alpha",
            "ratio_beta2_beta1",
            "ratio_gamma_beta2",
        ] {
            out.push(Signal::new(prefix, n, WIDTH, true));
        }
        out.push(Signal::new(prefix, "hsi", WIDTH, true));
        out.push(Signal::new(prefix, "baseline_acc", 34, true));
        out.push(Signal::new(prefix, "baseline_valid", 1, false));
        out.push(Signal::new(prefix, "harmonic_locked", 1, false));
        out.push(Signal::new(prefix, "delta_hsi", WIDTH + 1, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        for k in 0..4 {
            out[k] = raw(i64::from(self.ratio[k]), WIDTH);
        }
        out[4] = raw(i64::from(self.hsi), WIDTH);
        out[5] = raw(self.baseline_acc, 34);
        out[6] = u64::from(self.baseline_valid);
        out[7] = u64::from(self.harmonic_locked);
        out[8] = raw(self.delta_hsi(), WIDTH + 1);
        9
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{
        OMEGA_DT_L23_SLOW, OMEGA_DT_L5A, OMEGA_DT_L5B, OMEGA_DT_L6, OMEGA_DT_THETA,
    };

    fn run(omega: [i32; 5], n: usize) -> HarmonicSpacingIndex {
        let mut h = HarmonicSpacingIndex::new();
        for _ in 0..n {
            h.tick(&HarmonicSpacingIndexInputs { omega });
        }
        h
    }

    /// Frequencies in exact φ ratios (f·φ^k in OMEGA_DT units, large so rounding is small).
    fn phi_ladder() -> [i32; 5] {
        let phi = (1.0 + 5f64.sqrt()) / 2.0;
        [0, 1, 2, 3, 4].map(|k| (3_000.0 * phi.powi(k)).round() as i32)
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // The 18-bit words, any `i32` (taken as it is), realistic OMEGA_DT words, zero
            // (ratio 0) and small negatives.
            prop_oneof![-131_072i32..=131_071, any::<i32>(), 100i32..3_000, -3i32..3]
        }

        fn regs() -> impl Strategy<Value = HarmonicSpacingIndex> {
            (
                prop::array::uniform4(-131_072i32..=131_071),
                -131_072i32..=131_071,
                -(1i64 << 33)..(1i64 << 33),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(
                    |(ratio, hsi, baseline_acc, baseline_valid, harmonic_locked)| {
                        HarmonicSpacingIndex {
                            ratio,
                            hsi,
                            baseline_acc,
                            baseline_valid,
                            harmonic_locked,
                        }
                    },
                )
        }

        proptest! {
            /// Every lane is the scalar index on that lane's registers and inputs, tick after
            /// tick (registers, baseline and ΔHSI).
            #[test]
            fn every_lane_is_the_scalar_index(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(prop::array::uniform5(port())), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = HarmonicSpacingIndexL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let i = i.map(|omega| HarmonicSpacingIndexInputs { omega });
                    let o = lanes.tick(&HarmonicSpacingIndexInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        prop_assert_eq!(lanes.baseline().lane(k), scalar[k].baseline());
                        prop_assert_eq!(lanes.delta_hsi().lane(k), scalar[k].delta_hsi());
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's baseline accumulator is seen.
            let mut h = HarmonicSpacingIndex::new();
            h.baseline_valid = true;
            let mut l = HarmonicSpacingIndexL::<Lanes<N>>::gather(|_| h);
            l.baseline_acc.0[2] += 1;
            let i = HarmonicSpacingIndexInputs {
                omega: [152, 245, 397, 642, 1_039],
            };
            l.tick(&HarmonicSpacingIndexInputsL::gather(|_| i));
            h.tick(&i);
            assert_eq!(l.lane(0), h);
            assert_ne!(l.lane(2), h);
        }
    }

    #[test]
    fn exact_phi_ratios_lock_and_a_ten_percent_error_unlocks() {
        let h = run(phi_ladder(), 2);
        assert!(h.harmonic_locked);
        assert!(h.hsi > 16_300, "hsi {}", h.hsi);
        for k in 0..5 {
            let mut w = phi_ladder();
            // Band k 10 % off: the ratio(s) it enters are ~10 % off φ.
            w[k] = (f64::from(w[k]) * if k == 0 { 1.0 / 1.1 } else { 1.1 }).round() as i32;
            let h = run(w, 2);
            assert!(!h.harmonic_locked, "band {k} 10 % off");
        }
        // 7 % off stays locked (tolerance 8 %).
        let mut w = phi_ladder();
        w[4] = (f64::from(w[4]) * 1.07).round() as i32;
        assert!(run(w, 2).harmonic_locked);
    }

    #[test]
    fn table_frequencies_are_locked() {
        let w = [
            OMEGA_DT_THETA,
            OMEGA_DT_L6,
            OMEGA_DT_L5A,
            OMEGA_DT_L5B,
            OMEGA_DT_L23_SLOW,
        ]
        .map(|v| v as i32);
        let h = run(w, 1);
        assert!(h.harmonic_locked);
        assert!(h.hsi > 16_000);
        assert_eq!(h.ratio[0], (245 << 14) / 152);
    }

    #[test]
    fn hsi_formula_and_guards() {
        // All ratios sqrt(φ) = 1.272: mean deviation 0.346, HSI = 1 − 0.692 = 0.308.
        let s = 1.272_f64;
        let w = [0, 1, 2, 3, 4].map(|k| (3_000.0 * s.powi(k)).round() as i32);
        let h = run(w, 1);
        assert!(
            (f64::from(h.hsi) / 16_384.0 - 0.308).abs() < 0.01,
            "{}",
            h.hsi
        );
        // A zero or negative denominator: no panic, ratio 0, HSI clamps at 0.
        let h = run([0, 0, -5, 131_071, -131_072], 1);
        assert_eq!(h.ratio[0], 0);
        assert_eq!(h.hsi, 0);
        assert!(!h.harmonic_locked);
        assert_eq!(ratio_q14(-131_072, -1), 131_071);
    }

    #[test]
    fn baseline_follows_with_a_64_second_time_constant() {
        let mut h = run(phi_ladder(), 1);
        assert_eq!(h.delta_hsi(), 0, "the baseline loads on the first tick");
        let s = 1.272_f64;
        let w = [0, 1, 2, 3, 4].map(|k| (3_000.0 * s.powi(k)).round() as i32);
        let step = h.hsi - run(w, 1).hsi;
        for _ in 0..262_144 {
            h.tick(&HarmonicSpacingIndexInputs { omega: w });
        }
        // After one time constant ΔHSI has decayed to ~1/e of the step.
        let frac = -h.delta_hsi() as f64 / f64::from(step);
        assert!((frac - (-1f64).exp()).abs() < 0.02, "{frac}");
        assert!(h.delta_hsi() < -820, "ΔHSI < −0.05: loosening");
    }
}
