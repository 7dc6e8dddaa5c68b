//! One model's loss weights under a strategy ([`TaskWeights`]): the weights
//! each step uses, the update after it, and what the records show of them.
//! Not here: the strategies' config or their maths (the parent module).

use super::{grad_norm_terms, renormalise, GradNormTerms, LossWeighting, UncertaintyForm};
use crate::data::correlated::TASKS;
use crate::nn::{Adam, AdamConfig};
use serde::{Deserialize, Serialize};

/// What a strategy has learned so far, per model.
#[derive(Clone, Debug)]
enum State {
    Fixed,
    Uncertainty {
        /// `s_k = log σ_k²`.
        s: [f64; TASKS],
        adam: Adam<f64>,
    },
    GradNorm {
        alpha: f64,
        lr: f64,
        w: [f64; TASKS],
        /// `L_i(0)`: the batch losses of GradNorm's first step.
        initial: Option<[f64; TASKS]>,
        adam: Adam<f64>,
        /// The terms of the last step, for the record.
        last: Option<GradNormTerms<TASKS>>,
    },
}

/// One model's loss weights under a strategy: the weights each step uses, and
/// the update after it.
#[derive(Clone, Debug)]
pub struct TaskWeights {
    /// The config's fixed weights (GradNorm's starting point).
    fixed: [f64; TASKS],
    /// The model has a last shared layer (GradNorm needs one).
    shared: bool,
    /// Uncertainty weighting's form: the tasks' likelihood.
    form: UncertaintyForm,
    state: State,
}

/// Uncertainty weighting's form on the correlated (regression) tasks.
pub const CORRELATED_FORM: UncertaintyForm = UncertaintyForm::Regression;

impl TaskWeights {
    /// Fresh state for `strategy`; `shared` says whether the model has a last
    /// shared layer. Uncertainty weighting takes the regression form, as the
    /// correlated tasks need ([`with_form`](Self::with_form) for another).
    pub fn new(strategy: LossWeighting, fixed: &[f64], shared: bool) -> Self {
        let fixed = std::array::from_fn(|k| fixed[k]);
        let mut weights = Self { fixed, shared, form: CORRELATED_FORM, state: State::Fixed };
        weights.state = weights.fresh(strategy);
        weights
    }

    /// The same, with uncertainty weighting's `form` (classification for
    /// binary labels scored by BCE).
    pub fn with_form(self, form: UncertaintyForm) -> Self {
        Self { form, ..self }
    }

    fn fresh(&self, strategy: LossWeighting) -> State {
        match strategy {
            LossWeighting::Fixed => State::Fixed,
            LossWeighting::Uncertainty => State::Uncertainty { s: [0.0; TASKS], adam: Adam::new(TASKS) },
            LossWeighting::GradNorm { .. } if !self.shared => State::Fixed,
            LossWeighting::GradNorm { alpha, lr } => {
                let mut w = self.fixed;
                renormalise(&mut w, TASKS as f64);
                State::GradNorm { alpha, lr, w, initial: None, adam: Adam::new(TASKS), last: None }
            }
        }
    }

    /// Switches strategy between steps. The same kind keeps its state (a new α
    /// or lr applies from the next step, so a slider moves without a jump);
    /// another kind starts fresh: uncertainty from `s = 0`, GradNorm from the
    /// fixed weights rescaled to `Σ w = T` with `L(0)` taken at its first step.
    pub fn set_strategy(&mut self, strategy: LossWeighting) {
        if let (State::GradNorm { alpha, lr, .. }, LossWeighting::GradNorm { alpha: a, lr: l }) = (&mut self.state, strategy) {
            (*alpha, *lr) = (a, l);
            return;
        }
        if !strategy.same_kind(&self.applied()) {
            self.state = self.fresh(strategy);
        }
    }

    /// New fixed weights: in force at once under fixed weighting; GradNorm's
    /// starting point the next time it starts.
    pub fn set_fixed(&mut self, fixed: &[f64]) {
        self.fixed = std::array::from_fn(|k| fixed[k]);
    }

    /// The strategy this model actually follows (fixed for GradNorm without a
    /// shared layer).
    pub fn applied(&self) -> LossWeighting {
        match self.state {
            State::Fixed => LossWeighting::Fixed,
            State::Uncertainty { .. } => LossWeighting::Uncertainty,
            State::GradNorm { alpha, lr, .. } => LossWeighting::GradNorm { alpha, lr },
        }
    }

    /// The weight on each task's loss at this step.
    pub fn current(&self) -> [f64; TASKS] {
        match &self.state {
            State::Fixed => self.fixed,
            State::Uncertainty { s, .. } => s.map(|s| self.form.weight(s)),
            State::GradNorm { w, .. } => *w,
        }
    }

    /// Whether the step must measure each task's gradient norm on the last shared layer.
    pub fn needs_task_norms(&self) -> bool {
        matches!(self.state, State::GradNorm { .. })
    }

    /// After a step's backward: learns from its batch losses `L_k` and (GradNorm)
    /// the unweighted gradient norms `‖∇_W L_k‖`. The step itself used
    /// [`current`](Self::current) as it was before this call. Allocates nothing.
    pub fn update(&mut self, losses: &[f64; TASKS], task_norms: &[f64; TASKS], model: &AdamConfig) {
        match &mut self.state {
            State::Fixed => {}
            State::Uncertainty { s, adam } => {
                // ∂/∂s_k of 0.5·e^{−s_k}·L_k + 0.5·s_k
                let ds: [f64; TASKS] = std::array::from_fn(|k| self.form.dterm_ds(s[k], losses[k]));
                adam.update(model, s, &ds);
            }
            State::GradNorm { alpha, lr, w, initial, adam, last } => {
                let l0 = *initial.get_or_insert(*losses);
                let terms = grad_norm_terms(w, task_norms, losses, &l0, *alpha);
                adam.update(&AdamConfig { lr: *lr, ..*model }, w, &terms.dweights);
                renormalise(w, TASKS as f64);
                *last = Some(terms);
            }
        }
    }

    /// σ_k² = e^{s_k}, under uncertainty weighting.
    pub fn uncertainty(&self) -> Option<UncertaintyRecord> {
        match &self.state {
            State::Uncertainty { s, .. } => {
                Some(UncertaintyRecord { form: self.form, log_variance: s.to_vec(), sigma2: s.iter().map(|s| s.exp()).collect() })
            }
            _ => None,
        }
    }

    /// GradNorm's terms of the last step (none before its first step).
    pub fn grad_norm(&self) -> Option<GradNormRecord> {
        match &self.state {
            State::GradNorm { last: Some(t), .. } => {
                Some(GradNormRecord { grad_norms: t.grad_norms.to_vec(), targets: t.targets.to_vec(), loss_ratios: t.ratios.to_vec() })
            }
            _ => None,
        }
    }
}

/// Uncertainty weighting at a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UncertaintyRecord {
    /// Which term the tasks get (regression for the correlated tasks).
    pub form: UncertaintyForm,
    /// `s_k = log σ_k²`.
    pub log_variance: Vec<f64>,
    /// `σ_k²`; at the optimum it equals the task's loss (regression form).
    pub sigma2: Vec<f64>,
}

/// GradNorm at a record: the terms of that step's batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradNormRecord {
    /// `G_i = w_i·‖∇_W L_i‖` on the last shared layer.
    pub grad_norms: Vec<f64>,
    /// `Ḡ·r_i^α`: where GradNorm pushes each `G_i`.
    pub targets: Vec<f64>,
    /// `r_i = L̃_i / mean_j L̃_j`.
    pub loss_ratios: Vec<f64>,
}

impl GradNormRecord {
    /// Mean over tasks of `|G_i − target_i| / target_i`.
    pub fn relative_gap(&self) -> f64 {
        let gaps = self.grad_norms.iter().zip(&self.targets).map(|(g, t)| (g - t).abs() / t.max(f64::MIN_POSITIVE));
        gaps.sum::<f64>() / self.targets.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_keeps_or_resets_state_as_documented() {
        let mut w = TaskWeights::new(LossWeighting::grad_norm(1.5), &[1.0, 3.0], true);
        assert_eq!(w.current(), [0.5, 1.5], "fixed weights rescaled to Σ = 2");
        let cfg = AdamConfig::default();
        w.update(&[1.0, 1.0], &[1.0, 3.0], &cfg);
        let moved = w.current();
        assert_ne!(moved, [0.5, 1.5]);
        w.set_strategy(LossWeighting::grad_norm(0.5));
        assert_eq!(w.current(), moved, "a new α keeps the weights");
        w.set_strategy(LossWeighting::Uncertainty);
        assert_eq!(w.current(), [0.5, 0.5], "uncertainty starts at s = 0");
        let single = TaskWeights::new(LossWeighting::grad_norm(1.5), &[1.0, 3.0], false);
        assert_eq!((single.applied(), single.current()), (LossWeighting::Fixed, [1.0, 3.0]), "no shared layer: fixed");
    }
}
