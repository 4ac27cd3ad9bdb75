//! The PNGs the CLI draws with plotters (bitmap backend, text through ab_glyph): the font they
//! share, and the PLV matrix of `phin observe` (the DAC spectrum of `phin run` is in
//! [`crate::report`]).

use crate::args::UserError;
use std::path::Path;

/// The plot font, embedded so the PNGs render text on a machine with no fonts installed.
/// DejaVu Sans, under the Bitstream Vera licence in `assets/DejaVuSans-LICENSE.txt`.
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Registers the embedded font as plotters' "sans-serif", once per process.
pub fn register_font() -> Result<(), UserError> {
    static DONE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, FONT)
            .is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(UserError("the embedded plot font does not load".into()))
    }
}

/// What plv.png shows: a square matrix of values in 0 … 1 with a label per row and column.
#[derive(Clone, Debug, Default)]
pub struct PlvMatrixPlot {
    /// Row and column labels (the same for both axes), top to bottom and left to right.
    pub labels: Vec<String>,
    /// `values[row][column]`, each in 0 … 1 (values outside are clamped to the colour scale).
    pub values: Vec<Vec<f64>>,
    /// Caption above the plot.
    pub title: String,
}

/// Size of plv.png in pixels.
pub const PLV_PNG_SIZE: (u32, u32) = (1_180, 990);
/// Side of one cell, pixels.
const CELL: i32 = 36;
/// Left edge of the matrix (room for the row labels).
const LEFT: i32 = 170;
/// Top edge of the matrix (room for the title).
const TOP: i32 = 80;

/// Viridis (van der Walt & Smith, matplotlib 2.0): perceptually uniform and readable in grey, at
/// nine stops, interpolated linearly in sRGB.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// The colour of `v` on the 0 … 1 scale.
pub fn viridis(v: f64) -> plotters::style::RGBColor {
    let v = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = v * (VIRIDIS.len() - 1) as f64;
    let k = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let f = pos - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + f * (f64::from(y) - f64::from(x))).round() as u8;
    plotters::style::RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Draws `plot` as a heat map into a PNG at `path`: the labels along the left and, turned, along
/// the bottom; each cell's value printed in it; thin lines between the groups of the labels'
/// prefixes (`sensory.`, `assoc.`, …); and a colour bar labelled "PLV (1:1)" with its scale.
pub fn draw_plv_matrix(path: &Path, plot: &PlvMatrixPlot) -> Result<(), UserError> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));
    let n = plot.labels.len() as i32;
    let side = n * CELL;
    let root = BitMapBackend::new(path, PLV_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;

    let title = ("sans-serif", 24)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw(&Text::new(
        plot.title.clone(),
        (PLV_PNG_SIZE.0 as i32 / 2, 20),
        title,
    ))
    .map_err(|x| e(&x))?;

    // The cells, each with its value.
    for (r, row) in plot.values.iter().enumerate().take(n as usize) {
        for (c, &v) in row.iter().enumerate().take(n as usize) {
            let (x, y) = (LEFT + c as i32 * CELL, TOP + r as i32 * CELL);
            let fill = viridis(v);
            root.draw(&Rectangle::new(
                [(x, y), (x + CELL, y + CELL)],
                fill.filled(),
            ))
            .map_err(|x| e(&x))?;
            // Dark text on the light (yellow-green) end of the scale, white on the dark end.
            let ink = if v > 0.6 { BLACK } else { WHITE };
            let style = ("sans-serif", 11)
                .into_font()
                .color(&ink)
                .pos(Pos::new(HPos::Center, VPos::Center));
            root.draw(&Text::new(
                format!("{:.2}", v.clamp(0.0, 1.0)),
                (x + CELL / 2, y + CELL / 2),
                style,
            ))
            .map_err(|x| e(&x))?;
        }
    }
    // Group separators: where the label's prefix before '.' changes.
    let group = |s: &str| s.split('.').next().unwrap_or("").to_string();
    for k in 1..n as usize {
        if group(&plot.labels[k]) != group(&plot.labels[k - 1]) {
            let at = LEFT + k as i32 * CELL;
            let down = TOP + k as i32 * CELL;
            root.draw(&PathElement::new(
                [(at, TOP), (at, TOP + side)],
                WHITE.stroke_width(3),
            ))
            .map_err(|x| e(&x))?;
            root.draw(&PathElement::new(
                [(LEFT, down), (LEFT + side, down)],
                WHITE.stroke_width(3),
            ))
            .map_err(|x| e(&x))?;
        }
    }
    root.draw(&Rectangle::new(
        [(LEFT, TOP), (LEFT + side, TOP + side)],
        BLACK.stroke_width(1),
    ))
    .map_err(|x| e(&x))?;

    // Row labels at the left, column labels turned a quarter below.
    for (k, label) in plot.labels.iter().enumerate().take(n as usize) {
        let mid = k as i32 * CELL + CELL / 2;
        let style = ("sans-serif", 15)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(label.clone(), (LEFT - 8, TOP + mid), style))
            .map_err(|x| e(&x))?;
        let style = ("sans-serif", 15)
            .into_font()
            .transform(FontTransform::Rotate90)
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        root.draw(&Text::new(
            label.clone(),
            (LEFT + mid, TOP + side + 8),
            style,
        ))
        .map_err(|x| e(&x))?;
    }

    // The colour bar: 0 at the bottom, 1 at the top, ticks every 0.1, labelled every 0.2.
    let (bx, bw) = (LEFT + side + 50, 28);
    let steps = 200;
    for s in 0..steps {
        let v = (s as f64 + 0.5) / steps as f64;
        let y1 = TOP + side - s * side / steps;
        let y0 = TOP + side - (s + 1) * side / steps;
        root.draw(&Rectangle::new(
            [(bx, y0), (bx + bw, y1)],
            viridis(v).filled(),
        ))
        .map_err(|x| e(&x))?;
    }
    root.draw(&Rectangle::new(
        [(bx, TOP), (bx + bw, TOP + side)],
        BLACK.stroke_width(1),
    ))
    .map_err(|x| e(&x))?;
    for t in 0..=10 {
        let y = TOP + side - t * side / 10;
        let len = if t % 2 == 0 { 8 } else { 4 };
        root.draw(&PathElement::new(
            [(bx + bw, y), (bx + bw + len, y)],
            BLACK.stroke_width(1),
        ))
        .map_err(|x| e(&x))?;
        if t % 2 == 0 {
            let style = ("sans-serif", 15)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(
                format!("{:.1}", f64::from(t) / 10.0),
                (bx + bw + 12, y),
                style,
            ))
            .map_err(|x| e(&x))?;
        }
    }
    let style = ("sans-serif", 18)
        .into_font()
        .transform(FontTransform::Rotate270)
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(
        "PLV (1:1)".to_string(),
        (bx + bw + 62, TOP + side / 2),
        style,
    ))
    .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_from_dark_violet_to_yellow() {
        assert_eq!(viridis(0.0), plotters::style::RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), plotters::style::RGBColor(253, 231, 37));
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
        assert_eq!(viridis(0.5), plotters::style::RGBColor(33, 144, 141));
    }

    #[test]
    fn a_matrix_png_has_the_size_asked_for() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-out/plots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("plv.png");
        let labels: Vec<String> = phin_core::identity::Oscillator::ALL
            .iter()
            .map(|o| o.to_string())
            .collect();
        let n = labels.len();
        let values = (0..n)
            .map(|r| {
                (0..n)
                    .map(|c| {
                        if r == c {
                            1.0
                        } else {
                            1.0 / (1.0 + (r as f64 - c as f64).abs())
                        }
                    })
                    .collect()
            })
            .collect();
        let plot = PlvMatrixPlot {
            labels,
            values,
            title: "phin observe: 1:1 PLV, test".into(),
        };
        draw_plv_matrix(&path, &plot).unwrap();
        let png = std::fs::read(&path).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!((be(&png[16..20]), be(&png[20..24])), PLV_PNG_SIZE);
    }
}

// ---------------------------------------------------------------------------------------------
// phin run: spectrum.png, oscillators.png, timeline.png
// ---------------------------------------------------------------------------------------------

/// Size of the three pictures of `phin run`, pixels: 16:9, readable on a slide.
pub const RUN_PNG_SIZE: (u32, u32) = (1_600, 900);
/// Font sizes: caption, axis titles, tick labels and annotations.
const CAPTION: u32 = 30;
const AXIS: u32 = 24;
const TICKS: u32 = 20;
const NOTE: u32 = 19;

/// What spectrum.png shows: the DAC's spectrum and its oscillator mix's, 1 … 100 Hz.
#[derive(Clone, Debug, Default)]
pub struct SpectrumPlot {
    /// The DAC's spectrum, codes²/Hz.
    pub dac: phin_analysis::Psd,
    /// The oscillator part of the mix, codes²/Hz.
    pub osc: phin_analysis::Psd,
    /// The DAC's 1/f fit `log10 P = a + b · log10 f`, drawn dashed.
    pub fit: Option<(f64, f64)>,
    /// Each band's symbol and nominal frequency, marked once.
    pub nominal: Vec<(String, f64)>,
    /// Peaks of the DAC spectrum standing out from its fit: Hz and dB above it.
    pub peaks: Vec<(f64, f64)>,
    /// Caption.
    pub title: String,
}

/// Frequency range of spectrum.png, Hz: where the φⁿ bands lie.
const SPECTRUM_HZ: (f64, f64) = (1.0, 100.0);

fn io_e(path: &Path) -> impl Fn(&dyn std::fmt::Display) -> UserError + '_ {
    move |err| UserError(format!("{}: {err}", path.display()))
}

/// Draws spectrum.png: log frequency × dB, the DAC (blue) beside its oscillator mix (orange),
/// the DAC's 1/f fit dashed, a grey line at each band's nominal frequency labelled once with
/// its symbol and frequency, and a marker with the frequency at each measured peak that stands
/// out from the fit.
pub fn draw_spectrum(path: &Path, plot: &SpectrumPlot) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = io_e(path);
    let pts = |psd: &phin_analysis::Psd| -> Vec<(f64, f64)> {
        psd.freqs_hz
            .iter()
            .zip(&psd.power)
            .filter(|(f, p)| {
                **f >= SPECTRUM_HZ.0 && **f <= SPECTRUM_HZ.1 && **p > 0.0 && p.is_finite()
            })
            .map(|(f, p)| (*f, 10.0 * p.log10()))
            .collect()
    };
    let (dac, osc) = (pts(&plot.dac), pts(&plot.osc));
    let (lo, hi) = dac
        .iter()
        .chain(&osc)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, y)| {
            (lo.min(*y), hi.max(*y))
        });
    // Nothing to plot still gives labelled axes; the top leaves room for the band labels.
    let (y_lo, y_hi) = if lo.is_finite() {
        ((lo - 3.0).floor(), (hi + 14.0).ceil())
    } else {
        (-60.0, 40.0)
    };
    let root = BitMapBackend::new(path, RUN_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(&plot.title, ("sans-serif", CAPTION))
        .margin(20)
        .x_label_area_size(70)
        .y_label_area_size(100)
        .build_cartesian_2d((SPECTRUM_HZ.0..SPECTRUM_HZ.1).log_scale(), y_lo..y_hi)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("frequency (Hz)")
        .y_desc("power spectral density (dB re 1 code²/Hz)")
        .x_labels(20)
        .x_label_formatter(&|f| format!("{f:.0}"))
        .y_label_formatter(&|db| format!("{db:.0}"))
        .axis_desc_style(("sans-serif", AXIS))
        .label_style(("sans-serif", TICKS))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .draw()
        .map_err(|x| e(&x))?;
    let grey = RGBColor(120, 120, 120);
    for (label, f) in &plot.nominal {
        if *f < SPECTRUM_HZ.0 || *f > SPECTRUM_HZ.1 {
            continue;
        }
        chart
            .draw_series(LineSeries::new(
                [(*f, y_lo), (*f, y_hi - 6.0)],
                grey.mix(0.5).stroke_width(1),
            ))
            .map_err(|x| e(&x))?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{label} {f}"),
                (*f, y_hi - 1.0),
                ("sans-serif", NOTE)
                    .into_font()
                    .color(&grey)
                    .transform(FontTransform::Rotate90),
            )))
            .map_err(|x| e(&x))?;
    }
    let blue = RGBColor(31, 90, 170);
    let orange = RGBColor(230, 120, 20);
    chart
        .draw_series(LineSeries::new(dac.clone(), blue.stroke_width(2)))
        .map_err(|x| e(&x))?
        .label("DAC output")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], blue.stroke_width(3)));
    chart
        .draw_series(LineSeries::new(osc.clone(), orange.stroke_width(2)))
        .map_err(|x| e(&x))?
        .label("oscillator mix (the DAC without its pink noise)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 30, y)], orange.stroke_width(3)));
    if let Some((a, b)) = plot.fit {
        let line: Vec<(f64, f64)> = (0..=60)
            .map(|k| {
                let f = SPECTRUM_HZ.0 * (SPECTRUM_HZ.1 / SPECTRUM_HZ.0).powf(f64::from(k) / 60.0);
                (f, 10.0 * (a + b * f.log10()))
            })
            .collect();
        chart
            .draw_series(DashedLineSeries::new(line, 10, 8, BLACK.stroke_width(2)))
            .map_err(|x| e(&x))?
            .label(format!("1/f fit of the DAC (slope {b:.2})"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 30, y)], BLACK.stroke_width(2)));
    }
    let at = |pts: &[(f64, f64)], f: f64| {
        pts.iter()
            .min_by(|p, q| (p.0 - f).abs().total_cmp(&(q.0 - f).abs()))
            .map_or(y_lo, |p| p.1)
    };
    // Only the DAC's peaks are marked: the mix's stand out by themselves, and their labels
    // would cover the curves. Labels alternate in height so that neighbours do not overprint.
    for (i, (f, above)) in plot.peaks.iter().enumerate() {
        let (pts, colour) = (&dac, blue);
        {
            let y = at(pts, *f);
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    (*f, y + 1.5),
                    9,
                    colour.filled(),
                )))
                .map_err(|x| e(&x))?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{f:.2} Hz, +{above:.1} dB"),
                    (*f * 1.02, y + 3.5 + 4.0 * (i % 2) as f64),
                    ("sans-serif", NOTE).into_font().color(&colour),
                )))
                .map_err(|x| e(&x))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .label_font(("sans-serif", NOTE))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|x| e(&x))?;
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// What oscillators.png shows: a few seconds of several oscillators as stacked traces.
#[derive(Clone, Debug, Default)]
pub struct OscillatorsPlot {
    /// Time of the first sample, s.
    pub start_s: f64,
    /// Time between samples, s.
    pub dt_s: f64,
    /// Per trace, top to bottom: its label and its x values (Q4.14 as reals).
    pub traces: Vec<(String, Vec<f32>)>,
    /// Caption.
    pub title: String,
}

/// The colour of a trace by its label's first word: theta black, the columns blue, green and
/// red, the SR bank violet.
fn lane_colour(label: &str) -> plotters::style::RGBColor {
    use plotters::style::RGBColor;
    match label.split_whitespace().next().unwrap_or("") {
        "sensory" => RGBColor(31, 90, 170),
        "assoc" => RGBColor(30, 130, 60),
        "motor" => RGBColor(190, 40, 40),
        "SR" => RGBColor(120, 60, 160),
        _ => RGBColor(20, 20, 20),
    }
}

/// Draws oscillators.png: one lane per trace, top to bottom, labelled on the left, on one time
/// axis in seconds; all lanes share one amplitude scale (the largest |x|), so their sizes
/// compare.
pub fn draw_oscillators(path: &Path, plot: &OscillatorsPlot) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = io_e(path);
    let n = plot.traces.len().max(1);
    let len = plot.traces.first().map_or(0, |t| t.1.len());
    let t0 = plot.start_s;
    let t1 = t0 + (len.max(2) - 1) as f64 * plot.dt_s;
    let peak = plot
        .traces
        .iter()
        .flat_map(|t| t.1.iter())
        .fold(0f32, |m, v| m.max(v.abs()))
        .max(1e-6);
    let root = BitMapBackend::new(path, RUN_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let labels: Vec<String> = plot.traces.iter().map(|t| t.0.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{} (each lane ±{peak:.2})", plot.title),
            ("sans-serif", CAPTION),
        )
        .margin(20)
        .margin_right(45)
        .x_label_area_size(70)
        .y_label_area_size(190)
        .build_cartesian_2d(t0..t1, -0.5f64..(n as f64 - 0.5))
        .map_err(|x| e(&x))?;
    let lane_of = move |y: &f64| -> String {
        let k = n as f64 - 1.0 - y.round();
        if (y - y.round()).abs() < 1e-6 && k >= 0.0 && (k as usize) < labels.len() {
            labels[k as usize].clone()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .x_desc("time (s)")
        .y_desc("oscillator x (Q4.14 as real), one lane each")
        .y_labels(n)
        .y_label_formatter(&lane_of)
        .x_label_formatter(&|t| format!("{t:.2}"))
        .axis_desc_style(("sans-serif", AXIS))
        .label_style(("sans-serif", TICKS))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.06))
        .draw()
        .map_err(|x| e(&x))?;
    for (k, (label, ys)) in plot.traces.iter().enumerate() {
        let centre = (n - 1 - k) as f64;
        let colour = lane_colour(label);
        let pts = ys.iter().enumerate().map(|(i, v)| {
            (
                t0 + i as f64 * plot.dt_s,
                centre + 0.45 * f64::from(*v / peak),
            )
        });
        chart
            .draw_series(LineSeries::new(pts, colour.stroke_width(1)))
            .map_err(|x| e(&x))?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// One time bin of timeline.png.
#[derive(Clone, Copy, Debug)]
pub struct TimelineBin {
    /// End of the bin, s.
    pub end_s: f64,
    /// The consciousness state (its code) at the end of the bin.
    pub state: u8,
    /// A transition was under way in the bin.
    pub transitioning: bool,
    /// The furthest SIE phase code reached in the bin.
    pub sie: u8,
    /// The SR bank's coherence in the bin: lowest and highest.
    pub coherence: (f32, f32),
    /// CA3 was learning in the bin.
    pub learn: bool,
    /// CA3 was recalling in the bin.
    pub recall: bool,
}

impl TimelineBin {
    /// A bin before any tick.
    pub fn empty() -> Self {
        TimelineBin {
            end_s: 0.0,
            state: 0,
            transitioning: false,
            sie: 0,
            coherence: (f32::INFINITY, f32::NEG_INFINITY),
            learn: false,
            recall: false,
        }
    }
}

/// What timeline.png shows: the whole run in bins.
#[derive(Clone, Debug, Default)]
pub struct TimelinePlot {
    /// The bins, in time order.
    pub bins: Vec<TimelineBin>,
    /// Length of the run, s.
    pub seconds: f64,
    /// Scheduled transitions: time (s) and target state.
    pub transitions: Vec<(f64, String)>,
    /// Caption.
    pub title: String,
}

/// Draws timeline.png: four panels over the run's time in seconds: the consciousness state
/// (transitions shaded), the SIE phase, the SR bank's coherence (its range per bin) and CA3's
/// learning and recall.
pub fn draw_timeline(path: &Path, plot: &TimelinePlot) -> Result<(), UserError> {
    use phin_core::identity::{ConsciousnessState, SiePhase};
    use plotters::prelude::*;
    register_font()?;
    let e = io_e(path);
    let root = BitMapBackend::new(path, RUN_PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    // The title sits 12 px below the picture's edge, as the other two pictures' captions do.
    let root = root
        .margin(12, 0, 0, 0)
        .titled(&plot.title, ("sans-serif", CAPTION))
        .map_err(|x| e(&x))?;
    let panels = root.split_by_breakpoints([] as [i32; 0], [180, 390, 570]);
    let x_max = plot.seconds.max(1e-3);
    let starts: Vec<f64> = std::iter::once(0.0)
        .chain(plot.bins.iter().map(|b| b.end_s))
        .collect();
    let green = RGBColor(30, 130, 60);
    let orange = RGBColor(230, 120, 20);
    let blue = RGBColor(31, 90, 170);
    let violet = RGBColor(120, 60, 160);

    // Steps of a per-bin value: flat across each bin.
    let steps = |v: &dyn Fn(&TimelineBin) -> f64| -> Vec<(f64, f64)> {
        plot.bins
            .iter()
            .zip(&starts)
            .flat_map(|(b, s)| [(*s, v(b)), (b.end_s, v(b))])
            .collect()
    };
    let last = panels.len() - 1;
    for (k, area) in panels.iter().enumerate() {
        let x_area = if k == last { 60 } else { 8 };
        let (y_range, desc): (std::ops::Range<f64>, &str) = match k {
            0 => (-0.5..4.5, "state"),
            1 => (-0.5..6.5, "SIE phase"),
            2 => (0.0..1.05, "SR coherence"),
            _ => (-0.5..1.5, "CA3"),
        };
        let mut chart = ChartBuilder::on(area)
            .margin_left(20)
            .margin_right(30)
            .margin_top(8)
            .x_label_area_size(x_area)
            .y_label_area_size(200)
            .build_cartesian_2d(0.0..x_max, y_range)
            .map_err(|x| e(&x))?;
        let fmt_state = |y: &f64| -> String {
            let c = y.round();
            if k != 2 && ((y - c).abs() > 1e-6 || c < 0.0) {
                return String::new();
            }
            match k {
                0 => ConsciousnessState::from_code(c as u8)
                    .map_or(String::new(), |s| s.name().to_string()),
                1 => SiePhase::from_code(c as u8).map_or(String::new(), |s| s.name().to_string()),
                3 => ["recall", "learn"]
                    .get(c as usize)
                    .map_or(String::new(), |s| s.to_string()),
                _ => format!("{y:.1}"),
            }
        };
        let mut mesh = chart.configure_mesh();
        mesh.y_desc(desc)
            .axis_desc_style(("sans-serif", AXIS))
            .label_style(("sans-serif", TICKS))
            .y_label_formatter(&fmt_state)
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.06))
            .x_label_formatter(&|t| format!("{t:.0}"));
        match k {
            0 => mesh.y_labels(5),
            1 => mesh.y_labels(7),
            2 => mesh.y_labels(6),
            _ => mesh.y_labels(2),
        };
        if k == last {
            mesh.x_desc("time (s)");
        } else {
            mesh.x_labels(0);
        }
        mesh.draw().map_err(|x| e(&x))?;
        match k {
            0 => {
                for (b, s) in plot.bins.iter().zip(&starts) {
                    if b.transitioning {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(*s, -0.5), (b.end_s, 4.5)],
                                blue.mix(0.12).filled(),
                            )))
                            .map_err(|x| e(&x))?;
                    }
                }
                chart
                    .draw_series(LineSeries::new(
                        steps(&|b| f64::from(b.state)),
                        BLACK.stroke_width(3),
                    ))
                    .map_err(|x| e(&x))?;
            }
            1 => {
                chart
                    .draw_series(LineSeries::new(
                        steps(&|b| f64::from(b.sie)),
                        violet.stroke_width(2),
                    ))
                    .map_err(|x| e(&x))?;
            }
            2 => {
                for (b, s) in plot.bins.iter().zip(&starts) {
                    let (lo, hi) = b.coherence;
                    if lo.is_finite() && hi.is_finite() {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(*s, f64::from(lo)), (b.end_s, f64::from(hi) + 0.003)],
                                blue.mix(0.8).filled(),
                            )))
                            .map_err(|x| e(&x))?;
                    }
                }
            }
            _ => {
                for (b, s) in plot.bins.iter().zip(&starts) {
                    for (on, y, c) in [(b.learn, 1.0, green), (b.recall, 0.0, orange)] {
                        if on {
                            chart
                                .draw_series(std::iter::once(Rectangle::new(
                                    [(*s, y - 0.35), (b.end_s, y + 0.35)],
                                    c.filled(),
                                )))
                                .map_err(|x| e(&x))?;
                        }
                    }
                }
            }
        }
        if k == 0 {
            for (t, name) in &plot.transitions {
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("→ {name}"),
                        (*t, 4.3),
                        ("sans-serif", NOTE).into_font().color(&blue),
                    )))
                    .map_err(|x| e(&x))?;
            }
        }
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
