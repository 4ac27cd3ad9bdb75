//! Spectra of recorded traces: Welch power spectral density, band peaks and power, spectral
//! slope, and the table of the φⁿ bands.

use phin_core::identity::Band;
use serde::{Deserialize, Serialize};

/// A one-sided power spectral density: `power[k]` is the density at `freqs_hz[k]`, in (signal
/// units)²/Hz, so that summing `power · Δf` over all bins gives the signal's variance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Psd {
    /// Bin centre frequencies in Hz, from 0 to the Nyquist frequency, evenly spaced.
    pub freqs_hz: Vec<f64>,
    /// Power spectral density at each frequency, units²/Hz.
    pub power: Vec<f64>,
}

impl Psd {
    /// Width of one frequency bin in Hz (0.0 when there are fewer than two bins).
    pub fn bin_width_hz(&self) -> f64 {
        match self.freqs_hz.as_slice() {
            [f0, f1, ..] => f1 - f0,
            _ => 0.0,
        }
    }
}

/// Welch's estimate of the one-sided power spectral density of `samples`.
///
/// Segments of `segment_len` samples overlap by half; each has its own mean removed and is
/// weighted by a periodic Hann window, and the periodograms are averaged. The scaling is that of a
/// density: Σ `power` · Δf equals the variance of the (mean-removed) signal.
///
/// Input shorter than one segment is analysed as one segment: the available samples are windowed
/// by a Hann window of their own length and zero-padded to `segment_len`, so the frequency grid
/// stays the one asked for. Empty input, a `segment_len` of zero or a sample rate that is not a
/// positive finite number give an empty [`Psd`]. Never panics.
pub fn welch_psd(samples: &[f64], sample_rate_hz: f64, segment_len: usize) -> Psd {
    if samples.is_empty()
        || segment_len == 0
        || !(sample_rate_hz.is_finite() && sample_rate_hz > 0.0)
    {
        return Psd::default();
    }
    let n_bins = segment_len / 2 + 1;
    let freqs_hz: Vec<f64> = (0..n_bins)
        .map(|k| k as f64 * sample_rate_hz / segment_len as f64)
        .collect();
    let mut power = vec![0.0; n_bins];

    let mut planner = rustfft::FftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(segment_len);
    let mut buf = vec![rustfft::num_complex::Complex::new(0.0, 0.0); segment_len];
    let mut scratch =
        vec![rustfft::num_complex::Complex::new(0.0, 0.0); fft.get_inplace_scratch_len()];

    // Short input: one segment covering what there is (the window spans the data, not the
    // padding, so the variance is not diluted by the zeros).
    let data_len = segment_len.min(samples.len());
    let window: Vec<f64> = (0..data_len)
        .map(|k| 0.5 - 0.5 * (std::f64::consts::TAU * k as f64 / data_len as f64).cos())
        .collect();
    let w_energy: f64 = window.iter().map(|w| w * w).sum();
    if w_energy <= 0.0 {
        // A one-sample "segment": the Hann window is zero there, so there is no power to see.
        return Psd { freqs_hz, power };
    }
    let hop = (segment_len / 2).max(1);
    let mut n_segments = 0usize;
    let mut start = 0usize;
    loop {
        let seg = &samples[start..start + data_len];
        let mean = seg.iter().sum::<f64>() / data_len as f64;
        for (k, b) in buf.iter_mut().enumerate() {
            let v = if k < data_len {
                (seg[k] - mean) * window[k]
            } else {
                0.0
            };
            *b = rustfft::num_complex::Complex::new(v, 0.0);
        }
        fft.process_with_scratch(&mut buf, &mut scratch);
        for (p, b) in power.iter_mut().zip(&buf) {
            *p += b.norm_sqr();
        }
        n_segments += 1;
        start += hop;
        if start + data_len > samples.len() {
            break;
        }
    }
    // Density scaling: |X|² / (fs · Σw²), averaged over segments, and doubled for every bin that
    // has a negative-frequency twin (all but DC and, for even lengths, Nyquist).
    let scale = 1.0 / (sample_rate_hz * w_energy * n_segments as f64);
    let nyquist_is_own_bin = segment_len.is_multiple_of(2);
    for (k, p) in power.iter_mut().enumerate() {
        let twin = k != 0 && !(nyquist_is_own_bin && k == n_bins - 1);
        *p *= if twin { 2.0 * scale } else { scale };
    }
    Psd { freqs_hz, power }
}

/// [`welch_psd`] fed one sample at a time, holding only one segment: a spectrum of a run of
/// any length in bounded memory. [`finish`](Self::finish) returns exactly what [`welch_psd`]
/// returns for all the samples pushed (the same segments, window, FFT and order of sums, so
/// the same bits).
///
/// ```
/// use phin_analysis::spectrum::{welch_psd, WelchPsd};
///
/// let xs: Vec<f64> = (0..10_000).map(|t| (t as f64 * 0.3).sin()).collect();
/// let mut w = WelchPsd::new(4_000.0, 1_024);
/// for &x in &xs {
///     w.push(x);
/// }
/// assert_eq!(w.finish(), welch_psd(&xs, 4_000.0, 1_024));
/// ```
pub struct WelchPsd {
    sample_rate_hz: f64,
    segment_len: usize,
    hop: usize,
    /// The samples from the start of the next segment on (at most one segment).
    pending: Vec<f64>,
    window: Vec<f64>,
    w_energy: f64,
    fft: std::sync::Arc<dyn rustfft::Fft<f64>>,
    buf: Vec<rustfft::num_complex::Complex<f64>>,
    scratch: Vec<rustfft::num_complex::Complex<f64>>,
    power: Vec<f64>,
    n_segments: usize,
}

impl WelchPsd {
    /// An empty estimate with [`welch_psd`]'s `sample_rate_hz` and `segment_len`.
    pub fn new(sample_rate_hz: f64, segment_len: usize) -> Self {
        let seg = segment_len.max(1);
        let fft = rustfft::FftPlanner::<f64>::new().plan_fft_forward(seg);
        let zero = rustfft::num_complex::Complex::new(0.0, 0.0);
        let window: Vec<f64> = (0..seg)
            .map(|k| 0.5 - 0.5 * (std::f64::consts::TAU * k as f64 / seg as f64).cos())
            .collect();
        WelchPsd {
            sample_rate_hz,
            segment_len,
            hop: (segment_len / 2).max(1),
            pending: Vec::with_capacity(seg),
            w_energy: window.iter().map(|w| w * w).sum(),
            window,
            buf: vec![zero; seg],
            scratch: vec![zero; fft.get_inplace_scratch_len()],
            fft,
            power: vec![0.0; seg / 2 + 1],
            n_segments: 0,
        }
    }

    /// Adds the next sample.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.pending.push(x);
        if self.pending.len() == self.segment_len {
            let (window, data) = (
                std::mem::take(&mut self.window),
                std::mem::take(&mut self.pending),
            );
            self.segment(&data, &window);
            self.window = window;
            self.pending = data;
            self.pending.drain(..self.hop.min(self.pending.len()));
        }
    }

    /// One periodogram of `seg` (as long as `window`) added to the sum.
    fn segment(&mut self, seg: &[f64], window: &[f64]) {
        let data_len = seg.len();
        let mean = seg.iter().sum::<f64>() / data_len as f64;
        for (k, b) in self.buf.iter_mut().enumerate() {
            let v = if k < data_len {
                (seg[k] - mean) * window[k]
            } else {
                0.0
            };
            *b = rustfft::num_complex::Complex::new(v, 0.0);
        }
        self.fft
            .process_with_scratch(&mut self.buf, &mut self.scratch);
        for (p, b) in self.power.iter_mut().zip(&self.buf) {
            *p += b.norm_sqr();
        }
        self.n_segments += 1;
    }

    /// The spectrum of everything pushed: [`welch_psd`] of the same samples.
    pub fn finish(mut self) -> Psd {
        if self.n_segments == 0 {
            // Shorter than one segment: welch_psd's short-input rule (or its empty PSD).
            return welch_psd(&self.pending, self.sample_rate_hz, self.segment_len);
        }
        if self.segment_len == 0 || !(self.sample_rate_hz.is_finite() && self.sample_rate_hz > 0.0)
        {
            return Psd::default();
        }
        let n_bins = self.segment_len / 2 + 1;
        let freqs_hz: Vec<f64> = (0..n_bins)
            .map(|k| k as f64 * self.sample_rate_hz / self.segment_len as f64)
            .collect();
        if self.w_energy <= 0.0 {
            return Psd {
                freqs_hz,
                power: vec![0.0; n_bins],
            };
        }
        let scale = 1.0 / (self.sample_rate_hz * self.w_energy * self.n_segments as f64);
        let nyquist_is_own_bin = self.segment_len.is_multiple_of(2);
        for (k, p) in self.power.iter_mut().enumerate() {
            let twin = k != 0 && !(nyquist_is_own_bin && k == n_bins - 1);
            *p *= if twin { 2.0 * scale } else { scale };
        }
        Psd {
            freqs_hz,
            power: self.power,
        }
    }
}

/// The strongest bin of a frequency band, and the band's total power.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandPeak {
    /// Frequency of the bin with the most power in the band, Hz.
    pub peak_hz: f64,
    /// Power spectral density at that bin, units²/Hz.
    pub peak_power: f64,
    /// Power integrated over the band's bins, units² (Σ power · Δf over `lo <= f < hi`).
    pub band_power: f64,
}

/// The peak and integrated power of `psd` over the band `lo_hz <= f < hi_hz`; `None` when no bin
/// lies in the band (including an empty or inverted band, NaN limits, or a PSD of fewer than two
/// bins, whose bin width is unknown).
pub fn band_peak(psd: &Psd, lo_hz: f64, hi_hz: f64) -> Option<BandPeak> {
    let df = psd.bin_width_hz();
    if df <= 0.0 {
        return None;
    }
    let mut best: Option<(f64, f64)> = None;
    let mut sum = 0.0;
    for (&f, &p) in psd.freqs_hz.iter().zip(&psd.power) {
        if f >= lo_hz && f < hi_hz {
            sum += p;
            if best.is_none_or(|(_, bp)| p > bp) {
                best = Some((f, p));
            }
        }
    }
    best.map(|(peak_hz, peak_power)| BandPeak {
        peak_hz,
        peak_power,
        band_power: sum * df,
    })
}

/// The exponent β of a power law `power ∝ f^β` fitted to `psd` over `lo_hz <= f < hi_hz` by least
/// squares of log10(power) on log10(f): −1 for 1/f (pink) noise, −2 for a random walk, 0 for white
/// noise. Bins at 0 Hz or with zero power are left out (their logarithm does not exist); `None`
/// when fewer than two distinct frequencies remain.
pub fn spectral_slope(psd: &Psd, lo_hz: f64, hi_hz: f64) -> Option<f64> {
    let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (&f, &p) in psd.freqs_hz.iter().zip(&psd.power) {
        if f >= lo_hz && f < hi_hz && f > 0.0 && p > 0.0 && p.is_finite() {
            let (x, y) = (f.log10(), p.log10());
            n += 1.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
    }
    let denom = n * sxx - sx * sx;
    // Fewer than two distinct frequencies leave the slope undetermined (denominator 0 up to
    // rounding); the relative test keeps rounding noise from posing as a fit.
    if n < 2.0 || denom <= 1e-12 * n * sxx.max(1.0) {
        return None;
    }
    Some((n * sxy - sx * sy) / denom)
}

/// Power in decibels, 10·log10(p), with p floored at 1e-30 so that an empty or silent band gives
/// −300 dB instead of −∞.
pub fn db(p: f64) -> f64 {
    10.0 * p.max(1e-30).log10()
}

/// Peak and power of one φⁿ band of a spectrum (a row of the band table).
///
/// Serialised with the band's name (`"alpha"`, …) and these field names.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandPower {
    /// The band.
    pub band: Band,
    /// Its edges `[lower, upper)`, Hz ([`Band::edges_hz`]).
    pub range_hz: (f64, f64),
    /// The φⁿ peak it is named after, Hz ([`Band::peak_hz`]).
    pub nominal_hz: f64,
    /// Frequency of the band's largest bin, Hz (0.0 when no bin lies in the band).
    pub peak_hz: f64,
    /// Power spectral density at that bin, dB re 1 unit²/Hz ([`db`] of [`BandPeak::peak_power`]).
    pub peak_db: f64,
    /// Power integrated over the band, dB re 1 unit² ([`db`] of [`BandPeak::band_power`]).
    pub power_db: f64,
}

/// The row of `band` in the band table of `psd`: [`band_peak`] over the band's edges
/// ([`Band::edges_hz`]) in decibels. A band with no bin (a spectrum too coarse or too short to
/// reach it) has peak 0.0 Hz and −300 dB.
pub fn band_power(psd: &Psd, band: Band) -> BandPower {
    let (lo, hi) = band.edges_hz();
    let p = band_peak(psd, lo, hi);
    BandPower {
        band,
        range_hz: (lo, hi),
        nominal_hz: band.peak_hz(),
        peak_hz: p.map_or(0.0, |p| p.peak_hz),
        peak_db: db(p.map_or(0.0, |p| p.peak_power)),
        power_db: db(p.map_or(0.0, |p| p.band_power)),
    }
}

/// The band table of `psd`: one [`BandPower`] per φⁿ band, slow to fast ([`Band::ALL`]).
///
/// ```
/// use phin_analysis::spectrum::{band_table, welch_psd};
/// use phin_core::constants::TICK_HZ;
/// use phin_core::identity::Band;
///
/// // 9.53 Hz (L6, alpha) at 4 kHz for 8 s.
/// let xs: Vec<f64> = (0..32_000)
///     .map(|t| (std::f64::consts::TAU * 9.53 * t as f64 / TICK_HZ).sin())
///     .collect();
/// let table = band_table(&welch_psd(&xs, TICK_HZ, 16_384));
/// let loudest = table.iter().max_by(|a, b| a.power_db.total_cmp(&b.power_db)).unwrap();
/// assert_eq!(loudest.band, Band::Alpha);
/// assert!((loudest.peak_hz - 9.53).abs() < 0.25);
/// ```
pub fn band_table(psd: &Psd) -> Vec<BandPower> {
    Band::ALL.iter().map(|&b| band_power(psd, b)).collect()
}

/// The envelope of the `[lo_hz, hi_hz)` band of `xs`: the modulus of its analytic signal,
/// computed by one FFT over the whole series (every bin outside the band and every negative
/// frequency set to 0, the band's positive bins doubled, the inverse transform's modulus). A
/// sine of amplitude A at a bin frequency inside the band has envelope A; the series is treated
/// as periodic, so its ends carry wrap-around effects over about one period of the band's lower
/// edge. Empty in, empty out.
///
/// ```
/// use phin_analysis::spectrum::band_envelope;
///
/// // 65 Hz at 4 kHz, amplitude 1 + 0.5·cos(2π·5 t): the envelope follows the modulation.
/// let xs: Vec<f64> = (0..8_000)
///     .map(|t| {
///         let s = t as f64 / 4_000.0;
///         (1.0 + 0.5 * (std::f64::consts::TAU * 5.0 * s).cos())
///             * (std::f64::consts::TAU * 65.0 * s).sin()
///     })
///     .collect();
/// let env = band_envelope(&xs, 4_000.0, 50.0, 80.0);
/// assert!((env[0] - 1.5).abs() < 1e-9 && (env[400] - 0.5).abs() < 1e-9);
/// ```
pub fn band_envelope(xs: &[f64], sample_rate_hz: f64, lo_hz: f64, hi_hz: f64) -> Vec<f64> {
    use rustfft::num_complex::Complex;
    let n = xs.len();
    if n == 0 {
        return Vec::new();
    }
    let mut planner = rustfft::FftPlanner::<f64>::new();
    let mut buf: Vec<Complex<f64>> = xs.iter().map(|&x| Complex::new(x, 0.0)).collect();
    planner.plan_fft_forward(n).process(&mut buf);
    for (k, b) in buf.iter_mut().enumerate() {
        let f = k as f64 * sample_rate_hz / n as f64;
        // Positive frequencies are bins 1 ..= ⌊(n − 1)/2⌋; the rest are 0, DC or Nyquist.
        let positive = k >= 1 && 2 * k < n;
        *b = if positive && f >= lo_hz && f < hi_hz {
            *b * 2.0
        } else {
            Complex::new(0.0, 0.0)
        };
    }
    planner.plan_fft_inverse(n).process(&mut buf);
    buf.iter().map(|c| c.norm() / n as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streaming_estimate_is_welch_psd_bit_for_bit() {
        for (n, seg) in [
            (0, 64),
            (1, 64),
            (37, 64),
            (64, 64),
            (65, 64),
            (96, 64),
            (1_000, 64),
            (999, 63),
            (5, 1),
        ] {
            let xs = noise(n, n as u64 + 3);
            let mut w = WelchPsd::new(4_000.0, seg);
            for &x in &xs {
                w.push(x);
            }
            assert_eq!(
                w.finish(),
                welch_psd(&xs, 4_000.0, seg),
                "n {n}, segment {seg}"
            );
        }
    }

    use rand_core::{RngCore, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Uniform noise in [-1, 1) (variance 1/3), reproducible from `seed`.
    fn noise(n: usize, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..n)
            .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0)
            .collect()
    }

    fn variance(xs: &[f64]) -> f64 {
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / xs.len() as f64
    }

    fn integral(psd: &Psd) -> f64 {
        psd.power.iter().sum::<f64>() * psd.bin_width_hz()
    }

    #[test]
    fn sine_in_noise_peaks_within_one_bin() {
        let fs = 4000.0;
        let xs: Vec<f64> = noise(4000 * 60, 1)
            .iter()
            .enumerate()
            .map(|(k, n)| (std::f64::consts::TAU * 9.53 * k as f64 / fs).sin() + n)
            .collect();
        let psd = welch_psd(&xs, fs, 16_384);
        assert_eq!(psd.freqs_hz.len(), 8_193);
        let df = psd.bin_width_hz();
        let peak = band_peak(&psd, 1.0, 2000.0).expect("band has bins");
        assert!((peak.peak_hz - 9.53).abs() <= df, "{peak:?}, df {df}");
        // The sine's power is 1/2; the band around it holds it plus a sliver of noise.
        let around = band_peak(&psd, 9.53 - 4.0 * df, 9.53 + 4.0 * df).unwrap();
        assert!((around.band_power - 0.5).abs() < 0.05, "{around:?}");
    }

    #[test]
    fn parseval_integral_is_the_variance() {
        for (len, seg) in [(200_000, 4096), (100_001, 1001), (3_000, 4096), (500, 512)] {
            let xs: Vec<f64> = noise(len, 2)
                .iter()
                .enumerate()
                .map(|(k, n)| n + 0.7 * (k as f64 * 0.05).sin() + 3.0)
                .collect();
            let psd = welch_psd(&xs, 4000.0, seg);
            let (i, v) = (integral(&psd), variance(&xs));
            assert!(
                (i / v - 1.0).abs() < 0.05,
                "len {len} seg {seg}: {i} vs {v}"
            );
        }
    }

    #[test]
    fn white_noise_has_zero_slope() {
        let psd = welch_psd(&noise(4000 * 60, 3), 4000.0, 4096);
        let slope = spectral_slope(&psd, 1.0, 1000.0).unwrap();
        assert!(slope.abs() < 0.2, "{slope}");
    }

    #[test]
    fn random_walk_has_slope_minus_two() {
        let mut acc = 0.0;
        let walk: Vec<f64> = noise(4000 * 120, 4)
            .iter()
            .map(|n| {
                acc += n;
                acc
            })
            .collect();
        let psd = welch_psd(&walk, 4000.0, 16_384);
        let slope = spectral_slope(&psd, 1.0, 100.0).unwrap();
        assert!((slope + 2.0).abs() < 0.3, "{slope}");
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        assert_eq!(welch_psd(&[], 4000.0, 1024), Psd::default());
        assert_eq!(welch_psd(&[1.0, 2.0], 4000.0, 0), Psd::default());
        assert_eq!(welch_psd(&[1.0, 2.0], f64::NAN, 8), Psd::default());
        assert_eq!(welch_psd(&[1.0, 2.0], -1.0, 8), Psd::default());
        let one = welch_psd(&[5.0], 4000.0, 8);
        assert_eq!(one.freqs_hz.len(), 5);
        assert!(one.power.iter().all(|p| *p == 0.0));
        let psd = welch_psd(&[1.0; 3], 4000.0, 1);
        assert_eq!(psd.freqs_hz, vec![0.0]);
        assert_eq!(band_peak(&psd, 0.0, 10.0), None);
        assert_eq!(spectral_slope(&Psd::default(), 1.0, 10.0), None);
    }

    #[test]
    fn band_peak_on_an_empty_band_is_none() {
        let psd = welch_psd(&noise(10_000, 5), 4000.0, 1024);
        assert!(band_peak(&psd, 10.0, 20.0).is_some());
        // Between two bins (Δf = 3.9 Hz), inverted, NaN, and beyond Nyquist.
        assert_eq!(band_peak(&psd, 4.0, 7.0), None);
        assert_eq!(band_peak(&psd, 20.0, 10.0), None);
        assert_eq!(band_peak(&psd, f64::NAN, 10.0), None);
        assert_eq!(band_peak(&psd, 2001.0, 3000.0), None);
        assert_eq!(spectral_slope(&psd, 4.0, 7.0), None);
    }

    #[test]
    fn band_table_uses_the_identity_edges() {
        let xs: Vec<f64> = (0..4000 * 20)
            .map(|k| (std::f64::consts::TAU * 31.73 * k as f64 / 4000.0).sin())
            .collect();
        let psd = welch_psd(&xs, 4000.0, 16_384);
        let table = band_table(&psd);
        assert_eq!(table.len(), 7);
        for (row, band) in table.iter().zip(Band::ALL) {
            assert_eq!(row.band, band);
            assert_eq!(row.range_hz, band.edges_hz());
            assert_eq!(row.nominal_hz, band.peak_hz());
        }
        let l4 = &table[Band::L4Gamma.index()];
        assert!((l4.peak_hz - 31.73).abs() <= psd.bin_width_hz());
        // The sine's power 1/2 is -3.01 dB.
        assert!((l4.power_db - db(0.5)).abs() < 0.1, "{l4:?}");
        for row in &table {
            assert!(row.power_db <= l4.power_db);
        }
        // A spectrum that does not reach 4 Hz: every band empty.
        let coarse = welch_psd(&xs, 4000.0, 8);
        let empty = band_power(&coarse, Band::Theta);
        assert_eq!((empty.peak_hz, empty.power_db), (0.0, -300.0));
        let json = serde_json::to_value(l4).unwrap();
        assert_eq!(json["band"], "l4_gamma");
        assert!(json["power_db"].is_number() && json["range_hz"].is_array());
    }

    #[test]
    fn band_envelope_of_a_sine_and_of_an_out_of_band_tone() {
        let n = 4_000;
        let sine = |f: f64, a: f64| -> Vec<f64> {
            (0..n)
                .map(|t| a * (std::f64::consts::TAU * f * t as f64 / 4_000.0).sin())
                .collect()
        };
        // In band: the amplitude everywhere; out of band: nothing.
        let env = band_envelope(&sine(40.0, 3.0), 4_000.0, 30.0, 50.0);
        assert!(env.iter().all(|e| (e - 3.0).abs() < 1e-9));
        let env = band_envelope(&sine(10.0, 3.0), 4_000.0, 30.0, 50.0);
        assert!(env.iter().all(|e| e.abs() < 1e-9));
        assert!(band_envelope(&[], 4_000.0, 1.0, 2.0).is_empty());
    }
}
