//! Information measures of series: permutation entropy and the pairwise-mutual-information
//! integration measure, each with a surrogate baseline.
//!
//! - Permutation entropy (Bandt & Pompe 2002, "Permutation entropy: a natural complexity measure
//!   for time series", Phys Rev Lett 88): the Shannon entropy of the ordinal patterns of `order`
//!   successive samples, divided by log(order!) so it runs from 0 (one pattern only, e.g. a
//!   monotone series) to 1 (every pattern equally often, e.g. white noise). It is the
//!   blueprint's entropy `H = −Σ P(bin) log P(bin)` (BIOMIND blueprint, "consciousness metrics",
//!   entropy) with the bins made ordinal patterns, which needs no amplitude binning and is blind
//!   to the signal's scale.
//! - Pairwise mutual-information integration (the blueprint's "integration Φ approximation":
//!   `MI(X,Y) = H(X) + H(Y) − H(X,Y)` on amplitude histograms, `Φ ≈ Σ_pairs MI / N_components`).
//!   It is not IIT's Φ (the higher-layers inventory, anchor PyPhi), hence its neutral name here.

use crate::error::{check_finite, check_len, AnalysisError, Result};
use crate::surrogate::{random_lag, Baselined, PhaseRandomiser, SurrogateMethod, Surrogates};

/// Largest permutation-entropy order accepted (7! = 5040 patterns).
pub const MAX_PERMUTATION_ORDER: usize = 7;

/// The Lehmer code of the ordinal pattern of `w` (ties broken by position, earlier first).
fn pattern_code(w: &[f64]) -> usize {
    let mut code = 0;
    for i in 0..w.len() {
        // How many later samples rank below sample i.
        let below = w[i + 1..]
            .iter()
            .filter(|&&v| v.total_cmp(&w[i]).is_lt())
            .count();
        code = code * (w.len() - i) + below;
    }
    code
}

fn factorial(n: usize) -> usize {
    (1..=n).product()
}

/// Entropy of `counts` in nats.
fn entropy_nats(counts: &[usize], total: usize) -> f64 {
    let n = total as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.ln()
        })
        .sum()
}

fn check_order(order: usize, delay: usize) -> Result<()> {
    if !(2..=MAX_PERMUTATION_ORDER).contains(&order) {
        return Err(AnalysisError::out_of_range("order", order, "2 ..= 7"));
    }
    if delay == 0 {
        return Err(AnalysisError::out_of_range("delay", delay, "at least 1"));
    }
    Ok(())
}

fn permutation_entropy_unchecked(xs: &[f64], order: usize, delay: usize) -> f64 {
    let span = (order - 1) * delay;
    let mut counts = vec![0usize; factorial(order)];
    let mut w = vec![0.0; order];
    let patterns = xs.len() - span;
    for t in 0..patterns {
        for (k, v) in w.iter_mut().enumerate() {
            *v = xs[t + k * delay];
        }
        counts[pattern_code(&w)] += 1;
    }
    entropy_nats(&counts, patterns) / (factorial(order) as f64).ln()
}

/// Normalised permutation entropy of `xs` (Bandt & Pompe 2002): the Shannon entropy of the
/// ordinal patterns of `order` samples spaced `delay` apart, divided by ln(order!). 0 for a
/// monotone series, near 1 for white noise. Needs `2 ≤ order ≤ 7`, `delay ≥ 1` and at least
/// `(order − 1)·delay + 1` finite samples. Ties rank by position (earlier first).
///
/// ```
/// use phin_analysis::information::permutation_entropy;
///
/// // Bandt & Pompe's example: 4 7 9 10 6 11 3 has five triples, two rising, two of a
/// // second pattern and one of a third: 1.52 bits.
/// let h = permutation_entropy(&[4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], 3, 1).unwrap();
/// assert!((h * 6f64.log2() - 1.5219).abs() < 1e-4);
/// ```
pub fn permutation_entropy(xs: &[f64], order: usize, delay: usize) -> Result<f64> {
    check_order(order, delay)?;
    check_len("xs", xs, (order - 1) * delay + 1)?;
    check_finite("xs", xs)?;
    Ok(permutation_entropy_unchecked(xs, order, delay))
}

/// [`permutation_entropy`] beside its chance level: the same entropy of amplitude-preserving
/// phase-randomised surrogates ([`SurrogateMethod::PhaseRandomised`]). They keep the power
/// spectrum, which already fixes much of the ordinal structure (a slow series has few patterns),
/// and destroy the nonlinear structure: a value below the chance level means ordinal regularity
/// beyond the spectrum.
pub fn permutation_entropy_with_baseline(
    xs: &[f64],
    order: usize,
    delay: usize,
    surrogates: Surrogates,
) -> Result<Baselined> {
    let value = permutation_entropy(xs, order, delay)?;
    surrogates.validate()?;
    let mut rng = surrogates.rng();
    let mut randomiser = PhaseRandomiser::new(xs);
    let samples = (0..surrogates.count)
        .map(|_| permutation_entropy_unchecked(&randomiser.draw(&mut rng), order, delay))
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::PhaseRandomised,
        surrogates,
    ))
}

/// Equal-width bin of every sample of `xs` over `[min, max]` (a constant series is all bin 0).
fn bin_series(xs: &[f64], bins: usize) -> Vec<u16> {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let width = hi - lo;
    xs.iter()
        .map(|&x| {
            if width > 0.0 {
                (((x - lo) / width * bins as f64) as usize).min(bins - 1) as u16
            } else {
                0
            }
        })
        .collect()
}

fn check_bins(bins: usize) -> Result<()> {
    if !(2..=1024).contains(&bins) {
        return Err(AnalysisError::out_of_range("bins", bins, "2 ..= 1024"));
    }
    Ok(())
}

/// Mutual information in bits of two binned series, `b` read at `(t + lag) mod T`.
fn mi_binned(a: &[u16], b: &[u16], bins: usize, lag: usize, joint: &mut [usize]) -> f64 {
    let t_len = a.len();
    joint.iter_mut().for_each(|c| *c = 0);
    for (t, &x) in a.iter().enumerate() {
        let mut i = t + lag;
        if i >= t_len {
            i -= t_len;
        }
        joint[usize::from(x) * bins + usize::from(b[i])] += 1;
    }
    let mut pa = vec![0usize; bins];
    let mut pb = vec![0usize; bins];
    for i in 0..bins {
        for j in 0..bins {
            let c = joint[i * bins + j];
            pa[i] += c;
            pb[j] += c;
        }
    }
    let h = |c: &[usize]| entropy_nats(c, t_len);
    (h(&pa) + h(&pb) - h(joint)) / std::f64::consts::LN_2
}

/// Mutual information, in bits, of two equally long series from their joint histogram of
/// `bins × bins` equal-width bins over each series' own range: H(X) + H(Y) − H(X, Y) (the
/// plug-in estimate, biased upwards by about (bins − 1)² / (2 T ln 2) bits for T samples of
/// independent series, which is what a surrogate baseline shows). Needs `2 ≤ bins ≤ 1024` and
/// at least two finite samples.
///
/// ```
/// use phin_analysis::information::mutual_information;
///
/// let x: Vec<f64> = (0..1000).map(|t| (t % 4) as f64).collect();
/// // A series carries all its own information: log2(4) = 2 bits.
/// assert!((mutual_information(&x, &x, 4).unwrap() - 2.0).abs() < 1e-12);
/// ```
pub fn mutual_information(x: &[f64], y: &[f64], bins: usize) -> Result<f64> {
    check_bins(bins)?;
    check_len("x", x, 2)?;
    crate::error::check_same_len("y", x, y)?;
    check_finite("x", x)?;
    check_finite("y", y)?;
    let mut joint = vec![0usize; bins * bins];
    Ok(mi_binned(
        &bin_series(x, bins),
        &bin_series(y, bins),
        bins,
        0,
        &mut joint,
    ))
}

/// Σ over pairs of MI, divided by the number of series, every series `k` read at lag `lags[k]`.
fn integration_lagged(binned: &[Vec<u16>], bins: usize, lags: &[usize]) -> f64 {
    let n = binned.len();
    let t_len = binned[0].len();
    let mut joint = vec![0usize; bins * bins];
    let mut sum = 0.0;
    for i in 0..n {
        // Reading j at lag_j against i at lag_i is reading j at lag_j − lag_i against i at 0.
        for j in i + 1..n {
            let rel = (lags[j] + t_len - lags[i]) % t_len;
            sum += mi_binned(&binned[i], &binned[j], bins, rel, &mut joint);
        }
    }
    sum / n as f64
}

fn check_series<S: AsRef<[f64]>>(series: &[S]) -> Result<usize> {
    if series.len() < 2 {
        return Err(AnalysisError::TooShort {
            what: "series",
            len: series.len(),
            min: 2,
        });
    }
    let t = series[0].as_ref().len();
    for s in series {
        crate::error::check_same_len("series", series[0].as_ref(), s.as_ref())?;
        check_finite("series", s.as_ref())?;
    }
    check_len("series", series[0].as_ref(), 2)?;
    Ok(t)
}

/// The blueprint's pairwise-mutual-information integration measure (its "Φ approximation",
/// which is not IIT's Φ): the sum over every pair of series of their [`mutual_information`] in
/// bits, divided by the number of series N ("Σ_pairs MI / N_components"). N independent series
/// give about 0 plus the estimator's bias; N copies of one series with H bits give (N − 1)·H / 2.
/// Needs at least two series, all of one length ≥ 2, finite.
pub fn pairwise_mi_integration<S: AsRef<[f64]>>(series: &[S], bins: usize) -> Result<f64> {
    check_bins(bins)?;
    check_series(series)?;
    let binned: Vec<Vec<u16>> = series
        .iter()
        .map(|s| bin_series(s.as_ref(), bins))
        .collect();
    Ok(integration_lagged(&binned, bins, &vec![0; series.len()]))
}

/// [`pairwise_mi_integration`] beside its chance level: the same measure after every series but
/// the first is shifted circularly in time by its own random lag
/// ([`SurrogateMethod::IndependentShifts`]). Each series keeps its histogram and dynamics; the
/// shared information at equal times is destroyed, so the chance level is the estimator's bias
/// plus what slow, shift-surviving structure leaves.
pub fn pairwise_mi_integration_with_baseline<S: AsRef<[f64]>>(
    series: &[S],
    bins: usize,
    surrogates: Surrogates,
) -> Result<Baselined> {
    check_bins(bins)?;
    let t_len = check_series(series)?;
    surrogates.validate()?;
    let binned: Vec<Vec<u16>> = series
        .iter()
        .map(|s| bin_series(s.as_ref(), bins))
        .collect();
    let value = integration_lagged(&binned, bins, &vec![0; series.len()]);
    let mut rng = surrogates.rng();
    let mut lags = vec![0; series.len()];
    let samples = (0..surrogates.count)
        .map(|_| {
            for l in lags.iter_mut().skip(1) {
                *l = random_lag(&mut rng, t_len);
            }
            integration_lagged(&binned, bins, &lags)
        })
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::IndependentShifts,
        surrogates,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn noise(n: usize, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..n)
            .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
            .collect()
    }

    #[test]
    fn permutation_entropy_oracles() {
        // Monotone: one pattern.
        let up: Vec<f64> = (0..100).map(f64::from).collect();
        assert_eq!(permutation_entropy(&up, 4, 1).unwrap(), 0.0);
        // Bandt & Pompe's worked example (their Eq. 3: 1.52 bits of log2 6 = 2.585).
        let h = permutation_entropy(&[4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], 3, 1).unwrap();
        let bits = -(2.0 * 0.4 * 0.4f64.log2() + 0.2 * 0.2f64.log2());
        assert!((h - bits / 6f64.log2()).abs() < 1e-12, "{h}");
        // White noise: every pattern about equally often.
        let h = permutation_entropy(&noise(200_000, 1), 4, 1).unwrap();
        assert!(h > 0.999, "{h}");
        // A sine sampled finely has few patterns.
        let s: Vec<f64> = (0..10_000).map(|t| (t as f64 * 0.05).sin()).collect();
        let h = permutation_entropy(&s, 4, 1).unwrap();
        assert!(h < 0.35, "{h}");
        // The pattern code is a bijection onto 0..order!.
        let mut seen = std::collections::HashSet::new();
        for p in [
            [0.0, 1.0, 2.0],
            [0.0, 2.0, 1.0],
            [1.0, 0.0, 2.0],
            [1.0, 2.0, 0.0],
            [2.0, 0.0, 1.0],
            [2.0, 1.0, 0.0],
        ] {
            assert!(seen.insert(pattern_code(&p)));
        }
        assert!(seen.iter().all(|&c| c < 6));
        assert!(permutation_entropy(&up, 8, 1).is_err());
        assert!(permutation_entropy(&up, 3, 0).is_err());
        assert!(permutation_entropy(&[1.0, 2.0], 3, 1).is_err());
    }

    #[test]
    fn permutation_entropy_of_a_sine_lies_below_its_phase_randomised_baseline() {
        // A sawtooth's ordinal structure is far more regular than a Gaussian process with
        // its spectrum.
        let s: Vec<f64> = (0..4_096).map(|t| (t % 37) as f64).collect();
        let b = permutation_entropy_with_baseline(&s, 4, 1, Surrogates::new(19, 3)).unwrap();
        assert!(b.value < b.chance.mean - 0.1, "{b:?}");
    }

    #[test]
    fn mutual_information_oracles() {
        // Independent uniform series: about the plug-in bias (bins − 1)² / (2 T ln 2).
        let (x, y) = (noise(100_000, 2), noise(100_000, 3));
        let mi = mutual_information(&x, &y, 8).unwrap();
        let bias = 49.0 / (2.0 * 100_000.0 * std::f64::consts::LN_2);
        assert!((mi - bias).abs() < 3.0 * bias, "{mi} vs {bias}");
        // y a function of x: MI = H(x) = 3 bits for 8 equiprobable bins.
        let y2: Vec<f64> = x.iter().map(|v| -v * 5.0).collect();
        let mi = mutual_information(&x, &y2, 8).unwrap();
        assert!((mi - 3.0).abs() < 0.01, "{mi}");
        // Hand-made: x in {0,1}, y = x on half the samples and 0 on the rest.
        let x3 = [0.0, 0.0, 1.0, 1.0];
        let y3 = [0.0, 0.0, 1.0, 0.0];
        // H(X) = 1, H(Y) = H(3/4) = 0.8113, H(X,Y) = 1.5 → 0.3113 bits.
        let mi = mutual_information(&x3, &y3, 2).unwrap();
        assert!((mi - 0.311_278).abs() < 1e-5, "{mi}");
        assert!(mutual_information(&x3, &y3, 1).is_err());
        assert!(mutual_information(&x3, &y3[..3], 2).is_err());
    }

    #[test]
    fn integration_oracles_and_baseline() {
        // Three copies of a 2-bit series: 3 pairs × 2 bits / 3 series = 2.
        // 144 whole cycles of four equiprobable levels.
        let x: Vec<f64> = (0..4_032).map(|t| ((t / 7) % 4) as f64).collect();
        let copies = [x.clone(), x.clone(), x.clone()];
        let v = pairwise_mi_integration(&copies, 4).unwrap();
        assert!((v - 2.0).abs() < 1e-12, "{v}");
        // Independent noise: near 0, and inside its shift baseline.
        let ind = [noise(20_000, 4), noise(20_000, 5), noise(20_000, 6)];
        let b = pairwise_mi_integration_with_baseline(&ind, 8, Surrogates::new(19, 1)).unwrap();
        assert!(b.value < 0.01 && b.p_value > 0.05, "{b:?}");
        // Shared noise with its own noise on top: above the baseline.
        let common = noise(20_000, 7);
        let shared: Vec<Vec<f64>> = (0..3)
            .map(|k| {
                noise(20_000, 10 + k)
                    .iter()
                    .zip(&common)
                    .map(|(a, c)| 0.5 * a + c)
                    .collect()
            })
            .collect();
        let b = pairwise_mi_integration_with_baseline(&shared, 8, Surrogates::new(19, 1)).unwrap();
        assert!(b.above_chance() && b.value > 0.2, "{b:?}");
        assert!(pairwise_mi_integration(std::slice::from_ref(&x), 4).is_err());
    }
}
