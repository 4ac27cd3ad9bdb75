//! Module-level lockstep of the active φⁿ dynamics family (issue 6, first half): each RTL module
//! against its model on seeded random stimulus, 1,000,000 ticks each, zero mismatches. Needs
//! Verilator; fails (never skips) without it.

mod common;

const TICKS: u64 = 1_000_000;

#[test]
fn sin_quarter_lut_agrees_for_a_million_ticks() {
    common::agree("sin_quarter_lut", TICKS, 0x5EED_0601);
}

#[test]
fn quarter_integer_detector_agrees_for_a_million_ticks() {
    common::agree("quarter_integer_detector", TICKS, 0x5EED_0602);
}

#[test]
fn energy_landscape_agrees_for_a_million_ticks() {
    common::agree("energy_landscape", TICKS, 0x5EED_0603);
}

#[test]
fn coupling_susceptibility_agrees_for_a_million_ticks() {
    common::agree("coupling_susceptibility", TICKS, 0x5EED_0604);
}

#[test]
fn pac_strength_agrees_for_a_million_ticks() {
    common::agree("pac_strength", TICKS, 0x5EED_0605);
}
