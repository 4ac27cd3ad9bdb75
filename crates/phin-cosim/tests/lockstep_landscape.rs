//! Module-level lockstep of the active φⁿ dynamics family (issue 6, first half): each RTL module
//! against its model on seeded random stimulus, 1,000,000 ticks each, zero mismatches. Needs
//! Verilator; fails (never skips) without it.

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
fn sin_quarter_lut_agrees_for_a_million_ticks() {
    agree("sin_quarter_lut", 0x5EED_0601);
}

#[test]
fn quarter_integer_detector_agrees_for_a_million_ticks() {
    agree("quarter_integer_detector", 0x5EED_0602);
}

#[test]
fn energy_landscape_agrees_for_a_million_ticks() {
    agree("energy_landscape", 0x5EED_0603);
}
