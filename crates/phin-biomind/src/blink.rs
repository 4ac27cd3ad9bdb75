//! Psychophysics of the workspace: the ignition sweep (all-or-none access) and the attentional
//! blink, the two test shapes of the global neuronal workspace (Dehaene, Sergent & Changeux,
//! PNAS 100:8520, 2003; docs/biomind.md, part 2).
//!
//! A trial is a rapid serial stream run on a [`Workspace`] alone (no processor: these are
//! properties of the workspace's dynamics; the full loop runs the same scenario in
//! [`crate::mind`]). Candidate 0 is the first target T1, candidate 1 the second target T2, the
//! others are distractors of the stream. A target is a stimulus of strength `input` for
//! `stimulus_s` (then masked: its input falls to 0), goal-relevant (the task asks for targets),
//! coherent; the distractors are present all along, weakly driven and barely goal-relevant. A
//! target is *reported* if it enters the workspace before the trial ends.

use crate::error::{check_range, ParamError};
use crate::rng::{stream, Xoshiro256PlusPlus};
use crate::workspace::{CandidateInput, Workspace, WorkspaceParams};
use serde::{Deserialize, Serialize};

/// The stream of the psychophysics trials.
pub const BLINK_STREAM: u64 = 0xB11C;

/// The stimulus stream of one trial.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StreamParams {
    /// How long a target drives its evidence before the mask, s (one RSVP item: 0.1 s).
    pub stimulus_s: f64,
    /// Strength of a target's input.
    pub target_input: f64,
    /// Trial-to-trial spread of a target's strength: each target's input is drawn uniformly
    /// from target_input·(1 ± input_jitter).
    pub input_jitter: f64,
    /// Goal relevance of a target.
    pub target_relevance: f64,
    /// Coherence of every item.
    pub coherence: f64,
    /// Distractors in the stream.
    pub distractors: usize,
    /// A distractor's input.
    pub distractor_input: f64,
    /// A distractor's goal relevance.
    pub distractor_relevance: f64,
    /// The trial runs this long after the last target's onset, s.
    pub tail_s: f64,
}

impl Default for StreamParams {
    fn default() -> Self {
        StreamParams {
            stimulus_s: 0.1,
            target_input: 1.3,
            input_jitter: 0.3,
            target_relevance: 1.0,
            coherence: 0.8,
            distractors: 4,
            distractor_input: 0.3,
            distractor_relevance: 0.05,
            tail_s: 1.2,
        }
    }
}

impl StreamParams {
    /// One target's input strength: uniform in target_input·(1 ± input_jitter).
    pub fn draw_input(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        self.target_input * (1.0 + self.input_jitter * (2.0 * crate::rng::uniform(rng) - 1.0))
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("stream.stimulus_s", self.stimulus_s, 0.0, 10.0)?;
        check_range("stream.target_input", self.target_input, 0.0, 10.0)?;
        check_range("stream.input_jitter", self.input_jitter, 0.0, 1.0)?;
        check_range("stream.target_relevance", self.target_relevance, 0.0, 1.0)?;
        check_range("stream.coherence", self.coherence, 0.0, 1.0)?;
        if self.distractors > 64 {
            return Err(ParamError::new(
                "stream.distractors",
                self.distractors,
                "0 … 64",
            ));
        }
        check_range("stream.distractor_input", self.distractor_input, 0.0, 10.0)?;
        check_range(
            "stream.distractor_relevance",
            self.distractor_relevance,
            0.0,
            1.0,
        )?;
        check_range("stream.tail_s", self.tail_s, 0.0, 60.0)?;
        Ok(())
    }
}

/// Start of the late window, s after onset.
pub const LATE_FROM_S: f64 = 0.3;
/// End of the late window, s after onset.
pub const LATE_TO_S: f64 = 0.6;

/// The outcome of one trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialOutcome {
    /// Each target entered the workspace ([T1, T2]).
    pub reported: [bool; 2],
    /// Each target's mean workspace activation from 0.3 to 0.6 s after its onset (the late
    /// window in which the global neuronal workspace's all-or-none activity is measured).
    pub late_activation: [f64; 2],
    /// The time of each target's ignition after its onset, s.
    pub latency_s: [Option<f64>; 2],
}

/// Runs one trial: T1 at 0 (if `t1`), T2 at `lag_s` (if given), on a fresh workspace.
pub fn run_trial(
    ws: &WorkspaceParams,
    st: &StreamParams,
    t1: Option<f64>,
    t2: Option<(f64, f64)>,
    rng: &mut Xoshiro256PlusPlus,
) -> Result<TrialOutcome, ParamError> {
    st.validate()?;
    let n = 2 + st.distractors;
    let mut w = Workspace::new(*ws, n)?;
    let dt = ws.step_s;
    let last = t2.map(|(lag, _)| lag).unwrap_or(0.0);
    let steps = ((last + st.tail_s) / dt).round() as u64;
    let onsets = [t1.map(|s| (0.0, s)), t2];
    let mut out = TrialOutcome::default();
    let mut inputs = vec![CandidateInput::default(); n];
    for k in 0..steps {
        let t = k as f64 * dt;
        for (j, on) in onsets.iter().enumerate() {
            inputs[j] = match on {
                Some((at, strength)) if t >= *at - 1e-12 => CandidateInput {
                    present: true,
                    goal_relevance: st.target_relevance,
                    salience: 0.0,
                    coherence: st.coherence,
                    input: if t < at + st.stimulus_s - 1e-12 {
                        *strength
                    } else {
                        0.0
                    },
                    forced: false,
                    maintained: false,
                },
                _ => CandidateInput::default(),
            };
        }
        for d in inputs.iter_mut().skip(2) {
            *d = CandidateInput {
                present: true,
                goal_relevance: st.distractor_relevance,
                salience: 0.0,
                coherence: st.coherence,
                input: st.distractor_input,
                forced: false,
                maintained: false,
            };
        }
        let ev = w.step(&inputs, rng);
        for (j, on) in onsets.iter().enumerate() {
            if let Some((at, _)) = on {
                let since = (k + 1) as f64 * dt - at;
                if (LATE_FROM_S..LATE_TO_S).contains(&since) {
                    out.late_activation[j] +=
                        w.candidates()[j].activation * dt / (LATE_TO_S - LATE_FROM_S);
                }
                if ev.ignited.contains(&j) && !out.reported[j] {
                    out.reported[j] = true;
                    out.latency_s[j] = Some((k + 1) as f64 * dt - at);
                }
            }
        }
    }
    Ok(out)
}

/// One point of the attentional-blink curve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlinkPoint {
    /// T2's lag after T1, s.
    pub lag_s: f64,
    /// Trials run.
    pub trials: u32,
    /// P(T1 reported).
    pub t1_rate: f64,
    /// P(T2 reported | T1 reported): the blink curve.
    pub t2_given_t1: f64,
    /// P(T2 reported) when T2 is shown alone at the same time (the no-blink baseline).
    pub t2_alone: f64,
}

/// The blink curve: `trials` trials per lag, seeded.
pub fn blink_curve(
    ws: &WorkspaceParams,
    st: &StreamParams,
    lags_s: &[f64],
    trials: u32,
    seed: u64,
) -> Result<Vec<BlinkPoint>, ParamError> {
    let mut out = Vec::new();
    for (k, lag) in lags_s.iter().enumerate() {
        let mut rng = stream(seed, k as u64, BLINK_STREAM);
        let (mut t1, mut t2, mut alone) = (0u32, 0u32, 0u32);
        for _ in 0..trials {
            let (s1, s2) = (st.draw_input(&mut rng), st.draw_input(&mut rng));
            let o = run_trial(ws, st, Some(s1), Some((*lag, s2)), &mut rng)?;
            if o.reported[0] {
                t1 += 1;
                if o.reported[1] {
                    t2 += 1;
                }
            }
            let a = run_trial(ws, st, None, Some((*lag, s2)), &mut rng)?;
            alone += u32::from(a.reported[1]);
        }
        out.push(BlinkPoint {
            lag_s: *lag,
            trials,
            t1_rate: f64::from(t1) / f64::from(trials),
            t2_given_t1: if t1 > 0 {
                f64::from(t2) / f64::from(t1)
            } else {
                0.0
            },
            t2_alone: f64::from(alone) / f64::from(trials),
        });
    }
    Ok(out)
}

/// One stimulus strength of the ignition sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The target's input strength.
    pub strength: f64,
    /// P(ignition).
    pub p_ignite: f64,
    /// The late workspace activation of each trial.
    pub late: Vec<f64>,
}

/// The ignition sweep: a single target at each strength, `trials` trials each, seeded.
pub fn ignition_sweep(
    ws: &WorkspaceParams,
    st: &StreamParams,
    strengths: &[f64],
    trials: u32,
    seed: u64,
) -> Result<Vec<SweepPoint>, ParamError> {
    let mut out = Vec::new();
    for (k, s) in strengths.iter().enumerate() {
        let mut rng = stream(seed, 1_000 + k as u64, BLINK_STREAM);
        let mut late = Vec::new();
        let mut hits = 0u32;
        for _ in 0..trials {
            let o = run_trial(ws, st, Some(*s), None, &mut rng)?;
            hits += u32::from(o.reported[0]);
            late.push(o.late_activation[0]);
        }
        out.push(SweepPoint {
            strength: *s,
            p_ignite: f64::from(hits) / f64::from(trials),
            late,
        });
    }
    Ok(out)
}
