//! # phin-analysis: measurement of phin traces, off the tick path
//!
//! f64 measurement of what the bit-exact model in `phin-core` records. Nothing here runs inside a
//! tick, so it may allocate.
#![warn(missing_docs)]

pub mod spectrum;
pub mod trace;

pub use spectrum::{band_peak, spectral_slope, welch_psd, BandPeak, Psd};
pub use trace::{q14_stats, zero_crossing_frequency};
