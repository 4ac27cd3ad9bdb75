//! Co-simulation adapters of `hopf_oscillator` and `hopf_oscillator_stochastic`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::constants::{
    MU_VALUES, OMEGA_DT_L23_FAST, OMEGA_DT_L23_SLOW, OMEGA_DT_L4, OMEGA_DT_L5A, OMEGA_DT_L5B,
    OMEGA_DT_L6, OMEGA_DT_SR, OMEGA_DT_THETA,
};
use phin_core::fixed_point::WIDTH;
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};

/// Q14 operating points of every oscillator in the description (sections 2.1 and 2.2).
pub const OMEGA_TYPICAL: &[i64] = &[
    OMEGA_DT_THETA,
    OMEGA_DT_L6,
    OMEGA_DT_L5A,
    OMEGA_DT_L5B,
    OMEGA_DT_L4,
    OMEGA_DT_L23_SLOW,
    OMEGA_DT_L23_FAST,
    OMEGA_DT_SR[0],
    OMEGA_DT_SR[1],
    OMEGA_DT_SR[2],
    OMEGA_DT_SR[3],
    OMEGA_DT_SR[4],
];
const DRIVE_TYPICAL: &[i64] = &[0, 0, 256, -256, 4096, -4096];
const NOISE_TYPICAL: &[i64] = &[0, 255, -256];

const HOPF_PORTS: &[Port] = &[
    Port::new("mu_dt", WIDTH, true, &MU_VALUES, (-8, 64)),
    Port::new("omega_dt", WIDTH, true, OMEGA_TYPICAL, (-2048, 4096)),
    Port::new("input_x", WIDTH, true, DRIVE_TYPICAL, (-8192, 8192)),
];

const HOPF_STOCHASTIC_PORTS: &[Port] = &[
    HOPF_PORTS[0],
    HOPF_PORTS[1],
    HOPF_PORTS[2],
    Port::new("noise_x", WIDTH, true, NOISE_TYPICAL, (-256, 255)),
];

dut_adapter! {
    /// `hopf_oscillator` as a co-simulation model.
    HopfOscillatorDut(HopfOscillator),
    "hopf_oscillator",
    HOPF_PORTS,
    |m, i| {
        m.tick(&HopfOscillatorInputs {
            mu_dt: port_i32(&HOPF_PORTS[0], i[0]),
            omega_dt: port_i32(&HOPF_PORTS[1], i[1]),
            input_x: port_i32(&HOPF_PORTS[2], i[2]),
        });
    }
}

dut_adapter! {
    /// `hopf_oscillator_stochastic` as a co-simulation model.
    HopfOscillatorStochasticDut(HopfOscillatorStochastic),
    "hopf_oscillator_stochastic",
    HOPF_STOCHASTIC_PORTS,
    |m, i| {
        let p = HOPF_STOCHASTIC_PORTS;
        m.tick(&HopfOscillatorStochasticInputs {
            mu_dt: port_i32(&p[0], i[0]),
            omega_dt: port_i32(&p[1], i[1]),
            input_x: port_i32(&p[2], i[2]),
            noise_x: port_i32(&p[3], i[3]),
        });
    }
}
