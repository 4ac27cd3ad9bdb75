//! `ProcessorBatch`: many independent [`PhiNNeuralProcessor`]s stepped together, for parameter
//! sweeps, populations and closed loops.
//!
//! Instance `k` is a whole processor with its own inputs and outputs: the bit-exact
//! single-instance model is the only implementation, so instance `k` of a batch is exactly a
//! processor stepped alone on the same inputs. Stepping allocates nothing.
//!
//! Three ways through many ticks:
//! - [`step`](ProcessorBatch::step) / [`step_n`](ProcessorBatch::step_n) on the calling thread,
//!   and [`par_step`](ProcessorBatch::par_step) / [`par_step_n`](ProcessorBatch::par_step_n)
//!   on rayon's threads: every instance advances one tick, then the caller may look at all of
//!   them and change any input (a barrier per tick).
//! - [`par_run`](ProcessorBatch::par_run): inputs held, each instance through all its ticks on
//!   one thread, no barrier: the fastest sweep.
//! - [`par_drive`](ProcessorBatch::par_drive): a closed loop without a barrier. Each instance on
//!   its worker thread gets its inputs every tick from the caller's function of its own state,
//!   the tick and a [`Probe`] of itself.
//!
//! The parallel methods need the default cargo feature `rayon`; without it,
//! [`drive`](ProcessorBatch::drive) runs the same closed loop on the calling thread.
//!
//! ```
//! use phin_core::batch::ProcessorBatch;
//! use phin_core::identity::{ConsciousnessState, Oscillator};
//! use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
//!
//! let mut params = [PhiNNeuralProcessorParams::DEFAULT; 3];
//! params[2].enable_adaptive = true;
//! let mut batch = ProcessorBatch::new(&params);
//! batch.inputs_mut()[1].state_select = ConsciousnessState::Meditation.code();
//! batch.inputs_mut()[2].sensory_input = 8_192; // 0.5 in Q14
//! let mut sie_ticks = [0u64; 3];
//! batch.step_n(400, |_tick, b| {
//!     for (n, p) in sie_ticks.iter_mut().zip(b.processors()) {
//!         *n += u64::from(p.probe().sie().phase.is_active());
//!     }
//! });
//! // A closed loop: drive each instance's sensory input with its own theta x.
//! let theta = batch.drive(400, |_k| (), |_s, _t, probe| {
//!     let x = probe.oscillator(Oscillator::Theta).x;
//!     phin_core::phi_n_neural_processor::PhiNNeuralProcessorInputs {
//!         sensory_input: x.raw() / 4,
//!         ..Default::default()
//!     }
//! });
//! assert_eq!(theta.len(), 3);
//! assert_eq!(batch.processors()[0].tick_count(), 800);
//! ```

use crate::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs,
    PhiNNeuralProcessorParams,
};
use crate::probe::Probe;

/// Many independent processors, each with its inputs and its outputs after the last step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessorBatch {
    procs: Vec<PhiNNeuralProcessor>,
    inputs: Vec<PhiNNeuralProcessorInputs>,
    outputs: Vec<PhiNNeuralProcessorOutputs>,
}

/// One instance through `n` ticks of a closed loop: before each tick, `drive` turns the
/// instance's state, the tick (0-based within the run) and a probe of the processor into the
/// inputs of that tick. Returns the last inputs.
#[inline]
fn drive_one<S>(
    p: &mut PhiNNeuralProcessor,
    s: &mut S,
    n: u64,
    drive: &impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs,
    last: PhiNNeuralProcessorInputs,
) -> (PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs) {
    let mut i = last;
    let mut o = p.outputs();
    for t in 0..n {
        i = drive(s, t, p.probe());
        o = p.tick(&i);
    }
    (i, o)
}

impl ProcessorBatch {
    /// One processor per element of `params`, each in its reset state, with all inputs zero
    /// (NORMAL state, no sensory input, no SR field) and the outputs of the reset state.
    pub fn new(params: &[PhiNNeuralProcessorParams]) -> Self {
        let procs: Vec<PhiNNeuralProcessor> = params
            .iter()
            .map(|&p| PhiNNeuralProcessor::new(p))
            .collect();
        ProcessorBatch {
            inputs: vec![PhiNNeuralProcessorInputs::default(); procs.len()],
            outputs: procs.iter().map(PhiNNeuralProcessor::outputs).collect(),
            procs,
        }
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.procs.len()
    }

    /// True for a batch of no instances.
    pub fn is_empty(&self) -> bool {
        self.procs.is_empty()
    }

    /// The instances, read-only: read each through [`PhiNNeuralProcessor::probe`].
    pub fn processors(&self) -> &[PhiNNeuralProcessor] {
        &self.procs
    }

    /// The inputs of every instance. They hold from tick to tick until changed.
    pub fn inputs(&self) -> &[PhiNNeuralProcessorInputs] {
        &self.inputs
    }

    /// The inputs of every instance, to change between steps.
    pub fn inputs_mut(&mut self) -> &mut [PhiNNeuralProcessorInputs] {
        &mut self.inputs
    }

    /// Sets every instance's inputs to `v`.
    pub fn set_all_inputs(&mut self, v: &PhiNNeuralProcessorInputs) {
        self.inputs.fill(*v);
    }

    /// Every instance's output ports after the last step.
    pub fn outputs(&self) -> &[PhiNNeuralProcessorOutputs] {
        &self.outputs
    }

    /// Every instance back to its reset state (inputs are kept).
    pub fn reset(&mut self) {
        for (p, o) in self.procs.iter_mut().zip(&mut self.outputs) {
            p.reset();
            *o = p.outputs();
        }
    }

    /// One tick of every instance on the calling thread. Allocates nothing.
    pub fn step(&mut self) {
        for ((p, i), o) in self
            .procs
            .iter_mut()
            .zip(&self.inputs)
            .zip(&mut self.outputs)
        {
            *o = p.tick(i);
        }
    }

    /// `n` ticks of every instance on the calling thread; after tick `t` (0-based) calls
    /// `observe(t, self)`, where the inputs can be read but not changed (change them between
    /// calls of [`step`](Self::step) instead, or use [`drive`](Self::drive)).
    pub fn step_n(&mut self, n: u64, mut observe: impl FnMut(u64, &ProcessorBatch)) {
        for t in 0..n {
            self.step();
            observe(t, self);
        }
    }

    /// `n` ticks of a closed loop on the calling thread, instance after instance: before each
    /// tick `t` (0-based within the run), `drive(state, t, probe)` gives instance `k` its inputs
    /// from its own state (made by `init(k)`) and a probe of the processor as it stands. Returns
    /// the states in instance order; afterwards [`inputs`](Self::inputs) hold the last inputs
    /// each instance was given and [`outputs`](Self::outputs) its last outputs.
    ///
    /// Bit-identical to stepping each processor alone with the same drive, and to
    /// [`par_drive`](Self::par_drive).
    pub fn drive<S>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S,
        drive: impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs,
    ) -> Vec<S> {
        let mut states = Vec::with_capacity(self.len());
        for (k, ((p, i), o)) in self
            .procs
            .iter_mut()
            .zip(&mut self.inputs)
            .zip(&mut self.outputs)
            .enumerate()
        {
            let mut s = init(k);
            (*i, *o) = drive_one(p, &mut s, n, &drive, *i);
            states.push(s);
        }
        states
    }
}

#[cfg(feature = "rayon")]
impl ProcessorBatch {
    /// One tick of every instance, the instances split into one contiguous range per thread of
    /// the current rayon pool (run inside `ThreadPool::install` to choose the pool).
    /// Bit-identical to [`step`](Self::step).
    pub fn par_step(&mut self) {
        use rayon::prelude::*;
        let threads = rayon::current_num_threads().max(1);
        let chunk = self.len().div_ceil(threads).max(1);
        self.procs
            .par_iter_mut()
            .zip(self.inputs.par_iter())
            .zip(self.outputs.par_iter_mut())
            .with_min_len(chunk)
            .for_each(|((p, i), o)| *o = p.tick(i));
    }

    /// `n` ticks as [`par_step`](Self::par_step); after tick `t` (0-based) calls
    /// `observe(t, self)` on the calling thread, with every instance at tick `t`.
    pub fn par_step_n(&mut self, n: u64, mut observe: impl FnMut(u64, &ProcessorBatch)) {
        for t in 0..n {
            self.par_step();
            observe(t, self);
        }
    }

    /// `n` ticks of every instance with its inputs held, each instance running through all `n`
    /// ticks on one rayon thread before the next: no synchronisation between ticks, the fastest
    /// way through a parameter sweep. `init(k)` makes instance k's observer state and
    /// `observe(state, t, outputs, processor)` sees it after each of its ticks (on that thread).
    /// Returns the states in instance order; [`outputs`](Self::outputs) hold the last tick.
    /// Bit-identical to [`step_n`](Self::step_n) with the same held inputs.
    pub fn par_run<S: Send>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S + Sync,
        observe: impl Fn(&mut S, u64, &PhiNNeuralProcessorOutputs, &PhiNNeuralProcessor) + Sync,
    ) -> Vec<S> {
        use rayon::prelude::*;
        self.procs
            .par_iter_mut()
            .zip(self.inputs.par_iter())
            .zip(self.outputs.par_iter_mut())
            .enumerate()
            .map(|(k, ((p, i), o))| {
                let mut s = init(k);
                for t in 0..n {
                    *o = p.tick(i);
                    observe(&mut s, t, o, p);
                }
                s
            })
            .collect()
    }

    /// [`drive`](Self::drive) with each instance through all its ticks on one rayon thread: a
    /// closed loop per instance (its inputs computed every tick from what it does) with no
    /// synchronisation between instances or ticks. `init(k)` makes instance k's state on its
    /// thread; `drive(state, t, probe)` returns the inputs of tick `t`. Returns the states in
    /// instance order. Bit-identical to [`drive`](Self::drive) and to single-instance loops
    /// with the same drive.
    pub fn par_drive<S: Send>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S + Sync,
        drive: impl Fn(&mut S, u64, Probe<'_>) -> PhiNNeuralProcessorInputs + Sync,
    ) -> Vec<S> {
        use rayon::prelude::*;
        self.procs
            .par_iter_mut()
            .zip(self.inputs.par_iter_mut())
            .zip(self.outputs.par_iter_mut())
            .enumerate()
            .map(|(k, ((p, i), o))| {
                let mut s = init(k);
                (*i, *o) = drive_one(p, &mut s, n, &drive, *i);
                s
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Column, Layer, Oscillator};

    /// Different params and inputs per instance; inputs change over time.
    fn setup(
        n: usize,
    ) -> (
        Vec<PhiNNeuralProcessorParams>,
        Vec<PhiNNeuralProcessorInputs>,
    ) {
        let params = (0..n)
            .map(|k| PhiNNeuralProcessorParams {
                fast_sim: k % 5 == 0,
                sr_stochastic_enable: k % 2 == 0,
                sr_drift_enable: k % 3 != 0,
                enable_adaptive: k % 4 >= 2,
            })
            .collect();
        let inputs = (0..n)
            .map(|k| PhiNNeuralProcessorInputs {
                sensory_input: (k as i32 - 3) * 2_048,
                state_select: (k % 5) as u8,
                transition_duration: (k as u16) * 100,
                sr_field_input: if k % 3 == 0 { 164 } else { 0 },
                sr_field: std::array::from_fn(|h| ((k + h) % 4) as i32 * 400 - 800),
                ignition_trigger: k % 4 == 1,
            })
            .collect();
        (params, inputs)
    }

    fn schedule(t: u64, k: usize, base: &PhiNNeuralProcessorInputs) -> PhiNNeuralProcessorInputs {
        let mut i = *base;
        if t >= 1_500 {
            i.state_select = ((k + 2) % 5) as u8;
            i.sensory_input = -i.sensory_input;
        }
        i
    }

    fn check(par: bool) {
        let n = 11;
        let ticks = 3_000u64;
        let (params, base) = setup(n);
        let mut singles: Vec<_> = params
            .iter()
            .map(|&p| PhiNNeuralProcessor::new(p))
            .collect();
        let mut batch = ProcessorBatch::new(&params);
        for t in 0..ticks {
            for (k, i) in batch.inputs_mut().iter_mut().enumerate() {
                *i = schedule(t, k, &base[k]);
            }
            #[cfg(feature = "rayon")]
            if par {
                batch.par_step();
            } else {
                batch.step();
            }
            #[cfg(not(feature = "rayon"))]
            {
                let _ = par;
                batch.step();
            }
            for (k, p) in singles.iter_mut().enumerate() {
                let o = p.tick(&schedule(t, k, &base[k]));
                assert_eq!(batch.outputs()[k], o, "tick {t} instance {k}");
            }
        }
        // Every register, not only the outputs.
        assert_eq!(batch.processors(), &singles[..]);
    }

    #[test]
    fn batch_equals_single_instances_stepped_alone() {
        check(false);
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn par_step_equals_single_instances_stepped_alone() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        pool.install(|| check(true));
    }

    #[test]
    fn buffers_keep_their_capacity() {
        let (params, base) = setup(7);
        let mut batch = ProcessorBatch::new(&params);
        batch.inputs_mut().copy_from_slice(&base);
        let caps = (batch.outputs.capacity(), batch.procs.capacity());
        batch.step_n(100, |_, b| assert_eq!(b.outputs().len(), 7));
        #[cfg(feature = "rayon")]
        batch.par_step_n(100, |_, b| assert_eq!(b.outputs().len(), 7));
        assert_eq!((batch.outputs.capacity(), batch.procs.capacity()), caps);
        assert_eq!(batch.inputs()[3], base[3]);
    }

    #[test]
    fn empty_batch_steps() {
        let mut b = ProcessorBatch::new(&[]);
        assert!(b.is_empty() && b.outputs().is_empty());
        b.step();
        assert!(b.drive(10, |_| (), |_, _, _| Default::default()).is_empty());
        #[cfg(feature = "rayon")]
        b.par_step();
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn par_run_equals_step_n_with_held_inputs() {
        let (params, inputs) = setup(7);
        let mut a = ProcessorBatch::new(&params);
        let mut b = ProcessorBatch::new(&params);
        a.inputs_mut().copy_from_slice(&inputs);
        b.inputs_mut().copy_from_slice(&inputs);
        let mut sums = vec![0u64; params.len()];
        b.step_n(3_000, |_, b| {
            for (s, o) in sums.iter_mut().zip(b.outputs()) {
                *s += u64::from(o.dac_output);
            }
        });
        let got = a.par_run(3_000, |_| 0u64, |s, _, o, _| *s += u64::from(o.dac_output));
        assert_eq!(got, sums);
        assert_eq!(a, b);
    }

    /// A closed loop whose drive depends on the instance's own observables and on its own
    /// state: a sine at an instance-specific frequency, scaled by the motor L5a amplitude, and a
    /// state change once CA3 has learned three times.
    fn sine_drive(s: &mut (u32, f64), t: u64, probe: Probe<'_>) -> PhiNNeuralProcessorInputs {
        if probe.ca3().learning {
            s.0 += 1;
        }
        let amp = probe
            .oscillator(Oscillator::Cortex(Column::Motor, Layer::L5a))
            .amplitude()
            .to_f64();
        let v = (std::f64::consts::TAU * s.1 * t as f64 / 4_000.0).sin() * amp;
        PhiNNeuralProcessorInputs {
            sensory_input: (v * 8_192.0) as i32,
            state_select: if s.0 >= 3 { 4 } else { 0 },
            transition_duration: 2_000,
            ..Default::default()
        }
    }

    #[test]
    fn drive_equals_single_instance_loops_with_the_same_drive() {
        let (params, _) = setup(6);
        let hz = |k: usize| 5.0 + 3.7 * k as f64;
        let mut batch = ProcessorBatch::new(&params);
        let states = batch.drive(6_000, |k| (0u32, hz(k)), sine_drive);
        #[cfg(feature = "rayon")]
        {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .unwrap();
            let mut par = ProcessorBatch::new(&params);
            let par_states = pool.install(|| par.par_drive(6_000, |k| (0u32, hz(k)), sine_drive));
            assert_eq!(par, batch, "par_drive equals drive, every register");
            assert_eq!(par_states, states);
        }
        for (k, &p) in params.iter().enumerate() {
            let mut single = PhiNNeuralProcessor::new(p);
            let mut s = (0u32, hz(k));
            let mut last = PhiNNeuralProcessorInputs::default();
            for t in 0..6_000 {
                last = sine_drive(&mut s, t, single.probe());
                single.tick(&last);
            }
            assert_eq!(batch.processors()[k], single, "instance {k}");
            assert_eq!(batch.inputs()[k], last);
            assert_eq!(batch.outputs()[k], single.outputs());
            assert_eq!(states[k], s);
        }
        assert!(
            states.iter().any(|s| s.0 >= 3),
            "some instance changed state: {states:?}"
        );
    }
}
