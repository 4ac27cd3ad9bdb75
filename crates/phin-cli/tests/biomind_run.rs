//! `phin biomind run`: each scenario writes report.json, workspace.png, nt.png and learning.png;
//! the same seed gives the same report; bad input is one line naming the flag, exit status 2,
//! and nothing is written.

mod common;

use common::{phin, refused, scratch};

fn run(dir: &std::path::Path, name: &str, args: &[&str]) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let mut a = vec!["biomind", "run"];
    a.extend_from_slice(args);
    a.extend(["--out", out.to_str().unwrap()]);
    let o = phin(&a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (out, String::from_utf8_lossy(&o.stdout).to_string())
}

#[test]
fn each_scenario_writes_the_four_files() {
    let dir = scratch("biomind_mind_run");
    for (name, args) in [
        (
            "threat",
            vec!["--scenario", "threat", "--seconds", "9", "--seed", "3"],
        ),
        (
            "blink",
            vec![
                "--scenario",
                "attentional-blink",
                "--seconds",
                "20",
                "--seed",
                "3",
            ],
        ),
        (
            "reversal",
            vec![
                "--scenario",
                "reversal",
                "--seconds",
                "30",
                "--agents",
                "1",
                "--seed",
                "3",
            ],
        ),
    ] {
        let (out, stdout) = run(&dir, name, &args);
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
        assert_eq!(report["format"], "phin-biomind-mind-report", "{name}");
        assert!(report["verdict"].as_str().unwrap().len() > 10, "{name}");
        for png in ["workspace.png", "nt.png", "learning.png"] {
            let b = std::fs::read(out.join(png)).unwrap();
            assert_eq!(&b[1..4], b"PNG", "{name}: {png}");
        }
        assert!(stdout.contains("ignitions"), "{name}: {stdout}");
        match name {
            "threat" => {
                assert_eq!(report["threat"]["override_cycles_before"], 0);
                assert!(report["threat"]["retreat_after_ticks"].as_u64().unwrap() <= 20);
            }
            "blink" => assert!(report["blink"].as_array().unwrap().len() == 9),
            _ => assert!(report["reversal"]["part1"]["p_correct"]["mean"].is_number()),
        }
    }
    let (again, _) = run(
        &dir,
        "threat_again",
        &["--scenario", "threat", "--seconds", "9", "--seed", "3"],
    );
    assert_eq!(
        std::fs::read(dir.join("threat").join("report.json")).unwrap(),
        std::fs::read(again.join("report.json")).unwrap(),
        "same seed, same bytes"
    );
}

#[test]
fn bad_input_is_one_line_naming_the_flag_and_nothing_is_written() {
    let dir = scratch("biomind_mind_bad");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    for (args, flag) in [
        (vec!["--scenario", "poker"], "--scenario"),
        (vec!["--scenario", "threat", "--seconds", "0"], "--seconds"),
        (
            vec!["--scenario", "threat", "--seconds", "99999"],
            "--seconds",
        ),
        (vec!["--scenario", "reversal", "--agents", "0"], "--agents"),
        (vec!["--scenario", "threat", "--seed", "-1"], "--seed"),
    ] {
        let mut a = vec!["biomind", "run"];
        a.extend(args.iter());
        a.extend(["--out", o]);
        let err = refused(&a);
        assert_eq!(err.trim().lines().count(), 1, "{a:?}: {err}");
        assert!(err.contains(flag), "{a:?}: {err}");
        assert!(!out.exists(), "{a:?} wrote {out:?}");
    }
}
