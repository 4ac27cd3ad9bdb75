//! The one place where seconds become ticks and time constants become per-tick factors.
//!
//! The processor's 4 kHz clock enable is the only clock ([`TICK_HZ`], from phin-core). Every
//! time constant in this crate is a parameter in seconds; the per-tick factors are derived here
//! and nowhere else. A first-order decay with time constant τ advances by `exp(−dt/τ)` per tick
//! (dt = 0.25 ms); an exponential moving average moves by `1 − exp(−dt/τ)` of the distance per
//! tick. The blueprint's "0.993 per step, half-life ~100 ms" (section 1, imperative → NT map) is
//! a per-millisecond factor: [`tau_from_factor`] turns it into τ = −1 ms / ln 0.993 = 0.1424 s,
//! which is 0.998245 per tick, not 0.993 per tick.

pub use phin_core::constants::TICK_HZ;

/// Seconds per tick: 0.25 ms.
pub const TICK_S: f64 = 1.0 / TICK_HZ;

/// Ticks in `seconds`, rounded to the nearest tick (negative or non-finite → 0).
pub fn ticks(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * TICK_HZ).round() as u64
    } else {
        0
    }
}

/// Seconds in `ticks`.
pub fn seconds(ticks: u64) -> f64 {
    ticks as f64 * TICK_S
}

/// The per-tick factor of a first-order decay with time constant `tau_s` seconds:
/// `exp(−dt/τ)`. An infinite τ gives 1 (no decay).
pub fn decay_per_tick(tau_s: f64) -> f64 {
    (-TICK_S / tau_s).exp()
}

/// The per-tick weight of an exponential moving average with time constant `tau_s` seconds:
/// `α = 1 − exp(−dt/τ)` (the blueprint's section 10 form, dt = one tick).
pub fn ema_weight_per_tick(tau_s: f64) -> f64 {
    -(-TICK_S / tau_s).exp_m1()
}

/// The per-step factor of a first-order decay with time constant `tau_s` seconds, for a loop
/// that runs every `every_ticks` ticks: `exp(−every·dt/τ)` (the body's slower loop).
pub fn decay_per_step(tau_s: f64, every_ticks: u64) -> f64 {
    (-(every_ticks as f64) * TICK_S / tau_s).exp()
}

/// The per-step weight of an exponential moving average with time constant `tau_s` seconds,
/// for a loop that runs every `every_ticks` ticks: `1 − exp(−every·dt/τ)`.
pub fn ema_weight_per_step(tau_s: f64, every_ticks: u64) -> f64 {
    -(-(every_ticks as f64) * TICK_S / tau_s).exp_m1()
}

/// The time constant, in seconds, of a decay that multiplies by `factor` every `step_s`
/// seconds: τ = −step / ln(factor).
pub fn tau_from_factor(factor: f64, step_s: f64) -> f64 {
    -step_s / factor.ln()
}

/// The half-life of a first-order decay with time constant `tau_s`: τ·ln 2.
pub fn half_life_s(tau_s: f64) -> f64 {
    tau_s * std::f64::consts::LN_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blueprint_per_millisecond_factor_is_not_a_per_tick_factor() {
        let tau = tau_from_factor(0.993, 0.001);
        assert!((tau - 0.142_357).abs() < 1e-5, "{tau}");
        assert!((half_life_s(tau) - 0.098_674).abs() < 1e-5);
        let per_tick = decay_per_tick(tau);
        assert!((per_tick - 0.998_245).abs() < 1e-6, "{per_tick}");
        // Four ticks make one millisecond: the factor comes back.
        assert!((per_tick.powi(4) - 0.993).abs() < 1e-12);
    }

    #[test]
    fn ticks_round_and_refuse_nonsense() {
        assert_eq!(ticks(1.0), 4_000);
        assert_eq!(ticks(0.000_124), 0);
        assert_eq!(ticks(0.000_126), 1);
        assert_eq!(ticks(-1.0), 0);
        assert_eq!(ticks(f64::NAN), 0);
        assert_eq!(seconds(4_000), 1.0);
        assert_eq!(decay_per_tick(f64::INFINITY), 1.0);
        let w = ema_weight_per_tick(10.0);
        assert!((w - (1.0 - (-0.000_025f64).exp())).abs() < 1e-15);
    }
}
