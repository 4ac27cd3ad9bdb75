//! `ca3_phase_memory` (rtl/ca3_phase_memory.v): the CA3 auto-associative phase memory
//! (section 5).
//!
//! Hardware facts: a symmetric 6×6 matrix of 8-bit signed Hebbian weights with a zero diagonal,
//! held as the 15 registers above the diagonal `w_i_j` (i < j; `w[j][i]` is the same register).
//! `theta_high` tracks theta with ±0.25 hysteresis on `theta_x`; its rise is a peak event, its
//! fall a trough event. A state machine IDLE → LEARN / RECALL / DECAY → *_DONE → IDLE learns the
//! latched pattern at a peak (+2, saturating at 100), recalls the latched cue at a trough
//! (`accum_i = Σ_{j≠i} w[i][j]·cue[j] > 30`), and at a trough without a pattern, once 10 theta
//! cycles have passed, decays every weight by 1 towards 0. Bit-level contract:
//! docs/spec/ca3_phase_memory.md.

use crate::constants::{
    CA3_HYST_HI, CA3_HYST_LO, DECAY_INTERVAL, DECAY_RATE, LEARN_RATE, RECALL_THRESHOLD, WEIGHT_MAX,
};
use crate::fixed_point::{add_s, bits, sub_s, wrap_s, WIDTH};
use crate::signals::{Observable, Signal};

/// State codes of the CA3 state machine (`reg [2:0] state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Ca3State {
    /// Waiting for a theta event.
    Idle = 0,
    /// Applying the Hebbian increment.
    Learn = 1,
    /// One tick after learning.
    LearnDone = 2,
    /// Computing the recalled pattern.
    Recall = 3,
    /// One tick after recall.
    RecallDone = 4,
    /// Decaying every weight.
    Decay = 5,
    /// One tick after decay.
    DecayDone = 6,
}

impl Ca3State {
    /// The state a `state` code names (`None` for 7, which the machine never holds).
    pub const fn from_code(code: u8) -> Option<Ca3State> {
        match code {
            0 => Some(Ca3State::Idle),
            1 => Some(Ca3State::Learn),
            2 => Some(Ca3State::LearnDone),
            3 => Some(Ca3State::Recall),
            4 => Some(Ca3State::RecallDone),
            5 => Some(Ca3State::Decay),
            6 => Some(Ca3State::DecayDone),
            _ => None,
        }
    }
}

/// The 15 (i, j) pairs above the diagonal, in register order `w_0_1, w_0_2, …, w_4_5`.
pub const PAIRS: [(usize, usize); 15] = {
    let mut p = [(0usize, 0usize); 15];
    let (mut i, mut k) = (0, 0);
    while i < 6 {
        let mut j = i + 1;
        while j < 6 {
            p[k] = (i, j);
            k += 1;
            j += 1;
        }
        i += 1;
    }
    p
};

/// Inputs of `ca3_phase_memory`, same port names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ca3PhaseMemoryInputs {
    /// `input signed [17:0] theta_x`: the thalamic theta oscillator, Q4.14.
    pub theta_x: i32,
    /// `input [5:0] pattern_in`: the cortical pattern (bit map of section 5.4).
    pub pattern_in: u8,
}

/// Outputs of `ca3_phase_memory`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ca3PhaseMemoryOutputs {
    /// `output reg [5:0] phase_pattern`: the last recalled pattern.
    pub phase_pattern: u8,
    /// `output wire learning`: state == LEARN.
    pub learning: bool,
    /// `output wire recalling`: state == RECALL.
    pub recalling: bool,
}

/// Registers of one `ca3_phase_memory`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ca3PhaseMemory {
    /// `reg [2:0] state` (a [`Ca3State`] code; 7 returns to IDLE).
    pub state: u8,
    /// `reg theta_high`: theta above +0.25 since the last fall below −0.25.
    pub theta_high: bool,
    /// `reg [3:0] theta_cycle_count`: peak events without a pattern since the last decay or
    /// pattern, saturating at 15.
    pub theta_cycle_count: u8,
    /// `reg [5:0] pattern_latched`: the pattern latched at the last learn or recall event.
    pub pattern_latched: u8,
    /// `reg [5:0] phase_pattern`.
    pub phase_pattern: u8,
    /// `reg signed [7:0] w_i_j` for the pairs of [`PAIRS`].
    pub w: [i8; 15],
}

impl Ca3PhaseMemory {
    /// A memory in its reset state: all weights 0, IDLE.
    pub const fn new() -> Self {
        Ca3PhaseMemory {
            state: 0,
            theta_high: false,
            theta_cycle_count: 0,
            pattern_latched: 0,
            phase_pattern: 0,
            w: [0; 15],
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `w[i][j]` of the full symmetric matrix (0 on the diagonal).
    #[inline(always)]
    pub fn weight(&self, i: usize, j: usize) -> i64 {
        if i == j {
            return 0;
        }
        let (a, b) = if i < j { (i, j) } else { (j, i) };
        // Index of (a, b) in PAIRS: rows above a hold 5 + 4 + … entries.
        let k = a * 5 - a * (a.saturating_sub(1)) / 2 + (b - a - 1);
        i64::from(self.w[k])
    }

    /// `accum_i` for the latched cue: 11-bit signed sums of five terms.
    #[inline(always)]
    pub fn accum(&self, i: usize) -> i64 {
        let mut s = 0i64;
        for j in 0..6 {
            if j != i && (self.pattern_latched >> j) & 1 == 1 {
                // term = cue ? {{3{w[7]}}, w} : 0, summed in 11 bits
                s = add_s(s, wrap_s(self.weight(i, j), 11), 11);
            }
        }
        s
    }

    /// `recalled`: bit i set when accum_i > RECALL_THRESHOLD.
    #[inline(always)]
    pub fn recalled(&self) -> u8 {
        let mut p = 0u8;
        for i in 0..6 {
            if self.accum(i) > RECALL_THRESHOLD {
                p |= 1 << i;
            }
        }
        p
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &Ca3PhaseMemoryInputs) -> Ca3PhaseMemoryOutputs {
        let theta_x = wrap_s(i64::from(i.theta_x), WIDTH);
        let pattern_in = bits(i64::from(i.pattern_in), 5, 0) as u8;
        let peak_event = !self.theta_high && theta_x > CA3_HYST_HI;
        let trough_event = self.theta_high && theta_x < CA3_HYST_LO;
        let has_pattern = pattern_in != 0;
        let cur = *self;

        if peak_event {
            self.theta_high = true;
        } else if trough_event {
            self.theta_high = false;
        }

        if cur.state == Ca3State::Decay as u8 || (peak_event && has_pattern) {
            self.theta_cycle_count = 0;
        } else if peak_event && cur.theta_cycle_count != 15 {
            self.theta_cycle_count = cur.theta_cycle_count + 1;
        }

        self.state = match cur.state {
            0 => {
                if peak_event && has_pattern {
                    self.pattern_latched = pattern_in;
                    Ca3State::Learn as u8
                } else if trough_event && has_pattern {
                    self.pattern_latched = pattern_in;
                    Ca3State::Recall as u8
                } else if trough_event && u32::from(cur.theta_cycle_count) >= DECAY_INTERVAL {
                    Ca3State::Decay as u8
                } else {
                    0
                }
            }
            1 => {
                let cue = cur.pattern_latched;
                for (k, &(a, b)) in PAIRS.iter().enumerate() {
                    let both = (cue >> a) & 1 == 1 && (cue >> b) & 1 == 1;
                    self.w[k] = learn(cur.w[k], both);
                }
                Ca3State::LearnDone as u8
            }
            3 => {
                self.phase_pattern = cur.recalled();
                Ca3State::RecallDone as u8
            }
            5 => {
                for k in 0..15 {
                    self.w[k] = decay(cur.w[k]);
                }
                Ca3State::DecayDone as u8
            }
            _ => 0,
        };
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> Ca3PhaseMemoryOutputs {
        Ca3PhaseMemoryOutputs {
            phase_pattern: self.phase_pattern,
            learning: self.state == Ca3State::Learn as u8,
            recalling: self.state == Ca3State::Recall as u8,
        }
    }
}

/// The function `learn`: +LEARN_RATE in 9 bits, saturated at WEIGHT_MAX, when both units fire.
#[inline(always)]
fn learn(w: i8, both: bool) -> i8 {
    let s = add_s(i64::from(w), LEARN_RATE, 9);
    if !both {
        w
    } else if s > WEIGHT_MAX {
        WEIGHT_MAX as i8
    } else {
        wrap_s(s, 8) as i8
    }
}

/// The function `decay`: w > DECAY_RATE ? w − DECAY_RATE : 0, in 8 bits.
#[inline(always)]
fn decay(w: i8) -> i8 {
    let w = i64::from(w);
    if w > DECAY_RATE {
        sub_s(w, DECAY_RATE, 8) as i8
    } else {
        0
    }
}

impl Observable for Ca3PhaseMemory {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "state", 3, false));
        out.push(Signal::new(prefix, "theta_high", 1, false));
        out.push(Signal::new(prefix, "theta_cycle_count", 4, false));
        out.push(Signal::new(prefix, "pattern_latched", 6, false));
        out.push(Signal::new(prefix, "phase_pattern", 6, false));
        out.push(Signal::new(prefix, "learning", 1, false));
        out.push(Signal::new(prefix, "recalling", 1, false));
        for (a, b) in PAIRS {
            out.push(Signal::new(prefix, &format!("w_{a}_{b}"), 8, true));
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = u64::from(self.state);
        out[1] = u64::from(self.theta_high);
        out[2] = u64::from(self.theta_cycle_count);
        out[3] = u64::from(self.pattern_latched);
        out[4] = u64::from(self.phase_pattern);
        out[5] = u64::from(o.learning);
        out[6] = u64::from(o.recalling);
        for k in 0..15 {
            out[7 + k] = crate::fixed_point::raw(i64::from(self.w[k]), 8);
        }
        22
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};

    /// Drives the memory with a theta oscillator (MU 3, OMEGA_DT 152) for `cycles` theta cycles,
    /// presenting `at_peak` while theta_x > 0 and `at_trough` while theta_x < 0.
    fn drive(m: &mut Ca3PhaseMemory, theta: &mut HopfOscillator, ticks: u32, pos: u8, neg: u8) {
        let ti = HopfOscillatorInputs {
            mu_dt: 3,
            omega_dt: 152,
            input_x: 0,
        };
        for _ in 0..ticks {
            let x = theta.outputs().x;
            let pattern_in = if x > 0 { pos } else { neg };
            m.tick(&Ca3PhaseMemoryInputs {
                theta_x: x,
                pattern_in,
            });
            theta.tick(&ti);
        }
    }

    const CYCLE: u32 = 680; // one theta cycle at 5.89 Hz

    #[test]
    fn pair_index_matches_the_table() {
        let mut m = Ca3PhaseMemory::new();
        for (k, &(a, b)) in PAIRS.iter().enumerate() {
            m.w[k] = k as i8 + 1;
            assert_eq!(m.weight(a, b), k as i64 + 1);
            assert_eq!(m.weight(b, a), k as i64 + 1);
            assert_eq!(m.weight(a, a), 0);
        }
    }

    #[test]
    fn stores_at_peaks_and_recalls_from_a_partial_cue_at_troughs() {
        let (mut m, mut th) = (Ca3PhaseMemory::new(), HopfOscillator::new());
        // Learn 0b010101 (sensory L2/3, assoc L2/3, motor L2/3) for 20 theta cycles.
        drive(&mut m, &mut th, 20 * CYCLE, 0b01_0101, 0);
        // 20 cycles plus the peak event of the reset value x = 0.5: 20 or 21 learns.
        assert!((40..=42).contains(&m.weight(0, 2)), "{}", m.weight(0, 2));
        assert_eq!(m.weight(2, 4), m.weight(0, 2));
        assert_eq!(m.weight(0, 1), 0);
        // Partial cue: only bit 0, presented at troughs.
        drive(&mut m, &mut th, 2 * CYCLE, 0, 0b00_0001);
        assert_eq!(m.phase_pattern, 0b01_0100, "completes the other two units");
        // Cue of two units recalls all three.
        drive(&mut m, &mut th, 2 * CYCLE, 0, 0b00_0101);
        assert_eq!(m.phase_pattern, 0b01_0101);
    }

    #[test]
    fn learning_saturates_at_weight_max() {
        let (mut m, mut th) = (Ca3PhaseMemory::new(), HopfOscillator::new());
        drive(&mut m, &mut th, 80 * CYCLE, 0b11_0000, 0);
        assert_eq!(m.weight(4, 5), WEIGHT_MAX);
        assert_eq!(learn(99, true), 100);
        assert_eq!(learn(100, false), 100);
    }

    #[test]
    fn an_unused_pattern_decays_to_zero() {
        let (mut m, mut th) = (Ca3PhaseMemory::new(), HopfOscillator::new());
        drive(&mut m, &mut th, 10 * CYCLE, 0b00_0011, 0);
        let w0 = m.weight(0, 1);
        assert!(w0 >= 18, "learned {w0}");
        // No pattern: one decay every 10 theta cycles (plus the cycle the DECAY tick resets).
        drive(&mut m, &mut th, 11 * CYCLE * (w0 as u32 + 1), 0, 0);
        assert_eq!(m.weight(0, 1), 0);
        assert!(m.w.iter().all(|&w| w == 0));
        // It did not vanish at once: after 30 cycles only ~3 decrements had happened.
        let (mut m2, mut th2) = (Ca3PhaseMemory::new(), HopfOscillator::new());
        drive(&mut m2, &mut th2, 10 * CYCLE, 0b00_0011, 0);
        drive(&mut m2, &mut th2, 30 * CYCLE, 0, 0);
        let left = m2.weight(0, 1);
        assert!(left > 0 && left < w0 && w0 - left <= 4, "{w0} -> {left}");
    }

    #[test]
    fn hysteresis_ignores_small_theta() {
        let mut m = Ca3PhaseMemory::new();
        for k in 0..10_000 {
            let x = if k % 2 == 0 { 4_000 } else { -4_000 };
            m.tick(&Ca3PhaseMemoryInputs {
                theta_x: x,
                pattern_in: 0b11_1111,
            });
        }
        assert_eq!(m.state, 0);
        assert!(m.w.iter().all(|&w| w == 0));
    }
}
