//! `phin sync`: the protocol on the live processor writes report.json and sync.png; the same
//! configuration and seed give the same report bytes; bad faults and configurations are one
//! line naming the field, exit status 2.

mod common;

use common::{phin, refused, scratch};

#[test]
fn writes_the_report_and_the_picture() {
    let dir = scratch("sync_run");
    let out = dir.join("out");
    let cfg = dir.join("sync.toml");
    std::fs::write(
        &cfg,
        "[layer_sync]\nheartbeat_frequency_hz = 10.0\nphase_margin_degrees = 5.0\n",
    )
    .unwrap();
    let args = [
        "sync",
        "--config",
        cfg.to_str().unwrap(),
        "--seconds",
        "3",
        "--fault",
        "1:drift=50",
        "--fault",
        "6:byzantine=25",
        "--fault",
        "8:silent",
        "--seed",
        "9",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = phin(&args);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("ratio"), "{stdout}");
    let bytes = std::fs::read(out.join("report.json")).unwrap();
    let r: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(r["summary"]["heartbeats"], 30);
    let hb = &r["heartbeats"][29];
    assert!(hb["skew_ticks"].as_f64().unwrap() <= 4.0);
    let detected = hb["consensus"]["faults_detected"].as_array().unwrap();
    assert!(detected.contains(&serde_json::json!(8)), "{hb}");
    assert!(hb["phase_error_deg"].as_array().unwrap().len() == 9);
    let png = std::fs::read(out.join("sync.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // The same run again: the same bytes.
    let out2 = dir.join("out2");
    let mut again = args.to_vec();
    let last = again.len() - 1;
    let p2 = out2.to_str().unwrap().to_string();
    again[last] = &p2;
    assert!(phin(&again).status.success());
    assert_eq!(std::fs::read(out2.join("report.json")).unwrap(), bytes);
}

#[test]
fn bad_faults_and_configs_are_one_line_naming_the_field() {
    let e = refused(&["sync", "--seconds", "1", "--fault", "3:melt"]);
    assert!(e.contains("fault") && e.lines().count() == 1, "{e}");
    let e = refused(&["sync", "--seconds", "1", "--fault", "12:silent"]);
    assert!(e.contains("fault layer") && e.contains("0 ..= 8"), "{e}");
    let e = refused(&["sync", "--seconds", "1", "--fault", "2:drift=abc"]);
    assert!(e.contains("fault drift"), "{e}");
    let e = refused(&[
        "sync",
        "--seconds",
        "1",
        "--fault",
        "2:silent",
        "--fault",
        "2:stuck",
    ]);
    assert!(e.contains("two faults"), "{e}");
    let e = refused(&["sync", "--seconds", "0"]);
    assert!(e.contains("--seconds"), "{e}");
    let dir = scratch("sync_bad");
    let cfg = dir.join("bad.toml");
    std::fs::write(&cfg, "[layer_sync]\nconsensus_threshold = 1.5\n").unwrap();
    let e = refused(&["sync", "--config", cfg.to_str().unwrap(), "--seconds", "1"]);
    assert!(
        e.contains("layer_sync.consensus_threshold") && e.lines().count() == 1,
        "{e}"
    );
    std::fs::write(&cfg, "[layer_sync]\nheartbeat = 10\n").unwrap();
    let e = refused(&["sync", "--config", cfg.to_str().unwrap(), "--seconds", "1"]);
    assert!(e.contains("heartbeat"), "{e}");
    let e = refused(&[
        "sync",
        "--config",
        dir.join("missing.toml").to_str().unwrap(),
    ]);
    assert!(e.contains("missing.toml"), "{e}");
    // Nothing was written for a refused run.
    assert!(!dir.join("out").exists());
}
