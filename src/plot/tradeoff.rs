//! The loss weight sweep's chart: each model's trade-off (取舍) curve between the
//! tasks — not the chapter's seesaw, which compares a model with single-task
//! networks. x is task A's final test loss, y task B's, both on
//! log scales (a task with weight 0 is barely trained, an order of magnitude
//! worse); one point per weight setting, joined from task A only `(1, 0)` to
//! task B only `(0, 1)`; the ends are labelled with their weights. With several
//! seeds a point is the mean and its bars ± one std on each axis.
//!
//! Not a Pareto computation: the curve joins the settings in weight order.

use super::style::{self, Scale, INK, MUTED};
use super::ticks::{log_ticks, tick_label};
use super::{framed, house_mesh, message, with_side_legend, LegendEntry, PlotError, Swatch, SweepChartText};
use crate::train::sweep::summary::TradeoffCurve;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Draws the trade-off curves on `area` (filled white first); curves without
/// points yet are left out, and with none at all the chart says so.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, curves: &[TradeoffCurve], text: &SweepChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let curves: Vec<&TradeoffCurve> = curves.iter().filter(|c| !c.points.is_empty()).collect();
    let xs =
        curves.iter().flat_map(|c| &c.points).flat_map(|p| [p.loss_a.mean - p.loss_a.std, p.loss_a.mean + p.loss_a.std, p.loss_a.mean]);
    let ys =
        curves.iter().flat_map(|c| &c.points).flat_map(|p| [p.loss_b.mean - p.loss_b.std, p.loss_b.mean + p.loss_b.std, p.loss_b.mean]);
    let (Some((x0, x1)), Some((y0, y1))) = (log_range(xs), log_range(ys)) else {
        return message(area, &text.no_results);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let seeds = curves.iter().flat_map(|c| &c.points).map(|p| p.loss_a.n).max().unwrap_or(0);
    let entries: Vec<LegendEntry> = curves
        .iter()
        .map(|c| LegendEntry::new(text.model(c.model), Swatch::Line { color: style::model_color(c.model), dashed: false }))
        .collect();
    let note = if seeds >= 2 { text.std_over(seeds) } else { text.one_seed.clone() };
    let plot = with_side_legend(area, &entries)?;
    let mut chart = framed(&plot, scale).build_cartesian_2d(
        (x0..x1).log_scale().with_key_points(log_ticks(x0, x1, 8)),
        (y0..y1).log_scale().with_key_points(log_ticks(y0, y1, 8)),
    )?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.task_a_loss.as_str())
        .y_desc(text.task_b_loss.as_str())
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    let clamp = |v: f64, lo: f64, hi: f64| v.clamp(lo, hi);
    for curve in &curves {
        let color = style::model_color(curve.model);
        let points: Vec<(f64, f64)> = curve.points.iter().map(|p| (p.loss_a.mean, p.loss_b.mean)).collect();
        chart.draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(scale.px_u(2.0))))?;
        let bar = color.mix(0.7).stroke_width(scale.px_u(1.2));
        for p in curve.points.iter().filter(|p| p.loss_a.n >= 2) {
            let (a, b) = (p.loss_a.mean, p.loss_b.mean);
            let (a0, a1) = (clamp(a - p.loss_a.std, x0, x1), clamp(a + p.loss_a.std, x0, x1));
            let (b0, b1) = (clamp(b - p.loss_b.std, y0, y1), clamp(b + p.loss_b.std, y0, y1));
            chart.draw_series([PathElement::new(vec![(a0, b), (a1, b)], bar), PathElement::new(vec![(a, b0), (a, b1)], bar)])?;
        }
        chart.draw_series(points.iter().map(|&p| Circle::new(p, scale.px_u(3.5), color.filled())))?;
    }
    // the ends of the first curve carry their weights: every model's ends sit close together
    if let Some(curve) = curves.first() {
        let (first, last) = (&curve.points[0], &curve.points[curve.points.len() - 1]);
        let label = |w: &[f64]| {
            format!("{}{}", text.loss_weights, text.typeset.bracket(&format!("{}, {}", short_weight(w[0]), short_weight(w[1]))))
        };
        let pad = (x1 / x0).powf(0.015);
        let left = scale.note(INK).pos(Pos::new(HPos::Left, VPos::Center));
        let right = scale.note(INK).pos(Pos::new(HPos::Right, VPos::Bottom));
        chart.draw_series([Text::new(label(&first.loss_weights), (first.loss_a.mean * pad * pad, first.loss_b.mean), left)])?;
        if curve.points.len() > 1 {
            chart.draw_series([Text::new(
                label(&last.loss_weights),
                (last.loss_a.mean / pad, last.loss_b.mean * (y1 / y0).powf(0.02)),
                right,
            )])?;
        }
    }
    let caption = scale.note(MUTED).pos(Pos::new(HPos::Right, VPos::Top));
    chart.draw_series([Text::new(note, (x1 / (x1 / x0).powf(0.02), y1 / (y1 / y0).powf(0.02)), caption)])?;
    Ok(())
}

/// A weight as written on the chart: 1, 0, 0.5, 0.25.
fn short_weight(w: f64) -> String {
    let s = format!("{w:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A log axis range over the finite positive `values`, padded; `None` without any.
pub(crate) fn log_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) =
        values.into_iter().filter(|v| v.is_finite() && *v > 0.0).fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return None;
    }
    let (lo, hi) = if hi / lo < 1.5 { (lo / 1.25, hi * 1.25) } else { (lo, hi) };
    Some((lo / 1.2, hi * 1.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_short_and_empty_ranges_none() {
        assert_eq!(short_weight(0.3), "0.3");
        assert_eq!(short_weight(1.0), "1");
        assert!(log_range([f64::NAN, -1.0]).is_none());
    }
}
