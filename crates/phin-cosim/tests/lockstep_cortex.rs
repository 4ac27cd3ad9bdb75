//! Module-level lockstep of the cortical-column family (issue 4): each RTL module against its
//! model on seeded random stimulus, 1,000,000 ticks each, zero mismatches. Needs Verilator; fails
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
fn pv_interneuron_agrees_for_a_million_ticks() {
    agree("pv_interneuron", 0x5EED_0401);
}

#[test]
fn layer1_minimal_agrees_for_a_million_ticks() {
    agree("layer1_minimal", 0x5EED_0402);
}

#[test]
fn amplitude_envelope_generator_agrees_for_a_million_ticks() {
    agree("amplitude_envelope_generator", 0x5EED_0403);
}

#[test]
fn cortical_frequency_drift_agrees_for_a_million_ticks() {
    agree("cortical_frequency_drift", 0x5EED_0404);
}

#[test]
fn dendritic_compartment_agrees_for_a_million_ticks() {
    agree("dendritic_compartment", 0x5EED_0405);
}

#[test]
fn cortical_column_agrees_for_a_million_ticks() {
    agree("cortical_column", 0x5EED_0406);
}
