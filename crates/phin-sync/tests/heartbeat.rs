//! Acceptance 4: the heartbeat has a period of 400 ticks, and a layer is flagged exactly when
//! its phase error against its own reference exceeds 5.0° (boundary tests at 4.99° and 5.01°).

mod common;

use phin_core::identity::ConsciousnessState;
use phin_sync::{run_live, LayerId, Perturbation, SyncConfig, SyncEngine};

#[test]
fn period_four_hundred_ticks_and_the_five_degree_boundary() {
    let (mut p, inputs) = common::warm(ConsciousnessState::Normal);
    let mut e = SyncEngine::new(SyncConfig::default(), &[], 3).unwrap();
    run_live(&mut p, &inputs, &mut e, 1_999);
    let ticks: Vec<u64> = e.heartbeats().iter().map(|h| h.tick).collect();
    assert_eq!(ticks, [400, 800, 1_200, 1_600]);
    // Software rungs carry no processor jitter: their error is exactly what is injected.
    let l = |n| LayerId::new(n).unwrap();
    for (layer, deg) in [(5, 4.99), (6, 5.01), (7, -4.99), (8, -5.01)] {
        e.perturb(l(layer), Perturbation::PhaseStep { degrees: deg })
            .unwrap();
    }
    run_live(&mut p, &inputs, &mut e, 1);
    let h = e.heartbeats().last().unwrap();
    assert_eq!(h.tick, 2_000);
    for (layer, deg) in [(5, 4.99), (6, 5.01), (7, -4.99), (8, -5.01)] {
        // The reference is ahead of a rung that was pushed ahead: the error is minus the step.
        assert!(
            (h.phase_error_deg[layer] + deg).abs() < 1e-6,
            "{layer}: {:?}",
            h.phase_error_deg
        );
    }
    let flagged: Vec<usize> = h.flagged.iter().map(|l| l.index()).collect();
    println!("phase errors {:?}, flagged {flagged:?}", h.phase_error_deg);
    assert!(!flagged.contains(&5) && !flagged.contains(&7));
    assert!(flagged.contains(&6) && flagged.contains(&8));
    // The flagged layers get a gentle correction back, complete before the next heartbeat.
    assert_eq!(h.corrections_started, [l(6), l(8)]);
    run_live(&mut p, &inputs, &mut e, 400);
    let h = e.heartbeats().last().unwrap();
    assert!(h.phase_error_deg[6].abs() < 1e-6 && h.phase_error_deg[8].abs() < 1e-6);
    assert!(!h.flagged.iter().any(|l| l.index() >= 5));
}
