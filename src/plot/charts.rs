//! The chart registry: every live chart of each scenario, written once, by the
//! id the page names its panel with. The wasm boundary draws a chart by its id
//! (`drawChart(id, …)` on each scenario's handle), the page lists its panels
//! and their charts from [`registry`] (`charts()` in the wasm), and the tests
//! draw every entry (tests/plot.rs, funnel_plot.rs, watch_plot.rs).
//!
//! Not here: the sweeps' charts, which draw a sweep's summary, one per kind
//! (`wasm/sweep.rs`), or any drawing (one file per chart in this folder).

use super::hover::{self, Layout, Probe, Readout, Value};
use super::{ChartRun, ChartText, FunnelChartRun, FunnelChartText, PlotError, WatchChartRun, WatchChartText};
use crate::data::FunnelStats;
use crate::train::funnel::FunnelSnapshot;
use crate::train::watch::{TradeoffPoint, WeightPoint};
use crate::train::Snapshot;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

/// A scenario's charts: every one, each with the page's panel id.
pub trait Chart: Copy + 'static {
    /// In page order.
    const ALL: &'static [Self];
    /// The page's panel id (`#chart-<id>`, `panels=<id>` in a link).
    fn id(self) -> &'static str;
    /// The chart with this id, if the scenario has one.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.id() == id)
    }
}

/// The correlated tasks' live charts (`ALL`, in page order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaceChart {
    /// Test loss per task per model over steps.
    Losses,
    /// Gate weights per task and expert, and how far apart the tasks' gates sit.
    Gates,
    /// The seesaw plane: MTL gain on task A against task B.
    Seesaw,
    /// Gradient conflict: the cosine between the tasks' gradients over steps.
    Conflict,
    /// The weight on each task's loss per model over steps.
    Weights,
}

impl Chart for RaceChart {
    const ALL: &'static [Self] = &[RaceChart::Losses, RaceChart::Gates, RaceChart::Seesaw, RaceChart::Conflict, RaceChart::Weights];

    fn id(self) -> &'static str {
        match self {
            RaceChart::Losses => "losses",
            RaceChart::Gates => "gates",
            RaceChart::Seesaw => "seesaw",
            RaceChart::Conflict => "conflict",
            RaceChart::Weights => "weights",
        }
    }
}

impl RaceChart {
    pub fn draw<DB: DrawingBackend>(self, area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
        match self {
            RaceChart::Losses => super::losses::draw(area, runs, text),
            RaceChart::Gates => super::gates::draw(area, runs, text),
            RaceChart::Seesaw => super::seesaw::draw(area, runs, text),
            RaceChart::Conflict => super::conflict::draw(area, runs, text),
            RaceChart::Weights => super::weights::draw(area, runs, text),
        }
    }

    /// What `probe` names on this chart as last drawn (`layouts`, what its
    /// draw recorded: [`hover::recording`]); `None` off its data.
    pub fn readout(self, layouts: &[Layout], probe: Probe, runs: &[ChartRun<'_>], text: &ChartText) -> Option<Readout> {
        let histories: Vec<(&'static str, &[Snapshot])> = runs.iter().map(|r| (r.kind.id(), r.history)).collect();
        let per_task = |values: &[f64]| -> Vec<Value> {
            values.iter().take(2).enumerate().filter(|(_, v)| v.is_finite()).map(|(k, &v)| Value::new(text.task(k), v)).collect()
        };
        let over_steps = |values: &dyn Fn(&Snapshot) -> Vec<Value>| hover::over_steps(layouts, probe, &histories, |s| s.step, values);
        match self {
            RaceChart::Losses => over_steps(&|s| per_task(&s.test_loss)),
            RaceChart::Conflict => over_steps(&|s| {
                s.grad_cosine.filter(|c| c.is_finite()).map(|c| vec![Value::new(text.grad_cosine.as_str(), c)]).unwrap_or_default()
            }),
            RaceChart::Weights => over_steps(&|s| per_task(&s.loss_weights)),
            RaceChart::Seesaw => super::seesaw::readout(layouts, probe, runs, text),
            RaceChart::Gates => super::gates::readout(layouts, probe, runs, text),
        }
    }
}

/// A student's table's six live charts: the correlated tasks' five (the loss
/// on the validation split, BCE) and each task's AUC over steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataChart {
    Race(RaceChart),
    /// Validation AUC per task per model over steps.
    Auc,
}

impl Chart for DataChart {
    const ALL: &'static [Self] = &[
        DataChart::Race(RaceChart::Losses),
        DataChart::Auc,
        DataChart::Race(RaceChart::Gates),
        DataChart::Race(RaceChart::Seesaw),
        DataChart::Race(RaceChart::Conflict),
        DataChart::Race(RaceChart::Weights),
    ];

    /// The tasks' ids with a `data` prefix (`dataLosses`, `dataAuc`, …): a link's
    /// `panels=` names panels of every scenario, so no two scenarios share an id.
    fn id(self) -> &'static str {
        match self {
            DataChart::Race(RaceChart::Losses) => "dataLosses",
            DataChart::Auc => "dataAuc",
            DataChart::Race(RaceChart::Gates) => "dataGates",
            DataChart::Race(RaceChart::Seesaw) => "dataSeesaw",
            DataChart::Race(RaceChart::Conflict) => "dataConflict",
            DataChart::Race(RaceChart::Weights) => "dataWeights",
        }
    }
}

impl DataChart {
    pub fn draw<DB: DrawingBackend>(self, area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
        match self {
            DataChart::Race(chart) => chart.draw(area, runs, text),
            DataChart::Auc => super::table::draw(area, runs, text),
        }
    }

    /// What `probe` names on this chart as last drawn ([`RaceChart::readout`]).
    pub fn readout(self, layouts: &[Layout], probe: Probe, runs: &[ChartRun<'_>], text: &ChartText) -> Option<Readout> {
        match self {
            DataChart::Race(chart) => chart.readout(layouts, probe, runs, text),
            DataChart::Auc => {
                let histories: Vec<(&'static str, &[Snapshot])> = runs.iter().map(|r| (r.kind.id(), r.history)).collect();
                hover::over_steps(layouts, probe, &histories, |s| s.step, |s| super::table::values(s, text))
            }
        }
    }
}

/// The click → conversion funnel's three charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunnelChart {
    /// The training funnel: impressions → clicks → conversions, the
    /// counterfactual conversions of unclicked impressions, and each model's
    /// training space.
    Funnel,
    /// CVR AUC per model over steps: entire space (solid) and clicked only (dashed).
    CvrAuc,
    /// pCVR calibration of each model's latest record over all test impressions.
    Calibration,
}

impl Chart for FunnelChart {
    const ALL: &'static [Self] = &[FunnelChart::Funnel, FunnelChart::CvrAuc, FunnelChart::Calibration];

    fn id(self) -> &'static str {
        match self {
            FunnelChart::Funnel => "funnel",
            FunnelChart::CvrAuc => "cvrAuc",
            FunnelChart::Calibration => "calibration",
        }
    }
}

/// What the funnel's charts draw from.
pub struct FunnelView<'a> {
    /// The training funnel's counts and rates.
    pub stats: &'a FunnelStats,
    pub runs: &'a [FunnelChartRun<'a>],
}

impl FunnelChart {
    pub fn draw<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
        view: &FunnelView<'_>,
        text: &FunnelChartText,
    ) -> Result<(), PlotError> {
        match self {
            FunnelChart::Funnel => super::funnel::view::draw(area, view.stats, text),
            FunnelChart::CvrAuc => super::funnel::cvr_auc::draw(area, view.runs, text),
            FunnelChart::Calibration => super::funnel::calibration::draw(area, view.runs, text),
        }
    }

    /// What `probe` names on this chart as last drawn ([`RaceChart::readout`]):
    /// CVR AUC along the steps; the stage under the pointer in the funnel
    /// picture and its count; the calibration point nearest it.
    pub fn readout(self, layouts: &[Layout], probe: Probe, view: &FunnelView<'_>, text: &FunnelChartText) -> Option<Readout> {
        match self {
            FunnelChart::CvrAuc => {
                let histories: Vec<(&'static str, &[FunnelSnapshot])> = view.runs.iter().map(|r| (r.kind.id(), r.history)).collect();
                hover::over_steps(layouts, probe, &histories, |s| s.step, |s| super::funnel::cvr_auc::values(s, text))
            }
            FunnelChart::Funnel | FunnelChart::Calibration => hover::marked(layouts, probe),
        }
    }
}

/// Watch time's three charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchChart {
    /// Each model's share of the oracle's watch time against its share of the
    /// clicks, captured by its top slice of each feed, with its trail over training.
    Tradeoff,
    /// Weighted CE's odds against the true expected watch time, binned.
    Odds,
    /// The two-task model's `w` sweep (what has arrived), with the race's CTR
    /// and weighted-CE models as reference points.
    WeightSweep,
}

impl Chart for WatchChart {
    const ALL: &'static [Self] = &[WatchChart::Tradeoff, WatchChart::Odds, WatchChart::WeightSweep];

    fn id(self) -> &'static str {
        match self {
            WatchChart::Tradeoff => "watchTradeoff",
            WatchChart::Odds => "watchOdds",
            WatchChart::WeightSweep => "watchWeights",
        }
    }
}

/// What watch time's charts draw from.
pub struct WatchView<'a> {
    pub runs: &'a [WatchChartRun<'a>],
    /// The share of each feed the ranking metrics look at (the race config's).
    pub top_fraction: f64,
    /// The two-task model's `w` sweep so far (any order).
    pub sweep: &'a [WeightPoint],
    /// The other models' latest points, for reference beside the sweep.
    pub reference: &'a [TradeoffPoint],
}

impl WatchChart {
    pub fn draw<DB: DrawingBackend>(
        self,
        area: &DrawingArea<DB, Shift>,
        view: &WatchView<'_>,
        text: &WatchChartText,
    ) -> Result<(), PlotError> {
        match self {
            WatchChart::Tradeoff => super::watch::tradeoff::draw(area, view.runs, view.top_fraction, text),
            WatchChart::Odds => super::watch::odds::draw(area, view.runs, text),
            WatchChart::WeightSweep => super::watch::weights::draw(area, view.sweep, view.reference, view.top_fraction, text),
        }
    }

    /// What `probe` names on this chart as last drawn ([`RaceChart::readout`]):
    /// the point nearest the pointer (a model's captured shares, a weighted-CE
    /// odds bin, a sweep weight's shares or a reference model's), as it was drawn.
    pub fn readout(self, layouts: &[Layout], probe: Probe) -> Option<Readout> {
        hover::marked(layouts, probe)
    }
}

/// One scenario's entry in the registry, as the page reads it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioCharts {
    /// The page's scenario id.
    pub scenario: &'static str,
    /// The key of the charts' words in the page's dictionaries (the words
    /// struct: [`ChartText`], [`FunnelChartText`] or [`WatchChartText`]).
    pub words: &'static str,
    /// Its charts' ids, in page order.
    pub charts: Vec<&'static str>,
}

/// Every scenario's live charts, in page order.
pub fn registry() -> Vec<ScenarioCharts> {
    fn ids<C: Chart>() -> Vec<&'static str> {
        C::ALL.iter().map(|c| c.id()).collect()
    }
    vec![
        ScenarioCharts { scenario: "tasks", words: "chart", charts: ids::<RaceChart>() },
        ScenarioCharts { scenario: "funnel", words: "funnelChart", charts: ids::<FunnelChart>() },
        ScenarioCharts { scenario: "watch", words: "watchChart", charts: ids::<WatchChart>() },
        ScenarioCharts { scenario: "data", words: "chart", charts: ids::<DataChart>() },
    ]
}
