//! A student's table's chart: held-out AUC per task per model over training
//! steps (binary labels only; the correlated tasks have no AUC). Colour is the
//! model, the dash the task, as in the loss chart; 0.5 is a coin's AUC and is
//! marked, so "the model learned nothing" reads at a glance.

use super::hover::{self, Layout};
use super::style::{self, Scale};
use super::{draw_model_task_lines, model_and_task_entries, PlotError};
use super::{framed, house_mesh, last_step, message, step_label, thin, with_side_legend, ChartRun, ChartText};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws the AUC chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let Some((lo, hi)) = auc_range(runs) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let entries = model_and_task_entries(runs, text);
    let plot = with_side_legend(area, &entries)?;
    let end = last_step(runs);
    let mut chart = framed(&plot, scale).build_cartesian_2d(0f64..end, lo..hi)?;
    hover::record(Layout::Steps { area: hover::area_of(&chart), from: 0.0, to: end });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .y_desc(text.auc.as_str())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    if lo <= 0.5 {
        let coin = style::INK.mix(0.35).stroke_width(scale.px_u(1.0));
        chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.5), (end, 0.5)], coin)))?;
    }
    let max_points = plot.dim_in_pixel().0 as usize;
    draw_model_task_lines(&mut chart, runs, scale, |run, k| task_points(run, k, max_points))?;
    Ok(())
}

/// Each task's AUC at a record, named by task (the readout under the pointer).
pub fn values(s: &crate::train::Snapshot, text: &ChartText) -> Vec<hover::Value> {
    (0..2).filter_map(|k| Some(hover::Value::new(text.task(k), auc_at(s, k)?))).collect()
}

/// The AUC of task `k` at a record, when it was measured and is finite.
fn auc_at(s: &crate::train::Snapshot, k: usize) -> Option<f64> {
    s.test_auc.as_ref()?.get(k).copied().flatten().filter(|v| v.is_finite())
}

/// (step, AUC) of task `k`, thinned to about `max` points.
fn task_points(run: &ChartRun<'_>, k: usize, max: usize) -> Vec<(f64, f64)> {
    let kept: Vec<(f64, f64)> = run.history.iter().filter_map(|s| Some((s.step as f64, auc_at(s, k)?))).collect();
    thin(kept.len(), max).into_iter().map(|i| kept[i]).collect()
}

/// The y range: every AUC recorded, padded, within [0, 1]; the coin's 0.5
/// stays in view unless every model is well above it. `None` with nothing to draw.
fn auc_range(runs: &[ChartRun<'_>]) -> Option<(f64, f64)> {
    let values = runs.iter().flat_map(|r| r.history).flat_map(|s| (0..2).filter_map(move |k| auc_at(s, k)));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return None;
    }
    let lo = if lo < 0.6 { lo.min(0.5) } else { lo };
    let pad = ((hi - lo) * 0.08).max(0.01);
    Some(((lo - pad).max(0.0), (hi + pad).min(1.0)))
}
