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
use crate::fixed_point::{wrap_s, FRAC, WIDTH};
use crate::lane::Lane;
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

    /// The pure next-state function of one clock-enable edge: [`HopfOscillatorL::next_state`]
    /// on one lane.
    #[inline(always)]
    pub fn next_state(&self, i: &HopfOscillatorInputs) -> HopfOscillator {
        HopfOscillatorL::<i64>::gather(|_| *self)
            .next_state(&HopfOscillatorInputsL::gather(|_| *i))
            .lane(0)
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

/// The registers of `hopf_oscillator` over lanes: lane k is instance k ([`crate::lane`]). The one
/// source of the oscillator's next state: [`HopfOscillator`] is its one-lane case (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HopfOscillatorL<L: Lane> {
    /// `reg signed [17:0] x`.
    pub x: L,
    /// `reg signed [17:0] y`.
    pub y: L,
}

/// [`HopfOscillatorInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HopfOscillatorInputsL<L: Lane> {
    /// `mu_dt`.
    pub mu_dt: L,
    /// `omega_dt`.
    pub omega_dt: L,
    /// `input_x`.
    pub input_x: L,
}

/// [`HopfOscillatorOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HopfOscillatorOutputsL<L: Lane> {
    /// `x`.
    pub x: L,
    /// `y`.
    pub y: L,
    /// `amplitude`.
    pub amplitude: L,
}

impl<L: Lane> HopfOscillatorInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HopfOscillatorInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        HopfOscillatorInputsL {
            mu_dt: L::from_fn(|k| w(f(k).mu_dt)),
            omega_dt: L::from_fn(|k| w(f(k).omega_dt)),
            input_x: L::from_fn(|k| w(f(k).input_x)),
        }
    }
}

impl<L: Lane> HopfOscillatorOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> HopfOscillatorOutputs {
        HopfOscillatorOutputs {
            x: self.x.lane(k) as i32,
            y: self.y.lane(k) as i32,
            amplitude: self.amplitude.lane(k) as i32,
        }
    }
}

impl<L: Lane> HopfOscillatorL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> HopfOscillator) -> Self {
        HopfOscillatorL {
            x: L::from_fn(|k| i64::from(f(k).x)),
            y: L::from_fn(|k| i64::from(f(k).y)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> HopfOscillator {
        HopfOscillator {
            x: self.x.lane(k) as i32,
            y: self.y.lane(k) as i32,
        }
    }

    /// The pure next-state function of one clock-enable edge, every lane at once.
    #[inline(always)]
    pub fn next_state(&self, i: &HopfOscillatorInputsL<L>) -> Self {
        let (x, y) = step(self.x, self.y, i.mu_dt, i.omega_dt, i.input_x);
        HopfOscillatorL { x, y }
    }

    /// One clock-enable edge on every lane: registers update, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &HopfOscillatorInputsL<L>) -> HopfOscillatorOutputsL<L> {
        *self = self.next_state(i);
        self.outputs()
    }

    /// The outputs from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> HopfOscillatorOutputsL<L> {
        HopfOscillatorOutputsL {
            x: self.x,
            y: self.y,
            amplitude: amplitude_l(self.x, self.y),
        }
    }
}

/// One Euler step on 18-bit signed x, y with 18-bit signed inputs; widths as in the RTL. Written
/// over [`Lane`]: the single model runs it on `i64`, the lane engine on N instances at once.
///
/// Every wire of the RTL is wide enough for its expression here, so each truncation keeps every
/// bit ([`Lane::fit_s`]); the bounds, from |x|, |y|, |mu_dt|, |omega_dt|, |input_x| <= 2^17 (18-bit
/// registers and ports), are written beside each wire. Only the two saturations change values.
/// Every product has operands of at most 23 bits, so it is a [`Lane::mul32`].
#[inline(always)]
pub(crate) fn step<L: Lane>(x: L, y: L, mu_dt: L, omega_dt: L, input_x: L) -> (L, L) {
    let c = L::splat;
    // wire signed [35:0] x_sq, y_sq: 0 <= x·x <= 2^34 < 2^35.
    let x_sq = x.mul32(x).fit_s(36);
    let y_sq = y.mul32(y).fit_s(36);
    // wire signed [36:0] r_sq_full: 0 <= sum <= 2^35 < 2^36.
    let r_sq_full = (x_sq + y_sq).fit_s(37);
    // wire signed [22:0] r_sq: 0 <= r_sq <= 2^21 < 2^22.
    let r_sq = r_sq_full.asr(FRAC).fit_s(23);
    // wire signed [35:0] mu_x, mu_y, om_y: |product| <= 2^34 < 2^35.
    let mu_x = mu_dt.mul32(x).fit_s(36);
    let mu_y = mu_dt.mul32(y).fit_s(36);
    let om_y = omega_dt.mul32(y).fit_s(36);
    // wire signed [40:0] r2_x, r2_y: |r_sq·x| <= 2^38 < 2^40;
    // wire signed [26:0] r2x_q, r2y_q: |r2 >>> 14| <= 2^24 < 2^26.
    let r2x_q = r_sq.mul32(x).fit_s(41).asr(FRAC).fit_s(27);
    let r2y_q = r_sq.mul32(y).fit_s(41).asr(FRAC).fit_s(27);
    // wire signed [44:0] dt_r2_x, dt_r2_y: |DT·r2q| <= 2^26 (DT = 4) < 2^44;
    // wire signed [30:0] damp_x, damp_y: |damp| <= 2^12 < 2^30.
    let damp_x = c(DT).mul32(r2x_q).fit_s(45).asr(FRAC).fit_s(31);
    let damp_y = c(DT).mul32(r2y_q).fit_s(45).asr(FRAC).fit_s(31);
    // wire signed [31:0] x_sum, y_sum: |sum| <= 2^17 + 2^20 + 2^20 + 2^12 + 2^17 < 2^31.
    let x_sum = (x + mu_x.asr(FRAC) - om_y.asr(FRAC) - damp_x + input_x).fit_s(32);
    // wire signed [17:0] x_half = sat18(x_sum); wire signed [35:0] om_x = omega_dt * x_half
    // (|om_x| <= 2^34 < 2^35).
    let x_half = x_sum.sat_s(WIDTH);
    let om_x = omega_dt.mul32(x_half).fit_s(36);
    let y_sum = (y + mu_y.asr(FRAC) + om_x.asr(FRAC) - damp_y).fit_s(32);
    // Amplitude correction (section 1.1): only above r² = 1.0625. Rarely taken, so evaluated only
    // when some lane needs it.
    let corrected = r_sq.cmp_gt(c(R2_THRESH));
    // wire signed [23:0] corr_raw: |2^15 - r_sq| <= 2^21 < 2^23.
    // The RTL's two comparisons; CORR_MIN < CORR_MAX, so the clamp is exactly them.
    // wire signed [55:0] x_scaled: |sum·corr| < 2^22·2^14 = 2^36 < 2^55;
    // wire signed [35:0] x_corr: |x_scaled >>> 14| < 2^22 < 2^35.
    let corr = || {
        (c(TWO_Q14) - r_sq)
            .fit_s(24)
            .clamp_to(c(CORR_MIN), c(CORR_MAX))
    };
    let x_c = L::when(
        corrected,
        || x_sum.mul32(corr()).fit_s(56).asr(FRAC).fit_s(36),
        || x_sum,
    );
    let y_c = L::when(
        corrected,
        || y_sum.mul32(corr()).fit_s(56).asr(FRAC).fit_s(36),
        || y_sum,
    );
    (x_c.sat_s(WIDTH), y_c.sat_s(WIDTH))
}

/// `amplitude`: alpha-max-plus-beta-min estimate of √(x² + y²) with α = 7/8, β = 1/2, never below
/// max(|x|, |y|); within -3% and +1% of the true magnitude. |x|, |y| in 19 bits, result saturated to 18.
///
/// With 18-bit x, y: |x|, |y| <= 2^17 fit 19 bits, and est <= 2^17 + 2^16 < 2^18 fits 19 bits,
/// so only the final saturation can change a value.
#[inline(always)]
pub(crate) fn amplitude(x: i64, y: i64) -> i64 {
    amplitude_l(x, y)
}

/// [`amplitude`] over lanes.
#[inline(always)]
pub(crate) fn amplitude_l<L: Lane>(x: L, y: L) -> L {
    let ax = x.abs_s(64).fit_s(WIDTH + 1);
    let ay = y.abs_s(64).fit_s(WIDTH + 1);
    let x_hi = ax.cmp_gt(ay);
    let (hi, lo) = (L::select(x_hi, ax, ay), L::select(x_hi, ay, ax));
    let est = (hi - hi.asr(3) + lo.asr(1)).fit_s(WIDTH + 1);
    let amp = L::select(est.cmp_gt(hi), est, hi);
    amp.sat_s(WIDTH)
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn port() -> impl Strategy<Value = i32> {
            // Whole 18-bit range, a few beyond it (ports truncate), and small drives.
            prop_oneof![-131_072i32..=131_071, -300_000i32..300_000, -64i32..64]
        }

        proptest! {
            /// Every lane of the lane oscillator is the scalar oscillator on that lane's state and
            /// inputs, tick after tick (random states, parameters and drives; shrinks on failure).
            #[test]
            fn every_lane_is_the_scalar_oscillator(
                xy in prop::array::uniform4((-131_072i32..=131_071, -131_072i32..=131_071)),
                ins in prop::collection::vec(prop::array::uniform4((port(), port(), port())), 1..12),
            ) {
                let mut scalar: [HopfOscillator; N] = xy.map(|(x, y)| HopfOscillator { x, y });
                let mut lanes = HopfOscillatorL::<Lanes<N>>::gather(|k| scalar[k]);
                for tick in &ins {
                    let i = tick.map(|(mu_dt, omega_dt, input_x)| HopfOscillatorInputs { mu_dt, omega_dt, input_x });
                    let o = lanes.tick(&HopfOscillatorInputsL::gather(|k| i[k]));
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
            // The comparison can fail: one LSB in one lane's register is a different oscillator.
            let h = HopfOscillator { x: 9000, y: -300 };
            let mut l = HopfOscillatorL::<Lanes<N>>::gather(|_| h);
            l.x.0[2] += 1;
            let i = HopfOscillatorInputs {
                mu_dt: 4,
                omega_dt: 300,
                input_x: 0,
            };
            let o = l.tick(&HopfOscillatorInputsL::gather(|_| i));
            let s = h.next_state(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(2), s);
            assert_ne!(o.lane(2).x, s.x);
        }
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
