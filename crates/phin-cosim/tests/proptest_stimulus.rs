//! Proptest over stimulus sequences: any sequence of port values, including the extremes, keeps
//! model and RTL in agreement; a failing sequence would shrink to the shortest one.

mod common;

#[test]
fn hopf_oscillator_agrees_on_any_sequence() {
    common::sequences_agree("hopf_oscillator", 96, 600);
}

#[test]
fn hopf_oscillator_stochastic_agrees_on_any_sequence() {
    common::sequences_agree("hopf_oscillator_stochastic", 96, 600);
}
