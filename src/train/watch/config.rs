//! The one configuration a watch-time race is built from (the CLI's `watch`
//! subcommand and, later, the page map onto it).

use crate::data::WatchConfig;
use crate::error::{ensure, Result};
use crate::models::watch::{WatchKind, WatchSizes};
use crate::nn::AdamConfig;
use crate::train::config::{validate_batch_size, validate_learning_rate, validate_models, validate_record_every};
use serde::{Deserialize, Serialize};

/// Everything a watch-time race needs. `Default` is the clickbait world
/// racing CTR, weighted CE and the two-task model at `w = 0.3`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchRaceConfig {
    pub data: WatchConfig,
    /// The models that race, in legend order.
    pub models: Vec<WatchKind>,
    pub sizes: WatchSizes,
    pub optimizer: AdamConfig,
    pub batch_size: usize,
    /// Steps of a whole run, in 1..=100000: the trainer stops there.
    pub steps: usize,
    /// `w` in [0, 1]: the two-task model's loss `w·L_click + (1 − w)·L_finish`
    /// and its serving mix `w·pCTR + (1 − w)·pFinish`.
    pub click_weight: f64,
    /// Seed of the models' initial weights; `None` uses the data seed.
    pub init_seed: Option<u64>,
    /// Record metrics every this many steps.
    pub record_every: usize,
    /// The share of each user's test impressions the ranking metrics look at,
    /// in [0.01, 1].
    pub top_fraction: f64,
}

impl Default for WatchRaceConfig {
    fn default() -> Self {
        Self {
            data: WatchConfig::default(),
            models: WatchKind::ALL.to_vec(),
            sizes: WatchSizes::default(),
            optimizer: AdamConfig { lr: 3e-3, ..AdamConfig::default() },
            batch_size: 256,
            steps: 3000,
            click_weight: 0.3,
            init_seed: None,
            record_every: 100,
            top_fraction: 0.1,
        }
    }
}

impl WatchRaceConfig {
    pub fn validate(&self) -> Result<()> {
        self.data.validate()?;
        self.sizes.validate()?;
        validate_models(&self.models, WatchKind::id)?;
        validate_learning_rate(self.optimizer.lr)?;
        validate_batch_size(self.batch_size, 8192, self.data.train_samples)?;
        validate_record_every(self.record_every)?;
        ensure((1..=100_000).contains(&self.steps), "steps", || format!("{} is not in 1..=100000", self.steps))?;
        validate_click_weight(self.click_weight)?;
        let f = self.top_fraction;
        ensure(f.is_finite() && (0.01..=1.0).contains(&f), "top_fraction", || format!("{f} is not in [0.01, 1]"))
    }
}

/// `w` in [0, 1].
pub fn validate_click_weight(w: f64) -> Result<()> {
    ensure(w.is_finite() && (0.0..=1.0).contains(&w), "click_weight", || format!("{w} is not in [0, 1]"))
}
