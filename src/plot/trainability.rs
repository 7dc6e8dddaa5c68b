//! The trainability sweep's chart (MMoE paper Fig. 5 protocol): the data held
//! fixed, only the initialisation varied; one column per model with a dot per
//! initialisation's final test loss, the mean as a bar, ± one std shaded, and
//! the mean and std written above. A linear axis, so the spreads compare as
//! the absolute numbers the lesson quotes.
//!
//! Not a histogram with bins: with ten inits per model every dot is shown.

use super::style::{self, Scale, INK};
use super::{framed, house_mesh, message, PlotError, SweepChartText};
use crate::train::sweep::summary::InitSpread;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the caption says about the sweep.
#[derive(Clone, Copy, Debug)]
pub struct Protocol {
    pub data_seed: u64,
    pub task_correlation: f64,
}

/// Draws the strip plot on `area` (filled white first).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    models: &[InitSpread],
    protocol: Protocol,
    text: &SweepChartText,
) -> Result<(), PlotError> {
    area.fill(&WHITE)?;
    let values = models.iter().flat_map(|m| &m.runs).map(|r| r.mean_loss).filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if models.is_empty() || !lo.is_finite() {
        return message(area, &text.no_results);
    }
    let (w, h) = area.dim_in_pixel();
    let scale = Scale::of(w, h);
    let span = (hi - lo).max(hi.abs() * 0.05).max(1e-6);
    // room above the highest dot for the two lines of numbers
    let (y0, y1) = ((lo - 0.08 * span).max(0.0), hi + 0.45 * span);
    let n = models.len();
    let inits = models.iter().map(|m| m.runs.len()).max().unwrap_or(0);
    let caption =
        format!("{} {} · p = {} · {} {}", text.data_fixed, protocol.data_seed, protocol.task_correlation, inits, text.initialisations);
    let mut chart = framed(area, scale).build_cartesian_2d(-0.5..n as f64 - 0.5, y0..y1)?;
    let name = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && (0.0..n as f64).contains(&i) {
            text.model(models[i as usize].model).to_string()
        } else {
            String::new()
        }
    };
    house_mesh(&mut chart.configure_mesh(), scale)
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&name)
        .x_desc(caption.as_str())
        .y_desc(text.final_loss.as_str())
        .y_labels(6)
        .y_label_formatter(&|v| sig(*v, 2))
        .draw()?;
    let top = scale.note(INK).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, m) in models.iter().enumerate() {
        let (x, color) = (i as f64, style::model_color(m.model));
        let s = &m.mean_loss;
        chart.draw_series([Rectangle::new([(x - 0.3, (s.mean - s.std).max(y0)), (x + 0.3, s.mean + s.std)], color.mix(0.15).filled())])?;
        chart.draw_series([PathElement::new(vec![(x - 0.34, s.mean), (x + 0.34, s.mean)], color.stroke_width(scale.px_u(2.5)))])?;
        let k = m.runs.len();
        let dots = m.runs.iter().enumerate().map(|(j, r)| {
            // spread the dots across the column so equal losses stay visible
            let dx = if k > 1 { -0.22 + 0.44 * j as f64 / (k - 1) as f64 } else { 0.0 };
            Circle::new((x + dx, r.mean_loss), scale.px_u(3.5), color.mix(0.85).filled())
        });
        chart.draw_series(dots)?;
        let lines = [format!("{} {}", text.mean, sig(s.mean, 3)), format!("{} {}", text.std, sig(s.std, 2))];
        let step = (y1 - y0) * 0.075;
        for (l, line) in lines.into_iter().enumerate() {
            chart.draw_series([Text::new(line, (x, y1 - (y1 - y0) * 0.02 - l as f64 * step), top.clone())])?;
        }
    }
    Ok(())
}

/// `v` with `digits` significant digits: 0.0621, 0.0041, 1.2.
pub(crate) fn sig(v: f64, digits: i32) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let decimals = (digits - 1 - v.abs().log10().floor() as i32).clamp(0, 10) as usize;
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn significant_digits() {
        assert_eq!(super::sig(0.062_14, 3), "0.0621");
        assert_eq!(super::sig(0.004_06, 2), "0.0041");
        assert_eq!(super::sig(0.0, 2), "0");
        assert_eq!(super::sig(12.34, 2), "12");
    }
}
