//! Shared-Bottom ("hard" parameter sharing): one shared hidden layer (ReLU or
//! leaky ReLU, [`ModelSizes::activation`]), a tower per task.

use super::{ModelKind, ModelSizes, MultiTaskModel, Tower};
use crate::float::Float;
use crate::nn::activation::Activation;
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{s, ArrayView2};
use std::ops::Range;

/// `h = act(x·W + b)` shared; `out_k = tower_k(h)`.
pub struct SharedBottom<F> {
    bottom: Dense<F>,
    towers: Vec<Tower<F>>,
    act: Activation,
    shared: Range<usize>,
    num_params: usize,
    out: Buffer<F>,
    dbottom: Buffer<F>,
}

impl<F: Float> SharedBottom<F> {
    pub fn new(input_dim: usize, tasks: usize, sizes: &ModelSizes) -> Self {
        let mut layout = ParamLayout::new();
        let bottom = Dense::new(&mut layout, input_dim, sizes.bottom_units);
        let shared = 0..layout.len();
        let towers = (0..tasks).map(|_| Tower::new(&mut layout, sizes.bottom_units, sizes.tower_units, sizes.activation)).collect();
        Self {
            bottom,
            towers,
            act: sizes.activation,
            shared,
            num_params: layout.len(),
            out: Buffer::new(tasks),
            dbottom: Buffer::new(sizes.bottom_units),
        }
    }
}

impl<F: Float> MultiTaskModel<F> for SharedBottom<F> {
    fn kind(&self) -> ModelKind {
        ModelKind::SharedBottom
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn shared(&self) -> Vec<Range<usize>> {
        vec![self.shared.clone()]
    }
    /// The shared layer's weight matrix (its bias left out).
    fn last_shared(&self) -> Vec<Range<usize>> {
        vec![self.bottom.w.range()]
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.bottom.init(params, rng);
        self.towers.iter().for_each(|t| t.init(params, rng));
    }

    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        self.bottom.forward(params, x);
        self.act.forward(self.bottom.y.as_slice_mut());
        let mut out = self.out.resize(x.nrows());
        for (k, tower) in self.towers.iter_mut().enumerate() {
            out.column_mut(k).assign(&tower.forward(params, self.bottom.y.view()).column(0));
        }
        self.out.view()
    }

    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) {
        let mut dh = self.dbottom.resize(dout.nrows());
        dh.fill(F::zero());
        // every tower's gradient flows into the one shared layer
        for (k, tower) in self.towers.iter_mut().enumerate().rev() {
            dh += &tower.backward(params, grads, dout.slice(s![.., k..k + 1]));
        }
        self.act.backward(self.bottom.y.as_slice(), self.dbottom.as_slice_mut());
        self.bottom.backward(params, grads, self.dbottom.view(), false);
    }
}
