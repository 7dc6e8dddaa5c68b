//! The watch-time lab (YouTube's weighted cross-entropy and hand-set loss
//! weights): its race configuration, ranking metrics, lockstep trainer and the
//! loss-weight sweep of the two-task model. Not here: the models
//! (`models::watch`) or the data (`data::watch`).

pub mod config;
pub mod metrics;
pub mod race;
pub mod sweep;
pub mod trainer;

pub use config::WatchRaceConfig;
pub use metrics::{OddsBin, OddsCalibration, ReferenceShares, TradeoffPoint, WatchMetrics};
pub use race::{Watch, WatchMeasured, WatchRace};
pub use sweep::{WeightPoint, WeightSweep};
pub use trainer::{WatchRun, WatchSnapshot, WatchTrainer};
