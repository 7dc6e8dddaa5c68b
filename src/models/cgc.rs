//! CGC (Tang et al. RecSys 2020, §4.2): customized gate control, one level of
//! PLE. Task k's tower reads `h_k = Σ_{i ∈ A_k ∪ S} g^k(x)_i f_i(x)`,
//! `g^k(x) = softmax(W_gk·x)` over its own experts `A_k` and the shared
//! experts `S` only, so no task's gate can lean on another task's experts.

use super::{ModelKind, ModelSizes, Ple};
use crate::float::Float;

/// CGC: `sizes.task_experts` experts per task, `sizes.shared_experts` shared.
pub fn new<F: Float>(input_dim: usize, tasks: usize, sizes: &ModelSizes) -> Ple<F> {
    Ple::new(ModelKind::Cgc, input_dim, tasks, 1, sizes)
}
