//! Watch chart: weighted CE's odds against the true expected watch time. The
//! test impressions at weighted CE's latest record are cut into ten
//! equal-count bins by its odds `e^logit`; each filled dot is a bin's mean
//! true `E[T·click]` (across) against its mean odds (up). The hollow rings at
//! the same x are the maths' optimum for those impressions,
//! `E[T·click]/(1 − P(click))`: where the odds converge. The dashed diagonal
//! is `odds = E[T·click]`, what YouTube reads the odds as.
//!
//! Both axes are logarithmic and share one range, so the diagonal is at 45°
//! and the overshoot `1/(1 − P)` is a vertical gap of the same size wherever
//! clicks are as likely. The caption writes mean odds ÷ mean expected watch
//! time beside the optimum's ratio (the overshoot the maths predicts for this
//! world), so moving the click rate knob moves both. Odds beyond the range
//! (a diverging model's) are drawn hollow on its edge. Not a chart of the other
//! models: only weighted CE's score is a watch-time estimate.

use super::runs::{caption, WatchChartRun};
use crate::models::watch::WatchKind;
use crate::plot::hover;
use crate::plot::style::{watch_model_color, Scale, INK, MUTED};
use crate::plot::ticks::{log_ticks, tick_label};
use crate::plot::{framed, house_mesh, message, with_side_legend, LegendEntry, PlotError, Swatch, WatchChartText};
use crate::train::watch::OddsCalibration;
use plotters::coord::Shift;
use plotters::prelude::*;

fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

/// Draws the odds chart on `area` (filled white first) from weighted CE's
/// latest record among `runs`.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[WatchChartRun<'_>], text: &WatchChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let Some(run) = runs.iter().find(|r| r.kind == WatchKind::WeightedCe) else {
        return message(area, &text.need_weighted_ce);
    };
    let Some(odds) = run.history.last().and_then(|s| s.metrics.odds.as_ref()) else {
        return message(area, &text.no_data);
    };
    // (E[T·click], odds, optimum) of the bins with a point to draw
    let bins: Vec<(f64, f64, f64)> = odds
        .bins
        .iter()
        .map(|b| (b.mean_expected_watch, b.mean_odds, b.mean_optimum))
        .filter(|&(x, y, o)| positive(x) && (positive(y) || positive(o)))
        .collect();
    let Some((lo, hi)) = range(&bins) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let color = watch_model_color(WatchKind::WeightedCe);
    let plot_area = caption(area, &caption_lines(odds, run, text, scale), scale)?;
    let entries = [
        LegendEntry::new(text.model(WatchKind::WeightedCe), Swatch::Dot { color, alpha: 1.0 }),
        LegendEntry::new(text.optimum.as_str(), Swatch::Ring { color: INK }),
        LegendEntry::new(text.odds_equal_watch.as_str(), Swatch::Line { color: MUTED, dashed: true }).grouped(),
    ];
    let plot = with_side_legend(&plot_area, &entries)?;
    let ticks = log_ticks(lo, hi, (plot.dim_in_pixel().0 as i32 / scale.px(70.0)).max(3) as usize);
    let mut chart = framed(&plot, scale)
        .build_cartesian_2d((lo..hi).log_scale().with_key_points(ticks.clone()), (lo..hi).log_scale().with_key_points(ticks))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.expected_watch_axis.as_str())
        .y_desc(text.odds_axis.as_str())
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;

    let diagonal = MUTED.mix(0.8).stroke_width(scale.px_u(1.3));
    chart.draw_series([plotters::element::DashedPathElement::new(vec![(lo, lo), (hi, hi)], scale.px(5.0), scale.px(4.0), diagonal)])?;

    let inside = |v: f64| v.clamp(lo, hi);
    let optimum: Vec<(f64, f64)> = bins.iter().filter(|b| positive(b.2)).map(|&(x, _, o)| (x, inside(o))).collect();
    let (dash, gap) = (scale.px(3.0), scale.px(3.0));
    chart.draw_series([plotters::element::DashedPathElement::new(
        optimum.clone(),
        dash,
        gap,
        INK.mix(0.55).stroke_width(scale.px_u(1.2)),
    )])?;
    chart.draw_series(optimum.iter().map(|&p| Circle::new(p, scale.px_u(5.0), INK.stroke_width(scale.px_u(1.4)))))?;
    let model: Vec<(f64, f64)> = bins.iter().filter(|b| positive(b.1)).map(|&(x, y, _)| (x, y)).collect();
    chart.draw_series(LineSeries::new(model.iter().map(|&(x, y)| (x, inside(y))), color.stroke_width(scale.px_u(2.0))))?;
    let fill = if run.diverged_at.is_some() { color.mix(0.5).filled() } else { color.filled() };
    // what each bin shows, for the readout under the pointer
    let marks = model
        .iter()
        .map(|&(x, y)| {
            let (px, py) = chart.backend_coord(&(x, inside(y)));
            let values = vec![hover::Value::new(text.expected_watch_axis.as_str(), x), hover::Value::new(text.odds_axis.as_str(), y)];
            hover::Mark {
                x: px as f64,
                y: py as f64,
                step: run.history.last().map(|s| s.step),
                row: hover::Row { model: run.kind.id(), values },
            }
        })
        .collect();
    hover::record(hover::Layout::Marks { area: hover::area_of(&chart), marks });
    for &(x, y) in &model {
        // beyond the range: on its edge, hollow
        let style = if y == inside(y) { fill } else { WHITE.filled() };
        chart.draw_series([Circle::new((x, inside(y)), scale.px_u(3.2), style)])?;
        chart.draw_series([Circle::new((x, inside(y)), scale.px_u(3.2), color.stroke_width(scale.px_u(1.2)))])?;
    }
    Ok(())
}

/// What a point is; then the overshoot measured and predicted (with the
/// divergence if weighted CE diverged); then why.
fn caption_lines(
    odds: &OddsCalibration,
    run: &WatchChartRun<'_>,
    text: &WatchChartText,
    scale: Scale,
) -> Vec<(String, TextStyle<'static>)> {
    // mean(odds)/mean(E) ÷ mean(odds)/mean(optimum) = mean(optimum)/mean(E)
    let predicted = odds.ratio_to_expected_watch / odds.ratio_to_optimum;
    let times = |v: f64| text.typeset.times(v);
    let numbers = format!("{} {} · {} {}", text.odds_ratio, times(odds.ratio_to_expected_watch), text.optimum_ratio, times(predicted));
    let mut lines = vec![
        (text.odds_scope.clone(), scale.note(MUTED)),
        (numbers, crate::plot::style::recolor(scale.legend(), INK)),
        (text.overshoot.clone(), scale.note(MUTED)),
    ];
    if let Some(step) = run.diverged_at {
        let note = format!("{} {}", text.model(WatchKind::WeightedCe), text.diverged_at(step));
        lines.push((note, crate::plot::style::recolor(scale.note(INK), watch_model_color(WatchKind::WeightedCe))));
    }
    lines
}

/// One log range for both axes over every drawn value, padded, reaching no
/// further than 5 times beyond the true values (a diverging model's odds can
/// sit decades away; they are drawn hollow on the edge); `None` without a positive one.
fn range(bins: &[(f64, f64, f64)]) -> Option<(f64, f64)> {
    let extent = |values: &mut dyn Iterator<Item = f64>| {
        values.filter(|&v| positive(v)).fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (lo, hi) = extent(&mut bins.iter().flat_map(|&(x, y, o)| [x, y, o]));
    let (true_lo, true_hi) = extent(&mut bins.iter().flat_map(|&(x, _, o)| [x, o]));
    if !lo.is_finite() || !true_lo.is_finite() {
        return None;
    }
    let (lo, hi) = (lo.max(true_lo / 5.0), hi.min(true_hi * 5.0));
    let (lo, hi) = if hi / lo < 2.0 { (lo / 1.4, hi * 1.4) } else { (lo, hi) };
    Some((lo / 1.25, hi * 1.25))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_ratios_read_well() {
        assert_eq!(range(&[(f64::NAN, 0.0, -1.0)]), None);
        let (lo, hi) = range(&[(0.1, 0.2, 0.25), (1.0, 1.2, 1.1)]).unwrap();
        assert!(lo < 0.1 && hi > 1.2);
        let (lo, hi) = range(&[(0.1, 1e-9, 0.11), (1.0, 1e30, 1.1)]).unwrap();
        assert!(lo > 0.01 && hi < 10.0, "{lo} {hi}");
    }
}
