//! The mixture-of-experts body OMoE and MMoE share: a [`MoeLayer`] (experts of
//! `expert_units` units, ReLU or leaky ReLU, and softmax gates over them) and a tower per task
//! on its gate's weighted sum of experts. With one gate it is OMoE; with one
//! gate per task, MMoE.

use super::{ModelKind, ModelSizes, MultiTaskModel, Tower};
use crate::float::Float;
use crate::nn::{Buffer, GateSupport, MixLayout, MoeLayer, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{s, ArrayView2};
use std::ops::Range;

/// Experts and gates, then `out_k = tower_k(h_{gate(k)})`; task k reads gate k
/// (or gate 0 when there is only one).
pub struct MixtureOfExperts<F> {
    kind: ModelKind,
    moe: MoeLayer<F>,
    towers: Vec<Tower<F>>,
    num_params: usize,
    out: Buffer<F>,
    /// ∂L/∂h per gate (towers reading one gate add up there).
    dh: Vec<Buffer<F>>,
}

impl<F: Float> MixtureOfExperts<F> {
    /// `gates` is 1 (OMoE) or `tasks` (MMoE).
    pub fn new(kind: ModelKind, input_dim: usize, tasks: usize, gates: usize, sizes: &ModelSizes) -> Self {
        let (e, u) = (sizes.experts, sizes.expert_units);
        let mut layout = ParamLayout::new();
        let mix = MixLayout::new(e, u, vec![GateSupport::all(e); gates]).with_activation(sizes.activation);
        let moe = MoeLayer::with_gates(&mut layout, input_dim, mix);
        let towers = (0..tasks).map(|_| Tower::new(&mut layout, u, sizes.tower_units, sizes.activation)).collect();
        Self { kind, moe, towers, num_params: layout.len(), out: Buffer::new(tasks), dh: (0..gates).map(|_| Buffer::new(u)).collect() }
    }

    fn gate_of(&self, task: usize) -> usize {
        if self.moe.gates == 1 {
            0
        } else {
            task
        }
    }
}

impl<F: Float> MultiTaskModel<F> for MixtureOfExperts<F> {
    fn kind(&self) -> ModelKind {
        self.kind
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    /// The experts, and the gate when one gate serves every task; MMoE's
    /// gates each serve one task.
    fn shared(&self) -> Vec<Range<usize>> {
        if self.moe.gates == 1 {
            self.moe.all_params()
        } else {
            self.moe.expert_params()
        }
    }
    /// The experts' weights: neither their biases nor the gates.
    fn last_shared(&self) -> Vec<Range<usize>> {
        self.moe.expert_weights()
    }

    fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.moe.init(params, rng);
        self.towers.iter().for_each(|t| t.init(params, rng));
    }

    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        self.moe.forward(params, x);
        let mut out = self.out.resize(x.nrows());
        let single_gate = self.moe.gates == 1;
        for (k, tower) in self.towers.iter_mut().enumerate() {
            let h = self.moe.h[if single_gate { 0 } else { k }].view();
            out.column_mut(k).assign(&tower.forward(params, h).column(0));
        }
        self.out.view()
    }

    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) {
        let n = dout.nrows();
        for dh in &mut self.dh {
            dh.resize(n).fill(F::zero());
        }
        for k in (0..self.towers.len()).rev() {
            let g = self.gate_of(k);
            let dhk = self.towers[k].backward(params, grads, dout.slice(s![.., k..k + 1]));
            let mut acc = self.dh[g].view_mut();
            acc += &dhk;
        }
        self.moe.backward(params, grads, &self.dh, false);
    }

    fn gate_probs(&self) -> Option<Vec<ArrayView2<'_, F>>> {
        Some((0..self.towers.len()).map(|k| self.moe.gate_probs(self.gate_of(k))).collect())
    }
}
