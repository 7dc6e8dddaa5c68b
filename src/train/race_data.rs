//! What a race trains on: the rows and the loss its towers are scored by.
//!
//! The correlated tasks hold every row as a dense matrix and score with MSE. A
//! student's own table (issue 14) is held compactly (categorical values as
//! ids, expanded to one-hot inputs a batch at a time) and scores two binary
//! labels with BCE on logits. The trainer sees only this trait.

use super::weighting::UncertaintyForm;
use crate::data::CorrelatedData;
use ndarray::{s, ArrayView2};
use serde::{Deserialize, Serialize};

/// How a tower's output is scored against its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskLoss {
    /// Mean squared error (regression).
    Mse,
    /// Binary cross-entropy on the tower's logit (a 0/1 label).
    Bce,
}

impl TaskLoss {
    /// Uncertainty weighting's likelihood for this loss: Gaussian for MSE,
    /// Bernoulli for BCE.
    pub fn uncertainty_form(self) -> UncertaintyForm {
        match self {
            TaskLoss::Mse => UncertaintyForm::Regression,
            TaskLoss::Bce => UncertaintyForm::Classification,
        }
    }
}

/// The rows a race trains and measures on.
pub trait RaceData {
    /// Inputs per row.
    fn dim(&self) -> usize;
    /// Rows in the training split.
    fn train_len(&self) -> usize;
    /// Writes training rows `rows` into `x` (`rows.len() × dim`) and their
    /// labels into `y` (`rows.len() × tasks`), every element.
    fn fill_train(&self, rows: &[usize], x: &mut [f32], y: &mut [f32]);
    /// Asks for the memory of the next batch's rows while this step computes
    /// (a batch's rows are scattered over the training set, so without it the
    /// copy waits on memory). Nothing by default.
    fn prefetch_train(&self, _rows: &[usize]) {}
    /// The first `n` training rows, which the records measure the training loss on.
    fn train_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>);
    /// The first `n` held-out rows, which the records measure the test loss on.
    fn held_out_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>);
    fn loss(&self) -> TaskLoss;
}

impl RaceData for CorrelatedData {
    fn dim(&self) -> usize {
        CorrelatedData::dim(self)
    }
    fn train_len(&self) -> usize {
        CorrelatedData::train_len(self)
    }
    fn fill_train(&self, rows: &[usize], x: &mut [f32], y: &mut [f32]) {
        let (d, t) = (self.dim(), self.train_y().ncols());
        let (xs, ys) = (self.train_x(), self.train_y());
        let (xs, ys) = (xs.as_slice().expect("x is row-major"), ys.as_slice().expect("y is row-major"));
        for (row, &i) in rows.iter().enumerate() {
            x[row * d..(row + 1) * d].copy_from_slice(&xs[i * d..(i + 1) * d]);
            y[row * t..(row + 1) * t].copy_from_slice(&ys[i * t..(i + 1) * t]);
        }
    }
    fn prefetch_train(&self, rows: &[usize]) {
        let (d, xs) = (self.dim(), self.train_x());
        let xs = xs.as_slice().expect("x is row-major");
        rows.iter().for_each(|&i| prefetch(&xs[i * d..(i + 1) * d]));
    }
    fn train_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>) {
        let (x, y) = (self.train_x(), self.train_y());
        let n = n.min(x.nrows());
        (x.slice_move(s![..n, ..]), y.slice_move(s![..n, ..]))
    }
    fn held_out_sample(&self, n: usize) -> (ArrayView2<'_, f32>, ArrayView2<'_, f32>) {
        let (x, y) = (self.test_x(), self.test_y());
        let n = n.min(x.nrows());
        (x.slice_move(s![..n, ..]), y.slice_move(s![..n, ..]))
    }
    fn loss(&self) -> TaskLoss {
        TaskLoss::Mse
    }
}

/// Hints the CPU to bring `row` into cache (x86-64; elsewhere nothing).
#[inline]
fn prefetch(row: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    for line in row.chunks(16) {
        // SAFETY: prefetching is a hint; it reads nothing and cannot fault.
        unsafe { std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(line.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = row;
}
