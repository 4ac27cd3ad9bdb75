//! The co-simulation adapters: every phin-core module that has RTL, behind the [`Dut`] trait, with
//! its input ports and the ranges its random stimulus draws from. One file per module family;
//! the registry below is the only list of them.

use crate::dut::Dut;

pub mod hopf_oscillator;
pub mod noise;
// ---- issue 5 ----
pub mod control;
pub mod output;
// ---- end issue 5 ----
// ---- issue 3 ----
pub mod thalamus;

/// Top modules that have a model.
pub const MODELS: &[&str] = &[
    "hopf_oscillator",
    "hopf_oscillator_stochastic",
    "lfsr16",
    "sr_noise_generator",
    // ---- issue 5 ----
    "clock_enable_generator",
    "config_controller",
    "sr_ignition_controller",
    "pink_noise_generator",
    "output_mixer",
    // ---- end issue 5 ----
    // ---- issue 3 ----
    "ca3_phase_memory",
    "sr_frequency_drift",
    "sr_harmonic_bank",
    "thalamus",
];

/// A fresh model of `top`, or `None` when phin has none.
pub fn model_for(top: &str) -> Option<Box<dyn Dut>> {
    Some(match top {
        "hopf_oscillator" => Box::new(hopf_oscillator::HopfOscillatorDut::default()),
        "hopf_oscillator_stochastic" => {
            Box::new(hopf_oscillator::HopfOscillatorStochasticDut::default())
        }
        "lfsr16" => Box::new(noise::Lfsr16Dut::default()),
        "sr_noise_generator" => Box::new(noise::SrNoiseGeneratorDut::default()),
        // ---- issue 5 ----
        "clock_enable_generator" => Box::new(control::ClockEnableGeneratorDut::default()),
        "config_controller" => Box::new(control::ConfigControllerDut::default()),
        "sr_ignition_controller" => Box::new(control::SrIgnitionControllerDut::default()),
        "pink_noise_generator" => Box::new(output::PinkNoiseGeneratorDut::default()),
        "output_mixer" => Box::new(output::OutputMixerDut::default()),
        // ---- end issue 5 ----
        // ---- issue 3 ----
        "ca3_phase_memory" => Box::new(thalamus::Ca3PhaseMemoryDut::default()),
        "sr_frequency_drift" => Box::new(thalamus::SrFrequencyDriftDut::default()),
        "sr_harmonic_bank" => Box::new(thalamus::SrHarmonicBankDut::default()),
        "thalamus" => Box::new(thalamus::ThalamusDut::default()),
        _ => return None,
    })
}
