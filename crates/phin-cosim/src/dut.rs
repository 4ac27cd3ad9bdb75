//! The model side of a co-simulation: a phin-core module behind one object-safe interface, with
//! its input ports, its signal table and the ranges its random stimulus draws from.

use phin_core::fixed_point::sext;
use phin_core::Signal;

/// An input port of a top module, besides `clk`, `rst` and `clk_en`.
#[derive(Clone, Copy, Debug)]
pub struct Port {
    /// Port name, as in the RTL.
    pub name: &'static str,
    /// Width in bits.
    pub width: u32,
    /// Declared `signed`.
    pub signed: bool,
    /// Values the random stimulus prefers (the description's operating points).
    pub typical: &'static [i64],
    /// The range the random stimulus usually draws from; the full port range is drawn rarely.
    pub range: (i64, i64),
}

impl Port {
    /// The value of a raw port word.
    pub fn value(&self, raw: u64) -> i64 {
        if self.signed {
            sext(raw, self.width)
        } else {
            (raw & phin_core::fixed_point::mask(self.width)) as i64
        }
    }
}

/// A model that a co-simulation can drive with raw port words.
pub trait Dut {
    /// The RTL top module this models.
    fn top(&self) -> &'static str;
    /// Input ports in stimulus order.
    fn inputs(&self) -> &'static [Port];
    /// Every compared register and output, in sample order.
    fn signals(&self) -> Vec<Signal>;
    /// Whether the top has a `clk_en` port the harness drives.
    fn has_clk_en(&self) -> bool {
        true
    }
    /// Clock edges per tick (1 for a module driven by `clk_en`).
    fn cycles_per_tick(&self) -> u32 {
        1
    }
    /// Clock edges run after reset, inputs zero, before the first tick: a top that owns its clock
    /// enable raises it one edge after its divider wraps, so the first tick must be shifted by
    /// that edge for each tick to end on an enabled edge. Default: none.
    fn lead_cycles(&self) -> u32 {
        0
    }
    /// Parameter overrides the RTL top is verilated with (`-G<name>=<value>`), matching the
    /// parameters this model was built with. Default: none.
    fn params(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// Rebuilds the model with parameter `name` set to `value`, so that a parameter override
    /// given for the RTL (`-G`) holds on both sides. `None`: the model has no such parameter
    /// (the override then reaches the RTL only); `Some(Err(allowed))`: it has, but not this value.
    fn set_param(&mut self, name: &str, value: i64) -> Option<Result<(), String>> {
        let _ = (name, value);
        None
    }
    /// Synchronous reset.
    fn reset(&mut self);
    /// One tick with the given raw input words (one per port, in `inputs()` order).
    fn tick(&mut self, inputs: &[u64]);
    /// Raw values of every signal, in `signals()` order.
    fn sample(&self, out: &mut [u64]);
}

/// The value of a raw port word as the `i32` a model's input struct holds.
#[inline(always)]
pub fn port_i32(p: &Port, raw: u64) -> i32 {
    p.value(raw) as i32
}

impl Port {
    /// A port with its stimulus preferences.
    pub const fn new(
        name: &'static str,
        width: u32,
        signed: bool,
        typical: &'static [i64],
        range: (i64, i64),
    ) -> Port {
        Port {
            name,
            width,
            signed,
            typical,
            range,
        }
    }
}

/// Declares a newtype adapter `$dut($model)` and implements [`Dut`] for it: the table and sample
/// come from the model's [`phin_core::Observable`] impl, reset from its `reset()`, and `tick`
/// decodes the raw port words with the given body (`$m` is the model, `$i` the words).
#[macro_export]
macro_rules! dut_adapter {
    ($(#[$doc:meta])* $dut:ident($model:ty), $top:literal, $ports:expr,
     |$m:ident, $i:ident| $body:block) => {
        $(#[$doc])*
        #[derive(Default)]
        pub struct $dut(pub $model);

        impl $crate::dut::Dut for $dut {
            fn top(&self) -> &'static str {
                $top
            }
            fn inputs(&self) -> &'static [$crate::dut::Port] {
                $ports
            }
            fn signals(&self) -> Vec<phin_core::Signal> {
                <$model as phin_core::Observable>::signal_table()
            }
            fn reset(&mut self) {
                self.0.reset();
            }
            #[allow(unused_variables)]
            fn tick(&mut self, $i: &[u64]) {
                let $m = &mut self.0;
                $body
            }
            fn sample(&self, out: &mut [u64]) {
                phin_core::Observable::sample(&self.0, out);
            }
        }
    };
}

/// A model seen through a subset of its signals: `phin cosim --compare ports` compares only the
/// top's output ports, so that an RTL tree with the same interface but other internals can be
/// co-simulated. The full table is still sampled every tick, into a buffer kept for the purpose.
pub struct Subset {
    inner: Box<dyn Dut>,
    keep: Vec<usize>,
    table: Vec<Signal>,
    scratch: std::cell::RefCell<Vec<u64>>,
}

impl Subset {
    /// `inner` compared on the signals named in `names` only (in the model's table order). A name
    /// also selects the slices `name[hi:lo]` the model splits a port wider than 64 bits into.
    /// Fails with the names the model does not have.
    pub fn new(inner: Box<dyn Dut>, names: &[String]) -> Result<Subset, Vec<String>> {
        let full = inner.signals();
        let base = |s: &Signal| crate::rtl_sim::split_slice(&s.name).0.to_string();
        let missing: Vec<String> = names
            .iter()
            .filter(|n| !full.iter().any(|s| &base(s) == *n))
            .cloned()
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let keep: Vec<usize> = (0..full.len())
            .filter(|&k| names.contains(&base(&full[k])))
            .collect();
        Ok(Subset::from_indices(inner, keep))
    }

    /// `inner` compared on the signals at `keep` (indices into its table, in order).
    pub fn from_indices(inner: Box<dyn Dut>, keep: Vec<usize>) -> Subset {
        let full = inner.signals();
        let table: Vec<Signal> = keep.iter().map(|&k| full[k].clone()).collect();
        Subset {
            inner,
            keep,
            table,
            scratch: std::cell::RefCell::new(vec![0; full.len()]),
        }
    }
}

impl Dut for Subset {
    fn top(&self) -> &'static str {
        self.inner.top()
    }
    fn inputs(&self) -> &'static [Port] {
        self.inner.inputs()
    }
    fn signals(&self) -> Vec<Signal> {
        self.table.clone()
    }
    fn has_clk_en(&self) -> bool {
        self.inner.has_clk_en()
    }
    fn cycles_per_tick(&self) -> u32 {
        self.inner.cycles_per_tick()
    }
    fn params(&self) -> Vec<(String, String)> {
        self.inner.params()
    }
    fn set_param(&mut self, name: &str, value: i64) -> Option<Result<(), String>> {
        self.inner.set_param(name, value)
    }
    fn lead_cycles(&self) -> u32 {
        self.inner.lead_cycles()
    }
    fn reset(&mut self) {
        self.inner.reset();
    }
    fn tick(&mut self, inputs: &[u64]) {
        self.inner.tick(inputs);
    }
    fn sample(&self, out: &mut [u64]) {
        let mut full = self.scratch.borrow_mut();
        self.inner.sample(&mut full);
        for (o, &k) in out.iter_mut().zip(&self.keep) {
            *o = full[k];
        }
    }
}
