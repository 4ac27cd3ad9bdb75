//! Co-simulation adapters of the cortical-column family (issue 4): `pv_interneuron`,
//! `layer1_minimal`, `amplitude_envelope_generator`, `cortical_frequency_drift`,
//! `dendritic_compartment` and `cortical_column`.

use crate::dut::{port_i32, Dut, Port};
use phin_core::fixed_point::WIDTH;
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

/// `pv_interneuron` as a co-simulation model.
#[derive(Default)]
pub struct PvInterneuronDut(pub PvInterneuron);

impl Dut for PvInterneuronDut {
    fn top(&self) -> &'static str {
        "pv_interneuron"
    }
    fn inputs(&self) -> &'static [Port] {
        PV_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        PvInterneuron::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&PvInterneuronInputs {
            pyramid_input: port_i32(&PV_PORTS[0], i[0]),
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
