//! `phin biomind body`: part 3's body (crates/phin-biomind/src/body.rs, docs/biomind.md
//! "Part 3") around part 1's learner on the two-armed bandit, on the live processor, for
//! `--seconds` simulated seconds with scheduled stressors. The processor rests in `--state`
//! (the state requested at middle arousal); the body's load and threat override raise NE, and NE
//! moves the processor to the high-arousal state through its state input.
//!
//! Writes into `--out`, through a temporary directory renamed into place: `report.json` (the
//! schedule, the load before, at the end of and after each stressor, the override's engagement
//! and release, the ticks spent requesting each state, and the 1 Hz trace of the body and the
//! transmitters) and `body.png` (plants, allostatic load, drives and the transmitters over time,
//! stressors shaded). Times are seconds from the start of the run, warm-up included.

use crate::args::{check_real, parse_state, UserError};
use crate::files::OutDir;
use crate::plots::register_font;
use crate::progress::Progress;
use clap::Args;
use phin_biomind::body::{parse_stressor, BodyParams, BodySample, Stressor, MODALITIES, UNITS};
use phin_biomind::nt::Nt;
use phin_biomind::session::{Session, SessionParams, Source};
use phin_biomind::tasks::{TaskKind, TaskParams};
use phin_biomind::time::{ticks, TICK_HZ};
use phin_core::identity::ConsciousnessState;
use phin_core::PhiNNeuralProcessor;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Longest run, s.
const MAX_SECONDS: f64 = 7_200.0;
/// Pixel size of body.png.
const BODY_PNG: (u32, u32) = (1_600, 1_200);

/// Arguments of `phin biomind body`.
#[derive(Args)]
#[command(after_help = "\
--stressor KIND@SECONDS[:DURATION] (repeatable): KIND exertion, fasting or heat, onset SECONDS \
from the start of the run (0 ≤ onset < --seconds), DURATION in seconds (default 60). Exertion \
raises heart rate and temperature and draws on glucose and energy; fasting lowers glucose and \
energy; heat raises temperature and heart rate (and engages the threat override).")]
pub struct BodyArgs {
    /// The state the processor rests in at middle arousal (normal, anesthesia, psychedelic,
    /// flow, meditation, or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Simulated seconds (1..=7200).
    #[arg(long, default_value_t = 600.0, allow_negative_numbers = true)]
    seconds: f64,
    /// A scheduled stressor, KIND@SECONDS[:DURATION]; repeatable.
    #[arg(long)]
    stressor: Vec<String>,
    /// Seed of every random stream (body noise, task, learner); a non-negative integer.
    #[arg(long, default_value = "1", allow_negative_numbers = true)]
    seed: String,
    /// Write report.json and body.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
}

/// One row of the 1 Hz trace.
#[derive(Serialize, Clone, Copy)]
struct Row {
    t_s: f64,
    body: BodySample,
    /// DA, NE, 5-HT, ACh levels (None before the warm-up ends).
    nt: Option<[f32; 4]>,
}

/// The load around one stressor.
#[derive(Serialize)]
struct StressorFigures {
    stressor: Stressor,
    load_total_before: Option<f64>,
    load_total_at_end: Option<f64>,
    /// L_total one L_long time constant after the stressor ends (None: the run ended first).
    load_total_one_tau_long_after: Option<f64>,
    peak_threat: f64,
    override_engaged_at_s: Option<f64>,
    override_released_at_s: Option<f64>,
}

#[derive(Serialize)]
struct BodyReport {
    format: &'static str,
    state: String,
    seconds: f64,
    seed: u64,
    warmup_s: f64,
    trials: usize,
    /// Seconds spent requesting each state, in state-code order (after the warm-up).
    seconds_requesting: Vec<(String, f64)>,
    stressors: Vec<StressorFigures>,
    body_params: BodyParams,
    trace: Vec<Row>,
}

/// Runs `phin biomind body`.
pub fn body(a: BodyArgs) -> Result<ExitCode, UserError> {
    let state = parse_state("--state", &a.state)?;
    let seconds = check_real("--seconds", a.seconds, 1.0, MAX_SECONDS, false)?;
    let seed: u64 = a.seed.trim().parse().map_err(|_| {
        UserError(format!(
            "--seed {:?}: not a non-negative integer (0..=18446744073709551615)",
            a.seed
        ))
    })?;
    let mut stressors = Vec::new();
    for s in &a.stressor {
        let st = parse_stressor(s).map_err(|e| {
            UserError(format!(
                "--stressor {s:?}: allowed KIND@SECONDS[:DURATION] with KIND exertion, fasting \
                 or heat and SECONDS ≥ 0 ({e})"
            ))
        })?;
        if st.at_s >= seconds {
            return Err(UserError(format!(
                "--stressor {s:?}: the onset must be before the end of the run (0 ≤ onset < \
                 --seconds {seconds})"
            )));
        }
        stressors.push(st);
    }
    let mut sp = SessionParams::new(TaskParams::for_kind(TaskKind::Bandit), seed, 1);
    sp.task.trials = 100_000; // the run ends on --seconds, not on trials (a trial lasts ≥ 1.7 s)
    sp.binding.arousal.mid_state = state;
    sp.nt_trace_every_s = Some(1.0);
    sp.body = Some(BodyParams {
        stressors,
        ..BodyParams::default()
    });
    sp.validate().map_err(|e| UserError(e.to_string()))?;
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let total = ticks(seconds);
    let mut session =
        Session::new(sp.clone(), Source::Live).map_err(|e| UserError(e.to_string()))?;
    let mut processor = PhiNNeuralProcessor::default();
    let bar = Progress::new(total);
    for t in 0..total {
        let i = session.tick(Some(processor.probe()));
        processor.tick(&i);
        if t % 40_000 == 0 {
            bar.update(t);
        }
    }
    bar.finish();

    let report = build_report(&session, &sp, state, seconds, seed);
    print_summary(&report);
    if let Some(out) = out {
        let json = serde_json::to_string_pretty(&report).map_err(|e| UserError(e.to_string()))?;
        std::fs::write(out.file("report.json"), json)
            .map_err(|e| UserError(format!("--out {}: {e}", out.dir().display())))?;
        draw_body(&out.file("body.png"), &report)?;
        let dir = out.dir().to_path_buf();
        out.commit(&["report.json", "body.png"])?;
        println!("wrote {}/report.json and body.png", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn build_report(
    s: &Session,
    sp: &SessionParams,
    state: ConsciousnessState,
    seconds: f64,
    seed: u64,
) -> BodyReport {
    let warmup_s = s.warmup_ticks() as f64 / TICK_HZ;
    let nt = s.nt_trace();
    let trace: Vec<Row> = s
        .body_trace()
        .iter()
        .map(|b| {
            let since = b.t_s - warmup_s;
            let nt = (since >= 0.0)
                .then(|| {
                    let k = since.round() as usize;
                    nt.get(k).map(|x| x.level)
                })
                .flatten();
            Row {
                t_s: b.t_s,
                body: *b,
                nt,
            }
        })
        .collect();
    let at = |t: f64| -> Option<f64> {
        trace
            .iter()
            .rev()
            .find(|r| r.t_s <= t)
            .filter(|_| t <= seconds)
            .map(|r| r.body.load_total)
    };
    let bp = sp.body.clone().unwrap_or_default();
    let stressors = bp
        .stressors
        .iter()
        .map(|st| {
            let end = st.at_s + st.duration_s;
            let during: Vec<&Row> = trace
                .iter()
                .filter(|r| r.t_s >= st.at_s && r.t_s < end)
                .collect();
            let engaged = trace
                .iter()
                .find(|r| r.t_s >= st.at_s && r.body.override_engaged)
                .map(|r| r.t_s);
            let released = engaged.and_then(|e| {
                trace
                    .iter()
                    .find(|r| r.t_s > e && !r.body.override_engaged)
                    .map(|r| r.t_s)
            });
            StressorFigures {
                stressor: *st,
                load_total_before: at(st.at_s - 1.0),
                load_total_at_end: at(end - 1.0),
                load_total_one_tau_long_after: at(end + bp.load_long_tau_s),
                peak_threat: during.iter().map(|r| r.body.threat).fold(0.0, f64::max),
                override_engaged_at_s: engaged.filter(|e| *e < end + 60.0),
                override_released_at_s: released,
            }
        })
        .collect();
    BodyReport {
        format: "phin-biomind-body",
        state: state.name().to_string(),
        seconds,
        seed,
        warmup_s,
        trials: s.records().len(),
        seconds_requesting: ConsciousnessState::ALL
            .iter()
            .map(|c| {
                (
                    c.name().to_string(),
                    s.state_ticks()[c.code() as usize] as f64 / TICK_HZ,
                )
            })
            .collect(),
        stressors,
        body_params: bp,
        trace,
    }
}

fn print_summary(r: &BodyReport) {
    let f = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.3}"));
    println!(
        "body: {:.0} s, resting state {}, {} bandit trials, warm-up {:.1} s",
        r.seconds, r.state, r.trials, r.warmup_s
    );
    for s in &r.stressors {
        println!(
            "  {}@{:.0}s for {:.0}s: L_total before {}, at the end {}, one τ_long after {}; peak threat {:.2}; override {}",
            s.stressor.kind.name(),
            s.stressor.at_s,
            s.stressor.duration_s,
            f(s.load_total_before),
            f(s.load_total_at_end),
            f(s.load_total_one_tau_long_after),
            s.peak_threat,
            match (s.override_engaged_at_s, s.override_released_at_s) {
                (Some(e), Some(x)) => format!("engaged {e:.0} s, released {x:.0} s"),
                (Some(e), None) => format!("engaged {e:.0} s, not released"),
                _ => "not engaged".to_string(),
            }
        );
    }
    let states: Vec<String> = r
        .seconds_requesting
        .iter()
        .filter(|(_, s)| *s > 0.0)
        .map(|(n, s)| format!("{n} {s:.0} s"))
        .collect();
    println!("  requested: {}", states.join(", "));
}

fn draw_body(path: &Path, r: &BodyReport) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, BODY_PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (title, body) = root.split_vertically(44);
    title
        .titled(
            &format!(
                "body, learner and processor (resting state {}, seed {}): stressors shaded \
                 (orange exertion, blue fasting, red heat), threat override in grey",
                r.state, r.seed
            ),
            ("sans-serif", 20),
        )
        .map_err(|x| e(&x))?;
    let cells = body.split_evenly((3, 2));
    let t_end = r.seconds.max(1.0);
    let tr = &r.trace;
    let blue = RGBColor(31, 119, 180);
    let red = RGBColor(214, 39, 40);
    let green = RGBColor(44, 160, 44);
    let purple = RGBColor(148, 103, 189);
    let orange = RGBColor(255, 127, 14);
    let shade = |k: &phin_biomind::body::StressorKind| match k {
        phin_biomind::body::StressorKind::Exertion => orange.mix(0.18),
        phin_biomind::body::StressorKind::Fasting => blue.mix(0.15),
        phin_biomind::body::StressorKind::Heat => red.mix(0.15),
    };
    type Series<'a> = Vec<(&'a str, RGBColor, Vec<(f64, f64)>)>;
    let panel = |area: &DrawingArea<BitMapBackend, plotters::coord::Shift>,
                 caption: String,
                 y_desc: &str,
                 series: Series<'_>,
                 width: u32|
     -> Result<(), UserError> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (_, _, pts) in &series {
            for (_, y) in pts {
                lo = lo.min(*y);
                hi = hi.max(*y);
            }
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.08).max(1e-3);
        let (lo, hi) = (lo - pad, hi + pad);
        let mut chart = ChartBuilder::on(area)
            .caption(caption, ("sans-serif", 20))
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..t_end, lo..hi)
            .map_err(|x| e(&x))?;
        chart
            .configure_mesh()
            .x_desc("time from the start of the run (s)")
            .y_desc(y_desc)
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 17))
            .y_labels(6)
            .x_labels(8)
            .draw()
            .map_err(|x| e(&x))?;
        for s in &r.body_params.stressors {
            let x1 = (s.at_s + s.duration_s).min(t_end);
            chart
                .draw_series([Rectangle::new(
                    [(s.at_s, lo), (x1, hi)],
                    shade(&s.kind).filled(),
                )])
                .map_err(|x| e(&x))?;
        }
        // The override, as grey bars along the bottom.
        let band = (hi - lo) * 0.04;
        chart
            .draw_series(tr.iter().filter(|r| r.body.override_engaged).map(|r| {
                Rectangle::new(
                    [(r.t_s, lo), (r.t_s + 1.0, lo + band)],
                    RGBColor(90, 90, 90).filled(),
                )
            }))
            .map_err(|x| e(&x))?;
        for (name, c, pts) in series {
            chart
                .draw_series(LineSeries::new(pts, c.stroke_width(width)))
                .map_err(|x| e(&x))?
                .label(name)
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], c.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|x| e(&x))?;
        Ok(())
    };
    let plant =
        |i: usize| -> Vec<(f64, f64)> { tr.iter().map(|r| (r.t_s, r.body.plant[i])).collect() };
    panel(
        &cells[0],
        "glucose and energy".into(),
        &format!("{} ({}), energy ×100 (%)", MODALITIES[0], UNITS[0]),
        vec![
            ("glucose (mg/dL)", blue, plant(0)),
            (
                "energy (% of store)",
                green,
                tr.iter()
                    .map(|r| (r.t_s, 100.0 * r.body.plant[3]))
                    .collect(),
            ),
        ],
        2,
    )?;
    panel(
        &cells[1],
        "heart rate".into(),
        "heart rate (bpm)",
        vec![("heart rate", red, plant(1))],
        2,
    )?;
    panel(
        &cells[2],
        "core temperature".into(),
        "temperature (°C)",
        vec![("temperature", orange, plant(2))],
        2,
    )?;
    let load = |f: fn(&BodySample) -> f64| -> Vec<(f64, f64)> {
        tr.iter().map(|r| (r.t_s, f(&r.body))).collect()
    };
    panel(
        &cells[3],
        "allostatic load (τ: L_short 30 s, L_long 300 s)".into(),
        "load (weighted normalised deviation)",
        vec![
            ("L_imm", RGBColor(150, 150, 150), load(|b| b.load_imm)),
            ("L_short", blue, load(|b| b.load_short)),
            ("L_long", purple, load(|b| b.load_long)),
            ("L_total", BLACK, load(|b| b.load_total)),
        ],
        2,
    )?;
    panel(
        &cells[4],
        "drives and threat".into(),
        "drive (dimensionless)",
        vec![
            ("hunger", blue, load(|b| b.hunger)),
            ("fatigue", green, load(|b| b.fatigue)),
            ("threat", red, load(|b| b.threat)),
            ("β factor", BLACK, load(|b| b.drive.beta_factor)),
        ],
        2,
    )?;
    let colours = [blue, red, purple, green];
    let nt_series: Series<'_> = Nt::ALL
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                n.name(),
                colours[i],
                tr.iter()
                    .filter_map(|r| r.nt.map(|l| (r.t_s, f64::from(l[i]))))
                    .collect(),
            )
        })
        .collect();
    panel(
        &cells[5],
        "neurotransmitters (1 s samples)".into(),
        "level (0–1)",
        nt_series,
        1, // thin: the 1 s samples jump, and thick steep segments overshoot in plotters
    )?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
