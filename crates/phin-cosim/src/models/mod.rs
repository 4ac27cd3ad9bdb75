//! The co-simulation adapters: every phin-core module that has RTL, behind the [`Dut`] trait, with
//! its input ports and the ranges its random stimulus draws from. One file per module family;
//! the registry below is the only list of them.

use crate::dut::Dut;

pub mod hopf_oscillator;
pub mod noise;

// ---- issue 4: cortical-column family ----
pub mod cortex;

/// Top modules that have a model.
pub const MODELS: &[&str] = &[
    "hopf_oscillator",
    "hopf_oscillator_stochastic",
    "lfsr16",
    "sr_noise_generator",
    // ---- issue 4: cortical-column family ----
    "pv_interneuron",
    "layer1_minimal",
    "amplitude_envelope_generator",
    "cortical_frequency_drift",
    "dendritic_compartment",
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
        // ---- issue 4: cortical-column family ----
        "pv_interneuron" => Box::new(cortex::PvInterneuronDut::default()),
        "layer1_minimal" => Box::new(cortex::Layer1MinimalDut::default()),
        "amplitude_envelope_generator" => {
            Box::new(cortex::AmplitudeEnvelopeGeneratorDut::default())
        }
        "cortical_frequency_drift" => Box::new(cortex::CorticalFrequencyDriftDut::default()),
        "dendritic_compartment" => Box::new(cortex::DendriticCompartmentDut::default()),
        _ => return None,
    })
}
