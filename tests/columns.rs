//! The export's columns (`train::columns`): every column's path finds a value
//! in the records a real race of its scenario made, so no CSV column is empty
//! because a record's field was renamed; and the headers are unique.

use mtl_playground::models::ModelKind;
use mtl_playground::train::columns::{resolve, Column, RECORD_COLUMNS};
use mtl_playground::train::funnel::FunnelRaceConfig;
use mtl_playground::train::watch::{WatchRaceConfig, WatchTrainer};
use mtl_playground::train::{RaceConfig, Trainer};
use mtl_playground::{FunnelTrainer, WatchConfig};
use serde::Serialize;

mod common;

/// Every column finds a value in at least one model's last record, and its
/// headers are unique and start with `step`.
fn every_column_finds_a_value<R: Serialize>(scenario: &str, columns: &[Column], records: &[&R]) {
    let records: Vec<serde_json::Value> = records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    for column in columns {
        assert!(
            records.iter().any(|r| resolve(r, column.path).is_some()),
            "{scenario}: column {} ({:?}) finds nothing in {:?}",
            column.name,
            column.path,
            records.first()
        );
    }
    let mut names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    assert_eq!(names[0], "step");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), columns.len(), "{scenario}: a header twice");
}

#[test]
fn the_tasks_columns_find_every_value_in_a_race() {
    let mut config =
        RaceConfig { models: ModelKind::ALL.to_vec(), batch_size: 32, record_every: 10, eval_samples: 128, ..RaceConfig::default() };
    config.data.train_samples = 1024;
    config.data.test_samples = 256;
    let mut trainer = Trainer::new(config).unwrap();
    trainer.run(20);
    let last: Vec<_> = trainer.runs.iter().map(|r| r.history.last().unwrap()).collect();
    every_column_finds_a_value("tasks", RECORD_COLUMNS.tasks, &last);
}

#[test]
fn the_funnel_columns_find_every_value_in_a_race() {
    let data = common::small_funnel(2);
    let mut trainer =
        FunnelTrainer::new(FunnelRaceConfig { data, batch_size: 256, record_every: 20, eval_samples: 2048, ..FunnelRaceConfig::default() })
            .unwrap();
    trainer.run(40);
    let last: Vec<_> = trainer.runs.iter().map(|r| r.latest().unwrap()).collect();
    every_column_finds_a_value("funnel", RECORD_COLUMNS.funnel, &last);
}

#[test]
fn the_watch_columns_find_every_value_in_a_race() {
    let data =
        WatchConfig { users: 60, videos: 120, categories: 6, train_samples: 8192, test_per_user: 20, seed: 2, ..WatchConfig::default() };
    let mut trainer =
        WatchTrainer::new(WatchRaceConfig { data, batch_size: 128, steps: 40, record_every: 20, ..WatchRaceConfig::default() }).unwrap();
    trainer.run_to_end();
    let last: Vec<_> = trainer.runs.iter().map(|r| r.history.last().unwrap()).collect();
    every_column_finds_a_value("watch", RECORD_COLUMNS.watch, &last);
}

#[test]
fn a_path_that_names_no_field_finds_nothing() {
    use mtl_playground::train::columns::Seg;
    let record = serde_json::json!({"step": 3, "test_loss": [0.5, null], "gates": null});
    assert_eq!(resolve(&record, &[Seg::Field("step")]), Some(&serde_json::json!(3)));
    assert_eq!(resolve(&record, &[Seg::Field("test_loss"), Seg::Index(1)]), None, "null is none");
    assert_eq!(resolve(&record, &[Seg::Field("gates"), Seg::Field("js_distance")]), None);
    assert_eq!(resolve(&record, &[Seg::Field("tset_loss"), Seg::Index(0)]), None, "a misspelt field");
}
