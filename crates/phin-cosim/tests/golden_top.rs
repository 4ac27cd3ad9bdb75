//! Golden regression of the whole-processor model: SHA-256 digests of long runs, checked into
//! `tests/golden/phi_n_neural_processor.txt`, so that any behavioural change shows in review as a
//! changed digest. Each digest covers every output port after every tick and the whole signal
//! table (every register of the hierarchy) once per simulated second.
//!
//! The file is regenerated only on request: `PHIN_BLESS=1 cargo test --release -p phin-cosim
//! --test golden_top`. Never edit it by hand. Model only; no Verilator needed.

use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs,
    PhiNNeuralProcessorParams,
};
use phin_core::Observable;
use phin_cosim::models::top::{top_inputs, TOP_PORTS};
use phin_cosim::{Stimulus, TopScenario};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

/// One golden run.
struct Run {
    name: &'static str,
    ticks: u64,
    adaptive: bool,
    /// A constant state, or `None` for the scripted scenario with this seed.
    state: Option<u8>,
    seed: u64,
}

const RUNS: &[Run] = &[
    Run {
        name: "normal",
        ticks: 1_000_000,
        adaptive: false,
        state: Some(0),
        seed: 0,
    },
    Run {
        name: "anesthesia",
        ticks: 400_000,
        adaptive: false,
        state: Some(1),
        seed: 0,
    },
    Run {
        name: "psychedelic",
        ticks: 400_000,
        adaptive: false,
        state: Some(2),
        seed: 0,
    },
    Run {
        name: "flow",
        ticks: 400_000,
        adaptive: false,
        state: Some(3),
        seed: 0,
    },
    Run {
        name: "meditation",
        ticks: 1_000_000,
        adaptive: false,
        state: Some(4),
        seed: 0,
    },
    Run {
        name: "scenario_static",
        ticks: 1_000_000,
        adaptive: false,
        state: None,
        seed: 71,
    },
    Run {
        name: "scenario_adaptive",
        ticks: 1_000_000,
        adaptive: true,
        state: None,
        seed: 72,
    },
];

/// Every output port as a number, the packed ports field by field (RTL port order).
fn port_words(o: &PhiNNeuralProcessorOutputs) -> [i64; 30] {
    let mut w = [0i64; 30];
    let head = [
        i64::from(o.dac_output),
        i64::from(o.debug_motor_l23),
        i64::from(o.debug_theta),
        i64::from(o.ca3_learning),
        i64::from(o.ca3_recalling),
        i64::from(o.ca3_phase_pattern),
        i64::from(o.cortical_pattern_out),
        i64::from(o.f0_x),
        i64::from(o.f0_y),
        i64::from(o.f0_amplitude),
    ];
    let tail = [
        i64::from(o.sie_per_harmonic),
        i64::from(o.coherence_mask),
        i64::from(o.sr_coherence),
        i64::from(o.sr_amplification),
        i64::from(o.beta_quiet),
        i64::from(o.theta_phase),
        i64::from(o.state_transitioning),
        i64::from(o.state_transition_progress),
        i64::from(o.state_transition_from),
        i64::from(o.state_transition_to),
    ];
    let packed = o
        .sr_f_x_packed
        .into_iter()
        .chain(o.sr_coherence_packed)
        .map(i64::from);
    for (d, v) in w.iter_mut().zip(head.into_iter().chain(packed).chain(tail)) {
        *d = v;
    }
    w
}

/// The digest of one run.
fn digest(r: &Run) -> String {
    let params = PhiNNeuralProcessorParams {
        enable_adaptive: r.adaptive,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut m = PhiNNeuralProcessor::new(params);
    let mut table = vec![0u64; PhiNNeuralProcessor::signal_table().len()];
    let mut stim = TopScenario::new(r.seed);
    let mut row = vec![0u64; TOP_PORTS.len()];
    let mut h = Sha256::new();
    for t in 0..r.ticks {
        let inputs = match r.state {
            Some(s) => PhiNNeuralProcessorInputs {
                state_select: s,
                transition_duration: 4_000,
                ..Default::default()
            },
            None => {
                stim.next(t, &mut row);
                top_inputs(&row)
            }
        };
        let o = m.tick(&inputs);
        h.update(port_words(&o).map(i64::to_le_bytes).concat());
        if t % 4_000 == 3_999 {
            m.sample(&mut table);
            for v in &table {
                h.update(v.to_le_bytes());
            }
        }
    }
    format!("{:x}", h.finalize())
}

#[test]
fn long_runs_match_the_golden_digests() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/phi_n_neural_processor.txt");
    let mut text = String::from(
        "# Golden digests of phi_n_neural_processor model runs (tests/golden_top.rs).\n\
         # Regenerate with PHIN_BLESS=1 cargo test --release -p phin-cosim --test golden_top;\n\
         # never edit by hand. Columns: run, ticks, sha256.\n",
    );
    for r in RUNS {
        writeln!(text, "{} {} {}", r.name, r.ticks, digest(r)).unwrap();
    }
    if std::env::var_os("PHIN_BLESS").is_some() {
        std::fs::write(&path, &text).expect("write the golden file");
        println!("blessed {}", path.display());
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with PHIN_BLESS=1 cargo test --release -p phin-cosim --test golden_top",
            path.display()
        )
    });
    let ours: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let theirs: Vec<&str> = golden.lines().filter(|l| !l.starts_with('#')).collect();
    let changed: Vec<String> = ours
        .iter()
        .zip(theirs.iter().chain(std::iter::repeat(&"(missing)")))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("  now    {a}\n  golden {b}"))
        .collect();
    assert!(
        changed.is_empty() && ours.len() == theirs.len(),
        "the model's behaviour changed:\n{}\nIf the change is intended, regenerate with \
         PHIN_BLESS=1 cargo test --release -p phin-cosim --test golden_top and review the diff.",
        changed.join("\n")
    );
}

#[test]
fn the_digest_sees_a_changed_input() {
    let run = |state| Run {
        name: "probe",
        ticks: 8_000,
        adaptive: false,
        state: Some(state),
        seed: 0,
    };
    assert_eq!(digest(&run(0)), digest(&run(0)), "a run is repeatable");
    assert_ne!(
        digest(&run(0)),
        digest(&run(4)),
        "NORMAL and MEDITATION differ"
    );
}
