//! Instructions per tick of the whole processor with and without observation, for valgrind's
//! callgrind (which counts instructions, so the figure does not depend on the machine's load):
//!
//! ```sh
//! cargo build --release -p phin-benches --bin tick_cost
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/tick_cost snapshot 20000
//! ```
//!
//! Modes: `bare` (tick only), `snapshot` (tick and [`Snapshot`](phin_core::probe::Snapshot)
//! every tick), `sample` (tick and the full 501-signal `Observable::sample` every tick),
//! `recorder8` (tick and a recorder of 8 columns every tick), `par_run8` and `par_drive8` (a
//! `ProcessorBatch` of 8 on one rayon thread, inputs held or a closed loop reading each
//! instance's theta every tick; TICKS per instance), `lanes8` (one eight-lane group of the lane
//! engine, TICKS per instance: divide by 8·N; `PHIN_LANES_ISA=avx2|portable` picks a slower
//! instruction set than the machine's fastest). The cost of a mode per tick is the
//! difference of two runs (N and 2N ticks) divided by N, so the start-up cancels; docs/
//! performance.md has the figures. NORMAL state, no input.

use phin_core::batch::ProcessorBatch;
use phin_core::identity::Oscillator;
use phin_core::lane_batch::{LaneBatch, LANES};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::recorder::Recorder;
use phin_core::Observable;
use std::hint::black_box;

/// The recorder's eight columns: the DAC, theta, the motor column's five layers and SR f₀ (the
/// columns `phin run` puts in its waves by default).
const RECORDED: [&str; 8] = [
    "dac_output",
    "u_thalamus.u_theta.x",
    "col_motor.u_l6.x",
    "col_motor.u_l5a.x",
    "col_motor.u_l5b.x",
    "col_motor.u_l4.x",
    "col_motor.u_l23.x",
    "u_thalamus.u_sr_bank.u_f0.u_core.x",
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: tick_cost bare|snapshot|sample|recorder8|par_run8|par_drive8|lanes8 TICKS";
    let mode = args.get(1).expect(usage).as_str();
    let ticks: u64 = args.get(2).and_then(|t| t.parse().ok()).expect(usage);
    let mut p = PhiNNeuralProcessor::default();
    let i = PhiNNeuralProcessorInputs::default();
    let mut acc = 0u64;
    match mode {
        "bare" => {
            for _ in 0..ticks {
                acc += u64::from(black_box(&mut p).tick(&i).dac_output);
            }
        }
        "snapshot" => {
            for _ in 0..ticks {
                acc += u64::from(black_box(&mut p).tick(&i).dac_output);
                let s = black_box(&p).snapshot();
                acc += u64::from(black_box(&s).dac);
            }
        }
        "sample" => {
            let mut buf = vec![0u64; PhiNNeuralProcessor::signal_table().len()];
            for _ in 0..ticks {
                acc += u64::from(black_box(&mut p).tick(&i).dac_output);
                black_box(&p).sample(&mut buf);
                acc += black_box(&buf)[7];
            }
        }
        "recorder8" => {
            let mut rec = Recorder::<PhiNNeuralProcessor>::new(&RECORDED, 1, ticks as usize)
                .expect("names of the signal table");
            for _ in 0..ticks {
                acc += u64::from(black_box(&mut p).tick(&i).dac_output);
                rec.observe(black_box(&p));
            }
            acc += rec.rows() as u64;
        }
        "par_run8" | "par_drive8" => {
            // Eight instances on one rayon thread: TICKS is per instance, and the figure per
            // instance-tick compares the held-input sweep with the closed loop.
            let mut b = ProcessorBatch::new(&[PhiNNeuralProcessorParams::DEFAULT; 8]);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a pool of one thread");
            let sums = pool.install(|| {
                if mode == "par_run8" {
                    b.par_run(ticks, |_| 0u64, |s, _, o, _| *s += u64::from(o.dac_output))
                } else {
                    b.par_drive(
                        ticks,
                        |_| 0u64,
                        |s, _, probe| {
                            *s += u64::from(probe.dac());
                            PhiNNeuralProcessorInputs {
                                sensory_input: probe.oscillator(Oscillator::Theta).x.raw() / 8,
                                ..Default::default()
                            }
                        },
                    )
                }
            });
            acc += sums.iter().sum::<u64>();
        }
        "lanes8" => {
            // One group of the lane engine (eight instances); TICKS is per instance, so the
            // figure per instance-tick is the difference divided by 8·N.
            let mut b = LaneBatch::new(&[PhiNNeuralProcessorParams::DEFAULT; LANES]);
            // PHIN_LANES_ISA picks an instruction set other than the fastest (LaneBatch::isas).
            if let Ok(isa) = std::env::var("PHIN_LANES_ISA") {
                b.set_isa(&isa).expect("PHIN_LANES_ISA");
            }
            black_box(&mut b).run(ticks);
            acc += u64::from(b.outputs(0).dac_output);
        }
        _ => panic!("{usage}"),
    }
    println!("{acc}");
}
