//! [`Recorder`]: chosen registers of a model, by their RTL names, sampled every N ticks into
//! buffers allocated once.
//!
//! The names are resolved against the model's signal table when the recorder is made (a name
//! that is not in the table is an error naming it); after that, recording one row reads only
//! the chosen signals ([`Observable::sample_one`]) and never allocates. When the buffers are
//! full the recorder keeps what it has and counts the rows it had to drop, so a long run can
//! neither grow memory without bound nor lose data silently; [`Recorder::clear`] empties it for
//! the next stretch.
//!
//! ```
//! use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
//! use phin_core::recorder::Recorder;
//!
//! let mut p = PhiNNeuralProcessor::default();
//! let mut rec = Recorder::<PhiNNeuralProcessor>::new(
//!     &["u_thalamus.u_theta.x", "col_motor.u_l23.x", "u_sie.sie_phase"],
//!     4,     // every 4th tick: 1 kHz
//!     1_000, // rows
//! )
//! .unwrap();
//! let inputs = PhiNNeuralProcessorInputs::default();
//! for _ in 0..4_000 {
//!     p.tick(&inputs);
//!     rec.observe(&p);
//! }
//! assert_eq!(rec.rows(), 1_000);
//! assert_eq!(rec.ticks()[0], 4);
//! let theta = rec.column("u_thalamus.u_theta.x").unwrap();
//! assert!(theta.iter().any(|&x| x < 0) && theta.iter().any(|&x| x > 0));
//! ```

use crate::signals::{Accessor, Observable, Signal};
use std::fmt;
use std::marker::PhantomData;

/// A name given to a [`Recorder`] that the model's signal table does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecorderError {
    /// No signal has this hierarchical name.
    UnknownSignal {
        /// The name given.
        name: String,
        /// Up to five names of the table that contain it or share its last component, as
        /// suggestions.
        similar: Vec<String>,
    },
    /// The same name twice.
    Duplicate(String),
    /// `every` was 0.
    ZeroInterval,
}

impl fmt::Display for RecorderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecorderError::UnknownSignal { name, similar } => {
                write!(f, "no signal named {name:?}")?;
                if !similar.is_empty() {
                    write!(f, " (similar: {})", similar.join(", "))?;
                }
                Ok(())
            }
            RecorderError::Duplicate(name) => write!(f, "signal {name:?} is chosen twice"),
            RecorderError::ZeroInterval => write!(f, "every = 0 (allowed 1 or more ticks)"),
        }
    }
}

impl std::error::Error for RecorderError {}

/// Chosen signals of a model of type `T`, one row every `every` calls of
/// [`observe`](Self::observe).
pub struct Recorder<T> {
    signals: Vec<Signal>,
    /// One reader per chosen signal, resolved once.
    readers: Vec<Accessor<T>>,
    every: u64,
    calls: u64,
    /// Calls left until the next row (a countdown: no division per tick).
    until_row: u64,
    capacity: usize,
    ticks: Vec<u64>,
    /// Every column, each `capacity` long, one after the other: column k's row r is at
    /// `k · capacity + r`. Allocated whole up front, so recording only stores.
    data: Vec<i64>,
    /// Per column, the shift that sign-extends (signed) or clears (unsigned) the bits above its
    /// width: `64 − width`.
    shifts: Vec<(u32, bool)>,
    dropped: u64,
    model: PhantomData<fn(&T)>,
}

impl<T> fmt::Debug for Recorder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder")
            .field("signals", &self.signals)
            .field("every", &self.every)
            .field("rows", &self.ticks.len())
            .field("capacity", &self.capacity)
            .field("dropped", &self.dropped)
            .finish()
    }
}

impl<T: Observable + 'static> Recorder<T> {
    /// A recorder of `names` (hierarchical RTL names of `T`'s signal table) that records a row
    /// on every `every`-th call of [`observe`](Self::observe) (the `every`-th, the `2·every`-th,
    /// …), with room for `capacity` rows.
    pub fn new(names: &[&str], every: u64, capacity: usize) -> Result<Self, RecorderError> {
        if every == 0 {
            return Err(RecorderError::ZeroInterval);
        }
        let table = T::signal_table();
        let mut indices = Vec::with_capacity(names.len());
        for (k, &name) in names.iter().enumerate() {
            if names[..k].contains(&name) {
                return Err(RecorderError::Duplicate(name.to_string()));
            }
            match table.iter().position(|s| s.name == name) {
                Some(i) => indices.push(i),
                None => {
                    let last = name.rsplit('.').next().unwrap_or(name);
                    let similar = table
                        .iter()
                        .filter(|s| s.name.contains(name) || s.name.ends_with(last))
                        .take(5)
                        .map(|s| s.name.clone())
                        .collect();
                    return Err(RecorderError::UnknownSignal {
                        name: name.to_string(),
                        similar,
                    });
                }
            }
        }
        Ok(Recorder {
            signals: indices.iter().map(|&i| table[i].clone()).collect(),
            readers: indices.iter().map(|&i| T::accessor(i)).collect(),
            every,
            calls: 0,
            until_row: every,
            capacity,
            ticks: Vec::with_capacity(capacity),
            data: vec![0; capacity * names.len()],
            shifts: indices
                .iter()
                .map(|&i| (64 - table[i].width, table[i].signed))
                .collect(),
            dropped: 0,
            model: PhantomData,
        })
    }

    /// Call once per tick of the model, after the tick: records a row on every `every`-th
    /// call. Returns whether it recorded one. Never allocates; when the buffers are full it
    /// counts the row as dropped instead.
    #[inline]
    pub fn observe(&mut self, model: &T) -> bool {
        self.calls += 1;
        self.until_row -= 1;
        if self.until_row != 0 {
            return false;
        }
        self.until_row = self.every;
        if self.ticks.len() == self.capacity {
            self.dropped += 1;
            return false;
        }
        let row = self.ticks.len();
        self.ticks.push(self.calls);
        // capacity > 0 here: a recorder of no rows is always full.
        let columns = self.data.chunks_exact_mut(self.capacity);
        for ((read, &(sh, signed)), col) in self.readers.iter().zip(&self.shifts).zip(columns) {
            let raw = read(model) << sh;
            col[row] = if signed {
                (raw as i64) >> sh
            } else {
                (raw >> sh) as i64
            };
        }
        true
    }

    /// The chosen signals (names, widths, signedness), in column order.
    pub fn signals(&self) -> &[Signal] {
        &self.signals
    }

    /// Rows recorded.
    pub fn rows(&self) -> usize {
        self.ticks.len()
    }

    /// Rows that came while the buffers were full, and were not recorded.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The call count (tick, when called once per tick from reset) of every row.
    pub fn ticks(&self) -> &[u64] {
        &self.ticks
    }

    /// Column `k`: the values of the k-th chosen signal, sign-extended from its width.
    pub fn column_at(&self, k: usize) -> Option<&[i64]> {
        if k >= self.readers.len() {
            return None;
        }
        let start = k * self.capacity;
        Some(&self.data[start..start + self.ticks.len()])
    }

    /// The column of a chosen signal, by name.
    pub fn column(&self, name: &str) -> Option<&[i64]> {
        let k = self.signals.iter().position(|s| s.name == name)?;
        self.column_at(k)
    }

    /// Empties the buffers (keeping their memory) and the dropped count; the call count goes
    /// on, so row ticks stay those of the model.
    pub fn clear(&mut self) {
        self.ticks.clear();
        self.dropped = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};

    #[test]
    fn rows_hold_what_read_gives_at_that_tick() {
        let names = [
            "dac_output",
            "u_thalamus.u_theta.x",
            "col_assoc.u_l5b.y",
            "u_thalamus.u_sr_bank.u_f3.u_core.amplitude",
            "u_ca3.w_0_1",
            "u_kuramoto.kuramoto_r",
        ];
        let mut rec = Recorder::<PhiNNeuralProcessor>::new(&names, 3, 100).unwrap();
        let mut p = PhiNNeuralProcessor::default();
        let i = PhiNNeuralProcessorInputs {
            sensory_input: 2_000,
            ..Default::default()
        };
        let mut expect = Vec::new();
        for t in 1..=330u64 {
            p.tick(&i);
            let recorded = rec.observe(&p);
            assert_eq!(recorded, t % 3 == 0 && t <= 300, "tick {t}");
            if recorded {
                expect.push(names.map(|n| p.read(n).unwrap()));
            }
        }
        assert_eq!(rec.rows(), 100);
        assert_eq!(rec.dropped(), 10);
        assert_eq!(rec.ticks()[99], 300);
        for (k, n) in names.iter().enumerate() {
            let col = rec.column(n).unwrap();
            for (r, row) in expect.iter().enumerate() {
                assert_eq!(col[r], row[k], "{n} row {r}");
            }
        }
        rec.clear();
        assert_eq!((rec.rows(), rec.dropped()), (0, 0));
        let recorded: Vec<bool> = (0..3)
            .map(|_| {
                p.tick(&i);
                rec.observe(&p)
            })
            .collect();
        assert_eq!(recorded, [false, false, true]);
        assert_eq!(rec.ticks(), &[333]);
    }

    #[test]
    fn a_recorder_of_no_rows_drops_every_row() {
        let mut rec = Recorder::<PhiNNeuralProcessor>::new(&["dac_output"], 2, 0).unwrap();
        let p = PhiNNeuralProcessor::default();
        for _ in 0..10 {
            assert!(!rec.observe(&p));
        }
        assert_eq!((rec.rows(), rec.dropped()), (0, 5));
        assert_eq!(rec.column("dac_output"), Some(&[][..]));
    }

    #[test]
    fn bad_names_are_named() {
        let e = Recorder::<PhiNNeuralProcessor>::new(&["u_thalamus.u_theta.z"], 1, 1)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("no signal named \"u_thalamus.u_theta.z\""),
            "{e}"
        );
        let e = Recorder::<PhiNNeuralProcessor>::new(&["theta_x"], 1, 1).unwrap_err();
        assert!(matches!(e, RecorderError::UnknownSignal { .. }));
        let e = Recorder::<PhiNNeuralProcessor>::new(&["dac_output", "dac_output"], 1, 1);
        assert_eq!(
            e.unwrap_err(),
            RecorderError::Duplicate("dac_output".into())
        );
        let e = Recorder::<PhiNNeuralProcessor>::new(&["dac_output"], 0, 1);
        assert_eq!(e.unwrap_err(), RecorderError::ZeroInterval);
    }
}
