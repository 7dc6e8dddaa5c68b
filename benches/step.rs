//! Milliseconds per training step for each model at default sizes (batch 256,
//! d = 100), one model at a time, recording off: the median and best of 15
//! timed runs of 200 steps after a warm-up (`mtl_playground::train::bench`).
//!
//! `cargo bench --bench step` (add `-- --json` for machine-readable output).

use mtl_playground::train::bench::{time_steps, Protocol};
use mtl_playground::ModelKind;
use std::time::Instant;

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let origin = Instant::now();
    let mut now = || origin.elapsed().as_secs_f64() * 1e3;
    let timings: Vec<_> =
        ModelKind::ALL.iter().map(|&kind| time_steps(kind, Protocol::default(), &mut now).expect("the default config is valid")).collect();
    if json {
        println!("{}", serde_json::to_string(&timings).expect("timings serialise"));
        return;
    }
    println!("{:<14} {:>8} {:>10} {:>8}", "model", "params", "ms/step", "best");
    for t in &timings {
        println!("{:<14} {:>8} {:>10.3} {:>8.3}", t.model.label(), t.params, t.median_ms, t.best_ms);
    }
}
