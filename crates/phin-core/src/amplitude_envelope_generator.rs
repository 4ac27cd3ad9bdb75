//! `amplitude_envelope_generator` (rtl/amplitude_envelope_generator.v): an Ornstein–Uhlenbeck
//! amplitude envelope ("alpha breathing", section 10.1). Bit-level contract:
//! docs/spec/amplitude_envelope_generator.md.
//!
//! ```text
//! strobe    = noise_cnt == 63                       (one tick in 64: 16 ms)
//! acc      <= clamp(acc + ((ALPHA · (MEAN_ACC − acc)) >>> 24) + (strobe ? NOISE_AMPLITUDE · noise : 0),
//!                   ENV_MIN << 10, ENV_MAX << 10)
//! noise     = {1'b0, u_lfsr.lfsr[12:0]} − 4096       (uniform in [−4096, 4095])
//! envelope  = acc >>> 10                             (Q4.14)
//! ```
//!
//! `acc` is Q24 (Q14 plus 10 extra fraction bits): alpha = dt/τ for τ of seconds is ~1e-4, below
//! one Q14 LSB. The LFSR (`u_lfsr`, `STEPS = 16`) steps only on strobe ticks, on the same edge as
//! `acc`, which uses the LFSR word from before the edge; so the noise repeats after
//! 65535 × 64 ticks (17.5 min) rather than after 16 s.

use crate::constants::{
    ENVELOPE_MAX, ENVELOPE_MEAN, ENVELOPE_MIN, ENV_ALPHA, ENV_EXT, ENV_NOISE_AMPLITUDE,
    ENV_NOISE_CENTER, ENV_SEED,
};
use crate::fixed_point::{raw, wrap_s, FRAC, WIDTH};
use crate::lane::Lane;
use crate::lfsr16::{Lfsr16, Lfsr16L};
use crate::signals::{Observable, Signal};

/// Width of the accumulator register `acc`.
pub const ACC_WIDTH: u32 = 32;

/// Parameters of one `amplitude_envelope_generator` instance (the RTL's `parameter`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmplitudeEnvelopeParams {
    /// `SEED`: reset value of the LFSR.
    pub seed: u16,
    /// `ALPHA`: dt/τ in Q24 (1198 is τ = 3.5 s).
    pub alpha: i64,
    /// `NOISE_AMPLITUDE`: Q14 noise gain (a step of up to ±4·NOISE_AMPLITUDE Q14 LSB per 16 ms).
    pub noise_amplitude: i64,
    /// `ENV_MIN`: lower bound, Q14.
    pub env_min: i64,
    /// `ENV_MAX`: upper bound, Q14.
    pub env_max: i64,
}

impl AmplitudeEnvelopeParams {
    /// The RTL defaults: seed 0x5A3C, τ = 3.5 s, noise 128, bounds [0.5, 1.5].
    pub const DEFAULT: AmplitudeEnvelopeParams = AmplitudeEnvelopeParams {
        seed: ENV_SEED,
        alpha: ENV_ALPHA,
        noise_amplitude: ENV_NOISE_AMPLITUDE,
        env_min: ENVELOPE_MIN,
        env_max: ENVELOPE_MAX,
    };
}

impl Default for AmplitudeEnvelopeParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Outputs of `amplitude_envelope_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AmplitudeEnvelopeGeneratorOutputs {
    /// `output wire signed [17:0] envelope`, Q14.
    pub envelope: i32,
}

/// One `amplitude_envelope_generator` instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmplitudeEnvelopeGenerator {
    /// Its parameters.
    pub params: AmplitudeEnvelopeParams,
    /// `reg signed [31:0] acc`, Q24, reset 1.0.
    pub acc: i64,
    /// `reg [5:0] noise_cnt`, reset 0: the noise strobe is `noise_cnt == 63`.
    pub noise_cnt: u8,
    /// Instance `u_lfsr` (`lfsr16 #(.SEED(SEED), .STEPS(16))`).
    pub u_lfsr: Lfsr16,
}

impl Default for AmplitudeEnvelopeGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl AmplitudeEnvelopeGenerator {
    /// An instance with the default parameters, in its reset state.
    pub const fn new() -> Self {
        Self::with_params(AmplitudeEnvelopeParams::DEFAULT)
    }

    /// An instance with the given parameters, in its reset state.
    pub const fn with_params(params: AmplitudeEnvelopeParams) -> Self {
        AmplitudeEnvelopeGenerator {
            params,
            acc: ENVELOPE_MEAN << ENV_EXT,
            noise_cnt: 0,
            u_lfsr: Lfsr16::with_steps(params.seed, 16),
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::with_params(self.params);
    }

    /// `noise`: the centred 13-bit sample of the LFSR register, in [−4096, 4095].
    #[inline(always)]
    pub fn noise(&self) -> i64 {
        noise_l(i64::from(self.u_lfsr.lfsr))
    }

    /// `strobe`: this tick adds noise and steps the LFSR.
    #[inline(always)]
    pub fn strobe(&self) -> bool {
        self.noise_cnt == 63
    }

    /// One clock-enable edge: `acc` and the LFSR update together ([`AmplitudeEnvelopeGeneratorL::tick`]
    /// on one lane).
    #[inline(always)]
    pub fn tick(&mut self) -> AmplitudeEnvelopeGeneratorOutputs {
        let mut l = self.one_lane();
        let o = l.tick();
        self.set_one_lane(&l);
        o.lane(0)
    }

    /// This instance as the one-lane [`AmplitudeEnvelopeGeneratorL`], built from the fields (see
    /// [`Lfsr16::one_lane`]).
    #[inline(always)]
    pub(crate) fn one_lane(&self) -> AmplitudeEnvelopeGeneratorL<i64> {
        AmplitudeEnvelopeGeneratorL {
            params: self.params,
            acc: self.acc,
            noise_cnt: i64::from(self.noise_cnt),
            u_lfsr: self.u_lfsr.one_lane(),
        }
    }

    /// The registers from the one-lane [`AmplitudeEnvelopeGeneratorL`].
    #[inline(always)]
    pub(crate) fn set_one_lane(&mut self, l: &AmplitudeEnvelopeGeneratorL<i64>) {
        self.acc = l.acc;
        self.noise_cnt = l.noise_cnt as u8;
        self.u_lfsr.set_one_lane(&l.u_lfsr);
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> AmplitudeEnvelopeGeneratorOutputs {
        AmplitudeEnvelopeGeneratorOutputs {
            envelope: envelope_l(self.acc) as i32,
        }
    }
}

/// `noise = {1'b0, lfsr[12:0]} − 4096` in 14 bits, over lanes.
#[inline(always)]
fn noise_l<L: Lane>(lfsr: L) -> L {
    (lfsr.bits(12, 0) - L::splat(ENV_NOISE_CENTER)).wrap_s(14)
}

/// `envelope = acc >>> 10` in 18 bits, over lanes.
#[inline(always)]
fn envelope_l<L: Lane>(acc: L) -> L {
    acc.asr(ENV_EXT).wrap_s(WIDTH)
}

/// The registers of `amplitude_envelope_generator` over lanes: lane k is instance k
/// ([`crate::lane`]). The one source of the generator's next state: [`AmplitudeEnvelopeGenerator`]
/// is its one-lane case (`L = i64`). The parameters are shared by every lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AmplitudeEnvelopeGeneratorL<L: Lane> {
    /// Its parameters (all lanes).
    pub params: AmplitudeEnvelopeParams,
    /// `reg signed [31:0] acc`.
    pub acc: L,
    /// `reg [5:0] noise_cnt`, as a non-negative value.
    pub noise_cnt: L,
    /// Instance `u_lfsr`.
    pub u_lfsr: Lfsr16L<L>,
}

/// [`AmplitudeEnvelopeGeneratorOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AmplitudeEnvelopeGeneratorOutputsL<L: Lane> {
    /// `envelope`.
    pub envelope: L,
}

impl<L: Lane> AmplitudeEnvelopeGeneratorOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> AmplitudeEnvelopeGeneratorOutputs {
        AmplitudeEnvelopeGeneratorOutputs {
            envelope: self.envelope.lane(k) as i32,
        }
    }
}

impl<L: Lane> AmplitudeEnvelopeGeneratorL<L> {
    /// Lane k from instance k's registers; the parameters are lane 0's (every lane must share
    /// them).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> AmplitudeEnvelopeGenerator) -> Self {
        let params = f(0).params;
        debug_assert!((0..L::LANES).all(|k| f(k).params == params));
        AmplitudeEnvelopeGeneratorL {
            params,
            acc: L::from_fn(|k| f(k).acc),
            noise_cnt: L::from_fn(|k| i64::from(f(k).noise_cnt)),
            u_lfsr: Lfsr16L::gather(|k| f(k).u_lfsr),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> AmplitudeEnvelopeGenerator {
        AmplitudeEnvelopeGenerator {
            params: self.params,
            acc: self.acc.lane(k),
            noise_cnt: self.noise_cnt.lane(k) as u8,
            u_lfsr: self.u_lfsr.lane(k),
        }
    }

    /// `noise`, per lane.
    #[inline(always)]
    pub fn noise(&self) -> L {
        noise_l(self.u_lfsr.lfsr)
    }

    /// `strobe`, per lane.
    #[inline(always)]
    pub fn strobe(&self) -> L::Mask {
        self.noise_cnt.cmp_eq(L::splat(63))
    }

    /// The next value of `acc`, given this tick's `strobe`.
    #[inline(always)]
    fn next_acc(&self, strobe: L::Mask) -> L {
        let p = &self.params;
        let c = L::splat;
        let acc = self.acc;
        // wire signed [32:0] dev; [50:0] rev_p; [32:0] revert
        // `acc` is the 32-bit register (every store wraps it to 32 bits), so |acc| <= 2^31 and
        // |dev| <= 2^31 + 2^24 < 2^32: fits 33.
        let dev = (c(ENVELOPE_MEAN << ENV_EXT) - acc).fit_s(33);
        // |alpha18 · dev| <= 2^17 · 2^32 = 2^49 < 2^50: fits 51; >>> 24 leaves |revert| <= 2^25.
        // `dev` may exceed 32 bits, so this is the one full 64-bit product of the module (`*`,
        // not `mul32`).
        let alpha = c(wrap_s(p.alpha, 18));
        let revert = (alpha * dev).fit_s(51).asr(FRAC + ENV_EXT).fit_s(33);
        // wire signed [31:0] noise_p, noise_t; [33:0] acc_sum
        // Noise only on the strobe, one tick in 64: evaluated only when some lane strobes.
        // |amplitude18 · noise14| <= 2^17 · 2^13 = 2^30 < 2^31: fits 32.
        let noise_t = L::when(
            strobe,
            || {
                c(wrap_s(p.noise_amplitude, 18))
                    .mul32(self.noise())
                    .fit_s(32)
            },
            || c(0),
        );
        // |sum| <= 2^31 + 2^25 + 2^30 < 2^33: fits 34.
        let sum = (acc + revert + noise_t).fit_s(34);
        let cl = sum.clamp_to(
            c(wrap_s(p.env_min << ENV_EXT, 34)),
            c(wrap_s(p.env_max << ENV_EXT, 34)),
        );
        cl.wrap_s(ACC_WIDTH)
    }

    /// One clock-enable edge on every lane: `acc` and the LFSR update together; the LFSR steps
    /// only on the strobe.
    #[inline(always)]
    pub fn tick(&mut self) -> AmplitudeEnvelopeGeneratorOutputsL<L> {
        let strobe = self.strobe();
        self.acc = self.next_acc(strobe);
        self.noise_cnt = (self.noise_cnt + L::splat(1)) & L::splat(63);
        self.u_lfsr.lfsr = L::when(strobe, || self.u_lfsr.advanced(), || self.u_lfsr.lfsr);
        self.outputs()
    }

    /// The outputs from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> AmplitudeEnvelopeGeneratorOutputsL<L> {
        AmplitudeEnvelopeGeneratorOutputsL {
            envelope: envelope_l(self.acc),
        }
    }
}

impl Observable for AmplitudeEnvelopeGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "acc", ACC_WIDTH, true));
        out.push(Signal::new(prefix, "noise_cnt", 6, false));
        Lfsr16::signals(&format!("{prefix}u_lfsr."), out);
        out.push(Signal::new(prefix, "envelope", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(self.acc, ACC_WIDTH);
        out[1] = u64::from(self.noise_cnt);
        let n = 2 + self.u_lfsr.sample(&mut out[2..]);
        out[n] = raw(i64::from(self.outputs().envelope), WIDTH);
        n + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Envelope sampled every 40 ticks (10 ms) for `seconds`.
    fn trace(g: &mut AmplitudeEnvelopeGenerator, seconds: usize) -> Vec<f64> {
        let mut v = Vec::with_capacity(seconds * 100);
        for k in 0..seconds * 4_000 {
            let o = g.tick();
            if k % 40 == 0 {
                v.push(f64::from(o.envelope) / 16_384.0);
            }
        }
        v
    }

    /// Lag (s) at which the autocorrelation of `xs` (10 ms samples) first falls below 1/e.
    fn correlation_time(xs: &[f64]) -> f64 {
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
        for lag in 1..xs.len() / 4 {
            let c = xs
                .windows(lag + 1)
                .map(|w| (w[0] - m) * (w[lag] - m))
                .sum::<f64>()
                / var;
            if c < (-1f64).exp() {
                return lag as f64 * 0.01;
            }
        }
        f64::INFINITY
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        /// Registers in their RTL widths: `acc` any 32-bit value, `noise_cnt` 6 bits (63, the
        /// strobe, weighted up so that strobes happen), the LFSR any 16-bit word.
        fn regs() -> impl Strategy<Value = (i64, u8, u16)> {
            (
                prop_oneof![
                    i64::from(i32::MIN)..=i64::from(i32::MAX),
                    (ENVELOPE_MIN << ENV_EXT)..=(ENVELOPE_MAX << ENV_EXT)
                ],
                prop_oneof![0u8..64, Just(63u8), 58u8..64],
                any::<u16>(),
            )
        }

        /// Parameters: the defaults, or any values of the RTL widths (bounds in either order).
        fn params() -> impl Strategy<Value = AmplitudeEnvelopeParams> {
            prop_oneof![
                Just(AmplitudeEnvelopeParams::DEFAULT),
                (
                    any::<u16>(),
                    -(1i64 << 17)..(1i64 << 17),
                    -(1i64 << 17)..(1i64 << 17),
                    -(1i64 << 17)..(1i64 << 17),
                    -(1i64 << 17)..(1i64 << 17),
                )
                    .prop_map(
                        |(seed, alpha, noise_amplitude, env_min, env_max)| {
                            AmplitudeEnvelopeParams {
                                seed,
                                alpha,
                                noise_amplitude,
                                env_min,
                                env_max,
                            }
                        }
                    ),
            ]
        }

        proptest! {
            /// Every lane of the lane generator is the scalar generator on that lane's registers,
            /// tick after tick (random registers, shared random parameters; shrinks on failure).
            #[test]
            fn every_lane_is_the_scalar_generator(
                r in prop::array::uniform4(regs()),
                params in params(),
                ticks in 1usize..12,
            ) {
                let mut scalar = r.map(|(acc, noise_cnt, lfsr)| AmplitudeEnvelopeGenerator {
                    params,
                    acc,
                    noise_cnt,
                    u_lfsr: Lfsr16 { lfsr, ..Lfsr16::with_steps(params.seed, 16) },
                });
                let mut lanes = AmplitudeEnvelopeGeneratorL::<Lanes<N>>::gather(|k| scalar[k]);
                for _ in 0..ticks {
                    let o = lanes.tick();
                    for k in 0..N {
                        let so = scalar[k].tick();
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's LFSR changes that lane's noise on
            // the strobe.
            let mut g = AmplitudeEnvelopeGenerator::new();
            g.noise_cnt = 63;
            let mut l = AmplitudeEnvelopeGeneratorL::<Lanes<N>>::gather(|_| g);
            l.u_lfsr.lfsr.0[3] ^= 1;
            let o = l.tick();
            let so = g.tick();
            assert_eq!(l.lane(0), g);
            assert_eq!(o.lane(0), so);
            assert_ne!(l.lane(3), g);
            assert_ne!(l.lane(3).acc, g.acc);
        }
    }

    #[test]
    fn stays_in_bounds_and_breathes_around_one() {
        let mut g = AmplitudeEnvelopeGenerator::new();
        let xs = trace(&mut g, 600);
        let (lo, hi) = xs
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(lo >= 0.5 && hi <= 1.5, "{lo}..{hi}");
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let sd = (xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64).sqrt();
        assert!((m - 1.0).abs() < 0.05, "mean {m}");
        // A visible modulation: the OU stationary spread is ~0.17.
        assert!((0.10..0.25).contains(&sd), "sd {sd}");
    }

    #[test]
    fn autocorrelation_time_lies_in_two_to_five_seconds() {
        let mut g = AmplitudeEnvelopeGenerator::new();
        let t = correlation_time(&trace(&mut g, 1_200));
        println!("envelope correlation time {t} s");
        assert!((2.0..=5.0).contains(&t), "correlation time {t} s");
        // A shorter tau parameter moves it out of the range: the test measures, not assumes.
        let mut fast = AmplitudeEnvelopeGenerator::with_params(AmplitudeEnvelopeParams {
            alpha: 4 * ENV_ALPHA,
            ..AmplitudeEnvelopeParams::DEFAULT
        });
        let t_fast = correlation_time(&trace(&mut fast, 300));
        assert!(t_fast < 1.2, "tau/4 gives {t_fast} s");
    }

    #[test]
    fn strong_noise_is_clamped_at_both_bounds() {
        let mut g = AmplitudeEnvelopeGenerator::with_params(AmplitudeEnvelopeParams {
            noise_amplitude: 4_096,
            env_min: 11_469, // 0.7: the theta bounds of v11.4
            env_max: 21_299, // 1.3
            ..AmplitudeEnvelopeParams::DEFAULT
        });
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for _ in 0..200_000 {
            let e = g.tick().envelope;
            lo = lo.min(e);
            hi = hi.max(e);
        }
        assert_eq!((lo, hi), (11_469, 21_299));
    }

    #[test]
    fn without_noise_it_rests_at_the_mean() {
        let mut g = AmplitudeEnvelopeGenerator::with_params(AmplitudeEnvelopeParams {
            noise_amplitude: 0,
            ..AmplitudeEnvelopeParams::DEFAULT
        });
        for _ in 0..10_000 {
            assert_eq!(g.tick().envelope, 16_384);
        }
    }
}
