//! The prediction-error circuits (blueprint section 1, "Precision-weighted prediction error
//! computation driving neuromodulatory surges", and section 10's surge laws): reward
//! prediction error → dopamine burst and dip; information surprise → norepinephrine;
//! integrated aversive error → serotonin; attention and novelty → acetylcholine.
//!
//! The blueprint's sign and logic errors, fixed here (docs/biomind.md lists them with their
//! source lines):
//!
//! 1. **Dopamine dip sign.** `DA_dip = −γ·RPE` "for negative RPE (dips below baseline)" is
//!    positive for negative RPE. The dip is `k_dip·RPE` (negative), with k_dip = 0.8 = k_da
//!    (v2's symmetric proportional law), so [`CircuitParams::da_surge`] is odd in sign.
//! 2. **Information surprise.** `IS = H_actual − H_expected` with both entropies of the same
//!    kind is zero for a one-hot observation (its entropy is 0), so IS would always be
//!    −H_expected. The actual term is the surprisal of what happened under the expected
//!    distribution, −ln p(o): IS = −ln p(o) − H(p), zero on average, positive for an
//!    unlikely outcome ([`information_surprise`]).
//! 3. **Serotonin ratchet.** `L_allostatic = max(E_allostatic(t), L(t−1))` can only grow, so
//!    the load never recovers. The load is the leaky integral itself ([`AllostaticIntegrator`]),
//!    which decays with τ_5HT when the errors stop.
//! 4. **Surges beyond the range.** The blueprint adds surges without bound; the NT model clips
//!    levels to [0, 1] and bounds the surge state (see [`crate::nt`]).
//!
//! ```
//! use phin_biomind::circuits::{information_surprise, CircuitParams};
//!
//! let c = CircuitParams::default();
//! assert!((c.da_surge(1.0) - 1.2).abs() < 1e-12);   // v1: 0.8·1·(1 + 0.5)
//! assert!((c.da_surge(-1.0) + 0.8).abs() < 1e-12);  // a dip, not a burst
//! assert!((c.decode_da(c.da_surge(0.3)) - 0.3).abs() < 1e-12);
//! // An outcome of probability 0.1 under the prediction is surprising, a likely one is not.
//! assert!(information_surprise(&[0.9, 0.1], 1) > 0.0);
//! assert!(information_surprise(&[0.9, 0.1], 0) < 0.0);
//! ```

use crate::error::{check_non_negative, check_positive, ParamError};
use crate::time::decay_per_tick;
use serde::{Deserialize, Serialize};

/// Gains of the four circuits (blueprint sections 1 and 10).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CircuitParams {
    /// Dopamine burst gain k_da (section 10: 0.8).
    pub k_da: f64,
    /// Magnitude amplification β of the burst (section 10 v1: 0.5; v2 drops it).
    pub beta_da: f64,
    /// Dopamine dip gain (section 1 calls it γ without a value; 0.8 = k_da, v2's symmetric law).
    pub k_da_dip: f64,
    /// Norepinephrine surge gain k_ne (section 10: 0.6).
    pub k_ne: f64,
    /// Saturation rate of the NE surge in |IS| (section 10 "τ = 0.1"; per nat, not a time).
    pub kappa_ne: f64,
    /// Serotonin gain k_5ht (section 10: 0.4).
    pub k_5ht: f64,
    /// Time constant of the integrated aversive error, s (section 10 v2: τ_5HT = 30 s).
    pub tau_5ht_integration_s: f64,
    /// Scale σ of the integrated error in tanh(E/σ) (section 10: 0.5).
    pub sigma_allostatic: f64,
    /// Acetylcholine surge gain k_ach (section 10: 0.5).
    pub k_ach: f64,
}

impl Default for CircuitParams {
    fn default() -> Self {
        CircuitParams {
            k_da: 0.8,
            beta_da: 0.5,
            k_da_dip: 0.8,
            k_ne: 0.6,
            kappa_ne: 0.1,
            k_5ht: 0.4,
            tau_5ht_integration_s: 30.0,
            sigma_allostatic: 0.5,
            k_ach: 0.5,
        }
    }
}

impl CircuitParams {
    /// Checks every field; errors name the field (`circuits.k_da`).
    pub fn validate(&self) -> Result<(), ParamError> {
        let f = |n: &str| format!("circuits.{n}");
        check_positive(&f("k_da"), self.k_da)?;
        check_non_negative(&f("beta_da"), self.beta_da)?;
        check_non_negative(&f("k_da_dip"), self.k_da_dip)?;
        check_non_negative(&f("k_ne"), self.k_ne)?;
        check_non_negative(&f("kappa_ne"), self.kappa_ne)?;
        check_non_negative(&f("k_5ht"), self.k_5ht)?;
        check_positive(&f("tau_5ht_integration_s"), self.tau_5ht_integration_s)?;
        check_positive(&f("sigma_allostatic"), self.sigma_allostatic)?;
        check_non_negative(&f("k_ach"), self.k_ach)?;
        Ok(())
    }

    /// The dopamine surge of a reward prediction error: a burst `k_da·RPE·(1 + β|RPE|)` for
    /// RPE > 0 (section 10 v1), a dip `k_dip·RPE` below baseline for RPE < 0 (fix 1).
    pub fn da_surge(&self, rpe: f64) -> f64 {
        if !rpe.is_finite() {
            0.0
        } else if rpe >= 0.0 {
            self.k_da * rpe * (1.0 + self.beta_da * rpe)
        } else {
            self.k_da_dip * rpe
        }
    }

    /// The prediction error a dopamine surge carries: the inverse of
    /// [`da_surge`](Self::da_surge). Applied to the *visible* phasic response (after the level's
    /// clipping to [0, 1]), it is the error the learner receives when dopamine carries it.
    pub fn decode_da(&self, surge: f64) -> f64 {
        if !surge.is_finite() {
            0.0
        } else if surge >= 0.0 {
            if self.beta_da == 0.0 {
                surge / self.k_da
            } else {
                // k·β·x² + k·x − s = 0.
                let (a, b) = (self.k_da * self.beta_da, self.k_da);
                (-b + (b * b + 4.0 * a * surge).sqrt()) / (2.0 * a)
            }
        } else if self.k_da_dip > 0.0 {
            surge / self.k_da_dip
        } else {
            0.0
        }
    }

    /// The norepinephrine surge of an information surprise:
    /// `k_ne·IS·(1 − exp(−κ|IS|))` (section 10; negative IS gives a negative surge).
    pub fn ne_surge(&self, is: f64) -> f64 {
        if !is.is_finite() {
            return 0.0;
        }
        self.k_ne * is * (1.0 - (-self.kappa_ne * is.abs()).exp())
    }

    /// The serotonin drive of an integrated error E: `k_5ht·tanh(E/σ)` (section 10).
    pub fn serotonin_drive(&self, integrated: f64) -> f64 {
        if !integrated.is_finite() {
            return 0.0;
        }
        self.k_5ht * (integrated / self.sigma_allostatic).tanh()
    }

    /// The allostatic load L of an integrated error E, tanh(E/σ) in [0, 1): the blueprint's load
    /// is a weighted sum of normalised deviations (section 10, weights 0.3, 0.2, …), so of order
    /// 1; the raw integral E of error impulses is unbounded and would scale the tonic targets
    /// without limit.
    pub fn allostatic_load(&self, integrated: f64) -> f64 {
        if !integrated.is_finite() {
            return 0.0;
        }
        (integrated.max(0.0) / self.sigma_allostatic).tanh()
    }

    /// The acetylcholine surge: `k_ach·max(attention, novelty)·gate` (section 10 v1's max;
    /// v2's sum can reach 2·k_ach). Attention and novelty are clamped to [0, 1].
    pub fn ach_surge(&self, attention: f64, novelty: f64, gate: bool) -> f64 {
        let c = |v: f64| {
            if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        if gate {
            self.k_ach * c(attention).max(c(novelty))
        } else {
            0.0
        }
    }
}

/// Shannon entropy H(p) = −Σ p ln p, nats (terms with p = 0 contribute 0).
pub fn entropy(p: &[f64]) -> f64 {
    p.iter()
        .filter(|&&x| x > 0.0 && x.is_finite())
        .map(|&x| -x * x.ln())
        .sum()
}

/// Information surprise of outcome `observed` under the expected distribution `p` (fix 2):
/// the surprisal −ln p(o) minus the expected surprisal H(p). Zero on average under p; positive
/// for an unlikely outcome; 0 for an index out of range or an empty distribution.
/// Probabilities are floored at 1e-6 so a certain prediction does not give infinity.
pub fn information_surprise(p: &[f64], observed: usize) -> f64 {
    match p.get(observed) {
        Some(&po) if po.is_finite() => -(po.max(1e-6)).ln() - entropy(p),
        _ => 0.0,
    }
}

/// The integrated aversive error that drives serotonin (section 1 "allostatic prediction
/// error"): `E(t) = ∫ ε(τ)·exp(−(t−τ)/τ_5HT) dτ`, a leaky integral of error impulses, without the
/// blueprint's ratchet (fix 3).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AllostaticIntegrator {
    value: f64,
    decay: f64,
}

impl AllostaticIntegrator {
    /// An empty integrator with time constant `tau_s` seconds.
    pub fn new(tau_s: f64) -> Self {
        AllostaticIntegrator {
            value: 0.0,
            decay: decay_per_tick(tau_s),
        }
    }

    /// Adds an error impulse ε ≥ 0 (negative or non-finite values are ignored).
    pub fn push(&mut self, error: f64) {
        if error.is_finite() && error > 0.0 {
            self.value += error;
        }
    }

    /// One 4 kHz tick of decay.
    pub fn tick(&mut self) {
        self.value *= self.decay;
    }

    /// The integrated error E.
    pub fn value(&self) -> f64 {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::ticks;

    #[test]
    fn dopamine_bursts_and_dips_with_the_right_signs() {
        let c = CircuitParams::default();
        for r in [-2.0, -0.7, -0.01, 0.0, 0.01, 0.5, 2.0] {
            let s = c.da_surge(r);
            assert!(s.signum() * r.signum() >= 0.0, "{r} → {s}");
            assert!((c.decode_da(s) - r).abs() < 1e-12, "{r}");
        }
        assert_eq!(c.da_surge(f64::NAN), 0.0);
        let v2 = CircuitParams {
            beta_da: 0.0,
            ..Default::default()
        };
        assert!((v2.da_surge(1.0) - 0.8).abs() < 1e-12);
        assert!((v2.decode_da(0.4) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn surprise_is_zero_on_average_and_signed() {
        for p in [[0.5, 0.5], [0.8, 0.2], [0.99, 0.01]] {
            let mean: f64 = (0..2).map(|o| p[o] * information_surprise(&p, o)).sum();
            assert!(mean.abs() < 1e-12, "{p:?}: {mean}");
        }
        assert_eq!(information_surprise(&[0.5, 0.5], 0), 0.0);
        assert_eq!(information_surprise(&[0.5, 0.5], 7), 0.0);
        let c = CircuitParams::default();
        assert!(c.ne_surge(2.0) > 0.0 && c.ne_surge(-2.0) < 0.0);
        assert!((c.ne_surge(2.0) - 0.6 * 2.0 * (1.0 - (-0.2f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn the_integrated_error_recovers_instead_of_ratcheting() {
        let mut e = AllostaticIntegrator::new(30.0);
        for _ in 0..5 {
            e.push(1.0);
            for _ in 0..ticks(2.0) {
                e.tick();
            }
        }
        let peak = e.value();
        assert!(peak > 3.0);
        for _ in 0..ticks(30.0) {
            e.tick();
        }
        let after = e.value();
        assert!(
            (after / peak - (-1.0f64).exp()).abs() < 1e-3,
            "{after} / {peak}"
        );
        let c = CircuitParams::default();
        assert!(c.serotonin_drive(peak) <= 0.4 && c.serotonin_drive(0.0) == 0.0);
    }

    #[test]
    fn acetylcholine_is_gated() {
        let c = CircuitParams::default();
        assert_eq!(c.ach_surge(0.6, 0.2, false), 0.0);
        assert!((c.ach_surge(0.6, 0.2, true) - 0.3).abs() < 1e-12);
        assert!((c.ach_surge(3.0, 0.2, true) - 0.5).abs() < 1e-12);
    }
}
