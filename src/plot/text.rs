//! Every word the charts draw, as one serde struct with English defaults.
//!
//! The page passes its current language's version as a plain object; missing
//! keys keep their English default, unknown keys are refused (a misspelt
//! translation key is an error, not a silently English label). This module
//! holds strings only; it does not pick a language.

use super::Typeset;
use crate::models::ModelKind;
use serde::{Deserialize, Serialize};

/// The strings on the five charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChartText {
    /// x axis of the time-series charts.
    pub step: String,
    /// y axis of the loss chart.
    pub test_loss: String,
    /// y axis of a student's table's AUC chart.
    pub auc: String,
    /// Legend word for the first task (solid line).
    pub task_a: String,
    /// Legend word for the second task (dashed line).
    pub task_b: String,
    /// Legend name of the single-task baselines (the other model names are not translated).
    pub single_task: String,
    /// Legend note under a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
    pub diverged: String,
    /// Shown on a chart with nothing recorded yet.
    pub no_data: String,
    /// Heatmap x axis.
    pub expert: String,
    /// After a CGC/PLE heatmap's caption: what the `S` columns are (A1, B1: task A's, task B's own).
    pub shared_experts: String,
    /// Heatmap caption word before the entropy: "MMoE · gate entropy 2.61 / 3 bits".
    pub gate_entropy: String,
    pub bits: String,
    /// Colour-scale title of the heatmaps.
    pub gate_weight: String,
    /// Title of the gate-separation plot (y axis).
    pub js_distance: String,
    /// Shown on the gate chart when no OMoE or MMoE races.
    pub no_gated_models: String,
    /// Seesaw x axis.
    pub mtl_gain_a: String,
    /// Seesaw y axis.
    pub mtl_gain_b: String,
    /// Quadrant x > 0, y > 0: positive transfer.
    pub both_gain: String,
    /// The two mixed-sign quadrants: one task better, the other worse.
    pub seesaw: String,
    /// Quadrant x < 0, y < 0: every task worse.
    pub negative_transfer: String,
    /// Shown on the seesaw chart when the single-task baselines do not race.
    pub need_single_task: String,
    /// Shown on the seesaw chart when only single-task baselines race.
    pub need_multi_task: String,
    /// y axis of the conflict chart.
    pub grad_cosine: String,
    /// Label of the shaded region below 0.
    pub conflict: String,
    /// Legend entry for the faint per-batch points.
    pub raw: String,
    /// Legend entry for the smoothed line.
    pub smoothed: String,
    /// Shown on the conflict chart when no model has shared parameters.
    pub no_shared_parameters: String,
    /// Shown on the conflict chart when models with shared parameters have
    /// trained but no gradient reached those parameters (their ReLU units died).
    pub no_shared_gradient: String,
    /// y axis of the weights chart.
    pub loss_weight: String,
    /// Name of fixed weighting (switch markers, caption).
    pub fixed_weighting: String,
    /// Name of uncertainty weighting (Kendall et al. 2018).
    pub uncertainty_weighting: String,
    /// Uncertainty weighting's regression form, after its name in the caption.
    pub uncertainty_regression: String,
    /// Uncertainty weighting's classification form (not used by the correlated tasks).
    pub uncertainty_classification: String,
    /// Name of GradNorm, followed by "α = 1.5".
    pub grad_norm_weighting: String,
    /// Legend note under a model that keeps fixed weights under GradNorm.
    pub fixed_no_shared_layer: String,
    /// y axis of the weights chart's GradNorm part (log scale).
    pub grad_norm_axis: String,
    /// Legend entry for GradNorm's `G_i = ‖∇_W (w_i·L_i)‖` (the thick line).
    pub grad_norm_value: String,
    /// Legend entry for GradNorm's target `Ḡ·r_i^α` (the thin, light line).
    pub grad_norm_target: String,
    /// Legend note: how the GradNorm lines are smoothed.
    pub grad_norm_smoothed: String,
    /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
    pub typeset: Typeset,
}

impl Default for ChartText {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Self {
            step: s("training step"),
            test_loss: s("test loss (MSE, log scale)"),
            auc: s("validation AUC"),
            task_a: s("task A"),
            task_b: s("task B"),
            single_task: s("Single-task"),
            diverged: s("diverged at step {step}"),
            no_data: s("no data yet"),
            expert: s("expert"),
            shared_experts: s("S: shared experts"),
            gate_entropy: s("gate entropy"),
            bits: s("bits"),
            gate_weight: s("mean gate weight"),
            js_distance: s("JS distance between the tasks' gates"),
            no_gated_models: s("no gated model racing: add OMoE, MMoE, CGC or PLE to see gates"),
            mtl_gain_a: s("MTL gain on task A (L_single − L_model)"),
            mtl_gain_b: s("MTL gain on task B"),
            both_gain: s("positive transfer"),
            seesaw: s("seesaw"),
            negative_transfer: s("negative transfer"),
            need_single_task: s("add the single-task baselines to measure MTL gain"),
            need_multi_task: s("add a multi-task model to compare with the baselines"),
            grad_cosine: s("cos(∇L_A, ∇L_B) on shared parameters"),
            conflict: s("conflict: ∇L_A·∇L_B < 0"),
            raw: s("per batch"),
            smoothed: s("smoothed (EMA)"),
            no_shared_parameters: s("single-task networks share no parameters: nothing to conflict"),
            no_shared_gradient: s("no gradient reaches the shared parameters: their units died"),
            loss_weight: s("weight on the task's loss"),
            fixed_weighting: s("fixed weights"),
            uncertainty_weighting: s("uncertainty weighting"),
            uncertainty_regression: s("0.5·e^(−s)·L + 0.5·s (regression form)"),
            uncertainty_classification: s("e^(−s)·L + 0.5·s (classification form)"),
            grad_norm_weighting: s("GradNorm"),
            fixed_no_shared_layer: s("fixed (no shared layer)"),
            grad_norm_axis: s("gradient norm (log)"),
            grad_norm_value: s("G_i = ‖∇(w_i·L_i)‖"),
            grad_norm_target: s("target Ḡ·r_i^α"),
            grad_norm_smoothed: s("smoothed over ~10 records"),
            typeset: Typeset::En,
        }
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

    /// Parses the page's JSON; empty text or `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        words_from_json(json)
    }
}

/// `template` with `value` in place of every `{name}`: a chart word that holds
/// a number puts it where its language wants it ("± std over {n} seeds",
/// "误差线：± 标准差（{n} 个随机种子）"), never glued on before or after.
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

/// A chart-words struct from the page's JSON: empty text or `null` gives the
/// English defaults, missing keys keep theirs, unknown keys are refused (each
/// struct's `deny_unknown_fields`).
pub fn words_from_json<T: serde::de::DeserializeOwned + Default>(json: &str) -> Result<T, serde_json::Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    serde_json::from_str(trimmed)
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
