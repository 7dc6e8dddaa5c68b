//! The ESMM funnel's handle: [`FunnelLab`] races the Table 2 models on one
//! click → conversion funnel and draws the funnel charts.

use super::{chart_of, config_from, draw_on_canvas, js_error, settings, to_js, train_for};
use crate::data::FunnelStats;
use crate::plot::charts::{FunnelChart, FunnelView};
use crate::plot::funnel_chart_runs;
use crate::train::funnel::{FunnelRaceConfig, FunnelSnapshot, FunnelTrainer};
use crate::train::params;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The default funnel configuration, as a plain object.
#[wasm_bindgen(js_name = defaultFunnelConfig)]
pub fn default_funnel_config() -> Result<JsValue, JsError> {
    to_js(&FunnelRaceConfig::default())
}

/// The funnel config for the page's settings, as `raceConfig` for the tasks.
#[wasm_bindgen(js_name = funnelConfig)]
pub fn funnel_config(values: JsValue) -> Result<JsValue, JsError> {
    to_js(&params::config_from(&params::funnel_params(), settings(&values)?).map_err(js_error)?)
}

/// A race of the ESMM paper's Table 2 models (BASE, DIVISION, ESMM-NS, ESMM)
/// on one synthetic click → conversion funnel.
#[wasm_bindgen]
pub struct FunnelLab {
    trainer: FunnelTrainer,
}

#[derive(Serialize)]
struct FunnelSummary<'a> {
    step: usize,
    steps_this_call: usize,
    ms_this_call: f64,
    /// Every model has early-stopped (or diverged).
    finished: bool,
    /// Impressions, clicks, conversions and rates of the training funnel.
    data: &'a FunnelStats,
    models: Vec<FunnelModelSummary<'a>>,
}

#[derive(Serialize)]
struct FunnelModelSummary<'a> {
    model: &'static str,
    label: &'static str,
    params: usize,
    stopped_at: Option<usize>,
    diverged_at: Option<usize>,
    latest: Option<&'a FunnelSnapshot>,
}

#[wasm_bindgen]
impl FunnelLab {
    /// Builds the funnel and its models from a config object (missing fields
    /// take their defaults; unknown or invalid ones are a `JsError`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<FunnelLab, JsError> {
        Ok(FunnelLab { trainer: FunnelTrainer::new(config_from(&config)?).map_err(js_error)? })
    }

    /// Trains for about `budget_ms` milliseconds (at least one step, at most
    /// `max_steps`, none once every model has stopped) and returns a summary.
    pub fn train(&mut self, budget_ms: f64, max_steps: u32) -> Result<JsValue, JsError> {
        let trainer = &mut self.trainer;
        let (steps, ms) = if trainer.finished() {
            (0, 0.0)
        } else {
            train_for(budget_ms, max_steps, || {
                trainer.step();
                !trainer.finished()
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
        let all: Vec<(&str, &Vec<FunnelSnapshot>)> = self.trainer.runs.iter().map(|r| (r.kind.id(), &r.history)).collect();
        to_js(&all)
    }

    fn summary_of(&self, steps: usize, ms: f64) -> Result<JsValue, JsError> {
        let t = &self.trainer;
        to_js(&FunnelSummary {
            step: t.step_count(),
            steps_this_call: steps,
            ms_this_call: ms,
            finished: t.finished(),
            data: &t.data().stats,
            models: t
                .runs
                .iter()
                .map(|r| FunnelModelSummary {
                    model: r.kind.id(),
                    label: r.kind.label(),
                    params: r.num_params(),
                    stopped_at: r.stopped_at,
                    diverged_at: r.diverged_at,
                    latest: r.latest(),
                })
                .collect(),
        })
    }
}

#[wasm_bindgen]
impl FunnelLab {
    /// Draws the funnel chart `id` (the chart registry's, `coreParams().charts`:
    /// funnel, cvrAuc, calibration), as `RaceBook.drawChart` does; `text` is
    /// the page's `FunnelChartText` object, or `undefined`/`null` for English.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<FunnelChart>(id, "funnel")?;
        let runs = funnel_chart_runs(&self.trainer.runs);
        let view = FunnelView { stats: &self.trainer.data().stats, runs: &runs };
        draw_on_canvas(canvas, &text, pixel_ratio, |area, text| chart.draw(area, &view, text))
    }
}
