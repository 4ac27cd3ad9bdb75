//! The folded processor (`rtl/fpga/`, docs/fpga.md) against the reference RTL (`rtl/`): two
//! Verilated trees of `phi_n_neural_processor` in lockstep on the same stimulus, every output
//! port compared after every tick. The reference spends 10 clocks on a tick (FAST_SIM = 1), the
//! folded top `TICK_CLOCKS_FAST` (444), read from its source so that the number is known once. Random
//! stimulus and the scripted scenario (every state, transitions, SR bursts, sensory patterns),
//! adaptive mode off and on; a planted one-LSB change in the folded tree must be caught.
//!
//! In the default suite: all four configurations (random and scripted, adaptive off and on) for
//! `TICKS` each, the folded tree against the model, and the planted LSB.
//!
//! Tick counts: the folded top costs about 1 ms of simulation a tick (every clock of its
//! ~440-clock tick evaluates the whole design), so the default suite runs `TICKS` per
//! configuration; the 2·10⁵ per configuration and the 10⁷-tick run are opt-in
//! (`--ignored`, README). Needs Verilator; fails (never skips) without it.

mod common;

use phin_cosim::{
    model_for, repo_rtl_dir, Compare, Cosim, CosimError, LockstepConfig, Options, Outcome, Plan,
    RandomStimulus, Stimulus, TopScenario,
};
use std::collections::HashMap;
use std::path::PathBuf;

const TOP: &str = "phi_n_neural_processor";

/// Ticks per configuration in the default suite (CI budget; see the module docs).
const TICKS: u64 = 10_000;

/// The figure: ticks per configuration of the opt-in run.
const TICKS_FULL: u64 = 200_000;

fn fpga_dir() -> PathBuf {
    repo_rtl_dir().join("fpga")
}

/// `TICK_CLOCKS_FAST` of the folded top: the clocks of a tick with FAST_SIM = 1. Read from the
/// top's `localparam integer NAME = EXPR;` declarations (one or more lines each), whose
/// expressions use integers, earlier such names, `+`, `-`, `*`, `>` and `? :`, so that the number is
/// written once, in the RTL.
fn tick_clocks() -> u32 {
    let src = std::fs::read_to_string(fpga_dir().join(format!("{TOP}.v"))).expect("folded top");
    let mut known: HashMap<String, i64> = HashMap::new();
    let mut rest = src.as_str();
    while let Some(k) = rest.find("localparam integer ") {
        rest = &rest[k + "localparam integer ".len()..];
        let decl = &rest[..rest.find(';').expect("a `;`")];
        // Comments inside a multi-line declaration are dropped.
        let decl: String = decl
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((name, expr)) = decl.split_once('=') {
            if let Some(v) = eval(expr, &known) {
                known.insert(name.trim().to_string(), v);
            }
        }
    }
    let v = known
        .get("TICK_CLOCKS_FAST")
        .expect("a `localparam integer TICK_CLOCKS_FAST = ...;` in the folded top");
    u32::try_from(*v).expect("TICK_CLOCKS_FAST fits u32")
}

/// `c ? a : b`, `a > b`, sums and differences of products of integers and `known` names; None
/// otherwise.
fn eval(e: &str, known: &HashMap<String, i64>) -> Option<i64> {
    let e = e.trim();
    if let Some(e) = e.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        if !e.contains(['(', ')']) {
            return eval(e, known);
        }
    }
    if let Some((c, alt)) = e.split_once('?') {
        let (a, b) = alt.split_once(':')?;
        return if eval(c, known)? != 0 {
            eval(a, known)
        } else {
            eval(b, known)
        };
    }
    if let Some((a, b)) = e.split_once('>') {
        return Some(i64::from(eval(a, known)? > eval(b, known)?));
    }
    // A binary `-` is a `+` of the negated term.
    e.replace('-', "+-")
        .split('+')
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            let t = t.trim();
            let (sign, t) = t.strip_prefix('-').map_or((1, t), |t| (-1, t));
            t.split('*')
                .map(|f| {
                    let f = f.trim();
                    f.parse::<i64>().ok().or_else(|| known.get(f).copied())
                })
                .product::<Option<i64>>()
                .map(|v| sign * v)
        })
        .sum()
}

#[test]
fn the_folded_tick_is_its_longest_unit_and_one_clock() {
    // The folded Kuramoto monitor's 443 clocks are longer than the Hopf engine's 3 clocks of
    // lead (the folded thalamus's theta drive), 21 slots of 15 and a commit clock, and than
    // every other folded unit (docs/fpga.md); one more so that inputs set between ticks are the
    // ones sampled.
    assert_eq!(tick_clocks(), 443 + 1);
}

fn options(adaptive: bool, defines: &[&str]) -> Options {
    Options {
        compare: Compare::Ports,
        // Adaptive off is the model's default: no override, so the reference's build is the one
        // other tests of this tree make (one Verilator build fewer in the suite).
        params: if adaptive {
            vec![("ENABLE_ADAPTIVE".into(), "1".into())]
        } else {
            Vec::new()
        },
        defines: defines.iter().map(|d| (d.to_string(), None)).collect(),
        include_dirs: vec![repo_rtl_dir()],
        tick_clocks: Some(tick_clocks()),
        ..Options::default()
    }
}

/// The folded tree (first, with its own clocking) against the reference tree.
fn cosim(adaptive: bool, defines: &[&str]) -> Result<Cosim, CosimError> {
    Plan::rtl_against_rtl(
        &fpga_dir(),
        &repo_rtl_dir(),
        TOP,
        model_for(TOP),
        &options(adaptive, defines),
    )?
    .build()
}

fn run(adaptive: bool, scripted: bool, ticks: u64, seed: u64, defines: &[&str]) -> Outcome {
    let mut c = cosim(adaptive, defines).unwrap_or_else(|e| panic!("{e}"));
    let inputs = model_for(TOP).expect("model").inputs();
    let mut random;
    let mut scenario;
    let stim: &mut dyn Stimulus = if scripted {
        scenario = TopScenario::new(seed);
        &mut scenario
    } else {
        random = RandomStimulus::new(inputs, seed);
        &mut random
    };
    let cfg = LockstepConfig {
        ticks,
        seed: Some(seed),
        repro: format!(
            "cargo test --release -p phin-cosim --test lockstep_fpga (adaptive {adaptive}, \
             scripted {scripted}, seed {seed})"
        ),
        ..Default::default()
    };
    c.run(stim, &cfg).unwrap_or_else(|e| panic!("{e}"))
}

fn agrees(adaptive: bool, scripted: bool, ticks: u64, seed: u64) {
    let o = run(adaptive, scripted, ticks, seed, &[]);
    common::assert_agreed(
        &format!("folded top adaptive={adaptive} scripted={scripted}"),
        &o,
        ticks,
    );
}

#[test]
fn folded_random_static_agrees() {
    agrees(false, false, TICKS, 0x5EED_1901);
}

#[test]
fn folded_random_adaptive_agrees() {
    agrees(true, false, TICKS, 0x5EED_1902);
}

#[test]
fn folded_scenario_static_agrees() {
    agrees(false, true, TICKS, 0x5EED_1903);
}

#[test]
fn folded_scenario_adaptive_agrees() {
    agrees(true, true, TICKS, 0x5EED_1904);
}

/// The folded tree against phin's model (`phin cosim --rtl rtl/fpga -I rtl --tick-clocks 444
/// --compare ports`): the other half of item 3. Its Verilator build is the one
/// `folded_random_static_agrees` makes; the read-back bus, which the model lacks, is noted and
/// left out.
#[test]
fn the_folded_tree_agrees_with_the_model() {
    let model = model_for(TOP).expect("model");
    let inputs = model.inputs();
    let plan =
        Plan::new(&fpga_dir(), model, &options(false, &[])).unwrap_or_else(|e| panic!("{e}"));
    let notes: Vec<String> = plan.notes().iter().map(|n| n.to_string()).collect();
    assert!(
        notes.iter().any(|n| n.contains("rb_data")) && notes.iter().any(|n| n.contains("rb_addr")),
        "{notes:?}"
    );
    let mut c = plan.build().unwrap_or_else(|e| panic!("{e}"));
    let ticks = 2_000;
    let mut stim = RandomStimulus::new(inputs, 0x5EED_1906);
    let cfg = LockstepConfig {
        ticks,
        seed: Some(0x5EED_1906),
        repro: "cargo test --release -p phin-cosim --test lockstep_fpga the_folded_tree_agrees_with_the_model".into(),
        ..Default::default()
    };
    let o = c.run(&mut stim, &cfg).unwrap_or_else(|e| panic!("{e}"));
    common::assert_agreed("folded top against the model", &o, ticks);
}

/// `PHIN_PLANT_TOP` flips one LSB in the folded tree's datapath: the comparison must see it.
#[test]
fn a_planted_lsb_in_the_folded_tree_is_caught() {
    let o = run(false, false, 2_000, 0x5EED_1905, &["PHIN_PLANT_TOP"]);
    let m = o.first.expect("the planted change must be caught");
    assert!(m.tick < 2_000, "caught at tick {}", m.tick);
    println!(
        "planted PHIN_PLANT_TOP caught at tick {}: {}",
        m.tick, m.signal.name
    );
}

/// Opt-in: the 2·10⁵ ticks per configuration,
/// `cargo test --release -p phin-cosim --test lockstep_fpga -- --ignored full`.
#[test]
#[ignore = "2·10⁵ ticks in each of four configurations (about 15 minutes)"]
fn full_two_hundred_thousand_ticks_each() {
    agrees(false, false, TICKS_FULL, 0x5EED_1911);
    agrees(true, false, TICKS_FULL, 0x5EED_1912);
    agrees(false, true, TICKS_FULL, 0x5EED_1913);
    agrees(true, true, TICKS_FULL, 0x5EED_1914);
}

/// Opt-in: 10⁷ ticks (scripted, adaptive off, then random, adaptive on),
/// `cargo test --release -p phin-cosim --test lockstep_fpga -- --ignored long`.
#[test]
#[ignore = "10⁷ ticks (about 3 hours); run on demand"]
fn long_run_ten_million_ticks() {
    agrees(false, true, 5_000_000, 0x5EED_1921);
    agrees(true, false, 5_000_000, 0x5EED_1922);
}
