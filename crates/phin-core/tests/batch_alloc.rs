//! `ProcessorBatch::step` and the single processor's `tick` allocate nothing: counted by a global allocator, on the test's own
//! thread only (the test harness allocates on its main thread, e.g. to say that a test runs
//! long on a loaded machine, and that must not count).

use phin_core::batch::ProcessorBatch;
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The system allocator, counting allocations.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// Allocations on this thread count.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
    /// Counted allocations of this thread alone (tests run on parallel threads).
    static THREAD_ALLOCS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    if COUNTED.with(Cell::get) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        THREAD_ALLOCS.with(|n| n.set(n.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_single_processor_tick_allocates_nothing() {
    // Random-looking inputs through every port, adaptive on, so that the SIE, state changes and
    // the SR field paths run too.
    let mut p = PhiNNeuralProcessor::new(PhiNNeuralProcessorParams {
        enable_adaptive: true,
        ..PhiNNeuralProcessorParams::DEFAULT
    });
    let mut i = PhiNNeuralProcessorInputs::default();
    p.tick(&i); // warm-up outside the count
    COUNTED.with(|c| c.set(true));
    let mut sum = 0u64;
    let mut s = 0x2545_F491u32;
    for t in 0..5_000u32 {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        i.sensory_input = (s & 0x7FFF) as i32 - 16_384;
        i.state_select = (t / 1_000) as u8 % 5;
        i.ignition_trigger = t % 997 == 0;
        i.sr_field_input = (s >> 17) as i32 & 0x1FFF;
        sum += u64::from(p.tick(&i).dac_output);
    }
    COUNTED.with(|c| c.set(false));
    assert_eq!(
        THREAD_ALLOCS.with(Cell::get),
        0,
        "allocations while ticking"
    );
    std::hint::black_box(sum);
}

#[test]
fn step_and_step_n_allocate_nothing() {
    let mut params = vec![PhiNNeuralProcessorParams::DEFAULT; 16];
    for (k, p) in params.iter_mut().enumerate() {
        p.enable_adaptive = k % 2 == 1;
    }
    let mut batch = ProcessorBatch::new(&params);
    for (k, i) in batch.inputs_mut().iter_mut().enumerate() {
        i.state_select = (k % 5) as u8;
        i.sensory_input = 4_096;
    }
    batch.step(); // warm-up outside the count
    COUNTED.with(|c| c.set(true));
    let mut sum = 0u64;
    let before = ALLOCS.load(Ordering::SeqCst);
    for _ in 0..500 {
        batch.step();
    }
    batch.step_n(500, |_, b| sum += u64::from(b.outputs()[3].dac_output));

    let after = ALLOCS.load(Ordering::SeqCst);
    assert_eq!(after - before, 0, "allocations while stepping");
    // The closed loop on the calling thread allocates only the vector of states it returns.
    let states = batch.drive(
        500,
        |_| 0u64,
        |s, t, probe| {
            *s += u64::from(probe.dac());
            PhiNNeuralProcessorInputs {
                sensory_input: (t % 64) as i32 * 64,
                ..Default::default()
            }
        },
    );
    assert_eq!(
        ALLOCS.load(Ordering::SeqCst) - after,
        1,
        "allocations while driving"
    );
    sum += states[0];
    assert!(sum > 0);
}

#[test]
fn a_lane_batch_run_allocates_nothing() {
    use phin_core::lane_batch::{LaneBatch, LANES};
    // Two groups (two parameter sets), more instances than one group holds.
    let mut ps = vec![PhiNNeuralProcessorParams::DEFAULT; LANES + 2];
    ps[1].enable_adaptive = true;
    let mut b = LaneBatch::new(&ps);
    b.set_inputs(
        0,
        PhiNNeuralProcessorInputs {
            sensory_input: 3_000,
            ..Default::default()
        },
    );
    b.step(); // warm-up outside the count
    COUNTED.with(|c| c.set(true));
    b.run(500);
    b.step();
    COUNTED.with(|c| c.set(false));
    assert_eq!(
        THREAD_ALLOCS.with(Cell::get),
        0,
        "the lane engine allocated while stepping"
    );
    assert_eq!(b.processor(0).tick_count(), 502);
}
