//! The transfer map (the chapter's taxonomy, design §1.5): per multi-task
//! model and task correlation `p`, one horizontal bar stacked by the share of
//! seeds in each class against the same seed's single-task networks —
//! positive transfer, seesaw, negative transfer, unclear, failed — in fixed
//! colours ([`class_color`], the same in the legend), with the count written
//! on each segment. Rows are grouped by model; `p = 1`, where the tasks are
//! identical, is labelled as the control. A ring marks the class the
//! student's seed fell into in every bar. Failed trainings are hatched dark
//! grey: counted apart, not as transfer.
//!
//! Not here: the classification (`train::sweep::transfer`) or the caption
//! (the page's words).

use super::style::{self, Scale, GRID, INK, MUTED};
use super::{message, with_side_legend, LegendEntry, PlotError, Swatch, TransferChartText};
use crate::models::ModelKind;
use crate::train::sweep::transfer::{TransferClass, TransferCount, TransferEntry};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the map draws: the summary's counts and entries, its margin, and the
/// student's seed (marked where it has an entry).
#[derive(Clone, Copy, Debug)]
pub struct TransferMap<'a> {
    pub counts: &'a [TransferCount],
    pub entries: &'a [TransferEntry],
    pub margin: f64,
    pub seed: Option<u64>,
}

/// Each class's fixed colour, Okabe–Ito where it can (colour-blind-safe):
/// positive bluish green, seesaw orange, negative vermillion (darker than the
/// orange, so the two stay apart without hue), unclear light grey, failed dark
/// grey (and hatched).
pub fn class_color(class: TransferClass) -> RGBColor {
    match class {
        TransferClass::Positive => RGBColor(0x00, 0x9E, 0x73),
        TransferClass::Seesaw => RGBColor(0xE6, 0x9F, 0x00),
        TransferClass::Negative => RGBColor(0xD5, 0x5E, 0x00),
        TransferClass::Unclear => RGBColor(0xC8, 0xC8, 0xC8),
        TransferClass::Failed => RGBColor(0x4D, 0x4D, 0x4D),
    }
}

/// Whether text on `color` should be white (a dark fill).
fn white_on(color: RGBColor) -> bool {
    (0.299 * color.0 as f64 + 0.587 * color.1 as f64 + 0.114 * color.2 as f64) < 140.0
}

/// Draws the map on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, map: TransferMap<'_>, text: &TransferChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let rows: Vec<&TransferCount> = map.counts.iter().filter(|c| c.seeds > 0).collect();
    if rows.is_empty() {
        return message(area, &text.no_results);
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let seed_entry = |model: ModelKind, p: f64| map.entries.iter().find(|e| Some(e.seed) == map.seed && e.model == model && e.p == p);
    let mut legend: Vec<LegendEntry> = TransferClass::ALL
        .iter()
        .map(|&c| LegendEntry {
            label: text.class(c).to_string(),
            swatch: Swatch::Block { color: class_color(c), alpha: 1.0 },
            note: Some(text.class_note(c).to_string()),
            group: false,
        })
        .collect();
    if let Some(seed) = map.seed.filter(|_| rows.iter().any(|r| seed_entry(r.model, r.p).is_some())) {
        legend.push(LegendEntry::new(text.seed(seed), Swatch::Ring { color: INK }).grouped());
    }
    let plot = with_side_legend(area, &legend)?;
    let (pw, ph) = plot.dim_in_pixel();
    let (pw, ph) = (pw as i32, ph as i32);

    // label columns: the model once per group, then each row's p
    let (model_style, row_style) = (scale.legend(), scale.tick());
    let mut model_w = 0;
    let mut row_w = 0;
    for r in &rows {
        model_w = model_w.max(plot.estimate_text_size(r.model.label(), &model_style)?.0 as i32);
        row_w = row_w.max(plot.estimate_text_size(&text.row(r.p), &row_style)?.0 as i32);
    }
    let (top, bottom, right) = (scale.px(24.0), scale.px(44.0), scale.px(14.0));
    let left = scale.px(6.0) + model_w + scale.px(10.0) + row_w + scale.px(8.0);
    let groups = rows.windows(2).filter(|p| p[0].model != p[1].model).count();
    let units = rows.len() as f64 + 0.6 * groups as f64;
    let row_h = (ph - top - bottom) as f64 / units;
    let bar_h = (row_h * 0.72).max(2.0);
    let x_of = |share: f64| left + (share * (pw - left - right) as f64).round() as i32;

    // what the classes are judged against, above the bars
    let note = scale.note(MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    plot.draw_text(&text.against(map.margin), &note, (left, top / 2))?;

    // grid and the share axis
    let axis_y = ph - bottom;
    let tick = scale.tick().pos(Pos::new(HPos::Center, VPos::Top));
    for i in 0..=4 {
        let share = i as f64 / 4.0;
        let x = x_of(share);
        plot.draw(&PathElement::new(vec![(x, top), (x, axis_y)], GRID.stroke_width(1)))?;
        plot.draw_text(&format!("{}%", i * 25), &tick, (x, axis_y + scale.px(5.0)))?;
    }
    plot.draw(&PathElement::new(vec![(x_of(0.0), axis_y), (x_of(1.0), axis_y)], INK.mix(0.6).stroke_width(1)))?;
    let axis = scale.axis().pos(Pos::new(HPos::Center, VPos::Top));
    plot.draw_text(&text.share_of_seeds, &axis, ((x_of(0.0) + x_of(1.0)) / 2, axis_y + scale.px(23.0)))?;

    // the bars, group by group
    let model_label = model_style.pos(Pos::new(HPos::Left, VPos::Center));
    let row_label = row_style.pos(Pos::new(HPos::Right, VPos::Center));
    let mut y = top as f64;
    let mut group_start: Option<(ModelKind, f64)> = None;
    for (i, r) in rows.iter().enumerate() {
        if i > 0 && rows[i - 1].model != r.model {
            y += 0.6 * row_h;
        }
        let cy = (y + row_h / 2.0).round() as i32;
        let (y0, y1) = ((y + (row_h - bar_h) / 2.0).round() as i32, (y + (row_h + bar_h) / 2.0).round() as i32);
        plot.draw_text(&text.row(r.p), &row_label, (left - scale.px(8.0), cy))?;
        let ring = seed_entry(r.model, r.p).map(|e| e.class);
        draw_bar(&plot, r, (y0, y1), &x_of, ring, scale)?;
        let start = group_start.filter(|(m, _)| *m == r.model).map_or(y, |(_, s)| s);
        group_start = Some((r.model, start));
        if rows.get(i + 1).is_none_or(|next| next.model != r.model) {
            let mid = ((start + y + row_h) / 2.0).round() as i32;
            plot.draw_text(r.model.label(), &model_label, (scale.px(6.0), mid))?;
        }
        y += row_h;
    }
    Ok(())
}

/// One bar: its segments left to right in the classes' order, the count on
/// each, hatching on the failed one, and the ring on `ring`'s segment.
fn draw_bar<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    count: &TransferCount,
    (y0, y1): (i32, i32),
    x_of: &dyn Fn(f64) -> i32,
    ring: Option<TransferClass>,
    scale: Scale,
) -> Result<(), PlotError> {
    let mut done = 0;
    for class in TransferClass::ALL {
        let n = count.of(class);
        if n == 0 {
            continue;
        }
        let (xa, xb) = (x_of(done as f64 / count.seeds as f64), x_of((done + n) as f64 / count.seeds as f64));
        done += n;
        let color = class_color(class);
        plot.draw(&Rectangle::new([(xa, y0), (xb, y1)], color.filled()))?;
        if class == TransferClass::Failed {
            hatch(plot, (xa, y0, xb, y1), scale)?;
        }
        plot.draw(&Rectangle::new([(xa, y0), (xb, y1)], WHITE.stroke_width(scale.px_u(1.0))))?;
        let (cx, cy) = ((xa + xb) / 2, (y0 + y1) / 2);
        if ring == Some(class) {
            let r = ((y1 - y0) as f64 * 0.42).min(scale.px(11.0) as f64).max(4.0) as i32;
            plot.draw(&Circle::new((cx, cy), r, WHITE.stroke_width(scale.px_u(4.0))))?;
            plot.draw(&Circle::new((cx, cy), r, INK.stroke_width(scale.px_u(2.0))))?;
        }
        let label = n.to_string();
        let style = style::recolor(scale.note(INK), if white_on(color) { WHITE } else { INK }).pos(Pos::new(HPos::Center, VPos::Center));
        if plot.estimate_text_size(&label, &style)?.0 as i32 + scale.px(2.0) <= xb - xa {
            plot.draw_text(&label, &style, (cx, cy))?;
        }
    }
    Ok(())
}

/// Light diagonal lines over a rectangle `(x0, y0, x1, y1)` (pixels, y down),
/// clipped to it: the failed segment is told apart without colour.
fn hatch<DB: DrawingBackend>(plot: &DrawingArea<DB, Shift>, (x0, y0, x1, y1): (i32, i32, i32, i32), scale: Scale) -> Result<(), PlotError> {
    let (h, step) = (y1 - y0, scale.px(6.0).max(3));
    let line = WHITE.mix(0.45).stroke_width(scale.px_u(1.2));
    let mut c = x0 - h;
    while c < x1 {
        // from the bottom-left (c, y1) up to the top-right (c + h, y0), clipped to [x0, x1]
        let start = if c < x0 { (x0, y1 - (x0 - c)) } else { (c, y1) };
        let end = if c + h > x1 { (x1, y0 + (c + h - x1)) } else { (c + h, y0) };
        if start.0 < end.0 {
            plot.draw(&PathElement::new(vec![start, end], line))?;
        }
        c += step;
    }
    Ok(())
}
