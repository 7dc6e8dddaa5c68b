//! The multi-task architectures (MMoE paper §5.1, parameter-matched defaults).
//!
//! Every model maps `x: (batch, input_dim)` to one output per task,
//! `(batch, tasks)`, keeps its parameters in one flat vector (shared parameters
//! first, so they form one range), and runs `backward` in exactly the reverse
//! order of `forward`. Losses and optimisation live in `train`.

mod experts;
pub mod funnel;
pub mod mmoe;
pub mod omoe;
pub mod shared_bottom;
pub mod single_task;
pub mod tower;

use crate::error::{ensure, Error, Result};
use crate::float::Float;
use ndarray::ArrayView2;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

pub use experts::MixtureOfExperts;
pub use shared_bottom::SharedBottom;
pub use single_task::SingleTask;
pub use tower::Tower;

/// Which architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// One independent network per task: the reference for MTL gain.
    Single,
    /// One shared hidden layer, a tower per task ("hard" sharing).
    SharedBottom,
    /// Experts weighted by ONE gate shared by all tasks.
    Omoe,
    /// The same experts, one gate per task.
    Mmoe,
}

impl ModelKind {
    pub const ALL: [ModelKind; 4] = [ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];

    /// The short name used in configs, URLs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Single => "single",
            ModelKind::SharedBottom => "shared_bottom",
            ModelKind::Omoe => "omoe",
            ModelKind::Mmoe => "mmoe",
        }
    }

    /// The name shown in tables and legends.
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Single => "Single-task",
            ModelKind::SharedBottom => "Shared-Bottom",
            ModelKind::Omoe => "OMoE",
            ModelKind::Mmoe => "MMoE",
        }
    }

    /// Builds the model for `input_dim` inputs and `tasks` outputs.
    pub fn build<F: Float>(self, sizes: &ModelSizes, input_dim: usize, tasks: usize) -> Box<dyn MultiTaskModel<F>> {
        match self {
            ModelKind::Single => Box::new(SingleTask::new(input_dim, tasks, sizes)),
            ModelKind::SharedBottom => Box::new(SharedBottom::new(input_dim, tasks, sizes)),
            ModelKind::Omoe => Box::new(omoe::new(input_dim, tasks, sizes)),
            ModelKind::Mmoe => Box::new(mmoe::new(input_dim, tasks, sizes)),
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for ModelKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase().replace('-', "_");
        match key.as_str() {
            "single" | "single_task" | "st" => Ok(ModelKind::Single),
            "shared_bottom" | "sb" => Ok(ModelKind::SharedBottom),
            "omoe" => Ok(ModelKind::Omoe),
            "mmoe" => Ok(ModelKind::Mmoe),
            _ => Err(Error::UnknownModel(s.to_string())),
        }
    }
}

/// Layer sizes. Defaults follow MMoE §5.1 at d = 100: 8 experts of 16 units,
/// a Shared-Bottom layer of 113 units (about the experts' parameter count),
/// towers of 8 units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelSizes {
    pub experts: usize,
    pub expert_units: usize,
    pub tower_units: usize,
    pub bottom_units: usize,
    /// Hidden units of each single-task network's first layer.
    pub single_units: usize,
}

impl Default for ModelSizes {
    fn default() -> Self {
        Self { experts: 8, expert_units: 16, tower_units: 8, bottom_units: 113, single_units: 113 }
    }
}

impl ModelSizes {
    pub fn validate(&self) -> Result<()> {
        let in_range = |v: usize| (1..=1024).contains(&v);
        ensure((1..=64).contains(&self.experts), "experts", || format!("{} is not in 1..=64", self.experts))?;
        for (field, v) in [
            ("expert_units", self.expert_units),
            ("tower_units", self.tower_units),
            ("bottom_units", self.bottom_units),
            ("single_units", self.single_units),
        ] {
            ensure(in_range(v), field, || format!("{v} is not in 1..=1024"))?;
        }
        Ok(())
    }
}

/// Mean gate weights and how far apart the tasks' gates sit, over a batch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GateStats {
    /// Mean gate distribution per task: `mean[task][expert]`.
    pub mean: Vec<Vec<f64>>,
    /// Mean per-sample Jensen–Shannon distance (base 2, in [0, 1]) between the
    /// first two tasks' gate distributions.
    pub js_distance: f64,
    /// Mean per-sample gate entropy in bits, averaged over tasks.
    pub entropy_bits: f64,
}

/// A model that trains on several tasks at once.
pub trait MultiTaskModel<F: Float>: Send {
    fn kind(&self) -> ModelKind;
    /// Length of the flat parameter vector.
    fn num_params(&self) -> usize;
    /// The parameters every task's loss reaches (none for single-task
    /// networks), as ranges of the flat vector.
    fn shared(&self) -> Vec<Range<usize>>;
    /// The weights `W` of the last shared layer, where GradNorm measures each
    /// task's gradient norm `‖∇_W L_i‖` (Chen et al. 2018); empty when nothing is
    /// shared (GradNorm then falls back to fixed weights). Defaults to every
    /// shared parameter; a model whose shared part has several layers, or
    /// biases and gates beside the weights, names the last layer's weights.
    fn last_shared(&self) -> Vec<Range<usize>> {
        self.shared()
    }
    /// Fills `params` with initial values.
    fn init(&self, params: &mut [F], rng: &mut StdRng);
    /// `x: (batch, input_dim)` → outputs `(batch, tasks)`.
    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F>;
    /// Given `dout = ∂L/∂outputs: (batch, tasks)` for the last forward,
    /// accumulates `∂L/∂params` into `grads`.
    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>);
    /// Per-task gate probabilities of the last forward, `(batch, experts)` each,
    /// for models with gates.
    fn gate_probs(&self) -> Option<Vec<ArrayView2<'_, F>>> {
        None
    }
}

/// Jensen–Shannon distance (base 2, in [0, 1]) between two distributions:
/// `√(½·KL(p‖m) + ½·KL(q‖m))`, `m = (p + q)/2`.
pub fn js_distance(p: &[f64], q: &[f64]) -> f64 {
    let term = |a: f64, m: f64| if a > 0.0 { 0.5 * a * (a / m).log2() } else { 0.0 };
    let js: f64 = p.iter().zip(q).map(|(&a, &b)| term(a, 0.5 * (a + b)) + term(b, 0.5 * (a + b))).sum();
    js.max(0.0).sqrt()
}

/// Entropy in bits.
pub fn entropy_bits(p: &[f64]) -> f64 {
    -p.iter().filter(|&&v| v > 0.0).map(|&v| v * v.log2()).sum::<f64>()
}
