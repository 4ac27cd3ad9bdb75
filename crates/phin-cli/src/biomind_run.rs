//! `phin biomind run`: the part-2 mind (crates/phin-biomind, docs/biomind.md part 2) — global
//! workspace, critic, affect, hippocampal memory, PFC — in one loop on the live processor,
//! through a scenario:
//!
//! - `threat`: quiet, an injected threat over the middle third of the run, quiet again;
//! - `attentional-blink`: trials of two targets at random lags (0.1–0.9 s) among distractors;
//! - `reversal`: part 1's reversal learning with the mind around the learner, against part 1's
//!   learner alone and plain Q-learning (`--agents` each).
//!
//! Writes into `--out`, through a temporary directory renamed into place: `report.json`,
//! `workspace.png` (workspace activation of every slot and the ignitions over time), `nt.png`
//! (the four neuromodulators over time) and `learning.png` (the scenario's result: the threat
//! and affect timeline, the blink curve, or the learning curves).

use crate::args::{in_range, UserError};
use crate::biomind::{band, chance_line, legend, Chart};
use crate::files::OutDir;
use crate::plots::register_font;
use crate::progress::Progress;
use clap::Args;
use phin_biomind::critic::Override;
use phin_biomind::mind::{
    Mind, MindParams, MindSnapshot, ScenarioKind, N_SLOTS, SLOT_DISTRACTOR, SLOT_MEMORY, SLOT_T1,
    SLOT_T2, SLOT_THREAT,
};
use phin_biomind::mindtask::{compare_on_reversal, ReversalComparison};
use phin_biomind::nt::Nt;
use phin_biomind::report::{p_correct_curve, Curve};
use phin_biomind::tasks::{TaskKind, TaskParams};
use phin_biomind::time::{ticks, TICK_HZ};
use phin_core::PhiNNeuralProcessor;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Longest run, s.
const MAX_SECONDS: i64 = 3_600;
/// Pixel sizes.
const PNG: (u32, u32) = (1_400, 900);

/// Arguments of `phin biomind run`.
#[derive(Args)]
#[command(after_help = "\
SCENARIO is threat (an injected threat over the middle third of the run), attentional-blink \
(two targets at random lags of 0.1-0.9 s) or reversal (part 1's reversal learning with the mind \
around the learner, beside part 1's learner alone and Q-learning; the run is as many trials as \
fit in --seconds at the task's mean trial length). The outputs are described in docs/biomind.md, \
part 2.")]
pub struct RunArgs {
    /// The scenario: reversal, attentional-blink or threat.
    #[arg(long)]
    scenario: String,
    /// Simulated seconds (1..=3600; reversal: per agent).
    #[arg(long, default_value_t = 60, allow_negative_numbers = true)]
    seconds: i64,
    /// Agents per group (reversal only; 1..=100).
    #[arg(long, default_value_t = 4, allow_negative_numbers = true)]
    agents: i64,
    /// Seed of every random stream; a non-negative integer.
    #[arg(long, default_value = "1", allow_negative_numbers = true)]
    seed: String,
    /// Write report.json, workspace.png, nt.png and learning.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
}

/// The threat scenario's figures.
#[derive(Serialize)]
struct ThreatFigures {
    threat_from_s: f64,
    threat_to_s: f64,
    /// Ticks from the threat's onset to the first RETREAT.
    retreat_after_ticks: Option<u64>,
    /// Ticks from the onset until NE is 0.1 above its level just before.
    ne_rise_after_ticks: Option<u64>,
    ne_before: f64,
    ne_peak: f64,
    /// Critic cycles with an override before the threat (should be 0).
    override_cycles_before: u64,
    /// Critic cycles with an override, in all.
    override_cycles: u64,
    /// The affect's attractor at the end of the threat and at the end of the run.
    attractor_in_threat: String,
    attractor_at_end: String,
}

/// One lag of the blink curve.
#[derive(Serialize, Clone, Copy)]
struct LagRow {
    lag_s: f64,
    trials: u32,
    t1_rate: f64,
    t2_given_t1: f64,
    t2_given_t1_lo: f64,
    t2_given_t1_hi: f64,
}

#[derive(Serialize)]
struct MindFigures {
    ticks: u64,
    ignitions: usize,
    ignitions_per_s: f64,
    mean_occupancy: f64,
    max_occupancy: usize,
    learn_events: u64,
    episodes: usize,
    affect_escapes: u64,
    affect_transitions: u64,
    pfc_decisions: [u64; 3],
}

#[derive(Serialize)]
struct RunReport {
    format: &'static str,
    scenario: String,
    seconds: f64,
    seed: u64,
    mind: Option<MindFigures>,
    threat: Option<ThreatFigures>,
    blink: Option<Vec<LagRow>>,
    reversal: Option<ReversalComparison>,
    /// The acceptance reading of the scenario, in words, with the measured figures.
    verdict: String,
}

/// Wilson 95 % interval of k successes in n.
fn wilson(k: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n) = (f64::from(k), f64::from(n));
    let z = 1.96;
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

fn mind_figures(m: &Mind) -> MindFigures {
    let log = m.log();
    let occ: Vec<usize> = log.iter().map(|s| s.members.len()).collect();
    let mut pfc = [0u64; 3];
    for s in log {
        pfc[s.pfc.decision as usize] += 1;
    }
    let secs = m.ticks() as f64 / TICK_HZ;
    MindFigures {
        ticks: m.ticks(),
        ignitions: m.ignitions().len(),
        ignitions_per_s: m.ignitions().len() as f64 / secs.max(1e-9),
        mean_occupancy: occ.iter().sum::<usize>() as f64 / occ.len().max(1) as f64,
        max_occupancy: occ.iter().cloned().max().unwrap_or(0),
        learn_events: m.store().events(),
        episodes: m.store().episodes().len(),
        affect_escapes: m.affect().escapes(),
        affect_transitions: m.affect().transitions(),
        pfc_decisions: pfc,
    }
}

/// Runs `phin biomind run`.
pub fn run(a: RunArgs) -> Result<ExitCode, UserError> {
    let scenario = a.scenario.trim().to_string();
    if !["reversal", "attentional-blink", "threat"].contains(&scenario.as_str()) {
        return Err(UserError(format!(
            "--scenario {:?}: allowed reversal, attentional-blink, threat",
            a.scenario
        )));
    }
    let seconds = in_range("--seconds", a.seconds, 1, MAX_SECONDS)? as f64;
    let agents = in_range("--agents", a.agents, 1, 100)? as u32;
    let seed: u64 = a.seed.trim().parse().map_err(|_| {
        UserError(format!(
            "--seed {:?}: not a non-negative integer (0..=18446744073709551615)",
            a.seed
        ))
    })?;
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;
    let err = |e: phin_biomind::error::ParamError| UserError(e.to_string());

    let (report, mind, curves, window_from) = if scenario == "reversal" {
        let task = TaskParams::for_kind(TaskKind::Reversal);
        let one = phin_biomind::session::SessionParams::new(
            TaskParams {
                trials: 1,
                ..task.clone()
            },
            seed,
            1,
        );
        let per_trial = (one.expected_ticks() as f64 / TICK_HZ - 17.75).max(0.5);
        let trials = ((seconds / per_trial).floor() as u32).max(10);
        let bar = Progress::new(u64::from(agents));
        let (cmp, runs) =
            compare_on_reversal(agents, trials, seed, |k| bar.update(u64::from(k))).map_err(err)?;
        bar.finish();
        let ok = cmp.trials_to_criterion_ratio <= 1.05;
        let verdict = format!(
            "trials to criterion: full loop {:.1} against part 1 {:.1} (ratio {:.3}; acceptance \
             ≤ 1.05: {}); Q-learning {:.1}; {} agents × {} trials",
            cmp.full_loop.trials_to_criterion.mean,
            cmp.part1.trials_to_criterion.mean,
            cmp.trials_to_criterion_ratio,
            if ok { "met" } else { "not met" },
            cmp.q_learning.trials_to_criterion.mean,
            agents,
            trials
        );
        println!("phin biomind run reversal: {verdict}");
        let recf: Vec<Vec<_>> = runs
            .full
            .iter()
            .map(|t| t.session().records().to_vec())
            .collect();
        let curves = vec![
            (
                "part 1 learner".to_string(),
                p_correct_curve(&runs.part1, 9),
            ),
            ("full loop".to_string(), p_correct_curve(&recf, 9)),
            (
                "Q-learning".to_string(),
                p_correct_curve(&runs.q_learning, 9),
            ),
        ];
        let mind = runs.full[0].mind().clone();
        let from = runs.full[0].session().warmup_ticks() as f64 / TICK_HZ;
        let report = RunReport {
            format: "phin-biomind-mind-report",
            scenario: scenario.clone(),
            seconds,
            seed,
            mind: Some(mind_figures(&mind)),
            threat: None,
            blink: None,
            reversal: Some(cmp),
            verdict,
        };
        (report, mind, Some(curves), from)
    } else {
        let kind: ScenarioKind = scenario.parse().map_err(err)?;
        let mut p = MindParams::new(kind, seed);
        p.log_every_steps = 1;
        if kind == ScenarioKind::Threat {
            p.scenario.threat_from_s = seconds / 3.0;
            p.scenario.threat_to_s = 2.0 * seconds / 3.0;
        }
        let mut mind = Mind::new(p.clone()).map_err(err)?;
        let mut proc = PhiNNeuralProcessor::default();
        let n = ticks(seconds);
        let bar = Progress::new(n);
        let onset = ticks(p.scenario.threat_from_s);
        let mut ne_before = 0.0;
        let mut ne_peak: f64 = 0.0;
        let mut ne_rise = None;
        let mut overrides_before = 0;
        let mut attractor_in_threat = String::new();
        for t in 0..n {
            let i = mind.tick(Some(proc.probe()));
            proc.tick(&i);
            if kind == ScenarioKind::Threat {
                let ne = mind.nt().level(Nt::Ne);
                if t + 1 == onset {
                    ne_before = ne;
                    overrides_before = mind.critic().override_cycles();
                }
                if t >= onset && ne_rise.is_none() && ne >= ne_before + 0.1 {
                    ne_rise = Some(t - onset);
                }
                ne_peak = ne_peak.max(ne);
                if t + 1 == ticks(p.scenario.threat_to_s) {
                    attractor_in_threat = mind.affect().current_name().to_string();
                }
            }
            if (t + 1).is_multiple_of(40_000) {
                bar.update(t + 1);
            }
        }
        bar.finish();
        let mut report = RunReport {
            format: "phin-biomind-mind-report",
            scenario: scenario.clone(),
            seconds,
            seed,
            mind: Some(mind_figures(&mind)),
            threat: None,
            blink: None,
            reversal: None,
            verdict: String::new(),
        };
        if kind == ScenarioKind::Threat {
            let retreat = mind.retreat_tick().map(|r| r.saturating_sub(onset));
            let f = ThreatFigures {
                threat_from_s: p.scenario.threat_from_s,
                threat_to_s: p.scenario.threat_to_s,
                retreat_after_ticks: retreat,
                ne_rise_after_ticks: ne_rise,
                ne_before,
                ne_peak,
                override_cycles_before: overrides_before,
                override_cycles: mind.critic().override_cycles(),
                attractor_in_threat,
                attractor_at_end: mind.affect().current_name().to_string(),
            };
            report.verdict = format!(
                "threat at {:.1} s: RETREAT after {} ticks, NE +0.1 after {} ticks (acceptance ≤ 20, \
                 same critic cycle: {}); {} override cycles before the threat",
                f.threat_from_s,
                retreat.map_or("no".into(), |r| r.to_string()),
                ne_rise.map_or("no".into(), |r| r.to_string()),
                if retreat.is_some() && retreat == ne_rise {
                    "yes"
                } else {
                    "no"
                },
                f.override_cycles_before
            );
            report.threat = Some(f);
        } else {
            let lags = &p.scenario.lags_s;
            let rows: Vec<LagRow> = lags
                .iter()
                .map(|lag| {
                    let tr: Vec<_> = mind
                        .blink_trials()
                        .iter()
                        .filter(|t| (t.lag_s - lag).abs() < 1e-9)
                        .collect();
                    let n = tr.len() as u32;
                    let t1 = tr.iter().filter(|t| t.t1).count() as u32;
                    let t2 = tr.iter().filter(|t| t.t1 && t.t2).count() as u32;
                    let (lo, hi) = wilson(t2, t1);
                    LagRow {
                        lag_s: *lag,
                        trials: n,
                        t1_rate: f64::from(t1) / f64::from(n.max(1)),
                        t2_given_t1: f64::from(t2) / f64::from(t1.max(1)),
                        t2_given_t1_lo: lo,
                        t2_given_t1_hi: hi,
                    }
                })
                .collect();
            let min = rows
                .iter()
                .filter(|r| r.trials > 0)
                .min_by(|a, b| a.t2_given_t1.total_cmp(&b.t2_given_t1));
            report.verdict = match min {
                Some(m) => format!(
                    "{} trials; T2|T1 lowest at lag {:.1} s ({:.2}); at 0.7 s {:.2}, at 0.9 s {:.2} \
                     (acceptance: minimum at 0.2-0.5 s, recovered by 0.7 s)",
                    mind.blink_trials().len(),
                    m.lag_s,
                    m.t2_given_t1,
                    rows.iter().find(|r| (r.lag_s - 0.7).abs() < 1e-9).map_or(f64::NAN, |r| r.t2_given_t1),
                    rows.iter().find(|r| (r.lag_s - 0.9).abs() < 1e-9).map_or(f64::NAN, |r| r.t2_given_t1)
                ),
                None => "no trial finished: run longer".into(),
            };
            report.blink = Some(rows);
        }
        println!("phin biomind run {scenario}: {}", report.verdict);
        (report, mind, None, 0.0)
    };
    let m = report.mind.as_ref().expect("every scenario has a mind");
    println!(
        "  {} ignitions ({:.2}/s), mean occupancy {:.2} (max {}), {} CA3 learn events, {} episodes, \
         affect {} escapes / {} transitions",
        m.ignitions,
        m.ignitions_per_s,
        m.mean_occupancy,
        m.max_occupancy,
        m.learn_events,
        m.episodes,
        m.affect_escapes,
        m.affect_transitions
    );

    if let Some(out) = out {
        let json = serde_json::to_string_pretty(&report).map_err(|e| UserError(e.to_string()))?;
        std::fs::write(out.file("report.json"), json.as_bytes())
            .map_err(|e| UserError(format!("--out {}: {e}", out.dir().display())))?;
        let window = plot_window(&report, mind.log(), window_from);
        draw_workspace(
            &out.file("workspace.png"),
            mind.log(),
            mind.ignitions(),
            window,
            &report,
        )?;
        draw_nt(&out.file("nt.png"), mind.log(), window, &report)?;
        draw_result(
            &out.file("learning.png"),
            &report,
            mind.log(),
            curves.as_deref(),
        )?;
        let dir = out.dir().to_path_buf();
        out.commit(&["report.json", "workspace.png", "nt.png", "learning.png"])?;
        println!(
            "wrote {}/report.json, workspace.png, nt.png and learning.png",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The time window the timelines show: 20 s from `from` if given (reversal: the end of the
/// learner's warm-up); all of a short run; the threat and 5 s around it; the first 20 s
/// otherwise.
fn plot_window(r: &RunReport, log: &[MindSnapshot], from: f64) -> (f64, f64) {
    let end = log.last().map_or(1.0, |s| s.t_s);
    let w = match &r.threat {
        _ if from > 0.0 => (from, (from + 20.0).min(end)),
        Some(f) if end > 30.0 => (
            (f.threat_from_s - 5.0).max(0.0),
            (f.threat_to_s + 5.0).min(end),
        ),
        _ if end > 30.0 => (0.0, 20.0),
        _ => (0.0, end),
    };
    (w.0, w.1.max(w.0 + 0.1))
}

fn slot_name(k: usize) -> String {
    match k {
        SLOT_T1 => "T1 / item".into(),
        SLOT_T2 => "T2".into(),
        SLOT_THREAT => "threat".into(),
        SLOT_MEMORY => "memory recall".into(),
        d => format!("distractor {}", d - SLOT_DISTRACTOR + 1),
    }
}

const COLOURS: [plotters::style::RGBColor; 8] = [
    plotters::style::RGBColor(31, 119, 180),
    plotters::style::RGBColor(255, 127, 14),
    plotters::style::RGBColor(150, 150, 150),
    plotters::style::RGBColor(120, 120, 120),
    plotters::style::RGBColor(90, 90, 90),
    plotters::style::RGBColor(60, 60, 60),
    plotters::style::RGBColor(214, 39, 40),
    plotters::style::RGBColor(44, 160, 44),
];

fn mesh(
    chart: &mut Chart<'_, '_>,
    x: &str,
    y: &str,
    e: &dyn Fn(&dyn std::fmt::Display) -> UserError,
) -> Result<(), UserError> {
    chart
        .configure_mesh()
        .x_desc(x)
        .y_desc(y)
        .label_style(("sans-serif", 18))
        .axis_desc_style(("sans-serif", 20))
        .draw()
        .map_err(|x| e(&x))
}

/// workspace.png: every slot's workspace activation (top) and the number of items held with
/// the ignitions marked (bottom).
fn draw_workspace(
    path: &Path,
    log: &[MindSnapshot],
    ignitions: &[(u64, usize)],
    (t0, t1): (f64, f64),
    r: &RunReport,
) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (top, bottom) = root.split_vertically(560);
    let pts: Vec<&MindSnapshot> = log.iter().filter(|s| s.t_s >= t0 && s.t_s <= t1).collect();
    let ign: Vec<(f64, usize)> = ignitions
        .iter()
        .map(|(t, k)| (*t as f64 / TICK_HZ, *k))
        .filter(|(t, _)| *t >= t0 && *t <= t1)
        .collect();
    let mut chart = ChartBuilder::on(&top)
        .caption(
            format!(
                "{}: workspace activation per candidate slot (offset by slot; a member sits at ≈ 1 above its baseline)",
                r.scenario
            ),
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(55)
        .y_label_area_size(85)
        .build_cartesian_2d(t0..t1, 0.0..(N_SLOTS as f64 * 1.2 + 0.2))
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("time (s)")
        .y_desc("activation (0–1) + 1.2 × slot")
        .y_label_formatter(&|v| format!("{v:.1}"))
        .label_style(("sans-serif", 18))
        .axis_desc_style(("sans-serif", 20))
        .draw()
        .map_err(|x| e(&x))?;
    if let Some(f) = &r.threat {
        let red = RGBColor(214, 39, 40);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [
                    (f.threat_from_s.max(t0), 0.0),
                    (f.threat_to_s.min(t1), N_SLOTS as f64 * 1.2 + 0.2),
                ],
                red.mix(0.08).filled(),
            )))
            .map_err(|x| e(&x))?;
    }
    for (k, c) in COLOURS.iter().copied().enumerate().take(N_SLOTS) {
        let base = k as f64 * 1.2;
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|s| (s.t_s, base + s.activation[k])),
                c.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label(slot_name(k))
            .legend(move |(a, b)| PathElement::new([(a, b), (a + 20, b)], c.stroke_width(2)));
        chart
            .draw_series(
                ign.iter()
                    .filter(|(_, slot)| *slot == k)
                    .map(|(t, _)| TriangleMarker::new((*t, base + 1.1), 6, c.filled())),
            )
            .map_err(|x| e(&x))?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, &e)?;
    let mut chart = ChartBuilder::on(&bottom)
        .caption(
            "items held in the workspace (capacity 7); triangles above: ignitions",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(55)
        .y_label_area_size(85)
        .build_cartesian_2d(t0..t1, 0.0..8.0)
        .map_err(|x| e(&x))?;
    mesh(&mut chart, "time (s)", "items held", &e)?;
    let black = RGBColor(20, 20, 20);
    chart
        .draw_series(LineSeries::new(
            pts.iter().map(|s| (s.t_s, s.members.len() as f64)),
            black.stroke_width(2),
        ))
        .map_err(|x| e(&x))?;
    chart
        .draw_series(
            ign.iter()
                .map(|(t, k)| TriangleMarker::new((*t, 7.5), 5, COLOURS[*k].filled())),
        )
        .map_err(|x| e(&x))?;
    chance_line(&mut chart, (t0, t1), 7.0, "capacity K = 7", &e)?;
    legend(&mut chart, SeriesLabelPosition::UpperLeft, &e)?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// nt.png: the four neuromodulators over the window.
fn draw_nt(
    path: &Path,
    log: &[MindSnapshot],
    (t0, t1): (f64, f64),
    r: &RunReport,
) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let what = match &r.threat {
        Some(_) => " (red band: the injected threat)",
        None => "",
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "{}: neuromodulator levels, sampled every {:.2} s{what}",
                r.scenario,
                log.get(1)
                    .zip(log.first())
                    .map_or(0.0, |(b, a)| b.t_s - a.t_s)
            ),
            ("sans-serif", 22),
        )
        .margin(14)
        .x_label_area_size(50)
        .y_label_area_size(85)
        .build_cartesian_2d(t0..t1, 0.0..1.05)
        .map_err(|x| e(&x))?;
    mesh(&mut chart, "time (s)", "level (0–1)", &e)?;
    if let Some(f) = &r.threat {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [
                    (f.threat_from_s.max(t0), 0.0),
                    (f.threat_to_s.min(t1), 1.05),
                ],
                RGBColor(214, 39, 40).mix(0.08).filled(),
            )))
            .map_err(|x| e(&x))?;
    }
    let colours = [
        RGBColor(31, 119, 180),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(44, 160, 44),
    ];
    for (k, nt) in Nt::ALL.iter().enumerate() {
        let c = colours[k];
        chart
            .draw_series(LineSeries::new(
                log.iter()
                    .filter(|s| s.t_s >= t0 && s.t_s <= t1)
                    .map(|s| (s.t_s, s.nt[k])),
                c.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label(nt.name())
            .legend(move |(a, b)| PathElement::new([(a, b), (a + 20, b)], c.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, &e)?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// One named, coloured line of the threat timeline.
type Series<'a> = (
    &'a str,
    plotters::style::RGBColor,
    &'a dyn Fn(&MindSnapshot) -> f64,
);

/// learning.png: the scenario's result.
fn draw_result(
    path: &Path,
    r: &RunReport,
    log: &[MindSnapshot],
    curves: Option<&[(String, Curve)]>,
) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    if let Some(curves) = curves {
        let n = curves.iter().map(|c| c.1.x.len()).max().unwrap_or(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "reversal learning: P(correct) per trial (9-trial running mean, 95 % band over agents)",
                ("sans-serif", 20),
            )
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(85)
            .build_cartesian_2d(1.0..n.max(2.0), 0.0..1.0)
            .map_err(|x| e(&x))?;
        mesh(&mut chart, "trial", "P(correct choice)", &e)?;
        chance_line(&mut chart, (1.0, n.max(2.0)), 0.5, "chance 0.5", &e)?;
        let colours = [
            RGBColor(31, 119, 180),
            RGBColor(44, 160, 44),
            RGBColor(214, 39, 40),
        ];
        for ((name, c), col) in curves.iter().zip(colours) {
            band(&mut chart, c, col, name, (0.0, 1.0), &e)?;
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, &e)?;
    } else if let Some(rows) = &r.blink {
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "attentional blink on the full loop: P(T2 reported | T1 reported) by lag (95 % Wilson interval)",
                ("sans-serif", 20),
            )
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(85)
            .build_cartesian_2d(0.0..1.0, 0.0..1.05)
            .map_err(|x| e(&x))?;
        mesh(&mut chart, "T2 lag after T1 (s)", "report rate", &e)?;
        let blue = RGBColor(31, 119, 180);
        let grey = RGBColor(120, 120, 120);
        let ok: Vec<&LagRow> = rows.iter().filter(|r| r.trials > 0).collect();
        for row in &ok {
            chart
                .draw_series(LineSeries::new(
                    [
                        (row.lag_s, row.t2_given_t1_lo),
                        (row.lag_s, row.t2_given_t1_hi),
                    ],
                    blue.stroke_width(2),
                ))
                .map_err(|x| e(&x))?;
        }
        chart
            .draw_series(LineSeries::new(
                ok.iter().map(|r| (r.lag_s, r.t2_given_t1)),
                blue.stroke_width(3),
            ))
            .map_err(|x| e(&x))?
            .label("T2 | T1")
            .legend(move |(a, b)| PathElement::new([(a, b), (a + 20, b)], blue.stroke_width(3)));
        chart
            .draw_series(
                ok.iter()
                    .map(|r| Circle::new((r.lag_s, r.t2_given_t1), 6, blue.filled())),
            )
            .map_err(|x| e(&x))?;
        chart
            .draw_series(LineSeries::new(
                ok.iter().map(|r| (r.lag_s, r.t1_rate)),
                grey.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label("T1")
            .legend(move |(a, b)| PathElement::new([(a, b), (a + 20, b)], grey.stroke_width(2)));
        legend(&mut chart, SeriesLabelPosition::LowerRight, &e)?;
    } else {
        let (w0, w1) = plot_window(r, log, 0.0);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "threat: the critic's threat and override, and the affect's valence and arousal",
                ("sans-serif", 20),
            )
            .margin(14)
            .x_label_area_size(50)
            .y_label_area_size(85)
            .build_cartesian_2d(w0..w1, -1.05..1.05)
            .map_err(|x| e(&x))?;
        mesh(&mut chart, "time (s)", "value", &e)?;
        let pts: Vec<&MindSnapshot> = log.iter().filter(|s| s.t_s >= w0 && s.t_s <= w1).collect();
        // The override is drawn first, wide and grey, and the threat over it: the injected threat
        // is 1.0, the override's RETREAT level, and a thin line under another would vanish.
        let series: [(Series<'_>, u32); 4] = [
            (
                (
                    "override (0 EXECUTE, 0.5 REFLECT, 1 RETREAT)",
                    RGBColor(150, 150, 150),
                    &|s| match s.critic.decision {
                        Override::Execute => 0.0,
                        Override::Reflect => 0.5,
                        Override::Retreat => 1.0,
                    },
                ),
                7,
            ),
            (
                ("critic threat (0–1)", RGBColor(214, 39, 40), &|s| {
                    s.critic.threat
                }),
                2,
            ),
            (
                ("valence (−1–1)", RGBColor(31, 119, 180), &|s| s.valence),
                2,
            ),
            (("arousal (0–1)", RGBColor(255, 127, 14), &|s| s.arousal), 2),
        ];
        for ((name, c, f), width) in series {
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|s| (s.t_s, f(s))),
                    c.stroke_width(width),
                ))
                .map_err(|x| e(&x))?
                .label(name)
                .legend(move |(a, b)| {
                    PathElement::new([(a, b), (a + 20, b)], c.stroke_width(width))
                });
        }
        legend(&mut chart, SeriesLabelPosition::LowerLeft, &e)?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
