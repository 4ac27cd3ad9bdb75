//! Co-simulation adapters of the active φⁿ dynamics family (issue 6): `sin_quarter_lut`,
//! `quarter_integer_detector` and `energy_landscape`.

use crate::dut::{port_i32, Port};
use crate::dut_adapter;
use phin_core::coupling_susceptibility::{CouplingSusceptibility, CouplingSusceptibilityInputs};
use phin_core::energy_landscape::{EnergyLandscape, EnergyLandscapeInputs, CHANNELS};
use phin_core::fixed_point::WIDTH;
use phin_core::pac_strength::{PacStrength, PacStrengthInputs, BANDS, PAIRS};
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

/// Ratio exponents the χ stimulus prefers: the boundaries, the attractors, φ^1.25, the ratios
/// 1.9, 2.0, 2.1 and the ends of the Farey set (1/5, 11/2).
const CHI_N_TYPICAL: &[i64] = &[
    0, 8_192, 16_384, 20_480, 21_853, 23_600, 25_261, 32_768, 49_152, -54_797, 58_042, -32_768,
];

const CS_PORTS: &[Port] = &[Port::new(
    "n",
    WIDTH,
    true,
    CHI_N_TYPICAL,
    (-65_536, 65_536),
)];

dut_adapter! {
    /// `coupling_susceptibility` as a co-simulation model.
    CouplingSusceptibilityDut(CouplingSusceptibility),
    "coupling_susceptibility",
    CS_PORTS,
    |m, i| {
        m.tick(&CouplingSusceptibilityInputs {
            n: port_i32(&CS_PORTS[0], i[0]),
        });
    }
}

/// χ values the PAC stimulus prefers: 0, the attractor and boundary χ, the 2:1 spike, the maximum.
const PAC_CHI_TYPICAL: &[i64] = &[0, 917, 2_531, 9_240, 16_384, 16_903, 24_687, 131_071, -1];
/// Amplitudes the PAC stimulus prefers: 0, the envelope range 0.5..1.5, extremes.
const PAC_AMP_TYPICAL: &[i64] = &[0, 8_192, 16_384, 24_576, 131_071, -1];

const fn pac_chi(name: &'static str) -> Port {
    Port::new(name, WIDTH, true, PAC_CHI_TYPICAL, (-1_024, 40_000))
}

const fn pac_amp(name: &'static str) -> Port {
    Port::new(name, WIDTH, true, PAC_AMP_TYPICAL, (-1_024, 40_000))
}

const PAC_PORTS: &[Port] = &[
    pac_chi("chi_0"),
    pac_chi("chi_1"),
    pac_chi("chi_2"),
    pac_chi("chi_3"),
    pac_chi("chi_4"),
    pac_chi("chi_5"),
    pac_chi("chi_6"),
    pac_chi("chi_7"),
    pac_chi("chi_8"),
    pac_chi("chi_9"),
    pac_amp("amp_1"),
    pac_amp("amp_2"),
    pac_amp("amp_3"),
    pac_amp("amp_4"),
];

dut_adapter! {
    /// `pac_strength` as a co-simulation model.
    PacStrengthDut(PacStrength),
    "pac_strength",
    PAC_PORTS,
    |m, i| {
        let mut inp = PacStrengthInputs::default();
        for k in 0..PAIRS {
            inp.chi[k] = port_i32(&PAC_PORTS[k], i[k]);
        }
        for b in 1..BANDS {
            inp.amp[b] = port_i32(&PAC_PORTS[PAIRS + b - 1], i[PAIRS + b - 1]);
        }
        m.tick(&inp);
    }
}
