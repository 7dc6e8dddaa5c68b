//! The one race shape (`train::race`) for every scenario: a race whose models
//! are split over "workers" (each a race of some of the models, stepped only
//! up to the step a grant allows, reporting what it recorded since its last
//! report) gathers in a `Book` exactly the records the one-thread race makes,
//! on one worker and on two, with a live change at the same step (the tasks'
//! `p`, a file's loss weights, watch time's `w`), the funnel's early stopping,
//! and watch time's `w` sweep split over the workers.

use mtl_playground::data::table::{self, LabelOp, LabelSpec, Limits, TableConfig};
use mtl_playground::models::funnel::FunnelKind;
use mtl_playground::models::watch::WatchKind;
use mtl_playground::models::ModelKind;
use mtl_playground::train::funnel::FunnelRaceConfig;
use mtl_playground::train::race::{Book, Race, Reporter, Scenario};
use mtl_playground::train::sweep::split_jobs;
use mtl_playground::train::table::{table_trainer, TableRace};
use mtl_playground::train::watch::sweep::default_weights;
use mtl_playground::train::watch::{WatchRace, WatchRaceConfig};
use mtl_playground::train::{RaceConfig, Trainer};
use mtl_playground::{FunnelConfig, FunnelTrainer, WatchConfig};

mod common;

/// Steps a grant lets the workers go past the slowest one (the page's AHEAD, smaller).
const AHEAD: usize = 7;

/// Trains `workers` in lock-step grants until each has nothing left to train
/// or has reached `steps`, applying `live` to each exactly at step `live_at`
/// (as the page's pool does), and gathers their reports in `book`. Grants
/// count work, as the page's do ([`Race::work`]: the steps, and then watch
/// time's sweep); with `sweeps` they go on past `steps` until every worker
/// has nothing left.
fn race_on_workers<R: Race>(
    workers: &mut [R],
    book: &mut Book<R::Scenario>,
    steps: usize,
    live_at: usize,
    live: &dyn Fn(&mut R),
    sweeps: bool,
) {
    let mut reporters = vec![Reporter::default(); workers.len()];
    let mut changed = vec![false; workers.len()];
    let mut grant = 0;
    let limit = if sweeps { usize::MAX } else { steps };
    loop {
        let running: Vec<usize> = workers.iter().filter(|w| !w.finished() && w.work() < limit).map(|w| w.work()).collect();
        let Some(&slowest) = running.iter().min() else { break };
        grant = grant.max((slowest + AHEAD).min(limit));
        // the workers take turns, each as far as the grant allows (or a little less: the last one lags)
        for (w, worker) in workers.iter_mut().enumerate() {
            let until = if w + 1 == reporters.len() && w > 0 { grant.saturating_sub(3).max(slowest + 1) } else { grant };
            while !worker.finished() && worker.work() < until.min(limit) {
                if worker.work() == live_at && !changed[w] {
                    live(worker);
                    changed[w] = true;
                }
                worker.step();
            }
            let report = reporters[w].take(worker);
            assert_eq!(report.work, worker.work(), "a report says how far its worker went");
            book.append(report).unwrap();
        }
    }
}

/// The one-thread race to `steps` with the same live change.
fn race_on_one_thread<R: Race>(race: &mut R, steps: usize, live_at: usize, live: &dyn Fn(&mut R), sweeps: bool) {
    while !race.finished() && race.step_count() < steps {
        if race.step_count() == live_at {
            live(race);
        }
        race.step();
    }
    while sweeps && !race.finished() {
        race.step();
    }
}

/// The book of workers (1 and 2) racing `models` holds the one-thread race's
/// records, model for model, and what the one-thread race measured.
fn equals_one_thread<R: Race, K: Clone>(
    models: &[K],
    make: &dyn Fn(Vec<K>, usize, usize) -> R,
    steps: usize,
    live_at: usize,
    live: &dyn Fn(&mut R),
    sweeps: bool,
) -> R
where
    <R::Scenario as Scenario>::Measured: PartialEq,
{
    let mut whole = make(models.to_vec(), 0, 1);
    race_on_one_thread(&mut whole, steps, live_at, live, sweeps);
    let want: Vec<_> = whole.runs().iter().map(|r| (r.kind, r.params, r.history.to_vec(), r.diverged_at, r.stopped_at)).collect();
    for workers in [1, 2] {
        let groups = split_jobs(models.len(), workers);
        let mut races: Vec<R> =
            groups.iter().enumerate().map(|(w, g)| make(g.iter().map(|&i| models[i].clone()).collect(), w, workers)).collect();
        let mut book = empty_book(&whole);
        race_on_workers(&mut races, &mut book, steps, live_at, live, sweeps);
        let got: Vec<_> = book.runs.iter().map(|r| (r.kind, r.params, r.history.clone(), r.diverged_at, r.stopped_at)).collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{workers} worker(s): {:?} has the one-thread race's records", w.0);
        }
        assert_eq!(book.measured, whole.measured(), "{workers} worker(s): the one-thread race's measurements");
        let mut whole_book = empty_book(&whole);
        whole_book.append(Reporter::default().take(&whole)).unwrap();
        assert_eq!(book.step(), whole_book.step(), "{workers} worker(s): the common step");
    }
    whole
}

/// An empty book for `race`'s models in legend order.
fn empty_book<R: Race>(race: &R) -> Book<R::Scenario> {
    Book::new(race.runs().iter().map(|r| (r.kind, r.params)), race.record_every())
}

#[test]
fn the_tasks_race_on_workers_equals_the_one_thread_race_with_a_live_p() {
    let models = [ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];
    let make = |models: Vec<ModelKind>, _: usize, _: usize| {
        let mut config = RaceConfig { models, record_every: 5, batch_size: 32, eval_samples: 128, ..RaceConfig::default() };
        (config.data.train_samples, config.data.test_samples) = (1024, 256);
        Trainer::new(config).unwrap()
    };
    let live = |t: &mut Trainer| t.set_task_correlation(0.2).unwrap();
    equals_one_thread(&models, &make, 60, 23, &live, false);
}

#[test]
fn a_race_on_a_file_on_workers_equals_the_one_thread_race_with_live_loss_weights() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/census-sample.csv")).unwrap();
    let parsed = table::parse(&bytes, &Limits::default()).unwrap();
    let labels = vec![
        LabelSpec { column: "income".into(), op: LabelOp::Eq, value: " 50000+.".into() },
        LabelSpec { column: "marital stat".into(), op: LabelOp::Eq, value: " Never married".into() },
    ];
    let make = |models: Vec<ModelKind>, _: usize, _: usize| {
        let encoded = table::encode(&parsed, &TableConfig { labels: labels.clone(), seed: 3, ..TableConfig::default() }).unwrap();
        let config = RaceConfig { models, batch_size: 64, record_every: 10, eval_samples: 300, ..RaceConfig::default() };
        table_trainer(config.clone(), TableRace::new(encoded, config.eval_samples))
    };
    let live = |t: &mut Trainer<TableRace>| t.set_loss_weights(&[0.8, 0.2]).unwrap();
    equals_one_thread(&[ModelKind::Single, ModelKind::SharedBottom, ModelKind::Mmoe], &make, 50, 17, &live, false);
}

#[test]
fn the_funnel_race_on_workers_equals_the_one_thread_race_early_stops_included() {
    let make = |models: Vec<FunnelKind>, _: usize, _: usize| {
        let config = FunnelRaceConfig {
            data: FunnelConfig { train_samples: 2048, validation_samples: 512, test_samples: 512, ..common::small_funnel(4) },
            models,
            batch_size: 128,
            record_every: 3,
            eval_samples: 256,
            patience: 1,
            ..FunnelRaceConfig::default()
        };
        FunnelTrainer::new(config).unwrap()
    };
    let models = FunnelKind::ALL.to_vec();
    // long enough that early stopping stops some model (at step 129), and the others train on
    let whole = equals_one_thread(&models, &make, 160, usize::MAX, &|_| {}, false);
    assert!(whole.runs.iter().any(|r| r.stopped_at.is_some()), "a model stopped early in this race");
}

#[test]
fn the_watch_race_and_its_w_sweep_on_workers_equal_the_one_thread_race_with_a_live_w() {
    let make = |models: Vec<WatchKind>, worker: usize, workers: usize| {
        let data =
            WatchConfig { users: 40, videos: 80, categories: 5, train_samples: 4096, test_per_user: 10, seed: 3, ..WatchConfig::default() };
        let config = WatchRaceConfig { data, models, batch_size: 128, steps: 40, record_every: 10, ..WatchRaceConfig::default() };
        // the sweep's weights dealt as the page's pool deals them
        let weights = default_weights();
        let mine = split_jobs(weights.len(), workers)[worker].iter().map(|&i| weights[i]).collect();
        WatchRace::new(config, mine).unwrap()
    };
    let live = |r: &mut WatchRace| r.trainer.set_click_weight(0.3).unwrap();
    equals_one_thread(&WatchKind::ALL, &make, 40, 12, &live, true);
}

#[test]
fn a_grant_bounds_watch_times_sweep_as_it_bounds_its_race() {
    let data =
        WatchConfig { users: 20, videos: 40, categories: 4, train_samples: 1024, test_per_user: 10, seed: 5, ..WatchConfig::default() };
    let config = WatchRaceConfig { data, batch_size: 64, steps: 20, record_every: 10, ..WatchRaceConfig::default() };
    let mut race = WatchRace::new(config, vec![0.0, 0.5, 1.0]).unwrap();
    // a grant of 25: the race's 20 steps and 5 of the sweep's, then a pause (no further grant)
    while race.work() < 25 {
        race.step();
    }
    assert_eq!((race.step_count(), race.work()), (20, 25), "the race's steps are done, and five of the sweep's");
    assert!(!race.finished() && race.points().is_empty(), "the sweep has more to train");
    assert_eq!(Reporter::default().take(&race).work, 25, "the report carries the work for the page's grants");
    while !race.finished() {
        race.step();
    }
    assert_eq!(race.points().len(), 3, "granted on, the sweep finishes every weight");
    assert!(race.work() > 25 && race.step_count() == 20, "the step stays the race's");
}
