//! The report of a run: per heartbeat, and the measures of the whole record.

use crate::coherence::{
    candidate_ratios, detect_wave, golden_coupling, GoldenCoupling, WaveParams, WavePattern,
};
use crate::engine::{CorrectionRecord, DriftCorrection, HeartbeatRecord, PllStats, SyncEngine};
use crate::fault::Fault;
use crate::flow::FlowReport;
use crate::ladder::{Binding, LayerId, NUM_LAYERS};
use crate::params::SyncConfig;
use phin_core::constants::TICK_HZ;
use phin_core::identity::Column;
use serde::{Deserialize, Serialize};

/// Why there is no quantum synchronization (the crate docs say the same).
pub const QUANTUM_NOTE: &str = "Quantum entanglement synchronization is not provided: by the \
no-communication theorem entanglement cannot carry timing information faster than a classical \
signal, and there is no quantum hardware here. All layers already share the processor's 4 kHz \
tick, so the document's entanglement_fidelity and decoherence_timeout_ms are parsed and ignored.";

/// One rung of the ladder as run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RungReport {
    /// The layer.
    pub layer: LayerId,
    /// Its nominal frequency, Hz.
    pub rung_hz: f64,
    /// What it follows: a processor oscillator's name, or `software`.
    pub follows: String,
    /// Its measured mean frequency over the run, Hz.
    pub measured_hz: f64,
}

/// The run in figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Heartbeats.
    pub heartbeats: usize,
    /// Consensus rounds.
    pub rounds: u64,
    /// Largest skew of the correct clocks at any heartbeat, ticks.
    pub max_skew_ticks: f64,
    /// The same, ms.
    pub max_skew_ms: f64,
    /// The same without synchronization at the end (the control), ticks.
    pub control_skew_ticks: f64,
    /// The drift tolerance, ticks.
    pub tolerance_ticks: f64,
    /// Every heartbeat's skew within the tolerance.
    pub within_tolerance: bool,
    /// Rounds in which a correct layer reported no quorum.
    pub failed_rounds: usize,
    /// Rounds in which the engine's monitor saw the Lynch–Welch bound broken.
    pub bound_violations: usize,
    /// Heartbeat flags per layer.
    pub flags: [u64; NUM_LAYERS],
    /// Predictive drift corrections applied.
    pub drift_corrections: usize,
    /// Mean temporal coherence over the heartbeats.
    pub temporal_coherence: f64,
    /// Mean temporal coherence of the unsynchronized control (its chance level).
    pub control_temporal_coherence: f64,
}

/// Everything a run produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    /// The configuration.
    pub config: SyncConfig,
    /// The faults injected.
    pub faults: Vec<Fault>,
    /// The engine's seed.
    pub seed: u64,
    /// Whether the protocol acted (false: the control).
    pub sync_enabled: bool,
    /// Ticks run.
    pub ticks: u64,
    /// Simulated seconds.
    pub seconds: f64,
    /// The figures.
    pub summary: Summary,
    /// The ladder as run.
    pub ladder: Vec<RungReport>,
    /// The PLLs.
    pub pll: Vec<PllStats>,
    /// Golden-ratio coupling of each adjacent pair, with its locking and chance level.
    pub coupling: Vec<GoldenCoupling>,
    /// The three columns' L6 as a wave pattern.
    pub columns_l6: WavePattern,
    /// The bound rungs as a pattern along the ladder.
    pub ladder_wave: WavePattern,
    /// The flow coordinator.
    pub flow: FlowReport,
    /// Every adiabatic correction.
    pub corrections: Vec<CorrectionRecord>,
    /// Every predictive drift correction.
    pub drift_corrections: Vec<DriftCorrection>,
    /// Every heartbeat.
    pub heartbeats: Vec<HeartbeatRecord>,
    /// Why there is no quantum synchronization.
    pub quantum_entanglement: String,
}

impl SyncReport {
    /// The report of an engine's run so far (the coherence and wave measures use its phase
    /// record, the last `coherence_window_s`).
    pub fn from_engine(e: &SyncEngine) -> SyncReport {
        let c = e.config();
        let t = e.timing();
        let p = &c.protocol;
        let hb = e.heartbeats();
        let phases = e.recorded_phases();
        let freqs = e.rung_frequencies_hz();
        let seed = e.seed();
        let n_hb = hb.len().max(1) as f64;
        let rounds: Vec<_> = hb.iter().filter_map(|h| h.consensus.as_ref()).collect();
        let max_skew = e.max_skew_ticks();
        let coupling: Vec<GoldenCoupling> = (0..NUM_LAYERS - 1)
            .map(|k| {
                golden_coupling(
                    k as u8,
                    k as u8 + 1,
                    &phases[k],
                    &phases[k + 1],
                    freqs[k],
                    freqs[k + 1],
                    c.layer_sync.coupling_strength,
                    p.surrogates,
                    seed.wrapping_add(100 + k as u64),
                )
            })
            .collect();
        let wp = WaveParams {
            min_plv: p.wave_min_plv,
            standing_tolerance_deg: p.standing_tolerance_deg,
            surrogates: p.surrogates,
            seed: seed.wrapping_add(200),
        };
        let l6: Vec<&[f64]> = (0..3).map(|k| phases[NUM_LAYERS + k].as_slice()).collect();
        let l6_hz = freqs[3];
        let columns_l6 = detect_wave(
            &Column::ALL
                .iter()
                .map(|c| format!("{c}.l6"))
                .collect::<Vec<_>>(),
            &l6,
            &[l6_hz; 3],
            &[phin_analysis::locking::NmRatio::ONE_TO_ONE; 2],
            wp,
        );
        let ladder_ratios: Vec<_> = (0..4)
            .map(|k| {
                let cands = candidate_ratios(freqs[k], freqs[k + 1]);
                let best = coupling[k].locking.ratio.clone();
                cands
                    .into_iter()
                    .find(|r| r.to_string() == best)
                    .unwrap_or(phin_analysis::locking::NmRatio::ONE_TO_ONE)
            })
            .collect();
        let ladder_wave = detect_wave(
            &(0..5).map(|k| format!("layer {k}")).collect::<Vec<_>>(),
            &(0..5).map(|k| phases[k].as_slice()).collect::<Vec<_>>(),
            &freqs[..5],
            &ladder_ratios,
            WaveParams {
                seed: seed.wrapping_add(300),
                ..wp
            },
        );
        let last = hb.last();
        SyncReport {
            config: c.clone(),
            faults: e.faults().to_vec(),
            seed,
            sync_enabled: e.sync_enabled(),
            ticks: e.tick(),
            seconds: e.tick() as f64 / TICK_HZ,
            summary: Summary {
                heartbeats: hb.len(),
                rounds: e.rounds(),
                max_skew_ticks: max_skew,
                max_skew_ms: max_skew / TICK_HZ * 1e3,
                control_skew_ticks: last.map_or(0.0, |h| h.control_skew_ticks),
                tolerance_ticks: t.tolerance_ticks,
                within_tolerance: max_skew <= t.tolerance_ticks,
                failed_rounds: rounds.iter().filter(|r| r.failed > 0).count(),
                bound_violations: rounds.iter().filter(|r| r.bound_violation).count(),
                flags: e.flag_counts(),
                drift_corrections: e.drift_corrections().len(),
                temporal_coherence: hb.iter().map(|h| h.temporal_coherence).sum::<f64>() / n_hb,
                control_temporal_coherence: hb
                    .iter()
                    .map(|h| h.control_temporal_coherence)
                    .sum::<f64>()
                    / n_hb,
            },
            ladder: LayerId::ALL
                .iter()
                .map(|&l| RungReport {
                    layer: l,
                    rung_hz: t.rung_hz[l.index()],
                    follows: match l.binding(p.column) {
                        Binding::Bound(o) => o.to_string(),
                        Binding::Software => "software".into(),
                    },
                    measured_hz: freqs[l.index()],
                })
                .collect(),
            pll: e.pll_stats(),
            coupling,
            columns_l6,
            ladder_wave,
            flow: e.flow().report(),
            corrections: e.corrections().to_vec(),
            drift_corrections: e.drift_corrections().to_vec(),
            heartbeats: hb.to_vec(),
            quantum_entanglement: QUANTUM_NOTE.to_string(),
        }
    }

    /// The report as compact JSON bytes (the same run gives the same bytes; an hour's 36 000
    /// heartbeats make about 25 MB).
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a report always serialises")
    }
}
