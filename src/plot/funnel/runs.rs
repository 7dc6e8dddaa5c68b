//! What the funnel charts share: the chart view of a funnel run, its legend
//! rows, and number formats. Not a chart itself (see [`view`](super::view),
//! [`cvr_auc`](super::cvr_auc), [`calibration`](super::calibration)).

use crate::models::funnel::FunnelKind;
use crate::plot::style::funnel_model_color;
use crate::plot::text::fill;
use crate::plot::{FunnelChartText, LegendEntry, Swatch};
use crate::train::funnel::{FunnelRun, FunnelSnapshot};
use crate::train::RunView;

/// What a funnel chart reads of one racing model: its kind, its record, and
/// where early stopping stopped it or it diverged (its history ends there).
pub type FunnelChartRun<'a> = RunView<'a, FunnelKind, FunnelSnapshot>;

/// The chart view of a funnel trainer's runs, in legend order.
pub fn funnel_chart_runs(runs: &[FunnelRun]) -> Vec<FunnelChartRun<'_>> {
    runs.iter().map(FunnelRun::view).collect()
}

/// Legend rows for the funnel models: colour swatch, name, and a note when a
/// model diverged or stopped early.
pub fn funnel_model_entries(runs: &[FunnelChartRun<'_>], text: &FunnelChartText) -> Vec<LegendEntry> {
    runs.iter()
        .map(|r| {
            let note = match (r.diverged_at, r.stopped_at) {
                (Some(s), _) => Some(fill(&text.diverged, "step", &s.to_string())),
                (None, Some(s)) => Some(fill(&text.stopped, "step", &s.to_string())),
                (None, None) => None,
            };
            LegendEntry {
                label: r.kind.label().to_string(),
                swatch: Swatch::Line { color: funnel_model_color(r.kind), dashed: false },
                note,
                group: false,
            }
        })
        .collect()
}

/// The last recorded step over all runs, as the end of a step axis.
pub fn funnel_last_step(runs: &[FunnelChartRun<'_>]) -> f64 {
    crate::plot::step_axis_end(runs.iter().filter_map(|r| r.history.last()).map(|s| s.step).max())
}

/// A count with thousands separators: 300000 → "300,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A rate with two significant digits, at least two decimals: 0.0372 → "0.037", 0.25 → "0.25".
pub fn rate(v: f64) -> String {
    if !v.is_finite() {
        return crate::plot::typeset::MISSING.to_string();
    }
    let decimals = if v.abs() > 0.0 { (1.0 - v.abs().log10().floor()).clamp(2.0, 6.0) as usize } else { 2 };
    format!("{v:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written_by_hand() {
        assert_eq!(thousands(300_000), "300,000");
        assert_eq!(thousands(1_903), "1,903");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(rate(0.0372), "0.037");
        assert_eq!(rate(0.25), "0.25");
        assert_eq!(rate(0.0051), "0.0051");
        assert_eq!(rate(f64::NAN), "—");
    }
}
