//! `sr_harmonic_bank` (rtl/sr_harmonic_bank.v): five stochastic Hopf oscillators f₀..f₄ driven by
//! the external Schumann-resonance fields, with per-harmonic coherence against the neural target
//! band, continuous gain, Q-factor normalisation, amplitude hierarchy and mode-selective SIE
//! enhancement, static or stability-driven (sections "Quarter-Integer φⁿ Theory", 4.1 and
//! "Dynamic SIE Enhancement").
//!
//! Hardware facts: instances `u_f0`..`u_f4` (`hopf_oscillator_stochastic`), each driven with
//! `sat18(sr_field_fN + (sr_field_input · AMP_SCALE[N] >>> 14))` and its own noise. Every other
//! output is a register loaded on the clock enable from the values before the edge:
//!
//! ```text
//! coh_h        = sat18(|target_x·f_x + target_y·f_y| >>> 14)
//! coh_factor_h = 0 (coh < 0.5), (coh − 0.5)·2 (coh < 1.0), 1.0
//! beta_factor  = beta < 0.9375 ? 1 − (max(beta, 0)·17476 >>> 14) : 0
//! gain_h       = ((coh_factor_h·beta_factor >>> 14)·Q_NORM_h) >>> 14
//! sie_h        = beta_quiet ∧ coh_h > 0.75
//! enhance_h    = ¬sie_h ? 1.0 : adaptive_en ? 1.2 + (1.8·(1 − clamp(stab_h)) >>> 14) : SIE_ENHANCE_h
//! gain_enh_h   = gain_h·enhance_h >>> 14
//! ```
//!
//! Bit-level contract: docs/spec/sr_harmonic_bank.md.

use crate::constants::{
    AMP_SCALE, BETA_INV_THRESH, BETA_QUIET_THRESH, COHERENCE_THRESH, COH_FACTOR_LO, Q_NORM,
    SIE_BASE_ENHANCE, SIE_ENHANCE, SIE_K_INSTABILITY,
};
#[cfg(doc)]
use crate::fixed_point::fit_s;
use crate::fixed_point::{asr, mul_s, raw, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::hopf_oscillator_stochastic::{
    HopfOscillatorStochastic, HopfOscillatorStochasticInputsL, HopfOscillatorStochasticL,
};
use crate::lane::{Lane, LaneMask};
use crate::signals::{Observable, Signal};

/// Inputs of `sr_harmonic_bank`, same port names (18-bit signed ports unless noted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SrHarmonicBankInputs {
    /// `mu_dt`: growth rate of all five oscillators.
    pub mu_dt: i32,
    /// `omega_dt_f0..f4`: drifting frequencies (from `sr_frequency_drift`).
    pub omega_dt: [i32; 5],
    /// `noise_f0..f4`: per-step noise (from `sr_noise_generator`).
    pub noise: [i32; 5],
    /// `sr_field_input`: one broadband field, reaching each mode scaled by AMP_SCALE.
    pub sr_field_input: i32,
    /// `sr_field_f0..f4`: per-harmonic fields (the five 18-bit fields of `sr_field_packed`).
    pub sr_field: [i32; 5],
    /// `{theta,alpha,low_beta,high_beta,gamma}_x`: coherence targets of f₀..f₄.
    pub target_x: [i32; 5],
    /// `{theta,alpha,low_beta,high_beta,gamma}_y`.
    pub target_y: [i32; 5],
    /// `beta_amplitude`: gates all SR sensitivity (quiet below 0.9375).
    pub beta_amplitude: i32,
    /// `adaptive_en` (1 bit): stability-driven enhancement instead of the static table.
    pub adaptive_en: bool,
    /// `stability_f0..f4`: φⁿ position stability in Q14, [0, 1] (clamped).
    pub stability: [i32; 5],
}

/// Outputs of `sr_harmonic_bank`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SrHarmonicBankOutputs {
    /// `f0_x..f4_x`.
    pub f_x: [i32; 5],
    /// `f0_y..f4_y`.
    pub f_y: [i32; 5],
    /// `f0_amplitude..f4_amplitude`.
    pub f_amplitude: [i32; 5],
    /// `coherence_f0..f4`.
    pub coherence: [i32; 5],
    /// `gain_f0..f4`: Q-normalised continuous gain, without SIE enhancement.
    pub gain: [i32; 5],
    /// `gain_enh_f0..f4`: the gain with SIE enhancement.
    pub gain_enh: [i32; 5],
    /// `sie_per_harmonic[4:0]`.
    pub sie_per_harmonic: u8,
    /// `coherence_mask[4:0]`: coherence above 0.75.
    pub coherence_mask: u8,
    /// `beta_quiet`.
    pub beta_quiet: bool,
    /// `sr_coherence`: the largest coherence.
    pub sr_coherence: i32,
    /// `sr_amplification`: Σ gain_enh·AMP_SCALE.
    pub sr_amplification: i32,
}

/// Registers of one `sr_harmonic_bank`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SrHarmonicBank {
    /// Instances `u_f0`..`u_f4`.
    pub u_f: [HopfOscillatorStochastic; 5],
    /// `reg signed [17:0] coherence_f0..f4`.
    pub coherence: [i32; 5],
    /// `reg signed [17:0] gain_f0..f4`.
    pub gain: [i32; 5],
    /// `reg signed [17:0] gain_enh_f0..f4`.
    pub gain_enh: [i32; 5],
    /// `reg [4:0] sie_per_harmonic`.
    pub sie_per_harmonic: u8,
    /// `reg [4:0] coherence_mask`.
    pub coherence_mask: u8,
    /// `reg beta_quiet`.
    pub beta_quiet: bool,
    /// `reg signed [17:0] sr_coherence`.
    pub sr_coherence: i32,
    /// `reg signed [17:0] sr_amplification`.
    pub sr_amplification: i32,
}

/// The function `mulq`: `p·q >>> 14` in 36 bits, low 18 bits kept.
#[inline(always)]
pub fn mulq(p: i64, q: i64) -> i64 {
    wrap_s(asr(mul_s(p, q, 36), FRAC), WIDTH)
}

/// [`mulq`] over lanes, for the function's 18-bit operands (its ports are `signed [17:0]`): the
/// product is at most 2^34 in magnitude, so it fits the 36-bit wire and is a [`Lane::mul32`];
/// only the final 18-bit truncation can change a value.
#[inline(always)]
pub(crate) fn mulq_l<L: Lane>(p: L, q: L) -> L {
    p.mul32(q).fit_s(36).asr(FRAC).wrap_s(WIDTH)
}

/// [`mulq`] for an 18-bit `p` and `0 ≤ q ≤ 1.0` (2^14): |p·q| ≤ 2^31 fits the 36-bit product,
/// and p·q >>> 14 lies between min(p, 0) and max(p, 0), so it fits 18 bits: both wraps keep
/// every bit.
#[inline(always)]
fn mulq_unit<L: Lane>(p: L, q: L) -> L {
    debug_assert!(q.cmp_ge(L::splat(0)).all() && q.cmp_le(L::splat(ONE_Q14)).all());
    p.mul32(q).fit_s(36).asr(FRAC).fit_s(WIDTH)
}

/// The function `drive`: `sat18(field + (field_in·amp_scale >>> 14))`. `field` and `field_in`
/// are 18-bit and `AMP_SCALE` ≤ 1.0, so the scaled term is `mulq_unit` and the 19-bit sum of
/// two 18-bit values keeps every bit. [`drive_l`] on one lane.
#[inline(always)]
pub fn drive(field: i64, field_in: i64, amp_scale: i64) -> i64 {
    drive_l(field, field_in, amp_scale)
}

/// [`drive`] over lanes.
#[inline(always)]
pub fn drive_l<L: Lane>(field: L, field_in: L, amp_scale: L) -> L {
    (field + mulq_unit(field_in, amp_scale))
        .fit_s(WIDTH + 1)
        .sat_s(WIDTH)
}

/// The function `coherence`: `sat18(|tx·fx + ty·fy| >>> 14)` with a 37-bit sum. [`coherence_l`]
/// on one lane.
///
/// The operands are 18-bit (wrapped ports and oscillator registers), so no truncation changes a
/// value ([`fit_s`]): each product is at most 2^34 in magnitude and fits 36 bits, the sum at most
/// 2^35 and fits 37 (so does its magnitude), and the saturated result is in [0, 2^17).
#[inline(always)]
pub fn coherence(tx: i64, ty: i64, fx: i64, fy: i64) -> i64 {
    coherence_l(tx, ty, fx, fy)
}

/// [`coherence`] over lanes; every product has 18-bit operands, a [`Lane::mul32`].
#[inline(always)]
pub fn coherence_l<L: Lane>(tx: L, ty: L, fx: L, fy: L) -> L {
    let c = L::splat;
    let dot = (tx.mul32(fx).fit_s(36) + ty.mul32(fy).fit_s(36)).fit_s(37);
    // Both sides of a lane select are evaluated in every lane, so the kept side carries no
    // `fit_s` (whose debug check would see the saturated lanes): it is the value itself.
    let sh = dot.abs_s(64).asr(FRAC);
    L::select(sh.cmp_gt(c(131_071)), c(131_071), sh)
}

/// The function `coh_factor`: 0 below 0.5, (c − 0.5)·2 below 1.0, then 1.0. [`coh_factor_l`] on
/// one lane.
#[inline(always)]
pub fn coh_factor(c: i64) -> i64 {
    coh_factor_l(c)
}

/// [`coh_factor`] over lanes.
#[inline(always)]
pub fn coh_factor_l<L: Lane>(c: L) -> L {
    let k = L::splat;
    // Below 0.5 (the common case: a harmonic incoherent with its target) the factor is 0, and
    // the line is evaluated only if some lane is above.
    L::when(
        c.cmp_lt(k(COH_FACTOR_LO)),
        || k(0),
        || {
            let d = (c - k(COH_FACTOR_LO)).wrap_s(WIDTH);
            L::select(c.cmp_lt(k(ONE_Q14)), d.shl(1, WIDTH), k(ONE_Q14))
        },
    )
}

/// The function `enhance_adaptive`: `SIE_BASE + (SIE_K·(1 − clamp(stab, 0, 1)) >>> 14)`.
/// [`enhance_adaptive_l`] on one lane.
#[inline(always)]
pub fn enhance_adaptive(stab: i64) -> i64 {
    enhance_adaptive_l(stab)
}

/// [`enhance_adaptive`] over lanes. After the clamp every operand is 18-bit.
#[inline(always)]
pub fn enhance_adaptive_l<L: Lane>(stab: L) -> L {
    let k = L::splat;
    let s = stab.clamp_to(k(0), k(ONE_Q14));
    let instab = (k(ONE_Q14) - s).wrap_s(WIDTH);
    (k(SIE_BASE_ENHANCE) + mulq_l(k(SIE_K_INSTABILITY), instab)).wrap_s(WIDTH)
}

/// `beta_factor` and `quiet_now` from `beta_amplitude` (an 18-bit port value).
/// [`beta_factor_l`] on one lane.
#[inline(always)]
pub fn beta_factor(beta: i64) -> (i64, bool) {
    beta_factor_l(beta)
}

/// [`beta_factor`] over lanes. `beta` is 18-bit, so `max(beta, 0)·BETA_INV_THRESH` has operands
/// of 18 and 16 bits: a [`Lane::mul32`] whose product fits the 36-bit wire.
#[inline(always)]
pub fn beta_factor_l<L: Lane>(beta: L) -> (L, L::Mask) {
    let k = L::splat;
    let quiet = beta.cmp_lt(k(BETA_QUIET_THRESH));
    // The factor is 0 while beta is loud: the line is evaluated only if some lane is quiet.
    let f = L::when(
        quiet,
        || {
            let pos = L::select(beta.cmp_lt(k(0)), k(0), beta);
            let sh = pos.mul32(k(BETA_INV_THRESH)).fit_s(36).asr(FRAC);
            (k(ONE_Q14) - sh.bits(WIDTH - 1, 0)).wrap_s(WIDTH)
        },
        || k(0),
    );
    (f, quiet)
}

impl SrHarmonicBank {
    /// A bank in its reset state.
    pub const fn new() -> Self {
        SrHarmonicBank {
            u_f: [HopfOscillatorStochastic::new(); 5],
            coherence: [0; 5],
            gain: [0; 5],
            gain_enh: [0; 5],
            sie_per_harmonic: 0,
            coherence_mask: 0,
            beta_quiet: false,
            sr_coherence: 0,
            sr_amplification: 0,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`SrHarmonicBankL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &SrHarmonicBankInputs) -> SrHarmonicBankOutputs {
        let mut l = SrHarmonicBankL::<i64>::gather(|_| *self);
        let o = l.tick(&SrHarmonicBankInputsL::gather(|_| *i));
        *self = l.lane(0);
        o.lane(0)
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrHarmonicBankOutputs {
        SrHarmonicBankL::<i64>::gather(|_| *self).outputs().lane(0)
    }
}

/// The registers of `sr_harmonic_bank` over lanes: lane k is instance k ([`crate::lane`]). The
/// one source of the bank's next state: [`SrHarmonicBank`] is the one-lane case. The 5-bit
/// registers hold their unsigned value, `beta_quiet` 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrHarmonicBankL<L: Lane> {
    /// Instances `u_f0`..`u_f4`.
    pub u_f: [HopfOscillatorStochasticL<L>; 5],
    /// `coherence_f0..f4`.
    pub coherence: [L; 5],
    /// `gain_f0..f4`.
    pub gain: [L; 5],
    /// `gain_enh_f0..f4`.
    pub gain_enh: [L; 5],
    /// `sie_per_harmonic[4:0]`.
    pub sie_per_harmonic: L,
    /// `coherence_mask[4:0]`.
    pub coherence_mask: L,
    /// `beta_quiet` (0 or 1).
    pub beta_quiet: L,
    /// `sr_coherence`.
    pub sr_coherence: L,
    /// `sr_amplification`.
    pub sr_amplification: L,
}

/// [`SrHarmonicBankInputs`] over lanes (each lane already an 18-bit port value; `adaptive_en`
/// 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrHarmonicBankInputsL<L: Lane> {
    /// `mu_dt`.
    pub mu_dt: L,
    /// `omega_dt_f0..f4`.
    pub omega_dt: [L; 5],
    /// `noise_f0..f4`.
    pub noise: [L; 5],
    /// `sr_field_input`.
    pub sr_field_input: L,
    /// `sr_field_f0..f4`.
    pub sr_field: [L; 5],
    /// Coherence targets' x of f₀..f₄.
    pub target_x: [L; 5],
    /// Coherence targets' y of f₀..f₄.
    pub target_y: [L; 5],
    /// `beta_amplitude`.
    pub beta_amplitude: L,
    /// `adaptive_en` (0 or 1).
    pub adaptive_en: L,
    /// `stability_f0..f4`.
    pub stability: [L; 5],
}

/// [`SrHarmonicBankOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SrHarmonicBankOutputsL<L: Lane> {
    /// `f0_x..f4_x`.
    pub f_x: [L; 5],
    /// `f0_y..f4_y`.
    pub f_y: [L; 5],
    /// `f0_amplitude..f4_amplitude`.
    pub f_amplitude: [L; 5],
    /// `coherence_f0..f4`.
    pub coherence: [L; 5],
    /// `gain_f0..f4`.
    pub gain: [L; 5],
    /// `gain_enh_f0..f4`.
    pub gain_enh: [L; 5],
    /// `sie_per_harmonic[4:0]`.
    pub sie_per_harmonic: L,
    /// `coherence_mask[4:0]`.
    pub coherence_mask: L,
    /// `beta_quiet` (0 or 1).
    pub beta_quiet: L,
    /// `sr_coherence`.
    pub sr_coherence: L,
    /// `sr_amplification`.
    pub sr_amplification: L,
}

/// `$body` five times, with `$h` = 0, …, 4 a constant in each: the per-harmonic loops written
/// out, so that every array index is a constant and the one-lane (scalar) model keeps the lane
/// struct's values in registers (a loop over its arrays kept them in memory: LLVM does not unroll
/// a loop body this large).
macro_rules! unroll5 {
    ($h:ident, $body:block) => {{
        {
            let $h = 0usize;
            $body
        }
        {
            let $h = 1usize;
            $body
        }
        {
            let $h = 2usize;
            $body
        }
        {
            let $h = 3usize;
            $body
        }
        {
            let $h = 4usize;
            $body
        }
    }};
}

/// Lane k of five lane values, as `i32`.
#[inline(always)]
fn lane5<L: Lane>(a: &[L; 5], k: usize) -> [i32; 5] {
    a.map(|v| v.lane(k) as i32)
}

/// Five lane values, lane k from `f(k)`'s array.
#[inline(always)]
fn gather5<L: Lane>(f: impl Fn(usize) -> [i32; 5], w: impl Fn(i32) -> i64) -> [L; 5] {
    std::array::from_fn(|h| L::from_fn(|k| w(f(k)[h])))
}

impl<L: Lane> SrHarmonicBankInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SrHarmonicBankInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        SrHarmonicBankInputsL {
            mu_dt: L::from_fn(|k| w(f(k).mu_dt)),
            omega_dt: gather5(|k| f(k).omega_dt, w),
            noise: gather5(|k| f(k).noise, w),
            sr_field_input: L::from_fn(|k| w(f(k).sr_field_input)),
            sr_field: gather5(|k| f(k).sr_field, w),
            target_x: gather5(|k| f(k).target_x, w),
            target_y: gather5(|k| f(k).target_y, w),
            beta_amplitude: L::from_fn(|k| w(f(k).beta_amplitude)),
            adaptive_en: L::from_fn(|k| i64::from(f(k).adaptive_en)),
            stability: gather5(|k| f(k).stability, w),
        }
    }
}

impl<L: Lane> SrHarmonicBankOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrHarmonicBankOutputs {
        SrHarmonicBankOutputs {
            f_x: lane5(&self.f_x, k),
            f_y: lane5(&self.f_y, k),
            f_amplitude: lane5(&self.f_amplitude, k),
            coherence: lane5(&self.coherence, k),
            gain: lane5(&self.gain, k),
            gain_enh: lane5(&self.gain_enh, k),
            sie_per_harmonic: self.sie_per_harmonic.lane(k) as u8,
            coherence_mask: self.coherence_mask.lane(k) as u8,
            beta_quiet: self.beta_quiet.lane(k) != 0,
            sr_coherence: self.sr_coherence.lane(k) as i32,
            sr_amplification: self.sr_amplification.lane(k) as i32,
        }
    }
}

impl<L: Lane> SrHarmonicBankL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> SrHarmonicBank) -> Self {
        let w = i64::from;
        SrHarmonicBankL {
            u_f: std::array::from_fn(|h| HopfOscillatorStochasticL::gather(|k| f(k).u_f[h])),
            coherence: gather5(|k| f(k).coherence, w),
            gain: gather5(|k| f(k).gain, w),
            gain_enh: gather5(|k| f(k).gain_enh, w),
            sie_per_harmonic: L::from_fn(|k| i64::from(f(k).sie_per_harmonic)),
            coherence_mask: L::from_fn(|k| i64::from(f(k).coherence_mask)),
            beta_quiet: L::from_fn(|k| i64::from(f(k).beta_quiet)),
            sr_coherence: L::from_fn(|k| i64::from(f(k).sr_coherence)),
            sr_amplification: L::from_fn(|k| i64::from(f(k).sr_amplification)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> SrHarmonicBank {
        SrHarmonicBank {
            u_f: std::array::from_fn(|h| self.u_f[h].lane(k)),
            coherence: lane5(&self.coherence, k),
            gain: lane5(&self.gain, k),
            gain_enh: lane5(&self.gain_enh, k),
            sie_per_harmonic: self.sie_per_harmonic.lane(k) as u8,
            coherence_mask: self.coherence_mask.lane(k) as u8,
            beta_quiet: self.beta_quiet.lane(k) != 0,
            sr_coherence: self.sr_coherence.lane(k) as i32,
            sr_amplification: self.sr_amplification.lane(k) as i32,
        }
    }

    /// One clock-enable edge on every lane: registers update, outputs follow.
    #[inline(always)]
    pub fn tick(&mut self, i: &SrHarmonicBankInputsL<L>) -> SrHarmonicBankOutputsL<L> {
        let k = L::splat;
        let (bf, quiet) = beta_factor_l(i.beta_amplitude);
        let adaptive = i.adaptive_en.truthy();
        let mut cmax = k(0);
        let mut sie = k(0);
        let mut mask = k(0);
        let mut amp_sum = k(0);
        // Combinational chain from the registers before the edge.
        unroll5!(h, {
            let f = &self.u_f[h].u_core;
            let c = coherence_l(i.target_x[h], i.target_y[h], f.x, f.y);
            // coh_factor ∈ [0, 1.0], bf 18-bit; Q_NORM ≤ 1.0: see `mulq_unit`.
            let gain_raw = mulq_unit(bf, coh_factor_l(c));
            let gain_q = mulq_unit(gain_raw, k(Q_NORM[h]));
            let m = c.cmp_gt(k(COHERENCE_THRESH));
            let s = quiet & m;
            // The enhancement differs from 1.0 only while the harmonic's SIE flag holds (beta
            // quiet and coherence above 0.75): evaluated only when some lane needs it.
            let enh = L::when(
                s,
                || {
                    L::when(
                        adaptive,
                        || enhance_adaptive_l(i.stability[h]),
                        || k(SIE_ENHANCE[h]),
                    )
                },
                || k(ONE_Q14),
            );
            let genh = mulq_l(gain_q, enh);
            // AMP_SCALE ≤ 1.0: each term fits 18 bits, so five of them stay within ±5·2^17 < 2^20.
            amp_sum = (amp_sum + mulq_unit(genh, k(AMP_SCALE[h]))).fit_s(21);
            // The running maximum of the RTL's chain of `>`: an equal later value does not
            // replace it.
            cmax = if h == 0 {
                c
            } else {
                L::select(c.cmp_gt(cmax), c, cmax)
            };
            mask = mask | L::select(m, k(1 << h), k(0));
            sie = sie | L::select(s, k(1 << h), k(0));
            self.coherence[h] = c;
            self.gain[h] = gain_q;
            self.gain_enh[h] = genh;
        });
        // The oscillators step with their drives.
        unroll5!(h, {
            let d = drive_l(i.sr_field[h], i.sr_field_input, k(AMP_SCALE[h]));
            self.u_f[h].tick(&HopfOscillatorStochasticInputsL {
                mu_dt: i.mu_dt,
                omega_dt: i.omega_dt[h],
                input_x: d,
                noise_x: i.noise[h],
            });
        });
        self.sie_per_harmonic = sie;
        self.coherence_mask = mask;
        self.beta_quiet = L::from_mask(quiet);
        self.sr_coherence = cmax;
        self.sr_amplification = L::select(
            amp_sum.cmp_gt(k(131_071)),
            k(131_071),
            amp_sum.wrap_s(WIDTH),
        );
        self.outputs()
    }

    /// The outputs from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> SrHarmonicBankOutputsL<L> {
        let f = self.u_f.map(|u| u.outputs());
        SrHarmonicBankOutputsL {
            f_x: f.map(|o| o.x),
            f_y: f.map(|o| o.y),
            f_amplitude: f.map(|o| o.amplitude),
            coherence: self.coherence,
            gain: self.gain,
            gain_enh: self.gain_enh,
            sie_per_harmonic: self.sie_per_harmonic,
            coherence_mask: self.coherence_mask,
            beta_quiet: self.beta_quiet,
            sr_coherence: self.sr_coherence,
            sr_amplification: self.sr_amplification,
        }
    }
}

const REG18: [&str; 3] = ["coherence_f", "gain_f", "gain_enh_f"];

impl Observable for SrHarmonicBank {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        for h in 0..5 {
            HopfOscillatorStochastic::signals(&format!("{prefix}u_f{h}."), out);
        }
        for name in REG18 {
            for h in 0..5 {
                out.push(Signal::new(prefix, &format!("{name}{h}"), WIDTH, true));
            }
        }
        out.push(Signal::new(prefix, "sie_per_harmonic", 5, false));
        out.push(Signal::new(prefix, "coherence_mask", 5, false));
        out.push(Signal::new(prefix, "beta_quiet", 1, false));
        out.push(Signal::new(prefix, "sr_coherence", WIDTH, true));
        out.push(Signal::new(prefix, "sr_amplification", WIDTH, true));
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        if index < 15 {
            let h = index / 3;
            return HopfOscillatorStochastic::accessor_via(index % 3, move |p: &P| &get(p).u_f[h]);
        }
        Box::new(move |p: &P| get(p).sample_one(index))
    }

    fn sample_one(&self, index: usize) -> u64 {
        // Each u_f<h> holds three signals (x, y, amplitude) ahead of the bank's own.
        if index < 15 {
            return self.u_f[index / 3].sample_one(index % 3);
        }
        let mut buf = [0u64; crate::signals::SAMPLE_ONE_MAX];
        let n = self.sample(&mut buf);
        assert!(index < n, "signal index {index} out of a table of {n}");
        buf[index]
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let mut n = 0;
        for f in &self.u_f {
            n += f.sample(&mut out[n..]);
        }
        for arr in [&self.coherence, &self.gain, &self.gain_enh] {
            for &v in arr {
                out[n] = raw(i64::from(v), WIDTH);
                n += 1;
            }
        }
        out[n] = u64::from(self.sie_per_harmonic);
        out[n + 1] = u64::from(self.coherence_mask);
        out[n + 2] = u64::from(self.beta_quiet);
        out[n + 3] = raw(i64::from(self.sr_coherence), WIDTH);
        out[n + 4] = raw(i64::from(self.sr_amplification), WIDTH);
        n + 5
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::constants::*;
    use crate::fixed_point::q14_to_f64;

    pub(crate) mod lanes {
        use super::super::*;
        use crate::hopf_oscillator::HopfOscillator;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        pub(crate) fn r18() -> impl Strategy<Value = i32> {
            -131_072i32..=131_071
        }

        pub(crate) fn port() -> impl Strategy<Value = i32> {
            // Whole 18-bit range, a few beyond it (ports truncate), small values, and values
            // near the thresholds (coherence 0.5..1.0, beta quiet, stability 0..1).
            prop_oneof![
                r18(),
                -300_000i32..300_000,
                -64i32..64,
                0i32..=20_000,
                8_000i32..=17_000
            ]
        }

        /// A bank with every register random in its RTL width.
        pub(crate) fn bank() -> impl Strategy<Value = SrHarmonicBank> {
            (
                prop::collection::vec((r18(), r18()), 5),
                prop::collection::vec(r18(), 17),
                (0u8..32, 0u8..32, any::<bool>()),
            )
                .prop_map(|(xy, r, (sie, mask, quiet))| SrHarmonicBank {
                    u_f: std::array::from_fn(|h| HopfOscillatorStochastic {
                        u_core: HopfOscillator {
                            x: xy[h].0,
                            y: xy[h].1,
                        },
                    }),
                    coherence: std::array::from_fn(|h| r[h]),
                    gain: std::array::from_fn(|h| r[5 + h]),
                    gain_enh: std::array::from_fn(|h| r[10 + h]),
                    sie_per_harmonic: sie,
                    coherence_mask: mask,
                    beta_quiet: quiet,
                    sr_coherence: r[15],
                    sr_amplification: r[16],
                })
        }

        fn inputs() -> impl Strategy<Value = SrHarmonicBankInputs> {
            (prop::collection::vec(port(), 38), any::<bool>()).prop_map(|(v, adaptive_en)| {
                let a = |o: usize| -> [i32; 5] { std::array::from_fn(|h| v[o + h]) };
                SrHarmonicBankInputs {
                    mu_dt: v[0],
                    omega_dt: a(1),
                    noise: a(6),
                    sr_field_input: v[11],
                    sr_field: a(12),
                    target_x: a(17),
                    target_y: a(22),
                    beta_amplitude: v[27],
                    adaptive_en,
                    stability: a(28),
                }
            })
        }

        proptest! {
            /// Every lane is the scalar bank on that lane's state and inputs, tick after tick
            /// (outputs and registers, children included).
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(bank()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = st;
                let mut lanes = SrHarmonicBankL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&SrHarmonicBankInputsL::gather(|k| i[k]));
                    for k in 0..N {
                        let so = scalar[k].tick(&i[k]);
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.outputs().lane(k), scalar[k].outputs());
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // One LSB of one lane's f₂ x is a different coherence register (the target is 1.0,
            // so the coherence is that x).
            let b = SrHarmonicBank::new();
            let i = SrHarmonicBankInputs {
                target_x: [0, 0, 16_384, 0, 0],
                ..Default::default()
            };
            let mut l = SrHarmonicBankL::<Lanes<N>>::gather(|_| b);
            l.u_f[2].u_core.x.0[3] += 1;
            l.tick(&SrHarmonicBankInputsL::gather(|_| i));
            let mut s = b;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_eq!(l.coherence[2].0[3], i64::from(s.coherence[2]) + 1);
            assert_ne!(l.lane(3), s);
        }
    }

    fn near(v: i64, want: f64, tol: f64) -> bool {
        (q14_to_f64(v) - want).abs() <= tol
    }

    #[test]
    fn quarter_integer_constants_match_their_decimal_meanings() {
        // (constant, decimal column of the table)
        let table = [
            (PHI_Q14, 1.618),
            (PHI_0_25, 1.128),
            (PHI_0_5, 1.272),
            (PHI_0_75, 1.278),
            (PHI_1_25, 1.825),
            (PHI_1_5, 2.058),
            (PHI_2_0, 2.618),
            (PHI_2_5, 3.330),
            (HARMONIC_2_1, 2.0),
        ];
        for (c, d) in table {
            // The table gives three decimals: within 0.0007 of the printed value.
            assert!(near(c, d, 0.0007), "{c} is not {d}");
        }
        // Against φⁿ itself: every entry but PHI_0_75 (see docs/decisions.md) is within 0.1%.
        let phi = (1.0 + 5f64.sqrt()) / 2.0;
        for (c, n) in [
            (PHI_Q14, 1.0),
            (PHI_0_25, 0.25),
            (PHI_0_5, 0.5),
            (PHI_1_25, 1.25),
            (PHI_1_5, 1.5),
            (PHI_2_0, 2.0),
            (PHI_2_5, 2.5),
        ] {
            let want = phi.powf(n);
            assert!((q14_to_f64(c) / want - 1.0).abs() < 0.001, "φ^{n}: {c}");
        }
        assert!((q14_to_f64(PHI_0_75) / phi.powf(0.75) - 1.0).abs() > 0.1);
        // f₁ theory: OMEGA_DT 356 is 13.82 Hz; 7.83·φ^1.25 = 14.29 (the text says 14.09).
        let f = OMEGA_DT_F1_THEORY as f64 / (std::f64::consts::TAU * 0.00025 * 16384.0);
        assert!((f - 13.82).abs() < 0.02, "{f}");
        let f1 = 7.83 * ((1.0 + 5f64.sqrt()) / 2.0).powf(1.25);
        assert!((f1 - 14.29).abs() < 0.01, "{f1}");
        // φ^1.5 sits 2.9% from the 2:1 catastrophe.
        assert!(((PHI_1_5 - HARMONIC_2_1) as f64 / HARMONIC_2_1 as f64 - 0.029).abs() < 0.001);
    }

    #[test]
    fn section_4_1_tables_match_their_decimal_meanings() {
        for (c, d) in Q_NORM.iter().zip([0.484, 0.613, 1.0, 0.549, 0.452]) {
            assert!(near(*c, d, 0.0006), "Q_NORM {c} vs {d}");
        }
        // Q_NORM is Q / Q(f₂) for Q = 4.9, 6.2, 10.1, 5.6, 4.6 to within 0.006: the table's
        // 0.549 for f₃ is 5.55/10.1, not 5.6/10.1 = 0.554 (reported in docs/decisions.md).
        for (c, q) in Q_NORM.iter().zip([4.9, 6.2, 10.1, 5.6, 4.6]) {
            assert!((q14_to_f64(*c) - q / 10.1).abs() < 0.006, "{c} vs Q {q}");
        }
        for (c, d) in AMP_SCALE.iter().zip([1.0, 0.85, 0.34, 0.15, 0.06]) {
            assert!(near(*c, d, 0.0006), "AMP_SCALE {c} vs {d}");
        }
        for (c, d) in SIE_ENHANCE.iter().zip([2.7, 3.0, 1.25, 1.2, 1.2]) {
            assert!(near(*c, d, 0.0006), "SIE_ENHANCE {c} vs {d}");
        }
        assert!(near(BETA_QUIET_THRESH, 0.9375, 0.0));
        assert!(near(COHERENCE_THRESH, 0.75, 0.0));
        assert!(near(SIE_BASE_ENHANCE, 1.2, 0.0001));
        assert!(near(SIE_K_INSTABILITY, 1.8, 0.0001));
        assert_eq!(
            BETA_INV_THRESH,
            ((1i64 << 28) as f64 / 15_360.0).round() as i64
        );
    }

    #[test]
    fn adaptive_enhancement_follows_stability() {
        // stability 1 (half-integer) → 1.2×; 0.5 (quarter) → 2.1×; 0 (integer boundary) → 3.0×.
        assert_eq!(enhance_adaptive(ONE_Q14), SIE_BASE_ENHANCE);
        assert!(near(enhance_adaptive(8_192), 2.1, 0.001));
        assert_eq!(enhance_adaptive(0), 49_152);
        assert_eq!(enhance_adaptive(-5), 49_152);
        assert_eq!(enhance_adaptive(99_999), SIE_BASE_ENHANCE);
    }

    #[test]
    fn coherence_factor_and_beta_factor_are_the_piecewise_lines() {
        assert_eq!(coh_factor(8_191), 0);
        assert_eq!(coh_factor(12_288), 8_192);
        assert_eq!(coh_factor(16_384), 16_384);
        assert_eq!(coh_factor(131_071), 16_384);
        assert_eq!(beta_factor(0), (16_384, true));
        assert_eq!(beta_factor(15_360), (0, false));
        assert_eq!(beta_factor(-100), (16_384, true));
        let (f, q) = beta_factor(7_680);
        assert!(q && near(f, 0.5, 0.001), "{f}");
    }

    /// Runs the bank for `ticks` with f₀'s field locked to a theta target that rotates with the
    /// bank's own f₀ (a coherent field), and returns the last outputs.
    fn run(beta: i32, ticks: usize, adaptive: bool) -> SrHarmonicBankOutputs {
        let mut b = SrHarmonicBank::new();
        let mut o = b.outputs();
        for _ in 0..ticks {
            let mut i = SrHarmonicBankInputs {
                mu_dt: 4,
                omega_dt: [196, 354, 514, 643, 823],
                beta_amplitude: beta,
                adaptive_en: adaptive,
                stability: [0; 5],
                ..Default::default()
            };
            // A coherent target: the theta band in phase with f₀, amplitude 1.
            i.target_x[0] = o.f_x[0];
            i.target_y[0] = o.f_y[0];
            o = b.tick(&i);
        }
        o
    }

    #[test]
    fn coherent_field_with_beta_quiet_raises_the_gain_and_beta_loud_zeroes_it() {
        let quiet = run(2_000, 8_000, false);
        assert!(quiet.beta_quiet);
        assert!(
            quiet.coherence[0] > 12_288,
            "coherence {}",
            quiet.coherence[0]
        );
        assert!(quiet.gain[0] > 4_000, "gain {}", quiet.gain[0]);
        assert_eq!(quiet.sie_per_harmonic & 1, 1);
        assert!(quiet.gain_enh[0] > quiet.gain[0] * 2);
        // Harmonics without a coherent target stay at zero gain.
        assert_eq!(quiet.gain[1..], [0, 0, 0, 0]);
        // A quieter beta gives a larger gain than a louder (still quiet) beta.
        let half = run(10_000, 8_000, false);
        assert!(quiet.gain[0] > half.gain[0] && half.gain[0] > 0);
        let loud = run(16_000, 8_000, false);
        assert!(!loud.beta_quiet);
        assert_eq!(loud.gain, [0; 5]);
        assert_eq!(loud.gain_enh, [0; 5]);
        assert_eq!(loud.sie_per_harmonic, 0);
        assert!(loud.coherence[0] > 12_288);
        // Adaptive with stability 0 enhances by 3.0× instead of the table's 2.7×.
        let adaptive = run(2_000, 8_000, true);
        assert!(adaptive.gain_enh[0] > quiet.gain_enh[0]);
    }

    #[test]
    fn drive_saturates_and_scales_the_broadband_field() {
        assert_eq!(drive(0, 16_384, AMP_SCALE[1]), 13_926);
        assert_eq!(drive(131_071, 16_384, AMP_SCALE[0]), 131_071);
        assert_eq!(drive(-131_072, -131_072, AMP_SCALE[0]), -131_072);
    }
}
