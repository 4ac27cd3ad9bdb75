//! The entrainment engine: a periodic drive on one of the processor's input ports, swept over a
//! grid of (frequency, amplitude, consciousness state), one processor per grid point, all on
//! the driven batch ([`ProcessorBatch::par_drive`]) across every core. For each point it
//! measures the phase-locking value between the drive and a chosen oscillator: the
//! oscillator's Arnold tongue.
//!
//! What is physical here (measured by this crate's tests): a sine on `sensory_input` at a
//! layer's own frequency entrains it (motor L4 at 31.73 Hz in NORMAL: PLV 0.985 at drive 1.0
//! and 0.993 at 2.0, against 0.225 undriven), and the locking range depends on the state (at
//! 30 Hz and drive 1.0: 0.223 in NORMAL, 0.491 in MEDITATION); a field of 0.1 on an SR
//! harmonic's port locks that harmonic. The drive reaches the
//! processor only through its input ports; nothing else is touched.
//!
//! **Chance level.** A time-shift surrogate cannot test locking between two periodic signals
//! at one frequency (a lag is only a constant phase offset, to which the PLV is blind). The
//! chance level of every cell is therefore a *control*: the same processor, state and clock
//! with the drive off, measured against the silent drive's phase at the same frequency. If the
//! grid's amplitudes contain 0 that row is the control; otherwise control instances are added.
//!
//! ```
//! use phin_conductor::entrain::{DrivePort, EntrainGrid, Waveform};
//! use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
//!
//! let grid = EntrainGrid {
//!     oscillator: Oscillator::Cortex(Column::Motor, Layer::L4),
//!     port: DrivePort::Sensory,
//!     waveform: Waveform::Sine,
//!     freqs_hz: vec![31.0],
//!     amplitudes: vec![0.0, 2.0],
//!     states: vec![ConsciousnessState::Normal],
//!     seconds: 3.0,
//!     settle_s: 1.0,
//!     ..EntrainGrid::default()
//! };
//! let run = grid.run(|_done, _total| {}).unwrap();
//! // 0.73 Hz below its own frequency, motor L4 follows a drive of 2.0; undriven, its phase
//! // turns against the silent drive's.
//! let driven = run.map.plv(ConsciousnessState::Normal, 2.0, 31.0).unwrap();
//! let control = run.map.chance(ConsciousnessState::Normal, 31.0).unwrap();
//! assert!(driven > 0.9 && control < 0.5, "{driven} vs {control}");
//! ```

use crate::error::{check_range, ConductorError, Result};
use crate::time::{radians_per_tick, ticks};
use phin_core::batch::ProcessorBatch;
use phin_core::identity::{ConsciousnessState, Oscillator, SrHarmonic};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
use phin_core::Probe;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The input port a drive goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrivePort {
    /// `sensory_input`: the thalamic relay into every column's L4 (gated by theta).
    Sensory,
    /// `sr_field_packed[h]`: the external field at one Schumann harmonic.
    SrField(SrHarmonic),
    /// `sr_field_input`: the broadband field, reaching each harmonic scaled.
    SrBroadband,
}

impl DrivePort {
    /// Sets this port of `i` to the real `v` (checked against the port's Q4.14 range).
    pub fn set(self, i: &mut PhiNNeuralProcessorInputs, v: f64) -> Result<()> {
        match self {
            DrivePort::Sensory => i.set_sensory(v)?,
            DrivePort::SrField(h) => i.set_sr_harmonic_field(h, v)?,
            DrivePort::SrBroadband => i.set_sr_field(v)?,
        }
        Ok(())
    }

    /// Name: `sensory`, `sr_field.f2`, `sr_broadband`.
    pub fn name(self) -> String {
        match self {
            DrivePort::Sensory => "sensory".to_string(),
            DrivePort::SrField(h) => format!("sr_field.{h}"),
            DrivePort::SrBroadband => "sr_broadband".to_string(),
        }
    }

    /// The port a name gives (`sensory`, `sr_field.f0` … `sr_field.f4`, `sr_broadband`).
    pub fn parse(s: &str) -> Result<DrivePort> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "sensory" => Ok(DrivePort::Sensory),
            "sr_broadband" => Ok(DrivePort::SrBroadband),
            _ => t
                .strip_prefix("sr_field.")
                .and_then(|h| h.parse().ok())
                .map(DrivePort::SrField)
                .ok_or_else(|| {
                    ConductorError::out_of_range(
                        "port",
                        format!("{s:?}"),
                        "sensory, sr_field.f0 … sr_field.f4, sr_broadband",
                    )
                }),
        }
    }
}

/// The drive's shape.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waveform {
    /// amplitude · sin(2π f t).
    Sine,
    /// A pulse train: amplitude while the drive's phase is within the first `duty` of its
    /// cycle, 0 otherwise (one pulse per cycle, starting at phase 0).
    Pulse {
        /// Fraction of the cycle the pulse lasts, 0 … 1.
        duty: f64,
    },
}

impl Waveform {
    /// The drive's value at phase `phase` (radians, any range) for amplitude `amp`.
    pub fn value(self, phase: f64, amp: f64) -> f64 {
        match self {
            Waveform::Sine => amp * phase.sin(),
            Waveform::Pulse { duty } => {
                let frac = phase.rem_euclid(std::f64::consts::TAU) / std::f64::consts::TAU;
                if frac < duty {
                    amp
                } else {
                    0.0
                }
            }
        }
    }
}

/// A grid of drives to sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrainGrid {
    /// The oscillator whose locking is measured.
    pub oscillator: Oscillator,
    /// The port driven.
    pub port: DrivePort,
    /// The drive's shape.
    pub waveform: Waveform,
    /// Drive frequencies, Hz.
    pub freqs_hz: Vec<f64>,
    /// Drive amplitudes (Q4.14 reals; 1.0 is full scale).
    pub amplitudes: Vec<f64>,
    /// Consciousness states.
    pub states: Vec<ConsciousnessState>,
    /// Simulated seconds per grid point (settling included).
    pub seconds: f64,
    /// Seconds at the start of each run not measured (the lock forming).
    pub settle_s: f64,
    /// Ticks between phase samples (4: 1 kHz).
    pub sample_ticks: u64,
    /// PLV at or above which a cell is inside the tongue: 0.8.
    pub tongue_plv: f64,
    /// The processor's build parameters.
    pub processor: PhiNNeuralProcessorParams,
}

impl Default for EntrainGrid {
    /// Motor L4 driven through the sensory input with a sine, NORMAL, the CLI's default grid
    /// (28 … 36 Hz by 0.25, 0 … 2 by 0.1), 10 s per point of which 2 s settle.
    fn default() -> Self {
        EntrainGrid {
            oscillator: Oscillator::Cortex(
                phin_core::identity::Column::Motor,
                phin_core::identity::Layer::L4,
            ),
            port: DrivePort::Sensory,
            waveform: Waveform::Sine,
            freqs_hz: range(28.0, 36.0, 0.25),
            amplitudes: range(0.0, 2.0, 0.1),
            states: vec![ConsciousnessState::Normal],
            seconds: 10.0,
            settle_s: 2.0,
            sample_ticks: 4,
            tongue_plv: 0.8,
            processor: PhiNNeuralProcessorParams::DEFAULT,
        }
    }
}

/// `lo, lo + step, …` up to `hi` inclusive (with a tolerance of a thousandth of a step), each
/// value rounded to 1e-9 so that 0.1-steps print as written.
pub fn range(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && step.is_finite() && step > 0.0 && hi >= lo) {
        return Vec::new();
    }
    let n = ((hi - lo) / step + 1e-3).floor() as usize;
    (0..=n)
        .map(|k| ((lo + k as f64 * step) * 1e9).round() / 1e9)
        .collect()
}

/// One grid point's measurement.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// State.
    pub state: ConsciousnessState,
    /// Drive frequency, Hz.
    pub hz: f64,
    /// Drive amplitude.
    pub amplitude: f64,
    /// PLV between the drive's phase and the oscillator's.
    pub plv: f64,
    /// Circular mean of (oscillator phase − drive phase), degrees: the locked lag.
    pub mean_lag_deg: f64,
    /// Mean radius of the oscillator.
    pub mean_radius: f64,
}

/// The tongue's extent at one (state, amplitude).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TongueRow {
    /// State.
    pub state: ConsciousnessState,
    /// Drive amplitude.
    pub amplitude: f64,
    /// Number of grid frequencies with PLV ≥ the tongue threshold.
    pub cells_locked: usize,
    /// Their extent, Hz (cells × frequency step, for a uniform grid).
    pub width_hz: f64,
    /// Lowest locked frequency (None if none).
    pub lo_hz: Option<f64>,
    /// Highest locked frequency.
    pub hi_hz: Option<f64>,
}

/// The Arnold tongue of one oscillator: every cell, the drive-off control of every (state,
/// frequency), and the tongue's width per (state, amplitude).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArnoldMap {
    /// The oscillator.
    pub oscillator: Oscillator,
    /// Its nominal frequency, Hz (phin-core's identity table).
    pub nominal_hz: f64,
    /// Port name.
    pub port: String,
    /// Drive shape.
    pub waveform: Waveform,
    /// Grid frequencies, Hz.
    pub freqs_hz: Vec<f64>,
    /// Grid amplitudes.
    pub amplitudes: Vec<f64>,
    /// Grid states.
    pub states: Vec<ConsciousnessState>,
    /// Seconds per point, and settling.
    pub seconds: f64,
    /// Settling, seconds.
    pub settle_s: f64,
    /// The tongue threshold.
    pub tongue_plv: f64,
    /// Every cell, state-major, then amplitude, then frequency.
    pub cells: Vec<Cell>,
    /// The chance level of each (state, frequency): the PLV with the drive off, state-major.
    pub chance: Vec<Cell>,
    /// The tongue per (state, amplitude).
    pub tongue: Vec<TongueRow>,
    /// Whether the width never shrinks as the amplitude grows, per state (in `states` order).
    pub widens_monotonically: Vec<bool>,
}

/// How fast the grid ran (wall and CPU clocks; not part of the measurement).
///
/// The per-core rate is taken on CPU time (`CLOCK_PROCESS_CPUTIME_ID` over the batch,
/// `CLOCK_THREAD_CPUTIME_ID` over the single instance), so that other programs sharing the
/// machine do not count against the batch; the wall-clock rate is reported beside it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Throughput {
    /// Threads of the rayon pool.
    pub threads: usize,
    /// Distinct pool threads that ran at least one instance.
    pub threads_used: usize,
    /// Instances run (grid points and controls).
    pub instances: usize,
    /// Ticks run in all.
    pub ticks: u64,
    /// Wall seconds of the batch.
    pub wall_s: f64,
    /// CPU seconds of the batch (all threads).
    pub cpu_s: f64,
    /// Ticks per wall second per pool thread.
    pub per_core_wall_ticks_per_s: f64,
    /// Ticks per CPU second in the batch: the rate of one busy core.
    pub per_core_ticks_per_s: f64,
    /// Ticks per CPU second of one instance with the same drive, alone on the calling thread.
    pub single_ticks_per_s: f64,
    /// per_core / single: 1.0 is perfect scaling.
    pub efficiency: f64,
}

/// CPU seconds of a clock (`libc::CLOCK_PROCESS_CPUTIME_ID` or `CLOCK_THREAD_CPUTIME_ID`).
fn cpu_seconds(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes it.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc == 0 {
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    } else {
        0.0
    }
}

/// A map and how fast it was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntrainRun {
    /// The measurement.
    pub map: ArnoldMap,
    /// The speed.
    pub throughput: Throughput,
}

impl ArnoldMap {
    fn find(cells: &[Cell], state: ConsciousnessState, amp: f64, hz: f64) -> Option<&Cell> {
        cells.iter().find(|c| {
            c.state == state && (c.amplitude - amp).abs() < 1e-9 && (c.hz - hz).abs() < 1e-9
        })
    }

    /// The PLV of a cell.
    pub fn plv(&self, state: ConsciousnessState, amplitude: f64, hz: f64) -> Option<f64> {
        Self::find(&self.cells, state, amplitude, hz).map(|c| c.plv)
    }

    /// The cell.
    pub fn cell(&self, state: ConsciousnessState, amplitude: f64, hz: f64) -> Option<Cell> {
        Self::find(&self.cells, state, amplitude, hz).copied()
    }

    /// The chance level (drive off) of a (state, frequency).
    pub fn chance(&self, state: ConsciousnessState, hz: f64) -> Option<f64> {
        self.chance
            .iter()
            .find(|c| c.state == state && (c.hz - hz).abs() < 1e-9)
            .map(|c| c.plv)
    }
}

impl EntrainGrid {
    /// Checks the grid.
    pub fn validate(&self) -> Result<()> {
        let nyquist = crate::time::TICKS_PER_SECOND / 2.0;
        if self.freqs_hz.is_empty() {
            return Err(ConductorError::out_of_range(
                "freqs_hz",
                "[]",
                "at least one frequency",
            ));
        }
        for &f in &self.freqs_hz {
            check_range("freqs_hz", f, 0.01, nyquist)?;
        }
        if self.amplitudes.is_empty() {
            return Err(ConductorError::out_of_range(
                "amplitudes",
                "[]",
                "at least one amplitude",
            ));
        }
        for &a in &self.amplitudes {
            check_range("amplitudes", a, 0.0, phin_core::control::Q14_MAX)?;
        }
        if self.states.is_empty() {
            return Err(ConductorError::out_of_range(
                "states",
                "[]",
                "at least one state",
            ));
        }
        check_range("seconds", self.seconds, 0.01, 36_000.0)?;
        check_range("settle_s", self.settle_s, 0.0, self.seconds - 0.005)?;
        if !(1..=400).contains(&self.sample_ticks) {
            return Err(ConductorError::out_of_range(
                "sample_ticks",
                self.sample_ticks,
                "1 … 400",
            ));
        }
        check_range("tongue_plv", self.tongue_plv, 0.0, 1.0)?;
        if let Waveform::Pulse { duty } = self.waveform {
            check_range("waveform.duty", duty, 0.0, 1.0)?;
        }
        Ok(())
    }

    /// Runs every grid point and every control on the current rayon pool. `progress(done,
    /// total)` is called from the worker threads as instances finish.
    pub fn run(&self, progress: impl Fn(usize, usize) + Sync) -> Result<EntrainRun> {
        self.validate()?;
        let mut points: Vec<Point> = Vec::new();
        for &state in &self.states {
            for &amplitude in &self.amplitudes {
                for &hz in &self.freqs_hz {
                    points.push(Point {
                        state,
                        hz,
                        amplitude,
                    });
                }
            }
        }
        let has_zero = self.amplitudes.contains(&0.0);
        let n_cells = points.len();
        if !has_zero {
            for &state in &self.states {
                for &hz in &self.freqs_hz {
                    points.push(Point {
                        state,
                        hz,
                        amplitude: 0.0,
                    });
                }
            }
        }
        let n = ticks(self.seconds);
        let settle = ticks(self.settle_s);
        let sample = self.sample_ticks;
        let osc = self.oscillator;
        let port = self.port;
        let wave = self.waveform;
        // The single-instance rate, with the same drive, on this thread.
        let single = {
            let mut b = ProcessorBatch::new(&[self.processor]);
            let t = ticks(2.0).min(n);
            let p = points[n_cells / 2];
            let start = cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID);
            b.drive(
                t,
                |_| Acc::new(p),
                |a, t, probe| step(a, t, probe, osc, port, wave, settle, sample),
            );
            t as f64 / (cpu_seconds(libc::CLOCK_THREAD_CPUTIME_ID) - start).max(1e-9)
        };
        let mut batch = ProcessorBatch::new(&vec![self.processor; points.len()]);
        let done = AtomicU64::new(0);
        let total = points.len();
        let start = Instant::now();
        let cpu0 = cpu_seconds(libc::CLOCK_PROCESS_CPUTIME_ID);
        let accs = batch.par_drive(
            n,
            |k| Acc::new(points[k]),
            |a, t, probe| {
                if t == 0 {
                    a.thread = rayon::current_thread_index();
                }
                let i = step(a, t, probe, osc, port, wave, settle, sample);
                if t + 1 == n {
                    progress(done.fetch_add(1, Ordering::Relaxed) as usize + 1, total);
                }
                i
            },
        );
        let cpu = (cpu_seconds(libc::CLOCK_PROCESS_CPUTIME_ID) - cpu0).max(1e-9);
        let wall = start.elapsed().as_secs_f64().max(1e-9);
        let threads = rayon::current_num_threads().max(1);
        let mut used: Vec<usize> = accs.iter().filter_map(|a| a.thread).collect();
        used.sort_unstable();
        used.dedup();
        let all_ticks = n * points.len() as u64;
        let per_core = all_ticks as f64 / cpu;
        let cells: Vec<Cell> = accs.iter().map(Acc::cell).collect();
        // One control per (state, frequency): the zero-amplitude cells (in the grid, or added).
        let chance: Vec<Cell> = cells
            .iter()
            .filter(|c| c.amplitude == 0.0)
            .copied()
            .collect();
        let grid_cells = cells[..n_cells].to_vec();
        let step_hz = if self.freqs_hz.len() > 1 {
            (self.freqs_hz[self.freqs_hz.len() - 1] - self.freqs_hz[0])
                / (self.freqs_hz.len() - 1) as f64
        } else {
            0.0
        };
        let mut tongue = Vec::new();
        let mut widens = Vec::new();
        for &state in &self.states {
            let mut last = 0usize;
            let mut mono = true;
            for &amplitude in &self.amplitudes {
                let locked: Vec<f64> = grid_cells
                    .iter()
                    .filter(|c| {
                        c.state == state && c.amplitude == amplitude && c.plv >= self.tongue_plv
                    })
                    .map(|c| c.hz)
                    .collect();
                if locked.len() < last {
                    mono = false;
                }
                last = locked.len();
                tongue.push(TongueRow {
                    state,
                    amplitude,
                    cells_locked: locked.len(),
                    width_hz: locked.len() as f64 * step_hz,
                    lo_hz: locked.iter().copied().reduce(f64::min),
                    hi_hz: locked.iter().copied().reduce(f64::max),
                });
            }
            widens.push(mono);
        }
        Ok(EntrainRun {
            map: ArnoldMap {
                oscillator: self.oscillator,
                nominal_hz: self.oscillator.nominal_hz(),
                port: self.port.name(),
                waveform: self.waveform,
                freqs_hz: self.freqs_hz.clone(),
                amplitudes: self.amplitudes.clone(),
                states: self.states.clone(),
                seconds: self.seconds,
                settle_s: self.settle_s,
                tongue_plv: self.tongue_plv,
                cells: grid_cells,
                chance,
                tongue,
                widens_monotonically: widens,
            },
            throughput: Throughput {
                threads,
                threads_used: used.len(),
                instances: points.len(),
                ticks: all_ticks,
                wall_s: wall,
                cpu_s: cpu,
                per_core_wall_ticks_per_s: all_ticks as f64
                    / wall
                    / threads.min(points.len()) as f64,
                per_core_ticks_per_s: per_core,
                single_ticks_per_s: single,
                efficiency: per_core / single,
            },
        })
    }
}

#[derive(Clone, Copy, Debug)]
struct Point {
    state: ConsciousnessState,
    hz: f64,
    amplitude: f64,
}

/// One instance's running sums.
struct Acc {
    p: Point,
    thread: Option<usize>,
    w: f64,
    re: f64,
    im: f64,
    r: f64,
    n: u64,
}

impl Acc {
    fn new(p: Point) -> Self {
        Acc {
            p,
            thread: None,
            w: radians_per_tick(p.hz),
            re: 0.0,
            im: 0.0,
            r: 0.0,
            n: 0,
        }
    }

    fn cell(&self) -> Cell {
        let n = self.n.max(1) as f64;
        Cell {
            state: self.p.state,
            hz: self.p.hz,
            amplitude: self.p.amplitude,
            plv: self.re.hypot(self.im) / n,
            mean_lag_deg: self.im.atan2(self.re).to_degrees(),
            mean_radius: self.r / n,
        }
    }
}

/// One tick of one instance: measure, then the drive of this tick.
#[allow(clippy::too_many_arguments)]
#[inline]
fn step(
    a: &mut Acc,
    t: u64,
    probe: Probe<'_>,
    osc: Oscillator,
    port: DrivePort,
    wave: Waveform,
    settle: u64,
    sample: u64,
) -> PhiNNeuralProcessorInputs {
    // The drive's phase, reduced mod 2π from the tick count so it stays exact for hours.
    let phase = a.w * t as f64;
    if t >= settle && (t - settle).is_multiple_of(sample) {
        let s = probe.oscillator(osc);
        let (x, y) = (s.x.to_f64(), s.y.to_f64());
        let r = x.hypot(y);
        if r > 0.0 {
            // e^{i(φ_osc − φ_drive)}.
            let (sd, cd) = phase.sin_cos();
            let (c, s) = (x / r, y / r);
            a.re += c * cd + s * sd;
            a.im += s * cd - c * sd;
        }
        a.r += r;
        a.n += 1;
    }
    let mut i = PhiNNeuralProcessorInputs::default();
    i.set_state(a.p.state);
    // Amplitudes were checked against the port's range, so this cannot fail.
    let _ = port.set(&mut i, wave.value(phase, a.p.amplitude));
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_ports_parse() {
        let r = range(28.0, 36.0, 0.25);
        assert_eq!(r.len(), 33);
        assert_eq!(r[32], 36.0);
        let a = range(0.0, 2.0, 0.1);
        assert_eq!(a.len(), 21);
        assert_eq!(a[3], 0.3);
        assert!(range(1.0, 0.0, 0.1).is_empty());
        assert_eq!(
            DrivePort::parse("sr_field.f2").unwrap(),
            DrivePort::SrField(SrHarmonic::F2)
        );
        assert_eq!(DrivePort::parse("Sensory").unwrap(), DrivePort::Sensory);
        assert!(DrivePort::parse("sr_field.f9").is_err());
        assert_eq!(Waveform::Pulse { duty: 0.25 }.value(0.1, 2.0), 2.0);
        assert_eq!(Waveform::Pulse { duty: 0.25 }.value(3.0, 2.0), 0.0);
    }

    #[test]
    fn bad_grids_name_the_field() {
        let g = EntrainGrid {
            amplitudes: vec![9.0],
            ..EntrainGrid::default()
        };
        assert_eq!(g.run(|_, _| {}).unwrap_err().field(), "amplitudes");
        let g = EntrainGrid {
            settle_s: 20.0,
            ..EntrainGrid::default()
        };
        assert_eq!(g.validate().unwrap_err().field(), "settle_s");
        let g = EntrainGrid {
            freqs_hz: vec![],
            ..EntrainGrid::default()
        };
        assert_eq!(g.validate().unwrap_err().field(), "freqs_hz");
    }
}
