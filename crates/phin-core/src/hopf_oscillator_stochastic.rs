//! `hopf_oscillator_stochastic` (rtl/hopf_oscillator_stochastic.v): the Hopf oscillator with a
//! noise term on dx, used by the SR harmonic bank for stochastic resonance (section 1.2).
//!
//! Hardware facts: it instantiates one `hopf_oscillator` as `u_core` and drives its `input_x` with
//! `drive_x = sat18(input_x + noise_x)` (a 19-bit sum, explicitly saturated), so the noise enters
//! dx exactly where the coupling input does. Bit-level contract:
//! docs/spec/hopf_oscillator_stochastic.md.

use crate::fixed_point::{add_s, sat_s, wrap_s, WIDTH};
use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs, HopfOscillatorOutputs};
use crate::signals::{Observable, Signal};

/// Inputs of `hopf_oscillator_stochastic`, same port names (18-bit signed ports each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HopfOscillatorStochasticInputs {
    /// `input signed [17:0] mu_dt`.
    pub mu_dt: i32,
    /// `input signed [17:0] omega_dt`.
    pub omega_dt: i32,
    /// `input signed [17:0] input_x`.
    pub input_x: i32,
    /// `input signed [17:0] noise_x`: per-step noise on dx, Q14.
    pub noise_x: i32,
}

/// Outputs of `hopf_oscillator_stochastic` (those of `u_core`).
pub type HopfOscillatorStochasticOutputs = HopfOscillatorOutputs;

/// One `hopf_oscillator_stochastic` instance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HopfOscillatorStochastic {
    /// Instance `u_core`.
    pub u_core: HopfOscillator,
}

impl HopfOscillatorStochastic {
    /// An oscillator in its reset state.
    pub const fn new() -> Self {
        HopfOscillatorStochastic {
            u_core: HopfOscillator::new(),
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        self.u_core.reset();
    }

    /// `drive_x`: the 19-bit sum of the two drives, saturated to 18 bits.
    #[inline(always)]
    pub fn drive_x(i: &HopfOscillatorStochasticInputs) -> i32 {
        let a = wrap_s(i64::from(i.input_x), WIDTH);
        let n = wrap_s(i64::from(i.noise_x), WIDTH);
        sat_s(add_s(a, n, WIDTH + 1), WIDTH) as i32
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &HopfOscillatorStochasticInputs) -> HopfOscillatorStochasticOutputs {
        self.u_core.tick(&HopfOscillatorInputs {
            mu_dt: i.mu_dt,
            omega_dt: i.omega_dt,
            input_x: Self::drive_x(i),
        })
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> HopfOscillatorStochasticOutputs {
        self.u_core.outputs()
    }
}

impl Observable for HopfOscillatorStochastic {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        HopfOscillator::signals(&format!("{prefix}u_core."), out);
    }

    fn sample_one(&self, index: usize) -> u64 {
        self.u_core.sample_one(index)
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        HopfOscillator::accessor_via(index, move |p: &P| &get(p).u_core)
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        self.u_core.sample(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drive_saturates_instead_of_wrapping() {
        let i = HopfOscillatorStochasticInputs {
            input_x: 131_071,
            noise_x: 10,
            ..Default::default()
        };
        assert_eq!(HopfOscillatorStochastic::drive_x(&i), 131_071);
        let i = HopfOscillatorStochasticInputs {
            input_x: -131_072,
            noise_x: -1,
            ..Default::default()
        };
        assert_eq!(HopfOscillatorStochastic::drive_x(&i), -131_072);
    }

    #[test]
    fn zero_noise_matches_the_plain_oscillator() {
        let mut s = HopfOscillatorStochastic::new();
        let mut h = HopfOscillator::new();
        for k in 0..5_000 {
            let i = HopfOscillatorStochasticInputs {
                mu_dt: 4,
                omega_dt: 196,
                input_x: (k % 7) - 3,
                noise_x: 0,
            };
            let a = s.tick(&i);
            let b = h.tick(&HopfOscillatorInputs {
                mu_dt: 4,
                omega_dt: 196,
                input_x: (k % 7) - 3,
            });
            assert_eq!(a, b);
        }
    }

    #[test]
    fn noise_changes_the_trajectory() {
        let mut s = HopfOscillatorStochastic::new();
        let mut h = HopfOscillator::new();
        let i = HopfOscillatorStochasticInputs {
            mu_dt: 4,
            omega_dt: 196,
            input_x: 0,
            noise_x: 200,
        };
        s.tick(&i);
        h.tick(&HopfOscillatorInputs {
            mu_dt: 4,
            omega_dt: 196,
            input_x: 0,
        });
        assert_eq!(s.u_core.x - h.x, 200);
    }
}
