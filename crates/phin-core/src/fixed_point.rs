//! Verilog-2005 expression semantics on fixed-point words, in one place.
//!
//! Every model in this crate computes with `i64` carriers and calls these helpers wherever the RTL
//! assigns, shifts, multiplies, divides, part-selects or compares. Nothing else in the crate may
//! re-derive a truncation inline (docs/architecture.md, "Verilog arithmetic").
//!
//! The rules reproduced here (IEEE 1364-2005, section 5.4 and 5.5):
//! - an expression is evaluated at the width of its widest operand *and* of its assignment target,
//!   then truncated to the target on assignment: [`wrap_s`], [`wrap_u`] (wrap, never saturate);
//! - explicit saturation exists only where the RTL writes it: [`sat_s`], [`clamp`];
//! - `>>>` sign-extends only a signed operand ([`asr`]); on an unsigned operand it is a logical
//!   shift ([`lsr`]);
//! - one unsigned operand makes the whole expression unsigned, so the pattern is compared and
//!   divided as unsigned: [`lt_mixed`], [`div_u`];
//! - part-selects and concatenations are unsigned: [`bits`]; `$signed()` reinterprets: [`sext`];
//! - `/` truncates toward zero and `%` takes the sign of the dividend: [`div_s`], [`rem_s`];
//!   division by zero yields X in the standard; Verilator yields 0, and so do these helpers.
//!
//! All helpers take widths from 1 to 64 bits; the carriers are `i64`/`u64`.

use fixed::types::extra::U14;
use fixed::FixedI64;

/// Word width of every Q4.14 signal (`WIDTH` parameter in the RTL).
pub const WIDTH: u32 = 18;
/// Fractional bits of Q4.14 (`FRAC` parameter in the RTL).
pub const FRAC: u32 = 14;
/// 1.0 in Q4.14.
pub const ONE_Q14: i64 = 1 << FRAC;

/// All-ones mask of `w` bits (`w` in 1..=64).
#[inline(always)]
pub const fn mask(w: u32) -> u64 {
    if w >= 64 {
        u64::MAX
    } else {
        (1u64 << w) - 1
    }
}

/// Assignment of any expression to a `reg signed [w-1:0]`: keep the low `w` bits and read them as
/// two's complement. This is the wrap of Verilog, not a saturation.
#[inline(always)]
pub const fn wrap_s(v: i64, w: u32) -> i64 {
    let s = 64 - w;
    (v << s) >> s
}

/// [`wrap_s`] where the caller has proved that `v` already fits in `w` signed bits (every call site
/// states the bound): the Verilog truncation then keeps every bit, so the value is `v` itself and
/// the two shifts of [`wrap_s`] are skipped. Exact by that bound; debug builds check it.
#[inline(always)]
pub const fn fit_s(v: i64, w: u32) -> i64 {
    debug_assert!(wrap_s(v, w) == v, "fit_s: value does not fit the width");
    v
}

/// Assignment of any expression to an unsigned `reg [w-1:0]`: keep the low `w` bits.
#[inline(always)]
pub const fn wrap_u(v: i64, w: u32) -> u64 {
    (v as u64) & mask(w)
}

/// `$signed(p)` of a `w`-bit pattern: sign-extend bit `w-1`.
#[inline(always)]
pub const fn sext(p: u64, w: u32) -> i64 {
    wrap_s(p as i64, w)
}

/// `v >>> n` where `v` is signed: arithmetic shift, rounding toward minus infinity.
#[inline(always)]
pub const fn asr(v: i64, n: u32) -> i64 {
    if n >= 64 {
        if v < 0 {
            -1
        } else {
            0
        }
    } else {
        v >> n
    }
}

/// `v >> n` (or `v >>> n`, which is the same on an unsigned operand) of a `w`-bit unsigned
/// pattern: logical shift with zero fill.
#[inline(always)]
pub const fn lsr(v: u64, w: u32, n: u32) -> u64 {
    if n >= 64 {
        0
    } else {
        (v & mask(w)) >> n
    }
}

/// `v << n` assigned to a `w`-bit target (signed or not, the bits are the same).
#[inline(always)]
pub const fn shl(v: i64, n: u32, w: u32) -> i64 {
    if n >= 64 {
        0
    } else {
        wrap_s(v.wrapping_shl(n), w)
    }
}

/// Signed product of two signed operands in a context `w` bits wide (`w` is the larger of the
/// operand widths and the target width): the full product, truncated to `w`.
#[inline(always)]
pub const fn mul_s(a: i64, b: i64, w: u32) -> i64 {
    wrap_s(a.wrapping_mul(b), w)
}

/// Unsigned product of two `w`-bit patterns in a `w`-bit context.
#[inline(always)]
pub const fn mul_u(a: u64, b: u64, w: u32) -> u64 {
    a.wrapping_mul(b) & mask(w)
}

/// Sum of two signed operands in a `w`-bit context.
#[inline(always)]
pub const fn add_s(a: i64, b: i64, w: u32) -> i64 {
    wrap_s(a.wrapping_add(b), w)
}

/// Difference of two signed operands in a `w`-bit context.
#[inline(always)]
pub const fn sub_s(a: i64, b: i64, w: u32) -> i64 {
    wrap_s(a.wrapping_sub(b), w)
}

/// Signed `a / b` in a `w`-bit context: truncates toward zero; `b == 0` gives 0 (Verilator).
#[inline(always)]
pub const fn div_s(a: i64, b: i64, w: u32) -> i64 {
    if b == 0 {
        0
    } else {
        wrap_s(a.wrapping_div(b), w)
    }
}

/// Signed `a % b` in a `w`-bit context: the sign of the dividend; `b == 0` gives 0 (Verilator).
#[inline(always)]
pub const fn rem_s(a: i64, b: i64, w: u32) -> i64 {
    if b == 0 {
        0
    } else {
        wrap_s(a.wrapping_rem(b), w)
    }
}

/// Unsigned `a / b` of `w`-bit patterns (what a division becomes when either operand is
/// unsigned); `b == 0` gives 0 (Verilator).
#[inline(always)]
pub const fn div_u(a: u64, b: u64, w: u32) -> u64 {
    let (a, b) = (a & mask(w), b & mask(w));
    match a.checked_div(b) {
        Some(q) => q,
        None => 0,
    }
}

/// Unsigned `a % b` of `w`-bit patterns; `b == 0` gives 0 (Verilator).
#[inline(always)]
pub const fn rem_u(a: u64, b: u64, w: u32) -> u64 {
    let (a, b) = (a & mask(w), b & mask(w));
    if b == 0 {
        0
    } else {
        a % b
    }
}

/// `a < b` where at least one operand is unsigned: both are taken as `w`-bit unsigned patterns
/// (`w` the wider operand), so a negative signed value compares as a large number.
#[inline(always)]
pub const fn lt_mixed(a: i64, b: i64, w: u32) -> bool {
    wrap_u(a, w) < wrap_u(b, w)
}

/// Part-select `v[hi:lo]`: always unsigned.
#[inline(always)]
pub const fn bits(v: i64, hi: u32, lo: u32) -> u64 {
    ((v as u64) >> lo) & mask(hi - lo + 1)
}

/// Explicit saturation to the range of `reg signed [w-1:0]`, as the RTL writes it with two
/// comparisons against the extremes.
#[inline(always)]
pub const fn sat_s(v: i64, w: u32) -> i64 {
    // Shifting i64::MAX keeps w = 64 free of overflow.
    let hi = i64::MAX >> (64 - w);
    let lo = !hi;
    if v > hi {
        hi
    } else if v < lo {
        lo
    } else {
        v
    }
}

/// Explicit clamp to `[lo, hi]`, as the RTL writes it (`v < lo ? lo : v > hi ? hi : v`).
#[inline(always)]
pub const fn clamp(v: i64, lo: i64, hi: i64) -> i64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

/// Absolute value of a signed value held in `w` bits: `v < 0 ? -v : v`, truncated to `w` bits
/// (so the most negative value maps to itself, as in the RTL).
#[inline(always)]
pub const fn abs_s(v: i64, w: u32) -> i64 {
    if v < 0 {
        wrap_s(v.wrapping_neg(), w)
    } else {
        v
    }
}

/// The raw `w`-bit pattern of a signed value, as a waveform or a co-simulation snapshot holds it.
#[inline(always)]
pub const fn raw(v: i64, w: u32) -> u64 {
    wrap_u(v, w)
}

/// The value of a Q4.14 (or any Qm.14) word as a real number, for reports and plots only.
pub fn q14_to_f64(v: i64) -> f64 {
    FixedI64::<U14>::from_bits(v).to_num::<f64>()
}

/// The nearest Q14 word to a real number (round half away from zero), for constants in tests and
/// in the CLI only; the tick path never converts.
pub fn f64_to_q14(v: f64) -> i64 {
    (v * ONE_Q14 as f64).round() as i64
}

/// A Q4.14 word as the processor holds it (18-bit signed, 14 fractional bits): the raw integer,
/// typed so that a reading cannot be mistaken for a real number. `1.0` is `Q14(16384)`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Q14(pub i32);

impl Q14 {
    /// 1.0.
    pub const ONE: Q14 = Q14(ONE_Q14 as i32);

    /// The raw word.
    #[inline(always)]
    pub const fn raw(self) -> i32 {
        self.0
    }

    /// The value as a real number (exact: every Q14 word is a binary fraction).
    #[inline(always)]
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / ONE_Q14 as f64
    }
}

impl From<Q14> for f64 {
    fn from(q: Q14) -> f64 {
        q.to_f64()
    }
}

impl std::fmt::Display for Q14 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.to_f64(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_truncates_to_the_target() {
        assert_eq!(wrap_s(131_072, 18), -131_072);
        assert_eq!(wrap_s(-131_073, 18), 131_071);
        assert_eq!(wrap_s(5, 3), -3);
        assert_eq!(wrap_u(-1, 18), 0x3FFFF);
        assert_eq!(sext(0x3FFFF, 18), -1);
        assert_eq!(sext(0x1FFFF, 18), 131_071);
    }

    #[test]
    fn arithmetic_shift_floors_and_logical_shift_fills_zero() {
        assert_eq!(asr(-1, 14), -1);
        assert_eq!(asr(-16_385, 14), -2);
        assert_eq!(asr(16_383, 14), 0);
        // `>>>` on an unsigned 18-bit pattern of -1 is a logical shift.
        assert_eq!(lsr(wrap_u(-1, 18), 18, 14), 0xF);
    }

    #[test]
    fn division_truncates_toward_zero_and_remainder_follows_the_dividend() {
        assert_eq!(div_s(-7, 2, 18), -3);
        assert_eq!(rem_s(-7, 2, 18), -1);
        assert_eq!(rem_s(7, -2, 18), 1);
        assert_eq!(div_s(5, 0, 18), 0);
        // The most negative value divided by -1 wraps back to itself.
        assert_eq!(div_s(-131_072, -1, 18), -131_072);
        assert_eq!(div_u(wrap_u(-8, 8), 2, 8), 124);
    }

    #[test]
    fn mixed_comparison_is_unsigned() {
        // -1 < 1 is false once either side is unsigned.
        assert!(!lt_mixed(-1, 1, 18));
        assert!(lt_mixed(1, -1, 18));
    }

    #[test]
    fn products_wrap_in_narrow_contexts() {
        // 18-bit context: 2^17 * 2 wraps to zero.
        assert_eq!(mul_s(1 << 16, 2, 18), -131_072);
        assert_eq!(mul_s(-131_072, -131_072, 36), 1 << 34);
        assert_eq!(mul_s(-131_072, -131_072, 35), -(1 << 34));
    }

    #[test]
    fn saturation_and_clamp() {
        assert_eq!(sat_s(200_000, 18), 131_071);
        assert_eq!(sat_s(-200_000, 18), -131_072);
        assert_eq!(sat_s(i64::MIN, 64), i64::MIN);
        assert_eq!(sat_s(5, 1), 0);
        assert_eq!(sat_s(-5, 1), -1);
        assert_eq!(clamp(3, 5, 9), 5);
        assert_eq!(abs_s(-131_072, 18), -131_072);
        assert_eq!(bits(-1, 8, 0), 511);
    }

    #[test]
    fn q14_conversions() {
        assert_eq!(q14_to_f64(8192), 0.5);
        assert_eq!(f64_to_q14(1.0625), 17_408);
    }
}
