//! The runs behind the Python package, in plain Rust: what drives a processor tick by tick (its
//! held inputs, per-tick arrays, a sine drive and the seeded sensory background noise), what is
//! recorded every N ticks, and the loops of one processor and of an ensemble. The bindings
//! (`python` feature) only convert to and from Python; everything here is tested by
//! `cargo test` without an interpreter.
//!
//! ```
//! use phin_core::identity::ConsciousnessState;
//! use phin_core::PhiNNeuralProcessor;
//! use phin_py::engine::{params, Drive, InstanceRun, RecordSpec, Rows, Setup};
//!
//! // What `phin.Processor(state="flow", seed=3).run(1, record=["theta", "kuramoto_r"], every=4)`
//! // does: one second, a row every 4 ticks.
//! let setup = Setup { state: ConsciousnessState::Flow, seed: 3, ..Default::default() };
//! let mut p = PhiNNeuralProcessor::new(params(setup.adaptive));
//! let mut drive = Drive::new(&setup).unwrap();
//! let names = ["theta".to_string(), "kuramoto_r".to_string()];
//! let spec = RecordSpec::new(Some(&names), 4, true).unwrap();
//! let mut rows = Rows::new(&spec, 1, 1_000);
//! let mut run = InstanceRun::new(&mut drive, &[], &spec, rows.writers().pop().unwrap());
//! run.advance(&mut p, 4_000);
//! assert_eq!(run.finish(&p), 1_000);
//! assert_eq!(rows.ticks[0], 4);
//! assert_eq!((rows.x.len(), rows.signals.len()), (1_000, 1_000));
//! ```

use crate::inputs::{FieldError, FieldValues};
use phin_core::batch::ProcessorBatch;
use phin_core::constants::{DT, MU_TABLE, SR_MU_DT, TICK_HZ};
use phin_core::control::{transition_ticks, Q14_MAX};
use phin_core::fixed_point::{f64_to_q14, sat_s, WIDTH};
use phin_core::identity::{ConsciousnessState, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::probe::Probe;
use phin_core::signals::Accessor;
use phin_core::{Observable, Signal};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::sync::Mutex;

/// Amplitude of the sensory background noise by default, a Q4.14 real: `phin run`'s, uniform in
/// ±0.02, so a run from Python with a seed is `phin run --seed` with the same seed.
pub const DEFAULT_NOISE: f64 = 0.02;
/// Highest sine drive frequency: the Nyquist frequency of the 4 kHz tick.
pub const MAX_DRIVE_HZ: f64 = TICK_HZ / 2.0;

// ---------------------------------------------------------------------------------------------
// Named readouts
// ---------------------------------------------------------------------------------------------

/// A scalar readout of the processor by name, for `record=` and `probe()`.
pub struct Readout {
    /// The name (`kuramoto_r`).
    pub name: &'static str,
    /// Its unit (`"1"`: a Q4.14 real, 1.0 full scale; `"code"`: an enumeration's code).
    pub unit: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Reads it.
    pub read: fn(&Probe<'_>) -> f64,
}

/// Every named readout. Oscillators are recorded by their names (`theta`, `motor.l23`, …) with
/// x, y, amplitude and phase; these are the processor's other observables.
pub static READOUTS: [Readout; 22] = [
    Readout { name: "dac", unit: "DAC code", doc: "dac_output, 0 … 4095, mid-scale 2048", read: |p| f64::from(p.dac()) },
    Readout { name: "kuramoto_r", unit: "1", doc: "Kuramoto order parameter of theta and the motor column", read: |p| p.kuramoto_r().to_f64() },
    Readout { name: "high_synchrony", unit: "flag", doc: "Kuramoto R above 0.7", read: |p| f64::from(u8::from(p.high_synchrony())) },
    Readout { name: "sie_phase", unit: "code", doc: "SIE phase: 0 baseline, 1 coherence, 2 ignition, 3 plateau, 4 propagation, 5 decay, 6 refractory", read: |p| f64::from(p.sie().phase.code()) },
    Readout { name: "sie_gain", unit: "1", doc: "SR gain the SIE applies, 0 … 1", read: |p| p.sie().gain.to_f64() },
    Readout { name: "sie_plv", unit: "1", doc: "phase-locking value the SIE's script targets", read: |p| p.sie().plv.to_f64() },
    Readout { name: "coupling_mode", unit: "code", doc: "0 modulatory, 1 transition, 2 harmonic", read: |p| f64::from(p.coupling().mode.code()) },
    Readout { name: "pac_gain", unit: "1", doc: "phase-amplitude coupling gain", read: |p| p.coupling().pac_gain.to_f64() },
    Readout { name: "harmonic_gain", unit: "1", doc: "harmonic coupling gain", read: |p| p.coupling().harmonic_gain.to_f64() },
    Readout { name: "state", unit: "code", doc: "the state requested (0 normal … 4 meditation)", read: |p| f64::from(p.config().state.code()) },
    Readout { name: "transition_progress", unit: "1", doc: "progress of a state transition, 0 … 1", read: |p| p.config().progress_fraction() },
    Readout { name: "sr_coherence", unit: "1", doc: "the SR bank's overall coherence", read: |p| p.sr().sr_coherence.to_f64() },
    Readout { name: "sr_amplification", unit: "1", doc: "the SR bank's summed gain", read: |p| p.sr().sr_amplification.to_f64() },
    Readout { name: "sr_coherence_f0", unit: "1", doc: "coherence of SR f0 with theta", read: |p| p.sr().coherence[0].to_f64() },
    Readout { name: "sr_coherence_f1", unit: "1", doc: "coherence of SR f1 with motor L6", read: |p| p.sr().coherence[1].to_f64() },
    Readout { name: "sr_coherence_f2", unit: "1", doc: "coherence of SR f2 with motor L5a", read: |p| p.sr().coherence[2].to_f64() },
    Readout { name: "sr_coherence_f3", unit: "1", doc: "coherence of SR f3 with motor L5b", read: |p| p.sr().coherence[3].to_f64() },
    Readout { name: "sr_coherence_f4", unit: "1", doc: "coherence of SR f4 with motor L4", read: |p| p.sr().coherence[4].to_f64() },
    Readout { name: "theta_bin", unit: "code", doc: "theta cycle bin 0 … 7 (0-3 encoding)", read: |p| f64::from(p.theta().bin.code()) },
    Readout { name: "ca3_pattern", unit: "code", doc: "CA3's recalled phase pattern, 6 bits", read: |p| f64::from(p.ca3().pattern) },
    Readout { name: "hsi", unit: "1", doc: "harmonic spacing index", read: |p| p.hsi().hsi.to_f64() },
    Readout { name: "bicoherence_max", unit: "1", doc: "largest bicoherence of the monitor's triads", read: |p| p.bicoherence().max.to_f64() },
];

/// The readouts recorded when `record` is not given (beside every oscillator).
pub const DEFAULT_READOUTS: [&str; 4] = ["dac", "kuramoto_r", "sie_phase", "coupling_mode"];

/// μ = MU / DT of an oscillator in a state (section 8.2's table; the SR bank's MU is fixed).
pub fn mu(state: ConsciousnessState, o: Oscillator) -> f64 {
    // MU_TABLE's columns: theta, L6, L5b, L5a, L4, L2/3.
    let mu_dt = match o {
        Oscillator::Theta => MU_TABLE[state.code() as usize][0],
        Oscillator::Cortex(_, l) => {
            let col = match l {
                Layer::L6 => 1,
                Layer::L5b => 2,
                Layer::L5a => 3,
                Layer::L4 => 4,
                Layer::L23 => 5,
            };
            MU_TABLE[state.code() as usize][col]
        }
        Oscillator::Sr(_) => SR_MU_DT,
    };
    mu_dt as f64 / DT as f64
}

// ---------------------------------------------------------------------------------------------
// What drives a processor
// ---------------------------------------------------------------------------------------------

/// The seeded sensory background noise: one uniform draw in ±amplitude (Q14 words) per tick, the
/// same generator and draw as `phin run`. A draw is made every tick whatever the amplitude, so
/// the generator's position is the processor's tick count and a loaded checkpoint can take it up.
#[derive(Clone, Debug)]
pub struct Noise {
    rng: Xoshiro256PlusPlus,
    amplitude: i64,
}

impl Noise {
    /// The noise of `seed` at tick 0, `amplitude` a Q4.14 real in 0 … 8.
    pub fn new(seed: u64, amplitude: f64) -> Result<Noise, FieldError> {
        if !(0.0..=Q14_MAX).contains(&amplitude) {
            return Err(FieldError::range("noise", amplitude, 0.0, Q14_MAX, ""));
        }
        Ok(Noise {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            amplitude: f64_to_q14(amplitude),
        })
    }

    /// The next draw, Q14 words.
    #[inline(always)]
    pub fn draw(&mut self) -> i64 {
        let span = 2 * self.amplitude as u64 + 1;
        (self.rng.next_u64() % span) as i64 - self.amplitude
    }

    /// Skips `ticks` draws (a processor loaded at tick `ticks`).
    pub fn skip(&mut self, ticks: u64) {
        for _ in 0..ticks {
            self.rng.next_u64();
        }
    }
}

/// A sine on the sensory input: `amplitude · sin(2π · hz · t)`, t the processor's time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sine {
    /// Frequency, Hz (0 … 2000).
    pub hz: f64,
    /// Amplitude, a Q4.14 real.
    pub amplitude: f64,
}

/// What an instance is: its parameters and everything that decides its inputs between runs.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The state at the start.
    pub state: ConsciousnessState,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// Seed of the sensory background noise.
    pub seed: u64,
    /// Amplitude of the background noise, a Q4.14 real.
    pub noise: f64,
    /// Held inputs, by field: one value per element (a field left out is 0).
    pub held: Vec<(String, Vec<f64>)>,
    /// A sine drive on the sensory input.
    pub drive: Option<Sine>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            state: ConsciousnessState::Normal,
            adaptive: false,
            seed: 0,
            noise: DEFAULT_NOISE,
            held: Vec::new(),
            drive: None,
        }
    }
}

/// The inputs of one instance from tick to tick: held port words, an optional sine, the noise.
#[derive(Clone, Debug)]
pub struct Drive {
    /// The held inputs (the state, the transition, every port without a per-tick array).
    pub held: PhiNNeuralProcessorInputs,
    /// The sine on the sensory input.
    pub sine: Option<Sine>,
    /// The background noise.
    pub noise: Noise,
    /// `seed` and `noise` as given, for the record.
    pub seed: u64,
    /// The noise amplitude as given.
    pub noise_amplitude: f64,
}

impl Drive {
    /// The drive of a setup at tick 0; checks every value (errors name the field).
    pub fn new(s: &Setup) -> Result<Drive, FieldError> {
        let mut held = PhiNNeuralProcessorInputs::default();
        held.set_state(s.state);
        for (name, values) in &s.held {
            let f = crate::inputs::field(name)?;
            FieldValues::new(f, values, 1)?.apply(&mut held, 0);
        }
        let d = Drive {
            held,
            sine: None,
            noise: Noise::new(s.seed, s.noise)?,
            seed: s.seed,
            noise_amplitude: s.noise,
        };
        d.with_sine(s.drive)
    }

    /// This drive with `sine` on the sensory input, checked: the frequency within 0 … 2000 Hz,
    /// and the held sensory input plus the sine's amplitude within the port's range.
    pub fn with_sine(mut self, sine: Option<Sine>) -> Result<Drive, FieldError> {
        if let Some(s) = sine {
            if !(0.0..=MAX_DRIVE_HZ).contains(&s.hz) {
                return Err(FieldError::range(
                    "drive_hz",
                    s.hz,
                    0.0,
                    MAX_DRIVE_HZ,
                    " Hz",
                ));
            }
            let base = phin_core::fixed_point::q14_to_f64(i64::from(self.held.sensory_input));
            let room = Q14_MAX - base.abs();
            if s.amplitude.is_nan() || s.amplitude.abs() > room {
                return Err(FieldError::range(
                    "drive_amplitude",
                    s.amplitude,
                    -room,
                    room,
                    "",
                ));
            }
        }
        self.sine = sine;
        Ok(self)
    }

    /// The inputs of the tick that takes the processor from `tick` to `tick + 1`, with the
    /// run's per-tick arrays at index `t`. Draws the noise.
    #[inline(always)]
    pub fn inputs(
        &mut self,
        tick: u64,
        arrays: &[FieldValues],
        t: usize,
    ) -> PhiNNeuralProcessorInputs {
        let mut i = self.held;
        for a in arrays {
            a.apply(&mut i, t);
        }
        let mut s = i64::from(i.sensory_input);
        if let Some(sine) = self.sine {
            let phase = std::f64::consts::TAU * sine.hz * (tick as f64 / TICK_HZ);
            s += f64_to_q14(sine.amplitude * phase.sin());
        }
        // The value plus the noise saturates at the port's 18-bit range, as `phin run` does.
        i.sensory_input = sat_s(s + self.noise.draw(), WIDTH) as i32;
        i
    }

    /// Sets the state to request (and the transition's length) from the next tick on.
    pub fn set_state(
        &mut self,
        state: ConsciousnessState,
        transition_s: Option<f64>,
    ) -> Result<(), FieldError> {
        if let Some(s) = transition_s {
            self.held.transition_duration =
                transition_ticks(s).map_err(|e| FieldError::from_input("transition", e))?;
        }
        self.held.set_state(state);
        Ok(())
    }
}

/// The parameters of a setup's processor.
pub fn params(adaptive: bool) -> PhiNNeuralProcessorParams {
    PhiNNeuralProcessorParams {
        enable_adaptive: adaptive,
        ..PhiNNeuralProcessorParams::DEFAULT
    }
}

// ---------------------------------------------------------------------------------------------
// What is recorded
// ---------------------------------------------------------------------------------------------

/// A recorded signal that is not an oscillator.
pub enum Source {
    /// A named readout ([`READOUTS`]).
    Readout(&'static Readout),
    /// A register by its RTL name; `q14` for an 18-bit signed one (a Q4.14 real).
    Rtl {
        /// The register.
        signal: Signal,
        /// Read as a Q4.14 real.
        q14: bool,
        /// Its reader.
        read: Accessor<PhiNNeuralProcessor>,
    },
}

impl Source {
    /// The recorded name.
    pub fn name(&self) -> &str {
        match self {
            Source::Readout(r) => r.name,
            Source::Rtl { signal, .. } => &signal.name,
        }
    }

    /// Its unit.
    pub fn unit(&self) -> &'static str {
        match self {
            Source::Readout(r) => r.unit,
            Source::Rtl { q14: true, .. } => "1",
            Source::Rtl { .. } => "raw",
        }
    }
}

/// What a run records, every `every` ticks: oscillators (x, y, amplitude, phase) and signals.
pub struct RecordSpec {
    /// The oscillators, in the order asked.
    pub oscillators: Vec<Oscillator>,
    /// The other signals, in the order asked.
    pub signals: Vec<Source>,
    /// Ticks between rows.
    pub every: u64,
    /// `oscillators` is every oscillator in [`Oscillator::ALL`] order (decided once, not per row).
    all_oscillators: bool,
}

impl RecordSpec {
    /// Resolves names: an oscillator's (`theta`, `motor.l23`), a readout's (`kuramoto_r`), or,
    /// when `rtl` is allowed, a register's hierarchical RTL name (`u_sie.phase_timer`). `None`
    /// records every oscillator and [`DEFAULT_READOUTS`].
    pub fn new(names: Option<&[String]>, every: u64, rtl: bool) -> Result<RecordSpec, FieldError> {
        if every == 0 {
            return Err(FieldError::range(
                "every",
                0.0,
                1.0,
                u64::MAX as f64,
                " ticks",
            ));
        }
        let Some(names) = names else {
            return Ok(RecordSpec {
                oscillators: Oscillator::ALL.to_vec(),
                signals: DEFAULT_READOUTS
                    .iter()
                    .map(|n| {
                        Source::Readout(
                            READOUTS
                                .iter()
                                .find(|r| r.name == *n)
                                .expect("a default is a readout"),
                        )
                    })
                    .collect(),
                every,
                all_oscillators: true,
            });
        };
        let mut spec = RecordSpec {
            oscillators: Vec::new(),
            signals: Vec::new(),
            every,
            all_oscillators: false,
        };
        let mut table: Option<Vec<Signal>> = None;
        for (k, name) in names.iter().enumerate() {
            if names[..k].contains(name) {
                return Err(FieldError::Shape {
                    field: "record".into(),
                    given: format!("{name:?} twice"),
                    allowed: "each name once".into(),
                });
            }
            if let Ok(o) = name.parse::<Oscillator>() {
                if spec.oscillators.contains(&o) {
                    return Err(FieldError::Shape {
                        field: "record".into(),
                        given: format!("oscillator {o} twice ({name:?})"),
                        allowed: "each name once".into(),
                    });
                }
                spec.oscillators.push(o);
                continue;
            }
            if let Some(r) = READOUTS.iter().find(|r| r.name == name.as_str()) {
                spec.signals.push(Source::Readout(r));
                continue;
            }
            let t = table.get_or_insert_with(PhiNNeuralProcessor::signal_table);
            match t.iter().position(|s| s.name == *name) {
                Some(i) if rtl => {
                    let signal = t[i].clone();
                    spec.signals.push(Source::Rtl {
                        q14: signal.signed && signal.width == WIDTH,
                        signal,
                        read: PhiNNeuralProcessor::accessor(i),
                    });
                }
                Some(_) => {
                    return Err(FieldError::Unknown {
                        what: "record name of an ensemble (RTL register names are recorded by phin.Processor only)",
                        given: name.clone(),
                        allowed: allowed_names(),
                    })
                }
                None => {
                    return Err(FieldError::Unknown {
                        what: "record name",
                        given: name.clone(),
                        allowed: allowed_names() + ", or a register's RTL name (phin.signal_names())",
                    })
                }
            }
        }
        spec.all_oscillators = spec.oscillators == Oscillator::ALL;
        Ok(spec)
    }
}

/// Oscillator and readout names, for messages.
fn allowed_names() -> String {
    let mut v: Vec<String> = Oscillator::ALL.iter().map(|o| o.to_string()).collect();
    v.extend(READOUTS.iter().map(|r| r.name.to_string()));
    v.join(", ")
}

/// The rows of a run of one instance or many, every oscillator's x, y, amplitude (the RTL's
/// estimate) and phase and every signal, as reals, instance-major then row-major:
/// `x[(i · rows + r) · oscillators + k]`. Allocated whole before the run (zeroed pages, which
/// the system hands out as they are first written), written in place by each instance's
/// [`RowWriter`], and handed to numpy as they are: no copy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    /// Instances.
    pub instances: usize,
    /// Rows per instance.
    pub rows: usize,
    /// The processor's tick count at each row, per instance (`ticks[i · rows + r]`).
    pub ticks: Vec<u64>,
    /// x, Q4.14 as reals.
    pub x: Vec<f64>,
    /// y.
    pub y: Vec<f64>,
    /// The RTL's amplitude estimate.
    pub amplitude: Vec<f64>,
    /// atan2(y, x), radians.
    pub phase: Vec<f64>,
    /// The signals.
    pub signals: Vec<f64>,
}

impl Rows {
    /// Room for `rows` rows of `instances` instances recording `spec`.
    pub fn new(spec: &RecordSpec, instances: usize, rows: usize) -> Rows {
        let n = instances * rows * spec.oscillators.len();
        Rows {
            instances,
            rows,
            ticks: vec![0; instances * rows],
            x: vec![0.0; n],
            y: vec![0.0; n],
            amplitude: vec![0.0; n],
            phase: vec![0.0; n],
            signals: vec![0.0; instances * rows * spec.signals.len()],
        }
    }

    /// One writer per instance, each over its own part of the buffers.
    pub fn writers(&mut self) -> Vec<RowWriter<'_>> {
        let n = self.instances.max(1);
        let part = |len: usize| (len / n).max(1);
        let (t, x, y) = (
            part(self.ticks.len()),
            part(self.x.len()),
            part(self.y.len()),
        );
        let (a, ph, sg) = (
            part(self.amplitude.len()),
            part(self.phase.len()),
            part(self.signals.len()),
        );
        let mut ticks = self.ticks.chunks_mut(t);
        let mut xs = self.x.chunks_mut(x);
        let mut ys = self.y.chunks_mut(y);
        let mut amps = self.amplitude.chunks_mut(a);
        let mut phases = self.phase.chunks_mut(ph);
        let mut sigs = self.signals.chunks_mut(sg);
        (0..self.instances)
            .map(|_| RowWriter {
                row: 0,
                ticks: ticks.next().unwrap_or_default(),
                x: xs.next().unwrap_or_default(),
                y: ys.next().unwrap_or_default(),
                amplitude: amps.next().unwrap_or_default(),
                phase: phases.next().unwrap_or_default(),
                signals: sigs.next().unwrap_or_default(),
            })
            .collect()
    }

    /// Instance `i`'s part of a buffer of `width` values per row.
    pub fn of<'b>(&self, v: &'b [f64], i: usize, width: usize) -> &'b [f64] {
        let n = self.rows * width;
        &v[i * n..(i + 1) * n]
    }
}

/// Writes one instance's rows into its part of [`Rows`].
#[derive(Debug)]
pub struct RowWriter<'a> {
    row: usize,
    ticks: &'a mut [u64],
    x: &'a mut [f64],
    y: &'a mut [f64],
    amplitude: &'a mut [f64],
    phase: &'a mut [f64],
    signals: &'a mut [f64],
}

impl RowWriter<'_> {
    /// Rows written.
    pub fn written(&self) -> usize {
        self.row
    }

    /// Records one row. `p` is the processor the probe reads, when the recording has RTL
    /// registers (a single processor; an ensemble records through probes only).
    #[inline]
    fn push(&mut self, spec: &RecordSpec, probe: Probe<'_>, p: Option<&PhiNNeuralProcessor>) {
        let r = self.row;
        if r == self.ticks.len() {
            // Only the rows the run was sized for (every `every` ticks of it) come here.
            debug_assert!(false, "a row beyond the run's");
            return;
        }
        self.row += 1;
        self.ticks[r] = probe.tick();
        let n = spec.oscillators.len();
        if n > 0 {
            let all = probe.oscillators();
            let row = r * n..(r + 1) * n;
            // One bounds check per buffer and row, not one per value.
            let out = self.x[row.clone()]
                .iter_mut()
                .zip(&mut self.y[row.clone()])
                .zip(&mut self.amplitude[row.clone()])
                .zip(&mut self.phase[row]);
            let put = |(((x, y), a), ph): (((&mut f64, &mut f64), &mut f64), &mut f64),
                       s: &phin_core::probe::OscillatorState| {
                *x = s.x.to_f64();
                *y = s.y.to_f64();
                *a = s.amplitude().to_f64();
                *ph = s.phase();
            };
            if spec.all_oscillators {
                // Every oscillator in order (the default): no lookups.
                for (o, s) in out.zip(&all) {
                    put(o, s);
                }
            } else {
                for (o, k) in out.zip(&spec.oscillators) {
                    put(o, &all[k.index()]);
                }
            }
        }
        let m = spec.signals.len();
        for (out, s) in self.signals[r * m..(r + 1) * m]
            .iter_mut()
            .zip(&spec.signals)
        {
            *out = match s {
                Source::Readout(rd) => (rd.read)(&probe),
                Source::Rtl { signal, q14, read } => {
                    let p = p.expect("RTL registers are recorded with the processor at hand");
                    let v = signal.value(read(p));
                    if *q14 {
                        v as f64 / 16_384.0
                    } else {
                        v as f64
                    }
                }
            };
        }
    }
}

/// One instance through one run: its drive, the run's per-tick arrays, the countdown to the
/// next row and the rows so far.
pub struct InstanceRun<'a> {
    drive: &'a mut Drive,
    arrays: &'a [FieldValues],
    spec: &'a RecordSpec,
    /// Ticks done in this run.
    done: u64,
    until_row: u64,
    /// A tick has happened since the last look (so the next look may record it).
    ticked: bool,
    rows: RowWriter<'a>,
}

impl<'a> InstanceRun<'a> {
    /// A run of `ticks` ticks writing its rows (`ticks / spec.every` of them) with `rows`.
    pub fn new(
        drive: &'a mut Drive,
        arrays: &'a [FieldValues],
        spec: &'a RecordSpec,
        rows: RowWriter<'a>,
    ) -> Self {
        InstanceRun {
            drive,
            arrays,
            spec,
            done: 0,
            until_row: spec.every,
            ticked: false,
            rows,
        }
    }

    /// Looks at the processor after its last tick: records a row when one is due.
    #[inline(always)]
    fn look(&mut self, probe: Probe<'_>, p: Option<&PhiNNeuralProcessor>) {
        if self.ticked {
            self.ticked = false;
            self.until_row -= 1;
            if self.until_row == 0 {
                self.until_row = self.spec.every;
                self.rows.push(self.spec, probe, p);
            }
        }
    }

    /// Before a tick: records the last one if due, returns the inputs of the next.
    #[inline(always)]
    fn before_tick(
        &mut self,
        probe: Probe<'_>,
        p: Option<&PhiNNeuralProcessor>,
    ) -> PhiNNeuralProcessorInputs {
        self.look(probe, p);
        let i = self
            .drive
            .inputs(probe.tick(), self.arrays, self.done as usize);
        self.done += 1;
        self.ticked = true;
        i
    }

    /// `n` ticks of `p`.
    pub fn advance(&mut self, p: &mut PhiNNeuralProcessor, n: u64) {
        for _ in 0..n {
            let i = self.before_tick(p.probe(), Some(p));
            p.tick(&i);
        }
    }

    /// Records the last tick if due; returns the rows written.
    pub fn finish(mut self, p: &PhiNNeuralProcessor) -> usize {
        self.look(p.probe(), Some(p));
        self.rows.written()
    }

    /// Ticks done.
    pub fn done(&self) -> u64 {
        self.done
    }
}

/// Ticks a run of `seconds` takes (rounded to the nearest tick), checked.
pub fn run_ticks(seconds: f64) -> Result<u64, FieldError> {
    // A simulated week, as `phin run`.
    let max = 7.0 * 86_400.0;
    let ticks = (seconds * TICK_HZ).round();
    if seconds.is_finite() && seconds > 0.0 && seconds <= max && ticks >= 1.0 {
        Ok(ticks as u64)
    } else {
        Err(FieldError::range(
            "seconds",
            seconds,
            1.0 / TICK_HZ,
            max,
            " s",
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// An ensemble
// ---------------------------------------------------------------------------------------------

/// Many instances, each its own processor and drive, stepped on all cores.
pub struct Ensemble {
    /// The processors.
    pub batch: ProcessorBatch,
    /// Their drives.
    pub drives: Vec<Drive>,
}

impl Ensemble {
    /// One instance per setup; the error names the row.
    pub fn new(setups: &[Setup]) -> Result<Ensemble, (usize, FieldError)> {
        let drives = setups
            .iter()
            .enumerate()
            .map(|(k, s)| Drive::new(s).map_err(|e| (k, e)))
            .collect::<Result<Vec<_>, _>>()?;
        let params: Vec<_> = setups.iter().map(|s| params(s.adaptive)).collect();
        Ok(Ensemble {
            batch: ProcessorBatch::new(&params),
            drives,
        })
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.drives.len()
    }

    /// True with no instances.
    pub fn is_empty(&self) -> bool {
        self.drives.is_empty()
    }

    /// A run of `ticks` ticks recording `spec` (probe readouts only), in chunks on rayon's
    /// threads; between chunks `between(done)` is called on the calling thread with the ticks
    /// done per instance, and the run stops early when it returns false (the rows after the
    /// ticks done are then left zero). Returns every instance's rows.
    pub fn run(&mut self, ticks: u64, spec: &RecordSpec, between: impl FnMut(u64) -> bool) -> Rows {
        let n = self.len().max(1) as u64;
        // About 2·10⁵ instance-ticks per chunk: a few tenths of a second on two cores.
        let chunk = (200_000 / n).clamp(400, 40_000);
        self.run_in_chunks(ticks, spec, chunk, between)
    }

    /// [`run`](Self::run) with `chunk` ticks between two calls of `between`.
    pub fn run_in_chunks(
        &mut self,
        ticks: u64,
        spec: &RecordSpec,
        chunk: u64,
        mut between: impl FnMut(u64) -> bool,
    ) -> Rows {
        let chunk = chunk.max(1);
        let no_arrays: [FieldValues; 0] = [];
        let mut rows = Rows::new(spec, self.len(), (ticks / spec.every) as usize);
        {
            let slots: Vec<Mutex<Option<InstanceRun<'_>>>> = self
                .drives
                .iter_mut()
                .zip(rows.writers())
                .map(|(d, w)| Mutex::new(Some(InstanceRun::new(d, &no_arrays, spec, w))))
                .collect();
            let mut done = 0;
            while done < ticks {
                let step = chunk.min(ticks - done);
                let runs = self.batch.par_drive(
                    step,
                    |k| {
                        slots[k]
                            .lock()
                            .expect("no panic holds a slot")
                            .take()
                            .expect("each slot is taken once per chunk")
                    },
                    |run, _t, probe| run.before_tick(probe, None),
                );
                for (slot, run) in slots.iter().zip(runs) {
                    *slot.lock().expect("no panic holds a slot") = Some(run);
                }
                done += step;
                if done < ticks && !between(done) {
                    break;
                }
            }
            for (slot, p) in slots.into_iter().zip(self.batch.processors()) {
                let mut run = slot
                    .into_inner()
                    .expect("no panic holds a slot")
                    .expect("every slot is back");
                run.look(p.probe(), None);
            }
        }
        rows
    }
}

// ---------------------------------------------------------------------------------------------
// References in plain Rust, for the tests and the overhead measurement
// ---------------------------------------------------------------------------------------------

/// The x and y words of every oscillator, every `every` ticks, of a processor in `state` run for
/// `ticks` ticks with `phin run`'s background noise of `seed` and the per-tick sensory words
/// `sensory` (held at 0 after their end): written the plain way, with phin-core's
/// [`Recorder`](phin_core::recorder::Recorder) reading the registers by their RTL names and the
/// noise drawn here, sharing no code with the runs above. Columns: `x` of each oscillator in
/// [`Oscillator::ALL`] order, then `y`; plus the row ticks.
pub fn reference_run(
    state: ConsciousnessState,
    adaptive: bool,
    seed: u64,
    sensory: &[i32],
    ticks: u64,
    every: u64,
) -> (Vec<u64>, Vec<Vec<i64>>) {
    let names: Vec<String> = ["x", "y"]
        .iter()
        .flat_map(|r| {
            Oscillator::ALL
                .iter()
                .map(move |o| format!("{}.{r}", o.instance()))
        })
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut rec = phin_core::recorder::Recorder::<PhiNNeuralProcessor>::new(
        &refs,
        every,
        (ticks / every) as usize,
    )
    .expect("every oscillator's x and y are registers");
    let mut p = PhiNNeuralProcessor::new(params(adaptive));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let noise = 328i64; // 0.02 in Q14, phin run's background noise
    for t in 0..ticks {
        let draw = (rng.next_u64() % (2 * noise as u64 + 1)) as i64 - noise;
        let s = i64::from(sensory.get(t as usize).copied().unwrap_or(0)) + draw;
        let inputs = PhiNNeuralProcessorInputs {
            state_select: state.code(),
            sensory_input: s.clamp(-(1 << 17), (1 << 17) - 1) as i32,
            ..Default::default()
        };
        p.tick(&inputs);
        rec.observe(&p);
    }
    let cols = (0..refs.len())
        .map(|k| rec.column_at(k).expect("a column").to_vec())
        .collect();
    (rec.ticks().to_vec(), cols)
}

/// The run a Rust user writes for what `Processor.run(seconds)` returns: `ticks` ticks with the
/// noise, every oscillator's x, y, amplitude and phase every tick into vectors allocated up
/// front. The baseline of the Python overhead measurement; returns a checksum so that nothing
/// is optimised away.
pub fn rust_baseline(state: ConsciousnessState, seed: u64, ticks: u64) -> f64 {
    let n = ticks as usize * Oscillator::ALL.len();
    let (mut x, mut y, mut a, mut ph) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut signals = Vec::with_capacity(ticks as usize * 4);
    let mut p = PhiNNeuralProcessor::new(params(false));
    let mut noise = Noise::new(seed, DEFAULT_NOISE).expect("the default noise is in range");
    let mut inputs = PhiNNeuralProcessorInputs::default();
    inputs.set_state(state);
    for _ in 0..ticks {
        let mut i = inputs;
        i.sensory_input = sat_s(i64::from(inputs.sensory_input) + noise.draw(), WIDTH) as i32;
        p.tick(&i);
        let probe = p.probe();
        for s in probe.oscillators() {
            x.push(s.x.to_f64());
            y.push(s.y.to_f64());
            a.push(s.amplitude().to_f64());
            ph.push(s.phase());
        }
        signals.push(f64::from(probe.dac()));
        signals.push(probe.kuramoto_r().to_f64());
        signals.push(f64::from(probe.sie().phase.code()));
        signals.push(f64::from(probe.coupling().mode.code()));
    }
    x.iter().sum::<f64>() + y[n / 2] + a[n - 1] + ph[n / 3] + signals.iter().sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(state: ConsciousnessState, seed: u64) -> Setup {
        Setup {
            state,
            seed,
            ..Default::default()
        }
    }

    fn single(
        s: &Setup,
        ticks: u64,
        spec: &RecordSpec,
        arrays: &[FieldValues],
    ) -> (PhiNNeuralProcessor, Rows) {
        let mut p = PhiNNeuralProcessor::new(params(s.adaptive));
        let mut d = Drive::new(s).unwrap();
        let mut rows = Rows::new(spec, 1, (ticks / spec.every) as usize);
        let w = rows.writers().pop().unwrap();
        let mut run = InstanceRun::new(&mut d, arrays, spec, w);
        run.advance(&mut p, ticks / 3);
        run.advance(&mut p, ticks - ticks / 3);
        assert_eq!(run.done(), ticks);
        assert_eq!(run.finish(&p), rows.rows);
        (p, rows)
    }

    /// A run equals the plain loop of phin-core with the recorder by RTL names.
    #[test]
    fn a_run_records_what_the_reference_loop_records() {
        let ticks = 6_000;
        let sensory: Vec<i32> = (0..ticks)
            .map(|t| ((t as i32 * 37) % 9_000) - 4_500)
            .collect();
        let values: Vec<f64> = sensory.iter().map(|&w| f64::from(w) / 16_384.0).collect();
        let arrays =
            [FieldValues::new(crate::inputs::field("sensory").unwrap(), &values, ticks).unwrap()];
        let spec = RecordSpec::new(None, 3, true).unwrap();
        let s = setup(ConsciousnessState::Flow, 9);
        let (_, rows) = single(&s, ticks, &spec, &arrays);
        let (rticks, cols) = reference_run(ConsciousnessState::Flow, false, 9, &sensory, ticks, 3);
        assert_eq!(rows.ticks, rticks);
        assert_eq!(rows.ticks.len(), 2_000);
        let n = Oscillator::ALL.len();
        for (r, _) in rticks.iter().enumerate() {
            for k in 0..n {
                assert_eq!(
                    rows.x[r * n + k] * 16_384.0,
                    cols[k][r] as f64,
                    "row {r} x {k}"
                );
                assert_eq!(
                    rows.y[r * n + k] * 16_384.0,
                    cols[n + k][r] as f64,
                    "row {r} y {k}"
                );
            }
        }
    }

    #[test]
    fn an_ensemble_equals_its_instances_run_alone() {
        let setups: Vec<Setup> = (0..5)
            .map(|k| Setup {
                state: ConsciousnessState::ALL[k],
                adaptive: k % 2 == 1,
                seed: k as u64 * 7,
                held: vec![("sr_field".into(), vec![0.01 * k as f64])],
                drive: (k > 1).then_some(Sine {
                    hz: 6.0 + k as f64,
                    amplitude: 0.3,
                }),
                ..Default::default()
            })
            .collect();
        let spec = RecordSpec::new(
            Some(&[
                "theta".into(),
                "motor.l5a".into(),
                "kuramoto_r".into(),
                "sie_phase".into(),
            ]),
            7,
            false,
        )
        .unwrap();
        let mut e = Ensemble::new(&setups).unwrap();
        let mut calls = 0;
        let rows = e.run_in_chunks(3_001, &spec, 500, |done| {
            calls += 1;
            assert_eq!(done, 500 * calls);
            true
        });
        assert_eq!(calls, 6);
        assert_eq!((rows.instances, rows.rows), (5, 3_001 / 7));
        let (n_osc, n_sig) = (spec.oscillators.len(), spec.signals.len());
        for (k, s) in setups.iter().enumerate() {
            let (p, r) = single(s, 3_001, &spec, &[]);
            let part = |v: &[u64]| v[k * r.rows..(k + 1) * r.rows].to_vec();
            assert_eq!(part(&rows.ticks), r.ticks, "instance {k}");
            for (all, one) in [
                (&rows.x, &r.x),
                (&rows.y, &r.y),
                (&rows.amplitude, &r.amplitude),
                (&rows.phase, &r.phase),
            ] {
                assert_eq!(rows.of(all, k, n_osc), &one[..], "instance {k}");
            }
            assert_eq!(
                rows.of(&rows.signals, k, n_sig),
                &r.signals[..],
                "instance {k}"
            );
            assert_eq!(&e.batch.processors()[k], &p, "instance {k}");
        }
    }

    #[test]
    fn names_resolve_and_bad_ones_are_named() {
        let spec = RecordSpec::new(
            Some(&["SR.F2".into(), "dac".into(), "u_sie.phase_timer".into()]),
            1,
            true,
        )
        .unwrap();
        assert_eq!(spec.oscillators, ["sr.f2".parse().unwrap()]);
        assert_eq!(
            spec.signals.iter().map(|s| s.unit()).collect::<Vec<_>>(),
            ["DAC code", "raw"]
        );
        let e = RecordSpec::new(Some(&["u_sie.phase_timer".into()]), 1, false)
            .err()
            .unwrap();
        assert!(e.to_string().contains("ensemble"), "{e}");
        let e = RecordSpec::new(Some(&["motor.l7".into()]), 1, true)
            .err()
            .unwrap();
        assert!(
            e.to_string()
                .starts_with("\"motor.l7\" is not a record name (allowed: theta, sensory.l6"),
            "{e}"
        );
        let e = RecordSpec::new(None, 0, true).err().unwrap();
        assert_eq!(e.field(), "every");
        let e = RecordSpec::new(Some(&["theta".into(), "THETA".into()]), 1, true)
            .err()
            .unwrap();
        assert!(e.to_string().contains("twice"), "{e}");
    }

    #[test]
    fn setups_are_checked_by_field() {
        let bad = |s: Setup| Drive::new(&s).unwrap_err().to_string();
        assert!(bad(Setup {
            noise: -0.1,
            ..Default::default()
        })
        .starts_with("noise = -0.1 is out of range"));
        assert!(bad(Setup {
            drive: Some(Sine {
                hz: 2_500.0,
                amplitude: 0.1
            }),
            ..Default::default()
        })
        .starts_with("drive_hz = 2500 Hz is out of range (allowed 0 Hz … 2000 Hz)"));
        let e = bad(Setup {
            held: vec![("sensory".into(), vec![4.0])],
            drive: Some(Sine {
                hz: 5.0,
                amplitude: 4.5,
            }),
            ..Default::default()
        });
        assert!(
            e.starts_with("drive_amplitude = 4.5 is out of range"),
            "{e}"
        );
        assert!(bad(Setup {
            held: vec![("sensor".into(), vec![0.0])],
            ..Default::default()
        })
        .contains("is not a input"));
        assert!(run_ticks(0.0).is_err() && run_ticks(f64::NAN).is_err());
        assert_eq!(run_ticks(10.0), Ok(40_000));
    }

    #[test]
    fn the_noise_skips_to_a_tick() {
        let mut a = Noise::new(5, 0.02).unwrap();
        for _ in 0..1_000 {
            a.draw();
        }
        let mut b = Noise::new(5, 0.02).unwrap();
        b.skip(1_000);
        let (va, vb): (Vec<i64>, Vec<i64>) = (0..100).map(|_| (a.draw(), b.draw())).unzip();
        assert_eq!(va, vb);
        assert!(va.iter().all(|v| v.abs() <= 328) && va.iter().any(|&v| v != va[0]));
    }

    #[test]
    fn mu_is_the_section_8_2_table() {
        use phin_core::identity::{Column, SrHarmonic};
        assert_eq!(mu(ConsciousnessState::Meditation, Oscillator::Theta), 1.5);
        assert_eq!(
            mu(
                ConsciousnessState::Anesthesia,
                Oscillator::Cortex(Column::Motor, Layer::L6)
            ),
            1.5
        );
        assert_eq!(
            mu(
                ConsciousnessState::Flow,
                Oscillator::Cortex(Column::Sensory, Layer::L5a)
            ),
            1.5
        );
        assert_eq!(
            mu(
                ConsciousnessState::Psychedelic,
                Oscillator::Cortex(Column::Association, Layer::L23)
            ),
            1.5
        );
        assert_eq!(
            mu(ConsciousnessState::Normal, Oscillator::Sr(SrHarmonic::F3)),
            1.0
        );
    }
}
