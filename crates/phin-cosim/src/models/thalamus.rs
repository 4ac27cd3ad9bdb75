//! Co-simulation adapters of the thalamus family: `sr_frequency_drift`, `ca3_phase_memory`,
//! `sr_harmonic_bank` and `thalamus`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::ca3_phase_memory::{Ca3PhaseMemory, Ca3PhaseMemoryInputs};
use phin_core::constants::{MU_VALUES, OMEGA_DT_SR};
use phin_core::sr_frequency_drift::SrFrequencyDrift;
use phin_core::sr_harmonic_bank::{SrHarmonicBank, SrHarmonicBankInputs};
use phin_core::thalamus::{Thalamus, ThalamusInputs};

/// Q14 operating points of oscillator outputs and fields: 0, ±0.5, ±1.0, the quiet/coherence
/// thresholds and their neighbours.
const Q14_TYPICAL: &[i64] = &[
    0, 8_192, -8_192, 16_384, -16_384, 12_288, 12_289, 15_359, 15_360,
];
const NOISE_TYPICAL: &[i64] = &[0, 255, -256];
const BIT_TYPICAL: &[i64] = &[0, 1];
const STAB_TYPICAL: &[i64] = &[0, 4_096, 8_192, 16_384, -1, 16_385];
const BETA_TYPICAL: &[i64] = &[0, 2_000, 7_680, 15_359, 15_360, 20_000, -5];
const GAIN_TYPICAL: &[i64] = &[16_384, 8_192, 32_768, 0];
const SR_FIELD_TYPICAL: &[i64] = &[0, 0, 164, -164, 1_638, 16_384, 131_071, -131_072];
const OMEGA_SR_TYPICAL: &[i64] = &[
    OMEGA_DT_SR[0],
    OMEGA_DT_SR[1],
    OMEGA_DT_SR[2],
    OMEGA_DT_SR[3],
    OMEGA_DT_SR[4],
    152,
    181,
    211,
];
const PATTERN_TYPICAL: &[i64] = &[0, 0b01_0101, 0b00_0001, 0b00_0011, 0b11_1111, 0b10_1010];
const THETA_TYPICAL: &[i64] = &[0, 4_096, 4_097, -4_096, -4_097, 14_000, -14_000];

/// An oscillator (x, y) input: Q14 around ±1.5.
const fn osc(name: &'static str) -> Port {
    Port::new(name, 18, true, Q14_TYPICAL, (-24_576, 24_576))
}

/// An SR OMEGA_DT input around the section 2.2 centres.
const fn omega(name: &'static str) -> Port {
    Port::new(name, 18, true, OMEGA_SR_TYPICAL, (-2_048, 4_096))
}

/// An SR noise input: the sr_noise_generator range.
const fn noise(name: &'static str) -> Port {
    Port::new(name, 18, true, NOISE_TYPICAL, (-256, 255))
}

/// An SR field input.
const fn field(name: &'static str) -> Port {
    Port::new(name, 18, true, SR_FIELD_TYPICAL, (-4_096, 4_096))
}

/// A stability input (Q14, 0..1 with a margin either side).
const fn stability(name: &'static str) -> Port {
    Port::new(name, 18, true, STAB_TYPICAL, (-2_000, 18_000))
}

/// Input ports of `ca3_phase_memory`.
pub const CA3_PORTS: &[Port] = &[
    Port::new("theta_x", 18, true, THETA_TYPICAL, (-16_384, 16_384)),
    Port::new("pattern_in", 6, false, PATTERN_TYPICAL, (0, 63)),
];

/// Input ports of `sr_harmonic_bank`, in the order of [`bank_inputs`].
pub const BANK_PORTS: &[Port] = &[
    Port::new("mu_dt", 18, true, &MU_VALUES, (-8, 64)),
    omega("omega_dt_f0"),
    omega("omega_dt_f1"),
    omega("omega_dt_f2"),
    omega("omega_dt_f3"),
    omega("omega_dt_f4"),
    noise("noise_f0"),
    noise("noise_f1"),
    noise("noise_f2"),
    noise("noise_f3"),
    noise("noise_f4"),
    field("sr_field_input"),
    field("sr_field_f0"),
    field("sr_field_f1"),
    field("sr_field_f2"),
    field("sr_field_f3"),
    field("sr_field_f4"),
    osc("theta_x"),
    osc("theta_y"),
    osc("alpha_x"),
    osc("alpha_y"),
    osc("low_beta_x"),
    osc("low_beta_y"),
    osc("high_beta_x"),
    osc("high_beta_y"),
    osc("gamma_x"),
    osc("gamma_y"),
    Port::new("beta_amplitude", 18, true, BETA_TYPICAL, (-2_000, 24_000)),
    Port::new("adaptive_en", 1, false, BIT_TYPICAL, (0, 1)),
    stability("stability_f0"),
    stability("stability_f1"),
    stability("stability_f2"),
    stability("stability_f3"),
    stability("stability_f4"),
];

/// Input ports of `thalamus`, in the order of [`thalamus_inputs`].
pub const THALAMUS_PORTS: &[Port] = &[
    Port::new("mu_dt", 18, true, &MU_VALUES, (-8, 64)),
    Port::new("sr_mu_dt", 18, true, &MU_VALUES, (-8, 64)),
    Port::new("sensory_input", 18, true, Q14_TYPICAL, (-32_768, 32_768)),
    Port::new("sensory_gain", 18, true, GAIN_TYPICAL, (-16_384, 65_536)),
    osc("l6_sensory"),
    osc("l6_assoc"),
    osc("l6_motor"),
    osc("l5b_sensory"),
    osc("l5b_assoc"),
    osc("l5b_motor"),
    osc("alpha_x"),
    osc("alpha_y"),
    osc("low_beta_x"),
    osc("low_beta_y"),
    osc("high_beta_x"),
    osc("high_beta_y"),
    osc("gamma_x"),
    osc("gamma_y"),
    Port::new("beta_amplitude", 18, true, BETA_TYPICAL, (-2_000, 24_000)),
    omega("omega_dt_f0"),
    omega("omega_dt_f1"),
    omega("omega_dt_f2"),
    omega("omega_dt_f3"),
    omega("omega_dt_f4"),
    noise("noise_f0"),
    noise("noise_f1"),
    noise("noise_f2"),
    noise("noise_f3"),
    noise("noise_f4"),
    field("sr_field_input"),
    field("sr_field_f0"),
    field("sr_field_f1"),
    field("sr_field_f2"),
    field("sr_field_f3"),
    field("sr_field_f4"),
    Port::new("adaptive_en", 1, false, BIT_TYPICAL, (0, 1)),
    stability("stability_f0"),
    stability("stability_f1"),
    stability("stability_f2"),
    stability("stability_f3"),
    stability("stability_f4"),
];

/// Decodes one row of raw `sr_harmonic_bank` port words.
pub fn bank_inputs(i: &[u64]) -> SrHarmonicBankInputs {
    let p = BANK_PORTS;
    let v = |k: usize| port_i32(&p[k], i[k]);
    let mut b = SrHarmonicBankInputs {
        mu_dt: v(0),
        sr_field_input: v(11),
        beta_amplitude: v(27),
        adaptive_en: v(28) != 0,
        ..Default::default()
    };
    for h in 0..5 {
        b.omega_dt[h] = v(1 + h);
        b.noise[h] = v(6 + h);
        b.sr_field[h] = v(12 + h);
        b.target_x[h] = v(17 + 2 * h);
        b.target_y[h] = v(18 + 2 * h);
        b.stability[h] = v(29 + h);
    }
    b
}

/// Decodes one row of raw `thalamus` port words.
pub fn thalamus_inputs(i: &[u64]) -> ThalamusInputs {
    let p = THALAMUS_PORTS;
    let v = |k: usize| port_i32(&p[k], i[k]);
    let mut t = ThalamusInputs {
        mu_dt: v(0),
        sr_mu_dt: v(1),
        sensory_input: v(2),
        sensory_gain: v(3),
        l6: [v(4), v(5), v(6)],
        l5b: [v(7), v(8), v(9)],
        beta_amplitude: v(18),
        sr_field_input: v(29),
        adaptive_en: v(35) != 0,
        ..Default::default()
    };
    for k in 0..4 {
        t.target_x[k] = v(10 + 2 * k);
        t.target_y[k] = v(11 + 2 * k);
    }
    for h in 0..5 {
        t.omega_dt[h] = v(19 + h);
        t.noise[h] = v(24 + h);
        t.sr_field[h] = v(30 + h);
        t.stability[h] = v(36 + h);
    }
    t
}

dut_adapter! {
    /// `sr_frequency_drift` with its default (simulation-scaled) `UPDATE_INTERVAL` of 400 ticks.
    SrFrequencyDriftDut(SrFrequencyDrift),
    "sr_frequency_drift",
    &[],
    |m, i| {
        m.tick();
    }
}

dut_adapter! {
    /// `ca3_phase_memory` as a co-simulation model.
    Ca3PhaseMemoryDut(Ca3PhaseMemory),
    "ca3_phase_memory",
    CA3_PORTS,
    |m, i| {
        m.tick(&Ca3PhaseMemoryInputs {
            theta_x: port_i32(&CA3_PORTS[0], i[0]),
            pattern_in: port_i32(&CA3_PORTS[1], i[1]) as u8,
        });
    }
}

dut_adapter! {
    /// `sr_harmonic_bank` as a co-simulation model.
    SrHarmonicBankDut(SrHarmonicBank),
    "sr_harmonic_bank",
    BANK_PORTS,
    |m, i| {
        m.tick(&bank_inputs(i));
    }
}

dut_adapter! {
    /// `thalamus` as a co-simulation model.
    ThalamusDut(Thalamus),
    "thalamus",
    THALAMUS_PORTS,
    |m, i| {
        m.tick(&thalamus_inputs(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_indices_match_the_decoders() {
        assert_eq!(BANK_PORTS.len(), 34);
        assert_eq!(BANK_PORTS[11].name, "sr_field_input");
        assert_eq!(BANK_PORTS[17].name, "theta_x");
        assert_eq!(BANK_PORTS[26].name, "gamma_y");
        assert_eq!(BANK_PORTS[27].name, "beta_amplitude");
        assert_eq!(BANK_PORTS[29].name, "stability_f0");
        assert_eq!(THALAMUS_PORTS.len(), 41);
        assert_eq!(THALAMUS_PORTS[10].name, "alpha_x");
        assert_eq!(THALAMUS_PORTS[18].name, "beta_amplitude");
        assert_eq!(THALAMUS_PORTS[19].name, "omega_dt_f0");
        assert_eq!(THALAMUS_PORTS[29].name, "sr_field_input");
        assert_eq!(THALAMUS_PORTS[35].name, "adaptive_en");
        assert_eq!(THALAMUS_PORTS[40].name, "stability_f4");
    }
}
