//! Watch chart: the loss-weight sweep of the two-task model. Each finished run
//! of the sweep, trained on `w·L_click + (1 − w)·L_finish` and ranked by
//! `w·pCTR + (1 − w)·pFinish`, is a point on the captured-share plane of the
//! trade-off chart (clicks captured across, watch time captured up); the
//! points are joined in order of `w`, so the curve shows what moving the
//! weight buys on one objective and costs on the other. The ends and the
//! chapter's `w = 0.3` are always labelled (the 0.3 ringed), the other weights
//! where there is room. The CTR model and weighted CE, trained on the same
//! world and seed, can be given as diamonds to read the curve against.
//!
//! A sweep in progress draws the runs that have finished. Not a Pareto
//! computation: the curve joins the weights in order.

use super::runs::{caption, draw_labels, label_style, share_chart, share_range, Label};
use crate::models::watch::WatchKind;
use crate::plot::hover;
use crate::plot::style::{recolor, watch_model_color, Scale, INK, MUTED};
use crate::plot::{message, PlotError, WatchChartText};
use crate::train::watch::{TradeoffPoint, WeightPoint};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The chapter's weight on the click loss ("0.3*L(点击)+0.7*L(完播)").
pub const CHAPTER_WEIGHT: f64 = 0.3;

/// A weight as written on the chart: 0, 0.3, 0.25, 1.
fn short_weight(w: f64) -> String {
    let s = format!("{w:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn is_chapter(w: f64) -> bool {
    (w - CHAPTER_WEIGHT).abs() < 1e-9
}

/// Draws the sweep on `area` (filled white first): `points` as they arrive
/// (any order), `reference` the other models' latest points on the same world
/// (may be empty), `top_fraction` the share of each feed the metrics looked at.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[WeightPoint],
    reference: &[TradeoffPoint],
    top_fraction: f64,
    text: &WatchChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let finite = |x: f64, y: f64| x.is_finite() && y.is_finite();
    let curve: Vec<(f64, (f64, f64))> = points
        .iter()
        .filter(|p| p.click_weight.is_finite() && finite(p.top_click_share, p.top_watch_share))
        .map(|p| (p.click_weight, (p.top_click_share, p.top_watch_share)))
        .collect();
    let w: Vec<f64> = curve.iter().map(|c| c.0).collect();
    let curve: Vec<(f64, (f64, f64))> = crate::order::ascending(&w).into_iter().map(|i| curve[i]).collect();
    let reference: Vec<(WatchKind, (f64, f64))> = reference
        .iter()
        .filter(|r| finite(r.top_click_share, r.top_watch_share))
        .map(|r| (r.model, (r.top_click_share, r.top_watch_share)))
        .collect();
    let all: Vec<(f64, f64)> = curve.iter().map(|c| c.1).chain(reference.iter().map(|r| r.1)).collect();
    let (Some(xs), Some(ys)) = (share_range(all.iter().map(|p| p.0)), share_range(all.iter().map(|p| p.1))) else {
        return message(area, &text.no_results);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let mut lines = vec![(text.sweep_scope.clone(), scale.note(MUTED)), (text.scope(top_fraction), scale.note(MUTED))];
    if !reference.is_empty() {
        lines.push((text.reference.clone(), scale.note(MUTED)));
    }
    let plot = caption(area, &lines, scale)?;
    let mut chart = share_chart(&plot, xs, ys, text, scale)?;

    let color = watch_model_color(WatchKind::TwoTasks);
    let dot = scale.px(4.0);
    chart.draw_series(LineSeries::new(curve.iter().map(|c| c.1), color.stroke_width(scale.px_u(2.0))))?;
    chart.draw_series(curve.iter().map(|c| Circle::new(c.1, dot as u32, color.filled())))?;
    let ring = scale.px(8.0);
    for (_, p) in curve.iter().filter(|c| is_chapter(c.0)) {
        chart.draw_series([Circle::new(*p, ring as u32, INK.stroke_width(scale.px_u(1.8)))])?;
    }
    // what each point shows, for the readout under the pointer: the sweep's weights, then the references
    let shares =
        |p: (f64, f64)| vec![hover::Value::new(text.clicks_captured.as_str(), p.0), hover::Value::new(text.watch_captured.as_str(), p.1)];
    let mut marks = Vec::new();
    for &(w, p) in &curve {
        let (x, y) = chart.backend_coord(&p);
        let values = std::iter::once(hover::Value::new("w", w)).chain(shares(p)).collect();
        marks.push(hover::Mark { x: x as f64, y: y as f64, step: None, row: hover::Row { model: WatchKind::TwoTasks.id(), values } });
    }
    for &(kind, p) in &reference {
        let (x, y) = chart.backend_coord(&p);
        marks.push(hover::Mark { x: x as f64, y: y as f64, step: None, row: hover::Row { model: kind.id(), values: shares(p) } });
    }
    hover::record(hover::Layout::Marks { area: hover::area_of(&chart), marks });
    let r = scale.px(7.0);
    let diamond = vec![(0, -r), (r, 0), (0, r), (-r, 0)];
    for &(kind, p) in &reference {
        let mut outline = diamond.clone();
        outline.push(diamond[0]);
        let shape = EmptyElement::at(p)
            + Polygon::new(diamond.clone(), watch_model_color(kind).filled())
            + PathElement::new(outline, WHITE.stroke_width(scale.px_u(1.3)));
        chart.draw_series([shape])?;
    }

    // the labels in priority order: the chapter's weight, the references, the ends, the rest where they fit
    let mut labels = Vec::new();
    let weight_label = |&(w, at): &(f64, (f64, f64)), required: bool, style: TextStyle<'static>| {
        let text = match (is_chapter(w), required) {
            (true, _) => format!("w = {}{}", short_weight(w), text.typeset.bracket(&text.chapter_weight)),
            (false, true) => format!("w = {}", short_weight(w)),
            (false, false) => short_weight(w),
        };
        Label { at, text, style, required }
    };
    let chapter = curve.iter().position(|c| is_chapter(c.0));
    if let Some(i) = chapter {
        labels.push(weight_label(&curve[i], true, recolor(scale.legend(), INK)));
    }
    for &(kind, p) in &reference {
        labels.push(Label {
            at: p,
            text: text.model(kind).to_string(),
            style: label_style(scale, watch_model_color(kind)),
            required: true,
        });
    }
    let mut ends = vec![0, curve.len().saturating_sub(1)];
    ends.dedup();
    for &i in ends.iter().filter(|&&i| i < curve.len() && Some(i) != chapter) {
        labels.push(weight_label(&curve[i], true, label_style(scale, color)));
    }
    for (_, c) in curve.iter().enumerate().filter(|&(i, _)| Some(i) != chapter && !ends.contains(&i)) {
        labels.push(weight_label(c, false, scale.note(MUTED)));
    }
    let line = vec![curve.iter().map(|c| c.1).collect()];
    let marks: Vec<((f64, f64), i32)> =
        curve.iter().map(|c| (c.1, if is_chapter(c.0) { ring } else { dot })).chain(reference.iter().map(|&(_, p)| (p, r))).collect();
    draw_labels(&mut chart, &labels, &marks, &line, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_short() {
        assert_eq!(short_weight(0.3), "0.3");
        assert_eq!(short_weight(1.0), "1");
        assert_eq!(short_weight(0.0), "0");
        assert!(is_chapter(0.1 + 0.2) && !is_chapter(0.35));
    }
}
