//! SR coherence statistics with and without an external field: the instantaneous `sr_coherence`,
//! IIR-smoothed versions of it, the per-harmonic coherences, f0 amplitude and the motor L5a
//! (beta) amplitude, smoothed.
//!
//! `cargo run --release -p phin-analysis --example measure_coherence -- STATE SECONDS FIELD TARGET
//!  [BURST_START BURST_LEN]`

// Indexed loops over harmonics and phases read as the tables they print.
#![allow(clippy::needless_range_loop)]

use phin_core::constants::TICK_HZ;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};

fn pct(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q) as usize]
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let state: ConsciousnessState = a.get(1).map_or("normal", |s| s).parse().unwrap();
    let seconds: f64 = a.get(2).map_or(600.0, |s| s.parse().unwrap());
    let field: f64 = a.get(3).map_or(0.0, |s| s.parse().unwrap());
    let target = a.get(4).map_or("f0", |s| s.as_str()).to_string();
    let burst_start: f64 = a.get(5).map_or(0.0, |s| s.parse().unwrap());
    let burst_len: f64 = a.get(6).map_or(1e9, |s| s.parse().unwrap());
    let ticks = (seconds * TICK_HZ) as usize;
    let mut p = PhiNNeuralProcessor::default();
    let mut inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .unwrap();
    let taus = [0.25, 0.5, 1.0, 2.0];
    let mut sm = [0.0f64; 4];
    let mut smh = [[0.0f64; 5]; 2];
    let mut beta_sm = 0.0;
    let mut amp_sm = 0.0;
    let mut series: Vec<[f64; 4]> = Vec::with_capacity(ticks);
    let mut per_h: Vec<[f64; 5]> = Vec::with_capacity(ticks);
    let mut beta_s = Vec::with_capacity(ticks);
    let mut amp_s = Vec::with_capacity(ticks);
    let mut inst = Vec::with_capacity(ticks);
    let l5a = Oscillator::Cortex(Column::Motor, Layer::L5a).index();
    for t in 0..ticks {
        let ts = t as f64 / TICK_HZ;
        let on = ts >= burst_start && ts < burst_start + burst_len;
        let v = if on {
            field * (std::f64::consts::TAU * 7.6 * ts).sin()
        } else {
            0.0
        };
        let w = (v * 16384.0).round() as i32;
        if target == "f0" || target == "both" {
            inputs.sr_field[0] = w;
        }
        if target == "bb" || target == "both" {
            inputs.sr_field_input = w;
        }
        p.tick(&inputs);
        let pr = p.probe();
        let sr = pr.sr();
        let c = sr.sr_coherence.to_f64();
        inst.push(c);
        for (k, tau) in taus.iter().enumerate() {
            sm[k] += (c - sm[k]) / (tau * TICK_HZ);
        }
        for h in 0..5 {
            smh[0][h] += (sr.coherence[h].to_f64() - smh[0][h]) / (1.0 * TICK_HZ);
        }
        let osc = pr.oscillators();
        beta_sm += (osc[l5a].amplitude().to_f64() - beta_sm) / (0.256 * TICK_HZ);
        amp_sm += (osc[16].amplitude().to_f64() - amp_sm) / (1.0 * TICK_HZ);
        series.push(sm);
        per_h.push(smh[0]);
        beta_s.push(beta_sm);
        amp_s.push(amp_sm);
    }
    let skip = (10.0 * TICK_HZ) as usize;
    println!("=== {state} {seconds} s field {field} on {target} burst {burst_start}+{burst_len}");
    if burst_len > 1e8 {
        for (k, tau) in taus.iter().enumerate() {
            let mut v: Vec<f64> = series[skip..].iter().map(|s| s[k]).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            println!(
                "tau {tau} s: mean {mean:.4} p1 {:.4} p50 {:.4} p99 {:.4} p99.9 {:.4} max {:.4}",
                pct(&mut v, 0.01),
                pct(&mut v, 0.5),
                pct(&mut v, 0.99),
                pct(&mut v, 0.999),
                pct(&mut v, 1.0)
            );
        }
        for h in 0..5 {
            let mut v: Vec<f64> = per_h[skip..].iter().map(|s| s[h]).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            println!(
                "f{h} coherence tau 1 s: mean {mean:.4} p1 {:.4} p99 {:.4} max {:.4}",
                pct(&mut v, 0.01),
                pct(&mut v, 0.99),
                pct(&mut v, 1.0)
            );
        }
        let mut v = beta_s[skip..].to_vec();
        println!(
            "beta amplitude tau 0.256 s: p1 {:.4} p50 {:.4} p99 {:.4} max {:.4}",
            pct(&mut v, 0.01),
            pct(&mut v, 0.5),
            pct(&mut v, 0.99),
            pct(&mut v, 1.0)
        );
        let mut v = amp_s[skip..].to_vec();
        println!(
            "f0 amplitude tau 1 s: p1 {:.4} p50 {:.4} p99 {:.4} max {:.4}",
            pct(&mut v, 0.01),
            pct(&mut v, 0.5),
            pct(&mut v, 0.99),
            pct(&mut v, 1.0)
        );
    } else {
        // time course around the burst, every 0.25 s
        let from = ((burst_start - 2.0).max(0.0) * TICK_HZ) as usize;
        let to = (((burst_start + burst_len + 3.0) * TICK_HZ) as usize).min(ticks);
        for t in (from..to).step_by(1000) {
            println!(
                "{:7.2} s: coh tau .5 {:.3} tau 1 {:.3} tau 2 {:.3}; f0 coh {:.3}; f0 amp {:.3}; beta {:.3}",
                t as f64 / TICK_HZ,
                series[t][1],
                series[t][2],
                series[t][3],
                per_h[t][0],
                amp_s[t],
                beta_s[t]
            );
        }
    }
    let _ = inst;
}
