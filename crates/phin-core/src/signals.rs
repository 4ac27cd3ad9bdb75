//! Hierarchical signal tables: every register and output of a model is readable under the name the
//! RTL gives it (`u_core.x`), so that a co-simulation can name the first divergent register.
//!
//! A table is built once (it allocates) and then sampled every tick into a caller-owned slice
//! (it does not). Values are raw two's-complement patterns truncated to the declared width.

use serde::{Deserialize, Serialize};

/// One register or output port of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// Hierarchical name relative to the module, `.`-separated (`u_lfsr_f0.lfsr`).
    pub name: String,
    /// Declared width in bits (1..=64).
    pub width: u32,
    /// Declared `signed`.
    pub signed: bool,
}

impl Signal {
    /// A signal named `prefix` + `name`.
    pub fn new(prefix: &str, name: &str, width: u32, signed: bool) -> Self {
        Signal {
            name: format!("{prefix}{name}"),
            width,
            signed,
        }
    }

    /// The value of a raw pattern of this signal, sign-extended when the signal is signed.
    pub fn value(&self, raw: u64) -> i64 {
        if self.signed {
            crate::fixed_point::sext(raw, self.width)
        } else {
            (raw & crate::fixed_point::mask(self.width)) as i64
        }
    }
}

/// A model whose registers and outputs can be listed and sampled by hierarchical name.
pub trait Observable {
    /// Appends this module's signals, each name prefixed with `prefix` (empty for the top, or
    /// `"u_core."` for an instance), in the order [`Observable::sample`] writes them.
    fn signals(prefix: &str, out: &mut Vec<Signal>)
    where
        Self: Sized;

    /// Writes the raw value of every signal into `out`, in table order, and returns how many it
    /// wrote. `out` must hold at least as many entries as the table has.
    fn sample(&self, out: &mut [u64]) -> usize;

    /// The full signal table of this module.
    fn signal_table() -> Vec<Signal>
    where
        Self: Sized,
    {
        let mut v = Vec::new();
        Self::signals("", &mut v);
        v
    }

    /// Reads one signal by hierarchical name (slow path: builds the table; never per tick).
    fn read(&self, name: &str) -> Option<i64>
    where
        Self: Sized,
    {
        let table = Self::signal_table();
        let mut raw = vec![0u64; table.len()];
        self.sample(&mut raw);
        table
            .iter()
            .zip(raw)
            .find(|(s, _)| s.name == name)
            .map(|(s, r)| s.value(r))
    }
}
