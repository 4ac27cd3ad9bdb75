//! The mind: every part-2 subsystem in one multi-rate loop on the processor's 4 kHz tick
//! (docs/biomind.md, part 2, "The loop").
//!
//! [`Mind::tick`] is called once per processor tick with a probe of the processor (the state
//! after the previous tick) and returns the processor's inputs for this tick. Within a tick the
//! stages run in the order of [`MindParams::order`] — by default [`DEFAULT_ORDER`] — each at its
//! own rate (every N ticks, counted from the first tick, all phases 0):
//!
//! | stage | every | what |
//! |---|---|---|
//! | [`Stage::Observe`] | 1 tick | theta window, CA3 learn event and pattern; every critic period also the observables (amplitudes, SR coherence, Kuramoto R) |
//! | [`Stage::Gate`] | 1 tick | thalamic gate writes the attended item into the hippocampal buffer in encoding windows; a CA3 learn event stores the buffer |
//! | [`Stage::Critic`] | 20 ticks (5 ms) | threat, override; on entering RETREAT an NE surge now and a state request |
//! | [`Stage::Nt`] | 1 tick | the part-1 NT system advances one tick |
//! | [`Stage::Affect`] | 40 ticks (10 ms) | appraisal → valence/arousal attractor dynamics |
//! | [`Stage::Workspace`] | 40 ticks (10 ms) | candidates (stimuli, the threat, the memory) compete; ignitions |
//! | [`Stage::Cognitive`] | 400 ticks (0.1 s) | PFC decision, memory recall from the attended item, arousal → requested state |
//! | [`Stage::Inputs`] | 1 tick | `state_select`, `transition_duration`, `sensory_input` |
//!
//! Why this order: the critic runs before the NT tick, the affect and the workspace, so a threat
//! raises NE, colours the affect and enters the workspace as salience in the same tick the critic
//! sees it (the blueprint's critic "bypasses the workspace", < 5 ms); the gate runs before
//! nothing that reads it this tick except the store, which must see the buffer of the current
//! window; the workspace runs before the cognitive stage so the PFC decides on this step's
//! contents; the inputs come last so the processor gets this tick's decisions. The blueprint
//! itself has two orders (its cycle runs the critic first, its pipeline runs it after the
//! qualia); this is the first. A test reorders the loop and shows that the same-cycle property
//! breaks.
//!
//! Scenarios ([`ScenarioKind`]): `threat` (quiet, an injected threat, quiet again),
//! `attentional-blink` (trials of two targets at a random lag in a stream of distractors, on the
//! full loop), `quiet` (nothing presented; the ten-minute no-threat test).

use crate::affect::{Affect, AffectNt, AffectParams};
use crate::binding::{ArousalMap, Features};
use crate::blink::StreamParams;
use crate::critic::{Critic, CriticOutput, CriticParams, Override};
use crate::error::{check_range, BiomindError, ParamError};
use crate::memory::{EpisodicStore, MemoryParams, ThalamicGate};
use crate::nt::{Imperatives, Nt, NtParams, NtSystem};
use crate::pfc::{Pfc, PfcParams, PfcState};
use crate::rng::{stream, uniform, Xoshiro256PlusPlus};
use crate::time::{ticks, TICK_HZ};
use crate::workspace::{CandidateInput, Workspace, WorkspaceParams};
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs, Probe};
use serde::{Deserialize, Serialize};

/// The stream of the workspace's noise.
pub const WORKSPACE_STREAM: u64 = 0x3057;
/// The stream of the affect's noise.
pub const AFFECT_STREAM: u64 = 0xAFEC;
/// The stream of the scenario (lags, item contents).
pub const SCENARIO_STREAM: u64 = 0x5CE0;

/// Workspace slot of the first target (and of the one stimulus of other scenarios).
pub const SLOT_T1: usize = 0;
/// Workspace slot of the second target.
pub const SLOT_T2: usize = 1;
/// First workspace slot of the stream's distractors.
pub const SLOT_DISTRACTOR: usize = 2;
/// Distractor slots.
pub const N_DISTRACTORS: usize = 4;
/// Workspace slot of the critic's threat representation.
pub const SLOT_THREAT: usize = 6;
/// Workspace slot of the hippocampal recall.
pub const SLOT_MEMORY: usize = 7;
/// Workspace slots.
pub const N_SLOTS: usize = 8;
/// Dimension of an item's content.
pub const ITEM_DIM: usize = 16;

/// One stage of the loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Read the probe.
    Observe,
    /// Thalamic gate and hippocampal storage.
    Gate,
    /// The subconscious critic.
    Critic,
    /// The NT system's tick.
    Nt,
    /// Affect.
    Affect,
    /// Global workspace.
    Workspace,
    /// PFC, memory recall, arousal.
    Cognitive,
    /// The processor's inputs.
    Inputs,
}

/// The documented order.
pub const DEFAULT_ORDER: [Stage; 8] = [
    Stage::Observe,
    Stage::Gate,
    Stage::Critic,
    Stage::Nt,
    Stage::Affect,
    Stage::Workspace,
    Stage::Cognitive,
    Stage::Inputs,
];

/// The scenario the mind lives through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioKind {
    /// Nothing is presented.
    Quiet,
    /// Quiet, then an injected threat, then quiet.
    Threat,
    /// Trials of two targets at random lags.
    AttentionalBlink,
}

impl std::str::FromStr for ScenarioKind {
    type Err = ParamError;
    fn from_str(s: &str) -> Result<Self, ParamError> {
        match s {
            "quiet" => Ok(ScenarioKind::Quiet),
            "threat" => Ok(ScenarioKind::Threat),
            "attentional-blink" => Ok(ScenarioKind::AttentionalBlink),
            _ => Err(ParamError::new(
                "scenario",
                s,
                "reversal, attentional-blink, threat, quiet",
            )),
        }
    }
}

/// The scenario's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScenarioParams {
    /// Which.
    pub kind: ScenarioKind,
    /// Threat: onset, s.
    pub threat_from_s: f64,
    /// Threat: end, s.
    pub threat_to_s: f64,
    /// Threat: the injected level.
    pub threat_level: f64,
    /// Blink: the stream.
    pub stream: StreamParams,
    /// Blink: the lags drawn from, s.
    pub lags_s: Vec<f64>,
    /// Amplitude of a presented item's frequency-tagged drive on `sensory_input` (scaled by
    /// the item's attention weight: the thalamic gate on the processor's input).
    pub drive_amplitude: f64,
}

impl Default for ScenarioParams {
    fn default() -> Self {
        ScenarioParams {
            kind: ScenarioKind::Quiet,
            threat_from_s: 5.0,
            threat_to_s: 10.0,
            threat_level: 1.0,
            stream: StreamParams::default(),
            lags_s: (1..=9).map(|k| f64::from(k) / 10.0).collect(),
            drive_amplitude: 1.0,
        }
    }
}

/// Every constant of the mind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MindParams {
    /// The run's seed.
    pub seed: u64,
    /// The scenario.
    #[serde(default)]
    pub scenario: ScenarioParams,
    /// The stage order (a permutation of the eight stages).
    #[serde(default = "default_order")]
    pub order: Vec<Stage>,
    /// The workspace.
    #[serde(default)]
    pub workspace: WorkspaceParams,
    /// The affect.
    #[serde(default)]
    pub affect: AffectParams,
    /// The critic.
    #[serde(default)]
    pub critic: CriticParams,
    /// Memory and thalamic gate.
    #[serde(default)]
    pub memory: MemoryParams,
    /// The PFC (its period is the cognitive loop's).
    #[serde(default)]
    pub pfc: PfcParams,
    /// The NT system (part 1's).
    #[serde(default)]
    pub nt: NtParams,
    /// Arousal → requested state (part 1's map).
    #[serde(default)]
    pub arousal: ArousalMap,
    /// Record a snapshot every this many workspace steps (0: none).
    #[serde(default)]
    pub log_every_steps: u64,
}

fn default_order() -> Vec<Stage> {
    DEFAULT_ORDER.to_vec()
}

impl MindParams {
    /// Defaults for `scenario`, seeded.
    pub fn new(kind: ScenarioKind, seed: u64) -> Self {
        MindParams {
            seed,
            scenario: ScenarioParams {
                kind,
                ..Default::default()
            },
            order: default_order(),
            workspace: WorkspaceParams::default(),
            affect: AffectParams::default(),
            critic: CriticParams::default(),
            memory: MemoryParams::default(),
            pfc: PfcParams::default(),
            nt: NtParams::default(),
            arousal: ArousalMap::default(),
            log_every_steps: 0,
        }
    }

    /// Checks every part.
    pub fn validate(&self) -> Result<(), ParamError> {
        self.workspace.validate()?;
        self.affect.validate()?;
        self.critic.validate()?;
        self.memory.validate()?;
        self.pfc.validate()?;
        self.nt.validate()?;
        let s = &self.scenario;
        check_range("scenario.threat_from_s", s.threat_from_s, 0.0, 1e6)?;
        check_range("scenario.threat_to_s", s.threat_to_s, s.threat_from_s, 1e6)?;
        check_range("scenario.threat_level", s.threat_level, 0.0, 1.0)?;
        check_range("scenario.drive_amplitude", s.drive_amplitude, 0.0, 4.0)?;
        s.stream.validate()?;
        if s.lags_s.is_empty() || s.lags_s.iter().any(|l| !(0.0..=10.0).contains(l)) {
            return Err(ParamError::new(
                "scenario.lags_s",
                format!("{:?}", s.lags_s),
                "1 or more lags in 0 … 10 s",
            ));
        }
        let mut o = self.order.clone();
        o.sort_by_key(|s| DEFAULT_ORDER.iter().position(|d| d == s));
        if o != DEFAULT_ORDER {
            return Err(ParamError::new(
                "order",
                format!("{:?}", self.order),
                "a permutation of the eight stages",
            ));
        }
        Ok(())
    }
}

/// An item presented to the mind from outside (a task's episode).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExternalItem {
    /// Its content (at most [`ITEM_DIM`] elements are used).
    pub content: Vec<f64>,
    /// Its sensory drive.
    pub input: f64,
    /// Its goal relevance.
    pub goal_relevance: f64,
    /// Its salience.
    pub salience: f64,
    /// Its coherence.
    pub coherence: f64,
}

/// One blink trial's record.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlinkTrial {
    /// Onset of T1, s.
    pub t1_s: f64,
    /// T2's lag, s.
    pub lag_s: f64,
    /// T1 entered the workspace.
    pub t1: bool,
    /// T2 entered the workspace.
    pub t2: bool,
}

/// The mind's state at one workspace step, for logging, plotting and checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MindSnapshot {
    /// Ticks since the start.
    pub tick: u64,
    /// Seconds since the start.
    pub t_s: f64,
    /// The processor's theta bin.
    pub theta_bin: u8,
    /// The processor's CA3 input pattern.
    pub ca3_pattern: u8,
    /// NT levels (DA, NE, 5-HT, ACh).
    pub nt: [f64; 4],
    /// The critic's last cycle.
    pub critic: CriticOutput,
    /// Valence.
    pub valence: f64,
    /// Arousal.
    pub arousal: f64,
    /// The affect's attractor.
    pub attractor: usize,
    /// The normal form's q.
    pub q: f64,
    /// The control parameter μ.
    pub mu: f64,
    /// Workspace members.
    pub members: Vec<usize>,
    /// Every slot's workspace activation.
    pub activation: Vec<f64>,
    /// Slots that ignited this step.
    pub ignited: Vec<usize>,
    /// The PFC's last decision.
    pub pfc: PfcState,
    /// Episodes in the store.
    pub episodes: usize,
    /// CA3 learn events seen.
    pub learn_events: u64,
    /// The requested processor state.
    pub state: u8,
}

/// The mind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mind {
    params: MindParams,
    tick: u64,
    nt: Option<NtSystem>,
    external: Option<ExternalItem>,
    nt_levels: [f64; 4],
    workspace: Workspace,
    affect: Affect,
    critic: Critic,
    gate: ThalamicGate,
    store: EpisodicStore,
    pfc: Pfc,
    ws_rng: Xoshiro256PlusPlus,
    affect_rng: Xoshiro256PlusPlus,
    scen_rng: Xoshiro256PlusPlus,
    every: [u64; 4],
    // observations of this tick
    encoding: bool,
    theta_bin: u8,
    learning: bool,
    pattern: u8,
    observables: Vec<f64>,
    // decisions
    inputs: Vec<CandidateInput>,
    last_ignited: Vec<usize>,
    requested: ConsciousnessState,
    transition_word: u16,
    contents: Vec<Vec<f64>>,
    recall_similarity: f64,
    // scenario
    trial_start: u64,
    trial_lag: f64,
    trial_end: u64,
    trial_hits: [bool; 2],
    trial_inputs: [f64; 2],
    trials: Vec<BlinkTrial>,
    ignitions: Vec<(u64, usize)>,
    log: Vec<MindSnapshot>,
    retreat_tick: Option<u64>,
    threat_salience_tick: Option<u64>,
}

/// The critic's observables: the part-1 features and the Kuramoto order parameter.
pub fn observables(p: &Probe<'_>) -> Vec<f64> {
    let mut v = Features::from_probe(p).vector().to_vec();
    v.push(p.kuramoto_r().to_f64());
    v
}

impl Mind {
    /// A mind at its first tick.
    pub fn new(params: MindParams) -> Result<Self, ParamError> {
        params.validate()?;
        let seed = params.seed;
        let mut scen_rng = stream(seed, 0, SCENARIO_STREAM);
        let contents = (0..N_SLOTS)
            .map(|_| {
                (0..ITEM_DIM)
                    .map(|_| {
                        if uniform(&mut scen_rng) < 0.5 {
                            -1.0
                        } else {
                            1.0
                        }
                    })
                    .collect()
            })
            .collect();
        Ok(Mind {
            tick: 0,
            nt: Some(NtSystem::new(params.nt)?),
            external: None,
            nt_levels: [0.0; 4],
            workspace: Workspace::new(params.workspace, N_SLOTS)?,
            affect: Affect::new(params.affect.clone())?,
            critic: Critic::new(params.critic, crate::binding::N_FEATURES + 1)?,
            gate: ThalamicGate::default(),
            store: EpisodicStore::new(params.memory)?,
            pfc: Pfc::new(params.pfc)?,
            ws_rng: stream(seed, 0, WORKSPACE_STREAM),
            affect_rng: stream(seed, 0, AFFECT_STREAM),
            scen_rng,
            every: [
                params.critic.step_ticks(),
                params.affect.step_ticks(),
                params.workspace.step_ticks(),
                params.pfc.step_ticks(),
            ],
            encoding: false,
            theta_bin: 0,
            learning: false,
            pattern: 0,
            observables: Vec::new(),
            inputs: vec![CandidateInput::default(); N_SLOTS],
            last_ignited: Vec::new(),
            requested: params.arousal.mid_state,
            transition_word: phin_core::control::transition_ticks(params.arousal.transition_s)
                .map_err(|e| ParamError::new("arousal.transition_s", e.value, e.to_string()))?,
            contents,
            recall_similarity: 0.0,
            trial_start: 0,
            trial_lag: 0.0,
            trial_end: 0,
            trial_hits: [false; 2],
            trial_inputs: [0.0; 2],
            trials: Vec::new(),
            ignitions: Vec::new(),
            log: Vec::new(),
            retreat_tick: None,
            threat_salience_tick: None,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &MindParams {
        &self.params
    }

    /// Ticks run.
    pub fn ticks(&self) -> u64 {
        self.tick
    }

    /// The mind's own NT system (a task run uses the learner's instead, see
    /// [`Mind::tick_with`]).
    pub fn nt(&self) -> &NtSystem {
        self.nt
            .as_ref()
            .expect("the NT system is only out during a tick")
    }

    /// Presents an item from outside (a task's episode) in the first stimulus slot, until
    /// replaced or withdrawn with None.
    pub fn present(&mut self, item: Option<ExternalItem>) {
        self.external = item;
    }

    /// The workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The affect.
    pub fn affect(&self) -> &Affect {
        &self.affect
    }

    /// The critic.
    pub fn critic(&self) -> &Critic {
        &self.critic
    }

    /// The episodic store.
    pub fn store(&self) -> &EpisodicStore {
        &self.store
    }

    /// The PFC.
    pub fn pfc(&self) -> &Pfc {
        &self.pfc
    }

    /// The finished blink trials.
    pub fn blink_trials(&self) -> &[BlinkTrial] {
        &self.trials
    }

    /// Every ignition: (tick, slot).
    pub fn ignitions(&self) -> &[(u64, usize)] {
        &self.ignitions
    }

    /// The recorded snapshots.
    pub fn log(&self) -> &[MindSnapshot] {
        &self.log
    }

    /// The requested processor state.
    pub fn requested(&self) -> ConsciousnessState {
        self.requested
    }

    /// The first tick at which the critic entered RETREAT.
    pub fn retreat_tick(&self) -> Option<u64> {
        self.retreat_tick
    }

    /// The first tick at which the threat reached the workspace as salience.
    pub fn threat_salience_tick(&self) -> Option<u64> {
        self.threat_salience_tick
    }

    /// The threat injected at tick `t` by the scenario.
    pub fn injected_threat(&self, t: u64) -> f64 {
        let s = &self.params.scenario;
        let ts = t as f64 / TICK_HZ;
        if s.kind == ScenarioKind::Threat && ts >= s.threat_from_s && ts < s.threat_to_s {
            s.threat_level
        } else {
            0.0
        }
    }

    /// A prediction error from a task (its sign counts: a run of negative ones raises the
    /// critic's threat).
    pub fn critic_prediction_error(&mut self, rpe: f64) {
        self.critic.prediction_error(rpe);
    }

    /// Tells the critic that the processor's state request changed for a reason the mind knows
    /// (a task's arousal map): anomaly scoring pauses for one warm-up.
    pub fn efference_copy(&mut self) {
        self.critic.efference_copy();
    }

    /// The snapshot of now.
    pub fn snapshot(&self) -> MindSnapshot {
        MindSnapshot {
            tick: self.tick,
            t_s: self.tick as f64 / TICK_HZ,
            theta_bin: self.theta_bin,
            ca3_pattern: self.pattern,
            nt: self.nt_levels,
            critic: self.critic.last(),
            valence: self.affect.valence(),
            arousal: self.affect.arousal(),
            attractor: self.affect.current(),
            q: self.affect.q(),
            mu: self.affect.mu(),
            members: self.workspace.members(),
            activation: self
                .workspace
                .candidates()
                .iter()
                .map(|c| c.activation)
                .collect(),
            ignited: self.last_ignited.clone(),
            pfc: self.pfc.state(),
            episodes: self.store.episodes().len(),
            learn_events: self.store.events(),
            state: self.requested.code(),
        }
    }

    /// One 4 kHz tick: the stages in order, each at its rate; returns the processor's inputs.
    pub fn tick(&mut self, probe: Option<Probe<'_>>) -> PhiNNeuralProcessorInputs {
        self.tick_with(probe, None)
    }

    /// One tick with an external NT system (a part-1 learner's, which its session ticks): the
    /// mind reads and surges that one and skips its own [`Stage::Nt`].
    pub fn tick_with(
        &mut self,
        probe: Option<Probe<'_>>,
        ext: Option<&mut NtSystem>,
    ) -> PhiNNeuralProcessorInputs {
        let t = self.tick;
        let order = std::mem::take(&mut self.params.order);
        let mut own = self
            .nt
            .take()
            .expect("the NT system is only out during a tick");
        let external = ext.is_some();
        let nt: &mut NtSystem = match ext {
            Some(e) => e,
            None => &mut own,
        };
        let mut out = PhiNNeuralProcessorInputs::default();
        for s in &order {
            match s {
                Stage::Observe => self.observe(t, probe.as_ref()),
                Stage::Gate => self.gate_stage(t),
                Stage::Critic => {
                    if t.is_multiple_of(self.every[0]) {
                        self.critic_stage(t, nt)
                    }
                }
                Stage::Nt => {
                    if !external {
                        nt.tick()
                    }
                }
                Stage::Affect => {
                    if t.is_multiple_of(self.every[1]) {
                        self.affect_stage(nt)
                    }
                }
                Stage::Workspace => {
                    if t.is_multiple_of(self.every[2]) {
                        self.nt_levels = nt.levels().level;
                        self.workspace_stage(t)
                    }
                }
                Stage::Cognitive => {
                    if t.is_multiple_of(self.every[3]) {
                        self.cognitive_stage(nt)
                    }
                }
                Stage::Inputs => out = self.inputs_stage(t),
            }
        }
        self.nt_levels = nt.levels().level;
        self.nt = Some(own);
        self.params.order = order;
        self.tick += 1;
        out
    }

    fn observe(&mut self, t: u64, probe: Option<&Probe<'_>>) {
        let Some(p) = probe else {
            // No processor: an internal theta window at the nominal frequency, no events.
            let phase = (t as f64 * phin_core::identity::THETA_HZ / TICK_HZ).fract();
            self.encoding = phase < 0.5;
            self.theta_bin = (phase * 8.0) as u8;
            self.learning = false;
            return;
        };
        let th = p.theta();
        self.encoding = th.encoding;
        self.theta_bin = th.bin.code();
        self.learning = p.ca3().learning;
        self.pattern = p.cortical_pattern();
        if t.is_multiple_of(self.every[0]) {
            self.observables = observables(p);
        }
    }

    fn attended_item(&self) -> Option<(usize, f64)> {
        // The present stimulus with the largest attention weight.
        let c = self.workspace.candidates();
        (0..SLOT_THREAT)
            .filter(|i| self.inputs[*i].present && self.inputs[*i].input > 0.0)
            .map(|i| (i, c[i].alpha))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    fn gate_stage(&mut self, t: u64) {
        let item = self.attended_item();
        let content = item.map(|(i, _)| self.contents[i].clone());
        self.gate.tick(
            &self.params.memory,
            self.encoding,
            content.as_deref(),
            item.map(|x| x.1).unwrap_or(0.0),
        );
        if self.learning {
            self.store.learn_event(&self.gate, self.pattern, t);
        }
    }

    fn critic_stage(&mut self, t: u64, nt: &mut NtSystem) {
        let injected = self.injected_threat(t);
        let before = self.critic.last().decision;
        // The allostatic load is the NT system's stress load (a task's learner sets it from its
        // integrated aversive error; 0 without one).
        let load = nt.stress_load().min(1.0);
        let out = self.critic.cycle(&self.observables, load, injected);
        if out.ne_surge > 0.0 {
            nt.impulse(Nt::Ne, out.ne_surge);
        }
        nt.set_imperatives(&Imperatives::from_world(0.0, 0.0, 0.0, out.acute));
        if out.decision == Override::Retreat
            && before != Override::Retreat
            && self.retreat_tick.is_none()
        {
            self.retreat_tick = Some(t);
        }
        if let Some(s) = out.state_request {
            if s != self.requested {
                self.requested = s;
                self.critic.efference_copy();
            }
        }
    }

    fn affect_stage(&mut self, nt: &NtSystem) {
        let threat = self.critic.last().acute;
        let ne = nt.effective(Nt::Ne);
        let appraisal = (
            -threat,
            (0.3 + 0.6 * threat + 0.3 * (ne - 0.5)).clamp(0.0, 1.0),
        );
        let levels = AffectNt {
            ne,
            serotonin: nt.effective(Nt::Serotonin),
        };
        self.affect.step(appraisal, levels, &mut self.affect_rng);
    }

    fn scenario_inputs(&mut self, t: u64) {
        let sc = self.params.scenario.clone();
        for x in self.inputs.iter_mut().take(SLOT_THREAT) {
            *x = CandidateInput::default();
        }
        if let Some(x) = &self.external {
            self.contents[SLOT_T1] = x.content.clone();
            self.inputs[SLOT_T1] = CandidateInput {
                present: true,
                goal_relevance: x.goal_relevance,
                salience: x.salience,
                coherence: x.coherence,
                input: x.input,
                forced: false,
                maintained: false,
            };
        }
        if sc.kind != ScenarioKind::AttentionalBlink {
            return;
        }
        let st = sc.stream;
        let dt = self.params.workspace.step_s;
        if t >= self.trial_end {
            if self.trial_end > 0 {
                self.trials.push(BlinkTrial {
                    t1_s: self.trial_start as f64 / TICK_HZ,
                    lag_s: self.trial_lag,
                    t1: self.trial_hits[0],
                    t2: self.trial_hits[1],
                });
            }
            let k = ((uniform(&mut self.scen_rng) * sc.lags_s.len() as f64) as usize)
                .min(sc.lags_s.len() - 1);
            self.trial_lag = sc.lags_s[k];
            self.trial_start = t;
            self.trial_end = t + ticks(self.trial_lag + st.tail_s);
            self.trial_hits = [false; 2];
            self.trial_inputs = [
                st.draw_input(&mut self.scen_rng),
                st.draw_input(&mut self.scen_rng),
            ];
            // The trial's targets are new items in their slots.
            self.workspace.replace_candidate(SLOT_T1);
            self.workspace.replace_candidate(SLOT_T2);
        }
        let ts = (t - self.trial_start) as f64 / TICK_HZ;
        for (j, (slot, at)) in [(SLOT_T1, 0.0), (SLOT_T2, self.trial_lag)]
            .into_iter()
            .enumerate()
        {
            if ts >= at - 1e-9 {
                self.inputs[slot] = CandidateInput {
                    present: true,
                    goal_relevance: st.target_relevance,
                    salience: 0.0,
                    coherence: st.coherence,
                    input: if ts < at + st.stimulus_s - dt * 1e-3 {
                        self.trial_inputs[j]
                    } else {
                        0.0
                    },
                    forced: false,
                    maintained: false,
                };
            }
        }
        for d in 0..N_DISTRACTORS.min(st.distractors) {
            self.inputs[SLOT_DISTRACTOR + d] = CandidateInput {
                present: true,
                goal_relevance: st.distractor_relevance,
                salience: 0.0,
                coherence: st.coherence,
                input: st.distractor_input,
                forced: false,
                maintained: false,
            };
        }
    }

    fn workspace_stage(&mut self, t: u64) {
        self.scenario_inputs(t);
        let c = self.critic.last();
        self.inputs[SLOT_THREAT] = CandidateInput {
            present: c.acute > 0.1,
            goal_relevance: 0.0,
            salience: c.acute,
            coherence: 0.9,
            input: 1.5 * c.acute,
            forced: false,
            maintained: false,
        };
        if c.acute > 0.1 && self.threat_salience_tick.is_none() {
            self.threat_salience_tick = Some(t);
        }
        self.inputs[SLOT_MEMORY] = CandidateInput {
            present: self.recall_similarity > 0.5,
            goal_relevance: 0.5 * self.recall_similarity,
            salience: 0.0,
            coherence: self.recall_similarity,
            input: self.recall_similarity,
            forced: false,
            maintained: false,
        };
        let cands = self.workspace.candidates().to_vec();
        self.pfc.apply(&cands, &mut self.inputs);
        let ev = self.workspace.step(&self.inputs, &mut self.ws_rng);
        for i in &ev.ignited {
            self.ignitions.push((t, *i));
            if *i == SLOT_T1 {
                self.trial_hits[0] = true;
            }
            if *i == SLOT_T2 {
                self.trial_hits[1] = true;
            }
        }
        self.last_ignited = ev.ignited;
        let every = self.params.log_every_steps;
        if every > 0 && self.workspace.steps().is_multiple_of(every) {
            self.log.push(self.snapshot());
        }
    }

    fn cognitive_stage(&mut self, nt: &NtSystem) {
        let cands = self.workspace.candidates().to_vec();
        self.pfc
            .decide(&cands, &self.inputs, self.params.workspace.capacity);
        // Recall from half of the attended item (a partial cue).
        self.recall_similarity = match self.attended_item() {
            Some((i, _)) => {
                let known: Vec<bool> = (0..ITEM_DIM).map(|k| k % 2 == 0).collect();
                self.store
                    .recall(&self.contents[i], &known)
                    .map(|(_, s)| s.max(0.0))
                    .unwrap_or(0.0)
            }
            None => 0.0,
        };
        if self.critic.last().decision != Override::Retreat {
            let a = nt.effective(Nt::Ne);
            let s = self.params.arousal.request(a, self.requested);
            if s != self.requested {
                self.requested = s;
                self.critic.efference_copy();
            }
        }
    }

    fn inputs_stage(&mut self, t: u64) -> PhiNNeuralProcessorInputs {
        let mut i = PhiNNeuralProcessorInputs::default();
        i.set_state(self.requested);
        i.transition_duration = self.transition_word;
        // A presented item drives the processor at sensory L4's frequency, scaled by its
        // attention weight (the thalamic gate on the processor's input).
        let c = self.workspace.candidates();
        let drive: f64 = (0..SLOT_THREAT)
            .filter(|k| self.inputs[*k].present && self.inputs[*k].input > 0.0)
            .map(|k| c[k].alpha.clamp(0.0, 1.0))
            .fold(0.0, f64::max);
        if drive > 0.0 {
            let hz = Oscillator::Cortex(Column::Sensory, Layer::L4).nominal_hz();
            let s = t as f64 / TICK_HZ;
            let v = self.params.scenario.drive_amplitude
                * drive
                * (std::f64::consts::TAU * hz * s).sin();
            let _ = i.set_sensory(v);
        }
        i
    }
}

/// Runs `mind` on `processor` for `n` ticks, calling `progress(ticks_done)` every 40 000 ticks.
pub fn drive(
    mind: &mut Mind,
    processor: &mut PhiNNeuralProcessor,
    n: u64,
    progress: &mut dyn FnMut(u64),
) {
    for k in 0..n {
        let inputs = mind.tick(Some(processor.probe()));
        processor.tick(&inputs);
        if (k + 1).is_multiple_of(40_000) {
            progress(k + 1);
        }
    }
}

/// A mind and its processor saved together at one tick. The document is JSON:
/// `{"format": "phin-biomind-mind", "version": 1, "mind": …, "processor": <a phin-core
/// checkpoint>}`.
pub struct MindCheckpoint;

/// The `format` member of a mind checkpoint.
pub const MIND_FORMAT: &str = "phin-biomind-mind";
/// The version this crate writes and reads.
pub const MIND_VERSION: u64 = 1;

impl MindCheckpoint {
    /// The checkpoint of `mind` driving `processor`.
    pub fn to_json(mind: &Mind, processor: &PhiNNeuralProcessor) -> String {
        let proc_json: serde_json::Value = serde_json::from_str(&processor.checkpoint().to_json())
            .unwrap_or(serde_json::Value::Null);
        serde_json::json!({
            "format": MIND_FORMAT,
            "version": MIND_VERSION,
            "mind": mind,
            "processor": proc_json,
        })
        .to_string()
    }

    /// The mind and processor of a checkpoint, or the error naming what is wrong.
    pub fn from_json(s: &str) -> Result<(Mind, PhiNNeuralProcessor), BiomindError> {
        let bad = |m: String| BiomindError::SessionCheckpoint(m);
        let v: serde_json::Value =
            serde_json::from_str(s).map_err(|e| bad(format!("not JSON: {e}")))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(MIND_FORMAT) {
            return Err(bad(format!("format is not \"{MIND_FORMAT}\"")));
        }
        if v.get("version").and_then(|f| f.as_u64()) != Some(MIND_VERSION) {
            return Err(bad(format!("version is not {MIND_VERSION}")));
        }
        let mind: Mind =
            serde_json::from_value(v["mind"].clone()).map_err(|e| bad(format!("mind: {e}")))?;
        mind.params.validate()?;
        let p = phin_core::checkpoint::Checkpoint::from_json(&v["processor"].to_string())?;
        Ok((mind, p.into_processor()))
    }
}
