//! Lockstep comparison: the same stimulus into the model and the Verilated RTL, every compared
//! signal checked after every tick, and a report that names the first divergent register.

use crate::dut::{Dut, Port};
use crate::error::CosimError;
use crate::report::SignalStats;
use crate::rtl_sim::RtlSim;
use crate::stimulus::Stimulus;
use crate::wave::WaveWriter;
use phin_core::constants::{DIV_4K, TICK_HZ};
use phin_core::fixed_point::{mask, q14_to_f64};
use phin_core::Signal;
use std::collections::VecDeque;
use std::fmt;
use std::path::PathBuf;

/// Ticks kept for the mismatch report and its waveform.
pub const HISTORY: usize = 64;
/// Ticks run past a first mismatch so that its waveform shows what follows.
pub const AFTER: usize = 8;

/// How to run a lockstep comparison.
#[derive(Clone, Debug, Default)]
pub struct LockstepConfig {
    /// Ticks to run (a replayed stimulus may end sooner).
    pub ticks: u64,
    /// 0: stop at the first divergence. N > 0: go on, counting divergent ticks, until N of them.
    pub keep_going: u64,
    /// Write a waveform of the whole run here.
    pub vcd: Option<PathBuf>,
    /// Write the waveform of the window around the first mismatch here.
    pub mismatch_vcd: Option<PathBuf>,
    /// The seed of the stimulus, for the report (None for replayed stimulus).
    pub seed: Option<u64>,
    /// A command line that reproduces this run, for the report (empty: none is printed).
    pub repro: String,
    /// Names of the two sides in reports and waveforms, reference first; empty: "model" and
    /// "rtl". RTL against RTL names them after the trees.
    pub sides: Option<(String, String)>,
}

impl LockstepConfig {
    /// The two sides' names, reference first.
    pub fn side_names(&self) -> (String, String) {
        self.sides
            .clone()
            .unwrap_or_else(|| ("model".into(), "rtl".into()))
    }
}

/// One tick of history: inputs and both sides' values.
#[derive(Clone, Debug)]
pub struct TickRecord {
    /// The tick (0 is the state right after reset).
    pub tick: u64,
    /// Raw input words driven at this tick.
    pub inputs: Vec<u64>,
    /// Raw model values, in signal-table order.
    pub model: Vec<u64>,
    /// Raw RTL values, in signal-table order.
    pub rtl: Vec<u64>,
}

/// The first divergence of a run.
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// The tick at which the two sides first differ.
    pub tick: u64,
    /// The first divergent signal (table order).
    pub signal: Signal,
    /// Its RTL value, raw.
    pub rtl: u64,
    /// Its model value, raw.
    pub model: u64,
    /// Every signal that differs at that tick.
    pub all_divergent: Vec<String>,
    /// The input ports and their values at that tick.
    pub inputs: Vec<(String, i64)>,
    /// The last ticks before it (inclusive), oldest first.
    pub history: Vec<TickRecord>,
    /// Index of the first divergent signal in the table.
    pub index: usize,
    /// Seed of the stimulus, if random.
    pub seed: Option<u64>,
    /// Command line that reproduces the run.
    pub repro: String,
    /// Waveform of the window around the mismatch, if written.
    pub vcd: Option<PathBuf>,
    /// Names of the two sides, reference first (`model`, `rtl`).
    pub sides: (String, String),
}

/// What a lockstep run found.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Ticks compared (not counting the reset state).
    pub ticks: u64,
    /// Signals compared per tick.
    pub signals: usize,
    /// Ticks at which at least one signal differed.
    pub mismatches: u64,
    /// The first divergence, if any.
    pub first: Option<Mismatch>,
    /// Ticks compared in all, counting those after a first divergence when the run goes on
    /// (`keep_going`); the reset state is compared too but not counted here.
    pub ticks_run: u64,
    /// Per compared signal, in table order: how often and how far the two sides differ.
    pub stats: Vec<SignalStats>,
}

impl Outcome {
    /// The fixed last line of an agreeing run.
    pub fn agree_line(&self) -> String {
        format!(
            "agree: {} ticks, {} signals, {} mismatches",
            self.ticks, self.signals, self.mismatches
        )
    }

    /// The fixed last line of a run: [`Outcome::agree_line`], or `disagree: N ticks, S signals,
    /// M mismatches` with N the ticks compared.
    pub fn last_line(&self) -> String {
        if self.first.is_none() {
            self.agree_line()
        } else {
            format!(
                "disagree: {} ticks, {} signals, {} mismatches",
                self.ticks_run, self.signals, self.mismatches
            )
        }
    }
}

/// True for a signal that holds a Q4.14 number: 18 bits, signed (`WIDTH`, `FRAC` of the
/// description). Counters, codes and LFSR words are not read as fractions.
pub fn is_q14(sig: &Signal) -> bool {
    sig.signed && sig.width == 18
}

fn fmt_value(sig: &Signal, raw: u64) -> String {
    let v = sig.value(raw);
    let digits = sig.width.div_ceil(4) as usize;
    let hex = format!("0x{:0digits$x} = {v}", raw & mask(sig.width));
    if is_q14(sig) {
        format!("{hex} = {:.6} (Q4.14)", q14_to_f64(v))
    } else {
        hex
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.tick as f64 / TICK_HZ;
        writeln!(
            f,
            "MISMATCH at tick {} (t = {secs:.6} s, clock cycle {} at 125 MHz)",
            self.tick,
            self.tick * u64::from(DIV_4K)
        )?;
        writeln!(
            f,
            "  first divergent signal: {} ({}-bit {})",
            self.signal.name,
            self.signal.width,
            if self.signal.signed {
                "signed"
            } else {
                "unsigned"
            }
        )?;
        let (a, b) = &self.sides;
        let w = a.len().max(b.len());
        writeln!(f, "    {b:<w$} {}", fmt_value(&self.signal, self.rtl))?;
        writeln!(f, "    {a:<w$} {}", fmt_value(&self.signal, self.model))?;
        let diff = (self.rtl ^ self.model) & mask(self.signal.width);
        let bits: Vec<String> = (0..64)
            .rev()
            .filter(|b| diff >> b & 1 == 1)
            .map(|b| b.to_string())
            .collect();
        writeln!(f, "    differing bits: {}", bits.join(", "))?;
        if self.all_divergent.len() > 1 {
            writeln!(
                f,
                "  also divergent at this tick: {}",
                self.all_divergent[1..].join(", ")
            )?;
        }
        let ins: Vec<String> = self
            .inputs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        writeln!(
            f,
            "  inputs at this tick: {}",
            if ins.is_empty() {
                "(none)".to_string()
            } else {
                ins.join(" ")
            }
        )?;
        writeln!(f, "  last ticks of {} ({b} / {a}):", self.signal.name)?;
        for r in self.history.iter().rev().take(8).rev() {
            let (a, b) = (r.rtl[self.index], r.model[self.index]);
            writeln!(
                f,
                "    tick {:>9}: {:>8} / {:>8}{}",
                r.tick,
                self.signal.value(a),
                self.signal.value(b),
                if a == b { "" } else { "   <-- differs" }
            )?;
        }
        match self.seed {
            Some(s) => writeln!(f, "  seed: {s}")?,
            None => writeln!(f, "  seed: none (replayed stimulus)")?,
        }
        if let Some(v) = &self.vcd {
            write!(f, "  waveform ({b} and {a} side by side): {}", v.display())?;
        }
        if !self.repro.is_empty() {
            write!(f, "\n  reproduce: {}", self.repro)?;
        }
        Ok(())
    }
}

/// Runs `model` and `rtl` in lockstep on `stim`.
pub fn lockstep(
    model: &mut dyn Dut,
    rtl: &mut RtlSim,
    stim: &mut dyn Stimulus,
    cfg: &LockstepConfig,
) -> Result<Outcome, CosimError> {
    let signals = model.signals();
    let ports: &'static [Port] = model.inputs();
    let n = signals.len();
    let mut inputs = vec![0u64; ports.len()];
    let mut ms = vec![0u64; n];
    let mut rs = vec![0u64; n];
    let mut history: VecDeque<TickRecord> = VecDeque::with_capacity(HISTORY + AFTER + 1);
    let sides = cfg.side_names();
    let mut wave = match &cfg.vcd {
        Some(p) => Some(WaveWriter::create_named(p, ports, &signals, &sides)?),
        None => None,
    };
    let mut stats: Vec<SignalStats> = signals.iter().map(SignalStats::new).collect();
    let mut samples = 0u64;

    model.reset();
    rtl.reset(2);
    model.sample(&mut ms);
    rtl.sample(&mut rs);

    let mut outcome = Outcome {
        ticks: 0,
        signals: n,
        mismatches: 0,
        first: None,
        ticks_run: 0,
        stats: Vec::new(),
    };
    let mut stop_after: Option<u64> = None;
    let mut tick = 0u64;
    loop {
        if let Some(w) = wave.as_mut() {
            w.tick(tick, &inputs, &rs, &ms)?;
        }
        // Ring of the last ticks; the oldest record's buffers are reused, so no allocation.
        if history.len() == HISTORY + AFTER {
            let mut r = history.pop_front().unwrap_or_else(|| TickRecord {
                tick,
                inputs: inputs.clone(),
                model: ms.clone(),
                rtl: rs.clone(),
            });
            r.tick = tick;
            r.inputs.copy_from_slice(&inputs);
            r.model.copy_from_slice(&ms);
            r.rtl.copy_from_slice(&rs);
            history.push_back(r);
        } else {
            history.push_back(TickRecord {
                tick,
                inputs: inputs.clone(),
                model: ms.clone(),
                rtl: rs.clone(),
            });
        }
        // Ticks run only to fill the waveform window after a first divergence are not counted.
        let counted = outcome.first.is_none() || cfg.keep_going > 0;
        if counted {
            outcome.ticks_run = tick;
            samples += 1;
            if ms != rs {
                for k in 0..n {
                    if ms[k] != rs[k] {
                        stats[k].diverged(tick, &signals[k], ms[k], rs[k]);
                    }
                }
            }
        }
        if ms != rs && counted {
            outcome.mismatches += 1;
            if outcome.first.is_none() {
                let divergent: Vec<usize> = (0..n).filter(|&k| ms[k] != rs[k]).collect();
                let index = divergent[0];
                outcome.first = Some(Mismatch {
                    tick,
                    signal: signals[index].clone(),
                    rtl: rs[index],
                    model: ms[index],
                    all_divergent: divergent.iter().map(|&k| signals[k].name.clone()).collect(),
                    inputs: ports
                        .iter()
                        .zip(&inputs)
                        .map(|(p, &v)| (p.name.to_string(), p.value(v)))
                        .collect(),
                    history: history.iter().cloned().collect(),
                    index,
                    seed: cfg.seed,
                    repro: cfg.repro.clone(),
                    vcd: None,
                    sides: sides.clone(),
                });
                if cfg.keep_going == 0 {
                    stop_after = Some(tick + AFTER as u64);
                }
            }
            if cfg.keep_going > 0 && outcome.mismatches >= cfg.keep_going {
                stop_after = Some(tick);
            }
        }
        if stop_after.is_some_and(|s| tick >= s) || tick >= cfg.ticks {
            break;
        }
        if !stim.next(tick, &mut inputs) {
            break;
        }
        model.tick(&inputs);
        rtl.step(&inputs, &mut rs);
        model.sample(&mut ms);
        tick += 1;
        if outcome.first.is_none() {
            outcome.ticks = tick;
        }
    }
    if outcome.first.is_none() {
        outcome.ticks = tick;
    }
    for (s, sig) in stats.iter_mut().zip(&signals) {
        s.compared = samples;
        s.finish(sig);
    }
    outcome.stats = stats;
    if let Some(w) = wave.take() {
        w.finish()?;
    }
    if let (Some(m), Some(path)) = (outcome.first.as_mut(), &cfg.mismatch_vcd) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CosimError::io(dir, e))?;
        }
        let mut w = WaveWriter::create_named(path, ports, &signals, &sides)?;
        for r in &history {
            w.tick(r.tick, &r.inputs, &r.rtl, &r.model)?;
        }
        w.finish()?;
        m.vcd = Some(path.clone());
    }
    Ok(outcome)
}
