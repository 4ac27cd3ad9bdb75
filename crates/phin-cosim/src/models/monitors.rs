//! Co-simulation adapters of the SIE dynamics monitors (section "SIE Dynamics Monitoring
//! (v11.3)"): `coupling_mode_controller`, `harmonic_spacing_index`, `kuramoto_order_parameter`,
//! `boundary_generator` and `bicoherence_monitor`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::bicoherence_monitor::{BicoherenceMonitor, BicoherenceMonitorInputs};
use phin_core::boundary_generator::{BoundaryGenerator, BoundaryGeneratorInputs};
use phin_core::coupling_mode_controller::{CouplingModeController, CouplingModeControllerInputs};
use phin_core::fixed_point::WIDTH;
use phin_core::harmonic_spacing_index::{HarmonicSpacingIndex, HarmonicSpacingIndexInputs};
use phin_core::kuramoto_order_parameter::{KuramotoOrderParameter, KuramotoOrderParameterInputs};

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
    Port::new("sync_order", WIDTH, true, R_TYPICAL, (0, 16_384)),
    Port::new("boundary_power", WIDTH, true, BP_TYPICAL, (-2_048, 16_384)),
    flag("sie_active"),
    flag("sie_decay_phase"),
    flag("force_harmonic"),
];

dut_adapter! {
    /// `coupling_mode_controller` as a co-simulation model.
    CouplingModeControllerDut(CouplingModeController),
    "coupling_mode_controller",
    CMC_PORTS,
    |m, i| {
        m.tick(&CouplingModeControllerInputs {
            sync_order: port_i32(&CMC_PORTS[0], i[0]),
            boundary_power: port_i32(&CMC_PORTS[1], i[1]),
            sie_active: i[2] & 1 != 0,
            sie_decay_phase: i[3] & 1 != 0,
            force_harmonic: i[4] & 1 != 0,
        });
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

dut_adapter! {
    /// `harmonic_spacing_index` as a co-simulation model.
    HarmonicSpacingIndexDut(HarmonicSpacingIndex),
    "harmonic_spacing_index",
    HSI_PORTS,
    |m, i| {
        let mut omega = [0i32; 5];
        for (k, w) in omega.iter_mut().enumerate() {
            *w = port_i32(&HSI_PORTS[k], i[k]);
    }
    m.tick(&HarmonicSpacingIndexInputs { omega });
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

dut_adapter! {
    /// `kuramoto_order_parameter` as a co-simulation model.
    KuramotoOrderParameterDut(KuramotoOrderParameter),
    "kuramoto_order_parameter",
    KURAMOTO_PORTS,
    |m, i| {
        let mut k = KuramotoOrderParameterInputs::default();
        for j in 0..6 {
            k.x[j] = port_i32(&KURAMOTO_PORTS[2 * j], i[2 * j]);
            k.y[j] = port_i32(&KURAMOTO_PORTS[2 * j + 1], i[2 * j + 1]);
    }
    m.tick(&k);
    }
}

const MU_TYPICAL: &[i64] = &[-4, 0, 1, 3, 4, 6];
const BOUNDARY_PORTS: &[Port] = &[
    Port::new("mu_dt", WIDTH, true, MU_TYPICAL, (-8, 16)),
    omega("omega_1"),
    omega("omega_2"),
    xy("x1"),
    xy("x2"),
    xy("amp1"),
    xy("amp2"),
];

dut_adapter! {
    /// `boundary_generator` as a co-simulation model.
    BoundaryGeneratorDut(BoundaryGenerator),
    "boundary_generator",
    BOUNDARY_PORTS,
    |m, i| {
        let v = |k: usize| port_i32(&BOUNDARY_PORTS[k], i[k]);
        m.tick(&BoundaryGeneratorInputs {
            mu_dt: v(0),
            omega: [v(1), v(2)],
            x: [v(3), v(4)],
            amp: [v(5), v(6)],
        });
    }
}

const BICOHERENCE_PORTS: &[Port] = &[
    xy("x_theta"),
    xy("y_theta"),
    xy("x_alpha"),
    xy("y_alpha"),
    xy("x_beta1"),
    xy("y_beta1"),
    xy("x_beta2"),
    xy("y_beta2"),
    xy("x_gamma"),
    xy("y_gamma"),
];

dut_adapter! {
    /// `bicoherence_monitor` as a co-simulation model.
    BicoherenceMonitorDut(BicoherenceMonitor),
    "bicoherence_monitor",
    BICOHERENCE_PORTS,
    |m, i| {
        let mut b = BicoherenceMonitorInputs::default();
        for j in 0..5 {
            b.x[j] = port_i32(&BICOHERENCE_PORTS[2 * j], i[2 * j]);
            b.y[j] = port_i32(&BICOHERENCE_PORTS[2 * j + 1], i[2 * j + 1]);
        }
        m.tick(&b);
    }
}
