//! Every word the three watch-time charts draw (YouTube's weighted
//! cross-entropy and hand-set loss weights), as one serde struct with English
//! defaults.
//!
//! Works as [`FunnelChartText`](crate::plot::FunnelChartText) does: the page passes its
//! language's version as a plain object, missing keys keep their English
//! default and unknown keys are refused. Unlike the funnel's paper names, the
//! model names here are plain words and are translated too.

use crate::models::watch::WatchKind;
use crate::plot::Typeset;
use serde::{Deserialize, Serialize};

/// The strings on the trade-off chart, the odds chart and the loss-weight sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchChartText {
    /// Shown on a chart with nothing recorded yet.
    pub no_data: String,
    /// After a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
    pub diverged: String,
    /// Model name: BCE on the click, ranked by pCTR.
    pub ctr_model: String,
    /// Model name: YouTube's weighted cross-entropy, ranked by the odds.
    pub weighted_ce: String,
    /// Model name: click and finish towers, w·L_click + (1 − w)·L_finish.
    pub two_tasks: String,

    /// x axis of the trade-off and sweep charts.
    pub clicks_captured: String,
    /// y axis of the trade-off and sweep charts.
    pub watch_captured: String,
    /// Caption of both charts; `{top}` becomes the share looked at ("10 %").
    pub captured_scope: String,
    /// Label of the dashed lines at 1.
    pub oracle: String,
    /// Caption of the trade-off chart: what the faint lines are.
    pub trail: String,

    /// x axis of the odds chart.
    pub expected_watch_axis: String,
    /// y axis of the odds chart.
    pub odds_axis: String,
    /// Caption of the odds chart: what a point is.
    pub odds_scope: String,
    /// The diagonal.
    pub odds_equal_watch: String,
    /// The second series: E[T·click]/(1 − P(click)), the odds' optimum.
    pub optimum: String,
    /// Caption before the ratio: "mean odds ÷ mean expected watch time ×1.12".
    pub odds_ratio: String,
    /// Caption before the optimum's ratio: "(optimum ×1.11)".
    pub optimum_ratio: String,
    /// Caption: why the ratio exceeds 1.
    pub overshoot: String,
    /// Shown on the odds chart when weighted CE does not race.
    pub need_weighted_ce: String,

    /// Caption of the sweep chart: what a point is.
    pub sweep_scope: String,
    /// Label after the chapter's weight, "w = 0.3".
    pub chapter_weight: String,
    /// Caption of the sweep chart: what the diamonds are.
    pub reference: String,
    /// Shown on the sweep chart before its first run ends.
    pub no_results: String,
    /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
    pub typeset: Typeset,
}

impl Default for WatchChartText {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Self {
            no_data: s("no data yet"),
            diverged: s("diverged at step {step}"),
            ctr_model: s("CTR"),
            weighted_ce: s("Weighted CE"),
            two_tasks: s("Two tasks"),
            clicks_captured: s("share of clicks captured"),
            watch_captured: s("share of watch time captured"),
            captured_scope: s("each user's top {top} by the model's score, against the oracle's top {top} (1 = the oracle)"),
            oracle: s("oracle"),
            trail: s("faint line: the model's path during training"),
            expected_watch_axis: s("true expected watch time E[T·click] (min, log scale)"),
            odds_axis: s("odds e^logit (log scale)"),
            odds_scope: s("each point: a tenth of the test impressions, by weighted CE's odds"),
            odds_equal_watch: s("odds = expected watch time"),
            optimum: s("optimum E[T·click]/(1 − P)"),
            odds_ratio: s("mean odds ÷ mean expected watch time"),
            optimum_ratio: s("optimum"),
            overshoot: s("per impression the odds are about 1/(1 − P(click)) × the watch time; more overall"),
            need_weighted_ce: s("add Weighted CE to see its odds"),
            sweep_scope: s("Two tasks trained once per w on w·L_click + (1 − w)·L_finish"),
            chapter_weight: s("the chapter's"),
            reference: s("diamonds: the other models on the same world and seed"),
            no_results: s("no results yet: the sweep's first run is training"),
            typeset: Typeset::En,
        }
    }
}

impl WatchChartText {
    /// The note after a model that diverged at `step`: "diverged at step 790".
    pub fn diverged_at(&self, step: usize) -> String {
        crate::plot::text::fill(&self.diverged, "step", &step.to_string())
    }

    /// The legend name of a model.
    pub fn model(&self, kind: WatchKind) -> &str {
        match kind {
            WatchKind::Ctr => &self.ctr_model,
            WatchKind::WeightedCe => &self.weighted_ce,
            WatchKind::TwoTasks => &self.two_tasks,
        }
    }

    /// The caption of the captured-share charts, with `top_fraction` as a
    /// percentage in place of `{top}`.
    pub fn scope(&self, top_fraction: f64) -> String {
        let top = self.typeset.percent(top_fraction, 0);
        self.captured_scope.replace("{top}", &top)
    }

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
        let t = WatchChartText::from_json(r#"{"weighted_ce": "加权交叉熵"}"#).unwrap();
        assert_eq!(t.model(WatchKind::WeightedCe), "加权交叉熵");
        assert_eq!(t.model(WatchKind::Ctr), "CTR");
        assert!(WatchChartText::from_json(r#"{"title": "x"}"#).is_err());
        assert!(WatchChartText::from_json(r#"{"oracle": 1}"#).is_err());
        assert_eq!(WatchChartText::from_json("null").unwrap(), WatchChartText::default());
    }

    #[test]
    fn the_scope_names_the_share_looked_at() {
        let t = WatchChartText::default();
        assert!(t.scope(0.1).starts_with("each user's top 10 % by"));
        assert!(t.scope(0.25).contains("oracle's top 25 %"));
    }
}
