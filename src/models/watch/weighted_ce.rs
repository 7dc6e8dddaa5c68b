//! YouTube's weighted cross-entropy (Covington et al. 2016; the chapter's
//! `−Σ[T_i·y_i·log p_i + (1 − y_i)·log(1 − p_i)]`): the click's BCE with each
//! clicked impression weighted by its watch time T and each unclicked one by 1,
//! served by the odds `e^z`, which estimate `E[T·click]/(1 − P(click))` (see
//! the module above for the derivation). One network, one output: "the model
//! at serving time is the base model", as the chapter says.

use super::{WatchBatch, WatchKind, WatchModel, WatchNet, WatchRates, WatchSizes};
use crate::float::Float;
use crate::models::funnel::FunnelInputShape;
use crate::nn::loss::weighted_bce_with_logits;
use crate::nn::Buffer;
use crate::rng::SeedRng;
use ndarray::{ArrayView1, Axis};

/// `odds = e^z`, `z = net(x)`.
pub struct WeightedCe<F> {
    net: WatchNet<F>,
    score: Buffer<F>,
    /// Each row's weight: T on clicked rows, 1 elsewhere.
    weight: Vec<F>,
    dz: Buffer<F>,
}

impl<F: Float> WeightedCe<F> {
    pub fn new(shape: &FunnelInputShape, sizes: &WatchSizes) -> Self {
        Self { net: WatchNet::new(shape, sizes), score: Buffer::new(1), weight: Vec::new(), dz: Buffer::new(1) }
    }
}

impl<F: Float> WatchModel<F> for WeightedCe<F> {
    fn kind(&self) -> WatchKind {
        WatchKind::WeightedCe
    }
    fn num_params(&self) -> usize {
        self.net.num_params
    }
    /// The output bias starts at `ln(Σ_pos T / N_neg)`, the bias-only optimum.
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &WatchRates) {
        self.net.init(params, rng, rates.weighted_odds.max(1e-6).ln());
    }

    /// The odds `e^z`.
    fn score(&mut self, params: &[F], batch: &WatchBatch<'_, F>) -> ArrayView1<'_, F> {
        let mut out = self.score.resize(batch.len());
        for (o, &z) in out.column_mut(0).iter_mut().zip(self.net.forward(params, batch).column(0)) {
            *o = z.exp();
        }
        self.score.view().index_axis_move(Axis(1), 0)
    }

    /// `L = (1/n)·Σ w_i·BCE(click_i, σ(z_i))`, `w_i = T_i` if clicked, else 1.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &WatchBatch<'_, F>) -> f64 {
        let n = batch.len();
        self.weight.clear();
        self.weight.extend(batch.click.iter().zip(batch.watch).map(|(&c, &t)| if c > F::zero() { t } else { F::one() }));
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
