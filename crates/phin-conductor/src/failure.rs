//! The four failure modes of neural-conductor-theory.md ("Failure Mode Analysis"), each with a
//! fault that can be injected, a detector, a recovery and a metric the recovery is judged by.
//!
//! | mode | injected fault | detector (checked every routing step, 10 ms) | recovery (the document's words) | metric |
//! |---|---|---|---|---|
//! | desynchronisation cascade | the conductor's locked relations are kicked by 180°: every software layer's oscillator is turned, and the steering loop's phase state is scrambled | a locked relation's 30 ms mean phase deviates > 60° from its 5 s mean for 25 ms | "re-establish oscillatory coupling": each software layer is turned back to its locked relation with its drive (it is the conductor's own oscillator), the steering loop returns to its last locked state at the largest amplitude; cleared when every relation is within 20° for 0.5 s | the phase-locking (0.2 s) of the worst locked relation |
//! | chemical imbalance | the transmitter levels are set far from their defaults | a level is more than 0.35 from its default | "restore chemical balance gradually": first-order return to the defaults (τ 2 s) until within 0.05 | the chemical modifier C |
//! | attention fragmentation | the focus is split among 10 foci (focus 1/10) | the focus is below 0.5 for 10 ms | "restore attention focus mechanisms": the extra foci are released (τ 1 s) | the attention focus |
//! | layer overload | a burst of 40 messages enters one layer | a layer's load is above 0.8 (the attenuation's load knee) for 10 ms | "load balancing and capacity management": the layer is isolated (flows × 0.1, backup routes), its queue shed to load 0.5, and released once below that, its flow factor then restored gradually | 1 − the largest load |
//!
//! A recovery is judged by the metric: its pre-fault value is its mean over the second before
//! the fault; the fault is recovered at the first time from which the metric stays within
//! 10 % of that value for a whole second.

use crate::chemistry::Neuromodulators;
use crate::error::{check_range, ConductorError, Result};
use crate::layers::ConductorLayer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One of the four failure modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureMode {
    /// "Desynchronization Cascade".
    Desynchronization,
    /// "Chemical Imbalance".
    ChemicalImbalance,
    /// "Attention Fragmentation".
    AttentionFragmentation,
    /// "Layer Overload".
    LayerOverload,
}

impl FailureMode {
    /// The four, in the document's order.
    pub const ALL: [FailureMode; 4] = [
        FailureMode::Desynchronization,
        FailureMode::ChemicalImbalance,
        FailureMode::AttentionFragmentation,
        FailureMode::LayerOverload,
    ];

    /// Position in [`FailureMode::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Stable name.
    pub const fn name(self) -> &'static str {
        match self {
            FailureMode::Desynchronization => "desynchronization",
            FailureMode::ChemicalImbalance => "chemical_imbalance",
            FailureMode::AttentionFragmentation => "attention_fragmentation",
            FailureMode::LayerOverload => "layer_overload",
        }
    }

    /// The metric a recovery is judged by.
    pub const fn metric(self) -> &'static str {
        match self {
            FailureMode::Desynchronization => "phase-locking of the worst locked relation (0.2 s)",
            FailureMode::ChemicalImbalance => "chemical modifier C",
            FailureMode::AttentionFragmentation => "attention focus",
            FailureMode::LayerOverload => "1 - largest layer load",
        }
    }
}

impl fmt::Display for FailureMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fault to inject.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultKind {
    /// Turns every locked relation by `kick_deg`.
    Desynchronization {
        /// The kick, degrees.
        kick_deg: f64,
    },
    /// Sets the transmitter levels.
    ChemicalImbalance {
        /// The levels set.
        levels: Neuromodulators,
    },
    /// Splits the attention among `foci` foci.
    AttentionFragmentation {
        /// Number of foci (≥ 1).
        foci: f64,
    },
    /// A burst of messages entering one layer (for Output, from the layer before it).
    LayerOverload {
        /// The layer.
        layer: ConductorLayer,
        /// How many messages.
        messages: u32,
    },
}

impl FaultKind {
    /// The failure mode this fault causes.
    pub fn mode(&self) -> FailureMode {
        match self {
            FaultKind::Desynchronization { .. } => FailureMode::Desynchronization,
            FaultKind::ChemicalImbalance { .. } => FailureMode::ChemicalImbalance,
            FaultKind::AttentionFragmentation { .. } => FailureMode::AttentionFragmentation,
            FaultKind::LayerOverload { .. } => FailureMode::LayerOverload,
        }
    }

    /// The default fault of a mode (the table in the module docs).
    pub fn default_for(mode: FailureMode) -> FaultKind {
        match mode {
            FailureMode::Desynchronization => FaultKind::Desynchronization { kick_deg: 180.0 },
            FailureMode::ChemicalImbalance => FaultKind::ChemicalImbalance {
                levels: Neuromodulators {
                    dopamine: 1.0,
                    serotonin: 0.1,
                    norepinephrine: 1.0,
                    acetylcholine: 0.0,
                    gaba: 0.1,
                },
            },
            FailureMode::AttentionFragmentation => FaultKind::AttentionFragmentation { foci: 10.0 },
            FailureMode::LayerOverload => FaultKind::LayerOverload {
                layer: ConductorLayer::Executive,
                messages: 40,
            },
        }
    }
}

/// A fault at a time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// When, seconds from the start of the run.
    pub at_s: f64,
    /// What.
    pub kind: FaultKind,
}

impl Fault {
    /// Checks the fields.
    pub fn validate(&self, field: &str) -> Result<()> {
        check_range(&format!("{field}.at_s"), self.at_s, 0.0, 1e7)?;
        match self.kind {
            FaultKind::Desynchronization { kick_deg } => {
                check_range(&format!("{field}.kind.kick_deg"), kick_deg, -360.0, 360.0)
            }
            FaultKind::ChemicalImbalance { levels } => {
                for n in crate::chemistry::Neurotransmitter::ALL {
                    check_range(&format!("{field}.kind.levels.{n}"), levels.get(n), 0.0, 1.0)?;
                }
                Ok(())
            }
            FaultKind::AttentionFragmentation { foci } => {
                check_range(&format!("{field}.kind.foci"), foci, 1.0, 1e6)
            }
            FaultKind::LayerOverload { messages, .. } => {
                if messages > 100_000 {
                    Err(ConductorError::out_of_range(
                        format!("{field}.kind.messages"),
                        messages,
                        "0 … 100000",
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// The detectors' and recoveries' constants.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorParams {
    /// Desynchronisation: deviation of a relation's fast mean from its slow mean that counts
    /// as lost, degrees: 60.
    pub desync_deviation_deg: f64,
    /// … for this long, seconds: 0.025 (100 ticks).
    pub desync_hold_s: f64,
    /// Time constant of a relation's fast mean, seconds: 0.03.
    pub relation_fast_tau_s: f64,
    /// Time constant of a relation's slow mean (its locked phase), seconds: 5.
    pub relation_slow_tau_s: f64,
    /// Time constant of a relation's locking metric, seconds: 0.2.
    pub relation_metric_tau_s: f64,
    /// Deviation under which a relation counts as re-locked, degrees: 20.
    pub desync_clear_deg: f64,
    /// … for this long, seconds: 0.5.
    pub desync_clear_s: f64,
    /// Chemical imbalance: largest deviation of a level from its default, 0.35.
    pub chemical_deviation: f64,
    /// … cleared below: 0.05.
    pub chemical_clear: f64,
    /// Attention fragmentation: focus below which it is raised: 0.5.
    pub attention_min_focus: f64,
    /// … cleared above: 0.9.
    pub attention_clear_focus: f64,
    /// Time constant of the release of extra foci, seconds: 1.
    pub attention_restore_tau_s: f64,
    /// Layer overload: load above which it is raised (the attenuation's load knee): 0.8.
    pub overload_load: f64,
    /// … cleared (and shed down to) this load: 0.5.
    pub overload_clear_load: f64,
    /// Hold of the attention and overload conditions, seconds: 0.01.
    pub hold_s: f64,
    /// A recovery counts when the metric is within this fraction of its pre-fault value: 0.1.
    pub recovery_tolerance: f64,
    /// … continuously for this long, seconds: 1.
    pub recovery_hold_s: f64,
}

impl Default for DetectorParams {
    fn default() -> Self {
        DetectorParams {
            desync_deviation_deg: 60.0,
            desync_hold_s: 0.025,
            relation_fast_tau_s: 0.03,
            relation_slow_tau_s: 5.0,
            relation_metric_tau_s: 0.2,
            desync_clear_deg: 20.0,
            desync_clear_s: 0.5,
            chemical_deviation: 0.35,
            chemical_clear: 0.05,
            attention_min_focus: 0.5,
            attention_clear_focus: 0.9,
            attention_restore_tau_s: 1.0,
            overload_load: 0.8,
            overload_clear_load: 0.5,
            hold_s: 0.01,
            recovery_tolerance: 0.1,
            recovery_hold_s: 1.0,
        }
    }
}

impl DetectorParams {
    /// Checks every field.
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |n: &str| format!("{field}.{n}");
        check_range(
            &f("desync_deviation_deg"),
            self.desync_deviation_deg,
            0.0,
            180.0,
        )?;
        check_range(&f("desync_hold_s"), self.desync_hold_s, 0.0, 60.0)?;
        check_range(
            &f("relation_fast_tau_s"),
            self.relation_fast_tau_s,
            0.0,
            60.0,
        )?;
        check_range(
            &f("relation_slow_tau_s"),
            self.relation_slow_tau_s,
            0.0,
            3600.0,
        )?;
        check_range(
            &f("relation_metric_tau_s"),
            self.relation_metric_tau_s,
            0.0,
            3600.0,
        )?;
        check_range(
            &f("desync_clear_deg"),
            self.desync_clear_deg,
            0.0,
            self.desync_deviation_deg,
        )?;
        check_range(&f("desync_clear_s"), self.desync_clear_s, 0.0, 60.0)?;
        check_range(&f("chemical_deviation"), self.chemical_deviation, 0.0, 1.0)?;
        check_range(
            &f("chemical_clear"),
            self.chemical_clear,
            0.0,
            self.chemical_deviation,
        )?;
        check_range(
            &f("attention_min_focus"),
            self.attention_min_focus,
            0.0,
            1.0,
        )?;
        check_range(
            &f("attention_clear_focus"),
            self.attention_clear_focus,
            self.attention_min_focus,
            1.0,
        )?;
        check_range(
            &f("attention_restore_tau_s"),
            self.attention_restore_tau_s,
            0.0,
            3600.0,
        )?;
        check_range(&f("overload_load"), self.overload_load, 0.0, 1.0)?;
        check_range(
            &f("overload_clear_load"),
            self.overload_clear_load,
            0.0,
            self.overload_load,
        )?;
        check_range(&f("hold_s"), self.hold_s, 0.0, 60.0)?;
        check_range(&f("recovery_tolerance"), self.recovery_tolerance, 0.0, 1.0)?;
        check_range(&f("recovery_hold_s"), self.recovery_hold_s, 0.0, 3600.0)?;
        Ok(())
    }
}

/// One raised detector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// The mode.
    pub mode: FailureMode,
    /// Tick it was raised.
    pub raised_tick: u64,
    /// Tick it cleared (`None`: still raised at the end).
    pub cleared_tick: Option<u64>,
    /// What the detector saw, e.g. the relation or the layer.
    pub detail: String,
}

/// What became of one injected fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultOutcome {
    /// The fault.
    pub fault: Fault,
    /// Its mode.
    pub mode: FailureMode,
    /// Tick injected.
    pub injected_tick: u64,
    /// Ticks from the injection to the first alarm of its mode (`None`: never raised).
    pub detected_after_ticks: Option<u64>,
    /// The metric judged.
    pub metric: String,
    /// The metric's mean over the second before the fault.
    pub pre_fault: f64,
    /// Its value at the detection (or at the injection if never detected).
    pub at_detection: f64,
    /// Seconds from the injection until the metric is within the tolerance for the hold time
    /// (`None`: not within the run).
    pub recovered_after_s: Option<f64>,
}
