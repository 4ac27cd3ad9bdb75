//! `hopf_oscillator` (rtl/hopf_oscillator.v): the Hopf normal form in Q4.14, one forward-Euler step
//! per 4 kHz clock enable (section 1.1). Bit-level contract: docs/spec/hopf_oscillator.md.
//!
//! ```text
//! dx = mu_dt·x - omega_dt·y - DT·r²·x + input_x      (each product >>> FRAC)
//! dy = mu_dt·y + omega_dt·x_half - DT·r²·y          (x_half = sat18(x + dx))
//! r² = (x² + y²) >>> FRAC, from the registers before the edge
//! if r² > R2_THRESH: x, y scaled by clamp(2.0 - r², 0.5, 1.0)
//! x, y saturated to Q4.14
//! ```
//!
//! The step is semi-implicit (symplectic) Euler: y rotates with this step's x, so the rotation
//! preserves area and `mu_dt` sets the amplitude at every frequency.
//!
//! `mu_dt` and `omega_dt` are μ·dt and ω·dt in Q14 (so `mu_dt = 4` is μ = 1 and the amplitude
//! settles near r = 1); `input_x` is the drive already integrated over one step.

use crate::constants::{CORR_MAX, CORR_MIN, DT, R2_THRESH, TWO_Q14, X_INIT, Y_INIT};
use crate::fixed_point::{asr, fit_s, sat_s, wrap_s, FRAC, WIDTH};
use crate::signals::{Observable, Signal};

/// Inputs of `hopf_oscillator`, same port names. Each is an 18-bit signed port: a value outside
/// [-131072, 131071] is truncated to its low 18 bits, as driving the port would.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HopfOscillatorInputs {
    /// `input signed [17:0] mu_dt`: μ·dt in Q14.
    pub mu_dt: i32,
    /// `input signed [17:0] omega_dt`: ω·dt in Q14.
    pub omega_dt: i32,
    /// `input signed [17:0] input_x`: external drive on dx, per step, Q14.
    pub input_x: i32,
}

/// Outputs of `hopf_oscillator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HopfOscillatorOutputs {
    /// `output reg signed [17:0] x`.
    pub x: i32,
    /// `output reg signed [17:0] y`.
    pub y: i32,
    /// `output wire signed [17:0] amplitude`: max(hi, hi - hi/8 + lo/2) of |x|, |y|.
    pub amplitude: i32,
}

/// Registers of one `hopf_oscillator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HopfOscillator {
    /// `reg signed [17:0] x`.
    pub x: i32,
    /// `reg signed [17:0] y`.
    pub y: i32,
}

impl Default for HopfOscillator {
    fn default() -> Self {
        Self::new()
    }
}

impl HopfOscillator {
    /// An oscillator in its reset state: x = 0.5, y = 0.
    pub const fn new() -> Self {
        HopfOscillator {
            x: X_INIT as i32,
            y: Y_INIT as i32,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// The pure next-state function of one clock-enable edge.
    #[inline(always)]
    pub fn next_state(&self, i: &HopfOscillatorInputs) -> HopfOscillator {
        let (x, y) = step(
            i64::from(self.x),
            i64::from(self.y),
            wrap_s(i64::from(i.mu_dt), WIDTH),
            wrap_s(i64::from(i.omega_dt), WIDTH),
            wrap_s(i64::from(i.input_x), WIDTH),
        );
        HopfOscillator {
            x: x as i32,
            y: y as i32,
        }
    }

    /// One clock-enable edge: registers update, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &HopfOscillatorInputs) -> HopfOscillatorOutputs {
        *self = self.next_state(i);
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> HopfOscillatorOutputs {
        HopfOscillatorOutputs {
            x: self.x,
            y: self.y,
            amplitude: amplitude(i64::from(self.x), i64::from(self.y)) as i32,
        }
    }
}

/// One Euler step on 18-bit signed x, y with 18-bit signed inputs; widths as in the RTL.
///
/// Every wire of the RTL is wide enough for its expression here, so each truncation keeps every
/// bit ([`fit_s`]); the bounds, from |x|, |y|, |mu_dt|, |omega_dt|, |input_x| <= 2^17 (18-bit
/// registers and ports), are written beside each wire. Only the two saturations change values.
#[inline(always)]
fn step(x: i64, y: i64, mu_dt: i64, omega_dt: i64, input_x: i64) -> (i64, i64) {
    // wire signed [35:0] x_sq, y_sq: 0 <= x·x <= 2^34 < 2^35.
    let x_sq = fit_s(x * x, 36);
    let y_sq = fit_s(y * y, 36);
    // wire signed [36:0] r_sq_full: 0 <= sum <= 2^35 < 2^36.
    let r_sq_full = fit_s(x_sq + y_sq, 37);
    // wire signed [22:0] r_sq: 0 <= r_sq <= 2^21 < 2^22.
    let r_sq = fit_s(asr(r_sq_full, FRAC), 23);
    // wire signed [35:0] mu_x, mu_y, om_y: |product| <= 2^34 < 2^35.
    let mu_x = fit_s(mu_dt * x, 36);
    let mu_y = fit_s(mu_dt * y, 36);
    let om_y = fit_s(omega_dt * y, 36);
    // wire signed [40:0] r2_x, r2_y: |r_sq·x| <= 2^38 < 2^40;
    // wire signed [26:0] r2x_q, r2y_q: |r2 >>> 14| <= 2^24 < 2^26.
    let r2x_q = fit_s(asr(fit_s(r_sq * x, 41), FRAC), 27);
    let r2y_q = fit_s(asr(fit_s(r_sq * y, 41), FRAC), 27);
    // wire signed [44:0] dt_r2_x, dt_r2_y: |DT·r2q| <= 2^26 (DT = 4) < 2^44;
    // wire signed [30:0] damp_x, damp_y: |damp| <= 2^12 < 2^30.
    let damp_x = fit_s(asr(fit_s(DT * r2x_q, 45), FRAC), 31);
    let damp_y = fit_s(asr(fit_s(DT * r2y_q, 45), FRAC), 31);
    // wire signed [31:0] x_sum, y_sum: |sum| <= 2^17 + 2^20 + 2^20 + 2^12 + 2^17 < 2^31.
    let x_sum = fit_s(x + asr(mu_x, FRAC) - asr(om_y, FRAC) - damp_x + input_x, 32);
    // wire signed [17:0] x_half = sat18(x_sum); wire signed [35:0] om_x = omega_dt * x_half
    // (|om_x| <= 2^34 < 2^35).
    let x_half = sat_s(x_sum, WIDTH);
    let om_x = fit_s(omega_dt * x_half, 36);
    let y_sum = fit_s(y + asr(mu_y, FRAC) + asr(om_x, FRAC) - damp_y, 32);
    // Amplitude correction (section 1.1): only above r² = 1.0625.
    let (x_c, y_c) = if r_sq > R2_THRESH {
        // wire signed [23:0] corr_raw: |2^15 - r_sq| <= 2^21 < 2^23.
        let corr_raw = fit_s(TWO_Q14 - r_sq, 24);
        // The RTL's two comparisons; CORR_MIN < CORR_MAX, so this is exactly them.
        let corr = corr_raw.clamp(CORR_MIN, CORR_MAX);
        // wire signed [55:0] x_scaled: |sum·corr| < 2^22·2^14 = 2^36 < 2^55;
        // wire signed [35:0] x_corr: |x_scaled >>> 14| < 2^22 < 2^35.
        (
            fit_s(asr(fit_s(x_sum * corr, 56), FRAC), 36),
            fit_s(asr(fit_s(y_sum * corr, 56), FRAC), 36),
        )
    } else {
        (x_sum, y_sum)
    };
    (sat_s(x_c, WIDTH), sat_s(y_c, WIDTH))
}

/// `amplitude`: alpha-max-plus-beta-min estimate of √(x² + y²) with α = 7/8, β = 1/2, never below
/// max(|x|, |y|); within -3% and +1% of the true magnitude. |x|, |y| in 19 bits, result saturated to 18.
///
/// With 18-bit x, y: |x|, |y| <= 2^17 fit 19 bits, and est <= 2^17 + 2^16 < 2^18 fits 19 bits,
/// so only the final saturation can change a value.
#[inline(always)]
pub(crate) fn amplitude(x: i64, y: i64) -> i64 {
    let ax = fit_s(x.abs(), WIDTH + 1);
    let ay = fit_s(y.abs(), WIDTH + 1);
    let (hi, lo) = if ax > ay { (ax, ay) } else { (ay, ax) };
    let est = fit_s(hi - asr(hi, 3) + asr(lo, 1), WIDTH + 1);
    let amp = if est > hi { est } else { hi };
    sat_s(amp, WIDTH)
}

impl Observable for HopfOscillator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "x", WIDTH, true));
        out.push(Signal::new(prefix, "y", WIDTH, true));
        out.push(Signal::new(prefix, "amplitude", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let o = self.outputs();
        out[0] = crate::fixed_point::raw(i64::from(o.x), WIDTH);
        out[1] = crate::fixed_point::raw(i64::from(o.y), WIDTH);
        out[2] = crate::fixed_point::raw(i64::from(o.amplitude), WIDTH);
        3
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        let r = |v: i32| crate::fixed_point::raw(i64::from(v), WIDTH);
        match index {
            0 => Box::new(move |p: &P| r(get(p).x)),
            1 => Box::new(move |p: &P| r(get(p).y)),
            _ => Box::new(move |p: &P| get(p).sample_one(index)),
        }
    }

    fn sample_one(&self, index: usize) -> u64 {
        let v = match index {
            0 => self.x,
            1 => self.y,
            2 => self.outputs().amplitude,
            _ => panic!("signal index {index} out of a table of 3"),
        };
        crate::fixed_point::raw(i64::from(v), WIDTH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{MU_VALUES, OMEGA_DT_L23_FAST, OMEGA_DT_THETA};

    fn run(mu: i32, omega: i32, ticks: usize) -> Vec<(i32, i32, i32)> {
        let mut h = HopfOscillator::new();
        let i = HopfOscillatorInputs {
            mu_dt: mu,
            omega_dt: omega,
            input_x: 0,
        };
        (0..ticks)
            .map(|_| {
                let o = h.tick(&i);
                (o.x, o.y, o.amplitude)
            })
            .collect()
    }

    #[test]
    fn reset_state_is_half_and_zero() {
        let h = HopfOscillator::new();
        assert_eq!((h.x, h.y), (8192, 0));
    }

    #[test]
    fn amplitude_estimate_is_within_minus_three_plus_one_percent() {
        for k in 0..64 {
            let a = k as f64 * std::f64::consts::TAU / 64.0;
            let (x, y) = ((a.cos() * 16384.0) as i64, (a.sin() * 16384.0) as i64);
            let est = amplitude(x, y) as f64 / 16384.0;
            assert!((0.969..=1.009).contains(&est), "angle {a}: {est}");
        }
        assert_eq!(amplitude(-131_072, -131_072), 131_071);
    }

    #[test]
    fn theta_runs_at_5_89_hz() {
        // Rising zero crossings of x over 10 simulated seconds after a 1 s settle.
        let tr = run(3, OMEGA_DT_THETA as i32, 44_000);
        let xs: Vec<i32> = tr.iter().map(|t| t.0).collect();
        let f = phin_analysis::zero_crossing_frequency(&xs[4_000..], 4_000.0);
        assert!((f - 5.89).abs() / 5.89 < 0.01, "theta at {f} Hz");
    }

    #[test]
    fn fast_gamma_is_not_theta() {
        let tr = run(3, OMEGA_DT_L23_FAST as i32, 8_000);
        let xs: Vec<i32> = tr.iter().map(|t| t.0).collect();
        let f = phin_analysis::zero_crossing_frequency(&xs[4_000..], 4_000.0);
        assert!((f - 65.3).abs() / 65.3 < 0.01, "fast gamma at {f} Hz");
    }

    #[test]
    fn amplitude_settles_and_stays_bounded_for_every_mu() {
        for mu in MU_VALUES {
            let tr = run(mu as i32, OMEGA_DT_THETA as i32, 80_000);
            let late: Vec<i32> = tr[40_000..].iter().map(|t| t.2).collect();
            let (lo, hi) = (
                *late.iter().min().unwrap() as f64 / 16384.0,
                *late.iter().max().unwrap() as f64 / 16384.0,
            );
            assert!(hi < 1.1, "MU {mu}: amplitude reaches {hi}");
            assert!(lo > 0.4, "MU {mu}: amplitude collapses to {lo}");
            assert!(hi - lo < 0.15, "MU {mu}: amplitude wanders {lo}..{hi}");
        }
    }

    #[test]
    fn mu_sets_the_amplitude_at_every_band() {
        // Section 8.3: MU = 4 settles at r = 1; the Hopf fixed point is r = sqrt(mu_dt / DT).
        // MU = 6 asks for r^2 = 1.5 and is held near 1 by the correction above r^2 = 1.0625.
        for omega in [
            OMEGA_DT_THETA,
            crate::constants::OMEGA_DT_L5A,
            OMEGA_DT_L23_FAST,
        ] {
            let mut means = Vec::new();
            for mu in MU_VALUES {
                let tr = run(mu as i32, omega as i32, 80_000);
                let late: Vec<i32> = tr[40_000..].iter().map(|t| t.2).collect();
                let mean = phin_analysis::q14_stats(&late).1;
                if mu <= 4 {
                    let want = (mu as f64 / 4.0).sqrt();
                    assert!(
                        (mean - want).abs() / want < 0.04,
                        "omega {omega}, MU {mu}: amplitude {mean}, want {want}"
                    );
                } else {
                    assert!((0.94..1.04).contains(&mean), "omega {omega}, MU 6: {mean}");
                }
                means.push(mean);
            }
            assert!(means[0] < means[1] && means[1] < means[2] && means[2] < means[3]);
        }
    }
}
