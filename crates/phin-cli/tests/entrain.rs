//! `phin entrain` as a user runs it: the two files it writes and what they hold, and bad
//! ranges refused with one line naming the flag and the allowed range, exit 2, nothing written.

mod common;

use common::{phin, refused, scratch};
use serde_json::Value;
use std::path::Path;

/// Entries of `dir` that are temporary outputs (`.<name>.phin-tmp-…`).
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

#[test]
fn entrain_writes_the_tongue_and_its_picture() {
    let dir = scratch("entrain_good");
    let out = dir.join("tongue");
    let o = phin(&[
        "entrain",
        "--osc",
        "motor.l4",
        "--freq",
        "30:34:1",
        "--amp",
        "0:2:1",
        "--state",
        "normal",
        "--seconds",
        "4",
        "--settle",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let so = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{so}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(so.contains("wrote arnold.json, arnold.png into"), "{so}");
    assert!(leftovers(&dir).is_empty());
    assert_eq!(png_size(&out.join("arnold.png")), (1_200, 800));
    let j: Value =
        serde_json::from_slice(&std::fs::read(out.join("arnold.json")).unwrap()).unwrap();
    let m = &j["map"];
    assert_eq!(m["oscillator"], "motor.l4");
    assert_eq!(m["nominal_hz"], 31.73);
    assert_eq!(m["cells"].as_array().unwrap().len(), 15);
    assert_eq!(
        m["chance"].as_array().unwrap().len(),
        5,
        "one drive-off control per frequency"
    );
    let plv = |hz: f64, amp: f64| {
        m["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["hz"] == hz && c["amplitude"] == amp)
            .unwrap()["plv"]
            .as_f64()
            .unwrap()
    };
    // Driven at 32 Hz (inside the tongue) motor L4 locks; at 30 Hz, drive 1.0, it does not.
    assert!(plv(32.0, 2.0) > 0.95);
    assert!(plv(30.0, 1.0) < 0.6);
    assert!(j["throughput"]["threads_used"].as_u64().unwrap() >= 1);
}

#[test]
fn bad_ranges_name_the_flag_and_write_nothing() {
    let dir = scratch("entrain_bad");
    let out = dir.join("never");
    let o = out.to_str().unwrap();
    for (args, want) in [
        (
            vec!["entrain", "--amp", "0:9:0.1", "--out", o],
            "--amp = \"0:9:0.1\" is out of range (allowed LO:HI:STEP with 0 <= LO <= HI <= 7.99993896484375 and STEP > 0)",
        ),
        (
            vec!["entrain", "--freq", "36:28:0.25", "--out", o],
            "--freq = \"36:28:0.25\" is out of range (allowed LO:HI:STEP",
        ),
        (
            vec!["entrain", "--freq", "28:36:0", "--out", o],
            "--freq = \"28:36:0\" is out of range",
        ),
        (
            vec!["entrain", "--seconds", "0", "--out", o],
            "--seconds = 0 is out of range (allowed (0, 600])",
        ),
        (
            vec!["entrain", "--osc", "motor.l7", "--out", o],
            "--osc: \"motor.l7\" is not a oscillator",
        ),
        (
            vec!["entrain", "--state", "sleep", "--out", o],
            "--state = \"sleep\" is not a state",
        ),
        (
            vec!["entrain", "--port", "retina", "--out", o],
            "--port: port = \"retina\" is out of range (allowed: sensory, sr_field.f0",
        ),
        (
            vec!["entrain", "--pulse", "1.5", "--out", o],
            "--pulse = 1.5 is out of range (allowed (0, 1])",
        ),
    ] {
        let err = refused(&args);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!out.exists());
        assert!(leftovers(&dir).is_empty());
    }
}
