//! Module-level lockstep of the thalamus family (issue 3): each RTL module against its model on
//! seeded random stimulus, at least 1,000,000 ticks each, zero mismatches. Needs Verilator; fails
//! (never skips) without it.

mod common;

const TICKS: u64 = 1_000_000;

#[test]
fn sr_frequency_drift_agrees_for_a_million_ticks() {
    common::agree("sr_frequency_drift", TICKS, 0x5EED_0301);
}

#[test]
fn ca3_phase_memory_agrees_for_a_million_ticks() {
    common::agree("ca3_phase_memory", TICKS, 0x5EED_0302);
}

#[test]
fn sr_harmonic_bank_agrees_for_a_million_ticks() {
    common::agree("sr_harmonic_bank", TICKS, 0x5EED_0303);
}

#[test]
fn thalamus_agrees_for_a_million_ticks() {
    common::agree("thalamus", TICKS, 0x5EED_0304);
}
