//! phin-conductor (work in progress).
#![warn(missing_docs)]

pub mod chemistry;
pub mod coherence;
pub mod error;
pub mod flow;
pub mod layers;
pub mod time;

pub use error::{ConductorError, Result};
pub mod conductor;
pub mod entrain;
pub mod failure;
pub mod network;
pub mod steering;
