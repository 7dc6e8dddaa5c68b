//! The batch order both trainers share: a seeded shuffle of the training rows,
//! taken a batch at a time and reshuffled when an epoch runs out, so every model
//! in a race sees the same batches.

use crate::rng::SeedRng;
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
