//! # phin-conductor: "Neural Conductor Theory" on the live φⁿ processor
//!
//! The source document (neural-conductor-theory.md) describes a conductor that orchestrates
//! seven brain layers by oscillatory synchronisation, a chemical state and priority queues,
//! with a coordination equation R = S·C·P·(1 − A) deciding what flows between layers. This
//! crate builds what of it is physical and measurable on the processor phin-core simulates,
//! and writes down where the document contradicts itself or the processor (docs/conductor.md).
//!
//! It observes the processor only through phin-core's [`Probe`](phin_core::Probe) and acts
//! only through its input ports ([`PhiNNeuralProcessorInputs`](phin_core::PhiNNeuralProcessorInputs)),
//! so the processor stays bit-exact and co-simulatable under it. It is deterministic and
//! tick-driven ([`time`]: the 4 kHz tick is the only clock; slower loops run every 4, 40, 400
//! and 4000 ticks in a documented order); all randomness comes from seeds passed in. Every
//! constant is a named serde parameter whose default is the document's value.
//!
//! - [`entrain`]: the entrainment engine. Sines and pulse trains on the sensory input or the
//!   SR field, over a grid of (frequency, amplitude, state), one processor per point on the
//!   driven batch across all cores: Arnold tongues, beside drive-off controls.
//! - [`steering`]: the document's phase-locked loop in physical form: a drive that holds a
//!   processor oscillator at a commanded offset from a reference clock, against the open-loop
//!   sine.
//! - [`layers`]: the seven conductor layers mapped onto processor oscillators; the two with
//!   none run software Hopf oscillators of the processor's form, locked to theta.
//! - [`coherence`]: S as the windowed n:m coherence of two layers (not cos Δφ, which is a beat
//!   between bands that do not lock), beside its surrogate and clock-control chance levels.
//! - [`flow`], [`chemistry`], [`network`]: the coordination equation, the attenuation, the
//!   7×7 flow matrix as the routing graph (two of its claimed properties are false), the
//!   neurotransmitter state with scheduled release and decay, pre-empting priority queues,
//!   adaptive routing and error containment.
//! - [`failure`]: the four failure modes, each with a fault to inject, a detector and a
//!   recovery.
//! - [`conductor`]: all of it beside a live processor, with the document's four metrics each
//!   reported beside its chance level.
//!
//! ```
//! use phin_conductor::flow::{attenuation, flow_rate, transmits, AttenuationParams};
//! use phin_conductor::chemistry::{Chemistry, ChemistryParams};
//! use phin_conductor::conductor::{run, ConductorParams};
//!
//! // The coordination equation with the document's numbers: two locked layers (S = 1) one
//! // step apart, default chemistry (C = 0.47), a message of priority 1.
//! let c = Chemistry::new(ChemistryParams::default()).modifier();
//! let a = attenuation(&AttenuationParams::default(), 1.0, 0.0, 0.5, 0.0);
//! let r = flow_rate(1.0, c, 1.0, a.total);
//! assert!((r - 0.47 * (-0.1f64).exp()).abs() < 1e-12);
//! assert!(transmits(r, 0.1));
//!
//! // The conductor on a live processor for four simulated seconds (1 s after its warm-up).
//! let params = ConductorParams { warmup_s: 3.0, ..ConductorParams::default() };
//! let report = run(&params, 4.0, |_, _| {}).unwrap();
//! let s = &report.metrics.sync_quality;
//! println!("mean n:m coherence {:.3} beside its chance level {:.3}", s.value, s.chance);
//! assert_eq!(report.layers.len(), 7);
//! ```
#![warn(missing_docs)]

pub mod chemistry;
pub mod coherence;
pub mod conductor;
pub mod entrain;
pub mod error;
pub mod failure;
pub mod flow;
pub mod layers;
pub mod network;
pub mod steering;
pub mod time;

pub use error::{ConductorError, Result};
