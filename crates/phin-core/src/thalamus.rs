//! `thalamus` (rtl/thalamus.v): the thalamic relay (sections 3, 10.5, 11.1, 11.2).
//!
//! Hardware facts: instance `u_theta` (`hopf_oscillator`, OMEGA_DT 152, 5.89 Hz) and instance
//! `u_sr_bank` (`sr_harmonic_bank`). Within one tick the RTL evaluates, from the registers before
//! the edge:
//!
//! 1. `sr_entrain = beta_quiet ? ((f0_x·gain_f0 >>> 14)·K_SR_ENTRAIN >>> 14) : 0` from the
//!    bank's registers, which drives `u_theta.input_x`;
//! 2. the bank, whose theta target is `u_theta`'s x, y before the edge;
//! 3. the core pathway: `theta_gate = max(0, 0.5 + theta_x/2 − (K_L6_THAL + K_TRN)·max(0, l6_avg))`,
//!    `thalamic_output = sat(sat(sensory·gain)·theta_gate + Σ sr relay)`, where the SR relay is
//!    `f_x·gain` per harmonic, f₀ boosted 1.3× and f₁ 1.2× while their SIE flag holds;
//! 4. the matrix pathway: `matrix_output = sat(l5b_avg·theta_gate)`, `l5b_avg = Σ l5b · 1/3`;
//! 5. the theta phase detector on `theta_y` (section 3.3): DC removal (IIR >>> 8), amplitude
//!    tracking (IIR >>> 8 of |y_hp|), a turn detector with 64-LSB hysteresis for "rising", and
//!    the phase from {y_hp ≥ 0, rising, |y_hp| > amp/4}.
//!
//! The Rust parent reads the children's outputs first, then ticks both children, then loads its own
//! registers: the same order. Bit-level contract: docs/spec/thalamus.md.

use crate::constants::{
    HALF_Q14, K_L6_THAL, K_SR_ENTRAIN, K_TRN, OMEGA_DT_THETA, ONE_THIRD, PHASE_TURN_HYST,
    SIE_BOOST_F0, SIE_BOOST_F1, THETA_AMP_SHIFT, THETA_DC_SHIFT,
};
use crate::fixed_point::{add_s, asr, mul_s, raw, sat_s, sub_s, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use crate::signals::{Observable, Signal};
use crate::sr_harmonic_bank::{mulq, SrHarmonicBank, SrHarmonicBankInputs};

/// Inputs of `thalamus`, same port names (18-bit signed ports unless noted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThalamusInputs {
    /// `mu_dt`: growth rate of theta.
    pub mu_dt: i32,
    /// `sr_mu_dt`: growth rate of the SR oscillators.
    pub sr_mu_dt: i32,
    /// `sensory_input`.
    pub sensory_input: i32,
    /// `sensory_gain`, Q14.
    pub sensory_gain: i32,
    /// `l6_sensory`, `l6_assoc`, `l6_motor`: L6 corticothalamic feedback.
    pub l6: [i32; 3],
    /// `l5b_sensory`, `l5b_assoc`, `l5b_motor`: the matrix pathway's input.
    pub l5b: [i32; 3],
    /// `alpha_x, low_beta_x, high_beta_x, gamma_x`: SR coherence targets of f₁..f₄.
    pub target_x: [i32; 4],
    /// `alpha_y, low_beta_y, high_beta_y, gamma_y`.
    pub target_y: [i32; 4],
    /// `beta_amplitude`.
    pub beta_amplitude: i32,
    /// `omega_dt_f0..f4`.
    pub omega_dt: [i32; 5],
    /// `noise_f0..f4`.
    pub noise: [i32; 5],
    /// `sr_field_input`.
    pub sr_field_input: i32,
    /// `sr_field_f0..f4`.
    pub sr_field: [i32; 5],
    /// `adaptive_en` (1 bit).
    pub adaptive_en: bool,
    /// `stability_f0..f4`.
    pub stability: [i32; 5],
}

/// Outputs of `thalamus` (the bank's outputs are in [`Thalamus::u_sr_bank`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThalamusOutputs {
    /// `theta_x`.
    pub theta_x: i32,
    /// `theta_y`.
    pub theta_y: i32,
    /// `theta_amplitude`.
    pub theta_amplitude: i32,
    /// `theta_phase[2:0]`.
    pub theta_phase: u8,
    /// `encoding_window`: phases 0-3.
    pub encoding_window: bool,
    /// `theta_gate`.
    pub theta_gate: i32,
    /// `thalamic_output`: the core relay to L4.
    pub thalamic_output: i32,
    /// `matrix_output`: the matrix broadcast to L1.
    pub matrix_output: i32,
}

/// Registers of one `thalamus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thalamus {
    /// Instance `u_theta`.
    pub u_theta: HopfOscillator,
    /// Instance `u_sr_bank`.
    pub u_sr_bank: SrHarmonicBank,
    /// `reg [2:0] theta_phase`.
    pub theta_phase: u8,
    /// `reg signed [17:0] theta_gate`.
    pub theta_gate: i32,
    /// `reg signed [17:0] thalamic_output`.
    pub thalamic_output: i32,
    /// `reg signed [17:0] matrix_output`.
    pub matrix_output: i32,
    /// `reg signed [17:0] theta_y_dc`.
    pub theta_y_dc: i32,
    /// `reg signed [17:0] theta_amp`.
    pub theta_amp: i32,
    /// `reg signed [17:0] hp_ext`.
    pub hp_ext: i32,
    /// `reg y_rising`.
    pub y_rising: bool,
}

impl Default for Thalamus {
    fn default() -> Self {
        Self::new()
    }
}

/// The function `mulq_sat`: `sat18(p·q >>> 14)`.
#[inline(always)]
fn mulq_sat(p: i64, q: i64) -> i64 {
    sat_s(asr(mul_s(p, q, 36), FRAC), WIDTH)
}

/// The function `mean3`: `(p + q + r)·ONE_THIRD >>> 14` with a 20-bit sum and 38-bit product.
#[inline(always)]
fn mean3(p: i64, q: i64, r: i64) -> i64 {
    let sum = add_s(add_s(p, q, 20), r, 20);
    wrap_s(asr(mul_s(sum, ONE_THIRD, 38), FRAC), WIDTH)
}

/// `theta_gate` before the register: `max(0, 0.5 + theta_x/2 − 0.3·max(0, l6_avg))`.
#[inline(always)]
pub fn gate(theta_x: i64, l6: [i64; 3]) -> i64 {
    let l6_avg = mean3(l6[0], l6[1], l6[2]);
    let l6_pos = if l6_avg < 0 { 0 } else { l6_avg };
    let inhibition = add_s(mulq(K_L6_THAL, l6_pos), mulq(K_TRN, l6_pos), WIDTH);
    let raw = add_s(HALF_Q14, asr(theta_x, 1), WIDTH);
    let diff = sub_s(raw, inhibition, WIDTH + 1);
    if diff < 0 {
        0
    } else {
        wrap_s(diff, WIDTH)
    }
}

/// The phase code of {y_hp ≥ 0, rising, |y_hp| > amp/4}.
#[inline(always)]
pub const fn phase_code(pos: bool, rising: bool, big: bool) -> u8 {
    match (pos, rising, big) {
        (true, true, false) => 0,
        (true, true, true) => 1,
        (true, false, true) => 2,
        (true, false, false) => 3,
        (false, false, false) => 4,
        (false, false, true) => 5,
        (false, true, true) => 6,
        (false, true, false) => 7,
    }
}

impl Thalamus {
    /// A thalamus in its reset state.
    pub const fn new() -> Self {
        Thalamus {
            u_theta: HopfOscillator::new(),
            u_sr_bank: SrHarmonicBank::new(),
            theta_phase: 0,
            theta_gate: 0,
            thalamic_output: 0,
            matrix_output: 0,
            theta_y_dc: 0,
            theta_amp: 0,
            hp_ext: 0,
            y_rising: true,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &ThalamusInputs) -> ThalamusOutputs {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        // Children's outputs before the edge.
        let th = self.u_theta.outputs();
        let sr = self.u_sr_bank.outputs();
        let (theta_x, theta_y) = (i64::from(th.x), i64::from(th.y));

        // 1. SR entrainment of theta.
        let sr_entrain = if sr.beta_quiet {
            mulq(
                mulq(i64::from(sr.f_x[0]), i64::from(sr.gain[0])),
                K_SR_ENTRAIN,
            )
        } else {
            0
        };

        // 3. Core pathway.
        let l6 = [w(i.l6[0]), w(i.l6[1]), w(i.l6[2])];
        let gate_new = gate(theta_x, l6);
        let relay = mulq_sat(mulq_sat(w(i.sensory_input), w(i.sensory_gain)), gate_new);
        let boost = [
            if sr.sie_per_harmonic & 1 != 0 {
                SIE_BOOST_F0
            } else {
                ONE_Q14
            },
            if sr.sie_per_harmonic & 2 != 0 {
                SIE_BOOST_F1
            } else {
                ONE_Q14
            },
        ];
        let mut core_sum = relay;
        for h in 0..5 {
            let mut v = mulq(i64::from(sr.f_x[h]), i64::from(sr.gain[h]));
            if h < 2 {
                v = mulq(v, boost[h]);
            }
            core_sum = add_s(core_sum, v, 21);
        }
        let core_new = sat_s(core_sum, WIDTH);

        // 4. Matrix pathway.
        let l5b_avg = mean3(w(i.l5b[0]), w(i.l5b[1]), w(i.l5b[2]));
        let matrix_new = mulq_sat(l5b_avg, gate_new);

        // 5. Theta phase detector.
        let dc = i64::from(self.theta_y_dc);
        let y_diff = sub_s(theta_y, dc, WIDTH + 1);
        let dc_sum = add_s(dc, asr(y_diff, THETA_DC_SHIFT), WIDTH + 1);
        let hp = sat_s(y_diff, WIDTH);
        let hp_abs = if hp < 0 { sat_s(-hp, WIDTH) } else { hp };
        let amp = i64::from(self.theta_amp);
        let amp_diff = sub_s(hp_abs, amp, WIDTH + 1);
        let amp_sum = add_s(amp, asr(amp_diff, THETA_AMP_SHIFT), WIDTH + 1);
        let ext = i64::from(self.hp_ext);
        let turn_down = self.y_rising && hp < sub_s(ext, PHASE_TURN_HYST, WIDTH + 2);
        let turn_up = !self.y_rising && hp > add_s(ext, PHASE_TURN_HYST, WIDTH + 2);
        let rising_new = if self.y_rising { !turn_down } else { turn_up };
        let ext_load =
            (self.y_rising && hp > ext) || (!self.y_rising && hp < ext) || turn_down || turn_up;
        let big = hp_abs > asr(amp, 2);
        let phase_new = phase_code(hp >= 0, rising_new, big);

        // 2. Children step.
        self.u_theta.tick(&HopfOscillatorInputs {
            mu_dt: i.mu_dt,
            omega_dt: OMEGA_DT_THETA as i32,
            input_x: sr_entrain as i32,
        });
        let mut bi = SrHarmonicBankInputs {
            mu_dt: i.sr_mu_dt,
            omega_dt: i.omega_dt,
            noise: i.noise,
            sr_field_input: i.sr_field_input,
            sr_field: i.sr_field,
            beta_amplitude: i.beta_amplitude,
            adaptive_en: i.adaptive_en,
            stability: i.stability,
            ..Default::default()
        };
        bi.target_x[0] = th.x;
        bi.target_y[0] = th.y;
        bi.target_x[1..].copy_from_slice(&i.target_x);
        bi.target_y[1..].copy_from_slice(&i.target_y);
        self.u_sr_bank.tick(&bi);

        // Own registers.
        self.theta_phase = phase_new;
        self.theta_gate = gate_new as i32;
        self.thalamic_output = core_new as i32;
        self.matrix_output = matrix_new as i32;
        self.theta_y_dc = wrap_s(dc_sum, WIDTH) as i32;
        self.theta_amp = wrap_s(amp_sum, WIDTH) as i32;
        if ext_load {
            self.hp_ext = hp as i32;
        }
        self.y_rising = rising_new;
        self.outputs()
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> ThalamusOutputs {
        let th = self.u_theta.outputs();
        ThalamusOutputs {
            theta_x: th.x,
            theta_y: th.y,
            theta_amplitude: th.amplitude,
            theta_phase: self.theta_phase,
            encoding_window: self.theta_phase & 4 == 0,
            theta_gate: self.theta_gate,
            thalamic_output: self.thalamic_output,
            matrix_output: self.matrix_output,
        }
    }
}

const REG18: [&str; 6] = [
    "theta_gate",
    "thalamic_output",
    "matrix_output",
    "theta_y_dc",
    "theta_amp",
    "hp_ext",
];

impl Observable for Thalamus {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        HopfOscillator::signals(&format!("{prefix}u_theta."), out);
        SrHarmonicBank::signals(&format!("{prefix}u_sr_bank."), out);
        out.push(Signal::new(prefix, "theta_phase", 3, false));
        out.push(Signal::new(prefix, "encoding_window", 1, false));
        for name in REG18 {
            out.push(Signal::new(prefix, name, WIDTH, true));
        }
        out.push(Signal::new(prefix, "y_rising", 1, false));
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        const BANK: usize = 3 + 35;
        match index {
            0..3 => HopfOscillator::accessor_via(index, move |p: &P| &get(p).u_theta),
            3..BANK => SrHarmonicBank::accessor_via(index - 3, move |p: &P| &get(p).u_sr_bank),
            _ => Box::new(move |p: &P| get(p).sample_one(index)),
        }
    }

    fn sample_one(&self, index: usize) -> u64 {
        // u_theta (3 signals), then u_sr_bank (35), then the thalamus's own registers.
        const BANK: usize = 3 + 35;
        match index {
            0..3 => self.u_theta.sample_one(index),
            3..BANK => self.u_sr_bank.sample_one(index - 3),
            _ => {
                let mut buf = [0u64; crate::signals::SAMPLE_ONE_MAX];
                let n = self.sample(&mut buf);
                assert!(index < n, "signal index {index} out of a table of {n}");
                buf[index]
            }
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let mut n = self.u_theta.sample(out);
        n += self.u_sr_bank.sample(&mut out[n..]);
        out[n] = u64::from(self.theta_phase);
        out[n + 1] = u64::from(self.outputs().encoding_window);
        n += 2;
        for v in [
            self.theta_gate,
            self.thalamic_output,
            self.matrix_output,
            self.theta_y_dc,
            self.theta_amp,
            self.hp_ext,
        ] {
            out[n] = raw(i64::from(v), WIDTH);
            n += 1;
        }
        out[n] = u64::from(self.y_rising);
        n + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet_inputs() -> ThalamusInputs {
        ThalamusInputs {
            mu_dt: 3,
            sr_mu_dt: 4,
            sensory_gain: ONE_Q14 as i32,
            beta_amplitude: 20_000, // beta loud: no SR entrainment, theta free-running
            omega_dt: [196, 354, 514, 643, 823],
            ..Default::default()
        }
    }

    #[test]
    fn theta_runs_at_5_89_hz() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        let xs: Vec<i32> = (0..44_000).map(|_| t.tick(&i).theta_x).collect();
        let f = phin_analysis::zero_crossing_frequency(&xs[4_000..], 4_000.0);
        assert!((f - 5.89).abs() / 5.89 < 0.01, "theta at {f} Hz");
    }

    #[test]
    fn all_eight_phases_occur_every_cycle_in_order() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        let mut seq = Vec::new();
        let mut prev = 255u8;
        for k in 0..60_000 {
            let p = t.tick(&i).theta_phase;
            if k >= 8_000 && p != prev {
                seq.push(p);
            }
            prev = p;
        }
        assert!(seq.len() > 8 * 60, "only {} phase changes", seq.len());
        for w in seq.windows(2) {
            assert_eq!(w[1], (w[0] + 1) % 8, "phase {} followed by {}", w[0], w[1]);
        }
        // Each phase holds for a sensible share of the ~680-tick cycle.
        let counts = seq.iter().fold([0u32; 8], |mut c, &p| {
            c[p as usize] += 1;
            c
        });
        let min = *counts.iter().min().unwrap();
        let max = *counts.iter().max().unwrap();
        assert!(max - min <= 1, "phase counts {counts:?}");
    }

    #[test]
    fn encoding_window_is_phases_zero_to_three() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        for _ in 0..5_000 {
            let o = t.tick(&i);
            assert_eq!(o.encoding_window, o.theta_phase < 4);
        }
    }

    #[test]
    fn theta_gate_falls_as_l6_rises_and_never_goes_negative() {
        for theta_x in [-16_384i64, -8_000, 0, 8_000, 14_000] {
            let mut prev = i64::MAX;
            for l6 in (-20_000i64..=131_071).step_by(997) {
                let g = gate(theta_x, [l6, l6, l6]);
                assert!(g >= 0, "gate {g} at theta {theta_x}, l6 {l6}");
                assert!(g <= prev, "gate rose from {prev} to {g} at l6 {l6}");
                prev = g;
            }
            // At the strongest L6 the gate is 0 once theta_x is not near its peak.
            if theta_x <= 8_000 {
                assert_eq!(prev, 0);
            }
        }
        // No L6 input: gate = 0.5 + theta_x / 2.
        assert_eq!(gate(16_384, [0, 0, 0]), 16_384);
        assert_eq!(gate(-16_384, [0, 0, 0]), 0);
        // L6 = 1.0 on all three columns: 0.3 of inhibition (l6_avg = 16383 after the 1/3).
        assert_eq!(gate(0, [16_384; 3]), 8_192 - 1_637 - 3_276);
    }

    #[test]
    fn gate_register_over_a_run_falls_with_l6() {
        let mean_gate = |l6: i32| {
            let mut t = Thalamus::new();
            let mut i = quiet_inputs();
            i.l6 = [l6; 3];
            let mut s = 0i64;
            for _ in 0..8_000 {
                let g = t.tick(&i).theta_gate;
                assert!(g >= 0);
                s += i64::from(g);
            }
            s
        };
        let (a, b, c) = (mean_gate(0), mean_gate(8_192), mean_gate(30_000));
        assert!(a > b && b > c, "{a} {b} {c}");
    }

    #[test]
    fn matrix_is_the_gated_l5b_average() {
        let mut t = Thalamus::new();
        let mut i = quiet_inputs();
        i.l5b = [16_384, 16_384, 16_384];
        let o = t.tick(&i);
        // theta_x = 0.5 before the edge: gate 0.75; l5b_avg = 3 * 16384 * 5461 >> 14 = 16383.
        assert_eq!(o.theta_gate, 12_288);
        assert_eq!(o.matrix_output, (16_383 * 12_288) >> 14);
    }

    #[test]
    fn sr_entrainment_acts_only_when_beta_is_quiet() {
        let run = |beta: i32| {
            let mut t = Thalamus::new();
            let mut i = quiet_inputs();
            i.beta_amplitude = beta;
            i.sr_mu_dt = 4;
            i.omega_dt = [152, 354, 514, 643, 823]; // f0 at the theta frequency: coherent
            for _ in 0..20_000 {
                t.tick(&i);
            }
            t
        };
        let loud = run(20_000);
        let quiet = run(1_000);
        assert_eq!(loud.u_sr_bank.gain, [0; 5]);
        assert!(
            quiet.u_sr_bank.gain[0] > 0,
            "gain {:?}",
            quiet.u_sr_bank.gain
        );
        assert_ne!(loud.u_theta, quiet.u_theta);
    }

    #[test]
    fn distributed_sie_boost_is_1_3_and_1_2() {
        assert!((SIE_BOOST_F0 as f64 / 16_384.0 - 1.3).abs() < 1e-4);
        assert!((SIE_BOOST_F1 as f64 / 16_384.0 - 1.2).abs() < 1e-4);
        // Section 10.5: f0 +2.3 dB, f1 +1.6 dB, with the mixer's 1.4× (+2.9 dB) 6.8 dB, ~2.2×.
        let db = |g: f64| 20.0 * g.log10();
        assert!((db(1.3) - 2.3).abs() < 0.05);
        assert!((db(1.2) - 1.6).abs() < 0.05);
        assert!((db(1.3) + db(1.2) + db(1.4) - 6.8).abs() < 0.05);
        assert!((1.3 * 1.2 * 1.4f64 - 2.2).abs() < 0.05);
    }
}
