//! DIVISION (ESMM paper, Table 2): a pCTCVR net and a pCTR net, both trained on
//! all impressions with their own labels; pCVR = pCTCVR / pCTR, clamped to
//! [0, 1]. Dividing by a small pCTR makes the quotient unstable, which is why
//! the paper multiplies instead.

use super::net::Net;
use super::{logit, BaseRates, FunnelBatch, FunnelInputShape, FunnelKind, FunnelModel, FunnelSizes, PCTCVR, PCTR, PCVR};
use crate::float::Float;
use crate::nn::loss::{bce_with_logits, sigmoid};
use crate::nn::{Buffer, ParamLayout};
use ndarray::{ArrayView1, ArrayView2};
use rand::rngs::StdRng;
use std::ops::Range;

/// Two independent networks: `z_ctr` and `z_ctcvr`.
pub struct Division<F> {
    ctr: Net<F>,
    ctcvr: Net<F>,
    num_params: usize,
    out: Buffer<F>,
    dz_ctr: Buffer<F>,
    dz_ctcvr: Buffer<F>,
}

impl<F: Float> Division<F> {
    pub fn new(shape: &FunnelInputShape, sizes: &FunnelSizes) -> Self {
        let mut layout = ParamLayout::new();
        let ctr = Net::new(&mut layout, shape, sizes);
        let ctcvr = Net::new(&mut layout, shape, sizes);
        Self { ctr, ctcvr, num_params: layout.len(), out: Buffer::new(3), dz_ctr: Buffer::new(1), dz_ctcvr: Buffer::new(1) }
    }
}

impl<F: Float> FunnelModel<F> for Division<F> {
    fn kind(&self) -> FunnelKind {
        FunnelKind::Division
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn parts(&self) -> Vec<Range<usize>> {
        vec![self.ctr.range.clone(), self.ctcvr.range.clone()]
    }
    fn init(&self, params: &mut [F], rng: &mut StdRng, rates: &BaseRates) {
        self.ctr.init(params, rng, logit(rates.ctr));
        self.ctcvr.init(params, rng, logit(rates.ctcvr));
    }

    fn predict(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        let mut out = self.out.resize(batch.len());
        for (o, &z) in out.column_mut(PCTR).iter_mut().zip(self.ctr.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for (o, &z) in out.column_mut(PCTCVR).iter_mut().zip(self.ctcvr.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for mut row in out.rows_mut() {
            row[PCVR] = (row[PCTCVR] / row[PCTR]).min(F::one()).max(F::zero());
        }
        self.out.view()
    }

    /// `L_ctr = BCE(click, σ(z_ctr))`, `L_ctcvr = BCE(click ∧ conversion, σ(z_ctcvr))`,
    /// both over all rows.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &FunnelBatch<'_, F>) -> [f64; 2] {
        let n = batch.len();
        let (click, ctcvr) = (ArrayView1::from(batch.click), ArrayView1::from(batch.ctcvr));
        let z_ctr = self.ctr.forward(params, batch);
        let l_ctr = bce_with_logits(z_ctr.column(0), click, F::one(), self.dz_ctr.resize(n).column_mut(0));
        let z_ctcvr = self.ctcvr.forward(params, batch);
        let l_ctcvr = bce_with_logits(z_ctcvr.column(0), ctcvr, F::one(), self.dz_ctcvr.resize(n).column_mut(0));
        self.ctcvr.backward(params, grads, self.dz_ctcvr.view());
        self.ctr.backward(params, grads, self.dz_ctr.view());
        [l_ctr.f64(), l_ctcvr.f64()]
    }
}
