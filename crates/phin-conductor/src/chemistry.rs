//! The chemical state: five neurotransmitter levels, their release and decay as scheduled tick
//! events, and the chemical modifier C (neural-conductor-theory.md, "Chemical State Modifier
//! C(t)" and "2. Chemical State Manager").
//!
//! - Defaults: dopamine 0.5, serotonin 0.6, norepinephrine 0.4, acetylcholine 0.3, GABA 0.7,
//!   each in [0, 1].
//! - `releaseNeurotransmitter(type, amount, duration)`: the level becomes `min(1, level +
//!   amount)` at once; `duration` later it is multiplied by 0.8 (and kept ≥ 0). The document's
//!   `setTimeout` becomes an event at tick `now + duration·4000`, applied before anything else
//!   reads the levels on that tick.
//! - C = 0.3·DA + 0.2·5HT + 0.3·NE + 0.15·ACh + 0.05·GABA, the code's weights.
//!
//! Decisions (also in docs/conductor.md):
//! - The document gives two weight sets: the equation `0.3·DA + 0.2·5HT + 0.4·NE + 0.1·ACh`
//!   and the code above. The code's set is the default: it covers all five transmitters the
//!   document names (the equation drops GABA); both sum to 1, and with the defaults they give
//!   C = 0.47 and 0.46.
//! - The document states C ∈ [0, 2]; with weights summing to 1 and levels in [0, 1], C is in
//!   [0, 1]. The range is reported as it is.
//! - As written, the timeout sets the level to `new × 0.8`, where `new` is the level just after
//!   the release: a second release of the same transmitter before the first one's timeout is
//!   overwritten (a race). Here the event multiplies the level it finds by 0.8: for a lone
//!   release this is the document's number (0.3 + 0.3 = 0.6 → 0.48 after 5 s), and two
//!   overlapping releases both count.
//! - "Restore chemical balance gradually" (the chemical-imbalance recovery) is a first-order
//!   return of every level to its default with time constant `restore_tau_s`, applied only
//!   while a recovery runs; otherwise levels change only by releases and their events.

use crate::error::{check_range, Result};
use crate::time::{decay_factor, ticks};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// One of the five transmitters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Neurotransmitter {
    /// Dopamine: reward, motivation.
    Dopamine,
    /// Serotonin: mood, stability.
    Serotonin,
    /// Norepinephrine: attention, arousal.
    Norepinephrine,
    /// Acetylcholine: learning, plasticity.
    Acetylcholine,
    /// GABA: inhibition, control.
    Gaba,
}

impl Neurotransmitter {
    /// The five, in the document's order.
    pub const ALL: [Neurotransmitter; 5] = [
        Neurotransmitter::Dopamine,
        Neurotransmitter::Serotonin,
        Neurotransmitter::Norepinephrine,
        Neurotransmitter::Acetylcholine,
        Neurotransmitter::Gaba,
    ];

    /// Stable name (`dopamine`, …, `gaba`).
    pub const fn name(self) -> &'static str {
        match self {
            Neurotransmitter::Dopamine => "dopamine",
            Neurotransmitter::Serotonin => "serotonin",
            Neurotransmitter::Norepinephrine => "norepinephrine",
            Neurotransmitter::Acetylcholine => "acetylcholine",
            Neurotransmitter::Gaba => "gaba",
        }
    }
}

impl fmt::Display for Neurotransmitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Neurotransmitter {
    type Err = crate::ConductorError;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|n| n.name() == t)
            .ok_or_else(|| {
                crate::ConductorError::out_of_range(
                    "neurotransmitter",
                    format!("{s:?}"),
                    Self::ALL.map(|n| n.name()).join(", "),
                )
            })
    }
}

/// A value per transmitter: levels, weights.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Neuromodulators {
    /// Dopamine.
    pub dopamine: f64,
    /// Serotonin.
    pub serotonin: f64,
    /// Norepinephrine.
    pub norepinephrine: f64,
    /// Acetylcholine.
    pub acetylcholine: f64,
    /// GABA.
    pub gaba: f64,
}

impl Neuromodulators {
    /// The document's default levels (`ChemicalStateManager`): 0.5, 0.6, 0.4, 0.3, 0.7.
    pub const DEFAULT_LEVELS: Neuromodulators = Neuromodulators {
        dopamine: 0.5,
        serotonin: 0.6,
        norepinephrine: 0.4,
        acetylcholine: 0.3,
        gaba: 0.7,
    };

    /// The code's modifier weights (`calculateStateModifier`): 0.3, 0.2, 0.3, 0.15, 0.05.
    pub const CODE_WEIGHTS: Neuromodulators = Neuromodulators {
        dopamine: 0.3,
        serotonin: 0.2,
        norepinephrine: 0.3,
        acetylcholine: 0.15,
        gaba: 0.05,
    };

    /// The equation's weights ("Chemical State Modifier C(t)"): 0.3, 0.2, 0.4, 0.1, GABA 0.
    pub const EQUATION_WEIGHTS: Neuromodulators = Neuromodulators {
        dopamine: 0.3,
        serotonin: 0.2,
        norepinephrine: 0.4,
        acetylcholine: 0.1,
        gaba: 0.0,
    };

    /// One transmitter's value.
    pub fn get(&self, n: Neurotransmitter) -> f64 {
        match n {
            Neurotransmitter::Dopamine => self.dopamine,
            Neurotransmitter::Serotonin => self.serotonin,
            Neurotransmitter::Norepinephrine => self.norepinephrine,
            Neurotransmitter::Acetylcholine => self.acetylcholine,
            Neurotransmitter::Gaba => self.gaba,
        }
    }

    /// One transmitter's value, to change.
    pub fn get_mut(&mut self, n: Neurotransmitter) -> &mut f64 {
        match n {
            Neurotransmitter::Dopamine => &mut self.dopamine,
            Neurotransmitter::Serotonin => &mut self.serotonin,
            Neurotransmitter::Norepinephrine => &mut self.norepinephrine,
            Neurotransmitter::Acetylcholine => &mut self.acetylcholine,
            Neurotransmitter::Gaba => &mut self.gaba,
        }
    }

    /// Σ selfᵢ·otherᵢ.
    pub fn dot(&self, other: &Neuromodulators) -> f64 {
        Neurotransmitter::ALL
            .iter()
            .map(|&n| self.get(n) * other.get(n))
            .sum()
    }

    /// The largest |selfᵢ − otherᵢ|.
    pub fn max_deviation(&self, other: &Neuromodulators) -> f64 {
        Neurotransmitter::ALL
            .iter()
            .map(|&n| (self.get(n) - other.get(n)).abs())
            .fold(0.0, f64::max)
    }

    fn validate(&self, field: &str, hi: f64) -> Result<()> {
        for n in Neurotransmitter::ALL {
            check_range(&format!("{field}.{n}"), self.get(n), 0.0, hi)?;
        }
        Ok(())
    }
}

/// The chemical state's constants.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChemistryParams {
    /// Levels at start and the balance a recovery returns to (the document's defaults).
    pub baseline: Neuromodulators,
    /// Weights of C (the code's set).
    pub weights: Neuromodulators,
    /// Factor of the decay event a release schedules: 0.8.
    pub decay_factor: f64,
    /// Time constant of the gradual return to the baseline during a chemical-imbalance
    /// recovery, seconds (not in the document: 2 s, so the 10 s recovery budget is 5 τ).
    pub restore_tau_s: f64,
}

impl Default for ChemistryParams {
    fn default() -> Self {
        ChemistryParams {
            baseline: Neuromodulators::DEFAULT_LEVELS,
            weights: Neuromodulators::CODE_WEIGHTS,
            decay_factor: 0.8,
            restore_tau_s: 2.0,
        }
    }
}

impl ChemistryParams {
    /// Checks every field.
    pub fn validate(&self, field: &str) -> Result<()> {
        self.baseline.validate(&format!("{field}.baseline"), 1.0)?;
        self.weights.validate(&format!("{field}.weights"), 2.0)?;
        check_range(
            &format!("{field}.decay_factor"),
            self.decay_factor,
            0.0,
            1.0,
        )?;
        check_range(
            &format!("{field}.restore_tau_s"),
            self.restore_tau_s,
            0.0,
            3600.0,
        )?;
        Ok(())
    }
}

/// A release scheduled by the parameters: `amount` of `transmitter` at `at_s`, decaying by the
/// decay factor `duration_s` later (the document's story processing releases acetylcholine
/// +0.3 for 5000 ms and dopamine +0.2 for 3000 ms).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// When, seconds from the start of the run.
    pub at_s: f64,
    /// Which transmitter.
    pub transmitter: Neurotransmitter,
    /// How much (0 … 1).
    pub amount: f64,
    /// Until the decay event, seconds.
    pub duration_s: f64,
}

impl Release {
    /// Checks the fields.
    pub fn validate(&self, field: &str) -> Result<()> {
        check_range(&format!("{field}.at_s"), self.at_s, 0.0, 1e7)?;
        check_range(&format!("{field}.amount"), self.amount, 0.0, 1.0)?;
        check_range(&format!("{field}.duration_s"), self.duration_s, 0.0, 1e7)?;
        Ok(())
    }
}

/// The chemical state at run time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chemistry {
    params: ChemistryParams,
    levels: Neuromodulators,
    /// Decay events: tick → transmitters to decay then (in the order released).
    events: BTreeMap<u64, Vec<Neurotransmitter>>,
    restoring: bool,
}

impl Chemistry {
    /// Levels at the baseline, no events.
    pub fn new(params: ChemistryParams) -> Self {
        Chemistry {
            levels: params.baseline,
            params,
            events: BTreeMap::new(),
            restoring: false,
        }
    }

    /// The levels now.
    pub fn levels(&self) -> Neuromodulators {
        self.levels
    }

    /// The baseline levels.
    pub fn baseline(&self) -> Neuromodulators {
        self.params.baseline
    }

    /// Sets every level (a fault injection), each clamped to [0, 1].
    pub fn set_levels(&mut self, levels: Neuromodulators) {
        for n in Neurotransmitter::ALL {
            *self.levels.get_mut(n) = levels.get(n).clamp(0.0, 1.0);
        }
    }

    /// The chemical modifier C = Σ wᵢ·levelᵢ.
    pub fn modifier(&self) -> f64 {
        self.params.weights.dot(&self.levels)
    }

    /// The modifier the baseline levels give (0.47 with the document's values).
    pub fn baseline_modifier(&self) -> f64 {
        self.params.weights.dot(&self.params.baseline)
    }

    /// `releaseNeurotransmitter`: the level becomes min(1, level + amount) now, and decays by
    /// the decay factor at tick `now + duration`.
    pub fn release(&mut self, now: u64, n: Neurotransmitter, amount: f64, duration_s: f64) {
        let l = self.levels.get_mut(n);
        *l = (*l + amount).min(1.0);
        self.events
            .entry(now + ticks(duration_s))
            .or_default()
            .push(n);
    }

    /// Applies every decay event due at or before `now`.
    pub fn advance(&mut self, now: u64) {
        while let Some(entry) = self.events.first_entry() {
            if *entry.key() > now {
                break;
            }
            for n in entry.remove() {
                let l = self.levels.get_mut(n);
                *l = (*l * self.params.decay_factor).max(0.0);
            }
        }
    }

    /// Decay events not yet applied.
    pub fn pending_events(&self) -> usize {
        self.events.values().map(Vec::len).sum()
    }

    /// Starts or stops the gradual return to the baseline.
    pub fn set_restoring(&mut self, on: bool) {
        self.restoring = on;
    }

    /// A recovery is returning the levels to the baseline.
    pub fn restoring(&self) -> bool {
        self.restoring
    }

    /// One step of the return to the baseline over `period_ticks` (only while restoring).
    pub fn restore_step(&mut self, period_ticks: u64) {
        if !self.restoring {
            return;
        }
        let k = decay_factor(self.params.restore_tau_s, period_ticks);
        for n in Neurotransmitter::ALL {
            let b = self.params.baseline.get(n);
            let l = self.levels.get_mut(n);
            *l = b + (*l - b) * k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_the_documents_modifiers() {
        let c = Chemistry::new(ChemistryParams::default());
        assert!((c.modifier() - 0.47).abs() < 1e-12);
        let eq = Neuromodulators::EQUATION_WEIGHTS.dot(&Neuromodulators::DEFAULT_LEVELS);
        assert!((eq - 0.46).abs() < 1e-12);
        let sum =
            |w: Neuromodulators| -> f64 { Neurotransmitter::ALL.iter().map(|&n| w.get(n)).sum() };
        assert!((sum(Neuromodulators::CODE_WEIGHTS) - 1.0f64).abs() < 1e-12);
        assert!((sum(Neuromodulators::EQUATION_WEIGHTS) - 1.0f64).abs() < 1e-12);
    }

    /// Acceptance 3: the story-processing releases (ACh +0.3 for 5000 ms, DA +0.2 for
    /// 3000 ms), by hand: ACh 0.3 → 0.6 → 0.48 at 5 s; DA 0.5 → 0.7 → 0.56 at 3 s.
    #[test]
    fn story_processing_releases_match_hand_worked_values() {
        let mut c = Chemistry::new(ChemistryParams::default());
        let t0 = 1_000;
        c.release(t0, Neurotransmitter::Acetylcholine, 0.3, 5.0);
        c.release(t0, Neurotransmitter::Dopamine, 0.2, 3.0);
        let at = |c: &mut Chemistry, t: u64| {
            c.advance(t);
            c.levels()
        };
        // 1 s later: both raised, nothing decayed yet.
        let l = at(&mut c, t0 + 4_000);
        assert!((l.acetylcholine - 0.6).abs() < 1e-12);
        assert!((l.dopamine - 0.7).abs() < 1e-12);
        // C = 0.3·0.7 + 0.2·0.6 + 0.3·0.4 + 0.15·0.6 + 0.05·0.7 = 0.575.
        assert!((c.modifier() - 0.575).abs() < 1e-12);
        // One tick before 3 s: not yet; at 3 s: DA × 0.8.
        assert!((at(&mut c, t0 + 11_999).dopamine - 0.7).abs() < 1e-12);
        let l = at(&mut c, t0 + 12_000);
        assert!((l.dopamine - 0.56).abs() < 1e-12);
        assert!((l.acetylcholine - 0.6).abs() < 1e-12);
        // At 5 s: ACh 0.48; C = 0.3·0.56 + 0.12 + 0.12 + 0.15·0.48 + 0.035 = 0.515.
        let l = at(&mut c, t0 + 20_000);
        assert!((l.acetylcholine - 0.48).abs() < 1e-12);
        assert!((c.modifier() - 0.515).abs() < 1e-12);
        assert_eq!(c.pending_events(), 0);
        // Saturation at 1.
        c.release(t0, Neurotransmitter::Gaba, 0.9, 1.0);
        assert_eq!(c.levels().gaba, 1.0);
    }

    #[test]
    fn overlapping_releases_both_count() {
        let mut c = Chemistry::new(ChemistryParams::default());
        c.release(0, Neurotransmitter::Acetylcholine, 0.3, 5.0); // 0.6, decays at 20000
        c.release(4_000, Neurotransmitter::Acetylcholine, 0.2, 5.0); // 0.8, decays at 24000
        c.advance(20_000);
        assert!((c.levels().acetylcholine - 0.64).abs() < 1e-12);
        c.advance(24_000);
        assert!((c.levels().acetylcholine - 0.512).abs() < 1e-12);
    }

    #[test]
    fn restoration_is_first_order_and_only_while_asked() {
        let p = ChemistryParams::default();
        let mut c = Chemistry::new(p);
        c.set_levels(Neuromodulators {
            dopamine: 1.0,
            serotonin: 0.0,
            norepinephrine: 1.0,
            acetylcholine: 0.0,
            gaba: 2.0,
        });
        assert_eq!(c.levels().gaba, 1.0);
        c.restore_step(4_000);
        assert_eq!(c.levels().dopamine, 1.0, "not restoring yet");
        c.set_restoring(true);
        // After one τ (2 s), e^-1 of the distance is left.
        for _ in 0..20 {
            c.restore_step(400);
        }
        let want = 0.5 + 0.5 * (-1.0f64).exp();
        assert!((c.levels().dopamine - want).abs() < 1e-12);
        let mut bad = p;
        bad.decay_factor = 1.2;
        assert_eq!(
            bad.validate("chemistry").unwrap_err().field(),
            "chemistry.decay_factor"
        );
    }
}
