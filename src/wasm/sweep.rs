//! The sweeps' handles: `Sweep` (one thread, or one worker's share of the
//! jobs) and `SweepBook` (the page's gathering of the workers' results), with
//! the sweep charts.

use super::canvas::Canvas;
use super::convert::train_for;
use super::{config_from, draw_on_canvas, js_error, to_js};
use crate::plot::{self, PlotError, SweepChartText, TransferChartText};
use crate::train::sweep::{JobResult, Sweep, SweepBook, SweepConfig, SweepKind, SweepSummary};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The default sweep configuration of `kind` (`"loss_weight"`, `"trainability"`,
/// `"correlation"` or `"transfer"`), as a plain object.
#[wasm_bindgen(js_name = defaultSweepConfig)]
pub fn default_sweep_config(kind: &str) -> Result<JsValue, JsError> {
    let kind: SweepKind = kind.parse().map_err(js_error)?;
    to_js(&SweepConfig::for_kind(kind))
}

/// The page's sweep for the race the page would run, given as `{kind, base:
/// race}` (`SweepConfig::for_race`: the race's models, sizes, optimiser,
/// batch, rows, seed and `p`), as a plain object the page may still override
/// field by field. (The race comes in as a sweep config's `base`, read the way
/// every sweep config is: reading a race config on its own cost this module
/// 11 KB gzipped.)
#[wasm_bindgen(js_name = sweepConfig)]
pub fn sweep_config(kind_and_race: JsValue) -> Result<JsValue, JsError> {
    let given: SweepConfig = config_from(&kind_and_race)?;
    to_js(&SweepConfig::for_race(given.kind, &given.base))
}

/// A sweep run in time slices on the page's thread: the job list, the finished
/// results and the current job's trainer. Cancel it by freeing the handle.
#[wasm_bindgen(js_name = Sweep)]
pub struct SweepLab {
    sweep: Sweep,
}

/// What JavaScript receives after a slice of a sweep.
#[derive(Serialize)]
struct SweepSlice {
    done: usize,
    total: usize,
    steps_done: usize,
    steps_total: usize,
    finished: bool,
    ms_this_call: f64,
}

#[wasm_bindgen(js_class = Sweep)]
impl SweepLab {
    /// Builds a sweep from `{kind, base, steps, seeds, points, inits, correlations}`:
    /// `kind` is required, missing fields take the kind's defaults, unknown or
    /// invalid ones are a `JsError` naming the field. No data is generated yet.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<SweepLab, JsError> {
        Ok(SweepLab { sweep: Sweep::new(config_from(&config)?).map_err(js_error)? })
    }

    /// A worker's share of a sweep: only the jobs at `indices` (positions in
    /// the whole sweep's job list), in that order.
    #[wasm_bindgen(js_name = forJobs)]
    pub fn for_jobs(config: JsValue, indices: Vec<u32>) -> Result<SweepLab, JsError> {
        let indices: Vec<usize> = indices.into_iter().map(|i| i as usize).collect();
        Ok(SweepLab { sweep: Sweep::for_jobs(config_from(&config)?, &indices).map_err(js_error)? })
    }

    /// The finished jobs from the `from`-th on, in order (what a worker posts).
    #[wasm_bindgen(js_name = resultsFrom)]
    pub fn results_from(&self, from: usize) -> Result<JsValue, JsError> {
        to_js(&self.sweep.job_results().get(from..).unwrap_or_default())
    }

    /// Works for about `budget_ms` milliseconds (setting up a job, training
    /// steps, finishing a job) and reports the progress.
    pub fn run(&mut self, budget_ms: f64) -> Result<JsValue, JsError> {
        let sweep = &mut self.sweep;
        let mut failed = None;
        let (_, ms) = if sweep.finished() {
            (0, 0.0)
        } else {
            train_for(budget_ms, u32::MAX, || {
                sweep.advance().unwrap_or_else(|e| {
                    failed = Some(e);
                    false
                })
            })?
        };
        if let Some(e) = failed {
            return Err(js_error(e));
        }
        self.slice(ms)
    }

    /// The progress without working.
    pub fn progress(&self) -> Result<JsValue, JsError> {
        self.slice(0.0)
    }

    /// `{kind, done, total, jobs, summary}`: every finished job and the summary
    /// the charts draw (partial while the sweep runs).
    pub fn results(&self) -> Result<JsValue, JsError> {
        to_js(&self.sweep.results())
    }

    /// The chart of this sweep's kind, at the canvas's pixel size; `text` is the
    /// page's `SweepChartText` object (`sweepChart` in the i18n files; for the
    /// transfer map its `TransferChartText`, `transfer.chart`) or
    /// `undefined`/`null` for English; `pixel_ratio` as for the live charts;
    /// `seed`, the student's seed, is ringed on the transfer map.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>, seed: Option<f64>) -> Result<(), JsError> {
        draw_sweep_chart(canvas, &text, pixel_ratio, seed, &self.sweep.results().summary)
    }

    fn slice(&self, ms: f64) -> Result<JsValue, JsError> {
        let p = self.sweep.progress();
        to_js(&SweepSlice {
            done: p.done,
            total: p.total,
            steps_done: p.steps_done,
            steps_total: p.steps_total,
            finished: p.finished,
            ms_this_call: ms,
        })
    }
}

/// The results of a sweep whose jobs run in workers, gathered by job index:
/// the page's summaries and chart while they run (`SweepBook` in JavaScript).
#[wasm_bindgen(js_name = SweepBook)]
pub struct SweepBookLab {
    book: SweepBook,
}

#[wasm_bindgen(js_class = SweepBook)]
impl SweepBookLab {
    /// An empty book for a sweep config (as `new Sweep(config)` takes it).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<SweepBookLab, JsError> {
        Ok(SweepBookLab { book: SweepBook::new(config_from(&config)?).map_err(js_error)? })
    }

    /// How many jobs the sweep has.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.book.jobs().len()
    }

    /// How many have a result.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> usize {
        self.book.done()
    }

    /// The job indices in groups that share their data, in job order: what a
    /// pool deals to a free worker (the core's `job_groups`).
    pub fn groups(&self) -> Result<JsValue, JsError> {
        to_js(&self.book.groups())
    }

    /// Records `results` (as a worker's `resultsFrom` gives them) for the jobs
    /// at `indices`; a wrong index or a result of another job is a `JsError`.
    pub fn insert(&mut self, indices: Vec<u32>, results: JsValue) -> Result<(), JsError> {
        // straight from the JS values (not through JSON), so a diverged job's NaN stays NaN
        let results: Vec<JobResult> =
            serde_wasm_bindgen::from_value(results).map_err(|e| JsError::new(&format!("invalid results: {e}")))?;
        if results.len() != indices.len() {
            return Err(JsError::new(&format!("{} results for {} job indices", results.len(), indices.len())));
        }
        for (i, result) in indices.into_iter().zip(results) {
            self.book.insert(i as usize, result).map_err(js_error)?;
        }
        Ok(())
    }

    /// `{kind, done, total, jobs, summary}`, as `Sweep.results()`.
    pub fn results(&self) -> Result<JsValue, JsError> {
        to_js(&self.book.results())
    }

    /// The chart, as `Sweep.drawChart`.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>, seed: Option<f64>) -> Result<(), JsError> {
        draw_sweep_chart(canvas, &text, pixel_ratio, seed, &self.book.results().summary)
    }
}

/// Draws a sweep summary's chart on `canvas` in the page's words (the
/// transfer map's own, [`TransferChartText`]); `seed` is the student's.
fn draw_sweep_chart(
    canvas: HtmlCanvasElement,
    text: &JsValue,
    pixel_ratio: Option<f64>,
    seed: Option<f64>,
    summary: &SweepSummary,
) -> Result<(), JsError> {
    if let SweepSummary::Transfer { margin, entries, counts, .. } = summary {
        // a seed is a whole number ≥ 0; anything else marks nothing
        let seed = seed.filter(|s| s.is_finite() && *s >= 0.0 && s.fract() == 0.0).map(|s| s as u64);
        let map = plot::transfer_map::TransferMap { counts, entries, margin: *margin, seed };
        return draw_on_canvas(canvas, text, pixel_ratio, |area, text: &TransferChartText| plot::transfer_map::draw(area, map, text));
    }
    draw_on_canvas(canvas, text, pixel_ratio, |area, text| draw_sweep(area, summary, text))
}

/// The chart of a summary's kind.
fn draw_sweep(area: &DrawingArea<Canvas, Shift>, summary: &SweepSummary, text: &SweepChartText) -> Result<(), PlotError> {
    match summary {
        SweepSummary::LossWeight { curves } => plot::tradeoff::draw(area, curves, text),
        SweepSummary::Trainability { data_seed, task_correlation, models } => {
            let protocol = plot::trainability::Protocol { data_seed: *data_seed, task_correlation: *task_correlation };
            plot::trainability::draw(area, models, protocol, text)
        }
        SweepSummary::Correlation { models, .. } => plot::correlation_sweep::draw(area, models, text),
        // drawn in its own words by draw_sweep_chart; never reaches here
        SweepSummary::Transfer { .. } => plot::message(area, &text.no_results),
    }
}
