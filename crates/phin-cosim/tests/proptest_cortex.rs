//! Proptest over stimulus sequences for the cortical-column family (issue 4): any sequence of
//! port values, including each port's extremes, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. Values are drawn per port from its own width.

mod common;

#[test]
fn pv_interneuron_agrees_on_any_sequence() {
    common::sequences_agree("pv_interneuron", 96, 600);
}

#[test]
fn layer1_minimal_agrees_on_any_sequence() {
    common::sequences_agree("layer1_minimal", 96, 600);
}

#[test]
fn amplitude_envelope_generator_agrees_on_any_sequence() {
    // No input ports: the cases vary the run length (and so the reset points) only.
    common::sequences_agree("amplitude_envelope_generator", 24, 3_000);
}

#[test]
fn cortical_frequency_drift_agrees_on_any_sequence() {
    // Sequences long enough to cross several 800-tick drift updates.
    common::sequences_agree("cortical_frequency_drift", 32, 4_000);
}

#[test]
fn dendritic_compartment_agrees_on_any_sequence() {
    common::sequences_agree("dendritic_compartment", 96, 600);
}

#[test]
fn cortical_column_agrees_on_any_sequence() {
    // Sequences long enough to cross envelope noise strobes (every 64 ticks).
    common::sequences_agree("cortical_column", 48, 800);
}
