//! Part 2, acceptance 4 (critic on the live processor) and 7 (loop order, snapshot, resume,
//! determinism).

use phin_biomind::critic::Override;
use phin_biomind::mind::{
    drive, Mind, MindCheckpoint, MindParams, MindSnapshot, ScenarioKind, Stage, DEFAULT_ORDER,
};
use phin_biomind::nt::Nt;
use phin_biomind::time::ticks;
use phin_core::identity::ConsciousnessState;
use phin_core::PhiNNeuralProcessor;

fn threat_params(seed: u64) -> MindParams {
    let mut p = MindParams::new(ScenarioKind::Threat, seed);
    p.scenario.threat_from_s = 3.0;
    p.scenario.threat_to_s = 4.0;
    p
}

#[test]
fn a_threat_raises_ne_within_20_ticks_and_retreats_in_the_same_cycle() {
    let p = threat_params(1);
    let onset = ticks(p.scenario.threat_from_s);
    let mut mind = Mind::new(p).unwrap();
    let mut proc = PhiNNeuralProcessor::default();
    drive(&mut mind, &mut proc, onset, &mut |_| {});
    assert_eq!(mind.critic().last().decision, Override::Execute);
    let before = mind.nt().level(Nt::Ne);
    let mut ne_rise = None;
    let mut retreat = None;
    for t in onset..onset + 400 {
        let i = mind.tick(Some(proc.probe()));
        proc.tick(&i);
        if ne_rise.is_none() && mind.nt().level(Nt::Ne) >= before + 0.1 {
            ne_rise = Some(t);
        }
        if retreat.is_none() && mind.critic().last().decision == Override::Retreat {
            retreat = Some(t);
            assert_eq!(
                i.state(),
                ConsciousnessState::Flow,
                "the state request went out"
            );
        }
    }
    let (ne_rise, retreat) = (
        ne_rise.expect("NE never rose"),
        retreat.expect("no RETREAT"),
    );
    println!(
        "NE {before:.3} → +0.1 after {} ticks; RETREAT after {} ticks",
        ne_rise - onset,
        retreat - onset
    );
    assert!(
        ne_rise - onset <= 20,
        "NE rose {} ticks after the threat",
        ne_rise - onset
    );
    // The same critic cycle: RETREAT and the NE rise at the same tick.
    assert_eq!(retreat, ne_rise);
    assert_eq!(mind.retreat_tick(), Some(retreat));
}

#[test]
fn ten_quiet_minutes_produce_no_override() {
    let p = MindParams::new(ScenarioKind::Quiet, 2);
    let mut mind = Mind::new(p).unwrap();
    let mut proc = PhiNNeuralProcessor::default();
    let (mut worst, mut max_z): (f64, f64) = (0.0, 0.0);
    for _ in 0..ticks(600.0) {
        let i = mind.tick(Some(proc.probe()));
        proc.tick(&i);
        let c = mind.critic().last();
        worst = worst.max(c.threat);
        max_z = max_z.max(c.max_z);
    }
    println!(
        "600 s quiet: {} override cycles; largest threat {worst:.3} (REFLECT above 0.5), \
         largest |z| {max_z:.2} (anomaly ½ at 8)",
        mind.critic().override_cycles()
    );
    assert_eq!(mind.critic().override_cycles(), 0);
    assert_eq!(mind.retreat_tick(), None);
}

fn salience_tick(order: Vec<Stage>) -> (Option<u64>, Option<u64>) {
    let mut p = threat_params(3);
    p.order = order;
    let mut mind = Mind::new(p).unwrap();
    let mut proc = PhiNNeuralProcessor::default();
    drive(&mut mind, &mut proc, ticks(3.5), &mut |_| {});
    (mind.retreat_tick(), mind.threat_salience_tick())
}

#[test]
fn reordering_the_loop_breaks_the_same_cycle_property() {
    // The documented order: the threat the critic sees enters the workspace as salience in the
    // same tick.
    let (r, s) = salience_tick(DEFAULT_ORDER.to_vec());
    assert!(r.is_some());
    assert_eq!(r, s, "documented order");
    // The workspace before the critic: one workspace period late. The property this test
    // checks fails under the reordering, as it must.
    let mut o = DEFAULT_ORDER.to_vec();
    let w = o.iter().position(|x| *x == Stage::Workspace).unwrap();
    let st = o.remove(w);
    let c = o.iter().position(|x| *x == Stage::Critic).unwrap();
    o.insert(c, st);
    let (r2, s2) = salience_tick(o);
    assert_eq!(r2, r);
    assert_ne!(r2, s2, "reordered loop kept the property");
    assert_eq!(s2.unwrap() - r2.unwrap(), 40);
    // A non-permutation is refused by name.
    let mut p = threat_params(3);
    p.order = vec![Stage::Observe];
    assert_eq!(Mind::new(p).unwrap_err().field, "order");
}

fn blink_params(seed: u64) -> MindParams {
    let mut p = MindParams::new(ScenarioKind::AttentionalBlink, seed);
    p.log_every_steps = 10;
    p
}

#[test]
fn snapshots_round_trip_and_resume_equals_continuation() {
    let p = blink_params(4);
    let mut a = Mind::new(p).unwrap();
    let mut pa = PhiNNeuralProcessor::default();
    drive(&mut a, &mut pa, 30_000, &mut |_| {});
    let json = MindCheckpoint::to_json(&a, &pa);
    drive(&mut a, &mut pa, 30_000, &mut |_| {});
    let (mut b, mut pb) = MindCheckpoint::from_json(&json).unwrap();
    drive(&mut b, &mut pb, 30_000, &mut |_| {});
    assert_eq!(a.snapshot(), b.snapshot());
    assert_eq!(a, b);
    assert_eq!(pa.checkpoint().to_json(), pb.checkpoint().to_json());
    let snap = a.snapshot();
    let back: MindSnapshot = serde_json::from_str(&serde_json::to_string(&snap).unwrap()).unwrap();
    assert_eq!(back, snap);
    assert!(!a.log().is_empty() && !a.blink_trials().is_empty());
    assert!(MindCheckpoint::from_json("{\"format\": \"other\"}").is_err());
}

#[test]
fn the_loop_is_deterministic() {
    let run = |seed: u64| {
        let mut m = Mind::new(blink_params(seed)).unwrap();
        let mut p = PhiNNeuralProcessor::default();
        drive(&mut m, &mut p, 40_000, &mut |_| {});
        serde_json::to_string(m.log()).unwrap()
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
}
