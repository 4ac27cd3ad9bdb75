//! `lfsr16` (rtl/lfsr16.v): the 16-bit Fibonacci LFSR with polynomial x¹⁶ + x¹⁴ + x¹³ + x¹¹ + 1
//! that every noise source of the processor uses (sections 4.3, 9.2, 10.1, 10.2).
//!
//! Hardware facts: one register `lfsr[15:0]`, reset to the `SEED` parameter; on each clock-enable
//! edge it shifts left `STEPS` times, each shift feeding `lfsr[15] ^ lfsr[13] ^ lfsr[12] ^
//! lfsr[10]` into bit 0. `STEPS = 16` yields a fresh word per tick (white samples). The
//! polynomial is primitive, so any non-zero seed walks all 65535 non-zero states; a zero seed
//! stays at zero, exactly as the hardware would.

use crate::lane::Lane;
use crate::signals::{Observable, Signal};

/// Outputs of `lfsr16`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lfsr16Outputs {
    /// `output [15:0] lfsr`: the register itself.
    pub lfsr: u16,
}

/// State of one `lfsr16` instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lfsr16 {
    /// Parameter `SEED`: the reset value.
    pub seed: u16,
    /// Parameter `STEPS`: shifts per clock enable.
    pub steps: u32,
    /// `reg [15:0] lfsr`.
    pub lfsr: u16,
}

/// Sixteen shifts of a register holding only its low byte (`[0][b]`, register `b`) or only its
/// high byte (`[1][b]`, register `b << 8`).
///
/// One shift is linear over GF(2) (a shift and an XOR of taps, no constant), so sixteen shifts
/// of `hi << 8 | lo` are the XOR of sixteen shifts of `hi << 8` and of `lo`: two look-ups give
/// exactly what sixteen serial steps give, for every state (test
/// `table_advance_equals_serial_shifts` checks all 65536).
pub static ADVANCE16: [[u16; 256]; 2] = build_advance16();

const fn build_advance16() -> [[u16; 256]; 2] {
    let mut t = [[0u16; 256]; 2];
    let mut b = 0;
    while b < 256 {
        t[0][b] = Lfsr16::advance_serial(b as u16, 16);
        t[1][b] = Lfsr16::advance_serial((b as u16) << 8, 16);
        b += 1;
    }
    t
}

impl Lfsr16 {
    /// An instance with parameters `SEED = seed`, `STEPS = 1`, in its reset state.
    pub const fn new(seed: u16) -> Self {
        Self::with_steps(seed, 1)
    }

    /// An instance with parameters `SEED = seed`, `STEPS = steps`, in its reset state.
    pub const fn with_steps(seed: u16, steps: u32) -> Self {
        Lfsr16 {
            seed,
            steps,
            lfsr: seed,
        }
    }

    /// Synchronous reset: `lfsr <= SEED`.
    pub fn reset(&mut self) {
        self.lfsr = self.seed;
    }

    /// The pure next-state function: `{lfsr[14:0], lfsr[15]^lfsr[13]^lfsr[12]^lfsr[10]}`.
    #[inline(always)]
    pub const fn next(lfsr: u16) -> u16 {
        let fb = ((lfsr >> 15) ^ (lfsr >> 13) ^ (lfsr >> 12) ^ (lfsr >> 10)) & 1;
        (lfsr << 1) | fb
    }

    /// `STEPS` shifts: the value the register takes on the next clock-enable edge.
    ///
    /// Whole groups of 16 shifts go through [`ADVANCE16`] (two look-ups instead of 16 dependent
    /// steps); the remainder shifts one by one. Bit-identical to [`Lfsr16::advance_serial`].
    #[inline(always)]
    pub const fn advance(lfsr: u16, steps: u32) -> u16 {
        let mut v = lfsr;
        let mut k = steps;
        while k >= 16 {
            v = Self::advance16(v);
            k -= 16;
        }
        while k > 0 {
            v = Self::next(v);
            k -= 1;
        }
        v
    }

    /// Exactly 16 shifts through [`ADVANCE16`]: the shift is linear over GF(2), so the low and
    /// high bytes' 16-shift images XOR to the word's.
    #[inline(always)]
    pub const fn advance16(lfsr: u16) -> u16 {
        ADVANCE16[0][(lfsr & 0xFF) as usize] ^ ADVANCE16[1][(lfsr >> 8) as usize]
    }

    /// `STEPS` shifts one at a time, as the RTL's loop writes them: the reference for
    /// [`Lfsr16::advance`] and for [`ADVANCE16`].
    pub const fn advance_serial(lfsr: u16, steps: u32) -> u16 {
        let mut v = lfsr;
        let mut k = 0;
        while k < steps {
            v = Self::next(v);
            k += 1;
        }
        v
    }

    /// One clock-enable edge: [`Lfsr16L::tick`] on one lane.
    #[inline(always)]
    pub fn tick(&mut self) -> Lfsr16Outputs {
        let mut l = self.one_lane();
        let o = l.tick();
        self.set_one_lane(&l);
        o.lane(0)
    }

    /// This instance as the one-lane [`Lfsr16L`]: what `Lfsr16L::<i64>::gather(|_| *self)`
    /// gives, built from the fields (the compiler does not remove the whole-struct copies of
    /// `gather` in the scalar tick).
    #[inline(always)]
    pub(crate) fn one_lane(&self) -> Lfsr16L<i64> {
        Lfsr16L {
            seed: self.seed,
            steps: self.steps,
            lfsr: i64::from(self.lfsr),
        }
    }

    /// The register from the one-lane [`Lfsr16L`] (the parameters do not change on a tick).
    #[inline(always)]
    pub(crate) fn set_one_lane(&mut self, l: &Lfsr16L<i64>) {
        self.lfsr = l.lfsr as u16;
    }

    /// The outputs as the RTL drives them from the register.
    #[inline(always)]
    pub const fn outputs(&self) -> Lfsr16Outputs {
        Lfsr16Outputs { lfsr: self.lfsr }
    }
}

/// The register of `lfsr16` over lanes: lane k is instance k ([`crate::lane`]). The one source of
/// the LFSR's next state: [`Lfsr16`] is its one-lane case (`L = i64`). The parameters `SEED` and
/// `STEPS` are instance constants, shared by every lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lfsr16L<L: Lane> {
    /// Parameter `SEED` (all lanes).
    pub seed: u16,
    /// Parameter `STEPS` (all lanes).
    pub steps: u32,
    /// `reg [15:0] lfsr`, as a non-negative value.
    pub lfsr: L,
}

/// [`Lfsr16Outputs`] over lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lfsr16OutputsL<L: Lane> {
    /// `lfsr`.
    pub lfsr: L,
}

impl<L: Lane> Lfsr16OutputsL<L> {
    /// Lane k's outputs.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> Lfsr16Outputs {
        Lfsr16Outputs {
            lfsr: self.lfsr.lane(k) as u16,
        }
    }
}

/// One shift over lanes, [`Lfsr16::next`]: `{v[14:0], v[15]^v[13]^v[12]^v[10]}` of a 16-bit `v`.
#[inline(always)]
fn next_l<L: Lane>(v: L) -> L {
    let c = L::splat;
    // `v` holds 16 bits, so a logical shift of the 64-bit word is the shift of the pattern.
    let fb = (v.lsr(64, 15) ^ v.lsr(64, 13) ^ v.lsr(64, 12) ^ v.lsr(64, 10)) & c(1);
    ((v + v) & c(0xFFFF)) | fb
}

impl<L: Lane> Lfsr16L<L> {
    /// Lane k from instance k's register; the parameters are lane 0's (every lane must share
    /// them: one RTL instance, N copies).
    #[inline(always)]
    pub fn gather(f: impl Fn(usize) -> Lfsr16) -> Self {
        let first = f(0);
        debug_assert!((0..L::LANES).all(|k| f(k).seed == first.seed && f(k).steps == first.steps));
        Lfsr16L {
            seed: first.seed,
            steps: first.steps,
            lfsr: L::from_fn(|k| i64::from(f(k).lfsr)),
        }
    }

    /// Instance k's state.
    #[inline(always)]
    pub fn lane(&self, k: usize) -> Lfsr16 {
        Lfsr16 {
            seed: self.seed,
            steps: self.steps,
            lfsr: self.lfsr.lane(k) as u16,
        }
    }

    /// The value the register takes on the next clock-enable edge: `STEPS` shifts.
    ///
    /// Whole groups of 16 shifts are the [`ADVANCE16`] look-up, done per lane ([`Lane::map`]: a
    /// table has no lane instruction); the remainder shifts in lane arithmetic. `STEPS` is a
    /// parameter, so these branches are the same for every lane.
    #[inline(always)]
    pub fn advanced(&self) -> L {
        let by_table = |v: L| v.map(|w| i64::from(Lfsr16::advance16(w as u16)));
        // STEPS = 16 (the SR noise, jitter, envelope and pink LFSRs) is one table step, the value
        // the general loop reaches with one whole group and no remainder, without its tests.
        if self.steps == 16 {
            return by_table(self.lfsr);
        }
        let (mut v, mut k) = (self.lfsr, self.steps);
        while k >= 16 {
            v = by_table(v);
            k -= 16;
        }
        while k > 0 {
            v = next_l(v);
            k -= 1;
        }
        v
    }

    /// One clock-enable edge on every lane.
    #[inline(always)]
    pub fn tick(&mut self) -> Lfsr16OutputsL<L> {
        self.lfsr = self.advanced();
        self.outputs()
    }

    /// The outputs from the register.
    #[inline(always)]
    pub fn outputs(&self) -> Lfsr16OutputsL<L> {
        Lfsr16OutputsL { lfsr: self.lfsr }
    }
}

impl Observable for Lfsr16 {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "lfsr", 16, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = u64::from(self.lfsr);
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod lanes {
        use super::super::*;
        use crate::lane::Lanes;
        use proptest::prelude::*;

        const N: usize = 4;

        proptest! {
            /// Every lane of the lane LFSR is the scalar LFSR on that lane's register, tick after
            /// tick, for random registers (zero included), seeds and STEPS (shared by the lanes).
            #[test]
            fn every_lane_is_the_scalar_lfsr(
                regs in prop::array::uniform4(any::<u16>()),
                seed in any::<u16>(),
                steps in prop_oneof![Just(1u32), Just(16), 0u32..40],
                ticks in 1usize..12,
            ) {
                let mut scalar = regs.map(|lfsr| Lfsr16 { seed, steps, lfsr });
                let mut lanes = Lfsr16L::<Lanes<N>>::gather(|k| scalar[k]);
                for _ in 0..ticks {
                    let o = lanes.tick();
                    for k in 0..N {
                        let so = scalar[k].tick();
                        prop_assert_eq!(o.lane(k), so);
                        prop_assert_eq!(lanes.lane(k), scalar[k]);
                    }
                }
            }
        }

        #[test]
        fn a_planted_difference_is_seen() {
            // The comparison can fail: one bit in one lane's register is a different LFSR.
            let s = Lfsr16::with_steps(0xACE1, 1);
            let mut l = Lfsr16L::<Lanes<N>>::gather(|_| s);
            l.lfsr.0[1] ^= 1;
            let o = l.tick();
            let mut t = s;
            let so = t.tick();
            assert_eq!(l.lane(0), t);
            assert_ne!(l.lane(1), t);
            assert_ne!(o.lane(1), so);
        }
    }

    #[test]
    fn maximal_period_from_every_sr_seed() {
        for seed in crate::constants::SR_NOISE_SEEDS {
            let mut l = Lfsr16::new(seed);
            let mut n = 0u32;
            loop {
                l.tick();
                n += 1;
                if l.lfsr == seed || n > 70_000 {
                    break;
                }
            }
            assert_eq!(n, 65_535, "seed {seed:#06x}");
        }
    }

    #[test]
    fn first_steps_follow_the_feedback_taps() {
        // 0xACE1 = 1010_1100_1110_0001: taps 15,13,12,10 = 1,1,0,1 -> feedback 1.
        assert_eq!(Lfsr16::next(0xACE1), 0x59C3);
        assert_eq!(Lfsr16::next(0), 0);
        assert_eq!(Lfsr16::next(0x8000), 0x0001);
    }

    #[test]
    fn sixteen_steps_keep_the_full_period_and_give_a_fresh_word() {
        let mut l = Lfsr16::with_steps(0xACE1, 16);
        let mut n = 0u32;
        loop {
            let before = l.lfsr;
            l.tick();
            assert_eq!(l.lfsr, Lfsr16::advance_serial(before, 16));
            n += 1;
            if l.lfsr == 0xACE1 || n > 70_000 {
                break;
            }
        }
        assert_eq!(n, 65_535);
    }

    #[test]
    fn table_advance_equals_serial_shifts() {
        for v in 0..=u16::MAX {
            for steps in [1, 15, 16, 17, 32, 33] {
                assert_eq!(
                    Lfsr16::advance(v, steps),
                    Lfsr16::advance_serial(v, steps),
                    "{v:#06x} {steps}"
                );
            }
        }
    }

    #[test]
    fn reset_restores_the_seed() {
        let mut l = Lfsr16::new(0x1234);
        l.tick();
        l.reset();
        assert_eq!(l.lfsr, 0x1234);
    }
}
