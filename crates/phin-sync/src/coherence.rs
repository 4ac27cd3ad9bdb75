//! Coherence, golden-ratio coupling and waves, each figure beside its chance level.
//!
//! - **Phase coherence** between two layers is the n:m phase-locking value
//!   |⟨e^{i(m·φa − n·φb)}⟩| (Tass et al. 1998) for the best n:m among the continued-fraction
//!   convergents of their frequency ratio (for φ: 1:1, 2:1, 3:2, 5:3, 8:5, 13:8). Its chance
//!   level takes the same best-of-all-ratios PLV after the second series is shifted circularly
//!   in time by a seeded random lag (10 % … 90 % of the record): each series keeps its own
//!   dynamics, their relation at equal times is gone, and choosing the best ratio inflates the
//!   surrogates exactly as much as the value. Shifts are a valid null only for signals that are
//!   not strictly periodic at the same frequency (then a lag is only a constant phase offset, to
//!   which a PLV is blind); the processor's oscillators are not (their frequencies walk by up to
//!   ±5 %, processor description section 10.2), but synthetic waves are, so their test uses a
//!   control instead (positions with unrelated lags).
//! - **Golden-ratio coupling** of two adjacent layers is the source's `calculate_optimal_coupling`
//!   ("Consciousness Wave Synchronization"): strength = |(f_upper/f_lower)/φ| (1.0 on the φ
//!   ladder) and phase_lock = (φ_upper − φ_lower) mod 2π (with `rem_euclid`; the source's `%`
//!   can be negative). Between different frequencies phase_lock is a beat, so it is reported
//!   with the n:m PLV and its chance level, which say whether the two are bound at all.
//! - **Waves**: across positions (the three columns, or the ladder) a pattern is named from the
//!   lags between neighbours: standing (every lag within the tolerance of 0° or 180°),
//!   travelling (every lag on the same side, the same direction), irregular, or incoherent
//!   (some neighbour's PLV below `wave_min_plv`).

use crate::params::PHI;
use phin_analysis::locking::{convergents, NmRatio};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// The chance level of a figure: the same measure on `count` surrogates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChanceLevel {
    /// What the surrogates are.
    pub method: String,
    /// Mean over the surrogates.
    pub mean: f64,
    /// Standard deviation over the surrogates.
    pub sd: f64,
    /// 95th percentile (nearest rank).
    pub p95: f64,
    /// Number of surrogates.
    pub count: usize,
    /// Seed.
    pub seed: u64,
}

impl ChanceLevel {
    /// The distribution of `samples`.
    pub fn from_samples(method: &str, mut samples: Vec<f64>, seed: u64) -> ChanceLevel {
        let k = samples.len().max(1) as f64;
        let mean = samples.iter().sum::<f64>() / k;
        let sd = if samples.len() > 1 {
            (samples.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt()
        } else {
            0.0
        };
        samples.sort_by(f64::total_cmp);
        let rank = ((0.95 * samples.len() as f64).ceil() as usize).max(1);
        ChanceLevel {
            method: method.to_string(),
            mean,
            sd,
            p95: samples.get(rank - 1).copied().unwrap_or(mean),
            count: samples.len(),
            seed,
        }
    }
}

/// An n:m phase-locking value beside its chance level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NmLock {
    /// The ratio with the highest PLV, `n:m` (fa:fb).
    pub ratio: String,
    /// Its PLV.
    pub plv: f64,
    /// The best-of-all-ratios PLV on shifted surrogates.
    pub chance: ChanceLevel,
    /// Whether the PLV lies above the surrogates' 95th percentile.
    pub above_chance: bool,
}

fn phasors(phase: &[f64], k: f64) -> Vec<(f64, f64)> {
    phase
        .iter()
        .map(|p| (k * p).sin_cos())
        .map(|(s, c)| (c, s))
        .collect()
}

/// |mean a[t]·conj(b[(t + lag) mod N])|.
fn plv_lag(a: &[(f64, f64)], b: &[(f64, f64)], lag: usize) -> f64 {
    let n = a.len();
    let (mut re, mut im) = (0.0, 0.0);
    for (t, x) in a.iter().enumerate() {
        let y = b[(t + lag) % n];
        re += x.0 * y.0 + x.1 * y.1;
        im += x.1 * y.0 - x.0 * y.1;
    }
    re.hypot(im) / n.max(1) as f64
}

/// The candidate ratios for two frequencies: the convergents of fa/fb with denominators ≤ 8
/// (1:1 always among them).
pub fn candidate_ratios(fa_hz: f64, fb_hz: f64) -> Vec<NmRatio> {
    let mut v = convergents(fa_hz / fb_hz, 8);
    if !v.contains(&NmRatio::ONE_TO_ONE) {
        v.insert(0, NmRatio::ONE_TO_ONE);
    }
    v
}

/// The best n:m PLV of two phase series (equal length, ≥ 10 samples) over
/// [`candidate_ratios`], beside its shifted-surrogate chance level (`surrogates` from `seed`).
pub fn best_nm_plv(
    a: &[f64],
    b: &[f64],
    fa_hz: f64,
    fb_hz: f64,
    surrogates: usize,
    seed: u64,
) -> NmLock {
    let n = a.len().min(b.len());
    let ratios = candidate_ratios(fa_hz, fb_hz);
    type Phasors = Vec<(f64, f64)>;
    let sets: Vec<(NmRatio, Phasors, Phasors)> = ratios
        .iter()
        .map(|r| {
            (
                *r,
                phasors(&a[..n], f64::from(r.m)),
                phasors(&b[..n], f64::from(r.n)),
            )
        })
        .collect();
    let best = |lag: usize| {
        sets.iter()
            .map(|(r, pa, pb)| (*r, plv_lag(pa, pb, lag)))
            .fold((NmRatio::ONE_TO_ONE, -1.0), |acc, x| {
                if x.1 > acc.1 {
                    x
                } else {
                    acc
                }
            })
    };
    let (ratio, plv) = best(0);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let lo = (n / 10).max(1);
    let span = n.saturating_sub(2 * lo).max(1);
    let samples: Vec<f64> = (0..surrogates)
        .map(|_| {
            let lag = lo + ((u128::from(rng.next_u64()) * span as u128) >> 64) as usize;
            best(lag).1
        })
        .collect();
    let chance = ChanceLevel::from_samples("independent_shifts_best_ratio", samples, seed);
    NmLock {
        ratio: ratio.to_string(),
        above_chance: plv > chance.p95,
        plv,
        chance,
    }
}

/// The source's golden-ratio coupling of two adjacent layers, with their measured locking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoldenCoupling {
    /// The faster layer.
    pub lower: u8,
    /// The slower layer (the next rung up).
    pub upper: u8,
    /// Measured frequencies, Hz (faster, slower).
    pub frequencies_hz: (f64, f64),
    /// Faster over slower frequency (φ on the ladder).
    pub ratio: f64,
    /// |ratio / φ| (the source's `strength`; 1.0 on the ladder).
    pub strength: f64,
    /// Relative deviation of the ratio from φ.
    pub ratio_error: f64,
    /// (φ_upper − φ_lower) mod 2π at the end of the record, radians (the source's `phase_lock`;
    /// a beat between different frequencies).
    pub phase_lock_rad: f64,
    /// The best n:m PLV and its chance level.
    pub locking: NmLock,
    /// PLV at or above `coupling_strength` and above chance.
    pub bound: bool,
}

/// Golden coupling of two layers from their phase records and mean frequencies.
#[allow(clippy::too_many_arguments)]
pub fn golden_coupling(
    lower: u8,
    upper: u8,
    fast: &[f64],
    slow: &[f64],
    f_fast: f64,
    f_slow: f64,
    coupling_strength: f64,
    surrogates: usize,
    seed: u64,
) -> GoldenCoupling {
    let ratio = f_fast / f_slow;
    let locking = best_nm_plv(fast, slow, f_fast, f_slow, surrogates, seed);
    let last = |v: &[f64]| v.last().copied().unwrap_or(0.0);
    GoldenCoupling {
        lower,
        upper,
        frequencies_hz: (f_fast, f_slow),
        ratio,
        strength: (ratio / PHI).abs(),
        ratio_error: ratio / PHI - 1.0,
        phase_lock_rad: (last(slow) - last(fast)).rem_euclid(TAU),
        bound: locking.plv >= coupling_strength && locking.above_chance,
        locking,
    }
}

/// Which way a travelling wave goes along the positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the first position to the last (each later position lags).
    Forward,
    /// From the last position to the first.
    Backward,
}

/// The kind of pattern across positions (the source's `SyncPattern`; spiral waves need a 2-D
/// layout and chaotic attractors a Lyapunov estimate, neither of which three columns or a
/// nine-rung chain offer).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaveKind {
    /// Every lag within the tolerance of 0° or 180°.
    Standing,
    /// Every lag beyond the tolerance and on the same side.
    Travelling {
        /// The direction.
        direction: Direction,
        /// Mean delay from one position to the next, ms.
        lag_ms: f64,
        /// Positions per second.
        velocity: f64,
    },
    /// Coherent but neither.
    Irregular,
    /// Some neighbouring pair is not coherent.
    Incoherent,
}

/// A wave pattern and what it was named from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WavePattern {
    /// The pattern.
    pub kind: WaveKind,
    /// Names of the positions, in order.
    pub positions: Vec<String>,
    /// The ratio of each neighbouring pair, `n:m`.
    pub ratios: Vec<String>,
    /// Mean generalised phase difference of each neighbouring pair (later minus earlier),
    /// degrees.
    pub lags_deg: Vec<f64>,
    /// The same as a delay at the earlier position's frequency, ms (positive: the later lags).
    pub lags_ms: Vec<f64>,
    /// PLV of each neighbouring pair.
    pub plv: Vec<f64>,
    /// Chance level of each pair's PLV (shifted surrogates; see the module docs for when a
    /// control must be used instead).
    pub chance: Vec<ChanceLevel>,
}

/// Parameters of [`detect_wave`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaveParams {
    /// Smallest neighbour PLV for a pattern.
    pub min_plv: f64,
    /// Standing tolerance, degrees.
    pub standing_tolerance_deg: f64,
    /// Surrogates per pair.
    pub surrogates: usize,
    /// Seed.
    pub seed: u64,
}

/// Names the pattern of `series` (phase records, one per position, equal lengths) whose
/// neighbours are related by `ratios[k]` (fa:fb of positions k, k+1) at frequencies `hz`.
pub fn detect_wave(
    names: &[String],
    series: &[&[f64]],
    hz: &[f64],
    ratios: &[NmRatio],
    p: WaveParams,
) -> WavePattern {
    let mut lags_deg = Vec::new();
    let mut lags_ms = Vec::new();
    let mut plv = Vec::new();
    let mut chance = Vec::new();
    for k in 0..series.len().saturating_sub(1) {
        let (a, b) = (series[k], series[k + 1]);
        let n = a.len().min(b.len());
        let r = ratios[k];
        let pa = phasors(&a[..n], f64::from(r.m));
        let pb = phasors(&b[..n], f64::from(r.n));
        // Mean of e^{i(n·φb − m·φa)}: the later position's phase relative to the earlier one.
        let (mut re, mut im) = (0.0, 0.0);
        for (x, y) in pa.iter().zip(&pb) {
            re += y.0 * x.0 + y.1 * x.1;
            im += y.1 * x.0 - y.0 * x.1;
        }
        let lag = im.atan2(re);
        lags_deg.push(lag.to_degrees());
        // One cycle of the generalised difference is m cycles of the earlier position.
        lags_ms.push(-lag / (TAU * hz[k] * f64::from(r.m)) * 1e3);
        plv.push(re.hypot(im) / n.max(1) as f64);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(p.seed.wrapping_add(k as u64));
        let lo = (n / 10).max(1);
        let span = n.saturating_sub(2 * lo).max(1);
        let samples: Vec<f64> = (0..p.surrogates)
            .map(|_| {
                plv_lag(
                    &pa,
                    &pb,
                    lo + ((u128::from(rng.next_u64()) * span as u128) >> 64) as usize,
                )
            })
            .collect();
        chance.push(ChanceLevel::from_samples(
            "independent_shifts",
            samples,
            p.seed.wrapping_add(k as u64),
        ));
    }
    let tol = p.standing_tolerance_deg;
    let kind = if plv.is_empty() || plv.iter().any(|&v| v < p.min_plv) {
        WaveKind::Incoherent
    } else if lags_deg
        .iter()
        .all(|l| l.abs() <= tol || 180.0 - l.abs() <= tol)
    {
        WaveKind::Standing
    } else if lags_deg.iter().all(|&l| l < -tol && l > -180.0 + tol)
        || lags_deg.iter().all(|&l| l > tol && l < 180.0 - tol)
    {
        let mean_ms = lags_ms.iter().sum::<f64>() / lags_ms.len() as f64;
        WaveKind::Travelling {
            direction: if mean_ms > 0.0 {
                Direction::Forward
            } else {
                Direction::Backward
            },
            lag_ms: mean_ms.abs(),
            velocity: 1e3 / mean_ms.abs(),
        }
    } else {
        WaveKind::Irregular
    };
    WavePattern {
        kind,
        positions: names.to_vec(),
        ratios: ratios.iter().map(|r| r.to_string()).collect(),
        lags_deg,
        lags_ms,
        plv,
        chance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chance_level_statistics() {
        let c = ChanceLevel::from_samples("x", (1..=20).map(f64::from).collect(), 3);
        assert_eq!(c.mean, 10.5);
        assert_eq!(c.p95, 19.0);
        assert_eq!(c.count, 20);
    }

    #[test]
    fn a_two_to_one_lock_is_found_and_stands_above_chance() {
        let n = 20_000;
        let wander = |t: usize| 0.4 * (t as f64 / 900.0).sin() + 0.3 * (t as f64 / 2_300.0).cos();
        let slow: Vec<f64> = (0..n).map(|t| 0.03 * t as f64 + wander(t)).collect();
        let fast: Vec<f64> = slow.iter().map(|p| 2.0 * p + 0.4).collect();
        let l = best_nm_plv(&fast, &slow, 9.6, 4.8, 19, 1);
        assert_eq!(l.ratio, "2:1");
        assert!(l.plv > 0.999 && l.above_chance, "{l:?}");
    }
}
