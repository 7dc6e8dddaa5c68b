//! The click → conversion funnel's charts, drawn from its own records with
//! [`FunnelChartText`]: [`view`] (the training funnel and the counterfactual
//! conversions), [`cvr_auc`] (CVR AUC on the entire space and on clicks only)
//! and [`calibration`] (mean true against mean predicted pCVR); what they
//! share (the run view, legend rows, number formats) is [`runs`].

pub mod calibration;
pub mod cvr_auc;
pub mod runs;
pub mod text;
pub mod view;

pub use runs::{funnel_chart_runs, FunnelChartRun};
pub use text::FunnelChartText;
