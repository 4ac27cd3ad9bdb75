//! `lfsr16` (rtl/lfsr16.v): the 16-bit Fibonacci LFSR with polynomial x¹⁶ + x¹⁴ + x¹³ + x¹¹ + 1
//! that every noise source of the processor uses (sections 4.3, 9.2, 10.1, 10.2).
//!
//! Hardware facts: one register `lfsr[15:0]`, reset to the `SEED` parameter; on each clock-enable
//! edge it shifts left `STEPS` times, each shift feeding `lfsr[15] ^ lfsr[13] ^ lfsr[12] ^
//! lfsr[10]` into bit 0. `STEPS = 16` yields a fresh word per tick (white samples). The
//! polynomial is primitive, so any non-zero seed walks all 65535 non-zero states; a zero seed
//! stays at zero, exactly as the hardware would.

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

    /// One clock-enable edge.
    #[inline(always)]
    pub fn tick(&mut self) -> Lfsr16Outputs {
        // STEPS = 16 (the SR noise, jitter and envelope LFSRs) is one table step, the same value
        // `advance` reaches with one whole group and no remainder, without its loop tests.
        self.lfsr = if self.steps == 16 {
            Self::advance16(self.lfsr)
        } else {
            Self::advance(self.lfsr, self.steps)
        };
        self.outputs()
    }

    /// The outputs as the RTL drives them from the register.
    #[inline(always)]
    pub const fn outputs(&self) -> Lfsr16Outputs {
        Lfsr16Outputs { lfsr: self.lfsr }
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
