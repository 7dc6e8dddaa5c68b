//! MTL Playground: a small multi-task learning core for recommendation lessons.
//!
//! The core races models in lockstep and records what a lesson needs, in four
//! scenarios of one race shape (`train::race`): Shared-Bottom, OMoE, MMoE, CGC and
//! PLE (and single-task baselines) on synthetic correlated tasks whose truth is
//! known (per-task losses, gate weights, gradient conflict, MTL gain); the ESMM
//! paper's models on a click → conversion funnel; watch time's CTR, weighted-CE
//! and two-task models on a feed whose watch time is known; and the correlated
//! tasks' models on two labels of a student's own table.
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
