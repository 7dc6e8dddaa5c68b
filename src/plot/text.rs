//! Every word the charts draw, as one serde struct with English defaults.
//!
//! The page passes its current language's version as a plain object; missing
//! keys keep their English default, unknown keys are refused (a misspelt
//! translation key is an error, not a silently English label). This module
//! holds strings only; it does not pick a language.

use super::Typeset;
use crate::models::ModelKind;

use crate::plot::words::chart_words;

chart_words! {
    /// The strings on the five charts.
    pub struct ChartText {
        /// x axis of the time-series charts.
        step = "training step",
        /// y axis of the loss chart.
        test_loss = "test loss (MSE, log scale)",
        /// y axis of a student's table's AUC chart.
        auc = "validation AUC",
        /// Legend word for the first task (solid line).
        task_a = "task A",
        /// Legend word for the second task (dashed line).
        task_b = "task B",
        /// Legend name of the single-task baselines (the other model names are not translated).
        single_task = "Single-task",
        /// Legend note under a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
        diverged = "diverged at step {step}",
        /// Shown on a chart with nothing recorded yet.
        no_data = "no data yet",
        /// Heatmap x axis.
        expert = "expert",
        /// After a CGC/PLE heatmap's caption: what the `S` columns are (A1, B1: task A's, task B's own).
        shared_experts = "S: shared experts",
        /// Heatmap caption word before the entropy: "MMoE · gate entropy 2.61 / 3 bits".
        gate_entropy = "gate entropy",
        bits = "bits",
        /// Colour-scale title of the heatmaps.
        gate_weight = "mean gate weight",
        /// Title of the gate-separation plot (y axis).
        js_distance = "JS distance between the tasks' gates",
        /// Shown on the gate chart when no OMoE or MMoE races.
        no_gated_models = "no gated model racing: add OMoE, MMoE, CGC or PLE to see gates",
        /// Seesaw x axis.
        mtl_gain_a = "MTL gain on task A (L_single − L_model)",
        /// Seesaw y axis.
        mtl_gain_b = "MTL gain on task B",
        /// Quadrant x > 0, y > 0: positive transfer.
        both_gain = "positive transfer",
        /// The two mixed-sign quadrants: one task better, the other worse.
        seesaw = "seesaw",
        /// Quadrant x < 0, y < 0: every task worse.
        negative_transfer = "negative transfer",
        /// Shown on the seesaw chart when the single-task baselines do not race.
        need_single_task = "add the single-task baselines to measure MTL gain",
        /// Shown on the seesaw chart when only single-task baselines race.
        need_multi_task = "add a multi-task model to compare with the baselines",
        /// y axis of the conflict chart.
        grad_cosine = "cos(∇L_A, ∇L_B) on shared parameters",
        /// Label of the shaded region below 0.
        conflict = "conflict: ∇L_A·∇L_B < 0",
        /// Legend entry for the faint per-batch points.
        raw = "per batch",
        /// Legend entry for the smoothed line.
        smoothed = "smoothed (EMA)",
        /// Shown on the conflict chart when no model has shared parameters.
        no_shared_parameters = "single-task networks share no parameters: nothing to conflict",
        /// Shown on the conflict chart when models with shared parameters have
        /// trained but no gradient reached those parameters (their ReLU units died).
        no_shared_gradient = "no gradient reaches the shared parameters: their units died",
        /// y axis of the weights chart.
        loss_weight = "weight on the task's loss",
        /// Name of fixed weighting (switch markers, caption).
        fixed_weighting = "fixed weights",
        /// Name of uncertainty weighting (Kendall et al. 2018).
        uncertainty_weighting = "uncertainty weighting",
        /// Uncertainty weighting's regression form, after its name in the caption.
        uncertainty_regression = "0.5·e^(−s)·L + 0.5·s (regression form)",
        /// Uncertainty weighting's classification form (not used by the correlated tasks).
        uncertainty_classification = "e^(−s)·L + 0.5·s (classification form)",
        /// Name of GradNorm, followed by "α = 1.5".
        grad_norm_weighting = "GradNorm",
        /// Legend note under a model that keeps fixed weights under GradNorm.
        fixed_no_shared_layer = "fixed (no shared layer)",
        /// y axis of the weights chart's GradNorm part (log scale).
        grad_norm_axis = "gradient norm (log)",
        /// Legend entry for GradNorm's `G_i = ‖∇_W (w_i·L_i)‖` (the thick line).
        grad_norm_value = "G_i = ‖∇(w_i·L_i)‖",
        /// Legend entry for GradNorm's target `Ḡ·r_i^α` (the thin, light line).
        grad_norm_target = "target Ḡ·r_i^α",
        /// Legend note: how the GradNorm lines are smoothed.
        grad_norm_smoothed = "smoothed over ~10 records",
        /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
        typeset: Typeset = Typeset::En,
    }
}

impl ChartText {
    /// The note after a model that diverged at `step`: "diverged at step 300".
    pub fn diverged_at(&self, step: usize) -> String {
        fill(&self.diverged, "step", &step.to_string())
    }

    /// The legend name of a model.
    pub fn model(&self, kind: ModelKind) -> &str {
        match kind {
            ModelKind::Single => &self.single_task,
            other => other.label(),
        }
    }

    /// The name of task `k`.
    pub fn task(&self, k: usize) -> &str {
        if k == 0 {
            &self.task_a
        } else {
            &self.task_b
        }
    }
}

/// `template` with `value` in place of every `{name}`: a chart word that holds
/// a number puts it where its language wants it ("± std over {n} seeds",
/// "误差线：± 标准差（{n} 个随机种子）"), never glued on before or after.
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_keep_english_and_wrong_ones_are_refused() {
        let t = ChartText::from_json(r#"{"task_a": "任务 A"}"#).unwrap();
        assert_eq!(t.task_a, "任务 A");
        assert_eq!(t.task_b, "task B");
        assert!(ChartText::from_json(r#"{"title": 5}"#).is_err());
        assert!(ChartText::from_json(r#"{"step": 5}"#).is_err());
        assert_eq!(ChartText::from_json("null").unwrap(), ChartText::default());
    }

    #[test]
    fn fill_puts_the_value_where_the_placeholder_stands() {
        assert_eq!(fill("占点击的 {pct}", "pct", "8.0 %"), "占点击的 8.0 %");
        assert_eq!(fill("{n} seeds, {n} runs", "n", "3"), "3 seeds, 3 runs");
        assert_eq!(fill("no placeholder", "n", "3"), "no placeholder");
    }
}
