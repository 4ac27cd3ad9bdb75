//! The neuromodulated learner: a TD(λ) critic over a complete serial-compound representation of
//! time within a trial (states "cue c, k clock steps since its onset" and "cue c, action a, k
//! steps since the choice"), whose action values drive a softmax choice, with the four
//! transmitters of [`crate::nt`] in the loop:
//!
//! - **DA carries the TD error.** Every TD step's δ = r + γV(next) − V(now) becomes a dopamine
//!   surge ([`CircuitParams::da_surge`]); the learner is taught by the error that surge
//!   carries, decoded from the *visible* phasic response, which the level's range [0, 1]
//!   bounds (a large negative error cannot dip below zero).
//! - **ACh sets the learning rate**, α·(0.7 + 0.6·ACh)/(0.7 + 0.6·ACh₀). ACh surges with
//!   attention (|δ|, the Pearce–Hall associability) and novelty, gated by the theta encoding
//!   window (Hasselmo 2002: acetylcholine and encoding share the theta phase).
//! - **NE sets the inverse temperature**, β·(1 + 2·NE)/(1 + 2·NE₀). NE surges with the
//!   information surprise of each outcome.
//! - **5-HT sets the discount**: the horizon 1/(1 − γ) scales by (0.8 + 0.4·5-HT)/(0.8 +
//!   0.4·5-HT₀). 5-HT follows the integrated aversive error (negative δ at outcomes).
//!
//! The learner advances one TD step per clock step (the processor's theta encoding onsets, or
//! an internal 5.89 Hz clock when the processor is ablated — [`crate::binding`]) and at every
//! task event (cue onset, choice, outcome, trial end). γ = 0.99 and λ = 0.9 are the blueprint's
//! section 9 values, per step; with theta-cycle steps (0.1698 s) the discount horizon is
//! 0.17 s/(1 − γ) ≈ 17 s.
//!
//! Go/no-go uses the Pavlovian term of Guitart-Masip et al. (2012, hBayesDM `gng_m3`): the
//! weight of "go" is Q(s, go) + b + π·V(s), with V(s) the critic's value of the cue.
//!
//! ```
//! use phin_biomind::agent::{Agent, AgentParams};
//! use phin_biomind::circuits::CircuitParams;
//! use phin_biomind::modulation::ModulationParams;
//! use phin_biomind::nt::{Nt, NtParams};
//!
//! let mut a = Agent::new(AgentParams::default(), NtParams::default(), CircuitParams::default(),
//!                        ModulationParams::default(), 1, 0).unwrap();
//! a.cue_onset(0, 1.0, &[]);           // a cue that predicts nothing yet: δ = 0
//! for _ in 0..5 { a.clock_step(&[], true); }
//! let e = a.outcome(1.0, (0.0, 1.0), &[], true); // an unexpected reward
//! assert!(e.delta > 0.9 && a.nt().phasic(Nt::Da) > 0.0);
//! ```

use crate::body::BodyDrive;
use crate::circuits::{information_surprise, AllostaticIntegrator, CircuitParams};
use crate::error::{check_range, ParamError};
use crate::modulation::ModulationParams;
use crate::nt::{Imperatives, Nt, NtParams, NtSystem};
use crate::rng::{categorical, softmax, Xoshiro256PlusPlus};
use crate::tasks::GO;
use serde::{Deserialize, Serialize};

/// Ticks between two runs of the allostatic loop (integrated error → serotonin drive and
/// stress load): 40 ticks, 10 ms.
pub const ALLOSTATIC_EVERY_TICKS: u64 = 40;

/// The learner's own parameters (the blueprint gives γ and λ; the rest are this crate's,
/// chosen as the bandit literature's typical values — docs/biomind.md says why).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgentParams {
    /// Base learning rate α per TD step (0.3, the Q-learning baseline's).
    pub alpha: f64,
    /// Base softmax inverse temperature β on outcomes ±1 (2.5, the baseline's).
    pub beta: f64,
    /// Discount γ per step (blueprint section 9: 0.99).
    pub gamma: f64,
    /// Trace decay λ (blueprint section 9: 0.9); traces decay by γλ per step.
    pub lambda: f64,
    /// The Pavlovian term of go/no-go is on.
    pub pavlovian: bool,
    /// Its weight π (gng_m3): W(go) += π·V(cue).
    pub pavlovian_weight: f64,
    /// Go bias b (gng_m2+), added to W(go); 0 isolates the Pavlovian term.
    pub go_bias: f64,
    /// Length of the within-trial time representation, clock steps (24 theta cycles ≈ 4 s);
    /// later steps share the last state.
    pub max_steps: usize,
    /// Learning rate of the weights on the processor's features (0: features ignored).
    pub feature_rate: f64,
}

impl Default for AgentParams {
    fn default() -> Self {
        AgentParams {
            alpha: 0.3,
            beta: 2.5,
            gamma: 0.99,
            lambda: 0.9,
            pavlovian: true,
            pavlovian_weight: 0.5,
            go_bias: 0.0,
            max_steps: 24,
            feature_rate: 0.01,
        }
    }
}

impl AgentParams {
    /// Checks every field; errors name the field (`agent.alpha`).
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("agent.alpha", self.alpha, 0.0, 1.0)?;
        check_range("agent.beta", self.beta, 0.0, 1_000.0)?;
        check_range("agent.gamma", self.gamma, 0.0, 1.0)?;
        check_range("agent.lambda", self.lambda, 0.0, 1.0)?;
        check_range("agent.pavlovian_weight", self.pavlovian_weight, -10.0, 10.0)?;
        check_range("agent.go_bias", self.go_bias, -10.0, 10.0)?;
        check_range("agent.max_steps", self.max_steps as f64, 1.0, 10_000.0)?;
        check_range("agent.feature_rate", self.feature_rate, 0.0, 1.0)?;
        Ok(())
    }
}

/// Where the learner is within a trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Between trials (terminal; value 0).
    Idle,
    /// `k` clock steps after the onset of `cue`.
    Cue {
        /// The cue.
        cue: usize,
        /// Steps since its onset.
        k: usize,
    },
    /// `k` clock steps after choosing `action` for `cue`.
    Chosen {
        /// The cue.
        cue: usize,
        /// The action.
        action: usize,
        /// Steps since the choice.
        k: usize,
    },
}

/// What one TD step did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TdEvent {
    /// The TD error δ.
    pub delta: f64,
    /// The error the learner was taught with (δ, or the one the DA surge carried).
    pub delta_learned: f64,
    /// The learning rate used.
    pub alpha: f64,
    /// The discount used.
    pub gamma: f64,
}

/// A choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The action.
    pub action: usize,
    /// The probabilities it was drawn from.
    pub probabilities: Vec<f64>,
    /// The inverse temperature used.
    pub beta: f64,
}

/// The learner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    params: AgentParams,
    modulation: ModulationParams,
    circuits: CircuitParams,
    nt: NtSystem,
    allostatic: AllostaticIntegrator,
    n_cues: usize,
    n_actions: usize,
    n_features: usize,
    /// Critic weights, one per tabular state.
    w: Vec<f64>,
    /// Their eligibility traces.
    e: Vec<f64>,
    /// Weights of the processor's features.
    u: Vec<f64>,
    /// Their traces.
    eu: Vec<f64>,
    stage: Stage,
    /// The features seen when the current stage began.
    features_now: Vec<f64>,
    /// Cue onsets seen per cue (novelty).
    seen: Vec<u32>,
    /// What the body hands over (part 3; neutral without a body).
    #[serde(default)]
    body: BodyDrive,
}

impl Agent {
    /// A naive learner for `n_cues` cues, `n_actions` actions (0: no choices) and
    /// `n_features` processor features.
    pub fn new(
        params: AgentParams,
        nt: NtParams,
        circuits: CircuitParams,
        modulation: ModulationParams,
        n_cues: usize,
        n_actions: usize,
    ) -> Result<Self, ParamError> {
        params.validate()?;
        circuits.validate()?;
        modulation.validate()?;
        let n_cues = n_cues.max(1);
        let states = n_cues * params.max_steps * (1 + n_actions);
        Ok(Agent {
            params,
            modulation,
            nt: NtSystem::new(nt)?,
            allostatic: AllostaticIntegrator::new(circuits.tau_5ht_integration_s),
            circuits,
            n_cues,
            n_actions,
            n_features: 0,
            w: vec![0.0; states],
            e: vec![0.0; states],
            u: Vec::new(),
            eu: Vec::new(),
            stage: Stage::Idle,
            features_now: Vec::new(),
            seen: vec![0; n_cues],
            body: BodyDrive::default(),
        })
    }

    /// The transmitters.
    pub fn nt(&self) -> &NtSystem {
        &self.nt
    }

    /// The transmitters, for a part-2 loop that adds surges (the critic's NE, the basal
    /// ganglia's reconsideration).
    pub fn nt_mut(&mut self) -> &mut NtSystem {
        &mut self.nt
    }

    /// The parameters.
    pub fn params(&self) -> &AgentParams {
        &self.params
    }

    /// Where the learner is.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The weights on the processor's features (empty until features arrive).
    pub fn feature_weights(&self) -> &[f64] {
        &self.u
    }

    fn index(&self, s: Stage) -> Option<usize> {
        let m = self.params.max_steps;
        match s {
            Stage::Idle => None,
            Stage::Cue { cue, k } => Some(cue.min(self.n_cues - 1) * m + k.min(m - 1)),
            Stage::Chosen { cue, action, k } => Some(
                self.n_cues * m
                    + (cue.min(self.n_cues - 1) * self.n_actions.max(1)
                        + action.min(self.n_actions.max(1) - 1))
                        * m
                    + k.min(m - 1),
            ),
        }
    }

    fn feature_value(&self, f: &[f64]) -> f64 {
        if self.params.feature_rate == 0.0 {
            return 0.0;
        }
        self.u.iter().zip(f).map(|(u, x)| u * x).sum()
    }

    /// The critic's value of stage `s` seen with features `f`.
    pub fn value(&self, s: Stage, f: &[f64]) -> f64 {
        match self.index(s) {
            None => 0.0,
            Some(i) => self.w[i] + self.feature_value(f),
        }
    }

    /// The tabular value of (cue, action) right after the choice: the action value Q.
    pub fn action_value(&self, cue: usize, action: usize) -> f64 {
        self.index(Stage::Chosen { cue, action, k: 0 })
            .map(|i| self.w[i])
            .unwrap_or(0.0)
    }

    /// The tabular value of `cue` at its onset.
    pub fn cue_value(&self, cue: usize) -> f64 {
        self.index(Stage::Cue { cue, k: 0 })
            .map(|i| self.w[i])
            .unwrap_or(0.0)
    }

    fn ensure_features(&mut self, f: &[f64]) {
        if self.n_features != f.len() {
            self.n_features = f.len();
            self.u = vec![0.0; f.len()];
            self.eu = vec![0.0; f.len()];
        }
    }

    /// The discount now (5-HT modulated).
    pub fn gamma_now(&self) -> f64 {
        let g = self.modulation.serotonin_discount.factor(
            self.nt.effective(Nt::Serotonin),
            self.nt.setpoint(Nt::Serotonin),
        );
        ModulationParams::discount(self.params.gamma, g)
    }

    /// What the body hands over now (part 3): the motivation's factor on β, the 5-HT and NE
    /// drives and the stress load, applied at the next allostatic step (NE, 5-HT, load) and the
    /// next choice (β). Without a body it stays neutral and the learner is part 1's.
    pub fn set_body_drive(&mut self, drive: BodyDrive) {
        self.body = drive;
    }

    /// The body's drive last set.
    pub fn body_drive(&self) -> BodyDrive {
        self.body
    }

    /// The inverse temperature now (NE modulated, times the body's motivation factor
    /// M_approach/M_explore, 1 without a body).
    pub fn beta_now(&self) -> f64 {
        self.body.beta_factor
            * self.params.beta
            * self
                .modulation
                .ne_inverse_temperature
                .factor(self.nt.effective(Nt::Ne), self.nt.setpoint(Nt::Ne))
    }

    fn alpha_now(&self) -> f64 {
        self.params.alpha
            * self
                .modulation
                .ach_learning_rate
                .factor(self.nt.effective(Nt::Ach), self.nt.setpoint(Nt::Ach))
    }

    /// One TD step from the current stage to `next` with reward `r`, then the circuits'
    /// surges, then the update. `attention_novelty` feeds ACh (with `gate`).
    fn td(&mut self, r: f64, next: Stage, f_next: &[f64], novelty: f64, gate: bool) -> TdEvent {
        let gamma = self.gamma_now();
        let v_now = self.value(self.stage, &self.features_now);
        let v_next = self.value(next, f_next);
        let delta = r + gamma * v_next - v_now;
        // Dopamine carries δ: the visible change of the phasic response.
        let before = self.nt.phasic(Nt::Da);
        self.nt.impulse(Nt::Da, self.circuits.da_surge(delta));
        let carried = self.circuits.decode_da(self.nt.phasic(Nt::Da) - before);
        let delta_learned = if self.modulation.da_carries_td_error {
            carried
        } else {
            delta
        };
        // Acetylcholine: attention (|δ|) and novelty, gated by the encoding window.
        self.nt
            .impulse(Nt::Ach, self.circuits.ach_surge(delta.abs(), novelty, gate));
        let alpha = self.alpha_now();
        if let Some(i) = self.index(self.stage) {
            let decay = gamma * self.params.lambda;
            for e in self.e.iter_mut() {
                *e *= decay;
            }
            self.e[i] += 1.0;
            for (e, x) in self.eu.iter_mut().zip(&self.features_now) {
                *e = *e * decay + x;
            }
            for (w, e) in self.w.iter_mut().zip(&self.e) {
                *w += alpha * delta_learned * e;
            }
            let rate = self.params.feature_rate;
            for (u, e) in self.u.iter_mut().zip(&self.eu) {
                *u += rate * delta_learned * e;
            }
        }
        if next == Stage::Idle {
            self.e.iter_mut().for_each(|e| *e = 0.0);
            self.eu.iter_mut().for_each(|e| *e = 0.0);
        }
        self.stage = next;
        self.features_now.clear();
        self.features_now.extend_from_slice(f_next);
        TdEvent {
            delta,
            delta_learned,
            alpha,
            gamma,
        }
    }

    /// A cue appears: the imperatives of the trial are set (novelty 1/(1 + onsets seen);
    /// threat = the predicted loss −V(cue)/`loss_scale`, if negative), and the learner enters
    /// "cue, step 0". The cue was not predicted (the inter-trial interval has value 0), so
    /// δ = γ·V(cue) — the dopamine response to a predictive cue.
    pub fn cue_onset(&mut self, cue: usize, loss_scale: f64, f: &[f64]) -> TdEvent {
        self.ensure_features(f);
        let c = cue.min(self.n_cues - 1);
        let novelty = 1.0 / (1.0 + f64::from(self.seen[c]));
        self.seen[c] = self.seen[c].saturating_add(1);
        let threat = if loss_scale > 0.0 {
            (-self.cue_value(c) / loss_scale).clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.nt
            .set_imperatives(&Imperatives::from_world(0.0, 0.0, novelty, threat));
        self.stage = Stage::Idle;
        self.td(0.0, Stage::Cue { cue: c, k: 0 }, f, novelty, true)
    }

    /// One clock step (a theta encoding onset): time within the trial advances one step.
    /// `gate` is the encoding window now. Between trials nothing happens.
    pub fn clock_step(&mut self, f: &[f64], gate: bool) -> Option<TdEvent> {
        self.ensure_features(f);
        let next = match self.stage {
            Stage::Idle => return None,
            Stage::Cue { cue, k } => Stage::Cue { cue, k: k + 1 },
            Stage::Chosen { cue, action, k } => Stage::Chosen {
                cue,
                action,
                k: k + 1,
            },
        };
        Some(self.td(0.0, next, f, 0.0, gate))
    }

    /// The weights W(a) of the choice for `cue`: Q(cue, a), plus for go/no-go (`gng`) the go
    /// bias and the Pavlovian term π·V(now) on "go".
    pub fn choice_weights(&self, cue: usize, gng: bool) -> Vec<f64> {
        let mut w: Vec<f64> = (0..self.n_actions.max(1))
            .map(|a| self.action_value(cue, a))
            .collect();
        if gng && !w.is_empty() {
            w[GO] += self.params.go_bias;
            if self.params.pavlovian {
                w[GO] += self.params.pavlovian_weight * self.value(self.stage, &self.features_now);
            }
        }
        w
    }

    /// Chooses for `cue` by softmax at the NE-modulated inverse temperature, then steps into
    /// "action chosen, step 0" (δ = γ·Q(cue, a) − V(now)).
    pub fn choose(
        &mut self,
        cue: usize,
        gng: bool,
        f: &[f64],
        gate: bool,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Choice {
        self.ensure_features(f);
        let beta = self.beta_now();
        let p = softmax(&self.choice_weights(cue, gng), beta);
        let action = categorical(rng, &p);
        let c = cue.min(self.n_cues - 1);
        self.td(
            0.0,
            Stage::Chosen {
                cue: c,
                action,
                k: 0,
            },
            f,
            0.0,
            gate,
        );
        Choice {
            action,
            probabilities: p,
            beta,
        }
    }

    /// The outcome `r` arrives; the trial's learning episode ends (terminal: δ = r − V(now)).
    /// `range` is the outcome's support (lowest, highest): the learner's prediction V is read
    /// as a probability of the higher outcome, whose information surprise drives NE.
    pub fn outcome(&mut self, r: f64, range: (f64, f64), f: &[f64], gate: bool) -> TdEvent {
        self.ensure_features(f);
        let (lo, hi) = range;
        if hi > lo {
            let v = self.value(self.stage, &self.features_now);
            let p_hi = ((v - lo) / (hi - lo)).clamp(0.01, 0.99);
            let observed = usize::from(r >= 0.5 * (lo + hi));
            let is = information_surprise(&[1.0 - p_hi, p_hi], observed);
            self.nt.impulse(Nt::Ne, self.circuits.ne_surge(is));
        }
        let ev = self.td(r, Stage::Idle, f, 0.0, gate);
        self.allostatic.push((-ev.delta).max(0.0));
        ev
    }

    /// The trial ends. If no outcome ended the episode (a Pavlovian omission), it ends here
    /// with r = 0. The imperatives of the trial are cleared.
    pub fn trial_end(&mut self, f: &[f64], gate: bool) -> Option<TdEvent> {
        let ev = if self.stage != Stage::Idle {
            let ev = self.td(0.0, Stage::Idle, f, 0.0, gate);
            self.allostatic.push((-ev.delta).max(0.0));
            Some(ev)
        } else {
            None
        };
        self.nt.set_imperatives(&Imperatives::default());
        ev
    }

    /// One 4 kHz tick of the transmitters and of the serotonin integrator. The allostatic loop
    /// — the integrated error's drive of serotonin and its stress load L = tanh(E/σ) — runs every
    /// [`ALLOSTATIC_EVERY_TICKS`] ticks (10 ms, the blueprint's interoceptive loop), before the
    /// transmitters advance; 10 ms is a thousandth of the 5-HT surge's time constant.
    #[inline]
    pub fn tick(&mut self) {
        self.allostatic.tick();
        if self.nt.ticks().is_multiple_of(ALLOSTATIC_EVERY_TICKS) {
            let e = self.allostatic.value();
            self.nt.set_surge_target(
                Nt::Serotonin,
                self.circuits.serotonin_drive(e) + self.body.serotonin,
            );
            self.nt.set_surge_target(Nt::Ne, self.body.ne);
            self.nt
                .set_stress_load(self.circuits.allostatic_load(e) + self.body.load);
        }
        self.nt.tick();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    fn agent(mods: ModulationParams, n_actions: usize) -> Agent {
        Agent::new(
            AgentParams::default(),
            NtParams::default(),
            CircuitParams::default(),
            mods,
            1,
            n_actions,
        )
        .unwrap()
    }

    /// With a perfect clock the critic learns the timing: after training the reward is
    /// predicted (δ at reward ≈ 0) and the cue carries the value.
    #[test]
    fn td_learns_a_fixed_delay_on_a_regular_clock() {
        let mut a = agent(ModulationParams::fixed_levels(), 0);
        let mut first = 0.0;
        let mut last = 0.0;
        let mut cue = 0.0;
        for trial in 0..60 {
            a.cue_onset(0, 1.0, &[]);
            for _ in 0..5 {
                a.clock_step(&[], true);
                for _ in 0..600 {
                    a.tick();
                }
            }
            let ev = a.outcome(1.0, (0.0, 1.0), &[], true);
            a.trial_end(&[], true);
            if trial == 0 {
                first = ev.delta;
            }
            last = ev.delta;
            for _ in 0..8_000 {
                a.tick();
            }
            cue = a.cue_value(0);
        }
        assert!((first - 1.0).abs() < 1e-12);
        assert!(last.abs() < 0.05, "{last}");
        assert!(cue > 0.9, "{cue}");
    }

    #[test]
    fn dopamine_bounds_the_error_it_carries() {
        let mut a = agent(ModulationParams::default(), 2);
        // Teach a large positive value, then a loss of −1: δ is far below −1, but DA can only
        // dip by its level (about its tonic 0.5), so the carried error is −level/0.8.
        for _ in 0..50 {
            a.cue_onset(0, 1.0, &[]);
            let mut r = stream(1, 1, 1);
            a.choose(0, false, &[], true, &mut r);
            for _ in 0..2_000 {
                a.tick();
            }
            a.outcome(1.0, (-1.0, 1.0), &[], true);
            a.trial_end(&[], true);
            for _ in 0..4_000 {
                a.tick();
            }
        }
        a.cue_onset(0, 1.0, &[]);
        let mut r = stream(1, 1, 2);
        a.choose(0, false, &[], true, &mut r);
        for _ in 0..2_000 {
            a.tick();
        }
        let level_before = a.nt().level(Nt::Da);
        let ev = a.outcome(-1.0, (-1.0, 1.0), &[], true);
        assert!(ev.delta < -1.3, "{}", ev.delta);
        // The dip reaches 0: the carried error is the whole level, over the dip gain.
        assert_eq!(a.nt().level(Nt::Da), 0.0);
        assert!(
            (ev.delta_learned + level_before / 0.8).abs() < 1e-9,
            "{}",
            ev.delta_learned
        );
        assert!(ev.delta_learned > -1.0);
        let mut b = agent(ModulationParams::fixed_levels(), 2);
        b.cue_onset(0, 1.0, &[]);
        b.choose(0, false, &[], true, &mut r);
        let ev = b.outcome(-1.0, (-1.0, 1.0), &[], true);
        assert_eq!(ev.delta, ev.delta_learned);
    }

    /// Part 3: the body's allostatic load raises 5-HT and NE through the NT system (and its
    /// motivation factor scales β); a neutral drive leaves the learner as it was.
    #[test]
    fn the_body_drive_raises_serotonin_and_norepinephrine() {
        let run = |drive: BodyDrive| {
            let mut a = agent(ModulationParams::default(), 2);
            a.set_body_drive(drive);
            for _ in 0..4_000 * 60 {
                a.tick();
            }
            a
        };
        let calm = run(BodyDrive::default());
        let p = crate::body::BodyParams::default();
        let load = 0.3;
        let tl = (load / p.load_sigma).tanh();
        let stressed = run(BodyDrive {
            beta_factor: 0.5,
            serotonin: p.k_serotonin * tl,
            ne: p.k_ne_load * tl,
            load,
        });
        for nt in [Nt::Serotonin, Nt::Ne] {
            let (c, s) = (calm.nt().level(nt), stressed.nt().level(nt));
            assert!(s > c + 0.1, "{nt:?}: calm {c}, stressed {s}");
        }
        assert!((stressed.beta_now() / calm.beta_now() - 0.5).abs() < 0.2);
        assert_eq!(calm.nt().level(Nt::Serotonin), 0.6);
    }

    #[test]
    fn the_pavlovian_term_favours_go_for_a_valued_cue() {
        let mut a = agent(ModulationParams::fixed_levels(), 2);
        let i = a.index(Stage::Cue { cue: 0, k: 0 }).unwrap();
        a.w[i] = 0.8;
        a.stage = Stage::Cue { cue: 0, k: 0 };
        let w = a.choice_weights(0, true);
        assert!((w[GO] - 0.4).abs() < 1e-12 && w[1] == 0.0);
        a.params.pavlovian = false;
        assert_eq!(a.choice_weights(0, true), vec![0.0, 0.0]);
    }
}
