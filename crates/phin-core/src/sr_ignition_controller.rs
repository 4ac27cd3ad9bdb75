//! `sr_ignition_controller` (rtl/sr_ignition_controller.v): the six-phase Schumann Ignition Event
//! state machine of section 10.3 (v1.1: `GAIN_BASELINE = 0`).
//!
//! Hardware facts (contract: docs/spec/sr_ignition_controller.md):
//! - BASELINE (0) holds gain 0 and PLV 0.45; on an edge with `ignition_trigger` high or
//!   `coherence_in > 0.75` (signed) it enters COHERENCE with `phase_timer = 0`.
//! - Every other phase P lasts `len = max(dur_P, 1)` edges: with `t = phase_timer + 1`, an edge
//!   with `t >= len` moves to the next phase (COHERENCE → IGNITION → PLATEAU → PROPAGATION →
//!   DECAY → REFRACTORY → BASELINE), clears the timer and sets gain and PLV to the phase's end
//!   points exactly; otherwise `phase_timer = t` and, with `f = (t << 16) / len`, gain and PLV
//!   are the signed lerp `a + ((b - a) * f) >>> 16` between the phase's end points.
//! - Ramps (Q14): COHERENCE gain 0 → 0.20, PLV 0.45 → 0.80; IGNITION gain 0.20 → 1.0, PLV 0.80;
//!   PLATEAU 1.0, 0.80; PROPAGATION gain 1.0 → 0.60, PLV 0.80 → 0.55; DECAY gain 0.60 → 0,
//!   PLV 0.55 → 0.45; REFRACTORY 0, 0.45. So PLV peaks while gain is still 0.20: coherence first.
//! - `sie_active` = phase in COHERENCE..DECAY; `sie_decay_phase` = phase is DECAY.

use crate::config_controller::lerp_s;
use crate::constants::{
    GAIN_BASELINE, GAIN_COHERENCE_END, GAIN_PEAK, GAIN_PROPAGATE_END, PHASE_BASELINE,
    PHASE_COHERENCE, PHASE_DECAY, PHASE_REFRACTORY, PLV_BASELINE, PLV_PEAK, PLV_PROPAGATE_END,
    SIE_COHERENCE_THRESHOLD,
};
use crate::fixed_point::{div_u, raw, wrap_u, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `sr_ignition_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrIgnitionControllerInputs {
    /// `input signed [17:0] coherence_in` (Q14): above 0.75 it starts an event from BASELINE.
    pub coherence_in: i32,
    /// `input ignition_trigger`: starts an event from BASELINE.
    pub ignition_trigger: bool,
    /// `sie_dur_coherence .. sie_dur_refractory` (ticks; 0 acts as 1), phase order.
    pub sie_dur: [u16; 6],
}

/// Outputs of `sr_ignition_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrIgnitionControllerOutputs {
    /// `sie_phase[2:0]`: 0 BASELINE .. 6 REFRACTORY.
    pub sie_phase: u8,
    /// `phase_timer[15:0]`: ticks spent in the phase.
    pub phase_timer: u16,
    /// `sie_gain` (Q14).
    pub sie_gain: i32,
    /// `sie_plv` (Q14).
    pub sie_plv: i32,
    /// `sie_active`: COHERENCE .. DECAY.
    pub sie_active: bool,
    /// `sie_decay_phase`.
    pub sie_decay_phase: bool,
}

/// State of one `sr_ignition_controller`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SrIgnitionController {
    /// `reg [2:0] sie_phase`.
    pub sie_phase: u8,
    /// `reg [15:0] phase_timer`.
    pub phase_timer: u16,
    /// `reg signed [17:0] sie_gain`.
    pub sie_gain: i32,
    /// `reg signed [17:0] sie_plv`.
    pub sie_plv: i32,
}

impl Default for SrIgnitionController {
    fn default() -> Self {
        Self::new()
    }
}

/// Gain start, gain end, PLV start, PLV end of phases 1..6 (index = phase - 1).
const RAMPS: [[i64; 4]; 6] = [
    [GAIN_BASELINE, GAIN_COHERENCE_END, PLV_BASELINE, PLV_PEAK],
    [GAIN_COHERENCE_END, GAIN_PEAK, PLV_PEAK, PLV_PEAK],
    [GAIN_PEAK, GAIN_PEAK, PLV_PEAK, PLV_PEAK],
    [GAIN_PEAK, GAIN_PROPAGATE_END, PLV_PEAK, PLV_PROPAGATE_END],
    [
        GAIN_PROPAGATE_END,
        GAIN_BASELINE,
        PLV_PROPAGATE_END,
        PLV_BASELINE,
    ],
    [GAIN_BASELINE, GAIN_BASELINE, PLV_BASELINE, PLV_BASELINE],
];

impl SrIgnitionController {
    /// A controller in its reset state: BASELINE, gain 0, PLV 0.45.
    pub const fn new() -> Self {
        SrIgnitionController {
            sie_phase: PHASE_BASELINE,
            phase_timer: 0,
            sie_gain: GAIN_BASELINE as i32,
            sie_plv: PLV_BASELINE as i32,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge.
    #[inline]
    pub fn tick(&mut self, i: &SrIgnitionControllerInputs) -> SrIgnitionControllerOutputs {
        let phase = self.sie_phase;
        if phase == PHASE_BASELINE || phase > PHASE_REFRACTORY {
            let trigger = i.ignition_trigger || i64::from(i.coherence_in) > SIE_COHERENCE_THRESHOLD;
            self.sie_phase = if trigger {
                PHASE_COHERENCE
            } else {
                PHASE_BASELINE
            };
            self.phase_timer = 0;
            self.sie_gain = GAIN_BASELINE as i32;
            self.sie_plv = PLV_BASELINE as i32;
        } else {
            let k = usize::from(phase - 1);
            let [g0, g1, p0, p1] = RAMPS[k];
            let dur = i.sie_dur[k];
            let len = if dur == 0 { 1 } else { dur };
            let t = wrap_u(i64::from(self.phase_timer) + 1, 16) as u16;
            if t >= len {
                self.sie_phase = if phase == PHASE_REFRACTORY {
                    PHASE_BASELINE
                } else {
                    phase + 1
                };
                self.phase_timer = 0;
                self.sie_gain = g1 as i32;
                self.sie_plv = p1 as i32;
            } else {
                let f = div_u(u64::from(t) << 16, u64::from(len), 32) as u16;
                self.phase_timer = t;
                self.sie_gain = lerp_s(g0, g1, f) as i32;
                self.sie_plv = lerp_s(p0, p1, f) as i32;
            }
        }
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub const fn outputs(&self) -> SrIgnitionControllerOutputs {
        SrIgnitionControllerOutputs {
            sie_phase: self.sie_phase,
            phase_timer: self.phase_timer,
            sie_gain: self.sie_gain,
            sie_plv: self.sie_plv,
            sie_active: self.sie_phase >= PHASE_COHERENCE && self.sie_phase <= PHASE_DECAY,
            sie_decay_phase: self.sie_phase == PHASE_DECAY,
        }
    }
}

impl Observable for SrIgnitionController {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "sie_phase", 3, false));
        out.push(Signal::new(prefix, "phase_timer", 16, false));
        out.push(Signal::new(prefix, "sie_gain", WIDTH, true));
        out.push(Signal::new(prefix, "sie_plv", WIDTH, true));
        out.push(Signal::new(prefix, "sie_active", 1, false));
        out.push(Signal::new(prefix, "sie_decay_phase", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = u64::from(o.sie_phase);
        out[1] = u64::from(o.phase_timer);
        out[2] = raw(i64::from(o.sie_gain), WIDTH);
        out[3] = raw(i64::from(o.sie_plv), WIDTH);
        out[4] = u64::from(o.sie_active);
        out[5] = u64::from(o.sie_decay_phase);
        6
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::SIE_DURATIONS;

    const NORMAL: [u16; 6] = [14_000, 10_000, 10_000, 36_000, 16_000, 40_000];

    /// (phase, first tick, ticks spent) per phase, and the per-tick (gain, PLV).
    type Event = (Vec<(u8, u32, u32)>, Vec<(i32, i32)>);

    /// One whole event from a single trigger: (phase, first tick, ticks spent) per phase, and the
    /// per-tick gain and PLV.
    fn event(dur: [u16; 6]) -> Event {
        let mut c = SrIgnitionController::new();
        let mut i = SrIgnitionControllerInputs {
            coherence_in: 0,
            ignition_trigger: true,
            sie_dur: dur,
        };
        let mut runs: Vec<(u8, u32, u32)> = Vec::new();
        let mut trace = Vec::new();
        for tick in 1..=200_000u32 {
            let o = c.tick(&i);
            i.ignition_trigger = false;
            trace.push((o.sie_gain, o.sie_plv));
            match runs.last_mut() {
                Some(r) if r.0 == o.sie_phase => r.2 += 1,
                _ => runs.push((o.sie_phase, tick, 1)),
            }
        }
        (runs, trace)
    }

    #[test]
    fn phases_follow_the_section_10_3_order_and_durations() {
        assert_eq!(SIE_DURATIONS[0], NORMAL);
        let (runs, _) = event(NORMAL);
        let want = [
            (1u8, 14_000u32), // COHERENCE ~3.5 s
            (2, 10_000),      // IGNITION ~2.5 s
            (3, 10_000),      // PLATEAU ~2.5 s
            (4, 36_000),      // PROPAGATION ~9 s
            (5, 16_000),      // DECAY ~4 s
            (6, 40_000),      // REFRACTORY ~10 s
        ];
        for (k, (phase, len)) in want.iter().enumerate() {
            assert_eq!(runs[k].0, *phase, "phase order");
            assert!(
                runs[k].2.abs_diff(*len) <= 1,
                "phase {phase}: {} ticks",
                runs[k].2
            );
        }
        assert_eq!(
            runs[6].0, PHASE_BASELINE,
            "back to BASELINE, no second event"
        );
        assert_eq!(runs.len(), 7);
    }

    #[test]
    fn gain_and_plv_hit_the_table_end_points() {
        let (runs, trace) = event(NORMAL);
        let at_end = |k: usize| trace[(runs[k].1 + runs[k].2 - 1) as usize];
        assert_eq!(at_end(0), (3_277, 13_107)); // COHERENCE: gain 0.20, PLV 0.80
        assert_eq!(at_end(1), (16_384, 13_107)); // IGNITION: 1.0
        assert_eq!(at_end(2), (16_384, 13_107)); // PLATEAU
        assert_eq!(at_end(3), (9_830, 9_011)); // PROPAGATION: 0.60, 0.55
        assert_eq!(at_end(4), (0, 7_373)); // DECAY: 0, 0.45
        assert_eq!(at_end(5), (0, 7_373)); // REFRACTORY
        let max_step = trace
            .windows(2)
            .map(|w| (w[1].0 - w[0].0).abs().max((w[1].1 - w[0].1).abs()))
            .max()
            .unwrap();
        assert!(max_step <= 2, "ramps are smooth: step {max_step}");
    }

    #[test]
    fn plv_leads_gain_by_three_to_four_seconds() {
        let (_, trace) = event(NORMAL);
        let first = |f: &dyn Fn(&(i32, i32)) -> bool| trace.iter().position(f).unwrap();
        // PLV has completed its rise (0.80) ...
        let plv_peak = first(&|&(_, p)| p >= 13_107);
        // ... before gain passes 0.5, and the PLV rise begins 3-4 s before the amplitude surge
        // (gain leaving its COHERENCE ceiling 0.20).
        let gain_half = first(&|&(g, _)| g >= 8_192);
        assert!(plv_peak < gain_half);
        let plv_onset = first(&|&(_, p)| p > 7_373);
        let surge = first(&|&(g, _)| g > 3_277);
        let lead = (surge - plv_onset) as f64 / 4_000.0;
        assert!((3.0..=4.0).contains(&lead), "PLV leads gain by {lead} s");
        // While PLV rises, gain stays at or below 0.20.
        assert!(trace[..plv_peak].iter().all(|&(g, _)| g <= 3_277));
    }

    #[test]
    fn coherence_above_threshold_triggers_and_below_does_not() {
        let mut c = SrIgnitionController::new();
        let mut i = SrIgnitionControllerInputs {
            coherence_in: 12_288,
            ignition_trigger: false,
            sie_dur: NORMAL,
        };
        c.tick(&i);
        assert_eq!(c.sie_phase, PHASE_BASELINE, "0.75 itself does not trigger");
        i.coherence_in = 12_289;
        assert!(c.tick(&i).sie_active);
        // A trigger during the event changes nothing.
        let before = c.tick(&i);
        i.ignition_trigger = true;
        let after = c.tick(&i);
        assert_eq!(after.phase_timer, before.phase_timer + 1);
    }

    #[test]
    fn zero_durations_act_as_one_tick() {
        let (runs, _) = event([0; 6]);
        let lens: Vec<u32> = runs[..6].iter().map(|r| r.2).collect();
        assert_eq!(lens, vec![1; 6]);
    }
}
