//! The GradNorm part of chart (e), drawn below the loss weights when a model in
//! the race has GradNorm records: per model (colour) and task (task A solid,
//! task B dashed), its weighted gradient norm `G_i = ‖∇_W (w_i·L_i)‖` on the
//! last shared layer as a line, and the target `Ḡ·r_i^α` that GradNorm pushes
//! it towards as a thinner, lighter line of the same colour and dash, on a log
//! axis. Both are smoothed: a record holds one batch's norms, which jump from
//! record to record, so each series is a bias-corrected exponential moving
//! average with β = [`SMOOTHING`] = 0.9, about the last 10 records. [`now`]
//! gives the same smoothed terms and their relative gap at a model's last
//! record, for the sentence under the chart.
//!
//! Not GradNorm itself (that is `train::weighting`) and not a panel of its own:
//! the weights chart splits its area and calls [`draw`].

use super::style::{self, Scale, INK};
use super::ticks::{log_ticks, tick_label};
use super::tradeoff::log_range;
use super::{draw_task_line, ema, framed, house_mesh, message, step_label, thin, ChartRun, ChartText, LegendEntry, PlotError, Swatch};
use crate::train::weighting::GradNormRecord;
use crate::train::Snapshot;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;

/// The moving average's weight on the past: the smoothing spans about
/// `1 / (1 − β)` = 10 records (the legend's "smoothed over ~10 records").
pub const SMOOTHING: f64 = 0.9;

/// The target line's colour, as a mix of the model's: lighter than its norm.
const TARGET_ALPHA: f64 = 0.5;

/// One task's smoothed GradNorm terms at one record.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SmoothedTerms {
    pub step: usize,
    /// Moving average of `G_i`.
    pub grad_norm: f64,
    /// Moving average of the target `Ḡ·r_i^α`.
    pub target: f64,
}

impl SmoothedTerms {
    /// `|Ḡ_i − T̄_i| / T̄_i`: how far the smoothed norm sits from its smoothed
    /// target, as a fraction of the target.
    pub fn relative_gap(&self) -> f64 {
        (self.grad_norm - self.target).abs() / self.target
    }
}

/// Task `k`'s `G_k` and target, each smoothed with [`ema`] (β = [`SMOOTHING`])
/// over the records that hold GradNorm terms; records without them (before
/// GradNorm's first step, under another strategy) are skipped and the averages
/// carry over them. Only records where both averages are finite and positive.
pub fn smoothed(history: &[Snapshot], k: usize) -> Vec<SmoothedTerms> {
    let term = |of: fn(&GradNormRecord) -> &Vec<f64>| history.iter().map(move |s| s.grad_norm.as_ref().and_then(|r| of(r).get(k).copied()));
    let grad_norms = ema(term(|r| &r.grad_norms), SMOOTHING);
    let targets = ema(term(|r| &r.targets), SMOOTHING);
    history
        .iter()
        .zip(grad_norms.into_iter().zip(targets))
        .filter_map(|(s, pair)| match pair {
            (Some(grad_norm), Some(target)) if grad_norm > 0.0 && target > 0.0 => Some(SmoothedTerms { step: s.step, grad_norm, target }),
            _ => None,
        })
        .collect()
}

/// A model's smoothed GradNorm terms at its last record, per task, as the
/// chart draws them: what the page says under the chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GradNormNow {
    /// Smoothed `G_i` per task.
    pub grad_norms: Vec<f64>,
    /// Smoothed targets `Ḡ·r_i^α` per task.
    pub targets: Vec<f64>,
    /// [`SmoothedTerms::relative_gap`] per task.
    pub gaps: Vec<f64>,
}

/// [`GradNormNow`] at the last record of `history`; `None` unless that record
/// holds GradNorm terms (a model without a shared layer, a race under another
/// strategy, or before GradNorm's first step).
pub fn now(history: &[Snapshot]) -> Option<GradNormNow> {
    let last = history.last()?;
    let tasks = last.grad_norm.as_ref()?.grad_norms.len();
    let mut out = GradNormNow { grad_norms: Vec::new(), targets: Vec::new(), gaps: Vec::new() };
    for k in 0..tasks {
        let series = smoothed(history, k);
        let terms = series.last().filter(|t| t.step == last.step)?;
        out.grad_norms.push(terms.grad_norm);
        out.targets.push(terms.target);
        out.gaps.push(terms.relative_gap());
    }
    Some(out)
}

/// Whether any run has GradNorm records: then the weights chart draws this part.
pub fn any(runs: &[ChartRun<'_>]) -> bool {
    runs.iter().flat_map(|r| r.history).any(|s| s.grad_norm.is_some())
}

/// The legend rows this part adds after the weights chart's: the norm (with
/// the smoothing as its note) and the lighter target, in ink.
pub fn legend_entries(text: &ChartText) -> Vec<LegendEntry> {
    let mut value = LegendEntry::new(text.grad_norm_value.as_str(), Swatch::Line { color: INK, dashed: false }).grouped();
    value.note = Some(text.grad_norm_smoothed.clone());
    let target = LegendEntry::new(text.grad_norm_target.as_str(), Swatch::Line { color: lighten(INK), dashed: false });
    vec![value, target]
}

/// `color` mixed towards white as the target lines are, for a legend swatch.
fn lighten(RGBColor(r, g, b): RGBColor) -> RGBColor {
    let mix = |c: u8| (c as f64 * TARGET_ALPHA + 255.0 * (1.0 - TARGET_ALPHA)).round() as u8;
    RGBColor(mix(r), mix(g), mix(b))
}

/// Draws each model's smoothed norms and targets on `area` (already white),
/// over steps `0..x_max` (the weights chart's, so the two share their x axis),
/// at the enclosing chart's `scale`.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[ChartRun<'_>],
    x_max: f64,
    text: &ChartText,
    scale: Scale,
) -> Result<(), PlotError> {
    let series: Vec<(RGBColor, [Vec<SmoothedTerms>; 2])> = runs
        .iter()
        .map(|r| (style::model_color(r.kind), [smoothed(r.history, 0), smoothed(r.history, 1)]))
        .filter(|(_, tasks)| tasks.iter().any(|t| !t.is_empty()))
        .collect();
    let values = series.iter().flat_map(|(_, tasks)| tasks.iter().flatten()).flat_map(|t| [t.grad_norm, t.target]);
    let Some((lo, hi)) = log_range(values) else {
        return message(area, &text.no_data);
    };
    let y = (lo..hi).log_scale().with_key_points(log_ticks(lo, hi, 5));
    let mut chart = framed(area, scale).build_cartesian_2d(0f64..x_max, y)?;
    house_mesh(&mut chart.configure_mesh(), scale)
        .x_desc(text.step.as_str())
        .y_desc(text.grad_norm_axis.as_str())
        .x_labels(6)
        .x_label_formatter(&step_label(text.typeset))
        .y_label_formatter(&|v| tick_label(*v))
        .draw()?;
    let max_points = area.dim_in_pixel().0 as usize / 3;
    for (color, tasks) in &series {
        let target_line = color.mix(TARGET_ALPHA).stroke_width(scale.px_u(1.4));
        let norm_line = color.stroke_width(scale.px_u(2.0));
        for (k, terms) in tasks.iter().enumerate() {
            let kept = thin(terms.len(), max_points);
            let points = |of: fn(&SmoothedTerms) -> f64| -> Vec<(f64, f64)> {
                kept.iter().map(|&i| (terms[i].step as f64, of(&terms[i]))).collect()
            };
            draw_task_line(&mut chart, &points(|t| t.target), k, target_line, scale)?;
            draw_task_line(&mut chart, &points(|t| t.grad_norm), k, norm_line, scale)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::LossWeighting;

    /// A record at `step` holding task A's `G` and target (task B's twice as large).
    fn record(step: usize, g: f64, target: f64) -> Snapshot {
        Snapshot {
            step,
            train_loss: vec![1.0; 2],
            test_loss: vec![1.0; 2],
            test_auc: None,
            gates: None,
            grad_cosine: None,
            mtl_gain: None,
            loss_weights: vec![1.0; 2],
            weighting: LossWeighting::grad_norm(1.5),
            uncertainty: None,
            grad_norm: Some(GradNormRecord {
                grad_norms: vec![g, 2.0 * g],
                targets: vec![target, 2.0 * target],
                loss_ratios: vec![1.0; 2],
            }),
        }
    }

    #[test]
    fn a_constant_series_keeps_its_gap_exactly() {
        let history: Vec<Snapshot> = (0..30).map(|i| record(i * 20, 0.8, 1.0)).collect();
        let series = smoothed(&history, 0);
        assert_eq!(series.len(), 30);
        for t in &series {
            assert!((t.grad_norm - 0.8).abs() < 1e-12 && (t.target - 1.0).abs() < 1e-12, "{t:?}");
            assert!((t.relative_gap() - 0.2).abs() < 1e-12, "|0.8 − 1| / 1");
        }
        let now = now(&history).expect("GradNorm at the last record");
        assert!((now.gaps[0] - 0.2).abs() < 1e-12 && (now.gaps[1] - 0.2).abs() < 1e-12, "{now:?}");
        assert!((now.grad_norms[1] - 1.6).abs() < 1e-12 && (now.targets[1] - 2.0).abs() < 1e-12);
    }

    /// G steps from 1 to 2 at the third record, the target stays 1; β = 0.9:
    /// after two 1s the average is 1 (bias-corrected); then
    /// (0.9·0.19·1 + 0.1·2) / (1 − 0.9³) = 0.371 / 0.271 = 1.369004…,
    /// then (0.9·0.371 + 0.2) / (1 − 0.9⁴) = 0.5339 / 0.3439 = 1.552486….
    #[test]
    fn a_step_is_followed_gradually() {
        let mut history = vec![record(0, 1.0, 1.0), record(20, 1.0, 1.0), record(40, 2.0, 1.0), record(60, 2.0, 1.0)];
        let series = smoothed(&history, 0);
        let g: Vec<f64> = series.iter().map(|t| t.grad_norm).collect();
        for (got, want) in g.iter().zip([1.0, 1.0, 0.371 / 0.271, 0.5339 / 0.3439]) {
            assert!((got - want).abs() < 1e-12, "{g:?}");
        }
        assert!((series[3].relative_gap() - (0.5339 / 0.3439 - 1.0)).abs() < 1e-12);
        // a record without GradNorm terms is skipped, and the gap is not "now"
        history.push(Snapshot { grad_norm: None, step: 80, ..history[0].clone() });
        assert_eq!(smoothed(&history, 0).len(), 4);
        assert!(now(&history).is_none());
        assert!(now(&[]).is_none());
    }
}
