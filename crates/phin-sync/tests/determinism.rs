//! Acceptance 8: the same configuration and seed give the same report bytes.

mod common;

use phin_core::identity::ConsciousnessState;
use phin_sync::{Fault, SyncConfig, SyncReport};

fn run(seed: u64) -> Vec<u8> {
    let faults: Vec<Fault> = ["2:drift=40", "6:byzantine=5", "8:silent"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    let e = common::live(
        ConsciousnessState::Flow,
        SyncConfig::default(),
        &faults,
        seed,
        10.0,
    );
    SyncReport::from_engine(&e).to_json()
}

#[test]
fn same_config_and_seed_same_bytes() {
    let a = run(42);
    assert_eq!(a, run(42));
    // The seed matters (the Byzantine layer's lies and the surrogates come from it).
    assert_ne!(a, run(43));
    let r: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(r["summary"]["heartbeats"], 100);
}
