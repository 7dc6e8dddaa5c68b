//! The correlation sweep's chart (MMoE paper Fig. 4, design §1.5): how each
//! model's final test loss moves with the task correlation `p`, over seeds.
//!
//! Left panel: per seed, the loss at `p` divided by the same seed's loss at
//! `p = 1` (only task B's direction differs between them): the median over
//! seeds, a bar over the middle half of the seeds (inter-quartile range) and
//! every seed's ratio as a small dot, on a log axis (a ratio of 2 and one of ½
//! are equally far from 1); 1 means "as good as with identical tasks".
//! Right panel: the raw losses drawn the same way, whose spread across seeds is
//! mostly how hard each seed's data are. Under a gated model's legend name, how
//! far its tasks' gates moved apart: the median ratio of the gate JS distance at
//! the lowest `p` to that at `p = 1`.
//!
//! Not here: which seeds or presets run (the sweep's config), or the caption
//! quoting the CLI's figures (the page's words).

use super::style::{self, Scale, INK, MUTED};
use super::ticks::{log_ticks, tick_label};
use super::tradeoff::log_range;
use super::trainability::sig;
use super::typeset::minus;
use super::{framed, house_mesh, message, with_side_legend, LegendEntry, PlotError, Swatch, SweepChartText};
use crate::train::sweep::summary::{CorrelationCurve, CorrelationPoint, SeedValue, Spread};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws both panels on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    curves: &[CorrelationCurve],
    text: &SweepChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let curves: Vec<&CorrelationCurve> = curves.iter().filter(|c| !c.points.is_empty()).collect();
    let points = || curves.iter().flat_map(|c| &c.points);
    let Some((y0, y1)) = log_range(points().flat_map(|p| p.seed_losses.iter().map(|s| s.value).chain([p.loss.min, p.loss.max]))) else {
        return message(area, &text.no_results);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let seeds = points().map(|p| p.loss.n).max().unwrap_or(0);
    let mut entries: Vec<LegendEntry> = curves
        .iter()
        .map(|c| LegendEntry {
            label: text.model(c.model).to_string(),
            swatch: Swatch::Line { color: style::model_color(c.model), dashed: false },
            note: gate_note(c, text),
            group: false,
        })
        .collect();
    let mut bars = LegendEntry::new(text.median_iqr_seeds.as_str(), Swatch::Line { color: INK, dashed: false }).grouped();
    bars.note = Some(text.each_of(seeds));
    entries.push(bars);
    let plot = with_side_legend(area, &entries)?;
    let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 as i32 / 2);
    let (p_lo, p_hi) = points().map(|p| p.task_correlation).fold((1.0f64, 1.0f64), |(lo, hi), p| (lo.min(p), hi.max(p)));
    let pad = ((p_hi - p_lo) * 0.1).max(0.05);
    let (x0, x1) = (p_lo - pad, p_hi + pad);
    let span = x1 - x0;
    // models side by side at each p, each seed's dot a little apart from the next
    let offset = |i: usize| (i as f64 - (curves.len() as f64 - 1.0) / 2.0) * span * 0.028;
    let jitter = |j: usize, n: usize| (j as f64 - (n as f64 - 1.0) / 2.0) * span * 0.012 / (n.max(2) as f64 - 1.0);

    // left: paired ratios to p = 1, on a log axis
    let ratio_values = points().flat_map(|p| p.seed_ratios.iter().map(|s| s.value).chain(p.ratio.iter().flat_map(|r| [r.min, r.max])));
    let (r_lo, r_hi) = ratio_values.filter(|v| *v > 0.0).fold((1.0f64, 1.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (r_lo, r_hi) = (r_lo / 1.08, r_hi * 1.08);
    let mut chart = framed(&left, scale).build_cartesian_2d(x0..x1, (r_lo..r_hi).log_scale().with_key_points(ratio_ticks(r_lo, r_hi)))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.task_correlation.as_str())
        .y_desc(text.ratio_to_p1.as_str())
        .x_labels(3)
        .x_label_formatter(&|v| p_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    let (dash, gap) = (scale.px(5.0), scale.px(4.0));
    chart.draw_series(DashedLineSeries::new([(x0, 1.0), (x1, 1.0)], dash, gap, MUTED.stroke_width(scale.px_u(1.2))))?;
    for (i, curve) in curves.iter().enumerate() {
        let color = style::model_color(curve.model);
        let at: Vec<(f64, &Spread, &[SeedValue])> = sorted(&curve.points)
            .into_iter()
            .filter_map(|p| Some((p.task_correlation + offset(i), p.ratio.as_ref()?, p.seed_ratios.as_slice())))
            .collect();
        draw_marks(&mut chart, &at, &jitter, color, scale)?;
    }

    // right: the raw losses
    let mut chart = framed(&right, scale).build_cartesian_2d(x0..x1, (y0..y1).log_scale().with_key_points(log_ticks(y0, y1, 7)))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.task_correlation.as_str())
        .y_desc(text.raw_loss.as_str())
        .x_labels(3)
        .x_label_formatter(&|v| p_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    for (i, curve) in curves.iter().enumerate() {
        let color = style::model_color(curve.model);
        let at: Vec<(f64, &Spread, &[SeedValue])> =
            sorted(&curve.points).into_iter().map(|p| (p.task_correlation + offset(i), &p.loss, p.seed_losses.as_slice())).collect();
        draw_marks(&mut chart, &at, &jitter, color, scale)?;
    }
    Ok(())
}

/// One model's marks at each `p` (x, spread, seeds): every seed's value as a
/// small hollow dot (seeds spread a little so that equal values stay visible),
/// the medians joined by a line, a thick bar from the first to the third
/// quartile, and the median as a filled dot.
fn draw_marks<DB: DrawingBackend, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    at: &[(f64, &Spread, &[SeedValue])],
    jitter: &dyn Fn(usize, usize) -> f64,
    color: RGBColor,
    scale: Scale,
) -> Result<(), PlotError>
where
    CT: CoordTranslate<From = (f64, f64)>,
{
    let hollow = color.mix(0.55).stroke_width(scale.px_u(1.0));
    for (x, _, seeds) in at {
        let n = seeds.len();
        let dots = seeds.iter().enumerate().filter(|(_, s)| s.value.is_finite() && s.value > 0.0);
        chart.draw_series(dots.map(|(j, s)| Circle::new((x + jitter(j, n), s.value), scale.px_u(2.2), hollow)))?;
    }
    chart.draw_series(LineSeries::new(at.iter().map(|(x, s, _)| (*x, s.median)), color.stroke_width(scale.px_u(2.0))))?;
    let bar = color.stroke_width(scale.px_u(3.0));
    chart.draw_series(at.iter().map(|(x, s, _)| PathElement::new(vec![(*x, s.q1), (*x, s.q3)], bar)))?;
    chart.draw_series(at.iter().map(|(x, s, _)| Circle::new((*x, s.median), scale.px_u(4.0), color.filled())))?;
    Ok(())
}

/// Ticks for the ratio axis: 1-2-5-like on a log scale, or evenly spaced ones
/// when the range is too narrow for those to give three.
pub(crate) fn ratio_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let ticks = log_ticks(lo, hi, 7);
    if ticks.len() >= 3 {
        return ticks;
    }
    let raw = (hi - lo) / 4.0;
    let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5].into_iter().find(|s| *s >= raw).unwrap_or(1.0);
    let first = (lo / step).ceil() as i64;
    (first..).map(|i| i as f64 * step).take_while(|v| *v <= hi).collect()
}

/// A correlation as written on the axis: 0, 0.5, 1.
fn p_label(p: f64) -> String {
    let s = format!("{p:.2}");
    minus(s.trim_end_matches('0').trim_end_matches('.').to_string())
}

/// The points in increasing `p`, so lines run left to right.
fn sorted(points: &[CorrelationPoint]) -> Vec<&CorrelationPoint> {
    let p: Vec<f64> = points.iter().map(|point| point.task_correlation).collect();
    crate::order::ascending(&p).into_iter().map(|i| &points[i]).collect()
}

/// "gate JS distance 7.4× (p = 0 : 1)" at the lowest `p` with a JS ratio.
fn gate_note(curve: &CorrelationCurve, text: &SweepChartText) -> Option<String> {
    let lowest = sorted(&curve.points).into_iter().find(|p| p.task_correlation < 1.0 && p.gate_js_ratio.is_some())?;
    let ratio = lowest.gate_js_ratio.as_ref()?;
    let ts = text.typeset;
    Some(format!(
        "{} {}{}",
        text.gate_js,
        ts.multiple(&sig(ratio.median, 2)),
        ts.bracket(&format!("p = {} : 1", p_label(lowest.task_correlation)))
    ))
}
