//! What the watch-time charts share: the chart view of a watch run, the
//! captured-share plane (clicks captured against watch time captured, with the
//! oracle's lines at 1) that the trade-off and sweep charts both draw on, a
//! wrapped caption, and direct labels placed so that they do not collide. Not
//! a chart itself (see [`tradeoff`](super::tradeoff),
//! [`odds`](super::odds), [`weights`](super::weights)).

use crate::models::watch::WatchKind;
use crate::plot::style::{Scale, MUTED};
use crate::plot::{framed, house_mesh, wrap, PlotError, WatchChartText};
use crate::train::watch::{WatchRun, WatchSnapshot};
use crate::train::RunView;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

/// What a watch chart reads of one racing model: its kind, its record, and
/// where it diverged (its history stops there).
pub type WatchChartRun<'a> = RunView<'a, WatchKind, WatchSnapshot>;

/// The chart view of a watch trainer's runs, in legend order.
pub fn watch_chart_runs(runs: &[WatchRun]) -> Vec<WatchChartRun<'_>> {
    runs.iter().map(WatchRun::view).collect()
}

/// The captured-share plane's chart context.
pub type ShareChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// An axis range for shares over the finite `values`: from a little below the
/// smallest (on a 0.05 grid, room for a label below it, not below 0) to a little above 1, so the oracle's
/// line always shows; at least 0.25 wide. `None` without a finite value.
pub fn share_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let lo = values.into_iter().filter(|v| v.is_finite()).fold(f64::INFINITY, f64::min);
    if !lo.is_finite() {
        return None;
    }
    let lo = (((lo.min(1.0) - 0.06) / 0.05).floor() * 0.05).clamp(0.0, 0.75);
    Some((lo, 1.0 + 0.04 * (1.0 - lo)))
}

/// A share tick: 0, 0.25, 0.5, 1.
fn share_label(v: &f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Draws the plane on `area` for shares in `x` and `y`: clicks captured
/// across, watch time captured up, and a dashed line at 1 on each axis
/// labelled as the oracle.
pub fn share_chart<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    text: &WatchChartText,
    scale: Scale,
) -> Result<ShareChart<'a, DB>, PlotError> {
    let mut chart = framed(area, scale).build_cartesian_2d(x0..x1, y0..y1)?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.clicks_captured.as_str())
        .y_desc(text.watch_captured.as_str())
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&share_label)
        .y_label_formatter(&share_label)
        .draw()?;
    let line = MUTED.mix(0.8).stroke_width(scale.px_u(1.3));
    let (dash, gap) = (scale.px(5.0), scale.px(4.0));
    chart.draw_series([plotters::element::DashedPathElement::new(vec![(x0, 1.0), (x1, 1.0)], dash, gap, line)])?;
    chart.draw_series([plotters::element::DashedPathElement::new(vec![(1.0, y0), (1.0, y1)], dash, gap, line)])?;
    let pad = scale.px(3.0);
    let across = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Top));
    chart.draw_series([EmptyElement::at((x0, 1.0)) + Text::new(text.oracle.clone(), (pad * 2, pad), across)])?;
    let up = scale.note(MUTED).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Left, VPos::Bottom));
    chart.draw_series([EmptyElement::at((1.0, y0)) + Text::new(text.oracle.clone(), (-pad, -pad * 2), up)])?;
    Ok(chart)
}

/// Writes `lines` (text and style, each wrapped to the width) over the top of
/// `area` and returns the area below them.
pub fn caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[(String, TextStyle<'static>)],
    scale: Scale,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    let (w, _) = area.dim_in_pixel();
    let (left, width) = (scale.px(8.0), w as i32 - scale.px(16.0));
    let line_h = scale.px(16.0);
    let mut y = scale.px(6.0);
    for (line, style) in lines {
        let style = style.pos(Pos::new(HPos::Left, VPos::Top));
        for part in wrap(area, line, &style, width.max(1) as u32)? {
            area.draw_text(&part, &style, (left, y))?;
            y += line_h;
        }
    }
    Ok(area.split_vertically(y + scale.px(2.0)).1)
}

/// A label to put beside a point.
pub struct Label {
    /// The point, in data coordinates.
    pub at: (f64, f64),
    pub text: String,
    pub style: TextStyle<'static>,
    /// Drawn even where it must overlap something; otherwise left out then.
    pub required: bool,
}

type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// What a label must not cover, weighted by how badly: other labels, then
/// points, then lines.
const COVERS_LABEL: usize = 100;
const COVERS_POINT: usize = 10;
const COVERS_LINE: usize = 1;

/// Draws `labels` in order, each at the spot around its point (beside,
/// above, below, the diagonals; near, then farther if required) that stays inside the plot
/// and covers least: the labels before it, the `points` (data coordinates,
/// each with its radius in device pixels) and the polylines in `lines`. A label
/// that is not required is left out unless a spot covers nothing.
pub fn draw_labels<DB: DrawingBackend>(
    chart: &mut ShareChart<'_, DB>,
    labels: &[Label],
    points: &[((f64, f64), i32)],
    lines: &[Vec<(f64, f64)>],
    scale: Scale,
) -> Result<(), PlotError> {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let inside = |r: Rect| r.0 >= xr.start && r.2 <= xr.end && r.1 >= yr.start && r.3 <= yr.end;
    let square = |(x, y): (i32, i32), r: i32| (x - r, y - r, x + r, y + r);
    let marks: Vec<Rect> = points.iter().map(|(p, r)| square(chart.backend_coord(p), *r)).collect();
    // each line as small squares every few pixels along it
    let step = scale.px(4.0).max(1);
    let mut strokes: Vec<Rect> = Vec::new();
    for line in lines {
        let px: Vec<(i32, i32)> = line.iter().map(|p| chart.backend_coord(p)).collect();
        for pair in px.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            let n = ((x1 - x0).abs().max((y1 - y0).abs()) / step).max(1);
            strokes.extend((0..=n).map(|i| square((x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n), scale.px(1.5))));
        }
    }
    let mut placed: Vec<Rect> = Vec::new();
    for label in labels {
        let style = label.style.pos(Pos::new(HPos::Left, VPos::Top));
        let (tw, th) = chart.plotting_area().estimate_text_size(&label.text, &style)?;
        // a little wider than estimated: the browser's and the SVG viewer's fonts differ
        let (tw, th) = ((tw as f64 * 1.15) as i32, th as i32 + scale.px(2.0));
        let at = chart.backend_coord(&label.at);
        let radius = points.iter().find(|(p, _)| *p == label.at).map_or(0, |&(_, r)| r);
        let (own, gap) = (square(at, radius), radius + scale.px(3.0));
        // farther spots only for a label that must be drawn: far from its point, a label is ambiguous
        let reach: &[i32] = if label.required { &[1, 3] } else { &[1] };
        let spots = reach.iter().flat_map(|&k| {
            let g = gap * k;
            [(g, -th / 2), (-g - tw, -th / 2), (-tw / 2, -g - th), (-tw / 2, g), (g, -g - th), (g, g), (-g - tw, -g - th), (-g - tw, g)]
                .map(|s| (k > 1, s))
        });
        let rect = |(dx, dy): (i32, i32)| (at.0 + dx, at.1 + dy, at.0 + dx + tw, at.1 + dy + th);
        let cost = |r: Rect| {
            let count = |rects: &[Rect]| rects.iter().filter(|&&o| o != own && overlaps(r, o)).count();
            COVERS_LABEL * count(&placed) + COVERS_POINT * count(&marks) + COVERS_LINE * count(&strokes)
        };
        // the first spot of least cost: a near spot wins ties
        let best = spots.filter(|&(_, s)| inside(rect(s))).map(|s| (cost(rect(s.1)), s)).min_by_key(|&(c, _)| c);
        let (far, spot) = match best {
            Some((0, s)) => s,
            Some((_, s)) if label.required => s,
            None if label.required => (false, (gap, -th / 2)),
            _ => continue,
        };
        let r = rect(spot);
        placed.push(r);
        if far {
            // a thin leader from the point's edge to the label's nearest point
            let near = ((at.0).clamp(r.0, r.2) - at.0, (at.1).clamp(r.1, r.3) - at.1);
            let len = ((near.0 * near.0 + near.1 * near.1) as f64).sqrt().max(1.0);
            let edge = |v: i32| (v as f64 * radius as f64 / len).round() as i32;
            let leader =
                PathElement::new(vec![(edge(near.0), edge(near.1)), near], leader_color(&label.style).stroke_width(scale.px_u(0.8)));
            chart.draw_series([EmptyElement::at(label.at) + leader])?;
        }
        // anchored on the side facing the point, so a wrong width estimate moves the far end only
        let (h, x) = match spot.0 {
            dx if dx + tw <= 0 => (HPos::Right, dx + tw),
            dx if dx < 0 => (HPos::Center, dx + tw / 2),
            dx => (HPos::Left, dx),
        };
        let style = label.style.pos(Pos::new(h, VPos::Top));
        chart.draw_series([EmptyElement::at(label.at) + Text::new(label.text.clone(), (x, spot.1), style)])?;
    }
    Ok(())
}

fn leader_color(style: &TextStyle<'_>) -> RGBColor {
    let (r, g, b) = style.color.rgb;
    RGBColor(r, g, b)
}

/// The style of a point's label: legend size, in `color`.
pub fn label_style(scale: Scale, color: RGBColor) -> TextStyle<'static> {
    crate::plot::style::recolor(scale.legend(), color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_ranges_reach_past_the_oracle() {
        assert_eq!(share_range([f64::NAN]), None);
        let (lo, hi) = share_range([0.65, 0.9, f64::NAN]).unwrap();
        assert!((lo - 0.55).abs() < 1e-12 && hi > 1.0 && hi < 1.03, "{lo} {hi}");
        assert_eq!(share_range([0.01]).unwrap().0, 0.0);
        assert_eq!(share_range([1.0]).unwrap().0, 0.75);
        assert_eq!(share_label(&0.25), "0.25");
        assert_eq!(share_label(&1.0), "1");
    }
}
