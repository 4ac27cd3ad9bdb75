//! `hopf_oscillator_stochastic` (rtl/hopf_oscillator_stochastic.v): the Hopf oscillator with a
//! noise term on dx, used by the SR harmonic bank for stochastic resonance (section 1.2).
//!
//! Hardware facts: it instantiates one `hopf_oscillator` as `u_core` and drives its `input_x` with
//! `drive_x = sat18(input_x + noise_x)` (a 19-bit sum, explicitly saturated), so the noise enters
//! dx exactly where the coupling input does. Bit-level contract:
//! docs/spec/hopf_oscillator_stochastic.md.

use crate::fixed_point::{wrap_s, WIDTH};
use crate::hopf_oscillator::{
    HopfOscillator, HopfOscillatorInputsL, HopfOscillatorL, HopfOscillatorOutputs,
    HopfOscillatorOutputsL,
};
use crate::lane::Lane;
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

    /// `drive_x`: the 19-bit sum of the two drives, saturated to 18 bits ([`drive_x_l`] on one
    /// lane).
    #[inline(always)]
    pub fn drive_x(i: &HopfOscillatorStochasticInputs) -> i32 {
        let i = HopfOscillatorStochasticInputsL::<i64>::gather(|_| *i);
        drive_x_l(i.input_x, i.noise_x) as i32
    }

    /// One clock-enable edge: [`HopfOscillatorStochasticL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &HopfOscillatorStochasticInputs) -> HopfOscillatorStochasticOutputs {
        let mut l = HopfOscillatorStochasticL::<i64>::gather(|_| *self);
        let o = l.tick(&HopfOscillatorStochasticInputsL::gather(|_| *i));
        *self = l.lane(0);
        o.lane(0)
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> HopfOscillatorStochasticOutputs {
        self.u_core.outputs()
    }
}

/// `drive_x = sat18(input_x + noise_x)` over lanes: two 18-bit ports, so the 19-bit sum keeps
/// every bit and only the saturation changes a value.
#[inline(always)]
pub fn drive_x_l<L: Lane>(input_x: L, noise_x: L) -> L {
    (input_x + noise_x).fit_s(WIDTH + 1).sat_s(WIDTH)
}

/// The registers of `hopf_oscillator_stochastic` over lanes: lane k is instance k
/// ([`crate::lane`]). The one source of its next state: [`HopfOscillatorStochastic`] is the
/// one-lane case.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HopfOscillatorStochasticL<L: Lane> {
    /// Instance `u_core`.
    pub u_core: HopfOscillatorL<L>,
}

/// [`HopfOscillatorStochasticInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HopfOscillatorStochasticInputsL<L: Lane> {
    /// `mu_dt`.
    pub mu_dt: L,
    /// `omega_dt`.
    pub omega_dt: L,
    /// `input_x`.
    pub input_x: L,
    /// `noise_x`.
    pub noise_x: L,
}

/// [`HopfOscillatorStochasticOutputs`] over lanes (those of `u_core`).
pub type HopfOscillatorStochasticOutputsL<L> = HopfOscillatorOutputsL<L>;

impl<L: Lane> HopfOscillatorStochasticInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HopfOscillatorStochasticInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        HopfOscillatorStochasticInputsL {
            mu_dt: L::from_fn(|k| w(f(k).mu_dt)),
            omega_dt: L::from_fn(|k| w(f(k).omega_dt)),
            input_x: L::from_fn(|k| w(f(k).input_x)),
            noise_x: L::from_fn(|k| w(f(k).noise_x)),
        }
    }
}

impl<L: Lane> HopfOscillatorStochasticL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HopfOscillatorStochastic) -> Self {
        HopfOscillatorStochasticL {
            u_core: HopfOscillatorL::gather(|k| f(k).u_core),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> HopfOscillatorStochastic {
        HopfOscillatorStochastic {
            u_core: self.u_core.lane(k),
        }
    }

    /// One clock-enable edge on every lane: `u_core` steps with `drive_x` on its `input_x`.
    #[inline(always)]
    pub fn tick(
        &mut self,
        i: &HopfOscillatorStochasticInputsL<L>,
    ) -> HopfOscillatorStochasticOutputsL<L> {
        self.u_core.tick(&HopfOscillatorInputsL {
            mu_dt: i.mu_dt,
            omega_dt: i.omega_dt,
            input_x: drive_x_l(i.input_x, i.noise_x),
        })
    }

    /// The outputs from the registers (those of `u_core`).
    #[inline(always)]
    pub fn outputs(&self) -> HopfOscillatorStochasticOutputsL<L> {
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
    use crate::hopf_oscillator::HopfOscillatorInputs;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // Whole 18-bit range, a few beyond it (ports truncate), and small drives.
            prop_oneof![-131_072i32..=131_071, -300_000i32..300_000, -64i32..64]
        }

        fn inputs() -> impl Strategy<Value = HopfOscillatorStochasticInputs> {
            (port(), port(), port(), port()).prop_map(|(mu_dt, omega_dt, input_x, noise_x)| {
                HopfOscillatorStochasticInputs {
                    mu_dt,
                    omega_dt,
                    input_x,
                    noise_x,
                }
            })
        }

        proptest! {
            /// Every lane is the scalar stochastic oscillator on that lane's state and inputs,
            /// tick after tick (outputs and registers).
            #[test]
            fn every_lane_is_the_scalar_module(
                xy in prop::array::uniform4((-131_072i32..=131_071, -131_072i32..=131_071)),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar: [HopfOscillatorStochastic; N] = xy.map(|(x, y)| {
                    HopfOscillatorStochastic { u_core: HopfOscillator { x, y } }
                });
                let mut lanes = HopfOscillatorStochasticL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&HopfOscillatorStochasticInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.outputs().lane(k), scalar[k].outputs());
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of noise in one lane is a different next state.
            let h = HopfOscillatorStochastic::new();
            let i = HopfOscillatorStochasticInputs {
                mu_dt: 4,
                omega_dt: 196,
                input_x: 0,
                noise_x: 100,
            };
            let mut l = HopfOscillatorStochasticL::<Lanes<N>>::gather(|_| h);
            let mut li = HopfOscillatorStochasticInputsL::<Lanes<N>>::gather(|_| i);
            li.noise_x.0[1] += 1;
            let o = l.tick(&li);
            let mut s = h;
            let so = s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1), s);
            assert_ne!(o.lane(1), so);
        }
    }

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
