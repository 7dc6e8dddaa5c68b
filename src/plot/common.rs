//! What the charts share: the run view ([`ChartRun`]), the drawing error,
//! point thinning and smoothing, the step axis, the house frame and mesh, the
//! per-task lines and their legend entries, and the centred message.

use super::style;
use super::style::{Scale, INK};
use super::typeset::Typeset;
use crate::models::ModelKind;
use crate::train::{ModelRun, RunView, Snapshot};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A drawing failed in the backend (the canvas or SVG writer).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlotError {
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(e.to_string())
    }
}

/// What a chart reads of one racing model: its kind, its record, and where it
/// diverged (its history simply stops there): the race shape's run view.
pub type ChartRun<'a> = RunView<'a, ModelKind, Snapshot>;

/// The chart view of a trainer's runs, in legend order.
pub fn chart_runs(runs: &[ModelRun]) -> Vec<ChartRun<'_>> {
    runs.iter().map(ModelRun::view).collect()
}

/// Indices of at most about `max` records spread evenly over `len`, always
/// keeping the first and the last, so a 10,000-record history draws in a few ms.
pub fn thin(len: usize, max: usize) -> Vec<usize> {
    let max = max.max(2);
    if len <= max {
        return (0..len).collect();
    }
    let stride = len.div_ceil(max - 1);
    let mut idx: Vec<usize> = (0..len).step_by(stride).collect();
    if idx.last() != Some(&(len - 1)) {
        idx.push(len - 1);
    }
    idx
}

/// Bias-corrected exponential moving average over the finite values (`beta`
/// weight on the past; the correction keeps the first records from being
/// pinned to the very first value). `None` or non-finite inputs leave the
/// average where it was and yield `None`.
pub fn ema(values: impl IntoIterator<Item = Option<f64>>, beta: f64) -> Vec<Option<f64>> {
    let (mut avg, mut weight) = (0.0, 0.0);
    values
        .into_iter()
        .map(|v| {
            let v = v.filter(|x| x.is_finite())?;
            avg = beta * avg + (1.0 - beta) * v;
            weight = beta * weight + (1.0 - beta);
            Some(avg / weight)
        })
        .collect()
}

/// Whole-number step labels as the language sets them: 12000 → "12k" / "1.2 万",
/// 2500 → "2500" / "2,500" ([`Typeset::round_number`], shortened from 10,000).
pub fn step_label(typeset: Typeset) -> impl Fn(&f64) -> String {
    move |v| typeset.round_number(*v, 10_000.0)
}

/// The last recorded step over all runs, as the end of a step axis.
pub fn last_step(runs: &[ChartRun<'_>]) -> f64 {
    step_axis_end(runs.iter().filter_map(|r| r.history.last()).map(|s| s.step).max())
}

/// The end of a step axis for the last recorded step: at least 10, so that a
/// race with only its first record gets a span with whole-number ticks (a span
/// of 1 drew "0 0 0 1 1 1").
pub fn step_axis_end(last: Option<usize>) -> f64 {
    last.unwrap_or(0).max(10) as f64
}

/// The frame the time-series and plane charts share: margins and room for the
/// tick labels and axis titles at this scale.
pub fn framed<'a, 'b, DB: DrawingBackend>(area: &'a DrawingArea<DB, Shift>, scale: Scale) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder.margin(scale.px(10.0)).margin_left(scale.px(4.0)).x_label_area_size(scale.px(42.0)).y_label_area_size(scale.px(62.0));
    builder
}

/// Draws task `k`'s line through `points` in `line`'s style: solid for task A,
/// dashed for task B (`style::task_dashed`), as every per-task chart's legend says.
pub fn draw_task_line<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    points: &[(f64, f64)],
    k: usize,
    line: ShapeStyle,
    scale: Scale,
) -> Result<(), PlotError> {
    if style::task_dashed(k) {
        let (dash, gap) = (scale.px(7.0), scale.px(4.0));
        chart.draw_series(DashedLineSeries::new(points.iter().copied(), dash, gap, line))?;
    } else {
        chart.draw_series(LineSeries::new(points.iter().copied(), line))?;
    }
    Ok(())
}

/// Draws every model's two task lines (colour = model, dash = task), each
/// through `points(run, k)`, with a dot at the current value, or a cross where a
/// diverged model's history stops.
pub fn draw_model_task_lines<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    runs: &[ChartRun<'_>],
    scale: Scale,
    points: impl Fn(&ChartRun<'_>, usize) -> Vec<(f64, f64)>,
) -> Result<(), PlotError> {
    for run in runs {
        let color = style::model_color(run.kind);
        let line = color.stroke_width(scale.px_u(2.0));
        for k in 0..2 {
            let points = points(run, k);
            draw_task_line(chart, &points, k, line, scale)?;
            if let Some(&last) = points.last() {
                if run.diverged_at.is_some() {
                    chart.draw_series(std::iter::once(Cross::new(last, scale.px_u(5.0), color.stroke_width(scale.px_u(2.0)))))?;
                } else {
                    chart.draw_series(std::iter::once(Circle::new(last, scale.px_u(2.5), color.filled())))?;
                }
            }
        }
    }
    Ok(())
}

/// The house mesh: a light grid, muted axes, tick and axis-title fonts at this scale.
pub fn house_mesh<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    scale: Scale,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    mesh.light_line_style(style::GRID.mix(0.5))
        .bold_line_style(style::GRID)
        .max_light_lines(2)
        .axis_style(INK.mix(0.6))
        .label_style(scale.tick())
        .axis_desc_style(scale.axis())
}

/// Fills the area white and writes `message` in its centre, wrapped to fit.
pub fn message<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, message: &str) -> Result<(), PlotError> {
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let style = scale.message();
    let lines = wrap(area, message, &style, (w as f64 * 0.85) as u32)?;
    let line_h = scale.px(21.0);
    let top = h as i32 / 2 - line_h * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        area.draw_text(line, &style, (w as i32 / 2, top + i as i32 * line_h))?;
    }
    Ok(())
}

/// Greedy word wrap; a word wider than the line (unspaced CJK text) breaks
/// between characters.
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    width: u32,
) -> Result<Vec<String>, PlotError> {
    let fits = |s: &str| area.estimate_text_size(s, style).map(|(tw, _)| tw <= width);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if fits(&candidate)? {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for ch in word.chars() {
            line.push(ch);
            if !fits(&line)? && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(ch);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_the_ends_and_the_budget() {
        assert_eq!(thin(3, 10), vec![0, 1, 2]);
        let idx = thin(10_000, 500);
        assert!(idx.len() <= 501, "{}", idx.len());
        assert_eq!((idx[0], *idx.last().unwrap()), (0, 9_999));
        assert!(thin(0, 10).is_empty());
    }

    #[test]
    fn ema_skips_gaps() {
        let out = ema([Some(1.0), None, Some(f64::NAN), Some(4.0)], 0.5);
        // weights ½·1 and ½ then ¼·1 + ½·4 over ¾
        assert_eq!(out, vec![Some(1.0), None, None, Some(3.0)]);
    }

    #[test]
    fn big_steps_are_shortened() {
        assert_eq!(step_label(Typeset::En)(&12_000.0), "12k");
        assert_eq!(step_label(Typeset::En)(&2_500.0), "2500");
        assert_eq!(step_label(Typeset::Zh)(&2_500.0), "2,500");
    }
}
