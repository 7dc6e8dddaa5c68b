//! The correlated-tasks scenario's handles: [`Lab`] (a race, in a worker or on
//! the page) and `RaceBook` (the page's copy of the records the workers post),
//! with the live charts and the step benchmark.

use super::convert::performance;
use super::race::{race_handles, Extra, GradNote, Shown, Worked};
use super::{chart_of, config_from, js_error, settings, to_js, Drawn};
use crate::data::table::LabelOp;
use crate::models::Preset;
use crate::plot::charts::{self as chart_registry, RaceChart};
use crate::plot::ChartRun;
use crate::train::race::Race;
use crate::train::sweep::SweepKind;
use crate::train::{columns, params, Book, RaceConfig, Tasks, Trainer};
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
/// label_ops, table_preset, record_columns, history_recent}` — every scenario's settings (`params::specs`: name, scenarios,
/// type, range or options, default, how a race takes a change), the named
/// presets (`params::presets`), the sweeps the sweep panel offers (`{options,
/// default}`), the chart registry (`plot::charts::registry`), the
/// comparisons a file's label may use (`[{id, symbol}]`, `LabelOp`) and the
/// preset a race on a file is better read at (`table_preset`, `Preset::TABLE`),
/// the CSV export's columns per scenario (`record_columns`, `train::columns`)
/// and the record intervals a race keeps whole before it thins older records
/// (`history_recent`, `train::history::RECENT`), which the export states.
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
        history_recent: usize,
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
        history_recent: crate::train::history::RECENT,
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
/// (a race on a file's pool hands the result to each worker's `DataLab.setLive`). A setting a
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

/// A race of models on one data set (in a race worker, some of the race's
/// models; on one thread, all of them).
#[wasm_bindgen]
pub struct Lab {
    worked: Worked<Trainer>,
}

race_handles!(Lab, RaceBook, Tasks);

#[wasm_bindgen]
impl Lab {
    /// Builds a lab from a config object; missing fields take their defaults,
    /// unknown or invalid ones are a `JsError` naming the field.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Lab, JsError> {
        Ok(Lab { worked: Worked::new(Trainer::new(config_from(&config)?).map_err(js_error)?) })
    }

    /// A live change: the page's values of live settings by name (`{p, w,
    /// weighting, alpha, lr}`, any of them), applied through the settings
    /// table's `set`s to the race's config and taken from the next step on
    /// ([`params::live_config`], [`Trainer::take_live`]). A setting that needs a
    /// new race, an unknown name or a value out of range is a `JsError` naming
    /// it, and nothing changes.
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&mut self, values: JsValue) -> Result<(), JsError> {
        let trainer = &mut self.worked.race;
        let config = params::live_config(&params::race_params(), trainer.config(), settings(&values)?).map_err(js_error)?;
        trainer.take_live(&config).map_err(js_error)
    }

    /// Fresh initial weights; the data stay; every record is reported again.
    #[wasm_bindgen(js_name = resetModels)]
    pub fn reset_models(&mut self) {
        self.worked.race.reset_models();
        self.worked.forget();
    }
}

impl Extra for Lab {
    type Fields<'a> = ();
    fn extra(&self) {}
    fn finished(&self) -> bool {
        false
    }
}

impl Shown for Tasks {
    type Note = GradNote;
    fn note(run: &ChartRun<'_>) -> GradNote {
        GradNote::of(run)
    }
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
/// workers post them: the page's summary, charts and export, all read at the
/// step every model has reached.
#[wasm_bindgen]
pub struct RaceBook {
    book: Book<Tasks>,
    drawn: Drawn,
}

#[wasm_bindgen]
impl RaceBook {
    /// An empty book for a race config (as `new Lab(config)` takes it), with
    /// its models' parameter counts; an invalid config is a `JsError` naming
    /// the field, before any worker starts.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<RaceBook, JsError> {
        let config: RaceConfig = config_from(&config)?;
        Ok(RaceBook { book: Book::for_race(&config).map_err(js_error)?, drawn: Drawn::default() })
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
        let runs = self.book.views();
        self.drawn.draw(id, canvas, &text, pixel_ratio, |area, text| chart.draw(area, &runs, text))
    }

    /// What lies on chart `id` as last drawn, at the canvas point `(x, y)` (its
    /// pixels) or, without `y`, at the keyboard position `x`: `{at, prev, next,
    /// step, rows: [{model, values: [{name, value}]}]}`, or `null` off its data.
    pub fn readout(&self, id: &str, x: f64, y: Option<f64>, text: JsValue) -> Result<JsValue, JsError> {
        let chart = chart_of::<RaceChart>(id, "tasks")?;
        self.drawn.readout(id, (x, y), &text, |layouts, probe, text| chart.readout(layouts, probe, &self.book.views(), text))
    }
}

impl Extra for RaceBook {
    type Fields<'a> = ();
    fn extra(&self) {}
    fn finished(&self) -> bool {
        false
    }
}

/// `total` job indices dealt to `workers` workers in contiguous blocks (see
/// the core's `split_jobs`).
#[wasm_bindgen(js_name = splitJobs)]
pub fn split_jobs(total: usize, workers: usize) -> Result<JsValue, JsError> {
    to_js(&crate::train::sweep::split_jobs(total, workers))
}
