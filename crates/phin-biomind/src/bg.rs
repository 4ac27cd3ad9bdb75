//! Basal-ganglia evaluation gate, commitment and avoidance (BIOMIND blueprint, "Basal Ganglia
//! Action Selection" and its coupling to the qualia; docs/biomind.md, part 2).
//!
//! **The two reopen rules reconciled.** The blueprint's evaluation gate reopens a committed
//! answer when `σ_drop ∨ (C_high ∧ M_high)`: a confidence drop of more than 30 % *relative* to
//! the confidence before (`Δc > 0.3·c_pre`), or a contradiction `P(contradict | GLW) > 0.7`
//! that memory does not support (`D = 1 − max_i cos(answer, m_i) > 0.6`). Its reconsideration
//! trigger, a few hundred lines later, reopens on `confidence_drop > 0.3 ∨ contradiction > 0.7`
//! with an *absolute* drop and without memory. They describe the same event, so there is one
//! rule here, the gate's: the relative drop (a drop from 0.9 to 0.6 and from 0.4 to 0.1 differ
//! in kind; an absolute 0.3 could never fire below a confidence of 0.3) and the contradiction
//! only when memory disagrees too (a contradiction the episodic memory has seen before is no
//! reason to reopen). The trigger's other half — inject ε_reconsider = 0.5 — is what a reopen
//! does ([`GateDecision::reconsider`]).
//!
//! **Commitment and avoidance.** A commit (no reopen) deepens the chosen action's basin by
//! `k_commitment·confidence` (0.2; "locked" above 0.8, "permeable" below 0.5); a negative
//! outcome shrinks its basin radius by `k_avoidance` (×0.9). The blueprint's radius and depth
//! are two different quantities (the blueprint shrinks a radius on failure but deepens a depth on
//! commitment, and its basin definition uses the radius only): both are kept, per action.

use crate::error::{check_range, ParamError};
use serde::{Deserialize, Serialize};

/// Constants of the gate and the commitment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BgParams {
    /// τ_drop: the relative confidence drop that reopens (blueprint: 0.3).
    pub tau_drop: f64,
    /// Contradiction threshold (blueprint: 0.7).
    pub contradiction: f64,
    /// Memory-disagreement threshold (blueprint: 0.6).
    pub disagreement: f64,
    /// ε_reconsider injected on a reopen (blueprint: 0.5).
    pub epsilon_reconsider: f64,
    /// k_commitment (blueprint: 0.2).
    pub k_commitment: f64,
    /// Depth above which a basin is locked (blueprint: 0.8).
    pub lock: f64,
    /// Depth below which it is permeable (blueprint: 0.5).
    pub permeable: f64,
    /// k_avoidance (blueprint: 0.1).
    pub k_avoidance: f64,
}

impl Default for BgParams {
    fn default() -> Self {
        BgParams {
            tau_drop: 0.3,
            contradiction: 0.7,
            disagreement: 0.6,
            epsilon_reconsider: 0.5,
            k_commitment: 0.2,
            lock: 0.8,
            permeable: 0.5,
            k_avoidance: 0.1,
        }
    }
}

impl BgParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        for (n, v) in [
            ("tau_drop", self.tau_drop),
            ("contradiction", self.contradiction),
            ("disagreement", self.disagreement),
            ("epsilon_reconsider", self.epsilon_reconsider),
            ("k_commitment", self.k_commitment),
            ("lock", self.lock),
            ("permeable", self.permeable),
            ("k_avoidance", self.k_avoidance),
        ] {
            check_range(&format!("bg.{n}"), v, 0.0, 1.0)?;
        }
        Ok(())
    }
}

/// Why the gate reopened (the blueprint's three rationales), or that it committed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rationale {
    /// No reopen: the answer stands.
    #[default]
    Commit,
    /// Confidence fell by more than τ_drop of itself.
    ConfidenceDrop,
    /// A contradiction memory does not support.
    ContradictionAgainstMemory,
}

/// One evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GateDecision {
    /// Reopen.
    pub reopen: bool,
    /// Why.
    pub rationale: Rationale,
    /// ε injected into the affect's prediction error (0 on commit).
    pub reconsider: f64,
}

/// The gate with per-action commitment depth and basin radius.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasalGanglia {
    params: BgParams,
    depth: Vec<f64>,
    radius: Vec<f64>,
    reopens: u64,
    commits: u64,
}

/// The gate alone: `Δc > τ_drop·c_pre ∨ (contradiction > θ_C ∧ disagreement > θ_M)`.
pub fn evaluate(
    p: &BgParams,
    c_pre: f64,
    c_post: f64,
    contradiction: f64,
    disagreement: f64,
) -> GateDecision {
    let drop = c_pre - c_post > p.tau_drop * c_pre;
    let cm = contradiction > p.contradiction && disagreement > p.disagreement;
    let rationale = if drop {
        Rationale::ConfidenceDrop
    } else if cm {
        Rationale::ContradictionAgainstMemory
    } else {
        Rationale::Commit
    };
    GateDecision {
        reopen: drop || cm,
        rationale,
        reconsider: if drop || cm {
            p.epsilon_reconsider
        } else {
            0.0
        },
    }
}

impl BasalGanglia {
    /// A gate over `n_actions` actions (depth 0, radius 1).
    pub fn new(params: BgParams, n_actions: usize) -> Result<Self, ParamError> {
        params.validate()?;
        Ok(BasalGanglia {
            params,
            depth: vec![0.0; n_actions],
            radius: vec![1.0; n_actions],
            reopens: 0,
            commits: 0,
        })
    }

    /// Evaluates the outcome of `action`: reopen or commit; a negative `outcome` also shrinks
    /// the action's basin (avoidance).
    pub fn evaluate(
        &mut self,
        action: usize,
        c_pre: f64,
        c_post: f64,
        contradiction: f64,
        disagreement: f64,
        outcome: f64,
    ) -> GateDecision {
        let d = evaluate(&self.params, c_pre, c_post, contradiction, disagreement);
        if let Some(depth) = self.depth.get_mut(action) {
            if d.reopen {
                self.reopens += 1;
            } else {
                self.commits += 1;
                *depth = (*depth + self.params.k_commitment * c_post.clamp(0.0, 1.0)).min(1.0);
            }
            if outcome < 0.0 {
                self.radius[action] *= 1.0 - self.params.k_avoidance;
            }
        }
        d
    }

    /// The commitment depth of each action.
    pub fn depth(&self) -> &[f64] {
        &self.depth
    }

    /// The basin radius of each action.
    pub fn radius(&self) -> &[f64] {
        &self.radius
    }

    /// The action's basin is locked (depth > lock).
    pub fn locked(&self, action: usize) -> bool {
        self.depth
            .get(action)
            .is_some_and(|d| *d > self.params.lock)
    }

    /// Reopens so far.
    pub fn reopens(&self) -> u64 {
        self.reopens
    }

    /// Commits so far.
    pub fn commits(&self) -> u64 {
        self.commits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reconciled_truth_table() {
        let p = BgParams::default();
        // Relative drop: 0.9 → 0.6 is 33 % (reopen); 0.9 → 0.7 is 22 % (no).
        assert_eq!(
            evaluate(&p, 0.9, 0.6, 0.0, 0.0).rationale,
            Rationale::ConfidenceDrop
        );
        assert!(!evaluate(&p, 0.9, 0.7, 0.0, 0.0).reopen);
        // A drop the absolute rule would miss: 0.25 → 0.1.
        assert!(evaluate(&p, 0.25, 0.1, 0.0, 0.0).reopen);
        // Contradiction only with memory disagreement.
        assert!(!evaluate(&p, 0.9, 0.9, 0.8, 0.5).reopen);
        let d = evaluate(&p, 0.9, 0.9, 0.8, 0.7);
        assert_eq!(d.rationale, Rationale::ContradictionAgainstMemory);
        assert_eq!(d.reconsider, 0.5);
        let mut bg = BasalGanglia::new(p, 2).unwrap();
        for _ in 0..5 {
            bg.evaluate(0, 0.9, 0.9, 0.0, 0.0, 1.0);
        }
        assert!(bg.locked(0) && !bg.locked(1));
        bg.evaluate(1, 0.5, 0.5, 0.0, 0.0, -1.0);
        assert!((bg.radius()[1] - 0.9).abs() < 1e-12);
    }
}
