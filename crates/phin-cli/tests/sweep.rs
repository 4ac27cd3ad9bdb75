//! `phin sweep` as a user runs it: the JSON it writes, and bad arguments.

mod common;

use common::{phin, scratch};

use std::path::Path;
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// No file and no temporary file left in `dir`.
fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn sweep_writes_one_result_per_combination() {
    let dir = scratch("sweep_good");
    let out = dir.join("sweep.json");
    let o = phin(&[
        "sweep",
        "--states",
        "normal,meditation,flow",
        "--adaptive",
        "both",
        "--sensory",
        "0,0.25",
        "--seconds",
        "0.5",
        "--threads",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["instances"], 12);
    assert_eq!(doc["ticks"], 2_000);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 12);
    for r in results {
        let mean = r["dac_mean"].as_f64().unwrap();
        assert!((0.0..4096.0).contains(&mean), "{r}");
        assert!(r["dac_std"].as_f64().unwrap() >= 0.0);
        let kr = r["kuramoto_r_mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&kr), "{r}");
        let sie = r["sie_fraction"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&sie), "{r}");
        assert!(r["instance_ticks_per_s"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(results[3]["state"], "normal");
    assert_eq!(results[3]["adaptive"], true);
    assert_eq!(results[3]["sensory_q14"], 4_096);
    assert_eq!(results[11]["state"], "flow");
    assert_eq!(results[11]["params"]["enable_adaptive"], true);
    // Only the file, nothing half-written beside it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn sweep_without_out_prints_json_lines() {
    let o = phin(&[
        "sweep",
        "--states",
        "anesthesia",
        "--adaptive",
        "off",
        "--sensory",
        "-0.5,0,0.5",
        "--seconds",
        "0.1",
        "--threads",
        "1",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let so = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<serde_json::Value> = so
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["sensory_q14"], -8_192);
    assert_eq!(lines[2]["state_select"], 1);
}

#[test]
fn sweep_takes_states_by_code_as_run_does() {
    let o = phin(&[
        "sweep",
        "--states",
        "4, 0,Flow",
        "--adaptive",
        "off",
        "--seconds",
        "0.05",
        "--threads",
        "1",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let so = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<serde_json::Value> = so
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let states: Vec<(&str, u64)> = lines
        .iter()
        .map(|l| {
            (
                l["state"].as_str().unwrap(),
                l["state_select"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("meditation", 4), ("normal", 0), ("flow", 3)]);
}

#[test]
fn bad_sweep_arguments_exit_2_and_write_nothing() {
    let dir = scratch("sweep_bad");
    let out = dir.join("x.json");
    let out = out.to_str().unwrap();
    let missing = dir.join("no/such/dir/x.json");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--seconds", "0", "--out", out],
            "--seconds = 0 is out of range (allowed (0, 86400])",
        ),
        (
            vec!["--seconds", "86401", "--out", out],
            "--seconds = 86401 is out of range",
        ),
        (vec!["--seconds", "-1", "--out", out], "--seconds = -1"),
        (
            vec!["--states", "normal,sleepy", "--out", out],
            "--states = \"sleepy\" is not a state (allowed: normal, anesthesia",
        ),
        (
            vec!["--states", "5", "--out", out],
            "--states = \"5\" is not a state (allowed: normal, anesthesia, psychedelic, flow, \
             meditation or 0..=4)",
        ),
        (vec!["--adaptive", "maybe", "--out", out], "--adaptive"),
        (
            vec!["--sensory", "0,9", "--out", out],
            "--sensory = 9 is out of range",
        ),
        (
            vec!["--threads", "0", "--out", out],
            "--threads = 0 is out of range",
        ),
        (
            vec!["--seconds", "0.01", "--out", missing.to_str().unwrap()],
            "does not exist",
        ),
        (
            vec!["--seconds", "0.01", "--out", dir.to_str().unwrap()],
            "is a directory",
        ),
    ];
    for (args, needle) in cases {
        let mut full = vec!["sweep"];
        full.extend(&args);
        let o = phin(&full);
        let se = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(se.contains(needle), "{args:?}: {se}");
        assert_eq!(se.trim_end().lines().count(), 1, "{args:?}: {se}");
        assert!(empty(&dir), "{args:?} left a file");
    }
}
