//! The processor's named things, known once: its 21 oscillators (which column, which layer, which
//! Schumann-resonance harmonic), their section-2 frequencies and φⁿ bands, and the codes the RTL
//! puts on its state wires (consciousness state, SIE phase, coupling mode, theta bin).
//!
//! Everything outside phin-core (the CLI, the co-simulation, the higher crates, analysis) takes
//! these facts from here instead of keeping its own copy. Each enum has a stable lower-case name
//! (`Display`/`FromStr`, and the same string in serde), and the ones that travel on an RTL wire
//! convert to and from their code.
//!
//! Frequencies are the description's (phi-n-processor-system-description.md, sections 2.1 and
//! 2.2); a unit test checks that each one gives the RTL's `OMEGA_DT` word by section 2.1's formula
//! `OMEGA_DT = round(2π · f · dt · 2^14)`, so the names here and the words the RTL uses cannot
//! drift apart.

use crate::constants::{
    MODE_HARMONIC, MODE_MODULATORY, MODE_TRANSITION, PHASE_BASELINE, PHASE_COHERENCE, PHASE_DECAY,
    PHASE_IGNITION, PHASE_PLATEAU, PHASE_PROPAGATION, PHASE_REFRACTORY, STATE_ANESTHESIA,
    STATE_FLOW, STATE_MEDITATION, STATE_NORMAL, STATE_PSYCHEDELIC,
};
use std::fmt;
use std::str::FromStr;

/// A name that is not one of an enum's names: says what was given and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// What kind of name was expected (`"oscillator"`, `"consciousness state"`, …).
    pub kind: &'static str,
    /// The text given.
    pub given: String,
    /// The allowed names, comma-separated.
    pub allowed: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a {} (allowed: {})",
            self.given, self.kind, self.allowed
        )
    }
}

impl std::error::Error for UnknownName {}

/// `Display`, `FromStr` (case-insensitive, also the listed aliases) and serde as the name, for a
/// field-less enum with an `ALL` table and a `name()`.
macro_rules! named_enum {
    ($t:ty, $kind:expr, [$($alias:expr => $v:expr),* $(,)?]) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }

        impl FromStr for $t {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                let t = s.trim().to_ascii_lowercase();
                if let Some(v) = Self::ALL.iter().find(|v| v.name() == t) {
                    return Ok(*v);
                }
                $(if t == $alias { return Ok($v); })*
                Err(UnknownName {
                    kind: $kind,
                    given: s.to_string(),
                    allowed: Self::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", "),
                })
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Columns and layers (section 6)
// ---------------------------------------------------------------------------------------------

/// One of the three cortical columns, in the RTL's instance order (`col_sensory`, `col_assoc`,
/// `col_motor`): sensory receives the thalamic relay, association sits between, and the motor
/// column drives the DAC, the Kuramoto monitor and the SR coherence targets (section 11.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// `col_sensory`.
    Sensory,
    /// `col_assoc`.
    Association,
    /// `col_motor`.
    Motor,
}

impl Column {
    /// The three columns in instance order.
    pub const ALL: [Column; 3] = [Column::Sensory, Column::Association, Column::Motor];

    /// Stable name: `sensory`, `assoc`, `motor` (the RTL instance without `col_`).
    pub const fn name(self) -> &'static str {
        match self {
            Column::Sensory => "sensory",
            Column::Association => "assoc",
            Column::Motor => "motor",
        }
    }

    /// The RTL instance name (`col_sensory`, …).
    pub const fn instance(self) -> &'static str {
        match self {
            Column::Sensory => "col_sensory",
            Column::Association => "col_assoc",
            Column::Motor => "col_motor",
        }
    }

    /// Position in [`Column::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

named_enum!(Column, "column", ["association" => Column::Association]);

/// One oscillating layer of a cortical column, deep to superficial, which is also slow to fast:
/// each is φ^0.5 … φ^1 above the one before (section 2.3). Layer 1 holds no oscillator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// L6, alpha, 9.53 Hz: corticothalamic gain control.
    L6,
    /// L5a, low beta, 15.42 Hz: motor output.
    L5a,
    /// L5b, high beta, 24.94 Hz: feedback to the other columns and the thalamic matrix.
    L5b,
    /// L4, 31.73 Hz: the thalamocortical input layer.
    L4,
    /// L2/3, gamma: 40.36 Hz (slow, retrieval) or 65.3 Hz (fast, encoding), switched by theta.
    L23,
}

impl Layer {
    /// The five oscillating layers, deep to superficial (the order of [`Oscillator::ALL`]).
    pub const ALL: [Layer; 5] = [Layer::L6, Layer::L5a, Layer::L5b, Layer::L4, Layer::L23];

    /// Stable name: `l6`, `l5a`, `l5b`, `l4`, `l23` (the RTL instance without `u_`).
    pub const fn name(self) -> &'static str {
        match self {
            Layer::L6 => "l6",
            Layer::L5a => "l5a",
            Layer::L5b => "l5b",
            Layer::L4 => "l4",
            Layer::L23 => "l23",
        }
    }

    /// Position in [`Layer::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Section 2.1's frequency, Hz; for L2/3 the slow (retrieval) gamma, see
    /// [`Layer::encoding_hz`].
    pub const fn nominal_hz(self) -> f64 {
        match self {
            Layer::L6 => 9.53,
            Layer::L5a => 15.42,
            Layer::L5b => 24.94,
            Layer::L4 => 31.73,
            Layer::L23 => 40.36,
        }
    }

    /// The frequency during theta's encoding window (section 6.3): L2/3 switches to fast gamma,
    /// 65.3 Hz; the other layers do not switch.
    pub const fn encoding_hz(self) -> f64 {
        match self {
            Layer::L23 => L23_FAST_HZ,
            _ => self.nominal_hz(),
        }
    }
}

named_enum!(Layer, "layer", ["l2/3" => Layer::L23, "l2_3" => Layer::L23]);

/// L2/3 fast gamma during encoding, Hz (section 2.1: φ^4.5).
pub const L23_FAST_HZ: f64 = 65.3;
/// Thalamic theta, Hz (section 2.1: φ^-0.5).
pub const THETA_HZ: f64 = 5.89;

/// One of the five Schumann-resonance harmonics of the thalamus's SR bank (section 2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SrHarmonic {
    /// f₀, 7.6 Hz, coherence target theta.
    F0,
    /// f₁, 13.75 Hz, coherence target L6.
    F1,
    /// f₂, 20 Hz, coherence target L5a.
    F2,
    /// f₃, 25 Hz, coherence target L5b.
    F3,
    /// f₄, 32 Hz, coherence target L4.
    F4,
}

impl SrHarmonic {
    /// f₀ … f₄.
    pub const ALL: [SrHarmonic; 5] = [
        SrHarmonic::F0,
        SrHarmonic::F1,
        SrHarmonic::F2,
        SrHarmonic::F3,
        SrHarmonic::F4,
    ];

    /// Stable name: `f0` … `f4`.
    pub const fn name(self) -> &'static str {
        match self {
            SrHarmonic::F0 => "f0",
            SrHarmonic::F1 => "f1",
            SrHarmonic::F2 => "f2",
            SrHarmonic::F3 => "f3",
            SrHarmonic::F4 => "f4",
        }
    }

    /// h in f_h, the index of the harmonic in every per-harmonic array and packed port.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Section 2.2's centre frequency, Hz.
    pub const fn nominal_hz(self) -> f64 {
        match self {
            SrHarmonic::F0 => 7.6,
            SrHarmonic::F1 => 13.75,
            SrHarmonic::F2 => 20.0,
            SrHarmonic::F3 => 25.0,
            SrHarmonic::F4 => 32.0,
        }
    }

    /// Section 2.2's drift half-range, Hz (±).
    pub const fn drift_hz(self) -> f64 {
        match self {
            SrHarmonic::F0 => 0.6,
            SrHarmonic::F1 => 0.75,
            SrHarmonic::F2 => 1.0,
            SrHarmonic::F3 => 1.5,
            SrHarmonic::F4 => 2.0,
        }
    }

    /// The oscillator whose phase this harmonic's coherence is measured against (section 2.2,
    /// "Coherence Target"): theta for f₀, then the motor column's L6, L5a, L5b and L4.
    pub const fn coherence_target(self) -> Oscillator {
        match self {
            SrHarmonic::F0 => Oscillator::Theta,
            SrHarmonic::F1 => Oscillator::Cortex(Column::Motor, Layer::L6),
            SrHarmonic::F2 => Oscillator::Cortex(Column::Motor, Layer::L5a),
            SrHarmonic::F3 => Oscillator::Cortex(Column::Motor, Layer::L5b),
            SrHarmonic::F4 => Oscillator::Cortex(Column::Motor, Layer::L4),
        }
    }
}

named_enum!(SrHarmonic, "SR harmonic", []);

// ---------------------------------------------------------------------------------------------
// The 21 oscillators (section 2)
// ---------------------------------------------------------------------------------------------

/// Number of oscillators: theta, 3 columns × 5 layers, 5 SR harmonics.
pub const NUM_OSCILLATORS: usize = 21;

/// One of the processor's 21 oscillators.
///
/// Names are `theta`, `<column>.<layer>` (`sensory.l6`, `motor.l23`) and `sr.<harmonic>`
/// (`sr.f0`); [`Oscillator::ALL`] lists them in the one order every per-oscillator array of
/// phin uses: theta, then each column in instance order with its layers deep to superficial,
/// then f₀ … f₄.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Oscillator {
    /// The thalamic theta oscillator, `u_thalamus.u_theta`.
    Theta,
    /// A layer of a cortical column, `col_<column>.u_<layer>`.
    Cortex(Column, Layer),
    /// A Schumann-resonance harmonic, `u_thalamus.u_sr_bank.u_f<h>`.
    Sr(SrHarmonic),
}

impl Oscillator {
    /// The 21 oscillators in phin's documented order (see the type's docs).
    pub const ALL: [Oscillator; NUM_OSCILLATORS] = {
        let mut all = [Oscillator::Theta; NUM_OSCILLATORS];
        let mut k = 1;
        let mut c = 0;
        while c < 3 {
            let mut l = 0;
            while l < 5 {
                all[k] = Oscillator::Cortex(Column::ALL[c], Layer::ALL[l]);
                k += 1;
                l += 1;
            }
            c += 1;
        }
        let mut h = 0;
        while h < 5 {
            all[k] = Oscillator::Sr(SrHarmonic::ALL[h]);
            k += 1;
            h += 1;
        }
        all
    };

    /// Position in [`Oscillator::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Oscillator::Theta => 0,
            Oscillator::Cortex(c, l) => 1 + 5 * c.index() + l.index(),
            Oscillator::Sr(h) => 16 + h.index(),
        }
    }

    /// Section 2's frequency, Hz (for L2/3 the slow gamma; see [`Layer::encoding_hz`]).
    pub const fn nominal_hz(self) -> f64 {
        match self {
            Oscillator::Theta => THETA_HZ,
            Oscillator::Cortex(_, l) => l.nominal_hz(),
            Oscillator::Sr(h) => h.nominal_hz(),
        }
    }

    /// The φⁿ band its nominal frequency falls in (for L2/3, slow gamma).
    pub fn band(self) -> Band {
        Band::containing(self.nominal_hz()).expect("every nominal frequency lies in a band")
    }

    /// The hierarchical name of the Hopf core that holds the oscillator's `x` and `y`, as the
    /// signal table names it (`u_thalamus.u_theta`, `col_motor.u_l23`,
    /// `u_thalamus.u_sr_bank.u_f2.u_core`): `format!("{}.x", o.instance())` is its x register.
    pub fn instance(self) -> String {
        match self {
            Oscillator::Theta => "u_thalamus.u_theta".to_string(),
            Oscillator::Cortex(c, l) => format!("{}.u_{}", c.instance(), l.name()),
            Oscillator::Sr(h) => format!("u_thalamus.u_sr_bank.u_f{}.u_core", h.index()),
        }
    }
}

impl fmt::Display for Oscillator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Oscillator::Theta => f.write_str("theta"),
            Oscillator::Cortex(c, l) => write!(f, "{c}.{l}"),
            Oscillator::Sr(h) => write!(f, "sr.{h}"),
        }
    }
}

impl FromStr for Oscillator {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, UnknownName> {
        let t = s.trim().to_ascii_lowercase();
        let parsed = if t == "theta" {
            Some(Oscillator::Theta)
        } else if let Some((a, b)) = t.split_once('.') {
            if a == "sr" {
                b.parse().ok().map(Oscillator::Sr)
            } else {
                match (a.parse(), b.parse()) {
                    (Ok(c), Ok(l)) => Some(Oscillator::Cortex(c, l)),
                    _ => None,
                }
            }
        } else {
            None
        };
        parsed.ok_or_else(|| UnknownName {
            kind: "oscillator",
            given: s.to_string(),
            allowed: Oscillator::ALL
                .iter()
                .map(|o| o.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

impl serde::Serialize for Oscillator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Oscillator {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------
// φⁿ bands
// ---------------------------------------------------------------------------------------------

/// A band of the φⁿ ladder, named after the peak inside it. Neighbouring bands meet at the
/// geometric mean of their peaks, the boundary frequency the boundary generators compute
/// ("SIE Dynamics Monitoring (v11.3)", Boundary Generators: θ/α 7.49, α/β₁ 12.12, β₁/β₂
/// 19.60 Hz); the outer edges are EEG's conventional 4 and 80 Hz.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// Theta, peak 5.89 Hz.
    Theta,
    /// Alpha, peak 9.53 Hz (L6).
    Alpha,
    /// Low beta β₁, peak 15.42 Hz (L5a).
    Beta1,
    /// High beta β₂, peak 24.94 Hz (L5b).
    Beta2,
    /// The L4 band, peak 31.73 Hz.
    L4Gamma,
    /// Slow gamma, peak 40.36 Hz (L2/3 retrieval).
    SlowGamma,
    /// Fast gamma, peak 65.3 Hz (L2/3 encoding).
    FastGamma,
}

/// Lowest edge of the φⁿ bands, Hz.
pub const BAND_LOW_HZ: f64 = 4.0;
/// Highest edge of the φⁿ bands, Hz.
pub const BAND_HIGH_HZ: f64 = 80.0;

impl Band {
    /// The seven bands, slow to fast.
    pub const ALL: [Band; 7] = [
        Band::Theta,
        Band::Alpha,
        Band::Beta1,
        Band::Beta2,
        Band::L4Gamma,
        Band::SlowGamma,
        Band::FastGamma,
    ];

    /// Stable name: `theta`, `alpha`, `beta1`, `beta2`, `l4_gamma`, `slow_gamma`, `fast_gamma`.
    pub const fn name(self) -> &'static str {
        match self {
            Band::Theta => "theta",
            Band::Alpha => "alpha",
            Band::Beta1 => "beta1",
            Band::Beta2 => "beta2",
            Band::L4Gamma => "l4_gamma",
            Band::SlowGamma => "slow_gamma",
            Band::FastGamma => "fast_gamma",
        }
    }

    /// Position in [`Band::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The section-2.1 peak the band is named after, Hz.
    pub const fn peak_hz(self) -> f64 {
        match self {
            Band::Theta => THETA_HZ,
            Band::Alpha => Layer::L6.nominal_hz(),
            Band::Beta1 => Layer::L5a.nominal_hz(),
            Band::Beta2 => Layer::L5b.nominal_hz(),
            Band::L4Gamma => Layer::L4.nominal_hz(),
            Band::SlowGamma => Layer::L23.nominal_hz(),
            Band::FastGamma => L23_FAST_HZ,
        }
    }

    /// Lower and upper edge, Hz: the geometric means with the neighbouring peaks.
    pub fn edges_hz(self) -> (f64, f64) {
        let k = self.index();
        let lo = if k == 0 {
            BAND_LOW_HZ
        } else {
            (Band::ALL[k - 1].peak_hz() * self.peak_hz()).sqrt()
        };
        let hi = if k + 1 == Band::ALL.len() {
            BAND_HIGH_HZ
        } else {
            (self.peak_hz() * Band::ALL[k + 1].peak_hz()).sqrt()
        };
        (lo, hi)
    }

    /// The band whose `[lower, upper)` edges hold `hz`, if any.
    pub fn containing(hz: f64) -> Option<Band> {
        Band::ALL.into_iter().find(|b| {
            let (lo, hi) = b.edges_hz();
            hz >= lo && hz < hi
        })
    }
}

named_enum!(Band, "band", []);

// ---------------------------------------------------------------------------------------------
// Codes on the RTL's state wires
// ---------------------------------------------------------------------------------------------

/// The five consciousness states of section 8.1, by their `state_select` code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConsciousnessState {
    /// 0: balanced waking (every MU moderate).
    #[default]
    Normal,
    /// 1: propofol-like; weak gamma, strong alpha.
    Anesthesia,
    /// 2: enhanced binding; strong gamma, weak alpha.
    Psychedelic,
    /// 3: motor-optimised; strong beta.
    Flow,
    /// 4: theta coherence; forces HARMONIC coupling.
    Meditation,
}

impl ConsciousnessState {
    /// The five states by code.
    pub const ALL: [ConsciousnessState; 5] = [
        ConsciousnessState::Normal,
        ConsciousnessState::Anesthesia,
        ConsciousnessState::Psychedelic,
        ConsciousnessState::Flow,
        ConsciousnessState::Meditation,
    ];

    /// Stable name: `normal`, `anesthesia`, `psychedelic`, `flow`, `meditation`.
    pub const fn name(self) -> &'static str {
        match self {
            ConsciousnessState::Normal => "normal",
            ConsciousnessState::Anesthesia => "anesthesia",
            ConsciousnessState::Psychedelic => "psychedelic",
            ConsciousnessState::Flow => "flow",
            ConsciousnessState::Meditation => "meditation",
        }
    }

    /// The `state_select` code (0 … 4).
    pub const fn code(self) -> u8 {
        match self {
            ConsciousnessState::Normal => STATE_NORMAL,
            ConsciousnessState::Anesthesia => STATE_ANESTHESIA,
            ConsciousnessState::Psychedelic => STATE_PSYCHEDELIC,
            ConsciousnessState::Flow => STATE_FLOW,
            ConsciousnessState::Meditation => STATE_MEDITATION,
        }
    }

    /// The state a code names; `None` for 5 … 255 (on the 3-bit port, codes 5 … 7 request
    /// NORMAL, as `config_controller` defines it).
    pub const fn from_code(code: u8) -> Option<ConsciousnessState> {
        match code {
            STATE_NORMAL => Some(ConsciousnessState::Normal),
            STATE_ANESTHESIA => Some(ConsciousnessState::Anesthesia),
            STATE_PSYCHEDELIC => Some(ConsciousnessState::Psychedelic),
            STATE_FLOW => Some(ConsciousnessState::Flow),
            STATE_MEDITATION => Some(ConsciousnessState::Meditation),
            _ => None,
        }
    }
}

named_enum!(
    ConsciousnessState,
    "consciousness state",
    ["anaesthesia" => ConsciousnessState::Anesthesia]
);

/// The phase of a Schumann ignition event, `u_sie.sie_phase` (section 10.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiePhase {
    /// 0: no event.
    #[default]
    Baseline,
    /// 1: the PLV rises; gain 0 → 0.2.
    Coherence,
    /// 2: the amplitude surge; gain 0.2 → 1.0.
    Ignition,
    /// 3: gain held at 1.0.
    Plateau,
    /// 4: gain 1.0 → 0.6.
    Propagation,
    /// 5: gain 0.6 → 0.
    Decay,
    /// 6: no new event may start.
    Refractory,
}

impl SiePhase {
    /// The seven phases by code.
    pub const ALL: [SiePhase; 7] = [
        SiePhase::Baseline,
        SiePhase::Coherence,
        SiePhase::Ignition,
        SiePhase::Plateau,
        SiePhase::Propagation,
        SiePhase::Decay,
        SiePhase::Refractory,
    ];

    /// Stable name: `baseline`, `coherence`, `ignition`, `plateau`, `propagation`, `decay`,
    /// `refractory`.
    pub const fn name(self) -> &'static str {
        match self {
            SiePhase::Baseline => "baseline",
            SiePhase::Coherence => "coherence",
            SiePhase::Ignition => "ignition",
            SiePhase::Plateau => "plateau",
            SiePhase::Propagation => "propagation",
            SiePhase::Decay => "decay",
            SiePhase::Refractory => "refractory",
        }
    }

    /// The `sie_phase` code (0 … 6).
    pub const fn code(self) -> u8 {
        match self {
            SiePhase::Baseline => PHASE_BASELINE,
            SiePhase::Coherence => PHASE_COHERENCE,
            SiePhase::Ignition => PHASE_IGNITION,
            SiePhase::Plateau => PHASE_PLATEAU,
            SiePhase::Propagation => PHASE_PROPAGATION,
            SiePhase::Decay => PHASE_DECAY,
            SiePhase::Refractory => PHASE_REFRACTORY,
        }
    }

    /// The phase a code names (`None` for 7, which the controller never holds).
    pub const fn from_code(code: u8) -> Option<SiePhase> {
        match code {
            PHASE_BASELINE => Some(SiePhase::Baseline),
            PHASE_COHERENCE => Some(SiePhase::Coherence),
            PHASE_IGNITION => Some(SiePhase::Ignition),
            PHASE_PLATEAU => Some(SiePhase::Plateau),
            PHASE_PROPAGATION => Some(SiePhase::Propagation),
            PHASE_DECAY => Some(SiePhase::Decay),
            PHASE_REFRACTORY => Some(SiePhase::Refractory),
            _ => None,
        }
    }

    /// The one definition of "SIE active", used everywhere (the controller's `sie_active` port,
    /// the probe, `phin_analysis`'s active fraction, the CLI's summary, docs/decisions.md): an
    /// event is under way, i.e. the phase is COHERENCE, IGNITION, PLATEAU, PROPAGATION or DECAY.
    /// REFRACTORY follows the event (no new event can start) but is not part of it; BASELINE
    /// is the resting state.
    pub const fn is_active(self) -> bool {
        matches!(
            self,
            SiePhase::Coherence
                | SiePhase::Ignition
                | SiePhase::Plateau
                | SiePhase::Propagation
                | SiePhase::Decay
        )
    }
}

named_enum!(SiePhase, "SIE phase", []);

/// The coupling regime of `u_coupling_mode` ("SIE Dynamics Monitoring (v11.3)", Coupling Mode
/// Controller).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CouplingMode {
    /// 0: gamma amplitude modulated by theta phase (PAC gain 1.0, harmonic 0.125).
    #[default]
    Modulatory,
    /// 1: the ~500 ms crossfade (both gains moving through 0.5).
    Transition,
    /// 2: gamma phase-locked to theta (PAC gain 0.125, harmonic 1.0).
    Harmonic,
}

impl CouplingMode {
    /// The three modes by code.
    pub const ALL: [CouplingMode; 3] = [
        CouplingMode::Modulatory,
        CouplingMode::Transition,
        CouplingMode::Harmonic,
    ];

    /// Stable name: `modulatory`, `transition`, `harmonic`.
    pub const fn name(self) -> &'static str {
        match self {
            CouplingMode::Modulatory => "modulatory",
            CouplingMode::Transition => "transition",
            CouplingMode::Harmonic => "harmonic",
        }
    }

    /// The `coupling_mode` code.
    pub const fn code(self) -> u8 {
        match self {
            CouplingMode::Modulatory => MODE_MODULATORY,
            CouplingMode::Transition => MODE_TRANSITION,
            CouplingMode::Harmonic => MODE_HARMONIC,
        }
    }

    /// The mode a code names (`None` for 3, which the controller never holds).
    pub const fn from_code(code: u8) -> Option<CouplingMode> {
        match code {
            MODE_MODULATORY => Some(CouplingMode::Modulatory),
            MODE_TRANSITION => Some(CouplingMode::Transition),
            MODE_HARMONIC => Some(CouplingMode::Harmonic),
            _ => None,
        }
    }
}

named_enum!(CouplingMode, "coupling mode", []);

/// One of the eight bins of the theta cycle, `u_thalamus.theta_phase` (section 3.3): bins 0-3
/// are the encoding window (theta x above zero; L2/3 in fast gamma, sensory input gated in),
/// 4-7 the retrieval window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ThetaBin {
    /// 0: early encoding, rising to the peak.
    #[default]
    EarlyEncoding0,
    /// 1: early encoding, rising to the peak.
    EarlyEncoding1,
    /// 2: late encoding, falling from the peak (consolidation).
    LateEncoding2,
    /// 3: late encoding, falling from the peak.
    LateEncoding3,
    /// 4: early retrieval, falling to the trough (pattern completion).
    EarlyRetrieval4,
    /// 5: early retrieval, falling to the trough.
    EarlyRetrieval5,
    /// 6: late retrieval, rising from the trough (output, decay).
    LateRetrieval6,
    /// 7: late retrieval, rising from the trough.
    LateRetrieval7,
}

impl ThetaBin {
    /// The eight bins by code.
    pub const ALL: [ThetaBin; 8] = [
        ThetaBin::EarlyEncoding0,
        ThetaBin::EarlyEncoding1,
        ThetaBin::LateEncoding2,
        ThetaBin::LateEncoding3,
        ThetaBin::EarlyRetrieval4,
        ThetaBin::EarlyRetrieval5,
        ThetaBin::LateRetrieval6,
        ThetaBin::LateRetrieval7,
    ];

    /// Stable name: the window and the code, `early_encoding_0` … `late_retrieval_7`.
    pub const fn name(self) -> &'static str {
        match self {
            ThetaBin::EarlyEncoding0 => "early_encoding_0",
            ThetaBin::EarlyEncoding1 => "early_encoding_1",
            ThetaBin::LateEncoding2 => "late_encoding_2",
            ThetaBin::LateEncoding3 => "late_encoding_3",
            ThetaBin::EarlyRetrieval4 => "early_retrieval_4",
            ThetaBin::EarlyRetrieval5 => "early_retrieval_5",
            ThetaBin::LateRetrieval6 => "late_retrieval_6",
            ThetaBin::LateRetrieval7 => "late_retrieval_7",
        }
    }

    /// The `theta_phase[2:0]` code.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The bin of a 3-bit code (the upper bits are ignored, as on the port).
    pub const fn from_code(code: u8) -> ThetaBin {
        ThetaBin::ALL[(code & 7) as usize]
    }

    /// Bins 0-3: the encoding window (the thalamus's `encoding_window`).
    pub const fn is_encoding(self) -> bool {
        self.code() < 4
    }
}

named_enum!(ThetaBin, "theta bin", []);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::{
        OMEGA_DT_L23_FAST, OMEGA_DT_L23_SLOW, OMEGA_DT_L4, OMEGA_DT_L5A, OMEGA_DT_L5B, OMEGA_DT_L6,
        OMEGA_DT_SR, OMEGA_DT_SR_DRIFT, OMEGA_DT_THETA, STATE_NAMES, TICK_HZ,
    };

    /// Section 2.1's formula before rounding: 2π · f · dt · 2^14 with dt = 1 / 4 kHz.
    fn omega_dt(hz: f64) -> f64 {
        std::f64::consts::TAU * hz / TICK_HZ * 16_384.0
    }

    /// Every name's frequency gives the RTL's word to within 1.5 LSB. The description's tables
    /// round three words otherwise than its formula (L2/3 slow 1040 for 1038.7, f₂ 514 for
    /// 514.7, f₄ 823 for 823.6); the RTL keeps the tables' words and the names keep the tables'
    /// frequencies, so those three run up to 0.13 % off their names.
    #[test]
    fn nominal_frequencies_give_the_rtl_omega_dt_words() {
        let near = |hz: f64, word: i64, what: &str| {
            let d = omega_dt(hz) - word as f64;
            assert!(
                d.abs() < 1.5,
                "{what}: {hz} Hz is {:.2}, the RTL has {word}",
                omega_dt(hz)
            );
        };
        near(THETA_HZ, OMEGA_DT_THETA, "theta");
        assert_eq!(omega_dt(THETA_HZ).round() as i64, OMEGA_DT_THETA);
        let layers = [
            OMEGA_DT_L6,
            OMEGA_DT_L5A,
            OMEGA_DT_L5B,
            OMEGA_DT_L4,
            OMEGA_DT_L23_SLOW,
        ];
        for (l, w) in Layer::ALL.into_iter().zip(layers) {
            near(l.nominal_hz(), w, l.name());
        }
        near(Layer::L23.encoding_hz(), OMEGA_DT_L23_FAST, "l23 fast");
        for h in SrHarmonic::ALL {
            near(h.nominal_hz(), OMEGA_DT_SR[h.index()], h.name());
            near(h.drift_hz(), OMEGA_DT_SR_DRIFT[h.index()], h.name());
        }
    }

    #[test]
    fn all_is_the_documented_order_and_index_inverts_it() {
        let names: Vec<String> = Oscillator::ALL.iter().map(|o| o.to_string()).collect();
        assert_eq!(names[0], "theta");
        assert_eq!(names[1], "sensory.l6");
        assert_eq!(names[5], "sensory.l23");
        assert_eq!(names[6], "assoc.l6");
        assert_eq!(names[15], "motor.l23");
        assert_eq!(names[16], "sr.f0");
        assert_eq!(names[20], "sr.f4");
        for (k, o) in Oscillator::ALL.into_iter().enumerate() {
            assert_eq!(o.index(), k);
            assert_eq!(names[k].parse::<Oscillator>(), Ok(o));
            assert_eq!(names[k].to_uppercase().parse::<Oscillator>(), Ok(o));
        }
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), NUM_OSCILLATORS);
    }

    #[test]
    fn bad_names_say_what_is_allowed() {
        let e = "motor.l7".parse::<Oscillator>().unwrap_err();
        assert!(e.to_string().contains("\"motor.l7\" is not a oscillator"));
        assert!(e.to_string().contains("sr.f4"));
        let e = "sleep".parse::<ConsciousnessState>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"sleep\" is not a consciousness state (allowed: normal, anesthesia, psychedelic, \
             flow, meditation)"
        );
        assert_eq!(
            "association.l2/3".parse(),
            Ok(Oscillator::Cortex(Column::Association, Layer::L23))
        );
    }

    #[test]
    fn codes_round_trip_and_match_the_constants() {
        for (k, s) in ConsciousnessState::ALL.into_iter().enumerate() {
            assert_eq!(s.code() as usize, k);
            assert_eq!(ConsciousnessState::from_code(k as u8), Some(s));
            assert_eq!(s.name(), STATE_NAMES[k]);
        }
        assert_eq!(ConsciousnessState::from_code(5), None);
        for (k, p) in SiePhase::ALL.into_iter().enumerate() {
            assert_eq!(p.code() as usize, k);
            assert_eq!(SiePhase::from_code(k as u8), Some(p));
        }
        assert_eq!(SiePhase::from_code(7), None);
        assert!(!SiePhase::Baseline.is_active() && !SiePhase::Refractory.is_active());
        assert!(SiePhase::Plateau.is_active());
        for (k, m) in CouplingMode::ALL.into_iter().enumerate() {
            assert_eq!(CouplingMode::from_code(k as u8), Some(m));
        }
        for k in 0..8u8 {
            assert_eq!(ThetaBin::from_code(k).code(), k);
            assert_eq!(ThetaBin::from_code(k).is_encoding(), k < 4);
        }
    }

    #[test]
    fn bands_meet_at_the_boundary_generators_frequencies_and_hold_their_peaks() {
        // "SIE Dynamics Monitoring (v11.3)": θ/α 7.49, α/β₁ 12.12, β₁/β₂ 19.60 Hz.
        let e = |b: Band| b.edges_hz();
        assert!((e(Band::Theta).1 - 7.49).abs() < 0.005);
        assert!((e(Band::Alpha).1 - 12.12).abs() < 0.005);
        assert!((e(Band::Beta1).1 - 19.61).abs() < 0.01);
        for w in Band::ALL.windows(2) {
            assert_eq!(e(w[0]).1, e(w[1]).0);
        }
        for b in Band::ALL {
            assert_eq!(Band::containing(b.peak_hz()), Some(b));
        }
        assert_eq!(Oscillator::Theta.band(), Band::Theta);
        assert_eq!(
            Oscillator::Cortex(Column::Motor, Layer::L23).band(),
            Band::SlowGamma
        );
        assert_eq!(Oscillator::Sr(SrHarmonic::F0).band(), Band::Alpha);
        assert_eq!(Band::containing(3.0), None);
    }

    #[test]
    fn serde_uses_the_names() {
        let o = Oscillator::Cortex(Column::Motor, Layer::L5b);
        let j = serde_json::to_string(&o).unwrap();
        assert_eq!(j, "\"motor.l5b\"");
        assert_eq!(serde_json::from_str::<Oscillator>(&j).unwrap(), o);
        let j = serde_json::to_string(&SiePhase::Plateau).unwrap();
        assert_eq!(j, "\"plateau\"");
        assert!(serde_json::from_str::<SiePhase>("\"ignite\"").is_err());
    }
}
