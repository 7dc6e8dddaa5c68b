//! Two tasks with hand-set loss weights (the chapter's
//! `0.3·L(点击) + 0.7·L(完播)`): a shared bottom — the embeddings and the
//! first hidden layer — with a click tower and a finish tower, trained on
//! `L = w·BCE(click, pCTR) + (1 − w)·BCE(click ∧ finish, pFinish)`.
//!
//! The finish tower learns `P(click ∧ finish)` on ALL impressions, not
//! `P(finish | click)` on clicked ones: the log holds 完播 = 0 for an
//! impression nobody clicked (finish exists only after a click), so this is the
//! label as logged, trained on the space it is served on (no selection bias,
//! as ESMM's CTCVR). It also gives the weight a meaning at serving time: one
//! output trained on both labels with weights `w` and `1 − w` would converge to
//! `w·P(click) + (1 − w)·P(click ∧ finish)` (the weighted BCE's minimiser is the
//! weighted mean of the targets) — the chapter's "turning two objectives into
//! one". The model learns both terms in their own towers and ranks by that one
//! target, `score = w·pCTR + (1 − w)·pFinish`, so the loss weight is also the
//! serving trade-off, which in practice an A/B test sets.

use super::{logit, WatchBatch, WatchKind, WatchModel, WatchRates, WatchSizes};
use crate::float::Float;
use crate::models::funnel::{FeatureInput, FunnelInputShape, Mlp};
use crate::nn::activation::{relu, relu_backward};
use crate::nn::loss::{bce_with_logits, sigmoid};
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{ArrayView1, Axis};

/// `h = relu(input·W + b)`; `z_click = click_tower(h)`, `z_finish = finish_tower(h)`.
pub struct TwoTasks<F> {
    input: FeatureInput<F>,
    bottom: Dense<F>,
    click_tower: Mlp<F>,
    finish_tower: Mlp<F>,
    /// `w`, the click loss's weight, in [0, 1].
    click_weight: f64,
    num_params: usize,
    score: Buffer<F>,
    dz_click: Buffer<F>,
    dz_finish: Buffer<F>,
    /// Sum of both towers' gradients on `h`.
    dh: Buffer<F>,
}

impl<F: Float> TwoTasks<F> {
    /// `click_weight` is clamped into [0, 1].
    pub fn new(shape: &FunnelInputShape, sizes: &WatchSizes, click_weight: f64) -> Self {
        let mut layout = ParamLayout::new();
        let input = FeatureInput::new(&mut layout, shape, sizes.embedding_dim);
        let width = sizes.tower_units[0];
        let bottom = Dense::new(&mut layout, input.out_dim(), width);
        let click_tower = Mlp::new(&mut layout, width, &sizes.tower_units[1..]);
        let finish_tower = Mlp::new(&mut layout, width, &sizes.tower_units[1..]);
        Self {
            input,
            bottom,
            click_tower,
            finish_tower,
            click_weight: click_weight.clamp(0.0, 1.0),
            num_params: layout.len(),
            score: Buffer::new(1),
            dz_click: Buffer::new(1),
            dz_finish: Buffer::new(1),
            dh: Buffer::new(width),
        }
    }

    pub fn click_weight(&self) -> f64 {
        self.click_weight
    }

    /// Both towers' logits, left in `click_tower.logits()` and `finish_tower.logits()`.
    fn forward(&mut self, params: &[F], batch: &WatchBatch<'_, F>) {
        let x = self.input.forward_rows(params, batch.user, batch.video, batch.category, batch.dense);
        self.bottom.forward(params, x);
        relu(self.bottom.y.as_slice_mut());
        self.click_tower.forward(params, self.bottom.y.view());
        self.finish_tower.forward(params, self.bottom.y.view());
    }

    /// Reverse of `forward`: finish tower, click tower, the bottom's ReLU and
    /// layer, the embedding tables.
    fn backward(&mut self, params: &[F], grads: &mut [F]) {
        let n = self.dz_click.rows();
        let dh_finish = self.finish_tower.backward(params, grads, self.dz_finish.view());
        self.dh.resize(n);
        self.dh.as_slice_mut().copy_from_slice(dh_finish);
        let dh_click = self.click_tower.backward(params, grads, self.dz_click.view());
        // dh = ∂L/∂h from both towers
        self.dh.as_slice_mut().iter_mut().zip(dh_click).for_each(|(d, &g)| *d += g);
        // d/dz relu = 1 where h > 0
        relu_backward(self.bottom.y.as_slice(), self.dh.as_slice_mut());
        let dx = self.bottom.backward(params, grads, self.dh.view(), true);
        self.input.backward(grads, dx.as_slice().expect("dx is row-major"));
    }
}

impl<F: Float> WatchModel<F> for TwoTasks<F> {
    fn kind(&self) -> WatchKind {
        WatchKind::TwoTasks
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &WatchRates) {
        self.input.init(params, rng);
        self.bottom.init(params, rng);
        self.click_tower.init(params, rng, logit(rates.ctr));
        self.finish_tower.init(params, rng, logit(rates.finish));
    }

    /// `w·pCTR + (1 − w)·pFinish`.
    fn score(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView1<'_, F> {
        self.forward(params, batch);
        let w = F::of(self.click_weight);
        let mut out = self.score.resize(batch.len());
        let (zc, zf) = (self.click_tower.logits(), self.finish_tower.logits());
        for ((o, &a), &b) in out.column_mut(0).iter_mut().zip(zc.column(0)).zip(zf.column(0)) {
            *o = w * sigmoid(a) + (F::one() - w) * sigmoid(b);
        }
        self.score.view().index_axis_move(Axis(1), 0)
    }

    /// `L = w·BCE(click, σ(z_click)) + (1 − w)·BCE(click ∧ finish, σ(z_finish))`
    /// over all rows.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &WatchBatch<'_, F>) -> f64 {
        let n = batch.len();
        let w = F::of(self.click_weight);
        self.forward(params, batch);
        let (zc, zf) = (self.click_tower.logits(), self.finish_tower.logits());
        let l_click = bce_with_logits(zc.column(0), ArrayView1::from(batch.click), w, self.dz_click.resize(n).column_mut(0));
        let l_finish = bce_with_logits(zf.column(0), ArrayView1::from(batch.finish), F::one() - w, self.dz_finish.resize(n).column_mut(0));
        self.backward(params, grads);
        (w * l_click + (F::one() - w) * l_finish).f64()
    }

    fn set_click_weight(&mut self, w: f64) {
        self.click_weight = w.clamp(0.0, 1.0);
    }
}
