//! An embedding table: categorical IDs looked up as rows of a (vocab, dim)
//! tensor in the model's flat parameter vector.
//!
//! The backward pass scatters each row's gradient back into the rows that were
//! looked up (a sparse update into a dense gradient buffer); the optimiser then
//! runs plain dense Adam over the whole table, as PyTorch's `nn.Embedding` with
//! `sparse = false` does. Not here: hashing or bags of IDs.

use super::params::{ParamLayout, Slot};
use crate::float::Float;
use crate::rng::SeedRng;
use rand::RngExt;
use rand_distr::StandardNormal;

/// Lookup `y[b, ..] = E[ids[b], ..]` with `E: (vocab, dim)`.
#[derive(Clone, Debug)]
pub struct Embedding {
    pub table: Slot,
    /// IDs of the last forward, which backward scatters into.
    ids: Vec<u32>,
}

impl Embedding {
    pub fn new(layout: &mut ParamLayout, vocab: usize, dim: usize) -> Self {
        Self { table: layout.alloc(vocab, dim), ids: Vec::new() }
    }

    pub fn vocab(&self) -> usize {
        self.table.rows
    }
    pub fn dim(&self) -> usize {
        self.table.cols
    }

    /// PyTorch's `nn.Embedding` default: E ~ N(0, 1).
    pub fn init<F: Float>(&self, params: &mut [F], rng: &mut SeedRng) {
        for v in &mut params[self.table.range()] {
            *v = F::of(rng.sample::<f64, _>(StandardNormal));
        }
    }

    /// Writes row `ids[b]` of the table into `out[b·stride + offset ..][..dim]`
    /// for every `b`: one field of a concatenated input `(batch, stride)`.
    /// IDs must be below `vocab` (the data generator guarantees it).
    pub fn forward<F: Float>(&mut self, params: &[F], ids: &[u32], out: &mut [F], stride: usize, offset: usize) {
        let dim = self.dim();
        let table = &params[self.table.range()];
        self.ids.clear();
        self.ids.extend_from_slice(ids);
        for (b, &id) in ids.iter().enumerate() {
            let row = &table[id as usize * dim..(id as usize + 1) * dim];
            out[b * stride + offset..b * stride + offset + dim].copy_from_slice(row);
        }
    }

    /// d/dE: `dE[ids[b], ..] += dy[b, ..]`, reading `dy` from the same field of
    /// a concatenated input gradient `(batch, stride)`. An ID seen twice in a
    /// batch gets both rows' gradients. Nothing flows further back.
    pub fn backward<F: Float>(&self, grads: &mut [F], dout: &[F], stride: usize, offset: usize) {
        let dim = self.dim();
        let dtable = &mut grads[self.table.range()];
        for (b, &id) in self.ids.iter().enumerate() {
            let drow = &mut dtable[id as usize * dim..(id as usize + 1) * dim];
            drow.iter_mut().zip(&dout[b * stride + offset..b * stride + offset + dim]).for_each(|(d, &g)| *d += g);
        }
    }
}
