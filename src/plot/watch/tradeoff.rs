//! Watch chart: the trade-off between clicks and watch time. Each model's
//! latest record is one labelled marker: across, the share of clicks its top
//! 10 % of each user's feed captures; up, the share of watch time (both
//! against the oracle's top 10 %, which ranks by the true P(click) for the
//! first and the true E[T·click] for the second, so 1 is the best a ranking
//! can do on that axis). A faint line behind each marker is the model's path
//! through its records, from a small ring at its first, so the points are
//! seen to move as the models train. A cross marks a diverged model.
//!
//! Not a frontier: no ranking reaches (1, 1) unless clicks and watch time
//! agree; the dashed lines only say where each oracle sits.

use super::runs::{caption, draw_labels, label_style, share_chart, share_range, Label, WatchChartRun};
use crate::plot::hover;
use crate::plot::style::{watch_model_color, Scale, MUTED};
use crate::plot::{message, thin, PlotError, WatchChartText};
use crate::train::watch::WatchMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A model's (click share, watch share), when both are finite.
fn point(m: &WatchMetrics) -> Option<(f64, f64)> {
    let p = (m.top_click_share, m.top_watch_share);
    (p.0.is_finite() && p.1.is_finite()).then_some(p)
}

/// At most this many records of a trail are drawn.
const TRAIL_POINTS: usize = 200;

/// Draws the trade-off chart on `area` (filled white first) from each run's
/// history; `top_fraction` is the share of each feed the metrics looked at
/// (the race config's, 0.1 by default), written in the caption.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[WatchChartRun<'_>],
    top_fraction: f64,
    text: &WatchChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let trails: Vec<(WatchChartRun<'_>, Vec<(f64, f64)>)> = runs
        .iter()
        .map(|r| {
            let kept: Vec<(f64, f64)> = r.history.iter().filter_map(|s| point(&s.metrics)).collect();
            (*r, thin(kept.len(), TRAIL_POINTS).into_iter().map(|i| kept[i]).collect::<Vec<_>>())
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let (Some(xs), Some(ys)) = (
        share_range(trails.iter().flat_map(|(_, t)| t.iter().map(|p| p.0))),
        share_range(trails.iter().flat_map(|(_, t)| t.iter().map(|p| p.1))),
    ) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let mut lines = vec![(text.scope(top_fraction), scale.note(MUTED))];
    if trails.iter().any(|(_, t)| t.len() > 1) {
        lines.push((text.trail.clone(), scale.note(MUTED)));
    }
    let plot = caption(area, &lines, scale)?;
    let mut chart = share_chart(&plot, xs, ys, text, scale)?;

    for (run, trail) in &trails {
        let color = watch_model_color(run.kind);
        chart.draw_series(LineSeries::new(trail.iter().copied(), color.mix(0.35).stroke_width(scale.px_u(1.6))))?;
        if trail.len() > 1 {
            chart.draw_series([Circle::new(trail[0], scale.px_u(2.5), color.mix(0.6).stroke_width(scale.px_u(1.2)))])?;
        }
    }
    let radius = scale.px(6.0);
    let mut labels = Vec::new();
    let mut marks = Vec::new();
    for (run, trail) in &trails {
        let color = watch_model_color(run.kind);
        let last = trail[trail.len() - 1];
        // what the point shows, for the readout under the pointer
        let (x, y) = chart.backend_coord(&last);
        let values =
            vec![hover::Value::new(text.clicks_captured.as_str(), last.0), hover::Value::new(text.watch_captured.as_str(), last.1)];
        marks.push(hover::Mark {
            x: x as f64,
            y: y as f64,
            step: run.history.last().map(|s| s.step),
            row: hover::Row { model: run.kind.id(), values },
        });
        if run.diverged_at.is_some() {
            chart.draw_series([Cross::new(last, scale.px_u(5.5), color.stroke_width(scale.px_u(2.5)))])?;
        } else {
            chart.draw_series([Circle::new(last, radius as u32, color.filled())])?;
            chart.draw_series([Circle::new(last, radius as u32, WHITE.stroke_width(scale.px_u(1.5)))])?;
        }
        let name = text.model(run.kind);
        let label = match run.diverged_at {
            Some(step) => format!("{name}{}", text.typeset.bracket(&text.diverged_at(step))),
            None => name.to_string(),
        };
        labels.push(Label { at: last, text: label, style: label_style(scale, color), required: true });
    }
    hover::record(hover::Layout::Marks { area: hover::area_of(&chart), marks });
    let points: Vec<((f64, f64), i32)> = trails.iter().map(|(_, t)| (t[t.len() - 1], radius)).collect();
    let lines: Vec<Vec<(f64, f64)>> = trails.into_iter().map(|(_, t)| t).collect();
    draw_labels(&mut chart, &labels, &points, &lines, scale)
}
