//! The one configuration a funnel race is built from (the CLI's `funnel`
//! subcommand and, later, the page map onto it).

use crate::data::FunnelConfig;
use crate::error::{ensure, Error, Result};
use crate::models::funnel::{FunnelKind, FunnelSizes};
use crate::nn::AdamConfig;
use crate::train::config::validate_learning_rate;
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
        ensure(!self.models.is_empty(), "models", || "choose at least one model".into())?;
        for (i, m) in self.models.iter().enumerate() {
            if self.models[..i].contains(m) {
                return Err(Error::InvalidConfig { field: "models", reason: format!("{} is listed twice", m.id()) });
            }
        }
        validate_learning_rate(self.optimizer.lr)?;
        ensure((1..=8192).contains(&self.batch_size), "batch_size", || format!("{} is not in 1..=8192", self.batch_size))?;
        ensure(self.batch_size <= self.data.train_samples, "batch_size", || {
            format!("{} exceeds the {} training samples", self.batch_size, self.data.train_samples)
        })?;
        ensure((1..=100_000).contains(&self.record_every), "record_every", || {
            format!("{} is not in 1..=100000", self.record_every)
        })?;
        ensure((16..=2_000_000).contains(&self.eval_samples), "eval_samples", || {
            format!("{} is not in 16..=2000000", self.eval_samples)
        })?;
        ensure(self.patience <= 10_000, "patience", || format!("{} is more than 10000", self.patience))
    }
}
