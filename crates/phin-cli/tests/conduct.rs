//! `phin conduct` as a user runs it: the three files it writes and what they hold, the same
//! bytes for the same seed, and bad arguments refused with one line, exit 2, nothing written.

mod common;

use common::{phin, refused, scratch};
use serde_json::Value;
use std::path::Path;

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("tmp-"))
        .collect()
}

fn png_size(path: &Path) -> (u32, u32) {
    let png = std::fs::read(path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

fn conduct(out: &Path) -> (String, Vec<u8>) {
    let o = phin(&[
        "conduct",
        "--target",
        "motor.l4",
        "--offset",
        "90",
        "--seconds",
        "12",
        "--fault",
        "chemical_imbalance@6",
        "--out",
        out.to_str().unwrap(),
    ]);
    let so = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{so}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (so, std::fs::read(out.join("report.json")).unwrap())
}

#[test]
fn conduct_writes_the_report_and_both_pictures_the_same_for_the_same_seed() {
    let dir = scratch("conduct_good");
    let (so, bytes) = conduct(&dir.join("a"));
    assert!(
        so.contains("wrote report.json, phase.png, flows.png into"),
        "{so}"
    );
    assert!(so.contains("chance"), "{so}");
    assert!(leftovers(&dir).is_empty());
    let out = dir.join("a");
    assert_eq!(png_size(&out.join("phase.png")), (1_100, 1_000));
    assert_eq!(png_size(&out.join("flows.png")), (1_300, 900));
    let r: Value = serde_json::from_slice(&bytes).unwrap();
    let s = &r["steering"];
    assert_eq!(s["params"]["target"], "motor.l4");
    assert_eq!(s["params"]["offset_deg"], 90.0);
    assert!(s["spread_deg"].as_f64().unwrap() < 20.0);
    assert!(s["trace"].as_array().unwrap().len() >= 1_000);
    // Every metric beside its chance level, with the baseline named.
    for k in [
        "flow_efficiency",
        "sync_quality",
        "document_sync_quality",
        "latency_s",
        "stability",
    ] {
        assert!(r["metrics"][k]["baseline"].as_str().is_some(), "{k}");
        assert!(r["metrics"][k].get("chance").is_some(), "{k}");
    }
    assert_eq!(r["flow_frames"].as_array().unwrap().len(), 12);
    assert_eq!(r["matrix_properties"]["row_sums_below_one"], false);
    let f = &r["faults"][0];
    assert_eq!(f["mode"], "chemical_imbalance");
    assert!(f["detected_after_ticks"].as_u64().unwrap() <= 400);
    // The same seed gives the same bytes.
    let (_, again) = conduct(&dir.join("b"));
    assert_eq!(bytes, again);
}

#[test]
fn bad_arguments_name_the_flag_and_write_nothing() {
    let dir = scratch("conduct_bad");
    let out = dir.join("never");
    let o = out.to_str().unwrap();
    for (args, want) in [
        (
            vec!["conduct", "--offset", "400", "--out", o],
            "--offset = 400 is out of range (allowed [-360, 360])",
        ),
        (
            vec!["conduct", "--seconds", "-1", "--out", o],
            "--seconds = -1 is out of range (allowed (0, 3600])",
        ),
        (
            vec!["conduct", "--target", "cortex", "--out", o],
            "--target: \"cortex\" is not a oscillator",
        ),
        (
            vec!["conduct", "--fault", "overload@3", "--out", o],
            "--fault \"overload@3\": MODE is not one of desynchronization",
        ),
        (
            vec![
                "conduct",
                "--seconds",
                "5",
                "--fault",
                "layer_overload@5",
                "--out",
                o,
            ],
            "SECONDS = 5 is out of range (allowed [0, 5))",
        ),
        (
            vec!["conduct", "--sync", "sin", "--out", o],
            "--sync = \"sin\" is not a measure (allowed: nm, cos)",
        ),
    ] {
        let err = refused(&args);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.exists());
        assert!(leftovers(&dir).is_empty());
    }
}
