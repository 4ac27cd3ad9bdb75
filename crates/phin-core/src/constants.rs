//! Every constant the RTL names, with the same name and value, in one place.
//!
//! Each RTL file declares the `localparam`s it uses with exactly these values; the model uses them
//! from here. Q14 words are Q4.14 (18-bit signed, 14 fractional bits) unless a comment says
//! otherwise; the decimal meaning is in the comment. Section numbers refer to
//! the processor description, phi-n-processor-system-description.md (docs/sources.md).

/// Clock enables (model ticks) per simulated second: the 4 kHz update rate (section 9.1).
pub const TICK_HZ: f64 = 4_000.0;
/// Word width (`WIDTH`), bits.
pub const WIDTH: u32 = crate::fixed_point::WIDTH;
/// Fractional bits (`FRAC`).
pub const FRAC: u32 = crate::fixed_point::FRAC;

// ---------------------------------------------------------------------------------------------
// hopf_oscillator (section 1.1)
// ---------------------------------------------------------------------------------------------

/// Integration step dt = 0.00025 s in Q14 (4.096, rounded to 4).
pub const DT: i64 = 4;
/// r² above which the amplitude correction acts: 1.0625.
pub const R2_THRESH: i64 = 17_408;
/// 2.0, the origin of the correction factor `2.0 - r²`.
pub const TWO_Q14: i64 = 32_768;
/// Smallest correction factor: 0.5.
pub const CORR_MIN: i64 = 8_192;
/// Largest correction factor: 1.0.
pub const CORR_MAX: i64 = 16_384;
/// Reset value of x: 0.5 (fast start-up, section 1.1).
pub const X_INIT: i64 = 8_192;
/// Reset value of y: 0.
pub const Y_INIT: i64 = 0;

// ---------------------------------------------------------------------------------------------
// Oscillator frequencies, OMEGA_DT = round(2π f dt 2^14) (section 2.1)
// ---------------------------------------------------------------------------------------------

/// Thalamic theta, 5.89 Hz.
pub const OMEGA_DT_THETA: i64 = 152;
/// Cortical L6 alpha, 9.53 Hz.
pub const OMEGA_DT_L6: i64 = 245;
/// Cortical L5a low beta, 15.42 Hz.
pub const OMEGA_DT_L5A: i64 = 397;
/// Cortical L5b high beta, 24.94 Hz.
pub const OMEGA_DT_L5B: i64 = 642;
/// Cortical L4, 31.73 Hz.
pub const OMEGA_DT_L4: i64 = 817;
/// Cortical L2/3 slow gamma (retrieval), 40.36 Hz.
pub const OMEGA_DT_L23_SLOW: i64 = 1_040;
/// Cortical L2/3 fast gamma (encoding), 65.3 Hz.
pub const OMEGA_DT_L23_FAST: i64 = 1_681;

/// Schumann-resonance centre frequencies f₀..f₄: 7.6, 13.75, 20, 25, 32 Hz (section 2.2).
pub const OMEGA_DT_SR: [i64; 5] = [196, 354, 514, 643, 823];
/// Schumann-resonance drift half-ranges in OMEGA_DT units: ±0.6, ±0.75, ±1, ±1.5, ±2 Hz.
pub const OMEGA_DT_SR_DRIFT: [i64; 5] = [15, 19, 26, 39, 51];

// ---------------------------------------------------------------------------------------------
// Growth rates (section 8.2): mu_dt = MU, so MU = 4 is μ = 1 (MU / DT) and r settles near 1.
// ---------------------------------------------------------------------------------------------

/// Every MU value the state table uses.
pub const MU_VALUES: [i64; 5] = [1, 2, 3, 4, 6];

// ---------------------------------------------------------------------------------------------
// sr_noise_generator (section 4.3)
// ---------------------------------------------------------------------------------------------

/// LFSR seeds of the five SR noise channels f₀..f₄.
pub const SR_NOISE_SEEDS: [u16; 5] = [0xACE1, 0x7B3F, 0xD4A9, 0x1E6C, 0x92F5];
/// LFSR shifts per tick in the SR noise generator: a fresh 16-bit word per sample.
pub const SR_NOISE_LFSR_STEPS: u32 = 16;
/// Centre subtracted from the 9-bit noise sample: 256 (≈0.0156).
pub const NOISE_CENTER: i64 = 256;
/// Bits of LFSR state that form one noise sample.
pub const NOISE_BITS: u32 = 9;

// =============================================================================================
// Clocking, consciousness states, SIE controller, pink noise, output mixer
// (sections 8, 9, 10.3, 10.5 and v11.2). One block per module.
// ======================================================================================
// ---------------------------------------------------------------------------------------------
// clock_enable_generator (section 9.1)
// ---------------------------------------------------------------------------------------------

/// 125 MHz clocks per 4 kHz enable pulse (`DIV_4K`, FAST_SIM = 0).
pub const DIV_4K: u32 = 31_250;
/// Clocks per 4 kHz enable pulse with FAST_SIM = 1 (~3000× speed-up).
pub const DIV_4K_FAST: u32 = 10;
/// 125 MHz clocks per reserved 100 kHz pulse (`DIV_100K`, FAST_SIM = 0).
pub const DIV_100K: u32 = 1_250;
/// Clocks per 100 kHz pulse with FAST_SIM = 1 (smallest divider that still pulses).
pub const DIV_100K_FAST: u32 = 2;

// ---------------------------------------------------------------------------------------------
// config_controller (section 8)
// ---------------------------------------------------------------------------------------------

/// State code NORMAL (0): balanced waking.
pub const STATE_NORMAL: u8 = 0;
/// State code ANESTHESIA (1): propofol-like.
pub const STATE_ANESTHESIA: u8 = 1;
/// State code PSYCHEDELIC (2): enhanced binding.
pub const STATE_PSYCHEDELIC: u8 = 2;
/// State code FLOW (3): motor-optimised.
pub const STATE_FLOW: u8 = 3;
/// State code MEDITATION (4): theta coherence; forces HARMONIC coupling.
pub const STATE_MEDITATION: u8 = 4;
/// Number of defined states; codes 5-7 request NORMAL.
pub const NUM_STATES: usize = 5;
/// The states' names, by code (lower case, as the CLI takes them).
pub const STATE_NAMES: [&str; NUM_STATES] =
    ["normal", "anesthesia", "psychedelic", "flow", "meditation"];
/// Section 8.2 MU table, row = state code, columns theta, L6, L5b, L5a, L4, L2/3 (mu_dt = MU).
pub const MU_TABLE: [[i64; 6]; NUM_STATES] = [
    [3, 3, 3, 3, 3, 3], // NORMAL (MU_MODERATE, v11.2)
    [2, 6, 2, 2, 1, 1], // ANESTHESIA
    [4, 1, 4, 4, 6, 6], // PSYCHEDELIC
    [4, 2, 6, 6, 4, 4], // FLOW
    [6, 6, 1, 1, 1, 2], // MEDITATION
];
/// Apical Ca²⁺ spike threshold per state, Q14 (description silent; ours):
/// 0.50, 0.80, 0.30, 0.40, 0.60.
pub const CA_THRESHOLD: [i64; NUM_STATES] = [8_192, 13_107, 4_915, 6_554, 9_830];
/// SIE phase durations per state in 4 kHz ticks, columns COHERENCE, IGNITION, PLATEAU,
/// PROPAGATION, DECAY, REFRACTORY. NORMAL is the section 10.3 table (3.5, 2.5, 2.5, 9, 4, 10 s);
/// the other rows are ours (the description only says the durations are state-dependent).
pub const SIE_DURATIONS: [[u16; 6]; NUM_STATES] = [
    [14_000, 10_000, 10_000, 36_000, 16_000, 40_000], // NORMAL
    [14_000, 10_000, 4_000, 16_000, 16_000, 60_000],  // ANESTHESIA
    [14_000, 10_000, 16_000, 48_000, 16_000, 20_000], // PSYCHEDELIC
    [14_000, 10_000, 10_000, 36_000, 16_000, 32_000], // FLOW
    [20_000, 10_000, 20_000, 48_000, 16_000, 24_000], // MEDITATION
];
/// `transition_progress` when a transition is complete.
pub const PROGRESS_FULL: u16 = 65_535;

// ---------------------------------------------------------------------------------------------
// sr_ignition_controller (section 10.3)
// ---------------------------------------------------------------------------------------------

/// SIE phase codes: BASELINE 0, COHERENCE 1, IGNITION 2, PLATEAU 3, PROPAGATION 4, DECAY 5,
/// REFRACTORY 6.
pub const PHASE_BASELINE: u8 = 0;
/// COHERENCE phase code.
pub const PHASE_COHERENCE: u8 = 1;
/// IGNITION phase code.
pub const PHASE_IGNITION: u8 = 2;
/// PLATEAU phase code.
pub const PHASE_PLATEAU: u8 = 3;
/// PROPAGATION phase code.
pub const PHASE_PROPAGATION: u8 = 4;
/// DECAY phase code.
pub const PHASE_DECAY: u8 = 5;
/// REFRACTORY phase code.
pub const PHASE_REFRACTORY: u8 = 6;
/// SIE gain outside events: 0 (v1.1, no tonic SR presence).
pub const GAIN_BASELINE: i64 = 0;
/// SIE gain at the end of COHERENCE: 0.20.
pub const GAIN_COHERENCE_END: i64 = 3_277;
/// SIE gain at the end of IGNITION and through PLATEAU: 1.0.
pub const GAIN_PEAK: i64 = 16_384;
/// SIE gain at the end of PROPAGATION: 0.60.
pub const GAIN_PROPAGATE_END: i64 = 9_830;
/// PLV at baseline and after DECAY: 0.45.
pub const PLV_BASELINE: i64 = 7_373;
/// PLV from the end of COHERENCE through PLATEAU: 0.80.
pub const PLV_PEAK: i64 = 13_107;
/// PLV at the end of PROPAGATION: 0.55.
pub const PLV_PROPAGATE_END: i64 = 9_011;
/// The legacy SIE coherence threshold 0.75 (section 4.1): the smoothed coherence must fall below
/// it to re-arm the controller after an event (`SIE_COHERENCE_THRESHOLD`).
pub const SIE_COHERENCE_THRESHOLD: i64 = 12_288;
/// Smoothed coherence above which BASELINE counts towards an event: 0.85 (`SIE_COHERENCE_ON`,
/// ours: above the processor's own noise, below a 0.5 broadband SR field's 0.89).
pub const SIE_COHERENCE_ON: i64 = 13_926;
/// Edges the smoothed coherence must stay above [`SIE_COHERENCE_ON`] (with beta quiet and the
/// controller armed) before an event starts: 0.25 s (`SIE_DWELL`, ours).
pub const SIE_DWELL: u16 = 1_000;
/// IIR shift of the coherence smoothing: τ = 2^11 ticks = 0.512 s (`COH_SHIFT`, ours).
pub const SIE_COH_SHIFT: u32 = 11;
/// IIR shift of the beta-amplitude smoothing: τ = 2^10 ticks = 0.256 s (`BETA_SHIFT`, ours).
pub const SIE_BETA_SHIFT: u32 = 10;
/// Width of `coherence_acc`: 18 + [`SIE_COH_SHIFT`] bits.
pub const SIE_COH_ACC_WIDTH: u32 = 29;
/// Width of `beta_acc`: 18 + [`SIE_BETA_SHIFT`] bits.
pub const SIE_BETA_ACC_WIDTH: u32 = 28;
/// Width of `dwell_timer`.
pub const SIE_DWELL_WIDTH: u32 = 12;

// ---------------------------------------------------------------------------------------------
// pink_noise_generator (section 9.2)
// ---------------------------------------------------------------------------------------------

/// √Fibonacci row weights W0..W11 (sum 53).
pub const PINK_WEIGHTS: [i64; 12] = [1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 9, 12];
/// Normalisation shift of the weighted sum (`>>> 2`).
pub const PINK_NORM_SHIFT: u32 = 2;
/// LFSR seed of the pink-noise generator (parameter `SEED`; description silent: ours).
pub const PINK_SEED: u16 = 0xC0DE;
/// LFSR shifts per tick: a fresh word for every row update.
pub const PINK_LFSR_STEPS: u32 = 16;
/// Bits of one row sample (signed): 10, so that the pink noise is 92 % of the DAC's power and the
/// mix keeps its headroom (`ROW_BITS`, ours; docs/spec/pink_noise_generator.md).
pub const PINK_ROW_BITS: u32 = 10;

// ---------------------------------------------------------------------------------------------
// output_mixer (sections 9.3, 10.5, v11.2)
// ---------------------------------------------------------------------------------------------

/// Theta mixing weight: 0.02.
pub const W_THETA: i64 = 328;
/// SR (f₀) mixing weight: 0.02, gated by the SIE gain (`W_SR`, ours).
pub const W_SR: i64 = 328;
/// 1/3 in Q16, rounded up: `(MU · 21846) >>> 2` is MU/3 in Q14 with MU 3 exactly 1.0
/// (`MU_SCALE`, the v11.4 MU-based amplitude scaling read with section 8.3's factors).
pub const MU_SCALE: i64 = 21_846;
/// MU values above this are clamped before the scaling (`MU_MAX`; the table's largest is 6).
pub const MU_MAX: i64 = 8;
/// Alpha mixing weight: 0.03.
pub const W_ALPHA: i64 = 492;
/// Beta mixing weight: 0.02.
pub const W_BETA: i64 = 328;
/// Gamma mixing weight: 0.01.
pub const W_GAMMA: i64 = 164;
/// Pink-noise mixing weight: 0.92.
pub const W_PINK: i64 = 15_073;
/// Mixer SIE boost slope: 0.4, so boost = 1.0 .. 1.4 for gain 0 .. 1.0 (v11.5).
pub const SIE_BOOST_K: i64 = 6_554;
/// Soft-limiter knee: 0.75 (v11.2); 2:1 compression above it.
pub const LIMIT_THRESHOLD: i64 = 12_288;
/// DAC offset: 1.0, so mixed = 0 maps to mid-scale 2048.
pub const DAC_OFFSET: i64 = 16_384;
/// Right shift from Q14 to 12-bit DAC codes (× 2048 / 16384).
pub const DAC_SHIFT: u32 = 3;
/// Largest DAC code.
pub const DAC_MAX: i64 = 4_095;
/// DAC code after reset (mid-scale).
pub const DAC_RESET: u16 = 2_048;
// Thalamus, sr_harmonic_bank, sr_frequency_drift, ca3_phase_memory
// (sections "Quarter-Integer φⁿ Theory", 3, 4, 5, 10.5).
// =============================================================================================

// ---- Quarter-integer φⁿ constants (Q14; these exceed Q4.14's 18 bits only where noted) -------

/// φ = 1.618.
pub const PHI_Q14: i64 = 26_510;
/// φ^0.25 = 1.128.
pub const PHI_0_25: i64 = 18_474;
/// φ^0.5 = √φ = 1.272.
pub const PHI_0_5: i64 = 20_833;
/// φ^0.75 as the description's table gives it: 1.278 (the true φ^0.75 is 1.435; see decisions).
pub const PHI_0_75: i64 = 20_935;
/// φ^1.25 = 1.825, the f₁ ratio.
pub const PHI_1_25: i64 = 29_899;
/// φ^1.5 = 2.058, the avoided position.
pub const PHI_1_5: i64 = 33_718;
/// φ² = 2.618.
pub const PHI_2_0: i64 = 42_891;
/// φ^2.5 = 3.330.
pub const PHI_2_5: i64 = 54_569;
/// The 2:1 harmonic ratio, 2.0.
pub const HARMONIC_2_1: i64 = 32_768;
/// f₁ as φ^1.25 predicts it: 13.82 Hz.
pub const OMEGA_DT_F1_THEORY: i64 = 356;

// ---- sr_harmonic_bank (section 4.1) -----------------------------------------------------------

/// Q-factor normalisation per mode f₀..f₄ (anchor f₂ = 1.0): 0.484, 0.613, 1.0, 0.549, 0.452.
pub const Q_NORM: [i64; 5] = [7_929, 10_051, 16_384, 8_995, 7_405];
/// Amplitude hierarchy per mode: 1.0, 0.85, 0.34, 0.15, 0.06.
pub const AMP_SCALE: [i64; 5] = [16_384, 13_926, 5_571, 2_458, 983];
/// Mode-selective SIE enhancement: 2.7×, 3.0×, 1.25×, 1.2×, 1.2×.
pub const SIE_ENHANCE: [i64; 5] = [44_237, 49_152, 20_480, 19_661, 19_661];
/// Beta-quiet threshold: 0.9375; beta amplitude below it enables SR sensitivity.
pub const BETA_QUIET_THRESH: i64 = 15_360;
/// 1 / 0.9375 in Q14 (1.0667): `round(2^28 / 15360)`, the beta factor's slope without a divider.
pub const BETA_INV_THRESH: i64 = 17_476;
/// Coherence threshold of the per-harmonic SIE flag: 0.75.
pub const COHERENCE_THRESH: i64 = 12_288;
/// Coherence where the coherence factor starts to rise: 0.5.
pub const COH_FACTOR_LO: i64 = 8_192;
/// Adaptive SIE enhancement floor: 1.2×.
pub const SIE_BASE_ENHANCE: i64 = 19_661;
/// Adaptive SIE enhancement per unit of instability: 1.8×.
pub const SIE_K_INSTABILITY: i64 = 29_491;

// ---- sr_frequency_drift (section 4.2) ---------------------------------------------------------

/// LFSR seeds of the five drift walks (chosen: distinct from the noise seeds of section 4.3).
pub const SR_DRIFT_SEEDS: [u16; 5] = [0x3C5A, 0xB7E2, 0x5D91, 0xE4C3, 0x29F8];
/// LFSR shifts per update: a fresh word for every direction draw.
pub const SR_DRIFT_LFSR_STEPS: u32 = 16;
/// Default `UPDATE_INTERVAL`: one update every 400 ticks (0.1 s), the simulation-scaled value.
pub const SR_DRIFT_UPDATE_INTERVAL: u32 = 400;
/// Real-time `UPDATE_INTERVAL`: one update every ~15 minutes (900 s × 4000 ticks/s).
pub const SR_DRIFT_UPDATE_INTERVAL_REALTIME: u32 = 3_600_000;

// ---- ca3_phase_memory (section 5) -------------------------------------------------------------

/// Hebbian increment per theta peak.
pub const LEARN_RATE: i64 = 2;
/// Weight saturation.
pub const WEIGHT_MAX: i64 = 100;
/// Decay decrement.
pub const DECAY_RATE: i64 = 1;
/// Theta cycles between decays.
pub const DECAY_INTERVAL: u32 = 10;
/// Recall threshold on the weighted cue sum (chosen; section 5.1 names it without a value).
pub const RECALL_THRESHOLD: i64 = 30;
/// Theta-peak hysteresis level: +0.25.
pub const CA3_HYST_HI: i64 = 4_096;
/// Theta-trough hysteresis level: −0.25.
pub const CA3_HYST_LO: i64 = -4_096;

// ---- thalamus (section 3, 10.5) ---------------------------------------------------------------

/// Direct L6 → thalamus inhibition: 0.1.
pub const K_L6_THAL: i64 = 1_638;
/// TRN amplification of L6 inhibition: 0.2.
pub const K_TRN: i64 = 3_277;
/// 1/3 for the L5b average of the matrix pathway.
pub const ONE_THIRD: i64 = 5_461;
/// 0.5, the centre of the theta gate.
pub const HALF_Q14: i64 = 8_192;
/// Distributed SIE boost of f₀ in the thalamus: 1.3×.
pub const SIE_BOOST_F0: i64 = 21_299;
/// Distributed SIE boost of f₁ in the thalamus: 1.2×.
pub const SIE_BOOST_F1: i64 = 19_661;
/// SR → theta entrainment coupling: 0.01 (chosen).
pub const K_SR_ENTRAIN: i64 = 164;
/// Hysteresis of the theta phase detector's turn (peak/trough) decision: 64 LSB (0.0039).
pub const PHASE_TURN_HYST: i64 = 64;
/// Shift of the theta DC-removal IIR (section 3.3).
pub const THETA_DC_SHIFT: u32 = 8;
/// Shift of the theta amplitude-tracking IIR (chosen).
pub const THETA_AMP_SHIFT: u32 = 8;
// Cortical columns, interneurons, dendrites, drift and envelopes (sections 6, 7, 10)
// =============================================================================================

// ---------------------------------------------------------------------------------------------
// pv_interneuron (section 7.2)
// ---------------------------------------------------------------------------------------------

/// PV+ leak rate alpha = dt/tau = 0.25 ms / 5 ms: 0.05.
pub const TAU_INV: i64 = 819;
/// Pyramidal → PV+ gain: 0.5.
pub const K_EXCITE: i64 = 8_192;
/// PV+ → pyramidal inhibition gain: 0.3.
pub const K_INHIB: i64 = 4_915;

// ---------------------------------------------------------------------------------------------
// layer1_minimal (sections 6.6, 7.4, 7.5)
// ---------------------------------------------------------------------------------------------

/// Matrix thalamus → L1: 0.15.
pub const K_MATRIX: i64 = 2_458;
/// Adjacent-column feedback → L1: 0.3.
pub const K_FB1: i64 = 4_915;
/// Distant-column feedback → L1: 0.2.
pub const K_FB2: i64 = 3_277;
/// SST+ IIR alpha = 0.25 ms / 25 ms: 0.01.
pub const SST_ALPHA: i64 = 164;
/// VIP+ IIR alpha = 0.25 ms / 50 ms: 0.005.
pub const VIP_ALPHA: i64 = 82;
/// Attention → VIP+ scaling: 0.5.
pub const K_VIP: i64 = 8_192;
/// Lowest apical gain: 0.5.
pub const GAIN_MIN: i64 = 8_192;
/// Highest apical gain: 1.5.
pub const GAIN_MAX: i64 = 24_576;

// ---------------------------------------------------------------------------------------------
// amplitude_envelope_generator (section 10.1)
// ---------------------------------------------------------------------------------------------

/// Envelope equilibrium: 1.0.
pub const ENVELOPE_MEAN: i64 = 16_384;
/// Envelope lower bound (default `ENV_MIN`): 0.5.
pub const ENVELOPE_MIN: i64 = 8_192;
/// Envelope upper bound (default `ENV_MAX`): 1.5.
pub const ENVELOPE_MAX: i64 = 24_576;
/// Extra fraction bits of the envelope accumulator: it is Q14 + 10 = Q24.
pub const ENV_EXT: u32 = 10;
/// Default `ALPHA` = dt/tau in Q24: round(2^24 / 14000) = 1198, tau = 3.5 s.
pub const ENV_ALPHA: i64 = 1_198;
/// Default `NOISE_AMPLITUDE` (Q14, description 100-150): 128, a step of up to ±512 LSB per 16 ms.
pub const ENV_NOISE_AMPLITUDE: i64 = 128;
/// Default `SEED` of the envelope LFSR.
pub const ENV_SEED: u16 = 0x5A3C;
/// Centre subtracted from the 13-bit envelope noise sample: 4096.
pub const ENV_NOISE_CENTER: i64 = 4_096;

// ---------------------------------------------------------------------------------------------
// cortical_frequency_drift (sections 10.2 and "Force-Based Frequency Drift")
// ---------------------------------------------------------------------------------------------

/// Slow-drift bound in OMEGA_DT units: 12 (0.466 Hz, the largest whole step within ±0.5 Hz).
pub const DRIFT_MAX: i64 = 12;
/// Ticks between slow-drift updates: 800 (0.2 s at 4 kHz).
pub const DRIFT_UPDATE_TICKS: i64 = 800;
/// Fast-jitter clamp in OMEGA_DT units: ±13 (±0.5 Hz).
pub const JITTER_MAX: i64 = 13;
/// Force-to-drift gain: 0.1.
pub const K_FORCE: i64 = 1_638;
/// Seeds of the five slow-drift LFSRs, layers L6, L5a, L5b, L4, L2/3.
pub const DRIFT_SEEDS: [u16; 5] = [0x3C5A, 0x9E37, 0x4F1B, 0xB2D6, 0x6A85];
/// Seeds of the five jitter LFSRs, layers L6, L5a, L5b, L4, L2/3.
pub const JITTER_SEEDS: [u16; 5] = [0xC3A5, 0x17E9, 0xD85C, 0x2B4F, 0x8F61];

// ---------------------------------------------------------------------------------------------
// dendritic_compartment (v9.5: two compartments, Ca²⁺ spike, BAC firing; design in its spec)
// ---------------------------------------------------------------------------------------------

/// Apical compartment leak alpha = 0.25 ms / 10 ms: 0.025.
pub const AP_ALPHA: i64 = 410;
/// Apical → soma coupling: 0.5.
pub const K_APICAL: i64 = 8_192;
/// Ca²⁺ plateau added to the soma while a Ca²⁺ spike lasts: 0.5.
pub const CA_AMP: i64 = 8_192;
/// Ca²⁺ plateau length: 80 ticks (20 ms).
pub const CA_TICKS: i64 = 80;
/// Basal drive above which a back-propagating AP is assumed: 0.5.
pub const BAP_THRESH: i64 = 8_192;

// ---------------------------------------------------------------------------------------------
// cortical_column (sections 6.2-6.6, 7.3; the v9.6 L6 gains are ours)
// ---------------------------------------------------------------------------------------------

/// L4 → L2/3 feedforward: 0.4.
pub const K_L4_L23: i64 = 6_554;
/// L2/3 → L5 (canonical pathway, into L5a and L5b): 0.3.
pub const K_L23_L5: i64 = 4_915;
/// L5b → L6 intra-column feedback: 0.2.
pub const K_L5_L6: i64 = 3_277;
/// Phase-amplitude coupling of theta onto L2/3: 0.2.
pub const K_PAC: i64 = 3_277;
/// Inter-column feedback (fb1) → L5b and L6: 0.2.
pub const K_FB_L5: i64 = 3_277;
/// L6 → L5a intra-column: 0.15.
pub const K_L6_L5A: i64 = 2_458;
/// L4 → L5a bypass: 0.1.
pub const K_L4_L5A: i64 = 1_638;
/// Theta phase coupling of the plastic layers (L2/3, L6): 0.25.
pub const K_PHASE: i64 = 4_096;
/// Layer drive per step: input_x = (K_DRIVE · drive) >>> FRAC, 1/256 (16 · DT; ours).
pub const K_DRIVE: i64 = 64;
/// L6 → L2/3 (v9.6 extended L6 connectivity; value ours): 0.1.
pub const K_L6_L23: i64 = 1_638;
/// L6 → L5b (v9.6 extended L6 connectivity; value ours): 0.1.
pub const K_L6_L5B: i64 = 1_638;
/// L6 → L1, added to the matrix drive (v9.6 extended L6 connectivity; value ours): 0.1.
pub const K_L6_L1: i64 = 1_638;
/// `pv_total` enters the L2/3 drive shifted right by 2 (0.25; `PV_DRIVE_SHIFT`, ours): at full
/// weight its in-phase part outweighs MU 1-2 and silences L2/3 (docs/spec/cortical_column.md).
pub const PV_DRIVE_SHIFT: u32 = 2;
/// Envelope LFSR seeds of the sensory column (RTL parameter defaults), L6, L5a, L5b, L4, L2/3.
pub const ENV_SEEDS_SENSORY: [u16; 5] = [0x1D2B, 0x2E3C, 0x3F4D, 0x4A5E, 0x5B6F];
/// Envelope LFSR seeds of the association column, L6, L5a, L5b, L4, L2/3.
pub const ENV_SEEDS_ASSOCIATION: [u16; 5] = [0x6C71, 0x7D82, 0x8E93, 0x9FA4, 0xA0B5];
/// Envelope LFSR seeds of the motor column, L6, L5a, L5b, L4, L2/3.
pub const ENV_SEEDS_MOTOR: [u16; 5] = [0xB1C6, 0xC2D7, 0xD3E8, 0xE4F9, 0xF50A];
// SIE dynamics monitors (section "SIE Dynamics Monitoring (v11.3)"; decisions in their specs)
// ---------------------------------------------------------------------------------------------

/// Coupling mode MODULATORY (`coupling_mode` code 0).
pub const MODE_MODULATORY: u8 = 0;
/// Coupling mode TRANSITION (code 1): the crossfade.
pub const MODE_TRANSITION: u8 = 1;
/// Coupling mode HARMONIC (code 2).
pub const MODE_HARMONIC: u8 = 2;
/// Coupling gain 1.0 (PAC in MODULATORY, harmonic in HARMONIC).
pub const COUPLING_GAIN_FULL: i64 = 16_384;
/// Coupling gain 0.5 (both gains at the middle of TRANSITION).
pub const COUPLING_GAIN_MID: i64 = 8_192;
/// Coupling gain 0.125 (harmonic in MODULATORY, PAC in HARMONIC).
pub const COUPLING_GAIN_LOW: i64 = 2_048;
/// Kuramoto R above which the population counts as synchronised (`high_synchrony`): 0.7.
pub const KURAMOTO_R_HIGH: i64 = 11_469;
/// Order parameter above which the coupling-mode controller may enter HARMONIC: 0.7 (the
/// description's "kuramoto_R > 0.7"; `SYNC_HIGH`, applied to the triad order parameter).
pub const SYNC_HIGH: i64 = 11_469;
/// Order parameter below which HARMONIC coupling is released: 0.5 (`SYNC_LOW`).
pub const SYNC_LOW: i64 = 8_192;
/// Boundary power above which MODULATORY → HARMONIC may start: 0.25.
pub const BOUNDARY_POWER_THRESH: i64 = 4_096;
/// Crossfade length: 2000 ticks (500 ms at 4 kHz).
pub const XFADE_TICKS: i64 = 2_000;
/// Half the crossfade: the gains pass 0.5 / 0.5 here.
pub const XFADE_HALF: i64 = 1_000;
/// harmonic_locked tolerance: 8% of φ in Q14 (0.08 × 26510 = 2120.8 → 2121).
pub const HSI_LOCK_TOL: i64 = 2_121;
/// Per-ratio deviation ceiling: 2.0 (leaves the clamped HSI unchanged).
pub const HSI_DEV_MAX: i64 = 32_768;
/// HSI baseline EMA shift: time constant 2^18 ticks (65.5 s at 4 kHz).
pub const HSI_EMA_SHIFT: u32 = 18;
// Active φⁿ dynamics (v11.0/v11.1): energy_landscape, quarter_integer_detector,
// coupling_susceptibility, pac_strength (decisions in docs/decisions.md)
// ---------------------------------------------------------------------------------------------

/// φ-landscape amplitude A: 0.5.
pub const FORCE_SCALE_A: i64 = 8_192;
/// Harmonic repulsion strength B: 1.0.
pub const FORCE_SCALE_B: i64 = 16_384;
/// Catastrophe zone lower bound in n: 1.35.
pub const CATASTROPHE_N_MIN: i64 = 22_118;
/// Catastrophe zone upper bound in n: 1.55.
pub const CATASTROPHE_N_MAX: i64 = 25_395;
/// 2π in Q14: 102944.
pub const TWO_PI_Q14: i64 = 102_944;
/// n where φⁿ = 2 (the 2:1 catastrophe): log_φ 2 = 1.44042, Q14 23600.
pub const N_HARMONIC_2_1: i64 = 23_600;
/// n where φⁿ = 3: log_φ 3 = 2.28301, Q14 37405.
pub const N_HARMONIC_3_1: i64 = 37_405;
/// n where φⁿ = 4: log_φ 4 = 2.88084, Q14 47200.
pub const N_HARMONIC_4_1: i64 = 47_200;
/// Zone repulsion inside the 2:1 catastrophe zone: 4·B = 4.0 (exceeds the φ-force there).
pub const ZONE_FORCE: i64 = 4 * FORCE_SCALE_B;
/// Lorentzian width ε of the rational-resonance force in n: 1/16 (1024); table step ε/8 = 128.
pub const LORENTZ_EPS_SHIFT: u32 = 7;
/// Position class `2'b00`: integer boundary.
pub const INTEGER_BOUNDARY: u8 = 0b00;
/// Position class `2'b01`: half-integer attractor.
pub const HALF_INTEGER: u8 = 0b01;
/// Position class `2'b10`: quarter-integer fallback.
pub const QUARTER_INTEGER: u8 = 0b10;
/// Position class `2'b11`: inside the 2:1 catastrophe zone.
pub const NEAR_CATASTROPHE: u8 = 0b11;
/// Weight of each φᵏ boundary in χ(r): 0.5.
pub const CHI_BOUNDARY_WEIGHT: i64 = 8_192;
/// χ kernel step shift: u = |r − p/q| · q / ε₀ with ε₀ = 1/16, table step ε₀/8 = 128 = 2⁷.
pub const CHI_STEP_SHIFT: u32 = 7;
/// Number of χ centres in `coupling_susceptibility`: 55 Farey rationals + 6 φᵏ boundaries.
pub const CHI_CENTRES: usize = 61;
/// Largest denominator of the Farey set of χ(r): q ≤ 5.
pub const CHI_Q_MAX: i64 = 5;
/// Largest ratio of the Farey set of χ(r): p/q ≤ 5.5 (55 rationals; 50 up to 5.0).
pub const CHI_R_MAX_NUM: i64 = 11;
/// Denominator of the largest ratio of the Farey set: 11/2 = 5.5.
pub const CHI_R_MAX_DEN: i64 = 2;
/// Weight 1/q² of a Farey centre in Q14, q = 1..5: 16384, 4096, 1820, 1024, 655.
pub const CHI_Q_WEIGHT: [i64; 5] = [16_384, 4_096, 1_820, 1_024, 655];
/// Entries of the χ Lorentzian table `LOR[i] = round(16384 / (1 + (i/8)²))`.
pub const CHI_LOR_ENTRIES: usize = 256;
/// Largest χ and PAC value: the 18-bit signed maximum (8.0).
pub const CHI_MAX: i64 = 131_071;
/// The ten PAC pairs (slow band supplying the phase, fast band supplying the amplitude), bands
/// 0 θ, 1 α (L6), 2 β₁ (L5a), 3 β₂ (L5b), 4 γ (L2/3); pair k of `pac_strength`.
pub const PAC_PAIRS: [(usize, usize); 10] = [
    (0, 1),
    (0, 2),
    (0, 3),
    (0, 4),
    (1, 2),
    (1, 3),
    (1, 4),
    (2, 3),
    (2, 4),
    (3, 4),
];

// ---------------------------------------------------------------------------------------------
// bicoherence_monitor (SIE Dynamics Monitoring v11.3; decisions in docs/decisions.md)
// ---------------------------------------------------------------------------------------------

/// Bicoherence above which `high_bicoherence` is raised: 0.5.
pub const BICOHERENCE_HIGH: i64 = 8_192;
/// The columns' triad coupling `sync_gain = (sie_gain · harmonic_gain) >>> 13` (`SYNC_SHIFT` of the
/// top: coupling strength K_SYNC = 2.0 at full SR gain in HARMONIC; ours).
pub const SYNC_SHIFT: u32 = 13;
/// Bispectrum IIR shift: time constant 2^13 = 8192 ticks (2.048 s at 4 kHz), long enough that
/// the drifting triads of the free-running processor average out (docs/spec/bicoherence_monitor.md).
pub const BICOHERENCE_IIR_SHIFT: u32 = 13;

// ---------------------------------------------------------------------------------------------
// phi_n_neural_processor, the top level (section 11; wiring decisions in
// docs/spec/phi_n_neural_processor.md)
// ---------------------------------------------------------------------------------------------

/// Growth rate of the SR bank's oscillators: MU 4, amplitude settles at r ≈ 1 (8.3).
pub const SR_MU_DT: i64 = 4;
/// Gain of the thalamic core relay: 1.0.
pub const SENSORY_GAIN: i64 = 16_384;
/// A layer counts as active in the CA3 pattern when its enveloped output exceeds 0.25.
pub const PATTERN_THRESHOLD: i64 = 4_096;
/// Landscape force (Q14, n units) → cortical drift force port (OMEGA_DT × 10 units): `>>> 10`.
pub const FORCE_SHIFT: u32 = 10;
/// φⁿ exponents n (Q14) of L6, L5a, L5b, L4, L2/3: 0.5, 1.5, 2.5, 3.0, 3.5 (section 2.1, relative
/// to 7.49 Hz = theta · φ^0.5).
pub const N_LAYERS: [i64; 5] = [8_192, 24_576, 40_960, 49_152, 57_344];
/// φⁿ exponents n (Q14) of the SR modes f₀..f₄: 1.0, 1.25, 2.5, 3.2, 4.0 (the mode table of
/// "SIE Mode-Selective Enhancement").
pub const N_SR: [i64; 5] = [16_384, 20_480, 40_960, 52_429, 65_536];
/// dn per OMEGA_DT unit (Q14) of L6 … L2/3: round(2^14 / (OMEGA_DT · ln φ)).
pub const DN_LAYERS: [i64; 5] = [139, 86, 53, 42, 33];
/// dn per OMEGA_DT unit (Q14) of f₀..f₄: round(2^14 / (OMEGA_DT · ln φ)).
pub const DN_SR: [i64; 5] = [174, 96, 66, 53, 41];
/// LFSR seeds of the four output envelopes (theta, alpha, beta, gamma; ours).
pub const ENV_SEEDS_OUTPUT: [u16; 4] = [0x13A7, 0x24B8, 0x35C9, 0x46DA];
