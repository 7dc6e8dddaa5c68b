//! The watch-time scenario's handles: [`WatchLab`] races the CTR model,
//! YouTube's weighted cross-entropy and the two-task model (`w·L_click +
//! (1 − w)·L_finish`) on one synthetic feed whose expected watch time is known;
//! once the race has trained its steps, the same handle sweeps the two-task
//! model's `w` (0, 0.1, …, 1) on the same feed, for its click-versus-watch-time
//! curve (a race worker: some of the models and some of the weights).
//! [`WatchBook`] gathers the workers' records and points and draws the three
//! watch charts (the race shape's pair, `race_handles!`).

use super::race::{race_handles, Extra, Shown, Worked};
use super::{chart_of, config_from, js_error, settings, to_js, Drawn};
use crate::models::funnel::FunnelInputShape;
use crate::models::watch::WatchKind;
use crate::plot::charts::{WatchChart, WatchView};
use crate::plot::WatchChartRun;
use crate::train::params;
use crate::train::race::{Book, Race};
use crate::train::sweep::split_jobs;
use crate::train::watch::sweep::default_weights;
use crate::train::watch::{TradeoffPoint, Watch, WatchRace, WatchRaceConfig};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The default watch-time configuration (the clickbait world), as a plain object.
#[wasm_bindgen(js_name = defaultWatchConfig)]
pub fn default_watch_config() -> Result<JsValue, JsError> {
    to_js(&WatchRaceConfig::default())
}

/// The watch-time config for the page's settings, as `raceConfig` for the tasks.
#[wasm_bindgen(js_name = watchConfig)]
pub fn watch_config(values: JsValue) -> Result<JsValue, JsError> {
    to_js(&params::config_from(&params::watch_params(), settings(&values)?).map_err(js_error)?)
}

/// A race of the watch-time models on one synthetic feed and then the
/// two-task model's `w` sweep (in a race worker, some of the models and some
/// of the weights).
#[wasm_bindgen]
pub struct WatchLab {
    worked: Worked<WatchRace>,
}

/// The records and sweep points of a watch-time race whose models train in workers.
#[wasm_bindgen]
pub struct WatchBook {
    book: Book<Watch>,
    /// The race's steps and the share of each feed the metrics look at (the config's).
    steps: usize,
    top_fraction: f64,
    drawn: Drawn,
}

race_handles!(WatchLab, WatchBook, Watch);

#[wasm_bindgen]
impl WatchLab {
    /// Builds the feed and its models from a config object (missing fields
    /// take their defaults; unknown or invalid ones are a `JsError` naming
    /// the field), and the `w` sweep after the race: every weight of the
    /// default sweep (0, 0.1, …, 1), or race worker `worker`'s share of them
    /// of `workers` (dealt as the pool deals models, in contiguous blocks).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue, worker: Option<usize>, workers: Option<usize>) -> Result<WatchLab, JsError> {
        let config: WatchRaceConfig = config_from(&config)?;
        let all = default_weights();
        let weights = match (worker, workers) {
            (Some(w), Some(n)) => split_jobs(all.len(), n).get(w).map_or(Vec::new(), |share| share.iter().map(|&i| all[i]).collect()),
            _ => all,
        };
        let race = WatchRace::new(config, weights).map_err(js_error)?;
        Ok(WatchLab { worked: Worked::new(race) })
    }

    /// A live change, as `Lab.setLive` takes it: `{clickWeight}`, the
    /// two-task model's `w` from the next step on (the live slider).
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&mut self, values: JsValue) -> Result<(), JsError> {
        let trainer = &mut self.worked.race.trainer;
        let config = params::live_config(&params::watch_params(), trainer.config(), settings(&values)?).map_err(js_error)?;
        trainer.take_live(&config).map_err(js_error)
    }
}

#[wasm_bindgen]
impl WatchBook {
    /// An empty book for a watch config's models (as `new WatchLab(config)`
    /// takes it, validated), with their parameter counts.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WatchBook, JsError> {
        let config: WatchRaceConfig = config_from(&config)?;
        config.validate().map_err(js_error)?;
        let shape = FunnelInputShape::from(&config.data);
        let params = |kind: WatchKind| kind.build::<f32>(&shape, &config.sizes, config.click_weight).num_params();
        let book = Book::new(config.models.iter().map(|&kind| (kind, params(kind))), config.record_every);
        Ok(WatchBook { book, steps: config.steps, top_fraction: config.top_fraction, drawn: Drawn::default() })
    }

    /// Draws the watch-time chart `id` (the chart registry's,
    /// `coreParams().charts`: watchTradeoff, watchOdds, watchWeights), as
    /// `RaceBook.drawChart` does; `text` is the page's `WatchChartText` object,
    /// or `undefined`/`null` for English.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<WatchChart>(id, "watch")?;
        let runs = self.book.views();
        // the `w` sweep's reference points: the race's CTR and weighted-CE models
        let reference: Vec<TradeoffPoint> = runs
            .iter()
            .filter(|r| r.kind != WatchKind::TwoTasks)
            .filter_map(|r| {
                let m = &r.latest()?.metrics;
                Some(TradeoffPoint { model: r.kind, top_click_share: m.top_click_share, top_watch_share: m.top_watch_share })
            })
            .collect();
        let view = WatchView { runs: &runs, top_fraction: self.top_fraction, sweep: &self.book.measured.sweep, reference: &reference };
        self.drawn.draw(id, canvas, &text, pixel_ratio, |area, text| chart.draw(area, &view, text))
    }

    /// What lies at `(x, y)`, or position `x`, on chart `id` as last drawn (`RaceBook.readout`).
    pub fn readout(&self, id: &str, x: f64, y: Option<f64>, text: JsValue) -> Result<JsValue, JsError> {
        let chart = chart_of::<WatchChart>(id, "watch")?;
        self.drawn.readout(id, (x, y), &text, |layouts, probe, _: &crate::plot::WatchChartText| chart.readout(layouts, probe))
    }
}

impl Shown for Watch {
    type Note = ();
    fn note(_: &WatchChartRun<'_>) {}
}

/// Watch time's summary fields beyond its measurements: whether the race has
/// trained its steps, and the `w` sweep's points done and in all.
#[derive(Serialize)]
pub(super) struct WatchProgress {
    race_finished: bool,
    sweep_done: usize,
    sweep_total: usize,
}

impl Extra for WatchLab {
    type Fields<'a> = WatchProgress;
    fn extra(&self) -> WatchProgress {
        let race = &self.worked.race;
        WatchProgress { race_finished: race.trainer.finished(), sweep_done: race.points().len(), sweep_total: race.weights().len() }
    }
    /// The race has trained its steps and the `w` sweep has run every weight.
    fn finished(&self) -> bool {
        self.worked.race.finished()
    }
}

impl Extra for WatchBook {
    type Fields<'a> = WatchProgress;
    fn extra(&self) -> WatchProgress {
        let race_finished = self.book.step().is_some_and(|s| s >= self.steps);
        WatchProgress { race_finished, sweep_done: self.book.measured.sweep.len(), sweep_total: default_weights().len() }
    }
    fn finished(&self) -> bool {
        let p = self.extra();
        p.race_finished && p.sweep_done == p.sweep_total
    }
}
