//! Milliseconds per training step for each model at default sizes (batch 256,
//! d = 100), one model at a time, recording switched off. Each figure is the
//! median of 7 timed runs of 500 steps after a warm-up.
//!
//! `cargo bench --bench step` (add `-- --json` for machine-readable output).

use mtl_playground::{ModelKind, RaceConfig, Trainer};
use std::time::Instant;

fn main() {
    let json = std::env::args().any(|a| a == "--json");
    let mut rows = Vec::new();
    for kind in ModelKind::ALL {
        let config = RaceConfig { models: vec![kind], record_every: 100_000, ..RaceConfig::default() };
        let mut trainer = Trainer::new(config).expect("default config is valid");
        let params = trainer.runs[0].num_params();
        trainer.run(300);
        let mut runs: Vec<f64> = (0..7)
            .map(|_| {
                let start = Instant::now();
                trainer.run(500);
                start.elapsed().as_secs_f64() * 1e3 / 500.0
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        rows.push((kind, params, runs[3], runs[0]));
    }
    if json {
        let items: Vec<String> = rows
            .iter()
            .map(|(k, p, med, min)| format!(r#"{{"model":"{}","params":{},"ms_per_step":{:.4},"ms_min":{:.4}}}"#, k.id(), p, med, min))
            .collect();
        println!("[{}]", items.join(","));
    } else {
        println!("{:<14} {:>8} {:>12} {:>10}", "model", "params", "ms/step", "best");
        for (kind, params, med, min) in rows {
            println!("{:<14} {:>8} {:>12.3} {:>10.3}", kind.label(), params, med, min);
        }
    }
}
