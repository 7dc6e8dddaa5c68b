//! The mixture-of-experts layer (MMoE paper Eq. 5–6): experts
//! `f_i(x) = relu(x·W_i + b_i)`, gates `g^k(x) = softmax(x·W_gk + b_gk)`, and per
//! gate the weighted sum `h_k = Σ_i g^k(x)_i · f_i(x)`.
//!
//! Experts and gates read the same input, so one dense layer computes them all:
//! each output row holds `E·U` expert units, then `G` groups of `E` gate logits.
//! One matrix product (and one packing of `x`) instead of two.

use super::activation::{dot, relu, relu_backward, softmax, softmax_backward};
use super::dense::Dense;
use super::gemm::avx2_dispatched;
use super::params::{Buffer, ParamLayout};
use crate::float::Float;
use ndarray::{s, ArrayView2};
use rand::rngs::StdRng;

/// `experts` experts of `units` units and `gates` softmax gates over them.
#[derive(Clone, Debug)]
pub struct MoeLayer<F> {
    /// `x: (batch, in_dim)` → `(batch, E·U + G·E)`: expert units, then gate logits.
    /// After forward it holds activations: relu'd experts, gate probabilities.
    pub input: Dense<F>,
    pub experts: usize,
    pub units: usize,
    pub gates: usize,
    /// One mixture per gate, `(batch, U)`.
    pub h: Vec<Buffer<F>>,
    /// ∂L/∂(the fused layer's pre-activations), same layout as its output.
    dinput: Buffer<F>,
}

impl<F: Float> MoeLayer<F> {
    pub fn new(layout: &mut ParamLayout, in_dim: usize, experts: usize, units: usize, gates: usize) -> Self {
        let width = experts * units + gates * experts;
        Self {
            input: Dense::new(layout, in_dim, width),
            experts,
            units,
            gates,
            h: (0..gates).map(|_| Buffer::new(units)).collect(),
            dinput: Buffer::new(width),
        }
    }

    /// Columns of the expert units in each output row.
    fn expert_cols(&self) -> usize {
        self.experts * self.units
    }

    /// Columns of gate `k`'s probabilities in each output row.
    fn gate_cols(&self, k: usize) -> std::ops::Range<usize> {
        let start = self.expert_cols() + k * self.experts;
        start..start + self.experts
    }

    /// Where the experts' weights and biases sit in the flat parameter vector
    /// (in each row of `W` and in `b`, the first `E·U` columns).
    pub fn expert_params(&self) -> Vec<std::ops::Range<usize>> {
        let (b, eu) = (self.input.b, self.expert_cols());
        let mut ranges = self.expert_weights();
        ranges.push(b.offset..b.offset + eu);
        ranges
    }

    /// The experts' weights only: in each row of `W`, the first `E·U` columns.
    pub fn expert_weights(&self) -> Vec<std::ops::Range<usize>> {
        let (w, eu) = (self.input.w, self.expert_cols());
        (0..w.rows).map(|r| w.offset + r * w.cols..w.offset + r * w.cols + eu).collect()
    }

    /// Every parameter of the layer: experts and gates.
    pub fn all_params(&self) -> Vec<std::ops::Range<usize>> {
        vec![self.input.w.range(), self.input.b.range()]
    }

    /// PyTorch-default init for experts and gates alike.
    pub fn init(&self, params: &mut [F], rng: &mut StdRng) {
        self.input.init(params, rng);
    }

    /// Computes experts, gates and every gate's mixture `h_k`.
    pub fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) {
        self.input.forward(params, x);
        let (e, u, eu) = (self.experts, self.units, self.expert_cols());
        let width = self.input.out_dim();
        let n = x.nrows();
        for row in self.input.y.as_slice_mut().chunks_exact_mut(width) {
            let (units, logits) = row.split_at_mut(eu);
            relu(units);
            logits.chunks_exact_mut(e).for_each(softmax);
        }
        mix_forward(self.input.y.as_slice(), &mut self.h, n, e, u, width);
    }

    /// Given `dh[k] = ∂L/∂h_k`, runs back through the mixture
    /// (`∂L/∂f_i = Σ_k g^k_i·dh_k`, `∂L/∂g^k_i = f_i·dh_k`), the gates' softmax and
    /// the experts' ReLU, then the fused dense layer (its `dW`, `db`; `dx` only
    /// when `want_dx`, returned).
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dh: &[Buffer<F>], want_dx: bool) -> ArrayView2<'_, F> {
        let (e, u) = (self.experts, self.units);
        let width = self.input.out_dim();
        let n = dh[0].rows();
        self.dinput.resize(n);
        mix_backward(self.input.y.as_slice(), self.dinput.as_slice_mut(), dh, e, u, width);
        self.input.backward(params, grads, self.dinput.view(), want_dx)
    }

    /// Gate `k`'s probabilities of the last forward, `(batch, experts)`.
    pub fn gate_probs(&self, k: usize) -> ArrayView2<'_, F> {
        self.input.y.view().slice_move(s![.., self.gate_cols(k)])
    }
}

avx2_dispatched!(fn mix_forward<F: Float>(y: &[F], h: &mut [Buffer<F>], n: usize, e: usize, u: usize, width: usize) => mix_forward_body);

/// Each gate's mixture `h_k[b, :] = Σ_i g_k[b, i] · f_i(x_b)` from the fused
/// layer's activations `y` (rows of `e·u` expert units, then the gates).
#[inline(always)]
fn mix_forward_body<F: Float>(y: &[F], h: &mut [Buffer<F>], n: usize, e: usize, u: usize, width: usize) {
    let eu = e * u;
    for (k, hk) in h.iter_mut().enumerate() {
        hk.resize(n);
        for (hrow, row) in hk.as_slice_mut().chunks_exact_mut(u).zip(y.chunks_exact(width)) {
            hrow.fill(F::zero());
            let (units, probs) = (&row[..eu], &row[eu + k * e..eu + (k + 1) * e]);
            for (out, &g) in units.chunks_exact(u).zip(probs) {
                hrow.iter_mut().zip(out).for_each(|(h, &o)| *h += g * o);
            }
        }
    }
}

avx2_dispatched!(fn mix_backward<F: Float>(y: &[F], d: &mut [F], dh: &[Buffer<F>], e: usize, u: usize, width: usize) => mix_backward_body);

/// Back through the mixture, the experts' ReLU and the gates' softmax into `d`,
/// ∂L/∂(the fused layer's pre-activations), row by row.
#[inline(always)]
fn mix_backward_body<F: Float>(y: &[F], d: &mut [F], dh: &[Buffer<F>], e: usize, u: usize, width: usize) {
    let eu = e * u;
    for (b, (row, drow)) in y.chunks_exact(width).zip(d.chunks_exact_mut(width)).enumerate() {
        let (units, probs) = row.split_at(eu);
        let (dunits, dprobs) = drow.split_at_mut(eu);
        dunits.fill(F::zero());
        for (k, dhk) in dh.iter().enumerate() {
            let dhrow = &dhk.as_slice()[b * u..(b + 1) * u];
            let gate = k * e..(k + 1) * e;
            let iter = units.chunks_exact(u).zip(dunits.chunks_exact_mut(u)).zip(&probs[gate.clone()]);
            for (((out, dout), &g), dg) in iter.zip(&mut dprobs[gate]) {
                // ∂L/∂g^k_i = f_i·dh_k; ∂L/∂f_i += g^k_i·dh_k
                *dg = dot(out, dhrow);
                dout.iter_mut().zip(dhrow).for_each(|(d, &dhv)| *d += g * dhv);
            }
        }
        relu_backward(units, dunits);
        // softmax backward in place: dg (upstream) → dz, one gate at a time
        for (g, dg) in probs.chunks_exact(e).zip(dprobs.chunks_exact_mut(e)) {
            softmax_backward(g, dg);
        }
    }
}
