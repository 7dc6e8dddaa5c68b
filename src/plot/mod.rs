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
//! The other scenarios' charts are in a folder each, as every layer keeps a
//! scenario other than the correlated tasks (the README's layout rule):
//! [`funnel`] (the ESMM funnel lab's three) and [`watch`] (watch time's three);
//! a student's table adds one chart to the tasks' five, [`table`] (AUC per task).
//!
//! Which live charts each scenario has, by the page's panel ids, is the chart
//! registry, [`charts`]: the wasm boundary, the page and the tests read it.
//!
//! The three sweeps draw from their summaries with [`SweepChartText`]:
//! [`tradeoff`] (loss weight), [`trainability`] and [`correlation_sweep`];
//! the transfer sweep's map, [`transfer_map`], with [`TransferChartText`].
//!
//! A guided lab's ten-seed answer draws [`seed_strip`]: a dot per seed of the
//! figures the answer rests on, the student's seed ringed.

pub mod charts;
pub mod common;
pub mod conflict;
pub mod correlation_sweep;
pub mod funnel;
pub mod gates;
pub mod grad_norms;
pub mod hover;
pub mod legend;
pub mod losses;
pub mod seed_strip;
pub mod seesaw;
pub mod style;
pub mod sweep_text;
pub mod table;
pub mod text;
pub mod ticks;
pub mod tradeoff;
pub mod trainability;
pub mod transfer_map;
pub mod transfer_text;
pub mod typeset;
pub mod watch;
pub mod weights;
pub mod words;

pub use common::*;
pub use funnel::{funnel_chart_runs, FunnelChartRun, FunnelChartText};
pub use legend::{model_and_task_entries, model_entries, with_side_legend, with_side_legend_at, LegendEntry, Swatch};
pub use sweep_text::SweepChartText;
pub use text::ChartText;
pub use transfer_text::TransferChartText;
pub use typeset::Typeset;
pub use watch::{watch_chart_runs, WatchChartRun, WatchChartText};
