//! # phin-cosim: lockstep co-simulation of the phin model against Verilator-built RTL
//!
//! [`Cosim::new`] verilates an RTL directory for a top module at run time (cached under
//! `target/phin-cosim/`), loads it, and pairs it with the phin-core model of that top;
//! [`Cosim::run`] drives both with the same stimulus and compares every register of the model's
//! signal table after every clock-enable tick. See docs/cosim.md.
#![warn(missing_docs)]

pub mod dut;
pub mod error;
pub mod lockstep;
pub mod models;
pub mod rtl_sim;
pub mod scenario;
pub mod stimulus;
pub mod verilate;
pub mod wave;

pub use dut::{Dut, Port, Subset};
pub use error::CosimError;
pub use lockstep::{lockstep, LockstepConfig, Mismatch, Outcome};
pub use models::{model_for, MODELS};
pub use rtl_sim::RtlSim;
pub use scenario::TopScenario;
pub use stimulus::{RandomStimulus, Recorder, ReplayStimulus, Stimulus};
pub use verilate::{build, BuildSpec, Built};

use std::path::{Path, PathBuf};

/// The temporary name an output file is written under before it is renamed into place.
pub fn tmp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// phin's model of `top`, once `rtl_dir` is known to define `top` (the errors list what it
/// defines, or which models phin has).
/// Checks that `rtl_dir` defines module `top` (else the error lists the modules it does define).
pub fn check_top(rtl_dir: &Path, top: &str) -> Result<(), CosimError> {
    let (_, modules) = verilate::scan_rtl(rtl_dir)?;
    if !modules.iter().any(|m| m == top) {
        return Err(CosimError::TopNotFound {
            top: top.to_string(),
            dir: rtl_dir.to_path_buf(),
            found: modules,
        });
    }
    Ok(())
}

fn checked_model(rtl_dir: &Path, top: &str) -> Result<Box<dyn Dut>, CosimError> {
    check_top(rtl_dir, top)?;
    model_for(top).ok_or_else(|| CosimError::NoModel {
        top: top.to_string(),
        known: MODELS.to_vec(),
    })
}

/// A model and its Verilated RTL, ready to run in lockstep.
pub struct Cosim {
    /// The model.
    pub model: Box<dyn Dut>,
    /// The Verilated RTL.
    pub rtl: RtlSim,
    /// The build it was loaded from.
    pub built: Built,
    /// The RTL directory it was built from.
    pub rtl_dir: PathBuf,
}

impl Cosim {
    /// Verilates `rtl_dir` with top `top` and pairs it with phin's model of `top`.
    pub fn new(rtl_dir: &Path, top: &str) -> Result<Cosim, CosimError> {
        let model = checked_model(rtl_dir, top)?;
        Self::with_model(rtl_dir, model)
    }

    /// Like [`Cosim::new`], comparing only the output ports that `rtl_dir` declares for `top`
    /// (`phin cosim --compare ports`): for an RTL tree with the same interface as phin's but
    /// other internals. An output the model does not have is a setup error naming it.
    pub fn ports_only(rtl_dir: &Path, top: &str) -> Result<Cosim, CosimError> {
        Self::ports_only_with_model(rtl_dir, checked_model(rtl_dir, top)?)
    }

    /// Like [`Cosim::ports_only`] with a given model (for instance the top built with other
    /// parameters).
    pub fn ports_only_with_model(rtl_dir: &Path, model: Box<dyn Dut>) -> Result<Cosim, CosimError> {
        let top = model.top();
        let outs = verilate::output_ports(rtl_dir, top)?;
        let subset = Subset::new(model, &outs).map_err(|missing| {
            CosimError::Load(format!(
                "--compare ports: output port(s) {} of {top} have no counterpart in phin's model",
                missing.join(", ")
            ))
        })?;
        Self::with_model(rtl_dir, Box::new(subset))
    }

    /// Verilates `rtl_dir` for the top that `model` models and pairs the two.
    pub fn with_model(rtl_dir: &Path, model: Box<dyn Dut>) -> Result<Cosim, CosimError> {
        let signals = model.signals();
        let inputs = model.inputs();
        let spec = BuildSpec {
            rtl_dir: rtl_dir.to_path_buf(),
            top: model.top().to_string(),
            params: model.params(),
            signals: signals.iter().map(|s| s.name.clone()).collect(),
            inputs: inputs.iter().map(|p| p.name.to_string()).collect(),
            has_clk_en: model.has_clk_en(),
        };
        let built = build(&spec)?;
        let mut rtl = RtlSim::load(
            &built.lib,
            model.top(),
            &signals
                .iter()
                .map(|s| (s.name.clone(), s.width))
                .collect::<Vec<_>>(),
            &inputs
                .iter()
                .map(|p| (p.name.to_string(), p.width))
                .collect::<Vec<_>>(),
            model.has_clk_en(),
            model.cycles_per_tick(),
        )?;
        rtl.set_lead_cycles(model.lead_cycles());
        Ok(Cosim {
            model,
            rtl,
            built,
            rtl_dir: rtl_dir.to_path_buf(),
        })
    }

    /// Runs both sides in lockstep on `stim`.
    pub fn run(
        &mut self,
        stim: &mut dyn Stimulus,
        cfg: &LockstepConfig,
    ) -> Result<Outcome, CosimError> {
        lockstep(self.model.as_mut(), &mut self.rtl, stim, cfg)
    }

    /// Runs `ticks` ticks of seeded random stimulus.
    pub fn run_random(&mut self, ticks: u64, seed: u64) -> Result<Outcome, CosimError> {
        let mut stim = RandomStimulus::new(self.model.inputs(), seed);
        let top = self.model.top();
        let mut repro = format!(
            "phin cosim --rtl {} --top {top} --ticks {ticks} --seed {seed}",
            self.rtl_dir.display()
        );
        if model_for(top).is_none() {
            repro += " (the model of this top is supplied by the caller, not by the phin CLI)";
        }
        let cfg = LockstepConfig {
            ticks,
            seed: Some(seed),
            repro,
            ..Default::default()
        };
        self.run(&mut stim, &cfg)
    }
}

/// The repository's own `rtl/` directory (for tests and defaults).
pub fn repo_rtl_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rtl")
}
