//! The subconscious critic (BIOMIND blueprint, "Subconscious Critic"; docs/biomind.md, part 2).
//!
//! The blueprint gives a skeleton — four threat classifiers (error patterns, anomaly detection,
//! resource depletion, social conflict), an aggregate, three overrides EXECUTE / REFLECT /
//! RETREAT, "emergency if threat > 0.8", an NE surge, "< 5 ms", bypassing the workspace — and
//! leaves every function undefined. The design here, one [`Critic::cycle`] every `step_s`
//! (5 ms = 20 ticks):
//!
//! ```text
//! anomaly  = logistic((max_k |z_k| − z0)/w)      z_k: the observable k against its running mean
//!                                                 and bias-corrected variance (τ 10 s), scored
//!                                                 after a warm-up
//! errors   = 1 − exp(−run/run_scale)             run: consecutive negative prediction errors
//! load     = allostatic load in [0, 1]           (resource depletion)
//! threat   = max(injected, w_a·anomaly, w_e·errors, w_l·load)
//! override = RETREAT if threat > 0.8, REFLECT if threat > 0.5, else EXECUTE
//! ```
//!
//! The acute part, `max(injected, w_a·anomaly)`, is what sets the THREAT imperative and reaches
//! the workspace and the affect; error runs and load are chronic and only move the override.
//!
//! `injected` is an external threat detector's output (the blueprint's social-conflict and
//! threat classifiers need the outside world; the `threat` scenario injects it). On the cycle in
//! which the override turns to RETREAT the critic asks for a phasic NE surge of
//! `k_ne_surge·threat` (blueprint NE surge gain 0.6) and for a change of the processor's state
//! (to `retreat_state`, the high-arousal state of part 1's arousal map); while the threat lasts
//! it sets the blueprint's THREAT imperative, whose row of the imperative matrix raises NE.
//! The loop carries both out in the same tick, so NE rises within one critic period (20 ticks)
//! of the threat.

use crate::error::{check_positive, check_range, ParamError};
use crate::time::{ticks, TICK_S};
use crate::workspace::logistic;
use phin_core::identity::ConsciousnessState;
use serde::{Deserialize, Serialize};

/// The critic's behavioural override.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Override {
    /// Carry on.
    #[default]
    Execute,
    /// Slow down and re-evaluate (the workspace gets the threat as salience).
    Reflect,
    /// Emergency: withdraw, raise NE, change the processor's state.
    Retreat,
}

/// Every constant of the critic.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CriticParams {
    /// Critic period, s (blueprint: < 5 ms).
    pub step_s: f64,
    /// Time constant of the observables' running mean and variance, s.
    pub tau_baseline_s: f64,
    /// No anomaly is scored before this long, s (the baselines form).
    pub warmup_s: f64,
    /// z at which the anomaly score is ½.
    pub z0: f64,
    /// Width of the anomaly logistic, in z.
    pub z_width: f64,
    /// Run of negative prediction errors that scores 1 − 1/e.
    pub run_scale: f64,
    /// Weight of the anomaly in the threat.
    pub w_anomaly: f64,
    /// Weight of the error run in the threat.
    pub w_errors: f64,
    /// Weight of the allostatic load in the threat.
    pub w_load: f64,
    /// REFLECT above this threat.
    pub reflect_threshold: f64,
    /// RETREAT above this threat (blueprint: 0.8).
    pub retreat_threshold: f64,
    /// NE surge per unit threat on entering RETREAT (blueprint NE surge gain: 0.6).
    pub k_ne_surge: f64,
    /// The state the critic requests on RETREAT.
    pub retreat_state: ConsciousnessState,
}

impl Default for CriticParams {
    fn default() -> Self {
        CriticParams {
            step_s: 0.005,
            tau_baseline_s: 10.0,
            warmup_s: 2.0,
            z0: 8.0,
            z_width: 1.0,
            run_scale: 5.0,
            w_anomaly: 1.0,
            w_errors: 0.7,
            w_load: 0.7,
            reflect_threshold: 0.5,
            retreat_threshold: 0.8,
            k_ne_surge: 0.6,
            retreat_state: ConsciousnessState::Flow,
        }
    }
}

impl CriticParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        let f = |n: &str| format!("critic.{n}");
        check_range(&f("step_s"), self.step_s, TICK_S, 1.0)?;
        check_positive(&f("tau_baseline_s"), self.tau_baseline_s)?;
        check_range(&f("warmup_s"), self.warmup_s, 0.0, 3_600.0)?;
        check_range(&f("z0"), self.z0, 0.0, 100.0)?;
        check_positive(&f("z_width"), self.z_width)?;
        check_positive(&f("run_scale"), self.run_scale)?;
        check_range(&f("w_anomaly"), self.w_anomaly, 0.0, 1.0)?;
        check_range(&f("w_errors"), self.w_errors, 0.0, 1.0)?;
        check_range(&f("w_load"), self.w_load, 0.0, 1.0)?;
        check_range(&f("reflect_threshold"), self.reflect_threshold, 0.0, 1.0)?;
        check_range(
            &f("retreat_threshold"),
            self.retreat_threshold,
            self.reflect_threshold,
            1.0,
        )?;
        check_range(&f("k_ne_surge"), self.k_ne_surge, 0.0, 1.0)?;
        Ok(())
    }

    /// Critic period in ticks.
    pub fn step_ticks(&self) -> u64 {
        ticks(self.step_s).max(1)
    }
}

/// What the critic decides in one cycle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CriticOutput {
    /// The aggregate threat, [0, 1]: it decides the override.
    pub threat: f64,
    /// The acute part of the threat, max(injected, w_anomaly·anomaly): what raises NE through
    /// the THREAT imperative and enters the workspace as salience. Error runs and allostatic
    /// load are chronic: they can make the critic REFLECT but are no threat to flee.
    pub acute: f64,
    /// The anomaly score, [0, 1].
    pub anomaly: f64,
    /// The largest |z| of the observables this cycle.
    pub max_z: f64,
    /// The error-run score, [0, 1].
    pub errors: f64,
    /// The override.
    pub decision: Override,
    /// This cycle entered RETREAT: the NE surge to apply now (0 otherwise).
    pub ne_surge: f64,
    /// The state the processor should be asked for (RETREAT only).
    pub state_request: Option<ConsciousnessState>,
}

/// The critic's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Critic {
    params: CriticParams,
    mean: Vec<f64>,
    var: Vec<f64>,
    cycles: u64,
    run: u32,
    last: CriticOutput,
    overrides: u64,
}

impl Critic {
    /// A critic over `n_obs` observables.
    pub fn new(params: CriticParams, n_obs: usize) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(Critic {
            params,
            mean: vec![0.0; n_obs],
            var: vec![0.0; n_obs],
            cycles: 0,
            run: 0,
            last: CriticOutput::default(),
            overrides: 0,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &CriticParams {
        &self.params
    }

    /// The last cycle's output.
    pub fn last(&self) -> CriticOutput {
        self.last
    }

    /// Cycles in which the override was not EXECUTE.
    pub fn override_cycles(&self) -> u64 {
        self.overrides
    }

    /// An efference copy: the mind itself changed the processor's state, so the observables are
    /// about to move for a known reason. Anomaly scoring pauses for one warm-up and the baselines
    /// re-form from the next observation.
    pub fn efference_copy(&mut self) {
        self.cycles = 0;
    }

    /// A prediction error arrived: a negative one extends the run, a non-negative one ends it.
    pub fn prediction_error(&mut self, rpe: f64) {
        if rpe < 0.0 {
            self.run = self.run.saturating_add(1);
        } else {
            self.run = 0;
        }
    }

    /// One critic cycle on the observables (the same count as at construction; extra ones are
    /// ignored, missing ones count as their mean), the allostatic load and an injected threat.
    pub fn cycle(&mut self, obs: &[f64], load: f64, injected: f64) -> CriticOutput {
        let p = self.params;
        let w = -(-p.step_s / p.tau_baseline_s).exp_m1();
        let scoring = self.cycles as f64 * p.step_s >= p.warmup_s;
        let mut max_z: f64 = 0.0;
        for (k, m) in self.mean.iter_mut().enumerate() {
            let x = obs.get(k).copied().filter(|x| x.is_finite()).unwrap_or(*m);
            if self.cycles == 0 {
                *m = x;
            }
            let d = x - *m;
            // The running variance starts at 0: divide by the weight it has gathered so far
            // (1 − (1 − w)^n, the bias correction of an exponential average).
            let gathered = 1.0 - (1.0 - w).powf(self.cycles as f64);
            let sd = (self.var[k] / gathered.max(w)).sqrt().max(1e-3);
            if scoring {
                max_z = max_z.max(d.abs() / sd);
            }
            *m += w * d;
            self.var[k] = (1.0 - w) * (self.var[k] + w * d * d);
        }
        self.cycles += 1;
        let anomaly = if scoring {
            logistic((max_z - p.z0) / p.z_width)
        } else {
            0.0
        };
        let errors = 1.0 - (-f64::from(self.run) / p.run_scale).exp();
        let acute = injected.clamp(0.0, 1.0).max(p.w_anomaly * anomaly);
        let threat = acute
            .max(p.w_errors * errors)
            .max(p.w_load * load.clamp(0.0, 1.0));
        let decision = if threat > p.retreat_threshold {
            Override::Retreat
        } else if threat > p.reflect_threshold {
            Override::Reflect
        } else {
            Override::Execute
        };
        let entering = decision == Override::Retreat && self.last.decision != Override::Retreat;
        if decision != Override::Execute {
            self.overrides += 1;
        }
        self.last = CriticOutput {
            threat,
            acute,
            anomaly,
            max_z,
            errors,
            decision,
            ne_surge: if entering { p.k_ne_surge * threat } else { 0.0 },
            state_request: (decision == Override::Retreat).then_some(p.retreat_state),
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_follows_the_threat() {
        let mut c = Critic::new(CriticParams::default(), 1).unwrap();
        assert_eq!(c.cycle(&[1.0], 0.0, 0.0).decision, Override::Execute);
        assert_eq!(c.cycle(&[1.0], 0.0, 0.6).decision, Override::Reflect);
        let o = c.cycle(&[1.0], 0.0, 0.9);
        assert_eq!(o.decision, Override::Retreat);
        assert!((o.ne_surge - 0.54).abs() < 1e-12);
        assert_eq!(o.state_request, Some(ConsciousnessState::Flow));
        assert_eq!(
            c.cycle(&[1.0], 0.0, 0.9).ne_surge,
            0.0,
            "one surge per entry"
        );
        // A run of negative prediction errors: 0.7·(1 − e^(−run/5)) > 0.5 from run 7.
        for _ in 0..7 {
            c.prediction_error(-0.3);
        }
        assert_eq!(c.cycle(&[1.0], 0.0, 0.0).decision, Override::Reflect);
        c.prediction_error(0.1);
        assert_eq!(c.cycle(&[1.0], 0.0, 0.0).decision, Override::Execute);
        assert_eq!(c.cycle(&[1.0], 0.9, 0.0).decision, Override::Reflect);
    }

    #[test]
    fn an_outlier_is_an_anomaly_after_the_warm_up() {
        let mut c = Critic::new(CriticParams::default(), 2).unwrap();
        let mut x = 0.0f64;
        for k in 0..2_000 {
            x = (k as f64 * 0.37).sin();
            assert_eq!(c.cycle(&[x, 0.5], 0.0, 0.0).decision, Override::Execute);
        }
        let o = c.cycle(&[x + 20.0, 0.5], 0.0, 0.0);
        assert!(o.anomaly > 0.99 && o.decision == Override::Retreat, "{o:?}");
    }
}
