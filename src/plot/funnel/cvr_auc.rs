//! Funnel chart: CVR AUC over training steps, per model. The solid line scores
//! pCVR against every test impression's conversion, the counterfactual ones of
//! unclicked impressions included (the entire space, the synthetic truth); the
//! dashed line scores it on clicked impressions only (the ESMM paper's
//! protocol, all a real log allows). Colour is the model.
//!
//! A ringed dot marks where early stopping stopped a model, a cross where it
//! diverged; both histories simply end there. Not the final test: the lines
//! are the current parameters on the fixed test subset at each record, not
//! the best checkpoints the final evaluation restores.

use super::runs::{funnel_last_step, funnel_model_entries, FunnelChartRun};
use crate::plot::hover::{self, Layout};
use crate::plot::style::{funnel_model_color, Scale, INK, MUTED};
use crate::plot::{framed, house_mesh, message, step_label, thin, with_side_legend, FunnelChartText, LegendEntry, PlotError, Swatch};
use crate::train::funnel::FunnelMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which AUC a line shows.
#[derive(Clone, Copy)]
enum Space {
    Entire,
    Clicked,
}

impl Space {
    fn of(self, m: &FunnelMetrics) -> Option<f64> {
        match self {
            Space::Entire => m.cvr_auc_entire,
            Space::Clicked => m.cvr_auc_clicked,
        }
        .filter(|v| v.is_finite())
    }
}

/// Draws the CVR AUC chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[FunnelChartRun<'_>],
    text: &FunnelChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let Some((lo, hi)) = auc_range(runs) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let mut entries = funnel_model_entries(runs, text);
    entries.push(LegendEntry::new(text.entire_space.as_str(), Swatch::Line { color: INK, dashed: false }).grouped());
    entries.push(LegendEntry::new(text.clicked_only.as_str(), Swatch::Line { color: INK, dashed: true }));
    if runs.iter().any(|r| r.stopped_at.is_some() && r.diverged_at.is_none()) {
        entries.push(LegendEntry::new(text.early_stop.as_str(), Swatch::Dot { color: MUTED, alpha: 1.0 }));
    }
    let plot = with_side_legend(area, &entries)?;
    let x_max = funnel_last_step(runs);
    let mut chart = framed(&plot, scale).build_cartesian_2d(0f64..x_max, lo..hi)?;
    hover::record(Layout::Steps { area: hover::area_of(&chart), from: 0.0, to: x_max });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .y_desc(text.cvr_auc.as_str())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    if (lo..=hi).contains(&0.5) {
        // chance: a ranking no better than a coin
        let chance = MUTED.mix(0.6).stroke_width(scale.px_u(1.0));
        chart.draw_series(std::iter::once(plotters::element::DashedPathElement::new(
            vec![(0.0, 0.5), (x_max, 0.5)],
            scale.px(3.0),
            scale.px(3.0),
            chance,
        )))?;
    }
    let max_points = plot.dim_in_pixel().0 as usize;
    for run in runs {
        let color = funnel_model_color(run.kind);
        let line = color.stroke_width(scale.px_u(2.0));
        for space in [Space::Clicked, Space::Entire] {
            let points = points(run, space, max_points);
            match space {
                Space::Entire => {
                    chart.draw_series(LineSeries::new(points.iter().copied(), line))?;
                }
                Space::Clicked => {
                    let (dash, gap) = (scale.px(6.0), scale.px(4.0));
                    chart.draw_series(DashedLineSeries::new(
                        points.iter().copied(),
                        dash,
                        gap,
                        color.mix(0.9).stroke_width(scale.px_u(1.6)),
                    ))?;
                }
            }
            let Some(&last) = points.last() else { continue };
            if run.diverged_at.is_some() {
                chart.draw_series(std::iter::once(Cross::new(last, scale.px_u(5.0), color.stroke_width(scale.px_u(2.0)))))?;
            } else if run.stopped_at.is_some() {
                // where early stopping stopped it: a ringed dot on both lines
                chart.draw_series(std::iter::once(Circle::new(last, scale.px_u(4.5), color.filled())))?;
                chart.draw_series(std::iter::once(Circle::new(last, scale.px_u(4.5), WHITE.stroke_width(scale.px_u(1.5)))))?;
            }
        }
    }
    Ok(())
}

/// Both CVR AUCs at a record, named by space (the readout under the pointer).
pub fn values(s: &crate::train::funnel::FunnelSnapshot, text: &FunnelChartText) -> Vec<hover::Value> {
    [(Space::Entire, &text.entire_space), (Space::Clicked, &text.clicked_only)]
        .into_iter()
        .filter_map(|(space, name)| Some(hover::Value::new(name.as_str(), space.of(&s.metrics)?)))
        .collect()
}

/// (step, AUC) of one space, finite values only, thinned to about `max` points.
fn points(run: &FunnelChartRun<'_>, space: Space, max: usize) -> Vec<(f64, f64)> {
    let kept: Vec<(f64, f64)> = run.history.iter().filter_map(|s| space.of(&s.metrics).map(|v| (s.step as f64, v))).collect();
    thin(kept.len(), max).into_iter().map(|i| kept[i]).collect()
}

/// The y range fitted to every finite AUC, padded, at least 0.05 wide and
/// inside [0, 1]; `None` when there is nothing to draw.
fn auc_range(runs: &[FunnelChartRun<'_>]) -> Option<(f64, f64)> {
    let values = runs.iter().flat_map(|r| r.history).flat_map(|s| [Space::Entire.of(&s.metrics), Space::Clicked.of(&s.metrics)]).flatten();
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return None;
    }
    let mid = 0.5 * (lo + hi);
    let half = (0.5 * (hi - lo)).max(0.025) * 1.12;
    Some(((mid - half).max(0.0), (mid + half).min(1.0)))
}
