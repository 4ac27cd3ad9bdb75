//! `kuramoto_order_parameter` (rtl/kuramoto_order_parameter.v): population synchrony
//! `R = |1/N Σ e^{iθ_k}|` of the six key oscillators (section "SIE Dynamics Monitoring (v11.3)").
//!
//! Hardware facts (contract: docs/spec/kuramoto_order_parameter.md):
//! - `e^{iθ}` of an oscillator is its `(x, y)` scaled by its own magnitude, no angle and no table:
//!   `mag = isqrt(x² + y²)`, `recip = 2^28 / mag` (0 when `mag == 0`),
//!   `cos = (x·recip) >>> 14`, `sin = (y·recip) >>> 14` (Q14).
//! - `sum_cos`, `sum_sin` (21-bit) are the sums over the six; `R = min(isqrt(sum_cos² +
//!   sum_sin²) / 6, 1.0)`; `high_synchrony = R > 0.7` (11469). All registered.

use crate::constants::KURAMOTO_R_HIGH;
use crate::fixed_point::{mask, raw, ONE_Q14, WIDTH};
use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// The RTL function `isqrt36` as the RTL writes it: restoring, two bits per step, exact floor
/// square root of `v[35:0]`. Kept as the reference [`isqrt36`] is tested against.
pub const fn isqrt36_restoring(v: u64) -> u64 {
    let mut rem: u64 = 0;
    let mut root: u64 = 0;
    let mut i = 18;
    while i > 0 {
        i -= 1;
        rem = (rem << 2) | ((v >> (2 * i)) & 3);
        let trial = (root << 2) | 1;
        root <<= 1;
        if rem >= trial {
            rem -= trial;
            root |= 1;
        }
    }
    root
}

/// Floor square root of `v[35:0]`: the RTL function `isqrt36`, bit for bit, in a few cycles
/// instead of 18 dependent steps.
///
/// Why it is exact: every value below 2^36 is an exact `f64`, and `sqrt` is correctly rounded.
/// For a perfect square the result is the exact root. Otherwise `sqrt(v)` lies at least
/// `1/(2·2^18)` below the next integer while the rounding error is at most `2^18·2^-53`, so the
/// rounded root stays below it, and rounding is monotone, so it stays at or above the floor:
/// truncation gives the floor. The test `fast_isqrt_equals_the_rtl_function` makes this a
/// check rather than an argument: both functions are monotone step functions, so agreeing at
/// every `r²` and `r² − 1` below 2^36 means agreeing on every input.
///
/// The conversions go through `i64`: the operand is below 2^36 and the root below 2^18, so the
/// signed conversions are exact and the same values, and each is one instruction where the
/// unsigned ones take a branching sequence on x86-64.
#[inline(always)]
pub fn isqrt36(v: u64) -> u64 {
    (((v & mask(36)) as i64 as f64).sqrt() as i64) as u64
}

/// The Q14 unit vector `(unit(c, o), unit(o, c))` of `(c, o)`: both components of the RTL
/// function `unit` share one magnitude and one reciprocal, so they are computed once.
/// [`unit_pair_l`] on one lane.
#[inline(always)]
pub fn unit_pair(c: i64, o: i64) -> (i64, i64) {
    unit_pair_l(c, o)
}

/// [`unit_pair`] over lanes: the one source of the unit vector, for 18-bit `c`, `o` (every
/// caller's ports and registers).
#[inline(always)]
pub fn unit_pair_l<L: Lane>(c: L, o: L) -> (L, L) {
    let recip = unit_recip(c, o);
    (unit_of(c, recip), unit_of(o, recip))
}

/// `2^28 / isqrt36(c² + o²)` (0 when the magnitude is 0): the reciprocal inside `unit`.
///
/// The square root and the division through `f64` ([`Lane::isqrt_f64`], [`Lane::div_f64`]),
/// exact for these operands: `c² + o² <= 2^35`, so the root is `isqrt36` of it, below 2^18;
/// `2^28` and the root are below 2^53 (`div_u(1 << 28, mag, 29)` masks neither).
#[inline(always)]
fn unit_recip<L: Lane>(c: L, o: L) -> L {
    // 18-bit c, o: each square fits 32-bit operands (a `mul32`) and the sum 36 bits.
    let m2 = c.mul32(c) + o.mul32(o);
    L::splat(1 << 28).div_f64(m2.isqrt_f64())
}

/// `((c · recip) >>> 14)[17:0]`: one component of `unit` from its reciprocal.
///
/// Neither truncation of the RTL (the 48-bit product, the 18-bit result) can change a value, so
/// both are [`fit_s`](Lane::fit_s): with 18-bit `c`, `o` (every caller's ports and registers),
/// `mag = isqrt(c² + o²) >= |c|` because `c² <= c² + o²` and `|c|` is an integer, and
/// `recip = 2^28 / mag` truncated, so `|c · recip| <= mag · 2^28 / mag = 2^28 < 2^47` and
/// `|(c · recip) >>> 14| <= 2^14 < 2^17` (and `recip = 0` when `mag = 0`). `recip <= 2^28`, so
/// the product is a [`mul32`](Lane::mul32).
#[inline(always)]
fn unit_of<L: Lane>(c: L, recip: L) -> L {
    c.mul32(recip).fit_s(48).asr(14).fit_s(WIDTH)
}

/// The Q14 unit-vector component of `c` in the vector `(c, o)`: the RTL function `unit`.
#[inline(always)]
pub fn unit(c: i64, o: i64) -> i64 {
    unit_of(c, unit_recip(c, o))
}

/// Inputs of `kuramoto_order_parameter`: `(x_k, y_k)` of the six oscillators (Q14).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KuramotoOrderParameterInputs {
    /// `x0`..`x5`.
    pub x: [i32; 6],
    /// `y0`..`y5`.
    pub y: [i32; 6],
}

/// Registers of `kuramoto_order_parameter`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KuramotoOrderParameter {
    /// `reg signed [20:0] sum_cos`: Σ cos θ_k (Q14).
    pub sum_cos: i32,
    /// `reg signed [20:0] sum_sin`: Σ sin θ_k (Q14).
    pub sum_sin: i32,
    /// `kuramoto_r` (Q14, 0..=16384).
    pub kuramoto_r: i32,
    /// `high_synchrony`: R > 0.7.
    pub high_synchrony: bool,
}

impl KuramotoOrderParameter {
    /// The reset state (all zero).
    pub const fn new() -> Self {
        KuramotoOrderParameter {
            sum_cos: 0,
            sum_sin: 0,
            kuramoto_r: 0,
            high_synchrony: false,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`KuramotoOrderParameterL::tick`] on one lane.
    #[inline]
    pub fn tick(&mut self, i: &KuramotoOrderParameterInputs) -> KuramotoOrderParameter {
        *self = KuramotoOrderParameterL::<i64>::gather(|_| *self)
            .tick(&KuramotoOrderParameterInputsL::gather(|_| *i))
            .lane(0);
        *self
    }

    /// [`tick`](Self::tick) from the six oscillators' unit vectors `unit_pair(x, y)`, already
    /// computed: the top computes them once for this module and `bicoherence_monitor`, which
    /// takes the same `unit` of five of the same oscillators.
    #[inline(always)]
    pub fn tick_units(&mut self, u: &[(i64, i64); 6]) -> KuramotoOrderParameter {
        *self = KuramotoOrderParameterL::<i64>::gather(|_| *self)
            .tick_units(u)
            .lane(0);
        *self
    }
}

/// [`KuramotoOrderParameterInputs`] over lanes (lane k is instance k, [`crate::lane`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KuramotoOrderParameterInputsL<L: Lane> {
    /// `x0`..`x5`.
    pub x: [L; 6],
    /// `y0`..`y5`.
    pub y: [L; 6],
}

impl<L: Lane> KuramotoOrderParameterInputsL<L> {
    /// Lane k from instance k's inputs (the scalar model takes the `i32` values as they are).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> KuramotoOrderParameterInputs) -> Self {
        KuramotoOrderParameterInputsL {
            x: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).x[n]))),
            y: std::array::from_fn(|n| L::from_fn(|k| i64::from(f(k).y[n]))),
        }
    }
}

/// The registers of `kuramoto_order_parameter` over lanes: the one source of its next state,
/// [`KuramotoOrderParameter`] being the one-lane case (`L = i64`). `high_synchrony` is 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KuramotoOrderParameterL<L: Lane> {
    /// `sum_cos`.
    pub sum_cos: L,
    /// `sum_sin`.
    pub sum_sin: L,
    /// `kuramoto_r`.
    pub kuramoto_r: L,
    /// `high_synchrony` (0 or 1).
    pub high_synchrony: L,
}

impl<L: Lane> KuramotoOrderParameterL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> KuramotoOrderParameter) -> Self {
        KuramotoOrderParameterL {
            sum_cos: L::from_fn(|k| i64::from(f(k).sum_cos)),
            sum_sin: L::from_fn(|k| i64::from(f(k).sum_sin)),
            kuramoto_r: L::from_fn(|k| i64::from(f(k).kuramoto_r)),
            high_synchrony: L::from_fn(|k| i64::from(f(k).high_synchrony)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> KuramotoOrderParameter {
        KuramotoOrderParameter {
            sum_cos: self.sum_cos.lane(k) as i32,
            sum_sin: self.sum_sin.lane(k) as i32,
            kuramoto_r: self.kuramoto_r.lane(k) as i32,
            high_synchrony: self.high_synchrony.lane(k) != 0,
        }
    }

    /// One clock-enable edge on every lane; returns the new registers.
    #[inline(always)]
    pub fn tick(&mut self, i: &KuramotoOrderParameterInputsL<L>) -> Self {
        let u: [(L, L); 6] = std::array::from_fn(|k| unit_pair_l(i.x[k], i.y[k]));
        self.tick_units(&u)
    }

    /// [`tick`](Self::tick) from the six unit vectors [`unit_pair_l`], already computed (as
    /// [`KuramotoOrderParameter::tick_units`]).
    #[inline(always)]
    pub fn tick_units(&mut self, u: &[(L, L); 6]) -> Self {
        let (mut sc, mut ss) = (L::splat(0), L::splat(0));
        for &(c, s) in u {
            sc = sc + c;
            ss = ss + s;
        }
        // |sc|, |ss| <= 6·2^14 < 2^17: the squares are `mul32`s and their sum is below 2^36.
        let m2 = sc.mul32(sc) + ss.mul32(ss);
        // `div_u(isqrt36(m2), 6, 18)`: m2 < 2^35, so the root is below 2^18 (the mask keeps it)
        // and both lane helpers are exact here.
        let q = m2.isqrt_f64().div_f64(L::splat(6));
        let one = L::splat(ONE_Q14);
        let r = L::select(q.cmp_gt(one), one, q);
        self.sum_cos = sc;
        self.sum_sin = ss;
        self.kuramoto_r = r;
        self.high_synchrony = L::from_mask(r.cmp_gt(L::splat(KURAMOTO_R_HIGH)));
        *self
    }
}

impl Observable for KuramotoOrderParameter {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "sum_cos", 21, true));
        out.push(Signal::new(prefix, "sum_sin", 21, true));
        out.push(Signal::new(prefix, "kuramoto_r", WIDTH, true));
        out.push(Signal::new(prefix, "high_synchrony", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = raw(i64::from(self.sum_cos), 21);
        out[1] = raw(i64::from(self.sum_sin), 21);
        out[2] = raw(i64::from(self.kuramoto_r), WIDTH);
        out[3] = u64::from(self.high_synchrony);
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed_point::{asr, mul_s, wrap_s, wrap_u};

    fn polar(amp: f64, th: f64) -> (i32, i32) {
        (
            (amp * th.cos() * 16_384.0).round() as i32,
            (amp * th.sin() * 16_384.0).round() as i32,
        )
    }

    fn r_of(v: [(f64, f64); 6]) -> KuramotoOrderParameter {
        let mut i = KuramotoOrderParameterInputs::default();
        for k in 0..6 {
            (i.x[k], i.y[k]) = polar(v[k].0, v[k].1);
        }
        let mut m = KuramotoOrderParameter::new();
        m.tick(&i)
    }

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        fn coord() -> impl Strategy<Value = i32> {
            // 18-bit values: `unit`'s proof (and its debug checks) rest on 18-bit operands, which
            // every caller drives (the oscillators' registers). Zeros and small values reach the
            // zero-magnitude and tiny-magnitude cases.
            prop_oneof![-131_072i32..=131_071, -40i32..40, Just(0)]
        }

        fn regs() -> impl Strategy<Value = KuramotoOrderParameter> {
            (
                -(1i32 << 20)..(1 << 20),
                -(1i32 << 20)..(1 << 20),
                -131_072i32..=131_071,
                any::<bool>(),
            )
                .prop_map(|(sum_cos, sum_sin, kuramoto_r, high_synchrony)| {
                    KuramotoOrderParameter {
                        sum_cos,
                        sum_sin,
                        kuramoto_r,
                        high_synchrony,
                    }
                })
        }

        fn inputs() -> impl Strategy<Value = KuramotoOrderParameterInputs> {
            (
                prop::array::uniform6(coord()),
                prop::array::uniform6(coord()),
            )
                .prop_map(|(x, y)| KuramotoOrderParameterInputs { x, y })
        }

        proptest! {
            /// Every lane is the scalar monitor on that lane's registers and inputs, tick after
            /// tick, through `tick` and through `tick_units` with lane unit vectors.
            #[test]
            fn every_lane_is_the_scalar_monitor(
                r0 in prop::array::uniform4(regs()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = r0;
                let mut lanes = KuramotoOrderParameterL::<Lanes<N>>::gather(|k| scalar[k]);
                let mut by_units = lanes;
                for (t, i) in ins.iter().enumerate() {
                    let li = KuramotoOrderParameterInputsL::gather(|k| i[k]);
                    let o = lanes.tick(&li);
                    let u: [(Lanes<N>, Lanes<N>); 6] =
                        std::array::from_fn(|n| unit_pair_l(li.x[n], li.y[n]));
                    by_units.tick_units(&u);
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so, "tick {}", t);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                        prop_assert_eq!(by_units.lane(k), scalar[k]);
                        for n in 0..6 {
                            let (x, y) = (i64::from(i[k].x[n]), i64::from(i[k].y[n]));
                            prop_assert_eq!((u[n].0.lane(k), u[n].1.lane(k)), unit_pair(x, y));
                        }
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one LSB in one lane's input (a zero vector becoming a unit
            // vector) is a different sum.
            let i = KuramotoOrderParameterInputs {
                x: [9000, -300, 16_000, 5, 0, 77],
                y: [100, 12_000, -4, 8_000, 0, -77],
            };
            let mut li = KuramotoOrderParameterInputsL::<Lanes<N>>::gather(|_| i);
            li.x[4].0[1] += 1;
            let mut l =
                KuramotoOrderParameterL::<Lanes<N>>::gather(|_| KuramotoOrderParameter::new());
            l.tick(&li);
            let s = KuramotoOrderParameter::new().tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1), s);
        }
    }

    #[test]
    fn isqrt_is_the_floor_square_root() {
        for v in [
            0u64,
            1,
            2,
            3,
            4,
            15,
            16,
            17,
            (1 << 35) - 1,
            1 << 35,
            123_456_789,
        ] {
            let r = isqrt36(v);
            assert!(r * r <= v && (r + 1) * (r + 1) > v, "{v}");
            assert_eq!(isqrt36_restoring(v), r, "{v}");
        }
    }

    #[test]
    fn fast_isqrt_equals_the_rtl_function() {
        // Both are non-decreasing and the floor square root is constant on [r², (r+1)² − 1], so
        // equality at both ends of every such interval below 2^36 is equality everywhere.
        for r in 0u64..(1 << 18) {
            let sq = r * r;
            for v in [sq, sq + 2 * r] {
                assert_eq!(isqrt36(v), isqrt36_restoring(v), "{v}");
                assert_eq!(isqrt36(v), r, "{v}");
            }
        }
        // Bits above 35 are not part of the RTL function's argument.
        for v in [1u64 << 36, (1 << 36) + 17, u64::MAX, (1 << 40) + (1 << 35)] {
            assert_eq!(isqrt36(v), isqrt36_restoring(v), "{v}");
        }
    }

    #[test]
    fn unit_pair_equals_two_units() {
        let mut s = 0x2545_F491u32;
        for _ in 0..200_000 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let x = i64::from((s & 0x3FFFF) as i32) - 131_072;
            let y = i64::from((s >> 14) as i32 & 0x3FFFF) - 131_072;
            assert_eq!(unit_pair(x, y), (unit(x, y), unit(y, x)), "{x} {y}");
        }
        assert_eq!(unit_pair(0, 0), (0, 0));
        assert_eq!(
            unit_pair(-131_072, -131_072),
            (unit(-131_072, -131_072), unit(-131_072, -131_072))
        );
    }

    /// `unit` as the RTL writes it: the 36-bit sum of squares, the bit-serial square root, the
    /// 29-bit unsigned division and both truncations (48-bit product, 18-bit result).
    fn unit_rtl(c: i64, o: i64) -> i64 {
        let mag = isqrt36_restoring(wrap_u(c * c + o * o, 36));
        let recip = crate::fixed_point::div_u(1 << 28, mag, 29) as i64;
        wrap_s(asr(mul_s(c, recip, 48), 14), WIDTH)
    }

    #[test]
    fn unit_without_truncations_equals_the_rtl_function() {
        // Every 18-bit c against partners o at the extremes, near zero, near |c| and spread
        // over the range: the truncations `unit_of` drops (see its proof) never change a value.
        let mut s = 0x9E37_79B9u32;
        for c in -131_072i64..131_072 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let spread = i64::from((s & 0x3FFFF) as i32) - 131_072;
            for o in [0, 1, -1, 131_071, -131_072, c, -c, c / 3, spread] {
                let o = wrap_s(o, WIDTH);
                assert_eq!(unit(c, o), unit_rtl(c, o), "c {c} o {o}");
            }
        }
    }

    #[test]
    fn identical_phases_give_r_near_one_at_any_amplitudes() {
        for th in [0.0, 0.7, 2.0, -2.5, 3.1] {
            let amps = [0.05, 0.3, 1.0, 1.7, 3.0, 7.5];
            let m = r_of(amps.map(|a| (a, th)));
            assert!(m.kuramoto_r >= 15_565, "R {} at θ {th}", m.kuramoto_r); // ≥ 0.95
            assert!(m.high_synchrony);
        }
    }

    #[test]
    fn independent_phases_average_below_0_45() {
        let mut s = 0x9E37_79B9u32;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            f64::from(s) / 4_294_967_296.0
        };
        let n = 4_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let v = [0; 6].map(|_| (0.2 + 2.0 * next(), std::f64::consts::TAU * next()));
            sum += f64::from(r_of(v).kuramoto_r) / 16_384.0;
        }
        let mean = sum / f64::from(n);
        // Theory for N = 6 uniform phases: E[R] ≈ 0.36.
        assert!(mean <= 0.45 && mean > 0.25, "mean R {mean}");
    }

    #[test]
    fn antipodal_pairs_cancel_and_zero_vectors_count_as_nothing() {
        let pi = std::f64::consts::PI;
        let m = r_of([
            (1.0, 0.3),
            (1.0, 0.3 + pi),
            (0.5, 1.0),
            (2.0, 1.0 + pi),
            (1.0, 2.0),
            (1.0, 2.0 + pi),
        ]);
        assert!(m.kuramoto_r < 200, "R {}", m.kuramoto_r);
        assert!(!m.high_synchrony);
        let m = r_of([(0.0, 0.0); 6]);
        assert_eq!(m.kuramoto_r, 0);
    }
}
