//! The one shape of a race's handles, for every scenario: a worker's race
//! (`Lab`, `FunnelLab`, `WatchLab`, `DataLab`: trains in time slices, hands
//! out its new records) and the page's book of what the workers reported
//! (`RaceBook`, `FunnelBook`, `WatchBook`, `DataBook`: appends, summarises,
//! exports, draws). wasm-bindgen cannot export a generic type, so
//! [`race_handles!`] writes each scenario's pair from the generic parts here;
//! a scenario's own file adds its constructors, live settings and charts.
//!
//! One summary for every race, the one-thread race's and the book's alike:
//! `{step, steps_this_call, ms_this_call, finished, …measured, …extra,
//! models: [{model, label, params, diverged_at, stopped_at, latest, …note}]}`,
//! where the scenario's measurements (`Scenario::Measured`), its handle's
//! extra fields ([`Extra`]) and each model's note ([`Shown`]) are flattened in.

use super::convert::{to_js, train_for};
use crate::train::race::{Book, Named, Race, Report, Reporter, Scenario, ViewOf};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What a scenario's summary says of each model besides its latest record.
pub(super) trait Shown: Scenario {
    type Note: Serialize;
    fn note(run: &ViewOf<'_, Self>) -> Self::Note;
}

/// A handle's fields of the summary beyond the scenario's measurements, and
/// whether its race has nothing left to train.
pub(super) trait Extra {
    type Fields<'a>: Serialize
    where
        Self: 'a;
    fn extra(&self) -> Self::Fields<'_>;
    fn finished(&self) -> bool;
}

/// The correlated tasks' (and a file's) note on each model: GradNorm's `G_i`,
/// targets and their gaps at the last record, smoothed as the weights chart
/// draws them (for the sentence under it).
#[cfg(any(feature = "tasks", feature = "data"))]
#[derive(Serialize)]
pub(super) struct GradNote {
    grad_norm_smoothed: Option<crate::plot::grad_norms::GradNormNow>,
}

#[cfg(any(feature = "tasks", feature = "data"))]
impl GradNote {
    pub fn of(run: &crate::plot::ChartRun<'_>) -> Self {
        GradNote { grad_norm_smoothed: crate::plot::grad_norms::now(run.history) }
    }
}

#[derive(Serialize)]
#[serde(bound = "")]
struct Summary<'a, S: Shown, X: Serialize> {
    step: usize,
    steps_this_call: usize,
    ms_this_call: f64,
    finished: bool,
    #[serde(flatten)]
    measured: &'a S::Measured,
    #[serde(flatten)]
    extra: X,
    models: Vec<ModelSummary<'a, S>>,
}

#[derive(Serialize)]
#[serde(bound = "")]
struct ModelSummary<'a, S: Shown> {
    model: &'static str,
    label: &'static str,
    params: usize,
    diverged_at: Option<usize>,
    stopped_at: Option<usize>,
    latest: Option<&'a S::Record>,
    #[serde(flatten)]
    note: S::Note,
}

/// The one summary of a race: at `step`, with `runs` (each model's records
/// up to it), what was measured and the handle's extra fields.
pub(super) fn summary<S: Shown, X: Serialize>(
    step: usize,
    (steps, ms): (usize, f64),
    finished: bool,
    measured: &S::Measured,
    extra: X,
    runs: &[ViewOf<'_, S>],
) -> Result<JsValue, JsError> {
    let models = runs
        .iter()
        .map(|run| ModelSummary::<S> {
            model: run.kind.id(),
            label: run.kind.label(),
            params: run.params,
            diverged_at: run.diverged_at,
            stopped_at: run.stopped_at,
            latest: run.history.last(),
            note: S::note(run),
        })
        .collect();
    to_js(&Summary::<S, X> { step, steps_this_call: steps, ms_this_call: ms, finished, measured, extra, models })
}

/// Every model's records, `[[id, records], …]`, for the CSV export.
pub(super) fn history<S: Scenario>(runs: &[ViewOf<'_, S>]) -> Result<JsValue, JsError> {
    let all: Vec<(&str, &[S::Record])> = runs.iter().map(|r| (r.kind.id(), r.history)).collect();
    to_js(&all)
}

/// A worker's race (or the one-thread race) and what it has reported.
pub(super) struct Worked<R: Race> {
    pub race: R,
    reporter: Reporter,
}

impl<R: Race> Worked<R> {
    pub fn new(race: R) -> Self {
        Self { race, reporter: Reporter::default() }
    }

    /// Trains for about `budget_ms` (at least one step, at most `max_steps`,
    /// none once the race has nothing left to train); the steps and milliseconds spent.
    pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<(usize, f64), JsError> {
        let race = &mut self.race;
        if race.finished() {
            return Ok((0, 0.0));
        }
        train_for(budget_ms, max_steps, || {
            race.step();
            !race.finished()
        })
    }

    /// The records made since the last call, as a worker posts them to its book.
    pub fn take_records(&mut self) -> Result<JsValue, JsError> {
        let report: Report<'_, R::Scenario> = self.reporter.take(&self.race);
        to_js(&report)
    }

    /// Reports every record again from the start (the race restarted).
    #[cfg(feature = "tasks")]
    pub fn forget(&mut self) {
        self.reporter.forget();
    }
}

/// A worker's report as the page's book takes it; a malformed one, a model
/// not in the race or records that go back are a `JsError`.
pub(super) fn append<S: Scenario>(book: &mut Book<S>, report: JsValue) -> Result<(), JsError> {
    let report: Report<'static, S> = serde_wasm_bindgen::from_value(report).map_err(|e| JsError::new(&format!("invalid records: {e}")))?;
    book.append(report).map_err(super::js_error)
}

/// A scenario's two handles, from the generic parts above: the race
/// `$lab` (wrapping a `Worked<$race>` in a field `worked`) and the book
/// `$book` (a `Book<$scenario>` in a field `book`). Both structs, their
/// constructors and their [`Extra`] are the scenario's file's.
macro_rules! race_handles {
    ($lab:ident, $book:ident, $scenario:ty) => {
        #[wasm_bindgen]
        impl $lab {
            /// Trains for about `budget_ms` milliseconds (at least one step, at
            /// most `max_steps`, none once the race has nothing left to train)
            /// and returns the summary.
            pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<JsValue, JsError> {
                let spent = self.worked.train(budget_ms, max_steps)?;
                self.summary_of(spent)
            }

            /// The current state without training.
            pub fn summary(&self) -> Result<JsValue, JsError> {
                self.summary_of((0, 0.0))
            }

            /// Every recorded snapshot of every model, for export.
            pub fn history(&self) -> Result<JsValue, JsError> {
                $crate::wasm::race::history::<$scenario>(&self.worked.race.runs())
            }

            /// The training step count.
            #[wasm_bindgen(getter)]
            pub fn step(&self) -> usize {
                self.worked.race.step_count()
            }

            /// Steps of work done (the race's, then watch time's sweep's):
            /// what the page's grants count.
            #[wasm_bindgen(getter)]
            pub fn work(&self) -> usize {
                $crate::train::race::Race::work(&self.worked.race)
            }

            /// Nothing is left to train (every model stopped early or
            /// diverged, or the race has trained its steps).
            #[wasm_bindgen(getter)]
            pub fn finished(&self) -> bool {
                self.worked.race.finished()
            }

            /// `{step, finished, measured, models: [{model, params,
            /// diverged_at, stopped_at, records}]}`: every record made since
            /// the last call (all of them the first time), what a race
            /// worker posts to the page's book.
            #[wasm_bindgen(js_name = takeRecords)]
            pub fn take_records(&mut self) -> Result<JsValue, JsError> {
                self.worked.take_records()
            }
        }

        impl $lab {
            fn summary_of(&self, spent: (usize, f64)) -> Result<JsValue, JsError> {
                let race = &self.worked.race;
                let extra = $crate::wasm::race::Extra::extra(self);
                let finished = $crate::wasm::race::Extra::finished(self);
                $crate::wasm::race::summary::<$scenario, _>(race.step_count(), spent, finished, &race.measured(), extra, &race.runs())
            }
        }

        #[wasm_bindgen]
        impl $book {
            /// Adds a worker's `takeRecords()` report; a model not in the
            /// race or records that go back are a `JsError`.
            pub fn append(&mut self, report: JsValue) -> Result<(), JsError> {
                $crate::wasm::race::append(&mut self.book, report)
            }

            /// Forgets every record (the workers restarted the race).
            pub fn clear(&mut self) {
                self.book.clear();
            }

            /// The step every model has recorded up to (0 before any record).
            #[wasm_bindgen(getter)]
            pub fn step(&self) -> usize {
                self.book.step().unwrap_or(0)
            }

            /// The race's summary (as its one-thread handle's), at the step
            /// every model has reached.
            pub fn summary(&self) -> Result<JsValue, JsError> {
                let extra = $crate::wasm::race::Extra::extra(self);
                let finished = $crate::wasm::race::Extra::finished(self);
                let step = self.book.step().unwrap_or(0);
                $crate::wasm::race::summary::<$scenario, _>(step, (0, 0.0), finished, &self.book.measured, extra, &self.book.views())
            }

            /// Every model's records up to the common step, for export.
            pub fn history(&self) -> Result<JsValue, JsError> {
                $crate::wasm::race::history::<$scenario>(&self.book.views())
            }
        }
    };
}
pub(super) use race_handles;
