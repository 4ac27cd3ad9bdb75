//! The file of `phin sweep --config sweep.toml`: a grid of experiments over the processor's
//! input ports (state, adaptive dynamics, a constant SR field, a sine drive on `sensory_input`),
//! the warm-up discarded before measuring, the seed, the measured seconds and the figures kept
//! per point. Every key is checked here, with an error naming the key and its allowed range;
//! unknown keys are refused by name (serde's `deny_unknown_fields`).
//!
//! The processor model is deterministic, so a seed changes only what this file says it does
//! (docs/cli.md, "phin sweep"): the drive's starting phase, and the seeded white noise on
//! `sensory_input` during the warm-up, which gives each seed its own starting state.

use crate::args::{parse_state, UserError};
use phin_core::constants::TICK_HZ;
use phin_core::control::{q14_input, Q14_MAX};
use phin_core::identity::{ConsciousnessState, Oscillator};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Longest measured (or warm-up) time per point: one simulated day.
pub const MAX_SECONDS: f64 = 86_400.0;
/// Most points in one sweep (a shard holds its share; the engine runs them in chunks).
pub const MAX_POINTS: usize = 1_000_000;
/// Highest drive frequency, Hz: half the tick rate (Nyquist).
pub const MAX_DRIVE_HZ: f64 = TICK_HZ / 2.0;

/// The whole sweep file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepConfig {
    /// Measured simulated seconds per point, after its warm-up (0 < S <= 86400).
    pub seconds: f64,
    /// Ticks of the transition into the point's state, `transition_duration[15:0]` (section 8.4
    /// of the processor description); default 4000, the 1 s ramp `phin run` uses.
    #[serde(default = "default_transition")]
    pub transition_duration: u16,
    /// Amplitude (Q4.14 real, 1.0 = full scale) of the seeded uniform white noise added to
    /// `sensory_input` during the warm-up only; 0 turns it off. A design parameter of the sweep,
    /// not of the processor: its default 0.1 is a small perturbation, a tenth of full scale.
    #[serde(default = "default_noise")]
    pub warmup_noise: f64,
    /// The figures kept per point, each a column: `dac_mean`, `dac_rms`, `kuramoto_r_mean`,
    /// `sie_fraction`, `plv:OSC`, `hz:OSC`, `radius:OSC` (OSC an oscillator name: `theta`,
    /// `motor.l4`, `sr.f0` …).
    #[serde(default = "default_figures")]
    pub figures: Vec<String>,
    /// The axes of the grid.
    #[serde(default)]
    pub grid: Grid,
}

/// The axes of the grid; points are their cartesian product, in this order (the last axis,
/// `seed`, varying fastest).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Consciousness states, by name or code 0-4 (default: normal).
    #[serde(default = "default_states")]
    pub state: Vec<String>,
    /// `ENABLE_ADAPTIVE` (default: false).
    #[serde(default = "default_adaptive")]
    pub adaptive: Vec<bool>,
    /// Constant broadband SR field `sr_field_input`, Q4.14 reals (default: 0).
    #[serde(default = "default_zero")]
    pub sr_field: Vec<f64>,
    /// Frequency of the sine on `sensory_input`, Hz (0 … 2000; default: 0).
    #[serde(default = "default_zero")]
    pub drive_hz: Vec<f64>,
    /// Amplitude of the sine, Q4.14 reals (0 … 7.99; default: 0, no drive).
    #[serde(default = "default_zero")]
    pub drive_amplitude: Vec<f64>,
    /// Seconds run before measuring, discarded (0 … 86400; default: 0).
    #[serde(default = "default_zero")]
    pub warmup_s: Vec<f64>,
    /// Seeds (0 … 2^63 − 1 in TOML; default: 0).
    #[serde(default = "default_seed")]
    pub seed: Vec<u64>,
}

impl Default for Grid {
    fn default() -> Self {
        Grid {
            state: default_states(),
            adaptive: default_adaptive(),
            sr_field: default_zero(),
            drive_hz: default_zero(),
            drive_amplitude: default_zero(),
            warmup_s: default_zero(),
            seed: default_seed(),
        }
    }
}

fn default_transition() -> u16 {
    4_000
}
fn default_noise() -> f64 {
    0.1
}
fn default_figures() -> Vec<String> {
    ["dac_mean", "dac_rms", "kuramoto_r_mean", "sie_fraction"]
        .map(String::from)
        .to_vec()
}
fn default_states() -> Vec<String> {
    vec![ConsciousnessState::Normal.name().to_string()]
}
fn default_adaptive() -> Vec<bool> {
    vec![false]
}
fn default_zero() -> Vec<f64> {
    vec![0.0]
}
fn default_seed() -> Vec<u64> {
    vec![0]
}

/// One figure kept per point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// Mean DAC code over the measured ticks.
    DacMean,
    /// Root mean square of the DAC code about its mean (its standard deviation), codes.
    DacRms,
    /// Mean of the processor's own Kuramoto order parameter `kuramoto_r`.
    KuramotoRMean,
    /// Fraction of measured ticks with the SIE out of BASELINE.
    SieFraction,
    /// Phase-locking value between the oscillator and the drive's phase.
    Plv(Oscillator),
    /// Mean frequency of the oscillator, Hz (phin-analysis' `FrequencyMeter`).
    Hz(Oscillator),
    /// Mean radius sqrt(x² + y²) of the oscillator, Q4.14 reals.
    Radius(Oscillator),
}

impl Figure {
    /// The figure a name gives, or an error naming `figures` and the allowed names.
    pub fn parse(s: &str) -> Result<Figure, UserError> {
        let bad = || {
            UserError(format!(
                "figures: {s:?} is not a figure (allowed dac_mean, dac_rms, kuramoto_r_mean, \
                 sie_fraction, plv:OSC, hz:OSC, radius:OSC with OSC an oscillator: theta, \
                 <column>.<layer> as motor.l4, sr.<harmonic> as sr.f0)"
            ))
        };
        let t = s.trim();
        Ok(match t {
            "dac_mean" => Figure::DacMean,
            "dac_rms" => Figure::DacRms,
            "kuramoto_r_mean" => Figure::KuramotoRMean,
            "sie_fraction" => Figure::SieFraction,
            _ => {
                let (kind, osc) = t.split_once(':').ok_or_else(bad)?;
                let osc: Oscillator = osc.parse().map_err(|_| bad())?;
                match kind {
                    "plv" => Figure::Plv(osc),
                    "hz" => Figure::Hz(osc),
                    "radius" => Figure::Radius(osc),
                    _ => return Err(bad()),
                }
            }
        })
    }

    /// The column name: the figure's canonical spelling (`plv:motor.l4`).
    pub fn name(self) -> String {
        match self {
            Figure::DacMean => "dac_mean".into(),
            Figure::DacRms => "dac_rms".into(),
            Figure::KuramotoRMean => "kuramoto_r_mean".into(),
            Figure::SieFraction => "sie_fraction".into(),
            Figure::Plv(o) => format!("plv:{o}"),
            Figure::Hz(o) => format!("hz:{o}"),
            Figure::Radius(o) => format!("radius:{o}"),
        }
    }

    /// The column's unit.
    pub fn unit(self) -> &'static str {
        match self {
            Figure::DacMean | Figure::DacRms => "DAC code",
            Figure::KuramotoRMean | Figure::SieFraction | Figure::Plv(_) => "1",
            Figure::Hz(_) => "Hz",
            Figure::Radius(_) => "full scale",
        }
    }
}

/// One point of the grid, its values checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Index in the whole grid (the row's key).
    pub index: usize,
    /// Consciousness state.
    pub state: ConsciousnessState,
    /// `ENABLE_ADAPTIVE`.
    pub adaptive: bool,
    /// `sr_field_input`, real.
    pub sr_field: f64,
    /// Drive frequency, Hz.
    pub drive_hz: f64,
    /// Drive amplitude, real.
    pub drive_amplitude: f64,
    /// Warm-up, seconds.
    pub warmup_s: f64,
    /// Seed.
    pub seed: u64,
}

/// A checked sweep: its points, its figures and its fingerprint.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The file's values.
    pub config: SweepConfig,
    /// The file in canonical form (what the digest is of).
    pub canonical: String,
    /// The first 16 hex digits of SHA-256 of `canonical`.
    pub digest: String,
    /// Every point, in grid order.
    pub points: Vec<Point>,
    /// The figures, in the order given.
    pub figures: Vec<Figure>,
    /// Measured ticks per point.
    pub ticks: u64,
}

/// Checks a list of reals against `[lo, hi]`, naming `grid.<key>`.
fn check_list(key: &str, v: &[f64], lo: f64, hi: f64) -> Result<(), UserError> {
    for &x in v {
        if !x.is_finite() || x < lo || x > hi {
            return Err(UserError(format!(
                "grid.{key} = {x} is out of range (allowed {lo} … {hi})"
            )));
        }
    }
    Ok(())
}

/// `Some(ticks)` of `seconds`, rounded to the nearest tick.
pub fn ticks_of(seconds: f64) -> u64 {
    (seconds * TICK_HZ).round() as u64
}

impl SweepConfig {
    /// Reads a sweep file. Errors name the file, the line and the key.
    pub fn load(path: &Path) -> Result<SweepConfig, UserError> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError(format!("--config {shown}: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let msg = e.message().replace('\n', " ");
            match line {
                Some(l) => UserError(format!("--config {shown}:{l}: {msg}")),
                None => UserError(format!("--config {shown}: {msg}")),
            }
        })
    }

    /// Checks every value and expands the grid.
    pub fn check(self) -> Result<Sweep, UserError> {
        let c = &self;
        if !c.seconds.is_finite() || c.seconds <= 0.0 || c.seconds > MAX_SECONDS {
            return Err(UserError(format!(
                "seconds = {} is out of range (allowed (0, {MAX_SECONDS}])",
                c.seconds
            )));
        }
        let ticks = ticks_of(c.seconds);
        if ticks == 0 {
            return Err(UserError(format!(
                "seconds = {} is shorter than one tick (allowed at least {})",
                c.seconds,
                1.0 / TICK_HZ
            )));
        }
        if !c.warmup_noise.is_finite() || c.warmup_noise < 0.0 || c.warmup_noise > Q14_MAX {
            return Err(UserError(format!(
                "warmup_noise = {} is out of range (allowed 0 … {Q14_MAX})",
                c.warmup_noise
            )));
        }
        let g = &c.grid;
        let axes: [(&str, usize); 7] = [
            ("state", g.state.len()),
            ("adaptive", g.adaptive.len()),
            ("sr_field", g.sr_field.len()),
            ("drive_hz", g.drive_hz.len()),
            ("drive_amplitude", g.drive_amplitude.len()),
            ("warmup_s", g.warmup_s.len()),
            ("seed", g.seed.len()),
        ];
        for (k, n) in axes {
            if n == 0 {
                return Err(UserError(format!(
                    "grid.{k} is empty (allowed 1 or more values)"
                )));
            }
        }
        let states: Vec<ConsciousnessState> = g
            .state
            .iter()
            .map(|s| parse_state("grid.state", s))
            .collect::<Result<_, _>>()?;
        for &x in &g.sr_field {
            q14_input("sr_field_input", x).map_err(|e| {
                UserError(format!(
                    "grid.sr_field = {x} is out of range (allowed {} … {})",
                    e.min, e.max
                ))
            })?;
        }
        check_list("drive_hz", &g.drive_hz, 0.0, MAX_DRIVE_HZ)?;
        check_list("drive_amplitude", &g.drive_amplitude, 0.0, Q14_MAX)?;
        check_list("warmup_s", &g.warmup_s, 0.0, MAX_SECONDS)?;
        // The sensory word carries drive + noise: both together must fit the port.
        let top = g.drive_amplitude.iter().copied().fold(0.0, f64::max);
        if top + c.warmup_noise > Q14_MAX {
            return Err(UserError(format!(
                "grid.drive_amplitude + warmup_noise = {top} + {} is out of range (allowed at \
                 most {Q14_MAX}, the sensory port's full range)",
                c.warmup_noise
            )));
        }
        if let Some(s) = g.seed.iter().find(|&&s| s > i64::MAX as u64) {
            return Err(UserError(format!(
                "grid.seed = {s} is out of range (allowed 0 … {})",
                i64::MAX
            )));
        }
        let mut figures = Vec::new();
        for f in &c.figures {
            let fig = Figure::parse(f)?;
            if figures.contains(&fig) {
                return Err(UserError(format!(
                    "figures: {:?} is listed twice (allowed once each)",
                    fig.name()
                )));
            }
            figures.push(fig);
        }
        if figures.is_empty() {
            return Err(UserError(
                "figures is empty (allowed 1 or more figures)".into(),
            ));
        }
        let n: usize = axes
            .iter()
            .map(|&(_, n)| n)
            .try_fold(1usize, |a, n| a.checked_mul(n).filter(|&p| p <= MAX_POINTS))
            .ok_or_else(|| {
                UserError(format!(
                    "grid: {} points is out of range (allowed 1 … {MAX_POINTS})",
                    axes.iter().map(|&(_, n)| n as f64).product::<f64>()
                ))
            })?;
        let mut points = Vec::with_capacity(n);
        for &state in &states {
            for &adaptive in &g.adaptive {
                for &sr_field in &g.sr_field {
                    for &drive_hz in &g.drive_hz {
                        for &drive_amplitude in &g.drive_amplitude {
                            for &warmup_s in &g.warmup_s {
                                for &seed in &g.seed {
                                    points.push(Point {
                                        index: points.len(),
                                        state,
                                        adaptive,
                                        sr_field,
                                        drive_hz,
                                        drive_amplitude,
                                        warmup_s,
                                        seed,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        let canonical = toml::to_string(&self)
            .map_err(|e| UserError(format!("--config: cannot write it back: {e}")))?;
        let digest = Sha256::digest(canonical.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Sweep {
            config: self,
            canonical,
            digest,
            points,
            figures,
            ticks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Sweep, UserError> {
        let c: SweepConfig = toml::from_str(text).map_err(|e| UserError(e.to_string()))?;
        c.check()
    }

    #[test]
    fn the_grid_expands_in_axis_order_seed_fastest() {
        let s = parse(
            "seconds = 1\n[grid]\nstate = [\"flow\", \"0\"]\nseed = [1, 2, 3]\n\
             drive_amplitude = [0.0, 0.5]\n",
        )
        .unwrap();
        assert_eq!(s.points.len(), 12);
        assert_eq!(s.ticks, 4_000);
        assert_eq!((s.points[1].seed, s.points[3].drive_amplitude), (2, 0.5));
        assert_eq!(s.points[6].state, ConsciousnessState::Normal);
        assert_eq!(s.points[11].index, 11);
        assert_eq!(s.digest.len(), 16);
        // The canonical form reads back to the same digest.
        let again = parse(&s.canonical).unwrap();
        assert_eq!(again.canonical, s.canonical);
        assert_eq!(again.digest, s.digest);
    }

    #[test]
    fn bad_values_name_their_key_and_range() {
        let cases = [
            (
                "seconds = 0",
                "seconds = 0 is out of range (allowed (0, 86400])",
            ),
            ("seconds = 1\nsecnds = 2", "unknown field `secnds`"),
            (
                "seconds = 1\n[grid]\nsate = [\"flow\"]",
                "unknown field `sate`",
            ),
            (
                "seconds = 1\n[grid]\nstate = [\"sleepy\"]",
                "grid.state = \"sleepy\"",
            ),
            ("seconds = 1\n[grid]\nseed = []", "grid.seed is empty"),
            (
                "seconds = 1\n[grid]\ndrive_hz = [2001]",
                "grid.drive_hz = 2001 is out of range",
            ),
            (
                "seconds = 1\n[grid]\nsr_field = [9]",
                "grid.sr_field = 9 is out of range",
            ),
            (
                "seconds = 1\n[grid]\nwarmup_s = [-1]",
                "grid.warmup_s = -1 is out of range",
            ),
            (
                "seconds = 1\n[grid]\ndrive_amplitude = [7.95]",
                "grid.drive_amplitude + warmup_noise",
            ),
            (
                "seconds = 1\nwarmup_noise = -0.1",
                "warmup_noise = -0.1 is out of range",
            ),
            (
                "seconds = 1\nfigures = [\"plv:motor.l9\"]",
                "figures: \"plv:motor.l9\"",
            ),
            (
                "seconds = 1\nfigures = [\"dac_rms\", \"dac_rms\"]",
                "listed twice",
            ),
            (
                "seconds = 1\ntransition_duration = 70000",
                "transition_duration",
            ),
        ];
        for (text, needle) in cases {
            let e = parse(text).unwrap_err().0;
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
