//! `sr_frequency_drift` (rtl/sr_frequency_drift.v): hours-scale drift of the five Schumann
//! resonance frequencies (section 4.2).
//!
//! Hardware facts: a 22-bit `update_count` counts ticks; on the tick where it equals
//! `UPDATE_INTERVAL - 1` (`update_now`) it returns to 0, every harmonic's drift takes one
//! reflecting ±1 step in the direction of bit 0 of its `lfsr16` (`u_lfsr_f0`..`u_lfsr_f4`, 16
//! shifts per update), and the LFSRs advance on that same edge (their `clk_en` is
//! `clk_en & update_now`). `omega_dt_fN = OMEGA_DT_SR[N] + drift_fN`, combinational. Bit-level
//! contract: docs/spec/sr_frequency_drift.md.

use crate::constants::{
    OMEGA_DT_SR, OMEGA_DT_SR_DRIFT, SR_DRIFT_LFSR_STEPS, SR_DRIFT_SEEDS, SR_DRIFT_UPDATE_INTERVAL,
};
use crate::fixed_point::{add_s, raw, sub_s, wrap_s, wrap_u, WIDTH};
use crate::lfsr16::Lfsr16;
use crate::signals::{Observable, Signal};

/// Width of `update_count`.
pub const UPDATE_COUNT_BITS: u32 = 22;

/// Outputs of `sr_frequency_drift`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrFrequencyDriftOutputs {
    /// `output reg signed [17:0] drift_f0..drift_f4`: offsets in OMEGA_DT units.
    pub drift: [i32; 5],
    /// `output wire signed [17:0] omega_dt_f0..omega_dt_f4`: centre + drift.
    pub omega_dt: [i32; 5],
}

/// One `sr_frequency_drift` instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SrFrequencyDrift {
    /// Parameter `UPDATE_INTERVAL` (ticks per update, 1..=2^22).
    pub update_interval: u32,
    /// `reg [21:0] update_count`.
    pub update_count: u32,
    /// `reg signed [17:0] drift_f0..drift_f4`.
    pub drift: [i32; 5],
    /// Instances `u_lfsr_f0`..`u_lfsr_f4`.
    pub u_lfsr: [Lfsr16; 5],
}

impl Default for SrFrequencyDrift {
    fn default() -> Self {
        Self::new()
    }
}

impl SrFrequencyDrift {
    /// An instance with the default (simulation-scaled) `UPDATE_INTERVAL`, in its reset state.
    pub const fn new() -> Self {
        Self::with_interval(SR_DRIFT_UPDATE_INTERVAL)
    }

    /// An instance with `UPDATE_INTERVAL = interval` (1..=2^22), in its reset state.
    pub const fn with_interval(interval: u32) -> Self {
        SrFrequencyDrift {
            update_interval: interval,
            update_count: 0,
            drift: [0; 5],
            u_lfsr: [
                Lfsr16::with_steps(SR_DRIFT_SEEDS[0], SR_DRIFT_LFSR_STEPS),
                Lfsr16::with_steps(SR_DRIFT_SEEDS[1], SR_DRIFT_LFSR_STEPS),
                Lfsr16::with_steps(SR_DRIFT_SEEDS[2], SR_DRIFT_LFSR_STEPS),
                Lfsr16::with_steps(SR_DRIFT_SEEDS[3], SR_DRIFT_LFSR_STEPS),
                Lfsr16::with_steps(SR_DRIFT_SEEDS[4], SR_DRIFT_LFSR_STEPS),
            ],
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::with_interval(self.update_interval);
    }

    /// `update_now`: this edge is an update edge.
    #[inline(always)]
    pub fn update_now(&self) -> bool {
        // localparam [21:0] LAST = UPDATE_INTERVAL - 1
        let last = wrap_u(i64::from(self.update_interval) - 1, UPDATE_COUNT_BITS);
        u64::from(self.update_count) == last
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self) -> SrFrequencyDriftOutputs {
        if self.update_now() {
            self.update_count = 0;
            for h in 0..5 {
                let up = self.u_lfsr[h].lfsr & 1 == 1;
                self.drift[h] = walk(i64::from(self.drift[h]), up, OMEGA_DT_SR_DRIFT[h]) as i32;
            }
            for l in &mut self.u_lfsr {
                l.tick();
            }
        } else {
            self.update_count = wrap_u(i64::from(self.update_count) + 1, UPDATE_COUNT_BITS) as u32;
        }
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrFrequencyDriftOutputs {
        let mut omega_dt = [0i32; 5];
        for h in 0..5 {
            omega_dt[h] = add_s(OMEGA_DT_SR[h], i64::from(self.drift[h]), WIDTH) as i32;
        }
        SrFrequencyDriftOutputs {
            drift: self.drift,
            omega_dt,
        }
    }
}

/// The function `walk`: one reflecting step in 19 bits.
#[inline(always)]
fn walk(d: i64, up: bool, dmax: i64) -> i64 {
    let (fwd, back) = if up {
        (add_s(d, 1, WIDTH + 1), sub_s(d, 1, WIDTH + 1))
    } else {
        (sub_s(d, 1, WIDTH + 1), add_s(d, 1, WIDTH + 1))
    };
    if fwd > dmax || fwd < -dmax {
        wrap_s(back, WIDTH)
    } else {
        wrap_s(fwd, WIDTH)
    }
}

const LFSR_NAMES: [&str; 5] = [
    "u_lfsr_f0.",
    "u_lfsr_f1.",
    "u_lfsr_f2.",
    "u_lfsr_f3.",
    "u_lfsr_f4.",
];
const DRIFT_NAMES: [&str; 5] = ["drift_f0", "drift_f1", "drift_f2", "drift_f3", "drift_f4"];
const OMEGA_NAMES: [&str; 5] = [
    "omega_dt_f0",
    "omega_dt_f1",
    "omega_dt_f2",
    "omega_dt_f3",
    "omega_dt_f4",
];

impl Observable for SrFrequencyDrift {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(
            prefix,
            "update_count",
            UPDATE_COUNT_BITS,
            false,
        ));
        for name in LFSR_NAMES {
            Lfsr16::signals(&format!("{prefix}{name}"), out);
        }
        for name in DRIFT_NAMES {
            out.push(Signal::new(prefix, name, WIDTH, true));
        }
        for name in OMEGA_NAMES {
            out.push(Signal::new(prefix, name, WIDTH, true));
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = u64::from(self.update_count);
        let mut n = 1;
        for l in &self.u_lfsr {
            n += l.sample(&mut out[n..]);
        }
        let o = self.outputs();
        for v in o.drift.iter().chain(o.omega_dt.iter()) {
            out[n] = raw(i64::from(*v), WIDTH);
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_never_leaves_its_bounds_and_visits_both_halves() {
        // 10^7 ticks at the simulation-scaled interval: 25,000 updates per harmonic.
        let mut d = SrFrequencyDrift::new();
        let mut lo = [0i32; 5];
        let mut hi = [0i32; 5];
        for _ in 0..10_000_000u32 {
            let o = d.tick();
            for h in 0..5 {
                let v = o.drift[h];
                assert!(
                    i64::from(v.abs()) <= OMEGA_DT_SR_DRIFT[h],
                    "f{h}: drift {v} outside ±{}",
                    OMEGA_DT_SR_DRIFT[h]
                );
                assert_eq!(i64::from(o.omega_dt[h]), OMEGA_DT_SR[h] + i64::from(v));
                lo[h] = lo[h].min(v);
                hi[h] = hi[h].max(v);
            }
        }
        for h in 0..5 {
            let half = OMEGA_DT_SR_DRIFT[h] as i32 / 2;
            assert!(
                lo[h] < -half && hi[h] > half,
                "f{h}: visited {}..{}",
                lo[h],
                hi[h]
            );
        }
    }

    #[test]
    fn reflects_at_the_bound() {
        assert_eq!(walk(15, true, 15), 14);
        assert_eq!(walk(-15, false, 15), -14);
        assert_eq!(walk(14, true, 15), 15);
        assert_eq!(walk(0, false, 15), -1);
    }

    #[test]
    fn updates_only_every_interval_with_unit_steps() {
        let mut d = SrFrequencyDrift::with_interval(7);
        let mut prev = d.drift;
        for t in 1..=700u32 {
            d.tick();
            for h in 0..5 {
                let step = (d.drift[h] - prev[h]).abs();
                if t % 7 == 0 {
                    assert_eq!(step, 1, "tick {t} f{h}");
                } else {
                    assert_eq!(step, 0, "tick {t} f{h}");
                }
            }
            prev = d.drift;
        }
    }

    #[test]
    fn realtime_interval_is_fifteen_minutes() {
        use crate::constants::SR_DRIFT_UPDATE_INTERVAL_REALTIME as R;
        assert_eq!(f64::from(R) / 4_000.0, 900.0);
        assert!(u64::from(R) < 1 << UPDATE_COUNT_BITS);
    }
}
