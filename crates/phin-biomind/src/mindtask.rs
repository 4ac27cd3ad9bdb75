//! The full loop on a part-1 task: the learner's session and the mind on one processor
//! (docs/biomind.md, part 2, "End to end on reversal learning").
//!
//! Per tick: the part-1 [`Session`] ticks first (it observes, advances its learner's NT system
//! and runs the task's events exactly as in part 1), then the [`Mind`] ticks with the learner's
//! NT system as its own ([`Mind::tick_with`]): one set of neuromodulators, not two. When a trial
//! ends:
//!
//! - its outcome's sign is the critic's prediction error (a run of losses raises the threat);
//! - the trial's episode — the (choice, outcome) pair as a one-hot content — is presented to the
//!   mind for `present_s`, so the thalamic gate and the processor's CA3 learn events store it;
//! - the basal-ganglia gate evaluates the choice: `c_pre` is the learner's choice confidence
//!   (its softmax maximum) before the trial, `c_post` after its learning; the contradiction is
//!   `c_pre` on a loss (a confident choice that lost), 0 on a win; the memory disagreement is
//!   `1 − max cos(episode, stored episodes)`. A reopen injects ε_reconsider into the learner's
//!   ACh (`k_ach_reconsider·ε`: acetylcholine sets part 1's learning rate — reconsidering means
//!   learning faster from the surprise, Yu & Dayan's expected uncertainty).
//!
//! A change of the learner's state request (its arousal map) reaches the critic as an efference
//! copy, so the amplitude changes it causes are not anomalies.
//!
//! The mind acts on the learner only through these NT surges (the critic's NE on RETREAT, the
//! gate's ACh on a reopen) and on the processor only through its inputs: a RETREAT's state
//! request overrides the session's arousal request; the session's outcome pulses and the
//! mind's drive add on `sensory_input`.

use crate::bg::{BasalGanglia, BgParams, GateDecision};
use crate::critic::Override;
use crate::error::{check_range, ParamError};
use crate::memory::masked_cosine;
use crate::mind::{ExternalItem, Mind, MindParams, ScenarioKind, ITEM_DIM};
use crate::nt::Nt;
use crate::rng::softmax;
use crate::session::{Session, SessionParams, Source};
use crate::time::ticks;
use phin_core::{PhiNNeuralProcessorInputs, Probe};
use serde::{Deserialize, Serialize};

/// Constants of the coupling.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CouplingToTask {
    /// ACh surge per unit ε_reconsider on a reopen.
    pub k_ach_reconsider: f64,
    /// How long a trial's episode is presented, s.
    pub present_s: f64,
    /// The basal-ganglia gate.
    pub bg: BgParams,
}

impl Default for CouplingToTask {
    fn default() -> Self {
        CouplingToTask {
            k_ach_reconsider: 0.2,
            present_s: 0.35,
            bg: BgParams::default(),
        }
    }
}

impl CouplingToTask {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("coupling.k_ach_reconsider", self.k_ach_reconsider, 0.0, 1.0)?;
        check_range("coupling.present_s", self.present_s, 0.0, 10.0)?;
        self.bg.validate()
    }
}

/// One gate evaluation, for the report.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GateRecord {
    /// The trial (1-based).
    pub trial: u32,
    /// Confidence before and after.
    pub c_pre: f64,
    /// Confidence after the trial's learning.
    pub c_post: f64,
    /// The memory disagreement.
    pub disagreement: f64,
    /// The decision.
    pub decision: GateDecision,
}

/// The learner's session and the mind, on one processor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskMind {
    session: Session,
    mind: Mind,
    coupling: CouplingToTask,
    bg: BasalGanglia,
    seen: usize,
    c_prev: f64,
    present_until: u64,
    gates: Vec<GateRecord>,
    last_state: phin_core::identity::ConsciousnessState,
}

fn confidence(s: &Session) -> f64 {
    let a = s.agent();
    let w = a.choice_weights(0, false);
    softmax(&w, a.beta_now()).into_iter().fold(0.0, f64::max)
}

impl TaskMind {
    /// The session of `task` (live) and a quiet mind seeded like it.
    pub fn new(
        task: SessionParams,
        mind: Option<MindParams>,
        coupling: CouplingToTask,
    ) -> Result<Self, ParamError> {
        coupling.validate()?;
        let mut mp = mind.unwrap_or_else(|| MindParams::new(ScenarioKind::Quiet, task.seed));
        mp.scenario.kind = ScenarioKind::Quiet;
        let session = Session::new(task, Source::Live)?;
        let n_actions = session.task().n_actions().max(1);
        let c = confidence(&session);
        Ok(TaskMind {
            bg: BasalGanglia::new(coupling.bg, n_actions)?,
            mind: Mind::new(mp)?,
            session,
            coupling,
            seen: 0,
            c_prev: c,
            present_until: 0,
            gates: Vec::new(),
            last_state: phin_core::identity::ConsciousnessState::Normal,
        })
    }

    /// The session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The mind.
    pub fn mind(&self) -> &Mind {
        &self.mind
    }

    /// The basal ganglia.
    pub fn bg(&self) -> &BasalGanglia {
        &self.bg
    }

    /// Every gate evaluation.
    pub fn gates(&self) -> &[GateRecord] {
        &self.gates
    }

    /// The task is done.
    pub fn is_done(&self) -> bool {
        self.session.is_done()
    }

    /// One tick; returns the processor's inputs.
    pub fn tick(&mut self, probe: Probe<'_>) -> PhiNNeuralProcessorInputs {
        let si = self.session.tick(Some(probe));
        let t = self.mind.ticks();
        if si.state() != self.last_state {
            // The learner's arousal map changed the state: the critic knows why.
            self.last_state = si.state();
            self.mind.efference_copy();
        }
        // Trials that ended this tick.
        while self.seen < self.session.records().len() {
            let r = self.session.records()[self.seen].clone();
            self.seen += 1;
            let Some(choice) = r.choice else { continue };
            self.mind.critic_prediction_error(r.outcome);
            let mut ep = vec![0.0; ITEM_DIM];
            ep[2 * choice.min(ITEM_DIM / 2 - 1) + usize::from(r.outcome < 0.0)] = 1.0;
            let disagreement = 1.0
                - self
                    .mind
                    .store()
                    .episodes()
                    .iter()
                    .map(|e| masked_cosine(&e.content, &ep, &[]))
                    .fold(0.0, f64::max);
            let c_post = confidence(&self.session);
            let contradiction = if r.outcome < 0.0 { self.c_prev } else { 0.0 };
            let d = self.bg.evaluate(
                choice,
                self.c_prev,
                c_post,
                contradiction,
                disagreement,
                r.outcome,
            );
            if d.reopen {
                self.session
                    .agent_mut()
                    .nt_mut()
                    .impulse(Nt::Ach, self.coupling.k_ach_reconsider * d.reconsider);
            }
            self.gates.push(GateRecord {
                trial: r.trial,
                c_pre: self.c_prev,
                c_post,
                disagreement,
                decision: d,
            });
            self.c_prev = c_post;
            self.mind.present(Some(ExternalItem {
                content: ep,
                input: 1.5,
                goal_relevance: 1.0,
                salience: r.outcome.abs().min(1.0),
                coherence: 0.9,
            }));
            self.present_until = t + ticks(self.coupling.present_s);
        }
        if t >= self.present_until {
            self.mind.present(None);
        }
        let nt = self.session.agent_mut().nt_mut();
        let mi = self.mind.tick_with(Some(probe), Some(nt));
        let mut out = si;
        if self.mind.critic().last().decision == Override::Retreat {
            out.set_state(mi.state());
            out.transition_duration = mi.transition_duration;
        }
        // The sum stays on the port's 18-bit signed range (never a wrap).
        out.sensory_input = (out.sensory_input + mi.sensory_input).clamp(-(1 << 17), (1 << 17) - 1);
        out
    }
}

/// The runs behind a [`ReversalComparison`].
#[derive(Clone, Debug)]
pub struct ReversalRuns {
    /// The full loop, per agent.
    pub full: Vec<TaskMind>,
    /// Part 1's trial records, per agent.
    pub part1: Vec<Vec<crate::record::TrialRecord>>,
    /// Q-learning's trial records, per agent.
    pub q_learning: Vec<Vec<crate::record::TrialRecord>>,
}

/// Part 1's learner, the full loop and plain Q-learning on the same reversal streams
/// (acceptance 8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReversalComparison {
    /// Agents per group.
    pub agents: u32,
    /// Trials per agent.
    pub trials: u32,
    /// The seed.
    pub seed: u64,
    /// Part 1's learner on its own processor.
    pub part1: crate::report::ChoiceSummary,
    /// The full loop.
    pub full_loop: crate::report::ChoiceSummary,
    /// Plain Q-learning (no processor).
    pub q_learning: crate::report::ChoiceSummary,
    /// Mean trials to criterion, full loop over part 1 (acceptance: ≤ 1.05).
    pub trials_to_criterion_ratio: f64,
    /// Gate reopens, summed over the full-loop agents.
    pub reopens: u64,
    /// Gate commits, summed.
    pub commits: u64,
    /// Critic cycles with an override (REFLECT or RETREAT), summed.
    pub override_cycles: u64,
    /// Episodes stored, summed.
    pub episodes: u64,
}

/// Runs `agents` subjects of reversal learning (`trials` each, seed `seed`) three ways: part 1
/// alone (live), the full loop (live), Q-learning. `progress(done_agents)` after each full-loop
/// agent. Returns the comparison and the runs. Subject 1 of the full loop records its
/// NT trace (0.01 s) and its mind's snapshots (every 10 workspace steps).
pub fn compare_on_reversal(
    agents: u32,
    trials: u32,
    seed: u64,
    progress: impl Fn(u32) + Sync,
) -> Result<(ReversalComparison, ReversalRuns), ParamError> {
    use crate::report::{q_learning_records, summarize};
    use crate::session::Ablation;
    use crate::tasks::{TaskKind, TaskParams};
    use rayon::prelude::*;
    let mut task = TaskParams::for_kind(TaskKind::Reversal);
    task.trials = trials;
    let params: Vec<SessionParams> = (1..=agents)
        .map(|k| SessionParams::new(task.clone(), seed, k))
        .collect();
    for p in &params {
        p.validate()?;
    }
    let part1 = crate::run::run_sessions(params.clone(), Ablation::None, |_, _| {})?;
    let done = std::sync::atomic::AtomicU32::new(0);
    let full: Vec<TaskMind> = params
        .into_par_iter()
        .map(|mut p| -> Result<TaskMind, ParamError> {
            let first = p.subject == 1;
            if first {
                p.nt_trace_every_s = Some(0.01);
            }
            let mut mp =
                MindParams::new(ScenarioKind::Quiet, seed.wrapping_add(u64::from(p.subject)));
            if first {
                mp.log_every_steps = 10;
            }
            let guard = p.max_ticks();
            let mut tm = TaskMind::new(p, Some(mp), CouplingToTask::default())?;
            let mut proc = phin_core::PhiNNeuralProcessor::default();
            let mut n = 0;
            while !tm.is_done() && n < guard {
                let i = tm.tick(proc.probe());
                proc.tick(&i);
                n += 1;
            }
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            Ok(tm)
        })
        .collect::<Result<_, _>>()?;
    let rec1: Vec<Vec<_>> = part1.iter().map(|s| s.records().to_vec()).collect();
    let recf: Vec<Vec<_>> = full
        .iter()
        .map(|t| t.session().records().to_vec())
        .collect();
    let subjects: Vec<u32> = (1..=agents).collect();
    let base = SessionParams::new(task.clone(), seed, 1);
    let recq = q_learning_records(&base, &subjects)?;
    let pick = |r: &[Vec<crate::record::TrialRecord>]| {
        summarize(&task, r)
            .choice
            .expect("reversal has choice endpoints")
    };
    let (a, b) = (pick(&rec1), pick(&recf));
    Ok((
        ReversalComparison {
            agents,
            trials,
            seed,
            trials_to_criterion_ratio: b.trials_to_criterion.mean / a.trials_to_criterion.mean,
            part1: a,
            full_loop: b,
            q_learning: pick(&recq),
            reopens: full.iter().map(|t| t.bg().reopens()).sum(),
            commits: full.iter().map(|t| t.bg().commits()).sum(),
            override_cycles: full
                .iter()
                .map(|t| t.mind().critic().override_cycles())
                .sum(),
            episodes: full
                .iter()
                .map(|t| t.mind().store().episodes().len() as u64)
                .sum(),
        },
        ReversalRuns {
            full,
            part1: rec1,
            q_learning: recq,
        },
    ))
}
