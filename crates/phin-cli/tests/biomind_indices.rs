//! `phin biomind indices`: writes indices.json (records pandas reads, the separation table) and
//! indices.png for a short run; the same seed gives the same file; bad input is one line naming
//! the flag, exit status 2, and nothing is written.

mod common;

use common::{phin, refused, scratch};

fn run(out: &std::path::Path) -> serde_json::Value {
    let o = phin(&[
        "biomind",
        "indices",
        "--seconds",
        "20",
        "--surrogates",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(out.join("indices.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    serde_json::from_slice(&std::fs::read(out.join("indices.json")).unwrap()).unwrap()
}

#[test]
fn a_short_run_writes_the_records_and_the_table() {
    let dir = scratch("biomind_indices");
    let a = run(&dir.join("a"));
    assert_eq!(a["format"], "phin-biomind-indices");
    let records = a["records"].as_array().unwrap();
    let separation = a["separation"].as_array().unwrap();
    assert_eq!(records.len(), 5 * separation.len());
    for r in records {
        for key in ["index", "signal", "state", "unit", "surrogate"] {
            assert!(r[key].is_string(), "{key}: {r}");
        }
        for key in ["value", "sd", "surrogate_mean", "surrogate_p95"] {
            assert!(r[key].as_f64().is_some_and(f64::is_finite), "{key}: {r}");
        }
        assert_eq!(r["windows"], 2, "{r}");
    }
    let alpha = separation
        .iter()
        .find(|s| s["index"] == "band_power.alpha")
        .unwrap();
    assert!(
        alpha["mean_anesthesia"].as_f64() > alpha["mean_psychedelic"].as_f64(),
        "{alpha}"
    );
    assert!(a["invariant_signals"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("delta")));
    let b = run(&dir.join("b"));
    assert_eq!(a, b, "the same seed, the same file");
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let dir = scratch("biomind_indices_bad");
    let out = dir.join("never");
    let o = out.to_str().unwrap();
    for (flag, args) in [
        ("--seconds", vec!["--seconds", "0"]),
        ("--seconds", vec!["--seconds", "nan"]),
        ("--seconds", vec!["--seconds", "1e9"]),
        ("--surrogates", vec!["--surrogates", "0"]),
        ("--seed", vec!["--seed", "-4"]),
    ] {
        let mut a = vec!["biomind", "indices", "--out", o];
        a.extend(args);
        let err = refused(&a);
        assert_eq!(err.trim().lines().count(), 1, "{a:?}: {err}");
        assert!(err.contains(flag), "{a:?}: {err}");
        assert!(!out.exists(), "{a:?} wrote {out:?}");
    }
}
