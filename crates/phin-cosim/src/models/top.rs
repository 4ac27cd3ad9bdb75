//! Co-simulation adapter of the whole processor, `phi_n_neural_processor`. The top owns its clock
//! enable, so one tick is `DIV_4K_FAST` = 10 raw clocks of the RTL verilated with `FAST_SIM=1`
//! (or `DIV_4K` = 31250 with FAST_SIM = 0), shifted by one lead clock after reset so that every
//! tick ends on the enabled edge.

use crate::dut::{port_i32, Dut, Port};
use phin_core::constants::{DIV_4K, DIV_4K_FAST};
use phin_core::phi_n_neural_processor::{
    PhiNNeuralProcessor, PhiNNeuralProcessorInputs, PhiNNeuralProcessorParams,
};
use phin_core::{Observable, Signal};

const STATE_TYPICAL: &[i64] = &[0, 1, 2, 3, 4, 0, 4, 5, 7];
const DURATION_TYPICAL: &[i64] = &[0, 1, 400, 4_000, 20_000];
const SENSORY_TYPICAL: &[i64] = &[0, 0, 8_192, -8_192, 16_384, 4_096];
const SR_FIELD_TYPICAL: &[i64] = &[0, 0, 0, 164, -164, 1_638, 8_192, 16_384];
/// Mostly low: a random trigger high half the time would start an event at every BASELINE.
const TRIGGER_TYPICAL: &[i64] = &[0, 0, 0, 0, 0, 0, 0, 1];

/// A port of one 18-bit field `h` of `sr_field_packed`.
const fn field(name: &'static str) -> Port {
    Port::new(name, 18, true, SR_FIELD_TYPICAL, (-4_096, 4_096))
}

/// The top's input ports; the 90-bit `sr_field_packed` is driven as its five 18-bit fields.
pub const TOP_PORTS: &[Port] = &[
    Port::new(
        "sensory_input",
        18,
        true,
        SENSORY_TYPICAL,
        (-16_384, 16_384),
    ),
    Port::new("state_select", 3, false, STATE_TYPICAL, (0, 4)),
    Port::new(
        "transition_duration",
        16,
        false,
        DURATION_TYPICAL,
        (0, 8_000),
    ),
    Port::new(
        "sr_field_input",
        18,
        true,
        SR_FIELD_TYPICAL,
        (-4_096, 4_096),
    ),
    field("sr_field_packed[17:0]"),
    field("sr_field_packed[35:18]"),
    field("sr_field_packed[53:36]"),
    field("sr_field_packed[71:54]"),
    field("sr_field_packed[89:72]"),
    Port::new("ignition_trigger", 1, false, TRIGGER_TYPICAL, (0, 0)),
];

/// The top's input struct from one row of raw port words in [`TOP_PORTS`] order.
pub fn top_inputs(i: &[u64]) -> PhiNNeuralProcessorInputs {
    let p = TOP_PORTS;
    PhiNNeuralProcessorInputs {
        sensory_input: port_i32(&p[0], i[0]),
        state_select: (i[1] & 7) as u8,
        transition_duration: (i[2] & 0xFFFF) as u16,
        sr_field_input: port_i32(&p[3], i[3]),
        sr_field: std::array::from_fn(|h| port_i32(&p[4 + h], i[4 + h])),
        ignition_trigger: i[9] & 1 == 1,
    }
}

/// `phi_n_neural_processor` as a co-simulation model (FAST_SIM = 1).
pub struct PhiNNeuralProcessorDut(pub PhiNNeuralProcessor);

impl PhiNNeuralProcessorDut {
    /// The top with the given `SR_STOCHASTIC_ENABLE`, `SR_DRIFT_ENABLE` and `ENABLE_ADAPTIVE`
    /// and FAST_SIM = 1 (10 clocks per tick), as the test suite co-simulates it.
    pub fn new(mut params: PhiNNeuralProcessorParams) -> Self {
        params.fast_sim = true;
        PhiNNeuralProcessorDut(PhiNNeuralProcessor::new(params))
    }

    /// The top with all its parameters as given, `fast_sim` included: with FAST_SIM = 0 the RTL
    /// runs the real divider, 31250 clocks per tick (the synthesised design).
    pub fn with_params(params: PhiNNeuralProcessorParams) -> Self {
        PhiNNeuralProcessorDut(PhiNNeuralProcessor::new(params))
    }
}

impl Default for PhiNNeuralProcessorDut {
    fn default() -> Self {
        Self::new(PhiNNeuralProcessorParams::DEFAULT)
    }
}

impl Dut for PhiNNeuralProcessorDut {
    fn top(&self) -> &'static str {
        "phi_n_neural_processor"
    }
    fn inputs(&self) -> &'static [Port] {
        TOP_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        PhiNNeuralProcessor::signal_table()
    }
    fn has_clk_en(&self) -> bool {
        false
    }
    fn cycles_per_tick(&self) -> u32 {
        if self.0.params().fast_sim {
            DIV_4K_FAST
        } else {
            DIV_4K
        }
    }
    fn lead_cycles(&self) -> u32 {
        1
    }
    fn params(&self) -> Vec<(String, String)> {
        let p = self.0.params();
        let b = |v: bool| u8::from(v).to_string();
        vec![
            ("FAST_SIM".into(), b(p.fast_sim)),
            ("SR_STOCHASTIC_ENABLE".into(), b(p.sr_stochastic_enable)),
            ("SR_DRIFT_ENABLE".into(), b(p.sr_drift_enable)),
            ("ENABLE_ADAPTIVE".into(), b(p.enable_adaptive)),
        ]
    }
    fn set_param(&mut self, name: &str, value: i64) -> Option<Result<(), String>> {
        let mut p = self.0.params();
        let flag = match name {
            "FAST_SIM" => &mut p.fast_sim,
            "SR_STOCHASTIC_ENABLE" => &mut p.sr_stochastic_enable,
            "SR_DRIFT_ENABLE" => &mut p.sr_drift_enable,
            "ENABLE_ADAPTIVE" => &mut p.enable_adaptive,
            _ => return None,
        };
        // The RTL tests each of these as `!= 0`; the model holds them as flags, so 0 and 1.
        match value {
            0 | 1 => *flag = value == 1,
            _ => return Some(Err("0 or 1".into())),
        }
        self.0 = PhiNNeuralProcessor::new(p);
        Some(Ok(()))
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&top_inputs(i));
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
