//! The one configuration a funnel race is built from (the CLI's `funnel`
//! subcommand and, later, the page map onto it).

use crate::data::FunnelConfig;
use crate::error::{ensure, Result};
use crate::models::funnel::{FunnelKind, FunnelSizes};
use crate::nn::AdamConfig;
use crate::train::config::{validate_batch_size, validate_learning_rate, validate_models, validate_record_every};
use serde::{Deserialize, Serialize};

/// Everything a funnel race needs. `Default` is the design's reference funnel
/// (§1.5) racing the four Table 2 models.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelRaceConfig {
    pub data: FunnelConfig,
    /// The models that race, in legend order.
    pub models: Vec<FunnelKind>,
    pub sizes: FunnelSizes,
    pub optimizer: AdamConfig,
    pub batch_size: usize,
    /// Seed of the models' initial weights; `None` uses the data seed.
    pub init_seed: Option<u64>,
    /// Record metrics (and check early stopping) every this many steps.
    pub record_every: usize,
    /// Test rows (a fixed prefix of the test set) scored at each record.
    pub eval_samples: usize,
    /// A model stops once none of its parts improved its validation loss for
    /// this many records; its best parameters are kept. 0 turns early stopping off.
    pub patience: usize,
}

impl Default for FunnelRaceConfig {
    fn default() -> Self {
        Self {
            data: FunnelConfig::default(),
            models: FunnelKind::ALL.to_vec(),
            sizes: FunnelSizes::default(),
            optimizer: AdamConfig { lr: 1e-3, ..AdamConfig::default() },
            batch_size: 512,
            init_seed: None,
            record_every: 250,
            eval_samples: 20_000,
            patience: 4,
        }
    }
}

impl FunnelRaceConfig {
    pub fn validate(&self) -> Result<()> {
        self.data.validate()?;
        self.sizes.validate()?;
        validate_models(&self.models, FunnelKind::id)?;
        validate_learning_rate(self.optimizer.lr)?;
        validate_batch_size(self.batch_size, 8192, self.data.train_samples)?;
        validate_record_every(self.record_every)?;
        ensure((16..=2_000_000).contains(&self.eval_samples), "eval_samples", || format!("{} is not in 16..=2000000", self.eval_samples))?;
        ensure(self.patience <= 10_000, "patience", || format!("{} is more than 10000", self.patience))
    }
}
