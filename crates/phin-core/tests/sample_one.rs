//! `Observable::sample_one` is `sample` one signal at a time, for every module whose table the
//! whole processor is made of: a composite's hand-off to its children cannot pick the wrong
//! child or the wrong offset unnoticed.

use phin_core::cortical_column::CorticalColumn;
use phin_core::phi_n_neural_processor::{PhiNNeuralProcessor, PhiNNeuralProcessorInputs};
use phin_core::sr_harmonic_bank::SrHarmonicBank;
use phin_core::thalamus::Thalamus;
use phin_core::Observable;

fn check<T: Observable>(m: &T, what: &str) -> usize {
    let n = T::signal_table().len();
    let mut all = vec![0u64; n];
    assert_eq!(m.sample(&mut all), n, "{what}");
    for (k, &v) in all.iter().enumerate() {
        assert_eq!(
            m.sample_one(k),
            v,
            "{what}: signal {k} {}",
            T::signal_table()[k].name
        );
    }
    n
}

#[test]
fn sample_one_is_sample_for_every_signal_of_the_processor() {
    let mut p = PhiNNeuralProcessor::default();
    let inputs = PhiNNeuralProcessorInputs {
        state_select: 2,
        sensory_input: 3_000,
        sr_field_input: 500,
        ..Default::default()
    };
    // Registers away from their reset values, so that a wrong offset reads a different value.
    for t in 0..25_000u64 {
        p.tick(&inputs);
        if t % 5_000 == 4_999 {
            assert_eq!(check(&p, "top"), 508);
        }
    }
    assert!(check(&Thalamus::new(), "thalamus") > 0);
    assert!(check(&SrHarmonicBank::new(), "bank") > 0);
    assert!(check(&CorticalColumn::new(), "column") > 0);
}

/// The modules whose `sample_one` falls back to sampling themselves into the fixed buffer.
#[test]
fn every_table_sampled_whole_fits_the_default_buffer() {
    use phin_core::config_controller::ConfigController;
    use phin_core::signals::SAMPLE_ONE_MAX;
    assert!(Thalamus::signal_table().len() <= SAMPLE_ONE_MAX);
    assert!(SrHarmonicBank::signal_table().len() <= SAMPLE_ONE_MAX);
    assert!(ConfigController::signal_table().len() <= SAMPLE_ONE_MAX);
}
