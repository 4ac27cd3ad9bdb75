//! `phin biomind task`: neuromodulated agents (crates/phin-biomind, docs/biomind.md) on a
//! behavioural task, each bound to its own live processor (or with `--ablate processor`, none),
//! all agents on all cores. Writes into `--out`, through a temporary directory renamed into place:
//!
//! - `trials.tsv`: the trial table in hBayesDM's format (`subjID, choice, outcome`, plus `cue,
//!   keyPressed` for go/no-go);
//! - `report.json`: every endpoint with its 95 % interval and chance level, the agent beside
//!   Q-learning and the blueprint's TD(λ) actor-critic on the same task streams;
//! - `learning.png`: P(correct) — over trials, and aligned to reversals — agent against
//!   Q-learning with 95 % bands (go/no-go: accuracy per cue; Pavlovian: the dopamine responses);
//! - `nt.png`: DA, NE, 5-HT and ACh of agent 1 over time with trial markers.
//!
//! report.json holds only what the parameters and seed determine (equal runs give equal bytes);
//! the wall time and the speed against the bare processor are printed.

use crate::args::{in_range, UserError};
use crate::files::OutDir;
use crate::plots::register_font;
use crate::progress::Progress;
use clap::{Args, Subcommand};
use phin_biomind::nt::Nt;
use phin_biomind::record::{trial_table, TrialRecord};
use phin_biomind::report::{Curve, Report};
use phin_biomind::run::run_sessions;
use phin_biomind::session::{Ablation, NtSample, Session, SessionParams};
use phin_biomind::tasks::{GngCue, TaskKind, TaskParams};
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Most agents in one run.
const MAX_AGENTS: i64 = 10_000;
/// Most trials per agent.
const MAX_TRIALS: i64 = 100_000;
/// NT trace of agent 1, one sample every this many seconds.
const TRACE_EVERY_S: f64 = 0.01;
/// Seconds of each window of nt.png.
const NT_WINDOW_S: f64 = 20.0;
/// Ticks of bare processor timed for the speed ratio (50 simulated seconds, about 0.2 CPU s: the
/// CPU clock counts in 10 ms steps).
const BARE_TICKS: u64 = 200_000;
/// Pixel sizes.
const LEARNING_PNG: (u32, u32) = (1_200, 900);
const NT_PNG: (u32, u32) = (1_500, 1_000);

/// Arguments of `phin biomind`.
#[derive(Args)]
pub struct BiomindArgs {
    #[command(subcommand)]
    cmd: BiomindCmd,
}

#[derive(Subcommand)]
enum BiomindCmd {
    /// Run neuromodulated agents on a behavioural task (report.json, trials.tsv, learning.png,
    /// nt.png).
    Task(TaskArgs),
    /// Run the part-2 mind (workspace, critic, affect, memory, PFC in one loop) on the live
    /// processor through a scenario (report.json, workspace.png, nt.png, learning.png).
    Run(RunArgs),
    /// Run part 3's body around the learner on the bandit, on the live processor, with
    /// scheduled stressors (report.json, body.png).
    Body(crate::biomind_body::BodyArgs),
    /// Compute part 3's dynamical indices of the five states with their surrogate baselines
    /// and Cohen's d (indices.json, indices.png).
    Indices(crate::biomind_indices::IndicesArgs),
}

pub use crate::biomind_run::RunArgs;

/// Arguments of `phin biomind task`.
#[derive(Args)]
#[command(after_help = "\
TASK is bandit (two arms, 0.8/0.2), reversal (80/20, reversal at 9 of 10 correct, 90/10 after), \
gonogo (GW, GAL, NGW, NGAL, 80 % valid feedback) or pavlovian (cue, reward 1 s later, omission \
probes). --ablate nt holds the neuromodulators' effects at their setpoints; --ablate processor \
runs without the processor (internal theta clock). --params FILE takes every constant from a JSON \
SessionParams (docs/biomind.md); --task, --trials and --seed override it.")]
pub struct TaskArgs {
    /// The task: bandit, reversal, gonogo or pavlovian.
    #[arg(long)]
    task: String,
    /// Agents, each with its own processor (1..=10000).
    #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
    agents: i64,
    /// Trials per agent (1..=100000; default: the task's, 200 / 200 / 240 / 100).
    #[arg(long, allow_negative_numbers = true)]
    trials: Option<i64>,
    /// Switch off the neuromodulation (nt) or the processor (processor).
    #[arg(long)]
    ablate: Option<String>,
    /// Seed of every random stream (task, agents, warm-ups); a non-negative integer.
    #[arg(long, default_value = "1", allow_negative_numbers = true)]
    seed: String,
    /// Every parameter from a JSON file (a SessionParams).
    #[arg(long)]
    params: Option<PathBuf>,
    /// Write report.json, trials.tsv, learning.png and nt.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
}

/// Runs `phin biomind …`.
pub fn biomind(a: BiomindArgs) -> Result<ExitCode, UserError> {
    match a.cmd {
        BiomindCmd::Task(t) => task(t),
        BiomindCmd::Run(r) => crate::biomind_run::run(r),
        BiomindCmd::Body(b) => crate::biomind_body::body(b),
        BiomindCmd::Indices(i) => crate::biomind_indices::indices(i),
    }
}

fn task(a: TaskArgs) -> Result<ExitCode, UserError> {
    let kind: TaskKind = a.task.parse().map_err(|_| {
        UserError(format!(
            "--task {:?}: allowed bandit, reversal, gonogo, pavlovian",
            a.task
        ))
    })?;
    let agents = in_range("--agents", a.agents, 1, MAX_AGENTS)? as u32;
    let seed: u64 = a.seed.trim().parse().map_err(|_| {
        UserError(format!(
            "--seed {:?}: not a non-negative integer (0..=18446744073709551615)",
            a.seed
        ))
    })?;
    let ablation = match &a.ablate {
        None => Ablation::None,
        Some(s) => match s.trim().to_ascii_lowercase().as_str() {
            "nt" => Ablation::Nt,
            "processor" => Ablation::Processor,
            _ => return Err(UserError(format!("--ablate {s:?}: allowed nt, processor"))),
        },
    };
    let mut base = match &a.params {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| UserError(format!("--params {}: {e}", path.display())))?;
            let mut p: SessionParams = serde_json::from_str(&text)
                .map_err(|e| UserError(format!("--params {}: {e}", path.display())))?;
            if p.task.kind != kind {
                p.task = TaskParams {
                    kind,
                    ..TaskParams::for_kind(kind)
                };
            }
            p.seed = seed;
            p.subject = 1;
            p
        }
        None => SessionParams::new(TaskParams::for_kind(kind), seed, 1),
    };
    if let Some(t) = a.trials {
        base.task.trials = in_range("--trials", t, 1, MAX_TRIALS)? as u32;
    }
    base.nt_trace_every_s = None;
    base.validate().map_err(|e| {
        UserError(format!(
            "{}{e}",
            if a.params.is_some() { "--params: " } else { "" }
        ))
    })?;
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let params: Vec<SessionParams> = (1..=agents)
        .map(|k| {
            let mut p = base.clone();
            p.subject = k;
            if k == 1 {
                p.nt_trace_every_s = Some(TRACE_EVERY_S);
            }
            p
        })
        .collect();
    let expected: u64 = params.iter().map(SessionParams::expected_ticks).sum();

    let bare_rate = (ablation != Ablation::Processor).then(bare_rate);
    let bar = Progress::new(expected);
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let sessions = run_sessions(params, ablation, |ticks, _| bar.update(ticks.min(expected)))
        .map_err(|e| UserError(e.to_string()))?;
    let wall = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    bar.finish();
    let ticks: u64 = sessions.iter().map(Session::ticks).sum();

    let report = Report::build(&base, ablation, &sessions).map_err(|e| UserError(e.to_string()))?;
    print_summary(&report);
    let threads = rayon::current_num_threads();
    let what = if bare_rate.is_some() {
        "processor ticks"
    } else {
        "ticks (no processor)"
    };
    print!(
        "speed: {agents} agents, {ticks} {what} in {wall:.1} s wall ({:.2} M/s, {threads} threads)",
        ticks as f64 / wall.max(1e-9) / 1e6
    );
    match (cpu, bare_rate) {
        (Some(cpu), Some(b)) if cpu > 0.0 => println!(
            "; {cpu:.1} CPU s = {:.2} cores busy; {:.2} M ticks per CPU second against the bare \
             processor's {:.2} M: ratio {:.2}",
            cpu / wall.max(1e-9),
            ticks as f64 / cpu / 1e6,
            b / 1e6,
            ticks as f64 / cpu / b
        ),
        (Some(cpu), None) if cpu > 0.0 => {
            println!("; {cpu:.1} CPU s = {:.2} cores busy", cpu / wall.max(1e-9))
        }
        _ => println!(),
    }

    if let Some(out) = out {
        let records: Vec<TrialRecord> =
            sessions.iter().flat_map(|s| s.records().to_vec()).collect();
        let w = |name: &str, bytes: &[u8]| {
            std::fs::write(out.file(name), bytes)
                .map_err(|e| UserError(format!("--out {}: {e}", out.dir().display())))
        };
        w("trials.tsv", trial_table(kind, &records).as_bytes())?;
        let json = serde_json::to_string_pretty(&report).map_err(|e| UserError(e.to_string()))?;
        w("report.json", json.as_bytes())?;
        draw_learning(&out.file("learning.png"), &report, &sessions)?;
        draw_nt(&out.file("nt.png"), &sessions[0])?;
        let dir = out.dir().to_path_buf();
        out.commit(&["report.json", "trials.tsv", "learning.png", "nt.png"])?;
        println!(
            "wrote {}/report.json, trials.tsv, learning.png and nt.png",
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// CPU seconds this process has used (all threads), from /proc/self/stat (Linux; the kernel's
/// USER_HZ of 100 per second); None elsewhere. A busy machine stretches wall time, not CPU time.
fn cpu_seconds() -> Option<f64> {
    proc_cpu_seconds("/proc/self/stat")
}

/// CPU seconds of the calling thread (/proc/thread-self/stat).
fn thread_cpu_seconds() -> Option<f64> {
    proc_cpu_seconds("/proc/thread-self/stat")
}

fn proc_cpu_seconds(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    let f: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The bare processor's ticks per second on one thread (NORMAL, no input), per CPU second of
/// the thread where /proc tells it (so a busy machine does not slow it), else per wall second.
fn bare_rate() -> f64 {
    let mut p = PhiNNeuralProcessor::default();
    let i = PhiNNeuralProcessorInputs::default();
    let c0 = thread_cpu_seconds();
    let t = Instant::now();
    for _ in 0..BARE_TICKS {
        p.tick(&i);
    }
    std::hint::black_box(&p);
    let wall = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(c0).map(|(b, a)| b - a);
    BARE_TICKS as f64 / cpu.filter(|c| *c > 0.0).unwrap_or(wall).max(1e-9)
}

fn ci(e: &phin_biomind::stats::Estimate) -> String {
    format!("{:.3} [{:.3}, {:.3}]", e.mean, e.lo, e.hi)
}

fn print_summary(r: &Report) {
    println!(
        "phin biomind: {} agents × {} trials of {}{}, seed {}",
        r.agents,
        r.trials,
        r.task,
        match r.ablation {
            Ablation::None => String::new(),
            Ablation::Nt => ", neuromodulation ablated".into(),
            Ablation::Processor => ", processor ablated".into(),
        },
        r.seed
    );
    let choice = |name: &str, c: &phin_biomind::report::ChoiceSummary| {
        println!(
            "  {name:<11} P(correct) {} (chance 0.5), win-stay {:.3}, lose-shift {:.3}",
            ci(&c.p_correct),
            c.win_stay.mean,
            c.lose_shift.mean
        );
        if r.task == TaskKind::Reversal {
            println!(
                "  {:<11} trials to criterion {} ({:.0} % reached), reversals {}, perseverative \
                 errors per reversal {}",
                "",
                ci(&c.trials_to_criterion),
                100.0 * c.reached_criterion,
                ci(&c.reversals),
                ci(&c.perseverative_per_reversal)
            );
        }
    };
    if let Some(c) = &r.agent.choice {
        choice("agent", c);
    }
    if let Some(c) = r.q_learning.as_ref().and_then(|q| q.choice.as_ref()) {
        choice("Q-learning", c);
    }
    if let Some(c) = r.td_lambda.as_ref().and_then(|q| q.choice.as_ref()) {
        choice("TD(λ) AC", c);
    }
    if let Some(g) = &r.agent.gng {
        let acc: Vec<String> = g
            .cues
            .iter()
            .zip(&g.accuracy)
            .map(|(c, e)| format!("{c} {:.3}", e.mean))
            .collect();
        println!(
            "  agent accuracy {} (chance 0.5); GW − NGW {} (Pavlovian bias; chance 0)",
            acc.join(", "),
            ci(&g.go_to_win_minus_nogo_to_win)
        );
    }
    if let Some(p) = &r.agent.pavlovian {
        println!(
            "  DA: first burst {}; trained cue/first {}; trained reward/first {}; omission dip/first \
             {} at {} s (due {} s)",
            ci(&p.first_burst),
            ci(&p.cue_ratio),
            ci(&p.reward_ratio),
            ci(&p.dip_ratio),
            ci(&p.dip_time_s),
            p.expected_time_s
        );
    }
}

pub(crate) type Chart<'a, 'b> = plotters::chart::ChartContext<
    'a,
    plotters::backend::BitMapBackend<'b>,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// Draws `c` as a line with its 95 % band (the band clipped to the chart's y range).
pub(crate) fn band(
    chart: &mut Chart<'_, '_>,
    c: &Curve,
    colour: plotters::style::RGBColor,
    label: &str,
    y: (f64, f64),
    err: &dyn Fn(&dyn std::fmt::Display) -> UserError,
) -> Result<(), UserError> {
    use plotters::prelude::*;
    let clip = |v: f64| v.clamp(y.0, y.1);
    let ok = |k: usize| c.mean[k].is_finite() && c.lo[k].is_finite() && c.hi[k].is_finite();
    let idx: Vec<usize> = (0..c.x.len()).filter(|&k| ok(k)).collect();
    let mut poly: Vec<(f64, f64)> = idx.iter().map(|&k| (c.x[k], clip(c.hi[k]))).collect();
    poly.extend(idx.iter().rev().map(|&k| (c.x[k], clip(c.lo[k]))));
    if poly.len() >= 3 {
        chart
            .draw_series(std::iter::once(Polygon::new(
                poly,
                colour.mix(0.2).filled(),
            )))
            .map_err(|x| err(&x))?;
    }
    chart
        .draw_series(LineSeries::new(
            idx.iter().map(|&k| (c.x[k], c.mean[k])),
            colour.stroke_width(2),
        ))
        .map_err(|x| err(&x))?
        .label(label.to_string())
        .legend(move |(x, yy)| PathElement::new([(x, yy), (x + 20, yy)], colour.stroke_width(2)));
    Ok(())
}

pub(crate) fn chance_line(
    chart: &mut Chart<'_, '_>,
    x: (f64, f64),
    level: f64,
    label: &str,
    err: &dyn Fn(&dyn std::fmt::Display) -> UserError,
) -> Result<(), UserError> {
    use plotters::prelude::*;
    let grey = RGBColor(40, 40, 40);
    chart
        .draw_series(LineSeries::new(
            [(x.0, level), (x.1, level)],
            grey.stroke_width(2),
        ))
        .map_err(|e| err(&e))?
        .label(label.to_string())
        .legend(move |(a, b)| PathElement::new([(a, b), (a + 20, b)], grey));
    Ok(())
}

pub(crate) fn legend<'a, 'b>(
    chart: &mut Chart<'a, 'b>,
    at: plotters::chart::SeriesLabelPosition,
    err: &dyn Fn(&dyn std::fmt::Display) -> UserError,
) -> Result<(), UserError>
where
    'b: 'a,
{
    use plotters::prelude::*;
    chart
        .configure_series_labels()
        .position(at)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|x| err(&x))
}

const AGENT_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(31, 119, 180);
const Q_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(214, 39, 40);

/// learning.png.
fn draw_learning(path: &Path, r: &Report, sessions: &[Session]) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, LEARNING_PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let n = r.agents;
    match r.task {
        TaskKind::Bandit | TaskKind::Reversal => {
            let (agent, q) = r.learning_curve.clone().unwrap_or_default();
            let panels: Vec<(String, Curve, Curve, &str)> = {
                let mut v = vec![(
                    format!("P(correct) per trial, {n} agents (9-trial running mean, 95 % band)"),
                    agent,
                    q,
                    "trial",
                )];
                if let Some((a, q)) = r.reversal_curve.clone() {
                    v.push((
                        "P(correct) aligned to reversals (0 = first trial after a reversal)".into(),
                        a,
                        q,
                        "trials from the reversal",
                    ));
                }
                v
            };
            let areas = root.split_evenly((panels.len(), 1));
            for ((title, a, q, xdesc), area) in panels.iter().zip(&areas) {
                let x0 = a.x.first().cloned().unwrap_or(0.0);
                let x1 = a.x.last().cloned().unwrap_or(1.0).max(x0 + 1.0);
                let mut chart = ChartBuilder::on(area)
                    .caption(title, ("sans-serif", 20))
                    .margin(12)
                    .x_label_area_size(45)
                    .y_label_area_size(65)
                    .build_cartesian_2d(x0..x1, 0.0..1.0)
                    .map_err(|x| e(&x))?;
                chart
                    .configure_mesh()
                    .x_desc(*xdesc)
                    .y_desc("P(correct choice)")
                    .x_label_formatter(&|v| format!("{v:.0}"))
                    .label_style(("sans-serif", 14))
                    .draw()
                    .map_err(|x| e(&x))?;
                chance_line(&mut chart, (x0, x1), 0.5, "chance 0.5", &e)?;
                band(
                    &mut chart,
                    q,
                    Q_COLOUR,
                    "Q-learning (α 0.3, β 2.5)",
                    (0.0, 1.0),
                    &e,
                )?;
                band(
                    &mut chart,
                    a,
                    AGENT_COLOUR,
                    "neuromodulated agent",
                    (0.0, 1.0),
                    &e,
                )?;
                if *xdesc != "trial" {
                    chart
                        .draw_series(LineSeries::new(
                            [(0.0, 0.0), (0.0, 1.0)],
                            BLACK.stroke_width(1),
                        ))
                        .map_err(|x| e(&x))?;
                }
                legend(&mut chart, SeriesLabelPosition::LowerRight, &e)?;
            }
        }
        TaskKind::GoNoGo => {
            // Accuracy per cue over that cue's presentations, in blocks of 10: the agent (with
            // its Pavlovian term) above, plain Q-learning on the same task streams below.
            let block = 10usize;
            let per_cue = (r.trials as usize).div_ceil(4);
            let blocks = per_cue.div_ceil(block).max(1);
            let subjects: Vec<u32> = sessions.iter().map(|s| s.params().subject).collect();
            let q = phin_biomind::report::q_learning_records(&r.params, &subjects)
                .map_err(|x| e(&x))?;
            let agent: Vec<Vec<TrialRecord>> =
                sessions.iter().map(|s| s.records().to_vec()).collect();
            let areas = root.split_evenly((2, 1));
            for (area, (name, recs)) in areas.iter().zip([
                (
                    format!(
                        "neuromodulated agent{}",
                        if r.params.agent.pavlovian {
                            " (Pavlovian term on)"
                        } else {
                            " (Pavlovian term off)"
                        }
                    ),
                    &agent,
                ),
                (
                    "Q-learning (α 0.3, β 2.5, no Pavlovian term)".to_string(),
                    &q,
                ),
            ]) {
                let mut chart = ChartBuilder::on(area)
                    .caption(
                        format!("go/no-go accuracy per cue, {n} agents: {name} (95 % band)"),
                        ("sans-serif", 18),
                    )
                    .margin(10)
                    .x_label_area_size(40)
                    .y_label_area_size(65)
                    .build_cartesian_2d(0.5..blocks as f64 + 0.5, 0.0..1.0)
                    .map_err(|x| e(&x))?;
                chart
                    .configure_mesh()
                    .x_desc(format!("block of {block} presentations of the cue"))
                    .x_label_formatter(&|v| format!("{v:.0}"))
                    .y_desc("accuracy")
                    .label_style(("sans-serif", 13))
                    .draw()
                    .map_err(|x| e(&x))?;
                chance_line(
                    &mut chart,
                    (0.5, blocks as f64 + 0.5),
                    0.5,
                    "chance 0.5",
                    &e,
                )?;
                let colours = [
                    RGBColor(44, 160, 44),
                    RGBColor(255, 127, 14),
                    RGBColor(31, 119, 180),
                    RGBColor(148, 103, 189),
                ];
                for (c, cue) in GngCue::ALL.iter().enumerate() {
                    let rows: Vec<Vec<f64>> = recs
                        .iter()
                        .map(|rs| {
                            let seq: Vec<f64> = rs
                                .iter()
                                .filter(|t| t.cue == c)
                                .map(|t| f64::from(u8::from(t.correct == Some(true))))
                                .collect();
                            seq.chunks(block)
                                .map(|b| b.iter().sum::<f64>() / b.len() as f64)
                                .collect()
                        })
                        .collect();
                    let curve = curve_of((1..=blocks).map(|b| b as f64).collect(), &rows);
                    band(&mut chart, &curve, colours[c], cue.name(), (0.0, 1.0), &e)?;
                }
                legend(&mut chart, SeriesLabelPosition::LowerRight, &e)?;
            }
        }
        TaskKind::Pavlovian => {
            let trials = r.trials as usize;
            let col = |f: &dyn Fn(&TrialRecord) -> Option<f64>| -> Vec<Vec<f64>> {
                sessions
                    .iter()
                    .map(|s| {
                        s.records()
                            .iter()
                            .map(|t| f(t).unwrap_or(f64::NAN))
                            .collect()
                    })
                    .collect()
            };
            let x: Vec<f64> = (1..=trials).map(|k| k as f64).collect();
            let cue = curve_of(x.clone(), &col(&|t| t.da.map(|d| d.cue)));
            let reward = curve_of(
                x.clone(),
                &col(&|t| (!t.omitted).then_some(()).and(t.da.map(|d| d.outcome))),
            );
            let dip = curve_of(
                x,
                &col(&|t| t.omitted.then_some(()).and(t.da.map(|d| d.omission_dip))),
            );
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    format!("dopamine in conditioning, {n} agents: the burst moves from the reward to the cue (95 % band)"),
                    ("sans-serif", 20),
                )
                .margin(12)
                .x_label_area_size(45)
                .y_label_area_size(65)
                .build_cartesian_2d(0.5..trials as f64 + 0.5, -0.8..0.6)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("trial")
                .y_desc("phasic DA (level − tonic − imperative, 0..1 units)")
                .x_label_formatter(&|v| format!("{v:.0}"))
                .label_style(("sans-serif", 14))
                .draw()
                .map_err(|x| e(&x))?;
            chance_line(
                &mut chart,
                (0.5, trials as f64 + 0.5),
                0.0,
                "baseline (no phasic response)",
                &e,
            )?;
            band(
                &mut chart,
                &cue,
                RGBColor(44, 160, 44),
                "response at the cue",
                (-0.8, 0.6),
                &e,
            )?;
            band(
                &mut chart,
                &reward,
                AGENT_COLOUR,
                "response at the reward",
                (-0.8, 0.6),
                &e,
            )?;
            let red = RGBColor(214, 39, 40);
            let pts: Vec<(f64, f64)> = dip
                .x
                .iter()
                .zip(&dip.mean)
                .filter(|(_, m)| m.is_finite())
                .map(|(x, m)| (*x, *m))
                .collect();
            for k in 0..dip.x.len() {
                if dip.lo[k].is_finite() && dip.hi[k].is_finite() {
                    chart
                        .draw_series(LineSeries::new(
                            [
                                (dip.x[k], dip.lo[k].max(-0.8)),
                                (dip.x[k], dip.hi[k].min(0.6)),
                            ],
                            red.stroke_width(2),
                        ))
                        .map_err(|x| e(&x))?;
                }
            }
            chart
                .draw_series(pts.iter().map(|p| Circle::new(*p, 6, red.filled())))
                .map_err(|x| e(&x))?
                .label("dip at an omitted reward (expected-time window)")
                .legend(move |(a, b)| Circle::new((a + 10, b), 5, red.filled()));
            legend(&mut chart, SeriesLabelPosition::LowerLeft, &e)?;
        }
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// A curve from per-agent rows (NaN entries skipped).
fn curve_of(x: Vec<f64>, rows: &[Vec<f64>]) -> Curve {
    let mut c = Curve {
        x,
        ..Default::default()
    };
    for j in 0..c.x.len() {
        let col: Vec<f64> = rows.iter().filter_map(|r| r.get(j).cloned()).collect();
        let est = phin_biomind::stats::Estimate::of(&col);
        c.mean.push(est.mean);
        c.lo.push(est.lo);
        c.hi.push(est.hi);
    }
    c
}

/// nt.png: agent 1's four levels (and tonic baselines) in two windows — the first seconds of
/// the session and a later window (around the first reversal, the first omission probe, or the
/// last trials) — with a marker at every cue onset and outcome.
fn draw_nt(path: &Path, s: &Session) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let trace = s.nt_trace();
    let recs = s.records();
    let timing = s.params().task.timing;
    let kind = s.params().task.kind;
    let end = trace.last().map_or(1.0, |t| t.t_s);
    // The later window: around the first reversal (reversal task) or the first omission probe
    // (Pavlovian), else the last seconds; `event` marks that trial's cue onset.
    let event = match kind {
        TaskKind::Reversal => recs
            .iter()
            .position(|r| r.reversal_after)
            .and_then(|k| recs.get(k + 1))
            .map(|r| (r.start_s, "first trial after the first reversal")),
        TaskKind::Pavlovian => recs
            .iter()
            .find(|r| r.omitted)
            .map(|r| (r.start_s, "first omission probe")),
        _ => None,
    };
    let later_start = match event {
        Some((t, _)) => (t - 0.4 * NT_WINDOW_S).max(0.0),
        None => (end - NT_WINDOW_S).max(0.0),
    };
    let windows = [
        (0.0, NT_WINDOW_S.min(end)),
        (later_start, (later_start + NT_WINDOW_S).min(end)),
    ];
    let outcome_time = |r: &TrialRecord| -> Option<f64> {
        let dt = match kind {
            TaskKind::Pavlovian => timing.outcome_delay_s,
            TaskKind::GoNoGo => timing.response_close_s + timing.outcome_delay_s,
            _ => timing.response_open_s + r.rt_s? + timing.outcome_delay_s,
        };
        Some(r.start_s + dt)
    };
    let root = BitMapBackend::new(path, NT_PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (title, body) = root.split_vertically(40);
    title
        .titled(
            &format!(
                "agent 1, {kind}: neuromodulator levels (solid) and tonic baselines (thin); grey = cue onset, \
                 green/red = win/loss outcome (blue: no outcome)"
            ),
            ("sans-serif", 18),
        )
        .map_err(|x| e(&x))?;
    let cells = body.split_evenly((4, 2));
    let colours = [
        RGBColor(31, 119, 180),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(44, 160, 44),
    ];
    for (i, nt) in Nt::ALL.iter().enumerate() {
        for (w, (t0, t1)) in windows.iter().enumerate() {
            let area = &cells[2 * i + w];
            let t1 = t1.max(t0 + 0.1);
            let pts = |f: &dyn Fn(&NtSample) -> f32| -> Vec<(f64, f64)> {
                trace
                    .iter()
                    .filter(|p| p.t_s >= *t0 && p.t_s <= t1)
                    .map(|p| (p.t_s, f64::from(f(p))))
                    .collect()
            };
            let caption = if w == 0 {
                format!("{} — first {:.0} s", nt.name(), t1 - t0)
            } else if let Some((_, what)) = event {
                format!("{} — {:.0}–{:.0} s (black: {what})", nt.name(), t0, t1)
            } else {
                format!("{} — {:.0}–{:.0} s (the last trials)", nt.name(), t0, t1)
            };
            let mut chart = ChartBuilder::on(area)
                .caption(caption, ("sans-serif", 15))
                .margin(6)
                .x_label_area_size(32)
                .y_label_area_size(50)
                .build_cartesian_2d(*t0..t1, 0.0..1.08)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("time after the warm-up (s)")
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| format!("{v:.1}"))
                .y_desc(format!("{} level", nt.name()))
                .label_style(("sans-serif", 11))
                .y_labels(5)
                .draw()
                .map_err(|x| e(&x))?;
            for r in recs.iter().filter(|r| r.start_s >= *t0 && r.start_s <= t1) {
                chart
                    .draw_series(LineSeries::new(
                        [(r.start_s, 0.0), (r.start_s, 1.0)],
                        RGBColor(170, 170, 170).stroke_width(1),
                    ))
                    .map_err(|x| e(&x))?;
                if let Some(t) = outcome_time(r).filter(|t| *t >= *t0 && *t <= t1) {
                    let c = if r.outcome > 0.0 {
                        RGBColor(40, 170, 40)
                    } else if r.outcome < 0.0 {
                        RGBColor(220, 40, 40)
                    } else {
                        RGBColor(60, 90, 220)
                    };
                    chart
                        .draw_series(LineSeries::new([(t, 0.0), (t, 0.12)], c.stroke_width(3)))
                        .map_err(|x| e(&x))?;
                }
            }
            if let Some((t, _)) = event.filter(|(t, _)| w == 1 && *t >= *t0 && *t <= t1) {
                chart
                    .draw_series(LineSeries::new(
                        [(t, 0.0), (t, 1.08)],
                        BLACK.stroke_width(2),
                    ))
                    .map_err(|x| e(&x))?;
            }
            chart
                .draw_series(LineSeries::new(
                    pts(&|p| p.tonic[i]),
                    colours[i].mix(0.5).stroke_width(1),
                ))
                .map_err(|x| e(&x))?;
            chart
                .draw_series(LineSeries::new(
                    pts(&|p| p.level[i]),
                    colours[i].stroke_width(2),
                ))
                .map_err(|x| e(&x))?;
        }
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
