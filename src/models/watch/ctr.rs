//! The CTR model: one network trained with BCE on the click, ranked by pCTR.
//! It knows nothing of watch time: in a clickbait world its top is full of
//! tempting videos that viewers abandon.

use super::{logit, WatchBatch, WatchKind, WatchModel, WatchNet, WatchRates, WatchSizes};
use crate::float::Float;
use crate::models::funnel::FunnelInputShape;
use crate::nn::loss::{bce_with_logits, sigmoid};
use crate::nn::Buffer;
use crate::rng::SeedRng;
use ndarray::{ArrayView1, Axis};

/// `pCTR = σ(z)`, `z = net(x)`.
pub struct Ctr<F> {
    net: WatchNet<F>,
    score: Buffer<F>,
    dz: Buffer<F>,
}

impl<F: Float> Ctr<F> {
    pub fn new(shape: &FunnelInputShape, sizes: &WatchSizes) -> Self {
        Self { net: WatchNet::new(shape, sizes), score: Buffer::new(1), dz: Buffer::new(1) }
    }
}

impl<F: Float> WatchModel<F> for Ctr<F> {
    fn kind(&self) -> WatchKind {
        WatchKind::Ctr
    }
    fn num_params(&self) -> usize {
        self.net.num_params
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &WatchRates) {
        self.net.init(params, rng, logit(rates.ctr));
    }

    /// pCTR.
    fn score(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView1<'_, F> {
        let mut out = self.score.resize(batch.len());
        for (o, &z) in out.column_mut(0).iter_mut().zip(self.net.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        self.score.view().index_axis_move(Axis(1), 0)
    }

    /// `L = BCE(click, σ(z))` over all rows.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &WatchBatch<'_, F>) -> f64 {
        let n = batch.len();
        let z = self.net.forward(params, batch);
        let loss = bce_with_logits(z.column(0), ArrayView1::from(batch.click), F::one(), self.dz.resize(n).column_mut(0));
        self.net.backward(params, grads, self.dz.view());
        loss.f64()
    }
}
