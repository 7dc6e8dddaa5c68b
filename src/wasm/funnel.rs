//! The ESMM funnel's handles: [`FunnelLab`] races the Table 2 models (or a
//! worker's share of them) on one click → conversion funnel, and
//! [`FunnelBook`] gathers the workers' records and draws the funnel charts
//! (the race shape's pair, `race_handles!`).

use super::race::{race_handles, Extra, Shown, Worked};
use super::{chart_of, config_from, js_error, settings, to_js, Drawn};
use crate::models::funnel::FunnelInputShape;
use crate::plot::charts::{FunnelChart, FunnelView};
use crate::plot::FunnelChartRun;
use crate::train::funnel::{Funnel, FunnelRaceConfig, FunnelTrainer};
use crate::train::params;
use crate::train::race::{Book, Race};
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
/// on one synthetic click → conversion funnel (in a race worker, some of them).
#[wasm_bindgen]
pub struct FunnelLab {
    worked: Worked<FunnelTrainer>,
}

/// The records of a funnel race whose models train in workers.
#[wasm_bindgen]
pub struct FunnelBook {
    book: Book<Funnel>,
    drawn: Drawn,
}

race_handles!(FunnelLab, FunnelBook, Funnel);

#[wasm_bindgen]
impl FunnelLab {
    /// Builds the funnel and its models from a config object (missing fields
    /// take their defaults; unknown or invalid ones are a `JsError`).
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<FunnelLab, JsError> {
        Ok(FunnelLab { worked: Worked::new(FunnelTrainer::new(config_from(&config)?).map_err(js_error)?) })
    }
}

#[wasm_bindgen]
impl FunnelBook {
    /// An empty book for a funnel config's models (as `new FunnelLab(config)`
    /// takes it, validated), with their parameter counts.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<FunnelBook, JsError> {
        let config: FunnelRaceConfig = config_from(&config)?;
        config.validate().map_err(js_error)?;
        let shape = FunnelInputShape::from(&config.data);
        let models = config.models.iter().map(|&kind| (kind, kind.build::<f32>(&shape, &config.sizes).num_params()));
        Ok(FunnelBook { book: Book::new(models, config.record_every), drawn: Drawn::default() })
    }

    /// Draws the funnel chart `id` (the chart registry's, `coreParams().charts`:
    /// funnel, cvrAuc, calibration), as `RaceBook.drawChart` does; `text` is
    /// the page's `FunnelChartText` object, or `undefined`/`null` for English.
    #[wasm_bindgen(js_name = drawChart)]
    pub fn draw_chart(&self, id: &str, canvas: HtmlCanvasElement, text: JsValue, pixel_ratio: Option<f64>) -> Result<(), JsError> {
        let chart = chart_of::<FunnelChart>(id, "funnel")?;
        let runs = self.book.views();
        let view = FunnelView { stats: &self.book.measured.data, runs: &runs };
        self.drawn.draw(id, canvas, &text, pixel_ratio, |area, text| chart.draw(area, &view, text))
    }

    /// What lies at `(x, y)`, or position `x`, on chart `id` as last drawn (`RaceBook.readout`).
    pub fn readout(&self, id: &str, x: f64, y: Option<f64>, text: JsValue) -> Result<JsValue, JsError> {
        let chart = chart_of::<FunnelChart>(id, "funnel")?;
        let runs = self.book.views();
        let view = FunnelView { stats: &self.book.measured.data, runs: &runs };
        self.drawn.readout(id, (x, y), &text, |layouts, probe, text| chart.readout(layouts, probe, &view, text))
    }
}

impl Shown for Funnel {
    type Note = ();
    fn note(_: &FunnelChartRun<'_>) {}
}

impl Extra for FunnelLab {
    type Fields<'a> = ();
    fn extra(&self) {}
    /// Every model has early-stopped (or diverged).
    fn finished(&self) -> bool {
        self.worked.race.finished()
    }
}

impl Extra for FunnelBook {
    type Fields<'a> = ();
    fn extra(&self) {}
    /// Every model has early-stopped (or diverged).
    fn finished(&self) -> bool {
        !self.book.runs.is_empty() && self.book.runs.iter().all(|r| r.view().done())
    }
}
