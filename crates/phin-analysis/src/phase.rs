//! Phases and frequencies of oscillators from their (x, y) state, circular statistics of phases
//! and the Kuramoto order parameter.
//!
//! A Hopf oscillator's state (x, y) is a point turning about the origin; its phase is
//! `atan2(y, x)` and the angle it turns between two samples, divided by the sampling interval,
//! is its instantaneous angular frequency. All phases are in radians, frequencies in Hz.

use crate::error::{check_finite, check_len, AnalysisError, Result};
use crate::surrogate::{random_lag, uniform01, Baselined, SurrogateMethod, Surrogates};
use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, TAU};

/// The phase of the point (x, y): `atan2(y, x)` in (−π, π] (0 at the origin).
pub fn phase<T: Into<f64>>(x: T, y: T) -> f64 {
    y.into().atan2(x.into())
}

/// The phase of every (x, y) sample, in (−π, π].
pub fn phases<T: Into<f64> + Copy>(xy: &[(T, T)]) -> Vec<f64> {
    xy.iter().map(|&(x, y)| phase(x, y)).collect()
}

/// `phi` wrapped into [−π, π).
pub fn wrap_phase(phi: f64) -> f64 {
    (phi + PI).rem_euclid(TAU) - PI
}

/// The angle in radians, in (−π, π], that the point turns from `before` to `after`: the atan2 of
/// their cross and dot products (positive counter-clockwise). Exact for turns below π per sample,
/// i.e. for frequencies below half the sample rate, and independent of the two radii.
pub fn angle_turned<T: Into<f64>>(before: (T, T), after: (T, T)) -> f64 {
    let (x0, y0) = (before.0.into(), before.1.into());
    let (x1, y1) = (after.0.into(), after.1.into());
    (x0 * y1 - y0 * x1).atan2(x0 * x1 + y0 * y1)
}

/// Instantaneous frequency in Hz from two successive samples of (x, y) taken `1 / sample_rate_hz`
/// apart: [`angle_turned`] × rate / 2π. Negative for clockwise rotation. The sample rate is used
/// as given (pass [`phin_core::constants::TICK_HZ`] for the processor's registers).
///
/// ```
/// use phin_analysis::phase::instantaneous_frequency;
/// use phin_core::constants::TICK_HZ;
///
/// let turn = std::f64::consts::TAU * 5.89 / TICK_HZ;
/// let f = instantaneous_frequency((1.0, 0.0), (turn.cos(), turn.sin()), TICK_HZ);
/// assert!((f - 5.89).abs() < 1e-9);
/// ```
pub fn instantaneous_frequency<T: Into<f64>>(
    before: (T, T),
    after: (T, T),
    sample_rate_hz: f64,
) -> f64 {
    angle_turned(before, after) * sample_rate_hz / TAU
}

/// Circular statistics of a set of phases.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CircularStats {
    /// Mean direction, radians in (−π, π] (0 when `r` is 0).
    pub mean: f64,
    /// Resultant length R = |mean e^{iφ}|, 0 (uniform spread) … 1 (all equal).
    pub r: f64,
    /// Circular standard deviation √(−2 ln R), radians (infinite for R = 0). For wrapped-normal
    /// phases of standard deviation σ, R = e^{−σ²/2}, so this recovers σ.
    pub sd: f64,
    /// Number of phases.
    pub n: usize,
}

/// Mean direction, resultant length and circular standard deviation of `phases` (radians, any
/// range). Errors for an empty set or a non-finite phase.
pub fn circular_stats(phases: &[f64]) -> Result<CircularStats> {
    check_len("phases", phases, 1)?;
    check_finite("phases", phases)?;
    let (s, c) = phases
        .iter()
        .fold((0.0, 0.0), |(s, c), p| (s + p.sin(), c + p.cos()));
    let n = phases.len() as f64;
    let r = (s.hypot(c) / n).min(1.0);
    Ok(CircularStats {
        mean: s.atan2(c),
        r,
        sd: (-2.0 * r.ln()).sqrt(),
        n: phases.len(),
    })
}

/// [`circular_stats`]'s resultant length R beside its chance level, the R of the same number of
/// independent uniform phases (the Rayleigh test's null hypothesis; [`SurrogateMethod::
/// UniformPhases`]). For n phases the chance mean is close to √(π / 4n) (0.3618 for n = 6; the
/// exact value for six is 0.3656).
pub fn circular_r_with_baseline(phases: &[f64], surrogates: Surrogates) -> Result<Baselined> {
    let value = circular_stats(phases)?.r;
    surrogates.validate()?;
    let mut rng = surrogates.rng();
    let n = phases.len();
    let samples = (0..surrogates.count)
        .map(|_| {
            let (mut s, mut c) = (0.0, 0.0);
            for _ in 0..n {
                let p = TAU * uniform01(&mut rng);
                s += p.sin();
                c += p.cos();
            }
            s.hypot(c) / n as f64
        })
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::UniformPhases,
        surrogates,
    ))
}

/// The Kuramoto order parameter R = |(1/N) Σ e^{iφ_k}| of N phases at one instant (the
/// resultant length of [`circular_stats`]).
pub fn kuramoto_r(phases: &[f64]) -> Result<f64> {
    Ok(circular_stats(phases)?.r)
}

/// `series[k][t]` is oscillator k's phase at sample t; checks there is at least one series, all
/// of one length ≥ `min_len`, all finite. Returns the length.
fn check_series<S: AsRef<[f64]>>(series: &[S], min_len: usize) -> Result<usize> {
    let first = series.first().ok_or(AnalysisError::TooShort {
        what: "series",
        len: 0,
        min: 1,
    })?;
    let t = first.as_ref().len();
    for s in series {
        let s = s.as_ref();
        if s.len() != t {
            return Err(AnalysisError::LengthMismatch {
                what: "series",
                expected: t,
                found: s.len(),
            });
        }
        check_finite("series", s)?;
    }
    if t < min_len {
        return Err(AnalysisError::TooShort {
            what: "series",
            len: t,
            min: min_len,
        });
    }
    Ok(t)
}

/// Unit vectors (cos φ, sin φ) of each series.
fn unit_vectors<S: AsRef<[f64]>>(series: &[S]) -> Vec<Vec<(f64, f64)>> {
    series
        .iter()
        .map(|s| s.as_ref().iter().map(|p| (p.cos(), p.sin())).collect())
        .collect()
}

/// Mean over time of R with series k read at `(t + lags[k]) mod T`.
fn mean_r_lagged(units: &[Vec<(f64, f64)>], lags: &[usize]) -> f64 {
    let t_len = units[0].len();
    let n = units.len() as f64;
    let mut sum = 0.0;
    for t in 0..t_len {
        let (mut c, mut s) = (0.0, 0.0);
        for (u, &lag) in units.iter().zip(lags) {
            let mut i = t + lag;
            if i >= t_len {
                i -= t_len;
            }
            c += u[i].0;
            s += u[i].1;
        }
        sum += c.hypot(s) / n;
    }
    sum / t_len as f64
}

/// The Kuramoto R at every sample of N phase series (`series[k][t]`, all of one length).
pub fn kuramoto_r_series<S: AsRef<[f64]>>(series: &[S]) -> Result<Vec<f64>> {
    let t_len = check_series(series, 1)?;
    let units = unit_vectors(series);
    let n = series.len() as f64;
    Ok((0..t_len)
        .map(|t| {
            let (c, s) = units
                .iter()
                .fold((0.0, 0.0), |(c, s), u| (c + u[t].0, s + u[t].1));
            c.hypot(s) / n
        })
        .collect())
}

/// The mean over time of the Kuramoto R of N phase series (`series[k][t]`, all of one length).
pub fn mean_kuramoto_r<S: AsRef<[f64]>>(series: &[S]) -> Result<f64> {
    check_series(series, 1)?;
    let units = unit_vectors(series);
    Ok(mean_r_lagged(&units, &vec![0; series.len()]))
}

/// [`mean_kuramoto_r`] beside its chance level: the same mean R after every series but the first
/// is shifted circularly in time by its own random lag ([`SurrogateMethod::IndependentShifts`]).
/// The shifts keep each oscillator's own dynamics (frequency, drift, spectrum) and destroy their
/// alignment in time; oscillators at incommensurate frequencies (the processor's φ-spaced layers)
/// give a chance mean close to that of independent uniform phases, 0.3656 for six. Needs at
/// least two samples per series.
pub fn mean_kuramoto_r_with_baseline<S: AsRef<[f64]>>(
    series: &[S],
    surrogates: Surrogates,
) -> Result<Baselined> {
    with_independent_shifts(series, surrogates, mean_r_lagged)
}

/// A statistic of unit-vector series, series k read at `(t + lags[k]) mod T`.
type LaggedStat = fn(&[Vec<(f64, f64)>], &[usize]) -> f64;

/// `stat` of the unit vectors of `series` beside its value after every series but the first is
/// shifted circularly in time by its own random lag (the surrogates' generator draws the lags in
/// series order, surrogate after surrogate). Needs at least two samples per series.
fn with_independent_shifts<S: AsRef<[f64]>>(
    series: &[S],
    surrogates: Surrogates,
    stat: LaggedStat,
) -> Result<Baselined> {
    let t_len = check_series(series, 2)?;
    surrogates.validate()?;
    let units = unit_vectors(series);
    let value = stat(&units, &vec![0; series.len()]);
    let mut rng = surrogates.rng();
    let mut lags = vec![0; series.len()];
    let samples = (0..surrogates.count)
        .map(|_| {
            for l in lags.iter_mut().skip(1) {
                *l = random_lag(&mut rng, t_len);
            }
            stat(&units, &lags)
        })
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::IndependentShifts,
        surrogates,
    ))
}

/// Standard deviation over time of R with series k read at `(t + lags[k]) mod T`.
fn sd_r_lagged(units: &[Vec<(f64, f64)>], lags: &[usize]) -> f64 {
    let t_len = units[0].len();
    let n = units.len() as f64;
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for t in 0..t_len {
        let (mut c, mut s) = (0.0, 0.0);
        for (u, &lag) in units.iter().zip(lags) {
            let mut i = t + lag;
            if i >= t_len {
                i -= t_len;
            }
            c += u[i].0;
            s += u[i].1;
        }
        let r = c.hypot(s) / n;
        sum += r;
        sum_sq += r * r;
    }
    let m = sum / t_len as f64;
    (sum_sq / t_len as f64 - m * m).max(0.0).sqrt()
}

/// Metastability: the standard deviation over time of the Kuramoto R of N phase series
/// (`series[k][t]`, all of one length; population SD over the samples), the measure of Shanahan
/// 2010 ("Metastable chimera states in community-structured oscillator networks", Chaos 20) and
/// Deco et al. 2017. 0 for a population whose synchrony never changes (locked, or uniformly
/// spread at every instant); two oscillators at different frequencies give R = |cos(Δφ/2)| and
/// an SD of √(1/2 − 4/π²) = 0.3078. Needs at least two samples.
///
/// ```
/// use phin_analysis::phase::metastability;
///
/// let a: Vec<f64> = (0..100_000).map(|t| t as f64 * 0.01).collect();
/// let b: Vec<f64> = (0..100_000).map(|t| t as f64 * 0.0137).collect();
/// let m = metastability(&[a, b]).unwrap();
/// assert!((m - (0.5 - 4.0 / std::f64::consts::PI.powi(2)).sqrt()).abs() < 2e-3);
/// ```
pub fn metastability<S: AsRef<[f64]>>(series: &[S]) -> Result<f64> {
    check_series(series, 2)?;
    let units = unit_vectors(series);
    Ok(sd_r_lagged(&units, &vec![0; series.len()]))
}

/// [`metastability`] beside its chance level: the same SD after every series but the first is
/// shifted circularly in time by its own random lag ([`SurrogateMethod::IndependentShifts`]).
/// The shifts keep each oscillator's own dynamics and destroy their alignment; for independent
/// oscillators the value sits inside the baseline, which is not 0 (R of N unrelated phases
/// fluctuates by itself).
pub fn metastability_with_baseline<S: AsRef<[f64]>>(
    series: &[S],
    surrogates: Surrogates,
) -> Result<Baselined> {
    with_independent_shifts(series, surrogates, sd_r_lagged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metastability_oracles() {
        // Locked: R constant, SD 0.
        let a: Vec<f64> = (0..5_000).map(|t| t as f64 * 0.03).collect();
        let b: Vec<f64> = a.iter().map(|p| p + 1.0).collect();
        assert!(metastability(&[a.clone(), b]).unwrap() < 1e-12);
        // Two frequencies: R = |cos(Δφ/2)|, SD √(1/2 − 4/π²).
        let c: Vec<f64> = (0..200_000).map(|t| t as f64 * 0.0437).collect();
        let d: Vec<f64> = (0..200_000).map(|t| t as f64 * 0.0311).collect();
        let m = metastability(&[c.clone(), d.clone()]).unwrap();
        assert!((m - (0.5 - 4.0 / PI / PI).sqrt()).abs() < 1e-3, "{m}");
        // A population that locks and unlocks in turn stands above its shift baseline.
        let n = 20_000;
        let series: Vec<Vec<f64>> = (0..6)
            .map(|k| {
                (0..n)
                    .map(|t| {
                        let tt = t as f64;
                        // Every oscillator spreads by its own offset in the odd 1000-sample
                        // blocks and shares one phase in the even ones.
                        let spread = if (t / 1000) % 2 == 1 {
                            k as f64 * 1.05
                        } else {
                            0.0
                        };
                        tt * 0.05 + spread
                    })
                    .collect()
            })
            .collect();
        let b = metastability_with_baseline(&series, Surrogates::new(19, 2)).unwrap();
        assert!(b.above_chance() && b.value > 0.3, "{b:?}");
        assert!(metastability(&[vec![0.0]]).is_err());
    }

    #[test]
    fn phase_and_turn_conventions() {
        assert_eq!(phase(1.0, 0.0), 0.0);
        assert!((phase(0, 1) - PI / 2.0).abs() < 1e-15);
        assert!((phase(-1.0, 0.0) - PI).abs() < 1e-15);
        assert_eq!(phase(0.0, 0.0), 0.0);
        assert!((angle_turned((1.0, 0.0), (0.0, 2.0)) - PI / 2.0).abs() < 1e-15);
        assert!((angle_turned((0.0, 1.0), (1.0, 0.0)) + PI / 2.0).abs() < 1e-15);
        assert!((wrap_phase(3.0 * PI) + PI).abs() < 1e-12);
        assert!((wrap_phase(-0.5) + 0.5).abs() < 1e-15);
        assert_eq!(phases(&[(0i32, 5i32)]), vec![PI / 2.0]);
    }

    #[test]
    fn circular_statistics_of_known_sets() {
        let s = circular_stats(&[0.1, 0.1, 0.1]).unwrap();
        assert!((s.mean - 0.1).abs() < 1e-15 && (s.r - 1.0).abs() < 1e-15);
        assert!(s.sd < 1e-7);
        // Four quarter-turns cancel.
        let s = circular_stats(&[0.0, PI / 2.0, PI, 3.0 * PI / 2.0]).unwrap();
        assert!(s.r < 1e-15);
        // Two phases ±a about 3.0 (wrapping through ±π): mean 3.0, R = cos a.
        let s = circular_stats(&[3.0 + 0.4, 3.0 - 0.4]).unwrap();
        assert!((s.mean - 3.0).abs() < 1e-12);
        assert!((s.r - 0.4f64.cos()).abs() < 1e-12);
        assert!((s.sd - (-2.0 * 0.4f64.cos().ln()).sqrt()).abs() < 1e-12);
        assert!(matches!(
            circular_stats(&[]),
            Err(AnalysisError::TooShort { .. })
        ));
        assert!(matches!(
            circular_stats(&[0.0, f64::NAN]),
            Err(AnalysisError::BadSample { index: 1, .. })
        ));
    }

    #[test]
    fn kuramoto_series_of_locked_and_opposed_pairs() {
        let a = [0.0, 1.0, 2.0];
        let b = [0.0, 1.0 + PI, 2.0];
        let r = kuramoto_r_series(&[&a[..], &b[..]]).unwrap();
        assert!((r[0] - 1.0).abs() < 1e-15 && r[1] < 1e-15 && (r[2] - 1.0).abs() < 1e-15);
        let m = mean_kuramoto_r(&[a.to_vec(), b.to_vec()]).unwrap();
        assert!((m - 2.0 / 3.0).abs() < 1e-15);
        let e = mean_kuramoto_r(&[vec![0.0; 3], vec![0.0; 2]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "series has 2 samples, the first series 3 (allowed: equal lengths)"
        );
        let none: [Vec<f64>; 0] = [];
        assert!(mean_kuramoto_r(&none).is_err());
    }
}
