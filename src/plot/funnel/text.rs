//! Every word the three funnel charts draw (the ESMM lab), as one serde struct
//! with English defaults.
//!
//! Works as [`ChartText`](crate::plot::ChartText) does for the correlated-task charts:
//! the page passes its language's version as a plain object, missing keys keep
//! their English default and unknown keys are refused. The model names (BASE,
//! DIVISION, ESMM-NS, ESMM) are the paper's and are not translated.

use crate::plot::Typeset;

use crate::plot::words::chart_words;

chart_words! {
    /// The strings on the funnel picture, the CVR AUC chart and the calibration chart.
    pub struct FunnelChartText {
        /// x axis of the CVR AUC chart.
        step = "training step",
        /// Shown on a chart with nothing recorded yet.
        no_data = "no data yet",
        /// Legend note under a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
        diverged = "diverged at step {step}",
        /// Legend note under a model early stopping stopped, the step as `{step}`: "early-stopped at step {step}".
        stopped = "early-stopped at step {step}",

        /// Funnel stage: "300,000 impressions".
        impressions = "impressions",
        /// Funnel stage: "24,012 clicks (8.0 %)".
        clicks = "clicks",
        /// Funnel stage: "1,903 conversions (7.9 % of clicks)".
        conversions = "conversions",
        /// The conversion rate among clicks, as `{pct}`: "{pct} of clicks".
        of_clicks = "{pct} of clicks",
        /// The counterfactual stage: "+ 9,512 conversions the unclicked impressions would have had".
        unclicked_conversions = "conversions the unclicked impressions would have had",
        /// The counterfactual conversion rate among unclicked impressions, as `{pct}`: "{pct} of them" (them: the unclicked impressions).
        of_unclicked = "{pct} of them",
        /// Note on the counterfactual bar.
        counterfactual = "counterfactual: known only in this synthetic world",
        /// Tag on the impressions bar: ESMM's training space.
        esmm_space = "ESMM learns over all impressions",
        /// Tag on the clicks bar: BASE's CVR training space.
        base_space = "BASE's CVR net learns over clicks only",
        /// Caption of the funnel's count axis.
        count_log_scale = "count (bar length on a log scale)",

        /// y axis of the CVR AUC chart.
        cvr_auc = "CVR AUC",
        /// Legend: the solid line, CVR AUC against every impression's (counterfactual) conversion.
        entire_space = "entire space (truth)",
        /// Legend: the dashed line, CVR AUC on clicked impressions only.
        clicked_only = "clicked only (paper)",
        /// Legend: the marker where early stopping stopped a model.
        early_stop = "early stop",

        /// x axis of the calibration chart.
        predicted_pcvr = "mean predicted pCVR (log scale)",
        /// y axis of the calibration chart.
        true_pcvr = "mean true pCVR (log scale)",
        /// Caption of the calibration chart: what a point is.
        calibration_scope = "each point: a tenth of the test impressions, clicked or not, by the model's pCVR",
        /// The diagonal.
        perfectly_calibrated = "perfectly calibrated",
        /// Legend: the large dot at (mean pCVR, true mean CVR) over all impressions.
        overall_mean = "mean over all",
        /// Caption before the true mean: "true mean CVR 0.037 · BASE 0.068 · ESMM 0.037".
        true_mean_cvr = "true mean CVR",
        /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
        typeset: Typeset = Typeset::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_keep_english_and_wrong_ones_are_refused() {
        let t = FunnelChartText::from_json(r#"{"clicks": "点击"}"#).unwrap();
        assert_eq!(t.clicks, "点击");
        assert_eq!(t.impressions, "impressions");
        assert!(FunnelChartText::from_json(r#"{"title": "x"}"#).is_err());
        assert!(FunnelChartText::from_json(r#"{"cvr_auc": 5}"#).is_err());
        assert_eq!(FunnelChartText::from_json("null").unwrap(), FunnelChartText::default());
        assert_eq!(FunnelChartText::from_json(" ").unwrap(), FunnelChartText::default());
    }
}
