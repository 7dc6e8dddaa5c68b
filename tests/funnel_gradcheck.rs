//! Finite-difference gradient checks in f64 on tiny shapes for the funnel's new
//! parts: the embedding lookup, the masked and product-head losses, and every
//! Table 2 model end to end through its own objective
//! (`cargo test --test funnel_gradcheck -- --nocapture` prints the errors).

use mtl_playground::models::funnel::{BaseRates, FunnelBatch, FunnelInputShape, FunnelKind, FunnelSizes, PCTCVR, PCTR, PCVR};
use mtl_playground::nn::gradcheck::check;
use mtl_playground::nn::loss::{bce_product, bce_with_logits_masked, sigmoid};
use mtl_playground::nn::{Embedding, ParamLayout};
use mtl_playground::rng::{seeded, SeedRng};
use ndarray::{Array1, Array2, ArrayView1};
use rand::RngExt;
use rand_distr::StandardNormal;

const TOL: f64 = 1e-6;

#[test]
fn embedding_rows_with_repeated_ids() {
    let mut rng = seeded(1);
    let mut layout = ParamLayout::new();
    layout.alloc(2, 3); // something before the table, so offsets matter
    let mut emb = Embedding::new(&mut layout, 5, 3);
    let mut params: Vec<f64> = (0..layout.len()).map(|_| rng.sample(StandardNormal)).collect();
    let ids = [4u32, 1, 4, 0, 2, 4];
    // the table fills columns 1..4 of a (6, 5) input
    let (stride, offset) = (5, 1);
    let c: Vec<f64> = (0..6 * stride).map(|_| rng.sample(StandardNormal)).collect();
    let mut out = vec![0.0; 6 * stride];
    let mut loss = |emb: &mut Embedding, p: &[f64]| {
        emb.forward(p, &ids, &mut out, stride, offset);
        (0..6).flat_map(|b| (offset..offset + 3).map(move |j| b * stride + j)).map(|i| out[i] * c[i]).sum::<f64>()
    };
    loss(&mut emb, &params);
    let mut grads = vec![0.0; params.len()];
    emb.backward(&mut grads, &c, stride, offset);
    assert!(grads[..6].iter().all(|&g| g == 0.0), "nothing outside the table");
    assert!(grads[emb.table.range()][3 * 3..4 * 3].iter().all(|&g| g == 0.0), "row 3 was not looked up");
    let mut e = emb.clone();
    check("embedding dE (ID 4 three times)", &mut params, &grads, |p| loss(&mut e, p)).assert_below(TOL);
}

#[test]
fn masked_bce_and_product_head() {
    let mut rng = seeded(2);
    let n = 10;
    let labels = Array1::from_shape_fn(n, |i| if i % 3 == 0 { 1.0 } else { 0.0 });
    let mask = Array1::from_shape_fn(n, |i| if i % 2 == 0 { 1.0 } else { 0.0 });
    let mut z: Vec<f64> = (0..n).map(|_| 3.0 * rng.sample::<f64, _>(StandardNormal)).collect();
    let mut dz = Array1::zeros(n);
    let mut scratch = Array1::zeros(n);
    bce_with_logits_masked(ArrayView1::from(&z), labels.view(), mask.view(), 0.7, dz.view_mut());
    assert!(dz.iter().zip(&mask).all(|(&d, &m)| m > 0.0 || d == 0.0), "no gradient outside the mask");
    check("masked BCE (clicked rows only)", &mut z, dz.as_slice().unwrap(), |z| {
        0.7 * bce_with_logits_masked(ArrayView1::from(z), labels.view(), mask.view(), 1.0, scratch.view_mut())
    })
    .assert_below(TOL);

    // the product head, including logits far out on both sides
    let mut a: Vec<f64> = (0..n).map(|_| 3.0 * rng.sample::<f64, _>(StandardNormal)).collect();
    let mut b: Vec<f64> = (0..n).map(|_| 3.0 * rng.sample::<f64, _>(StandardNormal)).collect();
    (a[1], b[1], a[3], b[3], a[4], b[4]) = (12.0, -9.0, -15.0, 11.0, 20.0, 20.0);
    let (mut da, mut db) = (Array1::zeros(n), Array1::zeros(n));
    bce_product(ArrayView1::from(&a), ArrayView1::from(&b), labels.view(), 1.0, da.view_mut(), db.view_mut());
    // against the naive formula on the moderate rows (it loses digits on the far ones)
    let moderate: Vec<usize> = (0..n).filter(|&i| a[i].abs() < 8.0 && b[i].abs() < 8.0).collect();
    let pick = |v: &[f64]| Array1::from_iter(moderate.iter().map(|&i| v[i]));
    let (am, bm, ym) = (pick(&a), pick(&b), pick(labels.as_slice().unwrap()));
    let (mut s1, mut s2) = (Array1::zeros(am.len()), Array1::zeros(am.len()));
    let value = bce_product(am.view(), bm.view(), ym.view(), 1.0, s1.view_mut(), s2.view_mut());
    let naive: f64 = (0..am.len())
        .map(|i| {
            let p = sigmoid(am[i]) * sigmoid(bm[i]);
            -(ym[i] * p.ln() + (1.0 - ym[i]) * (1.0 - p).ln())
        })
        .sum::<f64>()
        / am.len() as f64;
    assert!(moderate.len() >= 4 && (value - naive).abs() < 1e-12, "stable {value} vs naive {naive}");
    let (mut s1, mut s2) = (Array1::zeros(n), Array1::zeros(n));
    let bv = b.clone();
    check("product head BCE(y, σ(a)σ(b)): da", &mut a.clone(), da.as_slice().unwrap(), |a| {
        bce_product(ArrayView1::from(a), ArrayView1::from(&bv), labels.view(), 1.0, s1.view_mut(), s2.view_mut())
    })
    .assert_below(TOL);
    check("product head BCE(y, σ(a)σ(b)): db", &mut b, db.as_slice().unwrap(), |b| {
        bce_product(ArrayView1::from(&a), ArrayView1::from(b), labels.view(), 1.0, s1.view_mut(), s2.view_mut())
    })
    .assert_below(TOL);
    // stays finite where the naive form would take ln(0)
    let (a_far, b_far) = (Array1::from(vec![40.0f64, -40.0]), Array1::from(vec![40.0f64, -40.0]));
    let y = Array1::from(vec![0.0f64, 1.0]);
    let (mut d1, mut d2) = (Array1::<f64>::zeros(2), Array1::<f64>::zeros(2));
    let far = bce_product(a_far.view(), b_far.view(), y.view(), 1.0, d1.view_mut(), d2.view_mut());
    assert!(far.is_finite() && d1.iter().chain(&d2).all(|v| v.is_finite()), "{far} {d1} {d2}");
}

/// A tiny funnel batch: 8 impressions, 3 users, 4 items, 2 categories, 2 dense features.
struct Tiny {
    user: Vec<u32>,
    item: Vec<u32>,
    category: Vec<u32>,
    dense: Array2<f64>,
    click: Vec<f64>,
    ctcvr: Vec<f64>,
}

impl Tiny {
    fn new(rng: &mut SeedRng) -> Self {
        let item = vec![0, 1, 2, 3, 1, 1, 0, 2];
        Self {
            user: vec![0, 1, 2, 0, 1, 2, 0, 1],
            category: item.iter().map(|i| i % 2).collect(),
            item,
            dense: Array2::from_shape_simple_fn((8, 2), || rng.sample(StandardNormal)),
            click: vec![1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0],
            ctcvr: vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
        }
    }
    fn batch(&self) -> FunnelBatch<'_, f64> {
        FunnelBatch {
            user: &self.user,
            item: &self.item,
            category: &self.category,
            dense: self.dense.view(),
            click: &self.click,
            ctcvr: &self.ctcvr,
        }
    }
}

#[test]
fn every_funnel_model_end_to_end() {
    let shape = FunnelInputShape { users: 3, items: 4, categories: 2, dense: 2 };
    let sizes = FunnelSizes { embedding_dim: 2, tower_units: vec![4, 3] };
    let rates = BaseRates { ctr: 0.4, cvr: 0.3, ctcvr: 0.12 };
    for kind in FunnelKind::ALL {
        let mut rng = seeded(30 + kind as u64);
        let tiny = Tiny::new(&mut rng);
        let batch = tiny.batch();
        let mut model = kind.build::<f64>(&shape, &sizes);
        let mut params = vec![0.0; model.num_params()];
        model.init(&mut params, &mut rng, &rates);
        let parts = model.parts();
        assert_eq!(parts.len(), kind.parts());
        assert_eq!(parts.iter().map(|r| r.len()).sum::<usize>(), params.len(), "the parts cover every parameter");

        let mut grads = vec![0.0; params.len()];
        let losses = model.train(&params, &mut grads, &batch);
        let mut scratch = vec![0.0; params.len()];
        let result = check(format!("funnel model {}", kind.label()), &mut params.clone(), &grads, |p| {
            model.train(p, &mut scratch, &batch).iter().sum()
        });
        result.assert_below(TOL);
        assert!(grads.iter().all(|g| g.is_finite()) && grads.iter().any(|&g| g != 0.0));

        // predictions are probabilities and pCTCVR = pCTR·pCVR (DIVISION: pCVR = pCTCVR/pCTR)
        let out = model.predict(&params, &batch).to_owned();
        for row in out.rows() {
            assert!(row.iter().all(|&p| (0.0..=1.0).contains(&p)), "{row}");
            if kind != FunnelKind::Division {
                assert!((row[PCTCVR] - row[PCTR] * row[PCVR]).abs() < 1e-12);
            }
        }
        // at init the CTR output sits near the base rate
        let mean_ctr = out.column(PCTR).mean().unwrap();
        assert!((mean_ctr - rates.ctr).abs() < 0.25, "{kind}: mean pCTR {mean_ctr} at init");
        assert!(losses.iter().all(|l| l.is_finite()));
    }
}

/// BASE's CVR net learns from clicked rows only: changing an unclicked row's
/// conversion label (which a real log would not even have) changes nothing.
#[test]
fn base_cvr_net_ignores_unclicked_rows() {
    let shape = FunnelInputShape { users: 3, items: 4, categories: 2, dense: 2 };
    let sizes = FunnelSizes { embedding_dim: 2, tower_units: vec![3] };
    let rates = BaseRates { ctr: 0.4, cvr: 0.3, ctcvr: 0.12 };
    let mut rng = seeded(5);
    let mut tiny = Tiny::new(&mut rng);
    let mut model = FunnelKind::Base.build::<f64>(&shape, &sizes);
    let mut params = vec![0.0; model.num_params()];
    model.init(&mut params, &mut rng, &rates);
    let mut g1 = vec![0.0; params.len()];
    model.train(&params, &mut g1, &tiny.batch());
    tiny.ctcvr[1] = 1.0; // row 1 is unclicked
    let mut g2 = vec![0.0; params.len()];
    model.train(&params, &mut g2, &tiny.batch());
    assert_eq!(g1, g2);
    let _ = rng.random::<f64>();
}
