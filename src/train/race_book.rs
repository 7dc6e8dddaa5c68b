//! The records of a race whose models train elsewhere (in Web Workers, a few
//! models each), gathered per model as they arrive: what the page summarises,
//! draws and exports while they run.
//!
//! Every worker runs the same trainer on the same data, batches and seeds, so
//! each model's records equal the one-thread race's; only what needs two
//! models at once is computed here: the MTL gain over the single-task
//! baselines, `L_single − L_model` per task at the same step (PLE Eq. 11 for a
//! loss), exactly as [`super::Trainer`] does when the baselines race beside it.
//!
//! Not here: training, or the order workers are told to step in (the page's
//! pool decides that).

use super::eval::Snapshot;
use super::history;
use super::RaceConfig;
use crate::data::correlated::TASKS;
use crate::error::{Error, Result};
use crate::models::{param_counts, ModelKind};

/// One model's records so far.
#[derive(Clone, Debug, PartialEq)]
pub struct BookRun {
    pub kind: ModelKind,
    pub params: usize,
    pub diverged_at: Option<usize>,
    pub history: Vec<Snapshot>,
}

/// The gathered records of every model of a race, in the config's legend
/// order, and what the workers measured of the data: the labels' Pearson
/// correlation and the task correlation `p` the race trains at now.
#[derive(Clone, Debug)]
pub struct RaceBook {
    config: RaceConfig,
    pub runs: Vec<BookRun>,
    /// The measured label correlation (NaN before a worker reported).
    pub label_pearson: f64,
    /// The task correlation the workers train at (the config's until one reports).
    pub task_correlation: f64,
}

impl RaceBook {
    /// An empty book for `config`'s models, with their parameter counts; the
    /// config is validated as the trainer would.
    pub fn new(config: RaceConfig) -> Result<Self> {
        config.validate()?;
        let counts = param_counts(&config.sizes, config.data.dim, TASKS);
        let params = |kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |c| c.1);
        let runs =
            config.models.iter().map(|&kind| BookRun { kind, params: params(kind), diverged_at: None, history: Vec::new() }).collect();
        let task_correlation = config.data.task_correlation;
        Ok(Self { config, runs, label_pearson: f64::NAN, task_correlation })
    }

    pub fn config(&self) -> &RaceConfig {
        &self.config
    }

    /// Appends `records` of `kind` (newer than what the book holds) and its
    /// parameter count and divergence; fills in the MTL gains that became
    /// computable. Refuses a model not in the race or records that go back.
    pub fn append(&mut self, kind: ModelKind, params: usize, diverged_at: Option<usize>, records: Vec<Snapshot>) -> Result<()> {
        let run = self
            .runs
            .iter_mut()
            .find(|r| r.kind == kind)
            .ok_or_else(|| Error::InvalidConfig { field: "models", reason: format!("{} is not in this race", kind.id()) })?;
        let last = run.history.last().map(|s| s.step);
        if let (Some(last), Some(first)) = (last, records.first()) {
            if first.step <= last {
                return Err(Error::InvalidConfig { field: "records", reason: format!("{}: step {} after {last}", kind.id(), first.step) });
            }
        }
        run.params = params;
        run.diverged_at = diverged_at;
        run.history.extend(records);
        self.fill_gains();
        // thinned as the trainer thins its own (history.rs): the same records stay
        let every = self.config.record_every;
        for run in &mut self.runs {
            history::thin(&mut run.history, every, |s| s.step);
        }
        Ok(())
    }

    /// What a worker measured with its last records: the label correlation
    /// and the task correlation (which a live change moves).
    pub fn measured(&mut self, label_pearson: f64, task_correlation: f64) {
        self.label_pearson = label_pearson;
        self.task_correlation = task_correlation;
    }

    /// Clears every model's records (the workers restarted the race).
    pub fn clear(&mut self) {
        for run in &mut self.runs {
            run.history.clear();
            run.diverged_at = None;
        }
    }

    /// The step every model has recorded up to: the latest step whose records
    /// are complete (a diverged model counts as done). `None` before any record.
    pub fn step(&self) -> Option<usize> {
        let live: Vec<Option<usize>> =
            self.runs.iter().filter(|r| r.diverged_at.is_none()).map(|r| r.history.last().map(|s| s.step)).collect();
        if live.is_empty() {
            return self.runs.iter().filter_map(|r| r.history.last().map(|s| s.step)).max();
        }
        live.into_iter().collect::<Option<Vec<usize>>>()?.into_iter().min()
    }

    /// `L_single − L_model` per task on every record of a model other than the
    /// single-task baselines that has none yet and whose step the baselines
    /// recorded (they record nothing once diverged, as in the trainer).
    fn fill_gains(&mut self) {
        let Some(single) = self.runs.iter().position(|r| r.kind == ModelKind::Single) else { return };
        let base: Vec<(usize, Vec<f64>)> = self.runs[single].history.iter().map(|s| (s.step, s.test_loss.clone())).collect();
        for (i, run) in self.runs.iter_mut().enumerate() {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Trainer;
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

    /// Two "workers" each train part of the race; the book's records, MTL gains
    /// included, equal the one-thread race's.
    #[test]
    fn a_race_split_over_workers_equals_the_one_thread_race() {
        let all = vec![ModelKind::Single, ModelKind::SharedBottom, ModelKind::Omoe, ModelKind::Mmoe];
        let mut whole = Trainer::new(small(all.clone())).unwrap();
        whole.run(60);
        let mut book = RaceBook::new(small(all)).unwrap();
        let parts = [vec![ModelKind::SharedBottom, ModelKind::Mmoe], vec![ModelKind::Single, ModelKind::Omoe]];
        let mut workers: Vec<Trainer> = parts.iter().map(|m| Trainer::new(small(m.clone())).unwrap()).collect();
        let mut sent = vec![vec![0; 2]; 2];
        for chunk in 0..3 {
            // the workers report in turns, the second a chunk behind at first
            for (w, worker) in workers.iter_mut().enumerate() {
                if w == 1 && chunk == 0 {
                    continue;
                }
                worker.run(20 * (chunk + 1) - worker.step_count());
                for (r, run) in worker.runs.iter().enumerate() {
                    book.append(run.kind, run.num_params(), run.diverged_at, run.history[sent[w][r]..].to_vec()).unwrap();
                    sent[w][r] = run.history.len();
                }
            }
        }
        let last = &mut workers[1];
        last.run(60 - last.step_count());
        for (r, run) in last.runs.iter().enumerate() {
            book.append(run.kind, run.num_params(), run.diverged_at, run.history[sent[1][r]..].to_vec()).unwrap();
        }
        assert_eq!(book.step(), Some(60));
        for (want, got) in whole.runs.iter().zip(&book.runs) {
            assert_eq!((want.kind, want.num_params()), (got.kind, got.params));
            assert_eq!(want.history, got.history, "{}: the same records, MTL gain included", want.kind);
        }
        assert!(book.runs[1].history.iter().all(|s| s.mtl_gain.is_some()), "gains filled in whatever order records came");
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
        let mut book = RaceBook::new(config(all.clone())).unwrap();
        let mut workers: Vec<Trainer> = all.iter().map(|&m| Trainer::new(config(vec![m])).unwrap()).collect();
        let mut sent: Vec<Option<usize>> = vec![None; 2];
        for until in (100..=steps).step_by(100) {
            for (w, worker) in workers.iter_mut().enumerate() {
                worker.run(until - worker.step_count());
                let run = &worker.runs[0];
                let new: Vec<Snapshot> = run.history.iter().filter(|s| Some(s.step) > sent[w]).cloned().collect();
                sent[w] = run.history.last().map(|s| s.step);
                book.append(run.kind, run.num_params(), run.diverged_at, new).unwrap();
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
        let mut book = RaceBook::new(small(vec![ModelKind::Mmoe])).unwrap();
        assert_eq!(book.step(), None);
        assert_eq!(book.runs[0].params, t.runs[0].num_params(), "parameter counts before any record");
        book.append(ModelKind::Mmoe, 1, None, t.runs[0].history.clone()).unwrap();
        assert_eq!(book.step(), Some(20));
        assert!(book.append(ModelKind::Mmoe, 1, None, t.runs[0].history.clone()).is_err(), "the same records again");
        assert!(book.append(ModelKind::Omoe, 1, None, vec![]).is_err(), "not in the race");
        book.clear();
        assert_eq!(book.step(), None);
        assert!(RaceBook::new(RaceConfig { batch_size: 0, ..small(vec![ModelKind::Mmoe]) }).is_err());
    }
}
