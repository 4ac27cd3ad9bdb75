//! `phi_n_neural_processor`: the whole processor (description section 11), wired exactly as
//! `rtl/phi_n_neural_processor.v` wires its children. Contract: docs/spec/phi_n_neural_processor.md.
//!
//! One [`PhiNNeuralProcessor::tick`] is one 4 kHz clock-enable edge. The top has no registers of
//! its own: [`PhiNNeuralProcessor::tick`] first reads every net the RTL computes between the
//! children (all combinational from registers and the top's inputs), then steps every child on
//! those values, in the order the RTL declares them. No allocation, no randomness but the RTL's
//! own LFSRs.

use crate::amplitude_envelope_generator::{AmplitudeEnvelopeGenerator, AmplitudeEnvelopeParams};
use crate::bicoherence_monitor::BicoherenceMonitor;
use crate::boundary_generator::{BoundaryGenerator, BoundaryGeneratorInputs};
use crate::ca3_phase_memory::{Ca3PhaseMemory, Ca3PhaseMemoryInputs};
use crate::clock_enable_generator::ClockEnableGenerator;
use crate::config_controller::{ConfigController, ConfigControllerInputs};
use crate::constants::{
    DN_LAYERS, DN_SR, ENV_SEEDS_OUTPUT, FORCE_SHIFT, N_LAYERS, N_SR, OMEGA_DT_L23_SLOW,
    OMEGA_DT_L5A, OMEGA_DT_L5B, OMEGA_DT_L6, OMEGA_DT_SR, OMEGA_DT_THETA, PATTERN_THRESHOLD,
    SENSORY_GAIN, SR_MU_DT, SYNC_SHIFT, WIDTH,
};
use crate::cortical_column::{
    CorticalColumn, CorticalColumnInputs, CorticalColumnOutputs, CorticalColumnParams,
};
use crate::cortical_frequency_drift::{CorticalFrequencyDrift, CorticalFrequencyDriftInputs};
use crate::coupling_mode_controller::{CouplingModeController, CouplingModeControllerInputs};
use crate::coupling_susceptibility::{CouplingSusceptibility, CouplingSusceptibilityInputs};
use crate::energy_landscape::{EnergyLandscape, EnergyLandscapeInputs};
use crate::fixed_point::{asr, mul_s, raw, wrap_s};
use crate::harmonic_spacing_index::{HarmonicSpacingIndex, HarmonicSpacingIndexInputs};
use crate::kuramoto_order_parameter::{unit_pair, KuramotoOrderParameter};
use crate::output_mixer::{OutputMixer, OutputMixerInputs};
use crate::pink_noise_generator::PinkNoiseGenerator;
use crate::quarter_integer_detector::{QuarterIntegerDetector, QuarterIntegerDetectorInputs};
use crate::signals::{table_len, ChildMap, Observable, Signal};
use crate::sr_frequency_drift::SrFrequencyDrift;
use crate::sr_ignition_controller::{SrIgnitionController, SrIgnitionControllerInputs};
use crate::sr_noise_generator::SrNoiseGenerator;
use crate::thalamus::{Thalamus, ThalamusInputs};

/// Parameters of the top (the RTL's `parameter`s; `WIDTH`, `FRAC` and `NUM_HARMONICS` are fixed
/// at 18, 14 and 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhiNNeuralProcessorParams {
    /// `FAST_SIM`: clock enable every 10 clocks instead of 31250. Changes no tick-level
    /// behaviour; it sets how many clocks the RTL needs per tick.
    pub fast_sim: bool,
    /// `SR_STOCHASTIC_ENABLE`: the SR noise reaches the SR oscillators.
    pub sr_stochastic_enable: bool,
    /// `SR_DRIFT_ENABLE`: the SR oscillators follow `sr_frequency_drift`.
    pub sr_drift_enable: bool,
    /// `ENABLE_ADAPTIVE`: active φⁿ dynamics (landscape forces, stability-driven SIE).
    pub enable_adaptive: bool,
}

impl PhiNNeuralProcessorParams {
    /// The RTL defaults: FAST_SIM 0, SR noise and drift on, adaptive off.
    pub const DEFAULT: PhiNNeuralProcessorParams = PhiNNeuralProcessorParams {
        fast_sim: false,
        sr_stochastic_enable: true,
        sr_drift_enable: true,
        enable_adaptive: false,
    };
}

impl Default for PhiNNeuralProcessorParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Inputs of `phi_n_neural_processor`, same port names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhiNNeuralProcessorInputs {
    /// `sensory_input` (18-bit signed, Q14): into the thalamic core relay.
    pub sensory_input: i32,
    /// `state_select[2:0]`: 0 NORMAL, 1 ANESTHESIA, 2 PSYCHEDELIC, 3 FLOW, 4 MEDITATION (5-7 as
    /// `config_controller` defines them).
    pub state_select: u8,
    /// `transition_duration[15:0]`: ticks of a state transition (0 acts as 1).
    pub transition_duration: u16,
    /// `sr_field_input` (18-bit signed, Q14): the broadband external SR field.
    pub sr_field_input: i32,
    /// `sr_field_packed[89:0]`: the per-harmonic fields, field h in bits [18h+17:18h].
    pub sr_field: [i32; 5],
    /// `ignition_trigger`: while high in BASELINE, starts a Schumann ignition event on the next
    /// edge (`sr_ignition_controller`, section 10.3); ignored during an event.
    #[serde(default)]
    pub ignition_trigger: bool,
}

/// Outputs of `phi_n_neural_processor`, same port names (the packed 90-bit ports as arrays).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PhiNNeuralProcessorOutputs {
    /// `dac_output[11:0]`.
    pub dac_output: u16,
    /// `debug_motor_l23`: the motor column's L2/3 x.
    pub debug_motor_l23: i32,
    /// `debug_theta`: thalamic theta x.
    pub debug_theta: i32,
    /// `ca3_learning`.
    pub ca3_learning: bool,
    /// `ca3_recalling`.
    pub ca3_recalling: bool,
    /// `ca3_phase_pattern[5:0]`.
    pub ca3_phase_pattern: u8,
    /// `cortical_pattern_out[5:0]`: the pattern CA3 sees.
    pub cortical_pattern_out: u8,
    /// `f0_x`.
    pub f0_x: i32,
    /// `f0_y`.
    pub f0_y: i32,
    /// `f0_amplitude`.
    pub f0_amplitude: i32,
    /// `sr_f_x_packed[89:0]` as f₀..f₄.
    pub sr_f_x_packed: [i32; 5],
    /// `sr_coherence_packed[89:0]` as f₀..f₄.
    pub sr_coherence_packed: [i32; 5],
    /// `sie_per_harmonic[4:0]`.
    pub sie_per_harmonic: u8,
    /// `coherence_mask[4:0]`.
    pub coherence_mask: u8,
    /// `sr_coherence`.
    pub sr_coherence: i32,
    /// `sr_amplification`.
    pub sr_amplification: i32,
    /// `beta_quiet`.
    pub beta_quiet: bool,
    /// `theta_phase[2:0]`.
    pub theta_phase: u8,
    /// `state_transitioning`.
    pub state_transitioning: bool,
    /// `state_transition_progress[15:0]`.
    pub state_transition_progress: u16,
    /// `state_transition_from[2:0]`.
    pub state_transition_from: u8,
    /// `state_transition_to[2:0]`.
    pub state_transition_to: u8,
}

/// The whole processor: the children of the top, named as the RTL instances.
///
/// The children are private to phin-core: read the processor through
/// [`PhiNNeuralProcessor::probe`] (typed, by oscillator and readout), through
/// [`Observable`] (every register by its RTL name, for debugging) or a
/// [`Recorder`](crate::recorder::Recorder); act on it only through its inputs
/// ([`PhiNNeuralProcessorInputs`], built in physical units with
/// [`InputsBuilder`](crate::control::InputsBuilder)). Two processors compare equal when every
/// register and the tick count are equal.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhiNNeuralProcessor {
    /// Its parameters.
    pub(crate) params: PhiNNeuralProcessorParams,
    /// Clock-enable edges since reset. Not an RTL register (the top has none): the model's own
    /// count, so that a probe, a snapshot and a checkpoint know when they were taken.
    pub(crate) tick: u64,
    /// `u_clk_en`. Sampled after every enabled edge its state is always the same (one clock after
    /// the divider wrapped), so the model holds it there instead of counting clocks.
    pub(crate) u_clk_en: ClockEnableGenerator,
    /// `u_config`: consciousness states and transitions (section 8).
    pub(crate) u_config: ConfigController,
    /// `u_sie`: the SIE controller (10.3).
    pub(crate) u_sie: SrIgnitionController,
    /// `u_sr_noise` (4.3).
    pub(crate) u_sr_noise: SrNoiseGenerator,
    /// `u_sr_drift` (4.2).
    pub(crate) u_sr_drift: SrFrequencyDrift,
    /// `u_energy`: the φⁿ landscape over L6, L5a, L5b, L4, L2/3.
    pub(crate) u_energy: EnergyLandscape,
    /// `u_ctx_drift`: cortical drift and jitter, shared by the three columns (10.2).
    pub(crate) u_ctx_drift: CorticalFrequencyDrift,
    /// `u_qid_f0` … `u_qid_f4`: the SR modes' stability.
    pub(crate) u_qid: [QuarterIntegerDetector; 5],
    /// `u_chi`: χ of the f₁/f₀ ratio.
    pub(crate) u_chi: CouplingSusceptibility,
    /// `u_thalamus` (3, 4.1).
    pub(crate) u_thalamus: Thalamus,
    /// `u_ca3` (5).
    pub(crate) u_ca3: Ca3PhaseMemory,
    /// `col_sensory`.
    pub(crate) col_sensory: CorticalColumn,
    /// `col_assoc`.
    pub(crate) col_assoc: CorticalColumn,
    /// `col_motor`.
    pub(crate) col_motor: CorticalColumn,
    /// `u_kuramoto` over theta and the motor column.
    pub(crate) u_kuramoto: KuramotoOrderParameter,
    /// `u_bnd_theta_alpha`.
    pub(crate) u_bnd_theta_alpha: BoundaryGenerator,
    /// `u_bnd_alpha_beta1`.
    pub(crate) u_bnd_alpha_beta1: BoundaryGenerator,
    /// `u_bnd_beta1_beta2`.
    pub(crate) u_bnd_beta1_beta2: BoundaryGenerator,
    /// `u_bicoherence`.
    pub(crate) u_bicoherence: BicoherenceMonitor,
    /// `u_coupling_mode`.
    pub(crate) u_coupling_mode: CouplingModeController,
    /// `u_hsi`.
    pub(crate) u_hsi: HarmonicSpacingIndex,
    /// `u_env_theta`, `u_env_alpha`, `u_env_beta`, `u_env_gamma`: the output envelopes.
    pub(crate) u_env: [AmplitudeEnvelopeGenerator; 4],
    /// `u_pink` (9.2).
    pub(crate) u_pink: PinkNoiseGenerator,
    /// `u_mixer` (9.3).
    pub(crate) u_mixer: OutputMixer,
}

impl Default for PhiNNeuralProcessor {
    fn default() -> Self {
        Self::new(PhiNNeuralProcessorParams::DEFAULT)
    }
}

/// The 18-bit value of a port word.
#[inline(always)]
fn w18(v: i64) -> i64 {
    wrap_s(v, WIDTH)
}

/// `n = N + drift · DN`, 18-bit.
#[inline(always)]
fn exponent(n: i64, drift: i64, dn: i64) -> i64 {
    w18(n + w18(drift) * dn)
}

/// The clock-enable generator as it is after every enabled edge: one clock past the wrap.
fn clk_en_at_tick(fast_sim: bool) -> ClockEnableGenerator {
    let mut g = ClockEnableGenerator::new(fast_sim);
    g.tick();
    g
}

fn output_envelope(seed: u16) -> AmplitudeEnvelopeGenerator {
    let mut p = AmplitudeEnvelopeParams::DEFAULT;
    p.seed = seed;
    AmplitudeEnvelopeGenerator::with_params(p)
}

impl PhiNNeuralProcessor {
    /// A processor with the given parameters in its reset state.
    pub fn new(params: PhiNNeuralProcessorParams) -> Self {
        PhiNNeuralProcessor {
            params,
            tick: 0,
            u_clk_en: clk_en_at_tick(params.fast_sim),
            u_config: ConfigController::new(),
            u_sie: SrIgnitionController::new(),
            u_sr_noise: SrNoiseGenerator::new(),
            u_sr_drift: SrFrequencyDrift::new(),
            u_energy: EnergyLandscape::new(),
            u_ctx_drift: CorticalFrequencyDrift::new(),
            u_qid: [QuarterIntegerDetector::new(); 5],
            u_chi: CouplingSusceptibility::new(),
            u_thalamus: Thalamus::new(),
            u_ca3: Ca3PhaseMemory::new(),
            col_sensory: CorticalColumn::with_params(CorticalColumnParams::SENSORY),
            col_assoc: CorticalColumn::with_params(CorticalColumnParams::ASSOCIATION),
            col_motor: CorticalColumn::with_params(CorticalColumnParams::MOTOR),
            u_kuramoto: KuramotoOrderParameter::new(),
            u_bnd_theta_alpha: BoundaryGenerator::new(),
            u_bnd_alpha_beta1: BoundaryGenerator::new(),
            u_bnd_beta1_beta2: BoundaryGenerator::new(),
            u_bicoherence: BicoherenceMonitor::new(),
            u_coupling_mode: CouplingModeController::new(),
            u_hsi: HarmonicSpacingIndex::new(),
            u_env: ENV_SEEDS_OUTPUT.map(output_envelope),
            u_pink: PinkNoiseGenerator::new(),
            u_mixer: OutputMixer::new(),
        }
    }

    /// Synchronous reset (the tick count returns to 0).
    pub fn reset(&mut self) {
        *self = Self::new(self.params);
    }

    /// Its parameters.
    pub fn params(&self) -> PhiNNeuralProcessorParams {
        self.params
    }

    /// Clock-enable edges since reset: the number of [`tick`](Self::tick) calls.
    #[inline(always)]
    pub fn tick_count(&self) -> u64 {
        self.tick
    }

    /// The CA3 input pattern (5.4): bit 2c is column c's L2/3, bit 2c+1 its L6, set while the
    /// enveloped output exceeds 0.25.
    #[inline(always)]
    pub fn cortical_pattern(&self) -> u8 {
        let mut p = 0u8;
        for (c, col) in [&self.col_sensory, &self.col_assoc, &self.col_motor]
            .iter()
            .enumerate()
        {
            let (l23_out, l6_out) = col.l23_l6_out();
            p |= u8::from(i64::from(l23_out) > PATTERN_THRESHOLD) << (2 * c);
            p |= u8::from(i64::from(l6_out) > PATTERN_THRESHOLD) << (2 * c + 1);
        }
        p
    }

    /// [`Self::cortical_pattern`] from the three columns' outputs already computed from the same
    /// registers (in `tick`): the same bits, without re-deriving the enveloped outputs.
    #[inline(always)]
    fn pattern_of(
        s: &CorticalColumnOutputs,
        a: &CorticalColumnOutputs,
        m: &CorticalColumnOutputs,
    ) -> u8 {
        let mut p = 0u8;
        for (c, o) in [s, a, m].iter().enumerate() {
            p |= u8::from(i64::from(o.l23_out) > PATTERN_THRESHOLD) << (2 * c);
            p |= u8::from(i64::from(o.l6_out) > PATTERN_THRESHOLD) << (2 * c + 1);
        }
        p
    }

    /// The SR drift and OMEGA_DT words the thalamus sees (centre values with drift off).
    #[inline(always)]
    fn sr_drift_omega(&self) -> ([i64; 5], [i32; 5]) {
        if self.params.sr_drift_enable {
            let o = self.u_sr_drift.outputs();
            (o.drift.map(i64::from), o.omega_dt)
        } else {
            ([0; 5], OMEGA_DT_SR.map(|v| v as i32))
        }
    }

    /// One clock-enable edge: every net between the children from the registers before the edge,
    /// then every child steps.
    // Not `#[inline]`: the step is compiled once, here. Marked inline, it was instantiated and
    // optimised again in every crate and test binary that calls it, which made up most of the
    // workspace's release build (docs/performance.md, "Build time"); a call per tick costs
    // nothing beside the step's ~5,000 instructions.
    pub fn tick(&mut self, i: &PhiNNeuralProcessorInputs) -> PhiNNeuralProcessorOutputs {
        let adaptive = self.params.enable_adaptive;
        self.tick += 1;
        // ---- nets from the registers (and the top's inputs)
        let cfg = self.u_config.outputs();
        let sie = self.u_sie.outputs();
        let noise = if self.params.sr_stochastic_enable {
            self.u_sr_noise.outputs().noise
        } else {
            [0; 5]
        };
        let (sr_drift, omega_dt_sr) = self.sr_drift_omega();
        let ctx = self.u_ctx_drift.outputs();
        let force = self.u_energy.force;
        let stability = self.u_qid.map(|q| q.stability);
        let th = self.u_thalamus.outputs();
        let bank = &self.u_thalamus.u_sr_bank;
        let sr_coherence = bank.sr_coherence;
        let f0_x = bank.u_f[0].u_core.x;
        let ca3 = self.u_ca3.outputs();
        let s = self.col_sensory.outputs();
        let a = self.col_assoc.outputs();
        let m = self.col_motor.outputs();
        // s, a, m are the columns' outputs from these same registers: the pattern is theirs.
        let pattern = Self::pattern_of(&s, &a, &m);
        let triad_sync = self.u_bicoherence.triad_sync;
        let bp = [
            self.u_bnd_theta_alpha.boundary_power(),
            self.u_bnd_alpha_beta1.boundary_power(),
            self.u_bnd_beta1_beta2.boundary_power(),
        ];
        let bp01 = if bp[0] > bp[1] { bp[0] } else { bp[1] };
        let boundary_power = if bp01 > bp[2] { bp01 } else { bp[2] };
        let env = self.u_env.map(|e| e.outputs().envelope);
        let pink = self.u_pink.outputs().pink_out;

        let d = ctx.omega_drift.map(i64::from); // L6, L5a, L5b, L4, L2/3
        let n_layers: [i32; 5] =
            std::array::from_fn(|k| exponent(N_LAYERS[k], d[k], DN_LAYERS[k]) as i32);
        let n_sr: [i64; 5] = std::array::from_fn(|k| exponent(N_SR[k], sr_drift[k], DN_SR[k]));
        let n_f1_f0 = w18(n_sr[1] - n_sr[0]);
        let omega_l6 = w18(OMEGA_DT_L6 + d[0]) as i32;
        let omega_l5a = w18(OMEGA_DT_L5A + d[1]) as i32;
        let omega_l5b = w18(OMEGA_DT_L5B + d[2]) as i32;
        let omega_l23 = w18(OMEGA_DT_L23_SLOW + d[4]) as i32;
        let theta_omega = OMEGA_DT_THETA as i32;

        // The SIE's synchrony: 2 × the SR gain × the coupling mode's harmonic gain (both in
        // [0, 1.0]) drives the columns' triad coupling (0 … 2.0).
        let harmonic_gain = self.u_coupling_mode.harmonic_gain;
        let sync_gain = w18(asr(
            mul_s(i64::from(sie.sie_gain), i64::from(harmonic_gain), 36),
            SYNC_SHIFT,
        )) as i32;
        let column = |ff: i32, fb1: i32, fb2: i32, c: usize| CorticalColumnInputs {
            mu_dt_l6: cfg.mu_dt[1],
            mu_dt_l5b: cfg.mu_dt[2],
            mu_dt_l5a: cfg.mu_dt[3],
            mu_dt_l4: cfg.mu_dt[4],
            mu_dt_l23: cfg.mu_dt[5],
            omega_drift_l6: ctx.omega_drift[0],
            omega_drift_l5a: ctx.omega_drift[1],
            omega_drift_l5b: ctx.omega_drift[2],
            omega_drift_l4: ctx.omega_drift[3],
            omega_drift_l23: ctx.omega_drift[4],
            thalamic_input: th.thalamic_output,
            feedforward_input: ff,
            matrix_input: th.matrix_output,
            fb1_input: fb1,
            fb2_input: fb2,
            attention_input: 0,
            theta_x: th.theta_x,
            theta_y: th.theta_y,
            sync_gain,
            encoding_window: th.encoding_window,
            phase_pattern: (ca3.phase_pattern >> (2 * c)) & 3,
        };
        let in_sensory = column(0, a.l5b_out, m.l5b_out, 0);
        let in_assoc = column(s.l23_out, m.l5b_out, s.l5b_out, 1);
        let in_motor = column(a.l23_out, a.l5b_out, s.l5b_out, 2);

        // ---- every child on the same edge, in the RTL's declaration order
        self.u_config.tick(&ConfigControllerInputs {
            state_select: i.state_select & 7,
            transition_duration: i.transition_duration,
        });
        self.u_sie.tick(&SrIgnitionControllerInputs {
            coherence_in: sr_coherence,
            beta_amplitude: m.l5a_amplitude,
            ignition_trigger: i.ignition_trigger,
            sie_dur: cfg.sie_dur,
        });
        self.u_sr_noise.tick();
        self.u_sr_drift.tick();
        self.u_energy.tick(&EnergyLandscapeInputs {
            adaptive_en: adaptive,
            n: n_layers,
        });
        self.u_ctx_drift.tick(&CorticalFrequencyDriftInputs {
            adaptive_en: adaptive,
            force: force.map(|f| asr(i64::from(f), FORCE_SHIFT) as i32),
        });
        for (q, n) in self.u_qid.iter_mut().zip(n_sr) {
            q.tick(&QuarterIntegerDetectorInputs { n: n as i32 });
        }
        self.u_chi
            .tick(&CouplingSusceptibilityInputs { n: n_f1_f0 as i32 });
        self.u_thalamus.tick(&ThalamusInputs {
            mu_dt: cfg.mu_dt[0],
            sr_mu_dt: SR_MU_DT as i32,
            sensory_input: w18(i64::from(i.sensory_input)) as i32,
            sensory_gain: SENSORY_GAIN as i32,
            l6: [s.l6_x, a.l6_x, m.l6_x],
            l5b: [s.l5b_x, a.l5b_x, m.l5b_x],
            target_x: [m.l6_x, m.l5a_x, m.l5b_x, m.l4_x],
            target_y: [m.l6_y, m.l5a_y, m.l5b_y, m.l4_y],
            beta_amplitude: m.l5a_amplitude,
            omega_dt: omega_dt_sr,
            noise,
            sr_field_input: w18(i64::from(i.sr_field_input)) as i32,
            sr_field: i.sr_field.map(|f| w18(i64::from(f)) as i32),
            adaptive_en: adaptive,
            stability,
        });
        self.u_ca3.tick(&Ca3PhaseMemoryInputs {
            theta_x: th.theta_x,
            pattern_in: pattern,
        });
        self.col_sensory.tick(&in_sensory);
        self.col_assoc.tick(&in_assoc);
        self.col_motor.tick(&in_motor);
        // The Kuramoto and bicoherence monitors both take the RTL function `unit` of theta and
        // the motor column's layers (the bicoherence monitor all but L4): computed once here,
        // the same values each module's `tick` would compute from these (x, y).
        let ux = [th.theta_x, m.l6_x, m.l5a_x, m.l5b_x, m.l4_x, m.l23_x];
        let uy = [th.theta_y, m.l6_y, m.l5a_y, m.l5b_y, m.l4_y, m.l23_y];
        let units: [(i64, i64); 6] =
            std::array::from_fn(|k| unit_pair(i64::from(ux[k]), i64::from(uy[k])));
        self.u_kuramoto.tick_units(&units);
        self.u_bnd_theta_alpha.tick(&BoundaryGeneratorInputs {
            mu_dt: cfg.mu_dt[0],
            omega: [theta_omega, omega_l6],
            x: [th.theta_x, m.l6_x],
            amp: [th.theta_amplitude, m.l6_amplitude],
        });
        self.u_bnd_alpha_beta1.tick(&BoundaryGeneratorInputs {
            mu_dt: cfg.mu_dt[1],
            omega: [omega_l6, omega_l5a],
            x: [m.l6_x, m.l5a_x],
            amp: [m.l6_amplitude, m.l5a_amplitude],
        });
        self.u_bnd_beta1_beta2.tick(&BoundaryGeneratorInputs {
            mu_dt: cfg.mu_dt[3],
            omega: [omega_l5a, omega_l5b],
            x: [m.l5a_x, m.l5b_x],
            amp: [m.l5a_amplitude, m.l5b_amplitude],
        });
        self.u_bicoherence
            .tick_units(&[units[0], units[1], units[2], units[3], units[5]]);
        self.u_coupling_mode.tick(&CouplingModeControllerInputs {
            sync_order: triad_sync,
            boundary_power: boundary_power as i32,
            sie_active: sie.sie_active,
            sie_decay_phase: sie.sie_decay_phase,
            force_harmonic: cfg.force_harmonic,
        });
        self.u_hsi.tick(&HarmonicSpacingIndexInputs {
            omega: [theta_omega, omega_l6, omega_l5a, omega_l5b, omega_l23],
        });
        for e in &mut self.u_env {
            e.tick();
        }
        self.u_pink.tick();
        self.u_mixer.tick(&OutputMixerInputs {
            theta_in: th.theta_x,
            alpha_in: m.l6_x,
            beta_in: m.l5a_x,
            gamma_in: m.l23_x,
            pink_in: pink,
            env_theta: env[0],
            env_alpha: env[1],
            env_beta: env[2],
            env_gamma: env[3],
            sie_gain: sie.sie_gain,
            sr_in: f0_x,
            mu: [cfg.mu_dt[0], cfg.mu_dt[1], cfg.mu_dt[3], cfg.mu_dt[5]],
        });
        self.outputs()
    }

    /// The top's output ports, from the registers.
    pub fn outputs(&self) -> PhiNNeuralProcessorOutputs {
        let th = self.u_thalamus.outputs();
        let bank = &self.u_thalamus.u_sr_bank;
        let ca3 = self.u_ca3.outputs();
        let cfg = self.u_config.outputs();
        let f0 = bank.u_f[0].outputs();
        PhiNNeuralProcessorOutputs {
            dac_output: self.u_mixer.dac_output,
            debug_motor_l23: self.col_motor.u_l23.x,
            debug_theta: th.theta_x,
            ca3_learning: ca3.learning,
            ca3_recalling: ca3.recalling,
            ca3_phase_pattern: ca3.phase_pattern,
            cortical_pattern_out: self.cortical_pattern(),
            f0_x: f0.x,
            f0_y: f0.y,
            f0_amplitude: f0.amplitude,
            sr_f_x_packed: bank.u_f.map(|f| f.outputs().x),
            sr_coherence_packed: bank.coherence,
            sie_per_harmonic: bank.sie_per_harmonic,
            coherence_mask: bank.coherence_mask,
            sr_coherence: bank.sr_coherence,
            sr_amplification: bank.sr_amplification,
            beta_quiet: bank.beta_quiet,
            theta_phase: th.theta_phase,
            state_transitioning: cfg.transitioning,
            state_transition_progress: cfg.transition_progress,
            state_transition_from: cfg.transition_from,
            state_transition_to: cfg.transition_to,
        }
    }
}

/// Output ports in RTL order with (width, signed); the 90-bit packed ports are listed as their
/// five 18-bit fields `name[18h+17:18h]` (compared signals are at most 64 bits).
fn port_table(prefix: &str, out: &mut Vec<Signal>) {
    let mut p = |name: &str, w: u32, s: bool| out.push(Signal::new(prefix, name, w, s));
    p("dac_output", 12, false);
    p("debug_motor_l23", WIDTH, true);
    p("debug_theta", WIDTH, true);
    p("ca3_learning", 1, false);
    p("ca3_recalling", 1, false);
    p("ca3_phase_pattern", 6, false);
    p("cortical_pattern_out", 6, false);
    p("f0_x", WIDTH, true);
    p("f0_y", WIDTH, true);
    p("f0_amplitude", WIDTH, true);
    for name in ["sr_f_x_packed", "sr_coherence_packed"] {
        for h in 0..5 {
            let lo = 18 * h;
            p(&format!("{name}[{}:{lo}]", lo + 17), WIDTH, true);
        }
    }
    p("sie_per_harmonic", 5, false);
    p("coherence_mask", 5, false);
    p("sr_coherence", WIDTH, true);
    p("sr_amplification", WIDTH, true);
    p("beta_quiet", 1, false);
    p("theta_phase", 3, false);
    p("state_transitioning", 1, false);
    p("state_transition_progress", 16, false);
    p("state_transition_from", 3, false);
    p("state_transition_to", 3, false);
}

/// Instance names of the four output envelopes.
const ENV_NAMES: [&str; 4] = ["u_env_theta", "u_env_alpha", "u_env_beta", "u_env_gamma"];

impl Observable for PhiNNeuralProcessor {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        port_table(prefix, out);
        let sub = |name: &str| format!("{prefix}{name}.");
        ClockEnableGenerator::signals(&sub("u_clk_en"), out);
        ConfigController::signals(&sub("u_config"), out);
        SrIgnitionController::signals(&sub("u_sie"), out);
        SrNoiseGenerator::signals(&sub("u_sr_noise"), out);
        SrFrequencyDrift::signals(&sub("u_sr_drift"), out);
        EnergyLandscape::signals(&sub("u_energy"), out);
        CorticalFrequencyDrift::signals(&sub("u_ctx_drift"), out);
        for h in 0..5 {
            QuarterIntegerDetector::signals(&sub(&format!("u_qid_f{h}")), out);
        }
        CouplingSusceptibility::signals(&sub("u_chi"), out);
        Thalamus::signals(&sub("u_thalamus"), out);
        Ca3PhaseMemory::signals(&sub("u_ca3"), out);
        CorticalColumn::signals(&sub("col_sensory"), out);
        CorticalColumn::signals(&sub("col_assoc"), out);
        CorticalColumn::signals(&sub("col_motor"), out);
        KuramotoOrderParameter::signals(&sub("u_kuramoto"), out);
        BoundaryGenerator::signals(&sub("u_bnd_theta_alpha"), out);
        BoundaryGenerator::signals(&sub("u_bnd_alpha_beta1"), out);
        BoundaryGenerator::signals(&sub("u_bnd_beta1_beta2"), out);
        BicoherenceMonitor::signals(&sub("u_bicoherence"), out);
        CouplingModeController::signals(&sub("u_coupling_mode"), out);
        HarmonicSpacingIndex::signals(&sub("u_hsi"), out);
        for name in ENV_NAMES {
            AmplitudeEnvelopeGenerator::signals(&sub(name), out);
        }
        PinkNoiseGenerator::signals(&sub("u_pink"), out);
        OutputMixer::signals(&sub("u_mixer"), out);
    }

    fn sample_one(&self, index: usize) -> u64 {
        match Self::child_map().locate(index) {
            None => self.port_word(index),
            Some((k, i)) => self.child(k).sample_one(i),
        }
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        let Some((k, i)) = Self::child_map().locate(index) else {
            return Box::new(move |p: &P| get(p).port_word(index));
        };
        match k {
            0 => ClockEnableGenerator::accessor_via(i, move |p: &P| &get(p).u_clk_en),
            1 => ConfigController::accessor_via(i, move |p: &P| &get(p).u_config),
            2 => SrIgnitionController::accessor_via(i, move |p: &P| &get(p).u_sie),
            3 => SrNoiseGenerator::accessor_via(i, move |p: &P| &get(p).u_sr_noise),
            4 => SrFrequencyDrift::accessor_via(i, move |p: &P| &get(p).u_sr_drift),
            5 => EnergyLandscape::accessor_via(i, move |p: &P| &get(p).u_energy),
            6 => CorticalFrequencyDrift::accessor_via(i, move |p: &P| &get(p).u_ctx_drift),
            7..12 => {
                let h = k - 7;
                QuarterIntegerDetector::accessor_via(i, move |p: &P| &get(p).u_qid[h])
            }
            12 => CouplingSusceptibility::accessor_via(i, move |p: &P| &get(p).u_chi),
            13 => Thalamus::accessor_via(i, move |p: &P| &get(p).u_thalamus),
            14 => Ca3PhaseMemory::accessor_via(i, move |p: &P| &get(p).u_ca3),
            15 => CorticalColumn::accessor_via(i, move |p: &P| &get(p).col_sensory),
            16 => CorticalColumn::accessor_via(i, move |p: &P| &get(p).col_assoc),
            17 => CorticalColumn::accessor_via(i, move |p: &P| &get(p).col_motor),
            18 => KuramotoOrderParameter::accessor_via(i, move |p: &P| &get(p).u_kuramoto),
            19 => BoundaryGenerator::accessor_via(i, move |p: &P| &get(p).u_bnd_theta_alpha),
            20 => BoundaryGenerator::accessor_via(i, move |p: &P| &get(p).u_bnd_alpha_beta1),
            21 => BoundaryGenerator::accessor_via(i, move |p: &P| &get(p).u_bnd_beta1_beta2),
            22 => BicoherenceMonitor::accessor_via(i, move |p: &P| &get(p).u_bicoherence),
            23 => CouplingModeController::accessor_via(i, move |p: &P| &get(p).u_coupling_mode),
            24 => HarmonicSpacingIndex::accessor_via(i, move |p: &P| &get(p).u_hsi),
            25..29 => {
                let e = k - 25;
                AmplitudeEnvelopeGenerator::accessor_via(i, move |p: &P| &get(p).u_env[e])
            }
            29 => PinkNoiseGenerator::accessor_via(i, move |p: &P| &get(p).u_pink),
            _ => OutputMixer::accessor_via(i, move |p: &P| &get(p).u_mixer),
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        // Every child by its own type (static calls, in `child` order): this runs once per tick
        // in lockstep and in the golden digests.
        out[..NUM_PORT_WORDS].copy_from_slice(&self.port_words());
        let mut n = NUM_PORT_WORDS;
        n += self.u_clk_en.sample(&mut out[n..]);
        n += self.u_config.sample(&mut out[n..]);
        n += self.u_sie.sample(&mut out[n..]);
        n += self.u_sr_noise.sample(&mut out[n..]);
        n += self.u_sr_drift.sample(&mut out[n..]);
        n += self.u_energy.sample(&mut out[n..]);
        n += self.u_ctx_drift.sample(&mut out[n..]);
        for q in &self.u_qid {
            n += q.sample(&mut out[n..]);
        }
        n += self.u_chi.sample(&mut out[n..]);
        n += self.u_thalamus.sample(&mut out[n..]);
        n += self.u_ca3.sample(&mut out[n..]);
        n += self.col_sensory.sample(&mut out[n..]);
        n += self.col_assoc.sample(&mut out[n..]);
        n += self.col_motor.sample(&mut out[n..]);
        n += self.u_kuramoto.sample(&mut out[n..]);
        n += self.u_bnd_theta_alpha.sample(&mut out[n..]);
        n += self.u_bnd_alpha_beta1.sample(&mut out[n..]);
        n += self.u_bnd_beta1_beta2.sample(&mut out[n..]);
        n += self.u_bicoherence.sample(&mut out[n..]);
        n += self.u_coupling_mode.sample(&mut out[n..]);
        n += self.u_hsi.sample(&mut out[n..]);
        for e in &self.u_env {
            n += e.sample(&mut out[n..]);
        }
        n += self.u_pink.sample(&mut out[n..]);
        n += self.u_mixer.sample(&mut out[n..]);
        n
    }
}

/// Children of the top in the signal table.
const NUM_CHILDREN: usize = 31;

/// Output port words in the signal table: 20 ports, the two 90-bit packed ports as 5 words each.
const NUM_PORT_WORDS: usize = 30;

impl PhiNNeuralProcessor {
    /// Where each signal after the output ports lives: child k of [`Self::child`].
    fn child_map() -> &'static ChildMap {
        static MAP: std::sync::OnceLock<ChildMap> = std::sync::OnceLock::new();
        MAP.get_or_init(|| {
            let mut lens = vec![
                table_len::<ClockEnableGenerator>(),
                table_len::<ConfigController>(),
                table_len::<SrIgnitionController>(),
                table_len::<SrNoiseGenerator>(),
                table_len::<SrFrequencyDrift>(),
                table_len::<EnergyLandscape>(),
                table_len::<CorticalFrequencyDrift>(),
            ];
            lens.extend([table_len::<QuarterIntegerDetector>(); 5]);
            lens.extend([
                table_len::<CouplingSusceptibility>(),
                table_len::<Thalamus>(),
                table_len::<Ca3PhaseMemory>(),
            ]);
            lens.extend([table_len::<CorticalColumn>(); 3]);
            lens.push(table_len::<KuramotoOrderParameter>());
            lens.extend([table_len::<BoundaryGenerator>(); 3]);
            lens.extend([
                table_len::<BicoherenceMonitor>(),
                table_len::<CouplingModeController>(),
                table_len::<HarmonicSpacingIndex>(),
            ]);
            lens.extend([table_len::<AmplitudeEnvelopeGenerator>(); 4]);
            lens.extend([
                table_len::<PinkNoiseGenerator>(),
                table_len::<OutputMixer>(),
            ]);
            ChildMap::new(NUM_PORT_WORDS, &lens)
        })
    }

    /// The raw output port words, in [`port_table`] order.
    fn port_words(&self) -> [u64; NUM_PORT_WORDS] {
        std::array::from_fn(|k| self.port_word(k))
    }

    /// Output port word `k` of [`port_table`], read from the registers that drive it (only
    /// those: recording one port costs a few instructions, not the whole output bundle).
    fn port_word(&self, k: usize) -> u64 {
        let b = |v: bool| u64::from(v);
        let s18 = |v: i32| raw(i64::from(v), WIDTH);
        let bank = &self.u_thalamus.u_sr_bank;
        let cfg = &self.u_config;
        match k {
            0 => u64::from(self.u_mixer.dac_output),
            1 => s18(self.col_motor.u_l23.x),
            2 => s18(self.u_thalamus.u_theta.x),
            3 => b(self.u_ca3.outputs().learning),
            4 => b(self.u_ca3.outputs().recalling),
            5 => u64::from(self.u_ca3.phase_pattern),
            6 => u64::from(self.cortical_pattern()),
            7 => s18(bank.u_f[0].u_core.x),
            8 => s18(bank.u_f[0].u_core.y),
            9 => s18(bank.u_f[0].outputs().amplitude),
            10..15 => s18(bank.u_f[k - 10].u_core.x),
            15..20 => s18(bank.coherence[k - 15]),
            20 => u64::from(bank.sie_per_harmonic),
            21 => u64::from(bank.coherence_mask),
            22 => s18(bank.sr_coherence),
            23 => s18(bank.sr_amplification),
            24 => b(bank.beta_quiet),
            25 => u64::from(self.u_thalamus.theta_phase),
            26 => b(cfg.transitioning),
            27 => u64::from(cfg.transition_progress),
            28 => u64::from(cfg.transition_from),
            29 => u64::from(cfg.transition_to),
            _ => panic!("port word {k} of {NUM_PORT_WORDS}"),
        }
    }

    /// Child `k` of the signal table (the RTL's declaration order).
    fn child(&self, k: usize) -> &dyn Observable {
        match k {
            0 => &self.u_clk_en,
            1 => &self.u_config,
            2 => &self.u_sie,
            3 => &self.u_sr_noise,
            4 => &self.u_sr_drift,
            5 => &self.u_energy,
            6 => &self.u_ctx_drift,
            7..12 => &self.u_qid[k - 7],
            12 => &self.u_chi,
            13 => &self.u_thalamus,
            14 => &self.u_ca3,
            15 => &self.col_sensory,
            16 => &self.col_assoc,
            17 => &self.col_motor,
            18 => &self.u_kuramoto,
            19 => &self.u_bnd_theta_alpha,
            20 => &self.u_bnd_alpha_beta1,
            21 => &self.u_bnd_beta1_beta2,
            22 => &self.u_bicoherence,
            23 => &self.u_coupling_mode,
            24 => &self.u_hsi,
            25..29 => &self.u_env[k - 25],
            29 => &self.u_pink,
            30 => &self.u_mixer,
            _ => panic!("child {k} of {NUM_CHILDREN}"),
        }
    }
}
