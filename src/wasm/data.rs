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

use super::race::{race_handles, Extra, GradNote, Shown, Worked};
use super::{chart_of, config_from, from_object, js_error, to_js, Drawn};
use crate::data::correlated::TASKS;
use crate::data::table::{self, Limits, Table, TableConfig, TableError};
use crate::models::param_counts;
use crate::plot::charts::DataChart;
use crate::plot::ChartRun;
use crate::train::race::{Book, Race};
use crate::train::table::{split_metrics, table_trainer, SplitMetrics, SplitName, TableRace};
use crate::train::{FileTasks, RaceConfig, Trainer};
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

/// A race on a parsed file (in a race worker, some of its models).
#[wasm_bindgen]
pub struct DataLab {
    worked: Worked<Trainer<TableRace>>,
}

/// The records of a race on a file whose models train in workers, with the
/// encoded table's summary (the page encodes the file as the workers do).
#[wasm_bindgen]
pub struct DataBook {
    book: Book<FileTasks>,
    drawn: Drawn,
    /// The encoded table (for its summary; the workers train on their own).
    table: table::Encoded,
}

race_handles!(DataLab, DataBook, FileTasks);

/// The encoded table and the race config of a race on `file`, or the
/// problem as `{code, params, message}`.
fn encode(file: &DataFile, table: JsValue, race: JsValue) -> Result<(table::Encoded, RaceConfig), JsValue> {
    let table: TableConfig = from_object(&table, "table settings").map_err(JsValue::from)?;
    let race: RaceConfig = config_from(&race).map_err(JsValue::from)?;
    race.validate().map_err(|e| JsValue::from(js_error(e)))?;
    let encoded = table::encode(&file.table, &table).map_err(|e| table_error(&e))?;
    Ok((encoded, race))
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
        let (encoded, race) = encode(file, table, race)?;
        let data = TableRace::new(encoded, race.eval_samples);
        Ok(DataLab { worked: Worked::new(table_trainer(race, data)) })
    }

    /// As the constructor, on the file's bytes read in this worker (at most
    /// `max_rows` rows, as `new DataFile(bytes, max_rows)`).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], max_rows: Option<u32>, table: JsValue, race: JsValue) -> Result<DataLab, JsValue> {
        DataLab::new(&DataFile::new(bytes, max_rows)?, table, race)
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
        let metrics: Vec<SplitMetrics> = split_metrics(&mut self.worked.race, which);
        to_js(&metrics)
    }

    /// A live change: the race config with the page's live values set, as the
    /// page's module makes it (`liveConfig("data", config, values)`, which
    /// refuses a setting a running race on a file cannot take); the loss
    /// weights and the learning rate are taken from the next step on. (The
    /// settings table stays in the page's module: through it this module
    /// grew 11 KB gzipped.)
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&mut self, config: JsValue) -> Result<(), JsError> {
        let config: RaceConfig = config_from(&config)?;
        self.worked.race.take_live_weights(&config).map_err(js_error)
    }
}

#[wasm_bindgen]
impl DataBook {
    /// An empty book for the race `new DataLab(file, table, race)` would run,
    /// with its models' parameter counts and the encoded table's summary; the
    /// same problems throw.
    #[wasm_bindgen(constructor)]
    pub fn new(file: &DataFile, table: JsValue, race: JsValue) -> Result<DataBook, JsValue> {
        let (encoded, race) = encode(file, table, race)?;
        let counts = param_counts(&race.sizes, encoded.dim, TASKS);
        let params = |kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |c| c.1);
        let book = Book::new(race.models.iter().map(|&kind| (kind, params(kind))), race.record_every);
        Ok(DataBook { book, table: encoded, drawn: Drawn::default() })
    }

    /// Draws the chart `id` (`dataLosses`, `dataAuc`, `dataGates`, `dataSeesaw`,
    /// `dataConflict`, `dataWeights`) on `canvas`, in the words of `text` (the page's `ChartText`
    /// object, with the labels' names as the tasks').
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<DataChart>(id, "data")?;
        let runs = self.book.views();
        self.drawn.draw(id, canvas, &text, pixel_ratio, |area, text| chart.draw(area, &runs, text))
    }

    /// What lies at `(x, y)`, or position `x`, on chart `id` as last drawn (`RaceBook.readout`).
    pub fn readout(&self, id: &str, x: f64, y: Option<f64>, text: JsValue) -> Result<JsValue, JsError> {
        let chart = chart_of::<DataChart>(id, "data")?;
        self.drawn.readout(id, (x, y), &text, |layouts, probe, text| chart.readout(layouts, probe, &self.book.views(), text))
    }
}

impl Shown for FileTasks {
    type Note = GradNote;
    fn note(run: &ChartRun<'_>) -> GradNote {
        GradNote::of(run)
    }
}

/// A race on a file's summary fields beyond its records: the encoded table
/// (its columns' roles, the inputs, the split and every count).
#[derive(Serialize)]
pub(super) struct TableFields<'a> {
    table: &'a table::Encoded,
}

impl Extra for DataLab {
    type Fields<'a> = TableFields<'a>;
    fn extra(&self) -> TableFields<'_> {
        TableFields { table: self.worked.race.race_data().encoded() }
    }
    fn finished(&self) -> bool {
        false
    }
}

impl Extra for DataBook {
    type Fields<'a> = TableFields<'a>;
    fn extra(&self) -> TableFields<'_> {
        TableFields { table: &self.table }
    }
    fn finished(&self) -> bool {
        false
    }
}
