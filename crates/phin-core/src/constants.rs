//! Every constant the RTL names, with the same name and value, in one place.
//!
//! Each RTL file declares the `localparam`s it uses with exactly these values; the model uses them
//! from here. Q14 words are Q4.14 (18-bit signed, 14 fractional bits) unless a comment says
//! otherwise; the decimal meaning is in the comment. Section numbers refer to
//! shared/seeds/phi-n-processor-system-description.md.

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
// Issue 4: cortical columns, interneurons, dendrites, drift and envelopes (sections 6, 7, 10)
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
