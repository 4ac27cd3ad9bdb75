//! Simple measurements of Q14 traces: frequency from zero crossings, and minimum / mean / maximum.

/// Mean frequency in Hz of a sampled signal from its rising zero crossings, each located by linear
/// interpolation between the two samples around it. Returns 0.0 when fewer than two crossings exist.
pub fn zero_crossing_frequency(xs: &[i32], sample_rate_hz: f64) -> f64 {
    let mut first: Option<f64> = None;
    let mut last = 0.0;
    let mut count = 0usize;
    for (k, w) in xs.windows(2).enumerate() {
        let (a, b) = (f64::from(w[0]), f64::from(w[1]));
        if a < 0.0 && b >= 0.0 {
            let t = k as f64 + (-a) / (b - a);
            if first.is_none() {
                first = Some(t);
            } else {
                count += 1;
            }
            last = t;
        }
    }
    match first {
        Some(t0) if count > 0 => count as f64 * sample_rate_hz / (last - t0),
        _ => 0.0,
    }
}

/// Minimum, mean and maximum of a trace as real numbers in Q14 units (0.0 for an empty trace).
pub fn q14_stats(xs: &[i32]) -> (f64, f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let (mut lo, mut hi, mut sum) = (i32::MAX, i32::MIN, 0f64);
    for &x in xs {
        lo = lo.min(x);
        hi = hi.max(x);
        sum += f64::from(x);
    }
    let q = 16384.0;
    (
        f64::from(lo) / q,
        sum / xs.len() as f64 / q,
        f64::from(hi) / q,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequency_of_a_sampled_sine() {
        let xs: Vec<i32> = (0..40_000)
            .map(|k| ((k as f64 * std::f64::consts::TAU * 7.5 / 4000.0).sin() * 1e4) as i32)
            .collect();
        let f = zero_crossing_frequency(&xs, 4000.0);
        assert!((f - 7.5).abs() < 1e-3, "{f}");
        assert_eq!(zero_crossing_frequency(&[1, 2, 3], 4000.0), 0.0);
    }
}
