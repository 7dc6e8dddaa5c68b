//! A race on a student's own table (issue 14): the encoded table as the
//! trainer's [`RaceData`], two binary labels scored with BCE, and the final
//! metrics on the held-out test split.
//!
//! The records (the live charts) measure on the first `eval_samples` rows of
//! the training and validation splits, expanded to dense inputs once; the
//! test split is kept for the end, and measured a chunk at a time, so a
//! 300,000-row file never needs its one-hot inputs in memory at once.

use super::auc::auc;
use super::race_data::{RaceData, TaskLoss};
use super::{RaceConfig, Trainer};
use crate::data::table::{Encoded, Split};
use crate::models::ModelKind;
use crate::nn::loss::bce_with_logits_value;
use ndarray::{s, Array2, ArrayView2};
use serde::Serialize;

/// Rows measured per chunk at the end.
const CHUNK: usize = 1024;

/// An encoded table ready to race on.
pub struct TableRace {
    encoded: Encoded,
    train_eval: (Array2<f32>, Array2<f32>),
    validation_eval: (Array2<f32>, Array2<f32>),
}

impl TableRace {
    /// `encoded` with the dense copies of its first `eval_samples` training and
    /// validation rows, which every record measures.
    pub fn new(encoded: Encoded, eval_samples: usize) -> Self {
        let dense = |split: &Split| {
            let n = eval_samples.min(split.len());
            let mut x = Array2::zeros((n, encoded.dim));
            split.fill_rows(0..n, x.as_slice_mut().expect("row-major"));
            (x, split.labels().slice(s![..n, ..]).to_owned())
        };
        let (train_eval, validation_eval) = (dense(&encoded.train), dense(&encoded.validation));
        Self { encoded, train_eval, validation_eval }
    }

    pub fn encoded(&self) -> &Encoded {
        &self.encoded
    }
}

impl RaceData for TableRace {
    fn dim(&self) -> usize {
        self.encoded.dim
    }
    fn train_len(&self) -> usize {
        self.encoded.train.len()
    }
    fn fill_train(&self, rows: &[usize], x: &mut [f32], y: &mut [f32]) {
        self.encoded.train.fill_x(rows, x);
        let labels = self.encoded.train.labels();
        let t = labels.ncols();
        for (row, &i) in rows.iter().enumerate() {
            y[row * t..(row + 1) * t].iter_mut().zip(labels.row(i)).for_each(|(out, &v)| *out = v);
        }
    }
    fn train_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>) {
        let (x, y) = &self.train_eval;
        let n = n.min(x.nrows());
        (x.slice(s![..n, ..]), y.slice(s![..n, ..]))
    }
    fn held_out_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>) {
        let (x, y) = &self.validation_eval;
        let n = n.min(x.nrows());
        (x.slice(s![..n, ..]), y.slice(s![..n, ..]))
    }
    fn loss(&self) -> TaskLoss {
        TaskLoss::Bce
    }
}

/// One model's final metrics on a whole split.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SplitMetrics {
    pub model: ModelKind,
    /// Per-task BCE.
    pub loss: Vec<f64>,
    /// Per-task AUC (`None` for a task whose rows in the split hold one class).
    pub auc: Vec<Option<f64>>,
    /// Per task: the model gives every row of the split the same score, so its
    /// AUC is 0.5 by ties alone. The ReLU units that feed the task's output
    /// died in training (a 2-unit shared bottom can; so can a tower), and
    /// what is left is the output's bias.
    pub one_score: Vec<bool>,
    pub diverged_at: Option<usize>,
}

/// A race of `config`'s models on `table`. A batch larger than the training
/// split is the whole split (full-batch steps): a small file trains rather than
/// asking the batch order for more rows than it holds.
pub fn table_trainer(mut config: RaceConfig, table: TableRace) -> Trainer<TableRace> {
    config.batch_size = config.batch_size.min(table.train_len().max(1));
    Trainer::with_data(config, table)
}

/// Every model's loss and AUC on the whole of `split` (the test split at the
/// end of a race), a chunk of rows at a time.
pub fn split_metrics(trainer: &mut Trainer<TableRace>, which: SplitName) -> Vec<SplitMetrics> {
    let (table, runs) = trainer.data_and_runs();
    let encoded = &table.encoded;
    let split = which.of(encoded);
    let (n, dim) = (split.len(), encoded.dim);
    let labels = split.labels();
    let tasks = labels.ncols();
    let mut x = Array2::<f32>::zeros((CHUNK.min(n.max(1)), dim));
    // every model's logits, filled a chunk at a time (the inputs are expanded once per chunk)
    let mut scores: Vec<Vec<Vec<f64>>> = runs.iter().map(|_| vec![Vec::with_capacity(n); tasks]).collect();
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        let rows = end - start;
        split.fill_rows(start..end, &mut x.as_slice_mut().expect("row-major")[..rows * dim]);
        let chunk = x.slice(s![..rows, ..]);
        for (run, scores) in runs.iter_mut().zip(&mut scores) {
            let out = run.outputs(chunk);
            for (k, task) in scores.iter_mut().enumerate() {
                task.extend(out.column(k).iter().map(|&z| z as f64));
            }
        }
        start = end;
    }
    runs.iter()
        .zip(&scores)
        .map(|(run, scores)| {
            let mut loss = Vec::with_capacity(tasks);
            let mut aucs = Vec::with_capacity(tasks);
            let mut one_score = Vec::with_capacity(tasks);
            for (k, task) in scores.iter().enumerate() {
                one_score.push(task.windows(2).all(|w| w[0] == w[1]));
                let logits = ndarray::ArrayView1::from(task.as_slice());
                let targets: Vec<f64> = labels.column(k).iter().map(|&v| v as f64).collect();
                loss.push(bce_with_logits_value(logits, ndarray::ArrayView1::from(targets.as_slice())));
                aucs.push(auc(task, &targets.iter().map(|&v| v > 0.5).collect::<Vec<_>>()));
            }
            SplitMetrics { model: run.kind, loss, auc: aucs, one_score, diverged_at: run.diverged_at }
        })
        .collect()
}

/// Which split [`split_metrics`] measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitName {
    Validation,
    Test,
}

impl SplitName {
    fn of(self, encoded: &Encoded) -> &Split {
        match self {
            SplitName::Validation => &encoded.validation,
            SplitName::Test => &encoded.test,
        }
    }
}
