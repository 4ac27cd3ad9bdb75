//! The conductor: everything above, running beside a live processor on its 4 kHz tick.
//!
//! A [`Conductor`] is called once before every processor tick with a probe of the processor
//! and returns the processor's inputs for that tick ([`Conductor::tick`]); it is the state of
//! a closed loop on [`ProcessorBatch::par_drive`], so many conductors run in parallel, each
//! with its own processor. Inside one tick the order is fixed:
//!
//! 1. faults due at this tick are injected;
//! 2. every tick: the software layers step (reading their reference oscillator), the steering
//!    loop reads its target and computes this tick's drive;
//! 3. every `coherence.sample_ticks` (8): the seven layers' phases are sampled, the coherence
//!    monitor and the locked relations are updated, the desynchronisation detector is checked;
//! 4. every meso period (40 ticks, 10 ms): neurotransmitter events fall due; S, C and the
//!    attention focus are formed; the network and its chance-level shadow take one routing
//!    step (traffic enters after the warm-up); the other three detectors are checked and the
//!    recoveries act; the metrics are sampled;
//! 5. every macro period (400 ticks, 100 ms): the gradual processes (chemical restoration,
//!    attention restoration, flow-factor restoration, success forgetting) take a step and
//!    the series are recorded;
//! 6. every meta period (4000 ticks, 1 s): the flow matrix of the last second is recorded;
//! 7. the inputs of this tick: the state, and the steering drive on its port.
//!
//! **Chance levels.** Every metric is reported beside a chance level: the synchronisation
//! quality beside the surrogate and clock-control coherence (see [`crate::coherence`]) and,
//! for the document's Σ|cos Δφ| form, beside 2/π; the flow efficiency, hop pass rate, latency
//! and stability beside those of a *shadow network*: the same network, fed the same messages
//! and faults, whose S is the surrogate chance level of each pair instead of its measured
//! coherence — what the routing would do if the layers were no more synchronised than
//! chance.
//!
//! ```
//! use phin_conductor::conductor::{run, ConductorParams};
//!
//! let report = run(&ConductorParams::default(), 6.0, |_, _| {}).unwrap();
//! let m = &report.metrics;
//! // Different bands of the processor do not lock: the mean n:m coherence over the 21
//! // pairs is reported with its chance level …
//! println!("sync quality {:.3} (chance {:.3})", m.sync_quality.value, m.sync_quality.chance);
//! // … and the document's Σ|cos Δφ| reads about 2/π for unlocked layers.
//! assert!((m.document_sync_quality.value - m.document_sync_quality.chance).abs() < 0.1);
//! assert!(report.counters.sent > 0);
//! ```

use crate::chemistry::{Chemistry, ChemistryParams, Release};
use crate::coherence::{CoherenceMonitor, CoherenceParams, Cx, PairSummary};
use crate::error::{check_range, ConductorError, Result};
use crate::failure::{Alarm, DetectorParams, FailureMode, Fault, FaultKind, FaultOutcome};
use crate::flow::{attenuation, flow_rate, layer_distance, FlowMatrix, MatrixProperties};
use crate::layers::{ConductorLayer, LayerMap, LayerSource, SoftwareLayer};
use crate::network::{Counters, Network, NetworkParams, StepInputs, TrafficStream};
use crate::steering::{
    calibrate_lag, LoopMode, LoopSample, LoopStats, PhaseSteerer, SteeringParams,
};
use crate::time::{decay_factor, seconds, ticks, MACRO_TICKS, MESO_TICKS, META_TICKS};
use phin_core::batch::ProcessorBatch;
use phin_core::identity::ConsciousnessState;
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
use phin_core::Probe;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::f64::consts::FRAC_2_PI;

/// What S is in the flow equation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncMeasure {
    /// The windowed n:m coherence (the default; see [`crate::coherence`]).
    NmCoherence,
    /// The document's cos(φ₁ − φ₂) at the last phase sample (kept to show why not).
    RawCos,
}

/// Every constant of a conductor run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConductorParams {
    /// Seed of every random draw (traffic, surrogate lags, reference drift).
    pub seed: u64,
    /// The processor's consciousness state.
    pub state: ConsciousnessState,
    /// The processor's build parameters.
    pub processor: PhiNNeuralProcessorParams,
    /// The seven layers' sources.
    pub layers: LayerMap,
    /// How S is measured.
    pub coherence: CoherenceParams,
    /// Which S gates the flow.
    pub sync_measure: SyncMeasure,
    /// The chemical state.
    pub chemistry: ChemistryParams,
    /// Scheduled releases.
    pub releases: Vec<Release>,
    /// The attention focus with a single focus: 1.0 (the document's `attentionFocus`).
    pub attention_focus: f64,
    /// The routing network.
    pub network: NetworkParams,
    /// The message streams.
    pub traffic: Vec<TrafficStream>,
    /// A steering loop on the processor (`None`: no drive at all).
    pub steering: Option<SteeringParams>,
    /// Seconds after the start of the steering loop before its error statistics are taken.
    pub steering_settle_s: f64,
    /// Seconds of the open-loop calibration of the steering lead (when not given).
    pub calibration_s: f64,
    /// The detectors.
    pub detectors: DetectorParams,
    /// Whether the recoveries act (false: the detectors only raise).
    pub recovery: bool,
    /// Faults to inject.
    pub faults: Vec<Fault>,
    /// Seconds before traffic enters and metrics count: 3 (the coherence window plus the
    /// longest surrogate lag).
    pub warmup_s: f64,
    /// Keep the traces (steering per loop period, series per 100 ms, flows per second).
    pub record: bool,
}

impl Default for ConductorParams {
    fn default() -> Self {
        ConductorParams {
            seed: 1,
            state: ConsciousnessState::Normal,
            processor: PhiNNeuralProcessorParams::DEFAULT,
            layers: LayerMap::default(),
            coherence: CoherenceParams::default(),
            sync_measure: SyncMeasure::NmCoherence,
            chemistry: ChemistryParams::default(),
            releases: Vec::new(),
            attention_focus: 1.0,
            network: NetworkParams::default(),
            traffic: vec![TrafficStream::default()],
            steering: Some(SteeringParams::default()),
            steering_settle_s: 2.0,
            calibration_s: 6.0,
            detectors: DetectorParams::default(),
            recovery: true,
            faults: Vec::new(),
            warmup_s: 3.0,
            record: true,
        }
    }
}

impl ConductorParams {
    /// Checks every field, naming the first bad one by its path.
    pub fn validate(&self) -> Result<()> {
        self.layers.validate("layers")?;
        self.coherence.validate("coherence")?;
        self.chemistry.validate("chemistry")?;
        for (k, r) in self.releases.iter().enumerate() {
            r.validate(&format!("releases[{k}]"))?;
        }
        check_range("attention_focus", self.attention_focus, 0.0, 1.0)?;
        self.network.validate("network")?;
        for (k, t) in self.traffic.iter().enumerate() {
            t.validate(&format!("traffic[{k}]"))?;
        }
        if let Some(s) = &self.steering {
            s.validate("steering")?;
        }
        check_range("steering_settle_s", self.steering_settle_s, 0.0, 1e6)?;
        check_range("calibration_s", self.calibration_s, 0.5, 3600.0)?;
        self.detectors.validate("detectors")?;
        for (k, f) in self.faults.iter().enumerate() {
            f.validate(&format!("faults[{k}]"))?;
        }
        check_range("warmup_s", self.warmup_s, 0.0, 1e6)?;
        Ok(())
    }
}

/// A figure beside its chance level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Beside {
    /// The figure (NaN when undefined, e.g. no message finished).
    pub value: f64,
    /// Its chance level.
    pub chance: f64,
    /// What the chance level is.
    pub baseline: String,
}

impl Beside {
    fn new(value: Option<f64>, chance: Option<f64>, baseline: &str) -> Self {
        Beside {
            value: value.unwrap_or(f64::NAN),
            chance: chance.unwrap_or(f64::NAN),
            baseline: baseline.to_string(),
        }
    }
}

/// The document's four coordination metrics ("Coordination Performance Metrics"), each beside
/// its chance level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Delivered / finished messages; chance: the shadow network.
    pub flow_efficiency: Beside,
    /// Transmissions / attempts; chance: the shadow network.
    pub hop_pass_rate: Beside,
    /// Mean n:m coherence over the 21 pairs (the replacement of the document's Σ|cos|);
    /// chance: the time-shift surrogates.
    pub sync_quality: Beside,
    /// The same mean coherence beside the clock control.
    pub sync_quality_control: Beside,
    /// The document's Σ|cos(φᵢ − φⱼ)| / (N(N−1)/2); chance: 2/π, its value for unrelated
    /// phases (the document says "~0.0").
    pub document_sync_quality: Beside,
    /// Mean end-to-end latency of delivered messages, seconds; chance: the shadow network.
    pub latency_s: Beside,
    /// Delivered messages per latency class (reflexive < 0.1 s, conscious, deliberative >
    /// 0.5 s), and the shadow's.
    pub latency_classes: [u64; 3],
    /// The shadow's latency classes.
    pub latency_classes_chance: [u64; 3],
    /// The document's 1 − variance of the flow rates over time (mean over the edges of the
    /// variance of each edge's reference flow rate, per routing step); chance: the same with
    /// S at its surrogate level.
    pub stability: Beside,
}

/// One second of flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlowFrame {
    /// End of the second, seconds from the start.
    pub t_s: f64,
    /// Messages transmitted along each edge (`[from][to]`).
    pub transmissions: [[u32; 7]; 7],
    /// Mean reference flow rate R of each edge (P = 1, complexity 0.5), 0 off the graph.
    pub rate: [[f64; 7]; 7],
}

/// One record of the slow series (every 100 ms).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// Seconds from the start.
    pub t_s: f64,
    /// Mean n:m coherence over the 21 pairs.
    pub sync: f64,
    /// Its surrogate chance level.
    pub sync_chance: f64,
    /// Mean locking of the locked relations (the desynchronisation metric).
    pub relations: f64,
    /// The chemical modifier C.
    pub c: f64,
    /// The attention focus.
    pub focus: f64,
    /// The largest layer load.
    pub max_load: f64,
}

/// The steering loop's outcome within a conductor run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SteeringSummary {
    /// The loop's parameters.
    pub params: SteeringParams,
    /// The feed-forward lead used, degrees.
    pub lead_deg: f64,
    /// Seconds from the loop's start before the error statistics are taken.
    pub settle_s: f64,
    /// Circular mean error after settling, degrees.
    pub mean_error_deg: f64,
    /// Circular spread after settling, degrees.
    pub spread_deg: f64,
    /// Lock time from the start, seconds.
    pub lock_time_s: Option<f64>,
    /// Fraction of 100 ms windows within the tolerance after settling.
    pub locked_fraction: f64,
    /// Every loop period (empty unless recording).
    pub trace: Vec<LoopSample>,
}

/// One layer's source in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerEntry {
    /// The layer.
    pub layer: ConductorLayer,
    /// The document's frequency, Hz.
    pub document_hz: f64,
    /// Where its rhythm comes from.
    pub source: LayerSource,
    /// The frequency it runs at, Hz.
    pub hz: f64,
}

/// Everything a conductor run measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConductorReport {
    /// Simulated seconds.
    pub seconds: f64,
    /// The seed.
    pub seed: u64,
    /// The state.
    pub state: ConsciousnessState,
    /// Seconds of warm-up.
    pub warmup_s: f64,
    /// The seven layers.
    pub layers: Vec<LayerEntry>,
    /// The document's flow matrix.
    pub matrix: FlowMatrix,
    /// Its claims checked (two are false).
    pub matrix_properties: MatrixProperties,
    /// Which S gated the flow.
    pub sync_measure: SyncMeasure,
    /// Every pair's coherence and chance levels, means over the run after the warm-up.
    pub pairs: Vec<PairSummary>,
    /// The four metrics with their chance levels.
    pub metrics: Metrics,
    /// The network's counters.
    pub counters: Counters,
    /// The shadow network's counters.
    pub chance_counters: Counters,
    /// Transmissions per edge over the run.
    pub flow_totals: [[u64; 7]; 7],
    /// The measured flow as shares of each row (each source layer's transmissions split over
    /// its targets), beside the document's matrix.
    pub flow_shares: [[f64; 7]; 7],
    /// Mean reference flow rate R of each edge over the run after the warm-up (P = 1,
    /// complexity 0.5), 0 off the graph.
    pub edge_rate_mean: [[f64; 7]; 7],
    /// The same with S at its surrogate chance level.
    pub edge_rate_mean_chance: [[f64; 7]; 7],
    /// One frame per second (empty unless recording).
    pub flow_frames: Vec<FlowFrame>,
    /// The steering loop.
    pub steering: Option<SteeringSummary>,
    /// Every alarm raised.
    pub alarms: Vec<Alarm>,
    /// Every injected fault's outcome.
    pub faults: Vec<FaultOutcome>,
    /// The modifier C at the end.
    pub final_c: f64,
    /// The slow series (empty unless recording).
    pub series: Vec<SeriesPoint>,
}

/// A locked relation watched by the desynchronisation detector.
#[derive(Clone, Debug, PartialEq)]
struct Relation {
    name: String,
    /// The software layer it watches (`None`: the steering loop).
    layer: Option<usize>,
    last: Cx,
    fast: Cx,
    slow: Cx,
    metric: Cx,
    lost: u32,
}

/// Running mean and variance (Welford).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Welford {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    fn var(&self) -> f64 {
        if self.n > 1 {
            self.m2 / (self.n - 1) as f64
        } else {
            0.0
        }
    }
}

/// A fault's pending evaluation.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    outcome: FaultOutcome,
    streak_start: Option<u64>,
}

/// The conductor at run time.
pub struct Conductor {
    params: ConductorParams,
    sw: Vec<Option<SoftwareLayer>>,
    coherence: CoherenceMonitor,
    chem: Chemistry,
    foci: f64,
    attention_restoring: bool,
    net: Network,
    shadow: Network,
    rng: Xoshiro256PlusPlus,
    steer: Option<PhaseSteerer>,
    lead: f64,
    steer_trace: Vec<LoopSample>,
    steer_stats: LoopStats,
    relations: Vec<Relation>,
    rel_k: (f64, f64, f64),
    alarms: Vec<Alarm>,
    open: [Option<usize>; 4],
    hold: [u32; 4],
    clear: u32,
    overloaded: Option<ConductorLayer>,
    faults: Vec<(u64, Fault)>,
    next_fault: usize,
    pending: Vec<Pending>,
    history: [Vec<f64>; 4],
    edge_r: [[Welford; 7]; 7],
    edge_r_chance: [[Welford; 7]; 7],
    doc_sync: Welford,
    frame_rate: [[f64; 7]; 7],
    frame_n: u32,
    frames: Vec<FlowFrame>,
    totals: [[u64; 7]; 7],
    series: Vec<SeriesPoint>,
    warmup: u64,
    sample: u64,
    ticks: u64,
}

impl Conductor {
    /// A conductor with the steering loop's feed-forward lead `lead_rad` (see
    /// [`run`], which calibrates it when the parameters do not give it).
    pub fn new(params: ConductorParams, lead_rad: f64) -> Result<Self> {
        params.validate()?;
        let mut seeds = Xoshiro256PlusPlus::seed_from_u64(params.seed);
        let hz: [f64; 7] = std::array::from_fn(|k| params.layers.0[k].hz());
        let coherence = CoherenceMonitor::new(params.coherence, hz, &mut seeds)?;
        let traffic_seed = seeds.next_u64();
        let drift_seed = seeds.next_u64();
        let steer = match &params.steering {
            Some(s) => Some(PhaseSteerer::new(
                *s,
                LoopMode::Closed,
                lead_rad,
                drift_seed,
            )?),
            None => None,
        };
        let sw: Vec<Option<SoftwareLayer>> =
            params.layers.0.iter().map(SoftwareLayer::new).collect();
        let mut relations: Vec<Relation> = sw
            .iter()
            .zip(ConductorLayer::ALL)
            .filter(|(s, _)| s.is_some())
            .map(|(_, l)| Relation {
                name: format!("{l} ↔ its drive"),
                layer: Some(l.index()),
                last: Cx::ONE,
                fast: Cx::default(),
                slow: Cx::default(),
                metric: Cx::default(),
                lost: 0,
            })
            .collect();
        if let Some(s) = &params.steering {
            relations.push(Relation {
                name: format!("{} ↔ reference", s.target),
                layer: None,
                last: Cx::ONE,
                fast: Cx::default(),
                slow: Cx::default(),
                metric: Cx::default(),
                lost: 0,
            });
        }
        let dt = params.coherence.sample_ticks;
        let d = &params.detectors;
        let rel_k = (
            1.0 - decay_factor(d.relation_fast_tau_s, dt),
            1.0 - decay_factor(d.relation_slow_tau_s, dt),
            1.0 - decay_factor(d.relation_metric_tau_s, dt),
        );
        let mut faults: Vec<(u64, Fault)> =
            params.faults.iter().map(|f| (ticks(f.at_s), *f)).collect();
        faults.sort_by_key(|f| f.0);
        let chem = Chemistry::new(params.chemistry);
        Ok(Conductor {
            sw,
            coherence,
            chem,
            foci: 1.0,
            attention_restoring: false,
            net: Network::new(params.network.clone())?,
            shadow: Network::new(params.network.clone())?,
            rng: Xoshiro256PlusPlus::seed_from_u64(traffic_seed),
            steer,
            lead: lead_rad,
            steer_trace: Vec::new(),
            steer_stats: LoopStats::new(
                &params.steering.unwrap_or_default(),
                params.steering_settle_s,
            ),
            relations,
            rel_k,
            alarms: Vec::new(),
            open: [None; 4],
            hold: [0; 4],
            clear: 0,
            overloaded: None,
            faults,
            next_fault: 0,
            pending: Vec::new(),
            history: std::array::from_fn(|_| Vec::new()),
            edge_r: [[Welford::default(); 7]; 7],
            edge_r_chance: [[Welford::default(); 7]; 7],
            doc_sync: Welford::default(),
            frame_rate: [[0.0; 7]; 7],
            frame_n: 0,
            frames: Vec::new(),
            totals: [[0; 7]; 7],
            series: Vec::new(),
            warmup: ticks(params.warmup_s),
            sample: params.coherence.sample_ticks,
            ticks: 0,
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &ConductorParams {
        &self.params
    }

    /// The attention focus now.
    pub fn focus(&self) -> f64 {
        self.params.attention_focus / self.foci
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The coherence monitor.
    pub fn coherence(&self) -> &CoherenceMonitor {
        &self.coherence
    }

    /// The chemical state.
    pub fn chemistry(&self) -> &Chemistry {
        &self.chem
    }

    /// The alarms so far.
    pub fn alarms(&self) -> &[Alarm] {
        &self.alarms
    }

    /// The phase of a layer now (processor layers through the probe).
    fn phasor(&self, k: usize, probe: &Probe<'_>) -> Cx {
        match (&self.sw[k], self.params.layers.0[k]) {
            (Some(s), _) => {
                let (x, y) = s.xy();
                Cx::unit(x, y)
            }
            (None, LayerSource::Processor { oscillator }) => {
                let o = probe.oscillator(oscillator);
                Cx::unit(f64::from(o.x.0), f64::from(o.y.0))
            }
            (None, LayerSource::Software { .. }) => Cx::ONE,
        }
    }

    /// The metric of a failure mode now.
    fn metric(&self, mode: FailureMode) -> f64 {
        match mode {
            FailureMode::Desynchronization => self.relations_metric(),
            FailureMode::ChemicalImbalance => self.chem.modifier(),
            FailureMode::AttentionFragmentation => self.focus(),
            FailureMode::LayerOverload => 1.0 - self.net.max_load().1,
        }
    }

    /// The locking of the worst locked relation over the metric's time constant.
    fn relations_metric(&self) -> f64 {
        self.relations
            .iter()
            .map(|r| r.metric.abs())
            .fold(1.0, f64::min)
    }

    fn raise(&mut self, mode: FailureMode, t: u64, detail: String) {
        if self.open[mode.index()].is_none() {
            self.open[mode.index()] = Some(self.alarms.len());
            self.alarms.push(Alarm {
                mode,
                raised_tick: t,
                cleared_tick: None,
                detail,
            });
            let at = self.metric(mode);
            for p in &mut self.pending {
                if p.outcome.mode == mode && p.outcome.detected_after_ticks.is_none() {
                    p.outcome.detected_after_ticks = Some(t - p.outcome.injected_tick);
                    p.outcome.at_detection = at;
                }
            }
        }
    }

    fn clear_alarm(&mut self, mode: FailureMode, t: u64) {
        if let Some(k) = self.open[mode.index()].take() {
            self.alarms[k].cleared_tick = Some(t);
        }
    }

    fn inject(&mut self, t: u64, f: Fault) {
        let mode = f.kind.mode();
        let h = &self.history[mode.index()];
        let pre = if h.is_empty() {
            self.metric(mode)
        } else {
            h.iter().sum::<f64>() / h.len() as f64
        };
        match f.kind {
            FaultKind::Desynchronization { kick_deg } => {
                let k = kick_deg.to_radians();
                for s in self.sw.iter_mut().flatten() {
                    s.kick(k);
                }
                if let Some(s) = &mut self.steer {
                    s.scramble(k);
                }
            }
            FaultKind::ChemicalImbalance { levels } => self.chem.set_levels(levels),
            FaultKind::AttentionFragmentation { foci } => {
                self.foci = foci;
                self.attention_restoring = false;
            }
            FaultKind::LayerOverload { layer, messages } => {
                let focus = self.focus();
                for _ in 0..messages {
                    for n in [&mut self.net, &mut self.shadow] {
                        n.inject(t, layer, ConductorLayer::Output, 1.0, 0.5, 0.5, focus);
                    }
                }
            }
        }
        self.pending.push(Pending {
            outcome: FaultOutcome {
                fault: f,
                mode,
                injected_tick: t,
                detected_after_ticks: None,
                metric: mode.metric().to_string(),
                pre_fault: pre,
                at_detection: self.metric(mode),
                recovered_after_s: None,
            },
            streak_start: None,
        });
    }

    /// One tick: called with the probe of the processor as it stands before tick `t`
    /// (0-based, consecutive); returns the inputs of tick `t`.
    pub fn tick(&mut self, t: u64, probe: Probe<'_>) -> PhiNNeuralProcessorInputs {
        self.ticks = t + 1;
        // 1. Faults.
        while self.next_fault < self.faults.len() && self.faults[self.next_fault].0 <= t {
            let f = self.faults[self.next_fault].1;
            self.next_fault += 1;
            self.inject(t, f);
        }
        // 2. Every tick.
        for s in self.sw.iter_mut().flatten() {
            s.tick(&probe);
        }
        let mut drive = 0.0;
        if let Some(s) = &mut self.steer {
            let (v, sample) = s.tick(t, &probe);
            drive = v;
            if let Some(x) = sample {
                self.steer_stats.push(&x, seconds(s.params().loop_ticks));
                if self.params.record {
                    self.steer_trace.push(x);
                }
            }
        }
        // 3. Phase samples.
        if t.is_multiple_of(self.sample) {
            self.sample_phases(t, &probe);
        }
        // 4. Meso.
        if (t + 1).is_multiple_of(MESO_TICKS) {
            self.meso(t);
        }
        // 5. Macro.
        if (t + 1).is_multiple_of(MACRO_TICKS) {
            self.macro_step(t);
        }
        // 6. Meta.
        if (t + 1).is_multiple_of(META_TICKS) && self.params.record {
            let n = self.frame_n.max(1) as f64;
            let rate = self.frame_rate.map(|row| row.map(|v| v / n));
            self.frames.push(FlowFrame {
                t_s: seconds(t + 1),
                transmissions: self.net.take_flows(),
                rate,
            });
            self.frame_rate = [[0.0; 7]; 7];
            self.frame_n = 0;
        }
        // 7. Inputs.
        let mut i = PhiNNeuralProcessorInputs::default();
        i.set_state(self.params.state);
        if let Some(s) = &self.steer {
            // |drive| ≤ max_amplitude, checked against the port's range.
            let _ = s.params().port.set(&mut i, drive);
        }
        i
    }

    fn sample_phases(&mut self, t: u64, probe: &Probe<'_>) {
        let e: [Cx; 7] = std::array::from_fn(|k| self.phasor(k, probe));
        let counting = t >= self.warmup;
        self.coherence.push(&e, counting);
        if counting {
            self.doc_sync.push(self.coherence.document_sync_quality());
        }
        // Locked relations: software layers against their drives, the steering target against
        // its command.
        let mut zs: Vec<Cx> = Vec::with_capacity(self.relations.len());
        for (k, s) in self.sw.iter().enumerate() {
            if let Some(s) = s {
                zs.push(e[k] * Cx::expi(s.drive_phase()).conj());
            }
        }
        if let Some(s) = &self.steer {
            let o = probe.oscillator(s.params().target);
            let phi = f64::from(o.y.0).atan2(f64::from(o.x.0));
            zs.push(Cx::expi(s.error_of(phi)));
        }
        let (kf, ks, km) = self.rel_k;
        let d = self.params.detectors;
        let hold = (ticks(d.desync_hold_s) / self.sample).max(1) as u32;
        let clear_hold = (ticks(d.desync_clear_s) / self.sample).max(1) as u32;
        let mut any_lost = None;
        let mut all_clear = true;
        for (r, z) in self.relations.iter_mut().zip(zs) {
            r.last = z;
            r.fast = r.fast + (z - r.fast).scale(kf);
            r.slow = r.slow + (z - r.slow).scale(ks);
            r.metric = r.metric + (z - r.metric).scale(km);
            let dev = (r.fast * r.slow.conj()).arg().abs().to_degrees();
            let formed = r.slow.abs() > 0.5;
            if formed && dev > d.desync_deviation_deg {
                r.lost += 1;
            } else {
                r.lost = 0;
            }
            if r.lost >= hold && any_lost.is_none() {
                any_lost = Some(format!("{}: {dev:.0}° from its locked phase", r.name));
            }
            if !formed || dev > d.desync_clear_deg {
                all_clear = false;
            }
        }
        let mode = FailureMode::Desynchronization;
        if t >= self.warmup {
            if let Some(detail) = any_lost {
                if self.open[mode.index()].is_none() {
                    self.raise(mode, t, detail);
                    self.clear = 0;
                    if self.params.recovery {
                        // Re-establish the coupling: each software layer is turned back to
                        // its locked phase relation (it is the conductor's own oscillator),
                        // the steering loop re-acquires its target.
                        for r in &self.relations {
                            match r.layer {
                                Some(k) => {
                                    if let Some(s) = &mut self.sw[k] {
                                        s.kick(-(r.last * r.slow.conj()).arg());
                                    }
                                }
                                None => {
                                    if let Some(s) = &mut self.steer {
                                        s.reacquire();
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if self.open[mode.index()].is_some() {
            if all_clear {
                self.clear += 1;
            } else {
                self.clear = 0;
            }
            if self.clear >= clear_hold {
                self.clear_alarm(mode, t);
            }
        }
    }

    /// S of every ordered pair: the measured one and its surrogate chance level.
    fn s_matrices(&self) -> ([[f64; 7]; 7], [[f64; 7]; 7]) {
        let mut s = [[0.0; 7]; 7];
        let mut c = [[0.0; 7]; 7];
        for a in ConductorLayer::ALL {
            for b in ConductorLayer::ALL {
                if a == b {
                    continue;
                }
                let p = self.coherence.pair(a, b);
                s[a.index()][b.index()] = match self.params.sync_measure {
                    SyncMeasure::NmCoherence => p.value,
                    SyncMeasure::RawCos => p.raw_cos,
                };
                c[a.index()][b.index()] = p.surrogate;
            }
        }
        (s, c)
    }

    fn meso(&mut self, t: u64) {
        self.chem.advance(t);
        for r in &self.params.releases {
            let at = ticks(r.at_s);
            if at + MESO_TICKS > t + 1 && at <= t {
                self.chem.release(t, r.transmitter, r.amount, r.duration_s);
            }
        }
        let (s, s_chance) = self.s_matrices();
        let c = self.chem.modifier();
        let focus = self.focus();
        let counting = t >= self.warmup;
        if counting {
            let streams = self.params.traffic.clone();
            for st in &streams {
                if let Some((u, i, x)) = st.draw(&mut self.rng) {
                    self.net.inject(t, st.src, st.dst, u, i, x, focus);
                    self.shadow.inject(t, st.src, st.dst, u, i, x, focus);
                }
            }
        }
        self.net.step(
            t,
            &StepInputs {
                s: &s,
                c,
                attention: focus,
            },
        );
        self.shadow.step(
            t,
            &StepInputs {
                s: &s_chance,
                c,
                attention: focus,
            },
        );
        // Reference flow rates of the graph's edges.
        if counting {
            let m = self.params.network.matrix;
            let ap = &self.params.network.attenuation;
            for a in ConductorLayer::ALL {
                for b in m.successors(a) {
                    let d = layer_distance(a, b);
                    let factors = self.net.factor(a) * self.net.factor(b);
                    let r = flow_rate(
                        s[a.index()][b.index()],
                        c,
                        1.0,
                        attenuation(ap, d, 0.0, 0.5, self.net.load(b)).total,
                    ) * factors;
                    let rc = flow_rate(
                        s_chance[a.index()][b.index()],
                        c,
                        1.0,
                        attenuation(ap, d, 0.0, 0.5, self.shadow.load(b)).total,
                    ) * self.shadow.factor(a)
                        * self.shadow.factor(b);
                    self.edge_r[a.index()][b.index()].push(r);
                    self.edge_r_chance[a.index()][b.index()].push(rc);
                    self.frame_rate[a.index()][b.index()] += r;
                }
            }
            self.frame_n += 1;
        }
        if !self.params.record {
            let f = self.net.take_flows();
            self.add_totals(&f);
        }
        self.detect(t);
        // Metric history (the last second) and recovery tracking.
        let d = self.params.detectors;
        let keep = (ticks(1.0) / MESO_TICKS) as usize;
        let hold = ticks(d.recovery_hold_s);
        for mode in FailureMode::ALL {
            let v = self.metric(mode);
            let h = &mut self.history[mode.index()];
            h.push(v);
            if h.len() > keep {
                h.remove(0);
            }
            for p in &mut self.pending {
                if p.outcome.mode != mode || p.outcome.recovered_after_s.is_some() {
                    continue;
                }
                let pre = p.outcome.pre_fault;
                if (v - pre).abs() <= d.recovery_tolerance * pre.abs() {
                    let start = *p.streak_start.get_or_insert(t);
                    if t + 1 - start >= hold {
                        p.outcome.recovered_after_s =
                            Some(seconds(start.saturating_sub(p.outcome.injected_tick)));
                    }
                } else {
                    p.streak_start = None;
                }
            }
        }
    }

    fn add_totals(&mut self, f: &[[u32; 7]; 7]) {
        for (row, frow) in self.totals.iter_mut().zip(f) {
            for (v, &x) in row.iter_mut().zip(frow) {
                *v += u64::from(x);
            }
        }
    }

    /// The chemical, attention and overload detectors, and their recoveries.
    fn detect(&mut self, t: u64) {
        if t < self.warmup {
            return;
        }
        let d = self.params.detectors;
        let hold = (ticks(d.hold_s) / MESO_TICKS).max(1) as u32;
        let rec = self.params.recovery;
        // Chemical imbalance.
        let mode = FailureMode::ChemicalImbalance;
        let dev = self.chem.levels().max_deviation(&self.chem.baseline());
        if dev > d.chemical_deviation {
            if self.open[mode.index()].is_none() {
                self.raise(mode, t, format!("a level is {dev:.2} from its default"));
                if rec {
                    self.chem.set_restoring(true);
                }
            }
        } else if dev < d.chemical_clear && self.open[mode.index()].is_some() {
            self.clear_alarm(mode, t);
            self.chem.set_restoring(false);
        }
        // Attention fragmentation.
        let mode = FailureMode::AttentionFragmentation;
        let focus = self.focus();
        if focus < d.attention_min_focus {
            self.hold[mode.index()] += 1;
            if self.hold[mode.index()] >= hold && self.open[mode.index()].is_none() {
                self.raise(mode, t, format!("focus {focus:.2}"));
                if rec {
                    self.attention_restoring = true;
                }
            }
        } else {
            self.hold[mode.index()] = 0;
            if focus > d.attention_clear_focus && self.open[mode.index()].is_some() {
                self.clear_alarm(mode, t);
            }
        }
        // Layer overload.
        let mode = FailureMode::LayerOverload;
        let (layer, load) = self.net.max_load();
        if load > d.overload_load {
            self.hold[mode.index()] += 1;
            if self.hold[mode.index()] >= hold && self.open[mode.index()].is_none() {
                self.raise(mode, t, format!("{layer} at load {load:.2}"));
                if rec {
                    self.overloaded = Some(layer);
                    for n in [&mut self.net, &mut self.shadow] {
                        n.isolate(layer);
                        n.shed(layer, d.overload_clear_load);
                    }
                }
            }
        } else {
            self.hold[mode.index()] = 0;
        }
        if self.open[mode.index()].is_some() {
            let l = self.overloaded.unwrap_or(layer);
            if self.net.load(l) < d.overload_clear_load {
                self.clear_alarm(mode, t);
                if let Some(l) = self.overloaded.take() {
                    self.net.release(l);
                    self.shadow.release(l);
                }
            }
        }
    }

    fn macro_step(&mut self, t: u64) {
        self.chem.restore_step(MACRO_TICKS);
        if self.attention_restoring {
            let k = decay_factor(self.params.detectors.attention_restore_tau_s, MACRO_TICKS);
            self.foci = 1.0 + (self.foci - 1.0) * k;
            if self.foci < 1.0 + 1e-3 {
                self.foci = 1.0;
                self.attention_restoring = false;
            }
        }
        self.net.upkeep(MACRO_TICKS);
        self.shadow.upkeep(MACRO_TICKS);
        if self.params.record {
            let (sync, chance) = self.coherence.mean_coherence();
            self.series.push(SeriesPoint {
                t_s: seconds(t + 1),
                sync,
                sync_chance: chance,
                relations: self.relations_metric(),
                c: self.chem.modifier(),
                focus: self.focus(),
                max_load: self.net.max_load().1,
            });
        }
    }

    /// The report of the run so far.
    pub fn report(&self) -> ConductorReport {
        let pairs = self.coherence.summaries();
        let n = pairs.len().max(1) as f64;
        let mean = |f: &dyn Fn(&PairSummary) -> f64| pairs.iter().map(f).sum::<f64>() / n;
        let sync = mean(&|p| p.coherence);
        let stab = |w: &[[Welford; 7]; 7]| {
            let m = self.params.network.matrix;
            let vars: Vec<f64> = ConductorLayer::ALL
                .iter()
                .flat_map(|&a| m.successors(a).into_iter().map(move |b| (a, b)))
                .map(|(a, b)| w[a.index()][b.index()].var())
                .collect();
            (!vars.is_empty() && w.iter().flatten().any(|x| x.n > 1))
                .then(|| 1.0 - vars.iter().sum::<f64>() / vars.len() as f64)
        };
        let c = &self.net.counters;
        let cc = &self.shadow.counters;
        let metrics = Metrics {
            flow_efficiency: Beside::new(
                c.efficiency(),
                cc.efficiency(),
                "shadow network, S at its surrogate chance level",
            ),
            hop_pass_rate: Beside::new(
                c.hop_pass_rate(),
                cc.hop_pass_rate(),
                "shadow network, S at its surrogate chance level",
            ),
            sync_quality: Beside::new(
                Some(sync),
                Some(mean(&|p| p.surrogate)),
                "time-shift surrogates (mean over K lags)",
            ),
            sync_quality_control: Beside::new(
                Some(sync),
                Some(mean(&|p| p.control)),
                "clock control at each partner's nominal frequency",
            ),
            document_sync_quality: Beside::new(
                (self.doc_sync.n > 0).then_some(self.doc_sync.mean),
                Some(FRAC_2_PI),
                "2/π, the mean |cos| of unrelated phases",
            ),
            latency_s: Beside::new(
                c.mean_latency_s(),
                cc.mean_latency_s(),
                "shadow network, S at its surrogate chance level",
            ),
            latency_classes: c.latency_classes,
            latency_classes_chance: cc.latency_classes,
            stability: Beside::new(
                stab(&self.edge_r),
                stab(&self.edge_r_chance),
                "shadow network's edge flow rates",
            ),
        };
        let mut totals = self.totals;
        for f in &self.frames {
            for (row, frow) in totals.iter_mut().zip(&f.transmissions) {
                for (v, &x) in row.iter_mut().zip(frow) {
                    *v += u64::from(x);
                }
            }
        }
        let shares = totals.map(|row| {
            let s: u64 = row.iter().sum();
            row.map(|v| if s > 0 { v as f64 / s as f64 } else { 0.0 })
        });
        let steering = self.steer.as_ref().map(|s| {
            let r = self.steer_stats.result(
                s.params().offset_deg,
                LoopMode::Closed,
                self.steer_trace.clone(),
            );
            SteeringSummary {
                params: *s.params(),
                lead_deg: self.lead.to_degrees(),
                settle_s: self.params.steering_settle_s,
                mean_error_deg: r.mean_error_deg,
                spread_deg: r.spread_deg,
                lock_time_s: r.lock_time_s,
                locked_fraction: r.locked_fraction,
                trace: r.trace,
            }
        });
        let mut faults: Vec<FaultOutcome> =
            self.pending.iter().map(|p| p.outcome.clone()).collect();
        faults.sort_by_key(|f| f.injected_tick);
        ConductorReport {
            seconds: seconds(self.ticks),
            seed: self.params.seed,
            state: self.params.state,
            warmup_s: self.params.warmup_s,
            layers: ConductorLayer::ALL
                .iter()
                .map(|&l| LayerEntry {
                    layer: l,
                    document_hz: l.document_hz(),
                    source: self.params.layers.source(l),
                    hz: self.params.layers.source(l).hz(),
                })
                .collect(),
            matrix: self.params.network.matrix,
            matrix_properties: self.params.network.matrix.properties(),
            sync_measure: self.params.sync_measure,
            pairs,
            metrics,
            counters: *c,
            chance_counters: *cc,
            flow_totals: totals,
            flow_shares: shares,
            edge_rate_mean: self.edge_r.map(|row| row.map(|w| w.mean)),
            edge_rate_mean_chance: self.edge_r_chance.map(|row| row.map(|w| w.mean)),
            flow_frames: self.frames.clone(),
            steering,
            alarms: self.alarms.clone(),
            faults,
            final_c: self.chem.modifier(),
            series: self.series.clone(),
        }
    }
}

/// The steering lead of a conductor's parameters: given, or calibrated by an open-loop run.
fn lead_for(p: &ConductorParams) -> Result<f64> {
    match &p.steering {
        None => Ok(0.0),
        Some(s) => match s.lead_deg {
            Some(d) => Ok(d.to_radians()),
            None => Ok(-calibrate_lag(
                s.target,
                s.port,
                s.hold_amplitude,
                p.state,
                p.calibration_s,
                p.processor,
            )?),
        },
    }
}

/// Runs one conductor with its processor for `seconds` on the calling thread (the steering
/// lead's calibration, if needed, on the rayon pool). `progress(done, total)` gets ticks,
/// every simulated second.
pub fn run(
    params: &ConductorParams,
    seconds: f64,
    progress: impl Fn(u64, u64) + Sync,
) -> Result<ConductorReport> {
    Ok(run_many(std::slice::from_ref(params), seconds, progress)?.remove(0))
}

/// Runs one conductor per parameter set, each with its own processor, for `seconds`, on the
/// rayon pool (a closed loop per instance, no barrier). `progress(done, total)` gets the
/// ticks done over all instances, every simulated second of each.
pub fn run_many(
    params: &[ConductorParams],
    seconds: f64,
    progress: impl Fn(u64, u64) + Sync,
) -> Result<Vec<ConductorReport>> {
    check_range("seconds", seconds, 0.001, 1e6)?;
    if params.is_empty() {
        return Err(ConductorError::out_of_range(
            "params",
            "[]",
            "at least one conductor",
        ));
    }
    let mut conductors = Vec::with_capacity(params.len());
    for p in params {
        let lead = lead_for(p)?;
        conductors.push(Some(Conductor::new(p.clone(), lead)?));
    }
    let n = ticks(seconds);
    let total = n * params.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let slots = std::sync::Mutex::new(conductors);
    let procs: Vec<PhiNNeuralProcessorParams> = params.iter().map(|p| p.processor).collect();
    let mut batch = ProcessorBatch::new(&procs);
    let finished = batch.par_drive(
        n,
        |k| {
            slots.lock().expect("no panic while held")[k]
                .take()
                .expect("taken once")
        },
        |c, t, probe| {
            if (t + 1).is_multiple_of(META_TICKS) || t + 1 == n {
                let step = if (t + 1).is_multiple_of(META_TICKS) {
                    META_TICKS
                } else {
                    (t + 1) % META_TICKS
                };
                let d = done.fetch_add(step, std::sync::atomic::Ordering::Relaxed) + step;
                progress(d, total);
            }
            c.tick(t, probe)
        },
    );
    Ok(finished.iter().map(Conductor::report).collect())
}
