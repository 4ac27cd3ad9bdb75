//! Module-level lockstep of the thalamus family (issue 3): each RTL module against its model on
//! seeded random stimulus, at least 1,000,000 ticks each, zero mismatches. Needs Verilator; fails
//! (never skips) without it.

use phin_cosim::{repo_rtl_dir, Cosim};

const TICKS: u64 = 1_000_000;

fn agree(top: &str, seed: u64) {
    let mut c = Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(TICKS, seed).unwrap_or_else(|e| panic!("{e}"));
    if let Some(m) = &o.first {
        panic!("{m}");
    }
    assert_eq!(o.ticks, TICKS);
    assert_eq!(o.mismatches, 0);
    assert!(o.signals > 0);
    println!("{top}: {}", o.agree_line());
}

#[test]
fn sr_frequency_drift_agrees_for_a_million_ticks() {
    agree("sr_frequency_drift", 0x5EED_0301);
}

#[test]
fn ca3_phase_memory_agrees_for_a_million_ticks() {
    agree("ca3_phase_memory", 0x5EED_0302);
}

#[test]
fn sr_harmonic_bank_agrees_for_a_million_ticks() {
    agree("sr_harmonic_bank", 0x5EED_0303);
}

#[test]
fn thalamus_agrees_for_a_million_ticks() {
    agree("thalamus", 0x5EED_0304);
}
