//! # phin-cosim: lockstep co-simulation of the phin model against Verilator-built RTL
//!
//! [`Cosim::new`] verilates an RTL directory for a top module at run time (cached in a per-user
//! cache directory, see [`cache`]), loads it, and pairs it with the phin-core model of that top;
//! [`Cosim::run`] drives both with the same stimulus and compares every register of the model's
//! signal table after every clock-enable tick. For an RTL tree that is not phin's own,
//! [`Plan::new`] checks ports, widths, parameters and registers before anything is built and
//! [`Options`] lets ports be ignored or renamed; [`Plan::rtl_against_rtl`] holds two RTL trees
//! against each other. Every run ends with a per-port report ([`report`]). See docs/cosim.md.
#![warn(missing_docs)]

pub mod cache;
pub mod dut;
pub mod error;
pub mod header;
pub mod lockstep;
pub mod models;
pub mod report;
pub mod rtl_dut;
pub mod rtl_sim;
pub mod scenario;
pub mod setup;
pub mod stimulus;
pub mod verilate;
pub mod wave;

pub use dut::{Dut, Port, Subset};
pub use error::CosimError;
pub use lockstep::{lockstep, LockstepConfig, Mismatch, Outcome};
pub use models::{model_for, MODELS};
pub use report::SignalStats;
pub use rtl_sim::RtlSim;
pub use scenario::TopScenario;
pub use setup::{Compare, Note, Options, ParamSource, ParamUse, Plan};
pub use stimulus::{RandomStimulus, Recorder, ReplayStimulus, Stimulus};
pub use verilate::{build, BuildSpec, Built};

use std::path::{Path, PathBuf};

/// The temporary name an output file (or a build directory) is written under before it is
/// renamed into place: `.<name>.phin-tmp-<pid>-0` beside it, the name the `phin` command gives
/// its own temporaries, so that `phin clean` and the next run recognise one left by a killed
/// process (its pid no longer alive) and remove it.
pub fn tmp_name(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.phin-tmp-{}-0", std::process::id()))
}

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

/// phin's model of `top`, once `rtl_dir` is known to define `top` (the errors list what it
/// defines, or which models phin has).
fn checked_model(rtl_dir: &Path, top: &str) -> Result<Box<dyn Dut>, CosimError> {
    check_top(rtl_dir, top)?;
    model_for(top).ok_or_else(|| CosimError::NoModel {
        top: top.to_string(),
        known: MODELS.to_vec(),
    })
}

/// Two sides ready to run in lockstep: phin's model (or a first RTL tree) and a Verilated RTL.
pub struct Cosim {
    /// The reference side: the model (a [`Subset`] of it when ports are skipped), or the first
    /// RTL tree behind [`rtl_dut::RtlDut`].
    pub model: Box<dyn Dut>,
    /// The Verilated RTL compared with it.
    pub rtl: RtlSim,
    /// The build it was loaded from.
    pub built: Built,
    /// The RTL directory it was built from.
    pub rtl_dir: PathBuf,
    /// What the setup decided about ports and parameters (skipped ports, undriven inputs).
    pub notes: Vec<Note>,
    /// The parameters the RTL was verilated with and where each comes from.
    pub params: Vec<ParamUse>,
    /// Per compared signal: its name on the RTL side when a port map renames it.
    pub other_names: Vec<Option<String>>,
    /// Per compared signal: a port word of the top (else a register), for the report.
    pub port_flags: Vec<bool>,
    /// Stimulus columns held at 0 on both sides (ignored inputs).
    pub zero_columns: Vec<usize>,
    /// Names of the two sides in reports, reference first.
    pub sides: (String, String),
    /// RTL against RTL: the reference tree and its build.
    pub against: Option<(PathBuf, Built)>,
}

/// A stimulus with some columns held at 0 (inputs ignored on both sides).
struct ZeroColumns<'a> {
    inner: &'a mut dyn Stimulus,
    columns: &'a [usize],
}

impl Stimulus for ZeroColumns<'_> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        if !self.inner.next(tick, out) {
            return false;
        }
        for &c in self.columns {
            out[c] = 0;
        }
        true
    }
}

impl Cosim {
    /// Verilates `rtl_dir` with top `top` and pairs it with phin's model of `top`.
    pub fn new(rtl_dir: &Path, top: &str) -> Result<Cosim, CosimError> {
        let model = checked_model(rtl_dir, top)?;
        Self::with_model(rtl_dir, model)
    }

    /// Like [`Cosim::new`], comparing only the output ports that `rtl_dir` declares for `top`
    /// (`phin cosim --compare ports`): for an RTL tree with the same interface as phin's but
    /// other internals. Ports on one side only are left out (see [`Cosim::notes`]).
    pub fn ports_only(rtl_dir: &Path, top: &str) -> Result<Cosim, CosimError> {
        Self::ports_only_with_model(rtl_dir, checked_model(rtl_dir, top)?)
    }

    /// Like [`Cosim::ports_only`] with a given model (for instance the top built with other
    /// parameters).
    pub fn ports_only_with_model(rtl_dir: &Path, model: Box<dyn Dut>) -> Result<Cosim, CosimError> {
        let opts = Options {
            compare: Compare::Ports,
            ..Options::default()
        };
        Self::setup(rtl_dir, model, &opts)
    }

    /// Verilates `rtl_dir` for the top that `model` models and pairs the two, comparing every
    /// signal of the model's table.
    pub fn with_model(rtl_dir: &Path, model: Box<dyn Dut>) -> Result<Cosim, CosimError> {
        Self::setup(rtl_dir, model, &Options::default())
    }

    /// Checks ([`Plan::new`]), verilates and pairs `rtl_dir` with `model` under `opts`.
    pub fn setup(rtl_dir: &Path, model: Box<dyn Dut>, opts: &Options) -> Result<Cosim, CosimError> {
        Plan::new(rtl_dir, model, opts)?.build()
    }

    /// Two RTL trees of `top` against each other ([`Plan::rtl_against_rtl`]): `rtl_dir` is the
    /// reference, `against` is compared with it.
    pub fn rtl_against_rtl(
        rtl_dir: &Path,
        against: &Path,
        top: &str,
        opts: &Options,
    ) -> Result<Cosim, CosimError> {
        check_top(rtl_dir, top)?;
        Plan::rtl_against_rtl(rtl_dir, against, top, model_for(top), opts)?.build()
    }

    /// Runs both sides in lockstep on `stim` (ignored inputs held at 0 on both).
    pub fn run(
        &mut self,
        stim: &mut dyn Stimulus,
        cfg: &LockstepConfig,
    ) -> Result<Outcome, CosimError> {
        let mut zeroed = ZeroColumns {
            inner: stim,
            columns: &self.zero_columns,
        };
        let named;
        let cfg = if cfg.sides.is_none() {
            named = LockstepConfig {
                sides: Some(self.sides.clone()),
                ..cfg.clone()
            };
            &named
        } else {
            cfg
        };
        let mut o = lockstep(self.model.as_mut(), &mut self.rtl, &mut zeroed, cfg)?;
        for ((s, n), &port) in o
            .stats
            .iter_mut()
            .zip(&self.other_names)
            .zip(&self.port_flags)
        {
            s.other_name.clone_from(n);
            s.port = port;
        }
        Ok(o)
    }

    /// Runs `ticks` ticks of seeded random stimulus. The caller who knows how the run was asked
    /// for can set [`LockstepConfig::repro`] through [`Cosim::run`] instead.
    pub fn run_random(&mut self, ticks: u64, seed: u64) -> Result<Outcome, CosimError> {
        let mut stim = RandomStimulus::new(self.model.inputs(), seed);
        let cfg = LockstepConfig {
            ticks,
            seed: Some(seed),
            ..Default::default()
        };
        self.run(&mut stim, &cfg)
    }
}

/// The repository's own `rtl/` directory (for tests and defaults).
pub fn repo_rtl_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rtl")
}
