//! Proptest over stimulus sequences for the cortical-column family (issue 4): any sequence of
//! port values, including each port's extremes, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. Values are drawn per port from its own width.

use phin_core::fixed_point::wrap_u;
use phin_cosim::models::model_for;
use phin_cosim::{repo_rtl_dir, Cosim, LockstepConfig, ReplayStimulus};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Any value of a port `width` bits wide, weighted toward small values and the two extremes.
fn port_value(width: u32, signed: bool) -> BoxedStrategy<i64> {
    let (lo, hi) = if signed {
        (-(1i64 << (width - 1)), (1i64 << (width - 1)) - 1)
    } else {
        (0, (1i64 << width) - 1)
    };
    let small = (lo.max(-4096))..=(hi.min(4096));
    let mid = (lo.max(-32_768))..=(hi.min(32_768));
    prop_oneof![
        3 => small,
        3 => mid,
        1 => Just(hi),
        1 => Just(lo),
        2 => lo..=hi,
    ]
    .boxed()
}

fn check(top: &str, cases: u32, max_len: usize) {
    let ports = model_for(top).expect("a model").inputs();
    // The Verilated model is built once and reset by every case (lockstep resets both sides).
    let c =
        std::cell::RefCell::new(Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}")));
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let row: Vec<BoxedStrategy<i64>> = ports
        .iter()
        .map(|p| port_value(p.width, p.signed))
        .collect();
    let seq = prop::collection::vec(row, 1..max_len);
    runner
        .run(&seq, |rows| {
            let raw: Vec<Vec<u64>> = rows
                .iter()
                .map(|r| {
                    r.iter()
                        .zip(ports)
                        .map(|(&v, p)| wrap_u(v, p.width))
                        .collect()
                })
                .collect();
            let n = raw.len() as u64;
            let mut stim = ReplayStimulus::new(raw);
            let cfg = LockstepConfig {
                ticks: n,
                repro: "proptest".into(),
                ..Default::default()
            };
            let o = c.borrow_mut().run(&mut stim, &cfg).expect("lockstep runs");
            if let Some(m) = &o.first {
                return Err(TestCaseError::fail(m.to_string()));
            }
            prop_assert_eq!(o.ticks, n);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn pv_interneuron_agrees_on_any_sequence() {
    check("pv_interneuron", 96, 600);
}

#[test]
fn layer1_minimal_agrees_on_any_sequence() {
    check("layer1_minimal", 96, 600);
}

#[test]
fn amplitude_envelope_generator_agrees_on_any_sequence() {
    // No input ports: the cases vary the run length (and so the reset points) only.
    check("amplitude_envelope_generator", 24, 3_000);
}

#[test]
fn cortical_frequency_drift_agrees_on_any_sequence() {
    // Sequences long enough to cross several 800-tick drift updates.
    check("cortical_frequency_drift", 32, 4_000);
}

#[test]
fn dendritic_compartment_agrees_on_any_sequence() {
    check("dendritic_compartment", 96, 600);
}

#[test]
fn cortical_column_agrees_on_any_sequence() {
    // Sequences long enough to cross envelope noise strobes (every 64 ticks).
    check("cortical_column", 48, 800);
}
