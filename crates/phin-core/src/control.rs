//! The processor's inputs in physical units: [`InputsBuilder`] turns reals, a
//! [`ConsciousnessState`] and seconds into the port words of [`PhiNNeuralProcessorInputs`], and
//! refuses a value the port cannot carry with an [`InputError`] that names the field and its
//! range, instead of wrapping it as the hardware would.
//!
//! Signals are Q4.14 reals (1.0 is full scale, the range is −8 … 7.99994); a transition is
//! given in seconds and becomes `transition_duration` ticks of the 4 kHz clock enable (at most
//! 65535 ticks, 16.38375 s; 0 means an immediate change, as the RTL treats 0 as 1 tick).
//!
//! ```
//! use phin_core::control::InputsBuilder;
//! use phin_core::identity::{ConsciousnessState, SrHarmonic};
//!
//! let inputs = InputsBuilder::new()
//!     .state(ConsciousnessState::Meditation)
//!     .transition_seconds(2.0)
//!     .sensory(0.25)
//!     .sr_harmonic_field(SrHarmonic::F0, 0.5)
//!     .build()
//!     .unwrap();
//! assert_eq!(inputs.state_select, 4);
//! assert_eq!(inputs.transition_duration, 8_000);
//! assert_eq!(inputs.sensory_input, 4_096);
//! assert_eq!(inputs.sr_field[0], 8_192);
//!
//! let e = InputsBuilder::new().transition_seconds(20.0).build().unwrap_err();
//! assert_eq!(
//!     e.to_string(),
//!     "transition_duration = 20 s is out of range (allowed 0 s … 16.38375 s)"
//! );
//! ```

use crate::constants::TICK_HZ;
use crate::fixed_point::{f64_to_q14, ONE_Q14, WIDTH};
use crate::identity::{ConsciousnessState, SrHarmonic};
use crate::phi_n_neural_processor::PhiNNeuralProcessorInputs;
use std::fmt;

/// Smallest Q4.14 real an 18-bit signed port carries: −8.
pub const Q14_MIN: f64 = -((1i64 << (WIDTH - 1)) as f64) / ONE_Q14 as f64;
/// Largest Q4.14 real an 18-bit signed port carries: 8 − 2⁻¹⁴.
pub const Q14_MAX: f64 = ((1i64 << (WIDTH - 1)) - 1) as f64 / ONE_Q14 as f64;
/// Longest state transition `transition_duration[15:0]` holds, seconds (65535 ticks).
pub const TRANSITION_MAX_S: f64 = u16::MAX as f64 / TICK_HZ;

/// A value an input port cannot carry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputError {
    /// The port (and, for a packed port, the harmonic): `sensory_input`, `sr_field[f2]`, …
    pub field: &'static str,
    /// The value given, in the unit below.
    pub value: f64,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// The unit of value, min and max (`""` for a Q4.14 real, `" s"` for seconds).
    pub unit: &'static str,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = self.unit;
        if self.value.is_nan() {
            write!(f, "{} is not a number", self.field)?;
        } else {
            write!(f, "{} = {}{u} is out of range", self.field, self.value)?;
        }
        write!(f, " (allowed {}{u} … {}{u})", self.min, self.max)
    }
}

impl std::error::Error for InputError {}

/// The Q4.14 word of a real, or the error naming `field`.
pub fn q14_input(field: &'static str, v: f64) -> Result<i32, InputError> {
    let word = if v.is_finite() {
        f64_to_q14(v)
    } else {
        i64::MAX
    };
    if (-(1i64 << (WIDTH - 1))..(1i64 << (WIDTH - 1))).contains(&word) {
        Ok(word as i32)
    } else {
        Err(InputError {
            field,
            value: v,
            min: Q14_MIN,
            max: Q14_MAX,
            unit: "",
        })
    }
}

/// The `transition_duration` of a transition `seconds` long (rounded to the nearest tick), or
/// the error.
pub fn transition_ticks(seconds: f64) -> Result<u16, InputError> {
    let ticks = (seconds * TICK_HZ).round();
    if seconds.is_finite() && (0.0..=f64::from(u16::MAX)).contains(&ticks) && seconds >= 0.0 {
        Ok(ticks as u16)
    } else {
        Err(InputError {
            field: "transition_duration",
            value: seconds,
            min: 0.0,
            max: TRANSITION_MAX_S,
            unit: " s",
        })
    }
}

/// The names of the per-harmonic field ports, for errors.
const SR_FIELD_NAMES: [&str; 5] = [
    "sr_field[f0]",
    "sr_field[f1]",
    "sr_field[f2]",
    "sr_field[f3]",
    "sr_field[f4]",
];

/// Inputs of the whole processor in physical units; [`build`](Self::build) checks and converts
/// them. Every field starts at zero and NORMAL, as a processor's inputs after reset.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InputsBuilder {
    sensory: f64,
    state: ConsciousnessState,
    transition_s: f64,
    sr_field: f64,
    sr_harmonic: [f64; 5],
    ignition: bool,
}

impl InputsBuilder {
    /// All inputs zero, state NORMAL.
    pub fn new() -> Self {
        Self::default()
    }

    /// `sensory_input`: the drive of the thalamic relay, a real (1.0 is full scale).
    pub fn sensory(mut self, v: f64) -> Self {
        self.sensory = v;
        self
    }

    /// `state_select`: the state to be in, or to move to.
    pub fn state(mut self, s: ConsciousnessState) -> Self {
        self.state = s;
        self
    }

    /// `transition_duration`: how long a change of state takes, seconds (0 … 16.38375).
    pub fn transition_seconds(mut self, s: f64) -> Self {
        self.transition_s = s;
        self
    }

    /// `sr_field_input`: the broadband external Schumann-resonance field, a real.
    pub fn sr_field(mut self, v: f64) -> Self {
        self.sr_field = v;
        self
    }

    /// One field of `sr_field_packed`: the external field at harmonic `h`, a real.
    pub fn sr_harmonic_field(mut self, h: SrHarmonic, v: f64) -> Self {
        self.sr_harmonic[h.index()] = v;
        self
    }

    /// `ignition_trigger`: start a Schumann ignition event (from BASELINE; a trigger during an
    /// event is ignored). Held high it starts the next event as soon as the controller is back
    /// in BASELINE; a scripted event is one tick high.
    pub fn ignition(mut self, on: bool) -> Self {
        self.ignition = on;
        self
    }

    /// The port words, or the first input out of its range (checked in port order).
    pub fn build(&self) -> Result<PhiNNeuralProcessorInputs, InputError> {
        let mut sr_field = [0i32; 5];
        let sensory_input = q14_input("sensory_input", self.sensory)?;
        let transition_duration = transition_ticks(self.transition_s)?;
        let sr_field_input = q14_input("sr_field_input", self.sr_field)?;
        for ((w, &v), name) in sr_field
            .iter_mut()
            .zip(&self.sr_harmonic)
            .zip(SR_FIELD_NAMES)
        {
            *w = q14_input(name, v)?;
        }
        Ok(PhiNNeuralProcessorInputs {
            sensory_input,
            state_select: self.state.code(),
            transition_duration,
            sr_field_input,
            sr_field,
            ignition_trigger: self.ignition,
        })
    }
}

impl PhiNNeuralProcessorInputs {
    /// An [`InputsBuilder`]: the inputs in physical units.
    pub fn builder() -> InputsBuilder {
        InputsBuilder::new()
    }

    /// Sets `sensory_input` from a real (for closed loops that change one port per tick).
    pub fn set_sensory(&mut self, v: f64) -> Result<(), InputError> {
        self.sensory_input = q14_input("sensory_input", v)?;
        Ok(())
    }

    /// Sets `state_select`.
    pub fn set_state(&mut self, s: ConsciousnessState) {
        self.state_select = s.code();
    }

    /// Sets `transition_duration` from seconds.
    pub fn set_transition_seconds(&mut self, s: f64) -> Result<(), InputError> {
        self.transition_duration = transition_ticks(s)?;
        Ok(())
    }

    /// Sets `sr_field_input` from a real.
    pub fn set_sr_field(&mut self, v: f64) -> Result<(), InputError> {
        self.sr_field_input = q14_input("sr_field_input", v)?;
        Ok(())
    }

    /// Sets the field of harmonic `h` in `sr_field_packed` from a real.
    pub fn set_sr_harmonic_field(&mut self, h: SrHarmonic, v: f64) -> Result<(), InputError> {
        self.sr_field[h.index()] = q14_input(SR_FIELD_NAMES[h.index()], v)?;
        Ok(())
    }

    /// Sets `ignition_trigger`.
    pub fn set_ignition_trigger(&mut self, on: bool) {
        self.ignition_trigger = on;
    }

    /// The state `state_select` requests (codes 5-7 request NORMAL, as `config_controller`
    /// defines them).
    pub fn state(&self) -> ConsciousnessState {
        ConsciousnessState::from_code(self.state_select & 7).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_the_ports_and_errors_name_the_field() {
        assert_eq!(q14_input("x", Q14_MAX), Ok(131_071));
        assert_eq!(q14_input("x", Q14_MIN), Ok(-131_072));
        assert_eq!(q14_input("x", -1.0), Ok(-16_384));
        assert!(q14_input("x", 8.0).is_err());
        assert!(q14_input("x", -8.0001).is_err());
        assert!(q14_input("x", f64::NAN).is_err());
        assert!(q14_input("x", f64::INFINITY).is_err());
        assert_eq!(transition_ticks(0.0), Ok(0));
        assert_eq!(transition_ticks(TRANSITION_MAX_S), Ok(65_535));
        assert_eq!(transition_ticks(1.0), Ok(4_000));
        assert!(transition_ticks(16.384).is_err());
        assert!(transition_ticks(-0.001).is_err());
        let e = InputsBuilder::new()
            .sr_harmonic_field(SrHarmonic::F3, -9.0)
            .build()
            .unwrap_err();
        assert_eq!(e.field, "sr_field[f3]");
        assert_eq!(
            e.to_string(),
            "sr_field[f3] = -9 is out of range (allowed -8 … 7.99993896484375)"
        );
        let e = InputsBuilder::new().sensory(f64::NAN).build().unwrap_err();
        assert!(
            e.to_string().starts_with("sensory_input is not a number"),
            "{e}"
        );
    }

    #[test]
    fn setters_agree_with_the_builder() {
        let b = InputsBuilder::new()
            .sensory(-0.5)
            .state(ConsciousnessState::Flow)
            .transition_seconds(0.25)
            .sr_field(0.01)
            .sr_harmonic_field(SrHarmonic::F4, 1.5)
            .ignition(true)
            .build()
            .unwrap();
        assert!(b.ignition_trigger);
        let mut i = PhiNNeuralProcessorInputs::default();
        i.set_ignition_trigger(true);
        i.set_sensory(-0.5).unwrap();
        i.set_state(ConsciousnessState::Flow);
        i.set_transition_seconds(0.25).unwrap();
        i.set_sr_field(0.01).unwrap();
        i.set_sr_harmonic_field(SrHarmonic::F4, 1.5).unwrap();
        assert_eq!(i, b);
        assert_eq!(i.state(), ConsciousnessState::Flow);
        assert!(i.set_sensory(100.0).is_err());
        assert_eq!(
            i.sensory_input, -8_192,
            "a refused value leaves the port as it was"
        );
        i.state_select = 6;
        assert_eq!(i.state(), ConsciousnessState::Normal);
    }
}
