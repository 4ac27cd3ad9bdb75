//! The binding to the processor: how the agent observes the live processor (only through
//! phin-core's [`Probe`]) and acts on it (only through its inputs), each path with its own
//! switch so it can be ablated (docs/biomind.md, "The binding").
//!
//! 1. **Theta clock and theta gate.** The agent's TD steps run on the processor's theta
//!    rhythm: one clock step at every onset of the encoding window (the thalamus's theta bins
//!    0–3, section 3.3 of the processor description), about every 0.17 s. The agent's timing
//!    within a trial — when the reward is due, when an omission is noticed — is therefore
//!    counted in the processor's theta cycles, as interval-timing models count cortical
//!    oscillations (Matell & Meck 2004, striatal beat frequency). Acetylcholine release, which
//!    sets the learning rate, is gated by the encoding window (Hasselmo 2002). Off: an internal
//!    clock at the nominal theta frequency ([`phin_core::identity::THETA_HZ`]) with a seeded
//!    phase, and no gate.
//! 2. **Arousal selects the state.** At each clock step the agent's effective NE level maps,
//!    with hysteresis, to a requested consciousness state (low → MEDITATION, middle →
//!    NORMAL, high → FLOW), sent through `state_select` with a timed transition
//!    (`transition_duration`, 0.5 s).
//! 3. **Snapshot features enter the agent's state.** Every observation (5 ms) the agent reads
//!    the oscillation amplitudes (theta and the five layers, averaged over the three columns),
//!    the theta bin and the SR bank's coherence; the amplitudes and the coherence, normalised by
//!    running statistics, are regressors of the critic's value.
//! 4. **Outcomes are frequency-tagged sensory pulses.** An outcome drives `sensory_input` with a
//!    sine at the nominal frequency of an oscillator the relay reaches — a win at sensory L4
//!    (31.73 Hz, which locks to it), a loss at sensory L6 (9.53 Hz) — for the outcome's
//!    duration.
//! 5. **Warm-up offset.** The processor has no seed (its LFSRs are fixed), so every agent
//!    would see the same oscillatory context; each agent's processor first runs a seeded
//!    warm-up of 2 s plus up to 31.5 s (one SIE cycle in NORMAL) before the first trial.

use crate::error::{check_positive, check_range, ParamError};
use crate::time::{ticks, TICK_HZ};
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator, THETA_HZ};
use phin_core::Probe;
use serde::{Deserialize, Serialize};

/// Number of amplitude features: theta and the five layers.
pub const N_AMPLITUDES: usize = 6;

/// Number of features the critic sees: the amplitudes and the SR coherence.
pub const N_FEATURES: usize = N_AMPLITUDES + 1;

/// The names of the critic's features, from phin-core's identity (theta, l6 … l23, sr_coherence).
pub fn feature_names() -> Vec<String> {
    let mut v = vec![Oscillator::Theta.to_string()];
    v.extend(Layer::ALL.iter().map(|l| l.name().to_string()));
    v.push("sr_coherence".to_string());
    v
}

/// The mapping from arousal (effective NE) to a requested state.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArousalMap {
    /// Below this NE the low state is requested.
    pub low: f64,
    /// Above this NE the high state is requested.
    pub high: f64,
    /// Hysteresis: leaving the low (high) state needs NE above low + h (below high − h).
    pub hysteresis: f64,
    /// The low-arousal state.
    pub low_state: ConsciousnessState,
    /// The middle state.
    pub mid_state: ConsciousnessState,
    /// The high-arousal state.
    pub high_state: ConsciousnessState,
    /// Duration of each transition, s (`transition_duration`).
    pub transition_s: f64,
}

impl Default for ArousalMap {
    fn default() -> Self {
        ArousalMap {
            low: 0.3,
            high: 0.7,
            hysteresis: 0.05,
            low_state: ConsciousnessState::Meditation,
            mid_state: ConsciousnessState::Normal,
            high_state: ConsciousnessState::Flow,
            transition_s: 0.5,
        }
    }
}

impl ArousalMap {
    /// The state to request at arousal `a`, given the one requested now.
    pub fn request(&self, a: f64, now: ConsciousnessState) -> ConsciousnessState {
        if a > self.high {
            self.high_state
        } else if a < self.low {
            self.low_state
        } else if (now == self.high_state && a > self.high - self.hysteresis)
            || (now == self.low_state && a < self.low + self.hysteresis)
        {
            now
        } else {
            self.mid_state
        }
    }
}

/// The frequency tags of the outcomes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PulseParams {
    /// Amplitude of the sine on `sensory_input` (a Q4.14 real; 1.0 locks L4, processor facts).
    pub amplitude: f64,
    /// A win (outcome > 0) is tagged at this oscillator's nominal frequency.
    pub win_tag: Oscillator,
    /// A loss (outcome < 0) is tagged at this oscillator's nominal frequency.
    pub loss_tag: Oscillator,
    /// A neutral outcome (0) is tagged here, if set.
    pub neutral_tag: Option<Oscillator>,
}

impl Default for PulseParams {
    fn default() -> Self {
        PulseParams {
            amplitude: 1.0,
            win_tag: Oscillator::Cortex(Column::Sensory, Layer::L4),
            loss_tag: Oscillator::Cortex(Column::Sensory, Layer::L6),
            neutral_tag: None,
        }
    }
}

/// The binding's switches and settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BindingParams {
    /// The agent's clock steps are the processor's theta encoding onsets (off: internal clock).
    pub theta_clock: bool,
    /// Acetylcholine release is gated by the encoding window (off: always open).
    pub theta_gate: bool,
    /// Arousal selects the processor's state.
    pub arousal_states: bool,
    /// Snapshot features enter the critic.
    pub features: bool,
    /// Outcomes drive the processor as frequency-tagged sensory pulses.
    pub outcome_pulses: bool,
    /// The agent observes the processor every this many seconds (0.005 s = 20 ticks).
    pub observe_every_s: f64,
    /// Time constant of the features' running normalisation, s.
    pub feature_tau_s: f64,
    /// Arousal → state.
    pub arousal: ArousalMap,
    /// Outcome tags.
    pub pulses: PulseParams,
    /// Fixed warm-up before the first trial, s.
    pub warmup_s: f64,
    /// Seeded extra warm-up, uniform in [0, this), s.
    pub warmup_jitter_s: f64,
}

impl Default for BindingParams {
    fn default() -> Self {
        BindingParams {
            theta_clock: true,
            theta_gate: true,
            arousal_states: true,
            features: true,
            outcome_pulses: true,
            observe_every_s: 0.005,
            feature_tau_s: 20.0,
            arousal: ArousalMap::default(),
            pulses: PulseParams::default(),
            warmup_s: 2.0,
            warmup_jitter_s: 31.5,
        }
    }
}

impl BindingParams {
    /// Checks every field; errors name the field (`binding.observe_every_s`).
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range(
            "binding.observe_every_s",
            self.observe_every_s,
            1.0 / TICK_HZ,
            1.0,
        )?;
        check_positive("binding.feature_tau_s", self.feature_tau_s)?;
        let a = &self.arousal;
        check_range("binding.arousal.low", a.low, 0.0, 1.0)?;
        check_range("binding.arousal.high", a.high, a.low, 1.0)?;
        check_range("binding.arousal.hysteresis", a.hysteresis, 0.0, 0.5)?;
        check_range(
            "binding.arousal.transition_s",
            a.transition_s,
            0.0,
            phin_core::control::TRANSITION_MAX_S,
        )?;
        check_range("binding.pulses.amplitude", self.pulses.amplitude, 0.0, 4.0)?;
        check_range("binding.warmup_s", self.warmup_s, 0.0, 3_600.0)?;
        check_range(
            "binding.warmup_jitter_s",
            self.warmup_jitter_s,
            0.0,
            3_600.0,
        )?;
        Ok(())
    }

    /// Observation period in ticks (at least 1).
    pub fn observe_every_ticks(&self) -> u64 {
        ticks(self.observe_every_s).max(1)
    }
}

/// What the agent reads from the processor at one observation: a few numbers out of a
/// [`Probe`], small enough to record every 5 ms for the shuffled control.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// `theta_phase[2:0]`.
    pub theta_bin: u8,
    /// The encoding window (bins 0–3).
    pub encoding: bool,
    /// Amplitudes (the RTL's amplitude estimate, as reals): theta, then L6, L5a, L5b, L4, L2/3
    /// averaged over the three columns.
    pub amplitude: [f32; N_AMPLITUDES],
    /// The SR bank's overall coherence.
    pub sr_coherence: f32,
    /// The consciousness state the configuration holds (or moves to).
    pub state: u8,
}

impl Features {
    /// Reads the features from a probe.
    pub fn from_probe(p: &Probe<'_>) -> Self {
        let th = p.theta();
        let osc = p.oscillators();
        let mut amplitude = [0.0f32; N_AMPLITUDES];
        amplitude[0] = osc[Oscillator::Theta.index()].amplitude().to_f64() as f32;
        for (k, l) in Layer::ALL.iter().enumerate() {
            let s: f64 = Column::ALL
                .iter()
                .map(|c| osc[Oscillator::Cortex(*c, *l).index()].amplitude().to_f64())
                .sum();
            amplitude[1 + k] = (s / 3.0) as f32;
        }
        Features {
            theta_bin: th.bin.code(),
            encoding: th.encoding,
            amplitude,
            sr_coherence: p.sr().sr_coherence.to_f64() as f32,
            state: p.config().state.code(),
        }
    }

    /// The critic's raw feature vector: the amplitudes, then the SR coherence.
    pub fn vector(&self) -> [f64; N_FEATURES] {
        let mut v = [0.0; N_FEATURES];
        for (k, a) in self.amplitude.iter().enumerate() {
            v[k] = f64::from(*a);
        }
        v[N_AMPLITUDES] = f64::from(self.sr_coherence);
        v
    }
}

/// Running normalisation of the features (exponential mean and variance).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureNorm {
    mean: [f64; N_FEATURES],
    var: [f64; N_FEATURES],
    weight: f64,
    started: bool,
}

impl FeatureNorm {
    /// A normaliser with time constant `tau_s` for observations every `every_s` seconds.
    pub fn new(tau_s: f64, every_s: f64) -> Self {
        FeatureNorm {
            mean: [0.0; N_FEATURES],
            var: [1e-2; N_FEATURES],
            weight: -(-every_s / tau_s).exp_m1(),
            started: false,
        }
    }

    /// Updates with `x` and writes the normalised vector (z-scores, clamped to ±5) into `out`.
    pub fn push(&mut self, x: &[f64; N_FEATURES], out: &mut Vec<f64>) {
        if !self.started {
            self.mean = *x;
            self.started = true;
        }
        out.clear();
        let w = self.weight;
        for ((xk, m), v) in x.iter().zip(&mut self.mean).zip(&mut self.var) {
            let d = xk - *m;
            *m += w * d;
            *v = (1.0 - w) * (*v + w * d * d);
            out.push((d / (*v + 1e-6).sqrt()).clamp(-5.0, 5.0));
        }
    }
}

/// The agent's clock: onsets of the processor's encoding window, or an internal oscillator at
/// the nominal theta frequency.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThetaClock {
    last_encoding: Option<bool>,
    phase: f64,
    step: f64,
}

impl ThetaClock {
    /// A clock whose internal oscillator starts at `phase` cycles (0 … 1).
    pub fn new(phase: f64) -> Self {
        ThetaClock {
            last_encoding: None,
            phase: phase.rem_euclid(1.0),
            step: THETA_HZ / TICK_HZ,
        }
    }

    /// An observation of the encoding window: true at an onset (retrieval → encoding).
    pub fn observe(&mut self, encoding: bool) -> bool {
        let onset = self.last_encoding == Some(false) && encoding;
        self.last_encoding = Some(encoding);
        onset
    }

    /// One tick of the internal oscillator: (onset, encoding). Encoding is the first half of
    /// each cycle, as bins 0–3 are the first half of the processor's.
    pub fn internal_tick(&mut self) -> (bool, bool) {
        self.phase += self.step;
        let onset = self.phase >= 1.0;
        if onset {
            self.phase -= 1.0;
        }
        (onset, self.phase < 0.5)
    }
}

/// A frequency-tagged sensory pulse.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pulse {
    /// First tick.
    pub start: u64,
    /// First tick after it.
    pub end: u64,
    /// Frequency, Hz.
    pub hz: f64,
    /// Amplitude (Q4.14 real).
    pub amplitude: f64,
}

impl Pulse {
    /// The drive at tick `t` (0 outside the pulse).
    pub fn sample(&self, t: u64) -> f64 {
        if t < self.start || t >= self.end {
            return 0.0;
        }
        let s = (t - self.start) as f64 / TICK_HZ;
        self.amplitude * (std::f64::consts::TAU * self.hz * s).sin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arousal_has_hysteresis() {
        let m = ArousalMap::default();
        use ConsciousnessState::*;
        assert_eq!(m.request(0.5, Normal), Normal);
        assert_eq!(m.request(0.75, Normal), Flow);
        assert_eq!(m.request(0.68, Flow), Flow);
        assert_eq!(m.request(0.6, Flow), Normal);
        assert_eq!(m.request(0.2, Normal), Meditation);
        assert_eq!(m.request(0.32, Meditation), Meditation);
        assert_eq!(m.request(0.4, Meditation), Normal);
    }

    #[test]
    fn the_internal_clock_runs_at_the_nominal_theta_frequency() {
        let mut c = ThetaClock::new(0.25);
        let onsets = (0..40_000).filter(|_| c.internal_tick().0).count();
        assert!((onsets as f64 - 10.0 * THETA_HZ).abs() <= 1.0, "{onsets}");
        let mut c = ThetaClock::new(0.0);
        assert!(!c.observe(true));
        assert!(!c.observe(false));
        assert!(c.observe(true));
        assert!(!c.observe(true));
    }

    #[test]
    fn features_come_from_the_probe_and_names_from_identity() {
        let mut p = phin_core::PhiNNeuralProcessor::default();
        let i = phin_core::PhiNNeuralProcessorInputs::default();
        for _ in 0..8_000 {
            p.tick(&i);
        }
        let f = Features::from_probe(&p.probe());
        assert!(f.amplitude.iter().all(|a| *a > 0.2 && *a < 1.5), "{f:?}");
        assert_eq!(f.encoding, f.theta_bin < 4);
        assert_eq!(feature_names().len(), N_FEATURES);
        assert_eq!(feature_names()[0], "theta");
        let mut n = FeatureNorm::new(20.0, 0.005);
        let mut out = Vec::new();
        n.push(&f.vector(), &mut out);
        assert_eq!(out.len(), N_FEATURES);
        let pulse = Pulse {
            start: 10,
            end: 20,
            hz: 1000.0,
            amplitude: 1.0,
        };
        assert_eq!(pulse.sample(9), 0.0);
        assert!((pulse.sample(11) - 1.0).abs() < 1e-12);
        assert_eq!(pulse.sample(20), 0.0);
    }
}
