//! Funnel chart: pCVR calibration from each model's latest record. The test
//! impressions scored at a record, ALL of them (clicked or not: the entire
//! space), are cut into ten equal-count bins by the model's pCVR; each point is
//! a bin's mean predicted pCVR against the mean TRUE pCVR behind its draws
//! (known only in a synthetic world). The diagonal is perfect calibration.
//!
//! Both axes are logarithmic (pCVR spans about 0.005 to 0.4) and share one
//! range, so the diagonal is at 45°. The large dots are the means over all
//! impressions: a model's mean pCVR at the height of the true mean CVR, whose
//! own point sits on the diagonal; the caption writes the numbers. A bin
//! predicted below the range (an untrained model's pCVR can be 10⁻⁵) is drawn
//! hollow on its left edge. Not a
//! reliability curve of observed conversions: the truth here is the pCVR the
//! generator drew from.

use super::runs::{funnel_model_entries, rate, FunnelChartRun};
use crate::plot::hover;
use crate::plot::style::{funnel_model_color, recolor, Scale, INK, MUTED};
use crate::plot::ticks::{log_ticks, tick_label};
use crate::plot::{framed, house_mesh, message, with_side_legend, wrap, FunnelChartText, LegendEntry, PlotError, Swatch};
use crate::train::funnel::FunnelMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A model's latest metrics, with the points it contributes.
struct Model<'a> {
    run: FunnelChartRun<'a>,
    bins: Vec<(f64, f64)>,
    mean: Option<(f64, f64)>,
}

/// Draws the calibration chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[FunnelChartRun<'_>],
    text: &FunnelChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let models: Vec<Model<'_>> = runs.iter().filter_map(|r| r.history.last().map(|s| model(*r, &s.metrics))).collect();
    let truth = models.iter().filter_map(|m| m.run.history.last()).map(|s| s.metrics.true_mean_cvr).find(|v| v.is_finite() && *v > 0.0);
    let Some((lo, hi)) = range(&models, truth) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let plot_area = caption(area, &models, truth, text, scale)?;

    let mut entries = funnel_model_entries(&models.iter().map(|m| m.run).collect::<Vec<_>>(), text);
    entries.push(LegendEntry::new(text.perfectly_calibrated.as_str(), Swatch::Line { color: MUTED, dashed: true }).grouped());
    entries.push(LegendEntry::new(text.overall_mean.as_str(), Swatch::Dot { color: MUTED, alpha: 1.0 }));
    if truth.is_some() {
        entries.push(LegendEntry::new(text.true_mean_cvr.as_str(), Swatch::Dot { color: INK, alpha: 1.0 }));
    }
    let plot = with_side_legend(&plot_area, &entries)?;
    let ticks = log_ticks(lo, hi, (plot.dim_in_pixel().0 as i32 / scale.px(70.0)).max(3) as usize);
    let mut chart = framed(&plot, scale)
        .build_cartesian_2d((lo..hi).log_scale().with_key_points(ticks.clone()), (lo..hi).log_scale().with_key_points(ticks))?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.predicted_pcvr.as_str())
        .y_desc(text.true_pcvr.as_str())
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;

    let diagonal = MUTED.mix(0.8).stroke_width(scale.px_u(1.3));
    chart.draw_series(std::iter::once(plotters::element::DashedPathElement::new(
        vec![(lo, lo), (hi, hi)],
        scale.px(5.0),
        scale.px(4.0),
        diagonal,
    )))?;
    // low on the diagonal, under it: where predictions rarely fall
    let at = (lo.ln() + 0.12 * (hi.ln() - lo.ln())).exp();
    let label = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Top));
    chart.draw_series(std::iter::once(Text::new(text.perfectly_calibrated.clone(), (at, at), label)))?;
    if let Some(t) = truth {
        // every model's overall mean sits at this height
        let level = MUTED.mix(0.35).stroke_width(scale.px_u(1.0));
        chart.draw_series(std::iter::once(plotters::element::DashedPathElement::new(
            vec![(lo, t), (hi, t)],
            scale.px(2.0),
            scale.px(3.0),
            level,
        )))?;
    }
    // what each point shows, for the readout under the pointer
    let mut marks = Vec::new();
    let mut mark = |at: (f64, f64), m: &Model<'_>, values: Vec<hover::Value>| {
        let (x, y) = chart.backend_coord(&at);
        let step = m.run.history.last().map(|s| s.step);
        marks.push(hover::Mark { x: x as f64, y: y as f64, step, row: hover::Row { model: m.run.kind.id(), values } });
    };
    for m in &models {
        for (&(p, t), at) in m.bins.iter().zip(m.bins.iter().map(|&(p, t)| (p.clamp(lo, hi), t.clamp(lo, hi)))) {
            mark(at, m, vec![hover::Value::new(text.predicted_pcvr.as_str(), p), hover::Value::new(text.true_pcvr.as_str(), t)]);
        }
        if let Some((p, t)) = m.mean {
            let name = format!("{} · {}", text.overall_mean, text.predicted_pcvr);
            mark((p.clamp(lo, hi), t), m, vec![hover::Value::new(name, p), hover::Value::new(text.true_pcvr.as_str(), t)]);
        }
    }
    hover::record(hover::Layout::Marks { area: hover::area_of(&chart), marks });
    for m in &models {
        let color = funnel_model_color(m.run.kind);
        // below the range: on its edge, hollow
        let inside = |v: f64| v.clamp(lo, hi);
        let shown: Vec<(f64, f64)> = m.bins.iter().map(|&(p, t)| (inside(p), inside(t))).collect();
        chart.draw_series(LineSeries::new(shown.iter().copied(), color.stroke_width(scale.px_u(2.0))))?;
        for (&(p, t), &at) in m.bins.iter().zip(&shown) {
            let style = if (p, t) == at { color.filled() } else { WHITE.filled() };
            chart.draw_series(std::iter::once(Circle::new(at, scale.px_u(3.0), style)))?;
            chart.draw_series(std::iter::once(Circle::new(at, scale.px_u(3.0), color.stroke_width(scale.px_u(1.2)))))?;
        }
    }
    for m in &models {
        let Some((p, t)) = m.mean else { continue };
        let p = (p.clamp(lo, hi), t);
        let color = funnel_model_color(m.run.kind);
        chart.draw_series(std::iter::once(Circle::new(p, scale.px_u(5.5), color.filled())))?;
        chart.draw_series(std::iter::once(Circle::new(p, scale.px_u(5.5), WHITE.stroke_width(scale.px_u(1.5)))))?;
    }
    if let Some(t) = truth {
        chart.draw_series(std::iter::once(Circle::new((t, t), scale.px_u(5.5), INK.filled())))?;
        chart.draw_series(std::iter::once(Circle::new((t, t), scale.px_u(5.5), WHITE.stroke_width(scale.px_u(1.5)))))?;
    }
    Ok(())
}

fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

fn model<'a>(run: FunnelChartRun<'a>, m: &FunnelMetrics) -> Model<'a> {
    let bins = m.calibration.iter().map(|b| (b.mean_predicted, b.mean_true)).filter(|&(p, t)| positive(p) && positive(t)).collect();
    let mean = (positive(m.mean_pcvr) && positive(m.true_mean_cvr)).then_some((m.mean_pcvr, m.true_mean_cvr));
    Model { run, bins, mean }
}

/// One range for both axes over every point, padded by a factor, reaching no
/// lower than a fifth of the smallest true pCVR (an untrained model's pCVR can
/// sit decades below anything true); `None` when no model has a point.
fn range(models: &[Model<'_>], truth: Option<f64>) -> Option<(f64, f64)> {
    let values = models.iter().flat_map(|m| m.bins.iter().chain(m.mean.iter()).flat_map(|&(p, t)| [p, t]));
    let (lo, hi) = values.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return None;
    }
    let (lo, hi) = truth.map_or((lo, hi), |t| (lo.min(t), hi.max(t)));
    let true_lo = models.iter().flat_map(|m| m.bins.iter().chain(m.mean.iter()).map(|&(_, t)| t)).fold(hi, f64::min);
    let lo = lo.max(true_lo / 5.0);
    let (lo, hi) = if hi / lo < 2.0 { (lo / 1.4, hi * 1.4) } else { (lo, hi) };
    Some(((lo / 1.25).max(1e-6), (hi * 1.25).min(1.0)))
}

/// Writes the caption over the top of `area`: what a point is, then the true
/// mean CVR and each model's mean pCVR in its colour, wrapped to the width.
/// Returns the area below it.
fn caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    models: &[Model<'_>],
    truth: Option<f64>,
    text: &FunnelChartText,
    scale: Scale,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    let (w, _) = area.dim_in_pixel();
    let (left, right) = (scale.px(8.0), w as i32 - scale.px(8.0));
    let note = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Top));
    let line_h = scale.px(16.0);
    let mut y = scale.px(6.0);
    for line in wrap(area, &text.calibration_scope, &note, (right - left) as u32)? {
        area.draw_text(&line, &note, (left, y))?;
        y += line_h;
    }
    let mut parts: Vec<(String, RGBColor)> = Vec::new();
    if let Some(t) = truth {
        parts.push((format!("{} {}", text.true_mean_cvr, rate(t)), INK));
    }
    for m in models {
        if let Some((p, _)) = m.mean {
            parts.push((format!("{} {}", m.run.kind.label(), rate(p)), funnel_model_color(m.run.kind)));
        }
    }
    let strong = scale.legend().pos(Pos::new(HPos::Left, VPos::Top));
    let gap = scale.px(18.0);
    let mut x = left;
    for (i, (part, color)) in parts.iter().enumerate() {
        let part_w = area.estimate_text_size(part, &strong)?.0 as i32;
        if i > 0 && x + gap + part_w > right {
            (x, y) = (left, y + line_h + scale.px(2.0));
        } else if i > 0 {
            x += gap;
        }
        area.draw_text(part, &recolor(strong.clone(), *color), (x, y))?;
        x += part_w;
    }
    if !parts.is_empty() {
        y += line_h + scale.px(2.0);
    }
    Ok(area.split_vertically(y + scale.px(2.0)).1)
}
