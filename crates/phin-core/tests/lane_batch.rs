//! The lane engine against the single processor: every instance of a [`LaneBatch`] equals a
//! [`PhiNNeuralProcessor`] stepped alone on the same inputs — every register, the tick count and
//! the output ports — on random parameters, starting states and inputs (property tests that
//! shrink), and over a long run through every consciousness state and SIE — on every
//! instruction set the lanes are compiled for that this machine runs (`LaneBatch::isas`).

use phin_core::lane_batch::{LaneBatch, LANES};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use proptest::prelude::*;

/// One instance of a case: parameter bits, warm-up ticks, warm-up input, compared schedule.
type Instance = (
    u8,
    u16,
    PhiNNeuralProcessorInputs,
    Vec<(PhiNNeuralProcessorInputs, u8)>,
);

/// All sixteen parameter sets.
fn params(bits: u8) -> PhiNNeuralProcessorParams {
    PhiNNeuralProcessorParams {
        fast_sim: bits & 1 != 0,
        sr_stochastic_enable: bits & 2 != 0,
        sr_drift_enable: bits & 4 != 0,
        enable_adaptive: bits & 8 != 0,
    }
}

/// Inputs through every port: sensory and field words beyond 18 bits too (ports truncate).
fn inputs() -> impl Strategy<Value = PhiNNeuralProcessorInputs> {
    let word = prop_oneof![-140_000i32..140_000, -2_000i32..2_000, Just(0)];
    (
        word.clone(),
        0u8..8,
        prop_oneof![Just(0u16), 1u16..400, Just(u16::MAX)],
        word.clone(),
        prop::array::uniform5(word),
        any::<bool>(),
    )
        .prop_map(
            |(
                sensory_input,
                state_select,
                transition_duration,
                sr_field_input,
                sr_field,
                ignition_trigger,
            )| {
                PhiNNeuralProcessorInputs {
                    sensory_input,
                    state_select,
                    transition_duration,
                    sr_field_input,
                    sr_field,
                    ignition_trigger,
                }
            },
        )
}

/// One instance: its parameter set, a warm-up (ticks with one input, reaching a state away from
/// reset) and the inputs of the compared ticks (each held for a run of ticks).
fn instance() -> impl Strategy<
    Value = (
        u8,
        u16,
        PhiNNeuralProcessorInputs,
        Vec<(PhiNNeuralProcessorInputs, u8)>,
    ),
> {
    (
        0u8..16,
        0u16..6_000,
        inputs(),
        prop::collection::vec((inputs(), 1u8..40), 1..6),
    )
}

fn compare(instances: &[Instance], isa: &str) -> Result<(), TestCaseError> {
    let mut alone: Vec<PhiNNeuralProcessor> = instances
        .iter()
        .map(|(p, warm, i, _)| {
            let mut q = PhiNNeuralProcessor::new(params(*p));
            for _ in 0..*warm {
                q.tick(i);
            }
            q
        })
        .collect();
    let mut lanes = LaneBatch::from_processors(&alone);
    lanes.set_isa(isa).map_err(TestCaseError::fail)?;
    prop_assert_eq!(lanes.len(), alone.len());
    // Step both tick by tick, each instance on its own schedule of held inputs.
    let longest = instances
        .iter()
        .map(|(_, _, _, s)| s.iter().map(|(_, n)| u32::from(*n)).sum::<u32>())
        .max()
        .unwrap_or(0);
    let at = |s: &[(PhiNNeuralProcessorInputs, u8)], t: u32| {
        let mut left = t;
        for (i, n) in s {
            if left < u32::from(*n) {
                return *i;
            }
            left -= u32::from(*n);
        }
        s.last().map(|(i, _)| *i).unwrap_or_default()
    };
    for t in 0..longest {
        for (k, (_, _, _, s)) in instances.iter().enumerate() {
            lanes.set_inputs(k, at(s, t));
        }
        lanes.step();
        for (k, q) in alone.iter_mut().enumerate() {
            q.tick(&at(&instances[k].3, t));
        }
    }
    for (k, q) in alone.iter().enumerate() {
        prop_assert_eq!(&lanes.processor(k), q, "instance {} differs ({})", k, isa);
        prop_assert_eq!(lanes.outputs(k), q.outputs());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random instances (more than one group, mixed parameter sets, random warm-ups), random
    /// inputs per instance changing during the run, on each instruction set in turn: every
    /// instance equals its processor alone.
    #[test]
    fn every_instance_is_the_single_processor(
        instances in prop::collection::vec(instance(), 1..(2 * LANES + 3)),
        isa in any::<prop::sample::Index>(),
    ) {
        let isas = LaneBatch::isas();
        compare(&instances, isas[isa.index(isas.len())])?;
    }
}

/// A scripted run through every consciousness state (with transitions), ignition triggers and a
/// sensory drive, ten simulated seconds, for a full group and one more instance, on every
/// instruction set: every register equal at the end, the DAC equal every 97th tick.
#[test]
fn a_long_scripted_run_is_bit_identical() {
    let n = LANES + 1;
    let ps: Vec<PhiNNeuralProcessorParams> = (0..n).map(|k| params([0, 8, 6, 14][k % 4])).collect();
    let mut on: Vec<LaneBatch> = LaneBatch::isas()
        .into_iter()
        .map(|isa| {
            let mut b = LaneBatch::new(&ps);
            b.set_isa(isa).expect("listed by isas()");
            b
        })
        .collect();
    let mut alone: Vec<PhiNNeuralProcessor> =
        ps.iter().map(|&p| PhiNNeuralProcessor::new(p)).collect();
    for t in 0..40_000u32 {
        for (k, q) in alone.iter_mut().enumerate() {
            let i = PhiNNeuralProcessorInputs {
                sensory_input: ((t as i32 * (k as i32 + 3)) % 9_000) - 4_500,
                state_select: ((t / 5_000 + k as u32) % 5) as u8,
                transition_duration: 2_000,
                sr_field_input: if k % 3 == 0 { 1_500 } else { 0 },
                ignition_trigger: t % 7_919 == (k as u32 * 101),
                ..Default::default()
            };
            for lanes in &mut on {
                lanes.set_inputs(k, i);
            }
            q.tick(&i);
        }
        for lanes in &mut on {
            lanes.step();
            if t % 97 == 0 {
                for (k, q) in alone.iter().enumerate() {
                    assert_eq!(
                        lanes.outputs(k).dac_output,
                        q.outputs().dac_output,
                        "tick {t} instance {k} ({})",
                        lanes.isa()
                    );
                }
            }
        }
    }
    for lanes in &on {
        for (k, q) in alone.iter().enumerate() {
            assert_eq!(&lanes.processor(k), q, "instance {k} ({})", lanes.isa());
        }
    }
}

/// The instruction sets: the fastest is the default, portable is always there, and a name this
/// machine cannot run is refused with the list of those it can.
#[test]
fn instruction_sets_are_listed_and_chosen() {
    let isas = LaneBatch::isas();
    assert_eq!(isas.last(), Some(&"portable"));
    let mut b = LaneBatch::new(&[PhiNNeuralProcessorParams::DEFAULT; 2]);
    assert_eq!(b.isa(), isas[0]);
    for isa in &isas {
        b.set_isa(isa).expect("listed");
        assert_eq!(b.isa(), *isa);
    }
    let e = b.set_isa("neon").unwrap_err();
    assert!(e.contains("`neon`") && e.contains("portable"), "{e}");
}

/// The comparison can fail: one instance put one tick ahead is seen.
#[test]
fn a_planted_difference_is_seen() {
    let mut lanes = LaneBatch::new(&[PhiNNeuralProcessorParams::DEFAULT; 3]);
    lanes.run(100);
    let mut q = PhiNNeuralProcessor::default();
    for _ in 0..100 {
        q.tick(&PhiNNeuralProcessorInputs::default());
    }
    assert_eq!(lanes.processor(1), q);
    let mut ahead = q.clone();
    ahead.tick(&PhiNNeuralProcessorInputs::default());
    lanes.set_processor(1, &ahead).expect("same parameters");
    assert_ne!(lanes.processor(1), q);
    assert_eq!(lanes.processor(0), q);
    // A processor with other parameters is refused, naming them.
    let other = PhiNNeuralProcessor::new(params(8));
    let e = lanes.set_processor(2, &other).unwrap_err();
    assert!(e.contains("enable_adaptive"), "{e}");
}

/// `par_run` (groups on rayon's threads) equals `run`.
#[test]
fn par_run_equals_run() {
    let ps: Vec<_> = (0..(3 * LANES)).map(|k| params((k % 16) as u8)).collect();
    let mut a = LaneBatch::new(&ps);
    for k in 0..ps.len() {
        a.set_inputs(
            k,
            PhiNNeuralProcessorInputs {
                sensory_input: 200 * k as i32,
                ..Default::default()
            },
        );
    }
    let mut b = a.clone();
    a.run(700);
    b.par_run(700);
    for k in 0..ps.len() {
        assert_eq!(a.processor(k), b.processor(k));
    }
}

/// A closed loop through the probe: the sensory input follows theta's x and the DAC, an
/// ignition is triggered when Kuramoto R is high, the state changes with the tick count. The
/// state of each instance records every snapshot its drive saw.
fn closed_loop(
    s: &mut (Vec<phin_core::Snapshot>, usize),
    t: u64,
    probe: phin_core::Probe<'_>,
) -> PhiNNeuralProcessorInputs {
    use phin_core::identity::Oscillator;
    if t.is_multiple_of(37) {
        s.0.push(probe.snapshot());
    }
    let theta = probe.oscillator(Oscillator::Theta).x.raw();
    PhiNNeuralProcessorInputs {
        sensory_input: theta / 2 + i32::from(probe.dac()) - 2_048
            + 300 * s.1 as i32
            + 700 * i32::from(probe.outputs().ca3_learning),
        state_select: ((t / 900 + s.1 as u64) % 5) as u8,
        transition_duration: 400,
        ignition_trigger: probe.kuramoto_r().raw() > 9_000,
        ..Default::default()
    }
}

/// `drive` and `par_drive` close the loop exactly as a `ProcessorBatch` does: the same probes
/// (every readout, by snapshot, every 37th tick), the same inputs, the same processors after,
/// on every instruction set.
#[test]
fn drive_and_par_drive_equal_the_processor_batch() {
    use phin_core::batch::ProcessorBatch;
    let ps: Vec<PhiNNeuralProcessorParams> =
        (0..(LANES + 3)).map(|k| params((k % 16) as u8)).collect();
    let n = 3_000;
    let mut reference = ProcessorBatch::new(&ps);
    let want = reference.drive(n, |k| (Vec::new(), k), closed_loop);
    for isa in LaneBatch::isas() {
        for par in [false, true] {
            let mut lanes = LaneBatch::new(&ps);
            lanes.set_isa(isa).expect("listed");
            let got = if par {
                lanes.par_drive(n, |k| (Vec::new(), k), closed_loop)
            } else {
                lanes.drive(n, |k| (Vec::new(), k), closed_loop)
            };
            assert_eq!(got.len(), want.len());
            for k in 0..ps.len() {
                assert_eq!(
                    got[k].0, want[k].0,
                    "snapshots of instance {k} ({isa}, par {par})"
                );
                assert_eq!(
                    &lanes.processor(k),
                    &reference.processors()[k],
                    "instance {k}"
                );
                assert_eq!(lanes.inputs(k), reference.inputs()[k], "last inputs of {k}");
            }
        }
    }
}
