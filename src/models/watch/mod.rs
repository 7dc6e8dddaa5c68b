//! The watch-time models of the chapter's "loss加权融合": one click model and
//! two ways to make a ranking serve watch time too, on one feature stack
//! (user, video and category embeddings beside the dense features, as in the
//! funnel):
//!
//! - **CTR**: BCE on the click; ranked by pCTR.
//! - **Weighted CE** (YouTube DNN): the click's BCE with each positive weighted
//!   by its watch time T and each negative by 1; ranked by the odds `e^z`.
//! - **Two tasks**: a shared bottom with a click tower and a finish tower,
//!   trained on `w·L_click + (1 − w)·L_finish` (the chapter's 0.3/0.7); ranked
//!   by `w·pCTR + (1 − w)·pFinish` (see `two_tasks` for why).
//!
//! # Why the odds estimate watch time, and where they overshoot
//!
//! With `p = σ(z)`, a score free to take any value per impression minimises
//! the expected weighted CE `−P·E[T | click]·ln p − (1 − P)·ln(1 − p)`
//! (`P = P(click)`) where `P·E[T | click]·(1 − p) = (1 − P)·p`, that is at
//!
//! `odds = e^z = p/(1 − p) = E[T·click] / (1 − P(click))`.
//!
//! The odds are the expected watch time per impression `E[T·click]` divided
//! by `1 − P(click)`: close to it when clicks are rare (YouTube's case), and
//! too high by the factor `1/(1 − P)` as the click rate grows (×1.11 at 10 %,
//! ×2 at 50 %). Within a ranking the factor also favours clickable videos a
//! little. `tests/watch.rs` trains one bias per group to convergence and finds
//! `odds = Σ_pos T / N_neg`, overshooting more as the click rate grows.
//!
//! Every model keeps its parameters in one flat vector and owns its objective:
//! `train` runs forward, loss and backward in one call. Optimisation and
//! metrics live in `train::watch`.

pub mod ctr;
pub mod one_logit;
pub mod two_tasks;
pub mod weighted_ce;

use super::funnel::{FeatureInput, FunnelInputShape, Mlp};
use crate::data::watch::{WatchConfig, WATCH_DENSE};
use crate::error::{Error, Result};
use crate::float::Float;
use crate::nn::ParamLayout;
use crate::rng::SeedRng;
use ndarray::{ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

pub use crate::models::funnel::logit;

/// Which watch-time model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchKind {
    /// BCE on the click, ranked by pCTR.
    Ctr,
    /// Positives weighted by watch time, ranked by the odds.
    WeightedCe,
    /// Click and finish towers over a shared bottom, hand-set loss weights.
    TwoTasks,
}

impl WatchKind {
    pub const ALL: [WatchKind; 3] = [WatchKind::Ctr, WatchKind::WeightedCe, WatchKind::TwoTasks];

    /// The short name used in configs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            WatchKind::Ctr => "ctr",
            WatchKind::WeightedCe => "weighted_ce",
            WatchKind::TwoTasks => "two_tasks",
        }
    }

    /// The name shown in tables and legends.
    pub fn label(self) -> &'static str {
        match self {
            WatchKind::Ctr => "CTR",
            WatchKind::WeightedCe => "Weighted CE",
            WatchKind::TwoTasks => "Two tasks",
        }
    }

    /// Builds the model; `click_weight` is the two-task model's `w`.
    pub fn build<F: Float>(self, shape: &FunnelInputShape, sizes: &WatchSizes, click_weight: f64) -> Box<dyn WatchModel<F>> {
        match self {
            WatchKind::Ctr => Box::new(ctr::Ctr::new(shape, sizes)),
            WatchKind::WeightedCe => Box::new(weighted_ce::WeightedCe::new(shape, sizes)),
            WatchKind::TwoTasks => Box::new(two_tasks::TwoTasks::new(shape, sizes, click_weight)),
        }
    }
}

impl fmt::Display for WatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for WatchKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "ctr" => Ok(WatchKind::Ctr),
            "weighted_ce" | "wce" | "weighted" => Ok(WatchKind::WeightedCe),
            "two_tasks" | "two" | "tasks" => Ok(WatchKind::TwoTasks),
            _ => Err(Error::unknown_model(s, "watch", WatchKind::ALL.map(WatchKind::id))),
        }
    }
}

/// Layer sizes: the funnel's (an embedding dim and the towers' hidden layers,
/// the same fields, defaults and ranges). The CTR and weighted-CE networks are
/// `embedding → tower_units → 1`; the two-task model shares the first hidden
/// layer (its bottom) and gives each tower the remaining layers, so all three
/// have about the same size.
pub type WatchSizes = crate::models::funnel::FunnelSizes;

impl From<&WatchConfig> for FunnelInputShape {
    fn from(c: &WatchConfig) -> Self {
        Self { users: c.users, items: c.videos, categories: c.categories, dense: WATCH_DENSE }
    }
}

/// Base rates of the training data; output biases start at their logits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WatchRates {
    /// Clicks per impression.
    pub ctr: f64,
    /// Finishes (click ∧ finish) per impression.
    pub finish: f64,
    /// Σ_pos T / N_neg: the odds weighted CE starts from.
    pub weighted_odds: f64,
}

/// A batch of impressions as a model sees it: IDs, dense features and the
/// observed labels (T and finish are 0 without a click).
#[derive(Clone, Copy, Debug)]
pub struct WatchBatch<'a, F> {
    pub user: &'a [u32],
    pub video: &'a [u32],
    pub category: &'a [u32],
    /// `(batch, WATCH_DENSE)`.
    pub dense: ArrayView2<'a, F>,
    pub click: &'a [F],
    /// Watch time T (minutes).
    pub watch: &'a [F],
    /// Observed click ∧ finish.
    pub finish: &'a [F],
}

impl<F> WatchBatch<'_, F> {
    pub fn len(&self) -> usize {
        self.user.len()
    }
    pub fn is_empty(&self) -> bool {
        self.user.is_empty()
    }
}

/// A watch-time model.
pub trait WatchModel<F: Float>: Send {
    fn kind(&self) -> WatchKind;
    fn num_params(&self) -> usize;
    /// Fills `params` with initial values; output biases at the base-rate logits.
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &WatchRates);
    /// The ranking score of each row, `(batch,)`: higher ranks first.
    fn score(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView1<'_, F>;
    /// Forward, the model's own loss and backward on a training batch:
    /// accumulates `∂L/∂params` into `grads` and returns the loss.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &WatchBatch<'_, F>) -> f64;
    /// Changes the two-task model's loss weight `w` (and serving mix); others ignore it.
    fn set_click_weight(&mut self, _w: f64) {}
}

/// One network: `z = tower([E_user | E_video | E_cat | dense])`, the CTR and
/// weighted-CE models' shared shape.
#[derive(Clone, Debug)]
pub struct WatchNet<F> {
    pub input: FeatureInput<F>,
    pub tower: Mlp<F>,
    pub num_params: usize,
}

impl<F: Float> WatchNet<F> {
    pub fn new(shape: &FunnelInputShape, sizes: &WatchSizes) -> Self {
        let mut layout = ParamLayout::new();
        let input = FeatureInput::new(&mut layout, shape, sizes.embedding_dim);
        let tower = Mlp::new(&mut layout, input.out_dim(), &sizes.tower_units);
        Self { input, tower, num_params: layout.len() }
    }

    pub fn init(&self, params: &mut [F], rng: &mut SeedRng, out_bias: f64) {
        self.input.init(params, rng);
        self.tower.init(params, rng, out_bias);
    }

    /// Logits `(batch, 1)`.
    pub fn forward(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView2<'_, F> {
        let x = self.input.forward_rows(params, batch.user, batch.video, batch.category, batch.dense);
        self.tower.forward(params, x)
    }

    /// `dz: (batch, 1)`: tower, then the embedding tables.
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dz: ArrayView2<'_, F>) {
        let dx = self.tower.backward(params, grads, dz);
        self.input.backward(grads, dx);
    }
}
