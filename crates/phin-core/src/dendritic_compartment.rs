//! `dendritic_compartment` (rtl/dendritic_compartment.v): a two-compartment (basal/apical)
//! pyramidal neuron with a Ca²⁺ plateau and BAC (back-propagation-activated Ca²⁺) firing
//! (description v9.5, which gives only the idea). Bit-level contract and design:
//! docs/spec/dendritic_compartment.md.
//!
//! ```text
//! apical_v     <= sat18(apical_v + ((AP_ALPHA · (apical_input − apical_v)) >>> FRAC))   τ 10 ms
//! bap           = basal_input > BAP_THRESH
//! ca_trigger    = apical_v > ca_threshold || (bap && apical_v > (ca_threshold >>> 1))
//! ca_timer     <= ca_timer ≠ 0 ? ca_timer − 1 : ca_trigger ? CA_TICKS : 0               20 ms
//! ca_spike      = ca_timer ≠ 0;  bac_active = bap && ca_spike
//! sum           = basal_input + ((K_APICAL · apical_v) >>> FRAC) + (ca_spike ? CA_AMP : 0)
//! dendrite_out <= sat18(bac_active ? sum + (sum >>> 1) : sum)
//! ```

use crate::constants::{AP_ALPHA, BAP_THRESH, CA_AMP, CA_TICKS, K_APICAL};
use crate::fixed_point::{asr, mul_s, raw, sat_s, wrap_s, FRAC, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `dendritic_compartment`, same port names (18-bit signed Q14 each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DendriticCompartmentInputs {
    /// `basal_input`: somatic/basal drive.
    pub basal_input: i32,
    /// `apical_input`: drive of the apical tuft (layer 1).
    pub apical_input: i32,
    /// `ca_threshold`: state-dependent Ca²⁺ threshold from config_controller.
    pub ca_threshold: i32,
}

/// Outputs of `dendritic_compartment`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DendriticCompartmentOutputs {
    /// `output reg signed [17:0] apical_v`.
    pub apical_v: i32,
    /// `output reg [6:0] ca_timer`.
    pub ca_timer: u8,
    /// `output reg signed [17:0] dendrite_out`.
    pub dendrite_out: i32,
    /// `output wire ca_spike = ca_timer != 0`.
    pub ca_spike: bool,
    /// `output wire bac_active = bap && ca_spike` (depends on the current `basal_input`).
    pub bac_active: bool,
}

/// Registers of one `dendritic_compartment`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DendriticCompartment {
    /// `reg signed [17:0] apical_v`, reset 0.
    pub apical_v: i32,
    /// `reg [6:0] ca_timer`, reset 0.
    pub ca_timer: u8,
    /// `reg signed [17:0] dendrite_out`, reset 0.
    pub dendrite_out: i32,
}

impl DendriticCompartment {
    /// A compartment in its reset state.
    pub const fn new() -> Self {
        DendriticCompartment {
            apical_v: 0,
            ca_timer: 0,
            dendrite_out: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `bap`: the basal drive is strong enough to fire a back-propagating AP.
    #[inline(always)]
    fn bap(i: &DendriticCompartmentInputs) -> bool {
        wrap_s(i64::from(i.basal_input), WIDTH) > BAP_THRESH
    }

    /// The pure next-state function of one clock-enable edge.
    #[inline(always)]
    pub fn next_state(&self, i: &DendriticCompartmentInputs) -> DendriticCompartment {
        let basal = wrap_s(i64::from(i.basal_input), WIDTH);
        let apical_in = wrap_s(i64::from(i.apical_input), WIDTH);
        let thr = wrap_s(i64::from(i.ca_threshold), WIDTH);
        let av = i64::from(self.apical_v);
        // wire signed [18:0] ap_err; [36:0] ap_dp; [18:0] ap_sum; ap_next = sat18
        let ap_err = wrap_s(apical_in - av, 19);
        let ap_d = wrap_s(asr(mul_s(AP_ALPHA, ap_err, 37), FRAC), 19);
        let ap_next = sat_s(wrap_s(av + ap_d, WIDTH + 1), WIDTH);
        let bap = Self::bap(i);
        let trigger = av > thr || (bap && av > asr(thr, 1));
        let ca_spike = self.ca_timer != 0;
        let ca_timer = if ca_spike {
            self.ca_timer - 1
        } else if trigger {
            CA_TICKS as u8
        } else {
            0
        };
        // wire signed [17:0] ap_contrib; [19:0] d_sum; [20:0] d_gain
        let contrib = wrap_s(asr(mul_s(K_APICAL, av, 36), FRAC), 18);
        let d_sum = wrap_s(basal + contrib + if ca_spike { CA_AMP } else { 0 }, 20);
        let d_gain = if bap && ca_spike {
            wrap_s(d_sum + asr(d_sum, 1), 21)
        } else {
            d_sum
        };
        DendriticCompartment {
            apical_v: ap_next as i32,
            ca_timer,
            dendrite_out: sat_s(d_gain, WIDTH) as i32,
        }
    }

    /// One clock-enable edge; `bac_active` in the result is evaluated with the same inputs.
    #[inline(always)]
    pub fn tick(&mut self, i: &DendriticCompartmentInputs) -> DendriticCompartmentOutputs {
        *self = self.next_state(i);
        self.outputs(i)
    }

    /// The outputs the RTL drives from the registers (and `basal_input`, for `bac_active`).
    #[inline(always)]
    pub fn outputs(&self, i: &DendriticCompartmentInputs) -> DendriticCompartmentOutputs {
        let ca_spike = self.ca_timer != 0;
        DendriticCompartmentOutputs {
            apical_v: self.apical_v,
            ca_timer: self.ca_timer,
            dendrite_out: self.dendrite_out,
            ca_spike,
            bac_active: ca_spike && Self::bap(i),
        }
    }
}

impl Observable for DendriticCompartment {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "apical_v", WIDTH, true));
        out.push(Signal::new(prefix, "ca_timer", 7, false));
        out.push(Signal::new(prefix, "dendrite_out", WIDTH, true));
        out.push(Signal::new(prefix, "ca_spike", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(i64::from(self.apical_v), WIDTH);
        out[1] = u64::from(self.ca_timer);
        out[2] = raw(i64::from(self.dendrite_out), WIDTH);
        out[3] = u64::from(self.ca_timer != 0);
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THR: i32 = 8_192; // 0.5

    fn run(d: &mut DendriticCompartment, basal: i32, apical: i32, thr: i32, n: usize) -> usize {
        let i = DendriticCompartmentInputs {
            basal_input: basal,
            apical_input: apical,
            ca_threshold: thr,
        };
        (0..n).filter(|_| d.tick(&i).ca_spike).count()
    }

    #[test]
    fn apical_drive_above_threshold_fires_a_20_ms_plateau() {
        let mut d = DendriticCompartment::new();
        assert_eq!(
            run(&mut d, 0, 6_000, THR, 400),
            0,
            "below threshold: no Ca spike"
        );
        let mut d = DendriticCompartment::new();
        let mut first = None;
        for k in 0..400 {
            if run(&mut d, 0, 12_000, THR, 1) == 1 && first.is_none() {
                first = Some(k);
                break;
            }
        }
        let first = first.expect("a Ca spike");
        // apical_v crosses 0.5 of a 0.73 drive after ~ -ln(1 - 0.5/0.73)·40 ≈ 46 ticks.
        assert!((40..55).contains(&first), "first spike after {first} ticks");
        assert_eq!(d.ca_timer, 80);
        // The plateau lasts 80 ticks, then retriggers while the drive stays above threshold.
        assert_eq!(run(&mut d, 0, 12_000, THR, 79), 79);
        assert_eq!(d.ca_timer, 1);
    }

    #[test]
    fn the_threshold_input_is_state_dependent() {
        let mut low = DendriticCompartment::new();
        let mut high = DendriticCompartment::new();
        assert!(run(&mut low, 0, 12_000, 4_096, 400) > 0);
        assert_eq!(run(&mut high, 0, 12_000, 16_384, 400), 0);
    }

    #[test]
    fn bac_coincidence_halves_the_threshold_and_is_supralinear() {
        // Apical 0.4 alone stays below 0.5; with a back-propagating AP (basal 0.6) it fires.
        let mut d = DendriticCompartment::new();
        assert_eq!(run(&mut d, 0, 6_554, THR, 400), 0);
        let mut d = DendriticCompartment::new();
        assert!(run(&mut d, 9_830, 6_554, THR, 400) > 0);
        // Supralinear: the coincidence gives more than basal alone plus apical alone.
        let settle = |basal, apical| {
            let mut d = DendriticCompartment::new();
            run(&mut d, basal, apical, THR, 400);
            i64::from(d.dendrite_out)
        };
        let (b, a, both) = (settle(9_830, 0), settle(0, 6_554), settle(9_830, 6_554));
        assert!(
            both > b + a + 4_000,
            "basal {b} + apical {a} vs both {both}"
        );
    }

    #[test]
    fn output_saturates_instead_of_wrapping() {
        let mut d = DendriticCompartment::new();
        run(&mut d, 131_071, 131_071, 0, 400);
        assert_eq!(d.dendrite_out, 131_071);
        run(&mut d, -131_072, -131_072, 0, 800);
        assert_eq!(d.dendrite_out, -131_072);
    }
}
