//! Offline scan of SIE trigger rules on the processor's own `sr_coherence` and beta amplitude:
//! IIR smoothing (shift K: tau = 2^K ticks), threshold, dwell, re-arm level, beta gate. Counts the
//! events a rule would start in SECONDS per state, without a field, and the detection delay
//! after the onset of a field burst.
//!
//! `cargo run --release -p phin-analysis --example sie_trigger_scan -- SECONDS`

// Indexed loops over harmonics and phases read as the tables they print.
#![allow(clippy::needless_range_loop)]
// A scan over the trigger's parameters: each is one argument.
#![allow(clippy::too_many_arguments)]

use phin_core::constants::TICK_HZ;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};

fn record(
    state: ConsciousnessState,
    seconds: f64,
    field: f64,
    bb: bool,
    onset: f64,
) -> (Vec<i32>, Vec<i32>) {
    let ticks = (seconds * TICK_HZ) as usize;
    let mut p = PhiNNeuralProcessor::default();
    let mut inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .unwrap();
    let l5a = Oscillator::Cortex(Column::Motor, Layer::L5a).index();
    let mut coh = Vec::with_capacity(ticks);
    let mut beta = Vec::with_capacity(ticks);
    for t in 0..ticks {
        let ts = t as f64 / TICK_HZ;
        let v = if ts >= onset {
            field * (std::f64::consts::TAU * 7.6 * ts).sin()
        } else {
            0.0
        };
        let w = (v * 16384.0).round() as i32;
        if bb {
            inputs.sr_field_input = w;
        } else {
            inputs.sr_field[0] = w;
        }
        p.tick(&inputs);
        let pr = p.probe();
        coh.push(pr.sr().sr_coherence.0);
        beta.push(pr.oscillators()[l5a].amplitude().0);
    }
    (coh, beta)
}

/// Event start ticks under a rule.
fn events(
    coh: &[i32],
    beta: &[i32],
    k: u32,
    kb: u32,
    thr: i64,
    dwell: u32,
    rearm: i64,
    len: usize,
) -> Vec<usize> {
    let (mut acc, mut bacc) = (0i64, 0i64);
    let mut count = 0u32;
    let mut armed = true;
    let mut busy_until = 0usize;
    let mut out = Vec::new();
    for t in 0..coh.len() {
        acc += i64::from(coh[t]) - (acc >> k);
        bacc += i64::from(beta[t]) - (bacc >> kb);
        let (s, b) = (acc >> k, bacc >> kb);
        if t < busy_until {
            continue;
        }
        if !armed && s < rearm {
            armed = true;
        }
        let cond = armed && s > thr && b < 15_360;
        count = if cond { count + 1 } else { 0 };
        if count >= dwell {
            out.push(t);
            busy_until = t + len;
            armed = false;
            count = 0;
        }
    }
    out
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .map_or(600.0, |s| s.parse().unwrap());
    let rules: Vec<(u32, i64, u32, i64)> = vec![
        (11, 13_107, 1_000, 12_288),
        (11, 13_107, 2_000, 12_288),
        (11, 13_500, 1_000, 12_288),
        (11, 13_926, 1_000, 12_288),
        (12, 13_107, 1_000, 12_288),
        (12, 13_107, 2_000, 12_288),
        (12, 13_500, 1_000, 12_288),
        (12, 13_926, 1_000, 12_288),
    ];
    let len = 126_000; // NORMAL event length
    for state in ConsciousnessState::ALL {
        let (coh, beta) = record(state, seconds, 0.0, true, 0.0);
        let mut line = format!("{state:12}");
        for &(k, thr, dwell, rearm) in &rules {
            let e = events(&coh, &beta, k, 10, thr, dwell, rearm, len);
            line += &format!(
                " | K{k} {:.3} d{:.2} n={}",
                thr as f64 / 16384.0,
                dwell as f64 / 4000.0,
                e.len()
            );
        }
        println!("{line}");
    }
    for (field, bb) in [(0.5, true), (0.25, true), (0.5, false), (1.0, false)] {
        let onset = 20.0;
        let (coh, beta) = record(ConsciousnessState::Normal, 60.0, field, bb, onset);
        let mut line = format!("field {field} {}", if bb { "bb" } else { "f0" });
        for &(k, thr, dwell, rearm) in &rules {
            let e = events(&coh, &beta, k, 10, thr, dwell, rearm, len);
            let first = e.iter().find(|&&t| t as f64 / TICK_HZ >= onset);
            let d = first.map_or(f64::NAN, |&t| t as f64 / TICK_HZ - onset);
            line += &format!(
                " | K{k} {:.3} d{:.2} delay {d:.2} s",
                thr as f64 / 16384.0,
                dwell as f64 / 4000.0
            );
        }
        println!("{line}");
    }
}
