//! Helpers shared by the integration tests.

use mtl_playground::models::{ModelKind, Preset};
use mtl_playground::{CorrelatedConfig, FunnelConfig, RaceConfig};

/// A small, fast race: 4,096 training rows, batch 64, a record every 20 steps,
/// at the `paper` preset's sizes (the ones these tests' thresholds were set at).
#[allow(dead_code)] // not every test file that shares these helpers races the tasks
pub fn quick(models: Vec<ModelKind>) -> RaceConfig {
    RaceConfig {
        data: CorrelatedConfig { train_samples: 4096, test_samples: 1024, seed: 3, ..CorrelatedConfig::default() },
        models,
        sizes: Preset::Paper.sizes(),
        batch_size: 64,
        record_every: 20,
        eval_samples: 512,
        ..RaceConfig::default()
    }
}

/// A small funnel: 100 users, 200 items in 10 categories, 8,192 training rows.
#[allow(dead_code)] // not every test file that shares these helpers draws a funnel
pub fn small_funnel(seed: u64) -> FunnelConfig {
    FunnelConfig {
        users: 100,
        items: 200,
        categories: 10,
        train_samples: 8192,
        validation_samples: 2048,
        test_samples: 4096,
        seed,
        ..FunnelConfig::default()
    }
}

/// What an SVG draws: its elements plus the vertices of every line and polygon,
/// a measure of drawing cost that does not depend on the machine's clock.
#[allow(dead_code)] // only the chart tests read SVG
pub fn drawn_items(svg: &str) -> usize {
    let vertices: usize = svg.split(" points=\"").skip(1).map(|p| p.split('"').next().unwrap_or("").split(' ').count()).sum();
    svg.matches('<').count() + vertices
}
