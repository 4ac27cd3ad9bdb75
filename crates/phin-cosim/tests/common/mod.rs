//! Shared by the lockstep and proptest files: one way to assert agreement, one stimulus strategy.
#![allow(dead_code)]

use phin_core::fixed_point::{mask, wrap_u};
use phin_cosim::{model_for, repo_rtl_dir, Cosim, LockstepConfig, Outcome, Port, ReplayStimulus};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};

/// Panics with the mismatch report unless `o` ran `ticks` ticks with zero mismatches.
pub fn assert_agreed(label: &str, o: &Outcome, ticks: u64) {
    if let Some(m) = &o.first {
        panic!("{label}: {m}");
    }
    assert_eq!(o.ticks, ticks, "{label}: ticks run");
    assert_eq!(o.mismatches, 0, "{label}: mismatches");
    assert!(o.signals > 0, "{label}: nothing compared");
    println!("{label}: {}", o.agree_line());
}

/// `ticks` ticks of seeded random stimulus through the repository's RTL of `top` and its model.
pub fn agree(top: &str, ticks: u64, seed: u64) {
    let mut c = Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}"));
    let o = c.run_random(ticks, seed).unwrap_or_else(|e| panic!("{e}"));
    assert_agreed(top, &o, ticks);
}

/// Values of one port: its operating points, its usual range, its two extremes, anything.
pub fn port_values(p: &'static Port) -> BoxedStrategy<u64> {
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

/// Proptest: `cases` stimulus sequences of 1..`max_len` ticks for `top`, each run in lockstep
/// (the Verilated model is built once; every case resets both sides). A failing sequence
/// shrinks to the shortest one that still diverges.
pub fn sequences_agree(top: &str, cases: u32, max_len: usize) {
    let ports: &'static [Port] = model_for(top).expect("a model").inputs();
    let c =
        std::cell::RefCell::new(Cosim::new(&repo_rtl_dir(), top).unwrap_or_else(|e| panic!("{e}")));
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    // A top without inputs gets empty rows: its sequences differ only in length.
    let row: Vec<BoxedStrategy<u64>> = ports.iter().map(port_values).collect();
    let seq = prop::collection::vec(row, 1..max_len);
    runner
        .run(&seq, |rows| {
            let n = rows.len() as u64;
            let mut stim = ReplayStimulus::new(rows);
            let cfg = LockstepConfig {
                ticks: n,
                repro: format!("proptest {top}"),
                ..Default::default()
            };
            let o = c.borrow_mut().run(&mut stim, &cfg).expect("lockstep runs");
            if let Some(m) = &o.first {
                return Err(TestCaseError::fail(m.to_string()));
            }
            prop_assert_eq!(o.ticks, n);
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{top}: {e}"));
}

/// A copy of the repository's rtl/ under target/ with one text replacement planted in `file`
/// (which must contain `from` exactly once): the RTL a test expects the comparison to reject.
pub fn planted_copy(name: &str, file: &str, from: &str, to: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(repo_rtl_dir()).unwrap() {
        let p = e.unwrap().path();
        // rtl/'s files only: its subdirectories (the folded RTL, rtl/fpga/) are other trees.
        if !p.is_file() {
            continue;
        }
        let mut text = std::fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == file {
            assert_eq!(
                text.matches(from).count(),
                1,
                "{from} must occur once in {file}"
            );
            text = text.replace(from, to);
        }
        std::fs::write(dir.join(p.file_name().unwrap()), text).unwrap();
    }
    dir
}

/// A copy of the repository's rtl/ under target/ with every occurrence of `from` in `file`
/// replaced (there must be at least one).
pub fn planted_copy_all(name: &str, file: &str, from: &str, to: &str) -> PathBuf {
    let dir = rtl_copy(name);
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} must occur in {file}");
    std::fs::write(&p, text.replace(from, to)).unwrap();
    dir
}

/// An unchanged copy of the repository's rtl/ under target/.
pub fn rtl_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(repo_rtl_dir()).unwrap() {
        let p = e.unwrap().path();
        if !p.is_file() {
            continue;
        }
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    dir
}
