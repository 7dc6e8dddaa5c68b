//! The side legend every chart shares: rows of a swatch (line, dot, block or
//! ring), a name and an optional note, laid out beside the plot, which gets
//! the rest of the area.

use super::style::{self, Scale, INK, MUTED};
use super::{ChartRun, ChartText, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A line sample, solid or dashed.
    Line { color: RGBColor, dashed: bool },
    /// A filled dot with some opacity.
    Dot { color: RGBColor, alpha: f64 },
    /// A tinted block (a shaded region).
    Block { color: RGBColor, alpha: f64 },
    /// A hollow ring (a second series of points, e.g. a prediction to compare with).
    Ring { color: RGBColor },
}

/// One legend row, with an optional smaller second line (e.g. "diverged at step 1200").
#[derive(Clone, Debug)]
pub struct LegendEntry {
    pub label: String,
    pub swatch: Swatch,
    pub note: Option<String>,
    /// Extra space above: starts a new group (the tasks after the models).
    pub group: bool,
}

impl LegendEntry {
    pub fn new(label: impl Into<String>, swatch: Swatch) -> Self {
        Self { label: label.into(), swatch, note: None, group: false }
    }

    /// This entry starts a new group.
    pub fn grouped(mut self) -> Self {
        self.group = true;
        self
    }
}

/// Splits a legend column off the right of `area`, as wide as its longest entry
/// (at most a third of the area), draws the legend there and returns the rest.
/// Drawing the legend beside the plot, never over it, keeps curves readable.
pub fn with_side_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    let (w, h) = area.dim_in_pixel();
    with_side_legend_at(area, entries, Scale::of(w, h))
}

/// [`with_side_legend`] with the text scale of an enclosing chart, for a
/// legend in one panel of a larger drawing (the gate chart's right half).
pub fn with_side_legend_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[LegendEntry],
    scale: Scale,
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let w = area.dim_in_pixel().0;
    let (style, note_style) = (scale.legend(), scale.note(MUTED));
    let mut widest = 0;
    for e in entries {
        widest = widest.max(area.estimate_text_size(&e.label, &style)?.0);
        if let Some(note) = &e.note {
            widest = widest.max(area.estimate_text_size(note, &note_style)?.0);
        }
    }
    let swatch_w = scale.px(26.0);
    let legend_w = (widest as i32 + swatch_w + scale.px(20.0)).min(w as i32 / 3);
    let (plot, legend) = area.split_horizontally(w as i32 - legend_w);
    let (row, gap, x0) = (scale.px(18.0), scale.px(6.0), scale.px(8.0));
    let mut y = scale.px(14.0);
    for e in entries {
        if e.group {
            y += row / 2;
        }
        let cy = y + row / 2;
        draw_swatch(&legend, e.swatch, (x0, cy), swatch_w - scale.px(6.0), scale)?;
        let text_style = style.pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
        legend.draw_text(&e.label, &text_style, (x0 + swatch_w, cy))?;
        y += row;
        if let Some(note) = &e.note {
            let note_style = note_style.pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
            legend.draw_text(note, &note_style, (x0 + swatch_w, y + row / 2 - scale.px(3.0)))?;
            y += row - scale.px(3.0);
        }
        y += gap;
    }
    Ok(plot)
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: Swatch,
    (x, y): (i32, i32),
    len: i32,
    scale: Scale,
) -> Result<(), PlotError> {
    match swatch {
        Swatch::Line { color, dashed } => {
            let style = color.stroke_width(scale.px_u(2.2));
            if dashed {
                let dash = len / 4;
                for i in 0..3 {
                    let a = x + i * (dash + dash / 2);
                    area.draw(&PathElement::new(vec![(a, y), (a + dash, y)], style))?;
                }
            } else {
                area.draw(&PathElement::new(vec![(x, y), (x + len, y)], style))?;
            }
        }
        Swatch::Dot { color, alpha } => {
            area.draw(&Circle::new((x + len / 2, y), scale.px_u(3.5), color.mix(alpha).filled()))?;
        }
        Swatch::Block { color, alpha } => {
            let half = scale.px(6.0);
            area.draw(&Rectangle::new([(x, y - half), (x + len, y + half)], color.mix(alpha).filled()))?;
            area.draw(&Rectangle::new([(x, y - half), (x + len, y + half)], INK.mix(0.25)))?;
        }
        Swatch::Ring { color } => {
            area.draw(&Circle::new((x + len / 2, y), scale.px_u(3.5), color.stroke_width(scale.px_u(1.4))))?;
        }
    }
    Ok(())
}

/// Legend rows for the models that race: colour swatch, name, divergence note.
pub fn model_entries(runs: &[ChartRun<'_>], text: &ChartText) -> Vec<LegendEntry> {
    runs.iter()
        .map(|r| LegendEntry {
            label: text.model(r.kind).to_string(),
            swatch: Swatch::Line { color: style::model_color(r.kind), dashed: false },
            note: r.diverged_at.map(|s| text.diverged_at(s)),
            group: false,
        })
        .collect()
}

/// The legend of a chart with one line per model and task: the models, then
/// the two tasks' dashes, grouped.
pub fn model_and_task_entries(runs: &[ChartRun<'_>], text: &ChartText) -> Vec<LegendEntry> {
    let mut entries = model_entries(runs, text);
    for k in 0..2 {
        let swatch = Swatch::Line { color: style::INK, dashed: style::task_dashed(k) };
        let entry = LegendEntry::new(text.task(k), swatch);
        entries.push(if k == 0 { entry.grouped() } else { entry });
    }
    entries
}
