//! Co-simulation adapters of `hopf_oscillator` and `hopf_oscillator_stochastic`.

use crate::dut::{port_i32, Dut, Port};
use phin_core::constants::{
    MU_VALUES, OMEGA_DT_L23_FAST, OMEGA_DT_L23_SLOW, OMEGA_DT_L4, OMEGA_DT_L5A, OMEGA_DT_L5B,
    OMEGA_DT_L6, OMEGA_DT_SR, OMEGA_DT_THETA,
};
use phin_core::fixed_point::WIDTH;
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};
use phin_core::{Observable, Signal};

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
    Port {
        name: "mu_dt",
        width: WIDTH,
        signed: true,
        typical: &MU_VALUES,
        range: (-8, 64),
    },
    Port {
        name: "omega_dt",
        width: WIDTH,
        signed: true,
        typical: OMEGA_TYPICAL,
        range: (-2048, 4096),
    },
    Port {
        name: "input_x",
        width: WIDTH,
        signed: true,
        typical: DRIVE_TYPICAL,
        range: (-8192, 8192),
    },
];

const HOPF_STOCHASTIC_PORTS: &[Port] = &[
    HOPF_PORTS[0],
    HOPF_PORTS[1],
    HOPF_PORTS[2],
    Port {
        name: "noise_x",
        width: WIDTH,
        signed: true,
        typical: NOISE_TYPICAL,
        range: (-256, 255),
    },
];

/// `hopf_oscillator` as a co-simulation model.
#[derive(Default)]
pub struct HopfOscillatorDut(pub HopfOscillator);

impl Dut for HopfOscillatorDut {
    fn top(&self) -> &'static str {
        "hopf_oscillator"
    }
    fn inputs(&self) -> &'static [Port] {
        HOPF_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        HopfOscillator::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&HopfOscillatorInputs {
            mu_dt: port_i32(&HOPF_PORTS[0], i[0]),
            omega_dt: port_i32(&HOPF_PORTS[1], i[1]),
            input_x: port_i32(&HOPF_PORTS[2], i[2]),
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

/// `hopf_oscillator_stochastic` as a co-simulation model.
#[derive(Default)]
pub struct HopfOscillatorStochasticDut(pub HopfOscillatorStochastic);

impl Dut for HopfOscillatorStochasticDut {
    fn top(&self) -> &'static str {
        "hopf_oscillator_stochastic"
    }
    fn inputs(&self) -> &'static [Port] {
        HOPF_STOCHASTIC_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        HopfOscillatorStochastic::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let p = HOPF_STOCHASTIC_PORTS;
        self.0.tick(&HopfOscillatorStochasticInputs {
            mu_dt: port_i32(&p[0], i[0]),
            omega_dt: port_i32(&p[1], i[1]),
            input_x: port_i32(&p[2], i[2]),
            noise_x: port_i32(&p[3], i[3]),
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
