//! The crate's one error type: a parameter or an argument outside its allowed range, named.

use std::fmt;

/// Why a conductor, an entrainment map or a steering run could not be set up. Every error names
/// the field (as a dotted path into the parameters, e.g. `chemistry.weights.dopamine`) and the
/// allowed range; nothing in this crate panics on bad input.
#[derive(Clone, Debug, PartialEq)]
pub enum ConductorError {
    /// A value outside its allowed range.
    OutOfRange {
        /// The field, as a dotted path (`"steering.max_amplitude"`, `"grid.freq_hz"`).
        field: String,
        /// The value given, as text.
        value: String,
        /// The allowed range, as text.
        allowed: String,
    },
    /// An input port refused a value (a drive beyond the port's Q4.14 range).
    Input(phin_core::control::InputError),
    /// A measure of phin-analysis refused its input.
    Analysis(phin_analysis::AnalysisError),
}

impl ConductorError {
    /// An [`ConductorError::OutOfRange`] from displayable parts.
    pub fn out_of_range(
        field: impl Into<String>,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        ConductorError::OutOfRange {
            field: field.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }

    /// The field at fault (the port, for [`ConductorError::Input`]).
    pub fn field(&self) -> String {
        match self {
            ConductorError::OutOfRange { field, .. } => field.clone(),
            ConductorError::Input(e) => e.field.to_string(),
            ConductorError::Analysis(_) => "analysis".to_string(),
        }
    }
}

impl fmt::Display for ConductorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConductorError::OutOfRange {
                field,
                value,
                allowed,
            } => write!(f, "{field} = {value} is out of range (allowed: {allowed})"),
            ConductorError::Input(e) => write!(f, "{e}"),
            ConductorError::Analysis(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConductorError {}

impl From<phin_core::control::InputError> for ConductorError {
    fn from(e: phin_core::control::InputError) -> Self {
        ConductorError::Input(e)
    }
}

impl From<phin_analysis::AnalysisError> for ConductorError {
    fn from(e: phin_analysis::AnalysisError) -> Self {
        ConductorError::Analysis(e)
    }
}

/// This crate's result.
pub type Result<T> = std::result::Result<T, ConductorError>;

/// `Ok` when `v` is finite and in `[lo, hi]`, else the error naming `field`.
pub(crate) fn check_range(field: &str, v: f64, lo: f64, hi: f64) -> Result<()> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(ConductorError::out_of_range(
            field,
            v,
            format!("{lo} … {hi}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field_and_the_range() {
        let e = check_range("chemistry.decay_factor", 1.5, 0.0, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "chemistry.decay_factor = 1.5 is out of range (allowed: 0 … 1)"
        );
        assert_eq!(e.field(), "chemistry.decay_factor");
        assert!(check_range("x", f64::NAN, 0.0, 1.0).is_err());
    }
}
