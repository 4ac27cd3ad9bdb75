//! `ProcessorBatch`: many independent [`PhiNNeuralProcessor`]s stepped together, for parameter
//! sweeps and throughput.
//!
//! The per-instance state is a `Vec<PhiNNeuralProcessor>`: the bit-exact single-instance model is
//! the only implementation, so instance `k` of a batch is exactly a processor stepped alone on
//! the same inputs. Inputs and the outputs a sweep needs are structure-of-arrays buffers, one
//! element per instance, allocated once in [`ProcessorBatch::new`]: stepping never allocates.
//!
//! With the default cargo feature `rayon`, [`ProcessorBatch::par_step`] and
//! [`ProcessorBatch::par_step_n`] split the instances into one contiguous chunk per thread of
//! the current rayon pool (recursive `rayon::join`, no allocation).
//!
//! ```
//! use phin_core::batch::ProcessorBatch;
//! use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
//!
//! let mut params = [PhiNNeuralProcessorParams::DEFAULT; 3];
//! params[2].enable_adaptive = true;
//! let mut batch = ProcessorBatch::new(&params);
//! let inputs = batch.inputs_mut();
//! inputs.state_select.copy_from_slice(&[0, 4, 4]); // NORMAL, MEDITATION, MEDITATION
//! inputs.sensory_input[1] = 8_192; // 0.5 in Q14
//! let mut sie_ticks = [0u64; 3];
//! batch.step_n(400, |_tick, out| {
//!     for (n, &phase) in sie_ticks.iter_mut().zip(out.sie_phase()) {
//!         *n += u64::from(phase != 0);
//!     }
//! });
//! assert_eq!(batch.outputs().dac_output().len(), 3);
//! ```

use crate::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorOutputs,
    PhiNNeuralProcessorParams,
};

/// Many independent processors with structure-of-arrays inputs and outputs.
#[derive(Clone, Debug)]
pub struct ProcessorBatch {
    procs: Vec<PhiNNeuralProcessor>,
    inputs: InputBuffers,
    outputs: BatchOutputs,
}

/// The input buffers, one element per instance.
#[derive(Clone, Debug, Default)]
struct InputBuffers {
    sensory_input: Vec<i32>,
    state_select: Vec<u8>,
    transition_duration: Vec<u16>,
    sr_field_input: Vec<i32>,
    sr_field: Vec<[i32; 5]>,
}

/// The inputs of every instance as mutable slices, one element per instance (the ports of
/// [`PhiNNeuralProcessorInputs`]). They hold their values from tick to tick until changed.
#[derive(Debug)]
pub struct BatchInputs<'a> {
    /// `sensory_input` (18-bit signed, Q14).
    pub sensory_input: &'a mut [i32],
    /// `state_select[2:0]`: 0 NORMAL, 1 ANESTHESIA, 2 PSYCHEDELIC, 3 FLOW, 4 MEDITATION.
    pub state_select: &'a mut [u8],
    /// `transition_duration[15:0]`: ticks of a state transition.
    pub transition_duration: &'a mut [u16],
    /// `sr_field_input` (18-bit signed, Q14).
    pub sr_field_input: &'a mut [i32],
    /// `sr_field_packed` as its five 18-bit fields.
    pub sr_field: &'a mut [[i32; 5]],
}

/// The outputs of every instance after the last step, one element per instance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchOutputs {
    dac_output: Vec<u16>,
    debug_theta: Vec<i32>,
    debug_motor_l23: Vec<i32>,
    kuramoto_r: Vec<i32>,
    sie_phase: Vec<u8>,
}

impl BatchOutputs {
    fn with_len(n: usize) -> Self {
        BatchOutputs {
            dac_output: vec![0; n],
            debug_theta: vec![0; n],
            debug_motor_l23: vec![0; n],
            kuramoto_r: vec![0; n],
            sie_phase: vec![0; n],
        }
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.dac_output.len()
    }

    /// True for a batch of no instances.
    pub fn is_empty(&self) -> bool {
        self.dac_output.is_empty()
    }

    /// `dac_output[11:0]` of each instance.
    pub fn dac_output(&self) -> &[u16] {
        &self.dac_output
    }

    /// `debug_theta` (thalamic theta x, Q14) of each instance.
    pub fn debug_theta(&self) -> &[i32] {
        &self.debug_theta
    }

    /// `debug_motor_l23` (motor column L2/3 x, Q14) of each instance.
    pub fn debug_motor_l23(&self) -> &[i32] {
        &self.debug_motor_l23
    }

    /// `u_kuramoto.kuramoto_r` (Q14, 0..=1) of each instance.
    pub fn kuramoto_r(&self) -> &[i32] {
        &self.kuramoto_r
    }

    /// `u_sie.sie_phase` of each instance (0 when no SIE is under way).
    pub fn sie_phase(&self) -> &[u8] {
        &self.sie_phase
    }

    /// The capacities of the buffers (for checking that stepping never reallocates).
    pub fn capacities(&self) -> [usize; 5] {
        [
            self.dac_output.capacity(),
            self.debug_theta.capacity(),
            self.debug_motor_l23.capacity(),
            self.kuramoto_r.capacity(),
            self.sie_phase.capacity(),
        ]
    }
}

/// A contiguous range of instances: their state, inputs and output slots.
struct Lanes<'a> {
    procs: &'a mut [PhiNNeuralProcessor],
    sensory_input: &'a [i32],
    state_select: &'a [u8],
    transition_duration: &'a [u16],
    sr_field_input: &'a [i32],
    sr_field: &'a [[i32; 5]],
    dac_output: &'a mut [u16],
    debug_theta: &'a mut [i32],
    debug_motor_l23: &'a mut [i32],
    kuramoto_r: &'a mut [i32],
    sie_phase: &'a mut [u8],
}

impl<'a> Lanes<'a> {
    fn new(
        procs: &'a mut [PhiNNeuralProcessor],
        i: &'a InputBuffers,
        o: &'a mut BatchOutputs,
    ) -> Self {
        Lanes {
            procs,
            sensory_input: &i.sensory_input,
            state_select: &i.state_select,
            transition_duration: &i.transition_duration,
            sr_field_input: &i.sr_field_input,
            sr_field: &i.sr_field,
            dac_output: &mut o.dac_output,
            debug_theta: &mut o.debug_theta,
            debug_motor_l23: &mut o.debug_motor_l23,
            kuramoto_r: &mut o.kuramoto_r,
            sie_phase: &mut o.sie_phase,
        }
    }

    /// One tick of every instance in the range, in order.
    #[inline]
    fn step(self) {
        for (k, p) in self.procs.iter_mut().enumerate() {
            let o = p.tick(&PhiNNeuralProcessorInputs {
                sensory_input: self.sensory_input[k],
                state_select: self.state_select[k],
                transition_duration: self.transition_duration[k],
                sr_field_input: self.sr_field_input[k],
                sr_field: self.sr_field[k],
            });
            self.dac_output[k] = o.dac_output;
            self.debug_theta[k] = o.debug_theta;
            self.debug_motor_l23[k] = o.debug_motor_l23;
            self.kuramoto_r[k] = p.u_kuramoto.kuramoto_r;
            self.sie_phase[k] = p.u_sie.sie_phase;
        }
    }

    /// The range split at `mid` into `[0, mid)` and `[mid, len)`.
    #[cfg(feature = "rayon")]
    fn split_at(self, mid: usize) -> (Lanes<'a>, Lanes<'a>) {
        let (p0, p1) = self.procs.split_at_mut(mid);
        let (s0, s1) = self.sensory_input.split_at(mid);
        let (q0, q1) = self.state_select.split_at(mid);
        let (t0, t1) = self.transition_duration.split_at(mid);
        let (f0, f1) = self.sr_field_input.split_at(mid);
        let (h0, h1) = self.sr_field.split_at(mid);
        let (d0, d1) = self.dac_output.split_at_mut(mid);
        let (th0, th1) = self.debug_theta.split_at_mut(mid);
        let (m0, m1) = self.debug_motor_l23.split_at_mut(mid);
        let (k0, k1) = self.kuramoto_r.split_at_mut(mid);
        let (e0, e1) = self.sie_phase.split_at_mut(mid);
        (
            Lanes {
                procs: p0,
                sensory_input: s0,
                state_select: q0,
                transition_duration: t0,
                sr_field_input: f0,
                sr_field: h0,
                dac_output: d0,
                debug_theta: th0,
                debug_motor_l23: m0,
                kuramoto_r: k0,
                sie_phase: e0,
            },
            Lanes {
                procs: p1,
                sensory_input: s1,
                state_select: q1,
                transition_duration: t1,
                sr_field_input: f1,
                sr_field: h1,
                dac_output: d1,
                debug_theta: th1,
                debug_motor_l23: m1,
                kuramoto_r: k1,
                sie_phase: e1,
            },
        )
    }

    /// Steps the range on rayon threads: halves it until a part is at most `chunk` instances.
    #[cfg(feature = "rayon")]
    fn par_step(self, chunk: usize) {
        let n = self.procs.len();
        if n <= chunk {
            self.step();
        } else {
            let (a, b) = self.split_at(n / 2);
            rayon::join(|| a.par_step(chunk), || b.par_step(chunk));
        }
    }
}

impl ProcessorBatch {
    /// One processor per element of `params`, each in its reset state, with all inputs zero
    /// (NORMAL state, no sensory input, no SR field) and all outputs zero until the first step.
    pub fn new(params: &[PhiNNeuralProcessorParams]) -> Self {
        let n = params.len();
        ProcessorBatch {
            procs: params
                .iter()
                .map(|&p| PhiNNeuralProcessor::new(p))
                .collect(),
            inputs: InputBuffers {
                sensory_input: vec![0; n],
                state_select: vec![0; n],
                transition_duration: vec![0; n],
                sr_field_input: vec![0; n],
                sr_field: vec![[0; 5]; n],
            },
            outputs: BatchOutputs::with_len(n),
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

    /// The instances' full state (every register, readable through
    /// [`Observable`](crate::Observable)).
    pub fn processors(&self) -> &[PhiNNeuralProcessor] {
        &self.procs
    }

    /// The inputs of every instance, to change between steps.
    pub fn inputs_mut(&mut self) -> BatchInputs<'_> {
        let i = &mut self.inputs;
        BatchInputs {
            sensory_input: &mut i.sensory_input,
            state_select: &mut i.state_select,
            transition_duration: &mut i.transition_duration,
            sr_field_input: &mut i.sr_field_input,
            sr_field: &mut i.sr_field,
        }
    }

    /// The inputs of instance `k`.
    ///
    /// # Panics
    /// When `k >= self.len()`.
    pub fn inputs(&self, k: usize) -> PhiNNeuralProcessorInputs {
        let i = &self.inputs;
        PhiNNeuralProcessorInputs {
            sensory_input: i.sensory_input[k],
            state_select: i.state_select[k],
            transition_duration: i.transition_duration[k],
            sr_field_input: i.sr_field_input[k],
            sr_field: i.sr_field[k],
        }
    }

    /// Sets every input of instance `k`.
    ///
    /// # Panics
    /// When `k >= self.len()`.
    pub fn set_inputs(&mut self, k: usize, v: &PhiNNeuralProcessorInputs) {
        let i = &mut self.inputs;
        i.sensory_input[k] = v.sensory_input;
        i.state_select[k] = v.state_select;
        i.transition_duration[k] = v.transition_duration;
        i.sr_field_input[k] = v.sr_field_input;
        i.sr_field[k] = v.sr_field;
    }

    /// Sets every instance's inputs to `v`.
    pub fn set_all_inputs(&mut self, v: &PhiNNeuralProcessorInputs) {
        let i = &mut self.inputs;
        i.sensory_input.fill(v.sensory_input);
        i.state_select.fill(v.state_select);
        i.transition_duration.fill(v.transition_duration);
        i.sr_field_input.fill(v.sr_field_input);
        i.sr_field.fill(v.sr_field);
    }

    /// The outputs after the last step.
    pub fn outputs(&self) -> &BatchOutputs {
        &self.outputs
    }

    /// Every instance back to its reset state (inputs are kept; outputs are zeroed).
    pub fn reset(&mut self) {
        for p in &mut self.procs {
            p.reset();
        }
        self.outputs.dac_output.fill(0);
        self.outputs.debug_theta.fill(0);
        self.outputs.debug_motor_l23.fill(0);
        self.outputs.kuramoto_r.fill(0);
        self.outputs.sie_phase.fill(0);
    }

    fn lanes(&mut self) -> Lanes<'_> {
        Lanes::new(&mut self.procs, &self.inputs, &mut self.outputs)
    }

    /// One tick of every instance on the calling thread. Allocates nothing.
    pub fn step(&mut self) {
        self.lanes().step();
    }

    /// `n` ticks of every instance on the calling thread; after tick `t` (0-based) calls
    /// `observe(t, outputs)`.
    pub fn step_n(&mut self, n: u64, mut observe: impl FnMut(u64, &BatchOutputs)) {
        for t in 0..n {
            self.step();
            observe(t, &self.outputs);
        }
    }

    /// One tick of every instance, the instances split into one contiguous chunk per thread of
    /// the current rayon pool (run inside `ThreadPool::install` to choose the pool).
    /// Bit-identical to [`step`](Self::step).
    #[cfg(feature = "rayon")]
    pub fn par_step(&mut self) {
        let threads = rayon::current_num_threads().max(1);
        let chunk = self.len().div_ceil(threads).max(1);
        self.lanes().par_step(chunk);
    }

    /// `n` ticks as [`par_step`](Self::par_step); after tick `t` (0-based) calls
    /// `observe(t, outputs)` on the calling thread, with every instance at tick `t`.
    #[cfg(feature = "rayon")]
    pub fn par_step_n(&mut self, n: u64, mut observe: impl FnMut(u64, &BatchOutputs)) {
        for t in 0..n {
            self.par_step();
            observe(t, &self.outputs);
        }
    }
}

impl ProcessorBatch {
    /// `n` ticks of every instance with its inputs held, each instance running through all `n`
    /// ticks on one rayon thread before the next: no synchronisation between ticks, the fastest
    /// way through a parameter sweep. `init(k)` makes instance k's observer state and
    /// `observe(state, t, outputs, processor)` sees it after each of its ticks (on that thread).
    /// Returns the states in instance order; the batch's output buffers hold the last tick.
    /// Bit-identical to [`step_n`](Self::step_n) with the same held inputs.
    #[cfg(feature = "rayon")]
    pub fn par_run<S: Send>(
        &mut self,
        n: u64,
        init: impl Fn(usize) -> S + Sync,
        observe: impl Fn(&mut S, u64, &PhiNNeuralProcessorOutputs, &PhiNNeuralProcessor) + Sync,
    ) -> Vec<S> {
        use rayon::prelude::*;
        let inputs: Vec<PhiNNeuralProcessorInputs> =
            (0..self.len()).map(|k| self.inputs(k)).collect();
        let states: Vec<S> = self
            .procs
            .par_iter_mut()
            .zip(inputs.par_iter())
            .enumerate()
            .map(|(k, (p, i))| {
                let mut s = init(k);
                for t in 0..n {
                    let o = p.tick(i);
                    observe(&mut s, t, &o, p);
                }
                s
            })
            .collect();
        for (k, p) in self.procs.iter().enumerate() {
            let o = p.outputs();
            self.outputs.dac_output[k] = o.dac_output;
            self.outputs.debug_theta[k] = o.debug_theta;
            self.outputs.debug_motor_l23[k] = o.debug_motor_l23;
            self.outputs.kuramoto_r[k] = p.u_kuramoto.kuramoto_r;
            self.outputs.sie_phase[k] = p.u_sie.sie_phase;
        }
        states
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            })
            .collect();
        (params, inputs)
    }

    fn drive(t: u64, k: usize, base: &PhiNNeuralProcessorInputs) -> PhiNNeuralProcessorInputs {
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
            for k in 0..n {
                batch.set_inputs(k, &drive(t, k, &base[k]));
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
            let out = batch.outputs();
            for (k, p) in singles.iter_mut().enumerate() {
                let o = p.tick(&drive(t, k, &base[k]));
                assert_eq!(out.dac_output()[k], o.dac_output, "tick {t} instance {k}");
                assert_eq!(out.debug_theta()[k], o.debug_theta, "tick {t} instance {k}");
                assert_eq!(out.debug_motor_l23()[k], o.debug_motor_l23);
                assert_eq!(out.kuramoto_r()[k], p.u_kuramoto.kuramoto_r);
                assert_eq!(out.sie_phase()[k], p.u_sie.sie_phase);
            }
        }
        // Every register, not only the selected outputs.
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
        for (k, i) in base.iter().enumerate() {
            batch.set_inputs(k, i);
        }
        let caps = batch.outputs().capacities();
        let procs = batch.procs.capacity();
        batch.step_n(100, |_, o| assert_eq!(o.len(), 7));
        #[cfg(feature = "rayon")]
        batch.par_step_n(100, |_, o| assert_eq!(o.len(), 7));
        assert_eq!(batch.outputs().capacities(), caps);
        assert_eq!(batch.procs.capacity(), procs);
        assert_eq!(batch.inputs(3), base[3]);
    }

    #[test]
    fn empty_batch_steps() {
        let mut b = ProcessorBatch::new(&[]);
        assert!(b.is_empty() && b.outputs().is_empty());
        b.step();
        #[cfg(feature = "rayon")]
        b.par_step();
    }

    #[cfg(feature = "rayon")]
    #[test]
    fn par_run_equals_step_n_with_held_inputs() {
        let (params, inputs) = setup(7);
        let mut a = ProcessorBatch::new(&params);
        let mut b = ProcessorBatch::new(&params);
        for (k, i) in inputs.iter().enumerate() {
            a.set_inputs(k, i);
            b.set_inputs(k, i);
        }
        let mut sums = vec![0u64; params.len()];
        b.step_n(3_000, |_, o| {
            for (s, &d) in sums.iter_mut().zip(o.dac_output()) {
                *s += u64::from(d);
            }
        });
        let got = a.par_run(3_000, |_| 0u64, |s, _, o, _| *s += u64::from(o.dac_output));
        assert_eq!(got, sums);
        assert_eq!(a.processors(), b.processors());
        assert_eq!(a.outputs().dac_output(), b.outputs().dac_output());
    }
}
