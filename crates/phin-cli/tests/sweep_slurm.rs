//! A sweep on a real Slurm cluster: an array of 4 shards submitted with `sbatch`, merged, and
//! compared byte for byte with the one-machine run; then a task that fails (task 2, through a
//! `$PHIN` wrapper that exits 1), detected by the merge with its Slurm task id, re-run alone
//! with the command the merge prints, and merged.
//!
//! Needs a running cluster: `scripts/slurm.sh start` (docs/cluster.md), then
//! `cargo test --release -p phin-cli --test sweep_slurm -- --ignored`; scripts/test.sh does both.

mod common;

use common::{phin, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// 8 points of 0.05 s: the whole array runs in seconds.
const SWEEP: &str = r#"
seconds = 0.05
figures = ["dac_rms", "kuramoto_r_mean", "plv:motor.l4", "hz:theta"]
[grid]
state = ["normal", "meditation"]
drive_hz = [31.0]
drive_amplitude = [0.0, 1.0]
warmup_s = [0.01]
seed = [1, 2]
"#;

/// Longest wait for one array.
const TIMEOUT: Duration = Duration::from_secs(180);

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = phin(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{args:?}: {text}");
    text
}

/// `sbatch --wait ARGS`, with `phin_env` as `$PHIN` (or none); returns whether every task
/// succeeded. Cancels the job and fails the test past [`TIMEOUT`].
fn sbatch_wait(args: &[&str], phin_env: Option<&Path>) -> bool {
    let mut cmd = Command::new("sbatch");
    cmd.arg("--wait").args(args).env_remove("PHIN");
    if let Some(p) = phin_env {
        cmd.env("PHIN", p);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .expect("sbatch runs (start the cluster first: scripts/slurm.sh start)");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = Command::new("scancel").arg("--name=phin-sweep").status();
            panic!("sbatch {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn same(a: &Path, b: &Path) {
    for f in ["sweep.csv", "sweep.arrow", "sweep.json"] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
#[ignore = "needs a Slurm cluster: scripts/slurm.sh start (scripts/test.sh runs it)"]
fn a_slurm_array_merges_to_the_one_machine_bytes_and_a_failed_task_is_rerun_alone() {
    let dir = scratch("sweep_slurm");
    let cfg = dir.join("sweep.toml");
    std::fs::write(&cfg, SWEEP).unwrap();
    let whole = dir.join("whole");
    ok(&["sweep", "--config", s(&cfg), "--out", s(&whole)]);

    // Four shards as an array, merged: the one-machine bytes.
    let job = dir.join("job");
    let shards = ["--shards", "4", "--cpus-per-task", "1"];
    let mut args = vec!["sweep", "slurm", "--config", s(&cfg), "--out", s(&job)];
    args.extend(shards);
    ok(&args);
    let script = job.join("sweep.sbatch");
    assert!(sbatch_wait(&[s(&script)], None), "the array failed");
    ok(&["sweep", "merge", s(&job)]);
    same(&whole, &job.join("merged"));

    // Task 2 fails: `$PHIN` is a wrapper that exits 1 in array task 2.
    let real = env!("CARGO_BIN_EXE_phin");
    let wrapper = dir.join("phin-failing-task-2.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ \"$SLURM_ARRAY_TASK_ID\" = 2 ]; then\n    echo \"deliberate \
             failure of array task 2\" >&2\n    exit 1\nfi\nexec '{real}' \"$@\"\n"
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let job2 = dir.join("job2");
    let mut args = vec!["sweep", "slurm", "--config", s(&cfg), "--out", s(&job2)];
    args.extend(shards);
    ok(&args);
    let script2 = job2.join("sweep.sbatch");
    assert!(
        !sbatch_wait(&[s(&script2)], Some(&wrapper)),
        "sbatch --wait reported success although task 2 failed"
    );
    // The task's log holds the failure; the other shards are complete, shard 2 is not there.
    let logs: Vec<String> = std::fs::read_dir(&job2)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("slurm-") && n.ends_with("_2.out"))
        .collect();
    assert_eq!(logs.len(), 1, "{logs:?}");
    let log = std::fs::read_to_string(job2.join(&logs[0])).unwrap();
    assert!(log.contains("deliberate failure of array task 2"), "{log}");
    for k in [0, 1, 3] {
        assert!(job2.join(format!("shard-{k}/sweep.json")).is_file());
    }
    assert!(!job2.join("shard-2").exists());
    let o = phin(&["sweep", "merge", s(&job2)]);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("shard 2 of 4 missing (Slurm array task 2)"),
        "{err}"
    );
    assert!(!job2.join("merged").exists());
    // Re-run task 2 alone with the command the merge printed.
    let rerun = err
        .split("re-run alone: ")
        .nth(1)
        .expect("the merge names the re-run command")
        .trim();
    assert_eq!(
        rerun,
        format!("sbatch --array=2 '{}'", script2.display()),
        "{err}"
    );
    assert!(
        sbatch_wait(&["--array=2", s(&script2)], None),
        "the re-run failed"
    );
    ok(&["sweep", "merge", s(&job2)]);
    same(&whole, &job2.join("merged"));
}
