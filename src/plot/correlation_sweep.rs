//! The correlation sweep's chart (MMoE paper Fig. 4, design §1.5): how each
//! model's final test loss moves with the task correlation `p`.
//!
//! Left panel: per seed, the loss at `p` divided by the same seed's loss at
//! `p = 1` (only task B's direction differs between them), drawn as the median
//! over seeds with min–max bars; 1 means "as good as with identical tasks".
//! Right panel: the raw losses (mean over seeds, min–max bars, log scale),
//! whose spread across seeds is mostly how hard each seed's data are. Under a
//! gated model's legend name, how far its tasks' gates moved apart: the median
//! ratio of the gate JS distance at the lowest `p` to that at `p = 1`.

use super::style::{self, Scale, INK, MUTED};
use super::ticks::{log_ticks, tick_label};
use super::tradeoff::log_range;
use super::trainability::sig;
use super::{framed, house_mesh, message, with_side_legend, LegendEntry, PlotError, SweepChartText, Swatch};
use crate::train::sweep::summary::{CorrelationCurve, CorrelationPoint, Spread};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws both panels on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, curves: &[CorrelationCurve], text: &SweepChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let curves: Vec<&CorrelationCurve> = curves.iter().filter(|c| !c.points.is_empty()).collect();
    let ps = || curves.iter().flat_map(|c| &c.points).map(|p| p.task_correlation);
    let Some((y0, y1)) = log_range(curves.iter().flat_map(|c| &c.points).flat_map(|p| [p.loss.min, p.loss.max])) else {
        return message(area, &text.no_results);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let seeds = curves.iter().flat_map(|c| &c.points).map(|p| p.loss.n).max().unwrap_or(0);
    let mut entries: Vec<LegendEntry> = curves
        .iter()
        .map(|c| LegendEntry {
            label: text.model(c.model).to_string(),
            swatch: Swatch::Line { color: style::model_color(c.model), dashed: false },
            note: gate_note(c, text),
            group: false,
        })
        .collect();
    let mut bars = LegendEntry::new(text.median_min_max.as_str(), Swatch::Line { color: INK, dashed: false }).grouped();
    bars.note = Some(format!("{seeds} {}", text.seeds));
    entries.push(bars);
    let plot = with_side_legend(area, &entries)?;
    let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 as i32 / 2);
    let (p_lo, p_hi) = ps().fold((1.0f64, 1.0f64), |(lo, hi), p| (lo.min(p), hi.max(p)));
    let pad = ((p_hi - p_lo) * 0.08).max(0.05);
    let (x0, x1) = (p_lo - pad, p_hi + pad);
    let offset = |i: usize| (i as f64 - (curves.len() as f64 - 1.0) / 2.0) * (x1 - x0) * 0.012;

    // left: paired ratios to p = 1
    let ratios = curves.iter().flat_map(|c| &c.points).filter_map(|p| p.ratio.as_ref()).flat_map(|r| [r.min, r.max]);
    let (r_lo, r_hi) = ratios.fold((1.0f64, 1.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let r_pad = ((r_hi - r_lo) * 0.1).max(0.02);
    let mut chart = framed(&left, scale).build_cartesian_2d(x0..x1, (r_lo - r_pad)..(r_hi + r_pad))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.task_correlation.as_str())
        .y_desc(text.ratio_to_p1.as_str())
        .x_labels(3)
        .y_labels(6)
        .x_label_formatter(&|v| p_label(*v))
        .y_label_formatter(&|v| format!("{v:.2}"))
        .draw()?;
    let (dash, gap) = (scale.px(5.0), scale.px(4.0));
    chart.draw_series(DashedLineSeries::new([(x0, 1.0), (x1, 1.0)], dash, gap, MUTED.stroke_width(scale.px_u(1.2))))?;
    for (i, curve) in curves.iter().enumerate() {
        let points: Vec<(f64, &Spread)> = sorted(&curve.points).into_iter().filter_map(|p| Some((p.task_correlation + offset(i), p.ratio.as_ref()?))).collect();
        let color = style::model_color(curve.model);
        chart.draw_series(LineSeries::new(points.iter().map(|(x, s)| (*x, s.median)), color.stroke_width(scale.px_u(2.0))))?;
        let bar = color.mix(0.75).stroke_width(scale.px_u(1.5));
        chart.draw_series(points.iter().map(|(x, s)| PathElement::new(vec![(*x, s.min), (*x, s.max)], bar)))?;
        chart.draw_series(points.iter().map(|(x, s)| Circle::new((*x, s.median), scale.px_u(3.5), color.filled())))?;
    }

    // right: the raw losses
    let mut chart = framed(&right, scale)
        .build_cartesian_2d(x0..x1, (y0..y1).log_scale().with_key_points(log_ticks(y0, y1, 7)))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.task_correlation.as_str())
        .y_desc(text.raw_loss.as_str())
        .x_labels(3)
        .x_label_formatter(&|v| p_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    for (i, curve) in curves.iter().enumerate() {
        let points: Vec<(f64, &Spread)> = sorted(&curve.points).into_iter().map(|p| (p.task_correlation + offset(i), &p.loss)).collect();
        let color = style::model_color(curve.model);
        chart.draw_series(LineSeries::new(points.iter().map(|(x, s)| (*x, s.mean)), color.stroke_width(scale.px_u(2.0))))?;
        let bar = color.mix(0.6).stroke_width(scale.px_u(1.2));
        chart.draw_series(points.iter().map(|(x, s)| PathElement::new(vec![(*x, s.min), (*x, s.max)], bar)))?;
        chart.draw_series(points.iter().map(|(x, s)| Circle::new((*x, s.mean), scale.px_u(3.0), color.filled())))?;
    }
    Ok(())
}

/// A correlation as written on the axis: 0, 0.5, 1.
fn p_label(p: f64) -> String {
    let s = format!("{p:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The points in increasing `p`, so lines run left to right.
fn sorted(points: &[CorrelationPoint]) -> Vec<&CorrelationPoint> {
    let mut v: Vec<&CorrelationPoint> = points.iter().collect();
    v.sort_by(|a, b| a.task_correlation.total_cmp(&b.task_correlation));
    v
}

/// "gate JS distance ×7.4 (p = 0 vs 1)" at the lowest `p` with a JS ratio.
fn gate_note(curve: &CorrelationCurve, text: &SweepChartText) -> Option<String> {
    let lowest = sorted(&curve.points).into_iter().find(|p| p.task_correlation < 1.0 && p.gate_js_ratio.is_some())?;
    let ratio = lowest.gate_js_ratio.as_ref()?;
    Some(format!("{} ×{} (p = {} : 1)", text.gate_js, sig(ratio.median, 2), lowest.task_correlation))
}
