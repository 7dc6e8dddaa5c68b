//! The CTR model: one network trained with BCE on the click, ranked by pCTR.
//! It knows nothing of watch time: in a clickbait world its top is full of
//! tempting videos that viewers abandon.

use super::one_logit::{Head, OneLogit};
use super::{logit, WatchKind, WatchRates};
use crate::float::Float;
use crate::nn::loss::sigmoid;

/// `pCTR = σ(z)`, `z = net(x)`, trained on `L = BCE(click, σ(z))` over all rows
/// (every row weighs 1, which is the plain BCE to the bit).
pub type Ctr<F> = OneLogit<F, CtrHead>;

/// The CTR model's choices.
pub struct CtrHead;

impl Head for CtrHead {
    const KIND: WatchKind = WatchKind::Ctr;
    /// The click rate's logit.
    fn bias(rates: &WatchRates) -> f64 {
        logit(rates.ctr)
    }
    /// pCTR.
    fn serve<F: Float>(z: F) -> F {
        sigmoid(z)
    }
    fn weight<F: Float>(_click: F, _watch: F) -> F {
        F::one()
    }
}
