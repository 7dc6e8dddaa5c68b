//! MMoE (Ma et al. KDD 2018): the same experts, but one gate per task,
//! `f^k(x) = Σ_i g^k(x)_i f_i(x)`, `g^k(x) = softmax(W_gk·x)`, so each task can
//! pick its own combination of experts.

use super::{MixtureOfExperts, ModelKind, ModelSizes};
use crate::float::Float;

/// MMoE: the experts with one gate per task.
pub fn new<F: Float>(input_dim: usize, tasks: usize, sizes: &ModelSizes) -> MixtureOfExperts<F> {
    MixtureOfExperts::new(ModelKind::Mmoe, input_dim, tasks, tasks, sizes)
}
