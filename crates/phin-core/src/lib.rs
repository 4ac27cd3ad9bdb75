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
//! access in [`signals`].
#![warn(missing_docs)]

pub mod analysis;
pub mod constants;
pub mod fixed_point;
pub mod hopf_oscillator;
pub mod hopf_oscillator_stochastic;
pub mod lfsr16;
pub mod signals;
pub mod sr_noise_generator;

pub use signals::{Observable, Signal};
