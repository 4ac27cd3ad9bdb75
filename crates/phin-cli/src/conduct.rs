//! `phin conduct`: phin-conductor's conductor beside a live processor. A phase-locked drive
//! holds one oscillator at a commanded offset from the conductor's reference clock, while
//! messages flow between the document's seven layers, gated by their coherence; optional
//! faults exercise the four failure detectors. Writes report.json (the whole report, every
//! metric beside its chance level), phase.png (commanded against achieved phase, and the error
//! over time) and flows.png (the flow along the 7×7 matrix's edges over time) into `--out`,
//! through a temporary directory renamed into place.

use crate::args::{check_real, parse_state, UserError};
use crate::files::OutDir;
use crate::plots::{register_font, viridis};
use crate::progress::Progress;
use clap::Args;
use phin_conductor::conductor::{run, ConductorParams, ConductorReport, SyncMeasure};
use phin_conductor::entrain::DrivePort;
use phin_conductor::failure::{FailureMode, Fault, FaultKind};
use phin_conductor::layers::ConductorLayer;
use phin_conductor::steering::{DriftParams, SteeringParams};
use phin_core::identity::Oscillator;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Longest run, simulated seconds: one hour.
const MAX_SECONDS: f64 = 3_600.0;

/// Arguments of `phin conduct`.
#[derive(Args)]
pub struct ConductArgs {
    /// The oscillator steered: theta, <column>.<layer> (motor.l4) or sr.<harmonic>.
    #[arg(long, default_value = "motor.l4")]
    target: String,
    /// Commanded phase offset from the reference clock, degrees (-360 … 360).
    #[arg(long, default_value_t = 90.0, allow_negative_numbers = true)]
    offset: f64,
    /// Simulated seconds (0 < S <= 3600; traffic and metrics start after a 3 s warm-up).
    #[arg(long, default_value_t = 30.0, allow_negative_numbers = true)]
    seconds: f64,
    /// Consciousness state: normal, anesthesia, psychedelic, flow, meditation (or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Seed of the traffic, the surrogate lags and the reference drift.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = crate::args::ranged(0, u64::MAX))]
    seed: u64,
    /// The port the steering drive goes to: sensory, sr_field.f0 … sr_field.f4, sr_broadband.
    #[arg(long, default_value = "sensory")]
    port: String,
    /// Let the reference clock's frequency wander as the processor's cortical drift does.
    #[arg(long)]
    drift: bool,
    /// Inject a fault: MODE@SECONDS, MODE one of desynchronization, chemical_imbalance,
    /// attention_fragmentation, layer_overload (repeatable).
    #[arg(long)]
    fault: Vec<String>,
    /// Detect failures but do not recover from them.
    #[arg(long)]
    no_recovery: bool,
    /// S in the flow equation: nm (windowed n:m coherence) or cos (the document's cos Δφ).
    #[arg(long, default_value = "nm")]
    sync: String,
    /// Write report.json, phase.png and flows.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
    /// Print the report as JSON on stdout instead of the text summary.
    #[arg(long)]
    json: bool,
}

/// `MODE@SECONDS` for a run of `seconds`.
fn parse_fault(text: &str, seconds: f64) -> Result<Fault, UserError> {
    let names: Vec<&str> = FailureMode::ALL.iter().map(|m| m.name()).collect();
    let bad = |why: String| UserError(format!("--fault {text:?}: {why}"));
    let (mode, at) = text.split_once('@').ok_or_else(|| {
        bad(format!(
            "expected MODE@SECONDS, MODE one of {}",
            names.join(", ")
        ))
    })?;
    let mode = FailureMode::ALL
        .into_iter()
        .find(|m| m.name() == mode.trim().to_ascii_lowercase())
        .ok_or_else(|| bad(format!("MODE is not one of {}", names.join(", "))))?;
    let at: f64 = at
        .trim()
        .parse()
        .map_err(|_| bad(format!("SECONDS {at:?} is not a number")))?;
    if !at.is_finite() || at < 0.0 || at >= seconds {
        return Err(bad(format!(
            "SECONDS = {at} is out of range (allowed [0, {seconds}))"
        )));
    }
    Ok(Fault {
        at_s: at,
        kind: FaultKind::default_for(mode),
    })
}

/// Runs `phin conduct`.
pub fn conduct(a: ConductArgs) -> Result<ExitCode, UserError> {
    let target: Oscillator = a
        .target
        .parse()
        .map_err(|e| UserError(format!("--target: {e}")))?;
    let offset = check_real("--offset", a.offset, -360.0, 360.0, false)?;
    let seconds = check_real("--seconds", a.seconds, 0.0, MAX_SECONDS, true)?;
    let state = parse_state("--state", &a.state)?;
    let port = DrivePort::parse(&a.port).map_err(|e| UserError(format!("--port: {e}")))?;
    let sync = match a.sync.trim().to_ascii_lowercase().as_str() {
        "nm" => SyncMeasure::NmCoherence,
        "cos" => SyncMeasure::RawCos,
        other => {
            return Err(UserError(format!(
                "--sync = {other:?} is not a measure (allowed: nm, cos)"
            )))
        }
    };
    let faults = a
        .fault
        .iter()
        .map(|f| parse_fault(f, seconds))
        .collect::<Result<Vec<_>, _>>()?;
    let params = ConductorParams {
        seed: a.seed,
        state,
        sync_measure: sync,
        steering: Some(SteeringParams {
            target,
            port,
            offset_deg: offset,
            drift: if a.drift {
                DriftParams::cortical()
            } else {
                DriftParams::OFF
            },
            ..SteeringParams::default()
        }),
        faults,
        recovery: !a.no_recovery,
        ..ConductorParams::default()
    };
    params.validate()?;
    // The output directory is checked (and its temporary sibling made) before the run.
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let ticks = phin_conductor::time::ticks(seconds);
    let bar = Progress::new(ticks);
    let report = run(&params, seconds, |done, _| bar.update(done))?;
    bar.finish();

    if let Some(out) = out {
        out.write_json("report.json", &report)?;
        draw_phase(&out.file("phase.png"), &report)?;
        draw_flows(&out.file("flows.png"), &report)?;
        let dir = out.dir().display().to_string();
        out.commit(&["report.json", "phase.png", "flows.png"])?;
        if !a.json {
            summary(&report);
            println!("wrote report.json, phase.png, flows.png into {dir}");
            return Ok(ExitCode::SUCCESS);
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        summary(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// The text summary.
fn summary(r: &ConductorReport) {
    println!(
        "conductor: {} for {} s (seed {}, warm-up {} s), S = {}",
        r.state,
        r.seconds,
        r.seed,
        r.warmup_s,
        match r.sync_measure {
            SyncMeasure::NmCoherence => "windowed n:m coherence",
            SyncMeasure::RawCos => "cos Δφ (the document's)",
        }
    );
    if let Some(s) = &r.steering {
        let lock = s
            .lock_time_s
            .map_or("not locked".to_string(), |t| format!("{t:.2} s"));
        println!(
            "  steering {} to {}° from the reference: mean error {:.1}°, spread {:.1}°, lock \
             time {lock}, {:.0} % of 100 ms windows within {}° (lead {:.1}°)",
            s.params.target,
            s.params.offset_deg,
            s.mean_error_deg,
            s.spread_deg,
            100.0 * s.locked_fraction,
            s.params.lock_tolerance_deg,
            s.lead_deg
        );
    }
    let m = &r.metrics;
    let line = |name: &str, b: &phin_conductor::conductor::Beside| {
        println!(
            "  {name:<26} {:>8.3}   chance {:>8.3}  ({})",
            b.value, b.chance, b.baseline
        );
    };
    line("flow efficiency", &m.flow_efficiency);
    line("hop pass rate", &m.hop_pass_rate);
    line("sync quality (n:m)", &m.sync_quality);
    line("sync quality (n:m)", &m.sync_quality_control);
    line("document's sync quality", &m.document_sync_quality);
    line("latency (s)", &m.latency_s);
    line("stability", &m.stability);
    println!(
        "  messages: {} sent, {} delivered, {} dropped blocked, {} dropped full, {} shed; \
         latency classes (reflexive, conscious, deliberative) {:?}",
        r.counters.sent,
        r.counters.delivered,
        r.counters.dropped_expired,
        r.counters.dropped_full,
        r.counters.shed,
        m.latency_classes
    );
    for c in &r.matrix_properties.contradictions {
        println!("  flow matrix: {c}");
    }
    for a in &r.alarms {
        println!(
            "  alarm {} at {:.3} s, cleared {}: {}",
            a.mode,
            a.raised_tick as f64 / phin_conductor::time::TICKS_PER_SECOND,
            a.cleared_tick.map_or("never".to_string(), |t| format!(
                "at {:.3} s",
                t as f64 / phin_conductor::time::TICKS_PER_SECOND
            )),
            a.detail
        );
    }
    for f in &r.faults {
        println!(
            "  fault {} at {} s: detected after {}, {} {:.3} before, recovered after {}",
            f.mode,
            f.fault.at_s,
            f.detected_after_ticks
                .map_or("never".to_string(), |t| format!("{t} ticks")),
            f.metric,
            f.pre_fault,
            f.recovered_after_s
                .map_or("never".to_string(), |t| format!("{t:.2} s"))
        );
    }
}

/// Size of phase.png, pixels.
pub const PHASE_PNG_SIZE: (u32, u32) = (1_100, 1_000);
/// Size of flows.png, pixels.
pub const FLOWS_PNG_SIZE: (u32, u32) = (1_300, 900);

/// Commanded against achieved phase (one point per 10 ms loop period; on the diagonal when
/// locked), and the error over time with the lock tolerance and the lock time.
fn draw_phase(path: &Path, r: &ConductorReport) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, PHASE_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (top, bottom) = root.split_vertically(560);
    let Some(s) = &r.steering else {
        root.present().map_err(|x| e(&x))?;
        return Ok(());
    };
    let blue = RGBColor(40, 90, 200);
    let red = RGBColor(220, 40, 40);
    let grey = RGBColor(150, 150, 150);
    let mut chart = ChartBuilder::on(&top)
        .caption(
            format!(
                "{} steered to {}° from the reference ({}, {} s)",
                s.params.target, s.params.offset_deg, r.state, r.seconds
            ),
            ("sans-serif", 22),
        )
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(-180.0..180.0, -180.0..180.0)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("commanded phase θref + offset (degrees)")
        .y_desc("achieved phase of the target (degrees)")
        .x_labels(9)
        .y_labels(9)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 16))
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(LineSeries::new([(-180.0, -180.0), (180.0, 180.0)], grey))
        .map_err(|x| e(&x))?;
    chart
        .draw_series(
            s.trace
                .iter()
                .map(|p| Circle::new((p.target_deg, p.achieved_deg), 2, blue.mix(0.35).filled())),
        )
        .map_err(|x| e(&x))?;

    let t_end = s.trace.last().map_or(1.0, |p| p.t_s).max(0.01);
    let mut chart = ChartBuilder::on(&bottom)
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(0.0..t_end, -180.0..180.0)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("time (s)")
        .y_desc("phase error, 10 ms mean (degrees)")
        .y_labels(9)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 16))
        .draw()
        .map_err(|x| e(&x))?;
    let tol = s.params.lock_tolerance_deg;
    for y in [-tol, tol] {
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, y), (t_end, y)],
                6,
                4,
                grey.stroke_width(1),
            ))
            .map_err(|x| e(&x))?;
    }
    chart
        .draw_series(LineSeries::new(
            s.trace.iter().map(|p| (p.t_s, p.error_deg)),
            blue.stroke_width(1),
        ))
        .map_err(|x| e(&x))?
        .label("error")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], blue));
    if let Some(t) = s.lock_time_s {
        chart
            .draw_series(LineSeries::new(
                [(t, -180.0), (t, 180.0)],
                red.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label(format!("locked from {t:.2} s"))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], red));
    }
    chart
        .draw_series(std::iter::once(Text::new(
            format!(
                "mean {:.1}°, spread {:.1}° after {} s; dashed: ±{tol}°",
                s.mean_error_deg, s.spread_deg, s.settle_s
            ),
            (t_end * 0.02, 165.0),
            ("sans-serif", 15).into_font().color(&BLACK),
        )))
        .map_err(|x| e(&x))?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .border_style(BLACK)
        .background_style(WHITE.mix(0.8))
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// The messages transmitted along every edge of the flow matrix, per second (a heat map of
/// edges against time), beside the document's matrix entry and the measured share of the
/// source's transmissions.
fn draw_flows(path: &Path, r: &ConductorReport) -> Result<(), UserError> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let edges: Vec<(ConductorLayer, ConductorLayer)> = ConductorLayer::ALL
        .iter()
        .flat_map(|&a| r.matrix.successors(a).into_iter().map(move |b| (a, b)))
        .collect();
    let frames = &r.flow_frames;
    let peak = frames
        .iter()
        .flat_map(|f| {
            edges
                .iter()
                .map(|(a, b)| f.transmissions[a.index()][b.index()])
        })
        .max()
        .unwrap_or(0)
        .max(1) as f64;

    let root = BitMapBackend::new(path, FLOWS_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let title = ("sans-serif", 22)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(
        format!(
            "Flow along the 7×7 matrix's edges ({}, {} s; traffic from {} s)",
            r.state, r.seconds, r.warmup_s
        ),
        (FLOWS_PNG_SIZE.0 as i32 / 2, 12),
        title,
    ))
    .map_err(|x| e(&x))?;
    let (left, right) = root.split_horizontally(980);
    let n = edges.len() as f64;
    let t_end = frames.last().map_or(1.0, |f| f.t_s).max(1.0);
    let mut chart = ChartBuilder::on(&left)
        .margin_top(50)
        .margin_left(10)
        .margin_right(10)
        .x_label_area_size(50)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..t_end, 0.0..n)
        .map_err(|x| e(&x))?;
    let labels: Vec<String> = edges.iter().map(|(a, b)| format!("{a} → {b}")).collect();
    let lab = labels.clone();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("time (s)")
        .y_desc("edge (source → target)")
        .y_labels(edges.len() * 2 + 1)
        .y_label_formatter(&move |y| {
            let k = (n - y - 0.5).round();
            if (y.fract() - 0.5).abs() < 1e-6 && k >= 0.0 && (k as usize) < lab.len() {
                lab[k as usize].clone()
            } else {
                String::new()
            }
        })
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 16))
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(frames.iter().flat_map(|f| {
            edges.iter().enumerate().map(move |(k, (a, b))| {
                let v = f64::from(f.transmissions[a.index()][b.index()]) / peak;
                let y = n - 1.0 - k as f64;
                Rectangle::new([(f.t_s - 1.0, y), (f.t_s, y + 1.0)], viridis(v).filled())
            })
        }))
        .map_err(|x| e(&x))?;

    // Right: the document's m_ij and the measured share, and the colour bar.
    let (cols, bar) = right.split_horizontally(180);
    let mut side = ChartBuilder::on(&cols)
        .margin_top(50)
        .x_label_area_size(50)
        .build_cartesian_2d(0.0..2.0, 0.0..n)
        .map_err(|x| e(&x))?;
    side.configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(3)
        .x_label_formatter(&|_: &f64| String::new())
        .x_desc("document M | share")
        .axis_desc_style(("sans-serif", 15))
        .draw()
        .map_err(|x| e(&x))?;
    side.draw_series(edges.iter().enumerate().flat_map(|(k, (a, b))| {
        let y = n - 1.0 - k as f64;
        let m = r.matrix.get(*a, *b);
        let s = r.flow_shares[a.index()][b.index()];
        [
            Rectangle::new([(0.0, y), (1.0, y + 1.0)], viridis(m).filled()),
            Rectangle::new([(1.0, y), (2.0, y + 1.0)], viridis(s).filled()),
        ]
    }))
    .map_err(|x| e(&x))?;
    side.draw_series(edges.iter().enumerate().flat_map(|(k, (a, b))| {
        let y = n - 1.0 - k as f64 + 0.5;
        let m = r.matrix.get(*a, *b);
        let s = r.flow_shares[a.index()][b.index()];
        let ink = |v: f64| if v > 0.6 { BLACK } else { WHITE };
        [
            Text::new(
                format!("{m:.1}"),
                (0.3, y + 0.25),
                ("sans-serif", 12).into_font().color(&ink(m)),
            ),
            Text::new(
                format!("{s:.2}"),
                (1.2, y + 0.25),
                ("sans-serif", 12).into_font().color(&ink(s)),
            ),
        ]
    }))
    .map_err(|x| e(&x))?;

    let mut cb = ChartBuilder::on(&bar)
        .margin_top(50)
        .margin_bottom(50)
        .margin_left(12)
        .margin_right(60)
        .right_y_label_area_size(50)
        .build_cartesian_2d(0.0..1.0, 0.0..peak)
        .map_err(|x| e(&x))?;
    cb.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_desc("messages per second (left); M and share: 0 … 1")
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    let steps = 100;
    cb.draw_series((0..steps).map(|k| {
        let (y0, y1) = (k as f64 / steps as f64, (k + 1) as f64 / steps as f64);
        Rectangle::new(
            [(0.0, y0 * peak), (1.0, y1 * peak)],
            viridis((y0 + y1) / 2.0).filled(),
        )
    }))
    .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_bad_ones_name_the_range() {
        let f = parse_fault("layer_overload@5.5", 30.0).unwrap();
        assert_eq!(f.at_s, 5.5);
        assert_eq!(f.kind.mode(), FailureMode::LayerOverload);
        let e = parse_fault("chemical_imbalance@30", 30.0).unwrap_err().0;
        assert!(
            e.contains("SECONDS = 30 is out of range (allowed [0, 30))"),
            "{e}"
        );
        let e = parse_fault("panic@3", 30.0).unwrap_err().0;
        assert!(e.contains("MODE is not one of desynchronization"), "{e}");
        assert!(parse_fault("desynchronization", 30.0).is_err());
    }
}
