//! Scripted stimulus for the whole processor: what a session on the board looks like. Each
//! segment holds one consciousness state (entered through a transition of a chosen length, the
//! invalid codes 5-7 included), while Schumann-resonance field bursts (square waves at the SR
//! frequencies, broadband and per harmonic) and sensory patterns (pulse trains, ramps, steps)
//! come and go. Seeded, so every run can be repeated; rows are in
//! [`crate::models::top::TOP_PORTS`] order.

use crate::models::top::TOP_PORTS;
use crate::stimulus::Stimulus;
use phin_core::constants::TICK_HZ;
use phin_core::fixed_point::wrap_u;
use rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The SR centre frequencies (section 2.2), Hz, for the burst square waves.
const SR_HZ: [f64; 5] = [7.6, 13.75, 20.0, 25.0, 32.0];

/// What the sensory input does during a segment.
#[derive(Clone, Copy, Debug)]
enum Sensory {
    Silent,
    Step(i64),
    /// Pulses of the amplitude, `on` ticks every `period` ticks.
    Pulses {
        amp: i64,
        on: u64,
        period: u64,
    },
    /// A ramp from −amp to +amp over the segment.
    Ramp(i64),
}

/// One stretch of the script.
#[derive(Clone, Copy, Debug)]
struct Segment {
    start: u64,
    len: u64,
    state: u8,
    duration: u16,
    /// Amplitude of the broadband SR square wave at f₀ (0: no burst).
    burst: i64,
    /// Harmonics with a per-harmonic burst (bit h).
    harmonics: u8,
    /// `ignition_trigger` high for `trigger` ticks from an eighth of the segment (0: none).
    trigger: u64,
    sensory: Sensory,
}

/// The scripted scenario.
pub struct TopScenario {
    rng: Xoshiro256PlusPlus,
    seg: Segment,
    /// Segments started so far.
    count: u64,
    /// The seed, printed with every result.
    pub seed: u64,
}

impl TopScenario {
    /// A scenario from `seed`.
    pub fn new(seed: u64) -> TopScenario {
        let mut s = TopScenario {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            seg: Segment {
                start: 0,
                len: 0,
                state: 0,
                duration: 0,
                burst: 0,
                harmonics: 0,
                trigger: 0,
                sensory: Sensory::Silent,
            },
            count: 1,
            seed,
        };
        s.seg = s.segment(0, 0);
        s
    }

    fn below(&mut self, n: u64) -> u64 {
        crate::stimulus::below(&mut self.rng, n)
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// The segment starting at `start`; segment `k` visits the states in order, then random ones.
    fn segment(&mut self, start: u64, k: u64) -> Segment {
        let state = if k < 5 {
            k as u8
        } else {
            self.pick(&[0, 1, 2, 3, 4, 4, 0, 5, 7])
        };
        let len = self.pick(&[4_000, 12_000, 20_000, 40_000]);
        let duration = self.pick(&[0, 1, 400, 4_000, 16_000]);
        let burst = self.pick(&[0, 0, 1_638, 8_192, 16_384]);
        let harmonics = if self.below(3) == 0 {
            self.below(32) as u8
        } else {
            0
        };
        let trigger = self.pick(&[0, 0, 1, 1, 4_000]);
        let amp = self.pick(&[4_096, 8_192, 16_384]);
        let sensory = match self.below(4) {
            0 => Sensory::Silent,
            1 => Sensory::Step(amp),
            2 => Sensory::Pulses {
                amp,
                on: self.pick(&[40, 200, 680]),
                period: self.pick(&[400, 1_000, 2_720]),
            },
            _ => Sensory::Ramp(amp),
        };
        Segment {
            start,
            len,
            state,
            duration,
            burst,
            harmonics,
            trigger,
            sensory,
        }
    }
}

/// A square wave of `amp` at `hz`, sampled at tick `t`.
fn square(amp: i64, hz: f64, t: u64) -> i64 {
    let phase = (t as f64 * hz / TICK_HZ).fract();
    if phase < 0.5 {
        amp
    } else {
        -amp
    }
}

impl Stimulus for TopScenario {
    fn next(&mut self, tick: u64, out: &mut [u64]) -> bool {
        if tick >= self.seg.start + self.seg.len {
            self.seg = self.segment(tick, self.count);
            self.count += 1;
        }
        let s = self.seg;
        let t = tick - s.start;
        // Bursts last the middle half of the segment.
        let in_burst = t >= s.len / 4 && t < 3 * s.len / 4;
        let sensory = match s.sensory {
            Sensory::Silent => 0,
            Sensory::Step(a) => a,
            Sensory::Pulses { amp, on, period } => {
                if t % period < on {
                    amp
                } else {
                    0
                }
            }
            Sensory::Ramp(a) => -a + (2 * a * t as i64) / s.len.max(1) as i64,
        };
        let broadband = if in_burst && s.burst != 0 {
            square(s.burst, SR_HZ[0], tick)
        } else {
            0
        };
        let row = [
            sensory,
            i64::from(s.state),
            i64::from(s.duration),
            broadband,
        ];
        for (k, v) in row.iter().enumerate() {
            out[k] = wrap_u(*v, TOP_PORTS[k].width);
        }
        for h in 0..5 {
            let on = in_burst && s.harmonics & (1 << h) != 0;
            let v = if on { square(8_192, SR_HZ[h], tick) } else { 0 };
            out[4 + h] = wrap_u(v, TOP_PORTS[4 + h].width);
        }
        let from = s.len / 8;
        out[9] = u64::from(t >= from && t < from + s.trigger);
        true
    }
}
