//! Proptest over stimulus sequences for the thalamus family (issue 3): any sequence of port
//! values, including the extremes, keeps model and RTL in agreement; a failing sequence would
//! shrink to the shortest one. Each value is masked to its port's width.

mod common;

#[test]
fn ca3_phase_memory_agrees_on_any_sequence() {
    common::sequences_agree("ca3_phase_memory", 128, 1_500);
}

#[test]
fn sr_harmonic_bank_agrees_on_any_sequence() {
    common::sequences_agree("sr_harmonic_bank", 64, 1_500);
}

#[test]
fn thalamus_agrees_on_any_sequence() {
    common::sequences_agree("thalamus", 64, 1_500);
}

#[test]
fn sr_frequency_drift_agrees_from_reset_on_any_length() {
    // No inputs: sequences differ only in length; the updates at 400, 800, … ticks are covered.
    common::sequences_agree("sr_frequency_drift", 8, 1_500);
}
