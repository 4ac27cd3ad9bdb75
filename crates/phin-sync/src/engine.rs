//! The protocol on the live processor: nine layer clocks with their rhythms, stepped once per
//! processor tick, with the slower loops on the heartbeat.
//!
//! **Order of work in one tick** ([`SyncEngine::observe`], called after each processor tick):
//!
//! 1. read the bound rungs' processor oscillators through the probe (phase, radius; L2/3's
//!    fast-gamma ticks scaled to slow gamma);
//! 2. advance every layer clock by (1 + drift)(1 + trim) ticks (a stuck clock by nothing) plus
//!    its rate-limited share of the pending consensus correction;
//! 3. step every rhythm on its clock: the PLLs against their references, the Hopf rungs by
//!    their clock's advance;
//! 4. step the active adiabatic phase corrections and check each corrected layer's stability
//!    (abort with [`SyncError::InstabilityDetected`] at the first failed check);
//! 5. every 4 ticks, record the phases for the coherence and wave measures;
//! 6. every heartbeat (400 ticks): the consensus round (every `sync_check_interval_ms`), the
//!    drift regression and the predictive correction, the phase check of every layer against its
//!    own reference with the 5° margin, gentle corrections of the flagged layers, the flow
//!    slot, and one [`HeartbeatRecord`].
//!
//! The engine acts on its own layer clocks only. It never writes to the processor: the inputs
//! stay whatever the caller holds (see [`run_live`]), so the core stays bit-exact.

use crate::consensus::{spread, Consensus, Decision, Outcome};
use crate::error::SyncError;
use crate::fault::{Fault, FaultKind};
use crate::flow::{FlowCoordinator, Message};
use crate::ladder::{Binding, Channel, LayerId, NUM_LAYERS};
use crate::params::{SyncConfig, Timing};
use crate::rhythm::{wrap, Hopf, Pll};
use phin_core::constants::{OMEGA_DT_L23_FAST, OMEGA_DT_L23_SLOW, TICK_HZ};
use phin_core::identity::{Column, Layer, Oscillator};
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs, Probe};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::f64::consts::TAU;

/// A disturbance of one layer, to exercise the protocol (what a glitch of a real layer would
/// do).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Perturbation {
    /// The layer's rhythm jumps by this many degrees (a Hopf rung rotates, a PLL's oscillator
    /// jumps).
    PhaseStep {
        /// Degrees, positive ahead.
        degrees: f64,
    },
    /// A software rung's radius is multiplied by this factor (an amplitude instability).
    RadiusScale {
        /// The factor, > 0.
        factor: f64,
    },
}

/// How a correction ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CorrectionOutcome {
    /// Still being applied.
    Running,
    /// Applied in full.
    Completed,
    /// Aborted by the stability check.
    Aborted {
        /// Why.
        error: SyncError,
    },
}

/// One adiabatic phase correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionRecord {
    /// The layer.
    pub layer: LayerId,
    /// The engine tick it started at.
    pub start_tick: u64,
    /// The engine tick it completed or aborted at.
    pub end_tick: Option<u64>,
    /// The whole correction, degrees.
    pub degrees: f64,
    /// Degrees applied.
    pub applied_degrees: f64,
    /// Started by the heartbeat (a flagged layer) rather than by the caller.
    pub by_heartbeat: bool,
    /// How it ended.
    pub outcome: CorrectionOutcome,
}

/// A predictive drift correction: the rate trim applied to one layer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftCorrection {
    /// Engine tick.
    pub tick: u64,
    /// The layer.
    pub layer: LayerId,
    /// Measured drift against the consensus, ppm (positive: fast).
    pub measured_ppm: f64,
    /// Drift predicted over the horizon had nothing been done, ms.
    pub predicted_ms: f64,
}

/// What one consensus round decided, over the correct receivers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    /// Correct receivers that agreed.
    pub agreed: usize,
    /// Correct receivers that reported no quorum.
    pub failed: usize,
    /// Mean share of readings inside the agreement window (the document's "confidence").
    pub confidence: f64,
    /// Largest correction decided, ticks.
    pub max_correction_ticks: f64,
    /// Layers a majority of the deciding receivers found missing or outside the window.
    pub faults_detected: Vec<LayerId>,
    /// Spread of the correct clocks at the round, ticks.
    pub spread_before: f64,
    /// Spread of their targets after the round, ticks.
    pub spread_after: f64,
    /// The targets left the correct clocks' range, or their spread exceeded half the spread
    /// before (the Lynch–Welch bound; seen by the engine's monitor, which knows which layers it
    /// made faulty).
    pub bound_violation: bool,
}

/// One heartbeat: skew, the consensus round, phase errors, flags and corrections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeartbeatRecord {
    /// Engine tick.
    pub tick: u64,
    /// Spread of the correct layers' clocks, ticks (before this heartbeat's round).
    pub skew_ticks: f64,
    /// The same spread without synchronization (the clocks free-running from the start): the
    /// control beside the figure.
    pub control_skew_ticks: f64,
    /// Temporal coherence 1 / (1 + variance of the correct clocks in ms²), the document's
    /// `measure_temporal_coherence`.
    pub temporal_coherence: f64,
    /// The same for the free-running control: the chance level of the figure.
    pub control_temporal_coherence: f64,
    /// The consensus round, when one ran at this heartbeat.
    pub consensus: Option<RoundSummary>,
    /// Each layer's phase error against its own reference, degrees.
    pub phase_error_deg: [f64; NUM_LAYERS],
    /// Layers whose |phase error| exceeded the margin.
    pub flagged: Vec<LayerId>,
    /// Layers given a gentle correction at this heartbeat.
    pub corrections_started: Vec<LayerId>,
    /// Each layer's measured drift against the consensus, ppm (0 until its regression window is
    /// full).
    pub drift_ppm: [f64; NUM_LAYERS],
}

#[derive(Clone, Debug)]
struct ActiveCorrection {
    record: usize,
    remaining: f64,
    sign: f64,
}

#[derive(Clone, Debug)]
enum Rhythm {
    Pll(Pll),
    Hopf(Hopf),
}

#[derive(Clone, Debug)]
struct LayerState {
    id: LayerId,
    binding: Binding,
    omega: f64,
    fault: Option<FaultKind>,
    clock: f64,
    rate: f64,
    trim: f64,
    slew_left: f64,
    slew_max: f64,
    rhythm: Rhythm,
    /// Bound rungs: the reference, unwrapped (L2/3: slow-gamma scaled).
    ref_unwrapped: f64,
    ref_start: f64,
    ref_prev: f64,
    ref_radius: f64,
    ref_step: f64,
    /// Software rungs: rotations applied on top of the clock, radians.
    rotated: f64,
    correction: Option<ActiveCorrection>,
    cum_correction: f64,
    history: VecDeque<(f64, f64)>,
    drift_ppm: f64,
    err_sq: f64,
    /// Ticks after which a PLL's error counts as steady state: five lock times.
    settle_ticks: u64,
    err_n: u64,
    err_max: f64,
    flags: u64,
}

impl LayerState {
    fn faulty(&self) -> bool {
        self.fault.is_some_and(FaultKind::is_faulty)
    }
    fn stuck(&self) -> bool {
        self.fault == Some(FaultKind::Stuck)
    }
    /// The rhythm's phase, unwrapped where known.
    fn phase(&self) -> f64 {
        match &self.rhythm {
            Rhythm::Pll(p) => p.phase,
            Rhythm::Hopf(_) => self.omega * self.clock / TICK_HZ + self.rotated,
        }
    }
}

/// A ring of phase samples.
#[derive(Clone, Debug)]
struct Ring {
    data: Vec<f64>,
    next: usize,
    full: bool,
}

impl Ring {
    fn new(n: usize) -> Ring {
        Ring {
            data: vec![0.0; n.max(1)],
            next: 0,
            full: false,
        }
    }
    fn push(&mut self, v: f64) {
        self.data[self.next] = v;
        self.next += 1;
        if self.next == self.data.len() {
            self.next = 0;
            self.full = true;
        }
    }
    fn ordered(&self) -> Vec<f64> {
        if self.full {
            self.data[self.next..]
                .iter()
                .chain(&self.data[..self.next])
                .copied()
                .collect()
        } else {
            self.data[..self.next].to_vec()
        }
    }
}

/// Number of extra recorded series: the three columns' L6.
const EXTRA: usize = 3;

/// The layer synchronization protocol running on a processor's probe.
#[derive(Clone, Debug)]
pub struct SyncEngine {
    config: SyncConfig,
    timing: Timing,
    consensus: Consensus,
    faults: Vec<Fault>,
    seed: u64,
    rng: Xoshiro256PlusPlus,
    enabled: bool,
    layers: Vec<LayerState>,
    tick: u64,
    started: bool,
    prev_encoding: bool,
    corrections: Vec<CorrectionRecord>,
    drift_corrections: Vec<DriftCorrection>,
    heartbeats: Vec<HeartbeatRecord>,
    rings: Vec<Ring>,
    flow: FlowCoordinator,
    max_skew: f64,
    rounds: u64,
}

impl SyncEngine {
    /// An engine with the protocol on, for a checked `config`, the injected `faults` (at most one
    /// per layer) and the `seed` of its generator (Byzantine lies and surrogates).
    pub fn new(config: SyncConfig, faults: &[Fault], seed: u64) -> Result<Self, SyncError> {
        config.validate()?;
        let timing = Timing::new(&config);
        let mut by_layer: [Option<FaultKind>; NUM_LAYERS] = [None; NUM_LAYERS];
        for f in faults {
            if by_layer[f.layer.index()].is_some() {
                return Err(SyncError::Param {
                    field: "fault".into(),
                    message: format!(
                        "fault: layer {} has two faults (allowed: at most one per layer)",
                        f.layer
                    ),
                });
            }
            by_layer[f.layer.index()] = Some(f.kind);
        }
        let p = &config.protocol;
        let layers = LayerId::ALL
            .iter()
            .map(|&id| {
                let hz = timing.rung_hz[id.index()];
                let omega = TAU * hz;
                let binding = id.binding(p.column);
                let rhythm = match binding {
                    Binding::Bound(_) => Rhythm::Pll(Pll::new(
                        0.0,
                        omega,
                        p.pll_damping,
                        omega * p.pll_natural_ratio,
                    )),
                    Binding::Software => Rhythm::Hopf(Hopf::new(0.0, omega, p.hopf_mu)),
                };
                let rate = match by_layer[id.index()] {
                    Some(FaultKind::Drift { ppm }) => 1.0 + ppm * 1e-6,
                    _ => 1.0,
                };
                LayerState {
                    id,
                    binding,
                    omega,
                    fault: by_layer[id.index()],
                    clock: 0.0,
                    rate,
                    trim: 0.0,
                    slew_left: 0.0,
                    // The rate limit in degrees of the layer's own rhythm, as ticks of its clock.
                    slew_max: timing.correction_rad_per_tick / (omega / TICK_HZ),
                    rhythm,
                    ref_unwrapped: 0.0,
                    ref_start: 0.0,
                    ref_prev: 0.0,
                    ref_radius: 0.0,
                    ref_step: 0.0,
                    rotated: 0.0,
                    correction: None,
                    cum_correction: 0.0,
                    history: VecDeque::new(),
                    drift_ppm: 0.0,
                    err_sq: 0.0,
                    settle_ticks: (5.0 * 4.0 / (p.pll_damping * omega * p.pll_natural_ratio)
                        * TICK_HZ) as u64,
                    err_n: 0,
                    err_max: 0.0,
                    flags: 0,
                }
            })
            .collect();
        let l = &config.layer_sync;
        let flow = FlowCoordinator::new(
            timing.capacity_bits_per_tick,
            timing.buffer_bits,
            l.priority_levels,
            p.bottleneck_utilization,
        );
        Ok(SyncEngine {
            consensus: Consensus {
                quorum: timing.quorum,
                faults_tolerated: timing.faults_tolerated,
                window: timing.tolerance_ticks,
            },
            rings: (0..NUM_LAYERS + EXTRA)
                .map(|_| Ring::new(timing.record_len))
                .collect(),
            timing,
            faults: faults.to_vec(),
            seed,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            enabled: true,
            layers,
            tick: 0,
            started: false,
            prev_encoding: false,
            corrections: Vec::new(),
            drift_corrections: Vec::new(),
            heartbeats: Vec::new(),
            flow,
            max_skew: 0.0,
            rounds: 0,
            config,
        })
    }

    /// The same engine with the protocol switched off (`false`): clocks and rhythms run, the
    /// heartbeat measures and records, but no round, correction or trim acts. The control of
    /// every synchronization figure.
    pub fn with_sync(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Whether the protocol acts (false for the control of [`with_sync`](Self::with_sync)).
    pub fn sync_enabled(&self) -> bool {
        self.enabled
    }

    /// The configuration.
    pub fn config(&self) -> &SyncConfig {
        &self.config
    }

    /// The tick counts and factors in use.
    pub fn timing(&self) -> &Timing {
        &self.timing
    }

    /// The injected faults.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    /// Ticks observed so far.
    pub fn tick(&self) -> u64 {
        self.tick
    }

    /// Layer `l`'s clock, ticks.
    pub fn clock_ticks(&self, l: LayerId) -> f64 {
        self.layers[l.index()].clock
    }

    /// Spread of the correct layers' clocks now, ticks.
    pub fn skew_ticks(&self) -> f64 {
        spread(self.layers.iter().filter(|s| !s.faulty()).map(|s| s.clock))
    }

    /// Largest skew seen at any heartbeat, ticks.
    pub fn max_skew_ticks(&self) -> f64 {
        self.max_skew
    }

    /// Layer `l`'s PLL, for a bound rung.
    pub fn pll(&self, l: LayerId) -> Option<&Pll> {
        match &self.layers[l.index()].rhythm {
            Rhythm::Pll(p) => Some(p),
            Rhythm::Hopf(_) => None,
        }
    }

    /// Layer `l`'s phase error against its own reference now, radians: a bound rung's PLL error;
    /// a software rung's phase against the phase its clock's agreed time asks for.
    pub fn phase_error(&self, l: LayerId) -> f64 {
        let s = &self.layers[l.index()];
        match &s.rhythm {
            Rhythm::Pll(p) => p.error,
            Rhythm::Hopf(h) => wrap(s.omega * (s.clock + s.slew_left) / TICK_HZ - h.phase()),
        }
    }

    /// Steady-state PLL error of a bound rung, degrees RMS, after five theoretical lock times
    /// (`None` for a software rung or before any sample).
    pub fn pll_rms_error_deg(&self, l: LayerId) -> Option<f64> {
        let s = &self.layers[l.index()];
        (matches!(s.rhythm, Rhythm::Pll(_)) && s.err_n > 0)
            .then(|| (s.err_sq / s.err_n as f64).sqrt().to_degrees())
    }

    /// Every heartbeat so far.
    pub fn heartbeats(&self) -> &[HeartbeatRecord] {
        &self.heartbeats
    }

    /// Every adiabatic correction so far.
    pub fn corrections(&self) -> &[CorrectionRecord] {
        &self.corrections
    }

    /// Every predictive drift correction so far.
    pub fn drift_corrections(&self) -> &[DriftCorrection] {
        &self.drift_corrections
    }

    /// The flow coordinator (submit messages between adjacent layers here).
    pub fn flow_mut(&mut self) -> &mut FlowCoordinator {
        &mut self.flow
    }

    /// The flow coordinator.
    pub fn flow(&self) -> &FlowCoordinator {
        &self.flow
    }

    /// Disturbs layer `l` now.
    pub fn perturb(&mut self, l: LayerId, p: Perturbation) -> Result<(), SyncError> {
        let s = &mut self.layers[l.index()];
        match (p, &mut s.rhythm) {
            (Perturbation::PhaseStep { degrees }, Rhythm::Hopf(h)) if degrees.is_finite() => {
                h.rotate(degrees.to_radians());
                s.rotated += degrees.to_radians();
            }
            (Perturbation::PhaseStep { degrees }, Rhythm::Pll(pll)) if degrees.is_finite() => {
                pll.phase += degrees.to_radians();
            }
            (Perturbation::RadiusScale { factor }, Rhythm::Hopf(h))
                if factor.is_finite() && factor > 0.0 =>
            {
                h.x *= factor;
                h.y *= factor;
            }
            (Perturbation::RadiusScale { .. }, Rhythm::Pll(_)) => {
                return Err(SyncError::Param {
                    field: "perturbation".into(),
                    message: format!(
                        "perturbation: layer {l} follows a processor oscillator, whose radius \
                         only the processor sets (allowed: radius_scale on layers 5 ..= 8)"
                    ),
                })
            }
            _ => {
                return Err(SyncError::Param {
                    field: "perturbation".into(),
                    message: format!(
                        "perturbation: {p:?} is out of range (allowed: finite degrees, factor > 0)"
                    ),
                })
            }
        }
        Ok(())
    }

    /// Starts an adiabatic phase correction of `degrees` on layer `l`, applied at the rate limit
    /// (0.5° per tick by default) with a stability check after every step. A stuck layer or one
    /// already being corrected cannot be.
    pub fn start_correction(&mut self, l: LayerId, degrees: f64) -> Result<(), SyncError> {
        self.start(l, degrees, false)
    }

    fn start(&mut self, l: LayerId, degrees: f64, by_heartbeat: bool) -> Result<(), SyncError> {
        if !degrees.is_finite() {
            return Err(SyncError::Param {
                field: "degrees".into(),
                message: format!("degrees: {degrees} is out of range (allowed: finite)"),
            });
        }
        let s = &self.layers[l.index()];
        if s.stuck() || s.correction.is_some() {
            return Err(SyncError::NotCorrectable {
                layer: l.index() as u8,
                reason: if s.stuck() {
                    "its clock is stuck".into()
                } else {
                    "a correction is under way".into()
                },
            });
        }
        self.corrections.push(CorrectionRecord {
            layer: l,
            start_tick: self.tick,
            end_tick: None,
            degrees,
            applied_degrees: 0.0,
            by_heartbeat,
            outcome: CorrectionOutcome::Running,
        });
        self.layers[l.index()].correction = Some(ActiveCorrection {
            record: self.corrections.len() - 1,
            remaining: degrees.abs().to_radians(),
            sign: degrees.signum(),
        });
        Ok(())
    }

    /// Reads the bound rungs' references from the probe.
    fn read_references(&mut self, probe: &Probe<'_>) {
        let encoding = probe.theta().encoding;
        // L2/3 ran the tick just taken at fast gamma if the window was open before it.
        let scale = if self.prev_encoding {
            OMEGA_DT_L23_SLOW as f64 / OMEGA_DT_L23_FAST as f64
        } else {
            1.0
        };
        let first = !self.started;
        for s in self.layers.iter_mut() {
            if let Binding::Bound(o) = s.binding {
                let st = probe.oscillator(o);
                let ph = st.phase();
                // The radius is needed only by the stability check of a correction.
                s.ref_radius = if s.correction.is_some() {
                    st.radius()
                } else {
                    f64::NAN
                };
                if first {
                    s.ref_unwrapped = ph;
                    s.ref_start = ph;
                    s.ref_step = s.omega / TICK_HZ;
                    if let Rhythm::Pll(p) = &mut s.rhythm {
                        // Acquisition: the NCO starts on the observed phase, at the rung's
                        // nominal frequency.
                        p.phase = ph;
                    }
                } else {
                    let mut d = wrap(ph - s.ref_prev);
                    if matches!(o, Oscillator::Cortex(_, Layer::L23)) {
                        d *= scale;
                    }
                    s.ref_unwrapped += d;
                    s.ref_step = d;
                }
                s.ref_prev = ph;
            }
        }
        self.prev_encoding = encoding;
    }

    /// One tick (see the module docs for the order). Call after every processor tick with the
    /// processor's probe.
    pub fn observe(&mut self, probe: Probe<'_>) {
        self.read_references(&probe);
        self.started = true;
        self.tick += 1;
        let dt = self.timing.dt;
        let tick = self.tick;
        for s in self.layers.iter_mut() {
            // 2. The clock.
            let mut advance = if s.stuck() {
                0.0
            } else {
                s.rate * (1.0 + s.trim)
            };
            if s.slew_left != 0.0 && !s.stuck() {
                let step = s.slew_left.clamp(-s.slew_max, s.slew_max);
                s.slew_left -= step;
                advance += step;
            }
            s.clock += advance;
            // 3. The rhythm on the clock. A PLL's oscillator runs on the clock's rate; the
            // consensus slews move the layer's time, not the oscillator its loop follows.
            let rate = if s.stuck() {
                0.0
            } else {
                s.rate * (1.0 + s.trim)
            };
            match &mut s.rhythm {
                Rhythm::Pll(p) => {
                    let e = p.step(s.ref_unwrapped, rate * dt);
                    if tick > s.settle_ticks {
                        s.err_sq += e * e;
                        s.err_n += 1;
                        s.err_max = s.err_max.max(e.abs());
                    }
                }
                Rhythm::Hopf(h) => {
                    if advance != 0.0 {
                        h.step(advance * dt);
                    }
                }
            }
        }
        // 4. Adiabatic corrections.
        for k in 0..NUM_LAYERS {
            if self.layers[k].correction.is_some() {
                self.step_correction(k);
            }
        }
        // 5. The phase record.
        if self.tick.is_multiple_of(self.timing.record_every) {
            for k in 0..NUM_LAYERS {
                let s = &self.layers[k];
                let ph = match s.binding {
                    Binding::Bound(_) => s.ref_unwrapped,
                    Binding::Software => s.phase(),
                };
                self.rings[k].push(ph);
            }
            for (k, c) in Column::ALL.iter().enumerate() {
                let ph = probe.oscillator(Oscillator::Cortex(*c, Layer::L6)).phase();
                self.rings[NUM_LAYERS + k].push(ph);
            }
        }
        // 6. The heartbeat.
        if self.tick.is_multiple_of(self.timing.heartbeat_ticks) {
            self.heartbeat();
        }
    }

    fn step_correction(&mut self, k: usize) {
        let tick = self.tick;
        let rate = self.timing.correction_rad_per_tick;
        let p = self.config.protocol.clone();
        let s = &mut self.layers[k];
        let Some(c) = s.correction.as_mut() else {
            return;
        };
        let step = c.remaining.min(rate);
        c.remaining -= step;
        let signed = c.sign * step;
        let record = c.record;
        let done = c.remaining <= 1e-12;
        match &mut s.rhythm {
            Rhythm::Hopf(h) => {
                h.rotate(signed);
                s.rotated += signed;
            }
            Rhythm::Pll(pll) => pll.phase += signed,
        }
        self.corrections[record].applied_degrees += signed.to_degrees();
        // Stability after the step (the source's verify_layer_stability).
        let nominal = s.omega / TICK_HZ;
        let (radius, advance, lo) = match &s.rhythm {
            Rhythm::Hopf(h) => (
                h.radius(),
                nominal * s.rate * (1.0 + s.trim),
                p.stable_radius_min,
            ),
            Rhythm::Pll(_) => (s.ref_radius, s.ref_step, p.stable_radius_min),
        };
        let dev = advance / nominal - 1.0;
        let unstable = if radius < lo || radius > p.stable_radius_max {
            Some(format!(
                "radius {radius:.3} outside {lo} ..= {}",
                p.stable_radius_max
            ))
        } else if dev.abs() > p.stable_frequency_tolerance {
            Some(format!(
                "frequency {:+.1} % off the rung's, beyond ±{:.0} %",
                100.0 * dev,
                100.0 * p.stable_frequency_tolerance
            ))
        } else {
            None
        };
        let id = s.id;
        if let Some(reason) = unstable {
            s.correction = None;
            let r = &mut self.corrections[record];
            r.end_tick = Some(tick);
            r.outcome = CorrectionOutcome::Aborted {
                error: SyncError::InstabilityDetected {
                    layer: id.index() as u8,
                    tick,
                    reason,
                },
            };
        } else if done {
            s.correction = None;
            let r = &mut self.corrections[record];
            r.end_tick = Some(tick);
            r.outcome = CorrectionOutcome::Completed;
        }
    }

    /// The consensus round: readings, decisions, corrections, the bound monitor.
    // Receivers and senders are both layer indices here, read across several arrays.
    #[allow(clippy::needless_range_loop)]
    fn round(&mut self) -> RoundSummary {
        let n = NUM_LAYERS;
        let clocks: Vec<f64> = self.layers.iter().map(|s| s.clock).collect();
        let correct: Vec<usize> = (0..n).filter(|&k| !self.layers[k].faulty()).collect();
        let before: Vec<f64> = correct.iter().map(|&k| clocks[k]).collect();
        let (lo, hi) = before
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let mut decisions: [Option<Decision>; NUM_LAYERS] = [None; NUM_LAYERS];
        let mut readings = [None; NUM_LAYERS];
        for r in 0..n {
            if self.layers[r].faulty() {
                continue;
            }
            for (k, slot) in readings.iter_mut().enumerate() {
                *slot = match self.layers[k].fault {
                    Some(FaultKind::Silent) => None,
                    Some(FaultKind::Byzantine { max_ms }) => {
                        let u = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                        Some(clocks[k] + (2.0 * u - 1.0) * max_ms * 1e-3 * TICK_HZ)
                    }
                    _ => Some(clocks[k]),
                };
            }
            decisions[r] = Some(self.consensus.decide(&readings, r));
        }
        let mut agreed = 0;
        let mut failed = 0;
        let mut conf = 0.0;
        let mut max_c: f64 = 0.0;
        let mut votes = [0usize; NUM_LAYERS];
        let mut targets = Vec::with_capacity(correct.len());
        for &r in &correct {
            let d = decisions[r].expect("every correct layer decides");
            match d.outcome {
                Outcome::Agreed {
                    agreeing,
                    correction,
                } => {
                    agreed += 1;
                    conf += agreeing as f64 / n as f64;
                    max_c = max_c.max(correction.abs());
                    let s = &mut self.layers[r];
                    // A new decision replaces what is left of the last one: it was taken from
                    // a reading that already holds the part applied so far.
                    s.slew_left = correction;
                    s.cum_correction += correction;
                    targets.push(clocks[r] + correction);
                }
                Outcome::NoQuorum { agreeing, .. } => {
                    failed += 1;
                    conf += agreeing as f64 / n as f64;
                    targets.push(clocks[r]);
                }
            }
            for (k, v) in votes.iter_mut().enumerate() {
                if d.suspects & (1 << k) != 0 {
                    *v += 1;
                }
            }
        }
        let spread_before = spread(before.iter().copied());
        let spread_after = spread(targets.iter().copied());
        let eps = 1e-9 * (1.0 + hi.abs());
        let outside = targets.iter().any(|&t| t < lo - eps || t > hi + eps);
        let bound_violation =
            outside || spread_after > crate::consensus::skew_bound_after_round(spread_before) + eps;
        let deciders = correct.len().max(1);
        RoundSummary {
            agreed,
            failed,
            confidence: conf / deciders as f64,
            max_correction_ticks: max_c,
            faults_detected: (0..n)
                .filter(|&k| 2 * votes[k] > deciders)
                .map(|k| LayerId::ALL[k])
                .collect(),
            spread_before,
            spread_after,
            bound_violation,
        }
    }

    /// The drift regression and the predictive correction, after a round.
    fn predict(&mut self) {
        let window = self.timing.drift_window_rounds;
        let check_ticks = (self.timing.heartbeat_ticks * self.timing.heartbeats_per_check) as f64;
        let horizon = self.timing.horizon_ticks;
        let tol = self.timing.tolerance_ticks;
        let round = self.rounds as f64;
        let tick = self.tick;
        for s in self.layers.iter_mut() {
            if s.faulty() {
                continue;
            }
            s.history.push_back((round, s.cum_correction));
            if s.history.len() > window {
                s.history.pop_front();
            }
            if s.history.len() < window {
                continue;
            }
            // Least-squares slope of the cumulative correction, ticks per round.
            let m = s.history.len() as f64;
            let (sx, sy) = s
                .history
                .iter()
                .fold((0.0, 0.0), |a, &(x, y)| (a.0 + x, a.1 + y));
            let (mx, my) = (sx / m, sy / m);
            let (mut sxy, mut sxx) = (0.0, 0.0);
            for &(x, y) in &s.history {
                sxy += (x - mx) * (y - my);
                sxx += (x - mx) * (x - mx);
            }
            let slope = sxy / sxx / check_ticks;
            // Corrections pull a fast clock back: its drift is minus their slope.
            let drift = -slope;
            s.drift_ppm = drift * 1e6;
            let predicted = drift * horizon;
            if predicted.abs() > tol {
                s.trim = (1.0 + s.trim) * (1.0 - drift) - 1.0;
                s.history.clear();
                self.drift_corrections.push(DriftCorrection {
                    tick,
                    layer: s.id,
                    measured_ppm: drift * 1e6,
                    predicted_ms: predicted / TICK_HZ * 1e3,
                });
            }
        }
    }

    #[allow(clippy::needless_range_loop)]
    fn heartbeat(&mut self) {
        let correct: Vec<usize> = (0..NUM_LAYERS)
            .filter(|&k| !self.layers[k].faulty())
            .collect();
        let clocks: Vec<f64> = correct.iter().map(|&k| self.layers[k].clock).collect();
        let control: Vec<f64> = correct
            .iter()
            .map(|&k| self.tick as f64 * self.layers[k].rate)
            .collect();
        let skew = spread(clocks.iter().copied());
        self.max_skew = self.max_skew.max(skew);
        let coherence = |v: &[f64]| {
            let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
            let var_ms2 = v
                .iter()
                .map(|x| ((x - m) / TICK_HZ * 1e3).powi(2))
                .sum::<f64>()
                / v.len().max(1) as f64;
            1.0 / (1.0 + var_ms2)
        };
        let beat = self.tick / self.timing.heartbeat_ticks;
        let consensus = if self.enabled && beat.is_multiple_of(self.timing.heartbeats_per_check) {
            self.rounds += 1;
            let r = self.round();
            self.predict();
            Some(r)
        } else {
            None
        };
        // The phase check, each layer against its own reference.
        let mut phase_error_deg = [0.0; NUM_LAYERS];
        let mut flagged = Vec::new();
        let mut started = Vec::new();
        let suspects: Vec<LayerId> = consensus
            .as_ref()
            .map(|c| c.faults_detected.clone())
            .unwrap_or_default();
        for k in 0..NUM_LAYERS {
            let id = LayerId::ALL[k];
            let e = self.phase_error(id);
            phase_error_deg[k] = e.to_degrees();
            if e.abs() > self.timing.margin_rad {
                flagged.push(id);
                self.layers[k].flags += 1;
                let s = &self.layers[k];
                // Gentle correction of the rhythm's own deviation (the clock's part is the
                // consensus slew's), for a layer the round did not find faulty.
                let own = match &s.rhythm {
                    Rhythm::Pll(p) => p.error,
                    Rhythm::Hopf(h) => wrap(s.omega * s.clock / TICK_HZ - h.phase()),
                };
                if self.enabled
                    && s.correction.is_none()
                    && !s.stuck()
                    && !suspects.contains(&id)
                    && own.abs() > self.timing.margin_rad
                    && self.start(id, own.to_degrees(), true).is_ok()
                {
                    started.push(id);
                }
            }
        }
        // The flow slot: each working layer sends its phase report to its neighbours.
        if consensus.is_some() {
            let bits = self.config.protocol.message_bits;
            let top = self.config.layer_sync.priority_levels - 1;
            for s in &self.layers {
                if matches!(s.fault, Some(FaultKind::Silent)) {
                    continue;
                }
                for c in [Channel::up(s.id), Channel::down(s.id)]
                    .into_iter()
                    .flatten()
                {
                    let _ = self.flow.submit(Message {
                        channel: c,
                        bits,
                        priority: top,
                    });
                }
            }
        }
        self.flow.serve(self.timing.heartbeat_ticks);
        self.heartbeats.push(HeartbeatRecord {
            tick: self.tick,
            skew_ticks: skew,
            control_skew_ticks: spread(control.iter().copied()),
            temporal_coherence: coherence(&clocks),
            control_temporal_coherence: coherence(&control),
            consensus,
            phase_error_deg,
            flagged,
            corrections_started: started,
            drift_ppm: std::array::from_fn(|k| self.layers[k].drift_ppm),
        });
    }

    /// The recorded phases (1 kHz, the last `coherence_window_s`): the nine rungs (bound rungs:
    /// their processor oscillator's phase, L2/3 slow-gamma scaled), then the three columns' L6.
    pub fn recorded_phases(&self) -> Vec<Vec<f64>> {
        self.rings.iter().map(Ring::ordered).collect()
    }

    /// Mean frequency of every rung since the start, Hz: a bound rung's processor oscillator
    /// (L2/3 slow-gamma scaled), a software rung's own.
    pub fn rung_frequencies_hz(&self) -> [f64; NUM_LAYERS] {
        let secs = self.tick.max(1) as f64 / TICK_HZ;
        std::array::from_fn(|k| {
            let s = &self.layers[k];
            let turned = match s.binding {
                Binding::Bound(_) => s.ref_unwrapped - s.ref_start,
                Binding::Software => s.phase(),
            };
            turned / TAU / secs
        })
    }

    /// PLL statistics of each bound rung: RMS and largest error after lock, degrees.
    pub fn pll_stats(&self) -> Vec<PllStats> {
        self.layers
            .iter()
            .filter_map(|s| match (&s.rhythm, s.binding) {
                (Rhythm::Pll(p), Binding::Bound(o)) => Some(PllStats {
                    layer: s.id,
                    oscillator: o,
                    rung_hz: s.omega / TAU,
                    natural_hz: p.ki.sqrt() / TAU,
                    damping: p.kp / (2.0 * p.ki.sqrt()),
                    lock_time_theory_s: p.lock_time_theory(),
                    rms_error_deg: if s.err_n > 0 {
                        (s.err_sq / s.err_n as f64).sqrt().to_degrees()
                    } else {
                        f64::NAN
                    },
                    max_error_deg: s.err_max.to_degrees(),
                    flags: s.flags,
                }),
                _ => None,
            })
            .collect()
    }

    /// Heartbeat flags per layer so far.
    pub fn flag_counts(&self) -> [u64; NUM_LAYERS] {
        std::array::from_fn(|k| self.layers[k].flags)
    }

    /// The seed the engine was made with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Consensus rounds run.
    pub fn rounds(&self) -> u64 {
        self.rounds
    }
}

/// One bound rung's PLL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PllStats {
    /// The layer.
    pub layer: LayerId,
    /// The processor oscillator it follows.
    pub oscillator: Oscillator,
    /// The rung's nominal frequency, Hz.
    pub rung_hz: f64,
    /// The loop's natural frequency ωₙ/2π, Hz.
    pub natural_hz: f64,
    /// The loop's damping ζ.
    pub damping: f64,
    /// 4/(ζωₙ), seconds.
    pub lock_time_theory_s: f64,
    /// Steady-state error after five lock times, degrees RMS.
    pub rms_error_deg: f64,
    /// Largest steady-state error, degrees.
    pub max_error_deg: f64,
    /// Heartbeats at which its error exceeded the margin.
    pub flags: u64,
}

/// Runs `ticks` ticks of `processor` on the held `inputs`, the engine observing after each.
/// The processor only ever sees `inputs`: the protocol reads it and never writes to it.
pub fn run_live(
    processor: &mut PhiNNeuralProcessor,
    inputs: &PhiNNeuralProcessorInputs,
    engine: &mut SyncEngine,
    ticks: u64,
) {
    for _ in 0..ticks {
        processor.tick(inputs);
        engine.observe(processor.probe());
    }
}
