//! Helpers shared by the integration tests.

use mtl_playground::models::{ModelKind, Preset};
use mtl_playground::{CorrelatedConfig, RaceConfig};

/// A small, fast race: 4,096 training rows, batch 64, a record every 20 steps,
/// at the `paper` preset's sizes (the ones these tests' thresholds were set at).
pub fn quick(models: Vec<ModelKind>) -> RaceConfig {
    RaceConfig {
        data: CorrelatedConfig { train_samples: 4096, test_samples: 1024, seed: 3, ..CorrelatedConfig::default() },
        models,
        sizes: Preset::Paper.sizes(),
        batch_size: 64,
        record_every: 20,
        eval_samples: 512,
        ..RaceConfig::default()
    }
}
