//! Proptest over stimulus sequences for the issue-6 SIE dynamics monitors: any sequence of port
//! values, including the extremes of every port, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. A planted one-token change in a copy of the RTL
//! shows that the comparison can fail.

mod common;

use phin_cosim::Cosim;

#[test]
fn coupling_mode_controller_agrees_on_any_sequence() {
    common::sequences_agree("coupling_mode_controller", 96, 600);
}

#[test]
fn harmonic_spacing_index_agrees_on_any_sequence() {
    common::sequences_agree("harmonic_spacing_index", 96, 600);
}

#[test]
fn kuramoto_order_parameter_agrees_on_any_sequence() {
    common::sequences_agree("kuramoto_order_parameter", 96, 600);
}

#[test]
fn boundary_generator_agrees_on_any_sequence() {
    common::sequences_agree("boundary_generator", 96, 600);
}

#[test]
fn bicoherence_monitor_agrees_on_any_sequence() {
    common::sequences_agree("bicoherence_monitor", 96, 600);
}

/// Runs the planted copy and checks the first divergent signal's name starts with `signal`.
fn planted_is_found(name: &str, top: &str, from: &str, to: &str, signal: &str) {
    let dir = common::planted_copy(name, &format!("{top}.v"), from, to);
    let mut c = Cosim::new(&dir, top).unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(200_000, 7).unwrap();
    let m = o.first.expect("the planted change must be found");
    assert!(m.signal.name.starts_with(signal), "{m}");
}

#[test]
fn a_planted_crossfade_change_is_found() {
    planted_is_found(
        "planted_cmc_seg",
        "coupling_mode_controller",
        "q    = prod / 32'sd1000;",
        "q    = prod / 32'sd1001;",
        "harmonic_gain",
    );
}

#[test]
fn a_planted_bicoherence_iir_change_is_found() {
    planted_is_found(
        "planted_bicoherence_iir",
        "bicoherence_monitor",
        "- (acc >>> BICOHERENCE_IIR_SHIFT)",
        "- (acc >>> 11)",
        "acc_",
    );
}

#[test]
fn a_planted_triad_sync_change_is_found() {
    // The mean of the two lower triads one LSB high.
    planted_is_found(
        "planted_triad_sync",
        "bicoherence_monitor",
        "triad_sync       <= bsync[WIDTH-1:0];",
        "triad_sync       <= bsync[WIDTH-1:0] + 18'sd1;",
        "triad_sync",
    );
}

#[test]
fn a_planted_sync_threshold_change_is_found() {
    // SYNC_LOW 0.5 -> 0.5 + 2^-14: the release to MODULATORY differs at sync_order == 8192.
    planted_is_found(
        "planted_sync_low",
        "coupling_mode_controller",
        "SYNC_LOW  = 18'sd8192;",
        "SYNC_LOW  = 18'sd8193;",
        "",
    );
}
