//! A mixture-of-experts layer whose experts and gates come in groups, each
//! group reading its own input: PLE's upper extraction levels (Tang et al.
//! RecSys 2020, §4.3), where task k's experts and gate read task k's mixture
//! from the level below and the shared experts and shared gate read the shared
//! mixture.
//!
//! Each group is one dense layer computing its experts' units and its gate's
//! logits; the rows are gathered into one [`MixLayout`] row, so the mixture
//! kernels of [`MoeLayer`](super::MoeLayer) do the rest. A layer whose groups
//! all read the same input is a `MoeLayer` (one fused product): not this.

use super::dense::Dense;
use super::moe::{mix_backward, mix_forward, MixLayout};
use super::params::{Buffer, ParamLayout};
use crate::float::Float;
use crate::rng::SeedRng;
use ndarray::ArrayView2;
use std::ops::Range;

/// One group: the consecutive experts it computes and the gate (if any) whose
/// logits it computes, all from one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoeGroup {
    pub experts: Range<usize>,
    pub gate: Option<usize>,
}

/// Group `j` computes `relu(x_j·W_j + b_j)` for its experts and
/// `softmax(x_j·W_gj + b_gj)` for its gate; then, as in `MoeLayer`,
/// `h_k = Σ_{i ∈ S_k} g^k_i · f_i`.
#[derive(Clone, Debug)]
pub struct GroupedMoeLayer<F> {
    pub mix: MixLayout,
    pub groups: Vec<MoeGroup>,
    /// One per group: `x_j: (batch, in_dim)` → `(batch, |experts|·U + |S_gate|)`,
    /// its experts' units then its gate's logits.
    pub dense: Vec<Dense<F>>,
    /// Every group's activations gathered into one row per sample, laid out as `mix`.
    y: Buffer<F>,
    /// One mixture per gate, `(batch, U)`.
    pub h: Vec<Buffer<F>>,
    /// ∂L/∂(pre-activations), laid out as `y`.
    d: Buffer<F>,
    /// ∂L/∂(one group's pre-activations), laid out as its dense layer's output.
    dgroup: Vec<Buffer<F>>,
}

impl<F: Float> GroupedMoeLayer<F> {
    /// Every expert and every gate of `mix` must belong to exactly one group.
    pub fn new(layout: &mut ParamLayout, in_dim: usize, mix: MixLayout, groups: Vec<MoeGroup>) -> Self {
        let mut expert_owner = vec![0usize; mix.experts];
        let mut gate_owner = vec![0usize; mix.gates.len()];
        for g in &groups {
            g.experts.clone().for_each(|i| expert_owner[i] += 1);
            g.gate.iter().for_each(|&k| gate_owner[k] += 1);
        }
        assert!(expert_owner.iter().chain(&gate_owner).all(|&c| c == 1), "each expert and gate in exactly one group");
        let widths: Vec<usize> = groups.iter().map(|g| g.experts.len() * mix.units + g.gate.map_or(0, |k| mix.gates[k].len())).collect();
        Self {
            dense: widths.iter().map(|&w| Dense::new(layout, in_dim, w)).collect(),
            dgroup: widths.iter().map(|&w| Buffer::new(w)).collect(),
            y: Buffer::new(mix.width()),
            h: (0..mix.gates.len()).map(|_| Buffer::new(mix.units)).collect(),
            d: Buffer::new(mix.width()),
            groups,
            mix,
        }
    }

    /// PyTorch-default init, group by group.
    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.dense.iter().for_each(|d| d.init(params, rng));
    }

    /// Where group `j`'s columns `cols` (in every row of its `W`, and in its
    /// `b`) sit in the flat parameter vector.
    pub fn param_columns(&self, j: usize, cols: Range<usize>) -> Vec<Range<usize>> {
        let (w, b) = (self.dense[j].w, self.dense[j].b);
        let rows = (0..w.rows).map(|r| w.offset + r * w.cols + cols.start..w.offset + r * w.cols + cols.end);
        rows.chain(std::iter::once(b.offset + cols.start..b.offset + cols.end)).collect()
    }

    /// Columns of group `j`'s expert units in its dense layer's output.
    pub fn expert_cols(&self, j: usize) -> Range<usize> {
        0..self.groups[j].experts.len() * self.mix.units
    }

    /// Group `j` reads `inputs[j]: (batch, in_dim)`. Computes every group's
    /// experts and gate, then every gate's mixture `h_k`.
    pub fn forward(&mut self, params: &[F], inputs: &[Buffer<F>]) {
        let (u, width) = (self.mix.units, self.mix.width());
        let n = inputs[0].rows();
        self.y.resize(n);
        for (j, (group, dense)) in self.groups.iter().zip(&mut self.dense).enumerate() {
            dense.forward(params, inputs[j].view());
            // scatter: the group's expert units, then its gate's logits, into the shared row
            let (units, gw) = (group.experts.len() * u, dense.out_dim());
            let ecols = group.experts.start * u..group.experts.end * u;
            let gcols = group.gate.map(|k| self.mix.gate_cols(k));
            for (yrow, grow) in self.y.as_slice_mut().chunks_exact_mut(width).zip(dense.y.as_slice().chunks_exact(gw)) {
                yrow[ecols.clone()].copy_from_slice(&grow[..units]);
                if let Some(cols) = &gcols {
                    yrow[cols.clone()].copy_from_slice(&grow[units..]);
                }
            }
        }
        self.mix.activate(self.y.as_slice_mut());
        mix_forward(&self.mix, self.y.as_slice(), &mut self.h, n);
    }

    /// Given `dh[k] = ∂L/∂h_k`, back through the mixture, softmax and ReLU (as
    /// `MoeLayer::backward`), then each group's dense layer in reverse order:
    /// its `dW`, `db`, and `dx_j = ∂L/∂inputs[j]`, read with [`Self::dx`].
    pub fn backward(&mut self, params: &[F], grads: &mut [F], dh: &[Buffer<F>]) {
        let (u, width) = (self.mix.units, self.mix.width());
        let n = dh[0].rows();
        self.d.resize(n);
        mix_backward(&self.mix, self.y.as_slice(), self.d.as_slice_mut(), dh);
        for j in (0..self.groups.len()).rev() {
            let group = &self.groups[j];
            let units = group.experts.len() * u;
            let ecols = group.experts.start * u..group.experts.end * u;
            let gcols = group.gate.map(|k| self.mix.gate_cols(k));
            let dgroup = &mut self.dgroup[j];
            let gw = dgroup.cols();
            dgroup.resize(n);
            // gather: the inverse of forward's scatter
            for (grow, drow) in dgroup.as_slice_mut().chunks_exact_mut(gw).zip(self.d.as_slice().chunks_exact(width)) {
                grow[..units].copy_from_slice(&drow[ecols.clone()]);
                if let Some(cols) = &gcols {
                    grow[units..].copy_from_slice(&drow[cols.clone()]);
                }
            }
            self.dense[j].backward(params, grads, dgroup.view(), true);
        }
    }

    /// ∂L/∂inputs[j] of the last backward, `(batch, in_dim)`.
    pub fn dx(&self, j: usize) -> ArrayView2<'_, F> {
        self.dense[j].dx()
    }

    /// Gate `k`'s probabilities of the last forward over all experts, zero
    /// outside its support ([`MixLayout::spread_gate`]).
    pub fn spread_gate(&self, k: usize, out: &mut Buffer<F>) {
        self.mix.spread_gate(self.y.as_slice(), k, out);
    }
}
