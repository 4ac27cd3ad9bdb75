//! The baselines, in the same crate and without the processor: Rescorla–Wagner / Q-learning
//! with softmax, ε-greedy sample averages (the 10-armed testbed oracle of Sutton & Barto,
//! figure 2.2), and the blueprint's TD(λ) actor-critic (section 9: γ 0.99, λ 0.9,
//! α_critic 0.01, α_actor 0.001) with eligibility traces decaying by γλ (the blueprint writes
//! λ·e; the standard, and this, is γλ·e).
//!
//! Baselines run trial by trial ([`run_trials`]): one decision per trial, the outcome right
//! after it. The neuromodulated agent ([`crate::agent`]) runs on the processor's clock instead.
//!
//! ```
//! use phin_biomind::baselines::{run_trials, QLearner, QLearningParams};
//! use phin_biomind::tasks::{TaskKind, TaskParams};
//!
//! let task = TaskParams::for_kind(TaskKind::Bandit);
//! let mut q = QLearner::new(QLearningParams::default(), 1, 2).unwrap();
//! let trials = run_trials(&task, &mut q, 1, 42).unwrap();
//! assert_eq!(trials.len(), 200);
//! let late = trials[100..].iter().filter(|t| t.correct == Some(true)).count();
//! assert!(late > 60); // far above chance (50 of 100)
//! ```

use crate::error::{check_positive, check_range, ParamError};
use crate::record::TrialRecord;
use crate::rng::{
    categorical, normal, softmax, stream, uniform, Xoshiro256PlusPlus, AGENT_STREAM, TASK_STREAM,
};
use crate::tasks::{Task, TaskKind, TaskParams};
use serde::{Deserialize, Serialize};

/// A learner that makes one choice per trial and learns from its outcome.
pub trait TrialLearner {
    /// Chooses an action for `cue`.
    fn choose(&mut self, cue: usize, rng: &mut Xoshiro256PlusPlus) -> usize;
    /// Learns from the outcome `reward` of `action` to `cue` (Pavlovian: `action` is None).
    fn learn(&mut self, cue: usize, action: Option<usize>, reward: f64);
}

/// Rescorla–Wagner / Q-learning parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QLearningParams {
    /// Learning rate α (the bandit anchor: 0.3).
    pub alpha: f64,
    /// Softmax inverse temperature β. The anchor's β = 5 is for outcomes 1/0; the tasks here pay
    /// ±1 (hBayesDM), twice the range, so the same policy has β = 2.5.
    pub beta: f64,
    /// Initial action value.
    pub initial_value: f64,
}

impl Default for QLearningParams {
    fn default() -> Self {
        QLearningParams {
            alpha: 0.3,
            beta: 2.5,
            initial_value: 0.0,
        }
    }
}

/// Q-learning with softmax: Q(s,a) ← Q(s,a) + α(r − Q(s,a)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QLearner {
    params: QLearningParams,
    q: Vec<Vec<f64>>,
}

impl QLearner {
    /// A learner for `n_cues` cues and `n_actions` actions.
    pub fn new(
        params: QLearningParams,
        n_cues: usize,
        n_actions: usize,
    ) -> Result<Self, ParamError> {
        check_range("q_learning.alpha", params.alpha, 0.0, 1.0)?;
        check_range("q_learning.beta", params.beta, 0.0, 1_000.0)?;
        check_range(
            "q_learning.initial_value",
            params.initial_value,
            -100.0,
            100.0,
        )?;
        Ok(QLearner {
            params,
            q: vec![vec![params.initial_value; n_actions.max(1)]; n_cues.max(1)],
        })
    }

    /// The action values of `cue`.
    pub fn values(&self, cue: usize) -> &[f64] {
        &self.q[cue.min(self.q.len() - 1)]
    }

    /// The choice probabilities for `cue`.
    pub fn probabilities(&self, cue: usize) -> Vec<f64> {
        softmax(self.values(cue), self.params.beta)
    }
}

impl TrialLearner for QLearner {
    fn choose(&mut self, cue: usize, rng: &mut Xoshiro256PlusPlus) -> usize {
        categorical(rng, &self.probabilities(cue))
    }

    fn learn(&mut self, cue: usize, action: Option<usize>, reward: f64) {
        let c = cue.min(self.q.len() - 1);
        let a = action.unwrap_or(0).min(self.q[c].len() - 1);
        let q = &mut self.q[c][a];
        *q += self.params.alpha * (reward - *q);
    }
}

/// The blueprint's TD(λ) actor-critic (section 9) on a tabular state per cue and per chosen
/// action: at the choice δ₁ = γV(s,a) − V(s); at the outcome (terminal) δ₂ = r − V(s,a).
/// Traces: e ← γλe + ∇ (critic ∇V = x, actor ∇log π(a|s) = x ⊗ (1ₐ − π)); updates
/// θ += α·δ·e; traces end with the episode (the trial).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TdLambdaParams {
    /// Discount γ per step (section 9: 0.99).
    pub gamma: f64,
    /// Trace decay λ (section 9: 0.9).
    pub lambda: f64,
    /// Critic learning rate (section 9: 0.01).
    pub alpha_critic: f64,
    /// Actor learning rate (section 9: 0.001).
    pub alpha_actor: f64,
}

impl Default for TdLambdaParams {
    fn default() -> Self {
        TdLambdaParams {
            gamma: 0.99,
            lambda: 0.9,
            alpha_critic: 0.01,
            alpha_actor: 0.001,
        }
    }
}

/// The TD(λ) actor-critic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TdLambdaActorCritic {
    params: TdLambdaParams,
    n_cues: usize,
    n_actions: usize,
    v: Vec<f64>,
    pref: Vec<Vec<f64>>,
    last: Option<(usize, usize, Vec<f64>)>,
}

impl TdLambdaActorCritic {
    /// A learner for `n_cues` cues and `n_actions` actions.
    pub fn new(
        params: TdLambdaParams,
        n_cues: usize,
        n_actions: usize,
    ) -> Result<Self, ParamError> {
        check_range("td_lambda.gamma", params.gamma, 0.0, 1.0)?;
        check_range("td_lambda.lambda", params.lambda, 0.0, 1.0)?;
        check_range("td_lambda.alpha_critic", params.alpha_critic, 0.0, 1.0)?;
        check_range("td_lambda.alpha_actor", params.alpha_actor, 0.0, 1.0)?;
        let (n_cues, n_actions) = (n_cues.max(1), n_actions.max(1));
        Ok(TdLambdaActorCritic {
            params,
            n_cues,
            n_actions,
            v: vec![0.0; n_cues * (1 + n_actions)],
            pref: vec![vec![0.0; n_actions]; n_cues],
            last: None,
        })
    }

    /// The policy π(·|cue) = softmax(preferences).
    pub fn policy(&self, cue: usize) -> Vec<f64> {
        softmax(&self.pref[cue.min(self.n_cues - 1)], 1.0)
    }

    /// The critic's value of the post-choice state (cue, action).
    pub fn value(&self, cue: usize, action: usize) -> f64 {
        self.v[self.n_cues
            + cue.min(self.n_cues - 1) * self.n_actions
            + action.min(self.n_actions - 1)]
    }
}

impl TrialLearner for TdLambdaActorCritic {
    fn choose(&mut self, cue: usize, rng: &mut Xoshiro256PlusPlus) -> usize {
        let pi = self.policy(cue);
        let a = categorical(rng, &pi);
        self.last = Some((cue, a, pi));
        a
    }

    fn learn(&mut self, cue: usize, action: Option<usize>, reward: f64) {
        let p = self.params;
        let c = cue.min(self.n_cues - 1);
        let s0 = c;
        let Some(a) = action else {
            // Pavlovian: one terminal step from the cue state.
            let d = reward - self.v[s0];
            self.v[s0] += p.alpha_critic * d;
            return;
        };
        let a = a.min(self.n_actions - 1);
        let pi = match self.last.take() {
            Some((lc, la, pi)) if lc == c && la == a => pi,
            _ => self.policy(c),
        };
        let s1 = self.n_cues + c * self.n_actions + a;
        // Step 1, the choice: traces start at x(s0) and ∇log π.
        let mut e_v = vec![0.0; self.v.len()];
        let mut e_a = vec![0.0; self.n_actions];
        let d1 = p.gamma * self.v[s1] - self.v[s0];
        e_v[s0] = 1.0;
        for (k, e) in e_a.iter_mut().enumerate() {
            *e = f64::from(u8::from(k == a)) - pi[k];
        }
        for (v, e) in self.v.iter_mut().zip(&e_v) {
            *v += p.alpha_critic * d1 * e;
        }
        for (w, e) in self.pref[c].iter_mut().zip(&e_a) {
            *w += p.alpha_actor * d1 * e;
        }
        // Step 2, the outcome (terminal): traces decay by γλ, the critic's gains x(s1).
        let d2 = reward - self.v[s1];
        for e in e_v.iter_mut() {
            *e *= p.gamma * p.lambda;
        }
        e_v[s1] += 1.0;
        for e in e_a.iter_mut() {
            *e *= p.gamma * p.lambda;
        }
        for (v, e) in self.v.iter_mut().zip(&e_v) {
            *v += p.alpha_critic * d2 * e;
        }
        for (w, e) in self.pref[c].iter_mut().zip(&e_a) {
            *w += p.alpha_actor * d2 * e;
        }
    }
}

/// Runs `task` trial by trial with `learner` as subject `subject` (1-based) of a run seeded
/// `seed`: the same task stream as a session with that seed and subject.
pub fn run_trials(
    task: &TaskParams,
    learner: &mut impl TrialLearner,
    subject: u32,
    seed: u64,
) -> Result<Vec<TrialRecord>, ParamError> {
    let mut t = Task::new(task.clone())?;
    let mut task_rng = stream(seed, u64::from(subject), TASK_STREAM);
    let mut agent_rng = stream(seed, u64::from(subject), AGENT_STREAM);
    let mut out = Vec::with_capacity(task.trials as usize);
    for k in 0..task.trials {
        let plan = t.begin_trial(k, &mut task_rng);
        let phase = t.phase();
        let (choice, correct) = if plan.has_choice {
            let a = learner.choose(plan.cue, &mut agent_rng);
            (Some(a), t.best_action(plan.cue).map(|b| b == a))
        } else {
            (None, None)
        };
        let outcome = t.outcome(plan.cue, choice, plan.omit, &mut task_rng);
        learner.learn(plan.cue, choice, outcome);
        let reversed = t.end_trial(k, correct);
        out.push(TrialRecord {
            subject,
            trial: k + 1,
            cue: plan.cue,
            choice,
            outcome,
            correct,
            phase,
            reversal_after: reversed,
            omitted: plan.omit,
            ..Default::default()
        });
    }
    let _ = TaskKind::Bandit;
    Ok(out)
}

/// The 10-armed testbed's result per step: mean reward and fraction of optimal actions over
/// the runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestbedResult {
    /// Mean reward at each step (1-based step k at index k − 1).
    pub mean_reward: Vec<f64>,
    /// Fraction of runs choosing the optimal arm at each step.
    pub optimal: Vec<f64>,
    /// Runs.
    pub runs: usize,
}

/// Sutton & Barto's 10-armed testbed (section 2.3): `runs` independent bandits with
/// q*(a) ~ N(0, 1), rewards N(q*(a), 1), an ε-greedy agent with sample-average estimates
/// (initial 0, ties broken at random), `steps` steps each. Runs in parallel (rayon); each run
/// has its own seeded stream, so the result does not depend on the thread count.
pub fn ten_armed_testbed(
    runs: usize,
    steps: usize,
    epsilon: f64,
    seed: u64,
) -> Result<TestbedResult, ParamError> {
    use rayon::prelude::*;
    check_range("epsilon", epsilon, 0.0, 1.0)?;
    check_positive("runs", runs as f64)?;
    check_positive("steps", steps as f64)?;
    let per_run: Vec<(Vec<f64>, Vec<bool>)> = (0..runs)
        .into_par_iter()
        .map(|run| {
            let mut rng = stream(seed, run as u64, 0x10A7);
            let q: Vec<f64> = (0..10).map(|_| normal(&mut rng)).collect();
            let best = (0..10).max_by(|&a, &b| q[a].total_cmp(&q[b])).unwrap_or(0);
            let mut est = [0.0f64; 10];
            let mut n = [0u32; 10];
            let mut rewards = Vec::with_capacity(steps);
            let mut optimal = Vec::with_capacity(steps);
            for _ in 0..steps {
                let a = if uniform(&mut rng) < epsilon {
                    ((uniform(&mut rng) * 10.0) as usize).min(9)
                } else {
                    let m = est.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                    let ties: Vec<usize> = (0..10).filter(|&k| est[k] == m).collect();
                    ties[((uniform(&mut rng) * ties.len() as f64) as usize).min(ties.len() - 1)]
                };
                let r = q[a] + normal(&mut rng);
                n[a] += 1;
                est[a] += (r - est[a]) / f64::from(n[a]);
                rewards.push(r);
                optimal.push(a == best);
            }
            (rewards, optimal)
        })
        .collect();
    let mut mean_reward = vec![0.0; steps];
    let mut opt = vec![0.0; steps];
    for (r, o) in &per_run {
        for k in 0..steps {
            mean_reward[k] += r[k];
            opt[k] += f64::from(u8::from(o[k]));
        }
    }
    for k in 0..steps {
        mean_reward[k] /= runs as f64;
        opt[k] /= runs as f64;
    }
    Ok(TestbedResult {
        mean_reward,
        optimal: opt,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blueprint_actor_critic_learns_values_but_barely_acts_in_two_hundred_trials() {
        let task = TaskParams::for_kind(TaskKind::Bandit);
        let mut p_late = 0.0;
        let n = 200;
        for s in 1..=n {
            let mut ac = TdLambdaActorCritic::new(TdLambdaParams::default(), 1, 2).unwrap();
            let t = run_trials(&task, &mut ac, s, 9).unwrap();
            p_late += t[100..].iter().filter(|r| r.correct == Some(true)).count() as f64 / 100.0;
            // The critic moves toward the arm's value at 0.01 per trial.
            assert!(ac.value(0, 0) > 0.0);
        }
        p_late /= n as f64;
        // α_actor = 0.001: P(correct) stays within a few points of chance.
        assert!(p_late > 0.5 && p_late < 0.6, "{p_late}");
    }

    #[test]
    fn bad_parameters_name_the_field() {
        let e = QLearner::new(
            QLearningParams {
                alpha: 1.5,
                ..Default::default()
            },
            1,
            2,
        )
        .unwrap_err();
        assert_eq!(e.field, "q_learning.alpha");
        assert_eq!(
            ten_armed_testbed(10, 10, 2.0, 1).unwrap_err().field,
            "epsilon"
        );
    }
}
