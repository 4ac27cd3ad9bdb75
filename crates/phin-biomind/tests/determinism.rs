//! Acceptance 7: determinism and resume. The same seed gives identical trial-table bytes,
//! different seeds differ; checkpointing agent and processor mid-session and resuming gives
//! the uninterrupted session exactly.

use phin_biomind::record::trial_table;
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, Session, SessionCheckpoint, SessionParams, Source};
use phin_biomind::tasks::{TaskKind, TaskParams};
use phin_core::PhiNNeuralProcessor;

fn params(kind: TaskKind, seed: u64, trials: u32) -> Vec<SessionParams> {
    (1..=2)
        .map(|k| {
            let mut p = SessionParams::new(TaskParams::for_kind(kind), seed, k);
            p.task.trials = trials;
            p.binding.warmup_jitter_s = 4.0; // short warm-ups: a quick test
            p
        })
        .collect()
}

fn table(kind: TaskKind, sessions: &[Session]) -> String {
    let all: Vec<_> = sessions.iter().flat_map(|s| s.records().to_vec()).collect();
    trial_table(kind, &all)
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_other_seeds_differ() {
    for kind in [TaskKind::Reversal, TaskKind::GoNoGo] {
        let a = table(
            kind,
            &run_sessions(params(kind, 11, 12), Ablation::None, |_, _| {}).unwrap(),
        );
        let b = table(
            kind,
            &run_sessions(params(kind, 11, 12), Ablation::None, |_, _| {}).unwrap(),
        );
        let c = table(
            kind,
            &run_sessions(params(kind, 12, 12), Ablation::None, |_, _| {}).unwrap(),
        );
        assert_eq!(a.lines().count(), 1 + 2 * 12);
        assert_eq!(a, b, "{kind}: same seed, same bytes");
        assert_ne!(a, c, "{kind}: another seed, another table");
    }
    // The processor-ablated agent is deterministic too.
    let kind = TaskKind::Bandit;
    let a = table(
        kind,
        &run_sessions(params(kind, 3, 30), Ablation::Processor, |_, _| {}).unwrap(),
    );
    let b = table(
        kind,
        &run_sessions(params(kind, 3, 30), Ablation::Processor, |_, _| {}).unwrap(),
    );
    assert_eq!(a, b);
}

fn drive(s: &mut Session, p: &mut PhiNNeuralProcessor, ticks: u64) {
    for _ in 0..ticks {
        if s.is_done() {
            break;
        }
        let i = s.tick(Some(p.probe()));
        p.tick(&i);
    }
}

#[test]
fn checkpoint_mid_session_and_resume_gives_the_uninterrupted_session() {
    let mut sp = params(TaskKind::Reversal, 21, 20).remove(0);
    sp.nt_trace_every_s = Some(0.05);
    let guard = sp.max_ticks();
    // Uninterrupted.
    let mut s = Session::new(sp.clone(), Source::Live).unwrap();
    let mut p = PhiNNeuralProcessor::default();
    drive(&mut s, &mut p, guard);
    assert!(s.is_done());
    // Interrupted mid-trial: after the warm-up and several trials, 1.234 s into the run.
    let mut s2 = Session::new(sp, Source::Live).unwrap();
    let mut p2 = PhiNNeuralProcessor::default();
    let cut = s2.warmup_ticks() + 23_456;
    drive(&mut s2, &mut p2, cut);
    assert!(!s2.records().is_empty() && !s2.is_done());
    let json = SessionCheckpoint::to_json(&s2, &p2);
    drop((s2, p2));
    let (mut s3, mut p3) = SessionCheckpoint::from_json(&json).expect("the checkpoint loads");
    assert_eq!(p3.tick_count(), cut);
    drive(&mut s3, &mut p3, guard);
    assert!(s3.is_done());
    assert_eq!(
        trial_table(TaskKind::Reversal, s3.records()),
        trial_table(TaskKind::Reversal, s.records())
    );
    assert_eq!(s3.nt_trace(), s.nt_trace());
    if s3 != s {
        // Name the first differing member rather than print two sessions.
        let (a, b) = (
            serde_json::to_value(&s3).unwrap(),
            serde_json::to_value(&s).unwrap(),
        );
        let ka: Vec<_> = a
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, v)| b.get(k.as_str()) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        panic!("the resumed session differs in {ka:?}");
    }
    assert_eq!(p3, p, "every register of the processor");
    // A damaged checkpoint is refused with a message, not a panic.
    let e = SessionCheckpoint::from_json(&json.replacen("\"version\":1", "\"version\":9", 1))
        .expect_err("version 9 refused");
    assert!(e.to_string().contains("version"), "{e}");
    assert!(SessionCheckpoint::from_json("{}").is_err());
}
