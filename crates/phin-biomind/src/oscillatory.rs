//! The oscillatory basis bound to the processor (BIOMIND blueprint, "multi-band oscillatory
//! basis", "cross-frequency coupling mechanisms" and "oscillatory parameter learning"; the
//! higher-layers inventory, B1-5 … B1-18).
//!
//! What is physical, and where it comes from:
//!
//! - **Theta, alpha and gamma are the processor's own oscillators**, read through phin-core's
//!   probe: theta is the thalamic theta ([`THETA`]), alpha the sensory column's L6 ([`ALPHA`],
//!   9.53 Hz) and gamma its L2/3 ([`GAMMA`], slow gamma 40.36 Hz, fast 65.3 Hz in the encoding
//!   half of theta). Their phases are atan2(y, x) and their amplitudes the radius √(x² + y²), so
//!   no Hilbert transform is needed (inventory B6-3).
//! - **Delta, which the processor lacks, is a software Hopf oscillator of the processor's
//!   form** ([`SoftwareDelta`]): phin-core's own `hopf_oscillator` — the RTL's equations in Q4.14,
//!   bit-exact with rtl/hopf_oscillator.v — stepped on the processor's 4 kHz tick with
//!   ω·dt = round(2π·f_delta/4000·2¹⁴) and μ = 1. Fixed point rather than f64 so the delta is the
//!   same kind of object as the other bands (the same amplitude settling, the same quantised
//!   frequency: 2.0 Hz is ω·dt = 51, 1.9947 Hz). It is not fed into the processor, so it is the
//!   same in every state and nothing the processor does is embedded in it: the delta embedding
//!   the indices measure is therefore at chance, and the report says so.
//! - **Cross-frequency coupling is measured, not imposed**: theta–gamma phase-amplitude coupling,
//!   delta embedding and alpha–gamma locking are computed by phin-analysis (Tort MI, n:m PLV,
//!   surrogates) in [`crate::indices`]. The blueprint's generative forms
//!   (`A_gamma = A_gamma,0·(1 + m_tg·sin φ_theta)` …) describe what the processor's hardware
//!   does or does not do; they are not applied to it.
//! - **Oscillatory parameter learning** ([`OscillatoryLearner`]) acts on what software owns: the
//!   delta's frequency and amplitude target and the three coupling strengths `m_c` as parameters
//!   of the software side. The processor's frequencies are hardware (the RTL's fixed ω·dt) and
//!   cannot learn; theta, alpha and gamma frequency learning (B1-9 for those bands) is therefore
//!   not physical here and not built. Task profiles and their recognition (B1-13, B1-14), typed
//!   error routing (B1-17) and meta-learning of the rates (B1-18, whose targets are undefined)
//!   are not built either.

use crate::error::ParamError;
use phin_core::constants::TICK_HZ;
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::identity::{Column, Layer, Oscillator};
use serde::{Deserialize, Serialize};

/// The processor's theta, the basis's theta band.
pub const THETA: Oscillator = Oscillator::Theta;
/// The processor's sensory L6, the basis's alpha band.
pub const ALPHA: Oscillator = Oscillator::Cortex(Column::Sensory, Layer::L6);
/// The processor's sensory L2/3, the basis's gamma band.
pub const GAMMA: Oscillator = Oscillator::Cortex(Column::Sensory, Layer::L23);

/// Parameters of the software delta oscillator.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeltaParams {
    /// Frequency, Hz, in the blueprint's delta range [1.0, 4.0] (blueprint, "frequency
    /// constraints"); default 2.0 Hz, the blueprint's resting profile (`f_delta: 2.0`).
    pub freq_hz: f64,
    /// μ·dt in Q14, as the RTL's `mu_dt` port: 4 is μ = 1, the amplitude settling near r = 1
    /// (phin-core hopf_oscillator docs).
    pub mu_dt: i32,
}

impl Default for DeltaParams {
    fn default() -> Self {
        DeltaParams {
            freq_hz: 2.0,
            mu_dt: 4,
        }
    }
}

/// The blueprint's delta range, Hz.
pub const DELTA_RANGE_HZ: (f64, f64) = (1.0, 4.0);

impl DeltaParams {
    /// Checks the frequency lies in the delta range and μ·dt in 1 ..= 64.
    pub fn validate(&self) -> Result<(), ParamError> {
        let (lo, hi) = DELTA_RANGE_HZ;
        if !(self.freq_hz.is_finite() && (lo..=hi).contains(&self.freq_hz)) {
            return Err(ParamError::new(
                "delta.freq_hz",
                self.freq_hz,
                "1.0 ≤ f ≤ 4.0 Hz",
            ));
        }
        if !(1..=64).contains(&self.mu_dt) {
            return Err(ParamError::new("delta.mu_dt", self.mu_dt, "1 ..= 64"));
        }
        Ok(())
    }

    /// ω·dt in Q14 for the frequency: round(2π·f/TICK_HZ·2¹⁴), the RTL's OMEGA_DT rule.
    pub fn omega_dt(&self) -> i32 {
        (std::f64::consts::TAU * self.freq_hz / TICK_HZ * 16_384.0).round() as i32
    }
}

/// The software delta: phin-core's `hopf_oscillator` (Q4.14, the RTL's equations) on the 4 kHz
/// tick.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoftwareDelta {
    core: HopfOscillator,
    inputs: HopfOscillatorInputs,
}

impl SoftwareDelta {
    /// A delta in the RTL's reset state (x = 0.5, y = 0).
    pub fn new(p: DeltaParams) -> Result<Self, ParamError> {
        p.validate()?;
        Ok(SoftwareDelta {
            core: HopfOscillator::new(),
            inputs: HopfOscillatorInputs {
                mu_dt: p.mu_dt,
                omega_dt: p.omega_dt(),
                input_x: 0,
            },
        })
    }

    /// One 4 kHz tick.
    pub fn tick(&mut self) {
        self.core.tick(&self.inputs);
    }

    /// Phase atan2(y, x), radians.
    pub fn phase(&self) -> f64 {
        f64::from(self.core.y).atan2(f64::from(self.core.x))
    }

    /// Radius √(x² + y²) (1.0 = 2¹⁴).
    pub fn radius(&self) -> f64 {
        f64::from(self.core.x).hypot(f64::from(self.core.y)) / 16_384.0
    }

    /// The frequency the quantised ω·dt gives, Hz (ω·dt/2¹⁴·TICK_HZ/2π).
    pub fn effective_hz(&self) -> f64 {
        f64::from(self.inputs.omega_dt) / 16_384.0 * TICK_HZ / std::f64::consts::TAU
    }
}

/// Parameters of the oscillatory parameter learning (blueprint, "oscillatory parameter
/// learning"; inventory B1-9 … B1-16). The blueprint gives no base rates: the defaults here are
/// labelled choices, slow compared with a trial (`τ_freq` of the blueprint is 15 … 3600 min).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LearnerParams {
    /// α_freq,base, Hz per update per unit of ε_pred·corr_success (not in the blueprint; a
    /// labelled choice: 0.01 Hz for a full-size error).
    pub alpha_freq: f64,
    /// k_serotonin: α_freq,eff = α_freq,base·(1 + k_serotonin·5HT) (blueprint value not given;
    /// 1.0, so full 5-HT doubles the rate).
    pub k_serotonin: f64,
    /// α_amp,base per update (not given; 0.01).
    pub alpha_amp: f64,
    /// k_dopamine: α_amp,eff = α_amp,base·(1 + k_dopamine·DA) (not given; 1.0).
    pub k_dopamine: f64,
    /// α_coupling per update (not given; 0.01).
    pub alpha_coupling: f64,
    /// θ_attention of the ACh gate: learning only while ACh > θ (blueprint,
    /// "acetylcholine-dependent learning gate"; the value is not given: 0.5, ACh's middle).
    pub ach_threshold: f64,
}

impl Default for LearnerParams {
    fn default() -> Self {
        LearnerParams {
            alpha_freq: 0.01,
            k_serotonin: 1.0,
            alpha_amp: 0.01,
            k_dopamine: 1.0,
            alpha_coupling: 0.01,
            ach_threshold: 0.5,
        }
    }
}

impl LearnerParams {
    /// Checks every rate is finite and ≥ 0 and the threshold lies in [0, 1].
    pub fn validate(&self) -> Result<(), ParamError> {
        for (name, v) in [
            ("learner.alpha_freq", self.alpha_freq),
            ("learner.k_serotonin", self.k_serotonin),
            ("learner.alpha_amp", self.alpha_amp),
            ("learner.k_dopamine", self.k_dopamine),
            ("learner.alpha_coupling", self.alpha_coupling),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(ParamError::new(name, v, "finite and ≥ 0"));
            }
        }
        if !(0.0..=1.0).contains(&self.ach_threshold) {
            return Err(ParamError::new(
                "learner.ach_threshold",
                self.ach_threshold,
                "0 ≤ θ ≤ 1",
            ));
        }
        Ok(())
    }
}

/// The coupling pairs of the blueprint, in its order.
pub const COUPLINGS: [&str; 3] = ["theta_gamma", "delta_theta", "alpha_gamma"];

/// What one learning update is told.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearningSignal {
    /// ε_pred, the prediction-error magnitude (≥ 0).
    pub prediction_error: f64,
    /// corr_success, the correlation of the parameter with task success in the context (−1 … 1).
    pub corr_success: f64,
    /// Success of the last outcome relative to the running success rate (−1 … 1): the
    /// blueprint's `success_rate_with_coupling` is ≥ 0, so its `m_c` could only grow although it
    /// says errors lower it (inventory B1-12); the signed form fixes that.
    pub signed_success: f64,
    /// task_difficulty in [0, 1], the amplitude target.
    pub task_difficulty: f64,
    /// 5-HT level (0 … 1).
    pub serotonin: f64,
    /// DA level (0 … 1).
    pub dopamine: f64,
    /// ACh level (0 … 1): the gate.
    pub acetylcholine: f64,
}

/// The learnable software parameters of the basis.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OscillatoryLearner {
    /// Parameters.
    pub params: LearnerParams,
    /// f_delta, Hz, in [1, 4].
    pub f_delta_hz: f64,
    /// A_delta, the delta's amplitude target in [0, 1].
    pub a_delta: f64,
    /// m_c for [`COUPLINGS`], each in [0, 1].
    pub coupling: [f64; 3],
}

impl OscillatoryLearner {
    /// A learner starting from the blueprint's resting profile (f_delta 2.0 Hz, A_delta 0.9,
    /// m_tg 0.2; the other couplings, not given, at 0.2 too).
    pub fn new(params: LearnerParams) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(OscillatoryLearner {
            params,
            f_delta_hz: 2.0,
            a_delta: 0.9,
            coupling: [0.2; 3],
        })
    }

    /// Whether the ACh gate is open (ACh > θ_attention): "gating prevents drift" (blueprint).
    pub fn gate_open(&self, s: &LearningSignal) -> bool {
        s.acetylcholine > self.params.ach_threshold
    }

    /// One update (blueprint B1-9 … B1-12, gated by B1-15): with the gate closed nothing moves.
    /// f_delta += α_freq·(1 + k_5HT·5HT)·ε_pred·corr_success, clamped to [1, 4] Hz;
    /// A_delta += α_amp·(1 + k_DA·DA)·(difficulty − A_delta); m_c += α_coupling·signed_success,
    /// clamped to [0, 1] (the blueprint has no clamp; inventory B1-12). Returns whether it
    /// learned.
    pub fn update(&mut self, s: &LearningSignal) -> bool {
        if !self.gate_open(s) {
            return false;
        }
        let p = &self.params;
        let a_freq = p.alpha_freq * (1.0 + p.k_serotonin * s.serotonin);
        let (lo, hi) = DELTA_RANGE_HZ;
        self.f_delta_hz =
            (self.f_delta_hz + a_freq * s.prediction_error * s.corr_success).clamp(lo, hi);
        let a_amp = p.alpha_amp * (1.0 + p.k_dopamine * s.dopamine);
        self.a_delta = (self.a_delta + a_amp * (s.task_difficulty - self.a_delta)).clamp(0.0, 1.0);
        for m in &mut self.coupling {
            *m = (*m + p.alpha_coupling * s.signed_success).clamp(0.0, 1.0);
        }
        true
    }

    /// The delta parameters for the current f_delta (μ as `base`).
    pub fn delta_params(&self, base: DeltaParams) -> DeltaParams {
        DeltaParams {
            freq_hz: self.f_delta_hz,
            ..base
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(ach: f64) -> LearningSignal {
        LearningSignal {
            prediction_error: 1.0,
            corr_success: 1.0,
            signed_success: -0.5,
            task_difficulty: 0.2,
            serotonin: 1.0,
            dopamine: 0.0,
            acetylcholine: ach,
        }
    }

    #[test]
    fn the_delta_runs_at_its_frequency_with_the_processors_amplitude() {
        let mut d = SoftwareDelta::new(DeltaParams::default()).unwrap();
        let mut turned = 0.0;
        let mut last = d.phase();
        let n = 40 * TICK_HZ as usize;
        for _ in 0..n {
            d.tick();
            let p = d.phase();
            turned += phin_analysis::phase::wrap_phase(p - last);
            last = p;
        }
        let hz = turned / std::f64::consts::TAU / 40.0;
        assert!(
            (hz - d.effective_hz()).abs() < 0.01,
            "{hz} vs {}",
            d.effective_hz()
        );
        assert!((hz - 2.0).abs() < 0.02, "{hz}");
        assert!((d.radius() - 1.0).abs() < 0.1, "{}", d.radius());
        assert!(SoftwareDelta::new(DeltaParams {
            freq_hz: 0.5,
            ..DeltaParams::default()
        })
        .is_err());
    }

    #[test]
    fn learning_moves_in_the_gated_direction_and_not_with_the_gate_closed() {
        let mut l = OscillatoryLearner::new(LearnerParams::default()).unwrap();
        let before = l;
        // Gate closed: nothing moves.
        assert!(!l.update(&signal(0.3)));
        assert_eq!(l, before);
        // Gate open: f_delta rises with ε·corr > 0 (at twice the base rate with full 5-HT),
        // A_delta moves toward the difficulty, m_c falls after an error.
        assert!(l.update(&signal(0.8)));
        assert!(
            (l.f_delta_hz - (2.0 + 0.02)).abs() < 1e-12,
            "{}",
            l.f_delta_hz
        );
        assert!(l.a_delta < before.a_delta);
        assert!(l.coupling.iter().all(|&m| (m - 0.195).abs() < 1e-12));
        // Negative correlation lowers it; the clamp holds the range.
        let mut s = signal(0.8);
        s.corr_success = -1.0;
        s.prediction_error = 1_000.0;
        l.update(&s);
        assert_eq!(l.f_delta_hz, DELTA_RANGE_HZ.0);
        assert!(OscillatoryLearner::new(LearnerParams {
            ach_threshold: 2.0,
            ..LearnerParams::default()
        })
        .is_err());
    }
}
