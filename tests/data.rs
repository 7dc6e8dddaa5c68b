//! Properties of the correlated-task generator (design §1.1).

use mtl_playground::data::pearson;
use mtl_playground::{CorrelatedConfig, CorrelatedData};

fn small(p: f64, seed: u64) -> CorrelatedConfig {
    CorrelatedConfig { task_correlation: p, train_samples: 4000, test_samples: 500, seed, ..CorrelatedConfig::default() }
}

#[test]
fn weight_cosine_equals_task_correlation() {
    for p in [-1.0, -0.5, 0.0, 0.3, 0.5, 0.9, 1.0] {
        let data = CorrelatedData::generate(&small(p, 7)).unwrap();
        assert!((data.weight_cosine() - p).abs() < 1e-12, "p = {p}: cos(w1, w2) = {}", data.weight_cosine());
        let norms: Vec<f64> = data.w.iter().map(|w| w.dot(w).sqrt()).collect();
        assert!(norms.iter().all(|n| (n - 1.0).abs() < 1e-12), "|w_k| = c = 1, got {norms:?}");
    }
}

#[test]
fn label_pearson_falls_with_task_correlation() {
    for seed in [1, 2, 3] {
        let measured: Vec<f64> =
            [1.0, 0.75, 0.5, 0.25, 0.0].iter().map(|&p| CorrelatedData::generate(&small(p, seed)).unwrap().label_pearson).collect();
        for pair in measured.windows(2) {
            assert!(pair[0] > pair[1], "seed {seed}: label Pearson should fall as p falls: {measured:?}");
        }
        assert!(measured[0] > 0.9, "p = 1 gives nearly identical labels up to noise: {measured:?}");
        assert!(measured[4].abs() < 0.15, "p = 0 gives nearly uncorrelated labels: {measured:?}");
    }
}

#[test]
fn same_seed_same_data_and_another_seed_differs() {
    let a = CorrelatedData::generate(&small(0.5, 11)).unwrap();
    let b = CorrelatedData::generate(&small(0.5, 11)).unwrap();
    let c = CorrelatedData::generate(&small(0.5, 12)).unwrap();
    assert_eq!(a.x, b.x);
    assert_eq!(a.y, b.y);
    assert_ne!(a.x, c.x);
}

#[test]
fn changing_p_moves_only_task_b() {
    let mut data = CorrelatedData::generate(&small(1.0, 5)).unwrap();
    let (x, task_a) = (data.x.clone(), data.y.column(0).to_owned());
    data.set_task_correlation(0.0).unwrap();
    assert_eq!(data.x, x, "inputs stay");
    assert_eq!(data.y.column(0), task_a, "task A stays");
    let fresh = CorrelatedData::generate(&small(0.0, 5)).unwrap();
    assert_eq!(data.y, fresh.y, "relabelling equals generating at the new p from the same seed");
    assert!((data.label_pearson - fresh.label_pearson).abs() < 1e-12);
}

#[test]
fn labels_have_the_documented_noise_and_nonlinearity() {
    // At p = 1 the two tasks differ only by their independent noise (std 0.1 each),
    // so var(yA − yB) ≈ 2·0.01.
    let data = CorrelatedData::generate(&small(1.0, 3)).unwrap();
    let diff: Vec<f64> = data.train_y().rows().into_iter().map(|r| (r[0] - r[1]) as f64).collect();
    let var = diff.iter().map(|d| d * d).sum::<f64>() / diff.len() as f64;
    assert!((var - 0.02).abs() < 0.003, "var(yA − yB) = {var}");
    // The sines make the labels far from linear in wᵀx: Pearson(y, wᵀx) well below 1.
    let z: Vec<f64> = data.train_x().rows().into_iter().map(|r| r.iter().zip(&data.w[0]).map(|(&x, w)| x as f64 * w).sum()).collect();
    let y: Vec<f64> = data.train_y().column(0).iter().map(|&v| v as f64).collect();
    let r = pearson(&z, &y);
    assert!(r < 0.9, "labels should be clearly nonlinear in wᵀx, Pearson {r}");
}

#[test]
fn bad_settings_are_refused_with_the_field_named() {
    for (cfg, field) in [
        (CorrelatedConfig { task_correlation: 1.5, ..small(0.0, 1) }, "task_correlation"),
        (CorrelatedConfig { task_correlation: f64::NAN, ..small(0.0, 1) }, "task_correlation"),
        (CorrelatedConfig { dim: 0, ..small(0.0, 1) }, "dim"),
        (CorrelatedConfig { train_samples: 3, ..small(0.0, 1) }, "train_samples"),
    ] {
        let err = CorrelatedData::generate(&cfg).unwrap_err().to_string();
        assert!(err.contains(field), "{err}");
    }
}
