//! One split's rows (training, validation or test), encoded and stored compactly:
//! a block of standardised numeric inputs and, per categorical column, the index of
//! the one input its one-hot sets. A batch is written out dense only when asked
//! ([`Split::fill_x`]): 300,000 rows × 500 one-hot inputs would be 600 MB dense,
//! and 300,000 × (numeric inputs + categorical columns) × 4 bytes stored.

use ndarray::{Array2, ArrayView2};
use std::ops::Range;

/// The encoded rows of one split. Made by [`super::encode()`].
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// Each row's index among the table's data rows (in file order).
    source: Vec<usize>,
    /// Inputs per row: `numeric_width` numeric ones, then the one-hot ones.
    dim: usize,
    /// `(n, numeric_width)`, row-major: standardised values and missing indicators.
    numeric: Vec<f32>,
    numeric_width: usize,
    /// `(n, hot_width)`, row-major: the input index set to 1 for each categorical column.
    hot: Vec<u32>,
    hot_width: usize,
    /// `(n, 2)`: each task's label, 0 or 1.
    labels: Array2<f32>,
}

impl Split {
    pub(crate) fn new(source: Vec<usize>, dim: usize, numeric_width: usize, hot_width: usize) -> Self {
        let n = source.len();
        Self {
            source,
            dim,
            numeric: Vec::with_capacity(n * numeric_width),
            numeric_width,
            hot: Vec::with_capacity(n * hot_width),
            hot_width,
            labels: Array2::zeros((n, 2)),
        }
    }

    /// Appends the next row's numeric inputs and one-hot indices (in row order).
    pub(crate) fn push(&mut self, numeric: &[f32], hot: &[u32]) {
        self.numeric.extend_from_slice(numeric);
        self.hot.extend_from_slice(hot);
    }

    pub(crate) fn set_label(&mut self, row: usize, task: usize, label: bool) {
        self.labels[[row, task]] = f32::from(u8::from(label));
    }

    pub fn len(&self) -> usize {
        self.source.len()
    }

    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }

    /// Inputs per row.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Each row's index among the table's data rows (0 = the first row after the header).
    pub fn source_rows(&self) -> &[usize] {
        &self.source
    }

    /// Labels `(n, 2)` of 0/1: column 0 the first label, column 1 the second.
    pub fn labels(&self) -> ArrayView2<'_, f32> {
        self.labels.view()
    }

    /// Writes rows `rows` (indices into this split) dense into `out`
    /// (`rows.len() × dim`, row-major): the numeric inputs, then the one-hot ones.
    /// Every element is written, zeros included; nothing is allocated.
    ///
    /// # Panics
    /// If `out.len() != rows.len() * dim` or a row is out of range.
    pub fn fill_x(&self, rows: &[usize], out: &mut [f32]) {
        assert_eq!(out.len(), rows.len() * self.dim, "fill_x: out holds {} values, not {} rows × {}", out.len(), rows.len(), self.dim);
        for (&row, x) in rows.iter().zip(out.chunks_exact_mut(self.dim)) {
            self.fill_row(row, x);
        }
    }

    /// [`Split::fill_x`] for the consecutive rows `range`.
    pub fn fill_rows(&self, range: Range<usize>, out: &mut [f32]) {
        assert_eq!(out.len(), range.len() * self.dim, "fill_rows: out holds {} values, not {} rows × {}", out.len(), range.len(), self.dim);
        for (row, x) in range.zip(out.chunks_exact_mut(self.dim)) {
            self.fill_row(row, x);
        }
    }

    fn fill_row(&self, row: usize, x: &mut [f32]) {
        let (numeric, hot) = x.split_at_mut(self.numeric_width);
        numeric.copy_from_slice(&self.numeric[row * self.numeric_width..(row + 1) * self.numeric_width]);
        hot.fill(0.0);
        for &slot in &self.hot[row * self.hot_width..(row + 1) * self.hot_width] {
            x[slot as usize] = 1.0;
        }
    }
}
