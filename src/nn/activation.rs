//! ReLU and leaky ReLU, each with its derivative beside it, applied in place to
//! a layer's output (row-major slices of a [`Buffer`](super::Buffer); branch-free
//! so it vectorises); the hidden layers' choice between them ([`Activation`]);
//! softmax and a vectorised dot product.

use crate::float::Float;
use serde::{Deserialize, Serialize};

/// The slope of leaky ReLU for negative inputs. 0.05, as the PyTorch
/// reference used: small enough that the layer stays nearly ReLU, large enough
/// that a unit pushed below zero on every sample still passes a gradient and
/// can come back (README, "Failed trainings").
pub const LEAKY_SLOPE: f64 = 0.05;

/// The activation of the correlated-task models' hidden layers (the shared
/// bottom, the single-task networks' first layers, the experts and the towers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// max(z, 0): a unit whose input is negative on every sample passes no
    /// gradient and never recovers (a dead unit).
    #[default]
    Relu,
    /// max(z, 0.05·z): cannot die.
    LeakyRelu,
}

impl Activation {
    pub const ALL: [Activation; 2] = [Activation::Relu, Activation::LeakyRelu];

    /// The name in configs, the URL and the CLI (`relu`, `leaky_relu`).
    pub fn id(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
        }
    }

    /// Pre-activations → activations, in place.
    pub fn forward<F: Float>(self, z: &mut [F]) {
        match self {
            Activation::Relu => relu(z),
            Activation::LeakyRelu => leaky_relu(z),
        }
    }

    /// `da` (∂L/∂a) → `dz` in place, from the activations `a` this layer's
    /// forward left.
    pub fn backward<F: Float>(self, a: &[F], da: &mut [F]) {
        match self {
            Activation::Relu => relu_backward(a, da),
            Activation::LeakyRelu => leaky_relu_backward(a, da),
        }
    }
}

impl std::str::FromStr for Activation {
    type Err = crate::error::Error;
    /// `relu` or `leaky_relu` (also `leaky-relu`, any case).
    fn from_str(s: &str) -> crate::error::Result<Self> {
        let key = s.trim().to_ascii_lowercase().replace('-', "_");
        Activation::ALL
            .into_iter()
            .find(|a| a.id() == key)
            .ok_or_else(|| crate::error::Error::InvalidConfig { field: "activation", reason: format!("`{s}` is not relu or leaky_relu") })
    }
}

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

/// leaky_relu(z) = z where z > 0, else 0.05·z ([`LEAKY_SLOPE`]), in place.
pub fn leaky_relu<F: Float>(z: &mut [F]) {
    let k = F::of(LEAKY_SLOPE);
    z.iter_mut().for_each(|v| *v = if *v > F::zero() { *v } else { *v * k });
}

/// d/dz leaky_relu = 1 where z > 0, else 0.05. Uses the activation `a`, which
/// has z's sign (the slope is positive). `da` becomes `dz` in place.
pub fn leaky_relu_backward<F: Float>(a: &[F], da: &mut [F]) {
    let k = F::of(LEAKY_SLOPE);
    da.iter_mut().zip(a).for_each(|(d, &a)| *d = if a > F::zero() { *d } else { *d * k });
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
        let mut z = [-2.0f64, 0.0, 3.0];
        Activation::LeakyRelu.forward(&mut z);
        assert_eq!(z, [-0.1, 0.0, 3.0]);
        let mut dz = [1.0f64, 1.0, 1.0];
        Activation::LeakyRelu.backward(&z, &mut dz);
        assert_eq!(dz, [0.05, 0.05, 1.0]);
        assert_eq!("Leaky-ReLU".parse::<Activation>().unwrap(), Activation::LeakyRelu);
        assert!("tanh".parse::<Activation>().is_err());
        // softmax([0, ln 3]) = [1/4, 3/4]; adding a constant changes nothing
        let mut g = [1000.0f64, 1000.0 + 3f64.ln()];
        softmax(&mut g);
        assert!((g[0] - 0.25).abs() < 1e-12 && (g[1] - 0.75).abs() < 1e-12, "{g:?}");
        let a: Vec<f64> = (0..19).map(|i| i as f64).collect();
        assert_eq!(dot(&a, &a), (0..19).map(|i| (i * i) as f64).sum::<f64>());
    }
}
