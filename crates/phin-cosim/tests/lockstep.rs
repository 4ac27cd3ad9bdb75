//! Module-level lockstep: each RTL module against its model on seeded random stimulus, at least
//! 1,000,000 ticks each, zero mismatches. Needs Verilator; fails (never skips) without it.

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
fn hopf_oscillator_agrees_for_a_million_ticks() {
    agree("hopf_oscillator", 0x5EED_0001);
}

#[test]
fn hopf_oscillator_stochastic_agrees_for_a_million_ticks() {
    agree("hopf_oscillator_stochastic", 0x5EED_0002);
}

#[test]
fn sr_noise_generator_agrees_for_a_million_ticks() {
    agree("sr_noise_generator", 0x5EED_0003);
}

#[test]
fn lfsr16_agrees_for_a_million_ticks() {
    agree("lfsr16", 0x5EED_0004);
}
