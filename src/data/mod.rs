//! Synthetic data whose truth is known. Not here: batching (see `train`).

pub mod correlated;
pub mod funnel;
pub mod watch;

pub use correlated::{CorrelatedConfig, CorrelatedData};
pub use funnel::{FunnelConfig, FunnelData, FunnelStats};
pub use watch::{WatchConfig, WatchData, WatchStats};

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
