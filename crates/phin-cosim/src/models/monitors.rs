//! Co-simulation adapters of the SIE dynamics monitors (section "SIE Dynamics Monitoring
//! (v11.3)"): `coupling_mode_controller`, `harmonic_spacing_index`, `kuramoto_order_parameter`,
//! `boundary_generator` and `bicoherence_monitor`.

use crate::dut::{port_i32, Dut, Port};
use phin_core::boundary_generator::{BoundaryGenerator, BoundaryGeneratorInputs};
use phin_core::coupling_mode_controller::{CouplingModeController, CouplingModeControllerInputs};
use phin_core::fixed_point::WIDTH;
use phin_core::harmonic_spacing_index::{HarmonicSpacingIndex, HarmonicSpacingIndexInputs};
use phin_core::kuramoto_order_parameter::{KuramotoOrderParameter, KuramotoOrderParameterInputs};
use phin_core::Observable;
use phin_core::Signal;

const R_TYPICAL: &[i64] = &[0, 4_915, 8_191, 8_192, 11_469, 11_470, 14_746, 16_384];
const BP_TYPICAL: &[i64] = &[0, 2_048, 4_096, 4_097, 8_192];
const FLAG_TYPICAL: &[i64] = &[0, 0, 0, 1];

const fn flag(name: &'static str) -> Port {
    Port {
        name,
        width: 1,
        signed: false,
        typical: FLAG_TYPICAL,
        range: (0, 1),
    }
}

const CMC_PORTS: &[Port] = &[
    Port {
        name: "kuramoto_r",
        width: WIDTH,
        signed: true,
        typical: R_TYPICAL,
        range: (0, 16_384),
    },
    Port {
        name: "boundary_power",
        width: WIDTH,
        signed: true,
        typical: BP_TYPICAL,
        range: (-2_048, 16_384),
    },
    flag("sie_active"),
    flag("sie_decay_phase"),
    flag("force_harmonic"),
];

/// `coupling_mode_controller` as a co-simulation model.
#[derive(Default)]
pub struct CouplingModeControllerDut(pub CouplingModeController);

impl Dut for CouplingModeControllerDut {
    fn top(&self) -> &'static str {
        "coupling_mode_controller"
    }
    fn inputs(&self) -> &'static [Port] {
        CMC_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        CouplingModeController::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        self.0.tick(&CouplingModeControllerInputs {
            kuramoto_r: port_i32(&CMC_PORTS[0], i[0]),
            boundary_power: port_i32(&CMC_PORTS[1], i[1]),
            sie_active: i[2] & 1 != 0,
            sie_decay_phase: i[3] & 1 != 0,
            force_harmonic: i[4] & 1 != 0,
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

const OMEGA_TYPICAL: &[i64] = &[0, 152, 196, 245, 354, 397, 514, 642, 817, 1_040, 1_681];

const fn omega(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: OMEGA_TYPICAL,
        range: (-16, 2_000),
    }
}

const HSI_PORTS: &[Port] = &[
    omega("omega_theta"),
    omega("omega_alpha"),
    omega("omega_beta1"),
    omega("omega_beta2"),
    omega("omega_gamma"),
];

/// `harmonic_spacing_index` as a co-simulation model.
#[derive(Default)]
pub struct HarmonicSpacingIndexDut(pub HarmonicSpacingIndex);

impl Dut for HarmonicSpacingIndexDut {
    fn top(&self) -> &'static str {
        "harmonic_spacing_index"
    }
    fn inputs(&self) -> &'static [Port] {
        HSI_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        HarmonicSpacingIndex::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let mut omega = [0i32; 5];
        for (k, w) in omega.iter_mut().enumerate() {
            *w = port_i32(&HSI_PORTS[k], i[k]);
        }
        self.0.tick(&HarmonicSpacingIndexInputs { omega });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

const XY_TYPICAL: &[i64] = &[0, 1, -1, 8_192, -8_192, 16_384, -16_384, 131_071, -131_072];

const fn xy(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: XY_TYPICAL,
        range: (-24_000, 24_000),
    }
}

const KURAMOTO_PORTS: &[Port] = &[
    xy("x0"),
    xy("y0"),
    xy("x1"),
    xy("y1"),
    xy("x2"),
    xy("y2"),
    xy("x3"),
    xy("y3"),
    xy("x4"),
    xy("y4"),
    xy("x5"),
    xy("y5"),
];

/// `kuramoto_order_parameter` as a co-simulation model.
#[derive(Default)]
pub struct KuramotoOrderParameterDut(pub KuramotoOrderParameter);

impl Dut for KuramotoOrderParameterDut {
    fn top(&self) -> &'static str {
        "kuramoto_order_parameter"
    }
    fn inputs(&self) -> &'static [Port] {
        KURAMOTO_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        KuramotoOrderParameter::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let mut k = KuramotoOrderParameterInputs::default();
        for j in 0..6 {
            k.x[j] = port_i32(&KURAMOTO_PORTS[2 * j], i[2 * j]);
            k.y[j] = port_i32(&KURAMOTO_PORTS[2 * j + 1], i[2 * j + 1]);
        }
        self.0.tick(&k);
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}

const MU_TYPICAL: &[i64] = &[-4, 0, 1, 3, 4, 6];
const BOUNDARY_PORTS: &[Port] = &[
    Port {
        name: "mu_dt",
        width: WIDTH,
        signed: true,
        typical: MU_TYPICAL,
        range: (-8, 16),
    },
    omega("omega_1"),
    omega("omega_2"),
    xy("x1"),
    xy("x2"),
    xy("amp1"),
    xy("amp2"),
];

/// `boundary_generator` as a co-simulation model.
#[derive(Default)]
pub struct BoundaryGeneratorDut(pub BoundaryGenerator);

impl Dut for BoundaryGeneratorDut {
    fn top(&self) -> &'static str {
        "boundary_generator"
    }
    fn inputs(&self) -> &'static [Port] {
        BOUNDARY_PORTS
    }
    fn signals(&self) -> Vec<Signal> {
        BoundaryGenerator::signal_table()
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn tick(&mut self, i: &[u64]) {
        let v = |k: usize| port_i32(&BOUNDARY_PORTS[k], i[k]);
        self.0.tick(&BoundaryGeneratorInputs {
            mu_dt: v(0),
            omega: [v(1), v(2)],
            x: [v(3), v(4)],
            amp: [v(5), v(6)],
        });
    }
    fn sample(&self, out: &mut [u64]) {
        self.0.sample(out);
    }
}
