//! The comparison can fail: a copy of the RTL with a one-LSB change planted in it must be reported
//! at exactly the signal and tick where the change first shows.

mod common;

use phin_core::fixed_point::{asr, mul_s, wrap_s, FRAC};
use phin_core::hopf_oscillator::{HopfOscillator, HopfOscillatorInputs};
use phin_cosim::{Cosim, LockstepConfig, ReplayStimulus};
use std::path::Path;

#[test]
fn a_one_lsb_seed_change_is_reported_at_reset() {
    let dir = common::planted_copy(
        "planted_seed",
        "sr_noise_generator.v",
        "16'h1E6C",
        "16'h1E6D",
    );
    let mut c = Cosim::new(&dir, "sr_noise_generator").unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(1_000, 1).unwrap();
    let m = o.first.expect("the planted seed must be found");
    assert_eq!(m.tick, 0);
    assert_eq!(m.signal.name, "u_lfsr_f3.lfsr");
    assert_eq!((m.rtl, m.model), (0x1E6D, 0x1E6C));
    assert_eq!(m.rtl ^ m.model, 1, "exactly the LSB differs");
    let report = m.to_string();
    assert!(report.contains("u_lfsr_f3.lfsr") && report.contains("differing bits: 0"));
}

/// r² as the RTL computes it from the registers before an edge.
fn r_sq(h: &HopfOscillator) -> i64 {
    let (x, y) = (i64::from(h.x), i64::from(h.y));
    wrap_s(asr(mul_s(x, x, 36) + mul_s(y, y, 36), FRAC), 23)
}

#[test]
fn a_one_lsb_threshold_change_is_reported_at_the_first_tick_it_matters() {
    // R2_THRESH 17408 -> 17409: the two differ only on an edge taken with r² == 17409 exactly.
    let dir = common::planted_copy(
        "planted_thresh",
        "hopf_oscillator.v",
        "23'sd17408",
        "23'sd17409",
    );
    // MU 6 pushes the amplitude into the correction zone again and again.
    let inputs = HopfOscillatorInputs {
        mu_dt: 6,
        omega_dt: 152,
        input_x: 0,
    };
    let ticks = 200_000usize;
    let mut h = HopfOscillator::new();
    let mut expected = None;
    for t in 1..=ticks {
        if r_sq(&h) == 17_409 {
            expected = Some(t as u64);
            break;
        }
        h.tick(&inputs);
    }
    let expected = expected.expect("the trajectory must reach r^2 = 17409 exactly");

    let mut c = Cosim::new(&dir, "hopf_oscillator").unwrap_or_else(|e| panic!("{e}"));
    let rows = vec![vec![6u64, 152, 0]; ticks];
    let mut stim = ReplayStimulus::new(rows);
    let vcd = Path::new(env!("CARGO_TARGET_TMPDIR")).join("planted_thresh_mismatch.vcd");
    let cfg = LockstepConfig {
        ticks: ticks as u64,
        mismatch_vcd: Some(vcd.clone()),
        repro: "planted".into(),
        ..Default::default()
    };
    let o = c.run(&mut stim, &cfg).unwrap();
    let m = o.first.expect("the planted threshold must be found");
    assert_eq!(m.tick, expected, "reported tick");
    assert_eq!(m.signal.name, "x", "first divergent signal");
    assert_eq!(o.mismatches, 1, "the run stops at the first divergence");
    // The window waveform holds both sides.
    let text = std::fs::read_to_string(&vcd).unwrap();
    assert!(text.contains("$scope module rtl $end") && text.contains("$scope module model $end"));
    assert!(text.contains(&format!("#{}", expected * 250)));
}
