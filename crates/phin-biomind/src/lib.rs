//! # phin-biomind: a neuromodulated learner on standard behavioural tasks, bound to the live processor
//!
//! Part 1 of BIOMIND on the φⁿ processor (docs/biomind.md): an agent that learns the standard
//! tasks of behavioural neuroscience — the two-armed bandit, probabilistic reversal learning,
//! the orthogonalised go/no-go, Pavlovian conditioning — while four neuromodulators (DA, NE,
//! 5-HT, ACh) carry and modulate its learning, and while its clock, its state features and its
//! arousal run through a live, bit-exact processor. Every session is deterministic and
//! tick-driven on the processor's 4 kHz clock, seeded, checkpointable, and writes the trial table
//! hierarchical-Bayesian fitting packages read (hBayesDM), so the agent can be fitted with the
//! tools used on people.
//!
//! ```
//! use phin_biomind::record::trial_table;
//! use phin_biomind::run::run_sessions;
//! use phin_biomind::session::{Ablation, SessionParams};
//! use phin_biomind::tasks::{TaskKind, TaskParams};
//!
//! // Two agents, 12 trials of reversal learning each, on live processors.
//! let mut task = TaskParams::for_kind(TaskKind::Reversal);
//! task.trials = 12;
//! let agents: Vec<SessionParams> = (1..=2)
//!     .map(|subject| {
//!         let mut p = SessionParams::new(task.clone(), 42, subject);
//!         p.binding.warmup_jitter_s = 1.0; // a short seeded warm-up for the example
//!         p
//!     })
//!     .collect();
//! let sessions = run_sessions(agents, Ablation::None, |_, _| {}).unwrap();
//! let rows: Vec<_> = sessions.iter().flat_map(|s| s.records().to_vec()).collect();
//! let table = trial_table(TaskKind::Reversal, &rows);
//! assert!(table.starts_with("subjID\ttrial\tchoice\toutcome"));
//! assert_eq!(table.lines().count(), 1 + 2 * 12);
//! ```
//!
//! The parts, bottom up:
//!
//! - [`time`]: seconds ↔ ticks and every per-tick factor, in one place (the blueprint's
//!   "0.993 per step" is per millisecond).
//! - [`nt`]: the one neurotransmitter model, reconciled from the blueprint's two.
//! - [`circuits`]: the prediction-error circuits, with the blueprint's sign errors fixed.
//! - [`modulation`]: DA carries δ, ACh sets α, NE sets β, 5-HT sets γ — each switchable.
//! - [`agent`]: the learner (TD(λ) over within-trial time, softmax on action values, the
//!   Pavlovian go term).
//! - [`tasks`]: the four tasks, timing in seconds; [`baselines`]: Q-learning, the 10-armed
//!   testbed, the blueprint's TD(λ) actor-critic.
//! - [`binding`]: how the agent reads the processor (probe only) and acts on it (inputs only):
//!   theta clock and gate, arousal → state, snapshot features, tagged outcome pulses, seeded
//!   warm-up.
//! - [`session`]: one agent, one task, one processor, tick by tick; [`run`]: many, on all
//!   cores, or without the processor, or on time-shuffled replays.
//! - [`record`], [`metrics`], [`stats`], [`report`]: trial tables, endpoints, intervals,
//!   reports.
//!
//! Part 2 (docs/biomind.md, "Part 2") adds the upper layers and runs them in one multi-rate loop
//! on the processor:
//!
//! - [`workspace`]: the global workspace — attention, salience, softmax competition for K = 7
//!   slots, three-criteria all-or-none ignition, dwell, hysteresis, PFC override, DMN context,
//!   the energy's sign error fixed; [`blink`]: its ignition sweep and attentional blink.
//! - [`affect`]: valence and arousal as attractor dynamics, and the qualia↔thought coupling.
//! - [`critic`]: the subconscious critic (EXECUTE / REFLECT / RETREAT, NE surge, state request).
//! - [`memory`]: thalamic gating on the processor's theta windows; an episodic store indexed by
//!   the processor's CA3 and written on its learn events.
//! - [`pfc`]: executive control (maintain, shift, inhibit); [`bg`]: the basal-ganglia evaluation
//!   gate, commitment and avoidance.
//! - [`cognition`]: the MDN orchestrator, specialists and the DMN loop behind the
//!   [`cognition::TextEmbedder`] and [`cognition::Specialist`] traits, with deterministic
//!   stand-ins that do not understand language.
//! - [`mind`]: the loop, its order and rates, [`mind::MindSnapshot`] and checkpoints;
//!   [`mindtask`]: the loop around part 1's learner on a task.
//!
//! Part 3 (docs/biomind.md, "Part 3") adds the body and the oscillations:
//!
//! - [`body`]: a synthetic body (plants, stressors, afferents, allostatic load, drives, threat
//!   override) around the learner.
//! - [`oscillatory`]: the oscillatory basis — theta, alpha, gamma from the processor, a software
//!   delta on phin-core's Hopf oscillator, the gated oscillatory parameter learning.
//! - [`indices`]: the dynamical indices of the five states, each on a named signal beside its
//!   surrogate baseline, and which of them separate ANESTHESIA, NORMAL and PSYCHEDELIC.
//!
//! ```
//! use phin_biomind::mind::{drive, Mind, MindParams, ScenarioKind};
//!
//! // Four seconds of the threat scenario with the threat from 3.0 s to 3.5 s.
//! let mut p = MindParams::new(ScenarioKind::Threat, 7);
//! p.scenario.threat_from_s = 3.0;
//! p.scenario.threat_to_s = 3.5;
//! let mut mind = Mind::new(p).unwrap();
//! let mut processor = phin_core::PhiNNeuralProcessor::default();
//! drive(&mut mind, &mut processor, 16_000, &mut |_| {});
//! assert_eq!(mind.retreat_tick(), Some(12_000)); // the critic cycle at the threat's onset
//! ```
//!
//! Part 3 (docs/biomind.md, "Part 3") adds [`body`]: a synthetic body (glucose, heart rate,
//! temperature, energy; seeded noise; scheduled exertion, fasting and heat), its interoceptive
//! afferents (precision, reliability with the blueprint's sign error fixed), predictive
//! allostasis, leaky allostatic load on three timescales, drives and the threat override; a
//! session carries it ([`session::SessionParams::body`]) and hands its drive to the learner.
//!
//! The crate reads the processor only through `phin_core`'s probe and acts only through its
//! inputs, so the processor stays bit-exact and co-simulatable under the agent and the mind.
#![warn(missing_docs)]

pub mod affect;
pub mod agent;
pub mod baselines;
pub mod bg;
pub mod binding;
pub mod blink;
pub mod body;
pub mod circuits;
pub mod cognition;
pub mod critic;
pub mod error;
pub mod indices;
pub mod memory;
pub mod metrics;
pub mod mind;
pub mod mindtask;
pub mod modulation;
pub mod nt;
pub mod oscillatory;
pub mod pfc;
pub mod record;
pub mod report;
pub mod rng;
pub mod run;
pub mod session;
pub mod stats;
pub mod tasks;
pub mod time;
pub mod workspace;
