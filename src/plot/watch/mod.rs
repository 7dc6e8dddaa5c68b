//! The watch-time lab's charts (weighted CE, hand-set loss weights), drawn
//! with [`WatchChartText`]: [`tradeoff`] (watch time captured against clicks
//! captured, per model, with each model's path over training), [`odds`]
//! (weighted CE's odds against the true expected watch time) and [`weights`]
//! (the two-task model's loss-weight sweep); what they share (the run view,
//! the captured-share plane, labels) is [`runs`].

pub mod odds;
pub mod runs;
pub mod text;
pub mod tradeoff;
pub mod weights;

pub use runs::{watch_chart_runs, WatchChartRun};
pub use text::WatchChartText;
