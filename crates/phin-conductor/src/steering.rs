//! Phase steering: the document's phase-locked loop in physical form
//! (neural-conductor-theory.md, "1. Synchronization Engine", `adjustPhase` with its
//! `pllController`; "Electrical Field Coordination": "Coherence patterns: Phase-locked loops
//! across regions").
//!
//! The document's loop writes a correction into the layer's phase. The processor's phases
//! cannot be written; they can only be *pulled*, through an input port, by a drive the
//! oscillator entrains to (the entrainment engine measures how strongly, per frequency,
//! amplitude and state). So the loop holds a chosen processor oscillator at a commanded phase
//! offset Δ from a conductor reference clock by adapting the phase and the amplitude of a sine
//! on that port:
//!
//! ```text
//! drive(t) = A(t) · sin(θref(t) + Δ + ψ(t))
//! error    e = arg⟨e^{i(φtarget − θref − Δ)}⟩   over the last loop period (10 ms)
//! phase    ψ ← ψI − (clamp((1 + kp)·e, ±90°) − e)    every loop period (meso tier)
//!          ψI ← ψI − ki·e                             only while |e| < acquire
//! amplitude A → A_max while |e| > acquire, → A_hold once within it (first order, τ_A)
//! ```
//!
//! ψ starts at the feed-forward lead −lag, where lag is the steady phase of the target behind
//! an open-loop drive at the reference frequency (calibrated by a short open-loop run, or
//! given). The **open-loop comparison** is that calibrated drive alone: a sine at the nominal
//! frequency, phase θnom + Δ − lag, amplitude A_hold, no feedback.
//!
//! The reference clock runs at the target's nominal frequency; with drift on, its frequency
//! wanders as the processor's own cortical drift does (section 10.2 of the processor
//! description: ±1 step of OMEGA_DT every 0.2 s, bounded to ±12 steps, i.e. ±0.039 Hz per
//! 0.2 s within ±0.47 Hz), by a walk drawn from the seeded generator. The open-loop sine stays
//! at the nominal frequency, so it cannot follow; the closed loop can, as long as the drifted
//! frequency stays inside the target's Arnold tongue.

use crate::entrain::DrivePort;
use crate::error::{check_range, ConductorError, Result};
use crate::time::{radians_per_tick, ticks, MESO_TICKS};
use phin_core::batch::ProcessorBatch;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
use phin_core::Probe;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, TAU};

/// Wraps an angle into (−π, π].
pub fn wrap(a: f64) -> f64 {
    let w = (a + PI).rem_euclid(TAU) - PI;
    if w == -PI {
        PI
    } else {
        w
    }
}

/// How the reference clock's frequency wanders.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftParams {
    /// Largest excursion from the nominal frequency, Hz (0: no drift).
    pub max_hz: f64,
    /// One step of the walk, Hz.
    pub step_hz: f64,
    /// Time between steps, seconds.
    pub period_s: f64,
}

impl DriftParams {
    /// No drift.
    pub const OFF: DriftParams = DriftParams {
        max_hz: 0.0,
        step_hz: 0.0,
        period_s: 0.2,
    };

    /// The processor's own cortical drift for an L4-band oscillator: one OMEGA_DT step
    /// (4000 / (2π·2¹⁴) = 0.0389 Hz) every 0.2 s, bounded to ±12 steps (±0.466 Hz).
    pub fn cortical() -> DriftParams {
        let step = crate::time::TICKS_PER_SECOND / (TAU * 16_384.0);
        DriftParams {
            max_hz: 12.0 * step,
            step_hz: step,
            period_s: 0.2,
        }
    }

    fn validate(&self, field: &str) -> Result<()> {
        check_range(&format!("{field}.max_hz"), self.max_hz, 0.0, 100.0)?;
        check_range(&format!("{field}.step_hz"), self.step_hz, 0.0, 100.0)?;
        check_range(&format!("{field}.period_s"), self.period_s, 0.001, 3600.0)?;
        Ok(())
    }
}

impl Default for DriftParams {
    fn default() -> Self {
        DriftParams::OFF
    }
}

/// The conductor's reference clock: a phase at a nominal frequency, optionally drifting.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceClock {
    nominal_hz: f64,
    drift: DriftParams,
    offset_hz: f64,
    phase: f64,
    period: u64,
    rng: Xoshiro256PlusPlus,
}

impl ReferenceClock {
    /// A clock at `nominal_hz`, phase 0, its drift walk drawn from `seed`.
    pub fn new(nominal_hz: f64, drift: DriftParams, seed: u64) -> Self {
        ReferenceClock {
            nominal_hz,
            drift,
            offset_hz: 0.0,
            phase: 0.0,
            period: ticks(drift.period_s).max(1),
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// The phase now, radians in [0, 2π).
    pub fn phase(&self) -> f64 {
        self.phase
    }

    /// The frequency now, Hz.
    pub fn hz(&self) -> f64 {
        self.nominal_hz + self.offset_hz
    }

    /// The nominal frequency, Hz.
    pub fn nominal_hz(&self) -> f64 {
        self.nominal_hz
    }

    /// Advances one tick (`t` is the tick just done): the phase turns at the current
    /// frequency; every drift period the frequency takes one step of its walk.
    pub fn advance(&mut self, t: u64) {
        self.phase = (self.phase + radians_per_tick(self.hz())).rem_euclid(TAU);
        if self.drift.max_hz > 0.0 && (t + 1).is_multiple_of(self.period) {
            let up = self.rng.next_u64() >> 63 == 1;
            let s = if up {
                self.drift.step_hz
            } else {
                -self.drift.step_hz
            };
            // Reflect at the bounds, as the processor's drift walk does.
            let next = self.offset_hz + s;
            self.offset_hz = if next.abs() > self.drift.max_hz {
                self.offset_hz - s
            } else {
                next
            };
        }
    }
}

/// Closed loop, or the open-loop comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoopMode {
    /// The phase-locked loop.
    Closed,
    /// The calibrated sine at the nominal frequency, no feedback.
    Open,
}

/// The steering loop's constants.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SteeringParams {
    /// The oscillator held: motor L4.
    pub target: Oscillator,
    /// The port driven: the sensory input.
    pub port: DrivePort,
    /// Commanded offset from the reference, degrees.
    pub offset_deg: f64,
    /// Largest drive amplitude: 1.0 (the issue's bound).
    pub max_amplitude: f64,
    /// Amplitude held once locked (and the open loop's amplitude): 0.8.
    pub hold_amplitude: f64,
    /// Error above which the loop drives at the largest amplitude, degrees: 30.
    pub acquire_deg: f64,
    /// Time constant of the amplitude's changes, seconds: 0.1.
    pub amplitude_tau_s: f64,
    /// Loop period, ticks: 40 (the meso tier, 10 ms).
    pub loop_ticks: u64,
    /// Proportional gain of the phase correction (radians per radian of error): 2. The
    /// point the target is pulled towards is moved to −kp·e, at most 90° from the target.
    pub kp: f64,
    /// Integral gain of the phase correction, per loop period: 0.05 (a time constant of 20
    /// periods, 0.2 s, about the target's own relaxation time after a phase step). The
    /// integral runs only while |e| is within `acquire_deg`.
    pub ki: f64,
    /// Feed-forward lead, degrees: −(the steady lag of the target behind the drive). `None`:
    /// calibrate it with an open-loop run before steering.
    pub lead_deg: Option<f64>,
    /// Error within which the loop counts as locked, degrees: 20.
    pub lock_tolerance_deg: f64,
    /// Window over which the lock is judged, seconds: 0.1 (ten loop periods).
    pub lock_window_s: f64,
    /// Time constant of the loop's memory of its locked state (what a re-acquisition returns
    /// to), seconds: 2.
    pub relock_memory_tau_s: f64,
    /// The reference clock's drift.
    pub drift: DriftParams,
}

impl Default for SteeringParams {
    fn default() -> Self {
        SteeringParams {
            target: Oscillator::Cortex(Column::Motor, Layer::L4),
            port: DrivePort::Sensory,
            offset_deg: 0.0,
            max_amplitude: 1.0,
            hold_amplitude: 0.8,
            acquire_deg: 30.0,
            amplitude_tau_s: 0.1,
            loop_ticks: MESO_TICKS,
            kp: 2.0,
            ki: 0.05,
            lead_deg: None,
            lock_tolerance_deg: 20.0,
            lock_window_s: 0.1,
            relock_memory_tau_s: 2.0,
            drift: DriftParams::OFF,
        }
    }
}

impl SteeringParams {
    /// Checks every field.
    pub fn validate(&self, field: &str) -> Result<()> {
        let f = |n: &str| format!("{field}.{n}");
        check_range(&f("offset_deg"), self.offset_deg, -360.0, 360.0)?;
        check_range(
            &f("max_amplitude"),
            self.max_amplitude,
            0.0,
            phin_core::control::Q14_MAX,
        )?;
        check_range(
            &f("hold_amplitude"),
            self.hold_amplitude,
            0.0,
            self.max_amplitude,
        )?;
        check_range(&f("acquire_deg"), self.acquire_deg, 0.0, 180.0)?;
        check_range(&f("amplitude_tau_s"), self.amplitude_tau_s, 0.0, 100.0)?;
        if !(1..=4_000).contains(&self.loop_ticks) {
            return Err(ConductorError::out_of_range(
                f("loop_ticks"),
                self.loop_ticks,
                "1 … 4000",
            ));
        }
        check_range(&f("kp"), self.kp, 0.0, 10.0)?;
        check_range(&f("ki"), self.ki, 0.0, 10.0)?;
        if let Some(l) = self.lead_deg {
            check_range(&f("lead_deg"), l, -360.0, 360.0)?;
        }
        check_range(
            &f("lock_tolerance_deg"),
            self.lock_tolerance_deg,
            0.0,
            180.0,
        )?;
        self.drift.validate(&f("drift"))
    }
}

/// One loop period's record.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoopSample {
    /// Seconds since the loop started (end of the period).
    pub t_s: f64,
    /// Commanded phase (θref + Δ) at the end of the period, degrees in (−180, 180].
    pub target_deg: f64,
    /// The target oscillator's phase then, degrees.
    pub achieved_deg: f64,
    /// The period's mean error, degrees.
    pub error_deg: f64,
    /// The drive amplitude.
    pub amplitude: f64,
    /// The reference frequency, Hz.
    pub reference_hz: f64,
}

/// The loop at run time: call [`tick`](Self::tick) before every processor tick.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseSteerer {
    params: SteeringParams,
    mode: LoopMode,
    clock: ReferenceClock,
    offset: f64,
    lead: f64,
    psi_i: f64,
    psi: f64,
    amp: f64,
    amp_k: f64,
    acc_re: f64,
    acc_im: f64,
    nominal_w: f64,
    /// Set by a desynchronisation fault: the loop's phase state scrambled.
    last_error: Option<f64>,
    started: u64,
    ticks: u64,
    /// A slow circular mean of ψI while locked (`relock_memory_tau_s`): the state a
    /// re-acquisition returns to.
    good_re: f64,
    good_im: f64,
    good_k: f64,
}

impl PhaseSteerer {
    /// A loop in `mode` with a known feed-forward lead (radians), its reference clock's drift
    /// drawn from `seed`.
    pub fn new(params: SteeringParams, mode: LoopMode, lead_rad: f64, seed: u64) -> Result<Self> {
        params.validate("steering")?;
        let hz = params.target.nominal_hz();
        Ok(PhaseSteerer {
            mode,
            clock: ReferenceClock::new(hz, params.drift, seed),
            offset: params.offset_deg.to_radians(),
            lead: lead_rad,
            psi_i: lead_rad,
            psi: lead_rad,
            amp: params.max_amplitude,
            amp_k: 1.0 - crate::time::decay_factor(params.amplitude_tau_s, params.loop_ticks),
            acc_re: 0.0,
            acc_im: 0.0,
            nominal_w: radians_per_tick(hz),
            last_error: None,
            started: 0,
            ticks: 0,
            good_re: lead_rad.cos(),
            good_im: lead_rad.sin(),
            good_k: 1.0 - crate::time::decay_factor(params.relock_memory_tau_s, params.loop_ticks),
            params,
        })
    }

    /// The parameters.
    pub fn params(&self) -> &SteeringParams {
        &self.params
    }

    /// The reference clock.
    pub fn clock(&self) -> &ReferenceClock {
        &self.clock
    }

    /// The commanded phase θref + Δ now, radians.
    pub fn commanded_phase(&self) -> f64 {
        wrap(self.clock.phase() + self.offset)
    }

    /// The instantaneous error of a target phase against the command, radians.
    pub fn error_of(&self, target_phase: f64) -> f64 {
        wrap(target_phase - self.commanded_phase())
    }

    /// The last loop period's mean error, radians (`None` before the first period ends).
    pub fn last_error(&self) -> Option<f64> {
        self.last_error
    }

    /// The drive amplitude now.
    pub fn amplitude(&self) -> f64 {
        match self.mode {
            LoopMode::Closed => self.amp,
            LoopMode::Open => self.params.hold_amplitude,
        }
    }

    /// Changes the commanded offset (degrees); the feed-forward moves the drive at once.
    pub fn set_offset_deg(&mut self, deg: f64) {
        self.offset = deg.to_radians();
    }

    /// The desynchronisation fault: the loop's phase state is corrupted by `radians`.
    pub fn scramble(&mut self, radians: f64) {
        self.psi_i = wrap(self.psi_i + radians);
        self.psi = self.psi_i;
    }

    /// Recovery ("re-establish oscillatory coupling"): the loop's phase state returns to its
    /// slow mean while it was last locked (2 s), and the drive to the largest amplitude.
    pub fn reacquire(&mut self) {
        self.psi_i = self.good_im.atan2(self.good_re);
        self.psi = self.psi_i;
        self.amp = self.params.max_amplitude;
    }

    /// One tick: reads the target through the probe (the state before tick `t`), updates the
    /// loop at the end of each period, and returns the drive value of tick `t`. The returned
    /// record is `Some` at the end of each loop period.
    pub fn tick(&mut self, t: u64, probe: &Probe<'_>) -> (f64, Option<LoopSample>) {
        if self.ticks == 0 {
            self.started = t;
        }
        self.ticks += 1;
        let s = probe.oscillator(self.params.target);
        let phi = f64::from(s.y.0).atan2(f64::from(s.x.0));
        let e = phi - self.commanded_phase();
        self.acc_re += e.cos();
        self.acc_im += e.sin();
        let mut sample = None;
        if self.ticks.is_multiple_of(self.params.loop_ticks) {
            let err = self.acc_im.atan2(self.acc_re);
            self.acc_re = 0.0;
            self.acc_im = 0.0;
            self.last_error = Some(err);
            if self.mode == LoopMode::Closed {
                let acquiring = err.abs() > self.params.acquire_deg.to_radians();
                // The integral learns the residual lag only near lock (no wind-up while
                // the target is being pulled in).
                if !acquiring {
                    self.psi_i = wrap(self.psi_i - self.params.ki * err);
                    self.good_re += (self.psi_i.cos() - self.good_re) * self.good_k;
                    self.good_im += (self.psi_i.sin() - self.good_im) * self.good_k;
                }
                // The proportional part moves the point the target is pulled towards to
                // −kp·e, but never more than 90° from the target: the pull of a periodic
                // drive is strongest there and weakens beyond.
                let d = ((1.0 + self.params.kp) * err).clamp(-PI / 2.0, PI / 2.0);
                self.psi = wrap(self.psi_i - (d - err));
                let goal = if acquiring {
                    self.params.max_amplitude
                } else {
                    self.params.hold_amplitude
                };
                self.amp += (goal - self.amp) * self.amp_k;
            }
            sample = Some(LoopSample {
                t_s: crate::time::seconds(self.ticks),
                target_deg: self.commanded_phase().to_degrees(),
                achieved_deg: phi.to_degrees(),
                error_deg: err.to_degrees(),
                amplitude: self.amplitude(),
                reference_hz: self.clock.hz(),
            });
        }
        let drive = match self.mode {
            LoopMode::Closed => self.amp * (self.clock.phase() + self.offset + self.psi).sin(),
            LoopMode::Open => {
                let k = self.ticks - 1;
                self.params.hold_amplitude
                    * (self.nominal_w * k as f64 + self.offset + self.lead).sin()
            }
        };
        self.clock.advance(t);
        (drive, sample)
    }
}

/// A steering experiment: every offset, closed loop and (optionally) open loop, one processor
/// each, in one driven batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SteeringExperiment {
    /// The loop (its `offset_deg` is replaced by each of `offsets_deg`).
    pub steering: SteeringParams,
    /// Commanded offsets, degrees.
    pub offsets_deg: Vec<f64>,
    /// Also run the open-loop comparison for each offset.
    pub open_loop: bool,
    /// Consciousness state.
    pub state: ConsciousnessState,
    /// Seconds of the processor alone before the loop starts (it is reset-fresh otherwise).
    pub warmup_s: f64,
    /// Seconds of steering.
    pub seconds: f64,
    /// Seconds after the loop starts before the error statistics are taken (for the
    /// comparison of closed and open loops; the lock time is measured from the start).
    pub settle_s: f64,
    /// Seconds of the open-loop calibration of the lag (when `steering.lead_deg` is None).
    pub calibration_s: f64,
    /// Seed of the reference clock's drift.
    pub seed: u64,
    /// The processor's build parameters.
    pub processor: PhiNNeuralProcessorParams,
}

impl Default for SteeringExperiment {
    fn default() -> Self {
        SteeringExperiment {
            steering: SteeringParams::default(),
            offsets_deg: vec![0.0, 90.0, 180.0, 270.0],
            open_loop: true,
            state: ConsciousnessState::Normal,
            warmup_s: 1.0,
            seconds: 10.0,
            settle_s: 2.0,
            calibration_s: 6.0,
            seed: 1,
            processor: PhiNNeuralProcessorParams::DEFAULT,
        }
    }
}

/// What one run of the loop reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SteeringResult {
    /// Commanded offset, degrees.
    pub offset_deg: f64,
    /// Closed or open.
    pub mode: LoopMode,
    /// Circular mean of the error after settling, degrees.
    pub mean_error_deg: f64,
    /// Circular spread (√(−2 ln R)) of the error after settling, degrees.
    pub spread_deg: f64,
    /// The time from the loop's start after which the 100 ms mean error stays within the lock
    /// tolerance to the end of the run, seconds (`None`: never).
    pub lock_time_s: Option<f64>,
    /// Fraction of the 100 ms windows after settling whose mean error is within the tolerance.
    pub locked_fraction: f64,
    /// Mean drive amplitude after settling.
    pub mean_amplitude: f64,
    /// Largest drive amplitude used.
    pub max_amplitude: f64,
    /// Every loop period.
    pub trace: Vec<LoopSample>,
}

/// A whole experiment's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SteeringReport {
    /// The feed-forward lead used, degrees.
    pub lead_deg: f64,
    /// One per (offset, mode), closed loops first.
    pub results: Vec<SteeringResult>,
}

impl SteeringReport {
    /// The result of one offset and mode.
    pub fn result(&self, offset_deg: f64, mode: LoopMode) -> Option<&SteeringResult> {
        self.results
            .iter()
            .find(|r| r.mode == mode && (r.offset_deg - offset_deg).abs() < 1e-9)
    }
}

/// The steady lag of `target` behind an open-loop sine at its nominal frequency, radians: the
/// circular mean of (φtarget − θdrive) over the last half of a `seconds`-long run at
/// `amplitude` in `state`.
pub fn calibrate_lag(
    target: Oscillator,
    port: DrivePort,
    amplitude: f64,
    state: ConsciousnessState,
    seconds: f64,
    processor: PhiNNeuralProcessorParams,
) -> Result<f64> {
    let grid = crate::entrain::EntrainGrid {
        oscillator: target,
        port,
        waveform: crate::entrain::Waveform::Sine,
        freqs_hz: vec![target.nominal_hz()],
        amplitudes: vec![amplitude],
        states: vec![state],
        seconds,
        settle_s: seconds / 2.0,
        sample_ticks: 4,
        tongue_plv: 0.8,
        processor,
    };
    let m = grid.run(|_, _| {})?.map;
    Ok(m.cells[0].mean_lag_deg.to_radians())
}

struct Run {
    steer: PhaseSteerer,
    warm: u64,
    state: ConsciousnessState,
    port: DrivePort,
    trace: Vec<LoopSample>,
    stats: LoopStats,
}

impl SteeringExperiment {
    /// Checks the experiment.
    pub fn validate(&self) -> Result<()> {
        self.steering.validate("steering")?;
        if self.offsets_deg.is_empty() {
            return Err(ConductorError::out_of_range(
                "offsets_deg",
                "[]",
                "at least one offset",
            ));
        }
        for &o in &self.offsets_deg {
            check_range("offsets_deg", o, -360.0, 360.0)?;
        }
        check_range("warmup_s", self.warmup_s, 0.0, 3600.0)?;
        check_range("seconds", self.seconds, 0.1, 36_000.0)?;
        check_range("settle_s", self.settle_s, 0.0, self.seconds - 0.1)?;
        check_range("calibration_s", self.calibration_s, 0.5, 3600.0)?;
        Ok(())
    }

    /// Runs the experiment on the current rayon pool.
    pub fn run(&self) -> Result<SteeringReport> {
        self.validate()?;
        let lead = match self.steering.lead_deg {
            Some(d) => d.to_radians(),
            None => -calibrate_lag(
                self.steering.target,
                self.steering.port,
                self.steering.hold_amplitude,
                self.state,
                self.calibration_s,
                self.processor,
            )?,
        };
        let mut jobs: Vec<(f64, LoopMode)> = self
            .offsets_deg
            .iter()
            .map(|&o| (o, LoopMode::Closed))
            .collect();
        if self.open_loop {
            jobs.extend(self.offsets_deg.iter().map(|&o| (o, LoopMode::Open)));
        }
        let warm = ticks(self.warmup_s);
        let n = warm + ticks(self.seconds);
        let mut runs = Vec::with_capacity(jobs.len());
        for &(o, mode) in &jobs {
            let p = SteeringParams {
                offset_deg: o,
                ..self.steering
            };
            runs.push(Some(Run {
                steer: PhaseSteerer::new(p, mode, lead, self.seed)?,
                warm,
                state: self.state,
                port: self.steering.port,
                trace: Vec::new(),
                stats: LoopStats::new(&self.steering, self.settle_s),
            }));
        }
        let loop_s = crate::time::seconds(self.steering.loop_ticks);
        let runs = std::sync::Mutex::new(runs);
        let mut batch = ProcessorBatch::new(&vec![self.processor; jobs.len()]);
        let done = batch.par_drive(
            n,
            |k| {
                runs.lock().expect("no panics while held")[k]
                    .take()
                    .expect("taken once")
            },
            |r, t, probe| {
                let mut i = PhiNNeuralProcessorInputs::default();
                i.set_state(r.state);
                if t >= r.warm {
                    let (v, s) = r.steer.tick(t - r.warm, &probe);
                    if let Some(s) = s {
                        r.stats.push(&s, loop_s);
                        r.trace.push(s);
                    }
                    // |v| ≤ max_amplitude, checked against the port's range.
                    let _ = r.port.set(&mut i, v);
                }
                i
            },
        );
        let results = jobs
            .iter()
            .zip(done)
            .map(|(&(o, mode), r)| r.stats.result(o, mode, r.trace))
            .collect();
        Ok(SteeringReport {
            lead_deg: lead.to_degrees(),
            results,
        })
    }
}

/// The error statistics of a loop, kept online from its [`LoopSample`]s: the circular mean
/// and spread after a settling time, the lock time (the start of the first lock window, 100 ms
/// by default, after which every window's mean error stays within the tolerance), the
/// fraction of windows within it after settling, and the amplitudes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoopStats {
    settle_s: f64,
    tol_deg: f64,
    window_periods: u32,
    re: f64,
    im: f64,
    n: u64,
    amp_sum: f64,
    amp_max: f64,
    win_re: f64,
    win_im: f64,
    win_n: u32,
    win_start_s: f64,
    /// Start of the window after the last one outside the tolerance.
    lock_from: Option<f64>,
    any_window: bool,
    last_end: f64,
    late_windows: u64,
    late_within: u64,
}

impl LoopStats {
    /// Empty statistics for a loop with these parameters, its error statistics taken after
    /// `settle_s`.
    pub fn new(params: &SteeringParams, settle_s: f64) -> Self {
        let window_periods = (ticks(params.lock_window_s) / params.loop_ticks.max(1)).max(1) as u32;
        LoopStats {
            settle_s,
            tol_deg: params.lock_tolerance_deg,
            window_periods,
            re: 0.0,
            im: 0.0,
            n: 0,
            amp_sum: 0.0,
            amp_max: 0.0,
            win_re: 0.0,
            win_im: 0.0,
            win_n: 0,
            win_start_s: 0.0,
            lock_from: Some(0.0),
            any_window: false,
            last_end: 0.0,
            late_windows: 0,
            late_within: 0,
        }
    }

    /// Adds one loop period.
    pub fn push(&mut self, s: &LoopSample, loop_s: f64) {
        let e = s.error_deg.to_radians();
        if s.t_s > self.settle_s {
            self.re += e.cos();
            self.im += e.sin();
            self.n += 1;
            self.amp_sum += s.amplitude;
        }
        self.amp_max = self.amp_max.max(s.amplitude);
        if self.win_n == 0 {
            // The window's start, rounded to the microsecond.
            self.win_start_s = ((s.t_s - loop_s) * 1e6).round() / 1e6;
        }
        self.win_re += e.cos();
        self.win_im += e.sin();
        self.win_n += 1;
        if self.win_n == self.window_periods {
            let err = self.win_im.atan2(self.win_re).to_degrees().abs();
            let next_start =
                ((self.win_start_s + f64::from(self.window_periods) * loop_s) * 1e6).round() / 1e6;
            self.any_window = true;
            if err > self.tol_deg {
                self.lock_from = Some(next_start);
            }
            if self.win_start_s >= self.settle_s {
                self.late_windows += 1;
                self.late_within += u64::from(err <= self.tol_deg);
            }
            self.win_re = 0.0;
            self.win_im = 0.0;
            self.win_n = 0;
            self.last_end = next_start;
        }
    }

    /// Circular mean error after settling, degrees.
    pub fn mean_error_deg(&self) -> f64 {
        self.im.atan2(self.re).to_degrees()
    }

    /// Circular spread √(−2 ln R) after settling, degrees (infinite without samples).
    pub fn spread_deg(&self) -> f64 {
        let r = (self.re.hypot(self.im) / self.n.max(1) as f64).min(1.0);
        (-2.0 * r.ln()).sqrt().to_degrees()
    }

    /// The lock time, seconds (`None` if the last window was outside the tolerance).
    pub fn lock_time_s(&self) -> Option<f64> {
        match self.lock_from {
            Some(t) if self.any_window && t < self.last_end => Some(t),
            _ => None,
        }
    }

    /// Fraction of windows after settling within the tolerance.
    pub fn locked_fraction(&self) -> f64 {
        self.late_within as f64 / self.late_windows.max(1) as f64
    }

    /// Mean amplitude after settling.
    pub fn mean_amplitude(&self) -> f64 {
        self.amp_sum / self.n.max(1) as f64
    }

    /// Largest amplitude.
    pub fn max_amplitude(&self) -> f64 {
        self.amp_max
    }

    /// The summary of one run.
    pub fn result(
        &self,
        offset_deg: f64,
        mode: LoopMode,
        trace: Vec<LoopSample>,
    ) -> SteeringResult {
        SteeringResult {
            offset_deg,
            mode,
            mean_error_deg: self.mean_error_deg(),
            spread_deg: self.spread_deg(),
            lock_time_s: self.lock_time_s(),
            locked_fraction: self.locked_fraction(),
            mean_amplitude: self.mean_amplitude(),
            max_amplitude: self.max_amplitude(),
            trace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_clock_drifts_within_its_bounds_and_is_seeded() {
        let d = DriftParams::cortical();
        assert!((d.max_hz - 0.4663).abs() < 1e-3);
        let mut a = ReferenceClock::new(31.73, d, 5);
        let mut b = ReferenceClock::new(31.73, d, 5);
        let mut seen = 0.0f64;
        for t in 0..400_000 {
            a.advance(t);
            b.advance(t);
            seen = seen.max((a.hz() - 31.73).abs());
            assert!((a.hz() - 31.73).abs() <= d.max_hz + 1e-12);
        }
        assert_eq!(a, b);
        assert!(seen > 0.2, "{seen}");
        let mut c = ReferenceClock::new(10.0, DriftParams::OFF, 5);
        for t in 0..4_000 {
            c.advance(t);
        }
        assert!(c.phase().abs() < 1e-6 || (c.phase() - TAU).abs() < 1e-6);
        assert_eq!(wrap(3.0 * PI), PI);
        assert!((wrap(-0.5) + 0.5).abs() < 1e-15);
    }

    #[test]
    fn bad_steering_parameters_name_the_field() {
        let p = SteeringParams {
            hold_amplitude: 1.5,
            ..SteeringParams::default()
        };
        assert_eq!(
            p.validate("steering").unwrap_err().field(),
            "steering.hold_amplitude"
        );
        let e = SteeringExperiment {
            offsets_deg: vec![],
            ..SteeringExperiment::default()
        };
        assert_eq!(e.run().unwrap_err().field(), "offsets_deg");
    }
}
