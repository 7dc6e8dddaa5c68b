//! The correlated tasks and a race on a file as scenarios of the one race
//! shape ([`super::race`]): their trainer as a [`Race`], and their book.
//!
//! Every worker runs the same trainer on the same data, batches and seeds, so
//! each model's records equal the one-thread race's; only what needs two
//! models at once is computed in the book: the MTL gain over the single-task
//! baselines, `L_single − L_model` per task at the same step (PLE Eq. 11 for a
//! loss), exactly as [`super::Trainer`] does when the baselines race beside it.

use super::eval::Snapshot;
use super::race::{Book, BookRun, Race, Record, Scenario, ViewOf};
use super::table::TableRace;
use super::trainer::ModelRun;
use super::{RaceConfig, RaceData, Trainer};
use crate::data::correlated::TASKS;
use crate::data::CorrelatedData;
use crate::error::Result;
use crate::models::{param_counts, ModelKind};
use serde::{Deserialize, Serialize};

/// The correlated tasks: the race's [`Scenario`] (its trainer is
/// [`Trainer`]`<CorrelatedData>`), and a race on a file's ([`FileTasks`]),
/// whose models and records are the same.
#[derive(Clone, Copy, Debug)]
pub struct Tasks;

/// What a correlated-tasks worker measures of its data: the labels' Pearson
/// correlation and the task correlation `p` it trains at (a live change moves
/// both).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TasksMeasured {
    /// NaN before a worker reported.
    pub label_pearson: f64,
    pub task_correlation: f64,
}

impl Default for TasksMeasured {
    fn default() -> Self {
        Self { label_pearson: f64::NAN, task_correlation: f64::NAN }
    }
}

impl Scenario for Tasks {
    type Kind = ModelKind;
    type Record = Snapshot;
    type Measured = TasksMeasured;
    fn after_append(runs: &mut [BookRun<Self>]) {
        fill_gains(runs);
    }
}

/// A race on a student's file: the correlated tasks' models and records on
/// two labels of the file's (its trainer is [`Trainer`]`<TableRace>`).
#[derive(Clone, Copy, Debug)]
pub struct FileTasks;

impl Scenario for FileTasks {
    type Kind = ModelKind;
    type Record = Snapshot;
    /// Nothing: the encoded table's summary is the page's own (it encodes the file too).
    type Measured = ();
    fn after_append(runs: &mut [BookRun<Self>]) {
        fill_gains(runs);
    }
}

impl Record for Snapshot {
    fn step(&self) -> usize {
        self.step
    }
}

/// The correlated tasks' book, with the models' parameter counts from the
/// config before any record.
pub type RaceBook = Book<Tasks>;

impl Book<Tasks> {
    /// An empty book for `config`'s models, with their parameter counts; the
    /// config is validated as the trainer would.
    pub fn for_race(config: &RaceConfig) -> Result<Self> {
        config.validate()?;
        let counts = param_counts(&config.sizes, config.data.dim, TASKS);
        let params = |kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |c| c.1);
        let mut book: Self = Book::new(config.models.iter().map(|&kind| (kind, params(kind))), config.record_every);
        book.measured.task_correlation = config.data.task_correlation;
        Ok(book)
    }
}

/// `L_single − L_model` per task on every record of a model other than the
/// single-task baselines that has none yet and whose step the baselines
/// recorded (they record nothing once diverged, as in the trainer).
fn fill_gains<S: Scenario<Kind = ModelKind, Record = Snapshot>>(runs: &mut [BookRun<S>]) {
    let Some(single) = runs.iter().position(|r| r.kind == ModelKind::Single) else { return };
    let base: Vec<(usize, Vec<f64>)> = runs[single].history.iter().map(|s| (s.step, s.test_loss.clone())).collect();
    for (i, run) in runs.iter_mut().enumerate() {
        if i == single {
            continue;
        }
        for snap in run.history.iter_mut().rev().take_while(|s| s.mtl_gain.is_none()) {
            if let Ok(at) = base.binary_search_by_key(&snap.step, |(step, _)| *step) {
                snap.mtl_gain = Some(base[at].1.iter().zip(&snap.test_loss).map(|(b, l)| b - l).collect());
            }
        }
    }
}

/// The rows a correlated-tasks-shaped race trains on, as a scenario: the
/// correlated tasks ([`Tasks`]) or a student's table ([`FileTasks`]).
pub trait RaceRows: RaceData {
    type Scenario: Scenario<Kind = ModelKind, Record = Snapshot>;
    fn measured(&self) -> <Self::Scenario as Scenario>::Measured;
}

impl RaceRows for CorrelatedData {
    type Scenario = Tasks;
    fn measured(&self) -> TasksMeasured {
        TasksMeasured { label_pearson: self.label_pearson, task_correlation: self.task_correlation() }
    }
}

impl RaceRows for TableRace {
    type Scenario = FileTasks;
    fn measured(&self) {}
}

impl<D: RaceRows> Race for Trainer<D> {
    type Scenario = D::Scenario;
    fn step(&mut self) {
        Trainer::step(self);
    }
    fn step_count(&self) -> usize {
        self.step_count()
    }
    /// A race of these rows trains on until the page stops granting steps.
    fn finished(&self) -> bool {
        false
    }
    fn runs(&self) -> Vec<ViewOf<'_, D::Scenario>> {
        self.runs.iter().map(ModelRun::view).collect()
    }
    fn measured(&self) -> <D::Scenario as Scenario>::Measured {
        self.race_data().measured()
    }
    fn record_every(&self) -> usize {
        self.config().record_every
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::race::Reporter;
    use crate::CorrelatedConfig;

    fn small(models: Vec<ModelKind>) -> RaceConfig {
        RaceConfig {
            data: CorrelatedConfig { train_samples: 2048, test_samples: 512, seed: 5, ..CorrelatedConfig::default() },
            models,
            batch_size: 64,
            record_every: 10,
            eval_samples: 256,
            ..RaceConfig::default()
        }
    }

    /// Hands `worker`'s new records to `book`, as a worker posts them.
    fn report(book: &mut RaceBook, reporter: &mut Reporter, worker: &Trainer) {
        book.append(reporter.take(worker)).unwrap();
    }

    /// Two "workers" each train part of the race; the book's records, MTL gains
    /// included, equal the one-thread race's.
    #[test]
    fn a_race_split_over_workers_equals_the_one_thread_race() {
        let all = vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];
        let mut whole = Trainer::new(small(all.clone())).unwrap();
        whole.run(60);
        let mut book = RaceBook::for_race(&small(all)).unwrap();
        let parts = [vec![ModelKind::SharedBottom, ModelKind::Mmoe], vec![ModelKind::Single, ModelKind::Omoe]];
        let mut workers: Vec<Trainer> = parts.iter().map(|m| Trainer::new(small(m.clone())).unwrap()).collect();
        let mut reporters = vec![Reporter::default(); 2];
        for chunk in 0..3 {
            // the workers report in turns, the second a chunk behind at first
            for (w, worker) in workers.iter_mut().enumerate() {
                if w == 1 && chunk == 0 {
                    continue;
                }
                worker.run(20 * (chunk + 1) - worker.step_count());
                report(&mut book, &mut reporters[w], worker);
            }
        }
        let last = &mut workers[1];
        last.run(60 - last.step_count());
        report(&mut book, &mut reporters[1], last);
        assert_eq!(book.step(), Some(60));
        for (want, got) in whole.runs.iter().zip(&book.runs) {
            assert_eq!((want.kind, want.num_params()), (got.kind, got.params));
            assert_eq!(want.history, got.history, "{}: the same records, MTL gain included", want.kind);
        }
        assert!(book.runs[1].history.iter().all(|s| s.mtl_gain.is_some()), "gains filled in whatever order records came");
        assert_eq!(book.measured, whole.measured(), "the label and task correlations the workers measured");
    }

    /// A race long enough for its older records to be thinned (history.rs):
    /// workers that send what is newer than their last report give the book
    /// the one-thread race's records, thinned alike.
    #[test]
    fn a_long_race_on_workers_is_thinned_as_the_one_thread_race() {
        use crate::train::history::RECENT;
        let config = |models| RaceConfig { record_every: 1, eval_samples: 64, batch_size: 16, ..small(models) };
        let steps = 5 * RECENT / 2;
        let all = vec![ModelKind::Single, ModelKind::SharedBottom];
        let mut whole = Trainer::new(config(all.clone())).unwrap();
        whole.run(steps);
        let mut book = RaceBook::for_race(&config(all.clone())).unwrap();
        let mut workers: Vec<Trainer> = all.iter().map(|&m| Trainer::new(config(vec![m])).unwrap()).collect();
        let mut reporters = vec![Reporter::default(); 2];
        for until in (100..=steps).step_by(100) {
            for (w, worker) in workers.iter_mut().enumerate() {
                worker.run(until - worker.step_count());
                report(&mut book, &mut reporters[w], worker);
            }
        }
        for (want, got) in whole.runs.iter().zip(&book.runs) {
            let kept = want.history.len();
            assert!(kept < steps && kept <= 2 * RECENT, "{}: {kept} records of {steps} steps", want.kind);
            assert_eq!(want.history, got.history, "{}: the same records, thinned alike", want.kind);
        }
        assert_eq!(whole.runs[0].history.last().map(|s| s.step), Some(steps));
        assert!(book.runs[1].history.iter().rev().take(RECENT).all(|s| s.mtl_gain.is_some()), "recent gains filled");
    }

    #[test]
    fn records_that_go_back_or_name_another_model_are_refused() {
        let mut t = Trainer::new(small(vec![ModelKind::Mmoe])).unwrap();
        t.run(20);
        let mut book = RaceBook::for_race(&small(vec![ModelKind::Mmoe])).unwrap();
        assert_eq!(book.step(), None);
        assert_eq!(book.runs[0].params, t.runs[0].num_params(), "parameter counts before any record");
        book.append(Reporter::default().take(&t)).unwrap();
        assert_eq!(book.step(), Some(20));
        assert!(book.append(Reporter::default().take(&t)).is_err(), "the same records again");
        let mut other = Trainer::new(small(vec![ModelKind::Omoe])).unwrap();
        other.run(40);
        assert!(book.append(Reporter::default().take(&other)).is_err(), "not in the race");
        assert_eq!(book.runs[0].history, t.runs[0].history, "a refused report changes nothing");
        book.clear();
        assert_eq!(book.step(), None);
        assert!(RaceBook::for_race(&RaceConfig { batch_size: 0, ..small(vec![ModelKind::Mmoe]) }).is_err());
    }
}
