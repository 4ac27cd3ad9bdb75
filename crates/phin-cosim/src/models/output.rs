//! Co-simulation adapters of the output path: `pink_noise_generator` and
//! `output_mixer`.

use crate::dut::{port_i32, Dut, Port};
use phin_core::fixed_point::WIDTH;
use phin_core::output_mixer::{OutputMixer, OutputMixerInputs};
use phin_core::pink_noise_generator::PinkNoiseGenerator;
use phin_core::{Observable, Signal};

/// `pink_noise_generator` with its default `SEED` as a co-simulation model (no inputs).
#[derive(Default)]
pub struct PinkNoiseGeneratorDut(pub PinkNoiseGenerator);

impl Dut for PinkNoiseGeneratorDut {
    fn top(&self) -> &'static str {
        "pink_noise_generator"
    }
    fn inputs(&self) -> &'static [Port] {
        &[]
    }
    fn signals(&self) -> Vec<Signal> {
        PinkNoiseGenerator::signal_table()
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

const BAND_TYPICAL: &[i64] = &[0, 8_192, -8_192, 16_384, -16_384, 131_071, -131_072];
const ENV_TYPICAL: &[i64] = &[8_192, 16_384, 24_576, 11_469, 21_299];
const GAIN_TYPICAL: &[i64] = &[0, 3_277, 9_830, 16_384];

const fn band(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: BAND_TYPICAL,
        range: (-32_768, 32_768),
    }
}

const fn env(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: ENV_TYPICAL,
        range: (8_192, 24_576),
    }
}

const MIXER_PORTS: &[Port] = &[
    band("theta_in"),
    band("alpha_in"),
    band("beta_in"),
    band("gamma_in"),
    Port {
        name: "pink_in",
        width: WIDTH,
        signed: true,
        typical: BAND_TYPICAL,
        range: (-27_136, 27_135),
    },
    env("env_theta"),
    env("env_alpha"),
    env("env_beta"),
    env("env_gamma"),
    Port {
        name: "sie_gain",
        width: WIDTH,
        signed: true,
        typical: GAIN_TYPICAL,
        range: (-1_000, 20_000),
    },
];

/// `output_mixer` as a co-simulation model.
#[derive(Default)]
pub struct OutputMixerDut(pub OutputMixer);

impl Dut for OutputMixerDut {
    fn top(&self) -> &'static str {
        "output_mixer"
    }
    fn inputs(&self) -> &'static [Port] {
        MIXER_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        OutputMixer::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let p = |k: usize| port_i32(&MIXER_PORTS[k], i[k]);
        self.0.tick(&OutputMixerInputs {
            theta_in: p(0),
            alpha_in: p(1),
            beta_in: p(2),
            gamma_in: p(3),
            pink_in: p(4),
            env_theta: p(5),
            env_alpha: p(6),
            env_beta: p(7),
            env_gamma: p(8),
            sie_gain: p(9),
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
