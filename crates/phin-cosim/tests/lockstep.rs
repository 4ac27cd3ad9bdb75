//! Module-level lockstep: each RTL module against its model on seeded random stimulus, at least
//! 1,000,000 ticks each, zero mismatches. Needs Verilator; fails (never skips) without it.

mod common;

const TICKS: u64 = 1_000_000;

#[test]
fn hopf_oscillator_agrees_for_a_million_ticks() {
    common::agree("hopf_oscillator", TICKS, 0x5EED_0001);
}

#[test]
fn hopf_oscillator_stochastic_agrees_for_a_million_ticks() {
    common::agree("hopf_oscillator_stochastic", TICKS, 0x5EED_0002);
}

#[test]
fn sr_noise_generator_agrees_for_a_million_ticks() {
    common::agree("sr_noise_generator", TICKS, 0x5EED_0003);
}

#[test]
fn lfsr16_agrees_for_a_million_ticks() {
    common::agree("lfsr16", TICKS, 0x5EED_0004);
}
