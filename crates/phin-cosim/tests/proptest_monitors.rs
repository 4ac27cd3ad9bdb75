//! Proptest over stimulus sequences for the issue-6 SIE dynamics monitors: any sequence of port
//! values, including the extremes of every port, keeps model and RTL in agreement; a failing
//! sequence would shrink to the shortest one. A planted one-token change in a copy of the RTL
//! shows that the comparison can fail.

use phin_core::fixed_point::{mask, wrap_u};
use phin_cosim::{model_for, repo_rtl_dir, Cosim, LockstepConfig, Port, ReplayStimulus};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};

/// Values of one port: its operating points, its usual range, its extremes, anything.
fn port_values(p: &'static Port) -> BoxedStrategy<u64> {
    let w = p.width;
    let (lo, hi) = p.range;
    let (min, max) = if p.signed {
        (-(1i64 << (w - 1)), (1i64 << (w - 1)) - 1)
    } else {
        (0, mask(w) as i64)
    };
    let typical: Vec<i64> = if p.typical.is_empty() {
        vec![lo]
    } else {
        p.typical.to_vec()
    };
    prop_oneof![
        3 => prop::sample::select(typical),
        3 => lo..=hi,
        1 => Just(min),
        1 => Just(max),
        1 => min..=max,
    ]
    .prop_map(move |v| wrap_u(v, w))
    .boxed()
}

fn check(top: &str) {
    let ports: &'static [Port] = model_for(top).expect("a model").inputs();
    let c =
        std::cell::RefCell::new(Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}")));
    let mut runner = TestRunner::new(Config {
        cases: 64,
        ..Config::default()
    });
    let row: Vec<BoxedStrategy<u64>> = ports.iter().map(port_values).collect();
    let seq = prop::collection::vec(row, 1..600);
    runner
        .run(&seq, |rows| {
            let n = rows.len() as u64;
            let mut stim = ReplayStimulus::new(rows);
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
fn coupling_mode_controller_agrees_on_any_sequence() {
    check("coupling_mode_controller");
}

#[test]
fn harmonic_spacing_index_agrees_on_any_sequence() {
    check("harmonic_spacing_index");
}

#[test]
fn kuramoto_order_parameter_agrees_on_any_sequence() {
    check("kuramoto_order_parameter");
}

#[test]
fn boundary_generator_agrees_on_any_sequence() {
    check("boundary_generator");
}

/// Copies rtl/ into a fresh directory with one text replacement in `file`.
fn planted_copy(name: &str, file: &str, from: &str, to: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(repo_rtl_dir()).unwrap() {
        let p = e.unwrap().path();
        let mut text = std::fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == file {
            assert_eq!(text.matches(from).count(), 1, "{from} must occur once");
            text = text.replace(from, to);
        }
        std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
    }
    dir
}

/// Runs the planted copy and checks the first divergent signal's name starts with `signal`.
fn planted_is_found(name: &str, top: &str, from: &str, to: &str, signal: &str) {
    let dir = planted_copy(name, &format!("{top}.v"), from, to);
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
