//! `layer1_minimal` (rtl/layer1_minimal.v): cortical layer 1 without an oscillator
//! (sections 7.4–7.6). Bit-level contract: docs/spec/layer1_minimal.md.
//!
//! ```text
//! gain_offset   = (K_MATRIX·matrix + K_FB1·fb1 + K_FB2·fb2) >>> FRAC
//! sst          <= sat18(sst + ((SST_ALPHA · (gain_offset − sst)) >>> FRAC))
//! vip          <= sat18(vip + ((VIP_ALPHA · (((K_VIP · attention) >>> FRAC) − vip)) >>> FRAC))
//! sst_effective = (sst ≥ 0 && sst − vip < 0) ? 0 : sst − vip          (19 bits)
//! apical_gain   = clamp(1.0 + sst_effective, 0.5, 1.5)
//! ```

use crate::constants::{GAIN_MAX, GAIN_MIN, K_FB1, K_FB2, K_MATRIX, K_VIP, SST_ALPHA, VIP_ALPHA};
use crate::fixed_point::{asr, clamp, fit_s, mul_s, raw, sat_s, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `layer1_minimal`, same port names (18-bit signed Q14 each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layer1MinimalInputs {
    /// `matrix_input`: matrix-thalamus broadcast.
    pub matrix_input: i32,
    /// `fb1_input`: adjacent-column feedback.
    pub fb1_input: i32,
    /// `fb2_input`: distant-column feedback.
    pub fb2_input: i32,
    /// `attention_input`: top-down attention driving VIP+.
    pub attention_input: i32,
}

/// Outputs of `layer1_minimal`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Layer1MinimalOutputs {
    /// `output reg signed [17:0] sst_activity`.
    pub sst_activity: i32,
    /// `output reg signed [17:0] vip_activity`.
    pub vip_activity: i32,
    /// `output wire signed [18:0] sst_effective`.
    pub sst_effective: i32,
    /// `output wire signed [17:0] apical_gain`, in [8192, 24576].
    pub apical_gain: i32,
}

/// Registers of one `layer1_minimal`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer1Minimal {
    /// `reg signed [17:0] sst_activity`, reset 0.
    pub sst_activity: i32,
    /// `reg signed [17:0] vip_activity`, reset 0.
    pub vip_activity: i32,
}

/// One first-order IIR step `s + ((alpha · (target − s)) >>> FRAC)`, 19-bit error, 37-bit
/// product, 19-bit sum saturated to 18 bits.
///
/// With 18-bit `s` and `target` and `0 <= alpha < 1.0` (SST_ALPHA, VIP_ALPHA) no truncation
/// changes a value ([`fit_s`]): |target − s| < 2^18 fits 19 bits, |alpha·err| < 2^14·2^18 fits
/// 37, `d` lies between 0 and `err` (a floor of a fraction of it), so `s + d` lies between `s`
/// and `target` and fits 19 (and 18: the saturation is the RTL's and stays).
#[inline(always)]
fn iir(s: i64, target: i64, alpha: i64) -> i64 {
    debug_assert!((0..ONE_Q14).contains(&alpha));
    let err = fit_s(target - s, 19);
    let d = fit_s(asr(fit_s(alpha * err, 37), FRAC), 19);
    sat_s(fit_s(s + d, WIDTH + 1), WIDTH)
}

impl Layer1Minimal {
    /// Layer 1 in its reset state.
    pub const fn new() -> Self {
        Layer1Minimal {
            sst_activity: 0,
            vip_activity: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `gain_offset`: the weighted matrix and feedback drive, 18 bits.
    #[inline(always)]
    pub fn gain_offset(i: &Layer1MinimalInputs) -> i64 {
        let m = mul_s(K_MATRIX, wrap_s(i64::from(i.matrix_input), WIDTH), 36);
        let f1 = mul_s(K_FB1, wrap_s(i64::from(i.fb1_input), WIDTH), 36);
        let f2 = mul_s(K_FB2, wrap_s(i64::from(i.fb2_input), WIDTH), 36);
        wrap_s(asr(wrap_s(m + f1 + f2, 38), FRAC), 18)
    }

    /// The pure next-state function of one clock-enable edge.
    #[inline(always)]
    pub fn next_state(&self, i: &Layer1MinimalInputs) -> Layer1Minimal {
        let vip_scaled = wrap_s(
            asr(
                mul_s(K_VIP, wrap_s(i64::from(i.attention_input), WIDTH), 36),
                FRAC,
            ),
            18,
        );
        Layer1Minimal {
            sst_activity: iir(
                i64::from(self.sst_activity),
                Self::gain_offset(i),
                SST_ALPHA,
            ) as i32,
            vip_activity: iir(i64::from(self.vip_activity), vip_scaled, VIP_ALPHA) as i32,
        }
    }

    /// One clock-enable edge: registers update, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &Layer1MinimalInputs) -> Layer1MinimalOutputs {
        *self = self.next_state(i);
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> Layer1MinimalOutputs {
        let sst = i64::from(self.sst_activity);
        let smv = wrap_s(sst - i64::from(self.vip_activity), WIDTH + 1);
        let eff = if sst >= 0 && smv < 0 { 0 } else { smv };
        let gain = clamp(wrap_s(ONE_Q14 + eff, 20), GAIN_MIN, GAIN_MAX);
        Layer1MinimalOutputs {
            sst_activity: self.sst_activity,
            vip_activity: self.vip_activity,
            sst_effective: eff as i32,
            apical_gain: gain as i32,
        }
    }
}

impl Observable for Layer1Minimal {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "sst_activity", WIDTH, true));
        out.push(Signal::new(prefix, "vip_activity", WIDTH, true));
        out.push(Signal::new(prefix, "sst_effective", WIDTH + 1, true));
        out.push(Signal::new(prefix, "apical_gain", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = raw(i64::from(o.sst_activity), WIDTH);
        out[1] = raw(i64::from(o.vip_activity), WIDTH);
        out[2] = raw(i64::from(o.sst_effective), WIDTH + 1);
        out[3] = raw(i64::from(o.apical_gain), WIDTH);
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};

    fn run(l1: &mut Layer1Minimal, i: Layer1MinimalInputs, ticks: usize) -> Layer1MinimalOutputs {
        let mut o = l1.outputs();
        for _ in 0..ticks {
            o = l1.tick(&i);
        }
        o
    }

    fn drive(m: i32, f1: i32, f2: i32, att: i32) -> Layer1MinimalInputs {
        Layer1MinimalInputs {
            matrix_input: m,
            fb1_input: f1,
            fb2_input: f2,
            attention_input: att,
        }
    }

    #[test]
    fn baseline_gain_is_one() {
        let mut l1 = Layer1Minimal::new();
        assert_eq!(run(&mut l1, drive(0, 0, 0, 0), 100).apical_gain, 16_384);
    }

    #[test]
    fn sst_follows_the_weighted_drive_with_tau_25_ms() {
        // 0.15 + 0.3 + 0.2 of 1.0 each = 0.65 (10649 after the floor).
        let i = drive(16_384, 16_384, 16_384, 0);
        assert_eq!(Layer1Minimal::gain_offset(&i), 10_650);
        let mut l1 = Layer1Minimal::new();
        let o = run(&mut l1, i, 100); // 25 ms = 100 ticks: 1 - (0.99)^100 = 63.4%
        let frac = f64::from(o.sst_activity) / 10_650.0;
        assert!((0.60..0.66).contains(&frac), "after tau: {frac}");
        let o = run(&mut l1, i, 3_000);
        assert!((10_550..=10_650).contains(&o.sst_activity));
        // High feedback: gain > 1 (1.0 + 0.65 clamped to 1.5).
        assert_eq!(o.apical_gain, 24_576);
    }

    #[test]
    fn vip_time_constant_is_50_ms() {
        let mut l1 = Layer1Minimal::new();
        let o = run(&mut l1, drive(0, 0, 0, 16_384), 200);
        let frac = f64::from(o.vip_activity) / 8_192.0;
        assert!((0.60..0.66).contains(&frac), "after tau: {frac}");
    }

    #[test]
    fn attention_cancels_positive_sst_drive() {
        // Moderate positive feedback: gain above 1 without attention ...
        let mut a = Layer1Minimal::new();
        let o = run(&mut a, drive(8_192, 8_192, 0, 0), 4_000);
        assert!(o.apical_gain > 16_384 + 3_000, "{}", o.apical_gain);
        // ... and exactly 1.0 with attention strong enough to cancel it (VIP+ > SST+).
        let mut b = Layer1Minimal::new();
        let o = run(&mut b, drive(8_192, 8_192, 0, 32_767), 4_000);
        assert!(o.vip_activity > o.sst_activity && o.sst_activity > 0);
        assert_eq!(o.sst_effective, 0);
        assert_eq!(o.apical_gain, 16_384);
    }

    #[test]
    fn attention_cannot_raise_negative_sst_and_low_feedback_lowers_gain() {
        let mut l1 = Layer1Minimal::new();
        let low = run(&mut l1, drive(-8_192, -8_192, -8_192, 0), 4_000);
        assert!(low.apical_gain < 16_384);
        let mut l1 = Layer1Minimal::new();
        let att = run(&mut l1, drive(-8_192, -8_192, -8_192, 16_384), 4_000);
        // Low FB + attention: more negative (table of section 7.5).
        assert!(att.sst_effective < low.sst_effective);
        assert!(att.apical_gain <= low.apical_gain);
    }

    #[test]
    fn apical_gain_stays_in_bounds_for_any_input() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(4);
        let mut l1 = Layer1Minimal::new();
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        let mut i = drive(0, 0, 0, 0);
        for k in 0..400_000 {
            if k % 500 == 0 {
                // Full-range port values, held for a while so the slow IIRs reach them.
                let mut v = || (rng.next_u64() & 0x3FFFF) as i32 - 131_072;
                i = drive(v(), v(), v(), v());
            }
            let o = l1.tick(&i);
            assert!((8_192..=24_576).contains(&o.apical_gain), "{o:?}");
            lo = lo.min(o.apical_gain);
            hi = hi.max(o.apical_gain);
        }
        // Both clamps were reached, so the bound was exercised, not merely respected.
        assert_eq!((lo, hi), (8_192, 24_576));
    }
}
