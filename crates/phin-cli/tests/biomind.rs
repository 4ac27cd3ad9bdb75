//! `phin biomind task`: agents on a task write report.json, trials.tsv, learning.png and nt.png;
//! the same seed gives the same bytes; bad input is one line naming the flag, exit status 2, and
//! nothing is written.

mod common;

use common::{phin, refused, scratch};

#[test]
fn a_run_writes_the_four_files_and_repeats_byte_for_byte() {
    let dir = scratch("biomind_run");
    let run = |name: &str| {
        let out = dir.join(name);
        let o = phin(&[
            "biomind",
            "task",
            "--task",
            "reversal",
            "--agents",
            "2",
            "--trials",
            "12",
            "--seed",
            "5",
            "--out",
            out.to_str().unwrap(),
        ]);
        let stdout = String::from_utf8_lossy(&o.stdout).to_string();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (out, stdout)
    };
    let (out, stdout) = run("a");
    assert!(
        stdout.contains("P(correct)") && stdout.contains("chance 0.5"),
        "{stdout}"
    );
    assert!(stdout.contains("ratio"), "{stdout}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["format"], "phin-biomind-report");
    assert_eq!(report["task"], "reversal");
    assert_eq!(report["agents"], 2);
    assert_eq!(report["chance_p_correct"], 0.5);
    let p = &report["agent"]["choice"]["p_correct"];
    assert!(p["lo"].as_f64().unwrap() <= p["mean"].as_f64().unwrap());
    assert!(report["q_learning"]["choice"]["p_correct"]["mean"].is_number());
    let tsv = std::fs::read_to_string(out.join("trials.tsv")).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert!(
        lines[0].starts_with("subjID\ttrial\tchoice\toutcome"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + 2 * 12);
    for png in ["learning.png", "nt.png"] {
        let b = std::fs::read(out.join(png)).unwrap();
        assert_eq!(&b[1..4], b"PNG", "{png}");
    }
    let (again, _) = run("b");
    for f in ["report.json", "trials.tsv"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}: same seed, same bytes"
        );
    }
}

#[test]
fn go_nogo_tables_carry_cue_and_key_pressed_and_the_processor_can_be_ablated() {
    let dir = scratch("biomind_gng");
    let out = dir.join("out");
    let o = phin(&[
        "biomind",
        "task",
        "--task",
        "gonogo",
        "--agents",
        "3",
        "--trials",
        "40",
        "--ablate",
        "processor",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tsv = std::fs::read_to_string(out.join("trials.tsv")).unwrap();
    assert!(tsv.starts_with("subjID\ttrial\tcue\tkeyPressed\toutcome"));
    assert_eq!(tsv.lines().count(), 1 + 3 * 40);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["ablation"], "processor");
    assert!(report["processor"].is_null());
    assert_eq!(report["agent"]["gng"]["cues"][2], "NGW");
}

#[test]
fn bad_input_is_one_line_naming_the_flag_and_nothing_is_written() {
    let dir = scratch("biomind_bad");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    for (args, flag) in [
        (vec!["--task", "poker"], "--task"),
        (vec!["--task", "bandit", "--agents", "0"], "--agents"),
        (vec!["--task", "bandit", "--trials", "-3"], "--trials"),
        (vec!["--task", "bandit", "--ablate", "brain"], "--ablate"),
        (vec!["--task", "bandit", "--seed", "-1"], "--seed"),
        (
            vec!["--task", "bandit", "--params", "/nonexistent/p.json"],
            "--params",
        ),
    ] {
        let mut a = vec!["biomind", "task"];
        a.extend(args.iter());
        a.extend(["--out", o]);
        let err = refused(&a);
        assert_eq!(err.trim().lines().count(), 1, "{a:?}: {err}");
        assert!(err.contains(flag), "{a:?}: {err}");
        assert!(!out.exists(), "{a:?} wrote {out:?}");
    }
    let file = dir.join("a_file");
    std::fs::write(&file, "x").unwrap();
    let err = refused(&[
        "biomind",
        "task",
        "--task",
        "bandit",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(err.contains("--out"), "{err}");
    // A parameter file with a value out of range names the field.
    let params = dir.join("p.json");
    std::fs::write(
        &params,
        r#"{"task": {"kind": "bandit", "trials": 10, "timing": {"response_open_s": 0.5,
        "response_close_s": 1.5, "outcome_delay_s": 0.5, "outcome_duration_s": 0.25,
        "trial_end_s": 3.0, "iti_min_s": 0.5, "iti_max_s": 0.85}, "arm_probabilities": [0.8, 1.7],
        "switch_at": null, "acquisition": [0.8, 0.2], "after_reversal": [0.9, 0.1],
        "criterion_correct": 9, "criterion_window": 10, "max_phase_trials": 50, "win": 1.0,
        "loss": -1.0, "valid_feedback": 0.8, "reward": 1.0, "omission_trials": []},
        "seed": 1, "subject": 1}"#,
    )
    .unwrap();
    let err = refused(&[
        "biomind",
        "task",
        "--task",
        "bandit",
        "--params",
        params.to_str().unwrap(),
    ]);
    assert!(err.contains("task.arm_probabilities[1]"), "{err}");
}
