//! `phin`: run the φⁿ processor model, observe its oscillators, sweep its parameters,
//! co-simulate it against RTL, and measure its speed.
//!
//! Exit status: 0 success, 1 the co-simulation found a mismatch, 2 bad arguments or a setup
//! error (one line naming the problem).
//!
//! Modules: `args` (the user error and the arguments every command parses the same way),
//! `progress` (the progress bar), `files` (atomic files and output directories), `plots` (the
//! PNGs), `processor_run` (schedule → step → observers → summary of the whole processor),
//! `report` (the files of `phin run --out`), and one module per command.

mod args;
mod bench;
mod biomind;
mod conduct;
mod cosim;
mod entrain;
mod files;
mod observe;
mod plots;
mod processor_run;
mod progress;
mod report;
mod run;
mod sweep;
mod sync;

use args::UserError;
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
    /// Run the whole processor and measure its 21 oscillators: frequency, radius, phase
    /// diffusion, pairwise phase locking beside its chance level (observables.json, plv.png).
    Observe(observe::ObserveArgs),
    /// Co-simulate an RTL top module against its model in lockstep.
    Cosim(cosim::CosimArgs),
    /// Measure model ticks/s against Verilated ticks/s on the same stimulus.
    Bench(bench::BenchArgs),
    /// Run the whole processor over states x adaptive x sensory levels, many instances at once.
    Sweep(sweep::SweepArgs),
    /// Map an oscillator's Arnold tongue: PLV to a periodic drive over frequency x amplitude, on
    /// every core, beside the drive-off control (arnold.json, arnold.png).
    Entrain(entrain::EntrainArgs),
    /// Run the neural conductor beside the processor: phase steering, coherence-gated routing,
    /// failure detectors (report.json, phase.png, flows.png).
    Conduct(conduct::ConductArgs),
    /// Run the layer synchronization protocol on the live processor (report.json, sync.png).
    Sync(sync::SyncArgs),
    /// BIOMIND: neuromodulated agents on behavioural tasks, bound to live processors.
    Biomind(biomind::BiomindArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(a) => run::run(a),
        Cmd::Observe(a) => observe::observe(a),
        Cmd::Cosim(a) => cosim::cosim(a),
        Cmd::Bench(a) => bench::bench(a),
        Cmd::Sweep(a) => sweep::sweep(a),
        Cmd::Entrain(a) => entrain::entrain(a),
        Cmd::Conduct(a) => conduct::conduct(a),
        Cmd::Sync(a) => sync::sync(a),
        Cmd::Biomind(a) => biomind::biomind(a),
    };
    match result {
        Ok(code) => code,
        Err(UserError(msg)) => {
            eprintln!("phin: {msg}");
            ExitCode::from(2)
        }
    }
}
