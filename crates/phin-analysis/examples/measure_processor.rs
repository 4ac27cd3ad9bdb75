//! Measurement of the whole processor for the fidelity work: per state, the SIE occupancy and
//! events, the DAC band powers and 1/f slope, the f0-band DAC power per SIE phase, SR coherence
//! and beta statistics, every oscillator's frequency and amplitude.
//!
//! `cargo run --release -p phin-analysis --example measure_processor -- [STATE|all] [SECONDS]
//!  [FIELD] [TARGET]` — FIELD a real amplitude of a 7.6 Hz sine, TARGET `f0` (sr_field[f0]),
//! `bb` (sr_field_input) or `both`.

// Indexed loops over phases and triads read as the tables they print.
#![allow(clippy::needless_range_loop)]

use phin_analysis::spectrum::{band_peak, db, spectral_slope, welch_psd};
use phin_core::constants::TICK_HZ;
use phin_core::identity::{Column, ConsciousnessState, Layer, Oscillator, SiePhase};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use rustfft::num_complex::Complex;

fn bandpass_power(x: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let mut buf: Vec<Complex<f64>> = x.iter().map(|&v| Complex::new(v - mean, 0.0)).collect();
    let mut planner = rustfft::FftPlanner::<f64>::new();
    planner.plan_fft_forward(n).process(&mut buf);
    for (k, b) in buf.iter_mut().enumerate() {
        let f = if k <= n / 2 { k } else { n - k } as f64 * TICK_HZ / n as f64;
        if !(f >= lo && f < hi) {
            *b = Complex::new(0.0, 0.0);
        }
    }
    planner.plan_fft_inverse(n).process(&mut buf);
    buf.iter().map(|c| (c.re / n as f64).powi(2)).collect()
}

thread_local! { static EVERY: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) }; }

fn log_slope(psd: &phin_analysis::spectrum::Psd, lo: f64, hi: f64, bands: usize) -> f64 {
    let (l0, l1) = (lo.log10(), hi.log10());
    let mut pts = Vec::new();
    for b in 0..bands {
        let a = l0 + (l1 - l0) * b as f64 / bands as f64;
        let z = l0 + (l1 - l0) * (b + 1) as f64 / bands as f64;
        let sel: Vec<f64> = psd
            .freqs_hz
            .iter()
            .zip(&psd.power)
            .filter(|(f, _)| **f > 0.0 && f.log10() >= a && f.log10() < z)
            .map(|(_, p)| p.log10())
            .collect();
        if !sel.is_empty() {
            pts.push(((a + z) / 2.0, sel.iter().sum::<f64>() / sel.len() as f64));
        }
    }
    let fit = |pts: &[(f64, f64)]| {
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        let b = sxy / sxx;
        (b, my - b * mx)
    };
    let (b, a) = fit(&pts);
    if ROBUST.with(|r| r.get()) {
        let mut res: Vec<f64> = pts.iter().map(|p| p.1 - (a + b * p.0)).collect();
        let mut sorted = res.clone();
        sorted.sort_by(f64::total_cmp);
        let med = sorted[sorted.len() / 2];
        let keep: Vec<(f64, f64)> = pts
            .iter()
            .zip(res.iter_mut())
            .filter(|(_, r)| **r <= med)
            .map(|(p, _)| *p)
            .collect();
        return fit(&keep).0;
    }
    b
}
thread_local! { static ROBUST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) }; }

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let which = args.get(1).map(String::as_str).unwrap_or("all");
    let seconds: f64 = args.get(2).map_or(600.0, |s| s.parse().unwrap());
    let field: f64 = args.get(3).map_or(0.0, |s| s.parse().unwrap());
    let target = args.get(4).map(String::as_str).unwrap_or("f0");
    let every: f64 = args.get(5).map_or(0.0, |s| s.parse().unwrap());
    EVERY.with(|e| e.set(every));
    let states: Vec<ConsciousnessState> = if which == "all" {
        ConsciousnessState::ALL.to_vec()
    } else {
        vec![which.parse().unwrap()]
    };
    for state in states {
        measure(state, seconds, field, target);
    }
}

fn measure(state: ConsciousnessState, seconds: f64, field: f64, target: &str) {
    let ticks = (seconds * TICK_HZ) as usize;
    let mut p = PhiNNeuralProcessor::default();
    let mut inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .unwrap();
    let mut dac = Vec::with_capacity(ticks);
    let mut phase_of = Vec::with_capacity(ticks);
    let mut r_by_phase = [0.0f64; 7];
    let mut b_by_phase = [[0.0f64; 4]; 7];
    // slow triad PLVs: tau 1, 2, 4, 8 s, triads 0 and 1
    let taus = [1.0f64, 2.0, 4.0, 8.0];
    let mut acc = [[(0.0f64, 0.0f64); 2]; 4];
    let mut tp = [[[0.0f64; 2]; 4]; 7];
    let mut n_by_phase = [0u64; 7];
    let mut coh_sum = 0.0;
    let mut coh_hi = 0u64;
    let mut beta_sum = 0.0;
    let mut beta_quiet = 0u64;
    let mut f0_amp = 0.0;
    let mut amp = [0.0f64; 21];
    let mut turn = [0.0f64; 21];
    let mut last = [(0.0f64, 0.0f64); 21];
    let mut l23_turn = [0.0f64; 2];
    let mut l23_n = [0u64; 2];
    let mut events = Vec::new();
    let mut prev_phase = SiePhase::Baseline;
    let mut dac_min = 4095u16;
    let mut dac_max = 0u16;
    let motor_l23 = Oscillator::Cortex(Column::Motor, Layer::L23).index();
    let motor_l5a = Oscillator::Cortex(Column::Motor, Layer::L5a);
    for t in 0..ticks {
        if field != 0.0 {
            let v = field * (std::f64::consts::TAU * 7.6 * t as f64 / TICK_HZ).sin();
            let w = (v * 16384.0).round() as i32;
            if target == "f0" || target == "both" {
                inputs.sr_field[0] = w;
            }
            if target == "bb" || target == "both" {
                inputs.sr_field_input = w;
            }
        }
        let every = EVERY.with(|e| e.get());
        inputs.ignition_trigger =
            every > 0.0 && t % ((every * TICK_HZ) as usize) == (5.0 * TICK_HZ) as usize;
        p.tick(&inputs);
        let probe = p.probe();
        let d = probe.dac();
        dac_min = dac_min.min(d);
        dac_max = dac_max.max(d);
        dac.push(f64::from(d));
        let sie = probe.sie();
        let ph = sie.phase;
        if ph == SiePhase::Coherence && prev_phase == SiePhase::Baseline {
            events.push(t as f64 / TICK_HZ);
        }
        prev_phase = ph;
        phase_of.push(ph.code());
        r_by_phase[ph.code() as usize] += probe.kuramoto_r().to_f64();
        n_by_phase[ph.code() as usize] += 1;
        let bc = probe.bicoherence();
        for k in 0..3 {
            b_by_phase[ph.code() as usize][k] += bc.triads[k].to_f64();
        }
        b_by_phase[ph.code() as usize][3] += bc.max.to_f64();
        {
            let o = probe.oscillators();
            let ang = |k: usize| f64::from(o[k].y.0).atan2(f64::from(o[k].x.0));
            let th = ang(0);
            let al = ang(Oscillator::Cortex(Column::Motor, Layer::L6).index());
            let b1 = ang(Oscillator::Cortex(Column::Motor, Layer::L5a).index());
            let b2 = ang(Oscillator::Cortex(Column::Motor, Layer::L5b).index());
            let psi = [th + al - b1, al + b1 - b2];
            for (i, tau) in taus.iter().enumerate() {
                for j in 0..2 {
                    let a = &mut acc[i][j];
                    let k = 1.0 / (tau * TICK_HZ);
                    a.0 += (psi[j].cos() - a.0) * k;
                    a.1 += (psi[j].sin() - a.1) * k;
                    tp[ph.code() as usize][i][j] += a.0.hypot(a.1);
                }
            }
        }
        let sr = probe.sr();
        coh_sum += sr.sr_coherence.to_f64();
        coh_hi += u64::from(sr.sr_coherence.0 > 12_288);
        beta_quiet += u64::from(sr.beta_quiet);
        let osc = probe.oscillators();
        beta_sum += osc[motor_l5a.index()].amplitude().to_f64();
        f0_amp += osc[16].amplitude().to_f64();
        let enc = probe.theta().encoding;
        for (k, o) in osc.iter().enumerate() {
            let xy = (o.x.to_f64(), o.y.to_f64());
            if t > 0 {
                let (x0, y0) = last[k];
                let a = (x0 * xy.1 - y0 * xy.0).atan2(x0 * xy.0 + y0 * xy.1);
                turn[k] += a;
                if k == motor_l23 {
                    l23_turn[usize::from(enc)] += a;
                    l23_n[usize::from(enc)] += 1;
                }
            }
            last[k] = xy;
            amp[k] += o.radius();
        }
    }
    let n = ticks as f64;
    println!("=== {state} {seconds} s, field {field} on {target}");
    // SIE
    let occ: Vec<String> = (0..7)
        .map(|k| format!("{:.3}", n_by_phase[k] as f64 / n))
        .collect();
    println!("SIE occupancy by phase 0..6: {occ:?}");
    let rs: Vec<String> = (0..7)
        .map(|k| format!("{:.3}", r_by_phase[k] / n_by_phase[k].max(1) as f64))
        .collect();
    println!("Kuramoto R by phase: {rs:?}");
    for k in 0..4 {
        let bs: Vec<String> = (0..7)
            .map(|ph| format!("{:.3}", b_by_phase[ph][k] / n_by_phase[ph].max(1) as f64))
            .collect();
        println!(
            "bicoherence {} by phase: {bs:?}",
            ["t0", "t1", "t2", "max"][k]
        );
    }
    for (i, tau) in taus.iter().enumerate() {
        for j in 0..2 {
            let bs: Vec<String> = (0..7)
                .map(|ph| format!("{:.3}", tp[ph][i][j] / n_by_phase[ph].max(1) as f64))
                .collect();
            println!("triad {j} PLV tau {tau} s by phase: {bs:?}");
        }
    }
    let iv: Vec<String> = events
        .windows(2)
        .map(|w| format!("{:.2}", w[1] - w[0]))
        .collect();
    println!(
        "events {} starts {:?} intervals {iv:?}",
        events.len(),
        events
            .iter()
            .take(6)
            .map(|s| format!("{s:.2}"))
            .collect::<Vec<_>>()
    );
    println!(
        "sr_coherence mean {:.3}, > 0.75 {:.3}; f0 amplitude {:.3}; beta (motor L5a amp) mean {:.3}, quiet {:.3}",
        coh_sum / n,
        coh_hi as f64 / n,
        f0_amp / n,
        beta_sum / n,
        beta_quiet as f64 / n
    );
    // f0 band per phase
    let bp = bandpass_power(&dac, 7.0, 8.5);
    let mut s = [0.0f64; 7];
    let mut c = [0u64; 7];
    for (v, &ph) in bp.iter().zip(&phase_of) {
        s[ph as usize] += v;
        c[ph as usize] += 1;
    }
    let pdb: Vec<String> = (0..7)
        .map(|k| {
            if c[k] == 0 {
                "-".into()
            } else {
                format!("{:.2}", db(s[k] / c[k] as f64))
            }
        })
        .collect();
    println!("f0 band (7-8.5 Hz) DAC power dB by phase: {pdb:?}");
    if c[3] > 0 && c[6] > 0 {
        println!(
            "PLATEAU - REFRACTORY: {:.2} dB",
            db(s[3] / c[3] as f64) - db(s[6] / c[6] as f64)
        );
    }
    // DAC spectrum
    let psd = welch_psd(&dac, TICK_HZ, 16_384);
    let band = |lo: f64, hi: f64| db(band_peak(&psd, lo, hi).map_or(0.0, |b| b.band_power));
    println!(
        "DAC bands dB: theta+alpha(4-12.12) {:.2}, theta {:.2}, alpha {:.2}, beta1 {:.2}, beta2 {:.2}, l4g {:.2}, sgamma {:.2}, fgamma {:.2}, beta/gamma(12.12-80) {:.2}",
        band(4.0, 12.12),
        band(4.0, 7.49),
        band(7.49, 12.12),
        band(12.12, 19.61),
        band(19.61, 28.13),
        band(28.13, 35.79),
        band(35.79, 51.34),
        band(51.34, 80.0),
        band(12.12, 80.0)
    );
    println!(
        "slope 2-100 Hz {:.3}, 1-200 Hz {:.3}, 1-100 Hz {:.3}; DAC {}..{}",
        spectral_slope(&psd, 2.0, 100.0).unwrap(),
        spectral_slope(&psd, 1.0, 200.0).unwrap(),
        spectral_slope(&psd, 1.0, 100.0).unwrap(),
        dac_min,
        dac_max
    );
    println!(
        "log-band slope 1-200 Hz {:.3}, 2-100 Hz {:.3}, 1-100 Hz {:.3}",
        log_slope(&psd, 1.0, 200.0, 48),
        log_slope(&psd, 2.0, 100.0, 48),
        log_slope(&psd, 1.0, 100.0, 48)
    );
    ROBUST.with(|r| r.set(true));
    println!(
        "robust floor slope 1-200 Hz {:.3}, 2-100 Hz {:.3}, 1-100 Hz {:.3}",
        log_slope(&psd, 1.0, 200.0, 48),
        log_slope(&psd, 2.0, 100.0, 48),
        log_slope(&psd, 1.0, 100.0, 48)
    );
    ROBUST.with(|r| r.set(false));
    // Frequencies
    let mut line = String::new();
    for (k, o) in Oscillator::ALL.iter().enumerate() {
        let hz = turn[k] / (n - 1.0) * TICK_HZ / std::f64::consts::TAU;
        let a = amp[k] / n;
        if matches!(o, Oscillator::Cortex(Column::Motor, _)) || !matches!(o, Oscillator::Cortex(..))
        {
            line += &format!(
                "{o}: {hz:.2} Hz ({:+.1} %) a {a:.3}; ",
                100.0 * (hz / o.nominal_hz() - 1.0)
            );
        }
    }
    println!("{line}");
    let slow = l23_turn[0] / l23_n[0].max(1) as f64 * TICK_HZ / std::f64::consts::TAU;
    let fast = l23_turn[1] / l23_n[1].max(1) as f64 * TICK_HZ / std::f64::consts::TAU;
    println!(
        "motor L2/3 slow {slow:.2} ({:+.1} %) fast {fast:.2} ({:+.1} %)",
        100.0 * (slow / 40.36 - 1.0),
        100.0 * (fast / 65.3 - 1.0)
    );
}
