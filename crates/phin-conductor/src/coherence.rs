//! The synchronisation coefficient S: the windowed n:m phase coherence of two layers, computed
//! online, with two chance levels beside it.
//!
//! The document defines S = cos(φ₁ − φ₂) (neural-conductor-theory.md, "Synchronization
//! Coefficient S(t)"). Its layers run at different frequencies, and so do the processor's
//! (measured: different bands never lock; θ–L6 PLV 0.03–0.07), so cos Δφ of two of them is a
//! beat at the difference frequency: positive half of the time, negative the other half, with
//! mean 0 and mean |cos| = 2/π = 0.637 for unrelated phases — inside the document's "good
//! biological sync 0.6-0.8". A gate on it passes a message whenever the beat happens to be
//! near its crest, and its mean flow is 0 (acceptance test 3 pins both). What the document
//! means ("S = 1: perfect synchronization, 0: no correlation") is a *relation* between the two
//! phases that holds over time. That is the n:m phase-locking value (Tass et al. 1998) over a
//! sliding window: S = |⟨e^{i(m·φa − n·φb)}⟩_W| for layers at frequencies fa:fb ≈ n:m, with n:m
//! the simplest ratio within 5 % (phin-analysis's rational approximation; the document's own
//! "Phase Coupling" Φᵢⱼ = |φᵢ − (fᵢ/fⱼ)·φⱼ| is this idea with a non-integer ratio, which is not
//! defined on wrapped phases).
//!
//! Each pair's S has two chance levels, kept online with it:
//! - **surrogate** (time shift, phin-analysis's `IndependentShifts`): the same windowed n:m
//!   PLV with layer b's phase taken `L` earlier, for K lags L drawn once from the seeded
//!   generator in [`CoherenceParams::min_lag_s`, `max_lag_s`]; the mean over the K lags. It
//!   keeps each layer's own dynamics and destroys their relation at equal times. Caveat (the
//!   measured fact behind phin-core's `closed_loop_batch` example): for two strictly periodic
//!   phases at an exact n:m, a shift is only a constant offset, to which the PLV is blind, so
//!   the surrogate of a locked pair with stable frequencies reaches its value;
//! - **control** (a clock): the same windowed n:m PLV between layer a and an ideal clock at
//!   layer b's nominal frequency — a partner with b's frequency and none of its dynamics. It is
//!   the coherence that b's frequency alone explains.
//!
//! Phases are sampled every [`CoherenceParams::sample_ticks`] ticks; the generalised phase
//! difference of a well-chosen n:m turns at a few Hz at most, far below that rate.

use crate::error::{check_range, ConductorError, Result};
use crate::layers::ConductorLayer;
use crate::time::{ticks, TICKS_PER_SECOND};
use phin_analysis::locking::{rational_approximation, NmRatio};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use std::ops::{Add, Mul, Sub};

/// A complex number (re, im).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Cx {
    /// Real part.
    pub re: f64,
    /// Imaginary part.
    pub im: f64,
}

impl Cx {
    /// 1.
    pub const ONE: Cx = Cx { re: 1.0, im: 0.0 };

    /// e^{iφ}.
    pub fn expi(phi: f64) -> Cx {
        let (s, c) = phi.sin_cos();
        Cx { re: c, im: s }
    }

    /// The unit phasor of the point (x, y) (1 at the origin).
    pub fn unit(x: f64, y: f64) -> Cx {
        let r = x.hypot(y);
        if r > 0.0 {
            Cx {
                re: x / r,
                im: y / r,
            }
        } else {
            Cx::ONE
        }
    }

    /// The conjugate.
    #[inline]
    pub fn conj(self) -> Cx {
        Cx {
            re: self.re,
            im: -self.im,
        }
    }

    /// self × k.
    #[inline]
    pub fn scale(self, k: f64) -> Cx {
        Cx {
            re: self.re * k,
            im: self.im * k,
        }
    }

    /// |self|.
    pub fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }

    /// arg(self), radians in (−π, π].
    pub fn arg(self) -> f64 {
        self.im.atan2(self.re)
    }

    /// self^k for k ≥ 0.
    #[inline]
    pub fn powi(self, k: u32) -> Cx {
        let mut out = Cx::ONE;
        let mut b = self;
        let mut e = k;
        while e > 0 {
            if e & 1 == 1 {
                out = out.mul(b);
            }
            b = b.mul(b);
            e >>= 1;
        }
        out
    }
}

impl std::ops::Mul for Cx {
    type Output = Cx;
    #[inline]
    fn mul(self, o: Cx) -> Cx {
        Cx {
            re: self.re * o.re - self.im * o.im,
            im: self.re * o.im + self.im * o.re,
        }
    }
}

impl std::ops::Add for Cx {
    type Output = Cx;
    #[inline]
    fn add(self, o: Cx) -> Cx {
        Cx {
            re: self.re + o.re,
            im: self.im + o.im,
        }
    }
}

impl std::ops::Sub for Cx {
    type Output = Cx;
    #[inline]
    fn sub(self, o: Cx) -> Cx {
        Cx {
            re: self.re - o.re,
            im: self.im - o.im,
        }
    }
}

/// How S is measured.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoherenceParams {
    /// The sliding window, seconds: 1 s. Long enough that two unrelated layers whose n:m
    /// frequencies differ by 1 Hz fall to a PLV near 0 (|sinc(π·Δf·W)|), short enough to
    /// follow a change of state.
    pub window_s: f64,
    /// Ticks between phase samples: 8 (500 Hz).
    pub sample_ticks: u64,
    /// Largest denominator of the n:m ratio: 8 (phin-analysis's default).
    pub max_denominator: u32,
    /// Relative tolerance of the n:m ratio: 5 % (phin-analysis's default); where no ratio is
    /// within it, the nearest with the denominator bound is used.
    pub ratio_tolerance: f64,
    /// Number of time-shift surrogates K: 4.
    pub surrogate_count: usize,
    /// Shortest surrogate lag, seconds: 0.5.
    pub min_lag_s: f64,
    /// Longest surrogate lag, seconds: 2.
    pub max_lag_s: f64,
}

impl Default for CoherenceParams {
    fn default() -> Self {
        CoherenceParams {
            window_s: 1.0,
            sample_ticks: 8,
            max_denominator: 8,
            ratio_tolerance: 0.05,
            surrogate_count: 4,
            min_lag_s: 0.5,
            max_lag_s: 2.0,
        }
    }
}

impl CoherenceParams {
    /// Checks every field.
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |n: &str| format!("{field}.{n}");
        check_range(&f("window_s"), self.window_s, 0.01, 60.0)?;
        if !(1..=400).contains(&self.sample_ticks) {
            return Err(ConductorError::out_of_range(
                f("sample_ticks"),
                self.sample_ticks,
                "1 … 400",
            ));
        }
        if !(1..=16).contains(&self.max_denominator) {
            return Err(ConductorError::out_of_range(
                f("max_denominator"),
                self.max_denominator,
                "1 … 16",
            ));
        }
        check_range(&f("ratio_tolerance"), self.ratio_tolerance, 0.0, 1.0)?;
        if !(1..=64).contains(&self.surrogate_count) {
            return Err(ConductorError::out_of_range(
                f("surrogate_count"),
                self.surrogate_count,
                "1 … 64",
            ));
        }
        check_range(&f("min_lag_s"), self.min_lag_s, 0.001, 60.0)?;
        check_range(&f("max_lag_s"), self.max_lag_s, self.min_lag_s, 60.0)?;
        if self.window_samples() < 2 {
            return Err(ConductorError::out_of_range(
                f("window_s"),
                self.window_s,
                "at least two phase samples",
            ));
        }
        Ok(())
    }

    /// Samples per window.
    pub fn window_samples(&self) -> usize {
        (ticks(self.window_s) / self.sample_ticks.max(1)) as usize
    }

    /// Seconds of phase history needed before every surrogate is defined.
    pub fn warmup_s(&self) -> f64 {
        self.window_s + self.max_lag_s
    }
}

/// The n:m ratio used for two frequencies (fa:fb = n:m).
pub fn ratio_for(fa_hz: f64, fb_hz: f64, max_den: u32, tolerance: f64) -> NmRatio {
    rational_approximation(fa_hz / fb_hz, max_den, tolerance)
        .or_else(|| rational_approximation(fa_hz / fb_hz, max_den, 1.0))
        .unwrap_or(NmRatio::ONE_TO_ONE)
}

/// A ring of complex samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Ring {
    buf: Vec<Cx>,
}

impl Ring {
    fn new(len: usize) -> Self {
        Ring {
            buf: vec![Cx::ONE; len.max(1)],
        }
    }
    /// Sample `back` samples before the one at absolute index `idx`.
    #[inline]
    fn at(&self, idx: u64) -> Cx {
        self.buf[(idx % self.buf.len() as u64) as usize]
    }
    #[inline]
    fn put(&mut self, idx: u64, v: Cx) {
        let n = self.buf.len() as u64;
        self.buf[(idx % n) as usize] = v;
    }
}

/// One unordered pair's running state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Pair {
    a: usize,
    b: usize,
    ratio: NmRatio,
    /// e^{i m φa}.
    pa: Ring,
    /// e^{−i n φb}.
    pb: Ring,
    sum: Cx,
    sur: Vec<Cx>,
    /// e^{−i n ω_b t} of the clock at the current sample, and its value W samples earlier
    /// relative to now (a constant).
    clock: Cx,
    clock_step: Cx,
    clock_back: Cx,
    csum: Cx,
    raw_cos: f64,
    // Running means over the run (for the report).
    acc_s: f64,
    acc_sur: f64,
    acc_ctl: f64,
    acc_cos: f64,
    acc_abs_cos: f64,
    acc_n: u64,
}

/// Windowed n:m coherence of every pair of the seven layers, with its chance levels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoherenceMonitor {
    params: CoherenceParams,
    window: usize,
    lags: Vec<usize>,
    pairs: Vec<Pair>,
    /// Samples pushed so far.
    count: u64,
}

/// Index of the unordered pair (a, b), a ≠ b, among the 21.
fn pair_index(a: usize, b: usize) -> usize {
    let (i, j) = if a < b { (a, b) } else { (b, a) };
    // Row i starts after Σ_{k<i} (6 − k) pairs.
    i * (13 - i) / 2 + (j - i - 1)
}

/// The coherence of one pair, beside its two chance levels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairCoherence {
    /// The ratio n:m (first layer : second layer).
    pub ratio: NmRatio,
    /// S, the windowed n:m PLV.
    pub value: f64,
    /// Mean over the time-shift surrogates.
    pub surrogate: f64,
    /// The clock control.
    pub control: f64,
    /// cos(φa − φb) at the last sample (the document's S).
    pub raw_cos: f64,
}

/// A pair's means over the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairSummary {
    /// First layer.
    pub a: ConductorLayer,
    /// Second layer.
    pub b: ConductorLayer,
    /// n:m.
    pub ratio: String,
    /// Mean S.
    pub coherence: f64,
    /// Mean time-shift surrogate (chance level).
    pub surrogate: f64,
    /// Mean clock control (chance level).
    pub control: f64,
    /// Mean cos(φa − φb), the document's S (≈ 0 for unlocked layers).
    pub mean_cos: f64,
    /// Mean |cos(φa − φb)| (2/π = 0.637 for unrelated phases).
    pub mean_abs_cos: f64,
}

impl CoherenceMonitor {
    /// A monitor for layers at `hz` (the seven layers' frequencies), with its surrogate lags
    /// drawn from `rng`.
    pub fn new(params: CoherenceParams, hz: [f64; 7], rng: &mut impl RngCore) -> Result<Self> {
        params.validate("coherence")?;
        let window = params.window_samples();
        let per_s = TICKS_PER_SECOND / params.sample_ticks as f64;
        let lo = (params.min_lag_s * per_s).round().max(1.0) as u64;
        let hi = (params.max_lag_s * per_s).round().max(lo as f64) as u64;
        let lags: Vec<usize> = (0..params.surrogate_count)
            .map(|_| (lo + rng.next_u64() % (hi - lo + 1)) as usize)
            .collect();
        let max_lag = lags.iter().copied().max().unwrap_or(0);
        let dt = params.sample_ticks as f64 / TICKS_PER_SECOND;
        let mut pairs = Vec::with_capacity(21);
        for a in 0..7 {
            for b in a + 1..7 {
                let ratio = ratio_for(hz[a], hz[b], params.max_denominator, params.ratio_tolerance);
                let w = std::f64::consts::TAU * hz[b] * f64::from(ratio.n);
                pairs.push(Pair {
                    a,
                    b,
                    ratio,
                    pa: Ring::new(window + 1),
                    pb: Ring::new(window + max_lag + 1),
                    sum: Cx::default(),
                    sur: vec![Cx::default(); lags.len()],
                    clock: Cx::ONE,
                    clock_step: Cx::expi(-w * dt),
                    clock_back: Cx::expi(w * dt * window as f64),
                    csum: Cx::default(),
                    raw_cos: 0.0,
                    acc_s: 0.0,
                    acc_sur: 0.0,
                    acc_ctl: 0.0,
                    acc_cos: 0.0,
                    acc_abs_cos: 0.0,
                    acc_n: 0,
                });
            }
        }
        Ok(CoherenceMonitor {
            params,
            window,
            lags,
            pairs,
            count: 0,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &CoherenceParams {
        &self.params
    }

    /// The surrogate lags, samples.
    pub fn lags(&self) -> &[usize] {
        &self.lags
    }

    /// Samples pushed so far.
    pub fn samples(&self) -> u64 {
        self.count
    }

    /// Every surrogate is defined (enough history).
    pub fn warmed_up(&self) -> bool {
        let max_lag = self.lags.iter().copied().max().unwrap_or(0) as u64;
        self.count >= self.window as u64 + max_lag
    }

    /// Pushes one sample of the seven layers' unit phasors e^{iφ}; `accumulate` adds this
    /// sample to the run means.
    pub fn push(&mut self, e: &[Cx; 7], accumulate: bool) {
        let t = self.count;
        let w = self.window as u64;
        for p in &mut self.pairs {
            let m = p.ratio.m;
            let n = p.ratio.n;
            let za = e[p.a].powi(m);
            let zb = e[p.b].powi(n).conj();
            p.pa.put(t, za);
            p.pb.put(t, zb);
            p.sum = p.sum.add(za.mul(zb));
            if t >= w {
                p.sum = p.sum.sub(p.pa.at(t - w).mul(p.pb.at(t - w)));
            }
            for (s, &lag) in p.sur.iter_mut().zip(&self.lags) {
                let lag = lag as u64;
                if t >= lag {
                    *s = s.add(za.mul(p.pb.at(t - lag)));
                }
                if t >= w + lag {
                    *s = s.sub(p.pa.at(t - w).mul(p.pb.at(t - w - lag)));
                }
            }
            p.csum = p.csum.add(za.mul(p.clock));
            if t >= w {
                let old_clock = p.clock.mul(p.clock_back);
                p.csum = p.csum.sub(p.pa.at(t - w).mul(old_clock));
            }
            p.clock = p.clock.mul(p.clock_step);
            // Keep the clock on the unit circle (a rotation by multiplication drifts slowly).
            p.clock = p.clock.scale(1.0 / p.clock.abs());
            p.raw_cos = e[p.a].mul(e[p.b].conj()).re;
        }
        self.count += 1;
        if accumulate {
            for k in 0..self.pairs.len() {
                let c = self.pair_at(k);
                let p = &mut self.pairs[k];
                p.acc_s += c.value;
                p.acc_sur += c.surrogate;
                p.acc_ctl += c.control;
                p.acc_cos += c.raw_cos;
                p.acc_abs_cos += c.raw_cos.abs();
                p.acc_n += 1;
            }
        }
    }

    fn pair_at(&self, k: usize) -> PairCoherence {
        let p = &self.pairs[k];
        let filled = (self.count as usize).min(self.window).max(1) as f64;
        let sur = p
            .sur
            .iter()
            .zip(&self.lags)
            .map(|(s, &lag)| {
                let have = (self.count as usize).saturating_sub(lag).min(self.window);
                if have == 0 {
                    0.0
                } else {
                    s.abs() / have as f64
                }
            })
            .sum::<f64>()
            / p.sur.len().max(1) as f64;
        PairCoherence {
            ratio: p.ratio,
            value: (p.sum.abs() / filled).min(1.0),
            surrogate: sur.min(1.0),
            control: (p.csum.abs() / filled).min(1.0),
            raw_cos: p.raw_cos,
        }
    }

    /// The coherence of layers a and b now (the ratio as a:b).
    pub fn pair(&self, a: ConductorLayer, b: ConductorLayer) -> PairCoherence {
        let mut c = self.pair_at(pair_index(a.index(), b.index()));
        if a > b {
            c.ratio = NmRatio {
                n: c.ratio.m,
                m: c.ratio.n,
            };
        }
        c
    }

    /// S of layers a and b now.
    pub fn coherence(&self, a: ConductorLayer, b: ConductorLayer) -> f64 {
        self.pair_at(pair_index(a.index(), b.index())).value
    }

    /// Mean S over all 21 pairs now, and the mean of its surrogate chance level.
    pub fn mean_coherence(&self) -> (f64, f64) {
        let (mut s, mut c) = (0.0, 0.0);
        for k in 0..self.pairs.len() {
            let p = self.pair_at(k);
            s += p.value;
            c += p.surrogate;
        }
        let n = self.pairs.len() as f64;
        (s / n, c / n)
    }

    /// The document's "Sync Quality" Σ|cos(φᵢ − φⱼ)| / (N(N−1)/2) at the last sample.
    pub fn document_sync_quality(&self) -> f64 {
        self.pairs.iter().map(|p| p.raw_cos.abs()).sum::<f64>() / self.pairs.len() as f64
    }

    /// Every pair's run means (pairs in layer order).
    pub fn summaries(&self) -> Vec<PairSummary> {
        self.pairs
            .iter()
            .map(|p| {
                let n = p.acc_n.max(1) as f64;
                PairSummary {
                    a: ConductorLayer::ALL[p.a],
                    b: ConductorLayer::ALL[p.b],
                    ratio: p.ratio.to_string(),
                    coherence: p.acc_s / n,
                    surrogate: p.acc_sur / n,
                    control: p.acc_ctl / n,
                    mean_cos: p.acc_cos / n,
                    mean_abs_cos: p.acc_abs_cos / n,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;
    use std::f64::consts::TAU;

    fn monitor(hz: [f64; 7]) -> CoherenceMonitor {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        CoherenceMonitor::new(CoherenceParams::default(), hz, &mut rng).unwrap()
    }

    #[test]
    fn pair_indices_cover_the_21_pairs_once() {
        let mut seen = [false; 21];
        for a in 0..7 {
            for b in a + 1..7 {
                let k = pair_index(a, b);
                assert!(!seen[k]);
                seen[k] = true;
                assert_eq!(pair_index(b, a), k);
            }
        }
        assert!(seen.iter().all(|&s| s));
        assert!((Cx::expi(0.3).powi(5).arg() - 1.5).abs() < 1e-12);
    }

    /// Synthetic phases: layers 0 and 1 locked 2:1 with jitter of their own common wander;
    /// layer 2 independent with a wandering frequency; the monitor agrees with phin-analysis's
    /// windowed n:m PLV on the same samples.
    #[test]
    fn windowed_coherence_matches_phin_analysis_and_separates_locked_from_unrelated() {
        let hz = [30.0, 15.0, 9.7, 5.89, 3.93, 1.96, 9.53];
        let mut m = monitor(hz);
        let dt = 8.0 / 4_000.0;
        let n = 3_000;
        let mut ph = vec![[0.0f64; 7]; n];
        let mut wander = 0.0f64;
        let mut w2 = 0.0f64;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut u = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
        for (t, row) in ph.iter_mut().enumerate() {
            wander += 0.3 * u();
            w2 += 0.2 * u();
            let tt = t as f64 * dt;
            row[1] = TAU * 15.0 * tt + wander;
            row[0] = 2.0 * row[1] + 0.4 + 0.05 * u();
            row[2] = TAU * 9.7 * tt + w2;
            for k in 3..7 {
                row[k] = TAU * hz[k] * tt + 0.3 * k as f64;
            }
        }
        for row in &ph {
            let e = std::array::from_fn(|k| Cx::expi(row[k]));
            m.push(&e, true);
        }
        let a: Vec<f64> = ph.iter().map(|r| r[0]).collect();
        let b: Vec<f64> = ph.iter().map(|r| r[1]).collect();
        let c: Vec<f64> = ph.iter().map(|r| r[2]).collect();
        let w = m.params().window_samples();
        let r01 = m.pair(ConductorLayer::Sensory, ConductorLayer::Pattern);
        assert_eq!(r01.ratio.to_string(), "2:1");
        let want =
            phin_analysis::windowed_plv_nm(&a[n - w..], &b[n - w..], r01.ratio, w, w).unwrap()[0];
        assert!((r01.value - want).abs() < 1e-9, "{} vs {want}", r01.value);
        assert!(r01.value > 0.99);
        let r02 = m.pair(ConductorLayer::Sensory, ConductorLayer::Emotional);
        let want =
            phin_analysis::windowed_plv_nm(&a[n - w..], &c[n - w..], r02.ratio, w, w).unwrap()[0];
        assert!((r02.value - want).abs() < 1e-9);
        assert!(r02.value < 0.4, "{r02:?}");
        // Swapping the order swaps the ratio and keeps S.
        let r10 = m.pair(ConductorLayer::Pattern, ConductorLayer::Sensory);
        assert_eq!(r10.ratio.to_string(), "1:2");
        assert_eq!(r10.value, r01.value);
        // The surrogate of the wandering locked pair is far below its value; the clock
        // control (a perfect 15 Hz clock) too, since the pair wanders together.
        assert!(r01.surrogate < 0.6, "{r01:?}");
        assert!(r01.control < 0.6, "{r01:?}");
        // Raw cos of unrelated layers averages 0, its absolute value 2/π.
        let s = m
            .summaries()
            .into_iter()
            .find(|p| p.a == ConductorLayer::Executive && p.b == ConductorLayer::Integration)
            .unwrap();
        assert!(s.mean_cos.abs() < 0.1, "{s:?}");
        assert!(
            (s.mean_abs_cos - 2.0 / std::f64::consts::PI).abs() < 0.06,
            "{s:?}"
        );
    }
}
