//! # phin-analysis: measurement of phin traces, off the tick path
//!
//! f64 measurement of what the bit-exact model in `phin-core` produces. Nothing here runs inside
//! a tick, so it may allocate; the model never depends on it (phin-core uses it only in its
//! tests), so embedders of the model do not pull in an FFT.
//!
//! - [`spectrum`]: Welch power spectral density, band peaks, spectral slope, and the table of the
//!   φⁿ bands ([`phin_core::identity::Band`]).
//! - [`trace`]: frequency from zero crossings, min / mean / max of Q14 traces.
//! - [`phase`](mod@phase): phase and instantaneous frequency from an oscillator's (x, y), circular mean and
//!   spread, the Kuramoto order parameter.
//! - [`locking`]: 1:1 and n:m phase-locking values, whole-series and windowed, with n:m chosen by
//!   rational approximation of the frequency ratio.
//! - [`pac`]: the normalised modulation index of Tort et al. 2010.
//! - [`complexity`]: Lempel-Ziv (1976) complexity, Kaspar & Schuster's count.
//! - [`information`]: permutation entropy (Bandt & Pompe 2002), histogram mutual information and
//!   the pairwise-mutual-information integration measure; [`phase::metastability`], the SD
//!   over time of the Kuramoto R, sits with the other phase measures.
//! - [`surrogate`]: the surrogate baselines; [`observers`]: incremental meters fed per tick
//!   (frequency, SIE events).
//!
//! **Every figure with a chance level is reported beside it.** Several of this processor's
//! figures sit exactly at chance: its six cortical oscillators run at incommensurate (φ-spaced)
//! frequencies, so their Kuramoto R is that of six unrelated phases, 0.365. Each measure
//! therefore has a `…_with_baseline` form that also computes it on seeded surrogates and returns
//! a [`Baselined`]: the value, the surrogates' mean, standard deviation and 95th percentile, K,
//! the seed and a p-value. The [`surrogate`] module says what each surrogate keeps and destroys.
//!
//! Units: phases in radians, frequencies in Hz, sample rates a parameter (the processor's is
//! [`phin_core::constants::TICK_HZ`], 4 kHz, which the observers take by default). The
//! processor's facts (frequencies, band edges, SIE thresholds) come from `phin_core`'s
//! `identity` and `constants`, never retyped here. Bad input gives an [`AnalysisError`] naming
//! the argument and the allowed range, never a panic.
//!
//! ```
//! use phin_analysis::locking::{plv_nm_with_baseline, NmRatio};
//! use phin_analysis::phase::{mean_kuramoto_r_with_baseline, phase};
//! use phin_analysis::Surrogates;
//! use phin_core::constants::TICK_HZ;
//! use phin_core::identity::Layer;
//!
//! // Two oscillators recorded as (x, y) for 10 s: L6 (9.53 Hz) and one locked 2:1 above it,
//! // both wandering together; phases from atan2(y, x).
//! let drift = |t: usize| 0.3 * (t as f64 / 7_000.0).sin() + 0.2 * (t as f64 / 3_100.0).cos();
//! let turn = |t: usize| std::f64::consts::TAU * Layer::L6.nominal_hz() * t as f64 / TICK_HZ;
//! let n = 40_000;
//! let slow: Vec<f64> = (0..n)
//!     .map(|t| {
//!         let a = turn(t) + drift(t);
//!         phase(a.cos(), a.sin())
//!     })
//!     .collect();
//! let fast: Vec<f64> = (0..n).map(|t| 2.0 * (turn(t) + drift(t)) + 1.0).collect();
//!
//! // fa:fb = 1:2, chosen from the frequencies.
//! let ratio = NmRatio::for_frequencies(9.53, 19.06, 8, 0.05).unwrap();
//! assert_eq!(ratio.to_string(), "1:2");
//! let locked = plv_nm_with_baseline(&slow, &fast, ratio, Surrogates::new(50, 1)).unwrap();
//! assert!(locked.value > 0.999 && locked.above_chance());
//!
//! // Kuramoto R of unrelated oscillators sits at its chance level.
//! let others: Vec<Vec<f64>> = [5.89, 15.42, 24.94]
//!     .iter()
//!     .map(|hz| (0..n).map(|t| std::f64::consts::TAU * hz * t as f64 / TICK_HZ).collect())
//!     .collect();
//! let r = mean_kuramoto_r_with_baseline(&others, Surrogates::new(20, 2)).unwrap();
//! assert!((r.value - r.chance.mean).abs() < 0.05);
//! println!("{}", serde_json::to_string(&r).unwrap());
//! ```
#![warn(missing_docs)]

pub mod complexity;
pub mod error;
pub mod information;
pub mod locking;
pub mod observers;
pub mod pac;
pub mod phase;
pub mod spectrum;
pub mod surrogate;
pub mod trace;

pub use complexity::{lempel_ziv_complexity, lempel_ziv_with_baseline};
pub use error::{AnalysisError, Result};
pub use information::{
    mutual_information, pairwise_mi_integration, pairwise_mi_integration_with_baseline,
    permutation_entropy, permutation_entropy_with_baseline,
};
pub use locking::{
    plv, plv_nm, plv_nm_with_baseline, plv_with_baseline, rational_approximation, windowed_plv_nm,
    windowed_plv_nm_with_baseline, NmRatio,
};
pub use observers::{FrequencyMeter, SieEvent, SieEventDetector};
pub use pac::{tort_modulation_index, tort_modulation_index_with_baseline};
pub use phase::{
    circular_stats, instantaneous_frequency, kuramoto_r, mean_kuramoto_r,
    mean_kuramoto_r_with_baseline, metastability, metastability_with_baseline, phase,
    CircularStats,
};
pub use spectrum::{
    band_envelope, band_peak, band_power, band_table, spectral_slope, welch_psd, BandPeak,
    BandPower, Psd, WelchPsd,
};
pub use surrogate::{Baselined, Chance, SurrogateMethod, Surrogates};
pub use trace::{q14_stats, zero_crossing_frequency};
