//! Save a running processor, load it back, and continue: the restored processor runs exactly
//! like the one that never stopped.
//!
//! Runs MEDITATION for 5 s of simulated time, saves a checkpoint (to the path given as the first
//! argument, or to `phin-checkpoint-resume.json` in the system's temporary directory), loads it,
//! then continues the original and the restored processor side by side for another 5 s,
//! comparing all 508 signals of the top at every tick.
//!
//! ```text
//! cargo run --release -p phin-core --example checkpoint_resume [-- PATH]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use phin_core::checkpoint::Checkpoint;
use phin_core::identity::{ConsciousnessState, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_core::Observable;

/// Clock enables per simulated second (the 4 kHz tick).
const TICKS_PER_SECOND: u64 = 4_000;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("phin-checkpoint-resume.json"));
    run(&path)
}

/// `cargo test` runs the example (its checkpoint beside the test binary, under target/).
#[test]
fn the_example_runs_and_the_two_agree() {
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe.parent().expect("a directory under target/");
    let code = run(&dir.join("example-checkpoint-resume.json"));
    assert_eq!(format!("{code:?}"), format!("{:?}", ExitCode::SUCCESS));
}

/// Saves to `path`, loads, continues both and compares them.
fn run(path: &std::path::Path) -> ExitCode {
    let inputs = PhiNNeuralProcessorInputs {
        state_select: ConsciousnessState::Meditation.code(),
        transition_duration: 4_000,
        ..Default::default()
    };

    let mut original = PhiNNeuralProcessor::default();
    for _ in 0..5 * TICKS_PER_SECOND {
        original.tick(&inputs);
    }
    if let Err(e) = original.checkpoint().save(path) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "saved tick {} to {} ({bytes} bytes)",
        original.tick_count(),
        path.display()
    );

    let mut restored = match Checkpoint::load(path) {
        Ok(c) => {
            println!(
                "loaded: written by phin {}, tick {}",
                c.phin_version(),
                c.tick()
            );
            c.into_processor()
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };

    let table = PhiNNeuralProcessor::signal_table();
    let mut a = vec![0u64; table.len()];
    let mut b = vec![0u64; table.len()];
    let mut differing_ticks = 0u64;
    for _ in 0..5 * TICKS_PER_SECOND {
        original.tick(&inputs);
        restored.tick(&inputs);
        original.sample(&mut a);
        restored.sample(&mut b);
        if a != b || original.tick_count() != restored.tick_count() {
            differing_ticks += 1;
        }
    }

    for (name, p) in [("uninterrupted", &original), ("restored", &restored)] {
        let theta = p.probe().oscillator(Oscillator::Theta);
        println!(
            "{name:>13}: tick {}, theta phase {:+.6} rad, radius {:.6}",
            p.tick_count(),
            theta.phase(),
            theta.radius()
        );
    }
    if differing_ticks == 0 && original == restored {
        println!(
            "identical: all {} signals agreed at every one of {} ticks",
            table.len(),
            5 * TICKS_PER_SECOND
        );
        ExitCode::SUCCESS
    } else {
        println!("DIFFERENT: {differing_ticks} ticks disagreed");
        ExitCode::FAILURE
    }
}
