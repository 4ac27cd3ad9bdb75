//! The model side of a co-simulation: a phin-core module behind one object-safe interface, with
//! its input ports, its signal table and the ranges its random stimulus draws from.

use phin_core::constants::{
    MU_VALUES, OMEGA_DT_L23_FAST, OMEGA_DT_L23_SLOW, OMEGA_DT_L4, OMEGA_DT_L5A, OMEGA_DT_L5B,
    OMEGA_DT_L6, OMEGA_DT_SR, OMEGA_DT_THETA,
};
use phin_core::fixed_point::{sext, WIDTH};
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_core::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputs,
};
use phin_core::lfsr16::Lfsr16;
use phin_core::sr_noise_generator::SrNoiseGenerator;
use phin_core::{Observable, Signal};

/// An input port of a top module, besides `clk`, `rst` and `clk_en`.
#[derive(Clone, Copy, Debug)]
pub struct Port {
    /// Port name, as in the RTL.
    pub name: &'static str,
    /// Width in bits.
    pub width: u32,
    /// Declared `signed`.
    pub signed: bool,
    /// Values the random stimulus prefers (the description's operating points).
    pub typical: &'static [i64],
    /// The range the random stimulus usually draws from; the full port range is drawn rarely.
    pub range: (i64, i64),
}

impl Port {
    /// The value of a raw port word.
    pub fn value(&self, raw: u64) -> i64 {
        if self.signed {
            sext(raw, self.width)
        } else {
            (raw & phin_core::fixed_point::mask(self.width)) as i64
        }
    }
}

/// A model that a co-simulation can drive with raw port words.
pub trait Dut {
    /// The RTL top module this models.
    fn top(&self) -> &'static str;
    /// Input ports in stimulus order.
    fn inputs(&self) -> &'static [Port];
    /// Every compared register and output, in sample order.
    fn signals(&self) -> Vec<Signal>;
    /// Whether the top has a `clk_en` port the harness drives.
    fn has_clk_en(&self) -> bool {
        true
    }
    /// Clock edges per tick (1 for a module driven by `clk_en`).
    fn cycles_per_tick(&self) -> u32 {
        1
    }
    /// Synchronous reset.
    fn reset(&mut self);
    /// One tick with the given raw input words (one per port, in `inputs()` order).
    fn tick(&mut self, inputs: &[u64]);
    /// Raw values of every signal, in `signals()` order.
    fn sample(&self, out: &mut [u64]);
}

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

#[inline(always)]
fn port_i32(p: &Port, raw: u64) -> i32 {
    p.value(raw) as i32
}

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

/// `sr_noise_generator` as a co-simulation model (no inputs besides the clock enable).
#[derive(Default)]
pub struct SrNoiseGeneratorDut(pub SrNoiseGenerator);

impl Dut for SrNoiseGeneratorDut {
    fn top(&self) -> &'static str {
        "sr_noise_generator"
    }
    fn inputs(&self) -> &'static [Port] {
        &[]
    }
    fn signals(&self) -> Vec<Signal> {
        SrNoiseGenerator::signal_table()
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

/// `lfsr16` with its default `SEED` (0xACE1) as a co-simulation model.
pub struct Lfsr16Dut(pub Lfsr16);

impl Default for Lfsr16Dut {
    fn default() -> Self {
        Lfsr16Dut(Lfsr16::new(0xACE1))
    }
}

impl Dut for Lfsr16Dut {
    fn top(&self) -> &'static str {
        "lfsr16"
    }
    fn inputs(&self) -> &'static [Port] {
        &[]
    }
    fn signals(&self) -> Vec<Signal> {
        Lfsr16::signal_table()
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

/// Top modules that have a model.
pub const MODELS: &[&str] = &[
    "hopf_oscillator",
    "hopf_oscillator_stochastic",
    "lfsr16",
    "sr_noise_generator",
];

/// A fresh model of `top`, or `None` when phin has none.
pub fn model_for(top: &str) -> Option<Box<dyn Dut>> {
    Some(match top {
        "hopf_oscillator" => Box::new(HopfOscillatorDut::default()),
        "hopf_oscillator_stochastic" => Box::new(HopfOscillatorStochasticDut::default()),
        "lfsr16" => Box::new(Lfsr16Dut::default()),
        "sr_noise_generator" => Box::new(SrNoiseGeneratorDut::default()),
        _ => return None,
    })
}
