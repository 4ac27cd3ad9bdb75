//! Errors of the co-simulation. Every variant renders as one line a user can act on. The library
//! does not know the command line: a front end that wants to name its own flags (`--rtl`, `-G`)
//! matches on the variant and adds them.

use crate::setup::MAX_TICK_CLOCKS;
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
    /// The built shared library could not be loaded.
    Library {
        /// The library.
        path: PathBuf,
        /// Why the loader refused it.
        err: libloading::Error,
    },
    /// The built shared library lacks a function of the shim (a stale or foreign library).
    MissingSymbol {
        /// The library.
        path: PathBuf,
        /// The missing function.
        symbol: String,
        /// The loader's error.
        err: libloading::Error,
    },
    /// A compared signal or driven input cannot be found in the Verilated RTL.
    MissingSignal {
        /// The top module.
        top: String,
        /// What the RTL lookup reported (names the scope and signal).
        why: String,
    },
    /// A signal has one width in the reference (phin's model, or the first RTL tree) and
    /// another in the RTL it is compared with.
    WidthMismatch {
        /// The signal (hierarchical name, or port name).
        signal: String,
        /// Its width in the reference.
        model: u32,
        /// Its width in the RTL.
        rtl: u32,
    },
    /// A compared signal is wider than the 64 bits a snapshot word holds and was not sliced.
    TooWide {
        /// The signal.
        signal: String,
        /// Its width in the RTL.
        width: u32,
    },
    /// The top's header (ports, parameters) could not be read from its source file.
    Header {
        /// The file.
        path: PathBuf,
        /// What could not be read.
        why: String,
    },
    /// A parameter override names a parameter the top does not declare.
    UnknownParameter {
        /// The top module.
        top: String,
        /// The parameter named.
        name: String,
        /// The parameters the top declares.
        known: Vec<String>,
    },
    /// A parameter override has a value the model of the top cannot take.
    BadParameter {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// The values allowed.
        allowed: String,
    },
    /// A port named in an option (ignore, port map) exists on neither side.
    UnknownPort {
        /// The port named.
        name: String,
        /// Which side was searched (`phin's model of T`, `the RTL of T`).
        side: String,
        /// The ports that side has.
        known: Vec<String>,
    },
    /// An input port of the reference that the RTL does not declare: it cannot be driven, so the
    /// two sides would not see the same stimulus.
    MissingInput {
        /// The port (reference name).
        port: String,
        /// The name looked for in the RTL.
        rtl_name: String,
    },
    /// `--compare all` needs registers the RTL tree does not declare (checked before building).
    MissingRegisters {
        /// The top module.
        top: String,
        /// Missing hierarchical names (the first few).
        missing: Vec<String>,
        /// How many are missing in all.
        count: usize,
        /// How many the comparison needs.
        total: usize,
    },
    /// Comparison problems that are notes by default and errors when strict.
    Strict {
        /// One line per problem.
        notes: Vec<String>,
    },
    /// Nothing is left to compare (every port ignored, missing or of another width).
    NothingToCompare {
        /// The top module.
        top: String,
    },
    /// An output file cannot be written where it was asked for.
    Output {
        /// The path.
        path: PathBuf,
        /// Why not.
        why: String,
    },
    /// A clocks-per-tick override outside the range a tick can take.
    BadTickClocks {
        /// The value given.
        value: u32,
    },
    /// No cache directory can be found (neither an override, `$XDG_CACHE_HOME` nor `$HOME`).
    NoCacheDir,
    /// An environment variable phin-cosim reads holds a value it does not accept.
    BadEnv {
        /// The variable.
        var: &'static str,
        /// Its value.
        value: String,
        /// What it may hold.
        allowed: &'static str,
    },
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

/// `1 bit`, `18 bits`.
pub fn bits(n: u32) -> String {
    if n == 1 {
        "1 bit".to_string()
    } else {
        format!("{n} bits")
    }
}

fn list(xs: &[String]) -> String {
    if xs.is_empty() {
        "none".to_string()
    } else {
        xs.join(", ")
    }
}

impl fmt::Display for CosimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CosimError::VerilatorMissing => write!(
                f,
                "verilator not found on PATH: install it with `apt-get install -y verilator` \
                 (tested with Verilator 5.006)"
            ),
            CosimError::RtlDir { dir, why } => write!(f, "RTL directory {}: {why}", dir.display()),
            CosimError::TopNotFound { top, dir, found } => write!(
                f,
                "no module {top} in {} (modules found: {})",
                dir.display(),
                list(found)
            ),
            CosimError::NoModel { top, known } => write!(
                f,
                "phin has no model of {top} (models: {})",
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
            CosimError::Library { path, err } => write!(f, "cannot load {}: {err}", path.display()),
            CosimError::MissingSymbol { path, symbol, .. } => write!(
                f,
                "{} lacks the shim function {symbol}: remove it from the cache and rebuild",
                path.display()
            ),
            CosimError::MissingSignal { top, why } => write!(f, "RTL top {top}: {why}"),
            CosimError::WidthMismatch { signal, model, rtl } => write!(
                f,
                "signal {signal} is {} in the model but {} in the RTL",
                bits(*model),
                bits(*rtl)
            ),
            CosimError::TooWide { signal, width } => write!(
                f,
                "signal {signal} is {width} bits wide; compared signals are at most 64 bits"
            ),
            CosimError::Header { path, why } => write!(f, "{}: {why}", path.display()),
            CosimError::UnknownParameter { top, name, known } => write!(
                f,
                "{top} has no parameter {name} (parameters: {})",
                list(known)
            ),
            CosimError::BadParameter {
                name,
                value,
                allowed,
            } => write!(
                f,
                "parameter {name} = {value} is not one the model can take (allowed {allowed})"
            ),
            CosimError::UnknownPort { name, side, known } => {
                write!(f, "{side} has no port {name} (ports: {})", list(known))
            }
            CosimError::MissingInput { port, rtl_name } => {
                if port == rtl_name {
                    write!(
                        f,
                        "the RTL has no input {port}, so it cannot be driven like the model: \
                         map it to the RTL's name or ignore it (held at 0 on both sides)"
                    )
                } else {
                    write!(
                        f,
                        "the RTL has no input {rtl_name} (for the model's {port}), so it cannot \
                         be driven like the model"
                    )
                }
            }
            CosimError::MissingRegisters {
                top,
                missing,
                count,
                total,
            } => write!(
                f,
                "comparing every register of {top} needs {total} signals by hierarchical name; \
                 {count} {} not declared in the RTL tree ({}{}); compare the ports only",
                if *count == 1 { "is" } else { "are" },
                if *count > missing.len() { "e.g. " } else { "" },
                missing.join(", ")
            ),
            CosimError::Strict { notes } => {
                write!(f, "strict comparison refused: {}", notes.join("; "))
            }
            CosimError::NothingToCompare { top } => {
                write!(f, "nothing left to compare on {top}: every port is skipped")
            }
            CosimError::Output { path, why } => write!(f, "{}: {why}", path.display()),
            CosimError::NoCacheDir => write!(
                f,
                "no cache directory: neither $XDG_CACHE_HOME nor $HOME is set; set \
                 PHIN_CACHE_DIR"
            ),
            CosimError::BadEnv {
                var,
                value,
                allowed,
            } => {
                write!(f, "${var} = {value:?} is not accepted (allowed: {allowed})")
            }
            CosimError::BadTickClocks { value } => write!(
                f,
                "tick_clocks = {value}: a tick is 1..={MAX_TICK_CLOCKS} clock edges"
            ),
            CosimError::Stimulus(m) => write!(f, "{m}"),
            CosimError::Io { path, err } => write!(f, "{}: {err}", path.display()),
        }
    }
}

impl std::error::Error for CosimError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CosimError::Io { err, .. } => Some(err),
            CosimError::Library { err, .. } | CosimError::MissingSymbol { err, .. } => Some(err),
            _ => None,
        }
    }
}

impl CosimError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Self {
        CosimError::Io {
            path: path.into(),
            err,
        }
    }
}
