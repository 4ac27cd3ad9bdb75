//! Statistics for reports: means with 95 % confidence intervals (Student t), paired
//! differences, and a seeded percentile bootstrap for ratios. Every figure a report gives comes
//! with its interval, and with its chance level where it has one.
//!
//! ```
//! use phin_biomind::stats::Estimate;
//!
//! let e = Estimate::of(&[1.0, 2.0, 3.0, 4.0]);
//! assert_eq!(e.mean, 2.5);
//! assert!(e.lo < 2.5 && e.hi > 2.5);
//! assert!(!e.excludes(2.0));
//! ```

use crate::rng::{stream, uniform};
use serde::{Deserialize, Serialize};

/// A mean with its 95 % confidence interval.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The mean (or the point estimate).
    pub mean: f64,
    /// Lower end of the 95 % interval.
    pub lo: f64,
    /// Upper end of the 95 % interval.
    pub hi: f64,
    /// Sample size (agents).
    pub n: usize,
    /// Sample standard deviation.
    pub sd: f64,
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom (table for 1 … 10,
/// Cornish–Fisher expansion beyond; error < 10⁻³ for df > 10).
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 10] = [
        12.706_205, 4.302_653, 3.182_446, 2.776_445, 2.570_582, 2.446_912, 2.364_624, 2.306_004,
        2.262_157, 2.228_139,
    ];
    match df {
        0 => f64::INFINITY,
        1..=10 => TABLE[df - 1],
        _ => {
            let z: f64 = 1.959_963_985;
            let n = df as f64;
            let z3 = z.powi(3);
            let z5 = z.powi(5);
            let z7 = z.powi(7);
            z + (z3 + z) / (4.0 * n)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * n * n)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * n * n * n)
        }
    }
}

impl Estimate {
    /// The mean of `xs` (non-finite values skipped) with its t interval. An empty sample gives
    /// NaN; a single value an interval of zero width is not claimed (±∞).
    pub fn of(xs: &[f64]) -> Self {
        let v: Vec<f64> = xs.iter().cloned().filter(|x| x.is_finite()).collect();
        let n = v.len();
        if n == 0 {
            return Estimate {
                mean: f64::NAN,
                lo: f64::NAN,
                hi: f64::NAN,
                n: 0,
                sd: f64::NAN,
            };
        }
        let mean = v.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Estimate {
                mean,
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
                n,
                sd: f64::NAN,
            };
        }
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        let half = t975(n - 1) * sd / (n as f64).sqrt();
        Estimate {
            mean,
            lo: mean - half,
            hi: mean + half,
            n,
            sd,
        }
    }

    /// The paired differences a − b (same length; extra elements ignored).
    pub fn paired_difference(a: &[f64], b: &[f64]) -> Self {
        let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
        Self::of(&d)
    }

    /// The difference of two independent means, a − b, with a Welch interval.
    pub fn difference(a: &[f64], b: &[f64]) -> Self {
        let (ea, eb) = (Self::of(a), Self::of(b));
        if ea.n < 2 || eb.n < 2 {
            return Estimate {
                mean: ea.mean - eb.mean,
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
                n: ea.n + eb.n,
                sd: f64::NAN,
            };
        }
        let (va, vb) = (ea.sd.powi(2) / ea.n as f64, eb.sd.powi(2) / eb.n as f64);
        let se = (va + vb).sqrt();
        let df = if se > 0.0 {
            ((va + vb).powi(2) / (va * va / (ea.n - 1) as f64 + vb * vb / (eb.n - 1) as f64))
                .floor()
                .max(1.0) as usize
        } else {
            ea.n + eb.n - 2
        };
        let d = ea.mean - eb.mean;
        let half = t975(df) * se;
        Estimate {
            mean: d,
            lo: d - half,
            hi: d + half,
            n: ea.n + eb.n,
            sd: se,
        }
    }

    /// The interval lies entirely above or entirely below `v`.
    pub fn excludes(&self, v: f64) -> bool {
        self.lo > v || self.hi < v
    }
}

/// The relative reduction 1 − mean(treated)/mean(control) with a seeded percentile bootstrap
/// 95 % interval (`resamples` paired resamples of the agents; the pairs are the same seeds in
/// both conditions).
pub fn paired_reduction(control: &[f64], treated: &[f64], resamples: usize, seed: u64) -> Estimate {
    let n = control.len().min(treated.len());
    let ratio = |idx: &mut dyn Iterator<Item = usize>| {
        let (mut c, mut t) = (0.0, 0.0);
        for i in idx {
            c += control[i];
            t += treated[i];
        }
        if c == 0.0 {
            f64::NAN
        } else {
            1.0 - t / c
        }
    };
    let point = ratio(&mut (0..n));
    if n < 2 {
        return Estimate {
            mean: point,
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            n,
            sd: f64::NAN,
        };
    }
    let mut rng = stream(seed, 0, 0xB007);
    let mut boots: Vec<f64> = (0..resamples)
        .map(|_| {
            let mut it = (0..n).map(|_| ((uniform(&mut rng) * n as f64) as usize).min(n - 1));
            ratio(&mut it)
        })
        .filter(|x| x.is_finite())
        .collect();
    boots.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| boots[((p * boots.len() as f64) as usize).min(boots.len() - 1)];
    let mean = boots.iter().sum::<f64>() / boots.len() as f64;
    let sd = (boots.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / boots.len() as f64).sqrt();
    Estimate {
        mean: point,
        lo: q(0.025),
        hi: q(0.975),
        n,
        sd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_the_table() {
        for (df, t) in [
            (3, 3.182),
            (5, 2.571),
            (10, 2.228),
            (11, 2.201),
            (30, 2.042),
            (99, 1.984),
        ] {
            assert!((t975(df) - t).abs() < 1e-3, "df {df}: {}", t975(df));
        }
    }

    #[test]
    fn intervals_cover_and_differences_work() {
        let a: Vec<f64> = (0..50).map(|k| (k % 7) as f64).collect();
        let b: Vec<f64> = a.iter().map(|x| x + 1.0).collect();
        let d = Estimate::paired_difference(&b, &a);
        assert_eq!(d.mean, 1.0);
        assert!(d.lo == 1.0 && d.hi == 1.0);
        let w = Estimate::difference(&b, &a);
        assert!((w.mean - 1.0).abs() < 1e-12 && w.lo < 1.0 && w.hi > 1.0);
        let r = paired_reduction(&b, &a, 500, 1);
        assert!(r.mean > 0.0 && r.lo <= r.mean && r.hi >= r.mean);
        assert!(Estimate::of(&[]).mean.is_nan());
    }
}
