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
use crate::fixed_point::{raw, WIDTH};
use crate::lane::{Lane, LaneMask};
use crate::lfsr16::{Lfsr16, Lfsr16L};
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

    /// One clock-enable edge: [`PinkNoiseGeneratorL::tick`] on one lane.
    ///
    /// The same steps, written into this struct's registers directly: the row written is found
    /// by the lane code (`row_writes`), but a copy of the twelve rows that one of them is
    /// written into at a run-time index would live in memory and cost two copies per tick.
    #[inline(always)]
    pub fn tick(&mut self) -> PinkNoiseGeneratorOutputs {
        let mut l = self.u_lfsr.one_lane();
        let sample = sample_l(l.lfsr);
        let cnt_nx = next_count_l(i64::from(self.counter));
        self.counter = cnt_nx as u16;
        let rows = &mut self.rows;
        row_writes(cnt_nx, |r, m| {
            rows[r] = i64::select(m.unwrap_or(true), sample, i64::from(rows[r])) as i32;
        });
        l.tick();
        self.u_lfsr.set_one_lane(&l);
        self.outputs()
    }

    /// The output the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> PinkNoiseGeneratorOutputs {
        self.one_lane().outputs().lane(0)
    }

    /// This instance as the one-lane [`PinkNoiseGeneratorL`], built from the fields (see
    /// [`Lfsr16::one_lane`]).
    #[inline(always)]
    fn one_lane(&self) -> PinkNoiseGeneratorL<i64> {
        PinkNoiseGeneratorL {
            u_lfsr: self.u_lfsr.one_lane(),
            counter: i64::from(self.counter),
            rows: self.rows.map(i64::from),
        }
    }
}

/// The row sample: `$signed(lfsr[9:0])`.
#[inline(always)]
fn sample_l<L: Lane>(lfsr: L) -> L {
    lfsr.bits(PINK_ROW_BITS - 1, 0).wrap_s(PINK_ROW_BITS)
}

/// The next `counter`: `counter + 1` in 12 bits.
#[inline(always)]
fn next_count_l<L: Lane>(counter: L) -> L {
    (counter + L::splat(1)) & L::splat(0xFFF)
}

/// The rows the new count `cnt_nx` writes: `write(r, None)` for row r on every lane, or
/// `write(r, Some(m))` for row r on the lanes of mask m.
///
/// Row r takes the sample where the count has r trailing zeros (count 0: no row). When every
/// lane has the same count (always for one lane; in a batch whenever the instances started
/// together) that is one row, found once; otherwise every row is written under its mask (the
/// count's low r + 1 bits are 1 followed by r zeros).
#[inline(always)]
fn row_writes<L: Lane>(cnt_nx: L, mut write: impl FnMut(usize, Option<L::Mask>)) {
    let c = L::splat;
    let first = cnt_nx.lane(0);
    if cnt_nx.cmp_eq(c(first)).all() {
        let row = (first as u64 | 1 << 12).trailing_zeros() as usize;
        if row < 12 {
            write(row, None);
        }
    } else {
        for r in 0..12 {
            write(r, Some((cnt_nx & c((2 << r) - 1)).cmp_eq(c(1 << r))));
        }
    }
}

/// The registers of `pink_noise_generator` over lanes: lane k is instance k ([`crate::lane`]).
/// The one source of the generator's next state: [`PinkNoiseGenerator`] is its one-lane case
/// (`L = i64`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PinkNoiseGeneratorL<L: Lane> {
    /// Instance `u_lfsr`.
    pub u_lfsr: Lfsr16L<L>,
    /// `reg [11:0] counter`, as a non-negative value.
    pub counter: L,
    /// `reg signed [9:0] row0 .. row11`.
    pub rows: [L; 12],
}

/// [`PinkNoiseGeneratorOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PinkNoiseGeneratorOutputsL<L: Lane> {
    /// `pink_out`.
    pub pink_out: L,
}

impl<L: Lane> PinkNoiseGeneratorOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> PinkNoiseGeneratorOutputs {
        PinkNoiseGeneratorOutputs {
            pink_out: self.pink_out.lane(k) as i32,
        }
    }
}

impl<L: Lane> PinkNoiseGeneratorL<L> {
    /// Lane k from instance k's registers (the seed is lane 0's: every lane must share it).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> PinkNoiseGenerator) -> Self {
        PinkNoiseGeneratorL {
            u_lfsr: Lfsr16L::gather(|k| f(k).u_lfsr),
            counter: L::from_fn(|k| i64::from(f(k).counter)),
            rows: std::array::from_fn(|r| L::from_fn(|k| i64::from(f(k).rows[r]))),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> PinkNoiseGenerator {
        PinkNoiseGenerator {
            u_lfsr: self.u_lfsr.lane(k),
            counter: self.counter.lane(k) as u16,
            rows: self.rows.map(|r| r.lane(k) as i32),
        }
    }

    /// One clock-enable edge on every lane: the counter increments, the row whose index is the
    /// number of trailing zeros of the new count takes the LFSR's low ten bits (count 0: no
    /// row), and the LFSR steps.
    #[inline(always)]
    pub fn tick(&mut self) -> PinkNoiseGeneratorOutputsL<L> {
        let sample = sample_l(self.u_lfsr.lfsr);
        let cnt_nx = next_count_l(self.counter);
        self.counter = cnt_nx;
        let rows = &mut self.rows;
        row_writes(cnt_nx, |r, m| {
            rows[r] = match m {
                None => sample,
                Some(m) => L::select(m, sample, rows[r]),
            };
        });
        self.u_lfsr.tick();
        self.outputs()
    }

    /// The output from the registers: `(Σ Wₙ · rowₙ) >>> 2`.
    ///
    /// No truncation changes a value: |rowₙ| <= 2^9 and Σ Wₙ = 53, so |Σ| <= 27136 < 2^15 fits the
    /// 22-bit sum and its shift the 18-bit port.
    #[inline(always)]
    pub fn outputs(&self) -> PinkNoiseGeneratorOutputsL<L> {
        let mut sum = L::splat(0);
        for (r, w) in self.rows.iter().zip(PINK_WEIGHTS) {
            sum = sum + r.mul32(L::splat(w));
        }
        PinkNoiseGeneratorOutputsL {
            pink_out: sum.fit_s(22).asr(PINK_NORM_SHIFT).fit_s(WIDTH),
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

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        /// Registers in their RTL widths: the LFSR word, the 12-bit counter (near a wrap and
        /// near counts with many trailing zeros, weighted up) and twelve 10-bit signed rows.
        fn regs() -> impl Strategy<Value = (u16, u16, [i32; 12])> {
            (
                any::<u16>(),
                prop_oneof![0u16..4096, 4090u16..4096, Just(2047u16), Just(1023u16)],
                prop::array::uniform12(-512i32..512),
            )
        }

        proptest! {
            /// Every lane of the lane generator is the scalar generator on that lane's registers,
            /// tick after tick, with the lanes' counters equal (the one-row path) or not (the
            /// per-lane selects); shrinks on failure.
            #[test]
            fn every_lane_is_the_scalar_generator(
                r in prop::array::uniform4(regs()),
                same_count in any::<bool>(),
                seed in any::<u16>(),
                ticks in 1usize..12,
            ) {
                let mut scalar = r.map(|(lfsr, counter, rows)| {
                    let mut g = PinkNoiseGenerator::with_seed(seed);
                    g.u_lfsr.lfsr = lfsr;
                    g.counter = if same_count { r[0].1 } else { counter };
                    g.rows = rows;
                    g
                });
                let mut lanes = PinkNoiseGeneratorL::<Lanes<N>>::gather(|k| scalar[k]);
                for _ in 0..ticks {
                    let o = lanes.tick();
                    for k in 0..N {
                        let so = scalar[k].tick();
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one count in one lane's counter writes another row (row 0,
            // weight 1, instead of row 3, weight 2).
            let mut g = PinkNoiseGenerator::new();
            g.u_lfsr.lfsr = 0x0155;
            g.counter = 7;
            let mut l = PinkNoiseGeneratorL::<Lanes<N>>::gather(|_| g);
            l.counter.0[2] += 1;
            let o = l.tick();
            let so = g.tick();
            assert_eq!(l.lane(0), g);
            assert_eq!(o.lane(0), so);
            assert_ne!(l.lane(2).rows, g.rows);
            assert_ne!(o.lane(2), so);
        }
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
