//! Two regression tasks with a controllable task correlation (MMoE paper §3.2).
//!
//! Orthonormal `u1, u2`; `w1 = c·u1`, `w2 = c·(p·u1 + √(1−p²)·u2)`, so
//! `cos(w1, w2) = p`. With `x ~ N(0, I_d)`:
//! `y_k = w_kᵀx + Σ_{i=1..m} sin(α_i·w_kᵀx + β_i) + ε_k`, `α_i, β_i ~ N(0, 1)`
//! drawn once per data set and shared by both tasks, `ε_k ~ N(0, σ²)`.
//!
//! Changing `p` moves only task B's direction: x, noise, α, β, u1 and u2 stay,
//! so runs at different `p` from one seed are paired.

use super::pearson;
use crate::error::{ensure, Result};
use crate::rng::{seeded, SeedRng};
use ndarray::{s, Array1, Array2, ArrayView2};
use rand::RngExt;
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

/// Number of tasks in the correlated-task world (A and B).
pub const TASKS: usize = 2;

/// The generator's knobs. Defaults are the design's (PLE paper's fill-ins).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorrelatedConfig {
    /// Task correlation p = cos(w1, w2), in [−1, 1].
    pub task_correlation: f64,
    /// Input dimension d.
    pub dim: usize,
    /// Scale c of the task weight vectors.
    pub scale: f64,
    /// Number m of sine terms.
    pub sines: usize,
    /// Label noise standard deviation (0.1 = variance 0.01).
    pub noise_std: f64,
    pub train_samples: usize,
    pub test_samples: usize,
    pub seed: u64,
}

impl Default for CorrelatedConfig {
    fn default() -> Self {
        Self {
            task_correlation: 0.5,
            dim: 100,
            scale: 1.0,
            sines: 10,
            noise_std: 0.1,
            train_samples: 50_000,
            test_samples: 10_000,
            seed: 1,
        }
    }
}

impl CorrelatedConfig {
    pub fn validate(&self) -> Result<()> {
        let p = self.task_correlation;
        ensure(p.is_finite() && (-1.0..=1.0).contains(&p), "task_correlation", || format!("{p} is not in [-1, 1]"))?;
        ensure((2..=1000).contains(&self.dim), "dim", || format!("{} is not in 2..=1000", self.dim))?;
        ensure(self.scale.is_finite() && self.scale > 0.0 && self.scale <= 100.0, "scale", || {
            format!("{} is not in (0, 100]", self.scale)
        })?;
        ensure(self.sines <= 100, "sines", || format!("{} is more than 100", self.sines))?;
        ensure(self.noise_std.is_finite() && (0.0..=10.0).contains(&self.noise_std), "noise_std", || {
            format!("{} is not in [0, 10]", self.noise_std)
        })?;
        ensure((16..=1_000_000).contains(&self.train_samples), "train_samples", || {
            format!("{} is not in 16..=1000000", self.train_samples)
        })?;
        ensure((16..=1_000_000).contains(&self.test_samples), "test_samples", || format!("{} is not in 16..=1000000", self.test_samples))?;
        ensure((self.train_samples + self.test_samples) * self.dim <= 200_000_000, "train_samples", || {
            "samples × dim exceeds 200 million values".to_string()
        })
    }
}

/// A generated data set: inputs, the two tasks' labels, and the truth behind them.
#[derive(Clone, Debug)]
pub struct CorrelatedData {
    pub config: CorrelatedConfig,
    /// Inputs, train rows first: `(train + test, d)`.
    pub x: Array2<f32>,
    /// Labels `(train + test, 2)`: column 0 task A, column 1 task B.
    pub y: Array2<f32>,
    /// The task weight vectors `w1, w2`.
    pub w: [Array1<f64>; 2],
    u: [Array1<f64>; 2],
    alpha: Vec<f64>,
    beta: Vec<f64>,
    noise: Array2<f64>,
    /// Pearson correlation of the two tasks' labels on the training rows.
    pub label_pearson: f64,
}

impl CorrelatedData {
    /// Draws a data set. Every draw comes from `config.seed`.
    pub fn generate(config: &CorrelatedConfig) -> Result<Self> {
        config.validate()?;
        let mut rng = seeded(config.seed ^ 0xDA7A_5EED);
        let d = config.dim;
        let n = config.train_samples + config.test_samples;
        let normal = |rng: &mut SeedRng| -> f64 { rng.sample(StandardNormal) };

        // Orthonormal u1, u2 by Gram–Schmidt on two Gaussian vectors.
        let a: Array1<f64> = (0..d).map(|_| normal(&mut rng)).collect();
        let b: Array1<f64> = (0..d).map(|_| normal(&mut rng)).collect();
        let u1 = &a / a.dot(&a).sqrt();
        let b = &b - &(&u1 * b.dot(&u1));
        let u2 = &b / b.dot(&b).sqrt();

        let alpha: Vec<f64> = (0..config.sines).map(|_| normal(&mut rng)).collect();
        let beta: Vec<f64> = (0..config.sines).map(|_| normal(&mut rng)).collect();
        let x = Array2::from_shape_simple_fn((n, d), || normal(&mut rng) as f32);
        let noise = Array2::from_shape_simple_fn((n, 2), || normal(&mut rng) * config.noise_std);

        let mut data = Self {
            config: config.clone(),
            x,
            y: Array2::zeros((n, 2)),
            w: [Array1::zeros(d), Array1::zeros(d)],
            u: [u1, u2],
            alpha,
            beta,
            noise,
            label_pearson: 0.0,
        };
        data.label_task(0);
        data.set_task_correlation(config.task_correlation)?;
        Ok(data)
    }

    /// Moves task B's direction to correlation `p` and relabels task B only.
    pub fn set_task_correlation(&mut self, p: f64) -> Result<()> {
        let mut probe = self.config.clone();
        probe.task_correlation = p;
        probe.validate()?;
        self.config.task_correlation = p;
        self.label_task(1);
        Ok(())
    }

    fn label_task(&mut self, k: usize) {
        let (c, p) = (self.config.scale, self.config.task_correlation);
        let [u1, u2] = &self.u;
        self.w[k] = if k == 0 { u1 * c } else { (u1 * p + u2 * (1.0 - p * p).max(0.0).sqrt()) * c };
        let w = &self.w[k];
        for (i, row) in self.x.outer_iter().enumerate() {
            let z: f64 = row.iter().zip(w).map(|(&xi, &wi)| xi as f64 * wi).sum();
            let sines: f64 = self.alpha.iter().zip(&self.beta).map(|(a, b)| (a * z + b).sin()).sum();
            self.y[[i, k]] = (z + sines + self.noise[[i, k]]) as f32;
        }
        let train = self.config.train_samples;
        let ya: Vec<f64> = self.y.slice(s![..train, 0]).iter().map(|&v| v as f64).collect();
        let yb: Vec<f64> = self.y.slice(s![..train, 1]).iter().map(|&v| v as f64).collect();
        self.label_pearson = pearson(&ya, &yb);
    }

    pub fn task_correlation(&self) -> f64 {
        self.config.task_correlation
    }
    pub fn dim(&self) -> usize {
        self.config.dim
    }
    pub fn train_len(&self) -> usize {
        self.config.train_samples
    }
    pub fn train_x(&self) -> ArrayView2<'_, f32> {
        self.x.slice(s![..self.train_len(), ..])
    }
    pub fn train_y(&self) -> ArrayView2<'_, f32> {
        self.y.slice(s![..self.train_len(), ..])
    }
    pub fn test_x(&self) -> ArrayView2<'_, f32> {
        self.x.slice(s![self.train_len().., ..])
    }
    pub fn test_y(&self) -> ArrayView2<'_, f32> {
        self.y.slice(s![self.train_len().., ..])
    }
    /// cos(w1, w2): equals the configured `p` up to rounding.
    pub fn weight_cosine(&self) -> f64 {
        let [w1, w2] = &self.w;
        w1.dot(w2) / (w1.dot(w1).sqrt() * w2.dot(w2).sqrt())
    }
}
