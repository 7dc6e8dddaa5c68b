//! The step-timing protocol shared by the native benchmark (`benches/step.rs`)
//! and the in-browser one (the wasm boundary), so both figures mean the same:
//! one model alone at the `paper` preset's sizes (MMoE §5.1, the sizes the
//! PyTorch reference was timed at), recording off, a warm-up, then the median
//! and best of several timed runs.

use super::{RaceConfig, Trainer};
use crate::error::Result;
use crate::models::{ModelKind, Preset};
use serde::Serialize;

/// Milliseconds per training step of one model.
#[derive(Clone, Debug, Serialize)]
pub struct StepTiming {
    pub model: ModelKind,
    pub params: usize,
    pub median_ms: f64,
    pub best_ms: f64,
}

/// How much to time.
#[derive(Clone, Copy, Debug)]
pub struct Protocol {
    pub warmup_steps: usize,
    pub runs: usize,
    pub steps_per_run: usize,
}

impl Default for Protocol {
    fn default() -> Self {
        Self { warmup_steps: 300, runs: 15, steps_per_run: 200 }
    }
}

/// Times `kind` at the `paper` preset's sizes (d = 100, batch 256) with
/// `now()` as the clock in milliseconds.
pub fn time_steps(kind: ModelKind, protocol: Protocol, now: &mut dyn FnMut() -> f64) -> Result<StepTiming> {
    let config = RaceConfig { models: vec![kind], sizes: Preset::Paper.sizes(), record_every: 100_000, ..RaceConfig::default() };
    let mut trainer = Trainer::new(config)?;
    trainer.run(protocol.warmup_steps);
    let mut per_step: Vec<f64> = (0..protocol.runs.max(1))
        .map(|_| {
            let start = now();
            trainer.run(protocol.steps_per_run);
            (now() - start) / protocol.steps_per_run.max(1) as f64
        })
        .collect();
    crate::order::sort_floats(&mut per_step);
    Ok(StepTiming { model: kind, params: trainer.runs[0].num_params(), median_ms: per_step[per_step.len() / 2], best_ms: per_step[0] })
}
