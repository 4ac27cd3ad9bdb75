//! Runs a researcher can trust with their disk, their afternoon and their talk: one test per
//! promise, each able to fail. Signals go to a real child process after it has started writing;
//! every failure is followed by a look at the folder for leftovers; two runs of one command are
//! compared byte for byte; the size estimate is checked against the files; a config file goes
//! round. Short simulated runs only (CI's budget).

mod common;

use common::{phin, refused, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every entry of `dir`, sorted (hidden ones too: that is where temporaries hide).
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The temporaries of phin in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| n.contains(".phin-tmp-"))
        .collect()
}

/// Starts `phin args…` in the background.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(args)
        .current_dir(common::repo())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("phin starts")
}

/// Waits until a temporary directory in `dir` holds a trace of at least 100 kB: the child has
/// started writing. Returns the temporary's path.
fn wait_writing(dir: &Path, child: &mut Child) -> PathBuf {
    let t0 = Instant::now();
    loop {
        if let Some(t) = temporaries(dir).first() {
            let p = dir.join(t);
            let size = std::fs::metadata(p.join("trace.csv")).map_or(0, |m| m.len());
            if size > 100_000 {
                return p;
            }
        }
        if let Ok(Some(s)) = child.try_wait() {
            panic!("phin ended before it wrote anything: {s}");
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "phin never started writing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn kill(child: &Child, sig: i32) {
    // SAFETY: sending a signal to our own child process.
    let r = unsafe { libc::kill(child.id() as libc::pid_t, sig) };
    assert_eq!(r, 0, "kill");
}

fn stderr_of(child: Child) -> (Option<i32>, String) {
    let o = child.wait_with_output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A long run into `dir/out`, interrupted by `sig` once it writes: exit 128 + sig, one line
/// naming the signal, and nothing at all left in `dir`.
fn interrupted_run_leaves_nothing(name: &str, sig: i32, code: i32, sig_name: &str) {
    let dir = scratch(name);
    let out = dir.join("out");
    let mut child = spawn(&["run", "--seconds", "3000", "--out", out.to_str().unwrap()]);
    wait_writing(&dir, &mut child);
    kill(&child, sig);
    let (status, err) = stderr_of(child);
    assert_eq!(status, Some(code), "{err}");
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("phin: interrupted by") && last.contains(sig_name),
        "{err}"
    );
    assert_eq!(err.lines().filter(|l| l.contains("interrupted")).count(), 1);
    assert!(entries(&dir).is_empty(), "left behind: {:?}", entries(&dir));
}

#[test]
fn sigint_and_sigterm_remove_the_temporaries_and_exit_130_and_143() {
    interrupted_run_leaves_nothing("trust_sigint", libc::SIGINT, 130, "SIGINT");
    interrupted_run_leaves_nothing("trust_sigterm", libc::SIGTERM, 143, "SIGTERM");
}

#[test]
fn observe_is_interrupted_as_cleanly() {
    let dir = scratch("trust_observe_sigterm");
    let out = dir.join("obs");
    let mut child = spawn(&[
        "observe",
        "--seconds",
        "2000",
        "--every",
        "20",
        "--out",
        out.to_str().unwrap(),
    ]);
    // observe writes only at the end: wait for its temporary directory, then a little longer.
    let t0 = Instant::now();
    while temporaries(&dir).is_empty() {
        assert!(t0.elapsed() < Duration::from_secs(60));
        if let Ok(Some(s)) = child.try_wait() {
            panic!("observe ended early: {s}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    kill(&child, libc::SIGTERM);
    let (status, err) = stderr_of(child);
    assert_eq!(status, Some(143), "{err}");
    assert!(entries(&dir).is_empty(), "left behind: {:?}", entries(&dir));
}

#[test]
fn what_sigkill_leaves_is_removed_by_the_next_run_and_by_phin_clean() {
    let dir = scratch("trust_sigkill");
    let out = dir.join("out");
    for cleaner in ["next run", "phin clean"] {
        let mut child = spawn(&["run", "--seconds", "3000", "--out", out.to_str().unwrap()]);
        let tmp = wait_writing(&dir, &mut child);
        kill(&child, libc::SIGKILL);
        let _ = child.wait();
        assert!(
            tmp.is_dir(),
            "SIGKILL cannot be caught: the temporary stays"
        );
        if cleaner == "next run" {
            let o = phin(&[
                "run",
                "--seconds",
                "0.5",
                "--trace-every",
                "100",
                "--out",
                dir.join("next").to_str().unwrap(),
            ]);
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "{err}");
            assert!(err.contains("left by a killed run"), "{err}");
            assert_eq!(entries(&dir), ["next"]);
            std::fs::remove_dir_all(dir.join("next")).unwrap();
        } else {
            let o = phin(&["clean", dir.to_str().unwrap()]);
            let so = String::from_utf8_lossy(&o.stdout);
            assert!(o.status.success(), "{so}");
            assert!(so.contains("1 leftover removed"), "{so}");
            assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
        }
    }
    // A live run's temporary is never touched by phin clean.
    let mut child = spawn(&["run", "--seconds", "3000", "--out", out.to_str().unwrap()]);
    let tmp = wait_writing(&dir, &mut child);
    let o = phin(&["clean", dir.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 leftovers removed"));
    assert!(tmp.is_dir());
    kill(&child, libc::SIGINT);
    let _ = child.wait();
    assert!(entries(&dir).is_empty());
}

#[test]
fn an_out_folder_holds_one_run_whole_and_force_replaces_it_as_one() {
    let dir = scratch("trust_whole");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut a = vec!["run", "--seconds", "1", "--trace-every", "10", "--out", o];
        a.extend_from_slice(extra);
        phin(&a)
    };
    assert!(run(&[]).status.success());
    let first = std::fs::read(out.join("summary.json")).unwrap();
    // Another run into the same folder refuses, one line, and changes nothing.
    let err = refused(&["run", "--seconds", "1", "--seed", "2", "--out", o]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--out") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), first);
    // With --force the whole set is replaced: no file of the old run survives.
    std::fs::write(out.join("dac.npy"), b"stale").unwrap();
    assert!(run(&["--seed", "2", "--no-wav", "--force"])
        .status
        .success());
    let names = entries(&out);
    assert!(!names.contains(&"dac.wav".to_string()), "{names:?}");
    assert!(!names.contains(&"dac.npy".to_string()), "{names:?}");
    assert_ne!(std::fs::read(out.join("summary.json")).unwrap(), first);
    // A file that no phin command writes is never replaced.
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    let err = refused(&["run", "--seconds", "1", "--force", "--out", o]);
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert!(temporaries(&dir).is_empty());
    // An unwritable place is found before the run, not after it.
    let t0 = Instant::now();
    let err = refused(&["run", "--seconds", "600", "--out", "/proc/phin-out"]);
    assert!(err.starts_with("phin: --out /proc/phin-out"), "{err}");
    assert!(
        t0.elapsed() < Duration::from_secs(20),
        "found only after the run"
    );
}

/// Sums the sizes of the files in `dir`.
fn total_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

/// The estimate phin printed: "phin: writing about 37.8 MB (…)".
fn estimate(err: &str) -> f64 {
    let line = err
        .lines()
        .find(|l| l.starts_with("phin: writing about "))
        .unwrap_or_else(|| panic!("no estimate: {err}"));
    let mut w = line["phin: writing about ".len()..].split_whitespace();
    let v: f64 = w.next().unwrap().parse().unwrap();
    let unit = match w.next().unwrap() {
        "bytes" => 1.0,
        "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        u => panic!("unit {u}"),
    };
    v * unit
}

#[test]
fn the_size_estimate_is_within_ten_percent_and_limits_refuse_before_the_run() {
    let dir = scratch("trust_size");
    let cases: [&[&str]; 4] = [
        &["--seconds", "6"],
        &[
            "--seconds",
            "6",
            "--state",
            "meditation",
            "--transition",
            "flow@2:1",
        ],
        &[
            "--seconds",
            "12",
            "--trace-every",
            "4",
            "--format",
            "npy",
            "--vcd-signals",
            "all",
        ],
        &[
            "--seconds",
            "8",
            "--trace-signals",
            "theta_x,dac_output",
            "--no-wav",
        ],
    ];
    for (k, extra) in cases.iter().enumerate() {
        let out = dir.join(format!("out{k}"));
        let mut a = vec!["run", "--out", out.to_str().unwrap()];
        a.extend_from_slice(extra);
        let o = phin(&a);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        let (est, real) = (estimate(&err), total_size(&out) as f64);
        println!("{extra:?}: estimated {est:.0} bytes, wrote {real:.0}");
        assert!(
            (est - real).abs() / real < 0.10,
            "{extra:?}: estimated {est} bytes, wrote {real}"
        );
    }
    // --max-output below the estimate: one line naming the flag, nothing written.
    let out = dir.join("limited");
    let err = refused(&[
        "run",
        "--seconds",
        "60",
        "--max-output",
        "5M",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--max-output = 5.0 MB") && err.contains("--trace-every"),
        "{err}"
    );
    // Longer than the disk can hold (a week of trace is terabytes): refused before the run.
    let t0 = Instant::now();
    let err = refused(&[
        "run",
        "--seconds",
        "604800",
        "--no-wav",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("free on its disk"), "{err}");
    assert!(t0.elapsed() < Duration::from_secs(30));
    assert!(!out.exists());
    assert_eq!(temporaries(&dir), Vec::<String>::new());
}

#[test]
fn outputs_are_thinned_as_asked_and_memory_does_not_grow_with_the_run() {
    let dir = scratch("trust_thin");
    let out = dir.join("out");
    let o = phin(&[
        "run",
        "--seconds",
        "2",
        "--trace-every",
        "8",
        "--trace-signals",
        "theta_x,kuramoto_r",
        "--vcd-signals",
        "none",
        "--no-wav",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names = entries(&out);
    assert!(
        !names.iter().any(|n| n == "waves.vcd" || n == "dac.wav"),
        "{names:?}"
    );
    let csv = std::fs::read_to_string(out.join("trace.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "time_s,tick,theta_x,kuramoto_r");
    assert_eq!(lines.len(), 1 + 8_000 / 8);
    assert!(lines[1].starts_with("0.002,8,"), "{}", lines[1]);
    assert!(lines[2].starts_with("0.004,16,"), "{}", lines[2]);

    // Peak memory of a 20 s and a 200 s run with outputs: the same within a few MB (the old
    // writer held 16 bytes per tick: 12.8 MB more for the longer run).
    // wait4 reaps the child (std's wait cannot report its peak memory).
    #[allow(clippy::zombie_processes)]
    let peak_kb = |seconds: &str| {
        let child = Command::new(env!("CARGO_BIN_EXE_phin"))
            .args([
                "run",
                "--seconds",
                seconds,
                "--trace-every",
                "400",
                "--force",
                "--out",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (status, kb) = wait_rss(child.id());
        assert_eq!(status, 0);
        kb
    };
    let short = peak_kb("20");
    let long = peak_kb("200");
    println!("peak RSS: 20 s {short} kB, 200 s {long} kB");
    assert!(long < short + 6_000, "20 s: {short} kB, 200 s: {long} kB");
}

/// Waits for child `pid`: its exit status and its peak resident set, kB (this child's alone:
/// other tests' children run at the same time).
fn wait_rss(pid: u32) -> (i32, i64) {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    let mut status = 0;
    // SAFETY: wait4 on our own child fills status and the rusage struct.
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut u) };
    assert_eq!(r, pid as libc::pid_t);
    (libc::WEXITSTATUS(status), u.ru_maxrss)
}

#[test]
fn the_same_command_writes_the_same_bytes_and_summary_says_where_it_came_from() {
    use sha2::{Digest, Sha256};
    let dir = scratch("trust_repro");
    let stim = dir.join("stim.csv");
    std::fs::write(&stim, "sensory\n0\n0.5\n0.25\n").unwrap();
    let out = dir.join("out");
    let args = [
        "run",
        "--seconds",
        "5",
        "--state",
        "flow",
        "--transition",
        "meditation@2:0.5",
        "--sensory",
        stim.to_str().unwrap(),
        "--format",
        "npy",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ];
    let read_all = |d: &Path| -> Vec<(String, Vec<u8>)> {
        entries(d)
            .into_iter()
            .map(|n| {
                let b = std::fs::read(d.join(&n)).unwrap();
                (n, b)
            })
            .collect()
    };
    assert!(phin(&args).status.success());
    let first = read_all(&out);
    assert!(phin(&args).status.success());
    let second = read_all(&out);
    assert_eq!(first.len(), second.len());
    let npy = first.iter().filter(|(n, _)| n.ends_with(".npy")).count();
    assert_eq!(npy, 2 + 26, "time_s, tick and every column as .npy");
    for ((n1, b1), (n2, b2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        assert!(
            b1 == b2,
            "{n1} differs between two runs of the same command"
        );
    }
    let s: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let text = serde_json::to_string(&s).unwrap();
    assert!(
        !text.contains("ticks_per_s") && !text.contains("wall"),
        "{text}"
    );
    assert_eq!(s["phin"]["version"], env!("CARGO_PKG_VERSION"));
    let argv: Vec<&str> = s["phin"]["command_line"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(argv[0], "phin");
    assert_eq!(&argv[1..], &args[..]);
    let input = &s["phin"]["inputs"][0];
    assert_eq!(input["flag"], "--sensory");
    let want: String = Sha256::digest(std::fs::read(&stim).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(input["sha256"], want.as_str());
    // The git revision is there when phin was built from a checkout (CI builds one).
    if let Some(r) = s["phin"]["git_revision"].as_str() {
        assert!(r.len() >= 40, "{r}");
    }
}

#[test]
fn a_config_file_holds_every_setting_flags_override_it_and_the_effective_one_goes_round() {
    let dir = scratch("trust_config");
    let stim = dir.join("stim.txt");
    std::fs::write(&stim, "0.1\n0.2\n").unwrap();
    let cfg = dir.join("run.toml");
    std::fs::write(
        &cfg,
        "state = \"meditation\"\nseconds = 3\nseed = 9\nadaptive = true\n\
         transitions = [\"flow@1:0.5\"]\nsensory = \"stim.txt\"\nout = \"first\"\n\
         trace_every = 2\ntrace_signals = \"dac_output,theta_x\"\nvcd_signals = \"theta_x\"\n\
         wav = false\nmax_output = \"1G\"\n",
    )
    .unwrap();
    // A flag overrides its key.
    let o = phin(&["run", "--config", cfg.to_str().unwrap(), "--seconds", "2"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let first = dir.join("first");
    let s: Value =
        serde_json::from_slice(&std::fs::read(first.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        (s["ticks"].as_u64(), s["seed"].as_u64()),
        (Some(8_000), Some(9))
    );
    assert_eq!(s["adaptive"], true);
    assert_eq!(s["transitions"][0]["state"], 3);
    assert_eq!(
        s["phin"]["inputs"].as_array().unwrap().len(),
        2,
        "the config and stim.txt"
    );
    assert!(!entries(&first).contains(&"dac.wav".to_string()));
    let csv = std::fs::read_to_string(first.join("trace.csv")).unwrap();
    assert_eq!(csv.lines().next(), Some("time_s,tick,dac_output,theta_x"));
    assert_eq!(csv.lines().count(), 1 + 4_000);

    // The effective configuration holds every value, and running it again gives the same run.
    let eff: toml::Value =
        toml::from_str(&std::fs::read_to_string(first.join("run.toml")).unwrap()).unwrap();
    assert_eq!(eff["seconds"].as_float(), Some(2.0));
    assert_eq!(eff["state"].as_str(), Some("meditation"));
    assert_eq!(eff["transitions"][0].as_str(), Some("flow@1:0.5"));
    assert!(Path::new(eff["sensory"].as_str().unwrap()).is_absolute());
    let second = dir.join("second");
    let o = phin(&[
        "run",
        "--config",
        first.join("run.toml").to_str().unwrap(),
        "--out",
        second.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for n in entries(&first) {
        let (a, b) = (
            std::fs::read(first.join(&n)).unwrap(),
            std::fs::read(second.join(&n)).unwrap(),
        );
        match n.as_str() {
            // They differ by the out path, and by the command line and the config file read.
            "run.toml" | "summary.json" => {}
            _ => assert!(a == b, "{n} differs between the run and its run.toml"),
        }
    }
    let eff2: toml::Value =
        toml::from_str(&std::fs::read_to_string(second.join("run.toml")).unwrap()).unwrap();
    let mut e1 = eff.as_table().unwrap().clone();
    let mut e2 = eff2.as_table().unwrap().clone();
    e1.remove("out");
    e2.remove("out");
    assert_eq!(e1, e2, "the effective configuration goes round");

    // Unknown keys name the key and the line; a key the mode does not use is named too.
    std::fs::write(&cfg, "seconds = 1\nsede = 4\n").unwrap();
    let err = refused(&["run", "--config", cfg.to_str().unwrap()]);
    assert!(err.contains("run.toml:2") && err.contains("sede"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    std::fs::write(&cfg, "seconds = 1\nmu = 4\n").unwrap();
    let err = refused(&["run", "--config", cfg.to_str().unwrap()]);
    assert!(
        err.contains("key `mu`") && err.contains("single module"),
        "{err}"
    );
}

#[test]
fn trace_data_loads_with_its_units_npy_columns_and_a_vcd_with_signed_and_real_views() {
    let dir = scratch("trust_data");
    let out = dir.join("out");
    let o = phin(&["run", "--seconds", "1", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    let csv = std::fs::read_to_string(out.join("trace.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][0], "time_s");
    assert_eq!(rows[1][..2], ["0.00025", "1"]);
    assert_eq!(rows[4000][..2], ["1", "4000"]);
    let units: Value =
        serde_json::from_slice(&std::fs::read(out.join("trace.columns.json")).unwrap()).unwrap();
    let cols = units["columns"].as_array().unwrap();
    assert_eq!(cols.len(), rows[0].len(), "one entry per column");
    for (c, name) in cols.iter().zip(&rows[0]) {
        assert_eq!(c["name"], *name);
    }
    let theta = cols.iter().find(|c| c["name"] == "theta_x").unwrap();
    assert_eq!(theta["unit"], "q14");
    assert_eq!(theta["scale"].as_f64(), Some(1.0 / 16384.0));
    assert_eq!(theta["signed"], true);
    assert_eq!(cols[0]["unit"], "s");

    // The VCD: signed signals are `integer`, and a real view equals the word / 16384.
    let f = std::io::BufReader::new(std::fs::File::open(out.join("waves.vcd")).unwrap());
    let mut p = vcd::Parser::new(f);
    let h = p.parse_header().unwrap();
    let theta = h.find_var(&["phin", "theta_x"]).unwrap().clone();
    assert_eq!(theta.var_type, vcd::VarType::Integer);
    assert_eq!(theta.size, 18);
    let dac = h.find_var(&["phin", "dac_output"]).unwrap().clone();
    assert_eq!(dac.var_type, vcd::VarType::Wire);
    let real = h.find_var(&["phin", "real", "theta_x"]).unwrap().clone();
    assert_eq!(real.var_type, vcd::VarType::Real);
    let (mut word, mut checked) = (None::<i64>, 0);
    let theta_col = rows[0].iter().position(|c| *c == "theta_x").unwrap();
    let mut now = 0u64;
    for cmd in p {
        match cmd.unwrap() {
            vcd::Command::Timestamp(t) => now = t,
            vcd::Command::ChangeVector(id, v) if id == theta.code => {
                let bits: Vec<bool> = v.iter().map(|b| b == vcd::Value::V1).collect();
                let u = bits.iter().fold(0i64, |a, b| a << 1 | i64::from(*b));
                let w = if bits[0] { u - (1 << 18) } else { u };
                let tick = now / 250;
                assert_eq!(w.to_string(), rows[tick as usize][theta_col], "tick {tick}");
                word = Some(w);
            }
            vcd::Command::ChangeReal(id, r) if id == real.code => {
                let w = word.expect("the word comes first");
                assert_eq!((r * 16384.0).round() as i64, w);
                assert!((r - w as f64 / 16384.0).abs() <= 5.0001e-7);
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 3_000, "{checked}");

    // --format npy: one NumPy file per column, as numpy.load reads it.
    let npy = dir.join("npy");
    let o = phin(&[
        "run",
        "--seconds",
        "1",
        "--format",
        "npy",
        "--trace-every",
        "4",
        "--out",
        npy.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let t = std::fs::read(npy.join("theta_x.npy")).unwrap();
    assert_eq!(&t[..6], b"\x93NUMPY");
    let hl = u16::from_le_bytes([t[8], t[9]]) as usize;
    let header = std::str::from_utf8(&t[10..10 + hl]).unwrap();
    assert!(
        header.contains("'descr': '<i4'") && header.contains("'shape': (1000,)"),
        "{header}"
    );
    assert_eq!(t.len(), 10 + hl + 4 * 1000);
    let time = std::fs::read(npy.join("time_s.npy")).unwrap();
    let th = u16::from_le_bytes([time[8], time[9]]) as usize;
    let second_row = f64::from_le_bytes(time[10 + th + 8..10 + th + 16].try_into().unwrap());
    assert_eq!(second_row, 0.002);
    let first_theta = i32::from_le_bytes(t[10 + hl..10 + hl + 4].try_into().unwrap());
    let csv_theta: i32 = rows[4][theta_col].parse().unwrap();
    assert_eq!(first_theta, csv_theta, "tick 4 of the CSV run");
    assert!(!entries(&npy).contains(&"trace.csv".to_string()));
}

/// The size of a PNG, from its IHDR.
fn png_size(path: &Path) -> (u32, u32) {
    let png = std::fs::read(path).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_pictures_are_slide_sized_and_sub_second_runs_print_no_placeholders() {
    let dir = scratch("trust_pictures");
    let out = dir.join("out");
    let o = phin(&["run", "--seconds", "3", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    for f in ["spectrum.png", "oscillators.png", "timeline.png"] {
        assert_eq!(png_size(&out.join(f)), (1600, 900), "{f}");
    }
    let o = phin(&["run", "--seconds", "0.5"]);
    let so = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{so}");
    for placeholder in ["-300", " 0.00 Hz", "NaN", "inf"] {
        assert!(!so.contains(placeholder), "{placeholder} in {so}");
    }
    assert!(so.contains("spectrum: not measured"), "{so}");
    let o = phin(&["run", "--seconds", "0.5", "--json"]);
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["bands"].as_array().map(Vec::len), Some(0));
    assert!(s["spectral_slope_2_100_hz"].is_null());
    let o = phin(&["run", "--module", "hopf-oscillator", "--seconds", "0.5"]);
    let so = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "a sub-second module run: {so}");
    assert!(!so.contains("--settle"));
}

#[test]
fn flags_mean_what_they_say() {
    let dir = scratch("trust_flags");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    let cases: [(&[&str], &str); 9] = [
        (
            &["run", "--module", "hopf-oscillator", "--state", "flow"],
            "--state is not used by --module hopf-oscillator",
        ),
        (
            &[
                "run",
                "--module",
                "hopf-oscillator",
                "--sensory",
                "/no/such/file",
            ],
            "--sensory is not used by --module",
        ),
        (
            &[
                "run",
                "--module",
                "hopf-oscillator",
                "--transition",
                "flow@1",
            ],
            "--transition is not used",
        ),
        (
            &["run", "--module", "hopf-oscillator", "--seed", "3"],
            "--seed is not used",
        ),
        (
            &["run", "--settle", "1"],
            "--settle applies to a single module only",
        ),
        (
            &["run", "--seed", "-1"],
            "--seed = -1 is out of range (allowed 0..=18446744073709551615)",
        ),
        (
            &["run", "--trace-every", "-4"],
            "--trace-every = -4 is out of range (allowed 1..=",
        ),
        (
            &["run", "--trace-every", "0"],
            "--trace-every = 0 is out of range",
        ),
        (&["run", "--bogus"], "unexpected argument '--bogus'"),
    ];
    for (args, needle) in cases {
        let mut a = args.to_vec();
        a.extend_from_slice(&["--out", o]);
        let err = refused(&a);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            entries(&dir).is_empty(),
            "{args:?} left {:?}",
            entries(&dir)
        );
    }
    // --json works with --module.
    let s = phin(&[
        "run",
        "--module",
        "hopf-oscillator",
        "--seconds",
        "2",
        "--json",
    ]);
    let v: Value = serde_json::from_slice(&s.stdout).unwrap();
    assert_eq!(v["ticks"], 8_000);

    // Input files as spreadsheets and pandas write them: a BOM, CRLF, a header, an index.
    for (name, text) in [
        ("bom.txt", "\u{feff}0.5\r\n0.25\r\n"),
        ("header.csv", "sensory\n0.5\n0.25\n"),
        ("pandas.csv", ",sensory\n0,0.5\n1,0.25\n"),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        let o = phin(&["run", "--seconds", "0.1", "--sensory", p.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::remove_file(&p).unwrap();
    }
    let p = dir.join("field.csv");
    std::fs::write(&p, ",broadband,f0,f1,f2,f3,f4\n0,0.1,0,0,0,0,0\n").unwrap();
    let o = phin(&["run", "--seconds", "0.1", "--sr-field", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn ci_runs_fmt_and_clippy_on_the_toolchain_the_readme_names() {
    let repo = common::repo();
    let ci = std::fs::read_to_string(repo.join("scripts/test.sh")).unwrap();
    assert!(ci.contains("cargo fmt --all -- --check"), "CI runs rustfmt");
    assert!(
        ci.lines().any(
            |l| l.starts_with("cargo clippy --workspace --all-targets --locked")
                && l.contains("--features phin-py/python")
                && l.ends_with("-- -D warnings")
        ),
        "CI runs clippy on everything (the Python bindings included), warnings as errors"
    );
    let pin = std::fs::read_to_string(repo.join("rust-toolchain.toml")).unwrap();
    let channel = pin
        .lines()
        .find_map(|l| l.strip_prefix("channel = "))
        .map(|v| v.trim_matches('"').to_string())
        .expect("a pinned channel");
    assert!(channel.split('.').count() == 3, "a full version: {channel}");
    assert!(pin.contains("clippy") && pin.contains("rustfmt"));
    let readme = std::fs::read_to_string(repo.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {channel}")),
        "the README names {channel}"
    );
}
