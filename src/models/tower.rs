//! A task tower: one hidden layer (ReLU or leaky ReLU), then a linear output unit.

use crate::float::Float;
use crate::nn::activation::Activation;
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::ArrayView2;

/// `out = act(h·W1 + b1)·W2 + b2`; `h: (batch, in_dim)`, `out: (batch, 1)`.
#[derive(Clone, Debug)]
pub struct Tower<F> {
    pub hidden: Dense<F>,
    pub out: Dense<F>,
    act: Activation,
    dhidden: Buffer<F>,
}

impl<F: Float> Tower<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, units: usize, act: Activation) -> Self {
        Self { hidden: Dense::new(layout, in_dim, units), out: Dense::new(layout, units, 1), act, dhidden: Buffer::new(units) }
    }

    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.hidden.init(params, rng);
        self.out.init(params, rng);
    }

    /// Returns the output column `(batch, 1)`.
    pub fn forward(&mut self, params: &[F], h: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        self.hidden.forward(params, h);
        self.act.forward(self.hidden.y.as_slice_mut());
        self.out.forward(params, self.hidden.y.view())
    }

    /// `dout: (batch, 1)`; returns `dh: (batch, in_dim)`.
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        let da = self.out.backward(params, grads, dout, true);
        self.dhidden.resize(da.nrows()).assign(&da);
        self.act.backward(self.hidden.y.as_slice(), self.dhidden.as_slice_mut());
        self.hidden.backward(params, grads, self.dhidden.view(), true)
    }
}
