//! # phin-core: the bit-exact model of the φⁿ neural processor
//!
//! The whole processor ([`PhiNNeuralProcessor`]) advances one 4 kHz clock-enable edge per
//! [`tick`](PhiNNeuralProcessor::tick), bit for bit as its RTL does (co-simulated against
//! Verilator in phin-cosim). Drive it through its inputs, read it through its probe:
//!
//! ```
//! use phin_core::identity::{ConsciousnessState, Oscillator, SiePhase};
//! use phin_core::PhiNNeuralProcessor;
//!
//! let mut p = PhiNNeuralProcessor::default();
//! let inputs = phin_core::PhiNNeuralProcessorInputs::builder()
//!     .state(ConsciousnessState::Meditation) // section 8.1
//!     .sensory(0.1)                          // a Q4.14 real, 1.0 full scale
//!     .build()
//!     .expect("inputs in range");
//! for _ in 0..40_000 {
//!     p.tick(&inputs); // ten simulated seconds
//! }
//! let probe = p.probe();
//! let theta = probe.oscillator(Oscillator::Theta);
//! println!("theta: phase {:.2} rad, amplitude {}", theta.phase(), theta.amplitude());
//! println!("SIE {}, Kuramoto R {}", probe.sie().phase, probe.kuramoto_r());
//! let snap = p.snapshot(); // every readout, Copy + serde
//! assert_eq!(snap.tick, 40_000);
//! assert_eq!(snap.config.state, ConsciousnessState::Meditation);
//! # let _ = SiePhase::Baseline;
//! ```
//!
//! - [`identity`]: the 21 oscillators ([`Oscillator::ALL`](identity::Oscillator::ALL), one
//!   documented order), columns, layers, SR harmonics, φⁿ bands, state and phase codes, with
//!   the description's frequencies. Every other crate takes these facts from here.
//! - [`probe`]: [`Probe`] (a borrowed, read-only view) and
//!   [`Snapshot`] (a copy of every readout).
//! - [`control`]: the inputs in physical units, checked.
//! - [`checkpoint`]: save at any tick, load, continue exactly.
//! - [`batch`]: many processors at once; sweeps ([`par_run`](batch::ProcessorBatch::par_run))
//!   and closed loops ([`par_drive`](batch::ProcessorBatch::par_drive)).
//! - [`recorder`] and [`Observable`]: every register by its RTL name, for debugging.
//!
//! The processor's children are private: reading goes through the probe (or by RTL name),
//! writing only through the inputs, and the compiler enforces it.
//!
//! ## One module per RTL module
//!
//! Below the top, one Rust module per RTL module, with the same name and the same port names:
//! the module `hopf_oscillator` here is `rtl/hopf_oscillator.v`, its contract is
//! `docs/spec/hopf_oscillator.md` and its testbench `testbenches/tb_hopf_oscillator.v`. The
//! tick contract (docs/architecture.md): every stateful module is a state struct whose `tick`
//! performs exactly one rising clock edge with `clk_en` high; combinational outputs are computed
//! from the registers by the same code. Nothing here allocates, locks, reads the clock or draws
//! randomness per tick: all noise comes from the RTL's own LFSRs, bit for bit. Verilog
//! arithmetic lives in [`fixed_point`]; constants in [`constants`]. Section numbers cite the
//! processor description, phi-n-processor-system-description.md (docs/sources.md).
//!
//! ```
//! use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
//! use phin_core::sr_noise_generator::SrNoiseGenerator;
//! use phin_core::Observable;
//!
//! let mut theta = HopfOscillator::new();
//! let inputs = HopfOscillatorInputs { mu_dt: 3, omega_dt: 152, input_x: 0 };
//! for _ in 0..4_000 {
//!     theta.tick(&inputs); // one 4 kHz clock enable: one simulated second in all
//! }
//! assert!(theta.outputs().amplitude > 8_192);
//!
//! let noise = SrNoiseGenerator::new();
//! assert_eq!(noise.read("u_lfsr_f2.lfsr"), Some(0xD4A9));
//! ```
#![warn(missing_docs)]
// The model's loops mirror the RTL's `for (h = 0; h < 5; h = h + 1)` blocks, which index several
// per-harmonic (per-layer, per-pair) arrays by one variable; an iterator over one of them would
// hide the correspondence a reader checks against the Verilog.
#![allow(clippy::needless_range_loop)]

pub mod amplitude_envelope_generator;
pub mod batch;
pub mod bicoherence_monitor;
pub mod boundary_generator;
pub mod ca3_phase_memory;
pub mod checkpoint;
pub mod clock_enable_generator;
pub mod config_controller;
pub mod constants;
pub mod control;
pub mod cortical_column;
pub mod cortical_frequency_drift;
pub mod coupling_mode_controller;
pub mod coupling_susceptibility;
pub mod dendritic_compartment;
pub mod energy_landscape;
pub mod fixed_point;
pub mod harmonic_spacing_index;
pub mod hopf_oscillator;
pub mod hopf_oscillator_stochastic;
pub mod identity;
pub mod kuramoto_order_parameter;
pub mod lane;
pub mod lane_batch;
pub mod layer1_minimal;
pub mod lfsr16;
pub mod memo;
pub mod output_mixer;
pub mod pac_strength;
pub mod phi_n_neural_processor;
pub mod pink_noise_generator;
pub mod probe;
pub mod pv_interneuron;
pub mod quarter_integer_detector;
pub mod recorder;
pub mod signals;
pub mod sin_quarter_lut;
pub mod sr_frequency_drift;
pub mod sr_harmonic_bank;
pub mod sr_ignition_controller;
pub mod sr_noise_generator;
pub mod thalamus;

pub use phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs,
    PhiNNeuralProcessorParams,
};
pub use probe::{Probe, Snapshot};
pub use signals::{Observable, Signal};
