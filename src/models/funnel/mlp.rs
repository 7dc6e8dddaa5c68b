//! A funnel tower: ReLU hidden layers, then one linear output unit (a logit).

use crate::float::Float;
use crate::nn::activation::{relu, relu_backward};
use crate::nn::{Buffer, Dense, ParamLayout};
use crate::rng::SeedRng;
use ndarray::ArrayView2;

/// `z = W_L·relu(… relu(x·W_1 + b_1) …) + b_L`; `x: (batch, in_dim)`, `z: (batch, 1)`.
#[derive(Clone, Debug)]
pub struct Mlp<F> {
    hidden: Vec<Dense<F>>,
    out: Dense<F>,
    /// `∂L/∂(hidden activation)`, one buffer per hidden layer.
    dhidden: Vec<Buffer<F>>,
    dx: Buffer<F>,
}

impl<F: Float> Mlp<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, units: &[usize]) -> Self {
        let mut hidden = Vec::new();
        let mut prev = in_dim;
        for &u in units {
            hidden.push(Dense::new(layout, prev, u));
            prev = u;
        }
        let dhidden = units.iter().map(|&u| Buffer::new(u)).collect();
        Self { hidden, out: Dense::new(layout, prev, 1), dhidden, dx: Buffer::new(in_dim) }
    }

    /// PyTorch-default weights; the output bias at `out_bias` (a base-rate logit),
    /// so training starts from the right mean instead of spending steps finding it.
    pub fn init(&self, params: &mut [F], rng: &mut SeedRng, out_bias: f64) {
        self.hidden.iter().for_each(|d| d.init(params, rng));
        self.out.init(params, rng);
        params[self.out.b.range()].iter_mut().for_each(|b| *b = F::of(out_bias));
    }

    /// Returns the logits `(batch, 1)`.
    pub fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        let mut input = x;
        for layer in &mut self.hidden {
            layer.forward(params, input);
            relu(layer.y.as_slice_mut());
            input = layer.y.view();
        }
        self.out.forward(params, input)
    }

    /// The logits of the last forward, `(batch, 1)`.
    pub fn logits(&self) -> ArrayView2<'_, F> {
        self.out.y.view()
    }

    /// `dz: (batch, 1)`; returns `dx: (batch, in_dim)` row-major.
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dz: ArrayView2<'_, F>) -> &[F] {
        let mut da = self.out.backward(params, grads, dz, true);
        for (layer, dh) in self.hidden.iter_mut().zip(&mut self.dhidden).rev() {
            dh.resize(da.nrows()).assign(&da);
            // d/dz relu = 1 where the activation is positive
            relu_backward(layer.y.as_slice(), dh.as_slice_mut());
            da = layer.backward(params, grads, dh.view(), true);
        }
        self.dx.resize(da.nrows()).assign(&da);
        self.dx.as_slice()
    }
}
