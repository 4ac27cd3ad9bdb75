//! A layer's rhythm: a second-order PLL on a processor oscillator, or a software Hopf
//! oscillator. Both are stepped on the layer's own clock, so a drifting clock drifts its rhythm.

use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, TAU};

/// `a` wrapped into [−π, π).
#[inline]
pub fn wrap(a: f64) -> f64 {
    // The per-tick path sees angles within a turn or two of the range: a compare is cheaper
    // than a floating remainder.
    if (-3.0 * PI..3.0 * PI).contains(&a) {
        if a >= PI {
            a - TAU
        } else if a < -PI {
            a + TAU
        } else {
            a
        }
    } else {
        (a + PI).rem_euclid(TAU) - PI
    }
}

/// A second-order (type-2) phase-locked loop: a numerically controlled oscillator steered by a
/// proportional-integral filter of the phase error.
///
/// The phase detector is the wrapped difference reference − NCO, linear over ±π (no sine
/// detector), so the loop is exactly the linear loop of the textbook: with gains
/// Kp = 2ζωₙ and Ki = ωₙ², its error after a phase step decays as e^{−ζωₙt} and settles to 2 %
/// in about 4/(ζωₙ); a frequency offset (the rung's nominal frequency against the processor's,
/// or a drifting clock) leaves no steady error.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pll {
    /// NCO phase, radians, unwrapped.
    pub phase: f64,
    /// The integrator: NCO frequency, rad/s.
    pub omega: f64,
    /// Proportional gain 2ζωₙ, 1/s.
    pub kp: f64,
    /// Integral gain ωₙ², 1/s².
    pub ki: f64,
    /// Last phase error, radians.
    pub error: f64,
}

impl Pll {
    /// A PLL starting at `phase` and `omega` (rad/s), with damping `zeta` and natural angular
    /// frequency `wn` (rad/s).
    pub fn new(phase: f64, omega: f64, zeta: f64, wn: f64) -> Pll {
        Pll {
            phase,
            omega,
            kp: 2.0 * zeta * wn,
            ki: wn * wn,
            error: 0.0,
        }
    }

    /// The 2 % settling time 4/(ζωₙ), seconds, of a loop with these gains.
    pub fn lock_time_theory(&self) -> f64 {
        // ζωₙ = Kp / 2.
        4.0 / (0.5 * self.kp)
    }

    /// One tick: the NCO advances by its frequency over `dt` seconds of the layer's clock, then
    /// the error against `reference` (radians, any branch) steers it. Returns the error.
    #[inline]
    pub fn step(&mut self, reference: f64, dt: f64) -> f64 {
        self.phase += self.omega * dt;
        let e = wrap(reference - self.phase);
        self.omega += self.ki * e * dt;
        self.phase += self.kp * e * dt;
        self.error = e;
        e
    }
}

/// A software Hopf oscillator of the processor's form, dz/dt = (μ − |z|²) z + iωz, stepped
/// exactly in angle (a rotation by ω·dt) and by Euler in radius, so its phase advances by
/// exactly ω per second of its clock.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hopf {
    /// Real part.
    pub x: f64,
    /// Imaginary part.
    pub y: f64,
    /// Angular frequency, rad/s.
    pub omega: f64,
    /// Growth rate μ (radius √μ).
    pub mu: f64,
    rot: (f64, f64),
    rot_dt: f64,
}

impl Hopf {
    /// A Hopf oscillator at phase `phase`, radius √μ.
    pub fn new(phase: f64, omega: f64, mu: f64) -> Hopf {
        let r = mu.sqrt();
        Hopf {
            x: r * phase.cos(),
            y: r * phase.sin(),
            omega,
            mu,
            rot: (1.0, 0.0),
            rot_dt: 0.0,
        }
    }

    /// Radius |z|.
    pub fn radius(&self) -> f64 {
        self.x.hypot(self.y)
    }

    /// Phase atan2(y, x).
    pub fn phase(&self) -> f64 {
        self.y.atan2(self.x)
    }

    /// Rotates by `angle` radians (a phase correction).
    pub fn rotate(&mut self, angle: f64) {
        let (s, c) = angle.sin_cos();
        let (x, y) = (self.x, self.y);
        self.x = c * x - s * y;
        self.y = s * x + c * y;
    }

    /// One step of `dt` seconds of the layer's clock.
    #[inline]
    pub fn step(&mut self, dt: f64) {
        if dt != self.rot_dt {
            let (s, c) = (self.omega * dt).sin_cos();
            self.rot = (c, s);
            self.rot_dt = dt;
        }
        let (c, s) = self.rot;
        let (x, y) = (self.x, self.y);
        let g = 1.0 + dt * (self.mu - (x * x + y * y));
        self.x = g * (c * x - s * y);
        self.y = g * (s * x + c * y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_lands_in_minus_pi_to_pi() {
        for k in -2000..2000 {
            let a = k as f64 * 0.0137;
            let w = wrap(a);
            assert!((-PI..PI).contains(&w), "{a} -> {w}");
            assert!(((a - w) / TAU - ((a - w) / TAU).round()).abs() < 1e-9);
        }
    }

    #[test]
    fn the_pll_settles_after_a_phase_step_in_about_four_over_zeta_omega_n() {
        let dt = 2.5e-4;
        let w = TAU * 9.53;
        let wn = TAU * 9.44;
        let mut p = Pll::new(0.0, TAU * 9.44, std::f64::consts::FRAC_1_SQRT_2, wn);
        let step = 2.0;
        p.phase = -step;
        let mut last = 0;
        for t in 0..40_000u64 {
            let e = p.step(w * (t + 1) as f64 * dt, dt);
            if e.abs() > 0.02 * step {
                last = t;
            }
        }
        let settle = last as f64 * dt;
        let theory = p.lock_time_theory();
        assert!((settle / theory - 1.0).abs() < 0.2, "{settle} vs {theory}");
        assert!(p.error.abs() < 1e-9);
    }

    #[test]
    fn the_hopf_rung_turns_at_its_frequency_and_keeps_its_radius() {
        let dt = 2.5e-4;
        let mut h = Hopf::new(0.3, TAU * 3.61, 1.0);
        let mut turned = 0.0;
        let mut prev = h.phase();
        for _ in 0..4_000 {
            h.step(dt);
            turned += wrap(h.phase() - prev);
            prev = h.phase();
        }
        assert!((turned - TAU * 3.61).abs() < 1e-9, "{turned}");
        assert!((h.radius() - 1.0).abs() < 1e-12);
    }
}
