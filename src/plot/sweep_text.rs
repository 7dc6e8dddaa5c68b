//! Every word the three sweep charts draw ([`tradeoff`](super::tradeoff),
//! [`trainability`](super::trainability), [`correlation_sweep`](super::correlation_sweep)),
//! as one serde struct with English defaults; the page passes its language's
//! version (`static/i18n/*.json`, key `sweepChart`). Missing keys keep English,
//! unknown keys are refused. Strings only.

use super::Typeset;
use crate::models::ModelKind;

use crate::plot::words::chart_words;

chart_words! {
    /// The strings on the sweep charts.
    pub struct SweepChartText {
        /// Shown before the first job has finished.
        no_results = "no results yet: the first run of the sweep is training",
        /// Legend name of the single-task baselines (the other model names are not translated).
        single_task = "Single-task",
        /// Trade-off x axis.
        task_a_loss = "task A test loss (MSE, log scale)",
        /// Trade-off y axis.
        task_b_loss = "task B test loss (MSE, log scale)",
        /// Before the weights at a curve's labelled points: "loss weights (1, 0)".
        loss_weights = "loss weights",
        /// Legend note: error bars are ± one std over `{n}` seeds ("bars: ± std over {n} seeds").
        std_over_seeds = "bars: ± std over {n} seeds",
        /// Legend note with one seed: no error bars.
        one_seed = "one seed: no error bars",
        /// Trainability y axis.
        final_loss = "final test loss (mean of the tasks)",
        mean = "mean",
        std = "std",
        /// Trainability caption: "data fixed (seed 1), p = 0.5, 10 initialisations".
        data_fixed = "data fixed: seed",
        initialisations = "initialisations",
        /// Correlation x axis.
        task_correlation = "task correlation p",
        /// Left panel's y axis: the paired ratio.
        ratio_to_p1 = "loss ÷ same seed's loss at p = 1",
        /// Right panel's y axis.
        raw_loss = "test loss (mean of the tasks)",
        /// Legend entry of the correlation sweep's medians and bars.
        median_iqr_seeds = "dot: median; bar: middle half",
        /// Its note, with the count of seeds as `{n}`: "circles: one per seed ({n} seeds)".
        each_seed = "circles: one per seed ({n} seeds)",
        /// Legend note under a gated model: "gate JS distance ×7.4 (p = 0 : 1)".
        gate_js = "gate JS distance",
        /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
        typeset: Typeset = Typeset::En,
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
