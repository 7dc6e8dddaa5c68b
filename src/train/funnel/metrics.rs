//! Funnel metrics: exact AUC, the paper's CVR AUC on clicked impressions and the
//! entire-space CVR AUC only synthetic data allows (against the counterfactual
//! conversions), mean predicted CVR against the truth, and reliability bins.

use crate::data::FunnelData;
use crate::models::funnel::FunnelKind;
use serde::{Deserialize, Serialize};
use std::ops::Range;

pub use crate::train::auc::auc;

/// One reliability bin: impressions grouped by predicted pCVR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    pub count: usize,
    pub mean_predicted: f64,
    /// Mean of the true pCVR behind the draws.
    pub mean_true: f64,
}

/// A model's funnel metrics over some impressions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunnelMetrics {
    pub ctr_auc: Option<f64>,
    pub ctcvr_auc: Option<f64>,
    /// pCVR against conversions on clicked impressions only (the paper's protocol).
    pub cvr_auc_clicked: Option<f64>,
    /// pCVR against every impression's (counterfactual) conversion.
    pub cvr_auc_entire: Option<f64>,
    /// Mean pCVR over all impressions …
    pub mean_pcvr: f64,
    /// … and the mean true pCVR it should match.
    pub true_mean_cvr: f64,
    /// Mean |pCVR − true pCVR| over all impressions.
    pub cvr_abs_error: f64,
    /// Equal-count bins of predicted pCVR (deciles) with the true mean in each.
    pub calibration: Vec<CalibrationBin>,
}

/// Predictions of one model over a range of rows: pCTR, pCVR, pCTCVR per row.
pub struct Predictions {
    pub pctr: Vec<f64>,
    pub pcvr: Vec<f64>,
    pub pctcvr: Vec<f64>,
}

const CALIBRATION_BINS: usize = 10;

impl FunnelMetrics {
    /// Scores `pred` against `rows` of `data`.
    pub fn compute(pred: &Predictions, data: &FunnelData, rows: Range<usize>) -> Self {
        let click: Vec<bool> = data.click[rows.clone()].iter().map(|&v| v > 0.5).collect();
        let conversion: Vec<bool> = data.conversion[rows.clone()].iter().map(|&v| v > 0.5).collect();
        let ctcvr: Vec<bool> = data.ctcvr[rows.clone()].iter().map(|&v| v > 0.5).collect();
        let true_cvr: Vec<f64> = data.true_cvr[rows].iter().map(|&v| v as f64).collect();
        let clicked: Vec<usize> = (0..click.len()).filter(|&i| click[i]).collect();
        let clicked_scores: Vec<f64> = clicked.iter().map(|&i| pred.pcvr[i]).collect();
        let clicked_labels: Vec<bool> = clicked.iter().map(|&i| conversion[i]).collect();
        let n = true_cvr.len().max(1) as f64;
        Self {
            ctr_auc: auc(&pred.pctr, &click),
            ctcvr_auc: auc(&pred.pctcvr, &ctcvr),
            cvr_auc_clicked: auc(&clicked_scores, &clicked_labels),
            cvr_auc_entire: auc(&pred.pcvr, &conversion),
            mean_pcvr: pred.pcvr.iter().sum::<f64>() / n,
            true_mean_cvr: true_cvr.iter().sum::<f64>() / n,
            cvr_abs_error: pred.pcvr.iter().zip(&true_cvr).map(|(p, t)| (p - t).abs()).sum::<f64>() / n,
            calibration: calibration(&pred.pcvr, &true_cvr, CALIBRATION_BINS),
        }
    }
}

/// Equal-count bins of `predicted` (sorted), each with its mean prediction and truth.
pub fn calibration(predicted: &[f64], truth: &[f64], bins: usize) -> Vec<CalibrationBin> {
    let order = crate::order::ascending(predicted);
    let n = order.len();
    (0..bins)
        .map(|b| &order[b * n / bins..(b + 1) * n / bins])
        .filter(|chunk| !chunk.is_empty())
        .map(|chunk| {
            let k = chunk.len() as f64;
            CalibrationBin {
                count: chunk.len(),
                mean_predicted: chunk.iter().map(|&i| predicted[i]).sum::<f64>() / k,
                mean_true: chunk.iter().map(|&i| truth[i]).sum::<f64>() / k,
            }
        })
        .collect()
}

/// Binary cross-entropy of probability `p` (kept inside [1e-7, 1 − 1e-7]) against `y`.
fn bce(p: f64, y: f64) -> f64 {
    let p = p.clamp(1e-7, 1.0 - 1e-7);
    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
}

/// Each part's training objective (see the models' `train`) measured on
/// `rows`: what early stopping watches on the held-out training data.
pub fn objectives(kind: FunnelKind, pred: &Predictions, data: &FunnelData, rows: Range<usize>) -> [f64; 2] {
    let (click, ctcvr) = (&data.click[rows.clone()], &data.ctcvr[rows]);
    let mean = |f: &dyn Fn(usize) -> Option<f64>| {
        let (sum, count) = (0..click.len()).filter_map(f).fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
        sum / count.max(1) as f64
    };
    let l_ctr = mean(&|i| Some(bce(pred.pctr[i], click[i] as f64)));
    let l_ctcvr = mean(&|i| Some(bce(pred.pctcvr[i], ctcvr[i] as f64)));
    match kind {
        FunnelKind::Base => [l_ctr, mean(&|i| (click[i] > 0.5).then(|| bce(pred.pcvr[i], ctcvr[i] as f64)))],
        FunnelKind::Division => [l_ctr, l_ctcvr],
        FunnelKind::EsmmNs | FunnelKind::Esmm => [l_ctr + l_ctcvr, 0.0],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_against_hand_computed_values() {
        // perfect and reversed rankings
        assert_eq!(auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]), Some(1.0));
        assert_eq!(auc(&[0.9, 0.8, 0.2, 0.1], &[false, false, true, true]), Some(0.0));
        // positives {0.35, 0.8}, negatives {0.1, 0.4}: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 → 3/4
        assert_eq!(auc(&[0.1, 0.35, 0.4, 0.8], &[false, true, false, true]), Some(0.75));
        // one tie between a positive and a negative counts ½:
        // positives {0.5, 0.9}, negatives {0.5, 0.2}: 0.5 vs 0.5 → ½, 0.5>0.2, 0.9>both → 3.5/4
        assert_eq!(auc(&[0.5, 0.5, 0.2, 0.9], &[true, false, false, true]), Some(0.875));
        // all scores equal: ½
        assert_eq!(auc(&[0.3; 5], &[true, false, true, false, false]), Some(0.5));
        // one class only
        assert_eq!(auc(&[0.1, 0.2], &[true, true]), None);
    }

    #[test]
    fn calibration_bins_split_evenly() {
        let p: Vec<f64> = (0..20).map(|i| i as f64 / 20.0).collect();
        let bins = calibration(&p, &p, 4);
        assert_eq!(bins.iter().map(|b| b.count).collect::<Vec<_>>(), [5, 5, 5, 5]);
        assert!((bins[0].mean_predicted - 0.1).abs() < 1e-12 && bins[0].mean_true == bins[0].mean_predicted);
    }
}
