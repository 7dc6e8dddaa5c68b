//! The trainer: determinism, learning, live changes, and what it records.

mod common;
use common::quick;
use mtl_playground::models::ModelKind;
use mtl_playground::{RaceConfig, Trainer};

/// Per model, per record: (step, train loss per task, test loss per task).
type Curves = Vec<Vec<(usize, Vec<f64>, Vec<f64>)>>;

fn curves(trainer: &Trainer) -> Curves {
    trainer.runs.iter().map(|r| r.history.iter().map(|s| (s.step, s.train_loss.clone(), s.test_loss.clone())).collect()).collect()
}

#[test]
fn one_seed_gives_identical_curves() {
    let run = || {
        let mut t = Trainer::new(quick(ModelKind::ALL.to_vec())).unwrap();
        t.run(200);
        t
    };
    let (a, b) = (run(), run());
    assert_eq!(curves(&a), curves(&b));
    assert_eq!(curves(&a)[0].len(), 11, "a record at step 0 and every 20 steps");
    let mut other = quick(ModelKind::ALL.to_vec());
    other.data.seed = 4;
    let mut c = Trainer::new(other).unwrap();
    c.run(200);
    assert_ne!(curves(&a), curves(&c));
}

#[test]
fn a_model_starts_the_same_whoever_races_beside_it() {
    let mut alone = Trainer::new(quick(vec![ModelKind::Mmoe])).unwrap();
    let mut racing = Trainer::new(quick(vec![ModelKind::SharedBottom, ModelKind::Mmoe])).unwrap();
    alone.run(60);
    racing.run(60);
    assert_eq!(alone.runs[0].history, racing.runs[1].history);
}

#[test]
fn every_model_learns_both_tasks() {
    let mut t = Trainer::new(quick(ModelKind::ALL.to_vec())).unwrap();
    t.run(400);
    for run in &t.runs {
        let (first, last) = (&run.history[0], run.latest().unwrap());
        for k in 0..2 {
            assert!(
                last.test_loss[k] < 0.5 * first.test_loss[k],
                "{} task {k}: test loss {} → {}",
                run.kind,
                first.test_loss[k],
                last.test_loss[k]
            );
        }
        assert!(run.diverged_at.is_none());
    }
}

#[test]
fn records_gates_gradient_cosine_and_mtl_gain() {
    let mut t = Trainer::new(quick(ModelKind::ALL.to_vec())).unwrap();
    t.run(100);
    for run in &t.runs {
        let snap = run.latest().unwrap();
        match run.kind {
            ModelKind::Single => {
                assert!(snap.gates.is_none() && snap.grad_cosine.is_none() && snap.mtl_gain.is_none());
            }
            kind => {
                let cos = snap.grad_cosine.expect("shared parameters have a gradient cosine");
                assert!((-1.0..=1.0).contains(&cos));
                assert_eq!(snap.mtl_gain.as_ref().map(Vec::len), Some(2));
                let single = t.runs[0].latest().unwrap();
                let gain = snap.mtl_gain.as_ref().unwrap();
                assert!((gain[0] - (single.test_loss[0] - snap.test_loss[0])).abs() < 1e-12, "PLE Eq. 11 for a loss");
                if kind == ModelKind::SharedBottom {
                    assert!(snap.gates.is_none());
                    continue;
                }
                let gates = snap.gates.as_ref().unwrap();
                assert_eq!((gates.mean.len(), gates.mean[0].len()), (2, 8), "task × expert");
                for row in &gates.mean {
                    assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-5, "mean gate is a distribution: {row:?}");
                }
                assert!(gates.entropy_bits > 0.0 && gates.entropy_bits <= 3.0 + 1e-9, "8 experts: at most 3 bits");
                if kind == ModelKind::Omoe {
                    assert_eq!(gates.mean[0], gates.mean[1], "one gate serves both tasks");
                    assert!(gates.js_distance < 1e-6);
                } else {
                    assert!(gates.js_distance > 0.0);
                }
            }
        }
    }
}

#[test]
fn probing_gradients_does_not_change_the_update() {
    // Recording every step probes every step (one backward per task); the
    // weighted sum must give the same training as one weighted backward.
    let mut probed = quick(vec![ModelKind::Mmoe]);
    probed.record_every = 1;
    probed.loss_weights = vec![0.3, 1.7];
    let mut plain = probed.clone();
    plain.record_every = 50;
    let (mut a, mut b) = (Trainer::new(probed).unwrap(), Trainer::new(plain).unwrap());
    a.run(50);
    b.run(50);
    let (la, lb) = (&a.runs[0].latest().unwrap().test_loss, &b.runs[0].latest().unwrap().test_loss);
    for k in 0..2 {
        assert!((la[k] - lb[k]).abs() < 1e-4 * lb[k].max(1e-3), "task {k}: {la:?} vs {lb:?}");
    }
}

#[test]
fn loss_weights_and_learning_rate_change_without_a_reset() {
    let mut t = Trainer::new(quick(vec![ModelKind::SharedBottom])).unwrap();
    t.run(100);
    t.set_loss_weights(&[1.0, 0.0]).unwrap();
    t.set_learning_rate(1e-3).unwrap();
    let before = t.runs[0].latest().unwrap().test_loss.clone();
    t.run(300);
    let after = t.runs[0].latest().unwrap();
    assert_eq!(t.step_count(), 400, "training went on");
    assert_eq!(after.loss_weights, vec![1.0, 0.0]);
    assert!(after.test_loss[0] < before[0], "task A keeps improving: {before:?} → {:?}", after.test_loss);
    assert!(t.set_loss_weights(&[0.0, 0.0]).is_err());
    assert!(t.set_loss_weights(&[f64::NAN, 1.0]).is_err());
    assert!(t.set_learning_rate(-1.0).is_err());
}

#[test]
fn changing_task_correlation_keeps_training_the_same_models() {
    let mut t = Trainer::new(quick(vec![ModelKind::Mmoe])).unwrap();
    t.run(200);
    let pearson_before = t.data().label_pearson;
    t.set_task_correlation(-0.5).unwrap();
    assert!(t.data().label_pearson < pearson_before);
    t.run(40);
    assert_eq!(t.step_count(), 240);
    assert_eq!(t.runs[0].history.len(), 13, "history continues across the change");
    assert!(t.set_task_correlation(2.0).is_err());
}

#[test]
fn reset_models_restarts_from_the_same_initial_weights() {
    let mut t = Trainer::new(quick(vec![ModelKind::Omoe])).unwrap();
    let start = t.runs[0].history[0].clone();
    t.run(100);
    t.reset_models();
    assert_eq!(t.step_count(), 0);
    assert_eq!(t.runs[0].history, vec![start]);
}

#[test]
fn a_diverging_model_stops_and_says_when() {
    let mut cfg = quick(vec![ModelKind::SharedBottom, ModelKind::Mmoe]);
    cfg.optimizer.lr = 1.0;
    cfg.loss_weights = vec![100.0, 100.0];
    let mut t = Trainer::new(cfg).unwrap();
    t.run(300);
    let diverged: Vec<_> = t.runs.iter().filter_map(|r| r.diverged_at).collect();
    assert!(!diverged.is_empty(), "lr 1 with weights 100 should blow up");
    for run in &t.runs {
        assert!(run.history.iter().all(|s| s.test_loss.iter().all(|l| l.is_finite())), "no NaN is recorded");
    }
}

#[test]
fn invalid_configs_are_errors_not_panics() {
    let bad = [
        RaceConfig { models: vec![], ..quick(vec![]) },
        RaceConfig { batch_size: 0, ..quick(vec![ModelKind::Mmoe]) },
        RaceConfig { loss_weights: vec![1.0], ..quick(vec![ModelKind::Mmoe]) },
        RaceConfig { models: vec![ModelKind::Mmoe, ModelKind::Mmoe], ..quick(vec![]) },
    ];
    for cfg in bad {
        assert!(Trainer::new(cfg).is_err());
    }
}

#[test]
fn cgc_and_ple_gates_weigh_their_own_and_the_shared_experts() {
    let mut t = Trainer::new(quick(vec![ModelKind::Mmoe, ModelKind::Cgc, ModelKind::Ple])).unwrap();
    t.run(300);
    let owners = [Some(0), Some(0), Some(1), Some(1), None, None, None, None];
    for run in &t.runs[1..] {
        let (first, last) = (&run.history[0], run.latest().unwrap());
        for k in 0..2 {
            assert!(last.test_loss[k] < 0.5 * first.test_loss[k], "{} task {k}: {} → {}", run.kind, first.test_loss[k], last.test_loss[k]);
        }
        let gates = last.gates.as_ref().expect("CGC and PLE have gates");
        assert_eq!(gates.owners, owners, "{}: A1 A2 B1 B2 S1–S4", run.kind);
        for (k, row) in gates.mean.iter().enumerate() {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-5, "{}: task {k}'s mean gate is a distribution: {row:?}", run.kind);
            let other = 2 * (1 - k)..2 * (1 - k) + 2;
            assert!(row[other].iter().all(|&g| g == 0.0), "{}: task {k}'s gate weighs the other task's experts: {row:?}", run.kind);
            assert!(row.iter().enumerate().filter(|(e, _)| !(2 * (1 - k)..2 * (1 - k) + 2).contains(e)).all(|(_, &g)| g > 0.0));
            assert_eq!(gates.support(k), 6);
        }
        // each gate weighs 6 experts: at most log2 6 bits
        assert!(gates.entropy_bits > 0.0 && gates.entropy_bits <= 6f64.log2() + 1e-9, "{}: {} bits", run.kind, gates.entropy_bits);
        assert!((0.0..=1.0).contains(&gates.js_distance) && gates.js_distance > 0.0, "{}: JS {}", run.kind, gates.js_distance);
        assert!(last.grad_cosine.is_some_and(|c| (-1.0..=1.0).contains(&c)));
    }
    // the parameter counts documented on ModelSizes (d = 100, two tasks)
    let params: Vec<usize> = t.runs.iter().map(|r| r.num_params()).collect();
    assert_eq!(params, [14_834, 14_430, 17_618]);
}

#[test]
fn default_race_is_the_mmoe_papers_four() {
    assert_eq!(RaceConfig::default().models, ModelKind::RACE.to_vec());
    assert_eq!(ModelKind::ALL.len(), 6);
    for kind in ModelKind::ALL {
        assert_eq!(kind.id().parse::<ModelKind>().unwrap(), kind);
        assert_eq!(kind.label().parse::<ModelKind>().unwrap(), kind);
    }
}
