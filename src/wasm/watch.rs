//! The watch-time scenario's handle: [`WatchLab`] races the CTR model,
//! YouTube's weighted cross-entropy and the two-task model (`w·L_click +
//! (1 − w)·L_finish`) on one synthetic feed whose expected watch time is known;
//! once the race has trained its steps, the same handle sweeps the two-task
//! model's `w` (0, 0.1, …, 1) on the same feed, for its click-versus-watch-time
//! curve. Both train in time slices on the caller's thread; the three watch
//! charts draw from them.

use super::{chart_of, config_from, draw_on_canvas, js_error, settings, to_js, train_for};
use crate::data::WatchStats;
use crate::models::watch::WatchKind;
use crate::plot::charts::{WatchChart, WatchView};
use crate::plot::watch_chart_runs;
use crate::train::params;
use crate::train::watch::sweep::default_weights;
use crate::train::watch::{WatchRaceConfig, WatchSnapshot, WatchTrainer, WeightSweep};
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

/// A race of the watch-time models on one synthetic feed.
#[wasm_bindgen]
pub struct WatchLab {
    trainer: WatchTrainer,
    /// The `w` sweep, started when the race has trained its steps.
    sweep: Option<WeightSweep>,
}

#[derive(Serialize)]
struct WatchSummary<'a> {
    step: usize,
    steps_this_call: usize,
    ms_this_call: f64,
    /// The race has trained its `steps` and the `w` sweep has run every weight.
    finished: bool,
    /// Every model has trained its `steps`.
    race_finished: bool,
    /// The `w` sweep's runs done and in all (0 done until the race has finished).
    sweep_done: usize,
    sweep_total: usize,
    /// The two-task model's `w` now.
    click_weight: f64,
    /// Impressions, clicks, watch time and the appeal–quality correlation of the training feed.
    data: &'a WatchStats,
    models: Vec<WatchModelSummary<'a>>,
}

#[derive(Serialize)]
struct WatchModelSummary<'a> {
    model: &'static str,
    label: &'static str,
    params: usize,
    diverged_at: Option<usize>,
    latest: Option<&'a WatchSnapshot>,
}

#[wasm_bindgen]
impl WatchLab {
    /// Builds the feed and its models from a config object (missing fields
    /// take their defaults; unknown or invalid ones are a `JsError` naming the field).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<WatchLab, JsError> {
        Ok(WatchLab { trainer: WatchTrainer::new(config_from(&config)?).map_err(js_error)?, sweep: None })
    }

    /// Trains for about `budget_ms` milliseconds (at least one step, at most
    /// `max_steps`) and returns a summary: the race until it has trained its
    /// steps, then the `w` sweep, then nothing.
    pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<JsValue, JsError> {
        let (steps, ms) = if !self.trainer.finished() {
            let trainer = &mut self.trainer;
            train_for(budget_ms, max_steps, || {
                trainer.step_n(1);
                !trainer.finished()
            })?
        } else if self.sweep().map_err(js_error)?.finished() {
            (0, 0.0)
        } else {
            let sweep = self.sweep.as_mut().expect("made just above");
            train_for(budget_ms, max_steps, || {
                sweep.step_n(1);
                !sweep.finished()
            })?
        };
        self.summary_of(steps, ms)
    }

    /// The current state without training.
    pub fn summary(&self) -> Result<JsValue, JsError> {
        self.summary_of(0, 0.0)
    }

    /// Every recorded snapshot of every model, for export.
    pub fn history(&self) -> Result<JsValue, JsError> {
        let all: Vec<(&str, &Vec<WatchSnapshot>)> = self.trainer.runs.iter().map(|r| (r.kind.id(), &r.history)).collect();
        to_js(&all)
    }

    /// A live change, as `Lab.setLive` takes it: `{clickWeight}`, the
    /// two-task model's `w` from the next step on (the live slider).
    #[wasm_bindgen(js_name = setLive)]
    pub fn set_live(&mut self, values: JsValue) -> Result<(), JsError> {
        let config = params::live_config(&params::watch_params(), self.trainer.config(), settings(&values)?).map_err(js_error)?;
        self.trainer.take_live(&config).map_err(js_error)
    }

    /// The `w` sweep on the race's feed and config, made on first use.
    fn sweep(&mut self) -> crate::error::Result<&WeightSweep> {
        if self.sweep.is_none() {
            let data = self.trainer.data().clone();
            self.sweep = Some(WeightSweep::with_data(self.trainer.config().clone(), data, default_weights())?);
        }
        Ok(self.sweep.as_ref().expect("made just above"))
    }

    fn summary_of(&self, steps: usize, ms: f64) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        let sweep_done = self.sweep.as_ref().map_or(0, |s| s.points().len());
        let sweep_total = default_weights().len();
        to_js(&WatchSummary {
            step: t.step_count(),
            steps_this_call: steps,
            ms_this_call: ms,
            finished: t.finished() && sweep_done == sweep_total,
            race_finished: t.finished(),
            sweep_done,
            sweep_total,
            click_weight: t.config().click_weight,
            data: &t.data().stats,
            models: t
                .runs
                .iter()
                .map(|r| WatchModelSummary {
                    model: r.kind.id(),
                    label: r.kind.label(),
                    params: r.num_params(),
                    diverged_at: r.diverged_at,
                    latest: r.latest(),
                })
                .collect(),
        })
    }
}

#[wasm_bindgen]
impl WatchLab {
    /// Draws the watch-time chart `id` (the chart registry's,
    /// `coreParams().charts`: watchTradeoff, watchOdds, watchWeights), as
    /// `RaceBook.drawChart` does; `text` is the page's `WatchChartText` object,
    /// or `undefined`/`null` for English.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<WatchChart>(id, "watch")?;
        let runs = watch_chart_runs(&self.trainer.runs);
        // the `w` sweep's reference points: the race's CTR and weighted-CE models
        let reference: Vec<_> = self.trainer.tradeoff().into_iter().filter(|p| p.model != WatchKind::TwoTasks).collect();
        let sweep = self.sweep.as_ref().map_or(&[][..], |s| s.points());
        let view = WatchView { runs: &runs, top_fraction: self.trainer.config().top_fraction, sweep, reference: &reference };
        draw_on_canvas(canvas, &text, pixel_ratio, |area, text| chart.draw(area, &view, text))
    }
}
