//! Stimulus for a co-simulation: seeded random (`rand_xoshiro`), recorded to and replayed from a
//! text file. Every source yields one raw word per input port per tick.

use crate::dut::Port;
use crate::error::CosimError;
use phin_core::fixed_point::{mask, wrap_u};
use rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::io::{BufRead, Write};
use std::path::Path;

/// A source of per-tick input words.
pub trait Stimulus {
    /// Fills `out` (one raw word per port) for tick `tick`; false when the source is exhausted.
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool;
}

/// A uniform draw from `0..n` (`n` 0 acts as 1) by Lemire's multiply-shift, without a division:
/// the one way both random stimulus and the scripted scenario draw, so a seed means the same in
/// both.
pub(crate) fn below(rng: &mut impl RngCore, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n.max(1))) >> 64) as u64
}

#[derive(Clone, Copy)]
enum Mode {
    Hold(i64),
    RangePerTick,
    TypicalPerTick,
    FullPerTick,
}

/// Seeded random stimulus in regimes: each port holds an operating point or draws from its usual
/// range or, rarely, from its full range, and changes regime after a random 1..4096 ticks.
pub struct RandomStimulus {
    ports: &'static [Port],
    rng: Xoshiro256PlusPlus,
    modes: Vec<(Mode, u64)>,
    /// The seed, printed with every result so any run can be repeated.
    pub seed: u64,
}

impl RandomStimulus {
    /// A stimulus for `ports` from `seed`.
    pub fn new(ports: &'static [Port], seed: u64) -> Self {
        RandomStimulus {
            ports,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            modes: vec![(Mode::Hold(0), 0); ports.len()],
            seed,
        }
    }

    fn below(&mut self, n: u64) -> u64 {
        below(&mut self.rng, n)
    }

    fn in_range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn typical(&mut self, p: &Port) -> i64 {
        if p.typical.is_empty() {
            self.in_range(p.range.0, p.range.1)
        } else {
            p.typical[self.below(p.typical.len() as u64) as usize]
        }
    }

    fn full(&mut self, p: &Port) -> i64 {
        (self.rng.next_u64() & mask(p.width)) as i64
    }
}

impl Stimulus for RandomStimulus {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        let ports = self.ports;
        for (k, (slot, &p)) in out.iter_mut().zip(ports).enumerate() {
            if tick >= self.modes[k].1 {
                let roll = self.below(100);
                let mode = match roll {
                    0..=34 => Mode::Hold(self.typical(&p)),
                    35..=59 => Mode::Hold(self.in_range(p.range.0, p.range.1)),
                    60..=79 => Mode::RangePerTick,
                    80..=89 => Mode::TypicalPerTick,
                    _ => Mode::FullPerTick,
                };
                let len = 1 + self.below(4096);
                self.modes[k] = (mode, tick + len);
            }
            let v = match self.modes[k].0 {
                Mode::Hold(v) => v,
                Mode::RangePerTick => self.in_range(p.range.0, p.range.1),
                Mode::TypicalPerTick => self.typical(&p),
                Mode::FullPerTick => self.full(&p),
            };
            *slot = wrap_u(v, p.width);
        }
        true
    }
}

/// A fixed sequence of raw input rows (from a file, or from a proptest strategy).
pub struct ReplayStimulus {
    rows: Vec<Vec<u64>>,
}

impl ReplayStimulus {
    /// A stimulus that yields `rows` in order and is then exhausted.
    pub fn new(rows: Vec<Vec<u64>>) -> Self {
        ReplayStimulus { rows }
    }

    /// Number of ticks it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when it holds no tick.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reads a stimulus file written by [`Recorder`] for a top with these ports, checking every
    /// value against its port's range.
    pub fn load(path: &Path, ports: &[Port]) -> Result<Self, CosimError> {
        let f = std::fs::File::open(path).map_err(|e| CosimError::io(path, e))?;
        let mut rows = Vec::new();
        let mut header_seen = false;
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| CosimError::io(path, e))?;
            let at = format!("{}:{}", path.display(), n + 1);
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = t.split_whitespace().collect();
            if !header_seen {
                let want: Vec<&str> = ports.iter().map(|p| p.name).collect();
                if fields != want {
                    return Err(CosimError::Stimulus(format!(
                        "{at}: column names {fields:?} do not match the ports {want:?}"
                    )));
                }
                header_seen = true;
                continue;
            }
            if fields.len() != ports.len() {
                return Err(CosimError::Stimulus(format!(
                    "{at}: {} values, expected {} ({})",
                    fields.len(),
                    ports.len(),
                    ports.iter().map(|p| p.name).collect::<Vec<_>>().join(" ")
                )));
            }
            let mut row = Vec::with_capacity(ports.len());
            for (p, s) in ports.iter().zip(fields) {
                let (lo, hi) = if p.signed {
                    (-(1i128 << (p.width - 1)), (1i128 << (p.width - 1)) - 1)
                } else {
                    (0, (1i128 << p.width) - 1)
                };
                let v: i128 = s.parse().map_err(|_| {
                    CosimError::Stimulus(format!(
                        "{at}: {} = {s:?} is not an integer (allowed {lo}..={hi})",
                        p.name
                    ))
                })?;
                if v < lo || v > hi {
                    return Err(CosimError::Stimulus(format!(
                        "{at}: {} = {v} is out of range (allowed {lo}..={hi})",
                        p.name
                    )));
                }
                row.push(wrap_u(v as i64, p.width));
            }
            rows.push(row);
        }
        if !header_seen && ports.is_empty() {
            return Err(CosimError::Stimulus(format!(
                "{}: a top without inputs needs no stimulus file; use --ticks",
                path.display()
            )));
        }
        Ok(ReplayStimulus { rows })
    }
}

impl Stimulus for ReplayStimulus {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        match self.rows.get(tick as usize) {
            Some(r) => {
                out[..r.len()].copy_from_slice(r);
                true
            }
            None => false,
        }
    }
}

/// Records every row another source yields into a stimulus file, written under a temporary name
/// and renamed into place by [`Recorder::finish`].
pub struct Recorder<S: Stimulus> {
    inner: S,
    ports: &'static [Port],
    out: std::io::BufWriter<std::fs::File>,
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
    err: Option<std::io::Error>,
}

impl<S: Stimulus> Recorder<S> {
    /// Wraps `inner`, recording to `path`; `comment` goes in the header (seed, top).
    pub fn new(
        inner: S,
        ports: &'static [Port],
        path: &Path,
        comment: &str,
    ) -> Result<Self, CosimError> {
        let tmp = crate::tmp_name(path);
        let f = std::fs::File::create(&tmp).map_err(|e| CosimError::io(&tmp, e))?;
        let mut out = std::io::BufWriter::new(f);
        let names: Vec<&str> = ports.iter().map(|p| p.name).collect();
        writeln!(out, "# phin stimulus v1\n# {comment}\n{}", names.join(" "))
            .map_err(|e| CosimError::io(&tmp, e))?;
        Ok(Recorder {
            inner,
            ports,
            out,
            tmp,
            path: path.to_path_buf(),
            err: None,
        })
    }

    /// Flushes and renames the file into place.
    pub fn finish(mut self) -> Result<(), CosimError> {
        if let Some(e) = self.err.take() {
            let _ = std::fs::remove_file(&self.tmp);
            return Err(CosimError::io(&self.path, e));
        }
        self.out.flush().map_err(|e| CosimError::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| CosimError::io(&self.path, e))
    }
}

impl<S: Stimulus> Stimulus for Recorder<S> {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        if !self.inner.next(tick, out) {
            return false;
        }
        if self.err.is_none() {
            let mut line = String::new();
            for (k, p) in self.ports.iter().enumerate() {
                if k > 0 {
                    line.push(' ');
                }
                line += &p.value(out[k]).to_string();
            }
            if let Err(e) = writeln!(self.out, "{line}") {
                self.err = Some(e);
            }
        }
        true
    }
}
