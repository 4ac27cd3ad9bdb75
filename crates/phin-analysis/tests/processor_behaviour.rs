//! The processor behaves as its description tells: the Schumann ignition event (SIE) is an
//! episodic event that shows at the DAC, the five states differ at the DAC, and the section-2
//! frequency table holds in every state. Each check compares a measured figure with the
//! description's number (or the documented reading of it, docs/decisions.md), so each can fail.
//!
//! Sources (the processor's system description): the executive summary ("SR only appears during
//! ignition events"), "SIE Dynamics Monitoring (v11.3)" (the SIE Observable Timeline, the Kuramoto
//! table), 4.1 (beta quiet "gates all SR sensitivity"), 8.1 (MEDITATION θ/α dominant, β/γ
//! suppressed, > 3 dB), 9.2 (1/f slope 1.70), 9.3 (the DAC), 10.3 (phase durations, coherence
//! first) and 10.5 (the distributed boost, 6.8 dB).
//!
//! The default tests run 120 simulated seconds per state and three scripted events; the
//! full-length figures (600 s per case, ten-minute event runs) are the ignored test
//! `full_length_figures`:
//! `cargo test --release -p phin-analysis --test processor_behaviour -- --ignored --nocapture`.

use phin_analysis::observers::{SieEvent, SieEventDetector};
use phin_analysis::spectrum::{band_power, db, spectral_slope, welch_psd};
use phin_core::constants::{SIE_DURATIONS, TICK_HZ};
use phin_core::identity::{Band, Column, ConsciousnessState, Layer, Oscillator, SiePhase};
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use rustfft::num_complex::Complex;
use std::sync::OnceLock;

/// Seconds per state of the default run.
const STATE_SECONDS: f64 = 120.0;
/// The f0 band of the DAC, Hz: the SR fundamental 7.6 ± 0.6 Hz (section 2.2), as the issue
/// measured it (7-8.5 Hz).
const F0_BAND: (f64, f64) = (7.0, 8.5);
/// Most events per ten minutes without a field or a trigger (docs/decisions.md).
const MAX_SPONTANEOUS_PER_10_MIN: f64 = 2.0;
/// An SR field burst: amplitude 1.0 at 7.6 Hz on the f0 field port, about the f0 oscillator's own
/// amplitude (0.8). A field of 0.5 lifts the smoothed coherence to about 0.80 only, and started
/// an event on 4 of 7 ten-second bursts over ten minutes (docs/decisions.md).
const FIELD_AMPLITUDE: f64 = 1.0;

/// What drives one run.
#[derive(Clone, Default)]
struct Script {
    /// Ticks with `ignition_trigger` high.
    triggers: Vec<u64>,
    /// SR field bursts on `sr_field[f0]`: (first tick, end tick), 7.6 Hz at [`FIELD_AMPLITUDE`].
    bursts: Vec<(u64, u64)>,
}

/// What one run measured.
struct Run {
    state: ConsciousnessState,
    seconds: f64,
    /// The DAC code of every tick.
    dac: Vec<f64>,
    /// The SIE phase of every tick.
    phase: Vec<u8>,
    /// Ticks at which each phase was entered, per event: `entries[e][p]` for phases 1..=6 and
    /// the return to BASELINE (index 6).
    entries: Vec<[Option<u64>; 7]>,
    events: Vec<SieEvent>,
    /// First tick the smoothed SR coherence exceeded 0.85 before each event's start.
    coherence_rise: Vec<Option<u64>>,
    /// Mean triad_sync and Kuramoto R per phase.
    sync_by_phase: [f64; 7],
    r_by_phase: [f64; 7],
    ticks_by_phase: [u64; 7],
    /// Per oscillator (Oscillator::ALL order): mean frequency and mean radius; L2/3 split by the
    /// theta window (slow outside, fast inside) in `l23`.
    hz: Vec<f64>,
    radius: Vec<f64>,
    l23: Vec<(f64, f64)>,
}

fn run(state: ConsciousnessState, seconds: f64, script: &Script) -> Run {
    let ticks = (seconds * TICK_HZ) as u64;
    let mut p = PhiNNeuralProcessor::default();
    let mut inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .expect("inputs in range");
    let n = ticks as usize;
    let mut dac = Vec::with_capacity(n);
    let mut phase = Vec::with_capacity(n);
    let mut det = SieEventDetector::default();
    let mut entries: Vec<[Option<u64>; 7]> = Vec::new();
    let mut coherence_rise = Vec::new();
    let mut last_rise: Option<u64> = None;
    let (mut sync, mut r, mut cnt) = ([0.0; 7], [0.0; 7], [0u64; 7]);
    let mut turn = vec![0.0f64; Oscillator::ALL.len()];
    let mut rad = vec![0.0f64; Oscillator::ALL.len()];
    let mut last = vec![(0.0f64, 0.0f64); Oscillator::ALL.len()];
    // L2/3 of each column: (turn, ticks) outside and inside the encoding window.
    let l23_idx: Vec<usize> = Column::ALL
        .iter()
        .map(|&c| Oscillator::Cortex(c, Layer::L23).index())
        .collect();
    let mut l23_turn = [[(0.0f64, 0u64); 2]; 3];
    let mut prev = SiePhase::Baseline;
    for t in 0..ticks {
        inputs.ignition_trigger = script.triggers.contains(&t);
        let on = script.bursts.iter().any(|&(a, b)| (a..b).contains(&t));
        inputs.sr_field[0] = if on {
            let v = FIELD_AMPLITUDE * (std::f64::consts::TAU * 7.6 * t as f64 / TICK_HZ).sin();
            (v * 16_384.0).round() as i32
        } else {
            0
        };
        p.tick(&inputs);
        let probe = p.probe();
        dac.push(f64::from(probe.dac()));
        let sie = probe.sie();
        let ph = sie.phase;
        phase.push(ph.code());
        det.push(t, ph, sie.plv.raw(), sie.gain.raw());
        if ph == SiePhase::Baseline {
            if sie.coherence.raw() > 13_926 {
                last_rise.get_or_insert(t);
            } else {
                last_rise = None;
            }
        }
        if ph != prev {
            if ph == SiePhase::Coherence && prev == SiePhase::Baseline {
                entries.push([None; 7]);
                coherence_rise.push(last_rise.take());
            }
            if let Some(e) = entries.last_mut() {
                let k = if ph == SiePhase::Baseline {
                    6
                } else {
                    usize::from(ph.code()) - 1
                };
                e[k].get_or_insert(t);
            }
            prev = ph;
        }
        let k = usize::from(ph.code());
        sync[k] += probe.bicoherence().triad_sync.to_f64();
        r[k] += probe.kuramoto_r().to_f64();
        cnt[k] += 1;
        let enc = usize::from(probe.theta().encoding);
        for (i, o) in probe.oscillators().iter().enumerate() {
            let xy = (o.x.to_f64(), o.y.to_f64());
            if t > 0 {
                let (x0, y0) = last[i];
                let a = (x0 * xy.1 - y0 * xy.0).atan2(x0 * xy.0 + y0 * xy.1);
                turn[i] += a;
                if let Some(c) = l23_idx.iter().position(|&j| j == i) {
                    l23_turn[c][enc].0 += a;
                    l23_turn[c][enc].1 += 1;
                }
            }
            last[i] = xy;
            rad[i] += o.radius();
        }
    }
    let to_hz = |a: f64, n: u64| a / n.max(1) as f64 * TICK_HZ / std::f64::consts::TAU;
    let per = |s: [f64; 7]| std::array::from_fn(|k| s[k] / cnt[k].max(1) as f64);
    Run {
        state,
        seconds,
        dac,
        phase,
        entries,
        events: det.into_events(),
        coherence_rise,
        sync_by_phase: per(sync),
        r_by_phase: per(r),
        ticks_by_phase: cnt,
        hz: turn.iter().map(|&a| to_hz(a, ticks - 1)).collect(),
        radius: rad.iter().map(|&s| s / ticks as f64).collect(),
        l23: l23_turn
            .iter()
            .map(|w| (to_hz(w[0].0, w[0].1), to_hz(w[1].0, w[1].1)))
            .collect(),
    }
}

/// The power of `x` in [lo, hi) Hz, tick by tick (an FFT band-pass of the whole record).
fn band_pass_power(x: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let mut buf: Vec<Complex<f64>> = x.iter().map(|&v| Complex::new(v - mean, 0.0)).collect();
    let mut planner = rustfft::FftPlanner::<f64>::new();
    planner.plan_fft_forward(n).process(&mut buf);
    for (k, b) in buf.iter_mut().enumerate() {
        let f = if k <= n / 2 { k } else { n - k } as f64 * TICK_HZ / n as f64;
        if !(lo..hi).contains(&f) {
            *b = Complex::new(0.0, 0.0);
        }
    }
    planner.plan_fft_inverse(n).process(&mut buf);
    buf.iter().map(|c| (c.re / n as f64).powi(2)).collect()
}

/// Mean f0-band power of the DAC in each SIE phase, dB (None where the phase never occurred).
fn f0_power_by_phase(r: &Run) -> [Option<f64>; 7] {
    let bp = band_pass_power(&r.dac, F0_BAND.0, F0_BAND.1);
    let (mut s, mut c) = ([0.0; 7], [0u64; 7]);
    for (v, &ph) in bp.iter().zip(&r.phase) {
        s[usize::from(ph)] += v;
        c[usize::from(ph)] += 1;
    }
    std::array::from_fn(|k| (c[k] > 0).then(|| db(s[k] / c[k] as f64)))
}

/// DAC power per φⁿ band (Band::ALL order), θ+α (4-12.12 Hz), β/γ (12.12-80 Hz), all dB, and
/// the 1/f slope over 2-100 Hz.
struct Bands {
    band_db: [f64; 7],
    theta_alpha_db: f64,
    beta_gamma_db: f64,
    slope: f64,
}

fn bands(r: &Run) -> Bands {
    let psd = welch_psd(&r.dac, TICK_HZ, 16_384);
    let sum = |lo: f64, hi: f64| -> f64 {
        Band::ALL
            .iter()
            .filter(|b| b.edges_hz().0 >= lo && b.edges_hz().1 <= hi)
            .map(|&b| 10f64.powf(band_power(&psd, b).power_db / 10.0))
            .sum()
    };
    Bands {
        band_db: Band::ALL.map(|b| band_power(&psd, b).power_db),
        theta_alpha_db: db(sum(4.0, 12.2)),
        beta_gamma_db: db(sum(12.0, 80.0)),
        slope: spectral_slope(&psd, 2.0, 100.0).expect("a slope"),
    }
}

/// The five states with no input: computed once per test binary and shared (two at a time).
fn states(seconds: f64) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for pair in ConsciousnessState::ALL.chunks(2) {
        let runs: Vec<Run> = std::thread::scope(|s| {
            let hs: Vec<_> = pair
                .iter()
                .map(|&st| s.spawn(move || run(st, seconds, &Script::default())))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        out.extend(runs);
    }
    out
}

fn default_states() -> &'static [Run] {
    static RUNS: OnceLock<Vec<Run>> = OnceLock::new();
    RUNS.get_or_init(|| states(STATE_SECONDS))
}

// ---------------------------------------------------------------------------------------------
// The checks, each on the runs it is given (the default tests and the full-length one share them)
// ---------------------------------------------------------------------------------------------

/// No SR field, no trigger: events are rare and irregular in every state (docs/decisions.md:
/// the smoothed SR coherence reaches 0.85 for 0.25 s with beta quiet only by chance, so the
/// processor rests in BASELINE as the SIE Observable Timeline starts): at most
/// [`MAX_SPONTANEOUS_PER_10_MIN`] events per ten minutes, BASELINE at least 90 % of the time, and
/// no timer: with three events or more the intervals between them are not all equal.
fn check_spontaneous_events(runs: &[Run]) -> String {
    let mut report = String::new();
    for r in runs {
        let baseline = r.ticks_by_phase[0] as f64 / r.phase.len() as f64;
        let per_10_min = r.events.len() as f64 * 600.0 / r.seconds;
        let starts: Vec<f64> = r.events.iter().map(|e| e.start_s).collect();
        let iv: Vec<f64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
        report += &format!(
            "{}: BASELINE {:.2} % of {} s, {} events ({per_10_min:.1} per 10 min) at {starts:.2?} s\n",
            r.state,
            100.0 * baseline,
            r.seconds,
            r.events.len()
        );
        assert!(
            per_10_min <= MAX_SPONTANEOUS_PER_10_MIN && baseline >= 0.9,
            "{}: too many spontaneous events\n{report}",
            r.state
        );
        assert!(
            iv.len() < 2 || iv.windows(2).any(|w| (w[0] - w[1]).abs() > 1.0),
            "{}: events at a fixed period\n{report}",
            r.state
        );
    }
    report
}

/// Every event of `r` ran its phases for the state's §10.3 durations within 10 %; returns the
/// number of complete events.
fn check_phase_durations(r: &Run, report: &mut String) -> usize {
    let want = SIE_DURATIONS[usize::from(r.state.code())];
    let mut complete = 0;
    for (e, entry) in r.entries.iter().enumerate() {
        let Some(end) = entry[6] else { continue };
        let mut got = [0u64; 6];
        for p in 0..6 {
            let a = entry[p].expect("every phase entered");
            let b = if p == 5 { end } else { entry[p + 1].unwrap() };
            got[p] = b - a;
        }
        *report += &format!("  event {e}: phase ticks {got:?} (table {want:?})\n");
        for p in 0..6 {
            let rel = got[p] as f64 / f64::from(want[p]) - 1.0;
            assert!(rel.abs() <= 0.10, "event {e} phase {p}: {got:?}\n{report}");
        }
        complete += 1;
    }
    complete
}

/// PLATEAU over REFRACTORY in the f0 band of the DAC: +5 … +8 dB (10.5's 6.8 dB), and the DAC
/// never at a rail. With `upper` false only the lower bound is checked: a run of one or two
/// field-started events (their figure varies by about ±2 dB from event to event; the ten-minute
/// runs check both bounds).
fn check_plateau_at_the_dac(r: &Run, upper: bool, report: &mut String) -> f64 {
    let p = f0_power_by_phase(r);
    let (plateau, refractory) = (p[3].expect("a PLATEAU"), p[6].expect("a REFRACTORY"));
    let d = plateau - refractory;
    let (lo, hi) = r
        .dac
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    *report += &format!(
        "  f0 band (7-8.5 Hz) DAC power by phase {:?} dB; PLATEAU - REFRACTORY {d:+.2} dB; DAC {lo}..{hi}\n",
        p.map(|v| v.map(|x| (x * 100.0).round() / 100.0))
    );
    assert!(d >= 5.0, "PLATEAU - REFRACTORY {d:.2} dB\n{report}");
    assert!(
        !upper || d <= 8.0,
        "PLATEAU - REFRACTORY {d:.2} dB\n{report}"
    );
    assert!(lo > 0.0 && hi < 4095.0, "the DAC touched a rail\n{report}");
    d
}

/// The SIE's order parameter, triad_sync, at PLATEAU at least 0.3 above BASELINE; Kuramoto R
/// reported beside it.
fn check_order_parameter(r: &Run, report: &mut String) -> f64 {
    let d = r.sync_by_phase[3] - r.sync_by_phase[0];
    *report += &format!(
        "  triad_sync by phase {:.3?}; Kuramoto R by phase {:.3?}\n",
        r.sync_by_phase, r.r_by_phase
    );
    assert!(d >= 0.3, "triad_sync PLATEAU - BASELINE {d:.3}\n{report}");
    d
}

/// The coherence-first signature (10.3, "SIE Observable Timeline"): the event's PLV rises 3-4 s
/// before the gain surges. The surge starts with IGNITION (gain 0.2 → 1.0); the tick the gain
/// crosses 0.5 is reported beside it. Where the smoothed SR coherence started the event (a field
/// burst), its measured rise above 0.85 leads the surge by 3-4 s as well.
fn check_coherence_first(r: &Run, report: &mut String) {
    for (k, e) in r.events.iter().enumerate() {
        let (Some(rise), Some(half)) = (e.plv_rise_s, e.gain_surge_s) else {
            continue;
        };
        let Some(ignition) = r.entries[k][1] else {
            continue;
        };
        let surge = ignition as f64 / TICK_HZ;
        let lead = surge - rise;
        let coh = r.coherence_rise.get(k).copied().flatten();
        *report += &format!(
            "  event at {:.2} s: PLV rises at {rise:.2} s, gain surge (IGNITION) at {surge:.2} s: lead {lead:.2} s; gain 0.5 at {half:.2} s{}\n",
            e.start_s,
            coh.map_or(String::new(), |t| format!(
                "; smoothed SR coherence above 0.85 from {:.2} s (lead {:.2} s)",
                t as f64 / TICK_HZ,
                surge - t as f64 / TICK_HZ
            ))
        );
        assert!((3.0..=4.0).contains(&lead), "lead {lead:.2} s\n{report}");
        if let Some(t) = coh {
            let lead = surge - t as f64 / TICK_HZ;
            assert!(
                (3.0..=4.0).contains(&lead),
                "coherence lead {lead:.2} s\n{report}"
            );
        }
    }
}

/// One event per scripted start, with its phases, its DAC boost and its synchrony.
fn check_scripted(r: &Run, starts: usize, upper: bool, report: &mut String) {
    let at: Vec<f64> = r.events.iter().map(|e| e.start_s).collect();
    *report += &format!(
        "{} with {starts} scripted starts: events at {at:.2?} s\n",
        r.state
    );
    assert_eq!(r.events.len(), starts, "events\n{report}");
    let complete = check_phase_durations(r, report);
    assert!(complete >= 1, "no complete event\n{report}");
    check_coherence_first(r, report);
    check_plateau_at_the_dac(r, upper, report);
    check_order_parameter(r, report);
}

/// MEDITATION − NORMAL θ+α ≥ 3 dB at the DAC with β/γ lower; every pair of states 1 dB apart in
/// some band; the 1/f slope −1.70 ± 0.1 in every state.
fn check_states_differ(runs: &[Run]) -> String {
    let b: Vec<Bands> = runs.iter().map(bands).collect();
    let mut report = String::new();
    for (r, x) in runs.iter().zip(&b) {
        let (lo, hi) = r
            .dac
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        report += &format!(
            "{}: bands {:.2?} dB, θ+α {:.2} dB, β/γ {:.2} dB, slope {:.3}, DAC {lo}..{hi}\n",
            r.state, x.band_db, x.theta_alpha_db, x.beta_gamma_db, x.slope
        );
        assert!(
            lo > 0.0 && hi < 4095.0,
            "{}: the DAC touched a rail\n{report}",
            r.state
        );
    }
    let of = |s: ConsciousnessState| runs.iter().position(|r| r.state == s).unwrap();
    let (n, m) = (
        &b[of(ConsciousnessState::Normal)],
        &b[of(ConsciousnessState::Meditation)],
    );
    let ta = m.theta_alpha_db - n.theta_alpha_db;
    let bg = m.beta_gamma_db - n.beta_gamma_db;
    report += &format!("MEDITATION - NORMAL: θ+α {ta:+.2} dB, β/γ {bg:+.2} dB\n");
    for i in 0..runs.len() {
        for j in i + 1..runs.len() {
            let d = (0..7)
                .map(|k| (b[i].band_db[k] - b[j].band_db[k]).abs())
                .fold(0.0, f64::max);
            report += &format!(
                "  {} vs {}: largest band difference {d:.2} dB\n",
                runs[i].state, runs[j].state
            );
            assert!(d >= 1.0, "{} vs {}\n{report}", runs[i].state, runs[j].state);
        }
    }
    assert!(ta >= 3.0, "{report}");
    assert!(bg < 0.0, "{report}");
    for (r, x) in runs.iter().zip(&b) {
        assert!(
            (x.slope + 1.70).abs() <= 0.1,
            "{}: slope {:.3}\n{report}",
            r.state,
            x.slope
        );
    }
    report
}

/// Section 2.1's table within 2 % for every oscillator with amplitude above 0.05, in every
/// state; the SR modes (2.2) within their drift ranges (their 2 % figure reported).
fn check_frequencies(runs: &[Run]) -> String {
    let mut report = String::new();
    // Every state is measured and reported before a miss is raised.
    let mut misses: Vec<String> = Vec::new();
    let mut sr_misses: Vec<String> = Vec::new();
    for r in runs {
        let mut worst: (f64, String) = (0.0, String::new());
        let mut note = |name: String, hz: f64, nominal: f64, _: &mut String| {
            let rel = hz / nominal - 1.0;
            if rel.abs() > worst.0.abs() {
                worst = (rel, name.clone());
            }
            if rel.abs() >= 0.02 {
                misses.push(format!(
                    "{}: {name} {hz:.3} Hz vs {nominal} ({:+.2} %)",
                    r.state,
                    100.0 * rel
                ));
            }
        };
        for (i, o) in Oscillator::ALL.iter().enumerate() {
            if r.radius[i] <= 0.05 {
                report += &format!("{}: {o} amplitude {:.3}: not held\n", r.state, r.radius[i]);
                continue;
            }
            match o {
                Oscillator::Cortex(c, Layer::L23) => {
                    let (slow, fast) = r.l23[Column::ALL.iter().position(|x| x == c).unwrap()];
                    let a = r.radius[i];
                    note(
                        format!("{o} slow (amplitude {a:.3})"),
                        slow,
                        40.36,
                        &mut report,
                    );
                    note(format!("{o} fast"), fast, 65.3, &mut report);
                }
                Oscillator::Sr(h) => {
                    let drift = [0.6, 0.75, 1.0, 1.5, 2.0][*h as usize];
                    let hz = r.hz[i];
                    let rel = hz / o.nominal_hz() - 1.0;
                    report += &format!("{}: {o} {hz:.3} Hz ({:+.2} %)\n", r.state, 100.0 * rel);
                    if (hz - o.nominal_hz()).abs() > drift {
                        sr_misses.push(format!("{}: {o} {hz:.3} Hz outside ±{drift}", r.state));
                    }
                }
                _ => note(
                    format!("{o} (amplitude {:.3})", r.radius[i]),
                    r.hz[i],
                    o.nominal_hz(),
                    &mut report,
                ),
            }
        }
        report += &format!(
            "{}: largest section-2.1 error {:+.2} % ({})\n",
            r.state,
            100.0 * worst.0,
            worst.1
        );
    }
    misses.extend(sr_misses);
    assert!(misses.is_empty(), "{misses:#?}\n{report}");
    report
}

/// A NORMAL run with `--sie-at`-style triggers at these seconds.
fn triggered(seconds: f64, at: &[f64]) -> (Run, usize) {
    let script = Script {
        triggers: at.iter().map(|s| (s * TICK_HZ) as u64).collect(),
        ..Script::default()
    };
    (run(ConsciousnessState::Normal, seconds, &script), at.len())
}

/// A NORMAL run with SR field bursts (start, length) in seconds.
fn field_bursts(seconds: f64, bursts: &[(f64, f64)]) -> (Run, usize) {
    let script = Script {
        bursts: bursts
            .iter()
            .map(|&(a, l)| ((a * TICK_HZ) as u64, ((a + l) * TICK_HZ) as u64))
            .collect(),
        ..Script::default()
    };
    (
        run(ConsciousnessState::Normal, seconds, &script),
        bursts.len(),
    )
}

// ---------------------------------------------------------------------------------------------
// Default tests (CI)
// ---------------------------------------------------------------------------------------------

#[test]
fn without_an_sr_field_events_are_rare_and_irregular_in_every_state() {
    println!("{}", check_spontaneous_events(default_states()));
}

#[test]
fn scripted_events_run_the_table_show_at_the_dac_and_synchronise() {
    // Three triggers 40 s apart (an event and its refractory period take 31.5 s).
    let (r, n) = triggered(120.0, &[5.0, 45.0, 85.0]);
    let mut report = String::new();
    check_scripted(&r, n, true, &mut report);
    println!("{report}");
}

#[test]
fn an_sr_field_burst_starts_one_event_coherence_first() {
    // Two 7 s bursts of a 1.0 field at 7.6 Hz, at 5 s and 45 s: one event each (the re-arm
    // hysteresis stops a second while a field lasts). A burst ends before its event's PLATEAU, so
    // the f0 band there shows the event, not the field; one event alone varies by ±2 dB.
    let (r, n) = field_bursts(80.0, &[(5.0, 7.0), (45.0, 7.0)]);
    let mut report = String::new();
    check_scripted(&r, n, false, &mut report);
    let rise = r.coherence_rise[0].expect("the smoothed coherence rose first") as f64 / TICK_HZ;
    let start = r.events[0].start_s;
    report +=
        &format!("burst at 5 s: coherence above 0.85 at {rise:.2} s, event at {start:.2} s\n");
    assert!(rise >= 5.0 && start > rise && start < 15.0, "{report}");
    println!("{report}");
}

#[test]
fn the_states_differ_at_the_dac_and_keep_the_slope() {
    println!("{}", check_states_differ(default_states()));
}

#[test]
fn every_state_holds_the_section_2_frequency_table() {
    println!("{}", check_frequencies(default_states()));
}

// ---------------------------------------------------------------------------------------------
// Full length (opt-in)
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "ten simulated minutes per case (about 30 s in release); run on demand, see README"]
fn full_length_figures() {
    let runs = states(600.0);
    println!("{}", check_spontaneous_events(&runs));
    println!("{}", check_states_differ(&runs));
    // Ten minutes of triggers at irregular intervals (35-55 s apart).
    let at: Vec<f64> = [
        5.0, 45.0, 82.0, 130.0, 166.0, 210.0, 260.0, 300.0, 347.0, 390.0,
    ]
    .into_iter()
    .chain([435.0, 480.0, 520.0, 560.0])
    .collect();
    let (r, n) = triggered(600.0, &at);
    let mut report = String::new();
    check_scripted(&r, n, true, &mut report);
    // Ten minutes of 7 s field bursts at irregular times (each ends before its event's PLATEAU).
    let (r, n) = field_bursts(
        600.0,
        &[
            (5.0, 7.0),
            (70.0, 7.0),
            (150.0, 7.0),
            (262.0, 7.0),
            (330.0, 7.0),
            (450.0, 7.0),
            (540.0, 7.0),
        ],
    );
    check_scripted(&r, n, true, &mut report);
    let starts: Vec<f64> = r.events.iter().map(|e| e.start_s).collect();
    let iv: Vec<f64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    report += &format!("field-burst event starts {starts:.2?}, intervals {iv:.2?}\n");
    assert!(
        iv.windows(2).any(|w| (w[0] - w[1]).abs() > 1.0),
        "timer-like\n{report}"
    );
    println!("{report}");
    // Last, so that every other figure is measured first. Over ten minutes two oscillators miss
    // 2 %: the sensory column's L2/3 in ANESTHESIA (slow gamma, amplitude 0.059) at -2.44 % and
    // the association column's L6 in PSYCHEDELIC (amplitude 0.356) at -4.04 %; the misses are
    // reported, not hidden (docs/decisions.md), and this test fails on them.
    println!("{}", check_frequencies(&runs));
}
