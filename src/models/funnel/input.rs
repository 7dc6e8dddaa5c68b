//! The input layer of a funnel network: user, item and category IDs looked up
//! in their embedding tables and concatenated with the dense features,
//! `x = [E_user[u] | E_item[i] | E_cat[k] | dense]`.

use super::{FunnelBatch, FunnelInputShape};
use crate::float::Float;
use crate::nn::{Buffer, Embedding, ParamLayout};
use crate::rng::SeedRng;
use ndarray::ArrayView2;

/// Three embedding tables and a pass-through for dense features;
/// output `x: (batch, 3·dim + dense)`.
#[derive(Clone, Debug)]
pub struct FeatureInput<F> {
    pub user: Embedding,
    pub item: Embedding,
    pub category: Embedding,
    dense: usize,
    pub x: Buffer<F>,
}

impl<F: Float> FeatureInput<F> {
    pub fn new(layout: &mut ParamLayout, shape: &FunnelInputShape, dim: usize) -> Self {
        Self {
            user: Embedding::new(layout, shape.users, dim),
            item: Embedding::new(layout, shape.items, dim),
            category: Embedding::new(layout, shape.categories, dim),
            dense: shape.dense,
            x: Buffer::new(3 * dim + shape.dense),
        }
    }

    pub fn out_dim(&self) -> usize {
        self.x.cols()
    }

    pub fn init(&self, params: &mut [F], rng: &mut SeedRng) {
        self.user.init(params, rng);
        self.item.init(params, rng);
        self.category.init(params, rng);
    }

    /// Returns `x: (batch, out_dim)`.
    pub fn forward(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        self.forward_rows(params, batch.user, batch.item, batch.category, batch.dense)
    }

    /// [`forward`](Self::forward) on the ID columns and `dense: (batch, dense)`
    /// directly, for batches that are not a funnel's (the watch-time models).
    pub fn forward_rows(
        &mut self,
        params: &[F],
        user: &[u32],
        item: &[u32],
        category: &[u32],
        dense: ArrayView2<'_, F>,
    ) -> ArrayView2<'_, F> {
        let (width, dim) = (self.out_dim(), self.user.dim());
        self.x.resize(user.len());
        let x = self.x.as_slice_mut();
        self.user.forward(params, user, x, width, 0);
        self.item.forward(params, item, x, width, dim);
        self.category.forward(params, category, x, width, 2 * dim);
        for (row, dense) in x.chunks_exact_mut(width).zip(dense.outer_iter()) {
            row[3 * dim..].iter_mut().zip(dense).for_each(|(v, &d)| *v = d);
        }
        debug_assert_eq!(dense.ncols(), self.dense);
        self.x.view()
    }

    /// `dx: (batch, out_dim)` row-major: scatters each field's slice into its table
    /// (reverse order of forward); the dense features have no parameters.
    pub fn backward(&self, grads: &mut [F], dx: &[F]) {
        let (width, dim) = (self.out_dim(), self.user.dim());
        self.category.backward(grads, dx, width, 2 * dim);
        self.item.backward(grads, dx, width, dim);
        self.user.backward(grads, dx, width, 0);
    }
}
