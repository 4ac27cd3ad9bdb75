//! `phin run` of the whole processor: a state, transitions, optional sensory and SR-field files,
//! for some simulated seconds; writes trace.csv, waves.vcd, dac.wav, spectrum.png and
//! summary.json into `--out` (see [`crate::report`]) and returns the summary.
//!
//! One run is four steps: a [`Schedule`] gives each tick's inputs, the processor steps, the
//! [`Observers`] read it through its probe (and the trace through a [`Recorder`] by RTL name),
//! and the observers' figures become the [`Summary`]. The processor's facts (band edges,
//! frequencies, mixer weights, SIE thresholds, the DAC scale) come from phin-core and
//! phin-analysis; none is retyped here. Section numbers refer to the processor description,
//! phi-n-processor-system-description.md.

use crate::args::{Transition, UserError};
use crate::progress::Progress;
use crate::report::{Column, RunOutputs, SpectrumPlot};
use phin_analysis::spectrum::db;
use phin_analysis::{
    band_peak, band_table, spectral_slope, welch_psd, BandPower, FrequencyMeter, SieEvent,
    SieEventDetector,
};
use phin_core::constants::{DAC_MAX, DAC_SHIFT, TICK_HZ, W_ALPHA, W_BETA, W_GAMMA, W_THETA};
use phin_core::fixed_point::{f64_to_q14, q14_to_f64, sat_s, ONE_Q14, WIDTH};
use phin_core::identity::{
    Band, Column as Col, ConsciousnessState, Layer, Oscillator, SrHarmonic, NUM_OSCILLATORS,
    THETA_HZ,
};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::probe::{OscillatorState, Probe};
use phin_core::recorder::Recorder;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Amplitude of the seeded sensory background noise, a Q4.14 real: uniform in ±0.02 (Q14 328).
const SENSORY_NOISE: f64 = 0.02;
/// Welch segment of the DAC spectrum: 4 s, 0.24 Hz bins.
const PSD_SEGMENT: usize = 16_384;
/// Rows the trace recorder holds before they are streamed to trace.csv and waves.vcd.
const TRACE_CHUNK: usize = 4_096;

/// What drives one run of the processor, validated: everything that decides its inputs.
pub struct Plan {
    /// State at the start.
    pub state: ConsciousnessState,
    /// Ticks to run.
    pub ticks: u64,
    /// Seed of the sensory background noise.
    pub seed: u64,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// State changes, sorted by tick.
    pub transitions: Vec<Transition>,
    /// Per-tick `sensory_input` words (0 after the end).
    pub sensory: Option<Vec<[i32; 1]>>,
    /// Per-tick SR field words: `sr_field_input`, then f0..f4 (0 after the end).
    pub sr_field: Option<Vec<[i32; 6]>>,
}

impl Plan {
    /// A plan with the state, length, seed and adaptivity, and no transitions or input files.
    pub fn new(state: ConsciousnessState, ticks: u64, seed: u64, adaptive: bool) -> Self {
        Plan {
            state,
            ticks,
            seed,
            adaptive,
            transitions: Vec::new(),
            sensory: None,
            sr_field: None,
        }
    }

    /// The processor this plan runs, in its reset state.
    pub fn processor(&self) -> PhiNNeuralProcessor {
        PhiNNeuralProcessor::new(PhiNNeuralProcessorParams {
            enable_adaptive: self.adaptive,
            ..PhiNNeuralProcessorParams::DEFAULT
        })
    }

    /// The inputs of every tick, in order.
    pub fn schedule(&self) -> Schedule<'_> {
        Schedule {
            plan: self,
            inputs: PhiNNeuralProcessorInputs {
                state_select: self.state.code(),
                transition_duration: 0,
                ..Default::default()
            },
            rng: Xoshiro256PlusPlus::seed_from_u64(self.seed),
            noise: f64_to_q14(SENSORY_NOISE),
            next_transition: 0,
        }
    }
}

/// The inputs of a [`Plan`], tick by tick: the state and its scheduled changes, the sensory
/// input (the file's value plus the seeded background noise) and the SR field.
pub struct Schedule<'a> {
    plan: &'a Plan,
    inputs: PhiNNeuralProcessorInputs,
    rng: Xoshiro256PlusPlus,
    /// Background noise amplitude, Q14 words.
    noise: i64,
    next_transition: usize,
}

impl Schedule<'_> {
    /// The inputs of tick `t` (0-based; call once per tick, in order).
    pub fn inputs(&mut self, t: u64) -> &PhiNNeuralProcessorInputs {
        let plan = self.plan;
        while let Some(tr) = plan
            .transitions
            .get(self.next_transition)
            .filter(|tr| tr.tick == t)
        {
            self.inputs.set_state(tr.state);
            self.inputs.transition_duration = tr.duration_ticks;
            self.next_transition += 1;
        }
        let span = 2 * self.noise as u64 + 1;
        let noise = (self.rng.next_u64() % span) as i64 - self.noise;
        let file = plan
            .sensory
            .as_ref()
            .and_then(|v| v.get(t as usize))
            .map_or(0, |r| r[0]);
        // The file's value plus the noise saturates at the port's 18-bit Q4.14 range (section 1.1).
        self.inputs.sensory_input = sat_s(i64::from(file) + noise, WIDTH) as i32;
        if let Some(f) = plan.sr_field.as_ref() {
            let r = f.get(t as usize).copied().unwrap_or([0; 6]);
            self.inputs.sr_field_input = r[0];
            self.inputs.sr_field.copy_from_slice(&r[1..]);
        }
        &self.inputs
    }
}

// ---------------------------------------------------------------------------------------------
// The trace: trace.csv and waves.vcd
// ---------------------------------------------------------------------------------------------

/// The layers in trace.csv's column order within a column, superficial first: the order the
/// trace has had since its first release, kept so that readers of trace.csv do not break.
const TRACE_LAYERS: [Layer; 5] = [Layer::L23, Layer::L4, Layer::L5a, Layer::L5b, Layer::L6];

/// trace.csv's columns after `tick`: (column name, the RTL signal it records).
fn trace_columns() -> Vec<(String, String)> {
    let osc = |o: Oscillator| {
        let name = match o {
            Oscillator::Theta => "theta_x".to_string(),
            Oscillator::Cortex(c, l) => format!("{}_{}_x", c.name(), l.name()),
            Oscillator::Sr(h) => format!("sr_{}_x", h.name()),
        };
        (name, format!("{}.x", o.instance()))
    };
    let same = |n: &str| (n.to_string(), n.to_string());
    let mut c = vec![same("dac_output"), osc(Oscillator::Theta)];
    for column in Col::ALL {
        c.extend(TRACE_LAYERS.map(|l| osc(Oscillator::Cortex(column, l))));
    }
    c.extend(SrHarmonic::ALL.map(|h| osc(Oscillator::Sr(h))));
    c.push(("kuramoto_r".into(), "u_kuramoto.kuramoto_r".into()));
    c.push(("sie_phase".into(), "u_sie.sie_phase".into()));
    c.push((
        "coupling_mode".into(),
        "u_coupling_mode.coupling_mode".into(),
    ));
    c.push(same("ca3_phase_pattern"));
    c
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
    let names: Vec<String> = trace_columns().into_iter().map(|c| c.0).collect();
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

/// Where `phin run` writes: the output directory and the trace columns waves.vcd shows.
pub struct RunOut {
    /// `--out DIR`.
    pub dir: PathBuf,
    /// Trace columns shown in waves.vcd.
    pub vcd_signals: Vec<String>,
}

/// The trace of a run: the recorder reads the trace's signals by their RTL names every tick,
/// and every [`TRACE_CHUNK`] rows they are streamed into trace.csv and waves.vcd.
struct Trace {
    rec: Recorder<PhiNNeuralProcessor>,
    out: RunOutputs,
    row: Vec<i64>,
}

impl Trace {
    fn create(out: &RunOut, ticks: u64) -> Result<Trace, UserError> {
        let cols = trace_columns();
        let rtl: Vec<&str> = cols.iter().map(|c| c.1.as_str()).collect();
        let rec = Recorder::new(&rtl, 1, TRACE_CHUNK)?;
        let columns = cols
            .iter()
            .zip(rec.signals())
            .map(|((name, _), s)| Column {
                name: name.clone(),
                width: s.width,
                signed: s.signed,
            })
            .collect();
        let vcd: Vec<&str> = out.vcd_signals.iter().map(String::as_str).collect();
        let mut o = RunOutputs::create(&out.dir, columns, &vcd)?;
        o.reserve(ticks);
        Ok(Trace {
            row: vec![0; cols.len()],
            rec,
            out: o,
        })
    }

    /// After every tick.
    fn observe(&mut self, m: &PhiNNeuralProcessor) -> Result<(), UserError> {
        self.rec.observe(m);
        if self.rec.rows() == TRACE_CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Streams the recorded rows out and empties the recorder.
    fn flush(&mut self) -> Result<(), UserError> {
        for (r, &tick) in self.rec.ticks().iter().enumerate() {
            for (k, v) in self.row.iter_mut().enumerate() {
                *v = self.rec.column_at(k).map_or(0, |c| c[r]);
            }
            self.out.row(tick, &self.row)?;
        }
        self.rec.clear();
        Ok(())
    }

    fn finish(mut self, summary: &Summary, plot: &SpectrumPlot) -> Result<(), UserError> {
        self.flush()?;
        self.out.finish(summary, plot)
    }
}

// ---------------------------------------------------------------------------------------------
// Observers
// ---------------------------------------------------------------------------------------------

/// The twelve frequencies `phin run` reports: theta, the five layers with the three columns
/// pooled (one meter each, every column's pair counts as a sample), L2/3 split by theta's
/// encoding window into slow (retrieval) and fast (encoding) gamma, and the five SR harmonics.
struct FrequencyMeters {
    theta: FrequencyMeter,
    /// L6, L5a, L5b, L4 (the three columns pooled).
    layers: [FrequencyMeter; 4],
    l23_slow: FrequencyMeter,
    l23_fast: FrequencyMeter,
    sr: [FrequencyMeter; 5],
}

impl FrequencyMeters {
    fn new() -> Self {
        let m = FrequencyMeter::default();
        FrequencyMeters {
            theta: m,
            layers: [m; 4],
            l23_slow: m,
            l23_fast: m,
            sr: [m; 5],
        }
    }

    /// One tick: every oscillator before and after it, and whether theta was in its encoding
    /// window before it (section 6.3: L2/3 then runs in fast gamma).
    fn push(&mut self, before: &Oscillators, after: &Oscillators, encoding: bool) {
        let pair = |o: Oscillator| {
            let (b, a) = (before[o.index()], after[o.index()]);
            ((b.x.raw(), b.y.raw()), (a.x.raw(), a.y.raw()))
        };
        let (b, a) = pair(Oscillator::Theta);
        self.theta.push(b, a);
        for c in Col::ALL {
            for (meter, l) in self.layers.iter_mut().zip(Layer::ALL) {
                let (b, a) = pair(Oscillator::Cortex(c, l));
                meter.push(b, a);
            }
            let gamma = if encoding {
                &mut self.l23_fast
            } else {
                &mut self.l23_slow
            };
            let (b, a) = pair(Oscillator::Cortex(c, Layer::L23));
            gamma.push(b, a);
        }
        for (meter, h) in self.sr.iter_mut().zip(SrHarmonic::ALL) {
            let (b, a) = pair(Oscillator::Sr(h));
            meter.push(b, a);
        }
    }

    /// Name, section-2 frequency and meter, in summary.json's order.
    fn rows(&self) -> Vec<(String, f64, &FrequencyMeter)> {
        let mut v = vec![(Oscillator::Theta.to_string(), THETA_HZ, &self.theta)];
        for (l, m) in [Layer::L6, Layer::L5a, Layer::L5b, Layer::L4]
            .into_iter()
            .zip(&self.layers)
        {
            v.push((l.name().to_string(), l.nominal_hz(), m));
        }
        let l23 = Layer::L23;
        v.push((format!("{l23}_slow"), l23.nominal_hz(), &self.l23_slow));
        v.push((format!("{l23}_fast"), l23.encoding_hz(), &self.l23_fast));
        for (h, m) in SrHarmonic::ALL.into_iter().zip(&self.sr) {
            v.push((format!("sr_{h}"), h.nominal_hz(), m));
        }
        v
    }
}

/// Every oscillator's registers, in [`Oscillator::ALL`] order.
type Oscillators = [OscillatorState; NUM_OSCILLATORS];

/// The mixer's oscillator weight `w` (Q14) as a real.
fn weight(w: i64) -> f64 {
    q14_to_f64(w)
}

/// The oscillator part of the mixer's output in DAC codes: the section 9.3 weights (W_THETA …
/// W_GAMMA, 0.02 θ, 0.03 α, 0.02 β, 0.01 γ) times the bands and their output envelopes, as the
/// mixer weighs them before it adds the pink noise (measurement only, in f64; the model's mixer
/// is the bit-exact one). One unit is `ONE_Q14 >> DAC_SHIFT` = 2048 codes, the mixer's scale
/// (section 9.3: `dac_output = (mixed + 1.0) × 2048`).
fn oscillator_mix(p: &Probe<'_>) -> f64 {
    let env = p.output_envelopes().map(|e| e.to_f64());
    let x = |o: Oscillator| p.oscillator(o).x.to_f64();
    let motor = |l: Layer| x(Oscillator::Cortex(Col::Motor, l));
    let mix = weight(W_THETA) * x(Oscillator::Theta) * env[0]
        + weight(W_ALPHA) * motor(Layer::L6) * env[1]
        + weight(W_BETA) * motor(Layer::L5a) * env[2]
        + weight(W_GAMMA) * motor(Layer::L23) * env[3];
    mix * (ONE_Q14 >> DAC_SHIFT) as f64
}

/// Counts the rising edges of a flag.
#[derive(Default)]
struct Edges {
    was: bool,
    count: u64,
}

impl Edges {
    fn push(&mut self, now: bool) {
        self.count += u64::from(now && !self.was);
        self.was = now;
    }
}

/// Everything `phin run` measures, fed once per tick through the processor's probe.
struct Observers {
    meters: FrequencyMeters,
    sie: SieEventDetector,
    learn: Edges,
    recall: Edges,
    dac: Vec<f64>,
    osc: Vec<f64>,
    r_sum: f64,
    dac_min: u16,
    dac_max: u16,
    dac_jumps: u64,
    prev_dac: u16,
}

impl Observers {
    fn new(ticks: u64, p: Probe<'_>) -> Self {
        let n = ticks.min(1 << 28) as usize;
        Observers {
            meters: FrequencyMeters::new(),
            sie: SieEventDetector::default(),
            learn: Edges::default(),
            recall: Edges::default(),
            dac: Vec::with_capacity(n),
            osc: Vec::with_capacity(n),
            r_sum: 0.0,
            dac_min: u16::MAX,
            dac_max: 0,
            dac_jumps: 0,
            prev_dac: p.dac(),
        }
    }

    /// After tick `tick` (1-based): the oscillators before it, whether theta was encoding before
    /// it, and the probe now.
    fn push(&mut self, tick: u64, before: &Oscillators, encoding: bool, p: Probe<'_>) {
        let after = p.oscillators();
        self.meters.push(before, &after, encoding);
        let dac = p.dac();
        self.dac.push(f64::from(dac));
        self.osc.push(oscillator_mix(&p));
        self.dac_min = self.dac_min.min(dac);
        self.dac_max = self.dac_max.max(dac);
        // A jump of half the DAC's range from one tick to the next: what a wrap would do.
        if (i64::from(dac) - i64::from(self.prev_dac)).abs() > DAC_MAX / 2 {
            self.dac_jumps += 1;
        }
        self.prev_dac = dac;
        self.r_sum += p.kuramoto_r().to_f64();
        let sie = p.sie();
        self.sie
            .push(tick, sie.phase, sie.plv.raw(), sie.gain.raw());
        let ca3 = p.ca3();
        self.learn.push(ca3.learning);
        self.recall.push(ca3.recalling);
    }

    /// The summary of the run, and the DAC spectrum it was measured from.
    fn summary(self, plan: &Plan, wall_s: f64) -> (Summary, phin_analysis::Psd) {
        let psd = welch_psd(&self.dac, TICK_HZ, PSD_SEGMENT);
        let power = |psd: &phin_analysis::Psd, lo: Band, hi: Band| {
            band_peak(psd, lo.edges_hz().0, hi.edges_hz().1).map_or(0.0, |p| p.band_power)
        };
        let (theta, alpha, beta1, fast) = (Band::Theta, Band::Alpha, Band::Beta1, Band::FastGamma);
        let theta_alpha = power(&psd, theta, alpha);
        let osc_psd = welch_psd(&self.osc, TICK_HZ, PSD_SEGMENT);
        let osc_ta = power(&osc_psd, theta, alpha);
        let osc_bg = power(&osc_psd, beta1, fast);
        let frequencies = self
            .meters
            .rows()
            .into_iter()
            .map(|(oscillator, nominal_hz, m)| Frequency {
                oscillator,
                nominal_hz,
                measured_hz: m.hz(),
                relative_error: (m.hz() - nominal_hz) / nominal_hz,
            })
            .collect();
        let ticks = plan.ticks.max(1) as f64;
        let summary = Summary {
            state: plan.state,
            seconds: plan.ticks as f64 / TICK_HZ,
            ticks: plan.ticks,
            seed: plan.seed,
            adaptive: plan.adaptive,
            transitions: plan.transitions.clone(),
            bands: band_table(&psd),
            theta_alpha_power_db: db(theta_alpha),
            oscillator_theta_alpha_power_db: db(osc_ta),
            oscillator_beta_gamma_power_db: db(osc_bg),
            theta_alpha_dominance_db: db(osc_ta) - db(osc_bg),
            spectral_slope_2_100_hz: spectral_slope(&psd, 2.0, 100.0),
            kuramoto_r_mean: self.r_sum / ticks,
            sie_active_fraction: self.sie.active_fraction(),
            sie_events: self.sie.into_events(),
            ca3_learn_count: self.learn.count,
            ca3_recall_count: self.recall.count,
            dac_min: self.dac_min,
            dac_max: self.dac_max,
            dac_jumps: self.dac_jumps,
            frequencies,
            model_ticks_per_s: plan.ticks as f64 / wall_s.max(1e-9),
        };
        (summary, psd)
    }
}

// ---------------------------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------------------------

/// A measured oscillator frequency against its nominal value.
#[derive(Clone, Debug, Serialize)]
pub struct Frequency {
    /// Oscillator: `theta`, a layer (the three columns pooled), `l23_slow` / `l23_fast` (L2/3
    /// outside / inside theta's encoding window) or an SR harmonic `sr_f0` … `sr_f4`.
    pub oscillator: String,
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
    pub state: ConsciousnessState,
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
    /// DAC spectrum per φⁿ band (dB re 1 code²/Hz and 1 code²).
    pub bands: Vec<BandPower>,
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
    /// Smallest DAC code.
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

/// Runs the plan and returns the summary; with `out`, also writes the trace, dac.wav,
/// spectrum.png and summary.json (all or nothing).
pub fn run_processor(plan: &Plan, out: Option<&RunOut>) -> Result<Summary, UserError> {
    let mut m = plan.processor();
    let mut trace = out.map(|o| Trace::create(o, plan.ticks)).transpose()?;
    let mut schedule = plan.schedule();
    let mut observers = Observers::new(plan.ticks, m.probe());
    let mut before = m.probe().oscillators();
    let bar = Progress::new(plan.ticks);
    let start = Instant::now();
    for t in 0..plan.ticks {
        let encoding = m.probe().theta().encoding;
        m.tick(schedule.inputs(t));
        observers.push(t + 1, &before, encoding, m.probe());
        before = m.probe().oscillators();
        if let Some(trace) = trace.as_mut() {
            trace.observe(&m)?;
        }
        if t % 16_384 == 0 {
            bar.update(t);
        }
    }
    bar.finish();
    let wall = start.elapsed().as_secs_f64();
    let (summary, psd) = observers.summary(plan, wall);
    if let Some(trace) = trace {
        let markers = Band::ALL
            .iter()
            .map(|b| (format!("{b} {} Hz", b.peak_hz()), b.peak_hz()))
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
        trace.finish(&summary, &plot)?;
    }
    Ok(summary)
}
