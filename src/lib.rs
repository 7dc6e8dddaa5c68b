//! MTL Playground: a small multi-task learning core for recommendation lessons.
//!
//! The core trains Shared-Bottom, OMoE, MMoE, CGC and PLE (and single-task baselines) on
//! synthetic correlated tasks whose truth is known, in lockstep, and records what a
//! lesson needs: per-task losses, gate weights, gradient conflict and MTL gain.
//! It compiles and is tested natively; only `wasm` speaks to JavaScript.

pub mod data;
pub mod error;
pub mod float;
pub mod models;
pub mod nn;
pub mod order;
pub mod plot;
pub mod rng;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use data::{CorrelatedConfig, CorrelatedData};
pub use data::{FunnelConfig, FunnelData};
pub use data::{WatchConfig, WatchData};
pub use error::{Error, Result};
pub use float::Float;
pub use models::funnel::FunnelKind;
pub use models::watch::WatchKind;
pub use models::{ModelKind, ModelSizes};
pub use train::funnel::{FunnelRaceConfig, FunnelTrainer};
pub use train::watch::{WatchRaceConfig, WatchTrainer};
pub use train::{RaceConfig, Trainer};
