//! `output_mixer` (rtl/output_mixer.v): the EEG-realistic mix of four envelope-modulated bands,
//! scaled by their MU (v11.4), the SR fundamental gated by the SIE gain, and pink noise, with the
//! distributed SIE boost, the v11.2 soft limiter and the 12-bit DAC (sections 8.3, 9.3, 10.3,
//! 10.4, 10.5).
//!
//! Hardware facts (contract with every width: docs/spec/output_mixer.md), registered on the
//! clock enable (`mixed_out` resets to 0, `dac_output` to mid-scale 2048):
//! - `mod_b = sat18((band_b * env_b) >>> 14)`;
//! - `mu_gain_b = (clamp(mu_b, 0, 8) * 21846) >>> 2` (MU/3 in Q14: 1, 2, 3, 4, 6 → 0.33, 0.67,
//!   1.0, 1.33, 2.0, section 8.3) and `scaled_b = sat18((mod_b * mu_gain_b) >>> 14)`;
//! - `osc = Σ (scaled_b * W_b) >>> 14` with W theta 328, alpha 492, beta 328, gamma 164;
//! - `gain = clamp(sie_gain, 0, 1.0)`, `sr = (((sr_in * 328) >>> 14) * gain) >>> 14`: the SR
//!   fundamental reaches the DAC only during an event;
//! - `boost = 1.0 + (gain * 6554) >>> 14` (1.0 .. 1.4×);
//! - `mixed = (((osc + sr) * boost) >>> 14) + ((pink_in * 15073) >>> 14)`;
//! - soft limiter on the magnitude: above 0.75, `0.75 + (|x| - 0.75) >>> 1`, sign restored, so
//!   it is odd and continuous;
//! - `dac_output = clamp((limited + 16384) >>> 3, 0, 4095)`: `(x + 1.0) × 2048`, never wrapping.

use crate::constants::{
    DAC_MAX, DAC_OFFSET, DAC_RESET, DAC_SHIFT, LIMIT_THRESHOLD, MU_MAX, MU_SCALE, SIE_BOOST_K,
    W_ALPHA, W_BETA, W_GAMMA, W_PINK, W_SR, W_THETA,
};
use crate::fixed_point::{asr, clamp, mul_s, raw, sat_s, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `output_mixer` (all Q14, `signed [17:0]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputMixerInputs {
    /// `theta_in`: thalamic theta.
    pub theta_in: i32,
    /// `alpha_in`: L6 alpha.
    pub alpha_in: i32,
    /// `beta_in`: L5a low beta.
    pub beta_in: i32,
    /// `gamma_in`: L2/3 gamma.
    pub gamma_in: i32,
    /// `pink_in`: pink noise.
    pub pink_in: i32,
    /// `env_theta`: theta envelope (nominally [0.5, 1.5]).
    pub env_theta: i32,
    /// `env_alpha`.
    pub env_alpha: i32,
    /// `env_beta`.
    pub env_beta: i32,
    /// `env_gamma`.
    pub env_gamma: i32,
    /// `sie_gain`: SIE gain from the ignition controller (0 .. 1.0 gives boost 1.0 .. 1.4 and
    /// lets the SR fundamental through).
    pub sie_gain: i32,
    /// `sr_in`: the SR fundamental f₀'s x (Q14).
    pub sr_in: i32,
    /// `mu_theta`, `mu_alpha`, `mu_beta`, `mu_gamma`: the MU of each band's oscillator (the
    /// state's `mu_dt`, 1 … 6), which scales the band by MU/3.
    pub mu: [i32; 4],
}

/// Outputs of `output_mixer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputMixerOutputs {
    /// `output reg signed [17:0] mixed_out`: the limited mix (Q14).
    pub mixed_out: i32,
    /// `output reg [11:0] dac_output`.
    pub dac_output: u16,
}

/// State of one `output_mixer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputMixer {
    /// `reg signed [17:0] mixed_out`.
    pub mixed_out: i32,
    /// `reg [11:0] dac_output`.
    pub dac_output: u16,
}

impl Default for OutputMixer {
    fn default() -> Self {
        Self::new()
    }
}

/// `sat18((band * env) >>> 14)`.
#[inline(always)]
fn modulate(band: i32, env: i32) -> i64 {
    sat_s(asr(mul_s(band.into(), env.into(), 36), FRAC), WIDTH)
}

/// `(x * w) >>> 14` of an 18-bit value and a weight, in a 36-bit context.
#[inline(always)]
fn weigh(x: i64, w: i64) -> i64 {
    asr(mul_s(x, w, 36), FRAC)
}

/// `mu_gain = (clamp(mu, 0, 8) * 21846) >>> 2`: MU/3 in Q14 (MU 3 → 16384).
#[inline(always)]
pub const fn mu_gain(mu: i32) -> i64 {
    asr(clamp(mu as i64, 0, MU_MAX) * MU_SCALE, 2)
}

/// One band: `sat18((mod * mu_gain) >>> 14)` weighted by `w`.
#[inline(always)]
fn band(x: i32, env: i32, mu: i32, w: i64) -> i64 {
    let scaled = sat_s(asr(mul_s(modulate(x, env), mu_gain(mu), 36), FRAC), WIDTH);
    weigh(scaled, w)
}

/// The soft limiter on a 20-bit mix: 2:1 above ±0.75 on the magnitude, sign restored.
#[inline(always)]
pub const fn soft_limit(x: i64) -> i64 {
    let mag = if x < 0 { -x } else { x };
    let lim = if mag > LIMIT_THRESHOLD {
        LIMIT_THRESHOLD + asr(mag - LIMIT_THRESHOLD, 1)
    } else {
        mag
    };
    if x < 0 {
        -lim
    } else {
        lim
    }
}

/// The DAC code of a limited mix: `clamp((x + 1.0) >>> 3, 0, 4095)`.
#[inline(always)]
pub const fn dac_code(limited: i64) -> u16 {
    clamp(asr(limited + DAC_OFFSET, DAC_SHIFT), 0, DAC_MAX) as u16
}

impl OutputMixer {
    /// A mixer in its reset state: `mixed_out` 0, `dac_output` 2048.
    pub const fn new() -> Self {
        OutputMixer {
            mixed_out: 0,
            dac_output: DAC_RESET,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// The combinational mix before the limiter (`mixed_raw`, 20 bits) for these inputs.
    #[inline(always)]
    pub fn mix(i: &OutputMixerInputs) -> i64 {
        let [mt, ma, mb, mg] = i.mu;
        let osc = band(i.theta_in, i.env_theta, mt, W_THETA)
            + band(i.alpha_in, i.env_alpha, ma, W_ALPHA)
            + band(i.beta_in, i.env_beta, mb, W_BETA)
            + band(i.gamma_in, i.env_gamma, mg, W_GAMMA);
        let gain = clamp(i.sie_gain.into(), 0, ONE_Q14);
        let sr = weigh(weigh(i.sr_in.into(), W_SR), gain);
        let boost = ONE_Q14 + weigh(gain, SIE_BOOST_K);
        let osc_b = asr(mul_s(osc + sr, boost, 38), FRAC);
        wrap_s(osc_b + weigh(i.pink_in.into(), W_PINK), 20)
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &OutputMixerInputs) -> OutputMixerOutputs {
        let limited = soft_limit(Self::mix(i));
        self.mixed_out = wrap_s(limited, WIDTH) as i32;
        self.dac_output = dac_code(limited);
        self.outputs()
    }

    /// The registered outputs.
    #[inline(always)]
    pub const fn outputs(&self) -> OutputMixerOutputs {
        OutputMixerOutputs {
            mixed_out: self.mixed_out,
            dac_output: self.dac_output,
        }
    }
}

impl Observable for OutputMixer {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "mixed_out", WIDTH, true));
        out.push(Signal::new(prefix, "dac_output", 12, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(i64::from(self.mixed_out), WIDTH);
        out[1] = u64::from(self.dac_output);
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: i32 = 131_071;
    const MIN: i32 = -131_072;

    fn inputs(band: i32, env: i32, pink: i32, gain: i32) -> OutputMixerInputs {
        OutputMixerInputs {
            theta_in: band,
            alpha_in: band,
            beta_in: band,
            gamma_in: band,
            pink_in: pink,
            env_theta: env,
            env_alpha: env,
            env_beta: env,
            env_gamma: env,
            sie_gain: gain,
            sr_in: 0,
            mu: [3; 4],
        }
    }

    #[test]
    fn soft_limiter_is_odd_continuous_and_2_to_1_above_0_75() {
        let mut prev = soft_limit(-(1 << 19) + 1);
        for x in (-(1i64 << 19) + 1)..(1i64 << 19) {
            let y = soft_limit(x);
            assert_eq!(soft_limit(-x), -y, "odd at {x}");
            if x > -(1 << 19) + 1 {
                assert!((0..=1).contains(&(y - prev)), "continuous, monotone at {x}");
            }
            prev = y;
        }
        assert_eq!(soft_limit(12_288), 12_288);
        assert_eq!(soft_limit(12_290), 12_289);
        assert_eq!(soft_limit(16_384 + 12_288), 12_288 + 8_192); // 1.75 -> 1.25
        assert_eq!(soft_limit(5_000), 5_000);
    }

    #[test]
    fn the_dac_never_wraps() {
        // Every limited value the mixer can produce, and beyond: codes stay in 0..=4095 and are
        // monotone in the mix.
        let mut prev = 0u16;
        for x in -(1i64 << 19)..(1i64 << 19) {
            let d = dac_code(soft_limit(x));
            assert!(d <= 4_095);
            assert!(d >= prev, "monotone at {x}");
            prev = d;
        }
        assert_eq!(dac_code(0), 2_048);
        assert_eq!(dac_code(-16_384), 0);
        assert_eq!(dac_code(16_383), 4_095);
        // Extreme inputs at both rails: full scale, not a wrap to the other end.
        let mut m = OutputMixer::new();
        assert_eq!(m.tick(&inputs(MAX, MAX, MAX, MAX)).dac_output, 4_095);
        assert_eq!(m.tick(&inputs(MIN, MAX, MIN, MAX)).dac_output, 0);
        assert_eq!(m.tick(&inputs(MIN, MIN, MAX, MIN)).dac_output, 4_095);
    }

    #[test]
    fn weights_and_boost_follow_the_description() {
        // Pink only: 0.92 of the input.
        let i = inputs(0, 16_384, 8_192, 0);
        assert_eq!(OutputMixer::mix(&i), (8_192 * 15_073) >> 14);
        // One band at 1.0 with envelope 1.0: theta 328 (0.02).
        let mut i = inputs(0, 16_384, 0, 0);
        i.theta_in = 16_384;
        assert_eq!(OutputMixer::mix(&i), 328);
        i.theta_in = 0;
        i.alpha_in = 16_384;
        assert_eq!(OutputMixer::mix(&i), 492);
        // Envelope 1.5 scales the band by 1.5.
        i.env_alpha = 24_576;
        assert_eq!(OutputMixer::mix(&i), 738);
        // SIE gain 1.0: boost 1.4 on the oscillators only.
        let mut j = inputs(16_384, 16_384, 0, 16_384);
        assert_eq!(
            OutputMixer::mix(&j),
            ((328 + 492 + 328 + 164) * 22_938) >> 14
        );
        j.sie_gain = 100_000; // clamped to 1.0
        assert_eq!(
            OutputMixer::mix(&j),
            ((328 + 492 + 328 + 164) * 22_938) >> 14
        );
        j.sie_gain = -5; // clamped to 0: boost 1.0
        assert_eq!(OutputMixer::mix(&j), 1_312);
        j.pink_in = 16_384;
        assert_eq!(OutputMixer::mix(&j), 1_312 + 15_073);
    }

    #[test]
    fn mu_scales_each_band_by_a_third_of_mu() {
        // Section 8.3: MU 1, 2, 3, 4, 6 give 0.33, 0.67, 1.0, 1.33, 2.0 of the MU-3 amplitude.
        let g: Vec<i64> = [1, 2, 3, 4, 6].map(mu_gain).to_vec();
        assert_eq!(g, vec![5_461, 10_923, 16_384, 21_846, 32_769]);
        assert_eq!(
            (mu_gain(-3), mu_gain(0), mu_gain(9), mu_gain(131_071)),
            (0, 0, 43_692, 43_692)
        );
        // Alpha at 1.0 with MU 6: twice its MU-3 weight; theta with MU 1: a third.
        let mut i = inputs(0, 16_384, 0, 0);
        i.alpha_in = 16_384;
        i.mu = [3, 6, 3, 3];
        assert_eq!(
            OutputMixer::mix(&i),
            (((16_384 * 32_769) >> 14) * 492) >> 14
        );
        let mut i = inputs(0, 16_384, 0, 0);
        i.theta_in = 16_384;
        i.mu = [1, 3, 3, 3];
        assert_eq!(OutputMixer::mix(&i), (((16_384 * 5_461) >> 14) * 328) >> 14);
        // A full-scale band with MU 8 saturates before the weight, it does not wrap.
        let mut i = inputs(0, 24_576, 0, 0);
        i.gamma_in = MAX;
        i.mu = [3, 3, 3, 8];
        assert_eq!(OutputMixer::mix(&i), (i64::from(MAX) * 164) >> 14);
    }

    #[test]
    fn the_sr_fundamental_reaches_the_dac_only_during_an_event() {
        let mut i = inputs(0, 16_384, 0, 0);
        i.sr_in = 16_384;
        assert_eq!(OutputMixer::mix(&i), 0, "gain 0: no SR at the output");
        i.sie_gain = 8_192; // gain 0.5: SR at 0.02 * 0.5, boosted 1.2x
        assert_eq!(OutputMixer::mix(&i), (164 * (16_384 + 3_277)) >> 14);
        i.sie_gain = 16_384;
        assert_eq!(OutputMixer::mix(&i), (328 * 22_938) >> 14);
        i.sr_in = -16_384;
        assert_eq!(OutputMixer::mix(&i), (-328 * 22_938) >> 14);
        // The largest mix with every input at its realistic extreme (bands at 1.0, envelopes
        // 1.5, MU 6, SR 1.5, gain 1.0, pink at its ±6784 bound, all in phase) ends barely past
        // the limiter's knee: the DAC stays more than 500 codes from its rail.
        let mut i = inputs(16_384, 24_576, 6_784, 16_384);
        i.mu = [6; 4];
        i.sr_in = 24_576;
        let m = OutputMixer::mix(&i);
        assert!(m < 12_500, "{m}");
        let mut o = OutputMixer::new();
        let d = o.tick(&i).dac_output;
        assert!(d > 2_048 && d < 3_600, "{d}");
    }

    #[test]
    fn outputs_are_registered_and_reset_to_mid_scale() {
        let mut m = OutputMixer::new();
        assert_eq!(m.outputs().dac_output, 2_048);
        let o = m.tick(&inputs(0, 16_384, 8_192, 0));
        assert_eq!(o.mixed_out, 7_536);
        assert_eq!(o.dac_output, ((7_536 + 16_384) >> 3) as u16);
        m.reset();
        assert_eq!(m, OutputMixer::new());
        assert_eq!(OutputMixer::signal_table().len(), 2);
    }
}
