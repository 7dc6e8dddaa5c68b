//! Chart (d): gradient conflict. The cosine between the tasks' gradients on the
//! shared parameters over steps, per model with shared parameters; below 0 the
//! tasks pull the shared parameters apart (the course's definition,
//! ∇L_A·∇L_B < 0), and that region is shaded.
//!
//! One batch's cosine is noisy, so each record is a faint point and an
//! exponential moving average is the line. Single-task networks share nothing
//! and are not drawn.

use super::hover::{self, Layout};
use super::style::{self, Scale, BAD_TINT, INK, MUTED};
use super::typeset::minus;
use super::{ema, framed, house_mesh, last_step, message, model_entries, step_label, thin, with_side_legend, ChartRun, ChartText};
use super::{LegendEntry, PlotError, Swatch};
use crate::models::ModelKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Weight of the past in the moving average (about ten records' memory).
const EMA_BETA: f64 = 0.9;

/// Draws the conflict chart on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, runs: &[ChartRun<'_>], text: &ChartText) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let shared: Vec<ChartRun<'_>> = runs.iter().filter(|r| r.kind != ModelKind::Single).copied().collect();
    if shared.is_empty() && runs.iter().any(|r| !r.history.is_empty()) {
        return message(area, &text.no_shared_parameters);
    }
    let any = shared.iter().flat_map(|r| r.history).any(|s| s.grad_cosine.is_some_and(f64::is_finite));
    if !any {
        // trained, and still no angle: a zero gradient on the shared parameters (a dead shared bottom), not a wait
        let trained = shared.iter().any(|r| r.diverged_at.is_none() && r.history.iter().any(|s| s.step > 0));
        return message(area, if trained { &text.no_shared_gradient } else { &text.no_data });
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let mut entries = model_entries(&shared, text);
    entries.push(LegendEntry::new(text.raw.as_str(), Swatch::Dot { color: MUTED, alpha: 0.45 }).grouped());
    entries.push(LegendEntry::new(text.smoothed.as_str(), Swatch::Line { color: INK, dashed: false }));
    let plot = with_side_legend(area, &entries)?;
    let mut chart = framed(&plot, scale).build_cartesian_2d(0f64..last_step(runs), -1.05f64..1.05)?;
    hover::record(Layout::Steps { area: hover::area_of(&chart), from: 0.0, to: last_step(runs) });
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .y_desc(text.grad_cosine.as_str())
        .x_labels(6)
        .y_labels(9)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| minus(format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string()))
        .draw()?;
    let x_max = last_step(runs);
    chart.draw_series(std::iter::once(Rectangle::new([(0.0, -1.05), (x_max, 0.0)], BAD_TINT.mix(0.08).filled())))?;
    let zero = INK.mix(0.7).stroke_width(scale.px_u(1.2));
    chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, 0.0), (x_max, 0.0)], zero)))?;
    let label_style = scale.note(BAD_TINT).pos(Pos::new(HPos::Left, VPos::Bottom));
    chart.draw_series(std::iter::once(Text::new(text.conflict.clone(), (x_max * 0.015, -1.0), label_style)))?;
    let max_points = plot.dim_in_pixel().0 as usize;
    for run in &shared {
        let color = style::model_color(run.kind);
        let (raw, smooth) = series(run, max_points);
        let dot = scale.px_u(2.4);
        chart.draw_series(raw.iter().map(|&p| Circle::new(p, dot, color.mix(0.4).filled())))?;
        chart.draw_series(LineSeries::new(smooth.iter().copied(), color.stroke_width(scale.px_u(2.2))))?;
        if let (Some(&last), Some(_)) = (smooth.last(), run.diverged_at) {
            chart.draw_series(std::iter::once(Cross::new(last, scale.px_u(5.0), color.stroke_width(scale.px_u(2.0)))))?;
        }
    }
    Ok(())
}

/// (step, cosine) points.
type Points = Vec<(f64, f64)>;

/// The finite raw cosines and their moving average, each thinned to about `max` points.
fn series(run: &ChartRun<'_>, max: usize) -> (Points, Points) {
    let raw: Points =
        run.history.iter().filter_map(|s| s.grad_cosine.filter(|c| c.is_finite()).map(|c| (s.step as f64, c.clamp(-1.0, 1.0)))).collect();
    let smooth: Points = raw.iter().zip(ema(raw.iter().map(|p| Some(p.1)), EMA_BETA)).filter_map(|(p, v)| v.map(|v| (p.0, v))).collect();
    let pick = |points: &[(f64, f64)]| thin(points.len(), max).into_iter().map(|i| points[i]).collect();
    (pick(&raw), pick(&smooth))
}
