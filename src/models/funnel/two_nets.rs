//! BASE and DIVISION (ESMM paper, Table 2): a pCTR network and a second,
//! independent network, each trained on its own loss.
//!
//! - **BASE**, the conventional CVR model: the second network scores pCVR and
//!   learns from clicked impressions only; pCTCVR = pCTR·pCVR. It never learns
//!   from an unclicked impression, yet it is asked to score all of them at
//!   serving time: the sample selection bias ESMM addresses.
//! - **DIVISION**: the second network scores pCTCVR and learns from every
//!   impression (label: click ∧ conversion); pCVR = pCTCVR / pCTR, clamped to
//!   [0, 1]. Dividing by a small pCTR makes the quotient unstable, which is why
//!   the paper multiplies instead.

use super::net::Net;
use super::{logit, BaseRates, FunnelBatch, FunnelInputShape, FunnelKind, FunnelModel, FunnelSizes, PCTCVR, PCTR, PCVR};
use crate::float::Float;
use crate::nn::loss::{bce_with_logits, bce_with_logits_masked, sigmoid};
use crate::nn::{Buffer, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{ArrayView1, ArrayView2};
use std::ops::Range;

/// Two independent networks: `z_ctr`, and `z_cvr` (BASE) or `z_ctcvr` (DIVISION).
pub struct TwoNets<F> {
    kind: FunnelKind,
    ctr: Net<F>,
    second: Net<F>,
    num_params: usize,
    out: Buffer<F>,
    dz_ctr: Buffer<F>,
    dz_second: Buffer<F>,
}

impl<F: Float> TwoNets<F> {
    /// BASE or DIVISION (`kind`); the ESMM models are built elsewhere.
    pub fn new(kind: FunnelKind, shape: &FunnelInputShape, sizes: &FunnelSizes) -> Self {
        assert!(matches!(kind, FunnelKind::Base | FunnelKind::Division), "{kind} is not a two-network model");
        let mut layout = ParamLayout::new();
        let ctr = Net::new(&mut layout, shape, sizes);
        let second = Net::new(&mut layout, shape, sizes);
        Self { kind, ctr, second, num_params: layout.len(), out: Buffer::new(3), dz_ctr: Buffer::new(1), dz_second: Buffer::new(1) }
    }

    /// The output the second network scores: pCVR (BASE) or pCTCVR (DIVISION).
    fn second_output(&self) -> usize {
        match self.kind {
            FunnelKind::Base => PCVR,
            _ => PCTCVR,
        }
    }
}

impl<F: Float> FunnelModel<F> for TwoNets<F> {
    fn kind(&self) -> FunnelKind {
        self.kind
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn parts(&self) -> Vec<Range<usize>> {
        vec![self.ctr.range.clone(), self.second.range.clone()]
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &BaseRates) {
        self.ctr.init(params, rng, logit(rates.ctr));
        let second_rate = if self.kind == FunnelKind::Base { rates.cvr } else { rates.ctcvr };
        self.second.init(params, rng, logit(second_rate));
    }

    fn predict(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        let second = self.second_output();
        let mut out = self.out.resize(batch.len());
        for (o, &z) in out.column_mut(PCTR).iter_mut().zip(self.ctr.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for (o, &z) in out.column_mut(second).iter_mut().zip(self.second.forward(params, batch).column(0)) {
            *o = sigmoid(z);
        }
        for mut row in out.rows_mut() {
            if second == PCVR {
                row[PCTCVR] = row[PCTR] * row[PCVR];
            } else {
                row[PCVR] = (row[PCTCVR] / row[PCTR]).min(F::one()).max(F::zero());
            }
        }
        self.out.view()
    }

    /// `L_ctr = BCE(click, σ(z_ctr))` over all rows, and BASE's
    /// `L_cvr = BCE(conversion, σ(z_cvr))` over the clicked rows only
    /// (conversion = the CTCVR label there), or DIVISION's
    /// `L_ctcvr = BCE(click ∧ conversion, σ(z_ctcvr))` over all rows.
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &FunnelBatch<'_, F>) -> [f64; 2] {
        let n = batch.len();
        let (click, ctcvr) = (ArrayView1::from(batch.click), ArrayView1::from(batch.ctcvr));
        let z_ctr = self.ctr.forward(params, batch);
        let l_ctr = bce_with_logits(z_ctr.column(0), click, F::one(), self.dz_ctr.resize(n).column_mut(0));
        let z_second = self.second.forward(params, batch);
        let mut dz_second = self.dz_second.resize(n);
        let l_second = match self.kind {
            FunnelKind::Base => bce_with_logits_masked(z_second.column(0), ctcvr, click, F::one(), dz_second.column_mut(0)),
            _ => bce_with_logits(z_second.column(0), ctcvr, F::one(), dz_second.column_mut(0)),
        };
        self.second.backward(params, grads, self.dz_second.view());
        self.ctr.backward(params, grads, self.dz_ctr.view());
        [l_ctr.f64(), l_second.f64()]
    }
}
