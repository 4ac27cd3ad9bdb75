//! # phin-biomind: a neuromodulated learner on standard behavioural tasks, bound to the live processor
#![warn(missing_docs)]

pub mod agent;
pub mod baselines;
pub mod binding;
pub mod circuits;
pub mod error;
pub mod metrics;
pub mod modulation;
pub mod nt;
pub mod record;
pub mod report;
pub mod rng;
pub mod run;
pub mod session;
pub mod stats;
pub mod tasks;
pub mod time;
