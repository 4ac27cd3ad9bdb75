//! `cortical_frequency_drift` (rtl/cortical_frequency_drift.v): per-layer slow bounded walk and
//! fast jitter of the cortical oscillator frequencies (section 10.2), with the force input of
//! v3.0 (K_FORCE = 0.1) in adaptive mode. Bit-level contract:
//! docs/spec/cortical_frequency_drift.md.
//!
//! ```text
//! update      = upd_cnt == 799                              (every 0.2 s)
//! on update:  drift <= clamp(reflect(drift ± 1) + (adaptive_en ? (K_FORCE·force + 2^13) >>> 14 : 0),
//!                            −12, 12)                        (direction: bit 0 of u_drift_<l>)
//! jitter      = clamp((b4?8:−8) + (b3?4:−4) + (b2?2:−2) + (b1?1:−1) + b0, −13, 13)
//!                                                            (bits [4:0] of u_jit_<l>)
//! omega_drift = drift + jitter                               (OMEGA_DT units, 18 bits)
//! ```
//!
//! Layers, in this order everywhere: L6, L5a, L5b, L4, L2/3 (`l6`, `l5a`, `l5b`, `l4`, `l23`).
//! The drift LFSRs (`STEPS = 1`) step only on update ticks; the jitter LFSRs (`STEPS = 16`) every
//! tick.

use crate::constants::{
    DRIFT_MAX, DRIFT_SEEDS, DRIFT_UPDATE_TICKS, JITTER_MAX, JITTER_SEEDS, K_FORCE,
};
use crate::fixed_point::{asr, bits, clamp, mul_s, raw, wrap_s, FRAC, WIDTH};
use crate::lfsr16::Lfsr16;
use crate::signals::{Observable, Signal};

/// Layer suffixes of the per-layer ports and registers, in port order.
pub const LAYERS: [&str; 5] = ["l6", "l5a", "l5b", "l4", "l23"];

/// Inputs of `cortical_frequency_drift`, same port names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CorticalFrequencyDriftInputs {
    /// `input adaptive_en`: apply the force term (ENABLE_ADAPTIVE).
    pub adaptive_en: bool,
    /// `input signed [17:0] force_l6 .. force_l23`: per-layer force, OMEGA_DT units × 10.
    pub force: [i32; 5],
}

/// Outputs of `cortical_frequency_drift`, per layer in [`LAYERS`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CorticalFrequencyDriftOutputs {
    /// `output reg signed [5:0] drift_<l>`: slow drift, in [−12, 12].
    pub drift: [i32; 5],
    /// `output wire signed [5:0] jitter_<l>`: fast jitter, in [−13, 13].
    pub jitter: [i32; 5],
    /// `output wire signed [17:0] omega_drift_<l>` = drift + jitter.
    pub omega_drift: [i32; 5],
}

/// One `cortical_frequency_drift` instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorticalFrequencyDrift {
    /// `output reg [9:0] upd_cnt`: ticks since the last update.
    pub upd_cnt: u16,
    /// `drift_<l>` registers.
    pub drift: [i32; 5],
    /// Instances `u_drift_<l>` (`STEPS = 1`, clocked on update ticks).
    pub u_drift: [Lfsr16; 5],
    /// Instances `u_jit_<l>` (`STEPS = 16`, clocked every tick).
    pub u_jit: [Lfsr16; 5],
}

impl Default for CorticalFrequencyDrift {
    fn default() -> Self {
        Self::new()
    }
}

/// The jitter of one 5-bit LFSR sample, clamped to ±13.
///
/// The RTL's sum `(b4?8:−8) + (b3?4:−4) + (b2?2:−2) + (b1?1:−1) + b0` is computed as
/// `b[4:0] − 15`: each signed term is `(2·b_k − 1)·2^(k−1)`, so the four of them sum to
/// `2·b[4:1] − 15 = b[4:1]0 − 15`, and adding `b0` gives `b[4:0] − 15`. The test
/// `jitter_equals_the_rtl_sum` checks all 32 samples against the RTL's form.
#[inline(always)]
pub fn jitter_of(b: u64) -> i64 {
    clamp((b & 31) as i64 - 15, -JITTER_MAX, JITTER_MAX)
}

/// One slow-drift update: a reflected ±1 step plus the rounded force term, clamped to ±12.
#[inline(always)]
pub fn drift_next(d: i64, up: bool, force: i64, adapt: bool) -> i64 {
    let walk = d + if up { 1 } else { -1 };
    let refl = if walk > DRIFT_MAX {
        d - 1
    } else if walk < -DRIFT_MAX {
        d + 1
    } else {
        walk
    };
    // reg signed [35:0] fp = K_FORCE * f + 8192; fsh = fp >>> FRAC; ft = fsh[15:0]
    let fsh = asr(
        wrap_s(mul_s(K_FORCE, force, 36) + (1 << (FRAC - 1)), 36),
        FRAC,
    );
    let ft = if adapt { wrap_s(fsh, 16) } else { 0 };
    clamp(wrap_s(refl + ft, 16), -DRIFT_MAX, DRIFT_MAX)
}

impl CorticalFrequencyDrift {
    /// An instance in its reset state: zero drift, LFSRs at their seeds.
    pub const fn new() -> Self {
        let mut u_drift = [Lfsr16::new(0); 5];
        let mut u_jit = [Lfsr16::new(0); 5];
        let mut k = 0;
        while k < 5 {
            u_drift[k] = Lfsr16::with_steps(DRIFT_SEEDS[k], 1);
            u_jit[k] = Lfsr16::with_steps(JITTER_SEEDS[k], 16);
            k += 1;
        }
        CorticalFrequencyDrift {
            upd_cnt: 0,
            drift: [0; 5],
            u_drift,
            u_jit,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `update`: this tick moves the slow drift.
    #[inline(always)]
    pub fn update(&self) -> bool {
        i64::from(self.upd_cnt) == DRIFT_UPDATE_TICKS - 1
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &CorticalFrequencyDriftInputs) -> CorticalFrequencyDriftOutputs {
        let update = self.update();
        if update {
            for k in 0..5 {
                let up = self.u_drift[k].lfsr & 1 == 1;
                let f = wrap_s(i64::from(i.force[k]), WIDTH);
                self.drift[k] = drift_next(i64::from(self.drift[k]), up, f, i.adaptive_en) as i32;
                self.u_drift[k].tick();
            }
            self.upd_cnt = 0;
        } else {
            self.upd_cnt += 1;
        }
        for l in &mut self.u_jit {
            l.tick();
        }
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> CorticalFrequencyDriftOutputs {
        let mut o = CorticalFrequencyDriftOutputs {
            drift: self.drift,
            ..Default::default()
        };
        for k in 0..5 {
            let j = jitter_of(bits(i64::from(self.u_jit[k].lfsr), 4, 0));
            o.jitter[k] = j as i32;
            o.omega_drift[k] = wrap_s(i64::from(self.drift[k]) + j, 7) as i32;
        }
        o
    }
}

impl Observable for CorticalFrequencyDrift {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "upd_cnt", 10, false));
        for l in LAYERS {
            out.push(Signal::new(prefix, &format!("drift_{l}"), 6, true));
        }
        for l in LAYERS {
            Lfsr16::signals(&format!("{prefix}u_drift_{l}."), out);
        }
        for l in LAYERS {
            Lfsr16::signals(&format!("{prefix}u_jit_{l}."), out);
        }
        for l in LAYERS {
            out.push(Signal::new(prefix, &format!("jitter_{l}"), 6, true));
        }
        for l in LAYERS {
            out.push(Signal::new(
                prefix,
                &format!("omega_drift_{l}"),
                WIDTH,
                true,
            ));
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = u64::from(self.upd_cnt);
        let mut n = 1;
        for d in self.drift {
            out[n] = raw(i64::from(d), 6);
            n += 1;
        }
        for l in self.u_drift.iter().chain(self.u_jit.iter()) {
            n += l.sample(&mut out[n..]);
        }
        for j in o.jitter {
            out[n] = raw(i64::from(j), 6);
            n += 1;
        }
        for w in o.omega_drift {
            out[n] = raw(i64::from(w), WIDTH);
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OMEGA_DT units per Hz: 2π · dt · 2^14.
    const UNITS_PER_HZ: f64 = std::f64::consts::TAU * 0.00025 * 16_384.0;

    #[test]
    fn jitter_equals_the_rtl_sum() {
        for b in 0..32u64 {
            let pm = |bit: u32, v: i64| if (b >> bit) & 1 == 1 { v } else { -v };
            let s = pm(4, 8) + pm(3, 4) + pm(2, 2) + pm(1, 1) + (b & 1) as i64;
            assert_eq!(
                jitter_of(b),
                clamp(s, -JITTER_MAX, JITTER_MAX),
                "b = {b:05b}"
            );
        }
    }

    #[test]
    fn jitter_formula_and_clamp() {
        assert_eq!(jitter_of(0b00000), -13); // -15 clamped
        assert_eq!(jitter_of(0b11111), 13); // +16 clamped
        assert_eq!(jitter_of(0b10000), 1); // 8 - 4 - 2 - 1
        assert_eq!(jitter_of(0b01111), 0); // -8 + 4 + 2 + 1 + 1
        let all: Vec<i64> = (0..32).map(jitter_of).collect();
        assert_eq!(*all.iter().min().unwrap(), -13);
        assert_eq!(*all.iter().max().unwrap(), 13);
        assert!(
            (-13..=13).all(|v| all.contains(&v)),
            "every value in ±13 occurs"
        );
    }

    #[test]
    fn drift_stays_within_half_a_hertz_and_jitter_within_13() {
        let mut d = CorticalFrequencyDrift::new();
        let i = CorticalFrequencyDriftInputs::default();
        let (mut dmin, mut dmax, mut jmin, mut jmax) = (0, 0, 0, 0);
        let mut jsum = [0i64; 5];
        let n = 4_000 * 3_600; // one simulated hour: 18,000 drift updates
        for _ in 0..n {
            let o = d.tick(&i);
            for k in 0..5 {
                dmin = dmin.min(o.drift[k]);
                dmax = dmax.max(o.drift[k]);
                jmin = jmin.min(o.jitter[k]);
                jmax = jmax.max(o.jitter[k]);
                jsum[k] += i64::from(o.jitter[k]);
                assert_eq!(o.omega_drift[k], o.drift[k] + o.jitter[k]);
            }
        }
        assert!(f64::from(dmax) / UNITS_PER_HZ <= 0.5 && f64::from(-dmin) / UNITS_PER_HZ <= 0.5);
        // The walk explores its whole range and the jitter its whole clamp.
        assert_eq!((dmin, dmax), (-12, 12));
        assert_eq!((jmin, jmax), (-13, 13));
        for s in jsum {
            let mean = s as f64 / n as f64;
            assert!(mean.abs() < 0.6, "jitter mean {mean}"); // formula mean is +0.5
        }
    }

    #[test]
    fn drift_moves_only_every_800_ticks_by_one_step() {
        let mut d = CorticalFrequencyDrift::new();
        let i = CorticalFrequencyDriftInputs::default();
        let mut prev = d.drift;
        for t in 1..=8_000u32 {
            d.tick(&i);
            for k in 0..5 {
                let step = (d.drift[k] - prev[k]).abs();
                if t % 800 == 0 {
                    assert_eq!(step, 1, "tick {t}");
                } else {
                    assert_eq!(step, 0, "tick {t}");
                }
            }
            prev = d.drift;
        }
    }

    #[test]
    fn force_acts_only_in_adaptive_mode() {
        let push = |adaptive_en| {
            let mut d = CorticalFrequencyDrift::new();
            let i = CorticalFrequencyDriftInputs {
                adaptive_en,
                force: [30, -30, 30, -30, 0], // 0.1 · 30 = +3 per update
            };
            for _ in 0..80_000 {
                d.tick(&i);
            }
            d.drift
        };
        let on = push(true);
        assert_eq!(&on[..4], &[12, -12, 12, -12]);
        let off = push(false);
        assert_ne!(&off[..4], &[12, -12, 12, -12]);
        // K_FORCE rounding: 1638/16384 · 6 = 0.6 rounds to 1; · 5 = 0.49988 to 0; · (-5) to 0.
        assert_eq!(drift_next(0, true, 6, true), 2);
        assert_eq!(drift_next(0, true, 5, true), 1);
        assert_eq!(drift_next(0, true, -5, true), 1);
        assert_eq!(drift_next(0, true, -131_072, true), -12);
        assert_eq!(drift_next(12, true, 0, false), 11); // reflected
    }
}
