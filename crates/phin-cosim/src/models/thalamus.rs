//! Co-simulation adapters of the issue-3 family: `sr_frequency_drift`, `ca3_phase_memory`,
//! `sr_harmonic_bank` and `thalamus`.

use crate::dut::{port_i32, Dut, Port};
use phin_core::ca3_phase_memory::{Ca3PhaseMemory, Ca3PhaseMemoryInputs};
use phin_core::constants::{MU_VALUES, OMEGA_DT_SR};
use phin_core::sr_frequency_drift::SrFrequencyDrift;
use phin_core::sr_harmonic_bank::{SrHarmonicBank, SrHarmonicBankInputs};
use phin_core::thalamus::{Thalamus, ThalamusInputs};
use phin_core::{Observable, Signal};

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

/// Input ports of `ca3_phase_memory`.
pub const CA3_PORTS: &[Port] = &[
    Port {
        name: "theta_x",
        width: 18,
        signed: true,
        typical: THETA_TYPICAL,
        range: (-16_384, 16_384),
    },
    Port {
        name: "pattern_in",
        width: 6,
        signed: false,
        typical: PATTERN_TYPICAL,
        range: (0, 63),
    },
];

/// Input ports of `sr_harmonic_bank`, in the order of [`bank_inputs`].
pub const BANK_PORTS: &[Port] = &[
    Port {
        name: "mu_dt",
        width: 18,
        signed: true,
        typical: &MU_VALUES,
        range: (-8, 64),
    },
    Port {
        name: "omega_dt_f0",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f1",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f2",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f3",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f4",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "noise_f0",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f1",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f2",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f3",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f4",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "sr_field_input",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f0",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f1",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f2",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f3",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f4",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "theta_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "theta_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "alpha_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "alpha_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "low_beta_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "low_beta_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "high_beta_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "high_beta_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "gamma_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "gamma_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "beta_amplitude",
        width: 18,
        signed: true,
        typical: BETA_TYPICAL,
        range: (-2_000, 24_000),
    },
    Port {
        name: "adaptive_en",
        width: 1,
        signed: false,
        typical: BIT_TYPICAL,
        range: (0, 1),
    },
    Port {
        name: "stability_f0",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f1",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f2",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f3",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f4",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
];

/// Input ports of `thalamus`, in the order of [`thalamus_inputs`].
pub const THALAMUS_PORTS: &[Port] = &[
    Port {
        name: "mu_dt",
        width: 18,
        signed: true,
        typical: &MU_VALUES,
        range: (-8, 64),
    },
    Port {
        name: "sr_mu_dt",
        width: 18,
        signed: true,
        typical: &MU_VALUES,
        range: (-8, 64),
    },
    Port {
        name: "sensory_input",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-32_768, 32_768),
    },
    Port {
        name: "sensory_gain",
        width: 18,
        signed: true,
        typical: GAIN_TYPICAL,
        range: (-16_384, 65_536),
    },
    Port {
        name: "l6_sensory",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "l6_assoc",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "l6_motor",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "l5b_sensory",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "l5b_assoc",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "l5b_motor",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "alpha_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "alpha_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "low_beta_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "low_beta_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "high_beta_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "high_beta_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "gamma_x",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "gamma_y",
        width: 18,
        signed: true,
        typical: Q14_TYPICAL,
        range: (-24_576, 24_576),
    },
    Port {
        name: "beta_amplitude",
        width: 18,
        signed: true,
        typical: BETA_TYPICAL,
        range: (-2_000, 24_000),
    },
    Port {
        name: "omega_dt_f0",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f1",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f2",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f3",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "omega_dt_f4",
        width: 18,
        signed: true,
        typical: OMEGA_SR_TYPICAL,
        range: (-2_048, 4_096),
    },
    Port {
        name: "noise_f0",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f1",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f2",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f3",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "noise_f4",
        width: 18,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
    Port {
        name: "sr_field_input",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f0",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f1",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f2",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f3",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "sr_field_f4",
        width: 18,
        signed: true,
        typical: SR_FIELD_TYPICAL,
        range: (-4_096, 4_096),
    },
    Port {
        name: "adaptive_en",
        width: 1,
        signed: false,
        typical: BIT_TYPICAL,
        range: (0, 1),
    },
    Port {
        name: "stability_f0",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f1",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f2",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f3",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
    Port {
        name: "stability_f4",
        width: 18,
        signed: true,
        typical: STAB_TYPICAL,
        range: (-2_000, 18_000),
    },
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

/// `sr_frequency_drift` with its default (simulation-scaled) `UPDATE_INTERVAL` of 400 ticks.
#[derive(Default)]
pub struct SrFrequencyDriftDut(pub SrFrequencyDrift);

impl Dut for SrFrequencyDriftDut {
    fn top(&self) -> &'static str {
        "sr_frequency_drift"
    }
    fn inputs(&self) -> &'static [Port] {
        &[]
    }
    fn signals(&self) -> Vec<Signal> {
        SrFrequencyDrift::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, _: &[u64]) {
        self.0.tick();
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

/// `ca3_phase_memory` as a co-simulation model.
#[derive(Default)]
pub struct Ca3PhaseMemoryDut(pub Ca3PhaseMemory);

impl Dut for Ca3PhaseMemoryDut {
    fn top(&self) -> &'static str {
        "ca3_phase_memory"
    }
    fn inputs(&self) -> &'static [Port] {
        CA3_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        Ca3PhaseMemory::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&Ca3PhaseMemoryInputs {
            theta_x: port_i32(&CA3_PORTS[0], i[0]),
            pattern_in: port_i32(&CA3_PORTS[1], i[1]) as u8,
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

/// `sr_harmonic_bank` as a co-simulation model.
#[derive(Default)]
pub struct SrHarmonicBankDut(pub SrHarmonicBank);

impl Dut for SrHarmonicBankDut {
    fn top(&self) -> &'static str {
        "sr_harmonic_bank"
    }
    fn inputs(&self) -> &'static [Port] {
        BANK_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        SrHarmonicBank::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&bank_inputs(i));
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

/// `thalamus` as a co-simulation model.
#[derive(Default)]
pub struct ThalamusDut(pub Thalamus);

impl Dut for ThalamusDut {
    fn top(&self) -> &'static str {
        "thalamus"
    }
    fn inputs(&self) -> &'static [Port] {
        THALAMUS_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        Thalamus::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&thalamus_inputs(i));
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
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
