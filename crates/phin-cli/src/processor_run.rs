//! `phin run` of the whole processor: a state, transitions, optional sensory and SR-field files,
//! for some simulated seconds; writes the trace, waves.vcd, dac.wav, spectrum.png,
//! oscillators.png, timeline.png, summary.json and run.toml into `--out` (see
//! [`crate::report`] and [`crate::plots`]) and returns the summary. Memory does not grow with
//! the run: the trace is streamed, the spectra are accumulated segment by segment
//! ([`WelchPsd`]), the pictures keep a window and a fixed number of bins.
//!
//! One run is four steps: a [`Schedule`] gives each tick's inputs, the processor steps, the
//! [`Observers`] read it through its probe (and the trace through a [`Recorder`] by RTL name),
//! and the observers' figures become the [`Summary`]. The processor's facts (band edges,
//! frequencies, mixer weights, SIE thresholds, the DAC scale) come from phin-core and
//! phin-analysis; none is retyped here. Section numbers refer to the processor description,
//! phi-n-processor-system-description.md.

use crate::args::{Transition, UserError};
use crate::files::OutDir;
use crate::plots::{
    draw_oscillators, draw_spectrum, draw_timeline, OscillatorsPlot, SpectrumPlot, TimelineBin,
    TimelinePlot,
};
use crate::progress::Progress;
use crate::report::{Column, Sinks, TraceSpec, TraceWriter, Unit, WavWriter, WAV_HEADER_BYTES};
use phin_analysis::spectrum::db;
use phin_analysis::{
    band_peak, band_table, spectral_slope, BandPower, FrequencyMeter, SieEvent, SieEventDetector,
    WelchPsd,
};
use phin_core::constants::{DAC_MAX, DAC_SHIFT, TICK_HZ, W_ALPHA, W_BETA, W_GAMMA, W_THETA};
use phin_core::fixed_point::{f64_to_q14, q14_to_f64, sat_s, ONE_Q14, WIDTH};
use phin_core::identity::{
    Band, Column as Col, ConsciousnessState, CouplingMode, Layer, Oscillator, SiePhase, SrHarmonic,
    NUM_OSCILLATORS, THETA_HZ,
};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::probe::{OscillatorState, Probe};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Amplitude of the seeded sensory background noise, a Q4.14 real: uniform in ±0.02 (Q14 328).
const SENSORY_NOISE: f64 = 0.02;
/// Welch segment of the DAC spectrum: 4 s, 0.24 Hz bins.
const PSD_SEGMENT: usize = 16_384;

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
    /// Ticks at which `ignition_trigger` is high (`--sie-at`), sorted, no repeats.
    pub sie_at: Vec<u64>,
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
            sie_at: Vec::new(),
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
            next_sie: 0,
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
    next_sie: usize,
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
        // `--sie-at`: the trigger is high for exactly the scheduled ticks.
        self.inputs.ignition_trigger = plan.sie_at.get(self.next_sie) == Some(&t);
        if self.inputs.ignition_trigger {
            self.next_sie += 1;
        }
        if let Some(f) = plan.sr_field.as_ref() {
            let r = f.get(t as usize).copied().unwrap_or([0; 6]);
            self.inputs.sr_field_input = r[0];
            self.inputs.sr_field.copy_from_slice(&r[1..]);
        }
        &self.inputs
    }
}

// ---------------------------------------------------------------------------------------------
// The trace's columns
// ---------------------------------------------------------------------------------------------

/// The layers in trace.csv's column order within a column, superficial first: the order the
/// trace has had since its first release, kept so that readers of trace.csv do not break.
const TRACE_LAYERS: [Layer; 5] = [Layer::L23, Layer::L4, Layer::L5a, Layer::L5b, Layer::L6];

/// The trace's columns after `time_s` and `tick`: name, RTL signal, width and signedness from
/// the processor's signal table, and what the integers mean.
pub fn trace_columns() -> Vec<Column> {
    use phin_core::signals::Observable;
    let table = PhiNNeuralProcessor::signal_table();
    let col = |name: String, rtl: String, unit: Unit, meaning: String| {
        let s = table.iter().find(|s| s.name == rtl);
        Column {
            name,
            width: s.map_or(WIDTH, |s| s.width),
            signed: s.is_none_or(|s| s.signed),
            rtl,
            unit,
            meaning,
        }
    };
    let osc = |o: Oscillator| {
        let name = match o {
            Oscillator::Theta => "theta_x".to_string(),
            Oscillator::Cortex(c, l) => format!("{}_{}_x", c.name(), l.name()),
            Oscillator::Sr(h) => format!("sr_{}_x", h.name()),
        };
        let meaning = format!("x of oscillator {o} ({:.2} Hz nominal)", o.nominal_hz());
        col(name, format!("{}.x", o.instance()), Unit::Q14, meaning)
    };
    let names = |all: &[&str]| all.join(", ");
    let mut c = vec![col(
        "dac_output".into(),
        "dac_output".into(),
        Unit::DacCode,
        "the 12-bit DAC code (section 9.3: (mix + 1.0) x 2048)".into(),
    )];
    c.push(osc(Oscillator::Theta));
    for column in Col::ALL {
        c.extend(TRACE_LAYERS.map(|l| osc(Oscillator::Cortex(column, l))));
    }
    c.extend(SrHarmonic::ALL.map(|h| osc(Oscillator::Sr(h))));
    c.push(col(
        "kuramoto_r".into(),
        "u_kuramoto.kuramoto_r".into(),
        Unit::Q14,
        "Kuramoto order parameter R of theta and the motor column, 0 … 1".into(),
    ));
    let sie: Vec<&str> = SiePhase::ALL.iter().map(|p| p.name()).collect();
    c.push(col(
        "sie_phase".into(),
        "u_sie.sie_phase".into(),
        Unit::Code,
        format!("SIE phase 0-6: {}", names(&sie)),
    ));
    let modes: Vec<&str> = CouplingMode::ALL.iter().map(|m| m.name()).collect();
    c.push(col(
        "coupling_mode".into(),
        "u_coupling_mode.coupling_mode".into(),
        Unit::Code,
        format!("coupling mode 0-2: {}", names(&modes)),
    ));
    c.push(col(
        "ca3_phase_pattern".into(),
        "ca3_phase_pattern".into(),
        Unit::Bits,
        "CA3 phase pattern, one bit per oscillator it codes".into(),
    ));
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

/// A column selection (`--trace-signals`, `--vcd-signals`): `all`, `none`, `default`, or a
/// comma-separated list of names (kept in the trace's order). Unknown names are named.
pub fn select(
    flag: &str,
    arg: &str,
    names: &[&str],
    default: &[&str],
) -> Result<Vec<usize>, UserError> {
    let pick = |list: &[&str]| -> Vec<usize> {
        (0..names.len())
            .filter(|&k| list.contains(&names[k]))
            .collect()
    };
    match arg.trim() {
        "all" => Ok((0..names.len()).collect()),
        "none" => Ok(Vec::new()),
        "default" => Ok(pick(default)),
        list => {
            let asked: Vec<&str> = list.split(',').map(str::trim).collect();
            for n in &asked {
                if !names.contains(n) {
                    return Err(UserError(format!(
                        "{flag}: no trace column {n:?} (allowed: all, none, default, or of {})",
                        names.join(", ")
                    )));
                }
            }
            Ok(pick(&asked))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Provenance
// ---------------------------------------------------------------------------------------------

/// An input file of a run, by its content.
#[derive(Clone, Debug, Serialize)]
pub struct InputFile {
    /// The flag that named it (`--sensory`, `--sr-field`, `--config`).
    pub flag: String,
    /// Its path as given.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
}

/// Where a result came from: the program, its revision, the command and the inputs. Holds no
/// time and no host, so two identical runs write identical files.
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    /// phin's version (Cargo's package version).
    pub version: String,
    /// The git revision phin was built from (`-dirty` with uncommitted changes), when known.
    pub git_revision: Option<String>,
    /// The command line: `phin` and its arguments as given.
    pub command_line: Vec<String>,
    /// Every input file with its SHA-256.
    pub inputs: Vec<InputFile>,
}

impl Provenance {
    /// This process's version, revision and command line; no inputs yet.
    pub fn new() -> Self {
        let mut argv: Vec<String> = std::env::args().collect();
        if let Some(a0) = argv.first_mut() {
            // The program by name: where it is installed is not part of the result.
            *a0 = "phin".into();
        }
        Provenance {
            version: env!("CARGO_PKG_VERSION").into(),
            git_revision: option_env!("PHIN_GIT_REVISION").map(str::to_string),
            command_line: argv,
            inputs: Vec::new(),
        }
    }

    /// Adds an input file: its size and SHA-256.
    pub fn add_input(&mut self, flag: &str, path: &std::path::Path) -> Result<(), UserError> {
        use sha2::{Digest, Sha256};
        let bytes = std::fs::read(path)
            .map_err(|e| UserError(format!("{flag} {}: {e}", path.display())))?;
        let hash = Sha256::digest(&bytes);
        self.inputs.push(InputFile {
            flag: flag.into(),
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
            sha256: hash.iter().map(|b| format!("{b:02x}")).collect(),
        });
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The outputs of a run
// ---------------------------------------------------------------------------------------------

/// Where `phin run` writes and what.
pub struct RunOut {
    /// The output directory, being written.
    pub dir: OutDir,
    /// The trace and VCD.
    pub spec: TraceSpec,
    /// Whether to write dac.wav.
    pub wav: bool,
    /// The effective configuration, written as run.toml.
    pub config_toml: String,
}

/// Rows the trace recorder holds before they are streamed out.
const TRACE_CHUNK: usize = 4_096;

/// Where a trace column's value comes from: the probe's readouts, which the observers read
/// every tick anyway. Each column is defined by its RTL register (the signal table gives its
/// width and sign); reading it through the probe instead of a `Recorder` saves a second read of
/// every register per tick, and `tests::the_trace_reads_what_the_recorder_reads` pins that both
/// give the same integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Dac,
    Oscillator(usize),
    KuramotoR,
    SiePhase,
    CouplingMode,
    Ca3Pattern,
}

impl Source {
    /// The source of the register `rtl` (a name of [`trace_columns`]).
    fn of(rtl: &str) -> Result<Source, UserError> {
        if let Some(o) = Oscillator::ALL
            .iter()
            .find(|o| format!("{}.x", o.instance()) == rtl)
        {
            return Ok(Source::Oscillator(o.index()));
        }
        Ok(match rtl {
            "dac_output" => Source::Dac,
            "u_kuramoto.kuramoto_r" => Source::KuramotoR,
            "u_sie.sie_phase" => Source::SiePhase,
            "u_coupling_mode.coupling_mode" => Source::CouplingMode,
            "ca3_phase_pattern" => Source::Ca3Pattern,
            other => return Err(UserError(format!("trace: no source for {other}"))),
        })
    }
}

/// One trace row every `every` ticks, read from the probe into a flat buffer.
struct Rows {
    sources: Vec<Source>,
    every: u64,
    /// Ticks until the next row (a countdown: no division per tick).
    until: u64,
}

impl Rows {
    fn new(spec: &TraceSpec) -> Result<Rows, UserError> {
        Ok(Rows {
            sources: spec
                .columns
                .iter()
                .map(|c| Source::of(&c.rtl))
                .collect::<Result<_, _>>()?,
            every: spec.every,
            until: spec.every,
        })
    }

    /// After a tick: appends a row to `values` when one is due; true if it did.
    #[inline]
    fn push(&mut self, p: &Probe<'_>, oscs: &Oscillators, values: &mut Vec<i64>) -> bool {
        self.until -= 1;
        if self.until != 0 {
            return false;
        }
        self.until = self.every;
        for s in &self.sources {
            values.push(match *s {
                Source::Dac => i64::from(p.dac()),
                Source::Oscillator(k) => i64::from(oscs[k].x.raw()),
                Source::KuramotoR => i64::from(p.kuramoto_r().raw()),
                Source::SiePhase => i64::from(p.sie().phase.code()),
                Source::CouplingMode => i64::from(p.coupling().mode.code()),
                Source::Ca3Pattern => i64::from(p.ca3().pattern),
            });
        }
        true
    }
}

/// A block of rows on its way to the writer thread: ticks, and the values row-major.
#[derive(Default)]
struct Chunk {
    ticks: Vec<u64>,
    values: Vec<i64>,
}

/// The trace of a run: a row every `every` ticks goes into the current [`Chunk`]; every
/// [`TRACE_CHUNK`] rows the chunk is handed to a writer thread, which formats and writes it while
/// the processor goes on (formatting costs about as much as a tick, so on a machine with a
/// second core the outputs cost little wall time). Two chunks circulate, so memory stays fixed
/// and the simulation waits when the disk cannot keep up.
struct Trace {
    rows: Rows,
    chunk: Chunk,
    tx: Option<std::sync::mpsc::SyncSender<Chunk>>,
    spare: std::sync::mpsc::Receiver<Chunk>,
    writer: Option<std::thread::JoinHandle<Result<TraceWriter, UserError>>>,
}

impl Trace {
    fn create(spec: &TraceSpec, sinks: &Sinks<'_>) -> Result<Trace, UserError> {
        let rows = Rows::new(spec)?;
        let mut w = TraceWriter::create(spec.clone(), sinks)?;
        let ncols = spec.columns.len();
        let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(1);
        let (back, spare) = std::sync::mpsc::channel::<Chunk>();
        let _ = back.send(Chunk::default());
        let writer = std::thread::Builder::new()
            .name("phin-trace".into())
            .spawn(move || {
                for chunk in rx {
                    for (r, &tick) in chunk.ticks.iter().enumerate() {
                        w.row(tick, &chunk.values[r * ncols..(r + 1) * ncols])?;
                    }
                    // The run may have ended meanwhile; then the chunk is simply dropped.
                    let _ = back.send(chunk);
                }
                Ok(w)
            })
            .map_err(|e| UserError(format!("the trace writer thread: {e}")))?;
        let chunk = Chunk {
            ticks: Vec::with_capacity(TRACE_CHUNK),
            values: Vec::with_capacity(TRACE_CHUNK * ncols),
        };
        Ok(Trace {
            rows,
            chunk,
            tx: Some(tx),
            spare,
            writer: Some(writer),
        })
    }

    /// After tick `tick`: the probe and the oscillators it shows.
    #[inline]
    fn observe(&mut self, tick: u64, p: &Probe<'_>, oscs: &Oscillators) -> Result<(), UserError> {
        if self.rows.push(p, oscs, &mut self.chunk.values) {
            self.chunk.ticks.push(tick);
            if self.chunk.ticks.len() == TRACE_CHUNK {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Hands the current chunk to the writer and takes a spare one.
    fn flush(&mut self) -> Result<(), UserError> {
        if self.chunk.ticks.is_empty() {
            return Ok(());
        }
        let Ok(mut next) = self.spare.recv() else {
            return Err(self.writer_error());
        };
        next.ticks.clear();
        next.values.clear();
        let full = std::mem::replace(&mut self.chunk, next);
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(full).is_ok());
        if sent {
            Ok(())
        } else {
            Err(self.writer_error())
        }
    }

    /// The writer thread's error, once it has stopped.
    fn writer_error(&mut self) -> UserError {
        self.tx = None;
        match self.writer.take().map(|h| h.join()) {
            Some(Ok(Err(e))) => e,
            _ => UserError("the trace writer stopped".into()),
        }
    }

    fn finish(mut self) -> Result<(Vec<String>, serde_json::Value), UserError> {
        self.flush()?;
        self.tx = None;
        let w = match self.writer.take().map(|h| h.join()) {
            Some(Ok(r)) => r?,
            _ => return Err(UserError("the trace writer stopped".into())),
        };
        let json = w.columns_json();
        Ok((w.finish()?, json))
    }
}

/// Ticks of the size estimate's pilot run: 2 s, the second of which gives the rate.
const PILOT_TICKS: u64 = 8_000;
/// Typical sizes of the files that do not grow with the run, bytes (measured on runs of 3 s to
/// 10 min: spectrum.png 160-190 kB, oscillators.png 330-370 kB, timeline.png 90-110 kB;
/// summary.json a few kB plus about 200 bytes per SIE event).
const FIXED_BYTES: [(&str, u64); 6] = [
    ("spectrum.png", 175_000),
    ("oscillators.png", 350_000),
    ("timeline.png", 100_000),
    ("summary.json", 6_000),
    ("trace.columns.json", 6_000),
    ("run.toml", 600),
];

/// The expected size of every output file, by name: the trace and VCD from a pilot of the same
/// run (its first [`PILOT_TICKS`] ticks written into byte counters by the same writers,
/// extrapolated at the rate of its second half), dac.wav exactly, the rest typical sizes.
pub fn estimate(plan: &Plan, spec: &TraceSpec, wav: bool) -> Result<Vec<(String, u64)>, UserError> {
    let pilot = plan.ticks.min(PILOT_TICKS);
    let mut sizes: Vec<(String, u64)> = Vec::new();
    if !spec.trace.is_empty() || !spec.vcd.is_empty() {
        let sinks = Sinks::counting();
        let pilot_spec = TraceSpec {
            rows: pilot / spec.every,
            ..spec.clone()
        };
        // Written on this thread, so the counters are exact at the half-way mark.
        let mut rows = Rows::new(spec)?;
        let mut w = TraceWriter::create(pilot_spec, &sinks)?;
        let ncols = spec.columns.len();
        let mut values = Vec::with_capacity(ncols);
        let mut m = plan.processor();
        let mut schedule = plan.schedule();
        let half = pilot / 2;
        let mut at_half = Vec::new();
        for t in 0..pilot {
            m.tick(schedule.inputs(t));
            let p = m.probe();
            values.clear();
            if rows.push(&p, &p.oscillators(), &mut values) {
                w.row(t + 1, &values)?;
            }
            if t + 1 == half {
                w.flush_buffers()?;
                at_half = sinks.counts();
            }
        }
        w.finish()?;
        let at_end = sinks.counts();
        for (name, end) in at_end {
            let mid = at_half
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0, |(_, b)| *b);
            let grown = end - mid.min(end);
            let bytes = if name.ends_with(".npy") {
                // A fixed width per row after the header: exact.
                let rows_after_half = pilot / spec.every - half / spec.every;
                let per_row = grown / rows_after_half.max(1);
                end - (pilot / spec.every) * per_row + spec.rows * per_row
            } else {
                // Bytes per tick of the pilot's second half, for the ticks it did not run.
                let rate = grown as f64 / (pilot - half).max(1) as f64;
                end + ((plan.ticks - pilot) as f64 * rate).round() as u64
            };
            sizes.push((name, bytes));
        }
    }
    if wav {
        sizes.push(("dac.wav".into(), WAV_HEADER_BYTES + 2 * plan.ticks));
    }
    for (name, b) in FIXED_BYTES {
        if name == "trace.columns.json" && spec.trace.is_empty() {
            continue;
        }
        sizes.push((name.into(), b));
    }
    Ok(sizes)
}

/// The files being written during the run.
struct Writing {
    dir: OutDir,
    trace: Option<Trace>,
    wav: Option<WavWriter>,
    config_toml: String,
}

impl Writing {
    fn open(o: RunOut) -> Result<Writing, UserError> {
        let trace = if o.spec.trace.is_empty() && o.spec.vcd.is_empty() {
            None
        } else {
            Some(Trace::create(&o.spec, &Sinks::Files(&o.dir))?)
        };
        let wav = o.wav.then(|| WavWriter::create(&o.dir)).transpose()?;
        Ok(Writing {
            dir: o.dir,
            trace,
            wav,
            config_toml: o.config_toml,
        })
    }

    #[inline]
    fn tick(&mut self, tick: u64, p: &Probe<'_>, oscs: &Oscillators) -> Result<(), UserError> {
        if let Some(t) = self.trace.as_mut() {
            t.observe(tick, p, oscs)?;
        }
        if let Some(w) = self.wav.as_mut() {
            w.push(p.dac())?;
        }
        Ok(())
    }

    fn finish(self, summary: &Summary, plots: &Plots) -> Result<(), UserError> {
        let mut files: Vec<String> = Vec::new();
        if let Some(t) = self.trace {
            let (names, cols) = t.finish()?;
            let has_trace = names
                .iter()
                .any(|n| n == "trace.csv" || n.ends_with(".npy"));
            files.extend(names);
            if has_trace {
                let mut json = serde_json::to_vec_pretty(&cols)?;
                json.push(b'\n');
                write_file(&self.dir, "trace.columns.json", &json)?;
                files.push("trace.columns.json".into());
            }
        }
        if let Some(w) = self.wav {
            files.push(w.finish()?);
        }
        crate::interrupt::check()?;
        // The three pictures are drawn and encoded side by side: they are most of the fixed
        // cost of the outputs, which a short run would otherwise pay in full.
        let (spectrum, oscillators, timeline) = (
            self.dir.file("spectrum.png"),
            self.dir.file("oscillators.png"),
            self.dir.file("timeline.png"),
        );
        std::thread::scope(|s| {
            let a = s.spawn(|| draw_spectrum(&spectrum, &plots.spectrum));
            let b = s.spawn(|| draw_oscillators(&oscillators, &plots.oscillators));
            let c = draw_timeline(&timeline, &plots.timeline);
            let joined = |h: std::thread::ScopedJoinHandle<'_, Result<(), UserError>>| {
                h.join()
                    .unwrap_or_else(|_| Err(UserError("a picture could not be drawn".into())))
            };
            joined(a).and(joined(b)).and(c)
        })?;
        files.extend([
            "spectrum.png".into(),
            "oscillators.png".into(),
            "timeline.png".into(),
        ]);
        let mut json = serde_json::to_vec_pretty(summary)?;
        json.push(b'\n');
        write_file(&self.dir, "summary.json", &json)?;
        write_file(&self.dir, "run.toml", self.config_toml.as_bytes())?;
        files.extend(["summary.json".into(), "run.toml".into()]);
        let names: Vec<&str> = files.iter().map(String::as_str).collect();
        self.dir.commit(&names)
    }
}

/// Writes one whole file into the temporary output directory.
fn write_file(dir: &OutDir, name: &str, bytes: &[u8]) -> Result<(), UserError> {
    std::fs::write(dir.file(name), bytes).map_err(|e| UserError(format!("{name}: {e}")))
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

/// Seconds of oscillators.png: a few theta cycles, and the gamma layers still readable.
const WINDOW_S: f64 = 2.0;
/// Time bins of timeline.png (at most one per tick).
const TIMELINE_BINS: u64 = 1_200;

/// The oscillators of oscillators.png, top to bottom: theta, each column's layers superficial
/// first, SR f0.
fn lanes() -> Vec<Oscillator> {
    let mut v = vec![Oscillator::Theta];
    for c in Col::ALL {
        v.extend(TRACE_LAYERS.map(|l| Oscillator::Cortex(c, l)));
    }
    v.push(Oscillator::Sr(SrHarmonic::F0));
    v
}

/// The last [`WINDOW_S`] seconds of every lane, in a ring.
struct Window {
    lanes: Vec<Oscillator>,
    ring: Vec<f32>,
    len: usize,
    next: usize,
    filled: usize,
    last_tick: u64,
}

impl Window {
    fn new(ticks: u64) -> Self {
        let lanes = lanes();
        let len = ticks.min((WINDOW_S * TICK_HZ) as u64).max(1) as usize;
        Window {
            ring: vec![0.0; len * lanes.len()],
            lanes,
            len,
            next: 0,
            filled: 0,
            last_tick: 0,
        }
    }

    #[inline]
    fn push(&mut self, tick: u64, p: &Probe<'_>) {
        let n = self.lanes.len();
        let row = &mut self.ring[self.next * n..(self.next + 1) * n];
        for (v, o) in row.iter_mut().zip(&self.lanes) {
            *v = p.oscillator(*o).x.to_f64() as f32;
        }
        self.next = (self.next + 1) % self.len;
        self.filled = (self.filled + 1).min(self.len);
        self.last_tick = tick;
    }

    fn plot(&self, title: String) -> OscillatorsPlot {
        let n = self.lanes.len();
        let start = (self.next + self.len - self.filled) % self.len;
        let traces = self
            .lanes
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let label = match o {
                    Oscillator::Theta => format!("theta {:.2} Hz", o.nominal_hz()),
                    Oscillator::Cortex(c, l) => format!("{} {}", c.name(), layer_label(*l)),
                    Oscillator::Sr(h) => format!("SR {} {:.2} Hz", h.name(), o.nominal_hz()),
                };
                let ys = (0..self.filled)
                    .map(|i| self.ring[((start + i) % self.len) * n + k])
                    .collect();
                (label, ys)
            })
            .collect();
        let first_tick = self.last_tick + 1 - self.filled as u64;
        OscillatorsPlot {
            start_s: first_tick as f64 / TICK_HZ,
            dt_s: 1.0 / TICK_HZ,
            traces,
            title,
        }
    }
}

/// A layer as people write it: L2/3, L4, L5a, L5b, L6.
fn layer_label(l: Layer) -> &'static str {
    match l {
        Layer::L23 => "L2/3",
        Layer::L4 => "L4",
        Layer::L5a => "L5a",
        Layer::L5b => "L5b",
        Layer::L6 => "L6",
    }
}

/// The run in [`TIMELINE_BINS`] bins: per bin the state, the furthest SIE phase, the SR
/// coherence's range and whether CA3 learned or recalled.
struct Timeline {
    ticks: u64,
    bins: u64,
    bin: TimelineBin,
    /// The tick that closes the current bin.
    next_edge: u64,
    done: Vec<TimelineBin>,
}

impl Timeline {
    fn new(ticks: u64) -> Self {
        let bins = ticks.clamp(1, TIMELINE_BINS);
        Timeline {
            ticks,
            bins,
            bin: TimelineBin::empty(),
            next_edge: ticks.div_ceil(bins),
            done: Vec::with_capacity(bins as usize),
        }
    }

    #[inline]
    fn push(&mut self, tick: u64, p: &Probe<'_>) {
        let b = &mut self.bin;
        let cfg = p.config();
        b.state = cfg.state.code();
        b.transitioning |= cfg.transitioning;
        b.sie = b.sie.max(p.sie().phase.code());
        let coh = p.sr().sr_coherence.to_f64() as f32;
        b.coherence.0 = b.coherence.0.min(coh);
        b.coherence.1 = b.coherence.1.max(coh);
        let ca3 = p.ca3();
        b.learn |= ca3.learning;
        b.recall |= ca3.recalling;
        if tick >= self.next_edge {
            b.end_s = tick as f64 / TICK_HZ;
            self.done
                .push(std::mem::replace(&mut self.bin, TimelineBin::empty()));
            let k = self.done.len() as u64 + 1;
            // Edges at round(k · ticks / bins): equal bins to within a tick.
            self.next_edge =
                (u128::from(k) * u128::from(self.ticks) / u128::from(self.bins)) as u64;
        }
    }

    fn plot(self, title: String, transitions: &[Transition]) -> TimelinePlot {
        TimelinePlot {
            bins: self.done,
            seconds: self.ticks as f64 / TICK_HZ,
            transitions: transitions
                .iter()
                .map(|t| (t.tick as f64 / TICK_HZ, t.state.name().to_string()))
                .collect(),
            title,
        }
    }
}

/// Everything `phin run` measures, fed once per tick through the processor's probe. Nothing in
/// it grows with the run but the list of SIE events.
struct Observers {
    meters: FrequencyMeters,
    sie: SieEventDetector,
    learn: Edges,
    recall: Edges,
    dac: WelchPsd,
    osc: WelchPsd,
    r_sum: f64,
    dac_min: u16,
    dac_max: u16,
    dac_jumps: u64,
    prev_dac: u16,
    window: Window,
    timeline: Timeline,
}

impl Observers {
    fn new(ticks: u64, p: Probe<'_>) -> Self {
        Observers {
            meters: FrequencyMeters::new(),
            sie: SieEventDetector::default(),
            learn: Edges::default(),
            recall: Edges::default(),
            dac: WelchPsd::new(TICK_HZ, PSD_SEGMENT),
            osc: WelchPsd::new(TICK_HZ, PSD_SEGMENT),
            r_sum: 0.0,
            dac_min: u16::MAX,
            dac_max: 0,
            dac_jumps: 0,
            prev_dac: p.dac(),
            window: Window::new(ticks),
            timeline: Timeline::new(ticks),
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
        self.window.push(tick, &p);
        self.timeline.push(tick, &p);
    }

    /// The summary of the run, and its pictures.
    fn summary(self, plan: &Plan, prov: &Provenance) -> (Summary, Plots) {
        let psd = self.dac.finish();
        let osc_psd = self.osc.finish();
        let power = |psd: &phin_analysis::Psd, lo: Band, hi: Band| {
            band_peak(psd, lo.edges_hz().0, hi.edges_hz().1).map_or(0.0, |p| p.band_power)
        };
        let (theta, alpha, beta1, fast) = (Band::Theta, Band::Alpha, Band::Beta1, Band::FastGamma);
        let theta_alpha = power(&psd, theta, alpha);
        let osc_ta = power(&osc_psd, theta, alpha);
        let osc_bg = power(&osc_psd, beta1, fast);
        let seconds = plan.ticks as f64 / TICK_HZ;
        // A frequency needs two rising crossings; below that the meter has nothing to say.
        let frequencies = self
            .meters
            .rows()
            .into_iter()
            .map(|(oscillator, nominal_hz, m)| {
                let hz = m.hz();
                let measured = (hz.is_finite() && hz > 0.0).then_some(hz);
                Frequency {
                    oscillator,
                    nominal_hz,
                    measured_hz: measured,
                    relative_error: measured.map(|f| (f - nominal_hz) / nominal_hz),
                }
            })
            .collect();
        let fit = power_law_fit(&psd, FIT_HZ.0, FIT_HZ.1);
        let segments = welch_segments(plan.ticks);
        let peaks = fit.map_or_else(Vec::new, |f| peaks_above_fit(&psd, f, segments));
        let ticks = plan.ticks.max(1) as f64;
        let spectral = plan.ticks >= SPECTRUM_MIN_TICKS;
        let some = |v: f64| spectral.then_some(v);
        let summary = Summary {
            phin: prov.clone(),
            state: plan.state,
            seconds,
            ticks: plan.ticks,
            seed: plan.seed,
            adaptive: plan.adaptive,
            transitions: plan.transitions.clone(),
            bands: if spectral {
                band_table(&psd)
            } else {
                Vec::new()
            },
            spectral_peaks: if spectral { peaks.clone() } else { Vec::new() },
            theta_alpha_power_db: some(db(theta_alpha)),
            oscillator_theta_alpha_power_db: some(db(osc_ta)),
            oscillator_beta_gamma_power_db: some(db(osc_bg)),
            theta_alpha_dominance_db: some(db(osc_ta) - db(osc_bg)),
            spectral_slope_2_100_hz: spectral_slope(&psd, 2.0, 100.0).filter(|_| spectral),
            kuramoto_r_mean: self.r_sum / ticks,
            sie_active_fraction: self.sie.active_fraction(),
            sie_events: self.sie.into_events(),
            ca3_learn_count: self.learn.count,
            ca3_recall_count: self.recall.count,
            dac_min: self.dac_min,
            dac_max: self.dac_max,
            dac_jumps: self.dac_jumps,
            frequencies,
        };
        let what = format!(
            "{} for {} s{}",
            plan.state,
            seconds,
            if plan.adaptive { ", adaptive" } else { "" }
        );
        let plots = Plots {
            spectrum: SpectrumPlot {
                dac: psd,
                osc: osc_psd,
                fit,
                nominal: Band::ALL
                    .iter()
                    .map(|b| (band_symbol(*b), b.peak_hz()))
                    .collect(),
                peaks: peaks.iter().map(|p| (p.hz, p.above_fit_db)).collect(),
                title: format!("phin: spectrum of the DAC and of its oscillator mix, {what}"),
            },
            oscillators: self
                .window
                .plot(format!("phin: the oscillators' x, {what}")),
            timeline: self.timeline.plot(
                format!("phin: the run over time, {what}"),
                &plan.transitions,
            ),
        };
        (summary, plots)
    }
}

/// The band's symbol on the spectrum: θ, α, β₁, β₂, γ(L4), γ slow, γ fast.
fn band_symbol(b: Band) -> String {
    match b {
        Band::Theta => "θ",
        Band::Alpha => "α",
        Band::Beta1 => "β₁",
        Band::Beta2 => "β₂",
        Band::L4Gamma => "γ L4",
        Band::SlowGamma => "γ slow",
        Band::FastGamma => "γ fast",
    }
    .to_string()
}

/// The range of the 1/f fit and of spectrum.png, Hz.
pub const FIT_HZ: (f64, f64) = (1.0, 100.0);
/// The least a peak must stand above the 1/f fit, dB.
pub const PEAK_ABOVE_FIT_DB: f64 = 3.0;
/// The standard normal quantile of the peak test: a bin of pure 1/f noise passes it with
/// probability 1e-5, so a run's ~700 bins in the bands show a false peak about once in 140 runs.
const PEAK_Z: f64 = 4.265;

/// Segments of [`PSD_SEGMENT`] with half overlap in a run of `ticks`.
fn welch_segments(ticks: u64) -> u64 {
    let (seg, hop) = (PSD_SEGMENT as u64, PSD_SEGMENT as u64 / 2);
    if ticks <= seg {
        1
    } else {
        1 + (ticks - seg) / hop
    }
}

/// How far above its expectation (dB) a Welch bin of noise rises with probability 1e-5: the
/// estimate of K half-overlapping Hann segments is χ² with about 2K·0.947 degrees of freedom
/// (Welch 1967; the factor is the Hann window's 50 % overlap correlation), its quantile by
/// Wilson and Hilferty's cube-root approximation. 9.8 dB for one segment, 4.7 dB for 20 s,
/// 2.8 dB for 60 s; never below [`PEAK_ABOVE_FIT_DB`].
pub fn peak_threshold_db(segments: u64) -> f64 {
    let nu = (2.0 * segments as f64 * 0.947).max(2.0);
    let c = 2.0 / (9.0 * nu);
    let ratio = (1.0 - c + PEAK_Z * c.sqrt()).powi(3);
    (10.0 * ratio.log10()).max(PEAK_ABOVE_FIT_DB)
}

/// A power law `log10 P = a + b · log10 f` fitted by least squares over `lo <= f < hi`, each bin
/// weighted by 1/f so that every octave counts the same (linear bins crowd the top decade):
/// `(a, b)`; `None` with fewer than three bins.
pub fn power_law_fit(psd: &phin_analysis::Psd, lo: f64, hi: f64) -> Option<(f64, f64)> {
    let pts: Vec<(f64, f64)> = psd
        .freqs_hz
        .iter()
        .zip(&psd.power)
        .filter(|(f, p)| **f >= lo && **f < hi && **f > 0.0 && **p > 0.0 && p.is_finite())
        .map(|(f, p)| (f.log10(), p.log10()))
        .collect();
    if pts.len() < 3 {
        return None;
    }
    let w = |x: f64| 10f64.powf(-x);
    let n: f64 = pts.iter().map(|p| w(p.0)).sum();
    let (mx, my) = (
        pts.iter().map(|p| w(p.0) * p.0).sum::<f64>() / n,
        pts.iter().map(|p| w(p.0) * p.1).sum::<f64>() / n,
    );
    let sxx: f64 = pts.iter().map(|p| w(p.0) * (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| w(p.0) * (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

/// A spectral peak that stands out from the 1/f fit.
#[derive(Clone, Debug, Serialize)]
pub struct SpectralPeak {
    /// The φⁿ band it lies in.
    pub band: Band,
    /// Its frequency, Hz (the bin's centre).
    pub hz: f64,
    /// How far it stands above the fit, dB.
    pub above_fit_db: f64,
}

/// Per band, its largest bin above the fit, kept only where it is a local maximum inside the
/// band (not at an edge, where the slope of 1/f puts the largest bin of a featureless band) and
/// stands above the fit by more than noise would ([`peak_threshold_db`] of the `segments`).
pub fn peaks_above_fit(
    psd: &phin_analysis::Psd,
    (a, b): (f64, f64),
    segments: u64,
) -> Vec<SpectralPeak> {
    let threshold = peak_threshold_db(segments);
    let f = &psd.freqs_hz;
    let p = &psd.power;
    let mut out = Vec::new();
    for band in Band::ALL {
        let (lo, hi) = band.edges_hz();
        let idx: Vec<usize> = (0..f.len()).filter(|&k| f[k] >= lo && f[k] < hi).collect();
        let above = |k: usize| 10.0 * (p[k].max(1e-300).log10() - (a + b * f[k].log10()));
        let best = idx
            .iter()
            .copied()
            .filter(|&k| k > 0 && k + 1 < f.len())
            .filter(|&k| Some(&k) != idx.first() && Some(&k) != idx.last())
            .filter(|&k| p[k] > p[k - 1] && p[k] > p[k + 1])
            .max_by(|&x, &y| above(x).total_cmp(&above(y)));
        if let Some(k) = best {
            if above(k) >= threshold {
                out.push(SpectralPeak {
                    band,
                    hz: f[k],
                    above_fit_db: above(k),
                });
            }
        }
    }
    out
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
    /// Mean frequency over the run, Hz; null when the run held fewer than two rising zero
    /// crossings (a run too short for the oscillator).
    pub measured_hz: Option<f64>,
    /// (measured − nominal) / nominal; null without a measurement.
    pub relative_error: Option<f64>,
}

/// `summary.json`: what the run did, and where it came from. It holds no wall-clock figure
/// (the speed goes to stderr), so the same command writes the same bytes.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// The program, its revision, the command line and the input files' SHA-256.
    pub phin: Provenance,
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
    /// DAC spectrum per φⁿ band (dB re 1 code²/Hz and 1 code²); empty for a run shorter than a
    /// second, as are the spectral figures below (null).
    pub bands: Vec<BandPower>,
    /// Peaks of the DAC spectrum that stand out from its 1/f fit over 1 … 100 Hz by more than
    /// its noise would (3 dB at least; 4.7 dB for 20 s, more for shorter runs), at most one per
    /// band: a local maximum inside the band, never an edge bin.
    pub spectral_peaks: Vec<SpectralPeak>,
    /// Power in the theta and alpha bands together (4 … 12.12 Hz) of the DAC, dB re 1 code².
    pub theta_alpha_power_db: Option<f64>,
    /// The same band of the oscillator part of the mix (the mixer's weighted, enveloped bands
    /// before pink noise, in DAC codes), dB re 1 code².
    pub oscillator_theta_alpha_power_db: Option<f64>,
    /// β/γ (12.12 … 80 Hz) of the oscillator part of the mix, dB re 1 code².
    pub oscillator_beta_gamma_power_db: Option<f64>,
    /// θ/α dominance of the oscillator part: θ/α power over β/γ power, dB (8.1: MEDITATION is
    /// "θ/α dominant, β/γ suppressed").
    pub theta_alpha_dominance_db: Option<f64>,
    /// Exponent of the DAC spectrum's power law over 2 … 100 Hz (−1 is 1/f).
    pub spectral_slope_2_100_hz: Option<f64>,
    /// Mean Kuramoto R (0 … 1).
    pub kuramoto_r_mean: f64,
    /// SIE events that started in the run.
    pub sie_events: Vec<SieEvent>,
    /// Fraction of ticks with the SIE active: an event under way, phases COHERENCE … DECAY
    /// (1 … 5; `u_sie.sie_active`). REFRACTORY and BASELINE are not active.
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
}

/// A run shorter than a second has no spectrum worth the name (its bins are 2 Hz or wider, and
/// theta has not done six cycles): the summary leaves the spectral figures out (empty lists,
/// null) and the text report says so instead of printing placeholders.
const SPECTRUM_MIN_TICKS: u64 = TICK_HZ as u64;

impl Summary {
    /// The text report of `phin run` (without `--json`).
    pub fn text_report(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "phi_n_neural_processor: {} for {} s ({} ticks{})",
            self.state,
            self.seconds,
            self.ticks,
            if self.adaptive { ", adaptive" } else { "" }
        );
        if self.ticks >= SPECTRUM_MIN_TICKS {
            for b in &self.bands {
                let _ = writeln!(
                    s,
                    "  {:<10} {:>6.2}-{:<6.2} Hz: largest bin {:>6.2} Hz, power {:>6.1} dB",
                    b.band.name(),
                    b.range_hz.0,
                    b.range_hz.1,
                    b.peak_hz,
                    b.power_db
                );
            }
            if self.spectral_peaks.is_empty() {
                let _ = writeln!(s, "  no band peak stands out from the DAC's 1/f fit");
            }
            for p in &self.spectral_peaks {
                let _ = writeln!(
                    s,
                    "  peak {:.2} Hz ({}), {:.1} dB above the 1/f fit",
                    p.hz,
                    p.band.name(),
                    p.above_fit_db
                );
            }
            if let Some(slope) = self.spectral_slope_2_100_hz {
                let _ = writeln!(s, "  spectral slope 2-100 Hz: {slope:.2}");
            }
        } else {
            let _ = writeln!(
                s,
                "  spectrum: not measured (a run of at least {} s is needed)",
                SPECTRUM_MIN_TICKS as f64 / TICK_HZ
            );
        }
        let measured: Vec<String> = self
            .frequencies
            .iter()
            .filter_map(|f| f.measured_hz.map(|hz| format!("{} {hz:.2}", f.oscillator)))
            .collect();
        if measured.is_empty() {
            let _ = writeln!(s, "  frequencies: none measured (too short a run)");
        } else {
            let _ = writeln!(s, "  frequencies (Hz): {}", measured.join(", "));
        }
        let _ = writeln!(
            s,
            "  Kuramoto R mean {:.3}; SIE events {} (SIE active, COHERENCE to DECAY, {:.1}% of the time); CA3 learn {}, recall {}",
            self.kuramoto_r_mean,
            self.sie_events.len(),
            100.0 * self.sie_active_fraction,
            self.ca3_learn_count,
            self.ca3_recall_count
        );
        let _ = writeln!(s, "  DAC codes {}..{}", self.dac_min, self.dac_max);
        s
    }
}

/// The pictures of a run.
pub struct Plots {
    /// spectrum.png.
    pub spectrum: SpectrumPlot,
    /// oscillators.png.
    pub oscillators: OscillatorsPlot,
    /// timeline.png.
    pub timeline: TimelinePlot,
}

/// Runs the plan and returns the summary and the wall-clock seconds the run took (reported on
/// stderr, never in a file); with `out`, also writes every output (all or nothing).
pub fn run_processor(
    plan: &Plan,
    out: Option<RunOut>,
    prov: &Provenance,
) -> Result<(Summary, f64), UserError> {
    let mut m = plan.processor();
    let mut writing = out.map(Writing::open).transpose()?;
    let mut schedule = plan.schedule();
    let mut observers = Observers::new(plan.ticks, m.probe());
    let mut before = m.probe().oscillators();
    let bar = Progress::new(plan.ticks);
    let start = Instant::now();
    for t in 0..plan.ticks {
        let encoding = m.probe().theta().encoding;
        m.tick(schedule.inputs(t));
        let p = m.probe();
        observers.push(t + 1, &before, encoding, p);
        before = p.oscillators();
        if let Some(w) = writing.as_mut() {
            w.tick(t + 1, &p, &before)?;
        }
        if t % 16_384 == 0 {
            bar.update(t);
            crate::interrupt::check()?;
        }
    }
    bar.finish();
    let wall = start.elapsed().as_secs_f64();
    let (summary, plots) = observers.summary(plan, prov);
    if let Some(w) = writing {
        w.finish(&summary, &plots)?;
    }
    Ok((summary, wall))
}

#[cfg(test)]
mod tests {
    use super::*;
    use phin_core::recorder::Recorder;

    #[test]
    fn the_trace_reads_what_the_recorder_reads() {
        // Every column through the probe equals its RTL register read by name, tick by tick,
        // across a transition, an SIE and CA3 activity (MEDITATION then FLOW, 6 s).
        let mut plan = Plan::new(ConsciousnessState::Meditation, 24_000, 5, true);
        plan.transitions =
            vec![crate::args::parse_transition("flow@2:0.5", 6.0).expect("a transition")];
        let cols = trace_columns();
        let spec = TraceSpec {
            columns: cols.clone(),
            trace: (0..cols.len()).collect(),
            format: crate::report::TraceFormat::Csv,
            vcd: Vec::new(),
            every: 1,
            rows: plan.ticks,
        };
        let rtl: Vec<&str> = cols.iter().map(|c| c.rtl.as_str()).collect();
        let mut rec = Recorder::<PhiNNeuralProcessor>::new(&rtl, 1, 1).unwrap();
        let mut rows = Rows::new(&spec).unwrap();
        let (mut m, mut schedule) = (plan.processor(), plan.schedule());
        let mut values = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for t in 0..plan.ticks {
            m.tick(schedule.inputs(t));
            rec.clear();
            rec.observe(&m);
            let p = m.probe();
            values.clear();
            assert!(rows.push(&p, &p.oscillators(), &mut values));
            for (k, c) in cols.iter().enumerate() {
                let want = rec.column_at(k).unwrap()[0];
                assert_eq!(values[k], want, "{} at tick {}", c.name, t + 1);
                seen.insert((k, want));
            }
        }
        // The codes moved: the check covered more than one value of each.
        for name in [
            "sie_phase",
            "coupling_mode",
            "ca3_phase_pattern",
            "kuramoto_r",
        ] {
            let k = cols.iter().position(|c| c.name == name).unwrap();
            let n = seen.iter().filter(|(c, _)| *c == k).count();
            assert!(n > 1, "{name} took {n} values");
        }
    }
}
