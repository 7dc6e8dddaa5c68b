//! Layers with hand-written backward passes, losses and the Adam optimiser.
//!
//! Every layer keeps its parameters in a model's one flat vector (see
//! [`params`]), caches in `forward` what `backward` needs, and accumulates
//! gradients with `+=`. Buffers are preallocated and only grow, so a warm training
//! step allocates nothing. Not here: models (see `models`), training loops.

pub mod activation;
pub mod adam;
pub mod dense;
pub mod embedding;
pub mod gemm;
pub mod gradcheck;
pub mod grouped_moe;
pub mod loss;
pub mod moe;
pub mod params;

pub use adam::{Adam, AdamConfig};
pub use dense::Dense;
pub use embedding::Embedding;
pub use grouped_moe::{GroupedMoeLayer, MoeGroup};
pub use moe::{GateSupport, MixLayout, MoeLayer};
pub use params::{Buffer, ParamLayout, Slot};
