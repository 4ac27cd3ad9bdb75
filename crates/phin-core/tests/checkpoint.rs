//! Checkpoints: save at a random tick, restore, continue: every one of the top's 508
//! signals and the tick count equal the uninterrupted run at every tick, in every consciousness
//! state with adaptive dynamics off and on. And every kind of bad checkpoint is refused with the
//! right error.
//!
//! The seed of the random save ticks and stimulus is printed; set `PHIN_CHECKPOINT_SEED` (decimal
//! or 0x-hex) to run other ones.

use std::fs;
use std::path::PathBuf;

use phin_core::checkpoint::{layout, Checkpoint, CheckpointError, FORMAT, PHIN_VERSION, VERSION};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::{Observable, Signal};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::Value;

/// Ticks compared after the save.
const RESUMED_TICKS: u64 = 200_000;

fn base_seed() -> u64 {
    match std::env::var("PHIN_CHECKPOINT_SEED") {
        Ok(s) => {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|e| panic!("PHIN_CHECKPOINT_SEED={s:?}: {e}"))
        }
        Err(_) => 0x11b_c4ec_2026,
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("checkpoint");
    fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Seeded, tick-driven stimulus: a 10 Hz sine plus noise on the sensory input, noise on the
/// broadband SR field, a 7.83 Hz sine on the f₀ field, and state changes (to the next state at
/// `switch_at`, back at `switch_back`).
struct Stimulus {
    rng: Xoshiro256PlusPlus,
    state: u8,
    switch_at: u64,
    switch_back: u64,
}

impl Stimulus {
    fn inputs(&mut self, tick: u64) -> PhiNNeuralProcessorInputs {
        let t = tick as f64 / 4000.0;
        let noise = |rng: &mut Xoshiro256PlusPlus, amp: i32| {
            (rng.next_u32() % (2 * amp as u32 + 1)) as i32 - amp
        };
        let sensory =
            (4096.0 * (std::f64::consts::TAU * 10.0 * t).sin()) as i32 + noise(&mut self.rng, 512);
        let sr_field_input = noise(&mut self.rng, 2048);
        let f0 = (1024.0 * (std::f64::consts::TAU * 7.83 * t).sin()) as i32;
        let state_select = if tick >= self.switch_at && tick < self.switch_back {
            (self.state + 1) % 5
        } else {
            self.state
        };
        PhiNNeuralProcessorInputs {
            sensory_input: sensory,
            state_select,
            transition_duration: 4000,
            sr_field_input,
            sr_field: [f0, 0, noise(&mut self.rng, 256), 0, 0],
            // A scripted ignition a second into every minute.
            ignition_trigger: tick % 240_000 == 4_000,
        }
    }
}

/// What a side-by-side run found.
#[derive(Debug, Default)]
struct Lockstep {
    ticks: u64,
    mismatching_ticks: u64,
    first: Option<String>,
}

/// Runs `a` (the uninterrupted processor) and `b` (the restored one) side by side for `n`
/// ticks on the same inputs, comparing every signal of the table and the tick count before the
/// first tick and after every tick.
fn lockstep(
    a: &mut PhiNNeuralProcessor,
    b: &mut PhiNNeuralProcessor,
    stim: &mut Stimulus,
    n: u64,
) -> Lockstep {
    let table: Vec<Signal> = PhiNNeuralProcessor::signal_table();
    assert_eq!(table.len(), 508);
    let mut sa = vec![0u64; table.len()];
    let mut sb = vec![0u64; table.len()];
    let mut r = Lockstep::default();
    for k in 0..=n {
        if k > 0 {
            let i = stim.inputs(a.tick_count());
            let oa = a.tick(&i);
            let ob = b.tick(&i);
            r.ticks += 1;
            if oa != ob && r.first.is_none() {
                r.first = Some(format!("tick {}: outputs differ", a.tick_count()));
            }
        }
        assert_eq!(a.sample(&mut sa), table.len());
        assert_eq!(b.sample(&mut sb), table.len());
        let ticks_differ = a.tick_count() != b.tick_count();
        let first_signal = (0..table.len()).find(|&j| sa[j] != sb[j]);
        if ticks_differ || first_signal.is_some() {
            r.mismatching_ticks += 1;
            if r.first.is_none() {
                r.first = Some(match first_signal {
                    Some(j) => format!(
                        "tick {}: {} = {} uninterrupted, {} restored",
                        a.tick_count(),
                        table[j].name,
                        table[j].value(sa[j]),
                        table[j].value(sb[j])
                    ),
                    None => format!(
                        "tick count {} uninterrupted, {} restored",
                        a.tick_count(),
                        b.tick_count()
                    ),
                });
            }
        }
    }
    r
}

/// The acceptance run for one state and adaptive setting.
fn save_resume_and_compare(state: u8, adaptive: bool) {
    let seed = base_seed()
        ^ (u64::from(state) << 8 | u64::from(adaptive)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let save_at = 10_000 + rng.next_u64() % 90_001; // [10⁴, 10⁵]
    let mut stim = Stimulus {
        rng,
        state,
        switch_at: save_at / 2,
        switch_back: save_at + RESUMED_TICKS / 2,
    };
    let params = PhiNNeuralProcessorParams {
        enable_adaptive: adaptive,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut a = PhiNNeuralProcessor::new(params);
    for k in 0..save_at {
        a.tick(&stim.inputs(k));
    }
    assert_eq!(a.tick_count(), save_at);

    // Through the text format twice: a string, and a file.
    let checkpoint = a.checkpoint();
    let json = checkpoint.to_json();
    let from_string = Checkpoint::from_json(&json).unwrap();
    let path = scratch(&format!("state{state}-adaptive{}.json", u8::from(adaptive)));
    checkpoint.save(&path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), json);
    let from_file = Checkpoint::load(&path).unwrap();
    assert_eq!(from_file, from_string);
    assert_eq!(from_file.tick(), save_at);
    assert_eq!(from_file.params(), params);
    assert_eq!(from_file.phin_version(), PHIN_VERSION);
    let mut b = PhiNNeuralProcessor::restore(&from_file);
    assert_eq!(b, a);
    assert_eq!(b.tick_count(), save_at);
    assert_eq!(from_file.into_processor(), a);

    let r = lockstep(&mut a, &mut b, &mut stim, RESUMED_TICKS);
    println!(
        "state {state} adaptive {}: seed {seed:#018x}, saved at tick {save_at} ({} bytes), \
         {} ticks compared x 508 signals, {} mismatching ticks{}",
        if adaptive { "on " } else { "off" },
        json.len(),
        r.ticks,
        r.mismatching_ticks,
        r.first
            .as_deref()
            .map(|f| format!(", first {f}"))
            .unwrap_or_default()
    );
    assert_eq!(r.ticks, RESUMED_TICKS);
    assert_eq!(
        r.mismatching_ticks, 0,
        "first: {:?} (seed {seed:#x})",
        r.first
    );
    assert_eq!(b.tick_count(), save_at + RESUMED_TICKS);
    assert_eq!(b, a);
}

macro_rules! acceptance {
    ($($name:ident: $state:expr, $adaptive:expr;)*) => {$(
        #[test]
        fn $name() {
            save_resume_and_compare($state, $adaptive);
        }
    )*};
}

acceptance! {
    resume_normal: 0, false;
    resume_normal_adaptive: 0, true;
    resume_anesthesia: 1, false;
    resume_anesthesia_adaptive: 1, true;
    resume_psychedelic: 2, false;
    resume_psychedelic_adaptive: 2, true;
    resume_flow: 3, false;
    resume_flow_adaptive: 3, true;
    resume_meditation: 4, false;
    resume_meditation_adaptive: 4, true;
}

/// The comparison above can fail: a restored processor one register away from the original
/// (in range, so it loads) diverges, and the lockstep counts it.
#[test]
fn lockstep_sees_a_one_register_difference() {
    let mut stim = Stimulus {
        rng: Xoshiro256PlusPlus::seed_from_u64(base_seed()),
        state: 2,
        switch_at: u64::MAX,
        switch_back: u64::MAX,
    };
    let mut a = PhiNNeuralProcessor::default();
    for k in 0..3_000 {
        a.tick(&stim.inputs(k));
    }
    let mut doc: Value = serde_json::from_str(&a.checkpoint().to_json()).unwrap();
    let lfsr = &mut doc["processor"]["u_pink"]["u_lfsr"]["lfsr"];
    *lfsr = Value::from(lfsr.as_u64().unwrap() ^ 1);
    let mut b = Checkpoint::from_json(&doc.to_string())
        .unwrap()
        .into_processor();
    assert_ne!(b, a);
    let r = lockstep(&mut a, &mut b, &mut stim, 1_000);
    assert!(r.mismatching_ticks > 900, "{r:?}");
    assert!(r.first.unwrap().contains("u_pink.u_lfsr.lfsr"));
}

#[test]
fn a_checkpoint_at_tick_0_restores_a_new_processor() {
    for params in [
        PhiNNeuralProcessorParams::DEFAULT,
        PhiNNeuralProcessorParams {
            enable_adaptive: true,
            ..PhiNNeuralProcessorParams::DEFAULT
        },
        PhiNNeuralProcessorParams {
            fast_sim: true,
            sr_stochastic_enable: false,
            sr_drift_enable: false,
            enable_adaptive: true,
        },
    ] {
        let new = PhiNNeuralProcessor::new(params);
        let json = new.checkpoint().to_json();
        let restored = Checkpoint::from_json(&json).unwrap().into_processor();
        assert_eq!(restored, new);
        assert_eq!(restored.tick_count(), 0);
        assert_eq!(restored.params(), params);
        // Compare the samples too: `==` could not see a difference the table can.
        let n = PhiNNeuralProcessor::signal_table().len();
        let (mut x, mut y) = (vec![0; n], vec![0; n]);
        new.sample(&mut x);
        restored.sample(&mut y);
        assert_eq!(x, y);
    }
}

#[test]
fn the_tick_counter_survives_and_keeps_counting() {
    let mut p = PhiNNeuralProcessor::default();
    let i = PhiNNeuralProcessorInputs::default();
    for _ in 0..12_345 {
        p.tick(&i);
    }
    let path = scratch("tick.json");
    p.checkpoint().save(&path).unwrap();
    let c = Checkpoint::load(&path).unwrap();
    assert_eq!(c.tick(), 12_345);
    let mut q = c.into_processor();
    assert_eq!(q.tick_count(), 12_345);
    q.tick(&i);
    assert_eq!(q.tick_count(), 12_346);
    assert_eq!(q.snapshot().tick, 12_346);
}

// ---- bad checkpoints ----

/// A valid checkpoint document at tick 5000 with varied inputs, as JSON.
fn document() -> Value {
    let mut stim = Stimulus {
        rng: Xoshiro256PlusPlus::seed_from_u64(7),
        state: 3,
        switch_at: 2_000,
        switch_back: u64::MAX,
    };
    let mut p = PhiNNeuralProcessor::default();
    for k in 0..5_000 {
        p.tick(&stim.inputs(k));
    }
    serde_json::from_str(&p.checkpoint().to_json()).unwrap()
}

/// The error loading `doc` gives (it must fail).
fn refused(doc: &Value) -> CheckpointError {
    let e = Checkpoint::from_json(&doc.to_string()).expect_err("must be refused");
    let message = e.to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    e
}

/// `doc` with the member at JSON pointer `at` set to `v`.
fn with(at: &str, v: Value) -> Value {
    let mut doc = document();
    *doc.pointer_mut(at)
        .unwrap_or_else(|| panic!("no member {at}")) = v;
    doc
}

#[test]
fn the_unmodified_document_loads() {
    // The control for every test below: only the modification makes them fail.
    let doc = document();
    let c = Checkpoint::from_json(&doc.to_string()).unwrap();
    assert_eq!(c.tick(), 5_000);
    assert_eq!(doc["format"], FORMAT);
    assert_eq!(doc["version"], VERSION);
    assert_eq!(doc["layout"], layout());
    assert_eq!(doc["phin_version"], PHIN_VERSION);
}

#[test]
fn something_else_is_not_a_checkpoint() {
    for text in [
        r#"{"format": "phin-recording", "version": 1}"#,
        r#"{"version": 1}"#,
        "[1, 2, 3]",
        "\"phin-checkpoint\"",
        "42",
    ] {
        let e = Checkpoint::from_json(text).unwrap_err();
        assert!(
            matches!(e, CheckpointError::NotACheckpoint { .. }),
            "{text}: {e:?}"
        );
        assert!(e.to_string().starts_with("not a phin checkpoint"), "{e}");
    }
    let e = refused(&with("/format", Value::from("phin-checkpoint-2")));
    assert!(matches!(e, CheckpointError::NotACheckpoint { .. }), "{e:?}");

    // Not JSON at all: a WAV header.
    let path = scratch("not-json.wav");
    fs::write(&path, b"RIFF\x24\x00\x00\x00WAVEfmt ").unwrap();
    let e = Checkpoint::load(&path).unwrap_err();
    assert!(matches!(e.inner(), CheckpointError::Json(_)), "{e:?}");
    let message = e.to_string();
    assert!(message.contains("not-json.wav") && message.contains("not valid JSON"));
    assert!(std::error::Error::source(&e).is_some());
    // Nor is an empty file, or a missing one.
    fs::write(&path, b"").unwrap();
    assert!(matches!(
        Checkpoint::load(&path).unwrap_err().inner(),
        CheckpointError::Json(_)
    ));
    let e = Checkpoint::load(scratch("does-not-exist.json")).unwrap_err();
    assert!(matches!(e, CheckpointError::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("does-not-exist.json"), "{e}");
}

#[test]
fn an_unknown_version_is_refused_naming_both() {
    let e = refused(&with("/version", Value::from(2)));
    match &e {
        CheckpointError::UnsupportedVersion {
            found,
            supported,
            written_by,
        } => {
            assert_eq!((*found, *supported), (2, VERSION));
            assert_eq!(written_by.as_deref(), Some(PHIN_VERSION));
        }
        e => panic!("{e:?}"),
    }
    let message = e.to_string();
    assert!(
        message.contains("version 2") && message.contains("newer") && message.contains("version 1"),
        "{message}"
    );
    let e = refused(&with("/version", Value::from(0)));
    assert!(matches!(
        e,
        CheckpointError::UnsupportedVersion { found: 0, .. }
    ));
    assert!(e.to_string().contains("older"), "{e}");
    // A newer version is refused before its (possibly different) shape is looked at.
    let mut newer = with("/version", Value::from(7));
    newer.as_object_mut().unwrap().remove("processor");
    newer["registers"] = Value::from("a future shape");
    assert!(matches!(
        refused(&newer),
        CheckpointError::UnsupportedVersion { found: 7, .. }
    ));
    let e = refused(&with("/version", Value::from("1")));
    assert!(
        matches!(&e, CheckpointError::Field { field, .. } if field == "version"),
        "{e:?}"
    );
}

#[test]
fn a_changed_layout_is_refused_naming_both_digests_and_versions() {
    let old = "signals=498 fields=505 fnv1a64=0123456789abcdef";
    let mut doc = with("/layout", Value::from(old));
    doc["phin_version"] = Value::from("0.0.9");
    let e = refused(&doc);
    match &e {
        CheckpointError::LayoutMismatch {
            found,
            expected,
            written_by,
        } => {
            assert_eq!(found, old);
            assert_eq!(expected, layout());
            assert_eq!(written_by.as_deref(), Some("0.0.9"));
        }
        e => panic!("{e:?}"),
    }
    let message = e.to_string();
    for part in [old, layout(), "0.0.9", PHIN_VERSION, "registers changed"] {
        assert!(message.contains(part), "{part} in {message}");
    }
}

#[test]
fn a_truncated_file_is_refused_wherever_it_is_cut() {
    let json = document().to_string();
    let path = scratch("truncated.json");
    fs::write(&path, &json[..json.len() / 2]).unwrap();
    let e = Checkpoint::load(&path).unwrap_err();
    match e.inner() {
        CheckpointError::Json(j) => assert!(j.is_eof(), "{j}"),
        other => panic!("{other:?}"),
    }
    let message = e.to_string();
    assert!(
        message.contains("truncated.json") && message.contains("truncated"),
        "{message}"
    );
    // Every cut refuses (the document is ASCII, so every byte is a char boundary).
    for cut in (0..json.len()).step_by(97) {
        assert!(Checkpoint::from_json(&json[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_register_out_of_range_is_refused_not_wrapped() {
    let x = "/processor/u_thalamus/u_theta/x";
    // In range at both ends: loads.
    for v in [131_071, -131_072] {
        let c = Checkpoint::from_json(&with(x, Value::from(v)).to_string()).unwrap();
        assert_eq!(c.processor().snapshot().tick, 5_000);
    }
    // One past either end, and far out: refused, naming member and signal.
    for v in [131_072i64, -131_073, 1 << 20] {
        match refused(&with(x, Value::from(v))) {
            CheckpointError::OutOfRange {
                field,
                value,
                signal,
                width,
                signed,
            } => {
                assert_eq!(field, "processor.u_thalamus.u_theta.x");
                assert_eq!(value, i128::from(v));
                assert!(signal == "u_thalamus.u_theta.x" || signal == "debug_theta");
                assert_eq!((width, signed), (18, true));
            }
            e => panic!("{v}: {e:?}"),
        }
    }
    // Unsigned registers: negative, or wider than declared (though the Rust field would hold it).
    for (at, v, signal, width) in [
        ("/processor/u_config/count", -1i64, "u_config.count", 16),
        ("/processor/u_config/count", 65_536, "u_config.count", 16),
        ("/processor/u_ca3/state", 8, "u_ca3.state", 3),
        (
            "/processor/u_sr_drift/update_count",
            1 << 22,
            "u_sr_drift.update_count",
            22,
        ),
        (
            "/processor/u_ctx_drift/drift/2",
            32,
            "u_ctx_drift.drift_l5b",
            6,
        ),
        ("/processor/u_ca3/w/0", -129, "u_ca3.w_0_1", 8),
    ] {
        let e = refused(&with(at, Value::from(v)));
        match &e {
            CheckpointError::OutOfRange {
                signal: s,
                width: w,
                ..
            } => assert_eq!((s.as_str(), *w), (signal, width), "{at}"),
            e => panic!("{at} = {v}: {e:?}"),
        }
        assert!(e.to_string().contains(signal), "{e}");
    }
    let e = refused(&with("/processor/u_ca3/state", Value::from(8)));
    assert_eq!(
        e.to_string(),
        "`processor.u_ca3.state` = 8 does not fit register `u_ca3.state` (3-bit unsigned: 0..=7)"
    );
}

#[test]
fn a_malformed_member_is_refused_naming_it() {
    let field_of = |doc: &Value| match refused(doc) {
        CheckpointError::Field { field, problem } => (field, problem),
        e => panic!("{e:?}"),
    };
    let mut doc = document();
    doc["processor"]["u_mixer"]
        .as_object_mut()
        .unwrap()
        .remove("mixed_out");
    assert_eq!(
        field_of(&doc),
        ("processor.u_mixer.mixed_out".into(), "missing".into())
    );
    let mut doc = document();
    doc["processor"]["u_mixer"]["gain"] = Value::from(1);
    assert_eq!(field_of(&doc).0, "processor.u_mixer.gain");
    let mut doc = document();
    doc.as_object_mut().unwrap().remove("tick");
    assert_eq!(field_of(&doc), ("tick".into(), "missing".into()));
    let mut doc = document();
    doc["comment"] = Value::from("hand-edited");
    assert_eq!(field_of(&doc).0, "comment");

    for (at, v, field) in [
        (
            "/processor/u_mixer/mixed_out",
            Value::from(1.5),
            "processor.u_mixer.mixed_out",
        ),
        (
            "/processor/u_mixer/mixed_out",
            Value::from("7"),
            "processor.u_mixer.mixed_out",
        ),
        (
            "/processor/u_mixer/mixed_out",
            Value::Null,
            "processor.u_mixer.mixed_out",
        ),
        (
            "/processor/u_thalamus/y_rising",
            Value::from(1),
            "processor.u_thalamus.y_rising",
        ),
        (
            "/processor/u_ca3/w",
            serde_json::json!([0, 0]),
            "processor.u_ca3.w",
        ),
        ("/processor/u_qid", serde_json::json!({}), "processor.u_qid"),
        ("/tick", Value::from(-1), "tick"),
        ("/params", Value::from(true), "params"),
        ("/phin_version", Value::from(3), "phin_version"),
        // A parameter the top's parameters fix: a different LFSR seed is another processor.
        (
            "/processor/u_pink/u_lfsr/seed",
            Value::from(1),
            "processor.u_pink.u_lfsr.seed",
        ),
        (
            "/processor/u_sr_drift/update_interval",
            Value::from(0),
            "processor.u_sr_drift.update_interval",
        ),
        // Inconsistent with the header.
        ("/processor/tick", Value::from(4_999), "processor.tick"),
        (
            "/processor/params/enable_adaptive",
            Value::from(true),
            "processor.params.enable_adaptive",
        ),
        (
            "/processor/u_clk_en/cnt_4k",
            Value::from(5),
            "processor.u_clk_en",
        ),
    ] {
        let (f, problem) = field_of(&with(at, v.clone()));
        assert_eq!(f, field, "{at} = {v}: {problem}");
    }
    let (_, problem) = field_of(&with("/processor/u_pink/u_lfsr/seed", Value::from(1)));
    assert!(problem.contains("parameter"), "{problem}");
}

#[test]
fn save_is_atomic_and_names_the_path_on_error() {
    let p = PhiNNeuralProcessor::default();
    let path = scratch("missing-dir/sub/checkpoint.json");
    let e = p.checkpoint().save(&path).unwrap_err();
    assert!(matches!(e, CheckpointError::Io { .. }), "{e:?}");
    assert!(
        e.to_string().contains("missing-dir/sub/checkpoint.json"),
        "{e}"
    );
    assert!(std::error::Error::source(&e).is_some());
    assert!(p.checkpoint().save(scratch("")).is_err());

    // Overwrite: the new file replaces the old one whole, and no temporary file stays behind.
    let dir = scratch("atomic");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.json");
    fs::write(&path, "old").unwrap();
    let mut q = p.clone();
    q.tick(&PhiNNeuralProcessorInputs::default());
    q.checkpoint().save(&path).unwrap();
    assert_eq!(Checkpoint::load(&path).unwrap().tick(), 1);
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["c.json"]);

    // A stream writer and reader give the same document.
    let mut buf = Vec::new();
    q.checkpoint().to_writer(&mut buf).unwrap();
    assert_eq!(buf, q.checkpoint().to_json().as_bytes());
    assert_eq!(
        Checkpoint::from_reader(&buf[..]).unwrap().into_processor(),
        q
    );
}
