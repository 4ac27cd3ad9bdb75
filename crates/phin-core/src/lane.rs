//! [`Lane`]: the Verilog arithmetic of [`fixed_point`](crate::fixed_point) over a lane type, so
//! that one source of a model's next-state function serves both the single processor (the
//! one-lane case, `i64`) and the lane-parallel batch engine ([`Lanes<N>`]: N instances in SIMD
//! lanes, structure of arrays).
//!
//! The scalar implementation is `i64` with `bool` masks: every method is the
//! [`fixed_point`](crate::fixed_point) helper of the same name, so a model written over `L: Lane`
//! and instantiated at `i64` compiles to the code it had before. [`Lanes<N>`] holds N `i64`
//! lanes in an aligned array; every method is a loop over the lanes that LLVM turns into vector
//! instructions when the caller is compiled with AVX2 (or AVX-512) enabled
//! ([`crate::lane_batch`] selects that at run time; the same code without it is the portable
//! scalar fallback). Nothing here is approximate: each lane is exactly the scalar helper.
//!
//! Facts the design rests on (x86-64, AVX2): a 64-bit lane product is not one instruction, but a
//! signed 32×32→64 product is (`vpmuldq`), so products whose operands fit 32 signed bits — every
//! product in the RTL: ports are 18 bits, the widest multiplied wire 25 — use [`Lane::mul32`];
//! comparisons, blends, additions and logical shifts are one instruction; a 64-bit arithmetic
//! right shift is three (there is no `vpsraq` before AVX-512).
//!
//! Branches: the RTL's `?:` and `if` become [`Lane::select`] on a mask. Where one side is costly
//! and rarely taken (the Hopf amplitude correction), [`Lane::when`] evaluates it only if some lane
//! needs it: for `i64` that is the plain branch the scalar model always had.

use crate::fixed_point as fp;
use std::fmt::Debug;
use std::ops::{Add, BitAnd, BitOr, BitXor, Mul, Neg, Not, Sub};

/// A lane mask: one boolean per lane (`bool` for the scalar case).
pub trait LaneMask:
    Copy
    + Debug
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Not<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// Every lane `b`.
    fn splat(b: bool) -> Self;
    /// Lane `k`.
    fn lane(self, k: usize) -> bool;
    /// Some lane is true.
    fn any(self) -> bool;
    /// Every lane is true.
    fn all(self) -> bool;
}

impl LaneMask for bool {
    #[inline(always)]
    fn splat(b: bool) -> Self {
        b
    }
    #[inline(always)]
    fn lane(self, _k: usize) -> bool {
        self
    }
    #[inline(always)]
    fn any(self) -> bool {
        self
    }
    #[inline(always)]
    fn all(self) -> bool {
        self
    }
}

/// An integer carrier with Verilog-2005 expression semantics per lane: the methods are the
/// [`fixed_point`](crate::fixed_point) helpers (same names, same widths), applied lane by lane.
///
/// `+`, `-` and unary `-` wrap at 64 bits like the scalar model's `i64` arithmetic on values that
/// never come near it; `*` is the full 64-bit wrapping product (use [`mul32`](Lane::mul32) where
/// both operands fit 32 signed bits, which is cheaper in lanes). `&`, `|`, `^`, `!` are bitwise.
pub trait Lane:
    Copy
    + Debug
    + PartialEq
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Not<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// The mask type of comparisons.
    type Mask: LaneMask;
    /// Number of lanes.
    const LANES: usize;

    /// Every lane `v`.
    fn splat(v: i64) -> Self;
    /// Lane `k` is `f(k)`.
    fn from_fn(f: impl FnMut(usize) -> i64) -> Self;
    /// Lane `k`.
    fn lane(self, k: usize) -> i64;
    /// Each lane through a scalar function: the fallback for table look-ups, divisions and
    /// anything else that has no lane instruction. Exact, not fast.
    fn map(self, f: impl Fn(i64) -> i64) -> Self;
    /// Lane-wise `f(a, b)` through a scalar function (see [`map`](Lane::map)).
    fn zip(self, b: Self, f: impl Fn(i64, i64) -> i64) -> Self;

    /// Signed product of two operands that each fit 32 signed bits (debug builds check): the
    /// exact product, which is what `*` gives for such operands.
    fn mul32(self, b: Self) -> Self;
    /// [`fp::asr`]: `v >>> n` of a signed value.
    fn asr(self, n: u32) -> Self;
    /// [`fp::wrap_s`]: assignment to `reg signed [w-1:0]`.
    fn wrap_s(self, w: u32) -> Self;
    /// [`fp::fit_s`]: a value proved to fit `w` signed bits (debug builds check).
    fn fit_s(self, w: u32) -> Self;
    /// [`fp::wrap_u`]: the low `w` bits (a non-negative value for `w` < 64; at 64 the pattern's
    /// bits reinterpreted).
    fn wrap_u(self, w: u32) -> Self;
    /// [`fp::sat_s`]: explicit saturation to `w` signed bits.
    fn sat_s(self, w: u32) -> Self;
    /// [`fp::clamp`]: `v < lo ? lo : v > hi ? hi : v`.
    fn clamp_to(self, lo: Self, hi: Self) -> Self;
    /// [`fp::abs_s`]: `v < 0 ? -v : v` in `w` bits.
    fn abs_s(self, w: u32) -> Self;
    /// [`fp::lsr`] of the `w`-bit pattern (`v >> n`, zero fill), as a non-negative value.
    fn lsr(self, w: u32, n: u32) -> Self;
    /// [`fp::shl`]: `v << n` into a `w`-bit target.
    fn shl(self, n: u32, w: u32) -> Self;
    /// [`fp::bits`]: the part-select `v[hi:lo]`, unsigned.
    fn bits(self, hi: u32, lo: u32) -> Self;

    /// `self > b`.
    fn cmp_gt(self, b: Self) -> Self::Mask;
    /// `self >= b`.
    fn cmp_ge(self, b: Self) -> Self::Mask;
    /// `self < b`.
    fn cmp_lt(self, b: Self) -> Self::Mask;
    /// `self <= b`.
    fn cmp_le(self, b: Self) -> Self::Mask;
    /// `self == b`.
    fn cmp_eq(self, b: Self) -> Self::Mask;
    /// `self != b`.
    fn cmp_ne(self, b: Self) -> Self::Mask {
        !self.cmp_eq(b)
    }
    /// [`fp::lt_mixed`]: `self < b` with both taken as `w`-bit unsigned patterns.
    fn lt_mixed(self, b: Self, w: u32) -> Self::Mask {
        // Flipping the sign bit turns the unsigned order of the patterns into the signed order
        // (also at w = 64, where a pattern does not fit a non-negative i64).
        let flip = Self::splat(i64::MIN);
        (self.wrap_u(w) ^ flip).cmp_lt(b.wrap_u(w) ^ flip)
    }
    /// `m ? a : b` per lane.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// `m ? then() : otherwise()` per lane, evaluating `then` only if some lane takes it and
    /// `otherwise` only if some lane does not (for `i64`, the plain branch).
    #[inline(always)]
    fn when(m: Self::Mask, then: impl FnOnce() -> Self, otherwise: impl FnOnce() -> Self) -> Self {
        if m.all() {
            then()
        } else if !m.any() {
            otherwise()
        } else {
            Self::select(m, then(), otherwise())
        }
    }
    /// Lane-wise 1 where `m`, else 0 (a Verilog comparison used as a 1-bit value).
    #[inline(always)]
    fn from_mask(m: Self::Mask) -> Self {
        Self::select(m, Self::splat(1), Self::splat(0))
    }
    /// Lane-wise `self != 0`: a multi-bit value used as a condition.
    #[inline(always)]
    fn truthy(self) -> Self::Mask {
        self.cmp_ne(Self::splat(0))
    }
    /// [`fp::div_s`]: signed division truncating toward zero in `w` bits, 0 on a zero divisor.
    #[inline(always)]
    fn div_s(self, b: Self, w: u32) -> Self {
        self.zip(b, |a, b| fp::div_s(a, b, w))
    }
    /// [`fp::rem_s`].
    #[inline(always)]
    fn rem_s(self, b: Self, w: u32) -> Self {
        self.zip(b, |a, b| fp::rem_s(a, b, w))
    }
    /// [`fp::div_u`] of `w`-bit patterns, as a non-negative value.
    #[inline(always)]
    fn div_u(self, b: Self, w: u32) -> Self {
        self.zip(b, |a, b| fp::div_u(a as u64, b as u64, w) as i64)
    }
    /// [`fp::rem_u`] of `w`-bit patterns, as a non-negative value.
    #[inline(always)]
    fn rem_u(self, b: Self, w: u32) -> Self {
        self.zip(b, |a, b| fp::rem_u(a as u64, b as u64, w) as i64)
    }

    /// Floor square root of a value in `0 ..= 2^52` (callers check their bound): through an
    /// `f64` square root, which is exact there. The `f64` root of an integer below 2^53 is
    /// correctly rounded, and a perfect square's root is exact; for a non-square `v = r² + e`
    /// (0 < e <= 2r) the root lies at least `1/(2r+2)` below `r + 1`, more than half an ulp of
    /// `r + 1` for `r < 2^26`, so it never rounds up to `r + 1` and the truncation is the floor.
    /// (`isqrt36` in `kuramoto_order_parameter` is this on 36-bit operands, and its test checks
    /// it against the RTL's restoring square root.) One vector instruction per lane group
    /// where the target converts between `i64` and `f64` in lanes (AVX-512 DQ).
    #[inline(always)]
    fn isqrt_f64(self) -> Self {
        self.map(|v| {
            debug_assert!((0..=1i64 << 52).contains(&v));
            (v as f64).sqrt() as i64
        })
    }

    /// `a / b` truncated for `0 <= a < 2^53` and `0 <= b < 2^53` (callers check their bounds), 0
    /// when `b == 0` (Verilator's division by zero): through an `f64` division, which is exact
    /// there. Both operands convert exactly; if the quotient is not an integer its fraction is
    /// at least `1/b` from the next integer while the rounding error is at most `a/b · 2^-53 <
    /// 1/b`, so truncation gives the floor; an integer quotient is exact. This is
    /// [`fp::div_u`] and [`fp::div_s`] for such operands.
    #[inline(always)]
    fn div_f64(self, b: Self) -> Self {
        self.zip(b, |a, b| {
            debug_assert!((0..1i64 << 53).contains(&a) && (0..1i64 << 53).contains(&b));
            if b == 0 {
                0
            } else {
                (a as f64 / b as f64) as i64
            }
        })
    }
}

impl Lane for i64 {
    type Mask = bool;
    const LANES: usize = 1;

    #[inline(always)]
    fn splat(v: i64) -> Self {
        v
    }
    #[inline(always)]
    fn from_fn(mut f: impl FnMut(usize) -> i64) -> Self {
        f(0)
    }
    #[inline(always)]
    fn lane(self, _k: usize) -> i64 {
        self
    }
    #[inline(always)]
    fn map(self, f: impl Fn(i64) -> i64) -> Self {
        f(self)
    }
    #[inline(always)]
    fn zip(self, b: Self, f: impl Fn(i64, i64) -> i64) -> Self {
        f(self, b)
    }
    #[inline(always)]
    fn mul32(self, b: Self) -> Self {
        debug_assert!(fp::wrap_s(self, 32) == self && fp::wrap_s(b, 32) == b);
        self * b
    }
    #[inline(always)]
    fn asr(self, n: u32) -> Self {
        fp::asr(self, n)
    }
    #[inline(always)]
    fn wrap_s(self, w: u32) -> Self {
        fp::wrap_s(self, w)
    }
    #[inline(always)]
    fn fit_s(self, w: u32) -> Self {
        fp::fit_s(self, w)
    }
    #[inline(always)]
    fn wrap_u(self, w: u32) -> Self {
        fp::wrap_u(self, w) as i64
    }
    #[inline(always)]
    fn sat_s(self, w: u32) -> Self {
        fp::sat_s(self, w)
    }
    #[inline(always)]
    fn clamp_to(self, lo: Self, hi: Self) -> Self {
        fp::clamp(self, lo, hi)
    }
    #[inline(always)]
    fn abs_s(self, w: u32) -> Self {
        fp::abs_s(self, w)
    }
    #[inline(always)]
    fn lsr(self, w: u32, n: u32) -> Self {
        fp::lsr(self as u64, w, n) as i64
    }
    #[inline(always)]
    fn shl(self, n: u32, w: u32) -> Self {
        fp::shl(self, n, w)
    }
    #[inline(always)]
    fn bits(self, hi: u32, lo: u32) -> Self {
        fp::bits(self, hi, lo) as i64
    }
    #[inline(always)]
    fn cmp_gt(self, b: Self) -> bool {
        self > b
    }
    #[inline(always)]
    fn cmp_ge(self, b: Self) -> bool {
        self >= b
    }
    #[inline(always)]
    fn cmp_lt(self, b: Self) -> bool {
        self < b
    }
    #[inline(always)]
    fn cmp_le(self, b: Self) -> bool {
        self <= b
    }
    #[inline(always)]
    fn cmp_eq(self, b: Self) -> bool {
        self == b
    }
    #[inline(always)]
    fn select(m: bool, a: Self, b: Self) -> Self {
        if m {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn when(m: bool, then: impl FnOnce() -> Self, otherwise: impl FnOnce() -> Self) -> Self {
        if m {
            then()
        } else {
            otherwise()
        }
    }
    /// The integer division, the same quotient for these operands (a constant divisor becomes
    /// a multiplication).
    #[inline(always)]
    fn div_f64(self, b: Self) -> Self {
        debug_assert!((0..1i64 << 53).contains(&self) && (0..1i64 << 53).contains(&b));
        if b == 0 {
            0
        } else {
            self / b
        }
    }
}

/// N `i64` lanes, aligned for vector loads: one register of N instances of the processor.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
pub struct Lanes<const N: usize>(pub [i64; N]);

/// A mask over N lanes: each lane all ones (true) or zero (false), the form vector compares
/// produce and blends consume.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
pub struct LanesMask<const N: usize>(pub [i64; N]);

impl<const N: usize> Debug for Lanes<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl<const N: usize> Debug for LanesMask<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|&m| m != 0))
            .finish()
    }
}

/// `out[k] = f(k)` over N lanes, written as the loop LLVM vectorises.
macro_rules! lanewise {
    ($n:expr, |$k:ident| $e:expr) => {{
        let mut out = [0i64; $n];
        let mut $k = 0;
        while $k < $n {
            out[$k] = $e;
            $k += 1;
        }
        out
    }};
}

macro_rules! lanes_binop {
    ($tr:ident, $m:ident, $ty:ident, |$a:ident, $b:ident| $e:expr) => {
        impl<const N: usize> $tr for $ty<N> {
            type Output = Self;
            #[inline(always)]
            fn $m(self, o: Self) -> Self {
                $ty(lanewise!(N, |k| {
                    let ($a, $b) = (self.0[k], o.0[k]);
                    $e
                }))
            }
        }
    };
}

lanes_binop!(Add, add, Lanes, |a, b| a.wrapping_add(b));
lanes_binop!(Sub, sub, Lanes, |a, b| a.wrapping_sub(b));
lanes_binop!(Mul, mul, Lanes, |a, b| a.wrapping_mul(b));
lanes_binop!(BitAnd, bitand, Lanes, |a, b| a & b);
lanes_binop!(BitOr, bitor, Lanes, |a, b| a | b);
lanes_binop!(BitXor, bitxor, Lanes, |a, b| a ^ b);
lanes_binop!(BitAnd, bitand, LanesMask, |a, b| a & b);
lanes_binop!(BitOr, bitor, LanesMask, |a, b| a | b);
lanes_binop!(BitXor, bitxor, LanesMask, |a, b| a ^ b);

impl<const N: usize> Neg for Lanes<N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        Lanes(lanewise!(N, |k| self.0[k].wrapping_neg()))
    }
}

impl<const N: usize> Not for Lanes<N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        Lanes(lanewise!(N, |k| !self.0[k]))
    }
}

impl<const N: usize> Not for LanesMask<N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        LanesMask(lanewise!(N, |k| !self.0[k]))
    }
}

impl<const N: usize> LaneMask for LanesMask<N> {
    #[inline(always)]
    fn splat(b: bool) -> Self {
        LanesMask([-i64::from(b); N])
    }
    #[inline(always)]
    fn lane(self, k: usize) -> bool {
        self.0[k] != 0
    }
    #[inline(always)]
    fn any(self) -> bool {
        let mut m = 0;
        for k in 0..N {
            m |= self.0[k];
        }
        m != 0
    }
    #[inline(always)]
    fn all(self) -> bool {
        let mut m = -1;
        for k in 0..N {
            m &= self.0[k];
        }
        m != 0
    }
}

/// A comparison as a lane mask (all ones where true).
macro_rules! lanes_cmp {
    ($self:ident, $b:ident, |$x:ident, $y:ident| $e:expr) => {
        LanesMask(lanewise!(N, |k| {
            let ($x, $y) = ($self.0[k], $b.0[k]);
            -i64::from($e)
        }))
    };
}

impl<const N: usize> Lane for Lanes<N> {
    type Mask = LanesMask<N>;
    const LANES: usize = N;

    #[inline(always)]
    fn splat(v: i64) -> Self {
        Lanes([v; N])
    }
    #[inline(always)]
    fn from_fn(f: impl FnMut(usize) -> i64) -> Self {
        Lanes(std::array::from_fn(f))
    }
    #[inline(always)]
    fn lane(self, k: usize) -> i64 {
        self.0[k]
    }
    #[inline(always)]
    fn map(self, f: impl Fn(i64) -> i64) -> Self {
        Lanes(lanewise!(N, |k| f(self.0[k])))
    }
    #[inline(always)]
    fn zip(self, b: Self, f: impl Fn(i64, i64) -> i64) -> Self {
        Lanes(lanewise!(N, |k| f(self.0[k], b.0[k])))
    }
    #[inline(always)]
    fn mul32(self, b: Self) -> Self {
        // Sign-extending the low 32 bits of each operand is the pattern LLVM lowers to one
        // `vpmuldq`; for operands that fit 32 bits it is the exact product.
        Lanes(lanewise!(N, |k| {
            debug_assert!(fp::wrap_s(self.0[k], 32) == self.0[k]);
            debug_assert!(fp::wrap_s(b.0[k], 32) == b.0[k]);
            i64::from(self.0[k] as i32) * i64::from(b.0[k] as i32)
        }))
    }
    #[inline(always)]
    fn asr(self, n: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::asr(self.0[k], n)))
    }
    #[inline(always)]
    fn wrap_s(self, w: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::wrap_s(self.0[k], w)))
    }
    #[inline(always)]
    fn fit_s(self, w: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::fit_s(self.0[k], w)))
    }
    #[inline(always)]
    fn wrap_u(self, w: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::wrap_u(self.0[k], w) as i64))
    }
    #[inline(always)]
    fn sat_s(self, w: u32) -> Self {
        // The two comparisons of `fp::sat_s` as min/max, which vectorise.
        let hi = i64::MAX >> (64 - w);
        let lo = !hi;
        Lanes(lanewise!(N, |k| self.0[k].min(hi).max(lo)))
    }
    #[inline(always)]
    fn clamp_to(self, lo: Self, hi: Self) -> Self {
        Lanes(lanewise!(N, |k| fp::clamp(self.0[k], lo.0[k], hi.0[k])))
    }
    #[inline(always)]
    fn abs_s(self, w: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::abs_s(self.0[k], w)))
    }
    #[inline(always)]
    fn lsr(self, w: u32, n: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::lsr(self.0[k] as u64, w, n) as i64))
    }
    #[inline(always)]
    fn shl(self, n: u32, w: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::shl(self.0[k], n, w)))
    }
    #[inline(always)]
    fn bits(self, hi: u32, lo: u32) -> Self {
        Lanes(lanewise!(N, |k| fp::bits(self.0[k], hi, lo) as i64))
    }
    #[inline(always)]
    fn cmp_gt(self, b: Self) -> LanesMask<N> {
        lanes_cmp!(self, b, |x, y| x > y)
    }
    #[inline(always)]
    fn cmp_ge(self, b: Self) -> LanesMask<N> {
        lanes_cmp!(self, b, |x, y| x >= y)
    }
    #[inline(always)]
    fn cmp_lt(self, b: Self) -> LanesMask<N> {
        lanes_cmp!(self, b, |x, y| x < y)
    }
    #[inline(always)]
    fn cmp_le(self, b: Self) -> LanesMask<N> {
        lanes_cmp!(self, b, |x, y| x <= y)
    }
    #[inline(always)]
    fn cmp_eq(self, b: Self) -> LanesMask<N> {
        lanes_cmp!(self, b, |x, y| x == y)
    }
    #[inline(always)]
    fn select(m: LanesMask<N>, a: Self, b: Self) -> Self {
        Lanes(lanewise!(N, |k| (a.0[k] & m.0[k]) | (b.0[k] & !m.0[k])))
    }
    #[inline(always)]
    fn from_mask(m: LanesMask<N>) -> Self {
        Lanes(lanewise!(N, |k| m.0[k] & 1))
    }
    #[inline(always)]
    fn isqrt_f64(self) -> Self {
        // Written without a per-lane call so that the conversions and the root vectorise.
        let mut r = [0f64; N];
        for k in 0..N {
            debug_assert!((0..=1i64 << 52).contains(&self.0[k]));
            r[k] = (self.0[k] as f64).sqrt();
        }
        Lanes(lanewise!(N, |k| r[k] as i64))
    }
    #[inline(always)]
    fn div_f64(self, b: Self) -> Self {
        // The quotient of a zero divisor is computed (infinity or NaN) and then discarded.
        let mut q = [0f64; N];
        for k in 0..N {
            debug_assert!(
                (0..1i64 << 53).contains(&self.0[k]) && (0..1i64 << 53).contains(&b.0[k])
            );
            q[k] = self.0[k] as f64 / b.0[k] as f64;
        }
        Lanes(lanewise!(N, |k| if b.0[k] == 0 { 0 } else { q[k] as i64 }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const N: usize = 4;

    fn lanes() -> impl Strategy<Value = [i64; N]> {
        prop::array::uniform4(prop_oneof![
            -(1i64 << 40)..(1i64 << 40),
            -300_000i64..300_000,
            Just(0i64),
            Just(-1i64),
            Just(i64::MIN >> 20),
        ])
    }

    fn check(a: [i64; N], b: [i64; N], w: u32, n: u32) {
        let (la, lb) = (Lanes(a), Lanes(b));
        for k in 0..N {
            let (x, y) = (a[k], b[k]);
            let one = |l: Lanes<N>| l.lane(k);
            assert_eq!(one(la + lb), x.wrapping_add(y));
            assert_eq!(one(la - lb), x.wrapping_sub(y));
            assert_eq!(one(la * lb), x.wrapping_mul(y));
            assert_eq!(one(-la), x.wrapping_neg());
            assert_eq!(one(la & lb), x & y);
            assert_eq!(one(la.asr(n)), x.asr(n));
            assert_eq!(one(la.wrap_s(w)), x.wrap_s(w));
            assert_eq!(one(la.wrap_u(w)), x.wrap_u(w));
            assert_eq!(one(la.sat_s(w)), x.sat_s(w));
            assert_eq!(one(la.abs_s(w)), x.abs_s(w));
            assert_eq!(one(la.lsr(w, n)), x.lsr(w, n));
            assert_eq!(one(la.shl(n, w)), x.shl(n, w));
            assert_eq!(
                one(la.bits(w - 1, n.min(w - 1))),
                x.bits(w - 1, n.min(w - 1))
            );
            assert_eq!(
                one(la.clamp_to(lb, lb + Lanes::splat(5))),
                Lane::clamp_to(x, y, y + 5)
            );
            assert_eq!(la.cmp_gt(lb).lane(k), Lane::cmp_gt(x, y));
            assert_eq!(la.cmp_ge(lb).lane(k), Lane::cmp_ge(x, y));
            assert_eq!(la.cmp_lt(lb).lane(k), Lane::cmp_lt(x, y));
            assert_eq!(la.cmp_le(lb).lane(k), Lane::cmp_le(x, y));
            assert_eq!(la.cmp_eq(lb).lane(k), Lane::cmp_eq(x, y));
            assert_eq!(la.cmp_ne(lb).lane(k), Lane::cmp_ne(x, y));
            assert_eq!(la.lt_mixed(lb, w).lane(k), fp::lt_mixed(x, y, w));
            assert_eq!(one(Lanes::select(la.cmp_gt(lb), la, lb)), x.max(y));
            assert_eq!(one(Lanes::from_mask(la.cmp_gt(lb))), i64::from(x > y));
            assert_eq!(one(la.div_s(lb, w)), x.div_s(y, w));
            assert_eq!(one(la.rem_s(lb, w)), x.rem_s(y, w));
            assert_eq!(one(la.div_u(lb, w)), x.div_u(y, w));
            assert_eq!(one(la.rem_u(lb, w)), x.rem_u(y, w));
            let (sa, sb) = (x.wrap_s(32), y.wrap_s(32));
            assert_eq!(
                Lanes::<N>::splat(sa).mul32(Lanes::splat(sb)).lane(k),
                sa * sb
            );
        }
        let (pa, pb) = (
            Lanes(a.map(|v| v.rem_euclid(1 << 52))),
            Lanes(b.map(|v| v.rem_euclid(1 << 40))),
        );
        for k in 0..N {
            let (x, y) = (pa.0[k], pb.0[k]);
            assert_eq!(pa.isqrt_f64().lane(k), x.isqrt_f64());
            let r = i128::from(x.isqrt_f64());
            assert!(
                r * r <= i128::from(x) && i128::from(x) < (r + 1) * (r + 1),
                "isqrt {x}"
            );
            assert_eq!(pa.div_f64(pb).lane(k), x.div_u(y, 64));
            assert_eq!(x.div_f64(y), x.div_u(y, 64));
        }
        let m = la.cmp_gt(lb);
        assert_eq!(m.any(), (0..N).any(|k| a[k] > b[k]));
        assert_eq!(m.all(), (0..N).all(|k| a[k] > b[k]));
        let picked = Lanes::when(m, || la, || lb);
        for k in 0..N {
            assert_eq!(picked.lane(k), if a[k] > b[k] { a[k] } else { b[k] });
        }
    }

    proptest! {
        #[test]
        fn every_lane_is_the_scalar_helper(a in lanes(), b in lanes(), w in 2u32..=64, n in 0u32..40) {
            check(a, b, w, n);
        }
    }

    #[test]
    fn square_roots_and_quotients_at_their_bounds() {
        for v in [
            0i64,
            1,
            2,
            3,
            4,
            (1 << 26) * (1 << 26),
            (1 << 52) - 1,
            (1 << 36) - 1,
            4_503_599_493_152_769,
        ] {
            let r = i128::from(v.isqrt_f64());
            assert!(
                r * r <= i128::from(v) && i128::from(v) < (r + 1) * (r + 1),
                "isqrt {v}"
            );
            assert_eq!(Lanes::<N>::splat(v).isqrt_f64().lane(3), v.isqrt_f64());
        }
        for (a, b) in [
            ((1i64 << 53) - 1, 3i64),
            ((1 << 53) - 1, (1 << 53) - 2),
            (1 << 28, 0),
            (7, 7),
            ((1 << 52) + 1, 2),
        ] {
            assert_eq!(a.div_f64(b), a.div_u(b, 64), "{a} / {b}");
            assert_eq!(
                Lanes::<N>::splat(a).div_f64(Lanes::splat(b)).lane(1),
                a.div_u(b, 64)
            );
        }
    }

    #[test]
    fn a_planted_difference_is_seen() {
        // The comparison above can fail: the lane sat_s at a width one narrower differs.
        let v = Lanes::<N>::splat(200_000);
        assert_ne!(v.sat_s(18).lane(0), 200_000i64.sat_s(19));
    }
}
