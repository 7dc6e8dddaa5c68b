//! Watch-time metrics over the test impressions, grouped per user (a feed is
//! ranked per user):
//!
//! - **top watch share**: per user, the top `fraction` (10 %) of that user's
//!   test impressions by the model's score; sum the true `E[T·click]` over
//!   them; divide by the same sum over the oracle's top (the oracle ranks by
//!   the true `E[T·click]` itself). Users are pooled by summing numerators and
//!   denominators, so a user counts in proportion to the watch time at stake.
//!   1 is the oracle's ranking; lower is watch time left on the table.
//! - **top click share**: the same with the true `P(click)` in place of
//!   `E[T·click]` (the oracle ranks by `P(click)`): expected clicks, not
//!   realised ones, so the share is free of click noise.
//! - **CTR AUC**: the ranking score against the realised clicks, over all test
//!   impressions (for weighted CE the odds, a monotone map of its logit).
//! - **odds calibration** (weighted CE): mean odds against the mean true
//!   `E[T·click]` and against its optimum `E[T·click]/(1 − P(click))`, overall and
//!   in equal-count bins of predicted odds.

use crate::data::WatchData;
use crate::models::watch::WatchKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::train::funnel::metrics::auc;

/// One bin of impressions grouped by predicted odds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OddsBin {
    pub count: usize,
    pub mean_odds: f64,
    /// Mean true E[T·click] (minutes per impression).
    pub mean_expected_watch: f64,
    /// Mean true E[T·click]/(1 − P(click)): what the odds converge to.
    pub mean_optimum: f64,
}

/// How weighted CE's odds compare with the truth.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OddsCalibration {
    /// mean(odds) / mean(E[T·click]): above 1 by about 1/(1 − CTR).
    pub ratio_to_expected_watch: f64,
    /// mean(odds) / mean(E[T·click]/(1 − P)): 1 when the model is at the optimum.
    pub ratio_to_optimum: f64,
    /// Equal-count bins of predicted odds (deciles).
    pub bins: Vec<OddsBin>,
}

/// One model's ranking metrics on the test impressions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WatchMetrics {
    pub top_watch_share: f64,
    pub top_click_share: f64,
    pub ctr_auc: Option<f64>,
    /// Weighted CE only.
    pub odds: Option<OddsCalibration>,
}

/// A point of the trade-off chart: clicks captured against watch time captured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TradeoffPoint {
    pub model: WatchKind,
    pub top_click_share: f64,
    pub top_watch_share: f64,
}

/// What rankings by the truth capture: the ceilings the models are read against.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceShares {
    /// Watch share of the ranking by the true P(click): a perfect CTR model.
    pub true_ctr_watch_share: f64,
    /// Watch and click shares of the ranking by the true E[T·click]/(1 − P):
    /// a perfect weighted-CE model, its 1/(1 − P) bias included.
    pub weighted_optimum_watch_share: f64,
    pub weighted_optimum_click_share: f64,
}

impl ReferenceShares {
    pub fn compute(data: &WatchData, top_fraction: f64) -> Self {
        let test = data.test();
        let groups = &data.user[test.clone()];
        let expected_watch: Vec<f64> = test.clone().map(|i| data.expected_watch(i)).collect();
        let p_click: Vec<f64> = data.true_ctr[test].iter().map(|&p| p as f64).collect();
        let optimum: Vec<f64> = expected_watch.iter().zip(&p_click).map(|(w, p)| w / (1.0 - p)).collect();
        Self {
            true_ctr_watch_share: top_share(&p_click, &expected_watch, groups, top_fraction),
            weighted_optimum_watch_share: top_share(&optimum, &expected_watch, groups, top_fraction),
            weighted_optimum_click_share: top_share(&optimum, &p_click, groups, top_fraction),
        }
    }
}

const ODDS_BINS: usize = 10;

impl WatchMetrics {
    /// Scores one model's test-row `scores` (in `data.test()` order) against the truth.
    pub fn compute(kind: WatchKind, scores: &[f64], data: &WatchData, top_fraction: f64) -> Self {
        let test = data.test();
        let groups = &data.user[test.clone()];
        let expected_watch: Vec<f64> = test.clone().map(|i| data.expected_watch(i)).collect();
        let p_click: Vec<f64> = data.true_ctr[test.clone()].iter().map(|&p| p as f64).collect();
        let clicked: Vec<bool> = data.click[test].iter().map(|&c| c > 0.5).collect();
        Self {
            top_watch_share: top_share(scores, &expected_watch, groups, top_fraction),
            top_click_share: top_share(scores, &p_click, groups, top_fraction),
            ctr_auc: auc(scores, &clicked),
            odds: (kind == WatchKind::WeightedCe).then(|| odds_calibration(scores, &expected_watch, &p_click)),
        }
    }
}

/// `k = max(1, round(fraction·n))` of a group of `n`.
pub fn top_count(n: usize, fraction: f64) -> usize {
    ((fraction * n as f64).round() as usize).clamp(1, n.max(1))
}

/// Σ over groups of `value` on each group's top `fraction` by `score`, divided
/// by the same on each group's top by `value` itself (the oracle). Ties in
/// `score` go to the earlier row. 0 when the oracle's sum is 0.
pub fn top_share(score: &[f64], value: &[f64], groups: &[u32], fraction: f64) -> f64 {
    let mut rows: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &g) in groups.iter().enumerate() {
        rows.entry(g).or_default().push(i);
    }
    let (mut model, mut oracle) = (0.0, 0.0);
    for mut members in rows.into_values() {
        let k = top_count(members.len(), fraction);
        // members are in row order, and the sorts are stable: ties go to the earlier row
        let mut by_value = members.clone();
        crate::order::sort_indices(&mut members, score, true);
        model += members[..k].iter().map(|&i| value[i]).sum::<f64>();
        crate::order::sort_indices(&mut by_value, value, true);
        oracle += by_value[..k].iter().map(|&i| value[i]).sum::<f64>();
    }
    if oracle > 0.0 {
        model / oracle
    } else {
        0.0
    }
}

/// Weighted CE's `odds` against the true `E[T·click]` and `P(click)`.
pub fn odds_calibration(odds: &[f64], expected_watch: &[f64], p_click: &[f64]) -> OddsCalibration {
    let optimum: Vec<f64> = expected_watch.iter().zip(p_click).map(|(w, p)| w / (1.0 - p)).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let order = crate::order::ascending(odds);
    let n = order.len();
    let bins = (0..ODDS_BINS)
        .map(|b| &order[b * n / ODDS_BINS..(b + 1) * n / ODDS_BINS])
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| {
            let k = chunk.len() as f64;
            let avg = |v: &[f64]| chunk.iter().map(|&i| v[i]).sum::<f64>() / k;
            OddsBin { count: chunk.len(), mean_odds: avg(odds), mean_expected_watch: avg(expected_watch), mean_optimum: avg(&optimum) }
        })
        .collect();
    OddsCalibration { ratio_to_expected_watch: mean(odds) / mean(expected_watch), ratio_to_optimum: mean(odds) / mean(&optimum), bins }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_share_by_hand() {
        // one user, 10 rows, top 1: the best value is 9 at row 9
        let value: Vec<f64> = (0..10).map(f64::from).collect();
        let groups = [0u32; 10];
        assert_eq!(top_share(&value, &value, &groups, 0.1), 1.0);
        let reversed: Vec<f64> = value.iter().map(|v| -v).collect();
        assert_eq!(top_share(&reversed, &value, &groups, 0.1), 0.0);
        // top 2 of 10 (fraction 0.2): picks rows 9 and 3 → (9 + 3)/(9 + 8)
        let mut s = vec![0.0; 10];
        (s[9], s[3]) = (2.0, 1.0);
        assert!((top_share(&s, &value, &groups, 0.2) - 12.0 / 17.0).abs() < 1e-12);
        // two users pool sums: user 0 gets 5 of 10, user 1 its best 2 of 2 → 7/12
        let value = [10.0, 5.0, 2.0, 1.0];
        let score = [0.0, 1.0, 1.0, 0.0];
        assert!((top_share(&score, &value, &[0, 0, 1, 1], 0.5) - 7.0 / 12.0).abs() < 1e-12);
        assert_eq!(top_count(40, 0.1), 4);
        assert_eq!(top_count(3, 0.1), 1);
    }

    #[test]
    fn odds_at_the_optimum_have_ratio_one() {
        let w = [0.2, 0.5, 1.0, 0.1];
        let p = [0.1, 0.5, 0.2, 0.05];
        let odds: Vec<f64> = w.iter().zip(&p).map(|(w, p)| w / (1.0 - p)).collect();
        let c = odds_calibration(&odds, &w, &p);
        assert!((c.ratio_to_optimum - 1.0).abs() < 1e-12);
        assert!(c.ratio_to_expected_watch > 1.0);
    }
}
