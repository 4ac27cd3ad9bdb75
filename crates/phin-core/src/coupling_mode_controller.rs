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
use crate::fixed_point::{div_s, mul_s, raw, sub_s, wrap_s, wrap_u, WIDTH};
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

/// `a + ((b − a)·t) / 1000`: the RTL function `seg`.
#[inline(always)]
fn seg(a: i64, b: i64, t: i64) -> i64 {
    let d = sub_s(b, a, WIDTH + 1);
    let q = div_s(mul_s(d, t, 32), 1_000, 32);
    wrap_s(a + q, WIDTH)
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

    /// One clock-enable edge; returns the new registers.
    #[inline]
    pub fn tick(&mut self, i: &CouplingModeControllerInputs) -> CouplingModeController {
        let r = i64::from(i.sync_order);
        let sie_hold = i.sie_active && !i.sie_decay_phase;
        let to_harm = i.force_harmonic
            || sie_hold
            || (r > SYNC_HIGH && i64::from(i.boundary_power) > BOUNDARY_POWER_THRESH);
        let to_mod = !i.force_harmonic && !sie_hold && (r < SYNC_LOW || i.sie_decay_phase);
        let (full, low, mid) = (COUPLING_GAIN_FULL, COUPLING_GAIN_LOW, COUPLING_GAIN_MID);
        match self.coupling_mode {
            MODE_TRANSITION => {
                let t = wrap_u(i64::from(self.xfade_timer) + 1, 11) as i64;
                let (pac_src, pac_dst) = if self.mode_target {
                    (full, low)
                } else {
                    (low, full)
                };
                let (harm_src, harm_dst) = (pac_dst, pac_src);
                if t >= XFADE_TICKS {
                    self.coupling_mode = if self.mode_target {
                        MODE_HARMONIC
                    } else {
                        MODE_MODULATORY
                    };
                    self.xfade_timer = 0;
                    self.pac_gain = pac_dst as i32;
                    self.harmonic_gain = harm_dst as i32;
                } else {
                    let (pac, harm) = if t < XFADE_HALF {
                        (seg(pac_src, mid, t), seg(harm_src, mid, t))
                    } else {
                        let ts = t - XFADE_HALF;
                        (seg(mid, pac_dst, ts), seg(mid, harm_dst, ts))
                    };
                    self.xfade_timer = t as u16;
                    self.pac_gain = pac as i32;
                    self.harmonic_gain = harm as i32;
                }
            }
            MODE_HARMONIC => {
                self.xfade_timer = 0;
                if to_mod {
                    self.coupling_mode = MODE_TRANSITION;
                    self.mode_target = false;
                }
                self.pac_gain = low as i32;
                self.harmonic_gain = full as i32;
            }
            _ => {
                self.xfade_timer = 0;
                self.coupling_mode = if to_harm {
                    MODE_TRANSITION
                } else {
                    MODE_MODULATORY
                };
                if to_harm {
                    self.mode_target = true;
                }
                self.pac_gain = full as i32;
                self.harmonic_gain = low as i32;
            }
        }
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
