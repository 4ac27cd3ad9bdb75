//! `phin`: run the φⁿ processor model, observe its oscillators, sweep its parameters,
//! co-simulate it against RTL, and measure its speed.
//!
//! Exit status: 0 success, 1 the co-simulation found a mismatch, 2 bad arguments or a setup
//! error (one line naming the problem), 128 + N when stopped by signal N (130 for Ctrl-C, 143
//! for SIGTERM), after removing every temporary file.
//!
//! Modules: `args` (the user error and the arguments every command parses the same way),
//! `progress` (the progress bar), `interrupt` (signals), `files` (atomic files, output
//! directories and the leftovers of killed runs), `plots` (the
//! PNGs), `processor_run` (schedule → step → observers → summary of the whole processor),
//! `report` (the files of `phin run --out`), and one module per command.

mod args;
mod bench;
mod biomind;
mod biomind_body;
mod biomind_indices;
mod biomind_run;
mod clean;
mod conduct;
mod config;
mod cosim;
mod entrain;
mod files;
mod interrupt;
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
    /// Run many whole processors at once: an experiment from a sweep file (--config; on a Slurm
    /// cluster: sweep slurm, sweep merge), or states x adaptive x sensory levels from flags.
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
    /// Remove the temporary files and folders that killed phin runs left in folders.
    Clean(clean::CleanArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    interrupt::install();
    restore_sigpipe();
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
        Cmd::Clean(a) => clean::clean(a),
    };
    // A signal wins over whatever the command returned: its outputs were dropped on the way.
    if let Some(sig) = interrupt::received() {
        eprintln!("phin: {}", interrupt::message(sig));
        return ExitCode::from(interrupt::exit_code(sig));
    }
    match result {
        Ok(code) => code,
        Err(UserError(msg)) => {
            eprintln!("phin: {msg}");
            ExitCode::from(2)
        }
    }
}

/// A command line clap refuses, as one line and exit status 2 (help and version print as clap
/// prints them, exit 0). A value a flag's parser refuses reads `--flag = VALUE is out of range
/// (allowed …)`, like the checks after parsing.
fn clap_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let ctx = |k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let line = match (
        e.kind(),
        ctx(ContextKind::InvalidArg),
        ctx(ContextKind::InvalidValue),
    ) {
        (ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            // "--seed <SEED>" -> "--seed"
            let flag = arg.split_whitespace().next().unwrap_or(&arg).to_string();
            let why = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_else(|| "is not allowed".into());
            format!("{flag} = {value} {why}")
        }
        _ => {
            let text = e.render().to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .to_string();
            first.strip_prefix("error: ").unwrap_or(&first).to_string()
        }
    };
    eprintln!("phin: {line} (phin --help for usage)");
    ExitCode::from(2)
}

/// Lets a closed standard output end phin as it ends `cat` (`phin run --json | head`): Rust
/// ignores SIGPIPE, so `println!` into a closed pipe would panic. The default action stops the
/// process silently; what an `--out` run had not renamed into place is a temporary that the next
/// run in that folder or `phin clean` removes, as after any kill.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default has no preconditions; it is done once,
    // before any command starts writing.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
