//! Phase-amplitude coupling: the modulation index of Tort et al. 2010 ("Measuring
//! phase-amplitude coupling between neuronal oscillations of different frequencies",
//! J Neurophysiol 104).
//!
//! The phase of the slow oscillation is divided into N bins; the mean amplitude of the fast one
//! in each bin, normalised to sum to 1, is a distribution P over the bins. Without coupling P is
//! uniform; the modulation index is P's Kullback–Leibler divergence from the uniform
//! distribution divided by log N, so it runs from 0 (no modulation) to 1 (all amplitude in one
//! bin). For an amplitude 1 + χ·cos φ it grows as χ² (about χ² / (4 ln N) for small χ).

use crate::error::{check_finite, check_len, check_same_len, AnalysisError, Result};
use crate::surrogate::{random_lag, Baselined, SurrogateMethod, Surrogates};
use std::f64::consts::{PI, TAU};

/// Tort et al.'s number of phase bins: 18 (20° each).
pub const TORT_DEFAULT_BINS: usize = 18;

/// Phase bin of each sample and the number of samples per bin, after validating the inputs.
fn bins(phase: &[f64], amplitude: &[f64], n_bins: usize) -> Result<(Vec<usize>, Vec<usize>)> {
    if n_bins < 2 {
        return Err(AnalysisError::out_of_range("n_bins", n_bins, "at least 2"));
    }
    check_len("phase", phase, n_bins)?;
    check_same_len("amplitude", phase, amplitude)?;
    check_finite("phase", phase)?;
    check_finite("amplitude", amplitude)?;
    if let Some(index) = amplitude.iter().position(|&a| a < 0.0) {
        return Err(AnalysisError::BadSample {
            what: "amplitude",
            index,
            value: amplitude[index],
        });
    }
    if amplitude.iter().all(|&a| a == 0.0) {
        return Err(AnalysisError::out_of_range(
            "amplitude",
            "0 everywhere",
            "an envelope that is positive somewhere",
        ));
    }
    let idx: Vec<usize> = phase
        .iter()
        .map(|p| {
            let w = (p + PI).rem_euclid(TAU);
            ((w / TAU * n_bins as f64) as usize).min(n_bins - 1)
        })
        .collect();
    let mut counts = vec![0usize; n_bins];
    for &b in &idx {
        counts[b] += 1;
    }
    if let Some(bin) = counts.iter().position(|&c| c == 0) {
        return Err(AnalysisError::EmptyPhaseBin { bin, bins: n_bins });
    }
    Ok((idx, counts))
}

/// P from the per-bin amplitude sums and counts.
fn distribution(sums: &[f64], counts: &[usize]) -> Vec<f64> {
    let means: Vec<f64> = sums
        .iter()
        .zip(counts)
        .map(|(s, &c)| s / c as f64)
        .collect();
    let total: f64 = means.iter().sum();
    means.iter().map(|m| m / total).collect()
}

/// (log N − H(P)) / log N.
fn modulation_index(p: &[f64]) -> f64 {
    let ln_n = (p.len() as f64).ln();
    let h: f64 = p.iter().filter(|&&q| q > 0.0).map(|&q| -q * q.ln()).sum();
    ((ln_n - h) / ln_n).max(0.0)
}

/// Per-bin sums of the amplitude read at `(t + lag) mod T`.
fn sums_lagged(idx: &[usize], amplitude: &[f64], n_bins: usize, lag: usize) -> Vec<f64> {
    let t_len = idx.len();
    let mut sums = vec![0.0; n_bins];
    for (t, &b) in idx.iter().enumerate() {
        let mut i = t + lag;
        if i >= t_len {
            i -= t_len;
        }
        sums[b] += amplitude[i];
    }
    sums
}

/// Tort's phase-amplitude distribution: entry j is the mean of `amplitude` over the samples whose
/// `phase` (radians, any range) falls in bin j, `[−π + j·2π/N, −π + (j+1)·2π/N)`, normalised so
/// the entries sum to 1.
///
/// Errors when the series differ in length or are shorter than `n_bins`, `n_bins` is below 2, a
/// phase is not finite, an amplitude is negative or not finite, every amplitude is 0, or a bin
/// holds no sample.
pub fn phase_amplitude_distribution(
    phase: &[f64],
    amplitude: &[f64],
    n_bins: usize,
) -> Result<Vec<f64>> {
    let (idx, counts) = bins(phase, amplitude, n_bins)?;
    Ok(distribution(
        &sums_lagged(&idx, amplitude, n_bins, 0),
        &counts,
    ))
}

/// Tort et al. 2010's normalised modulation index of `amplitude` (an envelope, ≥ 0) by `phase`
/// (radians), with `n_bins` phase bins ([`TORT_DEFAULT_BINS`] is theirs): D_KL(P ‖ uniform) /
/// log N = (log N − H(P)) / log N for the distribution P of [`phase_amplitude_distribution`]
/// (errors as there). 0 for no modulation, 1 for all amplitude in one bin.
///
/// ```
/// use phin_analysis::pac::{tort_modulation_index, TORT_DEFAULT_BINS};
///
/// let phase: Vec<f64> = (0..36_000).map(|t| t as f64 * 0.01).collect();
/// let flat = vec![1.0; phase.len()];
/// let coupled: Vec<f64> = phase.iter().map(|p| 1.0 + 0.5 * p.cos()).collect();
/// let mi0 = tort_modulation_index(&phase, &flat, TORT_DEFAULT_BINS).unwrap();
/// let mi = tort_modulation_index(&phase, &coupled, TORT_DEFAULT_BINS).unwrap();
/// assert!(mi0 < 1e-12 && mi > 0.01);
/// ```
pub fn tort_modulation_index(phase: &[f64], amplitude: &[f64], n_bins: usize) -> Result<f64> {
    Ok(modulation_index(&phase_amplitude_distribution(
        phase, amplitude, n_bins,
    )?))
}

/// [`tort_modulation_index`] beside its chance level: the index after the amplitude series is
/// shifted circularly against the phase series by a random lag ([`SurrogateMethod::
/// AmplitudeShift`]). The shift keeps the phase series, the amplitude's distribution and its
/// own dynamics, and destroys the relation between amplitude and phase at equal times. The
/// chance level is not 0: a finite series gives a positive index by sampling alone, more so when
/// the phase drifts slowly compared with the series' length. For a strictly periodic phase the
/// shift only moves the preferred phase, and the chance level is close to the value.
pub fn tort_modulation_index_with_baseline(
    phase: &[f64],
    amplitude: &[f64],
    n_bins: usize,
    surrogates: Surrogates,
) -> Result<Baselined> {
    let (idx, counts) = bins(phase, amplitude, n_bins)?;
    surrogates.validate()?;
    let value = modulation_index(&distribution(
        &sums_lagged(&idx, amplitude, n_bins, 0),
        &counts,
    ));
    let mut rng = surrogates.rng();
    let samples = (0..surrogates.count)
        .map(|_| {
            let lag = random_lag(&mut rng, idx.len());
            modulation_index(&distribution(
                &sums_lagged(&idx, amplitude, n_bins, lag),
                &counts,
            ))
        })
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::AmplitudeShift,
        surrogates,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_amplitude_in_one_bin_gives_one() {
        let phase: Vec<f64> = (0..180)
            .map(|t| -PI + (t as f64 + 0.5) * TAU / 180.0)
            .collect();
        let amp: Vec<f64> = (0..180).map(|t| if t < 10 { 1.0 } else { 0.0 }).collect();
        let mi = tort_modulation_index(&phase, &amp, 18).unwrap();
        assert!((mi - 1.0).abs() < 1e-12, "{mi}");
        let p = phase_amplitude_distribution(&phase, &amp, 18).unwrap();
        assert_eq!(p[0], 1.0);
    }

    #[test]
    fn bad_inputs_name_the_problem() {
        let phase = [0.0, 1.0, 2.0, -1.0, -2.0, 3.0];
        let amp = [1.0; 6];
        assert!(tort_modulation_index(&phase, &amp, 2).is_ok());
        assert!(matches!(
            tort_modulation_index(&phase, &amp, 1),
            Err(AnalysisError::OutOfRange { what: "n_bins", .. })
        ));
        assert!(matches!(
            tort_modulation_index(&phase, &amp, 18),
            Err(AnalysisError::TooShort { .. })
        ));
        assert!(matches!(
            tort_modulation_index(&phase, &[1.0, 1.0, -0.5, 1.0, 1.0, 1.0], 2),
            Err(AnalysisError::BadSample { index: 2, .. })
        ));
        assert!(tort_modulation_index(&phase, &[0.0; 6], 2).is_err());
        let e = tort_modulation_index(&[0.1; 6], &amp, 3).unwrap_err();
        assert_eq!(e, AnalysisError::EmptyPhaseBin { bin: 0, bins: 3 });
    }
}
