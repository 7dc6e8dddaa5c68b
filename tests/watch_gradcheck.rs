//! Finite-difference gradient checks in f64 on tiny shapes for the watch-time
//! lab's new parts: the weighted cross-entropy, and every watch model end to
//! end through its own objective, the two-task model at several loss weights
//! (`cargo test --test watch_gradcheck -- --nocapture` prints the errors).

use mtl_playground::data::watch::WATCH_DENSE;
use mtl_playground::models::funnel::FunnelInputShape;
use mtl_playground::models::watch::{WatchBatch, WatchKind, WatchRates, WatchSizes};
use mtl_playground::nn::gradcheck::check;
use mtl_playground::nn::loss::{bce_with_logits, weighted_bce_with_logits};
use mtl_playground::rng::{seeded, SeedRng};
use ndarray::{Array1, Array2, ArrayView1};
use rand::RngExt;
use rand_distr::StandardNormal;

const TOL: f64 = 1e-6;

#[test]
fn weighted_cross_entropy() {
    let mut rng = seeded(3);
    let n = 12;
    let click = Array1::from_shape_fn(n, |i| if i % 3 == 0 { 1.0 } else { 0.0 });
    // YouTube's weights: watch time on positives, 1 on negatives
    let weight = Array1::from_shape_fn(n, |i| if i % 3 == 0 { 0.5 + 3.0 * rng.random::<f64>() } else { 1.0 });
    let mut z: Vec<f64> = (0..n).map(|_| 3.0 * rng.sample::<f64, _>(StandardNormal)).collect();
    z[1] = 30.0; // far out: stays finite
    let mut dz = Array1::zeros(n);
    let loss = weighted_bce_with_logits(ArrayView1::from(&z), click.view(), weight.view(), 0.7, dz.view_mut());
    assert!(loss.is_finite());
    let mut scratch = Array1::zeros(n);
    check("weighted CE (T on positives, 1 on negatives)", &mut z, dz.as_slice().unwrap(), |z| {
        0.7 * weighted_bce_with_logits(ArrayView1::from(z), click.view(), weight.view(), 1.0, scratch.view_mut())
    })
    .assert_below(TOL);

    // with every weight 1 it is the plain BCE, value and gradient
    let ones = Array1::ones(n);
    let (mut d1, mut d2) = (Array1::zeros(n), Array1::zeros(n));
    let a = weighted_bce_with_logits(ArrayView1::from(&z), click.view(), ones.view(), 1.0, d1.view_mut());
    let b = bce_with_logits(ArrayView1::from(&z), click.view(), 1.0, d2.view_mut());
    assert!((a - b).abs() < 1e-12 && d1.iter().zip(&d2).all(|(x, y)| (x - y).abs() < 1e-15));
}

/// A tiny watch batch: 8 impressions, 3 users, 4 videos, 2 categories.
struct Tiny {
    user: Vec<u32>,
    video: Vec<u32>,
    category: Vec<u32>,
    dense: Array2<f64>,
    click: Vec<f64>,
    watch: Vec<f64>,
    finish: Vec<f64>,
}

impl Tiny {
    fn new(rng: &mut SeedRng) -> Self {
        let video = vec![0, 1, 2, 3, 1, 1, 0, 2];
        let click = vec![1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0];
        Self {
            user: vec![0, 1, 2, 0, 1, 2, 0, 1],
            category: video.iter().map(|i| i % 2).collect(),
            video,
            dense: Array2::from_shape_simple_fn((8, WATCH_DENSE), || rng.sample(StandardNormal)),
            watch: click.iter().map(|&c| c * (0.5 + 4.0 * rng.random::<f64>())).collect(),
            finish: vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            click,
        }
    }
    fn batch(&self) -> WatchBatch<'_, f64> {
        WatchBatch {
            user: &self.user,
            video: &self.video,
            category: &self.category,
            dense: self.dense.view(),
            click: &self.click,
            watch: &self.watch,
            finish: &self.finish,
        }
    }
}

#[test]
fn every_watch_model_end_to_end() {
    let shape = FunnelInputShape { users: 3, items: 4, categories: 2, dense: WATCH_DENSE };
    let rates = WatchRates { ctr: 0.4, finish: 0.2, weighted_odds: 1.3 };
    for sizes in [WatchSizes { embedding_dim: 2, tower_units: vec![4, 3] }, WatchSizes { embedding_dim: 2, tower_units: vec![5] }] {
        for (kind, w) in [
            (WatchKind::Ctr, 0.3),
            (WatchKind::WeightedCe, 0.3),
            (WatchKind::TwoTasks, 0.3),
            (WatchKind::TwoTasks, 0.0),
            (WatchKind::TwoTasks, 0.8),
        ] {
            let mut rng = seeded(40 + kind as u64);
            let tiny = Tiny::new(&mut rng);
            let batch = tiny.batch();
            let mut model = kind.build::<f64>(&shape, &sizes, w);
            let mut params = vec![0.0; model.num_params()];
            model.init(&mut params, &mut rng, &rates);
            let mut grads = vec![0.0; params.len()];
            let loss = model.train(&params, &mut grads, &batch);
            assert!(loss.is_finite());
            let mut scratch = vec![0.0; params.len()];
            let label = format!("watch model {} (w {w}, towers {:?})", kind.label(), sizes.tower_units);
            check(label, &mut params.clone(), &grads, |p| model.train(p, &mut scratch, &batch)).assert_below(TOL);
            assert!(grads.iter().all(|g| g.is_finite()) && grads.iter().any(|&g| g != 0.0));

            let scores = model.score(&params, &batch).to_owned();
            assert!(scores.iter().all(|&s| s.is_finite() && s > 0.0), "{kind}: {scores}");
            // at init the output sits near its base rate
            let mean = scores.mean().unwrap();
            let expected = match kind {
                WatchKind::Ctr => rates.ctr,
                WatchKind::WeightedCe => rates.weighted_odds,
                WatchKind::TwoTasks => w * rates.ctr + (1.0 - w) * rates.finish,
            };
            assert!((mean / expected).ln().abs() < 0.7, "{kind}: mean score {mean} at init, base {expected}");
        }
    }
}

/// At w = 1 the finish label is ignored, at w = 0 the click label: the loss
/// weight is the only thing that mixes the two tasks.
#[test]
fn two_task_weights_at_the_ends() {
    let shape = FunnelInputShape { users: 3, items: 4, categories: 2, dense: WATCH_DENSE };
    let sizes = WatchSizes { embedding_dim: 2, tower_units: vec![4, 3] };
    let rates = WatchRates { ctr: 0.4, finish: 0.2, weighted_odds: 1.3 };
    let mut rng = seeded(9);
    let mut tiny = Tiny::new(&mut rng);
    let mut model = WatchKind::TwoTasks.build::<f64>(&shape, &sizes, 1.0);
    let mut params = vec![0.0; model.num_params()];
    model.init(&mut params, &mut rng, &rates);
    let grads = |model: &mut Box<dyn mtl_playground::models::watch::WatchModel<f64>>, tiny: &Tiny| {
        let mut g = vec![0.0; params.len()];
        model.train(&params, &mut g, &tiny.batch());
        g
    };
    let g1 = grads(&mut model, &tiny);
    tiny.finish[0] = 0.0;
    assert_eq!(g1, grads(&mut model, &tiny), "w = 1: finish labels change nothing");
    model.set_click_weight(0.0);
    let g2 = grads(&mut model, &tiny);
    tiny.click[1] = 1.0;
    assert_eq!(g2, grads(&mut model, &tiny), "w = 0: click labels change nothing");
}
