//! `ProcessorBatch::step` allocates nothing: counted by a global allocator.

use phin_core::batch::ProcessorBatch;
use phin_core::phi_n_neural_processor::PhiNNeuralProcessorParams;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// The system allocator, counting allocations.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn step_and_step_n_allocate_nothing() {
    let mut params = vec![PhiNNeuralProcessorParams::DEFAULT; 16];
    for (k, p) in params.iter_mut().enumerate() {
        p.enable_adaptive = k % 2 == 1;
    }
    let mut batch = ProcessorBatch::new(&params);
    let inputs = batch.inputs_mut();
    for (k, s) in inputs.state_select.iter_mut().enumerate() {
        *s = (k % 5) as u8;
    }
    inputs.sensory_input.fill(4_096);
    batch.step(); // warm-up outside the count
    let mut sum = 0u64;
    let before = ALLOCS.load(Ordering::SeqCst);
    for _ in 0..500 {
        batch.step();
    }
    batch.step_n(500, |_, o| sum += u64::from(o.dac_output()[3]));
    let after = ALLOCS.load(Ordering::SeqCst);
    assert_eq!(after - before, 0, "allocations while stepping");
    assert!(sum > 0);
}
