//! Loss weighting in the trainer: switching strategy mid-run without a reset,
//! determinism, GradNorm's records and invariants, and uncertainty weighting's
//! σ² settling at each task's loss (on a stationary loss, and following it in training).

mod common;
use common::quick;
use mtl_playground::models::ModelKind;
use mtl_playground::train::LossWeighting;
use mtl_playground::{RaceConfig, Trainer};

#[test]
fn switching_strategy_mid_run_keeps_training_without_a_reset() {
    let mut t = Trainer::new(quick(vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Mmoe])).unwrap();
    t.run(100);
    let before: Vec<_> = t.runs.iter().map(|r| r.history.clone()).collect();
    let test_loss = |t: &mut Trainer| t.evaluate_test().into_iter().map(|e| e.loss).collect::<Vec<_>>();
    let at_switch = test_loss(&mut t);
    t.set_weighting(LossWeighting::grad_norm(1.5)).unwrap();
    // no reset: every model predicts exactly as it did before the switch
    assert_eq!(test_loss(&mut t), at_switch, "the switch leaves the models as they were");
    t.run(100);
    assert_eq!(t.step_count(), 200, "training went on");
    for (run, before) in t.runs.iter().zip(&before) {
        assert_eq!(run.history.len(), 11, "{}: history continues across the switch", run.kind);
        assert_eq!(&run.history[..before.len()], &before[..], "{}: the past is kept", run.kind);
        let last = run.latest().unwrap();
        for k in 0..2 {
            assert!(
                last.test_loss[k] < run.history[0].test_loss[k],
                "{} task {k}: GradNorm goes on training: {:?}",
                run.kind,
                last.test_loss
            );
        }
        if run.kind == ModelKind::Single {
            assert_eq!(last.weighting, LossWeighting::Fixed, "no shared layer: fixed weights");
            assert_eq!(last.loss_weights, vec![1.0, 1.0]);
            assert!(last.grad_norm.is_none());
        } else {
            assert_eq!(last.weighting, LossWeighting::grad_norm(1.5));
            assert!(last.grad_norm.is_some());
            assert!((last.loss_weights.iter().sum::<f64>() - 2.0).abs() < 1e-9, "Σ w = T: {:?}", last.loss_weights);
        }
    }
    let history_len = t.runs[1].history.len();
    t.set_weighting(LossWeighting::Uncertainty).unwrap();
    t.run(40);
    let last = t.runs[1].latest().unwrap();
    assert_eq!(t.runs[1].history.len(), history_len + 2);
    let u = last.uncertainty.as_ref().expect("σ² recorded under uncertainty weighting");
    for k in 0..2 {
        assert!((u.sigma2[k] - u.log_variance[k].exp()).abs() < 1e-12);
        assert!((last.loss_weights[k] - 0.5 * (-u.log_variance[k]).exp()).abs() < 1e-12, "effective weight 0.5·e^(−s)");
    }
    assert!(last.grad_norm.is_none());
    assert!(t.set_weighting(LossWeighting::grad_norm(5.5)).is_err());
    assert!(t.set_weighting(LossWeighting::GradNorm { alpha: 1.0, lr: -0.1 }).is_err());
    assert_eq!(t.config().weighting, LossWeighting::Uncertainty, "a refused setting changes nothing");
    let bad = RaceConfig { weighting: LossWeighting::grad_norm(-1.0), ..quick(vec![ModelKind::Mmoe]) };
    let msg = Trainer::new(bad).err().expect("α < 0 is refused").to_string();
    assert!(msg.contains("alpha") && msg.contains("[0, 5]"), "{msg}");
}

#[test]
fn one_seed_gives_identical_weights() {
    for weighting in [LossWeighting::Uncertainty, LossWeighting::grad_norm(1.5)] {
        let run = || {
            let mut cfg = quick(vec![ModelKind::SharedBottom, ModelKind::Omoe]);
            cfg.weighting = weighting;
            let mut t = Trainer::new(cfg).unwrap();
            t.run(120);
            t.runs.iter().map(|r| r.history.clone()).collect::<Vec<_>>()
        };
        let (a, b) = (run(), run());
        assert_eq!(a, b, "{weighting:?}");
        assert_ne!(a[0].last().unwrap().loss_weights, vec![1.0, 1.0], "{weighting:?}: the weights moved");
    }
}

#[test]
fn grad_norm_records_each_tasks_own_target() {
    let mut cfg = quick(vec![ModelKind::SharedBottom, ModelKind::Mmoe]);
    cfg.weighting = LossWeighting::grad_norm(1.5);
    cfg.loss_weights = vec![1.0, 3.0];
    let mut t = Trainer::new(cfg).unwrap();
    assert_eq!(t.runs[0].history[0].loss_weights, vec![0.5, 1.5], "start: loss_weights rescaled to Σ = 2");
    assert!(t.runs[0].history[0].grad_norm.is_none(), "nothing measured before the first step");
    t.run(400);
    for run in &t.runs {
        for snap in &run.history[1..] {
            let g = snap.grad_norm.as_ref().expect("GradNorm terms at every record");
            let mean_g = g.grad_norms.iter().sum::<f64>() / 2.0;
            assert!((g.loss_ratios.iter().sum::<f64>() / 2.0 - 1.0).abs() < 1e-9, "r_i average to 1");
            for k in 0..2 {
                let want = mean_g * g.loss_ratios[k].powf(1.5);
                assert!((g.targets[k] - want).abs() < 1e-9 * want.max(1.0), "target_{k} = Ḡ·r_{k}^α: {} vs {want}", g.targets[k]);
                assert!(snap.loss_weights[k] > 0.0);
            }
            assert!((snap.loss_weights.iter().sum::<f64>() - 2.0).abs() < 1e-9);
        }
        let last = run.latest().unwrap().grad_norm.as_ref().unwrap();
        println!(
            "{}: G {:?} targets {:?} r {:?} gap {:.3}",
            run.kind,
            last.grad_norms,
            last.targets,
            last.loss_ratios,
            last.relative_gap()
        );
    }
}

/// The optimum of `0.5·e^{−s}·L + 0.5·s` is `e^s = L` (regression form; the
/// classification form `e^{−s}·L + 0.5·s`, for binary labels, has `e^s = 2L`):
/// fed a stationary, noisy batch loss for each task (means 0.05 and 2, each
/// batch ×U(0.5, 1.5)), σ_k² settles there, whatever the network does.
/// (Measured, regression: 0.0499 and 2.0000, σ² averaged over the last 2,000
/// of 6,000 steps.)
#[test]
fn uncertainty_sigma2_settles_at_a_stationary_loss() {
    use mtl_playground::nn::AdamConfig;
    use mtl_playground::train::weighting::TaskWeights;
    use mtl_playground::train::UncertaintyForm;
    use rand::RngExt;
    let means = [0.05, 2.0];
    for (form, factor) in [(UncertaintyForm::Regression, 1.0), (UncertaintyForm::Classification, 2.0)] {
        let mut weights = TaskWeights::new(LossWeighting::Uncertainty, &[1.0, 1.0], true).with_form(form);
        let mut rng = mtl_playground::rng::seeded(7);
        let mut tail = [0.0; 2];
        for step in 0..6000 {
            let losses = means.map(|m| m * rng.random_range(0.5..1.5));
            weights.update(&losses, &[0.0; 2], &AdamConfig::default());
            if step >= 4000 {
                let record = weights.uncertainty().unwrap();
                assert_eq!(record.form, form);
                (0..2).for_each(|k| tail[k] += record.sigma2[k] / 2000.0);
            }
        }
        println!("{form:?}: mean σ² over the last 2,000 steps {tail:.4?} for mean losses {means:?}");
        for k in 0..2 {
            let target = factor * means[k];
            assert!((tail[k] / target - 1.0).abs() < 0.05, "{form:?} task {k}: σ² {} for a target {target}", tail[k]);
        }
    }
}

/// In training, σ² follows each task's loss: the harder task gets the larger
/// σ² (so the smaller weight), and σ² sits at the loss in the median. Checked
/// over seeds 1–10 with two-unit networks, whose losses mostly plateau by
/// 3,000 quick steps at clearly different levels for the two tasks. Single
/// records stray: where a loss is still falling σ² lags above it (s moves at
/// Adam's lr, 3e-3 per step, and a two-unit net can drop its loss 8× late in a
/// run). Measured with ChaCha8: median σ²/L 1.01 on seeds 1–10, 1.10 on 11–20
/// and 1.01 on 21–30; the harder task had the larger σ² in every case on all 30.
#[test]
fn uncertainty_sigma2_follows_each_tasks_loss_in_training() {
    let mut ratios = Vec::new();
    for seed in 1..=10 {
        let mut cfg = quick(vec![ModelKind::Single, ModelKind::SharedBottom]);
        cfg.data.seed = seed;
        cfg.sizes.single_units = 2;
        cfg.sizes.bottom_units = 2;
        cfg.sizes.tower_units = 2;
        cfg.weighting = LossWeighting::Uncertainty;
        let mut t = Trainer::new(cfg).unwrap();
        t.run(3000);
        for run in &t.runs {
            let last = run.latest().unwrap();
            let sigma2 = &last.uncertainty.as_ref().unwrap().sigma2;
            let loss = &last.train_loss;
            println!("seed {seed} {}: σ² {sigma2:.4?}, training loss {loss:.4?}", run.kind);
            ratios.extend((0..2).map(|k| sigma2[k] / loss[k]));
            let (hard, easy) = if loss[0] > loss[1] { (0, 1) } else { (1, 0) };
            if loss[hard] > 1.5 * loss[easy] {
                assert!(
                    sigma2[hard] > sigma2[easy],
                    "seed {seed} {}: the harder task gets the larger σ²: {sigma2:?} for losses {loss:?}",
                    run.kind
                );
            }
        }
    }
    ratios.sort_by(f64::total_cmp);
    let median = 0.5 * (ratios[19] + ratios[20]);
    println!("σ²/L: median {median:.3}, sorted {ratios:.2?}");
    assert!((1.0 / 1.15..=1.15).contains(&median), "median σ²/L {median}");
}
