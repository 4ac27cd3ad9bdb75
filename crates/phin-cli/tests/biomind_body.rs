//! `phin biomind body`: writes report.json and body.png; the same seed gives the same report;
//! heat engages the threat override and the load recovers; bad input is one line naming the
//! flag, exit status 2, and nothing is written.

mod common;

use common::{phin, refused, scratch};

fn run(out: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["biomind", "body"];
    a.extend_from_slice(args);
    a.extend(["--out", out.to_str().unwrap(), "--force"]);
    let o = phin(&a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = std::fs::read(out.join("body.png")).unwrap();
    assert_eq!(&b[1..4], b"PNG");
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn heat_engages_the_override_and_the_report_is_reproducible() {
    let dir = scratch("biomind_body");
    let args = [
        "--state",
        "normal",
        "--seconds",
        "400",
        "--stressor",
        "heat@20:150",
        "--seed",
        "2",
    ];
    let a = run(&dir.join("a"), &args);
    let b = run(&dir.join("b"), &args);
    assert_eq!(a, b, "the same seed, the same report");
    assert_eq!(a["format"], "phin-biomind-body");
    let s = &a["stressors"][0];
    let before = s["load_total_before"].as_f64().unwrap();
    let end = s["load_total_at_end"].as_f64().unwrap();
    assert!(end > before + 0.1, "{s}");
    assert!(s["override_engaged_at_s"].as_f64().is_some(), "{s}");
    assert!(s["override_released_at_s"].as_f64().is_some(), "{s}");
    let last = a["trace"].as_array().unwrap().last().unwrap()["body"]["load_total"]
        .as_f64()
        .unwrap();
    assert!(
        last < before + 0.5 * (end - before),
        "L_total at the end {last}"
    );
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let dir = scratch("biomind_body_bad");
    let out = dir.join("never");
    let o = out.to_str().unwrap();
    for (flag, args) in [
        ("--seconds", vec!["--seconds", "0"]),
        ("--seconds", vec!["--seconds", "1e9"]),
        ("--state", vec!["--state", "asleep"]),
        ("--stressor", vec!["--stressor", "cold@3"]),
        ("--stressor", vec!["--stressor", "heat@-1"]),
        ("--stressor", vec!["--stressor", "heat@700"]),
        ("--stressor", vec!["--stressor", "heat"]),
        ("--seed", vec!["--seed", "-4"]),
    ] {
        let mut a = vec!["biomind", "body", "--out", o];
        a.extend(args);
        let err = refused(&a);
        assert_eq!(err.trim().lines().count(), 1, "{a:?}: {err}");
        assert!(err.contains(flag), "{a:?}: {err}");
        assert!(!out.exists(), "{a:?} wrote {out:?}");
    }
}
