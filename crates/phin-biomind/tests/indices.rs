//! Acceptance 3 of issue 22 (docs/biomind.md, "The dynamical indices"): every index in each of
//! the five states beside its surrogate, and the ones that separate ANESTHESIA < NORMAL <
//! PSYCHEDELIC pinned. The default run is 120 s per state (12 windows of 10 s, about 6 s on two
//! cores); the 600-s run of the acceptance is `#[ignore]`d (README, "Long runs").

use phin_biomind::indices::{run_indices, IndicesParams, IndicesReport};

fn run(seconds: f64) -> IndicesReport {
    let p = IndicesParams {
        seconds,
        ..IndicesParams::default()
    };
    let r = run_indices(&p, |_| {}).unwrap();
    print_table(&r);
    r
}

fn record<'a>(
    r: &'a IndicesReport,
    index: &str,
    state: &str,
) -> &'a phin_biomind::indices::IndexRecord {
    r.records
        .iter()
        .find(|x| x.index == index && x.state == state)
        .unwrap_or_else(|| panic!("no record {index} {state}"))
}

fn print_table(r: &IndicesReport) {
    println!("value | surrogate p95 | fraction of windows above p95; d over windows");
    println!(
        "{:<25} {:>22} {:>22} {:>22} {:>22} {:>22} {:>7} {:>7}  order",
        "index", "anesthesia", "normal", "psychedelic", "flow", "meditation", "d(A→N)", "d(N→P)"
    );
    for s in &r.separation {
        let v = |state: &str| {
            let rec = record(r, &s.index, state);
            format!(
                "{:.3e}|{:.3e}|{:.2}",
                rec.value, rec.surrogate_p95, rec.above_p95_fraction
            )
        };
        let d = |x: Option<f64>| x.map_or("—".into(), |v| format!("{v:+.2}"));
        println!(
            "{:<25} {:>22} {:>22} {:>22} {:>22} {:>22} {:>7} {:>7}  {}",
            s.index,
            v("anesthesia"),
            v("normal"),
            v("psychedelic"),
            v("flow"),
            v("meditation"),
            d(s.d_anesthesia_normal),
            d(s.d_normal_psychedelic),
            s.order
        );
    }
    println!(
        "signals identical in every state: {:?}",
        r.invariant_signals
    );
}

/// The indices that separate ANESTHESIA < NORMAL < PSYCHEDELIC (ascending) or the reverse
/// (descending) with |d| ≥ 0.8 on both steps, as measured (docs/biomind.md has the figures).
/// Indices whose smaller step is under 1.5 in the 120-s run are reported but not pinned.
const PINNED: [(&str, &str); 10] = [
    ("band_power.theta", "ascending"),
    ("band_power.alpha", "descending"),
    ("band_power.beta1", "ascending"),
    ("band_power.slow_gamma", "ascending"),
    ("band_power.fast_gamma", "ascending"),
    ("modulation_index", "ascending"),
    ("global_coupling", "ascending"),
    ("metastability", "descending"),
    ("order_parameter", "descending"),
    ("mi_integration", "descending"),
];

fn check(r: &IndicesReport, windows: usize) {
    let states = phin_core::identity::ConsciousnessState::ALL.len();
    assert_eq!(r.records.len(), r.separation.len() * states);
    for rec in &r.records {
        assert_eq!((rec.windows, rec.unusable_windows), (windows, 0), "{rec:?}");
        assert!(
            rec.value.is_finite() && rec.surrogate_p95.is_finite(),
            "{rec:?}"
        );
    }
    let mut failed = Vec::new();
    for (index, order) in PINNED {
        let s = r.separation.iter().find(|s| s.index == index).unwrap();
        if !(s.separates && s.order == order) {
            failed.push(format!("{index}: {s:?}"));
        }
    }
    assert!(
        failed.is_empty(),
        "indices that stopped separating: {failed:#?}"
    );
    // Reported, not hidden: the five Schumann-resonance oscillators run the same in every state
    // (with no field at the SR inputs the states do not reach them), and the software delta is
    // fed nothing from the processor.
    assert_eq!(
        r.invariant_signals,
        ["sr.f0", "sr.f1", "sr.f2", "sr.f3", "sr.f4", "delta"]
    );
}

#[test]
fn indices_per_state_two_minutes() {
    let t0 = std::time::Instant::now();
    let r = run(120.0);
    println!("120 s per state in {:.1} s", t0.elapsed().as_secs_f64());
    check(&r, 12);
}

/// The oscillatory basis's couplings (part A): theta–gamma PAC at the DAC stands above what an
/// unrelated rhythm of the processor's form gives on the same envelope where the processor's
/// gamma is strong, and the delta embedding, where nothing couples, is at chance.
#[test]
fn pac_above_the_unrelated_rhythm_and_delta_embedding_at_chance() {
    let r = run_indices(
        &IndicesParams {
            seconds: 60.0,
            ..IndicesParams::default()
        },
        |_| {},
    )
    .unwrap();
    for state in ["normal", "psychedelic", "flow"] {
        let mi = record(&r, "modulation_index", state);
        let control = record(&r, "modulation_index_control", state);
        println!(
            "{state}: θ→γ MI {:.3e} (shift p95 {:.3e}), unrelated-delta MI {:.3e} (p95 {:.3e})",
            mi.value, mi.surrogate_p95, control.value, control.surrogate_p95
        );
        assert!(
            mi.value > control.surrogate_p95,
            "{state}: {mi:?} vs {control:?}"
        );
    }
    for rec in r.records.iter().filter(|x| x.index == "delta_embedding") {
        println!(
            "{}: delta embedding {:.3e}, shift mean {:.3e} p95 {:.3e}, above p95 in {:.0} % of windows",
            rec.state,
            rec.value,
            rec.surrogate_mean,
            rec.surrogate_p95,
            100.0 * rec.above_p95_fraction
        );
        assert!(rec.value < rec.surrogate_p95, "{rec:?}");
        assert!(rec.above_p95_fraction <= 0.34, "{rec:?}");
    }
}

/// Acceptance 3 as the issue states it: ten simulated minutes per state (about 30 s on two
/// cores).
#[test]
#[ignore]
fn indices_per_state_ten_minutes() {
    let t0 = std::time::Instant::now();
    let r = run(600.0);
    println!("600 s per state in {:.1} s", t0.elapsed().as_secs_f64());
    check(&r, 60);
}
