//! Lempel-Ziv complexity of a series: the number of new patterns met while reading its binarised
//! form from left to right (Lempel & Ziv 1976, "On the complexity of finite sequences", IEEE
//! Trans Inf Theory 22), counted with the algorithm of Kaspar & Schuster 1987 ("Easily calculable
//! measure for the complexity of spatiotemporal patterns", Phys Rev A 36).
//!
//! A random binary sequence of length n has about n / log₂ n patterns, so the count divided by
//! that is near 1 for white noise and near 0 for a constant or periodic series.

use crate::error::{check_finite, check_len, Result};
use crate::surrogate::{Baselined, PhaseRandomiser, SurrogateMethod, Surrogates};

/// `xs` binarised at its median: `true` where a sample lies above the median (for an even length
/// the mean of the two middle samples), `false` otherwise. NaNs sort last.
pub fn binarise_at_median(xs: &[f64]) -> Vec<bool> {
    if xs.is_empty() {
        return Vec::new();
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    };
    xs.iter().map(|&x| x > median).collect()
}

/// The Lempel-Ziv (1976) complexity count of a binary sequence: the number of distinct patterns
/// in its exhaustive parsing, by Kaspar & Schuster's algorithm. `0001101001000101` parses as
/// 0·001·10·100·1000·101, so its count is 6. 0 for an empty sequence, 1 for a single symbol.
///
/// ```
/// use phin_analysis::complexity::lz76_count;
///
/// let bits: Vec<bool> = "0001101001000101".chars().map(|c| c == '1').collect();
/// assert_eq!(lz76_count(&bits), 6);
/// ```
pub fn lz76_count(bits: &[bool]) -> usize {
    let n = bits.len();
    if n < 2 {
        return n;
    }
    // Kaspar & Schuster: `l` is the length of the prefix already parsed, the current pattern
    // starts at l and has length k; i scans for an earlier copy of it, kmax is the longest match.
    let (mut c, mut l, mut i, mut k, mut kmax) = (1usize, 1usize, 0usize, 1usize, 1usize);
    loop {
        if bits[i + k - 1] == bits[l + k - 1] {
            k += 1;
            if l + k > n {
                c += 1;
                break;
            }
        } else {
            kmax = kmax.max(k);
            i += 1;
            if i == l {
                c += 1;
                l += kmax;
                if l + 1 > n {
                    break;
                }
                i = 0;
                k = 1;
                kmax = 1;
            } else {
                k = 1;
            }
        }
    }
    c
}

/// The normalised count of a binary sequence: [`lz76_count`] · log₂ n / n.
fn normalised(bits: &[bool]) -> f64 {
    let n = bits.len() as f64;
    lz76_count(bits) as f64 * n.log2() / n
}

/// Lempel-Ziv complexity of `xs`: the series is binarised at its median
/// ([`binarise_at_median`]) and its LZ76 count ([`lz76_count`]) is normalised by n / log₂ n.
/// Near 1 for white noise, near 0 for a constant or periodic series (finite random sequences
/// can exceed 1 slightly). Errors for fewer than two samples or a non-finite sample.
pub fn lempel_ziv_complexity(xs: &[f64]) -> Result<f64> {
    check_len("xs", xs, 2)?;
    check_finite("xs", xs)?;
    Ok(normalised(&binarise_at_median(xs)))
}

/// [`lempel_ziv_complexity`] beside its chance level: the complexity of amplitude-preserving
/// phase-randomised surrogates of `xs` ([`SurrogateMethod::PhaseRandomised`]), which keep its
/// power spectrum (so its linear autocorrelation) and replace everything else by a linear
/// Gaussian process: a value below the chance level means structure beyond the spectrum (e.g.
/// nonlinear, recurring waveforms), a value at it means the spectrum explains the complexity.
/// (Shuffling the samples instead would destroy the spectrum too and give ≈ 1 always.) The
/// upper-tail `p_value` is near 1 for a value below chance.
pub fn lempel_ziv_with_baseline(xs: &[f64], surrogates: Surrogates) -> Result<Baselined> {
    let value = lempel_ziv_complexity(xs)?;
    surrogates.validate()?;
    let mut rng = surrogates.rng();
    let mut randomiser = PhaseRandomiser::new(xs);
    let samples = (0..surrogates.count)
        .map(|_| normalised(&binarise_at_median(&randomiser.draw(&mut rng))))
        .collect();
    Ok(Baselined::from_samples(
        value,
        samples,
        SurrogateMethod::PhaseRandomised,
        surrogates,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(s: &str) -> Vec<bool> {
        s.chars().map(|c| c == '1').collect()
    }

    #[test]
    fn counts_of_known_sequences() {
        // Lempel & Ziv's and Kaspar & Schuster's examples, and the trivial ones.
        assert_eq!(lz76_count(&bits("0001101001000101")), 6);
        assert_eq!(lz76_count(&bits("010101010101")), 3); // 0·1·0101010101
        assert_eq!(lz76_count(&bits("0000000000")), 2); // 0·000000000
        assert_eq!(lz76_count(&bits("1")), 1);
        assert_eq!(lz76_count(&[]), 0);
        assert_eq!(lz76_count(&bits("01")), 2);
        assert_eq!(lz76_count(&bits("0110")), 3); // 0·1·10
    }

    #[test]
    fn median_binarisation() {
        assert_eq!(
            binarise_at_median(&[3.0, 1.0, 2.0, 5.0]),
            vec![true, false, false, true]
        );
        assert_eq!(binarise_at_median(&[2.0, 2.0, 2.0]), vec![false; 3]);
        assert!(binarise_at_median(&[]).is_empty());
        assert!(lempel_ziv_complexity(&[1.0]).is_err());
        assert!(lempel_ziv_complexity(&[1.0, f64::NAN]).is_err());
    }
}
