//! `pv_interneuron` (rtl/pv_interneuron.v): a PV+ basket-cell population as a leaky integrator
//! (section 7.2). Bit-level contract: docs/spec/pv_interneuron.md.
//!
//! ```text
//! excite     = (K_EXCITE · pyramid_input) >>> FRAC
//! pv_state  <= sat18(pv_state + ((TAU_INV · (excite − pv_state)) >>> FRAC))
//! inhibition = (K_INHIB · pv_state) >>> FRAC        (combinational from the register)
//! ```
//!
//! alpha = TAU_INV = 0.05 per 0.25 ms tick is τ = 5 ms; the steady state is `K_EXCITE · input`.

use crate::constants::{K_EXCITE, K_INHIB, TAU_INV};
use crate::fixed_point::{raw, wrap_s, FRAC, WIDTH};
use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// Inputs of `pv_interneuron`, same port names (18-bit signed; wider values are truncated).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PvInterneuronInputs {
    /// `input signed [17:0] pyramid_input`: pyramidal activity driving the population, Q14.
    pub pyramid_input: i32,
}

/// Outputs of `pv_interneuron`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PvInterneuronOutputs {
    /// `output reg signed [17:0] pv_state`.
    pub pv_state: i32,
    /// `output wire signed [17:0] inhibition = (K_INHIB * pv_state) >>> FRAC`.
    pub inhibition: i32,
}

/// Registers of one `pv_interneuron`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PvInterneuron {
    /// `reg signed [17:0] pv_state`, reset 0.
    pub pv_state: i32,
}

impl PvInterneuron {
    /// A population in its reset state (pv_state = 0).
    pub const fn new() -> Self {
        PvInterneuron { pv_state: 0 }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// The pure next-state function of one clock-enable edge: [`PvInterneuronL::next_state`] on
    /// one lane.
    #[inline(always)]
    pub fn next_state(&self, i: &PvInterneuronInputs) -> PvInterneuron {
        PvInterneuronL::<i64>::gather(|_| *self)
            .next_state(&PvInterneuronInputsL::gather(|_| *i))
            .lane(0)
    }

    /// One clock-enable edge: the register updates, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &PvInterneuronInputs) -> PvInterneuronOutputs {
        *self = self.next_state(i);
        self.outputs()
    }

    /// The outputs the RTL drives from the register.
    #[inline(always)]
    pub fn outputs(&self) -> PvInterneuronOutputs {
        PvInterneuronL::<i64>::gather(|_| *self).outputs().lane(0)
    }
}

/// The register of `pv_interneuron` over lanes: lane k is instance k ([`crate::lane`]). The one
/// source of the population's next state: [`PvInterneuron`] is its one-lane case (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PvInterneuronL<L: Lane> {
    /// `reg signed [17:0] pv_state`.
    pub pv_state: L,
}

/// [`PvInterneuronInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PvInterneuronInputsL<L: Lane> {
    /// `pyramid_input`.
    pub pyramid_input: L,
}

/// [`PvInterneuronOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PvInterneuronOutputsL<L: Lane> {
    /// `pv_state`.
    pub pv_state: L,
    /// `inhibition`.
    pub inhibition: L,
}

impl<L: Lane> PvInterneuronInputsL<L> {
    /// Lane k from instance k's inputs, the port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> PvInterneuronInputs) -> Self {
        PvInterneuronInputsL {
            pyramid_input: L::from_fn(|k| wrap_s(i64::from(f(k).pyramid_input), WIDTH)),
        }
    }
}

impl<L: Lane> PvInterneuronOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> PvInterneuronOutputs {
        PvInterneuronOutputs {
            pv_state: self.pv_state.lane(k) as i32,
            inhibition: self.inhibition.lane(k) as i32,
        }
    }
}

impl<L: Lane> PvInterneuronL<L> {
    /// Lane k from instance k's register.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> PvInterneuron) -> Self {
        PvInterneuronL {
            pv_state: L::from_fn(|k| i64::from(f(k).pv_state)),
        }
    }

    /// Instance k's register.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> PvInterneuron {
        PvInterneuron {
            pv_state: self.pv_state.lane(k) as i32,
        }
    }

    /// The pure next-state function of one clock-enable edge, every lane at once.
    #[inline(always)]
    pub fn next_state(&self, i: &PvInterneuronInputsL<L>) -> Self {
        let c = L::splat;
        let p = i.pyramid_input;
        let pv = self.pv_state;
        // No truncation below changes a value ([`Lane::fit_s`]): the gains are below 1.0
        // (K_EXCITE = 0.5, TAU_INV = 0.05 < 2^14) and p, pv are 18-bit, so every product has
        // operands within 19 bits ([`Lane::mul32`]).
        // wire signed [17:0] excite = (K_EXCITE * pyramid_input >>> FRAC)[17:0]:
        // |K·p| < 2^14·2^17 = 2^31 fits 36 bits, |excite| < 2^17 fits 18.
        let excite = c(K_EXCITE).mul32(p).fit_s(36).asr(FRAC).fit_s(18);
        // wire signed [18:0] err; [36:0] delta_p; [18:0] delta:
        // |excite − pv| <= 2^17 + 2^17 − 1 < 2^18 fits 19; |TAU·err| < 2^14·2^18 fits 37 and
        // |delta| <= |err| fits 19.
        let err = (excite - pv).fit_s(19);
        let delta = c(TAU_INV).mul32(err).fit_s(37).asr(FRAC).fit_s(19);
        // wire signed [18:0] pv_sum; pv_next = sat18(pv_sum): |pv + delta| < 2^18 fits 19.
        let sum = (pv + delta).fit_s(WIDTH + 1);
        PvInterneuronL {
            pv_state: sum.sat_s(WIDTH),
        }
    }

    /// One clock-enable edge on every lane: the register updates, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &PvInterneuronInputsL<L>) -> PvInterneuronOutputsL<L> {
        *self = self.next_state(i);
        self.outputs()
    }

    /// The outputs from the register.
    #[inline(always)]
    pub fn outputs(&self) -> PvInterneuronOutputsL<L> {
        PvInterneuronOutputsL {
            pv_state: self.pv_state,
            inhibition: self.inhibition(),
        }
    }

    /// `inhibition = (K_INHIB · pv_state) >>> FRAC`: |K_INHIB·pv| < 2^14·2^17 fits 36 bits and
    /// the result 18, so no truncation changes it.
    #[inline(always)]
    pub fn inhibition(&self) -> L {
        L::splat(K_INHIB)
            .mul32(self.pv_state)
            .fit_s(36)
            .asr(FRAC)
            .fit_s(WIDTH)
    }
}

impl Observable for PvInterneuron {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "pv_state", WIDTH, true));
        out.push(Signal::new(prefix, "inhibition", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = raw(i64::from(o.pv_state), WIDTH);
        out[1] = raw(i64::from(o.inhibition), WIDTH);
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(pv: &mut PvInterneuron, input: i32, ticks: usize) -> PvInterneuronOutputs {
        let mut o = pv.outputs();
        for _ in 0..ticks {
            o = pv.tick(&PvInterneuronInputs {
                pyramid_input: input,
            });
        }
        o
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // The whole 18-bit range and values beyond it (the port truncates).
            prop_oneof![-131_072i32..=131_071, -300_000i32..300_000]
        }

        proptest! {
            /// Every lane of the lane population is the scalar population on that lane's state
            /// and inputs, tick after tick (shrinks on failure).
            #[test]
            fn every_lane_is_the_scalar_population(
                st in prop::array::uniform4(-131_072i32..=131_071),
                ins in prop::collection::vec(prop::array::uniform4(port()), 1..12),
            ) {
                let mut scalar = st.map(|pv_state| PvInterneuron { pv_state });
                let mut lanes = PvInterneuronL::<Lanes<N>>::gather(|k| scalar[k]);
                for tick in &ins {
                    let i = tick.map(|pyramid_input| PvInterneuronInputs { pyramid_input });
                    let o = lanes.tick(&PvInterneuronInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's input is a different next state.
            let pv = PvInterneuron { pv_state: 5_000 };
            let l = PvInterneuronL::<Lanes<N>>::gather(|_| pv);
            let i = PvInterneuronInputs {
                pyramid_input: 16_384,
            };
            let mut il = PvInterneuronInputsL::<Lanes<N>>::gather(|_| i);
            il.pyramid_input.0[2] += 400;
            let n = l.next_state(&il);
            assert_eq!(n.lane(0), pv.next_state(&i));
            assert_ne!(n.lane(2), pv.next_state(&i));
        }
    }

    #[test]
    fn settles_at_k_excite_times_input_and_inhibits_by_k_inhib() {
        let mut pv = PvInterneuron::new();
        let o = drive(&mut pv, 16_384, 2_000);
        // 0.5 · 1.0 = 8192; floor leaves the fixed point within 20 LSB below it.
        assert!((8_172..=8_192).contains(&o.pv_state), "{}", o.pv_state);
        // 0.3 · pv_state.
        assert_eq!(o.inhibition, (4_915 * o.pv_state) >> 14);
        assert!((2_450..=2_458).contains(&o.inhibition));
    }

    #[test]
    fn time_constant_is_five_ms() {
        // A step reaches 1 - 1/e of its final value after ~20 ticks (5 ms at 4 kHz).
        let mut pv = PvInterneuron::new();
        let mut n = 0;
        while pv.pv_state < (8_192.0 * (1.0 - (-1f64).exp())) as i32 {
            pv.tick(&PvInterneuronInputs {
                pyramid_input: 16_384,
            });
            n += 1;
        }
        assert!((19..=21).contains(&n), "63% after {n} ticks");
        // The first step is exactly alpha · excite: 819 · 8192 >>> 14 = 409.
        let mut p = PvInterneuron::new();
        assert_eq!(drive(&mut p, 16_384, 1).pv_state, 409);
    }

    #[test]
    fn lags_a_gamma_drive_and_decays_to_zero() {
        // 40 Hz drive: the PV state lags by atan(omega tau) ~ 51 degrees, between 30 and 75.
        let mut pv = PvInterneuron::new();
        let (mut sx, mut sy) = (0f64, 0f64);
        for k in 0..8_000 {
            let ph = k as f64 * std::f64::consts::TAU * 40.0 / 4_000.0;
            let o = pv.tick(&PvInterneuronInputs {
                pyramid_input: (ph.sin() * 16_384.0) as i32,
            });
            if k >= 4_000 {
                sx += f64::from(o.pv_state) * ph.sin();
                sy += f64::from(o.pv_state) * ph.cos();
            }
        }
        let lag = (-sy).atan2(sx).to_degrees();
        assert!((30.0..75.0).contains(&lag), "lag {lag}");
        let o = drive(&mut pv, 0, 2_000);
        assert!(o.pv_state.abs() <= 20, "{}", o.pv_state);
    }

    #[test]
    fn extremes_neither_wrap_nor_overflow() {
        let mut pv = PvInterneuron::new();
        assert!(drive(&mut pv, 131_071, 3_000).pv_state > 65_000);
        assert!(drive(&mut pv, -131_072, 3_000).pv_state < -65_000);
    }
}
