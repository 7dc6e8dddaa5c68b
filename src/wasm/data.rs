//! "Your data"'s handles: [`DataFile`] holds a CSV or TSV the page read from
//! the student's disk (parsed here, in the page; nothing is uploaded), and
//! [`DataLab`] races the correlated-task models on two binary labels made from
//! its columns, in time slices on the caller's thread, with that scenario's six
//! live charts.
//!
//! A file's problems come back as `{code, params, message}` objects (not
//! `JsError`s), so the page can say them in the student's language:
//! `code` keys `data_errors` in the dictionaries, `params` fill its
//! placeholders, `message` is the English sentence.

use super::{chart_of, config_from, draw_on_canvas, from_object, js_error, to_js, train_for};
use crate::data::table::{self, Limits, Table, TableConfig, TableError};
use crate::plot::charts::DataChart;
use crate::plot::{chart_runs, ChartRun};
use crate::train::table::{split_metrics, table_trainer, SplitMetrics, SplitName, TableRace};
use crate::train::{RaceConfig, Snapshot, Trainer};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// A table error as the page shows it.
fn table_error(e: &TableError) -> JsValue {
    #[derive(Serialize)]
    struct Shown {
        code: &'static str,
        params: std::collections::BTreeMap<&'static str, String>,
        message: String,
    }
    let shown = Shown { code: e.code(), params: e.params().into_iter().collect(), message: e.to_string() };
    to_js(&shown).unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

/// A file the student picked, parsed.
#[wasm_bindgen]
pub struct DataFile {
    table: Table,
    limits: Limits,
}

#[wasm_bindgen]
impl DataFile {
    /// Parses `bytes` (the whole file) as CSV or TSV, keeping at most
    /// `max_rows` rows (default and most 300,000). A file that cannot be used
    /// throws `{code, params, message}`.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8], max_rows: Option<u32>) -> Result<DataFile, JsValue> {
        let most = Limits::default().max_rows;
        let limits = Limits { max_rows: max_rows.map_or(most, |n| (n as usize).clamp(1, most)), ..Limits::default() };
        table::parse(bytes, &limits).map(|table| DataFile { table, limits }).map_err(|e| table_error(&e))
    }

    /// What was read: `{rows, columns: [{name, kind, missing, distinct, examples, …}],
    /// notes: {delimiter, bom, empty_lines, short_rows, long_rows,
    /// invalid_utf8_fields, truncated}, suggested_labels: [{column, op, value}]}`.
    pub fn describe(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Described<'a> {
            rows: usize,
            columns: Vec<table::ColumnSummary>,
            notes: &'a table::ParseNotes,
            suggested_labels: Vec<table::LabelSpec>,
            /// The limits the file was read with (the page says so when truncated).
            limits: Limits,
        }
        to_js(&Described {
            rows: self.table.rows,
            columns: table::describe(&self.table),
            notes: &self.table.notes,
            suggested_labels: table::suggest_labels(&self.table),
            limits: self.limits,
        })
    }
}

/// A race on a parsed file.
#[wasm_bindgen]
pub struct DataLab {
    trainer: Trainer<TableRace>,
}

#[derive(Serialize)]
struct DataSummary<'a> {
    step: usize,
    steps_this_call: usize,
    ms_this_call: f64,
    /// The encoded table: its columns' roles, the inputs, the split and every count.
    table: &'a table::Encoded,
    models: Vec<DataModelSummary<'a>>,
}

#[derive(Serialize)]
struct DataModelSummary<'a> {
    model: &'static str,
    label: &'static str,
    params: usize,
    diverged_at: Option<usize>,
    latest: Option<&'a Snapshot>,
}

#[wasm_bindgen]
impl DataLab {
    /// Encodes `file` by `table` (`{labels: [{column, op, value}, …], exclude,
    /// vocab_cap, min_count, validation, test, seed}`; a problem throws
    /// `{code, params, message}`) and builds the models of `race` (a race
    /// config as the tasks scenario takes it; its data settings are unused but
    /// for the seed, which seeds the models and the batches).
    #[wasm_bindgen(constructor)]
    pub fn new(file: &DataFile, table: JsValue, race: JsValue) -> Result<DataLab, JsValue> {
        let table: TableConfig = from_object(&table, "table settings").map_err(JsValue::from)?;
        let race: RaceConfig = config_from(&race).map_err(JsValue::from)?;
        race.validate().map_err(|e| JsValue::from(js_error(e)))?;
        let encoded = table::encode(&file.table, &table).map_err(|e| table_error(&e))?;
        let data = TableRace::new(encoded, race.eval_samples);
        Ok(DataLab { trainer: table_trainer(race, data) })
    }

    /// Trains for about `budget_ms` milliseconds (at least one step, at most
    /// `max_steps`) and returns a summary.
    pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<JsValue, JsError> {
        let trainer = &mut self.trainer;
        let (steps, ms) = train_for(budget_ms, max_steps, || {
            trainer.step();
            trainer.runs.iter().any(|r| r.diverged_at.is_none())
        })?;
        self.summary_of(steps, ms)
    }

    /// The current state without training.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        self.summary_of(0, 0.0)
    }

    /// Every model's loss and AUC on the whole test split (`which` =
    /// `"test"`, the default) or validation split (`"validation"`), as
    /// `[{model, loss: [a, b], auc: [a, b], diverged_at}]`.
    #[wasm_bindgen(js_name = splitMetrics)]
    pub fn split_metrics(&mut self, which: Option<String>) -> Result<JsValue, JsError> {
        let which = match which.as_deref() {
            None | Some("test") => SplitName::Test,
            Some("validation") => SplitName::Validation,
            Some(other) => return Err(JsError::new(&format!("no split `{other}` (test or validation)"))),
        };
        let metrics: Vec<SplitMetrics> = split_metrics(&mut self.trainer, which);
        to_js(&metrics)
    }

    /// A live change: the race config with the page's live values set, as the
    /// page's module makes it (`liveConfig("data", config, values)`, which
    /// refuses a setting a running race on a file cannot take); the loss
    /// weights and the learning rate are taken from the next step on. (The
    /// settings table stays in the page's module: through it this module
    /// grew 11 KB gzipped.)
    #[wasm_bindgen(js_name = takeLive)]
    pub fn take_live(&mut self, config: JsValue) -> Result<(), JsError> {
        let config: RaceConfig = config_from(&config)?;
        self.trainer.take_live_weights(&config).map_err(js_error)
    }

    /// Draws the chart `id` (`dataLosses`, `dataAuc`, `dataGates`, `dataSeesaw`,
    /// `dataConflict`, `dataWeights`) on `canvas`, in the words of `text` (the page's `ChartText`
    /// object, with the labels' names as the tasks').
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<DataChart>(id, "data")?;
        let runs: Vec<ChartRun<'_>> = chart_runs(&self.trainer.runs);
        draw_on_canvas(canvas, &text, pixel_ratio, |area, text| chart.draw(area, &runs, text))
    }
}

impl DataLab {
    fn summary_of(&self, steps: usize, ms: f64) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let models = t
            .runs
            .iter()
            .map(|r| DataModelSummary {
                model: r.kind.id(),
                label: r.kind.label(),
                params: r.num_params(),
                diverged_at: r.diverged_at,
                latest: r.latest(),
            })
            .collect();
        let summary = t.race_data().encoded();
        to_js(&DataSummary { step: t.step_count(), steps_this_call: steps, ms_this_call: ms, table: summary, models })
    }
}
