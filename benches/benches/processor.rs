//! Criterion benches of the whole processor: one `tick` of a single instance (throughput in
//! ticks), and `ProcessorBatch::step` of 64 instances (throughput in instance-ticks) on one thread
//! and on rayon's threads; the lane engine (`LaneBatch`) on the same 64 instances: `step` on one
//! thread, and `par_run` of ten ticks with the groups on rayon's threads (throughput in
//! instance-ticks in both).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use phin_core::batch::ProcessorBatch;
use phin_core::lane_batch::LaneBatch;
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};

/// Instances of the batch benches.
const BATCH: usize = 64;

/// A processor state a second into a run (past reset), on a typical input.
fn inputs() -> PhiNNeuralProcessorInputs {
    PhiNNeuralProcessorInputs {
        sensory_input: 4_096,
        state_select: 4,
        transition_duration: 400,
        sr_field_input: 164,
        sr_field: [0, 164, 0, -164, 0],
        ignition_trigger: false,
    }
}

/// A batch of [`BATCH`] instances, half adaptive, all states, warmed up for `warm` ticks.
fn batch(warm: u64) -> ProcessorBatch {
    let params: Vec<_> = (0..BATCH)
        .map(|k| PhiNNeuralProcessorParams {
            enable_adaptive: k % 2 == 1,
            ..PhiNNeuralProcessorParams::DEFAULT
        })
        .collect();
    let mut b = ProcessorBatch::new(&params);
    b.set_all_inputs(&inputs());
    for (k, i) in b.inputs_mut().iter_mut().enumerate() {
        i.state_select = (k % 5) as u8;
    }
    b.step_n(warm, |_, _| {});
    b
}

fn processor(c: &mut Criterion) {
    let i = inputs();
    let mut p = PhiNNeuralProcessor::new(PhiNNeuralProcessorParams::DEFAULT);
    for _ in 0..4_000 {
        p.tick(&i);
    }
    let mut g = c.benchmark_group("phi_n_neural_processor");
    g.throughput(Throughput::Elements(1));
    g.bench_function("tick", |b| b.iter(|| black_box(p.tick(black_box(&i)))));
    g.finish();

    let mut g = c.benchmark_group("processor_batch_64");
    g.throughput(Throughput::Elements(BATCH as u64));
    let mut one = batch(100);
    g.bench_function("step (1 thread)", |b| {
        b.iter(|| {
            one.step();
            black_box(one.outputs()[0].dac_output)
        })
    });
    let mut par = batch(100);
    let threads = rayon::current_num_threads();
    g.bench_function(format!("par_step ({threads} rayon threads)"), |b| {
        b.iter(|| {
            par.par_step();
            black_box(par.outputs()[0].dac_output)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("lane_batch_64");
    g.throughput(Throughput::Elements(BATCH as u64));
    let mut lanes = lane_batch(100);
    g.bench_function(format!("step (1 thread, {})", lanes.isa()), |b| {
        b.iter(|| {
            lanes.step();
            black_box(lanes.outputs(0).dac_output)
        })
    });
    g.finish();
    let mut g = c.benchmark_group("lane_batch_64_par_run_10");
    g.throughput(Throughput::Elements(10 * BATCH as u64));
    let mut lanes = lane_batch(100);
    g.bench_function(format!("par_run ({threads} rayon threads)"), |b| {
        b.iter(|| {
            lanes.par_run(10);
            black_box(lanes.outputs(0).dac_output)
        })
    });
    g.finish();
}

/// The same instances as [`batch`] in the lane engine.
fn lane_batch(warm: u64) -> LaneBatch {
    let b = batch(warm);
    let mut l = LaneBatch::from_processors(b.processors());
    for (k, i) in b.inputs().iter().enumerate() {
        l.set_inputs(k, *i);
    }
    l
}

criterion_group!(benches, processor);
criterion_main!(benches);
