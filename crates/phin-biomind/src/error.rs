//! Typed errors: a parameter out of its range names the field, the value and the allowed range;
//! nothing in this crate panics on bad input.

use std::fmt;

/// A parameter (or task setting) outside its allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError {
    /// The field, as a dotted path from the parameter struct (`nt.da.tau_surge_s`).
    pub field: String,
    /// The value given, as text.
    pub value: String,
    /// The allowed range or set, as text (`0 < x ≤ 1`).
    pub allowed: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is out of range (allowed {})",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for ParamError {}

impl ParamError {
    /// A new error for `field`.
    pub fn new(
        field: impl Into<String>,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        ParamError {
            field: field.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }

    /// The same error with `prefix.` in front of its field.
    pub fn within(mut self, prefix: &str) -> Self {
        self.field = format!("{prefix}.{}", self.field);
        self
    }
}

/// Every error of this crate.
#[derive(Debug)]
pub enum BiomindError {
    /// A parameter out of range.
    Param(ParamError),
    /// An input the processor's ports cannot carry.
    Input(phin_core::control::InputError),
    /// A processor checkpoint that does not load.
    Checkpoint(phin_core::checkpoint::CheckpointError),
    /// A session checkpoint that is not one, or not this version.
    SessionCheckpoint(String),
    /// A file could not be read or written.
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for BiomindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BiomindError::Param(e) => e.fmt(f),
            BiomindError::Input(e) => e.fmt(f),
            BiomindError::Checkpoint(e) => e.fmt(f),
            BiomindError::SessionCheckpoint(m) => write!(f, "session checkpoint: {m}"),
            BiomindError::Io { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for BiomindError {}

impl From<ParamError> for BiomindError {
    fn from(e: ParamError) -> Self {
        BiomindError::Param(e)
    }
}

impl From<phin_core::control::InputError> for BiomindError {
    fn from(e: phin_core::control::InputError) -> Self {
        BiomindError::Input(e)
    }
}

impl From<phin_core::checkpoint::CheckpointError> for BiomindError {
    fn from(e: phin_core::checkpoint::CheckpointError) -> Self {
        BiomindError::Checkpoint(e)
    }
}

/// `Ok` if `lo ≤ v ≤ hi` (and v is a number), else the error naming `field`.
pub fn check_range(field: &str, v: f64, lo: f64, hi: f64) -> Result<(), ParamError> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(ParamError::new(field, v, format!("{lo} ≤ x ≤ {hi}")))
    }
}

/// `Ok` if `v > 0` and finite, else the error naming `field`.
pub fn check_positive(field: &str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(ParamError::new(field, v, "0 < x < ∞"))
    }
}

/// `Ok` if `v ≥ 0` and finite, else the error naming `field`.
pub fn check_non_negative(field: &str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(ParamError::new(field, v, "0 ≤ x < ∞"))
    }
}

/// `Ok` if `v` is finite, else the error naming `field`.
pub fn check_finite(field: &str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(ParamError::new(field, v, "a finite number"))
    }
}
