//! Proptest over stimulus sequences for the cortical-column family (issue 4): any sequence of
//! port values, including each port's extremes, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. Values are drawn per port from its own width.

mod common;

use phin_cosim::Cosim;

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

/// Runs a planted copy of `cortical_column` on random stimulus and checks that the first
/// divergent signal's name starts with `signal`.
fn planted_column_is_found(name: &str, from: &str, to: &str, signal: &str) {
    let dir = common::planted_copy(name, "cortical_column.v", from, to);
    let mut c = Cosim::new(&dir, "cortical_column").unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(100_000, 7).unwrap();
    let m = o.first.expect("the planted change must be found");
    assert!(m.signal.name.starts_with(signal), "{m}");
}

#[test]
fn a_planted_pv_drive_shift_change_is_found() {
    // pv_total enters L2/3 at 1/4: at 1/8 the L2/3 oscillator diverges first.
    planted_column_is_found(
        "planted_pv_drive_shift",
        "PV_DRIVE_SHIFT = 2;",
        "PV_DRIVE_SHIFT = 3;",
        "l23",
    );
}

#[test]
fn a_planted_triad_coupling_change_is_found() {
    // One LSB off the real part of the theta x L6 product that drives L5a.
    planted_column_is_found(
        "planted_triad_l5a",
        "wire signed [WIDTH-1:0] sync_l5a = mulq_sat(sync_gain, tri_l5a);",
        "wire signed [WIDTH-1:0] sync_l5a = mulq_sat(sync_gain, tri_l5a + 18'sd1);",
        "l5a",
    );
}
