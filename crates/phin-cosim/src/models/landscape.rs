//! Co-simulation adapters of the active φⁿ dynamics family (issue 6): `sin_quarter_lut`,
//! `quarter_integer_detector` and `energy_landscape`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::energy_landscape::{EnergyLandscape, EnergyLandscapeInputs, CHANNELS};
use phin_core::fixed_point::WIDTH;
use phin_core::quarter_integer_detector::{QuarterIntegerDetector, QuarterIntegerDetectorInputs};
use phin_core::sin_quarter_lut::{SinQuarterLut, SinQuarterLutInputs};

const SIN_PORTS: &[Port] = &[Port {
    name: "phase",
    width: 10,
    signed: false,
    typical: &[0, 255, 256, 257, 511, 512, 767, 768, 1023],
    range: (0, 1023),
}];

dut_adapter! {
    /// `sin_quarter_lut` as a co-simulation model.
    SinQuarterLutDut(SinQuarterLut),
    "sin_quarter_lut",
    SIN_PORTS,
    |m, i| {
        m.tick(&SinQuarterLutInputs {
            phase: port_i32(&SIN_PORTS[0], i[0]) as u16,
        });
    }
}

/// φⁿ exponents the random stimulus prefers: integers, halves, quarters, the catastrophe zone
/// edges and the 2:1, 3:1, 4:1 centres.
const N_TYPICAL: &[i64] = &[
    0, 4_096, 8_192, 16_384, 20_480, 22_117, 22_118, 23_599, 23_600, 24_576, 25_395, 25_396,
    32_768, 37_405, 47_200, -8_192,
];

/// An 18-bit signed Q14 exponent port.
const fn exponent(name: &'static str) -> Port {
    Port {
        name,
        width: WIDTH,
        signed: true,
        typical: N_TYPICAL,
        range: (-16_384, 81_920),
    }
}

const QID_PORTS: &[Port] = &[exponent("n")];

dut_adapter! {
    /// `quarter_integer_detector` as a co-simulation model.
    QuarterIntegerDetectorDut(QuarterIntegerDetector),
    "quarter_integer_detector",
    QID_PORTS,
    |m, i| {
        m.tick(&QuarterIntegerDetectorInputs {
            n: port_i32(&QID_PORTS[0], i[0]),
        });
    }
}

const EL_PORTS: &[Port] = &[
    Port {
        name: "adaptive_en",
        width: 1,
        signed: false,
        typical: &[1, 1, 1, 0],
        range: (0, 1),
    },
    exponent("n_0"),
    exponent("n_1"),
    exponent("n_2"),
    exponent("n_3"),
    exponent("n_4"),
];

dut_adapter! {
    /// `energy_landscape` as a co-simulation model.
    EnergyLandscapeDut(EnergyLandscape),
    "energy_landscape",
    EL_PORTS,
    |m, i| {
        let mut n = [0i32; CHANNELS];
        for (k, v) in n.iter_mut().enumerate() {
            *v = port_i32(&EL_PORTS[k + 1], i[k + 1]);
    }
    m.tick(&EnergyLandscapeInputs {
        adaptive_en: i[0] & 1 == 1,
        n,
    });
    }
}
