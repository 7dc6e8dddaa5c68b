//! The funnel generator and the funnel trainer: rates, counterfactual labels,
//! determinism, early stopping, configuration errors.

use mtl_playground::models::funnel::FunnelKind;
use mtl_playground::train::funnel::{FunnelMetrics, FunnelSnapshot};
use mtl_playground::{Error, FunnelConfig, FunnelData, FunnelRaceConfig, FunnelTrainer};

mod common;
use common::small_funnel as small_data;

fn small_race(seed: u64) -> FunnelRaceConfig {
    FunnelRaceConfig { data: small_data(seed), batch_size: 256, record_every: 20, eval_samples: 2048, ..FunnelRaceConfig::default() }
}

#[test]
fn funnel_hits_its_rates_and_keeps_counterfactual_conversions() {
    let data = FunnelData::generate(&FunnelConfig { seed: 3, ..FunnelConfig::default() }).unwrap();
    let s = &data.stats;
    assert!((s.ctr - 0.08).abs() < 0.005, "CTR {}", s.ctr);
    assert!((s.cvr_clicked - 0.08).abs() < 0.01, "CVR among clicks {}", s.cvr_clicked);
    // selection: clicked impressions convert more often than the entire space would
    assert!(s.cvr_entire < 0.75 * s.cvr_clicked, "entire-space CVR {} vs clicked {}", s.cvr_entire, s.cvr_clicked);
    assert!((0.5..2.0).contains(&s.conversions_per_item), "about one conversion per item: {}", s.conversions_per_item);
    let n = data.config.total();
    assert_eq!(data.user.len(), n);
    assert_eq!(data.dense.len(), n * data.dense_features());
    for i in 0..n {
        assert_eq!(data.ctcvr[i], data.click[i] * data.conversion[i], "observed CTCVR = click ∧ conversion");
        assert!(data.user[i] < 1000 && data.item[i] < 2000 && data.category[i] < 50);
    }
    let unclicked_conversions = (0..n).filter(|&i| data.click[i] == 0.0 && data.conversion[i] == 1.0).count();
    assert!(unclicked_conversions > 1000, "unclicked impressions carry counterfactual conversions");
    assert_eq!(data.train().end, data.validation().start);
    assert_eq!(data.validation().end, data.test().start);
}

#[test]
fn same_seed_same_funnel_and_no_shared_factor_in_the_control() {
    let a = FunnelData::generate(&small_data(7)).unwrap();
    let b = FunnelData::generate(&small_data(7)).unwrap();
    assert_eq!((&a.item, &a.click, &a.conversion, &a.dense), (&b.item, &b.click, &b.conversion, &b.dense));
    let c = FunnelData::generate(&small_data(8)).unwrap();
    assert_ne!(a.click, c.click);

    // with ρ = 0 clicked impressions convert about as often as the entire space
    let big = |rho| FunnelConfig { propensity_correlation: rho, seed: 2, ..FunnelConfig::default() };
    let control = FunnelData::generate(&big(0.0)).unwrap().stats;
    let shared = FunnelData::generate(&big(0.8)).unwrap().stats;
    assert!((control.cvr_entire / control.cvr_clicked - 1.0).abs() < 0.15, "{control:?}");
    assert!(shared.cvr_entire / shared.cvr_clicked < 0.6, "{shared:?}");
}

#[test]
fn bad_settings_are_errors_not_panics() {
    for (config, field) in [
        (FunnelConfig { ctr: 0.0, ..small_data(1) }, "ctr"),
        (FunnelConfig { cvr: f64::NAN, ..small_data(1) }, "cvr"),
        (FunnelConfig { propensity_correlation: 1.5, ..small_data(1) }, "propensity_correlation"),
        (FunnelConfig { categories: 500, ..small_data(1) }, "categories"),
        (FunnelConfig { items: 0, ..small_data(1) }, "items"),
    ] {
        match FunnelData::generate(&config) {
            Err(Error::InvalidConfig { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: expected an error, got {:?}", other.map(|d| d.stats)),
        }
    }
    let race = FunnelRaceConfig { models: vec![FunnelKind::Esmm, FunnelKind::Esmm], ..small_race(1) };
    assert!(matches!(FunnelTrainer::new(race), Err(Error::InvalidConfig { field: "models", .. })));
    let race = FunnelRaceConfig { batch_size: 0, ..small_race(1) };
    assert!(FunnelTrainer::new(race).is_err());
    // serde: documented defaults, unknown fields rejected
    let parsed: FunnelRaceConfig = serde_json::from_str(r#"{"data": {"cvr": 0.05}, "models": ["base", "esmm"]}"#).unwrap();
    assert_eq!(parsed.data.cvr, 0.05);
    assert_eq!(parsed.models, [FunnelKind::Base, FunnelKind::Esmm]);
    assert_eq!(parsed.batch_size, FunnelRaceConfig::default().batch_size);
    assert!(serde_json::from_str::<FunnelRaceConfig>(r#"{"learning_rate": 0.1}"#).is_err());
    assert!(serde_json::from_str::<FunnelRaceConfig>(r#"{"data": {"clicks": 3}}"#).is_err());
}

fn curves(trainer: &FunnelTrainer) -> Vec<Vec<FunnelSnapshot>> {
    trainer.runs.iter().map(|r| r.history.clone()).collect()
}

#[test]
fn lockstep_race_is_deterministic_and_records_every_metric() {
    let mut a = FunnelTrainer::new(small_race(4)).unwrap();
    let mut b = FunnelTrainer::new(small_race(4)).unwrap();
    a.run(60);
    b.run(60);
    assert_eq!(curves(&a), curves(&b), "same seed, same curves");
    let kinds: Vec<FunnelKind> = a.runs.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, FunnelKind::ALL);
    for run in &a.runs {
        assert_eq!(run.history.len(), 4, "step 0 and every 20 steps");
        let last = run.latest().unwrap();
        assert_eq!(last.step, 60);
        assert_eq!(last.train_loss.len(), run.kind.parts());
        assert_eq!(last.validation_loss.len(), run.kind.parts());
        let m: &FunnelMetrics = &last.metrics;
        for v in [m.ctr_auc, m.ctcvr_auc, m.cvr_auc_clicked, m.cvr_auc_entire] {
            assert!(v.is_some_and(|v| (0.0..=1.0).contains(&v)), "{:?}: {m:?}", run.kind);
        }
        assert_eq!(m.calibration.len(), 10);
        assert!(m.mean_pcvr > 0.0 && m.true_mean_cvr > 0.0);
        // the snapshot is serialisable for the page
        let json = serde_json::to_string(last).unwrap();
        let back: FunnelSnapshot = serde_json::from_str(&json).unwrap();
        assert_eq!((back.step, back.metrics.cvr_auc_entire.is_some()), (last.step, true));
    }
    let finals = a.evaluate_test();
    assert_eq!(finals.len(), 4);
    assert!(finals.iter().all(|m| m.ctr_auc.unwrap() > 0.55), "CTR is learnable in 60 steps: {finals:?}");
}

#[test]
fn early_stopping_stops_and_keeps_the_best_parameters() {
    let optimizer = mtl_playground::nn::AdamConfig { lr: 0.03, ..Default::default() };
    let config = FunnelRaceConfig { models: vec![FunnelKind::Esmm], patience: 2, optimizer, ..small_race(5) };
    let mut trainer = FunnelTrainer::new(config).unwrap();
    trainer.run(5000);
    assert!(trainer.finished(), "a small funnel at a high learning rate overfits and stops");
    let run = &trainer.runs[0];
    let stopped = run.stopped_at.unwrap();
    assert!(stopped < 5000 && trainer.step_count() == stopped);
    assert!(run.best_step[0] < stopped);
    let best = run.history.iter().find(|s| s.step == run.best_step[0]).unwrap();
    let lowest = run.history.iter().map(|s| s.validation_loss[0]).fold(f64::INFINITY, f64::min);
    assert_eq!(best.validation_loss[0], lowest);
    assert!(run.history.last().unwrap().stopped);
}
