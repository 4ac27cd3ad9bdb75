//! A closed-loop batch: whole processors on rayon's threads, eight of them each driven every
//! tick with a sine at its own frequency around the L4 oscillator's 31.73 Hz, its drive
//! amplitude following its own motor L4 amplitude (a drive computed from what the instance
//! does). Each instance measures how well its motor L4 locks to its drive: an entrainment curve
//! (one row of an Arnold tongue).
//!
//! The chance level beside each value is a control: eight more instances run the same clock
//! with the drive off, and the same measure is taken between the (silent) drive's phase and
//! their L4. A surrogate made from the data cannot serve here: when both phases are periodic
//! at the same frequency, shifting one in time only adds a constant offset, to which the
//! phase-locking value is blind.
//!
//! ```text
//! cargo run --release -p phin-core --example closed_loop_batch
//! ```

use phin_analysis::locking::plv;
use phin_core::batch::ProcessorBatch;
use phin_core::constants::TICK_HZ;
use phin_core::identity::{Column, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams};

/// Simulated seconds per instance.
const SECONDS: f64 = 10.0;
/// Drive frequencies, Hz: around motor L4's 31.73 Hz.
const DRIVE_HZ: [f64; 8] = [26.0, 28.0, 30.0, 31.0, 31.73, 32.5, 34.0, 37.0];

/// One instance's record: its drive's phase and its motor L4's phase, at 1 kHz.
#[derive(Default)]
struct Record {
    hz: f64,
    /// The drive reaches the processor (off: the control).
    on: bool,
    drive: Vec<f64>,
    l4: Vec<f64>,
}

fn main() {
    for l in run() {
        println!("{l}");
    }
}

#[test]
fn the_example_runs_and_l4_locks_to_its_own_frequency() {
    let lines = run();
    assert_eq!(lines.len(), 1 + DRIVE_HZ.len());
    let at = |hz: &str| {
        let l = lines
            .iter()
            .find(|l| l.trim_start().starts_with(hz))
            .unwrap();
        l.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap()
    };
    let control = |hz: &str| {
        let l = lines
            .iter()
            .find(|l| l.trim_start().starts_with(hz))
            .unwrap();
        l.split_whitespace().nth(2).unwrap().parse::<f64>().unwrap()
    };
    assert!(at("31.73") > 0.8, "{lines:#?}");
    assert!(at("31.73") > control("31.73") + 0.3, "{lines:#?}");
    assert!(at("37.00") < at("31.73"), "{lines:#?}");
}

/// Runs the batch and returns the report's lines.
fn run() -> Vec<String> {
    let motor_l4 = Oscillator::Cortex(Column::Motor, Layer::L4);
    let n = DRIVE_HZ.len();
    let mut batch = ProcessorBatch::new(&vec![PhiNNeuralProcessorParams::DEFAULT; 2 * n]);
    let ticks = (SECONDS * TICK_HZ) as u64;
    let records = batch.par_drive(
        ticks,
        |k| Record {
            hz: DRIVE_HZ[k % n],
            on: k < n,
            ..Default::default()
        },
        |r, t, probe| {
            let l4 = probe.oscillator(motor_l4);
            let phase = std::f64::consts::TAU * r.hz * t as f64 / TICK_HZ;
            // The first 2 s settle; then keep both phases at 1 kHz.
            if t >= 2 * TICK_HZ as u64 && t % 4 == 0 {
                r.drive.push(phin_analysis::phase::wrap_phase(phase));
                r.l4.push(l4.phase());
            }
            // A unit sine, scaled by the layer's own amplitude (the loop): full drive while
            // the layer is small, easing as it grows.
            let gain = if r.on { 1.0 / (0.5 + l4.radius()) } else { 0.0 };
            let mut i = PhiNNeuralProcessorInputs::default();
            i.set_sensory(gain * phase.sin()).expect("|drive| < 2");
            i
        },
    );
    let mut lines = vec!["drive (Hz)  PLV(drive, motor L4)  drive off (control)".to_string()];
    for (on, off) in records[..n].iter().zip(&records[n..]) {
        let value = plv(&on.drive, &on.l4).expect("equal lengths");
        let control = plv(&off.drive, &off.l4).expect("equal lengths");
        lines.push(format!("{:10.2}  {value:20.3}  {control:19.3}", on.hz));
    }
    lines
}
