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

use crate::plot::words::chart_words;

chart_words! {
    /// The strings on the trade-off chart, the odds chart and the loss-weight sweep.
    pub struct WatchChartText {
        /// Shown on a chart with nothing recorded yet.
        no_data = "no data yet",
        /// After a model whose loss stopped being finite, the step as `{step}`: "diverged at step {step}".
        diverged = "diverged at step {step}",
        /// Model name: BCE on the click, ranked by pCTR.
        ctr_model = "CTR",
        /// Model name: YouTube's weighted cross-entropy, ranked by the odds.
        weighted_ce = "Weighted CE",
        /// Model name: click and finish towers, w·L_click + (1 − w)·L_finish.
        two_tasks = "Two tasks",

        /// x axis of the trade-off and sweep charts.
        clicks_captured = "share of clicks captured",
        /// y axis of the trade-off and sweep charts.
        watch_captured = "share of watch time captured",
        /// Caption of both charts; `{top}` becomes the share looked at ("10 %").
        captured_scope = "each user's top {top} by the model's score, against the oracle's top {top} (1 = the oracle)",
        /// Label of the dashed lines at 1.
        oracle = "oracle",
        /// Caption of the trade-off chart: what the faint lines are.
        trail = "faint line: the model's path during training",

        /// x axis of the odds chart.
        expected_watch_axis = "true expected watch time E[T·click] (min, log scale)",
        /// y axis of the odds chart.
        odds_axis = "odds e^logit (log scale)",
        /// Caption of the odds chart: what a point is.
        odds_scope = "each point: a tenth of the test impressions, by weighted CE's odds",
        /// The diagonal.
        odds_equal_watch = "odds = expected watch time",
        /// The second series: E[T·click]/(1 − P(click)), the odds' optimum.
        optimum = "optimum E[T·click]/(1 − P)",
        /// Caption before the ratio: "mean odds ÷ mean expected watch time ×1.12".
        odds_ratio = "mean odds ÷ mean expected watch time",
        /// Caption before the optimum's ratio: "(optimum ×1.11)".
        optimum_ratio = "optimum",
        /// Caption: why the ratio exceeds 1.
        overshoot = "per impression the odds are about 1/(1 − P(click)) × the watch time; more overall",
        /// Shown on the odds chart when weighted CE does not race.
        need_weighted_ce = "add Weighted CE to see its odds",

        /// Caption of the sweep chart: what a point is.
        sweep_scope = "Two tasks trained once per w on w·L_click + (1 − w)·L_finish",
        /// Label after the chapter's weight, "w = 0.3".
        chapter_weight = "the chapter's",
        /// Caption of the sweep chart: what the diamonds are.
        reference = "diamonds: the other models on the same world and seed",
        /// Shown on the sweep chart before its first run ends.
        no_results = "no results yet: the sweep's first run is training",
        /// How this language sets numbers and punctuation around the words (`"en"`, `"zh"`).
        typeset: Typeset = Typeset::En,
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
