//! # phin-py: phin from Python
//!
//! The Rust side of the `phin` Python package (docs/python.md): a processor or an ensemble run
//! from a notebook comes back as an `xarray.Dataset` whose values are those of the bit-exact
//! model, tick for tick.
//!
//! - [`inputs`]: the processor's input ports under their Python names, in physical units, with
//!   the range checks whose errors name the field.
//! - [`engine`]: what drives a processor from tick to tick (held inputs, per-tick arrays, a sine
//!   drive, `phin run`'s seeded background noise), what is recorded, and the loops of one
//!   processor and of an ensemble on all cores. Plain Rust, tested without Python.
//! - `python` (cargo feature `python`, which maturin turns on): the extension module
//!   `phin._phin`; the package's public face is Python (`python/phin/`), which turns what the
//!   module returns into Datasets.
//!
//! Build and install the package with `pip install ./crates/phin-py` (maturin is its build
//! backend).
#![warn(missing_docs)]

pub mod engine;
pub mod inputs;
#[cfg(feature = "python")]
mod python;
