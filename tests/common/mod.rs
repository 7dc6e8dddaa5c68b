//! Helpers shared by the integration tests.

use mtl_playground::models::ModelKind;
use mtl_playground::{CorrelatedConfig, RaceConfig};

/// A small, fast race: 4,096 training rows, batch 64, a record every 20 steps.
pub fn quick(models: Vec<ModelKind>) -> RaceConfig {
    RaceConfig {
        data: CorrelatedConfig { train_samples: 4096, test_samples: 1024, seed: 3, ..CorrelatedConfig::default() },
        models,
        batch_size: 64,
        record_every: 20,
        eval_samples: 512,
        ..RaceConfig::default()
    }
}
