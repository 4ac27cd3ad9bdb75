//! Acceptance 5: a 90° adiabatic correction at 0.5° per tick completes in 180 ± 1 ticks; an
//! instability injected mid-correction aborts it with a typed error within one heartbeat.

mod common;

use phin_core::identity::ConsciousnessState;
use phin_sync::{
    run_live, CorrectionOutcome, LayerId, Perturbation, SyncConfig, SyncEngine, SyncError,
};

#[test]
fn ninety_degrees_take_one_hundred_eighty_ticks_and_instability_aborts() {
    let (mut p, inputs) = common::warm(ConsciousnessState::Normal);
    let mut e = SyncEngine::new(SyncConfig::default(), &[], 5).unwrap();
    run_live(&mut p, &inputs, &mut e, 10);
    let layer = LayerId::new(6).unwrap();
    e.start_correction(layer, 90.0).unwrap();
    // A second one on the same layer is refused while the first runs.
    assert!(matches!(
        e.start_correction(layer, 10.0),
        Err(SyncError::NotCorrectable { layer: 6, .. })
    ));
    run_live(&mut p, &inputs, &mut e, 300);
    let c = &e.corrections()[0];
    let took = c.end_tick.unwrap() - c.start_tick;
    println!(
        "90° correction: {took} ticks, {:.3}° applied",
        c.applied_degrees
    );
    assert_eq!(c.outcome, CorrectionOutcome::Completed);
    assert!((179..=181).contains(&took), "{took}");
    assert!((c.applied_degrees - 90.0).abs() < 1e-9);

    // A bound rung too: the PLL's oscillator is moved at the same rate.
    let bound = LayerId::new(2).unwrap();
    e.start_correction(bound, -45.0).unwrap();
    run_live(&mut p, &inputs, &mut e, 100);
    let c = e
        .corrections()
        .iter()
        .rfind(|c| c.layer == bound && !c.by_heartbeat)
        .unwrap();
    assert_eq!(c.outcome, CorrectionOutcome::Completed);
    assert_eq!(c.end_tick.unwrap() - c.start_tick, 90);

    // Mid-correction instability.
    let layer = LayerId::new(7).unwrap();
    e.start_correction(layer, 90.0).unwrap();
    run_live(&mut p, &inputs, &mut e, 90);
    let kicked = e.tick();
    e.perturb(layer, Perturbation::RadiusScale { factor: 3.0 })
        .unwrap();
    run_live(&mut p, &inputs, &mut e, 400);
    let c = e
        .corrections()
        .iter()
        .rfind(|c| c.layer == layer && !c.by_heartbeat)
        .unwrap();
    println!("instability at tick {kicked}: {:?}", c.outcome);
    match &c.outcome {
        CorrectionOutcome::Aborted {
            error:
                SyncError::InstabilityDetected {
                    layer: 7,
                    tick,
                    reason,
                },
        } => {
            assert!(
                *tick - kicked <= 400,
                "aborted {} ticks after",
                tick - kicked
            );
            assert!(reason.contains("radius"), "{reason}");
        }
        other => panic!("not aborted: {other:?}"),
    }
    assert!(c.applied_degrees < 90.0);
    // Bound rungs' radius is the processor's: a radius kick there is a typed error.
    assert!(e
        .perturb(bound, Perturbation::RadiusScale { factor: 2.0 })
        .is_err());
}
