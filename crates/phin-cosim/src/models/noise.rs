//! Co-simulation adapters of `sr_noise_generator` and `lfsr16`.

use crate::dut::{Dut, Port};
use crate::dut_adapter;
use phin_core::lfsr16::Lfsr16;
use phin_core::sr_noise_generator::SrNoiseGenerator;
use phin_core::{Observable, Signal};

dut_adapter! {
    /// `sr_noise_generator` as a co-simulation model (no inputs besides the clock enable).
    SrNoiseGeneratorDut(SrNoiseGenerator),
    "sr_noise_generator",
    &[],
    |m, i| {
        m.tick();
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
