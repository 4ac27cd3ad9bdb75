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
use crate::fixed_point::{raw, wrap_s, FRAC, WIDTH};
use crate::lane::Lane;
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

    /// The pure next-state function of one clock-enable edge: [`DendriticCompartmentL::next_state`]
    /// on one lane.
    #[inline(always)]
    pub fn next_state(&self, i: &DendriticCompartmentInputs) -> DendriticCompartment {
        DendriticCompartmentL::<i64>::gather(|_| *self)
            .next_state(&DendriticCompartmentInputsL::gather(|_| *i))
            .lane(0)
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
        DendriticCompartmentL::<i64>::gather(|_| *self)
            .outputs(&DendriticCompartmentInputsL::gather(|_| *i))
            .lane(0)
    }
}

/// The registers of `dendritic_compartment` over lanes: lane k is instance k ([`crate::lane`]).
/// The one source of the compartment's next state: [`DendriticCompartment`] is its one-lane case
/// (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DendriticCompartmentL<L: Lane> {
    /// `reg signed [17:0] apical_v`.
    pub apical_v: L,
    /// `reg [6:0] ca_timer`, as a non-negative value.
    pub ca_timer: L,
    /// `reg signed [17:0] dendrite_out`.
    pub dendrite_out: L,
}

/// [`DendriticCompartmentInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DendriticCompartmentInputsL<L: Lane> {
    /// `basal_input`.
    pub basal_input: L,
    /// `apical_input`.
    pub apical_input: L,
    /// `ca_threshold`.
    pub ca_threshold: L,
}

/// [`DendriticCompartmentOutputs`] over lanes (`ca_spike`, `bac_active` 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DendriticCompartmentOutputsL<L: Lane> {
    /// `apical_v`.
    pub apical_v: L,
    /// `ca_timer`.
    pub ca_timer: L,
    /// `dendrite_out`.
    pub dendrite_out: L,
    /// `ca_spike`.
    pub ca_spike: L,
    /// `bac_active`.
    pub bac_active: L,
}

impl<L: Lane> DendriticCompartmentInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> DendriticCompartmentInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        DendriticCompartmentInputsL {
            basal_input: L::from_fn(|k| w(f(k).basal_input)),
            apical_input: L::from_fn(|k| w(f(k).apical_input)),
            ca_threshold: L::from_fn(|k| w(f(k).ca_threshold)),
        }
    }

    /// `bap`: the basal drive is strong enough to fire a back-propagating AP.
    #[inline(always)]
    fn bap(&self) -> L::Mask {
        self.basal_input.cmp_gt(L::splat(BAP_THRESH))
    }
}

impl<L: Lane> DendriticCompartmentOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> DendriticCompartmentOutputs {
        DendriticCompartmentOutputs {
            apical_v: self.apical_v.lane(k) as i32,
            ca_timer: self.ca_timer.lane(k) as u8,
            dendrite_out: self.dendrite_out.lane(k) as i32,
            ca_spike: self.ca_spike.lane(k) != 0,
            bac_active: self.bac_active.lane(k) != 0,
        }
    }
}

impl<L: Lane> DendriticCompartmentL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> DendriticCompartment) -> Self {
        DendriticCompartmentL {
            apical_v: L::from_fn(|k| i64::from(f(k).apical_v)),
            ca_timer: L::from_fn(|k| i64::from(f(k).ca_timer)),
            dendrite_out: L::from_fn(|k| i64::from(f(k).dendrite_out)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> DendriticCompartment {
        DendriticCompartment {
            apical_v: self.apical_v.lane(k) as i32,
            ca_timer: self.ca_timer.lane(k) as u8,
            dendrite_out: self.dendrite_out.lane(k) as i32,
        }
    }

    /// The pure next-state function of one clock-enable edge, every lane at once.
    ///
    /// No truncation below changes a value ([`Lane::fit_s`]); the bounds, from 18-bit registers
    /// and ports, AP_ALPHA and K_APICAL below 1.0 and CA_AMP = 0.5, are beside each wire. Both
    /// products have operands within 19 bits ([`Lane::mul32`]).
    #[inline(always)]
    pub fn next_state(&self, i: &DendriticCompartmentInputsL<L>) -> Self {
        let c = L::splat;
        let basal = i.basal_input;
        let thr = i.ca_threshold;
        let av = self.apical_v;
        // wire signed [18:0] ap_err: |apical_in − av| < 2^18; [36:0] ap_dp: |AP_ALPHA·err| <
        // 2^14·2^18; [18:0] ap_sum: ap_d lies between 0 and err (a floor of a fraction of it),
        // so av + ap_d lies between av and apical_in; ap_next = sat18.
        let ap_err = (i.apical_input - av).fit_s(19);
        let ap_d = c(AP_ALPHA).mul32(ap_err).fit_s(37).asr(FRAC).fit_s(19);
        let ap_next = (av + ap_d).fit_s(WIDTH + 1).sat_s(WIDTH);
        let bap = i.bap();
        let trigger = av.cmp_gt(thr) | (bap & av.cmp_gt(thr.asr(1)));
        let ca_spike = self.ca_timer.truthy();
        let ca_timer = L::select(
            ca_spike,
            self.ca_timer - c(1),
            L::select(trigger, c(CA_TICKS), c(0)),
        );
        // wire signed [17:0] ap_contrib: |K_APICAL·av >>> 14| <= 2^16; [19:0] d_sum:
        // |basal + contrib + CA_AMP| < 2^17 + 2^16 + 2^13 < 2^19; [20:0] d_gain: 1.5·d_sum < 2^20.
        let contrib = c(K_APICAL).mul32(av).fit_s(36).asr(FRAC).fit_s(18);
        let d_sum = (basal + contrib + L::select(ca_spike, c(CA_AMP), c(0))).fit_s(20);
        let d_gain = L::select(bap & ca_spike, (d_sum + d_sum.asr(1)).fit_s(21), d_sum);
        DendriticCompartmentL {
            apical_v: ap_next,
            ca_timer,
            dendrite_out: d_gain.sat_s(WIDTH),
        }
    }

    /// One clock-enable edge on every lane; `bac_active` in the result is evaluated with the
    /// same inputs.
    #[inline(always)]
    pub fn tick(&mut self, i: &DendriticCompartmentInputsL<L>) -> DendriticCompartmentOutputsL<L> {
        *self = self.next_state(i);
        self.outputs(i)
    }

    /// The outputs from the registers (and `basal_input`, for `bac_active`).
    #[inline(always)]
    pub fn outputs(&self, i: &DendriticCompartmentInputsL<L>) -> DendriticCompartmentOutputsL<L> {
        let ca_spike = self.ca_timer.truthy();
        DendriticCompartmentOutputsL {
            apical_v: self.apical_v,
            ca_timer: self.ca_timer,
            dendrite_out: self.dendrite_out,
            ca_spike: L::from_mask(ca_spike),
            bac_active: L::from_mask(ca_spike & i.bap()),
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (the ports truncate), and values near the
            // thresholds.
            prop_oneof![-131_072i32..=131_071, -300_000i32..300_000, 0i32..20_000]
        }

        fn reg() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        proptest! {
            /// Every lane of the lane compartment is the scalar compartment on that lane's
            /// registers and inputs, tick after tick (shrinks on failure).
            #[test]
            fn every_lane_is_the_scalar_compartment(
                st in prop::array::uniform4((reg(), prop_oneof![0u8..128, 0u8..2], reg())),
                ins in prop::collection::vec(prop::array::uniform4((port(), port(), port())), 1..12),
            ) {
                let mut scalar = st.map(|(apical_v, ca_timer, dendrite_out)| DendriticCompartment {
                    apical_v,
                    ca_timer,
                    dendrite_out,
                });
                let mut lanes = DendriticCompartmentL::<Lanes<N>>::gather(|k| scalar[k]);
                for tick in &ins {
                    let i = tick.map(|(basal_input, apical_input, ca_threshold)| {
                        DendriticCompartmentInputs { basal_input, apical_input, ca_threshold }
                    });
                    let o = lanes.tick(&DendriticCompartmentInputsL::gather(|k| i[k]));
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
            // The comparison can fail: one count in one lane's Ca timer is a different plateau.
            let d = DendriticCompartment {
                apical_v: 4_000,
                ca_timer: 1,
                dendrite_out: 0,
            };
            let mut l = DendriticCompartmentL::<Lanes<N>>::gather(|_| d);
            l.ca_timer.0[3] -= 1;
            let i = DendriticCompartmentInputs::default();
            let o = l.tick(&DendriticCompartmentInputsL::gather(|_| i));
            let mut s = d;
            let so = s.tick(&i);
            assert_eq!(o.lane(0), so);
            assert_ne!(l.lane(3), s);
            assert_ne!(o.lane(3), so);
        }
    }

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
