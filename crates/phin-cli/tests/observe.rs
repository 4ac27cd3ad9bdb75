//! `phin observe` as a user runs it: the two files it writes and what they hold, its
//! frequencies against `phin run`'s for the same run, bad arguments; and the measured fact that
//! frequencies read through the library's probe and `phin_analysis::FrequencyMeter` agree with
//! `phin run` within 0.1 %. Section numbers refer to the processor description,
//! phi-n-processor-system-description.md.

mod common;

use common::{phin, scratch};

use phin_analysis::FrequencyMeter;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator, SrHarmonic};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_core::probe::OscillatorState;
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::Value;
use std::path::Path;

/// `phin run --state S --seconds N --json`: the summary's `frequencies` as (name, Hz).
fn run_frequencies(state: &str, seconds: &str) -> Vec<(String, f64)> {
    let o = phin(&["run", "--state", state, "--seconds", seconds, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    s["frequencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["oscillator"].as_str().unwrap().to_string(),
                f["measured_hz"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// The relative difference of `a` from `b`.
fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs()
}

/// Entries of `dir` that are temporary outputs (`.<name>.phin-tmp-…`).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("tmp-"))
        .collect()
}

#[test]
fn observe_writes_both_files_and_its_frequencies_agree_with_run() {
    let dir = scratch("observe_good");
    let out = dir.join("obs");
    let o = phin(&[
        "observe",
        "--state",
        "meditation",
        "--seconds",
        "20",
        "--surrogates",
        "20",
        "--out",
        out.to_str().unwrap(),
    ]);
    let so = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{so}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(so.contains("wrote observables.json, plv.png into"), "{so}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));

    // plv.png: a PNG of the size the plot asks for.
    let png = std::fs::read(out.join("plv.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    assert_eq!((be(&png[16..20]), be(&png[20..24])), (1_180, 990));

    // observables.json: 21 oscillators in Oscillator::ALL order, 210 pairs a < b.
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("observables.json")).unwrap())
            .unwrap();
    assert_eq!(j["state"], "meditation");
    assert_eq!(j["ticks"], 80_000);
    assert_eq!(j["samples"], 80_000);
    let oscs = j["oscillators"].as_array().unwrap();
    assert_eq!(oscs.len(), 21);
    for (k, (rec, o)) in oscs.iter().zip(Oscillator::ALL).enumerate() {
        assert_eq!(rec["index"], k);
        assert_eq!(rec["name"], o.to_string());
        assert_eq!(rec["nominal_hz"].as_f64(), Some(o.nominal_hz()));
        assert_eq!(rec["band"], o.band().name());
        let r = rec["mean_radius"].as_f64().unwrap();
        assert!(r > 0.0 && r < 2.0, "{rec}");
        let spread = rec["circular_spread_rad"].as_f64().unwrap();
        assert!(spread >= 0.0, "{rec}");
    }
    // Theta (section 3.3's steady ~170 ms cycle) stays close to a uniform rotation; L2/3 switches
    // between slow and fast gamma with theta's window (section 6.3), so its phase wanders far
    // from a uniform rotation.
    let spread = |k: usize| oscs[k]["circular_spread_rad"].as_f64().unwrap();
    let l23 = Oscillator::Cortex(Column::Motor, Layer::L23).index();
    assert!(
        spread(0) < 0.5 && spread(l23) > 1.0,
        "{}, {}",
        spread(0),
        spread(l23)
    );

    let pairs = j["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 210);
    let mut k = 0;
    for a in 0..21 {
        for b in a + 1..21 {
            let p = &pairs[k];
            assert_eq!(
                (p["a_index"].as_u64(), p["b_index"].as_u64()),
                (Some(a), Some(b))
            );
            assert_eq!(p["a"], Oscillator::ALL[a as usize].to_string());
            let (v, c95) = (
                p["plv"].as_f64().unwrap(),
                p["plv_chance_p95"].as_f64().unwrap(),
            );
            assert!(
                (0.0..=1.0).contains(&v) && (0.0..=1.0).contains(&c95),
                "{p}"
            );
            assert_eq!(p["plv_above_chance"].as_bool(), Some(v > c95));
            k += 1;
        }
    }
    let matrix = j["plv_matrix"].as_array().unwrap();
    assert_eq!(matrix.len(), 21);
    let p37 = pairs
        .iter()
        .find(|p| p["a_index"] == 3 && p["b_index"] == 7)
        .unwrap();
    assert_eq!(matrix[3][7], p37["plv"]);
    assert_eq!(matrix[7][3], p37["plv"]);
    assert_eq!(matrix[5][5], 1.0);
    for key in ["circular_spread_rad", "plv", "plv_chance", "nm", "kuramoto"] {
        assert!(j["definitions"][key].is_string(), "definition of {key}");
    }
    let r = &j["kuramoto"];
    assert_eq!(r["oscillators"].as_array().unwrap().len(), 6);
    for key in ["r_mean", "chance_mean", "chance_p95", "rtl_kuramoto_r_mean"] {
        let v = r[key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{key} = {v}");
    }

    // The same run through `phin run`: theta and the SR harmonics directly, the layers L6 … L4
    // as run pools them (the mean over the three columns: every column contributes the same
    // number of ticks). L2/3 is not compared: run splits it by theta's window.
    let hz = |o: Oscillator| oscs[o.index()]["measured_hz"].as_f64().unwrap();
    let run = run_frequencies("meditation", "20");
    let ran = |name: &str| run.iter().find(|f| f.0 == name).unwrap().1;
    let mut worst: (f64, String) = (0.0, String::new());
    let mut check = |name: String, observed: f64| {
        let d = rel(observed, ran(&name));
        if d > worst.0 {
            worst = (d, name.clone());
        }
        assert!(
            d < 1e-3,
            "{name}: observe {observed} Hz, run {} Hz",
            ran(&name)
        );
    };
    check("theta".into(), hz(Oscillator::Theta));
    for l in [Layer::L6, Layer::L5a, Layer::L5b, Layer::L4] {
        let pooled = Column::ALL
            .iter()
            .map(|&c| hz(Oscillator::Cortex(c, l)))
            .sum::<f64>()
            / 3.0;
        check(l.name().into(), pooled);
    }
    for h in SrHarmonic::ALL {
        check(format!("sr_{h}"), hz(Oscillator::Sr(h)));
    }
    println!(
        "observe vs run: largest relative difference {:.2e} ({})",
        worst.0, worst.1
    );
}

#[test]
fn bad_observe_arguments_exit_2_and_leave_nothing() {
    let dir = scratch("observe_bad");
    let file = dir.join("a_file");
    std::fs::write(&file, "mine").unwrap();
    let target = dir.join("obs");
    let t = target.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--state", "dreaming"],
            "--state = \"dreaming\" is not a state",
        ),
        (vec!["--state", "7"], "(allowed: normal, anesthesia"),
        (
            vec!["--seconds", "0"],
            "--seconds = 0 is out of range (allowed (0, 3600])",
        ),
        (vec!["--seconds", "-2"], "--seconds = -2 is out of range"),
        (
            vec!["--seconds", "1e9"],
            "--seconds = 1000000000 is out of range",
        ),
        (vec!["--seconds", "nan"], "--seconds = NaN is out of range"),
        (
            vec!["--surrogates", "0"],
            "--surrogates = 0 is out of range (allowed 1..=1000)",
        ),
        (
            vec!["--surrogates", "5000"],
            "--surrogates = 5000 is out of range",
        ),
        (
            vec!["--every", "0"],
            "--every = 0 is out of range (allowed 1..=400)",
        ),
        (
            vec!["--seconds", "0.01"],
            "records 40 samples (allowed at least 100",
        ),
        (
            vec!["--seconds", "600"],
            "--every = 1 with --seconds = 600 records 2400000 samples",
        ),
        (vec!["--out", file.to_str().unwrap()], "--out"),
        (vec!["--out", "/nonexistent/dir/obs"], "does not exist"),
    ];
    for (args, needle) in cases {
        let mut full = vec!["observe"];
        if !args.contains(&"--seconds") {
            full.extend(["--seconds", "0.5"]);
        }
        full.extend(&args);
        if !args.contains(&"--out") {
            full.extend(["--out", t]);
        }
        let o = phin(&full);
        let se = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {se}");
        assert!(se.contains(needle), "{args:?}: {se}");
        assert_eq!(se.trim_end().lines().count(), 1, "{args:?}: {se}");
        assert!(!target.exists(), "{args:?} created the output");
        assert!(
            leftovers(&dir).is_empty(),
            "{args:?} left {:?}",
            leftovers(&dir)
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

/// The twelve frequencies of `phin run`'s summary (theta, L6, L5a, L5b, L4 with the three columns
/// pooled, L2/3 split by theta's encoding window into slow and fast, f0 … f4), measured through
/// the library alone: the processor stepped on `state`, its oscillators read through `probe()`
/// before and after every tick, `phin_analysis::FrequencyMeter`. With `noise_seed`, the sensory
/// input is `phin run`'s background noise of that seed (uniform ±0.02, Q14 ±328, one
/// `Xoshiro256PlusPlus` draw per tick, as `phin run --help` documents it); without, 0.
fn library_frequencies(
    state: ConsciousnessState,
    seconds: u32,
    noise_seed: Option<u64>,
) -> [f64; 12] {
    let mut p = PhiNNeuralProcessor::default();
    let mut inputs = PhiNNeuralProcessorInputs::default();
    inputs.set_state(state);
    let mut rng = noise_seed.map(Xoshiro256PlusPlus::seed_from_u64);
    let mut meters = [FrequencyMeter::default(); 12];
    let mut before = p.probe().oscillators();
    let xy = |s: OscillatorState| (s.x.raw(), s.y.raw());
    for _ in 0..u64::from(seconds) * 4_000 {
        if let Some(rng) = rng.as_mut() {
            inputs.sensory_input = (rng.next_u64() % 657) as i32 - 328;
        }
        let encoding = p.probe().theta().encoding;
        p.tick(&inputs);
        let after = p.probe().oscillators();
        let mut push =
            |k: usize, o: Oscillator| meters[k].push(xy(before[o.index()]), xy(after[o.index()]));
        push(0, Oscillator::Theta);
        for c in Column::ALL {
            for (k, l) in Layer::ALL[..4].iter().enumerate() {
                push(1 + k, Oscillator::Cortex(c, *l));
            }
            push(
                if encoding { 6 } else { 5 },
                Oscillator::Cortex(c, Layer::L23),
            );
        }
        for h in SrHarmonic::ALL {
            push(7 + h.index(), Oscillator::Sr(h));
        }
        before = after;
    }
    meters.map(|m| m.hz())
}

/// The measured fact: frequencies measured through the probe agree with `phin run`
/// within 0.1 %. On `phin run`'s own inputs (state and seeded background noise) every one of
/// the twelve agrees. On the library's plain inputs (no sensory input at all) ten of them still
/// do; L2/3 does not have to: the sensory relay drives L4 and through it L2/3 (section 3.1), and
/// without the noise L2/3's slow gamma in MEDITATION runs 0.7 % away, so it is held to 1 %.
#[test]
fn frequencies_through_the_probe_agree_with_phin_run_within_a_tenth_of_a_percent() {
    for state in [ConsciousnessState::Meditation, ConsciousnessState::Normal] {
        let seconds = 20;
        let run = run_frequencies(state.name(), &seconds.to_string());
        assert_eq!(run.len(), 12);
        for noise in [Some(1), None] {
            let lib = library_frequencies(state, seconds, noise);
            let mut worst = (0.0, "all equal");
            for ((name, ran), hz) in run.iter().zip(lib) {
                let d = rel(hz, *ran);
                let l23 = name.starts_with("l23");
                let bound = if noise.is_none() && l23 { 1e-2 } else { 1e-3 };
                if !l23 && d > worst.0 {
                    worst = (d, name);
                }
                assert!(
                    d < bound,
                    "{state} {name} (noise {noise:?}): probe {hz} Hz, phin run {ran} Hz ({:.3} %)",
                    100.0 * d
                );
            }
            let l23: Vec<String> = run
                .iter()
                .zip(lib)
                .filter(|(f, _)| f.0.starts_with("l23"))
                .map(|((name, ran), hz)| format!("{name} {:.2e}", rel(hz, *ran)))
                .collect();
            println!(
                "{state} {seconds} s, noise {noise:?}: largest relative difference {:.2e} ({}); \
                 {}",
                worst.0,
                worst.1,
                l23.join(", ")
            );
        }
    }
}
