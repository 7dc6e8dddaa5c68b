//! A race on a student's table (issue 14): the sample file through the same
//! trainer as the correlated tasks, with BCE towers and AUC records; its six
//! charts; the final test metrics; and `mtl-lab data` on the same file.

use mtl_playground::data::table::{self, LabelOp, LabelSpec, Limits, TableConfig};
use mtl_playground::models::{ModelKind, ModelSizes, Preset};
use mtl_playground::nn::activation::Activation;
use mtl_playground::plot::charts::{Chart, DataChart};
use mtl_playground::plot::{chart_runs, ChartText};
use mtl_playground::train::table::{split_metrics, table_trainer, SplitName, TableRace};
use mtl_playground::train::{RaceConfig, RaceData, TaskLoss};
use plotters::prelude::*;
use std::process::Command;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/census-sample.csv");

fn census_labels() -> Vec<LabelSpec> {
    vec![
        LabelSpec { column: "income".into(), op: LabelOp::Eq, value: " 50000+.".into() },
        LabelSpec { column: "marital stat".into(), op: LabelOp::Eq, value: " Never married".into() },
    ]
}

fn race(seed: u64, models: Vec<ModelKind>) -> mtl_playground::train::Trainer<TableRace> {
    race_at(Preset::Paper.sizes(), seed, models, &[])
}

/// A race on the sample leaving out the columns `exclude`.
fn race_at(sizes: ModelSizes, seed: u64, models: Vec<ModelKind>, exclude: &[&str]) -> mtl_playground::train::Trainer<TableRace> {
    let bytes = std::fs::read(SAMPLE).expect("the sample ships with the repository");
    let parsed = table::parse(&bytes, &Limits::default()).expect("the sample parses");
    let exclude = exclude.iter().map(|s| s.to_string()).collect();
    let encoded =
        table::encode(&parsed, &TableConfig { labels: census_labels(), exclude, seed, ..TableConfig::default() }).expect("encodes");
    let mut config = RaceConfig { models, sizes, record_every: 50, eval_samples: 900, ..RaceConfig::default() };
    config.data.seed = seed;
    table_trainer(config.clone(), TableRace::new(encoded, config.eval_samples))
}

#[test]
fn the_sample_races_with_bce_towers_and_auc_records() {
    let mut t = race(1, vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Mmoe]);
    assert_eq!(t.race_data().loss(), TaskLoss::Bce);
    let first: Vec<Vec<f64>> = t.runs.iter().map(|r| r.latest().unwrap().test_loss.clone()).collect();
    t.run(300);
    for (run, first) in t.runs.iter().zip(&first) {
        let last = run.latest().unwrap();
        assert_eq!(last.step, 300);
        let auc = last.test_auc.as_ref().expect("binary labels record AUC");
        println!("{}: validation BCE {:?} → {:.4?}, AUC {auc:.4?}", run.kind, first, last.test_loss);
        for k in 0..2 {
            assert!(last.test_loss[k] < first[k], "{} task {k}: the loss falls", run.kind);
            // both labels depend on the columns (age, education, work): far from a coin
            assert!(auc[k].unwrap() > 0.8, "{} task {k}: validation AUC {:?}", run.kind, auc[k]);
        }
    }
    let mmoe = t.runs.iter().find(|r| r.kind == ModelKind::Mmoe).unwrap().latest().unwrap();
    assert!(mmoe.mtl_gain.is_some() && mmoe.gates.is_some(), "MTL gain against the single-task nets, and gates");
    let test = split_metrics(&mut t, SplitName::Test);
    assert_eq!(test.len(), 3);
    for m in &test {
        assert!(m.auc.iter().all(|a| a.is_some_and(|a| a > 0.8)), "{:?}: test AUC {:?}", m.model, m.auc);
        assert!(m.loss.iter().all(|l| l.is_finite() && *l > 0.0));
    }
}

/// A model whose units died gives every row one score: its AUC is 0.5 by ties,
/// and the final metrics say so (`one_score`), exactly then. The narrow sizes'
/// 2-unit shared bottom dies on some seeds of the sample with ReLU units, as the
/// page's "Try the sample" reads it (its weight column left out); with the
/// narrow preset's leaky ReLU it dies on none of them.
#[test]
fn a_model_that_gives_every_row_one_score_is_named() {
    let one_score = |sizes: &ModelSizes| {
        let mut named = Vec::new();
        for seed in 1..=10 {
            let mut t = race_at(sizes.clone(), seed, vec![ModelKind::Single, ModelKind::SharedBottom], &["instance weight"]);
            t.run(500);
            for m in split_metrics(&mut t, SplitName::Test) {
                for k in 0..2 {
                    let tied = m.auc[k] == Some(0.5);
                    assert_eq!(
                        m.one_score[k], tied,
                        "seed {seed} {:?} task {k}: one score exactly when the AUC is 0.5 by ties ({:?})",
                        m.model, m.auc[k]
                    );
                    if tied {
                        named.push((seed, m.model, k));
                    }
                }
            }
        }
        named
    };
    let relu = one_score(&ModelSizes { activation: Activation::Relu, ..Preset::Narrow.sizes() });
    println!("narrow sizes, ReLU: one score for every row (seed, model, task): {relu:?}");
    assert!(relu.iter().any(|&(_, model, _)| model == ModelKind::SharedBottom), "a 2-unit ReLU shared bottom dies on some of seeds 1–10");
    let leaky = one_score(&Preset::Narrow.sizes());
    println!("narrow preset (leaky ReLU): one score for every row: {leaky:?}");
    assert_eq!(leaky, [], "with leaky ReLU (which cannot die) no model gives one score on seeds 1–10");
}

/// Binary labels scored by BCE take uncertainty weighting's classification
/// form (`e^{−s}·L + 0.5·s`), the correlated tasks the regression form.
#[test]
fn uncertainty_weighting_takes_the_classification_form_on_binary_labels() {
    use mtl_playground::train::{LossWeighting, UncertaintyForm};
    let mut t = race(1, vec![ModelKind::SharedBottom]);
    t.set_weighting(LossWeighting::Uncertainty).unwrap();
    t.run(50);
    let record = t.runs[0].latest().unwrap().uncertainty.clone().expect("σ² recorded");
    assert_eq!(record.form, UncertaintyForm::Classification);
    let weights = &t.runs[0].latest().unwrap().loss_weights;
    for (w, s) in weights.iter().zip(&record.log_variance) {
        assert!((w - (-s).exp()).abs() < 1e-12, "effective weight e^(−s)");
    }
}

#[test]
fn one_seed_gives_one_race_and_another_seed_another_split() {
    let metrics = |seed| {
        let mut t = race(seed, vec![ModelKind::SharedBottom]);
        t.run(40);
        (split_metrics(&mut t, SplitName::Test), t.race_data().encoded().counts.clone())
    };
    let (a, counts_a) = metrics(4);
    let (b, counts_b) = metrics(4);
    assert_eq!(a, b, "same seed, same split, init, batches and metrics");
    assert_eq!(counts_a, counts_b);
    let (c, _) = metrics(5);
    assert_ne!(a, c, "another seed splits, inits and batches anew");
}

#[test]
fn a_table_with_fewer_training_rows_than_a_batch_trains_full_batch() {
    // 300 rows: 210 training rows, under the default batch of 256
    let csv: String = std::iter::once("x,y,z\n".to_string()).chain((0..300).map(|i| format!("{i},{},{}\n", i % 2, i % 7))).collect();
    let parsed = table::parse(csv.as_bytes(), &Limits::default()).expect("parses");
    let labels = vec![
        LabelSpec { column: "x".into(), op: LabelOp::Ge, value: "150".into() },
        LabelSpec { column: "y".into(), op: LabelOp::Eq, value: "1".into() },
    ];
    let encoded = table::encode(&parsed, &TableConfig { labels, ..TableConfig::default() }).expect("encodes");
    assert_eq!(encoded.counts.train, 210);
    let config = RaceConfig { models: vec![ModelKind::SharedBottom], ..RaceConfig::default() };
    let mut trainer = table_trainer(config.clone(), TableRace::new(encoded, config.eval_samples));
    trainer.run(5);
    assert_eq!(trainer.step_count(), 5);
}

#[test]
fn every_data_chart_draws_a_race() {
    let mut t = race(2, ModelKind::ALL.to_vec());
    t.run(100);
    let runs = chart_runs(&t.runs);
    let text = ChartText::default();
    for &chart in DataChart::ALL {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (900, 500)).into_drawing_area();
            chart.draw(&root, &runs, &text).unwrap_or_else(|e| panic!("{}: {e}", chart.id()));
            root.present().unwrap();
        }
        assert!(!out.contains(&text.no_data), "{}: drawn, not empty", chart.id());
        if let Ok(dir) = std::env::var("MTL_PLOT_SVG_DIR") {
            std::fs::write(format!("{dir}/data-{}.svg", chart.id()), &out).unwrap();
        }
        if chart == DataChart::Auc {
            assert!(out.contains(&text.auc) && out.contains("MMoE") && out.contains("PLE"), "the AUC chart names its axis and models");
        }
    }
}

fn lab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mtl-lab")).args(args).output().expect("mtl-lab runs")
}

#[test]
fn the_cli_prints_each_models_test_auc_per_task() {
    let labels = "income=' 50000+.',marital stat=' Never married'";
    let out = lab(&["data", SAMPLE, "--labels", labels, "--seeds", "1-2", "--steps", "60", "--models", "single,sb,mmoe", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["config"]["table"]["labels"][0]["value"], " 50000+.", "the quoted value keeps its leading space");
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(runs.iter().map(|r| r["seed"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2]);
    for run in runs {
        let counts = &run["counts"];
        assert_eq!(counts["rows_read"], 6000);
        let split: u64 = ["train", "validation", "test"].iter().map(|s| counts[s].as_u64().unwrap()).sum();
        assert_eq!(split, 6000, "every labelled row in one split");
        for m in run["models"].as_array().unwrap() {
            let auc = m["test"]["auc"].as_array().unwrap();
            assert_eq!(auc.len(), 2);
            assert!(auc.iter().all(|a| a.as_f64().is_some_and(|a| a > 0.5)), "{m}");
        }
    }
    // a table for people
    let table = lab(&["data", SAMPLE, "--labels", labels, "--steps", "30", "--models", "sb"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(table.status.success() && text.contains("test AUC") && text.contains("Shared-Bottom"), "{text}");
}

#[test]
fn cli_usage_errors_name_the_problem() {
    let cases: [(&[&str], &str); 5] = [
        (&["data", "--labels", "a,b"], "which file?"),
        (&["data", SAMPLE], "--labels"),
        (&["data", SAMPLE, "--labels", "income"], "two labels"),
        (&["data", SAMPLE, "--labels", "incme=' 50000+.',sex=' Male'"], "incme"),
        (&["data", SAMPLE, "--labels", "age,sex=' Male'"], "not a binary column"),
    ];
    for (args, needle) in cases {
        let out = lab(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let missing = lab(&["data", "/no/such/file.csv", "--labels", "a,b"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/file.csv"));
}
