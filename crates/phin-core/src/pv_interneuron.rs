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
use crate::fixed_point::{asr, fit_s, raw, sat_s, wrap_s, FRAC, WIDTH};
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

    /// The pure next-state function of one clock-enable edge.
    #[inline(always)]
    pub fn next_state(&self, i: &PvInterneuronInputs) -> PvInterneuron {
        let p = wrap_s(i64::from(i.pyramid_input), WIDTH);
        let pv = i64::from(self.pv_state);
        // No truncation below changes a value ([`fit_s`]): the gains are below 1.0
        // (K_EXCITE = 0.5, TAU_INV = 0.05 < 2^14) and p, pv are 18-bit.
        // wire signed [17:0] excite = (K_EXCITE * pyramid_input >>> FRAC)[17:0]:
        // |K·p| < 2^14·2^17 = 2^31 fits 36 bits, |excite| < 2^17 fits 18.
        let excite = fit_s(asr(fit_s(K_EXCITE * p, 36), FRAC), 18);
        // wire signed [18:0] err; [36:0] delta_p; [18:0] delta:
        // |excite − pv| <= 2^17 + 2^17 − 1 < 2^18 fits 19; |TAU·err| < 2^14·2^18 fits 37 and
        // |delta| <= |err| fits 19.
        let err = fit_s(excite - pv, 19);
        let delta = fit_s(asr(fit_s(TAU_INV * err, 37), FRAC), 19);
        // wire signed [18:0] pv_sum; pv_next = sat18(pv_sum): |pv + delta| < 2^18 fits 19.
        let sum = fit_s(pv + delta, WIDTH + 1);
        PvInterneuron {
            pv_state: sat_s(sum, WIDTH) as i32,
        }
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
        PvInterneuronOutputs {
            pv_state: self.pv_state,
            // |K_INHIB·pv| < 2^14·2^17 fits 36 bits and the result 18: no truncation changes it.
            inhibition: fit_s(
                asr(fit_s(K_INHIB * i64::from(self.pv_state), 36), FRAC),
                WIDTH,
            ) as i32,
        }
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
