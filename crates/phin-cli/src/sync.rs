//! `phin sync`: the layer synchronization protocol (crates/phin-sync, docs/sync.md) on the live
//! processor. Runs `--seconds` after a 2 s warm-up with the `--fault`s injected, and writes
//! report.json (per heartbeat: skew, consensus outcome, faults detected, corrections; the PLLs,
//! the golden-ratio coupling and waves with their chance levels) and sync.png (skew over time
//! with the 1 ms line and the unsynchronized control; phase error per layer with the 5° margin)
//! into `--out`, through a temporary directory renamed into place.
//!
//! The speed of the run against the bare processor on the same inputs is printed (not written:
//! report.json holds only what the configuration and seed determine, so equal runs give equal
//! bytes).

use crate::args::{check_real, parse_state, UserError};
use crate::files::OutDir;
use crate::plots::register_font;
use crate::progress::Progress;
use clap::Args;
use phin_core::constants::TICK_HZ;
use phin_core::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_sync::{Fault, SyncConfig, SyncEngine, SyncReport, NUM_LAYERS};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Longest run, simulated seconds: one day.
const MAX_SECONDS: f64 = 86_400.0;
/// Warm-up before the protocol starts, ticks (2 s: the oscillators have grown).
const WARMUP: u64 = 8_000;
/// Ticks of bare processor timed for the speed ratio (at most; 10 simulated seconds).
const BARE_TICKS: u64 = 40_000;
/// Size of sync.png in pixels.
const PNG_SIZE: (u32, u32) = (1_200, 900);

/// Arguments of `phin sync`.
#[derive(Args)]
#[command(after_help = "\
FAULT is LAYER:KIND[=VALUE] with LAYER 0..=8 (0 = 40 Hz … 8 = 0.85 Hz) and KIND drift=PPM, \
silent, stuck or byzantine[=MS] (largest lie, ms). The config file holds the source document's \
[layer_sync] block and the protocol's [protocol] table (docs/sync.md); missing keys take their \
defaults.")]
pub struct SyncArgs {
    /// TOML configuration ([layer_sync] and [protocol]); defaults when omitted.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Simulated seconds after the 2 s warm-up (0 < S <= 86400).
    #[arg(long, default_value_t = 60.0, allow_negative_numbers = true)]
    seconds: f64,
    /// A fault, LAYER:KIND[=VALUE]; repeat for several layers.
    #[arg(long = "fault")]
    faults: Vec<String>,
    /// Write report.json and sync.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
    /// Consciousness state: normal, anesthesia, psychedelic, flow, meditation (or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Seed of the protocol's generator (Byzantine lies, surrogates).
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = crate::args::ranged(0, u64::MAX))]
    seed: u64,
    /// Run the control: clocks and heartbeat measure, nothing corrects.
    #[arg(long)]
    no_sync: bool,
}

/// Runs `phin sync`.
pub fn sync(a: SyncArgs) -> Result<ExitCode, UserError> {
    let seconds = check_real("--seconds", a.seconds, 0.0, MAX_SECONDS, true)?;
    let state = parse_state("--state", &a.state)?;
    let config = match &a.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| UserError(format!("--config {}: {e}", path.display())))?;
            SyncConfig::from_toml(&text)
                .map_err(|e| UserError(format!("--config {}: {e}", path.display())))?
        }
        None => SyncConfig::default(),
    };
    let faults = a
        .faults
        .iter()
        .map(|f| Fault::parse(f, config.protocol.byzantine_default_ms))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| UserError(format!("--{e}")))?;
    let mut engine = SyncEngine::new(config, &faults, a.seed)
        .map_err(|e| UserError(e.to_string()))?
        .with_sync(!a.no_sync);
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let inputs = PhiNNeuralProcessorInputs::builder()
        .state(state)
        .build()
        .map_err(|e| UserError(e.to_string()))?;
    let mut p = PhiNNeuralProcessor::default();
    for _ in 0..WARMUP {
        p.tick(&inputs);
    }
    let ticks = (seconds * TICK_HZ).round().max(1.0) as u64;

    // The bare processor on the same inputs, timed first.
    let mut bare = p.clone();
    let n_bare = ticks.min(BARE_TICKS);
    let t0 = Instant::now();
    for _ in 0..n_bare {
        bare.tick(&inputs);
    }
    let bare_rate = n_bare as f64 / t0.elapsed().as_secs_f64().max(1e-9);
    std::hint::black_box(&bare);

    let bar = Progress::new(ticks);
    let t0 = Instant::now();
    for t in 1..=ticks {
        p.tick(&inputs);
        engine.observe(p.probe());
        if t % 65_536 == 0 {
            bar.update(t);
            crate::interrupt::check()?;
        }
    }
    let rate = ticks as f64 / t0.elapsed().as_secs_f64().max(1e-9);
    bar.finish();

    let report = SyncReport::from_engine(&engine);
    let s = &report.summary;
    println!(
        "phin sync: {seconds} s ({} heartbeats, {} rounds), largest skew {:.4} ticks = {:.5} ms \
         (tolerance {} ticks; unsynchronized control {:.2} ticks), failed rounds {}, bound \
         violations {}, drift trims {}, flags per layer {:?}",
        s.heartbeats,
        s.rounds,
        s.max_skew_ticks,
        s.max_skew_ms,
        s.tolerance_ticks,
        s.control_skew_ticks,
        s.failed_rounds,
        s.bound_violations,
        s.drift_corrections,
        s.flags
    );
    println!(
        "speed: {rate:.0} ticks/s with the protocol, {bare_rate:.0} ticks/s bare, ratio {:.2}",
        rate / bare_rate
    );
    if let Some(out) = out {
        std::fs::write(out.file("report.json"), report.to_json())
            .map_err(|e| UserError(format!("--out {}: {e}", out.dir().display())))?;
        draw(&out.file("sync.png"), &report)?;
        let dir = out.dir().to_path_buf();
        out.commit(&["report.json", "sync.png"])?;
        println!("wrote {}/report.json and sync.png", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A line colour per layer (fast to slow).
fn layer_colour(k: usize) -> plotters::style::RGBColor {
    const C: [(u8, u8, u8); NUM_LAYERS] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (23, 190, 207),
    ];
    let (r, g, b) = C[k];
    plotters::style::RGBColor(r, g, b)
}

/// sync.png: the skew of the correct clocks over time (log scale, ms) with the 1 ms tolerance
/// and the unsynchronized control; below it each layer's phase error at every heartbeat with the
/// ±5° margin.
fn draw(path: &Path, r: &SyncReport) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let hb = &r.heartbeats;
    let t_end = hb.last().map_or(1.0, |h| h.tick as f64 / TICK_HZ).max(0.1);
    let ms = |ticks: f64| ticks / TICK_HZ * 1e3;
    // Skews below this are drawn on the axis (after a predictive trim the skew can be 0).
    let floor = 1e-6;
    let tol_ms = r.config.layer_sync.drift_tolerance_ms;
    let top = hb
        .iter()
        .map(|h| ms(h.skew_ticks.max(h.control_skew_ticks)))
        .fold(tol_ms * 10.0, f64::max);

    let root = BitMapBackend::new(path, PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (upper, lower) = root.split_vertically(PNG_SIZE.1 / 2);

    let mut chart = ChartBuilder::on(&upper)
        .caption(
            format!(
                "phin sync: skew of the correct layers ({} faults, {})",
                r.faults.len(),
                if r.sync_enabled {
                    "synchronized"
                } else {
                    "control, no sync"
                }
            ),
            ("sans-serif", 22),
        )
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(75)
        .build_cartesian_2d(0.0..t_end, (floor..top).log_scale())
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("time (s)")
        .y_desc("skew (ms, log; below 1e-6 drawn at 1e-6)")
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    let pts = |f: &dyn Fn(&phin_sync::HeartbeatRecord) -> f64| -> Vec<(f64, f64)> {
        hb.iter()
            .map(|h| (h.tick as f64 / TICK_HZ, f(h).max(floor)))
            .collect()
    };
    chart
        .draw_series(LineSeries::new(pts(&|h| ms(h.skew_ticks)), &BLUE))
        .map_err(|x| e(&x))?
        .label("skew, synchronized")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLUE));
    let grey = RGBColor(120, 120, 120);
    chart
        .draw_series(LineSeries::new(pts(&|h| ms(h.control_skew_ticks)), grey))
        .map_err(|x| e(&x))?
        .label("unsynchronized control")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], grey));
    chart
        .draw_series(LineSeries::new(
            [(0.0, tol_ms), (t_end, tol_ms)],
            BLACK.stroke_width(2),
        ))
        .map_err(|x| e(&x))?
        .label(format!("drift tolerance {tol_ms} ms"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;

    let margin = r.config.layer_sync.phase_margin_degrees;
    let span = hb
        .iter()
        .flat_map(|h| h.phase_error_deg.iter().map(|v| v.abs()))
        .fold(2.0 * margin, f64::max)
        .min(180.0);
    let mut chart = ChartBuilder::on(&lower)
        .caption(
            "phase error of each layer against its own reference, at every heartbeat",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(75)
        .build_cartesian_2d(0.0..t_end, -span..span)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("time (s)")
        .y_desc("phase error (degrees)")
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    for (k, rung) in r.ladder.iter().enumerate() {
        let c = layer_colour(k);
        chart
            .draw_series(LineSeries::new(
                hb.iter()
                    .map(|h| (h.tick as f64 / TICK_HZ, h.phase_error_deg[k])),
                c,
            ))
            .map_err(|x| e(&x))?
            .label(format!("{k}: {:.2} Hz ({})", rung.rung_hz, rung.follows))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], c));
    }
    for m in [margin, -margin] {
        let s = chart
            .draw_series(LineSeries::new(
                [(0.0, m), (t_end, m)],
                BLACK.stroke_width(2),
            ))
            .map_err(|x| e(&x))?;
        if m > 0.0 {
            s.label(format!("±{margin}° margin"))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 12))
        .draw()
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
