//! `phin cosim`: lockstep co-simulation of an RTL top against its model.

use crate::run::Progress;
use crate::UserError;
use clap::Args;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use phin_cosim::models::top::PhiNNeuralProcessorDut;
use phin_cosim::{
    Cosim, LockstepConfig, RandomStimulus, Recorder, ReplayStimulus, Stimulus, TopScenario,
};
use std::path::PathBuf;
use std::process::ExitCode;

/// Largest tick count accepted.
const MAX_TICKS: u64 = 1 << 40;

/// Arguments of `phin cosim`.
#[derive(Args)]
pub struct CosimArgs {
    /// Directory of the RTL (.v files).
    #[arg(long)]
    rtl: PathBuf,
    /// Top module to co-simulate.
    #[arg(long)]
    top: String,
    /// Ticks (4 kHz clock enables) to run, 1..=2^40.
    #[arg(long, default_value_t = 100_000)]
    ticks: u64,
    /// Seed of the random stimulus (default: from the clock, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Write a waveform of the whole run (RTL, model, inputs, diff flags).
    #[arg(long)]
    vcd: Option<PathBuf>,
    /// On a mismatch, write the waveform of the last 64 ticks here
    /// (default: phin-mismatch-<top>-<seed>.vcd).
    #[arg(long)]
    mismatch_vcd: Option<PathBuf>,
    /// Go on after a mismatch, counting divergent ticks, until N of them.
    #[arg(long, default_value_t = 0)]
    keep_going: u64,
    /// Record the stimulus to this file.
    #[arg(long)]
    record: Option<PathBuf>,
    /// Replay the stimulus from this file instead of a random one.
    #[arg(long, conflicts_with = "seed")]
    replay: Option<PathBuf>,
    /// What to compare: every register of the model's table, or only the top's output ports
    /// (for an RTL tree with the same interface but other internals).
    #[arg(long, value_enum, default_value = "all")]
    compare: Compare,
    /// phi_n_neural_processor only: verilate and model it with ENABLE_ADAPTIVE = 1.
    #[arg(long)]
    adaptive: bool,
    /// phi_n_neural_processor only: the scripted scenario (states, transitions, SR bursts,
    /// sensory patterns) from --seed instead of random stimulus.
    #[arg(long, conflicts_with = "replay")]
    scenario: bool,
}

/// What `phin cosim` compares.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Compare {
    /// Every register and output in the model's signal table.
    All,
    /// Only the output ports the RTL declares for the top.
    Ports,
}

/// Runs `phin cosim`.
pub fn cosim(a: CosimArgs) -> Result<ExitCode, UserError> {
    if a.ticks == 0 || a.ticks > MAX_TICKS {
        return Err(UserError(format!(
            "--ticks = {} is out of range (allowed 1..={MAX_TICKS})",
            a.ticks
        )));
    }
    if !a.rtl.is_dir() {
        return Err(UserError(format!(
            "--rtl {}: not a directory",
            a.rtl.display()
        )));
    }
    let top_only = a.adaptive || a.scenario;
    if top_only && a.top != "phi_n_neural_processor" {
        return Err(UserError(format!(
            "--adaptive and --scenario apply to --top phi_n_neural_processor only (not {})",
            a.top
        )));
    }
    let mut c = if a.adaptive {
        let dut = Box::new(PhiNNeuralProcessorDut::new(PhiNNeuralProcessorParams {
            enable_adaptive: true,
            ..PhiNNeuralProcessorParams::DEFAULT
        }));
        phin_cosim::check_top(&a.rtl, &a.top)?;
        match a.compare {
            Compare::All => Cosim::with_model(&a.rtl, dut)?,
            Compare::Ports => Cosim::ports_only_with_model(&a.rtl, dut)?,
        }
    } else {
        match a.compare {
            Compare::All => Cosim::new(&a.rtl, &a.top)?,
            Compare::Ports => Cosim::ports_only(&a.rtl, &a.top)?,
        }
    };
    if c.built.fresh {
        eprintln!("verilated {} into {}", a.top, c.built.dir.display());
    }
    let ports = c.model.inputs();
    let seed = a.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    let mut repro = format!(
        "phin cosim --rtl {} --top {} --ticks {}",
        a.rtl.display(),
        a.top,
        a.ticks
    );
    if let Compare::Ports = a.compare {
        repro += " --compare ports";
    }
    if a.adaptive {
        repro += " --adaptive";
    }
    let (mut base, seed_used): (Box<dyn Stimulus>, Option<u64>) = match &a.replay {
        Some(p) => {
            repro += &format!(" --replay {}", p.display());
            (Box::new(ReplayStimulus::load(p, ports)?), None)
        }
        None if a.scenario => {
            repro += &format!(" --scenario --seed {seed}");
            println!("scenario seed: {seed}");
            (Box::new(TopScenario::new(seed)), Some(seed))
        }
        None => {
            repro += &format!(" --seed {seed}");
            println!("seed: {seed}");
            (Box::new(RandomStimulus::new(ports, seed)), Some(seed))
        }
    };
    let mismatch_vcd = a.mismatch_vcd.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "phin-mismatch-{}-{}.vcd",
            a.top,
            seed_used.map_or("replay".to_string(), |s| s.to_string())
        ))
    });
    let cfg = LockstepConfig {
        ticks: a.ticks,
        keep_going: a.keep_going,
        vcd: a.vcd.clone(),
        mismatch_vcd: Some(mismatch_vcd),
        seed: seed_used,
        repro,
    };
    let progress = Progress::new(a.ticks);
    let mut counted = ProgressStim {
        inner: base.as_mut(),
        progress: &progress,
    };
    let outcome = match &a.record {
        Some(path) => {
            let comment = format!("top {} seed {:?}", a.top, seed_used);
            let mut rec = Recorder::new(&mut counted, ports, path, &comment)?;
            let o = c.run(&mut rec, &cfg)?;
            rec.finish()?;
            o
        }
        None => c.run(&mut counted, &cfg)?,
    };
    progress.finish();
    if let Some(m) = &outcome.first {
        println!("{m}");
        println!(
            "disagree: {} ticks, {} signals, {} mismatches",
            outcome.ticks, outcome.signals, outcome.mismatches
        );
        return Ok(ExitCode::from(1));
    }
    if let Some(v) = &a.vcd {
        println!("waveform: {}", v.display());
    }
    println!("{}", outcome.agree_line());
    Ok(ExitCode::SUCCESS)
}

/// Passes a stimulus through, updating the progress bar.
struct ProgressStim<'a> {
    inner: &'a mut dyn Stimulus,
    progress: &'a Progress,
}

impl Stimulus for ProgressStim<'_> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        if tick % 65_536 == 0 {
            self.progress.update(tick);
        }
        self.inner.next(tick, out)
    }
}

impl Stimulus for &mut ProgressStim<'_> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        (**self).next(tick, out)
    }
}
