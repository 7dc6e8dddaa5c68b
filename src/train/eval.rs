//! Measuring a model without training it: per-task loss and gate statistics on a
//! set of rows, and the per-record snapshot the charts and the CLI read.

use super::auc::auc;
use super::race_data::TaskLoss;
use super::weighting::{GradNormRecord, LossWeighting, UncertaintyRecord};
use crate::float::Float;
use crate::models::{entropy_bits, js_distance, GateStats, MultiTaskModel};
use crate::nn::loss::{bce_with_logits_value, mse_value};
use ndarray::{s, ArrayView2};
use serde::{Deserialize, Serialize};

/// One model's metrics at one recorded step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub step: usize,
    /// Per-task loss (MSE, or BCE for binary labels) on a fixed training subset.
    pub train_loss: Vec<f64>,
    /// Per-task loss on a fixed test subset (a student's table: its validation split).
    pub test_loss: Vec<f64>,
    /// Per-task AUC on the same rows, for binary labels (`None` for a task
    /// whose rows hold one class).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_auc: Option<Vec<Option<f64>>>,
    /// Gate statistics on the test subset, for gated models.
    pub gates: Option<GateStats>,
    /// Cosine between the tasks' gradients on the shared parameters, on this
    /// step's batch; `None` without shared parameters or with a zero gradient.
    pub grad_cosine: Option<f64>,
    /// MTL gain per task over the single-task baselines (PLE Eq. 11, for a loss:
    /// `L_single − L_model`, positive = sharing helped); `None` without the baseline.
    pub mtl_gain: Option<Vec<f64>>,
    /// The effective weight on each task's loss at this step: the fixed weights,
    /// uncertainty weighting's `0.5·e^{−s_k}`, or GradNorm's `w_k`.
    pub loss_weights: Vec<f64>,
    /// The strategy this model followed at this step (fixed for a model without a
    /// shared layer when the race chose GradNorm).
    #[serde(default)]
    pub weighting: LossWeighting,
    /// `σ_k²` and the form used, under uncertainty weighting.
    #[serde(default)]
    pub uncertainty: Option<UncertaintyRecord>,
    /// `G_i`, the targets `Ḡ·r_i^α` and `r_i` of this step's batch, under GradNorm
    /// (none before its first step).
    #[serde(default)]
    pub grad_norm: Option<GradNormRecord>,
}

/// Per-task loss and gate statistics of a model over some rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub loss: Vec<f64>,
    /// Per-task AUC, when scored by BCE.
    pub auc: Option<Vec<Option<f64>>>,
    pub gates: Option<GateStats>,
}

/// Evaluates `model` on `x: (n, d)`, `y: (n, tasks)` in chunks of `chunk` rows
/// (the training batch size, so no buffer grows but the scores an AUC needs).
pub fn evaluate<F: Float>(
    model: &mut dyn MultiTaskModel<F>,
    params: &[F],
    x: ArrayView2<'_, F>,
    y: ArrayView2<'_, F>,
    chunk: usize,
    loss: TaskLoss,
) -> Evaluation {
    let (n, tasks) = (x.nrows(), y.ncols());
    let mut sq_err = vec![0.0; tasks];
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); if loss == TaskLoss::Bce { tasks } else { 0 }];
    let mut gates: Option<GateAccumulator> = None;
    let mut start = 0;
    while start < n {
        let end = (start + chunk).min(n);
        let out = model.forward(params, x.slice(s![start..end, ..]));
        for (k, total) in sq_err.iter_mut().enumerate() {
            let (pred, target) = (out.column(k), y.slice(s![start..end, k]));
            *total += match loss {
                TaskLoss::Mse => mse_value(pred, target),
                TaskLoss::Bce => bce_with_logits_value(pred, target),
            } * (end - start) as f64;
        }
        for (k, task) in scores.iter_mut().enumerate() {
            task.extend(out.column(k).iter().map(|z| z.f64()));
        }
        if let Some(probs) = model.gate_probs() {
            gates.get_or_insert_with(|| GateAccumulator::new(probs.len(), probs[0].ncols())).add(&probs);
        }
        start = end;
    }
    let gates = gates.map(|g| g.finish(model.expert_owners()));
    let auc = (loss == TaskLoss::Bce).then(|| {
        scores.iter().enumerate().map(|(k, task)| auc(task, &y.column(k).iter().map(|&v| v.f64() > 0.5).collect::<Vec<_>>())).collect()
    });
    Evaluation { loss: sq_err.into_iter().map(|s| s / n.max(1) as f64).collect(), auc, gates }
}

/// Running sums behind [`GateStats`].
struct GateAccumulator {
    mean: Vec<Vec<f64>>,
    js: f64,
    entropy: f64,
    rows: usize,
    p: Vec<f64>,
    q: Vec<f64>,
}

impl GateAccumulator {
    fn new(tasks: usize, experts: usize) -> Self {
        Self { mean: vec![vec![0.0; experts]; tasks], js: 0.0, entropy: 0.0, rows: 0, p: vec![0.0; experts], q: vec![0.0; experts] }
    }

    fn add<F: Float>(&mut self, probs: &[ArrayView2<'_, F>]) {
        let rows = probs[0].nrows();
        for b in 0..rows {
            for (k, task) in probs.iter().enumerate() {
                for (e, &g) in task.row(b).iter().enumerate() {
                    self.mean[k][e] += g.f64();
                    self.p[e] = g.f64();
                }
                self.entropy += entropy_bits(&self.p) / probs.len() as f64;
            }
            if probs.len() >= 2 {
                probs[0].row(b).iter().zip(&mut self.p).for_each(|(&g, p)| *p = g.f64());
                probs[1].row(b).iter().zip(&mut self.q).for_each(|(&g, q)| *q = g.f64());
                self.js += js_distance(&self.p, &self.q);
            }
        }
        self.rows += rows;
    }

    fn finish(self, owners: Vec<Option<usize>>) -> GateStats {
        let n = self.rows.max(1) as f64;
        GateStats {
            mean: self.mean.into_iter().map(|row| row.into_iter().map(|v| v / n).collect()).collect(),
            js_distance: self.js / n,
            entropy_bits: self.entropy / n,
            owners,
        }
    }
}
