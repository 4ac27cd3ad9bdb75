//! The `phin` binary as a user runs it: exit codes, the fixed last lines, files written whole.

mod common;

use common::{phin, repo, scratch};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

/// A copy of the repository's rtl/ files (not its subdirectories, such as the folded RTL in
/// rtl/fpga/) in `dir`/rtl with every `from` in `file` replaced by `to`.
fn rtl_copy(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let rtl = dir.join("rtl");
    std::fs::create_dir_all(&rtl).unwrap();
    for e in std::fs::read_dir(repo().join("rtl")).unwrap() {
        let p = e.unwrap().path();
        if !p.is_file() {
            continue;
        }
        let mut t = std::fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == file {
            assert!(t.contains(from), "{from} must occur in {file}");
            t = t.replace(from, to);
        }
        std::fs::write(rtl.join(p.file_name().unwrap()), t).unwrap();
    }
    rtl
}

#[test]
fn run_reports_theta_frequency_and_writes_its_files() {
    let out = scratch("cli_run");
    let o = phin(&[
        "run",
        "--module",
        "hopf-oscillator",
        "--seconds",
        "11",
        "--out",
        out.to_str().unwrap(),
    ]);
    let (so, se) = text(&o);
    assert!(o.status.success(), "{so}{se}");
    let f: f64 = so
        .lines()
        .find_map(|l| l.strip_prefix("frequency: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("a frequency line");
    assert!((f - 5.89).abs() / 5.89 < 0.01, "{f}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["ticks"], 44_000);
    let csv = std::fs::read_to_string(out.join("trace.csv")).unwrap();
    assert_eq!(csv.lines().count(), 44_001);
    // Nothing half-written is left behind.
    for e in std::fs::read_dir(&out).unwrap() {
        let n = e.unwrap().file_name();
        assert!(!n.to_string_lossy().contains("tmp-"), "{n:?}");
    }
}

#[test]
fn bad_arguments_get_one_line_and_exit_2() {
    for (args, needle) in [
        (
            vec!["run", "--seconds", "0"],
            "--seconds = 0 is out of range",
        ),
        (vec!["run", "--seconds", "nan"], "--seconds"),
        (
            vec!["run", "--module", "hopf-oscillator", "--mu", "200000"],
            "--mu = 200000 is out of range",
        ),
        (
            vec!["cosim", "--rtl", "rtl", "--top", "nosuch"],
            "no module nosuch in rtl (modules found: ",
        ),
        (
            vec!["cosim", "--rtl", "no/such/dir", "--top", "x"],
            "not a directory",
        ),
        (
            vec!["cosim", "--rtl", "rtl", "--top", "lfsr16", "--ticks", "0"],
            "--ticks = 0 is out of range",
        ),
        (
            vec!["bench", "--top", "lfsr16", "--ticks", "5"],
            "--ticks = 5",
        ),
        (
            vec!["bench", "--top", "phi_n_neural_processor", "--batch", "0"],
            "--batch = 0 is out of range (allowed 1..=65536)",
        ),
    ] {
        let o = phin(&args);
        let (so, se) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {so}{se}");
        assert!(se.contains(needle), "{args:?}: {se}");
    }
}

#[test]
fn cosim_agrees_on_each_module_and_prints_the_fixed_last_line() {
    for top in [
        "hopf_oscillator",
        "hopf_oscillator_stochastic",
        "sr_noise_generator",
        "lfsr16",
    ] {
        let o = phin(&[
            "cosim", "--rtl", "rtl", "--top", top, "--ticks", "50000", "--seed", "11",
        ]);
        let (so, se) = text(&o);
        assert!(o.status.success(), "{top}: {so}{se}");
        let last = so.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("agree: 50000 ticks, ") && last.ends_with(" signals, 0 mismatches"),
            "{top}: {last}"
        );
    }
}

#[test]
fn cosim_mismatch_exits_1_with_report_and_waveform() {
    let dir = scratch("cli_planted");
    let rtl = rtl_copy(&dir, "sr_noise_generator.v", "16'h92F5", "16'h92F4");
    let vcd = dir.join("window.vcd");
    let o = phin(&[
        "cosim",
        "--rtl",
        rtl.to_str().unwrap(),
        "--top",
        "sr_noise_generator",
        "--ticks",
        "100",
        "--seed",
        "3",
        "--mismatch-vcd",
        vcd.to_str().unwrap(),
    ]);
    let (so, se) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{so}{se}");
    assert!(so.contains("MISMATCH at tick 0"), "{so}");
    assert!(
        so.contains("first divergent signal: u_lfsr_f4.lfsr"),
        "{so}"
    );
    assert!(
        so.contains("rtl   0x92f4") && so.contains("model 0x92f5"),
        "{so}"
    );
    assert!(so.contains("reproduce: phin cosim"), "{so}");
    assert!(vcd.exists());
}

#[test]
fn cosim_records_and_replays_the_same_run() {
    let dir = scratch("cli_replay");
    let stim = dir.join("stim.txt");
    let o = phin(&[
        "cosim",
        "--rtl",
        "rtl",
        "--top",
        "hopf_oscillator",
        "--ticks",
        "2000",
        "--seed",
        "5",
        "--record",
        stim.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = phin(&[
        "cosim",
        "--rtl",
        "rtl",
        "--top",
        "hopf_oscillator",
        "--ticks",
        "5000",
        "--replay",
        stim.to_str().unwrap(),
    ]);
    let (so, se) = text(&o);
    assert!(o.status.success(), "{so}{se}");
    assert!(
        so.ends_with("agree: 2000 ticks, 3 signals, 0 mismatches\n"),
        "{so}"
    );
    // A malformed file names the line, the field and the allowed range.
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "mu_dt omega_dt input_x\n3 152 999999\n").unwrap();
    let o = phin(&[
        "cosim",
        "--rtl",
        "rtl",
        "--top",
        "hopf_oscillator",
        "--replay",
        bad.to_str().unwrap(),
    ]);
    let (_, se) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        se.contains("bad.txt:2: input_x = 999999 is out of range (allowed -131072..=131071)"),
        "{se}"
    );
}

#[test]
fn cosim_without_verilator_says_how_to_install_it() {
    let o = Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(["cosim", "--rtl", "rtl", "--top", "lfsr16"])
        .current_dir(repo())
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let (_, se) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(se.contains("apt-get install -y verilator"), "{se}");
    assert_eq!(se.lines().count(), 1, "{se}");
}

#[test]
fn bench_reports_both_rates_and_their_ratio() {
    let o = phin(&[
        "bench",
        "--top",
        "hopf_oscillator",
        "--ticks",
        "200000",
        "--json",
    ]);
    let (so, se) = text(&o);
    assert!(o.status.success(), "{so}{se}");
    let v: serde_json::Value = serde_json::from_str(&so).unwrap();
    let (m, r, ratio) = (
        v["model_ticks_per_s"].as_f64().unwrap(),
        v["verilated_ticks_per_s"].as_f64().unwrap(),
        v["ratio"].as_f64().unwrap(),
    );
    assert!(m > 0.0 && r > 0.0);
    assert!((ratio - m / r).abs() / ratio < 1e-9);
}

#[test]
fn cosim_compare_ports_ignores_internal_registers() {
    // A copy of the RTL whose config_controller renames an internal shadow register: the full
    // comparison cannot find it, the ports-only comparison does not need it and agrees.
    let dir = scratch("cli_ports");
    let rtl = rtl_copy(
        &dir,
        "config_controller.v",
        "start_mu_theta",
        "shadow_mu_theta",
    );
    let r = rtl.to_str().unwrap();
    let full = phin(&[
        "cosim",
        "--rtl",
        r,
        "--top",
        "config_controller",
        "--ticks",
        "20000",
    ]);
    let (_, se) = text(&full);
    assert_eq!(full.status.code(), Some(2), "{se}");
    assert!(se.contains("start_mu_theta"), "{se}");
    let ports = phin(&[
        "cosim",
        "--rtl",
        r,
        "--top",
        "config_controller",
        "--ticks",
        "20000",
        "--seed",
        "4",
        "--compare",
        "ports",
    ]);
    let (so, se) = text(&ports);
    assert!(ports.status.success(), "{so}{se}");
    let last = so.lines().last().unwrap_or_default();
    assert!(last.starts_with("agree: 20000 ticks, "), "{last}");
    assert!(
        !last.contains(" 33 signals"),
        "only the ports are compared: {last}"
    );
}

#[test]
fn a_closed_standard_output_ends_phin_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    // `phin run --json | head -c 1`: the reader is gone before phin writes its summary.
    let mut child = Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(["run", "--state", "normal", "--seconds", "2", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let (_, se) = text(&o);
    assert!(!se.contains("panicked"), "{se}");
    assert_eq!(
        o.status.signal(),
        Some(libc::SIGPIPE),
        "{:?}: {se}",
        o.status
    );
}

#[test]
fn a_bad_cxx_optimisation_level_is_refused_before_any_build() {
    let o = Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(["cosim", "--rtl", "rtl", "--top", "lfsr16", "--ticks", "100"])
        .env("PHIN_COSIM_CXX_OPT", "-O9")
        .current_dir(repo())
        .output()
        .expect("phin runs");
    let (_, se) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{se}");
    assert!(
        se.contains("$PHIN_COSIM_CXX_OPT = \"-O9\" is not accepted (allowed: -O0, -O1, -O2"),
        "{se}"
    );
}
