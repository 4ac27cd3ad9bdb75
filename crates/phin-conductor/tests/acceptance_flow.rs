//! Acceptance 3 of the conductor issue: the flow equation's parts and the reason S is n:m
//! coherence.

use phin_conductor::chemistry::{Chemistry, ChemistryParams, Neurotransmitter};
use phin_conductor::conductor::{run, ConductorParams, SyncMeasure};
use phin_conductor::flow::{attenuation, transmits, AttenuationParams, FlowMatrix};
use phin_conductor::layers::ConductorLayer::{Emotional, Executive, Output};
use phin_conductor::network::TrafficStream;

#[test]
fn the_threshold_is_strict_at_0_1() {
    let threshold = phin_conductor::network::NetworkParams::default().threshold;
    assert_eq!(threshold, 0.1);
    assert!(!transmits(0.1, threshold));
    assert!(transmits(0.1 + 1e-9, threshold));
}

#[test]
fn attenuation_follows_the_documents_table_capped_at_0_95() {
    let p = AttenuationParams::default();
    // 1 − e^(−0.1 d), d = 1 … 6 (interference 0, complexity 0.5, load ≤ 0.8).
    let table = [0.0952, 0.1813, 0.2592, 0.3297, 0.3935, 0.4512];
    for (d, want) in (1..=6).zip(table) {
        let a = attenuation(&p, f64::from(d), 0.0, 0.5, 0.3);
        assert!((a.total - want).abs() < 5e-5, "distance {d}: {}", a.total);
    }
    // The sum above 0.95 (0.451 + 0.5 + 0.025 + 0.04 = 1.016): capped.
    assert_eq!(attenuation(&p, 6.0, 5.0, 1.0, 1.0).total, 0.95);
    // Simple messages never make it negative (the document's formula would: −0.025).
    assert_eq!(attenuation(&p, 0.0, 0.0, 0.0, 0.0).total, 0.0);
}

#[test]
fn neurotransmitter_trajectories_match_hand_worked_values() {
    // The document's story processing: ACh +0.3 for 5000 ms, DA +0.2 for 3000 ms, at tick 0.
    let mut c = Chemistry::new(ChemistryParams::default());
    c.release(0, Neurotransmitter::Acetylcholine, 0.3, 5.0);
    c.release(0, Neurotransmitter::Dopamine, 0.2, 3.0);
    // At 4 s (tick 16000): DA decayed once, 0.7 × 0.8 = 0.56; ACh still 0.3 + 0.3 = 0.6.
    c.advance(16_000);
    assert!((c.levels().dopamine - 0.56).abs() < 1e-12);
    assert!((c.levels().acetylcholine - 0.6).abs() < 1e-12);
    // At 6 s (tick 24000): ACh 0.6 × 0.8 = 0.48; C = 0.3·0.56 + 0.2·0.6 + 0.3·0.4 + 0.15·0.48
    // + 0.05·0.7 = 0.515.
    c.advance(24_000);
    assert!((c.levels().acetylcholine - 0.48).abs() < 1e-12);
    assert!((c.levels().dopamine - 0.56).abs() < 1e-12);
    assert!((c.modifier() - 0.515).abs() < 1e-12);
}

/// A conductor whose only edge is Emotional → Output: the association and motor columns' L6,
/// the same layer in two columns, which the processor locks.
fn column_route(measure: SyncMeasure) -> ConductorParams {
    let mut m = FlowMatrix([[0.0; 7]; 7]);
    m.0[Emotional.index()][Output.index()] = 0.5;
    let mut p = ConductorParams {
        sync_measure: measure,
        traffic: vec![TrafficStream {
            src: Emotional,
            dst: Output,
            rate_hz: 10.0,
            urgency: (1.0, 1.0),
            importance: (1.0, 1.0),
            complexity: (0.5, 0.5),
        }],
        steering: None,
        record: false,
        ..ConductorParams::default()
    };
    p.network.matrix = m;
    p
}

#[test]
fn messages_between_locked_columns_pass() {
    let r = run(&column_route(SyncMeasure::NmCoherence), 30.0, |_, _| {}).unwrap();
    let pair = r
        .pairs
        .iter()
        .find(|p| p.a == Emotional && p.b == Output)
        .unwrap();
    let pass = r.counters.hop_pass_rate().unwrap();
    println!(
        "assoc.l6 → motor.l6: S {:.4} (surrogate {:.4}, clock control {:.4}); {} messages, \
         pass rate {pass:.4} (shadow at chance S: {:.4}), delivered {}",
        pair.coherence,
        pair.surrogate,
        pair.control,
        r.counters.sent,
        r.chance_counters.hop_pass_rate().unwrap_or(f64::NAN),
        r.counters.delivered
    );
    assert!(pair.coherence >= 0.95, "the columns are locked");
    assert!(r.counters.sent > 200);
    assert!(pass >= 0.95, "{pass}");
}

#[test]
fn raw_cos_gating_between_unlocked_bands_averages_to_no_flow() {
    // The document's S = cos Δφ between theta (Executive, 5.89 Hz) and assoc L6 (Emotional,
    // 9.53 Hz), two bands that do not lock: a beat at their difference frequency.
    let raw = run(
        &ConductorParams {
            sync_measure: SyncMeasure::RawCos,
            steering: None,
            record: false,
            ..ConductorParams::default()
        },
        30.0,
        |_, _| {},
    )
    .unwrap();
    let nm = run(
        &ConductorParams {
            steering: None,
            record: false,
            ..ConductorParams::default()
        },
        30.0,
        |_, _| {},
    )
    .unwrap();
    let pair = raw
        .pairs
        .iter()
        .find(|p| p.a == Emotional && p.b == Executive)
        .unwrap();
    let (e, x) = (Executive.index(), Emotional.index());
    let r_raw = raw.edge_rate_mean[e][x];
    let r_nm = nm.edge_rate_mean[e][x];
    println!(
        "executive → emotional: mean cos Δφ {:.4}, mean |cos Δφ| {:.4} (2/π = {:.4}); mean R \
         with S = cos Δφ {r_raw:.4}; with S = n:m coherence {r_nm:.4} (S {:.3}, surrogate \
         {:.3}, clock control {:.3}); document sync quality {:.3} beside 2/π",
        pair.mean_cos,
        pair.mean_abs_cos,
        std::f64::consts::FRAC_2_PI,
        pair.coherence,
        pair.surrogate,
        pair.control,
        raw.metrics.document_sync_quality.value,
    );
    // The beat: mean cos ≈ 0, mean |cos| ≈ 2/π, so the mean flow rate is ≈ 0 …
    assert!(pair.mean_cos.abs() < 0.02);
    assert!((pair.mean_abs_cos - std::f64::consts::FRAC_2_PI).abs() < 0.02);
    assert!(r_raw.abs() < 0.01, "{r_raw}");
    // … while the n:m coherence is a non-negative level the report sets beside its chance.
    assert!(r_nm > 0.0);
    assert!(
        (pair.coherence - pair.surrogate).abs() < 0.05,
        "unlocked: S at its chance level"
    );
}
