//! The mixture-of-experts layer (MMoE paper Eq. 5–6): experts
//! `f_i(x) = relu(x·W_i + b_i)`, gates `g^k(x) = softmax(x·W_gk + b_gk)`, and per
//! gate the weighted sum `h_k = Σ_{i ∈ S_k} g^k(x)_i · f_i(x)` over the gate's
//! support `S_k` (every expert for OMoE and MMoE; a task's own experts and the
//! shared ones for CGC and PLE).
//!
//! Experts and gates read the same input, so one dense layer computes them all:
//! each output row holds `E·U` expert units, then each gate's `|S_k|` logits
//! ([`MixLayout`]). One matrix product (and one packing of `x`) instead of two.
//! The mixture kernels read only that row layout, so PLE's upper levels, whose
//! groups of experts read different inputs (`grouped_moe`), reuse them.

use super::activation::{dot, softmax, softmax_backward, Activation};
use super::dense::Dense;
use super::gemm::avx2_dispatched;
use super::params::{Buffer, ParamLayout};
use crate::float::Float;
use crate::rng::SeedRng;
use ndarray::{s, ArrayView2};
use std::ops::Range;

/// The experts one gate weighs, in the order of its probabilities: runs of
/// consecutive expert indices (`[0..E]` for OMoE and MMoE; for CGC and PLE a
/// task's own experts, then the shared ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GateSupport(pub Vec<Range<usize>>);

impl GateSupport {
    /// Every one of `experts` experts.
    #[allow(clippy::single_range_in_vec_init)] // one range of the list: all of them (CGC's gates list two)
    pub fn all(experts: usize) -> Self {
        Self(vec![0..experts])
    }
    /// `|S_k|`: how many experts the gate weighs (its softmax's width).
    pub fn len(&self) -> usize {
        self.0.iter().map(|r| r.len()).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The expert indices, in the order of the gate's probabilities.
    pub fn experts(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().flat_map(|r| r.clone())
    }
}

/// Where one row of activations keeps what the mixture reads: `experts·units`
/// ReLU expert units (expert `i` in columns `i·U..(i+1)·U`), then each gate's
/// probabilities over its support, gate after gate.
#[derive(Clone, Debug, PartialEq)]
pub struct MixLayout {
    pub experts: usize,
    pub units: usize,
    pub gates: Vec<GateSupport>,
    /// The experts' activation (ReLU unless [`MixLayout::with_activation`] says otherwise).
    pub activation: Activation,
    /// First column of each gate's probabilities.
    starts: Vec<usize>,
    width: usize,
}

impl MixLayout {
    pub fn new(experts: usize, units: usize, gates: Vec<GateSupport>) -> Self {
        assert!(gates.iter().all(|g| !g.is_empty() && g.experts().all(|i| i < experts)), "gate support outside the experts");
        let mut starts = Vec::with_capacity(gates.len());
        let mut width = experts * units;
        for g in &gates {
            starts.push(width);
            width += g.len();
        }
        Self { experts, units, gates, activation: Activation::Relu, starts, width }
    }

    /// The same layout with the experts' units activated by `activation`.
    pub fn with_activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// Columns of one row: expert units, then every gate's probabilities.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Columns of the expert units in each row (`E·U`).
    pub fn expert_cols(&self) -> usize {
        self.experts * self.units
    }

    /// Columns of gate `k`'s probabilities in each row.
    pub fn gate_cols(&self, k: usize) -> Range<usize> {
        self.starts[k]..self.starts[k] + self.gates[k].len()
    }

    /// Pre-activations → activations, in place, row by row: the experts'
    /// activation (ReLU or leaky ReLU) on their units, softmax on each gate's logits.
    pub fn activate<F: Float>(&self, y: &mut [F]) {
        let eu = self.expert_cols();
        for row in y.chunks_exact_mut(self.width) {
            let (units, logits) = row.split_at_mut(eu);
            self.activation.forward(units);
            let mut rest = logits;
            for g in &self.gates {
                let (gate, tail) = rest.split_at_mut(g.len());
                softmax(gate);
                rest = tail;
            }
        }
    }

    /// Gate `k`'s probabilities over ALL experts, zero outside its support:
    /// `out[b, i] = g^k(x_b)_i` for `i ∈ S_k`, else 0. `y` holds `n` rows of
    /// activations; `out` gets `n` rows of `E` columns.
    pub fn spread_gate<F: Float>(&self, y: &[F], k: usize, out: &mut Buffer<F>) {
        let n = y.len() / self.width;
        let cols = self.gate_cols(k);
        let mut view = out.resize(n);
        view.fill(F::zero());
        for (mut orow, row) in view.rows_mut().into_iter().zip(y.chunks_exact(self.width)) {
            for (i, &g) in self.gates[k].experts().zip(&row[cols.clone()]) {
                orow[i] = g;
            }
        }
    }
}

/// `experts` experts of `units` units and softmax gates over them.
#[derive(Clone, Debug)]
pub struct MoeLayer<F> {
    /// `x: (batch, in_dim)` → `(batch, E·U + Σ_k |S_k|)`: expert units, then gate
    /// logits. After forward it holds activations: relu'd experts, gate probabilities.
    pub input: Dense<F>,
    pub mix: MixLayout,
    pub experts: usize,
    pub units: usize,
    pub gates: usize,
    /// One mixture per gate, `(batch, U)`.
    pub h: Vec<Buffer<F>>,
    /// ∂L/∂(the fused layer's pre-activations), same layout as its output.
    dinput: Buffer<F>,
}

impl<F: Float> MoeLayer<F> {
    /// `gates` gates, each over every expert (OMoE: 1, MMoE: one per task).
    pub fn new(layout: &mut ParamLayout, in_dim: usize, experts: usize, units: usize, gates: usize) -> Self {
        Self::with_gates(layout, in_dim, MixLayout::new(experts, units, vec![GateSupport::all(experts); gates]))
    }

    /// Gates over the supports in `mix` (CGC: a task's own and the shared experts).
    pub fn with_gates(layout: &mut ParamLayout, in_dim: usize, mix: MixLayout) -> Self {
        let width = mix.width();
        Self {
            input: Dense::new(layout, in_dim, width),
            experts: mix.experts,
            units: mix.units,
            gates: mix.gates.len(),
            h: (0..mix.gates.len()).map(|_| Buffer::new(mix.units)).collect(),
            mix,
            dinput: Buffer::new(width),
        }
    }

    /// Where columns `cols` of the fused layer (in every row of `W`, and in `b`)
    /// sit in the flat parameter vector.
    pub fn param_columns(&self, cols: Range<usize>) -> Vec<Range<usize>> {
        let (w, b) = (self.input.w, self.input.b);
        let rows = (0..w.rows).map(|r| w.offset + r * w.cols + cols.start..w.offset + r * w.cols + cols.end);
        rows.chain(std::iter::once(b.offset + cols.start..b.offset + cols.end)).collect()
    }

    /// Where the experts' weights and biases sit in the flat parameter vector
    /// (in each row of `W` and in `b`, the first `E·U` columns).
    pub fn expert_params(&self) -> Vec<Range<usize>> {
        self.param_columns(0..self.mix.expert_cols())
    }

    /// The experts' weights only: in each row of `W`, the first `E·U` columns
    /// (GradNorm's last shared layer for OMoE and MMoE).
    pub fn expert_weights(&self) -> Vec<Range<usize>> {
        let mut ranges = self.expert_params();
        ranges.pop(); // the biases
        ranges
    }

    /// Every parameter of the layer: experts and gates.
    pub fn all_params(&self) -> Vec<Range<usize>> {
        vec![self.input.w.range(), self.input.b.range()]
    }

    /// PyTorch-default init for experts and gates alike.
    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.input.init(params, rng);
    }

    /// Computes experts, gates and every gate's mixture `h_k`.
    pub fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) {
        self.input.forward(params, x);
        self.mix.activate(self.input.y.as_slice_mut());
        mix_forward(&self.mix, self.input.y.as_slice(), &mut self.h, x.nrows());
    }

    /// Given `dh[k] = ∂L/∂h_k`, runs back through the mixture
    /// (`∂L/∂f_i = Σ_k g^k_i·dh_k`, `∂L/∂g^k_i = f_i·dh_k`), the gates' softmax and
    /// the experts' ReLU, then the fused dense layer (its `dW`, `db`; `dx` only
    /// when `want_dx`, returned).
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dh: &[Buffer<F>], want_dx: bool) -> ArrayView2<'_, F> {
        self.dinput.resize(dh[0].rows());
        mix_backward(&self.mix, self.input.y.as_slice(), self.dinput.as_slice_mut(), dh);
        self.input.backward(params, grads, self.dinput.view(), want_dx)
    }

    /// Gate `k`'s probabilities of the last forward, `(batch, |S_k|)`, in the
    /// order of its support.
    pub fn gate_probs(&self, k: usize) -> ArrayView2<'_, F> {
        self.input.y.view().slice_move(s![.., self.mix.gate_cols(k)])
    }

    /// Gate `k`'s probabilities of the last forward over all experts
    /// ([`MixLayout::spread_gate`]).
    pub fn spread_gate(&self, k: usize, out: &mut Buffer<F>) {
        self.mix.spread_gate(self.input.y.as_slice(), k, out);
    }
}

avx2_dispatched!(pub(super) fn mix_forward<F: Float>(mix: &MixLayout, y: &[F], h: &mut [Buffer<F>], n: usize) => mix_forward_body);

/// Each gate's mixture `h_k[b, :] = Σ_{i ∈ S_k} g_k[b, i] · f_i(x_b)` from `n`
/// rows of activations `y` laid out as `mix`.
#[inline(always)]
fn mix_forward_body<F: Float>(mix: &MixLayout, y: &[F], h: &mut [Buffer<F>], n: usize) {
    let u = mix.units;
    for (k, hk) in h.iter_mut().enumerate() {
        hk.resize(n);
        let cols = mix.gate_cols(k);
        for (hrow, row) in hk.as_slice_mut().chunks_exact_mut(u).zip(y.chunks_exact(mix.width)) {
            hrow.fill(F::zero());
            let mut probs = &row[cols.clone()];
            for run in &mix.gates[k].0 {
                let (here, rest) = probs.split_at(run.len());
                probs = rest;
                for (out, &g) in row[run.start * u..run.end * u].chunks_exact(u).zip(here) {
                    hrow.iter_mut().zip(out).for_each(|(h, &o)| *h += g * o);
                }
            }
        }
    }
}

avx2_dispatched!(pub(super) fn mix_backward<F: Float>(mix: &MixLayout, y: &[F], d: &mut [F], dh: &[Buffer<F>]) => mix_backward_body);

/// Back through the mixture, the experts' ReLU and the gates' softmax into `d`,
/// ∂L/∂(the pre-activations of `y`), row by row. Experts outside a gate's
/// support get nothing from it.
#[inline(always)]
fn mix_backward_body<F: Float>(mix: &MixLayout, y: &[F], d: &mut [F], dh: &[Buffer<F>]) {
    let (u, eu, width) = (mix.units, mix.expert_cols(), mix.width);
    for (b, (row, drow)) in y.chunks_exact(width).zip(d.chunks_exact_mut(width)).enumerate() {
        let (units, probs) = row.split_at(eu);
        let (dunits, dprobs) = drow.split_at_mut(eu);
        dunits.fill(F::zero());
        for (k, dhk) in dh.iter().enumerate() {
            let dhrow = &dhk.as_slice()[b * u..(b + 1) * u];
            let mut at = mix.gate_cols(k).start - eu;
            for run in &mix.gates[k].0 {
                let cols = run.start * u..run.end * u;
                let gate = at..at + run.len();
                at += run.len();
                let iter = units[cols.clone()].chunks_exact(u).zip(dunits[cols].chunks_exact_mut(u)).zip(&probs[gate.clone()]);
                for (((out, dout), &g), dg) in iter.zip(&mut dprobs[gate]) {
                    // ∂L/∂g^k_i = f_i·dh_k; ∂L/∂f_i += g^k_i·dh_k
                    *dg = dot(out, dhrow);
                    dout.iter_mut().zip(dhrow).for_each(|(d, &dhv)| *d += g * dhv);
                }
            }
        }
        mix.activation.backward(units, dunits);
        // softmax backward in place: dg (upstream) → dz, one gate at a time
        for k in 0..mix.gates.len() {
            let cols = mix.gate_cols(k);
            let cols = cols.start - eu..cols.end - eu;
            softmax_backward(&probs[cols.clone()], &mut dprobs[cols]);
        }
    }
}
