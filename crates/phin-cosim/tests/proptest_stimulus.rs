//! Proptest over stimulus sequences: any sequence of port values, including the extremes, keeps
//! model and RTL in agreement; a failing sequence would shrink to the shortest one.

use phin_core::fixed_point::wrap_u;
use phin_cosim::{repo_rtl_dir, Cosim, LockstepConfig, ReplayStimulus};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn port18() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => -16i64..=64,
        2 => -4096i64..=4096,
        1 => Just(131_071i64),
        1 => Just(-131_072i64),
        2 => -131_072i64..=131_071,
    ]
}

fn check(top: &str, ports: usize) {
    // The Verilated model is built once and reset by every case (lockstep resets both sides).
    let c =
        std::cell::RefCell::new(Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}")));
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    let seq = prop::collection::vec(prop::collection::vec(port18(), ports), 1..600);
    runner
        .run(&seq, |rows| {
            let raw: Vec<Vec<u64>> = rows
                .iter()
                .map(|r| r.iter().map(|&v| wrap_u(v, 18)).collect())
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
fn hopf_oscillator_agrees_on_any_sequence() {
    check("hopf_oscillator", 3);
}

#[test]
fn hopf_oscillator_stochastic_agrees_on_any_sequence() {
    check("hopf_oscillator_stochastic", 4);
}
