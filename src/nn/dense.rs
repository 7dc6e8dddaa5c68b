//! A fully connected layer `y = x·W + b`.

use super::params::{Buffer, ParamLayout, Slot};
use crate::float::Float;
use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, Zip};
use rand::rngs::StdRng;
use rand::RngExt;

/// Dense layer. Shapes: `x: (batch, in_dim)`, `W: (in_dim, out_dim)`,
/// `b: (1, out_dim)`, `y: (batch, out_dim)`.
#[derive(Clone, Debug)]
pub struct Dense<F> {
    pub w: Slot,
    pub b: Slot,
    /// Cached input, for `dW` in backward.
    x: Buffer<F>,
    /// Output; activations are applied to it in place by the owner.
    pub y: Buffer<F>,
    dx: Buffer<F>,
}

impl<F: Float> Dense<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, out_dim: usize) -> Self {
        Self {
            w: layout.alloc(in_dim, out_dim),
            b: layout.alloc(1, out_dim),
            x: Buffer::new(in_dim),
            y: Buffer::new(out_dim),
            dx: Buffer::new(in_dim),
        }
    }

    pub fn in_dim(&self) -> usize {
        self.w.rows
    }
    pub fn out_dim(&self) -> usize {
        self.w.cols
    }

    /// PyTorch's `nn.Linear` default: W and b ~ U(−1/√in, 1/√in).
    pub fn init(&self, params: &mut [F], rng: &mut StdRng) {
        let bound = 1.0 / (self.in_dim() as f64).sqrt();
        for v in &mut params[self.w.range()] {
            *v = F::of(rng.random_range(-bound..bound));
        }
        for v in &mut params[self.b.range()] {
            *v = F::of(rng.random_range(-bound..bound));
        }
    }

    /// y = x·W + b. Returns a view of `y`.
    pub fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        let n = x.nrows();
        self.x.resize(n).assign(&x);
        let mut y = self.y.resize(n);
        // y = b broadcast over rows, then y += x·W
        y.assign(&self.b.view(params));
        general_mat_mul(F::one(), &x, &self.w.view(params), F::one(), &mut y);
        self.y.view()
    }

    /// Given `dy = ∂L/∂y`, accumulates `dW += xᵀ·dy` and `db += Σ_rows dy`, and
    /// when `want_dx` returns `dx = dy·Wᵀ` (an input layer skips that product).
    pub fn backward(
        &mut self,
        params: &[F],
        grads: &mut [F],
        dy: ArrayView2<'_, F>,
        want_dx: bool,
    ) -> ArrayView2<'_, F> {
        let x = self.x.view();
        // dW += xᵀ · dy
        general_mat_mul(F::one(), &x.t(), &dy, F::one(), &mut self.w.view_mut(grads));
        // db += Σ_rows dy
        let mut db = self.b.view_mut(grads);
        for row in dy.rows() {
            Zip::from(db.row_mut(0)).and(&row).for_each(|d, &g| *d += g);
        }
        let n = dy.nrows();
        if want_dx {
            // dx = dy · Wᵀ
            let mut dx = self.dx.resize(n);
            general_mat_mul(F::one(), &dy, &self.w.view(params).t(), F::zero(), &mut dx);
        } else {
            self.dx.resize(0);
        }
        self.dx.view()
    }
}
