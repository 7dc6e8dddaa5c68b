//! BASE (ESMM paper, Table 2): the conventional CVR model, trained on clicked
//! impressions only, beside a separately trained CTR model; pCTCVR = pCTR·pCVR.
//! Its CVR net never learns from an unclicked impression, yet it is asked to
//! score all of them at serving time: the sample selection bias ESMM addresses.

use super::net::Net;
use super::{logit, BaseRates, FunnelBatch, FunnelInputShape, FunnelKind, FunnelModel, FunnelSizes, PCTCVR, PCTR, PCVR};
use crate::float::Float;
use crate::nn::loss::{bce_with_logits, bce_with_logits_masked, sigmoid};
use crate::nn::{Buffer, ParamLayout};
use ndarray::{ArrayView1, ArrayView2};
use rand::rngs::StdRng;
use std::ops::Range;

/// Two independent networks: `z_ctr` and `z_cvr`.
pub struct Base<F> {
    ctr: Net<F>,
    cvr: Net<F>,
    num_params: usize,
    out: Buffer<F>,
    dz_ctr: Buffer<F>,
    dz_cvr: Buffer<F>,
}

impl<F: Float> Base<F> {
    pub fn new(shape: &FunnelInputShape, sizes: &FunnelSizes) -> Self {
        let mut layout = ParamLayout::new();
        let ctr = Net::new(&mut layout, shape, sizes);
        let cvr = Net::new(&mut layout, shape, sizes);
        Self { ctr, cvr, num_params: layout.len(), out: Buffer::new(3), dz_ctr: Buffer::new(1), dz_cvr: Buffer::new(1) }
    }
}

impl<F: Float> FunnelModel<F> for Base<F> {
    fn kind(&self) -> FunnelKind {
        FunnelKind::Base
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn parts(&self) -> Vec<Range<usize>> {
        vec![self.ctr.range.clone(), self.cvr.range.clone()]
    }
    fn init(&self, params: &mut [F], rng: &mut StdRng, rates: &BaseRates) {
        self.ctr.init(params, rng, logit(rates.ctr));
        self.cvr.init(params, rng, logit(rates.cvr));
    }

    fn predict(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        let mut out = self.out.resize(batch.len());
        for (o, &z) in out.column_mut(PCTR).iter_mut().zip(self.ctr.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for (o, &z) in out.column_mut(PCVR).iter_mut().zip(self.cvr.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for mut row in out.rows_mut() {
            row[PCTCVR] = row[PCTR] * row[PCVR];
        }
        self.out.view()
    }

    /// `L_ctr = BCE(click, σ(z_ctr))` over all rows; `L_cvr = BCE(conversion,
    /// σ(z_cvr))` over the clicked rows only (conversion = the CTCVR label there).
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &FunnelBatch<'_, F>) -> [f64; 2] {
        let n = batch.len();
        let (click, ctcvr) = (ArrayView1::from(batch.click), ArrayView1::from(batch.ctcvr));
        let z_ctr = self.ctr.forward(params, batch);
        let l_ctr = bce_with_logits(z_ctr.column(0), click, F::one(), self.dz_ctr.resize(n).column_mut(0));
        let z_cvr = self.cvr.forward(params, batch);
        let l_cvr = bce_with_logits_masked(z_cvr.column(0), ctcvr, click, F::one(), self.dz_cvr.resize(n).column_mut(0));
        self.cvr.backward(params, grads, self.dz_cvr.view());
        self.ctr.backward(params, grads, self.dz_ctr.view());
        [l_ctr.f64(), l_cvr.f64()]
    }
}
