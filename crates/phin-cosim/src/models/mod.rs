//! The co-simulation adapters: every phin-core module that has RTL, behind the [`Dut`] trait, with
//! its input ports and the ranges its random stimulus draws from. One file per module family;
//! the registry below is the only list of them.

use crate::dut::Dut;

pub mod control;
pub mod cortex;
pub mod hopf_oscillator;
pub mod landscape;
pub mod monitors;
pub mod noise;
pub mod output;
pub mod thalamus;
pub mod top;

/// Top modules that have a model.
pub const MODELS: &[&str] = &[
    "amplitude_envelope_generator",
    "bicoherence_monitor",
    "boundary_generator",
    "ca3_phase_memory",
    "clock_enable_generator",
    "config_controller",
    "cortical_column",
    "cortical_frequency_drift",
    "coupling_mode_controller",
    "coupling_susceptibility",
    "dendritic_compartment",
    "energy_landscape",
    "harmonic_spacing_index",
    "hopf_oscillator",
    "hopf_oscillator_stochastic",
    "kuramoto_order_parameter",
    "layer1_minimal",
    "lfsr16",
    "output_mixer",
    "pac_strength",
    "phi_n_neural_processor",
    "pink_noise_generator",
    "pv_interneuron",
    "quarter_integer_detector",
    "sin_quarter_lut",
    "sr_frequency_drift",
    "sr_harmonic_bank",
    "sr_ignition_controller",
    "sr_noise_generator",
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
        "clock_enable_generator" => Box::new(control::ClockEnableGeneratorDut::default()),
        "config_controller" => Box::new(control::ConfigControllerDut::default()),
        "sr_ignition_controller" => Box::new(control::SrIgnitionControllerDut::default()),
        "pink_noise_generator" => Box::new(output::PinkNoiseGeneratorDut::default()),
        "output_mixer" => Box::new(output::OutputMixerDut::default()),
        "ca3_phase_memory" => Box::new(thalamus::Ca3PhaseMemoryDut::default()),
        "sr_frequency_drift" => Box::new(thalamus::SrFrequencyDriftDut::default()),
        "sr_harmonic_bank" => Box::new(thalamus::SrHarmonicBankDut::default()),
        "thalamus" => Box::new(thalamus::ThalamusDut::default()),
        "pv_interneuron" => Box::new(cortex::PvInterneuronDut::default()),
        "layer1_minimal" => Box::new(cortex::Layer1MinimalDut::default()),
        "amplitude_envelope_generator" => {
            Box::new(cortex::AmplitudeEnvelopeGeneratorDut::default())
        }
        "cortical_frequency_drift" => Box::new(cortex::CorticalFrequencyDriftDut::default()),
        "dendritic_compartment" => Box::new(cortex::DendriticCompartmentDut::default()),
        "cortical_column" => Box::new(cortex::CorticalColumnDut::default()),
        "coupling_mode_controller" => Box::new(monitors::CouplingModeControllerDut::default()),
        "harmonic_spacing_index" => Box::new(monitors::HarmonicSpacingIndexDut::default()),
        "kuramoto_order_parameter" => Box::new(monitors::KuramotoOrderParameterDut::default()),
        "boundary_generator" => Box::new(monitors::BoundaryGeneratorDut::default()),
        "bicoherence_monitor" => Box::new(monitors::BicoherenceMonitorDut::default()),
        "sin_quarter_lut" => Box::new(landscape::SinQuarterLutDut::default()),
        "quarter_integer_detector" => Box::new(landscape::QuarterIntegerDetectorDut::default()),
        "energy_landscape" => Box::new(landscape::EnergyLandscapeDut::default()),
        "coupling_susceptibility" => Box::new(landscape::CouplingSusceptibilityDut::default()),
        "pac_strength" => Box::new(landscape::PacStrengthDut::default()),
        "phi_n_neural_processor" => Box::new(top::PhiNNeuralProcessorDut::default()),
        _ => return None,
    })
}
