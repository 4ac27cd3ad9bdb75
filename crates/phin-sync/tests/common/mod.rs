//! Shared by the acceptance tests: a warmed-up processor and a live run.

#![allow(dead_code)]

use phin_core::identity::ConsciousnessState;
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_sync::{run_live, Fault, SyncConfig, SyncEngine};

/// Warm-up before the protocol starts, ticks (2 s: the processor's oscillators have grown).
pub const WARMUP: u64 = 8_000;

/// A processor in `state` after the warm-up, and its inputs.
pub fn warm(state: ConsciousnessState) -> (PhiNNeuralProcessor, PhiNNeuralProcessorInputs) {
    let mut p = PhiNNeuralProcessor::default();
    let inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .expect("inputs in range");
    for _ in 0..WARMUP {
        p.tick(&inputs);
    }
    (p, inputs)
}

/// An engine with `faults` run `seconds` on a warmed-up processor in `state`.
pub fn live(
    state: ConsciousnessState,
    config: SyncConfig,
    faults: &[Fault],
    seed: u64,
    seconds: f64,
) -> SyncEngine {
    let (mut p, inputs) = warm(state);
    let mut e = SyncEngine::new(config, faults, seed).expect("valid engine");
    run_live(&mut p, &inputs, &mut e, (seconds * 4_000.0) as u64);
    e
}
