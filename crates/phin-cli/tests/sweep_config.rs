//! `phin sweep --config` as a user runs it: the table pandas reads, the same bytes whatever the
//! thread count, shards merged into the bytes of the one-machine run, and the three errors of a
//! merge (foreign, duplicated, missing shard), each naming the shard.

mod common;

use common::{phin, refused, scratch};
use std::path::Path;

/// A tiny sweep: 2 states × 2 amplitudes × 2 seeds = 8 points of 2 s after 0.01 s warm-up.
const SWEEP: &str = r#"
seconds = 2.0
figures = ["dac_mean", "dac_rms", "kuramoto_r_mean", "sie_fraction", "plv:motor.l4",
           "hz:theta", "radius:theta"]
[grid]
state = ["normal", "flow"]
drive_hz = [31.0]
drive_amplitude = [0.0, 1.0]
warmup_s = [0.01]
seed = [3, 4]
"#;

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

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The three files of two output directories are the same bytes.
fn same(a: &Path, b: &Path) {
    for f in ["sweep.csv", "sweep.arrow", "sweep.json"] {
        assert!(read(&a.join(f)) == read(&b.join(f)), "{f} differs");
    }
}

#[test]
fn the_csv_is_one_pandas_call_and_the_bytes_do_not_depend_on_threads_or_engine() {
    let dir = scratch("sweep_config_csv");
    let cfg = dir.join("sweep.toml");
    std::fs::write(&cfg, SWEEP).unwrap();
    let one = dir.join("one");
    let two = dir.join("two");
    // Whole processors on one thread against the lane engine on two: the same bytes.
    let said = ok(&[
        "sweep",
        "--config",
        s(&cfg),
        "--threads",
        "1",
        "--engine",
        "processors",
        "--out",
        s(&one),
    ]);
    assert!(said.contains("(processors engine)"), "{said}");
    let said = ok(&[
        "sweep",
        "--config",
        s(&cfg),
        "--threads",
        "2",
        "--engine",
        "lanes",
        "--out",
        s(&two),
    ]);
    assert!(said.contains("(lanes engine)"), "{said}");
    same(&one, &two);

    // What `pd.read_csv(path, comment="#")` sees: the comment line dropped, a header, then one
    // row per point with as many cells as the header, sorted by point.
    let csv = String::from_utf8(read(&one.join("sweep.csv"))).unwrap();
    let mut lines = csv.lines();
    let units = lines.next().unwrap();
    assert!(units.starts_with("# units: point=-; state=-;"), "{units}");
    assert!(
        units.contains("drive_hz=Hz") && units.contains("hz:theta=Hz"),
        "{units}"
    );
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 8 + 7);
    assert_eq!(&header[..3], ["point", "state", "adaptive"]);
    assert_eq!(header[12], "plv:motor.l4");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 8);
    assert!(!csv.contains('"') && !csv[units.len()..].contains('#'));
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), header.len());
        assert_eq!(r[0], k.to_string());
        for v in &r[8..] {
            let x: f64 = v.parse().unwrap();
            assert!(x.is_finite(), "row {k}: {v}");
        }
    }
    // Seed is the fastest axis; state the slowest.
    assert_eq!((rows[0][7], rows[1][7], rows[7][1]), ("3", "4", "flow"));
    // The drive locks motor L4 far above the undriven chance level.
    let plv = |k: usize| rows[k][12].parse::<f64>().unwrap();
    assert!(plv(2) > 0.8 && plv(0) < 0.5, "{} vs {}", plv(2), plv(0));
    // The seed changes the start (warm-up noise and drive phase): the figures differ.
    assert_ne!(rows[2][8..], rows[3][8..]);

    let meta: serde_json::Value = serde_json::from_slice(&read(&one.join("sweep.json"))).unwrap();
    assert_eq!(meta["points"], 8);
    assert_eq!(meta["ticks"], 8_000);
    assert!(meta["shard"].is_null());
    // The Arrow IPC file starts and ends with its magic.
    let arrow = read(&one.join("sweep.arrow"));
    assert!(arrow.starts_with(b"ARROW1") && arrow.ends_with(b"ARROW1"));
    // Without --out, the same CSV on stdout.
    let o = phin(&["sweep", "--config", s(&cfg), "--threads", "2"]);
    assert!(o.status.success());
    assert_eq!(o.stdout, csv.as_bytes());
}

#[test]
fn shards_merge_into_the_one_machine_bytes_and_bad_sets_are_named() {
    let dir = scratch("sweep_config_shards");
    let cfg = dir.join("sweep.toml");
    std::fs::write(&cfg, SWEEP).unwrap();
    let whole = dir.join("whole");
    ok(&["sweep", "--config", s(&cfg), "--out", s(&whole)]);
    let job = dir.join("job");
    std::fs::create_dir(&job).unwrap();
    for k in 0..3 {
        let out = job.join(format!("shard-{k}"));
        ok(&[
            "sweep",
            "--config",
            s(&cfg),
            "--shard",
            &format!("{k}/3"),
            "--out",
            s(&out),
        ]);
        let m: serde_json::Value = serde_json::from_slice(&read(&out.join("sweep.json"))).unwrap();
        assert_eq!(
            (m["shard"]["k"].as_u64(), m["shard"]["n"].as_u64()),
            (Some(k), Some(3))
        );
    }
    let text = ok(&["sweep", "merge", s(&job)]);
    assert!(text.contains("merged 3 shards"), "{text}");
    same(&whole, &job.join("merged"));

    // Duplicated: a copy of shard 1 beside it.
    let copy = job.join("shard-1-again");
    std::fs::create_dir(&copy).unwrap();
    for f in ["sweep.csv", "sweep.arrow", "sweep.json"] {
        std::fs::copy(job.join("shard-1").join(f), copy.join(f)).unwrap();
    }
    let e = refused(&["sweep", "merge", s(&job), "--force"]);
    assert!(
        e.contains("shard 1/3 is present twice") && e.contains("shard-1-again"),
        "{e}"
    );
    std::fs::remove_dir_all(&copy).unwrap();

    // Foreign: a shard of another sweep file (one more second of warm-up).
    let other = dir.join("other.toml");
    std::fs::write(
        &other,
        SWEEP.replace("warmup_s = [0.01]", "warmup_s = [0.02]"),
    )
    .unwrap();
    let foreign = job.join("stray");
    ok(&[
        "sweep",
        "--config",
        s(&other),
        "--shard",
        "2/3",
        "--out",
        s(&foreign),
    ]);
    let e = refused(&["sweep", "merge", s(&job), "--force"]);
    assert!(e.contains("stray: foreign shard 2/3 of sweep"), "{e}");
    std::fs::remove_dir_all(&foreign).unwrap();
    // Foreign too: a shard of the same file cut into another number of shards.
    let four = job.join("four");
    ok(&[
        "sweep",
        "--config",
        s(&cfg),
        "--shard",
        "3/4",
        "--out",
        s(&four),
    ]);
    let e = refused(&["sweep", "merge", s(&job), "--force"]);
    assert!(e.contains("four: foreign shard 3/4"), "{e}");
    std::fs::remove_dir_all(&four).unwrap();

    // Missing: shard 2 gone, named with its Slurm array task id.
    std::fs::remove_dir_all(job.join("shard-2")).unwrap();
    let e = refused(&["sweep", "merge", s(&job), "--force"]);
    assert!(
        e.contains("shard 2 of 3 missing (Slurm array task 2)"),
        "{e}"
    );
    // Back, and the merge is whole again.
    let out = job.join("shard-2");
    ok(&[
        "sweep",
        "--config",
        s(&cfg),
        "--shard",
        "2/3",
        "--out",
        s(&out),
    ]);
    ok(&["sweep", "merge", s(&job), "--force"]);
    same(&whole, &job.join("merged"));
}

#[test]
fn the_slurm_script_runs_the_shards_with_resources_from_the_cost() {
    let dir = scratch("sweep_config_slurm");
    let cfg = dir.join("sweep.toml");
    std::fs::write(&cfg, SWEEP).unwrap();
    let job = dir.join("job");
    let text = ok(&[
        "sweep",
        "slurm",
        "--config",
        s(&cfg),
        "--shards",
        "4",
        "--out",
        s(&job),
    ]);
    assert!(text.contains("submit: sbatch"), "{text}");
    assert!(text.contains("sweep merge"), "{text}");
    let script = String::from_utf8(read(&job.join("sweep.sbatch"))).unwrap();
    for needle in [
        "#SBATCH --array=0-3\n",
        "#SBATCH --cpus-per-task=2\n",
        "#SBATCH --time=00:05:00\n",
        "--shard \"$SLURM_ARRAY_TASK_ID/4\"",
        "PHIN=\"${PHIN:-/",
    ] {
        assert!(script.contains(needle), "{needle}: {script}");
    }
    assert!(script.contains("#SBATCH --mem="));
    // The job's copy of the file is the same sweep (same digest as the original).
    let whole = dir.join("whole");
    let copy = dir.join("copy");
    ok(&["sweep", "--config", s(&cfg), "--out", s(&whole)]);
    ok(&[
        "sweep",
        "--config",
        s(&job.join("sweep.toml")),
        "--out",
        s(&copy),
    ]);
    same(&whole, &copy);
}

#[test]
fn bad_sweep_files_and_flags_exit_2_naming_the_key() {
    let dir = scratch("sweep_config_bad");
    let cfg = dir.join("sweep.toml");
    let cases: Vec<(String, &str)> = vec![
        (
            SWEEP.replace("seed = [3, 4]", "sed = [3]"),
            "unknown field `sed`",
        ),
        (
            SWEEP.replace("drive_hz = [31.0]", "drive_hz = [3000.0]"),
            "grid.drive_hz = 3000",
        ),
        (
            SWEEP.replace("seconds = 2.0", "seconds = -1"),
            "seconds = -1 is out of range",
        ),
        (
            SWEEP.replace("\"hz:theta\"", "\"hz:gamma\""),
            "figures: \"hz:gamma\"",
        ),
    ];
    for (text, needle) in cases {
        std::fs::write(&cfg, text).unwrap();
        let e = refused(&["sweep", "--config", s(&cfg), "--out", s(&dir.join("o"))]);
        assert!(e.contains(needle), "{needle}: {e}");
        assert!(!dir.join("o").exists());
    }
    std::fs::write(&cfg, SWEEP).unwrap();
    let flags: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--shard", "4/4"], "--shard = \"4/4\" is out of range"),
        (vec!["--shard", "1/2"], "--shard needs --out DIR"),
        (
            vec!["--states", "flow"],
            "--states is not used with --config",
        ),
        (
            vec!["--engine", "gpu"],
            "--engine \"gpu\": expected auto, lanes or processors",
        ),
    ];
    for (extra, needle) in flags {
        let mut args = vec!["sweep", "--config", s(&cfg)];
        args.extend(extra);
        let e = refused(&args);
        assert!(e.contains(needle), "{needle}: {e}");
    }
    let e = refused(&["sweep", "--shard", "0/2"]);
    assert!(e.contains("--shard needs --config"), "{e}");
    let e = refused(&["sweep", "--engine", "lanes"]);
    assert!(e.contains("--engine needs --config"), "{e}");
    let e = refused(&["sweep", "merge", s(&dir)]);
    assert!(e.contains("no shard"), "{e}");
    let e = refused(&[
        "sweep",
        "slurm",
        "--config",
        s(&cfg),
        "--shards",
        "0",
        "--out",
        "x",
    ]);
    assert!(e.contains("--shards = 0 is out of range"), "{e}");
}
