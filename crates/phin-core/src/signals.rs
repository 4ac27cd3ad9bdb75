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

/// The largest table the default [`Observable::sample_one`] handles.
pub const SAMPLE_ONE_MAX: usize = 64;

/// A reader of one signal of a module of type `T`, resolved once by [`Observable::accessor`]:
/// calling it returns the signal's raw value.
pub type Accessor<T> = Box<dyn Fn(&T) -> u64 + Send + Sync>;

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

    /// The raw value of the signal at `index` of the table, without sampling the others where
    /// the module can avoid it: a composite module hands the index to the child that holds it,
    /// so one register of the whole processor costs tens of instructions, not a full sample.
    ///
    /// The default samples the module into a stack buffer of [`SAMPLE_ONE_MAX`] entries; a
    /// module with a larger table overrides it (the whole processor does).
    ///
    /// # Panics
    /// When `index` is not below the table's length.
    fn sample_one(&self, index: usize) -> u64 {
        let mut buf = [0u64; SAMPLE_ONE_MAX];
        let n = self.sample(&mut buf);
        assert!(index < n, "signal index {index} out of a table of {n}");
        buf[index]
    }

    /// A reader of the signal at `index`, resolved once (this allocates) so that each read is a
    /// few instructions: the path from the module to the register is composed now, into one
    /// function, not walked per read.
    ///
    /// # Panics
    /// When called, if `index` is not below the table's length.
    fn accessor(index: usize) -> Accessor<Self>
    where
        Self: Sized + 'static,
    {
        Self::accessor_via(index, |m: &Self| m)
    }

    /// [`accessor`](Self::accessor) of this module as it sits inside a parent `P`, which `get`
    /// reaches: a composite module overrides it to hand its children the composed path, so the
    /// reader of a register deep in the processor is one function. The default reads through
    /// [`sample_one`](Self::sample_one).
    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> Accessor<P>
    where
        Self: Sized + 'static,
    {
        Box::new(move |p: &P| get(p).sample_one(index))
    }

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

/// Where each signal of a composite module's table lives: after the module's own leading
/// signals, child `k` holds the next `lens[k]`. Built once per module type (it allocates), then
/// [`ChildMap::locate`] is one lookup.
#[derive(Debug)]
pub(crate) struct ChildMap {
    own: usize,
    map: Vec<(u16, u16)>,
}

impl ChildMap {
    /// The map of a module with `own` leading signals and children of table lengths `lens`.
    pub(crate) fn new(own: usize, lens: &[usize]) -> Self {
        let mut map = Vec::with_capacity(lens.iter().sum());
        for (k, &n) in lens.iter().enumerate() {
            map.extend((0..n).map(|i| (k as u16, i as u16)));
        }
        ChildMap { own, map }
    }

    /// `None` for one of the module's own signals (`index < own`), else the child and the index
    /// within its table.
    ///
    /// # Panics
    /// When `index` is beyond the table.
    #[inline]
    pub(crate) fn locate(&self, index: usize) -> Option<(usize, usize)> {
        if index < self.own {
            return None;
        }
        let (k, i) = self.map[index - self.own];
        Some((usize::from(k), usize::from(i)))
    }
}

/// The length of a module type's signal table (builds the table: not for the tick path).
pub(crate) fn table_len<T: Observable>() -> usize {
    T::signal_table().len()
}
