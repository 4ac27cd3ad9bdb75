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
