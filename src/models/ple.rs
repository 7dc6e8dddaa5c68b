//! PLE (Tang et al. RecSys 2020): progressive layered extraction. Each level
//! has `E_t` task-specific experts per task and `E_s` shared experts; task k's
//! gate is a softmax over its own and the shared experts, and at every level
//! but the last a shared gate weighs ALL that level's experts:
//!
//! `h_k^j = Σ_{i ∈ A_k ∪ S} g^{k,j}_i · f_i^j`, `h_s^j = Σ_{all i} g^{s,j}_i · f_i^j`.
//!
//! Level 1 reads `x` everywhere (one fused [`MoeLayer`]); at level `j ≥ 2`
//! task k's experts and gate read `h_k^{j−1}`, the shared experts and shared
//! gate read `h_s^{j−1}` (the paper's Eq. 6–7, a [`GroupedMoeLayer`]). The last
//! level has no shared gate, and tower k reads `h_k^L`. With one level this is
//! CGC (the paper's §4.2).
//!
//! Not here: several tower layers, or levels of different widths.

use super::{ModelKind, ModelSizes, MultiTaskModel, Tower};
use crate::float::Float;
use crate::nn::{Buffer, GateSupport, GroupedMoeLayer, MixLayout, MoeGroup, MoeLayer, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{s, ArrayView2};
use std::ops::Range;

/// Levels of extraction, then `out_k = tower_k(h_k^L)`.
///
/// Experts of a level are numbered task by task, then the shared ones:
/// `[A_1 … A_{E_t}, B_1 … B_{E_t}, S_1 … S_{E_s}]`; gates are the tasks' in
/// task order, then (below the last level) the shared gate.
pub struct Ple<F> {
    kind: ModelKind,
    tasks: usize,
    task_experts: usize,
    first: MoeLayer<F>,
    /// Levels 2..=L.
    upper: Vec<GroupedMoeLayer<F>>,
    towers: Vec<Tower<F>>,
    shared: Vec<Range<usize>>,
    num_params: usize,
    out: Buffer<F>,
    /// ∂L/∂h per level, per gate.
    dh: Vec<Vec<Buffer<F>>>,
    /// Per task, the last level's gate spread over all its experts (zeros
    /// outside the task's own and the shared experts), refreshed by forward.
    probs: Vec<Buffer<F>>,
}

/// The gates of one level: task k over its own then the shared experts, and
/// below the last level a shared gate over every expert.
fn level_mix(tasks: usize, task_experts: usize, shared_experts: usize, units: usize, last: bool) -> MixLayout {
    let experts = tasks * task_experts + shared_experts;
    let shared = tasks * task_experts..experts;
    let mut gates: Vec<GateSupport> =
        (0..tasks).map(|k| GateSupport(vec![k * task_experts..(k + 1) * task_experts, shared.clone()])).collect();
    if !last {
        gates.push(GateSupport::all(experts));
    }
    MixLayout::new(experts, units, gates)
}

impl<F: Float> Ple<F> {
    /// `levels` extraction levels (1 = CGC) of `sizes.task_experts` experts per
    /// task and `sizes.shared_experts` shared experts, `sizes.expert_units` each.
    pub fn new(kind: ModelKind, input_dim: usize, tasks: usize, levels: usize, sizes: &ModelSizes) -> Self {
        let (et, es, u) = (sizes.task_experts, sizes.shared_experts, sizes.expert_units);
        let levels = levels.max(1);
        let mut layout = ParamLayout::new();
        let act = sizes.activation;
        let first = MoeLayer::with_gates(&mut layout, input_dim, level_mix(tasks, et, es, u, levels == 1).with_activation(act));
        let upper: Vec<GroupedMoeLayer<F>> = (2..=levels)
            .map(|j| {
                let last = j == levels;
                let mut groups: Vec<MoeGroup> = (0..tasks).map(|k| MoeGroup { experts: k * et..(k + 1) * et, gate: Some(k) }).collect();
                groups.push(MoeGroup { experts: tasks * et..tasks * et + es, gate: (!last).then_some(tasks) });
                GroupedMoeLayer::new(&mut layout, u, level_mix(tasks, et, es, u, last).with_activation(act), groups)
            })
            .collect();
        let towers = (0..tasks).map(|_| Tower::new(&mut layout, u, sizes.tower_units, act)).collect();
        let mut model = Self {
            kind,
            tasks,
            task_experts: et,
            dh: (1..=levels).map(|j| (0..tasks + usize::from(j < levels)).map(|_| Buffer::new(u)).collect()).collect(),
            probs: (0..tasks).map(|_| Buffer::new(tasks * et + es)).collect(),
            first,
            upper,
            towers,
            shared: Vec::new(),
            num_params: layout.len(),
            out: Buffer::new(tasks),
        };
        model.shared = model.shared_ranges();
        model
    }

    /// The parameters by role, level by level, labelled ("level 1 task
    /// experts", "level 2 shared gate", "towers", …): every parameter in exactly
    /// one group. For gradient checks and the curious; training needs only `shared`.
    pub fn param_groups(&self) -> Vec<(String, Vec<Range<usize>>)> {
        let (u, et, t) = (self.first.units, self.task_experts, self.tasks);
        let mix = &self.first.mix;
        let task_gates = mix.gate_cols(0).start..mix.gate_cols(t - 1).end;
        let mut groups = vec![
            ("level 1 task experts".to_string(), self.first.param_columns(0..t * et * u)),
            ("level 1 shared experts".to_string(), self.first.param_columns(t * et * u..mix.expert_cols())),
            ("level 1 task gates".to_string(), self.first.param_columns(task_gates)),
        ];
        if mix.gates.len() > t {
            groups.push(("level 1 shared gate".to_string(), self.first.param_columns(mix.gate_cols(t))));
        }
        for (l, level) in self.upper.iter().enumerate() {
            let (experts, gates): (Vec<_>, Vec<_>) = (0..t)
                .map(|j| {
                    let width = level.dense[j].out_dim();
                    (level.param_columns(j, level.expert_cols(j)), level.param_columns(j, level.expert_cols(j).end..width))
                })
                .unzip();
            let shared = &level.dense[t];
            let split = level.expert_cols(t).end;
            groups.push((format!("level {} task experts", l + 2), experts.concat()));
            groups.push((format!("level {} shared experts", l + 2), level.param_columns(t, 0..split)));
            groups.push((format!("level {} task gates", l + 2), gates.concat()));
            if shared.out_dim() > split {
                groups.push((format!("level {} shared gate", l + 2), level.param_columns(t, split..shared.out_dim())));
            }
        }
        let towers = self.towers.iter().flat_map(|t| [t.hidden.w.range(), t.hidden.b.range(), t.out.w.range(), t.out.b.range()]);
        groups.push(("towers".to_string(), towers.collect()));
        groups
    }

    /// The parameters every task's loss reaches. At the last level only the
    /// shared experts: a task's own experts and its gate feed its tower alone.
    /// Below it, every expert and the shared gate: task k's experts feed the
    /// shared gate's mixture, which the next level's shared experts read, and
    /// those reach every task. A task's gate at any level feeds only that
    /// task's path. (For CGC, just the shared experts.)
    fn shared_ranges(&self) -> Vec<Range<usize>> {
        let (u, et, t) = (self.first.units, self.task_experts, self.tasks);
        let mix = &self.first.mix;
        let mut ranges = if self.upper.is_empty() {
            self.first.param_columns(t * et * u..mix.expert_cols())
        } else {
            let mut r = self.first.expert_params();
            r.extend(self.first.param_columns(mix.gate_cols(t)));
            r
        };
        for (l, level) in self.upper.iter().enumerate() {
            let last = l + 1 == self.upper.len();
            for j in 0..t {
                if !last {
                    ranges.extend(level.param_columns(j, level.expert_cols(j)));
                }
            }
            // the shared group: its experts and (below the last level) the shared gate
            ranges.extend([level.dense[t].w.range(), level.dense[t].b.range()]);
        }
        ranges
    }
}

impl<F: Float> MultiTaskModel<F> for Ple<F> {
    fn kind(&self) -> ModelKind {
        self.kind
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn shared(&self) -> Vec<Range<usize>> {
        self.shared.clone()
    }

    fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.first.init(params, rng);
        self.upper.iter().for_each(|l| l.init(params, rng));
        self.towers.iter().for_each(|t| t.init(params, rng));
    }

    fn forward(&mut self, params: &[F], x: ArrayView2<'_, F>) -> ArrayView2<'_, F> {
        self.first.forward(params, x);
        for l in 0..self.upper.len() {
            let (below, here) = self.upper.split_at_mut(l);
            let inputs = below.last().map_or(&self.first.h, |b| &b.h);
            here[0].forward(params, inputs);
        }
        let mut out = self.out.resize(x.nrows());
        let h = self.upper.last().map_or(&self.first.h, |l| &l.h);
        for (k, tower) in self.towers.iter_mut().enumerate() {
            out.column_mut(k).assign(&tower.forward(params, h[k].view()).column(0));
        }
        for (k, probs) in self.probs.iter_mut().enumerate() {
            match self.upper.last() {
                Some(level) => level.spread_gate(k, probs),
                None => self.first.spread_gate(k, probs),
            }
        }
        self.out.view()
    }

    /// Towers, then levels L … 1: `∂L/∂h_j^{l−1}` is group j's `dx` at level l
    /// (each mixture below feeds exactly one group above).
    fn backward(&mut self, params: &[F], grads: &mut [F], dout: ArrayView2<'_, F>) {
        let n = dout.nrows();
        let top = self.dh.len() - 1;
        for k in (0..self.towers.len()).rev() {
            let dhk = self.towers[k].backward(params, grads, dout.slice(s![.., k..k + 1]));
            self.dh[top][k].resize(n).assign(&dhk);
        }
        for l in (0..self.upper.len()).rev() {
            // self.upper[l] is level l + 2; its dh is self.dh[l + 1]
            self.upper[l].backward(params, grads, &self.dh[l + 1]);
            for (j, dh) in self.dh[l].iter_mut().enumerate() {
                dh.resize(n).assign(&self.upper[l].dx(j));
            }
        }
        self.first.backward(params, grads, &self.dh[0], false);
    }

    /// Per task, the last level's gate on one expert index space
    /// `[A_1 … A_{E_t}, B_1 … B_{E_t}, S_1 … S_{E_s}]`, zero on the other
    /// tasks' experts.
    fn gate_probs(&self) -> Option<Vec<ArrayView2<'_, F>>> {
        Some(self.probs.iter().map(Buffer::view).collect())
    }

    fn expert_owners(&self) -> Vec<Option<usize>> {
        let et = self.task_experts;
        let experts = self.probs.first().map_or(0, Buffer::cols);
        (0..experts).map(|i| (i < self.tasks * et).then(|| i / et)).collect()
    }
}
