//! Flat parameter storage: a model lays its tensors out one after another in a
//! single vector, so the optimiser is one loop and "the shared parameters" is one
//! contiguous range. Also the grow-only activation buffer layers write into.

use crate::float::Float;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2};
use std::ops::Range;

/// Where one (rows, cols) tensor sits in a model's flat parameter vector,
/// stored row-major.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub offset: usize,
    pub rows: usize,
    pub cols: usize,
}

impl Slot {
    pub fn len(&self) -> usize {
        self.rows * self.cols
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn range(&self) -> Range<usize> {
        self.offset..self.offset + self.len()
    }
    /// The tensor as a (rows, cols) view into `flat`.
    pub fn view<'a, F: Float>(&self, flat: &'a [F]) -> ArrayView2<'a, F> {
        ArrayView2::from_shape((self.rows, self.cols), &flat[self.range()]).expect("slot lies inside the parameter vector")
    }
    /// The tensor as a mutable (rows, cols) view into `flat`.
    pub fn view_mut<'a, F: Float>(&self, flat: &'a mut [F]) -> ArrayViewMut2<'a, F> {
        ArrayViewMut2::from_shape((self.rows, self.cols), &mut flat[self.range()]).expect("slot lies inside the parameter vector")
    }
}

/// Hands out consecutive slots while a model is built.
#[derive(Debug, Default)]
pub struct ParamLayout {
    len: usize,
}

impl ParamLayout {
    pub fn new() -> Self {
        Self::default()
    }
    /// Reserves a (rows, cols) tensor after everything reserved so far.
    pub fn alloc(&mut self, rows: usize, cols: usize) -> Slot {
        let slot = Slot { offset: self.len, rows, cols };
        self.len += rows * cols;
        slot
    }
    /// How many parameters have been reserved: also the next slot's offset.
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A grow-only (rows, cols) activation buffer: it reallocates only when a batch
/// larger than any before arrives, and hands out views of the rows in use.
#[derive(Clone, Debug)]
pub struct Buffer<F> {
    data: Array2<F>,
    rows: usize,
}

impl<F: Float> Buffer<F> {
    pub fn new(cols: usize) -> Self {
        Self { data: Array2::zeros((0, cols)), rows: 0 }
    }
    /// Makes `rows` rows available (contents unspecified) and returns them.
    pub fn resize(&mut self, rows: usize) -> ArrayViewMut2<'_, F> {
        if rows > self.data.nrows() {
            self.data = Array2::zeros((rows, self.data.ncols()));
        }
        self.rows = rows;
        self.data.slice_mut(s![..rows, ..])
    }
    pub fn view(&self) -> ArrayView2<'_, F> {
        self.data.slice(s![..self.rows, ..])
    }
    pub fn view_mut(&mut self) -> ArrayViewMut2<'_, F> {
        self.data.slice_mut(s![..self.rows, ..])
    }
    /// The rows in use as one row-major slice.
    pub fn as_slice(&self) -> &[F] {
        let len = self.rows * self.cols();
        &self.data.as_slice().expect("a buffer is always in standard layout")[..len]
    }
    /// The rows in use as one mutable row-major slice.
    pub fn as_slice_mut(&mut self) -> &mut [F] {
        let len = self.rows * self.cols();
        &mut self.data.as_slice_mut().expect("a buffer is always in standard layout")[..len]
    }
    pub fn rows(&self) -> usize {
        self.rows
    }
    pub fn cols(&self) -> usize {
        self.data.ncols()
    }
}
