//! Faults injected per layer: drift in ppm, silent, stuck, and Byzantine.
//!
//! A drifting layer is still a *correct* layer: its clock runs (1 + ppm·10⁻⁶) times the tick
//! rate, within what the protocol is built to correct. Silent, stuck and Byzantine layers are
//! *faulty*: the skew and range checks are taken over the correct layers only.

use crate::error::ParamError;
use crate::ladder::LayerId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Largest drift accepted, ppm (±10⁵: a clock 10 % off).
pub const MAX_DRIFT_PPM: f64 = 100_000.0;

/// What is wrong with a layer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// The layer's clock runs fast (positive) or slow by this many parts per million.
    Drift {
        /// Parts per million.
        ppm: f64,
    },
    /// The layer sends nothing: its votes are missing from every round.
    Silent,
    /// The layer's clock stops: it keeps sending the time at which it stopped and does not move
    /// when corrected.
    Stuck,
    /// The layer lies: to each receiver it sends its time plus its own random offset, uniform
    /// within ±`max_ms` (drawn from the engine's seeded generator).
    Byzantine {
        /// Largest lie, ms.
        max_ms: f64,
    },
}

impl FaultKind {
    /// Silent, stuck and Byzantine layers are faulty; a drifting layer is correct.
    pub fn is_faulty(self) -> bool {
        !matches!(self, FaultKind::Drift { .. })
    }
}

/// A fault of one layer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// The layer.
    pub layer: LayerId,
    /// What is wrong.
    pub kind: FaultKind,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FaultKind::Drift { ppm } => write!(f, "{}:drift={ppm}", self.layer),
            FaultKind::Silent => write!(f, "{}:silent", self.layer),
            FaultKind::Stuck => write!(f, "{}:stuck", self.layer),
            FaultKind::Byzantine { max_ms } => write!(f, "{}:byzantine={max_ms}", self.layer),
        }
    }
}

impl Fault {
    /// Parses `LAYER:KIND[=VALUE]`: `3:drift=50` (ppm), `5:silent`, `2:stuck`,
    /// `7:byzantine=25` (largest lie in ms; `byzantine` alone takes `default_byzantine_ms`).
    pub fn parse(s: &str, default_byzantine_ms: f64) -> Result<Fault, ParamError> {
        let bad = |allowed: &str| ParamError::new("fault", format!("{s:?}"), allowed.to_string());
        let syntax = "LAYER:KIND[=VALUE] with LAYER 0..=8 and KIND drift=PPM, silent, stuck or byzantine[=MS]";
        let (layer, rest) = s.split_once(':').ok_or_else(|| bad(syntax))?;
        let layer: LayerId = layer
            .parse()
            .map_err(|_| ParamError::new("fault layer", format!("{layer:?}"), "0 ..= 8"))?;
        let (kind, value) = match rest.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (rest.trim().to_ascii_lowercase(), None),
        };
        let number = |field: &str, lo: f64, hi: f64, range: &str| -> Result<f64, ParamError> {
            let v = value.ok_or_else(|| ParamError::new(field, "nothing", range.to_string()))?;
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= lo && x <= hi => Ok(x),
                _ => Err(ParamError::new(field, format!("{v:?}"), range.to_string())),
            }
        };
        let kind = match kind.as_str() {
            "drift" => FaultKind::Drift {
                ppm: number(
                    "fault drift",
                    -MAX_DRIFT_PPM,
                    MAX_DRIFT_PPM,
                    "-100000 ..= 100000 ppm",
                )?,
            },
            "silent" | "stuck" if value.is_some() => {
                return Err(ParamError::new(
                    "fault",
                    format!("{s:?}"),
                    format!("{kind} takes no value"),
                ))
            }
            "silent" => FaultKind::Silent,
            "stuck" => FaultKind::Stuck,
            "byzantine" => FaultKind::Byzantine {
                max_ms: if value.is_some() {
                    number("fault byzantine", 0.0, 1e6, "0 ..= 1000000 ms")?
                } else {
                    default_byzantine_ms
                },
            },
            _ => return Err(bad(syntax)),
        };
        Ok(Fault { layer, kind })
    }
}

impl FromStr for Fault {
    type Err = ParamError;
    /// [`Fault::parse`] with the default lie of [`ProtocolParams`](crate::ProtocolParams).
    fn from_str(s: &str) -> Result<Fault, ParamError> {
        Fault::parse(s, crate::ProtocolParams::default().byzantine_default_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_syntax_parses_and_bad_syntax_names_the_field() {
        let f: Fault = "3:drift=50".parse().unwrap();
        assert_eq!(f.kind, FaultKind::Drift { ppm: 50.0 });
        assert_eq!(f.layer.index(), 3);
        assert_eq!("5:silent".parse::<Fault>().unwrap().kind, FaultKind::Silent);
        assert_eq!("L2:stuck".parse::<Fault>().unwrap().kind, FaultKind::Stuck);
        assert_eq!(
            "7:byzantine=10".parse::<Fault>().unwrap().kind,
            FaultKind::Byzantine { max_ms: 10.0 }
        );
        let e = "9:silent".parse::<Fault>().unwrap_err();
        assert_eq!(e.field, "fault layer");
        let e = "3:drift".parse::<Fault>().unwrap_err();
        assert_eq!(e.field, "fault drift");
        let e = "3:drift=1e9".parse::<Fault>().unwrap_err();
        assert!(e.to_string().contains("100000 ppm"));
        let e = "3:melt".parse::<Fault>().unwrap_err();
        assert_eq!(e.field, "fault");
        assert!("3:silent=2".parse::<Fault>().is_err());
        assert!("3".parse::<Fault>().is_err());
        assert_eq!(f.to_string().parse::<Fault>().unwrap(), f);
    }
}
