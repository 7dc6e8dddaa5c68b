//! ESMM (Ma et al., SIGIR 2018): a CTR tower and a CVR tower over one SHARED
//! embedding, trained on the entire impression space through
//! `L = BCE(click, pCTR) + BCE(click ∧ conversion, pCTR·pCVR)`.
//! pCVR gets no loss of its own: it is learned only as the factor that turns
//! pCTR into pCTCVR. With `shared_embedding = false` the same struct is
//! ESMM-NS (see `esmm_ns`).

use super::{logit, BaseRates, FeatureInput, FunnelBatch, FunnelInputShape, FunnelKind, FunnelModel, FunnelSizes, Mlp, PCTCVR, PCTR, PCVR};
use crate::float::Float;
use crate::nn::loss::{bce_product, bce_with_logits, sigmoid};
use crate::nn::{Buffer, ParamLayout};
use crate::rng::SeedRng;
use ndarray::{ArrayView1, ArrayView2};
use std::ops::Range;

/// `z_ctr = ctr_tower(input₀)`, `z_cvr = cvr_tower(input₀ or input₁)`;
/// pCTCVR = σ(z_ctr)·σ(z_cvr).
pub struct Esmm<F> {
    kind: FunnelKind,
    /// One input layer (shared embedding) or two (the CTR tower's, then the CVR tower's).
    inputs: Vec<FeatureInput<F>>,
    ctr_tower: Mlp<F>,
    cvr_tower: Mlp<F>,
    num_params: usize,
    out: Buffer<F>,
    dz_ctr: Buffer<F>,
    dz_cvr: Buffer<F>,
    /// The product loss's gradient on `z_ctr`, before it is added to the CTR loss's.
    dprod: Buffer<F>,
    /// Sum of both towers' input gradients (shared embedding only).
    dx: Buffer<F>,
}

impl<F: Float> Esmm<F> {
    /// `kind` is [`FunnelKind::Esmm`] (one shared embedding) or
    /// [`FunnelKind::EsmmNs`] (one embedding per tower).
    pub fn new(kind: FunnelKind, shape: &FunnelInputShape, sizes: &FunnelSizes) -> Self {
        let mut layout = ParamLayout::new();
        let mut inputs = vec![FeatureInput::new(&mut layout, shape, sizes.embedding_dim)];
        let in_dim = inputs[0].out_dim();
        let ctr_tower = Mlp::new(&mut layout, in_dim, &sizes.tower_units);
        if kind != FunnelKind::Esmm {
            inputs.push(FeatureInput::new(&mut layout, shape, sizes.embedding_dim));
        }
        let cvr_tower = Mlp::new(&mut layout, in_dim, &sizes.tower_units);
        Self {
            kind,
            inputs,
            ctr_tower,
            cvr_tower,
            num_params: layout.len(),
            out: Buffer::new(3),
            dz_ctr: Buffer::new(1),
            dz_cvr: Buffer::new(1),
            dprod: Buffer::new(1),
            dx: Buffer::new(in_dim),
        }
    }

    /// Both towers' logits, left in `ctr_tower.logits()` and `cvr_tower.logits()`.
    fn forward(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) {
        self.inputs[0].forward(params, batch);
        self.ctr_tower.forward(params, self.inputs[0].x.view());
        let cvr_input = self.inputs.len() - 1;
        if cvr_input > 0 {
            self.inputs[cvr_input].forward(params, batch);
        }
        self.cvr_tower.forward(params, self.inputs[cvr_input].x.view());
    }

    /// Reverse of `forward`: CVR tower, (its input), CTR tower, the first input.
    fn backward(&mut self, params: &[F], grads: &mut [F]) {
        let dx_cvr = self.cvr_tower.backward(params, grads, self.dz_cvr.view());
        if self.inputs.len() == 2 {
            self.inputs[1].backward(grads, dx_cvr);
            let dx_ctr = self.ctr_tower.backward(params, grads, self.dz_ctr.view());
            self.inputs[0].backward(grads, dx_ctr);
        } else {
            // shared embedding: both towers' gradients meet in one table
            self.dx.resize(self.dz_cvr.rows());
            self.dx.as_slice_mut().copy_from_slice(dx_cvr);
            let dx_ctr = self.ctr_tower.backward(params, grads, self.dz_ctr.view());
            self.dx.as_slice_mut().iter_mut().zip(dx_ctr).for_each(|(d, &g)| *d += g);
            self.inputs[0].backward(grads, self.dx.as_slice());
        }
    }
}

impl<F: Float> FunnelModel<F> for Esmm<F> {
    fn kind(&self) -> FunnelKind {
        self.kind
    }
    fn num_params(&self) -> usize {
        self.num_params
    }
    fn parts(&self) -> Vec<Range<usize>> {
        std::iter::once(0..self.num_params).collect()
    }
    fn init(&self, params: &mut [F], rng: &mut SeedRng, rates: &BaseRates) {
        self.inputs[0].init(params, rng);
        self.ctr_tower.init(params, rng, logit(rates.ctr));
        if let Some(input) = self.inputs.get(1) {
            input.init(params, rng);
        }
        self.cvr_tower.init(params, rng, logit(rates.cvr));
    }

    fn predict(&mut self, params: &[F], batch: &FunnelBatch<'_, F>) -> ArrayView2<'_, F> {
        let n = batch.len();
        self.forward(params, batch);
        let (z_ctr, z_cvr) = (self.ctr_tower.logits(), self.cvr_tower.logits());
        let mut out = self.out.resize(n);
        for ((mut row, &a), &b) in out.rows_mut().into_iter().zip(z_ctr.column(0)).zip(z_cvr.column(0)) {
            row[PCTR] = sigmoid(a);
            row[PCVR] = sigmoid(b);
            row[PCTCVR] = row[PCTR] * row[PCVR];
        }
        self.out.view()
    }

    /// `L = BCE(click, σ(z_ctr)) + BCE(click ∧ conversion, σ(z_ctr)·σ(z_cvr))`
    /// over all rows (one part).
    fn train(&mut self, params: &[F], grads: &mut [F], batch: &FunnelBatch<'_, F>) -> [f64; 2] {
        let n = batch.len();
        let (click, ctcvr) = (ArrayView1::from(batch.click), ArrayView1::from(batch.ctcvr));
        self.forward(params, batch);
        let (z_ctr, z_cvr) = (self.ctr_tower.logits(), self.cvr_tower.logits());
        let l_ctr = bce_with_logits(z_ctr.column(0), click, F::one(), self.dz_ctr.resize(n).column_mut(0));
        let l_ctcvr = bce_product(
            z_ctr.column(0),
            z_cvr.column(0),
            ctcvr,
            F::one(),
            self.dprod.resize(n).column_mut(0),
            self.dz_cvr.resize(n).column_mut(0),
        );
        // dz_ctr = ∂L_ctr/∂z_ctr + ∂L_ctcvr/∂z_ctr
        self.dz_ctr.as_slice_mut().iter_mut().zip(self.dprod.as_slice()).for_each(|(d, &g)| *d += g);
        self.backward(params, grads);
        [(l_ctr + l_ctcvr).f64(), 0.0]
    }
}
