//! `phin bench`: the model's ticks per second against the Verilated RTL's, on the same stimulus
//! in the same run (docs/architecture.md, Speed). Never a timed test: a ratio, printed. For the
//! whole processor it also measures a `ProcessorBatch` (instance-ticks/s, one thread and all
//! rayon threads) and the lane engine (`LaneBatch`, one thread and all threads) in the same run,
//! against the same Verilated figure.

use crate::args::{in_range, UserError};
use clap::Args;
use phin_core::batch::ProcessorBatch;
use phin_core::identity::Oscillator;
use phin_core::lane_batch::{LaneBatch, LANES};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_cosim::models::top::{top_inputs, PhiNNeuralProcessorDut};
use phin_cosim::{Cosim, RandomStimulus, Stimulus};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The whole processor's top module.
const TOP: &str = "phi_n_neural_processor";

/// Arguments of `phin bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Top module to measure.
    #[arg(long)]
    top: String,
    /// Ticks to run on each side, 1000..=100000000.
    #[arg(long, default_value_t = 1_000_000, allow_negative_numbers = true,
          value_parser = crate::args::ranged(1_000, 100_000_000))]
    ticks: u64,
    /// Directory of the RTL.
    #[arg(long, default_value = "rtl")]
    rtl: PathBuf,
    /// Seed of the stimulus.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = crate::args::ranged(0, u64::MAX))]
    seed: u64,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Instances of the `ProcessorBatch` measured with `--top phi_n_neural_processor`,
    /// 1..=65536.
    #[arg(long, default_value_t = 64, allow_negative_numbers = true)]
    batch: i64,
    /// phi_n_neural_processor only: FAST_SIM of the Verilated top. 1 (default): a tick is 10
    /// clocks, as co-simulation runs it; 0: the real divider, 31250 clocks per tick.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    fast_sim: i64,
}

#[derive(Serialize)]
struct Figures {
    top: String,
    ticks: u64,
    /// The model's ticks/s: for the whole processor, one `PhiNNeuralProcessor` ticked directly
    /// on the stimulus decoded beforehand (how a program embeds it); for a module, through the
    /// co-simulation adapter.
    model_ticks_per_s: f64,
    verilated_ticks_per_s: f64,
    /// The g++ optimisation level of the Verilated model (`$PHIN_COSIM_CXX_OPT`, default -O2).
    verilated_cxx_opt: &'static str,
    ratio: f64,
    /// Whole processor only: the same model through the co-simulation adapter (a dynamic call
    /// and the decoding of the stimulus row every tick), ticks/s.
    #[serde(skip_serializing_if = "Option::is_none")]
    adapter_ticks_per_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<BatchFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lanes: Option<LaneFigures>,
}

/// The lane engine (`LaneBatch`) of the whole processor, one thread and all rayon threads.
#[derive(Serialize)]
struct LaneFigures {
    instances: usize,
    /// Ticks of every instance.
    ticks: u64,
    /// The instruction set the lanes ran on ("avx512" or "portable").
    isa: &'static str,
    /// Instances per group (SIMD lanes).
    lanes: usize,
    threads: usize,
    /// One thread, every instance on the stimulus row of the tick: instance-ticks/s.
    one_thread_instance_ticks_per_s: f64,
    /// The one-thread figure over the Verilated ticks/s.
    one_thread_ratio: f64,
    /// All threads (`LaneBatch::par_run`, inputs held at the stimulus' first row): instance-
    /// ticks/s per core.
    all_threads_instance_ticks_per_s_per_core: f64,
    /// The all-threads figure per core over the Verilated ticks/s.
    all_threads_per_core_ratio: f64,
}

/// A `ProcessorBatch` of the whole processor, single-threaded and on all rayon threads.
#[derive(Serialize)]
struct BatchFigures {
    instances: usize,
    /// Ticks of every instance (instance-ticks = instances x ticks, as many as the single run's).
    ticks: u64,
    threads: usize,
    single_thread_instance_ticks_per_s: f64,
    /// Single-thread instance-ticks/s over the Verilated ticks/s.
    single_thread_ratio: f64,
    all_threads_instance_ticks_per_s: f64,
    all_threads_instance_ticks_per_s_per_core: f64,
    /// All-threads instance-ticks/s per core over the Verilated ticks/s.
    all_threads_per_core_ratio: f64,
    /// `ProcessorBatch::par_run` (inputs held at the stimulus' first row, each instance through
    /// all its ticks on one thread: how `phin sweep` runs), instance-ticks/s per core.
    sweep_instance_ticks_per_s_per_core: f64,
    /// The sweep figure over the Verilated ticks/s.
    sweep_per_core_ratio: f64,
    /// `ProcessorBatch::par_drive`: a closed loop (each tick's sensory input from the
    /// instance's own theta x, read through its probe), each instance through all its ticks on
    /// one thread, instance-ticks/s per core.
    driven_instance_ticks_per_s_per_core: f64,
    /// The closed loop over the sweep (`par_run`) figure: what the per-tick drive costs.
    driven_over_sweep: f64,
}

/// Steps a batch of `instances` whole processors (FAST_SIM, as the co-simulation model) on the
/// stimulus `rows`, every instance on the same row each tick; returns instance-ticks/s.
fn batch_rate(instances: usize, rows: &[PhiNNeuralProcessorInputs], parallel: bool) -> f64 {
    let params = PhiNNeuralProcessorParams {
        fast_sim: true,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut b = ProcessorBatch::new(&vec![params; instances]);
    let t0 = Instant::now();
    for row in rows {
        b.set_all_inputs(row);
        if parallel {
            b.par_step();
        } else {
            b.step();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    std::hint::black_box(b.outputs());
    (instances * rows.len()) as f64 / s
}

/// One whole processor ticked directly on `rows` (decoded beforehand, as a program embedding the
/// model gives it inputs); returns ticks/s.
fn single_rate(params: PhiNNeuralProcessorParams, rows: &[PhiNNeuralProcessorInputs]) -> f64 {
    let mut p = PhiNNeuralProcessor::new(params);
    let mut dac = 0u64;
    let t0 = Instant::now();
    for row in rows {
        dac = dac.wrapping_add(u64::from(p.tick(row).dac_output));
    }
    let s = t0.elapsed().as_secs_f64();
    std::hint::black_box((dac, p.outputs()));
    rows.len() as f64 / s
}

/// `ProcessorBatch::par_run` of `instances` processors for `ticks` ticks with `row` held;
/// returns instance-ticks/s on all rayon threads.
fn sweep_rate(instances: usize, row: &PhiNNeuralProcessorInputs, ticks: u64) -> f64 {
    let params = PhiNNeuralProcessorParams {
        fast_sim: true,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut b = ProcessorBatch::new(&vec![params; instances]);
    b.set_all_inputs(row);
    let t0 = Instant::now();
    let sums = b.par_run(ticks, |_| 0u64, |s, _, o, _| *s += u64::from(o.dac_output));
    let s = t0.elapsed().as_secs_f64();
    std::hint::black_box(sums);
    (instances as u64 * ticks) as f64 / s
}

/// `ProcessorBatch::par_drive` of `instances` processors for `ticks` ticks, each tick's
/// inputs `row` with the sensory input set from the instance's own theta x; returns
/// instance-ticks/s on all rayon threads.
fn driven_rate(instances: usize, row: &PhiNNeuralProcessorInputs, ticks: u64) -> f64 {
    let params = PhiNNeuralProcessorParams {
        fast_sim: true,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut b = ProcessorBatch::new(&vec![params; instances]);
    let t0 = Instant::now();
    let sums = b.par_drive(
        ticks,
        |_| 0u64,
        |s, _, probe| {
            *s += u64::from(probe.dac());
            PhiNNeuralProcessorInputs {
                sensory_input: probe.oscillator(Oscillator::Theta).x.raw() / 8,
                ..*row
            }
        },
    );
    let s = t0.elapsed().as_secs_f64();
    std::hint::black_box(sums);
    (instances as u64 * ticks) as f64 / s
}

/// The lane engine with `instances` processors (FAST_SIM) for `rows.len()` ticks: one thread with
/// every instance on each tick's row, then all threads with the first row held. Returns
/// (one-thread instance-ticks/s, all-threads instance-ticks/s, instruction set).
fn lane_rates(instances: usize, rows: &[PhiNNeuralProcessorInputs]) -> (f64, f64, &'static str) {
    let params = PhiNNeuralProcessorParams {
        fast_sim: true,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut b = LaneBatch::new(&vec![params; instances]);
    let t0 = Instant::now();
    for row in rows {
        b.set_all_inputs(row);
        b.step();
    }
    let one = (instances * rows.len()) as f64 / t0.elapsed().as_secs_f64();
    std::hint::black_box(b.outputs(0));
    let mut b = LaneBatch::new(&vec![params; instances]);
    b.set_all_inputs(&rows[0]);
    let t0 = Instant::now();
    b.par_run(rows.len() as u64);
    let all = (instances * rows.len()) as f64 / t0.elapsed().as_secs_f64();
    std::hint::black_box(b.outputs(0));
    (one, all, b.isa())
}

fn lane_figures(
    instances: usize,
    ticks: u64,
    buf: &[u64],
    width: usize,
    verilated: f64,
) -> LaneFigures {
    let bt = (ticks / instances as u64).clamp(1_000.min(ticks), ticks) as usize;
    let rows: Vec<_> = buf.chunks(width).take(bt).map(top_inputs).collect();
    let (one, all, isa) = lane_rates(instances, &rows);
    let threads = rayon::current_num_threads();
    LaneFigures {
        instances,
        ticks: bt as u64,
        isa,
        lanes: LANES,
        threads,
        one_thread_instance_ticks_per_s: one,
        one_thread_ratio: one / verilated,
        all_threads_instance_ticks_per_s_per_core: all / threads as f64,
        all_threads_per_core_ratio: all / threads as f64 / verilated,
    }
}

fn batch_figures(
    instances: usize,
    ticks: u64,
    buf: &[u64],
    width: usize,
    verilated: f64,
) -> BatchFigures {
    let bt = (ticks / instances as u64).clamp(1_000.min(ticks), ticks) as usize;
    let rows: Vec<_> = buf.chunks(width).take(bt).map(top_inputs).collect();
    let single = batch_rate(instances, &rows, false);
    let threads = rayon::current_num_threads();
    let all = batch_rate(instances, &rows, true);
    let sweep = sweep_rate(instances, &rows[0], bt as u64);
    let driven = driven_rate(instances, &rows[0], bt as u64);
    BatchFigures {
        instances,
        ticks: bt as u64,
        threads,
        single_thread_instance_ticks_per_s: single,
        single_thread_ratio: single / verilated,
        all_threads_instance_ticks_per_s: all,
        all_threads_instance_ticks_per_s_per_core: all / threads as f64,
        all_threads_per_core_ratio: all / threads as f64 / verilated,
        sweep_instance_ticks_per_s_per_core: sweep / threads as f64,
        sweep_per_core_ratio: sweep / threads as f64 / verilated,
        driven_instance_ticks_per_s_per_core: driven / threads as f64,
        driven_over_sweep: driven / sweep,
    }
}

/// Runs `phin bench`.
pub fn bench(a: BenchArgs) -> Result<ExitCode, UserError> {
    if !(1_000..=100_000_000).contains(&a.ticks) {
        return Err(UserError(format!(
            "--ticks = {} is out of range (allowed 1000..=100000000)",
            a.ticks
        )));
    }
    let instances = in_range("--batch", a.batch, 1, 65_536)? as usize;
    let fast_sim = in_range("--fast-sim", a.fast_sim, 0, 1)? == 1;
    let top_params = PhiNNeuralProcessorParams {
        fast_sim,
        ..PhiNNeuralProcessorParams::DEFAULT
    };
    let mut c = if a.top == TOP {
        phin_cosim::check_top(&a.rtl, &a.top)?;
        let params = top_params;
        Cosim::with_model(
            &a.rtl,
            Box::new(PhiNNeuralProcessorDut::with_params(params)),
        )?
    } else if !fast_sim {
        return Err(UserError(format!(
            "--fast-sim applies to --top {TOP} only (not {})",
            a.top
        )));
    } else {
        Cosim::new(&a.rtl, &a.top)?
    };
    let ports = c.model.inputs();
    let width = ports.len().max(1);
    let mut stim = RandomStimulus::new(ports, a.seed);
    let mut buf = vec![0u64; a.ticks as usize * width];
    for (t, row) in buf.chunks_mut(width).enumerate() {
        stim.next(t as u64, row);
    }

    c.model.reset();
    let t0 = Instant::now();
    for row in buf.chunks(width) {
        c.model.tick(row);
    }
    let model_s = t0.elapsed().as_secs_f64();
    // Keep the model's final state observable so the loop cannot be optimised away.
    let mut probe = vec![0u64; c.model.signals().len()];
    c.model.sample(&mut probe);
    std::hint::black_box(&probe);

    c.rtl.reset(2);
    let rtl_buf: &[u64] = if ports.is_empty() {
        &buf[..a.ticks as usize]
    } else {
        &buf
    };
    let t1 = Instant::now();
    c.rtl.run(rtl_buf);
    let rtl_s = t1.elapsed().as_secs_f64();

    let verilated = a.ticks as f64 / rtl_s;
    let adapter = a.ticks as f64 / model_s;
    // The whole processor's single figure is the model ticked directly, not through the adapter:
    // the Verilated side runs the whole stimulus in one call into C++, so the adapter's per-tick
    // dynamic call and row decoding would be charged to the model alone.
    let (model, adapter) = if a.top == TOP {
        let rows: Vec<_> = buf.chunks(width).map(top_inputs).collect();
        (single_rate(top_params, &rows), Some(adapter))
    } else {
        (adapter, None)
    };
    let batch = (a.top == TOP).then(|| batch_figures(instances, a.ticks, &buf, width, verilated));
    let lanes = (a.top == TOP).then(|| lane_figures(instances, a.ticks, &buf, width, verilated));
    let f = Figures {
        top: a.top.clone(),
        ticks: a.ticks,
        model_ticks_per_s: model,
        verilated_ticks_per_s: verilated,
        verilated_cxx_opt: phin_cosim::verilate::cxx_opt()?,
        ratio: model / verilated,
        adapter_ticks_per_s: adapter,
        batch,
        lanes,
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&f)?);
    } else {
        println!(
            "top: {} ({} ticks, same stimulus, seed {})",
            f.top, f.ticks, a.seed
        );
        println!("model:     {:>14.0} ticks/s", f.model_ticks_per_s);
        let clocks = if a.top == TOP {
            if fast_sim {
                " (FAST_SIM=1: 10 clocks per tick)"
            } else {
                " (FAST_SIM=0: 31250 clocks per tick)"
            }
        } else {
            ""
        };
        println!(
            "verilated: {:>14.0} ticks/s{clocks}, g++ {}",
            f.verilated_ticks_per_s, f.verilated_cxx_opt
        );
        println!("ratio:     {:>14.1}x (model / verilated)", f.ratio);
        if let Some(ad) = f.adapter_ticks_per_s {
            println!(
                "model through the co-simulation adapter: {ad:.0} ticks/s ({:.1}x verilated)",
                ad / f.verilated_ticks_per_s
            );
        }
        if let Some(b) = &f.batch {
            println!(
                "batch of {} instances x {} ticks (same stimulus on every instance):",
                b.instances, b.ticks
            );
            println!(
                "  1 thread:   {:>14.0} instance-ticks/s per core  ({:.1}x verilated)",
                b.single_thread_instance_ticks_per_s, b.single_thread_ratio
            );
            println!(
                "  {} threads: {:>14.0} instance-ticks/s in all, {:.0} per core  ({:.1}x verilated per core)",
                b.threads,
                b.all_threads_instance_ticks_per_s,
                b.all_threads_instance_ticks_per_s_per_core,
                b.all_threads_per_core_ratio
            );
            println!(
                "  sweep ({} threads, inputs held, par_run): {:.0} instance-ticks/s per core  ({:.1}x verilated per core)",
                b.threads, b.sweep_instance_ticks_per_s_per_core, b.sweep_per_core_ratio
            );
            println!(
                "  closed loop ({} threads, par_drive): {:.0} instance-ticks/s per core  ({:.2}x the sweep)",
                b.threads, b.driven_instance_ticks_per_s_per_core, b.driven_over_sweep
            );
        }
        if let Some(l) = &f.lanes {
            println!(
                "lane engine, {} instances x {} ticks ({} lanes per group, {}):",
                l.instances, l.ticks, l.lanes, l.isa
            );
            println!(
                "  1 thread:   {:>14.0} instance-ticks/s per core  ({:.1}x verilated)",
                l.one_thread_instance_ticks_per_s, l.one_thread_ratio
            );
            println!(
                "  {} threads (par_run, inputs held): {:.0} instance-ticks/s per core  ({:.1}x verilated per core)",
                l.threads, l.all_threads_instance_ticks_per_s_per_core, l.all_threads_per_core_ratio
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
