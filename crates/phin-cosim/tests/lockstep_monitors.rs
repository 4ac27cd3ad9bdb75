//! Module-level lockstep of the issue-6 SIE dynamics monitors (coupling_mode_controller,
//! harmonic_spacing_index, kuramoto_order_parameter, boundary_generator, bicoherence_monitor):
//! each RTL module against its model on seeded random stimulus, 1,000,000 ticks each, zero
//! mismatches. Needs Verilator; fails (never skips) without it.

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
fn coupling_mode_controller_agrees_for_a_million_ticks() {
    agree("coupling_mode_controller", 0x5EED_0601);
}

#[test]
fn harmonic_spacing_index_agrees_for_a_million_ticks() {
    agree("harmonic_spacing_index", 0x5EED_0602);
}

#[test]
fn kuramoto_order_parameter_agrees_for_a_million_ticks() {
    agree("kuramoto_order_parameter", 0x5EED_0603);
}

#[test]
fn boundary_generator_agrees_for_a_million_ticks() {
    agree("boundary_generator", 0x5EED_0604);
}
