//! The live charts of every scenario and the sweeps' charts, drawn with plotters on any backend (an HTML canvas in
//! the page, SVG in native tests).
//!
//! The correlated tasks' five, one per file, each a `draw(area, runs, text)`: [`losses`] (test loss per
//! task), [`gates`] (gate weights and how far the tasks' gates sit apart),
//! [`seesaw`] (MTL gain on task A against task B), [`conflict`] (the cosine
//! between the tasks' gradients) and [`weights`] (each task's loss weight; under
//! GradNorm with [`grad_norms`] below it, the smoothed gradient norms and targets).
//! Charts only read the trainer's history; they never compute a metric the
//! trainer did not record, except smoothing for display. What the charts
//! share (the run view, the error, point thinning, the frame and the centred
//! message) is in [`common`], re-exported here; the side legend is [`legend`].
//!
//! The ESMM funnel lab has three more, drawn from its own records with
//! [`FunnelChartText`]: [`funnel_view`] (the training funnel and the
//! counterfactual conversions), [`cvr_auc`] (CVR AUC on the entire space and on
//! clicks only) and [`calibration`] (mean true against mean predicted pCVR).
//!
//! Which live charts each scenario has, by the page's panel ids, is the chart
//! registry, [`charts`]: the wasm boundary, the page and the tests read it.
//!
//! The three sweeps draw from their summaries with [`SweepChartText`]:
//! [`tradeoff`] (loss weight), [`trainability`] and [`correlation_sweep`];
//! the transfer sweep's map, [`transfer_map`], with [`TransferChartText`].
//!
//! The watch-time lab (weighted CE, hand-set loss weights) has three, drawn
//! with [`WatchChartText`]: [`watch_tradeoff`] (watch time captured against
//! clicks captured, per model, with each model's path over training),
//! [`watch_odds`] (weighted CE's odds against the true expected watch time)
//! and [`watch_weights`] (the two-task model's loss-weight sweep).
//!
//! A guided lab's ten-seed answer draws [`seed_strip`]: a dot per seed of the
//! figures the answer rests on, the student's seed ringed.

pub mod calibration;
pub mod charts;
pub mod common;
pub mod conflict;
pub mod correlation_sweep;
pub mod cvr_auc;
pub mod funnel_runs;
pub mod funnel_text;
pub mod funnel_view;
pub mod gates;
pub mod grad_norms;
pub mod legend;
pub mod losses;
pub mod seed_strip;
pub mod seesaw;
pub mod style;
pub mod sweep_text;
pub mod task_auc;
pub mod text;
pub mod ticks;
pub mod tradeoff;
pub mod trainability;
pub mod transfer_map;
pub mod transfer_text;
pub mod typeset;
pub mod watch_odds;
pub mod watch_runs;
pub mod watch_text;
pub mod watch_tradeoff;
pub mod watch_weights;
pub mod weights;

pub use common::*;
pub use funnel_runs::{funnel_chart_runs, FunnelChartRun};
pub use funnel_text::FunnelChartText;
pub use legend::{model_and_task_entries, model_entries, with_side_legend, with_side_legend_at, LegendEntry, Swatch};
pub use sweep_text::SweepChartText;
pub use text::ChartText;
pub use transfer_text::TransferChartText;
pub use typeset::Typeset;
pub use watch_runs::{watch_chart_runs, WatchChartRun};
pub use watch_text::WatchChartText;
