//! Per-task losses, each returning the mean loss over the batch and writing
//! `scale · ∂L/∂input` (the task's loss weight goes in `scale`).

use crate::float::Float;
use ndarray::{ArrayView1, ArrayViewMut1, Zip};

/// Mean squared error `L = (1/n)·Σ (ŷ − y)²`; `dŷ = scale · 2(ŷ − y)/n`.
pub fn mse<F: Float>(pred: ArrayView1<'_, F>, target: ArrayView1<'_, F>, scale: F, dpred: ArrayViewMut1<'_, F>) -> F {
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
pub fn bce_with_logits<F: Float>(logits: ArrayView1<'_, F>, target: ArrayView1<'_, F>, scale: F, dlogits: ArrayViewMut1<'_, F>) -> F {
    let n = F::of(logits.len() as f64);
    let mut sum = F::zero();
    Zip::from(dlogits).and(&logits).and(&target).for_each(|d, &z, &y| {
        sum += z.max(F::zero()) - z * y + (-z.abs()).exp().ln_1p();
        *d = scale * (sigmoid(z) - y) / n;
    });
    sum / n
}

/// Binary cross-entropy on logits without gradient (evaluation), in f64.
pub fn bce_with_logits_value<F: Float>(logits: ArrayView1<'_, F>, target: ArrayView1<'_, F>) -> f64 {
    let sum: f64 = Zip::from(&logits).and(&target).fold(0.0, |acc, &z, &y| {
        let (z, y) = (z.f64(), y.f64());
        acc + z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
    });
    sum / logits.len().max(1) as f64
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

/// Binary cross-entropy on logits over the rows where `mask = 1` only
/// (BASE's CVR net: conversion is observed on clicked impressions only), mean
/// over those rows; `dz = scale·mask·(σ(z) − y)/Σ mask`. Rows outside the mask
/// get a zero gradient, which is the same as leaving them out of the batch.
/// Returns 0 when no row is in the mask.
pub fn bce_with_logits_masked<F: Float>(
    logits: ArrayView1<'_, F>,
    target: ArrayView1<'_, F>,
    mask: ArrayView1<'_, F>,
    scale: F,
    dlogits: ArrayViewMut1<'_, F>,
) -> F {
    let n = mask.sum();
    let inv = if n > F::zero() { F::one() / n } else { F::zero() };
    let mut sum = F::zero();
    Zip::from(dlogits).and(&logits).and(&target).and(&mask).for_each(|d, &z, &y, &m| {
        sum += m * (z.max(F::zero()) - z * y + (-z.abs()).exp().ln_1p());
        *d = scale * m * (sigmoid(z) - y) * inv;
    });
    sum * inv
}

/// ln(1 + e^x) without overflow.
pub fn softplus<F: Float>(x: F) -> F {
    x.max(F::zero()) + (-x.abs()).exp().ln_1p()
}

/// The ESMM product head's loss: binary cross-entropy of `y` against
/// `p = σ(a)·σ(b)` (pCTCVR = pCTR·pCVR), in a stable form. With
/// `ln p = −softplus(−a) − softplus(−b)` and
/// `1 − p = (e^{−a} + e^{−b} + e^{−a−b}) / ((1 + e^{−a})(1 + e^{−b}))`:
///
/// `ℓ = softplus(−a) + softplus(−b) − (1 − y)·LSE(−a, −b, −a−b)`,
///
/// `∂ℓ/∂a = −σ(−a) + (1 − y)·(e^{−a} + e^{−a−b}) / (e^{−a} + e^{−b} + e^{−a−b})`
/// (and symmetrically for `b`). Mean over the batch; writes `scale·∂ℓ/∂a / n`
/// into `da` and likewise `db`.
pub fn bce_product<F: Float>(
    a: ArrayView1<'_, F>,
    b: ArrayView1<'_, F>,
    target: ArrayView1<'_, F>,
    scale: F,
    mut da: ArrayViewMut1<'_, F>,
    mut db: ArrayViewMut1<'_, F>,
) -> F {
    let n = F::of(a.len() as f64);
    let mut sum = F::zero();
    for i in 0..a.len() {
        let (ai, bi, y) = (a[i], b[i], target[i]);
        let (na, nb, nab) = (-ai, -bi, -ai - bi);
        // log-sum-exp of (−a, −b, −a−b), shifted by its largest term
        let m = na.max(nb).max(nab);
        let (wa, wb, wab) = ((na - m).exp(), (nb - m).exp(), (nab - m).exp());
        let s = wa + wb + wab;
        let lse = m + s.ln();
        sum += softplus(na) + softplus(nb) - (F::one() - y) * lse;
        da[i] = scale * (-sigmoid(na) + (F::one() - y) * (wa + wab) / s) / n;
        db[i] = scale * (-sigmoid(nb) + (F::one() - y) * (wb + wab) / s) / n;
    }
    sum / n
}

/// Weighted binary cross-entropy on logits, `L = (1/n)·Σ w_i·ℓ(z_i, y_i)` with
/// `ℓ` the stable BCE of [`bce_with_logits`], mean over the batch (divided by
/// `n`, not by `Σ w`); `dz = scale · w_i·(σ(z_i) − y_i)/n`.
///
/// YouTube's weighted cross-entropy sets `w = T` (watch time) on positives and
/// 1 on negatives. For one free logit over a group, `Σ_pos T·(σ − 1) + N_neg·σ = 0`
/// at the optimum, so `e^z = σ/(1 − σ) = Σ_pos T / N_neg`.
pub fn weighted_bce_with_logits<F: Float>(
    logits: ArrayView1<'_, F>,
    target: ArrayView1<'_, F>,
    weight: ArrayView1<'_, F>,
    scale: F,
    dlogits: ArrayViewMut1<'_, F>,
) -> F {
    let n = F::of(logits.len() as f64);
    let mut sum = F::zero();
    Zip::from(dlogits).and(&logits).and(&target).and(&weight).for_each(|d, &z, &y, &w| {
        sum += w * (z.max(F::zero()) - z * y + (-z.abs()).exp().ln_1p());
        *d = scale * w * (sigmoid(z) - y) / n;
    });
    sum / n
}
