//! The document's seven conductor layers and where each one's rhythm comes from in the
//! processor (neural-conductor-theory.md, "Temporal Coordination Patterns").
//!
//! | layer | document | mapped to | Hz | why |
//! |---|---|---|---|---|
//! | Sensory | 40 Hz gamma | `sensory.l4` | 31.73 | the sensory column's input layer, fed by the thalamic relay of `sensory_input`; gamma by the document's own band table (30-100 Hz). `sensory.l23` is nearer 40 Hz (40.36) but switches to 65.3 Hz in every theta encoding window, so its n:m relation to anything is undefined half the time |
//! | Pattern | 20 Hz beta | `assoc.l5a` | 15.42 | the association column's beta layer nearest 20 Hz; keeps the document's 2:1 with Sensory (31.73 / 15.42 = 2.06) |
//! | Emotional | 10 Hz alpha | `assoc.l6` | 9.53 | the alpha layer of the association column |
//! | Executive | 6 Hz theta | `theta` | 5.89 | the thalamic theta oscillator |
//! | Integration | 4 Hz theta | software Hopf | 3.93 | no processor oscillator near 4 Hz: a software Hopf of the processor's form at 2/3 of theta, locked to theta by a phase divider (the document's 6:4 = 3:2) |
//! | Memory | 2 Hz delta | software Hopf | 1.96 | the processor has no delta oscillator: a software Hopf at 1/3 of theta (the document's 6:2 = 3:1) |
//! | Output | 8 Hz alpha | `motor.l6` | 9.53 | the motor column drives the processor's output (the DAC); its alpha layer. No motor layer is near 8 Hz, and `sr.f0` (7.6 Hz) belongs to the Schumann bank, not to an output. Consequence: Emotional and Output are the same layer in two columns, locked 1:1 (PLV ≥ 0.99), where the document has 10 vs 8 Hz |
//!
//! A software layer is a [`HopfOscillator`] from phin-core (the same Q4.14 equations, `mu_dt`
//! and `omega_dt` words as the processor's oscillators), stepped by the conductor on every
//! tick beside the processor. It is the conductor's own oscillator, so the conductor may drive
//! it: its `input_x` is a cosine at `num/den` of the unwrapped phase of a processor
//! oscillator (a frequency divider on that oscillator's measured phase), which locks it n:m to
//! that oscillator. The processor is never written; it is only read through its probe.

use crate::error::{check_range, ConductorError, Result};
use phin_analysis::phase::angle_turned;
use phin_core::constants::TICK_HZ;
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::identity::{Column, Layer, Oscillator};
use phin_core::Probe;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One of the document's seven layers, in its order (the rows and columns of the flow matrix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConductorLayer {
    /// 1, Sensory: 40 Hz gamma, fast processing.
    Sensory,
    /// 2, Pattern: 20 Hz beta, pattern binding.
    Pattern,
    /// 3, Emotional: 10 Hz alpha, emotional integration.
    Emotional,
    /// 4, Executive: 6 Hz theta, working memory.
    Executive,
    /// 5, Integration: 4 Hz theta, long-term binding.
    Integration,
    /// 6, Memory: 2 Hz delta, consolidation.
    Memory,
    /// 7, Output: 8 Hz alpha, motor preparation.
    Output,
}

impl ConductorLayer {
    /// The seven layers in the document's order.
    pub const ALL: [ConductorLayer; 7] = [
        ConductorLayer::Sensory,
        ConductorLayer::Pattern,
        ConductorLayer::Emotional,
        ConductorLayer::Executive,
        ConductorLayer::Integration,
        ConductorLayer::Memory,
        ConductorLayer::Output,
    ];

    /// Position 0 … 6 (the document numbers them 1 … 7).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Stable lower-case name.
    pub const fn name(self) -> &'static str {
        match self {
            ConductorLayer::Sensory => "sensory",
            ConductorLayer::Pattern => "pattern",
            ConductorLayer::Emotional => "emotional",
            ConductorLayer::Executive => "executive",
            ConductorLayer::Integration => "integration",
            ConductorLayer::Memory => "memory",
            ConductorLayer::Output => "output",
        }
    }

    /// The document's frequency for the layer, Hz ("Oscillatory Coupling Model").
    pub const fn document_hz(self) -> f64 {
        match self {
            ConductorLayer::Sensory => 40.0,
            ConductorLayer::Pattern => 20.0,
            ConductorLayer::Emotional => 10.0,
            ConductorLayer::Executive => 6.0,
            ConductorLayer::Integration => 4.0,
            ConductorLayer::Memory => 2.0,
            ConductorLayer::Output => 8.0,
        }
    }

    /// The layer at position `k` (0 … 6).
    pub fn from_index(k: usize) -> Option<ConductorLayer> {
        Self::ALL.get(k).copied()
    }
}

impl fmt::Display for ConductorLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ConductorLayer {
    type Err = ConductorError;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|l| l.name() == t)
            .ok_or_else(|| {
                ConductorError::out_of_range(
                    "layer",
                    format!("{s:?}"),
                    Self::ALL.map(|l| l.name()).join(", "),
                )
            })
    }
}

impl Serialize for ConductorLayer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ConductorLayer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a conductor layer's rhythm comes from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LayerSource {
    /// A processor oscillator, read through the probe.
    Processor {
        /// The oscillator.
        oscillator: Oscillator,
    },
    /// A software Hopf oscillator of the processor's form at `num/den` of a processor
    /// oscillator's nominal frequency, driven by a cosine at `num/den` of that oscillator's
    /// unwrapped phase.
    Software {
        /// The processor oscillator it is locked to.
        locked_to: Oscillator,
        /// Numerator of the frequency ratio.
        num: u32,
        /// Denominator of the frequency ratio.
        den: u32,
        /// Amplitude of the drive on the oscillator's `input_x`, a Q4.14 real per tick.
        drive: f64,
        /// `mu_dt`, the growth word (3 is the MU table's MODERATE, every layer's value in
        /// NORMAL).
        mu_dt: i32,
    },
}

impl LayerSource {
    /// The frequency the layer runs at, Hz: the oscillator's nominal frequency, or the software
    /// oscillator's `num/den` of it.
    pub fn hz(&self) -> f64 {
        match *self {
            LayerSource::Processor { oscillator } => oscillator.nominal_hz(),
            LayerSource::Software {
                locked_to,
                num,
                den,
                ..
            } => locked_to.nominal_hz() * f64::from(num) / f64::from(den),
        }
    }

    /// Checks the ratio, the drive and the growth word.
    pub fn validate(&self, field: &str) -> Result<()> {
        if let LayerSource::Software {
            num,
            den,
            drive,
            mu_dt,
            ..
        } = *self
        {
            if !(1..=16).contains(&num) {
                return Err(ConductorError::out_of_range(
                    format!("{field}.num"),
                    num,
                    "1 … 16",
                ));
            }
            if !(1..=16).contains(&den) {
                return Err(ConductorError::out_of_range(
                    format!("{field}.den"),
                    den,
                    "1 … 16",
                ));
            }
            check_range(&format!("{field}.drive"), drive, 0.0, 1.0)?;
            if !(0..=64).contains(&mu_dt) {
                return Err(ConductorError::out_of_range(
                    format!("{field}.mu_dt"),
                    mu_dt,
                    "0 … 64",
                ));
            }
        }
        Ok(())
    }
}

/// The mapping of the seven layers, in [`ConductorLayer::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LayerMap(pub [LayerSource; 7]);

impl Default for LayerMap {
    /// The mapping of the table in the module docs.
    fn default() -> Self {
        let p = |oscillator| LayerSource::Processor { oscillator };
        let sw = |num, den| LayerSource::Software {
            locked_to: Oscillator::Theta,
            num,
            den,
            drive: 0.004,
            mu_dt: 3,
        };
        LayerMap([
            p(Oscillator::Cortex(Column::Sensory, Layer::L4)),
            p(Oscillator::Cortex(Column::Association, Layer::L5a)),
            p(Oscillator::Cortex(Column::Association, Layer::L6)),
            p(Oscillator::Theta),
            sw(2, 3),
            sw(1, 3),
            p(Oscillator::Cortex(Column::Motor, Layer::L6)),
        ])
    }
}

impl LayerMap {
    /// One layer's source.
    pub fn source(&self, l: ConductorLayer) -> LayerSource {
        self.0[l.index()]
    }

    /// Checks every software layer.
    pub fn validate(&self, field: &str) -> Result<()> {
        for l in ConductorLayer::ALL {
            self.source(l).validate(&format!("{field}.{l}"))?;
        }
        Ok(())
    }
}

/// `OMEGA_DT` of a frequency: round(2π·f·dt·2¹⁴), the processor's formula (section 2.1).
pub fn omega_dt(hz: f64) -> i32 {
    (std::f64::consts::TAU * hz / TICK_HZ * 16_384.0).round() as i32
}

/// A software layer: a processor-form Hopf oscillator driven at `num/den` of a processor
/// oscillator's unwrapped phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SoftwareLayer {
    osc: HopfOscillator,
    locked_to: Oscillator,
    ratio: f64,
    omega_dt: i32,
    mu_dt: i32,
    drive: f64,
    /// Multiplies the drive (the desynchronisation recovery raises it for a while).
    pub drive_gain: f64,
    unwrapped: f64,
    last: Option<(f64, f64)>,
}

impl SoftwareLayer {
    /// The software layer of a [`LayerSource::Software`] (`None` for a processor source).
    pub fn new(src: &LayerSource) -> Option<SoftwareLayer> {
        match *src {
            LayerSource::Processor { .. } => None,
            LayerSource::Software {
                locked_to,
                num,
                den,
                drive,
                mu_dt,
            } => Some(SoftwareLayer {
                osc: HopfOscillator::new(),
                locked_to,
                ratio: f64::from(num) / f64::from(den),
                omega_dt: omega_dt(src.hz()),
                mu_dt,
                drive,
                drive_gain: 1.0,
                unwrapped: 0.0,
                last: None,
            }),
        }
    }

    /// One tick: follow the reference oscillator's phase, then step the Hopf oscillator with
    /// the drive of this tick.
    pub fn tick(&mut self, probe: &Probe<'_>) {
        let r = probe.oscillator(self.locked_to);
        let now = (r.x.to_f64(), r.y.to_f64());
        if let Some(last) = self.last {
            self.unwrapped += angle_turned(last, now);
        } else {
            self.unwrapped = now.1.atan2(now.0);
        }
        self.last = Some(now);
        let u = self.drive * self.drive_gain * (self.ratio * self.unwrapped).cos();
        self.osc.tick(&HopfOscillatorInputs {
            mu_dt: self.mu_dt,
            omega_dt: self.omega_dt,
            input_x: (u * 16_384.0).round() as i32,
        });
    }

    /// The phase the drive has now (`num/den` of the reference's unwrapped phase), radians.
    pub fn drive_phase(&self) -> f64 {
        self.ratio * self.unwrapped
    }

    /// The oscillator's (x, y) as reals.
    pub fn xy(&self) -> (f64, f64) {
        (
            f64::from(self.osc.x) / 16_384.0,
            f64::from(self.osc.y) / 16_384.0,
        )
    }

    /// Turns the oscillator's state by `radians` (the desynchronisation fault).
    pub fn kick(&mut self, radians: f64) {
        let (x, y) = self.xy();
        let (s, c) = radians.sin_cos();
        self.osc.x = ((x * c - y * s) * 16_384.0).round() as i32;
        self.osc.y = ((x * s + y * c) * 16_384.0).round() as i32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_the_map_cites_processor_frequencies() {
        for (k, l) in ConductorLayer::ALL.into_iter().enumerate() {
            assert_eq!(l.index(), k);
            assert_eq!(l.name().parse::<ConductorLayer>().unwrap(), l);
            assert_eq!(ConductorLayer::from_index(k), Some(l));
        }
        let e = "cortex".parse::<ConductorLayer>().unwrap_err();
        assert!(e.to_string().contains("sensory, pattern"), "{e}");
        let m = LayerMap::default();
        assert_eq!(
            m.source(ConductorLayer::Sensory).hz(),
            Layer::L4.nominal_hz()
        );
        assert_eq!(
            m.source(ConductorLayer::Executive).hz(),
            phin_core::identity::THETA_HZ
        );
        let integ = m.source(ConductorLayer::Integration).hz();
        assert!((integ - 5.89 * 2.0 / 3.0).abs() < 1e-12);
        m.validate("layers").unwrap();
        let j = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<LayerMap>(&j).unwrap(), m);
        assert_eq!(omega_dt(phin_core::identity::THETA_HZ), 152);
    }

    #[test]
    fn a_bad_software_layer_is_refused_by_name() {
        let mut m = LayerMap::default();
        m.0[4] = LayerSource::Software {
            locked_to: Oscillator::Theta,
            num: 0,
            den: 3,
            drive: 0.01,
            mu_dt: 3,
        };
        assert_eq!(
            m.validate("layers").unwrap_err().field(),
            "layers.integration.num"
        );
    }
}
