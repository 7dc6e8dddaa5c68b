//! A fully connected layer `y = x·W + b`.

use super::gemm::{matmul_acc, matmul_nt};
use super::params::{Buffer, ParamLayout, Slot};
use crate::float::Float;
use crate::rng::SeedRng;
use ndarray::ArrayView2;
use rand::RngExt;

/// Dense layer. Shapes: `x: (batch, in_dim)`, `W: (in_dim, out_dim)`,
/// `b: (1, out_dim)`, `y: (batch, out_dim)`.
#[derive(Clone, Debug)]
pub struct Dense<F> {
    pub w: Slot,
    pub b: Slot,
    /// Cached input, transposed `(in_dim, batch)`: `dW = xᵀ·dy` then reads rows.
    xt: Vec<F>,
    rows: usize,
    /// Output; activations are applied to it in place by the owner.
    pub y: Buffer<F>,
    /// Row-major copies of an input or an upstream gradient that arrived strided.
    x_copy: Buffer<F>,
    dy_copy: Buffer<F>,
    /// Scratch for `Wᵀ` in `dx = dy·Wᵀ`.
    wt: Vec<F>,
    dx: Buffer<F>,
}

impl<F: Float> Dense<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, out_dim: usize) -> Self {
        Self {
            w: layout.alloc(in_dim, out_dim),
            b: layout.alloc(1, out_dim),
            xt: Vec::new(),
            rows: 0,
            y: Buffer::new(out_dim),
            x_copy: Buffer::new(in_dim),
            dy_copy: Buffer::new(out_dim),
            wt: Vec::new(),
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
    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
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
        let (n, din, dout) = (x.nrows(), self.in_dim(), self.out_dim());
        let x = row_major(x, &mut self.x_copy);
        // cache xᵀ for backward's dW: xt[p, i] = x[i, p], four rows of x at a time (transpose_into)
        if self.xt.len() < n * din {
            self.xt.resize(n * din, F::zero());
        }
        transpose_into(x, &mut self.xt[..n * din], n, din);
        self.rows = n;
        self.y.resize(n);
        let y = self.y.as_slice_mut();
        let b = &params[self.b.range()];
        // y = b broadcast over rows, then y += x·W
        y.chunks_exact_mut(dout).for_each(|row| row.copy_from_slice(b));
        matmul_acc(x, &params[self.w.range()], y, n, din, dout);
        self.y.view()
    }

    /// Given `dy = ∂L/∂y`, accumulates `dW += xᵀ·dy` and `db += Σ_rows dy`, and
    /// when `want_dx` returns `dx = dy·Wᵀ` (an input layer skips that product).
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dy: ArrayView2<'_, F>, want_dx: bool) -> ArrayView2<'_, F> {
        let (n, din, dout) = (self.rows, self.in_dim(), self.out_dim());
        let dy = row_major(dy, &mut self.dy_copy);
        // dW += xᵀ · dy
        matmul_acc(&self.xt[..din * n], dy, &mut grads[self.w.range()], din, n, dout);
        // db += Σ_rows dy
        let db = &mut grads[self.b.range()];
        for row in dy.chunks_exact(dout) {
            db.iter_mut().zip(row).for_each(|(d, &g)| *d += g);
        }
        if want_dx {
            // dx = dy · Wᵀ
            self.dx.resize(n);
            matmul_nt(dy, &params[self.w.range()], self.dx.as_slice_mut(), n, dout, din, &mut self.wt);
        } else {
            self.dx.resize(0);
        }
        self.dx.view()
    }

    /// `dx` of the last `backward` that asked for it.
    pub fn dx(&self) -> ArrayView2<'_, F> {
        self.dx.view()
    }
}

/// `view` as one row-major slice: itself when already laid out so, else copied
/// into `copy` (a tower's column of a two-task gradient arrives strided).
fn row_major<'a, F: Float>(view: ArrayView2<'a, F>, copy: &'a mut Buffer<F>) -> &'a [F] {
    match view.to_slice() {
        Some(slice) => slice,
        None => {
            debug_assert_eq!(copy.cols(), view.ncols());
            copy.resize(view.nrows()).assign(&view);
            copy.as_slice()
        }
    }
}

/// `dst (cols×rows) = srcᵀ` for a row-major `src (rows×cols)`: four source
/// rows at a time, so each write stores four neighbouring values.
fn transpose_into<F: Float>(src: &[F], dst: &mut [F], rows: usize, cols: usize) {
    let quads = rows / 4 * 4;
    for i in (0..quads).step_by(4) {
        let block = &src[i * cols..(i + 4) * cols];
        let (r0, rest) = block.split_at(cols);
        let (r1, rest) = rest.split_at(cols);
        let (r2, r3) = rest.split_at(cols);
        for (p, (((&a, &b), &c), &d)) in r0.iter().zip(r1).zip(r2).zip(r3).enumerate() {
            dst[p * rows + i..p * rows + i + 4].copy_from_slice(&[a, b, c, d]);
        }
    }
    for i in quads..rows {
        for (p, &v) in src[i * cols..(i + 1) * cols].iter().enumerate() {
            dst[p * rows + i] = v;
        }
    }
}
