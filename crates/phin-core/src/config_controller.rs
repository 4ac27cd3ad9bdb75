//! `config_controller` (rtl/config_controller.v): the five consciousness states of section 8,
//! with the MU table of section 8.2, a state-dependent Ca²⁺ threshold and state-dependent SIE
//! phase durations, and the v11.4 transition interpolation.
//!
//! Hardware facts (contract: docs/spec/config_controller.md):
//! - `state_select` 5-7 request NORMAL: `req = state_select > 4 ? 0 : state_select`.
//! - A request is `req != transition_to`, sampled on a clock-enable edge. That edge copies the
//!   current outputs into the shadow (`start_*`) registers, latches `duration =
//!   max(transition_duration, 1)`, clears `count` and `transition_progress`, sets
//!   `transitioning`, moves `transition_to` into `transition_from` and `req` into
//!   `transition_to`; the outputs hold, so a request mid-transition never jumps.
//! - Each later edge while `transitioning`: `count += 1`; when `count == duration` every output
//!   takes the target row exactly, `transition_progress = 65535`, `transitioning = 0`; otherwise
//!   `p = count * 65535 / duration` and every output is a linear interpolation from its start:
//!   signed `a + ((b - a) * p) >>> 16` for the MU values and the Ca²⁺ threshold, unsigned
//!   `a ± (|b - a| * p) >> 16` for the SIE durations.
//! - `force_harmonic = transition_to == MEDITATION` (combinational from the register).

use crate::constants::{
    CA_THRESHOLD, MU_TABLE, NUM_STATES, PROGRESS_FULL, SIE_DURATIONS, STATE_MEDITATION,
    STATE_NORMAL,
};
use crate::fixed_point::{add_s, asr, bits, div_u, mul_s, mul_u, raw, sub_s, wrap_u, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `config_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConfigControllerInputs {
    /// `input [2:0] state_select` (only the low 3 bits are used).
    pub state_select: u8,
    /// `input [15:0] transition_duration`: ticks of the ramp; 0 acts as 1.
    pub transition_duration: u16,
}

/// Outputs of `config_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConfigControllerOutputs {
    /// `mu_dt_theta, mu_dt_l6, mu_dt_l5b, mu_dt_l5a, mu_dt_l4, mu_dt_l23` (Q14 words, = MU).
    pub mu_dt: [i32; 6],
    /// `ca_threshold` (Q14).
    pub ca_threshold: i32,
    /// `sie_dur_coherence .. sie_dur_refractory` (ticks).
    pub sie_dur: [u16; 6],
    /// `force_harmonic`: MEDITATION forces HARMONIC coupling mode.
    pub force_harmonic: bool,
    /// `transitioning`.
    pub transitioning: bool,
    /// `transition_progress[15:0]`: 0 → 65535.
    pub transition_progress: u16,
    /// `transition_from[2:0]`.
    pub transition_from: u8,
    /// `transition_to[2:0]`.
    pub transition_to: u8,
}

/// State of one `config_controller`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigController {
    /// `reg signed [17:0] mu_dt_theta .. mu_dt_l23`.
    pub mu_dt: [i32; 6],
    /// `reg signed [17:0] ca_threshold`.
    pub ca_threshold: i32,
    /// `reg [15:0] sie_dur_coherence .. sie_dur_refractory`.
    pub sie_dur: [u16; 6],
    /// Shadow registers `start_mu_theta .. start_mu_l23`.
    pub start_mu: [i32; 6],
    /// Shadow register `start_ca`.
    pub start_ca: i32,
    /// Shadow registers `start_dur_coherence .. start_dur_refractory`.
    pub start_dur: [u16; 6],
    /// `reg [15:0] count`: ticks since the request edge.
    pub count: u16,
    /// `reg [15:0] duration`: latched `max(transition_duration, 1)`.
    pub duration: u16,
    /// `reg transitioning`.
    pub transitioning: bool,
    /// `reg [15:0] transition_progress`.
    pub transition_progress: u16,
    /// `reg [2:0] transition_from`.
    pub transition_from: u8,
    /// `reg [2:0] transition_to`.
    pub transition_to: u8,
}

impl Default for ConfigController {
    fn default() -> Self {
        Self::new()
    }
}

/// The state code a `state_select` value requests: 5-7 (and any higher bits) request NORMAL.
#[inline(always)]
pub const fn requested_state(state_select: u8) -> u8 {
    let s = state_select & 7;
    if s as usize >= NUM_STATES {
        STATE_NORMAL
    } else {
        s
    }
}

/// Signed lerp of the RTL: `a + ((b - a) * p) >>> 16` with `d` 19 bits, the product in a 37-bit
/// context and the sum assigned to 18 bits. Shared with `sr_ignition_controller`.
#[inline(always)]
pub const fn lerp_s(a: i64, b: i64, p: u16) -> i64 {
    let d = sub_s(b, a, WIDTH + 1);
    let prod = mul_s(d, p as i64, 37);
    add_s(a, asr(prod, 16), WIDTH)
}

/// Unsigned lerp of the RTL: `b >= a ? a + ((b - a) * p)[31:16] : a - ((a - b) * p)[31:16]`.
#[inline(always)]
pub const fn lerp_u(a: u16, b: u16, p: u16) -> u16 {
    if b >= a {
        let prod = mul_u((b - a) as u64, p as u64, 32);
        wrap_u(a as i64 + bits(prod as i64, 31, 16) as i64, 16) as u16
    } else {
        let prod = mul_u((a - b) as u64, p as u64, 32);
        wrap_u(a as i64 - bits(prod as i64, 31, 16) as i64, 16) as u16
    }
}

const fn mu_row(state: usize) -> [i32; 6] {
    let r = MU_TABLE[state];
    [
        r[0] as i32,
        r[1] as i32,
        r[2] as i32,
        r[3] as i32,
        r[4] as i32,
        r[5] as i32,
    ]
}

impl ConfigController {
    /// A controller in its reset state: NORMAL, not transitioning, progress 0.
    pub const fn new() -> Self {
        let n = STATE_NORMAL as usize;
        ConfigController {
            mu_dt: mu_row(n),
            ca_threshold: CA_THRESHOLD[n] as i32,
            sie_dur: SIE_DURATIONS[n],
            start_mu: mu_row(n),
            start_ca: CA_THRESHOLD[n] as i32,
            start_dur: SIE_DURATIONS[n],
            count: 0,
            duration: 1,
            transitioning: false,
            transition_progress: 0,
            transition_from: STATE_NORMAL,
            transition_to: STATE_NORMAL,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge.
    #[inline]
    pub fn tick(&mut self, i: &ConfigControllerInputs) -> ConfigControllerOutputs {
        let req = requested_state(i.state_select);
        if req != self.transition_to {
            self.start_mu = self.mu_dt;
            self.start_ca = self.ca_threshold;
            self.start_dur = self.sie_dur;
            self.count = 0;
            self.duration = if i.transition_duration == 0 {
                1
            } else {
                i.transition_duration
            };
            self.transitioning = true;
            self.transition_progress = 0;
            self.transition_from = self.transition_to;
            self.transition_to = req;
        } else if self.transitioning {
            let to = self.transition_to as usize;
            let count_nx = wrap_u(i64::from(self.count) + 1, 16) as u16;
            self.count = count_nx;
            if count_nx == self.duration {
                self.mu_dt = mu_row(to);
                self.ca_threshold = CA_THRESHOLD[to] as i32;
                self.sie_dur = SIE_DURATIONS[to];
                self.transitioning = false;
                self.transition_progress = PROGRESS_FULL;
            } else {
                let num = mul_u(u64::from(count_nx), 65_535, 32);
                let p = div_u(num, u64::from(self.duration), 32) as u16;
                for k in 0..6 {
                    self.mu_dt[k] = lerp_s(i64::from(self.start_mu[k]), MU_TABLE[to][k], p) as i32;
                    self.sie_dur[k] = lerp_u(self.start_dur[k], SIE_DURATIONS[to][k], p);
                }
                self.ca_threshold = lerp_s(i64::from(self.start_ca), CA_THRESHOLD[to], p) as i32;
                self.transition_progress = p;
            }
        }
        self.outputs()
    }

    /// The outputs as the RTL drives them from the registers.
    #[inline(always)]
    pub const fn outputs(&self) -> ConfigControllerOutputs {
        ConfigControllerOutputs {
            mu_dt: self.mu_dt,
            ca_threshold: self.ca_threshold,
            sie_dur: self.sie_dur,
            force_harmonic: self.transition_to == STATE_MEDITATION,
            transitioning: self.transitioning,
            transition_progress: self.transition_progress,
            transition_from: self.transition_from,
            transition_to: self.transition_to,
        }
    }
}

/// Suffixes of the six MU outputs, in table-column order.
pub const MU_NAMES: [&str; 6] = ["theta", "l6", "l5b", "l5a", "l4", "l23"];
/// Suffixes of the six SIE duration outputs, in phase order.
pub const DUR_NAMES: [&str; 6] = [
    "coherence",
    "ignition",
    "plateau",
    "propagation",
    "decay",
    "refractory",
];

impl Observable for ConfigController {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for n in MU_NAMES {
            out.push(Signal::new(prefix, &format!("mu_dt_{n}"), WIDTH, true));
        }
        out.push(Signal::new(prefix, "ca_threshold", WIDTH, true));
        for n in DUR_NAMES {
            out.push(Signal::new(prefix, &format!("sie_dur_{n}"), 16, false));
        }
        out.push(Signal::new(prefix, "force_harmonic", 1, false));
        out.push(Signal::new(prefix, "transitioning", 1, false));
        out.push(Signal::new(prefix, "transition_progress", 16, false));
        out.push(Signal::new(prefix, "transition_from", 3, false));
        out.push(Signal::new(prefix, "transition_to", 3, false));
        for n in MU_NAMES {
            out.push(Signal::new(prefix, &format!("start_mu_{n}"), WIDTH, true));
        }
        out.push(Signal::new(prefix, "start_ca", WIDTH, true));
        for n in DUR_NAMES {
            out.push(Signal::new(prefix, &format!("start_dur_{n}"), 16, false));
        }
        out.push(Signal::new(prefix, "count", 16, false));
        out.push(Signal::new(prefix, "duration", 16, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        let mut n = 0;
        let mut put = |v: u64| {
            out[n] = v;
            n += 1;
        };
        for v in o.mu_dt {
            put(raw(i64::from(v), WIDTH));
        }
        put(raw(i64::from(o.ca_threshold), WIDTH));
        for v in o.sie_dur {
            put(u64::from(v));
        }
        put(u64::from(o.force_harmonic));
        put(u64::from(o.transitioning));
        put(u64::from(o.transition_progress));
        put(u64::from(o.transition_from));
        put(u64::from(o.transition_to));
        for v in self.start_mu {
            put(raw(i64::from(v), WIDTH));
        }
        put(raw(i64::from(self.start_ca), WIDTH));
        for v in self.start_dur {
            put(u64::from(v));
        }
        put(u64::from(self.count));
        put(u64::from(self.duration));
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{STATE_ANESTHESIA, STATE_FLOW, STATE_PSYCHEDELIC};

    fn run(c: &mut ConfigController, state: u8, dur: u16, ticks: u32) -> ConfigControllerOutputs {
        let i = ConfigControllerInputs {
            state_select: state,
            transition_duration: dur,
        };
        let mut o = c.outputs();
        for _ in 0..ticks {
            o = c.tick(&i);
        }
        o
    }

    #[test]
    fn every_state_has_the_mu_values_of_the_section_8_2_table() {
        // The table written out again from the description, independently of MU_TABLE.
        let table: [(u8, [i32; 6]); 5] = [
            (0, [3, 3, 3, 3, 3, 3]),
            (1, [2, 6, 2, 2, 1, 1]),
            (2, [4, 1, 4, 4, 6, 6]),
            (3, [4, 2, 6, 6, 4, 4]),
            (4, [6, 6, 1, 1, 1, 2]),
        ];
        for (state, mu) in table {
            for from in 0..5u8 {
                let mut c = ConfigController::new();
                run(&mut c, from, 0, 3);
                let o = run(&mut c, state, 0, 2);
                assert_eq!(o.mu_dt, mu, "state {state} reached from {from}");
                assert_eq!(o.transition_to, state);
                assert!(!o.transitioning);
                assert_eq!(o.force_harmonic, state == STATE_MEDITATION);
            }
        }
        assert_eq!(ConfigController::new().outputs().mu_dt, [3; 6]);
    }

    #[test]
    fn codes_5_to_7_request_normal() {
        for code in 5..8u8 {
            let mut c = ConfigController::new();
            run(&mut c, STATE_FLOW, 0, 2);
            // From FLOW, 5-7 start a transition to NORMAL and land exactly on its row.
            let o = run(&mut c, code, 0, 1);
            assert!(o.transitioning && o.transition_to == STATE_NORMAL);
            assert_eq!(o.transition_from, STATE_FLOW);
            let o = run(&mut c, code, 0, 1);
            assert_eq!(o.mu_dt, [3; 6]);
            assert_eq!(o.ca_threshold as i64, CA_THRESHOLD[0]);
            // Held at NORMAL, 5-7 are no request at all.
            let before = c;
            run(&mut c, code, 100, 50);
            assert_eq!(c, before);
        }
    }

    #[test]
    fn instant_transition_takes_one_tick() {
        let mut c = ConfigController::new();
        let o = run(&mut c, STATE_ANESTHESIA, 0, 1);
        assert_eq!(
            (o.mu_dt, o.transitioning, o.transition_progress),
            ([3; 6], true, 0)
        );
        let o = run(&mut c, STATE_ANESTHESIA, 0, 1);
        assert_eq!(o.mu_dt, [2, 6, 2, 2, 1, 1]);
        assert_eq!(o.transition_progress, 65_535);
        assert_eq!(o.sie_dur, SIE_DURATIONS[1]);
    }

    #[test]
    fn a_transition_is_monotone_and_lands_exactly_at_the_duration() {
        for (from, to, dur) in [
            (STATE_NORMAL, STATE_MEDITATION, 40_000u16),
            (STATE_MEDITATION, STATE_PSYCHEDELIC, 777),
            (STATE_ANESTHESIA, STATE_FLOW, 3),
            (STATE_PSYCHEDELIC, STATE_ANESTHESIA, 65_535),
        ] {
            let mut c = ConfigController::new();
            run(&mut c, from, 0, 2);
            let start = run(&mut c, to, dur, 1); // the request edge
            let mut prev = start;
            for t in 1..=u32::from(dur) {
                let o = run(&mut c, to, dur, 1);
                assert!(o.transition_progress >= prev.transition_progress);
                for k in 0..6 {
                    let (a, b, v) = (prev.mu_dt[k], o.mu_dt[k], MU_TABLE[to as usize][k] as i32);
                    assert!((v - b).signum() * (b - a).signum() >= 0 || b == a);
                    if dur >= 10 {
                        assert!((b - a).abs() <= 1, "MU step of {} at tick {t}", b - a);
                    }
                    let (a, b) = (prev.sie_dur[k], o.sie_dur[k]);
                    let tgt = SIE_DURATIONS[to as usize][k];
                    assert!(if tgt >= start.sie_dur[k] {
                        b >= a
                    } else {
                        b <= a
                    });
                }
                let tgt = CA_THRESHOLD[to as usize] as i32;
                let (a, b) = (prev.ca_threshold, o.ca_threshold);
                assert!(if tgt >= start.ca_threshold {
                    b >= a
                } else {
                    b <= a
                });
                assert_eq!(o.transitioning, t < u32::from(dur), "tick {t} of {dur}");
                if t < u32::from(dur) {
                    assert_ne!(o.transition_progress, 65_535);
                }
                prev = o;
            }
            assert_eq!(prev.mu_dt, mu_row(to as usize));
            assert_eq!(prev.ca_threshold as i64, CA_THRESHOLD[to as usize]);
            assert_eq!(prev.sie_dur, SIE_DURATIONS[to as usize]);
            assert_eq!(prev.transition_progress, 65_535);
            assert_eq!((prev.transition_from, prev.transition_to), (from, to));
        }
    }

    #[test]
    fn a_mid_transition_request_starts_from_the_current_values_and_never_jumps() {
        let mut c = ConfigController::new();
        run(&mut c, STATE_NORMAL, 0, 1);
        run(&mut c, STATE_MEDITATION, 8_000, 3_001); // request + 3000 ramp ticks
        let mid = c.outputs();
        assert!(mid.transitioning && mid.transition_progress > 0);
        assert_ne!(mid.ca_threshold as i64, CA_THRESHOLD[0]);
        // New request to FLOW: the request edge holds every output.
        let o = run(&mut c, STATE_FLOW, 4_000, 1);
        assert_eq!(
            (o.mu_dt, o.ca_threshold, o.sie_dur),
            (mid.mu_dt, mid.ca_threshold, mid.sie_dur)
        );
        assert_eq!(
            (o.transition_from, o.transition_to),
            (STATE_MEDITATION, STATE_FLOW)
        );
        assert_eq!(c.start_ca, mid.ca_threshold);
        let mut prev = o;
        for _ in 0..4_000 {
            let o = run(&mut c, STATE_FLOW, 4_000, 1);
            for k in 0..6 {
                assert!((o.mu_dt[k] - prev.mu_dt[k]).abs() <= 1);
                let step = i32::from(o.sie_dur[k]) - i32::from(prev.sie_dur[k]);
                assert!(step.abs() <= 2, "SIE duration jumped by {step}");
            }
            assert!((o.ca_threshold - prev.ca_threshold).abs() <= 2);
            prev = o;
        }
        assert_eq!(prev.mu_dt, mu_row(STATE_FLOW as usize));
        assert!(!prev.transitioning);
    }

    #[test]
    fn lerp_helpers_hit_both_ends() {
        assert_eq!(lerp_s(3, 6, 0), 3);
        assert_eq!(lerp_s(6, 1, 0), 6);
        assert_eq!(lerp_s(-131_072, 131_071, 65_535), 131_067);
        assert_eq!(lerp_s(6, 1, 65_535), 1);
        assert_eq!(lerp_u(40_000, 24_000, 32_768), 32_000);
        assert_eq!(lerp_u(0, 65_535, 65_535), 65_534);
        assert_eq!(requested_state(STATE_PSYCHEDELIC), STATE_PSYCHEDELIC);
    }

    #[test]
    fn table_names_every_register() {
        let t = ConfigController::signal_table();
        assert_eq!(t.len(), 33);
        let c = ConfigController::new();
        assert_eq!(c.read("sie_dur_refractory"), Some(40_000));
        assert_eq!(c.read("mu_dt_l23"), Some(3));
        assert_eq!(c.read("duration"), Some(1));
    }
}
