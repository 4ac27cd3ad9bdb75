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
use crate::fixed_point::{asr, bits, lsr, mul_s, mul_u, raw, sat_s, wrap_s, FRAC, WIDTH};
use crate::signals::{Observable, Signal};
use crate::sin_quarter_lut::sin_q14;

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

/// The normalised Lorentzian rational-resonance force of the centre `nc` on `n`.
#[inline(always)]
pub const fn lor_force(n: i64, nc: i64) -> i64 {
    let d = wrap_s(nc - n, WIDTH + 1);
    let ad = if d < 0 { -d } else { d };
    if ad < 8_192 {
        let idx = bits(ad, 12, LORENTZ_EPS_SHIFT) as usize;
        let p = mul_u(bits(FORCE_SCALE_B, 15, 0), LORENTZ[idx] as u64, 32);
        let mag = bits(p as i64, 27, 14) as i64;
        if d < 0 {
            mag
        } else {
            -mag
        }
    } else {
        0
    }
}

/// The combinational (force, energy) of one channel for exponent `n` (Q14, 18-bit signed).
#[inline(always)]
pub const fn channel(n: i64) -> (i64, i64) {
    let n = wrap_s(n, WIDTH);
    let ph = bits(n, FRAC - 1, FRAC - 10);
    let s = sin_q14(ph);
    let c = sin_q14(lsr(ph + 256, 10, 0));
    let f_phi = wrap_s(asr(mul_s(TWO_PI_A, s, 36), FRAC), WIDTH);
    let e_phi = wrap_s(asr(mul_s(FORCE_SCALE_A, c, 36), FRAC), WIDTH);
    let in_zone = n >= CATASTROPHE_N_MIN && n <= CATASTROPHE_N_MAX;
    let f_zone = if !in_zone {
        0
    } else if n >= N_HARMONIC_2_1 {
        ZONE_FORCE
    } else {
        -ZONE_FORCE
    };
    let total = wrap_s(
        f_phi
            + f_zone
            + lor_force(n, N_HARMONIC_2_1)
            + lor_force(n, N_HARMONIC_3_1)
            + lor_force(n, N_HARMONIC_4_1),
        21,
    );
    let e = wrap_s(e_phi + if in_zone { FORCE_SCALE_B } else { 0 }, WIDTH);
    (sat_s(total, WIDTH), e)
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

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self, i: &EnergyLandscapeInputs) {
        for k in 0..CHANNELS {
            let (f, e) = if i.adaptive_en {
                channel(i64::from(i.n[k]))
            } else {
                (0, 0)
            };
            self.force[k] = f as i32;
            self.energy[k] = e as i32;
        }
    }

    /// `drift_k = (K_FORCE · force_k) >>> 14`: the force-to-drift correction (combinational).
    #[inline(always)]
    pub fn drift(&self, k: usize) -> i32 {
        wrap_s(
            asr(mul_s(K_FORCE, i64::from(self.force[k]), 36), FRAC),
            WIDTH,
        ) as i32
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
