//! Proptest over stimulus sequences for the active φⁿ dynamics family (issue 6, first half): any sequence of
//! port values, including each port's extremes, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. Values are drawn per port from its own width.

mod common;

#[test]
fn sin_quarter_lut_agrees_on_any_sequence() {
    common::sequences_agree("sin_quarter_lut", 64, 400);
}

#[test]
fn quarter_integer_detector_agrees_on_any_sequence() {
    common::sequences_agree("quarter_integer_detector", 96, 400);
}

#[test]
fn energy_landscape_agrees_on_any_sequence() {
    common::sequences_agree("energy_landscape", 96, 400);
}

#[test]
fn coupling_susceptibility_agrees_on_any_sequence() {
    common::sequences_agree("coupling_susceptibility", 96, 400);
}

#[test]
fn pac_strength_agrees_on_any_sequence() {
    common::sequences_agree("pac_strength", 96, 400);
}
