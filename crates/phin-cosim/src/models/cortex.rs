//! Co-simulation adapters of the cortical-column family: `pv_interneuron`,
//! `layer1_minimal`, `amplitude_envelope_generator`, `cortical_frequency_drift`,
//! `dendritic_compartment` and `cortical_column`.

use crate::dut::{port_i32, Dut, Port};
use crate::dut_adapter;
use phin_core::amplitude_envelope_generator::AmplitudeEnvelopeGenerator;
use phin_core::cortical_column::{CorticalColumn, CorticalColumnInputs, CorticalColumnParams};
use phin_core::cortical_frequency_drift::{CorticalFrequencyDrift, CorticalFrequencyDriftInputs};
use phin_core::dendritic_compartment::{DendriticCompartment, DendriticCompartmentInputs};
use phin_core::fixed_point::WIDTH;
use phin_core::layer1_minimal::{Layer1Minimal, Layer1MinimalInputs};
use phin_core::pv_interneuron::{PvInterneuron, PvInterneuronInputs};
use phin_core::{Observable, Signal};

/// Q14 activity levels the random stimulus prefers: rest, ±0.5, ±1 (an oscillator's amplitude).
const ACTIVITY_TYPICAL: &[i64] = &[0, 8_192, -8_192, 16_384, -16_384];

/// An 18-bit signed Q14 activity port.
const fn activity(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: ACTIVITY_TYPICAL,
        range: (-32_768, 32_768),
    }
}

const PV_PORTS: &[Port] = &[activity("pyramid_input")];

dut_adapter! {
    /// `pv_interneuron` as a co-simulation model.
    PvInterneuronDut(PvInterneuron),
    "pv_interneuron",
    PV_PORTS,
    |m, i| {
        m.tick(&PvInterneuronInputs {
            pyramid_input: port_i32(&PV_PORTS[0], i[0]),
        });
    }
}

const L1_PORTS: &[Port] = &[
    activity("matrix_input"),
    activity("fb1_input"),
    activity("fb2_input"),
    activity("attention_input"),
];

dut_adapter! {
    /// `layer1_minimal` as a co-simulation model.
    Layer1MinimalDut(Layer1Minimal),
    "layer1_minimal",
    L1_PORTS,
    |m, i| {
        let p = L1_PORTS;
        m.tick(&Layer1MinimalInputs {
            matrix_input: port_i32(&p[0], i[0]),
            fb1_input: port_i32(&p[1], i[1]),
            fb2_input: port_i32(&p[2], i[2]),
            attention_input: port_i32(&p[3], i[3]),
        });
    }
}

dut_adapter! {
    /// `amplitude_envelope_generator` with its default parameters as a co-simulation model (no
    /// inputs besides the clock enable).
    AmplitudeEnvelopeGeneratorDut(AmplitudeEnvelopeGenerator),
    "amplitude_envelope_generator",
    &[],
    |m, i| {
        m.tick();
    }
}

const FORCE_TYPICAL: &[i64] = &[0, 0, 10, -10, 60, -60];

/// An 18-bit signed force port of `cortical_frequency_drift` (OMEGA_DT units × 10).
const fn force(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: FORCE_TYPICAL,
        range: (-200, 200),
    }
}

/// A 1-bit control port.
const fn flag(name: &'static str) -> Port {
    Port {
        name,
        width: 1,
        signed: false,
        typical: &[0, 1],
        range: (0, 1),
    }
}

const DRIFT_PORTS: &[Port] = &[
    flag("adaptive_en"),
    force("force_l6"),
    force("force_l5a"),
    force("force_l5b"),
    force("force_l4"),
    force("force_l23"),
];

dut_adapter! {
    /// `cortical_frequency_drift` as a co-simulation model.
    CorticalFrequencyDriftDut(CorticalFrequencyDrift),
    "cortical_frequency_drift",
    DRIFT_PORTS,
    |m, i| {
        let p = DRIFT_PORTS;
        let mut inp = CorticalFrequencyDriftInputs {
            adaptive_en: i[0] & 1 == 1,
            force: [0; 5],
        };
        for k in 0..5 {
            inp.force[k] = port_i32(&p[k + 1], i[k + 1]);
    }
    m.tick(&inp);
    }
}

/// Ca²⁺ thresholds the random stimulus prefers (0.25 .. 1.0).
const THRESHOLD_TYPICAL: &[i64] = &[4_096, 8_192, 12_288, 16_384];

const DENDRITE_PORTS: &[Port] = &[
    activity("basal_input"),
    activity("apical_input"),
    Port::new(
        "ca_threshold",
        WIDTH,
        true,
        THRESHOLD_TYPICAL,
        (-4_096, 24_576),
    ),
];

dut_adapter! {
    /// `dendritic_compartment` as a co-simulation model.
    DendriticCompartmentDut(DendriticCompartment),
    "dendritic_compartment",
    DENDRITE_PORTS,
    |m, i| {
        let p = DENDRITE_PORTS;
        m.tick(&DendriticCompartmentInputs {
            basal_input: port_i32(&p[0], i[0]),
            apical_input: port_i32(&p[1], i[1]),
            ca_threshold: port_i32(&p[2], i[2]),
        });
    }
}

/// MU values the random stimulus prefers: the state table's 1, 2, 3, 4, 6.
const MU_TYPICAL: &[i64] = &[1, 2, 3, 4, 6];
/// OMEGA_DT drift + jitter values the random stimulus prefers (within ±25).
const DRIFT_TYPICAL: &[i64] = &[0, 0, 12, -12, 25, -25];

/// An 18-bit signed MU port.
const fn mu(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: MU_TYPICAL,
        range: (0, 8),
    }
}

/// An 18-bit signed omega drift port.
const fn drift(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: DRIFT_TYPICAL,
        range: (-25, 25),
    }
}

const COLUMN_PORTS: &[Port] = &[
    mu("mu_dt_l6"),
    mu("mu_dt_l5b"),
    mu("mu_dt_l5a"),
    mu("mu_dt_l4"),
    mu("mu_dt_l23"),
    drift("omega_drift_l6"),
    drift("omega_drift_l5a"),
    drift("omega_drift_l5b"),
    drift("omega_drift_l4"),
    drift("omega_drift_l23"),
    activity("thalamic_input"),
    activity("feedforward_input"),
    activity("matrix_input"),
    activity("fb1_input"),
    activity("fb2_input"),
    activity("attention_input"),
    activity("theta_x"),
    flag("encoding_window"),
    Port {
        name: "phase_pattern",
        width: 2,
        signed: false,
        typical: &[0, 1, 2, 3],
        range: (0, 3),
    },
    activity("theta_y"),
    Port {
        name: "sync_gain",
        width: WIDTH,
        signed: true,
        typical: &[0, 0, 2_048, 8_192, 16_384],
        range: (0, 16_384),
    },
];

/// `cortical_column` as a co-simulation model; its envelope seeds are passed to the RTL as
/// parameter overrides, so any of the three columns can be co-simulated.
#[derive(Default)]
pub struct CorticalColumnDut(pub CorticalColumn);

impl Dut for CorticalColumnDut {
    fn top(&self) -> &'static str {
        "cortical_column"
    }
    fn inputs(&self) -> &'static [Port] {
        COLUMN_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        CorticalColumn::signal_table()
    }
    fn params(&self) -> Vec<(String, String)> {
        let p = self.0.params;
        if p == CorticalColumnParams::default() {
            return Vec::new();
        }
        CorticalColumnParams::NAMES
            .iter()
            .zip(p.env_seeds)
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let p = COLUMN_PORTS;
        let v = |k: usize| port_i32(&p[k], i[k]);
        self.0.tick(&CorticalColumnInputs {
            mu_dt_l6: v(0),
            mu_dt_l5b: v(1),
            mu_dt_l5a: v(2),
            mu_dt_l4: v(3),
            mu_dt_l23: v(4),
            omega_drift_l6: v(5),
            omega_drift_l5a: v(6),
            omega_drift_l5b: v(7),
            omega_drift_l4: v(8),
            omega_drift_l23: v(9),
            thalamic_input: v(10),
            feedforward_input: v(11),
            matrix_input: v(12),
            fb1_input: v(13),
            fb2_input: v(14),
            attention_input: v(15),
            theta_x: v(16),
            encoding_window: i[17] & 1 == 1,
            phase_pattern: (i[18] & 3) as u8,
            theta_y: v(19),
            sync_gain: v(20),
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
