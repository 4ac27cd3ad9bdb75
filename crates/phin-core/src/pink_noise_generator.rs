//! `pink_noise_generator` (rtl/pink_noise_generator.v): √Fibonacci-weighted Voss-McCartney pink
//! noise (section 9.2).
//!
//! Hardware facts (contract: docs/spec/pink_noise_generator.md): one `lfsr16` instance `u_lfsr`
//! (`SEED` 0xC0DE, `STEPS = 16`: a fresh word per tick), a 12-bit `counter` and twelve 10-bit
//! signed rows `row0..row11`, all reset to 0. On each clock-enable edge `counter` increments and
//! the row whose index is the number of trailing zeros of the new count takes `lfsr[9:0]` (the
//! word before the edge) as a signed sample; count 0 updates no row. Row n is therefore updated
//! every 2^(n+1) ticks: 2 kHz for row 0 (Nyquist 1000 Hz) down to 0.98 Hz for row 11 (Nyquist
//! 0.49 Hz), the table of section 9.2. The output is combinational:
//! `pink_out = (Σ Wₙ · rowₙ) >>> 2` with W = 1 1 1 2 2 3 4 5 6 7 9 12 (sum 53).

use crate::constants::{PINK_LFSR_STEPS, PINK_NORM_SHIFT, PINK_ROW_BITS, PINK_SEED, PINK_WEIGHTS};
use crate::fixed_point::{asr, bits, raw, sext, wrap_s, wrap_u, WIDTH};
use crate::lfsr16::Lfsr16;
use crate::signals::{Observable, Signal};

/// Outputs of `pink_noise_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PinkNoiseGeneratorOutputs {
    /// `output signed [17:0] pink_out` (Q14).
    pub pink_out: i32,
}

/// State of one `pink_noise_generator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinkNoiseGenerator {
    /// Instance `u_lfsr`.
    pub u_lfsr: Lfsr16,
    /// `reg [11:0] counter`.
    pub counter: u16,
    /// `reg signed [9:0] row0 .. row11`.
    pub rows: [i32; 12],
}

impl Default for PinkNoiseGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl PinkNoiseGenerator {
    /// A generator with the default `SEED`, in its reset state.
    pub const fn new() -> Self {
        Self::with_seed(PINK_SEED)
    }

    /// A generator with parameter `SEED = seed`, in its reset state.
    pub const fn with_seed(seed: u16) -> Self {
        PinkNoiseGenerator {
            u_lfsr: Lfsr16::with_steps(seed, PINK_LFSR_STEPS),
            counter: 0,
            rows: [0; 12],
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::with_seed(self.u_lfsr.seed);
    }

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self) -> PinkNoiseGeneratorOutputs {
        let sample = sext(
            bits(i64::from(self.u_lfsr.lfsr), PINK_ROW_BITS - 1, 0),
            PINK_ROW_BITS,
        );
        let cnt_nx = wrap_u(i64::from(self.counter) + 1, 12) as u16;
        self.counter = cnt_nx;
        let row = cnt_nx.trailing_zeros() as usize;
        if row < 12 {
            self.rows[row] = sample as i32;
        }
        self.u_lfsr.tick();
        self.outputs()
    }

    /// The output the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> PinkNoiseGeneratorOutputs {
        let mut sum = 0i64;
        for (r, w) in self.rows.iter().zip(PINK_WEIGHTS) {
            sum += i64::from(*r) * w;
        }
        let sum = wrap_s(sum, 22);
        PinkNoiseGeneratorOutputs {
            pink_out: wrap_s(asr(sum, PINK_NORM_SHIFT), WIDTH) as i32,
        }
    }
}

impl Observable for PinkNoiseGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        Lfsr16::signals(&format!("{prefix}u_lfsr."), out);
        out.push(Signal::new(prefix, "counter", 12, false));
        for k in 0..12 {
            out.push(Signal::new(prefix, &format!("row{k}"), PINK_ROW_BITS, true));
        }
        out.push(Signal::new(prefix, "pink_out", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let mut n = self.u_lfsr.sample(out);
        out[n] = u64::from(self.counter);
        n += 1;
        for r in self.rows {
            out[n] = raw(i64::from(r), PINK_ROW_BITS);
            n += 1;
        }
        out[n] = raw(i64::from(self.outputs().pink_out), WIDTH);
        n + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In-place iterative radix-2 FFT (test-only; `re.len()` a power of two).
    fn fft(re: &mut [f64], im: &mut [f64]) {
        let n = re.len();
        let mut j = 0;
        for i in 1..n {
            let mut bit = n >> 1;
            while j & bit != 0 {
                j ^= bit;
                bit >>= 1;
            }
            j |= bit;
            if i < j {
                re.swap(i, j);
                im.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let ang = -std::f64::consts::TAU / len as f64;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let (s, c) = (ang * k as f64).sin_cos();
                    let (a, b) = (start + k, start + k + len / 2);
                    let tr = re[b] * c - im[b] * s;
                    let ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
            len <<= 1;
        }
    }

    /// Welch PSD (Hann window, 50 % overlap) of `xs` at 4 kHz: (frequency, power) per bin.
    fn welch(xs: &[f64], seg: usize) -> Vec<(f64, f64)> {
        let win: Vec<f64> = (0..seg)
            .map(|k| 0.5 - 0.5 * (std::f64::consts::TAU * k as f64 / seg as f64).cos())
            .collect();
        let mut psd = vec![0.0; seg / 2];
        let mut count = 0;
        let (mut re, mut im) = (vec![0.0; seg], vec![0.0; seg]);
        let mut start = 0;
        while start + seg <= xs.len() {
            let mean = xs[start..start + seg].iter().sum::<f64>() / seg as f64;
            for k in 0..seg {
                re[k] = (xs[start + k] - mean) * win[k];
                im[k] = 0.0;
            }
            fft(&mut re, &mut im);
            for k in 0..seg / 2 {
                psd[k] += re[k] * re[k] + im[k] * im[k];
            }
            count += 1;
            start += seg / 2;
        }
        (0..seg / 2)
            .map(|k| (k as f64 * 4_000.0 / seg as f64, psd[k] / count as f64))
            .collect()
    }

    /// Spectral exponent α (PSD ∝ 1/f^α) over [lo, hi] Hz: least-squares line through the mean
    /// log-power of 48 logarithmically spaced bands, so every decade weighs the same.
    fn slope(psd: &[(f64, f64)], lo: f64, hi: f64) -> f64 {
        let bands = 48;
        let (l0, l1) = (lo.log10(), hi.log10());
        let mut pts = Vec::new();
        for b in 0..bands {
            let (a, z) = (
                l0 + (l1 - l0) * b as f64 / bands as f64,
                l0 + (l1 - l0) * (b + 1) as f64 / bands as f64,
            );
            let sel: Vec<f64> = psd
                .iter()
                .filter(|(f, _)| *f > 0.0 && f.log10() >= a && f.log10() < z)
                .map(|(_, p)| p.log10())
                .collect();
            if !sel.is_empty() {
                pts.push(((a + z) / 2.0, sel.iter().sum::<f64>() / sel.len() as f64));
            }
        }
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        -sxy / sxx
    }

    fn samples(n: usize) -> Vec<f64> {
        let mut g = PinkNoiseGenerator::new();
        (0..n).map(|_| f64::from(g.tick().pink_out)).collect()
    }

    #[test]
    fn psd_slope_over_1_to_200_hz_is_within_0_15_of_1_70() {
        let xs = samples(1_000_000);
        let psd = welch(&xs, 1 << 14);
        let alpha = slope(&psd, 1.0, 200.0);
        println!("pink_noise_generator: PSD exponent over 1-200 Hz on 1e6 samples: {alpha:.3}");
        assert!((alpha - 1.70).abs() <= 0.15, "alpha = {alpha}");
    }

    #[test]
    fn row_n_updates_every_2_pow_n_plus_1_ticks() {
        let mut g = PinkNoiseGenerator::new();
        let mut last = [0u32; 12];
        let mut gaps = [0u32; 12];
        let mut prev = g.counter;
        for t in 1..=20_000u32 {
            g.tick();
            assert_eq!(g.counter, (prev + 1) & 0xFFF);
            prev = g.counter;
            if let Some(r) = (g.counter != 0).then(|| g.counter.trailing_zeros() as usize) {
                if last[r] != 0 {
                    gaps[r] = t - last[r];
                }
                last[r] = t;
            }
        }
        for (n, gap) in gaps.iter().enumerate() {
            assert_eq!(*gap, 2 << n, "row {n}");
        }
    }

    #[test]
    fn output_is_the_weighted_sum_shifted_by_two_and_bounded() {
        let mut g = PinkNoiseGenerator::new();
        let (mut lo, mut hi, mut sum) = (i32::MAX, i32::MIN, 0f64);
        for _ in 0..200_000 {
            let o = g.tick();
            let s: i64 = g
                .rows
                .iter()
                .zip(PINK_WEIGHTS)
                .map(|(r, w)| i64::from(*r) * w)
                .sum();
            assert_eq!(i64::from(o.pink_out), s >> 2);
            lo = lo.min(o.pink_out);
            hi = hi.max(o.pink_out);
            sum += f64::from(o.pink_out);
        }
        assert_eq!(PINK_WEIGHTS.iter().sum::<i64>(), 53);
        let bound = 53 * (1 << (PINK_ROW_BITS - 1)) / 4;
        assert_eq!(bound, 6_784);
        assert!(lo >= -bound && hi < bound);
        assert!(lo < -2_000 && hi > 2_000, "uses its range: {lo}..{hi}");
        assert!(
            (sum / 200_000.0).abs() < 250.0,
            "centred: mean {}",
            sum / 200_000.0
        );
    }

    #[test]
    fn table_and_reset() {
        let t = PinkNoiseGenerator::signal_table();
        assert_eq!(t[0].name, "u_lfsr.lfsr");
        assert_eq!(t.len(), 15);
        let mut g = PinkNoiseGenerator::new();
        g.tick();
        g.reset();
        assert_eq!(g, PinkNoiseGenerator::new());
    }
}
