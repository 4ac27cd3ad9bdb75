//! `sr_ignition_controller` (rtl/sr_ignition_controller.v): the six-phase Schumann Ignition Event
//! state machine of section 10.3 (v1.1: `GAIN_BASELINE = 0`), started by sustained SR coherence
//! (section 4.1) or by an explicit trigger.
//!
//! Hardware facts (contract: docs/spec/sr_ignition_controller.md):
//! - Two first-order IIRs run on every edge: `coherence_acc ← acc + coherence_in − (acc >>> 11)`
//!   (29 bits, τ 0.512 s) and `beta_acc ← acc + beta_amplitude − (acc >>> 10)` (28 bits,
//!   τ 0.256 s); `coherence_smooth` and `beta_smooth` are the accumulators `>>>` their shifts.
//! - BASELINE (0) holds gain 0 and PLV 0.45. From the registers before the edge, `sustained` =
//!   `armed ∧ coherence_smooth > 0.85 ∧ beta_smooth < 0.9375`; `dwell_timer` counts sustained
//!   edges (0 otherwise); an event starts (COHERENCE, `phase_timer = 0`) on an edge with
//!   `ignition_trigger` high or with `sustained` and `dwell_timer + 1 >= 1000`. A start clears
//!   `armed`; in every phase `coherence_smooth < 0.75` sets it again (re-arm hysteresis).
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
    BETA_QUIET_THRESH, GAIN_BASELINE, GAIN_COHERENCE_END, GAIN_PEAK, GAIN_PROPAGATE_END,
    PHASE_BASELINE, PHASE_COHERENCE, PHASE_DECAY, PHASE_REFRACTORY, PLV_BASELINE, PLV_PEAK,
    PLV_PROPAGATE_END, SIE_BETA_ACC_WIDTH, SIE_BETA_SHIFT, SIE_COHERENCE_ON,
    SIE_COHERENCE_THRESHOLD, SIE_COH_ACC_WIDTH, SIE_COH_SHIFT, SIE_DWELL, SIE_DWELL_WIDTH,
};
use crate::fixed_point::{asr, div_u, raw, wrap_s, wrap_u, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `sr_ignition_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrIgnitionControllerInputs {
    /// `input signed [17:0] coherence_in` (Q14): the SR bank's coherence, smoothed here.
    pub coherence_in: i32,
    /// `input signed [17:0] beta_amplitude` (Q14): the beta (motor L5a) amplitude, smoothed
    /// here; an event starts from coherence only while the smoothed value is below 0.9375.
    pub beta_amplitude: i32,
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
    /// `coherence_smooth` (Q14): `coherence_acc >>> 11`.
    pub coherence_smooth: i32,
    /// `beta_smooth` (Q14): `beta_acc >>> 10`.
    pub beta_smooth: i32,
    /// `armed`: coherence may start the next event.
    pub armed: bool,
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
    /// `reg signed [28:0] coherence_acc`: the smoothed coherence × 2^11.
    pub coherence_acc: i64,
    /// `reg signed [27:0] beta_acc`: the smoothed beta amplitude × 2^10.
    pub beta_acc: i64,
    /// `reg [11:0] dwell_timer`: consecutive sustained edges in BASELINE.
    pub dwell_timer: u16,
    /// `reg armed`.
    pub armed: bool,
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

/// One IIR step `acc + x − (acc >>> shift)` in `width` bits (exact: |acc| ≤ 2^(17+shift)).
#[inline(always)]
fn iir(acc: i64, x: i32, shift: u32, width: u32) -> i64 {
    wrap_s(acc + i64::from(x) - asr(acc, shift), width)
}

impl SrIgnitionController {
    /// A controller in its reset state: BASELINE, gain 0, PLV 0.45, accumulators 0, armed.
    pub const fn new() -> Self {
        SrIgnitionController {
            sie_phase: PHASE_BASELINE,
            phase_timer: 0,
            sie_gain: GAIN_BASELINE as i32,
            sie_plv: PLV_BASELINE as i32,
            coherence_acc: 0,
            beta_acc: 0,
            dwell_timer: 0,
            armed: true,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `coherence_smooth`: the smoothed coherence, Q14.
    #[inline(always)]
    pub const fn coherence_smooth(&self) -> i32 {
        wrap_s(asr(self.coherence_acc, SIE_COH_SHIFT), WIDTH) as i32
    }

    /// `beta_smooth`: the smoothed beta amplitude, Q14.
    #[inline(always)]
    pub const fn beta_smooth(&self) -> i32 {
        wrap_s(asr(self.beta_acc, SIE_BETA_SHIFT), WIDTH) as i32
    }

    /// One clock-enable edge.
    #[inline]
    pub fn tick(&mut self, i: &SrIgnitionControllerInputs) -> SrIgnitionControllerOutputs {
        let phase = self.sie_phase;
        let coh = i64::from(self.coherence_smooth());
        let beta = i64::from(self.beta_smooth());
        let low_coh = coh < SIE_COHERENCE_THRESHOLD;
        self.coherence_acc = iir(
            self.coherence_acc,
            i.coherence_in,
            SIE_COH_SHIFT,
            SIE_COH_ACC_WIDTH,
        );
        self.beta_acc = iir(
            self.beta_acc,
            i.beta_amplitude,
            SIE_BETA_SHIFT,
            SIE_BETA_ACC_WIDTH,
        );
        if phase == PHASE_BASELINE || phase > PHASE_REFRACTORY {
            let sustained = self.armed && coh > SIE_COHERENCE_ON && beta < BETA_QUIET_THRESH;
            let dwell = wrap_u(i64::from(self.dwell_timer) + 1, SIE_DWELL_WIDTH) as u16;
            let start = i.ignition_trigger || (sustained && dwell >= SIE_DWELL);
            self.sie_phase = if start {
                PHASE_COHERENCE
            } else {
                PHASE_BASELINE
            };
            self.phase_timer = 0;
            self.sie_gain = GAIN_BASELINE as i32;
            self.sie_plv = PLV_BASELINE as i32;
            self.dwell_timer = if sustained && !start { dwell } else { 0 };
            self.armed = !start && (self.armed || low_coh);
        } else {
            self.dwell_timer = 0;
            self.armed = self.armed || low_coh;
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
            coherence_smooth: self.coherence_smooth(),
            beta_smooth: self.beta_smooth(),
            armed: self.armed,
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
        out.push(Signal::new(
            prefix,
            "coherence_acc",
            SIE_COH_ACC_WIDTH,
            true,
        ));
        out.push(Signal::new(prefix, "beta_acc", SIE_BETA_ACC_WIDTH, true));
        out.push(Signal::new(prefix, "dwell_timer", SIE_DWELL_WIDTH, false));
        out.push(Signal::new(prefix, "armed", 1, false));
        out.push(Signal::new(prefix, "coherence_smooth", WIDTH, true));
        out.push(Signal::new(prefix, "beta_smooth", WIDTH, true));
        out.push(Signal::new(prefix, "sie_active", 1, false));
        out.push(Signal::new(prefix, "sie_decay_phase", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = u64::from(o.sie_phase);
        out[1] = u64::from(o.phase_timer);
        out[2] = raw(i64::from(o.sie_gain), WIDTH);
        out[3] = raw(i64::from(o.sie_plv), WIDTH);
        out[4] = raw(self.coherence_acc, SIE_COH_ACC_WIDTH);
        out[5] = raw(self.beta_acc, SIE_BETA_ACC_WIDTH);
        out[6] = u64::from(self.dwell_timer);
        out[7] = u64::from(self.armed);
        out[8] = raw(i64::from(o.coherence_smooth), WIDTH);
        out[9] = raw(i64::from(o.beta_smooth), WIDTH);
        out[10] = u64::from(o.sie_active);
        out[11] = u64::from(o.sie_decay_phase);
        12
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{PHASE_PLATEAU, SIE_DURATIONS};

    const NORMAL: [u16; 6] = [14_000, 10_000, 10_000, 36_000, 16_000, 40_000];

    /// (phase, first tick, ticks spent) per phase, and the per-tick (gain, PLV).
    type Event = (Vec<(u8, u32, u32)>, Vec<(i32, i32)>);

    /// One whole event from a single trigger: (phase, first tick, ticks spent) per phase, and the
    /// per-tick gain and PLV.
    fn event(dur: [u16; 6]) -> Event {
        let mut c = SrIgnitionController::new();
        let mut i = SrIgnitionControllerInputs {
            coherence_in: 0,
            beta_amplitude: 0,
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

    /// Runs the controller on a constant coherence and beta for `ticks` edges; the ticks (1-based)
    /// at which an event started.
    fn starts(c: &mut SrIgnitionController, coh: i32, beta: i32, ticks: u32) -> Vec<u32> {
        let i = SrIgnitionControllerInputs {
            coherence_in: coh,
            beta_amplitude: beta,
            ignition_trigger: false,
            sie_dur: NORMAL,
        };
        let mut out = Vec::new();
        for t in 1..=ticks {
            let before = c.sie_phase;
            let o = c.tick(&i);
            if before == PHASE_BASELINE && o.sie_phase == PHASE_COHERENCE {
                out.push(t);
            }
        }
        out
    }

    #[test]
    fn sustained_coherence_starts_one_event_after_the_dwell() {
        // 0.9 from reset: the 0.512 s IIR crosses 0.85 after -tau ln(1 - 0.85/0.9) = 1.48 s,
        // then 0.25 s of dwell.
        let mut c = SrIgnitionController::new();
        let s = starts(&mut c, 14_746, 8_192, 200_000);
        let cross = -2048.0 * (1.0f64 - 13_926.0 / 14_746.0).ln();
        let want = cross + f64::from(SIE_DWELL);
        assert_eq!(s.len(), 1, "one event for a sustained coherence: {s:?}");
        assert!(
            (f64::from(s[0]) - want).abs() < 20.0,
            "start {} vs {want:.0}",
            s[0]
        );
        assert!(
            !c.armed,
            "still disarmed: the coherence never fell below 0.75"
        );
        // The coherence falls below 0.75 and rises again: re-armed, a second event.
        assert!(starts(&mut c, 8_192, 8_192, 8_000).is_empty());
        assert!(c.armed);
        let s2 = starts(&mut c, 14_746, 8_192, 20_000);
        assert_eq!(s2.len(), 1, "{s2:?}");
    }

    #[test]
    fn coherence_below_the_threshold_or_only_in_bursts_starts_nothing() {
        let mut c = SrIgnitionController::new();
        assert!(
            starts(&mut c, 13_900, 0, 100_000).is_empty(),
            "0.848 < 0.85"
        );
        assert_eq!(c.coherence_smooth(), 13_900, "the IIR settles on its input");
        // 0.95 for 0.1 s of every second: the smoothed value peaks near 0.84.
        let mut c = SrIgnitionController::new();
        let mut i = SrIgnitionControllerInputs {
            sie_dur: NORMAL,
            ..Default::default()
        };
        for t in 0..100_000u32 {
            i.coherence_in = if t % 4_000 < 400 { 15_565 } else { 12_000 };
            c.tick(&i);
            assert_eq!(c.sie_phase, PHASE_BASELINE, "tick {t}");
        }
    }

    #[test]
    fn loud_beta_blocks_coherence_but_not_the_trigger() {
        // The beta IIR settles first (from reset both smoothed values rise from 0).
        let mut c = SrIgnitionController::new();
        assert!(starts(&mut c, 0, 15_360, 20_000).is_empty());
        assert!(
            starts(&mut c, 16_384, 15_360, 50_000).is_empty(),
            "0.9375 is loud"
        );
        assert!(c.dwell_timer == 0 && c.beta_smooth() == 15_360);
        let i = SrIgnitionControllerInputs {
            coherence_in: 16_384,
            beta_amplitude: 15_360,
            ignition_trigger: true,
            sie_dur: NORMAL,
        };
        assert_eq!(c.tick(&i).sie_phase, PHASE_COHERENCE);
        // A quiet beta lets the same coherence through.
        let mut c = SrIgnitionController::new();
        assert!(starts(&mut c, 0, 15_359, 20_000).is_empty());
        assert_eq!(starts(&mut c, 16_384, 15_359, 50_000).len(), 1);
    }

    #[test]
    fn a_trigger_during_an_event_changes_nothing() {
        let (runs, _) = event(NORMAL);
        let mut c = SrIgnitionController::new();
        let mut i = SrIgnitionControllerInputs {
            ignition_trigger: true,
            sie_dur: NORMAL,
            ..Default::default()
        };
        let first = c.tick(&i);
        assert!(first.sie_active);
        for _ in 0..(runs[0].2 + runs[1].2) {
            let before = c.outputs();
            let after = c.tick(&i);
            if before.sie_phase == after.sie_phase {
                assert_eq!(after.phase_timer, before.phase_timer + 1);
            }
        }
        i.ignition_trigger = false;
        assert_eq!(c.tick(&i).sie_phase, PHASE_PLATEAU);
    }

    #[test]
    fn zero_durations_act_as_one_tick() {
        let (runs, _) = event([0; 6]);
        let lens: Vec<u32> = runs[..6].iter().map(|r| r.2).collect();
        assert_eq!(lens, vec![1; 6]);
    }
}
