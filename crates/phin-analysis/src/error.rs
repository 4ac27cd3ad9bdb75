//! The one error type of the measures: what was wrong with the input, naming the argument and
//! what is allowed.

use std::fmt;

/// Why a measure could not be computed. Every variant names the argument at fault and, where
/// there is one, the allowed range; no measure panics on bad input.
#[derive(Clone, Debug, PartialEq)]
pub enum AnalysisError {
    /// A series has fewer samples than the measure needs.
    TooShort {
        /// The argument (`"phases"`, `"phase_a"`, …).
        what: &'static str,
        /// Its length.
        len: usize,
        /// The least length the measure accepts.
        min: usize,
    },
    /// Two series that must be sampled together have different lengths.
    LengthMismatch {
        /// The argument whose length differs from the first series'.
        what: &'static str,
        /// Length of the first series.
        expected: usize,
        /// Length of this one.
        found: usize,
    },
    /// A parameter is outside its allowed range.
    OutOfRange {
        /// The parameter.
        what: &'static str,
        /// The value given, as text.
        value: String,
        /// The allowed range, as text.
        allowed: String,
    },
    /// A sample is NaN or infinite (or, for an amplitude, negative).
    BadSample {
        /// The series.
        what: &'static str,
        /// Index of the first bad sample.
        index: usize,
        /// The sample.
        value: f64,
    },
    /// A phase bin of the modulation index received no sample, so its mean amplitude does not
    /// exist: the series is too short or its phases do not cover the circle.
    EmptyPhaseBin {
        /// The empty bin (0 = the one starting at −π).
        bin: usize,
        /// Number of bins.
        bins: usize,
    },
}

impl AnalysisError {
    /// An [`AnalysisError::OutOfRange`] from displayable parts.
    pub(crate) fn out_of_range(
        what: &'static str,
        value: impl fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        AnalysisError::OutOfRange {
            what,
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalysisError::TooShort { what, len, min } => {
                write!(f, "{what} has {len} samples (allowed: at least {min})")
            }
            AnalysisError::LengthMismatch {
                what,
                expected,
                found,
            } => write!(
                f,
                "{what} has {found} samples, the first series {expected} (allowed: equal lengths)"
            ),
            AnalysisError::OutOfRange {
                what,
                value,
                allowed,
            } => write!(f, "{what} = {value} is out of range (allowed: {allowed})"),
            AnalysisError::BadSample { what, index, value } => {
                write!(f, "{what}[{index}] = {value} is not a usable sample")
            }
            AnalysisError::EmptyPhaseBin { bin, bins } => write!(
                f,
                "phase bin {bin} of {bins} holds no sample (allowed: every bin visited; use a \
                 longer series or fewer bins)"
            ),
        }
    }
}

impl std::error::Error for AnalysisError {}

/// Result of a measure.
pub type Result<T> = std::result::Result<T, AnalysisError>;

/// Every sample of `xs` is finite.
pub(crate) fn check_finite(what: &'static str, xs: &[f64]) -> Result<()> {
    match xs.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(AnalysisError::BadSample {
            what,
            index,
            value: xs[index],
        }),
        None => Ok(()),
    }
}

/// `xs` has at least `min` samples.
pub(crate) fn check_len(what: &'static str, xs: &[f64], min: usize) -> Result<()> {
    if xs.len() < min {
        Err(AnalysisError::TooShort {
            what,
            len: xs.len(),
            min,
        })
    } else {
        Ok(())
    }
}

/// `b` is as long as `a`.
pub(crate) fn check_same_len(what: &'static str, a: &[f64], b: &[f64]) -> Result<()> {
    if a.len() != b.len() {
        Err(AnalysisError::LengthMismatch {
            what,
            expected: a.len(),
            found: b.len(),
        })
    } else {
        Ok(())
    }
}

/// A sample rate is a positive finite number.
pub(crate) fn check_rate(sample_rate_hz: f64) -> Result<()> {
    if sample_rate_hz.is_finite() && sample_rate_hz > 0.0 {
        Ok(())
    } else {
        Err(AnalysisError::out_of_range(
            "sample_rate_hz",
            sample_rate_hz,
            "a positive finite number of Hz",
        ))
    }
}
