//! # phin-core: the bit-exact model of the φⁿ neural processor
//!
//! One Rust module per RTL module, with the same name and the same port names: the module
//! `hopf_oscillator` here is `rtl/hopf_oscillator.v`, its contract is
//! `docs/spec/hopf_oscillator.md` and its testbench `testbenches/tb_hopf_oscillator.v`.
//!
//! The tick contract (shared/DESIGN.md): every stateful module is a state struct whose `tick`
//! performs exactly one rising clock edge with `clk_en` high; combinational outputs are computed
//! from the registers by the same code. Nothing here allocates, locks, reads the clock or draws
//! randomness per tick: all noise comes from the RTL's own LFSRs, bit for bit.
//!
//! Verilog arithmetic lives in [`fixed_point`]; constants in [`constants`]; hierarchical signal
//! access in [`signals`]; saving and restoring a processor in [`checkpoint`].
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

pub use signals::{Observable, Signal};
