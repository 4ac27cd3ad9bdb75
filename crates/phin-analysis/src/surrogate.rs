//! Surrogate baselines: the chance level every figure is reported beside.
//!
//! Several of this processor's figures sit exactly at their chance level (six unrelated phases
//! give a Kuramoto R of 0.365; unrelated phases give |cos Δφ| = 2/π), so a figure alone says
//! nothing. Each measure of this crate has a `…_with_baseline` form that computes the figure and
//! the same figure on `K` surrogates, series that keep some properties of the data and destroy
//! the one the figure is about, and returns both as a [`Baselined`].
//!
//! The surrogates (what each destroys and keeps is also stated at the measure):
//!
//! - [`SurrogateMethod::IndependentShifts`] (phase locking, Kuramoto R): every series but the
//!   first is shifted circularly in time by its own random lag. Each series keeps its whole
//!   dynamics (spectrum, frequency drift, amplitude); the relation between the series at equal
//!   times is destroyed. Two caveats make the chance level high, and it should be: phases that
//!   drift slowly compared with the series' length leave few independent stretches, and two
//!   strictly periodic series at commensurate frequencies stay locked under any shift (only
//!   their phase offset changes, plus one jump where the shift wraps around, none over a whole
//!   number of cycles): their "locking" is then nothing more than two stable frequencies, and
//!   the baseline says so.
//! - [`SurrogateMethod::AmplitudeShift`] (Tort modulation index): the amplitude series is shifted
//!   circularly against the phase series. Both keep their own dynamics and the amplitude keeps
//!   its distribution; the phase-amplitude relation is destroyed (with the same caveat for a
//!   strictly periodic phase).
//! - [`SurrogateMethod::UniformPhases`] (circular spread of one set of phases): the same number
//!   of independent phases drawn uniformly on the circle, the null hypothesis of the Rayleigh
//!   test.
//! - [`SurrogateMethod::PhaseRandomised`] (Lempel-Ziv complexity): the Fourier amplitudes of the
//!   series are kept and their phases replaced by independent uniform ones (Theiler et al. 1992,
//!   "Testing for nonlinearity in time series: the method of surrogate data"). The surrogate has
//!   the same power spectrum, hence the same linear autocorrelation, and is otherwise a Gaussian
//!   linear process: any nonlinear or non-Gaussian structure is destroyed.
//!
//! Lags are drawn uniformly from `[⌊n/10⌋, n − ⌊n/10⌋]` (at least 1), so no surrogate is a near
//! copy of the data. Randomness comes only from a `Xoshiro256PlusPlus` seeded with
//! [`Surrogates::seed`]: the same seed gives the same baseline, bit for bit.

use crate::error::{AnalysisError, Result};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use rustfft::num_complex::Complex;
use serde::{Deserialize, Serialize};

/// How many surrogates to draw and from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Surrogates {
    /// Number of surrogates `K` (at least 1; 100 to 1000 is usual, and `K ≥ 19` is needed for a
    /// 95th percentile that is not simply the largest surrogate).
    pub count: usize,
    /// Seed of the generator the surrogates are drawn from.
    pub seed: u64,
}

impl Surrogates {
    /// `count` surrogates from `seed`.
    pub const fn new(count: usize, seed: u64) -> Self {
        Surrogates { count, seed }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.count == 0 {
            return Err(AnalysisError::out_of_range(
                "surrogates.count",
                self.count,
                "at least 1",
            ));
        }
        Ok(())
    }

    pub(crate) fn rng(&self) -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(self.seed)
    }
}

/// Which surrogate a chance level comes from (see the [module docs](self) for what each keeps
/// and destroys). Serialised as its snake-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurrogateMethod {
    /// Every series but the first shifted circularly in time by its own random lag.
    IndependentShifts,
    /// The amplitude series shifted circularly against the phase series.
    AmplitudeShift,
    /// Independent phases drawn uniformly on the circle.
    UniformPhases,
    /// Fourier amplitudes kept, Fourier phases drawn uniformly (amplitude-preserving
    /// phase randomisation).
    PhaseRandomised,
}

/// The chance level of a figure: the distribution of the same measure over `count` surrogates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chance {
    /// What the surrogates are.
    pub method: SurrogateMethod,
    /// Mean over the surrogates.
    pub mean: f64,
    /// Sample standard deviation over the surrogates (0 for a single surrogate).
    pub sd: f64,
    /// 95th percentile over the surrogates (nearest rank).
    pub p95: f64,
    /// Number of surrogates `K`.
    pub count: usize,
    /// Seed the surrogates were drawn from.
    pub seed: u64,
}

/// A figure beside its chance level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baselined {
    /// The figure measured on the data.
    pub value: f64,
    /// The same measure on the surrogates.
    pub chance: Chance,
    /// Upper-tail Monte Carlo p-value, `(1 + #{surrogate ≥ value}) / (K + 1)`: small when the
    /// figure stands above chance (for a figure expected to fall below chance, such as the
    /// complexity of a structured signal, compare with `chance` directly).
    pub p_value: f64,
}

impl Baselined {
    /// The figure minus its chance mean.
    pub fn excess(&self) -> f64 {
        self.value - self.chance.mean
    }

    /// The figure lies above the surrogates' 95th percentile.
    pub fn above_chance(&self) -> bool {
        self.value > self.chance.p95
    }

    /// A figure and the surrogate values of the same measure.
    pub(crate) fn from_samples(
        value: f64,
        samples: Vec<f64>,
        method: SurrogateMethod,
        spec: Surrogates,
    ) -> Self {
        let reached = samples.iter().filter(|&&s| s >= value).count();
        let p_value = (1 + reached) as f64 / (samples.len() + 1) as f64;
        Baselined {
            value,
            chance: Chance::from_samples(samples, method, spec),
            p_value,
        }
    }
}

impl Chance {
    /// Mean, standard deviation and 95th percentile of `samples` (the surrogate values).
    pub(crate) fn from_samples(
        mut samples: Vec<f64>,
        method: SurrogateMethod,
        spec: Surrogates,
    ) -> Self {
        let k = samples.len().max(1) as f64;
        let mean = samples.iter().sum::<f64>() / k;
        let ss: f64 = samples.iter().map(|s| (s - mean) * (s - mean)).sum();
        let sd = if samples.len() > 1 {
            (ss / (k - 1.0)).sqrt()
        } else {
            0.0
        };
        samples.sort_by(f64::total_cmp);
        let rank = ((0.95 * samples.len() as f64).ceil() as usize).max(1);
        let p95 = samples.get(rank - 1).copied().unwrap_or(mean);
        Chance {
            method,
            mean,
            sd,
            p95,
            count: spec.count,
            seed: spec.seed,
        }
    }
}

/// `xs` shifted circularly by `shift` samples: `out[t] = xs[(t + shift) mod n]`.
pub fn circular_shift(xs: &[f64], shift: usize) -> Vec<f64> {
    if xs.is_empty() {
        return Vec::new();
    }
    let s = shift % xs.len();
    xs[s..].iter().chain(&xs[..s]).copied().collect()
}

/// A uniform integer in `[0, n)` (Lemire's multiply-shift; n ≥ 1).
pub(crate) fn uniform_below(rng: &mut impl RngCore, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// A uniform real in `[0, 1)` with 53 random bits.
pub(crate) fn uniform01(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random lag for a series of `n ≥ 2` samples, uniform in `[⌊n/10⌋, n − ⌊n/10⌋]` and at
/// least 1.
pub(crate) fn random_lag(rng: &mut impl RngCore, n: usize) -> usize {
    let lo = (n / 10).max(1);
    let hi = n.saturating_sub(lo).max(lo);
    lo + uniform_below(rng, hi - lo + 1)
}

/// Amplitude-preserving phase randomisation (Theiler et al. 1992): the series' discrete Fourier
/// amplitudes are kept and each positive-frequency phase is replaced by an independent uniform
/// one (its negative-frequency twin mirrored, so the result is real; the mean and, for an even
/// length, the Nyquist bin are kept as they are).
///
/// The surrogate has exactly the periodogram, hence the mean, variance and circular
/// autocorrelation, of `xs`; its values are those of a linear Gaussian process with that
/// spectrum, so any nonlinear structure of `xs` is gone. An empty input gives an empty output.
///
/// ```
/// use phin_analysis::surrogate::phase_randomised;
/// use rand_core::SeedableRng;
///
/// let xs: Vec<f64> = (0..64).map(|k| (k as f64 * 0.3).sin()).collect();
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
/// let s = phase_randomised(&xs, &mut rng);
/// let energy = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>();
/// assert!((energy(&s) - energy(&xs)).abs() < 1e-9);
/// ```
pub fn phase_randomised(xs: &[f64], rng: &mut impl RngCore) -> Vec<f64> {
    PhaseRandomiser::new(xs).draw(rng)
}

/// The Fourier transform of one series, planned once and reused for many surrogates.
pub(crate) struct PhaseRandomiser {
    spectrum: Vec<Complex<f64>>,
    inverse: std::sync::Arc<dyn rustfft::Fft<f64>>,
    scratch: Vec<Complex<f64>>,
}

impl PhaseRandomiser {
    pub(crate) fn new(xs: &[f64]) -> Self {
        let n = xs.len();
        let mut planner = rustfft::FftPlanner::<f64>::new();
        let mut spectrum: Vec<Complex<f64>> = xs.iter().map(|&x| Complex::new(x, 0.0)).collect();
        if n > 0 {
            planner.plan_fft_forward(n).process(&mut spectrum);
        }
        let inverse = planner.plan_fft_inverse(n.max(1));
        let scratch = vec![Complex::new(0.0, 0.0); inverse.get_inplace_scratch_len()];
        PhaseRandomiser {
            spectrum,
            inverse,
            scratch,
        }
    }

    pub(crate) fn draw(&mut self, rng: &mut impl RngCore) -> Vec<f64> {
        let n = self.spectrum.len();
        if n == 0 {
            return Vec::new();
        }
        let mut buf = self.spectrum.clone();
        // Bins k and n − k are twins for 1 ≤ k < n − k.
        let mut k = 1;
        while k < n - k {
            let theta = std::f64::consts::TAU * uniform01(rng);
            let v = Complex::from_polar(self.spectrum[k].norm(), theta);
            buf[k] = v;
            buf[n - k] = v.conj();
            k += 1;
        }
        self.inverse
            .process_with_scratch(&mut buf, &mut self.scratch);
        buf.iter().map(|c| c.re / n as f64).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_statistics_of_known_samples() {
        let spec = Surrogates::new(20, 3);
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        let b = Baselined::from_samples(19.5, samples, SurrogateMethod::IndependentShifts, spec);
        assert_eq!(b.chance.mean, 10.5);
        assert!((b.chance.sd - 5.916_079_783).abs() < 1e-8);
        assert_eq!(b.chance.p95, 19.0);
        // One surrogate (20) reaches 19.5.
        assert!((b.p_value - 2.0 / 21.0).abs() < 1e-15);
        assert!(b.above_chance());
        assert_eq!(b.excess(), 9.0);
    }

    #[test]
    fn shifts_and_lags() {
        assert_eq!(circular_shift(&[1.0, 2.0, 3.0], 1), vec![2.0, 3.0, 1.0]);
        assert_eq!(circular_shift(&[1.0, 2.0, 3.0], 4), vec![2.0, 3.0, 1.0]);
        assert!(circular_shift(&[], 4).is_empty());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for n in [2usize, 3, 10, 1000] {
            for _ in 0..1000 {
                let l = random_lag(&mut rng, n);
                assert!(l >= (n / 10).max(1) && l <= n - (n / 10).max(1), "{n} {l}");
            }
        }
    }

    #[test]
    fn phase_randomised_keeps_the_periodogram_and_changes_the_series() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        for n in [1usize, 2, 7, 64, 1001] {
            let xs: Vec<f64> = (0..n)
                .map(|k| (k as f64 * 0.37).sin() + 0.1 * (k % 5) as f64)
                .collect();
            let s = phase_randomised(&xs, &mut rng);
            assert_eq!(s.len(), n);
            let power = |v: &[f64]| {
                let mut c: Vec<Complex<f64>> = v.iter().map(|&x| Complex::new(x, 0.0)).collect();
                rustfft::FftPlanner::new()
                    .plan_fft_forward(n)
                    .process(&mut c);
                c.iter().map(|z| z.norm_sqr()).collect::<Vec<f64>>()
            };
            for (a, b) in power(&xs).iter().zip(power(&s)) {
                assert!((a - b).abs() < 1e-8 * (1.0 + a), "{n}: {a} vs {b}");
            }
            if n > 8 {
                assert!(xs.iter().zip(&s).any(|(a, b)| (a - b).abs() > 1e-3));
            }
        }
    }
}
