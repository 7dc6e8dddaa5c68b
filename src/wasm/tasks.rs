//! The correlated-tasks scenario's handles: [`Lab`] (a race, in a worker or on
//! the page) and `RaceBook` (the page's copy of the records the workers post),
//! with the live charts and the step benchmark.

use super::{chart_of, config_from, draw_on_canvas, js_error, performance, settings, to_js, train_for};
use crate::data::table::LabelOp;
use crate::models::{ModelKind, Preset};
use crate::plot::charts::{self as chart_registry, RaceChart};
use crate::plot::{self, ChartRun};
use crate::train::sweep::SweepKind;
use crate::train::{columns, params, RaceBook, RaceConfig, Snapshot, Trainer};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The default configuration, as a plain object.
#[wasm_bindgen(js_name = defaultConfig)]
pub fn default_config() -> Result<JsValue, JsError> {
    to_js(&RaceConfig::default())
}

/// What the page builds its controls, reads its links and lays out its charts
/// from, all from the core: `{params, presets, sweep_kinds, charts,
/// label_ops, table_preset, record_columns}` — every scenario's settings (`params::specs`: name, scenarios,
/// type, range or options, default, how a race takes a change), the named
/// presets (`params::presets`), the sweeps the sweep panel offers (`{options,
/// default}`), the chart registry (`plot::charts::registry`), the
/// comparisons a file's label may use (`[{id, symbol}]`, `LabelOp`) and the
/// preset a race on a file is better read at (`table_preset`, `Preset::TABLE`),
/// and the CSV export's columns per scenario (`record_columns`, `train::columns`).
#[wasm_bindgen(js_name = coreParams)]
pub fn core_params() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Kinds {
        options: Vec<&'static str>,
        default: &'static str,
    }
    #[derive(Serialize)]
    struct Core {
        params: Vec<params::Spec>,
        presets: Vec<params::PresetSpec>,
        sweep_kinds: Kinds,
        charts: Vec<chart_registry::ScenarioCharts>,
        label_ops: Vec<Op>,
        table_preset: &'static str,
        record_columns: columns::RecordColumns,
    }
    #[derive(Serialize)]
    struct Op {
        id: &'static str,
        symbol: &'static str,
    }
    let sweep_kinds = Kinds { options: SweepKind::ALL.iter().map(|k| k.id()).collect(), default: SweepKind::default().id() };
    let label_ops = LabelOp::ALL.iter().map(|&op| Op { id: op.id(), symbol: op.symbol() }).collect();
    to_js(&Core {
        params: params::specs(),
        presets: params::presets(),
        sweep_kinds,
        charts: chart_registry::registry(),
        label_ops,
        table_preset: Preset::TABLE.id(),
        record_columns: columns::RECORD_COLUMNS,
    })
}

/// The race config for the page's settings `{p, w, models, …}` (names as
/// `coreParams()` gives them; missing ones keep the core's defaults). An
/// unknown name or a value out of its range is a `JsError` naming it.
#[wasm_bindgen(js_name = raceConfig)]
pub fn race_config(values: JsValue) -> Result<JsValue, JsError> {
    to_js(&params::config_from(&params::race_params(), settings(&values)?).map_err(js_error)?)
}

/// `config` (a race config of `scenario`, `tasks` or `data`) with the
/// page's live values set through that scenario's settings table, as
/// `Lab.setLive` sets them: for a race whose module has no settings table
/// (a race on a file takes the result with `DataLab.takeLive`). A setting a
/// running race cannot take, or one the scenario lacks, is a `JsError` naming it.
#[wasm_bindgen(js_name = liveConfig)]
pub fn live_config(scenario: &str, config: JsValue, values: JsValue) -> Result<JsValue, JsError> {
    let table = match scenario {
        "tasks" => params::race_params(),
        "data" => params::table_race_params(),
        other => return Err(JsError::new(&format!("invalid scenario `{other}`: tasks or data"))),
    };
    let current: RaceConfig = config_from(&config)?;
    to_js(&params::live_config(&table, &current, settings(&values)?).map_err(js_error)?)
}

/// A race of models on one data set.
#[wasm_bindgen]
pub struct Lab {
    trainer: Trainer,
    /// Per model, the step of the last record `takeRecords` handed out (by
    /// step, not by count: a long race thins its older records).
    sent: Vec<Option<usize>>,
}

/// A worker's report: the records made since the last one, per model.
#[derive(Serialize)]
struct RecordBatch<'a> {
    step: usize,
    label_pearson: f64,
    task_correlation: f64,
    models: Vec<ModelRecords<'a>>,
}

#[derive(Serialize)]
struct ModelRecords<'a> {
    model: ModelKind,
    params: usize,
    diverged_at: Option<usize>,
    records: &'a [Snapshot],
}

/// What JavaScript receives after a training slice: small and copyable.
#[derive(Serialize)]
struct Summary<'a> {
    step: usize,
    steps_this_call: usize,
    ms_this_call: f64,
    label_pearson: f64,
    task_correlation: f64,
    models: Vec<ModelSummary<'a>>,
}

#[derive(Serialize)]
struct ModelSummary<'a> {
    model: &'static str,
    label: &'static str,
    params: usize,
    diverged_at: Option<usize>,
    latest: Option<&'a Snapshot>,
    /// GradNorm's `G_i`, targets and their gaps at the last record, smoothed as
    /// the weights chart draws them (for the sentence under it).
    grad_norm_smoothed: Option<plot::grad_norms::GradNormNow>,
}

#[wasm_bindgen]
impl Lab {
    /// Builds a lab from a config object; missing fields take their defaults,
    /// unknown or invalid ones are a `JsError` naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Lab, JsError> {
        let trainer = Trainer::new(config_from(&config)?).map_err(js_error)?;
        let sent = vec![None; trainer.runs.len()];
        Ok(Lab { trainer, sent })
    }

    /// Trains for about `budget_ms` milliseconds (at least one step, at most
    /// `max_steps`) and returns a summary.
    pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<JsValue, JsError> {
        let trainer = &mut self.trainer;
        let (steps, ms) = train_for(budget_ms, max_steps, || {
            trainer.step();
            true
        })?;
        self.summary_of(steps, ms)
    }

    /// The current state without training.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        self.summary_of(0, 0.0)
    }

    /// Every recorded snapshot of every model, for export.
    pub fn history(&self) -> Result<JsValue, JsError> {
        let all: Vec<(&str, &Vec<Snapshot>)> = self.trainer.runs.iter().map(|r| (r.kind.id(), &r.history)).collect();
        to_js(&all)
    }

    /// A live change: the page's values of live settings by name (`{p, w,
    /// weighting, alpha, lr}`, any of them), applied through the settings
    /// table's `set`s to the race's config and taken from the next step on
    /// ([`params::live_config`], [`Trainer::take_live`]). A setting that needs a
    /// new race, an unknown name or a value out of range is a `JsError` naming
    /// it, and nothing changes.
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&mut self, values: JsValue) -> Result<(), JsError> {
        let config = params::live_config(&params::race_params(), self.trainer.config(), settings(&values)?).map_err(js_error)?;
        self.trainer.take_live(&config).map_err(js_error)
    }

    /// Fresh initial weights; the data stay.
    #[wasm_bindgen(js_name = resetModels)]
    pub fn reset_models(&mut self) {
        self.trainer.reset_models();
        self.sent.iter_mut().for_each(|n| *n = None);
    }

    /// The training step count.
    #[wasm_bindgen(getter)]
    pub fn step(&self) -> usize {
        self.trainer.step_count()
    }

    /// `{step, labelPearson, taskCorrelation, models: [{model, params,
    /// divergedAt, records}]}`: every record made since the last call (all of
    /// them the first time, and after `resetModels`), what a race worker posts
    /// to the page's `RaceBook`.
    #[wasm_bindgen(js_name = takeRecords)]
    pub fn take_records(&mut self) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let models = t
            .runs
            .iter()
            .zip(&self.sent)
            .map(|(r, &sent)| ModelRecords {
                model: r.kind,
                params: r.num_params(),
                diverged_at: r.diverged_at,
                records: &r.history[r.history.partition_point(|s| Some(s.step) <= sent)..],
            })
            .collect();
        let batch = RecordBatch {
            step: t.step_count(),
            label_pearson: t.data().label_pearson,
            task_correlation: t.data().task_correlation(),
            models,
        };
        let out = to_js(&batch)?;
        for (n, r) in self.sent.iter_mut().zip(&t.runs) {
            *n = r.history.last().map(|s| s.step).or(*n);
        }
        Ok(out)
    }

    fn summary_of(&self, steps: usize, ms: f64) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let measured =
            Measured { step: t.step_count(), label_pearson: t.data().label_pearson, task_correlation: t.data().task_correlation() };
        let models = t.runs.iter().map(|r| (ChartRun::from(r), r.num_params()));
        race_summary(measured, steps, ms, models)
    }
}

/// What a race's summary says besides its models: the step every model has
/// reached and what was measured of the data there.
struct Measured {
    step: usize,
    label_pearson: f64,
    task_correlation: f64,
}

/// The one summary of a race, the one-thread `Lab`'s and the pool's
/// `RaceBook`'s alike: each model's latest record (its records as `run`, with
/// its parameter count) and the smoothed GradNorm figures under its chart.
fn race_summary<'a>(
    measured: Measured,
    steps: usize,
    ms: f64,
    models: impl Iterator<Item = (ChartRun<'a>, usize)>,
) -> Result<JsValue, JsError> {
    to_js(&Summary {
        step: measured.step,
        steps_this_call: steps,
        ms_this_call: ms,
        label_pearson: measured.label_pearson,
        task_correlation: measured.task_correlation,
        models: models
            .map(|(run, params)| ModelSummary {
                model: run.kind.id(),
                label: run.kind.label(),
                params,
                diverged_at: run.diverged_at,
                latest: run.history.last(),
                grad_norm_smoothed: plot::grad_norms::now(run.history),
            })
            .collect(),
    })
}

/// Milliseconds per training step of each model at default sizes, timed in
/// this browser with the same protocol as the native `cargo bench --bench step`.
/// `runs` and `steps_per_run` shorten it for tests.
#[wasm_bindgen(js_name = benchmarkSteps)]
pub fn benchmark_steps(runs: u32, steps_per_run: u32) -> Result<JsValue, JsError> {
    use crate::train::bench::{time_steps, Protocol};
    let clock = performance().ok_or_else(|| JsError::new("no performance clock in this context"))?;
    let mut now = || clock.now();
    let protocol = Protocol { runs: runs.max(1) as usize, steps_per_run: steps_per_run.max(1) as usize, ..Protocol::default() };
    let timings =
        crate::ModelKind::ALL.iter().map(|&kind| time_steps(kind, protocol, &mut now).map_err(js_error)).collect::<Result<Vec<_>, _>>()?;
    to_js(&timings)
}

// ---- A race on workers ------------------------------------------------------

/// The records of a race whose models train in Web Workers, gathered as the
/// workers post them (`RaceBook` in JavaScript): the page's summary, charts
/// and export, all read at the step every model has reached.
#[wasm_bindgen(js_name = RaceBook)]
pub struct RaceBookLab {
    book: RaceBook,
}

#[wasm_bindgen(js_class = RaceBook)]
impl RaceBookLab {
    /// An empty book for a race config (as `new Lab(config)` takes it); an
    /// invalid config is a `JsError` naming the field, before any worker starts.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<RaceBookLab, JsError> {
        let config: RaceConfig = config_from(&config)?;
        Ok(RaceBookLab { book: RaceBook::new(config).map_err(js_error)? })
    }

    /// Adds a worker's `takeRecords()` report; a model not in the race or
    /// records that go back are a `JsError`.
    pub fn append(&mut self, batch: JsValue) -> Result<(), JsError> {
        #[derive(serde::Deserialize)]
        struct Batch {
            label_pearson: f64,
            task_correlation: f64,
            models: Vec<Records>,
        }
        #[derive(serde::Deserialize)]
        struct Records {
            model: ModelKind,
            params: usize,
            diverged_at: Option<usize>,
            records: Vec<Snapshot>,
        }
        let batch: Batch = serde_wasm_bindgen::from_value(batch).map_err(|e| JsError::new(&format!("invalid records: {e}")))?;
        self.book.measured(batch.label_pearson, batch.task_correlation);
        for m in batch.models {
            self.book.append(m.model, m.params, m.diverged_at, m.records).map_err(js_error)?;
        }
        Ok(())
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

    /// The same summary as `Lab.summary()`, at the step every model has reached.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        let book = &self.book;
        let measured =
            Measured { step: book.step().unwrap_or(0), label_pearson: book.label_pearson, task_correlation: book.task_correlation };
        race_summary(measured, 0, 0.0, self.views().into_iter().zip(book.runs.iter().map(|r| r.params)))
    }

    /// Every model's records up to the common step, for export (as `Lab.history()`).
    pub fn history(&self) -> Result<JsValue, JsError> {
        let all: Vec<(&str, &[Snapshot])> = self.views().iter().map(|v| (v.kind.id(), v.history)).collect();
        to_js(&all)
    }

    /// Draws the live chart `id` (the chart registry's, `coreParams().charts`:
    /// losses, gates, seesaw, conflict, weights) at the canvas's pixel size
    /// (the page sets `width`/`height` for devicePixelRatio); `text` is the
    /// page's `ChartText` object in its language, or `undefined`/`null` for
    /// English; `pixel_ratio` (devicePixelRatio, default 1) keeps text legible
    /// on narrow canvases. An id the scenario has no chart for is a `JsError`.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<RaceChart>(id, "tasks")?;
        let runs = self.views();
        draw_on_canvas(canvas, &text, pixel_ratio, |area, text| chart.draw(area, &runs, text))
    }

    /// Each model's records up to the common step, so every chart and the
    /// summary read MTL gain, the seesaw and gradient conflict at one step.
    fn views(&self) -> Vec<ChartRun<'_>> {
        let step = self.book.step().unwrap_or(0);
        self.book
            .runs
            .iter()
            .map(|r| {
                let n = r.history.partition_point(|s| s.step <= step);
                ChartRun { kind: r.kind, history: &r.history[..n], diverged_at: r.diverged_at }
            })
            .collect()
    }
}

/// `total` job indices dealt to `workers` workers in contiguous blocks (see
/// the core's `split_jobs`).
#[wasm_bindgen(js_name = splitJobs)]
pub fn split_jobs(total: usize, workers: usize) -> Result<JsValue, JsError> {
    to_js(&crate::train::sweep::split_jobs(total, workers))
}
