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

use crate::constants::{
    BETA_QUIET_THRESH, GAIN_BASELINE, GAIN_COHERENCE_END, GAIN_PEAK, GAIN_PROPAGATE_END,
    PHASE_BASELINE, PHASE_COHERENCE, PHASE_DECAY, PHASE_REFRACTORY, PLV_BASELINE, PLV_PEAK,
    PLV_PROPAGATE_END, SIE_BETA_ACC_WIDTH, SIE_BETA_SHIFT, SIE_COHERENCE_ON,
    SIE_COHERENCE_THRESHOLD, SIE_COH_ACC_WIDTH, SIE_COH_SHIFT, SIE_DWELL, SIE_DWELL_WIDTH,
};
use crate::fixed_point::{asr, raw, wrap_s, WIDTH};
use crate::lane::{Lane, LaneMask};
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

    /// One clock-enable edge: [`SrIgnitionControllerL::tick`] on one lane.
    #[inline]
    pub fn tick(&mut self, i: &SrIgnitionControllerInputs) -> SrIgnitionControllerOutputs {
        let mut l = SrIgnitionControllerL::<i64>::gather(|_| *self);
        l.tick(&SrIgnitionControllerInputsL::gather(|_| *i));
        *self = l.lane(0);
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

/// [`SrIgnitionControllerInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrIgnitionControllerInputsL<L: Lane> {
    /// `coherence_in` (Q14), as the scalar model takes it (the sum into the 29-bit accumulator
    /// truncates).
    pub coherence_in: L,
    /// `beta_amplitude` (Q14), as the scalar model takes it.
    pub beta_amplitude: L,
    /// `ignition_trigger` (0 or 1).
    pub ignition_trigger: L,
    /// `sie_dur_coherence .. sie_dur_refractory` (ticks), phase order.
    pub sie_dur: [L; 6],
}

impl<L: Lane> SrIgnitionControllerInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model widens every port without truncating
    /// it; so does this).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SrIgnitionControllerInputs) -> Self {
        SrIgnitionControllerInputsL {
            coherence_in: L::from_fn(|k| i64::from(f(k).coherence_in)),
            beta_amplitude: L::from_fn(|k| i64::from(f(k).beta_amplitude)),
            ignition_trigger: L::from_fn(|k| i64::from(f(k).ignition_trigger)),
            sie_dur: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).sie_dur[n]))),
        }
    }
}

/// [`SrIgnitionControllerOutputs`] over lanes (flags 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrIgnitionControllerOutputsL<L: Lane> {
    /// `sie_phase`.
    pub sie_phase: L,
    /// `phase_timer`.
    pub phase_timer: L,
    /// `sie_gain` (Q14).
    pub sie_gain: L,
    /// `sie_plv` (Q14).
    pub sie_plv: L,
    /// `coherence_smooth` (Q14).
    pub coherence_smooth: L,
    /// `beta_smooth` (Q14).
    pub beta_smooth: L,
    /// `armed` (0 or 1).
    pub armed: L,
    /// `sie_active` (0 or 1).
    pub sie_active: L,
    /// `sie_decay_phase` (0 or 1).
    pub sie_decay_phase: L,
}

impl<L: Lane> SrIgnitionControllerOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrIgnitionControllerOutputs {
        SrIgnitionControllerOutputs {
            sie_phase: self.sie_phase.lane(k) as u8,
            phase_timer: self.phase_timer.lane(k) as u16,
            sie_gain: self.sie_gain.lane(k) as i32,
            sie_plv: self.sie_plv.lane(k) as i32,
            coherence_smooth: self.coherence_smooth.lane(k) as i32,
            beta_smooth: self.beta_smooth.lane(k) as i32,
            armed: self.armed.lane(k) != 0,
            sie_active: self.sie_active.lane(k) != 0,
            sie_decay_phase: self.sie_decay_phase.lane(k) != 0,
        }
    }
}

/// The registers of `sr_ignition_controller` over lanes: the one source of its next state,
/// [`SrIgnitionController`] being the one-lane case (`L = i64`). Unsigned registers hold their
/// value, `armed` 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrIgnitionControllerL<L: Lane> {
    /// `sie_phase`.
    pub sie_phase: L,
    /// `phase_timer`.
    pub phase_timer: L,
    /// `sie_gain` (Q14).
    pub sie_gain: L,
    /// `sie_plv` (Q14).
    pub sie_plv: L,
    /// `coherence_acc` (29 bits signed).
    pub coherence_acc: L,
    /// `beta_acc` (28 bits signed).
    pub beta_acc: L,
    /// `dwell_timer`.
    pub dwell_timer: L,
    /// `armed` (0 or 1).
    pub armed: L,
}

/// One IIR step `acc + x − (acc >>> shift)` in `width` bits (exact: |acc| ≤ 2^(17+shift)).
#[inline(always)]
fn iir<L: Lane>(acc: L, x: L, shift: u32, width: u32) -> L {
    (acc + x - acc.asr(shift)).wrap_s(width)
}

/// [`lerp_s`](crate::config_controller::lerp_s) over lanes: `a + ((b − a) · p) >>> 16` in 18
/// bits, `b − a` in 19 bits and `p` a 16-bit fraction, so the product fits 35 bits and is one
/// exact [`mul32`](Lane::mul32).
#[inline(always)]
fn lerp_s<L: Lane>(a: L, b: L, p: L) -> L {
    let d = (b - a).wrap_s(WIDTH + 1);
    (a + d.mul32(p).wrap_s(37).asr(16)).wrap_s(WIDTH)
}

impl<L: Lane> SrIgnitionControllerL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SrIgnitionController) -> Self {
        SrIgnitionControllerL {
            sie_phase: L::from_fn(|k| i64::from(f(k).sie_phase)),
            phase_timer: L::from_fn(|k| i64::from(f(k).phase_timer)),
            sie_gain: L::from_fn(|k| i64::from(f(k).sie_gain)),
            sie_plv: L::from_fn(|k| i64::from(f(k).sie_plv)),
            coherence_acc: L::from_fn(|k| f(k).coherence_acc),
            beta_acc: L::from_fn(|k| f(k).beta_acc),
            dwell_timer: L::from_fn(|k| i64::from(f(k).dwell_timer)),
            armed: L::from_fn(|k| i64::from(f(k).armed)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrIgnitionController {
        SrIgnitionController {
            sie_phase: self.sie_phase.lane(k) as u8,
            phase_timer: self.phase_timer.lane(k) as u16,
            sie_gain: self.sie_gain.lane(k) as i32,
            sie_plv: self.sie_plv.lane(k) as i32,
            coherence_acc: self.coherence_acc.lane(k),
            beta_acc: self.beta_acc.lane(k),
            dwell_timer: self.dwell_timer.lane(k) as u16,
            armed: self.armed.lane(k) != 0,
        }
    }

    /// `coherence_smooth`: the smoothed coherence, Q14.
    #[inline(always)]
    pub fn coherence_smooth(&self) -> L {
        self.coherence_acc.asr(SIE_COH_SHIFT).wrap_s(WIDTH)
    }

    /// `beta_smooth`: the smoothed beta amplitude, Q14.
    #[inline(always)]
    pub fn beta_smooth(&self) -> L {
        self.beta_acc.asr(SIE_BETA_SHIFT).wrap_s(WIDTH)
    }

    /// One clock-enable edge on every lane.
    ///
    /// BASELINE's arm (the IIRs, the dwell count, the start) runs on every lane. An event lasts
    /// seconds and starts rarely, and its arm needs the phase's table row and a division per
    /// lane, so it is computed only when some lane is in an event (for `i64`, the branch of the
    /// scalar model).
    #[inline(always)]
    pub fn tick(&mut self, i: &SrIgnitionControllerInputsL<L>) -> SrIgnitionControllerOutputsL<L> {
        let c = L::splat;
        let phase = self.sie_phase;
        let coh = self.coherence_smooth();
        let beta = self.beta_smooth();
        let low_coh = coh.cmp_lt(c(SIE_COHERENCE_THRESHOLD));
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
        // BASELINE, and the unused code 7, which the RTL's default arm treats as BASELINE.
        let idle = phase.cmp_eq(c(i64::from(PHASE_BASELINE)))
            | phase.cmp_gt(c(i64::from(PHASE_REFRACTORY)));
        let armed = self.armed.truthy();
        let sustained = armed & coh.cmp_gt(c(SIE_COHERENCE_ON)) & beta.cmp_lt(c(BETA_QUIET_THRESH));
        let dwell = (self.dwell_timer + c(1)).wrap_u(SIE_DWELL_WIDTH);
        let start = idle
            & (i.ignition_trigger.truthy() | (sustained & dwell.cmp_ge(c(i64::from(SIE_DWELL)))));
        // In an event the dwell count is 0; in BASELINE it counts sustained edges until a start.
        self.dwell_timer = L::select(idle & sustained & !start, dwell, c(0));
        self.armed = L::from_mask(!start & (armed | low_coh));
        let base_phase = L::select(
            start,
            c(i64::from(PHASE_COHERENCE)),
            c(i64::from(PHASE_BASELINE)),
        );
        let active = !idle;
        if active.any() {
            let (ph, timer, gain, plv) = self.event_step(phase, i);
            self.sie_phase = L::select(active, ph, base_phase);
            self.phase_timer = L::select(active, timer, c(0));
            self.sie_gain = L::select(active, gain, c(GAIN_BASELINE));
            self.sie_plv = L::select(active, plv, c(PLV_BASELINE));
        } else {
            self.sie_phase = base_phase;
            self.phase_timer = c(0);
            self.sie_gain = c(GAIN_BASELINE);
            self.sie_plv = c(PLV_BASELINE);
        }
        self.outputs()
    }

    /// The arm of phases 1..6: (phase, timer, gain, PLV) after the edge, for the lanes in an
    /// event (other lanes get values the caller discards).
    #[inline(always)]
    fn event_step(&self, phase: L, i: &SrIgnitionControllerInputsL<L>) -> (L, L, L, L) {
        let c = L::splat;
        // The phase's row of RAMPS and its duration: a select per phase (lanes may be in
        // different phases; six rows are fewer instructions than a per-lane look-up).
        let (mut g0, mut g1, mut p0, mut p1, mut dur) = (c(0), c(0), c(0), c(0), c(0));
        for (k, row) in RAMPS.iter().enumerate() {
            let m = phase.cmp_eq(c(k as i64 + 1));
            g0 = L::select(m, c(row[0]), g0);
            g1 = L::select(m, c(row[1]), g1);
            p0 = L::select(m, c(row[2]), p0);
            p1 = L::select(m, c(row[3]), p1);
            dur = L::select(m, i.sie_dur[k], dur);
        }
        let len = L::select(dur.cmp_eq(c(0)), c(1), dur);
        let t = (self.phase_timer + c(1)).wrap_u(16);
        let done = t.cmp_ge(len);
        let next = L::select(
            phase.cmp_eq(c(i64::from(PHASE_REFRACTORY))),
            c(i64::from(PHASE_BASELINE)),
            phase + c(1),
        );
        // `(t << 16) / len` of unsigned 32-bit operands: `t << 16` < 2^32 is non-negative in a
        // 33-bit signed target, both are below 2^53 and len ≥ 1, so the f64 division is exact
        // (`div_f64`); the RTL keeps 16 bits of it, which is all of it while t < len.
        let f = t.shl(16, 33).div_f64(len).wrap_u(16);
        (
            L::select(done, next, phase),
            L::select(done, c(0), t),
            L::select(done, g1, lerp_s(g0, g1, f)),
            L::select(done, p1, lerp_s(p0, p1, f)),
        )
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrIgnitionControllerOutputsL<L> {
        let c = L::splat;
        let phase = self.sie_phase;
        SrIgnitionControllerOutputsL {
            sie_phase: phase,
            phase_timer: self.phase_timer,
            sie_gain: self.sie_gain,
            sie_plv: self.sie_plv,
            coherence_smooth: self.coherence_smooth(),
            beta_smooth: self.beta_smooth(),
            armed: self.armed,
            sie_active: L::from_mask(
                phase.cmp_ge(c(i64::from(PHASE_COHERENCE)))
                    & phase.cmp_le(c(i64::from(PHASE_DECAY))),
            ),
            sie_decay_phase: L::from_mask(phase.cmp_eq(c(i64::from(PHASE_DECAY)))),
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

    mod lanes {
        use super::super::*;
        use super::NORMAL;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn regs() -> impl Strategy<Value = SrIgnitionController> {
            // Every register over its whole width (phase 7, unused, acts as BASELINE); the
            // timer often near the phase lengths below so that phase ends happen.
            (
                0u8..8,
                prop_oneof![any::<u16>(), 0u16..8],
                -131_072i32..=131_071,
                -131_072i32..=131_071,
                -(1i64 << 28)..(1i64 << 28),
                -(1i64 << 27)..(1i64 << 27),
                prop_oneof![0u16..4096, 995u16..1000],
                any::<bool>(),
            )
                .prop_map(
                    |(sie_phase, phase_timer, sie_gain, sie_plv, ca, ba, dwell_timer, armed)| {
                        SrIgnitionController {
                            sie_phase,
                            phase_timer,
                            sie_gain,
                            sie_plv,
                            coherence_acc: ca,
                            beta_acc: ba,
                            dwell_timer,
                            armed,
                        }
                    },
                )
        }

        fn inputs() -> impl Strategy<Value = SrIgnitionControllerInputs> {
            // Coherence and beta over and beyond 18 bits and near the thresholds; the trigger
            // sometimes; durations anywhere, often short or 0 (acts as 1).
            let port = || prop_oneof![-131_072i32..=131_071, 12_000i32..16_000, any::<i32>()];
            (
                port(),
                port(),
                prop::bool::weighted(0.2),
                prop::array::uniform6(prop_oneof![any::<u16>(), 0u16..6]),
            )
                .prop_map(
                    |(coherence_in, beta_amplitude, ignition_trigger, sie_dur)| {
                        SrIgnitionControllerInputs {
                            coherence_in,
                            beta_amplitude,
                            ignition_trigger,
                            sie_dur,
                        }
                    },
                )
        }

        proptest! {
            /// Every lane is the scalar controller on that lane's registers and inputs, tick
            /// after tick (outputs and registers).
            #[test]
            fn every_lane_is_the_scalar_controller(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = SrIgnitionControllerL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&SrIgnitionControllerInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        prop_assert_eq!(lanes.outputs().lane(k), scalar[k].outputs());
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB of one lane's timer mid-ramp is a different gain.
            let mut s = SrIgnitionController::new();
            s.sie_phase = PHASE_COHERENCE;
            s.phase_timer = 100;
            let mut l = SrIgnitionControllerL::<Lanes<N>>::gather(|_| s);
            l.phase_timer.0[1] += 1;
            let i = SrIgnitionControllerInputs {
                sie_dur: NORMAL,
                ..Default::default()
            };
            let o = l.tick(&SrIgnitionControllerInputsL::gather(|_| i));
            let so = s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1), s);
            assert_ne!(o.lane(1), so);
        }
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
