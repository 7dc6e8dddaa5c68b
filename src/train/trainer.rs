//! The trainer: one data set, one batch order, several models in lockstep.
//!
//! Loss weights, the weighting strategy and the learning rate may change between
//! steps without a reset; changing the task correlation relabels task B and
//! training goes on.
//!
//! Order of a step: forward; per-task losses with the weights in force; backward
//! (task by task when probing the gradient cosine or under GradNorm, which needs
//! each task's gradient norm on the last shared layer); the weighting learns
//! from this step (uncertainty's `s_k`, GradNorm's `w_k`, for the next step);
//! then Adam updates the model with the gradient of the weights as they were.

use super::batches::BatchOrder;
use super::config::{validate_learning_rate, validate_loss_weights, RaceConfig, TASKS};
use super::eval::{evaluate, Evaluation, Snapshot};
use super::history;
use super::race::RunView;
use super::race_data::{RaceData, TaskLoss};
use super::weighting::{LossWeighting, TaskWeights, UncertaintyForm};
use crate::data::CorrelatedData;
use crate::error::Result;
use crate::models::{ModelKind, MultiTaskModel};
use crate::nn::loss::{bce_with_logits, mse};
use crate::nn::{Adam, AdamConfig};
use crate::rng::{seeded, SeedRng};
use ndarray::{Array2, ArrayView2};
use std::ops::Range;

/// One racing model with its parameters, optimiser state and record.
pub struct ModelRun {
    pub kind: ModelKind,
    model: Box<dyn MultiTaskModel<f32>>,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// Weighted gradient summed over tasks while probing task by task.
    grads_sum: Vec<f32>,
    /// Where the shared parameters sit.
    shared: Vec<Range<usize>>,
    /// Each task's gradient on the shared parameters, at probe steps.
    task_grads: Vec<Vec<f32>>,
    /// The weights of the last shared layer (GradNorm's `W`).
    last_shared: Vec<Range<usize>>,
    /// `‖∇_W L_k‖` per task, from the last per-task backward.
    task_norms: [f64; TASKS],
    /// The loss weights and what the weighting strategy has learned.
    weights: TaskWeights,
    /// Uncertainty weighting's form, by the tasks' loss.
    form: UncertaintyForm,
    adam: Adam<f32>,
    /// The cosine between the tasks' shared gradients at the last probe step.
    last_cosine: Option<f64>,
    /// The step at which the loss stopped being finite, if it did.
    pub diverged_at: Option<usize>,
    pub history: Vec<Snapshot>,
}

impl ModelRun {
    fn new(kind: ModelKind, config: &RaceConfig, dim: usize, loss: TaskLoss) -> Self {
        let model = kind.build::<f32>(&config.sizes, dim, TASKS);
        let n = model.num_params();
        let shared = model.shared();
        let shared_len = shared.iter().map(|r| r.len()).sum();
        let last_shared = model.last_shared();
        let form = loss.uncertainty_form();
        let weights = TaskWeights::new(config.weighting, &config.loss_weights, !last_shared.is_empty()).with_form(form);
        let mut run = Self {
            kind,
            model,
            params: vec![0.0; n],
            grads: vec![0.0; n],
            grads_sum: vec![0.0; n],
            task_grads: vec![vec![0.0; shared_len]; TASKS],
            shared,
            last_shared,
            task_norms: [0.0; TASKS],
            weights,
            form,
            adam: Adam::new(n),
            last_cosine: None,
            diverged_at: None,
            history: Vec::new(),
        };
        run.reset(config);
        run
    }

    /// Fresh initial weights (seeded per model kind, so a model starts the same
    /// whichever others race beside it), a fresh optimiser and fresh loss weighting.
    fn reset(&mut self, config: &RaceConfig) {
        let seed = config.init_seed.unwrap_or(config.data.seed);
        let mut rng = seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.kind as u64);
        self.model.init(&mut self.params, &mut rng);
        self.adam = Adam::new(self.params.len());
        self.weights = TaskWeights::new(config.weighting, &config.loss_weights, !self.last_shared.is_empty()).with_form(self.form);
        self.diverged_at = None;
        self.history.clear();
    }

    pub fn num_params(&self) -> usize {
        self.params.len()
    }

    /// The run as charts, summaries and reports read it.
    pub fn view(&self) -> RunView<'_, ModelKind, Snapshot> {
        RunView { kind: self.kind, params: self.num_params(), history: &self.history, diverged_at: self.diverged_at, stopped_at: None }
    }

    pub fn latest(&self) -> Option<&Snapshot> {
        self.history.last()
    }

    /// Evaluates on `x`, `y` in chunks of `chunk` rows, scored by `loss`.
    pub fn evaluate(&mut self, x: ArrayView2<'_, f32>, y: ArrayView2<'_, f32>, chunk: usize, loss: TaskLoss) -> Evaluation {
        evaluate(self.model.as_mut(), &self.params, x, y, chunk, loss)
    }

    /// The model's outputs (a logit or a value per task) on `x`, without
    /// measuring them; valid until the next call on this model.
    pub fn outputs(&mut self, x: ArrayView2<'_, f32>) -> ArrayView2<'_, f32> {
        self.model.forward(&self.params, x)
    }

    /// The loss weights and weighting state of this model.
    pub fn weights(&self) -> &TaskWeights {
        &self.weights
    }

    /// One training step on a batch with the weights in force. When `probe` (or
    /// under GradNorm) the backward runs task by task, recording the cosine
    /// between the tasks' shared gradients and their norms on the last shared
    /// layer. `dout` and `dtask` are `(batch, tasks)` scratch.
    fn step(&mut self, batch: Batch<'_>, adam: &AdamConfig, probe: bool, step: usize) {
        let Batch { x, y, loss, dout, dtask } = batch;
        let weights = self.weights.current();
        let per_task = probe || self.weights.needs_task_norms();
        let out = self.model.forward(&self.params, x);
        let (mut total, mut losses) = (0.0f64, [0.0f64; TASKS]);
        for k in 0..TASKS {
            // per-task gradients stay unweighted; the weights are applied when summing
            let scale = if per_task { 1.0 } else { weights[k] as f32 };
            losses[k] = match loss {
                TaskLoss::Mse => mse(out.column(k), y.column(k), scale, dout.column_mut(k)),
                TaskLoss::Bce => bce_with_logits(out.column(k), y.column(k), scale, dout.column_mut(k)),
            } as f64;
            total += weights[k] * losses[k];
        }
        if !total.is_finite() || total > DIVERGED_LOSS {
            self.diverged_at = Some(step);
            return;
        }
        if per_task {
            self.last_cosine = self.backward_per_task(dout, dtask, &weights);
        } else {
            self.grads.fill(0.0);
            self.model.backward(&self.params, &mut self.grads, dout.view());
        }
        // the weighting learns from this step; the model update below still uses `weights`
        self.weights.update(&losses, &self.task_norms, adam);
        self.adam.update(adam, &mut self.params, &self.grads);
    }

    /// Backward once per task (`dout` holds unweighted per-task gradients),
    /// keeping each task's shared-parameter gradient and its norm `‖∇_W L_k‖` on
    /// the last shared layer, then sums `grads = Σ_k w_k·∇L_k`: the same update as
    /// one weighted backward. Returns the cosine between the shared gradients.
    fn backward_per_task(&mut self, dout: &Array2<f32>, dtask: &mut Array2<f32>, weights: &[f64]) -> Option<f64> {
        self.grads_sum.fill(0.0);
        for (k, &weight) in weights.iter().enumerate().take(TASKS) {
            dtask.fill(0.0);
            dtask.column_mut(k).assign(&dout.column(k));
            self.grads.fill(0.0);
            self.model.backward(&self.params, &mut self.grads, dtask.view());
            let w = weight as f32;
            self.grads_sum.iter_mut().zip(&self.grads).for_each(|(s, &g)| *s += w * g);
            let shared = self.shared.iter().flat_map(|r| &self.grads[r.clone()]);
            self.task_grads[k].iter_mut().zip(shared).for_each(|(t, &g)| *t = g);
            let last = self.last_shared.iter().flat_map(|r| &self.grads[r.clone()]);
            self.task_norms[k] = last.map(|&g| g as f64 * g as f64).sum::<f64>().sqrt();
        }
        std::mem::swap(&mut self.grads, &mut self.grads_sum);
        cosine(&self.task_grads[0], &self.task_grads[1])
    }
}

/// A batch and the scratch the step writes gradients into.
struct Batch<'a> {
    x: ArrayView2<'a, f32>,
    y: ArrayView2<'a, f32>,
    loss: TaskLoss,
    dout: &'a mut Array2<f32>,
    dtask: &'a mut Array2<f32>,
}

/// A weighted batch loss above this counts as diverged (labels are O(1)).
pub const DIVERGED_LOSS: f64 = 1e8;

/// cos(a, b); `None` when either is zero or empty.
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f64> {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (x as f64, y as f64);
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    (aa > 0.0 && bb > 0.0).then(|| ab / (aa * bb).sqrt())
}

/// The batch order's generator: drawn from the data seed, so every model in a
/// race, and every race from that seed, sees the same batches.
fn batch_rng(seed: u64) -> SeedRng {
    seeded(seed ^ 0x0BA7_C4E5)
}

/// Several models trained in lockstep on the same batches of `D`'s rows (by
/// default the correlated tasks).
pub struct Trainer<D: RaceData = CorrelatedData> {
    config: RaceConfig,
    data: D,
    pub runs: Vec<ModelRun>,
    step: usize,
    batches: BatchOrder<usize>,
    xb: Array2<f32>,
    yb: Array2<f32>,
    dout: Array2<f32>,
    dtask: Array2<f32>,
}

impl Trainer {
    /// Validates the config, generates the correlated tasks and initialises every model.
    pub fn new(config: RaceConfig) -> Result<Self> {
        config.validate()?;
        let data = CorrelatedData::generate(&config.data)?;
        Ok(Self::with_data(config, data))
    }

    pub fn data(&self) -> &CorrelatedData {
        &self.data
    }

    /// Moves task B to correlation `p`; the models keep training on the new labels.
    pub fn set_task_correlation(&mut self, p: f64) -> Result<()> {
        self.data.set_task_correlation(p)?;
        self.config.data.task_correlation = p;
        Ok(())
    }

    /// Takes `config`'s live settings ([`params::live_config`](super::params::live_config))
    /// where they differ from the race's: the task correlation, then what every
    /// race takes ([`Trainer::take_live_weights`]).
    pub fn take_live(&mut self, config: &RaceConfig) -> Result<()> {
        if config.data.task_correlation != self.config.data.task_correlation {
            self.set_task_correlation(config.data.task_correlation)?;
        }
        self.take_live_weights(config)
    }

    /// Evaluates every model on the whole test set (final metrics).
    pub fn evaluate_test(&mut self) -> Vec<Evaluation> {
        let chunk = self.config.batch_size;
        let (x, y) = (self.data.test_x(), self.data.test_y());
        self.runs.iter_mut().map(|r| r.evaluate(x, y, chunk, TaskLoss::Mse)).collect()
    }
}

impl<D: RaceData> Trainer<D> {
    /// Initialises every model of a validated `config` on `data`. The data seed
    /// (`config.data.seed`) seeds the batch order and, unless `init_seed` is
    /// set, the models' initial weights; the data's own settings are `data`'s.
    pub fn with_data(config: RaceConfig, data: D) -> Self {
        let dim = data.dim();
        let runs = config.models.iter().map(|&kind| ModelRun::new(kind, &config, dim, data.loss())).collect();
        let (b, d) = (config.batch_size, dim);
        let mut trainer = Self {
            batches: BatchOrder::new(0..data.train_len(), batch_rng(config.data.seed)),
            xb: Array2::zeros((b, d)),
            yb: Array2::zeros((b, TASKS)),
            dout: Array2::zeros((b, TASKS)),
            dtask: Array2::zeros((b, TASKS)),
            config,
            data,
            runs,
            step: 0,
        };
        trainer.record();
        trainer
    }

    pub fn config(&self) -> &RaceConfig {
        &self.config
    }
    /// The rows this race trains on.
    pub fn race_data(&self) -> &D {
        &self.data
    }
    /// The rows and the racing models at once (to measure the models on rows
    /// of the data).
    pub fn data_and_runs(&mut self) -> (&D, &mut [ModelRun]) {
        (&self.data, &mut self.runs)
    }
    pub fn step_count(&self) -> usize {
        self.step
    }

    /// Trains every model for `steps` steps on the same batches.
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            self.step();
        }
    }

    /// One step for every model that has not diverged.
    pub fn step(&mut self) {
        self.next_batch();
        let record = (self.step + 1).is_multiple_of(self.config.record_every);
        let loss = self.data.loss();
        for run in self.runs.iter_mut().filter(|r| r.diverged_at.is_none()) {
            let batch = Batch { x: self.xb.view(), y: self.yb.view(), loss, dout: &mut self.dout, dtask: &mut self.dtask };
            run.step(batch, &self.config.optimizer, record, self.step);
        }
        self.step += 1;
        if record {
            self.record();
            // a long race keeps its older records thinned (history.rs)
            let every = self.config.record_every;
            for run in &mut self.runs {
                history::thin(&mut run.history, every, |s| s.step);
            }
        }
    }

    /// Copies the next batch's rows; a new shuffled epoch starts when one ends.
    fn next_batch(&mut self) {
        let b = self.config.batch_size;
        let (xb, yb) = (self.xb.as_slice_mut().expect("row-major"), self.yb.as_slice_mut().expect("row-major"));
        self.data.fill_train(self.batches.next(b), xb, yb);
        // Ask for the next batch's rows now, so they arrive while this step computes.
        if let Some(next) = self.batches.peek(b) {
            self.data.prefetch_train(next);
        }
    }

    /// Appends a snapshot to every live model's history; the gradient cosine is
    /// the one probed on this step's batch (none at step 0).
    fn record(&mut self) {
        let (chunk, loss) = (self.config.batch_size, self.data.loss());
        let (train_x, train_y) = self.data.train_sample(self.config.eval_samples);
        let (test_x, test_y) = self.data.held_out_sample(self.config.eval_samples);
        for run in self.runs.iter_mut().filter(|r| r.diverged_at.is_none()) {
            let train = run.evaluate(train_x, train_y, chunk, loss);
            let test = run.evaluate(test_x, test_y, chunk, loss);
            let grad_cosine = if self.step == 0 { None } else { run.last_cosine };
            run.history.push(Snapshot {
                step: self.step,
                train_loss: train.loss,
                test_loss: test.loss,
                test_auc: test.auc,
                gates: test.gates,
                grad_cosine,
                mtl_gain: None,
                loss_weights: run.weights.current().to_vec(),
                weighting: run.weights.applied(),
                uncertainty: run.weights.uncertainty(),
                grad_norm: run.weights.grad_norm(),
            });
        }
        let baseline = self.runs.iter().find(|r| r.kind == ModelKind::Single && r.diverged_at.is_none());
        let Some(base) = baseline.and_then(|r| r.latest()).map(|s| s.test_loss.clone()) else { return };
        for run in self.runs.iter_mut().filter(|r| r.kind != ModelKind::Single && r.diverged_at.is_none()) {
            if let Some(snap) = run.history.last_mut() {
                snap.mtl_gain = Some(base.iter().zip(&snap.test_loss).map(|(b, l)| b - l).collect());
            }
        }
    }

    /// New fixed loss weights from the next step on. Under uncertainty weighting
    /// or GradNorm they take effect only on a switch back to fixed weights, or as
    /// GradNorm's starting weights the next time it starts.
    pub fn set_loss_weights(&mut self, weights: &[f64]) -> Result<()> {
        validate_loss_weights(weights)?;
        self.config.loss_weights = weights.to_vec();
        self.runs.iter_mut().for_each(|r| r.weights.set_fixed(weights));
        Ok(())
    }

    /// A new weighting strategy from the next step on, without a reset: the
    /// models, their optimisers, the step count and the history go on. Switching
    /// to another kind starts its state fresh (uncertainty from `s_k = 0`;
    /// GradNorm from `loss_weights` rescaled to `Σ w = T`, `L(0)` taken at the
    /// first step after the switch); the same kind with a new α or lr keeps it.
    pub fn set_weighting(&mut self, weighting: LossWeighting) -> Result<()> {
        weighting.validate()?;
        self.config.weighting = weighting;
        self.runs.iter_mut().for_each(|r| r.weights.set_strategy(weighting));
        Ok(())
    }

    /// Takes `config`'s loss weights, weighting and learning rate where they
    /// differ from the race's, from the next step on (the live settings of a
    /// race on any rows; the correlated tasks' `take_live` adds `p`).
    pub fn take_live_weights(&mut self, config: &RaceConfig) -> Result<()> {
        if config.loss_weights != self.config.loss_weights {
            self.set_loss_weights(&config.loss_weights)?;
        }
        if config.weighting != self.config.weighting {
            self.set_weighting(config.weighting)?;
        }
        if config.optimizer.lr != self.config.optimizer.lr {
            self.set_learning_rate(config.optimizer.lr)?;
        }
        Ok(())
    }

    /// A new learning rate from the next step on (Adam's moments are kept).
    pub fn set_learning_rate(&mut self, lr: f64) -> Result<()> {
        validate_learning_rate(lr)?;
        self.config.optimizer.lr = lr;
        Ok(())
    }

    /// Re-initialises every model and restarts the step count and batch order.
    pub fn reset_models(&mut self) {
        for run in &mut self.runs {
            run.reset(&self.config);
        }
        self.step = 0;
        self.batches = BatchOrder::new(0..self.data.train_len(), batch_rng(self.config.data.seed));
        self.record();
    }
}
