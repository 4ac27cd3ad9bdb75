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
use crate::fixed_point::{asr, div_s, raw, sat_s, sub_s, wrap_s, ONE_Q14, WIDTH};
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

/// `sat18((hi << 14) / lo)`, 0 when `lo == 0`: the RTL function `ratio`.
#[inline(always)]
pub fn ratio_q14(hi: i64, lo: i64) -> i64 {
    let num = wrap_s(hi << 14, 33);
    sat_s(div_s(num, lo, 33), WIDTH)
}

/// `min(|r − φ|, 2.0)`: the RTL function `dev`.
#[inline(always)]
pub fn deviation(r: i64) -> i64 {
    let d = sub_s(r, PHI_Q14, WIDTH + 1).abs();
    d.min(HSI_DEV_MAX)
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

    /// One clock-enable edge.
    #[inline]
    pub fn tick(&mut self, i: &HarmonicSpacingIndexInputs) -> HarmonicSpacingIndex {
        let w = i.omega.map(i64::from);
        let mut dsum = 0i64;
        let mut lock = true;
        for k in 0..4 {
            let r = ratio_q14(w[k + 1], w[k]);
            let d = deviation(r);
            dsum += d;
            lock &= d <= HSI_LOCK_TOL;
            self.ratio[k] = r as i32;
        }
        let h = (ONE_Q14 - asr(dsum, 1)).max(0);
        let base = asr(self.baseline_acc, HSI_EMA_SHIFT);
        self.baseline_acc = if self.baseline_valid {
            wrap_s(self.baseline_acc + h - base, 34)
        } else {
            h << HSI_EMA_SHIFT
        };
        self.baseline_valid = true;
        self.hsi = h as i32;
        self.harmonic_locked = lock;
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
