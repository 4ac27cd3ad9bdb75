//! `phin`: run the φⁿ processor model, sweep its parameters, co-simulate it against RTL, and
//! measure its speed.
//!
//! Exit status: 0 success, 1 the co-simulation found a mismatch, 2 bad arguments or a setup
//! error (one line naming the problem).

mod bench;
mod cosim;
mod processor_run;
mod report;
mod run;
mod sweep;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The φⁿ neural processor: bit-exact model, co-simulation against RTL, speed.
#[derive(Parser)]
#[command(name = "phin", version, about)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the whole processor (or one module) for some simulated seconds and report what it did.
    Run(run::RunArgs),
    /// Co-simulate an RTL top module against its model in lockstep.
    Cosim(cosim::CosimArgs),
    /// Measure model ticks/s against Verilated ticks/s on the same stimulus.
    Bench(bench::BenchArgs),
    /// Run the whole processor over states x adaptive x sensory levels, many instances at once.
    Sweep(sweep::SweepArgs),
}

/// A failure the user can act on: printed as one line, exit status 2.
#[derive(Debug)]
pub struct UserError(pub String);

impl<E: std::fmt::Display> From<E> for UserError {
    fn from(e: E) -> Self {
        UserError(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(a) => run::run(a),
        Cmd::Cosim(a) => cosim::cosim(a),
        Cmd::Bench(a) => bench::bench(a),
        Cmd::Sweep(a) => sweep::sweep(a),
    };
    match result {
        Ok(code) => code,
        Err(UserError(msg)) => {
            eprintln!("phin: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Writes `bytes` to `path` through a temporary name and a rename, so a reader never sees a
/// half-written file.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<(), UserError> {
    let tmp = phin_cosim::tmp_name(path);
    std::fs::write(&tmp, bytes).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        UserError(format!("{}: {e}", path.display()))
    })?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        UserError(format!("{}: {e}", path.display()))
    })
}

/// Parses an integer argument and checks it against an inclusive range, naming the field.
pub fn in_range(field: &str, v: i64, lo: i64, hi: i64) -> Result<i64, UserError> {
    if v < lo || v > hi {
        Err(UserError(format!(
            "{field} = {v} is out of range (allowed {lo}..={hi})"
        )))
    } else {
        Ok(v)
    }
}
