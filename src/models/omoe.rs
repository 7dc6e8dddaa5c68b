//! OMoE: one-gate mixture of experts. Every task reads the same gated mixture
//! `Σ_i g(x)_i f_i(x)` with `g(x) = softmax(W_g·x)`, so one expert combination
//! must serve all tasks.

use super::{MixtureOfExperts, ModelKind, ModelSizes};
use crate::float::Float;

/// OMoE: the experts with one gate shared by all tasks.
pub fn new<F: Float>(input_dim: usize, tasks: usize, sizes: &ModelSizes) -> MixtureOfExperts<F> {
    MixtureOfExperts::new(ModelKind::Omoe, input_dim, tasks, 1, sizes)
}
