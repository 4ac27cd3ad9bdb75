//! A sweep file run on one machine, as one shard of N, as a Slurm array, and merged.
//!
//! Shard K of N holds the points whose index is K mod N (interleaved, so shards cost alike when
//! the warm-up varies along an axis). Its output directory carries K, N and the digest of the
//! sweep file in `sweep.json`; `phin sweep merge DIR` takes every subdirectory of DIR that holds
//! a shard, refuses a foreign shard (another sweep file, or another N), a shard present twice
//! and a missing shard (each one error naming the shard and, for a missing one, its Slurm array
//! task id and the command that re-runs it alone), and writes the merged table: rows sorted by
//! point index, the same bytes as the one-machine run.

use super::sweep_config::{Sweep, SweepConfig};
use super::sweep_engine::{BatchEngine, Engine, EngineKind, Figures, PointSpec};
use super::sweep_table::{grid_columns, grid_values, Column, Meta, Shard, Table, Value};
use super::sweep_table::{ARROW, CSV, META};
use crate::args::{in_range, UserError};
use crate::files::OutDir;
use crate::progress::Progress;
use clap::Args;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Most shards of one sweep.
pub const MAX_SHARDS: usize = 100_000;
/// The sbatch script's file name.
pub const SBATCH: &str = "sweep.sbatch";
/// The sweep file's copy in a Slurm directory.
pub const TOML: &str = "sweep.toml";

/// `K/N` with 0 <= K < N <= [`MAX_SHARDS`].
pub fn parse_shard(s: &str) -> Result<Shard, UserError> {
    let bad = || {
        UserError(format!(
            "--shard = {s:?} is out of range (allowed K/N with 0 <= K < N <= {MAX_SHARDS})"
        ))
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || n > MAX_SHARDS || k >= n {
        return Err(bad());
    }
    Ok(Shard { k, n })
}

/// The points of `shard` (all of them without one).
fn shard_points(sweep: &Sweep, shard: Option<Shard>) -> Vec<super::sweep_config::Point> {
    sweep
        .points
        .iter()
        .filter(|p| shard.is_none_or(|s| p.index % s.n == s.k))
        .copied()
        .collect()
}

/// The columns of a sweep's table: the grid's, then the figures'.
fn columns(sweep: &Sweep) -> Vec<Column> {
    let mut c = grid_columns();
    c.extend(sweep.figures.iter().map(|f| Column {
        name: f.name(),
        unit: f.unit().into(),
        dtype: super::sweep_table::Dtype::F64,
    }));
    c
}

/// Runs the points of `shard` through `engine`; returns the table and the instance-ticks run.
fn run_points(sweep: &Sweep, shard: Option<Shard>, engine: &impl Engine) -> (Table, u64) {
    let points = shard_points(sweep, shard);
    let c = &sweep.config;
    let specs: Vec<PointSpec> = points
        .iter()
        .map(|p| PointSpec::of(p, c.transition_duration, c.warmup_noise))
        .collect();
    let total: u64 = specs.iter().map(|s| s.warmup_ticks + sweep.ticks).sum();
    let bar = Progress::new(total);
    let figs = engine.run(
        &specs,
        sweep.ticks,
        |_| Figures::new(&sweep.figures),
        &|done| bar.update(done),
    );
    bar.finish();
    let rows = points
        .iter()
        .zip(&figs)
        .map(|(p, f)| {
            let mut r = grid_values(p);
            r.extend(f.values(&sweep.figures).into_iter().map(Value::F64));
            r
        })
        .collect();
    (
        Table {
            columns: columns(sweep),
            rows,
        },
        total,
    )
}

/// Writes the three files of a table into `out`'s temporary directory and commits it.
fn write_table(out: OutDir, table: &Table, meta: &Meta) -> Result<(), UserError> {
    let w = |name: &str, bytes: &[u8]| {
        let p = out.file(name);
        std::fs::write(&p, bytes).map_err(|e| UserError(format!("{}: {e}", p.display())))
    };
    w(CSV, table.to_csv().as_bytes())?;
    w(ARROW, &table.to_arrow()?)?;
    out.write_json(META, meta)?;
    out.commit(&[CSV, ARROW, META])
}

/// `phin sweep --config FILE [--shard K/N] [--out DIR]`.
pub fn run_file(
    path: &Path,
    shard: Option<Shard>,
    out: Option<&Path>,
    force: bool,
    threads: usize,
    kind: EngineKind,
) -> Result<ExitCode, UserError> {
    let sweep = SweepConfig::load(path)?.check()?;
    if shard.is_some() && out.is_none() {
        return Err(UserError(
            "--shard needs --out DIR (a shard's table is merged from its directory)".into(),
        ));
    }
    let dir = out.map(|d| OutDir::create(d, force)).transpose()?;
    let engine = BatchEngine::new(threads, kind)
        .map_err(|e| UserError(format!("--threads {threads}: {e}")))?;
    let start = Instant::now();
    let (table, total) = run_points(&sweep, shard, &engine);
    let wall = start.elapsed().as_secs_f64();
    crate::interrupt::check()?;
    let part = shard.map_or(String::new(), |s| format!(" (shard {}/{})", s.k, s.n));
    let summary = format!(
        "sweep {}{part}: {} points x {} ticks (+ warm-up) on {threads} threads ({} engine) in \
         {wall:.2} s: {:.0} instance-ticks/s",
        sweep.digest,
        table.rows.len(),
        sweep.ticks,
        kind.name(),
        total as f64 / wall.max(1e-9)
    );
    match dir {
        Some(dir) => {
            let shown = dir.dir().display().to_string();
            let meta = Meta::of(&sweep, shard, table.rows.len(), &table.columns);
            write_table(dir, &table, &meta)?;
            println!("{summary}");
            println!("wrote {CSV}, {ARROW}, {META} into {shown}");
        }
        None => {
            print!("{}", table.to_csv());
            eprintln!("{summary}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `phin sweep slurm`.
#[derive(Args)]
pub struct SlurmArgs {
    /// The sweep file.
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// Number of shards: array tasks 0 … N-1 (1..=100000).
    #[arg(long, allow_negative_numbers = true)]
    shards: i64,
    /// The job directory: sweep.toml and sweep.sbatch are written there; the shards write
    /// shard-K/ and the Slurm logs beside them.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace an --out directory that holds another phin run's files.
    #[arg(long)]
    force: bool,
    /// CPUs per task (1..=1024; default: the points of the largest shard, at most 8).
    #[arg(long, allow_negative_numbers = true)]
    cpus_per_task: Option<i64>,
    /// Slurm partition (default: the cluster's default).
    #[arg(long)]
    partition: Option<String>,
    /// The phin binary the tasks run (default: this one, by absolute path). The script also
    /// honours $PHIN at run time.
    #[arg(long, value_name = "PATH")]
    phin: Option<PathBuf>,
}

/// A path quoted for a POSIX shell.
fn sh(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// Instance-ticks per second of one core on this machine: one point of `sweep` for 4000 ticks,
/// as a whole processor (a conservative figure where the tasks run the lane engine, which one
/// point cannot measure: it fills one lane of eight).
fn calibrate(sweep: &Sweep) -> Result<f64, UserError> {
    let engine = BatchEngine::new(1, EngineKind::Processors)
        .map_err(|e| UserError(format!("calibration: {e}")))?;
    let c = &sweep.config;
    let mut spec = PointSpec::of(&sweep.points[0], c.transition_duration, c.warmup_noise);
    spec.warmup_ticks = 0;
    let ticks = 4_000;
    let start = Instant::now();
    engine.run(&[spec], ticks, |_| Figures::new(&sweep.figures), &|_| {});
    Ok(ticks as f64 / start.elapsed().as_secs_f64().max(1e-9))
}

/// `phin sweep slurm`.
pub fn slurm(a: SlurmArgs) -> Result<ExitCode, UserError> {
    let sweep = SweepConfig::load(&a.config)?.check()?;
    let n = in_range("--shards", a.shards, 1, MAX_SHARDS as i64)? as usize;
    if let Some(p) = &a.partition {
        if p.is_empty()
            || !p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        {
            return Err(UserError(format!(
                "--partition = {p:?} is not allowed (letters, digits, _ - . only)"
            )));
        }
    }
    let phin = match &a.phin {
        Some(p) => std::path::absolute(p)?,
        None => std::env::current_exe()?,
    };
    // The cost of the largest shard, in instance-ticks.
    let per_point = |k: usize| {
        let p = &sweep.points[k];
        super::sweep_config::ticks_of(p.warmup_s) + sweep.ticks
    };
    let mut cost = vec![0u64; n];
    let mut count = vec![0usize; n];
    for k in 0..sweep.points.len() {
        cost[k % n] += per_point(k);
        count[k % n] += 1;
    }
    let biggest = cost.iter().copied().max().unwrap_or(0);
    let most = count.iter().copied().max().unwrap_or(0).max(1);
    let cpus = match a.cpus_per_task {
        Some(c) => in_range("--cpus-per-task", c, 1, 1_024)? as usize,
        None => most.min(8),
    };
    let rate = calibrate(&sweep)?;
    // Twice the estimate (another machine may be slower, a node may be shared) plus a minute to
    // start, rounded up to whole minutes; at least five.
    let est_s = biggest as f64 / (rate * cpus.min(most) as f64);
    let minutes = ((2.0 * est_s + 60.0) / 60.0).ceil().max(5.0) as u64;
    // Every processor of a batch of at most 4096 at once, its observers and the rows, over a
    // 64 MiB base for the binary and its threads.
    let inst =
        std::mem::size_of::<phin_core::phi_n_neural_processor::PhiNNeuralProcessor>() + 2_048;
    let mem_mib = 64 + (most.min(4_096) * inst + most * 512).div_ceil(1 << 20) as u64;

    let out = OutDir::create(&a.out, a.force)?;
    let dir = std::path::absolute(&a.out)?;
    let toml = format!(
        "# The sweep file of this Slurm job, in canonical form (digest {}).\n{}",
        sweep.digest, sweep.canonical
    );
    let partition = a
        .partition
        .as_ref()
        .map_or(String::new(), |p| format!("#SBATCH --partition={p}\n"));
    let script = format!(
        "#!/bin/bash\n\
         # phin sweep on Slurm: {points} points of sweep.toml (digest {digest}) as {n} shards, one\n\
         # array task each (task K runs the points whose index is K mod {n}).\n\
         # Written by `phin sweep slurm`. Resources from the estimated cost: the largest shard is\n\
         # {biggest} instance-ticks, {rate:.0} instance-ticks/s per core measured on the host that\n\
         # wrote this; time is twice the estimate plus a minute.\n\
         # Submit: sbatch {script_path}\n\
         # Re-run task K alone: sbatch --array=K {script_path}\n\
         # Merge: phin sweep merge {dir_q}\n\
         #SBATCH --job-name=phin-sweep-{digest}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --ntasks=1\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --mem={mem_mib}M\n\
         #SBATCH --time={hh:02}:{mm:02}:00\n\
         #SBATCH --output={dir_s}/slurm-%A_%a.out\n\
         {partition}\
         set -euo pipefail\n\
         # $PHIN overrides the binary (for a cluster whose nodes see it under another path).\n\
         PHIN=\"${{PHIN:-{phin_s}}}\"\n\
         exec \"$PHIN\" sweep --config {toml_q} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" \\\n    \
         --threads \"${{SLURM_CPUS_PER_TASK:-{cpus}}}\" --out {dir_q}/\"shard-$SLURM_ARRAY_TASK_ID\" --force\n",
        points = sweep.points.len(),
        digest = sweep.digest,
        script_path = sh(&dir.join(SBATCH)),
        dir_q = sh(&dir),
        dir_s = dir.display(),
        last = n - 1,
        hh = minutes / 60,
        mm = minutes % 60,
        phin_s = phin.display(),
        toml_q = sh(&dir.join(TOML)),
    );
    if dir.display().to_string().contains(['\n', '%', ' ']) {
        return Err(UserError(format!(
            "--out {}: Slurm's #SBATCH --output cannot hold a path with spaces, % or line ends",
            a.out.display()
        )));
    }
    let w = |name: &str, text: &str| {
        let p = out.file(name);
        std::fs::write(&p, text).map_err(|e| UserError(format!("{}: {e}", p.display())))
    };
    w(TOML, &toml)?;
    w(SBATCH, &script)?;
    out.commit(&[TOML, SBATCH])?;
    println!(
        "wrote {TOML} and {SBATCH} into {}: {} points in {n} shards, the largest {biggest} \
         instance-ticks (about {est_s:.0} s on {cpus} CPUs at {rate:.0} instance-ticks/s per \
         core); per task {cpus} CPUs, {mem_mib} MiB, {minutes} min",
        dir.display(),
        sweep.points.len()
    );
    println!("submit: sbatch {}", sh(&dir.join(SBATCH)));
    println!("merge:  {} sweep merge {}", sh(&phin), sh(&dir));
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `phin sweep merge`.
#[derive(Args)]
pub struct MergeArgs {
    /// The directory whose subdirectories hold the shards (a `phin sweep slurm` directory).
    dir: PathBuf,
    /// Where the merged sweep.csv, sweep.arrow, sweep.json go (default: DIR/merged).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files.
    #[arg(long)]
    force: bool,
}

/// One shard found in the directory.
struct Found {
    dir: PathBuf,
    meta: Meta,
}

/// `phin sweep merge DIR`.
pub fn merge(a: MergeArgs) -> Result<ExitCode, UserError> {
    let shown = a.dir.display();
    let entries = std::fs::read_dir(&a.dir).map_err(|e| UserError(format!("{shown}: {e}")))?;
    let mut found = Vec::new();
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .filter(|p| p.join(META).is_file())
        .collect();
    names.sort();
    for d in names {
        let path = d.join(META);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
        let meta: Meta = serde_json::from_str(&text).map_err(|e| {
            UserError(format!(
                "{}: not a phin sweep's {META}: {e}",
                path.display()
            ))
        })?;
        if meta.shard.is_some() {
            found.push(Found { dir: d, meta });
        }
    }
    if found.is_empty() {
        return Err(UserError(format!(
            "{shown}: no shard (no subdirectory with a {META} of `phin sweep --shard`)"
        )));
    }
    // This sweep: the job directory's sweep file if there is one, else the first shard's.
    let reference = match std::fs::metadata(a.dir.join(TOML)) {
        Ok(_) => SweepConfig::load(&a.dir.join(TOML))?.check()?.digest,
        Err(_) => found[0].meta.config_digest.clone(),
    };
    // Its number of shards: the most common among the shards of this sweep (ties: the first).
    let mut votes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        if let (Some(s), true) = (f.meta.shard, f.meta.config_digest == reference) {
            let v = votes.entry(s.n).or_insert((0, i));
            v.0 += 1;
        }
    }
    let n = votes
        .iter()
        .max_by_key(|(_, &(count, first))| (count, std::cmp::Reverse(first)))
        .map(|(&n, _)| n)
        .ok_or_else(|| {
            UserError(format!(
                "{shown}: no shard is of this directory's {TOML} (digest {reference})"
            ))
        })?;
    for f in &found {
        let s = f.meta.shard.unwrap_or(Shard { k: 0, n: 0 });
        if f.meta.config_digest != reference || s.n != n {
            return Err(UserError(format!(
                "{}: foreign shard {}/{} of sweep {} (this sweep is {reference} in {n} shards); \
                 move it out of {shown}",
                f.dir.display(),
                s.k,
                s.n,
                f.meta.config_digest
            )));
        }
    }
    let mut by_k: BTreeMap<usize, &Found> = BTreeMap::new();
    for f in &found {
        let k = f.meta.shard.map_or(0, |s| s.k);
        if let Some(other) = by_k.insert(k, f) {
            return Err(UserError(format!(
                "shard {k}/{n} is present twice: {} and {}; remove one",
                other.dir.display(),
                f.dir.display()
            )));
        }
    }
    let missing: Vec<String> = (0..n)
        .filter(|k| !by_k.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        let list = missing.join(",");
        let script = a.dir.join(SBATCH);
        let rerun = if script.is_file() {
            format!(
                "; re-run alone: sbatch --array={list} {}",
                sh(&std::path::absolute(&script)?)
            )
        } else {
            String::new()
        };
        return Err(UserError(format!(
            "{shown}: shard {list} of {n} missing (Slurm array task {list}){rerun}"
        )));
    }
    // Every shard is there once: read its rows and check they are the shard's points.
    let first = &by_k[&0].meta;
    let mut rows: Vec<Vec<Value>> = Vec::with_capacity(first.points);
    for (&k, f) in &by_k {
        let csv = f.dir.join(CSV);
        let text = std::fs::read_to_string(&csv)
            .map_err(|e| UserError(format!("{}: {e}", csv.display())))?;
        let t = Table::from_csv(&text, &f.meta.columns, &csv.display().to_string())?;
        let want = (k..first.points).step_by(n);
        let ok = f.meta.columns == first.columns
            && t.rows.len() == want.len()
            && t.rows
                .iter()
                .zip(want)
                .all(|(r, p)| r.first() == Some(&Value::U64(p as u64)));
        if !ok {
            return Err(UserError(format!(
                "{}: its rows are not the points of shard {k}/{n}",
                csv.display()
            )));
        }
        rows.extend(t.rows);
    }
    rows.sort_by_key(|r| match r.first() {
        Some(Value::U64(p)) => *p,
        _ => u64::MAX,
    });
    let table = Table {
        columns: first.columns.clone(),
        rows,
    };
    let meta = Meta {
        shard: None,
        rows: table.rows.len(),
        ..first.clone()
    };
    let out = a.out.unwrap_or_else(|| a.dir.join("merged"));
    let dir = OutDir::create(&out, a.force)?;
    write_table(dir, &table, &meta)?;
    println!(
        "merged {n} shards of sweep {reference}: {} points into {}",
        meta.rows,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
