//! `phin bench`: the model's ticks per second against the Verilated RTL's, on the same stimulus
//! in the same run (shared/DESIGN.md, Performance). Never a timed test: a ratio, printed.

use crate::UserError;
use clap::Args;
use phin_cosim::{Cosim, RandomStimulus, Stimulus};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `phin bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Top module to measure.
    #[arg(long)]
    top: String,
    /// Ticks to run on each side, 1000..=100000000.
    #[arg(long, default_value_t = 1_000_000)]
    ticks: u64,
    /// Directory of the RTL.
    #[arg(long, default_value = "rtl")]
    rtl: PathBuf,
    /// Seed of the stimulus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Figures {
    top: String,
    ticks: u64,
    model_ticks_per_s: f64,
    verilated_ticks_per_s: f64,
    ratio: f64,
}

/// Runs `phin bench`.
pub fn bench(a: BenchArgs) -> Result<ExitCode, UserError> {
    if !(1_000..=100_000_000).contains(&a.ticks) {
        return Err(UserError(format!(
            "--ticks = {} is out of range (allowed 1000..=100000000)",
            a.ticks
        )));
    }
    let mut c = Cosim::new(&a.rtl, &a.top)?;
    let ports = c.model.inputs();
    let width = ports.len().max(1);
    let mut stim = RandomStimulus::new(ports, a.seed);
    let mut buf = vec![0u64; a.ticks as usize * width];
    for (t, row) in buf.chunks_mut(width).enumerate() {
        stim.next(t as u64, row);
    }

    c.model.reset();
    let t0 = Instant::now();
    for row in buf.chunks(width) {
        c.model.tick(row);
    }
    let model_s = t0.elapsed().as_secs_f64();
    // Keep the model's final state observable so the loop cannot be optimised away.
    let mut probe = vec![0u64; c.model.signals().len()];
    c.model.sample(&mut probe);
    std::hint::black_box(&probe);

    c.rtl.reset(2);
    let rtl_buf: &[u64] = if ports.is_empty() {
        &buf[..a.ticks as usize]
    } else {
        &buf
    };
    let t1 = Instant::now();
    c.rtl.run(rtl_buf);
    let rtl_s = t1.elapsed().as_secs_f64();

    let f = Figures {
        top: a.top.clone(),
        ticks: a.ticks,
        model_ticks_per_s: a.ticks as f64 / model_s,
        verilated_ticks_per_s: a.ticks as f64 / rtl_s,
        ratio: rtl_s / model_s,
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&f)?);
    } else {
        println!(
            "top: {} ({} ticks, same stimulus, seed {})",
            f.top, f.ticks, a.seed
        );
        println!("model:     {:>14.0} ticks/s", f.model_ticks_per_s);
        println!("verilated: {:>14.0} ticks/s", f.verilated_ticks_per_s);
        println!("ratio:     {:>14.1}x (model / verilated)", f.ratio);
    }
    Ok(ExitCode::SUCCESS)
}
