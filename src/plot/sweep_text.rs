//! Every word the three sweep charts draw ([`tradeoff`](super::tradeoff),
//! [`trainability`](super::trainability), [`correlation_sweep`](super::correlation_sweep)),
//! as one serde struct with English defaults; the page passes its language's
//! version (`static/i18n/*.json`, key `sweepChart`). Missing keys keep English,
//! unknown keys are refused. Strings only.

use super::Typeset;
use crate::models::ModelKind;
use serde::{Deserialize, Serialize};

/// The strings on the sweep charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SweepChartText {
    /// Shown before the first job has finished.
    pub no_results: String,
    /// Legend name of the single-task baselines (the other model names are not translated).
    pub single_task: String,
    /// Trade-off x axis.
    pub task_a_loss: String,
    /// Trade-off y axis.
    pub task_b_loss: String,
    /// Before the weights at a curve's labelled points: "loss weights (1, 0)".
    pub loss_weights: String,
    /// Legend note: error bars are ± one std over `{n}` seeds ("bars: ± std over {n} seeds").
    pub std_over_seeds: String,
    /// Legend note with one seed: no error bars.
    pub one_seed: String,
    /// Trainability y axis.
    pub final_loss: String,
    pub mean: String,
    pub std: String,
    /// Trainability caption: "data fixed (seed 1), p = 0.5, 10 initialisations".
    pub data_fixed: String,
    pub initialisations: String,
    /// Correlation x axis.
    pub task_correlation: String,
    /// Left panel's y axis: the paired ratio.
    pub ratio_to_p1: String,
    /// Right panel's y axis.
    pub raw_loss: String,
    /// Legend entry of the correlation sweep's medians and bars.
    pub median_iqr_seeds: String,
    /// Its note, with the count of seeds as `{n}`: "circles: one per seed ({n} seeds)".
    pub each_seed: String,
    /// Legend note under a gated model: "gate JS distance ×7.4 (p = 0 : 1)".
    pub gate_js: String,
    /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
    pub typeset: Typeset,
}

impl Default for SweepChartText {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Self {
            no_results: s("no results yet: the first run of the sweep is training"),
            single_task: s("Single-task"),
            task_a_loss: s("task A test loss (MSE, log scale)"),
            task_b_loss: s("task B test loss (MSE, log scale)"),
            loss_weights: s("loss weights"),
            std_over_seeds: s("bars: ± std over {n} seeds"),
            one_seed: s("one seed: no error bars"),
            final_loss: s("final test loss (mean of the tasks)"),
            mean: s("mean"),
            std: s("std"),
            data_fixed: s("data fixed: seed"),
            initialisations: s("initialisations"),
            task_correlation: s("task correlation p"),
            ratio_to_p1: s("loss ÷ same seed's loss at p = 1"),
            raw_loss: s("test loss (mean of the tasks)"),
            median_iqr_seeds: s("dot: median; bar: middle half"),
            each_seed: s("circles: one per seed ({n} seeds)"),
            gate_js: s("gate JS distance"),
            typeset: Typeset::En,
        }
    }
}

impl SweepChartText {
    /// The legend name of a model.
    pub fn model(&self, kind: ModelKind) -> &str {
        match kind {
            ModelKind::Single => &self.single_task,
            other => other.label(),
        }
    }

    /// The trade-off chart's error-bar note for `seeds` seeds.
    pub fn std_over(&self, seeds: usize) -> String {
        super::text::fill(&self.std_over_seeds, "n", &seeds.to_string())
    }

    /// The correlation sweep's note on its per-seed circles, for `seeds` seeds.
    pub fn each_of(&self, seeds: usize) -> String {
        super::text::fill(&self.each_seed, "n", &seeds.to_string())
    }

    /// Parses the page's JSON; empty text or `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        super::text::words_from_json(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_keep_english_and_wrong_ones_are_refused() {
        let t = SweepChartText::from_json(r#"{"std_over_seeds": "误差线：± 标准差（{n} 个随机种子）"}"#).unwrap();
        assert_eq!(t.std_over(3), "误差线：± 标准差（3 个随机种子）");
        assert_eq!(t.mean, "mean");
        assert!(SweepChartText::from_json(r#"{"title": "x"}"#).is_err());
        assert_eq!(SweepChartText::from_json("null").unwrap(), SweepChartText::default());
    }
}
