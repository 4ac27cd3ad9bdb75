//! Reports: every endpoint of a group of agents as a mean with its 95 % confidence interval and,
//! where it has one, its chance level; the agent beside plain Q-learning and the blueprint's
//! TD(λ) actor-critic run on the same task streams. [`Report`] is what the CLI writes as
//! `report.json`.
//!
//! ```
//! use phin_biomind::report::Report;
//! use phin_biomind::run::run_sessions;
//! use phin_biomind::session::{Ablation, SessionParams};
//! use phin_biomind::tasks::{TaskKind, TaskParams};
//!
//! let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 5, 1);
//! p.task.trials = 20;
//! let ps: Vec<SessionParams> = (1..=3).map(|k| SessionParams { subject: k, ..p.clone() }).collect();
//! let sessions = run_sessions(ps, Ablation::Processor, |_, _| {}).unwrap();
//! let r = Report::build(&p, Ablation::Processor, &sessions).unwrap();
//! assert_eq!(r.agents, 3);
//! assert_eq!(r.chance_p_correct, Some(0.5));
//! assert!(r.q_learning.is_some());
//! ```

use crate::baselines::{
    run_trials, QLearner, QLearningParams, TdLambdaActorCritic, TdLambdaParams,
};
use crate::binding::feature_names;
use crate::error::ParamError;
use crate::metrics::{aligned_p_correct, da_pattern, gng_metrics, reversal_metrics};
use crate::record::TrialRecord;
use crate::session::{Ablation, Session, SessionParams};
use crate::stats::Estimate;
use crate::tasks::{GngCue, TaskKind, TaskParams};
use phin_core::identity::ConsciousnessState;
use serde::{Deserialize, Serialize};

/// Endpoints of a choice task (bandit, reversal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceSummary {
    /// P(correct) over all trials (chance 0.5).
    pub p_correct: Estimate,
    /// P(correct) over the second half of the trials.
    pub p_correct_second_half: Estimate,
    /// P(stay | win).
    pub win_stay: Estimate,
    /// P(shift | loss).
    pub lose_shift: Estimate,
    /// Reversal: trials to the first criterion, over the agents that reached it.
    pub trials_to_criterion: Estimate,
    /// Reversal: fraction of agents that reached the first criterion.
    pub reached_criterion: f64,
    /// Reversal: reversals achieved by criterion.
    pub reversals: Estimate,
    /// Reversal: perseverative errors, total per agent.
    pub perseverative_errors: Estimate,
    /// Reversal: perseverative errors per reversal (the endpoint that does not grow with the
    /// number of reversals reached).
    pub perseverative_per_reversal: Estimate,
}

/// Endpoints of go/no-go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GngSummary {
    /// The cues, in order.
    pub cues: Vec<String>,
    /// Accuracy per cue (chance 0.5).
    pub accuracy: Vec<Estimate>,
    /// P(go) per cue.
    pub p_go: Vec<Estimate>,
    /// Accuracy GW − accuracy NGW (paired within agents): the Pavlovian bias (chance 0).
    pub go_to_win_minus_nogo_to_win: Estimate,
    /// Accuracy NGAL − accuracy GAL (paired): the same bias for avoidance (chance 0).
    pub nogo_to_avoid_minus_go_to_avoid: Estimate,
}

/// The dopamine pattern of Pavlovian conditioning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PavlovianSummary {
    /// The phasic response at the reward on trial 1.
    pub first_burst: Estimate,
    /// Response at the cue after training, as a fraction of the first burst (target ≥ 0.5).
    pub cue_ratio: Estimate,
    /// Response at the predicted reward after training, as a fraction of the first burst
    /// (target ≤ 0.2).
    pub reward_ratio: Estimate,
    /// Depth of the omission dip below baseline in the expected-reward window, as a fraction
    /// of the first burst (target ≥ 0.5).
    pub dip_ratio: Estimate,
    /// Time of that dip after cue onset, s.
    pub dip_time_s: Estimate,
    /// When the reward was due, s after cue onset.
    pub expected_time_s: f64,
    /// Rewarded trials before the first probe that make the trained window.
    pub trained_window: usize,
}

/// The endpoints of one group of agents on one task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Choice tasks.
    pub choice: Option<ChoiceSummary>,
    /// Go/no-go.
    pub gng: Option<GngSummary>,
    /// Pavlovian conditioning.
    pub pavlovian: Option<PavlovianSummary>,
}

/// A curve: per point, the mean over agents and its 95 % interval.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// Abscissa (trial number, or trial relative to the reversal).
    pub x: Vec<f64>,
    /// Mean.
    pub mean: Vec<f64>,
    /// Lower 95 % bound.
    pub lo: Vec<f64>,
    /// Upper 95 % bound.
    pub hi: Vec<f64>,
}

impl Curve {
    fn from_rows(x: Vec<f64>, rows: &[Vec<f64>]) -> Self {
        let mut c = Curve {
            x,
            ..Default::default()
        };
        for j in 0..c.x.len() {
            let col: Vec<f64> = rows.iter().filter_map(|r| r.get(j).cloned()).collect();
            let e = Estimate::of(&col);
            c.mean.push(e.mean);
            c.lo.push(e.lo);
            c.hi.push(e.hi);
        }
        c
    }
}

/// P(correct) per trial over agents, smoothed over `smooth` trials (centred running mean per
/// agent before averaging).
pub fn p_correct_curve(records: &[Vec<TrialRecord>], smooth: usize) -> Curve {
    let n = records.iter().map(|r| r.len()).max().unwrap_or(0);
    let h = smooth / 2;
    let rows: Vec<Vec<f64>> = records
        .iter()
        .map(|r| {
            let c: Vec<f64> = r
                .iter()
                .map(|t| {
                    t.correct
                        .map(|c| f64::from(u8::from(c)))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            (0..c.len())
                .map(|k| {
                    let (a, b) = (k.saturating_sub(h), (k + h + 1).min(c.len()));
                    let w: Vec<f64> = c[a..b].iter().cloned().filter(|x| x.is_finite()).collect();
                    w.iter().sum::<f64>() / w.len().max(1) as f64
                })
                .collect()
        })
        .collect();
    Curve::from_rows((1..=n).map(|k| k as f64).collect(), &rows)
}

/// P(correct) aligned to reversals (trial 0 = the first trial after a reversal).
pub fn aligned_curve(records: &[Vec<TrialRecord>], before: usize, after: usize) -> Curve {
    let rows: Vec<Vec<f64>> = records
        .iter()
        .map(|r| aligned_p_correct(r, before, after))
        .collect();
    Curve::from_rows(
        (0..before + after)
            .map(|j| j as f64 - before as f64)
            .collect(),
        &rows,
    )
}

/// The endpoints of `records` (one vector per agent) on `task`.
pub fn summarize(task: &TaskParams, records: &[Vec<TrialRecord>]) -> Summary {
    let mut s = Summary::default();
    match task.kind {
        TaskKind::Bandit | TaskKind::Reversal => {
            let ms: Vec<_> = records
                .iter()
                .map(|r| reversal_metrics(r, task.criterion_correct, task.criterion_window))
                .collect();
            let half = |r: &Vec<TrialRecord>| {
                let h = &r[r.len() / 2..];
                h.iter().filter(|t| t.correct == Some(true)).count() as f64 / h.len().max(1) as f64
            };
            let col = |f: &dyn Fn(&crate::metrics::ReversalMetrics) -> f64| {
                Estimate::of(&ms.iter().map(f).collect::<Vec<_>>())
            };
            let ttc: Vec<f64> = ms
                .iter()
                .filter_map(|m| m.trials_to_criterion.map(f64::from))
                .collect();
            s.choice = Some(ChoiceSummary {
                p_correct: col(&|m| m.p_correct),
                p_correct_second_half: Estimate::of(&records.iter().map(half).collect::<Vec<_>>()),
                win_stay: col(&|m| m.win_stay),
                lose_shift: col(&|m| m.lose_shift),
                trials_to_criterion: Estimate::of(&ttc),
                reached_criterion: ttc.len() as f64 / ms.len().max(1) as f64,
                reversals: col(&|m| f64::from(m.reversals)),
                perseverative_errors: col(&|m| f64::from(m.perseverative_errors)),
                perseverative_per_reversal: col(&|m| m.perseverative_per_reversal()),
            });
        }
        TaskKind::GoNoGo => {
            let ms: Vec<_> = records.iter().map(|r| gng_metrics(r)).collect();
            let col = |c: usize, acc: bool| {
                Estimate::of(
                    &ms.iter()
                        .map(|m| if acc { m.accuracy[c] } else { m.p_go[c] })
                        .collect::<Vec<_>>(),
                )
            };
            let acc: Vec<Vec<f64>> = (0..4)
                .map(|c| ms.iter().map(|m| m.accuracy[c]).collect())
                .collect();
            s.gng = Some(GngSummary {
                cues: GngCue::ALL.iter().map(|c| c.name().to_string()).collect(),
                accuracy: (0..4).map(|c| col(c, true)).collect(),
                p_go: (0..4).map(|c| col(c, false)).collect(),
                go_to_win_minus_nogo_to_win: Estimate::paired_difference(&acc[0], &acc[2]),
                nogo_to_avoid_minus_go_to_avoid: Estimate::paired_difference(&acc[3], &acc[1]),
            });
        }
        TaskKind::Pavlovian => {
            let trained = 10;
            let ps: Vec<_> = records.iter().map(|r| da_pattern(r, trained)).collect();
            let col = |f: &dyn Fn(&crate::metrics::DaPattern) -> f64| {
                Estimate::of(&ps.iter().map(f).collect::<Vec<_>>())
            };
            s.pavlovian = Some(PavlovianSummary {
                first_burst: col(&|p| p.first_burst),
                cue_ratio: col(&|p| p.cue_ratio()),
                reward_ratio: col(&|p| p.reward_ratio()),
                dip_ratio: col(&|p| p.dip_ratio()),
                dip_time_s: col(&|p| p.omission_dip_time_s),
                expected_time_s: task.timing.outcome_delay_s,
                trained_window: trained,
            });
        }
    }
    s
}

/// How the agents used the processor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessorUse {
    /// Fraction of the session each state was requested (by arousal), per state name.
    pub state_fraction: Vec<(String, Estimate)>,
    /// Seeded warm-up per agent, s.
    pub warmup_s: Estimate,
    /// The critic's learned weights on the processor's features, per feature (chance 0).
    pub feature_weights: Vec<(String, Estimate)>,
}

/// Plain Q-learning's trial records for `subjects` on the task streams of `params` (the
/// baseline every report runs beside the agents).
pub fn q_learning_records(
    params: &SessionParams,
    subjects: &[u32],
) -> Result<Vec<Vec<TrialRecord>>, ParamError> {
    subjects
        .iter()
        .map(|&k| {
            let mut q = QLearner::new(QLearningParams::default(), 4, 2)?;
            run_trials(&params.task, &mut q, k, params.seed)
        })
        .collect()
}

/// What `report.json` holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// `"phin-biomind-report"`.
    pub format: String,
    /// Version of this document: 1.
    pub version: u32,
    /// The task.
    pub task: TaskKind,
    /// Agents.
    pub agents: usize,
    /// Trials per agent.
    pub trials: u32,
    /// The run's seed.
    pub seed: u64,
    /// What was ablated.
    pub ablation: Ablation,
    /// Chance level of P(correct) and of go/no-go accuracy (None for Pavlovian).
    pub chance_p_correct: Option<f64>,
    /// The neuromodulated agent.
    pub agent: Summary,
    /// Plain Q-learning (α 0.3, β 2.5) on the same task streams.
    pub q_learning: Option<Summary>,
    /// The blueprint's TD(λ) actor-critic (γ 0.99, λ 0.9, α 0.01 / 0.001) on the same streams.
    pub td_lambda: Option<Summary>,
    /// P(correct) per trial (choice tasks; 9-trial running mean): agent and Q-learning.
    pub learning_curve: Option<(Curve, Curve)>,
    /// P(correct) aligned to reversals (reversal task): agent and Q-learning.
    pub reversal_curve: Option<(Curve, Curve)>,
    /// How the processor was used (None when ablated).
    pub processor: Option<ProcessorUse>,
    /// The parameters of subject 1 (the others differ only in `subject`).
    pub params: SessionParams,
    /// Notes on what the figures mean.
    pub notes: Vec<String>,
}

impl Report {
    /// The report of `sessions` (run with `params` for subjects 1 … n under `ablation`),
    /// with the baselines run here on the same seeds.
    pub fn build(
        params: &SessionParams,
        ablation: Ablation,
        sessions: &[Session],
    ) -> Result<Report, ParamError> {
        let task = &params.task;
        let records: Vec<Vec<TrialRecord>> =
            sessions.iter().map(|s| s.records().to_vec()).collect();
        let subjects: Vec<u32> = sessions.iter().map(|s| s.params().subject).collect();
        let choice = task.kind != TaskKind::Pavlovian;
        let (mut q_records, mut td_records) = (Vec::new(), Vec::new());
        if choice {
            q_records = q_learning_records(params, &subjects)?;
            for &k in &subjects {
                let mut td = TdLambdaActorCritic::new(TdLambdaParams::default(), 4, 2)?;
                td_records.push(run_trials(task, &mut td, k, params.seed)?);
            }
        }
        let learning_curve = (task.kind != TaskKind::Pavlovian && task.kind != TaskKind::GoNoGo)
            .then(|| (p_correct_curve(&records, 9), p_correct_curve(&q_records, 9)));
        let reversal_curve = (task.kind == TaskKind::Reversal).then(|| {
            (
                aligned_curve(&records, 5, 25),
                aligned_curve(&q_records, 5, 25),
            )
        });
        let processor = (ablation != Ablation::Processor).then(|| {
            let state_fraction = ConsciousnessState::ALL
                .iter()
                .map(|st| {
                    let v: Vec<f64> = sessions
                        .iter()
                        .map(|s| {
                            let t = s.state_ticks();
                            let total: u64 = t.iter().sum();
                            t[st.code() as usize] as f64 / total.max(1) as f64
                        })
                        .collect();
                    (st.name().to_string(), Estimate::of(&v))
                })
                .collect();
            let names = feature_names();
            let feature_weights = names
                .iter()
                .enumerate()
                .map(|(j, n)| {
                    let v: Vec<f64> = sessions
                        .iter()
                        .filter_map(|s| s.agent().feature_weights().get(j).cloned())
                        .collect();
                    (n.clone(), Estimate::of(&v))
                })
                .collect();
            ProcessorUse {
                state_fraction,
                warmup_s: Estimate::of(
                    &sessions
                        .iter()
                        .map(|s| crate::time::seconds(s.warmup_ticks()))
                        .collect::<Vec<_>>(),
                ),
                feature_weights,
            }
        });
        let mut notes = vec![
            "Every estimate is a mean over agents with its 95 % t interval (lo, hi), n and sd."
                .to_string(),
        ];
        if task.kind == TaskKind::Reversal {
            notes.push(
                "Perseverative errors are counted after every reversal (criterion or the 50-trial \
                 timeout); their total grows with the number of reversals an agent reaches, so \
                 compare groups on perseverative_per_reversal."
                    .to_string(),
            );
        }
        if ablation == Ablation::Processor {
            notes.push(
                "Processor ablated: the agent's clock is an internal 5.89 Hz oscillator; no \
                 features, no state requests, no pulses."
                    .to_string(),
            );
        }
        Ok(Report {
            format: "phin-biomind-report".to_string(),
            version: 1,
            task: task.kind,
            agents: sessions.len(),
            trials: task.trials,
            seed: params.seed,
            ablation,
            chance_p_correct: choice.then_some(0.5),
            agent: summarize(task, &records),
            q_learning: choice.then(|| summarize(task, &q_records)),
            td_lambda: choice.then(|| summarize(task, &td_records)),
            learning_curve,
            reversal_curve,
            processor,
            params: params.clone(),
            notes,
        })
    }
}
