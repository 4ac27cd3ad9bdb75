//! Co-simulation adapters of the output path: `pink_noise_generator` and
//! `output_mixer`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::fixed_point::WIDTH;
use phin_core::output_mixer::{OutputMixer, OutputMixerInputs};
use phin_core::pink_noise_generator::PinkNoiseGenerator;

dut_adapter! {
    /// `pink_noise_generator` with its default `SEED` as a co-simulation model (no inputs).
    PinkNoiseGeneratorDut(PinkNoiseGenerator),
    "pink_noise_generator",
    &[],
    |m, i| {
        m.tick();
    }
}

const BAND_TYPICAL: &[i64] = &[0, 8_192, -8_192, 16_384, -16_384, 131_071, -131_072];
const ENV_TYPICAL: &[i64] = &[8_192, 16_384, 24_576, 11_469, 21_299];
const GAIN_TYPICAL: &[i64] = &[0, 3_277, 9_830, 16_384];
const MU_TYPICAL: &[i64] = &[1, 2, 3, 4, 6, 0, 8, 9, -1];

const fn mu(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: MU_TYPICAL,
        range: (0, 8),
    }
}

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
    Port::new("pink_in", WIDTH, true, BAND_TYPICAL, (-6_784, 6_783)),
    env("env_theta"),
    env("env_alpha"),
    env("env_beta"),
    env("env_gamma"),
    Port::new("sie_gain", WIDTH, true, GAIN_TYPICAL, (-1_000, 20_000)),
    band("sr_in"),
    mu("mu_theta"),
    mu("mu_alpha"),
    mu("mu_beta"),
    mu("mu_gamma"),
];

dut_adapter! {
    /// `output_mixer` as a co-simulation model.
    OutputMixerDut(OutputMixer),
    "output_mixer",
    MIXER_PORTS,
    |m, i| {
        let p = |k: usize| port_i32(&MIXER_PORTS[k], i[k]);
        m.tick(&OutputMixerInputs {
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
            sr_in: p(10),
            mu: [p(11), p(12), p(13), p(14)],
        });
    }
}
