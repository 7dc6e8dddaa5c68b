//! The click → conversion models of the ESMM paper's Table 2: BASE, DIVISION,
//! ESMM-NS and ESMM, each a pair of networks over embedded IDs and dense
//! features that together predict pCTR, pCVR and pCTCVR.
//!
//! Every model keeps its parameters in one flat vector. Unlike the
//! correlated-task models, a funnel model owns its objective — which rows and
//! labels each network learns from IS what tells the Table 2 models apart — so
//! `train` runs forward, loss and backward in one call. Optimisation, early
//! stopping and metrics live in `train::funnel`.

pub mod esmm;
pub mod esmm_ns;
mod input;
mod mlp;
mod net;
pub mod two_nets;

use crate::data::FunnelConfig;
use crate::error::{ensure, Error, Result};
use crate::float::Float;
use crate::rng::SeedRng;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

pub use input::FeatureInput;
pub use mlp::Mlp;

/// Which Table 2 model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelKind {
    /// A CVR net trained on clicked impressions only, and a separate CTR net.
    Base,
    /// A pCTCVR net and a pCTR net on all impressions; pCVR = pCTCVR / pCTR.
    Division,
    /// ESMM without the shared embedding: each tower has its own tables.
    EsmmNs,
    /// ESMM: CTR and CVR towers over one shared embedding, trained through
    /// pCTR and pCTCVR = pCTR·pCVR on all impressions.
    Esmm,
}

impl FunnelKind {
    pub const ALL: [FunnelKind; 4] = [FunnelKind::Base, FunnelKind::Division, FunnelKind::EsmmNs, FunnelKind::Esmm];

    /// The short name used in configs and the CLI.
    pub fn id(self) -> &'static str {
        match self {
            FunnelKind::Base => "base",
            FunnelKind::Division => "division",
            FunnelKind::EsmmNs => "esmm_ns",
            FunnelKind::Esmm => "esmm",
        }
    }

    /// The name shown in tables and legends (the paper's).
    pub fn label(self) -> &'static str {
        match self {
            FunnelKind::Base => "BASE",
            FunnelKind::Division => "DIVISION",
            FunnelKind::EsmmNs => "ESMM-NS",
            FunnelKind::Esmm => "ESMM",
        }
    }

    /// How many separately trained (and separately early-stopped) networks.
    pub fn parts(self) -> usize {
        match self {
            FunnelKind::Base | FunnelKind::Division => 2,
            FunnelKind::EsmmNs | FunnelKind::Esmm => 1,
        }
    }

    /// Builds the model for `input`'s vocabularies.
    pub fn build<F: Float>(self, input: &FunnelInputShape, sizes: &FunnelSizes) -> Box<dyn FunnelModel<F>> {
        match self {
            FunnelKind::Base | FunnelKind::Division => Box::new(two_nets::TwoNets::new(self, input, sizes)),
            FunnelKind::EsmmNs => Box::new(esmm_ns::new(input, sizes)),
            FunnelKind::Esmm => Box::new(esmm::Esmm::new(FunnelKind::Esmm, input, sizes)),
        }
    }
}

impl fmt::Display for FunnelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for FunnelKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "base" => Ok(FunnelKind::Base),
            "division" | "div" => Ok(FunnelKind::Division),
            "esmm_ns" | "ns" => Ok(FunnelKind::EsmmNs),
            "esmm" => Ok(FunnelKind::Esmm),
            _ => Err(Error::unknown_model(s, "funnel", FunnelKind::ALL.map(FunnelKind::id))),
        }
    }
}

/// Layer sizes of every funnel network (the design's reference: embeddings of
/// dim 8, towers [32, 16]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelSizes {
    pub embedding_dim: usize,
    /// Hidden ReLU layers of each tower, then one linear output unit.
    pub tower_units: Vec<usize>,
}

impl Default for FunnelSizes {
    fn default() -> Self {
        Self { embedding_dim: 8, tower_units: vec![32, 16] }
    }
}

impl FunnelSizes {
    pub fn validate(&self) -> Result<()> {
        ensure((1..=64).contains(&self.embedding_dim), "embedding_dim", || format!("{} is not in 1..=64", self.embedding_dim))?;
        ensure((1..=4).contains(&self.tower_units.len()), "tower_units", || "give 1 to 4 hidden layers".into())?;
        ensure(self.tower_units.iter().all(|u| (1..=512).contains(u)), "tower_units", || {
            format!("{:?}: each layer needs 1..=512 units", self.tower_units)
        })
    }
}

/// The vocabularies and dense width a model's input layer is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunnelInputShape {
    pub users: usize,
    pub items: usize,
    pub categories: usize,
    pub dense: usize,
}

impl From<&FunnelConfig> for FunnelInputShape {
    fn from(c: &FunnelConfig) -> Self {
        Self { users: c.users, items: c.items, categories: c.categories, dense: c.dense_features }
    }
}

/// Base rates of the training data; output biases start at their logits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaseRates {
    /// Clicks per impression.
    pub ctr: f64,
    /// Conversions per click.
    pub cvr: f64,
    /// Conversions per impression.
    pub ctcvr: f64,
}

/// `ln(p / (1 − p))`, with `p` kept inside (1e-6, 1 − 1e-6).
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// A batch of impressions as a model sees it: IDs, dense features and the
/// OBSERVED labels only (never the counterfactual conversions).
#[derive(Clone, Copy, Debug)]
pub struct FunnelBatch<'a, F> {
    pub user: &'a [u32],
    pub item: &'a [u32],
    pub category: &'a [u32],
    /// `(batch, dense)`.
    pub dense: ArrayView2<'a, F>,
    pub click: &'a [F],
    /// Observed `click ∧ conversion`.
    pub ctcvr: &'a [F],
}

impl<F> FunnelBatch<'_, F> {
    pub fn len(&self) -> usize {
        self.user.len()
    }
    pub fn is_empty(&self) -> bool {
        self.user.is_empty()
    }
}

/// Column indices of [`FunnelModel::predict`]'s output.
pub const PCTR: usize = 0;
pub const PCVR: usize = 1;
pub const PCTCVR: usize = 2;

/// A click → conversion model.
pub trait FunnelModel<F: Float>: Send {
    fn kind(&self) -> FunnelKind;
    fn num_params(&self) -> usize;
    /// The parameters of each separately trained network, in the order of
    /// `train`'s losses (one range for ESMM and ESMM-NS, whose networks share
    /// one objective).
    fn parts(&self) -> Vec<Range<usize>>;
    /// Fills `params` with initial values; output biases at the base-rate logits.
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &BaseRates);
    /// Probabilities `(batch, 3)`: pCTR, pCVR, pCTCVR (columns [`PCTR`], [`PCVR`], [`PCTCVR`]).
    fn predict(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F>;
    /// Forward, the model's own loss and backward on a training batch:
    /// accumulates `∂L/∂params` into `grads` and returns each part's loss
    /// (unused entries 0).
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &FunnelBatch<'_, F>) -> [f64; 2];
}
