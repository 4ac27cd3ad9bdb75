//! The body (part 3, docs/biomind.md "Part 3"): a synthetic body, its interoceptive afferents,
//! predictive allostasis, allostatic load on three timescales, drives, the threat override,
//! and what all of it hands to the learner's transmitters and motivation.
//!
//! The blueprint's interoceptive afferent system reads real physiological signals; here four
//! first-order plants stand in for them (BIOMIND blueprint, "Interoceptive afferent system"):
//! glucose (mg/dL), heart rate (bpm), core temperature (°C) and an energy store (fraction).
//! Each relaxes toward its setpoint plus the offsets of the stressors active now (exertion,
//! fasting, heat), with its own time constant in seconds, and is driven by seeded
//! Ornstein–Uhlenbeck noise (exact discretisation, so the stationary spread is the parameter
//! whatever the loop rate).
//!
//! The body's loop runs every [`BODY_EVERY_TICKS`] ticks (100 ms, 10 Hz: the blueprint's 1–10 Hz
//! afferent sampling). Every step, in this order:
//!
//! 1. **Plants** advance one step and are **sampled** with sensor noise.
//! 2. **Afferents**, per modality: the prediction error ε = y − ŷ against last step's forecast;
//!    precision `P ← P + w·(r − P)`, `r = 1 − |y − ȳ|/range` (the blueprint's 0.9/0.1 smoothing
//!    per sample is τ = 0.949 s at 10 Hz); **reliability** = 1/(1 + mae/e₀), with mae the running
//!    mean of |ε| (τ 10 s) and e₀ the modality's expected error. The blueprint's learning rule
//!    `new_rel = old + lr·(|err| − expected_err)` raises reliability when errors grow, against
//!    its own text ("large errors decrease reliability"); the sign is fixed here: reliability
//!    falls as the error grows (a test pins it).
//! 3. **Predictive allostasis**: each modality's smoothed value, velocity and acceleration give
//!    the forecast `ŝ(t + Δt) = s + v·Δt + ½·a·Δt²` (the blueprint drops the ½);
//!    t_critical is the first Δt (1 s grid, up to the horizon) at which ŝ leaves the critical
//!    range; urgency `U = 1/(1 + exp(−k·(t_threshold − t_critical)))`, 0 if it never leaves.
//! 4. **Allostatic load**: `l_i = w_i·|ȳ_i − setpoint_i|/range_i`, `L_imm = Σ l_i`; L_short and
//!    L_long are moving averages of L_imm (τ 30 s, 300 s); `L_total = α·L_imm + β·L_short +
//!    γ·L_long` (0.5, 0.3, 0.2: α > β > γ, sum 1). Every component is a leaky average, so load
//!    falls back after the stressor ends — the blueprint's `L = max(E, L(t−1))` only ratchets up.
//! 5. **Drives** (the blueprint's motivation formulas, normalised by M_b): hunger
//!    `k_glucose·(G_thr − G)`, fatigue `k_energy·(E_thr − E)`, both clamped at 0 (a sated body
//!    has no negative hunger, so an unstressed body leaves the learner as part 1 had it);
//!    threat = the largest deviation from setpoint as a fraction of the way to the critical
//!    bound; safety = 1 − threat. Exploration `M_explore = 1 + hunger`, approach
//!    `M_approach = 1 − fatigue` (≥ 0.1): the learner's softmax inverse temperature is
//!    multiplied by M_approach/M_explore — hunger makes it explore, fatigue makes it care less.
//! 6. **Threat override**: threat above θ_survival (0.8, the blueprint's emergency threshold)
//!    engages it: exploration is suspended (M_explore = 1) and an NE drive of `ne_override`
//!    is added; when threat falls below θ_survival − hysteresis it is released and its drive
//!    decays as `exp(−(t − t_release)/τ_recovery)`. Detection is limited by the 10 Hz sampling
//!    (the blueprint's "sub-10 ms" would need a faster afferent).
//! 7. **Transmitters**: 5-HT drive `k_5ht·tanh(L_total/σ)` (section 10: k 0.4, σ 0.5); NE
//!    drive `k_ne_load·tanh(L_total/σ) + k_ne_urgency·U + ne_override·override`; the NT stress
//!    load gains L_total. NE reaches the processor through the arousal → state map of
//!    [`crate::binding`].

use crate::error::{check_positive, check_range, ParamError};
use crate::rng::{normal, stream, Xoshiro256PlusPlus};
use crate::time::{decay_per_step, ema_weight_per_step, seconds, ticks};
use serde::{Deserialize, Serialize};

/// Ticks between two steps of the body's loop: 400 ticks, 100 ms (10 Hz).
pub const BODY_EVERY_TICKS: u64 = 400;

/// The random stream of the body (plant and sensor noise).
pub const BODY_STREAM: u64 = 0xB0D7;

/// The four modalities, in index order.
pub const MODALITIES: [&str; 4] = ["glucose", "heart_rate", "temperature", "energy"];

/// Units of the four modalities.
pub const UNITS: [&str; 4] = ["mg/dL", "bpm", "°C", "fraction"];

/// One plant and its afferent.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlantParams {
    /// Setpoint, in the modality's unit.
    pub setpoint: f64,
    /// Time constant of the plant, s.
    pub tau_s: f64,
    /// Stationary standard deviation of the plant's noise.
    pub noise_sd: f64,
    /// Standard deviation of the sensor noise on each sample.
    pub sensor_sd: f64,
    /// The normal range used to normalise deviations (blueprint `range_i`).
    pub range: f64,
    /// Load weight w_i (blueprint: glucose > temperature > heart rate).
    pub weight: f64,
    /// Lower bound of the critical range.
    pub critical_lo: f64,
    /// Upper bound of the critical range.
    pub critical_hi: f64,
    /// Expected absolute prediction error e₀ (reliability = 1/(1 + mae/e₀)).
    pub expected_error: f64,
}

impl PlantParams {
    fn validate(&self, name: &str) -> Result<(), ParamError> {
        let f = |k: &str| format!("body.{name}.{k}");
        check_range(&f("setpoint"), self.setpoint, -1e6, 1e6)?;
        check_positive(&f("tau_s"), self.tau_s)?;
        check_range(&f("noise_sd"), self.noise_sd, 0.0, 1e6)?;
        check_range(&f("sensor_sd"), self.sensor_sd, 0.0, 1e6)?;
        check_positive(&f("range"), self.range)?;
        check_range(&f("weight"), self.weight, 0.0, 10.0)?;
        check_positive(&f("expected_error"), self.expected_error)?;
        if !(self.critical_lo < self.setpoint && self.setpoint < self.critical_hi) {
            return Err(ParamError::new(
                f("critical_lo"),
                self.critical_lo,
                "critical_lo < setpoint < critical_hi",
            ));
        }
        Ok(())
    }
}

/// The kinds of stressor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StressorKind {
    /// Physical exertion.
    Exertion,
    /// Fasting.
    Fasting,
    /// Heat.
    Heat,
}

impl StressorKind {
    /// Every kind.
    pub const ALL: [StressorKind; 3] = [
        StressorKind::Exertion,
        StressorKind::Fasting,
        StressorKind::Heat,
    ];

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            StressorKind::Exertion => "exertion",
            StressorKind::Fasting => "fasting",
            StressorKind::Heat => "heat",
        }
    }
}

impl std::str::FromStr for StressorKind {
    type Err = ParamError;
    fn from_str(s: &str) -> Result<Self, ParamError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exertion" => Ok(StressorKind::Exertion),
            "fasting" => Ok(StressorKind::Fasting),
            "heat" => Ok(StressorKind::Heat),
            _ => Err(ParamError::new("stressor", s, "exertion, fasting, heat")),
        }
    }
}

/// A scheduled stressor: `kind` from `at_s` for `duration_s` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stressor {
    /// The kind.
    pub kind: StressorKind,
    /// Onset, s from the start of the body.
    pub at_s: f64,
    /// Duration, s.
    pub duration_s: f64,
}

impl Stressor {
    /// Active at `t_s` seconds.
    pub fn active(&self, t_s: f64) -> bool {
        t_s >= self.at_s && t_s < self.at_s + self.duration_s
    }
}

/// Every constant of the body; the blueprint gives the structure and a few values (weights'
/// order, θ_survival 0.8, k_5ht 0.4, σ 0.5, the 0.9 precision smoothing); the rest are this
/// crate's choices, written down in docs/biomind.md "Part 3".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BodyParams {
    /// The plants, in [`MODALITIES`] order.
    pub plants: [PlantParams; 4],
    /// Setpoint offsets of exertion, per modality.
    pub exertion: [f64; 4],
    /// Setpoint offsets of fasting, per modality.
    pub fasting: [f64; 4],
    /// Setpoint offsets of heat, per modality.
    pub heat: [f64; 4],
    /// The schedule.
    pub stressors: Vec<Stressor>,
    /// Multiplier on every sensor noise (1: as given).
    pub sensor_noise_scale: f64,
    /// Time constant of the afferent smoothing ȳ, s.
    pub smoothing_tau_s: f64,
    /// Time constant of the velocity and acceleration estimates, s.
    pub derivative_tau_s: f64,
    /// Precision smoothing τ, s (blueprint 0.9 per sample at 10 Hz: −0.1/ln 0.9 = 0.949 s).
    pub precision_tau_s: f64,
    /// Time constant of the running mean absolute error behind reliability, s.
    pub reliability_tau_s: f64,
    /// τ of L_short, s.
    pub load_short_tau_s: f64,
    /// τ of L_long, s.
    pub load_long_tau_s: f64,
    /// Weights α, β, γ of L_imm, L_short, L_long.
    pub load_weights: [f64; 3],
    /// Forecast horizon, s.
    pub forecast_horizon_s: f64,
    /// t_threshold of the urgency logistic, s.
    pub urgency_threshold_s: f64,
    /// k_urgency, 1/s.
    pub urgency_k_per_s: f64,
    /// Hunger threshold G_thr, mg/dL.
    pub glucose_threshold: f64,
    /// k_glucose, per mg/dL.
    pub k_glucose: f64,
    /// Fatigue threshold E_thr.
    pub energy_threshold: f64,
    /// k_energy.
    pub k_energy: f64,
    /// θ_survival (blueprint: the 0.8 emergency threshold).
    pub survival_threshold: f64,
    /// Release hysteresis of the override.
    pub override_hysteresis: f64,
    /// τ of the override's recovery after release, s (k_recovery = 1/τ).
    pub recovery_tau_s: f64,
    /// NE drive of the engaged override.
    pub ne_override: f64,
    /// k_5ht (section 10: 0.4).
    pub k_serotonin: f64,
    /// σ of the load's tanh (section 10: 0.5).
    pub load_sigma: f64,
    /// NE drive per unit tanh(L/σ).
    pub k_ne_load: f64,
    /// NE drive per unit urgency (glucose depletion → NE, section "predictive allostasis").
    pub k_ne_urgency: f64,
}

impl Default for BodyParams {
    fn default() -> Self {
        let p = |setpoint, tau_s, noise_sd, sensor_sd, range, weight, lo, hi, e0| PlantParams {
            setpoint,
            tau_s,
            noise_sd,
            sensor_sd,
            range,
            weight,
            critical_lo: lo,
            critical_hi: hi,
            expected_error: e0,
        };
        BodyParams {
            plants: [
                p(90.0, 120.0, 2.0, 1.0, 70.0, 0.4, 55.0, 180.0, 1.2),
                p(70.0, 10.0, 2.0, 1.0, 60.0, 0.2, 40.0, 160.0, 1.4),
                p(37.0, 60.0, 0.05, 0.02, 2.0, 0.3, 35.5, 38.5, 0.025),
                p(0.8, 300.0, 0.01, 0.005, 0.5, 0.1, 0.3, 1.0, 0.006),
            ],
            exertion: [-15.0, 50.0, 0.8, -0.3],
            fasting: [-25.0, 0.0, -0.1, -0.2],
            heat: [0.0, 25.0, 1.6, -0.1],
            stressors: Vec::new(),
            sensor_noise_scale: 1.0,
            smoothing_tau_s: 0.5,
            derivative_tau_s: 2.0,
            precision_tau_s: -0.1 / 0.9f64.ln(),
            reliability_tau_s: 10.0,
            load_short_tau_s: 30.0,
            load_long_tau_s: 300.0,
            load_weights: [0.5, 0.3, 0.2],
            forecast_horizon_s: 60.0,
            urgency_threshold_s: 20.0,
            urgency_k_per_s: 0.3,
            glucose_threshold: 85.0,
            k_glucose: 0.03,
            energy_threshold: 0.7,
            k_energy: 2.0,
            survival_threshold: 0.8,
            override_hysteresis: 0.1,
            recovery_tau_s: 5.0,
            ne_override: 0.5,
            k_serotonin: 0.4,
            load_sigma: 0.5,
            k_ne_load: 0.3,
            k_ne_urgency: 0.1,
        }
    }
}

impl BodyParams {
    /// Checks every field; errors name the field (`body.glucose.tau_s`).
    pub fn validate(&self) -> Result<(), ParamError> {
        for (p, n) in self.plants.iter().zip(MODALITIES) {
            p.validate(n)?;
        }
        for (arr, n) in [
            (&self.exertion, "exertion"),
            (&self.fasting, "fasting"),
            (&self.heat, "heat"),
        ] {
            for (v, m) in arr.iter().zip(MODALITIES) {
                check_range(&format!("body.{n}[{m}]"), *v, -1e6, 1e6)?;
            }
        }
        for (k, s) in self.stressors.iter().enumerate() {
            check_range(&format!("body.stressors[{k}].at_s"), s.at_s, 0.0, 1e7)?;
            check_range(
                &format!("body.stressors[{k}].duration_s"),
                s.duration_s,
                0.0,
                1e7,
            )?;
        }
        check_range("body.sensor_noise_scale", self.sensor_noise_scale, 0.0, 1e3)?;
        for (v, n) in [
            (self.smoothing_tau_s, "smoothing_tau_s"),
            (self.derivative_tau_s, "derivative_tau_s"),
            (self.precision_tau_s, "precision_tau_s"),
            (self.reliability_tau_s, "reliability_tau_s"),
            (self.load_short_tau_s, "load_short_tau_s"),
            (self.load_long_tau_s, "load_long_tau_s"),
            (self.forecast_horizon_s, "forecast_horizon_s"),
            (self.recovery_tau_s, "recovery_tau_s"),
            (self.load_sigma, "load_sigma"),
        ] {
            check_positive(&format!("body.{n}"), v)?;
        }
        let w = self.load_weights;
        for (k, v) in w.iter().enumerate() {
            check_range(&format!("body.load_weights[{k}]"), *v, 0.0, 1.0)?;
        }
        if ((w[0] + w[1] + w[2]) - 1.0).abs() > 1e-9 {
            return Err(ParamError::new(
                "body.load_weights",
                format!("{w:?}"),
                "α + β + γ = 1",
            ));
        }
        for (v, n) in [
            (self.urgency_threshold_s, "urgency_threshold_s"),
            (self.urgency_k_per_s, "urgency_k_per_s"),
            (self.k_glucose, "k_glucose"),
            (self.k_energy, "k_energy"),
            (self.k_serotonin, "k_serotonin"),
            (self.k_ne_load, "k_ne_load"),
            (self.k_ne_urgency, "k_ne_urgency"),
            (self.ne_override, "ne_override"),
        ] {
            check_range(&format!("body.{n}"), v, 0.0, 1e3)?;
        }
        check_range("body.glucose_threshold", self.glucose_threshold, 0.0, 1e3)?;
        check_range("body.energy_threshold", self.energy_threshold, 0.0, 1.0)?;
        check_range("body.survival_threshold", self.survival_threshold, 0.0, 1.0)?;
        check_range(
            "body.override_hysteresis",
            self.override_hysteresis,
            0.0,
            self.survival_threshold,
        )?;
        Ok(())
    }

    fn offsets(&self, kind: StressorKind) -> &[f64; 4] {
        match kind {
            StressorKind::Exertion => &self.exertion,
            StressorKind::Fasting => &self.fasting,
            StressorKind::Heat => &self.heat,
        }
    }
}

/// What the body hands to the learner every step (all 0/1 when the body is calm: the learner
/// is then exactly part 1's).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BodyDrive {
    /// Multiplier on the softmax inverse temperature: M_approach / M_explore.
    pub beta_factor: f64,
    /// Added to serotonin's surge target.
    pub serotonin: f64,
    /// NE's surge target.
    pub ne: f64,
    /// Added to the NT stress load.
    pub load: f64,
}

impl Default for BodyDrive {
    fn default() -> Self {
        BodyDrive {
            beta_factor: 1.0,
            serotonin: 0.0,
            ne: 0.0,
            load: 0.0,
        }
    }
}

/// Everything the body reports at one step (`Copy`, for traces and reports).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BodySample {
    /// Time, s.
    pub t_s: f64,
    /// True plant values.
    pub plant: [f64; 4],
    /// Smoothed afferent estimates ȳ.
    pub afferent: [f64; 4],
    /// Last prediction errors ε.
    pub error: [f64; 4],
    /// Precision P.
    pub precision: [f64; 4],
    /// Reliability.
    pub reliability: [f64; 4],
    /// Urgency per modality.
    pub urgency: [f64; 4],
    /// L_imm.
    pub load_imm: f64,
    /// L_short.
    pub load_short: f64,
    /// L_long.
    pub load_long: f64,
    /// L_total.
    pub load_total: f64,
    /// Hunger.
    pub hunger: f64,
    /// Fatigue.
    pub fatigue: f64,
    /// Threat.
    pub threat: f64,
    /// Safety = 1 − threat.
    pub safety: f64,
    /// The override is engaged.
    pub override_engaged: bool,
    /// The override's drive level (1 engaged, then decaying).
    pub override_level: f64,
    /// What goes to the learner.
    pub drive: BodyDrive,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct Factors {
    plant_decay: [f64; 4],
    smooth_w: f64,
    deriv_w: f64,
    precision_w: f64,
    reliability_w: f64,
    short_w: f64,
    long_w: f64,
    recovery_decay: f64,
    dt: f64,
}

/// The body; advance it with [`tick`](Self::tick) every processor tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Body {
    params: BodyParams,
    factors: Factors,
    rng: Xoshiro256PlusPlus,
    ticks: u64,
    started: bool,
    plant: [f64; 4],
    smooth: [f64; 4],
    velocity: [f64; 4],
    accel: [f64; 4],
    prediction: [f64; 4],
    mae: [f64; 4],
    sample: BodySample,
    release_t: Option<f64>,
}

impl Body {
    /// A body at its setpoints, its noise drawn from the stream of `seed` and `subject`.
    pub fn new(params: BodyParams, seed: u64, subject: u64) -> Result<Self, ParamError> {
        params.validate()?;
        let e = BODY_EVERY_TICKS;
        let factors = Factors {
            plant_decay: params.plants.map(|p| decay_per_step(p.tau_s, e)),
            smooth_w: ema_weight_per_step(params.smoothing_tau_s, e),
            deriv_w: ema_weight_per_step(params.derivative_tau_s, e),
            precision_w: ema_weight_per_step(params.precision_tau_s, e),
            reliability_w: ema_weight_per_step(params.reliability_tau_s, e),
            short_w: ema_weight_per_step(params.load_short_tau_s, e),
            long_w: ema_weight_per_step(params.load_long_tau_s, e),
            recovery_decay: decay_per_step(params.recovery_tau_s, e),
            dt: seconds(e),
        };
        let sp = params.plants.map(|p| p.setpoint);
        let mae = params.plants.map(|p| p.expected_error);
        let mut sample = BodySample {
            plant: sp,
            afferent: sp,
            precision: [1.0; 4],
            reliability: [0.5; 4],
            safety: 1.0,
            ..BodySample::default()
        };
        sample.drive = BodyDrive::default();
        Ok(Body {
            factors,
            rng: stream(seed, subject, BODY_STREAM),
            ticks: 0,
            started: false,
            plant: sp,
            smooth: sp,
            velocity: [0.0; 4],
            accel: [0.0; 4],
            prediction: sp,
            mae,
            sample,
            release_t: None,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &BodyParams {
        &self.params
    }

    /// Ticks advanced.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// The latest step's report.
    pub fn sample(&self) -> &BodySample {
        &self.sample
    }

    /// What the body hands to the learner now.
    pub fn drive(&self) -> BodyDrive {
        self.sample.drive
    }

    /// The setpoint targets at `t_s`: setpoints plus the offsets of every active stressor.
    pub fn targets(&self, t_s: f64) -> [f64; 4] {
        let mut t = self.params.plants.map(|p| p.setpoint);
        for s in self.params.stressors.iter().filter(|s| s.active(t_s)) {
            for (x, o) in t.iter_mut().zip(self.params.offsets(s.kind)) {
                *x += o;
            }
        }
        t
    }

    /// One 4 kHz tick; the body's step runs when the tick count is a multiple of
    /// [`BODY_EVERY_TICKS`]. Returns true when it ran.
    pub fn tick(&mut self) -> bool {
        let t = self.ticks;
        self.ticks += 1;
        if t.is_multiple_of(BODY_EVERY_TICKS) {
            self.step(seconds(t));
            true
        } else {
            false
        }
    }

    /// Runs `n` ticks.
    pub fn run_ticks(&mut self, n: u64) {
        for _ in 0..n {
            self.tick();
        }
    }

    /// Runs `s` seconds.
    pub fn run_seconds(&mut self, s: f64) {
        self.run_ticks(ticks(s));
    }

    // Several per-modality arrays are indexed together; an index loop reads best.
    #[allow(clippy::needless_range_loop)]
    fn step(&mut self, t_s: f64) {
        let p = &self.params;
        let f = self.factors;
        let targets = self.targets(t_s);
        let mut s = self.sample;
        s.t_s = t_s;
        // 1. Plants and samples.
        let mut y = [0.0; 4];
        for i in 0..4 {
            let d = f.plant_decay[i];
            let innov = p.plants[i].noise_sd * (1.0 - d * d).sqrt();
            self.plant[i] =
                targets[i] + (self.plant[i] - targets[i]) * d + innov * normal(&mut self.rng);
            y[i] = self.plant[i]
                + p.plants[i].sensor_sd * p.sensor_noise_scale * normal(&mut self.rng);
        }
        // 2. Afferents.
        for i in 0..4 {
            let pl = &p.plants[i];
            let err = if self.started {
                y[i] - self.prediction[i]
            } else {
                0.0
            };
            let r = (1.0 - (y[i] - self.smooth[i]).abs() / pl.range).clamp(0.0, 1.0);
            s.precision[i] += f.precision_w * (r - s.precision[i]);
            self.mae[i] += f.reliability_w * (err.abs() - self.mae[i]);
            s.reliability[i] = 1.0 / (1.0 + self.mae[i] / pl.expected_error);
            s.error[i] = err;
            let prev = self.smooth[i];
            self.smooth[i] += f.smooth_w * (y[i] - self.smooth[i]);
            let v_prev = self.velocity[i];
            let v_now = (self.smooth[i] - prev) / f.dt;
            self.velocity[i] += f.deriv_w * (v_now - self.velocity[i]);
            let a_now = (self.velocity[i] - v_prev) / f.dt;
            self.accel[i] += f.deriv_w * (a_now - self.accel[i]);
            self.prediction[i] = self.smooth[i] + self.velocity[i] * f.dt;
        }
        self.started = true;
        s.plant = self.plant;
        s.afferent = self.smooth;
        // 3. Forecast and urgency.
        let horizon = p.forecast_horizon_s.ceil() as usize;
        for i in 0..4 {
            let pl = &p.plants[i];
            let (x, v, a) = (self.smooth[i], self.velocity[i], self.accel[i]);
            let t_crit = (0..=horizon).map(|k| k as f64).find(|dt| {
                let xh = x + v * dt + 0.5 * a * dt * dt;
                xh <= pl.critical_lo || xh >= pl.critical_hi
            });
            s.urgency[i] = match t_crit {
                Some(tc) => 1.0 / (1.0 + (-p.urgency_k_per_s * (p.urgency_threshold_s - tc)).exp()),
                None => 0.0,
            };
        }
        // 4. Load.
        s.load_imm = (0..4)
            .map(|i| {
                let pl = &p.plants[i];
                pl.weight * (self.smooth[i] - pl.setpoint).abs() / pl.range
            })
            .sum();
        s.load_short += f.short_w * (s.load_imm - s.load_short);
        s.load_long += f.long_w * (s.load_imm - s.load_long);
        let w = p.load_weights;
        s.load_total = w[0] * s.load_imm + w[1] * s.load_short + w[2] * s.load_long;
        // 5. Drives.
        s.hunger = (p.k_glucose * (p.glucose_threshold - self.smooth[0])).max(0.0);
        s.fatigue = (p.k_energy * (p.energy_threshold - self.smooth[3])).max(0.0);
        s.threat = (0..4)
            .map(|i| {
                let pl = &p.plants[i];
                let dev = self.smooth[i] - pl.setpoint;
                let room = if dev >= 0.0 {
                    pl.critical_hi - pl.setpoint
                } else {
                    pl.setpoint - pl.critical_lo
                };
                dev.abs() / room
            })
            .fold(0.0, f64::max)
            .min(1.0);
        s.safety = 1.0 - s.threat;
        // 6. Threat override.
        if s.override_engaged {
            if s.threat < p.survival_threshold - p.override_hysteresis {
                s.override_engaged = false;
                self.release_t = Some(t_s);
            }
        } else if s.threat > p.survival_threshold {
            s.override_engaged = true;
            self.release_t = None;
        }
        s.override_level = if s.override_engaged {
            1.0
        } else {
            s.override_level * f.recovery_decay
        };
        // 7. What the learner gets.
        let m_explore = if s.override_engaged {
            1.0
        } else {
            1.0 + s.hunger
        };
        let m_approach = (1.0 - s.fatigue).max(0.1);
        let tl = (s.load_total / p.load_sigma).tanh();
        let urgency = s.urgency.iter().cloned().fold(0.0, f64::max);
        s.drive = BodyDrive {
            beta_factor: m_approach / m_explore,
            serotonin: p.k_serotonin * tl,
            ne: p.k_ne_load * tl + p.k_ne_urgency * urgency + p.ne_override * s.override_level,
            load: s.load_total,
        };
        self.sample = s;
    }

    /// When the override was last released, s (None: never, or engaged now).
    pub fn released_at(&self) -> Option<f64> {
        self.release_t
    }
}

/// Parses `KIND@SECONDS[:DURATION]` (duration default 60 s), e.g. `heat@30:60`.
pub fn parse_stressor(s: &str) -> Result<Stressor, ParamError> {
    let allowed = "KIND@SECONDS[:DURATION], KIND exertion|fasting|heat, seconds ≥ 0";
    let (kind, rest) = s
        .split_once('@')
        .ok_or_else(|| ParamError::new("stressor", s, allowed))?;
    let kind: StressorKind = kind.parse()?;
    let (at, dur) = match rest.split_once(':') {
        Some((a, d)) => (a, Some(d)),
        None => (rest, None),
    };
    let num = |x: &str| -> Result<f64, ParamError> {
        x.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| ParamError::new("stressor", s, allowed))
    };
    Ok(Stressor {
        kind,
        at_s: num(at)?,
        duration_s: match dur {
            Some(d) => num(d)?,
            None => 60.0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(stressors: Vec<Stressor>) -> Body {
        let p = BodyParams {
            stressors,
            ..BodyParams::default()
        };
        Body::new(p, 11, 1).unwrap()
    }

    /// Runs `s` seconds, returning one sample per body step.
    fn trace(b: &mut Body, s: f64) -> Vec<BodySample> {
        let mut out = Vec::new();
        for _ in 0..ticks(s) {
            if b.tick() {
                out.push(*b.sample());
            }
        }
        out
    }

    fn mean(xs: impl Iterator<Item = f64>) -> f64 {
        let v: Vec<f64> = xs.collect();
        v.iter().sum::<f64>() / v.len() as f64
    }

    /// Acceptance 1a: exertion from 300 s to 600 s raises every load component; after it ends
    /// each falls back toward the pre-stress level within its stated time constant (plus the
    /// slowest plant's, which feeds it), and an hour later no component holds a ratchet.
    #[test]
    fn load_rises_under_stress_and_recovers() {
        let mut b = body(vec![Stressor {
            kind: StressorKind::Exertion,
            at_s: 300.0,
            duration_s: 300.0,
        }]);
        let tr = trace(&mut b, 3_600.0);
        let at = |t: f64| tr[(t / 0.1).round() as usize];
        type Getter = fn(&BodySample) -> f64;
        let comps: [(&str, Getter, f64); 3] = [
            ("L_imm", |s| s.load_imm, 0.0),
            ("L_short", |s| s.load_short, 30.0),
            ("L_long", |s| s.load_long, 300.0),
        ];
        let pre = at(299.9);
        let end = at(599.9);
        let slowest_plant = 120.0; // glucose τ, the slowest plant the exertion moves much
        for (name, get, tau) in comps {
            let (p0, p1) = (get(&pre), get(&end));
            assert!(p1 > p0 + 0.1, "{name}: before {p0}, at the end {p1}");
            // Within τ + slowest plant τ (+ one cascade factor 2 for the two lags), the
            // excess has fallen below 1/e.
            let by = 600.0 + 2.0 * (tau + slowest_plant);
            let excess = get(&at(by)) - p0;
            eprintln!(
                "{name}: before {p0:.4}, at the end {p1:.4}, excess at {by:.0} s {excess:.4} (1/e of peak excess {:.4}), after an hour {:.4}",
                (p1 - p0) / std::f64::consts::E,
                get(tr.last().unwrap()) - p0
            );
            assert!(
                excess < (p1 - p0) / std::f64::consts::E,
                "{name}: excess {excess} at {by} s, peak excess {}",
                p1 - p0
            );
            // No ratchet: an hour in, within 10% of the peak excess of where it began.
            let last = get(tr.last().unwrap()) - p0;
            assert!(last < 0.1 * (p1 - p0), "{name}: {last}");
        }
        assert!(end.load_total > pre.load_total + 0.1);
    }

    /// Acceptance 1b: reliability falls as the prediction error grows (the blueprint's sign
    /// error fixed): more sensor noise, larger errors, lower reliability, every modality.
    #[test]
    fn reliability_falls_as_prediction_error_grows() {
        let mut last_rel = [f64::INFINITY; 4];
        let mut last_err = [0.0; 4];
        for scale in [0.5, 2.0, 8.0] {
            let p = BodyParams {
                sensor_noise_scale: scale,
                ..BodyParams::default()
            };
            let mut b = Body::new(p, 5, 1).unwrap();
            let tr = trace(&mut b, 120.0);
            for i in 0..4 {
                let rel = mean(tr[300..].iter().map(|s| s.reliability[i]));
                let err = mean(tr[300..].iter().map(|s| s.error[i].abs()));
                eprintln!(
                    "sensor noise ×{scale}: {} mean |ε| {err:.4}, reliability {rel:.3}",
                    MODALITIES[i]
                );
                assert!(
                    err > last_err[i],
                    "{}: error {err} at ×{scale}",
                    MODALITIES[i]
                );
                assert!(
                    rel < last_rel[i],
                    "{}: reliability {rel} at ×{scale}, {} before",
                    MODALITIES[i],
                    last_rel[i]
                );
                last_rel[i] = rel;
                last_err[i] = err;
            }
        }
        assert!(last_rel.iter().all(|r| *r < 0.3), "{last_rel:?}");
    }

    /// Acceptance 1c: heat engages the threat override; after the heat ends it is released
    /// and its drive recovers (below 1/e within τ_recovery of the release); exertion does not
    /// engage it.
    #[test]
    fn the_threat_override_engages_and_recovers() {
        let mut b = body(vec![Stressor {
            kind: StressorKind::Heat,
            at_s: 10.0,
            duration_s: 200.0,
        }]);
        let tr = trace(&mut b, 600.0);
        let on = tr.iter().find(|s| s.override_engaged).map(|s| s.t_s);
        let on = on.expect("the override never engaged");
        assert!(on > 10.0 && on < 210.0, "engaged at {on}");
        let engaged_ne = tr.iter().find(|s| s.override_engaged).unwrap().drive.ne;
        let released = b.released_at().expect("never released");
        assert!(
            released > 210.0 && released < 450.0,
            "released at {released}"
        );
        let after = tr[((released + b.params().recovery_tau_s) / 0.1).round() as usize + 1];
        eprintln!(
            "override engaged at {on:.1} s, released at {released:.1} s, level τ_recovery later {:.3}, NE drive engaged {engaged_ne:.3}, at the end {:.3}",
            after.override_level,
            tr.last().unwrap().drive.ne
        );
        assert!(!after.override_engaged);
        assert!(
            after.override_level < (-1.0f64).exp() + 1e-9,
            "{}",
            after.override_level
        );
        let last = tr.last().unwrap();
        assert!(last.override_level < 1e-6 && last.drive.ne < engaged_ne - 0.45);

        let mut calm = body(vec![Stressor {
            kind: StressorKind::Exertion,
            at_s: 10.0,
            duration_s: 200.0,
        }]);
        assert!(trace(&mut calm, 300.0).iter().all(|s| !s.override_engaged));
    }

    #[test]
    fn fasting_makes_the_body_hungry_and_the_learner_explore() {
        let mut b = body(vec![Stressor {
            kind: StressorKind::Fasting,
            at_s: 0.0,
            duration_s: 1_000.0,
        }]);
        let tr = trace(&mut b, 600.0);
        let s = tr.last().unwrap();
        assert!(s.hunger > 0.3 && s.drive.beta_factor < 0.8, "{s:?}");
        assert!(!s.override_engaged);
        let mut calm = body(vec![]);
        let tr = trace(&mut calm, 600.0);
        let m = mean(tr.iter().map(|s| s.drive.beta_factor));
        assert!(m > 0.99, "{m}");
    }

    #[test]
    fn bodies_are_deterministic_and_resume_from_json() {
        let sched = vec![parse_stressor("heat@5:20").unwrap()];
        let mut a = body(sched.clone());
        a.run_seconds(10.0);
        let json = serde_json::to_string(&a).unwrap();
        let mut b: Body = serde_json::from_str(&json).unwrap();
        assert_eq!(a, b);
        a.run_seconds(30.0);
        b.run_seconds(30.0);
        assert_eq!(a, b);
        let mut c = body(sched);
        c.run_seconds(40.0);
        assert_eq!(a, c);
    }

    #[test]
    fn bad_parameters_and_stressors_are_named() {
        assert!(parse_stressor("heat").is_err());
        assert!(parse_stressor("cold@3").is_err());
        assert!(parse_stressor("heat@-3").is_err());
        assert_eq!(parse_stressor("fasting@30").unwrap().duration_s, 60.0);
        let mut p = BodyParams::default();
        p.plants[0].tau_s = 0.0;
        let e = p.validate().unwrap_err();
        assert!(e.to_string().contains("body.glucose.tau_s"), "{e}");
        let p = BodyParams {
            load_weights: [0.5, 0.5, 0.5],
            ..BodyParams::default()
        };
        assert!(p.validate().is_err());
    }
}
