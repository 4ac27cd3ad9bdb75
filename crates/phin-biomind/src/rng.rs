//! Seeded randomness, passed in: every random draw of a session comes from a
//! [`Xoshiro256PlusPlus`] built here from the session's seed, the subject and a stream name, so
//! the task's draws (outcomes, inter-trial intervals) and the agent's (choices) are separate
//! streams and neither depends on the other's consumption.

use rand_core::{RngCore, SeedableRng};
pub use rand_xoshiro::Xoshiro256PlusPlus;

/// The stream of the task (outcomes, cue order, inter-trial intervals).
pub const TASK_STREAM: u64 = 0x7A5C;
/// The stream of the agent (softmax choices).
pub const AGENT_STREAM: u64 = 0xA6E7;
/// The stream of the processor binding (warm-up offset).
pub const BINDING_STREAM: u64 = 0xB1D0;

/// SplitMix64 finaliser: a well-mixed 64-bit function of `x`.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The generator of `stream` for `subject` of a run seeded with `seed`.
pub fn stream(seed: u64, subject: u64, stream: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(mix(seed) ^ mix(subject.wrapping_add(1)) ^ stream))
}

/// A uniform real in [0, 1) with 53 random bits.
pub fn uniform(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform real in [lo, hi).
pub fn uniform_in(rng: &mut impl RngCore, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * uniform(rng)
}

/// A standard normal draw (Box–Muller, one of the pair).
pub fn normal(rng: &mut impl RngCore) -> f64 {
    let u1 = 1.0 - uniform(rng); // (0, 1]
    let u2 = uniform(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// An index drawn with probabilities proportional to `weights` (all ≥ 0, not all 0; otherwise
/// index 0).
pub fn categorical(rng: &mut impl RngCore, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    if total <= 0.0 {
        return 0;
    }
    let mut u = uniform(rng) * total;
    for (k, w) in weights.iter().enumerate() {
        if w.is_finite() && *w > 0.0 {
            if u < *w {
                return k;
            }
            u -= w;
        }
    }
    weights.len() - 1
}

/// Softmax probabilities of `values` at inverse temperature `beta` (numerically stable).
pub fn softmax(values: &[f64], beta: f64) -> Vec<f64> {
    let m = values.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = values.iter().map(|v| (beta * (v - m)).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|x| x / s).collect()
}

/// A seeded Fisher–Yates shuffle.
pub fn shuffle<T>(rng: &mut impl RngCore, xs: &mut [T]) {
    for i in (1..xs.len()).rev() {
        let j = (uniform(rng) * (i + 1) as f64) as usize;
        xs.swap(i, j.min(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map(|_| stream(7, 3, TASK_STREAM).next_u64())
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = stream(7, 3, TASK_STREAM);
        let mut y = stream(7, 3, AGENT_STREAM);
        let mut z = stream(7, 4, TASK_STREAM);
        let (x, y, z) = (x.next_u64(), y.next_u64(), z.next_u64());
        assert!(x != y && x != z && y != z);
    }

    #[test]
    fn draws_have_the_right_moments() {
        let mut r = stream(1, 0, 0);
        let n = 200_000;
        let (mut s, mut s2, mut u) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let z = normal(&mut r);
            s += z;
            s2 += z * z;
            u += uniform(&mut r);
        }
        assert!((s / n as f64).abs() < 0.01);
        assert!((s2 / n as f64 - 1.0).abs() < 0.01);
        assert!((u / n as f64 - 0.5).abs() < 0.005);
        let mut c = [0usize; 3];
        for _ in 0..30_000 {
            c[categorical(&mut r, &[1.0, 2.0, 0.0])] += 1;
        }
        assert_eq!(c[2], 0);
        assert!((c[1] as f64 / 30_000.0 - 2.0 / 3.0).abs() < 0.01);
        let p = softmax(&[1.0, 0.0], 2.0);
        assert!((p[0] - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-12);
    }
}
