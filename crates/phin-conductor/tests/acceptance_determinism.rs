//! Acceptance 5 of the conductor issue: same seed, same report bytes.

use phin_conductor::conductor::{run, ConductorParams};
use phin_conductor::failure::{FailureMode, Fault, FaultKind};

#[test]
fn the_same_seed_gives_the_same_report_bytes() {
    let p = ConductorParams {
        seed: 42,
        faults: vec![
            Fault {
                at_s: 5.0,
                kind: FaultKind::default_for(FailureMode::LayerOverload),
            },
            Fault {
                at_s: 7.0,
                kind: FaultKind::default_for(FailureMode::Desynchronization),
            },
        ],
        ..ConductorParams::default()
    };
    let a = serde_json::to_vec(&run(&p, 12.0, |_, _| {}).unwrap()).unwrap();
    let b = serde_json::to_vec(&run(&p, 12.0, |_, _| {}).unwrap()).unwrap();
    assert_eq!(a, b);
    let other = ConductorParams { seed: 43, ..p };
    let c = serde_json::to_vec(&run(&other, 12.0, |_, _| {}).unwrap()).unwrap();
    assert_ne!(a, c, "the seed matters (traffic, surrogate lags)");
}
