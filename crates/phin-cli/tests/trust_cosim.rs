//! `phin cosim` trusted with the disk: a signal during `--vcd`/`--record` leaves no temporary
//! file, a killed Verilator build's temporary directory is removed by the next build (and by
//! `phin clean`), an empty replay file is an error, not a pass. Needs Verilator, as every
//! co-simulation test does (they fail loudly without it).

mod common;

use common::{phin, refused, scratch};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

fn kill(pid: u32, sig: i32) {
    // SAFETY: a signal to our own child.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, sig) }, 0);
}

#[test]
fn a_signal_during_cosim_vcd_and_record_leaves_no_temporary() {
    let dir = scratch("trust_cosim_sigint");
    let vcd = dir.join("run.vcd");
    let rec = dir.join("stim.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(["cosim", "--rtl", "rtl", "--top", "lfsr16", "--seed", "3"])
        .args(["--ticks", "1000000000", "--vcd"])
        .arg(&vcd)
        .arg("--record")
        .arg(&rec)
        .current_dir(common::repo())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Started writing: the waveform's temporary holds more than 100 kB.
    let t0 = Instant::now();
    loop {
        let big = entries(&dir).iter().any(|n| {
            n.starts_with(".run.vcd.phin-tmp-")
                && std::fs::metadata(dir.join(n)).is_ok_and(|m| m.len() > 100_000)
        });
        if big {
            break;
        }
        if let Ok(Some(s)) = child.try_wait() {
            panic!("cosim ended early: {s}");
        }
        assert!(t0.elapsed() < Duration::from_secs(240), "cosim never wrote");
        std::thread::sleep(Duration::from_millis(20));
    }
    kill(child.id(), libc::SIGINT);
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(
        err.lines()
            .last()
            .unwrap_or("")
            .contains("interrupted by SIGINT"),
        "{err}"
    );
    assert!(entries(&dir).is_empty(), "left behind: {:?}", entries(&dir));
}

#[test]
fn a_killed_verilator_build_is_cleaned_by_the_next_build_and_by_phin_clean() {
    let cache = scratch("trust_cosim_cache");
    let args = |ticks: &str| {
        vec![
            "cosim".to_string(),
            "--rtl".into(),
            "rtl".into(),
            "--top".into(),
            "lfsr16".into(),
            "--ticks".into(),
            ticks.into(),
            "--seed".into(),
            "1".into(),
            "--cache-dir".into(),
            cache.to_str().unwrap().into(),
        ]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_phin"))
        .args(args("1000"))
        .current_dir(common::repo())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let tmp = loop {
        if let Some(n) = entries(&cache)
            .into_iter()
            .find(|n| n.contains(".phin-tmp-"))
        {
            break cache.join(n);
        }
        if let Ok(Some(s)) = child.try_wait() {
            panic!("the build ended before it was killed: {s}");
        }
        assert!(t0.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(5));
    };
    std::thread::sleep(Duration::from_millis(300));
    kill(child.id(), libc::SIGKILL);
    let _ = child.wait();
    // Its compiler may still be writing for a moment; then the directory stays behind.
    std::thread::sleep(Duration::from_millis(500));
    assert!(tmp.is_dir(), "SIGKILL leaves the temporary build");
    // phin clean removes it (its process is gone) ...
    let o = phin(&["clean", cache.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 leftover removed"));
    assert!(!tmp.exists());
    // ... and so does the next build of the same top, which then succeeds.
    std::fs::create_dir(&tmp).unwrap();
    std::fs::write(tmp.join("half.o"), b"partial").unwrap();
    let a = args("1000");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = phin(&a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let left: Vec<String> = entries(&cache)
        .into_iter()
        .filter(|n| n.contains("phin-tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_empty_replay_file_is_an_error_not_a_pass() {
    let dir = scratch("trust_cosim_replay");
    let rec = dir.join("empty.txt");
    // A stimulus file with its header and no row, as a recording of zero ticks would be.
    std::fs::write(
        &rec,
        "# phin stimulus v1\n# top hopf_oscillator\nmu_dt omega_dt input_x\n",
    )
    .unwrap();
    let o = phin(&[
        "cosim",
        "--rtl",
        "rtl",
        "--top",
        "hopf_oscillator",
        "--replay",
        rec.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("holds no stimulus rows"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Negative numbers get the range, not clap's "unexpected argument".
    let e = refused(&["cosim", "--rtl", "rtl", "--top", "lfsr16", "--ticks", "-5"]);
    assert!(
        e.contains("--ticks = -5 is out of range (allowed 1..="),
        "{e}"
    );
}
