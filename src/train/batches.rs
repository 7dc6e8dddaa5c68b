//! The batch order both trainers share: a seeded shuffle of the training rows,
//! taken a batch at a time and reshuffled when an epoch runs out, so every model
//! in a race sees the same batches.

use crate::rng::SeedRng;
use ndarray::Array2;
use rand::seq::SliceRandom;

/// Row indices in a shuffled order, handed out a batch at a time.
#[derive(Debug)]
pub struct BatchOrder<T> {
    order: Vec<T>,
    cursor: usize,
    rng: SeedRng,
}

impl<T: Copy> BatchOrder<T> {
    /// `rows` in their given order; the first `next` shuffles them with `rng`.
    pub fn new(rows: impl IntoIterator<Item = T>, rng: SeedRng) -> Self {
        Self { order: rows.into_iter().collect(), cursor: usize::MAX, rng }
    }

    /// The next `batch` row indices; a new shuffled epoch starts when fewer remain.
    pub fn next(&mut self, batch: usize) -> &[T] {
        if self.cursor.saturating_add(batch) > self.order.len() {
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        self.cursor += batch;
        &self.order[self.cursor - batch..self.cursor]
    }

    /// The batch `next` will hand out, when the current epoch still holds it.
    pub fn peek(&self, batch: usize) -> Option<&[T]> {
        self.order.get(self.cursor..self.cursor.checked_add(batch)?)
    }
}

/// One batch's copy of a world's rows, for the worlds of ID features (the
/// funnel, watch time): `I` ID columns, the dense features (row-major, as wide
/// as the buffer) and `L` label columns, gathered at the batch's row indices.
/// Both trainers step on these buffers, so a warm step allocates nothing.
pub struct BatchRows<const I: usize, const L: usize> {
    pub ids: [Vec<u32>; I],
    /// `(batch, dense)`.
    pub dense: Array2<f32>,
    pub labels: [Vec<f32>; L],
}

impl<const I: usize, const L: usize> BatchRows<I, L> {
    /// Buffers for `batch` rows of `dense` dense features.
    pub fn new(batch: usize, dense: usize) -> Self {
        Self {
            ids: std::array::from_fn(|_| vec![0; batch]),
            dense: Array2::zeros((batch, dense)),
            labels: std::array::from_fn(|_| vec![0.0; batch]),
        }
    }

    /// Copies rows `rows` of the world's columns `ids`, `dense` and `labels`
    /// (in the buffer's order) into the batch's first `rows.len()` rows.
    pub fn gather(&mut self, rows: &[u32], ids: [&[u32]; I], dense: &[f32], labels: [&[f32]; L]) {
        let d = self.dense.ncols();
        let out = self.dense.as_slice_mut().expect("row-major");
        for (row, &i) in rows.iter().enumerate() {
            let i = i as usize;
            for (to, from) in self.ids.iter_mut().zip(ids) {
                to[row] = from[i];
            }
            out[row * d..(row + 1) * d].copy_from_slice(&dense[i * d..(i + 1) * d]);
            for (to, from) in self.labels.iter_mut().zip(labels) {
                to[row] = from[i];
            }
        }
    }
}
