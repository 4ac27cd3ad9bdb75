//! Observers: incremental measurements fed one tick at a time while a model runs, read at any
//! time. They know nothing of who drives them (the CLI, a sweep, a higher crate); they take plain
//! values, and the processor's facts (SIE thresholds, tick rate) come from `phin_core`.

use crate::error::{check_rate, Result};
use crate::phase::angle_turned;
use phin_core::constants::{GAIN_PEAK, PLV_BASELINE, PLV_PEAK, TICK_HZ};
use phin_core::identity::SiePhase;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// Mean frequency of an oscillator from the angle its (x, y) state turns per sample.
///
/// The mean of the per-sample [`instantaneous_frequency`](crate::phase::instantaneous_frequency)
/// over every pair pushed: the total angle turned over the time elapsed. Since the angles add up
/// to the unwrapped phase advance, rounding of (x, y) (Q14 registers) only enters through the
/// first and last samples of each run of pairs. Several oscillators may be pooled into one meter
/// (each pair counts as one sample).
///
/// ```
/// use phin_analysis::observers::FrequencyMeter;
/// use phin_core::constants::TICK_HZ;
///
/// let mut meter = FrequencyMeter::default(); // at the processor's 4 kHz
/// let turn = std::f64::consts::TAU * 9.53 / TICK_HZ;
/// for t in 0..4_000 {
///     let (a, b) = (turn * t as f64, turn * (t + 1) as f64);
///     meter.push((a.cos(), a.sin()), (b.cos(), b.sin()));
/// }
/// assert!((meter.hz() - 9.53).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrequencyMeter {
    sample_rate_hz: f64,
    turn: f64,
    samples: u64,
    last: Option<(f64, f64)>,
}

impl Default for FrequencyMeter {
    /// A meter at the processor's tick rate, [`TICK_HZ`].
    fn default() -> Self {
        FrequencyMeter {
            sample_rate_hz: TICK_HZ,
            turn: 0.0,
            samples: 0,
            last: None,
        }
    }
}

impl FrequencyMeter {
    /// A meter for samples taken at `sample_rate_hz` (a positive finite number).
    pub fn new(sample_rate_hz: f64) -> Result<Self> {
        check_rate(sample_rate_hz)?;
        Ok(FrequencyMeter {
            sample_rate_hz,
            ..Default::default()
        })
    }

    /// One sample interval: the state before and after it.
    pub fn push<T: Into<f64>>(&mut self, before: (T, T), after: (T, T)) {
        self.turn += angle_turned(before, after);
        self.samples += 1;
    }

    /// The next (x, y) of one oscillator: pairs it with the one pushed before by this method
    /// (the first call only remembers it).
    pub fn push_xy<T: Into<f64>>(&mut self, xy: (T, T)) {
        let xy = (xy.0.into(), xy.1.into());
        if let Some(before) = self.last {
            self.push(before, xy);
        }
        self.last = Some(xy);
    }

    /// Mean frequency so far, Hz (0.0 before the first interval).
    pub fn hz(&self) -> f64 {
        if self.samples == 0 {
            0.0
        } else {
            self.turn / self.samples as f64 * self.sample_rate_hz / TAU
        }
    }

    /// Intervals measured so far.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Total angle turned so far, radians.
    pub fn turned(&self) -> f64 {
        self.turn
    }

    /// The sample rate, Hz.
    pub fn sample_rate_hz(&self) -> f64 {
        self.sample_rate_hz
    }
}

/// `sie_plv` (Q14) above which the target PLV has risen from its baseline 0.45
/// ([`PLV_BASELINE`]); the comparison is strict.
pub const SIE_PLV_RISE_Q14: i64 = PLV_BASELINE;
/// `sie_plv` (Q14) at which the target PLV is high: 0.80 ([`PLV_PEAK`]).
pub const SIE_PLV_HIGH_Q14: i64 = PLV_PEAK;
/// `sie_gain` (Q14) at which the SR gain surges: half its peak, 0.5 ([`GAIN_PEAK`] / 2).
pub const SIE_GAIN_SURGE_Q14: i64 = GAIN_PEAK / 2;
/// `sie_gain` (Q14) at full gain: 1.0 ([`GAIN_PEAK`]).
pub const SIE_GAIN_FULL_Q14: i64 = GAIN_PEAK;

/// One Schumann ignition event as the SIE controller went through it. Times are in seconds,
/// `tick / tick_hz` of the push at which the condition was first seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SieEvent {
    /// Start of COHERENCE, s.
    pub start_s: f64,
    /// First tick the target PLV rose above its baseline 0.45, s.
    pub plv_rise_s: Option<f64>,
    /// First tick the target PLV reached 0.8, s.
    pub plv_high_s: Option<f64>,
    /// First tick the SR gain reached 0.5 (the amplitude surge), s.
    pub gain_surge_s: Option<f64>,
    /// First tick the SR gain reached 1.0, s.
    pub gain_full_s: Option<f64>,
    /// Return to BASELINE (end of REFRACTORY), s, if seen.
    pub end_s: Option<f64>,
}

/// Finds SIE events in the controller's `sie_phase`, `sie_plv` and `sie_gain`, one tick at a
/// time.
///
/// An event starts at a push whose phase is COHERENCE while no event is open; from that push on,
/// until and including the push whose phase is BASELINE again (which ends it), the detector
/// records the first time the PLV exceeds [`SIE_PLV_RISE_Q14`] and reaches [`SIE_PLV_HIGH_Q14`],
/// and the gain reaches [`SIE_GAIN_SURGE_Q14`] and [`SIE_GAIN_FULL_Q14`]. An event still open
/// when the pushes stop has no `end_s`. The detector also counts the pushes with an event under
/// way (COHERENCE … DECAY, [`SiePhase::is_active`]).
///
/// ```
/// use phin_analysis::observers::SieEventDetector;
/// use phin_core::identity::SiePhase;
///
/// let mut d = SieEventDetector::default();
/// d.push(1, SiePhase::Baseline, 7_373, 0);
/// d.push(2, SiePhase::Coherence, 8_000, 100);
/// d.push(3, SiePhase::Baseline, 7_373, 0);
/// let e = d.events()[0];
/// assert_eq!((e.start_s, e.plv_rise_s, e.end_s), (0.0005, Some(0.0005), Some(0.00075)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SieEventDetector {
    tick_hz: f64,
    events: Vec<SieEvent>,
    ticks: u64,
    active_ticks: u64,
}

impl Default for SieEventDetector {
    /// A detector at the processor's tick rate, [`TICK_HZ`].
    fn default() -> Self {
        SieEventDetector {
            tick_hz: TICK_HZ,
            events: Vec::new(),
            ticks: 0,
            active_ticks: 0,
        }
    }
}

impl SieEventDetector {
    /// A detector whose ticks come at `tick_hz` (a positive finite number; the processor's is
    /// [`TICK_HZ`], as [`Default`] gives).
    pub fn new(tick_hz: f64) -> Result<Self> {
        check_rate(tick_hz)?;
        Ok(SieEventDetector {
            tick_hz,
            ..Default::default()
        })
    }

    /// The controller's outputs after a tick: `tick` counts the ticks run so far (its time is
    /// `tick / tick_hz`), `phase` is `sie_phase`, `plv_q14` `sie_plv` and `gain_q14` `sie_gain`
    /// (Q14).
    pub fn push(&mut self, tick: u64, phase: SiePhase, plv_q14: i32, gain_q14: i32) {
        let now = tick as f64 / self.tick_hz;
        self.ticks += 1;
        if phase.is_active() {
            self.active_ticks += 1;
        }
        if phase == SiePhase::Coherence && self.open().is_none() {
            self.events.push(SieEvent {
                start_s: now,
                ..Default::default()
            });
        }
        let (plv, gain) = (i64::from(plv_q14), i64::from(gain_q14));
        if let Some(e) = self.events.last_mut().filter(|e| e.end_s.is_none()) {
            let first = |slot: &mut Option<f64>, reached: bool| {
                if slot.is_none() && reached {
                    *slot = Some(now);
                }
            };
            first(&mut e.plv_rise_s, plv > SIE_PLV_RISE_Q14);
            first(&mut e.plv_high_s, plv >= SIE_PLV_HIGH_Q14);
            first(&mut e.gain_surge_s, gain >= SIE_GAIN_SURGE_Q14);
            first(&mut e.gain_full_s, gain >= SIE_GAIN_FULL_Q14);
            first(&mut e.end_s, phase == SiePhase::Baseline);
        }
    }

    /// The event under way (started, not yet back to BASELINE), if any.
    pub fn open(&self) -> Option<&SieEvent> {
        self.events.last().filter(|e| e.end_s.is_none())
    }

    /// Every event started so far, in order.
    pub fn events(&self) -> &[SieEvent] {
        &self.events
    }

    /// The events, consuming the detector.
    pub fn into_events(self) -> Vec<SieEvent> {
        self.events
    }

    /// Pushes so far.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// Fraction of the pushes with an event under way (COHERENCE … DECAY); 0.0 before the
    /// first push.
    pub fn active_fraction(&self) -> f64 {
        self.active_ticks as f64 / self.ticks.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_the_controllers() {
        assert_eq!(SIE_PLV_RISE_Q14, 7_373);
        assert_eq!(SIE_PLV_HIGH_Q14, 13_107);
        assert_eq!(SIE_GAIN_SURGE_Q14, 8_192);
        assert_eq!(SIE_GAIN_FULL_Q14, 16_384);
    }

    #[test]
    fn meter_pairs_successive_samples_and_refuses_bad_rates() {
        let mut m = FrequencyMeter::new(4.0).unwrap();
        assert_eq!(m.hz(), 0.0);
        m.push_xy((1, 0));
        assert_eq!(m.samples(), 0);
        m.push_xy((0, 1)); // a quarter turn per sample at 4 Hz sampling: 1 Hz
        m.push_xy((-1, 0));
        assert_eq!(m.samples(), 2);
        assert!((m.hz() - 1.0).abs() < 1e-15);
        assert!(FrequencyMeter::new(0.0).is_err());
        assert!(FrequencyMeter::new(f64::NAN).is_err());
        assert!(SieEventDetector::new(-4000.0).is_err());
    }
}
