//! Every word the three funnel charts draw (the ESMM lab), as one serde struct
//! with English defaults.
//!
//! Works as [`ChartText`](crate::plot::ChartText) does for the correlated-task charts:
//! the page passes its language's version as a plain object, missing keys keep
//! their English default and unknown keys are refused. The model names (BASE,
//! DIVISION, ESMM-NS, ESMM) are the paper's and are not translated.

use crate::plot::Typeset;
use serde::{Deserialize, Serialize};

/// The strings on the funnel picture, the CVR AUC chart and the calibration chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FunnelChartText {
    /// x axis of the CVR AUC chart.
    pub step: String,
    /// Shown on a chart with nothing recorded yet.
    pub no_data: String,
    /// Legend note under a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
    pub diverged: String,
    /// Legend note under a model early stopping stopped, the step as `{step}`: "early-stopped at step {step}".
    pub stopped: String,

    /// Funnel stage: "300,000 impressions".
    pub impressions: String,
    /// Funnel stage: "24,012 clicks (8.0 %)".
    pub clicks: String,
    /// Funnel stage: "1,903 conversions (7.9 % of clicks)".
    pub conversions: String,
    /// The conversion rate among clicks, as `{pct}`: "{pct} of clicks".
    pub of_clicks: String,
    /// The counterfactual stage: "+ 9,512 conversions the unclicked impressions would have had".
    pub unclicked_conversions: String,
    /// The counterfactual conversion rate among unclicked impressions, as `{pct}`: "{pct} of them" (them: the unclicked impressions).
    pub of_unclicked: String,
    /// Note on the counterfactual bar.
    pub counterfactual: String,
    /// Tag on the impressions bar: ESMM's training space.
    pub esmm_space: String,
    /// Tag on the clicks bar: BASE's CVR training space.
    pub base_space: String,
    /// Caption of the funnel's count axis.
    pub count_log_scale: String,

    /// y axis of the CVR AUC chart.
    pub cvr_auc: String,
    /// Legend: the solid line, CVR AUC against every impression's (counterfactual) conversion.
    pub entire_space: String,
    /// Legend: the dashed line, CVR AUC on clicked impressions only.
    pub clicked_only: String,
    /// Legend: the marker where early stopping stopped a model.
    pub early_stop: String,

    /// x axis of the calibration chart.
    pub predicted_pcvr: String,
    /// y axis of the calibration chart.
    pub true_pcvr: String,
    /// Caption of the calibration chart: what a point is.
    pub calibration_scope: String,
    /// The diagonal.
    pub perfectly_calibrated: String,
    /// Legend: the large dot at (mean pCVR, true mean CVR) over all impressions.
    pub overall_mean: String,
    /// Caption before the true mean: "true mean CVR 0.037 · BASE 0.068 · ESMM 0.037".
    pub true_mean_cvr: String,
    /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
    pub typeset: Typeset,
}

impl Default for FunnelChartText {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Self {
            step: s("training step"),
            no_data: s("no data yet"),
            diverged: s("diverged at step {step}"),
            stopped: s("early-stopped at step {step}"),
            impressions: s("impressions"),
            clicks: s("clicks"),
            conversions: s("conversions"),
            of_clicks: s("{pct} of clicks"),
            unclicked_conversions: s("conversions the unclicked impressions would have had"),
            of_unclicked: s("{pct} of them"),
            counterfactual: s("counterfactual: known only in this synthetic world"),
            esmm_space: s("ESMM learns over all impressions"),
            base_space: s("BASE's CVR net learns over clicks only"),
            count_log_scale: s("count (bar length on a log scale)"),
            cvr_auc: s("CVR AUC"),
            entire_space: s("entire space (truth)"),
            clicked_only: s("clicked only (paper)"),
            early_stop: s("early stop"),
            predicted_pcvr: s("mean predicted pCVR (log scale)"),
            true_pcvr: s("mean true pCVR (log scale)"),
            calibration_scope: s("each point: a tenth of the test impressions, clicked or not, by the model's pCVR"),
            perfectly_calibrated: s("perfectly calibrated"),
            overall_mean: s("mean over all"),
            true_mean_cvr: s("true mean CVR"),
            typeset: Typeset::En,
        }
    }
}

impl FunnelChartText {
    /// Parses the page's JSON; empty text or `null` gives the defaults.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        crate::plot::text::words_from_json(json)
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
