//! Part 3, the body closing the loop (docs/biomind.md "Part 3"): acceptance 2 (a fasting
//! schedule changes the learner's bandit choices in the direction its drive implies) and
//! acceptance 4 (determinism and checkpoint/resume of the whole mind including the body), and
//! arousal reaching the processor as state requests.

use phin_biomind::body::{BodyParams, Stressor, StressorKind};
use phin_biomind::mindtask::{CouplingToTask, TaskMind};
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, Session, SessionCheckpoint, SessionParams, Source};
use phin_biomind::stats::Estimate;
use phin_biomind::tasks::{TaskKind, TaskParams};
use phin_core::identity::ConsciousnessState;
use phin_core::PhiNNeuralProcessor;

fn body(kind: Option<StressorKind>, at_s: f64, duration_s: f64) -> BodyParams {
    BodyParams {
        stressors: kind
            .map(|kind| Stressor {
                kind,
                at_s,
                duration_s,
            })
            .into_iter()
            .collect(),
        ..BodyParams::default()
    }
}

fn bandit(seed: u64, subject: u32, b: BodyParams) -> SessionParams {
    let mut p = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), seed, subject);
    p.body = Some(b);
    p
}

/// Fraction of best-arm choices in trials `from..`.
fn best_share(s: &Session, from: usize) -> f64 {
    let r = &s.records()[from..];
    let n = r.iter().filter(|t| t.correct.is_some()).count();
    r.iter().filter(|t| t.correct == Some(true)).count() as f64 / n as f64
}

/// Acceptance 2: 24 agents, each run twice on the same seeds (the same outcomes, the same
/// choice draws), once fed and once fasting from the start. Fasting lowers glucose, hunger
/// raises M_explore and the learner's softmax becomes more exploratory: in the second half
/// (trials 100–199, when glucose has fallen) the share of best-arm choices falls. The paired
/// difference fasting − fed has a 95% interval below 0. Without the processor (its clock is
/// internal): the body–learner loop is what is tested, in about a second.
#[test]
fn fasting_makes_the_learner_explore_on_the_bandit() {
    let n = 24;
    let run = |kind: Option<StressorKind>| {
        let ps: Vec<SessionParams> = (1..=n)
            .map(|k| bandit(5, k, body(kind, 0.0, 10_000.0)))
            .collect();
        run_sessions(ps, Ablation::Processor, |_, _| {}).unwrap()
    };
    let fed = run(None);
    let fasting = run(Some(StressorKind::Fasting));
    let a: Vec<f64> = fasting.iter().map(|s| best_share(s, 100)).collect();
    let b: Vec<f64> = fed.iter().map(|s| best_share(s, 100)).collect();
    let d = Estimate::paired_difference(&a, &b);
    let hunger: f64 = fasting
        .iter()
        .map(|s| s.body().unwrap().sample().hunger)
        .sum::<f64>()
        / n as f64;
    eprintln!(
        "best-arm share, trials 100-199: fed {:.3}, fasting {:.3}; fasting − fed {:.3} [{:.3}, {:.3}]; hunger at the end {hunger:.2}",
        Estimate::of(&b).mean,
        Estimate::of(&a).mean,
        d.mean,
        d.lo,
        d.hi
    );
    assert!(hunger > 0.3, "{hunger}");
    assert!(d.hi < 0.0, "fasting − fed = {d:?}");
}

/// Arousal reaches the processor: heat engages the threat override, NE rises, and the session
/// requests the high-arousal state (FLOW by default) — the only way the body acts on the
/// processor; a calm body never does.
#[test]
fn a_threat_raises_arousal_into_the_high_state() {
    let run = |kind| {
        let mut p = bandit(3, 1, body(kind, 20.0, 120.0));
        p.task.trials = 80;
        run_sessions(vec![p], Ablation::Processor, |_, _| {})
            .unwrap()
            .remove(0)
    };
    let hot = run(Some(StressorKind::Heat));
    let calm = run(None);
    let flow = ConsciousnessState::Flow.code() as usize;
    eprintln!(
        "ticks requesting FLOW: heat {}, calm {}",
        hot.state_ticks()[flow],
        calm.state_ticks()[flow]
    );
    assert!(
        hot.state_ticks()[flow] > 4_000 * 20,
        "{:?}",
        hot.state_ticks()
    );
    assert!(calm.state_ticks()[flow] < hot.state_ticks()[flow] / 10);
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

/// Acceptance 4 (session): a live session with a body under heat, checkpointed mid-stressor
/// and resumed, is the uninterrupted one exactly (body, learner, processor, trace).
#[test]
fn a_session_with_its_body_resumes_exactly() {
    let mut sp = bandit(9, 1, body(Some(StressorKind::Heat), 2.0, 20.0));
    sp.task.trials = 8;
    sp.binding.warmup_s = 1.0;
    sp.binding.warmup_jitter_s = 0.5;
    sp.nt_trace_every_s = Some(0.5);
    let total = 4_000 * 24;
    let mut s = Session::new(sp.clone(), Source::Live).unwrap();
    let mut p = PhiNNeuralProcessor::default();
    drive(&mut s, &mut p, total);
    let mut s2 = Session::new(sp, Source::Live).unwrap();
    let mut p2 = PhiNNeuralProcessor::default();
    drive(&mut s2, &mut p2, 4_000 * 9 + 123);
    let json = SessionCheckpoint::to_json(&s2, &p2);
    let (mut s3, mut p3) = SessionCheckpoint::from_json(&json).unwrap();
    drive(&mut s3, &mut p3, total - (4_000 * 9 + 123));
    let peak = s
        .body_trace()
        .iter()
        .map(|b| b.load_imm)
        .fold(0.0, f64::max);
    assert!(peak > 0.1, "peak L_imm {peak}");
    assert_eq!(s, s3);
    assert_eq!(p.probe().snapshot(), p3.probe().snapshot());
}

/// Acceptance 4 (whole mind): the part-2 mind around the learner, with the body, run twice
/// from the same seed is identical, and a JSON round trip of the whole (mind, learner, body)
/// and the processor mid-run resumes to the same end.
#[test]
fn the_whole_mind_with_its_body_is_deterministic_and_resumes() {
    let mut sp = bandit(4, 1, body(Some(StressorKind::Exertion), 1.0, 10.0));
    sp.task.trials = 6;
    sp.binding.warmup_s = 1.0;
    sp.binding.warmup_jitter_s = 0.5;
    let total: u64 = 4_000 * 12;
    let cut: u64 = 4_000 * 5 + 77;
    let run = |n: u64, tm: &mut TaskMind, p: &mut PhiNNeuralProcessor| {
        for _ in 0..n {
            let i = tm.tick(p.probe());
            p.tick(&i);
        }
    };
    let mk = || TaskMind::new(sp.clone(), None, CouplingToTask::default()).unwrap();
    let (mut a, mut pa) = (mk(), PhiNNeuralProcessor::default());
    run(total, &mut a, &mut pa);
    let (mut b, mut pb) = (mk(), PhiNNeuralProcessor::default());
    run(cut, &mut b, &mut pb);
    let json = serde_json::to_string(&b).unwrap();
    let proc_json = pb.checkpoint().to_json();
    let mut c: TaskMind = serde_json::from_str(&json).unwrap();
    let mut pc = phin_core::checkpoint::Checkpoint::from_json(&proc_json)
        .unwrap()
        .into_processor();
    run(total - cut, &mut c, &mut pc);
    assert!(a.session().body().unwrap().sample().load_short > 0.01);
    assert_eq!(a, c);
    assert_eq!(pa.probe().snapshot(), pc.probe().snapshot());
}
