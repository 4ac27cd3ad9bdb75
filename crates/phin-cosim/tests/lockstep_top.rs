//! Full-system lockstep: the Verilated `phi_n_neural_processor` (FAST_SIM = 1, ten clocks per
//! tick) against the model, every register of the hierarchy compared after every clock-enable
//! edge. At least 200,000 ticks per configuration: random stimulus and the scripted scenario
//! (every state, transitions, SR bursts, sensory patterns), adaptive mode off and on. The opt-in
//! long run (10⁷ ticks) is `long_run_ten_million_ticks`, ignored by default (see README).
//! Needs Verilator; fails (never skips) without it.

mod common;

use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use phin_cosim::models::top::PhiNNeuralProcessorDut;
use phin_cosim::{repo_rtl_dir, Cosim, LockstepConfig, TopScenario};

const TICKS: u64 = 200_000;

fn params(adaptive: bool) -> PhiNNeuralProcessorParams {
    PhiNNeuralProcessorParams {
        enable_adaptive: adaptive,
        ..PhiNNeuralProcessorParams::DEFAULT
    }
}

fn cosim(adaptive: bool) -> Cosim {
    let dut = PhiNNeuralProcessorDut::new(params(adaptive));
    Cosim::with_model(&repo_rtl_dir(), Box::new(dut)).unwrap_or_else(|e| panic!("{e}"))
}

fn random(adaptive: bool, ticks: u64, seed: u64) {
    let o = cosim(adaptive)
        .run_random(ticks, seed)
        .unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed(&format!("top random adaptive={adaptive}"), &o, ticks);
}

fn scripted(adaptive: bool, ticks: u64, seed: u64) {
    let mut stim = TopScenario::new(seed);
    let cfg = LockstepConfig {
        ticks,
        seed: Some(seed),
        repro: format!("cargo test -p phin-cosim --test lockstep_top (scenario seed {seed})"),
        ..Default::default()
    };
    let o = cosim(adaptive)
        .run(&mut stim, &cfg)
        .unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed(&format!("top scenario adaptive={adaptive}"), &o, ticks);
}

#[test]
fn top_random_static_agrees() {
    random(false, TICKS, 0x5EED_0701);
}

#[test]
fn top_random_adaptive_agrees() {
    random(true, TICKS, 0x5EED_0702);
}

#[test]
fn top_scenario_static_agrees() {
    scripted(false, 2 * TICKS, 0x5EED_0703);
}

#[test]
fn top_scenario_adaptive_agrees() {
    scripted(true, 2 * TICKS, 0x5EED_0704);
}

/// Opt-in: `cargo test --release -p phin-cosim --test lockstep_top -- --ignored`.
#[test]
#[ignore = "ten million ticks (about 10 minutes); run on demand, see README"]
fn long_run_ten_million_ticks() {
    scripted(false, 5_000_000, 0x5EED_0705);
    random(true, 5_000_000, 0x5EED_0706);
}

/// Opt-in: the top with its real divider (FAST_SIM = 0, 31250 clocks per tick, about 10 ticks/s
/// under Verilator): `cargo test --release -p phin-cosim --test lockstep_top real -- --ignored`.
#[test]
#[ignore = "FAST_SIM = 0 runs 31250 clocks per tick; run on demand"]
fn real_divider_agrees() {
    let params = PhiNNeuralProcessorParams {
        fast_sim: false,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let dut = PhiNNeuralProcessorDut::with_params(params);
    let mut c = Cosim::with_model(&repo_rtl_dir(), Box::new(dut)).unwrap_or_else(|e| panic!("{e}"));
    let o = c
        .run_random(600, 0x5EED_0707)
        .unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed("top FAST_SIM=0", &o, 600);
}
