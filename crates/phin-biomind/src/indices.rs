//! Dynamical indices of the processor's five states, each on a named signal beside its
//! surrogate baseline (BIOMIND blueprint, "consciousness metrics"; higher-layers inventory
//! B6-1 … B6-8; issue 22, acceptance 3). The names are neutral: these are measures of dynamics
//! and say nothing about experience (inventory B6-11, B19-6).
//!
//! One run drives five processors, one per state of phin-core's list, in parallel
//! (`ProcessorBatch::par_drive`), each from reset with its state held, for a warm-up and then
//! `seconds` simulated seconds cut into windows (10 s by default). In every window each index is
//! computed on its signal and on seeded surrogates of it; a state's figure is the mean over its
//! windows, and Cohen's d between states is computed over the windows (see [`cohens_d`]).
//!
//! Signals (read through the probe only):
//!
//! - `dac`: the 12-bit DAC, every tick (4 kHz) for band power, and as means of 16 ticks (250 Hz,
//!   a boxcar anti-alias filter whose first null is at 250 Hz) for complexity and entropy;
//! - `oscillators`: the 21 oscillators' phases atan2(y, x) and radii √(x² + y²), sampled every
//!   16th tick (250 Hz, twice the Nyquist rate of the fastest, 65.3 Hz);
//! - the basis's bands ([`crate::oscillatory`]): theta, alpha (sensory L6), gamma (sensory
//!   L2/3) and the software delta, at 250 Hz.
//!
//! The indices ([`IndexKind`]): band power (relative, per φⁿ band, on the DAC); the normalised
//! modulation index (Tort MI, theta phase → gamma amplitude); global coupling (the blueprint's
//! "global coherence index", 0.4·MI(θ→γ) + 0.3·MI(δ→θ) + 0.3·MI(α→γ)); delta embedding
//! (MI(δ→θ)); alpha–gamma locking (n:m PLV); metastability (SD over time of the Kuramoto R of the
//! 21 oscillators); the order parameter (mean Kuramoto R of the 21); Lempel–Ziv complexity and
//! permutation entropy of the DAC; and the pairwise-mutual-information integration measure of
//! the 21 amplitudes.
//!
//! The blueprint's metastability index (`1 − |mean_dwell − 300 ms|/200 ms`, B6-6) needs
//! attractor labels the processor does not give; the SD of R (Shanahan 2010) is used instead.

use crate::error::ParamError;
use crate::oscillatory::{DeltaParams, SoftwareDelta, ALPHA, GAMMA, THETA};
use phin_analysis::complexity::lempel_ziv_with_baseline;
use phin_analysis::information::{
    pairwise_mi_integration_with_baseline, permutation_entropy_with_baseline,
};
use phin_analysis::locking::{plv_nm_with_baseline, NmRatio};
use phin_analysis::pac::tort_modulation_index;
use phin_analysis::phase::{mean_kuramoto_r_with_baseline, metastability_with_baseline};
use phin_analysis::spectrum::{band_envelope, band_peak, welch_psd};
use phin_analysis::surrogate::{circular_shift, Baselined, Surrogates};
use phin_core::batch::ProcessorBatch;
use phin_core::constants::TICK_HZ;
use phin_core::identity::{Band, ConsciousnessState, BAND_HIGH_HZ, BAND_LOW_HZ, NUM_OSCILLATORS};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// The band whose DAC envelope is the gamma amplitude of the cross-frequency measures: fast
/// gamma, where L2/3 runs in the encoding half of theta (phin-core identity, `L23_FAST_HZ`).
pub const GAMMA_BAND: Band = Band::FastGamma;

/// Parameters of an indices run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndicesParams {
    /// Simulated seconds per state after the warm-up (issue 22: 600).
    pub seconds: f64,
    /// Seconds run from reset before the first window, so the state's transition has ended
    /// (a labelled choice: one window).
    pub warmup_s: f64,
    /// Window length, s (10 s: 60 windows in 10 min).
    pub window_s: f64,
    /// Decimation: the oscillators are sampled, and the DAC averaged, every this many ticks
    /// (16: 250 Hz).
    pub decimate: u32,
    /// Surrogates per index per window (19: the smallest K whose 95th percentile is not simply
    /// the largest surrogate).
    pub surrogates: usize,
    /// Seed of the surrogates.
    pub seed: u64,
    /// Phase bins of the Tort MI (Tort et al. 2010: 18).
    pub tort_bins: usize,
    /// Weights of global coupling for θ→γ, δ→θ, α→γ (blueprint, "global coherence index":
    /// 0.4, 0.3, 0.3).
    pub coupling_weights: [f64; 3],
    /// Amplitude bins per oscillator of the pairwise-MI integration measure (blueprint: not
    /// given; 8).
    pub mi_bins: usize,
    /// Order of the permutation entropy (4: 24 patterns; a labelled choice).
    pub permutation_order: usize,
    /// Largest denominator of the alpha–gamma n:m ratio (5: 17:4 for 40.36/9.53 Hz).
    pub locking_max_denominator: u32,
    /// Relative tolerance of the n:m approximation of the alpha–gamma ratio.
    pub locking_tolerance: f64,
    /// Welch segment length of the band power, ticks (4096: 0.98 Hz bins).
    pub psd_segment: usize,
    /// |Cohen's d| at which two states count as separated (Cohen's "large", 0.8).
    pub separation_d: f64,
    /// The software delta.
    pub delta: DeltaParams,
}

impl Default for IndicesParams {
    fn default() -> Self {
        IndicesParams {
            seconds: 600.0,
            warmup_s: 10.0,
            window_s: 10.0,
            decimate: 16,
            surrogates: 19,
            seed: 1,
            tort_bins: 18,
            coupling_weights: [0.4, 0.3, 0.3],
            mi_bins: 8,
            permutation_order: 4,
            locking_max_denominator: 5,
            locking_tolerance: 0.01,
            psd_segment: 4_096,
            separation_d: 0.8,
            delta: DeltaParams::default(),
        }
    }
}

impl IndicesParams {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), ParamError> {
        let pos = |name: &str, v: f64, max: f64| {
            if v.is_finite() && v > 0.0 && v <= max {
                Ok(())
            } else {
                Err(ParamError::new(name, v, format!("0 < x ≤ {max}")))
            }
        };
        pos("seconds", self.seconds, 86_400.0)?;
        if !(self.warmup_s.is_finite() && (0.0..=3_600.0).contains(&self.warmup_s)) {
            return Err(ParamError::new("warmup_s", self.warmup_s, "0 ≤ x ≤ 3600"));
        }
        pos("window_s", self.window_s, 3_600.0)?;
        if !(1..=400).contains(&self.decimate) {
            return Err(ParamError::new("decimate", self.decimate, "1 ..= 400"));
        }
        if self.window_s > self.seconds {
            return Err(ParamError::new(
                "window_s",
                self.window_s,
                format!("at most seconds ({})", self.seconds),
            ));
        }
        let sample_hz = TICK_HZ / f64::from(self.decimate);
        if self.window_s * sample_hz < 256.0 {
            return Err(ParamError::new(
                "window_s",
                self.window_s,
                "long enough for 256 decimated samples",
            ));
        }
        if sample_hz < 2.0 * 70.0 {
            return Err(ParamError::new(
                "decimate",
                self.decimate,
                "a rate at least twice the fastest oscillator's (decimate ≤ 28)",
            ));
        }
        if !(1..=10_000).contains(&self.surrogates) {
            return Err(ParamError::new(
                "surrogates",
                self.surrogates,
                "1 ..= 10000",
            ));
        }
        if !(2..=360).contains(&self.tort_bins) {
            return Err(ParamError::new("tort_bins", self.tort_bins, "2 ..= 360"));
        }
        if self
            .coupling_weights
            .iter()
            .any(|w| !(w.is_finite() && *w >= 0.0))
            || self.coupling_weights.iter().sum::<f64>() <= 0.0
        {
            return Err(ParamError::new(
                "coupling_weights",
                format!("{:?}", self.coupling_weights),
                "finite, ≥ 0, not all 0",
            ));
        }
        if !(2..=64).contains(&self.mi_bins) {
            return Err(ParamError::new("mi_bins", self.mi_bins, "2 ..= 64"));
        }
        if !(2..=7).contains(&self.permutation_order) {
            return Err(ParamError::new(
                "permutation_order",
                self.permutation_order,
                "2 ..= 7",
            ));
        }
        if !(1..=64).contains(&self.locking_max_denominator) {
            return Err(ParamError::new(
                "locking_max_denominator",
                self.locking_max_denominator,
                "1 ..= 64",
            ));
        }
        pos("locking_tolerance", self.locking_tolerance, 0.5)?;
        if !(64..=65_536).contains(&self.psd_segment)
            || self.psd_segment as f64 > self.window_s * TICK_HZ
        {
            return Err(ParamError::new(
                "psd_segment",
                self.psd_segment,
                "64 ..= 65536 and at most one window of ticks",
            ));
        }
        pos("separation_d", self.separation_d, 100.0)?;
        self.delta.validate()
    }

    /// Decimated sample rate, Hz.
    pub fn sample_hz(&self) -> f64 {
        TICK_HZ / f64::from(self.decimate)
    }

    /// Ticks per window.
    pub fn window_ticks(&self) -> u64 {
        (self.window_s * TICK_HZ).round() as u64
    }

    /// Whole windows per state.
    pub fn windows(&self) -> usize {
        (self.seconds / self.window_s).floor() as usize
    }

    /// Warm-up ticks.
    pub fn warmup_ticks(&self) -> u64 {
        (self.warmup_s * TICK_HZ).round() as u64
    }

    /// Ticks each processor runs: warm-up and whole windows.
    pub fn total_ticks(&self) -> u64 {
        self.warmup_ticks() + self.windows() as u64 * self.window_ticks()
    }
}

/// An index and what it is computed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKind {
    /// Power of one φⁿ band of the DAC relative to its 4–80 Hz power (blueprint B6-1).
    BandPower(Band),
    /// Tort's normalised modulation index of gamma amplitude by theta phase (B6-3).
    ModulationIndex,
    /// The control of the modulation index: Tort MI of the same gamma envelope by the software
    /// delta's phase, a rhythm of the processor's form coupled to nothing. Theta runs at a fixed
    /// ω·dt, so the amplitude-shift surrogate keeps any theta-periodic envelope's MI and sits at
    /// the value; this control says what an unrelated rhythm gives on the same envelope.
    ModulationControl,
    /// The blueprint's global coherence index, weighted Tort MIs (B6-4).
    GlobalCoupling,
    /// Tort MI of theta amplitude by the software delta's phase (the blueprint's delta
    /// embedding).
    DeltaEmbedding,
    /// n:m PLV of gamma and alpha phases (the blueprint's alpha–gamma phase locking).
    AlphaGammaLocking,
    /// SD over time of the Kuramoto R of the 21 oscillators.
    Metastability,
    /// Mean Kuramoto R of the 21 oscillators.
    OrderParameter,
    /// Normalised Lempel–Ziv complexity of the DAC (B6-8).
    LempelZiv,
    /// Normalised permutation entropy of the DAC (B6-8's entropy).
    Entropy,
    /// Pairwise-mutual-information integration of the 21 amplitudes (B6-7; not IIT's Φ).
    MiIntegration,
}

impl IndexKind {
    /// Every index, in report order.
    pub fn all() -> Vec<IndexKind> {
        let mut v: Vec<IndexKind> = Band::ALL.iter().map(|&b| IndexKind::BandPower(b)).collect();
        v.extend([
            IndexKind::ModulationIndex,
            IndexKind::ModulationControl,
            IndexKind::GlobalCoupling,
            IndexKind::DeltaEmbedding,
            IndexKind::AlphaGammaLocking,
            IndexKind::Metastability,
            IndexKind::OrderParameter,
            IndexKind::LempelZiv,
            IndexKind::Entropy,
            IndexKind::MiIntegration,
        ]);
        v
    }

    /// Stable name (`band_power.alpha`, `modulation_index`, …).
    pub fn name(self) -> String {
        match self {
            IndexKind::BandPower(b) => format!("band_power.{}", b.name()),
            IndexKind::ModulationIndex => "modulation_index".into(),
            IndexKind::ModulationControl => "modulation_index_control".into(),
            IndexKind::GlobalCoupling => "global_coupling".into(),
            IndexKind::DeltaEmbedding => "delta_embedding".into(),
            IndexKind::AlphaGammaLocking => "alpha_gamma_locking".into(),
            IndexKind::Metastability => "metastability".into(),
            IndexKind::OrderParameter => "order_parameter".into(),
            IndexKind::LempelZiv => "lempel_ziv".into(),
            IndexKind::Entropy => "entropy".into(),
            IndexKind::MiIntegration => "mi_integration".into(),
        }
    }

    /// The signal it is computed on.
    pub fn signal(self) -> String {
        match self {
            IndexKind::BandPower(_) | IndexKind::LempelZiv | IndexKind::Entropy => "dac".into(),
            IndexKind::ModulationIndex => {
                format!("phase {THETA} → dac {} envelope", GAMMA_BAND.name())
            }
            IndexKind::ModulationControl => {
                format!(
                    "phase delta (software) → dac {} envelope",
                    GAMMA_BAND.name()
                )
            }
            IndexKind::GlobalCoupling => format!(
                "{THETA}→dac {g}, delta→dac theta, {ALPHA}→dac {g}",
                g = GAMMA_BAND.name()
            ),
            IndexKind::DeltaEmbedding => "phase delta (software) → dac theta envelope".into(),
            IndexKind::AlphaGammaLocking => format!("phases {GAMMA} : {ALPHA}"),
            IndexKind::Metastability | IndexKind::OrderParameter => "oscillators (phases)".into(),
            IndexKind::MiIntegration => "oscillators (amplitudes)".into(),
        }
    }

    /// Unit of the value.
    pub fn unit(self) -> &'static str {
        match self {
            IndexKind::BandPower(_) => "fraction of 4–80 Hz power",
            IndexKind::ModulationIndex
            | IndexKind::ModulationControl
            | IndexKind::GlobalCoupling
            | IndexKind::DeltaEmbedding => "Tort MI (0–1)",
            IndexKind::AlphaGammaLocking => "PLV (0–1)",
            IndexKind::Metastability => "SD of R",
            IndexKind::OrderParameter => "R (0–1)",
            IndexKind::LempelZiv => "normalised LZ76",
            IndexKind::Entropy => "normalised permutation entropy",
            IndexKind::MiIntegration => "bits",
        }
    }

    /// The surrogate its chance level comes from.
    pub fn surrogate(self) -> &'static str {
        match self {
            IndexKind::BandPower(_) => "flat_spectrum",
            IndexKind::ModulationIndex
            | IndexKind::ModulationControl
            | IndexKind::GlobalCoupling
            | IndexKind::DeltaEmbedding => "amplitude_shift",
            IndexKind::AlphaGammaLocking
            | IndexKind::Metastability
            | IndexKind::OrderParameter
            | IndexKind::MiIntegration => "independent_shifts",
            IndexKind::LempelZiv | IndexKind::Entropy => "phase_randomised",
        }
    }

    /// The raw signals it reads (for the check whether they vary with the state).
    fn sources(self) -> Vec<Source> {
        match self {
            IndexKind::BandPower(_) | IndexKind::LempelZiv | IndexKind::Entropy => {
                vec![Source::Dac]
            }
            IndexKind::ModulationIndex => vec![Source::Osc(THETA.index()), Source::Dac],
            IndexKind::ModulationControl => vec![Source::Delta, Source::Dac],
            IndexKind::GlobalCoupling => vec![
                Source::Osc(THETA.index()),
                Source::Dac,
                Source::Osc(ALPHA.index()),
                Source::Delta,
            ],
            IndexKind::DeltaEmbedding => vec![Source::Delta, Source::Dac],
            IndexKind::AlphaGammaLocking => {
                vec![Source::Osc(ALPHA.index()), Source::Osc(GAMMA.index())]
            }
            IndexKind::Metastability | IndexKind::OrderParameter | IndexKind::MiIntegration => {
                (0..NUM_OSCILLATORS).map(Source::Osc).collect()
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Source {
    Dac,
    Osc(usize),
    Delta,
}

/// One index in one window of one state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WindowValue {
    /// Index name.
    pub index: String,
    /// State name.
    pub state: String,
    /// Window number (0-based; window w covers [warm-up + w·window_s, warm-up + (w+1)·window_s)).
    pub window: usize,
    /// The value.
    pub value: f64,
    /// Mean of its surrogates.
    pub surrogate_mean: f64,
    /// 95th percentile of its surrogates.
    pub surrogate_p95: f64,
}

/// One index in one state (a row of indices.json's `records`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexRecord {
    /// Index name.
    pub index: String,
    /// The signal it is computed on.
    pub signal: String,
    /// State name.
    pub state: String,
    /// Mean over the windows.
    pub value: f64,
    /// SD over the windows.
    pub sd: f64,
    /// Number of windows the value is the mean of.
    pub windows: usize,
    /// Windows the measure could not use (e.g. a phase bin with no sample), left out.
    pub unusable_windows: usize,
    /// Mean over the windows of the surrogates' mean.
    pub surrogate_mean: f64,
    /// Mean over the windows of the surrogates' 95th percentile.
    pub surrogate_p95: f64,
    /// Fraction of windows whose value lies above its own surrogates' 95th percentile.
    pub above_p95_fraction: f64,
    /// What the surrogates are.
    pub surrogate: String,
    /// Unit of the value.
    pub unit: String,
    /// Whether the raw signal(s) the index reads differ between the five states (false: the
    /// same samples in every state, so the index cannot tell states apart).
    pub signal_varies_with_state: bool,
}

/// Whether an index tells ANESTHESIA, NORMAL and PSYCHEDELIC apart (a row of indices.json's
/// `separation`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Separation {
    /// Index name.
    pub index: String,
    /// Signal.
    pub signal: String,
    /// Mean over the windows in ANESTHESIA, NORMAL and PSYCHEDELIC.
    pub mean_anesthesia: f64,
    /// Mean in NORMAL.
    pub mean_normal: f64,
    /// Mean in PSYCHEDELIC.
    pub mean_psychedelic: f64,
    /// Cohen's d of NORMAL against ANESTHESIA over windows (None: both without spread).
    pub d_anesthesia_normal: Option<f64>,
    /// Cohen's d of PSYCHEDELIC against NORMAL over windows.
    pub d_normal_psychedelic: Option<f64>,
    /// `ascending` (A < N < P), `descending` (A > N > P) or `none`, judged on both d's having
    /// one sign and |d| ≥ the separation threshold.
    pub order: String,
    /// Whether the index separates the three states in order.
    pub separates: bool,
    /// Whether its signal varies with the state at all.
    pub signal_varies_with_state: bool,
}

/// The result of an indices run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicesReport {
    /// Format tag.
    pub format: String,
    /// The parameters.
    pub params: IndicesParams,
    /// Decimated rate, Hz.
    pub sample_hz: f64,
    /// The software delta's frequency after quantisation, Hz.
    pub delta_effective_hz: f64,
    /// The alpha–gamma n:m ratio used (n, m), n/m ≈ f_gamma/f_alpha.
    pub locking_ratio: (u32, u32),
    /// The raw signals whose samples are identical in all five states (`delta`: the software
    /// delta is fed nothing from the processor), so nothing computed on them alone can tell the
    /// states apart.
    pub invariant_signals: Vec<String>,
    /// One record per index and state.
    pub records: Vec<IndexRecord>,
    /// One row per index.
    pub separation: Vec<Separation>,
    /// Every window's value.
    pub window_values: Vec<WindowValue>,
}

/// Cohen's d of `b` against `a`: (mean b − mean a) / pooled SD, the pooled SD
/// √(((n_a − 1)s_a² + (n_b − 1)s_b²)/(n_a + n_b − 2)) with sample SDs. None when the pooled SD is
/// 0 (or fewer than 3 values in all). Windows of one run are consecutive, not independent, so d
/// describes the size of the difference, not its significance.
pub fn cohens_d(a: &[f64], b: &[f64]) -> Option<f64> {
    let (na, nb) = (a.len() as f64, b.len() as f64);
    if a.is_empty() || b.is_empty() || na + nb < 3.0 {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let ss = |v: &[f64], m: f64| v.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
    let (ma, mb) = (mean(a), mean(b));
    let pooled = ((ss(a, ma) + ss(b, mb)) / (na + nb - 2.0)).sqrt();
    (pooled > 0.0).then(|| (mb - ma) / pooled)
}

/// What one processor gathers in one window.
struct WindowBuffers {
    dac: Vec<f64>,
    dac_dec: Vec<f64>,
    dac_acc: f64,
    phase: Vec<Vec<f64>>,
    radius: Vec<Vec<f64>>,
    delta_phase: Vec<f64>,
}

/// Per-processor state of the run.
struct Gatherer {
    inputs: PhiNNeuralProcessorInputs,
    delta: SoftwareDelta,
    buf: WindowBuffers,
    window: usize,
    /// Per window, per index: None where the measure could not use the window.
    values: Vec<Vec<Option<Baselined>>>,
    /// FNV-1a hashes of every source's samples: DAC, 21 oscillators, delta.
    hashes: Vec<u64>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(h: &mut u64, v: u64) {
    for b in v.to_le_bytes() {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(FNV_PRIME);
    }
}

/// A value beside a fixed chance level (band power's flat-spectrum share; `method` is not read:
/// the records name their surrogate by [`IndexKind::surrogate`]).
fn flat(value: f64, chance: f64, spec: Surrogates) -> Baselined {
    Baselined {
        value,
        chance: phin_analysis::surrogate::Chance {
            method: phin_analysis::surrogate::SurrogateMethod::PhaseRandomised,
            mean: chance,
            sd: 0.0,
            p95: chance,
            count: spec.count,
            seed: spec.seed,
        },
        p_value: if value > chance { 0.0 } else { 1.0 },
    }
}

/// A Baselined from hand-drawn surrogate values (global coupling's weighted sum).
fn from_samples(value: f64, mut samples: Vec<f64>, spec: Surrogates) -> Baselined {
    let k = samples.len().max(1) as f64;
    let mean = samples.iter().sum::<f64>() / k;
    let sd = if samples.len() > 1 {
        (samples.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / (k - 1.0)).sqrt()
    } else {
        0.0
    };
    let reached = samples.iter().filter(|&&s| s >= value).count();
    samples.sort_by(f64::total_cmp);
    let rank = ((0.95 * samples.len() as f64).ceil() as usize).max(1);
    let p95 = samples.get(rank - 1).copied().unwrap_or(mean);
    Baselined {
        value,
        chance: phin_analysis::surrogate::Chance {
            method: phin_analysis::surrogate::SurrogateMethod::AmplitudeShift,
            mean,
            sd,
            p95,
            count: spec.count,
            seed: spec.seed,
        },
        p_value: (1 + reached) as f64 / (samples.len() + 1) as f64,
    }
}

/// Tort MI that treats an unusable window (an empty phase bin, a silent amplitude) as 0.
fn tort(phase: &[f64], amp: &[f64], bins: usize) -> f64 {
    tort_modulation_index(phase, amp, bins).unwrap_or(0.0)
}

/// Every index of one window; `window` seeds its surrogates.
fn window_indices(
    p: &IndicesParams,
    kinds: &[IndexKind],
    ratio: NmRatio,
    b: &WindowBuffers,
    window: usize,
) -> Vec<Option<Baselined>> {
    let spec = |k: usize| {
        Surrogates::new(
            p.surrogates,
            p.seed
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .wrapping_add((window * 64 + k) as u64),
        )
    };
    let theta_phase = &b.phase[THETA.index()];
    // Band envelopes of the DAC at 4 kHz, read at the decimated instants: the amplitude side of
    // the cross-frequency measures (the oscillators' own radii barely move: a Hopf settles on
    // its amplitude, and the processor couples bands by switching L2/3's frequency with theta's
    // phase, which shows as fast-gamma power at the DAC).
    let dec = p.decimate as usize;
    let envelope = |band: Band| -> Vec<f64> {
        let (lo, hi) = band.edges_hz();
        let env = band_envelope(&b.dac, TICK_HZ, lo, hi);
        (0..b.delta_phase.len())
            .map(|m| env[(dec * (m + 1) - 1).min(env.len() - 1)])
            .collect()
    };
    let gamma_env = envelope(GAMMA_BAND);
    let theta_env = envelope(Band::Theta);
    let theta_amp = &theta_env;
    let gamma_amp = &gamma_env;
    let alpha_phase = &b.phase[ALPHA.index()];
    // One PSD of the window's DAC for every band.
    let mean = b.dac.iter().sum::<f64>() / b.dac.len() as f64;
    let centred: Vec<f64> = b.dac.iter().map(|x| x - mean).collect();
    let psd = welch_psd(&centred, TICK_HZ, p.psd_segment);
    let total = band_peak(&psd, BAND_LOW_HZ, BAND_HIGH_HZ).map_or(0.0, |x| x.band_power);
    kinds
        .iter()
        .enumerate()
        .map(|(k, &kind)| {
            let s = spec(k);
            let r = match kind {
                IndexKind::BandPower(band) => {
                    let (lo, hi) = band.edges_hz();
                    let pw = band_peak(&psd, lo, hi).map_or(0.0, |x| x.band_power);
                    let rel = if total > 0.0 { pw / total } else { 0.0 };
                    Ok(flat(rel, (hi - lo) / (BAND_HIGH_HZ - BAND_LOW_HZ), s))
                }
                IndexKind::ModulationIndex => {
                    phin_analysis::pac::tort_modulation_index_with_baseline(
                        theta_phase,
                        gamma_amp,
                        p.tort_bins,
                        s,
                    )
                }
                IndexKind::ModulationControl => {
                    phin_analysis::pac::tort_modulation_index_with_baseline(
                        &b.delta_phase,
                        gamma_amp,
                        p.tort_bins,
                        s,
                    )
                }
                IndexKind::DeltaEmbedding => {
                    phin_analysis::pac::tort_modulation_index_with_baseline(
                        &b.delta_phase,
                        theta_amp,
                        p.tort_bins,
                        s,
                    )
                }
                IndexKind::GlobalCoupling => {
                    let w = p.coupling_weights;
                    let sum_w: f64 = w.iter().sum();
                    let gci = |lag: usize| {
                        let sh = |a: &[f64]| {
                            if lag == 0 {
                                a.to_vec()
                            } else {
                                circular_shift(a, lag)
                            }
                        };
                        (w[0] * tort(theta_phase, &sh(gamma_amp), p.tort_bins)
                            + w[1] * tort(&b.delta_phase, &sh(theta_amp), p.tort_bins)
                            + w[2] * tort(alpha_phase, &sh(gamma_amp), p.tort_bins))
                            / sum_w
                    };
                    let n = theta_phase.len();
                    let mut rng = Xoshiro256PlusPlus::seed_from_u64(s.seed);
                    // Lags uniform in [⌊n/10⌋, n − ⌊n/10⌋], as phin-analysis draws them.
                    let lo = (n / 10).max(1);
                    let span = (n.saturating_sub(lo).max(lo) - lo + 1) as u64;
                    let samples = (0..s.count)
                        .map(|_| gci(lo + (rng.next_u64() % span) as usize))
                        .collect();
                    Ok(from_samples(gci(0), samples, s))
                }
                IndexKind::AlphaGammaLocking => {
                    plv_nm_with_baseline(&b.phase[GAMMA.index()], alpha_phase, ratio, s)
                }
                IndexKind::Metastability => metastability_with_baseline(&b.phase, s),
                IndexKind::OrderParameter => mean_kuramoto_r_with_baseline(&b.phase, s),
                IndexKind::LempelZiv => lempel_ziv_with_baseline(&b.dac_dec, s),
                IndexKind::Entropy => {
                    permutation_entropy_with_baseline(&b.dac_dec, p.permutation_order, 1, s)
                }
                IndexKind::MiIntegration => {
                    pairwise_mi_integration_with_baseline(&b.radius, p.mi_bins, s)
                }
            };
            // A window a measure cannot use (e.g. an empty phase bin) is left out and counted in
            // the record's `unusable_windows`.
            r.ok()
        })
        .collect()
}

/// Runs the five states (phin-core's list) for `p.seconds` each after the warm-up, in
/// parallel, and computes every index. `progress(done)` is called now and then with the ticks
/// done, summed over the five processors (out of 5 × [`IndicesParams::total_ticks`]), from the
/// worker threads.
pub fn run_indices(
    p: &IndicesParams,
    progress: impl Fn(u64) + Sync,
) -> Result<IndicesReport, ParamError> {
    p.validate()?;
    let kinds = IndexKind::all();
    let ratio = NmRatio::for_frequencies(
        GAMMA.nominal_hz(),
        ALPHA.nominal_hz(),
        p.locking_max_denominator,
        p.locking_tolerance,
    )
    .ok_or_else(|| {
        ParamError::new(
            "locking_tolerance",
            p.locking_tolerance,
            "wide enough for an n:m ratio of gamma to alpha within locking_max_denominator",
        )
    })?;
    let states = ConsciousnessState::ALL;
    let mut batch = ProcessorBatch::new(&vec![PhiNNeuralProcessorParams::default(); states.len()]);
    let inputs: Vec<PhiNNeuralProcessorInputs> = states
        .iter()
        .map(|&s| {
            let mut i = PhiNNeuralProcessorInputs::default();
            i.set_state(s);
            i
        })
        .collect();
    let total = p.total_ticks();
    let warm = p.warmup_ticks();
    let per_window = p.window_ticks();
    let dec = u64::from(p.decimate);
    let samples_per_window = (per_window / dec) as usize;
    let done = AtomicU64::new(0);
    let delta0 = SoftwareDelta::new(p.delta)?;
    let new_buffers = || WindowBuffers {
        dac: Vec::with_capacity(per_window as usize),
        dac_dec: Vec::with_capacity(samples_per_window),
        dac_acc: 0.0,
        phase: (0..NUM_OSCILLATORS)
            .map(|_| Vec::with_capacity(samples_per_window))
            .collect(),
        radius: (0..NUM_OSCILLATORS)
            .map(|_| Vec::with_capacity(samples_per_window))
            .collect(),
        delta_phase: Vec::with_capacity(samples_per_window),
    };
    let gathered = batch.par_drive(
        total,
        |k| Gatherer {
            inputs: inputs[k],
            delta: delta0,
            buf: new_buffers(),
            window: 0,
            values: Vec::new(),
            hashes: vec![FNV_OFFSET; NUM_OSCILLATORS + 2],
        },
        |g, t, probe| {
            // The probe shows the processor after tick t − 1; the delta steps with it.
            if t >= warm {
                // Sample k (1 ..= windows·per_window) of the windows: the processor after its
                // tick t − 1.
                let k = t - warm + 1;
                let dac = f64::from(probe.dac());
                fnv(&mut g.hashes[0], u64::from(probe.dac()));
                g.buf.dac.push(dac);
                g.buf.dac_acc += dac;
                if k.is_multiple_of(dec) {
                    g.buf.dac_dec.push(g.buf.dac_acc / dec as f64);
                    g.buf.dac_acc = 0.0;
                    for (j, o) in probe.oscillators().iter().enumerate() {
                        g.buf.phase[j].push(o.phase());
                        g.buf.radius[j].push(o.radius());
                        fnv(
                            &mut g.hashes[1 + j],
                            ((o.x.0 as u32 as u64) << 32) | o.y.0 as u32 as u64,
                        );
                    }
                    g.buf.delta_phase.push(g.delta.phase());
                    fnv(
                        &mut g.hashes[1 + NUM_OSCILLATORS],
                        g.delta.phase().to_bits(),
                    );
                }
                if k.is_multiple_of(per_window) {
                    let b = std::mem::replace(&mut g.buf, new_buffers());
                    g.values
                        .push(window_indices(p, &kinds, ratio, &b, g.window));
                    g.window += 1;
                }
            }
            g.delta.tick();
            if t.is_multiple_of(40_000) {
                progress(done.fetch_add(40_000, Ordering::Relaxed) + 40_000);
            }
            g.inputs
        },
    );
    Ok(assemble(p, &kinds, ratio, &delta0, gathered, &states))
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (m, var.sqrt())
}

fn assemble(
    p: &IndicesParams,
    kinds: &[IndexKind],
    ratio: NmRatio,
    delta: &SoftwareDelta,
    gathered: Vec<Gatherer>,
    states: &[ConsciousnessState],
) -> IndicesReport {
    let source_varies = |src: Source| {
        let h = |g: &Gatherer| match src {
            Source::Dac => g.hashes[0],
            Source::Osc(j) => g.hashes[1 + j],
            Source::Delta => g.hashes[1 + NUM_OSCILLATORS],
        };
        gathered.iter().any(|g| h(g) != h(&gathered[0]))
    };
    let mut records = Vec::new();
    let mut window_values = Vec::new();
    let mut separation = Vec::new();
    for (k, &kind) in kinds.iter().enumerate() {
        let varies = kind.sources().into_iter().any(source_varies);
        let per_state: Vec<Vec<f64>> = gathered
            .iter()
            .map(|g| {
                g.values
                    .iter()
                    .filter_map(|w| w[k].as_ref().map(|b| b.value))
                    .collect()
            })
            .collect();
        for ((g, &state), vals) in gathered.iter().zip(states).zip(&per_state) {
            let (m, sd) = mean_sd(vals);
            let chance: Vec<(usize, &Baselined)> = g
                .values
                .iter()
                .enumerate()
                .filter_map(|(w, v)| v[k].as_ref().map(|b| (w, b)))
                .collect();
            let n = chance.len();
            let above = chance
                .iter()
                .filter(|(_, b)| b.value > b.chance.p95)
                .count();
            records.push(IndexRecord {
                index: kind.name(),
                signal: kind.signal(),
                state: state.name().to_string(),
                value: m,
                sd,
                windows: n,
                unusable_windows: g.values.len() - n,
                surrogate_mean: chance.iter().map(|(_, b)| b.chance.mean).sum::<f64>()
                    / n.max(1) as f64,
                surrogate_p95: chance.iter().map(|(_, b)| b.chance.p95).sum::<f64>()
                    / n.max(1) as f64,
                above_p95_fraction: above as f64 / n.max(1) as f64,
                surrogate: kind.surrogate().to_string(),
                unit: kind.unit().to_string(),
                signal_varies_with_state: varies,
            });
            for &(w, b) in &chance {
                window_values.push(WindowValue {
                    index: kind.name(),
                    state: state.name().to_string(),
                    window: w,
                    value: b.value,
                    surrogate_mean: b.chance.mean,
                    surrogate_p95: b.chance.p95,
                });
            }
        }
        let of = |s: ConsciousnessState| {
            let i = states.iter().position(|&x| x == s).unwrap_or(0);
            &per_state[i]
        };
        let (a, n, ps) = (
            of(ConsciousnessState::Anesthesia),
            of(ConsciousnessState::Normal),
            of(ConsciousnessState::Psychedelic),
        );
        let d1 = cohens_d(a, n);
        let d2 = cohens_d(n, ps);
        let order = match (d1, d2) {
            (Some(x), Some(y)) if x >= p.separation_d && y >= p.separation_d => "ascending",
            (Some(x), Some(y)) if x <= -p.separation_d && y <= -p.separation_d => "descending",
            _ => "none",
        };
        separation.push(Separation {
            index: kind.name(),
            signal: kind.signal(),
            mean_anesthesia: mean_sd(a).0,
            mean_normal: mean_sd(n).0,
            mean_psychedelic: mean_sd(ps).0,
            d_anesthesia_normal: d1,
            d_normal_psychedelic: d2,
            order: order.to_string(),
            separates: order != "none",
            signal_varies_with_state: varies,
        });
    }
    let mut invariant_signals = Vec::new();
    if !source_varies(Source::Dac) {
        invariant_signals.push("dac".to_string());
    }
    for (j, o) in phin_core::identity::Oscillator::ALL.iter().enumerate() {
        if !source_varies(Source::Osc(j)) {
            invariant_signals.push(o.to_string());
        }
    }
    if !source_varies(Source::Delta) {
        invariant_signals.push("delta".to_string());
    }
    IndicesReport {
        format: "phin-biomind-indices".to_string(),
        invariant_signals,
        params: p.clone(),
        sample_hz: p.sample_hz(),
        delta_effective_hz: delta.effective_hz(),
        locking_ratio: (ratio.n, ratio.m),
        records,
        separation,
        window_values,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cohens_d_of_known_samples() {
        // Means 1 and 3, each with sample SD 1: d = 2.
        let d = cohens_d(&[0.0, 1.0, 2.0], &[2.0, 3.0, 4.0]).unwrap();
        assert!((d - 2.0).abs() < 1e-12, "{d}");
        assert_eq!(cohens_d(&[1.0, 1.0], &[1.0, 1.0]), None);
        assert!(cohens_d(&[0.0, 1.0, 2.0], &[]).is_none());
    }

    #[test]
    fn bad_parameters_are_refused_by_name() {
        let p = IndicesParams {
            seconds: 0.0,
            ..IndicesParams::default()
        };
        assert_eq!(p.validate().unwrap_err().field, "seconds");
        let p = IndicesParams {
            decimate: 40,
            ..IndicesParams::default()
        };
        assert_eq!(p.validate().unwrap_err().field, "decimate");
        let mut p = IndicesParams::default();
        p.delta.freq_hz = 9.0;
        assert_eq!(p.validate().unwrap_err().field, "delta.freq_hz");
    }
}
