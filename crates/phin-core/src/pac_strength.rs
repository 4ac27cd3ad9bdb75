//! `pac_strength` (rtl/pac_strength.v): phase-amplitude coupling strength PAC = χ × amplitude for
//! the ten oscillator pairs of the five bands θ, α (L6), β₁ (L5a), β₂ (L5b), γ (L2/3)
//! (description v11.1c "Phase-Amplitude Coupling"). Contract: docs/spec/pac_strength.md.
//!
//! Pair k = [`PAC_PAIRS`]`[k]` = (i, j), i < j: the slower band i supplies the phase, the faster
//! band j the amplitude. `chi_k` is the pair's χ (coupling_susceptibility at n = n_j − n_i),
//! `amp_j` the faster band's amplitude, both Q14:
//!
//! ```text
//! c_k        = max(chi_k, 0),  a_k = max(amp_j, 0)                  17-bit unsigned
//! s_k        = min((c_k · a_k) >> 14, 131071)
//! pac_k     <= s_k
//! pac_total <= Σ s_k                                               21-bit unsigned
//! dominant  <= the smallest k with the largest s_k                 4 bits
//! ```

use crate::constants::CHI_MAX;
pub use crate::constants::PAC_PAIRS;
use crate::fixed_point::{raw, wrap_s, FRAC, WIDTH};
use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// Number of oscillator pairs.
pub const PAIRS: usize = 10;
/// Number of bands (θ, α, β₁, β₂, γ).
pub const BANDS: usize = 5;
/// Width of `pac_total`.
pub const TOTAL_WIDTH: u32 = 21;

/// The combinational strength of one pair: `min((max(chi,0) · max(amp,0)) >> 14, 131071)`,
/// both taken as 18-bit signed. [`strength_l`] on one lane.
#[inline(always)]
pub fn strength(chi: i64, amp: i64) -> i64 {
    strength_l(wrap_s(chi, WIDTH), wrap_s(amp, WIDTH))
}

/// [`strength`] over lanes, of 18-bit `chi` and `amp`: the clipped operands are below 2^17, so
/// their product fits its 34-bit wire and is a [`Lane::mul32`].
#[inline(always)]
pub fn strength_l<L: Lane>(chi: L, amp: L) -> L {
    let z = L::splat(0);
    let c = L::select(chi.cmp_lt(z), z, chi);
    let a = L::select(amp.cmp_lt(z), z, amp);
    let v = c.mul32(a).bits(FRAC + 19, FRAC);
    L::select(v.cmp_gt(L::splat(CHI_MAX)), L::splat(CHI_MAX), v)
}

/// Inputs of `pac_strength`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PacStrengthInputs {
    /// `chi_0..chi_9`: the χ of each pair's frequency ratio, Q14 signed 18 bits.
    pub chi: [i32; PAIRS],
    /// Band amplitudes, Q14 signed 18 bits; index = band. `amp[0]` (θ) has no port: θ is never
    /// the faster band of a pair, and the model ignores it.
    pub amp: [i32; BANDS],
}

/// Registers of one `pac_strength`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PacStrength {
    /// `reg signed [17:0] pac_0..pac_9`, Q14 ≥ 0, reset 0.
    pub pac: [i32; PAIRS],
    /// `reg [20:0] pac_total`, reset 0.
    pub pac_total: u32,
    /// `reg [3:0] dominant`: the strongest pair (first on ties), reset 0.
    pub dominant: u8,
}

impl PacStrength {
    /// A PAC unit in its reset state.
    pub const fn new() -> Self {
        PacStrength {
            pac: [0; PAIRS],
            pac_total: 0,
            dominant: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`PacStrengthL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &PacStrengthInputs) {
        let mut l = PacStrengthL::<i64>::gather(|_| *self);
        l.tick(&PacStrengthInputsL::gather(|_| *i));
        *self = l.lane(0);
    }
}

/// The registers of `pac_strength` over lanes: lane k is instance k ([`crate::lane`]);
/// `pac_total` and `dominant` hold their unsigned values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PacStrengthL<L: Lane> {
    /// `pac_0..pac_9`.
    pub pac: [L; PAIRS],
    /// `pac_total[20:0]`.
    pub pac_total: L,
    /// `dominant[3:0]`.
    pub dominant: L,
}

/// [`PacStrengthInputs`] over lanes (each lane already an 18-bit port value; `amp[0]` is carried
/// but unused, as in the scalar model).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PacStrengthInputsL<L: Lane> {
    /// `chi_0..chi_9`.
    pub chi: [L; PAIRS],
    /// Band amplitudes.
    pub amp: [L; BANDS],
}

impl<L: Lane> PacStrengthInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> PacStrengthInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        PacStrengthInputsL {
            chi: std::array::from_fn(|p| L::from_fn(|k| w(f(k).chi[p]))),
            amp: std::array::from_fn(|b| L::from_fn(|k| w(f(k).amp[b]))),
        }
    }
}

impl<L: Lane> PacStrengthL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> PacStrength) -> Self {
        PacStrengthL {
            pac: std::array::from_fn(|p| L::from_fn(|k| i64::from(f(k).pac[p]))),
            pac_total: L::from_fn(|k| i64::from(f(k).pac_total)),
            dominant: L::from_fn(|k| i64::from(f(k).dominant)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> PacStrength {
        PacStrength {
            pac: self.pac.map(|v| v.lane(k) as i32),
            pac_total: self.pac_total.lane(k) as u32,
            dominant: self.dominant.lane(k) as u8,
        }
    }

    /// One clock-enable edge on every lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &PacStrengthInputsL<L>) {
        // Ten strengths below 2^17 each: the total stays below 2^21, its register's width.
        let mut total = L::splat(0);
        let mut best = L::splat(0);
        let mut best_v = L::splat(-1);
        for (k, &(_, j)) in PAC_PAIRS.iter().enumerate() {
            let s = strength_l(i.chi[k], i.amp[j]);
            self.pac[k] = s;
            total = total + s;
            // The first strongest pair wins: a later equal strength does not replace it.
            let better = s.cmp_gt(best_v);
            best = L::select(better, L::splat(k as i64), best);
            best_v = L::select(better, s, best_v);
        }
        self.pac_total = total;
        self.dominant = best;
    }
}

const NAMES: [&str; PAIRS] = [
    "pac_0", "pac_1", "pac_2", "pac_3", "pac_4", "pac_5", "pac_6", "pac_7", "pac_8", "pac_9",
];

impl Observable for PacStrength {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for n in NAMES {
            out.push(Signal::new(prefix, n, WIDTH, true));
        }
        out.push(Signal::new(prefix, "pac_total", TOTAL_WIDTH, false));
        out.push(Signal::new(prefix, "dominant", 4, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        for k in 0..PAIRS {
            out[k] = raw(i64::from(self.pac[k]), WIDTH);
        }
        out[PAIRS] = u64::from(self.pac_total);
        out[PAIRS + 1] = u64::from(self.dominant);
        PAIRS + 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coupling_susceptibility::chi;
    use crate::fixed_point::f64_to_q14;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn r18() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        fn port() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (ports truncate), and a few equal values, so
            // that ties for the dominant pair occur.
            prop_oneof![r18(), -300_000i32..300_000, 0i32..40_000, Just(16_384)]
        }

        fn pac() -> impl Strategy<Value = PacStrength> {
            (
                prop::collection::vec(r18(), PAIRS),
                0u32..(1 << TOTAL_WIDTH),
                0u8..16,
            )
                .prop_map(|(p, pac_total, dominant)| PacStrength {
                    pac: std::array::from_fn(|k| p[k]),
                    pac_total,
                    dominant,
                })
        }

        fn inputs() -> impl Strategy<Value = PacStrengthInputs> {
            (
                prop::collection::vec(port(), PAIRS),
                prop::array::uniform5(port()),
            )
                .prop_map(|(chi, amp)| PacStrengthInputs {
                    chi: std::array::from_fn(|k| chi[k]),
                    amp,
                })
        }

        proptest! {
            /// Every lane is the scalar PAC unit on that lane's state and inputs, tick after tick.
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(pac()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = st;
                let mut lanes = PacStrengthL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    lanes.tick(&PacStrengthInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        scalar[k].tick(&i[k]);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of one lane's chi_5 breaks the tie for the dominant pair.
            let m = PacStrength::new();
            let i = PacStrengthInputs {
                chi: [16_384; PAIRS],
                amp: [0, 16_384, 16_384, 16_384, 16_384],
            };
            let mut l = PacStrengthL::<Lanes<N>>::gather(|_| m);
            let mut li = PacStrengthInputsL::<Lanes<N>>::gather(|_| i);
            li.chi[5].0[2] += 1;
            l.tick(&li);
            let mut s = m;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_eq!((s.dominant, l.lane(2).dominant), (0, 5));
        }
    }

    #[test]
    fn the_ten_pairs_are_every_slow_fast_pair_once() {
        let mut seen = std::collections::HashSet::new();
        for &(i, j) in &PAC_PAIRS {
            assert!(i < j && j < BANDS);
            assert!(seen.insert((i, j)));
        }
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn pac_is_chi_times_the_fast_amplitude() {
        assert_eq!(strength(16_384, 16_384), 16_384);
        assert_eq!(strength(8_192, 16_384), 8_192);
        assert_eq!(strength(16_384, 4_096), 4_096);
        assert_eq!(strength(-5, 16_384), 0, "negative χ counts as 0");
        assert_eq!(
            strength(16_384, -16_384),
            0,
            "negative amplitude counts as 0"
        );
        assert_eq!(strength(131_071, 131_071), CHI_MAX, "saturates");
        let mut m = PacStrength::new();
        let i = PacStrengthInputs {
            chi: [16_384; PAIRS],
            amp: [99_999, 16_384, 8_192, 4_096, 2_048],
        };
        m.tick(&i);
        // θ's amplitude is never used; pairs into α get 1.0, into γ get 0.125.
        assert_eq!(
            m.pac,
            [16_384, 8_192, 4_096, 2_048, 8_192, 4_096, 2_048, 4_096, 2_048, 2_048]
        );
        assert_eq!(m.pac_total, 16_384 + 2 * 8_192 + 3 * 4_096 + 4 * 2_048);
        assert_eq!(m.dominant, 0);
        m.reset();
        assert_eq!(m, PacStrength::new());
    }

    #[test]
    fn phi_spaced_bands_couple_through_the_boundary_chi() {
        // Bands at the description's φ^(k − 0.5) positions (θ φ^−0.5, α φ^0.5, β₁ φ^1.5,
        // β₂ φ^2.5, slow γ φ^3.5): every adjacent pair is one φ apart (n = 1, a boundary).
        let n = [-0.5, 0.5, 1.5, 2.5, 3.5];
        let mut i = PacStrengthInputs::default();
        for (k, &(a, b)) in PAC_PAIRS.iter().enumerate() {
            i.chi[k] = chi(f64_to_q14(n[b] - n[a])) as i32;
        }
        i.amp = [16_384; BANDS];
        let mut m = PacStrength::new();
        m.tick(&i);
        // The adjacent pairs 0, 4, 7, 9 all have n = 1 and couple equally, more than three times
        // as strongly as a pair φ^0.5 apart would.
        for k in [4, 7, 9] {
            assert_eq!(m.pac[k], m.pac[0]);
        }
        assert!(m.pac[0] > 3 * strength(chi(8_192), 16_384) as i32);
        // The total is the sum and the dominant pair is the strongest.
        assert_eq!(m.pac_total, m.pac.iter().map(|&v| v as u32).sum::<u32>());
        let mx = *m.pac.iter().max().unwrap();
        assert_eq!(m.pac[m.dominant as usize], mx);
        assert!(m.pac[..m.dominant as usize].iter().all(|&v| v < mx));
        // Doubling the γ amplitude doubles every pair into γ, and only those.
        let before = m;
        i.amp[4] = 32_768;
        m.tick(&i);
        for (k, &(_, j)) in PAC_PAIRS.iter().enumerate() {
            if j == 4 {
                assert!((m.pac[k] - 2 * before.pac[k]).abs() <= 1);
            } else {
                assert_eq!(m.pac[k], before.pac[k]);
            }
        }
    }
}
