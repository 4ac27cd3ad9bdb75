//! `boundary_generator` (rtl/boundary_generator.v): a boundary oscillation between two parent
//! bands by amplitude-product mixing (section "SIE Dynamics Monitoring (v11.3)").
//!
//! Hardware facts (contract: docs/spec/boundary_generator.md):
//! - `omega_b = p > 0 ? min(isqrt(p), 131071) : 0` with `p = omega_1·omega_2`: the geometric
//!   mean of the parents' OMEGA_DT, so the boundary frequency is `sqrt(f1·f2)`.
//! - A [`HopfOscillator`] `u_osc` at `omega_b`, with the caller's `mu_dt`, is kicked by the
//!   parent product `(x1·x2) >>> 25`.
//! - `env = sat18((amp1·amp2) >>> 14)`; `boundary_x ← sat18((u_osc.x·env) >>> 14)` from the x
//!   before the edge; `power_acc ← power_acc + sat18(bx² >>> 14) − (power_acc >>> 10)`;
//!   `boundary_power = power_acc >>> 10` (EMA of bx², τ = 1024 ticks = 256 ms).

use crate::fixed_point::{asr, mul_s, raw, sat_s, wrap_s, FRAC, WIDTH};
use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use crate::kuramoto_order_parameter::isqrt36;
use crate::signals::{Observable, Signal};

/// Inputs of `boundary_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoundaryGeneratorInputs {
    /// `mu_dt` of the boundary oscillator (Q14).
    pub mu_dt: i32,
    /// `omega_1`, `omega_2`: the parents' OMEGA_DT.
    pub omega: [i32; 2],
    /// `x1`, `x2`: the parents' x (Q14).
    pub x: [i32; 2],
    /// `amp1`, `amp2`: the parents' amplitudes (Q14).
    pub amp: [i32; 2],
}

/// State of one `boundary_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundaryGenerator {
    /// `u_osc`: the boundary oscillator.
    pub u_osc: HopfOscillator,
    /// `reg signed [17:0] boundary_x` (Q14).
    pub boundary_x: i32,
    /// `reg signed [29:0] power_acc`: boundary power × 2^10.
    pub power_acc: i64,
}

/// The geometric-mean frequency word `omega_b` of two OMEGA_DT words.
#[inline(always)]
pub fn omega_b(omega_1: i64, omega_2: i64) -> i64 {
    let p = mul_s(omega_1, omega_2, 36);
    if p <= 0 {
        0
    } else {
        let r = isqrt36(p as u64) as i64;
        if r > 131_071 {
            131_071
        } else {
            r
        }
    }
}

impl BoundaryGenerator {
    /// The reset state (oscillator at (0.5, 0)).
    pub fn new() -> Self {
        BoundaryGenerator {
            u_osc: HopfOscillator::new(),
            boundary_x: 0,
            power_acc: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// `boundary_power = power_acc >>> 10` (Q14).
    #[inline(always)]
    pub const fn boundary_power(&self) -> i64 {
        wrap_s(asr(self.power_acc, 10), WIDTH)
    }

    /// One clock-enable edge.
    #[inline]
    pub fn tick(&mut self, i: &BoundaryGeneratorInputs) -> &BoundaryGenerator {
        // No memo: the parents' OMEGA_DT words carry the cortical drift's jitter, which moves
        // every tick, so a memo of omega_b missed on 98 % of ticks (measured: 2.95 square roots
        // per tick for the three instances) and cost more than it saved.
        let ob = omega_b(i64::from(i.omega[0]), i64::from(i.omega[1]));
        let drive = wrap_s(
            asr(mul_s(i64::from(i.x[0]), i64::from(i.x[1]), 36), FRAC + 11),
            WIDTH,
        );
        let env = sat_s(
            asr(mul_s(i64::from(i.amp[0]), i64::from(i.amp[1]), 36), FRAC),
            WIDTH,
        );
        let bx = sat_s(asr(mul_s(i64::from(self.u_osc.x), env, 36), FRAC), WIDTH);
        let p_in = sat_s(asr(mul_s(bx, bx, 36), FRAC), WIDTH);
        self.u_osc.tick(&HopfOscillatorInputs {
            mu_dt: i.mu_dt,
            omega_dt: ob as i32,
            input_x: drive as i32,
        });
        self.boundary_x = bx as i32;
        self.power_acc = wrap_s(self.power_acc + p_in - asr(self.power_acc, 10), 30);
        self
    }
}

impl Observable for BoundaryGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        HopfOscillator::signals(&format!("{prefix}u_osc."), out);
        out.push(Signal::new(prefix, "boundary_x", WIDTH, true));
        out.push(Signal::new(prefix, "power_acc", 30, true));
        out.push(Signal::new(prefix, "boundary_power", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let n = self.u_osc.sample(out);
        out[n] = raw(i64::from(self.boundary_x), WIDTH);
        out[n + 1] = raw(self.power_acc, 30);
        out[n + 2] = raw(self.boundary_power(), WIDTH);
        n + 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{OMEGA_DT_L5A, OMEGA_DT_L5B, OMEGA_DT_L6, OMEGA_DT_THETA};

    /// Peak frequency (Hz) of `xs` sampled at 4 kHz, searched on a 0.01 Hz grid in [lo, hi].
    fn peak(xs: &[f64], lo: f64, hi: f64) -> f64 {
        let mut best = (0.0, lo);
        let mut f = lo;
        while f <= hi {
            let w = std::f64::consts::TAU * f / 4_000.0;
            let (mut re, mut im) = (0.0, 0.0);
            let (dc, ds) = (w.cos(), w.sin());
            let (mut c, mut s) = (1.0f64, 0.0f64);
            for &x in xs {
                re += x * c;
                im += x * s;
                (c, s) = (c * dc - s * ds, s * dc + c * ds);
            }
            let p = re * re + im * im;
            if p > best.0 {
                best = (p, f);
            }
            f += 0.01;
        }
        best.1
    }

    /// Boundary output for parents at OMEGA_DT w1, w2 (mu_dt 3 everywhere): peak in Hz.
    fn boundary_peak(w1: i64, w2: i64) -> (f64, i64) {
        let (mut p1, mut p2, mut b) = (
            HopfOscillator::new(),
            HopfOscillator::new(),
            BoundaryGenerator::new(),
        );
        let mut xs = Vec::new();
        for t in 0..(8_000 + 32_768) {
            let i = BoundaryGeneratorInputs {
                mu_dt: 3,
                omega: [w1 as i32, w2 as i32],
                x: [p1.x, p2.x],
                amp: [p1.outputs().amplitude, p2.outputs().amplitude],
            };
            b.tick(&i);
            p1.tick(&HopfOscillatorInputs {
                mu_dt: 3,
                omega_dt: w1 as i32,
                input_x: 0,
            });
            p2.tick(&HopfOscillatorInputs {
                mu_dt: 3,
                omega_dt: w2 as i32,
                input_x: 0,
            });
            if t >= 8_000 {
                xs.push(f64::from(b.boundary_x));
            }
        }
        (peak(&xs, 3.0, 30.0), b.boundary_power())
    }

    #[test]
    fn boundaries_peak_at_the_geometric_means() {
        for (w1, w2, f) in [
            (OMEGA_DT_THETA, OMEGA_DT_L6, 7.49),
            (OMEGA_DT_L6, OMEGA_DT_L5A, 12.12),
            (OMEGA_DT_L5A, OMEGA_DT_L5B, 19.60),
        ] {
            let (pk, power) = boundary_peak(w1, w2);
            assert!(
                (pk - f).abs() / f < 0.02,
                "{w1}/{w2}: peak {pk} Hz, want {f}"
            );
            assert!(power > 100, "boundary power {power}");
        }
    }

    #[test]
    fn omega_b_is_the_floor_geometric_mean() {
        assert_eq!(omega_b(152, 245), 192);
        assert_eq!(omega_b(245, 397), 311);
        assert_eq!(omega_b(397, 642), 504);
        assert_eq!(omega_b(-5, 300), 0);
        assert_eq!(omega_b(-131_072, -131_072), 131_071);
    }

    #[test]
    fn no_parent_amplitude_no_boundary() {
        let mut b = BoundaryGenerator::new();
        let i = BoundaryGeneratorInputs {
            mu_dt: 3,
            omega: [152, 245],
            x: [8_000, 8_000],
            amp: [16_384, 0],
        };
        for _ in 0..4_000 {
            b.tick(&i);
        }
        assert_eq!(b.boundary_x, 0);
        assert_eq!(b.boundary_power(), 0);
    }
}
