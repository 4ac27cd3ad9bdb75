//! The processor's public face for reading: a [`Probe`] borrowed from a
//! [`PhiNNeuralProcessor`], and a [`Snapshot`] of what it shows.
//!
//! A probe reads the registers and the combinational outputs the RTL drives from them, by
//! oscillator ([`Oscillator`]) and by typed readout (the consciousness state, the SIE, the
//! monitors, CA3, the DAC). It holds a shared borrow, so nothing can change the processor while
//! it is read, and it cannot write: the processor changes only through its inputs. Everything is
//! read after the last [`tick`](PhiNNeuralProcessor::tick), i.e. the values the registers hold
//! between two clock-enable edges.
//!
//! Values are Q4.14 words ([`Q14`]) as the hardware holds them; reals (the true radius, the
//! phase in radians) are computed only when asked. A [`Snapshot`] copies every readout at once
//! (`Copy`, serde both ways): cheap enough to take every tick (a few hundred instructions
//! against a tick's five thousand), to keep, send to another thread or write out.
//!
//! ```
//! use phin_core::identity::{ConsciousnessState, Oscillator};
//! use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
//!
//! let mut p = PhiNNeuralProcessor::default();
//! let inputs = PhiNNeuralProcessorInputs {
//!     state_select: ConsciousnessState::Meditation.code(),
//!     ..Default::default()
//! };
//! for _ in 0..4_000 {
//!     p.tick(&inputs); // one simulated second
//! }
//! let probe = p.probe();
//! let theta = probe.oscillator(Oscillator::Theta);
//! println!("theta at {:.3} rad, radius {:.3}", theta.phase(), theta.radius());
//! assert_eq!(probe.config().state, ConsciousnessState::Meditation);
//! let snap = p.snapshot();
//! assert_eq!(snap.tick, 4_000);
//! assert_eq!(snap.oscillator(Oscillator::Theta), theta);
//! ```

use crate::bicoherence_monitor::BicoherenceMonitor;
use crate::ca3_phase_memory::Ca3PhaseMemory;
use crate::ca3_phase_memory::Ca3State;
use crate::coupling_mode_controller::CouplingModeController;
use crate::fixed_point::Q14;
use crate::harmonic_spacing_index::HarmonicSpacingIndex;
use crate::hopf_oscillator::{amplitude, HopfOscillator};
use crate::identity::{
    Column, ConsciousnessState, CouplingMode, Layer, Oscillator, SiePhase, SrHarmonic, ThetaBin,
    NUM_OSCILLATORS,
};
use crate::lane::Lane;
use crate::lane_batch::Group;
use crate::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorOutputs};
use crate::sr_harmonic_bank::SrHarmonicBank;
use crate::sr_ignition_controller::SrIgnitionController;
use serde::{Deserialize, Serialize};

/// One oscillator's registers. Everything else about it (the RTL's amplitude, the true radius,
/// the phase) is a function of these two and is computed only when asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OscillatorState {
    /// `x`, Q14: the oscillator's output.
    pub x: Q14,
    /// `y`, Q14: its quadrature.
    pub y: Q14,
}

impl OscillatorState {
    /// The oscillator's `amplitude` port, Q14: the RTL's estimate max(hi, hi − hi/8 + lo/2) of
    /// |x|, |y|, within −3 … +1 % of the true radius (section 1.1). Bit-exact: the same
    /// function of the registers as the hardware's combinational output.
    #[inline]
    pub fn amplitude(&self) -> Q14 {
        Q14(amplitude(i64::from(self.x.0), i64::from(self.y.0)) as i32)
    }

    /// The true radius √(x² + y²) as a real number.
    pub fn radius(&self) -> f64 {
        self.x.to_f64().hypot(self.y.to_f64())
    }

    /// The phase atan2(y, x) in radians, in (−π, π]: 0 at the positive x peak, rising through
    /// π/2 as y peaks (the rotation runs counter-clockwise in the (x, y) plane).
    pub fn phase(&self) -> f64 {
        f64::from(self.y.0).atan2(f64::from(self.x.0))
    }
}

/// The consciousness-state configuration (`u_config`, section 8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigReadout {
    /// The state requested last: the state the processor is in, or, during a transition, the one
    /// it is moving to (`state_transition_to`).
    pub state: ConsciousnessState,
    /// A transition is under way (`state_transitioning`).
    pub transitioning: bool,
    /// `state_transition_progress[15:0]`: 0 at the start of a transition, 65535 when complete.
    pub progress: u16,
    /// `state_transition_from`.
    pub from: ConsciousnessState,
    /// `state_transition_to`.
    pub to: ConsciousnessState,
}

impl ConfigReadout {
    /// [`progress`](Self::progress) as a fraction 0 … 1.
    pub fn progress_fraction(&self) -> f64 {
        f64::from(self.progress) / f64::from(u16::MAX)
    }
}

/// The Schumann ignition event controller (`u_sie`, section 10.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieReadout {
    /// The phase of the event (BASELINE when none).
    pub phase: SiePhase,
    /// `phase_timer`: ticks spent in the phase so far.
    pub timer: u16,
    /// `sie_gain`, Q14: the SR gain the event applies (0 … 1.0).
    pub gain: Q14,
    /// `sie_plv`, Q14: the phase-locking value the event's script targets (0.45 … 0.8).
    pub plv: Q14,
    /// `coherence_smooth`, Q14: the SR coherence smoothed over 0.512 s; above 0.85 for 0.25 s
    /// (beta quiet, armed) it starts an event.
    pub coherence: Q14,
    /// `beta_smooth`, Q14: the beta (motor L5a) amplitude smoothed over 0.256 s; coherence
    /// starts events only while it is below 0.9375.
    pub beta: Q14,
    /// `armed`: coherence may start the next event (cleared by a start, set again when the
    /// smoothed coherence falls below 0.75).
    pub armed: bool,
}

/// The coupling regime (`u_coupling_mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouplingReadout {
    /// MODULATORY, TRANSITION or HARMONIC.
    pub mode: CouplingMode,
    /// `pac_gain`, Q14.
    pub pac_gain: Q14,
    /// `harmonic_gain`, Q14.
    pub harmonic_gain: Q14,
}

/// The Schumann-resonance bank of the thalamus (`u_thalamus.u_sr_bank`, section 4.1), per
/// harmonic f₀ … f₄.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SrReadout {
    /// `coherence[h]`, Q14: phase agreement of harmonic h with its coherence target
    /// ([`SrHarmonic::coherence_target`]).
    pub coherence: [Q14; 5],
    /// `gain[h]`, Q14: the stochastic-resonance gain of harmonic h.
    pub gain: [Q14; 5],
    /// `coherence_mask[4:0]`: bit h set while harmonic h's coherence is above 0.75.
    pub coherence_mask: u8,
    /// `sie_per_harmonic[4:0]`.
    pub sie_per_harmonic: u8,
    /// `sr_coherence`, Q14: the bank's overall coherence, which starts an SIE.
    pub sr_coherence: Q14,
    /// `sr_amplification`, Q14: the bank's summed gain.
    pub sr_amplification: Q14,
    /// `beta_quiet`: the motor column's L5a amplitude is below 0.9375, so SR sensitivity is on.
    pub beta_quiet: bool,
}

/// CA3 phase memory (`u_ca3`, section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ca3Readout {
    /// The state machine's state.
    pub state: Ca3State,
    /// `phase_pattern[5:0]`: the recalled pattern, two bits per column.
    pub pattern: u8,
    /// `ca3_learning`: the one tick of a Hebbian update.
    pub learning: bool,
    /// `ca3_recalling`: the one tick of a recall.
    pub recalling: bool,
}

impl Default for Ca3Readout {
    fn default() -> Self {
        Ca3Readout {
            state: Ca3State::Idle,
            pattern: 0,
            learning: false,
            recalling: false,
        }
    }
}

/// The theta cycle as the thalamus bins it (section 3.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThetaReadout {
    /// `theta_phase[2:0]`.
    pub bin: ThetaBin,
    /// `encoding_window`: bins 0-3 (L2/3 in fast gamma, sensory input gated in).
    pub encoding: bool,
}

/// The bicoherence monitor (`u_bicoherence`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BicoherenceReadout {
    /// `bicoherence[k]`, Q14, of its three triads.
    pub triads: [Q14; 3],
    /// `bicoherence_max`, Q14.
    pub max: Q14,
    /// `triad_sync`, Q14: the mean of the two lower triads, the order parameter that shows an
    /// SIE's synchrony (the coupling-mode controller's R rules read it; docs/decisions.md).
    #[serde(default)]
    pub triad_sync: Q14,
    /// `high_bicoherence`: the maximum is above 0.5.
    pub high: bool,
}

/// The harmonic spacing index (`u_hsi`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HsiReadout {
    /// `hsi`, Q14: 1 − mean deviation of the four ratios from φ / 0.5, clamped to 0 … 1.
    pub hsi: Q14,
    /// The slow baseline of the HSI (`baseline_acc >>> 18`), Q14.
    pub baseline: Q14,
    /// `baseline_valid`.
    pub baseline_valid: bool,
    /// `harmonic_locked`: every ratio within 8 % of φ.
    pub harmonic_locked: bool,
}

/// Every readout of the processor at one tick: a copy of what a [`Probe`] shows.
///
/// `Copy` and serde both ways (JSON, or any serde format); Q14 values are the raw words. The
/// oscillators are in [`Oscillator::ALL`] order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Clock-enable edges since reset when it was taken.
    pub tick: u64,
    /// Every oscillator, in [`Oscillator::ALL`] order.
    pub oscillators: [OscillatorState; NUM_OSCILLATORS],
    /// The consciousness-state configuration.
    pub config: ConfigReadout,
    /// The SIE controller.
    pub sie: SieReadout,
    /// `kuramoto_r`, Q14: the order parameter over theta and the motor column's five layers.
    pub kuramoto_r: Q14,
    /// `high_synchrony`: R above 0.7.
    pub high_synchrony: bool,
    /// The coupling regime.
    pub coupling: CouplingReadout,
    /// The SR bank.
    pub sr: SrReadout,
    /// CA3 phase memory.
    pub ca3: Ca3Readout,
    /// `cortical_pattern_out[5:0]`: bit 2c is column c's L2/3, bit 2c+1 its L6, above 0.25.
    pub cortical_pattern: u8,
    /// The theta bin.
    pub theta: ThetaReadout,
    /// The bicoherence monitor.
    pub bicoherence: BicoherenceReadout,
    /// The harmonic spacing index.
    pub hsi: HsiReadout,
    /// The four output envelopes (theta, alpha, beta, gamma) the mixer applies, Q14.
    pub output_envelopes: [Q14; 4],
    /// `dac_output[11:0]`: 0 … 4095, mid-scale 2048.
    pub dac: u16,
}

impl Snapshot {
    /// One oscillator's state.
    pub fn oscillator(&self, o: Oscillator) -> OscillatorState {
        self.oscillators[o.index()]
    }
}

/// A read-only view of a processor between two ticks. Borrow one with
/// [`PhiNNeuralProcessor::probe`], or get one of an instance of a
/// [`LaneBatch`](crate::lane_batch::LaneBatch) in its `drive`; it costs nothing until a readout is
/// asked for, and reads the same values either way.
#[derive(Clone, Copy, Debug)]
pub struct Probe<'a> {
    src: Src<'a>,
}

/// Where a probe reads: a processor, or lane `k` of a lane engine's group (the same registers
/// under the same names, each holding eight instances).
#[derive(Clone, Copy, Debug)]
enum Src<'a> {
    One(&'a PhiNNeuralProcessor),
    Lane(&'a Group, usize),
}

/// The Hopf core of oscillator `$o` in `$p`, a processor or a lane group: the two hold their
/// children under the same names, so the oscillator-to-register map is written once.
macro_rules! hopf_of {
    ($p:expr, $o:expr) => {
        match $o {
            Oscillator::Theta => &$p.u_thalamus.u_theta,
            Oscillator::Cortex(c, l) => {
                let col = match c {
                    Column::Sensory => &$p.col_sensory,
                    Column::Association => &$p.col_assoc,
                    Column::Motor => &$p.col_motor,
                };
                match l {
                    Layer::L6 => &col.u_l6,
                    Layer::L5a => &col.u_l5a,
                    Layer::L5b => &col.u_l5b,
                    Layer::L4 => &col.u_l4,
                    Layer::L23 => &col.u_l23,
                }
            }
            Oscillator::Sr(h) => &$p.u_thalamus.u_sr_bank.u_f[h.index()].u_core,
        }
    };
}

/// `$read` applied to the probed processor's child at field path `$path` (for a lane, that
/// child's lane copied out of its group first).
macro_rules! with_child {
    ($probe:expr, $($path:ident).+, $read:expr) => {
        match $probe.src {
            Src::One(p) => ($read)(&p.$($path).+),
            Src::Lane(g, k) => ($read)(&g.$($path).+.lane(k)),
        }
    };
}

impl<'a> Probe<'a> {
    /// A probe of lane `k` of group `g`.
    #[inline(always)]
    pub(crate) fn of_lane(g: &'a Group, k: usize) -> Probe<'a> {
        Probe {
            src: Src::Lane(g, k),
        }
    }
}

impl PhiNNeuralProcessor {
    /// A read-only view of every observable of the processor now.
    #[inline(always)]
    pub fn probe(&self) -> Probe<'_> {
        Probe {
            src: Src::One(self),
        }
    }

    /// A copy of every readout now (see [`Snapshot`]).
    #[inline]
    pub fn snapshot(&self) -> Snapshot {
        self.probe().snapshot()
    }
}

/// A state code the config controller never holds (it maps 5-7 to NORMAL on the way in).
fn state_of(code: u8) -> ConsciousnessState {
    ConsciousnessState::from_code(code).unwrap_or_default()
}

fn q(v: i32) -> Q14 {
    Q14(v)
}

impl<'a> Probe<'a> {
    /// Clock-enable edges since reset.
    #[inline(always)]
    pub fn tick(&self) -> u64 {
        match self.src {
            Src::One(p) => p.tick,
            Src::Lane(g, k) => g.tick[k],
        }
    }

    /// One oscillator's registers and amplitude.
    #[inline]
    pub fn oscillator(&self, o: Oscillator) -> OscillatorState {
        match self.src {
            Src::One(p) => {
                let h: &HopfOscillator = hopf_of!(p, o);
                OscillatorState {
                    x: q(h.x),
                    y: q(h.y),
                }
            }
            Src::Lane(g, k) => {
                let h = hopf_of!(g, o);
                OscillatorState {
                    x: q(h.x.lane(k) as i32),
                    y: q(h.y.lane(k) as i32),
                }
            }
        }
    }

    /// Every oscillator, in [`Oscillator::ALL`] order.
    #[inline]
    pub fn oscillators(&self) -> [OscillatorState; NUM_OSCILLATORS] {
        let p = match self.src {
            Src::One(p) => p,
            Src::Lane(..) => return Oscillator::ALL.map(|o| self.oscillator(o)),
        };
        // Straight copies in `Oscillator::ALL` order: a third of what 21 `oscillator()` calls
        // cost (a snapshot every tick must stay a small part of a tick).
        let mut out = [OscillatorState::default(); NUM_OSCILLATORS];
        let mut put = |k: usize, h: &HopfOscillator| {
            out[k] = OscillatorState {
                x: Q14(h.x),
                y: Q14(h.y),
            }
        };
        put(0, &p.u_thalamus.u_theta);
        for (c, col) in [&p.col_sensory, &p.col_assoc, &p.col_motor]
            .into_iter()
            .enumerate()
        {
            let layers = [&col.u_l6, &col.u_l5a, &col.u_l5b, &col.u_l4, &col.u_l23];
            for (l, h) in layers.into_iter().enumerate() {
                put(1 + 5 * c + l, h);
            }
        }
        for (h, f) in p.u_thalamus.u_sr_bank.u_f.iter().enumerate() {
            put(16 + h, &f.u_core);
        }
        out
    }

    /// The consciousness-state configuration.
    #[inline]
    pub fn config(&self) -> ConfigReadout {
        let c = match self.src {
            Src::One(p) => &p.u_config,
            Src::Lane(g, k) => &g.u_config[k],
        };
        ConfigReadout {
            state: state_of(c.transition_to),
            transitioning: c.transitioning,
            progress: c.transition_progress,
            from: state_of(c.transition_from),
            to: state_of(c.transition_to),
        }
    }

    /// The SIE controller.
    #[inline]
    pub fn sie(&self) -> SieReadout {
        with_child!(self, u_sie, |s: &SrIgnitionController| SieReadout {
            phase: SiePhase::from_code(s.sie_phase).unwrap_or_default(),
            timer: s.phase_timer,
            gain: q(s.sie_gain),
            plv: q(s.sie_plv),
            coherence: q(s.coherence_smooth()),
            beta: q(s.beta_smooth()),
            armed: s.armed,
        })
    }

    /// `kuramoto_r`, Q14.
    ///
    /// Measured, for the higher layers: in every state its mean is 0.365 ± 0.02, the value six
    /// independent phases give (the φ-spaced layers do not lock to each other), so compare it
    /// with that chance level, not with zero.
    #[inline(always)]
    pub fn kuramoto_r(&self) -> Q14 {
        match self.src {
            Src::One(p) => q(p.u_kuramoto.kuramoto_r),
            Src::Lane(g, k) => q(g.u_kuramoto.kuramoto_r.lane(k) as i32),
        }
    }

    /// `high_synchrony`: Kuramoto R above 0.7.
    #[inline(always)]
    pub fn high_synchrony(&self) -> bool {
        match self.src {
            Src::One(p) => p.u_kuramoto.high_synchrony,
            Src::Lane(g, k) => g.u_kuramoto.high_synchrony.lane(k) != 0,
        }
    }

    /// The coupling regime.
    #[inline]
    pub fn coupling(&self) -> CouplingReadout {
        with_child!(self, u_coupling_mode, |c: &CouplingModeController| {
            CouplingReadout {
                mode: CouplingMode::from_code(c.coupling_mode).unwrap_or_default(),
                pac_gain: q(c.pac_gain),
                harmonic_gain: q(c.harmonic_gain),
            }
        })
    }

    /// The SR bank.
    #[inline]
    pub fn sr(&self) -> SrReadout {
        with_child!(self, u_thalamus.u_sr_bank, |b: &SrHarmonicBank| SrReadout {
            coherence: b.coherence.map(q),
            gain: b.gain.map(q),
            coherence_mask: b.coherence_mask,
            sie_per_harmonic: b.sie_per_harmonic,
            sr_coherence: q(b.sr_coherence),
            sr_amplification: q(b.sr_amplification),
            beta_quiet: b.beta_quiet,
        })
    }

    /// One SR harmonic's coherence with its target, Q14.
    #[inline(always)]
    pub fn sr_coherence(&self, h: SrHarmonic) -> Q14 {
        match self.src {
            Src::One(p) => q(p.u_thalamus.u_sr_bank.coherence[h.index()]),
            Src::Lane(g, k) => q(g.u_thalamus.u_sr_bank.coherence[h.index()].lane(k) as i32),
        }
    }

    /// CA3 phase memory.
    #[inline]
    pub fn ca3(&self) -> Ca3Readout {
        with_child!(self, u_ca3, |c: &Ca3PhaseMemory| {
            let o = c.outputs();
            Ca3Readout {
                state: Ca3State::from_code(c.state).unwrap_or(Ca3State::Idle),
                pattern: o.phase_pattern,
                learning: o.learning,
                recalling: o.recalling,
            }
        })
    }

    /// `cortical_pattern_out[5:0]`, the pattern CA3 sees.
    #[inline]
    pub fn cortical_pattern(&self) -> u8 {
        match self.src {
            Src::One(p) => p.cortical_pattern(),
            Src::Lane(g, k) => g.lane(k).cortical_pattern(),
        }
    }

    /// The theta bin.
    #[inline]
    pub fn theta(&self) -> ThetaReadout {
        let code = match self.src {
            Src::One(p) => p.u_thalamus.theta_phase,
            Src::Lane(g, k) => g.u_thalamus.theta_phase.lane(k) as u8,
        };
        let bin = ThetaBin::from_code(code);
        ThetaReadout {
            bin,
            encoding: bin.is_encoding(),
        }
    }

    /// The bicoherence monitor.
    #[inline]
    pub fn bicoherence(&self) -> BicoherenceReadout {
        with_child!(self, u_bicoherence, |b: &BicoherenceMonitor| {
            BicoherenceReadout {
                triads: b.bicoherence.map(q),
                max: q(b.bicoherence_max),
                triad_sync: q(b.triad_sync),
                high: b.high_bicoherence,
            }
        })
    }

    /// The harmonic spacing index.
    #[inline]
    pub fn hsi(&self) -> HsiReadout {
        with_child!(self, u_hsi, |h: &HarmonicSpacingIndex| HsiReadout {
            hsi: q(h.hsi),
            baseline: q(h.baseline() as i32),
            baseline_valid: h.baseline_valid,
            harmonic_locked: h.harmonic_locked,
        })
    }

    /// The four output envelopes (theta, alpha, beta, gamma), Q14.
    #[inline]
    pub fn output_envelopes(&self) -> [Q14; 4] {
        match self.src {
            Src::One(p) => p.u_env.map(|e| q(e.outputs().envelope)),
            Src::Lane(g, k) => g.u_env.map(|e| q(e.lane(k).outputs().envelope)),
        }
    }

    /// `dac_output[11:0]`.
    #[inline(always)]
    pub fn dac(&self) -> u16 {
        match self.src {
            Src::One(p) => p.u_mixer.dac_output,
            Src::Lane(g, k) => g.u_mixer.dac_output.lane(k) as u16,
        }
    }

    /// Every output port of the top.
    #[inline]
    pub fn outputs(&self) -> PhiNNeuralProcessorOutputs {
        match self.src {
            Src::One(p) => p.outputs(),
            Src::Lane(g, k) => g.lane(k).outputs(),
        }
    }

    /// A copy of every readout.
    #[inline]
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            tick: self.tick(),
            oscillators: self.oscillators(),
            config: self.config(),
            sie: self.sie(),
            kuramoto_r: self.kuramoto_r(),
            high_synchrony: self.high_synchrony(),
            coupling: self.coupling(),
            sr: self.sr(),
            ca3: self.ca3(),
            cortical_pattern: self.cortical_pattern(),
            theta: self.theta(),
            bicoherence: self.bicoherence(),
            hsi: self.hsi(),
            output_envelopes: self.output_envelopes(),
            dac: self.dac(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};
    use crate::Observable;

    fn run(ticks: u64, state: ConsciousnessState) -> PhiNNeuralProcessor {
        let mut p = PhiNNeuralProcessor::new(PhiNNeuralProcessorParams::DEFAULT);
        let i = PhiNNeuralProcessorInputs {
            state_select: state.code(),
            sensory_input: 1_000,
            ..Default::default()
        };
        for _ in 0..ticks {
            p.tick(&i);
        }
        p
    }

    /// Every probe value is the register the signal table names: the probe and the RTL names
    /// cannot disagree.
    #[test]
    fn the_probe_reads_the_registers_the_signal_table_names() {
        for state in [ConsciousnessState::Normal, ConsciousnessState::Meditation] {
            let p = run(30_000, state);
            let probe = p.probe();
            let rd = |name: &str| p.read(name).unwrap_or_else(|| panic!("no signal {name}"));
            for o in Oscillator::ALL {
                let s = probe.oscillator(o);
                let inst = o.instance();
                assert_eq!(i64::from(s.x.0), rd(&format!("{inst}.x")), "{o}");
                assert_eq!(i64::from(s.y.0), rd(&format!("{inst}.y")), "{o}");
                assert_eq!(
                    i64::from(s.amplitude().0),
                    rd(&format!("{inst}.amplitude")),
                    "{o}"
                );
            }
            let c = probe.config();
            assert_eq!(i64::from(c.to.code()), rd("state_transition_to"));
            assert_eq!(c.transitioning, rd("state_transitioning") == 1);
            assert_eq!(i64::from(c.progress), rd("state_transition_progress"));
            let s = probe.sie();
            assert_eq!(i64::from(s.phase.code()), rd("u_sie.sie_phase"));
            assert_eq!(i64::from(s.gain.0), rd("u_sie.sie_gain"));
            assert_eq!(i64::from(s.plv.0), rd("u_sie.sie_plv"));
            assert_eq!(i64::from(s.timer), rd("u_sie.phase_timer"));
            assert_eq!(i64::from(s.coherence.0), rd("u_sie.coherence_smooth"));
            assert_eq!(i64::from(s.beta.0), rd("u_sie.beta_smooth"));
            assert_eq!(s.armed, rd("u_sie.armed") == 1);
            assert_eq!(i64::from(probe.kuramoto_r().0), rd("u_kuramoto.kuramoto_r"));
            let m = probe.coupling();
            assert_eq!(
                i64::from(m.mode.code()),
                rd("u_coupling_mode.coupling_mode")
            );
            assert_eq!(i64::from(m.pac_gain.0), rd("u_coupling_mode.pac_gain"));
            let sr = probe.sr();
            for h in SrHarmonic::ALL {
                let k = h.index();
                let port = format!("sr_coherence_packed[{}:{}]", 18 * k + 17, 18 * k);
                assert_eq!(i64::from(sr.coherence[k].0), rd(&port));
                assert_eq!(probe.sr_coherence(h), sr.coherence[k]);
            }
            assert_eq!(i64::from(sr.coherence_mask), rd("coherence_mask"));
            assert_eq!(i64::from(sr.sr_coherence.0), rd("sr_coherence"));
            assert_eq!(i64::from(sr.sr_amplification.0), rd("sr_amplification"));
            assert_eq!(sr.beta_quiet, rd("beta_quiet") == 1);
            let ca3 = probe.ca3();
            assert_eq!(i64::from(ca3.pattern), rd("ca3_phase_pattern"));
            assert_eq!(ca3.state as i64, rd("u_ca3.state"));
            assert_eq!(
                i64::from(probe.cortical_pattern()),
                rd("cortical_pattern_out")
            );
            assert_eq!(i64::from(probe.theta().bin.code()), rd("theta_phase"));
            let b = probe.bicoherence();
            assert_eq!(i64::from(b.max.0), rd("u_bicoherence.bicoherence_max"));
            assert_eq!(i64::from(probe.hsi().hsi.0), rd("u_hsi.hsi"));
            assert_eq!(i64::from(probe.dac()), rd("dac_output"));
            assert_eq!(
                i64::from(probe.output_envelopes()[3].0),
                rd("u_env_gamma.envelope")
            );
            assert_eq!(probe.tick(), 30_000);
        }
    }

    #[test]
    fn a_snapshot_is_the_probe_and_survives_json() {
        let p = run(12_345, ConsciousnessState::Flow);
        let s = p.snapshot();
        assert_eq!(s.tick, 12_345);
        assert_eq!(s.oscillators, p.probe().oscillators());
        assert_eq!(s.config.state, ConsciousnessState::Flow);
        let j = serde_json::to_string(&s).unwrap();
        let back: Snapshot = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn radius_and_phase_are_the_real_geometry_of_x_and_y() {
        let s = OscillatorState {
            x: Q14(0),
            y: Q14(-16_384),
        };
        assert_eq!(s.amplitude(), Q14(16_384));
        assert!((s.phase() + std::f64::consts::FRAC_PI_2).abs() < 1e-12);
        assert!((s.radius() - 1.0).abs() < 1e-12);
        let s = OscillatorState {
            x: Q14(-8_192),
            y: Q14(8_192),
        };
        assert!((s.phase() - 0.75 * std::f64::consts::PI).abs() < 1e-12);
        assert!((s.radius() - 0.5f64.sqrt()).abs() < 1e-12);
    }
}
