//! Synthetic data whose truth is known, and a student's own table (`table`). Not
//! here: batching (see `train`).

pub mod correlated;
pub mod funnel;
pub mod table;
pub mod watch;

pub use correlated::{CorrelatedConfig, CorrelatedData};
pub use funnel::{FunnelConfig, FunnelData, FunnelStats};
pub use table::{Encoded, Table, TableConfig, TableError};
pub use watch::{WatchConfig, WatchData, WatchStats};

use crate::rng::SeedRng;
use rand::RngExt;
use rand_distr::StandardNormal;

/// Pearson correlation of two equally long series.
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// Draws a factor and its twin with correlation `rho` (an item's appeal and
/// its quality, in the funnel and the watch-time feed).
fn twin(rng: &mut SeedRng, rho: f64) -> (f64, f64) {
    let a: f64 = rng.sample(StandardNormal);
    let e: f64 = rng.sample(StandardNormal);
    (a, rho * a + (1.0 - rho * rho).max(0.0).sqrt() * e)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The bias `b` in [−20, 20] at which `rate(b)` (increasing in b) hits `target`.
fn solve_bias(target: f64, rate: impl Fn(f64) -> f64) -> f64 {
    let (mut lo, mut hi) = (-20.0, 20.0);
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if rate(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}
