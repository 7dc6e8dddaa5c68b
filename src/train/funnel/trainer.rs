//! The funnel trainer: one generated funnel, one batch order, the Table 2
//! models in lockstep. Each model learns from the same batches through its own
//! objective (BASE's CVR net from the batch's clicked rows only), is scored at
//! every record on a fixed test subset, and is early-stopped on held-out
//! training data, keeping each part's best parameters for the final test.

use super::config::FunnelRaceConfig;
use super::metrics::{objectives, FunnelMetrics, Predictions};
use crate::data::FunnelData;
use crate::error::Result;
use crate::models::funnel::{BaseRates, FunnelBatch, FunnelInputShape, FunnelKind, FunnelModel, PCTCVR, PCTR, PCVR};
use crate::nn::{Adam, AdamConfig};
use crate::rng::{seeded, SeedRng};
use crate::train::batches::{BatchOrder, BatchRows};
use crate::train::race::RunView;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One model's record at one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FunnelSnapshot {
    pub step: usize,
    /// Mean training-batch loss per part since the previous record (empty at step 0).
    pub train_loss: Vec<f64>,
    /// Each part's objective on the validation rows (held-out training data).
    pub validation_loss: Vec<f64>,
    /// Metrics of the current parameters on the fixed test subset.
    pub metrics: FunnelMetrics,
    /// Whether early stopping has stopped this model.
    pub stopped: bool,
}

/// A racing model with its parameters, best parameters, optimiser and record.
pub struct FunnelRun {
    pub kind: FunnelKind,
    model: Box<dyn FunnelModel<f32>>,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// Each part's parameters at its lowest validation loss so far.
    best: Vec<f32>,
    parts: Vec<Range<usize>>,
    best_loss: Vec<f64>,
    /// The step at which each part's validation loss was lowest.
    pub best_step: Vec<usize>,
    /// Records since any part last improved.
    stale: usize,
    adam: Adam<f32>,
    loss_sum: [f64; 2],
    loss_steps: usize,
    /// The step at which early stopping stopped this model, if it did.
    pub stopped_at: Option<usize>,
    /// The step at which the loss stopped being finite, if it did.
    pub diverged_at: Option<usize>,
    pub history: Vec<FunnelSnapshot>,
}

impl FunnelRun {
    fn new(kind: FunnelKind, config: &FunnelRaceConfig, rates: &BaseRates) -> Self {
        let model = kind.build::<f32>(&FunnelInputShape::from(&config.data), &config.sizes);
        let n = model.num_params();
        let parts = model.parts();
        let mut params = vec![0.0; n];
        let seed = config.init_seed.unwrap_or(config.data.seed);
        let mut rng = seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (0xE5 + kind as u64));
        model.init(&mut params, &mut rng, rates);
        Self {
            kind,
            best: params.clone(),
            best_loss: vec![f64::INFINITY; parts.len()],
            best_step: vec![0; parts.len()],
            parts,
            model,
            params,
            grads: vec![0.0; n],
            stale: 0,
            adam: Adam::new(n),
            loss_sum: [0.0; 2],
            loss_steps: 0,
            stopped_at: None,
            diverged_at: None,
            history: Vec::new(),
        }
    }

    pub fn num_params(&self) -> usize {
        self.params.len()
    }
    /// The run as charts, summaries and reports read it.
    pub fn view(&self) -> RunView<'_, FunnelKind, FunnelSnapshot> {
        let (kind, params, history) = (self.kind, self.num_params(), &self.history[..]);
        RunView { kind, params, history, diverged_at: self.diverged_at, stopped_at: self.stopped_at }
    }
    pub fn latest(&self) -> Option<&FunnelSnapshot> {
        self.history.last()
    }
    fn training(&self) -> bool {
        self.stopped_at.is_none() && self.diverged_at.is_none()
    }

    fn step(&mut self, batch: &FunnelBatch<'_, f32>, adam: &AdamConfig, step: usize) {
        self.grads.fill(0.0);
        let losses = self.model.train(&self.params, &mut self.grads, batch);
        if !losses.iter().all(|l| l.is_finite()) {
            self.diverged_at = Some(step);
            return;
        }
        self.loss_sum.iter_mut().zip(losses).for_each(|(s, l)| *s += l);
        self.loss_steps += 1;
        self.adam.update(adam, &mut self.params, &self.grads);
    }

    /// pCTR, pCVR, pCTCVR over `rows` with `params`, in chunks of `chunk` rows.
    fn predict(&mut self, data: &FunnelData, rows: Range<usize>, chunk: usize, use_best: bool) -> Predictions {
        let mut pred = Predictions {
            pctr: Vec::with_capacity(rows.len()),
            pcvr: Vec::with_capacity(rows.len()),
            pctcvr: Vec::with_capacity(rows.len()),
        };
        let params = if use_best { &self.best } else { &self.params };
        let d = data.dense_features();
        let mut start = rows.start;
        while start < rows.end {
            let r = start..(start + chunk).min(rows.end);
            let batch = FunnelBatch {
                user: &data.user[r.clone()],
                item: &data.item[r.clone()],
                category: &data.category[r.clone()],
                dense: ArrayView2::from_shape((r.len(), d), &data.dense[r.start * d..r.end * d]).expect("dense rows are row-major"),
                click: &data.click[r.clone()],
                ctcvr: &data.ctcvr[r.clone()],
            };
            let out = self.model.predict(params, &batch);
            for row in out.rows() {
                pred.pctr.push(row[PCTR] as f64);
                pred.pcvr.push(row[PCVR] as f64);
                pred.pctcvr.push(row[PCTCVR] as f64);
            }
            start = r.end;
        }
        pred
    }
}

/// The batch order's generator: from the data seed, so every model sees the same batches.
fn batch_rng(seed: u64) -> SeedRng {
    seeded(seed ^ 0xF0_BA7C)
}

/// The Table 2 models trained in lockstep on the same funnel.
pub struct FunnelTrainer {
    config: FunnelRaceConfig,
    data: FunnelData,
    rates: BaseRates,
    pub runs: Vec<FunnelRun>,
    step: usize,
    batches: BatchOrder<u32>,
    /// The batch: user, item, category; dense; click, ctcvr.
    rows: BatchRows<3, 2>,
}

impl FunnelTrainer {
    /// Validates the config, generates the funnel and initialises every model
    /// (output biases at the training data's base-rate logits).
    pub fn new(config: FunnelRaceConfig) -> Result<Self> {
        config.validate()?;
        let data = FunnelData::generate(&config.data)?;
        Self::with_data(config, data)
    }

    /// As [`new`](Self::new) on an already generated funnel (`data.config`
    /// replaces `config.data`), so a caller can time or reuse the generation.
    pub fn with_data(mut config: FunnelRaceConfig, data: FunnelData) -> Result<Self> {
        config.data = data.config.clone();
        config.validate()?;
        let s = &data.stats;
        let rates = BaseRates { ctr: s.ctr, cvr: s.cvr_clicked, ctcvr: s.conversions as f64 / config.data.train_samples as f64 };
        let runs = config.models.iter().map(|&kind| FunnelRun::new(kind, &config, &rates)).collect();
        let b = config.batch_size;
        let mut trainer = Self {
            batches: BatchOrder::new(0..config.data.train_samples as u32, batch_rng(config.data.seed)),
            rows: BatchRows::new(b, config.data.dense_features),
            config,
            data,
            rates,
            runs,
            step: 0,
        };
        trainer.record();
        Ok(trainer)
    }

    pub fn config(&self) -> &FunnelRaceConfig {
        &self.config
    }
    pub fn data(&self) -> &FunnelData {
        &self.data
    }
    pub fn base_rates(&self) -> BaseRates {
        self.rates
    }
    pub fn step_count(&self) -> usize {
        self.step
    }
    /// True once every model has stopped early or diverged.
    pub fn finished(&self) -> bool {
        self.runs.iter().all(|r| !r.training())
    }

    /// Trains for up to `steps` steps, returning early once [`finished`](Self::finished).
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            if self.finished() {
                break;
            }
            self.step();
        }
    }

    /// One step for every model still training, on the same batch.
    pub fn step(&mut self) {
        self.next_batch();
        let ([user, item, category], [click, ctcvr]) = (&self.rows.ids, &self.rows.labels);
        let batch = FunnelBatch { user, item, category, dense: self.rows.dense.view(), click, ctcvr };
        for run in self.runs.iter_mut().filter(|r| r.training()) {
            run.step(&batch, &self.config.optimizer, self.step);
        }
        self.step += 1;
        if self.step.is_multiple_of(self.config.record_every) {
            self.record();
        }
    }

    /// Copies the next batch's rows; a new shuffled epoch starts when one ends.
    fn next_batch(&mut self) {
        let d = &self.data;
        let rows = self.batches.next(self.config.batch_size);
        self.rows.gather(rows, [&d.user, &d.item, &d.category], &d.dense, [&d.click, &d.ctcvr]);
    }

    /// Scores every live model on the test subset, checks early stopping on the
    /// validation rows and appends a snapshot.
    fn record(&mut self) {
        let chunk = self.config.batch_size;
        let validation = self.data.validation();
        let test = self.data.test();
        let eval = test.start..test.start + self.config.eval_samples.min(test.len());
        let patience = self.config.patience;
        for run in self.runs.iter_mut().filter(|r| r.training()) {
            let pred = run.predict(&self.data, validation.clone(), chunk, false);
            let parts = run.parts.len();
            let validation_loss = objectives(run.kind, &pred, &self.data, validation.clone())[..parts].to_vec();
            let mut improved = false;
            for (k, &loss) in validation_loss.iter().enumerate() {
                if loss < run.best_loss[k] {
                    run.best_loss[k] = loss;
                    run.best_step[k] = self.step;
                    let range = run.parts[k].clone();
                    run.best[range.clone()].copy_from_slice(&run.params[range]);
                    improved = true;
                }
            }
            run.stale = if improved { 0 } else { run.stale + 1 };
            if patience > 0 && run.stale >= patience {
                run.stopped_at = Some(self.step);
            }
            let pred = run.predict(&self.data, eval.clone(), chunk, false);
            let steps = run.loss_steps.max(1) as f64;
            let train_loss = if run.loss_steps == 0 { Vec::new() } else { run.loss_sum[..parts].iter().map(|s| s / steps).collect() };
            run.loss_sum = [0.0; 2];
            run.loss_steps = 0;
            run.history.push(FunnelSnapshot {
                step: self.step,
                train_loss,
                validation_loss,
                metrics: FunnelMetrics::compute(&pred, &self.data, eval.clone()),
                stopped: run.stopped_at.is_some(),
            });
        }
    }

    /// Final metrics of every model on the whole test set, with each part's
    /// best parameters when early stopping is on (else the current ones).
    pub fn evaluate_test(&mut self) -> Vec<FunnelMetrics> {
        let chunk = self.config.batch_size;
        let test = self.data.test();
        let use_best = self.config.patience > 0;
        let data = &self.data;
        self.runs
            .iter_mut()
            .map(|run| {
                let pred = run.predict(data, test.clone(), chunk, use_best);
                FunnelMetrics::compute(&pred, data, test.clone())
            })
            .collect()
    }
}
