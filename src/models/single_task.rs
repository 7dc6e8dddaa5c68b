//! Single-task baselines: one independent network per task, sharing nothing.
//! Each task's network has the Shared-Bottom shape, so MTL gain compares like
//! with like.

use super::{ModelKind, ModelSizes, MultiTaskModel, Tower};
use crate::float::Float;
use crate::nn::activation::Activation;
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{s, ArrayView2};
use std::ops::Range;

/// Network k: `out_k = tower_k(act(x·W_k + b_k))`, `act` ReLU or leaky ReLU.
pub struct SingleTask<F> {
    bottoms: Vec<Dense<F>>,
    towers: Vec<Tower<F>>,
    act: Activation,
    num_params: usize,
    out: Buffer<F>,
    dbottom: Buffer<F>,
}

impl<F: Float> SingleTask<F> {
    pub fn new(input_dim: usize, tasks: usize, sizes: &ModelSizes) -> Self {
        let mut layout = ParamLayout::new();
        let mut bottoms = Vec::new();
        let mut towers = Vec::new();
        for _ in 0..tasks {
            bottoms.push(Dense::new(&mut layout, input_dim, sizes.single_units));
            towers.push(Tower::new(&mut layout, sizes.single_units, sizes.tower_units, sizes.activation));
        }
        Self {
            bottoms,
            towers,
            act: sizes.activation,
            num_params: layout.len(),
            out: Buffer::new(tasks),
            dbottom: Buffer::new(sizes.single_units),
        }
    }
}

impl<F: Float> MultiTaskModel<F> for SingleTask<F> {
    fn kind(&self) -> ModelKind {
        ModelKind::Single
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn shared(&self) -> Vec<Range<usize>> {
        Vec::new()
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        for (bottom, tower) in self.bottoms.iter().zip(&self.towers) {
            bottom.init(params, rng);
            tower.init(params, rng);
        }
    }

    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        let mut out = self.out.resize(x.nrows());
        for (k, (bottom, tower)) in self.bottoms.iter_mut().zip(&mut self.towers).enumerate() {
            bottom.forward(params, x);
            self.act.forward(bottom.y.as_slice_mut());
            out.column_mut(k).assign(&tower.forward(params, bottom.y.view()).column(0));
        }
        self.out.view()
    }

    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) {
        for (k, (bottom, tower)) in self.bottoms.iter_mut().zip(&mut self.towers).enumerate().rev() {
            let dh = tower.backward(params, grads, dout.slice(s![.., k..k + 1]));
            self.dbottom.resize(dh.nrows()).assign(&dh);
            self.act.backward(bottom.y.as_slice(), self.dbottom.as_slice_mut());
            bottom.backward(params, grads, self.dbottom.view(), false);
        }
    }
}
