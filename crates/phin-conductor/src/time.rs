//! Time: the processor's 4 kHz tick is the only clock. Every duration in the parameters is in
//! seconds and becomes ticks here, and every time constant becomes a per-tick (or per-period)
//! factor here, in one place.
//!
//! The conductor runs four loops at the document's coordination tiers
//! (neural-conductor-theory.md, "Pattern 3: Hierarchical Coordination": micro 1-10 ms, meso
//! 10-100 ms, macro 100 ms-1 s, meta 1 s+), each at the lower edge of its tier:
//!
//! | tier | period | ticks | what runs |
//! |---|---|---|---|
//! | tick | 0.25 ms | 1 | the steering drive, the software layer oscillators |
//! | micro | 2 ms | 8 | phase sampling: coherence, locked relations, the desynchronisation detector |
//! | meso | 10 ms | 40 | the steering controller, neurotransmitter events, the routing step, the other detectors and recoveries |
//! | macro | 100 ms | 400 | gradual restorations, success forgetting, the series |
//! | meta | 1 s | 4000 | the flow record |
//!
//! (Phases are sampled every 8 ticks, the coherence's `sample_ticks`, inside the micro tier.)
//!
//! Within one tick the order is fixed (see `Conductor::tick`): read the probe, micro work,
//! meso work, macro work, meta work, then compute the inputs of this tick.

use phin_core::constants::TICK_HZ;

/// Ticks per second of the processor's clock enable (4000).
pub const TICKS_PER_SECOND: f64 = TICK_HZ;

/// The micro tier's period, ticks (1 ms).
pub const MICRO_TICKS: u64 = 4;
/// The meso tier's period, ticks (10 ms).
pub const MESO_TICKS: u64 = 40;
/// The macro tier's period, ticks (100 ms).
pub const MACRO_TICKS: u64 = 400;
/// The meta tier's period, ticks (1 s).
pub const META_TICKS: u64 = 4_000;

/// Whole ticks in `seconds` (rounded to the nearest tick; negative or NaN gives 0).
pub fn ticks(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * TICKS_PER_SECOND).round() as u64
    } else {
        0
    }
}

/// Seconds of `ticks` ticks.
pub fn seconds(ticks: u64) -> f64 {
    ticks as f64 / TICKS_PER_SECOND
}

/// The factor by which a first-order (exponential) process of time constant `tau_s` seconds
/// keeps its distance to its target over `period_ticks` ticks: e^(−period/τ). A τ of 0 (or
/// below) gives 0: the target is reached at once.
pub fn decay_factor(tau_s: f64, period_ticks: u64) -> f64 {
    if tau_s > 0.0 {
        (-(period_ticks as f64 / TICKS_PER_SECOND) / tau_s).exp()
    } else {
        0.0
    }
}

/// The phase a clock at `hz` turns in one tick, radians.
pub fn radians_per_tick(hz: f64) -> f64 {
    std::f64::consts::TAU * hz / TICKS_PER_SECOND
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_ticks() {
        assert_eq!(ticks(1.0), 4_000);
        assert_eq!(ticks(0.1), MACRO_TICKS);
        assert_eq!(ticks(0.01), MESO_TICKS);
        assert_eq!(ticks(0.001), MICRO_TICKS);
        assert_eq!(ticks(-1.0), 0);
        assert_eq!(ticks(f64::NAN), 0);
        assert_eq!(seconds(6_000), 1.5);
        // After τ, 1/e is left.
        let f = decay_factor(2.0, 8_000);
        assert!((f - (-1.0f64).exp()).abs() < 1e-12);
        assert_eq!(decay_factor(0.0, 1), 0.0);
        // Per-period factors compose: ten meso steps are one macro step.
        let meso = decay_factor(0.5, MESO_TICKS);
        assert!((meso.powi(10) - decay_factor(0.5, MACRO_TICKS)).abs() < 1e-12);
        assert!((radians_per_tick(4_000.0) - std::f64::consts::TAU).abs() < 1e-12);
    }
}
