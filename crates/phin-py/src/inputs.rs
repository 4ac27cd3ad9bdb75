//! The processor's input ports as Python names them: one [`InputField`] per port (or packed
//! port), with the conversion from physical units to the port's words and the range check.
//!
//! Everything that takes inputs (a processor's held inputs, per-tick arrays of a run, an
//! ensemble's frame columns, the stubs) is driven by [`INPUT_FIELDS`], so a new port of the
//! processor is one more entry here: its name, its elements, its kind (which fixes the unit and
//! the range) and the two functions that put a word into [`PhiNNeuralProcessorInputs`] and read
//! it back. A one-bit port (a trigger) is [`Kind::Flag`]: its values are 0 and 1.

use phin_core::control::{q14_input, InputError};
use phin_core::fixed_point::q14_to_f64;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorInputs;
use std::fmt;

/// What a field's values are, which fixes their unit, range and conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Q4.14 real on an 18-bit signed port: 1.0 is full scale, the range is −8 … 8 − 2⁻¹⁴.
    Real,
    /// A one-bit port: 0 or 1 (a float that is exactly 0.0 or 1.0, so a bool array converts).
    Flag,
}

impl Kind {
    /// The port word of `v`, or the error naming `label` (the field's name, with the element
    /// and the tick when there is one).
    pub fn word(self, label: &str, v: f64) -> Result<i32, FieldError> {
        match self {
            Kind::Real => q14_input("", v).map_err(|e| FieldError::from_input(label, e)),
            Kind::Flag if v == 0.0 || v == 1.0 => Ok(v as i32),
            Kind::Flag => Err(FieldError::range(label, v, 0.0, 1.0, "")),
        }
    }

    /// The value a port word stands for.
    pub fn value(self, word: i32) -> f64 {
        match self {
            Kind::Real => q14_to_f64(i64::from(word)),
            Kind::Flag => f64::from(word),
        }
    }

    /// The unit of the values (`"1"`: a dimensionless Q4.14 real, 1.0 full scale; `"flag"`).
    pub fn unit(self) -> &'static str {
        match self {
            Kind::Real => "1",
            Kind::Flag => "flag",
        }
    }
}

/// One input of the processor as Python names it.
#[derive(Debug)]
pub struct InputField {
    /// The keyword (`sensory`, `sr_field`, `sr_harmonic_field`).
    pub name: &'static str,
    /// Element names of a packed port (`f0` … `f4`), empty for a one-word port.
    pub elements: &'static [&'static str],
    /// The RTL port of each element (one entry for a one-word port).
    pub ports: &'static [&'static str],
    /// Unit and range.
    pub kind: Kind,
    /// One line for docs and errors.
    pub doc: &'static str,
    put: fn(&mut PhiNNeuralProcessorInputs, usize, i32),
    get: fn(&PhiNNeuralProcessorInputs, usize) -> i32,
}

impl InputField {
    /// Words per tick (1, or 5 for a per-harmonic port).
    pub fn width(&self) -> usize {
        self.ports.len()
    }

    /// Writes element `k`'s word.
    #[inline(always)]
    pub fn put(&self, i: &mut PhiNNeuralProcessorInputs, k: usize, word: i32) {
        (self.put)(i, k, word)
    }

    /// Reads element `k`'s word.
    pub fn get(&self, i: &PhiNNeuralProcessorInputs, k: usize) -> i32 {
        (self.get)(i, k)
    }

    /// The name of element `k` in messages and frame columns: `sensory`, `sr_harmonic_field_f2`.
    pub fn element_name(&self, k: usize) -> String {
        match self.elements.get(k) {
            Some(e) => format!("{}_{e}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// Every input field, in port order. A new port is one entry here (and one line in the stubs).
pub static INPUT_FIELDS: [InputField; 3] = [
    InputField {
        name: "sensory",
        elements: &[],
        ports: &["sensory_input"],
        kind: Kind::Real,
        doc: "drive of the thalamic relay (sensory_input), a Q4.14 real, 1.0 = full scale",
        put: |i, _, w| i.sensory_input = w,
        get: |i, _| i.sensory_input,
    },
    InputField {
        name: "sr_field",
        elements: &[],
        ports: &["sr_field_input"],
        kind: Kind::Real,
        doc: "broadband external Schumann-resonance field (sr_field_input), a Q4.14 real",
        put: |i, _, w| i.sr_field_input = w,
        get: |i, _| i.sr_field_input,
    },
    InputField {
        name: "sr_harmonic_field",
        elements: &["f0", "f1", "f2", "f3", "f4"],
        ports: &[
            "sr_field[f0]",
            "sr_field[f1]",
            "sr_field[f2]",
            "sr_field[f3]",
            "sr_field[f4]",
        ],
        kind: Kind::Real,
        doc: "external field at each SR harmonic f0..f4 (sr_field_packed), Q4.14 reals",
        put: |i, k, w| i.sr_field[k] = w,
        get: |i, k| i.sr_field[k],
    },
];

/// The field named `name`, or the error listing the names.
pub fn field(name: &str) -> Result<&'static InputField, FieldError> {
    INPUT_FIELDS
        .iter()
        .find(|f| f.name == name)
        .ok_or_else(|| FieldError::Unknown {
            what: "input",
            given: name.to_string(),
            allowed: INPUT_FIELDS
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// A value refused by name: out of range, of the wrong length, or an unknown name.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldError {
    /// A value outside what the field allows.
    Range {
        /// The field (with its element and tick: `sr_harmonic_field[f2]`, `sensory[t=17]`).
        field: String,
        /// The value given.
        value: f64,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
        /// Unit of value, min and max (`""`, `" s"`, `" Hz"`).
        unit: &'static str,
    },
    /// An array of the wrong shape.
    Shape {
        /// The field.
        field: String,
        /// What was given.
        given: String,
        /// What is allowed.
        allowed: String,
    },
    /// A name that is not one of the allowed names.
    Unknown {
        /// What kind of name (`input`, `record name`, `column`).
        what: &'static str,
        /// The name given.
        given: String,
        /// The allowed names.
        allowed: String,
    },
}

impl FieldError {
    /// The range error of `field`.
    pub fn range(
        field: impl Into<String>,
        value: f64,
        min: f64,
        max: f64,
        unit: &'static str,
    ) -> Self {
        FieldError::Range {
            field: field.into(),
            value,
            min,
            max,
            unit,
        }
    }

    /// phin-core's input error, renamed to the Python field.
    pub fn from_input(label: &str, e: InputError) -> Self {
        FieldError::range(label, e.value, e.min, e.max, e.unit)
    }

    /// The field the error names.
    pub fn field(&self) -> &str {
        match self {
            FieldError::Range { field, .. } | FieldError::Shape { field, .. } => field,
            FieldError::Unknown { given, .. } => given,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::Range {
                field,
                value,
                min,
                max,
                unit: u,
            } => {
                if value.is_nan() {
                    write!(f, "{field} is not a number")?;
                } else {
                    write!(f, "{field} = {value}{u} is out of range")?;
                }
                write!(f, " (allowed {min}{u} … {max}{u})")
            }
            FieldError::Shape {
                field,
                given,
                allowed,
            } => write!(f, "{field} has {given} (allowed: {allowed})"),
            FieldError::Unknown {
                what,
                given,
                allowed,
            } => write!(f, "{given:?} is not a {what} (allowed: {allowed})"),
        }
    }
}

impl std::error::Error for FieldError {}

/// An input's values for a run, per tick: `words[t · width + k]` is element k at tick t of the
/// run; a held input (one value per element) is given as one tick's worth.
#[derive(Clone, Debug)]
pub struct FieldValues {
    /// The field.
    pub field: &'static InputField,
    /// The port words, tick-major.
    pub words: Vec<i32>,
}

impl FieldValues {
    /// Converts `values` (tick-major, `width` per tick) for a run of `ticks` ticks: either one
    /// tick's worth (held for the run) or exactly `ticks` ticks' worth. Every value is checked;
    /// the error names the field, the element and the tick.
    pub fn new(field: &'static InputField, values: &[f64], ticks: u64) -> Result<Self, FieldError> {
        let w = field.width();
        let n = values.len();
        let per_tick = n == w * ticks as usize && n != w;
        if n != w && !per_tick {
            let allowed = if w == 1 {
                format!("a number, or one value per tick ({ticks})")
            } else {
                format!("{w} values, or {w} per tick ({ticks} × {w})")
            };
            return Err(FieldError::Shape {
                field: field.name.to_string(),
                given: format!("{n} values"),
                allowed,
            });
        }
        let mut words = Vec::with_capacity(n);
        for (j, &v) in values.iter().enumerate() {
            let k = j % w;
            let word = field.kind.word("", v).map_err(|e| {
                let mut label = field.name.to_string();
                if w > 1 {
                    label += &format!("[{}]", field.elements[k]);
                }
                if per_tick {
                    label += &format!("[t={}]", j / w);
                }
                match e {
                    FieldError::Range {
                        value,
                        min,
                        max,
                        unit,
                        ..
                    } => FieldError::range(label, value, min, max, unit),
                    other => other,
                }
            })?;
            words.push(word);
        }
        Ok(FieldValues { field, words })
    }

    /// One value per element, for the whole run.
    pub fn is_held(&self) -> bool {
        self.words.len() == self.field.width()
    }

    /// Writes tick `t`'s words into `i` (a held field writes the same words every tick).
    #[inline(always)]
    pub fn apply(&self, i: &mut PhiNNeuralProcessorInputs, t: usize) {
        let w = self.field.width();
        let start = if self.is_held() { 0 } else { t * w };
        for (k, &word) in self.words[start..start + w].iter().enumerate() {
            self.field.put(i, k, word);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_write_their_ports_and_read_them_back() {
        let mut i = PhiNNeuralProcessorInputs::default();
        for (n, f) in INPUT_FIELDS.iter().enumerate() {
            for k in 0..f.width() {
                let w = 1_000 * (n as i32 + 1) + k as i32;
                f.put(&mut i, k, w);
                assert_eq!(f.get(&i, k), w, "{}", f.element_name(k));
            }
        }
        assert_eq!(i.sensory_input, 1_000);
        assert_eq!(i.sr_field_input, 2_000);
        assert_eq!(i.sr_field, [3_000, 3_001, 3_002, 3_003, 3_004]);
        assert_eq!(
            field("sr_harmonic_field").unwrap().element_name(2),
            "sr_harmonic_field_f2"
        );
    }

    #[test]
    fn errors_name_the_field_the_element_and_the_tick() {
        let f = field("sensory").unwrap();
        let e = FieldValues::new(f, &[0.0, 0.5, 9.0], 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sensory[t=2] = 9 is out of range (allowed -8 … 7.99993896484375)"
        );
        let h = field("sr_harmonic_field").unwrap();
        let e = FieldValues::new(h, &[0.0, 0.0, f64::NAN, 0.0, 0.0], 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sr_harmonic_field[f2] is not a number (allowed -8 … 7.99993896484375)"
        );
        let e = FieldValues::new(f, &[0.0, 0.5], 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sensory has 2 values (allowed: a number, or one value per tick (3))"
        );
        let e = field("sensor").unwrap_err();
        assert_eq!(e.field(), "sensor");
        assert!(e
            .to_string()
            .contains("sensory, sr_field, sr_harmonic_field"));
    }

    #[test]
    fn a_flag_is_0_or_1() {
        assert_eq!(Kind::Flag.word("trigger", 1.0), Ok(1));
        assert_eq!(Kind::Flag.word("trigger", 0.0), Ok(0));
        assert_eq!(Kind::Flag.value(1), 1.0);
        let e = Kind::Flag.word("trigger[t=4]", 0.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "trigger[t=4] = 0.5 is out of range (allowed 0 … 1)"
        );
        assert!(Kind::Flag.word("trigger", f64::NAN).is_err());
    }

    #[test]
    fn held_and_per_tick_values_apply_per_tick() {
        let f = field("sensory").unwrap();
        let per = FieldValues::new(f, &[0.25, -0.5, 1.0], 3).unwrap();
        let held = FieldValues::new(f, &[0.125], 3).unwrap();
        let mut i = PhiNNeuralProcessorInputs::default();
        per.apply(&mut i, 1);
        assert_eq!(i.sensory_input, -8_192);
        held.apply(&mut i, 2);
        assert_eq!(i.sensory_input, 2_048);
        // A one-tick run: one value is both held and per tick; it applies either way.
        let one = FieldValues::new(f, &[0.5], 1).unwrap();
        one.apply(&mut i, 0);
        assert_eq!(i.sensory_input, 8_192);
    }
}
