//! `energy_landscape` (rtl/energy_landscape.v): the φⁿ energy potential and its restoring force
//! for five oscillator exponents (description v11.0 "Energy Landscape Module", v11.1b "Rational
//! Resonance Forces"). Contract: docs/spec/energy_landscape.md.
//!
//! ```text
//! phase    = n[13:4]                    sin, cos of 2πn from the quarter-wave table
//! f_phi    = (2πA · sin) >>> 14         A = 0.5        E_φ = A·cos(2πn), F = −dE/dn
//! e_phi    = (A · cos) >>> 14
//! in_zone  = 1.35 ≤ n ≤ 1.55;  f_zone = in_zone ? ±4B (away from n = log_φ 2) : 0;  e_zone = B
//! f_lor_c  = −sign(d)·(B · LOR[|d| >> 7]) >>> 14,  d = n_c − n, |d| < 0.5,  c ∈ {2:1, 3:1, 4:1}
//! force_k  <= adaptive_en ? sat18(f_phi + f_zone + Σ f_lor) : 0
//! energy_k <= adaptive_en ? e_phi + e_zone : 0
//! drift_k   = (K_FORCE · force_k) >>> 14
//! ```

use crate::constants::{
    CATASTROPHE_N_MAX, CATASTROPHE_N_MIN, FORCE_SCALE_A, FORCE_SCALE_B, K_FORCE, LORENTZ_EPS_SHIFT,
    N_HARMONIC_2_1, N_HARMONIC_3_1, N_HARMONIC_4_1, TWO_PI_Q14, ZONE_FORCE,
};
use crate::fixed_point::{bits, raw, wrap_s, FRAC, WIDTH};
use crate::lane::{Lane, LaneMask};
use crate::signals::{Observable, Signal};
use crate::sin_quarter_lut::sin_q14_l;

/// Number of oscillator channels.
pub const CHANNELS: usize = 5;

const fn build_lorentz() -> [i64; 64] {
    let mut t = [0i64; 64];
    let mut k = 0;
    while k < 64 {
        let u = k as f64 / 8.0;
        let den = (u * u + 1.0) * (u * u + 1.0);
        t[k] = (16_384.0 * 2.0 * u / den + 0.5) as i64;
        k += 1;
    }
    t
}

/// Lorentzian gradient table: `LORENTZ[k] = round(16384 · 2u/(u²+1)²)`, u = k/8 (peak 0.65).
pub const LORENTZ: [i64; 64] = build_lorentz();

/// 2πA in Q14: `(TWO_PI_Q14 · FORCE_SCALE_A) >>> 14` = 51472.
pub const TWO_PI_A: i64 = (TWO_PI_Q14 * FORCE_SCALE_A) >> FRAC;

/// The normalised Lorentzian rational-resonance force of the centre `nc` on `n` (both 18-bit):
/// [`lor_force_l`] on one lane.
#[inline(always)]
pub fn lor_force(n: i64, nc: i64) -> i64 {
    lor_force_l(n, nc)
}

/// [`lor_force`] over lanes. The index `|d|[12:7]` is always within the 64-entry table, so it is
/// looked up lane by lane ([`Lane::map`]: no lane instruction) and used only where `|d| < 0.5`.
/// `B[15:0]·LORENTZ[idx]` ≤ 2^14·2^14 fits its 32-bit wire.
#[inline(always)]
pub fn lor_force_l<L: Lane>(n: L, nc: L) -> L {
    let c = L::splat;
    let d = (nc - n).wrap_s(WIDTH + 1);
    let ad = d.abs_s(64);
    let idx = ad.bits(12, LORENTZ_EPS_SHIFT);
    let p = idx
        .map(|k| LORENTZ[k as usize])
        .mul32(c(bits(FORCE_SCALE_B, 15, 0) as i64))
        .fit_s(33);
    let mag = p.bits(27, 14);
    L::select(
        ad.cmp_lt(c(8_192)),
        L::select(d.cmp_lt(c(0)), mag, -mag),
        c(0),
    )
}

/// The combinational (force, energy) of one channel for exponent `n` (Q14, 18-bit signed):
/// [`channel_l`] on one lane.
#[inline(always)]
pub fn channel(n: i64) -> (i64, i64) {
    channel_l(wrap_s(n, WIDTH))
}

/// [`channel`] over lanes, of an 18-bit `n`. The sine and cosine are 15-bit and the scales 17-bit,
/// so both products fit their 36-bit wires: [`Lane::mul32`].
#[inline(always)]
pub fn channel_l<L: Lane>(n: L) -> (L, L) {
    let c = L::splat;
    let ph = n.bits(FRAC - 1, FRAC - 10);
    let s = sin_q14_l(ph);
    let co = sin_q14_l((ph + c(256)).lsr(10, 0));
    let f_phi = c(TWO_PI_A).mul32(s).fit_s(36).asr(FRAC).wrap_s(WIDTH);
    let e_phi = c(FORCE_SCALE_A).mul32(co).fit_s(36).asr(FRAC).wrap_s(WIDTH);
    let in_zone = n.cmp_ge(c(CATASTROPHE_N_MIN)) & n.cmp_le(c(CATASTROPHE_N_MAX));
    let f_zone = L::select(
        in_zone,
        L::select(n.cmp_ge(c(N_HARMONIC_2_1)), c(ZONE_FORCE), c(-ZONE_FORCE)),
        c(0),
    );
    let total = (f_phi
        + f_zone
        + lor_force_l(n, c(N_HARMONIC_2_1))
        + lor_force_l(n, c(N_HARMONIC_3_1))
        + lor_force_l(n, c(N_HARMONIC_4_1)))
    .wrap_s(21);
    let e = (e_phi + L::select(in_zone, c(FORCE_SCALE_B), c(0))).wrap_s(WIDTH);
    (total.sat_s(WIDTH), e)
}

/// Inputs of `energy_landscape`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnergyLandscapeInputs {
    /// `adaptive_en`: ENABLE_ADAPTIVE; low forces every output to zero.
    pub adaptive_en: bool,
    /// `n_0..n_4`: the five φⁿ exponents, Q14 signed 18 bits.
    pub n: [i32; CHANNELS],
}

/// Registers of one `energy_landscape`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnergyLandscape {
    /// `reg signed [17:0] force_0..force_4`, Q14, reset 0.
    pub force: [i32; CHANNELS],
    /// `reg signed [17:0] energy_0..energy_4`, Q14, reset 0.
    pub energy: [i32; CHANNELS],
}

impl EnergyLandscape {
    /// A landscape in its reset state.
    pub const fn new() -> Self {
        EnergyLandscape {
            force: [0; CHANNELS],
            energy: [0; CHANNELS],
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`EnergyLandscapeL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &EnergyLandscapeInputs) {
        let mut l = EnergyLandscapeL::<i64>::gather(|_| *self);
        l.tick(&EnergyLandscapeInputsL::gather(|_| *i));
        *self = l.lane(0);
    }

    /// `drift_k = (K_FORCE · force_k) >>> 14`: the force-to-drift correction (combinational).
    #[inline(always)]
    pub fn drift(&self, k: usize) -> i32 {
        drift_l(i64::from(self.force[k])) as i32
    }
}

/// `drift = (K_FORCE · force) >>> 14` over lanes, of an 18-bit `force`: the product of 11- and
/// 18-bit operands fits its 36-bit wire.
#[inline(always)]
fn drift_l<L: Lane>(force: L) -> L {
    L::splat(K_FORCE)
        .mul32(force)
        .fit_s(36)
        .asr(FRAC)
        .wrap_s(WIDTH)
}

/// The registers of `energy_landscape` over lanes: lane k is instance k ([`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnergyLandscapeL<L: Lane> {
    /// `force_0..force_4`.
    pub force: [L; CHANNELS],
    /// `energy_0..energy_4`.
    pub energy: [L; CHANNELS],
}

/// [`EnergyLandscapeInputs`] over lanes (`adaptive_en` 0 or 1, each `n` an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EnergyLandscapeInputsL<L: Lane> {
    /// `adaptive_en` (0 or 1).
    pub adaptive_en: L,
    /// `n_0..n_4`.
    pub n: [L; CHANNELS],
}

impl<L: Lane> EnergyLandscapeInputsL<L> {
    /// Lane k from instance k's inputs, each `n` truncated to its 18 bits as driving the port
    /// would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> EnergyLandscapeInputs) -> Self {
        EnergyLandscapeInputsL {
            adaptive_en: L::from_fn(|k| i64::from(f(k).adaptive_en)),
            n: std::array::from_fn(|c| L::from_fn(|k| wrap_s(i64::from(f(k).n[c]), WIDTH))),
        }
    }
}

impl<L: Lane> EnergyLandscapeL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> EnergyLandscape) -> Self {
        EnergyLandscapeL {
            force: std::array::from_fn(|c| L::from_fn(|k| i64::from(f(k).force[c]))),
            energy: std::array::from_fn(|c| L::from_fn(|k| i64::from(f(k).energy[c]))),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> EnergyLandscape {
        EnergyLandscape {
            force: self.force.map(|v| v.lane(k) as i32),
            energy: self.energy.map(|v| v.lane(k) as i32),
        }
    }

    /// One clock-enable edge on every lane. With `adaptive_en` low in every lane (the
    /// parameter is usually the same for all) the channels are not evaluated.
    #[inline(always)]
    pub fn tick(&mut self, i: &EnergyLandscapeInputsL<L>) {
        let on = i.adaptive_en.truthy();
        let zero = L::splat(0);
        for k in 0..CHANNELS {
            let (f, e) = if on.any() {
                channel_l(i.n[k])
            } else {
                (zero, zero)
            };
            self.force[k] = L::select(on, f, zero);
            self.energy[k] = L::select(on, e, zero);
        }
    }

    /// `drift_k` of every lane (combinational).
    #[inline(always)]
    pub fn drift(&self, k: usize) -> L {
        drift_l(self.force[k])
    }
}

const NAMES: [[&str; 3]; CHANNELS] = [
    ["force_0", "energy_0", "drift_0"],
    ["force_1", "energy_1", "drift_1"],
    ["force_2", "energy_2", "drift_2"],
    ["force_3", "energy_3", "drift_3"],
    ["force_4", "energy_4", "drift_4"],
];

impl Observable for EnergyLandscape {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for names in NAMES {
            for n in names {
                out.push(Signal::new(prefix, n, WIDTH, true));
            }
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        for k in 0..CHANNELS {
            out[3 * k] = raw(i64::from(self.force[k]), WIDTH);
            out[3 * k + 1] = raw(i64::from(self.energy[k]), WIDTH);
            out[3 * k + 2] = raw(i64::from(self.drift(k)), WIDTH);
        }
        3 * CHANNELS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed_point::f64_to_q14;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn r18() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        fn n() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (the port truncates), and the zone and the
            // rational centres (n ≈ 1.2 .. 3.2).
            prop_oneof![r18(), -300_000i32..300_000, 18_000i32..54_000]
        }

        fn landscape() -> impl Strategy<Value = EnergyLandscape> {
            (prop::array::uniform5(r18()), prop::array::uniform5(r18()))
                .prop_map(|(force, energy)| EnergyLandscape { force, energy })
        }

        fn inputs() -> impl Strategy<Value = EnergyLandscapeInputs> {
            // adaptive_en mostly high, so the channels are exercised.
            (prop::bool::weighted(0.8), prop::array::uniform5(n()))
                .prop_map(|(adaptive_en, n)| EnergyLandscapeInputs { adaptive_en, n })
        }

        proptest! {
            /// Every lane is the scalar landscape on that lane's state and inputs, tick after tick
            /// (registers and the combinational drifts).
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(landscape()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = st;
                let mut lanes = EnergyLandscapeL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    lanes.tick(&EnergyLandscapeInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        scalar[k].tick(&i[k]);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        for c in 0..CHANNELS {
                            prop_assert_eq!(lanes.drift(c).lane(k), i64::from(scalar[k].drift(c)));
                        }
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of one lane's n_2, at a step of the phase (n[13:4] = 127 → 128), is a
            // different force.
            let e = EnergyLandscape::new();
            let i = EnergyLandscapeInputs {
                adaptive_en: true,
                n: [0, 0, 2_047, 0, 0],
            };
            let mut l = EnergyLandscapeL::<Lanes<N>>::gather(|_| e);
            let mut li = EnergyLandscapeInputsL::<Lanes<N>>::gather(|_| i);
            li.n[2].0[1] += 1;
            l.tick(&li);
            let mut s = e;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1).force[2], s.force[2]);
        }
    }

    fn force(n: f64) -> i64 {
        channel(f64_to_q14(n)).0
    }

    #[test]
    fn the_force_pushes_n_away_from_integers() {
        for k in 0..5 {
            for off in [0.02, 0.05, 0.1, 0.2] {
                let base = k as f64;
                assert!(force(base + off) > 0, "n = {} + {off}", base);
                assert!(force(base - off) < 0, "n = {} - {off}", base);
            }
        }
    }

    #[test]
    fn the_force_pushes_n_out_of_the_catastrophe_zone() {
        let mid = N_HARMONIC_2_1;
        for n in CATASTROPHE_N_MIN..=CATASTROPHE_N_MAX {
            let f = channel(n).0;
            if n >= mid {
                assert!(f > 8_192, "n = {n}: force {f} must push up and out");
            } else {
                assert!(f < -8_192, "n = {n}: force {f} must push down and out");
            }
        }
        // Integrating the force from n = 1.5 leaves the zone (upward, away from 2:1).
        let mut n = f64_to_q14(1.5);
        for _ in 0..200 {
            n += channel(n).0 >> 8;
        }
        assert!(n > CATASTROPHE_N_MAX, "settled at {n}");
    }

    #[test]
    fn half_integers_are_attractors_and_the_energy_is_a_cos() {
        // Away from the rational centres the φ force vanishes at half-integers.
        assert_eq!(force(0.5), 0);
        assert_eq!(channel(f64_to_q14(0.5)).1, -8_192);
        assert_eq!(channel(0).1, 8_192);
        assert_eq!(force(0.25), TWO_PI_A, "peak 2πA = π at n = 0.25");
        assert_eq!(TWO_PI_A, 51_472);
        assert_eq!(channel(f64_to_q14(1.5)).1, -8_192 + 16_384, "zone energy B");
    }

    #[test]
    fn adaptive_off_zeroes_every_output() {
        let mut e = EnergyLandscape::new();
        let n = [4_096, 20_480, 24_576, 37_000, -9_000];
        e.tick(&EnergyLandscapeInputs {
            adaptive_en: true,
            n,
        });
        assert!(e.force.iter().all(|&f| f != 0));
        assert_ne!(e.drift(0), 0);
        e.tick(&EnergyLandscapeInputs {
            adaptive_en: false,
            n,
        });
        assert_eq!(e, EnergyLandscape::new());
        assert_eq!(e.drift(1), 0);
    }

    #[test]
    fn lorentz_table_peaks_at_one_over_root_three() {
        let (k, &m) = LORENTZ.iter().enumerate().max_by_key(|(_, &v)| v).unwrap();
        assert_eq!(k, 5); // u = 0.625, the grid point nearest 0.577
        assert!((10_500..=10_650).contains(&m));
        assert_eq!(lor_force(N_HARMONIC_2_1 + 512, N_HARMONIC_2_1), LORENTZ[4]);
        assert_eq!(lor_force(N_HARMONIC_2_1 - 512, N_HARMONIC_2_1), -LORENTZ[4]);
        assert_eq!(lor_force(N_HARMONIC_2_1 + 8_192, N_HARMONIC_2_1), 0);
    }
}
