//! Chart (e): the weight on each task's loss over training steps, per model:
//! fixed weights are flat lines, uncertainty weighting's `0.5·e^{−s_k}` and
//! GradNorm's `w_k` move. Colour is the model, the dash the task (task A solid,
//! task B dashed), as in the loss chart. A switch of strategy mid-run is a
//! dotted vertical line labelled with the new strategy; the caption names the
//! strategy in force (and uncertainty weighting's form).
//!
//! When a model in the race has GradNorm records, the area splits: the weights
//! take the upper 55 %, and [`grad_norms`](super::grad_norms) draws each task's
//! smoothed gradient norm `G_i` beside its target `Ḡ·r_i^α` in the lower 45 %,
//! on the same step axis, with one legend beside both.
//!
//! Not a chart of σ²: that is in the records (and the summary) for the page to
//! show as numbers.

use super::hover::{self, Layout};
use super::style::{self, Scale, INK, MUTED};
use super::typeset::minus;
use super::{draw_task_line, grad_norms, LegendEntry, PlotError, Swatch};
use super::{framed, house_mesh, last_step, message, model_entries, step_label, thin, with_side_legend, ChartRun, ChartText};
use crate::train::weighting::UncertaintyForm;
use crate::train::{LossWeighting, Snapshot};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The weights' share of the area's height when the GradNorm part is drawn below.
const WEIGHTS_SHARE: f64 = 0.55;

/// Draws the weights chart on `area` (filled white first), with the GradNorm
/// part below it when any model has GradNorm records.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let Some(hi) = weight_max(runs) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let now = strategy_now(runs);
    let mut entries = model_entries(runs, text);
    for (entry, run) in entries.iter_mut().zip(runs) {
        // a model without a shared layer keeps fixed weights under GradNorm
        let fell_back =
            matches!(now, Some(LossWeighting::GradNorm { .. })) && run.history.last().is_some_and(|s| s.weighting == LossWeighting::Fixed);
        if fell_back && entry.note.is_none() {
            entry.note = Some(text.fixed_no_shared_layer.clone());
        }
    }
    for k in 0..2 {
        let swatch = Swatch::Line { color: INK, dashed: style::task_dashed(k) };
        let entry = LegendEntry::new(text.task(k), swatch);
        entries.push(if k == 0 { entry.grouped() } else { entry });
    }
    let with_grad_norms = grad_norms::any(runs);
    if with_grad_norms {
        entries.extend(grad_norms::legend_entries(text));
    }
    let beside_legend = with_side_legend(area, &entries)?;
    let x_max = last_step(runs);
    let (plot, below) = if with_grad_norms {
        let top = (beside_legend.dim_in_pixel().1 as f64 * WEIGHTS_SHARE).round() as i32;
        let (plot, below) = beside_legend.split_vertically(top);
        (plot, Some(below))
    } else {
        (beside_legend, None)
    };
    let y_max = hi * 1.15;
    let mut frame = framed(&plot, scale);
    if below.is_some() {
        // the step axis is titled once, under the GradNorm part
        frame.x_label_area_size(scale.px(24.0));
    }
    let mut chart = frame.build_cartesian_2d(0f64..x_max, 0f64..y_max)?;
    hover::record(Layout::Steps { area: hover::area_of(&chart), from: 0.0, to: x_max });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(if below.is_some() { "" } else { text.step.as_str() })
        .y_desc(text.loss_weight.as_str())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| minus(format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string()))
        .draw()?;
    let label_style = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Top));
    let dotted = MUTED.mix(0.6).stroke_width(scale.px_u(1.0));
    for (step, strategy) in switches(runs) {
        let (dash, gap) = (scale.px(3.0), scale.px(3.0));
        chart.draw_series(DashedLineSeries::new([(step, 0.0), (step, y_max)], dash, gap, dotted))?;
        chart.draw_series(std::iter::once(Text::new(name(&strategy, text), (step + x_max * 0.01, y_max * 0.93), label_style.clone())))?;
    }
    if let Some(strategy) = now {
        let caption_style = scale.axis().pos(Pos::new(HPos::Left, VPos::Top));
        chart.draw_series(std::iter::once(Text::new(caption(&strategy, text), (x_max * 0.015, y_max * 0.995), caption_style)))?;
    }
    // fewer points than the loss chart: weights can zigzag record to record, and a
    // dashed zigzag costs a dash per few pixels of its length
    let max_points = plot.dim_in_pixel().0 as usize / 3;
    for run in runs {
        let color = style::model_color(run.kind);
        let line = color.stroke_width(scale.px_u(2.0));
        for k in 0..2 {
            let points = task_points(run, k, max_points);
            draw_task_line(&mut chart, &points, k, line, scale)?;
            if let Some(&last) = points.last() {
                chart.draw_series(std::iter::once(Circle::new(last, scale.px_u(2.5), color.filled())))?;
            }
        }
    }
    if let Some(below) = below {
        grad_norms::draw(&below, runs, x_max, text, scale)?;
    }
    Ok(())
}

/// (step, weight) of task `k`, finite only, thinned to about `max` points.
fn task_points(run: &ChartRun<'_>, k: usize, max: usize) -> Vec<(f64, f64)> {
    let kept: Vec<(f64, f64)> =
        run.history.iter().filter_map(|s| s.loss_weights.get(k).filter(|v| v.is_finite()).map(|&v| (s.step as f64, v))).collect();
    thin(kept.len(), max).into_iter().map(|i| kept[i]).collect()
}

/// The largest finite weight (at least 0.1, so flat zero weights have an axis);
/// `None` when nothing is recorded.
fn weight_max(runs: &[ChartRun<'_>]) -> Option<f64> {
    let values = runs.iter().flat_map(|r| r.history).flat_map(|s| s.loss_weights.iter().take(2));
    values.filter(|v| v.is_finite()).fold(None, |hi: Option<f64>, &v| Some(hi.map_or(v, |h| h.max(v)))).map(|h| h.max(0.1))
}

/// The race's strategy at its last record: GradNorm if any model follows it
/// (models without a shared layer fall back to fixed), else the first model's.
fn strategy_now(runs: &[ChartRun<'_>]) -> Option<LossWeighting> {
    let latest: Vec<&Snapshot> = runs.iter().filter_map(|r| r.history.last()).collect();
    latest.iter().find(|s| matches!(s.weighting, LossWeighting::GradNorm { .. })).or(latest.first()).map(|s| s.weighting)
}

/// Where the strategy changed kind (or GradNorm its α), with the new one: at the
/// last record before the change, where the lines start to part; read from the
/// run that records the most strategies.
fn switches(runs: &[ChartRun<'_>]) -> Vec<(f64, LossWeighting)> {
    let of = |r: &ChartRun<'_>| -> Vec<(f64, LossWeighting)> {
        r.history.windows(2).filter(|p| p[0].weighting != p[1].weighting).map(|p| (p[0].step as f64, p[1].weighting)).collect()
    };
    runs.iter().map(of).max_by_key(Vec::len).unwrap_or_default()
}

/// A short name for a switch marker.
fn name(strategy: &LossWeighting, text: &ChartText) -> String {
    match strategy {
        LossWeighting::Fixed => text.fixed_weighting.clone(),
        LossWeighting::Uncertainty => text.uncertainty_weighting.clone(),
        LossWeighting::GradNorm { alpha, .. } => format!("{} α = {alpha}", text.grad_norm_weighting),
    }
}

/// The caption: the strategy in force, with uncertainty weighting's form.
fn caption(strategy: &LossWeighting, text: &ChartText) -> String {
    match strategy {
        LossWeighting::Uncertainty => {
            let form = match crate::train::weighting::CORRELATED_FORM {
                UncertaintyForm::Regression => &text.uncertainty_regression,
                UncertaintyForm::Classification => &text.uncertainty_classification,
            };
            format!("{}{}{form}", text.uncertainty_weighting, text.typeset.colon())
        }
        other => name(other, text),
    }
}
