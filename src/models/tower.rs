//! A task tower: one hidden ReLU layer, then a linear output unit.

use crate::float::Float;
use crate::nn::activation::{relu, relu_backward};
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::ArrayView2;

/// `out = relu(h·W1 + b1)·W2 + b2`; `h: (batch, in_dim)`, `out: (batch, 1)`.
#[derive(Clone, Debug)]
pub struct Tower<F> {
    pub hidden: Dense<F>,
    pub out: Dense<F>,
    dhidden: Buffer<F>,
}

impl<F: Float> Tower<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, units: usize) -> Self {
        Self { hidden: Dense::new(layout, in_dim, units), out: Dense::new(layout, units, 1), dhidden: Buffer::new(units) }
    }

    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.hidden.init(params, rng);
        self.out.init(params, rng);
    }

    /// Returns the output column `(batch, 1)`.
    pub fn forward(&mut self, params: &[F], h: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        self.hidden.forward(params, h);
        relu(self.hidden.y.as_slice_mut());
        self.out.forward(params, self.hidden.y.view())
    }

    /// `dout: (batch, 1)`; returns `dh: (batch, in_dim)`.
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        let da = self.out.backward(params, grads, dout, true);
        self.dhidden.resize(da.nrows()).assign(&da);
        relu_backward(self.hidden.y.as_slice(), self.dhidden.as_slice_mut());
        self.hidden.backward(params, grads, self.dhidden.view(), true)
    }
}
