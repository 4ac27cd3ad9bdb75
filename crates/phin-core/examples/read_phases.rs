//! Read the theta oscillator's phase and amplitude while the whole processor runs: ten
//! simulated seconds in MEDITATION, a line every half second with theta's phase, the RTL's
//! amplitude estimate and the true radius, the SIE phase and the Kuramoto R beside its chance
//! level.
//!
//! ```text
//! cargo run --release -p phin-core --example read_phases
//! ```

use phin_core::constants::TICK_HZ;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};

/// Kuramoto R of six unrelated phases: what the RTL's monitor reads when nothing is locked.
const R_CHANCE: f64 = 0.365;

fn main() {
    let lines = run(10.0);
    for l in &lines {
        println!("{l}");
    }
}

#[test]
fn the_example_runs() {
    let lines = run(10.0);
    assert_eq!(lines.len(), 21, "a header and one line per half second");
}

/// Runs MEDITATION for `seconds` and returns the report's lines.
fn run(seconds: f64) -> Vec<String> {
    let mut p = PhiNNeuralProcessor::default();
    let inputs: PhiNNeuralProcessorInputs = PhiNNeuralProcessorInputs::builder()
        .state(ConsciousnessState::Meditation)
        .build()
        .expect("in range");
    let every = (TICK_HZ / 2.0) as u64;
    let mut lines =
        vec!["   t (s)  theta phase (rad)  amplitude  radius  motor L6 phase  SIE phase      R (chance 0.365)".to_string()];
    for t in 1..=(seconds * TICK_HZ) as u64 {
        p.tick(&inputs);
        if t % every == 0 {
            let probe = p.probe();
            let theta = probe.oscillator(Oscillator::Theta);
            let l6 = probe.oscillator(Oscillator::Cortex(Column::Motor, Layer::L6));
            lines.push(format!(
                "{:8.2}  {:+17.3}  {:9.4}  {:6.4}  {:+13.3}  {:<12}  {:.3} ({:+.3})",
                t as f64 / TICK_HZ,
                theta.phase(),
                theta.amplitude().to_f64(),
                theta.radius(),
                l6.phase(),
                probe.sie().phase.name(),
                probe.kuramoto_r().to_f64(),
                probe.kuramoto_r().to_f64() - R_CHANCE,
            ));
        }
    }
    lines
}
