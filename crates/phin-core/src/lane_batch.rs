//! [`LaneBatch`]: many processors stepped together in SIMD lanes, each bit-identical to a
//! [`PhiNNeuralProcessor`] stepped alone on the same inputs.
//!
//! Instances are held structure-of-arrays in groups of [`LANES`]: one register of a group holds
//! that register of eight instances ([`Lanes`]), and the children written over [`Lane`]
//! (`hopf_oscillator`, …) step all eight with one source of arithmetic — the same code the single
//! processor runs on one lane. Children not yet written over `Lane` step lane by lane from the
//! same nets (marked "per lane" below); they are exact either way, only slower.
//!
//! The group's tick is compiled three ways: with AVX-512 (F, DQ, VL), with AVX2, and portable
//! (the target's baseline, SSE2 on x86-64). A batch runs the fastest this machine has
//! ([`LaneBatch::isa`], [`LaneBatch::set_isa`]); all run the same source and give the same bits.
//!
//! Lanes of one group share the top's parameters ([`PhiNNeuralProcessorParams`]: booleans fixed
//! at build time in the RTL); a batch with several parameter sets holds one group per set, and
//! a group's unused lanes run an idle copy whose results nobody sees. Inputs differ per instance.
//!
//! ```
//! use phin_core::lane_batch::LaneBatch;
//! use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorParams};
//!
//! let params = [PhiNNeuralProcessorParams::DEFAULT; 10];
//! let mut lanes = LaneBatch::new(&params);
//! let mut i = phin_core::PhiNNeuralProcessorInputs::default();
//! i.sensory_input = 4_096;
//! lanes.set_inputs(3, i);
//! lanes.run(500);
//! let mut alone = PhiNNeuralProcessor::default();
//! for _ in 0..500 {
//!     alone.tick(&i);
//! }
//! assert_eq!(lanes.processor(3), alone);
//! ```

use crate::amplitude_envelope_generator::AmplitudeEnvelopeGeneratorL;
use crate::bicoherence_monitor::BicoherenceMonitorL;
use crate::boundary_generator::{BoundaryGeneratorInputsL, BoundaryGeneratorL};
use crate::ca3_phase_memory::{Ca3PhaseMemoryInputsL, Ca3PhaseMemoryL};
use crate::clock_enable_generator::ClockEnableGenerator;
use crate::config_controller::{ConfigController, ConfigControllerInputs};
use crate::constants::{
    DN_LAYERS, DN_SR, FORCE_SHIFT, N_LAYERS, N_SR, OMEGA_DT_L23_SLOW, OMEGA_DT_L5A, OMEGA_DT_L5B,
    OMEGA_DT_L6, OMEGA_DT_SR, OMEGA_DT_THETA, PATTERN_THRESHOLD, SENSORY_GAIN, SR_MU_DT,
    SYNC_SHIFT, WIDTH,
};
use crate::cortical_column::{CorticalColumnInputsL, CorticalColumnL};
use crate::cortical_frequency_drift::{CorticalFrequencyDrift, CorticalFrequencyDriftInputs};
use crate::coupling_mode_controller::{CouplingModeControllerInputsL, CouplingModeControllerL};
use crate::coupling_susceptibility::{CouplingSusceptibilityInputsL, CouplingSusceptibilityL};
use crate::energy_landscape::{EnergyLandscapeInputsL, EnergyLandscapeL};
use crate::harmonic_spacing_index::{HarmonicSpacingIndexInputsL, HarmonicSpacingIndexL};
use crate::kuramoto_order_parameter::{unit_pair_l, KuramotoOrderParameterL};
use crate::lane::{Lane, Lanes};
use crate::output_mixer::{OutputMixerInputsL, OutputMixerL};
use crate::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs,
    PhiNNeuralProcessorParams,
};
use crate::pink_noise_generator::PinkNoiseGeneratorL;
use crate::probe::Probe;
use crate::quarter_integer_detector::{QuarterIntegerDetectorInputsL, QuarterIntegerDetectorL};
use crate::sr_frequency_drift::SrFrequencyDrift;
use crate::sr_ignition_controller::{SrIgnitionControllerInputsL, SrIgnitionControllerL};
use crate::sr_noise_generator::SrNoiseGeneratorL;
use crate::thalamus::{ThalamusInputsL, ThalamusL};

/// Instances per group: eight `i64` lanes are two AVX2 registers or one AVX-512 register.
pub const LANES: usize = 8;

/// One register of a group.
type L = Lanes<LANES>;

/// `Lanes` from a per-lane value.
#[inline(always)]
fn ln(f: impl FnMut(usize) -> i64) -> L {
    L::from_fn(f)
}

/// The 18-bit value of a port word.
#[inline(always)]
fn w18(v: L) -> L {
    v.wrap_s(WIDTH)
}

/// `n = N + drift · DN`, 18-bit.
#[inline(always)]
fn exponent(n: i64, drift: L, dn: i64) -> L {
    w18(L::splat(n) + w18(drift).mul32(L::splat(dn)))
}

/// `LANES` processors with one parameter set, structure of arrays: the top's children, each
/// either written over [`Lane`] (all lanes in one) or an array of per-lane children.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) params: PhiNNeuralProcessorParams,
    /// Each lane's tick count.
    pub(crate) tick: [u64; LANES],
    /// `u_clk_en`: the same in every lane (held one clock past the wrap, as the scalar top holds
    /// it).
    pub(crate) u_clk_en: ClockEnableGenerator,
    pub(crate) u_config: [ConfigController; LANES],
    pub(crate) u_sie: SrIgnitionControllerL<L>,
    pub(crate) u_sr_noise: SrNoiseGeneratorL<L>,
    pub(crate) u_sr_drift: [SrFrequencyDrift; LANES],
    pub(crate) u_energy: EnergyLandscapeL<L>,
    pub(crate) u_ctx_drift: [CorticalFrequencyDrift; LANES],
    pub(crate) u_qid: [QuarterIntegerDetectorL<L>; 5],
    pub(crate) u_chi: CouplingSusceptibilityL<L>,
    pub(crate) u_thalamus: ThalamusL<L>,
    pub(crate) u_ca3: Ca3PhaseMemoryL<L>,
    pub(crate) col_sensory: CorticalColumnL<L>,
    pub(crate) col_assoc: CorticalColumnL<L>,
    pub(crate) col_motor: CorticalColumnL<L>,
    pub(crate) u_kuramoto: KuramotoOrderParameterL<L>,
    pub(crate) u_bnd_theta_alpha: BoundaryGeneratorL<L>,
    pub(crate) u_bnd_alpha_beta1: BoundaryGeneratorL<L>,
    pub(crate) u_bnd_beta1_beta2: BoundaryGeneratorL<L>,
    pub(crate) u_bicoherence: BicoherenceMonitorL<L>,
    pub(crate) u_coupling_mode: CouplingModeControllerL<L>,
    pub(crate) u_hsi: HarmonicSpacingIndexL<L>,
    pub(crate) u_env: [AmplitudeEnvelopeGeneratorL<L>; 4],
    pub(crate) u_pink: PinkNoiseGeneratorL<L>,
    pub(crate) u_mixer: OutputMixerL<L>,
}

impl Group {
    /// Lane k is processor `p(k)`; every processor must have `params`.
    fn gather<'a>(
        params: PhiNNeuralProcessorParams,
        p: impl Fn(usize) -> &'a PhiNNeuralProcessor,
    ) -> Group {
        Group {
            params,
            tick: std::array::from_fn(|k| p(k).tick),
            u_clk_en: p(0).u_clk_en,
            u_config: std::array::from_fn(|k| p(k).u_config),
            u_sie: SrIgnitionControllerL::gather(|k| p(k).u_sie),
            u_sr_noise: SrNoiseGeneratorL::gather(|k| p(k).u_sr_noise),
            u_sr_drift: std::array::from_fn(|k| p(k).u_sr_drift),
            u_energy: EnergyLandscapeL::gather(|k| p(k).u_energy),
            u_ctx_drift: std::array::from_fn(|k| p(k).u_ctx_drift),
            u_qid: std::array::from_fn(|h| QuarterIntegerDetectorL::gather(|k| p(k).u_qid[h])),
            u_chi: CouplingSusceptibilityL::gather(|k| p(k).u_chi),
            u_thalamus: ThalamusL::gather(|k| p(k).u_thalamus),
            u_ca3: Ca3PhaseMemoryL::gather(|k| p(k).u_ca3),
            col_sensory: CorticalColumnL::gather(|k| p(k).col_sensory),
            col_assoc: CorticalColumnL::gather(|k| p(k).col_assoc),
            col_motor: CorticalColumnL::gather(|k| p(k).col_motor),
            u_kuramoto: KuramotoOrderParameterL::gather(|k| p(k).u_kuramoto),
            u_bnd_theta_alpha: BoundaryGeneratorL::gather(|k| p(k).u_bnd_theta_alpha),
            u_bnd_alpha_beta1: BoundaryGeneratorL::gather(|k| p(k).u_bnd_alpha_beta1),
            u_bnd_beta1_beta2: BoundaryGeneratorL::gather(|k| p(k).u_bnd_beta1_beta2),
            u_bicoherence: BicoherenceMonitorL::gather(|k| p(k).u_bicoherence),
            u_coupling_mode: CouplingModeControllerL::gather(|k| p(k).u_coupling_mode),
            u_hsi: HarmonicSpacingIndexL::gather(|k| p(k).u_hsi),
            u_env: std::array::from_fn(|e| AmplitudeEnvelopeGeneratorL::gather(|k| p(k).u_env[e])),
            u_pink: PinkNoiseGeneratorL::gather(|k| p(k).u_pink),
            u_mixer: OutputMixerL::gather(|k| p(k).u_mixer),
        }
    }

    /// Lane k as a whole processor.
    pub(crate) fn lane(&self, k: usize) -> PhiNNeuralProcessor {
        PhiNNeuralProcessor {
            params: self.params,
            tick: self.tick[k],
            u_clk_en: self.u_clk_en,
            u_config: self.u_config[k],
            u_sie: self.u_sie.lane(k),
            u_sr_noise: self.u_sr_noise.lane(k),
            u_sr_drift: self.u_sr_drift[k],
            u_energy: self.u_energy.lane(k),
            u_ctx_drift: self.u_ctx_drift[k],
            u_qid: self.u_qid.map(|q| q.lane(k)),
            u_chi: self.u_chi.lane(k),
            u_thalamus: self.u_thalamus.lane(k),
            u_ca3: self.u_ca3.lane(k),
            col_sensory: self.col_sensory.lane(k),
            col_assoc: self.col_assoc.lane(k),
            col_motor: self.col_motor.lane(k),
            u_kuramoto: self.u_kuramoto.lane(k),
            u_bnd_theta_alpha: self.u_bnd_theta_alpha.lane(k),
            u_bnd_alpha_beta1: self.u_bnd_alpha_beta1.lane(k),
            u_bnd_beta1_beta2: self.u_bnd_beta1_beta2.lane(k),
            u_bicoherence: self.u_bicoherence.lane(k),
            u_coupling_mode: self.u_coupling_mode.lane(k),
            u_hsi: self.u_hsi.lane(k),
            u_env: self.u_env.map(|e| e.lane(k)),
            u_pink: self.u_pink.lane(k),
            u_mixer: self.u_mixer.lane(k),
        }
    }

    /// Puts processor `p` into lane k (its parameters must be the group's).
    fn set_lane(&mut self, k: usize, p: &PhiNNeuralProcessor) {
        let mut lanes: [PhiNNeuralProcessor; LANES] = std::array::from_fn(|j| self.lane(j));
        lanes[k] = p.clone();
        *self = Group::gather(self.params, |j| &lanes[j]);
    }

    /// One clock-enable edge on every lane: the scalar top's `tick`, net for net, with every
    /// net a lane register. Mirrors `PhiNNeuralProcessor::tick` line by line; the lane-against-
    /// scalar tests hold the two equal.
    #[inline(always)]
    fn tick<K: Kernels>(&mut self, i: &[PhiNNeuralProcessorInputs; LANES]) {
        let adaptive = self.params.enable_adaptive;
        let adaptive_l = L::splat(i64::from(adaptive));
        for t in &mut self.tick {
            *t += 1;
        }
        // ---- nets from the registers (and the top's inputs)
        // The per-lane children's outputs, transposed into lane registers in one pass each.
        let mut mu_dt = [L::splat(0); 6];
        let mut force_harmonic = L::splat(0);
        let mut sie_dur = [L::splat(0); 6];
        let sie = self.u_sie.outputs();
        let (sie_gain, sie_active, sie_decay_phase) =
            (sie.sie_gain, sie.sie_active, sie.sie_decay_phase);
        let mut ctx_d = [L::splat(0); 5];
        for k in 0..LANES {
            let c = self.u_config[k].outputs();
            for j in 0..6 {
                mu_dt[j].0[k] = i64::from(c.mu_dt[j]);
            }
            force_harmonic.0[k] = i64::from(c.force_harmonic);
            for j in 0..6 {
                sie_dur[j].0[k] = i64::from(c.sie_dur[j]);
            }
            let o = self.u_ctx_drift[k].outputs();
            for l in 0..5 {
                ctx_d[l].0[k] = i64::from(o.omega_drift[l]);
            }
        }
        let noise = if self.params.sr_stochastic_enable {
            self.u_sr_noise.outputs().noise
        } else {
            [L::splat(0); 5]
        };
        let (mut sr_drift, mut omega_dt_sr) = ([L::splat(0); 5], OMEGA_DT_SR.map(L::splat));
        if self.params.sr_drift_enable {
            for k in 0..LANES {
                let o = self.u_sr_drift[k].outputs();
                for h in 0..5 {
                    sr_drift[h].0[k] = i64::from(o.drift[h]);
                    omega_dt_sr[h].0[k] = i64::from(o.omega_dt[h]);
                }
            }
        }
        let force = self.u_energy.force;
        let stability: [L; 5] = std::array::from_fn(|h| self.u_qid[h].stability);
        let th = self.u_thalamus.outputs();
        let sr_coherence = self.u_thalamus.u_sr_bank.sr_coherence;
        let f0_x = self.u_thalamus.u_sr_bank.u_f[0].u_core.x;
        let ca3 = self.u_ca3.outputs();
        let s = self.col_sensory.outputs();
        let a = self.col_assoc.outputs();
        let m = self.col_motor.outputs();
        let (m_l6_x, m_l5a_x, m_l5b_x, m_l4_x, m_l23_x) =
            (m.l6_x, m.l5a_x, m.l5b_x, m.l4_x, m.l23_x);
        let (m_l6_y, m_l5a_y, m_l5b_y, m_l4_y, m_l23_y) =
            (m.l6_y, m.l5a_y, m.l5b_y, m.l4_y, m.l23_y);
        let (m_l6_amp, m_l5a_amp, m_l5b_amp) = (m.l6_amplitude, m.l5a_amplitude, m.l5b_amplitude);
        // The CA3 input pattern (5.4) from the columns' enveloped L2/3 and L6 outputs.
        let thr = L::splat(PATTERN_THRESHOLD);
        let mut pattern = L::splat(0);
        for (c, o) in [&s, &a, &m].iter().enumerate() {
            pattern = pattern
                | L::from_mask(o.l23_out.cmp_gt(thr)).shl(2 * c as u32, 8)
                | L::from_mask(o.l6_out.cmp_gt(thr)).shl(2 * c as u32 + 1, 8);
        }
        let triad_sync = self.u_bicoherence.triad_sync;
        let bp = [
            self.u_bnd_theta_alpha.boundary_power(),
            self.u_bnd_alpha_beta1.boundary_power(),
            self.u_bnd_beta1_beta2.boundary_power(),
        ];
        let bp01 = L::select(bp[0].cmp_gt(bp[1]), bp[0], bp[1]);
        let boundary_power = L::select(bp01.cmp_gt(bp[2]), bp01, bp[2]);
        let env: [L; 4] = std::array::from_fn(|e| self.u_env[e].outputs().envelope);
        let pink = self.u_pink.outputs().pink_out;

        let d = ctx_d;
        let n_layers: [L; 5] = std::array::from_fn(|l| exponent(N_LAYERS[l], d[l], DN_LAYERS[l]));
        let n_sr: [L; 5] = std::array::from_fn(|h| exponent(N_SR[h], sr_drift[h], DN_SR[h]));
        let n_f1_f0 = w18(n_sr[1] - n_sr[0]);
        let omega_l6 = w18(L::splat(OMEGA_DT_L6) + d[0]);
        let omega_l5a = w18(L::splat(OMEGA_DT_L5A) + d[1]);
        let omega_l5b = w18(L::splat(OMEGA_DT_L5B) + d[2]);
        let omega_l23 = w18(L::splat(OMEGA_DT_L23_SLOW) + d[4]);
        let theta_omega = L::splat(OMEGA_DT_THETA);

        // The SIE's synchrony gain into the columns' triad coupling (see the scalar top).
        let harmonic_gain = self.u_coupling_mode.harmonic_gain;
        let sync_gain = w18(sie_gain.mul32(harmonic_gain).wrap_s(36).asr(SYNC_SHIFT));

        // ---- every child on the same edge, in the RTL's declaration order
        for k in 0..LANES {
            // per lane
            self.u_config[k].tick(&ConfigControllerInputs {
                state_select: i[k].state_select & 7,
                transition_duration: i[k].transition_duration,
            });
            self.u_sr_drift[k].tick();
            self.u_ctx_drift[k].tick(&CorticalFrequencyDriftInputs {
                adaptive_en: adaptive,
                force: force.map(|f| f.asr(FORCE_SHIFT).lane(k) as i32),
            });
        }
        K::sie(
            &mut self.u_sie,
            &SrIgnitionControllerInputsL {
                coherence_in: sr_coherence,
                beta_amplitude: m.l5a_amplitude,
                ignition_trigger: ln(|k| i64::from(i[k].ignition_trigger)),
                sie_dur,
            },
        );
        K::sr_noise(&mut self.u_sr_noise);
        K::energy(
            &mut self.u_energy,
            &EnergyLandscapeInputsL {
                adaptive_en: adaptive_l,
                n: n_layers,
            },
        );
        for (q, n) in self.u_qid.iter_mut().zip(n_sr) {
            K::qid(q, &QuarterIntegerDetectorInputsL { n });
        }
        K::chi(
            &mut self.u_chi,
            &CouplingSusceptibilityInputsL { n: n_f1_f0 },
        );
        let sr_field: [L; 5] = std::array::from_fn(|h| w18(ln(|k| i64::from(i[k].sr_field[h]))));
        K::thalamus(
            &mut self.u_thalamus,
            &ThalamusInputsL {
                mu_dt: mu_dt[0],
                sr_mu_dt: L::splat(SR_MU_DT),
                sensory_input: w18(ln(|k| i64::from(i[k].sensory_input))),
                sensory_gain: L::splat(SENSORY_GAIN),
                l6: [s.l6_x, a.l6_x, m.l6_x],
                l5b: [s.l5b_x, a.l5b_x, m.l5b_x],
                target_x: [m.l6_x, m.l5a_x, m.l5b_x, m.l4_x],
                target_y: [m.l6_y, m.l5a_y, m.l5b_y, m.l4_y],
                beta_amplitude: m.l5a_amplitude,
                omega_dt: omega_dt_sr,
                noise,
                sr_field_input: w18(ln(|k| i64::from(i[k].sr_field_input))),
                sr_field,
                adaptive_en: adaptive_l,
                stability,
            },
        );
        K::ca3(
            &mut self.u_ca3,
            &Ca3PhaseMemoryInputsL {
                theta_x: th.theta_x,
                pattern_in: pattern,
            },
        );
        let ca3_pattern = ca3.phase_pattern;
        let column = |ff: L, fb1: L, fb2: L, c: u32| CorticalColumnInputsL {
            mu_dt_l6: mu_dt[1],
            mu_dt_l5b: mu_dt[2],
            mu_dt_l5a: mu_dt[3],
            mu_dt_l4: mu_dt[4],
            mu_dt_l23: mu_dt[5],
            omega_drift_l6: d[0],
            omega_drift_l5a: d[1],
            omega_drift_l5b: d[2],
            omega_drift_l4: d[3],
            omega_drift_l23: d[4],
            thalamic_input: th.thalamic_output,
            feedforward_input: ff,
            matrix_input: th.matrix_output,
            fb1_input: fb1,
            fb2_input: fb2,
            attention_input: L::splat(0),
            theta_x: th.theta_x,
            theta_y: th.theta_y,
            sync_gain,
            encoding_window: th.encoding_window,
            phase_pattern: ca3_pattern.lsr(8, 2 * c) & L::splat(3),
        };
        K::column(
            &mut self.col_sensory,
            &column(L::splat(0), a.l5b_out, m.l5b_out, 0),
        );
        K::column(
            &mut self.col_assoc,
            &column(s.l23_out, m.l5b_out, s.l5b_out, 1),
        );
        K::column(
            &mut self.col_motor,
            &column(a.l23_out, a.l5b_out, s.l5b_out, 2),
        );
        // The unit vectors of theta and the motor column's layers, shared by the Kuramoto and
        // bicoherence monitors (as in the scalar top).
        let ux = [th.theta_x, m_l6_x, m_l5a_x, m_l5b_x, m_l4_x, m_l23_x];
        let uy = [th.theta_y, m_l6_y, m_l5a_y, m_l5b_y, m_l4_y, m_l23_y];
        let units: [(L, L); 6] = std::array::from_fn(|j| unit_pair_l(ux[j], uy[j]));
        K::kuramoto(&mut self.u_kuramoto, &units);
        K::boundary(
            &mut self.u_bnd_theta_alpha,
            &BoundaryGeneratorInputsL {
                mu_dt: mu_dt[0],
                omega: [theta_omega, omega_l6],
                x: [th.theta_x, m_l6_x],
                amp: [th.theta_amplitude, m_l6_amp],
            },
        );
        K::boundary(
            &mut self.u_bnd_alpha_beta1,
            &BoundaryGeneratorInputsL {
                mu_dt: mu_dt[1],
                omega: [omega_l6, omega_l5a],
                x: [m_l6_x, m_l5a_x],
                amp: [m_l6_amp, m_l5a_amp],
            },
        );
        K::boundary(
            &mut self.u_bnd_beta1_beta2,
            &BoundaryGeneratorInputsL {
                mu_dt: mu_dt[3],
                omega: [omega_l5a, omega_l5b],
                x: [m_l5a_x, m_l5b_x],
                amp: [m_l5a_amp, m_l5b_amp],
            },
        );
        K::bicoherence(
            &mut self.u_bicoherence,
            &[units[0], units[1], units[2], units[3], units[5]],
        );
        K::coupling_mode(
            &mut self.u_coupling_mode,
            &CouplingModeControllerInputsL {
                sync_order: triad_sync,
                boundary_power,
                sie_active,
                sie_decay_phase,
                force_harmonic,
            },
        );
        K::hsi(
            &mut self.u_hsi,
            &HarmonicSpacingIndexInputsL {
                omega: [theta_omega, omega_l6, omega_l5a, omega_l5b, omega_l23],
            },
        );
        for e in &mut self.u_env {
            K::env(e);
        }
        K::pink(&mut self.u_pink);
        K::mixer(
            &mut self.u_mixer,
            &OutputMixerInputsL {
                theta_in: th.theta_x,
                alpha_in: m_l6_x,
                beta_in: m_l5a_x,
                gamma_in: m_l23_x,
                pink_in: pink,
                env_theta: env[0],
                env_alpha: env[1],
                env_beta: env[2],
                env_gamma: env[3],
                sie_gain,
                sr_in: f0_x,
                mu: [mu_dt[0], mu_dt[1], mu_dt[3], mu_dt[5]],
            },
        );
    }
}

/// An instruction set the group's tick is compiled for. Every copy runs the same source and gives
/// the same bits; they differ only in speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    /// AVX-512 F/DQ/VL: one 512-bit register per lane register.
    Avx512,
    /// AVX2: two 256-bit registers per lane register.
    Avx2,
    /// Portable: whatever the compile target has (SSE2 on x86-64).
    Portable,
}

impl Isa {
    /// Every copy, fastest first.
    const ALL: [Isa; 3] = [Isa::Avx512, Isa::Avx2, Isa::Portable];

    fn name(self) -> &'static str {
        match self {
            Isa::Avx512 => "avx512",
            Isa::Avx2 => "avx2",
            Isa::Portable => "portable",
        }
    }

    /// Whether this copy is compiled in and this CPU can run it.
    fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => {
                is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512vl")
                    && is_x86_feature_detected!("avx2")
            }
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => is_x86_feature_detected!("avx2"),
            Isa::Portable => true,
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// The copy named `name`, if compiled in and runnable here.
    fn by_name(name: &str) -> Result<Isa, String> {
        let available: Vec<&str> = Isa::ALL
            .iter()
            .filter(|i| i.available())
            .map(|i| i.name())
            .collect();
        match Isa::ALL.iter().find(|i| i.name() == name) {
            Some(&i) if i.available() => Ok(i),
            _ => Err(format!(
                "lane instruction set `{name}`: this machine runs one of {}",
                available.join(", ")
            )),
        }
    }

    /// The fastest copy this machine runs.
    fn best() -> Isa {
        *Isa::ALL
            .iter()
            .find(|i| i.available())
            .unwrap_or(&Isa::Portable)
    }
}

/// The children the group's tick calls out of line, one function per child type, each compiled
/// once per instruction set: `Portable`, and on x86-64 `Avx512` and `Avx2` (the children's code
/// built with those target features, and called only where [`Isa::available`] holds).
///
/// Why out of line: inlined whole, the group's tick is one function so large that LLVM's
/// optimisation time grows much faster than its size — a copy cost 100 s of compile time,
/// measured, and the library took 218 s to build with two copies; with the children out of line
/// it takes 19 s with two. The calls pass inputs through memory: the engine is about 5 % slower
/// for it (docs/performance.md, "The lane engine").
///
/// `kernel_list!(m!(args))` expands `m!{(args) <the children>}`, so every copy below is made from
/// the one list.
macro_rules! kernel_list {
    ($m:ident!($($args:tt)*)) => {
        $m! {
            ($($args)*)
        /// `u_sie`.
        fn sie(c: &mut SrIgnitionControllerL<L>, i: &SrIgnitionControllerInputsL<L>) { c.tick(i); }
        /// `u_sr_noise`.
        fn sr_noise(c: &mut SrNoiseGeneratorL<L>) { c.tick(); }
        /// `u_energy`.
        fn energy(c: &mut EnergyLandscapeL<L>, i: &EnergyLandscapeInputsL<L>) { c.tick(i); }
        /// Each of `u_qid`.
        fn qid(c: &mut QuarterIntegerDetectorL<L>, i: &QuarterIntegerDetectorInputsL<L>) { c.tick(i); }
        /// `u_chi`.
        fn chi(c: &mut CouplingSusceptibilityL<L>, i: &CouplingSusceptibilityInputsL<L>) { c.tick(i); }
        /// `u_thalamus`.
        fn thalamus(c: &mut ThalamusL<L>, i: &ThalamusInputsL<L>) { c.tick(i); }
        /// `u_ca3`.
        fn ca3(c: &mut Ca3PhaseMemoryL<L>, i: &Ca3PhaseMemoryInputsL<L>) { c.tick(i); }
        /// Each of the three columns.
        fn column(c: &mut CorticalColumnL<L>, i: &CorticalColumnInputsL<L>) { c.tick(i); }
        /// `u_kuramoto`, from the shared unit vectors.
        fn kuramoto(c: &mut KuramotoOrderParameterL<L>, u: &[(L, L); 6]) { c.tick_units(u); }
        /// Each of the three boundary generators.
        fn boundary(c: &mut BoundaryGeneratorL<L>, i: &BoundaryGeneratorInputsL<L>) { c.tick(i); }
        /// `u_bicoherence`, from the shared unit vectors.
        fn bicoherence(c: &mut BicoherenceMonitorL<L>, u: &[(L, L); 5]) { c.tick_units(u); }
        /// `u_coupling_mode`.
        fn coupling_mode(c: &mut CouplingModeControllerL<L>, i: &CouplingModeControllerInputsL<L>) {
            c.tick(i);
        }
        /// `u_hsi`.
        fn hsi(c: &mut HarmonicSpacingIndexL<L>, i: &HarmonicSpacingIndexInputsL<L>) { c.tick(i); }
        /// Each of `u_env`.
        fn env(c: &mut AmplitudeEnvelopeGeneratorL<L>) { c.tick(); }
        /// `u_pink`.
        fn pink(c: &mut PinkNoiseGeneratorL<L>) { c.tick(); }
        /// `u_mixer`.
        fn mixer(c: &mut OutputMixerL<L>, i: &OutputMixerInputsL<L>) { c.tick(i); }
        }
    };
}

/// The trait every copy implements, from the list.
macro_rules! kernel_trait {
    (() $($(#[doc = $doc:literal])* fn $name:ident($($a:ident: $t:ty),*) $body:block)*) => {
        /// One instruction set's copy of every out-of-line child.
        trait Kernels {
            $($(#[doc = $doc])* fn $name($($a: $t),*);)*
        }
    };
}

/// The portable copy, from the list.
macro_rules! kernels_portable {
    (() $($(#[doc = $doc:literal])* fn $name:ident($($a:ident: $t:ty),*) $body:block)*) => {
        /// The children compiled for the target's baseline.
        struct Portable;

        impl Kernels for Portable {
            $(#[inline(never)] fn $name($($a: $t),*) $body)*
        }
    };
}

/// A copy compiled with target features `$features`, from the list: `$marker` implements
/// `Kernels` by calling the functions of module `$module`.
macro_rules! kernels_with_features {
    (
        ($marker:ident, $module:ident, $features:literal)
        $($(#[doc = $doc:literal])* fn $name:ident($($a:ident: $t:ty),*) $body:block)*
    ) => {
        #[doc = concat!("The children compiled with target features `", $features, "`.")]
        #[cfg(target_arch = "x86_64")]
        struct $marker;

        #[cfg(target_arch = "x86_64")]
        mod $module {
            use super::*;
            $(
                #[target_feature(enable = $features)]
                #[inline(never)]
                pub(super) fn $name($($a: $t),*) $body
            )*
        }

        #[cfg(target_arch = "x86_64")]
        impl Kernels for $marker {
            $(
                #[inline(always)]
                fn $name($($a: $t),*) {
                    // SAFETY: the marker is used only by the group runner of its instruction
                    // set, which `run_dispatch` calls only when `Isa::available` holds for it.
                    unsafe { $module::$name($($a),*) }
                }
            )*
        }
    };
}

kernel_list!(kernel_trait!());
kernel_list!(kernels_portable!());
kernel_list!(kernels_with_features!(
    Avx512,
    avx512,
    "avx512f,avx512dq,avx512vl,avx2"
));
kernel_list!(kernels_with_features!(Avx2, avx2, "avx2"));

#[inline(always)]
fn run_group<K: Kernels>(g: &mut Group, i: &[PhiNNeuralProcessorInputs; LANES], n: u64) {
    for _ in 0..n {
        g.tick::<K>(i);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2")]
fn run_group_avx512(g: &mut Group, i: &[PhiNNeuralProcessorInputs; LANES], n: u64) {
    run_group::<Avx512>(g, i, n)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_group_avx2(g: &mut Group, i: &[PhiNNeuralProcessorInputs; LANES], n: u64) {
    run_group::<Avx2>(g, i, n)
}

#[inline(never)]
fn run_group_portable(g: &mut Group, i: &[PhiNNeuralProcessorInputs; LANES], n: u64) {
    run_group::<Portable>(g, i, n)
}

/// The group's tick `n` times with the inputs held, in copy `isa`, which must be available
/// (`LaneBatch` only holds an available one).
fn run_dispatch(isa: Isa, g: &mut Group, i: &[PhiNNeuralProcessorInputs; LANES], n: u64) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `LaneBatch` holds only an `Isa` for which `available` held: this CPU has
        // AVX-512 F, DQ, VL and AVX2.
        Isa::Avx512 => unsafe { run_group_avx512(g, i, n) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above, this CPU has AVX2.
        Isa::Avx2 => unsafe { run_group_avx2(g, i, n) },
        _ => run_group_portable(g, i, n),
    }
}

/// `n` ticks of a closed loop on one group: before each tick, every member lane's inputs from
/// `drive` and a probe of that lane; then the group's tick. Returns `(instance, state)` pairs.
fn drive_group<S>(
    isa: Isa,
    g: &mut Group,
    inputs: &mut [PhiNNeuralProcessorInputs; LANES],
    members: [Option<usize>; LANES],
    n: u64,
    init: &impl Fn(usize) -> S,
    drive: &impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs,
) -> Vec<(usize, S)> {
    let mut states: Vec<(usize, usize, S)> = members
        .iter()
        .enumerate()
        .filter_map(|(l, m)| m.map(|k| (l, k, init(k))))
        .collect();
    for t in 0..n {
        for (l, _, s) in &mut states {
            inputs[*l] = drive(s, t, Probe::of_lane(g, *l));
        }
        run_dispatch(isa, g, inputs, 1);
    }
    states.into_iter().map(|(_, k, s)| (k, s)).collect()
}

/// Many processors in SIMD lanes: the same results as a [`ProcessorBatch`](crate::batch::ProcessorBatch)
/// (instance k is exactly a processor stepped alone on instance k's inputs). Stepping allocates
/// nothing.
///
/// Speed, one thread, against the single model per instance-tick (docs/performance.md): 1.8×
/// faster on a CPU with AVX-512; with AVX2 only, 0.87× (slower), and portable code about half —
/// without AVX-512 a [`ProcessorBatch`](crate::batch::ProcessorBatch) is the faster choice.
#[derive(Clone, Debug)]
pub struct LaneBatch {
    groups: Vec<Group>,
    /// Instance k lives in group `slot[k].0`, lane `slot[k].1`.
    slot: Vec<(usize, usize)>,
    /// The inputs of every lane of every group (unused lanes: the default inputs).
    lane_inputs: Vec<[PhiNNeuralProcessorInputs; LANES]>,
    isa: Isa,
}

impl LaneBatch {
    /// `params.len()` processors in their reset state; instance k has `params[k]`.
    pub fn new(params: &[PhiNNeuralProcessorParams]) -> LaneBatch {
        let procs: Vec<PhiNNeuralProcessor> = params
            .iter()
            .map(|&p| PhiNNeuralProcessor::new(p))
            .collect();
        LaneBatch::from_processors(&procs)
    }

    /// A batch holding copies of these processors, in any state (instance k is `procs[k]`).
    pub fn from_processors(procs: &[PhiNNeuralProcessor]) -> LaneBatch {
        // Instances with the same parameters share groups, in order of first appearance.
        let mut sets: Vec<(PhiNNeuralProcessorParams, Vec<usize>)> = Vec::new();
        for (k, p) in procs.iter().enumerate() {
            match sets.iter_mut().find(|(q, _)| *q == p.params) {
                Some((_, ks)) => ks.push(k),
                None => sets.push((p.params, vec![k])),
            }
        }
        let mut groups = Vec::new();
        let mut slot = vec![(0, 0); procs.len()];
        for (params, ks) in sets {
            let idle = PhiNNeuralProcessor::new(params);
            for chunk in ks.chunks(LANES) {
                let g = groups.len();
                for (lane, &k) in chunk.iter().enumerate() {
                    slot[k] = (g, lane);
                }
                groups.push(Group::gather(params, |lane| {
                    chunk.get(lane).map_or(&idle, |&k| &procs[k])
                }));
            }
        }
        let lane_inputs = vec![[PhiNNeuralProcessorInputs::default(); LANES]; groups.len()];
        LaneBatch {
            groups,
            slot,
            lane_inputs,
            isa: Isa::best(),
        }
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.slot.len()
    }

    /// True when the batch holds no instance.
    pub fn is_empty(&self) -> bool {
        self.slot.is_empty()
    }

    /// The instruction set the lanes run on: "avx512", "avx2" or "portable". A new batch runs
    /// the fastest this machine has; [`set_isa`](Self::set_isa) picks another.
    pub fn isa(&self) -> &'static str {
        self.isa.name()
    }

    /// The instruction sets this machine can run the lanes on, fastest first (always ends with
    /// "portable").
    pub fn isas() -> Vec<&'static str> {
        Isa::ALL
            .iter()
            .filter(|i| i.available())
            .map(|i| i.name())
            .collect()
    }

    /// Runs the lanes on instruction set `name` (one of [`isas`](Self::isas)) from now on. The
    /// results are the same bits on every one; only the speed differs.
    ///
    /// # Errors
    /// `name` is not one of `isas()` on this machine; the message lists those.
    pub fn set_isa(&mut self, name: &str) -> Result<(), String> {
        self.isa = Isa::by_name(name)?;
        Ok(())
    }

    /// Instance k's inputs.
    pub fn inputs(&self, k: usize) -> PhiNNeuralProcessorInputs {
        let (g, l) = self.slot[k];
        self.lane_inputs[g][l]
    }

    /// Sets instance k's inputs (held until changed).
    pub fn set_inputs(&mut self, k: usize, i: PhiNNeuralProcessorInputs) {
        let (g, l) = self.slot[k];
        self.lane_inputs[g][l] = i;
    }

    /// Sets every instance's inputs.
    pub fn set_all_inputs(&mut self, i: &PhiNNeuralProcessorInputs) {
        for k in 0..self.len() {
            self.set_inputs(k, *i);
        }
    }

    /// Every instance one tick.
    pub fn step(&mut self) {
        self.run(1);
    }

    /// Every instance `n` ticks with its inputs held, on the calling thread.
    pub fn run(&mut self, n: u64) {
        let isa = self.isa;
        for (g, i) in self.groups.iter_mut().zip(&self.lane_inputs) {
            run_dispatch(isa, g, i, n);
        }
    }

    /// Every instance `n` ticks with its inputs held, the groups spread over rayon's threads.
    #[cfg(feature = "rayon")]
    pub fn par_run(&mut self, n: u64) {
        use rayon::prelude::*;
        let isa = self.isa;
        self.groups
            .par_iter_mut()
            .zip(self.lane_inputs.par_iter())
            .for_each(|(g, i)| run_dispatch(isa, g, i, n));
    }

    /// The instances of group `g`, by lane (`None`: an idle lane).
    fn members(&self, g: usize) -> [Option<usize>; LANES] {
        let mut m = [None; LANES];
        for (k, &(gk, l)) in self.slot.iter().enumerate() {
            if gk == g {
                m[l] = Some(k);
            }
        }
        m
    }

    /// `n` ticks of a closed loop on the calling thread: before each tick `t` (0-based within
    /// the run), `drive(state, t, probe)` gives instance `k` its inputs from its own state (made
    /// by `init(k)`) and a [`Probe`] of the instance as it stands. Returns the states in instance
    /// order; afterwards [`inputs`](Self::inputs) hold the last inputs each instance was given.
    ///
    /// The same contract as [`ProcessorBatch::drive`](crate::batch::ProcessorBatch::drive):
    /// bit-identical to stepping each instance alone with the same drive. Instances are taken a
    /// group at a time (all ticks of one group, then the next), so `init` and `drive` run in that
    /// order; each instance sees only its own state.
    pub fn drive<S>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S,
        drive: impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs,
    ) -> Vec<S> {
        let mut states: Vec<Option<S>> = (0..self.len()).map(|_| None).collect();
        let isa = self.isa;
        for g in 0..self.groups.len() {
            let members = self.members(g);
            let done = drive_group(
                isa,
                &mut self.groups[g],
                &mut self.lane_inputs[g],
                members,
                n,
                &init,
                &drive,
            );
            for (k, s) in done {
                states[k] = Some(s);
            }
        }
        states.into_iter().flatten().collect()
    }

    /// [`drive`](Self::drive) with the groups spread over rayon's threads (each group through all
    /// its ticks on one thread). Bit-identical to `drive`.
    #[cfg(feature = "rayon")]
    pub fn par_drive<S: Send>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S + Sync,
        drive: impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs + Sync,
    ) -> Vec<S> {
        use rayon::prelude::*;
        let isa = self.isa;
        let members: Vec<[Option<usize>; LANES]> =
            (0..self.groups.len()).map(|g| self.members(g)).collect();
        let done: Vec<Vec<(usize, S)>> = self
            .groups
            .par_iter_mut()
            .zip(self.lane_inputs.par_iter_mut())
            .zip(members.into_par_iter())
            .map(|((g, i), m)| drive_group(isa, g, i, m, n, &init, &drive))
            .collect();
        let mut states: Vec<Option<S>> = (0..self.len()).map(|_| None).collect();
        for (k, s) in done.into_iter().flatten() {
            states[k] = Some(s);
        }
        states.into_iter().flatten().collect()
    }

    /// Instance k as a whole processor (a copy): probe it, snapshot it, checkpoint it or step it
    /// on alone.
    pub fn processor(&self, k: usize) -> PhiNNeuralProcessor {
        let (g, l) = self.slot[k];
        self.groups[g].lane(l)
    }

    /// Replaces instance k by a copy of `p`, which must have instance k's parameters.
    ///
    /// # Errors
    /// The parameters differ from instance k's (the lanes of a group share them).
    pub fn set_processor(&mut self, k: usize, p: &PhiNNeuralProcessor) -> Result<(), String> {
        let (g, l) = self.slot[k];
        if p.params != self.groups[g].params {
            return Err(format!(
                "set_processor: instance {k} has parameters {:?}, the processor {:?}",
                self.groups[g].params, p.params
            ));
        }
        self.groups[g].set_lane(l, p);
        Ok(())
    }

    /// Instance k's output ports now (computed from its registers).
    pub fn outputs(&self, k: usize) -> PhiNNeuralProcessorOutputs {
        self.processor(k).outputs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane::LaneMask;

    /// The masks of lane code compile for `LanesMask` (used by the group's pattern).
    #[test]
    fn mask_type_is_the_lanes_mask() {
        let m = L::splat(3).cmp_gt(L::splat(2));
        assert!(m.all());
    }
}
