//! `sr_noise_generator` (rtl/sr_noise_generator.v): five independent LFSR noise channels for the
//! stochastic SR oscillators f₀..f₄ (section 4.3).
//!
//! Hardware facts: five `lfsr16` instances `u_lfsr_f0`..`u_lfsr_f4` with seeds 0xACE1, 0x7B3F,
//! 0xD4A9, 0x1E6C, 0x92F5 and `STEPS = 16`, all stepping on the clock enable, so each tick's
//! sample comes from bits the previous one did not use (white, as section 4.3 asks). Each output is combinational from its
//! register: `noise_fN = {9'b0, lfsr[8:0]} - 256`, a centred uniform sample in [-256, 255]
//! (±0.0156 in Q14). Bit-level contract: docs/spec/sr_noise_generator.md.

use crate::constants::{NOISE_BITS, NOISE_CENTER, SR_NOISE_LFSR_STEPS, SR_NOISE_SEEDS};
use crate::fixed_point::{raw, WIDTH};
use crate::lane::Lane;
use crate::lfsr16::{Lfsr16, Lfsr16L};
use crate::signals::{Observable, Signal};

/// Outputs of `sr_noise_generator`: `output wire signed [17:0] noise_f0` .. `noise_f4`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrNoiseGeneratorOutputs {
    /// `noise_f0`..`noise_f4`, Q14.
    pub noise: [i32; 5],
}

/// One `sr_noise_generator` instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SrNoiseGenerator {
    /// Instances `u_lfsr_f0`..`u_lfsr_f4`.
    pub u_lfsr: [Lfsr16; 5],
}

impl Default for SrNoiseGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl SrNoiseGenerator {
    /// A generator in its reset state, with the seeds of section 4.3.
    pub const fn new() -> Self {
        SrNoiseGenerator {
            u_lfsr: [
                Lfsr16::with_steps(SR_NOISE_SEEDS[0], SR_NOISE_LFSR_STEPS),
                Lfsr16::with_steps(SR_NOISE_SEEDS[1], SR_NOISE_LFSR_STEPS),
                Lfsr16::with_steps(SR_NOISE_SEEDS[2], SR_NOISE_LFSR_STEPS),
                Lfsr16::with_steps(SR_NOISE_SEEDS[3], SR_NOISE_LFSR_STEPS),
                Lfsr16::with_steps(SR_NOISE_SEEDS[4], SR_NOISE_LFSR_STEPS),
            ],
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        for l in &mut self.u_lfsr {
            l.reset();
        }
    }

    /// One clock-enable edge: every LFSR steps (each [`Lfsr16::tick`] is the lane code on one
    /// lane), as [`SrNoiseGeneratorL::tick`] steps them.
    #[inline(always)]
    pub fn tick(&mut self) -> SrNoiseGeneratorOutputs {
        for l in &mut self.u_lfsr {
            l.tick();
        }
        self.outputs()
    }

    /// The outputs the RTL drives from the registers (`noise_sample` on one lane).
    #[inline(always)]
    pub fn outputs(&self) -> SrNoiseGeneratorOutputs {
        let mut noise = [0i32; 5];
        for (n, l) in noise.iter_mut().zip(&self.u_lfsr) {
            *n = noise_sample(i64::from(l.lfsr)) as i32;
        }
        SrNoiseGeneratorOutputs { noise }
    }
}

/// `{9'b0, lfsr[8:0]} - 256` in 18 bits, over lanes.
#[inline(always)]
fn noise_sample<L: Lane>(lfsr: L) -> L {
    lfsr.bits(NOISE_BITS - 1, 0) - L::splat(NOISE_CENTER)
}

/// The registers of `sr_noise_generator` over lanes: lane k is instance k ([`crate::lane`]). The
/// one source of the generator's next state: [`SrNoiseGenerator`] is its one-lane case
/// (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrNoiseGeneratorL<L: Lane> {
    /// Instances `u_lfsr_f0`..`u_lfsr_f4`.
    pub u_lfsr: [Lfsr16L<L>; 5],
}

/// [`SrNoiseGeneratorOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrNoiseGeneratorOutputsL<L: Lane> {
    /// `noise_f0`..`noise_f4`.
    pub noise: [L; 5],
}

impl<L: Lane> SrNoiseGeneratorOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrNoiseGeneratorOutputs {
        SrNoiseGeneratorOutputs {
            noise: self.noise.map(|n| n.lane(k) as i32),
        }
    }
}

impl<L: Lane> SrNoiseGeneratorL<L> {
    /// Lane k from instance k's registers (the seeds are lane 0's: every lane must share them).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SrNoiseGenerator) -> Self {
        SrNoiseGeneratorL {
            u_lfsr: std::array::from_fn(|c| Lfsr16L::gather(|k| f(k).u_lfsr[c])),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrNoiseGenerator {
        SrNoiseGenerator {
            u_lfsr: self.u_lfsr.map(|l| l.lane(k)),
        }
    }

    /// One clock-enable edge on every lane: every LFSR steps.
    #[inline(always)]
    pub fn tick(&mut self) -> SrNoiseGeneratorOutputsL<L> {
        for l in &mut self.u_lfsr {
            l.tick();
        }
        self.outputs()
    }

    /// The outputs from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrNoiseGeneratorOutputsL<L> {
        SrNoiseGeneratorOutputsL {
            noise: self.u_lfsr.map(|l| noise_sample(l.lfsr)),
        }
    }
}

const OUT_NAMES: [&str; 5] = ["noise_f0", "noise_f1", "noise_f2", "noise_f3", "noise_f4"];
const LFSR_NAMES: [&str; 5] = [
    "u_lfsr_f0.",
    "u_lfsr_f1.",
    "u_lfsr_f2.",
    "u_lfsr_f3.",
    "u_lfsr_f4.",
];

impl Observable for SrNoiseGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for name in LFSR_NAMES {
            Lfsr16::signals(&format!("{prefix}{name}"), out);
        }
        for name in OUT_NAMES {
            out.push(Signal::new(prefix, name, WIDTH, true));
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let mut n = 0;
        for l in &self.u_lfsr {
            n += l.sample(&mut out[n..]);
        }
        for v in self.outputs().noise {
            out[n] = raw(i64::from(v), WIDTH);
            n += 1;
        }
        n
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
            /// Every lane of the lane generator is the scalar generator on that lane's LFSR
            /// words, tick after tick (random words, shared random seeds; shrinks on failure).
            #[test]
            fn every_lane_is_the_scalar_generator(
                words in prop::array::uniform4(any::<[u16; 5]>()),
                seeds in any::<[u16; 5]>(),
                ticks in 1usize..12,
            ) {
                let mut scalar = words.map(|w| {
                    let mut g = SrNoiseGenerator::new();
                    for c in 0..5 {
                        g.u_lfsr[c] = Lfsr16 { seed: seeds[c], lfsr: w[c], ..g.u_lfsr[c] };
                    }
                    g
                });
                let mut lanes = SrNoiseGeneratorL::<Lanes<N>>::gather(|k| scalar[k]);
                for _ in 0..ticks {
                    let o = lanes.tick();
                    for k in 0..N {
                        let so = scalar[k].tick();
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.outputs().lane(k), scalar[k].outputs());
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one bit in one lane's f3 LFSR changes its noise.
            let g = SrNoiseGenerator::new();
            let mut l = SrNoiseGeneratorL::<Lanes<N>>::gather(|_| g);
            l.u_lfsr[3].lfsr.0[1] ^= 1;
            let o = l.outputs();
            assert_eq!(o.lane(0), g.outputs());
            assert_ne!(o.lane(1), g.outputs());
        }
    }

    #[test]
    fn noise_is_centred_and_bounded() {
        let mut g = SrNoiseGenerator::new();
        let mut sum = [0i64; 5];
        let n = 65_535;
        for _ in 0..n {
            let o = g.tick();
            for (s, v) in sum.iter_mut().zip(o.noise) {
                assert!((-256..=255).contains(&v));
                *s += i64::from(v);
            }
        }
        // Over a full period every 9-bit pattern occurs 128 times (bar the all-zero state), so
        // the mean is -0.5 + 1/n: centred to within one LSB.
        for s in sum {
            let mean = s as f64 / n as f64;
            assert!(mean.abs() < 1.0, "mean {mean}");
        }
    }

    #[test]
    fn samples_are_white() {
        // Lag-1 autocorrelation of one channel: near zero (a one-shift LFSR gives 0.5).
        let mut g = SrNoiseGenerator::new();
        let xs: Vec<f64> = (0..65_535).map(|_| f64::from(g.tick().noise[0])).collect();
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
        for lag in 1..4 {
            let c = xs
                .windows(lag + 1)
                .map(|w| (w[0] - m) * (w[lag] - m))
                .sum::<f64>()
                / var;
            assert!(c.abs() < 0.03, "lag {lag}: autocorrelation {c}");
        }
    }

    #[test]
    fn channels_are_independent() {
        let mut g = SrNoiseGenerator::new();
        let (mut c, n) = (0f64, 20_000);
        for _ in 0..n {
            let o = g.tick();
            c += f64::from(o.noise[0]) * f64::from(o.noise[1]);
        }
        let corr = c / n as f64 / (256.0 * 256.0 / 3.0);
        assert!(corr.abs() < 0.05, "correlation {corr}");
    }

    #[test]
    fn table_names_the_instances() {
        let t = SrNoiseGenerator::signal_table();
        assert_eq!(t[0].name, "u_lfsr_f0.lfsr");
        assert_eq!(t[9].name, "noise_f4");
        let g = SrNoiseGenerator::new();
        assert_eq!(g.read("u_lfsr_f2.lfsr"), Some(0xD4A9));
    }
}
