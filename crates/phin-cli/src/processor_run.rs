//! `phin run` of the whole processor: a state, transitions, optional sensory and SR-field files,
//! for some simulated seconds; writes trace.csv, waves.vcd, dac.wav, spectrum.png and
//! summary.json into `--out` (see [`crate::report`]) and prints the summary's headline figures.

use crate::report::{Column, RunOutputs, SpectrumPlot};
use crate::run::Progress;
use crate::UserError;
use phin_analysis::{band_peak, spectral_slope, welch_psd};
pub use phin_core::constants::{STATE_NAMES as STATES, TICK_HZ};
use phin_core::identity::{Column as Col, Layer, Oscillator, SrHarmonic};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The longest transition `transition_duration` can express: 65535 ticks.
const MAX_TRANSITION_S: f64 = 65_535.0 / TICK_HZ;
/// Amplitude of the seeded sensory background noise: ±0.02 (Q14 328).
const SENSORY_NOISE: i64 = 328;
/// Welch segment of the DAC spectrum: 4 s, 0.24 Hz bins.
const PSD_SEGMENT: usize = 16_384;

/// The φⁿ bands of the DAC spectrum: name, lower and upper edge (Hz, the boundaries are the
/// geometric means of neighbouring peaks, as the boundary generators compute them), and the peak
/// the band is named after.
pub const BANDS: [(&str, f64, f64, f64); 7] = [
    ("theta", 4.0, 7.49, 5.89),
    ("alpha", 7.49, 12.12, 9.53),
    ("beta1", 12.12, 19.61, 15.42),
    ("beta2", 19.61, 28.13, 24.94),
    ("l4_gamma", 28.13, 35.79, 31.73),
    ("slow_gamma", 35.79, 51.34, 40.36),
    ("fast_gamma", 51.34, 80.0, 65.3),
];

/// The nominal frequencies of section 2: name, Hz.
const NOMINAL: [(&str, f64); 12] = [
    ("theta", 5.89),
    ("l6", 9.53),
    ("l5a", 15.42),
    ("l5b", 24.94),
    ("l4", 31.73),
    ("l23_slow", 40.36),
    ("l23_fast", 65.3),
    ("sr_f0", 7.6),
    ("sr_f1", 13.75),
    ("sr_f2", 20.0),
    ("sr_f3", 25.0),
    ("sr_f4", 32.0),
];

/// A state by name or code.
pub fn parse_state(field: &str, s: &str) -> Result<u8, UserError> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(k) = STATES.iter().position(|n| *n == t) {
        return Ok(k as u8);
    }
    match t.parse::<u8>() {
        Ok(k) if k < 5 => Ok(k),
        _ => Err(UserError(format!(
            "{field} = {s:?} is not a state (allowed: {} or 0..=4)",
            STATES.join(", ")
        ))),
    }
}

/// A scheduled state change: `--transition STATE@SECONDS[:DURATION]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Transition {
    /// Target state code.
    pub state: u8,
    /// Tick the request starts.
    pub tick: u64,
    /// Ramp length in ticks (`transition_duration`).
    pub duration_ticks: u16,
}

/// Parses `STATE@SECONDS[:DURATION]` (seconds; duration default 1 s, at most 16.38 s).
pub fn parse_transition(s: &str, run_seconds: f64) -> Result<Transition, UserError> {
    let bad = |why: String| UserError(format!("--transition {s:?}: {why}"));
    let (state, rest) = s
        .split_once('@')
        .ok_or_else(|| bad("expected STATE@SECONDS[:DURATION]".into()))?;
    let state = parse_state("--transition state", state)?;
    let (at, dur) = match rest.split_once(':') {
        Some((a, d)) => (a, Some(d)),
        None => (rest, None),
    };
    let at: f64 = at
        .trim()
        .parse()
        .map_err(|_| bad(format!("SECONDS {at:?} is not a number")))?;
    if !at.is_finite() || at < 0.0 || at >= run_seconds {
        return Err(bad(format!(
            "SECONDS = {at} is out of range (allowed [0, {run_seconds}))"
        )));
    }
    let dur: f64 = match dur {
        Some(d) => d
            .trim()
            .parse()
            .map_err(|_| bad(format!("DURATION {d:?} is not a number")))?,
        None => 1.0,
    };
    if !dur.is_finite() || !(0.0..=MAX_TRANSITION_S).contains(&dur) {
        return Err(bad(format!(
            "DURATION = {dur} is out of range (allowed [0, {MAX_TRANSITION_S}] seconds)"
        )));
    }
    Ok(Transition {
        state,
        tick: (at * TICK_HZ).round() as u64,
        duration_ticks: (dur * TICK_HZ).round() as u16,
    })
}

/// A Q4.14 value in [-8, 8) from a decimal real, naming the file and line on error.
fn q14(path: &Path, line: usize, field: &str) -> Result<i32, UserError> {
    let v: f64 = field.trim().parse().map_err(|_| {
        UserError(format!(
            "{}:{line}: {field:?} is not a number (one real per tick, 1.0 = full scale)",
            path.display()
        ))
    })?;
    if !v.is_finite() || !(-8.0..8.0).contains(&v) {
        return Err(UserError(format!(
            "{}:{line}: {v} is out of range (allowed [-8, 8), Q4.14)",
            path.display()
        )));
    }
    Ok((v * 16_384.0).round().clamp(-131_072.0, 131_071.0) as i32)
}

/// Reads a per-tick input file: one row per tick, `columns` comma-separated reals (a row may have
/// only the first value; the others are then 0); `#` starts a comment; blank lines are skipped.
pub fn read_rows<const N: usize>(
    flag: &str,
    path: &Path,
    max_rows: u64,
) -> Result<Vec<[i32; N]>, UserError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("{flag} {}: {e}", path.display())))?;
    let mut rows = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let body = line.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let fields: Vec<&str> = body.split(',').collect();
        if fields.len() != 1 && fields.len() != N {
            return Err(UserError(format!(
                "{flag} {}:{}: {} values (allowed 1 or {N} per line)",
                path.display(),
                k + 1,
                fields.len()
            )));
        }
        let mut row = [0i32; N];
        for (d, f) in row.iter_mut().zip(&fields) {
            *d = q14(path, k + 1, f)?;
        }
        rows.push(row);
        if rows.len() as u64 >= max_rows {
            break;
        }
    }
    if rows.is_empty() {
        return Err(UserError(format!(
            "{flag} {}: no values (one row per tick expected)",
            path.display()
        )));
    }
    Ok(rows)
}

/// Everything a processor run needs, validated.
pub struct Plan {
    /// Initial state code.
    pub state: u8,
    /// Ticks to run.
    pub ticks: u64,
    /// Seed of the sensory background noise.
    pub seed: u64,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// State changes, sorted by tick.
    pub transitions: Vec<Transition>,
    /// Per-tick sensory input (0 after the end).
    pub sensory: Option<Vec<[i32; 1]>>,
    /// Per-tick SR field: broadband, f0..f4 (0 after the end).
    pub sr_field: Option<Vec<[i32; 6]>>,
    /// Output directory.
    pub out: Option<PathBuf>,
    /// Trace columns shown in waves.vcd.
    pub vcd_signals: Vec<String>,
}

/// The columns waves.vcd shows unless `--vcd-signals` chooses: the DAC, theta, the motor column
/// (the one that reaches the DAC), SR f0 and the SIE observables.
pub const DEFAULT_VCD: [&str; 12] = [
    "dac_output",
    "theta_x",
    "motor_l23_x",
    "motor_l4_x",
    "motor_l5a_x",
    "motor_l5b_x",
    "motor_l6_x",
    "sr_f0_x",
    "kuramoto_r",
    "sie_phase",
    "coupling_mode",
    "ca3_phase_pattern",
];

/// `--vcd-signals`: `all`, or a comma-separated list of trace columns.
pub fn parse_vcd_signals(arg: Option<&str>) -> Result<Vec<String>, UserError> {
    let names: Vec<String> = columns().into_iter().map(|c| c.name).collect();
    match arg {
        None => Ok(DEFAULT_VCD.iter().map(|s| s.to_string()).collect()),
        Some("all") => Ok(names),
        Some(list) => list
            .split(',')
            .map(|n| {
                let n = n.trim();
                if names.iter().any(|c| c == n) {
                    Ok(n.to_string())
                } else {
                    Err(UserError(format!(
                        "--vcd-signals: no trace column {n:?} (allowed: all, or of {})",
                        names.join(", ")
                    )))
                }
            })
            .collect(),
    }
}

/// Mean frequency of an oscillator from the angle it turns each tick.
#[derive(Clone, Copy, Default)]
struct Meter {
    turn: f64,
    ticks: u64,
}

impl Meter {
    fn push(&mut self, before: (i32, i32), after: (i32, i32)) {
        let (x0, y0) = (f64::from(before.0), f64::from(before.1));
        let (x1, y1) = (f64::from(after.0), f64::from(after.1));
        self.turn += (x0 * y1 - y0 * x1).atan2(x0 * x1 + y0 * y1);
        self.ticks += 1;
    }
    fn hz(&self) -> f64 {
        if self.ticks == 0 {
            0.0
        } else {
            self.turn / self.ticks as f64 * TICK_HZ / std::f64::consts::TAU
        }
    }
}

/// One SIE event as the controller went through it.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct SieEvent {
    /// Start of COHERENCE, s.
    pub start_s: f64,
    /// First tick the target PLV rose above its baseline 0.45, s.
    pub plv_rise_s: Option<f64>,
    /// First tick the target PLV reached 0.8, s.
    pub plv_high_s: Option<f64>,
    /// First tick the SR gain reached 0.5 (the amplitude surge), s.
    pub gain_surge_s: Option<f64>,
    /// First tick the SR gain reached 1.0, s.
    pub gain_full_s: Option<f64>,
    /// Return to BASELINE (end of REFRACTORY), s, if within the run.
    pub end_s: Option<f64>,
}

/// Power and peak of one band of the DAC spectrum.
#[derive(Clone, Debug, Serialize)]
pub struct BandSummary {
    /// Band name.
    pub band: &'static str,
    /// Edges, Hz.
    pub range_hz: (f64, f64),
    /// The φⁿ peak the band is named after, Hz.
    pub nominal_hz: f64,
    /// Frequency of the largest bin, Hz.
    pub peak_hz: f64,
    /// PSD at the peak, dB re 1 code²/Hz.
    pub peak_db: f64,
    /// Power in the band (integral of the PSD), dB re 1 code².
    pub power_db: f64,
}

/// A measured oscillator frequency against its nominal value.
#[derive(Clone, Debug, Serialize)]
pub struct Frequency {
    /// Oscillator (the column's layers are averaged over the three columns).
    pub oscillator: &'static str,
    /// Section 2's value, Hz.
    pub nominal_hz: f64,
    /// Mean frequency over the run, Hz.
    pub measured_hz: f64,
    /// (measured − nominal) / nominal.
    pub relative_error: f64,
}

/// `summary.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// State at the start.
    pub state: &'static str,
    /// Simulated seconds.
    pub seconds: f64,
    /// Ticks run.
    pub ticks: u64,
    /// Seed of the sensory background noise.
    pub seed: u64,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// The scheduled transitions.
    pub transitions: Vec<Transition>,
    /// DAC spectrum per φⁿ band.
    pub bands: Vec<BandSummary>,
    /// Power in the theta and alpha bands together (4 … 12.12 Hz) of the DAC, dB re 1 code².
    pub theta_alpha_power_db: f64,
    /// The same band of the oscillator part of the mix (the mixer's weighted, enveloped bands
    /// before pink noise, in DAC codes), dB re 1 code².
    pub oscillator_theta_alpha_power_db: f64,
    /// β/γ (12.12 … 80 Hz) of the oscillator part of the mix, dB re 1 code².
    pub oscillator_beta_gamma_power_db: f64,
    /// θ/α dominance of the oscillator part: θ/α power over β/γ power, dB (8.1: MEDITATION is
    /// "θ/α dominant, β/γ suppressed").
    pub theta_alpha_dominance_db: f64,
    /// Exponent of the DAC spectrum's power law over 2 … 100 Hz (−1 is 1/f).
    pub spectral_slope_2_100_hz: Option<f64>,
    /// Mean Kuramoto R (0 … 1).
    pub kuramoto_r_mean: f64,
    /// SIE events that started in the run.
    pub sie_events: Vec<SieEvent>,
    /// Fraction of ticks with an SIE in progress (phases 1 … 5).
    pub sie_active_fraction: f64,
    /// CA3 learning episodes (rising edges of `ca3_learning`).
    pub ca3_learn_count: u64,
    /// CA3 recall episodes (rising edges of `ca3_recalling`).
    pub ca3_recall_count: u64,
    /// Smallest and largest DAC code.
    pub dac_min: u16,
    /// Largest DAC code.
    pub dac_max: u16,
    /// Ticks where the DAC code jumped by half the scale or more (a wrap would).
    pub dac_jumps: u64,
    /// Mean frequency of every oscillator against section 2.
    pub frequencies: Vec<Frequency>,
    /// Model speed of this run, ticks per second of wall time.
    pub model_ticks_per_s: f64,
}

/// The trace columns: tick first (implicit in RunOutputs), then these.
fn columns() -> Vec<Column> {
    let mut c = vec![col("dac_output", 12, false), col("theta_x", 18, true)];
    for column in ["sensory", "assoc", "motor"] {
        for layer in ["l23", "l4", "l5a", "l5b", "l6"] {
            c.push(col(&format!("{column}_{layer}_x"), 18, true));
        }
    }
    for h in 0..5 {
        c.push(col(&format!("sr_f{h}_x"), 18, true));
    }
    c.push(col("kuramoto_r", 18, true));
    c.push(col("sie_phase", 3, false));
    c.push(col("coupling_mode", 2, false));
    c.push(col("ca3_phase_pattern", 6, false));
    c
}

fn col(name: &str, width: u32, signed: bool) -> Column {
    Column {
        name: name.to_string(),
        width,
        signed,
    }
}

/// The values of [`columns`] now.
fn row(m: &PhiNNeuralProcessor, out: &mut [i64; 26]) {
    let p = m.probe();
    out[0] = i64::from(p.dac());
    out[1] = i64::from(p.oscillator(Oscillator::Theta).x.raw());
    let mut k = 2;
    for c in Col::ALL {
        for l in [Layer::L23, Layer::L4, Layer::L5a, Layer::L5b, Layer::L6] {
            out[k] = i64::from(p.oscillator(Oscillator::Cortex(c, l)).x.raw());
            k += 1;
        }
    }
    for h in SrHarmonic::ALL {
        out[k] = i64::from(p.oscillator(Oscillator::Sr(h)).x.raw());
        k += 1;
    }
    out[22] = i64::from(p.kuramoto_r().raw());
    out[23] = i64::from(p.sie().phase.code());
    out[24] = i64::from(p.coupling().mode.code());
    out[25] = i64::from(p.ca3().pattern);
}

/// The oscillator part of the mixer's output in DAC codes: the 9.3 weights (0.02 θ, 0.03 α,
/// 0.02 β, 0.01 γ) times the bands and their output envelopes, as the mixer weighs them before
/// it adds the pink noise (measurement only, in f64; the model's mixer is the bit-exact one).
fn oscillator_mix(m: &PhiNNeuralProcessor) -> f64 {
    let p = m.probe();
    let env = p.output_envelopes().map(|e| e.to_f64());
    let x = |o: Oscillator| p.oscillator(o).x.to_f64();
    let motor = |l: Layer| x(Oscillator::Cortex(Col::Motor, l));
    let mix = 0.02 * x(Oscillator::Theta) * env[0]
        + 0.03 * motor(Layer::L6) * env[1]
        + 0.02 * motor(Layer::L5a) * env[2]
        + 0.01 * motor(Layer::L23) * env[3];
    mix * 2_048.0
}

/// The (x, y) of every oscillator, in `Oscillator::ALL` order.
fn states(m: &PhiNNeuralProcessor) -> [(i32, i32); 21] {
    m.probe().oscillators().map(|o| (o.x.raw(), o.y.raw()))
}

/// Runs the plan and returns the summary (and writes the outputs when `plan.out` is set).
pub fn run_processor(plan: &Plan) -> Result<Summary, UserError> {
    let params = PhiNNeuralProcessorParams {
        enable_adaptive: plan.adaptive,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut m = PhiNNeuralProcessor::new(params);
    let cols = columns();
    let mut outputs = match &plan.out {
        Some(dir) => {
            let vcd: Vec<&str> = plan.vcd_signals.iter().map(String::as_str).collect();
            let mut o = RunOutputs::create(dir, cols.clone(), &vcd)?;
            o.reserve(plan.ticks);
            Some(o)
        }
        None => None,
    };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(plan.seed);
    let mut inputs = PhiNNeuralProcessorInputs {
        state_select: plan.state,
        transition_duration: 0,
        ..Default::default()
    };
    let mut next_transition = 0usize;
    // 12 meters: theta, the five layers (three columns pooled), L2/3 split by gamma window, SR.
    let mut meters = [Meter::default(); 12];
    let mut dac: Vec<f64> = Vec::with_capacity(plan.ticks.min(1 << 28) as usize);
    let mut osc: Vec<f64> = Vec::with_capacity(dac.capacity());
    let mut r_sum = 0f64;
    let mut sie_ticks = 0u64;
    let mut events: Vec<SieEvent> = Vec::new();
    let (mut learn, mut recall) = (0u64, 0u64);
    let (mut was_learning, mut was_recalling) = (false, false);
    let (mut dac_min, mut dac_max, mut jumps) = (u16::MAX, 0u16, 0u64);
    let mut prev_dac = m.probe().dac();
    let mut values = [0i64; 26];
    let bar = Progress::new(plan.ticks);
    let start = Instant::now();
    for t in 0..plan.ticks {
        while next_transition < plan.transitions.len()
            && plan.transitions[next_transition].tick == t
        {
            let tr = plan.transitions[next_transition];
            inputs.state_select = tr.state;
            inputs.transition_duration = tr.duration_ticks;
            next_transition += 1;
        }
        let noise = (rng.next_u64() % (2 * SENSORY_NOISE as u64 + 1)) as i64 - SENSORY_NOISE;
        let file_sensory = plan
            .sensory
            .as_ref()
            .and_then(|v| v.get(t as usize))
            .map_or(0, |r| r[0]);
        inputs.sensory_input = (i64::from(file_sensory) + noise).clamp(-131_072, 131_071) as i32;
        if let Some(f) = plan.sr_field.as_ref() {
            let r = f.get(t as usize).copied().unwrap_or([0; 6]);
            inputs.sr_field_input = r[0];
            inputs.sr_field.copy_from_slice(&r[1..]);
        }
        let before = states(&m);
        let fast_gamma = m.probe().theta().encoding;
        let o = m.tick(&inputs);
        let after = states(&m);
        meters[0].push(before[0], after[0]);
        for c in 0..3 {
            for l in 0..4 {
                meters[1 + l].push(before[1 + 5 * c + l], after[1 + 5 * c + l]);
            }
            let g = if fast_gamma { 6 } else { 5 };
            meters[g].push(before[5 + 5 * c], after[5 + 5 * c]);
        }
        for h in 0..5 {
            meters[7 + h].push(before[16 + h], after[16 + h]);
        }
        dac.push(f64::from(o.dac_output));
        osc.push(oscillator_mix(&m));
        dac_min = dac_min.min(o.dac_output);
        dac_max = dac_max.max(o.dac_output);
        if (i32::from(o.dac_output) - i32::from(prev_dac)).abs() >= 2_048 {
            jumps += 1;
        }
        prev_dac = o.dac_output;
        let probe = m.probe();
        r_sum += probe.kuramoto_r().to_f64();
        let sie = probe.sie();
        let now = (t + 1) as f64 / TICK_HZ;
        let phase = sie.phase.code();
        if (1..=5).contains(&phase) {
            sie_ticks += 1;
        }
        if phase == 1 && events.last().is_none_or(|e| e.end_s.is_some()) {
            events.push(SieEvent {
                start_s: now,
                ..Default::default()
            });
        }
        if let Some(e) = events.last_mut() {
            if e.end_s.is_none() {
                if e.plv_rise_s.is_none() && sie.plv.raw() > 7_373 {
                    e.plv_rise_s = Some(now);
                }
                if e.plv_high_s.is_none() && sie.plv.raw() >= 13_107 {
                    e.plv_high_s = Some(now);
                }
                if e.gain_surge_s.is_none() && sie.gain.raw() >= 8_192 {
                    e.gain_surge_s = Some(now);
                }
                if e.gain_full_s.is_none() && sie.gain.raw() >= 16_384 {
                    e.gain_full_s = Some(now);
                }
                if phase == 0 {
                    e.end_s = Some(now);
                }
            }
        }
        if o.ca3_learning && !was_learning {
            learn += 1;
        }
        if o.ca3_recalling && !was_recalling {
            recall += 1;
        }
        was_learning = o.ca3_learning;
        was_recalling = o.ca3_recalling;
        if let Some(out) = outputs.as_mut() {
            row(&m, &mut values);
            out.row(t + 1, &values)?;
        }
        if t % 16_384 == 0 {
            bar.update(t);
        }
    }
    bar.finish();
    let wall = start.elapsed().as_secs_f64();

    let psd = welch_psd(&dac, TICK_HZ, PSD_SEGMENT);
    let db = |p: f64| 10.0 * p.max(1e-30).log10();
    let bands: Vec<BandSummary> = BANDS
        .iter()
        .map(|&(band, lo, hi, nominal)| {
            let p = band_peak(&psd, lo, hi);
            BandSummary {
                band,
                range_hz: (lo, hi),
                nominal_hz: nominal,
                peak_hz: p.as_ref().map_or(0.0, |p| p.peak_hz),
                peak_db: db(p.as_ref().map_or(0.0, |p| p.peak_power)),
                power_db: db(p.as_ref().map_or(0.0, |p| p.band_power)),
            }
        })
        .collect();
    let theta_alpha = band_peak(&psd, 4.0, 12.12).map_or(0.0, |p| p.band_power);
    let osc_psd = welch_psd(&osc, TICK_HZ, PSD_SEGMENT);
    let osc_ta = band_peak(&osc_psd, 4.0, 12.12).map_or(0.0, |p| p.band_power);
    let osc_bg = band_peak(&osc_psd, 12.12, 80.0).map_or(0.0, |p| p.band_power);
    let frequencies = NOMINAL
        .iter()
        .zip(&meters)
        .map(|(&(oscillator, nominal_hz), m)| Frequency {
            oscillator,
            nominal_hz,
            measured_hz: m.hz(),
            relative_error: (m.hz() - nominal_hz) / nominal_hz,
        })
        .collect();
    let ticks = plan.ticks.max(1) as f64;
    let summary = Summary {
        state: STATES[usize::from(plan.state)],
        seconds: plan.ticks as f64 / TICK_HZ,
        ticks: plan.ticks,
        seed: plan.seed,
        adaptive: plan.adaptive,
        transitions: plan.transitions.clone(),
        bands,
        theta_alpha_power_db: db(theta_alpha),
        oscillator_theta_alpha_power_db: db(osc_ta),
        oscillator_beta_gamma_power_db: db(osc_bg),
        theta_alpha_dominance_db: db(osc_ta) - db(osc_bg),
        spectral_slope_2_100_hz: spectral_slope(&psd, 2.0, 100.0),
        kuramoto_r_mean: r_sum / ticks,
        sie_events: events,
        sie_active_fraction: sie_ticks as f64 / ticks,
        ca3_learn_count: learn,
        ca3_recall_count: recall,
        dac_min,
        dac_max,
        dac_jumps: jumps,
        frequencies,
        model_ticks_per_s: plan.ticks as f64 / wall.max(1e-9),
    };
    if let Some(out) = outputs {
        let markers = BANDS
            .iter()
            .map(|&(band, _, _, f)| (format!("{band} {f} Hz"), f))
            .collect();
        let plot = SpectrumPlot {
            psd,
            markers,
            title: format!(
                "phin: DAC spectrum, {} for {} s{}",
                summary.state,
                summary.seconds,
                if plan.adaptive { ", adaptive" } else { "" }
            ),
        };
        out.finish(&summary, &plot)?;
    }
    Ok(summary)
}
