//! `phin sweep`: many whole processors at once, on every core.
//!
//! - `phin sweep --config sweep.toml [--out DIR]`: an experiment described in a file (grid over
//!   state, adaptive, SR field, a sine drive on `sensory_input`, warm-up and seed; the figures
//!   kept per point), one row per point in `sweep.csv`, `sweep.arrow` and `sweep.json`
//!   ([`sweep_config`], [`sweep_engine`], [`sweep_table`]).
//! - `--shard K/N` runs shard K of N of it; `phin sweep slurm` writes the sbatch array script of
//!   N shards and `phin sweep merge DIR` checks and joins them ([`sweep_cluster`]).
//! - Without `--config`: the first sweep, states × adaptive on/off × constant sensory levels
//!   from flags, statistics as JSON (kept as it was: scripts rely on it).
//!
//! Section numbers refer to the processor description, phi-n-processor-system-description.md.

#[path = "sweep_cluster.rs"]
mod sweep_cluster;
#[path = "sweep_config.rs"]
mod sweep_config;
#[path = "sweep_engine.rs"]
mod sweep_engine;
#[path = "sweep_table.rs"]
mod sweep_table;

use crate::args::{check_real, in_range, parse_states, q14_real, UserError};
use crate::files::write_atomic;
use crate::progress::Progress;
use clap::Args;
use phin_core::batch::ProcessorBatch;
use phin_core::constants::TICK_HZ;
use phin_core::fixed_point::q14_to_f64;
use phin_core::identity::{ConsciousnessState, SiePhase};
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use sweep_engine::EngineKind;

/// Running sums of one instance.
#[derive(Default)]
struct Stats {
    dac_sum: u64,
    dac_sq: u64,
    r_sum: i64,
    sie: u64,
}

/// Longest run accepted: one simulated day.
const MAX_SECONDS: f64 = 86_400.0;
/// Most instances in one sweep.
const MAX_INSTANCES: usize = 65_536;

/// Arguments of `phin sweep`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SweepArgs {
    #[command(subcommand)]
    cmd: Option<SweepCmd>,
    /// The sweep file (TOML): grid over state, adaptive, sr_field, drive_hz, drive_amplitude,
    /// warmup_s, seed; seconds; figures (docs/cluster.md). Writes sweep.csv, sweep.arrow,
    /// sweep.json into --out DIR (else the CSV on stdout).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// With --config: run only shard K of N (0 <= K < N <= 100000; point p is in shard p mod N).
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// With --config: replace an --out directory that holds another phin run's files.
    #[arg(long)]
    force: bool,
    /// Without --config: states, comma-separated: normal, anesthesia, psychedelic, flow,
    /// meditation (or 0-4) [default: all five].
    #[arg(long)]
    states: Option<String>,
    /// Without --config: adaptive φⁿ dynamics (ENABLE_ADAPTIVE): both, on or off [default: both].
    #[arg(long)]
    adaptive: Option<String>,
    /// Without --config: constant sensory input levels, comma-separated, as Q4.14 reals
    /// (1.0 = full scale, -8 … 7.99994) [default: 0].
    #[arg(long, allow_hyphen_values = true)]
    sensory: Option<String>,
    /// Without --config: simulated seconds of every instance (0 < S <= 86400) [default: 10].
    #[arg(long, allow_negative_numbers = true)]
    seconds: Option<f64>,
    /// Without --config: ticks of the transition into the selected state (0..=65535)
    /// [default: 4000].
    #[arg(long, allow_negative_numbers = true)]
    transition_duration: Option<i64>,
    /// Rayon threads (1..=1024; default: all cores).
    #[arg(long, allow_negative_numbers = true)]
    threads: Option<i64>,
    /// With --config: how the points run — lanes (the lane engine, eight instances per SIMD
    /// group), processors (one whole processor per point) or auto (lanes where the CPU has
    /// AVX-512, else processors). The table is the same bytes either way [default: auto].
    #[arg(long, value_name = "ENGINE")]
    engine: Option<String>,
    /// With --config: the output directory. Without: write all results as one JSON file (else
    /// JSON lines, one per instance, on stdout).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// `phin sweep slurm` and `phin sweep merge`.
#[derive(clap::Subcommand)]
enum SweepCmd {
    /// Write an sbatch array script running a sweep file as N shards on a Slurm cluster, and
    /// print the commands that submit it and merge its shards.
    Slurm(sweep_cluster::SlurmArgs),
    /// Check that every shard of a sweep is present once and write the merged table, the same
    /// bytes as the one-machine sweep.
    Merge(sweep_cluster::MergeArgs),
}

/// The flags of the first sweep that a sweep file replaces, with their keys in the file.
fn legacy_flags(a: &SweepArgs) -> Vec<(&'static str, &'static str)> {
    let mut v = Vec::new();
    if a.states.is_some() {
        v.push(("--states", "grid.state"));
    }
    if a.adaptive.is_some() {
        v.push(("--adaptive", "grid.adaptive"));
    }
    if a.sensory.is_some() {
        v.push(("--sensory", "grid.drive_amplitude and grid.drive_hz"));
    }
    if a.seconds.is_some() {
        v.push(("--seconds", "seconds"));
    }
    if a.transition_duration.is_some() {
        v.push(("--transition-duration", "transition_duration"));
    }
    v
}

/// The `--threads` of a command, or all cores.
pub(crate) fn threads_of(t: Option<i64>) -> Result<usize, UserError> {
    match t {
        Some(t) => Ok(in_range("--threads", t, 1, 1_024)? as usize),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// Runs `phin sweep`.
pub fn sweep(a: SweepArgs) -> Result<ExitCode, UserError> {
    match a.cmd {
        Some(SweepCmd::Slurm(s)) => return sweep_cluster::slurm(s),
        Some(SweepCmd::Merge(m)) => return sweep_cluster::merge(m),
        None => {}
    }
    match &a.config {
        Some(path) => {
            if let Some((flag, key)) = legacy_flags(&a).first() {
                return Err(UserError(format!(
                    "{flag} is not used with --config (the sweep file says it: {key})"
                )));
            }
            let shard = a
                .shard
                .as_deref()
                .map(sweep_cluster::parse_shard)
                .transpose()?;
            sweep_cluster::run_file(
                path,
                shard,
                a.out.as_deref(),
                a.force,
                threads_of(a.threads)?,
                EngineKind::parse(a.engine.as_deref().unwrap_or("auto")).map_err(UserError)?,
            )
        }
        None => {
            for (set, flag) in [
                (a.shard.is_some(), "--shard"),
                (a.force, "--force"),
                (a.engine.is_some(), "--engine"),
            ] {
                if set {
                    return Err(UserError(format!("{flag} needs --config FILE")));
                }
            }
            legacy(a)
        }
    }
}

/// One combination of the sweep.
#[derive(Clone, Copy)]
struct Point {
    state: ConsciousnessState,
    adaptive: bool,
    sensory: f64,
    sensory_q14: i32,
}

/// Statistics of one instance.
#[derive(Serialize)]
struct InstanceResult {
    index: usize,
    state: ConsciousnessState,
    state_select: u8,
    adaptive: bool,
    sensory: f64,
    sensory_q14: i32,
    transition_duration: u16,
    params: PhiNNeuralProcessorParams,
    seconds: f64,
    ticks: u64,
    dac_mean: f64,
    dac_std: f64,
    kuramoto_r_mean: f64,
    sie_fraction: f64,
    instance_ticks_per_s: f64,
}

/// The whole sweep as one JSON document.
#[derive(Serialize)]
struct SweepResult<'a> {
    instances: usize,
    ticks: u64,
    seconds: f64,
    threads: usize,
    wall_s: f64,
    instance_ticks_per_s: f64,
    results: &'a [InstanceResult],
}

fn parse_adaptive(s: &str) -> Result<Vec<bool>, UserError> {
    match s.trim() {
        "both" => Ok(vec![false, true]),
        "on" => Ok(vec![true]),
        "off" => Ok(vec![false]),
        other => Err(UserError(format!(
            "--adaptive = {other:?} is not allowed (allowed both, on, off)"
        ))),
    }
}

fn parse_sensory(s: &str) -> Result<Vec<(f64, i32)>, UserError> {
    s.split(',')
        .map(|item| q14_real("--sensory", item))
        .collect()
}

/// Checks that `path` can be created: its directory exists and it is not a directory itself.
fn check_out(path: &std::path::Path) -> Result<(), UserError> {
    if path.is_dir() {
        return Err(UserError(format!(
            "--out {}: is a directory (expected a file name)",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        return Err(UserError(format!(
            "--out {}: directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// Runs the first `phin sweep`: states × adaptive × sensory levels from flags, JSON out.
fn legacy(a: SweepArgs) -> Result<ExitCode, UserError> {
    let seconds = a.seconds.unwrap_or(10.0);
    check_real("--seconds", seconds, 0.0, MAX_SECONDS, true)?;
    let states = parse_states(
        "--states",
        a.states
            .as_deref()
            .unwrap_or("normal,anesthesia,psychedelic,flow,meditation"),
    )?;
    let adaptive = parse_adaptive(a.adaptive.as_deref().unwrap_or("both"))?;
    let sensory = parse_sensory(a.sensory.as_deref().unwrap_or("0"))?;
    // `transition_duration[15:0]` (section 8.4): ticks, at most 65535.
    let transition = in_range(
        "--transition-duration",
        a.transition_duration.unwrap_or(4_000),
        0,
        i64::from(u16::MAX),
    )? as u16;
    let threads = threads_of(a.threads)?;
    if let Some(out) = &a.out {
        check_out(out)?;
    }
    let mut points = Vec::new();
    for &state in &states {
        for &ad in &adaptive {
            for &(x, q) in &sensory {
                points.push(Point {
                    state,
                    adaptive: ad,
                    sensory: x,
                    sensory_q14: q,
                });
            }
        }
    }
    if points.len() > MAX_INSTANCES {
        return Err(UserError(format!(
            "--states x --adaptive x --sensory = {} instances is out of range (allowed 1..={MAX_INSTANCES})",
            points.len()
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| UserError(format!("--threads {threads}: {e}")))?;

    let ticks = ((seconds * TICK_HZ).round() as u64).max(1);
    let params: Vec<_> = points
        .iter()
        .map(|p| PhiNNeuralProcessorParams {
            enable_adaptive: p.adaptive,
            ..PhiNNeuralProcessorParams::DEFAULT
        })
        .collect();
    let mut batch = ProcessorBatch::new(&params);
    for (i, p) in batch.inputs_mut().iter_mut().zip(&points) {
        i.set_state(p.state);
        i.sensory_input = p.sensory_q14;
        i.transition_duration = transition;
    }

    let n = points.len();
    let progress = Progress::new(ticks * n as u64);
    let done = AtomicU64::new(0);
    let start = Instant::now();
    // Every instance runs through all its ticks on one thread (no per-tick synchronisation).
    let stats: Vec<Stats> = pool.install(|| {
        batch.par_run(
            ticks,
            |_| Stats::default(),
            |s, t, _, p| {
                let probe = p.probe();
                let d = u64::from(probe.dac());
                s.dac_sum += d;
                s.dac_sq += d * d;
                s.r_sum += i64::from(probe.kuramoto_r().raw());
                s.sie += u64::from(probe.sie().phase != SiePhase::Baseline);
                if t % 4_096 == 4_095 {
                    let all = done.fetch_add(4_096, Ordering::Relaxed) + 4_096;
                    progress.update(all);
                }
            },
        )
    });
    let wall = start.elapsed().as_secs_f64();
    progress.finish();
    let rate = (ticks * n as u64) as f64 / wall;
    let dac_sum: Vec<u64> = stats.iter().map(|s| s.dac_sum).collect();
    let dac_sq: Vec<u64> = stats.iter().map(|s| s.dac_sq).collect();
    let r_sum: Vec<i64> = stats.iter().map(|s| s.r_sum).collect();
    let sie: Vec<u64> = stats.iter().map(|s| s.sie).collect();

    let tf = ticks as f64;
    let results: Vec<InstanceResult> = points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mean = dac_sum[k] as f64 / tf;
            let var = (dac_sq[k] as f64 / tf - mean * mean).max(0.0);
            InstanceResult {
                index: k,
                state: p.state,
                state_select: p.state.code(),
                adaptive: p.adaptive,
                sensory: p.sensory,
                sensory_q14: p.sensory_q14,
                transition_duration: transition,
                params: params[k],
                seconds,
                ticks,
                dac_mean: mean,
                dac_std: var.sqrt(),
                kuramoto_r_mean: q14_to_f64(r_sum[k]) / tf,
                sie_fraction: sie[k] as f64 / tf,
                instance_ticks_per_s: rate,
            }
        })
        .collect();
    let summary = format!(
        "sweep: {n} instances x {ticks} ticks on {threads} threads in {wall:.2} s: {rate:.0} instance-ticks/s"
    );
    match &a.out {
        Some(out) => {
            let doc = SweepResult {
                instances: n,
                ticks,
                seconds,
                threads,
                wall_s: wall,
                instance_ticks_per_s: rate,
                results: &results,
            };
            write_atomic(out, serde_json::to_string_pretty(&doc)?.as_bytes())?;
            println!("{summary}");
            println!("wrote {}", out.display());
        }
        None => {
            for r in &results {
                println!("{}", serde_json::to_string(r)?);
            }
            eprintln!("{summary}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
