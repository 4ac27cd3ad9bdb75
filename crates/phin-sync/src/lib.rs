//! # phin-sync: the layer synchronization protocol on the live processor
//!
//! scratch docs
#![warn(missing_docs)]

pub mod coherence;
pub mod consensus;
pub mod engine;
pub mod error;
pub mod fault;
pub mod flow;
pub mod ladder;
pub mod params;
pub mod report;
pub mod rhythm;

pub use consensus::{Consensus, Decision, Outcome};
pub use engine::{
    run_live, CorrectionOutcome, CorrectionRecord, HeartbeatRecord, Perturbation, SyncEngine,
};
pub use error::{ParamError, SyncError};
pub use fault::{Fault, FaultKind};
pub use flow::{FlowCoordinator, FlowReport, Message};
pub use ladder::{Binding, Channel, LayerId, NUM_LAYERS};
pub use params::{LayerSyncParams, ProtocolParams, SyncConfig, Timing, PHI};
pub use report::SyncReport;
