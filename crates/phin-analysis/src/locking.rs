//! Phase locking: the phase-locking value (PLV) of two phase series, 1:1 and n:m, over a whole
//! series or in sliding windows, with the n:m ratio chosen by rational approximation of the
//! frequency ratio.
//!
//! For two oscillators at frequencies fa:fb ≈ n:m, the generalised phase difference
//! m·φa − n·φb stays constant when they are n:m locked (Tass et al. 1998, "Detection of n:m
//! phase locking from noisy data: application to magnetoencephalography", Phys Rev Lett 81). Its
//! phase-locking value |⟨e^{i(m·φa − n·φb)}⟩| is 1 for perfect locking and near 0 for unrelated
//! phases (Lachaux et al. 1999, "Measuring phase synchrony in brain signals", Hum Brain Mapp 8);
//! for Gaussian jitter of standard deviation σ in m·φa − n·φb it is e^{−σ²/2}. A finite series of
//! unrelated phases still gives a positive PLV (about √(π/4N) for N independent samples, more for
//! slowly drifting phases), which is why the `…_with_baseline` forms report the chance level
//! beside the value.

use crate::error::{check_finite, check_len, check_same_len, AnalysisError, Result};
use crate::surrogate::{random_lag, Baselined, Chance, SurrogateMethod, Surrogates};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Default bound on the denominator of [`rational_approximation`]: 8.
pub const DEFAULT_MAX_DENOMINATOR: u32 = 8;
/// Default relative tolerance of [`rational_approximation`]: 5 %.
pub const DEFAULT_RATIO_TOLERANCE: f64 = 0.05;

/// A locking ratio n:m: the first oscillator runs at n/m times the second's frequency
/// (fa:fb = n:m), so m·φa − n·φb is their generalised phase difference. Serialised as
/// `{"n": …, "m": …}`, shown as `n:m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NmRatio {
    /// Cycles of the first oscillator per `m` cycles of the second (≥ 1).
    pub n: u32,
    /// Cycles of the second oscillator per `n` cycles of the first (≥ 1).
    pub m: u32,
}

impl NmRatio {
    /// 1:1.
    pub const ONE_TO_ONE: NmRatio = NmRatio { n: 1, m: 1 };

    /// n:m; both must be at least 1.
    pub fn new(n: u32, m: u32) -> Result<Self> {
        let r = NmRatio { n, m };
        r.validate()?;
        Ok(r)
    }

    /// n / m, the frequency ratio fa / fb it stands for.
    pub fn ratio(self) -> f64 {
        f64::from(self.n) / f64::from(self.m)
    }

    /// The ratio for two frequencies (Hz): [`rational_approximation`] of `fa_hz / fb_hz`.
    pub fn for_frequencies(
        fa_hz: f64,
        fb_hz: f64,
        max_denominator: u32,
        tolerance: f64,
    ) -> Option<Self> {
        rational_approximation(fa_hz / fb_hz, max_denominator, tolerance)
    }

    fn validate(self) -> Result<()> {
        if self.n == 0 || self.m == 0 {
            return Err(AnalysisError::out_of_range(
                "ratio",
                self,
                "n ≥ 1 and m ≥ 1",
            ));
        }
        Ok(())
    }
}

impl fmt::Display for NmRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.n, self.m)
    }
}

/// Greatest common divisor.
fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// An n:m for `ratio` = fa / fb from the faster/slower form r = max(ratio, 1/ratio) ≥ 1 and a
/// fraction p/q of r.
fn orient(ratio: f64, p: u64, q: u64) -> Option<NmRatio> {
    let g = gcd(p, q).max(1);
    let (p, q) = (u32::try_from(p / g).ok()?, u32::try_from(q / g).ok()?);
    Some(if ratio >= 1.0 {
        NmRatio { n: p, m: q }
    } else {
        NmRatio { n: q, m: p }
    })
}

/// The simplest n:m for a frequency ratio `ratio` = fa / fb: the fraction with the smallest
/// denominator that lies within `tolerance` (relative) of it.
///
/// The rule, stated on the faster/slower ratio r = max(ratio, 1/ratio) ≥ 1 so that the answer
/// does not depend on which oscillator comes first: among the fractions p/q with
/// 1 ≤ q ≤ `max_denominator` and |p/q − r| ≤ `tolerance` · r, take the one with the smallest q
/// (and, for that q, the p nearest r·q). Low orders come first because n:m locking regions
/// (Arnold tongues) narrow as n and m grow. The result is the first fraction that the
/// continued-fraction (Stern–Brocot) descent towards r meets inside the tolerance interval; it is
/// always a convergent or semiconvergent of r (see [`convergents`]), in lowest terms.
///
/// `None` when no such fraction exists, or when `ratio` is not a positive finite number, the
/// bound is 0 or the tolerance is negative or NaN.
///
/// With the defaults ([`DEFAULT_MAX_DENOMINATOR`] 8, [`DEFAULT_RATIO_TOLERANCE`] 5 %): L4:L5a
/// 31.73 / 15.42 = 2.058 → 2:1 (2.8 % off); L6:θ 9.53 / 5.89 = 1.618 (φ) → 5:3 (3.0 % off; 3:2
/// is 7.3 % off). With a 1 % tolerance φ becomes 13:8.
///
/// ```
/// use phin_analysis::locking::{rational_approximation, NmRatio};
///
/// assert_eq!(rational_approximation(31.73 / 15.42, 8, 0.05), Some(NmRatio { n: 2, m: 1 }));
/// assert_eq!(rational_approximation(5.89 / 9.53, 3, 0.05), Some(NmRatio { n: 3, m: 5 }));
/// assert_eq!(rational_approximation(2.0f64.sqrt(), 2, 0.01), None);
/// ```
pub fn rational_approximation(ratio: f64, max_denominator: u32, tolerance: f64) -> Option<NmRatio> {
    if !(ratio.is_finite() && ratio > 0.0)
        || max_denominator == 0
        || tolerance.is_nan()
        || tolerance < 0.0
    {
        return None;
    }
    let r = if ratio >= 1.0 { ratio } else { 1.0 / ratio };
    (1..=u64::from(max_denominator)).find_map(|q| {
        let p = (r * q as f64).round().max(1.0);
        if p >= u32::MAX as f64 {
            return None;
        }
        ((p / q as f64 - r).abs() <= tolerance * r).then(|| orient(ratio, p as u64, q))?
    })
}

/// The continued-fraction convergents of `ratio` = fa / fb as n:m, in order, up to the bound on
/// the denominator (again of the faster/slower ratio, as in [`rational_approximation`]); they
/// stop early when the expansion ends (a rational `ratio`). Empty for a ratio that is not a
/// positive finite number or a bound of 0. For φ these are 1:1, 2:1, 3:2, 5:3, 8:5, 13:8 …
pub fn convergents(ratio: f64, max_denominator: u32) -> Vec<NmRatio> {
    let mut out = Vec::new();
    if !(ratio.is_finite() && ratio > 0.0) || max_denominator == 0 {
        return out;
    }
    let mut x = if ratio >= 1.0 { ratio } else { 1.0 / ratio };
    // h/k: the current convergent; (h1, k1) the one before.
    let (mut h1, mut k1, mut h, mut k) = (0u64, 1u64, 1u64, 0u64);
    for _ in 0..64 {
        let a = x.floor();
        if a > 1e15 {
            break;
        }
        let a = a as u64;
        let (hn, kn) = (a * h + h1, a * k + k1);
        if kn > u64::from(max_denominator) {
            break;
        }
        (h1, k1, h, k) = (h, k, hn, kn);
        if let Some(r) = orient(ratio, h, k) {
            out.push(r);
        }
        let frac = x - a as f64;
        if frac < 1e-12 {
            break;
        }
        x = 1.0 / frac;
    }
    out
}

/// Unit phasors (cos, sin), one per sample.
type Phasors = Vec<(f64, f64)>;

/// e^{i m φa} and e^{−i n φb} per sample, after validating the pair.
fn phasors(
    phase_a: &[f64],
    phase_b: &[f64],
    ratio: NmRatio,
    min_len: usize,
) -> Result<(Phasors, Phasors)> {
    ratio.validate()?;
    check_len("phase_a", phase_a, min_len)?;
    check_same_len("phase_b", phase_a, phase_b)?;
    check_finite("phase_a", phase_a)?;
    check_finite("phase_b", phase_b)?;
    let (m, n) = (f64::from(ratio.m), f64::from(ratio.n));
    let ea = phase_a
        .iter()
        .map(|p| (m * p).sin_cos())
        .map(|(s, c)| (c, s));
    let eb = phase_b
        .iter()
        .map(|p| (n * p).sin_cos())
        .map(|(s, c)| (c, -s));
    Ok((ea.collect(), eb.collect()))
}

/// |mean of ea[t]·eb[(t + lag) mod T]|.
fn plv_lagged(ea: &[(f64, f64)], eb: &[(f64, f64)], lag: usize) -> f64 {
    let t_len = ea.len();
    let (mut re, mut im) = (0.0, 0.0);
    for (t, a) in ea.iter().enumerate() {
        let mut i = t + lag;
        if i >= t_len {
            i -= t_len;
        }
        let b = eb[i];
        re += a.0 * b.0 - a.1 * b.1;
        im += a.0 * b.1 + a.1 * b.0;
    }
    re.hypot(im) / t_len as f64
}

/// The 1:1 phase-locking value |⟨e^{i(φa − φb)}⟩| of two phase series of equal length (radians,
/// wrapped or not), Lachaux et al. 1999.
pub fn plv(phase_a: &[f64], phase_b: &[f64]) -> Result<f64> {
    plv_nm(phase_a, phase_b, NmRatio::ONE_TO_ONE)
}

/// The n:m phase-locking value |⟨e^{i(m·φa − n·φb)}⟩| of two phase series of equal length, for
/// frequencies fa:fb ≈ n:m (Tass et al. 1998). Errors for empty or unequal series, a non-finite
/// phase, or n or m of 0.
///
/// ```
/// use phin_analysis::locking::{plv_nm, NmRatio};
///
/// // b turns twice as fast as a (fa:fb = 1:2), with a constant offset.
/// let a: Vec<f64> = (0..1000).map(|t| 0.01 * t as f64).collect();
/// let b: Vec<f64> = a.iter().map(|p| 2.0 * p + 0.7).collect();
/// let v = plv_nm(&a, &b, NmRatio { n: 1, m: 2 }).unwrap();
/// assert!((v - 1.0).abs() < 1e-12);
/// ```
pub fn plv_nm(phase_a: &[f64], phase_b: &[f64], ratio: NmRatio) -> Result<f64> {
    let (ea, eb) = phasors(phase_a, phase_b, ratio, 1)?;
    Ok(plv_lagged(&ea, &eb, 0))
}

/// [`plv`] beside its chance level (see [`plv_nm_with_baseline`]).
pub fn plv_with_baseline(
    phase_a: &[f64],
    phase_b: &[f64],
    surrogates: Surrogates,
) -> Result<Baselined> {
    plv_nm_with_baseline(phase_a, phase_b, NmRatio::ONE_TO_ONE, surrogates)
}

/// [`plv_nm`] beside its chance level: the PLV after `phase_b` is shifted circularly in time by a
/// random lag ([`SurrogateMethod::IndependentShifts`]). The shift keeps each series' own
/// dynamics (frequency, drift, jitter) and destroys their relation at equal times; what is left
/// is the PLV two series with these dynamics reach without any relation. It is high for series
/// whose phases drift slowly compared with their length (few independent stretches), and for
/// two strictly periodic series at exactly n:m frequencies the shift only moves the phase offset
/// (plus one phase jump where it wraps around, none over a whole number of cycles), so the
/// chance level is close to the value: their "locking" is no more than two stable frequencies.
/// Needs at least two samples.
pub fn plv_nm_with_baseline(
    phase_a: &[f64],
    phase_b: &[f64],
    ratio: NmRatio,
    surrogates: Surrogates,
) -> Result<Baselined> {
    let (ea, eb) = phasors(phase_a, phase_b, ratio, 2)?;
    surrogates.validate()?;
    let value = plv_lagged(&ea, &eb, 0);
    let mut rng = surrogates.rng();
    let samples = (0..surrogates.count)
        .map(|_| plv_lagged(&ea, &eb, random_lag(&mut rng, ea.len())))
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::IndependentShifts,
        surrogates,
    ))
}

/// PLVs of windows `[start, start + window)`, `start = 0, hop, 2·hop, …` while the window fits,
/// with series b read at lag `lag`, from prefix sums of the generalised phase difference.
fn windows_lagged(
    ea: &[(f64, f64)],
    eb: &[(f64, f64)],
    lag: usize,
    window: usize,
    hop: usize,
) -> Vec<f64> {
    let t_len = ea.len();
    let mut prefix = Vec::with_capacity(t_len + 1);
    let (mut re, mut im) = (0.0, 0.0);
    prefix.push((re, im));
    for (t, a) in ea.iter().enumerate() {
        let mut i = t + lag;
        if i >= t_len {
            i -= t_len;
        }
        let b = eb[i];
        re += a.0 * b.0 - a.1 * b.1;
        im += a.0 * b.1 + a.1 * b.0;
        prefix.push((re, im));
    }
    (0..)
        .map(|k| k * hop)
        .take_while(|s| s + window <= t_len)
        .map(|s| {
            let (r1, i1) = prefix[s + window];
            let (r0, i0) = prefix[s];
            (r1 - r0).hypot(i1 - i0) / window as f64
        })
        .collect()
}

fn check_windows(len: usize, window: usize, hop: usize) -> Result<()> {
    if window == 0 || window > len {
        return Err(AnalysisError::out_of_range(
            "window",
            window,
            format!("1 ..= {len} samples (the series' length)"),
        ));
    }
    if hop == 0 {
        return Err(AnalysisError::out_of_range("hop", hop, "at least 1 sample"));
    }
    Ok(())
}

/// The 1:1 PLV in sliding windows ([`windowed_plv_nm`] at 1:1).
pub fn windowed_plv(
    phase_a: &[f64],
    phase_b: &[f64],
    window: usize,
    hop: usize,
) -> Result<Vec<f64>> {
    windowed_plv_nm(phase_a, phase_b, NmRatio::ONE_TO_ONE, window, hop)
}

/// The n:m PLV in sliding windows of `window` samples, one every `hop` samples: entry k covers
/// samples `[k·hop, k·hop + window)`, and windows run while they fit (a tail shorter than a
/// window is left out). Errors as [`plv_nm`], and for a window of 0 or longer than the series or
/// a hop of 0.
pub fn windowed_plv_nm(
    phase_a: &[f64],
    phase_b: &[f64],
    ratio: NmRatio,
    window: usize,
    hop: usize,
) -> Result<Vec<f64>> {
    let (ea, eb) = phasors(phase_a, phase_b, ratio, 1)?;
    check_windows(ea.len(), window, hop)?;
    Ok(windows_lagged(&ea, &eb, 0, window, hop))
}

/// Windowed PLVs beside the chance level of one window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowedPlv {
    /// The locking ratio measured.
    pub ratio: NmRatio,
    /// Window length, samples.
    pub window: usize,
    /// Hop between window starts, samples.
    pub hop: usize,
    /// PLV of each window; window k covers samples `[k·hop, k·hop + window)`.
    pub values: Vec<f64>,
    /// Chance level of one window's PLV: the distribution of the window PLVs of all windows of
    /// all surrogates (each surrogate is `phase_b` shifted circularly by a random lag). A short
    /// window has a higher chance level than a long one.
    pub chance: Chance,
}

/// [`windowed_plv_nm`] beside the chance level of a window's PLV, from the same windows of
/// surrogates in which `phase_b` is shifted circularly by a random lag (what this keeps and
/// destroys is as in [`plv_nm_with_baseline`]). Needs at least two samples.
pub fn windowed_plv_nm_with_baseline(
    phase_a: &[f64],
    phase_b: &[f64],
    ratio: NmRatio,
    window: usize,
    hop: usize,
    surrogates: Surrogates,
) -> Result<WindowedPlv> {
    let (ea, eb) = phasors(phase_a, phase_b, ratio, 2)?;
    check_windows(ea.len(), window, hop)?;
    surrogates.validate()?;
    let values = windows_lagged(&ea, &eb, 0, window, hop);
    let mut rng = surrogates.rng();
    let mut pooled = Vec::with_capacity(values.len() * surrogates.count);
    for _ in 0..surrogates.count {
        let lag = random_lag(&mut rng, ea.len());
        pooled.extend(windows_lagged(&ea, &eb, lag, window, hop));
    }
    Ok(WindowedPlv {
        ratio,
        window,
        hop,
        values,
        chance: Chance::from_samples(pooled, SurrogateMethod::IndependentShifts, surrogates),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_match_the_whole_series_plv_of_each_slice() {
        let a: Vec<f64> = (0..1000).map(|t| (t as f64 * 0.013).sin() * 3.0).collect();
        let b: Vec<f64> = (0..1000).map(|t| t as f64 * 0.029).collect();
        let r = NmRatio::new(2, 3).unwrap();
        let w = windowed_plv_nm(&a, &b, r, 300, 250).unwrap();
        let w11 = windowed_plv(&a, &b, 300, 250).unwrap();
        assert!((w11[1] - plv(&a[250..550], &b[250..550]).unwrap()).abs() < 1e-12);
        assert_eq!(w.len(), 3); // starts 0, 250, 500; 750 + 300 does not fit
        for (k, v) in w.iter().enumerate() {
            let s = k * 250;
            let direct = plv_nm(&a[s..s + 300], &b[s..s + 300], r).unwrap();
            assert!((v - direct).abs() < 1e-12, "{k}: {v} vs {direct}");
        }
        assert!(windowed_plv_nm(&a, &b, r, 0, 1).is_err());
        assert!(windowed_plv_nm(&a, &b, r, 1001, 1).is_err());
        assert!(windowed_plv_nm(&a, &b, r, 10, 0).is_err());
    }

    #[test]
    fn bad_pairs_are_refused() {
        assert!(matches!(
            plv(&[0.0, 1.0], &[0.0]),
            Err(AnalysisError::LengthMismatch { .. })
        ));
        assert!(matches!(plv(&[], &[]), Err(AnalysisError::TooShort { .. })));
        assert!(plv_nm(&[0.0], &[0.0], NmRatio { n: 0, m: 1 }).is_err());
        assert!(plv(&[0.0, f64::INFINITY], &[0.0, 0.0]).is_err());
        assert!(plv_with_baseline(&[0.0], &[0.0], Surrogates::new(5, 1)).is_err());
        assert!(plv_with_baseline(&[0.0, 1.0], &[0.0, 1.0], Surrogates::new(0, 1)).is_err());
        assert_eq!(
            NmRatio::new(0, 2).unwrap_err().to_string(),
            "ratio = 0:2 is out of range (allowed: n ≥ 1 and m ≥ 1)"
        );
    }

    #[test]
    fn convergents_of_phi_are_fibonacci_ratios() {
        let phi = (1.0 + 5f64.sqrt()) / 2.0;
        let c: Vec<String> = convergents(phi, 8).iter().map(|r| r.to_string()).collect();
        assert_eq!(c, ["1:1", "2:1", "3:2", "5:3", "8:5", "13:8"]);
        let c: Vec<String> = convergents(1.0 / phi, 5)
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(c, ["1:1", "1:2", "2:3", "3:5", "5:8"]);
        let c: Vec<String> = convergents(2.5, 8).iter().map(|r| r.to_string()).collect();
        assert_eq!(c, ["2:1", "5:2"]);
        assert!(convergents(f64::NAN, 8).is_empty());
        assert!(convergents(1.5, 0).is_empty());
    }
}
