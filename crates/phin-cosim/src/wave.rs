//! Waveforms of a co-simulation: a VCD with the inputs, the RTL values, the model values and one
//! `differs` flag per signal, side by side under scopes `inputs`, `rtl`, `model` and `diff` (or
//! the names of two RTL trees compared with each other).
//! GTKWave and Surfer open it. One tick is 250 us of simulated time.

use crate::dut::Port;
use crate::error::CosimError;
use phin_core::Signal;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use vcd::{IdCode, TimescaleUnit, Value, Writer};

/// Microseconds per tick at 4 kHz.
const US_PER_TICK: u64 = 250;

/// Writes a waveform under a temporary name and renames it into place when finished.
pub struct WaveWriter {
    w: Writer<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
    inputs: Vec<(IdCode, u32)>,
    rtl: Vec<(IdCode, u32)>,
    model: Vec<(IdCode, u32)>,
    diff: Vec<IdCode>,
    last: Option<(Vec<u64>, Vec<u64>, Vec<u64>)>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CosimError + '_ {
    move |e| CosimError::io(path, e)
}

/// Declares `signals` under nested scopes that follow their hierarchical names.
fn declare(
    w: &mut Writer<BufWriter<File>>,
    signals: &[(String, u32)],
    path: &Path,
) -> Result<Vec<(IdCode, u32)>, CosimError> {
    let mut ids = Vec::with_capacity(signals.len());
    let mut open: Vec<String> = Vec::new();
    // Signals are declared in table order; scopes are opened and closed as the prefix changes.
    for (name, width) in signals {
        let parts: Vec<&str> = name.split('.').collect();
        let (scopes, leaf) = parts.split_at(parts.len() - 1);
        let common = open
            .iter()
            .zip(scopes)
            .take_while(|(a, b)| a.as_str() == **b)
            .count();
        while open.len() > common {
            w.upscope().map_err(io(path))?;
            open.pop();
        }
        for s in &scopes[common..] {
            w.add_module(s).map_err(io(path))?;
            open.push(s.to_string());
        }
        ids.push((w.add_wire(*width, leaf[0]).map_err(io(path))?, *width));
    }
    for _ in open {
        w.upscope().map_err(io(path))?;
    }
    Ok(ids)
}

fn bits(raw: u64, width: u32) -> impl Iterator<Item = Value> {
    (0..width).rev().map(move |b| {
        if raw >> b & 1 == 1 {
            Value::V1
        } else {
            Value::V0
        }
    })
}

impl WaveWriter {
    /// Starts a waveform for a top with these input ports and compared signals, the two sides
    /// under scopes `rtl` and `model`.
    pub fn create(path: &Path, ports: &[Port], signals: &[Signal]) -> Result<Self, CosimError> {
        Self::create_named(path, ports, signals, &("model".into(), "rtl".into()))
    }

    /// Like [`WaveWriter::create`], the sides' scopes named `sides` (reference first).
    pub fn create_named(
        path: &Path,
        ports: &[Port],
        signals: &[Signal],
        sides: &(String, String),
    ) -> Result<Self, CosimError> {
        let tmp = crate::tmp_name(path);
        let f = File::create(&tmp).map_err(io(&tmp))?;
        let mut w = Writer::new(BufWriter::new(f));
        w.timescale(1, TimescaleUnit::US).map_err(io(&tmp))?;
        w.add_module("phin").map_err(io(&tmp))?;
        let table: Vec<(String, u32)> = signals.iter().map(|s| (s.name.clone(), s.width)).collect();
        let port_table: Vec<(String, u32)> = ports
            .iter()
            .map(|p| (p.name.to_string(), p.width))
            .collect();
        w.add_module("inputs").map_err(io(&tmp))?;
        let inputs = declare(&mut w, &port_table, &tmp)?;
        w.upscope().map_err(io(&tmp))?;
        w.add_module(&sides.1).map_err(io(&tmp))?;
        let rtl = declare(&mut w, &table, &tmp)?;
        w.upscope().map_err(io(&tmp))?;
        w.add_module(&sides.0).map_err(io(&tmp))?;
        let model = declare(&mut w, &table, &tmp)?;
        w.upscope().map_err(io(&tmp))?;
        w.add_module("diff").map_err(io(&tmp))?;
        let flags: Vec<(String, u32)> = signals.iter().map(|s| (s.name.clone(), 1)).collect();
        let diff = declare(&mut w, &flags, &tmp)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        w.upscope().map_err(io(&tmp))?;
        w.upscope().map_err(io(&tmp))?;
        w.enddefinitions().map_err(io(&tmp))?;
        Ok(WaveWriter {
            w,
            tmp,
            path: path.to_path_buf(),
            inputs,
            rtl,
            model,
            diff,
            last: None,
        })
    }

    /// Records one tick; only values that changed are written.
    pub fn tick(
        &mut self,
        tick: u64,
        inputs: &[u64],
        rtl: &[u64],
        model: &[u64],
    ) -> Result<(), CosimError> {
        let p = self.tmp.clone();
        self.w.timestamp(tick * US_PER_TICK).map_err(io(&p))?;
        let first = self.last.is_none();
        let (li, lr, lm) = self.last.take().unwrap_or_else(|| {
            (
                vec![0; inputs.len()],
                vec![0; rtl.len()],
                vec![0; model.len()],
            )
        });
        for (k, &(id, wd)) in self.inputs.iter().enumerate() {
            if first || inputs[k] != li[k] {
                self.w
                    .change_vector(id, bits(inputs[k], wd))
                    .map_err(io(&p))?;
            }
        }
        for k in 0..self.rtl.len() {
            let (rid, wd) = self.rtl[k];
            let (mid, _) = self.model[k];
            if first || rtl[k] != lr[k] {
                self.w
                    .change_vector(rid, bits(rtl[k], wd))
                    .map_err(io(&p))?;
            }
            if first || model[k] != lm[k] {
                self.w
                    .change_vector(mid, bits(model[k], wd))
                    .map_err(io(&p))?;
            }
            let was = lr[k] != lm[k];
            let is = rtl[k] != model[k];
            if first || was != is {
                let v = if is { Value::V1 } else { Value::V0 };
                self.w.change_scalar(self.diff[k], v).map_err(io(&p))?;
            }
        }
        self.last = Some((inputs.to_vec(), rtl.to_vec(), model.to_vec()));
        Ok(())
    }

    /// Flushes and renames the file into place.
    pub fn finish(mut self) -> Result<(), CosimError> {
        use std::io::Write;
        self.w.writer().flush().map_err(io(&self.tmp))?;
        std::fs::rename(&self.tmp, &self.path).map_err(io(&self.path))
    }
}
