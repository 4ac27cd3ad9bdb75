//! Acceptance 8: speed. A session runs at no less than half the bare processor's ticks per
//! second; a batch of agents uses every core (par_drive, one closed loop per instance).
//!
//! The full-size run — 100 agents × 200 trials of 2 s on live processors, wall time and the
//! ratio to the bare processor — is
//! `cargo test --release -p phin-biomind --test speed -- --ignored --nocapture`.

use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, Session, SessionParams, Source};
use phin_biomind::tasks::{TaskKind, TaskParams};
use phin_core::batch::ProcessorBatch;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Instant;

fn bare_rate(n: u64) -> f64 {
    let mut p = PhiNNeuralProcessor::default();
    let i = PhiNNeuralProcessorInputs::default();
    let t = Instant::now();
    for _ in 0..n {
        p.tick(&i);
    }
    std::hint::black_box(&p);
    n as f64 / t.elapsed().as_secs_f64()
}

fn session_rate(n: u64) -> f64 {
    let mut sp = SessionParams::new(TaskParams::for_kind(TaskKind::Reversal), 8, 1);
    sp.binding.warmup_s = 0.0;
    sp.binding.warmup_jitter_s = 0.0;
    let mut s = Session::new(sp, Source::Live).unwrap();
    let mut p = PhiNNeuralProcessor::default();
    let t = Instant::now();
    for _ in 0..n {
        let i = s.tick(Some(p.probe()));
        p.tick(&i);
    }
    std::hint::black_box(&p);
    assert!(!s.records().is_empty());
    n as f64 / t.elapsed().as_secs_f64()
}

/// Acceptance 8: session ticks/s ≥ 0.5 × bare ticks/s, measured interleaved in the same
/// process (the best of five each, so a busy machine slows both alike).
#[test]
fn a_session_runs_at_least_at_half_the_bare_processor_speed() {
    let n = 80_000; // 20 s of simulated time
    let (mut bare, mut sess) = (0.0f64, 0.0f64);
    for _ in 0..5 {
        bare = bare.max(bare_rate(n));
        sess = sess.max(session_rate(n));
    }
    let ratio = sess / bare;
    println!(
        "bare processor {:.3} M ticks/s, session (agent + task + processor) {:.3} M ticks/s, ratio {ratio:.3} (target ≥ 0.5)",
        bare / 1e6,
        sess / 1e6
    );
    assert!(ratio >= 0.5, "ratio {ratio}");
}

/// Acceptance 8: a batch spreads its agents over every thread of the pool.
#[test]
fn a_batch_of_agents_uses_every_core() {
    let threads = rayon::current_num_threads();
    let agents = 4 * threads.max(1);
    let slots: Vec<Mutex<Option<Session>>> = (1..=agents as u32)
        .map(|k| {
            let mut sp = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 9, k);
            sp.binding.warmup_s = 0.0;
            sp.binding.warmup_jitter_s = 0.0;
            Mutex::new(Some(Session::new(sp, Source::Live).unwrap()))
        })
        .collect();
    let used = Mutex::new(BTreeSet::new());
    let mut batch = ProcessorBatch::new(&vec![PhiNNeuralProcessorParams::DEFAULT; agents]);
    let states = batch.par_drive(
        8_000,
        |k| {
            used.lock().unwrap().insert(rayon::current_thread_index());
            slots[k].lock().unwrap().take().unwrap()
        },
        |s, _t, probe| s.tick(Some(probe)),
    );
    let used = used.into_inner().unwrap();
    println!("{agents} agents ran on threads {used:?} of {threads}");
    assert_eq!(states.len(), agents);
    assert!(states.iter().all(|s| !s.records().is_empty()));
    assert_eq!(used.len(), threads, "every thread of the pool took agents");
}

/// CPU seconds this process has used (all threads), from /proc/self/stat (Linux; clock ticks
/// of 1/100 s, the kernel's USER_HZ).
fn cpu_seconds() -> Option<f64> {
    proc_cpu("/proc/self/stat")
}

/// The bare processor's ticks per CPU second of this thread (0.2 s or more of CPU, so the 10 ms
/// clock is good to 5 %); per wall second where /proc does not tell.
fn bare_cpu_rate() -> f64 {
    let n = 400_000u64;
    let c0 = proc_cpu("/proc/thread-self/stat");
    let t = Instant::now();
    let mut p = PhiNNeuralProcessor::default();
    let i = PhiNNeuralProcessorInputs::default();
    for _ in 0..n {
        p.tick(&i);
    }
    std::hint::black_box(&p);
    let wall = t.elapsed().as_secs_f64();
    let cpu = proc_cpu("/proc/thread-self/stat")
        .zip(c0)
        .map(|(b, a)| b - a);
    n as f64 / cpu.filter(|c| *c > 0.0).unwrap_or(wall)
}

fn proc_cpu(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Acceptance 8 at full size: 100 agents × 200 trials of 2 s (the bandit's timing) on live
/// processors. Prints the wall time, the CPU time (so the cores used = CPU / wall) and the
/// throughput per CPU second against the bare processor's single-thread rate, which a busy
/// machine cannot distort the way it distorts wall time.
#[test]
#[ignore]
fn one_hundred_agents_two_hundred_trials() {
    let bare = (0..3).map(|_| bare_cpu_rate()).fold(0.0, f64::max);
    let ps: Vec<SessionParams> = (1..=100)
        .map(|k| SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), 10, k))
        .collect();
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let sessions = run_sessions(ps, Ablation::None, |_, _| {}).unwrap();
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    let bare = bare.max(bare_cpu_rate());
    let ticks: u64 = sessions.iter().map(Session::ticks).sum();
    let threads = rayon::current_num_threads();
    let mean_trial_s = sessions
        .iter()
        .map(|s| {
            let r = s.records();
            (r[r.len() - 1].start_s - r[0].start_s) / (r.len() - 1) as f64
        })
        .sum::<f64>()
        / 100.0;
    println!(
        "100 agents × 200 trials (mean trial {mean_trial_s:.2} s): {ticks} ticks in {wall:.1} s wall \
         ({:.2} M ticks/s) on {threads} threads; bare processor {:.2} M ticks per CPU second",
        ticks as f64 / wall / 1e6,
        bare / 1e6
    );
    if let Some(cpu) = cpu {
        let per_cpu = ticks as f64 / cpu;
        println!(
            "CPU {cpu:.1} s = {:.2} cores busy on average; {:.2} M ticks per CPU second = {:.2} × the \
             bare processor (target ≥ 0.5)",
            cpu / wall,
            per_cpu / 1e6,
            per_cpu / bare
        );
        assert!(per_cpu / bare >= 0.5, "{}", per_cpu / bare);
    }
    assert!(sessions.iter().all(|s| s.records().len() == 200));
}
