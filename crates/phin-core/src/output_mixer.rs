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
use crate::fixed_point::{asr, clamp, raw, FRAC, ONE_Q14, WIDTH};
use crate::lane::Lane;
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

/// `mu_gain = (clamp(mu, 0, 8) * 21846) >>> 2`: MU/3 in Q14 (MU 3 → 16384). The RTL function as
/// a `const fn`, the reference [`mu_gain_l`] (the mixer's source) is tested against.
#[inline(always)]
pub const fn mu_gain(mu: i32) -> i64 {
    asr(clamp(mu as i64, 0, MU_MAX) * MU_SCALE, 2)
}

/// The soft limiter on a 20-bit mix: 2:1 above ±0.75 on the magnitude, sign restored. The
/// reference [`soft_limit_l`] (the mixer's source) is tested against.
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

/// The DAC code of a limited mix: `clamp((x + 1.0) >>> 3, 0, 4095)`. The reference
/// [`dac_code_l`] (the mixer's source) is tested against.
#[inline(always)]
pub const fn dac_code(limited: i64) -> u16 {
    clamp(asr(limited + DAC_OFFSET, DAC_SHIFT), 0, DAC_MAX) as u16
}

/// `(x * w) >>> 14` in a 36-bit context, the RTL's truncation kept (`x` any 32-bit value).
#[inline(always)]
fn weigh_l<L: Lane>(x: L, w: L) -> L {
    x.mul32(w).wrap_s(36).asr(FRAC)
}

/// [`mu_gain`] over lanes: the clamp to 0..=8 makes the product by 21846 a
/// [`mul32`](Lane::mul32) below 2^18.
#[inline(always)]
pub fn mu_gain_l<L: Lane>(mu: L) -> L {
    mu.clamp_to(L::splat(0), L::splat(MU_MAX))
        .mul32(L::splat(MU_SCALE))
        .asr(2)
}

/// One band over lanes: `sat18((sat18((x * env) >>> 14) * mu_gain) >>> 14)` weighted by `w`.
///
/// `x * env` takes the `i32` ports as they are (36-bit wrap kept). After the saturation the
/// modulated band is 18-bit and `mu_gain <= 8·21846/4 < 2^16`, so that product is below 2^33
/// (fits 36 bits: [`fit_s`](Lane::fit_s)); the scaled band (18-bit) times a weight below 2^9
/// likewise.
#[inline(always)]
fn band_l<L: Lane>(x: L, env: L, mu: L, w: i64) -> L {
    let modulated = weigh_l(x, env).sat_s(WIDTH);
    let scaled = modulated
        .mul32(mu_gain_l(mu))
        .fit_s(36)
        .asr(FRAC)
        .sat_s(WIDTH);
    scaled.mul32(L::splat(w)).fit_s(36).asr(FRAC)
}

/// [`soft_limit`] over lanes, for a 20-bit mix (so `-x` cannot overflow).
#[inline(always)]
pub fn soft_limit_l<L: Lane>(x: L) -> L {
    let neg = x.cmp_lt(L::splat(0));
    let mag = L::select(neg, -x, x);
    let t = L::splat(LIMIT_THRESHOLD);
    let lim = L::select(mag.cmp_gt(t), t + (mag - t).asr(1), mag);
    L::select(neg, -lim, lim)
}

/// [`dac_code`] over lanes.
#[inline(always)]
pub fn dac_code_l<L: Lane>(limited: L) -> L {
    (limited + L::splat(DAC_OFFSET))
        .asr(DAC_SHIFT)
        .clamp_to(L::splat(0), L::splat(DAC_MAX))
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

    /// The combinational mix before the limiter (`mixed_raw`, 20 bits) for these inputs:
    /// [`OutputMixerL::mix`] on one lane.
    #[inline(always)]
    pub fn mix(i: &OutputMixerInputs) -> i64 {
        OutputMixerL::<i64>::mix(&OutputMixerInputsL::gather(|_| *i))
    }

    /// One clock-enable edge: [`OutputMixerL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &OutputMixerInputs) -> OutputMixerOutputs {
        let mut l = OutputMixerL::<i64>::gather(|_| *self);
        l.tick(&OutputMixerInputsL::gather(|_| *i));
        *self = l.lane(0);
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

/// [`OutputMixerInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputMixerInputsL<L: Lane> {
    /// `theta_in`.
    pub theta_in: L,
    /// `alpha_in`.
    pub alpha_in: L,
    /// `beta_in`.
    pub beta_in: L,
    /// `gamma_in`.
    pub gamma_in: L,
    /// `pink_in`.
    pub pink_in: L,
    /// `env_theta`.
    pub env_theta: L,
    /// `env_alpha`.
    pub env_alpha: L,
    /// `env_beta`.
    pub env_beta: L,
    /// `env_gamma`.
    pub env_gamma: L,
    /// `sie_gain`.
    pub sie_gain: L,
    /// `sr_in`.
    pub sr_in: L,
    /// `mu_theta`, `mu_alpha`, `mu_beta`, `mu_gamma`.
    pub mu: [L; 4],
}

impl<L: Lane> OutputMixerInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model takes the `i32` values as they are).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> OutputMixerInputs) -> Self {
        let v = |g: fn(&OutputMixerInputs) -> i32| L::from_fn(|k| i64::from(g(&f(k))));
        OutputMixerInputsL {
            theta_in: v(|i| i.theta_in),
            alpha_in: v(|i| i.alpha_in),
            beta_in: v(|i| i.beta_in),
            gamma_in: v(|i| i.gamma_in),
            pink_in: v(|i| i.pink_in),
            env_theta: v(|i| i.env_theta),
            env_alpha: v(|i| i.env_alpha),
            env_beta: v(|i| i.env_beta),
            env_gamma: v(|i| i.env_gamma),
            sie_gain: v(|i| i.sie_gain),
            sr_in: v(|i| i.sr_in),
            mu: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).mu[n]))),
        }
    }
}

/// [`OutputMixerOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputMixerOutputsL<L: Lane> {
    /// `mixed_out`.
    pub mixed_out: L,
    /// `dac_output` (0..=4095).
    pub dac_output: L,
}

impl<L: Lane> OutputMixerOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> OutputMixerOutputs {
        OutputMixerOutputs {
            mixed_out: self.mixed_out.lane(k) as i32,
            dac_output: self.dac_output.lane(k) as u16,
        }
    }
}

/// The registers of `output_mixer` over lanes: the one source of its next state,
/// [`OutputMixer`] being the one-lane case (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputMixerL<L: Lane> {
    /// `mixed_out`.
    pub mixed_out: L,
    /// `dac_output` (12-bit, unsigned).
    pub dac_output: L,
}

impl<L: Lane> OutputMixerL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> OutputMixer) -> Self {
        OutputMixerL {
            mixed_out: L::from_fn(|k| i64::from(f(k).mixed_out)),
            dac_output: L::from_fn(|k| i64::from(f(k).dac_output)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> OutputMixer {
        OutputMixer {
            mixed_out: self.mixed_out.lane(k) as i32,
            dac_output: self.dac_output.lane(k) as u16,
        }
    }

    /// The combinational mix before the limiter (`mixed_raw`, 20 bits), every lane.
    ///
    /// `gain` is clamped to 0..=1.0 and `sr_in · 328 >>> 14` is below 2^21 in magnitude, so the
    /// SR product is below 2^35 and the boost `1.0 + gain·0.4 < 2^15`; `osc + sr` is below 2^22
    /// (four weighted 18-bit bands below 2^12 each, and the SR term), so the boosted product is
    /// below 2^37 and fits its 38-bit context. Those truncations keep every bit
    /// ([`fit_s`](Lane::fit_s)); the ones on the `i32` ports stay.
    #[inline(always)]
    pub fn mix(i: &OutputMixerInputsL<L>) -> L {
        let [mt, ma, mb, mg] = i.mu;
        let osc = band_l(i.theta_in, i.env_theta, mt, W_THETA)
            + band_l(i.alpha_in, i.env_alpha, ma, W_ALPHA)
            + band_l(i.beta_in, i.env_beta, mb, W_BETA)
            + band_l(i.gamma_in, i.env_gamma, mg, W_GAMMA);
        let gain = i.sie_gain.clamp_to(L::splat(0), L::splat(ONE_Q14));
        let sr = weigh_l(i.sr_in, L::splat(W_SR))
            .mul32(gain)
            .fit_s(36)
            .asr(FRAC);
        let boost = L::splat(ONE_Q14) + gain.mul32(L::splat(SIE_BOOST_K)).fit_s(36).asr(FRAC);
        let osc_b = (osc + sr).mul32(boost).fit_s(38).asr(FRAC);
        (osc_b + weigh_l(i.pink_in, L::splat(W_PINK))).wrap_s(20)
    }

    /// One clock-enable edge on every lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &OutputMixerInputsL<L>) -> OutputMixerOutputsL<L> {
        let limited = soft_limit_l(Self::mix(i));
        self.mixed_out = limited.wrap_s(WIDTH);
        self.dac_output = dac_code_l(limited);
        self.outputs()
    }

    /// The registered outputs.
    #[inline(always)]
    pub fn outputs(&self) -> OutputMixerOutputsL<L> {
        OutputMixerOutputsL {
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // The 18-bit range the ports carry, any `i32` (the scalar model takes it as it is),
            // realistic small values and the MU codes around the clamp.
            prop_oneof![
                -131_072i32..=131_071,
                any::<i32>(),
                -20_000i32..20_000,
                -2i32..10
            ]
        }

        fn inputs() -> impl Strategy<Value = OutputMixerInputs> {
            (
                prop::array::uniform11(port()),
                prop::array::uniform4(port()),
            )
                .prop_map(|(v, mu)| OutputMixerInputs {
                    theta_in: v[0],
                    alpha_in: v[1],
                    beta_in: v[2],
                    gamma_in: v[3],
                    pink_in: v[4],
                    env_theta: v[5],
                    env_alpha: v[6],
                    env_beta: v[7],
                    env_gamma: v[8],
                    sie_gain: v[9],
                    sr_in: v[10],
                    mu,
                })
        }

        fn regs() -> impl Strategy<Value = OutputMixer> {
            (-131_072i32..=131_071, 0u16..4_096).prop_map(|(mixed_out, dac_output)| OutputMixer {
                mixed_out,
                dac_output,
            })
        }

        proptest! {
            /// Every lane is the scalar mixer on that lane's registers and inputs, tick after
            /// tick (outputs, registers and the raw mix).
            #[test]
            fn every_lane_is_the_scalar_mixer(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = OutputMixerL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let li = OutputMixerInputsL::gather(|k| i[k]);
                    let mix = OutputMixerL::mix(&li);
                    let o = lanes.tick(&li);
                    for k in 0..N {
                        prop_assert_eq!(mix.lane(k), OutputMixer::mix(&i[k]));
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }

            /// The lane helpers are the RTL functions kept as `const fn` references.
            #[test]
            fn lane_helpers_are_the_reference_functions(x in -(1i64 << 19)..(1i64 << 19), mu in any::<i32>()) {
                prop_assert_eq!(soft_limit_l(x), soft_limit(x));
                prop_assert_eq!(dac_code_l(soft_limit(x)), i64::from(dac_code(soft_limit(x))));
                prop_assert_eq!(mu_gain_l(i64::from(mu)), mu_gain(mu));
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's pink input is seen at the output.
            let i = OutputMixerInputs {
                pink_in: 8_192,
                env_theta: 16_384,
                mu: [3; 4],
                ..Default::default()
            };
            let mut li = OutputMixerInputsL::<Lanes<N>>::gather(|_| i);
            li.pink_in.0[1] += 3;
            let mut l = OutputMixerL::<Lanes<N>>::gather(|_| OutputMixer::new());
            let o = l.tick(&li);
            let s = OutputMixer::new().tick(&i);
            assert_eq!(o.lane(0), s);
            assert_ne!(o.lane(1), s);
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
