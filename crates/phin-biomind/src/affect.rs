//! Affect: valence and arousal as attractor dynamics (BIOMIND blueprint, "Attractor Dynamics in
//! Latent Space" and "Bidirectional Qualia↔Thought Coupling"; docs/biomind.md, part 2).
//!
//! The blueprint writes its attractors in ℝ^512 with no positions; here the space is the two
//! named axes it does define (QualiaMetrics: valence ∈ [−1, 1], arousal ∈ [0, 1]) and the
//! attractors are a parameter table ([`default_attractors`]: neutral, calm, joy, curiosity,
//! fear, sadness). One [`Affect::step`] is one affect-loop period (`step_s`, 10 ms = 40
//! ticks: the blueprint's qualia loop of 10–20 ms). In order:
//!
//! ```text
//! ε     = ‖appraisal − A_current‖                      prediction error of the affect
//! g_NT  = 1 + k_ne·NE                                  neuromodulatory gain
//! μ     = μ0 + Δμ − g_NT·ε,  Δμ = Δμ0·(1 + k_hysteresis·5HT)
//! q     ← q + Δt/τ_q·(μ − q²) + σ·√(Δt/τ_q)·ξ,  σ = σ0·(1 + k_noise·NE)    (saddle-node)
//! escape: q < −√max(μ, 0) (past the saddle, or μ < 0: no attractor) → the attractor nearest
//!         the appraisal (other than the current) becomes current if it is nearer the
//!         appraisal than the current one; q ← √(μ0 + Δμ)
//! p     ← A + (p − A)·exp(−Δt/τ_transition)           valence/arousal approach the attractor
//! ```
//!
//! **Contradiction resolved.** The blueprint sets μ = ε_pred × g_NT and says that for μ < 0 the
//! attractor vanishes and the state escapes — but ε ≥ 0 and g ≥ 0, so μ is never negative and
//! nothing could escape. Here prediction error *erodes* the current attractor's depth:
//! μ = μ0 + Δμ − g_NT·ε. The serotonin term Δμ deepens whichever attractor is current, so the
//! error needed to leave it grows with 5-HT: the forward and backward switching points of a
//! sweep of the appraisal differ by a width that grows with serotonin (the blueprint's
//! "Δμ = Δμ0·(1 + k_hysteresis·5HT), high serotonin: wider hysteresis").
//!
//! The oracles: for μ > 0 and no noise q converges to √μ; a transition follows
//! `A_old + (A_new − A_old)(1 − e^(−t/τ))`; noise-driven escapes over the barrier
//! ΔV = (4/3)·μ^(3/2) of V(q) = q³/3 − μq take a mean time whose logarithm grows as 2ΔV/σ²
//! (Kramers; the blueprint's `exp(V/σ²)` is the same law with the noise written as σ√2).

use crate::error::{check_positive, check_range, ParamError};
use crate::rng::{normal, Xoshiro256PlusPlus};
use crate::time::{ticks, TICK_S};
use serde::{Deserialize, Serialize};

/// A named attractor of the affect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attractor {
    /// Its name.
    pub name: String,
    /// Valence, [−1, 1].
    pub valence: f64,
    /// Arousal, [0, 1].
    pub arousal: f64,
}

/// The default table: the blueprint's examples (joy, fear, curiosity, sadness) plus neutral and
/// calm, placed on the valence/arousal plane.
pub fn default_attractors() -> Vec<Attractor> {
    let a = |n: &str, v: f64, ar: f64| Attractor {
        name: n.to_string(),
        valence: v,
        arousal: ar,
    };
    vec![
        a("neutral", 0.0, 0.3),
        a("calm", 0.4, 0.15),
        a("joy", 0.7, 0.6),
        a("curiosity", 0.3, 0.7),
        a("fear", -0.7, 0.9),
        a("sadness", -0.6, 0.2),
    ]
}

/// Every constant of the affect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AffectParams {
    /// Affect loop period, s (blueprint: qualia 10–20 ms).
    pub step_s: f64,
    /// Time scale of the saddle-node normal form, s.
    pub tau_q_s: f64,
    /// τ_transition, s (blueprint: 50–200 ms).
    pub tau_transition_s: f64,
    /// Depth μ0 of an attractor with no error.
    pub mu0: f64,
    /// Δμ0 of the serotonin hysteresis.
    pub delta_mu0: f64,
    /// k_hysteresis.
    pub k_hysteresis: f64,
    /// k_ne of the gain g_NT = 1 + k_ne·NE.
    pub k_ne: f64,
    /// σ0 of the noise.
    pub sigma0: f64,
    /// k_noise of σ = σ0·(1 + k_noise·NE).
    pub k_noise: f64,
    /// The attractors.
    pub attractors: Vec<Attractor>,
    /// The starting attractor (index).
    pub start: usize,
}

impl Default for AffectParams {
    fn default() -> Self {
        AffectParams {
            step_s: 0.01,
            tau_q_s: 0.1,
            tau_transition_s: 0.1,
            mu0: 0.5,
            delta_mu0: 0.1,
            k_hysteresis: 1.0,
            k_ne: 1.0,
            sigma0: 0.05,
            k_noise: 1.0,
            attractors: default_attractors(),
            start: 0,
        }
    }
}

impl AffectParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        let f = |n: &str| format!("affect.{n}");
        check_range(&f("step_s"), self.step_s, TICK_S, 1.0)?;
        check_range(&f("tau_q_s"), self.tau_q_s, self.step_s, 100.0)?;
        check_positive(&f("tau_transition_s"), self.tau_transition_s)?;
        check_range(&f("mu0"), self.mu0, 0.0, 10.0)?;
        check_range(&f("delta_mu0"), self.delta_mu0, 0.0, 10.0)?;
        check_range(&f("k_hysteresis"), self.k_hysteresis, 0.0, 100.0)?;
        check_range(&f("k_ne"), self.k_ne, 0.0, 100.0)?;
        check_range(&f("sigma0"), self.sigma0, 0.0, 10.0)?;
        check_range(&f("k_noise"), self.k_noise, 0.0, 100.0)?;
        if self.attractors.len() < 2 {
            return Err(ParamError::new(
                f("attractors"),
                self.attractors.len(),
                "at least 2",
            ));
        }
        for (k, a) in self.attractors.iter().enumerate() {
            check_range(
                &f(&format!("attractors[{k}].valence")),
                a.valence,
                -1.0,
                1.0,
            )?;
            check_range(&f(&format!("attractors[{k}].arousal")), a.arousal, 0.0, 1.0)?;
        }
        if self.start >= self.attractors.len() {
            return Err(ParamError::new(
                f("start"),
                self.start,
                format!("0 … {}", self.attractors.len() - 1),
            ));
        }
        Ok(())
    }

    /// Affect loop period in ticks.
    pub fn step_ticks(&self) -> u64 {
        ticks(self.step_s).max(1)
    }
}

/// The neuromodulators the affect reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AffectNt {
    /// Norepinephrine (effective level).
    pub ne: f64,
    /// Serotonin (effective level).
    pub serotonin: f64,
}

/// The affect's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Affect {
    params: AffectParams,
    current: usize,
    q: f64,
    mu: f64,
    valence: f64,
    arousal: f64,
    escapes: u64,
    transitions: u64,
}

/// One step's one-line outcome.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffectStep {
    /// The attractor left, if the state escaped this step.
    pub escaped_from: Option<usize>,
}

/// One Euler–Maruyama step of the saddle-node normal form dq/dt = (μ − q²)/τ + noise, in units
/// of τ: `q + h·(μ − q²) + σ·√h·ξ` with h = Δt/τ.
pub fn saddle_node_step(q: f64, mu: f64, h: f64, sigma: f64, xi: f64) -> f64 {
    q + h * (mu - q * q) + sigma * h.sqrt() * xi
}

/// The barrier of V(q) = q³/3 − μq between the attractor √μ and the saddle −√μ: (4/3)·μ^(3/2).
pub fn saddle_node_barrier(mu: f64) -> f64 {
    4.0 / 3.0 * mu.max(0.0).powf(1.5)
}

impl Affect {
    /// A new affect at its starting attractor, at the attractor's depth.
    pub fn new(params: AffectParams) -> Result<Self, ParamError> {
        params.validate()?;
        let a = &params.attractors[params.start];
        Ok(Affect {
            current: params.start,
            q: params.mu0.sqrt(),
            mu: params.mu0,
            valence: a.valence,
            arousal: a.arousal,
            escapes: 0,
            transitions: 0,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &AffectParams {
        &self.params
    }

    /// Valence, [−1, 1].
    pub fn valence(&self) -> f64 {
        self.valence
    }

    /// Arousal, [0, 1].
    pub fn arousal(&self) -> f64 {
        self.arousal
    }

    /// The current attractor's index.
    pub fn current(&self) -> usize {
        self.current
    }

    /// The current attractor's name.
    pub fn current_name(&self) -> &str {
        &self.params.attractors[self.current].name
    }

    /// The normal form's coordinate q.
    pub fn q(&self) -> f64 {
        self.q
    }

    /// The control parameter μ of the last step.
    pub fn mu(&self) -> f64 {
        self.mu
    }

    /// Escapes over the saddle so far.
    pub fn escapes(&self) -> u64 {
        self.escapes
    }

    /// Transitions to another attractor so far.
    pub fn transitions(&self) -> u64 {
        self.transitions
    }

    /// Δμ = Δμ0·(1 + k_hysteresis·5HT).
    pub fn delta_mu(&self, serotonin: f64) -> f64 {
        self.params.delta_mu0 * (1.0 + self.params.k_hysteresis * serotonin.clamp(0.0, 1.0))
    }

    fn nearest_other(&self, v: f64, a: f64) -> usize {
        let mut best = (f64::INFINITY, self.current);
        for (k, at) in self.params.attractors.iter().enumerate() {
            if k == self.current {
                continue;
            }
            let d = (at.valence - v).hypot(at.arousal - a);
            if d < best.0 {
                best = (d, k);
            }
        }
        best.1
    }

    /// One affect step: the appraisal (valence, arousal) the rest of the mind observes, the
    /// neuromodulators, and the seeded generator.
    pub fn step(
        &mut self,
        appraisal: (f64, f64),
        nt: AffectNt,
        rng: &mut Xoshiro256PlusPlus,
    ) -> AffectStep {
        let p = &self.params;
        let (v, a) = (appraisal.0.clamp(-1.0, 1.0), appraisal.1.clamp(0.0, 1.0));
        let at = &p.attractors[self.current];
        let eps = (v - at.valence).hypot(a - at.arousal);
        let ne = nt.ne.clamp(0.0, 1.0);
        let g = 1.0 + p.k_ne * ne;
        let dmu = self.delta_mu(nt.serotonin);
        self.mu = p.mu0 + dmu - g * eps;
        let sigma = p.sigma0 * (1.0 + p.k_noise * ne);
        let h = p.step_s / p.tau_q_s;
        let xi = normal(rng);
        self.q = saddle_node_step(self.q, self.mu, h, sigma, xi);
        let mut out = AffectStep { escaped_from: None };
        if self.q < -self.mu.max(0.0).sqrt() {
            // Past the saddle: the state leaves the basin for the attractor nearest the
            // appraisal, if one is nearer than the current; otherwise it falls back into the
            // current basin (an escape without a transition).
            self.escapes += 1;
            let next = self.nearest_other(v, a);
            let at_next = &p.attractors[next];
            if (v - at_next.valence).hypot(a - at_next.arousal) < eps {
                out.escaped_from = Some(self.current);
                self.current = next;
                self.transitions += 1;
            }
            self.q = (p.mu0 + dmu).sqrt();
        }
        let at = &self.params.attractors[self.current];
        let k = (-self.params.step_s / self.params.tau_transition_s).exp();
        self.valence = at.valence + (self.valence - at.valence) * k;
        self.arousal = at.arousal + (self.arousal - at.arousal) * k;
        out
    }
}

/// The qualia↔thought coupling (blueprint B4-2, B4-7, B4-8): valence/arousal gating of thought
/// updates and a DA-gated Hebbian association between qualia and thought vectors.
///
/// ```text
/// G_drive  = 1 + k_pos·v (v > 0)  or  1 + k_neg·|v| (v < 0)      approach / avoid gain
/// S        = 1 + k_arousal·arousal                                 arousal gain
/// ΔT_gated = S·G_drive·ΔT
/// C_ij     = Q_i·T_j
/// η        = η_b·(1 + k_da·DA)·(1 + β·|RPE|)
/// Δw_ij    = η·DA·C_ij·ε,  clipped so ‖Δw‖ ≤ θ_stability           (DA = 0: no learning)
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualiaThought {
    /// Weights, row-major: qualia index × thought dimension.
    pub w: Vec<f64>,
    /// Qualia dimension.
    pub nq: usize,
    /// Thought dimension.
    pub nt: usize,
    /// The constants.
    pub params: CouplingParams,
}

/// Constants of the qualia↔thought coupling.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CouplingParams {
    /// η_baseline (blueprint: 0.001).
    pub eta_baseline: f64,
    /// k_da of the DA-scaled rate.
    pub k_da: f64,
    /// β of the RPE-scaled rate (blueprint: 0.5, the DA surge's β).
    pub beta_rpe: f64,
    /// θ_stability: the largest norm of one update.
    pub theta_stability: f64,
    /// k_pos (approach gain).
    pub k_pos: f64,
    /// k_neg (avoid gain).
    pub k_neg: f64,
    /// k_arousal.
    pub k_arousal: f64,
}

impl Default for CouplingParams {
    fn default() -> Self {
        CouplingParams {
            eta_baseline: 0.001,
            k_da: 1.0,
            beta_rpe: 0.5,
            theta_stability: 0.05,
            k_pos: 0.5,
            k_neg: 0.5,
            k_arousal: 1.0,
        }
    }
}

impl QualiaThought {
    /// Zero weights of `nq` × `nt`.
    pub fn new(nq: usize, nt: usize, params: CouplingParams) -> Self {
        QualiaThought {
            w: vec![0.0; nq * nt],
            nq,
            nt,
            params,
        }
    }

    /// The gain S·G_drive of a thought update at valence `v` and `arousal`.
    pub fn gain(&self, v: f64, arousal: f64) -> f64 {
        let p = &self.params;
        let g = if v >= 0.0 {
            1.0 + p.k_pos * v
        } else {
            1.0 + p.k_neg * v.abs()
        };
        (1.0 + p.k_arousal * arousal.clamp(0.0, 1.0)) * g
    }

    /// One gated Hebbian update; returns the norm of the change.
    pub fn learn(&mut self, q: &[f64], t: &[f64], da: f64, rpe: f64, eps: f64) -> f64 {
        let p = self.params;
        let da = da.clamp(0.0, 1.0);
        let eta = p.eta_baseline * (1.0 + p.k_da * da) * (1.0 + p.beta_rpe * rpe.abs());
        let mut dw = vec![0.0; self.nq * self.nt];
        let mut n2 = 0.0;
        for i in 0..self.nq {
            for j in 0..self.nt {
                let d = eta
                    * da
                    * q.get(i).copied().unwrap_or(0.0)
                    * t.get(j).copied().unwrap_or(0.0)
                    * eps;
                dw[i * self.nt + j] = d;
                n2 += d * d;
            }
        }
        let n = n2.sqrt();
        let scale = if n > p.theta_stability {
            p.theta_stability / n
        } else {
            1.0
        };
        for (w, d) in self.w.iter_mut().zip(&dw) {
            *w += d * scale;
        }
        n * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    #[test]
    fn hysteresis_widens_with_serotonin() {
        // Two attractors one unit of valence apart; sweep the appraisal from one to the other
        // and back. The switching points differ, and the difference grows with 5-HT.
        let width = |ser: f64| {
            let p = AffectParams {
                sigma0: 0.0,
                attractors: vec![
                    Attractor {
                        name: "a".into(),
                        valence: -0.5,
                        arousal: 0.5,
                    },
                    Attractor {
                        name: "b".into(),
                        valence: 0.5,
                        arousal: 0.5,
                    },
                ],
                ..AffectParams::default()
            };
            let mut a = Affect::new(p).unwrap();
            let mut rng = stream(1, 0, 1);
            let nt = AffectNt {
                ne: 0.0,
                serotonin: ser,
            };
            let n = 400;
            let path = |k: usize| (-0.5 + k as f64 / n as f64, 0.5);
            let (mut up, mut down) = (None, None);
            for k in 0..=n {
                for _ in 0..50 {
                    a.step(path(k), nt, &mut rng);
                }
                if up.is_none() && a.current() == 1 {
                    up = Some(k);
                }
            }
            for k in (0..=n).rev() {
                for _ in 0..50 {
                    a.step(path(k), nt, &mut rng);
                }
                if down.is_none() && a.current() == 0 {
                    down = Some(k);
                }
            }
            (up.unwrap() as f64 - down.unwrap() as f64) / n as f64
        };
        let (lo, hi) = (width(0.0), width(1.0));
        // Leave at ε = μ0 + Δμ: width 2(μ0 + Δμ) − 1 = 0.2 at 5-HT 0, 0.4 at 5-HT 1.
        assert!((lo - 0.2).abs() < 0.03, "width at 5-HT 0: {lo}");
        assert!((hi - 0.4).abs() < 0.03, "width at 5-HT 1: {hi}");
    }

    #[test]
    fn no_dopamine_no_learning_and_the_gain_is_signed() {
        let mut c = QualiaThought::new(2, 3, CouplingParams::default());
        assert_eq!(c.learn(&[1.0, 0.5], &[1.0, 1.0, 1.0], 0.0, 1.0, 1.0), 0.0);
        assert!(c.w.iter().all(|w| *w == 0.0));
        let n = c.learn(&[1.0, 0.5], &[1.0, 1.0, 1.0], 0.8, 1.0, 1.0);
        assert!(n > 0.0 && c.w[0] > c.w[3] && c.w[3] > 0.0);
        assert!(c.learn(&[100.0; 2], &[100.0; 3], 1.0, 10.0, 10.0) <= 0.05 + 1e-12);
        assert!(c.gain(0.5, 0.0) > 1.0 && c.gain(-0.5, 0.0) > 1.0 && c.gain(0.0, 1.0) == 2.0);
    }
}
