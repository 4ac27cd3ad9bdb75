//! `phin run`: the whole processor (by default) or one oscillator module (`--module`) for N
//! simulated seconds, with what it did.

use crate::args::{check_real, in_range, parse_state, parse_transition, read_rows, UserError};
use crate::files::write_atomic;
use crate::processor_run::{parse_vcd_signals, run_processor, Plan, RunOut};
use crate::progress::Progress;
use crate::report::MAX_WAV_SAMPLES;
use clap::{Args, ValueEnum};
use phin_analysis::{q14_stats, zero_crossing_frequency};
use phin_core::constants::{OMEGA_DT_THETA, TICK_HZ};
use phin_core::fixed_point::{q14_to_f64, WIDTH};
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};
use phin_core::sr_noise_generator::SrNoiseGenerator;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// The one progress bar lives in `crate::progress`; `phin cosim` (owned by the co-simulation
/// work) still names it here.

/// Longest run accepted: one simulated week.
const MAX_SECONDS: f64 = 7.0 * 86_400.0;

/// Modules `phin run` can run on their own.
#[derive(Clone, Copy, Debug, ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunModule {
    /// One Hopf oscillator.
    HopfOscillator,
    /// One stochastic Hopf oscillator driven by SR noise channel f0.
    HopfOscillatorStochastic,
}

/// Arguments of `phin run`.
#[derive(Args)]
pub struct RunArgs {
    /// Run one module on its own instead of the whole processor.
    #[arg(long, value_enum)]
    module: Option<RunModule>,
    /// Consciousness state at the start: normal, anesthesia, psychedelic, flow, meditation (or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Simulated seconds (0 < S <= 604800).
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    seconds: f64,
    /// Write trace.csv, waves.vcd, dac.wav, spectrum.png and summary.json into this directory
    /// (with --module: trace.csv and summary.json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seed of the sensory background noise (uniform, ±0.02).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Active φⁿ dynamics (ENABLE_ADAPTIVE = 1).
    #[arg(long)]
    adaptive: bool,
    /// A state change STATE@SECONDS[:DURATION] (duration in seconds, default 1, at most 16.38);
    /// repeatable.
    #[arg(long = "transition", value_name = "STATE@SECONDS[:DURATION]")]
    transitions: Vec<String>,
    /// Sensory input per tick: one real per line (1.0 = full scale, range [-8, 8)); 0 after the end.
    #[arg(long, value_name = "FILE")]
    sensory: Option<PathBuf>,
    /// SR field per tick: per line the broadband field, or it and the five per-harmonic fields
    /// f0..f4, comma-separated reals; 0 after the end.
    #[arg(long = "sr-field", value_name = "FILE")]
    sr_field: Option<PathBuf>,
    /// Columns of trace.csv shown in waves.vcd: `all`, or a comma-separated list (default: the DAC,
    /// theta, the motor column, SR f0, Kuramoto R, SIE phase, coupling mode, CA3 pattern).
    #[arg(long, value_name = "LIST")]
    vcd_signals: Option<String>,
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
    /// With --module: seconds at the start left out of the measurement (settling).
    #[arg(long, allow_negative_numbers = true)]
    settle: Option<f64>,
}

#[derive(Serialize)]
struct Summary {
    module: RunModule,
    seconds: f64,
    ticks: u64,
    mu_dt: i64,
    omega_dt: i64,
    input_x: i64,
    nominal_frequency_hz: f64,
    measured_frequency_hz: f64,
    amplitude_min: f64,
    amplitude_mean: f64,
    amplitude_max: f64,
}

/// Runs `phin run`.
pub fn run(a: RunArgs) -> Result<ExitCode, UserError> {
    let seconds = check_real("--seconds", a.seconds, 0.0, MAX_SECONDS, true)?;
    match a.module {
        Some(module) => run_module(module, seconds, &a),
        None => run_whole(seconds, &a),
    }
}

/// The whole processor.
fn run_whole(seconds: f64, a: &RunArgs) -> Result<ExitCode, UserError> {
    for (flag, given) in [
        ("--mu", a.mu.is_some()),
        ("--omega-dt", a.omega_dt.is_some()),
        ("--input-x", a.input_x.is_some()),
        ("--settle", a.settle.is_some()),
    ] {
        if given {
            return Err(UserError(format!(
                "{flag} applies to a single module only (add --module)"
            )));
        }
    }
    let state = parse_state("--state", &a.state)?;
    let ticks = (seconds * TICK_HZ).round().max(1.0) as u64;
    // dac.wav holds one 16-bit sample per tick and a WAV file at most 2^32 bytes: refuse up front
    // rather than after days of simulation.
    let max_out_s = MAX_WAV_SAMPLES as f64 / TICK_HZ;
    if a.out.is_some() && seconds > max_out_s {
        return Err(UserError(format!(
            "--seconds = {seconds} is out of range with --out (allowed (0, {max_out_s:.0}]: dac.wav \
             holds at most {MAX_WAV_SAMPLES} ticks)"
        )));
    }
    let mut plan = Plan::new(state, ticks, a.seed, a.adaptive);
    plan.transitions = a
        .transitions
        .iter()
        .map(|t| parse_transition(t, seconds))
        .collect::<Result<Vec<_>, _>>()?;
    plan.transitions.sort_by_key(|t| t.tick);
    if let Some(p) = &a.sensory {
        plan.sensory = Some(read_rows("--sensory", p, ["sensory_input"], ticks)?);
    }
    if let Some(p) = &a.sr_field {
        let ports = [
            "sr_field_input",
            "sr_field[f0]",
            "sr_field[f1]",
            "sr_field[f2]",
            "sr_field[f3]",
            "sr_field[f4]",
        ];
        plan.sr_field = Some(read_rows("--sr-field", p, ports, ticks)?);
    }
    let vcd_signals = parse_vcd_signals(a.vcd_signals.as_deref())?;
    let out = a.out.clone().map(|dir| RunOut { dir, vcd_signals });
    let s = run_processor(&plan, out.as_ref())?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "phi_n_neural_processor: {} for {} s ({} ticks{}), {:.0} ticks/s",
        s.state,
        s.seconds,
        s.ticks,
        if s.adaptive { ", adaptive" } else { "" },
        s.model_ticks_per_s
    );
    for b in &s.bands {
        println!(
            "  {:<10} {:>6.2}-{:<6.2} Hz: peak {:>6.2} Hz, power {:>6.1} dB",
            b.band.name(),
            b.range_hz.0,
            b.range_hz.1,
            b.peak_hz,
            b.power_db
        );
    }
    if let Some(slope) = s.spectral_slope_2_100_hz {
        println!("  spectral slope 2-100 Hz: {slope:.2}");
    }
    println!(
        "  Kuramoto R mean {:.3}; SIE events {} (active {:.0}% of the time); CA3 learn {}, recall {}",
        s.kuramoto_r_mean,
        s.sie_events.len(),
        100.0 * s.sie_active_fraction,
        s.ca3_learn_count,
        s.ca3_recall_count
    );
    println!("  DAC codes {}..{}", s.dac_min, s.dac_max);
    if let Some(dir) = &a.out {
        println!(
            "wrote trace.csv, waves.vcd, dac.wav, spectrum.png, summary.json into {}",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One oscillator module on its own.
fn run_module(module: RunModule, seconds: f64, a: &RunArgs) -> Result<ExitCode, UserError> {
    let settle = check_real("--settle", a.settle.unwrap_or(1.0), 0.0, seconds, false)?;
    // Every port of the Hopf oscillator is an 18-bit signed word (section 1.1).
    let q = (-(1i64 << (WIDTH - 1)), (1i64 << (WIDTH - 1)) - 1);
    let mu = in_range("--mu", a.mu.unwrap_or(3), q.0, q.1)?;
    let omega = in_range("--omega-dt", a.omega_dt.unwrap_or(OMEGA_DT_THETA), q.0, q.1)?;
    let input_x = in_range("--input-x", a.input_x.unwrap_or(0), q.0, q.1)?;
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| UserError(format!("--out {}: {e}", dir.display())))?;
    }
    let ticks = (seconds * TICK_HZ).round() as u64;
    let skip = (settle * TICK_HZ).round() as u64;

    let mut hopf = HopfOscillator::new();
    let mut stoch = HopfOscillatorStochastic::new();
    let mut noise = SrNoiseGenerator::new();
    let keep_trace = a.out.is_some();
    let mut xs: Vec<i32> = Vec::with_capacity((ticks - skip.min(ticks)) as usize);
    let mut amps: Vec<i32> = Vec::with_capacity(xs.capacity());
    let mut csv = String::new();
    if keep_trace {
        csv.push_str("tick,x,y,amplitude\n");
    }
    let progress = Progress::new(ticks);
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
        if t > skip {
            xs.push(o.x);
            amps.push(o.amplitude);
        }
        if keep_trace {
            let _ = writeln!(csv, "{t},{},{},{}", o.x, o.y, o.amplitude);
        }
        if t % 65_536 == 0 {
            progress.update(t);
        }
    }
    progress.finish();

    let f = zero_crossing_frequency(&xs, TICK_HZ);
    let (lo, mean, hi) = q14_stats(&amps);
    let nominal = q14_to_f64(omega) * TICK_HZ / std::f64::consts::TAU;
    let summary = Summary {
        module,
        seconds,
        ticks,
        mu_dt: mu,
        omega_dt: omega,
        input_x,
        nominal_frequency_hz: nominal,
        measured_frequency_hz: f,
        amplitude_min: lo,
        amplitude_mean: mean,
        amplitude_max: hi,
    };
    if let Some(dir) = &a.out {
        write_atomic(&dir.join("trace.csv"), csv.as_bytes())?;
        let json = serde_json::to_string_pretty(&summary)?;
        write_atomic(&dir.join("summary.json"), json.as_bytes())?;
    }
    println!(
        "{module:?}: {ticks} ticks ({seconds} s), mu_dt {mu}, omega_dt {omega} (nominal {nominal:.3} Hz)"
    );
    println!("frequency: {f:.3} Hz (measured after {settle} s)");
    println!("amplitude: mean {mean:.4}, min {lo:.4}, max {hi:.4} (Q4.14 as real)");
    if let Some(dir) = &a.out {
        println!(
            "wrote {}/trace.csv and {}/summary.json",
            dir.display(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
