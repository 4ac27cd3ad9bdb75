//! Module-level lockstep of the cortical-column family (issue 4): each RTL module against its
//! model on seeded random stimulus, 1,000,000 ticks each, zero mismatches. Needs Verilator; fails
//! (never skips) without it.

mod common;

const TICKS: u64 = 1_000_000;

#[test]
fn pv_interneuron_agrees_for_a_million_ticks() {
    common::agree("pv_interneuron", TICKS, 0x5EED_0401);
}

#[test]
fn layer1_minimal_agrees_for_a_million_ticks() {
    common::agree("layer1_minimal", TICKS, 0x5EED_0402);
}

#[test]
fn amplitude_envelope_generator_agrees_for_a_million_ticks() {
    common::agree("amplitude_envelope_generator", TICKS, 0x5EED_0403);
}

#[test]
fn cortical_frequency_drift_agrees_for_a_million_ticks() {
    common::agree("cortical_frequency_drift", TICKS, 0x5EED_0404);
}

#[test]
fn dendritic_compartment_agrees_for_a_million_ticks() {
    common::agree("dendritic_compartment", TICKS, 0x5EED_0405);
}

#[test]
fn cortical_column_agrees_for_a_million_ticks() {
    common::agree("cortical_column", TICKS, 0x5EED_0406);
}
