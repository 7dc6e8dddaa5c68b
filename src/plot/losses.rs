//! Chart (a): test loss per task per model over training steps, on a log scale
//! (losses fall from about 1.5 to 0.02). Colour is the model, the line dash the
//! task (task A solid, task B dashed), so the tasks read apart without colour.
//!
//! Not a train/test comparison: only the test loss the trainer records is drawn.

use super::hover::{self, Layout};
use super::style::Scale;
use super::ticks::{log_ticks, tick_label};
use super::{draw_model_task_lines, model_and_task_entries, PlotError};
use super::{framed, house_mesh, last_step, message, step_label, thin, with_side_legend, ChartRun, ChartText};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws the loss chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let Some((lo, hi)) = loss_range(runs) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let entries = model_and_task_entries(runs, text);
    let plot = with_side_legend(area, &entries)?;
    let mut chart =
        framed(&plot, scale).build_cartesian_2d(0f64..last_step(runs), (lo..hi).log_scale().with_key_points(log_ticks(lo, hi, 10)))?;
    hover::record(Layout::Steps { area: hover::area_of(&chart), from: 0.0, to: last_step(runs) });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .y_desc(text.test_loss.as_str())
        .x_labels(6)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    let max_points = plot.dim_in_pixel().0 as usize;
    draw_model_task_lines(&mut chart, runs, scale, |run, k| task_points(run, k, max_points))?;
    Ok(())
}

/// (step, loss) of task `k`, thinned to about `max` points, finite and positive
/// only (a log axis has no place for the rest).
fn task_points(run: &ChartRun<'_>, k: usize, max: usize) -> Vec<(f64, f64)> {
    let usable = |s: &crate::train::Snapshot| s.test_loss.get(k).is_some_and(|v| v.is_finite() && *v > 0.0);
    let kept: Vec<&crate::train::Snapshot> = run.history.iter().filter(|s| usable(s)).collect();
    thin(kept.len(), max).into_iter().map(|i| (kept[i].step as f64, kept[i].test_loss[k])).collect()
}

/// The y range: every finite positive loss, padded by a factor on each side;
/// `None` when there is nothing to draw.
fn loss_range(runs: &[ChartRun<'_>]) -> Option<(f64, f64)> {
    let values = runs.iter().flat_map(|r| r.history).flat_map(|s| s.test_loss.iter().take(2));
    let (lo, hi) = values.filter(|v| v.is_finite() && **v > 0.0).fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return None;
    }
    // a single value still needs a span; the padding keeps lines off the frame
    let (lo, hi) = if hi / lo < 1.5 { (lo / 1.25, hi * 1.25) } else { (lo, hi) };
    Some((lo / 1.15, hi * 1.15))
}

#[cfg(test)]
mod tests {
    use super::log_ticks;

    #[test]
    fn a_narrow_log_span_still_gets_several_ticks() {
        assert_eq!(log_ticks(0.5, 3.5, 10), vec![0.5, 0.7, 1.0, 1.5, 2.0, 3.0]);
        assert_eq!(log_ticks(0.01, 2.0, 10), vec![0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0]);
        assert!(log_ticks(1e-9, 1e9, 10).len() <= 10);
    }
}
