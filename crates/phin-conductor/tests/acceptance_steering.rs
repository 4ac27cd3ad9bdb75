//! Acceptance 2 of the conductor issue: steering motor L4 to offsets 0, 90, 180 and 270° from
//! the conductor's reference clock at drive ≤ 1.0. Goals: circular mean error ≤ 10°, circular
//! spread ≤ 20°, lock time ≤ 0.5 s (the lock time is pinned where the goal is not reached,
//! with the physical bound that explains it); with the reference drifting, the closed loop's
//! error spread is at most half that of an open-loop sine at the nominal frequency.

use phin_conductor::steering::{DriftParams, LoopMode, SteeringExperiment, SteeringParams};

fn show(r: &phin_conductor::steering::SteeringReport) {
    println!("feed-forward lead {:.1}°", r.lead_deg);
    for x in &r.results {
        println!(
            "  offset {:5.0}° {:?}: mean error {:6.1}°, spread {:5.1}°, lock time {:?} s, \
             within tolerance {:.2}, mean amplitude {:.2} (max {:.2})",
            x.offset_deg,
            x.mode,
            x.mean_error_deg,
            x.spread_deg,
            x.lock_time_s,
            x.locked_fraction,
            x.mean_amplitude,
            x.max_amplitude
        );
    }
}

#[test]
fn steering_holds_motor_l4_at_four_offsets() {
    let e = SteeringExperiment::default();
    assert!(e.steering.max_amplitude <= 1.0);
    let r = e.run().unwrap();
    show(&r);
    let mut slow = 0;
    for &o in &e.offsets_deg {
        let x = r.result(o, LoopMode::Closed).unwrap();
        assert!(x.mean_error_deg.abs() <= 10.0, "{o}: {}", x.mean_error_deg);
        assert!(x.spread_deg <= 20.0, "{o}: {}", x.spread_deg);
        assert!(x.max_amplitude <= 1.0);
        let lock = x.lock_time_s.expect("locks");
        // Goal 0.5 s. The offset whose command starts half a cycle from the free-running
        // oscillator cannot make it at drive ≤ 1.0: pulling a phase by half a cycle needs a
        // frequency pull of 0.5 cycle / 0.5 s = 1 Hz, more than the tongue's half-width at
        // drive 1.0 (about 0.75 Hz; acceptance 1), so at least ~0.67 s. Pinned: 1.0 s.
        if lock > 0.5 {
            slow += 1;
            assert!(lock <= 1.05, "{o}: {lock}");
        }
    }
    assert!(
        slow <= 1,
        "only the offset that starts half a cycle away misses 0.5 s"
    );
}

#[test]
fn with_drift_the_closed_loop_halves_the_open_loops_spread() {
    let e = SteeringExperiment {
        steering: SteeringParams {
            drift: DriftParams::cortical(),
            ..SteeringParams::default()
        },
        ..SteeringExperiment::default()
    };
    let r = e.run().unwrap();
    show(&r);
    for &o in &e.offsets_deg {
        let closed = r.result(o, LoopMode::Closed).unwrap().spread_deg;
        let open = r.result(o, LoopMode::Open).unwrap().spread_deg;
        assert!(closed <= 0.5 * open, "{o}: closed {closed}°, open {open}°");
    }
}
