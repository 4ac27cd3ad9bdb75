//! The output side of `phin run --out DIR`: `trace.csv`, `waves.vcd`, `dac.wav`, `spectrum.png` and
//! `summary.json`, all streamed into a temporary sibling directory ([`OutDir`]) and moved into
//! `DIR` only when the run has finished, so an interrupted or failed run never leaves a
//! half-written output.

use crate::args::UserError;
use crate::files::OutDir;
use crate::plots::register_font;
#[cfg(test)]
use phin_analysis::welch_psd;
use phin_analysis::Psd;
use phin_core::constants::{DAC_MAX, DAC_RESET, TICK_HZ};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Simulated microseconds per 4 kHz tick (250): the VCD timescale is 1 us.
const US_PER_TICK: u64 = (1e6 / TICK_HZ) as u64;
/// Sample rate of `dac.wav`: one sample per tick.
const WAV_RATE_HZ: u32 = TICK_HZ as u32;
/// Name of the column that feeds `dac.wav` and the spectrum.
const DAC_COLUMN: &str = "dac_output";
/// Most samples a 16-bit WAV can hold: its data chunk length is a `u32` count of bytes (less a
/// margin for the header), and hound would wrap silently past it.
pub const MAX_WAV_SAMPLES: usize = ((u32::MAX as u64 - 64) / 2) as usize;
/// Size of `spectrum.png` in pixels.
const PNG_SIZE: (u32, u32) = (1_200, 700);
/// Frequency axis of `spectrum.png`, Hz (the upper end is the Nyquist frequency of the DAC).
const PLOT_HZ: (f64, f64) = (0.5, 2_000.0);

/// One recorded signal: a column of `trace.csv` and, when chosen, a wire of `waves.vcd`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Signal name: ASCII letters, digits and `_`, unique among the columns.
    pub name: String,
    /// Width in bits, 1..=64; values must fit it.
    pub width: u32,
    /// Whether values are two's-complement signed (else unsigned).
    pub signed: bool,
}

impl Column {
    /// The inclusive range of values that fit this column (widths are checked to be 1..=64 first).
    fn range(&self) -> (i64, i64) {
        let w = self.width.clamp(1, 64);
        match (self.signed, w) {
            (true, 64) => (i64::MIN, i64::MAX),
            (true, w) => (-(1i64 << (w - 1)), (1i64 << (w - 1)) - 1),
            // An unsigned column of 63 or 64 bits holds what an i64 can carry: its
            // non-negative half.
            (false, 63..) => (0, i64::MAX),
            (false, w) => (0, (1i64 << w) - 1),
        }
    }
}

/// What `spectrum.png` shows: a PSD with labelled vertical markers.
#[derive(Clone, Debug, Default)]
pub struct SpectrumPlot {
    /// The spectrum to draw (bins outside 0.5..=2000 Hz or with zero power are left out).
    pub psd: Psd,
    /// Vertical markers: label and frequency in Hz (for instance the φⁿ band peaks).
    pub markers: Vec<(String, f64)>,
    /// Caption above the plot.
    pub title: String,
}

/// A VCD wire: which column it shows, its identifier code and width.
struct Wire {
    col: usize,
    id: vcd::IdCode,
    width: u32,
}

/// The outputs of one run, streamed into a temporary directory until [`RunOutputs::finish`]
/// moves them into place. Dropping it without `finish` removes the temporary directory and leaves
/// the output directory untouched.
pub struct RunOutputs {
    out: OutDir,
    columns: Vec<Column>,
    ranges: Vec<(i64, i64)>,
    csv: Option<BufWriter<File>>,
    vcd: Option<vcd::Writer<BufWriter<File>>>,
    wires: Vec<Wire>,
    /// Last value written to the VCD per column, to write changes only.
    last: Vec<i64>,
    last_tick: Option<u64>,
    dac_col: Option<usize>,
    dac: Vec<u16>,
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> UserError + '_ {
    move |e| UserError(format!("{}: {e}", path.display()))
}

/// The error for file `name` in the temporary directory `tmp`; the path is built only on error,
/// so the per-row code does not allocate.
fn tmp_err(out: &OutDir, name: &str, e: std::io::Error) -> UserError {
    UserError(format!("{}: {e}", out.file(name).display()))
}

impl RunOutputs {
    /// Checks `dir` (the `--out` argument: not an existing file, parent directory exists),
    /// validates `columns` and `vcd_columns` (names of columns shown in `waves.vcd`), and opens
    /// `trace.csv` and `waves.vcd` in a temporary sibling directory `.<dirname>.tmp-<pid>-<n>`.
    pub fn create(
        dir: &Path,
        columns: Vec<Column>,
        vcd_columns: &[&str],
    ) -> Result<RunOutputs, UserError> {
        // From here on, dropping `out` cleans up whatever fails.
        let out = OutDir::create(dir)?;
        check_columns(&columns, vcd_columns)?;
        let mut out = RunOutputs {
            out,
            ranges: columns.iter().map(Column::range).collect(),
            last: vec![0; columns.len()],
            dac_col: columns.iter().position(|c| c.name == DAC_COLUMN),
            columns,
            csv: None,
            vcd: None,
            wires: Vec::new(),
            last_tick: None,
            dac: Vec::new(),
        };
        out.open_csv()?;
        out.open_vcd(vcd_columns)?;
        Ok(out)
    }

    fn open_csv(&mut self) -> Result<(), UserError> {
        let path = self.out.file("trace.csv");
        let mut w = BufWriter::new(File::create(&path).map_err(io_err(&path))?);
        write!(w, "tick").map_err(io_err(&path))?;
        for c in &self.columns {
            write!(w, ",{}", c.name).map_err(io_err(&path))?;
        }
        writeln!(w).map_err(io_err(&path))?;
        self.csv = Some(w);
        Ok(())
    }

    fn open_vcd(&mut self, vcd_columns: &[&str]) -> Result<(), UserError> {
        let path = self.out.file("waves.vcd");
        let e = io_err(&path);
        let mut w = vcd::Writer::new(BufWriter::new(File::create(&path).map_err(&e)?));
        w.version(concat!("phin ", env!("CARGO_PKG_VERSION")))
            .map_err(&e)?;
        w.timescale(1, vcd::TimescaleUnit::US).map_err(&e)?;
        w.add_module("phin").map_err(&e)?;
        for name in vcd_columns {
            // check_columns has made sure every name is a column.
            if let Some(col) = self.columns.iter().position(|c| c.name == *name) {
                let width = self.columns[col].width;
                let id = w.add_wire(width, name).map_err(&e)?;
                self.wires.push(Wire { col, id, width });
            }
        }
        w.upscope().map_err(&e)?;
        w.enddefinitions().map_err(&e)?;
        self.vcd = Some(w);
        Ok(())
    }

    /// Reserves room for `ticks` more DAC samples, so that [`RunOutputs::row`] does not grow its
    /// buffer during the run.
    pub fn reserve(&mut self, ticks: u64) {
        if self.dac_col.is_some() {
            let n = usize::try_from(ticks).unwrap_or(MAX_WAV_SAMPLES);
            self.dac.reserve(n.min(MAX_WAV_SAMPLES));
        }
    }

    /// Records one tick: `values` in the order of the columns. Ticks must increase from row to
    /// row; each value must fit its column's width. Writes a line of `trace.csv`, the changed
    /// values of the VCD columns, and keeps `dac_output` (a 12-bit code, 0..=4095) for `dac.wav`.
    pub fn row(&mut self, tick: u64, values: &[i64]) -> Result<(), UserError> {
        if values.len() != self.columns.len() {
            return Err(UserError(format!(
                "row at tick {tick}: {} values for {} columns",
                values.len(),
                self.columns.len()
            )));
        }
        if let Some(last) = self.last_tick {
            if tick <= last {
                return Err(UserError(format!(
                    "row at tick {tick}: ticks must increase (last was {last})"
                )));
            }
        }
        let Some(time_us) = tick.checked_mul(US_PER_TICK) else {
            return Err(UserError(format!(
                "row at tick {tick}: tick is out of range (allowed 0..={})",
                u64::MAX / US_PER_TICK
            )));
        };
        for ((v, &(lo, hi)), c) in values.iter().zip(&self.ranges).zip(&self.columns) {
            if *v < lo || *v > hi {
                return Err(UserError(format!(
                    "row at tick {tick}: {} = {v} is out of range (allowed {lo}..={hi})",
                    c.name
                )));
            }
        }
        if let Some(k) = self.dac_col {
            let code = values[k];
            if !(0..=DAC_MAX).contains(&code) {
                return Err(UserError(format!(
                    "row at tick {tick}: {DAC_COLUMN} = {code} is out of range (allowed 0..={DAC_MAX})"
                )));
            }
            if self.dac.len() >= MAX_WAV_SAMPLES {
                return Err(UserError(format!(
                    "dac.wav: a WAV file holds at most {MAX_WAV_SAMPLES} samples ({:.0} s at 4 kHz)",
                    MAX_WAV_SAMPLES as f64 / f64::from(WAV_RATE_HZ)
                )));
            }
            self.dac.push(code as u16);
        }

        if let Some(csv) = self.csv.as_mut() {
            let e = |err| tmp_err(&self.out, "trace.csv", err);
            write!(csv, "{tick}").map_err(e)?;
            for v in values {
                write!(csv, ",{v}").map_err(e)?;
            }
            writeln!(csv).map_err(e)?;
        }

        if let Some(w) = self.vcd.as_mut() {
            let first = self.last_tick.is_none();
            let mut stamped = false;
            for wire in &self.wires {
                let v = values[wire.col];
                if !first && v == self.last[wire.col] {
                    continue;
                }
                let e = |err| tmp_err(&self.out, "waves.vcd", err);
                if !stamped {
                    w.timestamp(time_us).map_err(&e)?;
                    stamped = true;
                }
                if wire.width == 1 {
                    w.change_scalar(wire.id, v & 1 == 1).map_err(&e)?;
                } else {
                    w.change_vector(wire.id, bits(v, wire.width)).map_err(&e)?;
                }
            }
        }
        self.last.copy_from_slice(values);
        self.last_tick = Some(tick);
        Ok(())
    }

    /// The DAC codes recorded so far (empty without a `dac_output` column).
    #[cfg(test)]
    pub fn dac_codes(&self) -> &[u16] {
        &self.dac
    }

    /// Welch PSD of the recorded DAC codes (codes²/Hz, 4 kHz sampling) for a [`SpectrumPlot`].
    #[cfg(test)]
    pub fn dac_psd(&self, segment_len: usize) -> Psd {
        let xs: Vec<f64> = self.dac.iter().map(|&c| f64::from(c)).collect();
        welch_psd(&xs, f64::from(WAV_RATE_HZ), segment_len)
    }

    /// Completes the files, writes `dac.wav` (when there is a `dac_output` column),
    /// `spectrum.png` and `summary.json`, and moves them into the output directory, creating it
    /// if missing. Each file arrives by a rename, so a reader sees either the old or the new one.
    /// On error the temporary directory is removed.
    pub fn finish(
        mut self,
        summary: &impl serde::Serialize,
        spectrum: &SpectrumPlot,
    ) -> Result<(), UserError> {
        let mut files = vec!["trace.csv", "waves.vcd"];
        if let Some(csv) = self.csv.take() {
            let path = self.out.file("trace.csv");
            csv.into_inner()
                .map_err(|e| io_err(&path)(e.into_error()))?
                .sync_all()
                .map_err(io_err(&path))?;
        }
        if let Some(mut w) = self.vcd.take() {
            let path = self.out.file("waves.vcd");
            // A closing timestamp one tick past the last row, so viewers show the last values for
            // a whole tick rather than for no time at all.
            if let Some(t) = self.last_tick {
                let end = t.saturating_add(1).saturating_mul(US_PER_TICK);
                w.timestamp(end).map_err(io_err(&path))?;
            }
            w.flush().map_err(io_err(&path))?;
        }
        if self.dac_col.is_some() {
            self.write_wav()?;
            files.push("dac.wav");
        }
        let png = self.out.file("spectrum.png");
        draw_spectrum(&png, spectrum)?;
        files.push("spectrum.png");
        let json_path = self.out.file("summary.json");
        let mut json = serde_json::to_vec_pretty(summary)
            .map_err(|e| UserError(format!("{}: {e}", json_path.display())))?;
        json.push(b'\n');
        std::fs::write(&json_path, json).map_err(io_err(&json_path))?;
        files.push("summary.json");
        self.out.commit(&files)
    }

    fn write_wav(&self) -> Result<(), UserError> {
        let path = self.out.file("dac.wav");
        let e = |err: hound::Error| UserError(format!("{}: {err}", path.display()));
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: WAV_RATE_HZ,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).map_err(e)?;
        for &code in &self.dac {
            // 12-bit code to 16-bit PCM around mid-scale (the code after reset, 2048):
            // -2048..=2047 times 16 fits an i16.
            w.write_sample(((i64::from(code) - i64::from(DAC_RESET)) * 16) as i16)
                .map_err(e)?;
        }
        w.finalize().map_err(e)
    }
}

/// Validates names, widths and the VCD selection.
fn check_columns(columns: &[Column], vcd_columns: &[&str]) -> Result<(), UserError> {
    for (k, c) in columns.iter().enumerate() {
        // Names go unquoted into a CSV header and a VCD $var, so no separators or spaces.
        if c.name.is_empty()
            || !c
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(UserError(format!(
                "column {k} name {:?}: allowed are ASCII letters, digits and _ (non-empty)",
                c.name
            )));
        }
        if c.name == "tick" || columns[..k].iter().any(|o| o.name == c.name) {
            return Err(UserError(format!(
                "column {k} name {:?}: already used",
                c.name
            )));
        }
        if !(1..=64).contains(&c.width) {
            return Err(UserError(format!(
                "column {} width = {} is out of range (allowed 1..=64)",
                c.name, c.width
            )));
        }
    }
    for (k, v) in vcd_columns.iter().enumerate() {
        if !columns.iter().any(|c| c.name == *v) {
            return Err(UserError(format!("VCD column {v:?}: no such column")));
        }
        if vcd_columns[..k].contains(v) {
            return Err(UserError(format!("VCD column {v:?}: listed twice")));
        }
    }
    Ok(())
}

/// The low `width` bits of `v`, most significant first: two's complement for negative values.
fn bits(v: i64, width: u32) -> impl Iterator<Item = vcd::Value> {
    (0..width).rev().map(move |i| {
        if (v as u64 >> i) & 1 == 1 {
            vcd::Value::V1
        } else {
            vcd::Value::V0
        }
    })
}

/// Draws `plot` on log-frequency × dB axes into a PNG at `path`.
fn draw_spectrum(path: &Path, plot: &SpectrumPlot) -> Result<(), UserError> {
    use plotters::prelude::*;
    register_font()?;
    let e = |err: &dyn std::fmt::Display| UserError(format!("{}: {err}", path.display()));

    let pts: Vec<(f64, f64)> = plot
        .psd
        .freqs_hz
        .iter()
        .zip(&plot.psd.power)
        .filter(|(f, p)| **f >= PLOT_HZ.0 && **f <= PLOT_HZ.1 && **p > 0.0 && p.is_finite())
        .map(|(f, p)| (*f, 10.0 * p.log10()))
        .collect();
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, y)| {
            (lo.min(*y), hi.max(*y))
        });
    // Nothing to plot still gives labelled axes; the top margin leaves room for marker labels.
    let (y_lo, y_hi) = if lo.is_finite() {
        ((lo - 5.0).floor(), (hi + 20.0).ceil())
    } else {
        (-100.0, 0.0)
    };

    let root = BitMapBackend::new(path, PNG_SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(&plot.title, ("sans-serif", 24))
        .margin(15)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d((PLOT_HZ.0..PLOT_HZ.1).log_scale(), y_lo..y_hi)
        .map_err(|x| e(&x))?;
    chart
        .configure_mesh()
        .x_desc("frequency (Hz)")
        .y_desc("power spectral density (dB re 1 unit²/Hz)")
        .x_label_formatter(&|f| {
            if *f >= 1.0 {
                format!("{f:.0}")
            } else {
                format!("{f:.1}")
            }
        })
        .y_label_formatter(&|db| format!("{db:.0}"))
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|x| e(&x))?;
    chart
        .draw_series(LineSeries::new(pts, &BLUE))
        .map_err(|x| e(&x))?;
    let marker_color = RGBColor(200, 30, 30);
    let label_step = (y_hi - y_lo) * 0.035;
    for (i, (name, f)) in plot.markers.iter().enumerate() {
        if !(*f >= PLOT_HZ.0 && *f <= PLOT_HZ.1) {
            continue;
        }
        chart
            .draw_series(LineSeries::new(
                [(*f, y_lo), (*f, y_hi)],
                marker_color.mix(0.6),
            ))
            .map_err(|x| e(&x))?;
        // Labels of neighbouring markers are staggered over four rows so they do not overprint.
        let y = y_hi - label_step * (0.3 + (i % 4) as f64);
        let style = ("sans-serif", 13).into_font().color(&marker_color);
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {name} {f:.2} Hz"),
                (*f, y),
                style,
            )))
            .map_err(|x| e(&x))?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A fresh, empty directory for one test under the workspace's `target/`, never the system
    /// temporary directory.
    fn scratch(test: &str) -> PathBuf {
        let d = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/test-out/report")
            .join(test);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn columns() -> Vec<Column> {
        let c = |name: &str, width, signed| Column {
            name: name.into(),
            width,
            signed,
        };
        vec![
            c("x", 18, true),
            c("flag", 1, false),
            c("slow", 8, false),
            c("dac_output", 12, false),
        ]
    }

    /// Row `t` (1-based): x a signed sawtooth through negative values, flag toggling every 7
    /// ticks, slow changing every 100 ticks, dac a 100 Hz sine around mid-scale.
    fn values(t: u64) -> [i64; 4] {
        let x = (t as i64 * 37) % 1000 - 500;
        let flag = ((t / 7) % 2) as i64;
        let slow = ((t / 100) % 256) as i64;
        let dac =
            2048 + (1500.0 * (std::f64::consts::TAU * 100.0 * t as f64 / 4000.0).sin()) as i64;
        [x, flag, slow, dac]
    }

    /// Entries of `parent` whose name marks a temporary directory of `name`.
    fn leftovers(parent: &Path, name: &str) -> Vec<String> {
        std::fs::read_dir(parent)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with(&format!(".{name}.tmp-")))
            .collect()
    }

    #[derive(serde::Serialize)]
    struct Summary {
        ticks: u64,
    }

    const ROWS: u64 = 4_000;

    fn write_run(dir: &Path) -> Vec<[i64; 4]> {
        let mut out = RunOutputs::create(dir, columns(), &["x", "flag", "slow"]).unwrap();
        out.reserve(ROWS);
        let rows: Vec<[i64; 4]> = (1..=ROWS).map(values).collect();
        for (t, v) in (1..=ROWS).zip(&rows) {
            out.row(t, v).unwrap();
        }
        assert_eq!(out.dac_codes().len(), ROWS as usize);
        let psd = out.dac_psd(1024);
        let plot = SpectrumPlot {
            psd,
            markers: vec![("theta".into(), 5.89), ("alpha".into(), 9.53)],
            title: "dac_output, test run".into(),
        };
        out.finish(&Summary { ticks: ROWS }, &plot).unwrap();
        rows
    }

    #[test]
    fn a_run_writes_all_five_files() {
        let base = scratch("all_files");
        let dir = base.join("out");
        let rows = write_run(&dir);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "dac.wav",
                "spectrum.png",
                "summary.json",
                "trace.csv",
                "waves.vcd"
            ]
        );
        assert!(leftovers(&base, "out").is_empty());

        // trace.csv: header, one line per row, values as given.
        let csv = std::fs::read_to_string(dir.join("trace.csv")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "tick,x,flag,slow,dac_output");
        assert_eq!(lines.len() as u64, ROWS + 1);
        let v = rows[41];
        assert_eq!(lines[42], format!("42,{},{},{},{}", v[0], v[1], v[2], v[3]));

        // summary.json
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
        assert_eq!(json["ticks"], ROWS);

        // dac.wav: mono 16-bit at 4 kHz, (code - 2048) * 16.
        let mut wav = hound::WavReader::open(dir.join("dac.wav")).unwrap();
        let spec = wav.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, 4000, 16)
        );
        let samples: Vec<i16> = wav.samples::<i16>().map(Result::unwrap).collect();
        let want: Vec<i16> = rows.iter().map(|r| ((r[3] - 2048) * 16) as i16).collect();
        assert_eq!(samples, want);

        // spectrum.png: signature, then IHDR with the requested width and height.
        let png = std::fs::read(dir.join("spectrum.png")).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!((be(&png[16..20]), be(&png[20..24])), PNG_SIZE);
    }

    #[test]
    fn the_vcd_parses_back_with_only_the_changes() {
        let base = scratch("vcd");
        let dir = base.join("out");
        let rows = write_run(&dir);
        let f = std::io::BufReader::new(File::open(dir.join("waves.vcd")).unwrap());
        let mut parser = vcd::Parser::new(f);
        let header = parser.parse_header().unwrap();
        assert_eq!(header.timescale, Some((1, vcd::TimescaleUnit::US)));
        let var = |n: &str| header.find_var(&["phin", n]).expect(n).clone();
        let (x, flag, slow) = (var("x"), var("flag"), var("slow"));
        assert_eq!((x.size, flag.size, slow.size), (18, 1, 8));
        assert!(header.find_var(&["phin", "dac_output"]).is_none());

        // Replay the changes and compare with the rows, tick by tick.
        let mut now = 0u64;
        let mut cur = [None::<i64>; 3];
        let mut seen = Vec::new();
        let mut changes = 0usize;
        let decode = |bits: Vec<vcd::Value>, signed: bool| {
            let w = bits.len() as u32;
            let u = bits
                .iter()
                .fold(0u64, |a, b| a << 1 | u64::from(*b == vcd::Value::V1));
            if signed && u >> (w - 1) == 1 {
                u as i64 - (1i64 << w)
            } else {
                u as i64
            }
        };
        // Every tick from one timestamp up to the next must show the values replayed so far.
        let check_span = |cur: &[Option<i64>; 3], from_us: u64, to_us: u64| {
            for tick in from_us / US_PER_TICK..to_us / US_PER_TICK {
                let r = rows[tick as usize - 1];
                assert_eq!(*cur, [Some(r[0]), Some(r[1]), Some(r[2])], "tick {tick}");
            }
        };
        for cmd in parser {
            match cmd.unwrap() {
                vcd::Command::Timestamp(t) => {
                    assert!(t > now, "timestamps increase: {t} after {now}");
                    if now > 0 {
                        check_span(&cur, now, t);
                    }
                    now = t;
                    seen.push(t);
                }
                vcd::Command::ChangeVector(id, v) => {
                    changes += 1;
                    let bits: Vec<vcd::Value> = v.iter().collect();
                    if id == x.code {
                        cur[0] = Some(decode(bits, true));
                    } else if id == slow.code {
                        cur[2] = Some(decode(bits, false));
                    } else {
                        panic!("vector change of an unknown id {id}");
                    }
                }
                vcd::Command::ChangeScalar(id, v) => {
                    changes += 1;
                    assert_eq!(id, flag.code);
                    cur[1] = Some(i64::from(v == vcd::Value::V1));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        // Every change written is a real change: count the changes in the rows.
        let mut want = 3; // the first row writes all three
        for w in rows.windows(2) {
            want += (0..3).filter(|&k| w[0][k] != w[1][k]).count();
        }
        assert_eq!(changes, want);
        // Timestamps are tick * 250 us; the last closes one tick after the final row.
        assert_eq!(seen.first(), Some(&US_PER_TICK));
        assert_eq!(seen.last(), Some(&((ROWS + 1) * US_PER_TICK)));
        let last = rows[rows.len() - 1];
        assert_eq!(cur, [Some(last[0]), Some(last[1]), Some(last[2])]);
    }

    #[test]
    fn an_existing_directory_gets_its_files_replaced_and_keeps_others() {
        let base = scratch("existing");
        let dir = base.join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("trace.csv"), "old").unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        write_run(&dir);
        let csv = std::fs::read_to_string(dir.join("trace.csv")).unwrap();
        assert!(csv.starts_with("tick,x,"));
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(dir.join("dac.wav").is_file());
        assert!(leftovers(&base, "out").is_empty());
    }

    #[test]
    fn dropping_without_finish_leaves_nothing() {
        let base = scratch("dropped");
        let dir = base.join("out");
        let mut out = RunOutputs::create(&dir, columns(), &["x"]).unwrap();
        assert_eq!(
            leftovers(&base, "out").len(),
            1,
            "the temporary directory exists"
        );
        for t in 1..=100 {
            out.row(t, &values(t)).unwrap();
        }
        drop(out);
        assert!(leftovers(&base, "out").is_empty());
        assert!(!dir.exists());
    }

    #[test]
    fn a_failed_row_then_drop_leaves_the_old_directory_untouched() {
        let base = scratch("failed");
        let dir = base.join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("trace.csv"), "old").unwrap();
        let mut out = RunOutputs::create(&dir, columns(), &["x"]).unwrap();
        out.row(1, &values(1)).unwrap();
        let e = out.row(2, &[0, 0, 0, 4096]).unwrap_err();
        assert!(
            e.0.contains("dac_output = 4096") && e.0.contains("0..=4095"),
            "{}",
            e.0
        );
        drop(out);
        assert_eq!(
            std::fs::read_to_string(dir.join("trace.csv")).unwrap(),
            "old"
        );
        assert!(leftovers(&base, "out").is_empty());
    }

    #[test]
    fn bad_out_paths_name_out() {
        let base = scratch("bad_out");
        let e = RunOutputs::create(&base.join("no/such/parent/out"), columns(), &[])
            .err()
            .unwrap();
        assert!(
            e.0.contains("--out") && e.0.contains("does not exist"),
            "{}",
            e.0
        );
        let file = base.join("a_file");
        std::fs::write(&file, "x").unwrap();
        let e = RunOutputs::create(&file, columns(), &[]).err().unwrap();
        assert!(e.0.contains("--out") && e.0.contains("file"), "{}", e.0);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
        assert!(!base.join("no").exists());
    }

    #[test]
    fn bad_columns_and_rows_are_errors() {
        let base = scratch("bad_columns");
        let dir = base.join("out");
        let col = |name: &str, width| Column {
            name: name.into(),
            width,
            signed: true,
        };
        let err = |cols: Vec<Column>, vcd: &[&str]| {
            RunOutputs::create(&dir, cols, vcd)
                .err()
                .expect("an error")
                .0
        };
        assert!(err(vec![col("a", 0)], &[]).contains("1..=64"));
        assert!(err(vec![col("a", 65)], &[]).contains("1..=64"));
        assert!(err(vec![col("a,b", 8)], &[]).contains("letters"));
        assert!(err(vec![col("a", 8), col("a", 8)], &[]).contains("already"));
        assert!(err(vec![col("a", 8)], &["b"]).contains("no such column"));
        assert!(leftovers(&base, "out").is_empty());

        let mut out = RunOutputs::create(&dir, columns(), &["x"]).unwrap();
        let e = out.row(1, &[0, 0]).unwrap_err();
        assert!(e.0.contains("2 values for 4 columns"), "{}", e.0);
        let e = out.row(1, &[1 << 17, 0, 0, 0]).unwrap_err();
        assert!(
            e.0.contains("x = 131072") && e.0.contains("-131072..=131071"),
            "{}",
            e.0
        );
        let e = out.row(1, &[0, 2, 0, 0]).unwrap_err();
        assert!(e.0.contains("flag = 2") && e.0.contains("0..=1"), "{}", e.0);
        out.row(5, &[-131072, 1, 255, 0]).unwrap();
        let e = out.row(5, &[0, 0, 0, 0]).unwrap_err();
        assert!(e.0.contains("ticks must increase"), "{}", e.0);
    }

    #[test]
    fn signed_values_are_twos_complement_bits() {
        let b = |v, w| -> String {
            bits(v, w)
                .map(|x| if x == vcd::Value::V1 { '1' } else { '0' })
                .collect()
        };
        assert_eq!(b(-1, 4), "1111");
        assert_eq!(b(-8, 4), "1000");
        assert_eq!(b(5, 4), "0101");
        assert_eq!(b(-131072, 18), format!("1{}", "0".repeat(17)));
    }
}
