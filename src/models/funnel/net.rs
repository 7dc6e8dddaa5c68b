//! One stand-alone funnel network: its own embedding tables and one tower,
//! `z = tower([E_user[u] | E_item[i] | E_cat[k] | dense])`. BASE, DIVISION and
//! ESMM-NS are built from two of these.

use super::{FeatureInput, FunnelBatch, FunnelInputShape, FunnelSizes, Mlp};
use crate::float::Float;
use crate::nn::ParamLayout;
use crate::rng::SeedRng;
use ndarray::ArrayView2;
use std::ops::Range;

#[derive(Clone, Debug)]
pub struct Net<F> {
    pub input: FeatureInput<F>,
    pub tower: Mlp<F>,
    /// Where this network's parameters sit in the model's flat vector.
    pub range: Range<usize>,
}

impl<F: Float> Net<F> {
    pub fn new(layout: &mut ParamLayout, shape: &FunnelInputShape, sizes: &FunnelSizes) -> Self {
        let start = layout.len();
        let input = FeatureInput::new(layout, shape, sizes.embedding_dim);
        let tower = Mlp::new(layout, input.out_dim(), &sizes.tower_units);
        Self { input, tower, range: start..layout.len() }
    }

    pub fn init(&self, params: &mut [F], rng: &mut SeedRng, out_bias: f64) {
        self.input.init(params, rng);
        self.tower.init(params, rng, out_bias);
    }

    /// Logits `(batch, 1)`.
    pub fn forward(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        let x = self.input.forward(params, batch);
        self.tower.forward(params, x)
    }

    /// `dz: (batch, 1)`: tower, then the embedding tables.
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dz: ArrayView2<'_, F>) {
        let dx = self.tower.backward(params, grads, dz);
        self.input.backward(grads, dx);
    }
}
