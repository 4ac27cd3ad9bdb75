//! Neuromodulation of learning (Doya 2002, "Metalearning and neuromodulation"): dopamine carries
//! the TD error, acetylcholine sets the learning rate, norepinephrine the softmax inverse
//! temperature, serotonin the discount. Each is a named gain with an off switch, so each can be
//! ablated on its own.
//!
//! The gains are the blueprint's `modulate_cognition` factors (section 3), which it computes and
//! then leaves unused for learning: memory 0.7 + 0.6·ACh ∈ [0.7, 1.3] scales the learning rate;
//! attention 1 + 2·NE ∈ [1, 3] scales the inverse temperature; stability 0.8 + 0.4·5-HT ∈
//! [0.8, 1.2] scales the discount horizon 1/(1 − γ). Each factor is divided by its value at the
//! transmitter's setpoint, so an agent whose levels sit at their setpoints (or whose modulation
//! is off) learns with exactly its base α, β and γ: "neuromodulation on" against "fixed levels"
//! then compares dynamics, not a different operating point.
//!
//! ```
//! use phin_biomind::modulation::{Gain, ModulationParams};
//!
//! let m = ModulationParams::default();
//! assert_eq!(m.ach_learning_rate.factor(0.5, 0.5), 1.0);
//! assert!((m.ach_learning_rate.factor(1.0, 0.5) - 1.3).abs() < 1e-12);
//! let off = Gain { on: false, ..m.ne_inverse_temperature };
//! assert_eq!(off.factor(1.0, 0.4), 1.0);
//! ```

use crate::error::{check_finite, ParamError};
use serde::{Deserialize, Serialize};

/// One modulatory gain: `(offset + slope·level) / (offset + slope·setpoint)` when on, 1 when off.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gain {
    /// The switch (false: the factor is 1, the ablation).
    pub on: bool,
    /// Offset of the blueprint's linear factor.
    pub offset: f64,
    /// Slope of the blueprint's linear factor.
    pub slope: f64,
}

impl Gain {
    /// The factor at `level`, normalised to 1 at `setpoint`; 1 when off. Never negative.
    pub fn factor(&self, level: f64, setpoint: f64) -> f64 {
        if !self.on {
            return 1.0;
        }
        let den = self.offset + self.slope * setpoint;
        if den <= 0.0 || !den.is_finite() {
            return 1.0;
        }
        ((self.offset + self.slope * level) / den).max(0.0)
    }

    fn validate(&self, field: &str) -> Result<(), ParamError> {
        check_finite(&format!("{field}.offset"), self.offset)?;
        check_finite(&format!("{field}.slope"), self.slope)?;
        if self.offset <= 0.0 || self.offset + self.slope <= 0.0 {
            return Err(ParamError::new(
                format!("{field}.offset"),
                self.offset,
                "offset > 0 and offset + slope > 0 (a positive factor on [0, 1])",
            ));
        }
        Ok(())
    }
}

/// The four modulations and their switches.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModulationParams {
    /// Dopamine carries the TD error: the learner receives the error decoded from the visible
    /// phasic DA response (bounded by the level's range), not the computed δ.
    pub da_carries_td_error: bool,
    /// ACh → learning rate: memory 0.7 + 0.6·ACh (section 3).
    pub ach_learning_rate: Gain,
    /// NE → softmax inverse temperature: attention 1 + 2·NE (section 3).
    pub ne_inverse_temperature: Gain,
    /// 5-HT → discount horizon 1/(1 − γ): stability 0.8 + 0.4·5-HT (section 3).
    pub serotonin_discount: Gain,
}

impl Default for ModulationParams {
    fn default() -> Self {
        ModulationParams {
            da_carries_td_error: true,
            ach_learning_rate: Gain {
                on: true,
                offset: 0.7,
                slope: 0.6,
            },
            ne_inverse_temperature: Gain {
                on: true,
                offset: 1.0,
                slope: 2.0,
            },
            serotonin_discount: Gain {
                on: true,
                offset: 0.8,
                slope: 0.4,
            },
        }
    }
}

impl ModulationParams {
    /// Every modulation off: the agent learns with fixed α, β, γ and the computed δ (the
    /// "fixed levels" ablation).
    pub fn fixed_levels() -> Self {
        let d = Self::default();
        ModulationParams {
            da_carries_td_error: false,
            ach_learning_rate: Gain {
                on: false,
                ..d.ach_learning_rate
            },
            ne_inverse_temperature: Gain {
                on: false,
                ..d.ne_inverse_temperature
            },
            serotonin_discount: Gain {
                on: false,
                ..d.serotonin_discount
            },
        }
    }

    /// Checks every gain; errors name the field (`modulation.ach_learning_rate.offset`).
    pub fn validate(&self) -> Result<(), ParamError> {
        self.ach_learning_rate
            .validate("modulation.ach_learning_rate")?;
        self.ne_inverse_temperature
            .validate("modulation.ne_inverse_temperature")?;
        self.serotonin_discount
            .validate("modulation.serotonin_discount")?;
        Ok(())
    }

    /// The discount γ_eff for a base γ and a horizon factor h: 1 − (1 − γ)/h.
    pub fn discount(gamma: f64, horizon_factor: f64) -> f64 {
        if horizon_factor <= 0.0 || !horizon_factor.is_finite() {
            return gamma;
        }
        (1.0 - (1.0 - gamma) / horizon_factor).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blueprint_ranges_come_back_at_the_ends() {
        let m = ModulationParams::default();
        // Unnormalised ranges: setpoint 0 gives the raw factor divided by the offset.
        let a = m.ach_learning_rate;
        assert!((a.factor(0.0, 0.5) - 0.7).abs() < 1e-12);
        assert!((a.factor(1.0, 0.5) - 1.3).abs() < 1e-12);
        let n = m.ne_inverse_temperature;
        assert!((n.factor(1.0, 0.0) - 3.0).abs() < 1e-12);
        assert!((n.factor(0.4, 0.4) - 1.0).abs() < 1e-12);
        let s = m.serotonin_discount;
        assert!((s.factor(1.0, 0.0) - 1.5).abs() < 1e-12);
        assert!((ModulationParams::discount(0.99, 1.0) - 0.99).abs() < 1e-12);
        assert!((ModulationParams::discount(0.99, 2.0) - 0.995).abs() < 1e-12);
        assert!(ModulationParams::fixed_levels().validate().is_ok());
        let bad = ModulationParams {
            ne_inverse_temperature: Gain {
                on: true,
                offset: 0.0,
                slope: 1.0,
            },
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().field,
            "modulation.ne_inverse_temperature.offset"
        );
    }
}
