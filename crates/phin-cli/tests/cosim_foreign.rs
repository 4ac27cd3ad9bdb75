//! `phin cosim` on a tree that is not ours (crates/phin-cosim/tests/rtl_foreign: phin's top with
//! ports renamed, one narrowed, one behaviour changed, one instance renamed): the per-port report
//! and its JSON, the options that make the comparable comparable, the checks that fail before
//! Verilator runs, RTL against RTL, and where builds and waveforms go.

mod common;

use common::{repo, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TOP: &str = "phi_n_neural_processor";
const FIXTURE: &str = "crates/phin-cosim/tests/rtl_foreign";

/// The test suite's cache: under target/, shared with phin-cosim's tests.
fn cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("../phin-cosim")
}

/// `phin` in the repository root with the suite's cache.
fn phin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(args)
        .current_dir(repo())
        .env("PHIN_CACHE_DIR", cache())
        .output()
        .expect("phin runs")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

/// The fixture's run, ports only, every tick counted.
fn fixture_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "cosim",
        "--rtl",
        FIXTURE,
        "-I",
        "rtl",
        "--top",
        TOP,
        "--compare",
        "ports",
        "--keep-going",
        "all",
    ];
    v.extend_from_slice(extra);
    v
}

/// A directory whose `verilator` only leaves a mark that it ran, and fails.
fn fake_verilator(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let mark = dir.join("verilator-ran");
    let script = bin.join("verilator");
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", mark.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (bin, mark)
}

/// `phin` with only the fake verilator (and the system's sh) on PATH.
fn phin_without_verilator(bin: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(args)
        .current_dir(repo())
        .env("PHIN_CACHE_DIR", cache())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .output()
        .expect("phin runs")
}

#[test]
fn the_fixture_runs_with_the_narrowed_port_skipped_and_the_changed_port_named() {
    let o = phin(&fixture_args(&["--ticks", "20000", "--seed", "1"]));
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{so}{se}");
    assert!(
        so.contains(
            "parameters: FAST_SIM=1 SR_STOCHASTIC_ENABLE=1 SR_DRIFT_ENABLE=1 ENABLE_ADAPTIVE=0 \
             (as phin's model); defines: none; 10 clock edges per tick"
        ),
        "{so}"
    );
    assert!(
        so.contains(
            "note: sr_amplification: 18 bits in phin's model but 1 bit in the RTL: not compared"
        ),
        "{so}"
    );
    assert!(
        so.contains("note: debug_theta: the RTL has no port debug_theta"),
        "{so}"
    );
    let rows: Vec<&str> = so
        .lines()
        .skip_while(|l| !l.starts_with("per-port report"))
        .skip(2)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(rows.len(), 27, "{so}");
    for r in &rows {
        let name = r.split_whitespace().next().unwrap();
        let changed = name == "cortical_pattern_out";
        assert_eq!(!r.contains(" all "), changed, "{r}");
    }
    let last = so.lines().last().unwrap();
    assert!(
        last.starts_with("disagree: 20000 ticks, 27 signals, ") && last.ends_with(" mismatches"),
        "{last}"
    );
    assert!(so.contains("MISMATCH at tick"), "{so}");
    assert!(
        so.contains("first divergent signal: cortical_pattern_out"),
        "{so}"
    );
}

#[test]
fn json_report_and_port_map() {
    let o = phin(&fixture_args(&[
        "--ticks",
        "20000",
        "--seed",
        "2",
        "--port-map",
        "debug_theta=dbg_theta",
        "--port-map",
        "debug_motor_l23=dbg_motor_l23",
        "--json",
    ]));
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{so}{se}");
    let lines: Vec<&str> = so.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one JSON line and the fixed last line: {so}"
    );
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["last_line"], lines[1]);
    assert!(lines[1].starts_with("disagree: 20000 ticks, 29 signals, "));
    let ports = v["ports"].as_array().unwrap();
    assert_eq!(ports.len(), 29);
    for p in ports {
        let (agree, compared) = (
            p["agreeing"].as_u64().unwrap(),
            p["compared"].as_u64().unwrap(),
        );
        assert_eq!(compared, 20_001);
        assert_eq!(
            agree == compared,
            p["name"] != "cortical_pattern_out",
            "{p}"
        );
    }
    let theta = ports.iter().find(|p| p["name"] == "debug_theta").unwrap();
    assert_eq!(theta["other_name"], "dbg_theta");
    assert_eq!(theta["rms_diff"].as_f64(), Some(0.0));
    let notes = v["notes"].as_array().unwrap();
    assert!(notes
        .iter()
        .any(|n| n["port"] == "sr_amplification" && n["skipped"] == true));
    assert!(v["first_mismatch"]["waveform"]
        .as_str()
        .unwrap()
        .starts_with(cache().join("mismatch").to_str().unwrap()));
}

#[test]
fn compare_all_on_the_fixture_fails_before_verilator_starts() {
    let (bin, mark) = fake_verilator("cosim_fail_fast");
    let o = phin_without_verilator(
        &bin,
        &["cosim", "--rtl", FIXTURE, "-I", "rtl", "--top", TOP],
    );
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{so}{se}");
    assert!(se.starts_with("phin: --compare all: "), "{se}");
    assert!(se.contains("u_mixer."), "{se}");
    assert_eq!(se.lines().count(), 1, "{se}");
    assert!(!mark.exists(), "verilator must not have run");
}

#[test]
fn bad_options_are_refused_in_one_line_before_verilator_starts() {
    let (bin, mark) = fake_verilator("cosim_bad_options");
    let missing_dir_vcd = "/no/such/dir/w.vcd";
    for (extra, needle) in [
        (vec!["-G", "1X=2"], "-G \"1X=2\": expected NAME=VALUE"),
        (
            vec!["-G", "NOPE=1"],
            "-G NOPE: phi_n_neural_processor has no parameter NOPE",
        ),
        (vec!["-G", "ENABLE_ADAPTIVE=2"], "allowed 0 or 1"),
        (vec!["-D", "A B"], "-D \"A B\": expected NAME or NAME=VALUE"),
        (
            vec!["-I", "/no/such/include"],
            "-I /no/such/include: not a directory",
        ),
        (
            vec!["--port-map", "debug_theta"],
            "--port-map \"debug_theta\": expected MODEL=RTL",
        ),
        (
            vec!["--port-map", "debug_theta=nosuch"],
            "has no port nosuch",
        ),
        (
            vec!["--port-map", "nosuch=dbg_theta"],
            "phin's model of phi_n_neural_processor has no port nosuch",
        ),
        (vec!["--ignore-port", "nosuch"], "--ignore-port nosuch: "),
        (
            vec!["--keep-going", "lots"],
            "--keep-going \"lots\": expected a count",
        ),
        (
            vec!["--vcd", missing_dir_vcd],
            "--vcd: /no/such/dir/w.vcd: directory /no/such/dir does not exist",
        ),
        (
            vec!["--against-rtl", "/no/such/tree"],
            "--against-rtl /no/such/tree: not a directory",
        ),
        (
            vec!["--tick-clocks", "0"],
            "--tick-clocks = 0 is out of range (allowed 1..=1048576)",
        ),
    ] {
        let mut args = vec![
            "cosim",
            "--rtl",
            FIXTURE,
            "-I",
            "rtl",
            "--top",
            TOP,
            "--compare",
            "ports",
        ];
        if extra[0] == "-I" {
            args.truncate(3);
            args.extend(["--top", TOP, "--compare", "ports"]);
        }
        args.extend(&extra);
        let o = phin_without_verilator(&bin, &args);
        let (so, se) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {so}{se}");
        assert!(se.contains(needle), "{extra:?}: {se}");
        assert_eq!(se.lines().count(), 1, "{extra:?}: {se}");
    }
    assert!(!mark.exists(), "verilator must not have run");
}

#[test]
fn a_parameter_override_is_printed_before_the_build() {
    let (bin, _) = fake_verilator("cosim_param_line");
    let o = phin_without_verilator(
        &bin,
        &fixture_args(&[
            "-G",
            "ENABLE_ADAPTIVE=1",
            "-D",
            "PHIN_FIXTURE",
            "-D",
            "LEVEL=2",
        ]),
    );
    let (so, se) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the fake verilator fails: {so}{se}"
    );
    assert!(
        so.contains(
            "parameters: FAST_SIM=1 SR_STOCHASTIC_ENABLE=1 SR_DRIFT_ENABLE=1 (as phin's model), \
             ENABLE_ADAPTIVE=1 (-G, model and RTL); defines: PHIN_FIXTURE LEVEL=2; 10 clock \
             edges per tick"
        ),
        "{so}"
    );
    let o = phin_without_verilator(&bin, &fixture_args(&["--tick-clocks", "330"]));
    let (so, _) = text(&o);
    assert!(
        so.contains("10 clock edges per tick (330 in crates/phin-cosim/tests/rtl_foreign)"),
        "{so}"
    );
    let o = phin_without_verilator(&bin, &fixture_args(&["-G", "FAST_SIM=0"]));
    let (so, _) = text(&o);
    assert!(
        so.contains("FAST_SIM=0 (-G, model and RTL)") && so.contains("31250 clock edges per tick"),
        "{so}"
    );
}

#[test]
fn rtl_against_rtl_names_the_changed_port() {
    let o = phin(&[
        "cosim",
        "--rtl",
        "rtl",
        "--against-rtl",
        FIXTURE,
        "-I",
        "rtl",
        "--top",
        TOP,
        "--compare",
        "ports",
        "--port-map",
        "debug_theta=dbg_theta",
        "--port-map",
        "debug_motor_l23=dbg_motor_l23",
        "--keep-going",
        "all",
        "--ticks",
        "20000",
        "--seed",
        "3",
    ]);
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{so}{se}");
    assert!(
        so.contains("comparing two RTL trees of phi_n_neural_processor: a = rtl, b = "),
        "{so}"
    );
    assert!(so.contains("per-port report (b against a;"), "{so}");
    let bad: Vec<&str> = so
        .lines()
        .skip_while(|l| !l.starts_with("per-port report"))
        .skip(2)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.contains(" all "))
        .collect();
    assert_eq!(bad.len(), 1, "{so}");
    assert!(
        bad[0].trim_start().starts_with("cortical_pattern_out"),
        "{so}"
    );
    assert!(so
        .lines()
        .last()
        .unwrap()
        .starts_with("disagree: 20000 ticks, 29 signals, "));
}

/// `--tick-clocks` sets the --rtl tree's clocking and only its: the reference top against itself
/// agrees at its own 10 edges a tick and parts at the first tick when the first tree runs two
/// of its ticks (20 edges) for each of the other's.
#[test]
fn tick_clocks_sets_the_first_trees_clocking() {
    let run = |n: &str| {
        phin(&[
            "cosim",
            "--rtl",
            "rtl",
            "--against-rtl",
            "rtl",
            // As rtl_against_rtl_names_the_changed_port's first tree: the same Verilator build.
            "-I",
            "rtl",
            "--top",
            TOP,
            "--compare",
            "ports",
            "--ticks",
            "2000",
            "--seed",
            "5",
            "--tick-clocks",
            n,
        ])
    };
    let o = run("10");
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{so}{se}");
    assert!(so.contains("(10 in rtl)"), "{so}");
    let o = run("20");
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{so}{se}");
    assert!(so.contains("MISMATCH at tick 1 "), "{so}");
}

#[test]
fn builds_and_waveforms_go_to_the_cache_not_the_current_folder() {
    let dir = scratch("cosim_cache_dirs");
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    let rtl = repo().join("rtl");
    let run = |envs: &[(&str, &Path)], extra: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_phin"));
        c.args([
            "cosim",
            "--rtl",
            rtl.to_str().unwrap(),
            "--top",
            "lfsr16",
            "--ticks",
            "50",
        ])
        .args(["--seed", "9", "-G", "SEED=16'h1234"])
        .args(extra)
        .current_dir(&work)
        .env_remove("PHIN_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME");
        for (k, v) in envs {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    // An installed phin: $XDG_CACHE_HOME/phin/cosim.
    let xdg = dir.join("xdg");
    let o = run(&[("XDG_CACHE_HOME", &xdg)], &[]);
    let (so, se) = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the RTL-only seed differs: {so}{se}"
    );
    let vcd = xdg.join("phin/cosim/mismatch/lfsr16-9.vcd");
    assert!(
        so.contains(&format!("side by side): {}", vcd.display())),
        "{so}"
    );
    assert!(vcd.exists());
    assert!(std::fs::read_dir(xdg.join("phin/cosim")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("lfsr16-")));
    // --cache-dir wins over the environment.
    let own = dir.join("own-cache");
    let o = run(
        &[("XDG_CACHE_HOME", &xdg)],
        &["--cache-dir", own.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    assert!(own.join("mismatch/lfsr16-9.vcd").exists());
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        0,
        "nothing lands in the current folder"
    );
}
