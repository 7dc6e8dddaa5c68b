//! The one configuration a race is built from: the source of truth the CLI
//! flags, the page's controls and the URL all map onto.

use super::weighting::LossWeighting;
use crate::data::CorrelatedConfig;
use crate::error::{ensure, Error, Result};
use crate::models::{ModelKind, ModelSizes};
use crate::nn::AdamConfig;
use serde::{Deserialize, Serialize};

/// Everything a race needs. `Default` is the design's measured setting
/// (§1.1: 50,000 samples, Adam lr 3e-3, batch 256) racing the
/// MMoE paper's four ([`ModelKind::RACE`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RaceConfig {
    pub data: CorrelatedConfig,
    /// The models that race, in legend order.
    pub models: Vec<ModelKind>,
    pub sizes: ModelSizes,
    pub optimizer: AdamConfig,
    pub batch_size: usize,
    /// One weight per task: `L = Σ_k w_k·L_k` under fixed weighting, and
    /// GradNorm's starting weights (rescaled to sum to the number of tasks).
    pub loss_weights: Vec<f64>,
    /// How the tasks' losses are weighted: fixed (default), uncertainty or GradNorm.
    pub weighting: LossWeighting,
    /// Seed of the models' initial weights; `None` uses the data seed. Varying it
    /// alone holds the data fixed (the trainability protocol).
    pub init_seed: Option<u64>,
    /// Record metrics every this many steps.
    pub record_every: usize,
    /// Test (and training) rows evaluated at each record.
    pub eval_samples: usize,
}

impl Default for RaceConfig {
    fn default() -> Self {
        Self {
            data: CorrelatedConfig::default(),
            models: ModelKind::RACE.to_vec(),
            sizes: ModelSizes::default(),
            optimizer: AdamConfig::default(),
            batch_size: 256,
            loss_weights: vec![1.0, 1.0],
            weighting: LossWeighting::Fixed,
            init_seed: None,
            record_every: 50,
            eval_samples: 2048,
        }
    }
}

pub use crate::data::correlated::TASKS;

impl RaceConfig {
    pub fn validate(&self) -> Result<()> {
        self.data.validate()?;
        self.sizes.validate()?;
        validate_models(&self.models, ModelKind::id)?;
        validate_learning_rate(self.optimizer.lr)?;
        validate_batch_size(self.batch_size, 4096, self.data.train_samples)?;
        validate_loss_weights(&self.loss_weights)?;
        self.weighting.validate()?;
        validate_record_every(self.record_every)?;
        ensure((1..=1_000_000).contains(&self.eval_samples), "eval_samples", || format!("{} is not in 1..=1000000", self.eval_samples))
    }
}

/// At least one model, and none listed twice.
pub fn validate_models<K: Copy + PartialEq>(models: &[K], id: impl Fn(K) -> &'static str) -> Result<()> {
    ensure(!models.is_empty(), "models", || "choose at least one model".into())?;
    for (i, &m) in models.iter().enumerate() {
        if models[..i].contains(&m) {
            return Err(Error::InvalidConfig { field: "models", reason: format!("{} is listed twice", id(m)) });
        }
    }
    Ok(())
}

/// A batch of `1..=max` rows, no more than the training set holds.
pub fn validate_batch_size(batch: usize, max: usize, train_samples: usize) -> Result<()> {
    ensure((1..=max).contains(&batch), "batch_size", || format!("{batch} is not in 1..={max}"))?;
    ensure(batch <= train_samples, "batch_size", || format!("{batch} exceeds the {train_samples} training samples"))
}

pub fn validate_record_every(steps: usize) -> Result<()> {
    ensure((1..=100_000).contains(&steps), "record_every", || format!("{steps} is not in 1..=100000"))
}

pub fn validate_learning_rate(lr: f64) -> Result<()> {
    ensure(lr.is_finite() && lr > 0.0 && lr <= 1.0, "lr", || format!("{lr} is not in (0, 1]"))
}

pub fn validate_loss_weights(w: &[f64]) -> Result<()> {
    ensure(w.len() == TASKS, "loss_weights", || format!("expected {TASKS} weights, got {}", w.len()))?;
    ensure(w.iter().all(|v| v.is_finite() && (0.0..=100.0).contains(v)), "loss_weights", || {
        format!("{w:?}: each weight must be in [0, 100]")
    })?;
    ensure(w.iter().any(|&v| v > 0.0), "loss_weights", || "at least one weight must be positive".into())
}
