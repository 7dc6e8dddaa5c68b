//! The click → conversion funnel lab (ESMM): its race configuration, metrics and
//! lockstep trainer. Not here: the models (`models::funnel`) or the data
//! (`data::funnel`).

pub mod config;
pub mod metrics;
pub mod race;
pub mod trainer;

pub use config::FunnelRaceConfig;
pub use metrics::{auc, CalibrationBin, FunnelMetrics};
pub use race::{Funnel, FunnelMeasured};
pub use trainer::{FunnelRun, FunnelSnapshot, FunnelTrainer};
