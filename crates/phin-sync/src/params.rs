//! Every constant of the protocol as a named serde parameter, read from TOML.
//!
//! [`SyncConfig`] has two tables. `[layer_sync]` is the source document's configuration block
//! ("Layer Synchronization Protocol", Configuration, "Synchronization Parameters") key for key,
//! with the document's values as defaults, so the block parses as it is written.
//! `[protocol]` holds what the document leaves open (loop gains, rate limits, windows), each
//! with the default this crate chose and documents. Time constants are written in seconds (or
//! the document's milliseconds) and turned into tick counts and per-tick factors in one place,
//! [`Timing::new`].

use crate::error::ParamError;
use crate::ladder::NUM_LAYERS;
use phin_core::constants::TICK_HZ;
use phin_core::identity::Column;
use serde::{Deserialize, Serialize};

/// The golden ratio φ = (1 + √5) / 2.
pub const PHI: f64 = 1.618_033_988_749_895;

/// The source document's `[layer_sync]` block, field for field (its Configuration section).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayerSyncParams {
    /// `heartbeat_frequency_hz = 10.0`: the heartbeat pulse rate; 10 Hz is every 400 ticks.
    pub heartbeat_frequency_hz: f64,
    /// `phase_margin_degrees = 5.0`: a layer whose phase error against its own reference is
    /// above this at a heartbeat is out of sync.
    pub phase_margin_degrees: f64,
    /// `drift_tolerance_ms = 1.0`: the skew the correct clocks may reach, and the window within
    /// which two clock readings agree (1 ms = 4 ticks).
    pub drift_tolerance_ms: f64,
    /// `sync_check_interval_ms = 100`: how often a consensus round runs; a whole number of
    /// heartbeat periods.
    pub sync_check_interval_ms: f64,
    /// `base_frequency_hz = 40.0`: the fastest rung of the ladder.
    pub base_frequency_hz: f64,
    /// `harmonic_ratios = [1.0, 1.618, …, 46.978]`: φ⁰ … φ⁸ (the document truncates φ⁸ =
    /// 46.979 to 46.978); rung n runs at `base_frequency_hz / harmonic_ratios[n]` (the
    /// descending ladder, see the crate docs).
    pub harmonic_ratios: Vec<f64>,
    /// `coupling_strength = 0.618` ("Golden ratio"): 1/φ. The document never uses it in its
    /// coupling formula (strength = ratio/φ); here it is the n:m PLV above which two adjacent
    /// rungs are called "bound" in the coupling report.
    pub coupling_strength: f64,
    /// `channel_capacity_mbps = 100.0`: each layer's egress capacity, shared by its ±1 channels.
    pub channel_capacity_mbps: f64,
    /// `priority_levels = 5`: message priorities 0 (lowest) … 4.
    pub priority_levels: u32,
    /// `buffer_size_mb = 10`: each channel's queue, megabytes; a message that does not fit is
    /// dropped and counted.
    pub buffer_size_mb: f64,
    /// `entanglement_fidelity = 0.95`: accepted so the document's block parses; nothing reads
    /// it (quantum entanglement synchronization is not physical, see the crate docs).
    pub entanglement_fidelity: Option<f64>,
    /// `decoherence_timeout_ms = 50`: accepted and ignored, as `entanglement_fidelity`.
    pub decoherence_timeout_ms: Option<f64>,
    /// `consensus_threshold = 0.75`: a round agrees when at least ⌈0.75 · 9⌉ = 7 readings lie
    /// within the drift tolerance of each other.
    pub consensus_threshold: f64,
    /// `byzantine_tolerance = 0.33`: the fraction of faulty layers tolerated, f = ⌊0.33 · 9⌋ = 2
    /// (n ≥ 3f + 1 holds: 9 ≥ 7).
    pub byzantine_tolerance: f64,
}

impl Default for LayerSyncParams {
    fn default() -> Self {
        LayerSyncParams {
            heartbeat_frequency_hz: 10.0,
            phase_margin_degrees: 5.0,
            drift_tolerance_ms: 1.0,
            sync_check_interval_ms: 100.0,
            base_frequency_hz: 40.0,
            harmonic_ratios: vec![
                1.0, 1.618, 2.618, 4.236, 6.854, 11.09, 17.944, 29.034, 46.978,
            ],
            coupling_strength: 0.618,
            channel_capacity_mbps: 100.0,
            priority_levels: 5,
            buffer_size_mb: 10.0,
            entanglement_fidelity: Some(0.95),
            decoherence_timeout_ms: Some(50.0),
            consensus_threshold: 0.75,
            byzantine_tolerance: 0.33,
        }
    }
}

/// What the document leaves open, with this crate's defaults (each one's reason in its doc).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProtocolParams {
    /// The column whose oscillators the bound rungs follow (default `motor`: the column the
    /// processor's Kuramoto monitor and DAC read).
    pub column: Column,
    /// Damping ζ of every second-order PLL (default 1/√2: fastest settling without much
    /// overshoot).
    pub pll_damping: f64,
    /// Natural frequency of a rung's PLL as a multiple of the rung's frequency (default 1.0:
    /// measured, the loop then follows the processor's own phase wander, the cortical drift and
    /// jitter of section 10.2, to within 2° RMS in NORMAL).
    pub pll_natural_ratio: f64,
    /// The adiabatic rate limit of every phase correction, degrees per tick (default 0.5; the
    /// document's `PHASE_STEP_NS` and `ADAPTATION_TIME_US` have no values).
    pub correction_rate_deg_per_tick: f64,
    /// Horizon of the predictive drift correction, seconds (the source's
    /// `predict_drift(Duration::from_secs(60))`).
    pub predictive_horizon_s: f64,
    /// Window of the drift regression, seconds (default 60, the horizon).
    pub drift_window_s: f64,
    /// Growth rate μ of the software Hopf rungs (1.0: radius 1, as the processor's MU = 4).
    pub hopf_mu: f64,
    /// Smallest stable radius of a layer's oscillator (bound: the processor oscillator's radius;
    /// software: its own).
    pub stable_radius_min: f64,
    /// Largest stable radius of a software rung.
    pub stable_radius_max: f64,
    /// Largest relative deviation of a layer's per-tick frequency from its rung's nominal one
    /// that still counts as stable (0.25: the processor's cortical drift moves frequencies by at
    /// most 5 %).
    pub stable_frequency_tolerance: f64,
    /// The PLL lock criterion: the phase error stays below this fraction of the initial error
    /// (0.02: the 2 % settling time, ≈ 4/(ζωₙ)).
    pub lock_settle_fraction: f64,
    /// Length of the phase record kept for coherence and wave measures, seconds.
    pub coherence_window_s: f64,
    /// Surrogates per chance level.
    pub surrogates: usize,
    /// Smallest PLV between neighbouring positions for a wave pattern to be named.
    pub wave_min_plv: f64,
    /// A lag within this many degrees of 0 or 180 is a standing pattern.
    pub standing_tolerance_deg: f64,
    /// Size of each sync message a layer sends its neighbours per round, bits.
    pub message_bits: f64,
    /// Utilization above which a channel is named a bottleneck.
    pub bottleneck_utilization: f64,
    /// Largest lie of a Byzantine layer given without a value, ms.
    pub byzantine_default_ms: f64,
}

impl Default for ProtocolParams {
    fn default() -> Self {
        ProtocolParams {
            column: Column::Motor,
            pll_damping: std::f64::consts::FRAC_1_SQRT_2,
            pll_natural_ratio: 1.0,
            correction_rate_deg_per_tick: 0.5,
            predictive_horizon_s: 60.0,
            drift_window_s: 60.0,
            hopf_mu: 1.0,
            stable_radius_min: 0.05,
            stable_radius_max: 1.5,
            stable_frequency_tolerance: 0.25,
            lock_settle_fraction: 0.02,
            coherence_window_s: 20.0,
            surrogates: 19,
            wave_min_plv: 0.5,
            standing_tolerance_deg: 10.0,
            message_bits: 256.0,
            bottleneck_utilization: 0.9,
            byzantine_default_ms: 25.0,
        }
    }
}

/// The whole configuration: the document's block and the protocol's own parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// `[layer_sync]`: the source document's block.
    pub layer_sync: LayerSyncParams,
    /// `[protocol]`: this crate's parameters.
    pub protocol: ProtocolParams,
}

fn check(field: &str, v: f64, lo: f64, hi: f64, what: &str) -> Result<(), ParamError> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(ParamError::new(field, v, what))
    }
}

impl SyncConfig {
    /// Parses TOML (either table may be missing; a missing key takes its default) and checks it.
    pub fn from_toml(text: &str) -> Result<Self, ParamError> {
        let c: SyncConfig = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_string();
            // The key on the line the error points at, else the one the message names.
            let at = e.span().map(|s| s.start.min(text.len()));
            let line = at.map(|a| text[..a].matches('\n').count() + 1);
            let key = at
                .and_then(|a| text[..a].rsplit('\n').next())
                .and_then(|l| l.split('=').next())
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty() && !k.starts_with('['));
            let field = key
                .or_else(|| msg.split('`').nth(1).map(str::to_string))
                .unwrap_or_else(|| "config".to_string());
            let line = line.map(|l| format!(" (line {l})")).unwrap_or_default();
            ParamError {
                field,
                given: String::new(),
                allowed: format!("{msg}{line}"),
            }
        })?;
        c.validate()?;
        Ok(c)
    }

    /// The configuration as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a SyncConfig always serialises")
    }

    /// Checks every field against its range; the error names the first one out of range.
    pub fn validate(&self) -> Result<(), ParamError> {
        let l = &self.layer_sync;
        check(
            "layer_sync.heartbeat_frequency_hz",
            l.heartbeat_frequency_hz,
            0.25,
            1000.0,
            "0.25 ..= 1000 Hz, a whole number of ticks per period",
        )?;
        let period = TICK_HZ / l.heartbeat_frequency_hz;
        if (period - period.round()).abs() > 1e-9 {
            return Err(ParamError::new(
                "layer_sync.heartbeat_frequency_hz",
                l.heartbeat_frequency_hz,
                "a rate whose period is a whole number of 4 kHz ticks (10 Hz = 400 ticks)",
            ));
        }
        check(
            "layer_sync.phase_margin_degrees",
            l.phase_margin_degrees,
            0.0,
            180.0,
            "0 ..= 180 degrees",
        )?;
        check(
            "layer_sync.drift_tolerance_ms",
            l.drift_tolerance_ms,
            0.25,
            10_000.0,
            "0.25 ..= 10000 ms (at least one tick)",
        )?;
        check(
            "layer_sync.sync_check_interval_ms",
            l.sync_check_interval_ms,
            1.0,
            3_600_000.0,
            "a whole multiple of the heartbeat period, ms",
        )?;
        let per_check = l.sync_check_interval_ms * 1e-3 * l.heartbeat_frequency_hz;
        if per_check < 1.0 - 1e-9 || (per_check - per_check.round()).abs() > 1e-6 {
            return Err(ParamError::new(
                "layer_sync.sync_check_interval_ms",
                l.sync_check_interval_ms,
                format!(
                    "a whole multiple of the heartbeat period ({} ms)",
                    1e3 / l.heartbeat_frequency_hz
                ),
            ));
        }
        check(
            "layer_sync.base_frequency_hz",
            l.base_frequency_hz,
            0.1,
            400.0,
            "0.1 ..= 400 Hz (below a tenth of the 4 kHz tick)",
        )?;
        if l.harmonic_ratios.len() != NUM_LAYERS {
            return Err(ParamError::new(
                "layer_sync.harmonic_ratios",
                format!("{} values", l.harmonic_ratios.len()),
                "9 values, one per layer",
            ));
        }
        let mut prev = 0.0;
        for (k, &r) in l.harmonic_ratios.iter().enumerate() {
            if !(r.is_finite() && r >= 1.0 && r > prev) {
                return Err(ParamError::new(
                    format!("layer_sync.harmonic_ratios[{k}]"),
                    r,
                    "finite, at least 1.0 and increasing",
                ));
            }
            prev = r;
        }
        check(
            "layer_sync.coupling_strength",
            l.coupling_strength,
            0.0,
            1.0,
            "0 ..= 1",
        )?;
        check(
            "layer_sync.channel_capacity_mbps",
            l.channel_capacity_mbps,
            1e-6,
            1e6,
            "1e-6 ..= 1e6 Mbit/s",
        )?;
        if !(1..=64).contains(&l.priority_levels) {
            return Err(ParamError::new(
                "layer_sync.priority_levels",
                l.priority_levels,
                "1 ..= 64",
            ));
        }
        check(
            "layer_sync.buffer_size_mb",
            l.buffer_size_mb,
            1e-6,
            1e6,
            "1e-6 ..= 1e6 MB",
        )?;
        if let Some(v) = l.entanglement_fidelity {
            check(
                "layer_sync.entanglement_fidelity",
                v,
                0.0,
                1.0,
                "0 ..= 1 (ignored)",
            )?;
        }
        if let Some(v) = l.decoherence_timeout_ms {
            check(
                "layer_sync.decoherence_timeout_ms",
                v,
                0.0,
                f64::MAX,
                "≥ 0 (ignored)",
            )?;
        }
        check(
            "layer_sync.consensus_threshold",
            l.consensus_threshold,
            0.5,
            1.0,
            "0.5 ..= 1 (more than half must agree)",
        )?;
        check(
            "layer_sync.byzantine_tolerance",
            l.byzantine_tolerance,
            0.0,
            0.3334,
            "0 ..= 1/3 (n ≥ 3f + 1)",
        )?;
        let p = &self.protocol;
        check("protocol.pll_damping", p.pll_damping, 0.1, 5.0, "0.1 ..= 5")?;
        check(
            "protocol.pll_natural_ratio",
            p.pll_natural_ratio,
            0.01,
            4.0,
            "0.01 ..= 4 (times the rung frequency)",
        )?;
        check(
            "protocol.correction_rate_deg_per_tick",
            p.correction_rate_deg_per_tick,
            1e-6,
            180.0,
            "1e-6 ..= 180 degrees per tick",
        )?;
        check(
            "protocol.predictive_horizon_s",
            p.predictive_horizon_s,
            0.0,
            86_400.0,
            "0 ..= 86400 s",
        )?;
        check(
            "protocol.drift_window_s",
            p.drift_window_s,
            1.0,
            86_400.0,
            "1 ..= 86400 s (at least a few check intervals)",
        )?;
        if p.drift_window_s * 1e3 < 3.0 * l.sync_check_interval_ms {
            return Err(ParamError::new(
                "protocol.drift_window_s",
                p.drift_window_s,
                "at least three sync check intervals",
            ));
        }
        check("protocol.hopf_mu", p.hopf_mu, 0.01, 4.0, "0.01 ..= 4")?;
        check(
            "protocol.stable_radius_min",
            p.stable_radius_min,
            0.0,
            1.0,
            "0 ..= 1",
        )?;
        check(
            "protocol.stable_radius_max",
            p.stable_radius_max,
            1.0,
            8.0,
            "1 ..= 8",
        )?;
        check(
            "protocol.stable_frequency_tolerance",
            p.stable_frequency_tolerance,
            0.01,
            10.0,
            "0.01 ..= 10",
        )?;
        check(
            "protocol.lock_settle_fraction",
            p.lock_settle_fraction,
            1e-4,
            0.5,
            "1e-4 ..= 0.5",
        )?;
        check(
            "protocol.coherence_window_s",
            p.coherence_window_s,
            1.0,
            3_600.0,
            "1 ..= 3600 s",
        )?;
        if !(1..=10_000).contains(&p.surrogates) {
            return Err(ParamError::new(
                "protocol.surrogates",
                p.surrogates,
                "1 ..= 10000",
            ));
        }
        check("protocol.wave_min_plv", p.wave_min_plv, 0.0, 1.0, "0 ..= 1")?;
        check(
            "protocol.standing_tolerance_deg",
            p.standing_tolerance_deg,
            0.0,
            90.0,
            "0 ..= 90 degrees",
        )?;
        check(
            "protocol.message_bits",
            p.message_bits,
            1.0,
            1e9,
            "1 ..= 1e9 bits",
        )?;
        check(
            "protocol.bottleneck_utilization",
            p.bottleneck_utilization,
            0.0,
            1.0,
            "0 ..= 1",
        )?;
        check(
            "protocol.byzantine_default_ms",
            p.byzantine_default_ms,
            0.0,
            1e6,
            "0 ..= 1e6 ms",
        )?;
        Ok(())
    }
}

/// Every time constant of a [`SyncConfig`] as ticks or a per-tick factor: the one place where
/// seconds and milliseconds become ticks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Seconds per tick, 1 / 4 kHz.
    pub dt: f64,
    /// Ticks between heartbeats (400 at 10 Hz).
    pub heartbeat_ticks: u64,
    /// Heartbeats per consensus round (1 at the defaults).
    pub heartbeats_per_check: u64,
    /// The drift tolerance and agreement window, ticks (4).
    pub tolerance_ticks: f64,
    /// The phase margin, radians.
    pub margin_rad: f64,
    /// The correction rate limit, radians per tick.
    pub correction_rad_per_tick: f64,
    /// Predictive horizon, ticks.
    pub horizon_ticks: f64,
    /// Consensus rounds in the drift regression window.
    pub drift_window_rounds: usize,
    /// Every rung's nominal frequency, Hz.
    pub rung_hz: [f64; NUM_LAYERS],
    /// Readings needed for agreement: ⌈consensus_threshold · 9⌉.
    pub quorum: usize,
    /// Faults tolerated: ⌊byzantine_tolerance · 9⌋.
    pub faults_tolerated: usize,
    /// Phase-record decimation: one sample every this many ticks (1 kHz).
    pub record_every: u64,
    /// Phase-record length, samples.
    pub record_len: usize,
    /// A layer's egress capacity, bits per tick.
    pub capacity_bits_per_tick: f64,
    /// A channel's queue, bits.
    pub buffer_bits: f64,
    /// Default Byzantine lie, ticks.
    pub byzantine_default_ticks: f64,
}

impl Timing {
    /// The ticks and factors of a checked configuration.
    pub fn new(c: &SyncConfig) -> Timing {
        let l = &c.layer_sync;
        let p = &c.protocol;
        let heartbeat_ticks = (TICK_HZ / l.heartbeat_frequency_hz).round() as u64;
        let heartbeats_per_check = (l.sync_check_interval_ms * 1e-3 * l.heartbeat_frequency_hz)
            .round()
            .max(1.0) as u64;
        let check_s = heartbeats_per_check as f64 * heartbeat_ticks as f64 / TICK_HZ;
        let mut rung_hz = [0.0; NUM_LAYERS];
        for (k, r) in rung_hz.iter_mut().enumerate() {
            *r = l.base_frequency_hz / l.harmonic_ratios[k];
        }
        let record_every = 4;
        let n = NUM_LAYERS as f64;
        Timing {
            dt: 1.0 / TICK_HZ,
            heartbeat_ticks,
            heartbeats_per_check,
            tolerance_ticks: l.drift_tolerance_ms * 1e-3 * TICK_HZ,
            margin_rad: l.phase_margin_degrees.to_radians(),
            correction_rad_per_tick: p.correction_rate_deg_per_tick.to_radians(),
            horizon_ticks: p.predictive_horizon_s * TICK_HZ,
            drift_window_rounds: ((p.drift_window_s / check_s).round() as usize).max(3),
            rung_hz,
            quorum: ((l.consensus_threshold * n) - 1e-9).ceil() as usize,
            faults_tolerated: (l.byzantine_tolerance * n + 1e-9).floor() as usize,
            record_every,
            record_len: (p.coherence_window_s * TICK_HZ / record_every as f64).round() as usize,
            capacity_bits_per_tick: l.channel_capacity_mbps * 1e6 / TICK_HZ,
            buffer_bits: l.buffer_size_mb * 8e6,
            byzantine_default_ticks: p.byzantine_default_ms * 1e-3 * TICK_HZ,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_block_parses_and_gives_its_numbers() {
        let block = r#"
[layer_sync]
# Timing parameters
heartbeat_frequency_hz = 10.0
phase_margin_degrees = 5.0
drift_tolerance_ms = 1.0
sync_check_interval_ms = 100

# Wave synchronization
base_frequency_hz = 40.0  # Gamma wave
harmonic_ratios = [1.0, 1.618, 2.618, 4.236, 6.854, 11.09, 17.944, 29.034, 46.978]
coupling_strength = 0.618  # Golden ratio

# Information flow
channel_capacity_mbps = 100.0
priority_levels = 5
buffer_size_mb = 10

# Quantum sync
entanglement_fidelity = 0.95
decoherence_timeout_ms = 50

# Consensus parameters
consensus_threshold = 0.75
byzantine_tolerance = 0.33
"#;
        let c = SyncConfig::from_toml(block).unwrap();
        assert_eq!(c, SyncConfig::default());
        let t = Timing::new(&c);
        assert_eq!(t.heartbeat_ticks, 400);
        assert_eq!(t.heartbeats_per_check, 1);
        assert_eq!(t.tolerance_ticks, 4.0);
        assert_eq!(t.quorum, 7);
        assert_eq!(t.faults_tolerated, 2);
        assert!((t.margin_rad - 0.0873).abs() < 1e-4);
        // The ratios are φ⁰ … φ⁸ to the document's three decimals.
        for (k, r) in c.layer_sync.harmonic_ratios.iter().enumerate() {
            assert!((r - PHI.powi(k as i32)).abs() < 2e-3, "{k}: {r}");
        }
        assert!((c.layer_sync.coupling_strength - 1.0 / PHI).abs() < 1e-3);
        let back = SyncConfig::from_toml(&c.to_toml()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn bad_values_name_their_field() {
        let e = SyncConfig::from_toml("[layer_sync]\nheartbeat_frequency_hz = 7.0\n").unwrap_err();
        assert_eq!(e.field, "layer_sync.heartbeat_frequency_hz");
        let e = SyncConfig::from_toml("[layer_sync]\nsync_check_interval_ms = 150\n").unwrap_err();
        assert_eq!(e.field, "layer_sync.sync_check_interval_ms");
        let e = SyncConfig::from_toml("[layer_sync]\nbyzantine_tolerance = 0.5\n").unwrap_err();
        assert!(e.to_string().contains("n ≥ 3f + 1"), "{e}");
        let e = SyncConfig::from_toml("[layer_sync]\nharmonic_ratios = [1.0, 2.0]\n").unwrap_err();
        assert_eq!(e.field, "layer_sync.harmonic_ratios");
        let e = SyncConfig::from_toml("[layer_sync]\nheartbeat_hz = 10\n").unwrap_err();
        assert_eq!(e.field, "heartbeat_hz", "{e}");
        let e = SyncConfig::from_toml("[layer_sync]\nphase_margin_degrees = \"x\"\n").unwrap_err();
        assert_eq!(e.field, "phase_margin_degrees", "{e}");
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = SyncConfig::from_toml("[protocol]\ncolumn = \"visual\"\n").unwrap_err();
        assert!(e.to_string().contains("column"), "{e}");
        let e = SyncConfig::from_toml("[protocol]\nsurrogates = 0\n").unwrap_err();
        assert_eq!(e.field, "protocol.surrogates");
    }
}
