//! Co-simulation adapters of the control modules: `clock_enable_generator` (driven
//! one raw clock edge per step: it makes the clock enable, it has none), `config_controller` and
//! `sr_ignition_controller`.

use crate::dut::{port_i32, Dut, Port};
use crate::dut_adapter;
use phin_core::clock_enable_generator::ClockEnableGenerator;
use phin_core::config_controller::{ConfigController, ConfigControllerInputs};
use phin_core::constants::{
    BETA_QUIET_THRESH, SIE_COHERENCE_ON, SIE_COHERENCE_THRESHOLD, SIE_DURATIONS,
};
use phin_core::fixed_point::WIDTH;
use phin_core::sr_ignition_controller::{SrIgnitionController, SrIgnitionControllerInputs};
use phin_core::{Observable, Signal};

/// `clock_enable_generator` as a co-simulation model: one step is one raw 125 MHz clock edge.
#[derive(Default)]
pub struct ClockEnableGeneratorDut(pub ClockEnableGenerator);

impl ClockEnableGeneratorDut {
    /// The generator with `FAST_SIM = 1` (divider 10), verilated with `-GFAST_SIM=1`.
    pub fn fast() -> Self {
        ClockEnableGeneratorDut(ClockEnableGenerator::new(true))
    }
}

impl Dut for ClockEnableGeneratorDut {
    fn top(&self) -> &'static str {
        "clock_enable_generator"
    }
    fn inputs(&self) -> &'static [Port] {
        &[]
    }
    fn signals(&self) -> Vec<Signal> {
        ClockEnableGenerator::signal_table()
    }
    fn has_clk_en(&self) -> bool {
        false
    }
    fn params(&self) -> Vec<(String, String)> {
        vec![("FAST_SIM".into(), u8::from(self.0.fast_sim).to_string())]
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, _: &[u64]) {
        self.0.tick();
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

const STATE_TYPICAL: &[i64] = &[0, 1, 2, 3, 4, 5, 6, 7];
const DURATION_TYPICAL: &[i64] = &[0, 1, 2, 3, 100, 4_000, 40_000, 65_535];

const CONFIG_PORTS: &[Port] = &[
    Port::new("state_select", 3, false, STATE_TYPICAL, (0, 7)),
    Port::new("transition_duration", 16, false, DURATION_TYPICAL, (0, 300)),
];

dut_adapter! {
    /// `config_controller` as a co-simulation model.
    ConfigControllerDut(ConfigController),
    "config_controller",
    CONFIG_PORTS,
    |m, i| {
        m.tick(&ConfigControllerInputs {
            state_select: (i[0] & 7) as u8,
            transition_duration: (i[1] & 0xFFFF) as u16,
        });
    }
}

const COHERENCE_TYPICAL: &[i64] = &[
    0,
    8_192,
    SIE_COHERENCE_THRESHOLD - 1,
    SIE_COHERENCE_THRESHOLD,
    SIE_COHERENCE_ON,
    SIE_COHERENCE_ON + 1,
    15_000,
    16_384,
    16_384,
    16_384,
];
const BETA_TYPICAL: &[i64] = &[0, 8_192, BETA_QUIET_THRESH - 1, BETA_QUIET_THRESH, 16_384];
/// Mostly low, so that coherence, not the trigger, starts most events.
const TRIGGER_TYPICAL: &[i64] = &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
/// Mostly short phases, so that a million ticks hold thousands of events; the section 10.3
/// lengths and the longest one still occur.
const SIE_DUR_TYPICAL: &[i64] = &[
    0,
    1,
    2,
    10,
    30,
    64,
    100,
    300,
    1_000,
    SIE_DURATIONS[0][0] as i64,
    SIE_DURATIONS[0][5] as i64,
    65_535,
];

const fn dur_port(name: &'static str) -> Port {
    Port {
        name,
        width: 16,
        signed: false,
        typical: SIE_DUR_TYPICAL,
        range: (0, 64),
    }
}

const SIE_PORTS: &[Port] = &[
    Port::new(
        "coherence_in",
        WIDTH,
        true,
        COHERENCE_TYPICAL,
        (14_000, 16_384),
    ),
    Port::new("beta_amplitude", WIDTH, true, BETA_TYPICAL, (0, 16_000)),
    Port::new("ignition_trigger", 1, false, TRIGGER_TYPICAL, (0, 0)),
    dur_port("sie_dur_coherence"),
    dur_port("sie_dur_ignition"),
    dur_port("sie_dur_plateau"),
    dur_port("sie_dur_propagation"),
    dur_port("sie_dur_decay"),
    dur_port("sie_dur_refractory"),
];

dut_adapter! {
    /// `sr_ignition_controller` as a co-simulation model.
    SrIgnitionControllerDut(SrIgnitionController),
    "sr_ignition_controller",
    SIE_PORTS,
    |m, i| {
        let mut sie_dur = [0u16; 6];
        for (d, &w) in sie_dur.iter_mut().zip(&i[3..9]) {
            *d = (w & 0xFFFF) as u16;
        }
        m.tick(&SrIgnitionControllerInputs {
            coherence_in: port_i32(&SIE_PORTS[0], i[0]),
            beta_amplitude: port_i32(&SIE_PORTS[1], i[1]),
            ignition_trigger: i[2] & 1 == 1,
            sie_dur,
        });
    }
}
