//! The funnel picture: the TRAINING funnel as stacked bars, impressions →
//! clicks → conversions, with counts and rates written out; below them, hatched,
//! the conversions the unclicked impressions would have had (the counterfactual
//! only a synthetic world knows); and which space each model learns from
//! (ESMM: all impressions; BASE's CVR net: clicked impressions only).
//!
//! Counts span three to four orders of magnitude, so bar length is on a log
//! scale, stated on the axis; the numbers themselves are written. Not a chart
//! of the runs: it reads only the generator's [`FunnelStats`].

use super::runs::thousands;
use crate::data::FunnelStats;
use crate::models::funnel::FunnelKind;
use crate::plot::hover;
use crate::plot::style::{funnel_model_color, recolor, Scale, GRID, INK, MUTED};
use crate::plot::text::fill;
use crate::plot::{message, wrap, FunnelChartText, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Fill of the observed stages.
const BAR: RGBColor = RGBColor(0xD4, 0xD4, 0xD4);

/// One bar of the picture.
struct Stage {
    label: String,
    count: usize,
    /// A note beside the bar (or inside it when there is no room), in its colour.
    tag: Option<(String, RGBColor)>,
    /// Drawn outlined in the tag's colour: a model's training space.
    space: bool,
    counterfactual: bool,
}

/// Draws the funnel of `stats` on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, stats: &FunnelStats, text: &FunnelChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    if stats.impressions == 0 {
        return message(area, &text.no_data);
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let stages = stages(stats, text);
    let (left, right) = (scale.px(12.0), w as i32 - scale.px(20.0));
    let label_style = scale.legend().pos(Pos::new(HPos::Left, VPos::Top));
    let tag_style = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    let labels: Vec<Vec<String>> =
        stages.iter().map(|s| wrap(area, &s.label, &label_style, (right - left) as u32)).collect::<Result<_, _>>()?;

    // vertical budget: label lines and a bar per stage, the axis below; what
    // is left spreads evenly between the stages
    let (line_h, axis_h, top) = (scale.px(18.0), scale.px(46.0), scale.px(8.0));
    let n = stages.len() as i32;
    let lines: i32 = labels.iter().map(|l| l.len() as i32).sum();
    let room = h as i32 - top - axis_h - lines * line_h;
    let bar_h = ((room - n * scale.px(12.0)) / n).clamp(scale.px(8.0), scale.px(24.0));
    let gap = ((room - n * bar_h) / n).max(scale.px(6.0));

    let (lo, hi) = log_span(&stages);
    let x_of = |count: f64| {
        let t = ((count.max(lo).log10() - lo.log10()) / (hi.log10() - lo.log10())).clamp(0.0, 1.0);
        left + (t * (right - left) as f64).round() as i32
    };
    let axis_y = h as i32 - axis_h;

    // decade grid behind the bars
    let mut decade = lo;
    while decade <= hi * 1.0001 {
        let x = x_of(decade);
        area.draw(&PathElement::new(vec![(x, top), (x, axis_y)], GRID.stroke_width(1)))?;
        decade *= 10.0;
    }

    let mut y = top;
    // each stage's row, in the canvas's pixels, with its count: for the readout under the pointer
    let (base_x, base_y) = area.get_base_pixel();
    let mut boxes = Vec::new();
    for (stage, lines) in stages.iter().zip(&labels) {
        let row_top = y;
        for line in lines {
            area.draw_text(line, &label_style, (left, y))?;
            y += line_h;
        }
        let (y0, y1) = (y, y + bar_h);
        let values = vec![hover::Value::new(lines.join(" "), stage.count as f64)];
        boxes.push((hover::rect((base_x, base_y + row_top), (base_x + w as i32, base_y + y1)), hover::Row { model: "", values }));
        let x1 = if stage.count == 0 { left } else { x_of(stage.count as f64).max(left + scale.px(2.0)) };
        if stage.counterfactual {
            hatched(area, (left, y0), (x1, y1), scale)?;
        } else {
            area.draw(&Rectangle::new([(left, y0), (x1, y1)], BAR.filled()))?;
        }
        if let Some((tag, color)) = &stage.tag {
            if stage.space {
                // a path, not a rectangle's stroke: the SVG backend drops a rectangle's stroke width
                let outline = vec![(left, y0), (x1, y0), (x1, y1), (left, y1), (left, y0)];
                area.draw(&PathElement::new(outline, color.stroke_width(scale.px_u(2.5))))?;
            }
            let style = recolor(tag_style.clone(), *color).pos(Pos::new(HPos::Left, VPos::Center));
            let tag_w = area.estimate_text_size(tag, &style)?.0 as i32;
            let cy = (y0 + y1) / 2;
            if x1 + scale.px(8.0) + tag_w <= w as i32 - scale.px(4.0) {
                area.draw_text(tag, &style, (x1 + scale.px(8.0), cy))?;
            } else {
                // no room beside the bar: inside it, ending near its end, on a
                // white patch so that hatching does not cross the letters
                let x = (x1 - scale.px(8.0) - tag_w).max(left + scale.px(6.0));
                let (pad, half) = (scale.px(4.0), (y1 - y0) / 2 - scale.px(3.0));
                area.draw(&Rectangle::new([(x - pad, cy - half), (x + tag_w + pad, cy + half)], WHITE.mix(0.9).filled()))?;
                area.draw_text(tag, &style, (x, cy))?;
            }
        }
        y = y1 + gap;
    }
    hover::record(hover::Layout::Boxes(boxes));
    axis(area, (lo, hi), axis_y, &x_of, text, scale)
}

/// The four stages, top to bottom.
fn stages(s: &FunnelStats, text: &FunnelChartText) -> Vec<Stage> {
    let unclicked = s.impressions.saturating_sub(s.clicks);
    let share = |part: usize, whole: usize| if whole == 0 { f64::NAN } else { part as f64 / whole as f64 };
    let esmm = (text.esmm_space.clone(), funnel_model_color(FunnelKind::Esmm));
    let base = (text.base_space.clone(), funnel_model_color(FunnelKind::Base));
    let ts = text.typeset;
    vec![
        Stage {
            label: format!("{} {}", thousands(s.impressions), text.impressions),
            count: s.impressions,
            tag: Some(esmm),
            space: true,
            counterfactual: false,
        },
        Stage {
            label: format!("{} {}{}", thousands(s.clicks), text.clicks, ts.bracket(&ts.percent(share(s.clicks, s.impressions), 1))),
            count: s.clicks,
            tag: Some(base),
            space: true,
            counterfactual: false,
        },
        Stage {
            label: format!(
                "{} {}{}",
                thousands(s.conversions),
                text.conversions,
                ts.bracket(&fill(&text.of_clicks, "pct", &ts.percent(share(s.conversions, s.clicks), 1)))
            ),
            count: s.conversions,
            tag: None,
            space: false,
            counterfactual: false,
        },
        Stage {
            label: format!(
                "+ {} {}{}",
                thousands(s.unclicked_conversions),
                text.unclicked_conversions,
                ts.bracket(&fill(&text.of_unclicked, "pct", &ts.percent(share(s.unclicked_conversions, unclicked), 1)))
            ),
            count: s.unclicked_conversions,
            tag: Some((text.counterfactual.clone(), MUTED)),
            space: false,
            counterfactual: true,
        },
    ]
}

/// Powers of ten around the counts: a decade below the smallest non-zero
/// count (so the shortest bar still shows) to the decade at or above the largest.
fn log_span(stages: &[Stage]) -> (f64, f64) {
    let counts = stages.iter().map(|s| s.count).filter(|&c| c > 0);
    let (min, max) = counts.fold((usize::MAX, 1), |(lo, hi), c| (lo.min(c), hi.max(c)));
    let lo = 10f64.powi(((min.max(1) as f64).log10().floor() as i32 - 1).max(0));
    let hi = 10f64.powi((max as f64).log10().ceil() as i32).max(lo * 10.0);
    (lo, hi)
}

/// A faint bar with diagonal hatching and a thin outline: a count no real log holds.
fn hatched<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    scale: Scale,
) -> Result<(), PlotError> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], MUTED.mix(0.08).filled()))?;
    let (hgt, step) = (y1 - y0, scale.px(7.0).max(3));
    let stroke = MUTED.mix(0.55).stroke_width(scale.px_u(1.0));
    let mut s = x0 - hgt;
    while s < x1 {
        // the line from (s, y1) up to (s + hgt, y0), clipped to [x0, x1]
        let (mut a, mut b) = ((s, y1), (s + hgt, y0));
        if a.0 < x0 {
            a = (x0, y1 - (x0 - s));
        }
        if b.0 > x1 {
            b = (x1, y0 + (b.0 - x1));
        }
        if a.0 <= b.0 {
            area.draw(&PathElement::new(vec![a, b], stroke))?;
        }
        s += step;
    }
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], MUTED.mix(0.7).stroke_width(1)))?;
    Ok(())
}

/// The count axis: a line, a labelled tick per decade, and its caption.
fn axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (lo, hi): (f64, f64),
    y: i32,
    x_of: &dyn Fn(f64) -> i32,
    text: &FunnelChartText,
    scale: Scale,
) -> Result<(), PlotError> {
    let axis_style = INK.mix(0.6).stroke_width(1);
    area.draw(&PathElement::new(vec![(x_of(lo), y), (x_of(hi), y)], axis_style))?;
    let tick_style = scale.tick().pos(Pos::new(HPos::Center, VPos::Top));
    let mut decade = lo;
    while decade <= hi * 1.0001 {
        let x = x_of(decade);
        area.draw(&PathElement::new(vec![(x, y), (x, y + scale.px(4.0))], axis_style))?;
        area.draw_text(&text.typeset.round_number(decade, 1000.0), &tick_style, (x, y + scale.px(6.0)))?;
        decade *= 10.0;
    }
    let caption = scale.axis().pos(Pos::new(HPos::Center, VPos::Top));
    area.draw_text(&text.count_log_scale, &caption, ((x_of(lo) + x_of(hi)) / 2, y + scale.px(24.0)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_span_covers_every_count_with_a_decade_to_spare() {
        let stage = |count| Stage { label: String::new(), count, tag: None, space: false, counterfactual: false };
        assert_eq!(log_span(&[stage(300_000), stage(24_012), stage(1_903), stage(0)]), (100.0, 1e6));
        assert_eq!(log_span(&[stage(5)]), (1.0, 10.0));
    }
}
