//! `clock_enable_generator` (rtl/clock_enable_generator.v): the 125 MHz → 4 kHz clock-enable
//! divider of section 9.1, with the reserved 100 kHz pulse.
//!
//! Hardware facts: two counters `cnt_4k[14:0]` and `cnt_100k[10:0]`, reset to 0; on every clock
//! edge (this module has no `clk_en`: it makes it) a counter at `DIV - 1` wraps to 0 and sets its
//! registered pulse, otherwise it counts up and clears the pulse. `DIV_4K` is 31250 (10 with
//! `FAST_SIM = 1`), `DIV_100K` 1250 (2). The first pulse is high on the `DIV`-th edge after reset
//! and then every `DIV` edges, for exactly one clock. One [`ClockEnableGenerator::tick`] is one
//! raw clock edge. Contract: docs/spec/clock_enable_generator.md.

use crate::constants::{DIV_100K, DIV_100K_FAST, DIV_4K, DIV_4K_FAST};
use crate::signals::{Observable, Signal};

/// Outputs of `clock_enable_generator`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClockEnableGeneratorOutputs {
    /// `output reg clk_4khz_en`: the 4 kHz tick enable.
    pub clk_4khz_en: bool,
    /// `output reg clk_100khz_en`: the reserved 100 kHz enable.
    pub clk_100khz_en: bool,
}

/// State of one `clock_enable_generator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockEnableGenerator {
    /// Parameter `FAST_SIM`.
    pub fast_sim: bool,
    /// `reg [14:0] cnt_4k`.
    pub cnt_4k: u16,
    /// `reg [10:0] cnt_100k`.
    pub cnt_100k: u16,
    /// `reg clk_4khz_en`.
    pub clk_4khz_en: bool,
    /// `reg clk_100khz_en`.
    pub clk_100khz_en: bool,
}

impl Default for ClockEnableGenerator {
    fn default() -> Self {
        Self::new(false)
    }
}

impl ClockEnableGenerator {
    /// A generator with parameter `FAST_SIM = fast_sim`, in its reset state.
    pub const fn new(fast_sim: bool) -> Self {
        ClockEnableGenerator {
            fast_sim,
            cnt_4k: 0,
            cnt_100k: 0,
            clk_4khz_en: false,
            clk_100khz_en: false,
        }
    }

    /// `DIV_4K`: clocks per 4 kHz pulse.
    pub const fn div_4k(&self) -> u32 {
        if self.fast_sim {
            DIV_4K_FAST
        } else {
            DIV_4K
        }
    }

    /// `DIV_100K`: clocks per 100 kHz pulse.
    pub const fn div_100k(&self) -> u32 {
        if self.fast_sim {
            DIV_100K_FAST
        } else {
            DIV_100K
        }
    }

    /// Synchronous reset.
    pub fn reset(&mut self) {
        *self = Self::new(self.fast_sim);
    }

    /// One rising clock edge.
    #[inline(always)]
    pub fn tick(&mut self) -> ClockEnableGeneratorOutputs {
        let (c, p) = step(u32::from(self.cnt_4k), self.div_4k());
        self.cnt_4k = c as u16;
        self.clk_4khz_en = p;
        let (c, p) = step(u32::from(self.cnt_100k), self.div_100k());
        self.cnt_100k = c as u16;
        self.clk_100khz_en = p;
        self.outputs()
    }

    /// The registered outputs.
    #[inline(always)]
    pub const fn outputs(&self) -> ClockEnableGeneratorOutputs {
        ClockEnableGeneratorOutputs {
            clk_4khz_en: self.clk_4khz_en,
            clk_100khz_en: self.clk_100khz_en,
        }
    }
}

/// One counter edge: `cnt == DIV - 1 ? (0, pulse) : (cnt + 1, no pulse)`.
#[inline(always)]
const fn step(cnt: u32, div: u32) -> (u32, bool) {
    if cnt == div - 1 {
        (0, true)
    } else {
        (cnt + 1, false)
    }
}

impl Observable for ClockEnableGenerator {
    fn signals(prefix: &str, out: &mut Vec<Signal>) {
        out.push(Signal::new(prefix, "cnt_4k", 15, false));
        out.push(Signal::new(prefix, "cnt_100k", 11, false));
        out.push(Signal::new(prefix, "clk_4khz_en", 1, false));
        out.push(Signal::new(prefix, "clk_100khz_en", 1, false));
    }

    fn sample(&self, out: &mut [u64]) -> usize {
        out[0] = u64::from(self.cnt_4k);
        out[1] = u64::from(self.cnt_100k);
        out[2] = u64::from(self.clk_4khz_en);
        out[3] = u64::from(self.clk_100khz_en);
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Clock edges at which the 4 kHz pulse is high, over `n` edges after reset.
    fn pulses(fast: bool, n: u32) -> Vec<u32> {
        let mut g = ClockEnableGenerator::new(fast);
        (1..=n).filter(|_| g.tick().clk_4khz_en).collect()
    }

    #[test]
    fn enable_period_is_exactly_31250_clocks() {
        let p = pulses(false, 31_250 * 5);
        assert_eq!(p, vec![31_250, 62_500, 93_750, 125_000, 156_250]);
    }

    #[test]
    fn fast_sim_period_is_exactly_10_clocks() {
        let p = pulses(true, 100);
        assert_eq!(p, (1..=10).map(|k| 10 * k).collect::<Vec<_>>());
    }

    #[test]
    fn the_pulse_is_one_clock_wide_and_the_100k_path_divides_by_1250() {
        let mut g = ClockEnableGenerator::new(false);
        let (mut hi4, mut hi100, mut prev) = (0u32, 0u32, false);
        for _ in 0..125_000 {
            let o = g.tick();
            assert!(!(prev && o.clk_4khz_en), "two consecutive high clocks");
            prev = o.clk_4khz_en;
            hi4 += u32::from(o.clk_4khz_en);
            hi100 += u32::from(o.clk_100khz_en);
        }
        // 1 ms of 125 MHz: 4 ticks at 4 kHz, 100 at 100 kHz.
        assert_eq!((hi4, hi100), (4, 100));
    }

    #[test]
    fn reset_clears_the_counters() {
        let mut g = ClockEnableGenerator::new(true);
        for _ in 0..7 {
            g.tick();
        }
        g.reset();
        assert_eq!(g, ClockEnableGenerator::new(true));
        assert_eq!(g.read("cnt_4k"), Some(0));
    }
}
