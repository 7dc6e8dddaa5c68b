//! Per-task losses, each returning the mean loss over the batch and writing
//! `scale · ∂L/∂input` (the task's loss weight goes in `scale`).

use crate::float::Float;
use ndarray::{ArrayView1, ArrayViewMut1, Zip};

/// Mean squared error `L = (1/n)·Σ (ŷ − y)²`; `dŷ = scale · 2(ŷ − y)/n`.
pub fn mse<F: Float>(
    pred: ArrayView1<'_, F>,
    target: ArrayView1<'_, F>,
    scale: F,
    dpred: ArrayViewMut1<'_, F>,
) -> F {
    let n = F::of(pred.len() as f64);
    let mut sum = F::zero();
    Zip::from(dpred).and(&pred).and(&target).for_each(|d, &p, &y| {
        let r = p - y;
        sum += r * r;
        *d = scale * F::of(2.0) * r / n;
    });
    sum / n
}

/// Mean squared error without gradient (evaluation).
pub fn mse_value<F: Float>(pred: ArrayView1<'_, F>, target: ArrayView1<'_, F>) -> f64 {
    let sum: f64 = Zip::from(&pred).and(&target).fold(0.0, |acc, &p, &y| {
        let r = (p - y).f64();
        acc + r * r
    });
    sum / pred.len().max(1) as f64
}

/// Binary cross-entropy on logits, stable form
/// `ℓ(z, y) = max(z, 0) − z·y + ln(1 + e^{−|z|})`, mean over the batch;
/// `dz = scale · (σ(z) − y)/n`.
pub fn bce_with_logits<F: Float>(
    logits: ArrayView1<'_, F>,
    target: ArrayView1<'_, F>,
    scale: F,
    dlogits: ArrayViewMut1<'_, F>,
) -> F {
    let n = F::of(logits.len() as f64);
    let mut sum = F::zero();
    Zip::from(dlogits).and(&logits).and(&target).for_each(|d, &z, &y| {
        sum += z.max(F::zero()) - z * y + (-z.abs()).exp().ln_1p();
        *d = scale * (sigmoid(z) - y) / n;
    });
    sum / n
}

/// σ(z) = 1/(1 + e^{−z}), computed without overflow for large |z|.
pub fn sigmoid<F: Float>(z: F) -> F {
    if z >= F::zero() {
        F::one() / (F::one() + (-z).exp())
    } else {
        let e = z.exp();
        e / (F::one() + e)
    }
}
