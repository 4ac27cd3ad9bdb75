//! A session: one agent doing one task, tick by tick on the processor's 4 kHz clock.
//!
//! [`Session::tick`] is called once per processor tick (the drive function of
//! [`ProcessorBatch::par_drive`](phin_core::batch::ProcessorBatch::par_drive)) with a probe of
//! the processor, and returns the processor's inputs for that tick. Within a tick, in this
//! order:
//!
//! 1. **observe** — every 5 ms, the [`Features`] are read from the probe (or from a replayed
//!    stream, or nothing when the processor is ablated) and the theta clock looks for an onset
//!    of the encoding window; with the internal clock, its oscillator advances one tick;
//! 2. **transmitters** — the NT system advances one tick ([`Agent::tick`]);
//! 3. **task events** — a trial starts (cue onset, TD step); at a clock onset the agent takes a
//!    TD step, and if the response window is open and no choice is made yet, it chooses (go/no-go:
//!    go or no-go); the outcome is delivered when due (TD step, terminal); the trial ends;
//! 4. **arousal** — at a clock onset the effective NE level selects the requested state;
//! 5. **measurement** — the dopamine responses of the trial, the NT trace;
//! 6. **inputs** — `state_select` and `transition_duration` from the arousal map, and
//!    `sensory_input` from the outcome's tagged pulse.
//!
//! The agent acts on the processor only through these inputs and reads it only through the
//! probe, so the processor stays bit-exact and co-simulatable under the agent.
//!
//! Three sources of observation ([`Source`]): the live processor; a replayed stream of recorded
//! features (the time-shuffled control of acceptance 6); none (the processor ablated: an
//! internal theta clock, no features, inputs ignored).
//!
//! ```
//! use phin_biomind::session::{Session, SessionParams, Source};
//! use phin_biomind::tasks::{TaskKind, TaskParams};
//!
//! let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 7, 1);
//! p.task.trials = 10;
//! let mut s = Session::new(p, Source::Internal).unwrap();
//! while !s.is_done() {
//!     s.tick(None);
//! }
//! assert_eq!(s.records().len(), 10);
//! ```

use crate::agent::{Agent, AgentParams, Stage};
use crate::binding::{BindingParams, FeatureNorm, Features, Pulse, ThetaClock};
use crate::body::{Body, BodyParams, BodySample};
use crate::circuits::CircuitParams;
use crate::error::{BiomindError, ParamError};
use crate::modulation::ModulationParams;
use crate::nt::{Nt, NtParams};
use crate::record::{DaResponse, TrialRecord};
use crate::rng::{stream, uniform, Xoshiro256PlusPlus, AGENT_STREAM, BINDING_STREAM, TASK_STREAM};
use crate::tasks::{Task, TaskKind, TaskParams, TrialPlan};
use crate::time::{ticks, TICK_HZ};
use phin_core::identity::ConsciousnessState;
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs, Probe};
use serde::{Deserialize, Serialize};

/// Which part of the agent is switched off (the CLI's `--ablate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ablation {
    /// Nothing: the full agent on the live processor.
    None,
    /// Neuromodulation: every gain off, δ used directly ("fixed levels").
    Nt,
    /// The processor: internal theta clock, no features, no inputs.
    Processor,
}

impl std::str::FromStr for Ablation {
    type Err = ParamError;
    fn from_str(s: &str) -> Result<Self, ParamError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Ablation::None),
            "nt" => Ok(Ablation::Nt),
            "processor" => Ok(Ablation::Processor),
            _ => Err(ParamError::new("ablate", s, "nt, processor")),
        }
    }
}

/// The windows in which a trial's dopamine responses are measured.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureParams {
    /// The cue and outcome responses are the largest phasic DA within this long after the
    /// event, s (a DA surge's τ is 0.1 s; 0.3 s holds the peak and its decay).
    pub response_window_s: f64,
    /// An omission's dip is looked for from this long before the time the reward was due, s.
    pub omission_before_s: f64,
    /// … to this long after it, s (two theta cycles of 0.17 s: the clock's resolution).
    pub omission_after_s: f64,
}

impl Default for MeasureParams {
    fn default() -> Self {
        MeasureParams {
            response_window_s: 0.3,
            omission_before_s: 0.1,
            omission_after_s: 0.35,
        }
    }
}

/// Everything a session needs; every constant a named parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionParams {
    /// The task.
    pub task: TaskParams,
    /// The learner.
    #[serde(default)]
    pub agent: AgentParams,
    /// The transmitters.
    #[serde(default)]
    pub nt: NtParams,
    /// The prediction-error circuits.
    #[serde(default)]
    pub circuits: CircuitParams,
    /// The modulation of learning.
    #[serde(default)]
    pub modulation: ModulationParams,
    /// The binding to the processor.
    #[serde(default)]
    pub binding: BindingParams,
    /// The run's seed.
    pub seed: u64,
    /// The subject number (1-based): with the seed, it chooses every random stream.
    pub subject: u32,
    /// Record the NT levels every this many seconds (None: no trace).
    #[serde(default)]
    pub nt_trace_every_s: Option<f64>,
    /// Keep every observed feature (for the shuffled control).
    #[serde(default)]
    pub record_features: bool,
    /// The dopamine measurement windows.
    #[serde(default)]
    pub measure: MeasureParams,
    /// The body (part 3; None: no body, the learner is part 1's). Its clock starts with the
    /// session's first tick, warm-up included.
    #[serde(default)]
    pub body: Option<BodyParams>,
}

impl SessionParams {
    /// Defaults for `task`, subject `subject` of a run seeded `seed`.
    pub fn new(task: TaskParams, seed: u64, subject: u32) -> Self {
        SessionParams {
            task,
            agent: AgentParams::default(),
            nt: NtParams::default(),
            circuits: CircuitParams::default(),
            modulation: ModulationParams::default(),
            binding: BindingParams::default(),
            seed,
            subject,
            nt_trace_every_s: None,
            record_features: false,
            measure: MeasureParams::default(),
            body: None,
        }
    }

    /// With `ablation` applied (NT: fixed levels; processor: the caller runs the session with
    /// [`Source::Internal`]).
    pub fn with_ablation(mut self, ablation: Ablation) -> Self {
        if ablation == Ablation::Nt {
            self.modulation = ModulationParams::fixed_levels();
        }
        self
    }

    /// Checks every part; errors name the field.
    pub fn validate(&self) -> Result<(), ParamError> {
        self.task.validate()?;
        self.agent.validate()?;
        self.nt.validate()?;
        self.circuits.validate()?;
        self.modulation.validate()?;
        self.binding.validate()?;
        if self.subject == 0 {
            return Err(ParamError::new("subject", 0, "1, 2, … (1-based)"));
        }
        let m = &self.measure;
        crate::error::check_range("measure.response_window_s", m.response_window_s, 0.0, 10.0)?;
        crate::error::check_range("measure.omission_before_s", m.omission_before_s, 0.0, 10.0)?;
        crate::error::check_range("measure.omission_after_s", m.omission_after_s, 0.0, 10.0)?;
        if let Some(b) = &self.body {
            b.validate()?;
        }
        if let Some(e) = self.nt_trace_every_s {
            crate::error::check_range("nt_trace_every_s", e, 1.0 / TICK_HZ, 60.0)?;
        }
        Ok(())
    }

    /// The expected length of the session in ticks, for progress bars: the mean warm-up and
    /// every trial at its mean length (the choice waits half a theta cycle on average).
    pub fn expected_ticks(&self) -> u64 {
        let t = &self.task.timing;
        let half_cycle = 0.5 / phin_core::identity::THETA_HZ;
        let trial = match self.task.kind {
            TaskKind::Pavlovian => t.trial_end_s,
            TaskKind::GoNoGo => t.response_close_s + t.outcome_delay_s + t.outcome_duration_s,
            _ => t.response_open_s + half_cycle + t.outcome_delay_s + t.outcome_duration_s,
        } + 0.5 * (t.iti_min_s + t.iti_max_s);
        ticks(self.binding.warmup_s + 0.5 * self.binding.warmup_jitter_s)
            + ticks(trial) * u64::from(self.task.trials)
    }

    /// An upper bound on the session's length in ticks (warm-up and every trial at its
    /// longest), a guard for drivers.
    pub fn max_ticks(&self) -> u64 {
        let t = &self.task.timing;
        let trial = t
            .trial_end_s
            .max(t.response_close_s + t.outcome_delay_s + t.outcome_duration_s)
            + t.iti_max_s
            + 1.0;
        ticks(self.binding.warmup_s + self.binding.warmup_jitter_s + 1.0)
            + ticks(trial) * u64::from(self.task.trials)
    }
}

/// Where a session's observations come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// The live processor, through the probe passed to [`Session::tick`].
    Live,
    /// A recorded stream of features, one per observation, replayed in order (cycling if the
    /// session outlasts it). The processor is not consulted; inputs are still computed.
    Replay(Vec<Features>),
    /// No processor: internal theta clock, no features.
    Internal,
}

/// One sample of the NT trace.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NtSample {
    /// Seconds since the first trial could start (after the warm-up).
    pub t_s: f64,
    /// Levels, [`Nt::ALL`] order.
    pub level: [f32; 4],
    /// Tonic baselines.
    pub tonic: [f32; 4],
}

/// The dopamine measurements of a running trial.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
struct DaTracker {
    resp: DaResponse,
}

/// A trial in progress.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
struct TrialRun {
    index: u32,
    plan: TrialPlan,
    phase: u32,
    onset: u64,
    window_open: u64,
    window_close: u64,
    choice: Option<(usize, u64)>,
    correct: Option<bool>,
    outcome_due: Option<u64>,
    expected_reward: u64,
    outcome: Option<(f64, u64)>,
    end_at: Option<u64>,
    da: DaTracker,
}

/// One agent doing one task on one processor (or a replay, or none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    params: SessionParams,
    source: Source,
    replay_pos: usize,
    task: Task,
    agent: Agent,
    task_rng: Xoshiro256PlusPlus,
    agent_rng: Xoshiro256PlusPlus,
    tick: u64,
    warmup_ticks: u64,
    obs_every: u64,
    clock: ThetaClock,
    features: Features,
    norm: FeatureNorm,
    fvec: Vec<f64>,
    encoding: bool,
    requested: ConsciousnessState,
    pulse: Option<Pulse>,
    trial: Option<TrialRun>,
    next_trial_at: u64,
    trials_started: u32,
    records: Vec<TrialRecord>,
    trace_every: Option<u64>,
    nt_trace: Vec<NtSample>,
    recorded: Vec<Features>,
    state_ticks: [u64; 5],
    transition_word: u16,
    windows: [u64; 3],
    done: bool,
    #[serde(default)]
    body: Option<Body>,
    #[serde(default)]
    body_trace: Vec<BodySample>,
}

fn seconds_after(t: u64, since: u64) -> f64 {
    t.saturating_sub(since) as f64 / TICK_HZ
}

impl Session {
    /// A session at its first tick.
    pub fn new(params: SessionParams, source: Source) -> Result<Self, ParamError> {
        params.validate()?;
        if let Source::Replay(v) = &source {
            if v.is_empty() {
                return Err(ParamError::new(
                    "replay",
                    "an empty stream",
                    "at least one observation",
                ));
            }
        }
        let task = Task::new(params.task.clone())?;
        let agent = Agent::new(
            params.agent,
            params.nt,
            params.circuits,
            params.modulation,
            task.n_cues(),
            task.n_actions(),
        )?;
        let subj = u64::from(params.subject);
        let mut b_rng = stream(params.seed, subj, BINDING_STREAM);
        let u = uniform(&mut b_rng);
        let phase = uniform(&mut b_rng);
        let warmup_ticks = match source {
            Source::Live => ticks(params.binding.warmup_s + u * params.binding.warmup_jitter_s),
            _ => 0,
        };
        let b = params.binding;
        Ok(Session {
            obs_every: b.observe_every_ticks(),
            norm: FeatureNorm::new(b.feature_tau_s, b.observe_every_s),
            task_rng: stream(params.seed, subj, TASK_STREAM),
            agent_rng: stream(params.seed, subj, AGENT_STREAM),
            trace_every: params.nt_trace_every_s.map(|s| ticks(s).max(1)),
            source,
            replay_pos: 0,
            task,
            agent,
            tick: 0,
            warmup_ticks,
            clock: ThetaClock::new(phase),
            features: Features::default(),
            fvec: Vec::new(),
            encoding: false,
            requested: b.arousal.mid_state,
            pulse: None,
            trial: None,
            next_trial_at: 0,
            trials_started: 0,
            records: Vec::new(),
            nt_trace: Vec::new(),
            recorded: Vec::new(),
            state_ticks: [0; 5],
            transition_word: phin_core::control::transition_ticks(b.arousal.transition_s).map_err(
                |e| ParamError::new("binding.arousal.transition_s", e.value, e.to_string()),
            )?,
            windows: [
                ticks(params.measure.response_window_s),
                ticks(params.measure.omission_before_s),
                ticks(params.measure.omission_after_s),
            ],
            done: false,
            body: match &params.body {
                Some(bp) => Some(Body::new(bp.clone(), params.seed, subj)?),
                None => None,
            },
            body_trace: Vec::new(),
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &SessionParams {
        &self.params
    }

    /// The agent.
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// The agent, mutably: for a part-2 loop that adds NT surges (never for its parameters).
    pub fn agent_mut(&mut self) -> &mut Agent {
        &mut self.agent
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// Every finished trial.
    pub fn records(&self) -> &[TrialRecord] {
        &self.records
    }

    /// The NT trace (empty unless asked for).
    pub fn nt_trace(&self) -> &[NtSample] {
        &self.nt_trace
    }

    /// The observed features (empty unless `record_features`).
    pub fn recorded_features(&self) -> &[Features] {
        &self.recorded
    }

    /// Ticks the session has run (warm-up included).
    pub fn ticks(&self) -> u64 {
        self.tick
    }

    /// Warm-up ticks before the first trial.
    pub fn warmup_ticks(&self) -> u64 {
        self.warmup_ticks
    }

    /// Ticks spent requesting each state (after the warm-up), by state code.
    pub fn state_ticks(&self) -> [u64; 5] {
        self.state_ticks
    }

    /// The body (None without one).
    pub fn body(&self) -> Option<&Body> {
        self.body.as_ref()
    }

    /// One body sample per second (if `nt_trace_every_s` is set; empty otherwise or without
    /// a body).
    pub fn body_trace(&self) -> &[BodySample] {
        &self.body_trace
    }

    /// Every trial is done.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The source.
    pub fn source(&self) -> &Source {
        &self.source
    }

    fn idle_inputs(&self) -> PhiNNeuralProcessorInputs {
        PhiNNeuralProcessorInputs::default()
    }

    fn gate(&self) -> bool {
        !self.params.binding.theta_gate || self.encoding
    }

    /// One 4 kHz tick: observe (the probe is used only in [`Source::Live`]), advance the
    /// transmitters, run the task's events, and return the processor's inputs for this tick.
    pub fn tick(&mut self, probe: Option<Probe<'_>>) -> PhiNNeuralProcessorInputs {
        let t = self.tick;
        self.tick += 1;
        if let Some(body) = &mut self.body {
            // The body's loop (every BODY_EVERY_TICKS) runs first; its drive reaches the
            // learner at the learner's next allostatic step and choice.
            if body.tick() {
                let s = *body.sample();
                self.agent.set_body_drive(s.drive);
                if self.trace_every.is_some() && t.is_multiple_of(TICK_HZ as u64) {
                    self.body_trace.push(s);
                }
            }
        }
        if t < self.warmup_ticks {
            return self.idle_inputs();
        }
        let ts = t - self.warmup_ticks;
        if self.done {
            return self.inputs(ts);
        }
        let b = self.params.binding;

        // 1. Observe.
        let mut onset = false;
        let observe_now = ts.is_multiple_of(self.obs_every);
        let internal = matches!(self.source, Source::Internal);
        if !internal && observe_now {
            let f = match &self.source {
                Source::Live => probe.map(|p| Features::from_probe(&p)),
                Source::Replay(v) => {
                    let f = v[self.replay_pos % v.len()];
                    self.replay_pos += 1;
                    Some(f)
                }
                Source::Internal => None,
            };
            if let Some(f) = f {
                if self.params.record_features {
                    self.recorded.push(f);
                }
                self.features = f;
                if b.features && self.params.agent.feature_rate > 0.0 {
                    self.norm.push(&f.vector(), &mut self.fvec);
                } else {
                    self.fvec.clear();
                }
                if b.theta_clock {
                    self.encoding = f.encoding;
                    onset = self.clock.observe(f.encoding);
                }
            }
        }
        if internal || !b.theta_clock {
            let (o, enc) = self.clock.internal_tick();
            onset = o;
            self.encoding = enc;
        }

        // 2. Transmitters.
        self.agent.tick();

        // 3. Task events.
        self.events(ts, onset);

        // 4. Arousal → requested state, at clock onsets.
        if onset && b.arousal_states {
            let a = self.agent.nt().effective(Nt::Ne);
            self.requested = b.arousal.request(a, self.requested);
        }
        self.state_ticks[self.requested.code() as usize] += 1;

        // 5. Measurement.
        self.measure(ts);
        if let Some(every) = self.trace_every {
            if ts.is_multiple_of(every) {
                let l = self.agent.nt().levels();
                self.nt_trace.push(NtSample {
                    t_s: ts as f64 / TICK_HZ,
                    level: l.level.map(|x| x as f32),
                    tonic: l.tonic.map(|x| x as f32),
                });
            }
        }

        // 6. Inputs.
        self.inputs(ts)
    }

    fn inputs(&self, ts: u64) -> PhiNNeuralProcessorInputs {
        let mut i = PhiNNeuralProcessorInputs::default();
        if self.params.binding.arousal_states {
            i.set_state(self.requested);
            i.transition_duration = self.transition_word;
        }
        if let Some(p) = &self.pulse {
            if ts < p.end {
                // The amplitude is validated to ±4, inside the port's range.
                let _ = i.set_sensory(p.sample(ts));
            }
        }
        i
    }

    fn events(&mut self, ts: u64, onset: bool) {
        // The feature vector is lent to the agent's calls and put back (no copy per tick).
        let fv = std::mem::take(&mut self.fvec);
        self.trial_events(ts, onset, &fv);
        self.fvec = fv;
    }

    fn trial_events(&mut self, ts: u64, onset: bool, fv: &[f64]) {
        let timing = self.params.task.timing;
        let kind = self.task.kind();
        // A trial starts.
        if self.trial.is_none() && ts >= self.next_trial_at {
            let index = self.trials_started;
            self.trials_started += 1;
            let plan = self.task.begin_trial(index, &mut self.task_rng);
            let (lo, hi) = self.task.outcome_range(plan.cue);
            let loss_scale = (hi - lo).max(1e-9);
            self.agent.cue_onset(plan.cue, loss_scale, fv);
            let expected = ts + ticks(timing.outcome_delay_s);
            let (outcome_due, end_at) = match kind {
                TaskKind::Pavlovian => (
                    if plan.omit { None } else { Some(expected) },
                    Some(ts + ticks(timing.trial_end_s)),
                ),
                TaskKind::GoNoGo => {
                    let due = ts + ticks(timing.response_close_s + timing.outcome_delay_s);
                    (Some(due), Some(due + ticks(timing.outcome_duration_s)))
                }
                _ => (None, None),
            };
            self.trial = Some(TrialRun {
                index,
                plan,
                phase: self.task.phase(),
                onset: ts,
                window_open: ts + ticks(timing.response_open_s),
                window_close: ts + ticks(timing.response_close_s),
                choice: None,
                correct: None,
                outcome_due,
                expected_reward: expected,
                outcome: None,
                end_at,
                da: DaTracker::default(),
            });
        }
        let Some(mut tr) = self.trial else {
            return;
        };
        let gate = self.gate();
        if onset && ts > tr.onset {
            self.agent.clock_step(fv, gate);
        }
        // The choice: at the first clock onset in the window, or when it closes.
        if tr.plan.has_choice
            && tr.choice.is_none()
            && ts >= tr.window_open
            && (onset || ts >= tr.window_close)
            && self.agent.stage() != Stage::Idle
        {
            let gng = kind == TaskKind::GoNoGo;
            let c = self
                .agent
                .choose(tr.plan.cue, gng, fv, gate, &mut self.agent_rng);
            tr.choice = Some((c.action, ts));
            tr.correct = self.task.best_action(tr.plan.cue).map(|b| b == c.action);
            if kind != TaskKind::GoNoGo {
                let due = ts + ticks(timing.outcome_delay_s);
                tr.outcome_due = Some(due);
                tr.end_at = Some(due + ticks(timing.outcome_duration_s));
            }
        }
        // The outcome.
        if let Some(due) = tr.outcome_due {
            if tr.outcome.is_none() && ts >= due {
                let action = tr.choice.map(|c| c.0);
                let r = self
                    .task
                    .outcome(tr.plan.cue, action, tr.plan.omit, &mut self.task_rng);
                let range = self.task.outcome_range(tr.plan.cue);
                self.agent.outcome(r, range, fv, gate);
                tr.outcome = Some((r, ts));
                let b = &self.params.binding;
                if b.outcome_pulses {
                    let tag = if r > 0.0 {
                        Some(b.pulses.win_tag)
                    } else if r < 0.0 {
                        Some(b.pulses.loss_tag)
                    } else {
                        b.pulses.neutral_tag
                    };
                    self.pulse = tag.map(|o| Pulse {
                        start: ts,
                        end: ts + ticks(timing.outcome_duration_s),
                        hz: o.nominal_hz(),
                        amplitude: b.pulses.amplitude,
                    });
                }
            }
        }
        // The end of the trial.
        if let Some(end) = tr.end_at {
            if ts >= end {
                self.agent.trial_end(fv, gate);
                let reversed = self.task.end_trial(tr.index, tr.correct);
                let rt = tr
                    .choice
                    .filter(|c| kind != TaskKind::GoNoGo || c.0 == crate::tasks::GO)
                    .map(|c| seconds_after(c.1, tr.window_open));
                let has_outcome = tr.outcome.is_some();
                self.records.push(TrialRecord {
                    subject: self.params.subject,
                    trial: tr.index + 1,
                    cue: tr.plan.cue,
                    choice: tr.choice.map(|c| c.0),
                    outcome: tr.outcome.map(|o| o.0).unwrap_or(0.0),
                    correct: tr.correct,
                    phase: tr.phase,
                    reversal_after: reversed,
                    omitted: tr.plan.omit,
                    rt_s: rt,
                    start_s: tr.onset as f64 / TICK_HZ,
                    da: Some(DaResponse {
                        outcome: if has_outcome { tr.da.resp.outcome } else { 0.0 },
                        ..tr.da.resp
                    }),
                });
                self.trial = None;
                self.next_trial_at = ts + ticks(tr.plan.iti_s);
                if self.trials_started >= self.params.task.trials {
                    self.done = true;
                }
                return;
            }
        }
        self.trial = Some(tr);
    }

    fn measure(&mut self, ts: u64) {
        let Some(tr) = self.trial.as_mut() else {
            return;
        };
        let da = self.agent.nt().phasic(Nt::Da);
        let [w, before, after] = self.windows;
        if ts >= tr.onset && ts <= tr.onset + w {
            tr.da.resp.cue = tr.da.resp.cue.max(da);
        }
        if let Some((_, at)) = tr.outcome {
            if ts >= at && ts <= at + w {
                tr.da.resp.outcome = tr.da.resp.outcome.max(da);
            }
        }
        if tr.plan.omit {
            let e = tr.expected_reward;
            let since = seconds_after(ts, tr.onset);
            if ts + before >= e && ts <= e + after && da < tr.da.resp.omission_dip {
                tr.da.resp.omission_dip = da;
                tr.da.resp.omission_dip_time_s = since;
            }
            if ts >= e && da < tr.da.resp.omission_dip_late {
                tr.da.resp.omission_dip_late = da;
                tr.da.resp.omission_dip_late_time_s = since;
            }
        }
    }
}

/// A session and its processor saved together at one tick: resuming gives the uninterrupted
/// session exactly (acceptance 7). The document is JSON: `{"format": "phin-biomind-session",
/// "version": 1, "session": …, "processor": <a phin-core checkpoint>}`.
pub struct SessionCheckpoint;

/// The `format` member of a session checkpoint.
pub const SESSION_FORMAT: &str = "phin-biomind-session";
/// The version this crate writes and reads.
pub const SESSION_VERSION: u64 = 1;

impl SessionCheckpoint {
    /// The checkpoint of `session` driving `processor` (after the same number of ticks).
    pub fn to_json(session: &Session, processor: &PhiNNeuralProcessor) -> String {
        let proc_json: serde_json::Value = serde_json::from_str(&processor.checkpoint().to_json())
            .unwrap_or(serde_json::Value::Null);
        let doc = serde_json::json!({
            "format": SESSION_FORMAT,
            "version": SESSION_VERSION,
            "session": session,
            "processor": proc_json,
        });
        doc.to_string()
    }

    /// The session and processor of a checkpoint, or the error naming what is wrong.
    pub fn from_json(s: &str) -> Result<(Session, PhiNNeuralProcessor), BiomindError> {
        let bad = |m: String| BiomindError::SessionCheckpoint(m);
        let v: serde_json::Value =
            serde_json::from_str(s).map_err(|e| bad(format!("not JSON: {e}")))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(SESSION_FORMAT) {
            return Err(bad(format!("format is not \"{SESSION_FORMAT}\"")));
        }
        match v.get("version").and_then(|f| f.as_u64()) {
            Some(SESSION_VERSION) => {}
            other => {
                return Err(bad(format!(
                    "version {other:?} is not supported (this phin reads {SESSION_VERSION})"
                )))
            }
        }
        let session: Session = serde_json::from_value(v["session"].clone())
            .map_err(|e| bad(format!("session: {e}")))?;
        session.params.validate()?;
        let p = phin_core::checkpoint::Checkpoint::from_json(&v["processor"].to_string())?;
        Ok((session, p.into_processor()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_internal(kind: TaskKind, trials: u32, seed: u64) -> Session {
        let mut p = SessionParams::new(TaskParams::for_kind(kind), seed, 1);
        p.task.trials = trials;
        let mut s = Session::new(p, Source::Internal).unwrap();
        while !s.is_done() {
            s.tick(None);
        }
        s
    }

    #[test]
    fn every_task_runs_its_trials_on_the_internal_clock() {
        for kind in TaskKind::ALL {
            let s = run_internal(kind, 12, 3);
            assert_eq!(s.records().len(), 12, "{kind}");
            for r in s.records() {
                assert_eq!(r.choice.is_some(), kind != TaskKind::Pavlovian, "{kind}");
            }
        }
    }

    #[test]
    fn the_reward_is_learned_and_the_cue_takes_the_dopamine() {
        let s = run_internal(TaskKind::Pavlovian, 100, 11);
        let r = s.records();
        let first = r[0].da.unwrap().outcome;
        let late: f64 = r[80..90].iter().map(|t| t.da.unwrap().outcome).sum::<f64>() / 10.0;
        let cue: f64 = r[80..90].iter().map(|t| t.da.unwrap().cue).sum::<f64>() / 10.0;
        assert!(first > 0.25, "{first}");
        assert!(late < 0.2 * first, "{late} vs {first}");
        assert!(cue > 0.5 * first, "{cue} vs {first}");
        let dip = r[90].da.unwrap().omission_dip;
        assert!(dip < -0.5 * first, "{dip}");
    }

    #[test]
    fn the_bandit_is_learned() {
        let s = run_internal(TaskKind::Bandit, 200, 5);
        let late = s.records()[100..]
            .iter()
            .filter(|r| r.correct == Some(true))
            .count();
        assert!(late > 70, "{late}");
    }

    #[test]
    fn bad_parameters_name_the_field() {
        let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 1, 1);
        p.binding.arousal.transition_s = 30.0;
        let e = Session::new(p, Source::Live).unwrap_err();
        assert_eq!(e.field, "binding.arousal.transition_s");
        let p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 1, 0);
        assert_eq!(Session::new(p, Source::Live).unwrap_err().field, "subject");
        assert_eq!("brain".parse::<Ablation>().unwrap_err().field, "ablate");
    }
}
