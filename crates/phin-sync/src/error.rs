//! Typed errors: every one names the field (or layer) and the allowed range.

use crate::ladder::LayerId;
use std::fmt;

/// A value outside its allowed range, or a file that does not parse.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError {
    /// The field, as written in the TOML (`layer_sync.heartbeat_frequency_hz`, `fault`, …).
    pub field: String,
    /// What was given.
    pub given: String,
    /// What is allowed.
    pub allowed: String,
}

impl ParamError {
    /// An error for `field`, given `given`, allowed `allowed`.
    pub fn new(
        field: impl Into<String>,
        given: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        ParamError {
            field: field.into(),
            given: given.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.given.is_empty() {
            // A file that does not parse: `allowed` says what was expected.
            return write!(f, "{}: {}", self.field, self.allowed);
        }
        write!(
            f,
            "{}: {} is out of range (allowed: {})",
            self.field, self.given, self.allowed
        )
    }
}

impl std::error::Error for ParamError {}

/// What the protocol can refuse or abort.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncError {
    /// A channel was asked for between two layers that are not adjacent: the ±1 rule
    /// ("Layer Synchronization Protocol", System Overview) allows only `layer.up()` and
    /// `layer.down()`.
    NotAdjacent {
        /// Source layer.
        from: u8,
        /// Destination layer.
        to: u8,
    },
    /// A layer number outside 0 … 8.
    NoSuchLayer {
        /// The number given.
        given: i64,
    },
    /// The layer was unstable during an adiabatic correction (its oscillator's radius or
    /// frequency left the allowed band), so the correction was aborted
    /// (`SyncError::InstabilityDetected` of the source's `apply_phase_adjustment`).
    InstabilityDetected {
        /// The layer.
        layer: u8,
        /// The processor tick at which the check failed.
        tick: u64,
        /// What left its band, with the value and the band.
        reason: String,
    },
    /// A correction was asked for a layer that cannot be corrected (stuck or silent).
    NotCorrectable {
        /// The layer.
        layer: u8,
        /// Why.
        reason: String,
    },
    /// A parameter out of range.
    Param {
        /// The field.
        field: String,
        /// The message.
        message: String,
    },
}

impl SyncError {
    /// [`SyncError::NotAdjacent`] for two layers.
    pub fn not_adjacent(from: LayerId, to: LayerId) -> Self {
        SyncError::NotAdjacent {
            from: from.index() as u8,
            to: to.index() as u8,
        }
    }
}

impl From<ParamError> for SyncError {
    fn from(e: ParamError) -> Self {
        SyncError::Param {
            message: e.to_string(),
            field: e.field,
        }
    }
}

impl fmt::Display for SyncError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncError::NotAdjacent { from, to } => write!(
                f,
                "no channel from layer {from} to layer {to}: channels exist only between adjacent \
                 layers (allowed: {}±1)",
                from
            ),
            SyncError::NoSuchLayer { given } => {
                write!(f, "layer: {given} is out of range (allowed: 0 ..= 8)")
            }
            SyncError::InstabilityDetected {
                layer,
                tick,
                reason,
            } => write!(
                f,
                "layer {layer}: correction aborted at tick {tick}, instability detected: {reason}"
            ),
            SyncError::NotCorrectable { layer, reason } => {
                write!(f, "layer {layer}: cannot be corrected: {reason}")
            }
            SyncError::Param { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for SyncError {}
