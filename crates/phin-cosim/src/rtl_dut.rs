//! A Verilated RTL tree seen as the reference side of a lockstep run, so that two RTL trees can
//! be compared with each other exactly as the model is compared with one (`phin cosim --rtl A
//! --against-rtl B`): same stimulus, same per-port report.

use crate::dut::{Dut, Port};
use crate::rtl_sim::RtlSim;
use phin_core::Signal;

/// An RTL tree behind the [`Dut`] interface. Not `Send`, like the [`RtlSim`] it holds.
pub struct RtlDut {
    sim: RtlSim,
    top: &'static str,
    ports: &'static [Port],
    signals: Vec<Signal>,
    has_clk_en: bool,
    cycles_per_tick: u32,
    lead_cycles: u32,
    params: Vec<(String, String)>,
    snap: Vec<u64>,
}

impl RtlDut {
    /// `sim`, loaded with `signals` (in this order) and driven from stimulus rows of `ports`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        sim: RtlSim,
        top: &'static str,
        ports: &'static [Port],
        signals: Vec<Signal>,
        has_clk_en: bool,
        cycles_per_tick: u32,
        lead_cycles: u32,
        params: Vec<(String, String)>,
    ) -> RtlDut {
        let snap = vec![0; signals.len()];
        RtlDut {
            sim,
            top,
            ports,
            signals,
            has_clk_en,
            cycles_per_tick,
            lead_cycles,
            params,
            snap,
        }
    }
}

impl Dut for RtlDut {
    fn top(&self) -> &'static str {
        self.top
    }
    fn inputs(&self) -> &'static [Port] {
        self.ports
    }
    fn signals(&self) -> Vec<Signal> {
        self.signals.clone()
    }
    fn has_clk_en(&self) -> bool {
        self.has_clk_en
    }
    fn cycles_per_tick(&self) -> u32 {
        self.cycles_per_tick
    }
    fn lead_cycles(&self) -> u32 {
        self.lead_cycles
    }
    fn params(&self) -> Vec<(String, String)> {
        self.params.clone()
    }
    fn reset(&mut self) {
        self.sim.reset(2);
        self.sim.sample(&mut self.snap);
    }
    fn tick(&mut self, inputs: &[u64]) {
        self.sim.step(inputs, &mut self.snap);
    }
    fn sample(&self, out: &mut [u64]) {
        out[..self.snap.len()].copy_from_slice(&self.snap);
    }
}
