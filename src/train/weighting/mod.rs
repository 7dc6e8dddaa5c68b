//! Loss weighting: how each task's loss enters the total a model trains on
//! (design §1.4). Fixed weights, uncertainty weighting (Kendall et al. 2018) and
//! GradNorm (Chen et al. 2018), chosen per race and switchable between steps.
//!
//! The maths lives in small pure functions ([`UncertaintyForm`],
//! [`grad_norm_terms`], [`renormalise`]) so it is tested on numbers worked by
//! hand; [`TaskWeights`] is one model's state (`task_weights.rs`). Not here: the backward passes —
//! the trainer runs them and hands over each task's loss and, for GradNorm, each
//! task's gradient norm on the last shared layer.

use crate::error::{ensure, Result};
use serde::{Deserialize, Serialize};

mod task_weights;
pub use task_weights::{GradNormRecord, TaskWeights, UncertaintyRecord, CORRELATED_FORM};

/// The weighting strategy, as JSON: `{"kind": "fixed"}`, `{"kind": "uncertainty"}`,
/// `{"kind": "grad_norm", "alpha": 1.5}` (`lr` optional).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LossWeighting {
    /// `L = Σ_k w_k·L_k` with the config's `loss_weights`.
    #[default]
    Fixed,
    /// Learn `s_k = log σ_k²` beside the model: `L = Σ_k 0.5·e^{−s_k}·L_k + 0.5·s_k`
    /// for regressions (see [`UncertaintyForm`]); `s_k` start at 0 and follow Adam
    /// with the model's learning rate.
    Uncertainty,
    /// Weights that balance the tasks' gradient norms on the last shared layer,
    /// `Σ_k w_k = T` (the number of tasks); they start from `loss_weights` rescaled
    /// to sum to `T`. Models that share nothing keep fixed weights.
    GradNorm {
        /// Restoring force α: how strongly a task that trails (higher `L(t)/L(0)`
        /// than the others) is pushed; 0 equalises the gradient norms.
        #[serde(default = "default_alpha")]
        alpha: f64,
        /// Adam learning rate of the weights (their own optimiser, the model's betas).
        #[serde(default = "default_grad_norm_lr")]
        lr: f64,
    },
}

fn default_alpha() -> f64 {
    1.5
}

/// GradNorm's weight learning rate unless one is given.
pub const GRAD_NORM_LR: f64 = 0.01;

fn default_grad_norm_lr() -> f64 {
    GRAD_NORM_LR
}

impl LossWeighting {
    /// GradNorm with this α and the default weight learning rate.
    pub fn grad_norm(alpha: f64) -> Self {
        LossWeighting::GradNorm { alpha, lr: GRAD_NORM_LR }
    }

    /// Every strategy's name, as configs, the CLI and the page spell it.
    pub const KINDS: [&'static str; 3] = ["fixed", "uncertainty", "grad_norm"];

    /// The strategy named `kind` (one of [`Self::KINDS`]; anything else is
    /// fixed weighting), GradNorm with restoring force `alpha`.
    pub fn of_kind(kind: &str, alpha: f64) -> Self {
        match kind {
            "uncertainty" => LossWeighting::Uncertainty,
            "grad_norm" => LossWeighting::grad_norm(alpha),
            _ => LossWeighting::Fixed,
        }
    }

    /// GradNorm's α, or its default under the other strategies.
    pub fn alpha(&self) -> f64 {
        match *self {
            LossWeighting::GradNorm { alpha, .. } => alpha,
            _ => default_alpha(),
        }
    }

    /// Sets GradNorm's α; the other strategies have none to set.
    pub fn set_alpha(&mut self, to: f64) {
        if let LossWeighting::GradNorm { alpha, .. } = self {
            *alpha = to;
        }
    }

    /// The name used in configs and the CLI.
    pub fn id(&self) -> &'static str {
        match self {
            LossWeighting::Fixed => "fixed",
            LossWeighting::Uncertainty => "uncertainty",
            LossWeighting::GradNorm { .. } => "grad_norm",
        }
    }

    pub fn validate(&self) -> Result<()> {
        if let LossWeighting::GradNorm { alpha, lr } = *self {
            ensure(alpha.is_finite() && (0.0..=5.0).contains(&alpha), "weighting.alpha", || format!("{alpha} is not in [0, 5]"))?;
            ensure(lr.is_finite() && lr > 0.0 && lr <= 1.0, "weighting.lr", || format!("{lr} is not in (0, 1]"))?;
        }
        Ok(())
    }

    /// Two strategies of the same kind (GradNorm with another α or lr): a switch
    /// between them keeps the learned state.
    fn same_kind(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// Which uncertainty term a task's loss gets (Kendall et al. 2018, Eq. 5 and 10
/// with `s = log σ²`). The correlated tasks are regressions (MSE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UncertaintyForm {
    /// Gaussian likelihood: `0.5·e^{−s}·L + 0.5·s`, minimal at `e^s = L`.
    Regression,
    /// Softmax/Bernoulli likelihood: `e^{−s}·L + 0.5·s`, minimal at `e^s = 2L`.
    Classification,
}

impl UncertaintyForm {
    /// The effective weight on the task's loss: `0.5·e^{−s}` or `e^{−s}`.
    pub fn weight(self, s: f64) -> f64 {
        match self {
            UncertaintyForm::Regression => 0.5 * (-s).exp(),
            UncertaintyForm::Classification => (-s).exp(),
        }
    }

    /// The task's term in the total: `weight(s)·L + 0.5·s`.
    pub fn term(self, s: f64, loss: f64) -> f64 {
        self.weight(s) * loss + 0.5 * s
    }

    /// `∂term/∂s = −weight(s)·L + 0.5` (the weight is its own derivative, negated).
    pub fn dterm_ds(self, s: f64, loss: f64) -> f64 {
        -self.weight(s) * loss + 0.5
    }
}

/// The uncertainty-weighted total `Σ_k term_k(s_k, L_k)`.
pub fn uncertainty_loss(form: UncertaintyForm, s: &[f64], losses: &[f64]) -> f64 {
    s.iter().zip(losses).map(|(&s, &l)| form.term(s, l)).sum()
}

/// GradNorm's quantities at one step for `N` tasks (Chen et al. 2018, §3.2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradNormTerms<const N: usize> {
    /// `G_i = ‖∇_W (w_i·L_i)‖₂ = w_i·‖∇_W L_i‖₂` (w_i > 0).
    pub grad_norms: [f64; N],
    /// `r_i = L̃_i / mean_j L̃_j`, `L̃_i = L_i(t)/L_i(0)`: each task its own.
    pub ratios: [f64; N],
    /// `Ḡ·r_i^α`, `Ḡ = mean_j G_j`: constants, no gradient flows through them.
    pub targets: [f64; N],
    /// `L_grad = Σ_i |G_i − Ḡ·r_i^α|`.
    pub loss: f64,
    /// `∂L_grad/∂w_i = sign(G_i − target_i)·‖∇_W L_i‖` (0 on the target).
    pub dweights: [f64; N],
}

/// GradNorm at one step from the weights in force, each task's unweighted
/// gradient norm `‖∇_W L_i‖` on the last shared layer, its loss now and its
/// loss at GradNorm's first step.
pub fn grad_norm_terms<const N: usize>(
    weights: &[f64; N],
    task_norms: &[f64; N],
    losses: &[f64; N],
    initial: &[f64; N],
    alpha: f64,
) -> GradNormTerms<N> {
    let grad_norms: [f64; N] = std::array::from_fn(|i| weights[i] * task_norms[i]);
    let mean_g = grad_norms.iter().sum::<f64>() / N as f64;
    // inverse training rate L̃_i; a zero first loss cannot be divided by
    let tilde: [f64; N] = std::array::from_fn(|i| losses[i] / initial[i].max(f64::MIN_POSITIVE));
    let mean_tilde = tilde.iter().sum::<f64>() / N as f64;
    let ratios: [f64; N] = std::array::from_fn(|i| if mean_tilde > 0.0 { tilde[i] / mean_tilde } else { 1.0 });
    let targets: [f64; N] = std::array::from_fn(|i| mean_g * ratios[i].powf(alpha));
    let gaps: [f64; N] = std::array::from_fn(|i| grad_norms[i] - targets[i]);
    let sign = |x: f64| {
        if x > 0.0 {
            1.0
        } else if x < 0.0 {
            -1.0
        } else {
            0.0
        }
    };
    GradNormTerms {
        grad_norms,
        ratios,
        targets,
        loss: gaps.iter().map(|g| g.abs()).sum(),
        dweights: std::array::from_fn(|i| sign(gaps[i]) * task_norms[i]),
    }
}

/// The smallest weight, as a fraction of the total: GradNorm weights stay positive.
pub const MIN_WEIGHT: f64 = 1e-3;

/// Clamps every weight to at least `MIN_WEIGHT·total`, then rescales so they sum to `total`.
pub fn renormalise<const N: usize>(weights: &mut [f64; N], total: f64) {
    weights.iter_mut().for_each(|w| *w = if w.is_finite() { w.max(MIN_WEIGHT * total) } else { MIN_WEIGHT * total });
    let sum: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w *= total / sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two tasks with ‖∇_W L_1‖ = 2, ‖∇_W L_2‖ = 1, weights (0.5, 1.5),
    /// L(0) = (1, 2), L(t) = (0.6, 0.4), α = 2:
    /// G = (1, 1.5), Ḡ = 1.25; L̃ = (0.6, 0.2), mean 0.4, r = (1.5, 0.5);
    /// targets 1.25·(2.25, 0.25) = (2.8125, 0.3125).
    #[test]
    fn grad_norm_on_hand_computed_gradients() {
        let t = grad_norm_terms(&[0.5, 1.5], &[2.0, 1.0], &[0.6, 0.4], &[1.0, 2.0], 2.0);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(t.grad_norms[0], 1.0) && close(t.grad_norms[1], 1.5), "{:?}", t.grad_norms);
        assert!(close(t.ratios[0], 1.5) && close(t.ratios[1], 0.5), "each task its own r: {:?}", t.ratios);
        // one shared r (the popular bug) would give equal targets Ḡ·1^α = 1.25
        assert!(close(t.targets[0], 2.8125) && close(t.targets[1], 0.3125), "{:?}", t.targets);
        assert!(close(t.loss, 1.8125 + 1.1875));
        // task 1 is below its target: raise w_1 (∂L_grad/∂w_1 = −2); task 2 above: lower w_2 (+1)
        assert_eq!(t.dweights, [-2.0, 1.0]);
        // a plain gradient step of 0.1, then renormalised to Σ w = T = 2
        let mut w = [0.5 - 0.1 * t.dweights[0], 1.5 - 0.1 * t.dweights[1]];
        assert_eq!(w, [0.7, 1.4]);
        renormalise(&mut w, 2.0);
        assert!(close(w[0] + w[1], 2.0) && close(w[0], 0.7 * 2.0 / 2.1), "{w:?}");
        // α = 0 ignores the loss ratios: both targets are Ḡ
        let flat = grad_norm_terms(&[0.5, 1.5], &[2.0, 1.0], &[0.6, 0.4], &[1.0, 2.0], 0.0);
        assert_eq!(flat.targets, [1.25, 1.25]);
    }

    #[test]
    fn renormalising_keeps_weights_positive() {
        let mut w = [-3.0, 1.0];
        renormalise(&mut w, 2.0);
        assert!(w[0] > 0.0 && (w[0] + w[1] - 2.0).abs() < 1e-12, "{w:?}");
        let mut w = [f64::NAN, 1.0];
        renormalise(&mut w, 2.0);
        assert!(w.iter().all(|v| v.is_finite() && *v > 0.0), "{w:?}");
    }

    #[test]
    fn uncertainty_terms_are_minimal_where_the_variance_is_the_loss() {
        let l: f64 = 0.2;
        // regression: e^s = L; classification: e^s = 2L
        assert!(UncertaintyForm::Regression.dterm_ds(l.ln(), l).abs() < 1e-12);
        assert!(UncertaintyForm::Classification.dterm_ds((2.0 * l).ln(), l).abs() < 1e-12);
        assert_eq!(UncertaintyForm::Regression.weight(0.0), 0.5);
        assert_eq!(UncertaintyForm::Classification.weight(0.0), 1.0);
    }

    #[test]
    fn config_json_shapes_and_checks() {
        let parse = |s: &str| serde_json::from_str::<LossWeighting>(s);
        assert_eq!(parse(r#"{"kind": "fixed"}"#).unwrap(), LossWeighting::Fixed);
        assert_eq!(parse(r#"{"kind": "uncertainty"}"#).unwrap(), LossWeighting::Uncertainty);
        assert_eq!(parse(r#"{"kind": "grad_norm", "alpha": 0.5}"#).unwrap(), LossWeighting::GradNorm { alpha: 0.5, lr: GRAD_NORM_LR });
        assert_eq!(parse(r#"{"kind": "grad_norm"}"#).unwrap(), LossWeighting::grad_norm(1.5));
        assert!(parse(r#"{"kind": "grad_norm", "alpha": 1, "beta": 2}"#).is_err(), "unknown field");
        assert!(parse(r#"{"kind": "gradnorm"}"#).is_err());
        assert!(parse(r#"{"alpha": 1}"#).is_err(), "no kind");
        assert!(LossWeighting::grad_norm(5.5).validate().is_err());
        assert!(LossWeighting::grad_norm(f64::NAN).validate().is_err());
        assert!(LossWeighting::GradNorm { alpha: 1.0, lr: 0.0 }.validate().is_err());
        assert!(LossWeighting::grad_norm(0.0).validate().is_ok());
        let json = serde_json::to_string(&LossWeighting::grad_norm(1.5)).unwrap();
        assert_eq!(json, r#"{"kind":"grad_norm","alpha":1.5,"lr":0.01}"#);
    }
}
