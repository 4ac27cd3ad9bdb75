//! Errors of the co-simulation. Every variant renders as one line a user can act on.

use std::fmt;
use std::path::PathBuf;

/// A co-simulation that could not be set up or carried out.
#[derive(Debug)]
pub enum CosimError {
    /// `verilator` is not on PATH.
    VerilatorMissing,
    /// The RTL directory does not exist or holds no `.v` files.
    RtlDir {
        /// The directory given.
        dir: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// The top module is not defined in any file of the RTL directory.
    TopNotFound {
        /// The module asked for.
        top: String,
        /// The directory searched.
        dir: PathBuf,
        /// The modules that were found there.
        found: Vec<String>,
    },
    /// There is no model for this top module.
    NoModel {
        /// The module asked for.
        top: String,
        /// The modules that have a model.
        known: Vec<&'static str>,
    },
    /// A build step failed; its full log is kept at `log`.
    Build {
        /// The step (`verilator`, `g++`).
        step: String,
        /// Where the full output is.
        log: PathBuf,
        /// The first error line of the output.
        first_error: String,
    },
    /// The built library could not be loaded or a compared signal is missing in the RTL.
    Load(String),
    /// A stimulus or record file is malformed or unusable.
    Stimulus(String),
    /// An I/O error on a named path.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        err: std::io::Error,
    },
}

impl fmt::Display for CosimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CosimError::VerilatorMissing => write!(
                f,
                "verilator not found on PATH: install it with `apt-get install -y verilator` \
                 (tested with Verilator 5.006)"
            ),
            CosimError::RtlDir { dir, why } => write!(f, "--rtl {}: {why}", dir.display()),
            CosimError::TopNotFound { top, dir, found } => write!(
                f,
                "--top {top}: no module {top} in {} (modules found: {})",
                dir.display(),
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            ),
            CosimError::NoModel { top, known } => write!(
                f,
                "--top {top}: phin has no model of {top} (models: {})",
                known.join(", ")
            ),
            CosimError::Build {
                step,
                log,
                first_error,
            } => write!(
                f,
                "{step} failed: {first_error} (full log: {})",
                log.display()
            ),
            CosimError::Load(m) => write!(f, "{m}"),
            CosimError::Stimulus(m) => write!(f, "{m}"),
            CosimError::Io { path, err } => write!(f, "{}: {err}", path.display()),
        }
    }
}

impl std::error::Error for CosimError {}

impl CosimError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Self {
        CosimError::Io {
            path: path.into(),
            err,
        }
    }
}
