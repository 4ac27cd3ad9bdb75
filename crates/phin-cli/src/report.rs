//! The data files of `phin run --out DIR`, streamed while the run goes: the trace (`trace.csv`,
//! or one `.npy` per column with `--format npy`) with its sidecar `trace.columns.json`,
//! `waves.vcd` and `dac.wav`. Nothing grows with the run's length: rows are formatted into a
//! buffer and written out in blocks. The same writers run into byte counters for the size
//! estimate ([`Sinks::counting`]), so the estimate and the files cannot drift apart.
//!
//! trace.csv: `time_s,tick,<columns>`; `time_s` is the tick's time in seconds, written exactly
//! (a tick is 250 µs); the other values are the registers' integers as the hardware holds them.
//! What each integer means (Q4.14, a DAC code, a state code) is in `trace.columns.json`, beside
//! it, so a CSV reader needs no comment lines. The VCD declares two's-complement signals as
//! `integer` (signed) and every Q4.14 signal a second time as a `real` under the scope
//! `phin.real`, which GTKWave and Surfer draw as analog waves.

use crate::args::UserError;
use crate::files::OutDir;
use phin_core::constants::{DAC_RESET, TICK_HZ};
use phin_core::fixed_point::FRAC;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Simulated microseconds per 4 kHz tick (250): the VCD timescale is 1 us.
pub const US_PER_TICK: u64 = (1e6 / TICK_HZ) as u64;
/// Sample rate of `dac.wav`: one sample per tick.
const WAV_RATE_HZ: u32 = TICK_HZ as u32;
/// Most samples a 16-bit WAV can hold: its data chunk length is a `u32` count of bytes (less a
/// margin for the header), and hound would wrap silently past it.
pub const MAX_WAV_SAMPLES: u64 = (u32::MAX as u64 - 64) / 2;
/// Size of dac.wav's header, bytes.
pub const WAV_HEADER_BYTES: u64 = 44;
/// Bytes gathered before a block goes to the file.
const BLOCK: usize = 1 << 16;
/// Decimals of the VCD's real views: 1e-6 is finer than a Q4.14 step (6.1e-5), so every word
/// has its own decimal and `round(r · 16384)` gives the word back exactly.
const REAL_DECIMALS: u32 = 6;

/// What a trace column's integers mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A Q4.14 fixed-point real: the value is the integer / 16384.
    Q14,
    /// The DAC's 12-bit code, 0 … 4095; 2048 is the output's zero (mid-scale).
    DacCode,
    /// A state code whose names the column's `meaning` lists.
    Code,
    /// A bit pattern.
    Bits,
}

/// One recorded signal: a column of the trace and, when chosen, a wire of `waves.vcd`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Column name: ASCII letters, digits and `_`.
    pub name: String,
    /// The RTL register it records, by hierarchical name.
    pub rtl: String,
    /// Width in bits, 1 … 64.
    pub width: u32,
    /// Two's-complement signed (else unsigned).
    pub signed: bool,
    /// What the integers mean.
    pub unit: Unit,
    /// One line for a reader: the signal, and for codes their names.
    pub meaning: String,
}

impl Column {
    /// Scale from the integer to the real value (Q4.14: 1/16384), if the column is a real.
    pub fn scale(&self) -> Option<f64> {
        (self.unit == Unit::Q14).then(|| 1.0 / f64::from(1u32 << FRAC))
    }

    /// NumPy's dtype of the column in a `.npy` file: the narrowest little-endian integer that
    /// holds the width.
    fn npy_dtype(&self) -> (&'static str, usize) {
        if self.width <= 32 {
            ("<i4", 4)
        } else {
            ("<i8", 8)
        }
    }
}

/// The trace's file format (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum TraceFormat {
    /// `trace.csv`: one row per recorded tick.
    Csv,
    /// One NumPy `.npy` file per column (`time_s.npy`, `tick.npy`, `theta_x.npy`, …):
    /// `numpy.load` reads each as a 1-D array.
    Npy,
}

/// What the trace writer writes: all recorded columns, and which of them go where.
#[derive(Clone, Debug)]
pub struct TraceSpec {
    /// Every recorded column, in the order of the values of [`TraceWriter::row`].
    pub columns: Vec<Column>,
    /// Columns written to the trace, by index (empty: no trace file).
    pub trace: Vec<usize>,
    /// The trace's format.
    pub format: TraceFormat,
    /// Columns shown in waves.vcd, by index (empty: no waves.vcd).
    pub vcd: Vec<usize>,
    /// A row every this many ticks.
    pub every: u64,
    /// Rows the run records (an `.npy` header states its length before the data).
    pub rows: u64,
}

/// A file's name and the bytes counted for it.
type Counted = (String, Arc<AtomicU64>);

/// Where the writers' bytes go: files in the temporary output directory, or byte counters.
pub enum Sinks<'a> {
    /// The files of an output directory being written.
    Files(&'a OutDir),
    /// Byte counters by file name, for the size estimate.
    Counting(Arc<Mutex<Vec<Counted>>>),
}

impl Sinks<'_> {
    /// Counters that start at zero.
    pub fn counting() -> Sinks<'static> {
        Sinks::Counting(Arc::default())
    }

    /// The bytes counted so far, by file name (empty for `Files`).
    pub fn counts(&self) -> Vec<(String, u64)> {
        match self {
            Sinks::Files(_) => Vec::new(),
            Sinks::Counting(c) => c
                .lock()
                .map(|c| {
                    c.iter()
                        .map(|(n, k)| (n.clone(), k.load(Ordering::Relaxed)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn open(&self, name: &str) -> Result<Box<dyn Write + Send>, UserError> {
        match self {
            Sinks::Files(out) => {
                let path = out.file(name);
                let f = std::fs::File::create(&path)
                    .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
                Ok(Box::new(f))
            }
            Sinks::Counting(c) => {
                let n = Arc::new(AtomicU64::new(0));
                if let Ok(mut c) = c.lock() {
                    c.push((name.to_string(), n.clone()));
                }
                Ok(Box::new(Counter(n)))
            }
        }
    }
}

/// A writer that only counts.
struct Counter(Arc<AtomicU64>);

impl Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(b.len() as u64, Ordering::Relaxed);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One output file: a buffer formatted into and written out in blocks.
struct Out {
    name: String,
    w: Box<dyn Write + Send>,
    buf: Vec<u8>,
}

impl Out {
    fn new(sinks: &Sinks<'_>, name: &str) -> Result<Out, UserError> {
        Ok(Out {
            name: name.to_string(),
            w: sinks.open(name)?,
            buf: Vec::with_capacity(BLOCK + 4096),
        })
    }

    fn err(&self, e: std::io::Error) -> UserError {
        UserError(format!("{}: {e}", self.name))
    }

    /// Writes the buffer out when a block has gathered.
    #[inline]
    fn spill(&mut self) -> Result<(), UserError> {
        if self.buf.len() >= BLOCK {
            self.w.write_all(&self.buf).map_err(|e| self.err(e))?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<String, UserError> {
        self.w.write_all(&self.buf).map_err(|e| self.err(e))?;
        self.w.flush().map_err(|e| self.err(e))?;
        Ok(self.name)
    }
}

/// Two decimal digits of 0 … 99, for formatting two at a time.
const DIGITS2: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Appends `v` in decimal (the row formatter's hot path: no allocation, two digits a step).
#[inline]
fn push_int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    push_u64(buf, v.unsigned_abs());
}

/// Appends `n` in decimal.
#[inline]
fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    // Room for the digits appended as a fixed-size block (a few stores, no copy call), filled
    // from the right, then cut to the number's length.
    let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
    let start = buf.len();
    buf.extend_from_slice(&[b'0'; 20]);
    let out = &mut buf[start..start + digits];
    let mut i = digits;
    while n >= 100 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        out[i] = DIGITS2[d];
        out[i + 1] = DIGITS2[d + 1];
    }
    if n >= 10 {
        let d = n as usize * 2;
        out[i - 2] = DIGITS2[d];
        out[i - 1] = DIGITS2[d + 1];
    } else {
        out[i - 1] = b'0' + n as u8;
    }
    buf.truncate(start + digits);
}

/// Each byte's eight bits as ASCII, most significant first.
static BITS8: [[u8; 8]; 256] = {
    let mut t = [[b'0'; 8]; 256];
    let mut v = 0;
    while v < 256 {
        let mut i = 0;
        while i < 8 {
            if (v >> (7 - i)) & 1 == 1 {
                t[v][i] = b'1';
            }
            i += 1;
        }
        v += 1;
    }
    t
};

/// Appends the low `width` bits of `v`, most significant first (two's complement).
#[inline]
fn push_bits(buf: &mut Vec<u8>, v: i64, width: u32) {
    let u = v as u64;
    let head = width % 8;
    for i in (width - head..width).rev() {
        buf.push(b'0' + ((u >> i) & 1) as u8);
    }
    let mut shift = width - head;
    while shift >= 8 {
        shift -= 8;
        buf.extend_from_slice(&BITS8[((u >> shift) & 0xff) as usize]);
    }
}

/// Appends the time of `tick` in seconds, exactly: whole seconds, then the microseconds without
/// trailing zeros (`0.00025`, `1.5`, `2`).
#[inline]
fn push_time(buf: &mut Vec<u8>, tick: u64) {
    let us = tick * US_PER_TICK;
    push_u64(buf, us / 1_000_000);
    let mut frac = us % 1_000_000;
    if frac == 0 {
        return;
    }
    let mut digits = 6;
    while frac.is_multiple_of(10) {
        frac /= 10;
        digits -= 1;
    }
    buf.push(b'.');
    let len = buf.len();
    push_u64(buf, frac);
    let s = buf.len() - len;
    // Leading zeros of the fraction go before its digits.
    buf.splice(len..len, std::iter::repeat_n(b'0', digits - s));
}

/// The fraction of every Q4.14 word as text, `.dddddd` with [`REAL_DECIMALS`] decimals rounded
/// half up and trailing zeros cut (empty for 0): built once, so a real costs a table look-up.
fn q14_fractions() -> &'static [([u8; 8], u8)] {
    static T: std::sync::OnceLock<Vec<([u8; 8], u8)>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let scale = 10u64.pow(REAL_DECIMALS);
        let one = 1u64 << FRAC;
        (0..one)
            .map(|f| {
                // Below 1 - 0.5e-6 for every f < 2^14, so rounding never carries into the integer.
                let mut frac = (f * scale + one / 2) >> FRAC;
                let mut out = [0u8; 8];
                if frac == 0 {
                    return (out, 0);
                }
                let mut digits = REAL_DECIMALS as usize;
                while frac.is_multiple_of(10) {
                    frac /= 10;
                    digits -= 1;
                }
                out[0] = b'.';
                for k in (1..=digits).rev() {
                    out[k] = b'0' + (frac % 10) as u8;
                    frac /= 10;
                }
                (out, digits as u8 + 1)
            })
            .collect()
    })
}

/// Appends the Q4.14 word `v` as a real with [`REAL_DECIMALS`] decimals, trailing zeros cut.
#[cfg(test)]
fn push_q14(buf: &mut Vec<u8>, v: i64) {
    push_q14_with(buf, v, q14_fractions());
}

#[inline]
fn push_q14_with(buf: &mut Vec<u8>, v: i64, table: &[([u8; 8], u8)]) {
    let mag = v.unsigned_abs();
    let int = mag >> FRAC;
    let (frac, len) = &table[(mag & ((1 << FRAC) - 1)) as usize];
    if v < 0 {
        buf.push(b'-');
    }
    push_u64(buf, int);
    // The whole 8-byte entry (one store), cut to its length.
    let at = buf.len();
    buf.extend_from_slice(frac);
    buf.truncate(at + *len as usize);
}

/// The VCD identifier code of wire `k`: base 94 over the printable characters `!` … `~`.
fn vcd_id(mut k: usize) -> String {
    let mut s = String::new();
    loop {
        s.push((b'!' + (k % 94) as u8) as char);
        k /= 94;
        if k == 0 {
            return s;
        }
        k -= 1;
    }
}

/// The header of a `.npy` file (format 1.0) of a 1-D array of `rows` values of `descr`, padded
/// to a multiple of 64 bytes as NumPy writes it.
fn npy_header(descr: &str, rows: u64) -> Vec<u8> {
    let dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows},), }}");
    let unpadded = 10 + dict.len() + 1;
    let total = unpadded.div_ceil(64) * 64;
    let mut h = Vec::with_capacity(total);
    h.extend_from_slice(b"\x93NUMPY\x01\x00");
    h.extend_from_slice(&((total - 10) as u16).to_le_bytes());
    h.extend_from_slice(dict.as_bytes());
    h.resize(total - 1, b' ');
    h.push(b'\n');
    h
}

/// What an `.npy` file holds.
#[derive(Clone, Copy)]
enum NpySource {
    /// The time in seconds, `<f8`.
    Time,
    /// The tick, `<u8`.
    Tick,
    /// Column k of the row, as `<i4` (`true`) or `<i8`.
    Column(usize, bool),
}

/// A `.npy` column being written.
struct NpyColumn {
    out: Out,
    src: NpySource,
}

/// The trace (CSV or NPY) and waves.vcd of one run, streamed.
pub struct TraceWriter {
    spec: TraceSpec,
    csv: Option<Out>,
    npy: Vec<NpyColumn>,
    vcd: Option<Out>,
    /// Per VCD column: its identifier, and the identifier of its real view (Q4.14 only).
    vcd_ids: Vec<(usize, String, Option<String>)>,
    last: Vec<i64>,
    last_tick: Option<u64>,
    rows_written: u64,
}

impl TraceWriter {
    /// Opens the trace files in `sinks` and writes their headers.
    pub fn create(spec: TraceSpec, sinks: &Sinks<'_>) -> Result<TraceWriter, UserError> {
        let mut w = TraceWriter {
            csv: None,
            npy: Vec::new(),
            vcd: None,
            vcd_ids: Vec::new(),
            last: vec![0; spec.columns.len()],
            last_tick: None,
            rows_written: 0,
            spec,
        };
        if !w.spec.trace.is_empty() {
            match w.spec.format {
                TraceFormat::Csv => {
                    let mut o = Out::new(sinks, "trace.csv")?;
                    o.buf.extend_from_slice(b"time_s,tick");
                    for &k in &w.spec.trace {
                        o.buf.push(b',');
                        o.buf.extend_from_slice(w.spec.columns[k].name.as_bytes());
                    }
                    o.buf.push(b'\n');
                    w.csv = Some(o);
                }
                TraceFormat::Npy => {
                    let rows = w.spec.rows;
                    let mut open = |name: &str, descr: &str, src| {
                        let mut out = Out::new(sinks, &format!("{name}.npy"))?;
                        out.buf.extend_from_slice(&npy_header(descr, rows));
                        w.npy.push(NpyColumn { out, src });
                        Ok::<(), UserError>(())
                    };
                    open("time_s", "<f8", NpySource::Time)?;
                    open("tick", "<u8", NpySource::Tick)?;
                    for &k in &w.spec.trace.clone() {
                        let c = &w.spec.columns[k];
                        let (descr, bytes) = c.npy_dtype();
                        open(&c.name.clone(), descr, NpySource::Column(k, bytes == 4))?;
                    }
                }
            }
        }
        if !w.spec.vcd.is_empty() {
            w.open_vcd(sinks)?;
        }
        Ok(w)
    }

    fn open_vcd(&mut self, sinks: &Sinks<'_>) -> Result<(), UserError> {
        let mut o = Out::new(sinks, "waves.vcd")?;
        let mut h = String::new();
        h += &format!(
            "$comment phin {}: the processor's registers at the 4 kHz tick; `integer` signals \
             are two's-complement signed; the scope `real` shows every Q4.14 signal as a real \
             (the integer / 16384) $end\n",
            env!("CARGO_PKG_VERSION")
        );
        h += "$timescale 1 us $end\n$scope module phin $end\n";
        let mut next = 0;
        for &k in &self.spec.vcd {
            let c = &self.spec.columns[k];
            let id = vcd_id(next);
            next += 1;
            let kind = if c.signed { "integer" } else { "wire" };
            h += &format!("$var {kind} {} {id} {} $end\n", c.width, c.name);
            self.vcd_ids.push((k, id, None));
        }
        let reals: Vec<usize> = (0..self.vcd_ids.len())
            .filter(|&i| self.spec.columns[self.vcd_ids[i].0].unit == Unit::Q14)
            .collect();
        if !reals.is_empty() {
            h += "$scope module real $end\n";
            for i in reals {
                let id = vcd_id(next);
                next += 1;
                let c = &self.spec.columns[self.vcd_ids[i].0];
                h += &format!("$var real 64 {id} {} $end\n", c.name);
                self.vcd_ids[i].2 = Some(id);
            }
            h += "$upscope $end\n";
        }
        h += "$upscope $end\n$enddefinitions $end\n";
        o.buf.extend_from_slice(h.as_bytes());
        self.vcd = Some(o);
        Ok(())
    }

    /// Records one row: `values` in the order of the spec's columns, at `tick` (increasing).
    pub fn row(&mut self, tick: u64, values: &[i64]) -> Result<(), UserError> {
        debug_assert_eq!(values.len(), self.spec.columns.len());
        if let Some(o) = self.csv.as_mut() {
            push_time(&mut o.buf, tick);
            o.buf.push(b',');
            push_u64(&mut o.buf, tick);
            for &k in &self.spec.trace {
                o.buf.push(b',');
                push_int(&mut o.buf, values[k]);
            }
            o.buf.push(b'\n');
            o.spill()?;
        }
        for n in &mut self.npy {
            let b = &mut n.out.buf;
            match n.src {
                NpySource::Column(k, true) => {
                    b.extend_from_slice(&(values[k] as i32).to_le_bytes())
                }
                NpySource::Column(k, false) => b.extend_from_slice(&values[k].to_le_bytes()),
                NpySource::Tick => b.extend_from_slice(&tick.to_le_bytes()),
                NpySource::Time => b.extend_from_slice(&(tick as f64 / TICK_HZ).to_le_bytes()),
            }
            n.out.spill()?;
        }
        if let Some(o) = self.vcd.as_mut() {
            let fractions = q14_fractions();
            let first = self.last_tick.is_none();
            let mut stamped = false;
            for (k, id, real) in &self.vcd_ids {
                let v = values[*k];
                if !first && v == self.last[*k] {
                    continue;
                }
                if !stamped {
                    o.buf.push(b'#');
                    push_u64(&mut o.buf, tick * US_PER_TICK);
                    o.buf.push(b'\n');
                    stamped = true;
                }
                let width = self.spec.columns[*k].width;
                if width == 1 {
                    o.buf.push(b'0' + (v & 1) as u8);
                } else {
                    o.buf.push(b'b');
                    push_bits(&mut o.buf, v, width);
                    o.buf.push(b' ');
                }
                for &b in id.as_bytes() {
                    o.buf.push(b);
                }
                o.buf.push(b'\n');
                if let Some(rid) = real {
                    o.buf.push(b'r');
                    push_q14_with(&mut o.buf, v, fractions);
                    o.buf.push(b' ');
                    for &b in rid.as_bytes() {
                        o.buf.push(b);
                    }
                    o.buf.push(b'\n');
                }
            }
            o.spill()?;
        }
        self.last.copy_from_slice(values);
        self.last_tick = Some(tick);
        self.rows_written += 1;
        Ok(())
    }

    /// Writes out everything formatted so far (for the size estimate's half-way count).
    pub fn flush_buffers(&mut self) -> Result<(), UserError> {
        let outs = self
            .csv
            .iter_mut()
            .chain(self.npy.iter_mut().map(|n| &mut n.out))
            .chain(self.vcd.iter_mut());
        for o in outs {
            o.w.write_all(&o.buf).map_err(|e| o.err(e))?;
            o.buf.clear();
        }
        Ok(())
    }

    /// Completes the files (the VCD gets a closing timestamp one row past the last, so viewers
    /// show the last values for a whole row) and returns their names.
    pub fn finish(mut self) -> Result<Vec<String>, UserError> {
        let mut names = Vec::new();
        if let Some(o) = self.csv.take() {
            names.push(o.finish()?);
        }
        if !self.npy.is_empty() && self.rows_written != self.spec.rows {
            return Err(UserError(format!(
                "trace: {} rows written, {} announced in the .npy headers",
                self.rows_written, self.spec.rows
            )));
        }
        for n in self.npy.drain(..) {
            names.push(n.out.finish()?);
        }
        if let Some(mut o) = self.vcd.take() {
            if let Some(t) = self.last_tick {
                let end = t
                    .saturating_add(self.spec.every)
                    .saturating_mul(US_PER_TICK);
                o.buf.push(b'#');
                push_int(&mut o.buf, end as i64);
                o.buf.push(b'\n');
            }
            names.push(o.finish()?);
        }
        Ok(names)
    }

    /// The sidecar `trace.columns.json`: what every column of the trace means.
    pub fn columns_json(&self) -> serde_json::Value {
        columns_json(&self.spec)
    }
}

/// `trace.columns.json` of a spec.
pub fn columns_json(spec: &TraceSpec) -> serde_json::Value {
    let mut cols = vec![
        serde_json::json!({"name": "time_s", "unit": "s", "meaning": "time of the tick, seconds (tick / 4000)"}),
        serde_json::json!({"name": "tick", "unit": "tick", "meaning": "4 kHz clock enables since reset (1 = the first)"}),
    ];
    for &k in &spec.trace {
        let c = &spec.columns[k];
        let mut v = serde_json::to_value(c).unwrap_or_default();
        if let Some(s) = c.scale() {
            v["scale"] = serde_json::json!(s);
        }
        if spec.format == TraceFormat::Npy {
            v["dtype"] = serde_json::json!(c.npy_dtype().0);
        }
        cols.push(v);
    }
    serde_json::json!({
        "format": spec.format,
        "tick_hz": TICK_HZ,
        "every_ticks": spec.every,
        "rows": spec.rows,
        "how_to_read": match spec.format {
            TraceFormat::Csv => "pandas.read_csv('trace.csv'); a Q4.14 column times its scale is the real value",
            TraceFormat::Npy => "numpy.load('<column>.npy') per column; a Q4.14 column times its scale is the real value",
        },
        "columns": cols,
    })
}

/// dac.wav, streamed: mono 16-bit at 4 kHz, the 12-bit code around mid-scale times 16.
pub struct WavWriter {
    w: hound::WavWriter<std::io::BufWriter<std::fs::File>>,
    name: String,
}

impl WavWriter {
    /// Opens dac.wav in the temporary directory.
    pub fn create(out: &OutDir) -> Result<WavWriter, UserError> {
        let path = out.file("dac.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: WAV_RATE_HZ,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let w = hound::WavWriter::create(&path, spec)
            .map_err(|e| UserError(format!("{}: {e}", path.display())))?;
        Ok(WavWriter {
            w,
            name: "dac.wav".into(),
        })
    }

    /// One DAC code (0 … 4095).
    #[inline]
    pub fn push(&mut self, code: u16) -> Result<(), UserError> {
        // -2048..=2047 times 16 fits an i16.
        let s = ((i32::from(code) - DAC_RESET as i32) * 16) as i16;
        self.w
            .write_sample(s)
            .map_err(|e| UserError(format!("dac.wav: {e}")))
    }

    /// Completes the header; returns the file name.
    pub fn finish(self) -> Result<String, UserError> {
        self.w
            .finalize()
            .map_err(|e| UserError(format!("dac.wav: {e}")))?;
        Ok(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, width: u32, signed: bool, unit: Unit) -> Column {
        Column {
            name: name.into(),
            rtl: name.into(),
            width,
            signed,
            unit,
            meaning: String::new(),
        }
    }

    #[test]
    fn times_and_reals_are_written_exactly() {
        let s = |f: &dyn Fn(&mut Vec<u8>)| {
            let mut b = Vec::new();
            f(&mut b);
            String::from_utf8(b).unwrap()
        };
        assert_eq!(s(&|b| push_time(b, 1)), "0.00025");
        assert_eq!(s(&|b| push_time(b, 4_000)), "1");
        assert_eq!(s(&|b| push_time(b, 6_002)), "1.5005");
        assert_eq!(s(&|b| push_q14(b, 16_384)), "1");
        assert_eq!(s(&|b| push_q14(b, -8_192)), "-0.5");
        assert_eq!(s(&|b| push_q14(b, 1)), "0.000061");
        assert_eq!(s(&|b| push_q14(b, -131_072)), "-8");
        assert_eq!(s(&|b| push_q14(b, 0)), "0");
        // Every word has its own decimal, and the decimal gives the word back.
        for v in -131_072i64..131_072 {
            let r: f64 = s(&|b| push_q14(b, v)).parse().unwrap();
            assert_eq!((r * 16_384.0).round() as i64, v);
        }
        let bits = |v, w| s(&|b| push_bits(b, v, w));
        assert_eq!(bits(-1, 4), "1111");
        assert_eq!(bits(5, 4), "0101");
        assert_eq!(bits(-131_072, 18), format!("1{}", "0".repeat(17)));
        assert_eq!(bits(0b1011_0000_0001, 12), "101100000001");
        for v in [0i64, 7, -7, 99, 100, -101, 123_456_789, i64::MIN, i64::MAX] {
            assert_eq!(s(&|b| push_int(b, v)), v.to_string());
        }
        assert_eq!(vcd_id(0), "!");
        assert_eq!(vcd_id(93), "~");
        assert_eq!(vcd_id(94), "!!");
    }

    #[test]
    fn npy_headers_are_what_numpy_writes() {
        let h = npy_header("<i4", 12);
        assert_eq!(h.len() % 64, 0);
        assert_eq!(&h[..8], b"\x93NUMPY\x01\x00");
        let len = u16::from_le_bytes([h[8], h[9]]) as usize;
        assert_eq!(len + 10, h.len());
        let text = std::str::from_utf8(&h[10..]).unwrap();
        assert!(text.starts_with("{'descr': '<i4', 'fortran_order': False, 'shape': (12,), }"));
        assert!(text.ends_with(" \n"));
    }

    #[test]
    fn counting_sinks_count_what_files_would_hold() {
        let spec = TraceSpec {
            columns: vec![
                col("x", 18, true, Unit::Q14),
                col("f", 1, false, Unit::Bits),
            ],
            trace: vec![0, 1],
            format: TraceFormat::Csv,
            vcd: vec![0, 1],
            every: 1,
            rows: 3,
        };
        let sinks = Sinks::counting();
        let mut w = TraceWriter::create(spec, &sinks).unwrap();
        for (t, v) in [(1u64, [-1i64, 0]), (2, [-1, 1]), (3, [16_384, 1])] {
            w.row(t, &v).unwrap();
        }
        let names = w.finish().unwrap();
        assert_eq!(names, ["trace.csv", "waves.vcd"]);
        let counts = sinks.counts();
        let csv = "time_s,tick,x,f\n0.00025,1,-1,0\n0.0005,2,-1,1\n0.00075,3,16384,1\n";
        assert_eq!(counts[0], ("trace.csv".to_string(), csv.len() as u64));
        assert!(counts[1].1 > 100);
    }
}
