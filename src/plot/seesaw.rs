//! Chart (c): the seesaw plane. x is the MTL gain on task A, y on task B (PLE
//! Eq. 11 for a loss: `L_single − L_model`, positive = sharing helped); each
//! multi-task model is its current point with a fading trail of its recent
//! records. The single-task baselines sit at the origin by definition.
//!
//! Quadrants, in the chapter's words (both judged against the single-task
//! networks): positive transfer (x > 0, y > 0), seesaw (mixed signs), negative
//! transfer (x < 0, y < 0). Not an error-bar plot: one race, one seed; the trail's wander
//! shows how much of a point is noise.

use super::hover::{self, Layout, Probe, Readout, Row, Value};
use super::style::{self, Scale, BAD_TINT, GOOD_TINT, INK, MUTED};
use super::typeset::minus;
use super::{framed, house_mesh, message, model_entries, with_side_legend, ChartRun, ChartText, LegendEntry, PlotError, Swatch};
use crate::models::ModelKind;
use crate::train::Snapshot;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How near a model's current point the pointer must be to name it (a share of the plot's width).
const REACH: f64 = 0.08;

/// What `probe` names on the plane as last drawn: under the pointer, the
/// multi-task model whose current point is nearest (within reach) and its two
/// gains; by keyboard, every multi-task model's gains at a record.
pub fn readout(layouts: &[Layout], probe: Probe, runs: &[ChartRun<'_>], text: &ChartText) -> Option<Readout> {
    let gains = |s: &Snapshot| {
        gain(s).map(|(a, b)| vec![Value::new(text.mtl_gain_a.as_str(), a), Value::new(text.mtl_gain_b.as_str(), b)]).unwrap_or_default()
    };
    let contenders: Vec<&ChartRun<'_>> = runs.iter().filter(|r| r.kind != ModelKind::Single).collect();
    let Probe::Point(x, y) = probe else {
        let histories: Vec<(&'static str, &[Snapshot])> = contenders.iter().map(|r| (r.kind.id(), r.history)).collect();
        return hover::over_steps(layouts, probe, &histories, |s| s.step, gains);
    };
    let plane = layouts.iter().find(|l| l.plane_at(x, y).is_some())?;
    let Layout::Plane { area, .. } = plane else { return None };
    let reach = REACH * (area.right - area.left) as f64;
    let (run, now, d) = contenders
        .iter()
        .filter_map(|r| {
            let (now, g) = r.history.iter().rev().find_map(|s| Some((s, gain(s)?)))?;
            let (px, py) = plane.plane_pixel(g)?;
            Some((r, now, (px - x).hypot(py - y)))
        })
        .min_by(|a, b| a.2.total_cmp(&b.2))?;
    (d <= reach).then(|| Readout {
        at: now.step,
        prev: None,
        next: None,
        step: Some(now.step),
        rows: vec![Row { model: run.kind.id(), values: gains(now) }],
    })
}

/// Records in a trail: recent enough to show where a model is heading.
const TRAIL: usize = 40;
/// Records that set the axis range: early records (gains of several units while
/// the models are still far from converged) would squash the present.
const RANGE_RECORDS: usize = 5;

/// Draws the seesaw plane on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    if runs.iter().all(|r| r.history.is_empty()) {
        return message(area, &text.no_data);
    }
    if !runs.iter().any(|r| r.kind == ModelKind::Single) {
        return message(area, &text.need_single_task);
    }
    let contenders: Vec<ChartRun<'_>> = runs.iter().filter(|r| r.kind != ModelKind::Single).copied().collect();
    if contenders.is_empty() {
        return message(area, &text.need_multi_task);
    }
    let trails: Vec<Vec<(f64, f64)>> = contenders.iter().map(trail).collect();
    let Some((rx, ry)) = ranges(&trails) else {
        return message(area, &text.no_data);
    };
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let mut entries = model_entries(&contenders, text);
    for e in &mut entries {
        e.swatch = match e.swatch {
            Swatch::Line { color, .. } => Swatch::Dot { color, alpha: 1.0 },
            other => other,
        };
    }
    let origin = Swatch::Dot { color: style::model_color(ModelKind::Single), alpha: 1.0 };
    entries.push(LegendEntry::new(format!("{} = (0, 0)", text.single_task), origin).grouped());
    let plot = with_side_legend(area, &entries)?;
    let mut chart = framed(&plot, scale).build_cartesian_2d(-rx..rx, -ry..ry)?;
    hover::record(Layout::Plane { area: hover::area_of(&chart), x: (-rx, rx), y: (-ry, ry) });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.mtl_gain_a.as_str())
        .y_desc(text.mtl_gain_b.as_str())
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| tick(*v, rx))
        .y_label_formatter(&|v| tick(*v, ry))
        .draw()?;
    quadrants(&mut chart, rx, ry, text, scale)?;
    for (run, points) in contenders.iter().zip(&trails) {
        let color = style::model_color(run.kind);
        let n = points.len();
        for (i, pair) in points.windows(2).enumerate() {
            if pair.iter().any(|&(x, y)| x.abs() > rx || y.abs() > ry) {
                continue;
            }
            // older records fade out
            let alpha = 0.12 + 0.55 * (i + 1) as f64 / n as f64;
            chart.draw_series(std::iter::once(PathElement::new(pair.to_vec(), color.mix(alpha).stroke_width(scale.px_u(1.5)))))?;
            chart.draw_series(std::iter::once(Circle::new(pair[0], scale.px_u(2.0), color.mix(alpha).filled())))?;
        }
        let Some(&now) = points.last() else { continue };
        if run.diverged_at.is_some() {
            chart.draw_series(std::iter::once(Cross::new(now, scale.px_u(6.0), color.stroke_width(scale.px_u(2.5)))))?;
        } else {
            chart.draw_series(std::iter::once(Circle::new(now, scale.px_u(6.0), color.filled())))?;
            chart.draw_series(std::iter::once(Circle::new(now, scale.px_u(6.0), WHITE.stroke_width(scale.px_u(1.5)))))?;
        }
    }
    let origin = style::model_color(ModelKind::Single);
    chart.draw_series(std::iter::once(Circle::new((0.0, 0.0), scale.px_u(4.0), origin.filled())))?;
    Ok(())
}

/// A record's (gain A, gain B), when both are finite.
fn gain(s: &Snapshot) -> Option<(f64, f64)> {
    match s.mtl_gain.as_deref() {
        Some([a, b, ..]) if a.is_finite() && b.is_finite() => Some((*a, *b)),
        _ => None,
    }
}

/// The last [`TRAIL`] finite (gain A, gain B) points of a model.
fn trail(run: &ChartRun<'_>) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f64)> = run.history.iter().filter_map(gain).collect();
    points[points.len().saturating_sub(TRAIL)..].to_vec()
}

/// Half-widths of the two axes: symmetric about 0, set by the last
/// [`RANGE_RECORDS`] of each trail and padded so that points stay clear of the
/// corner labels; `None` without any point.
fn ranges(trails: &[Vec<(f64, f64)>]) -> Option<(f64, f64)> {
    let all = trails.iter().flat_map(|t| &t[t.len().saturating_sub(RANGE_RECORDS)..]);
    let (mut mx, mut my, mut any) = (0.0f64, 0.0f64, false);
    for &(x, y) in all {
        (mx, my, any) = (mx.max(x.abs()), my.max(y.abs()), true);
    }
    // a floor so that a race of identical models does not zoom into rounding noise
    let floor = 1e-3f64.max(0.05 * mx.max(my));
    any.then(|| (mx.max(floor) * 1.35, my.max(floor) * 1.35))
}

/// Tints the both-gain and negative-transfer quadrants, draws the axes through
/// 0 and names each quadrant in its outer corner.
fn quadrants<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    rx: f64,
    ry: f64,
    text: &ChartText,
    scale: Scale,
) -> Result<(), PlotError> {
    chart.draw_series([
        Rectangle::new([(0.0, 0.0), (rx, ry)], GOOD_TINT.mix(0.08).filled()),
        Rectangle::new([(-rx, -ry), (0.0, 0.0)], BAD_TINT.mix(0.09).filled()),
    ])?;
    let axis = INK.mix(0.7).stroke_width(scale.px_u(1.2));
    chart.draw_series([PathElement::new(vec![(-rx, 0.0), (rx, 0.0)], axis), PathElement::new(vec![(0.0, -ry), (0.0, ry)], axis)])?;
    let (ix, iy) = (rx * 0.97, ry * 0.96);
    let corner = |h: HPos, v: VPos, color: RGBColor| scale.note(color).pos(Pos::new(h, v));
    let labels = [
        (text.both_gain.as_str(), (ix, iy), corner(HPos::Right, VPos::Top, GOOD_TINT)),
        (text.seesaw.as_str(), (-ix, iy), corner(HPos::Left, VPos::Top, MUTED)),
        (text.seesaw.as_str(), (ix, -iy), corner(HPos::Right, VPos::Bottom, MUTED)),
        (text.negative_transfer.as_str(), (-ix, -iy), corner(HPos::Left, VPos::Bottom, BAD_TINT)),
    ];
    chart.draw_series(labels.into_iter().map(|(t, at, s)| Text::new(t.to_string(), at, s)))?;
    Ok(())
}

/// A tick with as many decimals as the axis span needs; exactly "0" at the origin.
fn tick(v: f64, half_width: f64) -> String {
    if v.abs() < half_width * 1e-6 {
        return "0".to_string();
    }
    let decimals = (2.0 - half_width.log10().floor()).clamp(0.0, 8.0) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        minus(s.trim_end_matches('0').trim_end_matches('.').to_string())
    } else {
        minus(s)
    }
}
