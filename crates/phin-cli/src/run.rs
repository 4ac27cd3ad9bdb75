//! `phin run`: the whole processor (by default) or one oscillator module (`--module`) for N
//! simulated seconds, with what it did.
//!
//! The settings come from the flags over an optional `--config` file ([`RunConfig`]); a flag or
//! key the chosen mode does not use is refused with one line, so nothing is silently ignored.

use crate::args::{
    check_real, in_range, parse_state, parse_transition, ranged, read_rows, UserError,
};
use crate::config::{flag_of, parse_size, RunConfig};
use crate::files::{human_bytes, parent_of, OutDir};
use crate::processor_run::{
    run_processor, select, trace_columns, Plan, Provenance, RunOut, DEFAULT_VCD,
};
use crate::progress::Progress;
use crate::report::{Column, Sinks, TraceFormat, TraceSpec, TraceWriter, Unit, MAX_WAV_SAMPLES};
use clap::{Args, ValueEnum};
use phin_core::constants::{OMEGA_DT_THETA, TICK_HZ};
use phin_core::fixed_point::{q14_to_f64, WIDTH};
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};
use phin_core::sr_noise_generator::SrNoiseGenerator;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Longest run accepted: one simulated week.
const MAX_SECONDS: f64 = 7.0 * 86_400.0;
/// Largest `--trace-every`: one row a simulated day.
const MAX_TRACE_EVERY: u64 = 86_400 * 4_000;

/// Modules `phin run` can run on their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunModule {
    /// One Hopf oscillator.
    #[serde(alias = "hopf-oscillator")]
    HopfOscillator,
    /// One stochastic Hopf oscillator driven by SR noise channel f0.
    #[serde(alias = "hopf-oscillator-stochastic")]
    HopfOscillatorStochastic,
}

/// Arguments of `phin run`.
#[derive(Args)]
pub struct RunArgs {
    /// Read the settings from a TOML file: keys are the flags' names with `_` for `-`
    /// (`state`, `seconds`, `transitions = ["flow@30:2"]`, `trace_every`, …); flags override them.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run one module on its own instead of the whole processor.
    #[arg(long, value_enum)]
    module: Option<RunModule>,
    /// Consciousness state at the start: normal, anesthesia, psychedelic, flow, meditation (or
    /// 0-4) [default: normal].
    #[arg(long)]
    state: Option<String>,
    /// Simulated seconds (0 < S <= 604800) [default: 10].
    #[arg(long, allow_negative_numbers = true)]
    seconds: Option<f64>,
    /// Write the results into this directory: trace.csv (or .npy columns) and
    /// trace.columns.json, waves.vcd, dac.wav, spectrum.png, oscillators.png, timeline.png,
    /// summary.json and run.toml (with --module: the trace, summary.json and run.toml). The
    /// directory appears whole when the run ends, or not at all.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
    /// Seed of the sensory background noise (uniform, ±0.02) [default: 1].
    #[arg(long, allow_negative_numbers = true, value_parser = ranged(0, u64::MAX))]
    seed: Option<u64>,
    /// Active φⁿ dynamics (ENABLE_ADAPTIVE = 1).
    #[arg(long)]
    adaptive: bool,
    /// A state change STATE@SECONDS[:DURATION] (duration in seconds, default 1, at most 16.38);
    /// repeatable.
    #[arg(long = "transition", value_name = "STATE@SECONDS[:DURATION]")]
    transitions: Vec<String>,
    /// Sensory input per tick: one real per line (1.0 = full scale, range [-8, 8)); 0 after the
    /// end. A header row and a byte-order mark are allowed.
    #[arg(long, value_name = "FILE")]
    sensory: Option<PathBuf>,
    /// SR field per tick: per line the broadband field, or it and the five per-harmonic fields
    /// f0..f4, comma-separated reals; 0 after the end. A header row and a byte-order mark are
    /// allowed.
    #[arg(long = "sr-field", value_name = "FILE")]
    sr_field: Option<PathBuf>,
    /// Start a Schumann ignition event at SECONDS: the `ignition_trigger` input is high for the
    /// tick at that time (ignored by the processor while an event is under way); repeatable.
    #[arg(long = "sie-at", value_name = "SECONDS", allow_negative_numbers = true)]
    sie_at: Vec<f64>,
    /// The trace's format: csv (trace.csv) or npy (one NumPy file per column) [default: csv].
    #[arg(long, value_enum)]
    format: Option<TraceFormat>,
    /// Write a row of the trace (and the VCD) every N ticks (1 = every tick, 4 kHz) [default: 1].
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = ranged(1, MAX_TRACE_EVERY))]
    trace_every: Option<u64>,
    /// Columns of the trace: `all` (default), `none`, or a comma-separated list of names.
    #[arg(long, value_name = "LIST")]
    trace_signals: Option<String>,
    /// Columns shown in waves.vcd: `default` (the DAC, theta, the motor column, SR f0, Kuramoto
    /// R, SIE phase, coupling mode, CA3 pattern), `all`, `none`, or a comma-separated list.
    #[arg(long, value_name = "LIST")]
    vcd_signals: Option<String>,
    /// Do not write dac.wav.
    #[arg(long)]
    no_wav: bool,
    /// Refuse to start when the outputs would take more than SIZE (`500M`, `2G`, bytes); the
    /// free space of the disk is always a limit.
    #[arg(long, value_name = "SIZE")]
    max_output: Option<String>,
    /// Print the summary as JSON on stdout instead of the text report.
    #[arg(long)]
    json: bool,
    /// With --module: growth rate mu_dt in Q14 units (MU of section 8.2; 4 settles at r = 1).
    #[arg(long, allow_negative_numbers = true)]
    mu: Option<i64>,
    /// With --module: angular step omega_dt in Q14 (152 is theta, 5.89 Hz).
    #[arg(long, allow_negative_numbers = true)]
    omega_dt: Option<i64>,
    /// With --module: constant drive input_x per tick, Q14.
    #[arg(long, allow_negative_numbers = true)]
    input_x: Option<i64>,
    /// With --module: seconds at the start left out of the measurement (settling) [default: 1,
    /// or half the run when it is shorter than 2 s].
    #[arg(long, allow_negative_numbers = true)]
    settle: Option<f64>,
}

impl RunArgs {
    /// The flags as a configuration: only what was given.
    fn to_config(&self) -> RunConfig {
        let on = |b: bool| b.then_some(true);
        RunConfig {
            module: self.module,
            state: self.state.clone(),
            seconds: self.seconds,
            seed: self.seed,
            adaptive: on(self.adaptive),
            transitions: (!self.transitions.is_empty()).then(|| self.transitions.clone()),
            sensory: self.sensory.clone(),
            sr_field: self.sr_field.clone(),
            sie_at: (!self.sie_at.is_empty()).then(|| self.sie_at.clone()),
            out: self.out.clone(),
            force: on(self.force),
            format: self.format,
            trace_every: self.trace_every,
            trace_signals: self.trace_signals.clone(),
            vcd_signals: self.vcd_signals.clone(),
            wav: self.no_wav.then_some(false),
            max_output: self.max_output.clone(),
            json: on(self.json),
            mu: self.mu,
            omega_dt: self.omega_dt,
            input_x: self.input_x,
            settle: self.settle,
        }
    }
}

/// Keys only a single module uses.
const MODULE_ONLY: [&str; 4] = ["mu", "omega_dt", "input_x", "settle"];
/// Keys a single module does not use.
const WHOLE_ONLY: [&str; 10] = [
    "state",
    "seed",
    "adaptive",
    "transitions",
    "sensory",
    "sr_field",
    "sie_at",
    "trace_signals",
    "vcd_signals",
    "wav",
];

/// Refuses a flag or key the mode does not use, naming where it came from.
fn check_applicable(
    module: Option<RunModule>,
    flags: &RunConfig,
    file: Option<(&Path, &RunConfig)>,
) -> Result<(), UserError> {
    let (unused, why): (&[&str], String) = match module {
        Some(m) => (
            &WHOLE_ONLY,
            format!(
                "is not used by --module {}",
                m.to_possible_value()
                    .map_or(String::new(), |v| v.get_name().to_string())
            ),
        ),
        None => (
            &MODULE_ONLY,
            "applies to a single module only (add --module)".into(),
        ),
    };
    for k in flags.keys() {
        if unused.contains(&k.as_str()) {
            return Err(UserError(format!("{} {why}", flag_of(&k))));
        }
    }
    if let Some((path, c)) = file {
        for k in c.keys() {
            if unused.contains(&k.as_str()) {
                return Err(UserError(format!(
                    "--config {}: key `{k}` {why}",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// Runs `phin run`.
pub fn run(a: RunArgs) -> Result<ExitCode, UserError> {
    let flags = a.to_config();
    let file = a.config.as_deref().map(RunConfig::load).transpose()?;
    let module = flags.module.or(file.as_ref().and_then(|f| f.module));
    check_applicable(module, &flags, a.config.as_deref().zip(file.as_ref()))?;
    let c = flags.over(file.unwrap_or_default());
    let mut prov = Provenance::new();
    if let Some(p) = &a.config {
        prov.add_input("--config", p)?;
    }
    let seconds = check_real(
        "--seconds",
        c.seconds.unwrap_or(10.0),
        0.0,
        MAX_SECONDS,
        true,
    )?;
    match module {
        Some(m) => run_module(m, seconds, &c, prov),
        None => run_whole(seconds, &c, prov),
    }
}

/// The absolute form of `p` (for the effective configuration), or `p` when it cannot be had.
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// What --out, --force, --max-output and the free disk space allow: checks the size estimate
/// and prints it; returns the opened output directory.
fn open_out(
    c: &RunConfig,
    estimate: impl FnOnce() -> Result<Vec<(String, u64)>, UserError>,
) -> Result<Option<OutDir>, UserError> {
    let max = c
        .max_output
        .as_deref()
        .map(|m| parse_size("--max-output", m))
        .transpose()?;
    let Some(dir) = &c.out else {
        return Ok(None);
    };
    // First the cheap checks (an occupied folder, an unwritable parent); an error below drops
    // the directory, which removes its temporary.
    let out = OutDir::create(dir, c.force.unwrap_or(false))?;
    let estimate = estimate()?;
    let total: u64 = estimate.iter().map(|e| e.1).sum();
    let mut parts: Vec<&(String, u64)> = estimate.iter().collect();
    parts.sort_by_key(|p| std::cmp::Reverse(p.1));
    let list: Vec<String> = parts
        .iter()
        .take(3)
        .map(|(n, b)| format!("{n} {}", human_bytes(*b)))
        .collect();
    let what = format!(
        "about {} ({}{})",
        human_bytes(total),
        list.join(", "),
        if parts.len() > 3 { ", …" } else { "" }
    );
    let thin = "thin them with --trace-every N, --trace-signals, --vcd-signals none or --no-wav";
    if let Some(max) = max {
        if total > max {
            return Err(UserError(format!(
                "--max-output = {}: the outputs would take {what}; {thin}",
                human_bytes(max)
            )));
        }
    }
    let parent = parent_of(dir);
    if let Some(free) = free_bytes(&parent) {
        if total > free {
            return Err(UserError(format!(
                "--out {}: the outputs would take {what}, more than the {} free on its disk; {thin}",
                dir.display(),
                human_bytes(free)
            )));
        }
        eprintln!(
            "phin: writing {what} into {} ({} free)",
            dir.display(),
            human_bytes(free)
        );
    }
    Ok(Some(out))
}

/// Bytes free for an unprivileged user on the disk holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a NUL-terminated path and a statvfs struct to fill.
    let r = unsafe { libc::statvfs(c.as_ptr(), &mut s) };
    (r == 0).then(|| s.f_bavail as u64 * s.f_frsize as u64)
}

/// The whole processor.
fn run_whole(seconds: f64, c: &RunConfig, mut prov: Provenance) -> Result<ExitCode, UserError> {
    let state = parse_state("--state", c.state.as_deref().unwrap_or("normal"))?;
    let ticks = (seconds * TICK_HZ).round().max(1.0) as u64;
    let wav = c.wav.unwrap_or(true);
    // dac.wav holds one 16-bit sample per tick and a WAV file at most 2^32 bytes: refuse up front
    // rather than after days of simulation.
    let max_out_s = MAX_WAV_SAMPLES as f64 / TICK_HZ;
    if c.out.is_some() && wav && seconds > max_out_s {
        return Err(UserError(format!(
            "--seconds = {seconds} is out of range with --out (allowed (0, {max_out_s:.0}]: dac.wav \
             holds at most {MAX_WAV_SAMPLES} ticks; --no-wav lifts the limit)"
        )));
    }
    let seed = c.seed.unwrap_or(1);
    let mut plan = Plan::new(state, ticks, seed, c.adaptive.unwrap_or(false));
    plan.transitions = c
        .transitions
        .iter()
        .flatten()
        .map(|t| parse_transition(t, seconds))
        .collect::<Result<Vec<_>, _>>()?;
    plan.transitions.sort_by_key(|t| t.tick);
    for &at in c.sie_at.iter().flatten() {
        plan.sie_at.push(crate::args::parse_sie_at(at, seconds)?);
    }
    plan.sie_at.sort_unstable();
    plan.sie_at.dedup();
    if let Some(p) = &c.sensory {
        plan.sensory = Some(read_rows("--sensory", p, ["sensory_input"], ticks)?);
        prov.add_input("--sensory", p)?;
    }
    if let Some(p) = &c.sr_field {
        let ports = [
            "sr_field_input",
            "sr_field[f0]",
            "sr_field[f1]",
            "sr_field[f2]",
            "sr_field[f3]",
            "sr_field[f4]",
        ];
        plan.sr_field = Some(read_rows("--sr-field", p, ports, ticks)?);
        prov.add_input("--sr-field", p)?;
    }
    let columns = trace_columns();
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let trace = select(
        "--trace-signals",
        c.trace_signals.as_deref().unwrap_or("all"),
        &names,
        &names,
    )?;
    let vcd = select(
        "--vcd-signals",
        c.vcd_signals.as_deref().unwrap_or("default"),
        &names,
        &DEFAULT_VCD,
    )?;
    let every = c.trace_every.unwrap_or(1);
    let format = c.format.unwrap_or(TraceFormat::Csv);

    // The effective configuration: every value this run used.
    let effective = RunConfig {
        state: Some(state.name().to_string()),
        seconds: Some(seconds),
        seed: Some(seed),
        adaptive: Some(plan.adaptive),
        transitions: Some(
            plan.transitions
                .iter()
                .map(|t| {
                    format!(
                        "{}@{}:{}",
                        t.state.name(),
                        t.tick as f64 / TICK_HZ,
                        f64::from(t.duration_ticks) / TICK_HZ
                    )
                })
                .collect(),
        ),
        sensory: c.sensory.as_deref().map(absolute),
        sr_field: c.sr_field.as_deref().map(absolute),
        sie_at: Some(plan.sie_at.iter().map(|&t| t as f64 / TICK_HZ).collect()),
        out: c.out.as_deref().map(absolute),
        format: Some(format),
        trace_every: Some(every),
        trace_signals: Some(list_or(&trace, &names, "all")),
        vcd_signals: Some(list_or(&vcd, &names, "all")),
        wav: Some(wav),
        max_output: c.max_output.clone(),
        ..RunConfig::default()
    };
    let spec = TraceSpec {
        columns,
        trace,
        format,
        vcd,
        every,
        rows: ticks / every,
    };
    let run_out = match &c.out {
        Some(_) => {
            open_out(c, || crate::processor_run::estimate(&plan, &spec, wav))?.map(|dir| RunOut {
                dir,
                spec: spec.clone(),
                wav,
                config_toml: String::new(),
            })
        }
        None => None,
    };
    let run_out = match run_out {
        Some(mut o) => {
            o.config_toml = effective.to_toml()?;
            Some(o)
        }
        None => {
            // Without --out the size limit still parses, so a typo is not silently ignored.
            c.max_output
                .as_deref()
                .map(|m| parse_size("--max-output", m))
                .transpose()?;
            None
        }
    };
    let wrote = run_out.is_some();
    let (s, wall) = run_processor(&plan, run_out, &prov)?;
    eprintln!(
        "phin: {} ticks in {wall:.2} s of wall time ({:.0} ticks/s)",
        s.ticks,
        s.ticks as f64 / wall.max(1e-9)
    );
    if c.json == Some(true) {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", s.text_report());
    if let (true, Some(dir)) = (wrote, &c.out) {
        println!("wrote the results into {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `all` when `chosen` is every name, else the chosen names joined (`none` when empty).
fn list_or(chosen: &[usize], names: &[&str], all: &str) -> String {
    if chosen.len() == names.len() && chosen.iter().enumerate().all(|(i, &k)| i == k) {
        all.to_string()
    } else if chosen.is_empty() {
        "none".to_string()
    } else {
        chosen
            .iter()
            .map(|&k| names[k])
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Serialize)]
struct ModuleSummary<'a> {
    phin: &'a Provenance,
    module: RunModule,
    seconds: f64,
    ticks: u64,
    mu_dt: i64,
    omega_dt: i64,
    input_x: i64,
    settle_s: f64,
    nominal_frequency_hz: f64,
    /// None when the measured part of the run holds no full cycle.
    measured_frequency_hz: Option<f64>,
    amplitude_min: f64,
    amplitude_mean: f64,
    amplitude_max: f64,
}

/// The module's frequency and amplitude, measured as the samples come (a run of any length in
/// constant memory): the same arithmetic as phin-analysis's `zero_crossing_frequency` and
/// `q14_stats` on the whole trace, so the same figures.
#[derive(Default)]
struct ModuleStats {
    prev: Option<i32>,
    /// Samples pushed.
    n: u64,
    first: Option<f64>,
    last: f64,
    crossings: u64,
    lo: i32,
    hi: i32,
    sum: f64,
}

impl ModuleStats {
    fn push(&mut self, x: i32, amplitude: i32) {
        if let Some(p) = self.prev {
            let (a, b) = (f64::from(p), f64::from(x));
            if a < 0.0 && b >= 0.0 {
                // Rising zero crossing between samples n-1 and n, located linearly.
                let t = (self.n - 1) as f64 + (-a) / (b - a);
                if self.first.is_none() {
                    self.first = Some(t);
                } else {
                    self.crossings += 1;
                }
                self.last = t;
            }
        }
        if self.n == 0 {
            (self.lo, self.hi) = (amplitude, amplitude);
        }
        self.lo = self.lo.min(amplitude);
        self.hi = self.hi.max(amplitude);
        self.sum += f64::from(amplitude);
        self.prev = Some(x);
        self.n += 1;
    }

    fn frequency_hz(&self) -> f64 {
        match self.first {
            Some(t0) if self.crossings > 0 => self.crossings as f64 * TICK_HZ / (self.last - t0),
            _ => 0.0,
        }
    }

    /// Minimum, mean and maximum amplitude as reals.
    fn amplitude(&self) -> (f64, f64, f64) {
        if self.n == 0 {
            return (0.0, 0.0, 0.0);
        }
        let q = f64::from(1u32 << phin_core::fixed_point::FRAC);
        (
            f64::from(self.lo) / q,
            self.sum / self.n as f64 / q,
            f64::from(self.hi) / q,
        )
    }
}

/// One oscillator module on its own.
fn run_module(
    module: RunModule,
    seconds: f64,
    c: &RunConfig,
    prov: Provenance,
) -> Result<ExitCode, UserError> {
    let ticks = (seconds * TICK_HZ).round().max(1.0) as u64;
    // Leave out the first second, or half of a run shorter than two seconds.
    let settle = match c.settle {
        Some(s) => check_real("--settle", s, 0.0, seconds, false)?,
        None => (seconds / 2.0).min(1.0),
    };
    // Every port of the Hopf oscillator is an 18-bit signed word (section 1.1).
    let q = (-(1i64 << (WIDTH - 1)), (1i64 << (WIDTH - 1)) - 1);
    let mu = in_range("--mu", c.mu.unwrap_or(3), q.0, q.1)?;
    let omega = in_range("--omega-dt", c.omega_dt.unwrap_or(OMEGA_DT_THETA), q.0, q.1)?;
    let input_x = in_range("--input-x", c.input_x.unwrap_or(0), q.0, q.1)?;
    let every = c.trace_every.unwrap_or(1);
    let format = c.format.unwrap_or(TraceFormat::Csv);
    let q14 = |name: &str, what: &str| Column {
        name: name.into(),
        rtl: name.into(),
        width: WIDTH,
        signed: true,
        unit: Unit::Q14,
        meaning: what.into(),
    };
    let spec = TraceSpec {
        columns: vec![
            q14("x", "the oscillator's x register"),
            q14("y", "its quadrature y"),
            q14(
                "amplitude",
                "its amplitude port (max(hi, hi - hi/8 + lo/2) of |x|, |y|)",
            ),
        ],
        trace: vec![0, 1, 2],
        format,
        vcd: Vec::new(),
        every,
        rows: ticks / every,
    };
    let skip = (settle * TICK_HZ).round() as u64;
    let sim = |mut f: Box<dyn FnMut(u64, [i64; 3]) -> Result<(), UserError> + '_>| {
        let mut hopf = HopfOscillator::new();
        let mut stoch = HopfOscillatorStochastic::new();
        let mut noise = SrNoiseGenerator::new();
        for t in 1..=ticks {
            let o = match module {
                RunModule::HopfOscillator => hopf.tick(&HopfOscillatorInputs {
                    mu_dt: mu as i32,
                    omega_dt: omega as i32,
                    input_x: input_x as i32,
                }),
                RunModule::HopfOscillatorStochastic => {
                    let n = noise.tick();
                    stoch.tick(&HopfOscillatorStochasticInputs {
                        mu_dt: mu as i32,
                        omega_dt: omega as i32,
                        input_x: input_x as i32,
                        noise_x: n.noise[0],
                    })
                }
            };
            f(t, [i64::from(o.x), i64::from(o.y), i64::from(o.amplitude)])?;
        }
        Ok::<(), UserError>(())
    };
    let out = match &c.out {
        Some(_) => {
            // The module is cheap: the estimate is the whole trace into counters.
            open_out(c, || {
                let sinks = Sinks::counting();
                let mut w = TraceWriter::create(spec.clone(), &sinks)?;
                sim(Box::new(
                    |t, v| {
                        if t % every == 0 {
                            w.row(t, &v)
                        } else {
                            Ok(())
                        }
                    },
                ))?;
                w.finish()?;
                let mut est = sinks.counts();
                est.push(("summary.json".into(), 2_000));
                Ok(est)
            })?
        }
        None => None,
    };
    let mut writer = out
        .as_ref()
        .map(|o| TraceWriter::create(spec.clone(), &Sinks::Files(o)))
        .transpose()?;
    let mut stats = ModuleStats::default();
    let progress = Progress::new(ticks);
    sim(Box::new(|t, v| {
        if t > skip {
            stats.push(v[0] as i32, v[2] as i32);
        }
        if let Some(w) = writer.as_mut() {
            if t % every == 0 {
                w.row(t, &v)?;
            }
        }
        if t % 65_536 == 0 {
            progress.update(t);
            crate::interrupt::check()?;
        }
        Ok(())
    }))?;
    progress.finish();

    let f = stats.frequency_hz();
    let measured = (f.is_finite() && f > 0.0).then_some(f);
    let (lo, mean, hi) = stats.amplitude();
    let nominal = q14_to_f64(omega) * TICK_HZ / std::f64::consts::TAU;
    let summary = ModuleSummary {
        phin: &prov,
        module,
        seconds,
        ticks,
        mu_dt: mu,
        omega_dt: omega,
        input_x,
        settle_s: settle,
        nominal_frequency_hz: nominal,
        measured_frequency_hz: measured,
        amplitude_min: lo,
        amplitude_mean: mean,
        amplitude_max: hi,
    };
    if let (Some(o), Some(w)) = (out, writer) {
        let effective = RunConfig {
            module: Some(module),
            seconds: Some(seconds),
            out: c.out.as_deref().map(absolute),
            format: Some(format),
            trace_every: Some(every),
            max_output: c.max_output.clone(),
            mu: Some(mu),
            omega_dt: Some(omega),
            input_x: Some(input_x),
            settle: Some(settle),
            ..RunConfig::default()
        };
        let cols = serde_json::to_vec_pretty(&w.columns_json())?;
        let mut files = w.finish()?;
        std::fs::write(o.file("trace.columns.json"), cols)
            .map_err(|e| UserError(format!("trace.columns.json: {e}")))?;
        let mut json = serde_json::to_vec_pretty(&summary)?;
        json.push(b'\n');
        std::fs::write(o.file("summary.json"), json)
            .map_err(|e| UserError(format!("summary.json: {e}")))?;
        std::fs::write(o.file("run.toml"), effective.to_toml()?)
            .map_err(|e| UserError(format!("run.toml: {e}")))?;
        files.extend([
            "trace.columns.json".into(),
            "summary.json".into(),
            "run.toml".into(),
        ]);
        let names: Vec<&str> = files.iter().map(String::as_str).collect();
        o.commit(&names)?;
    }
    if c.json == Some(true) {
        println!("{}", serde_json::to_string_pretty(&summary)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{module:?}: {ticks} ticks ({seconds} s), mu_dt {mu}, omega_dt {omega} (nominal {nominal:.3} Hz)"
    );
    match measured {
        Some(f) => println!("frequency: {f:.3} Hz (measured after {settle} s)"),
        None => println!("frequency: not measured (no full cycle after {settle} s)"),
    }
    if stats.n == 0 {
        println!("amplitude: not measured (nothing after {settle} s)");
    } else {
        println!("amplitude: mean {mean:.4}, min {lo:.4}, max {hi:.4} (Q4.14 as real)");
    }
    if let Some(dir) = &c.out {
        println!(
            "wrote the trace, summary.json and run.toml into {}",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_of_phin_run_has_its_config_key() {
        // A new flag needs its RunConfig field (and its `over` and `to_config` lines), or a
        // config file could not hold everything the flags hold.
        let cmd = RunArgs::augment_args(clap::Command::new("run"));
        let mut n = 0;
        for arg in cmd.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if long == "config" || long == "help" {
                continue;
            }
            let key = match long {
                "transition" => "transitions".to_string(),
                "no-wav" => "wav".to_string(),
                l => l.replace('-', "_"),
            };
            assert_eq!(flag_of(&key), format!("--{long}"));
            // A known key with a value of the wrong type is a type error, an unknown one is not.
            let e = toml::from_str::<RunConfig>(&format!("{key} = {{}}"))
                .expect_err("a table is no flag's value");
            assert!(!e.message().contains("unknown field"), "--{long}: {e}");
            n += 1;
        }
        assert!(n >= 20, "{n} flags");
    }
}
