//! YouTube's weighted cross-entropy (Covington et al. 2016; the chapter's
//! `−Σ[T_i·y_i·log p_i + (1 − y_i)·log(1 − p_i)]`): the click's BCE with each
//! clicked impression weighted by its watch time T and each unclicked one by 1,
//! served by the odds `e^z`, which estimate `E[T·click]/(1 − P(click))` (see
//! the module above for the derivation). One network, one output: "the model
//! at serving time is the base model", as the chapter says.

use super::one_logit::{Head, OneLogit};
use super::{WatchKind, WatchRates};
use crate::float::Float;

/// `odds = e^z`, `z = net(x)`, trained on
/// `L = (1/n)·Σ w_i·BCE(click_i, σ(z_i))`, `w_i = T_i` if clicked, else 1.
pub type WeightedCe<F> = OneLogit<F, WeightedCeHead>;

/// Weighted CE's choices.
pub struct WeightedCeHead;

impl Head for WeightedCeHead {
    const KIND: WatchKind = WatchKind::WeightedCe;
    /// `ln(Σ_pos T / N_neg)`, the bias-only optimum.
    fn bias(rates: &WatchRates) -> f64 {
        rates.weighted_odds.max(1e-6).ln()
    }
    /// The odds `e^z`.
    fn serve<F: Float>(z: F) -> F {
        z.exp()
    }
    fn weight<F: Float>(click: F, watch: F) -> F {
        if click > F::zero() {
            watch
        } else {
            F::one()
        }
    }
}
