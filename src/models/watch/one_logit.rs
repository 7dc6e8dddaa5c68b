//! The two one-network watch models, CTR and weighted CE, are the same model
//! but for three choices: what each row's click BCE is weighted by, how the
//! logit is served as a ranking score, and where the output bias starts. A
//! [`Head`] makes those choices; [`OneLogit`] is the rest.

use super::{WatchBatch, WatchKind, WatchModel, WatchNet, WatchRates, WatchSizes};
use crate::float::Float;
use crate::models::funnel::FunnelInputShape;
use crate::nn::loss::weighted_bce_with_logits;
use crate::nn::Buffer;
use crate::rng::SeedRng;
use ndarray::{ArrayView1, Axis};
use std::marker::PhantomData;

/// What makes a one-logit watch model one of its kind.
pub trait Head: Send + Sync + 'static {
    const KIND: WatchKind;
    /// The output bias at the start, from the training data's base rates.
    fn bias(rates: &WatchRates) -> f64;
    /// The ranking score served for logit `z`.
    fn serve<F: Float>(z: F) -> F;
    /// A row's weight in the click's BCE, from its click and watch time.
    fn weight<F: Float>(click: F, watch: F) -> F;
}

/// `score = H::serve(z)`, `z = net(x)`, trained on
/// `L = (1/n)·Σ H::weight(click_i, T_i)·BCE(click_i, σ(z_i))`.
pub struct OneLogit<F, H> {
    net: WatchNet<F>,
    score: Buffer<F>,
    /// Each row's weight in the loss.
    weight: Vec<F>,
    dz: Buffer<F>,
    head: PhantomData<H>,
}

impl<F: Float, H: Head> OneLogit<F, H> {
    pub fn new(shape: &FunnelInputShape, sizes: &WatchSizes) -> Self {
        Self { net: WatchNet::new(shape, sizes), score: Buffer::new(1), weight: Vec::new(), dz: Buffer::new(1), head: PhantomData }
    }
}

impl<F: Float, H: Head> WatchModel<F> for OneLogit<F, H> {
    fn kind(&self) -> WatchKind {
        H::KIND
    }
    fn num_params(&self) -> usize {
        self.net.num_params
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &WatchRates) {
        self.net.init(params, rng, H::bias(rates));
    }

    fn score(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView1<'_, F> {
        let mut out = self.score.resize(batch.len());
        for (o, &z) in out.column_mut(0).iter_mut().zip(self.net.forward(params, batch).column(0)) {
            *o = H::serve(z);
        }
        self.score.view().index_axis_move(Axis(1), 0)
    }

    fn train(&mut self, params: &[F], grads: &mut [F], batch: &WatchBatch<'_, F>) -> f64 {
        let n = batch.len();
        self.weight.clear();
        self.weight.extend(batch.click.iter().zip(batch.watch).map(|(&c, &t)| H::weight(c, t)));
        let z = self.net.forward(params, batch);
        let loss = weighted_bce_with_logits(
            z.column(0),
            ArrayView1::from(batch.click),
            ArrayView1::from(&self.weight),
            F::one(),
            self.dz.resize(n).column_mut(0),
        );
        self.net.backward(params, grads, self.dz.view());
        loss.f64()
    }
}
