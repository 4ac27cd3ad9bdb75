//! Proptest over stimulus sequences for the active φⁿ dynamics family (issue 6, first half): any sequence of
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
fn sin_quarter_lut_agrees_on_any_sequence() {
    check("sin_quarter_lut", 64, 400);
}

#[test]
fn quarter_integer_detector_agrees_on_any_sequence() {
    check("quarter_integer_detector", 96, 400);
}

#[test]
fn energy_landscape_agrees_on_any_sequence() {
    check("energy_landscape", 96, 400);
}
