//! The watch-time trainer: one generated world, one batch order, the models in
//! lockstep. It is steppable in slices — [`WatchTrainer::step_n`] trains a few
//! steps and returns, so a caller (the page's worker) can draw between calls
//! from each run's `history` — and stops at `config.steps`. No early stopping:
//! every model trains the same number of steps on the same batches.

use super::config::{validate_click_weight, WatchRaceConfig};
use super::metrics::{TradeoffPoint, WatchMetrics};
use crate::data::watch::WATCH_DENSE;
use crate::data::WatchData;
use crate::error::Result;
use crate::models::funnel::FunnelInputShape;
use crate::models::watch::{WatchBatch, WatchKind, WatchModel, WatchRates};
use crate::nn::{Adam, AdamConfig};
use crate::rng::{seeded, SeedRng};
use crate::train::batches::{BatchOrder, BatchRows};
use crate::train::race::RunView;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One model's record at one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchSnapshot {
    pub step: usize,
    /// Mean training-batch loss since the previous record (`None` at step 0).
    pub train_loss: Option<f64>,
    /// Metrics of the current parameters on the whole test set.
    pub metrics: WatchMetrics,
}

/// A racing model with its parameters, optimiser and record.
pub struct WatchRun {
    pub kind: WatchKind,
    model: Box<dyn WatchModel<f32>>,
    params: Vec<f32>,
    grads: Vec<f32>,
    adam: Adam<f32>,
    loss_sum: f64,
    loss_steps: usize,
    /// The step at which the loss stopped being finite, if it did.
    pub diverged_at: Option<usize>,
    /// Every record, oldest first.
    pub history: Vec<WatchSnapshot>,
}

impl WatchRun {
    fn new(kind: WatchKind, config: &WatchRaceConfig, rates: &WatchRates) -> Self {
        let model = kind.build::<f32>(&FunnelInputShape::from(&config.data), &config.sizes, config.click_weight);
        let n = model.num_params();
        let mut params = vec![0.0; n];
        let seed = config.init_seed.unwrap_or(config.data.seed);
        let mut rng = seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (0x3A7C + kind as u64));
        model.init(&mut params, &mut rng, rates);
        Self {
            kind,
            model,
            params,
            grads: vec![0.0; n],
            adam: Adam::new(n),
            loss_sum: 0.0,
            loss_steps: 0,
            diverged_at: None,
            history: Vec::new(),
        }
    }

    pub fn num_params(&self) -> usize {
        self.params.len()
    }
    /// The run as charts, summaries and reports read it.
    pub fn view(&self) -> RunView<'_, WatchKind, WatchSnapshot> {
        let (kind, params, history) = (self.kind, self.num_params(), &self.history[..]);
        RunView { kind, params, history, diverged_at: self.diverged_at, stopped_at: None }
    }
    pub fn latest(&self) -> Option<&WatchSnapshot> {
        self.history.last()
    }

    fn step(&mut self, batch: &WatchBatch<'_, f32>, adam: &AdamConfig, step: usize) {
        self.grads.fill(0.0);
        let loss = self.model.train(&self.params, &mut self.grads, batch);
        if !loss.is_finite() {
            self.diverged_at = Some(step);
            return;
        }
        self.loss_sum += loss;
        self.loss_steps += 1;
        self.adam.update(adam, &mut self.params, &self.grads);
    }

    /// The ranking scores of `rows`, in chunks of `chunk` rows.
    pub fn scores(&mut self, data: &WatchData, rows: Range<usize>, chunk: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(rows.len());
        let mut start = rows.start;
        while start < rows.end {
            let r = start..(start + chunk).min(rows.end);
            let dense = &data.dense[r.start * WATCH_DENSE..r.end * WATCH_DENSE];
            let batch = WatchBatch {
                user: &data.user[r.clone()],
                video: &data.video[r.clone()],
                category: &data.category[r.clone()],
                dense: ArrayView2::from_shape((r.len(), WATCH_DENSE), dense).expect("dense rows are row-major"),
                click: &data.click[r.clone()],
                watch: &data.watch[r.clone()],
                finish: &data.finish[r.clone()],
            };
            out.extend(self.model.score(&self.params, &batch).iter().map(|&s| s as f64));
            start = r.end;
        }
        out
    }
}

/// The batch order's generator: from the data seed, so every model sees the same batches.
fn batch_rng(seed: u64) -> SeedRng {
    seeded(seed ^ 0x3A7C_BA7C)
}

/// CTR, weighted CE and the two-task model trained in lockstep on one world.
pub struct WatchTrainer {
    config: WatchRaceConfig,
    data: WatchData,
    rates: WatchRates,
    pub runs: Vec<WatchRun>,
    step: usize,
    batches: BatchOrder<u32>,
    /// The batch: user, video, category; dense; click, watch, finish.
    rows: BatchRows<3, 3>,
}

impl WatchTrainer {
    /// Validates the config, generates the world and initialises every model
    /// (output biases at the training data's base rates).
    pub fn new(config: WatchRaceConfig) -> Result<Self> {
        config.validate()?;
        let data = WatchData::generate(&config.data)?;
        Self::with_data(config, data)
    }

    /// As [`new`](Self::new) on an already generated world (`data.config`
    /// replaces `config.data`), so a caller can time or reuse the generation.
    pub fn with_data(mut config: WatchRaceConfig, data: WatchData) -> Result<Self> {
        config.data = data.config.clone();
        config.validate()?;
        let s = &data.stats;
        let finishes = data.finish[data.train()].iter().filter(|&&f| f > 0.5).count();
        let rates = WatchRates { ctr: s.ctr, finish: finishes as f64 / s.impressions as f64, weighted_odds: s.weighted_odds };
        let b = config.batch_size;
        let mut trainer = Self {
            batches: BatchOrder::new(0..config.data.train_samples as u32, batch_rng(config.data.seed)),
            rows: BatchRows::new(b, WATCH_DENSE),
            runs: Vec::new(),
            config,
            data,
            rates,
            step: 0,
        };
        trainer.restart();
        Ok(trainer)
    }

    /// Back to step 0: fresh models (the same initial weights), the same batch
    /// order from its start, empty records, then the step-0 record.
    pub fn restart(&mut self) {
        self.runs = self.config.models.iter().map(|&kind| WatchRun::new(kind, &self.config, &self.rates)).collect();
        self.batches = BatchOrder::new(0..self.config.data.train_samples as u32, batch_rng(self.config.data.seed));
        self.step = 0;
        self.record();
    }

    pub fn config(&self) -> &WatchRaceConfig {
        &self.config
    }
    pub fn data(&self) -> &WatchData {
        &self.data
    }
    pub fn base_rates(&self) -> WatchRates {
        self.rates
    }
    pub fn step_count(&self) -> usize {
        self.step
    }
    /// True once `config.steps` steps are done.
    pub fn finished(&self) -> bool {
        self.step >= self.config.steps
    }

    /// Takes `config`'s live setting, the click weight, where it differs.
    pub fn take_live(&mut self, config: &WatchRaceConfig) -> Result<()> {
        if config.click_weight != self.config.click_weight {
            self.set_click_weight(config.click_weight)?;
        }
        Ok(())
    }

    /// Changes the two-task model's `w` from the next step on (the live slider);
    /// its score mixes with the new `w` at once.
    pub fn set_click_weight(&mut self, w: f64) -> Result<()> {
        validate_click_weight(w)?;
        self.config.click_weight = w;
        self.runs.iter_mut().for_each(|r| r.model.set_click_weight(w));
        Ok(())
    }

    /// Trains up to `n` steps, never past `config.steps`; returns how many ran.
    /// The records these steps made are at the ends of the runs' `history`.
    pub fn step_n(&mut self, n: usize) -> usize {
        let todo = n.min(self.config.steps.saturating_sub(self.step));
        for _ in 0..todo {
            self.step();
        }
        todo
    }

    /// Trains to `config.steps`.
    pub fn run_to_end(&mut self) {
        self.step_n(usize::MAX);
    }

    /// One step for every model that has not diverged, on the same batch; a
    /// record every `record_every` steps and at the last step.
    pub fn step(&mut self) {
        self.next_batch();
        let ([user, video, category], [click, watch, finish]) = (&self.rows.ids, &self.rows.labels);
        let batch = WatchBatch { user, video, category, dense: self.rows.dense.view(), click, watch, finish };
        for run in self.runs.iter_mut().filter(|r| r.diverged_at.is_none()) {
            run.step(&batch, &self.config.optimizer, self.step);
        }
        self.step += 1;
        if self.step.is_multiple_of(self.config.record_every) || self.step == self.config.steps {
            self.record();
        }
    }

    /// Copies the next batch's rows; a new shuffled epoch starts when one ends.
    fn next_batch(&mut self) {
        let d = &self.data;
        let rows = self.batches.next(self.config.batch_size);
        self.rows.gather(rows, [&d.user, &d.video, &d.category], &d.dense, [&d.click, &d.watch, &d.finish]);
    }

    /// Scores every model on the whole test set and appends a snapshot.
    fn record(&mut self) {
        if self.runs.first().and_then(|r| r.latest()).is_some_and(|s| s.step == self.step) {
            return;
        }
        let metrics = self.evaluate_test();
        for (run, metrics) in self.runs.iter_mut().zip(metrics) {
            let train_loss = (run.loss_steps > 0).then(|| run.loss_sum / run.loss_steps as f64);
            run.loss_sum = 0.0;
            run.loss_steps = 0;
            run.history.push(WatchSnapshot { step: self.step, train_loss, metrics });
        }
    }

    /// Every model's metrics on the whole test set with its current parameters.
    pub fn evaluate_test(&mut self) -> Vec<WatchMetrics> {
        let (chunk, fraction) = (self.config.batch_size.max(1024), self.config.top_fraction);
        let data = &self.data;
        self.runs
            .iter_mut()
            .map(|run| {
                let scores = run.scores(data, data.test(), chunk);
                WatchMetrics::compute(run.kind, &scores, data, fraction)
            })
            .collect()
    }

    /// The trade-off chart's points: each model's latest (click share, watch share).
    pub fn tradeoff(&self) -> Vec<TradeoffPoint> {
        self.runs
            .iter()
            .filter_map(|r| {
                let m = &r.latest()?.metrics;
                Some(TradeoffPoint { model: r.kind, top_click_share: m.top_click_share, top_watch_share: m.top_watch_share })
            })
            .collect()
    }
}
