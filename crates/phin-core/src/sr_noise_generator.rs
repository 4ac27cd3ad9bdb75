//! `sr_noise_generator` (rtl/sr_noise_generator.v): five independent LFSR noise channels for the
//! stochastic SR oscillators f₀..f₄ (section 4.3).
//!
//! Hardware facts: five `lfsr16` instances `u_lfsr_f0`..`u_lfsr_f4` with seeds 0xACE1, 0x7B3F,
//! 0xD4A9, 0x1E6C, 0x92F5 and `STEPS = 16`, all stepping on the clock enable, so each tick's
//! sample comes from bits the previous one did not use (white, as section 4.3 asks). Each output is combinational from its
//! register: `noise_fN = {9'b0, lfsr[8:0]} - 256`, a centred uniform sample in [-256, 255]
//! (±0.0156 in Q14). Bit-level contract: docs/spec/sr_noise_generator.md.

use crate::constants::{NOISE_BITS, NOISE_CENTER, SR_NOISE_LFSR_STEPS, SR_NOISE_SEEDS};
use crate::fixed_point::{bits, raw, WIDTH};
use crate::lfsr16::Lfsr16;
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

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self) -> SrNoiseGeneratorOutputs {
        for l in &mut self.u_lfsr {
            l.tick();
        }
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrNoiseGeneratorOutputs {
        let mut noise = [0i32; 5];
        for (n, l) in noise.iter_mut().zip(&self.u_lfsr) {
            *n = noise_sample(l.lfsr) as i32;
        }
        SrNoiseGeneratorOutputs { noise }
    }
}

/// `{9'b0, lfsr[8:0]} - 256` in 18 bits.
#[inline(always)]
fn noise_sample(lfsr: u16) -> i64 {
    bits(i64::from(lfsr), NOISE_BITS - 1, 0) as i64 - NOISE_CENTER
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
