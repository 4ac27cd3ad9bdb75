//! `coupling_mode_controller` (rtl/coupling_mode_controller.v): MODULATORY / TRANSITION /
//! HARMONIC coupling regimes of section "SIE Dynamics Monitoring (v11.3)".
//!
//! Hardware facts (contract: docs/spec/coupling_mode_controller.md):
//! - MODULATORY (0): PAC gain 1.0, harmonic gain 0.125. HARMONIC (2): 0.125 / 1.0.
//! - Every change passes TRANSITION (1), a 2000-tick (500 ms) crossfade that always completes:
//!   `xfade_timer` runs 1..1999, the gains follow two linear segments, source → 0.5 / 0.5 at
//!   t = 1000 → destination, each `a + ((b − a)·t) / 1000` (division truncating toward zero),
//!   and the edge with `t + 1 ≥ 2000` enters the target mode with its exact gains.
//! - `sie_hold = sie_active && !sie_decay_phase`;
//!   to HARMONIC: `force_harmonic || sie_hold || (sync_order > 0.7 && boundary_power > 0.25)`;
//!   to MODULATORY: `!force_harmonic && !sie_hold && (sync_order < 0.5 || sie_decay_phase)`.
//!   `sync_order` is the rules' "kuramoto_R" read as the φ-triad order parameter (the top
//!   drives it with the bicoherence monitor's `triad_sync`).
//! - Mode code 3 is unreachable and behaves as MODULATORY.

use crate::constants::{
    BOUNDARY_POWER_THRESH, COUPLING_GAIN_FULL, COUPLING_GAIN_LOW, COUPLING_GAIN_MID, MODE_HARMONIC,
    MODE_MODULATORY, MODE_TRANSITION, SYNC_HIGH, SYNC_LOW, XFADE_HALF, XFADE_TICKS,
};
use crate::fixed_point::{raw, WIDTH};
use crate::lane::{Lane, LaneMask};
use crate::signals::{Observable, Signal};

/// Inputs of `coupling_mode_controller`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CouplingModeControllerInputs {
    /// `sync_order` (Q14, signed 18): the order parameter the R rules read.
    pub sync_order: i32,
    /// `boundary_power` (Q14, signed 18).
    pub boundary_power: i32,
    /// `sie_active` from `sr_ignition_controller`.
    pub sie_active: bool,
    /// `sie_decay_phase` from `sr_ignition_controller`.
    pub sie_decay_phase: bool,
    /// `force_harmonic` from `config_controller` (MEDITATION).
    pub force_harmonic: bool,
}

/// Outputs (= registers) of `coupling_mode_controller`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouplingModeController {
    /// `reg [1:0] coupling_mode`: 0 MODULATORY, 1 TRANSITION, 2 HARMONIC.
    pub coupling_mode: u8,
    /// `reg mode_target`: the crossfade runs toward HARMONIC (true) or MODULATORY.
    pub mode_target: bool,
    /// `reg [10:0] xfade_timer`: crossfade position, 0 outside TRANSITION.
    pub xfade_timer: u16,
    /// `reg signed [17:0] pac_gain` (Q14).
    pub pac_gain: i32,
    /// `reg signed [17:0] harmonic_gain` (Q14).
    pub harmonic_gain: i32,
}

impl Default for CouplingModeController {
    fn default() -> Self {
        Self::new()
    }
}

/// `x / 1000` truncating toward zero, for `|x| < 2^29`, by a multiply and a shift: a lane has no
/// division, and for the scalar case this is the sequence a compiler emits for the constant
/// divisor anyway.
///
/// Why it is exact: with `M = ceil(2^39 / 1000) = 549755814`, `M·1000 = 2^39 + 112`, so
/// `a·M / 2^39 = a/1000 + a·112 / (1000·2^39)`; for `0 <= a < 2^29` the added term is below
/// `1/1000`, and the fractional part of `a/1000` is at most `999/1000`, so the floor does not
/// change. `a < 2^29` and `M < 2^31` make the product a [`mul32`](Lane::mul32) below 2^59. The
/// test `division_by_1000_is_exact` checks every step of the quotient across the range.
#[inline(always)]
fn div_1000<L: Lane>(x: L) -> L {
    const M: i64 = 549_755_814;
    let neg = x.cmp_lt(L::splat(0));
    let a = L::select(neg, -x, x);
    let q = a.mul32(L::splat(M)).lsr(64, 39);
    L::select(neg, -q, q)
}

/// `a + ((b − a)·t) / 1000`: the RTL function `seg`, for gains `a`, `b` (18-bit) and an 11-bit
/// `t`: `|(b − a)·t| < 2^18·2^11 = 2^29`, so the 32-bit product keeps every bit
/// ([`fit_s`](Lane::fit_s)) and is within [`div_1000`]'s range.
#[inline(always)]
fn seg<L: Lane>(a: L, b: L, t: L) -> L {
    let d = (b - a).wrap_s(WIDTH + 1);
    let q = div_1000(d.mul32(t).fit_s(32));
    (a + q).wrap_s(WIDTH)
}

impl CouplingModeController {
    /// The reset state: MODULATORY, PAC 1.0, harmonic 0.125.
    pub const fn new() -> Self {
        CouplingModeController {
            coupling_mode: MODE_MODULATORY,
            mode_target: false,
            xfade_timer: 0,
            pac_gain: COUPLING_GAIN_FULL as i32,
            harmonic_gain: COUPLING_GAIN_LOW as i32,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge; returns the new registers: [`CouplingModeControllerL::tick`] on
    /// one lane.
    #[inline]
    pub fn tick(&mut self, i: &CouplingModeControllerInputs) -> CouplingModeController {
        *self = CouplingModeControllerL::<i64>::gather(|_| *self)
            .tick(&CouplingModeControllerInputsL::gather(|_| *i))
            .lane(0);
        *self
    }
}

/// [`CouplingModeControllerInputs`] over lanes (lane k is instance k, [`crate::lane`]; the flags
/// 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CouplingModeControllerInputsL<L: Lane> {
    /// `sync_order`.
    pub sync_order: L,
    /// `boundary_power`.
    pub boundary_power: L,
    /// `sie_active` (0 or 1).
    pub sie_active: L,
    /// `sie_decay_phase` (0 or 1).
    pub sie_decay_phase: L,
    /// `force_harmonic` (0 or 1).
    pub force_harmonic: L,
}

impl<L: Lane> CouplingModeControllerInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model takes the `i32` values as they are).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> CouplingModeControllerInputs) -> Self {
        CouplingModeControllerInputsL {
            sync_order: L::from_fn(|k| i64::from(f(k).sync_order)),
            boundary_power: L::from_fn(|k| i64::from(f(k).boundary_power)),
            sie_active: L::from_fn(|k| i64::from(f(k).sie_active)),
            sie_decay_phase: L::from_fn(|k| i64::from(f(k).sie_decay_phase)),
            force_harmonic: L::from_fn(|k| i64::from(f(k).force_harmonic)),
        }
    }
}

/// The registers of `coupling_mode_controller` over lanes: the one source of its next state,
/// [`CouplingModeController`] being the one-lane case (`L = i64`). `mode_target` is 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CouplingModeControllerL<L: Lane> {
    /// `coupling_mode`.
    pub coupling_mode: L,
    /// `mode_target` (0 or 1).
    pub mode_target: L,
    /// `xfade_timer`.
    pub xfade_timer: L,
    /// `pac_gain`.
    pub pac_gain: L,
    /// `harmonic_gain`.
    pub harmonic_gain: L,
}

impl<L: Lane> CouplingModeControllerL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> CouplingModeController) -> Self {
        CouplingModeControllerL {
            coupling_mode: L::from_fn(|k| i64::from(f(k).coupling_mode)),
            mode_target: L::from_fn(|k| i64::from(f(k).mode_target)),
            xfade_timer: L::from_fn(|k| i64::from(f(k).xfade_timer)),
            pac_gain: L::from_fn(|k| i64::from(f(k).pac_gain)),
            harmonic_gain: L::from_fn(|k| i64::from(f(k).harmonic_gain)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> CouplingModeController {
        CouplingModeController {
            coupling_mode: self.coupling_mode.lane(k) as u8,
            mode_target: self.mode_target.lane(k) != 0,
            xfade_timer: self.xfade_timer.lane(k) as u16,
            pac_gain: self.pac_gain.lane(k) as i32,
            harmonic_gain: self.harmonic_gain.lane(k) as i32,
        }
    }

    /// One clock-enable edge on every lane; returns the new registers.
    ///
    /// The three arms of the RTL's `case` become masks; the crossfade arithmetic (TRANSITION) is
    /// computed only when some lane is crossfading (for `i64`, the branch of the scalar model).
    #[inline(always)]
    pub fn tick(&mut self, i: &CouplingModeControllerInputsL<L>) -> Self {
        let c = L::splat;
        let code = |m: u8| c(i64::from(m));
        let r = i.sync_order;
        let force = i.force_harmonic.truthy();
        let decay = i.sie_decay_phase.truthy();
        let sie_hold = i.sie_active.truthy() & !decay;
        let to_harm = force
            | sie_hold
            | (r.cmp_gt(c(SYNC_HIGH)) & i.boundary_power.cmp_gt(c(BOUNDARY_POWER_THRESH)));
        let to_mod = !force & !sie_hold & (r.cmp_lt(c(SYNC_LOW)) | decay);
        let (full, low, mid) = (
            c(COUPLING_GAIN_FULL),
            c(COUPLING_GAIN_LOW),
            c(COUPLING_GAIN_MID),
        );
        let target = self.mode_target.truthy();
        let in_trans = self.coupling_mode.cmp_eq(code(MODE_TRANSITION));
        let in_harm = self.coupling_mode.cmp_eq(code(MODE_HARMONIC));
        // HARMONIC, and MODULATORY with the unreachable code 3 that behaves as it.
        let mut mode = L::select(
            in_harm,
            L::select(to_mod, code(MODE_TRANSITION), code(MODE_HARMONIC)),
            L::select(to_harm, code(MODE_TRANSITION), code(MODE_MODULATORY)),
        );
        let mut timer = c(0);
        let mut pac = L::select(in_harm, low, full);
        let mut harm = L::select(in_harm, full, low);
        let new_target = L::select(
            in_harm & to_mod,
            c(0),
            L::select(!in_harm & !in_trans & to_harm, c(1), self.mode_target),
        );
        if in_trans.any() {
            let t = (self.xfade_timer + c(1)).wrap_u(11);
            let (pac_src, pac_dst) = (L::select(target, full, low), L::select(target, low, full));
            let (harm_src, harm_dst) = (pac_dst, pac_src);
            let done = t.cmp_ge(c(XFADE_TICKS));
            // Two linear segments: source → 0.5 / 0.5 at t = 1000 → destination.
            let first = t.cmp_lt(c(XFADE_HALF));
            let ts = L::select(first, t, t - c(XFADE_HALF));
            let pac_x = seg(
                L::select(first, pac_src, mid),
                L::select(first, mid, pac_dst),
                ts,
            );
            let harm_x = seg(
                L::select(first, harm_src, mid),
                L::select(first, mid, harm_dst),
                ts,
            );
            let dest = L::select(target, code(MODE_HARMONIC), code(MODE_MODULATORY));
            mode = L::select(in_trans, L::select(done, dest, code(MODE_TRANSITION)), mode);
            timer = L::select(in_trans & !done, t, timer);
            pac = L::select(in_trans, L::select(done, pac_dst, pac_x), pac);
            harm = L::select(in_trans, L::select(done, harm_dst, harm_x), harm);
        }
        self.coupling_mode = mode;
        self.mode_target = new_target;
        self.xfade_timer = timer;
        self.pac_gain = pac;
        self.harmonic_gain = harm;
        *self
    }
}

impl Observable for CouplingModeController {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "coupling_mode", 2, false));
        out.push(Signal::new(prefix, "mode_target", 1, false));
        out.push(Signal::new(prefix, "xfade_timer", 11, false));
        out.push(Signal::new(prefix, "pac_gain", WIDTH, true));
        out.push(Signal::new(prefix, "harmonic_gain", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = u64::from(self.coupling_mode);
        out[1] = u64::from(self.mode_target);
        out[2] = u64::from(self.xfade_timer);
        out[3] = raw(i64::from(self.pac_gain), WIDTH);
        out[4] = raw(i64::from(self.harmonic_gain), WIDTH);
        5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(r: i32, bp: i32) -> CouplingModeControllerInputs {
        CouplingModeControllerInputs {
            sync_order: r,
            boundary_power: bp,
            ..Default::default()
        }
    }

    #[test]
    fn division_by_1000_is_exact() {
        // The quotient changes only at multiples of 1000: checking both sides of every one in
        // the range (and the ends) checks every value, both quotients being monotone.
        let lim = 1i64 << 29;
        let mut edges = vec![-lim + 1, lim - 1, 0];
        let mut m = 0;
        while m < lim {
            for v in [m - 1, m, m + 1] {
                if v.abs() < lim {
                    edges.push(v);
                    edges.push(-v);
                }
            }
            m += 1_000;
        }
        for x in edges {
            assert_eq!(div_1000(x), x / 1_000, "{x}");
        }
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn regs() -> impl Strategy<Value = CouplingModeController> {
            // Every register over its width (mode 3 included); the gains anywhere in 18 bits
            // (the crossfade reads only constants, so they do not constrain anything), and often
            // near the crossfade's middle and end.
            (
                0u8..4,
                any::<bool>(),
                prop_oneof![0u16..2_048, 995u16..1_005, 1_995u16..2_048],
                -131_072i32..=131_071,
                -131_072i32..=131_071,
            )
                .prop_map(
                    |(coupling_mode, mode_target, xfade_timer, pac_gain, harmonic_gain)| {
                        CouplingModeController {
                            coupling_mode,
                            mode_target,
                            xfade_timer,
                            pac_gain,
                            harmonic_gain,
                        }
                    },
                )
        }

        fn inputs() -> impl Strategy<Value = CouplingModeControllerInputs> {
            (
                prop_oneof![any::<i32>(), 8_000i32..12_000],
                prop_oneof![any::<i32>(), 4_000i32..4_200],
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(
                    |(sync_order, boundary_power, sie_active, sie_decay_phase, force_harmonic)| {
                        CouplingModeControllerInputs {
                            sync_order,
                            boundary_power,
                            sie_active,
                            sie_decay_phase,
                            force_harmonic,
                        }
                    },
                )
        }

        proptest! {
            /// Every lane is the scalar controller on that lane's registers and inputs, tick after
            /// tick.
            #[test]
            fn every_lane_is_the_scalar_controller(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = CouplingModeControllerL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&CouplingModeControllerInputsL::gather(|k| i[k]));
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
            // The comparison can fail: one step of one lane's crossfade timer is seen.
            let mut c = CouplingModeController::new();
            c.coupling_mode = MODE_TRANSITION;
            c.xfade_timer = 500;
            let mut l = CouplingModeControllerL::<Lanes<N>>::gather(|_| c);
            l.xfade_timer.0[1] += 1;
            let i = CouplingModeControllerInputs::default();
            l.tick(&CouplingModeControllerInputsL::gather(|_| i));
            c.tick(&i);
            assert_eq!(l.lane(0), c);
            assert_ne!(l.lane(1), c);
        }
    }

    #[test]
    fn synchrony_with_boundary_power_crossfades_to_harmonic_and_back() {
        let mut c = CouplingModeController::new();
        let mut trace = Vec::new();
        for _ in 0..3_000 {
            trace.push(c.tick(&inputs(13_000, 8_000)));
        }
        assert_eq!(trace[0].coupling_mode, MODE_TRANSITION);
        let trans = trace
            .iter()
            .filter(|s| s.coupling_mode == MODE_TRANSITION)
            .count();
        assert_eq!(trans, 2_000, "500 ms crossfade");
        assert_eq!(trace[1_000].pac_gain, 8_192, "0.5 / 0.5 mid-crossfade");
        assert_eq!(trace[1_000].harmonic_gain, 8_192);
        assert_eq!(c.coupling_mode, MODE_HARMONIC);
        assert_eq!((c.pac_gain, c.harmonic_gain), (2_048, 16_384));
        let steps = trace
            .windows(2)
            .map(|w| (w[1].pac_gain - w[0].pac_gain).abs())
            .max()
            .unwrap();
        assert!(steps <= 15, "smooth crossfade: step {steps}");
        // Synchrony alone without boundary power keeps HARMONIC; R < 0.5 releases it.
        c.tick(&inputs(9_000, 0));
        assert_eq!(c.coupling_mode, MODE_HARMONIC);
        c.tick(&inputs(8_191, 0));
        assert_eq!(c.coupling_mode, MODE_TRANSITION);
        for _ in 0..2_000 {
            c.tick(&inputs(16_384, 16_384));
        }
        assert_eq!(c.coupling_mode, MODE_MODULATORY, "the crossfade completes");
        assert_eq!((c.pac_gain, c.harmonic_gain), (16_384, 2_048));
    }

    #[test]
    fn thresholds_are_strict() {
        let mut c = CouplingModeController::new();
        c.tick(&inputs(11_469, 16_384));
        c.tick(&inputs(16_384, 4_096));
        assert_eq!(c.coupling_mode, MODE_MODULATORY);
        c.tick(&inputs(11_470, 4_097));
        assert_eq!(c.coupling_mode, MODE_TRANSITION);
    }

    #[test]
    fn meditation_and_sie_hold_harmonic_until_decay() {
        let mut c = CouplingModeController::new();
        let med = CouplingModeControllerInputs {
            force_harmonic: true,
            ..Default::default()
        };
        for _ in 0..2_001 {
            c.tick(&med);
        }
        assert_eq!(
            c.coupling_mode, MODE_HARMONIC,
            "MEDITATION forces HARMONIC at R = 0"
        );
        let sie = CouplingModeControllerInputs {
            sie_active: true,
            ..Default::default()
        };
        c.tick(&sie);
        assert_eq!(
            c.coupling_mode, MODE_HARMONIC,
            "an active SIE holds HARMONIC"
        );
        let decay = CouplingModeControllerInputs {
            sie_active: true,
            sie_decay_phase: true,
            sync_order: 16_384,
            ..Default::default()
        };
        c.tick(&decay);
        assert_eq!(c.coupling_mode, MODE_TRANSITION, "DECAY releases HARMONIC");
    }

    #[test]
    fn never_skips_transition() {
        let mut c = CouplingModeController::new();
        let mut s = 0x1234_5678u32;
        let mut prev = c.coupling_mode;
        for _ in 0..400_000 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let i = CouplingModeControllerInputs {
                sync_order: (s & 0x3FFF) as i32 + 2_000,
                boundary_power: ((s >> 14) & 0x1FFF) as i32,
                sie_active: s & (1 << 27) != 0 && s & (1 << 26) != 0,
                sie_decay_phase: s & (1 << 28) != 0 && s & (1 << 29) != 0,
                force_harmonic: s & (0xF << 20) == 0,
            };
            let m = c.tick(&i).coupling_mode;
            assert!(
                (prev != MODE_MODULATORY || m != MODE_HARMONIC)
                    && (prev != MODE_HARMONIC || m != MODE_MODULATORY),
                "{prev} -> {m}"
            );
            prev = m;
        }
    }
}
