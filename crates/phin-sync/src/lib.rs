//! # phin-sync: the layer synchronization protocol on the live processor
//!
//! The "Layer Synchronization Protocol (LSP)" source document describes nine hierarchical
//! layers that talk only to their ±1 neighbours, keep time together against drift and faulty
//! members, and stay phase coherent. This crate builds what of it is physical and measurable,
//! on top of the φⁿ processor, which it only reads (through
//! [`phin_core::Probe`]) and never writes: the core stays bit-exact and co-simulatable.
//!
//! ```
//! use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
//! use phin_sync::{run_live, Fault, SyncConfig, SyncEngine, SyncReport};
//!
//! let config = SyncConfig::from_toml("[layer_sync]\nheartbeat_frequency_hz = 10.0\n")?;
//! let faults: Vec<Fault> = vec!["1:drift=50".parse()?, "6:byzantine=50".parse()?];
//! let mut engine = SyncEngine::new(config, &faults, 7)?;
//! let mut processor = PhiNNeuralProcessor::default();
//! let inputs = PhiNNeuralProcessorInputs::default();
//! run_live(&mut processor, &inputs, &mut engine, 8_000); // two simulated seconds
//! let report = SyncReport::from_engine(&engine);
//! assert_eq!(report.summary.heartbeats, 20);
//! assert!(report.summary.within_tolerance); // skew ≤ 1 ms at every heartbeat
//! let last = report.heartbeats.last().unwrap();
//! let round = last.consensus.as_ref().unwrap();
//! assert_eq!(round.failed, 0);
//! assert_eq!(round.faults_detected[0].index(), 6); // the Byzantine layer, found
//! println!("skew {:.3} ticks (unsynchronized control: {:.3})", last.skew_ticks, last.control_skew_ticks);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What is built
//!
//! - **The ladder** ([`ladder`]): nine layers at 40/φⁿ Hz (40 … 0.85). Layers 0–4 follow the
//!   processor's L2/3 (slow gamma), L5b, L5a, L6 and theta through software second-order PLLs
//!   ([`rhythm::Pll`]); layers 5–8 are software Hopf oscillators ([`rhythm::Hopf`]). Every
//!   layer has its own clock (drift injectable in ppm), and its rhythm runs on that clock.
//! - **Channels** ([`Channel`]): only from a layer to its `up()` or `down()`; any other pair is
//!   [`SyncError::NotAdjacent`]. The [`flow`] coordinator shares each layer's capacity between
//!   its channels and serves messages by priority.
//! - **Faults** ([`Fault`]): drift (ppm), silent, stuck, Byzantine (a different lie to each
//!   receiver, from the seeded generator).
//! - **Consensus** ([`consensus`]): the Lynch–Welch fault-tolerant midpoint (n = 9, f = 2)
//!   behind the document's 0.75 agreement threshold; more faults than tolerated end in a
//!   reported failure or a bound violation the engine reports, never a silent success.
//! - **Heartbeat** (every 400 ticks, [`engine`]): each layer's phase error against its *own*
//!   reference (a PLL against its processor oscillator, a software rung against the phase its
//!   agreed time asks for), never between layers of different frequency; above 5° the layer is
//!   flagged and gently corrected.
//! - **Adiabatic correction**: 0.5° per tick, a stability check after each step, abort with
//!   [`SyncError::InstabilityDetected`].
//! - **Drift**: each layer's drift against the consensus by a 60 s regression of its
//!   corrections, and a predictive (linear, 60 s horizon) rate trim when the predicted drift
//!   passes the 1 ms tolerance.
//! - **Coherence and waves** ([`coherence`]): temporal coherence 1/(1 + var) beside an
//!   unsynchronized control; n:m phase coherence, the golden-ratio coupling of each adjacent
//!   pair and standing / travelling patterns (across the three columns and along the ladder),
//!   each beside its chance level.
//! - **Configuration** ([`params`]): the document's `[layer_sync]` block from TOML, plus the
//!   protocol's own `[protocol]` parameters; seconds become ticks in one place
//!   ([`Timing`]).
//!
//! ## Decisions where the document is not physical or contradicts itself
//!
//! Quantum entanglement synchronization has no API here. By the no-communication theorem
//! entanglement cannot carry timing information faster than a classical signal, and there is
//! no quantum hardware: every layer already shares the processor's 4 kHz tick.
//!
//! The others, each with its reason, are in `docs/sync.md`: the ladder descends; the consensus
//! votes travel on an all-to-all sync plane because Byzantine agreement is impossible on a ±1
//! chain (connectivity 1 < 2f + 1); "φ nanoseconds" precision is below the 250 µs tick, so
//! precision is stated in ticks; `coupling_strength` (never used by the document's formula)
//! is the PLV above which two rungs count as bound; the time of a layer and its rhythm are
//! separate (a clock that drifts, and an oscillator that runs on it).
//!
//! ## Determinism
//!
//! The 4 kHz tick is the only clock; the slower loops run at fixed tick counts in the order
//! [`engine`] documents; randomness comes only from the seed given to [`SyncEngine::new`]. The
//! same configuration, faults and seed give the same [`SyncReport`] bytes.
#![warn(missing_docs)]

pub mod coherence;
pub mod consensus;
pub mod engine;
pub mod error;
pub mod fault;
pub mod flow;
pub mod ladder;
pub mod params;
pub mod report;
pub mod rhythm;

pub use consensus::{Consensus, Decision, Outcome};
pub use engine::{
    run_live, CorrectionOutcome, CorrectionRecord, HeartbeatRecord, Perturbation, SyncEngine,
};
pub use error::{ParamError, SyncError};
pub use fault::{Fault, FaultKind};
pub use flow::{FlowCoordinator, FlowReport, Message};
pub use ladder::{Binding, Channel, LayerId, NUM_LAYERS};
pub use params::{LayerSyncParams, ProtocolParams, SyncConfig, Timing, PHI};
pub use report::SyncReport;
