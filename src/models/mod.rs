//! The multi-task architectures (MMoE paper §5.1, parameter-matched defaults;
//! CGC and PLE from Tang et al. RecSys 2020).
//!
//! Every model maps `x: (batch, input_dim)` to one output per task,
//! `(batch, tasks)`, keeps its parameters in one flat vector (shared parameters
//! first, so they form one range), and runs `backward` in exactly the reverse
//! order of `forward`. Losses and optimisation live in `train`.

pub mod cgc;
mod experts;
pub mod funnel;
pub mod mmoe;
pub mod omoe;
pub mod ple;
pub mod preset;
pub mod shared_bottom;
pub mod single_task;
pub mod tower;
pub mod watch;

use crate::error::{ensure, Error, Result};
use crate::float::Float;
use crate::nn::activation::Activation;
use crate::rng::SeedRng;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

pub use experts::MixtureOfExperts;
pub use ple::Ple;
pub use preset::Preset;
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
    /// Task-specific and shared experts; task k's gate weighs its own and the
    /// shared ones (one PLE level).
    Cgc,
    /// CGC levels stacked, with a shared gate feeding each next level's shared experts.
    Ple,
}

impl ModelKind {
    /// The default race (the page's, the CLI's, `RaceConfig::default()`): the
    /// MMoE paper's comparison.
    pub const RACE: [ModelKind; 4] = [ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];

    /// Every kind, in legend order.
    pub const ALL: [ModelKind; 6] =
        [ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe, ModelKind::Cgc, ModelKind::Ple];

    /// The short name used in configs, URLs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            ModelKind::Single => "single",
            ModelKind::SharedBottom => "shared_bottom",
            ModelKind::Omoe => "omoe",
            ModelKind::Mmoe => "mmoe",
            ModelKind::Cgc => "cgc",
            ModelKind::Ple => "ple",
        }
    }

    /// The name shown in tables and legends.
    pub fn label(self) -> &'static str {
        match self {
            ModelKind::Single => "Single-task",
            ModelKind::SharedBottom => "Shared-Bottom",
            ModelKind::Omoe => "OMoE",
            ModelKind::Mmoe => "MMoE",
            ModelKind::Cgc => "CGC",
            ModelKind::Ple => "PLE",
        }
    }

    /// Builds the model for `input_dim` inputs and `tasks` outputs.
    pub fn build<F: Float>(self, sizes: &ModelSizes, input_dim: usize, tasks: usize) -> Box<dyn MultiTaskModel<F>> {
        match self {
            ModelKind::Single => Box::new(SingleTask::new(input_dim, tasks, sizes)),
            ModelKind::SharedBottom => Box::new(SharedBottom::new(input_dim, tasks, sizes)),
            ModelKind::Omoe => Box::new(omoe::new(input_dim, tasks, sizes)),
            ModelKind::Mmoe => Box::new(mmoe::new(input_dim, tasks, sizes)),
            ModelKind::Cgc => Box::new(cgc::new(input_dim, tasks, sizes)),
            ModelKind::Ple => Box::new(Ple::new(ModelKind::Ple, input_dim, tasks, sizes.ple_levels, sizes)),
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
            "cgc" => Ok(ModelKind::Cgc),
            "ple" => Ok(ModelKind::Ple),
            _ => Err(Error::unknown_model(s, "tasks", ModelKind::ALL.map(ModelKind::id))),
        }
    }
}

/// Layer sizes. `Default` is the default preset's ([`Preset::DEFAULT`]); the
/// presets ([`Preset`]) set every field. At the `paper` preset (MMoE §5.1 at
/// d = 100: 8 experts of 16 units, a Shared-Bottom layer of 113 units, about
/// the experts' parameter count, towers of 8 units; CGC and PLE keep the 8
/// experts per level, split 2 per task + 4 shared), two tasks, towers 2 × 145
/// included: MMoE 14,834 parameters (experts 12,928, two gates of 8 over x
/// 1,616). CGC 14,430 (the same experts; its gates weigh 6 experts each, 1,212).
/// PLE with 2 levels 17,618, about 19% more than MMoE: level 1 is CGC's plus a
/// shared gate over all 8 experts (14,948), level 2 reads 16-dimensional
/// mixtures (2,380). [`param_counts`] gives the counts for any sizes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelSizes {
    pub experts: usize,
    pub expert_units: usize,
    pub tower_units: usize,
    pub bottom_units: usize,
    /// Hidden units of each single-task network's first layer.
    pub single_units: usize,
    /// CGC/PLE: experts of each task's own, per level.
    pub task_experts: usize,
    /// CGC/PLE: shared experts, per level.
    pub shared_experts: usize,
    /// PLE: extraction levels (1 is CGC).
    pub ple_levels: usize,
    /// Every hidden layer's activation. The narrow preset's 2-unit layers take
    /// leaky ReLU: with ReLU a unit dies on some seeds and the run fails
    /// (README, "Failed trainings").
    pub activation: Activation,
}

impl Default for ModelSizes {
    fn default() -> Self {
        Preset::DEFAULT.sizes()
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
        ensure((1..=16).contains(&self.task_experts), "task_experts", || format!("{} is not in 1..=16", self.task_experts))?;
        ensure((1..=32).contains(&self.shared_experts), "shared_experts", || format!("{} is not in 1..=32", self.shared_experts))?;
        ensure((1..=4).contains(&self.ple_levels), "ple_levels", || format!("{} is not in 1..=4", self.ple_levels))
    }
}

/// Each kind's parameter count at `sizes`, for `input_dim` inputs and `tasks` tasks.
pub fn param_counts(sizes: &ModelSizes, input_dim: usize, tasks: usize) -> Vec<(ModelKind, usize)> {
    ModelKind::ALL.iter().map(|&k| (k, k.build::<f32>(sizes, input_dim, tasks).num_params())).collect()
}

/// Mean gate weights and how far apart the tasks' gates sit, over a batch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GateStats {
    /// Mean gate distribution per task: `mean[task][expert]`.
    pub mean: Vec<Vec<f64>>,
    /// Mean per-sample Jensen–Shannon distance (base 2, in [0, 1]) between the
    /// first two tasks' gate distributions. For CGC/PLE it includes a
    /// structural part: weight a gate puts on its own task's experts is weight
    /// the other gate cannot match, so it is 0 only when both gates sit on the
    /// shared experts alike, and is not comparable one-to-one with MMoE's.
    pub js_distance: f64,
    /// Mean per-sample gate entropy in bits, averaged over tasks. At most
    /// `log2` of the experts a gate weighs: 3 bits for 8 (OMoE, MMoE), log2 6 ≈
    /// 2.58 for CGC/PLE at default sizes (2 own + 4 shared), see [`Self::support`].
    pub entropy_bits: f64,
    /// Per expert column, the task whose own expert it is (CGC/PLE's
    /// task-specific experts), or `None` for a shared expert. Empty when every
    /// expert is shared (OMoE, MMoE).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<Option<usize>>,
}

impl GateStats {
    /// How many experts task `k`'s gate can weigh: its own and the shared ones.
    pub fn support(&self, k: usize) -> usize {
        let experts = self.mean.get(k).map_or(0, Vec::len);
        if self.owners.len() != experts {
            return experts;
        }
        self.owners.iter().filter(|o| o.is_none_or(|t| t == k)).count()
    }
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
    fn init(&self, params: &mut [F], rng: &mut SeedRng);
    /// `x: (batch, input_dim)` → outputs `(batch, tasks)`.
    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F>;
    /// Given `dout = ∂L/∂outputs: (batch, tasks)` for the last forward,
    /// accumulates `∂L/∂params` into `grads`.
    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>);
    /// Per-task gate probabilities of the last forward, `(batch, experts)` each,
    /// for models with gates: all over one expert index space, zero on experts
    /// outside a task's gate (CGC/PLE's other tasks' experts), so per-sample
    /// JS distance and entropy compare like with like.
    fn gate_probs(&self) -> Option<Vec<ArrayView2<'_, F>>> {
        None
    }
    /// Per column of [`Self::gate_probs`], the task whose own expert it is, or
    /// `None` for a shared expert; empty when every expert is shared.
    fn expert_owners(&self) -> Vec<Option<usize>> {
        Vec::new()
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
