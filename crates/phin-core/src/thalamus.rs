//! `thalamus` (rtl/thalamus.v): the thalamic relay (sections 3, 10.5, 11.1, 11.2).
//!
//! Hardware facts: instance `u_theta` (`hopf_oscillator`, OMEGA_DT 152, 5.89 Hz) and instance
//! `u_sr_bank` (`sr_harmonic_bank`). Within one tick the RTL evaluates, from the registers before
//! the edge:
//!
//! 1. `sr_entrain = beta_quiet ? ((f0_x·gain_f0 >>> 14)·K_SR_ENTRAIN >>> 14) : 0` from the
//!    bank's registers, which drives `u_theta.input_x`;
//! 2. the bank, whose theta target is `u_theta`'s x, y before the edge;
//! 3. the core pathway: `theta_gate = max(0, 0.5 + theta_x/2 − (K_L6_THAL + K_TRN)·max(0, l6_avg))`,
//!    `thalamic_output = sat(sat(sensory·gain)·theta_gate + Σ sr relay)`, where the SR relay is
//!    `f_x·gain` per harmonic, f₀ boosted 1.3× and f₁ 1.2× while their SIE flag holds;
//! 4. the matrix pathway: `matrix_output = sat(l5b_avg·theta_gate)`, `l5b_avg = Σ l5b · 1/3`;
//! 5. the theta phase detector on `theta_y` (section 3.3): DC removal (IIR >>> 8), amplitude
//!    tracking (IIR >>> 8 of |y_hp|), a turn detector with 64-LSB hysteresis for "rising", and
//!    the phase from {y_hp ≥ 0, rising, |y_hp| > amp/4}.
//!
//! The Rust parent reads the children's outputs first, then ticks both children, then loads its own
//! registers: the same order. Bit-level contract: docs/spec/thalamus.md.

use crate::constants::{
    HALF_Q14, K_L6_THAL, K_SR_ENTRAIN, K_TRN, OMEGA_DT_THETA, ONE_THIRD, PHASE_TURN_HYST,
    SIE_BOOST_F0, SIE_BOOST_F1, THETA_AMP_SHIFT, THETA_DC_SHIFT,
};
use crate::fixed_point::{raw, wrap_s, FRAC, ONE_Q14, WIDTH};
use crate::hopf_oscillator::{HopfOscillator, HopfOscillatorInputsL, HopfOscillatorL};
use crate::lane::Lane;
use crate::signals::{Observable, Signal};
use crate::sr_harmonic_bank::{mulq_l, SrHarmonicBank, SrHarmonicBankInputsL, SrHarmonicBankL};

/// Inputs of `thalamus`, same port names (18-bit signed ports unless noted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ThalamusInputs {
    /// `mu_dt`: growth rate of theta.
    pub mu_dt: i32,
    /// `sr_mu_dt`: growth rate of the SR oscillators.
    pub sr_mu_dt: i32,
    /// `sensory_input`.
    pub sensory_input: i32,
    /// `sensory_gain`, Q14.
    pub sensory_gain: i32,
    /// `l6_sensory`, `l6_assoc`, `l6_motor`: L6 corticothalamic feedback.
    pub l6: [i32; 3],
    /// `l5b_sensory`, `l5b_assoc`, `l5b_motor`: the matrix pathway's input.
    pub l5b: [i32; 3],
    /// `alpha_x, low_beta_x, high_beta_x, gamma_x`: SR coherence targets of f₁..f₄.
    pub target_x: [i32; 4],
    /// `alpha_y, low_beta_y, high_beta_y, gamma_y`.
    pub target_y: [i32; 4],
    /// `beta_amplitude`.
    pub beta_amplitude: i32,
    /// `omega_dt_f0..f4`.
    pub omega_dt: [i32; 5],
    /// `noise_f0..f4`.
    pub noise: [i32; 5],
    /// `sr_field_input`.
    pub sr_field_input: i32,
    /// `sr_field_f0..f4`.
    pub sr_field: [i32; 5],
    /// `adaptive_en` (1 bit).
    pub adaptive_en: bool,
    /// `stability_f0..f4`.
    pub stability: [i32; 5],
}

/// Outputs of `thalamus` (the bank's outputs are in [`Thalamus::u_sr_bank`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThalamusOutputs {
    /// `theta_x`.
    pub theta_x: i32,
    /// `theta_y`.
    pub theta_y: i32,
    /// `theta_amplitude`.
    pub theta_amplitude: i32,
    /// `theta_phase[2:0]`.
    pub theta_phase: u8,
    /// `encoding_window`: phases 0-3.
    pub encoding_window: bool,
    /// `theta_gate`.
    pub theta_gate: i32,
    /// `thalamic_output`: the core relay to L4.
    pub thalamic_output: i32,
    /// `matrix_output`: the matrix broadcast to L1.
    pub matrix_output: i32,
}

/// Registers of one `thalamus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thalamus {
    /// Instance `u_theta`.
    pub u_theta: HopfOscillator,
    /// Instance `u_sr_bank`.
    pub u_sr_bank: SrHarmonicBank,
    /// `reg [2:0] theta_phase`.
    pub theta_phase: u8,
    /// `reg signed [17:0] theta_gate`.
    pub theta_gate: i32,
    /// `reg signed [17:0] thalamic_output`.
    pub thalamic_output: i32,
    /// `reg signed [17:0] matrix_output`.
    pub matrix_output: i32,
    /// `reg signed [17:0] theta_y_dc`.
    pub theta_y_dc: i32,
    /// `reg signed [17:0] theta_amp`.
    pub theta_amp: i32,
    /// `reg signed [17:0] hp_ext`.
    pub hp_ext: i32,
    /// `reg y_rising`.
    pub y_rising: bool,
}

impl Default for Thalamus {
    fn default() -> Self {
        Self::new()
    }
}

/// The function `mulq_sat`: `sat18(p·q >>> 14)` of its 18-bit operands: the product is at most
/// 2^34 in magnitude and fits the 36-bit wire, a [`Lane::mul32`].
#[inline(always)]
fn mulq_sat<L: Lane>(p: L, q: L) -> L {
    p.mul32(q).fit_s(36).asr(FRAC).sat_s(WIDTH)
}

/// The function `mean3`: `(p + q + r)·ONE_THIRD >>> 14` with a 20-bit sum and 38-bit product.
/// The operands are 18-bit, so the sum keeps every bit (|sum| < 3·2^17 < 2^19) and the product
/// with ONE_THIRD (13 bits) fits 38 bits: a [`Lane::mul32`].
#[inline(always)]
fn mean3<L: Lane>(p: L, q: L, r: L) -> L {
    let sum = (p + q + r).fit_s(20);
    sum.mul32(L::splat(ONE_THIRD))
        .fit_s(38)
        .asr(FRAC)
        .wrap_s(WIDTH)
}

/// `theta_gate` before the register: `max(0, 0.5 + theta_x/2 − 0.3·max(0, l6_avg))`, for the
/// 18-bit `theta_x` and L6 ports. [`gate_l`] on one lane.
#[inline(always)]
pub fn gate(theta_x: i64, l6: [i64; 3]) -> i64 {
    gate_l(theta_x, l6)
}

/// [`gate`] over lanes.
#[inline(always)]
pub fn gate_l<L: Lane>(theta_x: L, l6: [L; 3]) -> L {
    let c = L::splat;
    let l6_avg = mean3(l6[0], l6[1], l6[2]);
    let l6_pos = L::select(l6_avg.cmp_lt(c(0)), c(0), l6_avg);
    let inhibition = (mulq_l(c(K_L6_THAL), l6_pos) + mulq_l(c(K_TRN), l6_pos)).wrap_s(WIDTH);
    let raw = (c(HALF_Q14) + theta_x.asr(1)).wrap_s(WIDTH);
    // Two 18-bit values: the 19-bit difference keeps every bit.
    let diff = (raw - inhibition).fit_s(WIDTH + 1);
    L::select(diff.cmp_lt(c(0)), c(0), diff.wrap_s(WIDTH))
}

/// The phase code of {y_hp ≥ 0, rising, |y_hp| > amp/4}.
#[inline(always)]
pub const fn phase_code(pos: bool, rising: bool, big: bool) -> u8 {
    match (pos, rising, big) {
        (true, true, false) => 0,
        (true, true, true) => 1,
        (true, false, true) => 2,
        (true, false, false) => 3,
        (false, false, false) => 4,
        (false, false, true) => 5,
        (false, true, true) => 6,
        (false, true, false) => 7,
    }
}

/// [`phase_code`] over lanes, as its three bits: bit 2 is ¬pos, bit 1 is rising ⊕ pos and bit 0
/// is rising ⊕ big ⊕ pos (the table read as a Gray code; a unit test checks all eight rows).
#[inline(always)]
fn phase_code_l<L: Lane>(pos: L::Mask, rising: L::Mask, big: L::Mask) -> L {
    let c = L::splat;
    L::select(pos, c(0), c(4))
        | L::select(rising ^ pos, c(2), c(0))
        | L::select(rising ^ big ^ pos, c(1), c(0))
}

impl Thalamus {
    /// A thalamus in its reset state.
    pub const fn new() -> Self {
        Thalamus {
            u_theta: HopfOscillator::new(),
            u_sr_bank: SrHarmonicBank::new(),
            theta_phase: 0,
            theta_gate: 0,
            thalamic_output: 0,
            matrix_output: 0,
            theta_y_dc: 0,
            theta_amp: 0,
            hp_ext: 0,
            y_rising: true,
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// One clock-enable edge: [`ThalamusL::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self, i: &ThalamusInputs) -> ThalamusOutputs {
        let mut l = ThalamusL::<i64>::gather(|_| *self);
        let o = l.tick(&ThalamusInputsL::gather(|_| *i));
        *self = l.lane(0);
        o.lane(0)
    }

    /// The outputs the RTL drives from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> ThalamusOutputs {
        ThalamusL::<i64>::gather(|_| *self).outputs().lane(0)
    }
}

/// The registers of `thalamus` over lanes: lane k is instance k ([`crate::lane`]). The one
/// source of the thalamus's next state: [`Thalamus`] is the one-lane case. `theta_phase` holds
/// its 3-bit value, `y_rising` 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThalamusL<L: Lane> {
    /// Instance `u_theta`.
    pub u_theta: HopfOscillatorL<L>,
    /// Instance `u_sr_bank`.
    pub u_sr_bank: SrHarmonicBankL<L>,
    /// `theta_phase[2:0]`.
    pub theta_phase: L,
    /// `theta_gate`.
    pub theta_gate: L,
    /// `thalamic_output`.
    pub thalamic_output: L,
    /// `matrix_output`.
    pub matrix_output: L,
    /// `theta_y_dc`.
    pub theta_y_dc: L,
    /// `theta_amp`.
    pub theta_amp: L,
    /// `hp_ext`.
    pub hp_ext: L,
    /// `y_rising` (0 or 1).
    pub y_rising: L,
}

/// [`ThalamusInputs`] over lanes (each lane already an 18-bit port value; `adaptive_en` 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThalamusInputsL<L: Lane> {
    /// `mu_dt`.
    pub mu_dt: L,
    /// `sr_mu_dt`.
    pub sr_mu_dt: L,
    /// `sensory_input`.
    pub sensory_input: L,
    /// `sensory_gain`.
    pub sensory_gain: L,
    /// `l6_sensory`, `l6_assoc`, `l6_motor`.
    pub l6: [L; 3],
    /// `l5b_sensory`, `l5b_assoc`, `l5b_motor`.
    pub l5b: [L; 3],
    /// `alpha_x, low_beta_x, high_beta_x, gamma_x`.
    pub target_x: [L; 4],
    /// `alpha_y, low_beta_y, high_beta_y, gamma_y`.
    pub target_y: [L; 4],
    /// `beta_amplitude`.
    pub beta_amplitude: L,
    /// `omega_dt_f0..f4`.
    pub omega_dt: [L; 5],
    /// `noise_f0..f4`.
    pub noise: [L; 5],
    /// `sr_field_input`.
    pub sr_field_input: L,
    /// `sr_field_f0..f4`.
    pub sr_field: [L; 5],
    /// `adaptive_en` (0 or 1).
    pub adaptive_en: L,
    /// `stability_f0..f4`.
    pub stability: [L; 5],
}

/// [`ThalamusOutputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThalamusOutputsL<L: Lane> {
    /// `theta_x`.
    pub theta_x: L,
    /// `theta_y`.
    pub theta_y: L,
    /// `theta_amplitude`.
    pub theta_amplitude: L,
    /// `theta_phase[2:0]`.
    pub theta_phase: L,
    /// `encoding_window` (0 or 1).
    pub encoding_window: L,
    /// `theta_gate`.
    pub theta_gate: L,
    /// `thalamic_output`.
    pub thalamic_output: L,
    /// `matrix_output`.
    pub matrix_output: L,
}

/// N lane values, lane k from `f(k)`'s array, each truncated to an 18-bit port.
#[inline(always)]
fn gather_ports<L: Lane, const N: usize>(f: impl Fn(usize) -> [i32; N]) -> [L; N] {
    std::array::from_fn(|h| L::from_fn(|k| wrap_s(i64::from(f(k)[h]), WIDTH)))
}

impl<L: Lane> ThalamusInputsL<L> {
    /// Lane k from instance k's inputs, each port truncated to its 18 bits as driving it would.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> ThalamusInputs) -> Self {
        let w = |v: i32| wrap_s(i64::from(v), WIDTH);
        ThalamusInputsL {
            mu_dt: L::from_fn(|k| w(f(k).mu_dt)),
            sr_mu_dt: L::from_fn(|k| w(f(k).sr_mu_dt)),
            sensory_input: L::from_fn(|k| w(f(k).sensory_input)),
            sensory_gain: L::from_fn(|k| w(f(k).sensory_gain)),
            l6: gather_ports(|k| f(k).l6),
            l5b: gather_ports(|k| f(k).l5b),
            target_x: gather_ports(|k| f(k).target_x),
            target_y: gather_ports(|k| f(k).target_y),
            beta_amplitude: L::from_fn(|k| w(f(k).beta_amplitude)),
            omega_dt: gather_ports(|k| f(k).omega_dt),
            noise: gather_ports(|k| f(k).noise),
            sr_field_input: L::from_fn(|k| w(f(k).sr_field_input)),
            sr_field: gather_ports(|k| f(k).sr_field),
            adaptive_en: L::from_fn(|k| i64::from(f(k).adaptive_en)),
            stability: gather_ports(|k| f(k).stability),
        }
    }
}

impl<L: Lane> ThalamusOutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> ThalamusOutputs {
        ThalamusOutputs {
            theta_x: self.theta_x.lane(k) as i32,
            theta_y: self.theta_y.lane(k) as i32,
            theta_amplitude: self.theta_amplitude.lane(k) as i32,
            theta_phase: self.theta_phase.lane(k) as u8,
            encoding_window: self.encoding_window.lane(k) != 0,
            theta_gate: self.theta_gate.lane(k) as i32,
            thalamic_output: self.thalamic_output.lane(k) as i32,
            matrix_output: self.matrix_output.lane(k) as i32,
        }
    }
}

impl<L: Lane> ThalamusL<L> {
    /// Lane k from instance k's registers.
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> Thalamus) -> Self {
        let g = |r: fn(&Thalamus) -> i64| L::from_fn(|k| r(&f(k)));
        ThalamusL {
            u_theta: HopfOscillatorL::gather(|k| f(k).u_theta),
            u_sr_bank: SrHarmonicBankL::gather(|k| f(k).u_sr_bank),
            theta_phase: g(|t| i64::from(t.theta_phase)),
            theta_gate: g(|t| i64::from(t.theta_gate)),
            thalamic_output: g(|t| i64::from(t.thalamic_output)),
            matrix_output: g(|t| i64::from(t.matrix_output)),
            theta_y_dc: g(|t| i64::from(t.theta_y_dc)),
            theta_amp: g(|t| i64::from(t.theta_amp)),
            hp_ext: g(|t| i64::from(t.hp_ext)),
            y_rising: g(|t| i64::from(t.y_rising)),
        }
    }

    /// Instance k's registers.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> Thalamus {
        Thalamus {
            u_theta: self.u_theta.lane(k),
            u_sr_bank: self.u_sr_bank.lane(k),
            theta_phase: self.theta_phase.lane(k) as u8,
            theta_gate: self.theta_gate.lane(k) as i32,
            thalamic_output: self.thalamic_output.lane(k) as i32,
            matrix_output: self.matrix_output.lane(k) as i32,
            theta_y_dc: self.theta_y_dc.lane(k) as i32,
            theta_amp: self.theta_amp.lane(k) as i32,
            hp_ext: self.hp_ext.lane(k) as i32,
            y_rising: self.y_rising.lane(k) != 0,
        }
    }

    /// One clock-enable edge on every lane: the children's outputs and this module's nets from
    /// the registers before the edge, then both children step, then the own registers load.
    #[inline(always)]
    pub fn tick(&mut self, i: &ThalamusInputsL<L>) -> ThalamusOutputsL<L> {
        let c = L::splat;
        // Children's registers before the edge (the bank's outputs are its registers and its
        // oscillators' x).
        let (theta_x, theta_y) = (self.u_theta.x, self.u_theta.y);
        let sr = &self.u_sr_bank;
        let f_x: [L; 5] = std::array::from_fn(|h| sr.u_f[h].u_core.x);

        // 1. SR entrainment of theta. f₀_x and gain_f0 are 18-bit registers: `mulq_l`.
        let sr_entrain = L::when(
            sr.beta_quiet.truthy(),
            || mulq_l(mulq_l(f_x[0], sr.gain[0]), c(K_SR_ENTRAIN)),
            || c(0),
        );

        // 3. Core pathway.
        let gate_new = gate_l(theta_x, i.l6);
        let relay = mulq_sat(mulq_sat(i.sensory_input, i.sensory_gain), gate_new);
        let sie = sr.sie_per_harmonic;
        let boost = [
            L::select((sie & c(1)).truthy(), c(SIE_BOOST_F0), c(ONE_Q14)),
            L::select((sie & c(2)).truthy(), c(SIE_BOOST_F1), c(ONE_Q14)),
        ];
        // relay and five 18-bit terms: |sum| <= 6·2^17 < 2^20, so the 21-bit sum keeps every bit.
        let relay_h = |h: usize| mulq_l(f_x[h], sr.gain[h]);
        let core_sum = (relay
            + mulq_l(relay_h(0), boost[0])
            + mulq_l(relay_h(1), boost[1])
            + relay_h(2)
            + relay_h(3)
            + relay_h(4))
        .fit_s(21);
        let core_new = core_sum.sat_s(WIDTH);

        // 4. Matrix pathway.
        let l5b_avg = mean3(i.l5b[0], i.l5b[1], i.l5b[2]);
        let matrix_new = mulq_sat(l5b_avg, gate_new);

        // 5. Theta phase detector. theta_y, the DC and the amplitude are 18-bit registers, so
        // the 19-bit differences and sums keep every bit.
        let dc = self.theta_y_dc;
        let y_diff = (theta_y - dc).fit_s(WIDTH + 1);
        let dc_sum = (dc + y_diff.asr(THETA_DC_SHIFT)).fit_s(WIDTH + 1);
        let hp = y_diff.sat_s(WIDTH);
        // |hp| saturated: hp is already 18-bit, so saturating both signs is the RTL's
        // `hp < 0 ? sat18(-hp) : hp`.
        let hp_abs = L::select(hp.cmp_lt(c(0)), -hp, hp).sat_s(WIDTH);
        let amp = self.theta_amp;
        let amp_diff = (hp_abs - amp).fit_s(WIDTH + 1);
        let amp_sum = (amp + amp_diff.asr(THETA_AMP_SHIFT)).fit_s(WIDTH + 1);
        let ext = self.hp_ext;
        let rising = self.y_rising.truthy();
        let turn_down = rising & hp.cmp_lt((ext - c(PHASE_TURN_HYST)).fit_s(WIDTH + 2));
        let turn_up = !rising & hp.cmp_gt((ext + c(PHASE_TURN_HYST)).fit_s(WIDTH + 2));
        // A turn flips the direction: down only while rising, up only while falling.
        let rising_new = rising ^ (turn_down | turn_up);
        let ext_load = (rising & hp.cmp_gt(ext)) | (!rising & hp.cmp_lt(ext)) | turn_down | turn_up;
        let big = hp_abs.cmp_gt(amp.asr(2));
        let phase_new = phase_code_l::<L>(hp.cmp_ge(c(0)), rising_new, big);

        // 2. Children step; the bank's theta target is u_theta before the edge.
        let bi = SrHarmonicBankInputsL {
            mu_dt: i.sr_mu_dt,
            omega_dt: i.omega_dt,
            noise: i.noise,
            sr_field_input: i.sr_field_input,
            sr_field: i.sr_field,
            target_x: [
                theta_x,
                i.target_x[0],
                i.target_x[1],
                i.target_x[2],
                i.target_x[3],
            ],
            target_y: [
                theta_y,
                i.target_y[0],
                i.target_y[1],
                i.target_y[2],
                i.target_y[3],
            ],
            beta_amplitude: i.beta_amplitude,
            adaptive_en: i.adaptive_en,
            stability: i.stability,
        };
        self.u_theta.tick(&HopfOscillatorInputsL {
            mu_dt: i.mu_dt,
            omega_dt: c(OMEGA_DT_THETA),
            input_x: sr_entrain,
        });
        self.u_sr_bank.tick(&bi);

        // Own registers.
        self.theta_phase = phase_new;
        self.theta_gate = gate_new;
        self.thalamic_output = core_new;
        self.matrix_output = matrix_new;
        self.theta_y_dc = dc_sum.wrap_s(WIDTH);
        self.theta_amp = amp_sum.wrap_s(WIDTH);
        self.hp_ext = L::select(ext_load, hp, ext);
        self.y_rising = L::from_mask(rising_new);
        self.outputs()
    }

    /// The outputs from the registers.
    #[inline(always)]
    pub fn outputs(&self) -> ThalamusOutputsL<L> {
        let th = self.u_theta.outputs();
        let c = L::splat;
        ThalamusOutputsL {
            theta_x: th.x,
            theta_y: th.y,
            theta_amplitude: th.amplitude,
            theta_phase: self.theta_phase,
            encoding_window: L::from_mask((self.theta_phase & c(4)).cmp_eq(c(0))),
            theta_gate: self.theta_gate,
            thalamic_output: self.thalamic_output,
            matrix_output: self.matrix_output,
        }
    }
}

const REG18: [&str; 6] = [
    "theta_gate",
    "thalamic_output",
    "matrix_output",
    "theta_y_dc",
    "theta_amp",
    "hp_ext",
];

impl Observable for Thalamus {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        HopfOscillator::signals(&format!("{prefix}u_theta."), out);
        SrHarmonicBank::signals(&format!("{prefix}u_sr_bank."), out);
        out.push(Signal::new(prefix, "theta_phase", 3, false));
        out.push(Signal::new(prefix, "encoding_window", 1, false));
        for name in REG18 {
            out.push(Signal::new(prefix, name, WIDTH, true));
        }
        out.push(Signal::new(prefix, "y_rising", 1, false));
    }

    fn accessor_via<P: 'static>(
        index: usize,
        get: impl Fn(&P) -> &Self + Send + Sync + 'static,
    ) -> crate::signals::Accessor<P> {
        const BANK: usize = 3 + 35;
        match index {
            0..3 => HopfOscillator::accessor_via(index, move |p: &P| &get(p).u_theta),
            3..BANK => SrHarmonicBank::accessor_via(index - 3, move |p: &P| &get(p).u_sr_bank),
            _ => Box::new(move |p: &P| get(p).sample_one(index)),
        }
    }

    fn sample_one(&self, index: usize) -> u64 {
        // u_theta (3 signals), then u_sr_bank (35), then the thalamus's own registers.
        const BANK: usize = 3 + 35;
        match index {
            0..3 => self.u_theta.sample_one(index),
            3..BANK => self.u_sr_bank.sample_one(index - 3),
            _ => {
                let mut buf = [0u64; crate::signals::SAMPLE_ONE_MAX];
                let n = self.sample(&mut buf);
                assert!(index < n, "signal index {index} out of a table of {n}");
                buf[index]
            }
        }
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        let mut n = self.u_theta.sample(out);
        n += self.u_sr_bank.sample(&mut out[n..]);
        out[n] = u64::from(self.theta_phase);
        out[n + 1] = u64::from(self.outputs().encoding_window);
        n += 2;
        for v in [
            self.theta_gate,
            self.thalamic_output,
            self.matrix_output,
            self.theta_y_dc,
            self.theta_amp,
            self.hp_ext,
        ] {
            out[n] = raw(i64::from(v), WIDTH);
            n += 1;
        }
        out[n] = u64::from(self.y_rising);
        n + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use crate::sr_harmonic_bank::tests::lanes::{bank, port, r18};
        use proptest::prelude::*;

        const N: usize = 4;

        /// A thalamus with every register random in its RTL width, children included.
        fn thalamus() -> impl Strategy<Value = Thalamus> {
            (
                bank(),
                prop::collection::vec(r18(), 8),
                0u8..8,
                any::<bool>(),
            )
                .prop_map(|(u_sr_bank, r, theta_phase, y_rising)| Thalamus {
                    u_theta: HopfOscillator { x: r[0], y: r[1] },
                    u_sr_bank,
                    theta_phase,
                    theta_gate: r[2],
                    thalamic_output: r[3],
                    matrix_output: r[4],
                    theta_y_dc: r[5],
                    theta_amp: r[6],
                    hp_ext: r[7],
                    y_rising,
                })
        }

        fn inputs() -> impl Strategy<Value = ThalamusInputs> {
            (prop::collection::vec(port(), 46), any::<bool>()).prop_map(|(v, adaptive_en)| {
                let a = |o: usize| -> [i32; 5] { std::array::from_fn(|h| v[o + h]) };
                ThalamusInputs {
                    mu_dt: v[0],
                    sr_mu_dt: v[1],
                    sensory_input: v[2],
                    sensory_gain: v[3],
                    l6: [v[4], v[5], v[6]],
                    l5b: [v[7], v[8], v[9]],
                    target_x: [v[10], v[11], v[12], v[13]],
                    target_y: [v[14], v[15], v[16], v[17]],
                    beta_amplitude: v[18],
                    omega_dt: a(19),
                    noise: a(24),
                    sr_field_input: v[29],
                    sr_field: a(30),
                    adaptive_en,
                    stability: a(35),
                }
            })
        }

        proptest! {
            /// Every lane is the scalar thalamus on that lane's state and inputs, tick after
            /// tick (outputs and registers, children included).
            #[test]
            fn every_lane_is_the_scalar_module(
                st in prop::array::uniform4(thalamus()),
                ins in prop::collection::vec(prop::array::uniform4(inputs()), 1..12),
            ) {
                let mut scalar = st;
                let mut lanes = ThalamusL::<Lanes<N>>::gather(|k| scalar[k]);
                for i in &ins {
                    let o = lanes.tick(&ThalamusInputsL::gather(|k| i[k]));
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
            // One LSB of one lane's L6 feedback is a different gate register.
            let t = Thalamus::new();
            let i = ThalamusInputs {
                l6: [0, 0, 30_000],
                ..Default::default()
            };
            let mut l = ThalamusL::<Lanes<N>>::gather(|_| t);
            let mut li = ThalamusInputsL::<Lanes<N>>::gather(|_| i);
            li.l6[2].0[1] += 3;
            l.tick(&li);
            let mut s = t;
            s.tick(&i);
            assert_eq!(l.lane(0), s);
            assert_ne!(l.lane(1).theta_gate, s.theta_gate);
        }

        #[test]
        fn the_lane_phase_code_is_the_table() {
            for p in [false, true] {
                for r in [false, true] {
                    for b in [false, true] {
                        assert_eq!(phase_code_l::<i64>(p, r, b), i64::from(phase_code(p, r, b)));
                    }
                }
            }
        }
    }

    fn quiet_inputs() -> ThalamusInputs {
        ThalamusInputs {
            mu_dt: 3,
            sr_mu_dt: 4,
            sensory_gain: ONE_Q14 as i32,
            beta_amplitude: 20_000, // beta loud: no SR entrainment, theta free-running
            omega_dt: [196, 354, 514, 643, 823],
            ..Default::default()
        }
    }

    #[test]
    fn theta_runs_at_5_89_hz() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        let xs: Vec<i32> = (0..44_000).map(|_| t.tick(&i).theta_x).collect();
        let f = phin_analysis::zero_crossing_frequency(&xs[4_000..], 4_000.0);
        assert!((f - 5.89).abs() / 5.89 < 0.01, "theta at {f} Hz");
    }

    #[test]
    fn all_eight_phases_occur_every_cycle_in_order() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        let mut seq = Vec::new();
        let mut prev = 255u8;
        for k in 0..60_000 {
            let p = t.tick(&i).theta_phase;
            if k >= 8_000 && p != prev {
                seq.push(p);
            }
            prev = p;
        }
        assert!(seq.len() > 8 * 60, "only {} phase changes", seq.len());
        for w in seq.windows(2) {
            assert_eq!(w[1], (w[0] + 1) % 8, "phase {} followed by {}", w[0], w[1]);
        }
        // Each phase holds for a sensible share of the ~680-tick cycle.
        let counts = seq.iter().fold([0u32; 8], |mut c, &p| {
            c[p as usize] += 1;
            c
        });
        let min = *counts.iter().min().unwrap();
        let max = *counts.iter().max().unwrap();
        assert!(max - min <= 1, "phase counts {counts:?}");
    }

    #[test]
    fn encoding_window_is_phases_zero_to_three() {
        let mut t = Thalamus::new();
        let i = quiet_inputs();
        for _ in 0..5_000 {
            let o = t.tick(&i);
            assert_eq!(o.encoding_window, o.theta_phase < 4);
        }
    }

    #[test]
    fn theta_gate_falls_as_l6_rises_and_never_goes_negative() {
        for theta_x in [-16_384i64, -8_000, 0, 8_000, 14_000] {
            let mut prev = i64::MAX;
            for l6 in (-20_000i64..=131_071).step_by(997) {
                let g = gate(theta_x, [l6, l6, l6]);
                assert!(g >= 0, "gate {g} at theta {theta_x}, l6 {l6}");
                assert!(g <= prev, "gate rose from {prev} to {g} at l6 {l6}");
                prev = g;
            }
            // At the strongest L6 the gate is 0 once theta_x is not near its peak.
            if theta_x <= 8_000 {
                assert_eq!(prev, 0);
            }
        }
        // No L6 input: gate = 0.5 + theta_x / 2.
        assert_eq!(gate(16_384, [0, 0, 0]), 16_384);
        assert_eq!(gate(-16_384, [0, 0, 0]), 0);
        // L6 = 1.0 on all three columns: 0.3 of inhibition (l6_avg = 16383 after the 1/3).
        assert_eq!(gate(0, [16_384; 3]), 8_192 - 1_637 - 3_276);
    }

    #[test]
    fn gate_register_over_a_run_falls_with_l6() {
        let mean_gate = |l6: i32| {
            let mut t = Thalamus::new();
            let mut i = quiet_inputs();
            i.l6 = [l6; 3];
            let mut s = 0i64;
            for _ in 0..8_000 {
                let g = t.tick(&i).theta_gate;
                assert!(g >= 0);
                s += i64::from(g);
            }
            s
        };
        let (a, b, c) = (mean_gate(0), mean_gate(8_192), mean_gate(30_000));
        assert!(a > b && b > c, "{a} {b} {c}");
    }

    #[test]
    fn matrix_is_the_gated_l5b_average() {
        let mut t = Thalamus::new();
        let mut i = quiet_inputs();
        i.l5b = [16_384, 16_384, 16_384];
        let o = t.tick(&i);
        // theta_x = 0.5 before the edge: gate 0.75; l5b_avg = 3 * 16384 * 5461 >> 14 = 16383.
        assert_eq!(o.theta_gate, 12_288);
        assert_eq!(o.matrix_output, (16_383 * 12_288) >> 14);
    }

    #[test]
    fn sr_entrainment_acts_only_when_beta_is_quiet() {
        let run = |beta: i32| {
            let mut t = Thalamus::new();
            let mut i = quiet_inputs();
            i.beta_amplitude = beta;
            i.sr_mu_dt = 4;
            i.omega_dt = [152, 354, 514, 643, 823]; // f0 at the theta frequency: coherent
            for _ in 0..20_000 {
                t.tick(&i);
            }
            t
        };
        let loud = run(20_000);
        let quiet = run(1_000);
        assert_eq!(loud.u_sr_bank.gain, [0; 5]);
        assert!(
            quiet.u_sr_bank.gain[0] > 0,
            "gain {:?}",
            quiet.u_sr_bank.gain
        );
        assert_ne!(loud.u_theta, quiet.u_theta);
    }

    #[test]
    fn distributed_sie_boost_is_1_3_and_1_2() {
        assert!((SIE_BOOST_F0 as f64 / 16_384.0 - 1.3).abs() < 1e-4);
        assert!((SIE_BOOST_F1 as f64 / 16_384.0 - 1.2).abs() < 1e-4);
        // Section 10.5: f0 +2.3 dB, f1 +1.6 dB, with the mixer's 1.4× (+2.9 dB) 6.8 dB, ~2.2×.
        let db = |g: f64| 20.0 * g.log10();
        assert!((db(1.3) - 2.3).abs() < 0.05);
        assert!((db(1.2) - 1.6).abs() < 0.05);
        assert!((db(1.3) + db(1.2) + db(1.4) - 6.8).abs() < 0.05);
        assert!((1.3 * 1.2 * 1.4f64 - 2.2).abs() < 0.05);
    }
}
