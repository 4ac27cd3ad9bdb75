//! `phin biomind indices`: part 3's dynamical indices (crates/phin-biomind/src/indices.rs,
//! docs/biomind.md "The dynamical indices") of the processor's five states, each on a named
//! signal beside its surrogate baseline, and which of them separate ANESTHESIA < NORMAL <
//! PSYCHEDELIC, with Cohen's d over 10-s windows.
//!
//! Writes into `--out`, through a temporary directory renamed into place: `indices.json` (the
//! parameters, `records` — one per index and state: value, SD, surrogate mean and 95th
//! percentile, …, a list of records pandas reads with `pd.DataFrame(j["records"])` —,
//! `separation` — one per index —, `window_values` and the signals identical in every state)
//! and `indices.png` (each index per state, its windows as dots, the surrogates' mean-to-p95
//! band shaded).

use crate::args::{ranged, UserError};
use crate::files::OutDir;
use crate::plots::register_font;
use crate::progress::Progress;
use clap::Args;
use phin_biomind::indices::{run_indices, IndicesParams, IndicesReport};
use phin_core::identity::ConsciousnessState;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Shortest and longest run per state, s (one window, two hours).
const SECONDS_RANGE: (f64, f64) = (10.0, 7_200.0);
/// Pixel size of indices.png.
const PNG: (u32, u32) = (2_000, 1_700);

/// Arguments of `phin biomind indices`.
#[derive(Args)]
#[command(after_help = "\
Each of the five states runs on its own processor from reset (10 s warm-up, then --seconds cut \
into 10-s windows), in parallel. Oscillators are sampled and the DAC averaged at 250 Hz; band \
power uses the DAC at 4 kHz. Every index is computed per window beside --surrogates seeded \
surrogates; a state's value is the mean over its windows.")]
pub struct IndicesArgs {
    /// Simulated seconds per state after the warm-up (10..=7200).
    #[arg(long, default_value_t = 600.0, allow_negative_numbers = true)]
    seconds: f64,
    /// Surrogates per index and window (1..=1000).
    #[arg(long, default_value_t = 19, allow_negative_numbers = true, value_parser = ranged(1, 1000))]
    surrogates: u64,
    /// Seed of the surrogates; a non-negative integer.
    #[arg(long, default_value = "1", allow_negative_numbers = true)]
    seed: String,
    /// Write indices.json and indices.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
}

/// Runs `phin biomind indices`.
pub fn indices(a: IndicesArgs) -> Result<ExitCode, UserError> {
    let (lo, hi) = SECONDS_RANGE;
    if !(a.seconds.is_finite() && a.seconds >= lo && a.seconds <= hi) {
        return Err(UserError(format!(
            "--seconds {} is out of range (allowed {lo} ..= {hi}: at least one 10-s window)",
            a.seconds
        )));
    }
    let seed: u64 = a.seed.trim().parse().map_err(|_| {
        UserError(format!(
            "--seed {:?}: not a non-negative integer (0..=18446744073709551615)",
            a.seed
        ))
    })?;
    let params = IndicesParams {
        seconds: a.seconds,
        surrogates: a.surrogates as usize,
        seed,
        ..IndicesParams::default()
    };
    params.validate().map_err(|e| UserError(e.to_string()))?;
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let states = ConsciousnessState::ALL.len() as u64;
    let bar = Progress::new(params.total_ticks() * states);
    let report =
        run_indices(&params, |done| bar.update(done)).map_err(|e| UserError(e.to_string()))?;
    bar.finish();
    crate::interrupt::check()?;

    print_summary(&report);
    if let Some(out) = out {
        out.write_json("indices.json", &report)?;
        draw(&out.file("indices.png"), &report)?;
        let dir = out.dir().to_path_buf();
        out.commit(&["indices.json", "indices.png"])?;
        println!("wrote {}/indices.json and indices.png", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(r: &IndicesReport) {
    println!(
        "indices: {} s per state in {} windows of {} s, {} surrogates each, seed {}",
        r.params.seconds,
        r.params.windows(),
        r.params.window_s,
        r.params.surrogates,
        r.params.seed
    );
    let d = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:+.2}"));
    for s in &r.separation {
        println!(
            "  {:<26} A {:<10.4e} N {:<10.4e} P {:<10.4e} d(A→N) {:>6} d(N→P) {:>6}  {}",
            s.index,
            s.mean_anesthesia,
            s.mean_normal,
            s.mean_psychedelic,
            d(s.d_anesthesia_normal),
            d(s.d_normal_psychedelic),
            if s.separates {
                format!("separates ({})", s.order)
            } else {
                "does not separate".to_string()
            }
        );
    }
    if !r.invariant_signals.is_empty() {
        println!(
            "  identical in every state (cannot separate states): {}",
            r.invariant_signals.join(", ")
        );
    }
}

fn draw(path: &Path, r: &IndicesReport) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let root = BitMapBackend::new(path, PNG).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (title, body) = root.split_vertically(48);
    title
        .titled(
            &format!(
                "dynamical indices per state ({} s per state, {}-s windows as dots, mean as bar; \
                 grey: surrogate mean to 95th percentile (band power: the flat-spectrum share); * separates A<N<P or A>N>P, |d| ≥ {})",
                r.params.seconds, r.params.window_s, r.params.separation_d
            ),
            ("sans-serif", 22),
        )
        .map_err(|x| e(&x))?;
    let n = r.separation.len();
    let cols = 5;
    let rows = n.div_ceil(cols);
    let cells = body.split_evenly((rows, cols));
    // Left to right in the order the separation is judged (ANESTHESIA, NORMAL, PSYCHEDELIC),
    // then the other two.
    let states = [
        ConsciousnessState::Anesthesia,
        ConsciousnessState::Normal,
        ConsciousnessState::Psychedelic,
        ConsciousnessState::Flow,
        ConsciousnessState::Meditation,
    ];
    let colours = [
        RGBColor(148, 103, 189),
        RGBColor(31, 119, 180),
        RGBColor(214, 39, 40),
        RGBColor(44, 160, 44),
        RGBColor(255, 127, 14),
    ];
    for (cell, sep) in cells.iter().zip(&r.separation) {
        let recs: Vec<_> = states
            .iter()
            .map(|s| {
                r.records
                    .iter()
                    .find(|x| x.index == sep.index && x.state == s.name())
            })
            .collect();
        let windows: Vec<(usize, f64)> = r
            .window_values
            .iter()
            .filter(|w| w.index == sep.index)
            .filter_map(|w| {
                states
                    .iter()
                    .position(|s| s.name() == w.state)
                    .map(|k| (k, w.value))
            })
            .collect();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &(_, v) in &windows {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        for rec in recs.iter().flatten() {
            lo = lo.min(rec.surrogate_mean);
            hi = hi.max(rec.surrogate_p95);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.1).max(hi.abs() * 1e-3).max(1e-9);
        let (lo, hi) = (lo - pad, hi + pad);
        let unit = recs
            .iter()
            .flatten()
            .next()
            .map_or(String::new(), |x| x.unit.clone());
        let caption = format!("{}{}", sep.index, if sep.separates { " *" } else { "" });
        let mut chart = ChartBuilder::on(cell)
            .caption(caption, ("sans-serif", 21))
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(84)
            .build_cartesian_2d(-0.5f64..4.5f64, lo..hi)
            .map_err(|x| e(&x))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(5)
            .x_label_formatter(&|x| {
                let k = x.round();
                if (x - k).abs() < 1e-6 && (0.0..5.0).contains(&k) {
                    states[k as usize].name()[..4].to_uppercase()
                } else {
                    String::new()
                }
            })
            .y_labels(5)
            .y_label_formatter(&|y| format!("{y:.3}"))
            .x_desc("state")
            .y_desc(unit)
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 18))
            .draw()
            .map_err(|x| e(&x))?;
        // Surrogate band per state.
        chart
            .draw_series(recs.iter().enumerate().filter_map(|(k, rec)| {
                rec.map(|rec| {
                    let x = k as f64;
                    Rectangle::new(
                        [
                            (x - 0.4, rec.surrogate_mean),
                            (
                                x + 0.4,
                                rec.surrogate_p95
                                    .max(rec.surrogate_mean + (hi - lo) * 0.005),
                            ),
                        ],
                        RGBColor(150, 150, 150).mix(0.45).filled(),
                    )
                })
            }))
            .map_err(|x| e(&x))?;
        // Windows as dots, spread a little sideways by their number.
        let per_state = r.params.windows().max(1) as f64;
        let mut seen = [0usize; 5];
        chart
            .draw_series(windows.iter().map(|&(k, v)| {
                let j = seen[k] as f64;
                seen[k] += 1;
                let x = k as f64 - 0.25 + 0.5 * j / per_state;
                Circle::new((x, v), 2, colours[k].mix(0.7).filled())
            }))
            .map_err(|x| e(&x))?;
        // The mean as a bar.
        chart
            .draw_series(recs.iter().enumerate().filter_map(|(k, rec)| {
                rec.map(|rec| {
                    let x = k as f64;
                    PathElement::new(
                        [(x - 0.38, rec.value), (x + 0.38, rec.value)],
                        BLACK.stroke_width(3),
                    )
                })
            }))
            .map_err(|x| e(&x))?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
