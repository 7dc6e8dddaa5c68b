//! Adam (Kingma & Ba 2015) over a model's flat parameter vector.

use super::gemm::avx2_dispatched;
use crate::float::Float;
use serde::{Deserialize, Serialize};

/// Adam's hyper-parameters. The learning rate may change between steps.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamConfig {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
}

impl Default for AdamConfig {
    /// lr 3e-3: the design's measured default for these tasks; the betas and ε of the paper.
    fn default() -> Self {
        Self { lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 }
    }
}

/// Adam's state: the two moment estimates and the step count.
#[derive(Clone, Debug)]
pub struct Adam<F> {
    m: Vec<F>,
    v: Vec<F>,
    t: i32,
}

impl<F: Float> Adam<F> {
    pub fn new(num_params: usize) -> Self {
        Self { m: vec![F::zero(); num_params], v: vec![F::zero(); num_params], t: 0 }
    }

    /// How many updates have been applied.
    pub fn steps(&self) -> i32 {
        self.t
    }

    /// One update of `params` from `grads`.
    pub fn update(&mut self, cfg: &AdamConfig, params: &mut [F], grads: &[F]) {
        self.t += 1;
        let (b1, b2) = (F::of(cfg.beta1), F::of(cfg.beta2));
        // bias corrections 1 − β^t, folded into the step size
        let c1 = 1.0 - cfg.beta1.powi(self.t);
        let c2 = 1.0 - cfg.beta2.powi(self.t);
        let step = F::of(cfg.lr * c2.sqrt() / c1);
        let eps = F::of(cfg.eps * c2.sqrt());
        adam_step(params, grads, &mut self.m, &mut self.v, b1, b2, step, eps);
    }
}

avx2_dispatched!(fn adam_step<F: Float>(params: &mut [F], grads: &[F], m: &mut [F], v: &mut [F], b1: F, b2: F, step: F, eps: F) => adam_step_body);

/// The element-wise update, with the bias corrections folded into `step` and `eps`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn adam_step_body<F: Float>(params: &mut [F], grads: &[F], m: &mut [F], v: &mut [F], b1: F, b2: F, step: F, eps: F) {
    for (((p, &g), m), v) in params.iter_mut().zip(grads).zip(m.iter_mut()).zip(v.iter_mut()) {
        // first moment: running mean of the gradient
        *m = b1 * *m + (F::one() - b1) * g;
        // second moment: running mean of the squared gradient
        *v = b2 * *v + (F::one() - b2) * g * g;
        *p -= step * *m / (v.sqrt() + eps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three steps on f(p) = p², against values computed by hand with the
    /// paper's update (m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), p −= lr·m̂/(√v̂ + ε)).
    #[test]
    fn adam_trajectory_matches_reference() {
        let cfg = AdamConfig { lr: 0.1, ..AdamConfig::default() };
        let mut adam = Adam::<f64>::new(2);
        let mut p = vec![1.0, -2.0];
        let expected =
            [[0.9000000005, -1.90000000025], [0.8004122286917928, -1.8001664861157012], [0.7015862729460303, -1.7006233920464653]];
        for want in expected {
            let g: Vec<f64> = p.iter().map(|v| 2.0 * v).collect();
            adam.update(&cfg, &mut p, &g);
            for (got, want) in p.iter().zip(want) {
                assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
            }
        }
        assert_eq!(adam.steps(), 3);
    }
}
