//! ReLU, its derivative beside it, applied in place to a layer's output
//! (row-major slices of a [`Buffer`](super::Buffer); branch-free so it vectorises).

use crate::float::Float;

/// relu(z) = max(z, 0), in place.
pub fn relu<F: Float>(z: &mut [F]) {
    z.iter_mut().for_each(|v| *v = if *v > F::zero() { *v } else { F::zero() });
}

/// d/dz relu = 1 where z > 0, else 0. Uses the activation `a = relu(z)`
/// (a > 0 exactly where z > 0), so no pre-activation copy is kept.
/// `da` becomes `dz` in place.
pub fn relu_backward<F: Float>(a: &[F], da: &mut [F]) {
    da.iter_mut().zip(a).for_each(|(d, &a)| *d = if a > F::zero() { *d } else { F::zero() });
}

/// softmax(z)_i = e^{z_i} / Σ_j e^{z_j}, in place, shifted by max(z) for stability.
pub fn softmax<F: Float>(z: &mut [F]) {
    let max = z.iter().fold(F::neg_infinity(), |m, &v| m.max(v));
    let mut sum = F::zero();
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    z.iter_mut().for_each(|v| *v /= sum);
}

/// d/dz softmax: with g = softmax(z) and upstream dg,
/// dz_i = g_i·(dg_i − Σ_j g_j·dg_j). Overwrites `d`, which holds dg, with dz
/// (each dz_i needs only dg_i and the sum, so in place is safe).
pub fn softmax_backward<F: Float>(g: &[F], d: &mut [F]) {
    let dot: F = g.iter().zip(d.iter()).map(|(&gi, &dgi)| gi * dgi).sum();
    for (d, &gi) in d.iter_mut().zip(g) {
        *d = gi * (*d - dot);
    }
}

/// Σ a_i·b_i with eight independent partial sums, so the loop vectorises
/// (one running sum would serialise on the floating-point adds).
pub fn dot<F: Float>(a: &[F], b: &[F]) -> F {
    let mut acc = [F::zero(); 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: F = ca.remainder().iter().zip(cb.remainder()).map(|(&x, &y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for j in 0..8 {
            acc[j] += x[j] * y[j];
        }
    }
    // pairwise, so the final sum is three dependent adds rather than eight
    let quad = [acc[0] + acc[4], acc[1] + acc[5], acc[2] + acc[6], acc[3] + acc[7]];
    tail + ((quad[0] + quad[2]) + (quad[1] + quad[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values() {
        let mut z = [-1.5f64, 0.0, 2.0];
        relu(&mut z);
        assert_eq!(z, [0.0, 0.0, 2.0]);
        // softmax([0, ln 3]) = [1/4, 3/4]; adding a constant changes nothing
        let mut g = [1000.0f64, 1000.0 + 3f64.ln()];
        softmax(&mut g);
        assert!((g[0] - 0.25).abs() < 1e-12 && (g[1] - 0.75).abs() < 1e-12, "{g:?}");
        let a: Vec<f64> = (0..19).map(|i| i as f64).collect();
        assert_eq!(dot(&a, &a), (0..19).map(|i| (i * i) as f64).sum::<f64>());
    }
}
