//! The one shape of a race, whatever its scenario: a [`Scenario`] names its
//! model kinds, its records and what its workers measure beside them; its
//! trainer is a [`Race`] (steps every model in lock-step, holds their runs);
//! a [`Reporter`] hands out the records a race made since its last report (a
//! worker's side), and a [`Book`] gathers those reports per model (the page's
//! side), so that a race split over workers is read, drawn and exported as the
//! one-thread race is, record for record.
//!
//! The correlated tasks, the click → conversion funnel, watch time and a race
//! on a file are four scenarios of this shape (`train::scenarios`); what they
//! share is written here once: the run view the charts and summaries read
//! ([`RunView`]), the report a worker posts ([`Report`]), the book.
//!
//! Not here: training itself (each scenario's trainer), the lock-step grants
//! (the page's pool), drawing.

use super::history;
use crate::error::{Error, Result};
use crate::models::funnel::FunnelKind;
use crate::models::watch::WatchKind;
use crate::models::ModelKind;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt::Debug;

/// A model kind as the page, the charts and the records name it.
pub trait Named: Copy + Eq + Debug + Serialize + DeserializeOwned + 'static {
    /// The page's and the URL's id (`mmoe`, `esmm`, `two_tasks`).
    fn id(self) -> &'static str;
    /// The name in the charts' legends.
    fn label(self) -> &'static str;
}

/// `Named` for the model kinds, each by its own `id` and `label`.
macro_rules! named_by_their_own {
    ($($kind:ty),*) => {$(
        impl Named for $kind {
            fn id(self) -> &'static str {
                <$kind>::id(self)
            }
            fn label(self) -> &'static str {
                <$kind>::label(self)
            }
        }
    )*};
}
named_by_their_own!(ModelKind, FunnelKind, WatchKind);

/// One model's record at one step.
pub trait Record: Clone + Debug + PartialEq + Serialize + DeserializeOwned {
    fn step(&self) -> usize;
}

/// What a scenario's race is made of.
pub trait Scenario: Sized + 'static {
    type Kind: Named;
    type Record: Record;
    /// What a worker measures of the race besides its models' records (the
    /// data's statistics, the task correlation it trains at, finished points
    /// of a sweep), merged into the book's by [`Scenario::merge`].
    type Measured: Clone + Debug + Default + Serialize + DeserializeOwned;

    /// The book's measured values after a worker's report: the report's, by default.
    fn merge(book: &mut Self::Measured, report: Self::Measured) {
        *book = report;
    }

    /// What needs several models' records at once, filled in by the book after
    /// each report as the trainer fills it in when the models race side by
    /// side (the MTL gain over the single-task baselines). Nothing by default.
    fn after_append(_runs: &mut [BookRun<Self>]) {}
}

/// What a chart, a summary or an export reads of one racing model: its kind,
/// its parameter count, its records, and where it diverged or early stopping
/// stopped it (its records end there).
#[derive(Debug)]
pub struct RunView<'a, K, R> {
    pub kind: K,
    pub params: usize,
    pub history: &'a [R],
    pub diverged_at: Option<usize>,
    pub stopped_at: Option<usize>,
}

// Clone and Copy whatever K and R are (a derive would ask R: Copy).
impl<K: Copy, R> Clone for RunView<'_, K, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Copy, R> Copy for RunView<'_, K, R> {}

impl<K, R> RunView<'_, K, R> {
    /// The model has trained its last step: diverged, or stopped early.
    pub fn done(&self) -> bool {
        self.diverged_at.is_some() || self.stopped_at.is_some()
    }
    pub fn latest(&self) -> Option<&R> {
        self.history.last()
    }
}

/// A scenario's run view.
pub type ViewOf<'a, S> = RunView<'a, <S as Scenario>::Kind, <S as Scenario>::Record>;

/// A scenario's trainer: every model of the race stepped on the same batches.
pub trait Race {
    type Scenario: Scenario;
    /// One step of every model still training.
    fn step(&mut self);
    fn step_count(&self) -> usize;
    /// Steps of work done: the race's steps and whatever it trains after them
    /// (watch time's `w` sweep). Grants count these, so a paused race stops
    /// whatever it is training.
    fn work(&self) -> usize {
        self.step_count()
    }
    /// Nothing is left to train: every model diverged or stopped early, or the
    /// race has trained the steps its config asks for.
    fn finished(&self) -> bool;
    /// Every model's run, in the config's legend order.
    fn runs(&self) -> Vec<ViewOf<'_, Self::Scenario>>;
    /// What was measured of the data now (posted with every report).
    fn measured(&self) -> <Self::Scenario as Scenario>::Measured;
    /// Steps between records (the book thins old records as the trainer does).
    fn record_every(&self) -> usize;
}

/// A worker's report: the records its race made since its last report, per
/// model, and what it measured.
#[derive(Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Report<'a, S: Scenario> {
    /// The worker's step.
    pub step: usize,
    /// The worker's work done ([`Race::work`]): what the page's grants count.
    pub work: usize,
    /// The worker's race has nothing left to train.
    pub finished: bool,
    pub measured: S::Measured,
    pub models: Vec<ModelReport<'a, S>>,
}

/// One model's part of a [`Report`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct ModelReport<'a, S: Scenario> {
    pub model: S::Kind,
    pub params: usize,
    pub diverged_at: Option<usize>,
    pub stopped_at: Option<usize>,
    pub records: Cow<'a, [S::Record]>,
}

/// A worker's side: what of its race's records it has reported, by step (a
/// long race thins its older records, so a count would drift).
#[derive(Clone, Debug, Default)]
pub struct Reporter {
    sent: Vec<Option<usize>>,
}

impl Reporter {
    /// Every record made since the last report (all of them the first time,
    /// and after [`forget`](Self::forget)).
    pub fn take<'a, R: Race>(&mut self, race: &'a R) -> Report<'a, R::Scenario> {
        let runs = race.runs();
        self.sent.resize(runs.len(), None);
        let models = runs
            .iter()
            .zip(&mut self.sent)
            .map(|(run, sent)| {
                let from = run.history.partition_point(|r| Some(r.step()) <= *sent);
                *sent = run.history.last().map(|r| r.step()).or(*sent);
                ModelReport {
                    model: run.kind,
                    params: run.params,
                    diverged_at: run.diverged_at,
                    stopped_at: run.stopped_at,
                    records: Cow::Borrowed(&run.history[from..]),
                }
            })
            .collect();
        Report { step: race.step_count(), work: race.work(), finished: race.finished(), measured: race.measured(), models }
    }

    /// Reports everything again from the start (the race restarted).
    pub fn forget(&mut self) {
        self.sent.clear();
    }
}

/// One model's records gathered so far.
#[derive(Clone, Debug, PartialEq)]
pub struct BookRun<S: Scenario> {
    pub kind: S::Kind,
    pub params: usize,
    pub diverged_at: Option<usize>,
    pub stopped_at: Option<usize>,
    pub history: Vec<S::Record>,
}

impl<S: Scenario> BookRun<S> {
    pub fn view(&self) -> ViewOf<'_, S> {
        RunView { kind: self.kind, params: self.params, history: &self.history, diverged_at: self.diverged_at, stopped_at: self.stopped_at }
    }
}

/// The records of a race whose models train elsewhere (in Web Workers, a few
/// models each), gathered per model in the race's legend order as the
/// workers report, with what they measured.
#[derive(Clone, Debug)]
pub struct Book<S: Scenario> {
    pub runs: Vec<BookRun<S>>,
    pub measured: S::Measured,
    record_every: usize,
}

impl<S: Scenario> Book<S> {
    /// An empty book for `models` (kind and parameter count, in legend order),
    /// recorded every `record_every` steps.
    pub fn new(models: impl IntoIterator<Item = (S::Kind, usize)>, record_every: usize) -> Self {
        let runs = models
            .into_iter()
            .map(|(kind, params)| BookRun { kind, params, diverged_at: None, stopped_at: None, history: Vec::new() })
            .collect();
        Self { runs, measured: S::Measured::default(), record_every }
    }

    /// Adds a worker's report: each model's records newer than what the book
    /// holds, its parameter count and where it ended; merges what it measured
    /// and fills in what became computable. Refuses a model not in the race or
    /// records that go back, and then changes nothing.
    pub fn append(&mut self, report: Report<'_, S>) -> Result<()> {
        let mut at = Vec::with_capacity(report.models.len());
        for m in &report.models {
            let i = self
                .runs
                .iter()
                .position(|r| r.kind == m.model)
                .ok_or_else(|| Error::InvalidConfig { field: "models", reason: format!("{} is not in this race", m.model.id()) })?;
            let last = self.runs[i].history.last().map(|r| r.step());
            if let (Some(last), Some(first)) = (last, m.records.first()) {
                if first.step() <= last {
                    let reason = format!("{}: step {} after {last}", m.model.id(), first.step());
                    return Err(Error::InvalidConfig { field: "records", reason });
                }
            }
            at.push(i);
        }
        for (m, i) in report.models.into_iter().zip(at) {
            let run = &mut self.runs[i];
            run.params = m.params;
            run.diverged_at = m.diverged_at;
            run.stopped_at = m.stopped_at;
            run.history.extend(m.records.into_owned());
        }
        S::merge(&mut self.measured, report.measured);
        S::after_append(&mut self.runs);
        // thinned as the trainer thins its own (history.rs): the same records stay
        for run in &mut self.runs {
            history::thin(&mut run.history, self.record_every, |r| r.step());
        }
        Ok(())
    }

    /// Clears every model's records (the workers restarted the race).
    pub fn clear(&mut self) {
        for run in &mut self.runs {
            run.history.clear();
            run.diverged_at = None;
            run.stopped_at = None;
        }
        self.measured = S::Measured::default();
    }

    /// The step every model has recorded up to: the latest step whose records
    /// are complete (a model that diverged or stopped early counts as done).
    /// `None` before any record.
    pub fn step(&self) -> Option<usize> {
        let last = |r: &BookRun<S>| r.history.last().map(|s| s.step());
        let live: Vec<Option<usize>> = self.runs.iter().filter(|r| !r.view().done()).map(last).collect();
        if live.is_empty() {
            return self.runs.iter().filter_map(last).max();
        }
        live.into_iter().collect::<Option<Vec<usize>>>()?.into_iter().min()
    }

    /// Each model's records up to the common step, so every chart and summary
    /// reads the models at one step.
    pub fn views(&self) -> Vec<ViewOf<'_, S>> {
        let step = self.step().unwrap_or(0);
        self.runs
            .iter()
            .map(|r| {
                let n = r.history.partition_point(|s| s.step() <= step);
                RunView { history: &r.history[..n], ..r.view() }
            })
            .collect()
    }
}
