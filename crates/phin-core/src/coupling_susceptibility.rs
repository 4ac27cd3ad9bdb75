//! `coupling_susceptibility` (rtl/coupling_susceptibility.v): the coupling susceptibility χ of a
//! frequency ratio r = φⁿ from the Farey set (the 55 reduced p/q with q ≤ 5 in (0, 5.5]) plus the
//! six φᵏ boundaries k = −2..3 (description v11.0 "Coupling Susceptibility", v11.1a "Farey χ(r)").
//! Contract: docs/spec/coupling_susceptibility.md.
//!
//! Evaluated in n-space (n = log_φ r, a Q14 input, as the detector and the landscape take it):
//!
//! ```text
//! d_k    = n − c_k                                   c_k = round(16384 · log_φ(p/q)) or 16384·k
//! u_k    = (|d_k| · q_k) >> 7                        u = 16·q·|d| in steps of 1/8 (width (1/16)/q)
//! term_k = u_k < 256 ? (w_k · LOR[u_k]) >> 14 : 0    LOR[i] = round(16384 / (1 + (i/8)²))
//! w_k    = round(16384 / q²)  (boundaries: 8192 = 0.5, q = 1)
//! chi   <= min(Σ term_k, 131071)
//! ```

use crate::constants::{
    CHI_BOUNDARY_WEIGHT, CHI_CENTRES, CHI_LOR_ENTRIES, CHI_MAX, CHI_Q_MAX, CHI_Q_WEIGHT,
    CHI_R_MAX_DEN, CHI_R_MAX_NUM, CHI_STEP_SHIFT,
};
use crate::fixed_point::{raw, wrap_s, ONE_Q14, WIDTH};
use crate::lane::Lane;
use crate::memo::Memo;
use crate::signals::{Observable, Signal};

const fn build_lor() -> [i64; CHI_LOR_ENTRIES] {
    let mut t = [0i64; CHI_LOR_ENTRIES];
    let mut i = 0;
    while i < CHI_LOR_ENTRIES {
        // 16384 / (1 + i²/64) = 16384·64 / (64 + i²), rounded half up in integers.
        let den = 64 + (i * i) as i64;
        t[i] = (2 * ONE_Q14 * 64 + den) / (2 * den);
        i += 1;
    }
    t
}

/// The χ Lorentzian table: `LOR[i] = round(16384 / (1 + (i/8)²))`, i = 0..255.
pub const LOR: [i64; CHI_LOR_ENTRIES] = build_lor();

/// ln x by the atanh series, for the compile-time centre table (x > 0).
const fn ln(x: f64) -> f64 {
    let z = (x - 1.0) / (x + 1.0);
    let z2 = z * z;
    let mut term = z;
    let mut sum = 0.0;
    let mut k = 0;
    while k < 400 {
        sum += term / (2 * k + 1) as f64;
        term *= z2;
        k += 1;
    }
    2.0 * sum
}

const fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// One χ centre: position in n-space (Q14), denominator q and weight (Q14).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Centre {
    /// `c_k`: the centre's n = log_φ(p/q) in Q14 (k for a φᵏ boundary).
    pub n: i64,
    /// `q_k`: the denominator (1 for the boundaries).
    pub q: i64,
    /// `w_k`: the weight in Q14, round(16384/q²) or 8192 for the boundaries.
    pub w: i64,
}

const fn build_centres() -> [Centre; CHI_CENTRES] {
    let mut t = [Centre { n: 0, q: 1, w: 0 }; CHI_CENTRES];
    let ln_phi = ln(1.618_033_988_749_895);
    let mut m = 0;
    let mut q = 1;
    while q <= CHI_Q_MAX {
        let mut p = 1;
        // p/q ≤ 11/2
        while p * CHI_R_MAX_DEN <= CHI_R_MAX_NUM * q {
            if gcd(p, q) == 1 {
                let v = ln(p as f64 / q as f64) / ln_phi * ONE_Q14 as f64;
                let n = if v >= 0.0 {
                    (v + 0.5) as i64
                } else {
                    -((-v + 0.5) as i64)
                };
                t[m] = Centre {
                    n,
                    q,
                    w: CHI_Q_WEIGHT[(q - 1) as usize],
                };
                m += 1;
            }
            p += 1;
        }
        q += 1;
    }
    let mut k = -2;
    while k <= 3 {
        t[m] = Centre {
            n: k * ONE_Q14,
            q: 1,
            w: CHI_BOUNDARY_WEIGHT,
        };
        m += 1;
        k += 1;
    }
    assert!(m == CHI_CENTRES);
    t
}

/// The 61 centres: the 55 Farey rationals (by q, then p) and the boundaries φ⁻²..φ³.
pub const CENTRES: [Centre; CHI_CENTRES] = build_centres();

/// The contribution of one centre to χ at exponent `n` (Q14, 18-bit signed): [`term_l`] on one
/// lane.
#[inline(always)]
pub fn term(n: i64, c: &Centre) -> i64 {
    term_l(n, c)
}

/// [`term`] over lanes. `|d| < 2^18` and `q ≤ 5`, so `|d|·q < 2^21` fits its 22-bit wire, and
/// `w·LOR[idx] ≤ 2^28` fits 30 bits: both products keep every bit. The table look-up has no lane
/// instruction: it is done lane by lane ([`Lane::map`]).
#[inline(always)]
pub fn term_l<L: Lane>(n: L, c: &Centre) -> L {
    let k = L::splat;
    let d = (n - k(c.n)).wrap_s(WIDTH + 1);
    let uq = d.abs_s(64).mul32(k(c.q)).fit_s(23);
    // The 8-bit index of `uq` (always within the table); the term counts only if `uq` < 2^15.
    let idx = uq.bits(14, CHI_STEP_SHIFT);
    let p = idx.map(|i| LOR[i as usize]).mul32(k(c.w)).fit_s(31);
    L::select(uq.cmp_lt(k(1 << 15)), p.bits(29, 14), k(0))
}

/// The combinational χ of exponent `n` (Q14, taken as 18-bit signed): the saturated sum.
/// [`chi_l`] on one lane.
#[inline(always)]
pub fn chi(n: i64) -> i64 {
    chi_l(wrap_s(n, WIDTH))
}

/// [`chi`] over lanes, of an 18-bit `n`. Each term is at most 2^14, so the sum of 61 fits.
#[inline(always)]
pub fn chi_l<L: Lane>(n: L) -> L {
    let mut total = L::splat(0);
    for c in &CENTRES {
        total = total + term_l(n, c);
    }
    L::select(total.cmp_gt(L::splat(CHI_MAX)), L::splat(CHI_MAX), total)
}

/// Inputs of `coupling_susceptibility`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CouplingSusceptibilityInputs {
    /// `input signed [17:0] n`: the ratio exponent n = log_φ r in Q14.
    pub n: i32,
}

/// Registers of one `coupling_susceptibility`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouplingSusceptibility {
    /// `reg signed [17:0] chi`, Q14 in [0, 8), reset 0.
    pub chi: i32,
    /// [`chi`] of the last `n`: not a register. `n` is a drifting exponent that holds its value
    /// for many ticks, so most ticks skip the 61-centre sum.
    #[serde(skip)]
    pub chi_memo: Memo<i32, i32>,
}

impl CouplingSusceptibility {
    /// A χ unit in its reset state.
    pub const fn new() -> Self {
        CouplingSusceptibility {
            chi: 0,
            chi_memo: Memo::new(),
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: loads χ(n); returns it.
    ///
    /// The one-lane case of [`CouplingSusceptibilityL::tick`]: the same memo around the same
    /// [`chi_l`], kept in this struct's own memo (whose types are part of the checkpointed
    /// struct) so that it survives from tick to tick.
    #[inline(always)]
    pub fn tick(&mut self, i: &CouplingSusceptibilityInputs) -> i32 {
        self.chi = self.chi_memo.get(i.n, |n| {
            chi_l(
                CouplingSusceptibilityInputsL::<i64>::gather(|_| CouplingSusceptibilityInputs {
                    n,
                })
                .n,
            ) as i32
        });
        self.chi
    }
}

/// The registers of `coupling_susceptibility` over lanes: lane k is instance k
/// ([`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CouplingSusceptibilityL<L: Lane> {
    /// `chi`.
    pub chi: L,
    /// [`chi_l`] of the last `n` of every lane: not a register (see
    /// [`CouplingSusceptibility::chi_memo`]); it hits when no lane's `n` changed.
    pub chi_memo: Memo<L, L>,
}

/// [`CouplingSusceptibilityInputs`] over lanes (each lane already an 18-bit port value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CouplingSusceptibilityInputsL<L: Lane> {
    /// `n`.
    pub n: L,
}

impl<L: Lane> CouplingSusceptibilityInputsL<L> {
    /// Lane k from instance k's inputs, `n` truncated to its 18 bits as driving the port would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> CouplingSusceptibilityInputs) -> Self {
        CouplingSusceptibilityInputsL {
            n: L::from_fn(|k| wrap_s(i64::from(f(k).n), WIDTH)),
        }
    }
}

impl<L: Lane> CouplingSusceptibilityL<L> {
    /// Lane k from instance k's registers (the memo starts empty: it is not state).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> CouplingSusceptibility) -> Self {
        CouplingSusceptibilityL {
            chi: L::from_fn(|k| i64::from(f(k).chi)),
            chi_memo: Memo::new(),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> CouplingSusceptibility {
        CouplingSusceptibility {
            chi: self.chi.lane(k) as i32,
            chi_memo: Memo::new(),
        }
    }

    /// One clock-enable edge on every lane: loads χ(n); returns it.
    #[inline(always)]
    pub fn tick(&mut self, i: &CouplingSusceptibilityInputsL<L>) -> L {
        self.chi = self.chi_memo.get(i.n, chi_l);
        self.chi
    }
}

impl Observable for CouplingSusceptibility {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "chi", WIDTH, true));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(i64::from(self.chi), WIDTH);
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed_point::{f64_to_q14, q14_to_f64};

    const PHI: f64 = 1.618_033_988_749_895;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn n() -> impl Strategy<Value = i32> {
            // The whole 18-bit range, beyond it (the port truncates), and near the centres.
            prop_oneof![
                -131_072i32..=131_071,
                -300_000i32..300_000,
                -40_000i32..60_000
            ]
        }

        proptest! {
            /// Every lane is the scalar χ unit on that lane's state and inputs, tick after tick;
            /// `repeat` holds the previous inputs on some ticks, so both memos hit and miss.
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(-131_072i32..=131_071),
                ins in prop::collection::vec((prop::array::uniform4(n()), any::<bool>()), 1..12),
            ) {
                let mut scalar = st.map(|chi| CouplingSusceptibility { chi, chi_memo: Memo::new() });
                let mut lanes = CouplingSusceptibilityL::<Lanes<N>>::gather(|k| scalar[k]);
                let mut prev = ins[0].0;
                for &(ns, repeat) in &ins {
                    let ns = if repeat { prev } else { ns };
                    prev = ns;
                    let i = ns.map(|n| CouplingSusceptibilityInputs { n });
                    let o = lanes.tick(&CouplingSusceptibilityInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        prop_assert_eq!(o.lane(k), i64::from(scalar[k].tick(&i[k])));
                        prop_assert_eq!(lanes.lane(k).chi, scalar[k].chi);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of one lane's n, at an index step of the unison peak (|d| = 127 → 128), is
            // a different χ.
            let u = CouplingSusceptibility::new();
            let i = CouplingSusceptibilityInputs { n: 127 };
            let mut l = CouplingSusceptibilityL::<Lanes<N>>::gather(|_| u);
            let mut li = CouplingSusceptibilityInputsL::<Lanes<N>>::gather(|_| i);
            li.n.0[3] += 1;
            l.tick(&li);
            let mut s = u;
            s.tick(&i);
            assert_eq!(l.lane(0).chi, s.chi);
            assert_ne!(l.lane(3).chi, s.chi);
        }
    }

    /// χ at exponent n (a float), as a float.
    fn at_n(n: f64) -> f64 {
        q14_to_f64(chi(f64_to_q14(n)))
    }

    /// χ at frequency ratio r.
    fn at_r(r: f64) -> f64 {
        at_n(r.ln() / PHI.ln())
    }

    #[test]
    fn the_farey_set_has_55_rationals_50_up_to_five_and_six_boundaries() {
        let rationals = &CENTRES[..55];
        let up_to_5 = rationals
            .iter()
            .filter(|c| c.n <= f64_to_q14(5f64.ln() / PHI.ln()))
            .count();
        assert_eq!(up_to_5, 50);
        for c in rationals {
            assert!(c.q >= 1 && c.q <= 5);
            assert_eq!(c.w, CHI_Q_WEIGHT[(c.q - 1) as usize]);
        }
        let b: Vec<i64> = CENTRES[55..].iter().map(|c| c.n).collect();
        assert_eq!(b, [-32_768, -16_384, 0, 16_384, 32_768, 49_152]);
        assert!(CENTRES[55..].iter().all(|c| c.w == 8_192 && c.q == 1));
        // No two rationals coincide (all reduced).
        for (i, a) in rationals.iter().enumerate() {
            for b in &rationals[i + 1..] {
                assert_ne!(a.n, b.n);
            }
        }
    }

    #[test]
    fn centres_match_the_float_logarithm() {
        let mut k = 0;
        for q in 1..=5i64 {
            for p in 1..=(11 * q / 2) {
                if gcd(p, q) != 1 {
                    continue;
                }
                let want = f64_to_q14((p as f64 / q as f64).ln() / PHI.ln());
                assert_eq!(CENTRES[k].n, want, "{p}/{q}");
                assert_eq!(CENTRES[k].q, q);
                k += 1;
            }
        }
        assert_eq!(k, 55);
    }

    #[test]
    fn lorentz_table_values() {
        assert_eq!(LOR[0], 16_384);
        assert_eq!(LOR[8], 8_192, "u = 1: half height");
        assert_eq!(LOR[16], 3_277, "u = 2: 1/5");
        assert!(LOR.windows(2).all(|w| w[0] >= w[1]));
        assert_eq!(LOR[255], 16);
    }

    #[test]
    fn boundary_phi_1_exceeds_three_times_attractor_phi_0_5() {
        let b = chi(16_384);
        let a = chi(8_192);
        assert!(b > 3 * a, "χ(φ¹) = {b}, χ(φ^0.5) = {a}");
        assert!((0.5..0.65).contains(&at_n(1.0)), "{}", at_n(1.0));
        // φ⁰ (unison) beats its neighbouring attractor φ^0.5 by far more.
        assert!(chi(0) > 10 * a);
    }

    #[test]
    fn phi_1_25_is_between_the_attractor_and_the_boundary() {
        let q = at_n(1.25);
        assert!(q > at_n(0.5) && q < at_n(1.0), "χ(φ^1.25) = {q}");
        assert!((0.1..0.2).contains(&q), "{q}");
    }

    #[test]
    fn the_2_1_ratio_is_a_spike() {
        let two = at_r(2.0);
        assert!(two > 1.0, "χ(2.0) = {two}");
        for r in [1.9, 2.1] {
            assert!(two > 2.5 * at_r(r), "χ({r}) = {}", at_r(r));
        }
        // The peak over ratios 1.7..2.3 sits within 0.01 of 2.0.
        let (best, _) = (0..=600)
            .map(|k| 1.7 + k as f64 * 0.001)
            .map(|r| (r, chi(f64_to_q14(r.ln() / PHI.ln()))))
            .fold((0.0, -1), |acc, x| if x.1 > acc.1 { x } else { acc });
        assert!((best - 2.0).abs() < 0.01, "peak at {best}");
    }

    #[test]
    fn chi_is_bounded_and_tick_registers_it() {
        let mut mx = 0;
        for n in (-131_072..131_072).step_by(3) {
            let v = chi(n);
            assert!(v >= 0);
            mx = mx.max(v);
        }
        assert!(mx < CHI_MAX && mx > ONE_Q14, "max {mx}");
        let mut m = CouplingSusceptibility::new();
        assert_eq!(
            m.tick(&CouplingSusceptibilityInputs { n: 23_600 }),
            chi(23_600) as i32
        );
        assert_eq!(m.chi, chi(23_600) as i32);
        m.reset();
        assert_eq!(m, CouplingSusceptibility::new());
    }
}
