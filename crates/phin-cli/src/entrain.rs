//! `phin entrain`: the Arnold tongue of one oscillator. A sine (or a pulse train) on one input
//! port over a grid of drive frequencies and amplitudes, one processor per grid point on every
//! core (phin-conductor's entrainment engine on the driven batch), and the phase-locking value
//! between the drive and the oscillator at each point, beside the drive-off control at each
//! frequency. Writes arnold.json and arnold.png into `--out`, through a temporary directory
//! renamed into place.

use crate::args::{check_real, parse_state, UserError};
use crate::files::OutDir;
use crate::plots::{register_font, viridis};
use crate::progress::Progress;
use clap::Args;
use phin_conductor::entrain::{range, DrivePort, EntrainGrid, EntrainRun, Waveform};
use phin_core::control::Q14_MAX;
use phin_core::identity::Oscillator;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Longest run per grid point, simulated seconds.
const MAX_SECONDS: f64 = 600.0;
/// Most grid points (a 33 × 21 grid is 693).
const MAX_POINTS: usize = 20_000;
/// Highest drive frequency, Hz (half the 4 kHz tick).
const MAX_HZ: f64 = 2_000.0;

/// Arguments of `phin entrain`.
#[derive(Args)]
pub struct EntrainArgs {
    /// The oscillator measured: theta, <column>.<layer> (motor.l4) or sr.<harmonic>.
    #[arg(long, default_value = "motor.l4")]
    osc: String,
    /// Drive frequencies LO:HI:STEP, Hz (0 < LO <= HI <= 2000, STEP > 0).
    #[arg(long, default_value = "28:36:0.25")]
    freq: String,
    /// Drive amplitudes LO:HI:STEP (0 <= LO <= HI <= 7.99, STEP > 0; 1.0 = full scale).
    #[arg(long, default_value = "0:2:0.1")]
    amp: String,
    /// Consciousness state: normal, anesthesia, psychedelic, flow, meditation (or 0-4).
    #[arg(long, default_value = "normal")]
    state: String,
    /// Simulated seconds per grid point (0 < S <= 600), of which --settle are not measured.
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    seconds: f64,
    /// Seconds at the start of each point not measured (0 <= settle < seconds).
    #[arg(long, default_value_t = 2.0, allow_negative_numbers = true)]
    settle: f64,
    /// The port driven: sensory, sr_field.f0 … sr_field.f4, sr_broadband.
    #[arg(long, default_value = "sensory")]
    port: String,
    /// A pulse train of this duty cycle (0 < D <= 1) instead of a sine.
    #[arg(long, allow_negative_numbers = true)]
    pulse: Option<f64>,
    /// Write arnold.json and arnold.png into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out directory that holds another phin run's files (as a whole).
    #[arg(long)]
    force: bool,
    /// Print the run as JSON on stdout instead of the text report.
    #[arg(long)]
    json: bool,
}

/// `LO:HI:STEP` (or a single value) checked against `[min, max]`, as the grid's values.
fn parse_range(flag: &str, text: &str, min: f64, max: f64) -> Result<Vec<f64>, UserError> {
    let bad = || {
        UserError(format!(
            "{flag} = {text:?} is out of range (allowed LO:HI:STEP with {min} <= LO <= HI <= \
             {max} and STEP > 0)"
        ))
    };
    let parts: Vec<&str> = text.split(':').collect();
    let nums: Vec<f64> = match parts.len() {
        1 => vec![parts[0].trim().parse().map_err(|_| bad())?; 2]
            .into_iter()
            .chain([1.0])
            .collect(),
        3 => parts
            .iter()
            .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
            .collect::<Result<_, _>>()?,
        _ => return Err(bad()),
    };
    let (lo, hi, step) = (nums[0], nums[1], nums[2]);
    let ok = [lo, hi, step].iter().all(|v| v.is_finite())
        && lo >= min
        && hi <= max
        && lo <= hi
        && step > 0.0;
    if !ok {
        return Err(bad());
    }
    let v = range(lo, hi, step);
    if v.is_empty() || v.len() > MAX_POINTS {
        return Err(UserError(format!(
            "{flag} = {text:?} gives {} values (allowed 1..={MAX_POINTS})",
            v.len()
        )));
    }
    Ok(v)
}

/// Runs `phin entrain`.
pub fn entrain(a: EntrainArgs) -> Result<ExitCode, UserError> {
    let osc: Oscillator = a
        .osc
        .parse()
        .map_err(|e| UserError(format!("--osc: {e}")))?;
    let freqs = parse_range("--freq", &a.freq, f64::MIN_POSITIVE, MAX_HZ)?;
    let amps = parse_range("--amp", &a.amp, 0.0, Q14_MAX)?;
    let state = parse_state("--state", &a.state)?;
    let seconds = check_real("--seconds", a.seconds, 0.0, MAX_SECONDS, true)?;
    let settle = check_real("--settle", a.settle, 0.0, seconds - 0.005, false)?;
    let port = DrivePort::parse(&a.port).map_err(|e| UserError(format!("--port: {e}")))?;
    let waveform = match a.pulse {
        Some(d) => Waveform::Pulse {
            duty: check_real("--pulse", d, 0.0, 1.0, true)?,
        },
        None => Waveform::Sine,
    };
    let points = freqs.len() * amps.len();
    if points > MAX_POINTS {
        return Err(UserError(format!(
            "--freq × --amp = {points} grid points (allowed at most {MAX_POINTS})"
        )));
    }
    let grid = EntrainGrid {
        oscillator: osc,
        port,
        waveform,
        freqs_hz: freqs,
        amplitudes: amps,
        states: vec![state],
        seconds,
        settle_s: settle,
        ..EntrainGrid::default()
    };
    grid.validate()?;
    // The output directory is checked (and its temporary sibling made) before the run.
    let out = a
        .out
        .as_deref()
        .map(|d| OutDir::create(d, a.force))
        .transpose()?;

    let per = phin_conductor::time::ticks(seconds);
    let instances = points
        + if grid.amplitudes.contains(&0.0) {
            0
        } else {
            grid.freqs_hz.len()
        };
    let bar = Progress::new(per * instances as u64);
    let run = grid.run(|done, _| bar.update(done as u64 * per))?;
    bar.finish();

    if let Some(out) = out {
        out.write_json("arnold.json", &run)?;
        draw_arnold(&out.file("arnold.png"), &run)?;
        let dir = out.dir().display().to_string();
        out.commit(&["arnold.json", "arnold.png"])?;
        if !a.json {
            report(&run);
            println!("wrote arnold.json, arnold.png into {dir}");
            return Ok(ExitCode::SUCCESS);
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&run)?);
    } else {
        report(&run);
    }
    Ok(ExitCode::SUCCESS)
}

/// The text report: the tongue per amplitude, the control, the speed.
fn report(run: &EntrainRun) {
    let m = &run.map;
    println!(
        "Arnold tongue of {} ({} Hz nominal), {} drive on {}, {} for {} s per point ({} s \
         settling)",
        m.oscillator,
        m.nominal_hz,
        match m.waveform {
            Waveform::Sine => "sine".to_string(),
            Waveform::Pulse { duty } => format!("pulse (duty {duty})"),
        },
        m.port,
        m.states
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(", "),
        m.seconds,
        m.settle_s
    );
    for row in &m.tongue {
        let best = m
            .cells
            .iter()
            .filter(|c| c.state == row.state && c.amplitude == row.amplitude)
            .max_by(|a, b| a.plv.total_cmp(&b.plv));
        let best = best.map_or(String::new(), |c| {
            format!("; best PLV {:.3} at {} Hz", c.plv, c.hz)
        });
        let span = match (row.lo_hz, row.hi_hz) {
            (Some(lo), Some(hi)) => format!("{lo} … {hi} Hz"),
            _ => "none".to_string(),
        };
        println!(
            "  {} amplitude {:>5}: {:>3} cells with PLV >= {} ({span}){best}",
            row.state, row.amplitude, row.cells_locked, m.tongue_plv
        );
    }
    let ch: Vec<f64> = m.chance.iter().map(|c| c.plv).collect();
    let max = ch.iter().copied().fold(0.0, f64::max);
    let mean = ch.iter().sum::<f64>() / ch.len().max(1) as f64;
    println!(
        "  chance level (drive off, same frequency): mean {mean:.3}, largest {max:.3}; widens \
         monotonically with amplitude: {:?}",
        m.widens_monotonically
    );
    let t = &run.throughput;
    println!(
        "  {} instances on {} threads: {:.0} ticks per CPU-second per core, {:.2}× one \
         instance alone ({:.1} s wall)",
        t.instances, t.threads, t.per_core_ticks_per_s, t.efficiency, t.wall_s
    );
}

/// Size of arnold.png, pixels.
pub const ARNOLD_PNG_SIZE: (u32, u32) = (1_200, 800);

/// Draws the PLV heat map of the run's first state: frequency (Hz) across, drive amplitude up,
/// the oscillator's nominal frequency marked, a colour bar on the right.
fn draw_arnold(path: &Path, run: &EntrainRun) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let m = &run.map;
    let state = m.states[0];
    let step = |v: &[f64]| {
        if v.len() > 1 {
            (v[v.len() - 1] - v[0]) / (v.len() - 1) as f64
        } else {
            1.0
        }
    };
    let (df, da) = (step(&m.freqs_hz), step(&m.amplitudes));
    let f_lo = m.freqs_hz[0] - df / 2.0;
    let f_hi = m.freqs_hz[m.freqs_hz.len() - 1] + df / 2.0;
    let a_lo = m.amplitudes[0] - da / 2.0;
    let a_hi = m.amplitudes[m.amplitudes.len() - 1] + da / 2.0;

    let root = BitMapBackend::new(path, ARNOLD_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let (main, bar) = root.split_horizontally(1_040);
    let title = format!(
        "Arnold tongue of {} ({} drive on {}, {}, {} s per point)",
        m.oscillator,
        match m.waveform {
            Waveform::Sine => "sine".to_string(),
            Waveform::Pulse { duty } => format!("pulse {duty}"),
        },
        m.port,
        state,
        m.seconds
    );
    let mut chart = ChartBuilder::on(&main)
        .caption(title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(55)
        .y_label_area_size(75)
        .build_cartesian_2d(f_lo..f_hi, a_lo..a_hi)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("drive frequency (Hz)")
        .y_desc("drive amplitude (Q4.14 real, 1.0 = full scale)")
        .x_label_formatter(&|f| format!("{f:.1}"))
        .y_label_formatter(&|a| format!("{a:.1}"))
        .label_style(("sans-serif", 15))
        .axis_desc_style(("sans-serif", 17))
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(m.cells.iter().filter(|c| c.state == state).map(|c| {
            Rectangle::new(
                [
                    (c.hz - df / 2.0, c.amplitude - da / 2.0),
                    (c.hz + df / 2.0, c.amplitude + da / 2.0),
                ],
                viridis(c.plv).filled(),
            )
        }))
        .map_err(|x| e(&x))?;
    // The nominal frequency, named in a legend box.
    if m.nominal_hz >= f_lo && m.nominal_hz <= f_hi {
        let red = RGBColor(230, 40, 40);
        chart
            .draw_series(DashedLineSeries::new(
                [(m.nominal_hz, a_lo), (m.nominal_hz, a_hi)],
                8,
                5,
                red.stroke_width(2),
            ))
            .map_err(|x| e(&x))?
            .label(format!(
                "{} nominal frequency, {} Hz",
                m.oscillator, m.nominal_hz
            ))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], red.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .border_style(BLACK)
            .background_style(WHITE)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|x| e(&x))?;
    }

    // The colour bar.
    let mut cb = ChartBuilder::on(&bar)
        .margin_top(52)
        .margin_bottom(70)
        .margin_right(80)
        .y_label_area_size(0)
        .right_y_label_area_size(45)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(|x| e(&x))?;
    cb.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_desc("PLV (drive, oscillator)")
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.1}"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 16))
        .draw()
        .map_err(|x| e(&x))?;
    let n = 200;
    cb.draw_series((0..n).map(|k| {
        let (y0, y1) = (k as f64 / n as f64, (k + 1) as f64 / n as f64);
        Rectangle::new([(0.0, y0), (1.0, y1)], viridis((y0 + y1) / 2.0).filled())
    }))
    .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_name_the_flag_and_the_allowed_range() {
        assert_eq!(
            parse_range("--amp", "0:1:0.5", 0.0, 8.0).unwrap(),
            [0.0, 0.5, 1.0]
        );
        assert_eq!(parse_range("--amp", "0.3", 0.0, 8.0).unwrap(), [0.3]);
        let e = parse_range("--amp", "0:9:0.1", 0.0, Q14_MAX).unwrap_err().0;
        assert!(
            e.starts_with("--amp = \"0:9:0.1\" is out of range (allowed LO:HI:STEP"),
            "{e}"
        );
        assert!(parse_range("--freq", "36:28:0.25", 1e-9, 2000.0).is_err());
        assert!(parse_range("--freq", "28:36:0", 1e-9, 2000.0).is_err());
        assert!(parse_range("--freq", "28:36", 1e-9, 2000.0).is_err());
        assert!(parse_range("--freq", "0:36:1", f64::MIN_POSITIVE, 2000.0).is_err());
        let e = parse_range("--freq", "1:2000:0.01", 1e-9, 2000.0)
            .unwrap_err()
            .0;
        assert!(e.contains("values (allowed 1..=20000)"), "{e}");
    }
}
