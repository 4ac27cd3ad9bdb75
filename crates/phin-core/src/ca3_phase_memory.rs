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
use crate::fixed_point::{bits, wrap_s, WIDTH};
use crate::lane::{Lane, LaneMask};
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

    /// `accum_i` for the latched cue: 11-bit signed sums of five terms
    /// ([`Ca3PhaseMemoryL::accum`] on one lane).
    #[inline(always)]
    pub fn accum(&self, i: usize) -> i64 {
        Ca3PhaseMemoryL::<i64>::gather(|_| *self).accum(i)
    }

    /// `recalled`: bit i set when accum_i > RECALL_THRESHOLD ([`Ca3PhaseMemoryL::recalled`] on
    /// one lane).
    #[inline(always)]
    pub fn recalled(&self) -> u8 {
        Ca3PhaseMemoryL::<i64>::gather(|_| *self).recalled() as u8
    }

    /// One clock-enable edge: [`Ca3PhaseMemoryL::tick`] on one lane.
    ///
    /// Only LEARN, RECALL and DECAY read or write the weights (the three guarded blocks of the
    /// lane tick). In every other state the one-lane tick runs with the weights left out (zeros
    /// it does not read) and the registers keep theirs: moving the 15 weights into `i64` lanes
    /// and back on every tick cost the scalar tick about 90 instructions (measured with
    /// `tick_cost`). The lane-against-scalar test runs every state with random weights, so a
    /// state that did touch the weights here would be seen.
    #[inline(always)]
    pub fn tick(&mut self, i: &Ca3PhaseMemoryInputs) -> Ca3PhaseMemoryOutputs {
        let li = Ca3PhaseMemoryInputsL::gather(|_| *i);
        let touches_weights = self.state == Ca3State::Learn as u8
            || self.state == Ca3State::Recall as u8
            || self.state == Ca3State::Decay as u8;
        if touches_weights {
            let mut l = Ca3PhaseMemoryL::<i64>::gather(|_| *self);
            l.tick(&li);
            *self = l.lane(0);
        } else {
            let w = self.w;
            let mut l = Ca3PhaseMemoryL::<i64>::gather(|_| Ca3PhaseMemory {
                w: [0; 15],
                ..*self
            });
            l.tick(&li);
            *self = Ca3PhaseMemory { w, ..l.lane(0) };
        }
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

/// [`Ca3PhaseMemoryInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ca3PhaseMemoryInputsL<L: Lane> {
    /// `theta_x`, truncated to its 18 bits.
    pub theta_x: L,
    /// `pattern_in`, truncated to its 6 bits.
    pub pattern_in: L,
}

impl<L: Lane> Ca3PhaseMemoryInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its width as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> Ca3PhaseMemoryInputs) -> Self {
        Ca3PhaseMemoryInputsL {
            theta_x: L::from_fn(|k| wrap_s(i64::from(f(k).theta_x), WIDTH)),
            pattern_in: L::from_fn(|k| bits(i64::from(f(k).pattern_in), 5, 0) as i64),
        }
    }
}

/// [`Ca3PhaseMemoryOutputs`] over lanes (`learning`, `recalling` 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ca3PhaseMemoryOutputsL<L: Lane> {
    /// `phase_pattern`.
    pub phase_pattern: L,
    /// `learning` (0 or 1).
    pub learning: L,
    /// `recalling` (0 or 1).
    pub recalling: L,
}

impl<L: Lane> Ca3PhaseMemoryOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> Ca3PhaseMemoryOutputs {
        Ca3PhaseMemoryOutputs {
            phase_pattern: self.phase_pattern.lane(k) as u8,
            learning: self.learning.lane(k) != 0,
            recalling: self.recalling.lane(k) != 0,
        }
    }
}

/// The registers of `ca3_phase_memory` over lanes: the one source of its next state,
/// [`Ca3PhaseMemory`] being the one-lane case (`L = i64`). Unsigned registers hold their value,
/// `theta_high` 0 or 1, the weights their signed 8-bit value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ca3PhaseMemoryL<L: Lane> {
    /// `state`.
    pub state: L,
    /// `theta_high` (0 or 1).
    pub theta_high: L,
    /// `theta_cycle_count`.
    pub theta_cycle_count: L,
    /// `pattern_latched`.
    pub pattern_latched: L,
    /// `phase_pattern`.
    pub phase_pattern: L,
    /// `w_i_j` for the pairs of [`PAIRS`].
    pub w: [L; 15],
}

impl<L: Lane> Ca3PhaseMemoryL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> Ca3PhaseMemory) -> Self {
        Ca3PhaseMemoryL {
            state: L::from_fn(|k| i64::from(f(k).state)),
            theta_high: L::from_fn(|k| i64::from(f(k).theta_high)),
            theta_cycle_count: L::from_fn(|k| i64::from(f(k).theta_cycle_count)),
            pattern_latched: L::from_fn(|k| i64::from(f(k).pattern_latched)),
            phase_pattern: L::from_fn(|k| i64::from(f(k).phase_pattern)),
            w: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).w[n]))),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> Ca3PhaseMemory {
        Ca3PhaseMemory {
            state: self.state.lane(k) as u8,
            theta_high: self.theta_high.lane(k) != 0,
            theta_cycle_count: self.theta_cycle_count.lane(k) as u8,
            pattern_latched: self.pattern_latched.lane(k) as u8,
            phase_pattern: self.phase_pattern.lane(k) as u8,
            w: self.w.map(|v| v.lane(k) as i8),
        }
    }

    /// Bit `j` of the latched cue as a lane mask.
    #[inline(always)]
    fn cue(&self, j: usize) -> L::Mask {
        self.pattern_latched.bits(j as u32, j as u32).truthy()
    }

    /// `accum_i` for the latched cue: the sum over `j ≠ i` of `cue[j] ? w[i][j] : 0`.
    #[inline(always)]
    pub fn accum(&self, i: usize) -> L {
        self.accums()[i]
    }

    /// Every `accum_i`, each weight read once for both of its units.
    ///
    /// The RTL sums sign-extended 8-bit weights in 11 bits; five terms of magnitude at most 128
    /// are at most 640 < 2^10, so that truncation keeps every bit and is left out. Every index is
    /// a constant of [`PAIRS`] once the loop is unrolled, so the weights stay in registers (an
    /// array indexed at run time kept the scalar model's weights in memory).
    #[inline(always)]
    fn accums(&self) -> [L; 6] {
        let cue: [L::Mask; 6] = std::array::from_fn(|j| self.cue(j));
        let mut acc = [L::splat(0); 6];
        for (k, &(a, b)) in PAIRS.iter().enumerate() {
            acc[a] = acc[a] + L::select(cue[b], self.w[k], L::splat(0));
            acc[b] = acc[b] + L::select(cue[a], self.w[k], L::splat(0));
        }
        acc.map(|s| s.fit_s(11))
    }

    /// `recalled`: bit i set when accum_i > RECALL_THRESHOLD.
    #[inline(always)]
    pub fn recalled(&self) -> L {
        let acc = self.accums();
        let mut p = L::splat(0);
        for (i, s) in acc.into_iter().enumerate() {
            let hit = s.cmp_gt(L::splat(RECALL_THRESHOLD));
            p = p | L::select(hit, L::splat(1 << i), L::splat(0));
        }
        p
    }

    /// One clock-enable edge on every lane.
    ///
    /// The state machine's arms become masks. LEARN, RECALL and DECAY are entered at most once per
    /// theta half-cycle (a few ticks in a thousand), so their register updates are computed only
    /// when some lane is in that state (for `i64`, the branch of the scalar model).
    #[inline(always)]
    pub fn tick(&mut self, i: &Ca3PhaseMemoryInputsL<L>) -> Ca3PhaseMemoryOutputsL<L> {
        let c = L::splat;
        let state = self.state;
        let st = |code: Ca3State| state.cmp_eq(c(code as i64));
        let (learn, recall, decay) = (
            st(Ca3State::Learn),
            st(Ca3State::Recall),
            st(Ca3State::Decay),
        );
        // The arms that change the weights and the recalled pattern first, while every register
        // still holds its value before the edge (no copy of the whole state: its 15 weights cost
        // the scalar tick a memcpy). A lane is in one state, so each weight takes at most one
        // of the updates.
        if learn.any() {
            for (k, &(a, b)) in PAIRS.iter().enumerate() {
                self.w[k] = self::learn(self.w[k], learn & self.cue(a) & self.cue(b));
            }
        }
        if recall.any() {
            self.phase_pattern = L::select(recall, self.recalled(), self.phase_pattern);
        }
        if decay.any() {
            for w in &mut self.w {
                *w = L::select(decay, self::decay(*w), *w);
            }
        }

        let high = self.theta_high.truthy();
        let peak_event = !high & i.theta_x.cmp_gt(c(CA3_HYST_HI));
        let trough_event = high & i.theta_x.cmp_lt(c(CA3_HYST_LO));
        let has_pattern = i.pattern_in.truthy();

        self.theta_high = L::select(
            peak_event,
            c(1),
            L::select(trough_event, c(0), self.theta_high),
        );

        let count = self.theta_cycle_count;
        self.theta_cycle_count = L::select(
            decay | (peak_event & has_pattern),
            c(0),
            L::select(peak_event & count.cmp_ne(c(15)), count + c(1), count),
        );

        let idle = st(Ca3State::Idle);
        let learn_go = peak_event & has_pattern;
        let recall_go = !learn_go & trough_event & has_pattern;
        let decay_go =
            !learn_go & !recall_go & trough_event & count.cmp_ge(c(i64::from(DECAY_INTERVAL)));
        self.pattern_latched = L::select(
            idle & (learn_go | recall_go),
            i.pattern_in,
            self.pattern_latched,
        );
        let from_idle = L::select(
            learn_go,
            c(Ca3State::Learn as i64),
            L::select(
                recall_go,
                c(Ca3State::Recall as i64),
                L::select(decay_go, c(Ca3State::Decay as i64), c(0)),
            ),
        );
        // LEARN → LEARN_DONE, RECALL → RECALL_DONE, DECAY → DECAY_DONE (codes one above);
        // every other state (the *_DONE states and the unused 7) returns to IDLE.
        self.state = L::select(
            idle,
            from_idle,
            L::select(learn | recall | decay, state + c(1), c(0)),
        );
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> Ca3PhaseMemoryOutputsL<L> {
        let c = L::splat;
        Ca3PhaseMemoryOutputsL {
            phase_pattern: self.phase_pattern,
            learning: L::from_mask(self.state.cmp_eq(c(Ca3State::Learn as i64))),
            recalling: L::from_mask(self.state.cmp_eq(c(Ca3State::Recall as i64))),
        }
    }
}

/// The function `learn`: +LEARN_RATE in 9 bits, saturated at WEIGHT_MAX, when both units fire.
#[inline(always)]
fn learn<L: Lane>(w: L, both: L::Mask) -> L {
    let s = (w + L::splat(LEARN_RATE)).wrap_s(9);
    let learned = L::select(
        s.cmp_gt(L::splat(WEIGHT_MAX)),
        L::splat(WEIGHT_MAX),
        s.wrap_s(8),
    );
    L::select(both, learned, w)
}

/// The function `decay`: w > DECAY_RATE ? w − DECAY_RATE : 0, in 8 bits.
#[inline(always)]
fn decay<L: Lane>(w: L) -> L {
    let d = L::splat(DECAY_RATE);
    L::select(w.cmp_gt(d), (w - d).wrap_s(8), L::splat(0))
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn regs() -> impl Strategy<Value = Ca3PhaseMemory> {
            // Every register over its whole width, state 7 (unused, returns to IDLE) included.
            (
                0u8..8,
                any::<bool>(),
                0u8..16,
                0u8..64,
                0u8..64,
                prop::array::uniform15(any::<i8>()),
            )
                .prop_map(
                    |(state, theta_high, theta_cycle_count, pattern_latched, phase_pattern, w)| {
                        Ca3PhaseMemory {
                            state,
                            theta_high,
                            theta_cycle_count,
                            pattern_latched,
                            phase_pattern,
                            w,
                        }
                    },
                )
        }

        fn inputs() -> impl Strategy<Value = Ca3PhaseMemoryInputs> {
            // theta around and beyond the hysteresis thresholds and the 18-bit range (ports
            // truncate); patterns over the whole byte (the port keeps 6 bits), often none.
            (
                prop_oneof![-131_072i32..=131_071, -5_000i32..5_000, any::<i32>()],
                prop_oneof![any::<u8>(), Just(0u8)],
            )
                .prop_map(|(theta_x, pattern_in)| Ca3PhaseMemoryInputs {
                    theta_x,
                    pattern_in,
                })
        }

        proptest! {
            /// Every lane is the scalar memory on that lane's registers and inputs, tick after
            /// tick (outputs, registers and the recall function).
            #[test]
            fn every_lane_is_the_scalar_memory(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = Ca3PhaseMemoryL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&Ca3PhaseMemoryInputsL::gather(|k| i[k]));
                    let rec = lanes.recalled();
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        prop_assert_eq!(rec.lane(k) as u8, scalar[k].recalled());
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's weight is a different memory.
            let mut m = Ca3PhaseMemory::new();
            m.state = Ca3State::Learn as u8;
            m.pattern_latched = 0b11;
            let mut l = Ca3PhaseMemoryL::<Lanes<N>>::gather(|_| m);
            l.w[0].0[3] += 1;
            let i = Ca3PhaseMemoryInputs::default();
            l.tick(&Ca3PhaseMemoryInputsL::gather(|_| i));
            m.tick(&i);
            assert_eq!(l.lane(0), m);
            assert_ne!(l.lane(3), m);
        }
    }

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
        assert_eq!(learn(99i64, true), 100);
        assert_eq!(learn(100i64, false), 100);
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
